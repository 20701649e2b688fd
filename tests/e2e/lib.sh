# lib.sh - helpers for the end-to-end tests (sourced).  Each test makes its
# own temporary git repositories and runs the built binary on them.
set -u
: "${MIGGUARD:?run through make check}"
: "${TOP_SRCDIR:?run through make check}"

T=$(mktemp -d "${TMPDIR:-/tmp}/migguard-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
mkdir -p "$HOME"
git config --global user.name "Test User"
git config --global user.email "test@example.com"
git config --global init.defaultBranch main
git config --global advice.detachedHead false
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES

fails=0
ntests=0

# run CMD...: runs it, keeping stdout in $out, stderr in $err, status in $rc
run() {
	rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

fail() {
	fails=$((fails + 1))
	echo "FAIL: $*"
	echo "  exit: $rc"
	echo "  stdout: $out" | head -20
	echo "  stderr: $err" | head -10
}

ok() { echo "ok: $*"; }

# expect_rc N DESC
expect_rc() {
	ntests=$((ntests + 1))
	if [ "$rc" -eq "$1" ]; then ok "$2 (exit $1)"; else fail "$2: expected exit $1"; fi
}

# expect_out PATTERN DESC: stdout contains the fixed string
expect_out() {
	ntests=$((ntests + 1))
	case "$out" in *"$1"*) ok "$2" ;; *) fail "$2: stdout lacks '$1'" ;; esac
}
expect_no_out() {
	ntests=$((ntests + 1))
	case "$out" in *"$1"*) fail "$2: stdout has '$1'" ;; *) ok "$2" ;; esac
}
expect_err() {
	ntests=$((ntests + 1))
	case "$err" in *"$1"*) ok "$2" ;; *) fail "$2: stderr lacks '$1'" ;; esac
}

finish() {
	echo "$ntests checks, $fails failed"
	[ "$fails" -eq 0 ]
}

# new_repo DIR: an empty repository with one commit on main
new_repo() {
	git init -q "$1"
	git -C "$1" commit -q --allow-empty -m "initial"
}
