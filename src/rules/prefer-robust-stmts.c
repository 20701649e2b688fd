/* prefer-robust-stmts: statements outside a transaction that cannot be run
 * again after a failure part way through the file (squawk's rule). */
#include "config.h"
#include "rulelib.h"

#include <stdio.h>
#include <string.h>

enum { CON_UNSEEN, CON_DROPPED, CON_ADDED };

/* Constraint names a command drops or adds (squawk's bookkeeping: names
 * only, any table). */
static const char *cmd_constraint(const PgQuery__AlterTableCmd *c, int *dropped)
{
	if (c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint) {
		*dropped = 1;
		return c->name;
	}
	if (c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint && c->def &&
	    c->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
		*dropped = 0;
		return c->def->constraint->conname;
	}
	return NULL;
}

static int apply(int state, int dropped)
{
	if (dropped)
		return CON_DROPPED;
	return state == CON_DROPPED ? CON_ADDED : state;
}

/* The state of a constraint name before command ncmd of the current
 * statement: dropped earlier (so ADD CONSTRAINT can be rerun), added after
 * a drop, or never seen. */
static int constraint_state(const mg_rule_ctx *ctx, const char *name, size_t ncmd)
{
	int state = CON_UNSEEN;
	size_t s, i;

	if (!name)
		return CON_UNSEEN;
	for (s = 0; s <= ctx->index && s < ctx->sql->nstmts; s++) {
		const PgQuery__AlterTableStmt *a = mg_alter_table(ctx->sql->stmts[s].node);
		size_t upto = a ? (s == ctx->index ? ncmd : a->n_cmds) : 0;
		for (i = 0; i < upto; i++) {
			const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
			const char *cn;
			int dropped;
			if (!c || !(cn = cmd_constraint(c, &dropped)) || strcmp(cn, name))
				continue;
			state = apply(state, dropped);
		}
	}
	return state;
}

