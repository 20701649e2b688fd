/* rulelib.h - parse-tree helpers shared by the rules. */
#ifndef MG_RULELIB_H
#define MG_RULELIB_H

#include "rule.h"

/* The ALTER TABLE statement of a node, or NULL. */
const PgQuery__AlterTableStmt *mg_alter_table(const PgQuery__Node *n);
/* The i-th command of an ALTER TABLE, or NULL when it is not a command. */
const PgQuery__AlterTableCmd *mg_alter_cmd(const PgQuery__AlterTableStmt *a, size_t i);
/* The column definition of an ADD COLUMN command, or NULL. */
const PgQuery__ColumnDef *mg_added_column(const PgQuery__AlterTableCmd *c);

/* Column constraints of a given kind, or NULL. */
const PgQuery__Constraint *mg_column_constraint(const PgQuery__ColumnDef *cd,
						PgQuery__ConstrType type);
/* The DEFAULT expression of a column definition, or NULL. */
const PgQuery__Node *mg_column_default(const PgQuery__ColumnDef *cd);
int mg_column_not_null(const PgQuery__ColumnDef *cd);
/* GENERATED ALWAYS AS (...) STORED */
int mg_column_generated_stored(const PgQuery__ColumnDef *cd);

/* Non-zero when the expression is built only from constants, casts and
 * functions known not to be volatile: PostgreSQL 11+ stores such a default
 * in the catalogue instead of rewriting the table.  *fname is set to the
 * first function that makes it (possibly) volatile. */
int mg_expr_is_nonvolatile(const PgQuery__Node *n, const char **fname);

/* Last component of a qualified name list (List of String nodes). */
const char *mg_name_last(PgQuery__Node **items, size_t n);
/* "schema.name" of a qualified name list into buf. */
const char *mg_name_join(PgQuery__Node **items, size_t n, char *buf, size_t size);

#endif
