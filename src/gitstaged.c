/* gitstaged.c - check --staged: the migration files staged in the index
 * against HEAD, without loading the index into libgit2.
 *
 * libgit2 re-hashes the whole index file and allocates every entry
 * (git_repository_index), and its tree-to-index diff reads every tree of
 * HEAD when the pathspec has no literal prefix ("*.sql"): 45 ms of a 71 ms
 * pre-commit hook in a repository of 25,000 files.  Here the index is read
 * by gitindex.c and compared with HEAD the way git does it: the cache-tree
 * (TREE extension) says which directories are unchanged since HEAD (their
 * tree id equals HEAD's), so only the trees of the directories the staged
 * change touches are read.  The changed paths then become the same deltas
 * libgit2's diff gives (through libgit2's diff itself, restricted to those
 * paths, when something was deleted: renames), and the base and result
 * paths of the history rules come from the index (result) and from it with
 * the changes undone (base), not from a walk of all of HEAD.
 *
 * Whatever the reader does not take (split or sparse index, conflicts,
 * intent-to-add entries, no index, an unborn branch, core.ignorecase)
 * goes the libgit2 way, mg_git_staged_libgit2() in gitsrc.c; so does
 * everything with MIGGUARD_TEST_STAGED_LIBGIT2=1 (tests compare the two;
 * =0 makes not taking the fast way an error, to see that tests do). */
#include "config.h"
#include "gitsrc.h"
#include "gitindex.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define FALLBACK 1

/* One changed path: absent on a side has mode 0. */
typedef struct staged_chg {
	char *path;
	uint16_t old_mode, new_mode;
	git_oid old_id, new_id;
	unsigned spec : 1;           /* matches the diff's pathspec */
	unsigned hist : 1;           /* matches mg_migpath_match_history() */
} staged_chg;

typedef struct staged_ctx {
	git_repository *repo;
	const mg_index *idx;
	const mg_pathfilter *pf;
	git_pathspec *ps;
	staged_chg *v;
	size_t n, cap;
	mg_buf prefix;
} staged_ctx;

