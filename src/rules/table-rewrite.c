/* table-rewrite: statements that rewrite an existing table and that no
 * other rule names (SET LOGGED/UNLOGGED, SET ACCESS METHOD, SET TABLESPACE,
 * ADD COLUMN serial/identity). */
#include "config.h"
#include "rulelib.h"

#include <stdio.h>

#include <string.h>

static int is_serial(const PgQuery__ColumnDef *cd)
{
	static const char *const serials[] = {
		"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8",
	};
	const char *t;
	size_t i;

	if (!cd->type_name)
		return 0;
	t = mg_name_last(cd->type_name->names, cd->type_name->n_names);
	for (i = 0; i < sizeof(serials) / sizeof(serials[0]); i++)
		if (!strcmp(t, serials[i]))
			return 1;
	return 0;
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__AlterTableStmt *a = mg_alter_table(n);
	char rel[512];
	size_t i;

	if (!a || a->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || mg_table_is_new(ctx, a->relation))
		return;
	mg_relname(a->relation, rel, sizeof(rel));
	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
		const PgQuery__ColumnDef *cd = mg_added_column(c);
		const char *what = NULL, *help = NULL;
		char buf[300];

		if (!c)
			continue;
		switch (c->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
			what = "SET LOGGED (of an unlogged table) rewrites";
			help = "create the table LOGGED from the start, or copy the data into a new "
			       "logged table in batches and swap";
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
			what = "SET UNLOGGED rewrites";
			help = "avoid switching a live table to UNLOGGED; copy the data into a new "
			       "table in batches and swap";
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
			what = "SET ACCESS METHOD rewrites";
			help = "copy the data into a new table with the access method in batches and swap";
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
			what = "SET TABLESPACE copies";
			help = "move the table with pg_repack --tablespace, or copy it into a new table in "
			       "batches and swap";
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
			if (cd && (is_serial(cd) ||
				   mg_column_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY))) {
				snprintf(buf, sizeof(buf),
					 "ADD COLUMN \"%s\" %s rewrites",
					 cd->colname ? cd->colname : "?",
					 is_serial(cd) ? "serial" : "GENERATED AS IDENTITY");
				what = buf;
				help = "add a nullable bigint column, attach a sequence default, backfill in "
				       "batches, then add the identity/NOT NULL";
			}
			break;
		default:
			break;
		}
		if (!what)
			continue;
		mg_rule_report(ctx, cd ? cd->location : -1, help,
			       "%s \"%s\" and its indexes under an %s lock, which %s until it is done", what, rel,
			       mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE), mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
	}
}

const mg_rule mg_rule_table_rewrite = {
	.id = "table-rewrite",
	.severity = MG_SEV_ERROR,
	.summary = "A statement rewrites an existing table while blocking reads and writes",
	.doc =
	"Some ALTER TABLE forms copy every row of the table (and rebuild its\n"
	"indexes) while holding ACCESS EXCLUSIVE: on a large table, minutes of\n"
	"downtime. This rule covers the rewrites no other rule names:\n"
	"SET LOGGED (of an unlogged table) / SET UNLOGGED, SET ACCESS METHOD,\n"
	"SET TABLESPACE (a file copy), and ADD COLUMN of a serial or\n"
	"GENERATED AS IDENTITY column (each row gets a value). Type changes are\n"
	"changing-column-type; volatile defaults and stored generated columns\n"
	"are adding-field-with-default; VACUUM FULL / CLUSTER are prefer-repack.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes) for the\n"
	"whole rewrite.\n"
	"\n"
	"Safe way: build the new shape next to the old one: a new column or\n"
	"table, filled in batches, then switched over; for identity columns add\n"
	"a nullable bigint with a sequence default and backfill. Tables created\n"
	"earlier in the change set are exempt.\n"
	"\n"
	"Severity: error (blocks reads and writes for a rewrite).\n"
	"\n"
	"Bad:   ALTER TABLE events ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;\n"
	"Good:  CREATE SEQUENCE events_seq;\n"
	"       ALTER TABLE events ADD COLUMN seq bigint;\n"
	"       ALTER TABLE events ALTER COLUMN seq SET DEFAULT nextval('events_seq');\n"
	"       -- backfill seq in batches\n",
	.check = check,
};
