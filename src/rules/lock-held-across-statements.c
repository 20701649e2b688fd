/* lock-held-across-statements: inside a transaction, more statements run
 * after one took ACCESS EXCLUSIVE on an existing table. */
#include "config.h"
#include "rulelib.h"

#include <string.h>

#define MAXLOCKS 16

/* Did statement s take ACCESS EXCLUSIVE on the relation named name? */
static int takes_ae_on(const mg_rule_ctx *ctx, size_t s, const char *name)
{
	mg_rel_lock locks[MAXLOCKS];
	size_t i, n = mg_stmt_locks(ctx, ctx->sql->stmts[s].node, locks, MAXLOCKS);

	for (i = 0; i < n; i++)
		if (locks[i].lock == MG_LOCK_ACCESS_EXCLUSIVE && !strcmp(locks[i].name, name))
			return 1;
	return 0;
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	mg_rel_lock locks[MAXLOCKS];
	char desc[300];
	size_t i, j, s, cnt, end, more = 0, first = 0;

	if (!ctx->in_transaction)
		return;
	cnt = mg_stmt_locks(ctx, n, locks, MAXLOCKS);
	if (!cnt)
		return;
	end = mg_tx_end_index(ctx);
	for (s = ctx->index + 1; s < end; s++)
		if (!mg_is_housekeeping(ctx->sql->stmts[s].node)) {
			if (!more++)
				first = s;
		}
	if (!more)
		return;
	for (i = 0; i < cnt; i++) {
		const mg_rel_lock *l = &locks[i];
		if (l->lock != MG_LOCK_ACCESS_EXCLUSIVE ||
		    (l->rel ? mg_table_is_new(ctx, l->rel) : mg_table_name_is_new(ctx, l->name)))
			continue;
		for (j = 0; j < i; j++)
			if (locks[j].lock == MG_LOCK_ACCESS_EXCLUSIVE && !strcmp(locks[j].name, l->name))
				break;
		if (j < i)
			continue;
		for (s = ctx->tx_start; s < ctx->index; s++)
			if (takes_ae_on(ctx, s, l->name))
				break;
		if (s < ctx->index)
			continue;
		mg_rule_report(ctx, -1,
			       "commit right after this statement (or move it last); run the other "
			       "statements in their own transactions",
			       "the %s lock taken here on %s is held until the transaction ends, which "
			       "%s while %zu more statement%s (from line %d)",
			       mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE), mg_rel_lock_desc(l, desc, sizeof(desc)),
			       mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE), more, more == 1 ? " runs" : "s run",
			       ctx->sql->stmts[first].line);
	}
}

const mg_rule mg_rule_lock_held_across_statements = {
	.id = "lock-held-across-statements",
	.severity = MG_SEV_WARNING,
	.summary = "An ACCESS EXCLUSIVE lock is held while later statements of the transaction run",
	.doc =
	"Locks are released only at COMMIT. Once a statement in a transaction\n"
	"took ACCESS EXCLUSIVE on a table (most ALTER TABLE forms, DROP,\n"
	"TRUNCATE, ...), the table stays unreadable and unwritable while every\n"
	"later statement of the transaction runs: a quick ALTER followed by an\n"
	"index build or a backfill blocks the table for the sum of them all.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes) until\n"
	"COMMIT. Transactions are BEGIN ... COMMIT in the file, or the whole file\n"
	"with check --assume-in-transaction. SET, RESET, SHOW and transaction\n"
	"control do not count; tables created earlier in the change set are\n"
	"exempt. Reported once per table and transaction, at the first\n"
	"statement that takes the lock.\n"
	"\n"
	"Safe way: put the statement that takes ACCESS EXCLUSIVE last in its\n"
	"transaction, or in a transaction (migration) of its own, with a\n"
	"lock_timeout.\n"
	"\n"
	"Severity: warning (it multiplies the cost of the statements around it;\n"
	"those get their own findings).\n"
	"\n"
	"Bad:   BEGIN;\n"
	"       ALTER TABLE users ADD COLUMN plan text;\n"
	"       UPDATE accounts SET plan = 'free' WHERE plan IS NULL;\n"
	"       COMMIT;\n"
	"Good:  BEGIN;\n"
	"       UPDATE accounts SET plan = 'free' WHERE plan IS NULL;\n"
	"       ALTER TABLE users ADD COLUMN plan text;\n"
	"       COMMIT;\n",
	.check = check,
};
