/* regex.h - regex rule packs (rules/NAME.rules, man migguard-rules(5)).
 *
 * A pack is a text file of rules, each with an id, a scope (what text it
 * reads), a PCRE2 pattern written raw, a kind (a finding of its own, or an
 * AI-generation marker that feeds the review policy of commitrules.c), a
 * severity, a message and a help line.  Patterns are compiled once (with
 * the JIT when PCRE2 has one) and matched with one shared match block.
 *
 * Packs are read, later ones replacing rules of the same id, from:
 *   1. the built-in directory: $MIGGUARD_RULES_DIR when that is set (for
 *      uninstalled runs and tests; empty: no built-in packs), else
 *      $(pkgdatadir)/rules (silently skipped when it does not exist);
 *   2. migguard.rulesDir (mg_options.rules_dir), which must exist;
 *   3. check --rules DIR (mg_options.rules_cli_dir), which must exist.
 * In each directory every file named *.rules is read, in name order. */
#ifndef MG_REGEX_H
#define MG_REGEX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>

#include "changeset.h"
#include "finding.h"
#include "pipeline.h"

typedef enum mg_rx_scope {
	MG_SCOPE_MESSAGE,   /* the whole commit message (multi-line mode) */
	MG_SCOPE_TRAILER,   /* each trailer as "Key: value" (unfolded) */
	MG_SCOPE_AUTHOR,    /* author and committer as "Name <email>" */
	MG_SCOPE_CONTENT,   /* a migration file's text; matches on added lines count */
	MG_SCOPE_PATH       /* a migration file's path */
} mg_rx_scope;

typedef struct mg_rx_rule {
	char *id;
	mg_rx_scope scope;
	int ai_marker;          /* kind ai-marker: a sign of AI generation */
	mg_severity severity;
	char *pattern;          /* as written */
	char *message, *help;   /* help may be NULL */
	pcre2_code *code;
	pcre2_code *paths;      /* optional: content/path rules only for these paths */
	char *file;             /* where it was defined, for messages */
	int line;
} mg_rx_rule;

typedef struct mg_rxset {
	mg_rx_rule *rules;
	size_t n, cap;
	pcre2_match_data *md;   /* shared by every match */
	pcre2_compile_context *cctx;
} mg_rxset;

void mg_rxset_init(mg_rxset *s);
void mg_rxset_free(mg_rxset *s);

/* Loads a pack from text (name is used in messages).  Returns 0, or -1
 * with *err = "NAME:LINE: ..." (for a bad pattern "NAME:LINE:COL: bad
 * pattern: <PCRE2's message> at offset N"); rules loaded before the error
 * stay in s. */
int mg_rx_load_text(mg_rxset *s, const char *name, const char *text, size_t len, char **err);
int mg_rx_load_file(mg_rxset *s, const char *path, char **err);
/* Every *.rules file of dir in name order.  A missing directory is an error
 * when must_exist, else nothing is loaded. */
int mg_rx_load_dir(mg_rxset *s, const char *dir, int must_exist, char **err);

/* The built-in pack directory (see above); NULL when MIGGUARD_RULES_DIR is
 * set to the empty string.  *from_env is set when it came from there. */
const char *mg_rx_builtin_dir(int *from_env);

/* Loads every pack the options name into a new set at o->rx (replacing
 * one loaded before).  Returns 0, or -1 with *err set (exit status 2). */
int mg_options_load_rules(mg_options *o, char **err);
/* Loads the packs of o into s (initialised by the caller). */
int mg_rx_load_options(const mg_options *o, mg_rxset *s, char **err);
/* The packs for a pipeline run: o->rx when the command loaded them, else
 * loaded into tmp (always initialised; the caller frees it).  NULL when
 * they cannot be loaded: the reason is an error in out (exit status 2). */
const mg_rxset *mg_rx_for(const mg_options *o, mg_rxset *tmp, mg_result *out);

/* "message", "trailer", "author", "content" or "path". */
const char *mg_rx_scope_name(mg_rx_scope scope);

/* Searches subject[0..len) from offset start.  Returns 1 with the match
 * in [*ms, *me), 0 for no match, -1 when PCRE2 gave up (match limit). */
int mg_rx_search(const mg_rxset *s, const pcre2_code *code, const char *subject,
		 size_t len, size_t start, size_t *ms, size_t *me);

/* Non-zero when rule r applies to path (its paths pattern, if any). */
int mg_rx_applies_to(const mg_rxset *s, const mg_rx_rule *r, const char *path);

/* Calls fn for the first match of r on each added line of file f (every
 * line when f has no old content; else lines that do not occur in the old
 * content), with the 1-based line and byte column.  Returns the number of
 * matches.  When PCRE2 gives up (match or depth limit) fn is called once
 * with line 0 and the rest of the file is not scanned. */
typedef void (*mg_rx_line_fn)(void *ctx, const mg_rx_rule *r, int line, int column,
			      int end_column);
size_t mg_rx_scan_content(const mg_rxset *s, const mg_rx_rule *r, const mg_file_change *f,
			  mg_rx_line_fn fn, void *ctx);

/* Pipeline step 2: content and path rules of kind finding on every file of
 * cs; AI markers in content or path too when cs holds no commit (files on
 * disk, --staged, --all: no message to review them), as their own
 * findings. */
void mg_rx_check_files(const mg_options *o, const mg_rxset *s, const mg_changeset *cs,
		       mg_result *out);

#endif
