/* test_orm_packs.c - rules/rails.rules, django.rules, alembic.rules: every
 * rule fires on its call (on the exact line) and stays quiet on a near miss. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"
#include "util.h"

static mg_rxset pack;

static int setup(void **state)
{
	static const char *const names[] = { "rails", "django", "alembic" };
	const char *top = getenv("TOP_SRCDIR");
	size_t i;

	(void)state;
	mg_rxset_init(&pack);
	for (i = 0; i < MG_ARRAY_SIZE(names); i++) {
		char *path = mg_xasprintf("%s/rules/%s.rules", top ? top : ".", names[i]), *err = NULL;
		int rc = mg_rx_load_file(&pack, path, &err);

		free(path);
		if (rc < 0) {
			fprintf(stderr, "%s\n", err);
			free(err);
			return -1;
		}
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mg_rxset_free(&pack);
	return 0;
}

#define RB "db/migrate/20240101000000_change.rb"
#define DJ "shop/migrations/0042_change.py"
#define AL "alembic/versions/4f2a_change.py"

typedef struct ocase {
	const char *rule;
	int line;           /* line of the finding; 0: no finding (near miss) */
	const char *path;
	const char *text;
} ocase;

static const ocase cases[] = {
	/* Rails */
	{ "rails-remove-column", 3, RB, "class C < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :users, :name, :string\n  end\nend\n" },
	{ "rails-remove-column", 1, RB, "remove_columns :users, :a, :b\n" },
	{ "rails-remove-column", 0, RB, "    safety_assured { remove_column :users, :name }\n" },
	{ "rails-remove-column", 0, RB, "    # remove_column :users, :name (later)\n    add_column :users, :removed_at, :datetime\n" },
	{ "rails-add-index-not-concurrent", 2, RB, "  def change\n    add_index :users, :email, unique: true\n  end\n" },
	{ "rails-add-index-not-concurrent", 1, RB, "add_index :users, :email,\n  unique: true\nadd_column :users, :algorithm, :string\n" },
	{ "rails-add-index-not-concurrent", 0, RB, "  disable_ddl_transaction!\n  def change\n    add_index :users, :email, algorithm: :concurrently\n  end\n" },
	{ "rails-add-index-not-concurrent", 0, RB, "    add_index :users, :email,\n      unique: true,\n      algorithm: :concurrently\n" },
	{ "rails-add-index-not-concurrent", 0, RB, "    add_index :users, :email, :algorithm => :concurrently\n" },
	{ "rails-change-column", 2, RB, "  def up\n    change_column :users, :age, :bigint\n  end\n" },
	{ "rails-change-column", 0, RB, "    change_column_null :users, :age, false\n    change_column_default :users, :age, 0\n" },
	{ "rails-rename-column", 1, RB, "    rename_column :users, :name, :full_name\n" },
	{ "rails-rename-column", 0, RB, "    rename_table :users, :people\n    # rename_column later\n" },
	{ "rails-add-foreign-key-validated", 1, RB, "    add_foreign_key :orders, :users\n" },
	{ "rails-add-foreign-key-validated", 0, RB, "    add_foreign_key :orders, :users, validate: false\n    validate_foreign_key :orders, :users\n" },
	{ "rails-add-foreign-key-validated", 0, RB, "    add_foreign_key :orders, :users,\n      column: :buyer_id,\n      validate: false\n" },
	{ "rails-execute", 2, RB, "  def up\n    execute <<~SQL\n      UPDATE users SET a = 1\n    SQL\n  end\n" },
	{ "rails-execute", 0, RB, "    add_column :jobs, :executed_at, :datetime\n    executor = nil\n" },
	/* a Rails rule does not read Python files */
	{ "rails-remove-column", 0, DJ, "remove_column :users, :name\n" },

	/* Django */
	{ "django-remove-field", 4, DJ, "class Migration(migrations.Migration):\n    operations = [\n"
	  "        migrations.AddField(model_name='u', name='a', field=models.TextField()),\n"
	  "        migrations.RemoveField(\n            model_name='u',\n            name='b',\n        ),\n    ]\n" },
	{ "django-remove-field", 1, DJ, "        RemoveField(model_name='u', name='b'),\n" },
	{ "django-remove-field", 0, DJ, "        # migrations.RemoveField(model_name='u', name='b') next release\n"
	  "        migrations.AddField(model_name='u', name='removefield', field=f),\n" },
	{ "django-alter-field", 1, DJ, "        migrations.AlterField(model_name='u', name='a', field=models.BigIntegerField()),\n" },
	{ "django-alter-field", 0, DJ, "        migrations.AlterModelOptions(name='u', options={}),\n        migrations.AlterUniqueTogether(name='u', unique_together=set()),\n" },
	{ "django-rename-field", 1, DJ, "        migrations.RenameField(model_name='u', old_name='a', new_name='b'),\n" },
	{ "django-rename-field", 0, DJ, "        migrations.RenameModel(old_name='A', new_name='B'),\n" },
	{ "django-add-index-not-concurrent", 1, DJ, "        migrations.AddIndex(model_name='u', index=models.Index(fields=['a'], name='u_a')),\n" },
	{ "django-add-index-not-concurrent", 0, DJ, "    atomic = False\n    operations = [\n        AddIndexConcurrently(model_name='u', index=models.Index(fields=['a'], name='u_a')),\n    ]\n" },
	{ "django-run-sql", 1, DJ, "        migrations.RunSQL('UPDATE u SET a = 1', reverse_sql=migrations.RunSQL.noop),\n" },
	{ "django-run-sql", 0, DJ, "        migrations.RunPython(forwards, migrations.RunPython.noop),\n" },
	/* a Django rule does not read Alembic revisions */
	{ "django-remove-field", 0, AL, "        migrations.RemoveField(model_name='u', name='b'),\n" },

	/* Alembic */
	{ "alembic-drop-column", 2, AL, "def upgrade():\n    op.drop_column('users', 'name')\n" },
	{ "alembic-drop-column", 3, AL, "def upgrade():\n    with op.batch_alter_table('users') as batch_op:\n        batch_op.drop_column('name')\n" },
	{ "alembic-drop-column", 0, AL, "def downgrade():\n    op.drop_constraint('fk', 'users')\n    # op.drop_column('users', 'name')\n" },
	{ "alembic-alter-column-type", 2, AL, "def upgrade():\n    op.alter_column('users', 'age',\n"
	  "               existing_type=sa.INTEGER(),\n               type_=sa.BigInteger(),\n"
	  "               existing_nullable=True)\n" },
	{ "alembic-alter-column-type", 1, AL, "    op.alter_column('t', 'c', type_=sa.String(length=200))\n" },
	{ "alembic-alter-column-type", 0, AL, "    op.alter_column('users', 'age',\n               existing_type=sa.INTEGER(),\n"
	  "               nullable=False)\n    op.add_column('users', sa.Column('type_', sa.Text()))\n" },
	{ "alembic-create-index-not-concurrent", 2, AL, "def upgrade():\n    op.create_index('ix_users_email', 'users', ['email'], unique=False)\n" },
	{ "alembic-create-index-not-concurrent", 1, AL, "    op.create_index(op.f('ix_u_a'), 'u', ['a'],\n        unique=False)\n"
	  "    op.execute('SELECT 1', postgresql_concurrently=True)\n" },
	{ "alembic-create-index-not-concurrent", 0, AL, "    with op.get_context().autocommit_block():\n"
	  "        op.create_index(op.f('ix_u_a'), 'u', ['a'],\n            unique=False,\n"
	  "            postgresql_concurrently=True)\n" },
	/* an Alembic rule does not read Django migrations */
	{ "alembic-drop-column", 0, DJ, "    op.drop_column('users', 'name')\n" },
};

