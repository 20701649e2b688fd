/* cmd_check.c - `migguard check`: lint files, the index, a range or a tree. */
#include "config.h"
#include "cmd.h"
#include "blobcache.h"
#include "gitsrc.h"
#include "lint.h"
#include "mgconfig.h"
#include "pipeline.h"
#include "regex.h"
#include "report/report.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OPT_STAGED = 256, OPT_RANGE, OPT_ALL, OPT_FORMAT, OPT_REPO,
       OPT_PG_VERSION, OPT_FAIL_ON, OPT_COLOR, OPT_CONFIG, OPT_BASELINE,
       OPT_WRITE_BASELINE, OPT_RULES, OPT_EACH_COMMIT, OPT_ASSUME_IN_TX,
       OPT_NO_ASSUME_IN_TX };

static const struct option long_opts[] = {
	{ "staged", no_argument, NULL, OPT_STAGED },
	{ "range", required_argument, NULL, OPT_RANGE },
	{ "each-commit", no_argument, NULL, OPT_EACH_COMMIT },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "repo", required_argument, NULL, OPT_REPO },
	{ "pg-version", required_argument, NULL, OPT_PG_VERSION },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "write-baseline", required_argument, NULL, OPT_WRITE_BASELINE },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "assume-in-transaction", no_argument, NULL, OPT_ASSUME_IN_TX },
	{ "no-assume-in-transaction", no_argument, NULL, OPT_NO_ASSUME_IN_TX },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void check_usage(FILE *out)
{
	fprintf(out,
		"usage: migguard check [options] [PATH...]\n"
		"\n"
		"  PATH...             lint these files (directories: every *.sql below, and\n"
		"                      Rails/Django/Alembic migrations for the rule packs)\n"
		"  --staged            migration files as staged in the index\n"
		"  --range A..B        net change of B against merge-base(A, B)\n"
		"  --each-commit       with --range: every commit's own change (against its\n"
		"                      first parent), commit rules on each\n"
		"  --all               every migration file in HEAD's tree\n"
		"  --format F          %s (default text)\n"
		"  --repo DIR          repository (default: discovered, honouring GIT_DIR)\n"
		"  --pg-version N      target PostgreSQL major version (default 15)\n"
		"  --assume-in-transaction\n"
		"                      the migration tool runs each file in a transaction\n"
		"                      (--no-assume-in-transaction: it does not; the default)\n"
		"  --fail-on LEVEL     error (default) | warning\n"
		"  --color WHEN        auto (default) | always | never\n"
		"  --config FILE       one more config file (git-config syntax; see migguard.conf(5))\n"
		"  --baseline FILE     hide the findings recorded in FILE\n"
		"  --write-baseline FILE  record the current findings in FILE (then exit 0)\n"
		"  --rules DIR         more rule packs: DIR/*.rules (see migguard-rules(5))\n"
		"\n"
		"exit: 0 clean, 1 findings at or above --fail-on, 2 usage/repository/internal error\n",
		mg_report_names());
}

/* check --range --each-commit: every commit of the range (oldest first) as a
 * change of its own; findings carry the commit id.  Returns 0 or -1 with
 * *err. */
