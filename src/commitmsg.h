/* commitmsg.h - a commit message file cleaned the way `git commit` cleans it.
 *
 * The commit-msg hook sees the message file before git cleans it: comment
 * lines (core.commentChar, default '#') and, with `git commit -v`, a scissors
 * line followed by the whole staged diff.  These functions give the message
 * git will store, so commit rules never read the template or the diff. */
#ifndef MG_COMMITMSG_H
#define MG_COMMITMSG_H

#include <stddef.h>

typedef enum mg_cleanup {
	MG_CLEANUP_STRIP,       /* comments removed, whitespace cleaned (editor used) */
	MG_CLEANUP_WHITESPACE,  /* whitespace cleaned, comment lines kept (-m, -F) */
	MG_CLEANUP_VERBATIM     /* message left as it is */
} mg_cleanup;

/* The cleanup git applies for commit.cleanup = name (NULL or "default" when
 * unset), given whether an editor was run (git sets GIT_EDITOR=: for the
 * hooks when it will not run one).  Returns 0, or -1 for an unknown name. */
int mg_cleanup_mode(const char *name, int editor, mg_cleanup *out);

/* The comment prefix for core.commentChar / core.commentString = value (NULL
 * when unset: "#").  For "auto" the prefix is guessed from the message the
 * way git chose it: the character of a scissors line, else the first
 * character of the last non-blank line when it is one of git's candidates
 * "#;@!$%^&|:", else "#".  Returns an allocated string. */
char *mg_commitmsg_comment(const char *value, const char *msg, size_t len);

/* Length of the message before the scissors line
 * "<comment> ------------------------ >8 ------------------------\n"
 * (at the start of a line), or len when there is none. */
size_t mg_commitmsg_end(const char *msg, size_t len, const char *comment);

/* The message as git stores it: cut at the scissors line; for STRIP and
 * WHITESPACE, trailing whitespace removed from every line, runs of blank
 * lines collapsed, leading and trailing blank lines dropped and every line
 * ending in "\n"; for STRIP, lines starting with comment dropped too.
 * Returns an allocated, NUL-terminated string ("" for an empty message). */
char *mg_commitmsg_clean(const char *msg, size_t len, const char *comment, mg_cleanup mode);

#endif
