/* test_lint.c - the context rules see: new tables across the files of a
 * change set, down files, the assumed transaction, syntax-error recovery. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "changeset.h"
#include "lint.h"
#include "util.h"

static void add(mg_changeset *cs, const char *path, const char *sql)
{
	mg_file_change *f = mg_changeset_add_file(cs, path, MG_ADDED);
	f->data = mg_xstrdup(sql);
	f->len = strlen(sql);
}

/* Number of findings of rule in path (any path when path is NULL). */
static size_t count(const mg_result *r, const char *rule, const char *path)
{
	size_t i, n = 0;

	for (i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].rule, rule) &&
		    (!path || !strcmp(r->findings[i].path, path)))
			n++;
	return n;
}

static const char *find(const mg_result *r, const char *rule)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].rule, rule))
			return r->findings[i].message;
	return NULL;
}

static void lint_text(const mg_lint_opts *o, const char *path, const char *sql, mg_result *r)
{
	mg_result_init(r);
	mg_lint_sql(o, path, NULL, sql, strlen(sql), r);
}

/* A table created by an earlier file of the change set is new for the
 * later ones, not for the earlier ones. */
static void new_tables_cross_files(void **state)
{
	mg_lint_opts o;
	mg_changeset cs;
	mg_result r;
	(void)state;

	mg_lint_opts_init(&o);
	mg_changeset_init(&cs);
	add(&cs, "db/migrate/1_index.sql", "CREATE INDEX audit_at_idx ON audit (at);\n");
	add(&cs, "db/migrate/2_create.sql", "CREATE TABLE public.audit (id bigint, at timestamptz);\n");
	add(&cs, "db/migrate/3_index.sql", "CREATE INDEX audit_at_idx2 ON audit (at);\n"
	    "ALTER TABLE audit ADD CONSTRAINT audit_id_key UNIQUE (id);\n");
	mg_result_init(&r);
	mg_lint_changeset(&o, &cs, &r);
	assert_int_equal(count(&r, "require-concurrent-index-creation", "db/migrate/1_index.sql"), 1);
	assert_int_equal(count(&r, "require-concurrent-index-creation", "db/migrate/3_index.sql"), 0);
	assert_int_equal(count(&r, "disallowed-unique-constraint", NULL), 0);
	assert_int_equal(r.files_checked, 3);
	mg_result_free(&r);
	/* a history (check --all, a directory): each file on its own */
	o.files_independent = 1;
	mg_result_init(&r);
	mg_lint_changeset(&o, &cs, &r);
	assert_int_equal(count(&r, "require-concurrent-index-creation", "db/migrate/3_index.sql"), 1);
	assert_int_equal(count(&r, "disallowed-unique-constraint", NULL), 1);
	mg_result_free(&r);
	mg_changeset_free(&cs);
}

static void down_files(void **state)
{
	static const char sql[] = "DROP TABLE users;\nALTER TABLE orders DROP COLUMN note;\n";
	mg_lint_opts o;
	mg_result r;
	(void)state;

	assert_true(mg_path_is_down("migrations/000001_users.down.sql"));
	assert_true(mg_path_is_down("migrations/0001/down.sql"));
	assert_true(mg_path_is_down("DOWN.SQL"));
	assert_true(mg_path_is_down("sqitch/revert/users.sql"));
	assert_true(mg_path_is_down("revert/users.sql"));
	assert_false(mg_path_is_down("migrations/000001_users.up.sql"));
	assert_false(mg_path_is_down("migrations/slowdown.sql"));
	assert_false(mg_path_is_down("sqitch/deploy/revert_users.sql"));
	assert_false(mg_path_is_down("sqitch/norevert/users.sql"));

	mg_lint_opts_init(&o);
	lint_text(&o, "migrations/000001_users.down.sql", sql, &r);
	assert_int_equal(count(&r, "ban-drop-table", NULL), 0);
	assert_int_equal(count(&r, "ban-drop-column", NULL), 0);
	/* lock rules still apply */
	assert_int_equal(count(&r, "require-lock-timeout", NULL), 1);
	mg_result_free(&r);

	lint_text(&o, "migrations/000001_users.up.sql", sql, &r);
	assert_int_equal(count(&r, "ban-drop-table", NULL), 1);
	assert_int_equal(count(&r, "ban-drop-column", NULL), 1);
	mg_result_free(&r);
}

