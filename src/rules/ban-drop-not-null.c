/* ban-drop-not-null: ALTER COLUMN ... DROP NOT NULL. */
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
		const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
		if (!c || c->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull)
			continue;
		mg_rule_report(ctx, -1,
			       "make sure every reader handles NULL in this column before deploying, "
			       "or keep NOT NULL and use a sentinel value",
			       "DROP NOT NULL on \"%s\".\"%s\": code that assumes the column is never NULL "
			       "breaks once NULLs are written; it takes an %s lock, which %s",
			       mg_relname(a->relation, rel, sizeof(rel)), c->name ? c->name : "?",
			       mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE), mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
	}
}

const mg_rule mg_rule_ban_drop_not_null = {
	.id = "ban-drop-not-null",
	.severity = MG_SEV_WARNING,
	.flags = MG_RULE_DESTRUCTIVE,
	.summary = "DROP NOT NULL breaks readers that assume the column is never NULL",
	.doc =
	"Dropping NOT NULL is instant, but it removes a guarantee: application\n"
	"code, reports and other services that read the column may not expect\n"
	"NULL and fail once one is written.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes), briefly.\n"
	"\n"
	"Safe way: first make sure every reader copes with NULL, then drop the\n"
	"constraint; or keep NOT NULL and write a sentinel value. Down/rollback\n"
	"files (which typically undo a SET NOT NULL) and tables created earlier\n"
	"in the change set are exempt.\n"
	"\n"
	"Severity: warning (compatibility, not a lock or data-loss problem).\n"
	"\n"
	"Bad:   ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n"
	"Good:  -- release N: readers handle users.email IS NULL; release N+1:\n"
	"       ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n",
	.check = check,
};
