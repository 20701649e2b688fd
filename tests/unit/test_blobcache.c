/* test_blobcache.c - the blob cache (blobcache.c): a blob looked up twice
 * is read once, references keep blobs, unreferenced ones go beyond the
 * budget (least recently released first), the cache can go before its
 * blobs; loose, packed and delta objects come NUL-terminated without a
 * copy (the sanitizers and valgrind see a read past them); and the git
 * sources read each blob once for a range, its commits' own changes,
 * --each-commit and the refs of a push.  Repositories are made with git; skipped (77) without. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "blobcache.h"
#include "changeset.h"
#include "gitpush.h"
#include "gitsrc.h"
#include "util.h"
#include "testrepo.h"

/* The object id a shell command prints. */
static git_oid sh_oid(const char *cmd)
{
	char *line = sh_out(cmd);
	git_oid id;

	assert_int_equal(git_oid_fromstrn(&id, line, GIT_OID_HEXSZ), 0);
	free(line);
	return id;
}

/* A blob of the given content, written loose. */
static git_oid put_blob(const char *name, const char *content)
{
	FILE *f;
	char *path = mg_xasprintf("%s/%s", dir, name), *cmd;
	git_oid id;

	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	cmd = mg_xasprintf("git hash-object -w '%s'", name);
	id = sh_oid(cmd);
	free(cmd);
	free(path);
	return id;
}

static git_repository *repo;
static git_odb *odb;

