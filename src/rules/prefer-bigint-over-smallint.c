/* prefer-bigint-over-smallint: smallint / int2 / smallserial columns. */
#include "config.h"
#include "stylelib.h"

static const char *const smallint_types[] = { "int2", "smallserial", "serial2", NULL };

static void column(mg_rule_ctx *ctx, const mg_style_col *ct, void *ud)
{
	char rel[512], ty[128];

	(void)ud;
	if (!mg_style_type_in(ct->type, smallint_types))
		return;
	mg_rule_report(ctx, ct->location,
		       "use bigint (or integer when the range is truly bounded)",
		       "column \"%s\" of \"%s\" is %s, a 16-bit integer that overflows at 32767; "
		       "widening it later rewrites the table under an ACCESS EXCLUSIVE lock",
		       ct->column, mg_relname(ct->table, rel, sizeof(rel)),
		       mg_style_type_str(ct->type, ty, sizeof(ty)));
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	mg_style_each_column_type(ctx, n, column, NULL);
}

const mg_rule mg_rule_prefer_bigint_over_smallint = {
	.id = "prefer-bigint-over-smallint",
	.severity = MG_SEV_WARNING,
	.summary = "smallint columns overflow at 32767; prefer bigint",
	.doc =
	"smallint (int2, smallserial) holds values up to 32,767: a counter or id\n"
	"reaches that quickly, and then writes fail. Widening the column rewrites\n"
	"the table under an ACCESS EXCLUSIVE lock. Because of alignment padding,\n"
	"smallint often saves no space at all over a wider type.\n"
	"\n"
	"Checked in CREATE TABLE, ADD COLUMN and ALTER COLUMN ... TYPE, arrays\n"
	"included. Severity: warning.\n"
	"\n"
	"Lock: none of its own; the later fix takes ACCESS EXCLUSIVE and rewrites.\n"
	"\n"
	"Safe way: declare bigint (or integer for a value with a hard, small\n"
	"bound) from the start.\n"
	"\n"
	"Bad:   ALTER TABLE products ADD COLUMN stock smallint;\n"
	"Good:  ALTER TABLE products ADD COLUMN stock bigint;\n",
	.check = check,
};
