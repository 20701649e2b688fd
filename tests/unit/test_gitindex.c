/* test_gitindex.c - the index reader (gitindex.c) against index files
 * written by git itself: versions 2, 3 and 4, the cache-tree, flags,
 * conflicts, a split index; every prefix and many bit flips of a small
 * index give a result or an error, never a crash.  Skipped (77) without
 * git. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gitindex.h"
#include "util.h"
#include "testrepo.h"

static void hex(const unsigned char *raw, char out[41])
{
	int i;
	for (i = 0; i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
}

static int read_index(mg_index *idx)
{
	char *path = mg_xasprintf("%s/.git/index", dir), *err = NULL;
	int rc = mg_index_read(idx, path, &err);

	free(path);
	if (rc != MG_INDEX_OK)
		print_message("index: %s\n", err ? err : "?");
	free(err);
	return rc;
}

/* Every entry equals `git ls-files -s --debug`-free output: mode, oid,
 * stage, path, in order. */
static void same_as_ls_files(const mg_index *idx)
{
	char *full = mg_xasprintf("cd '%s' && git ls-files -s", dir), line[4096], h[41];
	FILE *f = popen(full, "r");
	size_t i = 0;

	free(full);
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char want[4200];
		line[strcspn(line, "\n")] = '\0';
		assert_true(i < idx->n);
		hex(idx->e[i].oid, h);
		snprintf(want, sizeof(want), "%06o %s %u\t%s", (unsigned)idx->e[i].mode, h,
			 (unsigned)idx->e[i].stage, idx->e[i].path);
		assert_string_equal(want, line);
		assert_int_equal(strlen(idx->e[i].path), idx->e[i].len);
		i++;
	}
	pclose(f);
	assert_int_equal(i, idx->n);
}

static void tree_oid_is(const mg_index *idx, long node, const char *rev)
{
	char h[41], *want = sh_out(rev);

	assert_true(node >= 0);
	assert_true(idx->t[node].entry_count >= 0);
	hex(idx->t[node].oid, h);
	assert_string_equal(h, want);
	free(want);
}

static int setup(void **state)
{
	char tmpl[] = "/tmp/mg-gitindex.XXXXXX";
	(void)state;
	if (!mkdtemp(tmpl))
		return -1;
	snprintf(dir, sizeof(dir), "%s", tmpl);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", dir, 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_WORK_TREE");
	sh("git init -q . && git config user.name T && git config user.email t@example.com && "
	   "git config core.splitIndex false && "
	   "mkdir -p db/migrations sub/deep src && "
	   "echo one >a.txt && echo 'CREATE TABLE t (id bigint);' >db/migrations/001_t.sql && "
	   "echo two >db/migrations/002_u.sql && echo x >sub/deep/x && echo y >sub/y && "
	   "echo z >src/z.c && ln -s a.txt link && chmod +x src/z.c && "
	   "git add -A && git commit -q -m init");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("cd / && rm -rf '%s'", dir);
	return 0;
}

