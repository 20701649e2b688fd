/* lockmodel.c - lock modes, their conflicts and what they block, and the
 * per-statement model: which lock each statement takes on each table it
 * names, whether it rewrites the table and whether it scans it. */
#include "config.h"
#include "lockmodel.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "rules/rulelib.h"

static const char *const names[] = {
	[MG_LOCK_NONE] = "no",
	[MG_LOCK_ACCESS_SHARE] = "ACCESS SHARE",
	[MG_LOCK_ROW_SHARE] = "ROW SHARE",
	[MG_LOCK_ROW_EXCLUSIVE] = "ROW EXCLUSIVE",
	[MG_LOCK_SHARE_UPDATE_EXCLUSIVE] = "SHARE UPDATE EXCLUSIVE",
	[MG_LOCK_SHARE] = "SHARE",
	[MG_LOCK_SHARE_ROW_EXCLUSIVE] = "SHARE ROW EXCLUSIVE",
	[MG_LOCK_EXCLUSIVE] = "EXCLUSIVE",
	[MG_LOCK_ACCESS_EXCLUSIVE] = "ACCESS EXCLUSIVE",
};

/* Conflict matrix, PostgreSQL manual table 13.2: bit b of conflicts[a] is set
 * when mode a conflicts with mode b. */
#define B(x) (1u << (x))
static const unsigned conflicts[] = {
	[MG_LOCK_NONE] = 0,
	[MG_LOCK_ACCESS_SHARE] = B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_ROW_SHARE] = B(MG_LOCK_EXCLUSIVE) | B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_ROW_EXCLUSIVE] = B(MG_LOCK_SHARE) | B(MG_LOCK_SHARE_ROW_EXCLUSIVE) |
		B(MG_LOCK_EXCLUSIVE) | B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_SHARE_UPDATE_EXCLUSIVE] = B(MG_LOCK_SHARE_UPDATE_EXCLUSIVE) |
		B(MG_LOCK_SHARE) | B(MG_LOCK_SHARE_ROW_EXCLUSIVE) |
		B(MG_LOCK_EXCLUSIVE) | B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_SHARE] = B(MG_LOCK_ROW_EXCLUSIVE) | B(MG_LOCK_SHARE_UPDATE_EXCLUSIVE) |
		B(MG_LOCK_SHARE_ROW_EXCLUSIVE) | B(MG_LOCK_EXCLUSIVE) |
		B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_SHARE_ROW_EXCLUSIVE] = B(MG_LOCK_ROW_EXCLUSIVE) |
		B(MG_LOCK_SHARE_UPDATE_EXCLUSIVE) | B(MG_LOCK_SHARE) |
		B(MG_LOCK_SHARE_ROW_EXCLUSIVE) | B(MG_LOCK_EXCLUSIVE) |
		B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_EXCLUSIVE] = B(MG_LOCK_ROW_SHARE) | B(MG_LOCK_ROW_EXCLUSIVE) |
		B(MG_LOCK_SHARE_UPDATE_EXCLUSIVE) | B(MG_LOCK_SHARE) |
		B(MG_LOCK_SHARE_ROW_EXCLUSIVE) | B(MG_LOCK_EXCLUSIVE) |
		B(MG_LOCK_ACCESS_EXCLUSIVE),
	[MG_LOCK_ACCESS_EXCLUSIVE] = B(MG_LOCK_ACCESS_SHARE) | B(MG_LOCK_ROW_SHARE) |
		B(MG_LOCK_ROW_EXCLUSIVE) | B(MG_LOCK_SHARE_UPDATE_EXCLUSIVE) |
		B(MG_LOCK_SHARE) | B(MG_LOCK_SHARE_ROW_EXCLUSIVE) |
		B(MG_LOCK_EXCLUSIVE) | B(MG_LOCK_ACCESS_EXCLUSIVE),
};
#undef B

const char *mg_lock_name(mg_lock l)
{
	if ((unsigned)l > MG_LOCK_ACCESS_EXCLUSIVE)
		return "unknown";
	return names[l];
}

int mg_lock_conflicts(mg_lock a, mg_lock b)
{
	if ((unsigned)a > MG_LOCK_ACCESS_EXCLUSIVE || (unsigned)b > MG_LOCK_ACCESS_EXCLUSIVE)
		return 0;
	return (conflicts[a] >> b) & 1u;
}

const char *mg_lock_blocks(mg_lock l)
{
	/* Derived from the matrix: SELECT takes ACCESS SHARE, writes take
	 * ROW EXCLUSIVE, DDL and VACUUM take SHARE UPDATE EXCLUSIVE or more. */
	if (mg_lock_conflicts(l, MG_LOCK_ACCESS_SHARE))
		return "blocks reads and writes";
	if (mg_lock_conflicts(l, MG_LOCK_ROW_EXCLUSIVE))
		return "blocks writes";
	if (mg_lock_conflicts(l, MG_LOCK_SHARE_UPDATE_EXCLUSIVE))
		return "blocks other DDL and VACUUM";
	return "blocks only ACCESS EXCLUSIVE locks";
}

const char *mg_tri_name(mg_tri t)
{
	switch (t) {
	case MG_YES: return "yes";
	case MG_MAYBE: return "maybe";
	default: return "no";
	}
}


/* ---- per-statement model ------------------------------------------------ */

/* Entries are allocated one by one so that pointers to them stay valid
 * while more relations are added. */
typedef struct model {
	const mg_lockmodel_opts *o;
	mg_lock_effect **e;
	size_t n, cap;
} model;

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

static int same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

/* Adds (or merges into) the entry for one relation and returns it. */
static mg_lock_effect *touch(model *m, const char *schema, const char *name,
			     mg_relrole role, mg_lock lock, const char *what)
{
	mg_lock_effect *e;
	size_t i;

	schema = nz(schema);
	if (!nz(name))
		return NULL;
	for (i = 0; i < m->n; i++) {
		e = m->e[i];
		if (e->role == role && same(e->schema, schema) && !strcmp(e->name, name)) {
			if (lock > e->lock) {
				e->lock = lock;
				e->what = what;
			}
			return e;
		}
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 8;
		m->e = mg_xrealloc(m->e, m->cap * sizeof(*m->e));
	}
	e = mg_xcalloc(1, sizeof(*e));
	m->e[m->n++] = e;
	e->schema = schema;
	e->name = name;
	e->role = role;
	e->lock = lock;
	e->what = what;
	return e;
}

static mg_lock_effect *touch_rv(model *m, const PgQuery__RangeVar *rv, mg_lock lock,
				const char *what)
{
	if (!rv)
		return NULL;
	return touch(m, rv->schemaname, rv->relname, MG_REL_TABLE, lock, what);
}

/* A qualified name given as a list of String nodes ("a.b"), without its
 * last drop_last items (DROP TRIGGER names [schema.]table.trigger). */
static mg_lock_effect *touch_names(model *m, PgQuery__Node **items, size_t n, size_t drop_last,
				   mg_relrole role, mg_lock lock, const char *what)
{
	const char *schema = NULL, *name;

	if (!items || n <= drop_last)
		return NULL;
	n -= drop_last;
	name = mg_name_last(items, n);
	if (!strcmp(name, "?"))
		return NULL;
	if (n >= 2 && items[n - 2] && items[n - 2]->node_case == PG_QUERY__NODE__NODE_STRING)
		schema = items[n - 2]->string->sval;
	return touch(m, schema, name, role, lock, what);
}

