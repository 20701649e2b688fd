/* prefer-timestamptz: timestamp without time zone columns.
 * squawk prints this rule as prefer-timestamp-tz; both names are the same
 * rule (squawk accepts both in its ignore comments). */
#include "config.h"
#include "stylelib.h"

static const char *const timestamp_types[] = { "timestamp", NULL };

static void column(mg_rule_ctx *ctx, const mg_style_col *ct, void *ud)
{
	char rel[512], ty[128];

	(void)ud;
	if (!mg_style_type_in(ct->type, timestamp_types))
		return;
	mg_rule_report(ctx, ct->location,
		       "use timestamptz (timestamp with time zone)",
		       "column \"%s\" of \"%s\" is %s without time zone: the value carries no zone, "
		       "so what it means depends on the writer's TimeZone setting",
		       ct->column, mg_relname(ct->table, rel, sizeof(rel)),
		       mg_style_type_str(ct->type, ty, sizeof(ty)));
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	mg_style_each_column_type(ctx, n, column, NULL);
}

const mg_rule mg_rule_prefer_timestamptz = {
	.id = "prefer-timestamptz",
	.severity = MG_SEV_WARNING,
	.summary = "timestamp without time zone: prefer timestamptz",
	.doc =
	"timestamp (without time zone) stores a wall-clock reading with no zone.\n"
	"now() and CURRENT_TIMESTAMP are converted with the session's TimeZone, so\n"
	"two clients in different zones (or one server moved to another) write\n"
	"different values for the same instant, and daylight-saving changes make\n"
	"an hour ambiguous. timestamptz stores an absolute instant (UTC inside)\n"
	"and costs the same 8 bytes. Converting a column later rewrites the table\n"
	"under an ACCESS EXCLUSIVE lock (unless the session TimeZone is UTC, on\n"
	"PostgreSQL 12+).\n"
	"\n"
	"Checked in CREATE TABLE, ADD COLUMN and ALTER COLUMN ... TYPE, arrays\n"
	"included. Severity: warning. squawk names this rule prefer-timestamp-tz;\n"
	"it is the same check.\n"
	"\n"
	"Lock: none of its own.\n"
	"\n"
	"Safe way: use timestamptz for points in time; keep timestamp only for\n"
	"true wall-clock values (an alarm time, a local opening hour).\n"
	"\n"
	"Bad:   ALTER TABLE orders ADD COLUMN shipped_at timestamp;\n"
	"Good:  ALTER TABLE orders ADD COLUMN shipped_at timestamptz;\n",
	.check = check,
};
