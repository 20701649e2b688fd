/* ban-truncate-cascade: TRUNCATE ... CASCADE. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__TruncateStmt *t;
	char rel[512] = "?";

	if (n->node_case != PG_QUERY__NODE__NODE_TRUNCATE_STMT)
		return;
	t = n->truncate_stmt;
	if (t->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
		return;
	if (t->n_relations && t->relations[0] &&
	    t->relations[0]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
		mg_relname(t->relations[0]->range_var, rel, sizeof(rel));
	mg_rule_report(ctx, -1, "name every table to empty explicitly: TRUNCATE a, b, c;",
		       "TRUNCATE \"%s\" CASCADE also empties every table with a foreign key to it, "
		       "recursively, and takes an %s lock on each, which %s",
		       rel, mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE), mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
}

const mg_rule mg_rule_ban_truncate_cascade = {
	.id = "ban-truncate-cascade",
	.severity = MG_SEV_ERROR,
	.summary = "TRUNCATE ... CASCADE empties every table that references the table",
	.doc =
	"TRUNCATE ... CASCADE empties not only the named tables but every table\n"
	"with a foreign key to them, and the tables referencing those, and so\n"
	"on: one line can wipe much of a database (Linear's 2024-01-24 outage).\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on every table emptied (blocks reads and\n"
	"writes).\n"
	"\n"
	"Safe way: list the tables to empty explicitly; TRUNCATE without\n"
	"CASCADE fails if another table still references them, which is the\n"
	"point.\n"
	"\n"
	"Severity: error (loses data).\n"
	"\n"
	"Bad:   TRUNCATE users CASCADE;\n"
	"Good:  TRUNCATE sessions, users;\n",
	.check = check,
};
