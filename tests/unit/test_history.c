/* test_history.c - history rules over hand-made change sets (the git side
 * is tested on real repositories by tests/e2e/history.sh). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "history.h"
#include "rules/rule.h"
#include "util.h"

static void same_code(void **state)
{
#define SAME(a, b) mg_sql_same_code(a, strlen(a), b, strlen(b))
	(void)state;
	assert_true(SAME("CREATE TABLE t (id int);", "create table t(\n  id   INT\n);  -- note\n"));
	assert_true(SAME("SELECT 1; /* a /* nested */ comment */", "SELECT 1;"));
	assert_true(SAME("", "-- only a comment\n  /* and another */\n"));
	assert_false(SAME("", "SELECT 1;"));
	assert_true(SAME("SELECT a,b FROM t", "SELECT a, b\nFROM t"));
	assert_false(SAME("SELECT 'a  b'", "SELECT 'a b'"));
	assert_false(SAME("SELECT 'A'", "SELECT 'a'"));
	assert_false(SAME("SELECT \"Name\" FROM t", "SELECT \"name\" FROM t"));
	assert_false(SAME("SELECT $$ A  $$", "SELECT $$ a $$"));
	assert_false(SAME("SELECT ab", "SELECT a b"));
	assert_false(SAME("SELECT 1;", "SELECT 2;"));
	assert_true(SAME("SELECT E'it\\'s  x'", "select E'it\\'s  x'"));
	/* goose and dbmate annotations are code */
	assert_false(SAME("-- +goose Up\nSELECT 1;", "-- +goose Down\nSELECT 1;"));
	assert_false(SAME("-- migrate:up\nSELECT 1;", "SELECT 1;"));
	assert_true(SAME("-- +goose Up\nSELECT 1;", "-- +goose Up   \n\nselect 1;"));
#undef SAME
}

static void registered(void **state)
{
	static const char *const ids[] = {
		"migration-edited", "migration-deleted", "migration-renamed",
		"migration-out-of-order", "migration-duplicate-version",
		"migration-missing-down", "irreversible-migration", "migration-name-invalid",
	};
	size_t i;
	(void)state;
	for (i = 0; i < MG_ARRAY_SIZE(ids); i++) {
		const mg_rule *r = mg_rule_find(ids[i]);
		assert_non_null(r);
		assert_null(r->check);
		assert_true(mg_history_rule(ids[i]));
		assert_non_null(strstr(r->doc, "Safe way"));
	}
	assert_false(mg_history_rule("syntax-error"));
	assert_false(mg_history_rule("ban-drop-table"));
}

/* change set helpers */
static void tree(mg_pathlist *l, const char *path, const char *oid)
{
	mg_pathlist_add(l, path, oid);
	mg_pathlist_sort(l);
}

static mg_file_change *add(mg_changeset *cs, const char *path, mg_status st,
			   const char *data, const char *old_data)
{
	mg_file_change *f = mg_changeset_add_file(cs, path, st);
	if (data) {
		f->data = mg_xstrdup(data);
		f->len = strlen(data);
	}
	if (old_data) {
		f->old_data = mg_xstrdup(old_data);
		f->old_len = strlen(old_data);
	}
	return f;
}

/* Runs the rules; returns the findings as "rule sev path:line" lines. */
static char *run(const mg_changeset *cs, mg_framework fw, const mg_lint_opts *lo)
{
	mg_lint_opts def;
	mg_result r;
	mg_buf b = MG_BUF_INIT;
	size_t i;

	mg_lint_opts_init(&def);
	mg_result_init(&r);
	mg_history_check(lo ? lo : &def, fw, cs, &r);
	mg_result_sort(&r);
	mg_buf_puts(&b, "");
	for (i = 0; i < r.nfindings; i++)
		mg_buf_printf(&b, "%s %s %s:%d\n", r.findings[i].rule,
			      mg_severity_name(r.findings[i].severity), r.findings[i].path,
			      r.findings[i].line);
	mg_result_free(&r);
	return mg_buf_detach(&b);
}

static void edited(void **state)
{
	mg_changeset cs;
	char *got;
	(void)state;

	mg_changeset_init(&cs);
	cs.has_trees = 1;
	tree(&cs.base, "db/m/V1__a.sql", "1111");
	tree(&cs.base, "db/m/V2__b.sql", "2222");
	tree(&cs.base, "db/m/V3__c.sql", "4444");
	tree(&cs.base, "db/m/R__views.sql", "3333");
	tree(&cs.result, "db/m/V1__a.sql", "1112");
	tree(&cs.result, "db/m/V2__b.sql", "2223");
	tree(&cs.result, "db/m/R__views.sql", "3334");
	add(&cs, "db/m/V1__a.sql", MG_MODIFIED, "SELECT 1;\nSELECT 3;\n", "SELECT 1;\nSELECT 2;\n");
	add(&cs, "db/m/V2__b.sql", MG_MODIFIED, "-- why\nselect  2;\n", "SELECT 2;\n");
	add(&cs, "db/m/R__views.sql", MG_MODIFIED, "SELECT 2;\n", "SELECT 1;\n");
	add(&cs, "db/m/V3__c.sql", MG_DELETED, NULL, NULL);
	got = run(&cs, MG_FW_AUTO, NULL);
	assert_string_equal(got,
			    "migration-edited error db/m/V1__a.sql:2\n"
			    "migration-edited warning db/m/V2__b.sql:1\n"
			    "migration-deleted error db/m/V3__c.sql:1\n");
	free(got);
	mg_changeset_free(&cs);
}

