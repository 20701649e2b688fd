/* test_suppress.c - placeholders, inline suppressions and the baseline,
 * through the pipeline as a command runs them. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "changeset.h"
#include "mgconfig.h"
#include "pipeline.h"
#include "suppress.h"
#include "util.h"

/* Runs the pipeline over one file; returns the findings as
 * "line:rule" lines. */
static char *check_text(mg_options *o, const char *path, const char *sql)
{
	mg_changeset cs;
	mg_result res;
	mg_file_change *f;
	mg_buf b = MG_BUF_INIT;
	size_t i;
	/* require-lock-timeout and require-statement-timeout fire on the first
	 * DROP TABLE of every text here; these tests are about suppressions, so
	 * they run with both off (after the test's own overrides) */
	const mg_rule_override *saved = o->lint.overrides;
	size_t nsaved = o->lint.noverrides;
	mg_rule_override ov[18];

	for (i = 0; i < nsaved && i < 16; i++)
		ov[i] = saved[i];
	ov[i].id = "require-lock-timeout";
	ov[i++].severity = MG_SEV_OFF;
	ov[i].id = "require-statement-timeout";
	ov[i++].severity = MG_SEV_OFF;
	o->lint.overrides = ov;
	o->lint.noverrides = i;

	mg_changeset_init(&cs);
	mg_result_init(&res);
	f = mg_changeset_add_file(&cs, path, MG_ADDED);
	f->data = mg_xstrdup(sql);
	f->len = strlen(sql);
	mg_check_changeset(o, &cs, &res);
	mg_result_sort(&res);
	mg_buf_puts(&b, "");
	for (i = 0; i < res.nfindings; i++)
		mg_buf_printf(&b, "%d:%s\n", res.findings[i].line, res.findings[i].rule);
	for (i = 0; i < res.nerrors; i++)
		mg_buf_printf(&b, "error:%s\n", res.errors[i].message);
	mg_result_free(&res);
	mg_changeset_free(&cs);
	o->lint.overrides = saved;
	o->lint.noverrides = nsaved;
	return mg_buf_detach(&b);
}

static void expect(mg_options *o, const char *sql, const char *want)
{
	char *got = check_text(o, "db/migrations/1.sql", sql);
	assert_string_equal(got, want);
	free(got);
}

static void placeholders(void **state)
{
	static const char src[] =
		"CREATE TABLE {{ index .Options \"Namespace\" }}.users (id int);\n"
		"GRANT ALL ON ${schema}.t TO x; -- {{ not a comment match }}\n";
	long n = 0;
	char *err = NULL, *out;
	(void)state;

	out = mg_placeholders_apply(NULL, 0, src, strlen(src), &n, &err);
	assert_non_null(out);
	assert_int_equal(n, 3);
	assert_int_equal(strlen(out), strlen(src));
	assert_string_equal(out,
		"CREATE TABLE mg_" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ".users (id int);\n"
		"GRANT ALL ON mg_xxxxxx.t TO x; -- mg_" "xxxxxxxxxxxxxxxxxxxxxx" "\n");
	free(out);
	/* nothing to replace */
	assert_null(mg_placeholders_apply(NULL, 0, "SELECT 1;", 9, &n, &err));
	assert_int_equal(n, 0);
	/* a pattern of the user's; a match across lines keeps the line ends */
	{
		char *pats[] = { (char *)"@@[^@]*@@" };
		out = mg_placeholders_apply(pats, 1, "a @@x\ny@@ b", 11, &n, &err);
		assert_string_equal(out, "a mg_\nmg_ b");
		free(out);
	}
	{
		char *pats[] = { (char *)"(" };
		assert_null(mg_placeholders_apply(pats, 1, "x", 1, &n, &err));
		assert_int_equal(n, -1);
		assert_non_null(strstr(err, "missing closing parenthesis"));
		free(err);
	}
}

static void placeholders_in_pipeline(void **state)
{
	mg_options o;
	(void)state;

	mg_options_init(&o);
	/* parses with the default patterns: the DROP is found, no syntax error */
	expect(&o, "CREATE TABLE {{ .Ns }}.a (id bigint);\nDROP TABLE {{ .Ns }}.b;\n",
	       "2:ban-drop-table\n");
	mg_options_free(&o);
	/* cleared (migguard.placeholder = ""): a syntax error */
	mg_options_init(&o);
	o.placeholders = mg_xcalloc(1, sizeof(char *));
	expect(&o, "CREATE TABLE {{ .Ns }}.a (id int);\n", "1:syntax-error\n");
	mg_options_free(&o);
}