/* The same for a Node that is a List of names. */
static mg_lock_effect *touch_list(model *m, const PgQuery__Node *l, size_t drop_last,
				  mg_relrole role, mg_lock lock, const char *what)
{
	if (!l || l->node_case != PG_QUERY__NODE__NODE_LIST)
		return NULL;
	return touch_names(m, l->list->items, l->list->n_items, drop_last, role, lock, what);
}

static void set_scan(mg_lock_effect *e, mg_tri t, const char *why)
{
	if (!e || t == MG_NO)
		return;
	if (t > e->scan || !e->scan_why)
		e->scan_why = why;
	if (t > e->scan)
		e->scan = t;
}

static void set_rewrite(mg_lock_effect *e, mg_tri t, const char *why)
{
	if (!e || t == MG_NO)
		return;
	if (t > e->rewrite || !e->rewrite_why)
		e->rewrite_why = why;
	if (t > e->rewrite)
		e->rewrite = t;
	set_scan(e, t, why); /* a rewrite reads every row */
}

/* ---- types and defaults -------------------------------------------------- */

typedef struct ty {
	const char *name;   /* canonical: int4, varchar, numeric, ... */
	int builtin;
	int ndims;
	int nmods;
	int mod[2];
} ty;

static const char *const builtin_types[] = {
	"int2", "int4", "int8", "float4", "float8", "numeric", "text", "varchar",
	"bpchar", "bool", "date", "time", "timetz", "timestamp", "timestamptz",
	"interval", "uuid", "json", "jsonb", "bytea", "inet", "cidr", "macaddr",
	"macaddr8", "money", "oid", "xml", "tsvector", "tsquery", "bit", "varbit",
	"point", "line", "lseg", "box", "path", "polygon", "circle", "int4range",
	"int8range", "numrange", "tsrange", "tstzrange", "daterange", "name",
	"char", "serial", "serial4", "bigserial", "serial8", "smallserial", "serial2",
};

static const struct { const char *alias, *name; } type_aliases[] = {
	{ "int", "int4" }, { "integer", "int4" }, { "smallint", "int2" },
	{ "bigint", "int8" }, { "real", "float4" }, { "boolean", "bool" },
	{ "character varying", "varchar" }, { "character", "bpchar" },
	{ "decimal", "numeric" }, { "timestamp with time zone", "timestamptz" },
	{ "timestamp without time zone", "timestamp" }, { "double precision", "float8" },
};

static void ty_of(const PgQuery__TypeName *t, ty *out)
{
	size_t i;
	const char *first = NULL;

	memset(out, 0, sizeof(*out));
	out->name = "?";
	if (!t)
		return;
	out->name = mg_name_last(t->names, t->n_names);
	if (t->n_names >= 2 && t->names[0] && t->names[0]->node_case == PG_QUERY__NODE__NODE_STRING)
		first = t->names[0]->string->sval;
	for (i = 0; i < sizeof(type_aliases) / sizeof(type_aliases[0]); i++)
		if (!strcmp(out->name, type_aliases[i].alias))
			out->name = type_aliases[i].name;
	if (t->n_names == 1 || (first && !strcmp(first, "pg_catalog")))
		for (i = 0; i < sizeof(builtin_types) / sizeof(builtin_types[0]); i++)
			if (!strcmp(out->name, builtin_types[i]))
				out->builtin = 1;
	out->ndims = (int)t->n_array_bounds;
	for (i = 0; i < t->n_typmods && i < 2; i++) {
		const PgQuery__Node *n = t->typmods[i];
		if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
			out->mod[out->nmods++] = n->a_const->ival->ival;
	}
}

static int is(const ty *t, const char *name)
{
	return t->builtin && !strcmp(t->name, name);
}

static int is_serial(const ty *t)
{
	return is(t, "serial") || is(t, "serial4") || is(t, "bigserial") || is(t, "serial8") ||
	       is(t, "smallserial") || is(t, "serial2");
}

/* Length-limited types whose limit can grow without a rewrite. */
static int has_length_transform(const ty *t)
{
	return is(t, "varchar") || is(t, "varbit");
}

static int has_precision_transform(const ty *t)
{
	return is(t, "timestamp") || is(t, "timestamptz") || is(t, "time") ||
	       is(t, "timetz") || is(t, "interval");
}

/* Does changing a column from type o (NULL: unknown) to n rewrite it? */
static mg_tri type_change_rewrite(const ty *o, const ty *n, int pg, const char **why)
{
	if (!o) {
		*why = "ALTER COLUMN TYPE rewrites the table unless the old type is binary coercible to the new one";
		/* No other type casts to uuid, bool, bytea or jsonb without USING:
		 * such a statement usually restates the column's current type. */
		if (!n->builtin || is(n, "text") || is(n, "varchar") || is(n, "numeric") ||
		    is(n, "inet") || is(n, "varbit") || has_precision_transform(n) ||
		    is(n, "uuid") || is(n, "bool") || is(n, "bytea") || is(n, "jsonb"))
			return MG_MAYBE;
		return MG_YES;
	}
	*why = "ALTER COLUMN TYPE to a type that is not binary coercible rewrites the table and its indexes";
	if (o->ndims != n->ndims)
		return MG_YES;
	if (n->ndims && (strcmp(o->name, n->name) || o->nmods != n->nmods ||
			 (o->nmods && o->mod[0] != n->mod[0]))) {
		/* element-wise conversion (ArrayCoerceExpr) always rewrites */
		*why = "ALTER COLUMN TYPE of an array column to another element type or length rewrites the table";
		return MG_YES;
	}
	if (!o->builtin || !n->builtin) {
		*why = "ALTER COLUMN TYPE to or from a domain or user type rewrites unless it is binary coercible and unconstrained";
		if (!strcmp(o->name, n->name) && o->builtin == n->builtin && o->nmods == n->nmods)
			return MG_NO;
		return MG_MAYBE;
	}
	if (!strcmp(o->name, n->name)) {
		if (has_length_transform(n)) {
			if (!n->nmods)
				return MG_NO;
			if (!o->nmods || n->mod[0] < o->mod[0]) {
				*why = "ALTER COLUMN TYPE to a shorter length limit rewrites the table";
				return MG_YES;
			}
			return MG_NO;
		}
		if (is(n, "numeric")) {
			int os = o->nmods > 1 ? o->mod[1] : 0, ns = n->nmods > 1 ? n->mod[1] : 0;
			if (!n->nmods)
				return MG_NO;
			if (o->nmods && os == ns && n->mod[0] >= o->mod[0])
				return MG_NO;
			*why = "ALTER COLUMN TYPE numeric with a changed scale or smaller precision rewrites the table";
			return MG_YES;
		}
		if (has_precision_transform(n)) {
			if (!n->nmods || (o->nmods && n->mod[0] >= o->mod[0]))
				return MG_NO;
			return MG_YES;
		}
		if (o->nmods == n->nmods && (!o->nmods || (o->mod[0] == n->mod[0] &&
							   (o->nmods < 2 || o->mod[1] == n->mod[1]))))
			return MG_NO;
		return MG_YES;
	}
	if ((is(o, "varchar") && is(n, "text")) || (is(o, "text") && is(n, "varchar") && !n->nmods) ||
	    (is(o, "cidr") && is(n, "inet")))
		return MG_NO;
	if ((is(o, "timestamp") && is(n, "timestamptz")) || (is(o, "timestamptz") && is(n, "timestamp"))) {
		if (pg >= 12) {
			*why = "timestamp <-> timestamptz rewrites the table unless the session TimeZone is UTC";
			return MG_MAYBE;
		}
		return MG_YES;
	}
	return MG_YES;
}

