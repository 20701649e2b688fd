/* changing-column-type: ALTER COLUMN ... TYPE. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__AlterTableStmt *a = mg_alter_table(n);
	char rel[512];
	size_t i;

	if (!a || mg_table_is_new(ctx, a->relation))
		return;
	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
		const PgQuery__ColumnDef *cd;
		if (!c || c->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType)
			continue;
		cd = c->def && c->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF ?
			c->def->column_def : NULL;
		mg_rule_report(ctx, cd ? cd->location : -1,
			       "add a new column of the new type, write to both, backfill in batches, "
			       "switch reads, then drop the old column",
			       "changing the type of \"%s\".\"%s\" takes an %s lock, which %s, and rewrites "
			       "the table and its indexes%s",
			       mg_relname(a->relation, rel, sizeof(rel)), c->name ? c->name : "?",
			       mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE), mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE),
			       cd && cd->raw_default ? " (USING always rewrites)" :
			       " unless the change is binary-coercible (e.g. varchar(n) to text)");
	}
}

const mg_rule mg_rule_changing_column_type = {
	.id = "changing-column-type",
	.severity = MG_SEV_ERROR,
	.summary = "ALTER COLUMN ... TYPE usually rewrites the table under an ACCESS EXCLUSIVE lock",
	.doc =
	"Changing a column's type rewrites the whole table and rebuilds its\n"
	"indexes, unless the old type is binary-coercible to the new one (e.g.\n"
	"varchar(n) to varchar(m > n) or text, numeric(p,s) to a larger p). The\n"
	"old type is not in the migration, so migguard cannot tell; USING always\n"
	"rewrites. Application code that reads the old type may also break.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes) for the\n"
	"whole rewrite.\n"
	"\n"
	"Safe way: add a new column of the new type, write to both columns from\n"
	"the application (or a trigger), backfill in batches, switch reads, then\n"
	"drop the old column. Tables created earlier in the change set are\n"
	"exempt.\n"
	"\n"
	"Severity: error (blocks reads and writes for a rewrite).\n"
	"\n"
	"Bad:   ALTER TABLE orders ALTER COLUMN id TYPE bigint;\n"
	"Good:  ALTER TABLE orders ADD COLUMN id_new bigint;\n"
	"       -- backfill in batches, switch, then drop the old column\n",
	.check = check,
};
