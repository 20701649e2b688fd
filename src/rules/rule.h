/* rule.h - the interface of a parse-tree rule.
 *
 * One rule per file in src/rules/<rule-id>.c, each defining a `const mg_rule`
 * listed in registry.c.  A rule's check() sees one statement at a time with
 * the context the linter keeps for the file (transaction state, tables
 * created earlier in the file) and reports with mg_rule_report(). */
#ifndef MG_RULE_H
#define MG_RULE_H

#include <stddef.h>
#include "finding.h"
#include "lint.h"
#include "lockmodel.h"
#include "sql.h"

typedef struct mg_rule_ctx mg_rule_ctx;

typedef struct mg_rule {
	const char *id;          /* squawk's id where the rule is the same */
	mg_severity severity;    /* default severity */
	const char *summary;     /* one line, for `migguard rules` */
	const char *doc;         /* `migguard explain`: why, lock, safe way, example */
	void (*check)(mg_rule_ctx *ctx, const PgQuery__Node *stmt);
} mg_rule;

struct mg_rule_ctx {
	const mg_lint_opts *opts;
	const mg_sql *sql;
	const mg_stmt *stmt;     /* the statement being checked */
	size_t index;            /* its index in sql->stmts */
	const char *path;
	const char *commit;
	int in_transaction;      /* inside BEGIN ... COMMIT (or assumed) */
	const mg_lint_state *state;
	const mg_rule *rule;     /* set by the linter before check() */
	mg_result *out;
};

/* Reports a finding for ctx->rule at a node location (parser coordinates,
 * -1 for the statement start).  The span runs to the statement end. */
void mg_rule_report(mg_rule_ctx *ctx, int location, const char *help,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Formats a relation name ("schema.table" or "table") into buf. */
const char *mg_relname(const PgQuery__RangeVar *rv, char *buf, size_t size);

/* Non-zero when the table was created earlier in the same file (it is new
 * and empty, so locks and rewrites on it are harmless). */
int mg_table_is_new(const mg_rule_ctx *ctx, const PgQuery__RangeVar *rv);

/* Rule lookup. */
extern const mg_rule *const mg_rules[];
extern const size_t mg_nrules;
const mg_rule *mg_rule_find(const char *id);

#endif
