/* lint.c - the SQL half of the pipeline: parse once, run every rule on every
 * statement, anchor findings to lines. */
#include "config.h"
#include "lint.h"
#include "migpath.h"
#include "rules/rule.h"
#include "sql.h"
#include "util.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void mg_lint_opts_init(mg_lint_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->pg_version = 15;
}

mg_severity mg_lint_severity(const mg_lint_opts *o, const char *rule, mg_severity def)
{
	size_t i;

	for (i = o->noverrides; i > 0; i--)
		if (!strcmp(o->overrides[i - 1].id, rule))
			return o->overrides[i - 1].severity;
	return def;
}

const char *mg_relname(const PgQuery__RangeVar *rv, char *buf, size_t size)
{
	if (!rv || !rv->relname || !*rv->relname)
		snprintf(buf, size, "?");
	else if (rv->schemaname && *rv->schemaname)
		snprintf(buf, size, "%s.%s", rv->schemaname, rv->relname);
	else
		snprintf(buf, size, "%s", rv->relname);
	return buf;
}

/* "schema.name" and "name" match when the names match and either side
 * leaves the schema out. */
static int same_table(const char *a, const char *b)
{
	const char *da = strrchr(a, '.'), *db = strrchr(b, '.');

	if (!strcmp(a, b))
		return 1;
	if (da && db)
		return 0;
	return !strcmp(da ? da + 1 : a, db ? db + 1 : b);
}

static int state_name_is_new(const mg_lint_state *st, const char *name);

static int state_is_new(const mg_lint_state *st, const PgQuery__RangeVar *rv)
{
	char name[512];

	if (!rv || !rv->relname || !*rv->relname)
		return 0;
	/* temporary tables are private to the session */
	if (rv->relpersistence && !strcmp(rv->relpersistence, "t"))
		return 1;
	return state_name_is_new(st, mg_relname(rv, name, sizeof(name)));
}

int mg_table_is_new(const mg_rule_ctx *ctx, const PgQuery__RangeVar *rv)
{
	return state_is_new(ctx->state, rv);
}

/* The hash of the name after the last '.': same_table() names share it. */
static size_t name_key_hash(const char *name)
{
	const char *d = strrchr(name, '.');
	const unsigned char *p = (const unsigned char *)(d ? d + 1 : name);
	size_t h = 5381;

	while (*p)
		h = h * 33 + *p++;
	return h;
}

#define NO_TABLE ((size_t)-1)

/* The new tables of the earlier files, shared by the threads of
 * mg_lint_changeset(): appended, file by file in file order, under the
 * write lock; read under the read lock, each file only the entries made
 * before it (mg_lint_state.shared_n). */
struct mg_lint_shared {
	pthread_rwlock_t lock;
	mg_lint_state st;
};

/* Whether one of the first limit names of st matches name. */
static int state_has(const mg_lint_state *st, const char *name, size_t limit)
{
	size_t i;

	if (!st->nheads)
		return 0;
	for (i = st->heads[name_key_hash(name) & (st->nheads - 1)]; i != NO_TABLE; i = st->next[i])
		if (i < limit && same_table(st->new_tables[i], name))
			return 1;
	return 0;
}

static int state_name_is_new(const mg_lint_state *st, const char *name)
{
	struct mg_lint_shared *sh = (struct mg_lint_shared *)st->shared;
	int r;

	if (state_has(st, name, st->nnew_tables))
		return 1;
	if (!sh || !st->shared_n)
		return 0;
	pthread_rwlock_rdlock(&sh->lock);
	r = state_has(&sh->st, name, st->shared_n);
	pthread_rwlock_unlock(&sh->lock);
	return r;
}

int mg_table_name_is_new(const mg_rule_ctx *ctx, const char *name)
{
	return state_name_is_new(ctx->state, name);
}

int mg_rule_once(mg_rule_ctx *ctx)
{
	if (!ctx->reported || ctx->reported[ctx->rule_index])
		return 0;
	ctx->reported[ctx->rule_index] = 1;
	return 1;
}

int mg_path_is_down(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *p;
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (!strcasecmp(base, "down.sql") || (n > 9 && !strcasecmp(base + n - 9, ".down.sql")))
		return 1;
	/* sqitch: deploy/, revert/, verify/ */
	for (p = path; (p = strstr(p, "revert/")) != NULL; p++)
		if (p == path || p[-1] == '/')
			return 1;
	return 0;
}

