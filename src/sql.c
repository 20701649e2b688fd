/* sql.c - parse SQL with libpg_query and anchor statements to lines. */
#include "config.h"
#include "sql.h"
#include "pbpack.h"
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

/* ---- a quick lexer: comments and a nesting bound without pg_query_scan ----
 *
 * pg_query_scan() costs about as much as the parse itself (the tokens go
 * through protobuf and back), and mg_sql_parse() needed it twice per file:
 * for the comments and for the nesting bound of sqldepth.c.  This lexer
 * follows PostgreSQL 15's scan.l where it matters for both: quoted strings
 * (standard, E'', B'', X'', N'', U&'' and their continuation across a
 * newline, which swallows "--" comments), quoted identifiers, dollar quotes,
 * nested C comments and "--" comments.  For the nesting bound it counts
 * every word, number and operator character as a level (sqldepth.c counts
 * keywords and operators, not identifiers or constants: an upper bound),
 * with the same groups, separators and CASE ... END.  It gives up (returns
 * -1) on anything unusual: an unterminated quote or comment, a number
 * running into a word or a quote, a bound over MG_SQL_MAX_DEPTH; the caller
 * then scans with PostgreSQL's scanner as before.  Its comments are used
 * only when the whole text parses, so a text PostgreSQL's scanner rejects
 * never gets them. */

static int q_ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int q_ident_cont(unsigned char c)
{
	return q_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static int q_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* After the closing quote of a string at p: the offset of the quote that
 * continues it (whitespace with a newline between, "--" comments allowed),
 * or (size_t)-1. */
static size_t q_continuation(const char *t, size_t len, size_t p)
{
	size_t k = p;

	for (;;) {
		while (k < len && (t[k] == ' ' || t[k] == '\t' || t[k] == '\f'))
			k++;
		if (k + 1 < len && t[k] == '-' && t[k + 1] == '-') {
			while (k < len && t[k] != '\n' && t[k] != '\r')
				k++;
			continue;
		}
		break;
	}
	if (k >= len || (t[k] != '\n' && t[k] != '\r'))
		return (size_t)-1;
	k++;
	for (;;) {
		if (k < len && (t[k] == ' ' || t[k] == '\t' || t[k] == '\n' || t[k] == '\r' ||
				t[k] == '\f')) {
			k++;
			continue;
		}
		if (k + 1 < len && t[k] == '-' && t[k + 1] == '-') {
			while (k < len && t[k] != '\n' && t[k] != '\r')
				k++;
			if (k >= len)
				return (size_t)-1;
			k++;
			continue;
		}
		break;
	}
	return k < len && t[k] == '\'' ? k : (size_t)-1;
}

/* A quoted string opening at t[p] == '\''; escapes: E'' backslashes.
 * Returns the offset after it, or (size_t)-1 when unterminated. */
static size_t q_string(const char *t, size_t len, size_t p, int escapes)
{
	size_t j = p + 1;

	for (;;) {
		if (j >= len)
			return (size_t)-1;
		if (escapes && t[j] == '\\') {
			j += 2;
			continue;
		}
		if (t[j] != '\'') {
			j++;
			continue;
		}
		if (j + 1 < len && t[j + 1] == '\'') {
			j += 2;
			continue;
		}
		p = q_continuation(t, len, j + 1);
		if (p == (size_t)-1)
			return j + 1;
		j = p + 1;
	}
}

static size_t q_quoted_ident(const char *t, size_t len, size_t p)
{
	size_t j = p + 1;

	for (;;) {
		const char *q = j < len ? memchr(t + j, '"', len - j) : NULL;
		if (!q)
			return (size_t)-1;
		j = (size_t)(q - t) + 1;
		if (j < len && t[j] == '"') {
			j++;
			continue;
		}
		return j;
	}
}

static int q_word_is(const char *w, size_t n, const char *kw)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!kw[i] || (w[i] | 0x20) != kw[i])
			return 0;
	return kw[n] == '\0';
}

typedef struct q_depth {
	size_t *level;
	unsigned char *is_case;
	size_t n, cap, depth;
} q_depth;

enum { Q_OTHER, Q_OPEN, Q_OPEN_CASE, Q_CLOSE, Q_END, Q_RESET, Q_SEMI };

/* sqldepth.c's bound, one token at a time; -1 when it passes the limit */
static int q_token(q_depth *d, int kind)
{
	switch (kind) {
	case Q_SEMI:
		d->n = 1;
		d->level[0] = 0;
		d->depth = 0;
		return 0;
	case Q_OPEN:
	case Q_OPEN_CASE:
		if (d->n == d->cap) {
			d->cap *= 2;
			d->level = mg_xrealloc(d->level, d->cap * sizeof(*d->level));
			d->is_case = mg_xrealloc(d->is_case, d->cap);
		}
		d->is_case[d->n] = kind == Q_OPEN_CASE;
		d->level[d->n++] = 0;
		d->depth++;
		break;
	case Q_CLOSE:
	case Q_END:
		if (d->n > 1 && (kind != Q_END || d->is_case[d->n - 1]))
			d->depth -= d->level[--d->n] + 1;
		break;
	case Q_RESET:
		d->depth -= d->level[d->n - 1];
		d->level[d->n - 1] = 0;
		break;
	default:
		d->level[d->n - 1]++;
		d->depth++;
		break;
	}
	return d->depth > MG_SQL_MAX_DEPTH ? -1 : 0;
}

