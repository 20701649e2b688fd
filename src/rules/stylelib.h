/* stylelib.h - helpers for the schema-style rules (column types, names). */
#ifndef MG_STYLELIB_H
#define MG_STYLELIB_H

#include "rulelib.h"

/* A column type written in a statement. */
typedef struct mg_style_col {
	const PgQuery__RangeVar *table; /* the table the column belongs to */
	const char *column;             /* the column name ("?" when unknown) */
	const PgQuery__TypeName *type;
	int location;                   /* of the type, parser coordinates */
	const char *where;              /* "CREATE TABLE", "ADD COLUMN", "ALTER COLUMN TYPE" */
} mg_style_col;

typedef void (*mg_style_col_fn)(mg_rule_ctx *ctx, const mg_style_col *ct, void *ud);

/* Calls fn for every column type a statement gives a table: CREATE TABLE
 * (and CREATE FOREIGN TABLE) columns, ALTER TABLE ... ADD COLUMN and
 * ALTER TABLE ... ALTER COLUMN ... TYPE.  These are the places squawk's
 * type rules look at.  Nothing is reported for a down/rollback file (it
 * restores the previous definition, whose types it cannot choose) nor for
 * a temporary table (scratch space of one session). */
void mg_style_each_column_type(mg_rule_ctx *ctx, const PgQuery__Node *n,
			       mg_style_col_fn fn, void *ud);

/* Non-zero for a down/rollback migration: *.down.sql, down.sql, or a file
 * below a sqitch revert/ directory. */
int mg_style_is_down(const char *path);

/* The name of a built-in type as the catalogue spells it ("int4" for
 * integer, int or int4; "bpchar" for char(n)), or NULL when the type is
 * qualified with a schema other than pg_catalog (a user type). */
const char *mg_style_type_base(const PgQuery__TypeName *t);

/* Non-zero when the built-in type base name is one of names (NULL-ended). */
int mg_style_type_in(const PgQuery__TypeName *t, const char *const *names);

/* The type as a reader writes it ("integer", "varchar(20)", "json[]"). */
const char *mg_style_type_str(const PgQuery__TypeName *t, char *buf, size_t size);

#endif