static void chg_add(staged_ctx *c, const char *path, size_t len, const git_tree_entry *te,
		    const mg_index_entry *ie)
{
	staged_chg *x;
	char *p = mg_xstrndup(path, len);
	int spec = git_pathspec_matches_path(c->ps, 0, p) == 1;
	int hist = mg_migpath_match_history(c->pf, p);

	if (!spec && !hist) {
		free(p);
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = mg_xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	x = &c->v[c->n++];
	memset(x, 0, sizeof(*x));
	x->path = p;
	x->spec = spec;
	x->hist = hist;
	if (te) {
		x->old_mode = (uint16_t)git_tree_entry_filemode(te);
		git_oid_cpy(&x->old_id, git_tree_entry_id(te));
	}
	if (ie) {
		x->new_mode = (uint16_t)ie->mode;
		git_oid_fromraw(&x->new_id, ie->oid);
	}
}

static int walk(staged_ctx *c, const git_tree *t, size_t lo, size_t hi, long node);

/* Descends into the subtree entry te (NULL: none in HEAD) with the index
 * entries [lo, hi) below it. */
static int walk_sub(staged_ctx *c, const git_tree_entry *te, const char *name, size_t nlen,
		    size_t lo, size_t hi, long node)
{
	git_tree *sub = NULL;
	size_t keep = c->prefix.len;
	int rc;

	if (te && git_tree_lookup(&sub, c->repo, git_tree_entry_id(te)) < 0)
		return -1;
	mg_buf_put(&c->prefix, name, nlen);
	mg_buf_putc(&c->prefix, '/');
	rc = walk(c, sub, lo, hi, node);
	c->prefix.len = keep;
	c->prefix.ptr[keep] = '\0';
	git_tree_free(sub);
	return rc;
}

/* Merges HEAD's tree t (NULL: none) with the index entries [lo, hi), all
 * below c->prefix; node is the cache-tree node of the prefix or -1. */
static int kid_cmp(const void *a, const void *b)
{
	const mg_index_tree *x = *(const mg_index_tree *const *)a, *y = *(const mg_index_tree *const *)b;
	return mg_git_name_cmp(x->name, x->len, 1, y->name, y->len, 1);
}

/* The cache-tree children of node in git's order (the file lists them by
 * name length first): the walk meets HEAD's subtrees in that order, so a
 * cursor finds each one's node; looking each up among thousands of
 * siblings (a Prisma or Diesel directory per migration) was quadratic. */
static const mg_index_tree **sorted_kids(const mg_index *idx, long node, size_t *n)
{
	const mg_index_tree **v;
	long k;

	*n = 0;
	if (node < 0 || idx->t[node].first_child < 0)
		return NULL;
	for (k = idx->t[node].first_child; k >= 0; k = idx->t[k].next_sibling)
		(*n)++;
	v = mg_xmalloc(*n * sizeof(*v));
	*n = 0;
	for (k = idx->t[node].first_child; k >= 0; k = idx->t[k].next_sibling)
		v[(*n)++] = &idx->t[k];
	qsort(v, *n, sizeof(*v), kid_cmp);
	return v;
}

static int walk(staged_ctx *c, const git_tree *t, size_t lo, size_t hi, long node)
{
	const mg_index *idx = c->idx;
	size_t plen = c->prefix.len, i = 0, nt = t ? git_tree_entrycount(t) : 0, j = lo;
	size_t nkids, kc = 0;
	const mg_index_tree **kids = sorted_kids(idx, node, &nkids);
	int rc = 0;

	while (rc == 0 && (i < nt || j < hi)) {
		const git_tree_entry *te = i < nt ? git_tree_entry_byindex(t, i) : NULL;
		const mg_index_entry *ie = j < hi ? &idx->e[j] : NULL;
		const char *tname = NULL, *iname = NULL, *slash = NULL;
		size_t tlen = 0, ilen = 0, jend = j + 1;
		int tdir = 0, cmp;

		if (te) {
			tname = git_tree_entry_name(te);
			tlen = strlen(tname);
			tdir = git_tree_entry_type(te) == GIT_OBJECT_TREE;
		}
		if (ie) {
			iname = ie->path + plen;
			ilen = ie->len - plen;
			slash = memchr(iname, '/', ilen);
			if (slash) {
				ilen = (size_t)(slash - iname);
				jend = mg_index_dir_end(idx, j, hi, ie->path, plen + ilen);
			}
		}
		cmp = !te ? 1 : !ie ? -1 :
		      mg_git_name_cmp(tname, tlen, tdir, iname, ilen, slash != NULL);
		if (cmp < 0) {
			/* in HEAD only: deleted */
			if (tdir) {
				rc = walk_sub(c, te, tname, tlen, j, j, -1);
			} else {
				size_t keep = c->prefix.len;
				mg_buf_put(&c->prefix, tname, tlen);
				chg_add(c, c->prefix.ptr, c->prefix.len, te, NULL);
				c->prefix.len = keep;
				c->prefix.ptr[keep] = '\0';
			}
			i++;
			continue;
		}
		if (cmp > 0) {
			/* in the index only: added */
			for (; j < jend; j++)
				chg_add(c, idx->e[j].path, idx->e[j].len, NULL, &idx->e[j]);
			continue;
		}
		if (tdir) {
			const mg_index_tree *ct = NULL;
			while (kc < nkids &&
			       mg_git_name_cmp(kids[kc]->name, kids[kc]->len, 1, iname, ilen, 1) < 0)
				kc++;
			if (kc < nkids && kids[kc]->len == ilen && !memcmp(kids[kc]->name, iname, ilen))
				ct = kids[kc];
			/* a valid cache-tree node with HEAD's id: unchanged */
			if (!ct || ct->entry_count != (long)(jend - j) ||
			    memcmp(ct->oid, git_tree_entry_id(te)->id, GIT_OID_RAWSZ) != 0)
				rc = walk_sub(c, te, tname, tlen, j, jend, ct ? (long)(ct - idx->t) : -1);
		} else {
			const git_oid *id = git_tree_entry_id(te);
			if ((uint32_t)git_tree_entry_filemode(te) != ie->mode ||
			    memcmp(id->id, ie->oid, GIT_OID_RAWSZ) != 0)
				chg_add(c, ie->path, ie->len, te, ie);
		}
		i++;
		j = jend;
	}
	free(kids);
	return rc;
}

static void chg_free(staged_ctx *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].path);
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

static int is_file_mode(uint16_t m)
{
	return m == GIT_FILEMODE_BLOB || m == GIT_FILEMODE_BLOB_EXECUTABLE || m == GIT_FILEMODE_LINK;
}

/* The deltas of the changed paths the pathspec takes, as libgit2's
 * tree-to-index diff gives them. */
