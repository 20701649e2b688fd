#!/bin/sh
# history.sh - history rules (issue 6) on real git histories, per framework:
# each rule fires where it should and stays quiet on well-formed changes.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

# expect_finding PATH:LINE SEVERITY RULE DESC: a text finding with all three
expect_finding() {
	ntests=$((ntests + 1))
	if printf '%s\n' "$out" | grep -F "$1:" | grep -F ": $2: " | grep -qF "[$3]"; then
		ok "$4"
	else
		fail "$4: no $2 [$3] at $1"
	fi
}
# expect_no_rule RULE [PATH] DESC
expect_no_rule() {
	ntests=$((ntests + 1))
	if printf '%s\n' "$out" | grep -F "${2:-}" | grep -qF "[$1]"; then
		fail "$3: [$1] reported${2:+ for $2}"
	else
		ok "$3"
	fi
}

# repo NAME: a fresh repository in $R, on main
repo() {
	R="$T/$1"
	new_repo "$R"
}
put() { mkdir -p "$(dirname "$R/$1")" && printf '%b' "$2" >"$R/$1"; }
commit() { git -C "$R" add -A && git -C "$R" commit -q -m "$1"; }
branch() { git -C "$R" checkout -q -b feature; }
range() { run "$MIGGUARD" check --repo "$R" --range main..feature "$@"; }

# --- golang-migrate --------------------------------------------------------
# golang_case PAD: the golang-migrate change with PAD migration pairs in two
# other sets; with many shared paths history.c merges the result's keys
# into the base's order instead of sorting them (result_keys()).
golang_case() {
	repo "golang$1"
	D=db/migrations
	put $D/0001_init.up.sql 'SELECT 1;\nSELECT 2;\n'
	put $D/0001_init.down.sql 'SELECT 1;\n'
	put $D/0002_b.up.sql 'SELECT 1;\n'
	put $D/0002_b.down.sql 'SELECT 1;\n'
	put $D/0010_j.up.sql 'SELECT 1;\n'
	put $D/0010_j.down.sql 'SELECT 1;\n'
	put $D/README.md 'docs are not migrations\n'
	# padding: other migration sets, before and after this one
	k=0
	while [ $k -lt "$1" ]; do
		put aaa/migrations/$((1000 + k))_p.up.sql 'SELECT 1;\n'
		put aaa/migrations/$((1000 + k))_p.down.sql 'SELECT 1;\n'
		put zzz/migrations/$((1000 + k))_p.up.sql 'SELECT 1;\n'
		put zzz/migrations/$((1000 + k))_p.down.sql 'SELECT 1;\n'
		k=$((k + 1))
	done
	commit base
	branch
	put $D/0001_init.up.sql 'SELECT 1;\nSELECT 3;\n'
	put $D/0002_b.down.sql '-- harmless note\nselect   1;\n'
	put $D/0003_c.up.sql 'SELECT 1;\n'
	put $D/0010_dup.up.sql 'SELECT 1;\n'
	put $D/0010_dup.down.sql 'SELECT 1;\n'
	put $D/add_users.sql 'SELECT 1;\n'
	put $D/0011_ok.up.sql 'SELECT 1;\n'
	put $D/0011_ok.down.sql 'SELECT 1;\n'
	put $D/0020_x.up.sql 'SELECT 1;\n'
	put $D/0020_x.down.sql 'SELECT 1;\n'
	put $D/0020_y.up.sql 'SELECT 1;\n'
	put $D/0020_y.down.sql 'SELECT 1;\n'
	put $D/README.md 'docs change freely\n'
	git -C "$R" rm -q $D/0001_init.down.sql
	commit feature
	range
	expect_rc 1 "golang-migrate: history errors fail the check"
	expect_finding $D/0001_init.up.sql:2 error migration-edited "edited migration, anchored at the changed line"
	expect_finding $D/0002_b.down.sql:1 warning migration-edited "comment/whitespace-only edit is a warning"
	expect_finding $D/0003_c.up.sql:1 error migration-out-of-order "version before the newest on the base"
	expect_finding $D/0003_c.up.sql:1 warning migration-missing-down "up without down where the directory pairs them"
	expect_out "no down migration ('$D/0003_c.down.sql' is missing)" "missing-down names the expected file"
	expect_finding $D/0010_dup.up.sql:1 error migration-duplicate-version "duplicate version"
	expect_finding $D/add_users.sql:1 warning migration-name-invalid "name golang-migrate ignores"
	expect_finding $D/0001_init.down.sql:1 error migration-deleted "deleted migration"
	expect_no_rule migration $D/0011_ok "well-formed new pair is quiet"
	expect_no_rule migration README "non-migration files are not history-checked"
	expect_out "is also used by '$D/0010_j.up.sql'" "duplicate names the other file"
	expect_finding $D/0020_x.up.sql:1 error migration-duplicate-version "two new steps, one version"
	expect_out "is also used by '$D/0020_y.up.sql'" "the other new step is named"
	run "$MIGGUARD" check --repo "$R" --range main..feature --format json
	expect_out '"rule": "migration-edited", "severity": "error", "path": "db/migrations/0001_init.up.sql", "line": 2' "json finding"
}
golang_case 0
golang_case 30

