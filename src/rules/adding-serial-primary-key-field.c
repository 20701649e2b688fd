/* adding-serial-primary-key-field: ADD PRIMARY KEY builds its index under
 * ACCESS EXCLUSIVE. */
#include "config.h"
#include "rulelib.h"

static const char help[] =
	"CREATE UNIQUE INDEX CONCURRENTLY t_pkey_idx ON t (id); then "
	"ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey_idx";

static void report(mg_rule_ctx *ctx, const PgQuery__RangeVar *rv, const PgQuery__Constraint *k)
{
	char rel[512];

	mg_rule_report(ctx, k->location, help,
		       "PRIMARY KEY on \"%s\" builds its index under an %s lock, which %s for the whole build",
		       mg_relname(rv, rel, sizeof(rel)), mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE),
		       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	mg_each_index_building_constraint(ctx, n, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY, report);
}

const mg_rule mg_rule_adding_serial_primary_key_field = {
	.id = "adding-serial-primary-key-field",
	.severity = MG_SEV_ERROR,
	.summary = "ADD PRIMARY KEY builds an index while blocking reads and writes",
	.doc =
	"ALTER TABLE ... ADD PRIMARY KEY (or ADD COLUMN ... PRIMARY KEY) builds a\n"
	"unique index on an existing table while holding ACCESS EXCLUSIVE: every\n"
	"query on the table waits for the whole build.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes).\n"
	"\n"
	"Safe way: build the unique index with CREATE UNIQUE INDEX CONCURRENTLY,\n"
	"then attach it with ADD CONSTRAINT ... PRIMARY KEY USING INDEX, which\n"
	"only takes the lock briefly (columns should already be NOT NULL, or\n"
	"PostgreSQL scans them). Tables created earlier in the change set are\n"
	"exempt.\n"
	"\n"
	"Severity: error (blocks reads and writes).\n"
	"\n"
	"Bad:   ALTER TABLE events ADD PRIMARY KEY (id);\n"
	"Good:  CREATE UNIQUE INDEX CONCURRENTLY events_pkey_idx ON events (id);\n"
	"       ALTER TABLE events ADD CONSTRAINT events_pkey\n"
	"           PRIMARY KEY USING INDEX events_pkey_idx;\n",
	.check = check,
};
