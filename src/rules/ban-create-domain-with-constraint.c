/* ban-create-domain-with-constraint: CREATE DOMAIN ... CHECK (...). */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__CreateDomainStmt *d;
	char name[512];
	size_t i;

	if (n->node_case != PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT)
		return;
	d = n->create_domain_stmt;
	for (i = 0; i < d->n_constraints; i++) {
		const PgQuery__Node *k = d->constraints[i];
		if (!k || k->node_case != PG_QUERY__NODE__NODE_CONSTRAINT ||
		    k->constraint->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
			continue;
		mg_rule_report(ctx, k->constraint->location,
			       "create the domain without the CHECK and put CHECK constraints on the "
			       "table columns",
			       "CREATE DOMAIN \"%s\" with a CHECK constraint: changing it later takes a %s "
			       "lock on every table using the domain, which %s, and scans them all",
			       mg_name_join(d->domainname, d->n_domainname, name, sizeof(name)),
			       mg_lock_name(MG_LOCK_SHARE), mg_lock_blocks(MG_LOCK_SHARE));
		return;
	}
}

const mg_rule mg_rule_ban_create_domain_with_constraint = {
	.id = "ban-create-domain-with-constraint",
	.severity = MG_SEV_WARNING,
	.summary = "A domain with a CHECK constraint is hard to change without locking every table using it",
	.doc =
	"Creating a domain does not lock anything, but its constraints become\n"
	"hard to change: ALTER DOMAIN ... ADD CONSTRAINT (or VALIDATE) checks\n"
	"every column of the domain in every table, under a SHARE lock on each,\n"
	"and which tables those are cannot be seen in a migration.\n"
	"\n"
	"Lock: none now; SHARE on every table using the domain (blocks writes)\n"
	"whenever a constraint is added or validated later.\n"
	"\n"
	"Safe way: keep domains without CHECK constraints and put CHECK\n"
	"constraints on the table columns, where they can be added NOT VALID\n"
	"and validated table by table.\n"
	"\n"
	"Severity: warning (advisory: nothing is blocked by this statement).\n"
	"\n"
	"Bad:   CREATE DOMAIN positive_int AS bigint CHECK (VALUE > 0);\n"
	"Good:  CREATE DOMAIN positive_int AS bigint;\n"
	"       ALTER TABLE orders ADD CONSTRAINT qty_positive CHECK (qty > 0) NOT VALID;\n",
	.check = check,
};
