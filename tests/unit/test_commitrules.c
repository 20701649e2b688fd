/* test_commitrules.c - the review policy on hand-made change sets. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commitrules.h"
#include "suppress.h"
#include "util.h"

static mg_rxset pack;

static int setup(void **state)
{
	const char *top = getenv("TOP_SRCDIR");
	char *path = mg_xasprintf("%s/rules/ai-markers.rules", top ? top : "."), *err = NULL;

	(void)state;
	mg_rxset_init(&pack);
	if (mg_rx_load_file(&pack, path, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mg_rxset_free(&pack);
	return 0;
}

static mg_commit_info *commit(mg_changeset *cs, const char *oid, const char *msg,
			      const char *name, const char *email)
{
	mg_commit_info *c = mg_changeset_add_commit(cs, oid);

	c->message = mg_xstrdup(msg);
	c->author_name = mg_xstrdup(name);
	c->author_email = mg_xstrdup(email);
	c->committer_name = mg_xstrdup(name);
	c->committer_email = mg_xstrdup(email);
	return c;
}

static void file(mg_changeset *cs, const char *path, const char *data, const char *commit)
{
	mg_file_change *f = mg_changeset_add_file(cs, path, MG_ADDED);

	f->data = mg_xstrdup(data);
	f->len = strlen(data);
	f->commit = commit ? mg_xstrdup(commit) : NULL;
}

/* Runs the commit rules; returns the findings as "rule path:line commit"
 * lines. */
static char *run(const mg_options *o, const mg_changeset *cs)
{
	mg_result r;
	mg_buf b = MG_BUF_INIT;
	size_t i;

	mg_result_init(&r);
	mg_commit_rules(o, &pack, cs, &r);
	mg_result_sort(&r);
	for (i = 0; i < r.nfindings; i++)
		mg_buf_printf(&b, "%s %s:%d %.7s\n", r.findings[i].rule, r.findings[i].path,
			      r.findings[i].line, r.findings[i].commit ? r.findings[i].commit : "-");
	mg_result_free(&r);
	mg_buf_putc(&b, '\0');
	return mg_buf_detach(&b);
}

#define OID1 "1111111111111111111111111111111111111111"
#define OID2 "2222222222222222222222222222222222222222"
#define CLAUDE "Add t\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n"

static void expect(const mg_options *o, const mg_changeset *cs, const char *want)
{
	char *got = run(o, cs);

	if (strcmp(got, want))
		fail_msg("got\n%s\nwanted\n%s", got, want);
	free(got);
}

static void marker_needs_review(void **state)
{
	mg_options o;
	mg_changeset cs;

	(void)state;
	mg_options_init(&o);
	mg_changeset_init(&cs);
	commit(&cs, OID1, CLAUDE, "Ann", "ann@example.com");
	file(&cs, "db/migrations/1.sql", "CREATE TABLE t ();\n", NULL);
	expect(&o, &cs, "ai-marker-unreviewed :3 1111111\n");

	/* reviewed by someone else */
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup(CLAUDE "Reviewed-by: Bob <bob@example.com>\n");
	expect(&o, &cs, "");

	/* keys are case-insensitive */
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup(CLAUDE "reviewed-BY: Bob <bob@example.com>\n");
	expect(&o, &cs, "");

	/* by the author (e-mail compared case-insensitively) */
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup(CLAUDE "Reviewed-by: Ann <ANN@example.com>\n");
	expect(&o, &cs, "review-trailer-self :3 1111111\n");

	/* by a co-author */
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup("Add t\n\nCo-authored-by: Carl <carl@example.com>\n"
					   "Co-Authored-By: Claude <noreply@anthropic.com>\n"
					   "Reviewed-by: Carl <carl@example.com>\n");
	expect(&o, &cs, "review-trailer-self :4 1111111\n");

	/* by a co-developer (the kernel's trailer) */
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup("Add t\n\nCo-developed-by: Dan <dan@example.com>\n"
					   "Assisted-by: Claude:claude-3-opus\n"
					   "Reviewed-by: Dan <dan@example.com>\n");
	expect(&o, &cs, "review-trailer-self :4 1111111\n");

	/* no e-mail address, or a hostile one */
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup(CLAUDE "Reviewed-by: yes\n");
	expect(&o, &cs, "ai-marker-unreviewed :3 1111111\n");
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup(CLAUDE "Reviewed-by: X <\033[31mx@example.com>\n");
	expect(&o, &cs, "ai-marker-unreviewed :3 1111111\n");

	/* by an AI */
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup(CLAUDE "Reviewed-by: Claude <noreply@anthropic.com>\n");
	expect(&o, &cs, "ai-marker-unreviewed :3 1111111\n");

	/* a review trailer in the body, not in the trailer block, does not count */
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup("Add t\n\nReviewed-by: Bob <bob@example.com>\n"
					   "is what we need\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n");
	expect(&o, &cs, "ai-marker-unreviewed :6 1111111\n");

	mg_changeset_free(&cs);
	mg_options_free(&o);
}

