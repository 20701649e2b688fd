#!/bin/sh
# range-scan.sh - the tree comparison of check --range and pre-receive
# (raw tree buffers merged in git's tree order) and the attribution of a
# finding to the commit that introduced the content (from each commit's own
# change): names that sort around '/', a file replaced by a directory of the
# same name, a change of mode only, the same blob in two commits and in two
# refs, and a malformed tree object.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

R="$T/repo"
new_repo "$R"
put() { # put FILE CONTENT
	mkdir -p "$(dirname "$R/$1")"
	printf "$2" >"$R/$1"
	git -C "$R" add "$1"
}
ci() { git -C "$R" commit -q -m "$1"; }
short() { git -C "$R" rev-parse --short=12 "$1"; }
# count STRING: how many lines of stdout contain it
count() { printf '%s\n' "$out" | grep -cF -- "$1" || true; }
expect_count() {
	ntests=$((ntests + 1))
	n=$(count "$1")
	if [ "$n" -eq "$2" ]; then ok "$3"; else fail "$3: '$1' on $n lines, expected $2"; fi
}

# expect_err_line A B DESC: one line of stderr contains both A and B
expect_err_line() {
	ntests=$((ntests + 1))
	if printf '%s\n' "$err" | grep -F -- "$1" | grep -qF -- "$2"; then ok "$3"
	else fail "$3: no stderr line with '$1' and '$2'"; fi
}

# --- names that sort around '/' -------------------------------------------
# git orders a tree's entries as if a directory's name ended in '/': m.sql,
# m.x.sql, m-x/, m/, m0.sql is not plain byte order of the names.  A merge
# of the two trees in the wrong order reports unchanged files as changed.
M=db/migrations
for f in m.sql m.x.sql m-x/2.sql m/1.sql m/sub/3.sql m0.sql x; do
	put "$M/$f" 'DROP TABLE unchanged;\n'
done
ci "layout"
put $M/m/1.sql 'DROP TABLE changed_one;\n'
put $M/m-x/2.sql 'DROP TABLE changed_two;\n'
ci "two changes"
run "$MIGGUARD" check --repo "$R" --range HEAD~1..HEAD
expect_rc 1 "two changed files: findings"
expect_count "$M/m/1.sql:1:1: error: DROP TABLE \"changed_one\"" 1 "m/1.sql reported once"
expect_count "$M/m-x/2.sql:1:1: error: DROP TABLE \"changed_two\"" 1 "m-x/2.sql reported once"
expect_count "unchanged" 0 "no unchanged file reported (tree order respected)"
expect_out "in 2 files checked" "exactly the two changed files checked"

# a deletion next to a directory whose name it extends (m.x.sql sorts
# before m/, after m as a plain name)
git -C "$R" rm -q $M/m.x.sql
ci "delete m.x.sql"
run "$MIGGUARD" check --repo "$R" --range HEAD~1..HEAD
expect_count "$M/m/" 0 "deletion: the directory next to it not reported"
expect_count "$M/m-x/" 0 "deletion: nor the one before it"

# a file replaced by a directory of the same name (x -> x/5.sql): the blob
# and the tree are different entries
git -C "$R" rm -q $M/x
put $M/x/5.sql 'DROP TABLE in_x;\n'
ci "file to directory"
run "$MIGGUARD" check --repo "$R" --range HEAD~1..HEAD
expect_rc 1 "file replaced by a directory: findings"
expect_count "$M/x/5.sql:1:1: error: DROP TABLE \"in_x\"" 1 "the new directory's file reported"
expect_count "unchanged" 0 "nothing else reported"

# the same, one commit at a time
run "$MIGGUARD" check --repo "$R" --range HEAD~3..HEAD --each-commit
expect_rc 1 "--each-commit: findings"
expect_count "DROP TABLE \"changed_one\"" 1 "--each-commit: first commit's file"
expect_count "DROP TABLE \"in_x\"" 1 "--each-commit: second commit's file"
expect_count "unchanged" 0 "--each-commit: nothing unchanged reported"

# --- pre-receive: a change of mode only does not introduce the content ------
old=$(git -C "$R" rev-parse HEAD)
put db/migrations/010_drop.sql 'DROP TABLE moded;\n'
ci "drop"
dropc=$(short HEAD)
chmod +x "$R/db/migrations/010_drop.sql"
git -C "$R" add db/migrations/010_drop.sql
ci "mode only"
put README 'readme\n'
ci "unrelated"
run sh -c "cd '$R' && echo '$old $(git -C "$R" rev-parse HEAD) refs/heads/main' | '$MIGGUARD' pre-receive"
expect_rc 1 "pre-receive: the dropped table rejected"
expect_err "db/migrations/010_drop.sql:1:1: error: DROP TABLE \"moded\"" "pre-receive: finding"
expect_err_line "DROP TABLE \"moded\"" "[ban-drop-table] (commit $dropc)" "pre-receive: the commit that wrote it, not the one that changed its mode"

# --- the same blob in two commits: each path names its own commit ---------
old=$(git -C "$R" rev-parse HEAD)
put db/migrations/020_a.sql 'DROP TABLE twice;\n'
ci "first copy"
firstc=$(short HEAD)
put db/migrations/021_b.sql 'DROP TABLE twice;\n'
ci "second copy"
secondc=$(short HEAD)
new=$(git -C "$R" rev-parse HEAD)
[ "$(git -C "$R" rev-parse HEAD:db/migrations/020_a.sql)" = \
  "$(git -C "$R" rev-parse HEAD:db/migrations/021_b.sql)" ] || fail "setup: the two files are one blob"
