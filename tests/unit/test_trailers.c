/* test_trailers.c - trailers.c against fixed expectations and against
 * `git interpret-trailers --parse` itself (when git is installed). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trailers.h"
#include "util.h"

typedef struct tcase {
	const char *name;
	const char *msg;
	int no_divider;
	const char *want;    /* git interpret-trailers --parse output */
} tcase;

static const tcase cases[] = {
	{ "plain", "Add col\n\nBody text\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n", 0,
	  "Co-Authored-By: Claude <noreply@anthropic.com>\n" },
	{ "commit -v file",
	  "Add col\n\nBody text\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n\n"
	  "# Please enter the commit message for your changes. Lines starting\n"
	  "# with '#' will be ignored, and an empty message aborts the commit.\n"
	  "#\n# On branch main\n# Changes to be committed:\n#\tnew file:   db/migrations/002.sql\n#\n"
	  "# ------------------------ >8 ------------------------\n"
	  "# Do not modify or remove the line above.\n# Everything below it will be ignored.\n"
	  "diff --git a/db/migrations/002.sql b/db/migrations/002.sql\n"
	  "new file mode 100644\nindex 0000000..e69de29\n--- /dev/null\n+++ b/db/migrations/002.sql\n"
	  "@@ -0,0 +1 @@\n+Reviewed-by: Not A Trailer <x@example.com>\n", 0,
	  "Co-Authored-By: Claude <noreply@anthropic.com>\n" },
	{ "divider hides later trailers",
	  "Subject\n\nSummary: the change\n---\nA markdown rule above\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n", 0,
	  "Summary: the change\n" },
	{ "--no-divider sees them",
	  "Subject\n\nSummary: the change\n---\nA markdown rule above\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n", 1,
	  "Co-Authored-By: Claude <noreply@anthropic.com>\n" },
	{ "dashes without whitespace are no divider",
	  "Subject\n\n---- notes\n\nReviewed-by: A <a@example.com>\n", 0,
	  "Reviewed-by: A <a@example.com>\n" },
	{ "title only", "Co-Authored-By: Claude <noreply@anthropic.com>\n", 0, "" },
	{ "title with body", "Co-Authored-By: x <x@example.com>\nReviewed-by: y <y@example.com>\n", 0, "" },
	{ "glued to the body", "Subject\n\nBody text\nCo-Authored-By: Claude <noreply@anthropic.com>\n", 0, "" },
	{ "25% rule with Signed-off-by",
	  "Subject\n\nReviewed-by: A <a@example.com>\nAssisted-by: Claude:claude-3-opus\n"
	  "This is a prose line\nSigned-off-by: C <c@example.com>\n", 0,
	  "Reviewed-by: A <a@example.com>\nAssisted-by: Claude:claude-3-opus\nSigned-off-by: C <c@example.com>\n" },
	{ "25% rule without Signed-off-by",
	  "Subject\n\nReviewed-by: A <a@example.com>\nAssisted-by: Claude:claude-3-opus\n"
	  "This is a prose line\n", 0, "" },
	{ "too much prose even with Signed-off-by",
	  "Subject\n\nSigned-off-by: C <c@example.com>\none\ntwo\nthree\nfour\n", 0, "" },
	{ "cherry-pick line counts as git-generated",
	  "Subject\n\nprose one\nReviewed-by: A <a@example.com>\n"
	  "(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\n", 0,
	  "Reviewed-by: A <a@example.com>\n" },
	{ "the same without it",
	  "Subject\n\nprose one\nReviewed-by: A <a@example.com>\n", 0, "" },
	{ "folded value",
	  "Subject\n\nKey: value that is long\n  continued here\n\tand here\n", 0,
	  "Key: value that is long continued here and here\n" },
	{ "emoji footer glued above the trailer",
	  "Subject\n\n\xf0\x9f\xa4\x96 Generated with [Claude Code](https://claude.com/claude-code)\n"
	  "Co-Authored-By: Claude <noreply@anthropic.com>\n", 0, "" },
	{ "emoji footer as its own paragraph",
	  "Subject\n\n\xf0\x9f\xa4\x96 Generated with [Claude Code](https://claude.com/claude-code)\n\n"
	  "Co-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>\n", 0,
	  "Co-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>\n" },
	{ "CRLF", "Subject\r\n\r\nBody\r\n\r\nReviewed-by: A <a@example.com>\r\nAcked-by: B\r\n", 0,
	  "Reviewed-by: A <a@example.com>\nAcked-by: B\n" },
	{ "blanks before the colon", "Subject\n\nReviewed-by \t: A <a@example.com>\n", 0,
	  "Reviewed-by: A <a@example.com>\n" },
	{ "space inside the key", "Subject\n\nReviewed by: A <a@example.com>\n", 0, "" },
	{ "comment lines inside the block", "Subject\n\nA: 1\n# a comment\nB: 2\n", 0, "A: 1\nB: 2\n" },
	{ "trailing comments and blank lines",
	  "Subject\n\nReviewed-by: A <a@example.com>\n\n# Please enter the message\n#\n\n", 0,
	  "Reviewed-by: A <a@example.com>\n" },
	{ "old Conflicts block",
	  "Merge branch 'x'\n\nReviewed-by: A <a@example.com>\n\nConflicts:\n\tdb/migrations/1.sql\n", 0,
	  "Reviewed-by: A <a@example.com>\n" },
	{ "scissors at the very start", "# ------------------------ >8 ------------------------\nA: 1\n", 0, "" },
	{ "empty value", "Subject\n\nKey:\nOther: x\n", 0, "Key: \nOther: x\n" },
	{ "continuation of a non-trailer is dropped",
	  "Subject\n\nA: 1\nB: 2\nC: 3\nprose\n  indented\nSigned-off-by: S <s@example.com>\n", 0,
	  "A: 1\nB: 2\nC: 3\nSigned-off-by: S <s@example.com>\n" },
	{ "several paragraphs, last one counts",
	  "Subject\n\nFirst: para\n\nSecond para text\n\nReviewed-by: A <a@example.com>\n", 0,
	  "Reviewed-by: A <a@example.com>\n" },
	{ "no final newline", "Subject\n\nReviewed-by: A <a@example.com>", 0,
	  "Reviewed-by: A <a@example.com>\n" },
	{ "empty message", "", 0, "" },
	{ "only blank lines", "\n\n  \n", 0, "" },
	{ "URL value", "Subject\n\nClaude-Session: https://claude.ai/code/session_01abc\n", 0,
	  "Claude-Session: https://claude.ai/code/session_01abc\n" },
};

