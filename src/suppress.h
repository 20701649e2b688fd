/* suppress.h - template placeholders, inline suppressions, baseline, and
 * the final severity pass (pipeline step 5).
 *
 * Placeholders: every match of a migguard.placeholder pattern (PCRE2) is
 * replaced by an identifier of the same byte length before the SQL is
 * parsed, so lines and columns stay those of the file.
 *
 * Inline suppressions (SQL line comments):
 *   -- migguard:ignore RULE[,RULE] reason     the next statement
 *   -- migguard:ignore-file RULE[,RULE] reason the whole file
 *   -- squawk-ignore RULE[,RULE]               as migguard:ignore
 *   -- squawk-ignore-file RULE[,RULE]          as migguard:ignore-file
 * A suppression without a reason is reported (suppression-without-reason),
 * so is one that hides nothing (unused-ignore).  In files of other
 * languages (*.rb, *.py, ...) the words follow '#', '--' or '//' on a line
 * of their own and cover the next non-comment line.
 *
 * Baseline: one line per finding, "<fingerprint> <rule> <path>", where the
 * fingerprint hashes the rule, the path and the statement text with
 * comments dropped and whitespace collapsed, not the line. */
#ifndef MG_SUPPRESS_H
#define MG_SUPPRESS_H

#include <stddef.h>
#include "changeset.h"
#include "finding.h"
#include "pipeline.h"

#define MG_RULE_NO_REASON "suppression-without-reason"
#define MG_RULE_UNUSED_IGNORE "unused-ignore"

/* A change set whose file contents have the placeholders replaced; files
 * above migguard.maxFileSize are left out (with an error in out). */
typedef struct mg_csview {
	mg_changeset cs;        /* shallow copy: strings belong to the original */
	char **owned;           /* replaced contents to free, per file (or NULL) */
	size_t nreplaced;       /* placeholder matches replaced, all files */
} mg_csview;

/* Returns 0, or -1 when a pattern does not compile (error in out). */
int mg_csview_make(const mg_options *o, const mg_changeset *cs, mg_csview *v,
		   mg_result *out);
void mg_csview_free(mg_csview *v);

/* Replaces every match of the patterns in data[0..len) (NULL, 0: the
 * built-in default).  Returns a new NUL-terminated copy and the count in
 * *nrepl, or NULL when nothing matched (or -1 in *nrepl with a message in
 * *err when a pattern is bad). */
char *mg_placeholders_apply(char *const *patterns, size_t npatterns,
			    const char *data, size_t len, long *nrepl, char **err);

/* Step 5 of the pipeline over the findings of cs (the view the checks
 * read): inline suppressions (when o->allow_suppressions), the severity
 * overrides for every finding, then the baseline (o->write_baseline
 * writes it and hides every finding; o->baseline hides what it lists). */
void mg_suppress_apply(const mg_options *o, const mg_changeset *cs, mg_result *out);

/* The baseline fingerprint of a finding in a file's content (content NULL:
 * the message stands in for the statement); hex, 32 characters + NUL. */
void mg_baseline_fingerprint(const mg_finding *f, const char *content, size_t len,
			     char out[33]);

#endif