run sh -c "cd '$R' && echo '$old $new refs/heads/main' | '$MIGGUARD' pre-receive"
expect_rc 1 "one blob at two paths: rejected"
expect_err_line "db/migrations/020_a.sql:1:1: error: DROP TABLE \"twice\"" "[ban-drop-table] (commit $firstc)" \
	"first path: its commit"
expect_err_line "db/migrations/021_b.sql:1:1: error: DROP TABLE \"twice\"" "[ban-drop-table] (commit $secondc)" \
	"second path: its commit"

run "$MIGGUARD" check --repo "$R" --range "$old..$new" --format json
expect_rc 1 "range: one blob at two paths"
expect_count "\"rule\": \"ban-drop-table\", \"severity\": \"error\", \"path\": \"db/migrations/020_a.sql\"" 1 "range json: first path"
expect_count "\"rule\": \"ban-drop-table\", \"severity\": \"error\", \"path\": \"db/migrations/021_b.sql\"" 1 "range json: second path"

# --- the same blob in two refs of one push ---------------------------------
git -C "$R" checkout -q -b side "$old"
put db/migrations/020_a.sql 'DROP TABLE twice;\n'
ci "same content on a side branch"
sidec=$(short HEAD)
side=$(git -C "$R" rev-parse HEAD)
git -C "$R" checkout -q main
run sh -c "cd '$R' && printf '%s %s refs/heads/main\n%s %s refs/heads/side\n' $old $new $old $side | '$MIGGUARD' pre-receive"
expect_rc 1 "two refs with one blob: rejected"
expect_err "refs/heads/main (" "first ref named"
expect_err "refs/heads/side (" "second ref named"
expect_err_line "db/migrations/020_a.sql:1:1: error: DROP TABLE \"twice\"" "[ban-drop-table] (commit $firstc)" \
	"main: the blob attributed to main's commit"
expect_err_line "db/migrations/020_a.sql:1:1: error: DROP TABLE \"twice\"" "[ban-drop-table] (commit $sidec)" \
	"side: the same blob attributed to side's commit"

# --- a merge: what the side branch wrote is the side's, not the merge's -----
# (files in two directories, so the merge's parent trees are looked up in both)
git -C "$R" checkout -q -b side2 main
put db/migrations/031_side.sql 'DROP TABLE side_t;\n'
put other/migrations/032_other.sql 'DROP TABLE other_t;\n'
ci "side: two drops"
side2c=$(short HEAD)
git -C "$R" checkout -q main
mbase=$(git -C "$R" rev-parse HEAD)
put db/migrations/030_main.sql 'SELECT 1;\n'
ci "main: safe"
git -C "$R" merge -q --no-ff --no-edit side2
run "$MIGGUARD" check --repo "$R" --range "$mbase..HEAD" --each-commit
expect_rc 1 "merge, --each-commit: findings"
expect_count "db/migrations/031_side.sql:1:1: error: DROP TABLE \"side_t\"" 1 "merge: side's first file reported once (by the side's commit)"
expect_count "other/migrations/032_other.sql:1:1: error: DROP TABLE \"other_t\"" 1 "merge: side's second file reported once"
run sh -c "cd '$R' && echo '$mbase $(git -C "$R" rev-parse HEAD) refs/heads/main' | '$MIGGUARD' pre-receive"
expect_rc 1 "merge pushed: rejected"
expect_err_line "DROP TABLE \"side_t\"" "[ban-drop-table] (commit $side2c)" "merge pushed: first file attributed to the side's commit"
expect_err_line "DROP TABLE \"other_t\"" "[ban-drop-table] (commit $side2c)" "merge pushed: second file attributed to the side's commit"

# --- malformed tree objects: a clear error, exit 2 --------------------------
# bad_tree DESC FORMAT: a commit whose db/ is a tree object written from the
# printf FORMAT, checked as a range and pushed
ids='\001\001\001\001\001\001\001\001\001\001\001\001\001\001\001\001\001\001\001\001'
bad_tree() {
	bad=$(printf "$2" | git -C "$R" hash-object -t tree --literally -w --stdin)
	root=$(printf '040000 tree %s\tdb\n' "$bad" | git -C "$R" mktree --missing)
	badc=$(git -C "$R" commit-tree "$root" -p HEAD -m "bad tree")
	run "$MIGGUARD" check --repo "$R" --range "HEAD..$badc"
	expect_rc 2 "$1: check --range exits 2"
	expect_err "migguard: cannot diff trees: malformed tree object" "$1: check --range names it"
	run sh -c "cd '$R' && echo '$(git -C "$R" rev-parse HEAD) $badc refs/heads/bad' | '$MIGGUARD' pre-receive"
	expect_rc 2 "$1: pre-receive exits 2"
	expect_err "malformed tree object" "$1: pre-receive names it"
}
bad_tree "no NUL, no id" '100644 no-nul-and-no-id'
bad_tree "id cut short" "100644 a.sql\\000\\001\\001\\001"
bad_tree "not an octal mode" "100844 a.sql\\000$ids"
bad_tree "no space after the mode" "100644a.sql\\000$ids"
bad_tree "empty name" "100644 \\000$ids"
bad_tree "no mode" " a.sql\\000$ids"

finish
