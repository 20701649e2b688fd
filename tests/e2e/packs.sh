#!/bin/sh
# packs.sh - the ORM migration packs (rules/rails.rules, django.rules,
# alembic.rules) on a real repository: Rails, Django and Alembic migrations
# reach the regex rules (line-anchored findings) but never the SQL parser;
# `migguard rules` and `migguard explain` show pack rules.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

MIGGUARD_RULES_DIR="$TOP_SRCDIR/rules"
export MIGGUARD_RULES_DIR

R="$T/repo"
new_repo "$R"
mkdir -p "$R/db/migrate" "$R/shop/migrations" "$R/alembic/versions" "$R/app"
printf 'class CreateUsers < ActiveRecord::Migration[7.1]\n  def change\n    create_table :users\n  end\nend\n' \
	>"$R/db/migrate/20240101000000_create_users.rb"
git -C "$R" add -A
git -C "$R" commit -q -m "base"
git -C "$R" checkout -q -b feature
cat >"$R/db/migrate/20240201000000_risky.rb" <<'RB'
class Risky < ActiveRecord::Migration[7.1]
  disable_ddl_transaction!

  def change
    add_index :users, :email, algorithm: :concurrently
    add_index :users, :name
    safety_assured { remove_column :users, :legacy }
    remove_column :users, :nickname
  end
end
RB
cat >"$R/shop/migrations/0002_risky.py" <<'PY'
from django.db import migrations, models
from django.contrib.postgres.operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False
    operations = [
        AddIndexConcurrently(model_name='order', index=models.Index(fields=['a'], name='o_a')),
        migrations.RenameField(model_name='order', old_name='a', new_name='b'),
    ]
PY
cat >"$R/alembic/versions/4f2a_risky.py" <<'PY'
def upgrade():
    op.alter_column('users', 'age',
                    existing_type=sa.INTEGER(),
                    type_=sa.BigInteger())
    with op.get_context().autocommit_block():
        op.create_index('ix_a', 'users', ['a'], postgresql_concurrently=True)
PY
# application code with the same calls is no migration
printf 'remove_column :users, :nickname\n' >"$R/app/not_a_migration.rb"
printf 'op.drop_column("users", "x")\n' >"$R/app/versions.py"
git -C "$R" add -A
git -C "$R" commit -q -m "Risky ORM migrations"

run "$MIGGUARD" check --repo "$R" --range main..feature
expect_rc 1 "ORM findings fail the range"
expect_out "db/migrate/20240201000000_risky.rb:6:5: error: add_index without algorithm: :concurrently blocks writes to the table while the index builds [rails-add-index-not-concurrent]" \
	"rails: add_index anchored to its line"
expect_out "db/migrate/20240201000000_risky.rb:8:5: error: remove_column drops data" "rails: remove_column anchored"
expect_no_out "risky.rb:5:" "rails: the concurrent add_index is quiet"
expect_no_out "risky.rb:7:" "rails: safety_assured remove_column is quiet"
expect_out "shop/migrations/0002_risky.py:9:9: error: RenameField renames the column" "django: RenameField anchored"
expect_no_out "django-add-index-not-concurrent" "django: AddIndexConcurrently is quiet"
expect_out "alembic/versions/4f2a_risky.py:2:5: error: op.alter_column(type_=...) changes a column type" \
	"alembic: alter_column type_ anchored to the call"
expect_no_out "alembic-create-index-not-concurrent" "alembic: concurrent create_index is quiet"
expect_no_out "app/" "application code is not a migration"
expect_no_out "syntax-error" "ORM files are not parsed as SQL"
run "$MIGGUARD" check --repo "$R" --range main..feature --format json
expect_out '"files_checked": 0' "no ORM file reached the SQL linter"

