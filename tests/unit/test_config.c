/* test_config.c - configuration levels, values, messages, server policy. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "mgconfig.h"
#include "pipeline.h"
#include "util.h"

static char tmpdir[256];

static char *tpath(const char *name)
{
	return mg_xasprintf("%s/%s", tmpdir, name);
}

static char *write_tmp(const char *name, const char *text)
{
	char *p = tpath(name);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return p;
}

/* Runs fn with stderr going to a file; returns what it printed. */
static char *stderr_of(int (*fn)(void *), void *arg, int *rc)
{
	char *p = tpath("stderr.txt"), *data;
	size_t len;
	int saved = dup(2);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fflush(stderr);
	dup2(fileno(f), 2);
	*rc = fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fclose(f);
	assert_int_equal(mg_read_file(p, &data, &len), 0);
	free(p);
	return data;
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/mgcfg.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(tmpdir));
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_CONFIG_SYSTEM");
	{
		char *g = tpath("no-global");
		setenv("GIT_CONFIG_GLOBAL", g, 1); /* does not exist: no global level */
		free(g);
	}
	git_libgit2_init();
	return 0;
}

static int teardown(void **state)
{
	char *cmd = mg_xasprintf("rm -rf '%s'", tmpdir);
	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	git_libgit2_shutdown();
	return 0;
}

/* Every level, each overriding the one before; multi-valued keys add up. */
static void levels(void **state)
{
	mg_options o;
	mg_config_req req;
	git_repository *repo = NULL;
	char *sys, *glob, *extra, *repodir = tpath("repo"), *rcfg, *err = NULL;
	FILE *f;
	static const char intree[] =
		"[migguard]\n\tpgVersion = 14\n\tpath = intree/*.sql\n";
	(void)state;

	sys = write_tmp("system.cfg", "[migguard]\n\tpgVersion = 11\n\tfailOn = warning\n"
			"\tpath = sys/*.sql\n\ttimeout = 30\n");
	glob = write_tmp("global.cfg", "[migguard]\n\tpgVersion = 12\n\tpath = glob/*.sql\n"
			 "[rule \"ban-drop-table\"]\n\tseverity = warning\n");
	extra = write_tmp("extra.cfg", "[migguard]\n\tpgVersion = 16\n"
			  "[rule \"ban-drop-table\"]\n\tseverity = off\n");
	assert_int_equal(git_repository_init(&repo, repodir, 0), 0);
	rcfg = mg_xasprintf("%s/.git/config", repodir);
	f = fopen(rcfg, "a");
	assert_non_null(f);
	fputs("[migguard]\n\tpgVersion = 13\n\tassumeInTransaction = true\n", f);
	fclose(f);
	setenv("GIT_CONFIG_SYSTEM", sys, 1);
	unsetenv("GIT_CONFIG_NOSYSTEM");
	setenv("GIT_CONFIG_GLOBAL", glob, 1);

	memset(&req, 0, sizeof(req));
	req.repo = repo;
	req.intree_data = intree;
	req.intree_len = strlen(intree);
	req.intree_name = "HEAD:.migguard";
	req.extra_file = extra;

	/* all levels: --config wins */
	mg_options_init(&o);
	assert_int_equal(mg_config_load(&o, &req, &err), 0);
	assert_int_equal(o.lint.pg_version, 16);
	assert_int_equal(o.fail_on, MG_SEV_WARNING);
	assert_int_equal(o.timeout, 30);
	assert_int_equal(o.lint.assume_in_transaction, 1);
	assert_int_equal(o.paths.ninclude, 3);
	assert_string_equal(o.paths.include[0], "sys/*.sql");
	assert_string_equal(o.paths.include[1], "glob/*.sql");
	assert_string_equal(o.paths.include[2], "intree/*.sql");
	assert_int_equal(mg_lint_severity(&o.lint, "ban-drop-table", MG_SEV_ERROR), MG_SEV_OFF);
	mg_options_free(&o);

	/* without --config: the in-tree file wins */
	req.extra_file = NULL;
	mg_options_init(&o);
	assert_int_equal(mg_config_load(&o, &req, &err), 0);
	assert_int_equal(o.lint.pg_version, 14);
	assert_int_equal(mg_lint_severity(&o.lint, "ban-drop-table", MG_SEV_ERROR), MG_SEV_WARNING);
	mg_options_free(&o);

	/* without the in-tree file: the repository */
	req.intree_data = NULL;
	mg_options_init(&o);
	assert_int_equal(mg_config_load(&o, &req, &err), 0);
	assert_int_equal(o.lint.pg_version, 13);
	mg_options_free(&o);

	/* without the repository: global */
	req.repo = NULL;
	mg_options_init(&o);
	assert_int_equal(mg_config_load(&o, &req, &err), 0);
	assert_int_equal(o.lint.pg_version, 12);
	assert_int_equal(o.lint.assume_in_transaction, 0);
	mg_options_free(&o);

	/* without global: system */
	unsetenv("GIT_CONFIG_GLOBAL");
	{
		char *g = tpath("no-global");
		setenv("GIT_CONFIG_GLOBAL", g, 1);
		free(g);
	}
	mg_options_init(&o);
	assert_int_equal(mg_config_load(&o, &req, &err), 0);
	assert_int_equal(o.lint.pg_version, 11);
	mg_options_free(&o);

	/* GIT_CONFIG_NOSYSTEM: built-in defaults */
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	mg_options_init(&o);
	assert_int_equal(mg_config_load(&o, &req, &err), 0);
	assert_int_equal(o.lint.pg_version, 15);
	assert_int_equal(o.fail_on, MG_SEV_ERROR);
	assert_int_equal(o.paths.ninclude, 0);
	mg_options_free(&o);

	unsetenv("GIT_CONFIG_SYSTEM");
	git_repository_free(repo);
	free(sys);
	free(glob);
	free(extra);
	free(rcfg);
	free(repodir);
}

