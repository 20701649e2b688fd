#!/bin/sh
# corpus.sh - every real migration in ../shared/corpus is handled: no crash,
# exit 0 or 1 only, every file counted.  Skipped when the corpus is absent.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

CORPUS="${MIGGUARD_CORPUS:-$TOP_SRCDIR/../shared/corpus}"
if [ ! -d "$CORPUS" ]; then
	echo "SKIP: corpus not found at $CORPUS"
	exit 77
fi
n=$(find "$CORPUS" -name '*.sql' | wc -l)
run "$MIGGUARD" check --format json "$CORPUS"
ntests=$((ntests + 1))
if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then ok "corpus: exit $rc"; else fail "corpus: exit $rc"; fi
expect_out "\"files_checked\": $n," "corpus: all $n files checked"
expect_out '"errors": []}' "corpus: no file left unchecked"

# every syntax-error is anchored (line >= 1) and names the grammar's version
syn=$(printf '%s\n' "$out" | grep '"rule": "syntax-error"' || true)
nsyn=$(printf '%s' "$syn" | grep -c . || true)
bad=$(printf '%s' "$syn" | grep -v '"line": [1-9]' | grep -c . || true)
ntests=$((ntests + 1))
if [ "$bad" -eq 0 ]; then ok "corpus: all $nsyn syntax errors have a position"; else fail "corpus: $bad syntax errors without a position"; fi
nogram=$(printf '%s' "$syn" | grep -vc 'PostgreSQL 15' || true)
ntests=$((ntests + 1))
if [ "$nogram" -eq 0 ]; then ok "corpus: syntax errors name the grammar's version"; else fail "corpus: $nogram syntax errors do not name the grammar's version"; fi

# the run's rule counts, for the log (tests/e2e/corpus.log)
echo "rule counts over $n corpus files:"
printf '%s\n' "$out" | sed -n 's/.*"rule": "\([a-z0-9-]*\)".*/\1/p' | sort | uniq -c | sort -rn
finish