static void inline_forms(void **state)
{
	mg_options o;
	(void)state;

	mg_options_init(&o);
	/* next statement only */
	expect(&o,
	       "-- migguard:ignore ban-drop-table archived in ticket 12\n"
	       "DROP TABLE a;\n"
	       "DROP TABLE b;\n",
	       "3:ban-drop-table\n");
	/* several rules, spaces after commas, a statement over lines */
	expect(&o,
	       "-- migguard:ignore ban-drop-column, ban-drop-table both reviewed\n"
	       "ALTER TABLE a\n  DROP COLUMN c;\n"
	       "DROP TABLE b;\n",
	       "1:unused-ignore\n4:ban-drop-table\n");
	/* a comment inside a statement covers that statement */
	expect(&o,
	       "ALTER TABLE a\n  -- migguard:ignore ban-drop-column reviewed\n  DROP COLUMN c;\n",
	       "");
	/* whole file */
	expect(&o,
	       "-- migguard:ignore-file ban-drop-table cleanup migration\n"
	       "DROP TABLE a;\nDROP TABLE b;\n",
	       "");
	/* squawk's forms; no reason is a warning */
	expect(&o,
	       "-- squawk-ignore ban-drop-table\n"
	       "DROP TABLE a;\nDROP TABLE b;\n",
	       "1:suppression-without-reason\n3:ban-drop-table\n");
	expect(&o,
	       "-- squawk-ignore-file ban-drop-table, ban-drop-column\n"
	       "DROP TABLE a;\nALTER TABLE t DROP COLUMN c;\n",
	       "1:suppression-without-reason\n");
	/* unused: wrong rule, and squawk's alias spelling is normalised */
	expect(&o,
	       "-- migguard:ignore ban-drop-column wrong rule\n"
	       "DROP TABLE a;\n",
	       "1:unused-ignore\n2:ban-drop-table\n");
	/* a directive naming no rule hides nothing */
	expect(&o, "-- migguard:ignore\nDROP TABLE a;\n",
	       "1:unused-ignore\n2:ban-drop-table\n");
	/* ordinary comments mentioning the words are not directives */
	expect(&o, "-- we used to migguard:ignore things here\nDROP TABLE a;\n",
	       "2:ban-drop-table\n");
	/* C-style comments */
	expect(&o, "/* migguard:ignore ban-drop-table reviewed */\nDROP TABLE a;\n", "");
	/* the meta rules follow severity overrides */
	{
		mg_rule_override ov[] = { { "suppression-without-reason", MG_SEV_OFF } };
		o.lint.overrides = ov;
		o.lint.noverrides = 1;
		expect(&o, "-- squawk-ignore ban-drop-table\nDROP TABLE a;\n", "");
		o.lint.overrides = NULL;
		o.lint.noverrides = 0;
	}
	mg_options_free(&o);
}

static void alias_message(void **state)
{
	mg_options o;
	mg_changeset cs;
	mg_result res;
	mg_file_change *f;
	static const char sql[] = "-- squawk-ignore prefer-timestamp-tz legacy\nSELECT 1;\n";
	(void)state;

	mg_options_init(&o);
	mg_changeset_init(&cs);
	mg_result_init(&res);
	f = mg_changeset_add_file(&cs, "x.sql", MG_ADDED);
	f->data = mg_xstrdup(sql);
	f->len = strlen(sql);
	mg_check_changeset(&o, &cs, &res);
	assert_int_equal(res.nfindings, 1);
	assert_string_equal(res.findings[0].message,
			    "squawk-ignore prefer-timestamptz hides nothing: no prefer-timestamptz "
			    "finding in the next statement");
	assert_int_equal(res.findings[0].line, 1);
	assert_int_equal(res.findings[0].column, 1);
	mg_result_free(&res);
	mg_changeset_free(&cs);
	mg_options_free(&o);
}

static void server_ignores_inline(void **state)
{
	mg_options o;
	(void)state;

	mg_options_init(&o);
	o.allow_suppressions = 0;
	expect(&o,
	       "-- migguard:ignore-file ban-drop-table trust me\n"
	       "-- migguard:ignore nothing-at-all\n"
	       "DROP TABLE a;\n",
	       "3:ban-drop-table\n");
	mg_options_free(&o);
}

