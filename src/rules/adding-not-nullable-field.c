/* adding-not-nullable-field: ALTER COLUMN ... SET NOT NULL scans the table. */
#include "config.h"
#include "rulelib.h"

#include <string.h>

/* PostgreSQL 12+ skips the scan when a validated CHECK proves the column
 * non-null.  Like squawk, accept any VALIDATE CONSTRAINT on the table, or a
 * CHECK (col IS NOT NULL) added valid, earlier in the file. */
static int proven_earlier(const mg_rule_ctx *ctx, const PgQuery__RangeVar *rel)
{
	char want[512], got[512];
	size_t s, i;

	mg_relname(rel, want, sizeof(want));
	for (s = 0; s < ctx->index; s++) {
		const PgQuery__AlterTableStmt *a = mg_alter_table(ctx->sql->stmts[s].node);
		if (!a || strcmp(mg_relname(a->relation, got, sizeof(got)), want))
			continue;
		for (i = 0; i < a->n_cmds; i++) {
			const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
			const PgQuery__Constraint *k = mg_added_constraint(c);
			if (c && (c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint ||
				  c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse))
				return 1;
			if (k && k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK && !k->skip_validation &&
			    k->raw_expr && k->raw_expr->node_case == PG_QUERY__NODE__NODE_NULL_TEST)
				return 1;
		}
	}
	return 0;
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__AlterTableStmt *a = mg_alter_table(n);
	char rel[512];
	size_t i;

	if (!a || mg_table_is_new(ctx, a->relation))
		return;
	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
		if (!c || c->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull)
			continue;
		if (ctx->opts->pg_version >= 12 && proven_earlier(ctx, a->relation))
			continue;
		mg_rule_report(ctx, -1,
			       ctx->opts->pg_version >= 12 ?
			       "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c "
			       "(separate transaction); then SET NOT NULL skips the scan; DROP CONSTRAINT c" :
			       "keep the column nullable and enforce it with a CHECK (col IS NOT NULL) "
			       "constraint added NOT VALID and validated separately",
			       "SET NOT NULL on \"%s\".\"%s\" takes an %s lock, which %s, while every row is scanned",
			       mg_relname(a->relation, rel, sizeof(rel)), c->name ? c->name : "?",
			       mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE), mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
	}
}

const mg_rule mg_rule_adding_not_nullable_field = {
	.id = "adding-not-nullable-field",
	.severity = MG_SEV_ERROR,
	.summary = "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
	.doc =
	"ALTER COLUMN ... SET NOT NULL checks every row for NULLs, and holds an\n"
	"ACCESS EXCLUSIVE lock on the table while it does: no reads, no writes.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes), with a\n"
	"full scan.\n"
	"\n"
	"Safe way (PostgreSQL 12+): add CHECK (col IS NOT NULL) NOT VALID, then\n"
	"VALIDATE CONSTRAINT in a separate transaction (SHARE UPDATE EXCLUSIVE:\n"
	"reads and writes go on); SET NOT NULL then uses the valid constraint as\n"
	"proof and skips the scan; the CHECK can be dropped afterwards. The rule\n"
	"stays quiet when the file validated a constraint on the table before\n"
	"(as squawk does), and for tables created earlier in the change set.\n"
	"\n"
	"Severity: error (blocks reads and writes for a full scan).\n"
	"\n"
	"Bad:   ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n"
	"Good:  ALTER TABLE users ADD CONSTRAINT users_email_nn\n"
	"           CHECK (email IS NOT NULL) NOT VALID;\n"
	"       -- next migration:\n"
	"       ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\n"
	"       ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n"
	"       ALTER TABLE users DROP CONSTRAINT users_email_nn;\n",
	.check = check,
};