void mg_rule_report(mg_rule_ctx *ctx, int location, const char *help,
		    const char *fmt, ...)
{
	va_list ap;
	char *msg;
	size_t off = mg_sql_node_offset(ctx->sql, ctx->stmt, location);
	int line, col;
	mg_severity sev = mg_lint_severity(ctx->opts, ctx->rule->id, ctx->rule->severity);

	if (sev == MG_SEV_OFF)
		return;
	mg_sql_position(ctx->sql, off, &line, &col);
	va_start(ap, fmt);
	msg = mg_xvasprintf(fmt, ap);
	va_end(ap);
	mg_result_add(ctx->out, ctx->rule->id, sev, ctx->path, line, col,
		      ctx->stmt->end_line, ctx->stmt->end_column + 1, msg, help,
		      ctx->commit);
	free(msg);
}

static void state_index(mg_lint_state *st, size_t i)
{
	size_t b = name_key_hash(st->new_tables[i]) & (st->nheads - 1);

	st->next[i] = st->heads[b];
	st->heads[b] = i;
}

static void state_add_name(mg_lint_state *st, const char *name)
{
	size_t i;

	if (st->nnew_tables == st->cap_new_tables) {
		st->cap_new_tables = st->cap_new_tables ? st->cap_new_tables * 2 : 8;
		st->new_tables = mg_xrealloc(st->new_tables,
					     st->cap_new_tables * sizeof(char *));
		st->next = mg_xrealloc(st->next, st->cap_new_tables * sizeof(*st->next));
	}
	st->new_tables[st->nnew_tables++] = mg_xstrdup(name);
	if (st->nnew_tables * 2 > st->nheads) {
		/* grow the index and re-chain every name */
		st->nheads = st->nheads ? st->nheads * 4 : 16;
		st->heads = mg_xrealloc(st->heads, st->nheads * sizeof(*st->heads));
		for (i = 0; i < st->nheads; i++)
			st->heads[i] = NO_TABLE;
		for (i = 0; i < st->nnew_tables; i++)
			state_index(st, i);
	} else {
		state_index(st, st->nnew_tables - 1);
	}
}

static void state_add_table(mg_lint_state *st, const PgQuery__RangeVar *rv)
{
	char name[512];

	if (!rv || !rv->relname || !*rv->relname)
		return;
	state_add_name(st, mg_relname(rv, name, sizeof(name)));
}

void mg_lint_state_free(mg_lint_state *st)
{
	size_t i;

	for (i = 0; i < st->nnew_tables; i++)
		free(st->new_tables[i]);
	free(st->new_tables);
	free(st->heads);
	free(st->next);
	memset(st, 0, sizeof(*st));
}

/* Timeouts set with SET LOCAL last until the end of the transaction. */
typedef struct timeouts {
	int lock, lock_local, stmt, stmt_local;
} timeouts;

static int is_zero_value(const PgQuery__VariableSetStmt *v)
{
	const PgQuery__Node *a;

	if (v->n_args != 1 || !(a = v->args[0]) || a->node_case != PG_QUERY__NODE__NODE_A_CONST)
		return 0;
	if (a->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
		return a->a_const->ival->ival == 0;
	if (a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL && a->a_const->sval->sval) {
		const char *x = a->a_const->sval->sval;
		while (*x == '0')
			x++;
		return *x == '\0' || !strcmp(x, "s") || !strcmp(x, "ms") ||
		       !strcmp(x, "min");
	}
	return 0;
}

static void track_set(timeouts *t, const PgQuery__VariableSetStmt *v)
{
	int on, *g, *l;

	if (v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL) {
		memset(t, 0, sizeof(*t));
		return;
	}
	if (!v->name)
		return;
	if (!strcmp(v->name, "lock_timeout")) {
		g = &t->lock;
		l = &t->lock_local;
	} else if (!strcmp(v->name, "statement_timeout")) {
		g = &t->stmt;
		l = &t->stmt_local;
	} else {
		return;
	}
	on = v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE && !is_zero_value(v);
	if (v->is_local)
		*l = on;
	else
		*g = on, *l = 0;
}

/* The tables statement n creates: added to st (what track() keeps, and
 * all mg_lint_changeset() computes of a file in file order). */
static void track_tables(mg_lint_state *st, const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		state_add_table(st, n->create_stmt->relation);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		if (n->create_table_as_stmt->into)
			state_add_table(st, n->create_table_as_stmt->into->rel);
		break;
	case PG_QUERY__NODE__NODE_RENAME_STMT: {
		/* a new table renamed stays new under its new name */
		const PgQuery__RenameStmt *r = n->rename_stmt;
		if (r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && r->newname &&
		    state_is_new(st, r->relation)) {
			char name[512];
			if (r->relation->schemaname && *r->relation->schemaname)
				snprintf(name, sizeof(name), "%s.%s", r->relation->schemaname, r->newname);
			else
				snprintf(name, sizeof(name), "%s", r->newname);
			state_add_name(st, name);
		}
		break;
	}
	default:
		break;
	}
}