# renames: renumbering is an error, moving the directory is not
git -C "$R" checkout -q main
git -C "$R" checkout -q -b renames
git -C "$R" mv $D/0002_b.up.sql $D/0012_b.up.sql
mkdir -p "$R/sql/pg"
git -C "$R" mv $D/0001_init.up.sql sql/pg/0001_init.up.sql
git -C "$R" mv $D/0001_init.down.sql sql/pg/0001_init.down.sql
commit renames
run "$MIGGUARD" check --repo "$R" --range main..renames
expect_rc 1 "renumbered migration fails"
expect_finding $D/0012_b.up.sql:1 error migration-renamed "renumbering is a rename"
expect_out "renamed from '$D/0002_b.up.sql'" "rename names the old path"
expect_no_rule migration sql/pg/ "only the directory moved: quiet"

# a clean branch: nothing from the history rules
git -C "$R" checkout -q main
git -C "$R" checkout -q -b clean
put $D/0020_new.up.sql 'SELECT 1;\n'
put $D/0020_new.down.sql 'SELECT 1;\n'
commit clean
run "$MIGGUARD" check --repo "$R" --range main..clean
expect_rc 0 "new, well-formed pair passes"
expect_no_rule migration "" "no history finding on a clean branch"

# --staged: HEAD is the base
git -C "$R" checkout -q main
put $D/0002_b.up.sql 'SELECT 42;\n'
git -C "$R" add $D/0002_b.up.sql
run "$MIGGUARD" check --repo "$R" --staged
expect_rc 1 "--staged: editing a committed migration fails"
expect_finding $D/0002_b.up.sql:1 error migration-edited "--staged edit"
put $D/0002_b.up.sql 'select 1;  -- same code\n'
git -C "$R" add $D/0002_b.up.sql
run "$MIGGUARD" check --repo "$R" --staged
expect_rc 0 "--staged: comment-only edit passes (warning)"
expect_finding $D/0002_b.up.sql:1 warning migration-edited "--staged comment-only edit is a warning"
run "$MIGGUARD" check --repo "$R" --staged --fail-on warning
expect_rc 1 "--fail-on warning makes the warning fail"
git -C "$R" reset -q --hard

# --- goose -------------------------------------------------------------------
repo goose
D=db/migrations
put $D/20240101000000_a.sql '-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n'
commit base
branch
put $D/20240201000000_b.sql '-- +goose Up\nSELECT 1;\n'
put $D/20240301000000_c.sql '-- +goose Up\nSELECT 1;\nDROP TABLE users;\n-- +goose Down\n-- cannot undo\n'
put $D/20240401000000_d.sql '-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;\n'
put $D/20240501000000_e.sql '-- +goose Up\nCREATE TABLE e (id bigint);\n-- +goose Down\nDROP TABLE e;\n'
commit feature
range
expect_finding $D/20240301000000_c.sql:3 error ban-drop-table "the up section is linted, at the file's line"
expect_no_rule ban-drop-table $D/20240501000000_e "the down section is a rollback: DROP TABLE there is fine"
expect_finding $D/20240201000000_b.sql:1 warning migration-missing-down "goose file without a Down section"
expect_finding $D/20240301000000_c.sql:3 warning irreversible-migration "goose Down cannot undo DROP TABLE"
expect_no_rule migration $D/20240401000000_d "goose file with Up and Down is quiet"
expect_no_rule irreversible $D/20240401000000_d "no irreversible finding for a harmless up"
expect_no_rule migration-missing-down $D/20240301000000_c "goose Down present"
# on files, no repository: the in-file checks still run
run "$MIGGUARD" check "$R/$D/20240201000000_b.sql" "$R/$D/20240401000000_d.sql"
expect_rc 0 "goose files on disk: warnings only"
expect_finding "$R/$D/20240201000000_b.sql:1" warning migration-missing-down "missing Down found on disk too"

