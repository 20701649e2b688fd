/* test_parsecache.c - the parse cache (lint.h): a blob's parse is reused
 * across change sets, never its findings, and only for the same text. */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "util.h"

#define OID_T   "1111111111111111111111111111111111111111"
#define OID_IDX "2222222222222222222222222222222222222222"

/* A cache that keeps texts of any length (the tests' are short). */
static mg_parse_cache *cache_new(size_t max_bytes, size_t max_entries)
{
	mg_parse_cache *c = mg_parse_cache_new(max_bytes, max_entries);

	mg_parse_cache_set_min_len(c, 0);
	return c;
}

static void add(mg_changeset *cs, const char *path, const char *oid, const char *sql)
{
	mg_file_change *f = mg_changeset_add_file(cs, path, MG_ADDED);

	f->data = mg_xstrdup(sql);
	f->len = strlen(sql);
	if (oid)
		snprintf(f->oid, sizeof(f->oid), "%s", oid);
}

/* The sorted findings and errors of r, one line each. */
static char *render(mg_result *r)
{
	mg_buf b = MG_BUF_INIT;
	size_t i;
	char line[1024];

	mg_result_sort(r);
	for (i = 0; i < r->nfindings; i++) {
		const mg_finding *f = &r->findings[i];
		snprintf(line, sizeof(line), "%s:%d:%d-%d:%d %s %s: %s\n", f->path, f->line,
			 f->column, f->end_line, f->end_column, f->rule,
			 mg_severity_name(f->severity), f->message);
		mg_buf_put(&b, line, strlen(line));
	}
	for (i = 0; i < r->nerrors; i++) {
		snprintf(line, sizeof(line), "error %s: %s\n", r->errors[i].path ? r->errors[i].path : "-",
			 r->errors[i].message);
		mg_buf_put(&b, line, strlen(line));
	}
	snprintf(line, sizeof(line), "files %zu\n", r->files_checked);
	mg_buf_put(&b, line, strlen(line));
	return mg_buf_detach(&b);
}

static char *lint(const mg_lint_opts *o, const mg_changeset *cs)
{
	mg_result r;
	char *s;

	mg_result_init(&r);
	mg_lint_changeset(o, cs, &r);
	s = render(&r);
	mg_result_free(&r);
	return s;
}

/* The same blob (an index on t) after a file creating t, and alone: the
 * cached parse must not carry over that t was new. */
static void test_context_not_cached(void **state)
{
	mg_lint_opts o;
	mg_changeset with, alone;
	mg_parse_cache *c = cache_new(MG_PARSE_CACHE_DEFAULT_BYTES,
					       MG_PARSE_CACHE_DEFAULT_ENTRIES);
	mg_parse_cache_stats st;
	char *a, *b, *a2;
	int order;

	(void)state;
	mg_changeset_init(&with);
	mg_changeset_init(&alone);
	add(&with, "db/001_t.sql", OID_T, "CREATE TABLE t (x bigint);\n");
	add(&with, "db/002_idx.sql", OID_IDX, "CREATE INDEX i ON t (x);\n");
	add(&alone, "db/002_idx.sql", OID_IDX, "CREATE INDEX i ON t (x);\n");
	for (order = 0; order < 2; order++) {
		mg_lint_opts_init(&o);
		o.parse_cache = c;
		if (order == 0) {
			a = lint(&o, &with);
			b = lint(&o, &alone);
		} else {
			b = lint(&o, &alone);
			a = lint(&o, &with);
		}
		assert_string_equal(a, "files 2\n");
		assert_string_equal(b, "db/002_idx.sql:1:1-1:24 require-concurrent-index-creation "
				    "error: CREATE INDEX without CONCURRENTLY takes a SHARE lock on "
				    "\"t\", which blocks writes while the index builds\n"
				    "db/002_idx.sql:1:1-1:24 require-lock-timeout warning: no "
				    "lock_timeout is set before this statement requests a SHARE lock "
				    "on \"t\": while it waits behind running queries, every new query "
				    "on the table queues behind it (the lock blocks writes)\n"
				    "db/002_idx.sql:1:1-1:24 require-statement-timeout warning: no "
				    "statement_timeout is set before this statement holds a SHARE lock "
				    "on \"t\", which blocks writes for as long as it runs, with no "
				    "upper bound\nfiles 1\n");
		free(a);
		free(b);
	}
	mg_parse_cache_get_stats(c, &st);
	assert_int_equal(st.entries, 2);
	assert_int_equal(st.hits, 4);    /* the second change set, each time */
	assert_int_equal(st.misses, 2);
	/* the same without the cache */
	mg_lint_opts_init(&o);
	a2 = lint(&o, &with);
	assert_string_equal(a2, "files 2\n");
	free(a2);
	mg_parse_cache_free(c);
	mg_changeset_free(&with);
	mg_changeset_free(&alone);
}