/* Keeps the per-file state up to date after a statement was checked. */
static void track(mg_rule_ctx *ctx, mg_lint_state *st, timeouts *t, const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
		switch (n->transaction_stmt->kind) {
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
			if (!ctx->explicit_transaction)
				ctx->tx_start = ctx->index + 1;
			ctx->in_transaction = 1;
			ctx->explicit_transaction = 1;
			break;
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT_PREPARED:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_PREPARED:
			ctx->in_transaction = ctx->assume_in_transaction;
			ctx->explicit_transaction = 0;
			ctx->tx_start = ctx->index + 1;
			t->lock_local = t->stmt_local = 0;
			break;
		default:
			break;
		}
		break;
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		track_set(t, n->variable_set_stmt);
		break;
	default:
		track_tables(st, n);
		break;
	}
	ctx->lock_timeout_set = t->lock || t->lock_local;
	ctx->statement_timeout_set = t->stmt || t->stmt_local;
}

static int count_lines(const char *s, size_t len)
{
	int n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	if (len && s[len - 1] != '\n')
		n++;
	return n;
}

/* A file that says it runs without a transaction: goose's
 * "-- +goose NO TRANSACTION", dbmate's "-- migrate:up transaction:false",
 * squawk's "-- squawk-disable-assume-in-transaction". */
static int opts_out_of_transaction(const mg_sql *sql)
{
	static const char *const marks[] = {
		"+goose NO TRANSACTION", "transaction:false",
		"squawk-disable-assume-in-transaction",
	};
	size_t i, k;

	for (i = 0; i < sql->ncomments; i++) {
		const char *t = sql->src + sql->comments[i].start;
		size_t len = sql->comments[i].end - sql->comments[i].start;
		for (k = 0; k < sizeof(marks) / sizeof(marks[0]); k++)
			if (memmem(t, len, marks[k], strlen(marks[k])))
				return 1;
	}
	return 0;
}

static void report_syntax_errors(const mg_lint_opts *o, const char *path, const char *commit,
				 const mg_sql *sql, const char *data, size_t len, mg_result *out)
{
	mg_severity sev = mg_lint_severity(o, "syntax-error", MG_SEV_ERROR);
	static const char help[] = "fix the syntax (or mark template placeholders "
				   "with migguard.placeholder) so the statement can be checked";
	size_t i;

	if (sev == MG_SEV_OFF)
		return;
	if (!sql->nerrors) {
		int line, col;
		char *msg = mg_xasprintf("PostgreSQL " PG_MAJORVERSION " grammar rejects this file: %s; "
					 "the file could not be split into statements, so none of "
					 "its %d lines were checked",
					 sql->error, count_lines(data, len));
		mg_sql_position(sql, sql->error_offset, &line, &col);
		mg_result_add(out, "syntax-error", sev, path, line, col, line, col + 1,
			      msg, help, commit);
		free(msg);
		return;
	}
	for (i = 0; i < sql->nerrors; i++) {
		const mg_sql_error *e = &sql->errors[i];
		int line, col, sline, scol, eline, ecol;
		char lines[64], *msg;

		mg_sql_position(sql, e->offset, &line, &col);
		mg_sql_position(sql, e->start, &sline, &scol);
		mg_sql_position(sql, e->end - 1, &eline, &ecol);
		if (sline == eline)
			snprintf(lines, sizeof(lines), "line %d", sline);
		else
			snprintf(lines, sizeof(lines), "lines %d-%d", sline, eline);
		if (sql->nstmts == 1)
			msg = mg_xasprintf("PostgreSQL " PG_MAJORVERSION " grammar rejects this statement: %s; "
					   "this statement (%s) was not checked, the file's other "
					   "statement was", e->message, lines);
		else if (sql->nstmts)
			msg = mg_xasprintf("PostgreSQL " PG_MAJORVERSION " grammar rejects this statement: %s; "
					   "this statement (%s) was not checked, the file's other %zu "
					   "statements were", e->message, lines, sql->nstmts);
		else
			msg = mg_xasprintf("PostgreSQL " PG_MAJORVERSION " grammar rejects this statement: %s; "
					   "this statement (%s) was not checked",
					   e->message, lines);
		mg_result_add(out, "syntax-error", sev, path, line, col, line, col + 1,
			      msg, help, commit);
		free(msg);
	}
}

/* The first line of a Git LFS pointer file (git-lfs spec v1). */
#define LFS_POINTER "version https://git-lfs.github.com/spec/v1\n"

