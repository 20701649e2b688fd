/* gitsrc.c - libgit2 sources: index, range, whole tree. */
#include "config.h"
#include "gitsrc.h"
#include "blobcache.h"
#include "progress.h"
#include "util.h"

#include <git2/sys/repository.h>

#include <stdlib.h>
#include <string.h>

char *mg_git_error(const char *what)
{
	const git_error *e = git_error_last();
	return mg_xasprintf("%s: %s", what, e && e->message ? e->message : "unknown libgit2 error");
}

static int open_by_hand(git_repository **out, char **err)
{
	const char *gd = getenv("GIT_DIR");
	const char *objd = getenv("GIT_OBJECT_DIRECTORY");
	const char *alts = getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
	git_repository *repo = NULL;
	git_odb *odb = NULL;

	if (git_repository_open_ext(&repo, gd ? gd : ".", gd ? GIT_REPOSITORY_OPEN_NO_SEARCH : 0,
				    NULL) < 0) {
		*err = mg_git_error("cannot open the repository");
		return -1;
	}
	if ((objd || alts) && git_repository_odb(&odb, repo) < 0)
		goto fail;
	/* In a push quarantine the new objects live in GIT_OBJECT_DIRECTORY and
	 * the repository's own objects are listed as alternates. */
	if (objd && git_odb_add_disk_alternate(odb, objd) < 0)
		goto fail;
	if (alts) {
		char *copy = mg_xstrdup(alts), *p = copy, *colon;
		int rc = 0;
		while (p && *p && rc == 0) {
			colon = strchr(p, ':');
			if (colon)
				*colon = '\0';
			if (*p)
				rc = git_odb_add_disk_alternate(odb, p);
			p = colon ? colon + 1 : NULL;
		}
		free(copy);
		if (rc < 0)
			goto fail;
	}
	git_odb_free(odb);
	*out = repo;
	return 0;
fail:
	*err = mg_git_error("cannot open the repository from git's environment");
	git_odb_free(odb);
	git_repository_free(repo);
	return -1;
}

int mg_git_index(git_index **out, git_repository *repo)
{
	const char *ix = getenv("GIT_INDEX_FILE");

	if (ix && *ix)
		return git_index_open(out, ix);
	return git_repository_index(out, repo);
}

int mg_git_open(git_repository **out, const char *dir, char **err)
{
	*out = NULL;
	/* git checks an object's id when it receives it (index-pack), not
	 * each time it reads it; libgit2 re-hashes every object read, which
	 * was 60% of a range scan's instructions */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* Trees are compared as raw buffers (diff_tree_ids(), tree_paths()),
	 * read again rather than cached: a range scan reads a commit's
	 * migration directory once more as its child's parent tree, and
	 * libgit2's delta base cache (16 MB, its own) makes that cheap.
	 * Caching trees of up to 4 MB in a 16 MB object cache (the parsed
	 * git_trees of before) measured the same time for 12 MB more peak
	 * RSS; the cache holds commits and small objects. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)4 << 20);
	if (dir) {
		if (git_repository_open_ext(out, dir, 0, NULL) < 0) {
			char *what = mg_xasprintf("cannot open repository at '%s'", dir);
			*err = mg_git_error(what);
			free(what);
			return -1;
		}
		return 0;
	}
	{
		/* libgit2 reads (and hashes) GIT_INDEX_FILE's index when it opens
		 * the repository; --staged reads the index itself (gitstaged.c),
		 * so the repository is opened without it and mg_git_index()
		 * applies it where an index is wanted */
		const char *ix = getenv("GIT_INDEX_FILE");
		char *saved = ix ? mg_xstrdup(ix) : NULL;
		int rc;

		if (saved)
			unsetenv("GIT_INDEX_FILE");
		rc = git_repository_open_ext(out, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
		if (saved) {
			setenv("GIT_INDEX_FILE", saved, 1);
			free(saved);
		}
		if (rc == 0)
			return 0;
	}
	if (getenv("GIT_WORK_TREE") || getenv("GIT_COMMON_DIR"))
		return open_by_hand(out, err);
	*err = mg_git_error("not in a git repository (use --repo DIR, or give files)");
	return -1;
}

/* 1 when the blob is larger than cs->max_file_size (read from the object
 * header, without inflating the blob); f->unavailable then says so.  A
 * header that cannot be read returns 0: load_blob() reports the error. */
static int over_limit(git_odb *odb, const git_oid *id, const mg_changeset *cs,
		      mg_file_change *f)
{
	git_object_t type;
	size_t size = 0;

	if (cs->max_file_size <= 0 || git_odb_read_header(&size, &type, odb, id) < 0 ||
	    (unsigned long long)size <= (unsigned long long)cs->max_file_size) {
		git_error_clear();
		return 0;
	}
	if (f) {
		free(f->unavailable);
		f->unavailable = mg_xasprintf("file is %zu bytes, more than migguard.maxFileSize "
					      "(%lld bytes): not checked", size, cs->max_file_size);
	}
	return 1;
}

/* Blob id as *out (a reference), through cs->blobs: read once for every
 * change set of the command, not copied (blobcache.c).  *out is NULL when
 * the blob is over cs->max_file_size (f, when given, says why). */
static int load_blob(git_repository *repo, const git_oid *id, const mg_changeset *cs,
		     mg_file_change *f, mg_blob **out)
{
	git_odb *odb = NULL;
	int rc;

	*out = mg_blobcache_find(cs->blobs, id);
	if (*out) {
		/* the size is known: no header to read */
		if (cs->max_file_size > 0 && (unsigned long long)(*out)->len >
		    (unsigned long long)cs->max_file_size) {
			if (f) {
				free(f->unavailable);
				f->unavailable = mg_xasprintf(
					"file is %zu bytes, more than migguard.maxFileSize "
					"(%lld bytes): not checked", (*out)->len, cs->max_file_size);
			}
			mg_blob_unref(*out);
			*out = NULL;
		}
		return 0;
	}
	if (git_repository_odb(&odb, repo) < 0)
		return -1;
	rc = over_limit(odb, id, cs, f) ? 0 : mg_blobcache_get(cs->blobs, odb, id, out);
	git_odb_free(odb);
	return rc;
}

static mg_file_kind kind_of(uint16_t mode)
{
	if (mode == GIT_FILEMODE_LINK)
		return MG_KIND_SYMLINK;
	if (mode == GIT_FILEMODE_COMMIT)
		return MG_KIND_SUBMODULE;
	return MG_KIND_REGULAR;
}

