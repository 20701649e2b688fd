/* sql.c - parse SQL with libpg_query and anchor statements to lines. */
#include "config.h"
#include "sql.h"
#include "sqldepth.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void mg_lines_index(const char *src, size_t len, size_t **starts, size_t *n)
{
	size_t cap = 64, cnt = 0, i;
	size_t *v = mg_xmalloc(cap * sizeof(*v));

	v[cnt++] = 0;
	for (i = 0; i < len; i++) {
		if (src[i] == '\n') {
			if (cnt == cap) {
				cap *= 2;
				v = mg_xrealloc(v, cap * sizeof(*v));
			}
			v[cnt++] = i + 1;
		}
	}
	*starts = v;
	*n = cnt;
}

void mg_lines_position(const size_t *starts, size_t n, size_t base,
		       size_t offset, int *line, int *column)
{
	size_t lo = 0, hi = n;

	/* last line start <= offset */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	*line = (int)lo + 1;
	if (lo == 0 && offset >= base)
		*column = (int)(offset - base) + 1;
	else
		*column = (int)(offset - starts[lo]) + 1;
}

void mg_sql_position(const mg_sql *s, size_t offset, int *line, int *column)
{
	if (offset > s->len)
		offset = s->len;
	mg_lines_position(s->line_starts, s->nlines, s->base, offset, line, column);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Skips whitespace and comments from file offset off. */
static size_t skip_blank(const mg_sql *s, size_t off, size_t limit)
{
	size_t ci = 0;

	for (;;) {
		while (off < limit && is_space(s->src[off]))
			off++;
		while (ci < s->ncomments && s->comments[ci].end <= off)
			ci++;
		if (ci < s->ncomments && s->comments[ci].start == off) {
			off = s->comments[ci].end;
			continue;
		}
		return off;
	}
}

/* PostgreSQL reports the error cursor in characters (1-based); convert it to
 * a byte offset of the UTF-8 text. */
static size_t char_to_byte(const char *text, size_t len, int cursorpos)
{
	size_t i = 0;
	int chars = 0;

	if (cursorpos <= 1)
		return 0;
	while (i < len && chars < cursorpos - 1) {
		unsigned char c = (unsigned char)text[i];
		size_t w = 1;
		if (c >= 0xf0)
			w = 4;
		else if (c >= 0xe0)
			w = 3;
		else if (c >= 0xc0)
			w = 2;
		i += w;
		chars++;
	}
	return i > len ? len : i;
}

static void collect_comments(mg_sql *s, const char *text)
{
	PgQueryScanResult sr = pg_query_scan(text);
	PgQuery__ScanResult *scan;
	size_t i, n = 0;

	if (sr.error) {
		pg_query_free_scan_result(sr);
		return;
	}
	scan = pg_query__scan_result__unpack(NULL, sr.pbuf.len, (const uint8_t *)sr.pbuf.data);
	if (scan) {
		s->comments = mg_xcalloc(scan->n_tokens ? scan->n_tokens : 1,
					 sizeof(*s->comments));
		for (i = 0; i < scan->n_tokens; i++) {
			const PgQuery__ScanToken *t = scan->tokens[i];
			if (t->token != PG_QUERY__TOKEN__SQL_COMMENT &&
			    t->token != PG_QUERY__TOKEN__C_COMMENT)
				continue;
			s->comments[n].start = (size_t)t->start + s->base;
			s->comments[n].end = (size_t)t->end + s->base;
			s->comments[n].is_line = t->token == PG_QUERY__TOKEN__SQL_COMMENT;
			n++;
		}
		s->ncomments = n;
		pg_query__scan_result__free_unpacked(scan, NULL);
	}
	pg_query_free_scan_result(sr);
}

/* Parses text (the file from s->base on) into s->tree and s->stmts.
 * Returns 0, or 1 on a syntax error with *err and *cursor set from
 * PostgreSQL's error (the caller frees *err). */
static int parse_tree(mg_sql *s, const char *text, char **err, int *cursor)
{
	PgQueryProtobufParseResult pr;
	size_t i;

	pr = pg_query_parse_protobuf(text);
	if (pr.error) {
		*err = mg_xstrdup(pr.error->message ? pr.error->message : "syntax error");
		*cursor = pr.error->cursorpos;
		pg_query_free_protobuf_parse_result(pr);
		return 1;
	}
	s->tree = pg_query__parse_result__unpack(NULL, pr.parse_tree.len,
						 (const uint8_t *)pr.parse_tree.data);
	pg_query_free_protobuf_parse_result(pr);
	if (!s->tree) {
		*err = mg_xstrdup("internal error: cannot unpack the parse tree");
		*cursor = 0;
		return 1;
	}

	s->stmts = mg_xcalloc(s->tree->n_stmts ? s->tree->n_stmts : 1, sizeof(*s->stmts));
	for (i = 0; i < s->tree->n_stmts; i++) {
		const PgQuery__RawStmt *rs = s->tree->stmts[i];
		mg_stmt *st = &s->stmts[s->nstmts];
		size_t start = s->base + (size_t)(rs->stmt_location > 0 ? rs->stmt_location : 0);
		size_t end = rs->stmt_len > 0 ? start + (size_t)rs->stmt_len : s->len;

		if (!rs->stmt)
			continue;
		if (end > s->len)
			end = s->len;
		start = skip_blank(s, start, end);
		while (end > start && (is_space(s->src[end - 1]) || s->src[end - 1] == ';'))
			end--;
		st->node = rs->stmt;
		st->start = start;
		st->end = end > start ? end : start + 1;
		mg_sql_position(s, st->start, &st->line, &st->column);
		mg_sql_position(s, st->end - 1, &st->end_line, &st->end_column);
		s->nstmts++;
	}
	return 0;
}

static void free_errors(mg_sql *s)
{
	size_t i;

	for (i = 0; i < s->nerrors; i++)
		free(s->errors[i].message);
	free(s->errors);
	s->errors = NULL;
	s->nerrors = 0;
}

/* After the whole text failed to parse: splits it into statements with
 * PostgreSQL's scanner, parses each one alone, records the ones the grammar
 * rejects and parses the text again with those blanked out (byte offsets,
 * and so every position, stay those of the file).  Returns 0 when the rest
 * parsed, -1 when the text cannot be split (unterminated quote, ...). */
typedef struct range {
	size_t loc, len; /* in text coordinates */
} range;

static void push_range(range **v, size_t *n, size_t *cap, size_t loc, size_t len)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = mg_xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[*n].loc = loc;
	(*v)[*n].len = len;
	(*n)++;
}

