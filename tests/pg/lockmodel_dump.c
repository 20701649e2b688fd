/* lockmodel_dump.c - prints the lock model's prediction for each case of a
 * cases file, in the form tests/pg/lockmodel-verify.sh reads from a real
 * PostgreSQL:
 *
 *     L <id> <relation> <strongest lock>     e.g. "ACCESS EXCLUSIVE"
 *     R <id> <relation>                      rewritten (new relfilenode)
 *     S <id> <relation>                      rows read by a sequential scan
 *     R? / S?                                the model says "maybe"
 *
 * fields separated by tabs.  The schema file (the verify script's prepared
 * schema) tells the model the current column types (ALTER COLUMN TYPE) and
 * which table an index belongs to (DROP INDEX, REINDEX INDEX).
 *
 * Cases file: one case a line, "<id> TAB <extra> TAB <sql>"; '#' lines and
 * blank lines are ignored.  <extra> is "-" or a ';'-separated list of
 * effects the model cannot see in the text (they are printed as if
 * predicted): "L:rel:MODE", "R:rel", "S:rel".
 *
 * A scan of a partitioned table is not printed: PostgreSQL counts the rows
 * read on its partitions, which the cases list as extras.
 *
 * Usage: lockmodel_dump SCHEMA.sql CASES.tsv [PG_MAJOR]
 * Exit status 0, or 2 when a file cannot be read or a case does not parse. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockmodel.h"
#include "sql.h"
#include "util.h"

typedef struct column {
	const char *table, *name;
	const PgQuery__TypeName *type;
} column;

typedef struct schema {
	column *cols;
	size_t ncols, capcols;
	char **idx;          /* pairs: index name, table name */
	size_t nidx, capidx;
	const char *parted[32]; /* partitioned tables: their rows are in partitions */
	size_t nparted;
} schema;

static void add_col(schema *s, const char *table, const char *name, const PgQuery__TypeName *t)
{
	if (s->ncols == s->capcols) {
		s->capcols = s->capcols ? 2 * s->capcols : 32;
		s->cols = mg_xrealloc(s->cols, s->capcols * sizeof(*s->cols));
	}
	s->cols[s->ncols].table = table;
	s->cols[s->ncols].name = name;
	s->cols[s->ncols].type = t;
	s->ncols++;
}

static void add_idx(schema *s, const char *index, const char *table)
{
	if (s->nidx + 2 > s->capidx) {
		s->capidx = s->capidx ? 2 * s->capidx : 32;
		s->idx = mg_xrealloc(s->idx, s->capidx * sizeof(*s->idx));
	}
	s->idx[s->nidx++] = mg_xstrdup(index);
	s->idx[s->nidx++] = mg_xstrdup(table);
}

static const char *idx_table(const schema *s, const char *index)
{
	size_t i;

	for (i = 0; i + 1 < s->nidx; i += 2)
		if (!strcmp(s->idx[i], index))
			return s->idx[i + 1];
	return NULL;
}

static const PgQuery__TypeName *coltype(void *arg, const char *schema_name,
					const char *table, const char *col)
{
	const schema *s = arg;
	size_t i;

	(void)schema_name;
	for (i = 0; i < s->ncols; i++)
		if (!strcmp(s->cols[i].table, table) && !strcmp(s->cols[i].name, col))
			return s->cols[i].type;
	return NULL;
}

/* CREATE INDEX, in the schema and in earlier cases (names are copied). */
static void learn_index(schema *s, const PgQuery__Node *n)
{
	if (n->node_case == PG_QUERY__NODE__NODE_INDEX_STMT && *n->index_stmt->idxname &&
	    n->index_stmt->relation)
		add_idx(s, n->index_stmt->idxname, n->index_stmt->relation->relname);
}

