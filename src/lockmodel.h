/* lockmodel.h - PostgreSQL table lock modes, what each one blocks, and what
 * every statement kind migguard knows does to the tables it touches.
 *
 * The names and conflict sets follow the PostgreSQL manual, "Explicit
 * Locking" (13.3.1, Table 13.2).  The per-statement model follows the
 * ALTER TABLE / CREATE INDEX / ... reference pages and a trace of 128 DDL
 * statements on PostgreSQL 15.18; tests/pg/lockmodel-verify.sh checks it
 * against a real server (see doc/ARCHITECTURE.md, "Lock model"). */
#ifndef MG_LOCKMODEL_H
#define MG_LOCKMODEL_H

#include <stddef.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

/* Ordered by strength; the values are PostgreSQL's LOCKMODE numbers. */
typedef enum mg_lock {
	MG_LOCK_NONE = 0,
	MG_LOCK_ACCESS_SHARE,
	MG_LOCK_ROW_SHARE,
	MG_LOCK_ROW_EXCLUSIVE,
	MG_LOCK_SHARE_UPDATE_EXCLUSIVE,
	MG_LOCK_SHARE,
	MG_LOCK_SHARE_ROW_EXCLUSIVE,
	MG_LOCK_EXCLUSIVE,
	MG_LOCK_ACCESS_EXCLUSIVE
} mg_lock;

/* "ACCESS EXCLUSIVE", ... */
const char *mg_lock_name(mg_lock l);
/* What the lock blocks, for messages: "blocks reads and writes", ... */
const char *mg_lock_blocks(mg_lock l);
/* Non-zero when lock a conflicts with lock b. */
int mg_lock_conflicts(mg_lock a, mg_lock b);

/* ---- per-statement model ------------------------------------------------ */

/* Answers that depend on what the text does not say (the column's current
 * type, existing constraints, the session TimeZone) are MG_MAYBE. */
typedef enum mg_tri {
	MG_NO = 0,
	MG_MAYBE = 1,
	MG_YES = 2
} mg_tri;

typedef enum mg_relrole {
	MG_REL_TABLE = 0,   /* a table, view, matview or sequence named in the text */
	MG_REL_INDEX_TABLE, /* the table of the index named in the text (DROP INDEX i) */
	MG_REL_INDEX,       /* the index named in the text itself (ALTER INDEX i ...) */
	MG_REL_TYPE         /* a type (ALTER TYPE ... ADD VALUE): an object lock */
} mg_relrole;

typedef struct mg_lock_effect {
	/* Names point into the parse tree: valid while it is. */
	const char *schema;   /* NULL when not qualified */
	const char *name;
	mg_relrole role;
	int is_new;           /* the statement creates this relation */
	int referenced;       /* touched as the referenced table of a FOREIGN KEY */
	mg_lock lock;         /* strongest lock the statement takes on it */
	mg_tri rewrite;       /* new files for the relation (a new relfilenode): a
			       * full rewrite, or for TRUNCATE / ALTER SEQUENCE
			       * an instant swap (see rewrite_why) */
	mg_tri scan;          /* all rows read while the lock is held (validation) */
	const char *what;     /* static: the (sub)command that takes `lock`, e.g.
			       * "ALTER COLUMN TYPE", "ADD FOREIGN KEY (referenced table)" */
	const char *rewrite_why; /* static: why it rewrites, or NULL */
	const char *scan_why;    /* static: why it scans, or NULL */
} mg_lock_effect;

/* Looks up the current type of a column, for ALTER COLUMN TYPE; returns
 * NULL when unknown.  schema may be NULL. */
typedef const PgQuery__TypeName *(*mg_coltype_fn)(void *arg, const char *schema,
						  const char *table, const char *column);

typedef struct mg_lockmodel_opts {
	int pg_version;       /* target PostgreSQL major version, e.g. 15 */
	mg_coltype_fn coltype; /* may be NULL */
	void *coltype_arg;
} mg_lockmodel_opts;

/* The effect of one top-level statement (a RawStmt's stmt node) on every
 * relation it names, one entry per relation, in the order the text names
 * them (ALTER TABLE subcommands merged: the strongest lock wins).  Fills at most cap entries and returns how many there are (like
 * snprintf: a larger return value means out was too small).  Statements that
 * lock no relation (SET, GRANT, CREATE FUNCTION ...) return 0.
 *
 * Known blind spots, because the text does not say: tables reached through
 * CASCADE, views and rules; the referenced table of an existing FK (VALIDATE
 * / DROP CONSTRAINT); the default partition on ATTACH; the tables using a
 * domain or type; sub-selects of INSERT/UPDATE/CREATE ... AS. */
size_t mg_lockmodel_stmt(const PgQuery__Node *stmt, int pg_version,
			 mg_lock_effect *out, size_t cap);
/* o NULL: PostgreSQL 15, no column types. */
size_t mg_lockmodel_stmt_ex(const PgQuery__Node *stmt, const mg_lockmodel_opts *o,
			    mg_lock_effect *out, size_t cap);

/* Statement kind for messages: "CREATE INDEX CONCURRENTLY", "ALTER TABLE",
 * "DROP INDEX", "REFRESH MATERIALIZED VIEW", ...; never NULL. */
const char *mg_stmt_kind(const PgQuery__Node *stmt);
/* ALTER TABLE subcommand name: "ADD COLUMN", "ALTER COLUMN TYPE", ... */
const char *mg_alter_cmd_kind(const PgQuery__AlterTableCmd *c);

/* Why the statement cannot run inside a transaction block on that version
 * ("CREATE INDEX CONCURRENTLY cannot run inside a transaction block"), or
 * NULL when it can. */
const char *mg_lockmodel_no_transaction(const PgQuery__Node *stmt, int pg_version);

/* "yes", "maybe", "no" */
const char *mg_tri_name(mg_tri t);

#endif