/* One file parsed: whole, or (goose, dbmate: up and down in one file, see
 * src/migpath.h) as its up and down parts, each the file with the other
 * part blanked so lines and columns stay the file's. */
typedef struct parsed_file {
	int split;            /* up and down parts */
	char *up, *down;      /* split: the texts sql and down_sql point into */
	int has_down;
	int rc, down_rc;      /* mg_sql_parse()'s results */
	mg_sql sql, down_sql;
	char *copy;           /* parsed for the cache: a copy of the file, which
			       * sql points into when not split; else NULL */
} parsed_file;

static int is_lfs_pointer(const char *data, size_t len)
{
	return len >= sizeof(LFS_POINTER) - 1 && !memcmp(data, LFS_POINTER, sizeof(LFS_POINTER) - 1);
}

/* Parses a file lint_file() checks (not an LFS pointer); copy: parse a
 * copy of data (kept in p->copy), which the parse cache can keep. */
static void parse_file(parsed_file *p, const char *data, size_t len, int copy)
{
	int found;

	memset(p, 0, sizeof(*p));
	if (copy) {
		p->copy = mg_xmalloc(len + 1);
		memcpy(p->copy, data, len);
		p->copy[len] = '\0';
		data = p->copy;
	}
	if (memchr(data, '\0', len) || mg_migpath_sections(data, len, NULL, 0) == 0) {
		p->rc = mg_sql_parse(&p->sql, data, len);
		return;
	}
	p->split = 1;
	p->up = mg_migpath_section_text(data, len, MG_SECTION_UP, &found);
	p->rc = mg_sql_parse(&p->sql, p->up, len);
	p->down = mg_migpath_section_text(data, len, MG_SECTION_DOWN, &p->has_down);
	if (p->has_down)
		p->down_rc = mg_sql_parse(&p->down_sql, p->down, len);
}

static void parsed_file_free(parsed_file *p)
{
	mg_sql_free(&p->sql);
	mg_sql_free(&p->down_sql);
	free(p->up);
	free(p->down);
	free(p->copy);
	memset(p, 0, sizeof(*p));
}

/* Runs the rules over one parsed text (rc: mg_sql_parse()'s result). */
static void lint_part(const mg_lint_opts *o, mg_lint_state *st, const char *path,
		      const char *commit, const char *data, size_t len, mg_result *out,
		      int is_down, const mg_sql *sqlp, int rc)
{
	mg_sql sql = *sqlp;   /* the rules see ctx.sql; nothing here changes it */
	mg_rule_ctx ctx;
	timeouts t;
	size_t i, r;

	if (rc < 0) {
		const char *nul = memchr(data, '\0', len);
		int line, col;
		mg_sql_position(&sql, (size_t)(nul - data), &line, &col);
		mg_result_add_error(out, path,
				    "binary content (NUL byte at line %d, column %d): file not checked",
				    line, col);
		return;
	}
	if (sql.has_error)
		report_syntax_errors(o, path, commit, &sql, data, len, out);

	memset(&t, 0, sizeof(t));
	memset(&ctx, 0, sizeof(ctx));
	ctx.opts = o;
	ctx.sql = &sql;
	ctx.path = path;
	ctx.commit = commit;
	ctx.assume_in_transaction = o->assume_in_transaction && !opts_out_of_transaction(&sql);
	ctx.in_transaction = ctx.assume_in_transaction;
	ctx.is_down = is_down || mg_path_is_down(path);
	ctx.state = st;
	ctx.out = out;
	ctx.reported = mg_xcalloc(mg_nrules ? 2 * mg_nrules : 1, 1);
	ctx.memo = ctx.reported + mg_nrules;
	for (i = 0; i < sql.nstmts; i++) {
		ctx.stmt = &sql.stmts[i];
		ctx.index = i;
		for (r = 0; r < mg_nrules; r++) {
			const mg_rule *rule = mg_rules[r];
			if (!rule->check ||
			    mg_lint_severity(o, rule->id, rule->severity) == MG_SEV_OFF)
				continue;
			if (ctx.is_down && (rule->flags & MG_RULE_DESTRUCTIVE))
				continue;
			ctx.rule = rule;
			ctx.rule_index = r;
			rule->check(&ctx, sql.stmts[i].node);
		}
		track(&ctx, st, &t, sql.stmts[i].node);
	}
	free(ctx.reported);
}

/* The up part is linted as the migration, the down part as a rollback (the
 * destructive-change rules stay quiet there).  p: the file's parse (data's
 * text, whoever made it), only read. */
