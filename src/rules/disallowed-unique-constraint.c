/* disallowed-unique-constraint: ADD UNIQUE builds its index under
 * ACCESS EXCLUSIVE. */
#include "config.h"
#include "rulelib.h"

static const char help[] =
	"CREATE UNIQUE INDEX CONCURRENTLY t_col_key ON t (col); then "
	"ALTER TABLE t ADD CONSTRAINT t_col_key UNIQUE USING INDEX t_col_key";

static void report(mg_rule_ctx *ctx, const PgQuery__RangeVar *rv, int location)
{
	char rel[512];

	mg_rule_report(ctx, location, help,
		       "UNIQUE constraint on \"%s\" builds its index under an %s lock, which %s for the "
		       "whole build",
		       mg_relname(rv, rel, sizeof(rel)), mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE),
		       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__AlterTableStmt *a = mg_alter_table(n);
	size_t i;

	if (!a || mg_table_is_new(ctx, a->relation))
		return;
	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
		const PgQuery__Constraint *k = mg_added_constraint(c);
		const PgQuery__ColumnDef *cd = mg_added_column(c);

		if (k && k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE &&
		    !(k->indexname && *k->indexname))
			report(ctx, a->relation, k->location);
		if (cd && (k = mg_column_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE)))
			report(ctx, a->relation, k->location);
	}
}

const mg_rule mg_rule_disallowed_unique_constraint = {
	.id = "disallowed-unique-constraint",
	.severity = MG_SEV_ERROR,
	.summary = "ADD UNIQUE builds an index while blocking reads and writes",
	.doc =
	"ALTER TABLE ... ADD CONSTRAINT ... UNIQUE (or ADD COLUMN ... UNIQUE)\n"
	"builds a unique index on an existing table while holding ACCESS\n"
	"EXCLUSIVE: every query on the table waits for the whole build.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes).\n"
	"\n"
	"Safe way: CREATE UNIQUE INDEX CONCURRENTLY (reads and writes go on),\n"
	"then ADD CONSTRAINT ... UNIQUE USING INDEX, which takes the lock only\n"
	"briefly. Tables created earlier in the change set are exempt.\n"
	"\n"
	"Severity: error (blocks reads and writes).\n"
	"\n"
	"Bad:   ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\n"
	"Good:  CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n"
	"       ALTER TABLE users ADD CONSTRAINT users_email_key\n"
	"           UNIQUE USING INDEX users_email_key;\n",
	.check = check,
};
