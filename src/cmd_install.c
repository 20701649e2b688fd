/* cmd_install.c - `migguard install`: write the hook shims.
 *
 * A shim is a small sh script that runs migguard in the right mode.  It
 * names the binary that installed it (and falls back to migguard on PATH),
 * and first runs the hook that was there before, kept beside it as
 * <hook>.migguard-chained: a foreign hook is never lost, its failure still
 * stops git, and the shim is the same text whether or not it chains, so
 * installing twice changes nothing. */
#include "config.h"
#include "cmd.h"
#include "gitsrc.h"
#include "report/report.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARKER "# migguard-hook: "
#define CHAINED_SUFFIX ".migguard-chained"

static const struct {
	const char *name;
	const char *run;     /* the shell line(s) that run migguard */
} hooks[] = {
	{ "pre-commit", "exec \"$mg\" check --staged\n" },
	{ "commit-msg", "exec \"$mg\" commit-msg \"$1\"\n" },
	{ "pre-receive", "printf '%s\\n' \"$input\" | \"$mg\" pre-receive\n" },
};

enum { OPT_FORCE = 256, OPT_HOOK, OPT_REPO };

static const struct option long_opts[] = {
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "hook", required_argument, NULL, OPT_HOOK },
	{ "repo", required_argument, NULL, OPT_REPO },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void install_usage(FILE *out)
{
	fputs("usage: migguard install [--force] [--hook NAME]... [--repo DIR]\n"
	      "\n"
	      "Writes hook shims into the repository's hooks directory (core.hooksPath\n"
	      "honoured): pre-commit and commit-msg in a repository with a working tree,\n"
	      "pre-receive in a bare one.  An existing hook that is not migguard's is\n"
	      "kept as <hook>" CHAINED_SUFFIX " and run first; installing again changes\n"
	      "nothing.\n"
	      "\n"
	      "  --hook NAME   pre-commit | commit-msg | pre-receive (repeatable)\n"
	      "  --force       replace an existing foreign hook instead of chaining it\n"
	      "  --repo DIR    repository (default: discovered from the current directory)\n"
	      "\n"
	      "exit: 0 installed or already installed, 2 usage or file system error\n", out);
}

static int hook_index(const char *name)
{
	size_t i;

	for (i = 0; i < MG_ARRAY_SIZE(hooks); i++)
		if (!strcmp(hooks[i].name, name))
			return (int)i;
	return -1;
}

/* s single-quoted for sh. */
static void put_quoted(mg_buf *b, const char *s)
{
	mg_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			mg_buf_puts(b, "'\\''");
		else
			mg_buf_putc(b, *s);
	}
	mg_buf_putc(b, '\'');
}

static char *shim_text(int h, const char *bin)
{
	mg_buf b = MG_BUF_INIT;
	const char *name = hooks[h].name;
	int stdin_hook = !strcmp(name, "pre-receive");

	mg_buf_printf(&b, "#!/bin/sh\n"
		      MARKER "%s (written by `migguard install`; edits are overwritten)\n"
		      "# A hook that was here before is kept as %s" CHAINED_SUFFIX
		      " and runs first.\n", name, name);
	if (stdin_hook)
		mg_buf_puts(&b, "input=$(cat)\n");
	mg_buf_printf(&b, "chained=\"$(dirname \"$0\")/%s" CHAINED_SUFFIX "\"\n"
		      "if [ -x \"$chained\" ]; then\n", name);
	if (stdin_hook)
		mg_buf_puts(&b, "\tprintf '%s\\n' \"$input\" | \"$chained\" \"$@\" || exit $?\n");
	else
		mg_buf_puts(&b, "\t\"$chained\" \"$@\" || exit $?\n");
	mg_buf_puts(&b, "fi\nmg=");
	put_quoted(&b, bin ? bin : "migguard");
	mg_buf_puts(&b, "\n[ -x \"$mg\" ] || mg=migguard\n"
		    "command -v \"$mg\" >/dev/null 2>&1 || {\n"
		    "\techo \"migguard: not found (install it or put it on PATH)\" >&2\n"
		    "\texit 2\n"
		    "}\n");
	mg_buf_puts(&b, hooks[h].run);
	return mg_buf_detach(&b);
}

/* The absolute path of this executable, or NULL. */
static char *self_path(void)
{
	char buf[PATH_MAX + 1];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0 || (size_t)n >= sizeof(buf) - 1)
		return NULL;
	buf[n] = '\0';
	return mg_xstrdup(buf);
}

static int mkdirs(const char *dir)
{
	char *p = mg_xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0777) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/* The hooks directory: core.hooksPath (relative to the working tree, or to
 * the git directory of a bare repository), else <common dir>/hooks. */
