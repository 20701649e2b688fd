#!/bin/sh
# parse-cache.sh - pre-receive parses a blob once for all the refs of a push
# (src/lint.c, mg_parse_cache): the same blob in two refs where it means
# different things (its table new in one, not in the other) gets each ref's
# own findings, whichever ref comes first.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

S="$T/server.git"
C="$T/client"
git init -q --bare "$S"
git init -q "$C"

commit() { # commit FILE CONTENT MSG
	mkdir -p "$(dirname "$C/$1")"
	printf "$2" >"$C/$1"
	git -C "$C" add "$1"
	git -C "$C" commit -q -m "$3"
}

# over MG_PARSE_CACHE_MIN_LEN (512) bytes, so the cache keeps its parse
pad=$(printf '%0600d' 0 | tr 0 -)
idx="CREATE INDEX i ON t (x);\\n-- $pad\\n"
commit README 'readme\n' "root"
root=$(git -C "$C" rev-parse HEAD)
# main: t already exists on the server, the push adds the index on it
commit db/migrations/001_t.sql 'CREATE TABLE t (x bigint);\n' "table"
base=$(git -C "$C" rev-parse HEAD)
commit db/migrations/002_idx.sql "$idx" "index on an old table"
upd=$(git -C "$C" rev-parse HEAD)
# feature: a new branch from the root creating t and its index together
git -C "$C" checkout -q -b feature "$root"
commit db/migrations/001_t.sql 'CREATE TABLE t (x bigint);\n' "table, on feature"
commit db/migrations/002_idx.sql "$idx" "index on a new table"
feat=$(git -C "$C" rev-parse HEAD)
# the same migrations on a branch with its tag, and a second branch: the
# tag and the branch bring the same blobs
git -C "$C" tag -a -m "v1" v1 "$feat"
tag=$(git -C "$C" rev-parse v1)
if [ "$(git -C "$C" rev-parse "$upd:db/migrations/002_idx.sql")" != \
     "$(git -C "$C" rev-parse "$feat:db/migrations/002_idx.sql")" ]; then
	echo "setup: the index file is not one blob in both refs"
	exit 1
fi

# the server has every object; main is at base, feature does not exist
git -C "$C" push -q "$S" main feature v1 2>/dev/null
git -C "$S" update-ref refs/heads/main "$base"
git -C "$S" update-ref -d refs/heads/feature
git -C "$S" update-ref -d refs/tags/v1
z=0000000000000000000000000000000000000000

pre_receive() { # stdin lines
	rc=0
	(cd "$S" && printf "$1" | "$MIGGUARD" pre-receive) >"$T/out" 2>"$T/err" || rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}
finding="db/migrations/002_idx.sql:1:1: error: CREATE INDEX without CONCURRENTLY takes a SHARE lock on \"t\""

# main alone: the index on an existing table is a finding
pre_receive "$base $upd refs/heads/main\n"
expect_rc 1 "main alone: rejected"
expect_err "$finding" "main alone: the index finding"
alone_main=$(printf '%s\n' "$err" | grep -c "CONCURRENTLY takes")

# feature alone: the table is new, no finding
pre_receive "$z $feat refs/heads/feature\n"
expect_rc 0 "feature alone: accepted"

# both, feature first: the cached parse of 002_idx.sql must not make t new
# for main
pre_receive "$z $feat refs/heads/feature\n$base $upd refs/heads/main\n"
expect_rc 1 "feature then main: rejected"
expect_err "migguard: refs/heads/main (" "feature then main: main named"
expect_err "$finding" "feature then main: main's finding"
ntests=$((ntests + 1))
case "$err" in
*"refs/heads/feature ("*) fail "feature then main: feature has findings" ;;
*) ok "feature then main: no finding for feature" ;;
esac
n=$(printf '%s\n' "$err" | grep -c "CONCURRENTLY takes")
ntests=$((ntests + 1))
if [ "$n" = "$alone_main" ]; then ok "feature then main: main's findings only"; else fail "feature then main: $n findings, expected $alone_main"; fi

# both, main first: main's parse cached, feature still clean
pre_receive "$base $upd refs/heads/main\n$z $feat refs/heads/feature\n$z $tag refs/tags/v1\n"
expect_rc 1 "main then feature and tag: rejected"
expect_err "$finding" "main then feature and tag: main's finding"
ntests=$((ntests + 1))
case "$err" in
*"refs/heads/feature ("*|*"refs/tags/v1 ("*) fail "main then feature and tag: feature or tag has findings" ;;
*) ok "main then feature and tag: no finding for feature or tag" ;;
esac

# two new branches at one tip: each is checked and gives the same findings
pre_receive "$z $feat refs/heads/a\n$z $feat refs/heads/b\n"
expect_rc 0 "two new branches at feature's tip: accepted (t new in both)"
pre_receive "$base $upd refs/heads/main\n$base $upd refs/heads/b\n"
expect_rc 1 "two updates at one tip: rejected"
n=$(printf '%s\n' "$err" | grep -c "$finding")
ntests=$((ntests + 1))
if [ "$n" = 2 ]; then ok "two updates at one tip: the finding for each ref"; else fail "two updates at one tip: $n findings, expected 2"; fi
finish