static void load_expect_error(const char *text, const char *expect_fmt)
{
	mg_options o;
	char *p = write_tmp("bad.cfg", text), *err = NULL, *expect;

	expect = mg_xasprintf(expect_fmt, p);
	mg_options_init(&o);
	assert_int_equal(mg_config_load_file(&o, p, &err), -1);
	assert_non_null(err);
	assert_string_equal(err, expect);
	free(err);
	free(expect);
	free(p);
	mg_options_free(&o);
}

static void bad_values(void **state)
{
	(void)state;
	load_expect_error("[migguard]\n\tpath = a\n\tpgVersion = 99\n",
			  "%s:3: migguard.pgversion: '99' is not a PostgreSQL major version (9..18)");
	load_expect_error("# c\n[migguard]\n\tfailOn = off\n",
			  "%s:3: migguard.failon: 'off' is not error or warning");
	load_expect_error("[rule \"ban-drop-table\"]\n\tseverity = loud\n",
			  "%s:2: rule.ban-drop-table.severity: 'loud' is not error, warning or off");
	load_expect_error("[migguard]\n\tassumeInTransaction = perhaps\n",
			  "%s:2: migguard.assumeintransaction: 'perhaps' is not a boolean");
	load_expect_error("[migguard]\n\trequireReview = sometimes\n",
			  "%s:2: migguard.requirereview: 'sometimes' is not ai, always or never");
	load_expect_error("[migguard]\n\tonError = ignore\n",
			  "%s:2: migguard.onerror: 'ignore' is not reject or allow");
	load_expect_error("[migguard]\n\ttimeout = 5m\n",
			  "%s:2: migguard.timeout: '5m' is not a number of seconds (0..86400)");
	load_expect_error("[migguard]\n\tmaxFileSize = big\n",
			  "%s:2: migguard.maxfilesize: 'big' is not a size (bytes, or with a k, m or g suffix)");
	load_expect_error("[migguard]\n\tplaceholder = ((\n",
			  "%s:2: migguard.placeholder: '((' is not a valid PCRE2 pattern: "
			  "missing closing parenthesis at offset 2");
	load_expect_error("[migguard]\n\tpgVersion\n",
			  "%s:2: migguard.pgversion needs a value");
	/* malformed files: libgit2's parser, with the line */
	load_expect_error("[migguard\n\tpath = x\n", "%s:1: missing ']' in section header");
	load_expect_error("[migguard]\n\tpath = a\n\t= b\n", "%s:3: invalid configuration key");
}

