/* fuzz_depth.c - libFuzzer target, differential: the quick lexer of sql.c
 * (mg_sql_quick_scan) against PostgreSQL's scanner.
 *  - The quick lexer may accept a text only when sqldepth.c's bound, from
 *    PostgreSQL's tokens, accepts it too: else a statement nested deep
 *    enough to overflow the stack in libpg_query would reach the parser.
 *  - When it accepts a text that PostgreSQL parses, its comments (where
 *    inline suppressions live) are exactly the scanner's. */
#include "config.h"
#include "fuzz.h"
#include "sql.h"
#include "sqldepth.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void scanner_comments(const char *text, mg_comment **out, size_t *n)
{
	PgQueryScanResult sr = pg_query_scan(text);
	PgQuery__ScanResult *scan;
	size_t i;

	*out = NULL;
	*n = 0;
	if (sr.error) {
		pg_query_free_scan_result(sr);
		return;
	}
	scan = pg_query__scan_result__unpack(NULL, sr.pbuf.len, (const uint8_t *)sr.pbuf.data);
	pg_query_free_scan_result(sr);
	if (!scan)
		abort();
	*out = mg_xcalloc(scan->n_tokens + 1, sizeof(**out));
	for (i = 0; i < scan->n_tokens; i++) {
		const PgQuery__ScanToken *t = scan->tokens[i];
		if (t->token != PG_QUERY__TOKEN__SQL_COMMENT && t->token != PG_QUERY__TOKEN__C_COMMENT)
			continue;
		(*out)[*n].start = (size_t)t->start;
		(*out)[*n].end = (size_t)t->end;
		(*out)[*n].is_line = t->token == PG_QUERY__TOKEN__SQL_COMMENT;
		(*n)++;
	}
	pg_query__scan_result__free_unpacked(scan, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *deep;
	mg_comment *qc = NULL, *pc;
	size_t nq = 0, np, i;
	mg_sql s;
	int quick;

	if (memchr(data, '\0', size))
		return 0;    /* never handed to either lexer */
	text = mg_xstrndup((const char *)data, size);
	quick = mg_sql_quick_scan(text, size, 0, &qc, &nq) == 0;
	memset(&s, 0, sizeof(s));
	deep = mg_sql_depth_blank(&s, text);
	if (quick && deep) {
		fprintf(stderr, "fuzz: the quick lexer accepted a statement nested deeper than %d\n",
			MG_SQL_MAX_DEPTH);
		abort();
	}
	if (quick && !deep) {
		PgQueryProtobufParseResult pr = pg_query_parse_protobuf(text);
		if (!pr.error) {
			scanner_comments(text, &pc, &np);
			if (np != nq) {
				fprintf(stderr, "fuzz: quick lexer found %zu comments, the scanner %zu\n", nq, np);
				abort();
			}
			for (i = 0; i < np; i++)
				if (pc[i].start != qc[i].start || pc[i].end != qc[i].end ||
				    pc[i].is_line != qc[i].is_line) {
					fprintf(stderr, "fuzz: comment %zu: quick [%zu, %zu) scanner [%zu, %zu)\n",
						i, qc[i].start, qc[i].end, pc[i].start, pc[i].end);
					abort();
				}
			free(pc);
		}
		pg_query_free_protobuf_parse_result(pr);
	}
	free(deep);
	for (i = 0; i < s.nerrors; i++)
		free(s.errors[i].message);
	free(s.errors);
	free(qc);
	free(text);
	return 0;
}
