#!/bin/sh
# hooks.sh - client hooks through real `git commit`: the pre-commit and
# commit-msg shims written by `migguard install`, chaining, idempotence.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

SAFE='CREATE INDEX CONCURRENTLY i1 ON orders (user_id);\n'
RISKY='CREATE INDEX i1 ON orders (user_id);\n'

# head_is REPO REV DESC: HEAD of REPO is REV ("" for an unborn branch)
head_is() {
	ntests=$((ntests + 1))
	h=$(git -C "$1" rev-parse -q --verify HEAD 2>/dev/null || true)
	if [ "$h" = "$2" ]; then ok "$3"; else fail "$3: HEAD is '$h', expected '$2'"; fi
}

# --- install into a fresh repository -------------------------------------
R="$T/repo"
git init -q "$R"
cd "$R"
run "$MIGGUARD" install
expect_rc 0 "install in a new repository"
expect_out "$R/.git/hooks/pre-commit: installed" "pre-commit installed"
expect_out "$R/.git/hooks/commit-msg: installed" "commit-msg installed"
expect_no_out "pre-receive" "no pre-receive in a working repository"
ntests=$((ntests + 1))
if [ -x .git/hooks/pre-commit ] && [ -x .git/hooks/commit-msg ] && [ ! -e .git/hooks/pre-receive ]; then
	ok "shims are executable files"
else
	fail "shims missing"
fi
cp .git/hooks/pre-commit "$T/pc.1"
run "$MIGGUARD" install
expect_rc 0 "install again"
expect_out "$R/.git/hooks/pre-commit: already installed" "second install changes nothing"
ntests=$((ntests + 1))
if cmp -s .git/hooks/pre-commit "$T/pc.1" && [ ! -e .git/hooks/pre-commit.migguard-chained ]; then
	ok "shim unchanged, nothing chained to itself"
else
	fail "second install changed the hook"
fi

# --- unborn branch: the first commit ---------------------------------------
mkdir -p db/migrations
printf 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n' >db/migrations/001_init.sql
printf 'DROP TABLE legacy;\n' >db/migrations/002_drop.sql
git add db
run git commit -q -m "first"
expect_rc 1 "unborn branch: risky first commit rejected"
expect_err "db/migrations/002_drop.sql:1:1: error: DROP TABLE \"legacy\"" "finding shown by git commit"
head_is "$R" "" "no commit made"
git rm -q --cached db/migrations/002_drop.sql && rm db/migrations/002_drop.sql
run git commit -q -m "first"
expect_rc 0 "unborn branch: safe first commit accepted"

# --- the index counts, not the working tree -------------------------------
printf "$SAFE" >db/migrations/002_idx.sql
git add db/migrations/002_idx.sql
printf "$RISKY" >db/migrations/002_idx.sql
run git commit -q -m "staged safe, working tree risky"
expect_rc 0 "partially staged: the safe staged version is committed"
git checkout -q -- db/migrations/002_idx.sql
printf 'CREATE INDEX i3 ON orders (id);\n' >db/migrations/003_idx.sql
git add db/migrations/003_idx.sql
printf 'CREATE INDEX CONCURRENTLY i3 ON orders (id);\n' >db/migrations/003_idx.sql
before=$(git rev-parse HEAD)
run git commit -q -m "staged risky, working tree safe"
expect_rc 1 "partially staged: the risky staged version is rejected"
expect_err "db/migrations/003_idx.sql:1:1: error: CREATE INDEX without CONCURRENTLY" "staged line reported"
head_is "$R" "$before" "rejected commit not made"
git add db/migrations/003_idx.sql
git commit -q -m "003 safe"

