/* config.c - configuration in git-config syntax, read with libgit2, level by
 * level (see mgconfig.h for the levels and the server policy). */
#include "config.h"
#include "mgconfig.h"
#include "report/report.h"
#include "rules/rule.h"
#include "util.h"
#include "gitsrc.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* An in-tree config file larger than this is ignored (a pushed blob is
 * read into memory). */
#define MG_INTREE_CONFIG_MAX (1024 * 1024)

const char *const mg_default_placeholders[] = {
	"\\{\\{[^\\n]*?\\}\\}",          /* Go / Jinja / Mustache templates */
	"\\$\\{[A-Za-z_][^}\\n]*\\}",   /* ${VAR} shell-style substitution */
	NULL,
};

/* How much a level may change. */
typedef enum level_kind {
	LVL_SERVER,     /* system, global, repository: everything */
	LVL_CLIENT,     /* in-tree (client side), --config: everything */
	LVL_RESTRICTED  /* in-tree on the server: raise severities, add paths */
} level_kind;

/* One key of the file as written, for line numbers. */
typedef struct key_pos {
	char *name;     /* section[.subsection].key: section and key lowercased */
	int line;
} key_pos;

typedef struct file_keys {
	key_pos *keys;
	size_t n, cap;
	int has_include;
} file_keys;

static void keys_free(file_keys *fk)
{
	size_t i;

	for (i = 0; i < fk->n; i++)
		free(fk->keys[i].name);
	free(fk->keys);
	memset(fk, 0, sizeof(*fk));
}

/* A light scanner of git-config text that records, in order, every key with
 * the line it is on.  libgit2 does the real parsing; this only maps its
 * entries back to lines. */