/* Text between two statements of the scanner's split that is neither
 * blank, comment nor ';' is a statement the split skipped (it drops some
 * that do not start with a keyword): add it as a range of its own. */
static void push_gap(const mg_sql *s, range **v, size_t *n, size_t *cap, size_t from, size_t to)
{
	size_t off = from, end;

	for (;;) {
		off = skip_blank(s, s->base + off, s->base + to) - s->base;
		if (off < to && s->src[s->base + off] == ';') {
			off++;
			continue;
		}
		break;
	}
	if (off >= to)
		return;
	end = to;
	while (end > off && (is_space(s->src[s->base + end - 1]) || s->src[s->base + end - 1] == ';'))
		end--;
	push_range(v, n, cap, off, end - off);
}

/* After the whole text failed to parse: splits it into statements with
 * PostgreSQL's scanner, parses each one alone, records the ones the grammar
 * rejects and parses the text again with those blanked out (byte offsets,
 * and so every position, stay those of the file).  Returns 0 when the rest
 * parsed, -1 when the text cannot be split (unterminated quote, ...). */
static int recover(mg_sql *s, const char *text, size_t tlen)
{
	PgQuerySplitResult sp = pg_query_split_with_scanner(text);
	range *rv = NULL;
	size_t nr = 0, cap = 0, prev = 0, r;
	char *copy, *err = NULL;
	int i, cursor = 0;

	if (sp.error || sp.n_stmts < 0) {
		pg_query_free_split_result(sp);
		return -1;
	}
	for (i = 0; i < sp.n_stmts; i++) {
		size_t loc = (size_t)(sp.stmts[i]->stmt_location > 0 ? sp.stmts[i]->stmt_location : 0);
		size_t n = (size_t)(sp.stmts[i]->stmt_len > 0 ? sp.stmts[i]->stmt_len : 0);

		if (loc >= tlen || loc < prev)
			continue;
		if (n == 0 || n > tlen - loc)
			n = tlen - loc;
		push_gap(s, &rv, &nr, &cap, prev, loc);
		push_range(&rv, &nr, &cap, loc, n);
		prev = loc + n;
	}
	pg_query_free_split_result(sp);
	push_gap(s, &rv, &nr, &cap, prev, tlen);

	copy = mg_xmalloc(tlen + 1);
	memcpy(copy, text, tlen);
	copy[tlen] = '\0';
	for (r = 0; r < nr; r++) {
		size_t loc = rv[r].loc, n = rv[r].len;
		size_t k, with_semi;
		char *one;
		PgQueryProtobufParseResult pr;

		/* keep the ';' so the message reads as for the whole file */
		with_semi = n + (loc + n < tlen && text[loc + n] == ';');
		one = mg_xmalloc(with_semi + 1);
		memcpy(one, text + loc, with_semi);
		one[with_semi] = '\0';
		pr = pg_query_parse_protobuf(one);
		if (pr.error) {
			mg_sql_error *e;
			size_t start = s->base + loc, end = s->base + loc + n;

			s->errors = mg_xrealloc(s->errors, (s->nerrors + 1) * sizeof(*s->errors));
			e = &s->errors[s->nerrors++];
			e->message = mg_xstrdup(pr.error->message ? pr.error->message : "syntax error");
			e->offset = start + char_to_byte(one, with_semi, pr.error->cursorpos);
			start = skip_blank(s, start, end);
			while (end > start && is_space(s->src[end - 1]))
				end--;
			e->start = start;
			e->end = end > start ? end : start + 1;
			for (k = loc; k < loc + n; k++)
				if (copy[k] != '\n' && copy[k] != '\r')
					copy[k] = ' ';
		}
		pg_query_free_protobuf_parse_result(pr);
		free(one);
	}
	free(rv);
	if (!s->nerrors || parse_tree(s, copy, &err, &cursor) != 0) {
		free(err);
		free(copy);
		free_errors(s);
		return -1;
	}
	free(copy);
	return 0;
}

