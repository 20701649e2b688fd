/* suppress.c - placeholders, inline suppressions, baseline and the final
 * severity pass (see suppress.h). */
#include "config.h"
#include "suppress.h"
#include "mgconfig.h"
#include "report/report.h"
#include "rules/rule.h"
#include "sql.h"
#include "util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pg_query.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- placeholders ------------------------------------------------------ */

typedef struct patset {
	pcre2_code **re;
	size_t n;
	pcre2_match_data *md;
} patset;

static void patset_free(patset *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		pcre2_code_free(ps->re[i]);
	free(ps->re);
	if (ps->md)
		pcre2_match_data_free(ps->md);
	memset(ps, 0, sizeof(*ps));
}

static int patset_compile(patset *ps, char *const *pats, size_t n, char **err)
{
	size_t i;

	memset(ps, 0, sizeof(*ps));
	if (!pats) {
		pats = (char *const *)mg_default_placeholders;
		for (n = 0; mg_default_placeholders[n]; n++)
			;
	}
	ps->re = mg_xcalloc(n ? n : 1, sizeof(*ps->re));
	for (i = 0; i < n; i++) {
		int ec;
		PCRE2_SIZE eo;
		ps->re[i] = pcre2_compile((PCRE2_SPTR)pats[i], PCRE2_ZERO_TERMINATED, 0,
					  &ec, &eo, NULL);
		if (!ps->re[i]) {
			PCRE2_UCHAR buf[256];
			pcre2_get_error_message(ec, buf, sizeof(buf));
			*err = mg_xasprintf("migguard.placeholder '%s': %s at offset %zu",
					    pats[i], (const char *)buf, (size_t)eo);
			patset_free(ps);
			return -1;
		}
		ps->n++;
	}
	ps->md = pcre2_match_data_create(1, NULL);
	return 0;
}

/* Overwrites data[s..e) with an identifier, keeping line ends in place. */
static void blank_identifier(char *data, size_t s, size_t e)
{
	static const char id[] = "mg_";
	size_t i, k = 0;

	for (i = s; i < e; i++) {
		if (data[i] == '\n' || data[i] == '\r') {
			k = 0;
			continue;
		}
		data[i] = k < 3 ? id[k] : 'x';
		k++;
	}
}

static char *patset_apply(patset *ps, const char *data, size_t len, long *nrepl)
{
	char *copy = NULL;
	size_t i;

	*nrepl = 0;
	for (i = 0; i < ps->n; i++) {
		PCRE2_SIZE off = 0;
		const char *subj = copy ? copy : data;
		for (;;) {
			PCRE2_SIZE *ov;
			int rc = pcre2_match(ps->re[i], (PCRE2_SPTR)subj, len, off, 0, ps->md, NULL);
			if (rc < 0)
				break;
			ov = pcre2_get_ovector_pointer(ps->md);
			if (ov[1] > ov[0]) {
				if (!copy) {
					copy = mg_xmalloc(len + 1);
					memcpy(copy, data, len);
					copy[len] = '\0';
					subj = copy;
				}
				blank_identifier(copy, ov[0], ov[1]);
				(*nrepl)++;
				off = ov[1];
			} else {
				off = ov[1] + 1;
			}
			if (off > len)
				break;
		}
	}
	return copy;
}

char *mg_placeholders_apply(char *const *patterns, size_t npatterns,
			    const char *data, size_t len, long *nrepl, char **err)
{
	patset ps;
	char *r;

	*err = NULL;
	if (patset_compile(&ps, patterns, npatterns, err) < 0) {
		*nrepl = -1;
		return NULL;
	}
	r = patset_apply(&ps, data, len, nrepl);
	patset_free(&ps);
	return r;
}

