/* ban-explicit-lock-table: LOCK TABLE in a mode that blocks writes. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__LockStmt *l;
	mg_lock mode;
	char rel[512];
	size_t i;

	if (n->node_case != PG_QUERY__NODE__NODE_LOCK_STMT)
		return;
	l = n->lock_stmt;
	mode = (mg_lock)l->mode;
	if (mode < MG_LOCK_ACCESS_SHARE || mode > MG_LOCK_ACCESS_EXCLUSIVE)
		mode = MG_LOCK_ACCESS_EXCLUSIVE;
	if (!mg_lock_conflicts(mode, MG_LOCK_ROW_EXCLUSIVE))
		return;
	for (i = 0; i < l->n_relations; i++) {
		const PgQuery__Node *r = l->relations[i];
		if (!r || r->node_case != PG_QUERY__NODE__NODE_RANGE_VAR ||
		    mg_table_is_new(ctx, r->range_var))
			continue;
		mg_rule_report(ctx, -1,
			       "remove the LOCK and let each statement take the lock it needs; set a "
			       "lock_timeout",
			       "LOCK TABLE \"%s\" takes %s %s lock, which %s until the transaction ends",
			       mg_relname(r->range_var, rel, sizeof(rel)), mg_lock_a(mode), mg_lock_name(mode),
			       mg_lock_blocks(mode));
		return;
	}
}

const mg_rule mg_rule_ban_explicit_lock_table = {
	.id = "ban-explicit-lock-table",
	.severity = MG_SEV_ERROR,
	.summary = "LOCK TABLE in a mode that blocks writes holds it until the transaction ends",
	.doc =
	"An explicit LOCK TABLE (ACCESS EXCLUSIVE when no mode is given) blocks\n"
	"other sessions from the moment it is granted until COMMIT, across every\n"
	"statement that follows: it widens the window the migration blocks\n"
	"production, and it queues like any other lock request.\n"
	"\n"
	"Lock: the requested mode; flagged when it is SHARE or stronger (blocks\n"
	"writes; ACCESS EXCLUSIVE also blocks reads). Tables created earlier in\n"
	"the change set are exempt.\n"
	"\n"
	"Safe way: drop the explicit lock and let each statement take the lock\n"
	"it needs, for as short as possible, with a lock_timeout. If the\n"
	"migration really needs a consistent snapshot of the table, keep the\n"
	"transaction tiny and suppress the finding with a reason.\n"
	"\n"
	"Severity: error (blocks writes or reads).\n"
	"\n"
	"Bad:   LOCK TABLE orders;\n"
	"Good:  SET lock_timeout = '2s';\n"
	"       ALTER TABLE orders ADD COLUMN note text;\n",
	.check = check,
};