static int q_word_kind(const char *w, size_t n)
{
	switch (w[0] | 0x20) {
	case 'a':
		return q_word_is(w, n, "and") ? Q_RESET : Q_OTHER;
	case 'c':
		return q_word_is(w, n, "case") ? Q_OPEN_CASE : Q_OTHER;
	case 'e':
		return q_word_is(w, n, "end") ? Q_END :
		       q_word_is(w, n, "else") ? Q_RESET : Q_OTHER;
	case 'o':
		return q_word_is(w, n, "or") ? Q_RESET : Q_OTHER;
	case 't':
		return q_word_is(w, n, "then") ? Q_RESET : Q_OTHER;
	case 'w':
		return q_word_is(w, n, "when") ? Q_RESET : Q_OTHER;
	default:
		return Q_OTHER;
	}
}

static void q_push_comment(mg_comment **v, size_t *n, size_t *cap, size_t start,
			   size_t end, int is_line)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = mg_xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[*n].start = start;
	(*v)[*n].end = end;
	(*v)[*n].is_line = is_line;
	(*n)++;
}

int mg_sql_quick_scan(const char *t, size_t len, size_t base, mg_comment **comments,
		      size_t *ncomments)
{
	mg_comment *cv = NULL;
	size_t nc = 0, cc = 0, i = 0;
	q_depth d;
	int rc = 0;

	d.cap = 16;
	d.level = mg_xmalloc(d.cap * sizeof(*d.level));
	d.is_case = mg_xmalloc(d.cap);
	d.is_case[0] = 0;
	d.level[0] = 0;
	d.n = 1;
	d.depth = 0;
	while (i < len && rc == 0) {
		unsigned char c = (unsigned char)t[i];
		size_t j;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			i++;
		} else if (c == '-' && i + 1 < len && t[i + 1] == '-') {
			for (j = i + 2; j < len && t[j] != '\n' && t[j] != '\r'; j++)
				;
			q_push_comment(&cv, &nc, &cc, base + i, base + j, 1);
			i = j;
		} else if (c == '/' && i + 1 < len && t[i + 1] == '*') {
			size_t depth = 0;
			for (j = i + 2;;) {
				if (j >= len) {
					rc = -1;
					break;
				}
				if (t[j] == '/' && j + 1 < len && t[j + 1] == '*') {
					depth++;
					j += 2;
				} else if (t[j] == '*') {
					while (j < len && t[j] == '*')
						j++;
					if (j < len && t[j] == '/') {
						j++;
						if (depth == 0)
							break;
						depth--;
					}
				} else {
					j++;
				}
			}
			if (rc == 0)
				q_push_comment(&cv, &nc, &cc, base + i, base + j, 0);
			i = j;
		} else if (c == '\'') {
			if ((i = q_string(t, len, i, 0)) == (size_t)-1)
				rc = -1;
		} else if (c == '"') {
			if ((i = q_quoted_ident(t, len, i)) == (size_t)-1)
				rc = -1;
		} else if (c == '$') {
			j = i + 1;
			if (j < len && q_digit((unsigned char)t[j])) {
				/* a parameter ($1) */
				while (j < len && q_digit((unsigned char)t[j]))
					j++;
				if (j < len && (q_ident_cont((unsigned char)t[j]) || t[j] == '\'' ||
						t[j] == '"'))
					rc = -1;
				i = j;
				continue;
			}
			if (j < len && q_ident_start((unsigned char)t[j]))
				while (j < len && (q_ident_start((unsigned char)t[j]) ||
						   q_digit((unsigned char)t[j])))
					j++;
			if (j < len && t[j] == '$') {
				/* a dollar quote: to the first copy of its delimiter */
				size_t dl = j + 1 - i;
				const char *end = j + 1 < len ?
					memmem(t + j + 1, len - j - 1, t + i, dl) : NULL;
				if (!end) {
					rc = -1;
				} else {
					i = (size_t)(end - t) + dl;
				}
			} else {
				rc = q_token(&d, Q_OTHER);   /* a lone '$' */
				i++;
			}
		} else if (q_ident_start(c)) {
			for (j = i + 1; j < len && q_ident_cont((unsigned char)t[j]); j++)
				;
			if (j == i + 1 && j < len && t[j] == '\'' && strchr("bBxXnNeE", c)) {
				if ((i = q_string(t, len, j, c == 'e' || c == 'E')) == (size_t)-1)
					rc = -1;
			} else if (j == i + 1 && (c == 'u' || c == 'U') && j + 1 < len &&
				   t[j] == '&' && (t[j + 1] == '\'' || t[j + 1] == '"')) {
				i = t[j + 1] == '\'' ? q_string(t, len, j + 1, 0) :
				    q_quoted_ident(t, len, j + 1);
				if (i == (size_t)-1)
					rc = -1;
			} else {
				rc = q_token(&d, q_word_kind(t + i, j - i));
				i = j;
			}
		} else if (q_digit(c) || (c == '.' && i + 1 < len && q_digit((unsigned char)t[i + 1]))) {
			for (j = i; j < len && (q_digit((unsigned char)t[j]) || t[j] == '.'); j++)
				;
			if (j < len && (t[j] == 'e' || t[j] == 'E')) {
				size_t k = j + 1;
				if (k < len && (t[k] == '+' || t[k] == '-'))
					k++;
				if (k < len && q_digit((unsigned char)t[k])) {
					for (j = k; j < len && q_digit((unsigned char)t[j]); j++)
						;
				}
			}
			/* PostgreSQL 15 rejects a number running into a word; a
			 * quote right after one is not worth the guess */
			if (j < len && (q_ident_cont((unsigned char)t[j]) || t[j] == '\'' ||
					t[j] == '"'))
				rc = -1;
			else
				rc = q_token(&d, Q_OTHER);
			i = j;
		} else {
			int kind = Q_OTHER;
			switch (c) {
			case '(': case '[': kind = Q_OPEN; break;
			case ')': case ']': kind = Q_CLOSE; break;
			case ',': kind = Q_RESET; break;
			case ';': kind = Q_SEMI; break;
			default: break;
			}
			rc = q_token(&d, kind);
			i++;
		}
	}
	free(d.level);
	free(d.is_case);
	if (rc != 0) {
		free(cv);
		return -1;
	}
	*comments = cv;
	*ncomments = nc;
	return 0;
}

