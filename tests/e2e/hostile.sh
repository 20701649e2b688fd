#!/bin/sh
# hostile.sh - hostile and broken input (issue 9): every case ends with a
# defined exit status (0, 1 or 2, never a signal) and, when a file cannot be
# checked, a message naming it; no raw control character ever reaches the
# terminal.  Big inputs are generated here, in the temporary directory.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

ESC=$(printf '\033')

# no_raw_ctl DESC: neither stdout nor stderr holds a control character
# other than newline and tab
no_raw_ctl() {
	ntests=$((ntests + 1))
	n=$(cat "$T/out" "$T/err" | tr -d '\n\t' | LC_ALL=C tr -d '\040-\176\200-\377' | wc -c)
	if [ "$n" -eq 0 ]; then ok "$1: no raw control characters"; else fail "$1: $n raw control characters in the output"; fi
}

# big BYTES CHAR: BYTES copies of CHAR on stdout, no newline
big() {
	head -c "$1" /dev/zero | tr '\0' "$2"
}

mkdir -p "$T/f"
cd "$T/f" || exit 2

## --- content ----------------------------------------------------------------
printf 'SELECT 1;\0DROP TABLE x;\n' >nul.sql
run "$MIGGUARD" check nul.sql
expect_rc 2 "NUL byte"
expect_out "nul.sql: error: binary content (NUL byte at line 1, column 10): file not checked" "NUL byte: file named, position given"

head -c 4096 /dev/urandom >random.sql
printf '\0' >>random.sql
run "$MIGGUARD" check random.sql
expect_rc 2 "random binary content"
expect_out "random.sql: error: binary content" "random binary content: file named"
no_raw_ctl "random binary content"

printf 'CREATE TABLE t\377\376 (id int); -- \300\257 \355\240\200\n' >badutf8.sql
run "$MIGGUARD" check badutf8.sql
expect_rc 0 "invalid UTF-8, nothing risky"

printf 'DROP TABLE "x\377\033[2J";\n' >badutf8-risky.sql
run "$MIGGUARD" check badutf8-risky.sql
expect_rc 1 "invalid UTF-8 and an escape in a table name"
expect_out 'DROP TABLE "x\xff\x1b[2J"' "invalid UTF-8 and ESC shown escaped in the message"
no_raw_ctl "invalid UTF-8 in a message"
run "$MIGGUARD" check --format json badutf8-risky.sql
expect_rc 1 "invalid UTF-8: json"
expect_out '\u001b[2J' "json escapes ESC"
if command -v python3 >/dev/null 2>&1; then
	ntests=$((ntests + 1))
	if python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$T/out" 2>/dev/null; then
		ok "invalid UTF-8: json output is valid UTF-8 JSON"
	else
		fail "invalid UTF-8: json output is not valid UTF-8 JSON"
	fi
fi

: >empty.sql
run "$MIGGUARD" check --format json empty.sql
expect_rc 0 "empty file"
expect_out '"files_checked": 1' "empty file counted as checked"

printf -- '-- only comments\n/* a block\n   comment */\n-- DROP TABLE x;\n' >comments.sql
run "$MIGGUARD" check comments.sql
expect_rc 0 "comment-only file"
printf '\357\273\277-- BOM, then a comment only\n' >bom.sql
run "$MIGGUARD" check bom.sql
expect_rc 0 "BOM and a comment only"

## --- size -------------------------------------------------------------------
# 100 MB, sparse: the bound is checked before the file is read
truncate -s 100M huge.sql 2>/dev/null || dd if=/dev/zero of=huge.sql bs=1 count=0 seek=104857600 2>/dev/null
run "$MIGGUARD" check huge.sql
expect_rc 2 "100 MB migration"
expect_out "huge.sql: error: file is 104857600 bytes, more than migguard.maxFileSize (16777216 bytes): not checked" "100 MB: reported with its size"

