/* rulelib.c - parse-tree helpers shared by the rules. */
#include "config.h"
#include "rulelib.h"

#include <stdio.h>
#include <string.h>

const PgQuery__AlterTableStmt *mg_alter_table(const PgQuery__Node *n)
{
	if (n && n->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
		return n->alter_table_stmt;
	return NULL;
}

const PgQuery__AlterTableCmd *mg_alter_cmd(const PgQuery__AlterTableStmt *a, size_t i)
{
	const PgQuery__Node *n;

	if (!a || i >= a->n_cmds)
		return NULL;
	n = a->cmds[i];
	if (!n || n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
		return NULL;
	return n->alter_table_cmd;
}

const PgQuery__ColumnDef *mg_added_column(const PgQuery__AlterTableCmd *c)
{
	if (!c || c->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn || !c->def ||
	    c->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
		return NULL;
	return c->def->column_def;
}

const PgQuery__Constraint *mg_column_constraint(const PgQuery__ColumnDef *cd,
						PgQuery__ConstrType type)
{
	size_t i;

	for (i = 0; cd && i < cd->n_constraints; i++) {
		const PgQuery__Node *n = cd->constraints[i];
		if (n && n->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
		    n->constraint->contype == type)
			return n->constraint;
	}
	return NULL;
}

const PgQuery__Node *mg_column_default(const PgQuery__ColumnDef *cd)
{
	const PgQuery__Constraint *c;

	if (!cd)
		return NULL;
	if (cd->raw_default)
		return cd->raw_default;
	c = mg_column_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT);
	return c ? c->raw_expr : NULL;
}

int mg_column_not_null(const PgQuery__ColumnDef *cd)
{
	return cd && (cd->is_not_null ||
		      mg_column_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL) ||
		      mg_column_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY));
}

int mg_column_generated_stored(const PgQuery__ColumnDef *cd)
{
	return mg_column_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED) != NULL;
}

const char *mg_name_last(PgQuery__Node **items, size_t n)
{
	if (!n || !items[n - 1] || items[n - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return "?";
	return items[n - 1]->string->sval;
}

const char *mg_name_join(PgQuery__Node **items, size_t n, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *s = "?";
		int w;
		if (items[i] && items[i]->node_case == PG_QUERY__NODE__NODE_STRING)
			s = items[i]->string->sval;
		w = snprintf(buf + used, size - used, "%s%s", i ? "." : "", s);
		if (w < 0 || (size_t)w >= size - used)
			break;
		used += (size_t)w;
	}
	return buf;
}

/* Functions PostgreSQL marks immutable or stable that are common in
 * defaults: their value is computed once at ALTER time, so no rewrite. */
static const char *const nonvolatile_funcs[] = {
	"now", "transaction_timestamp", "statement_timestamp", "current_date",
	"current_time", "current_timestamp", "localtime", "localtimestamp",
	"lower", "upper", "to_json", "to_jsonb", "jsonb_build_object",
	"json_build_object", "jsonb_build_array", "json_build_array",
	"array_fill", "make_interval", "make_date", "make_timestamp",
	"make_timestamptz", "to_timestamp", "to_date", "concat", "coalesce",
	"current_user", "session_user", "current_schema", "timezone", "abs",
	"length", "trim", "btrim", "replace", "format", "md5",
};

static int func_is_nonvolatile(const PgQuery__FuncCall *f, const char **fname)
{
	const char *name = mg_name_last(f->funcname, f->n_funcname);
	size_t i;

	for (i = 0; i < sizeof(nonvolatile_funcs) / sizeof(nonvolatile_funcs[0]); i++)
		if (!strcmp(name, nonvolatile_funcs[i]))
			break;
	if (i == sizeof(nonvolatile_funcs) / sizeof(nonvolatile_funcs[0])) {
		*fname = name;
		return 0;
	}
	for (i = 0; i < f->n_args; i++)
		if (!mg_expr_is_nonvolatile(f->args[i], fname))
			return 0;
	return 1;
}

int mg_expr_is_nonvolatile(const PgQuery__Node *n, const char **fname)
{
	size_t i;

	if (!n)
		return 1;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST:
	case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
		return 1;
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		return mg_expr_is_nonvolatile(n->type_cast->arg, fname);
	case PG_QUERY__NODE__NODE_A_EXPR:
		return mg_expr_is_nonvolatile(n->a_expr->lexpr, fname) &&
		       mg_expr_is_nonvolatile(n->a_expr->rexpr, fname);
	case PG_QUERY__NODE__NODE_BOOL_EXPR:
		for (i = 0; i < n->bool_expr->n_args; i++)
			if (!mg_expr_is_nonvolatile(n->bool_expr->args[i], fname))
				return 0;
		return 1;
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
		for (i = 0; i < n->a_array_expr->n_elements; i++)
			if (!mg_expr_is_nonvolatile(n->a_array_expr->elements[i], fname))
				return 0;
		return 1;
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
		for (i = 0; i < n->coalesce_expr->n_args; i++)
			if (!mg_expr_is_nonvolatile(n->coalesce_expr->args[i], fname))
				return 0;
		return 1;
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		return func_is_nonvolatile(n->func_call, fname);
	case PG_QUERY__NODE__NODE_LIST:
		for (i = 0; i < n->list->n_items; i++)
			if (!mg_expr_is_nonvolatile(n->list->items[i], fname))
				return 0;
		return 1;
	default:
		*fname = "an expression";
		return 0;
	}
}
