#!/bin/sh
# staged.sh - check --staged: the fast path (gitindex.c, gitstaged.c) gives
# exactly the output of the libgit2 path (MIGGUARD_TEST_STAGED_LIBGIT2=1)
# in every scenario; MIGGUARD_TEST_STAGED_LIBGIT2=0 shows which path ran.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

B="$T/base"
git init -q "$B"
mkdir -p "$B/db/migrations" "$B/db/legacy/migrations" "$B/app/migrations" "$B/src/deep/er" "$B/docs"
for i in 001 002 003 004; do
	printf 'CREATE TABLE t%s (id int);\n' "$i" >"$B/db/migrations/${i}_t$i.sql"
done
printf 'CREATE TABLE o1 (id bigint);\n' >"$B/db/legacy/migrations/001_o1.sql"
printf 'CREATE TABLE o2 (id bigint);\n' >"$B/db/legacy/migrations/002_o2.sql"
printf 'from django.db import migrations\n' >"$B/app/migrations/0001_initial.py"
for i in 1 2 3 4 5; do
	echo "file $i" >"$B/src/f$i.txt"
	echo "deep $i" >"$B/src/deep/er/d$i.txt"
	echo "doc $i" >"$B/docs/d$i.md"
done
# names that sort around a directory "a/" in git's order
mkdir -p "$B/db/migrations/a-b" "$B/db/migrations/a" "$B/db/migrations/a0"
printf 'CREATE TABLE ab1 (id bigint);\n' >"$B/db/migrations/a-b/001_ab1.sql"
printf 'CREATE TABLE a1 (id bigint);\n' >"$B/db/migrations/a/001_a1.sql"
printf 'CREATE TABLE m (id bigint);\n' >"$B/db/migrations/a.sql"
printf 'CREATE TABLE y (id bigint);\n' >"$B/db/migrations/a0/001_y.sql"
git -C "$B" add -A
git -C "$B" commit -q -m base

# scenario NAME: a fresh copy of the base repository in $R
scenario() {
	name=$1
	R="$T/$name"
	cp -a "$B" "$R"
}

# same WAY: the output and exit status of the default path equal the
# libgit2 path's; WAY fast: the fast path ran, libgit2: it did not
same() {
	ntests=$((ntests + 1))
	(cd "$R" && MIGGUARD_TEST_STAGED_LIBGIT2=1 "$MIGGUARD" check --staged --format json) \
		>"$T/old.out" 2>"$T/old.err"
	orc=$?
	(cd "$R" && "$MIGGUARD" check --staged --format json) >"$T/new.out" 2>"$T/new.err"
	nrc=$?
	if [ "$orc" -eq "$nrc" ] && cmp -s "$T/old.out" "$T/new.out" &&
	   cmp -s "$T/old.err" "$T/new.err"; then
		ok "$name: same output as libgit2 (exit $nrc)"
	else
		rc=$nrc out=$(cat "$T/new.out") err=$(cat "$T/new.err")
		fail "$name: output differs from libgit2's (exit $orc)"
		diff "$T/old.out" "$T/new.out" | head -20
	fi
	ntests=$((ntests + 1))
	(cd "$R" && MIGGUARD_TEST_STAGED_LIBGIT2=0 "$MIGGUARD" check --staged --format json) \
		>"$T/strict.out" 2>"$T/strict.err"
	src=$?
	# the fallback message of MIGGUARD_TEST_STAGED_LIBGIT2=0 (exit 2; other
	# errors, e.g. a symbolic link, also exit 2)
	fb=0
	grep -q 'MIGGUARD_TEST_STAGED_LIBGIT2=0: the index is read with libgit2' "$T/strict.err" && fb=1
	case "$1,$fb,$src" in
	fast,0,"$nrc") ok "$name: the fast path ran" ;;
	libgit2,1,2) ok "$name: read with libgit2" ;;
	*) rc=$src out=$(cat "$T/strict.out") err=$(cat "$T/strict.err")
		fail "$name: expected the $1 path" ;;
	esac
	rc=$nrc out=$(cat "$T/new.out") err=$(cat "$T/new.err")
}

g() { git -C "$R" "$@"; }

scenario nothing
same fast
expect_out '"files_checked": 0' "nothing staged: no file"