# the bound is migguard.maxFileSize (here from a --config file), on disk and in git
printf '[migguard]\n\tmaxFileSize = 1k\n' >"$T/small.conf"
{ printf 'CREATE TABLE t (id int); -- '; big 2000 z; printf '\n'; } >over1k.sql
run "$MIGGUARD" check --config "$T/small.conf" over1k.sql
expect_rc 2 "migguard.maxFileSize = 1k"
expect_out "over1k.sql: error: file is 2029 bytes, more than migguard.maxFileSize (1024 bytes): not checked" "maxFileSize from the config"
printf '[migguard]\n\tmaxFileSize = 0\n' >"$T/nolimit.conf"
run "$MIGGUARD" check --config "$T/nolimit.conf" over1k.sql
expect_rc 0 "migguard.maxFileSize = 0: no limit"

{ printf "SELECT '"; big 5242880 x; printf "';\n"; } >longline.sql
run "$MIGGUARD" check longline.sql
expect_rc 0 "a single 5 MB line"
{ printf 'DROP TABLE t; -- '; big 5242880 y; } >longcomment.sql
run "$MIGGUARD" check longcomment.sql
expect_rc 1 "a 5 MB comment after a risky statement"
expect_out "longcomment.sql:1:1: error: DROP TABLE" "5 MB line: finding anchored"
{ printf 'CREATE TABLE t (id int);\nSELECT $$'; big 5242880 z; printf ' ;\n'; } >longtoken.sql
run "$MIGGUARD" check longtoken.sql
expect_rc 1 "a 5 MB unterminated dollar quote"
expect_out 'at or near "$$zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz..." (a token of 5242885 bytes)' "5 MB token: quoted shortened, its size said"
ntests=$((ntests + 1))
if [ "$(wc -c <"$T/out")" -lt 2000 ]; then ok "5 MB token: the report stays short"; else fail "5 MB token: $(wc -c <"$T/out") bytes of report"; fi

## --- nesting ----------------------------------------------------------------
if command -v python3 >/dev/null 2>&1; then
	for kind in plus cast paren not case subquery; do
		python3 - "$kind" >deep-$kind.sql <<'EOF'
import sys
k, n = sys.argv[1], 200000
s = {
    "plus": "SELECT 1" + "+1" * n,
    "cast": "SELECT 1" + "::text" * n,
    "paren": "SELECT " + "(" * n + "1" + ")" * n,
    "not": "SELECT " + "NOT " * n + "true",
    "case": "SELECT " + "CASE WHEN " * n + "true" + " THEN 1 END" * n,
    "subquery": "SELECT " + "(SELECT " * n + "1" + ")" * n,
}[k]
sys.stdout.write("CREATE TABLE ok (id int);\n" + s + ";\n")
EOF
		run "$MIGGUARD" check "deep-$kind.sql"
		expect_rc 1 "SQL nested 200,000 levels deep ($kind)"
		expect_out "deep-$kind.sql:2:" "nesting ($kind): anchored on line 2"
		expect_out "[syntax-error]" "nesting ($kind): reported as a file that cannot be parsed"
	done
	run "$MIGGUARD" check deep-plus.sql
	expect_out "statement nested too deeply to parse safely" "left-deep chain refused before parsing"
	# a legitimately deep but sane expression still parses
	python3 -c 'print("SELECT " + "(" * 200 + "1" + "+1" * 200 + ")" * 200 + ";")' >deep-ok.sql
	run "$MIGGUARD" check deep-ok.sql
	expect_rc 0 "200 levels of nesting still checked"
fi

## --- paths ------------------------------------------------------------------
run "$MIGGUARD" check does/not/exist.sql
expect_rc 2 "missing path"
expect_out "does/not/exist.sql: error: No such file or directory" "missing path named"

mkdir -p emptydir/sub
run "$MIGGUARD" check emptydir
expect_rc 0 "directory with no SQL files"

run "$MIGGUARD" check /dev/null
expect_rc 2 "a device as a path"
expect_out "/dev/null: error: not a regular file" "device named"

mkdir -p fifo
mkfifo fifo/pipe.sql 2>/dev/null && {
	run "$MIGGUARD" check fifo
	expect_rc 2 "a FIFO in a directory (never opened)"
	expect_out "fifo/pipe.sql: error: not a regular file" "FIFO named"
}