static const mg_rx_rule *find(const char *id)
{
	size_t i;

	for (i = 0; i < pack.n; i++)
		if (!strcmp(pack.rules[i].id, id))
			return &pack.rules[i];
	return NULL;
}

static void first_line(void *ctx, const mg_rx_rule *r, int line, int col, int ecol)
{
	int *first = ctx;

	(void)r;
	(void)col;
	(void)ecol;
	if (!*first)
		*first = line;
}

static void every_rule(void **state)
{
	size_t i, j;
	int bad = 0;

	(void)state;
	assert_int_equal(pack.n, 14);
	for (i = 0; i < MG_ARRAY_SIZE(cases); i++) {
		const mg_rx_rule *r = find(cases[i].rule);
		mg_file_change f;
		int line = 0;

		if (!r)
			fail_msg("no rule %s in the packs", cases[i].rule);
		assert_false(r->ai_marker);
		assert_int_equal(r->scope, MG_SCOPE_CONTENT);
		memset(&f, 0, sizeof(f));
		f.path = (char *)cases[i].path;
		f.data = (char *)cases[i].text;
		f.len = strlen(cases[i].text);
		if (mg_rx_applies_to(&pack, r, f.path))
			mg_rx_scan_content(&pack, r, &f, first_line, &line);
		if (line != cases[i].line) {
			print_error("%s on %s: finding at line %d, wanted %d:\n%s\n", r->id,
				    cases[i].path, line, cases[i].line, cases[i].text);
			bad++;
		}
	}
	/* every rule has a case where it fires and a near miss */
	for (j = 0; j < pack.n; j++) {
		int pos = 0, neg = 0;
		for (i = 0; i < MG_ARRAY_SIZE(cases); i++)
			if (!strcmp(cases[i].rule, pack.rules[j].id))
				cases[i].line ? pos++ : neg++;
		if (!pos || !neg) {
			print_error("%s: %d firing and %d near-miss cases (need both)\n",
				    pack.rules[j].id, pos, neg);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_rule),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
