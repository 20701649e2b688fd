/* ban-uncommitted-transaction: BEGIN without COMMIT in the file. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	size_t i;

	if (!mg_is_tx_begin(n) || ctx->explicit_transaction)
		return;
	for (i = ctx->index + 1; i < ctx->sql->nstmts; i++)
		if (mg_is_tx_end(ctx->sql->stmts[i].node))
			return;
	mg_rule_report(ctx, -1, "end the transaction with COMMIT; at the end of the file",
		       "this BEGIN is never committed in the file: its changes are rolled back "
		       "(or left open) when the migration's session ends");
}

const mg_rule mg_rule_ban_uncommitted_transaction = {
	.id = "ban-uncommitted-transaction",
	.severity = MG_SEV_ERROR,
	.summary = "A BEGIN with no COMMIT in the file loses the migration's changes",
	.doc =
	"A migration that opens a transaction and never commits it either loses\n"
	"its changes when the session ends, or leaves the transaction open and\n"
	"holding every lock it took, depending on the tool running it.\n"
	"\n"
	"Lock: every lock the transaction took stays held until the session\n"
	"ends.\n"
	"\n"
	"Safe way: end every BEGIN with COMMIT (or remove the BEGIN and let the\n"
	"tool manage the transaction).\n"
	"\n"
	"Severity: error (changes lost or locks left held).\n"
	"\n"
	"Bad:   BEGIN;\n"
	"       ALTER TABLE users ADD COLUMN nickname text;\n"
	"Good:  BEGIN;\n"
	"       ALTER TABLE users ADD COLUMN nickname text;\n"
	"       COMMIT;\n",
	.check = check,
};