mkdir -p links
printf 'CREATE TABLE a (id int);\n' >links/001_ok.sql
printf 'DROP TABLE secret;\n' >"$T/outside.sql"
ln -s "$T/outside.sql" links/002_link.sql
ln -s "$T" links/dirlink
run "$MIGGUARD" check links
expect_rc 2 "symlink in a directory"
expect_out "links/002_link.sql: error: symbolic link: not followed, not checked" "symlink reported, not followed"
expect_no_out "secret" "symlink target never read"

mkdir -p names
printf 'DROP TABLE a;\n' >"names/with space.sql"
printf 'DROP TABLE b;\n' >"names/new
line.sql"
printf 'DROP TABLE c;\n' >"names/${ESC}]0;pwned$(printf '\007')${ESC}[2J.sql"
run "$MIGGUARD" check names
expect_rc 1 "odd file names"
expect_out "names/with space.sql:1:1: error:" "space in a name kept"
expect_out 'names/new\x0aline.sql:1:1: error:' "newline in a name escaped"
expect_out 'names/\x1b]0;pwned\x07\x1b[2J.sql:1:1: error:' "escape sequences in a name escaped"
no_raw_ctl "odd file names (text)"
run "$MIGGUARD" check --format json names
expect_rc 1 "odd file names: json"
expect_out '"path": "names/new\nline.sql"' "json: newline escaped"
expect_out '"path": "names/\u001b]0;pwned\u0007\u001b[2J.sql"' "json: escapes escaped"
no_raw_ctl "odd file names (json)"

## --- Git LFS pointer ----------------------------------------------------------
LFS='version https://git-lfs.github.com/spec/v1
oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393
size 12345
'
printf '%s' "$LFS" >lfs.sql
run "$MIGGUARD" check lfs.sql
expect_rc 2 "Git LFS pointer on disk"
expect_out "lfs.sql: error: Git LFS pointer: the migration's content is not in the repository" "LFS pointer reported, not linted"
expect_no_out "syntax-error" "LFS pointer not parsed as SQL"

## --- in a repository ----------------------------------------------------------
R="$T/repo"
new_repo "$R"
cd "$R" || exit 2
mkdir -p db/migrations
printf 'CREATE TABLE a (id int);\n' >db/migrations/001_ok.sql
ln -s /etc/passwd db/migrations/002_link.sql
printf '%s' "$LFS" >db/migrations/003_lfs.sql
printf 'DROP TABLE n;\n' >"db/migrations/004_${ESC}[31mred
x.sql"
big 17000000 ' ' >db/migrations/005_big.sql
git add db
# a submodule (gitlink) named like a migration, and one that is not
sub=$(git rev-parse HEAD)
git update-index --add --cacheinfo "160000,$sub,db/migrations/006_sub.sql"
git update-index --add --cacheinfo "160000,$sub,db/migrations/vendor"
git commit -q -m "hostile tree"

run "$MIGGUARD" check --all
expect_rc 2 "hostile tree"
expect_out "db/migrations/002_link.sql: error: symbolic link in a migration directory: not followed, not checked" "git: symlink reported"
expect_no_out "root:" "git: symlink target never read"
expect_out "db/migrations/003_lfs.sql: error: Git LFS pointer" "git: LFS pointer reported"
expect_out 'db/migrations/004_\x1b[31mred\x0ax.sql:1:1: error: DROP TABLE' "git: escaped name"
expect_out "db/migrations/005_big.sql: error: file is 17000000 bytes, more than migguard.maxFileSize (16777216 bytes): not checked" "git: big blob reported, not loaded"
git -C "$R" config migguard.maxFileSize 100
run "$MIGGUARD" check --all
expect_out "db/migrations/003_lfs.sql: error: file is 130 bytes, more than migguard.maxFileSize (100 bytes): not checked" "git: maxFileSize from the repository config"
git -C "$R" config --unset migguard.maxFileSize
expect_out "db/migrations/006_sub.sql: error: submodule in a migration directory: not checked" "git: submodule reported"
expect_no_out "vendor" "git: a submodule not named like a migration is ignored"
no_raw_ctl "hostile tree"
run "$MIGGUARD" check --all --format json
expect_rc 2 "hostile tree: json"
no_raw_ctl "hostile tree: json"

