/* commitrules.c - AI markers and the human review trailer (see commitrules.h). */
#include "config.h"
#include "commitrules.h"
#include "lint.h"
#include "rules/rule.h"
#include "trailers.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HELP_REVIEW \
	"have someone other than the author read the migration and its lock plan, " \
	"then record it: git commit --amend --trailer \"Reviewed-by: Name <email>\""

/* Where a marker was seen. */
typedef struct marker {
	const mg_rx_rule *rule;
	const char *path;        /* content and path markers: the file */
	int line, column, end_column;
	int msg_line;            /* message and trailer markers: the message line */
	char where[64];          /* "message line 5", "author", ... */
} marker;

typedef struct commit_view {
	const mg_commit_info *c;
	const mg_file_change **files;  /* the migrations it changes */
	size_t nfiles;
	int concerned;                 /* it changes a migration */
	mg_trailers trailers;
	marker first;                  /* the first marker seen */
	marker content;                /* the first content marker */
	int nmarkers, has_content;
} commit_view;

static void note_marker(commit_view *v, const mg_rx_rule *r, const char *path,
			int line, int column, int end_column, int msg_line, const char *where)
{
	marker m;

	memset(&m, 0, sizeof(m));
	m.msg_line = msg_line;
	m.rule = r;
	m.path = path;
	m.line = line;
	m.column = column;
	m.end_column = end_column;
	snprintf(m.where, sizeof(m.where), "%s", where);
	if (!v->nmarkers++)
		v->first = m;
	if (path && !v->has_content) {
		v->content = m;
		v->has_content = 1;
	}
}

static int line_of(const char *s, size_t off)
{
	int n = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (s[i] == '\n')
			n++;
	return n;
}

/* A finding of a commit-scoped rule of kind finding: anchored to the
 * commit message line (path "": text output shows "commit ID: line N")
 * when there is one, else to line 1 of the commit's first migration file. */
static void report_commit_finding(const mg_options *o, const commit_view *v,
				  const mg_rx_rule *r, int msg_line, const char *where,
				  mg_result *out)
{
	mg_severity sev = mg_lint_severity(&o->lint, r->id, r->severity);
	char *msg;

	if (sev == MG_SEV_OFF)
		return;
	msg = mg_xasprintf("%s (%s)", r->message, where);
	mg_result_add(out, r->id, sev, msg_line ? "" : v->files[0]->path,
		      msg_line ? msg_line : 1, 1, msg_line ? msg_line : 1, 1, msg, r->help,
		      v->c->oid[0] ? v->c->oid : NULL);
	free(msg);
}

/* One rule on one piece of commit metadata. */
static void match_meta(const mg_options *o, const mg_rxset *rx, commit_view *v,
		       const mg_rx_rule *r, const char *text, int base_line, int msg_line,
		       const char *where_fmt, mg_result *out)
{
	size_t ms, me, pos = 0, len = strlen(text);
	char where[64];

	for (;;) {
		int rc = mg_rx_search(rx, r->code, text, len, pos, &ms, &me);
		int line;
		const char *nl;

		if (rc < 0)
			mg_result_add_error(out, v->files[0]->path, "rule %s: PCRE2 gave up on the "
					    "%s of %s%.12s (match limit): not fully checked",
					    r->id, r->scope == MG_SCOPE_AUTHOR ? "identities" :
					    "message", v->c->oid[0] ? "commit " : "the new commit",
					    v->c->oid);
		if (rc != 1)
			return;
		line = base_line ? base_line + line_of(text, ms) - 1 : 0;

		if (line)
			snprintf(where, sizeof(where), where_fmt, line);
		else
			snprintf(where, sizeof(where), "%s", where_fmt);
		if (r->ai_marker) {
			note_marker(v, r, NULL, 0, 0, 0, line ? line : msg_line, where);
			return;
		}
		report_commit_finding(o, v, r, line ? line : msg_line, where, out);
		/* next line (multi-line subjects), else done */
		nl = memchr(text + ms, '\n', len - ms);
		if (!nl || r->scope != MG_SCOPE_MESSAGE)
			return;
		pos = (size_t)(nl - text) + 1;
	}
}