static void scan_keys(const char *text, size_t len, file_keys *fk)
{
	mg_buf section = MG_BUF_INIT;
	size_t i = 0;
	int line = 1;

	memset(fk, 0, sizeof(*fk));
	mg_buf_puts(&section, "");
	while (i < len) {
		size_t eol = i, p;
		int this_line = line, cont = 0;

		while (eol < len && text[eol] != '\n')
			eol++;
		p = i;
		while (p < eol && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r'))
			p++;
		if (p < eol && text[p] == '[') {
			size_t q = p + 1;
			mg_buf nb = MG_BUF_INIT;

			mg_buf_puts(&nb, "");
			while (q < eol && text[q] != ']' && text[q] != '"' &&
			       text[q] != ' ' && text[q] != '\t')
				mg_buf_putc(&nb, (char)tolower((unsigned char)text[q++]));
			while (q < eol && (text[q] == ' ' || text[q] == '\t'))
				q++;
			if (q < eol && text[q] == '"') {
				mg_buf_putc(&nb, '.');
				q++;
				while (q < eol && text[q] != '"') {
					if (text[q] == '\\' && q + 1 < eol)
						q++;
					mg_buf_putc(&nb, text[q++]);
				}
			}
			if (!strcmp(nb.ptr, "include") || !strcmp(nb.ptr, "includeif") ||
			    mg_starts_with(nb.ptr, "includeif."))
				fk->has_include = 1;
			mg_buf_free(&section);
			section = nb;
		} else if (p < eol && (isalpha((unsigned char)text[p]))) {
			size_t q = p;
			mg_buf name = MG_BUF_INIT;

			mg_buf_puts(&name, section.ptr);
			mg_buf_putc(&name, '.');
			while (q < eol && (isalnum((unsigned char)text[q]) || text[q] == '-'))
				mg_buf_putc(&name, (char)tolower((unsigned char)text[q++]));
			if (fk->n == fk->cap) {
				fk->cap = fk->cap ? fk->cap * 2 : 16;
				fk->keys = mg_xrealloc(fk->keys, fk->cap * sizeof(*fk->keys));
			}
			fk->keys[fk->n].name = mg_buf_detach(&name);
			fk->keys[fk->n].line = this_line;
			fk->n++;
			/* a value continued with a backslash at the line end */
			{
				size_t e = eol;
				int inq = 0;
				for (q = p; q < e; q++) {
					if (text[q] == '\\' && q + 1 < e) {
						q++;
						continue;
					}
					if (text[q] == '"')
						inq = !inq;
					else if (!inq && (text[q] == '#' || text[q] == ';'))
						break;
				}
				while (e > p && (text[e - 1] == '\r'))
					e--;
				cont = q == eol && e > p && text[e - 1] == '\\';
			}
		}
		i = eol < len ? eol + 1 : eol;
		line++;
		while (cont && i < len) {
			size_t e2 = i;
			while (e2 < len && text[e2] != '\n')
				e2++;
			cont = e2 > i && (text[e2 - 1] == '\\' ||
					  (e2 > i + 1 && text[e2 - 1] == '\r' && text[e2 - 2] == '\\'));
			i = e2 < len ? e2 + 1 : e2;
			line++;
		}
	}
	mg_buf_free(&section);
}

/* Loading context of one level. */
typedef struct level {
	const char *display;   /* file name in messages */
	level_kind kind;
	file_keys keys;
	size_t next_key;       /* scan position for line lookups */
} level;

static int key_line(level *lv, const char *name, unsigned depth)
{
	size_t i;

	if (depth > 0)
		return 0;
	for (i = lv->next_key; i < lv->keys.n; i++) {
		if (!strcmp(lv->keys.keys[i].name, name)) {
			lv->next_key = i + 1;
			return lv->keys.keys[i].line;
		}
	}
	return 0;
}

static char *where(const level *lv, int line, unsigned depth)
{
	if (depth > 0)
		return mg_xasprintf("%s (included file)", lv->display);
	if (line > 0)
		return mg_xasprintf("%s:%d", lv->display, line);
	return mg_xstrdup(lv->display);
}

static void warn(const level *lv, int line, unsigned depth, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void warn(const level *lv, int line, unsigned depth, const char *fmt, ...)
{
	va_list ap;
	char *w = where(lv, line, depth), *msg;

	va_start(ap, fmt);
	msg = mg_xvasprintf(fmt, ap);
	va_end(ap);
	fputs("migguard: warning: ", stderr);
	mg_put_sanitized(stderr, w);
	fputs(": ", stderr);
	mg_put_sanitized(stderr, msg);
	fputc('\n', stderr);
	free(w);
	free(msg);
}

static int fail(char **err, const level *lv, int line, unsigned depth, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int fail(char **err, const level *lv, int line, unsigned depth, const char *fmt, ...)
{
	va_list ap;
	char *w = where(lv, line, depth), *msg;

	va_start(ap, fmt);
	msg = mg_xvasprintf(fmt, ap);
	va_end(ap);
	*err = mg_xasprintf("%s: %s", w, msg);
	free(w);
	free(msg);
	return -1;
}

static void list_add(char ***list, size_t *n, const char *v)
{
	*list = mg_xrealloc(*list, (*n + 2) * sizeof(**list));
	(*list)[(*n)++] = mg_xstrdup(v);
	(*list)[*n] = NULL;
}

static void list_clear(char ***list, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		free((*list)[i]);
	*n = 0;
	if (*list)
		(*list)[0] = NULL;
}

static void list_free(char ***list, size_t *n)
{
	list_clear(list, n);
	free(*list);
	*list = NULL;
}

static int parse_bool(const char *v, int *out)
{
	if (!v) { /* "key" alone means true, as in git */
		*out = 1;
		return 0;
	}
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") ||
	    !strcmp(v, "1")) {
		*out = 1;
		return 0;
	}
	if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") ||
	    !strcmp(v, "0") || !*v) {
		*out = 0;
		return 0;
	}
	return -1;
}

/* A non-negative integer with an optional k, m or g suffix. */
static int parse_size(const char *v, long long max, long long *out)
{
	char *end;
	long long n, mul = 1;

	if (!v || !*v || !isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno)
		return -1;
	if (*end) {
		switch (tolower((unsigned char)*end)) {
		case 'k': mul = 1024; break;
		case 'm': mul = 1024 * 1024; break;
		case 'g': mul = 1024LL * 1024 * 1024; break;
		default: return -1;
		}
		if (end[1])
			return -1;
	}
	if (n > max / mul)
		return -1;
	*out = n * mul;
	return 0;
}

static void set_override(mg_options *o, const char *id, mg_severity sev)
{
	size_t i;

	for (i = 0; i < o->noverrides; i++) {
		if (!strcmp(o->overrides[i].id, id)) {
			o->overrides[i].severity = sev;
			return;
		}
	}
	o->overrides = mg_xrealloc(o->overrides, (o->noverrides + 1) * sizeof(*o->overrides));
	o->overrides[o->noverrides].id = mg_xstrdup(id);
	o->overrides[o->noverrides].severity = sev;
	o->noverrides++;
	o->lint.overrides = o->overrides;
	o->lint.noverrides = o->noverrides;
}

/* The severity a rule has now: an override, else its default (error for a
 * rule migguard does not know, so the server policy never lowers it). */
static mg_severity current_severity(const mg_options *o, const char *id)
{
	const mg_rule *r = mg_rule_find(id);
	size_t i;

	for (i = 0; i < o->noverrides; i++)
		if (!strcmp(o->overrides[i].id, id))
			return o->overrides[i].severity;
	if (r)
		return r->severity;
	if (!strcmp(id, "suppression-without-reason") || !strcmp(id, "unused-ignore"))
		return MG_SEV_WARNING;
	return MG_SEV_ERROR;
}

static int check_pattern(const char *pat, char **msg)
{
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
				       0, &ec, &eo, NULL);
	if (!re) {
		PCRE2_UCHAR buf[256];
		pcre2_get_error_message(ec, buf, sizeof(buf));
		*msg = mg_xasprintf("'%s' is not a valid PCRE2 pattern: %s at offset %zu",
				    pat, (const char *)buf, (size_t)eo);
		return -1;
	}
	pcre2_code_free(re);
	return 0;
}

