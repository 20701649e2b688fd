/* renaming-column: ALTER TABLE ... RENAME COLUMN. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__RenameStmt *r;
	char rel[512];

	if (n->node_case != PG_QUERY__NODE__NODE_RENAME_STMT)
		return;
	r = n->rename_stmt;
	if (r->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN ||
	    r->relation_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
	    mg_table_is_new(ctx, r->relation))
		return;
	mg_rule_report(ctx, -1,
		       "add the new column, write to both, backfill, move readers, then drop the old "
		       "one (or rename only in the application's mapping)",
		       "renaming \"%s\".\"%s\" to \"%s\" breaks every query of the running release that "
		       "uses the old name; it takes an %s lock, which %s",
		       mg_relname(r->relation, rel, sizeof(rel)), r->subname ? r->subname : "?",
		       r->newname ? r->newname : "?", mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE),
		       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
}

const mg_rule mg_rule_renaming_column = {
	.id = "renaming-column",
	.severity = MG_SEV_ERROR,
	.summary = "RENAME COLUMN breaks the running application's queries",
	.doc =
	"Renaming a column is instant, but the application release that is\n"
	"still running (and every other client) keeps using the old name: its\n"
	"queries fail from the moment the migration commits until the new\n"
	"release is everywhere.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes), briefly.\n"
	"\n"
	"Safe way: expand and contract: add the new column, write to both,\n"
	"backfill, move readers to the new column, then drop the old one in a\n"
	"later release; or keep the database name and rename only in the\n"
	"application's mapping. Tables created earlier in the change set are\n"
	"exempt.\n"
	"\n"
	"Severity: error (breaks production queries).\n"
	"\n"
	"Bad:   ALTER TABLE users RENAME COLUMN name TO full_name;\n"
	"Good:  ALTER TABLE users ADD COLUMN full_name text;\n"
	"       -- dual-write and backfill, switch readers, drop name later\n",
	.check = check,
};
