/* regex.c - rule-pack loader and matcher (PCRE2, JIT); pipeline step 2. */
#include "config.h"
#include "regex.h"
#include "lint.h"
#include "sql.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void mg_rxset_init(mg_rxset *s)
{
	memset(s, 0, sizeof(*s));
}

static void rule_free(mg_rx_rule *r)
{
	free(r->id);
	free(r->pattern);
	free(r->message);
	free(r->help);
	free(r->file);
	pcre2_code_free(r->code);
	pcre2_code_free(r->paths);
	memset(r, 0, sizeof(*r));
}

void mg_rxset_free(mg_rxset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		rule_free(&s->rules[i]);
	free(s->rules);
	pcre2_match_data_free(s->md);
	pcre2_compile_context_free(s->cctx);
	memset(s, 0, sizeof(*s));
}

static const char *const scope_names[] = {
	[MG_SCOPE_MESSAGE] = "message",
	[MG_SCOPE_TRAILER] = "trailer",
	[MG_SCOPE_AUTHOR] = "author",
	[MG_SCOPE_CONTENT] = "content",
	[MG_SCOPE_PATH] = "path",
};

/* A rule while its lines are read. */
typedef struct draft {
	mg_rx_rule r;
	int have_scope, have_kind, have_severity;
	int pattern_line, pattern_col;
	int paths_line, paths_col;
	char *paths_src;
} draft;

static void draft_free(draft *d)
{
	rule_free(&d->r);
	free(d->paths_src);
	memset(d, 0, sizeof(*d));
}

/* JIT code reads whole SIMD words past the end of the subject, which
 * memcheck reports as invalid reads unless PCRE2 was built with valgrind
 * support (Debian's is not): no JIT under valgrind (its preload library is
 * in LD_PRELOAD) or when MIGGUARD_NO_JIT is set. */
static int jit_wanted(void)
{
	const char *pre = getenv("LD_PRELOAD");

	if (getenv("MIGGUARD_NO_JIT"))
		return 0;
	return !(pre && strstr(pre, "vgpreload"));
}

static int compile(mg_rxset *s, const char *name, int line, int col, const char *pat,
		   uint32_t extra, pcre2_code **out, char **err)
{
	int ec;
	PCRE2_SIZE eo;
	uint32_t opts = extra;

#ifdef PCRE2_MATCH_INVALID_UTF
	opts |= PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
#endif
	if (!s->cctx) {
		s->cctx = pcre2_compile_context_create(NULL);
		if (!s->cctx) {
			*err = mg_xasprintf("%s:%d: out of memory compiling a pattern", name, line);
			return -1;
		}
		pcre2_set_newline(s->cctx, PCRE2_NEWLINE_ANYCRLF);
	}
	*out = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, opts, &ec, &eo, s->cctx);
	if (!*out) {
		PCRE2_UCHAR msg[256];
		if (pcre2_get_error_message(ec, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", ec);
		*err = mg_xasprintf("%s:%d:%d: bad pattern: %s at offset %zu", name, line,
				    col + (int)eo, (const char *)msg, (size_t)eo);
		return -1;
	}
	/* the JIT is an optimisation: without it (not built in, no executable
	 * memory) pcre2_match() interprets the same pattern */
	if (jit_wanted())
		(void)pcre2_jit_compile(*out, PCRE2_JIT_COMPLETE);
	return 0;
}

static int finish_rule(mg_rxset *s, const char *name, draft *d, char **err)
{
	size_t i;
	mg_rx_rule *slot = NULL;

	if (!d->r.id)
		return 0;
	if (!d->have_scope) {
		*err = mg_xasprintf("%s:%d: rule %s has no scope", name, d->r.line, d->r.id);
		return -1;
	}
	if (!d->r.pattern) {
		*err = mg_xasprintf("%s:%d: rule %s has no pattern", name, d->r.line, d->r.id);
		return -1;
	}
	if (!d->r.message) {
		*err = mg_xasprintf("%s:%d: rule %s has no message", name, d->r.line, d->r.id);
		return -1;
	}
	if (d->paths_src && d->r.scope != MG_SCOPE_CONTENT && d->r.scope != MG_SCOPE_PATH) {
		*err = mg_xasprintf("%s:%d: rule %s: paths applies to content and path rules only",
				    name, d->paths_line, d->r.id);
		return -1;
	}
	if (compile(s, name, d->pattern_line, d->pattern_col, d->r.pattern,
		    (d->r.scope == MG_SCOPE_MESSAGE || d->r.scope == MG_SCOPE_CONTENT) ?
		    PCRE2_MULTILINE : 0, &d->r.code, err) < 0)
		return -1;
	if (d->paths_src &&
	    compile(s, name, d->paths_line, d->paths_col, d->paths_src, 0, &d->r.paths, err) < 0)
		return -1;
	if (!s->md) {
		s->md = pcre2_match_data_create(1, NULL);
		if (!s->md) {
			*err = mg_xasprintf("%s: out of memory", name);
			return -1;
		}
	}
	/* a later pack replaces a rule of the same id */
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->rules[i].id, d->r.id)) {
			slot = &s->rules[i];
			rule_free(slot);
			break;
		}
	if (!slot) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 32;
			s->rules = mg_xrealloc(s->rules, s->cap * sizeof(*s->rules));
		}
		slot = &s->rules[s->n++];
	}
	*slot = d->r;
	memset(&d->r, 0, sizeof(d->r));
	draft_free(d);
	return 0;
}