static char *identity(const char *name, const char *email)
{
	return mg_xasprintf("%s <%s>", name ? name : "", email ? email : "");
}

typedef struct content_ctx {
	commit_view *v;
	const mg_file_change *f;
	mg_result *out;
} content_ctx;

static void content_marker(void *ctx, const mg_rx_rule *r, int line, int col, int ecol)
{
	content_ctx *cc = ctx;
	char where[64];

	if (line == 0) {
		mg_result_add_error(cc->out, cc->f->path, "rule %s: PCRE2 gave up on this file "
				    "(match limit): not fully checked", r->id);
		return;
	}

	snprintf(where, sizeof(where), "line %d", line);
	note_marker(cc->v, r, cc->f->path, line, col, ecol, 0, where);
}

/* Runs the message, trailer and author rules on one commit, noting its
 * markers. */
static void scan_commit(const mg_options *o, const mg_rxset *rx, commit_view *v,
			mg_result *out)
{
	const mg_commit_info *c = v->c;
	const char *msg = c->message ? c->message : "";
	char *author = identity(c->author_name, c->author_email);
	char *committer = identity(c->committer_name, c->committer_email);
	size_t i, j;

	for (i = 0; i < rx->n; i++) {
		const mg_rx_rule *r = &rx->rules[i];

		if (!r->ai_marker && mg_lint_severity(&o->lint, r->id, r->severity) == MG_SEV_OFF)
			continue;
		if (r->ai_marker && mg_lint_severity(&o->lint, r->id, r->severity) == MG_SEV_OFF)
			continue; /* a marker turned off is no marker */
		switch (r->scope) {
		case MG_SCOPE_MESSAGE:
			match_meta(o, rx, v, r, msg, 1, 0, "message line %d", out);
			break;
		case MG_SCOPE_TRAILER:
			for (j = 0; j < v->trailers.n; j++) {
				const mg_trailer *t = &v->trailers.v[j];
				char *s = mg_xasprintf("%s: %s", t->key, t->value);
				int before = v->nmarkers;
				char where[64];

				snprintf(where, sizeof(where), "trailer on message line %d", t->line);
				match_meta(o, rx, v, r, s, 0, t->line, where, out);
				free(s);
				if (r->ai_marker && v->nmarkers > before)
					break;
			}
			break;
		case MG_SCOPE_AUTHOR: {
			int before = v->nmarkers;
			match_meta(o, rx, v, r, author, 0, 0, "author", out);
			if (!r->ai_marker || v->nmarkers == before)
				match_meta(o, rx, v, r, committer, 0, 0, "committer", out);
			break;
		}
		case MG_SCOPE_CONTENT:
		case MG_SCOPE_PATH:
			break; /* scan_file_markers() */
		}
	}
	free(author);
	free(committer);
}

enum review { REVIEW_OK, REVIEW_NONE, REVIEW_SELF, REVIEW_REJECTED };

static int is_ai_identity(const mg_rxset *rx, const char *ident)
{
	size_t i, ms, me;

	for (i = 0; i < rx->n; i++) {
		const mg_rx_rule *r = &rx->rules[i];
		if (r->ai_marker && r->scope == MG_SCOPE_AUTHOR &&
		    mg_rx_search(rx, r->code, ident, strlen(ident), 0, &ms, &me) == 1)
			return 1;
	}
	return 0;
}

/* Something like an e-mail address: a '@' with text on both sides, no
 * blanks or control characters. */