# --- dbmate ------------------------------------------------------------------
repo dbmate
D=db/migrations
put $D/20240101000000_a.sql '-- migrate:up\nSELECT 1;\n\n-- migrate:down\nSELECT 1;\n'
commit base
branch
put $D/20240201000000_b.sql '-- migrate:up\nSELECT 1;\n'
put $D/20240301000000_c.sql '-- migrate:up\nALTER TABLE users DROP COLUMN email;\n-- migrate:down\n'
put $D/20230101000000_old.sql '-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n'
commit feature
range
expect_finding $D/20240201000000_b.sql:1 warning migration-missing-down "dbmate file without migrate:down"
expect_finding $D/20240301000000_c.sql:2 warning irreversible-migration "empty dbmate down after DROP COLUMN"
expect_finding $D/20230101000000_old.sql:1 error migration-out-of-order "dbmate version older than the base"
expect_no_rule migration-missing-down $D/20230101000000_old "dbmate pair in one file"

# --- Flyway ------------------------------------------------------------------
repo flyway
D=src/main/resources/db/migration
put $D/V1__init.sql 'SELECT 1;\n'
put $D/V2__users.sql 'SELECT 1;\n'
put $D/R__views.sql 'SELECT 1;\n'
commit base
branch
put $D/R__views.sql 'SELECT 2;\n'
put $D/V1__init.sql 'SELECT 2;\n'
put $D/V1_5__late.sql 'SELECT 1;\n'
put $D/V3__orders.sql 'SELECT 1;\n'
put $D/v4_bad.sql 'SELECT 1;\n'
commit feature
run "$MIGGUARD" check --repo "$R" --range main..feature
expect_finding $D/V1__init.sql:1 error migration-edited "Flyway versioned migration edited"
expect_no_rule migration-edited R__views "repeatable migration edit is exempt"
expect_finding $D/V1_5__late.sql:1 error migration-out-of-order "Flyway 1.5 < 2"
expect_finding $D/v4_bad.sql:1 warning migration-name-invalid "Flyway ignores v4_bad.sql"
expect_no_rule migration $D/V3__orders "new Flyway version is quiet"
expect_no_rule migration-missing-down V3__ "no undo files in the directory: none expected"

# --- Diesel ------------------------------------------------------------------
repo diesel
put migrations/2024-01-01-000000_a/up.sql 'SELECT 1;\n'
put migrations/2024-01-01-000000_a/down.sql 'SELECT 1;\n'
commit base
branch
put migrations/2024-02-01-000000_b/up.sql 'SELECT 1;\n'
put migrations/2024-03-01-000000_c/up.sql 'DROP TABLE users;\n'
put migrations/2024-03-01-000000_c/down.sql '-- no way back\n'
put migrations/2024-04-01-000000_d/up.sql 'SELECT 1;\n'
put migrations/2024-04-01-000000_d/down.sql 'SELECT 1;\n'
put migrations/2024-04-01-000000_d/notes.sql 'SELECT 1;\n'
put migrations/2023-06-01-000000_old/up.sql 'SELECT 1;\n'
put migrations/2023-06-01-000000_old/down.sql 'SELECT 1;\n'
commit feature
range
expect_finding migrations/2024-02-01-000000_b/up.sql:1 warning migration-missing-down "Diesel up.sql without down.sql"
expect_finding migrations/2024-03-01-000000_c/up.sql:1 warning irreversible-migration "Diesel empty down after DROP TABLE"
expect_finding migrations/2024-04-01-000000_d/notes.sql:1 warning migration-name-invalid "Diesel ignores notes.sql"
expect_finding migrations/2023-06-01-000000_old/up.sql:1 error migration-out-of-order "Diesel version older than the base"
expect_no_rule migration 2024-04-01-000000_d/up "Diesel pair is quiet"
git -C "$R" checkout -q main
git -C "$R" checkout -q -b moved
mkdir -p "$R/server"
git -C "$R" mv migrations server/migrations
commit "move the migrations directory"
run "$MIGGUARD" check --repo "$R" --range main..moved
expect_rc 0 "Diesel: moving the migrations directory passes"
expect_no_rule migration "" "Diesel move is quiet"