static void sync_paths(mg_options *o)
{
	o->paths.include = (const char *const *)o->include_globs;
	o->paths.ninclude = o->ninclude_globs;
	o->paths.exclude = (const char *const *)o->exclude_globs;
	o->paths.nexclude = o->nexclude_globs;
}

/* Keys other modules read from their own config access; known here so they
 * are not reported as unknown. */
static const char *const other_keys[] = {
	"migguard.framework", "migguard.shippedref", NULL,
};

/* Applies one entry.  allow_intree is updated for the levels that follow. */
static int apply(mg_options *o, level *lv, const git_config_entry *e,
		 int *allow_intree, char **err)
{
	const char *name = e->name, *v = e->value;
	unsigned depth = e->include_depth;
	int line = key_line(lv, name, depth);
	int restricted = lv->kind == LVL_RESTRICTED;
	const char *key;
	int b;

#define BAD(...) return fail(err, lv, line, depth, __VA_ARGS__)
#define NEED_VALUE() do { if (!v) BAD("%s needs a value", name); } while (0)
#define SERVER_ONLY() do { if (restricted) { \
		warn(lv, line, depth, "%s ignored: the %s policy applies to %s " \
		     "(in-tree config may only raise rule severities and add paths)", name, \
		     o->server ? "server's" : "base branch's", \
		     o->server ? "pushes" : "the checked range"); \
		return 0; } } while (0)

	if (mg_starts_with(name, "rule.")) {
		const char *dot = strrchr(name, '.');
		char *id;
		mg_severity sev;

		if (dot == name + 4) {
			warn(lv, line, depth, "unknown key '%s' (ignored)", name);
			return 0;
		}
		if (strcmp(dot, ".severity")) {
			warn(lv, line, depth, "unknown key '%s' (ignored)", name);
			return 0;
		}
		NEED_VALUE();
		if (mg_severity_parse(v, &sev) < 0)
			BAD("%s: '%s' is not error, warning or off", name, v);
		id = mg_xstrndup(name + 5, (size_t)(dot - (name + 5)));
		if (!strcmp(id, "prefer-timestamp-tz")) {
			free(id);
			id = mg_xstrdup("prefer-timestamptz");
		}
		if (restricted && sev <= current_severity(o, id)) {
			if (sev < current_severity(o, id))
				warn(lv, line, depth, "%s = %s ignored: in-tree config may only "
				     "raise severities %s", name, v,
				     o->server ? "on the server" : "in the checked branch");
			free(id);
			return 0;
		}
		set_override(o, id, sev);
		free(id);
		return 0;
	}
	if (!mg_starts_with(name, "migguard.")) {
		/* other sections are git's (or another tool's) business in git
		 * config files; in migguard's own files they are mistakes */
		if (lv->kind != LVL_SERVER)
			warn(lv, line, depth, "unknown key '%s' (ignored)", name);
		return 0;
	}
	key = name + 9;
	if (!strcmp(key, "path") || !strcmp(key, "exclude")) {
		int inc = key[0] == 'p';
		NEED_VALUE();
		if (restricted && !inc)
			SERVER_ONLY();
		if (!*v) {
			if (restricted)
				SERVER_ONLY();
			if (inc)
				list_clear(&o->include_globs, &o->ninclude_globs);
			else
				list_clear(&o->exclude_globs, &o->nexclude_globs);
		} else if (restricted && o->ninclude_globs == 0) {
			warn(lv, line, depth, "%s ignored: the %s uses the default paths "
			     "and in-tree config may only add to an explicit list", name,
			     o->server ? "server" : "base branch");
			return 0;
		} else if (inc) {
			list_add(&o->include_globs, &o->ninclude_globs, v);
		} else {
			list_add(&o->exclude_globs, &o->nexclude_globs, v);
		}
		sync_paths(o);
		return 0;
	}
	if (!strcmp(key, "allowintreeconfig")) {
		if (lv->kind == LVL_RESTRICTED || (lv->kind == LVL_CLIENT && o->server))
			SERVER_ONLY();
		if (parse_bool(v, &b) < 0)
			BAD("%s: '%s' is not a boolean", name, v);
		*allow_intree = b;
		return 0;
	}
	SERVER_ONLY();
	if (!strcmp(key, "pgversion")) {
		char *end;
		long n;
		NEED_VALUE();
		n = strtol(v, &end, 10);
		if (!*v || *end || n < 9 || n > 18)
			BAD("%s: '%s' is not a PostgreSQL major version (9..18)", name, v);
		o->lint.pg_version = (int)n;
	} else if (!strcmp(key, "failon")) {
		mg_severity s;
		NEED_VALUE();
		if (mg_severity_parse(v, &s) < 0 || s == MG_SEV_OFF)
			BAD("%s: '%s' is not error or warning", name, v);
		o->fail_on = s;
	} else if (!strcmp(key, "assumeintransaction")) {
		if (parse_bool(v, &b) < 0)
			BAD("%s: '%s' is not a boolean", name, v);
		o->lint.assume_in_transaction = b;
	} else if (!strcmp(key, "requirereview")) {
		NEED_VALUE();
		if (!strcmp(v, "ai"))
			o->require_review = MG_REVIEW_AI;
		else if (!strcmp(v, "always"))
			o->require_review = MG_REVIEW_ALWAYS;
		else if (!strcmp(v, "never"))
			o->require_review = MG_REVIEW_NEVER;
		else
			BAD("%s: '%s' is not ai, always or never", name, v);
	} else if (!strcmp(key, "reviewtrailer") || !strcmp(key, "reviewer")) {
		int tr = key[6] == 't';
		NEED_VALUE();
		if (tr && *v && strpbrk(v, ": \t\r\n"))
			BAD("%s: '%s' is not a trailer key", name, v);
		if (!*v) {
			if (tr)
				list_clear(&o->review_trailers, &o->nreview_trailers);
			else
				list_clear(&o->reviewers, &o->nreviewers);
		} else if (tr) {
			list_add(&o->review_trailers, &o->nreview_trailers, v);
		} else {
			list_add(&o->reviewers, &o->nreviewers, v);
		}
	} else if (!strcmp(key, "rulesdir")) {
		NEED_VALUE();
		free(o->rules_dir);
		o->rules_dir = *v ? mg_xstrdup(v) : NULL;
	} else if (!strcmp(key, "allowsuppressions")) {
		if (lv->kind == LVL_CLIENT && o->server)
			SERVER_ONLY();
		if (parse_bool(v, &b) < 0)
			BAD("%s: '%s' is not a boolean", name, v);
		o->allow_suppressions = b;
	} else if (!strcmp(key, "onerror")) {
		NEED_VALUE();
		if (!strcmp(v, "reject"))
			o->on_error_allow = 0;
		else if (!strcmp(v, "allow"))
			o->on_error_allow = 1;
		else
			BAD("%s: '%s' is not reject or allow", name, v);
	} else if (!strcmp(key, "timeout")) {
		char *end;
		long n = v ? strtol(v, &end, 10) : -1;
		if (!v || !isdigit((unsigned char)*v) || *end || n > 86400)
			BAD("%s: '%s' is not a number of seconds (0..86400)", name, v ? v : "");
		o->timeout = (int)n;
	} else if (!strcmp(key, "maxfilesize")) {
		long long n;
		if (parse_size(v, 1LL << 40, &n) < 0)
			BAD("%s: '%s' is not a size (bytes, or with a k, m or g suffix)", name, v ? v : "");
		o->max_file_size = n;
	} else if (!strcmp(key, "placeholder")) {
		char *msg;
		NEED_VALUE();
		if (!o->placeholders) {
			size_t i;
			o->placeholders = mg_xcalloc(1, sizeof(char *));
			for (i = 0; mg_default_placeholders[i]; i++)
				list_add(&o->placeholders, &o->nplaceholders, mg_default_placeholders[i]);
		}
		if (!*v) {
			list_clear(&o->placeholders, &o->nplaceholders);
		} else {
			if (check_pattern(v, &msg) < 0) {
				int rc = fail(err, lv, line, depth, "%s: %s", name, msg);
				free(msg);
				return rc;
			}
			list_add(&o->placeholders, &o->nplaceholders, v);
		}
	} else if (!strcmp(key, "shippedref")) {
		NEED_VALUE();
		if (!*v)
			list_clear(&o->shipped_refs, &o->nshipped_refs);
		else
			list_add(&o->shipped_refs, &o->nshipped_refs, v);
	} else if (!strcmp(key, "framework")) {
		NEED_VALUE();
		if (mg_framework_parse(v, &o->framework) < 0)
			BAD("%s: '%s' is not auto, plain, golang-migrate, goose, dbmate, flyway, "
			    "diesel, prisma, sqitch, rails, django or alembic", name, v);
	} else if (!strcmp(key, "baseline")) {
		NEED_VALUE();
		mg_config_set_baseline(o, *v ? v : NULL);
	} else {
		size_t i;
		for (i = 0; other_keys[i]; i++)
			if (!strcmp(name, other_keys[i]))
				return 0;
		warn(lv, line, depth, "unknown key '%s' (ignored)", name);
	}
	return 0;
