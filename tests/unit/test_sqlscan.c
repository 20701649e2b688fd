/* test_sqlscan.c - the quick lexer of sql.c (mg_sql_quick_scan) against
 * PostgreSQL's own scanner: the same comments on every text PostgreSQL
 * parses, and a nesting bound never below sqldepth.c's.  Crafted cases
 * first, then every .sql file of the fixtures, the fuzz seeds and, when it
 * is there, the shared corpus of real migrations. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <cmocka.h>

#include "sql.h"
#include "sqldepth.h"
#include "sqlfiles.h"

/* PostgreSQL's comments of text, or -1 when its scanner rejects it. */
static int pg_comments(const char *text, size_t base, mg_comment **out, size_t *n)
{
	PgQueryScanResult sr = pg_query_scan(text);
	PgQuery__ScanResult *scan;
	size_t i;

	*out = NULL;
	*n = 0;
	if (sr.error) {
		pg_query_free_scan_result(sr);
		return -1;
	}
	scan = pg_query__scan_result__unpack(NULL, sr.pbuf.len, (const uint8_t *)sr.pbuf.data);
	assert_non_null(scan);
	*out = calloc(scan->n_tokens + 1, sizeof(**out));
	for (i = 0; i < scan->n_tokens; i++) {
		const PgQuery__ScanToken *t = scan->tokens[i];
		if (t->token != PG_QUERY__TOKEN__SQL_COMMENT && t->token != PG_QUERY__TOKEN__C_COMMENT)
			continue;
		(*out)[*n].start = (size_t)t->start + base;
		(*out)[*n].end = (size_t)t->end + base;
		(*out)[*n].is_line = t->token == PG_QUERY__TOKEN__SQL_COMMENT;
		(*n)++;
	}
	pg_query__scan_result__free_unpacked(scan, NULL);
	pg_query_free_scan_result(sr);
	return 0;
}

static int parses(const char *text)
{
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf(text);
	int ok = pr.error == NULL;

	pg_query_free_protobuf_parse_result(pr);
	return ok;
}

static size_t nchecked, nquick;

/* Checks one text; returns the quick lexer's verdict (0 or -1). */
static int check_text(const char *name, const char *src, size_t len)
{
	size_t base = len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3) ? 3 : 0, nq = 0, np = 0, i;
	const char *text = src + base;
	mg_comment *q = NULL, *p = NULL;
	int rc, prc;

	if (memchr(src, '\0', len))
		return -1;
	nchecked++;
	rc = mg_sql_quick_scan(text, len - base, base, &q, &nq);
	if (rc != 0)
		return rc;
	nquick++;
	prc = pg_comments(text, base, &p, &np);
	if (prc == 0) {
		/* the bound: nothing sqldepth.c would blank */
		mg_sql s;
		char *deep;
		memset(&s, 0, sizeof(s));
		deep = mg_sql_depth_blank(&s, text);
		if (deep)
			fail_msg("%s: quick bound under sqldepth's", name);
		free(s.errors);
	}
	if (prc == 0 && parses(text)) {
		if (nq != np)
			fail_msg("%s: %zu comments, PostgreSQL's scanner finds %zu", name, nq, np);
		for (i = 0; i < nq; i++)
			if (q[i].start != p[i].start || q[i].end != p[i].end ||
			    q[i].is_line != p[i].is_line)
				fail_msg("%s: comment %zu at [%zu,%zu) line=%d, PostgreSQL's at "
					 "[%zu,%zu) line=%d", name, i, q[i].start, q[i].end,
					 q[i].is_line, p[i].start, p[i].end, p[i].is_line);
	}
	free(q);
	free(p);
	return 0;
}