# --- Prisma ------------------------------------------------------------------
repo prisma
D=packages/prisma/migrations
put $D/20240101000000_init/migration.sql 'SELECT 1;\n'
put $D/migration_lock.toml 'provider = "postgresql"\n'
commit base
branch
put $D/20240201000000_users/migration.sql 'SELECT 1;\n'
put $D/20231201000000_late/migration.sql 'SELECT 1;\n'
put $D/20240101000000_init/migration.sql 'SELECT 2;\n'
commit feature
range
expect_finding $D/20231201000000_late/migration.sql:1 error migration-out-of-order "Prisma timestamp older than the base"
expect_finding $D/20240101000000_init/migration.sql:1 error migration-edited "Prisma migration edited"
expect_no_rule migration 20240201000000_users "new Prisma migration is quiet (no down expected)"
git -C "$R" checkout -q main
git -C "$R" checkout -q -b renumber
git -C "$R" mv $D/20240101000000_init $D/20250101000000_init
commit "renumber a Prisma migration"
run "$MIGGUARD" check --repo "$R" --range main..renumber
expect_finding $D/20250101000000_init/migration.sql:1 error migration-renamed "Prisma step directory renumbered (same file name)"

# --- Rails (not SQL: seen by the history rules only) -------------------------
repo rails
put db/migrate/20240101000000_create_users.rb 'class CreateUsers < ActiveRecord::Migration[7.1]\nend\n'
put db/migrate/20240201000000_add_email.rb 'class AddEmail < ActiveRecord::Migration[7.1]\nend\n'
put db/migrate/20240201000001_comment.rb 'class Comment < ActiveRecord::Migration[7.1]\nend\n'
put app/models/user.rb 'class User; end\n'
commit base
branch
put db/migrate/20240101000000_create_users.rb 'class CreateUsers < ActiveRecord::Migration[7.1]\n  def change; end\nend\n'
put db/migrate/20240201000001_comment.rb '# why this exists\nclass Comment < ActiveRecord::Migration[7.1]\nend\n'
put db/migrate/20231201000000_late.rb 'class Late < ActiveRecord::Migration[7.1]\nend\n'
put db/migrate/20240301000000_ok.rb 'class Ok < ActiveRecord::Migration[7.1]\nend\n'
put db/migrate/add_thing.rb 'class AddThing; end\n'
put app/models/user.rb 'class User; def x; end; end\n'
git -C "$R" rm -q db/migrate/20240201000000_add_email.rb
commit feature
range
expect_rc 1 "Rails history errors fail"
# (the Rails files reach the change set with their content: the first changed line)
expect_finding db/migrate/20240101000000_create_users.rb:2 error migration-edited "Rails migration edited"
expect_finding db/migrate/20231201000000_late.rb:1 error migration-out-of-order "Rails timestamp older than the base"
expect_finding db/migrate/20240201000001_comment.rb:1 warning migration-edited "Ruby comment-only edit is a warning"
expect_finding db/migrate/add_thing.rb:1 warning migration-name-invalid "Rails ignores add_thing.rb"
expect_finding db/migrate/20240201000000_add_email.rb:1 error migration-deleted "Rails migration deleted"
expect_no_rule migration 20240301000000_ok "new Rails migration is quiet"
expect_no_rule migration app/models "application code is not a migration"
run "$MIGGUARD" check --repo "$R" --range main..feature --format json
expect_out '"files_checked": 0' "Rails files are not linted as SQL"

# --- sqitch --------------------------------------------------------------------
repo sqitch
put deploy/users.sql 'SELECT 1;\n'
put revert/users.sql 'SELECT 1;\n'
commit base
branch
put deploy/orders.sql 'SELECT 1;\n'
put deploy/users@v1.sql 'SELECT 1;\n'
put revert/users@v1.sql 'SELECT 1;\n'
put deploy/users.sql 'SELECT 2;\n'
commit feature
range
expect_finding deploy/orders.sql:1 warning migration-missing-down "sqitch deploy without revert"
expect_no_rule migration-edited deploy/users.sql "sqitch rework (users@v1) allows the edit"
expect_no_rule migration-out-of-order deploy "sqitch is unordered"


# --- migguard.framework overrides the inference ------------------------------
repo fwconfig
put db/migrations/0001_init.sql 'SELECT 1;\n'
commit base
branch
put db/migrations/0002_next.sql 'SELECT 1;\n'
commit feature
range
expect_rc 0 "inferred plain numbering: a new numbered file is fine"
expect_no_rule migration "" "no history finding with the inferred framework"
git -C "$R" config migguard.framework flyway
range
expect_finding db/migrations/0002_next.sql:1 warning migration-name-invalid "migguard.framework = flyway: NNN_name.sql is ignored"
git -C "$R" config migguard.framework liquibase
range
expect_rc 2 "unknown framework is a config error"
expect_err "'liquibase' is not auto, plain, golang-migrate" "config error names the value"