# --- commit -a (index.lock) and commit <path> (temporary index) -----------
printf 'SELECT 1;\n' >db/migrations/004_x.sql
git add db/migrations/004_x.sql
printf 'DROP TABLE orders;\n' >db/migrations/004_x.sql      # risky, unstaged
before=$(git rev-parse HEAD)
run git commit -q -a -m "everything"
expect_rc 1 "commit -a sees the risky working tree content"
expect_err "db/migrations/004_x.sql:1:1: error: DROP TABLE" "commit -a finding"
head_is "$R" "$before" "commit -a rejected"
run git commit -q -m "only the index"
expect_rc 0 "plain commit: the index, not the unstaged risky edit"
git checkout -q -- db/migrations/004_x.sql
printf 'DROP TABLE orders;\n' >db/migrations/005_drop.sql
printf 'SELECT 5;\n' >db/migrations/006_x.sql
git add db/migrations/005_drop.sql db/migrations/006_x.sql
run git commit -q -m "only 006" db/migrations/006_x.sql
expect_rc 0 "commit <path>: the temporary index holds only that path"
before=$(git rev-parse HEAD)
run git commit -q -m "005" db/migrations/005_drop.sql
expect_rc 1 "commit <path> of the risky file rejected"
expect_err "db/migrations/005_drop.sql:1:1: error: DROP TABLE" "commit <path> finding"
head_is "$R" "$before" "commit <path> rejected"
git rm -q --cached db/migrations/005_drop.sql && rm db/migrations/005_drop.sql

# --- run from a subdirectory ----------------------------------------------
printf 'DROP TABLE t;\n' >db/migrations/006_drop.sql
git add db/migrations/006_drop.sql
cd db
run git commit -q -m "from a subdirectory"
expect_rc 1 "commit from a subdirectory checked"
expect_err "db/migrations/006_drop.sql:1:1: error" "repository-relative path from a subdirectory"
cd "$R"
git rm -q --cached db/migrations/006_drop.sql
rm db/migrations/006_drop.sql

# --- merge with a resolved conflict runs pre-commit ------------------------
git checkout -q -b feature
printf 'feature\n' >README
printf 'ALTER TABLE orders ADD COLUMN note text;\n' >db/migrations/007_note.sql
git add README db && git commit -q --no-verify -m "feature"
git checkout -q main
printf 'main\n' >README
git add README && git commit -q -m "main readme"
run git merge -q feature
ntests=$((ntests + 1))
if [ "$rc" -ne 0 ] && [ -f .git/MERGE_HEAD ]; then ok "merge stops on a conflict"; else fail "no conflict"; fi
printf 'merged\n' >README
git add README
run git commit -q --no-edit
expect_rc 0 "merge resolution with a safe migration accepted"
git checkout -q -b feature2 HEAD~1
printf 'f2\n' >README
git add README && git commit -q -m "f2"
git checkout -q main
run git merge -q feature2
printf 'merged2\n' >README
printf 'DROP TABLE orders;\n' >db/migrations/008_drop.sql
git add README db/migrations/008_drop.sql
before=$(git rev-parse HEAD)
run git commit -q --no-edit
expect_rc 1 "merge resolution adding a risky migration rejected"
expect_err "db/migrations/008_drop.sql:1:1: error: DROP TABLE" "merge finding"
head_is "$R" "$before" "merge commit not made"
git rm -q --cached db/migrations/008_drop.sql && rm db/migrations/008_drop.sql
git commit -q --no-edit

# --- commit-msg: the message git will store ---------------------------------
# A commit-msg hook that records what migguard makes of the message file.
cat >.git/hooks/commit-msg <<EOF
#!/bin/sh
"\$MIGGUARD" commit-msg --show-message "\$1" >"$T/shown" || exit 2
exec "\$MIGGUARD" commit-msg "\$1"
EOF
chmod +x .git/hooks/commit-msg
cat >"$T/editor" <<'EOF'
#!/bin/sh
{ printf 'Add the note column\n\n  Body line with trailing spaces   \n\n\n# an editor comment\nReviewed-by: Ann <ann@example.com>\n'; cat "$1"; } >"$1.new" && mv "$1.new" "$1"
EOF
chmod +x "$T/editor"

