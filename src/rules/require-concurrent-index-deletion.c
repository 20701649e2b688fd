/* require-concurrent-index-deletion: DROP INDEX without CONCURRENTLY. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__DropStmt *d;
	char name[512];
	size_t i;

	if (n->node_case != PG_QUERY__NODE__NODE_DROP_STMT)
		return;
	d = n->drop_stmt;
	if (d->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_INDEX || d->concurrent)
		return;
	for (i = 0; i < d->n_objects; i++) {
		const PgQuery__Node *o = d->objects[i];
		if (!o || o->node_case != PG_QUERY__NODE__NODE_LIST)
			continue;
		mg_name_join(o->list->items, o->list->n_items, name, sizeof(name));
		mg_rule_report(ctx, -1,
			       "DROP INDEX CONCURRENTLY IF EXISTS ... (one index per statement, outside a "
			       "transaction)",
			       "DROP INDEX \"%s\" without CONCURRENTLY takes an %s lock on the index's table, "
			       "which %s, and waits behind every running query on it",
			       name, mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE),
			       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
	}
}

const mg_rule mg_rule_require_concurrent_index_deletion = {
	.id = "require-concurrent-index-deletion",
	.severity = MG_SEV_ERROR,
	.summary = "DROP INDEX without CONCURRENTLY blocks reads and writes on the table",
	.doc =
	"A plain DROP INDEX takes ACCESS EXCLUSIVE on the table the index\n"
	"belongs to. Dropping is quick, but the lock request queues behind every\n"
	"running query, and every later query queues behind it.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes).\n"
	"\n"
	"Safe way: DROP INDEX CONCURRENTLY, which takes SHARE UPDATE EXCLUSIVE\n"
	"and waits for running transactions instead of blocking new ones. It\n"
	"drops one index per statement and cannot run inside a transaction\n"
	"block; it cannot drop an index that backs a constraint (drop the\n"
	"constraint instead).\n"
	"\n"
	"Severity: error (blocks reads and writes).\n"
	"\n"
	"Bad:   DROP INDEX orders_user_id_idx;\n"
	"Good:  DROP INDEX CONCURRENTLY IF EXISTS orders_user_id_idx;\n",
	.check = check,
};
