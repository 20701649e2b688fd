/* constraint-missing-not-valid: CHECK / FOREIGN KEY added without NOT VALID,
 * or validated in the same transaction that added it NOT VALID. */
#include "config.h"
#include "rulelib.h"

#include <string.h>

/* Was constraint name added NOT VALID earlier in the current transaction? */
static int added_not_valid_in_tx(const mg_rule_ctx *ctx, const char *name)
{
	size_t s, i;

	for (s = ctx->tx_start; s < ctx->index; s++) {
		const PgQuery__AlterTableStmt *a = mg_alter_table(ctx->sql->stmts[s].node);
		for (i = 0; a && i < a->n_cmds; i++) {
			const PgQuery__Constraint *k = mg_added_constraint(mg_alter_cmd(a, i));
			if (k && k->skip_validation && k->conname && !strcmp(k->conname, name))
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
	mg_relname(a->relation, rel, sizeof(rel));
	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
		const PgQuery__Constraint *k = mg_added_constraint(c);

		if (k && !k->skip_validation &&
		    (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK ||
		     k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)) {
			/* validation runs under every lock the statement took */
			mg_lock l = mg_stmt_lock_on(ctx, n, rel);
			if (l == MG_LOCK_NONE) /* the model names every altered table */
				l = MG_LOCK_ACCESS_EXCLUSIVE;
			int named = k->conname && *k->conname;
			mg_rule_report(ctx, k->location,
				       "ADD CONSTRAINT ... NOT VALID; then VALIDATE CONSTRAINT ... in a separate "
				       "transaction (it takes only SHARE UPDATE EXCLUSIVE)",
				       "%s constraint %s%s%son \"%s\" is validated while holding %s %s lock, which %s, "
				       "for a scan of every row",
				       k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK ? "CHECK" : "FOREIGN KEY",
				       named ? "\"" : "", named ? k->conname : "",
				       named ? "\" " : "", rel, mg_lock_a(l), mg_lock_name(l), mg_lock_blocks(l));
		}
		if (c && ctx->in_transaction && c->name &&
		    (c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint ||
		     c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse) &&
		    added_not_valid_in_tx(ctx, c->name))
			mg_rule_report(ctx, -1,
				       "commit after ADD CONSTRAINT ... NOT VALID and validate in a separate "
				       "transaction (or migration)",
				       "VALIDATE CONSTRAINT \"%s\" on \"%s\" runs in the transaction that added it "
				       "NOT VALID: the %s lock of the ADD is still held, which %s, during the scan",
				       c->name, rel, mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE),
				       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
	}
}

const mg_rule mg_rule_constraint_missing_not_valid = {
	.id = "constraint-missing-not-valid",
	.severity = MG_SEV_ERROR,
	.summary = "CHECK / FOREIGN KEY constraints added without NOT VALID scan the table under lock",
	.doc =
	"ADD CONSTRAINT ... CHECK or FOREIGN KEY on an existing table checks every\n"
	"row before the statement ends, holding the ALTER TABLE lock the whole\n"
	"time. Validating in the same transaction that added the constraint NOT\n"
	"VALID gains nothing: the lock of the ADD is still held.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE for CHECK (blocks reads and writes); SHARE ROW\n"
	"EXCLUSIVE on both tables for FOREIGN KEY (blocks writes). Like squawk, a\n"
	"foreign key also gets adding-foreign-key-constraint. UNIQUE and PRIMARY\n"
	"KEY cannot be NOT VALID: see disallowed-unique-constraint and\n"
	"adding-serial-primary-key-field.\n"
	"\n"
	"Safe way: add the constraint NOT VALID (brief lock, no scan; new rows\n"
	"are checked), commit, then VALIDATE CONSTRAINT in a separate\n"
	"transaction: it takes SHARE UPDATE EXCLUSIVE, so reads and writes go\n"
	"on. Tables created earlier in the change set are exempt.\n"
	"\n"
	"Severity: error (blocks the table for a full scan).\n"
	"\n"
	"Bad:   ALTER TABLE orders ADD CONSTRAINT qty_positive CHECK (qty > 0);\n"
	"Good:  ALTER TABLE orders ADD CONSTRAINT qty_positive CHECK (qty > 0) NOT VALID;\n"
	"       -- next migration:\n"
	"       ALTER TABLE orders VALIDATE CONSTRAINT qty_positive;\n",
	.check = check,
};