/* One blob id, two texts (a placeholder pattern replaced in one change set
 * and not in the other): each text is parsed for itself. */
static void test_same_oid_other_text(void **state)
{
	mg_lint_opts o;
	mg_changeset x, y;
	mg_parse_cache *c = cache_new(MG_PARSE_CACHE_DEFAULT_BYTES,
					       MG_PARSE_CACHE_DEFAULT_ENTRIES);
	mg_parse_cache_stats st;
	char *a, *b;

	(void)state;
	mg_lint_opts_init(&o);
	o.parse_cache = c;
	mg_changeset_init(&x);
	mg_changeset_init(&y);
	add(&x, "db/003.sql", OID_T, "DROP TABLE alpha;\n");
	add(&y, "db/003.sql", OID_T, "DROP TABLE gamma;\n");   /* same length */
	a = lint(&o, &x);
	b = lint(&o, &y);
	assert_non_null(strstr(a, "alpha"));
	assert_null(strstr(a, "gamma"));
	assert_non_null(strstr(b, "gamma"));
	assert_null(strstr(b, "alpha"));
	mg_parse_cache_get_stats(c, &st);
	assert_int_equal(st.entries, 2);
	assert_int_equal(st.hits, 0);
	free(a);
	free(b);
	mg_parse_cache_free(c);
	mg_changeset_free(&x);
	mg_changeset_free(&y);
}

/* Files on disk (no blob id) are never cached; a full cache keeps nothing
 * more and the findings stay the same. */
