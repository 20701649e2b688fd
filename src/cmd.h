/* cmd.h - subcommands, one file each (src/cmd_<name>.c). */
#ifndef MG_CMD_H
#define MG_CMD_H

int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_commit_msg(int argc, char **argv);
int cmd_pre_receive(int argc, char **argv);
int cmd_install(int argc, char **argv);

/* Prints "migguard: <msg>" (control characters escaped) to stderr and
 * frees msg. */
void mg_error_free(char *msg);

/* Prints "migguard: <msg>" and a pointer to --help to stderr; returns 2. */
int mg_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
