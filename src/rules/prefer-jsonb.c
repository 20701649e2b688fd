/* prefer-jsonb: json columns. */
#include "config.h"
#include "stylelib.h"

static const char *const json_types[] = { "json", NULL };

static void column(mg_rule_ctx *ctx, const mg_style_col *ct, void *ud)
{
	char rel[512], ty[128];

	(void)ud;
	if (!mg_style_type_in(ct->type, json_types))
		return;
	mg_rule_report(ctx, ct->location,
		       "use jsonb (keep json only when the exact text, key order or duplicate keys must be preserved)",
		       "column \"%s\" of \"%s\" is %s: json has no equality operator, so SELECT DISTINCT, "
		       "UNION and GROUP BY over it fail, and it cannot be indexed with GIN",
		       ct->column, mg_relname(ct->table, rel, sizeof(rel)),
		       mg_style_type_str(ct->type, ty, sizeof(ty)));
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	mg_style_each_column_type(ctx, n, column, NULL);
}

const mg_rule mg_rule_prefer_jsonb = {
	.id = "prefer-jsonb",
	.severity = MG_SEV_WARNING,
	.summary = "json columns lack equality and indexing; prefer jsonb",
	.doc =
	"json stores the input text as is and re-parses it on every access. It\n"
	"has no equality operator, so SELECT DISTINCT, UNION (without ALL), GROUP\n"
	"BY and = over a json column fail with \"could not identify an equality\n"
	"operator for type json\" -- often only when a later query or view is\n"
	"written. It cannot be indexed with GIN and supports none of the\n"
	"containment operators (@>, ?). jsonb is parsed once, compares, indexes\n"
	"and is usually faster. Converting later rewrites the table under an\n"
	"ACCESS EXCLUSIVE lock. (Not a squawk rule: eugene E3, strong_migrations\n"
	"add_column_json.)\n"
	"\n"
	"Checked in CREATE TABLE, ADD COLUMN and ALTER COLUMN ... TYPE, arrays\n"
	"included. Severity: warning.\n"
	"\n"
	"Lock: none of its own; ALTER COLUMN TYPE jsonb later takes ACCESS\n"
	"EXCLUSIVE and rewrites the table.\n"
	"\n"
	"Safe way: use jsonb. Keep json only where the exact input text, key\n"
	"order or duplicate keys must survive (and ignore the finding with that\n"
	"reason).\n"
	"\n"
	"Bad:   ALTER TABLE events ADD COLUMN payload json;\n"
	"Good:  ALTER TABLE events ADD COLUMN payload jsonb;\n",
	.check = check,
};
