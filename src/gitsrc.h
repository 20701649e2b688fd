/* gitsrc.h - build change sets from a git repository with libgit2.
 *
 * Every function returns 0 on success or -1 with a message in *err (owned by
 * the caller, free()) naming what failed. */
#ifndef MG_GITSRC_H
#define MG_GITSRC_H

#include <git2.h>
#include "changeset.h"
#include "migpath.h"

/* Opens the repository: dir when given (discovering upwards from it), else
 * from git's environment (GIT_DIR, GIT_OBJECT_DIRECTORY,
 * GIT_ALTERNATE_OBJECT_DIRECTORIES) and the current directory.  Falls back
 * to applying those variables by hand where libgit2 refuses FROM_ENV (it does
 * when GIT_WORK_TREE or GIT_COMMON_DIR is set before libgit2 1.7).
 * GIT_INDEX_FILE is left to mg_git_index(). */
int mg_git_open(git_repository **out, const char *dir, char **err);

/* The index the command works on: GIT_INDEX_FILE's when git set it (the
 * hooks of `git commit -a` and `git commit PATH`), else the repository's.
 * mg_git_open() does not apply GIT_INDEX_FILE: libgit2 would read and hash
 * that index at open, and --staged reads it itself (gitstaged.c). */
int mg_git_index(git_index **out, git_repository *repo);

/* Migration files as staged in the index against HEAD (or the empty tree on
 * an unborn branch). */
int mg_git_staged(git_repository *repo, const mg_pathfilter *pf,
		  mg_changeset *cs, char **err);

/* The same through libgit2's index and tree-to-index diff (the way
 * mg_git_staged() takes when its own index reader cannot: gitstaged.c). */
int mg_git_staged_libgit2(git_repository *repo, const mg_pathfilter *pf,
			  mg_changeset *cs, char **err);

/* git's order of the entries of a tree (base_name_compare()): names
 * compared bytewise, a directory's as if it ended in '/'. */
int mg_git_name_cmp(const char *a, size_t al, int adir, const char *b, size_t bl, int bdir);

/* For gitstaged.c: the diff options of every source (spec: MG_GIT_NSPEC
 * pathspec strings, the migration globs), one delta appended to cs (blobs
 * loaded), a whole diff appended (renames found, filtered by pf). */
#define MG_GIT_NSPEC 4
void mg_git_diff_opts(git_diff_options *o, char **spec);
int mg_git_add_delta(git_repository *repo, const git_diff_delta *d, mg_changeset *cs, char **err);
int mg_git_add_diff(git_repository *repo, git_diff *diff, const mg_pathfilter *pf,
		    mg_changeset *cs, char **err);

/* Net change of B against merge-base(A, B) for "A..B" or "A...B"; commits
 * in B that are not in A are added to the change set. */
int mg_git_range(git_repository *repo, const char *range, const mg_pathfilter *pf,
		 mg_changeset *cs, char **err);

/* Every migration file in HEAD's tree, as additions. */
int mg_git_all(git_repository *repo, const mg_pathfilter *pf,
	       mg_changeset *cs, char **err);

/* Diff of two trees (either may be NULL: the empty tree) into cs; commit is
 * recorded on each file (hex oid or NULL). */
int mg_git_diff_trees(git_repository *repo, git_tree *old_tree, git_tree *new_tree,
		      const mg_pathfilter *pf, const char *commit,
		      mg_changeset *cs, char **err);

/* History rules (issue 6): fills cs->base and cs->result with the migration
 * paths (mg_migpath_match_history(): SQL and Rails/Django/Alembic files) of
 * the base tree (NULL: the empty tree, e.g. an unborn branch or a new
 * branch with no default branch) and of the resulting tree, or of
 * result_index when result is NULL; sets cs->has_trees; puts cs->files in
 * migration order (mg_migpath_order_changes()).  mg_git_range()
 * and mg_git_staged() call it; pre-receive calls it with the old tip (or
 * the default branch for a new branch) and the new tip. */
int mg_git_base_paths(git_repository *repo, git_tree *base, git_tree *result,
		      git_index *result_index, const mg_pathfilter *pf,
		      mg_changeset *cs, char **err);

/* Raw tree objects kept by id for a range or a push (every tree of its two
 * ends): mg_git_diff_and_paths() fills it, mg_git_commit_own() reads from
 * it. */
typedef struct mg_treeset mg_treeset;
mg_treeset *mg_treeset_new(void);
void mg_treeset_free(mg_treeset *set);

/* mg_git_diff_trees() then mg_git_base_paths() of the same two trees, each
 * tree read once; the trees go into set (NULL: none kept). */
int mg_git_diff_and_paths(git_repository *repo, git_tree *old_tree, git_tree *new_tree,
			  const mg_pathfilter *pf, const char *commit, mg_treeset *set,
			  mg_changeset *cs, char **err);

/* migguard.shippedRef: after mg_git_base_paths(), records in cs->shipped
 * which base paths the change edits, renames or deletes exist in the tree
 * of a reference whose full name matches one of the globs (e.g.
 * refs/tags/v*); sets cs->has_shipped.  No globs: nothing to do. */
int mg_git_shipped_paths(git_repository *repo, const char *const *globs, size_t nglobs,
			 mg_changeset *cs, char **err);

/* Fills ci->own with the migration files commit c changed against its
 * first parent (the empty tree for a root commit), content loaded under
 * cs->max_file_size, each file's commit set to c.  Range and push sources
 * call it for every commit so that commit rules concern only the commits
 * that change migrations, with the content each adds; trees in set (or
 * NULL) are not read again. */
int mg_git_commit_own(git_repository *repo, const git_commit *c, const mg_pathfilter *pf,
		      const mg_changeset *cs, mg_commit_info *ci, const mg_treeset *set,
		      char **err);

/* check --range --each-commit: one commit's own change (against its first
 * parent, the empty tree for a root commit) as a change set of its own:
 * the files, the commit (with its own change), the base and result paths
 * for history rules.  oid is a hex commit id. */
int mg_git_one_commit(git_repository *repo, const char *oid, const mg_pathfilter *pf,
		      mg_changeset *cs, char **err);

/* Adds commit metadata (message, author, committer) to cs. */
int mg_git_add_commit_info(mg_changeset *cs, const git_commit *c);

/* The libgit2 error as an allocated string, prefixed with what. */
char *mg_git_error(const char *what);

#endif