static void baseline_round_trip(void **state)
{
	mg_options o;
	char dir[256], *bl, *text, *got;
	size_t len;
	(void)state;

	snprintf(dir, sizeof(dir), "%s/mgbl.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	bl = mg_xasprintf("%s/baseline", dir);

	mg_options_init(&o);
	o.write_baseline = mg_xstrdup(bl);
	got = check_text(&o, "db/migrations/1.sql",
			 "DROP TABLE a;\nDROP TABLE a;\nALTER TABLE t DROP COLUMN c;\n");
	assert_string_equal(got, ""); /* written, so hidden */
	free(got);
	mg_options_free(&o);
	assert_int_equal(mg_read_file(bl, &text, &len), 0);
	assert_non_null(strstr(text, " ban-drop-table db/migrations/1.sql\n"));
	assert_non_null(strstr(text, " ban-drop-column db/migrations/1.sql\n"));
	assert_true(text[0] == '#');
	free(text);

	mg_options_init(&o);
	mg_config_set_baseline(&o, bl);
	/* lines moved, whitespace and comments changed: still hidden; a third
	 * identical statement and a new one are not */
	got = check_text(&o, "db/migrations/1.sql",
			 "-- a header\n\nDROP   TABLE a;\nDROP TABLE a; -- again\n"
			 "ALTER TABLE t\n  DROP COLUMN c;\nDROP TABLE a;\nDROP TABLE z;\n");
	assert_string_equal(got, "7:ban-drop-table\n8:ban-drop-table\n");
	free(got);
	/* another path is another finding */
	got = check_text(&o, "db/migrations/2.sql", "DROP TABLE a;\n");
	assert_string_equal(got, "1:ban-drop-table\n");
	free(got);
	mg_options_free(&o);

	/* a missing or malformed baseline is an error, not a silent pass */
	mg_options_init(&o);
	{
		char *missing = mg_xasprintf("%s/nope", dir);
		mg_config_set_baseline(&o, missing);
		got = check_text(&o, "a.sql", "SELECT 1;\n");
		assert_string_equal(got, "error:cannot read the baseline: No such file or directory\n");
		free(got);
		free(missing);
	}
	{
		FILE *f = fopen(bl, "w");
		assert_non_null(f);
		fputs("# header\nnot a line\n", f);
		fclose(f);
		mg_config_set_baseline(&o, bl);
		got = check_text(&o, "a.sql", "SELECT 1;\n");
		assert_string_equal(got, "error:line 2: not a baseline entry "
				    "(\"<32 hex digits> <rule> <path>\")\n");
		free(got);
	}
	mg_options_free(&o);
	unlink(bl);
	rmdir(dir);
	free(bl);
}

/* Findings of the regex packs in other languages: '#' comments, next line. */
static void other_languages(void **state)
{
	static const char rb[] =
		"class AddIndex < ActiveRecord::Migration[7.0]\n"
		"  # migguard:ignore rails-add-index-non-concurrently table has 10 rows\n"
		"  add_index :users, :email\n"
		"  add_index :users, :name\n"
		"  # squawk-ignore rails-remove-column\n"
		"end\n";
	mg_options o;
	mg_changeset cs;
	mg_result res;
	mg_file_change *f;
	(void)state;

	mg_options_init(&o);
	mg_changeset_init(&cs);
	mg_result_init(&res);
	f = mg_changeset_add_file(&cs, "db/migrate/1_add_index.rb", MG_ADDED);
	f->data = mg_xstrdup(rb);
	f->len = strlen(rb);
	mg_result_add(&res, "rails-add-index-non-concurrently", MG_SEV_ERROR,
		      "db/migrate/1_add_index.rb", 3, 3, 3, 27, "m", NULL, NULL);
	mg_result_add(&res, "rails-add-index-non-concurrently", MG_SEV_ERROR,
		      "db/migrate/1_add_index.rb", 4, 3, 4, 26, "m", NULL, NULL);
	mg_suppress_apply(&o, &cs, &res);
	mg_result_sort(&res);
	assert_int_equal(res.nfindings, 3);
	assert_int_equal(res.findings[0].line, 4);
	assert_string_equal(res.findings[0].rule, "rails-add-index-non-concurrently");
	assert_int_equal(res.findings[1].line, 5);
	assert_string_equal(res.findings[1].rule, "suppression-without-reason");
	assert_int_equal(res.findings[2].line, 5);
	assert_string_equal(res.findings[2].rule, "unused-ignore");
	assert_int_equal(res.findings[2].column, 3);
	mg_result_free(&res);
	mg_changeset_free(&cs);
	mg_options_free(&o);
}

static void max_file_size(void **state)
{
	mg_options o;
	(void)state;

	mg_options_init(&o);
	o.max_file_size = 10;
	expect(&o, "DROP TABLE abc;\n",
	       "error:file is 16 bytes, more than migguard.maxFileSize (10 bytes): not checked\n");
	mg_options_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(placeholders),
		cmocka_unit_test(placeholders_in_pipeline),
		cmocka_unit_test(inline_forms),
		cmocka_unit_test(alias_message),
		cmocka_unit_test(server_ignores_inline),
		cmocka_unit_test(baseline_round_trip),
		cmocka_unit_test(other_languages),
		cmocka_unit_test(max_file_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