/* PostgreSQL's error message, with a quoted token longer than
 * MAX_MESSAGE_TOKEN bytes ("syntax error at or near \"<5 MB>\"") cut at a
 * character boundary and its length said instead. */
#define MAX_MESSAGE_TOKEN 80

static char *pg_message(const char *m)
{
	const char *q, *end;
	size_t cut;

	if (!m)
		return mg_xstrdup("syntax error");
	if (!(q = strchr(m, '"')) || !(end = strrchr(m, '"')) || end - q - 1 <= MAX_MESSAGE_TOKEN)
		return mg_xstrdup(m);
	cut = MAX_MESSAGE_TOKEN;
	while (cut > 0 && ((unsigned char)q[1 + cut] & 0xC0) == 0x80)
		cut--;      /* not inside a UTF-8 sequence */
	return mg_xasprintf("%.*s...\" (a token of %zu bytes)%s", (int)(q + 1 + cut - m), m,
			    (size_t)(end - q - 1), end + 1);
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
		*err = pg_message(pr.error->message);
		*cursor = pr.error->cursorpos;
		pg_query_free_protobuf_parse_result(pr);
		return 1;
	}
	/* the tree's nodes come from an arena sized by the packed tree (the
	 * unpacked one is a few times larger): no malloc() or free() per node */
	mg_arena_free(&s->arena);
	mg_arena_init(&s->arena, 4 * pr.parse_tree.len);
	/* src/pbunpack.c: one pass, straight into the arena (freed as a
	 * whole by mg_sql_free()) */
	s->tree = (PgQuery__ParseResult *)mg_pb_unpack(&pg_query__parse_result__descriptor,
						       &s->arena, pr.parse_tree.len,
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
			e->message = pg_message(pr.error->message);
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
	int cursor = 0, quick;
	char *deep = NULL;

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

	/* the quick lexer's comments stand when the whole text parses; else
	 * (and when it gives up) PostgreSQL's scanner finds them */
	quick = mg_sql_quick_scan(text, tlen, s->base, &s->comments, &s->ncomments) == 0;
	if (!quick) {
		collect_comments(s, text);
		/* statements nested deep enough to overflow the stack in libpg_query
		 * or protobuf-c are rejected (s->errors) and blanked before parsing */
		if ((deep = mg_sql_depth_blank(s, text)) != NULL)
			text = deep;
	}
	if (parse_tree(s, text, &err, &cursor) == 0) {
		if (s->nerrors) {
			s->error = mg_xstrdup(s->errors[0].message);
			s->error_offset = s->errors[0].offset;
		}
		free(deep);
		return 0;
	}
	if (quick) {
		free(s->comments);
		s->comments = NULL;
		s->ncomments = 0;
		collect_comments(s, text);
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
	mg_arena_free(&s->arena);   /* s->tree */
	free(s->stmts);
	free(s->comments);
	free(s->line_starts);
	free(s->error);
	free_errors(s);
	memset(s, 0, sizeof(*s));
}