static int valid_id(const char *id)
{
	const char *p;

	if (!((*id >= 'a' && *id <= 'z') || (*id >= '0' && *id <= '9')))
		return 0;
	for (p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;
	return 1;
}

/* Sets a string field once. */
static int set_once(char **field, const char *name, int line, const char *key,
		    const char *val, char **err)
{
	if (*field) {
		*err = mg_xasprintf("%s:%d: %s given twice in one rule", name, line, key);
		return -1;
	}
	*field = mg_xstrdup(val);
	return 0;
}

static int parse_line(mg_rxset *s, const char *name, int lineno, char *line, draft *d,
		      char **err)
{
	char *key = line, *val;
	size_t i;
	int col;

	while (*key == ' ' || *key == '\t')
		key++;
	if (!*key || *key == '#')
		return 0;
	val = key;
	while (*val && *val != ' ' && *val != '\t')
		val++;
	if (*val)
		*val++ = '\0';
	while (*val == ' ' || *val == '\t')
		val++;
	col = (int)(val - line) + 1;

	if (!strcmp(key, "rule")) {
		if (finish_rule(s, name, d, err) < 0)
			return -1;
		if (!*val || !valid_id(val)) {
			*err = mg_xasprintf("%s:%d: 'rule' needs an id of lower-case letters, "
					    "digits and '-'", name, lineno);
			return -1;
		}
		d->r.id = mg_xstrdup(val);
		d->r.file = mg_xstrdup(name);
		d->r.line = lineno;
		d->r.severity = MG_SEV_WARNING;
		return 0;
	}
	if (!d->r.id) {
		*err = mg_xasprintf("%s:%d: '%s' before the first 'rule' line", name, lineno, key);
		return -1;
	}
	if (!*val) {
		*err = mg_xasprintf("%s:%d: '%s' needs a value", name, lineno, key);
		return -1;
	}
	if (!strcmp(key, "scope")) {
		if (d->have_scope) {
			*err = mg_xasprintf("%s:%d: scope given twice in one rule", name, lineno);
			return -1;
		}
		for (i = 0; i < MG_ARRAY_SIZE(scope_names); i++)
			if (!strcmp(val, scope_names[i]))
				break;
		if (i == MG_ARRAY_SIZE(scope_names)) {
			*err = mg_xasprintf("%s:%d: scope '%s' is not message, trailer, author, "
					    "content or path", name, lineno, val);
			return -1;
		}
		d->r.scope = (mg_rx_scope)i;
		d->have_scope = 1;
	} else if (!strcmp(key, "kind")) {
		if (d->have_kind) {
			*err = mg_xasprintf("%s:%d: kind given twice in one rule", name, lineno);
			return -1;
		}
		if (!strcmp(val, "finding"))
			d->r.ai_marker = 0;
		else if (!strcmp(val, "ai-marker"))
			d->r.ai_marker = 1;
		else {
			*err = mg_xasprintf("%s:%d: kind '%s' is not finding or ai-marker",
					    name, lineno, val);
			return -1;
		}
		d->have_kind = 1;
	} else if (!strcmp(key, "severity")) {
		if (d->have_severity) {
			*err = mg_xasprintf("%s:%d: severity given twice in one rule", name, lineno);
			return -1;
		}
		if (mg_severity_parse(val, &d->r.severity) < 0) {
			*err = mg_xasprintf("%s:%d: severity '%s' is not error, warning or off",
					    name, lineno, val);
			return -1;
		}
		d->have_severity = 1;
	} else if (!strcmp(key, "pattern")) {
		d->pattern_line = lineno;
		d->pattern_col = col;
		return set_once(&d->r.pattern, name, lineno, key, val, err);
	} else if (!strcmp(key, "paths")) {
		d->paths_line = lineno;
		d->paths_col = col;
		return set_once(&d->paths_src, name, lineno, key, val, err);
	} else if (!strcmp(key, "message")) {
		return set_once(&d->r.message, name, lineno, key, val, err);
	} else if (!strcmp(key, "help")) {
		return set_once(&d->r.help, name, lineno, key, val, err);
	} else {
		*err = mg_xasprintf("%s:%d: unknown key '%s' (rule, scope, pattern, kind, "
				    "severity, message, help, paths)", name, lineno, key);
		return -1;
	}
	return 0;
}

int mg_rx_load_text(mg_rxset *s, const char *name, const char *text, size_t len, char **err)
{
	size_t pos = 0;
	int lineno = 0, rc = 0;
	draft d;

	memset(&d, 0, sizeof(d));
	if (memchr(text, '\0', len)) {
		*err = mg_xasprintf("%s: binary content (NUL byte): not a rule pack", name);
		return -1;
	}
	while (pos < len && rc == 0) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		char *line;
		size_t l;

		lineno++;
		line = mg_xstrndup(text + pos, end - pos);
		/* CR LF, trailing blanks: not part of any value */
		l = strlen(line);
		while (l && (line[l - 1] == '\r' || line[l - 1] == ' ' || line[l - 1] == '\t'))
			line[--l] = '\0';
		rc = parse_line(s, name, lineno, line, &d, err);
		free(line);
		pos = nl ? end + 1 : len;
	}
	if (rc == 0)
		rc = finish_rule(s, name, &d, err);
	draft_free(&d);
	return rc;
}

