/* gitindex.c - a small reader of git's index file (see gitindex.h and
 * gitformat-index(5)). */
#include "config.h"
#include "gitindex.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define HASHSZ 20
#define ENTRY_FIXED (40 + HASHSZ + 2)   /* stat data, oid, flags */
#define MAX_PATH_LEN 65535
#define MAX_TREE_DEPTH 1024

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static int fail(char **err, int rc, const char *msg)
{
	*err = mg_xstrdup(msg);
	return rc;
}

/* git's varint of version 4 (varint.c): big-endian base 128, each
 * continuation adding one. */
static int varint(const unsigned char **pp, const unsigned char *end, size_t *out)
{
	const unsigned char *p = *pp;
	size_t v;
	unsigned char c;

	if (p >= end)
		return -1;
	c = *p++;
	v = c & 127;
	while (c & 128) {
		if (p >= end || v > (SIZE_MAX >> 8))
			return -1;
		c = *p++;
		v = ((v + 1) << 7) | (c & 127);
	}
	*pp = p;
	*out = v;
	return 0;
}

/* A path git could have written: not empty, no leading or trailing '/',
 * no empty component. */
static int path_ok(const char *p, size_t len)
{
	const char *s = p, *end = p + len;

	if (len == 0 || p[0] == '/' || p[len - 1] == '/')
		return 0;
	while ((s = memchr(s, '/', (size_t)(end - s))) != NULL)
		if (*++s == '/')
			return 0;
	return 1;
}

static int mode_ok(uint32_t m)
{
	return m == 0100644 || m == 0100755 || m == 0120000 || m == 0160000;
}

/* Parses a decimal (optionally negative) number ending with stop. */
static int tree_num(const unsigned char **pp, const unsigned char *end, char stop, long *out)
{
	const unsigned char *p = *pp;
	int neg = 0, digits = 0;
	long v = 0;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	while (p < end && *p >= '0' && *p <= '9') {
		if (v > 100000000L)
			return -1;
		v = v * 10 + (*p++ - '0');
		digits++;
	}
	if (!digits || p >= end || *p != (unsigned char)stop)
		return -1;
	*pp = p + 1;
	*out = neg ? -v : v;
	return 0;
}

/* One cache-tree node and, recursively, its subtrees. */
static int tree_node(mg_index *idx, const unsigned char **pp, const unsigned char *end,
		     long parent, int depth, size_t *cap)
{
	const unsigned char *p = *pp, *nul;
	mg_index_tree *t;
	long self, i, prev = -1;

	if (depth > MAX_TREE_DEPTH)
		return -1;
	nul = memchr(p, '\0', (size_t)(end - p));
	if (!nul)
		return -1;
	if (idx->nt == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		idx->t = mg_xrealloc(idx->t, *cap * sizeof(*idx->t));
	}
	self = (long)idx->nt++;
	t = &idx->t[self];
	memset(t, 0, sizeof(*t));
	t->name = (const char *)p;
	t->len = (size_t)(nul - p);
	t->parent = parent;
	t->first_child = t->next_sibling = -1;
	p = nul + 1;
	if (tree_num(&p, end, ' ', &t->entry_count) < 0 || t->entry_count < -1 ||
	    tree_num(&p, end, '\n', &t->nsub) < 0 || t->nsub < 0)
		return -1;
	if (t->entry_count >= 0) {
		if ((size_t)(end - p) < HASHSZ)
			return -1;
		memcpy(t->oid, p, HASHSZ);
		p += HASHSZ;
	}
	if ((parent < 0) != (t->len == 0) || memchr(t->name, '/', t->len))
		return -1;
	for (i = 0; i < idx->t[self].nsub; i++) {
		long child = (long)idx->nt;
		if (p >= end || tree_node(idx, &p, end, self, depth + 1, cap) < 0)
			return -1;
		if (prev < 0)
			idx->t[self].first_child = child;
		else
			idx->t[prev].next_sibling = child;
		prev = child;
	}
	*pp = p;
	return 0;
}

static int read_tree_ext(mg_index *idx, const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	size_t cap = 0;

	if (len == 0)
		return 0;
	if (tree_node(idx, &p, end, -1, 0, &cap) < 0 || p != end) {
		free(idx->t);
		idx->t = NULL;
		idx->nt = 0;
		return -1;
	}
	return 0;
}