/* the anchor: the first changed line; lines only removed at the end
 * anchor the last line left */
static void edit_anchor(void **state)
{
	mg_changeset cs;
	char *got;
	(void)state;

	mg_changeset_init(&cs);
	cs.has_trees = 1;
	tree(&cs.base, "m/V1__a.sql", "1");
	tree(&cs.base, "m/V2__b.sql", "2");
	tree(&cs.base, "m/V3__c.sql", "3");
	tree(&cs.result, "m/V1__a.sql", "1x");
	tree(&cs.result, "m/V2__b.sql", "2x");
	tree(&cs.result, "m/V3__c.sql", "3x");
	add(&cs, "m/V1__a.sql", MG_MODIFIED, "SELECT 1;\nSELECT 2;\n", "SELECT 1;\nSELECT 2;\nSELECT 3;\n");
	add(&cs, "m/V2__b.sql", MG_MODIFIED, "SELECT 1;\r\nSELECT 5;\r\n", "SELECT 1;\r\nSELECT 2;\r\n");
	add(&cs, "m/V3__c.sql", MG_MODIFIED, "", "SELECT 1;\n");
	got = run(&cs, MG_FW_AUTO, NULL);
	assert_string_equal(got,
			    "migration-edited error m/V1__a.sql:2\n"
			    "migration-edited error m/V2__b.sql:2\n"
			    "migration-edited error m/V3__c.sql:1\n");
	free(got);
	mg_changeset_free(&cs);
}

static void overrides(void **state)
{
	mg_changeset cs;
	mg_lint_opts lo;
	mg_rule_override ov[] = { { "migration-edited", MG_SEV_OFF } };
	char *got;
	(void)state;

	mg_changeset_init(&cs);
	cs.has_trees = 1;
	tree(&cs.base, "db/m/001_a.sql", "1111");
	tree(&cs.result, "db/m/001_a.sql", "1112");
	add(&cs, "db/m/001_a.sql", MG_MODIFIED, "SELECT 3;\n", "SELECT 2;\n");
	mg_lint_opts_init(&lo);
	lo.overrides = ov;
	lo.noverrides = 1;
	got = run(&cs, MG_FW_AUTO, &lo);
	assert_string_equal(got, "");
	free(got);
	mg_changeset_free(&cs);
}

static void files_only_goose(void **state)
{
	mg_changeset cs;
	char *got;
	(void)state;

	mg_changeset_init(&cs);
	add(&cs, "m/001_a.sql", MG_ADDED, "-- +goose Up\nCREATE TABLE a (id int);\n", NULL);
	add(&cs, "m/002_b.sql", MG_ADDED,
	    "-- +goose Up\nSELECT 1;\nDROP TABLE a;\n-- +goose Down\n-- nothing\n", NULL);
	add(&cs, "m/003_c.sql", MG_ADDED,
	    "-- +goose Up\nDROP TABLE b;\n-- +goose Down\nCREATE TABLE b (id int);\n", NULL);
	add(&cs, "m/004_d.sql", MG_ADDED,
	    "-- +goose Up\nALTER TABLE c DROP COLUMN x;\n-- +goose Down\n"
	    "DO $$ BEGIN RAISE EXCEPTION 'irreversible'; END $$;\n", NULL);
	got = run(&cs, MG_FW_AUTO, NULL);
	assert_string_equal(got,
			    "migration-missing-down warning m/001_a.sql:1\n"
			    "irreversible-migration warning m/002_b.sql:3\n"
			    "irreversible-migration warning m/004_d.sql:2\n");
	free(got);
	mg_changeset_free(&cs);
}

