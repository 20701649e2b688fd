/* testrepo.h - for unit tests that build a git repository with the git
 * command: the repository's directory (dir, set by the test's setup), a
 * command run in it, and the first line a command prints.  Header-only;
 * include after <cmocka.h> and "util.h". */
#ifndef MG_TEST_TESTREPO_H
#define MG_TEST_TESTREPO_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[256];

/* Runs a shell command in the test repository; fails the test on error. */
static void sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd, *full;
	int rc;

	va_start(ap, fmt);
	cmd = mg_xvasprintf(fmt, ap);
	va_end(ap);
	full = mg_xasprintf("cd '%s' && { %s; } >/dev/null 2>&1", dir, cmd);
	rc = system(full);
	if (rc != 0)
		fail_msg("command failed (%d): %s", rc, cmd);
	free(cmd);
	free(full);
}

/* The first line a shell command prints, without the newline (owned). */
static char *sh_out(const char *cmd)
{
	char *full = mg_xasprintf("cd '%s' && %s 2>/dev/null", dir, cmd), line[4096];
	FILE *f = popen(full, "r");
	size_t n;

	free(full);
	assert_non_null(f);
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	pclose(f);
	n = strlen(line);
	if (n && line[n - 1] == '\n')
		line[--n] = '\0';
	return mg_xstrdup(line);
}

#endif
