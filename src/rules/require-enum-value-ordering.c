/* require-enum-value-ordering: ALTER TYPE ... ADD VALUE without BEFORE/AFTER. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const PgQuery__AlterEnumStmt *e;
	char type[512];

	if (n->node_case != PG_QUERY__NODE__NODE_ALTER_ENUM_STMT)
		return;
	e = n->alter_enum_stmt;
	/* RENAME VALUE sets old_val; only ADD VALUE is about position */
	if (!e->new_val || (e->old_val && *e->old_val) ||
	    (e->new_val_neighbor && *e->new_val_neighbor))
		return;
	mg_rule_report(ctx, -1,
		       "say where the value goes: ALTER TYPE ... ADD VALUE '...' BEFORE|AFTER 'existing'",
		       "ALTER TYPE \"%s\" ADD VALUE '%s' has no BEFORE or AFTER: the value sorts after "
		       "every existing one, which changes ORDER BY and < / > on the enum",
		       mg_name_join(e->type_name, e->n_type_name, type, sizeof(type)), e->new_val);
}

const mg_rule mg_rule_require_enum_value_ordering = {
	.id = "require-enum-value-ordering",
	.severity = MG_SEV_WARNING,
	.summary = "ALTER TYPE ... ADD VALUE without BEFORE/AFTER: the position is implicit",
	.doc =
	"Enum values compare in the order they were declared, not alphabetically:\n"
	"ORDER BY, <, >, min() and max() over an enum column, and range checks\n"
	"such as status >= 'shipped', all follow that order. ADD VALUE without\n"
	"BEFORE or AFTER appends the new value at the end, which is right only by\n"
	"accident. Saying where it goes makes the intent reviewable. Severity:\n"
	"warning.\n"
	"\n"
	"Lock: ADD VALUE takes an EXCLUSIVE lock on the type only (measured on\n"
	"PostgreSQL 15), none on the tables using it. Before PostgreSQL 12 it\n"
	"cannot run inside a transaction block; since then the new value cannot be\n"
	"used until the transaction that added it commits.\n"
	"\n"
	"Safe way: write the position explicitly, BEFORE or AFTER an existing\n"
	"value (AFTER the current last value when appending is intended).\n"
	"\n"
	"Bad:   ALTER TYPE order_status ADD VALUE 'refunded';\n"
	"Good:  ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'delivered';\n",
	.check = check,
};
