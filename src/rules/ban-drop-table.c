/* ban-drop-table: DROP TABLE destroys data and breaks running code. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__DropStmt *d;
	size_t i;

	if (n->node_case != PG_QUERY__NODE__NODE_DROP_STMT)
		return;
	d = n->drop_stmt;
	if (d->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
		return;
	for (i = 0; i < d->n_objects; i++) {
		const PgQuery__Node *o = d->objects[i];
		char name[512] = "?";
		if (o && o->node_case == PG_QUERY__NODE__NODE_LIST)
			mg_name_join(o->list->items, o->list->n_items, name, sizeof(name));
		mg_rule_report(ctx, -1,
			       "stop reading and writing the table in application code and deploy that first; "
			       "keep a backup (or rename the table) and drop it in a later migration",
			       "DROP TABLE \"%s\" deletes the table and its data irreversibly and takes an %s lock, which %s",
			       name, mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE),
			       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
	}
}

const mg_rule mg_rule_ban_drop_table = {
	.id = "ban-drop-table",
	.severity = MG_SEV_ERROR,
	.flags = MG_RULE_DESTRUCTIVE,
	.summary = "DROP TABLE deletes data irreversibly and breaks code still using the table",
	.doc =
	"Dropping a table deletes its rows with no way back from the migration, and\n"
	"any application instance still running the old code fails on its next query.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes), usually short.\n"
	"\n"
	"Safe way: first deploy code that no longer uses the table, take a backup\n"
	"(or rename the table so it can be restored), and drop it in a later\n"
	"migration once nothing refers to it.\n"
	"\n"
	"Bad:   DROP TABLE invoices;\n"
	"Good:  -- after the code no longer uses it, in its own reviewed migration:\n"
	"       ALTER TABLE invoices RENAME TO invoices_deprecated;\n",
	.check = check,
};
