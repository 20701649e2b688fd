#!/bin/sh
# config.sh - configuration levels, suppressions, baseline, placeholders and
# every output format on real repositories; the server policy through real
# `git push` to a bare repository.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

have_python=0
command -v python3 >/dev/null 2>&1 && have_python=1

# pyjson EXPR: parses $out as JSON into d and prints EXPR (skipped without python3)
pyjson() {
	printf '%s' "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}
expect_eq() { # expect_eq GOT WANT DESC
	ntests=$((ntests + 1))
	if [ "$1" = "$2" ]; then ok "$3"; else fail "$3: got '$1', expected '$2'"; fi
}

R="$T/repo"
new_repo "$R"
mkdir -p "$R/db/migrations"
printf 'CREATE TABLE t (id int);\nDROP TABLE old;\n' >"$R/db/migrations/001_one.sql"
git -C "$R" add . && git -C "$R" commit -q -m "one"
cd "$R"

# --- levels: global < repository < in-tree < --config < flags ---------------
# ban-drop-table is an error by default
run "$MIGGUARD" check --all
expect_rc 1 "default: DROP TABLE is an error"
expect_out "db/migrations/001_one.sql:2:1: error:" "default severity error"

git config --global rule.ban-drop-table.severity warning
run "$MIGGUARD" check --all
expect_rc 0 "global: severity warning"
expect_out "db/migrations/001_one.sql:2:1: warning:" "global level read"

git config migguard.failOn warning
run "$MIGGUARD" check --all
expect_rc 1 "repository: failOn warning"

printf '[migguard]\n\tfailOn = error\n[rule "ban-drop-table"]\n\tseverity = off\n' >"$R/.migguard"
git -C "$R" add .migguard && git -C "$R" commit -q -m "in-tree config"
run "$MIGGUARD" check --all
expect_rc 0 "in-tree: rule off"
expect_no_out "ban-drop-table" "in-tree level read from HEAD's tree"

printf '[rule "ban-drop-table"]\n\tseverity = error\n' >"$T/extra.cfg"
run "$MIGGUARD" check --all --config "$T/extra.cfg"
expect_rc 1 "--config wins over the in-tree file"
run "$MIGGUARD" check --all --config "$T/extra.cfg" --fail-on warning
expect_rc 1 "flag on top"
printf '[migguard]\n\tfailOn = warning\n[rule "ban-drop-table"]\n\tseverity = warning\n' >"$T/extra2.cfg"
run "$MIGGUARD" check --all --config "$T/extra2.cfg"
expect_rc 1 "--config failOn warning"
run "$MIGGUARD" check --all --config "$T/extra2.cfg" --fail-on error
expect_rc 0 "--fail-on flag wins over --config"

# the working tree's .migguard for files on disk
printf '[rule "ban-drop-table"]\n\tseverity = warning\n' >"$R/.migguard"
run "$MIGGUARD" check --fail-on error db/migrations/001_one.sql
expect_rc 0 "files: the working tree's .migguard"
expect_out "warning:" "files: severity from the working tree file"
git -C "$R" checkout -q .migguard

# a symbolic link is not followed
git -C "$R" rm -q .migguard
ln -s "$T/extra2.cfg" "$R/.migguard"
git -C "$R" add .migguard && git -C "$R" commit -q -m "symlinked config"
run "$MIGGUARD" check --all
expect_rc 1 "symlinked .migguard: not followed"
expect_err "migguard: warning: .migguard: not a regular file in the tree (ignored)" "symlinked .migguard: warning"
git -C "$R" rm -q .migguard
printf '[migguard]\n\tfailOn = error\n[rule "ban-drop-table"]\n\tseverity = off\n' >"$R/.migguard"
git -C "$R" add .migguard && git -C "$R" commit -q -m "in-tree config again"

# a repository may refuse in-tree config
git config migguard.allowInTreeConfig false
run "$MIGGUARD" check --all
expect_rc 1 "allowInTreeConfig=false: in-tree file not read"
git config --unset migguard.allowInTreeConfig
git config --unset migguard.failOn
git config --global --unset rule.ban-drop-table.severity

# --- messages: bad value, malformed file, unknown key ------------------------
printf '[migguard]\n\tpgVersion = 15\n\tfailOn = sometimes\n' >"$T/bad.cfg"
run "$MIGGUARD" check --all --config "$T/bad.cfg"
expect_rc 2 "bad value: exit 2"
expect_err "migguard: $T/bad.cfg:3: migguard.failon: 'sometimes' is not error or warning" "bad value: file:line"
printf '[migguard\n' >"$T/broken.cfg"
run "$MIGGUARD" check --all --config "$T/broken.cfg"
expect_rc 2 "malformed file: exit 2"
expect_err "$T/broken.cfg:1: missing ']' in section header" "malformed: file:line"
printf '[migguard]\n\tpgVersoin = 15\n' >"$T/typo.cfg"
run "$MIGGUARD" check --all --config "$T/typo.cfg"
expect_err "migguard: warning: $T/typo.cfg:2: unknown key 'migguard.pgversoin' (ignored)" "unknown key: warning with file:line"
run "$MIGGUARD" check --all --config "$T/nonexistent.cfg"
expect_rc 2 "missing --config file: exit 2"
git config migguard.pgVersion 42
run "$MIGGUARD" check --all
expect_rc 2 "bad value in the repository config: exit 2"
expect_err "/.git/config:" "repository config named"
git config --unset migguard.pgVersion

# --- suppressions ------------------------------------------------------------
git -C "$R" rm -q .migguard
cat >"$R/db/migrations/002_two.sql" <<'EOF'
-- migguard:ignore ban-drop-table archived to s3 in ticket 42
DROP TABLE a;
-- squawk-ignore ban-drop-table
DROP TABLE b;
-- migguard:ignore ban-drop-column stale
CREATE TABLE c (id int);
EOF
git -C "$R" add . && git -C "$R" commit -q -m "two"
run "$MIGGUARD" check db/migrations/002_two.sql
expect_rc 0 "suppressed findings: only warnings left"
expect_no_out "002_two.sql:2:1: error" "migguard:ignore hides the next statement"
expect_no_out "002_two.sql:4:1" "squawk-ignore hides the next statement"
expect_out "002_two.sql:3:1: warning: suppression without a reason" "suppression-without-reason"
expect_out "002_two.sql:5:1: warning: migguard:ignore ban-drop-column hides nothing" "unused-ignore"
git config migguard.allowSuppressions false
run "$MIGGUARD" check db/migrations/002_two.sql
expect_rc 1 "allowSuppressions=false: findings come back"
expect_out "002_two.sql:2:1: error:" "allowSuppressions=false: next-statement form ignored"
git config --unset migguard.allowSuppressions

# --- baseline: adopt a legacy repository --------------------------------------
run "$MIGGUARD" check --all --write-baseline "$T/baseline"
expect_rc 0 "--write-baseline exits 0"
expect_err "findings to the baseline $T/baseline" "baseline written"
run "$MIGGUARD" check --all --baseline "$T/baseline"
expect_rc 0 "baseline hides the legacy findings"
expect_eq "$out" "" "baseline: nothing printed"
# an edit above the findings does not invalidate the baseline; a new finding shows
{ printf -- '-- header added later\n\n'; cat "$R/db/migrations/001_one.sql"; printf 'DROP TABLE newer;\n'; } >"$T/x"
mv "$T/x" "$R/db/migrations/001_one.sql"
git -C "$R" commit -q -am "edit"
run "$MIGGUARD" check --all --baseline "$T/baseline"
expect_rc 1 "baseline: a new finding fails"
expect_out "001_one.sql:5:1: error: DROP TABLE \"newer\"" "baseline: only the new finding"
expect_no_out "DROP TABLE \"old\"" "baseline: moved legacy finding stays hidden"
git config migguard.baseline "$T/baseline"
run "$MIGGUARD" check --all
expect_rc 1 "migguard.baseline config"
expect_no_out "\"old\"" "migguard.baseline hides too"
git config --unset migguard.baseline

# --- placeholders on the real supabase/auth corpus ------------------------------
SUPA=/work/shared/corpus/supabase__auth/migrations
if [ -d "$SUPA" ]; then
	printf '[migguard]\n\tplaceholder =\n' >"$T/noph.cfg"
	run "$MIGGUARD" check --format json --config "$T/noph.cfg" "$SUPA"
	if [ $have_python = 1 ]; then
		expect_eq "$(pyjson "d['files_checked'], len(set(f['path'] for f in d['findings'] if f['rule']=='syntax-error'))")" \
			"70 59" "supabase/auth without placeholders: 59 of 70 files rejected"
	fi
	run "$MIGGUARD" check --format json "$SUPA"
	expect_no_out '"syntax-error"' "supabase/auth with the default placeholders: every file parses"
	if [ $have_python = 1 ]; then
		expect_eq "$(pyjson "d['files_checked'], len(d['errors'])")" "70 0" \
			"supabase/auth: 70 files checked"
	fi
else
	echo "skip: supabase/auth corpus not present"
fi
printf 'CREATE TABLE @@ns@@.t (id int);\nDROP TABLE @@ns@@.u;\n' >"$T/ph.sql"
printf '[migguard]\n\tplaceholder = @@[a-z]+@@\n' >"$T/ph.cfg"
run "$MIGGUARD" check --config "$T/ph.cfg" "$T/ph.sql"
expect_out "ph.sql:2:1: error: DROP TABLE" "custom placeholder: parsed, positions kept"

# --- formats --------------------------------------------------------------------
printf 'DROP TABLE a;\nCREATE INDEX i ON t (c);\n' >"$R/db/migrations/003_risky idx.sql"
git -C "$R" add . && git -C "$R" commit -q -m "three"
# other rules may fire on these statements too: look at these two
MINE="('ban-drop-table', 'require-concurrent-index-creation')"
run "$MIGGUARD" check --range HEAD~1..HEAD --format sarif
expect_rc 1 "sarif: exit status as text"
if [ $have_python = 1 ]; then
	expect_eq "$(pyjson "d['version'], d['runs'][0]['tool']['driver']['name']")" "2.1.0 migguard" \
		"sarif: version and driver"
	expect_eq "$(pyjson "sorted(r['id'] for r in d['runs'][0]['tool']['driver']['rules'] if r['id'] in $MINE)")" \
		"['ban-drop-table', 'require-concurrent-index-creation']" "sarif: rules"
	expect_eq "$(pyjson "sorted(r['id'] for r in d['runs'][0]['tool']['driver']['rules']) == sorted(set(r['ruleId'] for r in d['runs'][0]['results']))")" \
		"True" "sarif: one rule entry per rule with results"
	expect_eq "$(pyjson "[(r['ruleId'], r['level'], r['locations'][0]['physicalLocation']['artifactLocation']['uri'], r['locations'][0]['physicalLocation']['region']['startLine']) for r in d['runs'][0]['results'] if r['ruleId'] in $MINE]")" \
		"[('ban-drop-table', 'error', 'db/migrations/003_risky%20idx.sql', 1), ('require-concurrent-index-creation', 'error', 'db/migrations/003_risky%20idx.sql', 2)]" \
		"sarif: results with physical locations"
	expect_eq "$(pyjson "all(r['message']['text'] and r['partialFingerprints'] and d['runs'][0]['tool']['driver']['rules'][r['ruleIndex']]['id']==r['ruleId'] for r in d['runs'][0]['results'])")" \
		"True" "sarif: messages, fingerprints, rule indexes"
	expect_eq "$(pyjson "all(r['shortDescription']['text'] and r['fullDescription']['text'] and r['help']['text'] for r in d['runs'][0]['tool']['driver']['rules'])")" \
		"True" "sarif: required rule texts"
fi
run "$MIGGUARD" check --range HEAD~1..HEAD --format gitlab
expect_rc 1 "gitlab: exit status"
if [ $have_python = 1 ]; then
	expect_eq "$(pyjson "[(e['check_name'], e['severity'], e['location']['path'], e['location']['lines']['begin'], len(e['fingerprint'])) for e in d if e['check_name'] in $MINE]")" \
		"[('ban-drop-table', 'major', 'db/migrations/003_risky idx.sql', 1, 32), ('require-concurrent-index-creation', 'major', 'db/migrations/003_risky idx.sql', 2, 32)]" \
		"gitlab: code quality entries"
	expect_eq "$(pyjson "len(set(e['fingerprint'] for e in d)) == len(d) and all(e['description'] for e in d)")" \
		"True" "gitlab: unique fingerprints, descriptions"
fi
run "$MIGGUARD" check --range HEAD~1..HEAD --format github
expect_rc 1 "github: exit status"
expect_out "::error file=db/migrations/003_risky idx.sql,line=1,col=1,endLine=1,endColumn=13,title=ban-drop-table::DROP TABLE" \
	"github: workflow command"
run "$MIGGUARD" check --range HEAD~1..HEAD --format json
if [ $have_python = 1 ]; then
	expect_eq "$(pyjson "[f['rule'] for f in d['findings'] if f['rule'] in $MINE]")" \
		"['ban-drop-table', 'require-concurrent-index-creation']" "json: parses"
fi

# hostile names never reach the output raw, in any format
evil=$(printf 'db/migrations/\033]0;x\007\033[2J.sql')
printf 'DROP TABLE a;\n' >"$R/$evil"
git -C "$R" add . && git -C "$R" commit -q -m "$(printf 'evil \033[31m')"
for fmt in text json sarif github gitlab; do
	run "$MIGGUARD" check --range HEAD~1..HEAD --format $fmt
	ntests=$((ntests + 1))
	if printf '%s' "$out" | LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')"; then
		fail "$fmt: raw control character in the output"
	else
		ok "$fmt: no raw control characters"
	fi
done

# --- the commit-msg hook reads the configuration too ---------------------------
CM="$T/cm"
new_repo "$CM"
mkdir -p "$CM/db/migrations"
printf 'DROP TABLE x;\n' >"$CM/db/migrations/001_drop.sql"
git -C "$CM" add .
printf 'drop x\n' >"$T/msg"
(cd "$CM" && run "$MIGGUARD" commit-msg "$T/msg"; echo "$rc" >"$T/rc")
rc=$(cat "$T/rc")
expect_rc 1 "commit-msg: staged DROP TABLE fails by default"
git -C "$CM" config rule.ban-drop-table.severity off
(cd "$CM" && run "$MIGGUARD" commit-msg "$T/msg"; echo "$rc" >"$T/rc")
rc=$(cat "$T/rc")
expect_rc 0 "commit-msg: rule.ban-drop-table.severity=off from the repository config"
git -C "$CM" config --unset rule.ban-drop-table.severity
printf '[rule "ban-drop-table"]\n\tseverity = warning\n' >"$CM/.migguard"
(cd "$CM" && run "$MIGGUARD" commit-msg "$T/msg"; echo "$rc" >"$T/rc")
rc=$(cat "$T/rc")
expect_rc 0 "commit-msg: the working tree's .migguard"
cd "$R"

# --- the server: a committed .migguard changes nothing --------------------------
S="$T/server.git"
C="$T/client"
git init -q --bare "$S"
"$MIGGUARD" install --repo "$S" >/dev/null
git init -q "$C"
git -C "$C" remote add origin "$S"
mkdir -p "$C/db/migrations"
printf 'CREATE TABLE orders (id bigint);\n' >"$C/db/migrations/001_one.sql"
git -C "$C" add . && git -C "$C" commit -q -m init
run git -C "$C" push origin main
expect_rc 0 "server: clean first push"

# the pusher turns the rule off, raises failOn, excludes everything, allows
# suppressions, and suppresses inline
cat >"$C/.migguard" <<'EOF'
[migguard]
	failOn = warning
	exclude = **
	allowSuppressions = true
	allowInTreeConfig = true
	path =
[rule "require-concurrent-index-creation"]
	severity = off
EOF
printf -- '-- migguard:ignore-file require-concurrent-index-creation trust me\nCREATE INDEX i ON orders (id);\n' \
	>"$C/db/migrations/002_two.sql"
git -C "$C" add . && git -C "$C" commit -q -m "risky with a permissive .migguard"
run git -C "$C" push origin main
expect_rc 1 "server: committed .migguard that turns rules off is ignored"
expect_err "remote: db/migrations/002_two.sql:2:1: error: CREATE INDEX without CONCURRENTLY" \
	"server: finding reported despite .migguard and the inline suppression"
ntests=$((ntests + 1))
case "$err" in *".migguard"*) fail "server: the pushed .migguard was read without allowInTreeConfig" ;;
*) ok "server: the pushed .migguard is not even read" ;; esac

