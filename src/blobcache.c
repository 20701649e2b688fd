/* blobcache.c - blobs read once, shared by reference count (issue 8). */
#include "config.h"
#include "blobcache.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct mg_blobcache {
	mg_blob **buckets;           /* chains by the id's first bytes */
	size_t nbuckets;             /* a power of two */
	size_t budget;
	mg_blob *idle_head, *idle_tail; /* unreferenced: head released last */
	mg_blobcache_stats st;
};

static size_t bucket_of(const mg_blobcache *c, const git_oid *id)
{
	/* object ids are uniformly distributed */
	return ((size_t)id->id[0] << 24 | (size_t)id->id[1] << 16 |
		(size_t)id->id[2] << 8 | id->id[3]) & (c->nbuckets - 1);
}

mg_blobcache *mg_blobcache_new(size_t budget)
{
	mg_blobcache *c = mg_xcalloc(1, sizeof(*c));

	c->nbuckets = 256;
	c->buckets = mg_xcalloc(c->nbuckets, sizeof(*c->buckets));
	c->budget = budget;
	return c;
}

static void blob_free(mg_blob *b)
{
	if (b->obj) {
		git_odb_object_free(b->obj);
		/* the reference on libgit2 blob_new() took */
		git_libgit2_shutdown();
	}
	free(b);
}

static void idle_unlink(mg_blobcache *c, mg_blob *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		c->idle_head = b->next;
	if (b->next)
		b->next->prev = b->prev;
	else
		c->idle_tail = b->prev;
	b->prev = b->next = NULL;
	c->st.idle_bytes -= b->len;
}

static void table_remove(mg_blobcache *c, mg_blob *b)
{
	mg_blob **p = &c->buckets[bucket_of(c, &b->id)];

	while (*p != b)
		p = &(*p)->hnext;
	*p = b->hnext;
	b->hnext = NULL;
	c->st.nblobs--;
	c->st.bytes -= b->len;
}

static void table_grow(mg_blobcache *c)
{
	mg_blob **old = c->buckets;
	size_t n = c->nbuckets, i;

	c->nbuckets *= 2;
	c->buckets = mg_xcalloc(c->nbuckets, sizeof(*c->buckets));
	for (i = 0; i < n; i++) {
		mg_blob *b = old[i], *next;
		for (; b; b = next) {
			size_t h = bucket_of(c, &b->id);
			next = b->hnext;
			b->hnext = c->buckets[h];
			c->buckets[h] = b;
		}
	}
	free(old);
}

void mg_blobcache_free(mg_blobcache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nbuckets; i++) {
		mg_blob *b = c->buckets[i], *next;
		for (; b; b = next) {
			next = b->hnext;
			if (b->refs) {
				/* still in a change set: freed by its last unref */
				b->cache = NULL;
				b->hnext = b->prev = b->next = NULL;
			} else {
				blob_free(b);
			}
		}
	}
	free(c->buckets);
	free(c);
}

/* The blob read from odb, with one reference.  Its content is libgit2's
 * buffer, not a copy: every way libgit2 1.5 reads an object allocates its
 * buffer with one byte more than the object and puts a NUL there, which is
 * what every reader of mg_file_change.data relies on:
 *   - loose objects, src/libgit2/odb_loose.c, read_loose_standard():
 *       body = git__calloc(1, alloc_size)  (alloc_size = hdr.size + 1)
 *       body[hdr.size] = '\0';
 *     and read_loose_packlike() (git's obsolete loose format): a git_str
 *     of hdr.size + 1 bytes that zstream.c's zstream_buf() ends with
 *       if (out->size < out->asize) out->ptr[out->size] = '\0';
 *   - packed objects, src/libgit2/pack.c, packfile_unpack_compressed():
 *       data = git__calloc(1, buffer_len)  (buffer_len = size + 1), and
 *       an error unless total == size;
 *     git_packfile_unpack(), a base from the delta base cache:
 *       obj->data = git__malloc(alloclen)  (obj->len + 1)
 *       memcpy(obj->data, data, obj->len + 1);
 *   - deltas, src/libgit2/delta.c, git_delta_apply():
 *       res_dp = git__malloc(alloc_sz)  (res_sz + 1)
 *       res_dp[res_sz] = '\0';
 *   - the hard-coded empty tree, src/libgit2/odb.c, odb_read_hardcoded():
 *       raw->data = git__calloc(1, sizeof(uint8_t));
 * (odb.c's odb_read_1() hands the backend's buffer to the git_odb_object
 * as it is.)  The one way the byte could be anything else is a corrupt
 * object in the obsolete format that inflates to less than its header
 * says (the buffer still has the byte): then the content is copied.
 * tests/unit/test_blobcache.c checks loose, packed and delta objects under
 * the sanitizers and valgrind.  Blobs under MG_BLOB_COPY_MAX are copied
 * anyway (blobcache.h). */
