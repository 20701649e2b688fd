/* require-statement-timeout: blocking DDL with no statement_timeout set. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	char rel[512];
	mg_lock l;

	if (ctx->statement_timeout_set)
		return;
	l = mg_stmt_strongest_lock(ctx, n, rel, sizeof(rel));
	if (!mg_lock_conflicts(l, MG_LOCK_ROW_EXCLUSIVE) || !mg_rule_once(ctx))
		return;
	mg_rule_report(ctx, -1, "SET statement_timeout = '5min'; at the top of the file",
		       "no statement_timeout is set before this statement holds %s %s lock on %s, which "
		       "%s for as long as it runs, with no upper bound",
		       mg_lock_a(l), mg_lock_name(l), rel, mg_lock_blocks(l));
}

const mg_rule mg_rule_require_statement_timeout = {
	.id = "require-statement-timeout",
	.severity = MG_SEV_WARNING,
	.summary = "Blocking DDL without a statement_timeout can hold its lock for an unbounded time",
	.doc =
	"A statement holding a lock that blocks writes (or reads) keeps it for\n"
	"as long as it runs: a scan or rewrite that takes longer than expected\n"
	"on the production data set is an outage of unknown length.\n"
	"statement_timeout bounds it.\n"
	"\n"
	"Lock: the statement's own (named in the message); reported once per\n"
	"file, at the first statement that takes SHARE or stronger on a table\n"
	"that is not new, when no SET [LOCAL] statement_timeout (other than 0)\n"
	"came earlier in the file.\n"
	"\n"
	"Safe way: SET statement_timeout = '5min'; (a bound you can afford) at\n"
	"the top of the migration. If your tool sets it for every migration,\n"
	"turn this rule off (rule.require-statement-timeout.severity = off).\n"
	"\n"
	"Severity: warning (advisory, as in squawk).\n"
	"\n"
	"Bad:   ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0);\n"
	"Good:  SET statement_timeout = '5min';\n"
	"       ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0);\n",
	.check = check,
};
