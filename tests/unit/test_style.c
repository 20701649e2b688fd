/* test_style.c - the schema-style rules where fixtures cannot reach:
 * options (explicit severities, assumed transactions), paths (down files)
 * and the helpers of src/rules/stylelib.c. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lint.h"
#include "rules/rule.h"
#include "rules/stylelib.h"
#include "util.h"

/* Lints sql as path and returns how often rule reported; *line gets the
 * line of its first finding and msg (when not NULL) its message. */
static int lint(const mg_lint_opts *o, const char *path, const char *sql,
		const char *rule, int *line, char *msg, size_t msgsize)
{
	mg_result res;
	size_t i;
	int n = 0;

	mg_result_init(&res);
	mg_lint_sql(o, path, NULL, sql, strlen(sql), &res);
	assert_int_equal(res.nerrors, 0);
	for (i = 0; i < res.nfindings; i++) {
		if (strcmp(res.findings[i].rule, rule))
			continue;
		if (!n++) {
			if (line)
				*line = res.findings[i].line;
			if (msg)
				snprintf(msg, msgsize, "%s", res.findings[i].message);
		}
	}
	mg_result_free(&res);
	return n;
}

static void robust_needs_evidence_or_explicit_severity(void **state)
{
	mg_lint_opts o;
	mg_rule_override ov = { "prefer-robust-stmts", MG_SEV_WARNING };
	const char *plain = "CREATE TABLE notes (id bigint);\nALTER TABLE notes ADD COLUMN n text;\n";
	int line = 0;

	(void)state;
	mg_lint_opts_init(&o);
	/* default severity, nothing shows the file runs outside a transaction */
	assert_int_equal(lint(&o, "m/1.sql", plain, "prefer-robust-stmts", NULL, NULL, 0), 0);
	/* goose says so */
	assert_int_equal(lint(&o, "m/1.sql",
			      "-- +goose Up\n-- +goose NO TRANSACTION\nCREATE TABLE notes (id bigint);\n",
			      "prefer-robust-stmts", &line, NULL, 0), 1);
	assert_int_equal(line, 3);
	/* set explicitly: every file, as squawk does */
	o.overrides = &ov;
	o.noverrides = 1;
	assert_int_equal(lint(&o, "m/1.sql", plain, "prefer-robust-stmts", &line, NULL, 0), 2);
	assert_int_equal(line, 1);
	/* ... but never inside a transaction the runner opens */
	o.assume_in_transaction = 1;
	assert_int_equal(lint(&o, "m/1.sql", plain, "prefer-robust-stmts", NULL, NULL, 0), 0);
}

static void robust_concurrent_index_even_in_transaction(void **state)
{
	mg_lint_opts o;

	(void)state;
	mg_lint_opts_init(&o);
	o.assume_in_transaction = 1;
	/* CONCURRENTLY cannot be rolled back: squawk flags it in a transaction too */
	assert_int_equal(lint(&o, "m/1.sql", "CREATE INDEX CONCURRENTLY i ON t (a);\n",
			      "prefer-robust-stmts", NULL, NULL, 0), 1);
	assert_int_equal(lint(&o, "m/1.sql",
			      "DROP INDEX CONCURRENTLY IF EXISTS i;\nCREATE INDEX CONCURRENTLY i ON t (a);\n",
			      "prefer-robust-stmts", NULL, NULL, 0), 0);
}

static void table_schema_is_opt_in(void **state)
{
	mg_lint_opts o;
	mg_rule_override ov = { "require-table-schema", MG_SEV_ERROR };
	const char *sql = "DROP TABLE IF EXISTS a, public.b;\n";
	const mg_rule *r = mg_rule_find("require-table-schema");

	(void)state;
	assert_non_null(r);
	assert_int_equal(r->severity, MG_SEV_OFF);
	mg_lint_opts_init(&o);
	assert_int_equal(lint(&o, "m/1.sql", sql, "require-table-schema", NULL, NULL, 0), 0);
	o.overrides = &ov;
	o.noverrides = 1;
	assert_int_equal(lint(&o, "m/1.sql", sql, "require-table-schema", NULL, NULL, 0), 1);
}

