/* main.c - migguard: parse the subcommand and dispatch to cmd_*.c. */
#include "config.h"
#include "cmd.h"
#include "report/report.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	int (*fn)(int, char **);
} commands[] = {
	{ "check", cmd_check },
	{ "rules", cmd_rules },
	{ "explain", cmd_explain },
	{ "commit-msg", cmd_commit_msg },
	{ "pre-receive", cmd_pre_receive },
	{ "install", cmd_install },
};

static void usage(FILE *out)
{
	fputs("usage: migguard <command> [options]\n"
	      "\n"
	      "commands:\n"
	      "  check [PATH...|--staged|--range A..B|--all]   lint migrations\n"
	      "  rules [--format json]                         list the rules\n"
	      "  explain RULE-ID                               why a rule exists, the safe way\n"
	      "  commit-msg MSGFILE                            commit-msg hook: staged + message\n"
	      "  pre-receive                                   pre-receive hook: \"<old> <new> <ref>\" on stdin\n"
	      "  install [--force] [--hook NAME]...            write the hook shims (chains existing hooks)\n"
	      "\n"
	      "  migguard <command> --help   options of a command\n"
	      "  migguard --version          version\n"
	      "\n"
	      "exit: 0 clean, 1 findings, 2 usage, configuration, repository or internal error\n"
	      "See migguard(1).\n", out);
}

void mg_error_free(char *msg)
{
	fputs("migguard: ", stderr);
	mg_put_sanitized(stderr, msg);
	fputc('\n', stderr);
	free(msg);
}

int mg_usage_error(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	/* arguments are echoed: never raw control characters (issue 9) */
	va_start(ap, fmt);
	msg = mg_xvasprintf(fmt, ap);
	va_end(ap);
	fputs("migguard: ", stderr);
	mg_put_sanitized(stderr, msg);
	free(msg);
	fputs("\nTry 'migguard --help' for more information.\n", stderr);
	return 2;
}

int mg_option_error(const char *cmd, int c, const char *opt)
{
	if (c == ':')
		return mg_usage_error("%s: option '%s' needs a value", cmd, opt);
	return mg_usage_error("%s: unknown option '%s'", cmd, opt);
}

int mg_parse_fail_on(const char *arg, mg_severity *out)
{
	mg_severity s;

	if (mg_severity_parse(arg, &s) < 0 || s == MG_SEV_OFF)
		return mg_usage_error("--fail-on: '%s' is not error or warning", arg);
	*out = s;
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return usage(stderr), 2;
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("migguard %s\n", PACKAGE_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	return mg_usage_error("'%s' is not a migguard command", argv[1]);
}