static void policy_keys(void **state)
{
	mg_options o;
	mg_changeset cs;
	char *trailers[] = { (char *)"Acked-by", (char *)"Approved-by" };
	char *reviewers[] = { (char *)"Dora <dora@example.com>" };

	(void)state;
	mg_options_init(&o);
	mg_changeset_init(&cs);
	commit(&cs, OID1, CLAUDE "Reviewed-by: Bob <bob@example.com>\n", "Ann", "ann@example.com");
	file(&cs, "db/migrations/1.sql", "CREATE TABLE t ();\n", NULL);

	/* another trailer name: Reviewed-by no longer counts */
	o.review_trailers = trailers;
	o.nreview_trailers = 2;
	expect(&o, &cs, "ai-marker-unreviewed :3 1111111\n");
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup(CLAUDE "Approved-by: Bob <bob@example.com>\n");
	expect(&o, &cs, "");

	/* allow-list */
	o.reviewers = reviewers;
	o.nreviewers = 1;
	expect(&o, &cs, "ai-marker-unreviewed :3 1111111\n");
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup(CLAUDE "Acked-by: D <Dora@Example.com>\n");
	expect(&o, &cs, "");

	/* never / always */
	o.review_trailers = NULL;
	o.nreview_trailers = 0;
	o.reviewers = NULL;
	o.nreviewers = 0;
	o.require_review = MG_REVIEW_NEVER;
	expect(&o, &cs, "");
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup("Add t by hand\n");
	o.require_review = MG_REVIEW_AI;
	expect(&o, &cs, "");
	o.require_review = MG_REVIEW_ALWAYS;
	expect(&o, &cs, "ai-marker-unreviewed db/migrations/1.sql:1 1111111\n");

	mg_changeset_free(&cs);
	mg_options_free(&o);
}

static void authors_and_content(void **state)
{
	mg_options o;
	mg_changeset cs;

	(void)state;
	mg_options_init(&o);

	/* the Copilot coding agent as author, the human as co-author */
	mg_changeset_init(&cs);
	commit(&cs, OID1, "Add index\n\nAgent-Logs-Url: https://github.com/a/b/sessions/1\n"
	       "Co-authored-by: Ann <ann@example.com>\n",
	       "copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com");
	file(&cs, "db/migrations/2.sql", "CREATE INDEX i ON t (a);\n", NULL);
	expect(&o, &cs, "ai-marker-unreviewed db/migrations/2.sql:1 1111111\n");
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup("Add index\n\nCo-authored-by: Ann <ann@example.com>\n"
					   "Reviewed-by: Ann <ann@example.com>\n");
	expect(&o, &cs, "review-trailer-self db/migrations/2.sql:1 1111111\n");
	mg_changeset_free(&cs);

	/* a content marker anchors the finding to its line */
	mg_changeset_init(&cs);
	commit(&cs, "", "Add t\n", "Ann", "ann@example.com");
	file(&cs, "db/migrations/3.sql", "SELECT 1;\n-- Generated by ChatGPT\nSELECT 2;\n", NULL);
	expect(&o, &cs, "ai-marker-unreviewed db/migrations/3.sql:2 -\n");
	mg_changeset_free(&cs);

	/* no migration changed: not concerned */
	mg_changeset_init(&cs);
	commit(&cs, OID1, CLAUDE, "Ann", "ann@example.com");
	expect(&o, &cs, "");
	mg_changeset_free(&cs);
	mg_options_free(&o);
}

