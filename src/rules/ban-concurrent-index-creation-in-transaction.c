/* ban-concurrent-index-creation-in-transaction: CONCURRENTLY inside a
 * transaction block fails at run time. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const char *what = NULL;
	char rel[512];
	size_t i;

	if (!ctx->in_transaction)
		return;
	/* a one-statement file may be run without a transaction by its tool
	 * (golang-migrate and friends), as squawk assumes */
	if (!ctx->explicit_transaction && ctx->sql->nstmts < 2)
		return;
	rel[0] = '\0';
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		if (n->index_stmt->concurrent) {
			what = "CREATE INDEX CONCURRENTLY";
			mg_relname(n->index_stmt->relation, rel, sizeof(rel));
		}
		break;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		if (n->drop_stmt->concurrent)
			what = "DROP INDEX CONCURRENTLY";
		break;
	case PG_QUERY__NODE__NODE_REINDEX_STMT:
		if (mg_defelem_on(n->reindex_stmt->params, n->reindex_stmt->n_params, "concurrently")) {
			what = "REINDEX CONCURRENTLY";
			if (n->reindex_stmt->relation)
				mg_relname(n->reindex_stmt->relation, rel, sizeof(rel));
		}
		break;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		for (i = 0; i < n->alter_table_stmt->n_cmds; i++) {
			const PgQuery__AlterTableCmd *c = mg_alter_cmd(n->alter_table_stmt, i);
			if (c && c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition &&
			    c->def && c->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
			    c->def->partition_cmd->concurrent) {
				what = "DETACH PARTITION CONCURRENTLY";
				mg_relname(n->alter_table_stmt->relation, rel, sizeof(rel));
			}
		}
		break;
	default:
		break;
	}
	if (!what)
		return;
	mg_rule_report(ctx, -1,
		       "run it in a migration of its own, outside a transaction (e.g. a "
		       "no-transaction migration in your tool)",
		       "%s%s%s%s cannot run inside a transaction block: the migration fails%s",
		       what, *rel ? " on \"" : "", rel, *rel ? "\"" : "",
		       ctx->explicit_transaction ? " at this statement" :
		       " when the tool wraps the file in a transaction");
}

const mg_rule mg_rule_ban_concurrent_index_creation_in_transaction = {
	.id = "ban-concurrent-index-creation-in-transaction",
	.severity = MG_SEV_ERROR,
	.summary = "CREATE INDEX CONCURRENTLY (and other CONCURRENTLY operations) fail inside a transaction",
	.doc =
	"CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX ...\n"
	"CONCURRENTLY and DETACH PARTITION ... CONCURRENTLY run in several\n"
	"transactions of their own, so PostgreSQL refuses them inside BEGIN ...\n"
	"COMMIT: \"cannot run inside a transaction block\". The migration fails\n"
	"at deploy time (and anything before it in the transaction is rolled\n"
	"back).\n"
	"\n"
	"Lock: none taken; the statement errors out. (CONCURRENTLY itself takes\n"
	"SHARE UPDATE EXCLUSIVE, which lets reads and writes go on.)\n"
	"\n"
	"Transactions are those opened with BEGIN in the file, or the whole file\n"
	"with check --assume-in-transaction (the tool wraps every migration in\n"
	"one); like squawk, a single-statement file is not flagged in the second\n"
	"case.\n"
	"\n"
	"Safe way: put the statement in a migration of its own that the tool\n"
	"runs without a transaction (e.g. -- +goose NO TRANSACTION, Rails'\n"
	"disable_ddl_transaction!, Django atomic = False).\n"
	"\n"
	"Severity: error (the migration fails).\n"
	"\n"
	"Bad:   BEGIN;\n"
	"       CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);\n"
	"       COMMIT;\n"
	"Good:  CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);\n",
	.check = check,
};
