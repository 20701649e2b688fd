/* test_formats.c - SARIF, GitHub and GitLab output: exact shapes, and no
 * control character from a path, message or help ever reaches the output
 * raw.  (tests/e2e/config.sh parses the JSON formats with a real parser.) */
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
#include "util.h"

static char *render(mg_reporter fn, const mg_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	mg_report_opts o = { 0, "1.2.3" };

	assert_non_null(f);
	assert_int_equal(fn(f, r, &o), 0);
	fclose(f);
	return buf;
}

static void sample(mg_result *r)
{
	mg_result_init(r);
	r->files_checked = 2;
	mg_result_add(r, "ban-drop-table", MG_SEV_ERROR, "db/migrations/1 a.sql", 3, 1, 3, 14,
		      "DROP TABLE \"x\": 100%, sure", "do not", NULL);
	mg_result_add(r, "ban-drop-table", MG_SEV_WARNING, "db/migrations/1 a.sql", 9, 2, 10, 4,
		      "DROP TABLE \"x\": 100%, sure", NULL, "0123456789abcdef0123456789abcdef01234567");
	mg_result_add_error(r, "db/migrations/2.sql", "binary content");
}

static void github_shape(void **state)
{
	mg_result r;
	char *out;
	(void)state;

	sample(&r);
	out = render(mg_report_github, &r);
	assert_string_equal(out,
		"::error file=db/migrations/1 a.sql,line=3,col=1,endLine=3,endColumn=14,"
		"title=ban-drop-table::DROP TABLE \"x\": 100%25, sure%0Ahelp: do not\n"
		"::warning file=db/migrations/1 a.sql,line=9,col=2,endLine=10,"
		"title=ban-drop-table::DROP TABLE \"x\": 100%25, sure"
		"%0Acommit: 0123456789abcdef0123456789abcdef01234567\n"
		"::error file=db/migrations/2.sql,title=migguard::binary content\n"
		"migguard: 1 error, 1 warning in 2 files checked (some files could not be checked)\n");
	free(out);
	mg_result_free(&r);
}

static void github_escaping(void **state)
{
	mg_result r;
	char *out;
	size_t i;
	(void)state;

	mg_result_init(&r);
	mg_result_add(&r, "r,1:x", MG_SEV_ERROR, "a,b:c\n::error::forged.sql", 1, 1, 1, 1,
		      "line1\r\nline2\n::warning::forged\x1b[31m\xc2\x9b\xff", "h\x07", NULL);
	out = render(mg_report_github, &r);
	assert_string_equal(out,
		"::error file=a%2Cb%3Ac%0A%3A%3Aerror%3A%3Aforged.sql,line=1,col=1,endLine=1,"
		"title=r%2C1%3Ax::line1%0D%0Aline2%0A::warning::forged%1B[31m%C2%9B%FF"
		"%0Ahelp: h%07\n"
		"migguard: 1 error, 0 warnings in 0 files checked\n");
	/* exactly two lines: nothing can start a command of its own */
	for (i = 0; out[i]; i++)
		assert_true(out[i] == '\n' || ((unsigned char)out[i] >= 0x20 && out[i] != 0x7f));
	free(out);
	mg_result_free(&r);
}

static void gitlab_shape(void **state)
{
	mg_result r;
	char *out, fp1[33], fp2[33];
	(void)state;

	sample(&r);
	out = render(mg_report_gitlab, &r);
	/* the two findings share rule, path and message: distinct fingerprints */
	assert_int_equal(sscanf(out, "[\n  {\"description\": \"DROP TABLE \\\"x\\\": 100%%, sure\", "
				"\"check_name\": \"ban-drop-table\", \"fingerprint\": \"%32[0-9a-f]\"",
				fp1), 1);
	{
		const char *second = strstr(out, "},\n  {");
		assert_non_null(second);
		assert_int_equal(sscanf(second, "},\n  {\"description\": \"DROP TABLE \\\"x\\\": "
					"100%%, sure\", \"check_name\": \"ban-drop-table\", "
					"\"fingerprint\": \"%32[0-9a-f]\"", fp2), 1);
	}
	assert_string_not_equal(fp1, fp2);
	assert_non_null(strstr(out, "\"severity\": \"major\", \"location\": {\"path\": "
			       "\"db/migrations/1 a.sql\", \"lines\": {\"begin\": 3, \"end\": 3}}}"));
	assert_non_null(strstr(out, "\"severity\": \"minor\", \"location\": {\"path\": "
			       "\"db/migrations/1 a.sql\", \"lines\": {\"begin\": 9, \"end\": 10}}}"));
	assert_non_null(strstr(out, "\"check_name\": \"migguard-error\""));
	assert_true(out[strlen(out) - 2] == ']');
	free(out);
	/* the fingerprint does not depend on the line */
	r.findings[0].line = 30;
	r.findings[0].end_line = 31;
	out = render(mg_report_gitlab, &r);
	assert_non_null(strstr(out, fp1));
	free(out);
	mg_result_free(&r);
	/* no findings: an empty array */
	mg_result_init(&r);
	out = render(mg_report_gitlab, &r);
	assert_string_equal(out, "[]\n");
	free(out);
	mg_result_free(&r);
}

