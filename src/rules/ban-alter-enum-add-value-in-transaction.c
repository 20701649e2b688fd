/* ban-alter-enum-add-value-in-transaction: ALTER TYPE ... ADD VALUE inside a
 * transaction where it fails (before PostgreSQL 12) or where the new value
 * is used before COMMIT. */
#include "config.h"
#include "rulelib.h"

#include <stdlib.h>
#include <string.h>

/* The first statement in (index, end) whose text holds the literal 'v'. */
static size_t find_use(const mg_rule_ctx *ctx, const char *v, size_t end)
{
	size_t n = strlen(v), i, k = 0, s;
	char *lit = malloc(2 * n + 3);

	if (!lit)
		return end;
	lit[k++] = '\'';
	for (i = 0; i < n; i++) {
		lit[k++] = v[i];
		if (v[i] == '\'')
			lit[k++] = '\'';
	}
	lit[k++] = '\'';
	for (s = ctx->index + 1; s < end; s++) {
		const mg_stmt *st = &ctx->sql->stmts[s];
		/* adding the same label to another enum is no use of this one */
		if (st->node->node_case == PG_QUERY__NODE__NODE_ALTER_ENUM_STMT)
			continue;
		if (memmem(ctx->sql->src + st->start, st->end - st->start, lit, k))
			break;
	}
	free(lit);
	return s;
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__AlterEnumStmt *e;
	char name[512];
	size_t end, use;

	if (n->node_case != PG_QUERY__NODE__NODE_ALTER_ENUM_STMT || !ctx->in_transaction)
		return;
	e = n->alter_enum_stmt;
	if (!e->new_val || (e->old_val && *e->old_val))
		return;
	mg_name_join(e->type_name, e->n_type_name, name, sizeof(name));
	if (ctx->opts->pg_version < 12) {
		mg_rule_report(ctx, -1,
			       "run ALTER TYPE ... ADD VALUE in a migration of its own, outside a transaction",
			       "ALTER TYPE \"%s\" ADD VALUE '%s' cannot run inside a transaction block before "
			       "PostgreSQL 12 (target %d): the migration fails",
			       name, e->new_val, ctx->opts->pg_version);
		return;
	}
	end = mg_tx_end_index(ctx);
	use = find_use(ctx, e->new_val, end);
	if (use >= end)
		return;
	mg_rule_report(ctx, -1,
		       "commit after ALTER TYPE ... ADD VALUE; use the new value in a later transaction "
		       "(or migration)",
		       "ALTER TYPE \"%s\" ADD VALUE '%s' runs in a transaction, and line %d uses the value "
		       "before COMMIT: PostgreSQL rejects it (\"unsafe use of new value\") and the "
		       "migration fails",
		       name, e->new_val, ctx->sql->stmts[use].line);
}

const mg_rule mg_rule_ban_alter_enum_add_value_in_transaction = {
	.id = "ban-alter-enum-add-value-in-transaction",
	.severity = MG_SEV_ERROR,
	.summary = "ALTER TYPE ... ADD VALUE in a transaction fails before PG 12, or when the value is used before COMMIT",
	.doc =
	"Before PostgreSQL 12, ALTER TYPE ... ADD VALUE cannot run inside a\n"
	"transaction block at all. Since 12 it can, but the new value cannot be\n"
	"used until the transaction commits: an INSERT, UPDATE or DEFAULT using\n"
	"it in the same transaction fails with \"unsafe use of new value\".\n"
	"Either way the migration fails at deploy time.\n"
	"\n"
	"Lock: an EXCLUSIVE lock on the enum type only (no table lock).\n"
	"Transactions are BEGIN ... COMMIT in the file, or the whole file with\n"
	"check --assume-in-transaction; a use is the value as a string literal\n"
	"in a later statement of the same transaction. The target version is\n"
	"--pg-version.\n"
	"\n"
	"Safe way: add the value in a migration (transaction) of its own and use\n"
	"it in a later one.\n"
	"\n"
	"Severity: error (the migration fails).\n"
	"\n"
	"Bad:   BEGIN;\n"
	"       ALTER TYPE order_status ADD VALUE 'refunded';\n"
	"       UPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;\n"
	"       COMMIT;\n"
	"Good:  ALTER TYPE order_status ADD VALUE 'refunded';\n"
	"       -- next migration:\n"
	"       UPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;\n",
	.check = check,
};
