/* lint.h - run the SQL checks over files and change sets. */
#ifndef MG_LINT_H
#define MG_LINT_H

#include <stddef.h>
#include "changeset.h"
#include "finding.h"

typedef struct mg_rule_override {
	const char *id;
	mg_severity severity;
} mg_rule_override;

typedef struct mg_lint_opts {
	int pg_version;              /* target PostgreSQL major version */
	int assume_in_transaction;   /* migration runner wraps each file in a transaction */
	const mg_rule_override *overrides; /* rule.<id>.severity, may be NULL */
	size_t noverrides;
} mg_lint_opts;

void mg_lint_opts_init(mg_lint_opts *o);

/* Per-file state the linter keeps while walking statements. */
typedef struct mg_lint_state {
	char **new_tables;           /* tables created earlier in this file */
	size_t nnew_tables, cap_new_tables;
} mg_lint_state;

/* The effective severity of a rule: an override, else the default. */
mg_severity mg_lint_severity(const mg_lint_opts *o, const char *rule, mg_severity def);

/* Lints one SQL text.  path and commit are copied into findings. */
void mg_lint_sql(const mg_lint_opts *o, const char *path, const char *commit,
		 const char *data, size_t len, mg_result *out);

/* Lints every added, modified or renamed file of a change set. */
void mg_lint_changeset(const mg_lint_opts *o, const mg_changeset *cs, mg_result *out);

#endif