int mg_csview_make(const mg_options *o, const mg_changeset *cs, mg_csview *v,
		   mg_result *out)
{
	patset ps;
	char *err = NULL;
	size_t i;
	int rc = 0;

	memset(v, 0, sizeof(*v));
	v->cs = *cs;
	v->cs.files = mg_xcalloc(cs->nfiles ? cs->nfiles : 1, sizeof(*v->cs.files));
	v->cs.nfiles = 0;
	v->cs.cap_files = cs->nfiles;
	v->owned = mg_xcalloc(cs->nfiles ? cs->nfiles : 1, sizeof(*v->owned));
	if (patset_compile(&ps, o->placeholders, o->nplaceholders, &err) < 0) {
		mg_result_add_error(out, NULL, "%s", err);
		free(err);
		rc = -1; /* go on without placeholders */
	}
	for (i = 0; i < cs->nfiles; i++) {
		const mg_file_change *f = &cs->files[i];
		mg_file_change *nf;
		long n = 0;
		char *rep;

		if (f->data && o->max_file_size > 0 && (long long)f->len > o->max_file_size) {
			mg_result_add_error(out, f->path, "file is %zu bytes, more than "
					    "migguard.maxFileSize (%lld bytes): not checked",
					    f->len, o->max_file_size);
			continue;
		}
		nf = &v->cs.files[v->cs.nfiles];
		*nf = *f;
		if (f->data && f->status != MG_DELETED && ps.n &&
		    (rep = patset_apply(&ps, f->data, f->len, &n)) != NULL) {
			v->owned[v->cs.nfiles] = rep;
			nf->data = rep;
			v->nreplaced += (size_t)n;
		}
		v->cs.nfiles++;
	}
	patset_free(&ps);
	return rc;
}

void mg_csview_free(mg_csview *v)
{
	size_t i;

	for (i = 0; i < v->cs.nfiles; i++)
		free(v->owned ? v->owned[i] : NULL);
	free(v->owned);
	free(v->cs.files);
	memset(v, 0, sizeof(*v));
}

/* ---- one file's tokens, statements and directives ------------------------ */

typedef struct span {
	size_t start, end;          /* file offsets [start, end) */
	size_t tok0, tok1;          /* token index range [tok0, tok1) */
} span;

typedef struct directive {
	int whole_file;
	char **rules;
	int *used;
	size_t nrules;
	int has_reason;
	size_t start, end;          /* the comment */
	size_t cover_start, cover_end;
	char *form;                 /* "migguard:ignore", ... */
} directive;

typedef struct fileinfo {
	const char *src;
	size_t len, base;
	size_t *lines;
	size_t nlines;
	PgQuery__ScanResult *scan;
	span *stmts;
	size_t nstmts;
	directive *dirs;
	size_t ndirs;
	int lines_mode;             /* not SQL: a statement is a line */
} fileinfo;

/* Migration files in other languages (Rails, Django, Alembic, ... as the
 * regex packs see them): suppressions are '#', '--' or '//' line comments
 * and cover the next non-comment line. */
static int is_sql_path(const char *path)
{
	static const char *const other[] = {
		".rb", ".py", ".js", ".ts", ".go", ".java", ".kt", ".php", ".ex", ".exs",
		".yml", ".yaml",
	};
	size_t i;

	for (i = 0; i < MG_ARRAY_SIZE(other); i++)
		if (mg_ends_with(path, other[i]))
			return 0;
	return 1;
}

static void fileinfo_free(fileinfo *fi)
{
	size_t i, k;

	for (i = 0; i < fi->ndirs; i++) {
		for (k = 0; k < fi->dirs[i].nrules; k++)
			free(fi->dirs[i].rules[k]);
		free(fi->dirs[i].rules);
		free(fi->dirs[i].used);
		free(fi->dirs[i].form);
	}
	free(fi->dirs);
	free(fi->stmts);
	free(fi->lines);
	if (fi->scan)
		pg_query__scan_result__free_unpacked(fi->scan, NULL);
	memset(fi, 0, sizeof(*fi));
}

static int is_rule_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.' || c == '/';
}

/* Parses a suppression comment text [p, e); adds a directive or does
 * nothing when it is an ordinary comment. */
