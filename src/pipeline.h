/* pipeline.h - every check over one change set, then suppression and
 * severity: the one place the stages of DESIGN.md's data flow are called in
 * order.  Sources (cmd_check.c, cmd_commit_msg.c, cmd_pre_receive.c) build the
 * change set; reporters print the result. */
#ifndef MG_PIPELINE_H
#define MG_PIPELINE_H

#include "changeset.h"
#include "finding.h"
#include "lint.h"
#include "migpath.h"

typedef enum mg_review_mode {
	MG_REVIEW_AI = 0,              /* review trailer required on AI-marked commits */
	MG_REVIEW_ALWAYS,
	MG_REVIEW_NEVER
} mg_review_mode;

typedef struct mg_options {
	mg_lint_opts lint;          /* pg version, transaction assumption, severities */
	mg_pathfilter paths;        /* which paths are migrations */
	mg_severity fail_on;        /* lowest severity that makes exit 1 */
	mg_framework framework;     /* migguard.framework; MG_FW_AUTO: per directory */

	/* Configuration (issue 7): filled by src/config.c, which owns the
	 * storage below; mg_options_free() releases it. */
	char **include_globs, **exclude_globs;  /* paths.include/exclude point here */
	size_t ninclude_globs, nexclude_globs;
	mg_rule_override *overrides;   /* lint.overrides points here; ids owned */
	size_t noverrides;
	char **placeholders;           /* PCRE2 patterns; NULL: the built-in default */
	size_t nplaceholders;
	int allow_suppressions;        /* inline ignore comments honoured (default 1) */
	int server;                    /* pre-receive: the server's policy applies */
	char *baseline;                /* --baseline / migguard.baseline, or NULL */
	char *write_baseline;          /* --write-baseline FILE, or NULL */
	char *rules_dir;               /* migguard.rulesDir, or NULL */
	int on_error_allow;            /* migguard.onError = allow (pre-receive) */
	int timeout;                   /* migguard.timeout in seconds, 0: none */
	long long max_file_size;       /* migguard.maxFileSize in bytes, 0: no limit */
	mg_review_mode require_review; /* migguard.requireReview */
	char **review_trailers;        /* migguard.reviewTrailer; none: Reviewed-by */
	size_t nreview_trailers;
	char **reviewers;              /* migguard.reviewer allow-list, may be empty */
	size_t nreviewers;
	char **shipped_refs;           /* migguard.shippedRef globs (issue 6) */
	size_t nshipped_refs;

	/* Regex rule packs (issue 5, src/regex.h): mg_options_load_rules()
	 * compiles them once into rx; mg_options_free() frees rx. */
	const char *rules_cli_dir;     /* check --rules DIR (not owned), or NULL */
	struct mg_rxset *rx;           /* loaded packs, NULL until loaded */
} mg_options;

void mg_options_init(mg_options *o);
void mg_options_free(mg_options *o);

/* Runs every check over cs and appends to out.  out->files_checked counts
 * the files the SQL linter read. */
void mg_check_changeset(const mg_options *o, const mg_changeset *cs, mg_result *out);

#endif