static void per_commit_and_net_ranges(void **state)
{
	mg_options o;
	mg_changeset cs;

	(void)state;
	mg_options_init(&o);

	/* a range that changes migrations: every commit of it is concerned */
	mg_changeset_init(&cs);
	commit(&cs, OID1, CLAUDE, "Ann", "ann@example.com");
	commit(&cs, OID2, "Add t\n", "Ann", "ann@example.com");
	file(&cs, "db/migrations/1.sql", "CREATE TABLE t ();\n", NULL);
	expect(&o, &cs, "ai-marker-unreviewed :3 1111111\n");
	/* a content marker in a file the source attributes to a commit needs
	 * that commit's review */
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup("Docs\n");
	free(cs.files[0].data);
	cs.files[0].data = mg_xstrdup("-- Generated by ChatGPT\nCREATE TABLE t ();\n");
	cs.files[0].len = strlen(cs.files[0].data);
	cs.files[0].commit = mg_xstrdup(OID2);
	expect(&o, &cs, "ai-marker-unreviewed db/migrations/1.sql:1 2222222\n");
	free(cs.commits[0].message);
	cs.commits[0].message = mg_xstrdup("Docs\n\nReviewed-by: Bob <bob@example.com>\n");
	expect(&o, &cs, "ai-marker-unreviewed db/migrations/1.sql:1 2222222\n");
	free(cs.commits[1].message);
	cs.commits[1].message = mg_xstrdup("Add t\n\nReviewed-by: Bob <bob@example.com>\n");
	expect(&o, &cs, "");
	mg_changeset_free(&cs);

	/* a net range: a content marker is covered by a review on any commit */
	mg_changeset_init(&cs);
	commit(&cs, OID1, "Add t\n", "Ann", "ann@example.com");
	commit(&cs, OID2, "Tweak t\n", "Ann", "ann@example.com");
	file(&cs, "db/migrations/1.sql", "-- written by Copilot\nCREATE TABLE t ();\n", NULL);
	expect(&o, &cs, "ai-marker-unreviewed db/migrations/1.sql:1 -\n");
	free(cs.commits[1].message);
	cs.commits[1].message = mg_xstrdup("Tweak t\n\nReviewed-by: Bob <bob@example.com>\n");
	expect(&o, &cs, "");
	mg_changeset_free(&cs);
	mg_options_free(&o);
}

/* A commit's own change (what range and push sources record). */
static void own_file(mg_commit_info *c, const char *path, const char *data, const char *old)
{
	mg_file_change *f;

	if (!c->own) {
		c->own = mg_xmalloc(sizeof(*c->own));
		mg_changeset_init(c->own);
	}
	if (!path)
		return;
	f = mg_changeset_add_file(c->own, path, old ? MG_MODIFIED : MG_ADDED);
	f->data = mg_xstrdup(data);
	f->len = strlen(data);
	if (old) {
		f->old_data = mg_xstrdup(old);
		f->old_len = strlen(old);
	}
	f->commit = mg_xstrdup(c->oid);
}