# stored: the message of HEAD exactly as stored
stored() { git cat-file commit HEAD | sed '1,/^$/d'; }
same_message() {
	ntests=$((ntests + 1))
	stored >"$T/stored"
	if cmp -s "$T/shown" "$T/stored"; then ok "$1"; else
		fail "$1: hook saw a different message"; diff "$T/shown" "$T/stored" | head -20
	fi
}

printf 'SELECT 3;\n' >db/migrations/009_x.sql
git add db
run env GIT_EDITOR="$T/editor" git commit -q -v
expect_rc 0 "commit -v with an editor"
ntests=$((ntests + 1))
if grep -q '^diff --git' .git/COMMIT_EDITMSG && grep -q ' >8 ' .git/COMMIT_EDITMSG; then
	ok "the message file had a scissors line and the diff"
else
	fail "no scissors in the message file"
fi
same_message "commit -v: comments and the diff below the scissors are not the message"

printf 'SELECT 4;\n' >db/migrations/010_x.sql
git add db
run git commit -q -m "Subject" -m "# kept: -m does not strip comment lines" -m "Body"
expect_rc 0 "commit -m"
same_message "commit -m keeps '#' lines, as git does"
ntests=$((ntests + 1))
if grep -q '^# kept' "$T/shown"; then ok "'#' line kept"; else fail "'#' line lost"; fi

git config core.commentChar ';'
printf 'SELECT 5;\n' >db/migrations/011_x.sql
git add db
run env GIT_EDITOR="$T/editor" git commit -q -v
expect_rc 0 "commit -v with core.commentChar=;"
same_message "core.commentChar=;: '#' lines kept, ';' lines and scissors cut"

git config core.commentChar auto
printf 'SELECT 6;\n' >db/migrations/012_x.sql
git add db
run env GIT_EDITOR="$T/editor" git commit -q -v -e -m "#12 starts with a hash"
expect_rc 0 "commit -v with core.commentChar=auto"
same_message "core.commentChar=auto: the character git chose"
git config --unset core.commentChar

git config commit.cleanup verbatim
printf 'SELECT 7;\n' >db/migrations/013_x.sql
git add db
run git commit -q -m "verbatim  " -m "# kept too"
expect_rc 0 "commit.cleanup=verbatim"
same_message "commit.cleanup=verbatim: nothing cleaned"
git config --unset commit.cleanup

# the real shim: the staged migrations are checked in commit-msg too
"$MIGGUARD" install --force --hook commit-msg >/dev/null
rm .git/hooks/pre-commit
printf 'DROP TABLE x;\n' >db/migrations/014_drop.sql
git add db
before=$(git rev-parse HEAD)
run git commit -q -m "drop x"
expect_rc 1 "commit-msg hook alone rejects a risky staged migration"
expect_err "db/migrations/014_drop.sql:1:1: error: DROP TABLE" "commit-msg finding"
head_is "$R" "$before" "commit-msg rejection"
git rm -q --cached db/migrations/014_drop.sql && rm db/migrations/014_drop.sql
run "$MIGGUARD" commit-msg "$T/no-such-file"
expect_rc 2 "missing message file"
expect_err "cannot read the message file" "missing message file named"
run "$MIGGUARD" commit-msg
expect_rc 2 "commit-msg without MSGFILE"

# --- core.hooksPath, relative to the working tree -------------------------
P="$T/hookspath"
git init -q "$P"
git -C "$P" config core.hooksPath .githooks
mkdir -p "$P/sub"
cd "$P/sub"
run "$MIGGUARD" install --hook pre-commit
expect_rc 0 "install with core.hooksPath from a subdirectory"
expect_out "$P/.githooks/pre-commit: installed" "installed into core.hooksPath"
ntests=$((ntests + 1))
if [ -x "$P/.githooks/pre-commit" ] && [ ! -e "$P/.git/hooks/pre-commit" ]; then
	ok "only in core.hooksPath"