static int load_warn(void *arg)
{
	mg_options o;
	char *err = NULL;
	int rc;

	mg_options_init(&o);
	rc = mg_config_load_file(&o, arg, &err);
	free(err);
	mg_options_free(&o);
	return rc;
}

static void unknown_key_warns(void **state)
{
	char *p = write_tmp("warn.cfg", "[migguard]\n\tpath = a\n\n\tpgversoin = 15\n"
			    "[rule \"x\"]\n\tlevel = off\n[core]\n\tbare = false\n"), *out, *expect;
	int rc;
	(void)state;

	out = stderr_of(load_warn, p, &rc);
	assert_int_equal(rc, 0);
	expect = mg_xasprintf("migguard: warning: %s:4: unknown key 'migguard.pgversoin' (ignored)\n"
			      "migguard: warning: %s:6: unknown key 'rule.x.level' (ignored)\n"
			      "migguard: warning: %s:8: unknown key 'core.bare' (ignored)\n", p, p, p);
	assert_string_equal(out, expect);
	free(out);
	free(expect);
	free(p);
}

static void values(void **state)
{
	mg_options o;
	char *p, *err = NULL;
	(void)state;

	p = write_tmp("v.cfg",
		      "[migguard]\n"
		      "\tpath = a/*.sql\n\tpath = b/*.sql\n\tpath =\n\tpath = c/*.sql\n"
		      "\texclude = c/old/*\n"
		      "\trequireReview = always\n\treviewTrailer = Reviewed-by\n\treviewTrailer = Acked-by\n"
		      "\treviewer = alice@example.com\n"
		      "\tmaxFileSize = 2m\n\ttimeout = 0\n\tonError = allow\n"
		      "\trulesDir = /etc/migguard/rules\n\tbaseline = .migguard-baseline\n"
		      "\tallowSuppressions = false\n"
		      "\tplaceholder = @@[a-z]+@@\n"
		      "[rule \"prefer-timestamp-tz\"]\n\tseverity = error\n");
	mg_options_init(&o);
	assert_int_equal(mg_config_load_file(&o, p, &err), 0);
	assert_int_equal(o.paths.ninclude, 1);
	assert_string_equal(o.paths.include[0], "c/*.sql");
	assert_int_equal(o.paths.nexclude, 1);
	assert_int_equal(o.require_review, MG_REVIEW_ALWAYS);
	assert_int_equal(o.nreview_trailers, 2);
	assert_string_equal(o.review_trailers[1], "Acked-by");
	assert_int_equal(o.nreviewers, 1);
	assert_true(o.max_file_size == 2 * 1024 * 1024);
	assert_int_equal(o.on_error_allow, 1);
	assert_string_equal(o.rules_dir, "/etc/migguard/rules");
	assert_string_equal(o.baseline, ".migguard-baseline");
	assert_int_equal(o.allow_suppressions, 0);
	/* the built-in patterns stay, the new one is added */
	assert_int_equal(o.nplaceholders, 3);
	assert_string_equal(o.placeholders[2], "@@[a-z]+@@");
	/* squawk's spelling is an alias */
	assert_int_equal(mg_lint_severity(&o.lint, "prefer-timestamptz", MG_SEV_WARNING), MG_SEV_ERROR);
	mg_options_free(&o);
	free(p);
}

