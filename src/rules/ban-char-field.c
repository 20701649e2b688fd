/* ban-char-field: char(n) / character(n) / bpchar columns. */
#include "config.h"
#include "stylelib.h"

static const char *const char_types[] = { "bpchar", NULL };

static void column(mg_rule_ctx *ctx, const mg_style_col *ct, void *ud)
{
	char rel[512], ty[128];

	(void)ud;
	if (!mg_style_type_in(ct->type, char_types))
		return;
	mg_rule_report(ctx, ct->location,
		       "use text (or varchar) instead; add a CHECK (length(col) <= n) if the length must be limited",
		       "column \"%s\" of \"%s\" is %s: char pads values with blanks to the declared length, "
		       "so lengths, comparisons and casts to text surprise",
		       ct->column, mg_relname(ct->table, rel, sizeof(rel)),
		       mg_style_type_str(ct->type, ty, sizeof(ty)));
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	mg_style_each_column_type(ctx, n, column, NULL);
}

const mg_rule mg_rule_ban_char_field = {
	.id = "ban-char-field",
	.severity = MG_SEV_WARNING,
	.summary = "char(n) columns pad values with blanks; use text or varchar",
	.doc =
	"char(n) (also written character(n) or bpchar) stores every value padded\n"
	"with blanks to n characters. The padding is ignored by some operations and\n"
	"not by others (length(), LIKE, casts to text, client libraries), and it is\n"
	"no faster than text in PostgreSQL: the PostgreSQL wiki lists it under\n"
	"\"Don't Do This\". Changing the type later rewrites the table under an\n"
	"ACCESS EXCLUSIVE lock, so choose the type when the column is created.\n"
	"\n"
	"Checked in CREATE TABLE, ADD COLUMN and ALTER COLUMN ... TYPE, arrays\n"
	"included. The single-byte internal type \"char\" (quoted) is not flagged.\n"
	"Severity: warning (a style problem, not a lock or data loss).\n"
	"\n"
	"Lock: none of its own (the statement's lock is reported by other rules).\n"
	"\n"
	"Safe way: use text, or varchar without a length; when a maximum length\n"
	"matters, add CHECK (length(col) <= n), which can later be changed without\n"
	"a rewrite.\n"
	"\n"
	"Bad:   CREATE TABLE accounts (country char(2) NOT NULL);\n"
	"Good:  CREATE TABLE accounts (country text NOT NULL CHECK (length(country) = 2));\n",
	.check = check,
};