# --- new migrations are linted in version order ------------------------------
repo order
put db/migrations/1_init.sql 'SELECT 1;\n'
commit base
branch
put db/migrations/9_create.sql 'CREATE TABLE t (id bigint PRIMARY KEY);\n'
put db/migrations/10_index.sql 'CREATE INDEX t_id ON t (id);\n'
put db/migrations/11_index.sql 'CREATE INDEX u_id ON u (id);\n'
put db/migrations/12_create.sql 'CREATE TABLE u (id bigint PRIMARY KEY);\n'
commit feature
range
expect_no_rule require-concurrent-index-creation 10_index "table created by 9 is new for 10 (not path order)"
expect_finding db/migrations/11_index.sql:1 error require-concurrent-index-creation "table created by a later migration is not new"

# --- severity overrides and suppressions apply to history rules --------------
repo severity
put db/migrations/001_a.sql 'SELECT 1;\n'
commit base
put db/migrations/001_a.sql 'SELECT 2;\n'
git -C "$R" add -A
git -C "$R" config rule.migration-edited.severity warning
run "$MIGGUARD" check --repo "$R" --staged
expect_rc 0 "rule.migration-edited.severity = warning"
expect_finding db/migrations/001_a.sql:1 warning migration-edited "severity override applies"
git -C "$R" config rule.migration-edited.severity off
run "$MIGGUARD" check --repo "$R" --staged
expect_no_rule migration-edited "" "severity off silences the rule"
git -C "$R" config --unset rule.migration-edited.severity
put db/migrations/001_a.sql '-- migguard:ignore-file migration-edited reformatted on purpose\nSELECT 2;\n'
git -C "$R" add -A
run "$MIGGUARD" check --repo "$R" --staged
expect_rc 0 "ignore-file comment suppresses migration-edited"
expect_no_rule migration-edited "" "suppressed"

# --- migguard.shippedRef: only released migrations are errors ---------------
repo shipped
put db/migrations/001_a.sql 'SELECT 1;\n'
commit "release 1"
git -C "$R" tag v1.0
put db/migrations/002_b.sql 'SELECT 1;\n'
put db/migrations/003_c.sql 'SELECT 1;\n'
commit "not released yet"
branch
put db/migrations/001_a.sql 'SELECT 2;\n'
put db/migrations/002_b.sql 'SELECT 2;\n'
git -C "$R" rm -q db/migrations/003_c.sql
commit feature
git -C "$R" config migguard.shippedRef 'refs/tags/v*'
range
expect_finding db/migrations/001_a.sql:1 error migration-edited "shipped migration edited: error"
expect_finding db/migrations/002_b.sql:1 warning migration-edited "unreleased migration edited: warning"
expect_finding db/migrations/003_c.sql:1 warning migration-deleted "unreleased migration deleted: warning"
expect_out "in no ref matching migguard.shippedRef" "message says why"
git -C "$R" config migguard.shippedRef 'refs/tags/none*'
range
expect_finding db/migrations/001_a.sql:1 warning migration-edited "no matching ref: nothing shipped"
git -C "$R" config --unset migguard.shippedRef
range
expect_finding db/migrations/002_b.sql:1 error migration-edited "without shippedRef every base migration counts"

