/* renaming-table: ALTER TABLE ... RENAME TO. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__RenameStmt *r;
	char rel[512];

	if (n->node_case != PG_QUERY__NODE__NODE_RENAME_STMT)
		return;
	r = n->rename_stmt;
	if (r->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || mg_table_is_new(ctx, r->relation))
		return;
	mg_rule_report(ctx, -1,
		       "rename, then CREATE VIEW old_name AS SELECT * FROM new_name in the same "
		       "transaction; drop the view once no client uses the old name",
		       "renaming \"%s\" to \"%s\" breaks every query of the running release that uses "
		       "the old name; it takes an %s lock, which %s",
		       mg_relname(r->relation, rel, sizeof(rel)), r->newname ? r->newname : "?",
		       mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE), mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
}

const mg_rule mg_rule_renaming_table = {
	.id = "renaming-table",
	.severity = MG_SEV_ERROR,
	.summary = "RENAME TO breaks the running application's queries",
	.doc =
	"Renaming a table is instant, but the release that is still running (and\n"
	"every other client) keeps using the old name: its queries fail until\n"
	"the new release is everywhere.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes), briefly.\n"
	"\n"
	"Safe way: rename the table and, in the same transaction, create a view\n"
	"with the old name (a simple view is updatable); drop the view in a\n"
	"later release. Or rename only in the application's mapping. Tables\n"
	"created earlier in the change set are exempt.\n"
	"\n"
	"Severity: error (breaks production queries).\n"
	"\n"
	"Bad:   ALTER TABLE customer RENAME TO customers;\n"
	"Good:  BEGIN;\n"
	"       ALTER TABLE customer RENAME TO customers;\n"
	"       CREATE VIEW customer AS SELECT * FROM customers;\n"
	"       COMMIT;\n",
	.check = check,
};