# commit messages with escape sequences
git checkout -q -b evil
printf 'DROP TABLE m;\n' >db/migrations/007_drop.sql
git add db/migrations/007_drop.sql
git commit -q -m "$(printf 'evil \033]0;pwned\007\033[2J\r\n\nCo-authored-by: \033[31mx\033[0m <x@example.com>')"
run "$MIGGUARD" check --range main..evil
ntests=$((ntests + 1))
case $rc in 1|2) ok "commit message with escapes: exit $rc" ;; *) fail "commit message with escapes: exit $rc" ;; esac
expect_out "db/migrations/007_drop.sql:1:1: error: DROP TABLE" "commit message with escapes: file still checked"
no_raw_ctl "commit message with escapes"
run "$MIGGUARD" check --range main..evil --format json
no_raw_ctl "commit message with escapes: json"
if "$MIGGUARD" --help 2>&1 | grep -q commit-msg; then
	printf 'evil \033]0;pwned\007\033[2J\n\nCo-authored-by: \033[31mClaude\033[0m <noreply@anthropic.com>\n' >"$T/msg"
	git add db/migrations/007_drop.sql
	run "$MIGGUARD" commit-msg "$T/msg"
	ntests=$((ntests + 1))
	case $rc in 0|1|2) ok "commit-msg with escapes: exit $rc" ;; *) fail "commit-msg with escapes: exit $rc" ;; esac
	no_raw_ctl "commit-msg with escapes"
fi

# pre-receive over a push of hostile names and messages (the commit is on no
# branch yet, as in a push quarantine)
if "$MIGGUARD" --help 2>&1 | grep -q pre-receive; then
	git checkout -q --detach main
	printf 'DROP TABLE p;\n' >"db/migrations/008_${ESC}]0;pwned$(printf '\007').sql"
	git add db/migrations
	git commit -q -m "$(printf 'push \033[2J\033]0;pwned\007\n\nCo-authored-by: Claude <noreply@anthropic.com>')"
	pushed=$(git rev-parse HEAD)
	git checkout -q main
	rc=0
	printf '%s %s refs/heads/main\n' "$(git rev-parse main)" "$pushed" |
		(cd "$R/.git" && GIT_DIR=. "$MIGGUARD" pre-receive) >"$T/out" 2>"$T/err" || rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
	ntests=$((ntests + 1))
	case $rc in 1|2) ok "pre-receive of hostile names rejects (exit $rc)" ;; *) fail "pre-receive of hostile names: exit $rc" ;; esac
	ntests=$((ntests + 1))
	case "$out$err" in *'008_\x1b]0;pwned\x07.sql'*) ok "pre-receive shows the name escaped" ;; *) fail "pre-receive does not show the escaped name" ;; esac
	no_raw_ctl "pre-receive of hostile names and messages"
fi

# a missing and a corrupt object: fail closed (exit 2, named).  The commit
# is on no branch, as in a push quarantine.
C="$T/corrupt"
new_repo "$C"
mkdir -p "$C/db/migrations"
printf 'CREATE TABLE a (id int);\n' >"$C/db/migrations/001_a.sql"
printf 'CREATE TABLE b (id int);\n' >"$C/db/migrations/002_b.sql"
git -C "$C" checkout -q -b tmp
git -C "$C" add db
git -C "$C" commit -q -m "two migrations"
new=$(git -C "$C" rev-parse HEAD)
old=$(git -C "$C" rev-parse main)
git -C "$C" checkout -q main
git -C "$C" branch -q -D tmp
blob_a=$(git -C "$C" rev-parse "$new:db/migrations/001_a.sql")
blob_b=$(git -C "$C" rev-parse "$new:db/migrations/002_b.sql")
obj_a="$C/.git/objects/$(echo "$blob_a" | cut -c1-2)/$(echo "$blob_a" | cut -c3-)"
obj_b="$C/.git/objects/$(echo "$blob_b" | cut -c1-2)/$(echo "$blob_b" | cut -c3-)"
rm -f "$obj_a"
run "$MIGGUARD" check --repo "$C" --range "main..$new"
expect_rc 2 "missing blob in a range"
expect_err "db/migrations/001_a.sql" "missing blob: file named"
printf 'CREATE TABLE a (id int);\n' | git -C "$C" hash-object -w --stdin >/dev/null
chmod u+w "$obj_b"
printf 'garbage, not zlib' >"$obj_b"
run "$MIGGUARD" check --repo "$C" --range "main..$new"
expect_rc 2 "corrupt blob in a range"
expect_err "db/migrations/002_b.sql" "corrupt blob: file named"
rm -f "$obj_a"
if "$MIGGUARD" --help 2>&1 | grep -q pre-receive; then
	rc=0
	printf '%s %s refs/heads/main\n' "$old" "$new" |
		(cd "$C/.git" && GIT_DIR=. "$MIGGUARD" pre-receive) >"$T/out" 2>"$T/err" || rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
	ntests=$((ntests + 1))
	if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ]; then ok "pre-receive with a missing object rejects (exit $rc)"; else fail "pre-receive with a missing object: exit $rc"; fi
	ntests=$((ntests + 1))
	case "$out$err" in *001_a.sql*|*"$blob_a"*) ok "pre-receive names the missing object" ;; *) fail "pre-receive does not name the missing object" ;; esac