# --- pre-receive: the old tip is the base ------------------------------------
S="$T/server.git"
C="$T/client"
git init -q --bare "$S"
run "$MIGGUARD" install --repo "$S"
expect_rc 0 "install pre-receive"
git init -q "$C"
git -C "$C" remote add origin "$S"
R="$C"
put db/migrations/0001_init.up.sql 'SELECT 1;\n'
put db/migrations/0001_init.down.sql 'SELECT 1;\n'
commit init
run git -C "$C" push origin main
expect_rc 0 "first push accepted"
put db/migrations/0001_init.up.sql 'SELECT 2;\n'
commit "edit a pushed migration"
run git -C "$C" push origin main
expect_rc 1 "push editing a migration on the server is rejected"
expect_err "db/migrations/0001_init.up.sql:1:1: error: migration already on the base branch was edited" "pre-receive: migration-edited"
git config -f "$S/config" migguard.shippedRef 'refs/tags/v*'
run git -C "$C" push origin main
expect_rc 0 "server shippedRef, no release tag yet: the edit is a warning"
expect_err "warning: migration already on the base branch was edited" "pre-receive: unreleased edit warned"
git -C "$C" reset -q --hard HEAD~1
git -C "$C" push -q --force origin main 2>/dev/null
git -C "$C" tag v1.0
run git -C "$C" push origin v1.0
expect_rc 0 "release tag pushed"
put db/migrations/0001_init.up.sql 'SELECT 2;\n'
commit "edit a released migration"
run git -C "$C" push origin main
expect_rc 1 "server shippedRef: editing a released migration is rejected"
git config -f "$S/config" --unset migguard.shippedRef
git -C "$C" reset -q --hard HEAD~1
put db/migrations/0002_next.up.sql 'SELECT 1;\n'
put db/migrations/0002_next.down.sql 'SELECT 1;\n'
commit "next migration"
run git -C "$C" push origin main
expect_rc 0 "push with a new, well-formed migration accepted"
git -C "$C" checkout -q -b topic HEAD~1
put db/migrations/0001_other.up.sql 'SELECT 1;\n'
put db/migrations/0001_other.down.sql 'SELECT 1;\n'
commit "a second 0001"
run git -C "$C" push origin topic
expect_rc 1 "new branch reusing a version is rejected"
expect_err "[migration-duplicate-version]" "pre-receive: duplicate version on a new branch"

# --- what the history rules read of big trees ----------------------------------
# A range or a push lists only the sets its changes touch (gitsrc.c,
# change_scope()): the files of the directory above a changed path's
# directory and of its subdirectories.  The sets must still be whole: the newest
# version of a deep set, a Diesel step directory the change leaves alone,
# a sqitch revert/ beside a changed deploy/.
repo scope
A=services/a/db/migrations
put $A/0001_a.up.sql 'SELECT 1;\n'
put $A/0001_a.down.sql 'SELECT 1;\n'
put $A/0005_e.up.sql 'SELECT 1;\n'
put $A/0005_e.down.sql 'SELECT 1;\n'
put services/b/db/migrations/0009_z.up.sql 'SELECT 1;\n'
put services/b/db/migrations/0009_z.down.sql 'SELECT 1;\n'
put apps/x/migrations/2024-05-01-000000_a/up.sql 'SELECT 1;\n'
put apps/x/migrations/2024-05-01-000000_a/down.sql 'SELECT 1;\n'
put apps/x/migrations/2024-06-01-000000_b/up.sql 'SELECT 1;\n'
put apps/x/migrations/2024-06-01-000000_b/down.sql 'SELECT 1;\n'
put sq/deploy/users.sql 'CREATE TABLE users (id int);\n'
put sq/revert/users.sql 'DROP TABLE users;\n'
put sq/sqitch.plan '%%project=sq\nusers 2024-01-01T00:00:00Z a <a@b> # users\n'
put src/deep/er/still/code.go 'package x\n'
commit base
branch
put $A/0003_late.up.sql 'SELECT 1;\n'
put $A/0003_late.down.sql 'SELECT 1;\n'
put $A/0005_dup.up.sql 'SELECT 1;\n'
put $A/0005_dup.down.sql 'SELECT 1;\n'
put apps/x/migrations/2024-04-01-000000_old/up.sql 'SELECT 1;\n'
put apps/x/migrations/2024-04-01-000000_old/down.sql 'SELECT 1;\n'
put sq/deploy/users.sql 'CREATE TABLE users (id bigint);\n'
put src/deep/er/still/code.go 'package y\n'
commit feature
range
expect_finding $A/0003_late.up.sql:1 error migration-out-of-order "deep set: version before the newest on the base"
expect_finding $A/0005_dup.up.sql:1 error migration-duplicate-version "deep set: duplicate of an unchanged file"
expect_out "is also used by '$A/0005_e.up.sql'" "deep set: the unchanged file is named"
expect_no_rule migration services/b "a set the change does not touch is quiet"
expect_finding apps/x/migrations/2024-04-01-000000_old/up.sql:1 error migration-out-of-order "Diesel: older than an unchanged step directory"
expect_no_rule migration-missing-down sq/deploy "sqitch: the unchanged revert/ beside deploy/ is seen"
run "$MIGGUARD" check --repo "$R" --range main..feature --format json
expect_out '"path": "services/a/db/migrations/0003_late.up.sql"' "json: deep set finding"

finish
