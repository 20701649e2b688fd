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

/* The constraint of an ALTER TABLE ... ADD CONSTRAINT command, or NULL. */
const PgQuery__Constraint *mg_added_constraint(const PgQuery__AlterTableCmd *c);

/* Non-zero when a DefElem list (REINDEX/VACUUM/CLUSTER options) holds the
 * option name, not set to false/off/0. */
int mg_defelem_on(PgQuery__Node **items, size_t n, const char *name);


/* "a" or "an", the article for the lock's name. */
const char *mg_lock_a(mg_lock l);

/* One relation a statement locks. */
typedef struct mg_rel_lock {
	const PgQuery__RangeVar *rel; /* NULL when only the name is known */
	char name[256];               /* "schema.name" or "name" */
	mg_lock lock;
	int via_index;                /* name is an index's: the lock is on its table */
} mg_rel_lock;

/* For messages: "\"orders\"", or "the table of index \"orders_idx\"". */
const char *mg_rel_lock_desc(const mg_rel_lock *l, char *buf, size_t size);

/* The table-level locks a DDL statement takes (as PostgreSQL 15 takes
 * them: the manual, checked against lock traces), at most cap of them.
 * Plain SELECT/INSERT/UPDATE/DELETE are not listed. */
size_t mg_stmt_locks(const mg_rule_ctx *ctx, const PgQuery__Node *n,
		     mg_rel_lock *out, size_t cap);

/* The lock the statement takes on the table named name ("schema.t" or
 * "t", as the statement spells it) by the verified lock model
 * (src/lockmodel.c); MG_LOCK_NONE when it names no such table. */
mg_lock mg_stmt_lock_on(const mg_rule_ctx *ctx, const PgQuery__Node *n, const char *name);

/* The strongest lock the statement takes on a relation that is not new
 * (created earlier in the change set); MG_LOCK_NONE when none.  The
 * relation, described as by mg_rel_lock_desc(), goes to name. */
mg_lock mg_stmt_strongest_lock(const mg_rule_ctx *ctx, const PgQuery__Node *n,
			       char *name, size_t size);

/* COMMIT, ROLLBACK, END, PREPARE TRANSACTION ... */
int mg_is_tx_end(const PgQuery__Node *n);
int mg_is_tx_begin(const PgQuery__Node *n);

/* The statement that is only session housekeeping (SET, RESET, SHOW,
 * transaction control): it does no work while locks are held. */
int mg_is_housekeeping(const PgQuery__Node *n);

/* Index just after the statements of the transaction the current statement
 * runs in: the index of its COMMIT/ROLLBACK, or nstmts when the file is the
 * transaction (assumed) or the BEGIN is never closed. */
size_t mg_tx_end_index(const mg_rule_ctx *ctx);

/* The relation a data change (UPDATE, DELETE, INSERT, MERGE) writes, or NULL. */
const PgQuery__RangeVar *mg_dml_relation(const PgQuery__Node *n);

/* Calls fn for every constraint of the given type (PRIMARY KEY, UNIQUE)
 * that an ALTER TABLE on an existing table adds without USING INDEX, at
 * table level or on an added column: each builds its index under ACCESS
 * EXCLUSIVE. */
typedef void (*mg_constraint_fn)(mg_rule_ctx *ctx, const PgQuery__RangeVar *rel,
				 const PgQuery__Constraint *k);
void mg_each_index_building_constraint(mg_rule_ctx *ctx, const PgQuery__Node *n,
				       PgQuery__ConstrType type, mg_constraint_fn fn);

#endif