/* Appends one delta of a diff to the change set, loading the blobs. */
static int add_delta(git_repository *repo, const git_diff_delta *d, const char *commit,
		     mg_changeset *cs, char **err)
{
	mg_status st;
	mg_file_change *f;
	int has_new = d->status != GIT_DELTA_DELETED;

	switch (d->status) {
	case GIT_DELTA_ADDED:
	case GIT_DELTA_COPIED:
		st = MG_ADDED;
		break;
	case GIT_DELTA_DELETED:
		st = MG_DELETED;
		break;
	case GIT_DELTA_RENAMED:
		st = MG_RENAMED;
		break;
	default:
		st = MG_MODIFIED;
		break;
	}
	f = mg_changeset_add_file(cs, has_new ? d->new_file.path : d->old_file.path, st);
	if (st == MG_RENAMED)
		f->old_path = mg_xstrdup(d->old_file.path);
	f->kind = kind_of(has_new ? d->new_file.mode : d->old_file.mode);
	f->commit = commit ? mg_xstrdup(commit) : NULL;
	if (has_new)
		git_oid_tostr(f->oid, sizeof(f->oid), &d->new_file.id);
	if (st != MG_ADDED)
		git_oid_tostr(f->old_oid, sizeof(f->old_oid), &d->old_file.id);
	if (has_new && f->kind == MG_KIND_REGULAR) {
		if (load_blob(repo, &d->new_file.id, cs, f, &f->blob) < 0) {
			char *what = mg_xasprintf("cannot read blob %s of '%s'", f->oid, f->path);
			*err = mg_git_error(what);
			free(what);
			return -1;
		}
		if (f->blob) {
			f->data = (char *)f->blob->data;     /* shared: never written */
			f->len = f->blob->len;
		}
	}
	if ((st == MG_MODIFIED || st == MG_RENAMED) && kind_of(d->old_file.mode) == MG_KIND_REGULAR) {
		if (load_blob(repo, &d->old_file.id, cs, NULL, &f->old_blob) < 0) {
			char *what = mg_xasprintf("cannot read blob %s of '%s'", f->old_oid, f->path);
			*err = mg_git_error(what);
			free(what);
			return -1;
		}
		if (f->old_blob) {
			f->old_data = (char *)f->old_blob->data;
			f->old_len = f->old_blob->len;
		}
	}
	return 0;
}

static int add_diff(git_repository *repo, git_diff *diff, const mg_pathfilter *pf,
		    const char *commit, mg_changeset *cs, char **err)
{
	git_diff_find_options fo;
	size_t i, n;

	git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
	fo.flags = GIT_DIFF_FIND_RENAMES;
	if (git_diff_find_similar(diff, &fo) < 0) {
		*err = mg_git_error("rename detection failed");
		return -1;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (!mg_migpath_match_history(pf, d->new_file.path) &&
		    !mg_migpath_match_history(pf, d->old_file.path))
			continue;
		if (add_delta(repo, d, commit, cs, err) < 0)
			return -1;
	}
	return 0;
}

#define NSPEC 4

static void diff_opts(git_diff_options *o, char **spec)
{
	/* SQL files and the ORM migrations of mg_migpath_match_history()
	 * (Rails, Django, Alembic: regex packs read them, the SQL linter does
	 * not): restrict the tree walk so unrelated subtrees and blobs are
	 * never compared for renames.  A pathspec '*' crosses '/'; add_diff()
	 * applies the exact filter. */
	git_diff_options_init(o, GIT_DIFF_OPTIONS_VERSION);
	spec[0] = "*.sql";
	spec[1] = "*migrate/*.rb";
	spec[2] = "*migrations/*.py";
	spec[3] = "*versions/*.py";
	o->pathspec.strings = spec;
	o->pathspec.count = NSPEC;
	o->flags |= GIT_DIFF_INCLUDE_TYPECHANGE;
}

/* The paths (blobs, links, submodules) that differ between two trees and
 * match the diff's pathspec, found by descending only into subtrees whose
 * ids differ.  libgit2's tree-to-tree diff walks both whole trees when the
 * pathspec starts with a wildcard: a commit touching two files of a
 * 50,000-file tree cost ~145M instructions; this loads a few trees.
 *
 * The trees are read as raw object buffers ("<octal mode> <name>\0<20-byte
 * id>" repeated, in git's tree order) and merged entry by entry, the way git
 * itself compares them: parsing a 3,000-entry migration directory into a
 * git_tree (an allocated entry array) for every commit of a range was a
 * quarter of a range scan.  Trees are not in libgit2's object cache
 * (mg_git_open()): the parent's tree, read again by the next commit of a
 * range, comes cheaply from libgit2's delta base cache, or from a range's
 * mg_treeset. */
/* Raw trees by id (mg_treeset): the trees of a range's or a push's two
 * ends, read by the net diff and the walk of their migration paths
 * (mg_git_diff_and_paths()), for each other and for the commits' own
 * changes that follow (mg_git_commit_own()): in a short range most
 * directories of a commit are those of one end or the other.  Open
 * addressing on the id's first bytes (ids are uniformly distributed). */
struct mg_treeset {
	git_oid *ids;
	const unsigned char **data;  /* NULL: free slot */
	size_t *len;
	size_t n, cap;               /* cap: 0 or a power of two */
	/* the buffers, copied into chunks of 1 MB (or one tree's size): kept
	 * odb objects scattered among freed ones cost twice their size */
	unsigned char **chunks;
	size_t nchunks, used, room;
};
typedef struct mg_treeset treeset;

#define TREESET_CHUNK ((size_t)1 << 20)

static size_t treeset_slot(const treeset *s, const git_oid *id)
{
	size_t h = ((size_t)id->id[0] << 24 | (size_t)id->id[1] << 16 |
		    (size_t)id->id[2] << 8 | id->id[3]) & (s->cap - 1);

	while (s->data[h] && !git_oid_equal(&s->ids[h], id))
		h = (h + 1) & (s->cap - 1);
	return h;
}

/* The buffer of tree id, or NULL. */
static const unsigned char *treeset_get(const treeset *s, const git_oid *id, size_t *len)
{
	size_t h;

	if (!s->cap)
		return NULL;
	h = treeset_slot(s, id);
	*len = s->len[h];
	return s->data[h];
}

/* Keeps a copy of the buffer of tree id. */
static void treeset_put(treeset *s, const git_oid *id, const void *data, size_t len)
{
	unsigned char *copy;
	size_t h, i;

	if (2 * (s->n + 1) > s->cap) {
		treeset old = *s;

		s->cap = s->cap ? s->cap * 2 : 64;
		s->n = 0;
		s->ids = mg_xmalloc(s->cap * sizeof(*s->ids));
		s->len = mg_xmalloc(s->cap * sizeof(*s->len));
		s->data = mg_xmalloc(s->cap * sizeof(*s->data));
		memset(s->data, 0, s->cap * sizeof(*s->data));
		for (i = 0; i < old.cap; i++)
			if (old.data[i]) {
				h = treeset_slot(s, &old.ids[i]);
				s->ids[h] = old.ids[i];
				s->len[h] = old.len[i];
				s->data[h] = old.data[i];
				s->n++;
			}
		free(old.ids);
		free(old.len);
		free(old.data);
	}
	h = treeset_slot(s, id);
	if (s->data[h])
		return;                      /* already there */
	if (len + 1 > s->room - s->used) {
		s->room = len + 1 > TREESET_CHUNK ? len + 1 : TREESET_CHUNK;
		s->chunks = mg_xrealloc(s->chunks, (s->nchunks + 1) * sizeof(*s->chunks));
		s->chunks[s->nchunks++] = mg_xmalloc(s->room);
		s->used = 0;
	}
	copy = s->chunks[s->nchunks - 1] + s->used;
	memcpy(copy, data, len);
	copy[len] = '\0';                /* a non-NULL pointer even when len is 0 */
	s->used += len + 1;
	s->ids[h] = *id;
	s->len[h] = len;
	s->data[h] = copy;
	s->n++;
}