/* Non-zero when a DefElem option list holds name, not set to false/off/0. */
static int defelem_flag(PgQuery__Node **items, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const PgQuery__DefElem *d;
		const PgQuery__Node *v;
		if (!items[i] || items[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = items[i]->def_elem;
		if (!d->defname || strcmp(d->defname, name))
			continue;
		v = d->arg;
		if (!v)
			return 1;
		if (v->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
			return v->boolean->boolval;
		if (v->node_case == PG_QUERY__NODE__NODE_INTEGER)
			return v->integer->ival != 0;
		if (v->node_case == PG_QUERY__NODE__NODE_STRING && v->string->sval)
			return strcmp(v->string->sval, "false") && strcmp(v->string->sval, "off") &&
			       strcmp(v->string->sval, "0");
		return 1;
	}
	return 0;
}

/* A statement PostgreSQL refuses to run inside a transaction block (or that
 * manages transactions itself): a file holding one is not run inside a
 * single transaction by its migration runner. */
static int outside_tx_evidence(const PgQuery__Node *n)
{
	const PgQuery__AlterTableStmt *a;
	size_t i;

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
		return 1;
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return n->index_stmt->concurrent;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		return n->drop_stmt->concurrent;
	case PG_QUERY__NODE__NODE_REINDEX_STMT:
		return defelem_flag(n->reindex_stmt->params, n->reindex_stmt->n_params,
				       "concurrently");
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
		return n->vacuum_stmt->is_vacuumcmd;
	case PG_QUERY__NODE__NODE_CREATEDB_STMT:
	case PG_QUERY__NODE__NODE_DROPDB_STMT:
		return 1;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		a = n->alter_table_stmt;
		for (i = 0; i < a->n_cmds; i++) {
			const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
			if (c && c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition &&
			    c->def && c->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
			    c->def->partition_cmd->concurrent)
				return 1;
		}
		return 0;
	default:
		return 0;
	}
}

/* Whether the rule looks at this file.  With its default severity it
 * needs evidence that the file does not run in one transaction (an explicit
 * BEGIN/COMMIT, or a statement that cannot run in a transaction block):
 * most runners wrap each file in a transaction, and migguard cannot see the
 * runner.  Set explicitly (rule.prefer-robust-stmts.severity), it checks
 * every file, as squawk does. */
static int file_checked(const mg_rule_ctx *ctx)
{
	size_t i;

	if (mg_lint_severity(ctx->opts, ctx->rule->id, MG_SEV_OFF) != MG_SEV_OFF)
		return 1;
	for (i = 0; i < ctx->sql->nstmts; i++)
		if (ctx->sql->stmts[i].node && outside_tx_evidence(ctx->sql->stmts[i].node))
			return 1;
	/* the runner told so: goose and dbmate annotations */
	for (i = 0; i < ctx->sql->ncomments; i++) {
		const mg_comment *c = &ctx->sql->comments[i];
		const char *t = ctx->sql->src + c->start;
		size_t len = c->end - c->start;
		if (memmem(t, len, "+goose NO TRANSACTION", 21) ||
		    memmem(t, len, "transaction:false", 17))
			return 1;
	}
	return 0;
}

static const char help_rerun[] =
	"make it re-runnable (IF [NOT] EXISTS), or run the file in a transaction "
	"(BEGIN ... COMMIT, or the runner's transactional mode)";

static void check_alter(mg_rule_ctx *ctx, const PgQuery__AlterTableStmt *a)
{
	char rel[512];
	char first[256] = "";
	size_t i, bad = 0;

	if (a->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
		return;
	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, i);
		const PgQuery__ColumnDef *cd;
		char what[256];

		if (!c)
			continue;
		what[0] = '\0';
		switch (c->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
			cd = mg_added_column(c);
			if (!c->missing_ok)
				snprintf(what, sizeof(what), "ADD COLUMN \"%s\" without IF NOT EXISTS",
					 cd && cd->colname ? cd->colname : "?");
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
			if (!c->missing_ok)
				snprintf(what, sizeof(what), "DROP COLUMN \"%s\" without IF EXISTS",
					 c->name ? c->name : "?");
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
			if (!c->missing_ok)
				snprintf(what, sizeof(what), "DROP CONSTRAINT \"%s\" without IF EXISTS",
					 c->name ? c->name : "?");
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint: {
			int dropped;
			const char *cn = cmd_constraint(c, &dropped);
			if (constraint_state(ctx, cn, i) != CON_DROPPED)
				snprintf(what, sizeof(what),
					 "ADD CONSTRAINT%s%s%s not preceded by DROP CONSTRAINT IF EXISTS",
					 cn ? " \"" : "", cn ? cn : "", cn ? "\"" : "");
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
			if (constraint_state(ctx, c->name, i) == CON_UNSEEN)
				snprintf(what, sizeof(what), "VALIDATE CONSTRAINT \"%s\" outside a transaction",
					 c->name ? c->name : "?");
			break;
		default:
			snprintf(what, sizeof(what), "this change outside a transaction");
			break;
		}
		if (!what[0])
			continue;
		if (!bad++)
			memcpy(first, what, sizeof(first));
	}
	if (!bad)
		return;
	mg_rule_report(ctx, -1, help_rerun,
		       "ALTER TABLE \"%s\": %s%s; if the migration fails part way through "
		       "it cannot simply be run again",
		       mg_relname(a->relation, rel, sizeof(rel)), first,
		       bad > 1 ? " (and more actions)" : "");
}

/* DROP INDEX [CONCURRENTLY] IF EXISTS name earlier in the file: the
 * CREATE INDEX after it can be rerun (and a failed build's INVALID index
 * is dropped first, which IF NOT EXISTS would silently keep). */
static int index_dropped_before(const mg_rule_ctx *ctx, const char *name)
{
	size_t s, i;

	for (s = 0; s < ctx->index && s < ctx->sql->nstmts; s++) {
		const PgQuery__Node *n = ctx->sql->stmts[s].node;
		const PgQuery__DropStmt *d;
		if (!n || n->node_case != PG_QUERY__NODE__NODE_DROP_STMT)
			continue;
		d = n->drop_stmt;
		if (d->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_INDEX || !d->missing_ok)
			continue;
		for (i = 0; i < d->n_objects; i++) {
			const PgQuery__Node *o = d->objects[i];
			if (o && o->node_case == PG_QUERY__NODE__NODE_LIST &&
			    !strcmp(mg_name_last(o->list->items, o->list->n_items), name))
				return 1;
		}
	}
	return 0;
}

static void check_drop(mg_rule_ctx *ctx, const PgQuery__DropStmt *d)
{
	const char *kind;
	char name[512];
	const PgQuery__Node *o;

	switch (d->remove_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: kind = "DROP TABLE"; break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: kind = "DROP INDEX"; break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: kind = "DROP TYPE"; break;
	default: return;
	}
	if (d->missing_ok)
		return;
	name[0] = '\0';
	o = d->n_objects ? d->objects[0] : NULL;
	if (o && o->node_case == PG_QUERY__NODE__NODE_LIST)
		mg_name_join(o->list->items, o->list->n_items, name, sizeof(name));
	else if (o && o->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
		mg_name_join(o->type_name->names, o->type_name->n_names, name, sizeof(name));
	mg_rule_report(ctx, -1, help_rerun,
		       "%s \"%s\" without IF EXISTS outside a transaction: if the migration fails "
		       "part way through it cannot simply be run again",
		       kind, name[0] ? name : "?");
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	char rel[512];

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_INDEX_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_STMT:
	case PG_QUERY__NODE__NODE_DROP_STMT:
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		/* the same answer for every statement of the file: kept in
		 * the rule's memo byte (1 no, 2 yes) */
		if (ctx->memo && !ctx->memo[ctx->rule_index])
			ctx->memo[ctx->rule_index] = file_checked(ctx) ? 2 : 1;
		if (ctx->memo ? ctx->memo[ctx->rule_index] == 1 : !file_checked(ctx))
			return;
		break;
	default:
		return;
	}
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_INDEX_STMT: {
		const PgQuery__IndexStmt *ix = n->index_stmt;
		/* CONCURRENTLY cannot be rolled back even in a transaction */
		if (!ix->idxname || !*ix->idxname || ix->if_not_exists ||
		    (ctx->in_transaction && !ix->concurrent) || index_dropped_before(ctx, ix->idxname))
			return;
		mg_rule_report(ctx, -1,
			       "precede it with DROP INDEX CONCURRENTLY IF EXISTS of the same name (which also "
			       "removes an INVALID index left by a failed build), or use IF NOT EXISTS",
			       "CREATE INDEX \"%s\" on \"%s\" without IF NOT EXISTS: if the migration fails "
			       "part way through it cannot simply be run again",
			       ix->idxname, mg_relname(ix->relation, rel, sizeof(rel)));
		return;
	}
	default:
		break;
	}
	if (ctx->in_transaction)
		return;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		check_alter(ctx, n->alter_table_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_STMT: {
		const PgQuery__CreateStmt *cs = n->create_stmt;
		if (cs->if_not_exists)
			break;
		if (cs->relation && cs->relation->relpersistence &&
		    cs->relation->relpersistence[0] == 't' &&
		    cs->oncommit == PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DROP)
			break;
		mg_rule_report(ctx, -1, help_rerun,
			       "CREATE TABLE \"%s\" without IF NOT EXISTS outside a transaction: if the "
			       "migration fails part way through it cannot simply be run again",
			       mg_relname(cs->relation, rel, sizeof(rel)));
		break;
	}
	case PG_QUERY__NODE__NODE_DROP_STMT:
		check_drop(ctx, n->drop_stmt);
		break;
	case PG_QUERY__NODE__NODE_RENAME_STMT: {
		/* ALTER TABLE ... RENAME [COLUMN|CONSTRAINT] ... TO: no IF EXISTS form */
		const PgQuery__RenameStmt *r = n->rename_stmt;
		if (r->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
		    r->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT &&
		    (r->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN ||
		     r->relation_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE))
			break;
		mg_rule_report(ctx, -1, help_rerun,
			       "ALTER TABLE \"%s\" RENAME outside a transaction: if the migration fails "
			       "part way through it cannot simply be run again",
			       mg_relname(r->relation, rel, sizeof(rel)));
		break;
	}
	default:
		break;
	}
}