static void parse_directive(fileinfo *fi, size_t cstart, size_t cend)
{
	static const struct { const char *word; int file; } forms[] = {
		{ "migguard:ignore-file", 1 }, { "migguard:ignore", 0 },
		{ "squawk-ignore-file", 1 }, { "squawk-ignore", 0 },
	};
	const char *p = fi->src + cstart, *e = fi->src + cend;
	directive d;
	size_t k;

	if (e - p >= 2 && p[0] == '/' && p[1] == '*') {
		p += 2;
		if (e - p >= 2 && e[-2] == '*' && e[-1] == '/')
			e -= 2;
	} else if (e - p >= 2 && ((p[0] == '-' && p[1] == '-') || (p[0] == '/' && p[1] == '/'))) {
		p += 2;
	} else if (fi->lines_mode && e - p >= 1 && p[0] == '#') {
		p += 1;
	} else {
		return;
	}
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	memset(&d, 0, sizeof(d));
	for (k = 0; k < MG_ARRAY_SIZE(forms); k++) {
		size_t wl = strlen(forms[k].word);
		if ((size_t)(e - p) >= wl && !strncmp(p, forms[k].word, wl) &&
		    (p + wl == e || p[wl] == ' ' || p[wl] == '\t' || p[wl] == '\r')) {
			d.whole_file = forms[k].file;
			d.form = mg_xstrdup(forms[k].word);
			p += wl;
			break;
		}
	}
	if (!d.form)
		return;
	for (;;) {
		const char *s;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		s = p;
		while (p < e && is_rule_char(*p))
			p++;
		if (p == s)
			break;
		d.rules = mg_xrealloc(d.rules, (d.nrules + 1) * sizeof(*d.rules));
		d.rules[d.nrules] = mg_xstrndup(s, (size_t)(p - s));
		if (!strcmp(d.rules[d.nrules], "prefer-timestamp-tz")) {
			free(d.rules[d.nrules]);
			d.rules[d.nrules] = mg_xstrdup("prefer-timestamptz");
		}
		d.nrules++;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (p < e && *p == ',')
			p++;
		else
			break;
	}
	while (p < e && isspace((unsigned char)*p))
		p++;
	while (e > p && isspace((unsigned char)e[-1]))
		e--;
	d.has_reason = p < e;
	d.used = mg_xcalloc(d.nrules ? d.nrules : 1, sizeof(*d.used));
	d.start = cstart;
	d.end = cend;
	fi->dirs = mg_xrealloc(fi->dirs, (fi->ndirs + 1) * sizeof(*fi->dirs));
	fi->dirs[fi->ndirs++] = d;
}

static void add_stmt(fileinfo *fi, size_t *cap, size_t start, size_t end, size_t t0, size_t t1)
{
	if (fi->nstmts == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		fi->stmts = mg_xrealloc(fi->stmts, *cap * sizeof(*fi->stmts));
	}
	fi->stmts[fi->nstmts].start = start;
	fi->stmts[fi->nstmts].end = end;
	fi->stmts[fi->nstmts].tok0 = t0;
	fi->stmts[fi->nstmts].tok1 = t1;
	fi->nstmts++;
}

/* Scans src: statements split on top-level semicolons, comments become
 * directives.  Without a usable scan (a lexical error), line comments are
 * found line by line and a statement runs to the next semicolon. */