static const char *const volatile_funcs[] = {
	"random", "clock_timestamp", "gen_random_uuid", "uuid_generate_v1",
	"uuid_generate_v1mc", "uuid_generate_v4", "nextval", "timeofday",
	"setseed", "txid_current", "random_normal",
};

/* Volatility of a DEFAULT expression: NO for constants and known stable
 * functions, YES for known volatile functions, MAYBE for the rest. */
static mg_tri default_volatile(const PgQuery__Node *d)
{
	const char *fname = NULL;
	size_t i;

	if (mg_expr_is_nonvolatile(d, &fname))
		return MG_NO;
	for (i = 0; fname && i < sizeof(volatile_funcs) / sizeof(volatile_funcs[0]); i++)
		if (!strcmp(fname, volatile_funcs[i]))
			return MG_YES;
	return MG_MAYBE;
}

/* ---- ALTER TABLE ------------------------------------------------------- */

static void fk_constraint(model *m, mg_lock_effect *self, const PgQuery__Constraint *c,
			  mg_tri scan, const char *what)
{
	mg_lock_effect *ref = touch_rv(m, c->pktable, MG_LOCK_SHARE_ROW_EXCLUSIVE, what);

	if (ref)
		ref->referenced = 1;
	set_scan(self, scan, "a FOREIGN KEY is validated by reading every row");
	set_scan(ref, scan, "a FOREIGN KEY is validated against the referenced table");
}

static void add_column(model *m, mg_lock_effect *e, const PgQuery__ColumnDef *cd)
{
	const PgQuery__Node *d;
	ty t;
	size_t i;
	int has_default;

	if (!e || !cd)
		return;
	ty_of(cd->type_name, &t);
	d = mg_column_default(cd);
	has_default = d != NULL;
	if (is_serial(&t)) {
		set_rewrite(e, MG_YES, "ADD COLUMN serial fills every row from a sequence: the table is rewritten");
		has_default = 1;
	}
	if (mg_column_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY) || nz(cd->identity)) {
		set_rewrite(e, MG_YES, "ADD COLUMN ... GENERATED AS IDENTITY fills every row: the table is rewritten");
		has_default = 1;
	}
	if (mg_column_generated_stored(cd)) {
		set_rewrite(e, MG_YES, "ADD COLUMN ... GENERATED ALWAYS AS ... STORED computes every row: the table is rewritten");
		has_default = 1;
	}
	if (d) {
		if (m->o->pg_version < 11)
			set_rewrite(e, MG_YES, "ADD COLUMN with a DEFAULT rewrites the table before PostgreSQL 11");
		else
			switch (default_volatile(d)) {
			case MG_YES:
				set_rewrite(e, MG_YES, "ADD COLUMN with a volatile DEFAULT computes it for every row: the table is rewritten");
				break;
			case MG_MAYBE:
				set_rewrite(e, MG_MAYBE, "ADD COLUMN with a DEFAULT that may be volatile rewrites the table if it is");
				break;
			default:
				break;
			}
	}
	if (!t.builtin)
		set_rewrite(e, MG_MAYBE, "ADD COLUMN of a domain type with constraints rewrites the table (enums and plain domains do not)");
	if (mg_column_not_null(cd) && !has_default)
		set_scan(e, MG_YES, "ADD COLUMN ... NOT NULL without a DEFAULT checks every row (and fails on a non-empty table)");
	for (i = 0; i < cd->n_constraints; i++) {
		const PgQuery__Node *n = cd->constraints[i];
		const PgQuery__Constraint *c;
		if (!n || n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		c = n->constraint;
		switch (c->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
			if (!c->skip_validation)
				set_scan(e, MG_YES, "the column's CHECK constraint is validated by reading every row");
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
			set_scan(e, MG_YES, "the column's UNIQUE / PRIMARY KEY index is built by reading every row");
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
			fk_constraint(m, e, c, has_default ? MG_YES : MG_NO,
				      "ADD COLUMN ... REFERENCES (referenced table)");
			break;
		default:
			break;
		}
	}
}