static int add_changes(staged_ctx *c, git_tree *head, git_diff_options *o, mg_changeset *cs,
		       char **err)
{
	size_t i, ndeleted = 0, nspec = 0;
	git_index *mem = NULL;
	git_diff *diff = NULL;
	char **paths;
	int rc = 0;

	for (i = 0; i < c->n; i++)
		if (c->v[i].spec) {
			nspec++;
			ndeleted += c->v[i].new_mode == 0;
		}
	if (ndeleted == 0) {
		/* no rename to find: a delta per path, in the diff's order */
		for (i = 0; rc == 0 && i < c->n; i++) {
			staged_chg *x = &c->v[i];
			git_diff_delta d;

			if (!x->spec || !x->hist)
				continue;
			memset(&d, 0, sizeof(d));
			d.status = !x->old_mode ? GIT_DELTA_ADDED : GIT_DELTA_MODIFIED;
			d.nfiles = 2;
			d.old_file.path = d.new_file.path = x->path;
			d.old_file.mode = x->old_mode;
			d.new_file.mode = x->new_mode;
			d.old_file.id = x->old_id;
			d.new_file.id = x->new_id;
			rc = mg_git_add_delta(c->repo, &d, cs, err);
		}
		return rc;
	}
	/* libgit2's diff over exactly these paths, against an index of
	 * their staged states */
	if (git_index_new(&mem) < 0) {
		*err = mg_git_error("cannot diff the index against HEAD");
		return -1;
	}
	paths = mg_xmalloc(nspec * sizeof(*paths));
	nspec = 0;
	for (i = 0; i < c->n; i++) {
		staged_chg *x = &c->v[i];
		git_index_entry e;

		if (!x->spec)
			continue;
		paths[nspec++] = x->path;
		if (!x->new_mode)
			continue;
		memset(&e, 0, sizeof(e));
		e.path = x->path;
		e.mode = x->new_mode;
		e.id = x->new_id;
		if (git_index_add(mem, &e) < 0) {
			rc = -1;
			break;
		}
	}
	o->pathspec.strings = paths;
	o->pathspec.count = nspec;
	o->flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	if (rc < 0 || git_diff_tree_to_index(&diff, c->repo, head, mem, o) < 0) {
		*err = mg_git_error("cannot diff the index against HEAD");
		rc = -1;
	} else {
		rc = mg_git_add_diff(c->repo, diff, c->pf, cs, err);
	}
	git_diff_free(diff);
	git_index_free(mem);
	free(paths);
	return rc;
}

/* Appends path (owned copy) and oid to l, which stays sorted: callers add
 * in strcmp order (mg_pathlist_add() would format the id with snprintf and
 * a sort would follow: a third of this source's time with 5,000
 * migrations). */
static void list_add(mg_pathlist *l, const char *path, size_t len, const unsigned char *raw)
{
	mg_tree_path *t;
	git_oid id;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = mg_xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	t = &l->v[l->n++];
	t->path = mg_xstrndup(path, len);
	memcpy(id.id, raw, GIT_OID_RAWSZ);
	git_oid_fmt(t->oid, &id);
	t->oid[GIT_OID_HEXSZ] = '\0';
}

/* HEAD's side of the changed path x, when it is a migration file there. */
static void base_add_old(mg_changeset *cs, const staged_chg *x)
{
	if (x->hist && x->old_mode && x->old_mode != GIT_FILEMODE_COMMIT)
		list_add(&cs->base, x->path, strlen(x->path), x->old_id.id);
}

/* cs->result: the index's migration files; cs->base: the same with the
 * changes undone (HEAD's side of each changed path).  Both come out in
 * strcmp order: the index is sorted so, and so are the changed paths. */
static void base_paths(staged_ctx *c, mg_changeset *cs)
{
	const mg_index *idx = c->idx;
	size_t i, k = 0;

	mg_pathlist_free(&cs->base);
	mg_pathlist_free(&cs->result);
	cs->has_trees = 0;
	/* room for all: no realloc copying thousands of entries; pages
	 * never touched cost nothing */
	cs->result.cap = idx->n + 1;
	cs->result.v = mg_xmalloc(cs->result.cap * sizeof(*cs->result.v));
	cs->base.cap = idx->n + c->n + 1;
	cs->base.v = mg_xmalloc(cs->base.cap * sizeof(*cs->base.v));
	for (i = 0; i < idx->n; i++) {
		const mg_index_entry *e = &idx->e[i];
		int cmp = 1;

		/* HEAD's side of the changed paths before this one */
		for (; k < c->n && (cmp = strcmp(c->v[k].path, e->path)) < 0; k++)
			base_add_old(cs, &c->v[k]);
		if (!is_file_mode((uint16_t)e->mode) || !mg_migpath_match_history(c->pf, e->path))
			continue;
		list_add(&cs->result, e->path, e->len, e->oid);
		if (cmp != 0) {
			/* unchanged: the same entry, copied rather than formatted */
			const mg_tree_path *r = &cs->result.v[cs->result.n - 1];
			mg_tree_path *b = &cs->base.v[cs->base.n++];
			b->path = mg_xstrndup(r->path, e->len);
			memcpy(b->oid, r->oid, sizeof(b->oid));
		}
	}
	for (; k < c->n; k++)
		base_add_old(cs, &c->v[k]);
	/* lint new migrations in version order (cross-file new tables) */
	mg_migpath_order_changes(cs, MG_FW_AUTO);
	cs->has_trees = 1;
}