static void open_repo(void)
{
	git_repository_free(repo);
	git_odb_free(odb);
	assert_int_equal(git_repository_open(&repo, dir), 0);
	assert_int_equal(git_repository_odb(&odb, repo), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "%s/mg-blobcache-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	git_libgit2_init();
	sh("git init -q . && git config user.name t && git config user.email t@example.com");
	open_repo();
	return 0;
}

static int teardown(void **state)
{
	char *cmd = mg_xasprintf("rm -rf '%s'", dir);
	(void)state;
	git_odb_free(odb);
	git_repository_free(repo);
	git_libgit2_shutdown();
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
	return 0;
}

static void read_once(void **state)
{
	mg_blobcache *c = mg_blobcache_new(1 << 20);
	git_oid a = put_blob("a.sql", "CREATE TABLE a (id int);\n");
	mg_blob *b1 = NULL, *b2 = NULL;
	mg_blobcache_stats st;

	(void)state;
	open_repo();
	assert_null(mg_blobcache_find(c, &a));
	assert_int_equal(mg_blobcache_get(c, odb, &a, &b1), 0);
	assert_int_equal(mg_blobcache_get(c, odb, &a, &b2), 0);
	assert_ptr_equal(b1, b2);
	assert_int_equal(b1->len, 25);
	assert_memory_equal(b1->data, "CREATE TABLE a (id int);\n", 26); /* with the NUL */
	mg_blobcache_get_stats(c, &st);
	assert_int_equal(st.reads, 1);
	assert_int_equal(st.hits, 1);
	assert_int_equal(st.nblobs, 1);
	assert_int_equal(st.bytes, 25);
	assert_int_equal(st.idle_bytes, 0);
	mg_blob_unref(b1);
	mg_blobcache_get_stats(c, &st);
	assert_int_equal(st.idle_bytes, 0);         /* b2 still holds it */
	mg_blob_unref(b2);
	mg_blobcache_get_stats(c, &st);
	assert_int_equal(st.idle_bytes, 25);        /* kept, nobody's */
	assert_int_equal(st.nblobs, 1);
	b1 = mg_blobcache_find(c, &a);              /* back in use, not read */
	assert_non_null(b1);
	mg_blobcache_get_stats(c, &st);
	assert_int_equal(st.reads, 1);
	assert_int_equal(st.hits, 2);
	assert_int_equal(st.idle_bytes, 0);
	assert_ptr_equal(mg_blob_ref(b1), b1);
	mg_blob_unref(b1);
	mg_blob_unref(b1);
	mg_blob_unref(NULL);
	mg_blobcache_free(c);
}

static void eviction(void **state)
{
	char big[61];
	git_oid x, y, z;
	mg_blob *bx, *by, *bz, *again;
	mg_blobcache *c = mg_blobcache_new(100);
	mg_blobcache_stats st;

	(void)state;
	memset(big, 'x', 60);
	big[60] = '\0';
	x = put_blob("x.sql", big);
	big[0] = 'y';
	y = put_blob("y.sql", big);
	big[0] = 'z';
	z = put_blob("z.sql", big);
	open_repo();
	assert_int_equal(mg_blobcache_get(c, odb, &x, &bx), 0);
	assert_int_equal(mg_blobcache_get(c, odb, &y, &by), 0);
	assert_int_equal(mg_blobcache_get(c, odb, &z, &bz), 0);
	/* 180 bytes referenced: over the budget, nothing goes */
	mg_blobcache_get_stats(c, &st);
	assert_int_equal(st.bytes, 180);
	assert_int_equal(st.evictions, 0);
	mg_blob_unref(bx);                          /* 60 idle: kept */
	mg_blob_unref(by);                          /* 120 idle: x goes */
	mg_blobcache_get_stats(c, &st);
	assert_int_equal(st.evictions, 1);
	assert_int_equal(st.idle_bytes, 60);
	assert_int_equal(st.nblobs, 2);
	assert_null(mg_blobcache_find(c, &x));
	again = mg_blobcache_find(c, &y);           /* the last released stays */
	assert_ptr_equal(again, by);
	mg_blob_unref(again);
	mg_blob_unref(bz);                          /* y released before z: y goes */
	assert_null(mg_blobcache_find(c, &y));
	again = mg_blobcache_find(c, &z);
	assert_ptr_equal(again, bz);
	/* read again after an eviction: a second read */
	assert_int_equal(mg_blobcache_get(c, odb, &x, &bx), 0);
	mg_blobcache_get_stats(c, &st);
	assert_int_equal(st.reads, 4);
	assert_int_equal(st.evictions, 2);
	/* the cache goes first; its blobs in use live on */
	mg_blobcache_free(c);
	assert_memory_equal(bx->data, "x", 1);
	assert_int_equal(bx->data[60], '\0');
	mg_blob_unref(bx);
	mg_blob_unref(again);

	/* budget 0: nothing unreferenced is kept */
	c = mg_blobcache_new(0);
	assert_int_equal(mg_blobcache_get(c, odb, &x, &bx), 0);
	mg_blob_unref(bx);
	mg_blobcache_get_stats(c, &st);
	assert_int_equal(st.nblobs, 0);
	assert_int_equal(st.evictions, 1);
	mg_blobcache_free(c);
}

static void many(void **state)
{
	/* the table grows past its first size, every blob still found */
	mg_blobcache *c = mg_blobcache_new((size_t)1 << 20);
	mg_blob **v = mg_xcalloc(600, sizeof(*v));
	git_oid *ids = mg_xcalloc(600, sizeof(*ids));
	mg_blobcache_stats st;
	FILE *f;
	char *path = mg_xasprintf("%s/many.sh", dir);
	int i;

	(void)state;
	f = fopen(path, "w");
	assert_non_null(f);
	for (i = 0; i < 600; i++)
		fprintf(f, "echo 'SELECT %d;' | git hash-object -w --stdin\n", i);
	fclose(f);
	{
		char *cmd = mg_xasprintf("cd '%s' && sh many.sh", dir), line[128];
		FILE *p = popen(cmd, "r");
		assert_non_null(p);
		for (i = 0; i < 600 && fgets(line, sizeof(line), p); i++)
			assert_int_equal(git_oid_fromstrn(&ids[i], line, GIT_OID_HEXSZ), 0);
		pclose(p);
		free(cmd);
		assert_int_equal(i, 600);
	}
	open_repo();
	for (i = 0; i < 600; i++)
		assert_int_equal(mg_blobcache_get(c, odb, &ids[i], &v[i]), 0);
	for (i = 0; i < 600; i++) {
		char want[32];
		mg_blob *b = mg_blobcache_find(c, &ids[i]);
		snprintf(want, sizeof(want), "SELECT %d;\n", i);
		assert_ptr_equal(b, v[i]);
		assert_string_equal(b->data, want);
		mg_blob_unref(b);
		if (i % 2)
			mg_blob_unref(v[i]);
	}
	mg_blobcache_get_stats(c, &st);
	assert_int_equal(st.reads, 600);
	assert_int_equal(st.nblobs, 600);
	mg_blobcache_free(c);                       /* 300 idle freed, 300 live on */
	for (i = 0; i < 600; i += 2)
		mg_blob_unref(v[i]);
	free(v);
	free(ids);
	free(path);
}

static void errors(void **state)
{
	mg_blobcache *c = mg_blobcache_new(1 << 20);
	git_oid missing, tree;
	mg_blob *b = (mg_blob *)1;
	const git_error *e;
	mg_blobcache_stats st;

	(void)state;
	put_blob("e.sql", "SELECT 1;\n");
	sh("git add e.sql");
	tree = sh_oid("git write-tree");
	open_repo();
	assert_int_equal(git_oid_fromstr(&missing, "0123456789012345678901234567890123456789"), 0);
	assert_int_equal(mg_blobcache_get(c, odb, &missing, &b), -1);
	assert_null(b);
	assert_int_equal(mg_blobcache_get(c, odb, &tree, &b), -1);
	assert_null(b);
	e = git_error_last();
	assert_non_null(e);
	assert_string_equal(e->message, "the requested type does not match the type in the ODB");
	mg_blobcache_get_stats(c, &st);
	assert_int_equal(st.nblobs, 0);
	mg_blobcache_free(c);
	mg_blobcache_free(NULL);
}

/* Pseudo-random text: zlib cannot shrink it much, a delta can. */
static char *noise(size_t n, unsigned seed)
{
	char *s = mg_xmalloc(n + 1);
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		s[i] = (i % 64 == 63) ? '\n' : (char)('a' + (seed >> 16) % 26);
	}
	s[n] = '\0';
	return s;
}