static char *format_trailers(const char *msg, int no_divider)
{
	mg_trailer_opts o;
	mg_trailers t;
	mg_buf b = MG_BUF_INIT;
	size_t i;

	mg_trailer_opts_init(&o);
	o.no_divider = no_divider;
	mg_trailers_parse(msg, strlen(msg), &o, &t);
	for (i = 0; i < t.n; i++)
		mg_buf_printf(&b, "%s: %s\n", t.v[i].key, t.v[i].value);
	mg_trailers_free(&t);
	mg_buf_putc(&b, '\0');
	return mg_buf_detach(&b);
}

static void fixed_expectations(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < MG_ARRAY_SIZE(cases); i++) {
		char *got = format_trailers(cases[i].msg, cases[i].no_divider);
		if (strcmp(got, cases[i].want))
			fail_msg("%s: got\n%s\nwanted\n%s", cases[i].name, got, cases[i].want);
		free(got);
	}
}

/* Output of `git interpret-trailers --parse` on msg, or NULL without git. */
static char *git_parse(const char *msg, int no_divider)
{
	char path[] = "/tmp/mg-trailers-XXXXXX";
	char *cmd, buf[4096];
	mg_buf b = MG_BUF_INIT;
	FILE *p;
	int fd = mkstemp(path), st;

	if (fd < 0)
		return NULL;
	if (write(fd, msg, strlen(msg)) != (ssize_t)strlen(msg)) {
		close(fd);
		unlink(path);
		return NULL;
	}
	close(fd);
	cmd = mg_xasprintf("cd / && GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "
			   "git interpret-trailers --parse %s '%s' 2>/dev/null",
			   no_divider ? "--no-divider" : "", path);
	p = popen(cmd, "r");
	free(cmd);
	if (!p) {
		unlink(path);
		return NULL;
	}
	for (;;) {
		size_t n = fread(buf, 1, sizeof(buf), p);
		if (!n)
			break;
		mg_buf_put(&b, buf, n);
	}
	st = pclose(p);
	unlink(path);
	mg_buf_putc(&b, '\0');
	if (st != 0) {
		mg_buf_free(&b);
		return NULL;
	}
	return mg_buf_detach(&b);
}

static void same_as_git(void **state)
{
	size_t i, compared = 0;

	(void)state;
	for (i = 0; i < MG_ARRAY_SIZE(cases); i++) {
		char *want = git_parse(cases[i].msg, cases[i].no_divider), *got;
		if (!want)
			continue;
		compared++;
		got = format_trailers(cases[i].msg, cases[i].no_divider);
		if (strcmp(got, want))
			fail_msg("%s: migguard\n%s\ngit interpret-trailers --parse\n%s",
				 cases[i].name, got, want);
		free(got);
		free(want);
	}
	if (!compared)
		skip();
}

static void lines_and_keys(void **state)
{
	const char *msg = "Add t\n\nBody\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n"
			  "reviewed-BY: Alice\n  <alice@example.com>\nAcked-by: Bob\n";
	mg_trailer_opts o;
	mg_trailers t;

	(void)state;
	mg_trailer_opts_init(&o);
	mg_trailers_parse(msg, strlen(msg), &o, &t);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.v[0].line, 5);
	assert_int_equal(t.v[1].line, 6);
	assert_int_equal(t.v[2].line, 8);
	assert_true(mg_trailer_key_is(&t.v[1], "Reviewed-by"));
	assert_false(mg_trailer_key_is(&t.v[2], "Reviewed-by"));
	assert_string_equal(t.v[1].value, "Alice <alice@example.com>");
	mg_trailers_free(&t);
}

static void comment_char(void **state)
{
	const char *msg = "Subject\n\nA: 1\n; comment\nB: 2\n\n; ------------------------ >8 ------------------------\nC: 3\n";
	mg_trailer_opts o;
	mg_trailers t;

	(void)state;
	mg_trailer_opts_init(&o);
	o.comment = ';';
	mg_trailers_parse(msg, strlen(msg), &o, &t);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.v[0].key, "A");
	assert_string_equal(t.v[1].key, "B");
	mg_trailers_free(&t);
}

static void identity_email(void **state)
{
	char *e;

	(void)state;
	e = mg_identity_email("Alice Example <Alice@Example.com>");
	assert_string_equal(e, "Alice@Example.com");
	free(e);
	e = mg_identity_email("  bob@example.com ");
	assert_string_equal(e, "bob@example.com");
	free(e);
	e = mg_identity_email("Odd <name> <real@example.com>");
	assert_string_equal(e, "real@example.com");
	free(e);
	e = mg_identity_email("Unclosed <x");
	assert_string_equal(e, "Unclosed <x");
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixed_expectations),
		cmocka_unit_test(same_as_git),
		cmocka_unit_test(lines_and_keys),
		cmocka_unit_test(comment_char),
		cmocka_unit_test(identity_email),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
