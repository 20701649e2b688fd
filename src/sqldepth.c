/* sqldepth.c - nesting estimate before parsing (see sqldepth.h). */
#include "config.h"
#include "sqldepth.h"
#include "sql.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

/* Tokens that start a new element of a flat list in the parse tree. */
static int resets(int tok)
{
	switch (tok) {
	case PG_QUERY__TOKEN__ASCII_44:   /* , */
	case PG_QUERY__TOKEN__AND:
	case PG_QUERY__TOKEN__OR:
	case PG_QUERY__TOKEN__WHEN:
	case PG_QUERY__TOKEN__THEN:
	case PG_QUERY__TOKEN__ELSE:
		return 1;
	default:
		return 0;
	}
}

/* Tokens that never deepen the tree on their own. */
static int flat(int tok)
{
	switch (tok) {
	case PG_QUERY__TOKEN__IDENT:
	case PG_QUERY__TOKEN__UIDENT:
	case PG_QUERY__TOKEN__FCONST:
	case PG_QUERY__TOKEN__SCONST:
	case PG_QUERY__TOKEN__USCONST:
	case PG_QUERY__TOKEN__BCONST:
	case PG_QUERY__TOKEN__XCONST:
	case PG_QUERY__TOKEN__ICONST:
	case PG_QUERY__TOKEN__PARAM:
	case PG_QUERY__TOKEN__SQL_COMMENT:
	case PG_QUERY__TOKEN__C_COMMENT:
	case PG_QUERY__TOKEN__ASCII_46:   /* . (qualified names are flat lists) */
		return 1;
	default:
		return 0;
	}
}

/* Appends the statement text[start, end) as rejected and blanks it. */
static void reject(mg_sql *s, const char *text, char *copy, size_t start, size_t end,
		   size_t at)
{
	mg_sql_error *e;
	size_t k;

	s->errors = mg_xrealloc(s->errors, (s->nerrors + 1) * sizeof(*s->errors));
	e = &s->errors[s->nerrors++];
	e->message = mg_xasprintf("statement nested too deeply to parse safely (more than %d "
				  "levels of operators, parentheses or subqueries)",
				  MG_SQL_MAX_DEPTH);
	e->offset = s->base + at;
	while (start < end && isspace((unsigned char)text[start]))
		start++;
	while (end > start && isspace((unsigned char)text[end - 1]))
		end--;
	e->start = s->base + start;
	e->end = s->base + (end > start ? end : start + 1);
	for (k = start; k < end; k++)
		if (copy[k] != '\n' && copy[k] != '\r')
			copy[k] = ' ';
	s->has_error = 1;
}

char *mg_sql_depth_blank(mg_sql *s, const char *text)
{
	PgQueryScanResult sr = pg_query_scan(text);
	PgQuery__ScanResult *scan;
	size_t *level, nlevels = 0, cap = 16, depth = 0, i, len = strlen(text);
	size_t stmt_start = 0, at = 0;
	unsigned char *is_case;  /* the group was opened by CASE */
	int deep = 0;
	char *copy = NULL;

	if (sr.error) {
		pg_query_free_scan_result(sr);
		return NULL;
	}
	scan = pg_query__scan_result__unpack(NULL, sr.pbuf.len, (const uint8_t *)sr.pbuf.data);
	pg_query_free_scan_result(sr);
	if (!scan)
		return NULL;
	/* level[k]: operators and keywords seen in the k-th open group since
	 * its last list separator; depth = open groups + the sum of level[]. */
	level = mg_xmalloc(cap * sizeof(*level));
	is_case = mg_xmalloc(cap);
	is_case[0] = 0;
	level[nlevels++] = 0;
	for (i = 0; i < scan->n_tokens; i++) {
		const PgQuery__ScanToken *t = scan->tokens[i];
		int tok = t->token;
		size_t tstart = t->start > 0 ? (size_t)t->start : 0;

		if (tok == PG_QUERY__TOKEN__ASCII_59) {         /* ; */
			if (deep) {
				if (!copy)
					copy = mg_xstrndup(text, len);
				reject(s, text, copy, stmt_start, tstart, at);
			}
			nlevels = 1;
			level[0] = 0;
			depth = 0;
			deep = 0;
			stmt_start = t->end > 0 ? (size_t)t->end : tstart + 1;
			continue;
		}
		if (deep)
			continue;
		if (tok == PG_QUERY__TOKEN__ASCII_40 ||         /* ( */
		    tok == PG_QUERY__TOKEN__ASCII_91 ||         /* [ */
		    tok == PG_QUERY__TOKEN__CASE) {
			if (nlevels == cap) {
				cap *= 2;
				level = mg_xrealloc(level, cap * sizeof(*level));
				is_case = mg_xrealloc(is_case, cap);
			}
			is_case[nlevels] = tok == PG_QUERY__TOKEN__CASE;
			level[nlevels++] = 0;
			depth++;
		} else if (tok == PG_QUERY__TOKEN__ASCII_41 ||  /* ) */
			   tok == PG_QUERY__TOKEN__ASCII_93 ||  /* ] */
			   tok == PG_QUERY__TOKEN__END_P) {
			/* END closes a CASE only (not a transaction or a block) */
			if (nlevels > 1 && (tok != PG_QUERY__TOKEN__END_P || is_case[nlevels - 1]))
				depth -= level[--nlevels] + 1;
		} else if (resets(tok)) {
			depth -= level[nlevels - 1];
			level[nlevels - 1] = 0;
		} else if (!flat(tok)) {
			level[nlevels - 1]++;
			depth++;
		}
		if (depth > MG_SQL_MAX_DEPTH) {
			deep = 1;
			at = tstart;
		}
	}
	if (deep) {
		if (!copy)
			copy = mg_xstrndup(text, len);
		reject(s, text, copy, stmt_start, len, at);
	}
	free(level);
	free(is_case);
	pg_query__scan_result__free_unpacked(scan, NULL);
	return copy;
}
