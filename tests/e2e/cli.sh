#!/bin/sh
# cli.sh - the CLI contract: help, version, usage errors exit 2.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

run "$MIGGUARD" --version
expect_rc 0 "--version"
expect_out "migguard " "--version prints the name"

run "$MIGGUARD" --help
expect_rc 0 "--help"
expect_out "check" "--help lists check"

run "$MIGGUARD" check --help
expect_rc 0 "check --help"
expect_out "--range A..B" "check --help lists --range"

run "$MIGGUARD"
expect_rc 2 "no command"

run "$MIGGUARD" frobnicate
expect_rc 2 "unknown command"
expect_err "Try 'migguard --help'" "unknown command points at --help"

run "$MIGGUARD" check --bogus x.sql
expect_rc 2 "unknown flag"
expect_err "unknown option '--bogus'" "unknown flag is named"

run "$MIGGUARD" check
expect_rc 2 "nothing to check"

run "$MIGGUARD" check --format xml x.sql
expect_rc 2 "bad --format"
run "$MIGGUARD" check --fail-on fatal x.sql
expect_rc 2 "bad --fail-on"
run "$MIGGUARD" check --pg-version abc x.sql
expect_rc 2 "bad --pg-version"
run "$MIGGUARD" check --color sometimes x.sql
expect_rc 2 "bad --color"
run "$MIGGUARD" check --range
expect_rc 2 "--range without a value"
run "$MIGGUARD" check --staged --all
expect_rc 2 "two sources"

run "$MIGGUARD" rules
expect_rc 0 "rules"
for id in require-concurrent-index-creation adding-field-with-default adding-required-field ban-drop-table ban-drop-column syntax-error; do
	expect_out "$id" "rules lists $id"
	run "$MIGGUARD" explain "$id"
	expect_rc 0 "explain $id"
	expect_out "Safe way" "explain $id gives the safe way"
	run "$MIGGUARD" rules
done
# issue 3: lock, rewrite and data-safety rules
for id in adding-foreign-key-constraint adding-not-nullable-field adding-serial-primary-key-field \
	ban-alter-domain-with-add-constraint ban-concurrent-index-creation-in-transaction \
	ban-create-domain-with-constraint ban-drop-database ban-drop-not-null ban-truncate-cascade \
	ban-uncommitted-transaction changing-column-type constraint-missing-not-valid \
	disallowed-unique-constraint prefer-repack renaming-column renaming-table \
	require-concurrent-index-deletion require-concurrent-partition-detach require-concurrent-reindex \
	require-lock-timeout require-statement-timeout transaction-nesting lock-held-across-statements \
	table-rewrite require-concurrent-refresh ban-explicit-lock-table unbatched-data-change \
	data-change-in-ddl-transaction ban-alter-enum-add-value-in-transaction; do
	run "$MIGGUARD" rules
	expect_out "$id" "rules lists $id"
	run "$MIGGUARD" explain "$id"
	expect_rc 0 "explain $id"
	expect_out "Lock:" "explain $id names the lock"
	expect_out "Safe way" "explain $id gives the safe way"
	expect_out "Severity:" "explain $id says why its severity"
	expect_out "Bad:" "explain $id: bad example"
	expect_out "Good:" "explain $id: good example"
done
run "$MIGGUARD" rules --format json
expect_rc 0 "rules --format json"
expect_out '"id": "ban-drop-table"' "rules json has ids"
run "$MIGGUARD" explain prefer-timestamp-tz
expect_rc 0 "explain accepts squawk's spelling prefer-timestamp-tz"
expect_out "prefer-timestamptz" "explain prefer-timestamp-tz shows prefer-timestamptz"
run "$MIGGUARD" explain no-such-rule
expect_rc 2 "explain unknown rule"

finish