# the server allows in-tree config: lowering is still ignored
git -C "$S" config migguard.allowInTreeConfig true
run git -C "$C" push origin main
expect_rc 1 "server allowInTreeConfig: lowering a severity still ignored"
expect_err "remote: db/migrations/002_two.sql:2:1: error: CREATE INDEX without CONCURRENTLY" \
	"server allowInTreeConfig: finding still an error"
expect_err "rule.require-concurrent-index-creation.severity = off ignored" "server: says what it ignored"
expect_err "migguard.exclude ignored" "server: exclude ignored"

# ... while raising one works
git -C "$C" reset -q --hard HEAD~1
cat >"$C/.migguard" <<'EOF'
[rule "unused-ignore"]
	severity = error
EOF
git -C "$S" config migguard.allowSuppressions true
printf -- '-- migguard:ignore ban-drop-table not here\nCREATE TABLE x (id int);\n' >"$C/db/migrations/002_two.sql"
git -C "$C" add . && git -C "$C" commit -q -m "stale ignore, raised to error in-tree"
run git -C "$C" push origin main
expect_rc 1 "server allowInTreeConfig: raising a severity works"
expect_err "remote: db/migrations/002_two.sql:1:1: error: migguard:ignore ban-drop-table hides nothing" \
	"server: the raised severity applies"

