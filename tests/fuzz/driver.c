/* driver.c - a main() for the fuzz targets without libFuzzer: replays
 * files through LLVMFuzzerTestOneInput() so the seed corpus and every
 * regression input run in `make check` with any compiler (and under the
 * sanitizers or valgrind with the rest of the suite).
 *
 * usage: fuzz_X_replay [FILE|DIR...]; without arguments it reads the
 * colon-separated directories of MG_FUZZ_SEEDS (relative to $TOP_SRCDIR;
 * missing ones are skipped, but at least one input must be found). */
#include "config.h"
#include "fuzz.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int replay(const char *path, size_t *count)
{
	struct stat sb;

	if (stat(path, &sb) < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(sb.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		int rc = 0;

		if (!d) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			return -1;
		}
		while ((de = readdir(d)) != NULL) {
			char *child;
			if (de->d_name[0] == '.')
				continue;
			child = mg_xasprintf("%s/%s", path, de->d_name);
			if (replay(child, count) < 0)
				rc = -1;
			free(child);
		}
		closedir(d);
		return rc;
	} else {
		char *data;
		size_t len;

		if (mg_read_file(path, &data, &len) < 0) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			return -1;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		free(data);
		(*count)++;
		return 0;
	}
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int rc = 0, i;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			if (replay(argv[i], &count) < 0)
				rc = 1;
	} else {
		const char *top = getenv("TOP_SRCDIR");
		char *seeds = mg_xstrdup(MG_FUZZ_SEEDS), *p = seeds, *colon;

		if (!top)
			top = ".";
		while (p && *p) {
			char *dir;
			colon = strchr(p, ':');
			if (colon)
				*colon = '\0';
			dir = mg_xasprintf("%s/%s", top, p);
			/* a target may have no regression inputs yet */
			if (access(dir, F_OK) == 0 && replay(dir, &count) < 0)
				rc = 1;
			free(dir);
			p = colon ? colon + 1 : NULL;
		}
		free(seeds);
	}
	printf("%zu inputs replayed\n", count);
	if (count == 0) {
		fprintf(stderr, "no inputs found\n");
		rc = 1;
	}
	return rc;
}