static void treeset_clear(treeset *s)
{
	size_t i;

	for (i = 0; i < s->nchunks; i++)
		free(s->chunks[i]);
	free(s->chunks);
	free(s->ids);
	free(s->len);
	free(s->data);
	memset(s, 0, sizeof(*s));
}

mg_treeset *mg_treeset_new(void)
{
	mg_treeset *s = mg_xmalloc(sizeof(*s));
	memset(s, 0, sizeof(*s));
	return s;
}

void mg_treeset_free(mg_treeset *s)
{
	if (!s)
		return;
	treeset_clear(s);
	free(s);
}

typedef struct changed_ctx {
	git_repository *repo;
	git_odb *odb;
	treeset *keep;               /* NULL, or trees read (taken from it) */
	int store;                   /* and trees read from the odb go into it */
	git_pathspec *ps;
	char **paths;
	git_diff_delta *deltas;      /* deltas[i] for paths[i] */
	size_t n, cap, ndeleted;
} changed_ctx;

/* One entry of a raw tree buffer. */
typedef struct raw_entry {
	const char *name;            /* NUL-terminated in the buffer */
	size_t len;
	unsigned int attr;
	const unsigned char *id;     /* GIT_OID_RAWSZ bytes */
} raw_entry;

typedef struct raw_tree {
	git_odb_object *obj;         /* NULL: the empty tree, or p is a mg_treeset's */
	const unsigned char *p, *end;
} raw_tree;

/* Reads tree id (NULL: the empty tree) into t, from set when it has it;
 * a tree read from the odb goes into set when store says so. */
static int raw_tree_read(git_odb *odb, treeset *set, int store, const git_oid *id, raw_tree *t)
{
	const unsigned char *kept;
	size_t len = 0;

	memset(t, 0, sizeof(*t));
	if (!id)
		return 0;
	if (set && (kept = treeset_get(set, id, &len)) != NULL) {
		t->p = kept;                 /* no object: the set owns the buffer */
		t->end = kept + len;
		return 0;
	}
	if (git_odb_read(&t->obj, odb, id) < 0)
		return -1;
	if (set && store && git_odb_object_type(t->obj) == GIT_OBJECT_TREE)
		treeset_put(set, id, git_odb_object_data(t->obj), git_odb_object_size(t->obj));
	if (git_odb_object_type(t->obj) != GIT_OBJECT_TREE) {
		char hex[GIT_OID_HEXSZ + 1], *msg;
		git_oid_tostr(hex, sizeof(hex), id);
		msg = mg_xasprintf("object %s is not a tree", hex);
		git_error_set_str(GIT_ERROR_INVALID, msg);
		free(msg);
		git_odb_object_free(t->obj);
		t->obj = NULL;
		return -1;
	}
	t->p = git_odb_object_data(t->obj);
	t->end = t->p + git_odb_object_size(t->obj);
	return 0;
}

/* The next entry of t into e: 1, 0 at the end, -1 on a malformed tree. */
static int raw_tree_next(raw_tree *t, raw_entry *e)
{
	const unsigned char *p = t->p, *nul;
	unsigned int mode = 0;
	int digits = 0;

	if (p == t->end)
		return 0;
	for (; p < t->end && *p >= '0' && *p <= '7' && digits < 7; p++, digits++)
		mode = (mode << 3) | (unsigned int)(*p - '0');
	if (!digits || p >= t->end || *p != ' ')
		goto bad;
	p++;
	nul = memchr(p, '\0', (size_t)(t->end - p));
	if (!nul || nul == p || (size_t)(t->end - (nul + 1)) < GIT_OID_RAWSZ)
		goto bad;
	e->name = (const char *)p;
	e->len = (size_t)(nul - p);
	e->attr = mode;
	e->id = nul + 1;
	t->p = nul + 1 + GIT_OID_RAWSZ;
	return 1;
bad:
	git_error_set_str(GIT_ERROR_INVALID, "malformed tree object");
	return -1;
}

/* Both trees of a comparison, and the first entry of each (*ha, *hb as
 * raw_tree_next() returns them); -1 with nothing held on a read error. */
static int raw_tree_pair(git_odb *odb, treeset *set, int store, const git_oid *a,
			 const git_oid *b, raw_tree *ta, raw_tree *tb, raw_entry *ea,
			 raw_entry *eb, int *ha, int *hb)
{
	if (raw_tree_read(odb, set, store, a, ta) < 0)
		return -1;
	if (raw_tree_read(odb, set, store, b, tb) < 0) {
		git_odb_object_free(ta->obj);
		return -1;
	}
	*ha = raw_tree_next(ta, ea);
	*hb = raw_tree_next(tb, eb);
	return 0;
}

static int raw_is_tree(const raw_entry *e)
{
	return (e->attr & 0170000) == 0040000;
}

/* git_tree_entry_filemode(): the mode normalised the way libgit2 does. */
static uint16_t raw_filemode(const raw_entry *e)
{
	unsigned int type = e->attr & 0170000;

	if (type == 0040000)
		return GIT_FILEMODE_TREE;
	if (e->attr & 0111)
		return GIT_FILEMODE_BLOB_EXECUTABLE;
	if (type == 0160000)
		return GIT_FILEMODE_COMMIT;
	if (type == 0120000)
		return GIT_FILEMODE_LINK;
	return GIT_FILEMODE_BLOB;
}

