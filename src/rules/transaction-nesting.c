/* transaction-nesting: BEGIN inside a transaction, COMMIT outside one. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	int begin = mg_is_tx_begin(n), end = mg_is_tx_end(n);

	if (!begin && !end)
		return;
	if (ctx->assume_in_transaction) {
		mg_rule_report(ctx, -1,
			       "remove the transaction statements: the tool already runs the file in a "
			       "transaction (or run this file without one)",
			       "%s in a file that the migration tool runs inside a transaction "
			       "(--assume-in-transaction): %s",
			       begin ? "BEGIN" : "COMMIT/ROLLBACK",
			       begin ? "PostgreSQL only warns, and the tool's transaction is no longer in control" :
			       "it ends the tool's transaction early; later statements run outside it");
		return;
	}
	if (begin && ctx->explicit_transaction)
		mg_rule_report(ctx, -1, "remove the inner BEGIN (use SAVEPOINT for a nested scope)",
			       "BEGIN inside an open transaction is ignored by PostgreSQL (with a warning): "
			       "the first COMMIT ends both");
	else if (end && !ctx->explicit_transaction)
		mg_rule_report(ctx, -1, "remove it, or add the matching BEGIN",
			       "COMMIT/ROLLBACK without an open transaction in this file: it does nothing, "
			       "or ends a transaction the file does not own");
}

const mg_rule mg_rule_transaction_nesting = {
	.id = "transaction-nesting",
	.severity = MG_SEV_ERROR,
	.summary = "BEGIN inside a transaction, or COMMIT/ROLLBACK outside one",
	.doc =
	"PostgreSQL has no nested transactions: a second BEGIN is ignored with a\n"
	"warning and the first COMMIT commits everything; a COMMIT with no\n"
	"transaction does nothing, or ends one the file does not own. When the\n"
	"migration tool wraps every file in a transaction\n"
	"(check --assume-in-transaction), any BEGIN, COMMIT or ROLLBACK in the\n"
	"file interferes with it.\n"
	"\n"
	"Lock: none itself; but statements meant to run inside the transaction\n"
	"may run outside it, and locks may be held longer than intended.\n"
	"\n"
	"Safe way: let either the file or the tool own the transaction, not\n"
	"both; use SAVEPOINT for nested scopes.\n"
	"\n"
	"Severity: error (the transaction boundaries are not what they seem).\n"
	"\n"
	"Bad:   BEGIN;\n"
	"       BEGIN;\n"
	"       ALTER TABLE users ADD COLUMN nickname text;\n"
	"       COMMIT;\n"
	"       COMMIT;\n"
	"Good:  BEGIN;\n"
	"       ALTER TABLE users ADD COLUMN nickname text;\n"
	"       COMMIT;\n",
	.check = check,
};
