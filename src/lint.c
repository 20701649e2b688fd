/* lint.c - the SQL half of the pipeline: parse once, run every rule on every
 * statement, anchor findings to lines. */
#include "config.h"
#include "lint.h"
#include "rules/rule.h"
#include "sql.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int mg_table_is_new(const mg_rule_ctx *ctx, const PgQuery__RangeVar *rv)
{
	char name[512];
	size_t i;

	if (!rv)
		return 0;
	mg_relname(rv, name, sizeof(name));
	for (i = 0; i < ctx->state->nnew_tables; i++)
		if (!strcmp(ctx->state->new_tables[i], name))
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

static void state_add_table(mg_lint_state *st, const PgQuery__RangeVar *rv)
{
	char name[512];

	if (!rv)
		return;
	if (st->nnew_tables == st->cap_new_tables) {
		st->cap_new_tables = st->cap_new_tables ? st->cap_new_tables * 2 : 8;
		st->new_tables = mg_xrealloc(st->new_tables,
					     st->cap_new_tables * sizeof(char *));
	}
	st->new_tables[st->nnew_tables++] = mg_xstrdup(mg_relname(rv, name, sizeof(name)));
}

static void state_free(mg_lint_state *st)
{
	size_t i;

	for (i = 0; i < st->nnew_tables; i++)
		free(st->new_tables[i]);
	free(st->new_tables);
	memset(st, 0, sizeof(*st));
}

/* Keeps the per-file state up to date after a statement was checked. */
static void track(mg_rule_ctx *ctx, mg_lint_state *st, const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
		switch (n->transaction_stmt->kind) {
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
			ctx->in_transaction = 1;
			break;
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT_PREPARED:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_PREPARED:
			ctx->in_transaction = ctx->opts->assume_in_transaction;
			break;
		default:
			break;
		}
		break;
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		state_add_table(st, n->create_stmt->relation);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		if (n->create_table_as_stmt->into)
			state_add_table(st, n->create_table_as_stmt->into->rel);
		break;
	default:
		break;
	}
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

void mg_lint_sql(const mg_lint_opts *o, const char *path, const char *commit,
		 const char *data, size_t len, mg_result *out)
{
	mg_sql sql;
	mg_lint_state st;
	mg_rule_ctx ctx;
	size_t i, r;

	out->files_checked++;
	if (mg_sql_parse(&sql, data, len) < 0) {
		const char *nul = memchr(data, '\0', len);
		int line, col;
		mg_sql_position(&sql, (size_t)(nul - data), &line, &col);
		mg_result_add_error(out, path,
				    "binary content (NUL byte at line %d, column %d): file not checked",
				    line, col);
		mg_sql_free(&sql);
		return;
	}
	if (sql.has_error) {
		int line, col;
		mg_severity sev = mg_lint_severity(o, "syntax-error", MG_SEV_ERROR);
		char *msg = mg_xasprintf("PostgreSQL " PG_MAJORVERSION " grammar rejects this file: %s; "
					 "none of its %d lines were checked",
					 sql.error, count_lines(data, len));
		mg_sql_position(&sql, sql.error_offset, &line, &col);
		if (sev != MG_SEV_OFF)
			mg_result_add(out, "syntax-error", sev, path, line, col, line, col + 1,
				      msg, "fix the syntax (or mark template placeholders "
				      "with migguard.placeholder) so the file can be checked",
				      commit);
		free(msg);
		mg_sql_free(&sql);
		return;
	}

	memset(&st, 0, sizeof(st));
	memset(&ctx, 0, sizeof(ctx));
	ctx.opts = o;
	ctx.sql = &sql;
	ctx.path = path;
	ctx.commit = commit;
	ctx.in_transaction = o->assume_in_transaction;
	ctx.state = &st;
	ctx.out = out;
	for (i = 0; i < sql.nstmts; i++) {
		ctx.stmt = &sql.stmts[i];
		ctx.index = i;
		for (r = 0; r < mg_nrules; r++) {
			const mg_rule *rule = mg_rules[r];
			if (!rule->check ||
			    mg_lint_severity(o, rule->id, rule->severity) == MG_SEV_OFF)
				continue;
			ctx.rule = rule;
			rule->check(&ctx, sql.stmts[i].node);
		}
		track(&ctx, &st, sql.stmts[i].node);
	}
	state_free(&st);
	mg_sql_free(&sql);
}

void mg_lint_changeset(const mg_lint_opts *o, const mg_changeset *cs, mg_result *out)
{
	size_t i;

	for (i = 0; i < cs->nfiles; i++) {
		const mg_file_change *f = &cs->files[i];

		if (f->status == MG_DELETED)
			continue;
		if (f->kind == MG_KIND_SUBMODULE) {
			mg_result_add_error(out, f->path, "submodule in a migration directory: not checked");
			continue;
		}
		if (f->kind == MG_KIND_SYMLINK) {
			mg_result_add_error(out, f->path,
					    "symbolic link in a migration directory: not followed, not checked");
			continue;
		}
		if (!f->data) {
			mg_result_add_error(out, f->path, "content not available: not checked");
			continue;
		}
		mg_lint_sql(o, f->path, f->commit, f->data, f->len, out);
	}
}
