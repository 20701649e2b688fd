#!/bin/sh
# pre-receive.sh - the server hook through real `git push` to a bare
# repository (local transport, so git runs the hook with its quarantine).
. "$TOP_SRCDIR/tests/e2e/lib.sh"

S="$T/server.git"
C="$T/client"
git init -q --bare "$S"

# server_ref REF: the server's value of REF, or "none"
server_ref() { git -C "$S" rev-parse -q --verify "$1" 2>/dev/null || echo none; }
expect_server() {
	ntests=$((ntests + 1))
	v=$(server_ref "$1")
	if [ "$v" = "$2" ]; then ok "$3"; else fail "$3: server $1 is $v, expected $2"; fi
}
commit() { # commit FILE CONTENT MSG
	mkdir -p "$(dirname "$C/$1")"
	printf "$2" >"$C/$1"
	git -C "$C" add "$1"
	git -C "$C" commit -q -m "$3"
}
short() { git -C "$C" rev-parse --short=12 "$1"; }
push() { run git -C "$C" push "$@"; }

run "$MIGGUARD" install --repo "$S"
expect_rc 0 "install in a bare repository"
expect_out "pre-receive: installed" "bare: pre-receive by default"
expect_no_out "pre-commit" "bare: no pre-commit"

git init -q "$C"
git -C "$C" remote add origin "$S"

# --- first push: a new branch on an empty server --------------------------
commit db/migrations/001_init.sql 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n' "init"
push origin main
expect_rc 0 "clean first push accepted"
expect_server main "$(git -C "$C" rev-parse HEAD)" "server main created"

# --- a risky push is rejected with remote: lines ---------------------------
good=$(git -C "$C" rev-parse HEAD)
commit db/migrations/002_idx.sql 'CREATE INDEX i1 ON orders (user_id);\n' "risky index"
bad=$(short HEAD)
push origin main
expect_rc 1 "risky push rejected"
expect_err "remote: migguard: refs/heads/main (" "ref named"
expect_err "remote: db/migrations/002_idx.sql:1:1: error: CREATE INDEX without CONCURRENTLY" \
	"finding: remote: path:line:col: error:"
expect_err "[require-concurrent-index-creation] (commit $bad)" "finding: rule and short commit"
expect_err "pre-receive hook declined" "git reports the hook's refusal"
expect_server main "$good" "server main unchanged"

# --- fixed by a later commit of the same push ------------------------------
commit db/migrations/002_idx.sql 'CREATE INDEX CONCURRENTLY i1 ON orders (user_id);\n' "fix index"
push origin main
expect_rc 0 "risky commit fixed later in the same push: accepted"
expect_server main "$(git -C "$C" rev-parse HEAD)" "server main updated"

# --- finding names the commit that introduced the content -----------------
commit db/migrations/003_drop.sql 'DROP TABLE old_orders;\n' "drop"
dropc=$(short HEAD)
commit README 'readme\n' "unrelated"
push origin main
expect_rc 1 "risky commit followed by an unrelated one"
expect_err "remote: db/migrations/003_drop.sql:1:1: error: DROP TABLE \"old_orders\"" "drop reported"
expect_err "(commit $dropc)" "the introducing commit, not the tip"
git -C "$C" reset -q --hard HEAD~2

# --- new branches ----------------------------------------------------------
git -C "$C" checkout -q -b feature
push origin feature
expect_rc 0 "new branch at a known commit"
expect_server feature "$(git -C "$C" rev-parse HEAD)" "feature created"
commit db/migrations/004_col.sql 'ALTER TABLE orders ADD COLUMN note text;\n' "safe column"
git -C "$C" checkout -q -b risky-branch
commit db/migrations/005_notnull.sql 'ALTER TABLE orders ADD COLUMN n int NOT NULL;\n' "required column"
push origin risky-branch
expect_rc 1 "new branch with a risky commit rejected"
expect_err "remote: db/migrations/005_notnull.sql:1:31: error: ADD COLUMN \"n\" NOT NULL" "new branch finding"
expect_err "remote: migguard: refs/heads/risky-branch (0000000..$(git -C "$C" rev-parse --short=7 HEAD), 2 new commits):" \
	"new branch: only the commits no existing ref reaches"
expect_server refs/heads/risky-branch none "risky branch not created"
git -C "$C" checkout -q feature
push origin feature
expect_rc 0 "update with a safe commit"

# --- several refs in one push: all or nothing ------------------------------
fbefore=$(server_ref feature)
commit db/migrations/006_more.sql 'ALTER TABLE orders ADD COLUMN more text;\n' "more"
push origin feature risky-branch
expect_rc 1 "one risky ref rejects the whole push"
expect_server feature "$fbefore" "the clean ref of the push is not updated either"
expect_server refs/heads/risky-branch none "the risky ref is not created"
git -C "$C" branch -q -D risky-branch