# inline suppressions on the server only when the server allows them
printf -- '-- migguard:ignore require-concurrent-index-creation reviewed by the DBA, table is empty\nCREATE INDEX i ON orders (id);\n' \
	>"$C/db/migrations/002_two.sql"
rm "$C/.migguard"
git -C "$C" add -A && git -C "$C" commit -q --amend -m "reviewed index"
run git -C "$C" push origin main
expect_rc 0 "server allowSuppressions=true: a reasoned inline suppression is honoured"
git -C "$S" config migguard.allowSuppressions false
printf -- '-- migguard:ignore require-concurrent-index-creation reviewed\nCREATE INDEX j ON orders (id);\n' \
	>"$C/db/migrations/003_three.sql"
git -C "$C" add -A && git -C "$C" commit -q -m "another"
run git -C "$C" push origin main
expect_rc 1 "server allowSuppressions=false: inline suppression ignored"

# --- check --range: a branch's .migguard may only tighten the base's ---------
BR="$T/branchcfg"
new_repo "$BR"
mkdir -p "$BR/db/migrations"
printf '[rule "ban-char-field"]\n\tseverity = off\n' >"$BR/.migguard"
printf 'SET lock_timeout = 1000;\nSET statement_timeout = 5000;\nCREATE TABLE t (id bigint PRIMARY KEY);\n' >"$BR/db/migrations/001.sql"
git -C "$BR" add -A && git -C "$BR" commit -q -m base
git -C "$BR" checkout -q -b feature
printf '[rule "ban-drop-table"]\n\tseverity = off\n[rule "ban-char-field"]\n\tseverity = error\n[migguard]\n\tfailOn = warning\n' >"$BR/.migguard"
printf 'SET lock_timeout = 1000;\nSET statement_timeout = 5000;\nDROP TABLE legacy;\nCREATE TABLE c (id bigint PRIMARY KEY, code char(3));\n' >"$BR/db/migrations/002.sql"
git -C "$BR" add -A && git -C "$BR" commit -q -m "branch turns a rule off"
run "$MIGGUARD" check --repo "$BR" --range main..feature
expect_rc 1 "range: the branch's .migguard cannot turn a rule off"
expect_out "002.sql:3:1: error: DROP TABLE" "range: ban-drop-table still reported"
expect_err "rule.ban-drop-table.severity = off ignored" "range: the loosening is named"
expect_err "migguard.failon ignored" "range: other keys of the branch's .migguard ignored"
expect_out "[ban-char-field]" "range: the branch may raise a severity the base turned off"
git -C "$BR" checkout -q main
printf '[rule "ban-drop-table"]\n\tseverity = off\n' >>"$BR/.migguard"
git -C "$BR" commit -q -am "base turns the rule off"
git -C "$BR" checkout -q feature
run "$MIGGUARD" check --repo "$BR" --range main..feature
expect_no_out "[ban-drop-table]" "range: the base's .migguard applies in full"

# --- the manual: lints clean and names every key ------------------------------
MAN5="$TOP_SRCDIR/man/migguard.conf.5"
if command -v groff >/dev/null 2>&1; then
	run groff -man -ww -z "$MAN5"
	expect_rc 0 "migguard.conf.5: groff -ww exits 0"
	expect_eq "$err" "" "migguard.conf.5: no groff warnings"
fi
for key in path exclude pgVersion failOn assumeInTransaction framework requireReview \
	reviewTrailer reviewer rulesDir allowSuppressions allowInTreeConfig onError timeout \
	maxFileSize placeholder baseline; do
	ntests=$((ntests + 1))
	if grep -q "^\.B[RI]* migguard\.$key\b" "$MAN5"; then ok "man: migguard.$key documented"
	else fail "man: migguard.$key not documented"; fi
done

finish
