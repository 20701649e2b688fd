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

/* mg_rule.flags */
enum {
	/* A destructive-change rule (ban-drop-*): quiet in down/rollback files,
	 * which exist to undo what the up migration created. */
	MG_RULE_DESTRUCTIVE = 1 << 0
};

typedef struct mg_rule {
	const char *id;          /* squawk's id where the rule is the same */
	mg_severity severity;    /* default severity */
	unsigned flags;          /* MG_RULE_* */
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
	int assume_in_transaction; /* the file runs in one transaction: the
				  * option, unless the file opts out
				  * (-- +goose NO TRANSACTION, ...) */
	int explicit_transaction; /* inside an explicit BEGIN ... COMMIT */
	size_t tx_start;         /* index of the statement after the BEGIN that
				  * opened the current transaction (0 when the
				  * whole file is assumed to be one) */
	int lock_timeout_set;    /* SET [LOCAL] lock_timeout earlier in the file */
	int statement_timeout_set; /* SET [LOCAL] statement_timeout earlier */
	int is_down;             /* a down/rollback file (mg_path_is_down) */
	const mg_lint_state *state;
	const mg_rule *rule;     /* set by the linter before check() */
	size_t rule_index;       /* ctx->rule's index in mg_rules */
	unsigned char *reported; /* per rule: reported in this file already */
	unsigned char *memo;     /* per rule: one byte a rule may keep for the
				  * file (0 at its start; NULL outside the linter) */
	mg_result *out;
};

/* Reports a finding for ctx->rule at a node location (parser coordinates,
 * -1 for the statement start).  The span runs to the statement end. */
void mg_rule_report(mg_rule_ctx *ctx, int location, const char *help,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Returns 1 the first time it is called for ctx->rule in a file, then 0:
 * for rules that report once per file. */
int mg_rule_once(mg_rule_ctx *ctx);

/* Formats a relation name ("schema.table" or "table") into buf. */
const char *mg_relname(const PgQuery__RangeVar *rv, char *buf, size_t size);

/* Non-zero when the table was created earlier in the same file or in an
 * earlier file of the change set (it is new and empty, so locks and
 * rewrites on it are harmless).  An unqualified name matches any schema. */
int mg_table_is_new(const mg_rule_ctx *ctx, const PgQuery__RangeVar *rv);
int mg_table_name_is_new(const mg_rule_ctx *ctx, const char *name);

/* Rule lookup. */
extern const mg_rule *const mg_rules[];
extern const size_t mg_nrules;
const mg_rule *mg_rule_find(const char *id);

#endif
