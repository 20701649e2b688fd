/* fuzz_config.c - libFuzzer target: a --config file (git-config syntax,
 * read by libgit2, values checked by src/config.c); an error must name the
 * file.  The input is written to a temporary file reused by every run. */
#include "config.h"
#include "fuzz.h"
#include "mgconfig.h"
#include "pipeline.h"
#include "util.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* a fuzz harness may keep process-wide state: one temporary file */
static char path[64];

static void remove_tmp(void)
{
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	mg_options o;
	char *err = NULL;
	FILE *f;

	if (!ready) {
		int fd;
		snprintf(path, sizeof(path), "%s", "/tmp/migguard-fuzz-config.XXXXXX");
		if ((fd = mkstemp(path)) < 0)
			abort();
		close(fd);
		atexit(remove_tmp);
		git_libgit2_init();
		setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
		ready = 1;
	}
	if (!(f = fopen(path, "wb")))
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);

	mg_options_init(&o);
	if (mg_config_load_file(&o, path, &err) < 0) {
		if (!err || strncmp(err, path, strlen(path)) != 0) {
			fprintf(stderr, "fuzz: config error does not name the file: %s\n",
				err ? err : "(null)");
			abort();
		}
	}
	free(err);
	mg_options_free(&o);
	return 0;
}
