/* cmd_commit_msg.c - `migguard commit-msg MSGFILE`: the commit-msg hook.
 *
 * Checks the staged migrations (as `check --staged` does) together with the
 * proposed commit: the message file cleaned as git will store it, and the
 * author and committer git will record.  The commit goes into the change
 * set with an empty oid (it does not exist yet), so commit-level rules
 * (AI markers, review trailers) see it like any commit of a range. */
#include "config.h"
#include "cmd.h"
#include "commitmsg.h"
#include "gitsrc.h"
#include "mgconfig.h"
#include "pipeline.h"
#include "report/report.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_FORMAT = 256, OPT_FAIL_ON, OPT_SHOW_MESSAGE };

static const struct option long_opts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "show-message", no_argument, NULL, OPT_SHOW_MESSAGE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void commit_msg_usage(FILE *out)
{
	fprintf(out,
		"usage: migguard commit-msg [options] MSGFILE\n"
		"\n"
		"The commit-msg hook: the staged migrations plus the proposed commit\n"
		"(MSGFILE cleaned as git will store it: comment lines (core.commentChar)\n"
		"and everything from the scissors line of `git commit -v` removed).\n"
		"\n"
		"  --format F          %s (default text)\n"
		"  --fail-on LEVEL     error (default) | warning\n"
		"  --show-message      print the message as git will store it, check nothing\n"
		"\n"
		"exit: 0 clean, 1 findings (git aborts the commit), 2 usage/repository/internal error\n",
		mg_report_names());
}

/* A config string or NULL; *s is valid while cfg lives. */
static const char *cfg_str(git_config *cfg, const char *key)
{
	const char *s = NULL;

	if (!cfg || git_config_get_string(&s, cfg, key) < 0)
		return NULL;
	return s;
}

static char *identity(const char *env, git_config *cfg, const char *key)
{
	const char *v = getenv(env);

	if (!v)
		v = cfg_str(cfg, key);
	return v ? mg_xstrdup(v) : NULL;
}

/* Reads and cleans the message file into a commit entry of cs. */
static int add_message(git_repository *repo, const char *msgfile, mg_changeset *cs, char **err)
{
	git_config *cfg = NULL;
	const char *editor = getenv("GIT_EDITOR"), *cc;
	mg_cleanup mode;
	mg_commit_info *ci;
	char *raw, *comment;
	size_t len;

	if (mg_read_file(msgfile, &raw, &len) < 0) {
		*err = mg_xasprintf("cannot read the message file '%s': %s", msgfile, strerror(errno));
		return -1;
	}
	if (git_repository_config_snapshot(&cfg, repo) < 0) {
		*err = mg_git_error("cannot read git config");
		free(raw);
		return -1;
	}
	if (mg_cleanup_mode(cfg_str(cfg, "commit.cleanup"), !(editor && !strcmp(editor, ":")),
			    &mode) < 0) {
		*err = mg_xasprintf("commit.cleanup: '%s' is not strip, whitespace, verbatim, "
				    "scissors or default", cfg_str(cfg, "commit.cleanup"));
		git_config_free(cfg);
		free(raw);
		return -1;
	}
	cc = cfg_str(cfg, "core.commentString");
	if (!cc)
		cc = cfg_str(cfg, "core.commentChar");
	comment = mg_commitmsg_comment(cc, raw, len);
	ci = mg_changeset_add_commit(cs, "");
	ci->message = mg_commitmsg_clean(raw, len, comment, mode);
	ci->author_name = identity("GIT_AUTHOR_NAME", cfg, "user.name");
	ci->author_email = identity("GIT_AUTHOR_EMAIL", cfg, "user.email");
	ci->committer_name = identity("GIT_COMMITTER_NAME", cfg, "user.name");
	ci->committer_email = identity("GIT_COMMITTER_EMAIL", cfg, "user.email");
	free(comment);
	free(raw);
	git_config_free(cfg);
	return 0;
}

int cmd_commit_msg(int argc, char **argv)
{
	mg_options opts;
	mg_report_opts ro = { 0, PACKAGE_VERSION };
	const char *format = "text";
	mg_reporter reporter;
	git_repository *repo = NULL;
	char *err = NULL;
	mg_result res;
	mg_changeset cs;
	int c, rc, show = 0, fail_on_set = 0;

	mg_options_init(&opts);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			format = optarg;
			break;
		case OPT_FAIL_ON:
			if (mg_parse_fail_on(optarg, &opts.fail_on) != 0)
				return 2;
			fail_on_set = 1;
			break;
		case OPT_SHOW_MESSAGE:
			show = 1;
			break;
		case 'h':
			commit_msg_usage(stdout);
			return 0;
		default:
			return mg_option_error("commit-msg", c, argv[optind - 1]);
		}
	}
	reporter = mg_report_find(format);
	if (!reporter)
		return mg_usage_error("--format: '%s' is not one of %s", format, mg_report_names());
	if (optind + 1 != argc)
		return mg_usage_error("commit-msg: expected exactly one MSGFILE");

	mg_result_init(&res);
	mg_changeset_init(&cs);
	git_libgit2_init();
	rc = mg_git_open(&repo, NULL, &err);
	if (rc == 0 && !show) {
		/* every config level (src/config.c), the working tree's .migguard
		 * included; the flag wins */
		mg_severity flag_fail_on = opts.fail_on;
		rc = mg_config_load_at(&opts, repo, NULL, NULL, 0, &err);
		if (fail_on_set)
			opts.fail_on = flag_fail_on;
	}
	if (rc == 0 && !show)
		rc = mg_git_staged(repo, &opts.paths, &cs, &err);
	if (rc == 0)
		rc = add_message(repo, argv[optind], &cs, &err);
	if (rc < 0) {
		mg_error_free(err);
		rc = 2;
		goto out;
	}
	if (show) {
		/* line by line: control characters other than the newlines are escaped */
		char *m = cs.commits[cs.ncommits - 1].message, *p = m, *nl;
		while (*p) {
			nl = strchr(p, '\n');
			if (nl)
				*nl = '\0';
			mg_put_sanitized(stdout, p);
			if (!nl)
				break;
			fputc('\n', stdout);
			p = nl + 1;
		}
		rc = ferror(stdout) || fflush(stdout) != 0 ? 2 : 0;
		goto out;
	}
	mg_check_changeset(&opts, &cs, &res);
	mg_result_sort(&res);
	if (reporter(stdout, &res, &ro) < 0 || fflush(stdout) != 0) {
		fprintf(stderr, "migguard: cannot write the report: %s\n", strerror(errno));
		rc = 2;
	} else {
		rc = mg_result_exit_code(&res, opts.fail_on);
	}
out:
	git_repository_free(repo);
	git_libgit2_shutdown();
	mg_changeset_free(&cs);
	mg_result_free(&res);
	mg_options_free(&opts);
	return rc;
}