static void lint_parsed(const mg_lint_opts *o, mg_lint_state *st, const char *path,
			const char *commit, const char *data, size_t len, mg_result *out,
			const parsed_file *p)
{
	lint_part(o, st, path, commit, p->split ? p->up : data, len, out, 0, &p->sql, p->rc);
	if (p->has_down)
		lint_part(o, st, path, commit, p->down, len, out, 1, &p->down_sql, p->down_rc);
}

static int lint_lfs_pointer(const char *path, const char *data, size_t len, mg_result *out)
{
	if (!is_lfs_pointer(data, len))
		return 0;
	mg_result_add_error(out, path, "Git LFS pointer: the migration's content is not "
			    "in the repository (git lfs fetch/checkout): not checked");
	return 1;
}

void mg_lint_file(const mg_lint_opts *o, mg_lint_state *st, const char *path,
		  const char *commit, const char *data, size_t len, mg_result *out)
{
	parsed_file p;

	out->files_checked++;
	if (lint_lfs_pointer(path, data, len, out))
		return;
	parse_file(&p, data, len, 0);
	lint_parsed(o, st, path, commit, data, len, out, &p);
	parsed_file_free(&p);
}

void mg_lint_sql(const mg_lint_opts *o, const char *path, const char *commit,
		 const char *data, size_t len, mg_result *out)
{
	mg_lint_state st;

	memset(&st, 0, sizeof(st));
	mg_lint_file(o, &st, path, commit, data, len, out);
	mg_lint_state_free(&st);
}

/* ---- the parse cache ------------------------------------------------------ */

typedef struct pc_entry {
	struct pc_entry *next;  /* chain of the bucket */
	char oid[41];
	size_t len;             /* of the text, parsed.copy */
	parsed_file parsed;
} pc_entry;

#define PC_BUCKETS 1024

struct mg_parse_cache {
	pthread_mutex_t mu;
	pc_entry *heads[PC_BUCKETS];
	size_t max_bytes, max_entries;
	size_t min_len;         /* set before use, then only read */
	mg_parse_cache_stats st;
};

mg_parse_cache *mg_parse_cache_new(size_t max_bytes, size_t max_entries)
{
	mg_parse_cache *c = mg_xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->mu, NULL);
	c->max_bytes = max_bytes;
	c->max_entries = max_entries;
	c->min_len = MG_PARSE_CACHE_MIN_LEN;
	return c;
}

void mg_parse_cache_set_min_len(mg_parse_cache *c, size_t min_len)
{
	c->min_len = min_len;
}

void mg_parse_cache_free(mg_parse_cache *c)
{
	size_t b;

	if (!c)
		return;
	for (b = 0; b < PC_BUCKETS; b++) {
		pc_entry *e = c->heads[b], *next;
		for (; e; e = next) {
			next = e->next;
			parsed_file_free(&e->parsed);
			free(e);
		}
	}
	pthread_mutex_destroy(&c->mu);
	free(c);
}

void mg_parse_cache_get_stats(mg_parse_cache *c, mg_parse_cache_stats *s)
{
	pthread_mutex_lock(&c->mu);
	*s = c->st;
	pthread_mutex_unlock(&c->mu);
}

/* What an entry costs, estimated: two copies of the text (the file, the
 * split parts), a parse tree of about 20 bytes per byte of SQL (measured on
 * the corpus, an arena chunk of at least 4 KB), line and statement tables. */
static size_t pc_cost(size_t len)
{
	return 24 * len + 8192 + sizeof(pc_entry);
}

static size_t pc_bucket(const char *oid)
{
	size_t h = 5381;

	while (*oid)
		h = h * 33 + (unsigned char)*oid++;
	return h & (PC_BUCKETS - 1);
}

/* Whether f's parse may be looked up in or kept by the cache. */
static int pc_cacheable(const mg_lint_opts *o, const mg_file_change *f)
{
	return o->parse_cache && f->oid[0] && f->data && f->len >= o->parse_cache->min_len;
}

/* The entry of f's blob id and text, or NULL; called with c->mu held. */
static pc_entry *pc_find(mg_parse_cache *c, const mg_file_change *f)
{
	pc_entry *e;

	for (e = c->heads[pc_bucket(f->oid)]; e; e = e->next)
		if (!strcmp(e->oid, f->oid) && e->len == f->len &&
		    !memcmp(e->parsed.copy, f->data, f->len))
			return e;
	return NULL;
}

/* The cached parse of f's text, or NULL.  Entries live until the cache is
 * freed, so the pointer stays valid. */
static const parsed_file *pc_lookup(mg_parse_cache *c, const mg_file_change *f)
{
	const pc_entry *e;

	pthread_mutex_lock(&c->mu);
	e = pc_find(c, f);
	if (e)
		c->st.hits++;
	else
		c->st.misses++;
	pthread_mutex_unlock(&c->mu);
	return e ? &e->parsed : NULL;
}