/* Each blob's content read without a cache (no copy) and ended by a NUL
 * the sanitizers and valgrind accept as inside the buffer. */
static void check_read(const git_oid *id, const char *want, size_t len)
{
	mg_blob *b = NULL;

	assert_int_equal(mg_blobcache_get(NULL, odb, id, &b), 0);
	assert_int_equal(b->len, len);
	assert_memory_equal(b->data, want, len);
	assert_int_equal(b->data[b->len], '\0');
	if (len >= MG_BLOB_COPY_MAX)
		assert_non_null(b->obj);            /* libgit2's buffer, not a copy */
	else
		assert_ptr_equal(b->data, b->copy); /* a small one: copied */
	mg_blob_unref(b);
}

static void nul_terminated(void **state)
{
	size_t n = 64 * 1024;
	char *base = noise(n, 1), *near = mg_xstrdup(base);
	git_oid ib, in, ie;
	long packsize = 0;

	(void)state;
	memcpy(near + 1000, "CHANGED", 7);
	ib = put_blob("base.sql", base);
	in = put_blob("near.sql", near);
	ie = put_blob("empty.sql", "");
	open_repo();
	/* loose */
	check_read(&ib, base, n);
	check_read(&in, near, n);
	check_read(&ie, "", 0);
	/* packed, one of the two a delta against the other */
	sh("git add base.sql near.sql empty.sql && git commit -q -m t && git repack -adq && git prune");
	{
		char *cmd = mg_xasprintf("cd '%s' && cat .git/objects/pack/*.pack | wc -c", dir);
		FILE *p = popen(cmd, "r");
		assert_non_null(p);
		assert_int_equal(fscanf(p, "%ld", &packsize), 1);
		pclose(p);
		free(cmd);
	}
	assert_true(packsize < (long)(n + n / 2));  /* a delta, not two blobs */
	open_repo();
	/* the delta first (its base goes into libgit2's delta base cache),
	 * then the base (copied from that cache), then both again */
	check_read(&in, near, n);
	check_read(&ib, base, n);
	check_read(&in, near, n);
	check_read(&ib, base, n);
	check_read(&ie, "", 0);
	free(base);
	free(near);
}

/* Commits changing db/migrations/1.sql: a range from the root reads each
 * version once for the net diff and the commits' own changes, and
 * --each-commit reads nothing more. */