static void fileinfo_build(fileinfo *fi, const char *src, size_t len, int is_sql)
{
	size_t cap = 0, i;
	const char *text;

	memset(fi, 0, sizeof(*fi));
	fi->src = src;
	fi->len = len;
	if (len >= 3 && !memcmp(src, "\xef\xbb\xbf", 3))
		fi->base = 3;
	text = src + fi->base;
	mg_lines_index(src, len, &fi->lines, &fi->nlines);
	fi->lines_mode = !is_sql;
	if (fi->lines_mode) {
		size_t l;
		for (l = 0; l < fi->nlines; l++) {
			size_t p = l == 0 ? fi->base : fi->lines[l];
			size_t e = l + 1 < fi->nlines ? fi->lines[l + 1] : len;
			while (p < e && (src[p] == ' ' || src[p] == '\t'))
				p++;
			while (e > p && (src[e - 1] == '\n' || src[e - 1] == '\r' ||
					 src[e - 1] == ' ' || src[e - 1] == '\t'))
				e--;
			if (p == e)
				continue;
			if (src[p] == '#' || (e - p >= 2 && ((src[p] == '-' && src[p + 1] == '-') ||
							     (src[p] == '/' && src[p + 1] == '/'))))
				parse_directive(fi, p, e);
			else
				add_stmt(fi, &cap, p, e, 0, 0);
		}
	} else {
		PgQueryScanResult sr = pg_query_scan(text);
		if (!sr.error)
			fi->scan = pg_query__scan_result__unpack(NULL, sr.pbuf.len,
								 (const uint8_t *)sr.pbuf.data);
		pg_query_free_scan_result(sr);
	}
	if (fi->scan) {
		int open = 0;
		size_t s0 = 0, t0 = 0, last = 0;
		for (i = 0; i < fi->scan->n_tokens; i++) {
			const PgQuery__ScanToken *t = fi->scan->tokens[i];
			size_t ts = (size_t)t->start + fi->base, te = (size_t)t->end + fi->base;
			if (t->token == PG_QUERY__TOKEN__SQL_COMMENT ||
			    t->token == PG_QUERY__TOKEN__C_COMMENT) {
				parse_directive(fi, ts, te);
				continue;
			}
			if (!open) {
				open = 1;
				s0 = ts;
				t0 = i;
			}
			last = te;
			if (t->token == PG_QUERY__TOKEN__ASCII_59) {
				add_stmt(fi, &cap, s0, te, t0, i + 1);
				open = 0;
			}
		}
		if (open)
			add_stmt(fi, &cap, s0, last, t0, fi->scan->n_tokens);
	} else if (!fi->lines_mode) {
		size_t l;
		for (l = 0; l < fi->nlines; l++) {
			size_t p = fi->lines[l], e = l + 1 < fi->nlines ? fi->lines[l + 1] : len;
			if (l == 0)
				p = fi->base;
			while (p < e && (src[p] == ' ' || src[p] == '\t'))
				p++;
			if (e - p >= 2 && src[p] == '-' && src[p + 1] == '-') {
				size_t ce = e;
				while (ce > p && (src[ce - 1] == '\n' || src[ce - 1] == '\r'))
					ce--;
				parse_directive(fi, p, ce);
			}
		}
	}
	/* what each directive covers */
	for (i = 0; i < fi->ndirs; i++) {
		directive *d = &fi->dirs[i];
		size_t k;
		if (d->whole_file) {
			d->cover_start = 0;
			d->cover_end = len + 1;
			continue;
		}
		d->cover_start = d->cover_end = len + 1;
		if (fi->scan || fi->lines_mode) {
			for (k = 0; k < fi->nstmts; k++) {
				if (fi->stmts[k].end > d->start) {
					d->cover_start = fi->stmts[k].start;
					d->cover_end = fi->stmts[k].end;
					break;
				}
			}
		} else {
			const char *semi = memchr(src + d->end, ';', len - d->end);
			d->cover_start = d->end;
			d->cover_end = semi ? (size_t)(semi - src) + 1 : len;
		}
	}
}

/* File offset of a finding's line and column. */
static size_t finding_offset(const fileinfo *fi, const mg_finding *f)
{
	size_t off;

	if (f->line < 1 || (size_t)f->line > fi->nlines)
		return fi->len;
	off = fi->lines[f->line - 1] + (f->column > 0 ? (size_t)(f->column - 1) : 0);
	if (f->line == 1)
		off += fi->base;
	return off > fi->len ? fi->len : off;
}

/* The statement text with comments dropped and whitespace collapsed. */
static char *stmt_text(const fileinfo *fi, size_t off)
{
	mg_buf b = MG_BUF_INIT;
	size_t k, t;

	if (fi->lines_mode) {
		const char *p;
		int sp = 0;
		for (k = 0; k < fi->nstmts; k++)
			if (off < fi->stmts[k].end)
				break;
		if (k == fi->nstmts || off < fi->stmts[k].start)
			return NULL;
		mg_buf_puts(&b, "");
		for (p = fi->src + fi->stmts[k].start; p < fi->src + fi->stmts[k].end; p++) {
			if (*p == ' ' || *p == '\t') {
				sp = 1;
				continue;
			}
			if (sp)
				mg_buf_putc(&b, ' ');
			sp = 0;
			mg_buf_putc(&b, *p);
		}
		return mg_buf_detach(&b);
	}
	if (!fi->scan)
		return NULL;
	for (k = 0; k < fi->nstmts; k++) {
		if (off < fi->stmts[k].end || k + 1 == fi->nstmts)
			break;
	}
	if (k == fi->nstmts)
		return NULL;
	for (t = fi->stmts[k].tok0; t < fi->stmts[k].tok1; t++) {
		const PgQuery__ScanToken *tok = fi->scan->tokens[t];
		if (tok->token == PG_QUERY__TOKEN__SQL_COMMENT ||
		    tok->token == PG_QUERY__TOKEN__C_COMMENT)
			continue;
		if (b.len)
			mg_buf_putc(&b, ' ');
		mg_buf_put(&b, fi->src + fi->base + tok->start, (size_t)(tok->end - tok->start));
	}
	if (!b.ptr)
		mg_buf_puts(&b, "");
	return mg_buf_detach(&b);
}

