/* cmd_pre_receive.c - `migguard pre-receive`: the server's pre-receive hook.
 *
 * Reads "<old> <new> <ref>" lines on stdin, checks what each ref update
 * brings (src/gitpush.c), prints findings on stderr (the pusher sees them as
 * "remote:" lines) and exits 1 to reject the whole push.  It fails closed:
 * a missing or corrupt object, bad input or any internal error rejects the
 * push (exit 2) unless the server sets migguard.onError = allow. */
#include "config.h"
#include "blobcache.h"
#include "cmd.h"
#include "gitpush.h"
#include "gitsrc.h"
#include "mgconfig.h"
#include "pipeline.h"
#include "report/report.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum { OPT_FAIL_ON = 256 };

static const struct option long_opts[] = {
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The process state of migguard.timeout's SIGALRM handler: what it exits
 * with (0 when migguard.onError = allow), and the line naming what was not
 * checked yet, written before each ref update so the handler only write()s. */
static volatile sig_atomic_t timeout_allows;
static char timeout_pending[640];
static volatile sig_atomic_t timeout_pending_len;

/* Sets the handler's "not checked" line: ref (control characters shown as
 * '?') and how many ref updates follow it. */
static void set_pending(const char *ref, size_t more)
{
	char buf[sizeof(timeout_pending)];
	size_t i, n;
	int w;

	w = snprintf(buf, sizeof(buf), "migguard: not checked: ");
	n = w > 0 ? (size_t)w : 0;
	for (i = 0; ref[i] && n < 400; i++)
		buf[n++] = ((unsigned char)ref[i] < 0x20 || ref[i] == 0x7f) ? '?' : ref[i];
	w = snprintf(buf + n, sizeof(buf) - n, "%s%zu more ref update%s)\n",
		     more ? " (and " : " (", more, more == 1 ? "" : "s");
	if (w > 0)
		n += (size_t)w < sizeof(buf) - n ? (size_t)w : sizeof(buf) - n - 1;
	timeout_pending_len = 0;
	memcpy(timeout_pending, buf, n);
	timeout_pending_len = (sig_atomic_t)n;
}

static void on_alarm(int sig)
{
	static const char rej[] = "migguard: error: migguard.timeout exceeded; push rejected\n";
	static const char ok[] = "migguard: warning: migguard.timeout exceeded; push allowed "
				 "(migguard.onError=allow)\n";
	ssize_t w;

	(void)sig;
	if (timeout_pending_len > 0) {
		w = write(STDERR_FILENO, timeout_pending, (size_t)timeout_pending_len);
		(void)w;
	}
	if (timeout_allows)
		w = write(STDERR_FILENO, ok, sizeof(ok) - 1);
	else
		w = write(STDERR_FILENO, rej, sizeof(rej) - 1);
	(void)w;
	_exit(timeout_allows ? 0 : 2);
}

static void pre_receive_usage(FILE *out)
{
	fputs("usage: migguard pre-receive [--fail-on LEVEL] < \"<old> <new> <ref>\" lines\n"
	      "\n"
	      "The pre-receive hook of a server repository: checks the migrations each\n"
	      "pushed ref brings and rejects the push on findings.\n"
	      "\n"
	      "  --fail-on LEVEL     error (default) | warning\n"
	      "\n"
	      "config: migguard.onError = reject (default) | allow: what an internal error does\n"
	      "        migguard.timeout = SECONDS: stop after this long (then as onError)\n"
	      "exit: 0 accept, 1 findings (push rejected), 2 error (push rejected unless onError=allow)\n",
	      out);
}

static int read_stdin(char **out, size_t *len)
{
	mg_buf b = MG_BUF_INIT;
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		mg_buf_put(&b, chunk, n);
	if (ferror(stdin)) {
		mg_buf_free(&b);
		return -1;
	}
	*len = b.len;
	*out = mg_buf_detach(&b);
	return 0;
}

static void say_error(const char *ref, const char *msg)
{
	fputs("migguard: error: ", stderr);
	if (ref) {
		mg_put_sanitized(stderr, ref);
		fputs(": ", stderr);
	}
	mg_put_sanitized(stderr, msg);
	fputc('\n', stderr);
}

/* Reads migguard.onError and migguard.timeout; *allow = 1 for onError=allow. */
static void read_config(git_repository *repo, int *allow, int *timeout)
{
	git_config *cfg = NULL;
	const char *s = NULL;
	int32_t t = 0;
	int rc;

	*allow = 0;
	*timeout = 0;
	if (git_repository_config_snapshot(&cfg, repo) < 0) {
		say_error(NULL, "cannot read git config; migguard.onError = reject");
		git_error_clear();
		return;
	}
	if (git_config_get_string(&s, cfg, "migguard.onError") == 0) {
		if (!strcasecmp(s, "allow"))
			*allow = 1;
		else if (strcasecmp(s, "reject"))
			say_error(NULL, "migguard.onError is neither reject nor allow; rejecting on errors");
	}
	rc = git_config_get_int32(&t, cfg, "migguard.timeout");
	if (rc == 0 && t >= 0)
		*timeout = t;
	else if (rc != GIT_ENOTFOUND)
		say_error(NULL, "migguard.timeout is not a number of seconds; no time limit");
	git_error_clear();
	git_config_free(cfg);
}

int cmd_pre_receive(int argc, char **argv)
{
	mg_options opts;
	mg_report_opts ro = { 0, PACKAGE_VERSION };
	git_repository *repo = NULL;
	mg_push push = { NULL, 0, 0 };
	mg_blobcache *blobs = NULL;  /* one read of a blob for every ref */
	mg_parse_cache *parses = NULL; /* one parse of a blob for every ref */
	char *input = NULL, *err = NULL;
	size_t len = 0, i;
	int c, allow = 0, timeout = 0, rejected = 0, failed = 0, rc, fail_on_set = 0;

	mg_options_init(&opts);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_FAIL_ON:
			if (mg_parse_fail_on(optarg, &opts.fail_on) != 0)
				return 2;
			fail_on_set = 1;
			break;
		case 'h':
			pre_receive_usage(stdout);
			return 0;
		default:
			return mg_option_error("pre-receive", c, argv[optind - 1]);
		}
	}
	if (optind != argc)
		return mg_usage_error("pre-receive: takes no arguments (ref updates come on stdin)");
	/* the report goes to stderr, unbuffered by default: one write per
	 * piece of a finding was half of a push with findings.  Buffered, and
	 * flushed after each ref, so the timeout handler's lines (write(2))
	 * still come after the reports of the refs before */
	setvbuf(stderr, NULL, _IOFBF, 1 << 16);

	git_libgit2_init();
	if (mg_git_open(&repo, NULL, &err) < 0) {
		say_error(NULL, err);
		fputs("migguard: push rejected: the repository could not be opened\n", stderr);
		free(err);
		git_libgit2_shutdown();
		mg_options_free(&opts);
		return 2;
	}
	read_config(repo, &allow, &timeout);
	fflush(stderr);
	if (timeout) {
		set_pending("the ref updates: standard input was not read", 0);
		timeout_allows = allow;
		signal(SIGALRM, on_alarm);
		alarm((unsigned)timeout);
	}
	if (read_stdin(&input, &len) < 0) {
		say_error(NULL, "cannot read the ref updates from standard input");
		failed = 1;
	} else if (mg_push_parse(input, len, &push, &err) < 0) {
		say_error(NULL, err);
		free(err);
		err = NULL;
		failed = 1;
	}

	blobs = mg_blobcache_new(MG_BLOBCACHE_BUDGET);
	parses = mg_parse_cache_new(MG_PARSE_CACHE_DEFAULT_BYTES, MG_PARSE_CACHE_DEFAULT_ENTRIES);
	for (i = 0; i < push.n; i++) {
		const mg_push_update *u = &push.updates[i];
		mg_changeset cs;
		mg_result res;
		size_t ncommits = 0;
		mg_options ropts; /* the server's config (src/config.c, server policy) and
				   * what the pushed tree's .migguard may add to it */
		char newhex[GIT_OID_HEXSZ + 1];
		int crc;

		if (timeout)
			set_pending(u->ref, push.n - i - 1);
		mg_changeset_init(&cs);
		cs.blobs = blobs;            /* refs at one tip share their blobs */
		mg_result_init(&res);
		mg_options_init(&ropts);
		git_oid_tostr(newhex, sizeof(newhex), &u->new_id);
		crc = mg_config_load_at(&ropts, repo, git_oid_is_zero(&u->new_id) ? NULL : newhex,
					NULL, 1, &err);
		if (crc == 0 && fail_on_set)
			ropts.fail_on = opts.fail_on;
		ropts.lint.parse_cache = parses;
		if (crc < 0) {
			say_error(u->ref, err);
			free(err);
			err = NULL;
			failed = 1;
		} else if (mg_git_push_ref(repo, &push, i, &ropts.paths, &cs, &ncommits, &err) < 0 ||
			   mg_git_shipped_paths(repo, (const char *const *)ropts.shipped_refs,
						ropts.nshipped_refs, &cs, &err) < 0) {
			say_error(u->ref, err);
			free(err);
			err = NULL;
			failed = 1;
		} else {
			mg_check_changeset(&ropts, &cs, &res);
			mg_result_sort(&res);
			mg_git_push_attribute(repo, &cs, &res);
			if (res.nfindings || res.nerrors) {
				char o[8], n[8];
				git_oid_tostr(o, sizeof(o), &u->old_id);
				git_oid_tostr(n, sizeof(n), &u->new_id);
				fputs("migguard: ", stderr);
				mg_put_sanitized(stderr, u->ref);
				fprintf(stderr, " (%s..%s, %zu new commit%s):\n", o, n, ncommits,
					ncommits == 1 ? "" : "s");
				mg_report_text(stderr, &res, &ro);
			}
			switch (mg_result_exit_code(&res, ropts.fail_on)) {
			case 0:
				break;
			case 1:
				rejected = 1;
				break;
			default:
				failed = 1;
				break;
			}
		}
		mg_result_free(&res);
		mg_changeset_free(&cs);
		mg_options_free(&ropts);
		fflush(stderr);
	}

	/* GitLab shows lines starting with GL-HOOK-ERR: in its web UI too */
	if (failed && !allow) {
		fprintf(stderr, "%smigguard: push rejected: migguard could not check it "
			"(a server may set migguard.onError=allow)\n", getenv("GL_ID") ? "GL-HOOK-ERR: " : "");
		rc = 2;
	} else if (rejected) {
		fprintf(stderr, "%smigguard: push rejected: fix the migrations above and push again\n",
			getenv("GL_ID") ? "GL-HOOK-ERR: " : "");
		rc = 1;
	} else {
		if (failed)
			fputs("migguard: warning: errors ignored (migguard.onError=allow)\n", stderr);
		rc = 0;
	}
	fflush(stderr);
	if (timeout)
		alarm(0);
	mg_push_free(&push);
	free(input);
	mg_blobcache_free(blobs);
	mg_parse_cache_free(parses);
	git_repository_free(repo);
	git_libgit2_shutdown();
	mg_options_free(&opts);
	return rc;
}
