/* require-lock-timeout: a blocking lock requested with no lock_timeout set. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	char rel[512];
	mg_lock l;

	if (ctx->lock_timeout_set)
		return;
	l = mg_stmt_strongest_lock(ctx, n, rel, sizeof(rel));
	if (!mg_lock_conflicts(l, MG_LOCK_ROW_EXCLUSIVE) || !mg_rule_once(ctx))
		return;
	mg_rule_report(ctx, -1, "SET lock_timeout = '2s'; at the top of the file (retry the migration when it times out)",
		       "no lock_timeout is set before this statement requests %s %s lock on %s: while it "
		       "waits behind running queries, every new query on the table queues behind it "
		       "(the lock %s)",
		       mg_lock_a(l), mg_lock_name(l), rel, mg_lock_blocks(l));
}

const mg_rule mg_rule_require_lock_timeout = {
	.id = "require-lock-timeout",
	.severity = MG_SEV_WARNING,
	.summary = "Blocking DDL without a lock_timeout can queue every query on the table behind it",
	.doc =
	"A DDL statement that needs a lock conflicting with writes (SHARE or\n"
	"stronger) waits for every transaction already using the table. While it\n"
	"waits, every new query that conflicts with the requested lock queues\n"
	"behind it: one long-running report turns a millisecond ALTER TABLE into\n"
	"an outage. lock_timeout makes the statement give up instead.\n"
	"\n"
	"Lock: the statement's own (named in the message); reported once per\n"
	"file, at the first statement that requests SHARE or stronger on a table\n"
	"that is not new, when no SET [LOCAL] lock_timeout (other than 0) came\n"
	"earlier in the file. squawk reports any DDL; migguard only what can\n"
	"block reads or writes.\n"
	"\n"
	"Safe way: SET lock_timeout = '2s'; (or SET LOCAL inside the\n"
	"transaction) at the top of the migration, and retry the deploy when it\n"
	"times out. If your tool sets it for every migration, turn this rule off\n"
	"(rule.require-lock-timeout.severity = off).\n"
	"\n"
	"Severity: warning (advisory, as in squawk; the tool may set it).\n"
	"\n"
	"Bad:   ALTER TABLE users ADD COLUMN nickname text;\n"
	"Good:  SET lock_timeout = '2s';\n"
	"       ALTER TABLE users ADD COLUMN nickname text;\n",
	.check = check,
};