# the same files on disk, and --staged
run "$MIGGUARD" check "$R/db/migrate/20240201000000_risky.rb"
expect_rc 1 "file on disk: findings"
expect_out "20240201000000_risky.rb:6:5: error: " "file on disk: anchored"
expect_no_out "syntax-error" "file on disk: not parsed as SQL"
run "$MIGGUARD" check "$R/db" "$R/shop" "$R/alembic" "$R/app"
expect_rc 1 "directories on disk: ORM migrations below them are checked"
expect_out "db/migrate/20240201000000_risky.rb:8:5: error: " "directory: Rails migration"
expect_out "shop/migrations/0002_risky.py:9:9: error: " "directory: Django migration"
expect_out "alembic/versions/4f2a_risky.py:2:5: error: " "directory: Alembic revision"
expect_no_out "not_a_migration" "directory: application code skipped"
printf '    rename_column :users, :a, :b\n' >>"$R/db/migrate/20240101000000_create_users.rb"
git -C "$R" add -A
run "$MIGGUARD" check --repo "$R" --staged
expect_out "db/migrate/20240101000000_create_users.rb:6:5: error: rename_column breaks" "--staged: Rails file checked"
git -C "$R" reset -q --hard

# a suppression comment in Ruby silences a reviewed call
printf 'class Ok < ActiveRecord::Migration[7.1]\n  def change\n    # migguard:ignore rails-add-index-not-concurrent the table has 10 rows\n    add_index :tiny, :a\n  end\nend\n' \
	>"$R/db/migrate/20240301000000_ok.rb"
git -C "$R" add -A
git -C "$R" commit -q -m "Ok"
run "$MIGGUARD" check --repo "$R" --range feature~1..feature
expect_rc 0 "suppressed add_index passes"

# a turned-off pack rule
git -C "$R" config rule.rails-add-index-not-concurrent.severity off
git -C "$R" config rule.rails-remove-column.severity off
git -C "$R" config rule.django-rename-field.severity off
git -C "$R" config rule.alembic-alter-column-type.severity off
run "$MIGGUARD" check --repo "$R" --range main..feature
expect_rc 0 "pack rules turned off by configuration"

# migguard rules / explain know the pack rules
run "$MIGGUARD" rules
expect_out "rails-remove-column" "rules lists a Rails rule"
expect_out "alembic-create-index-not-concurrent" "rules lists an Alembic rule"
expect_out "ai-claude-co-author" "rules lists an AI marker"
run "$MIGGUARD" rules --format json
expect_out '"id": "django-add-index-not-concurrent", "severity": "error"' "rules json: pack rule"
expect_out '"kind": "ai-marker"' "rules json: kind"
run "$MIGGUARD" explain django-run-sql
expect_rc 0 "explain a pack rule"
expect_out "raw SQL in a Django migration" "explain: message"
expect_out "django.rules (line" "explain: where it is defined"
run "$MIGGUARD" explain no-such-rule
expect_rc 2 "explain an unknown rule"
mkdir -p "$T/bad"
printf 'rule x\nscope content\npattern (\nmessage m\n' >"$T/bad/bad.rules"
run "$MIGGUARD" rules --rules "$T/bad"
expect_rc 2 "rules: a bad pack is an error"
expect_err "bad.rules:3:" "rules: bad pack located"

# pre-receive: a pushed Rails migration with a blocking add_index is refused
S="$T/server.git"
git init -q --bare "$S"
printf '#!/bin/sh\nMIGGUARD_RULES_DIR="%s" exec "%s" pre-receive\n' "$MIGGUARD_RULES_DIR" "$MIGGUARD" \
	>"$S/hooks/pre-receive"
chmod +x "$S/hooks/pre-receive"
run git -C "$R" push -q "$S" main:refs/heads/main
expect_rc 0 "push: base accepted"
run git -C "$R" push -q "$S" feature:refs/heads/feature
expect_rc 1 "push: risky ORM migrations refused (the client's severity overrides do not apply)"
expect_err "remote: db/migrate/20240201000000_risky.rb:6:5: error: add_index without algorithm: :concurrently" \
	"push: Rails finding on the server"

finish
