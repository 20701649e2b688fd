/* require-concurrent-partition-detach: DETACH PARTITION without
 * CONCURRENTLY (PostgreSQL 14+ has the concurrent form). */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__AlterTableStmt *a = mg_alter_table(n);
	char rel[512], part[512];
	size_t i;

	if (!a || ctx->opts->pg_version < 14 || mg_table_is_new(ctx, a->relation))
		return;
	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
		const PgQuery__PartitionCmd *p;
		if (!c || c->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition || !c->def ||
		    c->def->node_case != PG_QUERY__NODE__NODE_PARTITION_CMD)
			continue;
		p = c->def->partition_cmd;
		if (p->concurrent)
			continue;
		mg_rule_report(ctx, -1,
			       "ALTER TABLE parent DETACH PARTITION part CONCURRENTLY (outside a transaction)",
			       "DETACH PARTITION \"%s\" from \"%s\" takes an %s lock on both, which %s",
			       mg_relname(p->name, part, sizeof(part)), mg_relname(a->relation, rel, sizeof(rel)),
			       mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE), mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
	}
}

const mg_rule mg_rule_require_concurrent_partition_detach = {
	.id = "require-concurrent-partition-detach",
	.severity = MG_SEV_ERROR,
	.summary = "DETACH PARTITION without CONCURRENTLY blocks the whole partitioned table (PG 14+)",
	.doc =
	"ALTER TABLE ... DETACH PARTITION takes ACCESS EXCLUSIVE on the\n"
	"partitioned table and on the partition: every query on any partition\n"
	"waits.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the parent and the partition (blocks reads\n"
	"and writes). With CONCURRENTLY: SHARE UPDATE EXCLUSIVE on both.\n"
	"\n"
	"Safe way (PostgreSQL 14+): DETACH PARTITION ... CONCURRENTLY, outside a\n"
	"transaction block (not possible when the table has a default\n"
	"partition; an interrupted run is completed with ... FINALIZE). The rule\n"
	"is quiet when --pg-version is below 14, where no concurrent form\n"
	"exists.\n"
	"\n"
	"Severity: error (blocks reads and writes).\n"
	"\n"
	"Bad:   ALTER TABLE measurements DETACH PARTITION measurements_2019;\n"
	"Good:  ALTER TABLE measurements DETACH PARTITION measurements_2019 CONCURRENTLY;\n",
	.check = check,
};
