/* require-table-schema (opt-in): unqualified table names in CREATE TABLE,
 * CREATE TABLE AS, ALTER TABLE and DROP TABLE. */
#include "config.h"
#include "rulelib.h"

static const char help[] =
	"qualify the table with its schema (e.g. public.orders), so the statement "
	"does not depend on search_path";

static void report(mg_rule_ctx *ctx, const char *what, const char *name, int location)
{
	mg_rule_report(ctx, location, help,
		       "%s \"%s\" has no schema: which table it means depends on the "
		       "search_path of the session running the migration",
		       what, name);
}

static void range_var(mg_rule_ctx *ctx, const char *what, const PgQuery__RangeVar *rv)
{
	if (!rv || (rv->schemaname && *rv->schemaname))
		return;
	/* temporary tables live in pg_temp: a schema would be wrong */
	if (rv->relpersistence && rv->relpersistence[0] == 't')
		return;
	report(ctx, what, rv->relname ? rv->relname : "?", rv->location);
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	size_t i;

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		range_var(ctx, "CREATE TABLE", n->create_stmt->relation);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		if (n->create_table_as_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
		    n->create_table_as_stmt->into)
			range_var(ctx, "CREATE TABLE AS", n->create_table_as_stmt->into->rel);
		break;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		if (n->alter_table_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
			range_var(ctx, "ALTER TABLE", n->alter_table_stmt->relation);
		break;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		if (n->drop_stmt->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
			break;
		for (i = 0; i < n->drop_stmt->n_objects; i++) {
			const PgQuery__Node *o = n->drop_stmt->objects[i];
			if (o && o->node_case == PG_QUERY__NODE__NODE_LIST && o->list->n_items == 1)
				report(ctx, "DROP TABLE",
				       mg_name_last(o->list->items, o->list->n_items), -1);
		}
		break;
	default:
		break;
	}
}

const mg_rule mg_rule_require_table_schema = {
	.id = "require-table-schema",
	.severity = MG_SEV_OFF,
	.summary = "unqualified table names in CREATE/ALTER/DROP TABLE (opt-in)",
	.doc =
	"An unqualified table name is resolved through the session's search_path.\n"
	"A migration runner, a psql session and a restore script can each have a\n"
	"different search_path, so the same file can create or alter a table in a\n"
	"different schema than intended, or ALTER/DROP the wrong one when two\n"
	"schemas hold a table of that name. Temporary tables are exempt.\n"
	"\n"
	"Checked: CREATE TABLE, CREATE TABLE AS, ALTER TABLE and DROP TABLE.\n"
	"Severity: off by default (opt-in, as in squawk): many projects keep\n"
	"everything in one schema on purpose. Turn it on with\n"
	"rule.require-table-schema.severity = warning (or error).\n"
	"\n"
	"Lock: none of its own.\n"
	"\n"
	"Safe way: qualify every table with its schema.\n"
	"\n"
	"Bad:   ALTER TABLE orders ADD COLUMN note text;\n"
	"Good:  ALTER TABLE public.orders ADD COLUMN note text;\n",
	.check = check,
};