static int is_email(const char *e)
{
	const char *at = strchr(e, '@'), *p;

	if (!at || at == e || !at[1])
		return 0;
	for (p = e; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>')
			return 0;
	return 1;
}

static int same_email(const char *a, const char *b)
{
	return a && b && *a && !strcasecmp(a, b);
}

static int is_review_key(const mg_options *o, const mg_trailer *t)
{
	size_t i;

	if (!o->nreview_trailers)
		return mg_trailer_key_is(t, "Reviewed-by");
	for (i = 0; i < o->nreview_trailers; i++)
		if (mg_trailer_key_is(t, o->review_trailers[i]))
			return 1;
	return 0;
}

static int on_allow_list(const mg_options *o, const char *email)
{
	size_t i;
	int ok = 0;

	if (!o->nreviewers)
		return 1;
	for (i = 0; i < o->nreviewers && !ok; i++) {
		char *e = mg_identity_email(o->reviewers[i]);
		ok = same_email(e, email);
		free(e);
	}
	return ok;
}

/* Whether the commit carries a valid review; *why explains a rejection
 * (allocated, or NULL). */
static enum review review_of(const mg_options *o, const mg_rxset *rx, const commit_view *v,
			     char **why)
{
	const mg_commit_info *c = v->c;
	size_t i, j, nreview = 0, nself = 0;

	*why = NULL;
	for (i = 0; i < v->trailers.n; i++) {
		const mg_trailer *t = &v->trailers.v[i];
		char *email;
		int self;

		if (!is_review_key(o, t))
			continue;
		nreview++;
		email = mg_identity_email(t->value);
		self = same_email(email, c->author_email);
		for (j = 0; j < v->trailers.n && !self; j++) {
			char *co;
			if (!mg_trailer_key_is(&v->trailers.v[j], "Co-authored-by") &&
			    !mg_trailer_key_is(&v->trailers.v[j], "Co-developed-by"))
				continue;
			co = mg_identity_email(v->trailers.v[j].value);
			self = same_email(email, co);
			free(co);
		}
		if (*email && is_ai_identity(rx, t->value)) {
			if (!*why)
				*why = mg_xasprintf("%s names an AI identity (%s), not a human",
						    t->key, email);
		} else if (self) {
			nself++;
			if (!*why)
				*why = mg_xasprintf("%s names the author or a co-author (%s), "
						    "who cannot review their own change",
						    t->key, email);
		} else if (!is_email(email)) {
			if (!*why)
				*why = mg_xasprintf("%s names no e-mail address (Name <email>)", t->key);
		} else if (!on_allow_list(o, email)) {
			if (!*why)
				*why = mg_xasprintf("%s names %s, who is not on the "
						    "migguard.reviewer list", t->key, email);
		} else {
			free(email);
			free(*why);
			*why = NULL;
			return REVIEW_OK;
		}
		free(email);
	}
	if (!nreview)
		return REVIEW_NONE;
	return nself == nreview ? REVIEW_SELF : REVIEW_REJECTED;
}

static const char *review_key(const mg_options *o)
{
	return o->nreview_trailers ? o->review_trailers[0] : "Reviewed-by";
}

static void report_review(const mg_options *o, const commit_view *v, const marker *anchor,
			  enum review st, const char *why, int always, mg_result *out)
{
	const char *rule = st == REVIEW_SELF ? "review-trailer-self" : "ai-marker-unreviewed";
	mg_severity sev = mg_lint_severity(&o->lint, rule, MG_SEV_ERROR);
	char *msg, *what;
	const char *path = v->files[0]->path;
	int line = 1, col = 1, ecol = 1;

	if (sev == MG_SEV_OFF)
		return;
	if (anchor && anchor->path) {
		path = anchor->path;
		line = anchor->line;
		col = anchor->column;
		ecol = anchor->end_column;
	} else if (anchor && anchor->msg_line > 0) {
		/* a message or trailer marker: the commit message line */
		path = "";
		line = anchor->msg_line;
	}
	if (v->nmarkers && v->first.path)
		what = mg_xasprintf("AI marker in a migration: %s%s", v->first.rule->message,
				    v->nmarkers > 1 ? " (and more markers)" : "");
	else if (v->nmarkers)
		what = mg_xasprintf("AI marker on a migration change: %s (%s)%s",
				    v->first.rule->message, v->first.where,
				    v->nmarkers > 1 ? " and more markers" : "");
	else
		what = mg_xasprintf("migration change (migguard.requireReview = %s)",
				    always ? "always" : "ai");
	if (why)
		msg = mg_xasprintf("%s; %s", what, why);
	else
		msg = mg_xasprintf("%s; no %s trailer by someone other than the author",
				   what, review_key(o));
	mg_result_add(out, rule, sev, path, line, col, line, ecol, msg, HELP_REVIEW,
		      v->c->oid[0] ? v->c->oid : NULL);
	free(what);
	free(msg);
}

/* The view a file of the net change belongs to (commits whose own change
 * is unknown): the commit the source attributes it to, the only commit, or
 * the range view. */
static commit_view *view_of(const mg_changeset *cs, const mg_file_change *f,
			    commit_view *views, commit_view *range)
{
	size_t i;

	if (cs->ncommits == 1)
		return &views[0];
	if (f->commit)
		for (i = 0; i < cs->ncommits; i++)
			if (!strcmp(cs->commits[i].oid, f->commit))
				return &views[i];
	return range;
}

/* Content and path markers of one file, noted on view v. */
static void scan_file_markers(const mg_options *o, const mg_rxset *rx,
			      const mg_file_change *f, commit_view *v, mg_result *out)
{
	size_t i, ms, me;

	if (f->status == MG_DELETED)
		return;
	for (i = 0; i < rx->n; i++) {
		const mg_rx_rule *r = &rx->rules[i];
		content_ctx cc = { v, f, out };

		if (!r->ai_marker || (r->scope != MG_SCOPE_CONTENT && r->scope != MG_SCOPE_PATH) ||
		    mg_lint_severity(&o->lint, r->id, r->severity) == MG_SEV_OFF ||
		    !mg_rx_applies_to(rx, r, f->path))
			continue;
		if (r->scope == MG_SCOPE_PATH) {
			if (mg_rx_search(rx, r->code, f->path, strlen(f->path), 0, &ms, &me) == 1)
				note_marker(v, r, f->path, 1, 1, 1, 0, "path");
		} else if (f->kind == MG_KIND_REGULAR) {
			mg_rx_scan_content(rx, r, f, content_marker, &cc);
		}
	}
}

void mg_commit_rules(const mg_options *o, const mg_rxset *rx, const mg_changeset *cs,
		     mg_result *out)
{
	commit_view *views, range;
	size_t i, j;
	int any_review = 0, net_needed = 0;
	mg_trailer_opts topts;
	mg_commit_info none;

	if (!cs->ncommits)
		return; /* no commit: not concerned */
	mg_trailer_opts_init(&topts);
	topts.no_divider = 1; /* a stored message: like git log --format=%(trailers) */

	/* A commit whose own change the source recorded (ranges, pushes) is
	 * concerned when it changes a migration, with the content it adds.
	 * Otherwise (commit-msg) every commit of a change set that changes
	 * migrations is, with the net files (those the source attributes to it
	 * first). */
	views = mg_xcalloc(cs->ncommits, sizeof(*views));
	for (i = 0; i < cs->ncommits; i++) {
		commit_view *v = &views[i];
		const mg_commit_info *c = &cs->commits[i];
		const char *msg = c->message ? c->message : "";

		v->c = c;
		if (c->own) {
			v->files = mg_xcalloc(c->own->nfiles + 1, sizeof(*v->files));
			for (j = 0; j < c->own->nfiles; j++)
				v->files[v->nfiles++] = &c->own->files[j];
		} else {
			net_needed = 1;
			v->files = mg_xcalloc(cs->nfiles + 1, sizeof(*v->files));
			for (j = 0; j < cs->nfiles; j++)
				if (cs->files[j].commit && !strcmp(cs->files[j].commit, c->oid))
					v->files[v->nfiles++] = &cs->files[j];
			for (j = 0; j < cs->nfiles; j++)
				if (!cs->files[j].commit || strcmp(cs->files[j].commit, c->oid))
					v->files[v->nfiles++] = &cs->files[j];
		}
		v->concerned = v->nfiles > 0;
		if (!v->concerned)
			continue; /* touches no migration */
		mg_trailers_parse(msg, strlen(msg), &topts, &v->trailers);
		scan_commit(o, rx, v, out);
		if (c->own)
			for (j = 0; j < c->own->nfiles; j++)
				scan_file_markers(o, rx, &c->own->files[j], v, out);
	}
	memset(&range, 0, sizeof(range));
	memset(&none, 0, sizeof(none));
	range.c = &none;
	for (i = 0; i < cs->ncommits && net_needed; i++)
		if (!cs->commits[i].own && views[i].concerned) {
			range.files = views[i].files;
			range.nfiles = views[i].nfiles;
			break;
		}
	for (j = 0; j < cs->nfiles && range.nfiles; j++) {
		commit_view *v = view_of(cs, &cs->files[j], views, &range);
		if (v == &range || !v->c->own)
			scan_file_markers(o, rx, &cs->files[j], v, out);
	}

	for (i = 0; i < cs->ncommits && o->require_review != MG_REVIEW_NEVER; i++) {
		commit_view *v = &views[i];
		char *why = NULL;
		enum review st;

		if (!v->concerned)
			continue;
		st = review_of(o, rx, v, &why);
		if (st == REVIEW_OK)
			any_review = 1;
		else if (v->nmarkers || o->require_review == MG_REVIEW_ALWAYS)
			report_review(o, v, v->has_content ? &v->content :
				      v->nmarkers ? &v->first : NULL, st, why,
				      o->require_review == MG_REVIEW_ALWAYS, out);
		free(why);
	}
	/* markers in the net content of several commits: a valid review on any
	 * commit of the range covers them */
	if (range.has_content && !any_review && o->require_review != MG_REVIEW_NEVER)
		report_review(o, &range, &range.content, REVIEW_NONE, NULL, 0, out);

	for (i = 0; i < cs->ncommits; i++) {
		mg_trailers_free(&views[i].trailers);
		free(views[i].files);
	}
	free(views);
}

/* The commit rules in `migguard rules` and `migguard explain`. */
const mg_rule mg_rule_ai_marker_unreviewed = {
	.id = "ai-marker-unreviewed",
	.severity = MG_SEV_ERROR,
	.summary = "a migration change carries AI-generation markers but no human review trailer",
	.doc =
	"AI assistants write migrations that look right and lock production: what\n"
	"protects it is a human who read the statements and their lock plan.  When a\n"
	"commit that changes a migration carries a sign of AI generation (a marker of\n"
	"the rule packs, kind ai-marker: Claude Code's Co-Authored-By trailer, the\n"
	"Copilot coding agent as author, \"-- Generated by ChatGPT\" in the SQL, ...),\n"
	"migguard requires a review trailer (migguard.reviewTrailer, default\n"
	"Reviewed-by) naming someone other than the author, any co-author and any AI\n"
	"identity (and on the migguard.reviewer list when one is set).\n"
	"migguard.requireReview = always requires it on every migration commit,\n"
	"never turns the rule off.\n"
	"\n"
	"Trailers are plain text: the rule makes the review visible, it does not\n"
	"prove it.  Enforce it on the server (pre-receive) so --no-verify cannot skip\n"
	"it.\n"
	"\n"
	"Fix: have a colleague read the migration, then\n"
	"\n"
	"  git commit --amend --trailer \"Reviewed-by: Alice <alice@example.com>\"\n",
	.check = NULL,
};

const mg_rule mg_rule_review_trailer_self = {
	.id = "review-trailer-self",
	.severity = MG_SEV_ERROR,
	.summary = "the only review trailer of an AI-marked migration change names its author",
	.doc =
	"A Reviewed-by trailer by the author (or a co-author) of the commit is not a\n"
	"review: the point of the trailer is a second pair of eyes on an AI-written\n"
	"migration.  Identities are compared by e-mail, case-insensitively.\n"
	"\n"
	"Fix: have someone else read the migration and add their own trailer:\n"
	"\n"
	"  git commit --amend --trailer \"Reviewed-by: Bob <bob@example.com>\"\n",
	.check = NULL,
};