scenario add
printf 'CREATE INDEX i ON t001 (id);\n' >"$R/db/migrations/005_i.sql"
g add db/migrations/005_i.sql
same fast
expect_out '"path": "db/migrations/005_i.sql"' "add: the new migration is checked"

scenario modify
printf 'ALTER TABLE t001 ADD COLUMN x int NOT NULL;\n' >>"$R/db/migrations/001_t001.sql"
g add -u
same fast
expect_out '"rule": "migration-edited"' "modify: migration-edited"

scenario delete
g rm -q db/migrations/003_t003.sql
same fast
expect_out '"rule": "migration-deleted"' "delete: migration-deleted"

scenario rename
g mv db/migrations/002_t002.sql db/migrations/005_t002.sql
same fast
expect_out '"rule": "migration-renamed"' "rename: migration-renamed"

scenario rename-edit
g mv db/migrations/002_t002.sql db/migrations/005_t002.sql
printf -- '-- note\n' >>"$R/db/migrations/005_t002.sql"
printf 'CREATE TABLE n (id bigint);\n' >"$R/db/migrations/006_n.sql"
g add -A
same fast

scenario delete-dir
g rm -q -r db/legacy
same fast
expect_out '"path": "db/legacy/migrations/002_o2.sql"' "delete a whole migration directory"

scenario move-dir
g mv db/legacy db/older
same fast

scenario typechange
rm "$R/db/migrations/004_t004.sql"
ln -s 001_t001.sql "$R/db/migrations/004_t004.sql"
g add -A
same fast
expect_out '"path": "db/migrations/004_t004.sql"' "typechange: file to symlink"

scenario exec-bit
g update-index --chmod=+x db/migrations/001_t001.sql
same fast
expect_out '"path": "db/migrations/001_t001.sql"' "executable bit"

scenario untouched-dir
echo changed >"$R/src/deep/er/d3.txt"
echo new >"$R/docs/new.md"
g add -A
same fast
expect_out '"files_checked": 0' "no migration in the change"

scenario sql-elsewhere
mkdir -p "$R/src/deep/er/sql"
printf 'DROP TABLE t001;\n' >"$R/src/deep/er/sql/x.sql"
g add -A
same fast

scenario django
printf 'from django.db import migrations\n# two\n' >"$R/app/migrations/0002_two.py"
printf 'from django.db import migrations\n# edited\n' >"$R/app/migrations/0001_initial.py"
g add -A
same fast

scenario file-to-dir
g rm -q db/migrations/004_t004.sql
mkdir -p "$R/db/migrations/004_t004.sql"
printf 'CREATE TABLE z (id bigint);\n' >"$R/db/migrations/004_t004.sql/up.sql"
g add -A
same fast

scenario symlink-submodule
ln -s 001_t001.sql "$R/db/migrations/009_link.sql"
g add db/migrations/009_link.sql
g update-index --add --cacheinfo "160000,$(g rev-parse HEAD),db/migrations/010_sub"
same fast
expect_out '"path": "db/migrations/009_link.sql"' "symlink in a migration directory"

scenario skip-worktree
g update-index --skip-worktree db/migrations/001_t001.sql
printf 'CREATE TABLE s (id bigint);\n' >"$R/db/migrations/007_s.sql"
g add db/migrations/007_s.sql
same fast

scenario index-v4
printf 'CREATE TABLE v4 (id int);\n' >"$R/db/migrations/005_v4.sql"
g add db/migrations/005_v4.sql
g rm -q db/migrations/003_t003.sql
g update-index --index-version 4
same fast
expect_out '"path": "db/migrations/005_v4.sql"' "index version 4"

scenario no-cache-tree
printf 'CREATE TABLE nc (id int);\n' >"$R/db/migrations/005_nc.sql"
g add db/migrations/005_nc.sql
g ls-files -s >"$T/ls"
rm "$R/.git/index"
g update-index --index-info <"$T/ls"
same fast
expect_out '"path": "db/migrations/005_nc.sql"' "index without a cache-tree"