# --- deletion and tags -----------------------------------------------------
push origin feature
git -C "$C" push -q origin HEAD:refs/heads/to-delete 2>/dev/null
push origin :to-delete
expect_rc 0 "branch deletion passes"
expect_server refs/heads/to-delete none "branch deleted"
git -C "$C" tag v1 main
git -C "$C" tag -a -m "release 2" v2 feature
push origin v1 v2
expect_rc 0 "tags of known commits pass"
expect_server refs/tags/v2 "$(git -C "$C" rev-parse v2)" "annotated tag pushed"
blob=$(printf 'DROP TABLE x;\n' | git -C "$C" hash-object -w --stdin)
git -C "$C" tag blobtag "$blob"
push origin blobtag
expect_rc 0 "a tag of a blob passes"
push origin :refs/tags/v1
expect_rc 0 "tag deletion passes"
git -C "$C" checkout -q -b tagonly main
commit db/migrations/007_drop.sql 'DROP TABLE y;\n' "drop y"
git -C "$C" tag v3
push origin v3
expect_rc 1 "a tag bringing a risky new commit is checked"
expect_err "remote: migguard: refs/tags/v3" "tag ref named"
expect_server refs/tags/v3 none "tag not created"
# a branch and its tag in one push: the branch's check covers the tag
push origin tagonly v3
expect_rc 1 "branch and tag"
ntests=$((ntests + 1))
n=$(printf '%s\n' "$err" | grep -c "007_drop.sql:1:1: error")
if [ "$n" -eq 1 ]; then ok "reported once, under the branch"; else fail "reported $n times"; fi
git -C "$C" checkout -q main
git -C "$C" branch -q -D tagonly
git -C "$C" tag -d v3 >/dev/null

# --- force push ------------------------------------------------------------
git -C "$C" checkout -q feature
commit db/migrations/008_a.sql 'DROP TABLE a;\n' "drop a (never pushed)"
git -C "$C" reset -q --hard HEAD~1
commit db/migrations/008_b.sql 'CREATE INDEX CONCURRENTLY ib ON orders (id);\n' "rewritten"
git -C "$C" push -q origin feature 2>/dev/null
git -C "$C" reset -q --hard HEAD~1
commit db/migrations/008_c.sql 'DROP TABLE c;\n' "rewrite with a risky commit"
fbefore=$(server_ref feature)
push --force origin feature
expect_rc 1 "force push with a risky commit rejected"
expect_err "remote: db/migrations/008_c.sql:1:1: error: DROP TABLE \"c\"" "force push finding"
expect_err "(commit $(short HEAD))" "force push names the commit"
expect_server feature "$fbefore" "force push: server unchanged"
git -C "$C" reset -q --hard HEAD~1
commit db/migrations/008_c.sql 'SELECT 1;\n' "rewrite with a safe commit"
push --force origin feature
expect_rc 0 "clean force push accepted"
push --force origin feature~1:feature
expect_rc 0 "force push back to an ancestor brings nothing"

# --- a new branch with a merge: the finding names the side's commit -------
git -C "$C" checkout -q -b side main
commit db/migrations/011_side.sql 'DROP TABLE side_t;\n' "side: drop"
sidec=$(short HEAD)
git -C "$C" checkout -q -b withmerge main
commit db/migrations/011_main.sql 'SELECT 1;\n' "withmerge: safe"
git -C "$C" merge -q --no-edit side
push origin withmerge
expect_rc 1 "new branch with a merge of a risky side branch"
expect_err "remote: migguard: refs/heads/withmerge (0000000..$(git -C "$C" rev-parse --short=7 HEAD), 3 new commits):" "merge: three new commits"
expect_err "011_side.sql:1:1: error: DROP TABLE \"side_t\"" "merge: the side's file"
expect_err "[ban-drop-table] (commit $sidec)" "merge: attributed to the side's commit, not the merge"
git -C "$C" checkout -q feature
git -C "$C" branch -q -D side withmerge

