/* stylelib.c - helpers for the schema-style rules (column types, names). */
#include "config.h"
#include "stylelib.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

static void column_def(mg_rule_ctx *ctx, const PgQuery__RangeVar *table,
		       const PgQuery__ColumnDef *cd, const char *name, const char *where,
		       mg_style_col_fn fn, void *ud)
{
	mg_style_col ct;

	if (!cd || !cd->type_name)
		return;
	ct.table = table;
	ct.column = name ? name : cd->colname ? cd->colname : "?";
	ct.type = cd->type_name;
	ct.location = cd->type_name->location >= 0 ? cd->type_name->location : cd->location;
	ct.where = where;
	fn(ctx, &ct, ud);
}

static void create_stmt(mg_rule_ctx *ctx, const PgQuery__CreateStmt *cs,
			mg_style_col_fn fn, void *ud)
{
	size_t i;

	/* a temporary table is scratch space for this session only */
	if (!cs || (cs->relation && cs->relation->relpersistence &&
		    cs->relation->relpersistence[0] == 't'))
		return;
	for (i = 0; i < cs->n_table_elts; i++) {
		const PgQuery__Node *e = cs->table_elts[i];
		if (e && e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
			column_def(ctx, cs->relation, e->column_def, NULL, "CREATE TABLE", fn, ud);
	}
}

void mg_style_each_column_type(mg_rule_ctx *ctx, const PgQuery__Node *n,
			       mg_style_col_fn fn, void *ud)
{
	const PgQuery__AlterTableStmt *a;
	size_t i;

	if (!n || mg_style_is_down(ctx->path))
		return;
	if (n->node_case == PG_QUERY__NODE__NODE_CREATE_STMT) {
		create_stmt(ctx, n->create_stmt, fn, ud);
		return;
	}
	if (n->node_case == PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT) {
		create_stmt(ctx, n->create_foreign_table_stmt->base_stmt, fn, ud);
		return;
	}
	a = mg_alter_table(n);
	if (!a || (a->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
		   a->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE))
		return;
	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
		const PgQuery__ColumnDef *cd;

		if (!c)
			continue;
		if ((cd = mg_added_column(c)) != NULL)
			column_def(ctx, a->relation, cd, NULL, "ADD COLUMN", fn, ud);
		else if (c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType &&
			 c->def && c->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
			column_def(ctx, a->relation, c->def->column_def, c->name,
				   "ALTER COLUMN TYPE", fn, ud);
	}
}

int mg_style_is_down(const char *path)
{
	const char *base;

	if (!path)
		return 0;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return mg_ends_with(base, ".down.sql") || !strcmp(base, "down.sql") ||
	       mg_starts_with(path, "revert/") || strstr(path, "/revert/") != NULL;
}

const char *mg_style_type_base(const PgQuery__TypeName *t)
{
	const PgQuery__Node *last, *first;

	if (!t || !t->n_names || t->pct_type)
		return NULL;
	last = t->names[t->n_names - 1];
	if (!last || last->node_case != PG_QUERY__NODE__NODE_STRING || !last->string->sval)
		return NULL;
	if (t->n_names == 2) {
		first = t->names[0];
		if (!first || first->node_case != PG_QUERY__NODE__NODE_STRING ||
		    !first->string->sval || strcmp(first->string->sval, "pg_catalog"))
			return NULL;
	} else if (t->n_names != 1) {
		return NULL;
	}
	return last->string->sval;
}

int mg_style_type_in(const PgQuery__TypeName *t, const char *const *names)
{
	const char *b = mg_style_type_base(t);
	size_t i;

	if (!b)
		return 0;
	for (i = 0; names[i]; i++)
		if (!strcmp(b, names[i]))
			return 1;
	return 0;
}

/* How a reader writes the catalogue's internal type names. */
static const char *const display_names[][2] = {
	{ "int2", "smallint" }, { "int4", "integer" }, { "int8", "bigint" },
	{ "bpchar", "char" }, { "float4", "real" }, { "float8", "double precision" },
	{ "bool", "boolean" },
};

const char *mg_style_type_str(const PgQuery__TypeName *t, char *buf, size_t size)
{
	const char *b = mg_style_type_base(t);
	size_t i, used;
	int w;

	if (!b) {
		if (t && t->n_names)
			mg_name_join(t->names, t->n_names, buf, size);
		else
			snprintf(buf, size, "?");
		return buf;
	}
	/* Written names (int4, bpchar) stay as written; canonical ones read nicer. */
	if (t->n_names == 2)
		for (i = 0; i < MG_ARRAY_SIZE(display_names); i++)
			if (!strcmp(b, display_names[i][0])) {
				b = display_names[i][1];
				break;
			}
	w = snprintf(buf, size, "%s", b);
	used = w < 0 ? 0 : (size_t)w >= size ? size - 1 : (size_t)w;
	for (i = 0; i < t->n_typmods && used + 1 < size; i++) {
		const PgQuery__Node *m = t->typmods[i];
		if (m && m->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    m->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL && m->a_const->ival)
			w = snprintf(buf + used, size - used, "%s%d", i ? "," : "(",
				     (int)m->a_const->ival->ival);
		else
			w = snprintf(buf + used, size - used, "%s?", i ? "," : "(");
		used = w < 0 ? used : (size_t)w >= size - used ? size - 1 : used + (size_t)w;
		if (i + 1 == t->n_typmods && used + 1 < size) {
			buf[used++] = ')';
			buf[used] = '\0';
		}
	}
	for (i = 0; i < t->n_array_bounds && used + 2 < size; i++) {
		buf[used++] = '[';
		buf[used++] = ']';
		buf[used] = '\0';
	}
	return buf;
}