static mg_lock reloptions_lock(const PgQuery__Node *def)
{
	static const char *const ae[] = {
		"user_catalog_table", "security_barrier", "security_invoker",
		"check_option", "buffering",
	};
	size_t i, j;

	if (!def || def->node_case != PG_QUERY__NODE__NODE_LIST)
		return MG_LOCK_ACCESS_EXCLUSIVE;
	for (i = 0; i < def->list->n_items; i++) {
		const PgQuery__Node *n = def->list->items[i];
		if (!n || n->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			return MG_LOCK_ACCESS_EXCLUSIVE;
		for (j = 0; j < sizeof(ae) / sizeof(ae[0]); j++)
			if (!strcmp(n->def_elem->defname, ae[j]))
				return MG_LOCK_ACCESS_EXCLUSIVE;
	}
	return MG_LOCK_SHARE_UPDATE_EXCLUSIVE;
}

/* Is the USING expression the column itself (possibly cast)? */
static int using_is_column(const PgQuery__Node *u, const char *col)
{
	while (u && u->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		u = u->type_cast->arg;
	if (!u || u->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return 0;
	return u->column_ref->n_fields == 1 &&
	       !strcmp(mg_name_last(u->column_ref->fields, 1), col);
}

static void alter_column_type(model *m, mg_lock_effect *e, const PgQuery__RangeVar *rv,
			      const PgQuery__AlterTableCmd *c)
{
	const PgQuery__ColumnDef *cd;
	const PgQuery__TypeName *old = NULL;
	const char *why = NULL;
	ty o, n;
	mg_tri r;

	if (!e || !c->def || c->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
		return;
	cd = c->def->column_def;
	if (cd->raw_default && !using_is_column(cd->raw_default, c->name)) {
		set_rewrite(e, MG_YES, "ALTER COLUMN TYPE ... USING an expression rewrites the table and its indexes");
		return;
	}
	if (m->o->coltype && rv)
		old = m->o->coltype(m->o->coltype_arg, nz(rv->schemaname), rv->relname, c->name);
	if (old)
		ty_of(old, &o);
	ty_of(cd->type_name, &n);
	r = type_change_rewrite(old ? &o : NULL, &n, m->o->pg_version, &why);
	set_rewrite(e, r, why);
	if (r != MG_YES)
		set_scan(e, MG_MAYBE, "ALTER COLUMN TYPE re-checks the CHECK constraints on the column by reading every row");
}

static void alter_table_cmd(model *m, const PgQuery__AlterTableStmt *a,
			    const PgQuery__AlterTableCmd *c)
{
	const PgQuery__RangeVar *rv = a->relation;
	const PgQuery__Constraint *con = NULL;
	const PgQuery__PartitionCmd *pc = NULL;
	mg_lock_effect *e, *p;
	const char *what = mg_alter_cmd_kind(c);
	int pg = m->o->pg_version;

	if (c->def && c->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
		con = c->def->constraint;
	if (c->def && c->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD)
		pc = c->def->partition_cmd;

	if (a->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
		mg_lock l = MG_LOCK_ACCESS_EXCLUSIVE;
		if (c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions ||
		    c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions)
			l = reloptions_lock(c->def);
		else if (c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition ||
			 c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics)
			l = MG_LOCK_SHARE_UPDATE_EXCLUSIVE;
		if (rv)
			touch(m, rv->schemaname, rv->relname, MG_REL_INDEX, l, what);
		return;
	}

	if (a->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) {
		/* ALTER TYPE ... ADD/DROP/ALTER ATTRIBUTE of a composite type */
		if (rv)
			touch(m, rv->schemaname, rv->relname, MG_REL_TYPE, MG_LOCK_ACCESS_EXCLUSIVE, what);
		return;
	}

	switch (c->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
		e = touch_rv(m, rv, MG_LOCK_ACCESS_EXCLUSIVE, what);
		add_column(m, e, mg_added_column(c) ? mg_added_column(c) :
			   (c->def && c->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF ?
			    c->def->column_def : NULL));
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
		e = touch_rv(m, rv, MG_LOCK_ACCESS_EXCLUSIVE, what);
		alter_column_type(m, e, rv, c);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
		e = touch_rv(m, rv, MG_LOCK_ACCESS_EXCLUSIVE, what);
		if (pg >= 12)
			set_scan(e, MG_MAYBE, "SET NOT NULL reads every row unless a valid CHECK (col IS NOT NULL) proves it");
		else
			set_scan(e, MG_YES, "SET NOT NULL reads every row");
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
		touch_rv(m, rv, MG_LOCK_SHARE_UPDATE_EXCLUSIVE, what);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
		touch_rv(m, rv, reloptions_lock(c->def), what);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
		touch_rv(m, rv, MG_LOCK_SHARE_ROW_EXCLUSIVE, what);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
		if (con && con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
			e = touch_rv(m, rv, MG_LOCK_SHARE_ROW_EXCLUSIVE, what);
			fk_constraint(m, e, con, con->skip_validation ? MG_NO : MG_YES,
				      con->skip_validation ?
				      "ADD FOREIGN KEY ... NOT VALID (referenced table)" :
				      "ADD FOREIGN KEY (referenced table)");
			break;
		}
		e = touch_rv(m, rv, MG_LOCK_ACCESS_EXCLUSIVE, what);
		if (!con)
			break;
		switch (con->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
			if (!con->skip_validation)
				set_scan(e, MG_YES, "ADD CONSTRAINT CHECK is validated by reading every row");
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
		case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
			if (!nz(con->indexname))
				set_scan(e, MG_YES, "ADD UNIQUE / PRIMARY KEY builds its index by reading every row");
			else if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
				set_scan(e, MG_MAYBE, "ADD PRIMARY KEY USING INDEX reads every row when a key column is nullable (implicit SET NOT NULL)");
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
			set_scan(e, MG_YES, "ADD CONSTRAINT EXCLUDE builds its index by reading every row");
			break;
		default:
			break;
		}
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse:
		e = touch_rv(m, rv, MG_LOCK_SHARE_UPDATE_EXCLUSIVE, what);
		set_scan(e, MG_YES, "VALIDATE CONSTRAINT reads every row (reads and writes go on)");
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
		e = touch_rv(m, rv, MG_LOCK_ACCESS_EXCLUSIVE, what);
		set_rewrite(e, MG_MAYBE, "SET LOGGED rewrites an unlogged table (and WAL-logs all of it)");
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
		e = touch_rv(m, rv, MG_LOCK_ACCESS_EXCLUSIVE, what);
		set_rewrite(e, MG_YES, "SET UNLOGGED rewrites the table");
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
		e = touch_rv(m, rv, MG_LOCK_ACCESS_EXCLUSIVE, what);
		set_rewrite(e, MG_MAYBE, "SET ACCESS METHOD rewrites the table when the access method changes");
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
		e = touch_rv(m, rv, MG_LOCK_ACCESS_EXCLUSIVE, what);
		set_rewrite(e, MG_MAYBE, "SET TABLESPACE copies the table's files to the new tablespace");
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
		touch_rv(m, rv, pg >= 12 ? MG_LOCK_SHARE_UPDATE_EXCLUSIVE : MG_LOCK_ACCESS_EXCLUSIVE, what);
		if (pc) {
			p = touch_rv(m, pc->name, MG_LOCK_ACCESS_EXCLUSIVE, "ATTACH PARTITION (attached table)");
			set_scan(p, MG_MAYBE, "ATTACH PARTITION reads every row of the attached table unless a valid CHECK implies the partition bound");
		}
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
		if (pc && pc->concurrent && pg >= 14) {
			touch_rv(m, rv, MG_LOCK_SHARE_UPDATE_EXCLUSIVE, what);
			touch_rv(m, pc->name, MG_LOCK_SHARE_UPDATE_EXCLUSIVE, "DETACH PARTITION CONCURRENTLY (partition)");
		} else {
			touch_rv(m, rv, MG_LOCK_ACCESS_EXCLUSIVE, what);
			if (pc)
				touch_rv(m, pc->name, MG_LOCK_ACCESS_EXCLUSIVE, "DETACH PARTITION (partition)");
		}
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
		touch_rv(m, rv, MG_LOCK_SHARE_UPDATE_EXCLUSIVE, what);
		if (pc)
			touch_rv(m, pc->name, MG_LOCK_ACCESS_EXCLUSIVE, "DETACH PARTITION FINALIZE (partition)");
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
		touch_rv(m, rv, MG_LOCK_ACCESS_EXCLUSIVE, what);
		if (c->def && c->def->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
			touch_rv(m, c->def->range_var, MG_LOCK_SHARE_UPDATE_EXCLUSIVE, "INHERIT (parent)");
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
		touch_rv(m, rv, MG_LOCK_ACCESS_EXCLUSIVE, what);
		if (c->def && c->def->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
			touch_rv(m, c->def->range_var, MG_LOCK_ACCESS_SHARE, "NO INHERIT (parent)");
		break;
	default:
		/* Everything else, including DROP COLUMN, SET/DROP DEFAULT, DROP NOT
		 * NULL, DROP/ALTER CONSTRAINT, SET STORAGE/COMPRESSION, OWNER TO,
		 * REPLICA IDENTITY, ROW LEVEL SECURITY, identity changes and
		 * rule enabling, takes ACCESS EXCLUSIVE. */
		touch_rv(m, rv, MG_LOCK_ACCESS_EXCLUSIVE, what);
		break;
	}
}

static void alter_table(model *m, const PgQuery__AlterTableStmt *a)
{
	size_t i;

	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
		if (c)
			alter_table_cmd(m, a, c);
	}
}

/* ---- other statements ---------------------------------------------------- */

/* Whether a boolean option (VACUUM (FULL), REINDEX (CONCURRENTLY)) is
 * given and on.  Its value reads as PostgreSQL's defGetBoolean() reads it:
 * none, 1, true or on is on; 0, false or off is off (case-insensitive);
 * anything else PostgreSQL rejects, and is taken as on here. */
static int has_option(PgQuery__Node **opts, size_t n, const char *name)
{
	size_t i;

	for (i = n; i > 0; i--) {       /* the last one given counts */
		const PgQuery__DefElem *d;
		const PgQuery__Node *a;
		if (!opts[i - 1] || opts[i - 1]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = opts[i - 1]->def_elem;
		if (!d->defname || strcmp(d->defname, name))
			continue;
		if (!(a = d->arg))
			return 1;
		if (a->node_case == PG_QUERY__NODE__NODE_INTEGER)
			return a->integer->ival != 0;
		if (a->node_case == PG_QUERY__NODE__NODE_STRING && a->string->sval)
			return strcasecmp(a->string->sval, "false") != 0 &&
			       strcasecmp(a->string->sval, "off") != 0;
		return 1;
	}
	return 0;
}

/* Tables read by a join (UPDATE ... FROM, DELETE ... USING, MERGE ...
 * USING): whether they are scanned is the planner's choice. */
static void from_items(model *m, PgQuery__Node **items, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (items[i] && items[i]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
			set_scan(touch_rv(m, items[i]->range_var, MG_LOCK_ACCESS_SHARE, what), MG_MAYBE,
				 "the joined table may be read in full");
}

static void drop_stmt(model *m, const PgQuery__DropStmt *d)
{
	const char *what = NULL;
	size_t i;
	mg_lock l = MG_LOCK_ACCESS_EXCLUSIVE;
	mg_relrole role = MG_REL_TABLE;
	size_t drop_last = 0;

	switch (d->remove_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
		role = MG_REL_INDEX_TABLE;
		if (d->concurrent) {
			l = MG_LOCK_SHARE_UPDATE_EXCLUSIVE;
			what = "DROP INDEX CONCURRENTLY";
		} else {
			what = "DROP INDEX";
		}
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: what = "DROP TABLE"; break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: what = "DROP VIEW"; break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: what = "DROP MATERIALIZED VIEW"; break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: what = "DROP SEQUENCE"; break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: what = "DROP FOREIGN TABLE"; break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER: what = "DROP TRIGGER"; drop_last = 1; break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: what = "DROP POLICY"; drop_last = 1; break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE: what = "DROP RULE"; drop_last = 1; break;
	default:
		return;
	}
	for (i = 0; i < d->n_objects; i++)
		touch_list(m, d->objects[i], drop_last, role, l, what);
}

static void create_stmt(model *m, const PgQuery__CreateStmt *c)
{
	mg_lock_effect *e = touch_rv(m, c->relation, MG_LOCK_ACCESS_EXCLUSIVE, "CREATE TABLE");
	size_t i, j;

	if (e)
		e->is_new = 1;
	for (i = 0; i < c->n_inh_relations; i++) {
		const PgQuery__Node *n = c->inh_relations[i];
		if (!n || n->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
			continue;
		if (c->partbound)
			touch_rv(m, n->range_var, MG_LOCK_ACCESS_EXCLUSIVE, "CREATE TABLE ... PARTITION OF (parent)");
		else
			touch_rv(m, n->range_var, MG_LOCK_SHARE_UPDATE_EXCLUSIVE, "CREATE TABLE ... INHERITS (parent)");
	}
	for (i = 0; i < c->n_table_elts + c->n_constraints; i++) {
		const PgQuery__Node *n = i < c->n_table_elts ? c->table_elts[i] :
			c->constraints[i - c->n_table_elts];
		if (!n)
			continue;
		if (n->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
		    n->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
			fk_constraint(m, NULL, n->constraint, MG_NO, "CREATE TABLE ... REFERENCES (referenced table)");
		else if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
			for (j = 0; j < n->column_def->n_constraints; j++) {
				const PgQuery__Node *k = n->column_def->constraints[j];
				if (k && k->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
				    k->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
					fk_constraint(m, NULL, k->constraint, MG_NO,
						      "CREATE TABLE ... REFERENCES (referenced table)");
			}
		else if (n->node_case == PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE)
			touch_rv(m, n->table_like_clause->relation, MG_LOCK_ACCESS_SHARE,
				 "CREATE TABLE ... LIKE (source)");
	}
}

static int reindex_concurrently(const PgQuery__ReindexStmt *r)
{
	return has_option(r->params, r->n_params, "concurrently");
}

static void reindex_stmt(model *m, const PgQuery__ReindexStmt *r)
{
	mg_lock_effect *e;
	int conc = reindex_concurrently(r);
	const PgQuery__RangeVar *rv = r->relation;

	if (!rv)
		return;
	switch (r->kind) {
	case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX:
		e = touch(m, rv->schemaname, rv->relname, MG_REL_INDEX_TABLE,
			  conc ? MG_LOCK_SHARE_UPDATE_EXCLUSIVE : MG_LOCK_SHARE,
			  conc ? "REINDEX INDEX CONCURRENTLY" : "REINDEX INDEX");
		set_scan(e, MG_YES, "REINDEX reads every row to rebuild the index");
		e = touch(m, rv->schemaname, rv->relname, MG_REL_INDEX,
			  conc ? MG_LOCK_SHARE_UPDATE_EXCLUSIVE : MG_LOCK_ACCESS_EXCLUSIVE,
			  conc ? "REINDEX INDEX CONCURRENTLY" : "REINDEX INDEX");
		set_rewrite(e, MG_YES, "REINDEX builds a new copy of the index");
		break;
	case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE:
		e = touch_rv(m, rv, conc ? MG_LOCK_SHARE_UPDATE_EXCLUSIVE : MG_LOCK_SHARE,
			     conc ? "REINDEX TABLE CONCURRENTLY" : "REINDEX TABLE");
		set_scan(e, MG_YES, "REINDEX reads every row to rebuild the indexes");
		break;
	default:
		break;
	}
}

static void vacuum_stmt(model *m, const PgQuery__VacuumStmt *v)
{
	int full = has_option(v->options, v->n_options, "full");
	size_t i;

	for (i = 0; i < v->n_rels; i++) {
		const PgQuery__Node *n = v->rels[i];
		mg_lock_effect *e;
		if (!n || n->node_case != PG_QUERY__NODE__NODE_VACUUM_RELATION)
			continue;
		if (v->is_vacuumcmd && full) {
			e = touch_rv(m, n->vacuum_relation->relation, MG_LOCK_ACCESS_EXCLUSIVE, "VACUUM FULL");
			set_rewrite(e, MG_YES, "VACUUM FULL rewrites the table and its indexes");
		} else if (v->is_vacuumcmd) {
			e = touch_rv(m, n->vacuum_relation->relation, MG_LOCK_SHARE_UPDATE_EXCLUSIVE, "VACUUM");
			set_scan(e, MG_YES, "VACUUM reads the table");
		} else {
			touch_rv(m, n->vacuum_relation->relation, MG_LOCK_SHARE_UPDATE_EXCLUSIVE, "ANALYZE");
		}
	}
}

static void comment_stmt(model *m, const PgQuery__CommentStmt *c)
{
	const mg_lock l = MG_LOCK_SHARE_UPDATE_EXCLUSIVE;
	const char *what = "COMMENT ON";

	switch (c->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
		touch_list(m, c->object, 0, MG_REL_TABLE, l, what);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
		touch_list(m, c->object, 0, MG_REL_INDEX, l, what);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
		touch_list(m, c->object, 1, MG_REL_TABLE, l, what);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
		/* The object is locked; its table only with ACCESS SHARE
		 * (verified on PostgreSQL 15). */
		touch_list(m, c->object, 1, MG_REL_TABLE, MG_LOCK_ACCESS_SHARE, what);
		break;
	default:
		break;
	}
}

static void rename_stmt(model *m, const PgQuery__RenameStmt *r, int pg)
{
	switch (r->rename_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
		if (r->relation)
			touch(m, r->relation->schemaname, r->relation->relname, MG_REL_INDEX,
			      pg >= 12 ? MG_LOCK_SHARE_UPDATE_EXCLUSIVE : MG_LOCK_ACCESS_EXCLUSIVE,
			      "ALTER INDEX ... RENAME");
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
		touch_rv(m, r->relation, MG_LOCK_ACCESS_EXCLUSIVE, "RENAME TO");
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE:
		touch_rv(m, r->relation, MG_LOCK_ACCESS_EXCLUSIVE, "RENAME COLUMN");
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
		touch_rv(m, r->relation, MG_LOCK_ACCESS_EXCLUSIVE, "RENAME CONSTRAINT");
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
		touch_rv(m, r->relation, MG_LOCK_ACCESS_EXCLUSIVE, "RENAME");
		break;
	default:
		break;
	}
}

static void dml_target(model *m, const PgQuery__RangeVar *rv, int has_where, const char *what)
{
	mg_lock_effect *e = touch_rv(m, rv, MG_LOCK_ROW_EXCLUSIVE, what);

	set_scan(e, has_where ? MG_MAYBE : MG_YES, has_where ?
		 "the statement may read every row to find the matching ones" :
		 "without WHERE the statement reads and writes every row");
}

size_t mg_lockmodel_stmt_ex(const PgQuery__Node *stmt, const mg_lockmodel_opts *o,
			    mg_lock_effect *out, size_t cap)
{
	static const mg_lockmodel_opts defaults = { 15, NULL, NULL };
	model m;
	mg_lock_effect *e;
	size_t i, n;
	int pg;

	if (!o)
		o = &defaults;
	pg = o->pg_version;
	memset(&m, 0, sizeof(m));
	m.o = o;
	if (!stmt)
		return 0;
	switch (stmt->node_case) {
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		alter_table(&m, stmt->alter_table_stmt);
		break;
	case PG_QUERY__NODE__NODE_INDEX_STMT: {
		const PgQuery__IndexStmt *ix = stmt->index_stmt;
		e = touch_rv(&m, ix->relation, ix->concurrent ? MG_LOCK_SHARE_UPDATE_EXCLUSIVE : MG_LOCK_SHARE,
			     ix->concurrent ? "CREATE INDEX CONCURRENTLY" : "CREATE INDEX");
		set_scan(e, MG_YES, ix->concurrent ? "CREATE INDEX CONCURRENTLY reads the table twice" :
			 "CREATE INDEX reads every row");
		break;
	}
	case PG_QUERY__NODE__NODE_DROP_STMT:
		drop_stmt(&m, stmt->drop_stmt);
		break;
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		rename_stmt(&m, stmt->rename_stmt, pg);
		break;
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
		touch_rv(&m, stmt->alter_object_schema_stmt->relation, MG_LOCK_ACCESS_EXCLUSIVE, "SET SCHEMA");
		break;
	case PG_QUERY__NODE__NODE_CLUSTER_STMT:
		e = touch_rv(&m, stmt->cluster_stmt->relation, MG_LOCK_ACCESS_EXCLUSIVE, "CLUSTER");
		set_rewrite(e, MG_YES, "CLUSTER rewrites the table and its indexes in index order");
		break;
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
		vacuum_stmt(&m, stmt->vacuum_stmt);
		break;
	case PG_QUERY__NODE__NODE_REINDEX_STMT:
		reindex_stmt(&m, stmt->reindex_stmt);
		break;
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT: {
		const PgQuery__RefreshMatViewStmt *r = stmt->refresh_mat_view_stmt;
		if (r->concurrent) {
			e = touch_rv(&m, r->relation, MG_LOCK_EXCLUSIVE, "REFRESH MATERIALIZED VIEW CONCURRENTLY");
			set_scan(e, MG_YES, "REFRESH ... CONCURRENTLY compares the new result with every row");
		} else {
			e = touch_rv(&m, r->relation, MG_LOCK_ACCESS_EXCLUSIVE, "REFRESH MATERIALIZED VIEW");
			if (e) {
				e->rewrite = MG_YES;
				e->rewrite_why = "REFRESH MATERIALIZED VIEW writes the view's data into new files";
			}
			if (!r->skip_data)
				set_scan(e, MG_YES, "REFRESH MATERIALIZED VIEW runs the view's whole query");
		}
		break;
	}
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
		for (i = 0; i < stmt->truncate_stmt->n_relations; i++) {
			const PgQuery__Node *r = stmt->truncate_stmt->relations[i];
			if (r && r->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
				e = touch_rv(&m, r->range_var, MG_LOCK_ACCESS_EXCLUSIVE, "TRUNCATE");
				if (e) {
					e->rewrite = MG_YES;
					e->rewrite_why = "TRUNCATE gives the table new, empty files (no rows are read)";
				}
			}
		}
		break;
	case PG_QUERY__NODE__NODE_LOCK_STMT: {
		const PgQuery__LockStmt *l = stmt->lock_stmt;
		mg_lock mode = l->mode >= MG_LOCK_ACCESS_SHARE && l->mode <= MG_LOCK_ACCESS_EXCLUSIVE ?
			(mg_lock)l->mode : MG_LOCK_ACCESS_EXCLUSIVE;
		for (i = 0; i < l->n_relations; i++)
			if (l->relations[i] && l->relations[i]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
				touch_rv(&m, l->relations[i]->range_var, mode, "LOCK TABLE");
		break;
	}
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		touch_rv(&m, stmt->create_trig_stmt->relation, MG_LOCK_SHARE_ROW_EXCLUSIVE, "CREATE TRIGGER");
		touch_rv(&m, stmt->create_trig_stmt->constrrel, MG_LOCK_ACCESS_SHARE,
			 "CREATE CONSTRAINT TRIGGER ... FROM");
		break;
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		comment_stmt(&m, stmt->comment_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		touch_names(&m, stmt->alter_enum_stmt->type_name, stmt->alter_enum_stmt->n_type_name, 0,
			    MG_REL_TYPE, MG_LOCK_EXCLUSIVE,
			    nz(stmt->alter_enum_stmt->old_val) ? "ALTER TYPE ... RENAME VALUE" :
			    "ALTER TYPE ... ADD VALUE");
		break;
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
		dml_target(&m, stmt->update_stmt->relation, stmt->update_stmt->where_clause != NULL, "UPDATE");
		from_items(&m, stmt->update_stmt->from_clause, stmt->update_stmt->n_from_clause, "UPDATE ... FROM");
		break;
	case PG_QUERY__NODE__NODE_DELETE_STMT:
		dml_target(&m, stmt->delete_stmt->relation, stmt->delete_stmt->where_clause != NULL, "DELETE");
		from_items(&m, stmt->delete_stmt->using_clause, stmt->delete_stmt->n_using_clause, "DELETE ... USING");
		break;
	case PG_QUERY__NODE__NODE_INSERT_STMT:
		touch_rv(&m, stmt->insert_stmt->relation, MG_LOCK_ROW_EXCLUSIVE, "INSERT");
		break;
	case PG_QUERY__NODE__NODE_MERGE_STMT:
		set_scan(touch_rv(&m, stmt->merge_stmt->relation, MG_LOCK_ROW_EXCLUSIVE, "MERGE"), MG_MAYBE,
			 "MERGE may read every row of the target to join it");
		if (stmt->merge_stmt->source_relation)
			from_items(&m, &stmt->merge_stmt->source_relation, 1, "MERGE ... USING");
		break;
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		create_stmt(&m, stmt->create_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
		const PgQuery__CreateTableAsStmt *c = stmt->create_table_as_stmt;
		e = touch_rv(&m, c->into ? c->into->rel : NULL, MG_LOCK_ACCESS_EXCLUSIVE, mg_stmt_kind(stmt));
		if (e)
			e->is_new = 1;
		break;
	}
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		e = touch_rv(&m, stmt->view_stmt->view, MG_LOCK_ACCESS_EXCLUSIVE, mg_stmt_kind(stmt));
		if (e && !stmt->view_stmt->replace)
			e->is_new = 1;
		break;
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		e = touch_rv(&m, stmt->create_seq_stmt->sequence, MG_LOCK_ACCESS_EXCLUSIVE, "CREATE SEQUENCE");
		if (e)
			e->is_new = 1;
		break;
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
		e = touch_rv(&m, stmt->alter_seq_stmt->sequence, MG_LOCK_SHARE_ROW_EXCLUSIVE, "ALTER SEQUENCE");
		for (i = 0; i < stmt->alter_seq_stmt->n_options; i++) {
			const PgQuery__Node *opt = stmt->alter_seq_stmt->options[i];
			if (!opt || opt->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
				continue;
			if (!strcmp(opt->def_elem->defname, "owned_by")) {
				/* OWNED BY [schema.]table.column (or NONE) */
				touch_list(&m, opt->def_elem->arg, 1, MG_REL_TABLE, MG_LOCK_ACCESS_SHARE,
					   "ALTER SEQUENCE ... OWNED BY (owning table)");
			} else if (e) {
				e->rewrite = MG_YES;
				e->rewrite_why = "ALTER SEQUENCE writes the sequence anew (one page: instant)";
			}
		}
		break;
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
		touch_rv(&m, stmt->create_policy_stmt->table, MG_LOCK_ACCESS_EXCLUSIVE, "CREATE POLICY");
		break;
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
		touch_rv(&m, stmt->alter_policy_stmt->table, MG_LOCK_ACCESS_EXCLUSIVE, "ALTER POLICY");
		break;
	case PG_QUERY__NODE__NODE_RULE_STMT:
		touch_rv(&m, stmt->rule_stmt->relation, MG_LOCK_ACCESS_EXCLUSIVE, "CREATE RULE");
		break;
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
		for (i = 0; i < stmt->create_stats_stmt->n_relations; i++) {
			const PgQuery__Node *r = stmt->create_stats_stmt->relations[i];
			if (r && r->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
				touch_rv(&m, r->range_var, MG_LOCK_SHARE_UPDATE_EXCLUSIVE, "CREATE STATISTICS");
		}
		break;
	default:
		break;
	}
	n = m.n;
	for (i = 0; i < n; i++) {
		if (out && i < cap)
			out[i] = *m.e[i];
		free(m.e[i]);
	}
	free(m.e);
	return n;
}

size_t mg_lockmodel_stmt(const PgQuery__Node *stmt, int pg_version,
			 mg_lock_effect *out, size_t cap)
{
	mg_lockmodel_opts o;

	memset(&o, 0, sizeof(o));
	o.pg_version = pg_version;
	return mg_lockmodel_stmt_ex(stmt, &o, out, cap);
}

/* ---- names ----------------------------------------------------------------- */

const char *mg_alter_cmd_kind(const PgQuery__AlterTableCmd *c)
{
	const PgQuery__Constraint *con = NULL;

	if (!c)
		return "ALTER TABLE";
	if (c->def && c->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
		con = c->def->constraint;
	switch (c->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnToView: return "ADD COLUMN";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
		return c->def ? "ALTER COLUMN SET DEFAULT" : "ALTER COLUMN DROP DEFAULT";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull: return "ALTER COLUMN DROP NOT NULL";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull: return "ALTER COLUMN SET NOT NULL";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression: return "ALTER COLUMN DROP EXPRESSION";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics: return "ALTER COLUMN SET STATISTICS";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions: return "ALTER COLUMN SET (...)";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions: return "ALTER COLUMN RESET (...)";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage: return "ALTER COLUMN SET STORAGE";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression: return "ALTER COLUMN SET COMPRESSION";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse: return "DROP COLUMN";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
		if (!con)
			return "ADD CONSTRAINT";
		switch (con->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
			return con->skip_validation ? "ADD CONSTRAINT CHECK ... NOT VALID" : "ADD CONSTRAINT CHECK";
		case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
			return con->skip_validation ? "ADD FOREIGN KEY ... NOT VALID" : "ADD FOREIGN KEY";
		case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
			return nz(con->indexname) ? "ADD PRIMARY KEY USING INDEX" : "ADD PRIMARY KEY";
		case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
			return nz(con->indexname) ? "ADD UNIQUE USING INDEX" : "ADD UNIQUE";
		case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: return "ADD CONSTRAINT EXCLUDE";
		default: return "ADD CONSTRAINT";
		}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint: return "ALTER CONSTRAINT";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse: return "VALIDATE CONSTRAINT";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse: return "DROP CONSTRAINT";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: return "ALTER COLUMN TYPE";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnGenericOptions: return "ALTER COLUMN OPTIONS";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner: return "OWNER TO";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn: return "CLUSTER ON";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster: return "SET WITHOUT CLUSTER";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged: return "SET LOGGED";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged: return "SET UNLOGGED";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod: return "SET ACCESS METHOD";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace: return "SET TABLESPACE";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions: return "SET (...)";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions: return "RESET (...)";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser: return "ENABLE TRIGGER";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser: return "DISABLE TRIGGER";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRule:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysRule:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaRule: return "ENABLE RULE";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRule: return "DISABLE RULE";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit: return "INHERIT";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit: return "NO INHERIT";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddOf: return "OF";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropOf: return "NOT OF";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity: return "REPLICA IDENTITY";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity: return "ENABLE ROW LEVEL SECURITY";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity: return "DISABLE ROW LEVEL SECURITY";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity: return "FORCE ROW LEVEL SECURITY";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity: return "NO FORCE ROW LEVEL SECURITY";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_GenericOptions: return "OPTIONS";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition: return "ATTACH PARTITION";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition: {
		const PgQuery__PartitionCmd *pc = c->def && c->def->node_case ==
			PG_QUERY__NODE__NODE_PARTITION_CMD ? c->def->partition_cmd : NULL;
		return pc && pc->concurrent ? "DETACH PARTITION CONCURRENTLY" : "DETACH PARTITION";
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize: return "DETACH PARTITION FINALIZE";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity: return "ALTER COLUMN ADD GENERATED AS IDENTITY";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity: return "ALTER COLUMN SET (identity option)";
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity: return "ALTER COLUMN DROP IDENTITY";
	default: return "ALTER TABLE";
	}
}

static const char *objtype_name(PgQuery__ObjectType t)
{
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: return "TABLE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: return "INDEX";
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: return "VIEW";
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: return "MATERIALIZED VIEW";
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: return "SEQUENCE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: return "FOREIGN TABLE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: return "TYPE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: return "DOMAIN";
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: return "SCHEMA";
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION: return "FUNCTION";
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE: return "PROCEDURE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER: return "TRIGGER";
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: return "POLICY";
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE: return "RULE";
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: return "EXTENSION";
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: return "COLUMN";
	case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE: return "DATABASE";
	default: return NULL;
	}
}

const char *mg_stmt_kind(const PgQuery__Node *stmt)
{
	const char *t;

	if (!stmt)
		return "statement";
	switch (stmt->node_case) {
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		switch (stmt->alter_table_stmt->objtype) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: return "ALTER INDEX";
		case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: return "ALTER VIEW";
		case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: return "ALTER MATERIALIZED VIEW";
		case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: return "ALTER SEQUENCE";
		case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: return "ALTER FOREIGN TABLE";
		case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: return "ALTER TYPE";
		default: return "ALTER TABLE";
		}
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return stmt->index_stmt->concurrent ? "CREATE INDEX CONCURRENTLY" : "CREATE INDEX";
	case PG_QUERY__NODE__NODE_DROP_STMT:
		switch (stmt->drop_stmt->remove_type) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
			return stmt->drop_stmt->concurrent ? "DROP INDEX CONCURRENTLY" : "DROP INDEX";
		case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: return "DROP TABLE";
		case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: return "DROP VIEW";
		case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: return "DROP MATERIALIZED VIEW";
		case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: return "DROP SEQUENCE";
		case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: return "DROP TYPE";
		case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: return "DROP DOMAIN";
		case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: return "DROP SCHEMA";
		case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER: return "DROP TRIGGER";
		case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: return "DROP POLICY";
		case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION: return "DROP FUNCTION";
		case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: return "DROP EXTENSION";
		default: return "DROP";
		}
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		switch (stmt->rename_stmt->rename_type) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: return "RENAME COLUMN";
		case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: return "RENAME CONSTRAINT";
		case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: return "ALTER INDEX ... RENAME";
		case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: return "ALTER TABLE ... RENAME TO";
		case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: return "ALTER VIEW ... RENAME TO";
		default:
			t = objtype_name(stmt->rename_stmt->rename_type);
			return t && !strcmp(t, "MATERIALIZED VIEW") ? "ALTER MATERIALIZED VIEW ... RENAME TO" :
				"RENAME";
		}
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT: return "SET SCHEMA";
	case PG_QUERY__NODE__NODE_CLUSTER_STMT: return "CLUSTER";
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
		if (!stmt->vacuum_stmt->is_vacuumcmd)
			return "ANALYZE";
		return has_option(stmt->vacuum_stmt->options, stmt->vacuum_stmt->n_options, "full") ?
			"VACUUM FULL" : "VACUUM";
	case PG_QUERY__NODE__NODE_REINDEX_STMT: {
		int conc = reindex_concurrently(stmt->reindex_stmt);
		switch (stmt->reindex_stmt->kind) {
		case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX:
			return conc ? "REINDEX INDEX CONCURRENTLY" : "REINDEX INDEX";
		case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE:
			return conc ? "REINDEX TABLE CONCURRENTLY" : "REINDEX TABLE";
		case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SCHEMA:
			return conc ? "REINDEX SCHEMA CONCURRENTLY" : "REINDEX SCHEMA";
		default:
			return conc ? "REINDEX DATABASE CONCURRENTLY" : "REINDEX DATABASE";
		}
	}
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
		return stmt->refresh_mat_view_stmt->concurrent ?
			"REFRESH MATERIALIZED VIEW CONCURRENTLY" : "REFRESH MATERIALIZED VIEW";
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT: return "TRUNCATE";
	case PG_QUERY__NODE__NODE_LOCK_STMT: return "LOCK TABLE";
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: return "CREATE TRIGGER";
	case PG_QUERY__NODE__NODE_COMMENT_STMT: return "COMMENT ON";
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		return nz(stmt->alter_enum_stmt->old_val) ? "ALTER TYPE ... RENAME VALUE" :
			"ALTER TYPE ... ADD VALUE";
	case PG_QUERY__NODE__NODE_UPDATE_STMT: return "UPDATE";
	case PG_QUERY__NODE__NODE_DELETE_STMT: return "DELETE";
	case PG_QUERY__NODE__NODE_INSERT_STMT: return "INSERT";
	case PG_QUERY__NODE__NODE_MERGE_STMT: return "MERGE";
	case PG_QUERY__NODE__NODE_SELECT_STMT: return "SELECT";
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return stmt->create_stmt->partbound ? "CREATE TABLE ... PARTITION OF" : "CREATE TABLE";
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		return stmt->create_table_as_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW ?
			"CREATE MATERIALIZED VIEW" : "CREATE TABLE AS";
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		return stmt->view_stmt->replace ? "CREATE OR REPLACE VIEW" : "CREATE VIEW";
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: return "CREATE SEQUENCE";
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT: return "ALTER SEQUENCE";
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT: return "CREATE POLICY";
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT: return "ALTER POLICY";
	case PG_QUERY__NODE__NODE_RULE_STMT: return "CREATE RULE";
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT: return "CREATE STATISTICS";
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT: return "ALTER DOMAIN";
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: return "CREATE DOMAIN";
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: return "CREATE TYPE ... AS ENUM";
	case PG_QUERY__NODE__NODE_ALTER_TYPE_STMT: return "ALTER TYPE";
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: return "CREATE FUNCTION";
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: return "CREATE SCHEMA";
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT: return "CREATE EXTENSION";
	case PG_QUERY__NODE__NODE_GRANT_STMT: return "GRANT";
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT: return "transaction control";
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT: return "SET";
	case PG_QUERY__NODE__NODE_DO_STMT: return "DO";
	case PG_QUERY__NODE__NODE_CREATEDB_STMT: return "CREATE DATABASE";
	case PG_QUERY__NODE__NODE_DROPDB_STMT: return "DROP DATABASE";
	case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT: return "CREATE TABLESPACE";
	case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT: return "DROP TABLESPACE";
	case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT: return "ALTER SYSTEM";
	default: return "statement";
	}
}

const char *mg_lockmodel_no_transaction(const PgQuery__Node *stmt, int pg_version)
{
	size_t i;

	if (!stmt)
		return NULL;
	switch (stmt->node_case) {
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		if (stmt->index_stmt->concurrent)
			return "CREATE INDEX CONCURRENTLY cannot run inside a transaction block";
		return NULL;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		if (stmt->drop_stmt->concurrent)
			return "DROP INDEX CONCURRENTLY cannot run inside a transaction block";
		return NULL;
	case PG_QUERY__NODE__NODE_REINDEX_STMT:
		if (reindex_concurrently(stmt->reindex_stmt))
			return "REINDEX CONCURRENTLY cannot run inside a transaction block";
		if (stmt->reindex_stmt->kind != PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX &&
		    stmt->reindex_stmt->kind != PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE)
			return "REINDEX SCHEMA / DATABASE / SYSTEM cannot run inside a transaction block";
		return NULL;
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
		if (stmt->vacuum_stmt->is_vacuumcmd)
			return "VACUUM cannot run inside a transaction block";
		return NULL;
	case PG_QUERY__NODE__NODE_CLUSTER_STMT:
		if (!stmt->cluster_stmt->relation)
			return "CLUSTER without a table cannot run inside a transaction block";
		return NULL;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		for (i = 0; i < stmt->alter_table_stmt->n_cmds; i++) {
			const PgQuery__AlterTableCmd *c = mg_alter_cmd(stmt->alter_table_stmt, i);
			if (c && c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition &&
			    c->def && c->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
			    c->def->partition_cmd->concurrent && pg_version >= 14)
				return "DETACH PARTITION CONCURRENTLY cannot run inside a transaction block";
		}
		return NULL;
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		if (pg_version < 12 && !nz(stmt->alter_enum_stmt->old_val))
			return "ALTER TYPE ... ADD VALUE cannot run inside a transaction block before PostgreSQL 12";
		return NULL;
	case PG_QUERY__NODE__NODE_CREATEDB_STMT:
		return "CREATE DATABASE cannot run inside a transaction block";
	case PG_QUERY__NODE__NODE_DROPDB_STMT:
		return "DROP DATABASE cannot run inside a transaction block";
	case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT:
		return "CREATE TABLESPACE cannot run inside a transaction block";
	case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT:
		return "DROP TABLESPACE cannot run inside a transaction block";
	case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT:
		return "ALTER SYSTEM cannot run inside a transaction block";
	default:
		return NULL;
	}
}
