/* ban-duplicate-column-assignments: the same column twice in one column
 * list (CREATE TABLE, CREATE VIEW (...), INSERT (...), UPDATE ... SET,
 * ON CONFLICT DO UPDATE SET, MERGE actions).  PostgreSQL rejects such a statement. */
#include "config.h"
#include "rulelib.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes, so two names
 * that agree on their first 63 bytes are the same column. */
#define MG_NAME_MAX 63

typedef struct col_ref {
	const char *name;
	int location;
	int partial;    /* a.x = ..., a[1] = ...: a field or element only */
} col_ref;

static int same_name(const col_ref *a, const col_ref *b)
{
	return a->name && b->name && !strncmp(a->name, b->name, MG_NAME_MAX);
}

/* Reports each repeated name once, at its second occurrence, unless every
 * occurrence assigns only a field or element of the column. */
static void report_dups(mg_rule_ctx *ctx, const PgQuery__RangeVar *rel,
			const col_ref *cols, size_t n, const char *what)
{
	char relbuf[512];
	size_t i, j;

	for (i = 0; i < n; i++) {
		size_t earlier = 0;
		int all_partial = 1;

		for (j = 0; j < i; j++)
			if (same_name(&cols[j], &cols[i]))
				earlier++;
		if (earlier != 1)
			continue;
		for (j = 0; j < n; j++)
			if (same_name(&cols[j], &cols[i]) && !cols[j].partial)
				all_partial = 0;
		if (all_partial)
			continue;
		mg_rule_report(ctx, cols[i].location,
			       "remove the duplicate (keep the assignment you mean)",
			       "column \"%s\" appears more than once in %s \"%s\": "
			       "PostgreSQL rejects the statement, so the migration fails",
			       cols[i].name, what, mg_relname(rel, relbuf, sizeof(relbuf)));
	}
}

/* Collects ResTarget names of a SET list or INSERT column list. */
static col_ref *targets(PgQuery__Node **list, size_t n, size_t *out)
{
	col_ref *c = mg_xcalloc(n ? n : 1, sizeof(*c));
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		const PgQuery__ResTarget *t;
		if (!list[i] || list[i]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
			continue;
		t = list[i]->res_target;
		if (!t->name)
			continue;
		c[m].name = t->name;
		c[m].location = t->location;
		c[m].partial = t->n_indirection > 0;
		m++;
	}
	*out = m;
	return c;
}

static void check_targets(mg_rule_ctx *ctx, const PgQuery__RangeVar *rel,
			  PgQuery__Node **list, size_t n, const char *what)
{
	size_t m;
	col_ref *c = targets(list, n, &m);

	report_dups(ctx, rel, c, m, what);
	free(c);
}

static void check_create(mg_rule_ctx *ctx, const PgQuery__CreateStmt *cs)
{
	col_ref *c;
	size_t i, m = 0;

	if (!cs)
		return;
	c = mg_xcalloc(cs->n_table_elts ? cs->n_table_elts : 1, sizeof(*c));
	for (i = 0; i < cs->n_table_elts; i++) {
		const PgQuery__Node *e = cs->table_elts[i];
		if (!e || e->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF || !e->column_def->colname)
			continue;
		c[m].name = e->column_def->colname;
		c[m].location = e->column_def->location;
		m++;
	}
	report_dups(ctx, cs->relation, c, m, "CREATE TABLE");
	free(c);
}

static void check_names(mg_rule_ctx *ctx, const PgQuery__RangeVar *rel,
			PgQuery__Node **list, size_t n, const char *what)
{
	col_ref *c = mg_xcalloc(n ? n : 1, sizeof(*c));
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		if (!list[i] || list[i]->node_case != PG_QUERY__NODE__NODE_STRING)
			continue;
		c[m].name = list[i]->string->sval;
		c[m].location = -1;
		m++;
	}
	report_dups(ctx, rel, c, m, what);
	free(c);
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	size_t i;

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		check_create(ctx, n->create_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
		check_create(ctx, n->create_foreign_table_stmt->base_stmt);
		break;
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		check_names(ctx, n->view_stmt->view, n->view_stmt->aliases,
			    n->view_stmt->n_aliases, "CREATE VIEW");
		break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		if (n->create_table_as_stmt->into)
			check_names(ctx, n->create_table_as_stmt->into->rel,
				    n->create_table_as_stmt->into->col_names,
				    n->create_table_as_stmt->into->n_col_names,
				    "CREATE TABLE AS");
		break;
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
		check_targets(ctx, n->update_stmt->relation, n->update_stmt->target_list,
			      n->update_stmt->n_target_list, "UPDATE ... SET on");
		break;
	case PG_QUERY__NODE__NODE_INSERT_STMT:
		check_targets(ctx, n->insert_stmt->relation, n->insert_stmt->cols,
			      n->insert_stmt->n_cols, "INSERT INTO");
		if (n->insert_stmt->on_conflict_clause)
			check_targets(ctx, n->insert_stmt->relation,
				      n->insert_stmt->on_conflict_clause->target_list,
				      n->insert_stmt->on_conflict_clause->n_target_list,
				      "ON CONFLICT DO UPDATE SET on");
		break;
	case PG_QUERY__NODE__NODE_MERGE_STMT:
		for (i = 0; i < n->merge_stmt->n_merge_when_clauses; i++) {
			const PgQuery__Node *w = n->merge_stmt->merge_when_clauses[i];
			if (!w || w->node_case != PG_QUERY__NODE__NODE_MERGE_WHEN_CLAUSE)
				continue;
			check_targets(ctx, n->merge_stmt->relation, w->merge_when_clause->target_list,
				      w->merge_when_clause->n_target_list,
				      w->merge_when_clause->command_type == PG_QUERY__CMD_TYPE__CMD_INSERT ?
				      "MERGE ... INSERT into" : "MERGE ... UPDATE SET on");
		}
		break;
	default:
		break;
	}
}

const mg_rule mg_rule_ban_duplicate_column_assignments = {
	.id = "ban-duplicate-column-assignments",
	.severity = MG_SEV_ERROR,
	.summary = "the same column twice in one column list: PostgreSQL rejects the statement",
	.doc =
	"A column named twice in CREATE TABLE (\"column specified more than once\"),\n"
	"in an INSERT column list, in UPDATE ... SET, ON CONFLICT DO UPDATE SET or\n"
	"a MERGE action (\"multiple assignments to same column\"), or in the column\n"
	"list of a view or CREATE TABLE AS is an error: the migration fails when\n"
	"it runs, often after earlier statements of a non-transactional file\n"
	"already ran. Names follow PostgreSQL's rules: unquoted names are folded\n"
	"to lower case and names agreeing on their first 63 bytes are the same\n"
	"column. Assigning two different fields or elements of one column\n"
	"(SET a.x = 1, a.y = 2) is allowed and not flagged. Severity: error (the\n"
	"statement cannot succeed).\n"
	"\n"
	"Lock: none; the statement fails before it changes anything.\n"
	"\n"
	"Safe way: remove the duplicate, keeping the one assignment you mean.\n"
	"\n"
	"Bad:   UPDATE users SET status = 'active', status = 'new' WHERE id = 1;\n"
	"Good:  UPDATE users SET status = 'active' WHERE id = 1;\n",
	.check = check,
};
