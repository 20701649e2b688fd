/* prefer-text-field: varchar(n) columns. */
#include "config.h"
#include "stylelib.h"

static const char *const varchar_types[] = { "varchar", NULL };

static void column(mg_rule_ctx *ctx, const mg_style_col *ct, void *ud)
{
	char rel[512], ty[128];

	(void)ud;
	if (!mg_style_type_in(ct->type, varchar_types) || ct->type->n_typmods == 0)
		return;
	mg_rule_report(ctx, ct->location,
		       "use text with a CHECK (length(col) <= n) constraint, added NOT VALID and validated separately",
		       "column \"%s\" of \"%s\" is %s: raising the limit later takes an ACCESS EXCLUSIVE lock, "
		       "and lowering it rewrites the table",
		       ct->column, mg_relname(ct->table, rel, sizeof(rel)),
		       mg_style_type_str(ct->type, ty, sizeof(ty)));
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	mg_style_each_column_type(ctx, n, column, NULL);
}

const mg_rule mg_rule_prefer_text_field = {
	.id = "prefer-text-field",
	.severity = MG_SEV_WARNING,
	.summary = "varchar(n) limits are costly to change; prefer text with a CHECK",
	.doc =
	"varchar(n) is text with a length check built into the type. When the\n"
	"limit turns out too small, ALTER COLUMN ... TYPE varchar(m) takes an\n"
	"ACCESS EXCLUSIVE lock (blocking reads and writes; since PostgreSQL 9.2\n"
	"widening skips the rewrite, but the lock still queues behind every\n"
	"running query), and narrowing rewrites the whole table. A CHECK\n"
	"constraint on a text column can be replaced without either: add the new\n"
	"one NOT VALID, VALIDATE it (SHARE UPDATE EXCLUSIVE, reads and writes go\n"
	"on), drop the old one. Storage and speed are the same.\n"
	"\n"
	"varchar without a length is not flagged. Checked in CREATE TABLE, ADD\n"
	"COLUMN and ALTER COLUMN ... TYPE, arrays included. Severity: warning.\n"
	"\n"
	"Lock: none of its own; changing the limit later takes ACCESS EXCLUSIVE.\n"
	"\n"
	"Safe way: text plus CHECK (length(col) <= n).\n"
	"\n"
	"Bad:   CREATE TABLE users (email varchar(255) NOT NULL);\n"
	"Good:  CREATE TABLE users (email text NOT NULL CHECK (length(email) <= 255));\n",
	.check = check,
};