static void sarif_shape(void **state)
{
	mg_result r;
	char *out;
	(void)state;

	sample(&r);
	out = render(mg_report_sarif, &r);
	assert_true(mg_starts_with(out, "{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
			     " \"version\": \"2.1.0\",\n"
			     " \"runs\": [{\"tool\": {\"driver\": {\"name\": \"migguard\", "
			     "\"version\": \"1.2.3\""));
	/* one rule entry for the two results, with the catalogue's text */
	assert_non_null(strstr(out, "\"rules\": [\n   {\"id\": \"ban-drop-table\", \"name\": "
			       "\"ban-drop-table\", \"shortDescription\": {\"text\": \""));
	assert_null(strstr(out, "},\n   {\"id\": \"ban-drop-table\""));
	assert_non_null(strstr(out, "\"defaultConfiguration\": {\"level\": \"error\"}"));
	/* results: level, message with help, URI-encoded path, region */
	assert_non_null(strstr(out,
		"{\"ruleId\": \"ban-drop-table\", \"ruleIndex\": 0, \"level\": \"error\", "
		"\"message\": {\"text\": \"DROP TABLE \\\"x\\\": 100%, sure\\nhelp: do not\"}, "
		"\"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
		"{\"uri\": \"db/migrations/1%20a.sql\", \"uriBaseId\": \"%SRCROOT%\"}, "
		"\"region\": {\"startLine\": 3, \"startColumn\": 1, \"endLine\": 3, "
		"\"endColumn\": 14}}}], \"partialFingerprints\": {\"migguardFindingHash/v1\": \""));
	assert_non_null(strstr(out, "\"level\": \"warning\""));
	assert_non_null(strstr(out, "\\ncommit: 0123456789abcdef0123456789abcdef01234567"));
	/* the file that could not be checked */
	assert_non_null(strstr(out, "\"invocations\": [{\"executionSuccessful\": false, "
			       "\"toolExecutionNotifications\": [\n   {\"level\": \"error\", "
			       "\"message\": {\"text\": \"binary content\"}"));
	assert_string_equal(out + strlen(out) - 7, "]}]}]}\n");
	free(out);
	mg_result_free(&r);
}

/* A finding outside any file (a commit message) cannot be a GitHub result
 * (no location): it becomes a tool notification tied to its rule. */
static void sarif_commit_finding(void **state)
{
	mg_result r;
	char *out;
	(void)state;

	mg_result_init(&r);
	mg_result_add(&r, "ai-marker-unreviewed", MG_SEV_ERROR, "", 4, 1, 4, 1,
		      "AI marker, no review", NULL, "abc");
	out = render(mg_report_sarif, &r);
	assert_non_null(strstr(out, "\"results\": []"));
	assert_non_null(strstr(out, "\"invocations\": [{\"executionSuccessful\": true, "
			       "\"toolExecutionNotifications\": [\n   {\"level\": \"error\", "
			       "\"message\": {\"text\": \"AI marker, no review\\ncommit: abc\"}, "
			       "\"associatedRule\": {\"id\": \"ai-marker-unreviewed\", \"index\": 0}}]}]}]}\n"));
	free(out);
	mg_result_free(&r);
}

static void json_formats_escape_controls(void **state)
{
	static const mg_reporter fns[] = { mg_report_sarif, mg_report_gitlab, mg_report_json };
	const char *evil = "db/\x1b]0;pwned\x07\r\n\"\\\x7f\xc2\x9b.sql";
	mg_result r;
	size_t k, i;
	(void)state;

	mg_result_init(&r);
	mg_result_add(&r, "x\x1b", MG_SEV_ERROR, evil, 1, 1, 1, 2, "m\x1b[2J\x01", "h\x08", "c\n");
	mg_result_add_error(&r, evil, "e\x1b");
	for (k = 0; k < MG_ARRAY_SIZE(fns); k++) {
		char *out = render(fns[k], &r);
		for (i = 0; out[i]; i++)
			assert_true(out[i] == '\n' ||
				    ((unsigned char)out[i] >= 0x20 && out[i] != 0x7f));
		assert_null(strstr(out, "\xc2\x9b"));
		free(out);
	}
	/* SARIF percent-encodes the URI */
	{
		char *out = render(mg_report_sarif, &r);
		assert_non_null(strstr(out, "\"uri\": \"db/%1B%5D0%3Bpwned%07%0D%0A%22%5C%7F%C2%9B.sql\""));
		free(out);
	}
	mg_result_free(&r);
}

static void registry_names(void **state)
{
	(void)state;
	assert_ptr_equal(mg_report_find("sarif"), mg_report_sarif);
	assert_ptr_equal(mg_report_find("github"), mg_report_github);
	assert_ptr_equal(mg_report_find("gitlab"), mg_report_gitlab);
	assert_null(mg_report_find("xml"));
	assert_string_equal(mg_report_names(), "text|json|sarif|github|gitlab");
}

static void fingerprint_stable(void **state)
{
	const char *a[] = { "ab", "c" }, *b[] = { "a", "bc" };
	char f1[33], f2[33], f3[33];
	(void)state;

	mg_fingerprint(a, 2, f1);
	mg_fingerprint(a, 2, f2);
	mg_fingerprint(b, 2, f3);
	assert_string_equal(f1, f2);
	assert_string_not_equal(f1, f3); /* part boundaries count */
	assert_int_equal(strlen(f1), 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(github_shape),
		cmocka_unit_test(github_escaping),
		cmocka_unit_test(gitlab_shape),
		cmocka_unit_test(sarif_shape),
		cmocka_unit_test(sarif_commit_finding),
		cmocka_unit_test(json_formats_escape_controls),
		cmocka_unit_test(registry_names),
		cmocka_unit_test(fingerprint_stable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