static void v2_tree(void **state)
{
	mg_index idx;
	long db, mig, sub;
	size_t i;

	(void)state;
	sh("git update-index --index-version 2 && git reset -q");
	assert_int_equal(read_index(&idx), MG_INDEX_OK);
	assert_int_equal(idx.version, 2);
	same_as_ls_files(&idx);
	assert_int_equal(idx.nconflicts, 0);
	assert_int_equal(idx.nita, 0);
	for (i = 0; i < idx.n; i++)
		if (!strcmp(idx.e[i].path, "src/z.c"))
			assert_int_equal(idx.e[i].mode, 0100755);
		else if (!strcmp(idx.e[i].path, "link"))
			assert_int_equal(idx.e[i].mode, 0120000);
	/* the cache-tree of a fresh commit: every node valid */
	assert_true(idx.nt >= 6);
	assert_int_equal(idx.t[0].entry_count, (long)idx.n);
	tree_oid_is(&idx, 0, "git rev-parse HEAD^{tree}");
	db = mg_index_tree_child(&idx, 0, "db", 2);
	mig = mg_index_tree_child(&idx, db, "migrations", 10);
	sub = mg_index_tree_child(&idx, 0, "sub", 3);
	tree_oid_is(&idx, db, "git rev-parse HEAD:db");
	tree_oid_is(&idx, mig, "git rev-parse HEAD:db/migrations");
	tree_oid_is(&idx, mg_index_tree_child(&idx, sub, "deep", 4), "git rev-parse HEAD:sub/deep");
	assert_int_equal(idx.t[mig].entry_count, 2);
	assert_int_equal(idx.t[sub].entry_count, 2);
	assert_int_equal(idx.t[sub].nsub, 1);
	assert_int_equal(mg_index_tree_child(&idx, 0, "nope", 4), -1);
	assert_int_equal(mg_index_tree_child(&idx, 0, "d", 1), -1);
	/* the entries below db: 001 and 002 from the first db entry */
	for (i = 0; i < idx.n && strncmp(idx.e[i].path, "db/", 3); i++)
		;
	assert_int_equal(mg_index_dir_end(&idx, i, idx.n, "db", 2), i + 2);
	assert_int_equal(mg_index_dir_end(&idx, i, idx.n, "db/migrations", 13), i + 2);
	mg_index_free(&idx);

	/* staging a file invalidates its directories, not the others */
	sh("echo three >db/migrations/003_v.sql && git add db/migrations/003_v.sql");
	assert_int_equal(read_index(&idx), MG_INDEX_OK);
	same_as_ls_files(&idx);
	assert_int_equal(idx.t[0].entry_count, -1);
	db = mg_index_tree_child(&idx, 0, "db", 2);
	assert_int_equal(idx.t[db].entry_count, -1);
	assert_int_equal(idx.t[mg_index_tree_child(&idx, db, "migrations", 10)].entry_count, -1);
	tree_oid_is(&idx, mg_index_tree_child(&idx, 0, "sub", 3), "git rev-parse HEAD:sub");
	mg_index_free(&idx);
	sh("git rm -q --cached db/migrations/003_v.sql && rm db/migrations/003_v.sql");
}

static void v3_flags(void **state)
{
	mg_index idx;
	size_t i, nita = 0, nskip = 0;

	(void)state;
	sh("echo new >ita.txt && git add -N ita.txt && "
	   "git update-index --skip-worktree sub/y");
	assert_int_equal(read_index(&idx), MG_INDEX_OK);
	assert_int_equal(idx.version, 3);
	assert_int_equal(idx.nita, 1);
	for (i = 0; i < idx.n; i++) {
		if (idx.e[i].flags & MG_IDX_INTENT_TO_ADD) {
			assert_string_equal(idx.e[i].path, "ita.txt");
			nita++;
		}
		if (idx.e[i].flags & MG_IDX_SKIP_WORKTREE) {
			assert_string_equal(idx.e[i].path, "sub/y");
			nskip++;
		}
	}
	assert_int_equal(nita, 1);
	assert_int_equal(nskip, 1);
	mg_index_free(&idx);
	sh("git rm -q --cached ita.txt && rm ita.txt && git update-index --no-skip-worktree sub/y");
}

static void v4_paths(void **state)
{
	mg_index idx;

	(void)state;
	sh("git write-tree && git update-index --index-version 4");
	assert_int_equal(read_index(&idx), MG_INDEX_OK);
	assert_int_equal(idx.version, 4);
	same_as_ls_files(&idx);
	tree_oid_is(&idx, 0, "git rev-parse HEAD^{tree}");
	mg_index_free(&idx);
	sh("git update-index --index-version 2");
}

static void no_tree(void **state)
{
	mg_index idx;

	(void)state;
	sh("git ls-files -s >../ls.$$ && rm .git/index && git update-index --index-info <../ls.$$ && "
	   "rm ../ls.$$");
	assert_int_equal(read_index(&idx), MG_INDEX_OK);
	assert_int_equal(idx.nt, 0);
	assert_null(idx.t);
	same_as_ls_files(&idx);
	mg_index_free(&idx);
	sh("git reset -q");
}

static void conflicts(void **state)
{
	mg_index idx;
	char *blob = sh_out("git rev-parse :a.txt");

	(void)state;
	sh("printf '100644 %s 1\\tc.txt\\n100644 %s 2\\tc.txt\\n100644 %s 3\\tc.txt\\n' %s %s %s | "
	   "git update-index --index-info", "%s", "%s", "%s", blob, blob, blob);
	assert_int_equal(read_index(&idx), MG_INDEX_OK);
	assert_int_equal(idx.nconflicts, 3);
	same_as_ls_files(&idx);
	mg_index_free(&idx);
	sh("git rm -q --cached c.txt");
	free(blob);
}