int mg_git_name_cmp(const char *a, size_t al, int adir, const char *b, size_t bl, int bdir)
{
	size_t n = al < bl ? al : bl;
	int c = memcmp(a, b, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = al > n ? (unsigned char)a[n] : adir ? '/' : '\0';
	cb = bl > n ? (unsigned char)b[n] : bdir ? '/' : '\0';
	return ca < cb ? -1 : ca > cb;
}

/* git_tree_entry_cmp() on raw entries. */
static int raw_cmp(const raw_entry *a, const raw_entry *b)
{
	return mg_git_name_cmp(a->name, a->len, raw_is_tree(a), b->name, b->len, raw_is_tree(b));
}

/* A leaf in the old tree only (ea), the new only (eb), or changed (both). */
static void changed_leaf(changed_ctx *c, const char *prefix, size_t plen,
			 const raw_entry *ea, const raw_entry *eb)
{
	const raw_entry *e = ea ? ea : eb;
	char *path = mg_xmalloc(plen + e->len + 1);
	git_diff_delta *d;

	memcpy(path, prefix, plen);
	memcpy(path + plen, e->name, e->len + 1);
	if (git_pathspec_matches_path(c->ps, 0, path) != 1) {
		free(path);
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->paths = mg_xrealloc(c->paths, c->cap * sizeof(*c->paths));
		c->deltas = mg_xrealloc(c->deltas, c->cap * sizeof(*c->deltas));
	}
	d = &c->deltas[c->n];
	memset(d, 0, sizeof(*d));
	d->status = !eb ? GIT_DELTA_DELETED : !ea ? GIT_DELTA_ADDED : GIT_DELTA_MODIFIED;
	d->nfiles = 2;
	d->old_file.path = d->new_file.path = path;
	if (ea) {
		git_oid_fromraw(&d->old_file.id, ea->id);
		d->old_file.mode = raw_filemode(ea);
	}
	if (eb) {
		git_oid_fromraw(&d->new_file.id, eb->id);
		d->new_file.mode = raw_filemode(eb);
	}
	c->ndeleted += !eb;
	c->paths[c->n++] = path;
}

static int changed_walk(changed_ctx *c, const git_oid *a, const git_oid *b,
			const char *prefix, size_t plen);

/* Descends into the subtree entry ea and/or eb (one NULL: added or deleted
 * as a whole). */
static int changed_subtree(changed_ctx *c, const raw_entry *ea, const raw_entry *eb,
			   const char *prefix, size_t plen)
{
	const raw_entry *e = ea ? ea : eb;
	size_t slen = plen + e->len + 1;
	char *sub = mg_xmalloc(slen + 1);
	git_oid ia, ib;
	int rc;

	memcpy(sub, prefix, plen);
	memcpy(sub + plen, e->name, e->len);
	sub[slen - 1] = '/';
	sub[slen] = '\0';
	if (ea)
		git_oid_fromraw(&ia, ea->id);
	if (eb)
		git_oid_fromraw(&ib, eb->id);
	rc = changed_walk(c, ea ? &ia : NULL, eb ? &ib : NULL, sub, slen);
	free(sub);
	return rc;
}

static int changed_walk(changed_ctx *c, const git_oid *a, const git_oid *b,
			const char *prefix, size_t plen)
{
	raw_tree ta, tb;
	raw_entry ea, eb;
	int ha, hb, rc = 0;

	if (raw_tree_pair(c->odb, c->keep, c->store, a, b, &ta, &tb, &ea, &eb, &ha, &hb) < 0)
		return -1;
	while (rc == 0 && ha >= 0 && hb >= 0 && (ha || hb)) {
		int cmp = !ha ? 1 : !hb ? -1 : raw_cmp(&ea, &eb);

		if (cmp < 0) {
			if (raw_is_tree(&ea))
				rc = changed_subtree(c, &ea, NULL, prefix, plen);
			else
				changed_leaf(c, prefix, plen, &ea, NULL);
			ha = raw_tree_next(&ta, &ea);
		} else if (cmp > 0) {
			if (raw_is_tree(&eb))
				rc = changed_subtree(c, NULL, &eb, prefix, plen);
			else
				changed_leaf(c, prefix, plen, NULL, &eb);
			hb = raw_tree_next(&tb, &eb);
		} else {
			if (memcmp(ea.id, eb.id, GIT_OID_RAWSZ) != 0 ||
			    raw_filemode(&ea) != raw_filemode(&eb)) {
				if (raw_is_tree(&ea) && raw_is_tree(&eb))
					rc = changed_subtree(c, &ea, &eb, prefix, plen);
				else
					changed_leaf(c, prefix, plen, &ea, &eb);
			}
			ha = raw_tree_next(&ta, &ea);
			hb = raw_tree_next(&tb, &eb);
		}
	}
	git_odb_object_free(ta.obj);
	git_odb_object_free(tb.obj);
	return rc < 0 || ha < 0 || hb < 0 ? -1 : 0;
}

/* The diff of the trees with ids old_id and new_id (NULL: the empty tree);
 * old_tree and new_tree are those trees when the caller has them, else
 * looked up only when a rename has to be searched. */
static int diff_tree_ids(git_repository *repo, const git_oid *old_id, const git_oid *new_id,
			 git_tree *old_tree, git_tree *new_tree, const mg_pathfilter *pf,
			 const char *commit, treeset *keep, int store, mg_changeset *cs, char **err)
{
	git_diff_options o;
	char *spec[NSPEC];
	git_diff *diff = NULL;
	git_tree *ot = NULL, *nt = NULL;
	changed_ctx c;
	size_t i;
	int rc;

	diff_opts(&o, spec);
	/* the changed paths the pathspec takes; the diff (renames and all)
	 * then runs over exactly those */
	memset(&c, 0, sizeof(c));
	c.repo = repo;
	c.keep = keep;
	c.store = store;
	if (git_repository_odb(&c.odb, repo) < 0 || git_pathspec_new(&c.ps, &o.pathspec) < 0) {
		*err = mg_git_error("cannot diff trees");
		git_odb_free(c.odb);
		return -1;
	}
	rc = old_id && new_id && git_oid_equal(old_id, new_id) ? 0 :
		changed_walk(&c, old_id, new_id, "", 0);
	git_pathspec_free(c.ps);
	git_odb_free(c.odb);
	if (rc < 0 || c.n == 0 || c.ndeleted == 0) {
		/* nothing deleted, so no rename to find: the deltas are the
		 * changed paths themselves, in the diff's order (tree order is
		 * the order of the full paths) */
		if (rc < 0)
			*err = mg_git_error("cannot diff trees");
		for (i = 0; rc == 0 && i < c.n; i++)
			if (mg_migpath_match_history(pf, c.paths[i]))
				rc = add_delta(repo, &c.deltas[i], commit, cs, err);
		for (i = 0; i < c.n; i++)
			free(c.paths[i]);
		free(c.paths);
		free(c.deltas);
		return rc;
	}
	o.pathspec.strings = c.paths;
	o.pathspec.count = c.n;
	o.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	if ((!old_tree && old_id && git_tree_lookup(&ot, repo, old_id) < 0) ||
	    (!new_tree && new_id && git_tree_lookup(&nt, repo, new_id) < 0))
		rc = -1;
	else
		rc = git_diff_tree_to_tree(&diff, repo, old_tree ? old_tree : ot,
					   new_tree ? new_tree : nt, &o);
	git_tree_free(ot);
	git_tree_free(nt);
	for (i = 0; i < c.n; i++)
		free(c.paths[i]);
	free(c.paths);
	free(c.deltas);
	if (rc < 0) {
		*err = mg_git_error("cannot diff trees");
		return -1;
	}
	rc = add_diff(repo, diff, pf, commit, cs, err);
	git_diff_free(diff);
	return rc;
}

int mg_git_diff_trees(git_repository *repo, git_tree *old_tree, git_tree *new_tree,
		      const mg_pathfilter *pf, const char *commit,
		      mg_changeset *cs, char **err)
{
	return diff_tree_ids(repo, old_tree ? git_tree_id(old_tree) : NULL,
			     new_tree ? git_tree_id(new_tree) : NULL, old_tree, new_tree,
			     pf, commit, NULL, 0, cs, err);
}

/* The migration paths (mg_migpath_match_history()) of the blobs of two
 * trees, from their raw buffers: out[0] gets tree a's, out[1] tree b's.
 * Only the directories of the scope are walked (change_scope(); all of
 * both trees without one, as a migration path can be anywhere); nothing
 * is allocated per file, and a subtree the two trees share is read once. */
typedef struct paths_walk {
	git_odb *odb;
	treeset *kept;               /* NULL, or trees already read */
	int store;                   /* and trees read from the odb go into it */
	const mg_pathfilter *pf;
	mg_pathlist *out[2];
	char *path;                  /* the current directory's path, then the name */
	size_t cap;
	/* NULL: every directory; else only these directories ("dir/", "" for
	 * the top; see change_scope()) and their subdirectories, one level
	 * down, and the directories on the way to them */
	char **scope;
	size_t nscope;
} paths_walk;

/* Components of a directory path ("" 0, "a/" 1, "a/b/" 2). */
static size_t dir_depth(const char *dir, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += dir[i] == '/';
	return n;
}

/* For the directory w->path[0..plen): bit 0, its files are listed (it is a
 * scope directory or a subdirectory of one); bit 1, it is on the way to
 * one (a proper prefix of it). */
static unsigned scope_of(const paths_walk *w, size_t plen)
{
	size_t i, depth = dir_depth(w->path, plen);
	unsigned r = 0;

	if (!w->scope)
		return 1;
	for (i = 0; i < w->nscope && r != 3; i++) {
		size_t gl = strlen(w->scope[i]);
		/* (w->path is NULL at the top, where plen is 0) */
		if (gl <= plen && (gl == 0 || !memcmp(w->scope[i], w->path, gl)) &&
		    depth - dir_depth(w->scope[i], gl) <= 1)
			r |= 1;
		else if (gl > plen && (plen == 0 || !memcmp(w->scope[i], w->path, plen)))
			r |= 2;
	}
	return r;
}

static void paths_reserve(paths_walk *w, size_t len)
{
	if (len + 1 > w->cap) {
		w->cap = (len + 1) * 2;
		w->path = mg_xrealloc(w->path, w->cap);
	}
}

static int paths_entry(paths_walk *w, const raw_entry *e, size_t plen, unsigned mask,
			int files);

/* Tree id (the directory at w->path[0..plen)) into the lists in mask (bit
 * 0: out[0], bit 1: out[1]). */
static int paths_one(paths_walk *w, const git_oid *id, size_t plen, unsigned mask)
{
	unsigned sc = scope_of(w, plen);
	raw_tree t;
	raw_entry e;
	int h, rc = 0;

	if (!sc)
		return 0;
	if (raw_tree_read(w->odb, w->kept, w->store, id, &t) < 0)
		return -1;
	while (rc == 0 && (h = raw_tree_next(&t, &e)) > 0)
		rc = paths_entry(w, &e, plen, mask, sc & 1);
	git_odb_object_free(t.obj);
	return rc < 0 || h < 0 ? -1 : 0;
}

static int paths_tree(paths_walk *w, const git_oid *a, const git_oid *b, size_t plen)
{
	raw_tree ta, tb;
	raw_entry ea, eb;
	unsigned sc;
	int ha, hb, rc = 0;

	if (!a || !b || git_oid_equal(a, b))
		return !a && !b ? 0 : paths_one(w, a ? a : b, plen, (a ? 1u : 0u) | (b ? 2u : 0u));
	if (!(sc = scope_of(w, plen)))
		return 0;
	if (raw_tree_pair(w->odb, w->kept, w->store, a, b, &ta, &tb, &ea, &eb, &ha, &hb) < 0)
		return -1;
	while (rc == 0 && ha >= 0 && hb >= 0 && (ha || hb)) {
		int cmp = !ha ? 1 : !hb ? -1 : raw_cmp(&ea, &eb);

		if (cmp < 0) {
			rc = paths_entry(w, &ea, plen, 1, sc & 1);
			ha = raw_tree_next(&ta, &ea);
		} else if (cmp > 0) {
			rc = paths_entry(w, &eb, plen, 2, sc & 1);
			hb = raw_tree_next(&tb, &eb);
		} else {
			if (raw_is_tree(&ea)) {
				/* both subtrees: one read when they are the same */
				git_oid ia, ib;
				size_t sl = plen + ea.len + 1;

				git_oid_fromraw(&ia, ea.id);
				git_oid_fromraw(&ib, eb.id);
				paths_reserve(w, sl);
				memcpy(w->path + plen, ea.name, ea.len);
				w->path[sl - 1] = '/';
				rc = paths_tree(w, &ia, &ib, sl);
			} else if (memcmp(ea.id, eb.id, GIT_OID_RAWSZ) == 0 &&
				   raw_filemode(&ea) == raw_filemode(&eb)) {
				rc = paths_entry(w, &ea, plen, 3, sc & 1);
			} else {
				rc = paths_entry(w, &ea, plen, 1, sc & 1);
				if (rc == 0)
					rc = paths_entry(w, &eb, plen, 2, sc & 1);
			}
			ha = raw_tree_next(&ta, &ea);
			hb = raw_tree_next(&tb, &eb);
		}
	}
	git_odb_object_free(ta.obj);
	git_odb_object_free(tb.obj);
	return rc < 0 || ha < 0 || hb < 0 ? -1 : 0;
}

/* Entry e of the directory w->path[0..plen): a subtree is walked, a file
 * listed when files says the directory's files are (scope_of() bit 0). */
static int paths_entry(paths_walk *w, const raw_entry *e, size_t plen, unsigned mask,
		       int files)
{
	size_t len = plen + e->len;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid id;

	paths_reserve(w, len + 1);
	memcpy(w->path + plen, e->name, e->len);
	git_oid_fromraw(&id, e->id);
	if (raw_is_tree(e)) {
		w->path[len] = '/';
		return paths_one(w, &id, len + 1, mask);
	}
	if ((e->attr & 0170000) == 0160000)
		return 0;                    /* a submodule: not a file */
	if (!files)
		return 0;                    /* a directory on the way only */
	w->path[len] = '\0';
	if (mg_migpath_match_history(w->pf, w->path)) {
		git_oid_tostr(hex, sizeof(hex), &id);
		if (mask & 1)
			mg_pathlist_add(w->out[0], w->path, hex);
		if (mask & 2)
			mg_pathlist_add(w->out[1], w->path, hex);
	}
	return 0;
}

/* The migration paths of tree a into out_a and of tree b into out_b (either
 * tree NULL: nothing), each sorted. */
static int tree_paths(git_repository *repo, git_tree *a, git_tree *b, treeset *kept, int store,
		      char **scope, size_t nscope, const mg_pathfilter *pf,
		      mg_pathlist *out_a, mg_pathlist *out_b, char **err)
{
	paths_walk w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.scope = scope;
	w.nscope = nscope;
	w.kept = kept;
	w.store = store;
	w.pf = pf;
	w.out[0] = out_a;
	w.out[1] = out_b;
	if (git_repository_odb(&w.odb, repo) < 0) {
		*err = mg_git_error("cannot walk a tree");
		return -1;
	}
	rc = paths_tree(&w, a ? git_tree_id(a) : NULL, b ? git_tree_id(b) : NULL, 0);
	if (rc < 0)
		*err = mg_git_error("cannot walk a tree");
	free(w.path);
	git_odb_free(w.odb);
	mg_pathlist_sort(out_a);
	mg_pathlist_sort(out_b);
	return rc;
}

static int cmp_dirs(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The directory above the directory of path ("a/b/c/x.sql" gives "a/b/",
 * "a/x.sql" and "x.sql" give ""), added to v. */
static void scope_add(char ***v, size_t *n, size_t *cap, const char *path)
{
	const char *end = strrchr(path, '/');
	size_t len = 0;

	if (end) {
		const char *p = end;
		while (p > path && p[-1] != '/')
			p--;
		len = (size_t)(p - path);   /* up to and with the '/' before dir */
	}
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = mg_xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = mg_xstrndup(path, len);
}

/* What the history rules read of the two trees: they compare a changed
 * migration with the others of its set, which is its directory
 * (src/migpath.h), or for Diesel and Prisma the directory above its step
 * directory, and sqitch pairs deploy/x.sql with a revert/x.sql beside it:
 * the files of the directory above each changed path's directory and of
 * that directory's subdirectories.  The rest of the trees is not walked (a
 * push of one commit to a 50,000-file tree reads a few trees, not 500). */
static char **change_scope(const mg_changeset *cs, size_t *nscope)
{
	char **v = mg_xcalloc(1, sizeof(*v));
	size_t n = 0, cap = 1, i, k;

	for (i = 0; i < cs->nfiles; i++) {
		scope_add(&v, &n, &cap, cs->files[i].path);
		if (cs->files[i].old_path)
			scope_add(&v, &n, &cap, cs->files[i].old_path);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_dirs);
	for (i = 0, k = 0; i < n; i++) {
		if (k && !strcmp(v[k - 1], v[i]))
			free(v[i]);
		else
			v[k++] = v[i];
	}
	*nscope = k;
	return v;
}

static int base_paths(git_repository *repo, git_tree *base, git_tree *result,
		      git_index *result_index, treeset *kept, int store, const mg_pathfilter *pf,
		      mg_changeset *cs, char **err)
{
	char **scope = NULL;
	size_t nscope = 0, i;
	int rc;

	mg_pathlist_free(&cs->base);
	mg_pathlist_free(&cs->result);
	cs->has_trees = 0;
	/* two trees: only what the changes need; an index (--staged by
	 * libgit2) gives the whole result, so the whole base goes with it */
	if (result)
		scope = change_scope(cs, &nscope);
	rc = tree_paths(repo, base, result, kept, store, scope, nscope, pf, &cs->base,
			&cs->result, err);
	for (i = 0; i < nscope; i++)
		free(scope[i]);
	free(scope);
	if (rc < 0)
		return -1;
	if (!result && result_index) {
		size_t i, n = git_index_entrycount(result_index);
		char hex[GIT_OID_HEXSZ + 1];
		for (i = 0; i < n; i++) {
			const git_index_entry *e = git_index_get_byindex(result_index, i);
			if (!e || git_index_entry_stage(e) != 0 ||
			    (e->mode != GIT_FILEMODE_BLOB && e->mode != GIT_FILEMODE_BLOB_EXECUTABLE &&
			     e->mode != GIT_FILEMODE_LINK) ||
			    !mg_migpath_match_history(pf, e->path))
				continue;
			git_oid_tostr(hex, sizeof(hex), &e->id);
			mg_pathlist_add(&cs->result, e->path, hex);
		}
		mg_pathlist_sort(&cs->result);
	}
	/* lint new migrations in version order (cross-file new tables) */
	mg_migpath_order_changes(cs, MG_FW_AUTO);
	cs->has_trees = 1;
	return 0;
}

int mg_git_base_paths(git_repository *repo, git_tree *base, git_tree *result,
		      git_index *result_index, const mg_pathfilter *pf,
		      mg_changeset *cs, char **err)
{
	return base_paths(repo, base, result, result_index, NULL, 0, pf, cs, err);
}

int mg_git_diff_and_paths(git_repository *repo, git_tree *old_tree, git_tree *new_tree,
			  const mg_pathfilter *pf, const char *commit, mg_treeset *set,
			  mg_changeset *cs, char **err)
{
	treeset own;
	int keep_all = set != NULL, rc;

	/* With a set (a range: its commits' own diffs read the same trees
	 * again) every tree read goes into it.  Without, nothing is kept: the
	 * walk of the migration paths reads only the few trees of the sets
	 * the change touches (change_scope()), and keeping every tree the
	 * diff read cost 4 MB on a 1,000-commit push. */
	memset(&own, 0, sizeof(own));
	if (!set)
		set = &own;
	rc = diff_tree_ids(repo, old_tree ? git_tree_id(old_tree) : NULL,
			   new_tree ? git_tree_id(new_tree) : NULL, old_tree, new_tree,
			   pf, commit, set, keep_all, cs, err);
	if (rc == 0)
		rc = base_paths(repo, old_tree, new_tree, NULL, set, keep_all, pf, cs, err);
	treeset_clear(&own);
	return rc;
}

typedef struct shipped_ctx {
	git_repository *repo;
	const char *const *globs;
	size_t nglobs;
	git_tree **trees;
	size_t ntrees, cap;
} shipped_ctx;

static int shipped_ref_cb(const char *name, void *payload)
{
	shipped_ctx *s = payload;
	git_object *o = NULL, *t = NULL;
	size_t i;

	for (i = 0; i < s->nglobs && !mg_glob_match(s->globs[i], name); i++)
		;
	if (i == s->nglobs)
		return 0;
	if (git_revparse_single(&o, s->repo, name) < 0 ||
	    git_object_peel(&t, o, GIT_OBJECT_TREE) < 0) {
		git_error_clear();   /* a ref to a blob or a broken ref ships nothing */
		git_object_free(o);
		return 0;
	}
	git_object_free(o);
	if (s->ntrees == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->trees = mg_xrealloc(s->trees, s->cap * sizeof(*s->trees));
	}
	s->trees[s->ntrees++] = (git_tree *)t;
	return 0;
}

int mg_git_shipped_paths(git_repository *repo, const char *const *globs, size_t nglobs,
			 mg_changeset *cs, char **err)
{
	shipped_ctx s = { repo, globs, nglobs, NULL, 0, 0 };
	unsigned char *state = NULL;         /* per base path: 0 look, 1 skip, 2 shipped */
	size_t i, j;
	int rc = 0;

	if (nglobs == 0 || !cs->has_trees)
		return 0;
	if (git_reference_foreach_name(repo, shipped_ref_cb, &s) < 0) {
		*err = mg_git_error("cannot list the references for migguard.shippedRef");
		rc = -1;
	}
	state = mg_xmalloc(cs->base.n + 1);
	for (i = 0; i < cs->base.n; i++) {
		const mg_tree_path *b = &cs->base.v[i];
		const mg_tree_path *r = mg_pathlist_find(&cs->result, b->path);
		state[i] = r && !strcmp(r->oid, b->oid);         /* unchanged */
	}
	/* one shipped tree at a time, its directories kept in the object
	 * cache meanwhile (mg_git_open() leaves trees out of it): each is
	 * read once for all the paths, not once per path */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)4 << 20);
	for (j = 0; rc == 0 && j < s.ntrees; j++)
		for (i = 0; i < cs->base.n; i++) {
			git_tree_entry *e = NULL;
			if (state[i])
				continue;
			if (git_tree_entry_bypath(&e, s.trees[j], cs->base.v[i].path) == 0) {
				git_tree_entry_free(e);
				state[i] = 2;
			}
			git_error_clear();
		}
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)0);
	for (i = 0; rc == 0 && i < cs->base.n; i++)
		if (state[i] == 2)
			mg_pathlist_add(&cs->shipped, cs->base.v[i].path, cs->base.v[i].oid);
	free(state);
	for (j = 0; j < s.ntrees; j++)
		git_tree_free(s.trees[j]);
	free(s.trees);
	mg_pathlist_sort(&cs->shipped);
	cs->has_shipped = rc == 0;
	return rc;
}