#undef BAD
#undef NEED_VALUE
#undef SERVER_ONLY
}

/* libgit2 says "... (in PATH:LINE)"; migguard says "PATH:LINE: ...". */
static char *parse_error(const char *display, const char *path)
{
	const git_error *ge = git_error_last();
	const char *m = ge && ge->message ? ge->message : "cannot read the file";
	const char *in = strstr(m, " (in ");
	const char *pfx = "failed to parse config file: ";
	size_t plen = strlen(path);

	if (mg_starts_with(m, pfx))
		m += strlen(pfx);
	in = strstr(m, " (in ");
	if (in && !strncmp(in + 5, path, plen) && in[5 + plen] == ':') {
		int line = atoi(in + 6 + plen);
		return mg_xasprintf("%s:%d: %.*s", display, line, (int)(in - m), m);
	}
	return mg_xasprintf("%s: %s", display, m);
}

/* Loads the file at path as one level. */
static int load_level(mg_options *o, const char *path, const char *display,
		      level_kind kind, int *allow_intree, char **err)
{
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	level lv;
	char *text = NULL;
	size_t len = 0;
	int rc = 0, grc;

	memset(&lv, 0, sizeof(lv));
	lv.display = display;
	lv.kind = kind;
	if (mg_read_file(path, &text, &len) < 0) {
		*err = mg_xasprintf("%s: %s", display, strerror(errno));
		return -1;
	}
	scan_keys(text, len, &lv.keys);
	free(text);
	if (kind != LVL_SERVER && lv.keys.has_include) {
		warn(&lv, 0, 0, "include and includeIf are not allowed in this file: "
		     "the whole file is ignored");
		keys_free(&lv.keys);
		return 0;
	}
	if (git_config_open_ondisk(&cfg, path) < 0) {
		*err = parse_error(display, path);
		keys_free(&lv.keys);
		return -1;
	}
	if (git_config_iterator_new(&it, cfg) < 0) {
		*err = parse_error(display, path);
		git_config_free(cfg);
		keys_free(&lv.keys);
		return -1;
	}
	while ((grc = git_config_next(&e, it)) == 0) {
		if (apply(o, &lv, e, allow_intree, err) < 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && grc != GIT_ITEROVER) {
		*err = parse_error(display, path);
		rc = -1;
	}
	git_config_iterator_free(it);
	git_config_free(cfg);
	keys_free(&lv.keys);
	return rc;
}

static int file_exists(const char *path)
{
	struct stat sb;
	return path && *path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Loads a level from a buffer (a blob): git-config is read from files, so
 * it goes through a private temporary file. */
static int load_level_data(mg_options *o, const char *data, size_t len, const char *display,
			   level_kind kind, int *allow_intree, char **err)
{
	const char *tmpdir = getenv("TMPDIR");
	char *tmp = mg_xasprintf("%s/migguard-config.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(tmp), rc;
	size_t off = 0;

	if (fd < 0) {
		*err = mg_xasprintf("%s: cannot make a temporary file: %s", display, strerror(errno));
		free(tmp);
		return -1;
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			*err = mg_xasprintf("%s: cannot write a temporary file: %s", display,
					    strerror(errno));
			close(fd);
			unlink(tmp);
			free(tmp);
			return -1;
		}
		off += (size_t)w;
	}
	close(fd);
	rc = load_level(o, tmp, display, kind, allow_intree, err);
	unlink(tmp);
	free(tmp);
	return rc;
}

static int env_true(const char *name)
{
	const char *v = getenv(name);
	int b;
	return v && parse_bool(v, &b) == 0 && b;
}

int mg_config_load(mg_options *o, const mg_config_req *req, char **err)
{
	git_buf buf = GIT_BUF_INIT;
	int allow_intree = !req->server, rc;
	const char *gg = getenv("GIT_CONFIG_GLOBAL");

	*err = NULL;
	if (req->server)
		o->allow_suppressions = 0;
	o->server = req->server;
	/* system */
	if (!env_true("GIT_CONFIG_NOSYSTEM")) {
		const char *sys = getenv("GIT_CONFIG_SYSTEM");
		if (sys) {
			if (file_exists(sys) &&
			    load_level(o, sys, sys, LVL_SERVER, &allow_intree, err) < 0)
				return -1;
		} else if (git_config_find_system(&buf) == 0) {
			rc = file_exists(buf.ptr) ?
				load_level(o, buf.ptr, buf.ptr, LVL_SERVER, &allow_intree, err) : 0;
			git_buf_dispose(&buf);
			if (rc < 0)
				return -1;
		}
	}
	/* global: XDG, then ~/.gitconfig (git's order), or $GIT_CONFIG_GLOBAL */
	if (gg) {
		if (file_exists(gg) && load_level(o, gg, gg, LVL_SERVER, &allow_intree, err) < 0)
			return -1;
	} else {
		if (git_config_find_xdg(&buf) == 0) {
			rc = file_exists(buf.ptr) ?
				load_level(o, buf.ptr, buf.ptr, LVL_SERVER, &allow_intree, err) : 0;
			git_buf_dispose(&buf);
			if (rc < 0)
				return -1;
		}
		if (git_config_find_global(&buf) == 0) {
			rc = file_exists(buf.ptr) ?
				load_level(o, buf.ptr, buf.ptr, LVL_SERVER, &allow_intree, err) : 0;
			git_buf_dispose(&buf);
			if (rc < 0)
				return -1;
		}
	}
	/* repository */
	if (req->repo && git_repository_item_path(&buf, req->repo, GIT_REPOSITORY_ITEM_CONFIG) == 0) {
		rc = file_exists(buf.ptr) ?
			load_level(o, buf.ptr, buf.ptr, LVL_SERVER, &allow_intree, err) : 0;
		git_buf_dispose(&buf);
		if (rc < 0)
			return -1;
	}
	/* in-tree */
	/* in-tree: on a server only when a server level allowed it */
	if (allow_intree) {
		level_kind k = req->server ? LVL_RESTRICTED : LVL_CLIENT;
		if (req->intree_data) {
			if (load_level_data(o, req->intree_data, req->intree_len,
					    req->intree_name ? req->intree_name : MG_INTREE_CONFIG,
					    k, &allow_intree, err) < 0)
				return -1;
		} else if (!req->intree_data && file_exists(req->intree_path)) {
			if (load_level(o, req->intree_path, req->intree_path, k, &allow_intree, err) < 0)
				return -1;
		}
	}
	/* check --range A..B: the branch's own .migguard, read after the
	 * base's, may only tighten it, so a branch cannot switch off the
	 * checks that judge it */
	if (req->branch_data && !req->server &&
	    load_level_data(o, req->branch_data, req->branch_len,
			    req->branch_name ? req->branch_name : MG_INTREE_CONFIG,
			    LVL_RESTRICTED, &allow_intree, err) < 0)
		return -1;
	/* --config */
	if (req->extra_file) {
		if (!file_exists(req->extra_file)) {
			*err = mg_xasprintf("%s: %s", req->extra_file,
					    access(req->extra_file, F_OK) == 0 ? "not a regular file"
									     : strerror(ENOENT));
			return -1;
		}
		if (load_level(o, req->extra_file, req->extra_file, LVL_CLIENT, &allow_intree, err) < 0)
			return -1;
	}
	return 0;
}

int mg_config_load_at(mg_options *o, git_repository *repo, const char *rev,
		      const char *extra_file, int server, char **err)
{
	mg_config_req req;
	char *data = NULL, *name = NULL, *path = NULL;
	size_t len = 0;
	int rc;

	*err = NULL;
	memset(&req, 0, sizeof(req));
	req.repo = repo;
	req.server = server;
	req.extra_file = extra_file;
	if (repo && rev) {
		git_revspec spec;
		git_object *obj;
		git_tree *tree = NULL;

		memset(&spec, 0, sizeof(spec));
		if (git_revparse(&spec, repo, rev) < 0) {
			/* the source reports the bad revision (or the unborn HEAD);
			 * "A..B" with a bad B leaves A resolved: free it */
			git_error_clear();
			git_object_free(spec.from);
			git_object_free(spec.to);
			spec.from = spec.to = NULL;
			spec.flags = GIT_REVSPEC_SINGLE;
		}
		obj = (spec.flags & GIT_REVSPEC_SINGLE) ? spec.from : spec.to;
		if (obj && git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) < 0) {
			/* a tag of a blob, say: no tree, no in-tree level */
			git_error_clear();
			tree = NULL;
		}
		rc = mg_config_read_intree(repo, tree, &data, &len, err);
		if (rc > 0) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), git_object_id(obj));
			name = mg_xasprintf("%.12s:%s", hex, MG_INTREE_CONFIG);
		}
		git_tree_free(tree);
		tree = NULL;
		/* A range: the full in-tree level is the base's (A), B's only
		 * tightens it (mg_config_load). */
		if (rc >= 0 && !(spec.flags & GIT_REVSPEC_SINGLE) && spec.from) {
			req.branch_data = data;
			req.branch_len = len;
			req.branch_name = name;
			data = NULL;
			name = NULL;
			len = 0;
			if (git_object_peel((git_object **)&tree, spec.from, GIT_OBJECT_TREE) < 0) {
				git_error_clear();
				tree = NULL;
			}
			rc = mg_config_read_intree(repo, tree, &data, &len, err);
			if (rc > 0) {
				char hex[GIT_OID_HEXSZ + 1];
				git_oid_tostr(hex, sizeof(hex), git_object_id(spec.from));
				name = mg_xasprintf("%.12s:%s", hex, MG_INTREE_CONFIG);
			}
			git_tree_free(tree);
		}
		git_object_free(spec.from);
		git_object_free(spec.to);
		if (rc < 0) {
			free((char *)req.branch_data);
			free((char *)req.branch_name);
			return -1;
		}
		req.intree_data = data;
		req.intree_len = len;
		req.intree_name = name;
	} else if (repo) {
		const char *wd = git_repository_workdir(repo);
		if (wd)
			req.intree_path = path = mg_xasprintf("%s%s", wd, MG_INTREE_CONFIG);
	} else {
		req.intree_path = MG_INTREE_CONFIG;
	}
	rc = mg_config_load(o, &req, err);
	free(data);
	free(name);
	free(path);
	free((char *)req.branch_data);
	free((char *)req.branch_name);
	return rc;
}