static int path_cmp(const mg_index_entry *a, const mg_index_entry *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->path, b->path, n);

	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->stage < b->stage ? -1 : a->stage > b->stage ? 1 : 0;
}

int mg_index_parse(mg_index *idx, const unsigned char *data, size_t len, char **err)
{
	const unsigned char *p, *end;
	size_t i, n, pcap = 0, plen = 0, prev_off = 0, prev_len = 0;
	size_t *offs = NULL;
	int rc;

	memset(idx, 0, sizeof(*idx));
	if (len < 12 + HASHSZ || memcmp(data, "DIRC", 4) != 0)
		return fail(err, MG_INDEX_ERROR, "not a git index (bad signature or too short)");
	idx->version = be32(data + 4);
	if (idx->version < 2 || idx->version > 4)
		return fail(err, MG_INDEX_UNSUPPORTED, "unsupported index version");
	n = be32(data + 8);
	end = data + len - HASHSZ;
	p = data + 12;
	if (n > (size_t)(end - p) / (ENTRY_FIXED + 2))
		return fail(err, MG_INDEX_ERROR, "index entry count larger than the file");
	idx->e = mg_xmalloc((n ? n : 1) * sizeof(*idx->e));
	if (idx->version == 4)
		offs = mg_xmalloc((n ? n : 1) * sizeof(*offs));
	for (i = 0; i < n; i++) {
		mg_index_entry *e = &idx->e[i];
		const unsigned char *start = p, *nul;
		uint16_t fl;
		size_t namelen;

		if ((size_t)(end - p) < ENTRY_FIXED)
			goto corrupt;
		e->mode = be32(p + 24);
		e->oid = p + 40;
		fl = be16(p + 40 + HASHSZ);
		p += ENTRY_FIXED;
		e->stage = (uint16_t)((fl >> 12) & 3);
		e->flags = (fl & 0x8000) ? MG_IDX_ASSUME_VALID : 0;
		if (fl & 0x4000) {
			uint16_t x;
			if (idx->version < 3 || end - p < 2)
				goto corrupt;
			x = be16(p);
			p += 2;
			if (x & 0x4000)
				e->flags |= MG_IDX_SKIP_WORKTREE;
			if (x & 0x2000)
				e->flags |= MG_IDX_INTENT_TO_ADD;
		}
		if (idx->version == 4) {
			size_t strip;
			if (varint(&p, end, &strip) < 0 || strip > prev_len)
				goto corrupt;
			nul = memchr(p, '\0', (size_t)(end - p));
			if (!nul)
				goto corrupt;
			namelen = prev_len - strip + (size_t)(nul - p);
			if (namelen > MAX_PATH_LEN || plen > (size_t)64 * len + ((size_t)1 << 20))
				goto corrupt;
			if (plen + namelen + 1 > pcap) {
				pcap = (plen + namelen + 1) * 2;
				idx->paths = mg_xrealloc(idx->paths, pcap);
			}
			memmove(idx->paths + plen, idx->paths + prev_off, prev_len - strip);
			memcpy(idx->paths + plen + prev_len - strip, p, (size_t)(nul - p) + 1);
			offs[i] = plen;
			prev_off = plen;
			prev_len = namelen;
			plen += namelen + 1;
			p = nul + 1;
		} else {
			size_t total;
			nul = memchr(p, '\0', (size_t)(end - p));
			if (!nul)
				goto corrupt;
			namelen = (size_t)(nul - p);
			if ((fl & 0xfff) != 0xfff && namelen != (fl & 0xfffu))
				goto corrupt;
			e->path = (const char *)p;
			/* padded with 1 to 8 NULs to a multiple of 8 */
			total = ((size_t)(p - start) + namelen + 8) & ~(size_t)7;
			if (total > (size_t)(end - start))
				goto corrupt;
			p = start + total;
		}
		e->len = (uint32_t)namelen;
		if (!mode_ok(e->mode)) {
			rc = fail(err, MG_INDEX_UNSUPPORTED, "unsupported index entry mode");
			goto out;
		}
		if (e->stage)
			idx->nconflicts++;
		if (e->flags & MG_IDX_INTENT_TO_ADD)
			idx->nita++;
	}
	idx->n = n;
	for (i = 0; idx->version == 4 && i < n; i++)
		idx->e[i].path = idx->paths + offs[i];
	/* extensions: signature, size, data; up to the trailing hash */
	while (p < end) {
		uint32_t sz;
		if (end - p < 8)
			goto corrupt;
		sz = be32(p + 4);
		if (sz > (size_t)(end - p) - 8)
			goto corrupt;
		if (!memcmp(p, "TREE", 4)) {
			if (read_tree_ext(idx, p + 8, sz) < 0) {
				rc = fail(err, MG_INDEX_ERROR, "corrupt cache-tree (TREE) extension");
				goto out;
			}
		} else if (p[0] < 'A' || p[0] > 'Z') {
			/* link (split index), sdir (sparse index) or any
			 * other extension a reader must understand */
			char sig[5];
			for (i = 0; i < 4; i++)
				sig[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
			sig[4] = '\0';
			*err = mg_xasprintf("index extension '%s' not supported", sig);
			rc = MG_INDEX_UNSUPPORTED;
			goto out;
		}
		p += 8 + (size_t)sz;
	}
	/* after the extensions: a split index's entries have empty paths */
	for (i = 0; i < n; i++)
		if (!path_ok(idx->e[i].path, idx->e[i].len))
			goto corrupt;
	for (i = 1; i < n; i++)
		if (path_cmp(&idx->e[i - 1], &idx->e[i]) >= 0) {
			rc = fail(err, MG_INDEX_ERROR, "index entries are not sorted");
			goto out;
		}
	free(offs);
	return MG_INDEX_OK;
corrupt:
	rc = fail(err, MG_INDEX_ERROR, "corrupt index entry");
out:
	free(offs);
	mg_index_free(idx);
	return rc;
}

int mg_index_read(mg_index *idx, const char *path, char **err)
{
	struct stat st;
	void *map;
	int fd, rc;

	memset(idx, 0, sizeof(*idx));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return fail(err, MG_INDEX_UNSUPPORTED, "no index file");
		*err = mg_xasprintf("cannot open the index '%s': %s", path, strerror(errno));
		return MG_INDEX_ERROR;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (unsigned long long)st.st_size > ((unsigned long long)1 << 32)) {
		close(fd);
		*err = mg_xasprintf("cannot read the index '%s': not a regular file of a sane size", path);
		return MG_INDEX_ERROR;
	}
	/* mapped, not read: no copy, and git replaces the file (a lock file
	 * renamed over it) rather than rewriting it in place */
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		*err = mg_xasprintf("cannot map the index '%s': %s", path, strerror(errno));
		return MG_INDEX_ERROR;
	}
	rc = mg_index_parse(idx, map, (size_t)st.st_size, err);
	if (rc != MG_INDEX_OK) {
		munmap(map, (size_t)st.st_size);
		return rc;
	}
	idx->map = map;
	idx->maplen = (size_t)st.st_size;
	return MG_INDEX_OK;
}

void mg_index_free(mg_index *idx)
{
	free(idx->e);
	free(idx->t);
	free(idx->paths);
	if (idx->map)
		munmap(idx->map, idx->maplen);
	memset(idx, 0, sizeof(*idx));
}

long mg_index_tree_child(const mg_index *idx, long node, const char *name, size_t len)
{
	long c;

	if (node < 0 || (size_t)node >= idx->nt)
		return -1;
	for (c = idx->t[node].first_child; c >= 0; c = idx->t[c].next_sibling)
		if (idx->t[c].len == len && !memcmp(idx->t[c].name, name, len))
			return c;
	return -1;
}

static int below(const mg_index_entry *e, const char *dir, size_t len)
{
	return e->len > len && e->path[len] == '/' && !memcmp(e->path, dir, len);
}

size_t mg_index_dir_end(const mg_index *idx, size_t lo, size_t hi, const char *dir, size_t len)
{
	/* the entries below dir come first in [lo, hi): find where they end */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (below(&idx->e[mid], dir, len))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