/* gitstaged.c (check --staged) builds its change set with these */
void mg_git_diff_opts(git_diff_options *o, char **spec)
{
	diff_opts(o, spec);
}

int mg_git_add_delta(git_repository *repo, const git_diff_delta *d, mg_changeset *cs, char **err)
{
	return add_delta(repo, d, NULL, cs, err);
}

int mg_git_add_diff(git_repository *repo, git_diff *diff, const mg_pathfilter *pf,
		    mg_changeset *cs, char **err)
{
	return add_diff(repo, diff, pf, NULL, cs, err);
}

/* check --staged through libgit2's index and diff; gitstaged.c's
 * mg_git_staged() takes a faster way when it can */
int mg_git_staged_libgit2(git_repository *repo, const mg_pathfilter *pf,
			  mg_changeset *cs, char **err)
{
	git_diff_options o;
	char *spec[NSPEC];
	git_index *idx = NULL;
	git_object *head = NULL;
	git_diff *diff = NULL;
	int rc = -1;

	if (git_repository_is_bare(repo)) {
		*err = mg_xstrdup("--staged needs a repository with an index (this one is bare)");
		return -1;
	}
	if (mg_git_index(&idx, repo) < 0) {
		*err = mg_git_error("cannot read the index");
		return -1;
	}
	if (!git_repository_head_unborn(repo) &&
	    git_revparse_single(&head, repo, "HEAD^{tree}") < 0) {
		*err = mg_git_error("cannot resolve HEAD");
		goto out;
	}
	diff_opts(&o, spec);
	if (git_diff_tree_to_index(&diff, repo, (git_tree *)head, idx, &o) < 0) {
		*err = mg_git_error("cannot diff the index against HEAD");
		goto out;
	}
	rc = add_diff(repo, diff, pf, NULL, cs, err);
	if (rc == 0)
		rc = mg_git_base_paths(repo, (git_tree *)head, NULL, idx, pf, cs, err);
out:
	git_diff_free(diff);
	git_object_free(head);
	git_index_free(idx);
	return rc;
}