static void crafted(void **state)
{
	static const char *const ok[] = {
		"SELECT 1; -- one\n/* two */ SELECT 2;",
		"SELECT 'a -- not' /* yes */, \"b /* not */\" -- yes\n;",
		"SELECT 'a'\n-- swallowed by the continuation\n'b';",
		"SELECT 'a' -- also swallowed\n  'b' /* kept */;",
		"SELECT 'a' /* kept: no newline before */ 'b';",
		"SELECT 'a'\n-- kept: no quote follows\n;",
		"SELECT E'it\\'s -- not a comment' -- comment\n;",
		"SELECT E'x'\n'\\' -- still inside' -- out\n;",
		"SELECT 'a''b -- no' -- yes\n;",
		"SELECT B'0101', X'FF' -- c\n;",
		"SELECT N'x' /* c */;",
		"SELECT U&'d\\0061t' UESCAPE '\\' /* c */, U&\"a -- b\" -- c\n;",
		"SELECT /* outer /* inner */ still -- outer */ 1;",
		"SELECT /**/ 1 /***/ + /* ** */ 2; /*/ x */",
		"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; -- in $$ LANGUAGE sql; -- out\n",
		"CREATE FUNCTION f() RETURNS int AS $body$ $$ -- in $x$ $body$ LANGUAGE sql; -- out\n",
		"CREATE FUNCTION f() RETURNS int AS $a$ $ba$ $a$ LANGUAGE sql /* c */;",
		"PREPARE p AS SELECT $1 -- c\n, $2;",
		"SELECT a$b -- c\nFROM t$ /* c */;",
		"SELECT 1.5e-3 --c\n, .5, 1e5, 1.e3 /* c */;",
		"SELECT 1 <--> 2 -- c\n;",
		"SELECT 2 */* c */ 3;",
		"SELECT 'x'\r\n-- crlf\r\n'y'; -- c\r\n",
		"SELECT CASE WHEN a THEN b ELSE c END -- c\n FROM t;",
		"select x::text, y[1] -- c\n from t;",
		"\xEF\xBB\xBF-- bom\nSELECT 1;",
		"SELECT 'ünïcode' -- ç\n, \"ïd\" /* é */;",
		"-- only a comment",
		"",
	};
	static const char *const unsure[] = {
		"SELECT 'unterminated",
		"SELECT /* unterminated",
		"SELECT $$ unterminated",
		"SELECT \"unterminated",
		"SELECT 1abc;",
		"SELECT 1'x';",
		"SELECT $1abc;",
	};
	size_t i;
	char name[32];
	(void)state;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(name, sizeof(name), "ok[%zu]", i);
		assert_int_equal(check_text(name, ok[i], strlen(ok[i])), 0);
	}
	for (i = 0; i < sizeof(unsure) / sizeof(unsure[0]); i++) {
		mg_comment *c = NULL;
		size_t n = 0;
		assert_int_equal(mg_sql_quick_scan(unsure[i], strlen(unsure[i]), 0, &c, &n), -1);
		assert_null(c);
	}
}

static void deep_gives_up(void **state)
{
	size_t n = MG_SQL_MAX_DEPTH + 10, i, nc = 0;
	char *text = malloc(n * 2 + 16);
	mg_comment *c = NULL;
	(void)state;

	strcpy(text, "SELECT 1");
	for (i = 0; i < n; i++)
		strcat(text + 7 + 2 * i, "+1");
	assert_int_equal(mg_sql_quick_scan(text, strlen(text), 0, &c, &nc), -1);
	/* the same length as a flat list stays under the bound */
	for (i = 0; text[i]; i++)
		if (text[i] == '+')
			text[i] = ',';
	assert_int_equal(mg_sql_quick_scan(text, strlen(text), 0, &c, &nc), 0);
	free(c);
	free(text);
}

static void visit(const char *path, const char *text, size_t len)
{
	(void)check_text(path, text, len);
}

static void files(void **state)
{
	(void)state;

	mg_test_each_sql(visit);
	print_message("sqlscan: %zu texts, the quick lexer took %zu\n", nchecked, nquick);
	/* the fixtures alone hold texts it must take */
	assert_true(nquick > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crafted),
		cmocka_unit_test(deep_gives_up),
		cmocka_unit_test(files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
