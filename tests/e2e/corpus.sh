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
finish
