/* fuzz_common.c - helpers shared by the fuzz targets (see fuzz.h). */
#include "config.h"
#include "fuzz.h"
#include "report/report.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_output(const char *fmt, const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		int bad = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ||
			  (c == 0xc2 && i + 1 < len &&
			   (unsigned char)buf[i + 1] >= 0x80 && (unsigned char)buf[i + 1] <= 0x9f);
		if (bad) {
			fprintf(stderr, "fuzz: format %s wrote raw control byte 0x%02x at offset %zu\n",
				fmt, c, i);
			abort();
		}
	}
}

void mg_fuzz_render_all(const mg_result *r)
{
	char *names = mg_xstrdup(mg_report_names()), *p = names, *bar;
	mg_report_opts o = { 0, "fuzz" };

	while (p) {
		mg_reporter fn;
		char *buf = NULL;
		size_t len = 0;
		FILE *f;
		int color;

		bar = strchr(p, '|');
		if (bar)
			*bar = '\0';
		if (!(fn = mg_report_find(p))) {
			fprintf(stderr, "fuzz: mg_report_names() lists '%s' but mg_report_find() does not know it\n", p);
			abort();
		}
		for (color = 0; color <= 1; color++) {
			o.color = color;
			if (!(f = open_memstream(&buf, &len)))
				abort();
			if (fn(f, r, &o) < 0) {
				fprintf(stderr, "fuzz: format %s failed\n", p);
				abort();
			}
			fclose(f);
			/* colour escapes are the text reporter's own, on purpose */
			if (!color)
				check_output(p, buf, len);
			free(buf);
			buf = NULL;
		}
		p = bar ? bar + 1 : NULL;
	}
	free(names);
}