/* Offers p (parsed with a copy of f's text) to the cache: 1 when the cache
 * keeps it (and *p is then the cache's), 0 when it is full or has it. */
static int pc_insert(mg_parse_cache *c, const mg_file_change *f, parsed_file *p)
{
	size_t b = pc_bucket(f->oid), cost = pc_cost(f->len);
	pc_entry *e;

	if (!p->copy)
		return 0;
	pthread_mutex_lock(&c->mu);
	e = pc_find(c, f);
	if (e || c->st.entries >= c->max_entries || cost > c->max_bytes - c->st.bytes ||
	    c->st.bytes > c->max_bytes) {
		if (!e)
			c->st.full++;
		pthread_mutex_unlock(&c->mu);
		return 0;
	}
	e = mg_xcalloc(1, sizeof(*e));
	memcpy(e->oid, f->oid, sizeof(e->oid));
	e->len = f->len;
	e->parsed = *p;
	e->next = c->heads[b];
	c->heads[b] = e;
	c->st.entries++;
	c->st.bytes += cost;
	pthread_mutex_unlock(&c->mu);
	return 1;
}

/* ---- linting the files of a change set on all cores ---------------------
 * The files of a change set are linted as if in order: a table created by
 * one file is new for the files after it, and the findings come out in
 * file order.  But a file's rules need only its parse and the new tables of
 * the files before it.  So the work of each file is split:
 *   P  parse (or take the parse from the cache): needs nothing;
 *   T  add the tables the file creates to the shared state: in file order,
 *      after T of the files before it (cheap: one look at each statement);
 *   R  run the rules (lint_part()) into a result of the file's own, seeing
 *      the shared state as T left it before the file (shared_n) plus its
 *      own tables, as the one-thread linter would: needs P and T of the
 *      files before it;
 *   M  move the result into out, in file order (the main thread).
 * Any thread runs P, T and R of any file within a window of LINT_WINDOW
 * files from the first one not merged yet, so memory stays bounded.  With
 * files_independent there is no T (each file starts from no new tables).
 * The main thread does the same work as the workers between merges; on
 * one core it does all of it.  The cache is looked up when a file enters
 * the window and offered the parse when the file is merged, both on the
 * main thread, in file order.  libpg_query keeps its memory contexts per
 * thread; the rules keep their state in the rule context (one per file and
 * thread) and write only to the file's result. */
#define LINT_WINDOW 32
#define LINT_MAX_WORKERS 7

enum { FILE_SKIP, FILE_ERROR, FILE_LFS, FILE_SQL };

typedef struct lint_slot {
	int kind;              /* FILE_*: what the linter does with the file */
	int cacheable;         /* pc_cacheable() */
	int parse;             /* 0 to do, 1 running, 2 done (pf set) */
	int rules;             /* 0 to do, 1 running, 2 done (res filled) */
	size_t shared_n;       /* the shared state's entries before this file */
	const parsed_file *pf; /* &own, or the cache's */
	parsed_file own;
	int owned;             /* own holds a parse */
	mg_result res;
} lint_slot;

typedef struct lint_pool {
	const mg_lint_opts *o;
	const mg_changeset *cs;
	lint_slot *slots;
	size_t n;
	size_t merged;         /* slots [0, merged) are in out */
	size_t admitted;       /* slots [merged, admitted) are the window */
	size_t tracked;        /* T done for slots [0, tracked) */
	int tracking;          /* a thread runs T(tracked) */
	int stop;
	struct mg_lint_shared shared;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t threads[LINT_MAX_WORKERS];
	size_t nthreads;
} lint_pool;

static int file_kind(const mg_file_change *f)
{
	if (f->status == MG_DELETED)
		return FILE_SKIP;
	/* ORM migrations (Rails *.rb, Django and Alembic *.py): the regex
	 * packs and history rules read them, libpg_query does not */
	if (mg_ends_with(f->path, ".rb") || mg_ends_with(f->path, ".py"))
		return FILE_SKIP;
	if (f->kind == MG_KIND_SUBMODULE || f->kind == MG_KIND_SYMLINK || !f->data)
		return FILE_ERROR;
	if (is_lfs_pointer(f->data, f->len))
		return FILE_LFS;
	return FILE_SQL;
}

/* Moves tracked past the files that create no tables without a look,
 * giving each file it reaches the shared state's size.  With mu held, and
 * no T running. */
static void pool_track_advance(lint_pool *p)
{
	while (p->tracked < p->n) {
		p->slots[p->tracked].shared_n = p->shared.st.nnew_tables;
		if (p->slots[p->tracked].kind == FILE_SQL)
			break;
		p->tracked++;
	}
}

