/* ban-drop-database: DROP DATABASE. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	if (n->node_case != PG_QUERY__NODE__NODE_DROPDB_STMT)
		return;
	mg_rule_report(ctx, -1, "drop databases by hand, after a backup, never from a migration",
		       "DROP DATABASE \"%s\" deletes every table and row in it irreversibly",
		       n->dropdb_stmt->dbname ? n->dropdb_stmt->dbname : "?");
}

const mg_rule mg_rule_ban_drop_database = {
	.id = "ban-drop-database",
	.severity = MG_SEV_ERROR,
	.flags = MG_RULE_DESTRUCTIVE,
	.summary = "DROP DATABASE deletes all its data irreversibly",
	.doc =
	"A migration that drops a database deletes every table in it, for good,\n"
	"in every environment the migration runs in.\n"
	"\n"
	"Lock: an exclusive lock on the database; it fails while anyone is\n"
	"connected (or, WITH (FORCE), terminates them).\n"
	"\n"
	"Safe way: drop databases by hand, after a backup, never from a\n"
	"migration. Down/rollback files (*.down.sql, down.sql, revert/) are\n"
	"exempt: they undo what the up migration created.\n"
	"\n"
	"Severity: error (loses data).\n"
	"\n"
	"Bad:   DROP DATABASE analytics;\n"
	"Good:  -- none: do it by hand after taking a backup\n",
	.check = check,
};