scenario index-file
printf 'CREATE TABLE f (id int);\n' >"$R/db/migrations/005_f.sql"
cp "$R/.git/index" "$T/other-index"
GIT_INDEX_FILE="$T/other-index" git -C "$R" add db/migrations/005_f.sql
export GIT_INDEX_FILE="$T/other-index"
same fast
expect_out '"path": "db/migrations/005_f.sql"' "GIT_INDEX_FILE is the index read"
unset GIT_INDEX_FILE

scenario order
printf 'CREATE TABLE ab2 (id int);\n' >"$R/db/migrations/a-b/002_ab2.sql"
printf 'DROP TABLE m;\n' >"$R/db/migrations/a.sql"
printf 'CREATE TABLE a2 (id int);\n' >"$R/db/migrations/a/002_a2.sql"
g add -A
same fast
expect_out '"path": "db/migrations/a/002_a2.sql"' "order: a new file in a/"
g rm -q db/migrations/a0/001_y.sql
same fast
expect_out '"path": "db/migrations/a0/001_y.sql"' "order: deleted next to changed siblings"

scenario extensions
g config index.recordEndOfIndexEntries true
g config index.recordOffsetTable true
g config index.threads 2
g config core.untrackedCache true
printf 'CREATE TABLE e (id int);\n' >"$R/db/migrations/005_e.sql"
g add -A
g update-index --untracked-cache
g status >/dev/null
same fast
expect_out '"path": "db/migrations/005_e.sql"' "EOIE, IEOT and UNTR extensions are skipped"

scenario worktree
g worktree add -q "$T/wt" >/dev/null 2>&1
printf 'CREATE TABLE w (id int);\n' >"$T/wt/db/migrations/005_w.sql"
git -C "$T/wt" add -A
R="$T/wt"
same fast
expect_out '"path": "db/migrations/005_w.sql"' "a linked worktree's own index"

# a directory per migration (Prisma, Diesel): many cache-tree siblings,
# names of different lengths (the cache-tree lists them by length first)
scenario dir-per-migration
for d in 1_a 10_b 2_c 20_dd 3 3-x 3.y 30_long_name 4_e 5 50_f; do
	mkdir -p "$R/prisma/migrations/$d"
	printf 'CREATE TABLE p%s (id bigint);\n' "$(echo "$d" | tr -c 'a-z0-9\n' _)" \
		>"$R/prisma/migrations/$d/migration.sql"
done
g add -A
g commit -q -m prisma
printf 'CREATE TABLE q (id int);\n' >"$R/prisma/migrations/3-x/migration.sql"
mkdir -p "$R/prisma/migrations/31_new"
printf 'CREATE TABLE n (id int);\n' >"$R/prisma/migrations/31_new/migration.sql"
printf -- '-- edited\n' >>"$R/prisma/migrations/50_f/migration.sql"
g add -A
same fast
expect_out '"path": "prisma/migrations/3-x/migration.sql"' "dir per migration: edited"
expect_out '"path": "prisma/migrations/31_new/migration.sql"' "dir per migration: added"
expect_out '"path": "prisma/migrations/50_f/migration.sql"' "dir per migration: last one edited"

scenario intent-to-add
printf 'CREATE TABLE ita (id int);\n' >"$R/db/migrations/005_ita.sql"
g add -N db/migrations/005_ita.sql
same libgit2

scenario split-index
printf 'CREATE TABLE sp (id int);\n' >"$R/db/migrations/005_sp.sql"
g update-index --split-index
g add db/migrations/005_sp.sql
same libgit2
expect_rc 2 "split index: libgit2 1.5 cannot read it either"

scenario conflict
g checkout -q -b other
printf 'CREATE TABLE c1 (id int);\n' >"$R/db/migrations/005_c.sql"
g add -A
g commit -q -m other
g checkout -q -
printf 'CREATE TABLE c2 (id int);\n' >"$R/db/migrations/005_c.sql"
g add -A
g commit -q -m main
g merge -q other >/dev/null 2>&1
same libgit2

R="$T/unborn"
name=unborn
git init -q "$R"
mkdir -p "$R/db/migrations"
printf 'CREATE TABLE u (id int);\n' >"$R/db/migrations/001_u.sql"
g add -A
same libgit2
expect_out '"path": "db/migrations/001_u.sql"' "no commit yet"

R="$T/noindex"
name=noindex
new_repo "$R"
rm -f "$R/.git/index"
same libgit2

finish
