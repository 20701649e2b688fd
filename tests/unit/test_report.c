/* test_report.c - text and JSON output, and control-character safety. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "finding.h"
#include "report/report.h"

static char *render(mg_reporter fn, const mg_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	mg_report_opts o = { 0, "test" };

	assert_non_null(f);
	assert_int_equal(fn(f, r, &o), 0);
	fclose(f);
	return buf;
}

static void text_format(void **state)
{
	mg_result r;
	char *out;
	(void)state;
	mg_result_init(&r);
	r.files_checked = 1;
	mg_result_add(&r, "ban-drop-table", MG_SEV_ERROR, "db/migrations/1.sql", 3, 1, 3, 20,
		      "DROP TABLE \"x\" deletes data", "do not", NULL);
	out = render(mg_report_text, &r);
	assert_string_equal(out,
			    "db/migrations/1.sql:3:1: error: DROP TABLE \"x\" deletes data [ban-drop-table]\n"
			    "  help: do not\n"
			    "1 error, 0 warnings in 1 file checked\n");
	free(out);
	mg_result_free(&r);
}

static void json_format(void **state)
{
	mg_result r;
	char *out;
	(void)state;
	mg_result_init(&r);
	r.files_checked = 2;
	mg_result_add(&r, "x", MG_SEV_WARNING, "a\"b.sql", 1, 2, 3, 4, "m\n", NULL, "abc");
	mg_result_add_error(&r, "c.sql", "bad");
	out = render(mg_report_json, &r);
	assert_string_equal(out,
			    "{\"version\": 1, \"files_checked\": 2, \"findings\": [\n"
			    "  {\"rule\": \"x\", \"severity\": \"warning\", \"path\": \"a\\\"b.sql\", "
			    "\"line\": 1, \"column\": 2, \"end_line\": 3, \"end_column\": 4, "
			    "\"message\": \"m\\n\", \"help\": null, \"commit\": \"abc\"}],\n"
			    " \"errors\": [\n  {\"path\": \"c.sql\", \"message\": \"bad\"}]}\n");
	free(out);
	mg_result_free(&r);
}

static void control_chars_never_echoed(void **state)
{
	mg_result r;
	char *out;
	const char *evil = "db/migrations/\x1b]0;pwned\x07\x1b[2J\r\xc2\x9b" "1.sql";
	size_t i;
	(void)state;
	mg_result_init(&r);
	mg_result_add(&r, "ban-drop-table", MG_SEV_ERROR, evil, 1, 1, 1, 1, "msg \x1b[31m", "h\x08",
		      NULL);
	mg_result_add_error(&r, evil, "x\x1b");
	out = render(mg_report_text, &r);
	for (i = 0; out[i]; i++)
		assert_true(out[i] == '\n' || ((unsigned char)out[i] >= 0x20 && out[i] != 0x7f));
	assert_null(strstr(out, "\xc2\x9b"));
	assert_non_null(strstr(out, "\\x1b]0;pwned\\x07"));
	free(out);
	out = render(mg_report_json, &r);
	for (i = 0; out[i]; i++)
		assert_true(out[i] == '\n' || ((unsigned char)out[i] >= 0x20 && out[i] != 0x7f));
	assert_non_null(strstr(out, "\\u001b]0;pwned\\u0007"));
	free(out);
	mg_result_free(&r);
}

static void utf8_passes_through(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	(void)state;
	mg_put_sanitized(f, "caf\xc3\xa9 \xff");
	fclose(f);
	assert_string_equal(buf, "caf\xc3\xa9 \\xff");
	free(buf);
}

static void exit_codes(void **state)
{
	mg_result r;
	(void)state;
	mg_result_init(&r);
	assert_int_equal(mg_result_exit_code(&r, MG_SEV_ERROR), 0);
	mg_result_add(&r, "w", MG_SEV_WARNING, "p", 1, 1, 1, 1, "m", NULL, NULL);
	assert_int_equal(mg_result_exit_code(&r, MG_SEV_ERROR), 0);
	assert_int_equal(mg_result_exit_code(&r, MG_SEV_WARNING), 1);
	mg_result_add(&r, "e", MG_SEV_ERROR, "p", 1, 1, 1, 1, "m", NULL, NULL);
	assert_int_equal(mg_result_exit_code(&r, MG_SEV_ERROR), 1);
	mg_result_add_error(&r, "p", "broken");
	assert_int_equal(mg_result_exit_code(&r, MG_SEV_ERROR), 2);
	mg_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_format),
		cmocka_unit_test(json_format),
		cmocka_unit_test(control_chars_never_echoed),
		cmocka_unit_test(utf8_passes_through),
		cmocka_unit_test(exit_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
