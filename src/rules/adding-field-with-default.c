/* adding-field-with-default: ADD COLUMN with a DEFAULT that rewrites the table. */
#include "config.h"
#include "rulelib.h"

static const char help_text[] =
	"add the column without a default (or with a constant one on PostgreSQL 11+), "
	"set the default with ALTER COLUMN ... SET DEFAULT, and backfill existing rows in batches";

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__AlterTableStmt *a = mg_alter_table(n);
	char rel[512];
	size_t i;

	if (!a || mg_table_is_new(ctx, a->relation))
		return;
	mg_relname(a->relation, rel, sizeof(rel));
	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__ColumnDef *cd = mg_added_column(mg_alter_cmd(a, i));
		const PgQuery__Node *def;
		const char *fname = NULL;
		const char *col;

		if (!cd)
			continue;
		col = cd->colname ? cd->colname : "?";
		if (mg_column_generated_stored(cd)) {
			mg_rule_report(ctx, cd->location, help_text,
				       "ADD COLUMN \"%s\" GENERATED ... STORED rewrites \"%s\" under an %s lock, which %s",
				       col, rel, mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE),
				       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
			continue;
		}
		def = mg_column_default(cd);
		if (!def)
			continue;
		if (ctx->opts->pg_version < 11) {
			mg_rule_report(ctx, cd->location, help_text,
				       "ADD COLUMN \"%s\" with a DEFAULT rewrites \"%s\" on PostgreSQL %d under an %s lock, which %s",
				       col, rel, ctx->opts->pg_version,
				       mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE),
				       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
			continue;
		}
		if (mg_expr_is_nonvolatile(def, &fname))
			continue;
		mg_rule_report(ctx, cd->location, help_text,
			       "ADD COLUMN \"%s\" with a volatile DEFAULT (%s) rewrites \"%s\" under an %s lock, which %s",
			       col, fname ? fname : "expression", rel,
			       mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE),
			       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
	}
}

const mg_rule mg_rule_adding_field_with_default = {
	.id = "adding-field-with-default",
	.severity = MG_SEV_ERROR,
	.summary = "ADD COLUMN with a volatile DEFAULT (any DEFAULT before PostgreSQL 11) rewrites the table",
	.doc =
	"Since PostgreSQL 11 a constant (non-volatile) DEFAULT on a new column is\n"
	"stored in the catalogue and the ALTER is instant. A volatile default such\n"
	"as gen_random_uuid(), random() or clock_timestamp(), a STORED generated\n"
	"column, or any default before PostgreSQL 11, makes PostgreSQL rewrite the\n"
	"whole table while holding the lock.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes) for the\n"
	"whole rewrite.\n"
	"\n"
	"Safe way: add the column without a default, then ALTER COLUMN ... SET\n"
	"DEFAULT (applies to new rows only) and backfill existing rows in batches.\n"
	"Functions migguard does not know to be non-volatile are treated as volatile.\n"
	"\n"
	"Bad:   ALTER TABLE orders ADD COLUMN uid uuid DEFAULT gen_random_uuid();\n"
	"Good:  ALTER TABLE orders ADD COLUMN uid uuid;\n"
	"       ALTER TABLE orders ALTER COLUMN uid SET DEFAULT gen_random_uuid();\n"
	"       -- backfill: UPDATE orders SET uid = gen_random_uuid() WHERE id BETWEEN ...\n",
	.check = check,
};
