/* adding-required-field: ADD COLUMN ... NOT NULL without a DEFAULT. */
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
		const PgQuery__ColumnDef *cd = mg_added_column(mg_alter_cmd(a, i));
		if (!cd || !mg_column_not_null(cd) || mg_column_default(cd) ||
		    mg_column_generated_stored(cd) ||
		    mg_column_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY))
			continue;
		mg_rule_report(ctx, cd->location,
			       "add the column as nullable (or with a non-volatile DEFAULT), backfill it in batches, "
			       "then add a NOT VALID CHECK (col IS NOT NULL), VALIDATE it, and SET NOT NULL",
			       "ADD COLUMN \"%s\" NOT NULL without a DEFAULT fails on \"%s\" as soon as the table has rows "
			       "(it takes an %s lock, which %s)",
			       cd->colname ? cd->colname : "?", mg_relname(a->relation, rel, sizeof(rel)),
			       mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE),
			       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
	}
}

const mg_rule mg_rule_adding_required_field = {
	.id = "adding-required-field",
	.severity = MG_SEV_ERROR,
	.summary = "ADD COLUMN NOT NULL without DEFAULT fails on a table that has rows",
	.doc =
	"A new NOT NULL column without a DEFAULT has no value for the existing rows,\n"
	"so PostgreSQL rejects the ALTER on any populated table: the migration works\n"
	"on an empty development database and fails in production.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes).\n"
	"\n"
	"Safe way: add the column nullable (or with a constant DEFAULT, which is a\n"
	"catalogue-only change since PostgreSQL 11), backfill in batches, then add\n"
	"CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, and SET NOT NULL.\n"
	"\n"
	"Bad:   ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;\n"
	"Good:  ALTER TABLE users ADD COLUMN tenant_id bigint;\n"
	"       -- backfill, then add a NOT VALID check and validate it\n",
	.check = check,
};