static void assumed_transaction(void **state)
{
	static const char sql[] =
		"SET lock_timeout = '1s';\n"
		"CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (c);\n"
		"ALTER TABLE u ADD COLUMN x text;\n"
		"UPDATE u SET x = 'a' WHERE x IS NULL;\n";
	mg_lint_opts o;
	mg_result r;
	(void)state;

	mg_lint_opts_init(&o);
	lint_text(&o, "m.sql", sql, &r);
	assert_int_equal(count(&r, "ban-concurrent-index-creation-in-transaction", NULL), 0);
	assert_int_equal(count(&r, "data-change-in-ddl-transaction", NULL), 0);
	assert_int_equal(count(&r, "lock-held-across-statements", NULL), 0);
	mg_result_free(&r);

	o.assume_in_transaction = 1;
	lint_text(&o, "m.sql", sql, &r);
	assert_int_equal(count(&r, "ban-concurrent-index-creation-in-transaction", NULL), 1);
	assert_int_equal(count(&r, "data-change-in-ddl-transaction", NULL), 1);
	assert_int_equal(count(&r, "lock-held-across-statements", NULL), 1);
	assert_int_equal(count(&r, "require-lock-timeout", NULL), 0);
	mg_result_free(&r);

	/* a file that says it runs without a transaction is believed */
	lint_text(&o, "m.sql", "-- +goose Up\n-- +goose NO TRANSACTION\n"
		  "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (c);\nSELECT 1;\n", &r);
	assert_int_equal(count(&r, "ban-concurrent-index-creation-in-transaction", NULL), 0);
	mg_result_free(&r);

	/* explicit transaction control in a file the tool wraps */
	lint_text(&o, "m.sql", "BEGIN;\nCREATE TABLE a (id bigint);\nCOMMIT;\n", &r);
	assert_int_equal(count(&r, "transaction-nesting", NULL), 2);
	mg_result_free(&r);
}

/* The statements around a rejected one are still checked. */
static void syntax_error_keeps_the_rest(void **state)
{
	mg_lint_opts o;
	mg_result r;
	const char *msg;
	(void)state;

	mg_lint_opts_init(&o);
	lint_text(&o, "m.sql", "SET lock_timeout = '1s';\nSELEC 1;\nDROP TABLE users;\n", &r);
	assert_int_equal(count(&r, "syntax-error", NULL), 1);
	assert_int_equal(count(&r, "ban-drop-table", NULL), 1);
	msg = find(&r, "syntax-error");
	assert_non_null(msg);
	assert_non_null(strstr(msg, "this statement (line 2) was not checked"));
	assert_non_null(strstr(msg, "other 2 statements were"));
	assert_int_equal(r.findings[0].line, 2);
	mg_result_free(&r);
}

/* Per-file state does not leak into the next file: a timeout set by one
 * file does not cover the next. */
/* Rules that depend on the target version (--pg-version). */
static void pg_versions(void **state)
{
	static const char sql[] =
		"SET lock_timeout = '1s';\n"
		"ALTER TABLE m DETACH PARTITION m_2019;\n"
		"REINDEX INDEX m_idx;\n"
		"ALTER TABLE u VALIDATE CONSTRAINT u_email_nn;\n"
		"ALTER TABLE u ALTER COLUMN email SET NOT NULL;\n"
		"BEGIN;\n"
		"ALTER TYPE st ADD VALUE 'x' AFTER 'a';\n"
		"COMMIT;\n";
	mg_lint_opts o;
	mg_result r;
	(void)state;

	mg_lint_opts_init(&o);
	lint_text(&o, "m.sql", sql, &r);
	assert_int_equal(count(&r, "require-concurrent-partition-detach", NULL), 1);
	assert_int_equal(count(&r, "require-concurrent-reindex", NULL), 1);
	assert_int_equal(count(&r, "adding-not-nullable-field", NULL), 0);
	assert_int_equal(count(&r, "ban-alter-enum-add-value-in-transaction", NULL), 0);
	mg_result_free(&r);

	o.pg_version = 11;
	lint_text(&o, "m.sql", sql, &r);
	assert_int_equal(count(&r, "require-concurrent-partition-detach", NULL), 0);
	assert_int_equal(count(&r, "require-concurrent-reindex", NULL), 0);
	assert_int_equal(count(&r, "adding-not-nullable-field", NULL), 1);
	assert_int_equal(count(&r, "ban-alter-enum-add-value-in-transaction", NULL), 1);
	mg_result_free(&r);
}

/* DROP INDEX names the index; the lock is on its table. */
static void index_locks_named(void **state)
{
	mg_lint_opts o;
	mg_result r;
	const char *msg;
	(void)state;

	mg_lint_opts_init(&o);
	lint_text(&o, "m.sql", "DROP INDEX orders_user_idx;\n", &r);
	msg = find(&r, "require-lock-timeout");
	assert_non_null(msg);
	assert_non_null(strstr(msg, "an ACCESS EXCLUSIVE lock on the table of index \"orders_user_idx\""));
	mg_result_free(&r);
}

static void timeouts_are_per_file(void **state)
{
	mg_lint_opts o;
	mg_changeset cs;
	mg_result r;
	(void)state;

	mg_lint_opts_init(&o);
	mg_changeset_init(&cs);
	add(&cs, "a.sql", "SET lock_timeout = '1s';\nALTER TABLE u ADD COLUMN x text;\n");
	add(&cs, "b.sql", "ALTER TABLE u ADD COLUMN y text;\n");
	mg_result_init(&r);
	mg_lint_changeset(&o, &cs, &r);
	assert_int_equal(count(&r, "require-lock-timeout", "a.sql"), 0);
	assert_int_equal(count(&r, "require-lock-timeout", "b.sql"), 1);
	mg_result_free(&r);
	mg_changeset_free(&cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_tables_cross_files),
		cmocka_unit_test(down_files),
		cmocka_unit_test(assumed_transaction),
		cmocka_unit_test(syntax_error_keeps_the_rest),
		cmocka_unit_test(timeouts_are_per_file),
		cmocka_unit_test(index_locks_named),
		cmocka_unit_test(pg_versions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
