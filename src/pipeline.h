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

typedef struct mg_options {
	mg_lint_opts lint;          /* pg version, transaction assumption, severities */
	mg_pathfilter paths;        /* which paths are migrations */
	mg_severity fail_on;        /* lowest severity that makes exit 1 */
} mg_options;

void mg_options_init(mg_options *o);
void mg_options_free(mg_options *o);

/* Runs every check over cs and appends to out.  out->files_checked counts
 * the files the SQL linter read. */
void mg_check_changeset(const mg_options *o, const mg_changeset *cs, mg_result *out);

#endif
