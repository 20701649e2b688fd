/* history.h - git-aware rules over a change set and its base tree: edited,
 * deleted, renamed, out-of-order and duplicate migrations, missing or
 * irreversible down steps, names the runner would ignore (issue 6).
 *
 * The rules read cs->base and cs->result (the migration paths of the base
 * tree and of the resulting tree, see mg_git_base_paths()) and the old and
 * new content of the change set's files; without the trees (files on disk)
 * only the rules that need nothing but the file run (goose/dbmate down
 * sections).  No rule talks to git. */
#ifndef MG_HISTORY_H
#define MG_HISTORY_H

#include <stddef.h>
#include "changeset.h"
#include "finding.h"
#include "lint.h"
#include "migpath.h"

/* Runs every history rule; severities and "off" come from lo's overrides. */
void mg_history_check(const mg_lint_opts *lo, mg_framework fw,
		      const mg_changeset *cs, mg_result *out);

/* Non-zero when id is a history rule.  History rules are registered in
 * src/rules/registry.c with .check = NULL and are tested on real
 * repositories by tests/e2e/history.sh, not by SQL fixtures. */
int mg_history_rule(const char *id);

/* Non-zero when two SQL texts differ only in comments, whitespace and the
 * case of keywords/unquoted identifiers (goose and dbmate annotations
 * count as code). */
int mg_sql_same_code(const char *a, size_t alen, const char *b, size_t blen);

#endif
