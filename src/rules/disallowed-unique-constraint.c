/* disallowed-unique-constraint: ADD UNIQUE builds its index under
 * ACCESS EXCLUSIVE. */
#include "config.h"
#include "rulelib.h"

static const char help[] =
	"CREATE UNIQUE INDEX CONCURRENTLY t_col_key ON t (col); then "
	"ALTER TABLE t ADD CONSTRAINT t_col_key UNIQUE USING INDEX t_col_key";

static void report(mg_rule_ctx *ctx, const PgQuery__RangeVar *rv, const PgQuery__Constraint *k)
{
	char rel[512];

	mg_rule_report(ctx, k->location, help,
		       "UNIQUE constraint on \"%s\" builds its index under an %s lock, which %s for the "
		       "whole build",
		       mg_relname(rv, rel, sizeof(rel)), mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE),
		       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	mg_each_index_building_constraint(ctx, n, PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE, report);
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
