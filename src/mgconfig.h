/* mgconfig.h - configuration in git-config syntax (src/config.c).
 *
 * (Named mgconfig.h, not config.h: a src/config.h would shadow autoconf's
 * config.h for every file in src/.)
 *
 * Levels, later wins (multi-valued keys accumulate, an empty value clears
 * what earlier levels set):
 *   built-in defaults (mg_options_init) < system < global (XDG, then
 *   ~/.gitconfig, or $GIT_CONFIG_GLOBAL) < repository git config <
 *   in-tree .migguard < --config FILE < command-line flags (applied by the
 *   caller after mg_config_load()).
 *
 * Server mode (pre-receive): the in-tree .migguard of the pushed commit is
 * read only when a server level set migguard.allowInTreeConfig=true, and
 * then it may only raise rule severities and add migguard.path globs;
 * migguard.allowSuppressions defaults to false and only server levels may
 * set it. */
#ifndef MG_MGCONFIG_H
#define MG_MGCONFIG_H

#include <stddef.h>
#include <git2.h>
#include "pipeline.h"

#define MG_INTREE_CONFIG ".migguard"
#define MG_DEFAULT_MAX_FILE_SIZE (16LL * 1024 * 1024)

typedef struct mg_config_req {
	git_repository *repo;     /* repository level from its config; may be NULL */
	int server;               /* pre-receive policy (see above) */
	/* The in-tree level: content taken from a tree (intree_data, may be
	 * NULL when the tree has none) or else a file on disk (intree_path). */
	const char *intree_data;
	size_t intree_len;
	const char *intree_name;  /* for messages, e.g. "HEAD:.migguard" */
	const char *intree_path;
	const char *extra_file;   /* --config FILE: must exist */
	/* check --range A..B: B's .migguard (the in-tree level above is A's);
	 * it may only raise severities and add paths.  May be NULL. */
	const char *branch_data;
	size_t branch_len;
	const char *branch_name;
} mg_config_req;

/* Loads every level into o (which mg_options_init() prepared).  Warnings
 * (unknown keys, entries the server policy ignores) go to stderr as
 * "migguard: warning: FILE:LINE: ...".  Returns 0, or -1 with *err set to
 * "FILE:LINE: ..." for a malformed file or a bad value (exit status 2). */
int mg_config_load(mg_options *o, const mg_config_req *req, char **err);

/* mg_config_load() for a repository (NULL: no repository): the in-tree
 * level is read from rev's tree (for "A..B" and "A...B": A's, and B's may
 * only tighten it), or with rev NULL
 * from the working tree (the current directory without a repository or
 * for a bare one: none). */
int mg_config_load_at(mg_options *o, git_repository *repo, const char *rev,
		      const char *extra_file, int server, char **err);

/* Loads one file at the --config level (tests, tools). */
int mg_config_load_file(mg_options *o, const char *path, char **err);

/* Reads .migguard from a tree.  Returns 1 and a NUL-terminated copy in
 * *data when the tree has one, 0 when it has none (or one that is not a
 * regular file or is over 1 MiB: ignored with a warning), -1 with *err on
 * a git error. */
int mg_config_read_intree(git_repository *repo, git_tree *tree,
			  char **data, size_t *len, char **err);

/* Frees what mg_config_load() put into o (called by mg_options_free()). */
void mg_config_options_free(mg_options *o);

/* Setters shared with command-line flags. */
int mg_config_set_baseline(mg_options *o, const char *path);

/* The built-in placeholder patterns (NULL-terminated). */
extern const char *const mg_default_placeholders[];

#endif