static int resolve_commit(git_repository *repo, const char *spec, git_commit **out, char **err)
{
	git_object *o = NULL;

	if (git_revparse_single(&o, repo, spec) < 0 ||
	    git_object_peel((git_object **)out, o, GIT_OBJECT_COMMIT) < 0) {
		char *what = mg_xasprintf("cannot resolve '%s' to a commit", spec);
		*err = mg_git_error(what);
		free(what);
		git_object_free(o);
		return -1;
	}
	git_object_free(o);
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? mg_xstrdup(s) : NULL;
}

int mg_git_add_commit_info(mg_changeset *cs, const git_commit *c)
{
	char hex[GIT_OID_HEXSZ + 1];
	mg_commit_info *ci;
	const git_signature *a = git_commit_author(c), *m = git_commit_committer(c);

	git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
	ci = mg_changeset_add_commit(cs, hex);
	ci->message = dup_or_null(git_commit_message(c));
	if (a) {
		ci->author_name = dup_or_null(a->name);
		ci->author_email = dup_or_null(a->email);
	}
	if (m) {
		ci->committer_name = dup_or_null(m->name);
		ci->committer_email = dup_or_null(m->email);
	}
	return 0;
}

/* Is path's blob in tree t the one with hex id oid?  *dir and *dirpath keep
 * the directory looked up last (NULL: none yet; the caller frees them): a
 * merge's files are mostly in one directory, read once for all of them
 * (trees are not in the object cache: mg_git_open()). */
