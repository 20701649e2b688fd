/* test_lockmodel.c - the lock model: lock modes, and the per-statement model
 * (lock, rewrite, scan per relation; version deltas; statement kinds). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lockmodel.h"
#include "sql.h"

#define CAP 16

/* One parsed statement and its effects; the names point into q. */
typedef struct fx {
	mg_sql q;
	mg_lock_effect e[CAP];
	size_t n;
} fx;

static const PgQuery__TypeName *test_coltype(void *arg, const char *schema,
					     const char *table, const char *col);

static void model_ex(fx *f, const char *sql, int pg, int with_types)
{
	mg_lockmodel_opts o;

	memset(&o, 0, sizeof(o));
	o.pg_version = pg;
	if (with_types)
		o.coltype = test_coltype;
	assert_int_equal(mg_sql_parse(&f->q, sql, strlen(sql)), 0);
	assert_false(f->q.has_error);
	assert_int_equal(f->q.nstmts, 1);
	f->n = mg_lockmodel_stmt_ex(f->q.stmts[0].node, &o, f->e, CAP);
}

static void model(fx *f, const char *sql, int pg)
{
	model_ex(f, sql, pg, 0);
}

static const mg_lock_effect *find(const fx *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n && i < CAP; i++)
		if (!strcmp(f->e[i].name, name))
			return &f->e[i];
	fail_msg("no effect on %s", name);
	return NULL;
}

/* Asserts the only effect of sql: relation, lock, rewrite, scan. */
static void one(const char *sql, int pg, const char *rel, mg_lock lock, mg_tri rewrite, mg_tri scan)
{
	fx f;

	model(&f, sql, pg);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.e[0].name, rel);
	assert_string_equal(mg_lock_name(f.e[0].lock), mg_lock_name(lock));
	assert_int_equal(f.e[0].rewrite, rewrite);
	assert_int_equal(f.e[0].scan, scan);
	assert_non_null(f.e[0].what);
	if (rewrite)
		assert_non_null(f.e[0].rewrite_why);
	if (scan)
		assert_non_null(f.e[0].scan_why);
	mg_sql_free(&f.q);
}

/* Column types the callback knows: t.c varchar(10), t.d numeric(10,2),
 * t.ts timestamp, t.b text, t.ch char(5), t.n int4. */
static mg_sql types_sql;
static const PgQuery__TypeName *test_coltype(void *arg, const char *schema,
					     const char *table, const char *col)
{
	const PgQuery__CreateStmt *c = types_sql.stmts[0].node->create_stmt;
	size_t i;

	(void)arg;
	(void)schema;
	if (strcmp(table, "t"))
		return NULL;
	for (i = 0; i < c->n_table_elts; i++)
		if (!strcmp(c->table_elts[i]->column_def->colname, col))
			return c->table_elts[i]->column_def->type_name;
	return NULL;
}

static int setup_types(void **state)
{
	static const char sql[] = "CREATE TABLE t (c varchar(10), d numeric(10,2), ts timestamp, "
		"b text, ch char(5), n int, tags text[], dom posint)";
	(void)state;
	return mg_sql_parse(&types_sql, sql, strlen(sql)) || types_sql.has_error;
}

static int teardown_types(void **state)
{
	(void)state;
	mg_sql_free(&types_sql);
	return 0;
}

static void type_change(const char *sql, int pg, mg_tri rewrite)
{
	fx f;

	model_ex(&f, sql, pg, 1);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.e[0].lock, MG_LOCK_ACCESS_EXCLUSIVE);
	assert_int_equal(f.e[0].rewrite, rewrite);
	/* a rewrite reads every row; otherwise CHECKs on the column may be re-checked */
	assert_int_equal(f.e[0].scan, rewrite == MG_YES ? MG_YES : MG_MAYBE);
	mg_sql_free(&f.q);
}

/* ---- tests ----------------------------------------------------------------- */