# --- fail closed -------------------------------------------------------------
cd "$S"
zero=0000000000000000000000000000000000000000
missing=1234567890123456789012345678901234567890
run sh -c "echo '$zero $missing refs/heads/x' | GIT_DIR=. '$MIGGUARD' pre-receive"
expect_rc 2 "missing object rejects"
expect_err "migguard: error: refs/heads/x: cannot read object $missing" "missing object named"
expect_err "push rejected" "rejection said"
run sh -c "echo '$zero $missing refs/heads/x' | GL_ID=user-1 GIT_DIR=. '$MIGGUARD' pre-receive"
expect_rc 2 "missing object rejects (GitLab)"
expect_err "
GL-HOOK-ERR: migguard: push rejected" "GitLab: GL-HOOK-ERR: line for its web UI"
corrupt=abababababababababababababababababababab
mkdir -p objects/ab && printf 'not zlib data' >objects/ab/ababababababababababababababababababab
run sh -c "echo '$zero $corrupt refs/heads/x' | GIT_DIR=. '$MIGGUARD' pre-receive"
rm -f objects/ab/ababababababababababababababababababab
expect_rc 2 "corrupt object rejects"
expect_err "migguard: error: refs/heads/x: cannot read object $corrupt" "corrupt object named"
run sh -c "echo 'garbage line' | GIT_DIR=. '$MIGGUARD' pre-receive"
expect_rc 2 "bad input rejects"
expect_err "input line 1: expected '<old-oid> <new-oid> <ref-name>'" "bad input line named"
run sh -c "printf '' | GIT_DIR=. '$MIGGUARD' pre-receive"
expect_rc 0 "no input: nothing to check"
git config migguard.onError allow
run sh -c "echo '$zero $missing refs/heads/x' | GIT_DIR=. '$MIGGUARD' pre-receive"
expect_rc 0 "migguard.onError=allow lets errors through"
expect_err "errors ignored (migguard.onError=allow)" "allow is said"
git config --unset migguard.onError
# migguard.timeout: a hook that cannot finish (here: stdin never ends) is
# stopped and rejects; the writer holds the FIFO open for far longer.
mkfifo "$T/fifo"
sleep 60 >"$T/fifo" &
writer=$!
git config migguard.timeout 1
run sh -c "GIT_DIR=. '$MIGGUARD' pre-receive <'$T/fifo'"
kill $writer 2>/dev/null
expect_rc 2 "migguard.timeout stops the hook and rejects"
expect_err "migguard: error: migguard.timeout exceeded; push rejected" "timeout said"
expect_err "migguard: not checked: the ref updates: standard input was not read" "timeout names what was not checked"
sleep 60 >"$T/fifo" &
writer=$!
git config migguard.onError allow
run sh -c "GIT_DIR=. '$MIGGUARD' pre-receive <'$T/fifo'"
kill $writer 2>/dev/null
git config --unset migguard.onError
expect_rc 0 "migguard.timeout with onError=allow lets the push through"
expect_err "migguard.timeout exceeded; push allowed" "allowed timeout said"
git config migguard.timeout soon
run sh -c "printf '' | GIT_DIR=. '$MIGGUARD' pre-receive"
expect_rc 0 "a bad migguard.timeout is not fatal"
expect_err "migguard.timeout is not a number of seconds" "bad migguard.timeout said"
git config --unset migguard.timeout
run sh -c "echo '$zero $missing refs/heads/x' | GIT_DIR=. '$MIGGUARD' pre-receive x"
expect_rc 2 "pre-receive takes no arguments"
cd "$T"

# --- quarantine through the fallback open (GIT_WORK_TREE set) --------------
mv "$S/hooks/pre-receive" "$S/hooks/pre-receive.real"
cat >"$S/hooks/pre-receive" <<EOF
#!/bin/sh
GIT_WORK_TREE=. exec "$MIGGUARD" pre-receive
EOF
chmod +x "$S/hooks/pre-receive"
commit db/migrations/009_drop.sql 'DROP TABLE z;\n' "drop z"
push origin feature
expect_rc 1 "fallback open sees the quarantined objects"
expect_err "remote: db/migrations/009_drop.sql:1:1: error: DROP TABLE \"z\"" "fallback finding"
git -C "$C" reset -q --hard HEAD~1
mv "$S/hooks/pre-receive.real" "$S/hooks/pre-receive"

# --- chaining an existing server hook: both see the same stdin ------------
mv "$S/hooks/pre-receive" "$T/shim"
cat >"$S/hooks/pre-receive" <<EOF
#!/bin/sh
cat >"$T/chained-input"
EOF
chmod +x "$S/hooks/pre-receive"
run "$MIGGUARD" install --repo "$S"
expect_rc 0 "install chains the server's hook"
commit db/migrations/010_drop.sql 'DROP TABLE w;\n' "drop w"
push origin feature
expect_rc 1 "chained server hook: migguard still rejects"
ntests=$((ntests + 1))
if grep -q " refs/heads/feature\$" "$T/chained-input"; then ok "the chained hook got the ref lines"; else fail "chained hook input"; fi
git -C "$C" reset -q --hard HEAD~1
commit db/migrations/010_ok.sql 'SELECT 1;\n' "ok"
push origin feature
expect_rc 0 "chained server hook: clean push accepted"

finish