int mg_config_load_file(mg_options *o, const char *path, char **err)
{
	int allow = 1;

	*err = NULL;
	if (!file_exists(path)) {
		*err = mg_xasprintf("%s: no such regular file", path);
		return -1;
	}
	return load_level(o, path, path, LVL_CLIENT, &allow, err);
}

int mg_config_read_intree(git_repository *repo, git_tree *tree,
			  char **data, size_t *len, char **err)
{
	const git_tree_entry *te;
	git_blob *blob = NULL;

	*data = NULL;
	*len = 0;
	if (!tree)
		return 0;
	te = git_tree_entry_byname(tree, MG_INTREE_CONFIG);
	if (!te)
		return 0;
	if (git_tree_entry_filemode(te) != GIT_FILEMODE_BLOB &&
	    git_tree_entry_filemode(te) != GIT_FILEMODE_BLOB_EXECUTABLE) {
		fputs("migguard: warning: " MG_INTREE_CONFIG ": not a regular file in the "
		      "tree (ignored)\n", stderr);
		return 0;
	}
	if (git_blob_lookup(&blob, repo, git_tree_entry_id(te)) < 0) {
		*err = mg_git_error(MG_INTREE_CONFIG);
		return -1;
	}
	if (git_blob_rawsize(blob) > MG_INTREE_CONFIG_MAX) {
		fprintf(stderr, "migguard: warning: " MG_INTREE_CONFIG ": larger than %d bytes "
			"(ignored)\n", MG_INTREE_CONFIG_MAX);
		git_blob_free(blob);
		return 0;
	}
	*len = (size_t)git_blob_rawsize(blob);
	*data = mg_xmalloc(*len + 1);
	memcpy(*data, git_blob_rawcontent(blob), *len);
	(*data)[*len] = '\0';
	git_blob_free(blob);
	return 1;
}

int mg_config_set_baseline(mg_options *o, const char *path)
{
	free(o->baseline);
	o->baseline = path ? mg_xstrdup(path) : NULL;
	return 0;
}

void mg_config_options_free(mg_options *o)
{
	size_t i;

	list_free(&o->include_globs, &o->ninclude_globs);
	list_free(&o->exclude_globs, &o->nexclude_globs);
	list_free(&o->placeholders, &o->nplaceholders);
	list_free(&o->review_trailers, &o->nreview_trailers);
	list_free(&o->reviewers, &o->nreviewers);
	list_free(&o->shipped_refs, &o->nshipped_refs);
	if (o->overrides && o->lint.overrides == o->overrides) {
		o->lint.overrides = NULL;
		o->lint.noverrides = 0;
	}
	for (i = 0; i < o->noverrides; i++)
		free((char *)o->overrides[i].id);
	free(o->overrides);
	o->overrides = NULL;
	o->noverrides = 0;
	free(o->baseline);
	free(o->write_baseline);
	free(o->rules_dir);
	o->baseline = o->write_baseline = o->rules_dir = NULL;
	sync_paths(o);
}