static int tree_has(git_repository *repo, git_tree *t, const char *path, const char *oid,
		    git_tree **dir, char **dirpath)
{
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path) : 0;
	const git_tree_entry *e;
	char hex[GIT_OID_HEXSZ + 1];

	if (!slash) {
		e = git_tree_entry_byname(t, path);
	} else {
		if (!*dirpath || strlen(*dirpath) != dl || memcmp(*dirpath, path, dl)) {
			git_tree_entry *de = NULL;

			git_tree_free(*dir);
			*dir = NULL;
			free(*dirpath);
			*dirpath = mg_xstrndup(path, dl);
			if (git_tree_entry_bypath(&de, t, *dirpath) == 0 &&
			    git_tree_entry_type(de) == GIT_OBJECT_TREE &&
			    git_tree_lookup(dir, repo, git_tree_entry_id(de)) < 0)
				*dir = NULL;
			git_tree_entry_free(de);
			git_error_clear();
		}
		e = *dir ? git_tree_entry_byname(*dir, slash + 1) : NULL;
	}
	if (!e)
		return 0;
	git_oid_tostr(hex, sizeof(hex), git_tree_entry_id(e));
	return !strcmp(hex, oid);
}

/* A merge changes only what none of its parents had: drops the files of
 * own whose new content is that of another parent (a merge of the default
 * branch brings its migrations without writing them). */
static int drop_merged(const git_commit *c, mg_changeset *own, char **err)
{
	unsigned int p, n = git_commit_parentcount(c);
	size_t i, w;

	for (p = 1; p < n && own->nfiles; p++) {
		git_commit *pc = NULL;
		git_tree *pt = NULL, *dir = NULL;
		char *dirpath = NULL;

		if (git_commit_parent(&pc, c, p) < 0 || git_commit_tree(&pt, pc) < 0) {
			*err = mg_git_error("cannot read a parent of a merge commit");
			git_commit_free(pc);
			return -1;
		}
		for (i = w = 0; i < own->nfiles; i++) {
			mg_file_change *f = &own->files[i];
			if (f->status != MG_DELETED && f->oid[0] &&
			    tree_has(git_commit_owner(c), pt, f->path, f->oid, &dir, &dirpath)) {
				mg_file_change_free(f);
				continue;
			}
			own->files[w++] = *f;
		}
		own->nfiles = w;
		git_tree_free(dir);
		free(dirpath);
		git_tree_free(pt);
		git_commit_free(pc);
	}
	return 0;
}