static void lock_modes(void **state)
{
	int a, b;

	(void)state;
	assert_string_equal(mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE), "ACCESS EXCLUSIVE");
	assert_string_equal(mg_lock_name(MG_LOCK_SHARE_UPDATE_EXCLUSIVE), "SHARE UPDATE EXCLUSIVE");
	assert_string_equal(mg_lock_name((mg_lock)42), "unknown");
	assert_string_equal(mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE), "blocks reads and writes");
	assert_string_equal(mg_lock_blocks(MG_LOCK_SHARE), "blocks writes");
	assert_string_equal(mg_lock_blocks(MG_LOCK_EXCLUSIVE), "blocks writes");
	assert_string_equal(mg_lock_blocks(MG_LOCK_SHARE_UPDATE_EXCLUSIVE), "blocks other DDL and VACUUM");
	assert_true(mg_lock_conflicts(MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_LOCK_SHARE_UPDATE_EXCLUSIVE));
	assert_false(mg_lock_conflicts(MG_LOCK_SHARE, MG_LOCK_SHARE));
	assert_false(mg_lock_conflicts(MG_LOCK_ROW_EXCLUSIVE, MG_LOCK_ROW_EXCLUSIVE));
	assert_false(mg_lock_conflicts(MG_LOCK_EXCLUSIVE, MG_LOCK_ACCESS_SHARE));
	assert_false(mg_lock_conflicts(MG_LOCK_NONE, MG_LOCK_ACCESS_EXCLUSIVE));
	/* the matrix is symmetric */
	for (a = MG_LOCK_NONE; a <= MG_LOCK_ACCESS_EXCLUSIVE; a++)
		for (b = MG_LOCK_NONE; b <= MG_LOCK_ACCESS_EXCLUSIVE; b++)
			assert_int_equal(mg_lock_conflicts((mg_lock)a, (mg_lock)b),
					 mg_lock_conflicts((mg_lock)b, (mg_lock)a));
	assert_string_equal(mg_tri_name(MG_MAYBE), "maybe");
}

static void add_column(void **state)
{
	(void)state;
	one("ALTER TABLE t ADD COLUMN x int", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t ADD COLUMN x int DEFAULT 0", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t ADD COLUMN x int DEFAULT 0", 10, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_YES);
	one("ALTER TABLE t ADD COLUMN x int NOT NULL DEFAULT 0", 11, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t ADD COLUMN x timestamptz DEFAULT now()", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t ADD COLUMN x float8 DEFAULT random()", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_YES);
	one("ALTER TABLE t ADD COLUMN x uuid DEFAULT gen_random_uuid()", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_YES);
	one("ALTER TABLE t ADD COLUMN x int DEFAULT my_func()", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_MAYBE, MG_MAYBE);
	one("ALTER TABLE t ADD COLUMN x serial", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_YES);
	one("ALTER TABLE t ADD COLUMN x bigint GENERATED ALWAYS AS IDENTITY", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_YES);
	one("ALTER TABLE t ADD COLUMN x int GENERATED ALWAYS AS (a * 2) STORED", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_YES);
	one("ALTER TABLE t ADD COLUMN x posint", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_MAYBE, MG_MAYBE);
	one("ALTER TABLE t ADD COLUMN x int NOT NULL", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_YES);
	one("ALTER TABLE t ADD COLUMN x int CHECK (x > 0)", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_YES);
	one("ALTER TABLE t ADD COLUMN x int UNIQUE", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_YES);
}

static void foreign_keys(void **state)
{
	fx f;
	const mg_lock_effect *t, *u;

	(void)state;
	model(&f, "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u_id) REFERENCES app.u (id)", 15);
	assert_int_equal(f.n, 2);
	t = find(&f, "t");
	u = find(&f, "u");
	assert_int_equal(t->lock, MG_LOCK_SHARE_ROW_EXCLUSIVE);
	assert_int_equal(t->scan, MG_YES);
	assert_false(t->referenced);
	assert_int_equal(u->lock, MG_LOCK_SHARE_ROW_EXCLUSIVE);
	assert_string_equal(u->schema, "app");
	assert_null(t->schema);
	assert_true(u->referenced);
	assert_int_equal(u->scan, MG_YES);
	assert_string_equal(t->what, "ADD FOREIGN KEY");
	mg_sql_free(&f.q);

	model(&f, "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u_id) REFERENCES u (id) NOT VALID", 15);
	assert_int_equal(f.n, 2);
	assert_int_equal(find(&f, "t")->scan, MG_NO);
	assert_int_equal(find(&f, "u")->scan, MG_NO);
	assert_string_equal(find(&f, "t")->what, "ADD FOREIGN KEY ... NOT VALID");
	mg_sql_free(&f.q);

	/* inline REFERENCES: the new column is NULL, nothing to validate */
	model(&f, "ALTER TABLE t ADD COLUMN x bigint REFERENCES u (id)", 15);
	assert_int_equal(f.n, 2);
	assert_int_equal(find(&f, "t")->lock, MG_LOCK_ACCESS_EXCLUSIVE);
	assert_int_equal(find(&f, "t")->scan, MG_NO);
	assert_int_equal(find(&f, "u")->lock, MG_LOCK_SHARE_ROW_EXCLUSIVE);
	mg_sql_free(&f.q);
	model(&f, "ALTER TABLE t ADD COLUMN x bigint DEFAULT 1 REFERENCES u (id)", 15);
	assert_int_equal(find(&f, "t")->scan, MG_YES);
	assert_int_equal(find(&f, "u")->scan, MG_YES);
	mg_sql_free(&f.q);

	/* CREATE TABLE ... REFERENCES locks the referenced table */
	model(&f, "CREATE TABLE x (id bigint REFERENCES u (id), v bigint, FOREIGN KEY (v) REFERENCES w (id))", 15);
	assert_int_equal(f.n, 3);
	assert_true(find(&f, "x")->is_new);
	assert_int_equal(find(&f, "u")->lock, MG_LOCK_SHARE_ROW_EXCLUSIVE);
	assert_false(find(&f, "u")->is_new);
	assert_int_equal(find(&f, "w")->lock, MG_LOCK_SHARE_ROW_EXCLUSIVE);
	mg_sql_free(&f.q);

	one("ALTER TABLE t VALIDATE CONSTRAINT fk", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_YES);
}

