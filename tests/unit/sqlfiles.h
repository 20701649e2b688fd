/* sqlfiles.h - the unit tests' walk over every SQL text at hand: the
 * fixtures, the fuzz seeds and, when it is there, the shared corpus
 * (../shared/corpus beside the source tree; skipped when absent).
 * Header-only; needs MG_TOP_SRCDIR. */
#ifndef MG_TEST_SQLFILES_H
#define MG_TEST_SQLFILES_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Called with each file's path and NUL-terminated content. */
typedef void (*mg_test_sql_fn)(const char *path, const char *text, size_t len);

/* nftw() passes no user data: the walk's callback, one walk at a time */
static mg_test_sql_fn mg_test_sql_visit_fn;

static int mg_test_sql_visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	FILE *f;
	char *buf;
	size_t len;

	(void)ftw;
	if (type != FTW_F || strlen(path) < 4 || strcmp(path + strlen(path) - 4, ".sql") ||
	    sb->st_size > 4 * 1024 * 1024)
		return 0;
	if (!(f = fopen(path, "rb")))
		return 0;
	buf = malloc((size_t)sb->st_size + 1);
	if (!buf) {
		fclose(f);
		return 0;
	}
	len = fread(buf, 1, (size_t)sb->st_size, f);
	buf[len] = '\0';
	fclose(f);
	mg_test_sql_visit_fn(path, buf, len);
	free(buf);
	return 0;
}

/* Calls fn on every *.sql file (up to 4 MB) below the fixtures, the fuzz
 * seeds and the shared corpus. */
static void mg_test_each_sql(mg_test_sql_fn fn)
{
	static const char *const dirs[] = {
		MG_TOP_SRCDIR "/tests/fixtures", MG_TOP_SRCDIR "/tests/fuzz",
		MG_TOP_SRCDIR "/../shared/corpus",
	};
	size_t i;

	mg_test_sql_visit_fn = fn;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		(void)nftw(dirs[i], mg_test_sql_visit, 16, FTW_PHYS);
}

#endif
