/* require-concurrent-reindex: REINDEX without CONCURRENTLY. */
#include "config.h"
#include "rulelib.h"

#include <stdio.h>

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__ReindexStmt *r;
	char name[512];
	const char *kind;

	if (n->node_case != PG_QUERY__NODE__NODE_REINDEX_STMT || ctx->opts->pg_version < 12)
		return;
	r = n->reindex_stmt;
	if (mg_defelem_on(r->params, r->n_params, "concurrently"))
		return;
	switch (r->kind) {
	case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX:
		kind = "index";
		break;
	case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE:
		kind = "table";
		if (mg_table_is_new(ctx, r->relation))
			return;
		break;
	case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SCHEMA:
		kind = "schema";
		break;
	case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_DATABASE:
		kind = "database";
		break;
	default:
		return; /* REINDEX SYSTEM cannot run concurrently */
	}
	if (r->relation)
		mg_relname(r->relation, name, sizeof(name));
	else
		snprintf(name, sizeof(name), "%s", r->name ? r->name : "?");
	mg_rule_report(ctx, -1, "REINDEX (CONCURRENTLY) ... or REINDEX ... CONCURRENTLY (outside a transaction)",
		       "REINDEX %s \"%s\" without CONCURRENTLY takes a %s lock on the table, which %s, and an "
		       "%s lock on each index rebuilt, which blocks reads that use it",
		       kind, name, mg_lock_name(MG_LOCK_SHARE), mg_lock_blocks(MG_LOCK_SHARE),
		       mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE));
}

const mg_rule mg_rule_require_concurrent_reindex = {
	.id = "require-concurrent-reindex",
	.severity = MG_SEV_ERROR,
	.summary = "REINDEX without CONCURRENTLY blocks writes, and reads that use the index",
	.doc =
	"A plain REINDEX takes SHARE on the table (no writes) and ACCESS\n"
	"EXCLUSIVE on each index it rebuilds; since the planner locks every\n"
	"index of a table, in practice most queries on the table wait.\n"
	"\n"
	"Lock: SHARE on the table (blocks writes) and ACCESS EXCLUSIVE on the\n"
	"indexes (blocks reads that use them).\n"
	"\n"
	"Safe way (PostgreSQL 12+): REINDEX ... CONCURRENTLY (or REINDEX\n"
	"(CONCURRENTLY) ...), outside a transaction block; it builds a new index\n"
	"next to the old one under SHARE UPDATE EXCLUSIVE and swaps them. REINDEX\n"
	"SYSTEM, which cannot run concurrently, is not flagged.\n"
	"\n"
	"Severity: error (blocks writes and most reads).\n"
	"\n"
	"Bad:   REINDEX INDEX orders_user_id_idx;\n"
	"Good:  REINDEX INDEX CONCURRENTLY orders_user_id_idx;\n",
	.check = check,
};