static void ordering_and_names(void **state)
{
	mg_changeset cs;
	char *got;
	(void)state;

	mg_changeset_init(&cs);
	cs.has_trees = 1;
	tree(&cs.base, "db/m/0001_a.up.sql", "a1");
	tree(&cs.base, "db/m/0001_a.down.sql", "a2");
	tree(&cs.base, "db/m/0005_e.up.sql", "e1");
	tree(&cs.base, "db/m/0005_e.down.sql", "e2");
	tree(&cs.result, "db/m/0001_a.up.sql", "a1");
	tree(&cs.result, "db/m/0001_a.down.sql", "a2");
	tree(&cs.result, "db/m/0005_e.up.sql", "e1");
	tree(&cs.result, "db/m/0005_e.down.sql", "e2");
	tree(&cs.result, "db/m/0003_c.up.sql", "c1");   /* out of order, no down */
	tree(&cs.result, "db/m/0005_f.up.sql", "f1");   /* duplicate */
	tree(&cs.result, "db/m/0005_f.down.sql", "f2");
	tree(&cs.result, "db/m/add_x.sql", "x1");       /* ignored by golang-migrate */
	tree(&cs.result, "db/m/0006_g.up.sql", "g1");   /* fine */
	tree(&cs.result, "db/m/0006_g.down.sql", "g2");
	add(&cs, "db/m/0003_c.up.sql", MG_ADDED, "SELECT 1;\n", NULL);
	add(&cs, "db/m/0005_f.up.sql", MG_ADDED, "SELECT 1;\n", NULL);
	add(&cs, "db/m/0005_f.down.sql", MG_ADDED, "SELECT 1;\n", NULL);
	add(&cs, "db/m/add_x.sql", MG_ADDED, "SELECT 1;\n", NULL);
	add(&cs, "db/m/0006_g.up.sql", MG_ADDED, "ALTER TABLE t DROP COLUMN c;\n", NULL);
	add(&cs, "db/m/0006_g.down.sql", MG_ADDED, "ALTER TABLE t ADD COLUMN c int;\n", NULL);
	got = run(&cs, MG_FW_AUTO, NULL);
	assert_string_equal(got,
			    "migration-missing-down warning db/m/0003_c.up.sql:1\n"
			    "migration-out-of-order error db/m/0003_c.up.sql:1\n"
			    "migration-duplicate-version error db/m/0005_f.down.sql:1\n"
			    "migration-duplicate-version error db/m/0005_f.up.sql:1\n"
			    "migration-name-invalid warning db/m/add_x.sql:1\n");
	free(got);
	/* the same with migguard.framework = plain: no up/down pairs, so an
	 * up and its down share a version; add_x.sql does not follow */
	got = run(&cs, MG_FW_PLAIN, NULL);
	assert_string_equal(got,
			    "migration-out-of-order error db/m/0003_c.up.sql:1\n"
			    "migration-duplicate-version error db/m/0005_f.down.sql:1\n"
			    "migration-duplicate-version error db/m/0005_f.up.sql:1\n"
			    "migration-duplicate-version error db/m/0006_g.down.sql:1\n"
			    "migration-duplicate-version error db/m/0006_g.up.sql:1\n"
			    "migration-name-invalid warning db/m/add_x.sql:1\n");
	free(got);
	mg_changeset_free(&cs);
}

static void renames(void **state)
{
	mg_changeset cs;
	mg_file_change *f;
	char *got;
	(void)state;

	mg_changeset_init(&cs);
	cs.has_trees = 1;
	tree(&cs.base, "db/m/001_a.sql", "a");
	tree(&cs.base, "db/m/002_b.sql", "b");
	tree(&cs.base, "db/m/c.sql", "c");
	tree(&cs.base, "db/m/004_d.sql", "d");
	tree(&cs.base, "db/migrate/20240101000000_x.rb", "r");
	tree(&cs.result, "db/pg/001_a.sql", "a");      /* moved: fine */
	tree(&cs.result, "db/m/009_b.sql", "b");       /* renumbered: error */
	tree(&cs.result, "db/m/003_c.sql", "c");       /* was ignored, now named: new */
	tree(&cs.result, "db/m/004_d.sql", "d");
	tree(&cs.result, "db/migrate/20250101000000_x.rb", "r"); /* not SQL: by blob id */
	f = add(&cs, "db/pg/001_a.sql", MG_RENAMED, "SELECT 1;", "SELECT 1;");
	f->old_path = mg_xstrdup("db/m/001_a.sql");
	f = add(&cs, "db/m/009_b.sql", MG_RENAMED, "SELECT 1;", "SELECT 1;");
	f->old_path = mg_xstrdup("db/m/002_b.sql");
	f = add(&cs, "db/m/003_c.sql", MG_RENAMED, "SELECT 1;", "SELECT 1;");
	f->old_path = mg_xstrdup("db/m/c.sql");
	got = run(&cs, MG_FW_AUTO, NULL);
	assert_string_equal(got,
			    "migration-out-of-order error db/m/003_c.sql:1\n"
			    "migration-renamed error db/m/009_b.sql:1\n"
			    "migration-renamed error db/migrate/20250101000000_x.rb:1\n");
	free(got);
	mg_changeset_free(&cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_code),
		cmocka_unit_test(registered),
		cmocka_unit_test(edited),
		cmocka_unit_test(edit_anchor),
		cmocka_unit_test(overrides),
		cmocka_unit_test(files_only_goose),
		cmocka_unit_test(ordering_and_names),
		cmocka_unit_test(renames),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