static void own_changes(void **state)
{
	mg_options o;
	mg_changeset cs;
	mg_commit_info *c1, *c2;

	(void)state;
	mg_options_init(&o);

	/* an AI-marked commit of the range that touches no migration is not
	 * concerned, even though another commit of the range changes one */
	mg_changeset_init(&cs);
	c1 = commit(&cs, OID1, CLAUDE, "Ann", "ann@example.com");
	c2 = commit(&cs, OID2, "Add t\n", "Ann", "ann@example.com");
	own_file(c1, NULL, NULL, NULL);
	own_file(c2, "db/migrations/1.sql", "CREATE TABLE t ();\n", NULL);
	file(&cs, "db/migrations/1.sql", "CREATE TABLE t ();\n", OID2);
	expect(&o, &cs, "");
	/* the same marker on the migration commit needs a review */
	free(c2->message);
	c2->message = mg_xstrdup(CLAUDE);
	expect(&o, &cs, "ai-marker-unreviewed :3 2222222\n");
	/* always: only the migration commit */
	free(c2->message);
	c2->message = mg_xstrdup("Add t\n");
	o.require_review = MG_REVIEW_ALWAYS;
	expect(&o, &cs, "ai-marker-unreviewed db/migrations/1.sql:1 2222222\n");
	o.require_review = MG_REVIEW_AI;
	mg_changeset_free(&cs);

	/* content markers count in the content each commit adds: the commit
	 * that wrote the marker needs the review, the one that kept it not */
	mg_changeset_init(&cs);
	c1 = commit(&cs, OID1, "Add t\n", "Ann", "ann@example.com");
	c2 = commit(&cs, OID2, "Tweak t\n", "Ann", "ann@example.com");
	own_file(c1, "db/migrations/1.sql", "CREATE TABLE t ();\n-- Generated by ChatGPT\n"
		 "CREATE TABLE u ();\n", "CREATE TABLE t ();\n");
	own_file(c2, "db/migrations/1.sql", "CREATE TABLE t ();\n-- Generated by ChatGPT\n"
		 "CREATE TABLE u (a int);\n", "CREATE TABLE t ();\n-- Generated by ChatGPT\n"
		 "CREATE TABLE u ();\n");
	file(&cs, "db/migrations/1.sql", "CREATE TABLE t ();\n-- Generated by ChatGPT\n"
	     "CREATE TABLE u (a int);\n", NULL);
	expect(&o, &cs, "ai-marker-unreviewed db/migrations/1.sql:2 1111111\n");
	free(c1->message);
	c1->message = mg_xstrdup("Add t\n\nReviewed-by: Bob <bob@example.com>\n");
	expect(&o, &cs, "");
	mg_changeset_free(&cs);
	mg_options_free(&o);
}

/* An inline suppression cannot silence the review policy: the AI that
 * wrote the migration could write the comment too. */
static void no_inline_suppression(void **state)
{
	mg_options o;
	mg_changeset cs;
	mg_result r;
	const char *sql = "-- migguard:ignore-file ai-marker-unreviewed,review-trailer-self,"
			  "prefer-robust-stmts reviewed, trust me\n"
			  "-- Generated by ChatGPT\nCREATE TABLE t ();\n";
	size_t i;
	int review = 0, unused = 0, other = 0;

	(void)state;
	mg_options_init(&o);
	mg_changeset_init(&cs);
	mg_result_init(&r);
	commit(&cs, OID1, "Add t\n", "Ann", "ann@example.com");
	file(&cs, "db/migrations/1.sql", sql, OID1);
	mg_commit_rules(&o, &pack, &cs, &r);
	/* a finding of another rule on the same file is still suppressed */
	mg_result_add(&r, "prefer-robust-stmts", MG_SEV_WARNING, "db/migrations/1.sql", 3, 1, 3, 5,
		      "m", NULL, OID1);
	mg_suppress_apply(&o, &cs, &r);
	for (i = 0; i < r.nfindings; i++) {
		if (!strcmp(r.findings[i].rule, "ai-marker-unreviewed")) {
			review++;
			assert_int_equal(r.findings[i].line, 2);
		} else if (!strcmp(r.findings[i].rule, "unused-ignore")) {
			unused++;
			assert_non_null(strstr(r.findings[i].message,
					       "cannot be suppressed inline"));
		} else {
			other++;
		}
	}
	assert_int_equal(review, 1);
	assert_int_equal(unused, 2);   /* both review rules named in vain */
	assert_int_equal(other, 0);    /* prefer-robust-stmts suppressed */
	mg_result_free(&r);
	mg_changeset_free(&cs);
	mg_options_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(marker_needs_review),
		cmocka_unit_test(policy_keys),
		cmocka_unit_test(authors_and_content),
		cmocka_unit_test(per_commit_and_net_ranges),
		cmocka_unit_test(own_changes),
		cmocka_unit_test(no_inline_suppression),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
