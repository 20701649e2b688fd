/* test_sql.c - statement positions, comments and parse errors. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sql.h"

static void parse_ok(mg_sql *s, const char *text)
{
	assert_int_equal(mg_sql_parse(s, text, strlen(text)), 0);
	assert_false(s->has_error);
}

static void lf_positions(void **state)
{
	mg_sql s;
	(void)state;
	parse_ok(&s, "SELECT 1;\nSELECT 2;\n\n  SELECT 3;\n");
	assert_int_equal(s.nstmts, 3);
	assert_int_equal(s.stmts[0].line, 1);
	assert_int_equal(s.stmts[0].column, 1);
	assert_int_equal(s.stmts[1].line, 2);
	assert_int_equal(s.stmts[1].column, 1);
	assert_int_equal(s.stmts[2].line, 4);
	assert_int_equal(s.stmts[2].column, 3);
	assert_int_equal(s.stmts[2].end_line, 4);
	assert_int_equal(s.stmts[2].end_column, 10); /* "SELECT 3" ends at byte 10 */
	mg_sql_free(&s);
}

static void crlf_positions(void **state)
{
	mg_sql s;
	(void)state;
	parse_ok(&s, "SELECT 1;\r\n\r\nSELECT\r\n  2;\r\n");
	assert_int_equal(s.nstmts, 2);
	assert_int_equal(s.stmts[1].line, 3);
	assert_int_equal(s.stmts[1].column, 1);
	assert_int_equal(s.stmts[1].end_line, 4);
	mg_sql_free(&s);
}

static void bom_does_not_shift(void **state)
{
	mg_sql s;
	(void)state;
	parse_ok(&s, "\xEF\xBB\xBFSELECT 1;\nSELECT 2;\n");
	assert_int_equal(s.base, 3);
	assert_int_equal(s.stmts[0].line, 1);
	assert_int_equal(s.stmts[0].column, 1);
	assert_int_equal(s.stmts[1].line, 2);
	assert_int_equal(s.stmts[1].column, 1);
	assert_int_equal(s.stmts[1].start, 13);
	mg_sql_free(&s);
}

static void statement_after_comments(void **state)
{
	mg_sql s;
	(void)state;
	parse_ok(&s, "-- header\n/* block\n comment */\nSELECT 1;\n-- between\n\n  -- x\n  CREATE TABLE t (\n id int\n);\n");
	assert_int_equal(s.nstmts, 2);
	assert_int_equal(s.stmts[0].line, 4);
	assert_int_equal(s.stmts[1].line, 8);
	assert_int_equal(s.stmts[1].column, 3);
	assert_int_equal(s.stmts[1].end_line, 10);
	assert_int_equal(s.ncomments, 4);
	assert_true(s.comments[0].is_line);
	assert_false(s.comments[1].is_line);
	mg_sql_free(&s);
}

static void parse_error_position(void **state)
{
	mg_sql s;
	int line, col;
	const char *text = "SELECT 1;\nALTER TABLE t ADD COLUMN;\n";
	(void)state;
	assert_int_equal(mg_sql_parse(&s, text, strlen(text)), 0);
	assert_true(s.has_error);
	assert_non_null(strstr(s.error, "syntax error"));
	mg_sql_position(&s, s.error_offset, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 25);
	mg_sql_free(&s);
}

static void parse_error_after_utf8(void **state)
{
	mg_sql s;
	int line, col;
	/* the cursor is counted in characters by PostgreSQL: "é" is 2 bytes */
	const char *text = "SELECT 'é';\nSELEC 1;\n";
	(void)state;
	assert_int_equal(mg_sql_parse(&s, text, strlen(text)), 0);
	assert_true(s.has_error);
	mg_sql_position(&s, s.error_offset, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	mg_sql_free(&s);
}

static void nul_byte_refused(void **state)
{
	mg_sql s;
	(void)state;
	assert_int_equal(mg_sql_parse(&s, "SELECT 1;\0DROP TABLE x;", 23), -1);
	mg_sql_free(&s);
}

static void empty_and_comment_only(void **state)
{
	mg_sql s;
	(void)state;
	parse_ok(&s, "");
	assert_int_equal(s.nstmts, 0);
	mg_sql_free(&s);
	parse_ok(&s, "-- nothing here\n/* at all */\n");
	assert_int_equal(s.nstmts, 0);
	assert_int_equal(s.ncomments, 2);
	mg_sql_free(&s);
}

/* A rejected statement does not hide the others: the file is split with
 * the scanner and the statements that parse keep their file positions. */
static void recovers_after_bad_statement(void **state)
{
	mg_sql s;
	int line, col;
	const char *text = "CREATE TABLE a (id bigint);\nSELEC 1;\n  DROP TABLE b;\n"
			   "ALTER TABLE c ADD COLUMN;\nDROP TABLE d;";
	(void)state;
	assert_int_equal(mg_sql_parse(&s, text, strlen(text)), 0);
	assert_true(s.has_error);
	assert_int_equal(s.nerrors, 2);
	assert_int_equal(s.nstmts, 3);
	assert_int_equal(s.stmts[0].line, 1);
	assert_int_equal(s.stmts[1].line, 3);
	assert_int_equal(s.stmts[1].column, 3);
	assert_int_equal(s.stmts[1].node->node_case, PG_QUERY__NODE__NODE_DROP_STMT);
	assert_int_equal(s.stmts[2].line, 5);
	assert_non_null(strstr(s.errors[0].message, "\"SELEC\""));
	mg_sql_position(&s, s.errors[0].offset, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	mg_sql_position(&s, s.errors[0].start, &line, &col);
	assert_int_equal(line, 2);
	mg_sql_position(&s, s.errors[1].offset, &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 25);
	assert_string_equal(s.error, s.errors[0].message);
	mg_sql_free(&s);
}

/* Text the scanner cannot split (an unterminated quote) is one error and
 * no statement. */
static void unsplittable_is_one_error(void **state)
{
	mg_sql s;
	const char *text = "CREATE TABLE a (id bigint);\nSELECT 'open;\n";
	(void)state;
	assert_int_equal(mg_sql_parse(&s, text, strlen(text)), 0);
	assert_true(s.has_error);
	assert_int_equal(s.nerrors, 0);
	assert_int_equal(s.nstmts, 0);
	assert_non_null(s.error);
	mg_sql_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lf_positions),
		cmocka_unit_test(crlf_positions),
		cmocka_unit_test(bom_does_not_shift),
		cmocka_unit_test(statement_after_comments),
		cmocka_unit_test(parse_error_position),
		cmocka_unit_test(parse_error_after_utf8),
		cmocka_unit_test(nul_byte_refused),
		cmocka_unit_test(empty_and_comment_only),
		cmocka_unit_test(recovers_after_bad_statement),
		cmocka_unit_test(unsplittable_is_one_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