/* T of slot i: its tables into the shared state, up part then down part,
 * as lint_file() would add them. */
static void pool_track(lint_pool *p, size_t i)
{
	const parsed_file *pf = p->slots[i].pf;
	size_t k;

	pthread_rwlock_wrlock(&p->shared.lock);
	if (pf->rc >= 0)
		for (k = 0; k < pf->sql.nstmts; k++)
			track_tables(&p->shared.st, pf->sql.stmts[k].node);
	if (pf->has_down && pf->down_rc >= 0)
		for (k = 0; k < pf->down_sql.nstmts; k++)
			track_tables(&p->shared.st, pf->down_sql.stmts[k].node);
	pthread_rwlock_unlock(&p->shared.lock);
}

/* R of slot i: the rules, into the slot's result. */
static void pool_rules(lint_pool *p, size_t i)
{
	const mg_file_change *f = &p->cs->files[i];
	lint_slot *sl = &p->slots[i];
	mg_lint_state st;

	memset(&st, 0, sizeof(st));
	if (!p->o->files_independent) {
		st.shared = &p->shared;
		st.shared_n = sl->shared_n;
	}
	sl->res.files_checked++;
	lint_parsed(p->o, &st, f->path, f->commit, f->data, f->len, &sl->res, sl->pf);
	mg_lint_state_free(&st);
}

/* Runs one piece of work (T, else R, else P, lowest file first) if there
 * is one: 1 when it did (mu released meanwhile), 0 when none is ready.
 * Called with mu held. */
static int pool_work(lint_pool *p)
{
	size_t i;

	if (!p->tracking && p->tracked < p->admitted && p->slots[p->tracked].parse == 2) {
		i = p->tracked;
		p->tracking = 1;
		pthread_mutex_unlock(&p->mu);
		pool_track(p, i);
		pthread_mutex_lock(&p->mu);
		p->tracking = 0;
		p->tracked = i + 1;
		pool_track_advance(p);
		pthread_cond_broadcast(&p->cv);
		return 1;
	}
	for (i = p->merged; i < p->admitted && i <= p->tracked; i++) {
		lint_slot *sl = &p->slots[i];
		if (sl->kind == FILE_SQL && sl->parse == 2 && sl->rules == 0) {
			sl->rules = 1;
			pthread_mutex_unlock(&p->mu);
			pool_rules(p, i);
			pthread_mutex_lock(&p->mu);
			sl->rules = 2;
			pthread_cond_broadcast(&p->cv);
			return 1;
		}
	}
	for (i = p->merged; i < p->admitted; i++) {
		lint_slot *sl = &p->slots[i];
		if (sl->kind == FILE_SQL && sl->parse == 0) {
			const mg_file_change *f = &p->cs->files[i];
			parsed_file pf;

			sl->parse = 1;
			pthread_mutex_unlock(&p->mu);
			parse_file(&pf, f->data, f->len, sl->cacheable);
			pthread_mutex_lock(&p->mu);
			sl->own = pf;
			sl->owned = 1;
			sl->pf = &sl->own;
			sl->parse = 2;
			pthread_cond_broadcast(&p->cv);
			return 1;
		}
	}
	return 0;
}

static void *pool_worker(void *arg)
{
	lint_pool *p = arg;

	pthread_mutex_lock(&p->mu);
	while (!p->stop)
		if (!pool_work(p))
			pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	/* libpg_query frees this thread's memory contexts at its exit */
	return NULL;
}

/* Lets the files up to LINT_WINDOW past the first unmerged one into the
 * window, taking their parses from the cache where it has them.  On the
 * main thread, with mu held. */
static void pool_admit(lint_pool *p)
{
	while (p->admitted < p->n && p->admitted < p->merged + LINT_WINDOW) {
		lint_slot *sl = &p->slots[p->admitted++];
		const parsed_file *hit;

		if (sl->kind == FILE_SQL && sl->cacheable &&
		    (hit = pc_lookup(p->o->parse_cache, &p->cs->files[sl - p->slots])) != NULL) {
			sl->pf = hit;
			sl->parse = 2;
		}
	}
}

/* Whether slot i can be merged: nothing of it runs or is left to run. */
static int pool_mergeable(const lint_pool *p, size_t i)
{
	const lint_slot *sl = &p->slots[i];

	return sl->kind != FILE_SQL || (sl->rules == 2 && p->tracked > i);
}

/* Room for nf more findings and ne more errors in r, growing its arrays
 * geometrically (mg_result_move() makes them just large enough, which
 * copies them again for every file). */
