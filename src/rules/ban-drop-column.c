/* ban-drop-column: ALTER TABLE ... DROP COLUMN. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__AlterTableStmt *a = mg_alter_table(n);
	char rel[512];
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
		if (!c || c->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn)
			continue;
		mg_rule_report(ctx, -1,
			       "deploy code that no longer reads or writes the column first "
			       "(ignore it in the ORM), then drop it in a later migration",
			       "DROP COLUMN \"%s\" on \"%s\" deletes its data irreversibly and takes an %s lock, which %s; "
			       "code still using the column fails",
			       c->name ? c->name : "?", mg_relname(a->relation, rel, sizeof(rel)),
			       mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE),
			       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
	}
}

const mg_rule mg_rule_ban_drop_column = {
	.id = "ban-drop-column",
	.severity = MG_SEV_ERROR,
	.flags = MG_RULE_DESTRUCTIVE,
	.summary = "DROP COLUMN deletes data irreversibly and breaks code still using the column",
	.doc =
	"Dropping a column deletes its data for good, and application code (or an\n"
	"ORM that selects every column) still running the old release fails.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes); the drop\n"
	"itself is a catalogue change, but it waits behind every running query.\n"
	"\n"
	"Safe way: deploy code that ignores the column first, then drop it in a\n"
	"later migration, with a lock_timeout so it cannot queue behind long reads.\n"
	"\n"
	"Bad:   ALTER TABLE users DROP COLUMN legacy_flag;\n"
	"Good:  -- release N: stop using users.legacy_flag; release N+1:\n"
	"       SET lock_timeout = '2s'; ALTER TABLE users DROP COLUMN legacy_flag;\n",
	.check = check,
};