static void sources_read_once(void **state)
{
	mg_blobcache *c = mg_blobcache_new(1 << 20);
	mg_pathfilter pf = { NULL, 0, NULL, 0 };
	mg_changeset cs;
	mg_blobcache_stats st;
	char *err = NULL;
	size_t i, loads = 0;

	(void)state;
	sh("mkdir -p db/migrations && echo 'CREATE TABLE t (id int);' > db/migrations/1.sql && "
	   "git add db && git commit -q -m one && git tag root && "
	   "echo 'CREATE TABLE t (id bigint);' > db/migrations/1.sql && git commit -qam two && "
	   "echo 'CREATE TABLE t (id text);' > db/migrations/1.sql && "
	   "echo 'SELECT 2;' > db/migrations/2.sql && git add db && git commit -qm three");
	open_repo();
	mg_changeset_init(&cs);
	cs.blobs = c;
	assert_int_equal(mg_git_range(repo, "root..HEAD", &pf, &cs, &err), 0);
	assert_int_equal(cs.nfiles, 2);
	for (i = 0; i < cs.nfiles; i++)
		loads += (cs.files[i].blob != NULL) + (cs.files[i].old_blob != NULL);
	assert_int_equal(cs.ncommits, 2);
	for (i = 0; i < cs.ncommits; i++) {
		size_t j;
		assert_non_null(cs.commits[i].own);
		for (j = 0; j < cs.commits[i].own->nfiles; j++) {
			const mg_file_change *f = &cs.commits[i].own->files[j];
			loads += (f->blob != NULL) + (f->old_blob != NULL);
		}
	}
	/* net diff: 1.sql v1 -> v3, 2.sql; own: v2 -> v3 and 2.sql, v1 -> v2 */
	assert_int_equal(loads, 3 + 3 + 2);
	mg_blobcache_get_stats(c, &st);
	assert_int_equal(st.reads, 4);              /* v1, v2, v3, 2.sql */
	assert_string_equal(cs.files[0].data, "CREATE TABLE t (id text);\n");
	assert_string_equal(cs.files[0].old_data, "CREATE TABLE t (id int);\n");
	/* the net diff's new 1.sql is the newest commit's own */
	for (i = 0; i < cs.commits[0].own->nfiles; i++)
		if (!strcmp(cs.commits[0].own->files[i].path, "db/migrations/1.sql"))
			assert_ptr_equal(cs.commits[0].own->files[i].data, cs.files[0].data);
	for (i = cs.ncommits; i-- > 0;) {
		mg_changeset one;
		mg_changeset_init(&one);
		one.blobs = c;
		assert_int_equal(mg_git_one_commit(repo, cs.commits[i].oid, &pf, &one, &err), 0);
		mg_changeset_free(&one);
	}
	mg_blobcache_get_stats(c, &st);
	assert_int_equal(st.reads, 4);
	mg_changeset_free(&cs);
	mg_blobcache_get_stats(c, &st);
	assert_int_equal(st.idle_bytes, st.bytes);  /* all released, kept */
	mg_blobcache_free(c);

	/* no cache: each change set reads its own, freed with it */
	mg_changeset_init(&cs);
	assert_int_equal(mg_git_range(repo, "root..HEAD", &pf, &cs, &err), 0);
	assert_non_null(cs.files[0].blob);
	assert_string_equal(cs.files[0].data, "CREATE TABLE t (id text);\n");
	mg_changeset_free(&cs);

	/* a push of two refs at one tip: the second reads nothing */
	{
		git_oid root = sh_oid("git rev-parse root"), head = sh_oid("git rev-parse HEAD");
		char r[GIT_OID_HEXSZ + 1], h[GIT_OID_HEXSZ + 1], *in;
		mg_push push;
		size_t k, n = 0, reads[2];

		git_oid_tostr(r, sizeof(r), &root);
		git_oid_tostr(h, sizeof(h), &head);
		in = mg_xasprintf("%s %s refs/heads/main\n%s %s refs/heads/b2\n", r, h, r, h);
		assert_int_equal(mg_push_parse(in, strlen(in), &push, &err), 0);
		c = mg_blobcache_new(1 << 20);
		for (k = 0; k < 2; k++) {
			mg_changeset_init(&cs);
			cs.blobs = c;
			assert_int_equal(mg_git_push_ref(repo, &push, k, &pf, &cs, &n, &err), 0);
			assert_int_equal(n, 2);
			assert_int_equal(cs.nfiles, 2);
			mg_changeset_free(&cs);
			mg_blobcache_get_stats(c, &st);
			reads[k] = st.reads;
		}
		assert_int_equal(reads[0], 4);
		assert_int_equal(reads[1], 4);
		mg_blobcache_free(c);
		mg_push_free(&push);
		free(in);
	}

	/* over migguard.maxFileSize: not loaded, from the cache or not */
	c = mg_blobcache_new(1 << 20);
	for (i = 0; i < 2; i++) {
		mg_changeset_init(&cs);
		cs.blobs = c;
		cs.max_file_size = 10;
		assert_int_equal(mg_git_range(repo, "root..HEAD", &pf, &cs, &err), 0);
		assert_null(cs.files[0].data);
		assert_null(cs.files[0].blob);
		assert_non_null(cs.files[0].unavailable);
		assert_non_null(cs.files[1].data);      /* 2.sql: 10 bytes */
		mg_changeset_free(&cs);
		if (i == 0) {
			/* the second time from the cache: load v3 into it */
			mg_blob *b = NULL;
			git_oid v3 = sh_oid("git rev-parse HEAD:db/migrations/1.sql");
			assert_int_equal(mg_blobcache_get(c, odb, &v3, &b), 0);
			mg_blob_unref(b);
		}
	}
	mg_blobcache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_once),
		cmocka_unit_test(eviction),
		cmocka_unit_test(many),
		cmocka_unit_test(errors),
		cmocka_unit_test(nul_terminated),
		cmocka_unit_test(sources_read_once),
	};

	if (system("git --version >/dev/null 2>&1") != 0)
		return 77;
	return cmocka_run_group_tests(tests, setup, teardown);
}
