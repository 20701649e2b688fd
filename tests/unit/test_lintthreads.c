/* test_lintthreads.c - mg_lint_changeset() on several threads (src/lint.c):
 * the findings and errors, in their order before any sort, are those of
 * linting the files one after the other with mg_lint_file() and one state,
 * on one CPU and on all, with and without files_independent and the parse
 * cache. */
#define _GNU_SOURCE
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "util.h"

/* Texts with tables created, renamed and used across files: %1$d is the
 * file's group; a group's tables are created by a later file than some of
 * the files using them. */
static const char *const texts[] = {
	/* 0: uses the table of group n before file 2 of the group creates it */
	"CREATE INDEX a%1$d ON t%1$d (x);\nALTER TABLE t%1$d ADD COLUMN y int NOT NULL;\n",
	/* 1: creates it, with an index in the same file */
	"CREATE TABLE t%1$d (x bigint);\nCREATE INDEX b%1$d ON t%1$d (x);\n",
	/* 2: uses it again, now new */
	"CREATE INDEX c%1$d ON t%1$d (x);\nALTER TABLE t%1$d ADD COLUMN y int NOT NULL;\n",
	/* 3: renames it: the new name is new for the files after */
	"ALTER TABLE t%1$d RENAME TO u%1$d;\n",
	/* 4: goose, the down part creates a table */
	"-- +goose Up\nCREATE INDEX d%1$d ON u%1$d (x);\nDROP TABLE old%1$d;\n"
	"-- +goose Down\nCREATE TABLE old%1$d (x bigint);\n",
	/* 5: uses the renamed table and the down part's table */
	"CREATE INDEX e%1$d ON u%1$d (x);\nCREATE INDEX f%1$d ON old%1$d (x);\n"
	"CREATE INDEX g%1$d ON public.u%1$d (x);\n",
	/* 6: a syntax error beside a statement that is checked */
	"CREATE INDEX h%1$d ON u%1$d (x)\nSELECT FROM WHERE;\nDROP TABLE u%1$d;\n",
	/* 7: CREATE TABLE AS and a schema-qualified table */
	"CREATE TABLE s.m%1$d AS SELECT 1 AS x;\nCREATE INDEX i%1$d ON s.m%1$d (x);\n"
	"CREATE INDEX j%1$d ON m%1$d (x);\nCREATE INDEX k%1$d ON other.m%1$d (x);\n",
};
#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

/* A cache that keeps texts of any length (the tests' are short). */
static mg_parse_cache *cache_new(size_t max_bytes, size_t max_entries)
{
	mg_parse_cache *c = mg_parse_cache_new(max_bytes, max_entries);

	mg_parse_cache_set_min_len(c, 0);
	return c;
}

static void add(mg_changeset *cs, const char *path, mg_status status, const char *data, size_t len)
{
	mg_file_change *f = mg_changeset_add_file(cs, path, status);

	if (data) {
		f->data = mg_xmalloc(len + 1);
		memcpy(f->data, data, len);
		f->data[len] = '\0';
		f->len = len;
	}
}

/* ngroups groups of the texts above, and files the linter does not parse:
 * a deletion, an ORM file, a submodule, a symbolic link, an unavailable
 * blob, an LFS pointer, a binary file.  Blob ids when oids. */
