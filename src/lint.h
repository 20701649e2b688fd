/* lint.h - run the SQL checks over files and change sets. */
#ifndef MG_LINT_H
#define MG_LINT_H

#include <stddef.h>
#include "changeset.h"
#include "finding.h"

typedef struct mg_rule_override {
	const char *id;
	mg_severity severity;
} mg_rule_override;

struct mg_parse_cache;

typedef struct mg_lint_opts {
	int pg_version;              /* target PostgreSQL major version */
	int assume_in_transaction;   /* migration runner wraps each file in a transaction */
	int files_independent;       /* the files were not deployed together (check --all):
				      * a table created by one is not new for the next */
	const mg_rule_override *overrides; /* rule.<id>.severity, may be NULL */
	size_t noverrides;
	/* Parses of blobs kept across the change sets of one command (the refs
	 * of a push, the commits of --each-commit), or NULL.  Not owned. */
	struct mg_parse_cache *parse_cache;
} mg_lint_opts;

void mg_lint_opts_init(mg_lint_opts *o);

struct mg_lint_shared;

/* State the linter keeps across the files of one change set, in order:
 * tables (and materialized views) created by an earlier statement of the
 * same file or of an earlier file are new and empty. */
typedef struct mg_lint_state {
	char **new_tables;           /* "schema.name" or "name" */
	size_t nnew_tables, cap_new_tables;
	/* an index of new_tables by the name after the last '.': chains of
	 * indexes from heads[hash & (nheads - 1)] through next[] */
	size_t *heads, *next, nheads;
	/* mg_lint_changeset() on several threads: the new tables of the
	 * earlier files, the first shared_n of a state the threads share
	 * (read under its lock); new_tables has this file's own.  NULL: none. */
	const struct mg_lint_shared *shared;
	size_t shared_n;
} mg_lint_state;

void mg_lint_state_free(mg_lint_state *st);

/* Non-zero for a down/rollback migration: a file named *.down.sql or
 * down.sql, or a file below a sqitch-style revert/ directory.  The
 * destructive-change rules (ban-drop-*) stay quiet there. */
int mg_path_is_down(const char *path);

/* The effective severity of a rule: an override, else the default. */
mg_severity mg_lint_severity(const mg_lint_opts *o, const char *rule, mg_severity def);

/* Lints one SQL text on its own.  path and commit are copied into findings. */
void mg_lint_sql(const mg_lint_opts *o, const char *path, const char *commit,
		 const char *data, size_t len, mg_result *out);
/* The same, seeing (and extending) the new tables of earlier files in st. */
void mg_lint_file(const mg_lint_opts *o, mg_lint_state *st, const char *path,
		  const char *commit, const char *data, size_t len, mg_result *out);

/* Lints every added, modified or renamed file of a change set, in order;
 * a table created by one file is new for the files after it.  Parsing and
 * rules run on every CPU the process may use; the findings and errors, and
 * their order, are those of linting the files one after the other. */
void mg_lint_changeset(const mg_lint_opts *o, const mg_changeset *cs, mg_result *out);

/* A cache of parsed blobs, keyed by blob id (mg_file_change.oid; files on
 * disk, oid "", are never cached) and checked against the text itself (a
 * placeholder pattern may change a blob's text between change sets).  The
 * parses are immutable once made: the rules only read them, so the findings
 * are those of a fresh parse.  Entries are added until max_bytes (an
 * estimate of their memory: text and parse tree) or max_entries is reached,
 * then the cache takes no more; nothing is evicted before
 * mg_parse_cache_free().  Safe to use from the linter's threads. */
typedef struct mg_parse_cache mg_parse_cache;

#define MG_PARSE_CACHE_DEFAULT_BYTES ((size_t)8 << 20)
#define MG_PARSE_CACHE_DEFAULT_ENTRIES ((size_t)4096)
/* Texts shorter than this are not cached: they parse in microseconds and
 * a parse costs at least an arena chunk of 4 KB (a push of 1,000 commits
 * of the bench repository, 300 migrations of 143 bytes on average: 1.6 MB
 * more peak memory for a saving of about a millisecond per ref). */
#define MG_PARSE_CACHE_MIN_LEN ((size_t)512)

mg_parse_cache *mg_parse_cache_new(size_t max_bytes, size_t max_entries);
void mg_parse_cache_free(mg_parse_cache *c);
/* Sets the shortest text cached (MG_PARSE_CACHE_MIN_LEN by default);
 * before the cache is used. */
void mg_parse_cache_set_min_len(mg_parse_cache *c, size_t min_len);

typedef struct mg_parse_cache_stats {
	size_t entries, bytes;      /* held now */
	size_t hits, misses;        /* lookups of blob ids */
	size_t full;                /* parses not kept: the cache was full */
} mg_parse_cache_stats;

void mg_parse_cache_get_stats(mg_parse_cache *c, mg_parse_cache_stats *s);

#endif