static void constraints(void **state)
{
	(void)state;
	one("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_YES);
	one("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_YES);
	one("ALTER TABLE t ADD PRIMARY KEY (id)", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_YES);
	one("ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX t_a_idx", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t ADD CONSTRAINT p PRIMARY KEY USING INDEX t_a_idx", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_MAYBE);
	one("ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING gist (r WITH &&)", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_YES);
	one("ALTER TABLE t DROP CONSTRAINT c", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t ALTER COLUMN a SET NOT NULL", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_MAYBE);
	one("ALTER TABLE t ALTER COLUMN a SET NOT NULL", 11, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_YES);
	one("ALTER TABLE t ALTER COLUMN a DROP NOT NULL", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t ALTER COLUMN a SET DEFAULT 1", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t ALTER COLUMN a DROP DEFAULT", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t DROP COLUMN a", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
}

static void column_types(void **state)
{
	(void)state;
	type_change("ALTER TABLE t ALTER COLUMN c TYPE varchar(20)", 15, MG_NO);
	type_change("ALTER TABLE t ALTER COLUMN c TYPE varchar(10)", 15, MG_NO);
	type_change("ALTER TABLE t ALTER COLUMN c TYPE varchar", 15, MG_NO);
	type_change("ALTER TABLE t ALTER COLUMN c TYPE text", 15, MG_NO);
	type_change("ALTER TABLE t ALTER COLUMN c TYPE varchar(5)", 15, MG_YES);
	type_change("ALTER TABLE t ALTER COLUMN b TYPE varchar(50)", 15, MG_YES);
	type_change("ALTER TABLE t ALTER COLUMN b TYPE character varying", 15, MG_NO);
	type_change("ALTER TABLE t ALTER COLUMN ch TYPE char(10)", 15, MG_YES);
	type_change("ALTER TABLE t ALTER COLUMN d TYPE numeric(12,2)", 15, MG_NO);
	type_change("ALTER TABLE t ALTER COLUMN d TYPE numeric(10,3)", 15, MG_YES);
	type_change("ALTER TABLE t ALTER COLUMN d TYPE numeric(9,2)", 15, MG_YES);
	type_change("ALTER TABLE t ALTER COLUMN d TYPE numeric", 15, MG_NO);
	type_change("ALTER TABLE t ALTER COLUMN ts TYPE timestamptz", 15, MG_MAYBE);
	type_change("ALTER TABLE t ALTER COLUMN ts TYPE timestamp with time zone", 11, MG_YES);
	type_change("ALTER TABLE t ALTER COLUMN n TYPE bigint", 15, MG_YES);
	type_change("ALTER TABLE t ALTER COLUMN n TYPE integer", 15, MG_NO);
	type_change("ALTER TABLE t ALTER COLUMN n TYPE int USING n + 0", 15, MG_YES);
	type_change("ALTER TABLE t ALTER COLUMN c TYPE text USING c::text", 15, MG_NO);
	type_change("ALTER TABLE t ALTER COLUMN n TYPE posint", 15, MG_MAYBE);
	type_change("ALTER TABLE t ALTER COLUMN tags TYPE varchar[]", 15, MG_YES);
	type_change("ALTER TABLE t ALTER COLUMN tags TYPE text[]", 15, MG_NO);
	type_change("ALTER TABLE t ALTER COLUMN n TYPE int[]", 15, MG_YES);
	/* unknown current type: the new type decides */
	type_change("ALTER TABLE t ALTER COLUMN unknown TYPE bigint", 15, MG_YES);
	type_change("ALTER TABLE t ALTER COLUMN unknown TYPE text", 15, MG_MAYBE);
	type_change("ALTER TABLE t ALTER COLUMN unknown TYPE UUID", 15, MG_MAYBE);
	type_change("ALTER TABLE other ALTER COLUMN c TYPE varchar(20)", 15, MG_MAYBE);
}

static void table_options(void **state)
{
	(void)state;
	one("ALTER TABLE t ALTER COLUMN a SET STATISTICS 500", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t ALTER COLUMN a SET (n_distinct = 100)", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t SET (fillfactor = 70, autovacuum_enabled = false)", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER VIEW v SET (security_barrier = true)", 15, "v", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t CLUSTER ON t_a_idx", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t DISABLE TRIGGER t_trg", 15, "t", MG_LOCK_SHARE_ROW_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t ENABLE TRIGGER ALL", 15, "t", MG_LOCK_SHARE_ROW_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t SET UNLOGGED", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_YES);
	one("ALTER TABLE t SET LOGGED", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_MAYBE, MG_MAYBE);
	one("ALTER TABLE t SET TABLESPACE fast", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_MAYBE, MG_MAYBE);
	one("ALTER TABLE t SET ACCESS METHOD heap2", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_MAYBE, MG_MAYBE);
	one("ALTER TABLE t OWNER TO bob", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t ENABLE ROW LEVEL SECURITY", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t RENAME COLUMN a TO b", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t RENAME TO t2", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER TABLE t SET SCHEMA other", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
}

static void multi_subcommands(void **state)
{
	fx f;

	(void)state;
	/* one entry per table, the strongest lock, the subcommand that takes it */
	model(&f, "ALTER TABLE t ALTER COLUMN a SET STATISTICS 100, ADD COLUMN x float8 DEFAULT random(), "
		  "DISABLE TRIGGER ALL", 15);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.e[0].lock, MG_LOCK_ACCESS_EXCLUSIVE);
	assert_string_equal(f.e[0].what, "ADD COLUMN");
	assert_int_equal(f.e[0].rewrite, MG_YES);
	assert_string_equal(f.e[0].rewrite_why,
			    "ADD COLUMN with a volatile DEFAULT computes it for every row: the table is rewritten");
	mg_sql_free(&f.q);

	/* a small output array: the count is still the total */
	model(&f, "TRUNCATE a, b, c", 15);
	assert_int_equal(f.n, 3);
	assert_int_equal(mg_lockmodel_stmt(f.q.stmts[0].node, 15, f.e, 1), 3);
	assert_int_equal(mg_lockmodel_stmt(f.q.stmts[0].node, 15, NULL, 0), 3);
	mg_sql_free(&f.q);

	/* many relations (internal storage grows) */
	model(&f, "LOCK TABLE a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18", 15);
	assert_int_equal(f.n, 18);
	assert_string_equal(f.e[15].name, "a16");
	mg_sql_free(&f.q);
	model(&f, "ALTER TABLE t ADD COLUMN x1 int REFERENCES r1, ADD COLUMN x2 int REFERENCES r2, "
		  "ADD COLUMN x3 int REFERENCES r3, ADD COLUMN x4 int REFERENCES r4, "
		  "ADD COLUMN x5 int REFERENCES r5, ADD COLUMN x6 int REFERENCES r6, "
		  "ADD COLUMN x7 int REFERENCES r7, ADD COLUMN x8 int REFERENCES r8 CHECK (x8 > 0), "
		  "ADD COLUMN x9 int DEFAULT 1 REFERENCES r9 UNIQUE", 15);
	assert_int_equal(f.n, 10);
	assert_int_equal(find(&f, "t")->scan, MG_YES);
	assert_int_equal(find(&f, "r9")->scan, MG_YES);
	assert_int_equal(find(&f, "r8")->scan, MG_NO);
	mg_sql_free(&f.q);
}

static void partitions(void **state)
{
	fx f;

	(void)state;
	model(&f, "ALTER TABLE p ATTACH PARTITION p3 FOR VALUES FROM (1) TO (2)", 15);
	assert_int_equal(f.n, 2);
	assert_int_equal(find(&f, "p")->lock, MG_LOCK_SHARE_UPDATE_EXCLUSIVE);
	assert_int_equal(find(&f, "p3")->lock, MG_LOCK_ACCESS_EXCLUSIVE);
	assert_int_equal(find(&f, "p3")->scan, MG_MAYBE);
	mg_sql_free(&f.q);
	model(&f, "ALTER TABLE p ATTACH PARTITION p3 FOR VALUES FROM (1) TO (2)", 11);
	assert_int_equal(find(&f, "p")->lock, MG_LOCK_ACCESS_EXCLUSIVE);
	mg_sql_free(&f.q);

	model(&f, "ALTER TABLE p DETACH PARTITION p2", 15);
	assert_int_equal(find(&f, "p")->lock, MG_LOCK_ACCESS_EXCLUSIVE);
	assert_int_equal(find(&f, "p2")->lock, MG_LOCK_ACCESS_EXCLUSIVE);
	assert_null(mg_lockmodel_no_transaction(f.q.stmts[0].node, 15));
	mg_sql_free(&f.q);
	model(&f, "ALTER TABLE p DETACH PARTITION p2 CONCURRENTLY", 14);
	assert_int_equal(find(&f, "p")->lock, MG_LOCK_SHARE_UPDATE_EXCLUSIVE);
	assert_int_equal(find(&f, "p2")->lock, MG_LOCK_SHARE_UPDATE_EXCLUSIVE);
	assert_string_equal(mg_lockmodel_no_transaction(f.q.stmts[0].node, 14),
			    "DETACH PARTITION CONCURRENTLY cannot run inside a transaction block");
	assert_string_equal(mg_stmt_kind(f.q.stmts[0].node), "ALTER TABLE");
	assert_string_equal(mg_alter_cmd_kind(f.q.stmts[0].node->alter_table_stmt->cmds[0]->alter_table_cmd),
			    "DETACH PARTITION CONCURRENTLY");
	mg_sql_free(&f.q);
	/* before 14 there is no CONCURRENTLY: the model keeps the plain lock */
	model(&f, "ALTER TABLE p DETACH PARTITION p2 CONCURRENTLY", 13);
	assert_int_equal(find(&f, "p")->lock, MG_LOCK_ACCESS_EXCLUSIVE);
	assert_null(mg_lockmodel_no_transaction(f.q.stmts[0].node, 13));
	mg_sql_free(&f.q);

	model(&f, "CREATE TABLE p5 PARTITION OF p FOR VALUES FROM (4) TO (5)", 15);
	assert_true(find(&f, "p5")->is_new);
	assert_int_equal(find(&f, "p")->lock, MG_LOCK_ACCESS_EXCLUSIVE);
	mg_sql_free(&f.q);
	model(&f, "CREATE TABLE kid (v text) INHERITS (par)", 15);
	assert_int_equal(find(&f, "par")->lock, MG_LOCK_SHARE_UPDATE_EXCLUSIVE);
	mg_sql_free(&f.q);
}

static void indexes(void **state)
{
	fx f;

	(void)state;
	one("CREATE INDEX i ON t (a)", 15, "t", MG_LOCK_SHARE, MG_NO, MG_YES);
	one("CREATE INDEX CONCURRENTLY i ON t (a)", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_YES);

	model(&f, "DROP INDEX s.i1, i2", 15);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.e[0].role, MG_REL_INDEX_TABLE);
	assert_string_equal(f.e[0].schema, "s");
	assert_string_equal(f.e[0].name, "i1");
	assert_int_equal(f.e[1].lock, MG_LOCK_ACCESS_EXCLUSIVE);
	assert_null(mg_lockmodel_no_transaction(f.q.stmts[0].node, 15));
	mg_sql_free(&f.q);
	model(&f, "DROP INDEX CONCURRENTLY IF EXISTS i1", 15);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.e[0].lock, MG_LOCK_SHARE_UPDATE_EXCLUSIVE);
	assert_string_equal(mg_stmt_kind(f.q.stmts[0].node), "DROP INDEX CONCURRENTLY");
	assert_non_null(mg_lockmodel_no_transaction(f.q.stmts[0].node, 15));
	mg_sql_free(&f.q);

	model(&f, "REINDEX INDEX i", 15);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.e[0].role, MG_REL_INDEX_TABLE);
	assert_int_equal(f.e[0].lock, MG_LOCK_SHARE);
	assert_int_equal(f.e[1].role, MG_REL_INDEX);
	assert_int_equal(f.e[1].lock, MG_LOCK_ACCESS_EXCLUSIVE);
	mg_sql_free(&f.q);
	model(&f, "REINDEX TABLE CONCURRENTLY t", 15);
	assert_int_equal(f.e[0].lock, MG_LOCK_SHARE_UPDATE_EXCLUSIVE);
	assert_string_equal(mg_stmt_kind(f.q.stmts[0].node), "REINDEX TABLE CONCURRENTLY");
	assert_non_null(mg_lockmodel_no_transaction(f.q.stmts[0].node, 15));
	mg_sql_free(&f.q);
	model(&f, "REINDEX (CONCURRENTLY false) TABLE t", 15);
	assert_int_equal(f.e[0].lock, MG_LOCK_SHARE);
	assert_string_equal(mg_stmt_kind(f.q.stmts[0].node), "REINDEX TABLE");
	assert_null(mg_lockmodel_no_transaction(f.q.stmts[0].node, 15));
	mg_sql_free(&f.q);

	model(&f, "ALTER INDEX i RENAME TO j", 15);
	assert_int_equal(f.e[0].role, MG_REL_INDEX);
	assert_int_equal(f.e[0].lock, MG_LOCK_SHARE_UPDATE_EXCLUSIVE);
	mg_sql_free(&f.q);
	model(&f, "ALTER INDEX i RENAME TO j", 11);
	assert_int_equal(f.e[0].lock, MG_LOCK_ACCESS_EXCLUSIVE);
	mg_sql_free(&f.q);
}

static void maintenance(void **state)
{
	fx f;

	(void)state;
	one("CLUSTER t USING t_pkey", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_YES);
	one("VACUUM FULL t", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_YES);
	one("VACUUM (FULL, ANALYZE) t", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_YES);
	one("VACUUM t", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_YES);
	/* an option's value counts, as PostgreSQL's defGetBoolean() reads it */
	one("VACUUM (FULL false) t", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_YES);
	one("VACUUM (FULL OFF) t", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_YES);
	one("VACUUM (FULL 0) t", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_YES);
	one("VACUUM (FULL true) t", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_YES);
	one("VACUUM (FULL 1) t", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_YES);
	one("VACUUM (FULL on, FULL off) t", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_YES);
	one("ANALYZE t", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_NO);
	one("REFRESH MATERIALIZED VIEW mv", 15, "mv", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_YES);
	one("REFRESH MATERIALIZED VIEW mv WITH NO DATA", 15, "mv", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_NO);
	one("REFRESH MATERIALIZED VIEW CONCURRENTLY mv", 15, "mv", MG_LOCK_EXCLUSIVE, MG_NO, MG_YES);
	one("TRUNCATE t", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_YES, MG_NO);
	one("LOCK TABLE t", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("LOCK TABLE t IN SHARE ROW EXCLUSIVE MODE", 15, "t", MG_LOCK_SHARE_ROW_EXCLUSIVE, MG_NO, MG_NO);
	one("LOCK t IN ACCESS SHARE MODE NOWAIT", 15, "t", MG_LOCK_ACCESS_SHARE, MG_NO, MG_NO);

	model(&f, "VACUUM", 15);
	assert_int_equal(f.n, 0);
	assert_string_equal(mg_lockmodel_no_transaction(f.q.stmts[0].node, 15),
			    "VACUUM cannot run inside a transaction block");
	mg_sql_free(&f.q);
	model(&f, "CLUSTER", 15);
	assert_int_equal(f.n, 0);
	assert_non_null(mg_lockmodel_no_transaction(f.q.stmts[0].node, 15));
	mg_sql_free(&f.q);
}

static void other_statements(void **state)
{
	(void)state;
	one("DROP TABLE s.t", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("DROP TRIGGER trg ON t", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("DROP POLICY pol ON t", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()", 15, "t",
	    MG_LOCK_SHARE_ROW_EXCLUSIVE, MG_NO, MG_NO);
	one("CREATE POLICY pol ON t USING (true)", 15, "t", MG_LOCK_ACCESS_EXCLUSIVE, MG_NO, MG_NO);
	one("COMMENT ON TABLE t IS 'x'", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_NO);
	one("COMMENT ON COLUMN s.t.a IS 'x'", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_NO);
	one("COMMENT ON CONSTRAINT c ON t IS 'x'", 15, "t", MG_LOCK_ACCESS_SHARE, MG_NO, MG_NO);
	one("CREATE STATISTICS st ON a, b FROM t", 15, "t", MG_LOCK_SHARE_UPDATE_EXCLUSIVE, MG_NO, MG_NO);
	one("UPDATE t SET a = 1", 15, "t", MG_LOCK_ROW_EXCLUSIVE, MG_NO, MG_YES);
	one("UPDATE t SET a = 1 WHERE id < 100", 15, "t", MG_LOCK_ROW_EXCLUSIVE, MG_NO, MG_MAYBE);
	one("DELETE FROM t", 15, "t", MG_LOCK_ROW_EXCLUSIVE, MG_NO, MG_YES);
	one("INSERT INTO t (a) VALUES (1)", 15, "t", MG_LOCK_ROW_EXCLUSIVE, MG_NO, MG_NO);
	one("MERGE INTO t USING (SELECT 1 AS id) s ON t.id = s.id WHEN MATCHED THEN DELETE", 15, "t",
	    MG_LOCK_ROW_EXCLUSIVE, MG_NO, MG_MAYBE);
	one("CREATE CONSTRAINT TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", 15, "t",
	    MG_LOCK_SHARE_ROW_EXCLUSIVE, MG_NO, MG_NO);
	one("ALTER SEQUENCE s RESTART", 15, "s", MG_LOCK_SHARE_ROW_EXCLUSIVE, MG_YES, MG_NO);
}

static void joins(void **state)
{
	fx f;

	(void)state;
	model(&f, "UPDATE t SET a = u.a FROM u WHERE t.id = u.id", 15);
	assert_int_equal(f.n, 2);
	assert_int_equal(find(&f, "t")->lock, MG_LOCK_ROW_EXCLUSIVE);
	assert_int_equal(find(&f, "u")->lock, MG_LOCK_ACCESS_SHARE);
	assert_int_equal(find(&f, "u")->scan, MG_MAYBE);
	mg_sql_free(&f.q);
	model(&f, "DELETE FROM t USING u WHERE t.id = u.id", 15);
	assert_int_equal(f.n, 2);
	assert_int_equal(find(&f, "u")->lock, MG_LOCK_ACCESS_SHARE);
	mg_sql_free(&f.q);
	model(&f, "MERGE INTO t USING u ON t.id = u.id WHEN NOT MATCHED THEN INSERT VALUES (u.id)", 15);
	assert_int_equal(f.n, 2);
	assert_int_equal(find(&f, "u")->lock, MG_LOCK_ACCESS_SHARE);
	mg_sql_free(&f.q);
	model(&f, "CREATE CONSTRAINT TRIGGER trg AFTER INSERT ON t FROM u FOR EACH ROW EXECUTE FUNCTION f()", 15);
	assert_int_equal(f.n, 2);
	assert_int_equal(find(&f, "u")->lock, MG_LOCK_ACCESS_SHARE);
	mg_sql_free(&f.q);
	model(&f, "ALTER TABLE kid NO INHERIT par", 15);
	assert_int_equal(find(&f, "par")->lock, MG_LOCK_ACCESS_SHARE);
	mg_sql_free(&f.q);
	model(&f, "ALTER SEQUENCE s OWNED BY app.t.id", 15);
	assert_int_equal(f.n, 2);
	assert_int_equal(find(&f, "s")->rewrite, MG_NO);
	assert_int_equal(find(&f, "t")->lock, MG_LOCK_ACCESS_SHARE);
	assert_string_equal(find(&f, "t")->schema, "app");
	mg_sql_free(&f.q);
}

static void no_effects(void **state)
{
	static const char *const sqls[] = {
		"SELECT 1", "SET lock_timeout = '1s'", "BEGIN", "GRANT SELECT ON t TO bob",
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
		"ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0)", "CREATE EXTENSION x",
	};
	size_t i;
	fx f;

	(void)state;
	for (i = 0; i < sizeof(sqls) / sizeof(sqls[0]); i++) {
		model(&f, sqls[i], 15);
		assert_int_equal(f.n, 0);
		mg_sql_free(&f.q);
	}
	assert_int_equal(mg_lockmodel_stmt(NULL, 15, NULL, 0), 0);
	model(&f, "ALTER TABLE t ADD COLUMN x int DEFAULT 0", 15);
	assert_int_equal(mg_lockmodel_stmt_ex(f.q.stmts[0].node, NULL, f.e, CAP), 1);
	assert_int_equal(f.e[0].rewrite, MG_NO);
	mg_sql_free(&f.q);
	assert_string_equal(mg_stmt_kind(NULL), "statement");
}

static void enums(void **state)
{
	fx f;

	(void)state;
	model(&f, "ALTER TYPE status ADD VALUE 'x'", 15);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.e[0].role, MG_REL_TYPE);
	assert_int_equal(f.e[0].lock, MG_LOCK_EXCLUSIVE);
	assert_string_equal(mg_stmt_kind(f.q.stmts[0].node), "ALTER TYPE ... ADD VALUE");
	mg_sql_free(&f.q);
	model(&f, "ALTER TYPE addr ADD ATTRIBUTE zip text", 15);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.e[0].role, MG_REL_TYPE);
	assert_string_equal(mg_stmt_kind(f.q.stmts[0].node), "ALTER TYPE");
	mg_sql_free(&f.q);
	model(&f, "ALTER TYPE status ADD VALUE 'x'", 15);
	assert_null(mg_lockmodel_no_transaction(f.q.stmts[0].node, 12));
	assert_string_equal(mg_lockmodel_no_transaction(f.q.stmts[0].node, 11),
			    "ALTER TYPE ... ADD VALUE cannot run inside a transaction block before PostgreSQL 12");
	mg_sql_free(&f.q);
}

static void kinds(void **state)
{
	static const struct { const char *sql, *kind; } k[] = {
		{ "CREATE INDEX CONCURRENTLY i ON t (a)", "CREATE INDEX CONCURRENTLY" },
		{ "CREATE UNIQUE INDEX i ON t (a)", "CREATE INDEX" },
		{ "ALTER TABLE t ADD COLUMN a int", "ALTER TABLE" },
		{ "ALTER INDEX i SET (fillfactor = 50)", "ALTER INDEX" },
		{ "DROP TABLE t", "DROP TABLE" },
		{ "REFRESH MATERIALIZED VIEW CONCURRENTLY mv", "REFRESH MATERIALIZED VIEW CONCURRENTLY" },
		{ "VACUUM FULL t", "VACUUM FULL" },
		{ "TRUNCATE t", "TRUNCATE" },
		{ "LOCK TABLE t", "LOCK TABLE" },
		{ "COMMENT ON TABLE t IS 'x'", "COMMENT ON" },
		{ "ALTER TABLE t RENAME COLUMN a TO b", "RENAME COLUMN" },
		{ "CREATE MATERIALIZED VIEW mv AS SELECT 1", "CREATE MATERIALIZED VIEW" },
		{ "CREATE TABLE x AS SELECT 1", "CREATE TABLE AS" },
		{ "UPDATE t SET a = 1", "UPDATE" },
		{ "SET x = 1", "SET" },
	};
	static const struct { const char *sql, *kind; } c[] = {
		{ "ALTER TABLE t ALTER COLUMN a TYPE text", "ALTER COLUMN TYPE" },
		{ "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID", "ADD CONSTRAINT CHECK ... NOT VALID" },
		{ "ALTER TABLE t ADD PRIMARY KEY USING INDEX i", "ADD PRIMARY KEY USING INDEX" },
		{ "ALTER TABLE t VALIDATE CONSTRAINT c", "VALIDATE CONSTRAINT" },
		{ "ALTER TABLE t ALTER COLUMN a SET DEFAULT 1", "ALTER COLUMN SET DEFAULT" },
		{ "ALTER TABLE t ALTER COLUMN a DROP DEFAULT", "ALTER COLUMN DROP DEFAULT" },
		{ "ALTER TABLE t SET LOGGED", "SET LOGGED" },
		{ "ALTER TABLE t ENABLE TRIGGER ALL", "ENABLE TRIGGER" },
	};
	size_t i;
	fx f;

	(void)state;
	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		model(&f, k[i].sql, 15);
		assert_string_equal(mg_stmt_kind(f.q.stmts[0].node), k[i].kind);
		mg_sql_free(&f.q);
	}
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		model(&f, c[i].sql, 15);
		assert_string_equal(mg_alter_cmd_kind(f.q.stmts[0].node->alter_table_stmt->cmds[0]->alter_table_cmd),
				    c[i].kind);
		mg_sql_free(&f.q);
	}
	assert_string_equal(mg_alter_cmd_kind(NULL), "ALTER TABLE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lock_modes),
		cmocka_unit_test(add_column),
		cmocka_unit_test(foreign_keys),
		cmocka_unit_test(constraints),
		cmocka_unit_test_setup_teardown(column_types, setup_types, teardown_types),
		cmocka_unit_test(table_options),
		cmocka_unit_test(multi_subcommands),
		cmocka_unit_test(partitions),
		cmocka_unit_test(indexes),
		cmocka_unit_test(maintenance),
		cmocka_unit_test(other_statements),
		cmocka_unit_test(joins),
		cmocka_unit_test(no_effects),
		cmocka_unit_test(enums),
		cmocka_unit_test(kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
