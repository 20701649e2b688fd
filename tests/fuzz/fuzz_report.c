/* fuzz_report.c - libFuzzer target: hostile strings (file names, messages,
 * help, commit ids) through every output format.  The input is split at NUL
 * bytes into path, message, help, rule and commit. */
#include "config.h"
#include "fuzz.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = mg_xmalloc(size + 1), *part[5] = { "", "", NULL, "rule", NULL };
	size_t i, n = 0, start = 0;
	mg_result r;

	if (size)
		memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0; i <= size && n < MG_ARRAY_SIZE(part); i++) {
		if (buf[i] == '\0') {
			part[n++] = buf + start;
			start = i + 1;
		}
	}
	mg_result_init(&r);
	r.files_checked = size;
	mg_result_add(&r, part[3], size & 1 ? MG_SEV_ERROR : MG_SEV_WARNING, part[0],
		      (int)(size % 1000) + 1, 1, (int)(size % 1000) + 1, 2,
		      part[1], part[2], part[4]);
	mg_result_add_error(&r, part[0], "%s", part[1]);
	mg_result_add_error(&r, NULL, "%s", part[0]);
	mg_result_sort(&r);
	mg_fuzz_render_all(&r);
	mg_result_free(&r);
	free(buf);
	return 0;
}
