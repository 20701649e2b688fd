/* unbatched-data-change: UPDATE or DELETE of every row of an existing table. */
#include "config.h"
#include "rulelib.h"

static const char help[] =
	"change rows in batches, each its own transaction: UPDATE t SET ... WHERE id IN "
	"(SELECT id FROM t WHERE <not done> ORDER BY id LIMIT 10000); repeat until 0 rows";

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__RangeVar *rv;
	const char *what;
	char rel[512];

	if (n->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT && !n->update_stmt->where_clause) {
		rv = n->update_stmt->relation;
		what = "UPDATE";
	} else if (n->node_case == PG_QUERY__NODE__NODE_DELETE_STMT && !n->delete_stmt->where_clause) {
		rv = n->delete_stmt->relation;
		what = "DELETE";
	} else {
		return;
	}
	if (mg_table_is_new(ctx, rv))
		return;
	mg_rule_report(ctx, -1, help,
		       "%s without WHERE changes every row of \"%s\" in one transaction: each row stays "
		       "locked, which blocks writes to it, until the end, and the table bloats",
		       what, mg_relname(rv, rel, sizeof(rel)));
}

const mg_rule mg_rule_unbatched_data_change = {
	.id = "unbatched-data-change",
	.severity = MG_SEV_ERROR,
	.summary = "UPDATE or DELETE without WHERE changes the whole table in one transaction",
	.doc =
	"A backfill or purge that touches every row in one statement holds a\n"
	"row lock on each changed row until it commits (blocking every write to\n"
	"them), writes the whole table to the WAL at once (replicas fall\n"
	"behind) and leaves a dead copy of every row behind. DELETE without\n"
	"WHERE also empties the table.\n"
	"\n"
	"Lock: ROW EXCLUSIVE on the table and a row lock on every row (blocks\n"
	"writes to all rows until COMMIT).\n"
	"\n"
	"Safe way: change rows in batches of a few thousand, each batch its own\n"
	"transaction, until no row is left; run large backfills outside the\n"
	"schema migration. Tables created earlier in the change set are exempt.\n"
	"\n"
	"Severity: error (blocks writes to the whole table; DELETE loses data).\n"
	"\n"
	"Bad:   UPDATE users SET plan = 'free';\n"
	"Good:  -- repeat until it changes 0 rows:\n"
	"       UPDATE users SET plan = 'free'\n"
	"       WHERE id IN (SELECT id FROM users WHERE plan IS NULL LIMIT 10000);\n",
	.check = check,
};