void mg_baseline_fingerprint(const mg_finding *f, const char *content, size_t len,
			     char out[33])
{
	char *text = NULL;
	const char *parts[3];

	if (content) {
		fileinfo fi;
		fileinfo_build(&fi, content, len, is_sql_path(f->path));
		text = stmt_text(&fi, finding_offset(&fi, f));
		fileinfo_free(&fi);
	}
	parts[0] = f->rule;
	parts[1] = f->path;
	parts[2] = text ? text : f->message;
	mg_fingerprint(parts, 3, out);
	free(text);
}

/* ---- step 5 ------------------------------------------------------------ */

static void finding_clear(mg_finding *f)
{
	free(f->rule);
	free(f->path);
	free(f->message);
	free(f->help);
	free(f->commit);
	memset(f, 0, sizeof(*f));
}

static void dir_position(const fileinfo *fi, const directive *d, int *line, int *col)
{
	mg_lines_position(fi->lines, fi->nlines, fi->base, d->start, line, col);
}

/* The review policy (issue 5) cannot be silenced by an inline comment: the
 * AI that wrote the migration can write the comment too.  Only a review
 * trailer, or the policy keys (the server ignores in-tree configuration),
 * settle it. */
static int never_inline(const char *rule)
{
	return !strcmp(rule, "ai-marker-unreviewed") || !strcmp(rule, "review-trailer-self");
}

/* Suppression warnings of one file into meta (copied into the result
 * afterwards: the findings array must not move during the pass). */
static void report_directives(const mg_options *o, const mg_file_change *f,
			      const fileinfo *fi, mg_result *meta, char (*fps)[33],
			      size_t *nfps)
{
	size_t i, k;

	for (i = 0; i < fi->ndirs; i++) {
		const directive *d = &fi->dirs[i];
		int line, col;
		mg_severity sev;
		char *txt = mg_xstrndup(fi->src + d->start, d->end - d->start);
		const char *parts[3];

		dir_position(fi, d, &line, &col);
		sev = mg_lint_severity(&o->lint, MG_RULE_NO_REASON, MG_SEV_WARNING);
		if (!d->has_reason && sev != MG_SEV_OFF && d->nrules) {
			mg_result_add(meta, MG_RULE_NO_REASON, sev, f->path, line, col, line,
				      col + (int)(d->end - d->start),
				      "suppression without a reason: say after the rule ids why "
				      "the finding is safe here",
				      "-- migguard:ignore RULE reason", f->commit);
			parts[0] = MG_RULE_NO_REASON;
			parts[1] = f->path;
			parts[2] = txt;
			mg_fingerprint(parts, 3, fps[(*nfps)++]);
		}
		if (d->nrules == 0) {
			sev = mg_lint_severity(&o->lint, MG_RULE_UNUSED_IGNORE, MG_SEV_WARNING);
			if (sev != MG_SEV_OFF) {
				char *msg = mg_xasprintf("%s names no rule: it hides nothing", d->form);
				mg_result_add(meta, MG_RULE_UNUSED_IGNORE, sev, f->path, line, col,
					      line, col + (int)(d->end - d->start), msg,
					      "name the rule ids, e.g. -- migguard:ignore "
					      "ban-drop-column reason", f->commit);
				free(msg);
				parts[0] = MG_RULE_UNUSED_IGNORE;
				parts[1] = f->path;
				parts[2] = txt;
				mg_fingerprint(parts, 3, fps[(*nfps)++]);
			}
		}
		for (k = 0; k < d->nrules; k++) {
			char *msg;
			if (d->used[k])
				continue;
			sev = mg_lint_severity(&o->lint, MG_RULE_UNUSED_IGNORE, MG_SEV_WARNING);
			if (sev == MG_SEV_OFF)
				continue;
			if (never_inline(d->rules[k]))
				msg = mg_xasprintf("%s %s hides nothing: the review policy cannot be "
						   "suppressed inline (add a review trailer)",
						   d->form, d->rules[k]);
			else
				msg = mg_xasprintf("%s %s hides nothing: no %s finding in %s",
						   d->form, d->rules[k], d->rules[k],
						   d->whole_file ? "this file" : "the next statement");
			mg_result_add(meta, MG_RULE_UNUSED_IGNORE, sev, f->path, line, col, line,
				      col + (int)(d->end - d->start), msg,
				      "remove the stale suppression (or fix the rule id)", f->commit);
			free(msg);
			parts[0] = MG_RULE_UNUSED_IGNORE;
			parts[1] = f->path;
			parts[2] = txt;
			mg_fingerprint(parts, 3, fps[(*nfps)++]);
		}
		free(txt);
	}
}