static void make(mg_changeset *cs, int ngroups, int oids)
{
	char path[64], sql[1024];
	int g;
	size_t k;

	mg_changeset_init(cs);
	for (g = 0; g < ngroups; g++) {
		for (k = 0; k < NTEXTS; k++) {
			size_t order = (k + 1 + (size_t)g) % NTEXTS;   /* the order varies */
			mg_file_change *f;
			snprintf(path, sizeof(path), "db/migrations/%04d_%zu.sql", g, order);
			snprintf(sql, sizeof(sql), texts[order == 0 ? 0 : order], g % 7);
			add(cs, path, MG_ADDED, sql, strlen(sql));
			f = &cs->files[cs->nfiles - 1];
			if (oids)
				snprintf(f->oid, sizeof(f->oid), "%038d%02zu", g % 7, order);
		}
		switch (g % 8) {
		case 0:
			add(cs, "db/migrations/gone.sql", MG_DELETED, NULL, 0);
			break;
		case 1:
			add(cs, "db/migrate/1_x.rb", MG_ADDED, "drop_table :x\n", 14);
			break;
		case 2:
			add(cs, "db/migrations/sub", MG_ADDED, NULL, 0);
			cs->files[cs->nfiles - 1].kind = MG_KIND_SUBMODULE;
			break;
		case 3:
			add(cs, "db/migrations/link.sql", MG_ADDED, "x.sql", 5);
			cs->files[cs->nfiles - 1].kind = MG_KIND_SYMLINK;
			break;
		case 4:
			add(cs, "db/migrations/big.sql", MG_ADDED, NULL, 0);
			cs->files[cs->nfiles - 1].unavailable = mg_xstrdup("too big: not checked");
			break;
		case 5:
			add(cs, "db/migrations/lfs.sql", MG_ADDED,
			    "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n", 62);
			break;
		case 6:
			add(cs, "db/migrations/bin.sql", MG_ADDED, "DROP TABLE a;\n\0\1", 16);
			break;
		default:
			break;
		}
	}
}

/* What mg_lint_changeset() promises: the files linted one after the other. */
static void oracle(const mg_lint_opts *o, const mg_changeset *cs, mg_result *out)
{
	mg_lint_state st;
	size_t i;

	memset(&st, 0, sizeof(st));
	for (i = 0; i < cs->nfiles; i++) {
		const mg_file_change *f = &cs->files[i];
		if (f->status == MG_DELETED || mg_ends_with(f->path, ".rb"))
			continue;
		if (f->kind == MG_KIND_SUBMODULE)
			mg_result_add_error(out, f->path, "submodule in a migration directory: not checked");
		else if (f->kind == MG_KIND_SYMLINK)
			mg_result_add_error(out, f->path, "symbolic link in a migration directory: "
					    "not followed, not checked");
		else if (!f->data)
			mg_result_add_error(out, f->path, "%s", f->unavailable);
		else
			mg_lint_file(o, &st, f->path, f->commit, f->data, f->len, out);
		if (o->files_independent)
			mg_lint_state_free(&st);
	}
	mg_lint_state_free(&st);
}

/* Every finding and error of r, in r's order. */
static char *render(const mg_result *r)
{
	mg_buf b = MG_BUF_INIT;
	char line[2048];
	size_t i;

	for (i = 0; i < r->nfindings; i++) {
		const mg_finding *f = &r->findings[i];
		snprintf(line, sizeof(line), "%s:%d:%d-%d:%d %s %d: %s\n", f->path, f->line,
			 f->column, f->end_line, f->end_column, f->rule, (int)f->severity,
			 f->message);
		mg_buf_put(&b, line, strlen(line));
	}
	for (i = 0; i < r->nerrors; i++) {
		snprintf(line, sizeof(line), "error %s: %s\n", r->errors[i].path, r->errors[i].message);
		mg_buf_put(&b, line, strlen(line));
	}
	snprintf(line, sizeof(line), "files %zu\n", r->files_checked);
	mg_buf_put(&b, line, strlen(line));
	return mg_buf_detach(&b);
}

/* Runs mg_lint_changeset() on one CPU (one_cpu) or every CPU the test may
 * use, and returns its rendering. */
static char *run(const mg_lint_opts *o, const mg_changeset *cs, int one_cpu)
{
	cpu_set_t all, one;
	mg_result r;
	char *s;
	int i;

	assert_int_equal(sched_getaffinity(0, sizeof(all), &all), 0);
	if (one_cpu) {
		CPU_ZERO(&one);
		for (i = 0; i < CPU_SETSIZE; i++)
			if (CPU_ISSET(i, &all)) {
				CPU_SET(i, &one);
				break;
			}
		assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);
		assert_int_equal(mg_ncpu(), 1);
	}
	mg_result_init(&r);
	mg_lint_changeset(o, cs, &r);
	if (one_cpu)
		assert_int_equal(sched_setaffinity(0, sizeof(all), &all), 0);
	s = render(&r);
	mg_result_free(&r);
	return s;
}

