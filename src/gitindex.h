/* gitindex.h - a small reader of git's index file (.git/index), for the
 * fast path of check --staged (gitstaged.c).
 *
 * Reads versions 2, 3 and 4 (prefix-compressed paths), the extended flags
 * (intent-to-add, skip-worktree) and the cache-tree (TREE extension); other
 * optional extensions (EOIE, IEOT, REUC, UNTR, FSMN...) are skipped.  Like
 * git, the trailing checksum is not verified; everything else is
 * bounds-checked: a corrupt file gives an error, never a crash.
 *
 * MG_INDEX_UNSUPPORTED means "read it with libgit2 instead": no index file,
 * a split index (link), a sparse index (sdir), another required extension,
 * a version other than 2..4, an entry mode other than a blob, link or
 * gitlink. */
#ifndef MG_GITINDEX_H
#define MG_GITINDEX_H

#include <stddef.h>
#include <stdint.h>

#define MG_INDEX_OK 0
#define MG_INDEX_UNSUPPORTED 1
#define MG_INDEX_ERROR (-1)

#define MG_IDX_ASSUME_VALID 0x1
#define MG_IDX_SKIP_WORKTREE 0x2
#define MG_IDX_INTENT_TO_ADD 0x4

typedef struct mg_index_entry {
	const char *path;        /* NUL-terminated, owned by the mg_index */
	const unsigned char *oid;   /* 20 bytes, in the file's data */
	uint32_t len;
	uint32_t mode;           /* 0100644, 0100755, 0120000 or 0160000 */
	uint16_t stage;          /* 0..3 */
	uint16_t flags;          /* MG_IDX_* */
} mg_index_entry;

/* One cache-tree node, in the file's pre-order; t[0] is the root. */
typedef struct mg_index_tree {
	const char *name;        /* path component, "" for the root; not NUL-terminated */
	size_t len;
	long parent;             /* -1 for the root */
	long entry_count;        /* index entries below it; -1: invalidated */
	long nsub;               /* subtrees, as the file says */
	long first_child, next_sibling;   /* -1: none */
	unsigned char oid[20];   /* valid when entry_count >= 0 */
} mg_index_tree;

typedef struct mg_index {
	unsigned version;
	void *map;               /* the file mapped by mg_index_read(), or NULL */
	size_t maplen;
	char *paths;             /* version 4: the expanded paths */
	mg_index_entry *e;
	size_t n;
	mg_index_tree *t;        /* NULL, nt 0: no TREE extension */
	size_t nt;
	size_t nconflicts;       /* entries with stage > 0 */
	size_t nita;             /* intent-to-add entries */
} mg_index;

/* Parses len bytes at data (which must outlive idx: paths of versions 2 and
 * 3 point into it).  Returns MG_INDEX_OK, MG_INDEX_UNSUPPORTED or
 * MG_INDEX_ERROR, the latter two with a message in *err (free()). */
int mg_index_parse(mg_index *idx, const unsigned char *data, size_t len, char **err);

/* Reads and parses the index file at path; a missing file is
 * MG_INDEX_UNSUPPORTED. */
int mg_index_read(mg_index *idx, const char *path, char **err);

void mg_index_free(mg_index *idx);

/* The child of cache-tree node `node` named name[0..len), or -1. */
long mg_index_tree_child(const mg_index *idx, long node, const char *name, size_t len);

/* First entry at or after lo whose path is not below dir (dir[0..len)
 * names a directory, without the trailing '/'), the entries of [lo, hi)
 * starting with "dir/" being contiguous. */
size_t mg_index_dir_end(const mg_index *idx, size_t lo, size_t hi, const char *dir, size_t len);

#endif