int mg_rx_load_file(mg_rxset *s, const char *path, char **err)
{
	char *data;
	size_t len;
	int rc;

	if (mg_read_file(path, &data, &len) < 0) {
		*err = mg_xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	rc = mg_rx_load_text(s, path, data, len, err);
	free(data);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int mg_rx_load_dir(mg_rxset *s, const char *dir, int must_exist, char **err)
{
	DIR *dh;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!(dh = opendir(dir))) {
		if (!must_exist && errno == ENOENT)
			return 0;
		*err = mg_xasprintf("rule pack directory %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(dh)) != NULL) {
		if (de->d_name[0] == '.' || !mg_ends_with(de->d_name, ".rules"))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			names = mg_xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = mg_xasprintf("%s%s%s", dir, mg_ends_with(dir, "/") ? "" : "/",
					  de->d_name);
	}
	closedir(dh);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		if (rc == 0)
			rc = mg_rx_load_file(s, names[i], err);
		free(names[i]);
	}
	free(names);
	return rc;
}

const char *mg_rx_builtin_dir(int *from_env)
{
	const char *env = getenv("MIGGUARD_RULES_DIR");

	*from_env = env != NULL;
	if (env)
		return *env ? env : NULL;
	return MG_PKGDATADIR "/rules";
}

const char *mg_rx_scope_name(mg_rx_scope scope)
{
	return (size_t)scope < MG_ARRAY_SIZE(scope_names) && scope_names[scope] ?
	       scope_names[scope] : "?";
}

int mg_rx_load_options(const mg_options *o, mg_rxset *s, char **err)
{
	int from_env;
	const char *builtin = mg_rx_builtin_dir(&from_env);

	if (builtin && mg_rx_load_dir(s, builtin, from_env, err) < 0)
		return -1;
	if (o->rules_dir && mg_rx_load_dir(s, o->rules_dir, 1, err) < 0)
		return -1;
	if (o->rules_cli_dir && mg_rx_load_dir(s, o->rules_cli_dir, 1, err) < 0)
		return -1;
	return 0;
}

int mg_options_load_rules(mg_options *o, char **err)
{
	mg_rxset *s = mg_xmalloc(sizeof(*s));

	mg_rxset_init(s);
	if (mg_rx_load_options(o, s, err) < 0) {
		mg_rxset_free(s);
		free(s);
		return -1;
	}
	if (o->rx) {
		mg_rxset_free(o->rx);
		free(o->rx);
	}
	o->rx = s;
	return 0;
}

const mg_rxset *mg_rx_for(const mg_options *o, mg_rxset *tmp, mg_result *out)
{
	char *err = NULL;

	mg_rxset_init(tmp);
	if (o->rx)
		return o->rx;
	if (mg_rx_load_options(o, tmp, &err) < 0) {
		mg_result_add_error(out, NULL, "rule packs: %s", err);
		free(err);
		return NULL;
	}
	return tmp;
}

int mg_rx_search(const mg_rxset *s, const pcre2_code *code, const char *subject,
		 size_t len, size_t start, size_t *ms, size_t *me)
{
	int rc;
	PCRE2_SIZE *ov;

	if (start > len)
		return 0;
	rc = pcre2_match(code, (PCRE2_SPTR)subject, len, start, 0, s->md, NULL);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	ov = pcre2_get_ovector_pointer(s->md);
	*ms = ov[0];
	*me = ov[1] < ov[0] ? ov[0] : ov[1];
	return 1;
}

int mg_rx_applies_to(const mg_rxset *s, const mg_rx_rule *r, const char *path)
{
	size_t a, b;

	if (!r->paths)
		return 1;
	return mg_rx_search(s, r->paths, path, strlen(path), 0, &a, &b) == 1;
}

/* A line of text without its line end. */
typedef struct span {
	const char *p;
	size_t n;
} span;

static int cmp_span(const void *a, const void *b)
{
	const span *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->p, y->p, n);

	if (c)
		return c;
	return x->n < y->n ? -1 : x->n > y->n;
}

