#!/bin/sh
# files.sh - `check PATH...` on files and directories, text and JSON output.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

mkdir -p "$T/m"
printf 'CREATE TABLE t (id bigint);\n' >"$T/m/001_ok.sql"
printf -- '-- risky\nALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;\n\nCREATE INDEX i ON orders (x);\n' >"$T/m/002_bad.sql"

run "$MIGGUARD" check "$T/m/001_ok.sql"
expect_rc 0 "clean file"
[ -z "$out" ] && ok "clean file prints nothing" || fail "clean file prints nothing"

run "$MIGGUARD" check "$T/m/002_bad.sql"
expect_rc 1 "risky file"
expect_out "$T/m/002_bad.sql:2:30: error: ADD COLUMN \"tenant_id\" NOT NULL" "adding-required-field anchored at the column"
expect_out "[adding-required-field]" "rule id in brackets"
expect_out "$T/m/002_bad.sql:4:1: error: CREATE INDEX without CONCURRENTLY takes a SHARE lock on \"orders\", which blocks writes" "index finding anchored"
expect_out "  help: CREATE INDEX CONCURRENTLY" "help line"

run "$MIGGUARD" check "$T/m"
expect_rc 1 "directory"
expect_out "2 errors, 2 warnings in 2 files checked" "directory: both files checked"

run "$MIGGUARD" check --format json "$T/m/002_bad.sql"
expect_rc 1 "json"
expect_out '"version": 1, "files_checked": 1' "json header"
expect_out '"rule": "adding-required-field", "severity": "error"' "json finding"
expect_out '"line": 2, "column": 30' "json position"
if command -v python3 >/dev/null 2>&1; then
	ntests=$((ntests + 1))
	if printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert set(d) == {"version", "files_checked", "findings", "errors"}, d.keys()
for f in d["findings"]:
    assert set(f) == {"rule","severity","path","line","column","end_line","end_column","message","help","commit"}, f.keys()
    assert f["severity"] in ("error", "warning")
    assert isinstance(f["line"], int) and f["line"] >= 1
'; then ok "json matches the DESIGN.md shape"; else fail "json shape"; fi
fi

run "$MIGGUARD" check --fail-on warning "$T/m/001_ok.sql"
expect_rc 0 "--fail-on warning on a clean file"

run "$MIGGUARD" check "$T/m/missing.sql"
expect_rc 2 "missing file"
expect_out "missing.sql: error: No such file or directory" "missing file named"

printf 'SELECT 1;\0DROP TABLE x;\n' >"$T/m/bin.sql"
run "$MIGGUARD" check "$T/m/bin.sql"
expect_rc 2 "binary file"
expect_out "binary content" "binary file reported"

printf 'CREATE TABLE ok (id int);\nALTER TABLE x ADD COLUMN;\n' >"$T/m/syntax.sql"
run "$MIGGUARD" check "$T/m/syntax.sql"
expect_rc 1 "syntax error"
expect_out "syntax.sql:2:25: error: PostgreSQL 15 grammar rejects this statement: syntax error at or near \";\"; this statement (line 2) was not checked, the file's other statement was" "syntax error anchored, names what was not checked"

run "$MIGGUARD" check --pg-version 10 "$TOP_SRCDIR/tests/fixtures/sql/adding-field-with-default/ok.sql"
expect_rc 1 "pg 10: constant default rewrites"
run "$MIGGUARD" check --pg-version 11 "$TOP_SRCDIR/tests/fixtures/sql/adding-field-with-default/ok.sql"
expect_rc 0 "pg 11: constant default is fine"

finish