static void type_rules_quiet_in_down_files(void **state)
{
	mg_lint_opts o;
	const char *sql = "CREATE TABLE t (id serial, at timestamp);\n";

	(void)state;
	mg_lint_opts_init(&o);
	assert_int_equal(lint(&o, "db/1.up.sql", sql, "prefer-identity", NULL, NULL, 0), 1);
	assert_int_equal(lint(&o, "db/1.down.sql", sql, "prefer-identity", NULL, NULL, 0), 0);
	assert_int_equal(lint(&o, "m/2024_x/down.sql", sql, "prefer-timestamptz", NULL, NULL, 0), 0);
	assert_int_equal(lint(&o, "revert/add_t.sql", sql, "prefer-timestamptz", NULL, NULL, 0), 0);
	assert_int_equal(lint(&o, "db/revert/add_t.sql", sql, "prefer-bigint-over-int", NULL, NULL, 0), 0);
	assert_true(mg_style_is_down("x/1_init.down.sql"));
	assert_false(mg_style_is_down("x/1_shutdown.sql"));
	assert_false(mg_style_is_down("x/revertible/1.sql"));
}

static void quoted_long_name_is_unescaped(void **state)
{
	mg_lint_opts o;
	char sql[256], msg[512], name[80];
	int line = 0;

	(void)state;
	memset(name, 'a', 63);
	name[63] = '\0';
	/* 63 a's, an escaped quote and b: 65 bytes once unescaped */
	snprintf(sql, sizeof(sql), "-- c\nCREATE TABLE \"%s\"\"b\" (id bigint);\n", name);
	mg_lint_opts_init(&o);
	assert_int_equal(lint(&o, "m/1.sql", sql, "identifier-too-long", &line, msg, sizeof(msg)), 1);
	assert_int_equal(line, 2);
	assert_non_null(strstr(msg, "aaa\"b\" is 65 bytes"));
	/* an escaped quote at the start joins the opening quote's run */
	snprintf(sql, sizeof(sql), "CREATE TABLE \"\"\"%s\" (id bigint);\n", name);
	assert_int_equal(lint(&o, "m/1.sql", sql, "identifier-too-long", NULL, msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "is 64 bytes"));
	/* 63 bytes quoted: the limit, not over it */
	snprintf(sql, sizeof(sql), "CREATE TABLE \"%s\" (id bigint);\n", name);
	assert_int_equal(lint(&o, "m/1.sql", sql, "identifier-too-long", NULL, NULL, 0), 0);
}

static void partial_assignments(void **state)
{
	mg_lint_opts o;

	(void)state;
	mg_lint_opts_init(&o);
	assert_int_equal(lint(&o, "m/1.sql", "UPDATE k SET c.x = 1, c.y = 2 WHERE id = 1;\n",
			      "ban-duplicate-column-assignments", NULL, NULL, 0), 0);
	assert_int_equal(lint(&o, "m/1.sql", "UPDATE k SET c = ROW(1, 2), c.x = 2 WHERE id = 1;\n",
			      "ban-duplicate-column-assignments", NULL, NULL, 0), 1);
	/* a third assignment is still one finding per column */
	assert_int_equal(lint(&o, "m/1.sql", "UPDATE k SET a = 1, a = 2, a = 3 WHERE id = 1;\n",
			      "ban-duplicate-column-assignments", NULL, NULL, 0), 1);
}

static void type_strings(void **state)
{
	mg_lint_opts o;
	char msg[512];

	(void)state;
	mg_lint_opts_init(&o);
	assert_int_equal(lint(&o, "m/1.sql", "CREATE TABLE t (a varchar(20)[]);\n",
			      "prefer-text-field", NULL, msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "is varchar(20)[]:"));
	assert_int_equal(lint(&o, "m/1.sql", "CREATE TABLE t (a int4);\n",
			      "prefer-bigint-over-int", NULL, msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "is int4,"));
	assert_int_equal(lint(&o, "m/1.sql", "CREATE TABLE t (a INTEGER);\n",
			      "prefer-bigint-over-int", NULL, msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "is integer,"));
	assert_int_equal(lint(&o, "m/1.sql", "CREATE TABLE s.t (a timestamp(3));\n",
			      "prefer-timestamptz", NULL, msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "column \"a\" of \"s.t\" is timestamp(3) without"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(robust_needs_evidence_or_explicit_severity),
		cmocka_unit_test(robust_concurrent_index_even_in_transaction),
		cmocka_unit_test(table_schema_is_opt_in),
		cmocka_unit_test(type_rules_quiet_in_down_files),
		cmocka_unit_test(quoted_long_name_is_unescaped),
		cmocka_unit_test(partial_assignments),
		cmocka_unit_test(type_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