fi

## --- arguments echoed in usage errors ----------------------------------------
EVIL="${ESC}]0;pwned$(printf '\007')${ESC}[2J"
for args in "$EVIL" "check --$EVIL" "check --format $EVIL x.sql" "check --pg-version $EVIL x.sql" \
	"check --fail-on $EVIL x.sql" "explain $EVIL"; do
	# shellcheck disable=SC2086
	run "$MIGGUARD" $args
	expect_rc 2 "usage error echoing an escape sequence ($(echo "$args" | cut -c1-14 | tr -d '\033\007'))"
	no_raw_ctl "usage error echoing an escape sequence"
done

## --- malformed config ---------------------------------------------------------
if "$MIGGUARD" check --help 2>&1 | grep -q -- --config; then
	printf '[migguard\n\tpgVersion = 15\n' >"$T/bad.conf"
	run "$MIGGUARD" check --config "$T/bad.conf" "$T/f/empty.sql"
	expect_rc 2 "malformed config"
	expect_err "bad.conf" "malformed config: file named"
	printf '[migguard]\n\tfailOn = \033[2Jloud\n' >"$T/bad2.conf"
	run "$MIGGUARD" check --config "$T/bad2.conf" "$T/f/empty.sql"
	expect_rc 2 "config value with an escape sequence"
	no_raw_ctl "config value with an escape sequence"
fi

## --- malformed and hostile rule packs -----------------------------------------
mkdir -p "$T/packs-bad" "$T/packs-evil"
printf 'rule bad-\033[2Jid\nscope content\npattern x\nmessage m\n' >"$T/packs-bad/bad.rules"
printf 'rule ok-id\nscope content\npattern (unclosed\nmessage m\n' >"$T/packs-bad/regex.rules"
run env MIGGUARD_RULES_DIR="$T/packs-bad" "$MIGGUARD" check "$T/f/comments.sql"
expect_rc 2 "malformed rule pack"
expect_err "packs-bad/bad.rules:1: 'rule' needs an id" "malformed rule pack: file:line named"
no_raw_ctl "malformed rule pack"
printf 'rule evil-id\nscope content\nkind finding\nseverity warning\npattern (?i)drop\nmessage msg \033]0;pwned\007 here\nhelp help \033[31m red\n' >"$T/packs-evil/evil.rules"
printf 'DROP TABLE t;\n' >"$T/f/evil-pack.sql"
for fmt in text json sarif github gitlab; do
	run env MIGGUARD_RULES_DIR="$T/packs-evil" "$MIGGUARD" check --format "$fmt" "$T/f/evil-pack.sql"
	expect_rc 1 "escape sequences in a rule pack's message ($fmt)"
	no_raw_ctl "escape sequences in a rule pack's message ($fmt)"
done
run env MIGGUARD_RULES_DIR="$T/packs-evil" "$MIGGUARD" explain evil-id
no_raw_ctl "escape sequences in a rule pack: explain"

finish