static size_t count_rule_slots(const fileinfo *fi)
{
	size_t i, n = 0;

	for (i = 0; i < fi->ndirs; i++)
		n += fi->dirs[i].nrules + 2;
	return n;
}

typedef struct bl_entry {
	char fp[33];
	char *rule;
	int used;
} bl_entry;

static int load_baseline(const char *path, bl_entry **out, size_t *n, mg_result *res)
{
	char *data, *p;
	size_t len, cap = 0;
	int line = 0;

	*out = NULL;
	*n = 0;
	if (mg_read_file(path, &data, &len) < 0) {
		mg_result_add_error(res, path, "cannot read the baseline: %s", strerror(errno));
		return -1;
	}
	for (p = data; *p;) {
		char *eol = strchr(p, '\n'), *sp;
		size_t k;
		line++;
		if (eol)
			*eol = '\0';
		if (*p && *p != '#') {
			for (k = 0; k < 32; k++)
				if (!isxdigit((unsigned char)p[k]))
					break;
			sp = p + 32;
			if (k < 32 || *sp != ' ') {
				mg_result_add_error(res, path, "line %d: not a baseline entry "
						    "(\"<32 hex digits> <rule> <path>\")", line);
				free(data);
				return -1;
			}
			if (*n == cap) {
				cap = cap ? cap * 2 : 64;
				*out = mg_xrealloc(*out, cap * sizeof(**out));
			}
			memcpy((*out)[*n].fp, p, 32);
			(*out)[*n].fp[32] = '\0';
			{
				char *rs = sp + 1, *re = rs;
				while (*re && *re != ' ')
					re++;
				(*out)[*n].rule = mg_xstrndup(rs, (size_t)(re - rs));
			}
			(*out)[*n].used = 0;
			(*n)++;
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	free(data);
	return 0;
}

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Writes the baseline atomically (a temporary file renamed over it). */
static int write_baseline(const char *path, const mg_result *r, char (*fps)[33], mg_result *res)
{
	char **lines = mg_xcalloc(r->nfindings ? r->nfindings : 1, sizeof(char *));
	char *tmp = mg_xasprintf("%s.tmpXXXXXX", path);
	size_t i;
	int fd = mkstemp(tmp), rc = 0;
	FILE *f;

	for (i = 0; i < r->nfindings; i++) {
		mg_buf b = MG_BUF_INIT;
		const unsigned char *p;
		mg_buf_printf(&b, "%s %s ", fps[i], r->findings[i].rule);
		/* the path is for people; newlines and controls become '?' */
		for (p = (const unsigned char *)r->findings[i].path; *p; p++)
			mg_buf_putc(&b, (*p < 0x20 || *p == 0x7f) ? '?' : (char)*p);
		lines[i] = mg_buf_detach(&b);
	}
	if (r->nfindings)
		qsort(lines, r->nfindings, sizeof(*lines), cmp_lines);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		mg_result_add_error(res, path, "cannot write the baseline: %s", strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		rc = -1;
	} else {
		fputs("# migguard baseline: findings hidden by --baseline "
		      "(<fingerprint> <rule> <path>)\n", f);
		for (i = 0; i < r->nfindings; i++)
			fprintf(f, "%s\n", lines[i]);
		if (fclose(f) != 0 || rename(tmp, path) < 0) {
			mg_result_add_error(res, path, "cannot write the baseline: %s",
					    strerror(errno));
			unlink(tmp);
			rc = -1;
		}
	}
	for (i = 0; i < r->nfindings; i++)
		free(lines[i]);
	free(lines);
	free(tmp);
	return rc;
}

/* A finding by path and commit, so that each file finds its own findings
 * without a pass over all of them. */
typedef struct fref {
	const char *path, *commit;
	size_t j;
} fref;

static int cmp_fref_key(const fref *x, const char *path, const char *commit)
{
	int c = strcmp(x->path, path);

	if (c)
		return c;
	if (!x->commit || !commit)
		return (x->commit != NULL) - (commit != NULL);
	return strcmp(x->commit, commit);
}

static int cmp_fref(const void *a, const void *b)
{
	const fref *x = a, *y = b;
	int c = cmp_fref_key(x, y->path, y->commit);

	if (c)
		return c;
	return x->j < y->j ? -1 : x->j > y->j;
}

/* The first of refs[0..n) at or after (path, commit). */
static size_t fref_lower(const fref *refs, size_t n, const char *path, const char *commit)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_fref_key(&refs[mid], path, commit) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether the text can hold a suppression directive at all. */
static int may_have_directive(const char *data, size_t len)
{
	return memmem(data, len, "migguard:ignore", 15) || memmem(data, len, "squawk-ignore", 13);
}

void mg_suppress_apply(const mg_options *o, const mg_changeset *cs, mg_result *out)
{
	size_t nf0 = out->nfindings, i, j, nmeta_fp = 0, meta_cap = 0;
	int need_fp = o->baseline || o->write_baseline;
	unsigned char *drop = mg_xcalloc(nf0 ? nf0 : 1, 1);
	char (*fps)[33] = mg_xcalloc(nf0 ? nf0 : 1, sizeof(*fps));
	char (*meta_fps)[33] = NULL;
	unsigned char *have_fp = mg_xcalloc(nf0 ? nf0 : 1, 1);
	mg_result meta;

	mg_result_init(&meta);
	if (o->allow_suppressions || need_fp) {
		fref *refs = mg_xcalloc(nf0 ? nf0 : 1, sizeof(*refs));
		for (j = 0; j < nf0; j++) {
			refs[j].path = out->findings[j].path;
			refs[j].commit = out->findings[j].commit;
			refs[j].j = j;
		}
		if (nf0)
			qsort(refs, nf0, sizeof(*refs), cmp_fref);
		for (i = 0; i < cs->nfiles; i++) {
			const mg_file_change *f = &cs->files[i];
			fileinfo fi;
			size_t slots, r, r0;

			if (!f->data || f->status == MG_DELETED || f->kind != MG_KIND_REGULAR)
				continue;
			r0 = fref_lower(refs, nf0, f->path, f->commit);
			/* no directive and no fingerprint to take: nothing to scan */
			if ((!need_fp || r0 == nf0 || cmp_fref_key(&refs[r0], f->path, f->commit)) &&
			    !may_have_directive(f->data, f->len))
				continue;
			fileinfo_build(&fi, f->data, f->len, is_sql_path(f->path));
			for (r = r0; r < nf0 && !cmp_fref_key(&refs[r], f->path, f->commit); r++) {
				mg_finding *fd;
				size_t off, d, k;

				j = refs[r].j;
				fd = &out->findings[j];
				if (drop[j])
					continue;
				off = finding_offset(&fi, fd);
				if (o->allow_suppressions) {
					for (d = 0; d < fi.ndirs && !drop[j]; d++) {
						directive *dr = &fi.dirs[d];
						if (off < dr->cover_start || off >= dr->cover_end)
							continue;
						for (k = 0; k < dr->nrules; k++) {
							if (!strcmp(dr->rules[k], fd->rule) &&
							    !never_inline(fd->rule)) {
								dr->used[k] = 1;
								drop[j] = 1;
							}
						}
					}
				}
				if (need_fp && !drop[j] && !have_fp[j]) {
					char *text = stmt_text(&fi, off);
					const char *parts[3] = { fd->rule, fd->path, text ? text : fd->message };
					mg_fingerprint(parts, 3, fps[j]);
					have_fp[j] = 1;
					free(text);
				}
			}
			if (o->allow_suppressions) {
				slots = count_rule_slots(&fi);
				if (slots) {
					meta_fps = mg_xrealloc(meta_fps, (meta_cap + slots) * sizeof(*meta_fps));
					meta_cap += slots;
					report_directives(o, f, &fi, &meta, meta_fps, &nmeta_fp);
				}
			}
			fileinfo_free(&fi);
		}
		free(refs);
	}
	/* findings outside any file: the message stands in for the statement */
	for (j = 0; need_fp && j < nf0; j++) {
		if (!drop[j] && !have_fp[j]) {
			const char *parts[3] = { out->findings[j].rule, out->findings[j].path,
						 out->findings[j].message };
			mg_fingerprint(parts, 3, fps[j]);
		}
	}
	/* severity overrides for every finding (the SQL linter applied them
	 * already; other checks may not have) */
	for (j = 0; j < nf0; j++) {
		if (drop[j])
			continue;
		out->findings[j].severity = mg_lint_severity(&o->lint, out->findings[j].rule,
							     out->findings[j].severity);
		if (out->findings[j].severity == MG_SEV_OFF)
			drop[j] = 1;
	}
	/* compact, then append the suppression warnings */
	{
		size_t w = 0;
		for (j = 0; j < nf0; j++) {
			if (drop[j]) {
				finding_clear(&out->findings[j]);
				continue;
			}
			if (w != j) {
				out->findings[w] = out->findings[j];
				memcpy(fps[w], fps[j], sizeof(fps[w]));
			}
			w++;
		}
		/* findings added after nf0 cannot exist: the pass adds none */
		out->nfindings = w;
	}
	fps = mg_xrealloc(fps, (out->nfindings + meta.nfindings + 1) * sizeof(*fps));
	for (j = 0; j < meta.nfindings; j++) {
		const mg_finding *m = &meta.findings[j];
		mg_result_add(out, m->rule, m->severity, m->path, m->line, m->column,
			      m->end_line, m->end_column, m->message, m->help, m->commit);
		memcpy(fps[out->nfindings - 1], meta_fps[j], 33);
	}
	/* baseline */
	if (o->write_baseline) {
		if (write_baseline(o->write_baseline, out, fps, out) == 0) {
			size_t n = out->nfindings;
			fprintf(stderr, "migguard: wrote %zu finding%s to the baseline ", n,
				n == 1 ? "" : "s");
			mg_put_sanitized(stderr, o->write_baseline);
			fputc('\n', stderr);
			for (j = 0; j < out->nfindings; j++)
				finding_clear(&out->findings[j]);
			out->nfindings = 0;
		}
	} else if (o->baseline) {
		bl_entry *bl;
		size_t nbl, w = 0, k;
		if (load_baseline(o->baseline, &bl, &nbl, out) == 0) {
			for (j = 0; j < out->nfindings; j++) {
				int hit = 0;
				for (k = 0; k < nbl; k++) {
					if (!bl[k].used && !strcmp(bl[k].fp, fps[j]) &&
					    !strcmp(bl[k].rule, out->findings[j].rule)) {
						bl[k].used = hit = 1;
						break;
					}
				}
				if (hit) {
					finding_clear(&out->findings[j]);
					continue;
				}
				if (w != j)
					out->findings[w] = out->findings[j];
				w++;
			}
			out->nfindings = w;
			for (k = 0; k < nbl; k++)
				free(bl[k].rule);
			free(bl);
		}
	}
	mg_result_free(&meta);
	free(meta_fps);
	free(fps);
	free(drop);
	free(have_fp);
}

/* ---- the suppression rules in the catalogue ----------------------------- */

const mg_rule mg_rule_suppression_without_reason = {
	.id = MG_RULE_NO_REASON,
	.severity = MG_SEV_WARNING,
	.summary = "an inline suppression gives no reason",
	.doc =
	"An inline suppression (-- migguard:ignore RULE reason, or squawk-ignore)\n"
	"hides a finding for good; without a reason the next reader cannot tell a\n"
	"deliberate, reviewed exception from a silenced warning.\n"
	"\n"
	"Lock: none (a review rule).\n"
	"\n"
	"Safe way: write why the statement is safe after the rule ids.\n"
	"\n"
	"Bad:   -- migguard:ignore ban-drop-column\n"
	"Good:  -- migguard:ignore ban-drop-column column unused since v2.3 (PR 412)\n",
	.check = NULL,
};

const mg_rule mg_rule_unused_ignore = {
	.id = MG_RULE_UNUSED_IGNORE,
	.severity = MG_SEV_WARNING,
	.summary = "an inline suppression hides nothing",
	.doc =
	"An inline suppression that matches no finding (the rule id is wrong, or\n"
	"the statement changed) is stale: it would silently hide a future finding\n"
	"in that place.  (squawk's id.)\n"
	"\n"
	"Lock: none (a review rule).\n"
	"\n"
	"Safe way: remove the comment, or correct the rule id.\n"
	"\n"
	"Bad:   -- migguard:ignore ban-drop-table reason\n"
	"       CREATE INDEX CONCURRENTLY i ON t (c);\n"
	"Good:  CREATE INDEX CONCURRENTLY i ON t (c);\n",
	.check = NULL,
};