static void learn(schema *s, const PgQuery__Node *n)
{
	size_t i, j;
	char buf[256];

	if (n->node_case == PG_QUERY__NODE__NODE_CREATE_STMT && n->create_stmt->relation) {
		const PgQuery__CreateStmt *c = n->create_stmt;
		const char *t = c->relation->relname;
		if (c->partspec && s->nparted < sizeof(s->parted) / sizeof(s->parted[0]))
			s->parted[s->nparted++] = t;
		for (i = 0; i < c->n_table_elts; i++) {
			const PgQuery__Node *e = c->table_elts[i];
			if (e && e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
				add_col(s, t, e->column_def->colname, e->column_def->type_name);
				for (j = 0; j < e->column_def->n_constraints; j++) {
					const PgQuery__Node *k = e->column_def->constraints[j];
					if (!k || k->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
						continue;
					if (k->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
						snprintf(buf, sizeof(buf), "%s_pkey", t);
						add_idx(s, buf, t);
					} else if (k->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE) {
						snprintf(buf, sizeof(buf), "%s_%s_key", t, e->column_def->colname);
						add_idx(s, buf, t);
					}
				}
			} else if (e && e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
				   e->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
				snprintf(buf, sizeof(buf), "%s_pkey", t);
				add_idx(s, *e->constraint->conname ? e->constraint->conname : buf, t);
			}
		}
	} else {
		learn_index(s, n);
	}
}

static int is_parted(const schema *s, const char *table)
{
	size_t i;

	for (i = 0; i < s->nparted; i++)
		if (!strcmp(s->parted[i], table))
			return 1;
	return 0;
}

static int print_extra(const char *id, char *extra)
{
	char *save = NULL, *tok;
	int rc = 0;

	if (!strcmp(extra, "-"))
		return 0;
	for (tok = strtok_r(extra, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
		char *rel, *mode;
		if (strlen(tok) < 3 || tok[1] != ':') {
			fprintf(stderr, "lockmodel_dump: case %s: bad extra '%s'\n", id, tok);
			rc = 2;
			continue;
		}
		rel = tok + 2;
		mode = strchr(rel, ':');
		if (mode)
			*mode++ = '\0';
		if (tok[0] == 'L' && mode)
			printf("L\t%s\t%s\t%s\n", id, rel, mode);
		else if (tok[0] == 'R' || tok[0] == 'S')
			printf("%c\t%s\t%s\n", tok[0], id, rel);
		else {
			fprintf(stderr, "lockmodel_dump: case %s: bad extra '%s'\n", id, tok);
			rc = 2;
		}
	}
	return rc;
}

static int dump_case(schema *s, const mg_lockmodel_opts *o, const char *id, char *extra,
		     const char *sqltext)
{
	mg_sql q;
	mg_lock_effect eff[64];
	size_t i, k, n;
	int rc = 0;

	if (mg_sql_parse(&q, sqltext, strlen(sqltext)) != 0 || q.has_error || q.nstmts != 1) {
		fprintf(stderr, "lockmodel_dump: case %s: %s\n", id,
			q.has_error ? q.error : "not exactly one statement");
		mg_sql_free(&q);
		return 2;
	}
	for (k = 0; k < q.nstmts; k++) {
		n = mg_lockmodel_stmt_ex(q.stmts[k].node, o, eff, 64);
		if (n > 64)
			n = 64;
		for (i = 0; i < n; i++) {
			const mg_lock_effect *e = &eff[i];
			const char *rel = e->name;
			if (e->is_new || e->role == MG_REL_INDEX || e->role == MG_REL_TYPE ||
			    e->lock == MG_LOCK_NONE)
				continue;
			if (e->role == MG_REL_INDEX_TABLE) {
				rel = idx_table(s, e->name);
				if (!rel) {
					fprintf(stderr, "lockmodel_dump: case %s: index %s not in the schema\n",
						id, e->name);
					rc = 2;
					continue;
				}
			}
			printf("L\t%s\t%s\t%s\n", id, rel, mg_lock_name(e->lock));
			if (e->rewrite)
				printf("R%s\t%s\t%s\n", e->rewrite == MG_MAYBE ? "?" : "", id, rel);
			/* A partitioned table has no rows of its own: the scan
			 * counters show its partitions (listed as extras). */
			if (e->scan && !is_parted(s, rel))
				printf("S%s\t%s\t%s\n", e->scan == MG_MAYBE ? "?" : "", id, rel);
		}
	}
	if (print_extra(id, extra))
		rc = 2;
	/* an index a case creates can be dropped by a later case (the
	 * statements of lockmodel-notx.tsv are not rolled back) */
	learn_index(s, q.stmts[0].node);
	mg_sql_free(&q);
	return rc;
}

int main(int argc, char **argv)
{
	char *stext = NULL, *ctext = NULL, *line, *save = NULL;
	size_t slen, clen, i;
	mg_sql sq;
	schema s;
	mg_lockmodel_opts o;
	int rc = 0;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: lockmodel_dump SCHEMA.sql CASES.tsv [PG_MAJOR]\n");
		return 2;
	}
	if (mg_read_file(argv[1], &stext, &slen) != 0 || mg_read_file(argv[2], &ctext, &clen) != 0) {
		fprintf(stderr, "lockmodel_dump: cannot read %s\n", stext ? argv[2] : argv[1]);
		free(stext);
		return 2;
	}
	memset(&s, 0, sizeof(s));
	memset(&o, 0, sizeof(o));
	o.pg_version = argc == 4 ? atoi(argv[3]) : 15;
	o.coltype = coltype;
	o.coltype_arg = &s;
	if (mg_sql_parse(&sq, stext, slen) != 0 || sq.has_error) {
		fprintf(stderr, "lockmodel_dump: %s: %s\n", argv[1], sq.error ? sq.error : "unreadable");
		rc = 2;
		goto out;
	}
	for (i = 0; i < sq.nstmts; i++)
		learn(&s, sq.stmts[i].node);

	for (line = strtok_r(ctext, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *id = line, *extra, *sqltext;
		int r;
		if (!*line || *line == '#')
			continue;
		extra = strchr(id, '\t');
		sqltext = extra ? strchr(extra + 1, '\t') : NULL;
		if (!sqltext) {
			fprintf(stderr, "lockmodel_dump: bad case line: %s\n", line);
			rc = 2;
			continue;
		}
		*extra++ = '\0';
		*sqltext++ = '\0';
		r = dump_case(&s, &o, id, extra, sqltext);
		if (r)
			rc = r;
	}
out:
	mg_sql_free(&sq);
	for (i = 0; i < s.nidx; i++)
		free(s.idx[i]);
	free(s.idx);
	free(s.cols);
	free(stext);
	free(ctext);
	return rc;
}
