/* require-concurrent-refresh: REFRESH MATERIALIZED VIEW without
 * CONCURRENTLY. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__RefreshMatViewStmt *r;
	char rel[512];

	if (n->node_case != PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT)
		return;
	r = n->refresh_mat_view_stmt;
	if (r->concurrent || r->skip_data || mg_table_is_new(ctx, r->relation))
		return;
	mg_rule_report(ctx, -1,
		       "REFRESH MATERIALIZED VIEW CONCURRENTLY ... (needs a unique index on the view)",
		       "REFRESH MATERIALIZED VIEW \"%s\" without CONCURRENTLY takes an %s lock on it, which "
		       "%s of the view until the query behind it has run",
		       mg_relname(r->relation, rel, sizeof(rel)), mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE),
		       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
}

const mg_rule mg_rule_require_concurrent_refresh = {
	.id = "require-concurrent-refresh",
	.severity = MG_SEV_ERROR,
	.summary = "REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks reads of the view",
	.doc =
	"A plain REFRESH MATERIALIZED VIEW recomputes the view and swaps in the\n"
	"result while holding ACCESS EXCLUSIVE: every query reading the view\n"
	"waits for the whole refresh.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the materialized view (blocks reads and\n"
	"writes). With CONCURRENTLY: EXCLUSIVE, which lets reads go on.\n"
	"\n"
	"Safe way: REFRESH MATERIALIZED VIEW CONCURRENTLY, which needs a unique\n"
	"index on the view and a view that is already populated. WITH NO DATA\n"
	"(which cannot be concurrent) and views created earlier in the change\n"
	"set are not flagged.\n"
	"\n"
	"Severity: error (blocks reads).\n"
	"\n"
	"Bad:   REFRESH MATERIALIZED VIEW daily_sales;\n"
	"Good:  CREATE UNIQUE INDEX CONCURRENTLY daily_sales_day ON daily_sales (day);\n"
	"       REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;\n",
	.check = check,
};
