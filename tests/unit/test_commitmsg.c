/* test_commitmsg.c - commit message cleanup as git does it. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "commitmsg.h"

#define SCISSORS "# ------------------------ >8 ------------------------\n"

static void check_clean(const char *in, const char *comment, mg_cleanup mode, const char *want)
{
	char *got = mg_commitmsg_clean(in, strlen(in), comment, mode);
	assert_string_equal(got, want);
	free(got);
}

static void strip_comments(void **state)
{
	(void)state;
	check_clean("Add index\n\nBody text\n# Please enter the commit message\n#\n", "#",
		    MG_CLEANUP_STRIP, "Add index\n\nBody text\n");
	/* '#' not at the start of a line stays */
	check_clean("Fix #42\n\n  # indented stays\n", "#", MG_CLEANUP_STRIP,
		    "Fix #42\n\n  # indented stays\n");
	/* another comment character */
	check_clean("Subject\n# not a comment here\n; comment\n", ";", MG_CLEANUP_STRIP,
		    "Subject\n# not a comment here\n");
	/* multi-character comment string */
	check_clean("Subject\n//x\n/ kept\n", "//", MG_CLEANUP_STRIP, "Subject\n/ kept\n");
}

static void whitespace(void **state)
{
	(void)state;
	/* -m: comment lines are part of the message */
	check_clean("subject\n\n# looks like a comment\n", "#", MG_CLEANUP_WHITESPACE,
		    "subject\n\n# looks like a comment\n");
	/* blank runs collapse, trailing spaces go, leading/trailing blanks go */
	check_clean("\n\n  \nsubject  \t\n\n\n\nbody\r\n\n \n", "#", MG_CLEANUP_WHITESPACE,
		    "subject\n\nbody\n");
	check_clean("no newline", "#", MG_CLEANUP_WHITESPACE, "no newline\n");
	check_clean("", "#", MG_CLEANUP_STRIP, "");
	check_clean("# only\n#comments\n\n", "#", MG_CLEANUP_STRIP, "");
	/* a comment between two blank lines leaves one blank */
	check_clean("a\n\n# c\n\nb\n", "#", MG_CLEANUP_STRIP, "a\n\nb\n");
}

static void scissors(void **state)
{
	(void)state;
	check_clean("Add col\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n\n"
		    "# Please enter\n" SCISSORS "# Do not modify\n"
		    "diff --git a/x.sql b/x.sql\n+Generated with Claude Code\n",
		    "#", MG_CLEANUP_STRIP,
		    "Add col\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n");
	/* cut also with whitespace cleanup (git commit -v -m / cleanup=scissors) */
	check_clean("msg\n" SCISSORS "diff\n", "#", MG_CLEANUP_WHITESPACE, "msg\n");
	check_clean("msg\n" SCISSORS "diff\n", "#", MG_CLEANUP_VERBATIM, "msg\n");
	/* at offset 0 */
	check_clean(SCISSORS "diff\n", "#", MG_CLEANUP_STRIP, "");
	/* not at the start of a line, or without the newline: not a cut */
	check_clean("x # ------------------------ >8 ------------------------\ny\n", "#",
		    MG_CLEANUP_STRIP, "x # ------------------------ >8 ------------------------\ny\n");
	check_clean("x\n# ------------------------ >8 ------------------------", "#",
		    MG_CLEANUP_WHITESPACE, "x\n# ------------------------ >8 ------------------------\n");
	/* the comment character of the cut line must match */
	check_clean("x\n" SCISSORS "y\n", ";", MG_CLEANUP_STRIP, "x\n" SCISSORS "y\n");
	check_clean("x\n; ------------------------ >8 ------------------------\ny\n", ";",
		    MG_CLEANUP_STRIP, "x\n");
	assert_int_equal(mg_commitmsg_end("ab\n" SCISSORS, 3 + strlen(SCISSORS), "#"), 3);
	assert_int_equal(mg_commitmsg_end("ab\n", 3, "#"), 3);
	assert_int_equal(mg_commitmsg_end("ab\n", 3, ""), 3);
}

static void verbatim(void **state)
{
	(void)state;
	check_clean("  keep  \n\n\n# this\n", "#", MG_CLEANUP_VERBATIM, "  keep  \n\n\n# this\n");
}

static void modes(void **state)
{
	mg_cleanup m;
	(void)state;
	assert_int_equal(mg_cleanup_mode(NULL, 1, &m), 0);
	assert_int_equal(m, MG_CLEANUP_STRIP);
	assert_int_equal(mg_cleanup_mode(NULL, 0, &m), 0);
	assert_int_equal(m, MG_CLEANUP_WHITESPACE);
	assert_int_equal(mg_cleanup_mode("default", 0, &m), 0);
	assert_int_equal(m, MG_CLEANUP_WHITESPACE);
	assert_int_equal(mg_cleanup_mode("strip", 0, &m), 0);
	assert_int_equal(m, MG_CLEANUP_STRIP);
	assert_int_equal(mg_cleanup_mode("scissors", 1, &m), 0);
	assert_int_equal(m, MG_CLEANUP_WHITESPACE);
	assert_int_equal(mg_cleanup_mode("verbatim", 1, &m), 0);
	assert_int_equal(m, MG_CLEANUP_VERBATIM);
	assert_int_equal(mg_cleanup_mode("bogus", 1, &m), -1);
}

static void check_comment(const char *value, const char *msg, const char *want)
{
	char *got = mg_commitmsg_comment(value, msg, strlen(msg));
	assert_string_equal(got, want);
	free(got);
}

static void comment_char(void **state)
{
	(void)state;
	check_comment(NULL, "x\n", "#");
	check_comment("", "x\n", "#");
	check_comment(";", "x\n", ";");
	check_comment("//", "x\n", "//");
	/* auto: the scissors line names it */
	check_comment("auto", "#1 fix\n\n; ------------------------ >8 ------------------------\nd\n", ";");
	/* auto: else the template's last line */
	check_comment("auto", "#1 fix\n\n; Please enter the commit message\n;\n\n", ";");
	check_comment("auto", "fix\n\n# Please enter\n", "#");
	/* auto: nothing recognisable */
	check_comment("auto", "fix\n", "#");
	check_comment("auto", "", "#");
	check_comment("auto", "\n\n", "#");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strip_comments),
		cmocka_unit_test(whitespace),
		cmocka_unit_test(scissors),
		cmocka_unit_test(verbatim),
		cmocka_unit_test(modes),
		cmocka_unit_test(comment_char),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
