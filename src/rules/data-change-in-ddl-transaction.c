/* data-change-in-ddl-transaction: a data change in the transaction that
 * took a DDL lock on the same table. */
#include "config.h"
#include "rulelib.h"

#include <string.h>

#define MAXLOCKS 16

static int is_big_change(const PgQuery__Node *n)
{
	const PgQuery__Node *sel;

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
	case PG_QUERY__NODE__NODE_DELETE_STMT:
	case PG_QUERY__NODE__NODE_MERGE_STMT:
		return 1;
	case PG_QUERY__NODE__NODE_INSERT_STMT:
		/* INSERT ... SELECT FROM copies data; INSERT ... VALUES seeds a row */
		sel = n->insert_stmt->select_stmt;
		return sel && sel->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
		       sel->select_stmt->n_from_clause > 0;
	default:
		return 0;
	}
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__RangeVar *rv;
	char rel[512];
	size_t s, i;

	if (!ctx->in_transaction || !is_big_change(n) || !(rv = mg_dml_relation(n)) ||
	    mg_table_is_new(ctx, rv))
		return;
	mg_relname(rv, rel, sizeof(rel));
	for (s = ctx->tx_start; s < ctx->index; s++) {
		mg_rel_lock locks[MAXLOCKS];
		size_t cnt = mg_stmt_locks(ctx, ctx->sql->stmts[s].node, locks, MAXLOCKS);
		for (i = 0; i < cnt; i++) {
			if (!mg_lock_conflicts(locks[i].lock, MG_LOCK_ROW_EXCLUSIVE) ||
			    strcmp(locks[i].name, rel))
				continue;
			mg_rule_report(ctx, -1,
				       "commit the DDL first; change the data in separate transactions, in "
				       "batches (or in a later migration)",
				       "this data change on \"%s\" runs in the transaction that took %s %s lock "
				       "on it at line %d: the lock, which %s, is held until the whole "
				       "change commits",
				       rel, mg_lock_a(locks[i].lock), mg_lock_name(locks[i].lock), ctx->sql->stmts[s].line,
				       mg_lock_blocks(locks[i].lock));
			return;
		}
	}
}

const mg_rule mg_rule_data_change_in_ddl_transaction = {
	.id = "data-change-in-ddl-transaction",
	.severity = MG_SEV_ERROR,
	.summary = "A backfill in the transaction that altered the table keeps the DDL lock for its duration",
	.doc =
	"A migration that alters a table and then backfills it in the same\n"
	"transaction holds the ALTER's lock (usually ACCESS EXCLUSIVE) until the\n"
	"backfill commits: a millisecond ALTER becomes an outage as long as the\n"
	"UPDATE.\n"
	"\n"
	"Lock: the DDL statement's lock on the table (named in the message),\n"
	"for the whole data change. Flagged: UPDATE, DELETE, MERGE and\n"
	"INSERT ... SELECT ... FROM on a table that an earlier statement of the\n"
	"same transaction locked in SHARE mode or stronger. Transactions are\n"
	"BEGIN ... COMMIT in the file, or the whole file with\n"
	"check --assume-in-transaction. Tables created earlier in the change set\n"
	"are exempt.\n"
	"\n"
	"Safe way: commit the DDL, then change the data in batches in separate\n"
	"transactions (or a separate, non-transactional migration).\n"
	"\n"
	"Severity: error (blocks the table for the whole backfill).\n"
	"\n"
	"Bad:   BEGIN;\n"
	"       ALTER TABLE users ADD COLUMN plan text;\n"
	"       UPDATE users SET plan = 'free' WHERE plan IS NULL;\n"
	"       COMMIT;\n"
	"Good:  ALTER TABLE users ADD COLUMN plan text;\n"
	"       -- separate migration, in batches:\n"
	"       UPDATE users SET plan = 'free'\n"
	"       WHERE id IN (SELECT id FROM users WHERE plan IS NULL LIMIT 10000);\n",
	.check = check,
};