static char *hooks_dir(git_repository *repo, char **err)
{
	git_config *cfg = NULL;
	git_buf path = GIT_BUF_INIT;
	char *dir = NULL;

	if (git_repository_config_snapshot(&cfg, repo) < 0) {
		*err = mg_git_error("cannot read git config");
		return NULL;
	}
	if (git_config_get_path(&path, cfg, "core.hooksPath") == 0 && path.ptr && *path.ptr) {
		if (path.ptr[0] == '/') {
			dir = mg_xstrdup(path.ptr);
		} else {
			const char *base = git_repository_workdir(repo);
			if (!base)
				base = git_repository_path(repo);
			dir = mg_xasprintf("%s%s%s", base, mg_ends_with(base, "/") ? "" : "/", path.ptr);
		}
	} else {
		const char *common = git_repository_commondir(repo);
		dir = mg_xasprintf("%s%shooks", common, mg_ends_with(common, "/") ? "" : "/");
	}
	git_error_clear();
	git_buf_dispose(&path);
	git_config_free(cfg);
	return dir;
}

static int write_file(const char *path, const char *text)
{
	char *tmp = mg_xasprintf("%s.migguard-tmp", path);
	FILE *f = fopen(tmp, "w");
	int rc = 0;

	if (!f) {
		free(tmp);
		return -1;
	}
	if (fputs(text, f) == EOF)
		rc = -1;
	if (fclose(f) == EOF)
		rc = -1;
	if (rc == 0 && chmod(tmp, 0755) < 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -1;
	if (rc < 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
	}
	free(tmp);
	return rc;
}

/* "migguard: <path>: <msg> [<path2>]" with control characters escaped. */
static void say(FILE *out, const char *path, const char *msg, const char *path2)
{
	fputs("migguard: ", out);
	mg_put_sanitized(out, path);
	fputs(": ", out);
	fputs(msg, out);
	if (path2) {
		fputc(' ', out);
		mg_put_sanitized(out, path2);
	}
	fputc('\n', out);
}

/* Installs hook h into dir.  Returns 0 or -1 (message printed). */
static int install_one(const char *dir, int h, const char *bin, int force)
{
	const char *name = hooks[h].name;
	char *path = mg_xasprintf("%s/%s", dir, name);
	char *chained = mg_xasprintf("%s/%s" CHAINED_SUFFIX, dir, name);
	char *text = shim_text(h, bin), *old = NULL;
	struct stat sb;
	size_t oldlen;
	int rc = -1;
	const char *what;

	if (lstat(path, &sb) < 0) {
		if (errno != ENOENT)
			goto syserr;
		what = "installed";
	} else if ((S_ISREG(sb.st_mode) || S_ISLNK(sb.st_mode)) &&
		   mg_read_file(path, &old, &oldlen) == 0 &&
		   strstr(old, "\n" MARKER)) {
		if (!strcmp(old, text)) {
			say(stdout, path, "already installed", NULL);
			rc = 0;
			goto out;
		}
		what = "updated";
	} else if (force) {
		what = "replaced the existing hook with";
	} else {
		if (lstat(chained, &sb) == 0) {
			say(stderr, path, "cannot chain the existing hook (merge by hand, or use "
			    "--force), this name is taken:", chained);
			goto out;
		}
		if (rename(path, chained) < 0)
			goto syserr;
		say(stdout, path, "existing hook kept, it runs first, as", chained);
		what = "installed";
	}
	if (write_file(path, text) < 0)
		goto syserr;
	say(stdout, path, what, NULL);
	rc = 0;
	goto out;
syserr:
	say(stderr, path, strerror(errno), NULL);
out:
	free(old);
	free(text);
	free(chained);
	free(path);
	return rc;
}

int cmd_install(int argc, char **argv)
{
	const char *repo_dir = NULL;
	int chosen[MG_ARRAY_SIZE(hooks)] = { 0 };
	int force = 0, any = 0, c, rc = 0;
	git_repository *repo = NULL;
	char *err = NULL, *dir = NULL, *bin = NULL;
	size_t i;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
		int h;
		switch (c) {
		case OPT_FORCE:
			force = 1;
			break;
		case OPT_HOOK:
			if ((h = hook_index(optarg)) < 0)
				return mg_usage_error("--hook: '%s' is not pre-commit, commit-msg or pre-receive",
						      optarg);
			chosen[h] = 1;
			any = 1;
			break;
		case OPT_REPO:
			repo_dir = optarg;
			break;
		case 'h':
			install_usage(stdout);
			return 0;
		default:
			return mg_option_error("install", c, argv[optind - 1]);
		}
	}
	if (optind != argc)
		return mg_usage_error("install: unexpected argument '%s'", argv[optind]);

	git_libgit2_init();
	if (mg_git_open(&repo, repo_dir, &err) < 0 || !(dir = hooks_dir(repo, &err))) {
		mg_error_free(err);
		rc = 2;
		goto out;
	}
	if (!any) {
		int bare = git_repository_is_bare(repo);
		chosen[hook_index("pre-commit")] = !bare;
		chosen[hook_index("commit-msg")] = !bare;
		chosen[hook_index("pre-receive")] = bare;
	}
	if (mkdirs(dir) < 0) {
		say(stderr, dir, "cannot create the hooks directory:", strerror(errno));
		rc = 2;
		goto out;
	}
	bin = self_path();
	for (i = 0; i < MG_ARRAY_SIZE(hooks); i++)
		if (chosen[i] && install_one(dir, (int)i, bin, force) < 0)
			rc = 2;
out:
	free(bin);
	free(dir);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