static void split_index(void **state)
{
	mg_index idx;
	char *path = mg_xasprintf("%s/.git/index", dir), *err = NULL;

	(void)state;
	sh("git update-index --split-index");
	assert_int_equal(mg_index_read(&idx, path, &err), MG_INDEX_UNSUPPORTED);
	assert_string_equal(err, "index extension 'link' not supported");
	free(err);
	err = NULL;
	sh("git update-index --no-split-index");
	assert_int_equal(mg_index_read(&idx, path, &err), MG_INDEX_OK);
	mg_index_free(&idx);
	free(path);
	path = mg_xasprintf("%s/.git/no-such-index", dir);
	assert_int_equal(mg_index_read(&idx, path, &err), MG_INDEX_UNSUPPORTED);
	free(err);
	free(path);
}

/* Every prefix, and bit flips, of real indexes: a result or an error. */
static void parse_all(const unsigned char *buf, size_t len, int *nok)
{
	mg_index idx;
	char *err = NULL;
	int rc = mg_index_parse(&idx, buf, len, &err);

	if (rc == MG_INDEX_OK) {
		size_t i;
		assert_null(err);
		for (i = 0; i < idx.n; i++)
			assert_int_equal(strlen(idx.e[i].path), idx.e[i].len);
		(*nok)++;
		mg_index_free(&idx);
	} else {
		assert_true(rc == MG_INDEX_ERROR || rc == MG_INDEX_UNSUPPORTED);
		assert_non_null(err);
		free(err);
	}
}

static void corrupt_version(int version)
{
	char *path = mg_xasprintf("%s/.git/index", dir), *data = NULL;
	unsigned char *buf;
	size_t len = 0, i;
	int bit, nok = 0;

	sh("git update-index --index-version %d", version);
	assert_int_equal(mg_read_file(path, &data, &len), 0);
	for (i = 0; i <= len; i++) {
		/* an exact-size copy: reads past it are caught by valgrind/ASan */
		buf = mg_xmalloc(i ? i : 1);
		memcpy(buf, data, i);
		parse_all(buf, i, &nok);
		free(buf);
	}
	assert_true(nok >= 1);            /* the whole file */
	buf = mg_xmalloc(len);
	for (i = 0; i < len; i++)
		for (bit = 0; bit < 8; bit += 3) {
			memcpy(buf, data, len);
			buf[i] ^= (unsigned char)(1u << bit);
			parse_all(buf, len, &nok);
		}
	free(buf);
	free(data);
	free(path);
	sh("git update-index --index-version 2");
}

static void corrupt(void **state)
{
	(void)state;
	corrupt_version(2);
	corrupt_version(3);
	corrupt_version(4);
}

static void hand_made(void **state)
{
	static const unsigned char bad_version[32] = "DIRC\0\0\0\5\0\0\0\0";
	static const unsigned char huge_count[32] = "DIRC\0\0\0\2\xff\xff\xff\xff";
	static const unsigned char empty[32] = "DIRC\0\0\0\2\0\0\0\0";
	mg_index idx;
	char *err = NULL;

	(void)state;
	assert_int_equal(mg_index_parse(&idx, bad_version, sizeof(bad_version), &err),
			 MG_INDEX_UNSUPPORTED);
	free(err);
	assert_int_equal(mg_index_parse(&idx, huge_count, sizeof(huge_count), &err),
			 MG_INDEX_ERROR);
	assert_string_equal(err, "index entry count larger than the file");
	free(err);
	assert_int_equal(mg_index_parse(&idx, (const unsigned char *)"DIRX", 4, &err),
			 MG_INDEX_ERROR);
	free(err);
	assert_int_equal(mg_index_parse(&idx, empty, sizeof(empty), &err), MG_INDEX_OK);
	assert_int_equal(idx.n, 0);
	mg_index_free(&idx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_made),
		cmocka_unit_test(v2_tree),
		cmocka_unit_test(v3_flags),
		cmocka_unit_test(v4_paths),
		cmocka_unit_test(no_tree),
		cmocka_unit_test(conflicts),
		cmocka_unit_test(split_index),
		cmocka_unit_test(corrupt),
	};

	if (system("git --version >/dev/null 2>&1") != 0)
		return 77;
	return cmocka_run_group_tests(tests, setup, teardown);
}
