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

const PgQuery__Constraint *mg_added_constraint(const PgQuery__AlterTableCmd *c)
{
	if (!c || (c->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint &&
		   c->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse) ||
	    !c->def || c->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
		return NULL;
	return c->def->constraint;
}

int mg_defelem_on(PgQuery__Node **items, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const PgQuery__DefElem *d;
		const PgQuery__Node *a;
		if (!items[i] || items[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = items[i]->def_elem;
		if (!d->defname || strcmp(d->defname, name))
			continue;
		a = d->arg;
		if (!a)
			return 1;
		if (a->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
			return a->boolean->boolval;
		if (a->node_case == PG_QUERY__NODE__NODE_INTEGER)
			return a->integer->ival != 0;
		if (a->node_case == PG_QUERY__NODE__NODE_STRING && a->string->sval)
			return strcmp(a->string->sval, "false") && strcmp(a->string->sval, "off") &&
			       strcmp(a->string->sval, "0");
		if (a->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    a->a_const->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL)
			return a->a_const->boolval->boolval;
		return 1;
	}
	return 0;
}

const char *mg_rel_lock_desc(const mg_rel_lock *l, char *buf, size_t size)
{
	snprintf(buf, size, "%s\"%s\"", l->via_index ? "the table of index " : "", l->name);
	return buf;
}

size_t mg_stmt_locks(const mg_rule_ctx *ctx, const PgQuery__Node *n, mg_rel_lock *out, size_t cap)
{
	mg_lock_effect eff[32];
	size_t i, k = 0, cnt;

	if (!n)
		return 0;
	/* the verified per-statement model (src/lockmodel.c) */
	cnt = mg_lockmodel_stmt(n, ctx->opts->pg_version, eff, sizeof(eff) / sizeof(eff[0]));
	if (cnt > sizeof(eff) / sizeof(eff[0]))
		cnt = sizeof(eff) / sizeof(eff[0]);
	for (i = 0; i < cnt && k < cap; i++) {
		const mg_lock_effect *e = &eff[i];
		if (e->is_new || e->lock == MG_LOCK_NONE || !e->name ||
		    (e->role != MG_REL_TABLE && e->role != MG_REL_INDEX_TABLE))
			continue;
		out[k].rel = NULL;
		if (e->schema && *e->schema)
			snprintf(out[k].name, sizeof(out[k].name), "%s.%s", e->schema, e->name);
		else
			snprintf(out[k].name, sizeof(out[k].name), "%s", e->name);
		out[k].lock = e->lock;
		out[k].via_index = e->role == MG_REL_INDEX_TABLE;
		k++;
	}
	return k;
}

mg_lock mg_stmt_lock_on(const mg_rule_ctx *ctx, const PgQuery__Node *n, const char *name)
{
	mg_rel_lock locks[16];
	size_t i, cnt = mg_stmt_locks(ctx, n, locks, sizeof(locks) / sizeof(locks[0]));

	for (i = 0; i < cnt; i++)
		if (!locks[i].via_index && !strcmp(locks[i].name, name))
			return locks[i].lock;
	return MG_LOCK_NONE;
}

mg_lock mg_stmt_strongest_lock(const mg_rule_ctx *ctx, const PgQuery__Node *n,
			       char *name, size_t size)
{
	mg_rel_lock locks[16];
	size_t i, cnt = mg_stmt_locks(ctx, n, locks, sizeof(locks) / sizeof(locks[0]));
	mg_lock best = MG_LOCK_NONE;

	if (size)
		name[0] = '\0';
	for (i = 0; i < cnt; i++) {
		if (locks[i].rel ? mg_table_is_new(ctx, locks[i].rel) :
		    mg_table_name_is_new(ctx, locks[i].name))
			continue;
		if (locks[i].lock > best) {
			best = locks[i].lock;
			if (size)
				mg_rel_lock_desc(&locks[i], name, size);
		}
	}
	return best;
}

static int tx_kind_in(const PgQuery__Node *n, const PgQuery__TransactionStmtKind *k, size_t nk)
{
	size_t i;

	if (!n || n->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT)
		return 0;
	for (i = 0; i < nk; i++)
		if (n->transaction_stmt->kind == k[i])
			return 1;
	return 0;
}

int mg_is_tx_end(const PgQuery__Node *n)
{
	static const PgQuery__TransactionStmtKind k[] = {
		PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT,
		PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK,
		PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE,
	};
	return tx_kind_in(n, k, sizeof(k) / sizeof(k[0]));
}

int mg_is_tx_begin(const PgQuery__Node *n)
{
	static const PgQuery__TransactionStmtKind k[] = {
		PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN,
		PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START,
	};
	return tx_kind_in(n, k, sizeof(k) / sizeof(k[0]));
}

int mg_is_housekeeping(const PgQuery__Node *n)
{
	if (!n)
		return 1;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
	case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
		return 1;
	default:
		return 0;
	}
}

size_t mg_tx_end_index(const mg_rule_ctx *ctx)
{
	size_t i;

	if (!ctx->explicit_transaction)
		return ctx->in_transaction ? ctx->sql->nstmts : ctx->index + 1;
	for (i = ctx->index + 1; i < ctx->sql->nstmts; i++)
		if (mg_is_tx_end(ctx->sql->stmts[i].node))
			return i;
	return ctx->sql->nstmts;
}

const PgQuery__RangeVar *mg_dml_relation(const PgQuery__Node *n)
{
	if (!n)
		return NULL;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
		return n->update_stmt->relation;
	case PG_QUERY__NODE__NODE_DELETE_STMT:
		return n->delete_stmt->relation;
	case PG_QUERY__NODE__NODE_INSERT_STMT:
		return n->insert_stmt->relation;
	case PG_QUERY__NODE__NODE_MERGE_STMT:
		return n->merge_stmt->relation;
	default:
		return NULL;
	}
}

const char *mg_lock_a(mg_lock l)
{
	const char *n = mg_lock_name(l);
	return (n[0] == 'A' || n[0] == 'E') ? "an" : "a";
}

void mg_each_index_building_constraint(mg_rule_ctx *ctx, const PgQuery__Node *n,
				       PgQuery__ConstrType type, mg_constraint_fn fn)
{
	const PgQuery__AlterTableStmt *a = mg_alter_table(n);
	size_t i;

	if (!a || mg_table_is_new(ctx, a->relation))
		return;
	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
		const PgQuery__Constraint *k = mg_added_constraint(c);
		const PgQuery__ColumnDef *cd = mg_added_column(c);

		if (k && k->contype == type && !(k->indexname && *k->indexname))
			fn(ctx, a->relation, k);
		if (cd && (k = mg_column_constraint(cd, type)))
			fn(ctx, a->relation, k);
	}
}