int mg_git_commit_own(git_repository *repo, const git_commit *c, const mg_pathfilter *pf,
		      const mg_changeset *cs, mg_commit_info *ci, const mg_treeset *set,
		      char **err)
{
	git_commit *parent = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int rc = -1;

	/* the trees' ids only: diff_tree_ids() reads their raw buffers */
	git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
	if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) < 0) {
		char *what = mg_xasprintf("cannot read the trees of commit %s", hex);
		*err = mg_git_error(what);
		free(what);
		goto out;
	}
	if (ci->own) {
		mg_changeset_free(ci->own);
		free(ci->own);
	}
	ci->own = mg_xmalloc(sizeof(*ci->own));
	mg_changeset_init(ci->own);
	ci->own->max_file_size = cs->max_file_size;
	ci->own->blobs = cs->blobs;          /* its blobs are the range's or the push's */
	rc = diff_tree_ids(repo, parent ? git_commit_tree_id(parent) : NULL, git_commit_tree_id(c),
			   NULL, NULL, pf, hex, (treeset *)set, 0, ci->own, err);
	if (rc == 0 && git_commit_parentcount(c) > 1)
		rc = drop_merged(c, ci->own, err);
	/* kept for the whole range (thousands of commits, most with one file
	 * or none): no room for 16 */
	if (ci->own->cap_files > ci->own->nfiles) {
		if (ci->own->nfiles) {
			ci->own->files = mg_xrealloc(ci->own->files,
						     ci->own->nfiles * sizeof(*ci->own->files));
		} else {
			free(ci->own->files);
			ci->own->files = NULL;
		}
		ci->own->cap_files = ci->own->nfiles;
	}
out:
	git_commit_free(parent);
	return rc;
}

int mg_git_one_commit(git_repository *repo, const char *oid, const mg_pathfilter *pf,
		      mg_changeset *cs, char **err)
{
	git_oid id;
	git_commit *c = NULL, *parent = NULL;
	git_tree *t = NULL, *pt = NULL;
	int rc = -1;

	if (git_oid_fromstr(&id, oid) < 0 || git_commit_lookup(&c, repo, &id) < 0 ||
	    git_commit_tree(&t, c) < 0 ||
	    (git_commit_parentcount(c) > 0 &&
	     (git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&pt, parent) < 0))) {
		char *what = mg_xasprintf("cannot read commit %.40s and its first parent", oid);
		*err = mg_git_error(what);
		free(what);
		goto out;
	}
	mg_git_add_commit_info(cs, c);
	if (mg_git_commit_own(repo, c, pf, cs, &cs->commits[cs->ncommits - 1], NULL, err) < 0 ||
	    mg_git_diff_trees(repo, pt, t, pf, cs->commits[cs->ncommits - 1].oid, cs, err) < 0 ||
	    (git_commit_parentcount(c) > 1 && drop_merged(c, cs, err) < 0) ||
	    mg_git_base_paths(repo, pt, t, NULL, pf, cs, err) < 0)
		goto out;
	rc = 0;
out:
	git_tree_free(pt);
	git_tree_free(t);
	git_commit_free(parent);
	git_commit_free(c);
	return rc;
}

int mg_git_range(git_repository *repo, const char *range, const mg_pathfilter *pf,
		 mg_changeset *cs, char **err)
{
	const char *dots = strstr(range, "..");
	char *a_spec, *b_spec;
	git_commit *a = NULL, *b = NULL, *base_c = NULL;
	git_tree *base_t = NULL, *b_t = NULL;
	git_oid base;
	git_revwalk *walk = NULL;
	mg_treeset *set = NULL;
	int rc = -1;

	if (!dots) {
		*err = mg_xasprintf("bad range '%s': expected A..B", range);
		return -1;
	}
	a_spec = mg_xstrndup(range, (size_t)(dots - range));
	b_spec = mg_xstrdup(dots[2] == '.' ? dots + 3 : dots + 2);
	if (resolve_commit(repo, *a_spec ? a_spec : "HEAD", &a, err) < 0 ||
	    resolve_commit(repo, *b_spec ? b_spec : "HEAD", &b, err) < 0)
		goto out;
	if (git_merge_base(&base, repo, git_commit_id(a), git_commit_id(b)) < 0) {
		char *what = mg_xasprintf("no merge base between '%s' and '%s'", a_spec, b_spec);
		*err = mg_git_error(what);
		free(what);
		goto out;
	}
	if (git_commit_lookup(&base_c, repo, &base) < 0 ||
	    git_commit_tree(&base_t, base_c) < 0 || git_commit_tree(&b_t, b) < 0) {
		*err = mg_git_error("cannot read the trees of the range");
		goto out;
	}
	set = mg_treeset_new();
	if (mg_git_diff_and_paths(repo, base_t, b_t, pf, NULL, set, cs, err) < 0)
		goto out;

	/* commits of the range, newest first, for commit-level checks */
	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_push(walk, git_commit_id(b)) < 0 ||
	    git_revwalk_hide(walk, &base) < 0) {
		*err = mg_git_error("cannot walk the range");
		goto out;
	}
	{
		git_oid id;
		mg_progress pr;

		mg_progress_start(&pr, "reading the commits of the range");
		while (git_revwalk_next(&id, walk) == 0) {
			git_commit *c;
			if (git_commit_lookup(&c, repo, &id) < 0) {
				*err = mg_git_error("cannot read a commit of the range");
				mg_progress_done(&pr);
				goto out;
			}
			mg_git_add_commit_info(cs, c);
			if (mg_git_commit_own(repo, c, pf, cs, &cs->commits[cs->ncommits - 1],
					      set, err) < 0) {
				git_commit_free(c);
				mg_progress_done(&pr);
				goto out;
			}
			git_commit_free(c);
			mg_progress_tick(&pr);
		}
		mg_progress_done(&pr);
	}
	rc = 0;
out:
	mg_treeset_free(set);
	git_revwalk_free(walk);
	git_tree_free(base_t);
	git_tree_free(b_t);
	git_commit_free(base_c);
	git_commit_free(a);
	git_commit_free(b);
	free(a_spec);
	free(b_spec);
	return rc;
}

int mg_git_all(git_repository *repo, const mg_pathfilter *pf,
	       mg_changeset *cs, char **err)
{
	git_object *head = NULL;
	int rc;

	if (git_revparse_single(&head, repo, "HEAD^{tree}") < 0) {
		*err = mg_git_error("cannot resolve HEAD (--all needs at least one commit)");
		return -1;
	}
	rc = mg_git_diff_trees(repo, NULL, (git_tree *)head, pf, NULL, cs, err);
	git_object_free(head);
	return rc;
}