static void check_like_oracle(int ngroups)
{
	mg_changeset cs;
	mg_lint_opts o;
	mg_result r;
	char *want, *got;
	int indep, one_cpu, cached, oids;

	for (oids = 0; oids < 2; oids++) {
		make(&cs, ngroups, oids);
		for (indep = 0; indep < 2; indep++) {
			mg_parse_cache *c = cache_new(MG_PARSE_CACHE_DEFAULT_BYTES,
							       MG_PARSE_CACHE_DEFAULT_ENTRIES);
			mg_lint_opts_init(&o);
			o.files_independent = indep;
			mg_result_init(&r);
			oracle(&o, &cs, &r);
			want = render(&r);
			mg_result_free(&r);
			/* the oracle found something in every kind of file */
			assert_non_null(strstr(want, "require-concurrent-index-creation"));
			assert_non_null(strstr(want, "syntax-error"));
			if (ngroups > 6) {
				assert_non_null(strstr(want, "binary content"));
				assert_non_null(strstr(want, "Git LFS pointer"));
				assert_non_null(strstr(want, "submodule"));
			}
			for (cached = 0; cached < 3; cached++) {   /* none, cold, warm */
				o.parse_cache = cached ? c : NULL;
				for (one_cpu = 0; one_cpu < 2; one_cpu++) {
					got = run(&o, &cs, one_cpu);
					assert_string_equal(got, want);
					free(got);
				}
			}
			free(want);
			mg_parse_cache_free(c);
		}
		mg_changeset_free(&cs);
	}
}

/* Whether s has a line starting with "<path>:<line>:" naming rule. */
static int has(const char *s, const char *path, int line, const char *rule)
{
	char pre[128];
	size_t n;

	n = (size_t)snprintf(pre, sizeof(pre), "db/migrations/%s:%d:", path, line);
	while (s && *s) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len > n && !memcmp(s, pre, n) && memmem(s, len, rule, strlen(rule)))
			return 1;
		s = e ? e + 1 : NULL;
	}
	return 0;
}

/* Cross-file state matters: without the earlier files, an index on a
 * table they create (or rename, or create in a down part) is a finding. */
static void test_state_matters(void **state)
{
	mg_changeset cs;
	mg_lint_opts o;
	mg_result r;
	char *dep, *indep;

	(void)state;
	make(&cs, 1, 0);
	mg_lint_opts_init(&o);
	mg_result_init(&r);
	mg_lint_changeset(&o, &cs, &r);
	dep = render(&r);
	mg_result_free(&r);
	o.files_independent = 1;
	mg_result_init(&r);
	mg_lint_changeset(&o, &cs, &r);
	indep = render(&r);
	mg_result_free(&r);
	/* file 5 after 3 (rename) and 4 (down part creates old0) */
	assert_false(has(dep, "0000_5.sql", 1, "require-concurrent-index-creation"));
	assert_false(has(dep, "0000_5.sql", 2, "require-concurrent-index-creation"));
	assert_false(has(dep, "0000_5.sql", 3, "require-concurrent-index-creation"));
	assert_true(has(indep, "0000_5.sql", 1, "require-concurrent-index-creation"));
	assert_true(has(indep, "0000_5.sql", 2, "require-concurrent-index-creation"));
	assert_true(has(indep, "0000_5.sql", 3, "require-concurrent-index-creation"));
	/* file 0 comes last in group 0, after file 1 created t0 */
	assert_false(has(dep, "0000_0.sql", 1, "require-concurrent-index-creation"));
	assert_true(has(indep, "0000_0.sql", 1, "require-concurrent-index-creation"));
	/* CREATE TABLE AS s.m0: m0 matches, other.m0 does not */
	assert_false(has(dep, "0000_7.sql", 2, "require-concurrent-index-creation"));
	assert_false(has(dep, "0000_7.sql", 3, "require-concurrent-index-creation"));
	assert_true(has(dep, "0000_7.sql", 4, "require-concurrent-index-creation"));
	free(dep);
	free(indep);
	mg_changeset_free(&cs);
}

static void test_small(void **state)
{
	(void)state;
	check_like_oracle(1);
}

static void test_many(void **state)
{
	(void)state;
	check_like_oracle(40);   /* 320 SQL files, ten windows */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_matters),
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
