/* blobcache.h - blobs read once, shared by reference count (issue 8).
 *
 * A blob's content is read from the object database once and shared by
 * every change set that holds it: the net diff of a range, each commit's
 * own change, the next commit of --each-commit (commit k's new blob is
 * commit k+1's old one), the next ref of a push.  The content of a blob of
 * MG_BLOB_COPY_MAX bytes or more is not copied: data points into the
 * libgit2 object, which is kept alive, and is NUL-terminated (data[len] ==
 * '\0'; see blob_new() in blobcache.c for why libgit2 guarantees it).  A
 * smaller one is copied into the mg_blob's own allocation and the libgit2
 * object freed: one long-lived allocation instead of three.
 *
 * Ownership: mg_blobcache_get() returns a new reference, dropped with
 * mg_blob_unref().  The cache keeps blobs nobody references while their
 * bytes fit in its budget (least recently released dropped first); a
 * referenced blob is never dropped.  The cache may be freed before or after
 * the references: a blob still referenced then lives on until its last
 * mg_blob_unref().  Not thread-safe: one thread loads and releases blobs
 * (other threads may read data meanwhile).  One cache holds one
 * repository's blobs (they are keyed by id only). */
#ifndef MG_BLOBCACHE_H
#define MG_BLOBCACHE_H

#include <git2.h>
#include <stddef.h>

typedef struct mg_blob {
	const char *data;            /* len bytes and a NUL; never written */
	size_t len;
	/* private */
	unsigned long refs;          /* references handed out, not the cache's */
	git_odb_object *obj;         /* data points into it; NULL: data is malloc'd */
	struct mg_blobcache *cache;  /* NULL: not (or no longer) in a cache */
	git_oid id;
	struct mg_blob *hnext;       /* the cache's hash chain */
	struct mg_blob *prev, *next; /* the cache's list of unreferenced blobs */
	char copy[];                 /* data, for a blob under MG_BLOB_COPY_MAX */
} mg_blob;

/* Blobs under this size are copied (see above): a push of 1,000 commits of
 * the bench repository (300 blobs of 143 bytes on average) peaked at 49.1
 * MB with every blob's libgit2 object kept, 48.7 MB with the small ones
 * copied (48.5 MB before the cache; medians of 11 to 15 runs).  Copying
 * them costs nothing measurable. */
#define MG_BLOB_COPY_MAX ((size_t)4096)

typedef struct mg_blobcache mg_blobcache;

typedef struct mg_blobcache_stats {
	size_t reads;                /* blobs read from the object database */
	size_t hits;                 /* mg_blobcache_get() answered from the cache */
	size_t evictions;            /* unreferenced blobs dropped over the budget */
	size_t nblobs, bytes;        /* blobs in the cache and their bytes */
	size_t idle_bytes;           /* of which nobody references */
} mg_blobcache_stats;

/* Keeps unreferenced blobs up to budget bytes (0: none kept). */
mg_blobcache *mg_blobcache_new(size_t budget);
/* Drops the cache's blobs nobody references; referenced ones live on. */
void mg_blobcache_free(mg_blobcache *c);

/* A new reference to blob id in *out: from the cache, or read from odb (and
 * kept in c; c NULL: no cache, the blob is freed with its last reference).
 * -1 with the libgit2 error set when it cannot be read or is not a blob. */
int mg_blobcache_get(mg_blobcache *c, git_odb *odb, const git_oid *id, mg_blob **out);
/* A new reference to blob id when the cache has it (nothing read), else
 * NULL. */
mg_blob *mg_blobcache_find(mg_blobcache *c, const git_oid *id);

mg_blob *mg_blob_ref(mg_blob *b);
/* Drops a reference (NULL: nothing). */
void mg_blob_unref(mg_blob *b);

void mg_blobcache_get_stats(const mg_blobcache *c, mg_blobcache_stats *out);

/* The cache's budget of unreferenced bytes migguard uses. */
#define MG_BLOBCACHE_BUDGET ((size_t)8 << 20)

#endif