else
	fail "wrong hooks directory"
fi
cd "$P"
mkdir -p migrations
printf 'DROP TABLE users;\n' >migrations/1.sql
git add migrations
run git commit -q -m "drop"
expect_rc 1 "core.hooksPath hook rejects"
expect_err "migrations/1.sql:1:1: error: DROP TABLE \"users\"" "core.hooksPath finding"

# --- chaining a foreign hook ----------------------------------------------
C="$T/chain"
git init -q "$C"
cat >"$C/.git/hooks/pre-commit" <<EOF
#!/bin/sh
echo "foreign hook ran" >&2
touch "$T/foreign-ran"
[ ! -e "$T/foreign-fails" ]
EOF
chmod +x "$C/.git/hooks/pre-commit"
cp "$C/.git/hooks/pre-commit" "$T/foreign"
cd "$C"
run "$MIGGUARD" install
expect_rc 0 "install over a foreign hook"
expect_out "existing hook kept, it runs first, as $C/.git/hooks/pre-commit.migguard-chained" "chaining reported"
ntests=$((ntests + 1))
if cmp -s "$T/foreign" .git/hooks/pre-commit.migguard-chained && grep -q 'migguard-hook: pre-commit' .git/hooks/pre-commit; then
	ok "foreign hook kept byte for byte, shim in its place"
else
	fail "chaining"
fi
cp .git/hooks/pre-commit "$T/pc.chain"
run "$MIGGUARD" install
expect_rc 0 "install again over a chain"
expect_out "pre-commit: already installed" "chain: second install changes nothing"
ntests=$((ntests + 1))
if cmp -s "$T/foreign" .git/hooks/pre-commit.migguard-chained && cmp -s "$T/pc.chain" .git/hooks/pre-commit &&
   [ ! -e .git/hooks/pre-commit.migguard-chained.migguard-chained ]; then
	ok "chain unchanged"
else
	fail "second install changed the chain"
fi
mkdir -p migrations
printf 'DROP TABLE users;\n' >migrations/1.sql
git add migrations
run git commit -q -m "drop"
expect_rc 1 "chained: migguard still rejects"
expect_err "foreign hook ran" "chained: foreign hook ran first"
expect_err "migrations/1.sql:1:1: error: DROP TABLE" "chained: migguard finding"
printf 'SELECT 1;\n' >migrations/1.sql
git add migrations
touch "$T/foreign-fails"
run git commit -q -m "safe but the foreign hook fails"
expect_rc 1 "chained: the foreign hook's failure still stops the commit"
head_is "$C" "" "nothing committed"
rm "$T/foreign-fails"
run git commit -q -m "safe"
expect_rc 0 "chained: both pass"

# a foreign hook while the chain name is taken: refuse, change nothing
cp "$T/foreign" .git/hooks/commit-msg
cp "$T/foreign" .git/hooks/commit-msg.migguard-chained
run "$MIGGUARD" install --hook commit-msg
expect_rc 2 "chain name taken"
expect_err "cannot chain the existing hook" "chain name taken: explained"
ntests=$((ntests + 1))
if cmp -s "$T/foreign" .git/hooks/commit-msg; then ok "foreign hook untouched"; else fail "foreign hook changed"; fi
# --force replaces
run "$MIGGUARD" install --force --hook commit-msg
expect_rc 0 "--force"
expect_out "commit-msg: replaced the existing hook with" "--force replaces"
ntests=$((ntests + 1))
if grep -q 'migguard-hook: commit-msg' .git/hooks/commit-msg; then ok "--force wrote the shim"; else fail "--force"; fi

# --- usage errors -----------------------------------------------------------
run "$MIGGUARD" install --hook post-commit
expect_rc 2 "unknown hook name"
expect_err "'post-commit' is not pre-commit, commit-msg or pre-receive" "unknown hook named"
run "$MIGGUARD" install --repo "$T/nowhere"
expect_rc 2 "install outside a repository"

finish
