/* cmd.h - subcommands, one file each (src/cmd_<name>.c). */
#ifndef MG_CMD_H
#define MG_CMD_H

#include "finding.h"

int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_commit_msg(int argc, char **argv);
int cmd_pre_receive(int argc, char **argv);
int cmd_install(int argc, char **argv);

/* Prints "migguard: <msg>" (control characters escaped) to stderr and
 * frees msg. */
void mg_error_free(char *msg);

/* The usage error (2) for what getopt_long returned for opt: ':' for a
 * missing value, anything else for an unknown option. */
int mg_option_error(const char *cmd, int c, const char *opt);

/* Parses a --fail-on value (error | warning) into *out: 0, or prints the
 * usage error and returns 2. */
int mg_parse_fail_on(const char *arg, mg_severity *out);

/* Prints "migguard: <msg>" and a pointer to --help to stderr; returns 2. */
int mg_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