static int check_each_commit(const mg_options *o, git_repository *repo, const mg_changeset *range,
			     mg_result *res, char **err)
{
	size_t i;

	for (i = range->ncommits; i-- > 0;) {
		mg_changeset one;
		int rc;

		mg_changeset_init(&one);
		one.max_file_size = range->max_file_size;
		one.blobs = range->blobs;    /* commit k's new blobs are k+1's old */
		rc = mg_git_one_commit(repo, range->commits[i].oid, &o->paths, &one, err);
		if (rc == 0)
			rc = mg_git_shipped_paths(repo, (const char *const *)o->shipped_refs,
						  o->nshipped_refs, &one, err);
		if (rc == 0)
			mg_check_changeset(o, &one, res);
		mg_changeset_free(&one);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds a file on disk, or every *.sql file below a directory (sorted,
 * symbolic links inside directories not followed: a *.sql one is reported),
 * to the change set as additions.  Files larger than cs->max_file_size are
 * reported, not read.  Problems are errors in res. */
static void add_path(mg_changeset *cs, const char *path, mg_result *res, int depth)
{
	struct stat sb;
	mg_file_change *f;
	char *data;
	size_t len;

	if (depth > 0 && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		mg_result_add_error(res, path, "symbolic link: not followed, not checked");
		return;
	}
	if (stat(path, &sb) < 0) {
		mg_result_add_error(res, path, "%s", strerror(errno));
		return;
	}
	if (S_ISDIR(sb.st_mode)) {
		DIR *d;
		struct dirent *de;
		char **names = NULL;
		size_t n = 0, cap = 0, i;

		if (depth > 64) {
			mg_result_add_error(res, path, "directory nesting too deep");
			return;
		}
		if (!(d = opendir(path))) {
			mg_result_add_error(res, path, "%s", strerror(errno));
			return;
		}
		while ((de = readdir(d)) != NULL) {
			char *child;
			struct stat cs;
			if (de->d_name[0] == '.')
				continue;
			child = mg_xasprintf("%s%s%s", path,
					     mg_ends_with(path, "/") ? "" : "/", de->d_name);
			if (lstat(child, &cs) < 0 ||
			    (!S_ISDIR(cs.st_mode) && !mg_ends_with(de->d_name, ".sql") &&
			     /* Rails/Django/Alembic migrations: for the rule packs */
			     !mg_migpath_match_history(NULL, child))) {
				free(child);
				continue;
			}
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				names = mg_xrealloc(names, cap * sizeof(*names));
			}
			names[n++] = child;
		}
		closedir(d);
		if (n)
			qsort(names, n, sizeof(*names), cmp_names);
		for (i = 0; i < n; i++) {
			add_path(cs, names[i], res, depth + 1);
			free(names[i]);
		}
		free(names);
		return;
	}
	if (!S_ISREG(sb.st_mode)) {
		mg_result_add_error(res, path, "not a regular file");
		return;
	}
	if (cs->max_file_size > 0 && (long long)sb.st_size > cs->max_file_size) {
		mg_result_add_error(res, path, "file is %lld bytes, more than migguard.maxFileSize "
				    "(%lld bytes): not checked", (long long)sb.st_size, cs->max_file_size);
		return;
	}
	if (mg_read_file(path, &data, &len) < 0) {
		mg_result_add_error(res, path, "%s", strerror(errno));
		return;
	}
	f = mg_changeset_add_file(cs, path, MG_ADDED);
	f->data = data;
	f->len = len;
}

int cmd_check(int argc, char **argv)
{
	mg_options opts;
	mg_lint_opts *lo = &opts.lint;
	mg_report_opts ro = { 0, PACKAGE_VERSION };
	const char *range = NULL, *repo_dir = NULL, *format = "text", *color = "auto";
	const char *config_file = NULL, *baseline = NULL, *write_baseline = NULL;
	int staged = 0, all = 0, nsources, c, rc, flag_pg = 0, flag_fail_on = -1;
	int each_commit = 0;
	int flag_tx = -1; /* --[no-]assume-in-transaction, over the configuration */
	git_repository *repo = NULL;
	char *cfg_err = NULL;
	mg_reporter reporter;
	mg_result res;
	mg_changeset cs;
	mg_blobcache *blobs = NULL;  /* git sources: each blob read once */

	mg_options_init(&opts);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_STAGED:
			staged = 1;
			break;
		case OPT_RANGE:
			range = optarg;
			break;
		case OPT_ALL:
			all = 1;
			break;
		case OPT_EACH_COMMIT:
			each_commit = 1;
			break;
		case OPT_FORMAT:
			format = optarg;
			break;
		case OPT_REPO:
			repo_dir = optarg;
			break;
		case OPT_PG_VERSION: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 9 || v > 18)
				return mg_usage_error("--pg-version: '%s' is not a PostgreSQL major version (9..18)", optarg);
			flag_pg = (int)v;
			break;
		}
		case OPT_FAIL_ON: {
			mg_severity s;
			if (mg_parse_fail_on(optarg, &s) != 0)
				return 2;
			flag_fail_on = (int)s;
			break;
		}
		case OPT_CONFIG:
			config_file = optarg;
			break;
		case OPT_BASELINE:
			baseline = optarg;
			break;
		case OPT_WRITE_BASELINE:
			write_baseline = optarg;
			break;
		case OPT_RULES:
			opts.rules_cli_dir = optarg;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
				return mg_usage_error("--color: '%s' is not auto, always or never", optarg);
			color = optarg;
			break;
		case OPT_ASSUME_IN_TX:
		case OPT_NO_ASSUME_IN_TX:
			flag_tx = c == OPT_ASSUME_IN_TX;
			break;
		case 'h':
			check_usage(stdout);
			return 0;
		default:
			return mg_option_error("check", c, argv[optind - 1]);
		}
	}
	reporter = mg_report_find(format);
	if (!reporter)
		return mg_usage_error("--format: '%s' is not one of %s", format, mg_report_names());
	nsources = staged + all + (range != NULL) + (optind < argc);
	if (nsources == 0)
		return mg_usage_error("check: nothing to check: give PATH..., --staged, --range A..B or --all");
	if (nsources > 1)
		return mg_usage_error("check: PATH..., --staged, --range and --all exclude each other");
	if (each_commit && !range)
		return mg_usage_error("check: --each-commit needs --range A..B");

	if (!strcmp(color, "always"))
		ro.color = 1;
	else if (!strcmp(color, "auto")) {
		const char *term = getenv("TERM");
		ro.color = isatty(fileno(stdout)) && !getenv("NO_COLOR") &&
			   !(term && !strcmp(term, "dumb"));
	}

	/* configuration: every level, then the flags */
	git_libgit2_init();
	if (optind < argc) {
		char *ignored = NULL;
		if (mg_git_open(&repo, repo_dir, &ignored) < 0)
			repo = NULL; /* files on disk need no repository */
		free(ignored);
	} else if (mg_git_open(&repo, repo_dir, &cfg_err) < 0) {
		mg_error_free(cfg_err);
		mg_options_free(&opts);
		git_libgit2_shutdown();
		return 2;
	}
	if (mg_config_load_at(&opts, repo, range ? range : all ? "HEAD" : NULL,
			      config_file, 0, &cfg_err) < 0) {
		mg_error_free(cfg_err);
		git_repository_free(repo);
		mg_options_free(&opts);
		git_libgit2_shutdown();
		return 2;
	}
	if (flag_pg)
		lo->pg_version = flag_pg;
	if (flag_tx >= 0)
		lo->assume_in_transaction = flag_tx;
	/* every migration of the tree: they ran one by one over the years */
	lo->files_independent = all;
	if (flag_fail_on >= 0)
		opts.fail_on = (mg_severity)flag_fail_on;
	if (baseline)
		mg_config_set_baseline(&opts, baseline);
	if (write_baseline)
		opts.write_baseline = mg_xstrdup(write_baseline);
	/* rule packs: compiled once; a bad pack is exit 2 before any check */
	if (mg_options_load_rules(&opts, &cfg_err) < 0) {
		mg_error_free(cfg_err);
		git_repository_free(repo);
		mg_options_free(&opts);
		git_libgit2_shutdown();
		return 2;
	}

	mg_result_init(&res);
	mg_changeset_init(&cs);
	cs.max_file_size = opts.max_file_size;
	if (optind < argc) {
		int i;
		for (i = optind; i < argc; i++) {
			struct stat dsb;
			/* a directory is a history, not one change: its files
			 * ran one by one (see files_independent) */
			if (stat(argv[i], &dsb) == 0 && S_ISDIR(dsb.st_mode))
				lo->files_independent = 1;
			add_path(&cs, argv[i], &res, 0);
		}
		mg_check_changeset(&opts, &cs, &res);
		git_repository_free(repo);
		git_libgit2_shutdown();
	} else {
		char *err = NULL;
		int grc = 0;

		blobs = mg_blobcache_new(MG_BLOBCACHE_BUDGET);
		cs.blobs = blobs;
		{
			if (staged)
				grc = mg_git_staged(repo, &opts.paths, &cs, &err);
			else if (range)
				grc = mg_git_range(repo, range, &opts.paths, &cs, &err);
			else
				grc = mg_git_all(repo, &opts.paths, &cs, &err);
			if (grc == 0)
				grc = mg_git_shipped_paths(repo, (const char *const *)opts.shipped_refs,
							   opts.nshipped_refs, &cs, &err);
			if (grc == 0 && each_commit) {
				/* a blob several commits carry is parsed once */
				opts.lint.parse_cache = mg_parse_cache_new(MG_PARSE_CACHE_DEFAULT_BYTES,
									   MG_PARSE_CACHE_DEFAULT_ENTRIES);
				grc = check_each_commit(&opts, repo, &cs, &res, &err);
				mg_parse_cache_free(opts.lint.parse_cache);
				opts.lint.parse_cache = NULL;
			}
		}
		if (grc < 0) {
			mg_error_free(err);
			git_repository_free(repo);
			mg_changeset_free(&cs);
			mg_blobcache_free(blobs);
			mg_result_free(&res);
			mg_options_free(&opts);
			git_libgit2_shutdown();
			return 2;
		}
		if (!each_commit)
			mg_check_changeset(&opts, &cs, &res);
		git_repository_free(repo);
		git_libgit2_shutdown();
	}
	mg_result_sort(&res);
	if (reporter(stdout, &res, &ro) < 0 || fflush(stdout) != 0) {
		fprintf(stderr, "migguard: cannot write the report: %s\n", strerror(errno));
		rc = 2;
	} else {
		rc = mg_result_exit_code(&res, opts.fail_on);
	}
	mg_changeset_free(&cs);
	mg_blobcache_free(blobs);
	mg_result_free(&res);
	mg_options_free(&opts);
	return rc;
}
