/* require-concurrent-index-creation: CREATE INDEX without CONCURRENTLY. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__IndexStmt *ix;
	char rel[512];

	if (n->node_case != PG_QUERY__NODE__NODE_INDEX_STMT)
		return;
	ix = n->index_stmt;
	if (ix->concurrent || mg_table_is_new(ctx, ix->relation))
		return;
	mg_rule_report(ctx, -1,
		       "CREATE INDEX CONCURRENTLY ... (outside a transaction)",
		       "CREATE INDEX without CONCURRENTLY takes a %s lock on \"%s\", which %s while the index builds",
		       mg_lock_name(MG_LOCK_SHARE), mg_relname(ix->relation, rel, sizeof(rel)),
		       mg_lock_blocks(MG_LOCK_SHARE));
}

const mg_rule mg_rule_require_concurrent_index_creation = {
	.id = "require-concurrent-index-creation",
	.severity = MG_SEV_ERROR,
	.summary = "CREATE INDEX without CONCURRENTLY blocks writes to the table",
	.doc =
	"A plain CREATE INDEX takes a SHARE lock on the table for the whole build:\n"
	"reads go on, but every INSERT, UPDATE and DELETE waits until the index is\n"
	"built, which on a large table takes minutes.\n"
	"\n"
	"Lock: SHARE on the table (blocks writes).\n"
	"\n"
	"Safe way: build the index with CONCURRENTLY. It takes a SHARE UPDATE\n"
	"EXCLUSIVE lock that lets reads and writes continue. CONCURRENTLY cannot\n"
	"run inside a transaction block, so the migration must run without one;\n"
	"if the build fails it leaves an INVALID index to drop and retry.\n"
	"Tables created earlier in the same file are exempt (they are empty).\n"
	"\n"
	"Bad:   CREATE INDEX orders_user_id_idx ON orders (user_id);\n"
	"Good:  CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);\n",
	.check = check,
};
