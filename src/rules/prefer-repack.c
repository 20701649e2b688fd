/* prefer-repack: VACUUM FULL and CLUSTER rewrite the table under
 * ACCESS EXCLUSIVE. */
#include "config.h"
#include "rulelib.h"

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	const char *what;
	char rel[512] = "";
	const char *help = ctx->opts->pg_version >= 19 ?
		"REPACK (CONCURRENTLY) table [USING INDEX index]" :
		"use pg_repack (or pg_squeeze), which rebuilds the table online";
	size_t i;

	if (n->node_case == PG_QUERY__NODE__NODE_VACUUM_STMT) {
		const PgQuery__VacuumStmt *v = n->vacuum_stmt;
		if (!v->is_vacuumcmd || !mg_defelem_on(v->options, v->n_options, "full"))
			return;
		what = "VACUUM FULL";
		for (i = 0; i < v->n_rels; i++) {
			const PgQuery__Node *r = v->rels[i];
			if (r && r->node_case == PG_QUERY__NODE__NODE_VACUUM_RELATION &&
			    r->vacuum_relation->relation) {
				if (mg_table_is_new(ctx, r->vacuum_relation->relation))
					return;
				mg_relname(r->vacuum_relation->relation, rel, sizeof(rel));
				break;
			}
		}
	} else if (n->node_case == PG_QUERY__NODE__NODE_CLUSTER_STMT) {
		what = "CLUSTER";
		if (n->cluster_stmt->relation) {
			if (mg_table_is_new(ctx, n->cluster_stmt->relation))
				return;
			mg_relname(n->cluster_stmt->relation, rel, sizeof(rel));
		}
	} else {
		return;
	}
	mg_rule_report(ctx, -1, help,
		       "%s %s%s%s rewrites %s under an %s lock, which %s for the whole rewrite",
		       what, *rel ? "\"" : "", *rel ? rel : "", *rel ? "\"" : "",
		       *rel ? "the table and its indexes" : "every table of the database",
		       mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE), mg_lock_blocks(MG_LOCK_ACCESS_EXCLUSIVE));
}

const mg_rule mg_rule_prefer_repack = {
	.id = "prefer-repack",
	.severity = MG_SEV_WARNING,
	.summary = "VACUUM FULL and CLUSTER rewrite the table while blocking reads and writes",
	.doc =
	"VACUUM FULL and CLUSTER build a new copy of the table and its indexes\n"
	"and hold ACCESS EXCLUSIVE for the whole time: nothing can read or write\n"
	"the table. Without a table name they do this to every table.\n"
	"\n"
	"Lock: ACCESS EXCLUSIVE on the table (blocks reads and writes).\n"
	"\n"
	"Safe way: PostgreSQL 19 adds REPACK (CONCURRENTLY), which rebuilds the\n"
	"table while reads and writes go on; before that, the pg_repack or\n"
	"pg_squeeze extensions do the same. Such maintenance rarely belongs in a\n"
	"migration at all. squawk reports this rule only for PostgreSQL 19+;\n"
	"migguard reports it for every version, with the alternative that\n"
	"exists for the target version (--pg-version).\n"
	"\n"
	"Severity: warning (advisory, as in squawk: maintenance, often run on\n"
	"purpose in a window).\n"
	"\n"
	"Bad:   VACUUM FULL orders;\n"
	"Good:  -- PostgreSQL 19+:\n"
	"       REPACK (CONCURRENTLY) orders;\n",
	.check = check,
};