/* The server's in-tree policy: ignored unless allowed; then raise only. */
static void server_policy(void **state)
{
	mg_options o;
	mg_config_req req;
	git_repository *repo = NULL;
	char *repodir = tpath("srv.git"), *rcfg, *err = NULL, *out;
	static const char intree[] =
		"[migguard]\n\tpath = evil/*.sql\n\texclude = **\n\tallowSuppressions = true\n"
		"\tfailOn = warning\n\tpgVersion = 9\n\tallowInTreeConfig = true\n"
		"[rule \"ban-drop-table\"]\n\tseverity = off\n"
		"[rule \"ban-drop-column\"]\n\tseverity = off\n"
		"[rule \"unused-ignore\"]\n\tseverity = error\n";
	FILE *f;
	int rc;
	(void)state;

	assert_int_equal(git_repository_init(&repo, repodir, 1), 0);
	rcfg = mg_xasprintf("%s/config", repodir);
	memset(&req, 0, sizeof(req));
	req.repo = repo;
	req.server = 1;
	req.intree_data = intree;
	req.intree_len = strlen(intree);
	req.intree_name = "abc:.migguard";

	/* default: the pushed file is not read at all */
	mg_options_init(&o);
	assert_int_equal(mg_config_load(&o, &req, &err), 0);
	assert_int_equal(o.allow_suppressions, 0);
	assert_int_equal(o.paths.nexclude, 0);
	assert_int_equal(o.lint.pg_version, 15);
	assert_int_equal(mg_lint_severity(&o.lint, "ban-drop-table", MG_SEV_ERROR), MG_SEV_ERROR);
	mg_options_free(&o);

	/* allowed: only raising severities and adding paths to an explicit list */
	f = fopen(rcfg, "a");
	assert_non_null(f);
	fputs("[migguard]\n\tallowInTreeConfig = true\n\tpath = db/*.sql\n", f);
	fclose(f);
	mg_options_init(&o);
	{
		char *sp = tpath("stderr2.txt");
		int saved = dup(2);
		FILE *ef = fopen(sp, "w");
		size_t len;
		fflush(stderr);
		dup2(fileno(ef), 2);
		rc = mg_config_load(&o, &req, &err);
		fflush(stderr);
		dup2(saved, 2);
		close(saved);
		fclose(ef);
		assert_int_equal(mg_read_file(sp, &out, &len), 0);
		free(sp);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(o.allow_suppressions, 0);
	assert_int_equal(o.paths.nexclude, 0);
	assert_int_equal(o.paths.ninclude, 2);
	assert_string_equal(o.paths.include[1], "evil/*.sql");
	assert_int_equal(o.fail_on, MG_SEV_ERROR);
	assert_int_equal(o.lint.pg_version, 15);
	assert_int_equal(mg_lint_severity(&o.lint, "ban-drop-table", MG_SEV_ERROR), MG_SEV_ERROR);
	assert_int_equal(mg_lint_severity(&o.lint, "unused-ignore", MG_SEV_WARNING),
			 MG_SEV_ERROR);
	assert_non_null(strstr(out, "abc:.migguard:3: migguard.exclude ignored: the server's policy applies"));
	assert_non_null(strstr(out, "abc:.migguard:4: migguard.allowsuppressions ignored"));
	assert_non_null(strstr(out, "abc:.migguard:9: rule.ban-drop-table.severity = off ignored: "
			       "in-tree config may only raise severities on the server"));
	free(out);
	mg_options_free(&o);

	/* the server's own allowSuppressions counts */
	f = fopen(rcfg, "a");
	assert_non_null(f);
	fputs("\tallowSuppressions = true\n", f);
	fclose(f);
	req.intree_data = NULL;
	mg_options_init(&o);
	assert_int_equal(mg_config_load(&o, &req, &err), 0);
	assert_int_equal(o.allow_suppressions, 1);
	mg_options_free(&o);

	git_repository_free(repo);
	free(rcfg);
	free(repodir);
}

static void intree_include_refused(void **state)
{
	mg_options o;
	mg_config_req req;
	char *inc = write_tmp("inc.cfg", "[migguard]\n\tpgVersion = 10\n");
	char *text = mg_xasprintf("[include]\n\tpath = %s\n[migguard]\n\tpgVersion = 12\n", inc);
	char *err = NULL;
	(void)state;

	memset(&req, 0, sizeof(req));
	req.intree_data = text;
	req.intree_len = strlen(text);
	req.intree_name = ".migguard";
	mg_options_init(&o);
	assert_int_equal(mg_config_load(&o, &req, &err), 0);
	assert_int_equal(o.lint.pg_version, 15); /* the whole file is ignored */
	mg_options_free(&o);
	free(text);
	free(inc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(levels),
		cmocka_unit_test(bad_values),
		cmocka_unit_test(unknown_key_warns),
		cmocka_unit_test(values),
		cmocka_unit_test(server_policy),
		cmocka_unit_test(intree_include_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
