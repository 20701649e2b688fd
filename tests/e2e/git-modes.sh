#!/bin/sh
# git-modes.sh - --staged, --range and --all on real repositories.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

R="$T/repo"
new_repo "$R"
mkdir -p "$R/db/migrations" "$R/docs"
printf 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n' >"$R/db/migrations/001_init.sql"
printf 'DROP TABLE not_a_migration;\n' >"$R/docs/example.sql"
git -C "$R" add -A && git -C "$R" commit -q -m "init"

# --staged: the index counts, not the working tree
printf 'CREATE INDEX CONCURRENTLY i1 ON orders (user_id);\n' >"$R/db/migrations/002_idx.sql"
git -C "$R" add db/migrations/002_idx.sql
printf 'CREATE INDEX i1 ON orders (user_id);\n' >"$R/db/migrations/002_idx.sql"
cd "$R"
run "$MIGGUARD" check --staged
expect_rc 0 "staged safe, working tree risky: passes"
git add db/migrations/002_idx.sql
printf 'CREATE INDEX CONCURRENTLY i1 ON orders (user_id);\n' >"$R/db/migrations/002_idx.sql"
run "$MIGGUARD" check --staged
expect_rc 1 "staged risky, working tree safe: rejected"
expect_out "db/migrations/002_idx.sql:1:1: error: CREATE INDEX without CONCURRENTLY" "staged finding uses repo path"
cd "$T"
run "$MIGGUARD" check --staged --repo "$R"
expect_rc 1 "--repo"
run env GIT_DIR="$R/.git" GIT_WORK_TREE="$R" "$MIGGUARD" check --staged
expect_rc 1 "GIT_DIR + GIT_WORK_TREE (libgit2 FROM_ENV fallback)"
git -C "$R" checkout -q -- db/migrations/002_idx.sql
git -C "$R" commit -q -m "risky index"

# unborn branch
U="$T/unborn"
git init -q "$U"
mkdir -p "$U/migrations"
printf 'DROP TABLE users;\n' >"$U/migrations/1.sql"
git -C "$U" add -A
run "$MIGGUARD" check --staged --repo "$U"
expect_rc 1 "unborn branch: staged file checked"
expect_out "migrations/1.sql:1:1: error: DROP TABLE \"users\"" "unborn finding"

# --range A..B: net change against the merge base
git -C "$R" checkout -q -b feature
printf 'ALTER TABLE orders ADD COLUMN note text;\n' >"$R/db/migrations/003_note.sql"
git -C "$R" add -A && git -C "$R" commit -q -m "safe"
printf 'ALTER TABLE orders DROP COLUMN note;\n' >"$R/db/migrations/004_drop.sql"
git -C "$R" add -A && git -C "$R" commit -q -m "risky"
git -C "$R" checkout -q main
printf 'DROP TABLE later_on_main;\n' >"$R/db/migrations/005_main.sql"
git -C "$R" add -A && git -C "$R" commit -q -m "main moves on"
run "$MIGGUARD" check --repo "$R" --range main..feature
expect_rc 1 "range with a risky commit"
expect_out "db/migrations/004_drop.sql:1:1: error: DROP COLUMN \"note\"" "range finds the branch's file"
expect_no_out "005_main.sql" "range ignores what main added since the merge base"
expect_no_out "002_idx.sql" "range ignores files before the merge base"
expect_no_out "not_a_migration" "range ignores non-migration paths"
run "$MIGGUARD" check --repo "$R" --range main...feature
expect_rc 1 "A...B is accepted too"
run "$MIGGUARD" check --repo "$R" --range feature~1..feature~1
expect_rc 0 "empty range"
run "$MIGGUARD" check --repo "$R" --range main..nosuchbranch
expect_rc 2 "unknown revision"
expect_err "cannot resolve 'nosuchbranch'" "unknown revision named"

# renames and deletions are reported, not linted as new
git -C "$R" checkout -q feature
git -C "$R" mv db/migrations/003_note.sql db/migrations/003_note_renamed.sql
git -C "$R" rm -q db/migrations/004_drop.sql
git -C "$R" commit -q -m "rename and delete"
run "$MIGGUARD" check --repo "$R" --range feature~1..feature --format json
expect_rc 1 "rename + delete: not linted as new, but the history rules report them"
expect_out '"rule": "migration-renamed"' "renamed migration reported (tests/e2e/history.sh)"
expect_out '"files_checked": 1' "renamed file is checked once"

# --all: every migration in HEAD
run "$MIGGUARD" check --repo "$R" --all
expect_rc 1 "--all"
expect_out "002_idx.sql:1:1" "--all sees old migrations"
expect_no_out "not_a_migration" "--all ignores non-migrations"

# progress on stderr: only when stderr is a terminal, never in hooks
P="$T/progress"
"$TOP_SRCDIR/bench/gen-repo" "$P" 300 10 0 1 >/dev/null 2>&1
proot=$(git -C "$P" rev-list --max-parents=0 HEAD)
run env MIGGUARD_PROGRESS_DELAY_MS=0 "$MIGGUARD" check --repo "$P" --range "$proot..HEAD" --format json
expect_rc 0 "range of 300 commits"
ntests=$((ntests + 1))
case "$err" in *"reading the commits"*) fail "progress written to a non-terminal" ;; *) ok "no progress without a terminal" ;; esac
if command -v script >/dev/null 2>&1; then
	run script -qec "env MIGGUARD_PROGRESS_DELAY_MS=0 '$MIGGUARD' check --repo '$P' --range '$proot..HEAD' --format json >/dev/null" /dev/null
	expect_out "migguard: reading the commits of the range: 300, done." "progress on a terminal"
	run script -qec "env GIT_DIR='$P/.git' MIGGUARD_PROGRESS_DELAY_MS=0 '$MIGGUARD' check --range '$proot..HEAD' --format json >/dev/null" /dev/null
	expect_no_out "reading the commits" "no progress in a hook's environment (GIT_DIR set)"
fi

# not a repository
run "$MIGGUARD" check --repo "$T/nowhere" --all
expect_rc 2 "not a repository"

finish