/* The index file mg_git_index() opens: GIT_INDEX_FILE (which git sets for
 * a hook of `git commit -a` or `git commit PATH`; relative to the current
 * directory, as libgit2 and git read it), else the repository's own. */
static char *index_path(git_repository *repo)
{
	const char *ix = getenv("GIT_INDEX_FILE");

	if (ix && *ix)
		return mg_xstrdup(ix);
	return mg_xasprintf("%sindex", git_repository_path(repo));
}

/* FALLBACK when the fast way does not apply (cs untouched; *why says
 * why), else 0 or -1. */
static int staged_fast(git_repository *repo, const mg_pathfilter *pf, mg_changeset *cs,
		       char **err, char **why)
{
	git_diff_options o;
	char *spec[MG_GIT_NSPEC], *ipath, *ierr = NULL;
	git_object *head = NULL;
	git_config *cfg = NULL;
	mg_index idx;
	staged_ctx c;
	int rc, icase = 0;

	if (git_repository_head_unborn(repo) != 0 ||
	    git_repository_config_snapshot(&cfg, repo) < 0) {
		git_error_clear();
		*why = mg_xstrdup("no commit yet, or no configuration");
		return FALLBACK;
	}
	if (git_config_get_bool(&icase, cfg, "core.ignorecase") < 0)
		icase = 0;
	git_config_free(cfg);
	git_error_clear();
	if (icase || !(ipath = index_path(repo))) {
		*why = mg_xstrdup(icase ? "core.ignorecase" : "no index path");
		return FALLBACK;
	}
	rc = mg_index_read(&idx, ipath, &ierr);
	free(ipath);
	if (rc != MG_INDEX_OK) {
		*why = ierr;       /* libgit2 reads it, or says what is wrong */
		return FALLBACK;
	}
	if (idx.nconflicts || idx.nita) {
		*why = mg_xstrdup(idx.nconflicts ? "conflicts" : "intent-to-add entries");
		mg_index_free(&idx);
		return FALLBACK;
	}
	if (git_revparse_single(&head, repo, "HEAD^{tree}") < 0) {
		*err = mg_git_error("cannot resolve HEAD");
		mg_index_free(&idx);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.repo = repo;
	c.idx = &idx;
	c.pf = pf;
	mg_git_diff_opts(&o, spec);
	if (git_pathspec_new(&c.ps, &o.pathspec) < 0) {
		*err = mg_git_error("cannot diff the index against HEAD");
		rc = -1;
		goto out;
	}
	mg_buf_grow(&c.prefix, 256);
	c.prefix.ptr[0] = '\0';
	/* the root's cache-tree node valid with HEAD's id: nothing staged */
	if (!(idx.nt && idx.t[0].entry_count == (long)idx.n &&
	      !memcmp(idx.t[0].oid, git_object_id(head)->id, GIT_OID_RAWSZ)) &&
	    walk(&c, (git_tree *)head, 0, idx.n, idx.nt ? 0 : -1) < 0) {
		*err = mg_git_error("cannot compare the index with HEAD");
		rc = -1;
		goto out;
	}
	rc = add_changes(&c, (git_tree *)head, &o, cs, err);
	if (rc == 0)
		base_paths(&c, cs);
out:
	git_pathspec_free(c.ps);
	chg_free(&c);
	mg_buf_free(&c.prefix);
	git_object_free(head);
	mg_index_free(&idx);
	return rc;
}

int mg_git_staged(git_repository *repo, const mg_pathfilter *pf,
		  mg_changeset *cs, char **err)
{
	const char *test = getenv("MIGGUARD_TEST_STAGED_LIBGIT2");
	char *why = NULL;
	int rc;

	if (git_repository_is_bare(repo)) {
		*err = mg_xstrdup("--staged needs a repository with an index (this one is bare)");
		return -1;
	}
	/* tests: 1 takes the libgit2 way, 0 makes not taking the fast way
	 * an error */
	if (!test || strcmp(test, "1") != 0) {
		rc = staged_fast(repo, pf, cs, err, &why);
		if (rc != FALLBACK)
			return rc;
		if (test && !strcmp(test, "0")) {
			*err = mg_xasprintf("MIGGUARD_TEST_STAGED_LIBGIT2=0: the index is read "
					    "with libgit2 (%s)", why ? why : "?");
			free(why);
			return -1;
		}
		free(why);
	}
	return mg_git_staged_libgit2(repo, pf, cs, err);
}
