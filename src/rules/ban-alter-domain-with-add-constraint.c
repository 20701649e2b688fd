/* ban-alter-domain-with-add-constraint: ALTER DOMAIN ... ADD CONSTRAINT. */
#include "config.h"
#include "rulelib.h"

#include <string.h>

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__AlterDomainStmt *d;
	const PgQuery__Constraint *k = NULL;
	char name[512];

	if (n->node_case != PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT)
		return;
	d = n->alter_domain_stmt;
	if (!d->subtype || strcmp(d->subtype, "C"))
		return;
	if (d->def && d->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
		k = d->def->constraint;
	mg_name_join(d->type_name, d->n_type_name, name, sizeof(name));
	if (k && k->skip_validation)
		mg_rule_report(ctx, -1,
			       "put the constraint on the columns (ADD CONSTRAINT ... CHECK ... NOT VALID "
			       "on each table), not on the domain",
			       "ADD CONSTRAINT on domain \"%s\": the constraint is hidden in the domain, "
			       "and validating it later takes a %s lock on every table using it, which %s",
			       name, mg_lock_name(MG_LOCK_SHARE), mg_lock_blocks(MG_LOCK_SHARE));
	else
		mg_rule_report(ctx, -1,
			       "put the constraint on the columns (ADD CONSTRAINT ... CHECK ... NOT VALID "
			       "on each table), not on the domain",
			       "ADD CONSTRAINT on domain \"%s\" takes a %s lock on every table with a column "
			       "of that domain, which %s, while all their rows are checked",
			       name, mg_lock_name(MG_LOCK_SHARE), mg_lock_blocks(MG_LOCK_SHARE));
}

const mg_rule mg_rule_ban_alter_domain_with_add_constraint = {
	.id = "ban-alter-domain-with-add-constraint",
	.severity = MG_SEV_ERROR,
	.summary = "ALTER DOMAIN ... ADD CONSTRAINT scans every table using the domain",
	.doc =
	"Adding a constraint to a domain checks every column of that domain in\n"
	"every table, holding a SHARE lock on each of those tables while it does.\n"
	"Which tables that is cannot be seen in the migration.\n"
	"\n"
	"Lock: SHARE on every table with a column of the domain (blocks writes).\n"
	"With NOT VALID there is no scan, but validating later takes the same\n"
	"locks.\n"
	"\n"
	"Safe way: put CHECK constraints on the table columns instead (added\n"
	"NOT VALID, validated in a separate transaction), where the locked table\n"
	"is explicit.\n"
	"\n"
	"Severity: error (blocks writes on tables the migration does not name).\n"
	"\n"
	"Bad:   ALTER DOMAIN positive_int ADD CONSTRAINT positive CHECK (VALUE > 0);\n"
	"Good:  ALTER TABLE orders ADD CONSTRAINT qty_positive\n"
	"           CHECK (qty > 0) NOT VALID;\n",
	.check = check,
};