static void test_disk_files_and_full(void **state)
{
	mg_lint_opts o;
	mg_changeset d, g;
	mg_parse_cache *c = cache_new(MG_PARSE_CACHE_DEFAULT_BYTES,
					       MG_PARSE_CACHE_DEFAULT_ENTRIES);
	mg_parse_cache *tiny = cache_new(1000, MG_PARSE_CACHE_DEFAULT_ENTRIES);
	mg_parse_cache *one = cache_new(MG_PARSE_CACHE_DEFAULT_BYTES, 1);
	mg_parse_cache_stats st;
	char *a, *b, *ref;
	int pass;

	(void)state;
	mg_lint_opts_init(&o);
	o.parse_cache = c;
	mg_changeset_init(&d);
	mg_changeset_init(&g);
	add(&d, "db/001.sql", NULL, "DROP TABLE a;\n");
	add(&g, "db/001.sql", OID_T, "DROP TABLE a;\n");
	add(&g, "db/002.sql", OID_IDX, "DROP TABLE b;\n");
	a = lint(&o, &d);
	b = lint(&o, &d);
	assert_string_equal(a, b);
	mg_parse_cache_get_stats(c, &st);
	assert_int_equal(st.entries, 0);
	assert_int_equal(st.hits + st.misses, 0);
	free(a);
	free(b);

	mg_lint_opts_init(&o);
	ref = lint(&o, &g);
	for (pass = 0; pass < 2; pass++) {
		o.parse_cache = tiny;
		a = lint(&o, &g);
		assert_string_equal(a, ref);
		free(a);
		o.parse_cache = one;
		a = lint(&o, &g);
		assert_string_equal(a, ref);
		free(a);
	}
	mg_parse_cache_get_stats(tiny, &st);
	assert_int_equal(st.entries, 0);
	assert_int_equal(st.full, 4);
	mg_parse_cache_get_stats(one, &st);
	assert_int_equal(st.entries, 1);
	assert_int_equal(st.hits, 1);
	assert_int_equal(st.full, 2);
	free(ref);
	mg_parse_cache_free(c);
	mg_parse_cache_free(tiny);
	mg_parse_cache_free(one);
	mg_parse_cache_free(NULL);

	/* by default, texts under MG_PARSE_CACHE_MIN_LEN bytes are not kept */
	c = mg_parse_cache_new(MG_PARSE_CACHE_DEFAULT_BYTES, MG_PARSE_CACHE_DEFAULT_ENTRIES);
	o.parse_cache = c;
	a = lint(&o, &g);
	mg_parse_cache_get_stats(c, &st);
	assert_int_equal(st.entries + st.hits + st.misses, 0);
	free(a);
	mg_changeset_free(&g);
	mg_changeset_init(&g);
	{
		char big[MG_PARSE_CACHE_MIN_LEN + 64];
		memset(big, '-', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		memcpy(big, "DROP TABLE a;\n", 14);   /* then a long comment */
		add(&g, "db/001.sql", OID_T, big);
		big[MG_PARSE_CACHE_MIN_LEN - 2] = '\0'; /* one byte short */
		add(&g, "db/002.sql", OID_IDX, big);
	}
	a = lint(&o, &g);
	b = lint(&o, &g);
	assert_string_equal(a, b);
	mg_parse_cache_get_stats(c, &st);
	assert_int_equal(st.entries, 1);
	assert_int_equal(st.hits, 1);
	free(a);
	free(b);
	mg_parse_cache_free(c);
	mg_changeset_free(&d);
	mg_changeset_free(&g);
}

/* Many files (parsed ahead on the other cores when there are some), some
 * blobs twice in one change set, goose files split in up and down: the
 * findings with the cache, cold and warm, are those without it. */
static void test_many_files(void **state)
{
	static const char *const texts[] = {
		"CREATE TABLE t%d (x int);\nCREATE INDEX ON t%d (x);\n",
		"ALTER TABLE t%d ADD COLUMN y int NOT NULL;\n",
		"CREATE INDEX i%d ON big (x);\nDROP TABLE t%d;\n",
		"-- +goose Up\nCREATE INDEX i%d ON t%d (x);\n-- +goose Down\nDROP TABLE t%d;\n",
		"SELECT 1 FROM t%d WHERE;\nDROP TABLE t%d;\n",
		"ALTER TABLE t%d RENAME TO u%d;\nCREATE INDEX ON u%d (x);\n",
	};
	mg_lint_opts o;
	mg_changeset cs;
	mg_parse_cache *c = cache_new(MG_PARSE_CACHE_DEFAULT_BYTES,
					       MG_PARSE_CACHE_DEFAULT_ENTRIES);
	mg_parse_cache_stats st;
	char *ref, *cold, *warm, path[64], oid[41], sql[256];
	int i, indep;

	(void)state;
	mg_changeset_init(&cs);
	for (i = 0; i < 90; i++) {
		int k = i % 6, n = (i / 6) % 5;   /* 30 distinct texts, each three times */
		snprintf(path, sizeof(path), "db/migrations/%03d_m.sql", i);
		snprintf(oid, sizeof(oid), "%040d", k * 10 + n);
		snprintf(sql, sizeof(sql), texts[k], n, n, n);
		add(&cs, path, oid, sql);
	}
	for (indep = 0; indep < 2; indep++) {
		mg_lint_opts_init(&o);
		o.files_independent = indep;
		ref = lint(&o, &cs);
		o.parse_cache = c;
		cold = lint(&o, &cs);
		warm = lint(&o, &cs);
		assert_string_equal(cold, ref);
		assert_string_equal(warm, ref);
		free(ref);
		free(cold);
		free(warm);
	}
	mg_parse_cache_get_stats(c, &st);
	assert_int_equal(st.entries, 30);
	assert_int_equal(st.hits + st.misses, 4 * 90);
	/* only the first run misses: a file is looked up when it enters the
	 * window of 32 files and its parse kept when it leaves it, so the
	 * files 0-31 and 32-59 (whose text's first copy, 30 files before,
	 * was still in the window) miss, 60-89 hit */
	assert_int_equal(st.misses, 60);
	mg_parse_cache_free(c);
	mg_changeset_free(&cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_context_not_cached),
		cmocka_unit_test(test_same_oid_other_text),
		cmocka_unit_test(test_disk_files_and_full),
		cmocka_unit_test(test_many_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