const mg_rule mg_rule_prefer_robust_stmts = {
	.id = "prefer-robust-stmts",
	.severity = MG_SEV_WARNING,
	.summary = "outside a transaction, statements should be re-runnable (IF [NOT] EXISTS)",
	.doc =
	"A migration that does not run in a transaction and fails half way leaves\n"
	"the first statements applied. Running it again then fails on them\n"
	"(\"relation already exists\", \"column does not exist\") and someone has to\n"
	"repair the database by hand, usually during an incident. Files that must\n"
	"run outside a transaction (CREATE INDEX CONCURRENTLY) are exactly the\n"
	"ones where this happens.\n"
	"\n"
	"Checked, outside a transaction only (BEGIN ... COMMIT in the file, or\n"
	"--assume-in-transaction, turn it off), as in squawk: CREATE TABLE without\n"
	"IF NOT EXISTS (temporary ON COMMIT DROP tables exempt); DROP TABLE, DROP\n"
	"INDEX and DROP TYPE without IF EXISTS; in ALTER TABLE, ADD COLUMN without\n"
	"IF NOT EXISTS, DROP COLUMN / DROP CONSTRAINT without IF EXISTS, ADD\n"
	"CONSTRAINT not preceded in the file by a DROP CONSTRAINT of the same\n"
	"name, VALIDATE CONSTRAINT of a constraint the file did not add or drop,\n"
	"and any other action, RENAME included (no IF EXISTS form). A named CREATE INDEX\n"
	"is flagged outside a transaction, and when CONCURRENTLY even inside one,\n"
	"unless it has IF NOT EXISTS or the file drops the index IF EXISTS first.\n"
	"\n"
	"Which files: most migration runners (Diesel, Rails, Django, goose, Flyway,\n"
	"sqitch...) run each file in a transaction, and migguard cannot see the\n"
	"runner. With its default severity the rule therefore only checks files\n"
	"that show they do not run in one transaction: a file with an explicit\n"
	"BEGIN/COMMIT, a \"-- +goose NO TRANSACTION\" or dbmate\n"
	"\"transaction:false\" annotation, or a statement PostgreSQL refuses in a\n"
	"transaction block (CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY,\n"
	"DETACH PARTITION CONCURRENTLY, VACUUM, CREATE/DROP DATABASE). When\n"
	"rule.prefer-robust-stmts.severity is set explicitly, every file is\n"
	"checked, as squawk does (right for golang-migrate and other runners\n"
	"without transactions). Severity: warning.\n"
	"\n"
	"Lock: none of its own.\n"
	"\n"
	"Safe way: run the file in a transaction when it can be, or make every\n"
	"statement re-runnable: CREATE ... IF NOT EXISTS, DROP ... IF EXISTS, ADD\n"
	"COLUMN IF NOT EXISTS, DROP CONSTRAINT IF EXISTS before ADD CONSTRAINT,\n"
	"and DROP INDEX CONCURRENTLY IF EXISTS before CREATE INDEX CONCURRENTLY\n"
	"(IF NOT EXISTS would keep an INVALID index left by a failed build).\n"
	"\n"
	"Bad:   CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);\n"
	"Good:  DROP INDEX CONCURRENTLY IF EXISTS orders_user_idx;\n"
	"       CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);\n",
	.check = check,
};