int mg_sql_parse(mg_sql *s, const char *src, size_t len)
{
	const char *text;
	size_t tlen;
	char *err = NULL;
	int cursor = 0;
	char *deep;

	memset(s, 0, sizeof(*s));
	s->src = src;
	s->len = len;
	mg_lines_index(src, len, &s->line_starts, &s->nlines);
	if (memchr(src, '\0', len))
		return -1;
	if (len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3))
		s->base = 3;
	text = src + s->base;
	tlen = len - s->base;

	collect_comments(s, text);

	/* statements nested deep enough to overflow the stack in libpg_query
	 * or protobuf-c are rejected (s->errors) and blanked before parsing */
	if ((deep = mg_sql_depth_blank(s, text)) != NULL)
		text = deep;
	if (parse_tree(s, text, &err, &cursor) == 0) {
		if (s->nerrors) {
			s->error = mg_xstrdup(s->errors[0].message);
			s->error_offset = s->errors[0].offset;
		}
		free(deep);
		return 0;
	}
	s->has_error = 1;
	if (recover(s, text, tlen) == 0) {
		free(err);
		s->error = mg_xstrdup(s->errors[0].message);
		s->error_offset = s->errors[0].offset;
		free(deep);
		return 0;
	}
	s->error = err;
	s->error_offset = s->base + char_to_byte(text, tlen, cursor);
	free(deep);
	return 0;
}

size_t mg_sql_node_offset(const mg_sql *s, const mg_stmt *st, int location)
{
	size_t off;

	if (location < 0)
		return st->start;
	off = s->base + (size_t)location;
	if (off < st->start || off >= st->end)
		return st->start;
	return off;
}

void mg_sql_free(mg_sql *s)
{
	if (s->tree)
		pg_query__parse_result__free_unpacked(s->tree, NULL);
	free(s->stmts);
	free(s->comments);
	free(s->line_starts);
	free(s->error);
	free_errors(s);
	memset(s, 0, sizeof(*s));
}