static int blob_new(git_odb *odb, const git_oid *id, mg_blob **out)
{
	git_odb_object *obj = NULL;
	mg_blob *b;
	const char *data;
	size_t len;

	*out = NULL;
	if (git_odb_read(&obj, odb, id) < 0)
		return -1;
	if (git_odb_object_type(obj) != GIT_OBJECT_BLOB) {
		git_odb_object_free(obj);
		/* git_blob_lookup()'s message */
		git_error_set_str(GIT_ERROR_INVALID,
				  "the requested type does not match the type in the ODB");
		return -1;
	}
	data = git_odb_object_data(obj);
	len = git_odb_object_size(obj);
	if (len >= MG_BLOB_COPY_MAX && data[len] == '\0') {
		b = mg_xcalloc(1, sizeof(*b));
		b->obj = obj;
		b->data = data;
		/* the object is freed through libgit2, perhaps after the
		 * command's git_libgit2_shutdown(): keep libgit2 up meanwhile */
		git_libgit2_init();
	} else {
		if (len > (size_t)-1 - sizeof(*b) - 1)
			mg_die_oom();
		b = mg_xmalloc(sizeof(*b) + len + 1);
		memset(b, 0, sizeof(*b));
		memcpy(b->copy, data, len);
		b->copy[len] = '\0';
		b->data = b->copy;
		git_odb_object_free(obj);
	}
	b->id = *id;
	b->refs = 1;
	b->len = len;
	*out = b;
	return 0;
}

mg_blob *mg_blobcache_find(mg_blobcache *c, const git_oid *id)
{
	mg_blob *b;

	if (!c)
		return NULL;
	for (b = c->buckets[bucket_of(c, id)]; b; b = b->hnext)
		if (git_oid_equal(&b->id, id))
			break;
	if (!b)
		return NULL;
	if (b->refs == 0)
		idle_unlink(c, b);
	b->refs++;
	c->st.hits++;
	return b;
}

int mg_blobcache_get(mg_blobcache *c, git_odb *odb, const git_oid *id, mg_blob **out)
{
	mg_blob *b = mg_blobcache_find(c, id);
	size_t h;

	if (b) {
		*out = b;
		return 0;
	}
	if (blob_new(odb, id, out) < 0)
		return -1;
	if (!c)
		return 0;
	b = *out;
	c->st.reads++;
	if (c->st.nblobs >= c->nbuckets)
		table_grow(c);
	h = bucket_of(c, id);
	b->hnext = c->buckets[h];
	c->buckets[h] = b;
	b->cache = c;
	c->st.nblobs++;
	c->st.bytes += b->len;
	return 0;
}

mg_blob *mg_blob_ref(mg_blob *b)
{
	b->refs++;
	return b;
}

void mg_blob_unref(mg_blob *b)
{
	mg_blobcache *c;

	if (!b || --b->refs > 0)
		return;
	c = b->cache;
	if (!c) {
		blob_free(b);
		return;
	}
	/* kept, most recently released first; the least recently released go
	 * while the unreferenced bytes exceed the budget */
	b->prev = NULL;
	b->next = c->idle_head;
	if (c->idle_head)
		c->idle_head->prev = b;
	else
		c->idle_tail = b;
	c->idle_head = b;
	c->st.idle_bytes += b->len;
	while (c->st.idle_bytes > c->budget && c->idle_tail) {
		mg_blob *old = c->idle_tail;
		idle_unlink(c, old);
		table_remove(c, old);
		c->st.evictions++;
		blob_free(old);
	}
}

void mg_blobcache_get_stats(const mg_blobcache *c, mg_blobcache_stats *out)
{
	if (c)
		*out = c->st;
	else
		memset(out, 0, sizeof(*out));
}
