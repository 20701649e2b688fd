/* adding-foreign-key-constraint: a validated FOREIGN KEY on an existing table. */
#include "config.h"
#include "rulelib.h"

static const char help[] =
	"ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID; then, in a "
	"separate transaction, ALTER TABLE ... VALIDATE CONSTRAINT ...";

static void report(mg_rule_ctx *ctx, const PgQuery__RangeVar *rel,
		   const PgQuery__Constraint *k, int scan)
{
	char t[512], r[512];

	mg_rule_report(ctx, k->location, help,
		       "FOREIGN KEY on \"%s\" referencing \"%s\" takes a %s lock on both tables, "
		       "which %s%s",
		       mg_relname(rel, t, sizeof(t)), mg_relname(k->pktable, r, sizeof(r)),
		       mg_lock_name(MG_LOCK_SHARE_ROW_EXCLUSIVE),
		       mg_lock_blocks(MG_LOCK_SHARE_ROW_EXCLUSIVE),
		       scan ? ", while every row of the table is checked" : "");
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__AlterTableStmt *a = mg_alter_table(n);
	size_t i, j;

	if (!a || mg_table_is_new(ctx, a->relation))
		return;
	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
		const PgQuery__Constraint *k = mg_added_constraint(c);
		const PgQuery__ColumnDef *cd = mg_added_column(c);

		if (k && k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN && !k->skip_validation)
			report(ctx, a->relation, k, 1);
		for (j = 0; cd && j < cd->n_constraints; j++) {
			const PgQuery__Node *x = cd->constraints[j];
			if (x && x->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
			    x->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
				report(ctx, a->relation, x->constraint, mg_column_default(cd) != NULL);
		}
	}
}

const mg_rule mg_rule_adding_foreign_key_constraint = {
	.id = "adding-foreign-key-constraint",
	.severity = MG_SEV_ERROR,
	.summary = "A validated FOREIGN KEY blocks writes to both tables while it scans",
	.doc =
	"Adding a FOREIGN KEY to an existing table checks every existing row\n"
	"against the referenced table. For the whole scan PostgreSQL holds a\n"
	"SHARE ROW EXCLUSIVE lock on both tables. ADD COLUMN ... REFERENCES takes\n"
	"the same locks (and scans when the column has a default).\n"
	"\n"
	"Lock: SHARE ROW EXCLUSIVE on the table and on the referenced table\n"
	"(blocks writes to both).\n"
	"\n"
	"Safe way: add the constraint NOT VALID (a short lock, no scan: new rows\n"
	"are checked from then on), then VALIDATE CONSTRAINT in a separate\n"
	"transaction; validation takes only SHARE UPDATE EXCLUSIVE on the table\n"
	"and ROW SHARE on the referenced one, so reads and writes go on. Tables\n"
	"created earlier in the change set are exempt.\n"
	"\n"
	"Severity: error (blocks writes on two tables).\n"
	"\n"
	"Bad:   ALTER TABLE orders ADD CONSTRAINT orders_user_fk\n"
	"           FOREIGN KEY (user_id) REFERENCES users (id);\n"
	"Good:  ALTER TABLE orders ADD CONSTRAINT orders_user_fk\n"
	"           FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"
	"       -- next migration:\n"
	"       ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;\n",
	.check = check,
};