static span line_span(const char *text, size_t len, const size_t *starts, size_t nlines,
		      size_t i)
{
	span sp;
	size_t end = i + 1 < nlines ? starts[i + 1] - 1 : len;

	sp.p = text + starts[i];
	sp.n = end - starts[i];
	if (sp.n && sp.p[sp.n - 1] == '\r')
		sp.n--;
	return sp;
}

size_t mg_rx_scan_content(const mg_rxset *s, const mg_rx_rule *r, const mg_file_change *f,
			  mg_rx_line_fn fn, void *ctx)
{
	size_t *starts = NULL, *ostarts = NULL, nlines = 0, nold = 0, i, pos = 0, count = 0;
	span *old = NULL;
	size_t ms, me;

	if (!f->data || !r->code)
		return 0;
	mg_lines_index(f->data, f->len, &starts, &nlines);
	if (f->old_data) {
		mg_lines_index(f->old_data, f->old_len, &ostarts, &nold);
		old = mg_xmalloc(nold * sizeof(*old));
		for (i = 0; i < nold; i++)
			old[i] = line_span(f->old_data, f->old_len, ostarts, nold, i);
		qsort(old, nold, sizeof(*old), cmp_span);
	}
	for (;;) {
		int line, col, rc = mg_rx_search(s, r->code, f->data, f->len, pos, &ms, &me);
		span sp;

		if (rc < 0)
			fn(ctx, r, 0, 0, 0); /* PCRE2 gave up: the caller reports it */
		if (rc != 1)
			break;

		mg_lines_position(starts, nlines, 0, ms, &line, &col);
		sp = line_span(f->data, f->len, starts, nlines, (size_t)line - 1);
		if (!old || !bsearch(&sp, old, nold, sizeof(*old), cmp_span)) {
			size_t line_end = (size_t)(sp.p - f->data) + sp.n;
			size_t e = me > line_end ? line_end : me;
			int ecol = (int)(e - starts[line - 1]) + 1;
			fn(ctx, r, line, col, ecol > col ? ecol : col + 1);
			count++;
		}
		if ((size_t)line >= nlines)
			break;
		pos = starts[line]; /* one match per line and rule */
	}
	free(old);
	free(starts);
	free(ostarts);
	return count;
}

typedef struct file_ctx {
	const mg_options *o;
	const mg_file_change *f;
	mg_result *out;
} file_ctx;

static void report_line(void *ctx, const mg_rx_rule *r, int line, int col, int ecol)
{
	file_ctx *fc = ctx;
	mg_severity sev = mg_lint_severity(&fc->o->lint, r->id, r->severity);

	if (line == 0)
		mg_result_add_error(fc->out, fc->f->path, "rule %s: PCRE2 gave up on this file "
				    "(match limit): not fully checked", r->id);
	else if (sev != MG_SEV_OFF)
		mg_result_add(fc->out, r->id, sev, fc->f->path, line, col, line, ecol,
			      r->message, r->help, fc->f->commit);
}

void mg_rx_check_files(const mg_options *o, const mg_rxset *s, const mg_changeset *cs,
		       mg_result *out)
{
	size_t i, j;

	for (i = 0; i < cs->nfiles; i++) {
		const mg_file_change *f = &cs->files[i];
		file_ctx fc = { o, f, out };

		if (f->status == MG_DELETED)
			continue;
		for (j = 0; j < s->n; j++) {
			const mg_rx_rule *r = &s->rules[j];
			size_t ms, me;

			if (r->scope != MG_SCOPE_CONTENT && r->scope != MG_SCOPE_PATH)
				continue;
			/* markers wait for the review policy when there is a commit */
			if (r->ai_marker && cs->ncommits)
				continue;
			if (mg_lint_severity(&o->lint, r->id, r->severity) == MG_SEV_OFF ||
			    !mg_rx_applies_to(s, r, f->path))
				continue;
			if (r->scope == MG_SCOPE_PATH) {
				if (mg_rx_search(s, r->code, f->path, strlen(f->path), 0, &ms, &me) == 1)
					report_line(&fc, r, 1, 1, 1);
				continue;
			}
			if (f->kind != MG_KIND_REGULAR)
				continue;
			mg_rx_scan_content(s, r, f, report_line, &fc);
		}
	}
}