static void result_reserve(mg_result *r, size_t nf, size_t ne)
{
	if (r->cap_findings - r->nfindings < nf) {
		size_t cap = r->cap_findings * 2;
		if (cap < r->nfindings + nf)
			cap = r->nfindings + nf;
		r->findings = mg_xrealloc(r->findings, cap * sizeof(*r->findings));
		r->cap_findings = cap;
	}
	if (r->cap_errors - r->nerrors < ne) {
		size_t cap = r->cap_errors * 2;
		if (cap < r->nerrors + ne)
			cap = r->nerrors + ne;
		r->errors = mg_xrealloc(r->errors, cap * sizeof(*r->errors));
		r->cap_errors = cap;
	}
}

/* M of slot i, on the main thread without mu: its result into out, its
 * parse to the cache or freed. */
static void pool_merge(lint_pool *p, size_t i, mg_result *out)
{
	const mg_file_change *f = &p->cs->files[i];
	lint_slot *sl = &p->slots[i];

	switch (sl->kind) {
	case FILE_ERROR:
		if (f->kind == MG_KIND_SUBMODULE)
			mg_result_add_error(out, f->path, "submodule in a migration directory: not checked");
		else if (f->kind == MG_KIND_SYMLINK)
			mg_result_add_error(out, f->path,
					    "symbolic link in a migration directory: not followed, not checked");
		else
			mg_result_add_error(out, f->path, "%s", f->unavailable ? f->unavailable :
					    "content not available: not checked");
		break;
	case FILE_LFS:
		out->files_checked++;
		lint_lfs_pointer(f->path, f->data, f->len, out);
		break;
	case FILE_SQL:
		result_reserve(out, sl->res.nfindings, sl->res.nerrors);
		mg_result_move(out, &sl->res);
		if (sl->owned && !(sl->cacheable && pc_insert(p->o->parse_cache, f, &sl->own)))
			parsed_file_free(&sl->own);
		sl->owned = 0;
		sl->pf = NULL;
		break;
	default:
		break;
	}
}

/* The number of worker threads to start: none on one core or for fewer
 * than two files to parse or lint. */
static size_t pool_nworkers(const lint_pool *p)
{
	long ncpu = mg_ncpu();
	size_t i, nsql = 0, want;

	if (ncpu < 2)
		return 0;
	for (i = 0; i < p->n && nsql < 2; i++)
		nsql += p->slots[i].kind == FILE_SQL;
	if (nsql < 2)
		return 0;
	want = (size_t)ncpu - 1;
	return want > LINT_MAX_WORKERS ? LINT_MAX_WORKERS : want;
}

void mg_lint_changeset(const mg_lint_opts *o, const mg_changeset *cs, mg_result *out)
{
	lint_pool p;
	size_t i, want;

	if (!cs->nfiles)
		return;
	memset(&p, 0, sizeof(p));
	p.o = o;
	p.cs = cs;
	p.n = cs->nfiles;
	p.slots = mg_xcalloc(p.n, sizeof(*p.slots));
	for (i = 0; i < p.n; i++) {
		p.slots[i].kind = file_kind(&cs->files[i]);
		p.slots[i].cacheable = p.slots[i].kind == FILE_SQL && pc_cacheable(o, &cs->files[i]);
		mg_result_init(&p.slots[i].res);
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	pthread_rwlock_init(&p.shared.lock, NULL);
	if (o->files_independent)
		p.tracked = p.n;    /* no T: every file starts from no new tables */
	else
		pool_track_advance(&p);
	pthread_mutex_lock(&p.mu);
	pool_admit(&p);
	want = pool_nworkers(&p);
	while (p.nthreads < want &&
	       pthread_create(&p.threads[p.nthreads], NULL, pool_worker, &p) == 0)
		p.nthreads++;
	while (p.merged < p.n) {
		if (pool_mergeable(&p, p.merged)) {
			i = p.merged;
			pthread_mutex_unlock(&p.mu);
			pool_merge(&p, i, out);
			pthread_mutex_lock(&p.mu);
			p.merged = i + 1;
			pool_admit(&p);
			pthread_cond_broadcast(&p.cv);
		} else if (!pool_work(&p)) {
			pthread_cond_wait(&p.cv, &p.mu);
		}
	}
	p.stop = 1;
	pthread_cond_broadcast(&p.cv);
	pthread_mutex_unlock(&p.mu);
	for (i = 0; i < p.nthreads; i++)
		pthread_join(p.threads[i], NULL);
	for (i = 0; i < p.n; i++)
		mg_result_free(&p.slots[i].res);
	mg_lint_state_free(&p.shared.st);
	pthread_rwlock_destroy(&p.shared.lock);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv);
	free(p.slots);
}
