/* changeset.h - the data model every source produces and every check reads.
 *
 * A change set is a list of changed files (with old and new content where
 * there is one) and the commits that carried them.  Sources (files on disk,
 * the index, a commit range, a push) fill it; checks only read it. */
#ifndef MG_CHANGESET_H
#define MG_CHANGESET_H

#include <stddef.h>

struct mg_blob;              /* blobcache.h */
struct mg_blobcache;

typedef enum mg_status {
	MG_ADDED = 'A',
	MG_MODIFIED = 'M',
	MG_DELETED = 'D',
	MG_RENAMED = 'R'
} mg_status;

typedef enum mg_file_kind {
	MG_KIND_REGULAR = 0,
	MG_KIND_SYMLINK,     /* content is the link target, never followed */
	MG_KIND_SUBMODULE    /* gitlink: no content */
} mg_file_kind;

typedef struct mg_file_change {
	char *path;          /* new path; the old path for a deletion */
	char *old_path;      /* for renames; NULL otherwise */
	mg_status status;
	mg_file_kind kind;
	char *data;          /* new content (NUL-terminated), NULL when deleted */
	size_t len;
	char *old_data;      /* old content when the source has it, else NULL */
	size_t old_len;
	/* Where data / old_data come from a git blob: a reference to the
	 * shared blob (blobcache.h), data pointing into it (never written, not
	 * freed on its own); mg_changeset_free() drops it.  NULL: data is
	 * malloc'd and owned (files on disk). */
	struct mg_blob *blob, *old_blob;
	char oid[41];        /* new blob id (hex) or "" for files on disk */
	char old_oid[41];
	char *commit;        /* commit that introduced this state, or NULL */
	char *unavailable;   /* why data is NULL for a regular file (e.g. over
				max_file_size), reported as an error; or NULL */
} mg_file_change;

typedef struct mg_commit_info {
	char oid[41];
	char *message;
	char *author_name, *author_email;
	char *committer_name, *committer_email;
	/* This commit's own change: the migration files it changed against
	 * its first parent (the empty tree for a root commit), with their
	 * content, or NULL when the source does not know it (commit-msg, files).
	 * Commit rules concern only commits that change a migration; set by
	 * mg_git_commit_own() for ranges and pushes.  Owned. */
	struct mg_changeset *own;
} mg_commit_info;

/* Migration paths of a whole tree, sorted by path (history rules). */
typedef struct mg_tree_path {
	char *path;
	char oid[41];        /* blob id (hex) */
} mg_tree_path;

typedef struct mg_pathlist {
	mg_tree_path *v;
	size_t n, cap;
} mg_pathlist;

typedef struct mg_changeset {
	mg_file_change *files;
	size_t nfiles, cap_files;
	mg_commit_info *commits;
	size_t ncommits, cap_commits;
	/* Set by the caller before a source fills the change set: blobs larger
	 * than this are not loaded (data NULL, unavailable says why); 0: no
	 * limit (migguard.maxFileSize). */
	long long max_file_size;
	/* Set by the caller too (NULL: none): the blobs git sources read go
	 * through this cache, shared with the other change sets of the command
	 * (a range's commits, --each-commit, a push's refs).  Not owned; the
	 * commits' own change sets get the same. */
	struct mg_blobcache *blobs;
	/* History rules (issue 6): the migration paths of the base tree (what
	 * already shipped) and of the resulting tree, filled by
	 * mg_git_base_paths(); has_trees says they are.  From two trees (a
	 * range, a push, a commit) only the sets the changes touch are listed:
	 * the directory above each changed path's directory and its
	 * subdirectories (gitsrc.c, change_scope()). */
	int has_trees;
	mg_pathlist base, result;
	/* migguard.shippedRef: which changed base paths are in a shipped ref
	 * (a release tag), filled by mg_git_shipped_paths(); has_shipped says
	 * the list is known (the key is set). */
	int has_shipped;
	mg_pathlist shipped;
} mg_changeset;

void mg_changeset_init(mg_changeset *cs);
void mg_changeset_free(mg_changeset *cs);
/* Frees what one entry owns (its strings, its content or blob references). */
void mg_file_change_free(mg_file_change *f);

/* Appends a file change; the caller fills the returned entry.  Strings put
 * into the entry become owned by the change set. */
mg_file_change *mg_changeset_add_file(mg_changeset *cs, const char *path,
				      mg_status status);
mg_commit_info *mg_changeset_add_commit(mg_changeset *cs, const char *oid);
/* Appends a copy of path; oid may be NULL. */
void mg_pathlist_add(mg_pathlist *l, const char *path, const char *oid);
/* Sorts by path; mg_pathlist_find() then finds by exact path (NULL: none). */
void mg_pathlist_sort(mg_pathlist *l);
const mg_tree_path *mg_pathlist_find(const mg_pathlist *l, const char *path);
void mg_pathlist_free(mg_pathlist *l);

#endif
