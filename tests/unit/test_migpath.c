/* test_migpath.c - default migration paths, globs, framework naming per
 * framework, per-directory inference, goose/dbmate sections. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "changeset.h"
#include "migpath.h"

static void defaults(void **state)
{
	(void)state;
	assert_true(mg_migpath_default("db/migrations/001_init.sql"));
	assert_true(mg_migpath_default("migrations/2024/x.up.sql"));
	assert_true(mg_migpath_default("app/migrate/x.sql"));
	assert_true(mg_migpath_default("sqitch/deploy/add_users.sql"));
	assert_true(mg_migpath_default("make/migrations/postgresql/0001.up.sql"));
	assert_false(mg_migpath_default("migrations.sql"));
	assert_false(mg_migpath_default("db/schema.sql"));
	assert_false(mg_migpath_default("db/migrations/README.md"));
	assert_false(mg_migpath_default("db/my_migrations/001.sql"));
}

static void globs(void **state)
{
	(void)state;
	assert_true(mg_glob_match("db/migrations/*.sql", "db/migrations/1.sql"));
	assert_false(mg_glob_match("db/migrations/*.sql", "db/migrations/a/1.sql"));
	assert_true(mg_glob_match("**/*.sql", "a/b/c.sql"));
	assert_true(mg_glob_match("**/*.sql", "c.sql"));
	assert_true(mg_glob_match("db/**/*.sql", "db/x.sql"));
	assert_true(mg_glob_match("db/**/*.sql", "db/a/b/x.sql"));
	assert_false(mg_glob_match("db/**/*.sql", "dbx/x.sql"));
	assert_true(mg_glob_match("db/**", "db/a/b"));
	assert_true(mg_glob_match("V[0-9]*__*.sql", "V12__init.sql"));
	assert_false(mg_glob_match("V[0-9]*__*.sql", "Vx__init.sql"));
	assert_true(mg_glob_match("a?c", "abc"));
	assert_false(mg_glob_match("a?c", "a/c"));
}

static void filter(void **state)
{
	const char *inc[] = { "sql/**/*.sql" };
	const char *exc[] = { "sql/**/seed*.sql" };
	mg_pathfilter pf = { inc, 1, exc, 1 };
	(void)state;
	assert_true(mg_migpath_match(&pf, "sql/a/1.sql"));
	assert_false(mg_migpath_match(&pf, "sql/a/seed_users.sql"));
	assert_false(mg_migpath_match(&pf, "db/migrations/1.sql"));
	assert_true(mg_migpath_match(NULL, "db/migrations/1.sql"));
}

/* parse path under fw; check kind, framework, version, name, set dir */
static void expect_parse(const char *path, mg_framework fw, mg_migkind kind,
			 mg_framework want_fw, const char *version, const char *name,
			 const char *set)
{
	mg_migfile m;
	mg_migkind k = mg_migpath_parse(path, fw, &m);
	char buf[256];

	if (k != kind || m.framework != want_fw)
		fail_msg("%s: kind %d framework %s, expected kind %d framework %s", path, k,
			 mg_framework_name(m.framework), kind, mg_framework_name(want_fw));
	if (version) {
		assert_non_null(m.version);
		snprintf(buf, sizeof(buf), "%.*s", (int)m.version_len, m.version);
		assert_string_equal(buf, version);
	} else if (kind != MG_MIG_INVALID) {
		assert_null(m.version);
	}
	if (name) {
		snprintf(buf, sizeof(buf), "%.*s", (int)m.name_len, m.name);
		assert_string_equal(buf, name);
	}
	if (set) {
		snprintf(buf, sizeof(buf), "%.*s", (int)m.set_len, path);
		assert_string_equal(buf, set);
	}
}

static void frameworks_by_name(void **state)
{
	const mg_framework A = MG_FW_AUTO;
	(void)state;
	/* golang-migrate, with pop/popx dialect and autocommit infixes */
	expect_parse("db/migrations/0001_init.up.sql", A, MG_MIG_UP, MG_FW_GOLANG_MIGRATE,
		     "0001", "init", "db/migrations");
	expect_parse("db/migrations/0001_init.down.sql", A, MG_MIG_DOWN, MG_FW_GOLANG_MIGRATE,
		     "0001", "init", "db/migrations");
	expect_parse("sql/20210311102338000015_form.postgres.up.sql", A, MG_MIG_UP,
		     MG_FW_GOLANG_MIGRATE, "20210311102338000015", "form", "sql");
	expect_parse("sql/2026_idx.autocommit.down.sql", A, MG_MIG_DOWN,
		     MG_FW_GOLANG_MIGRATE, "2026", "idx", "sql");
	expect_parse("make/migrations/postgresql/0120_2.9.0_schema.up.sql", A, MG_MIG_UP,
		     MG_FW_GOLANG_MIGRATE, "0120", "2.9.0_schema", NULL);
	expect_parse("db/migrations/init.up.sql", MG_FW_GOLANG_MIGRATE, MG_MIG_INVALID,
		     MG_FW_GOLANG_MIGRATE, NULL, NULL, "db/migrations");
	expect_parse("db/migrations/0002_x.sql", MG_FW_GOLANG_MIGRATE, MG_MIG_INVALID,
		     MG_FW_GOLANG_MIGRATE, NULL, NULL, NULL);
	/* Flyway */
	expect_parse("db/migration/V1_2__add.sql", A, MG_MIG_UP, MG_FW_FLYWAY, "1_2", "add", NULL);
	expect_parse("db/migration/V1.10__add.sql", A, MG_MIG_UP, MG_FW_FLYWAY, "1.10", "add", NULL);
	expect_parse("db/migration/U3__add.sql", A, MG_MIG_DOWN, MG_FW_FLYWAY, "3", "add", NULL);
	expect_parse("db/migration/R__views.sql", A, MG_MIG_REPEATABLE, MG_FW_FLYWAY, NULL, "views", NULL);
	expect_parse("db/migration/V2_add.sql", MG_FW_FLYWAY, MG_MIG_INVALID, MG_FW_FLYWAY, NULL, NULL, NULL);
	expect_parse("db/migration/Vx__add.sql", MG_FW_FLYWAY, MG_MIG_INVALID, MG_FW_FLYWAY, NULL, NULL, NULL);
	/* Diesel: the step directory carries version and name */
	expect_parse("migrations/2023-12-22-040137_mixed/up.sql", A, MG_MIG_UP, MG_FW_DIESEL,
		     "2023-12-22-040137", "mixed", "migrations");
	expect_parse("migrations/2026-03-08-202630-0000_fk/down.sql", A, MG_MIG_DOWN, MG_FW_DIESEL,
		     "2026-03-08-202630-0000", "fk", "migrations");
	expect_parse("migrations/2026-03-08_fk/notes.sql", MG_FW_DIESEL, MG_MIG_INVALID,
		     MG_FW_DIESEL, NULL, NULL, NULL);
	/* Prisma */
	expect_parse("packages/prisma/migrations/20230505085625_create_sub/migration.sql", A,
		     MG_MIG_UP, MG_FW_PRISMA, "20230505085625", "create_sub",
		     "packages/prisma/migrations");
	/* sqitch: no version, order from the plan */
	expect_parse("sqitch/deploy/users.sql", A, MG_MIG_UP, MG_FW_SQITCH, NULL, "users", "sqitch");
	expect_parse("sqitch/revert/app/users.sql", A, MG_MIG_DOWN, MG_FW_SQITCH, NULL, "app/users", "sqitch");
	expect_parse("verify/users@v1.sql", A, MG_MIG_VERIFY, MG_FW_SQITCH, NULL, "users@v1", "");
	/* Rails, Django, Alembic */
	expect_parse("db/migrate/20240101120000_add_users.rb", A, MG_MIG_UP, MG_FW_RAILS,
		     "20240101120000", "add_users", "db/migrate");
	expect_parse("shop/migrations/0002_order_note.py", A, MG_MIG_UP, MG_FW_DJANGO,
		     "0002", "order_note", "shop/migrations");
	expect_parse("shop/migrations/__init__.py", A, MG_MIG_OTHER, MG_FW_DJANGO, NULL, NULL, NULL);
	expect_parse("alembic/versions/3f2a_add_users.py", A, MG_MIG_UP, MG_FW_ALEMBIC, NULL,
		     "3f2a_add_users", "alembic/versions");
	/* plain numbered, goose and dbmate (same names; goose/dbmate need '_') */
	expect_parse("db/migrations/001_init.sql", A, MG_MIG_UP, MG_FW_PLAIN, "001", "init", NULL);
	expect_parse("db/migrations/002-idx.sql", A, MG_MIG_UP, MG_FW_PLAIN, "002", "idx", NULL);
	expect_parse("db/migrations/3.sql", A, MG_MIG_UP, MG_FW_PLAIN, "3", "", NULL);
	expect_parse("db/migrations/20240115180414_init.sql", MG_FW_GOOSE, MG_MIG_UP, MG_FW_GOOSE,
		     "20240115180414", "init", NULL);
	expect_parse("db/migrations/20240115-init.sql", MG_FW_DBMATE, MG_MIG_INVALID, MG_FW_DBMATE,
		     NULL, NULL, NULL);
	expect_parse("db/migrations/add_users.sql", A, MG_MIG_INVALID, MG_FW_UNKNOWN, NULL, NULL,
		     "db/migrations");
}

static void expect_down(const char *path, mg_framework fw, int want)
{
	mg_migfile m;
	mg_migpath_parse(path, fw, &m);
	if (m.expects_down != want)
		fail_msg("%s: expects_down %d, expected %d", path, m.expects_down, want);
}

static void expects_down(void **state)
{
	(void)state;
	expect_down("migrations/2023-12-22-040137_x/up.sql", MG_FW_AUTO, 1);
	expect_down("deploy/x.sql", MG_FW_AUTO, 1);
	expect_down("db/migrations/1_x.sql", MG_FW_GOOSE, 1);
	expect_down("db/migrations/1_x.sql", MG_FW_DBMATE, 1);
	expect_down("db/migrations/1_x.sql", MG_FW_PLAIN, 0);
	expect_down("db/migrations/1_x.up.sql", MG_FW_AUTO, 0); /* only when the dir uses downs */
	expect_down("p/migrations/20230505085625_x/migration.sql", MG_FW_AUTO, 0);
	expect_down("db/migration/V1__x.sql", MG_FW_AUTO, 0);
}

static void framework_names(void **state)
{
	mg_framework fw;
	(void)state;
	assert_int_equal(mg_framework_parse("golang-migrate", &fw), 0);
	assert_int_equal(fw, MG_FW_GOLANG_MIGRATE);
	assert_int_equal(mg_framework_parse("Flyway", &fw), 0);
	assert_int_equal(fw, MG_FW_FLYWAY);
	assert_int_equal(mg_framework_parse("auto", &fw), 0);
	assert_int_equal(fw, MG_FW_AUTO);
	assert_int_equal(mg_framework_parse("liquibase", &fw), -1);
	assert_string_equal(mg_framework_name(MG_FW_DIESEL), "diesel");
}

static void versions(void **state)
{
#define VC(a, b) mg_migversion_cmp(a, strlen(a), b, strlen(b))
	(void)state;
	assert_true(VC("2", "10") < 0);
	assert_true(VC("001", "1") == 0);
	assert_true(VC("1.2", "1.10") < 0);
	assert_true(VC("1_2", "1.2") == 0);
	assert_true(VC("1.2", "1.2.1") < 0);
	assert_true(VC("2023-12-22-040137", "2026-03-08-202630-0000") < 0);
	assert_true(VC("20240301", "20240215") > 0);
	assert_true(VC("", "1") < 0);
#undef VC
}

static void inference(void **state)
{
	mg_fwmap m;
	mg_migfile f;
	(void)state;
	mg_fwmap_init(&m, MG_FW_AUTO);
	mg_fwmap_add(&m, "db/m/0001_a.up.sql", MG_FW_AUTO);
	mg_fwmap_add(&m, "db/m/0001_a.down.sql", MG_FW_AUTO);
	mg_fwmap_add(&m, "db/m/0002_b.sql", MG_FW_AUTO);          /* plain vote */
	mg_fwmap_add(&m, "g/1_a.sql", MG_FW_AUTO);
	mg_fwmap_add(&m, "g/2_b.sql", MG_FW_GOOSE);               /* sniffed */
	mg_fwmap_add(&m, "lemmy/migrations/2023-01-01-000000_x/up.sql", MG_FW_AUTO);
	mg_fwmap_add(&m, "p/1_a.sql", MG_FW_AUTO);
	assert_int_equal(mg_fwmap_get(&m, "db/m/0002_b.sql"), MG_FW_GOLANG_MIGRATE);
	assert_int_equal(mg_fwmap_parse(&m, "db/m/0002_b.sql", &f), MG_MIG_INVALID);
	assert_int_equal(mg_fwmap_parse(&m, "db/m/add.sql", &f), MG_MIG_INVALID);
	assert_int_equal(f.framework, MG_FW_GOLANG_MIGRATE);
	assert_int_equal(mg_fwmap_get(&m, "g/1_a.sql"), MG_FW_GOOSE);
	assert_int_equal(mg_fwmap_get(&m, "p/1_a.sql"), MG_FW_PLAIN);
	assert_int_equal(mg_fwmap_get(&m, "lemmy/migrations/x.sql"), MG_FW_DIESEL);
	assert_int_equal(mg_fwmap_get(&m, "lemmy/migrations/2024-01-01-000000_y/notes.sql"), MG_FW_DIESEL);
	assert_int_equal(mg_fwmap_get(&m, "other/add.sql"), MG_FW_UNKNOWN);
	mg_fwmap_free(&m);
	mg_fwmap_init(&m, MG_FW_FLYWAY);
	assert_int_equal(mg_fwmap_get(&m, "db/m/0002_b.sql"), MG_FW_FLYWAY);
	mg_fwmap_free(&m);
}

static void history_paths(void **state)
{
	(void)state;
	assert_true(mg_migpath_match_history(NULL, "db/migrate/20240101_add.rb"));
	assert_true(mg_migpath_match_history(NULL, "shop/migrations/0001_initial.py"));
	assert_true(mg_migpath_match_history(NULL, "alembic/versions/abc_x.py"));
	assert_true(mg_migpath_match_history(NULL, "db/migrations/1.sql"));
	assert_false(mg_migpath_match_history(NULL, "app/models/user.rb"));
	assert_false(mg_migpath_match_history(NULL, "lib/versions/x.py"));
	assert_false(mg_migpath_match_history(NULL, "src/queries/report.sql"));
	assert_false(mg_migpath_match_history(NULL, "db/migrations/README.md"));
	assert_false(mg_migpath_match_history(NULL, "db/migrations/1.SQL"));
	assert_false(mg_migpath_match_history(NULL, "db/migrate"));
	assert_false(mg_migpath_match_history(NULL, ""));
	{
		static const char *const ex[] = { "**/legacy/**" };
		static const char *const in[] = { "sql/**" };
		mg_pathfilter exf = { NULL, 0, ex, 1 }, inf = { in, 1, ex, 1 };
		/* excludes hold for SQL and ORM files alike */
		assert_false(mg_migpath_match_history(&exf, "legacy/migrations/1.sql"));
		assert_false(mg_migpath_match_history(&exf, "legacy/db/migrate/1_a.rb"));
		assert_true(mg_migpath_match_history(&exf, "db/migrate/1_a.rb"));
		/* includes replace the defaults, ORM files too */
		assert_true(mg_migpath_match_history(&inf, "sql/0001_a.txt"));
		assert_false(mg_migpath_match_history(&inf, "db/migrations/1.sql"));
		assert_false(mg_migpath_match_history(&inf, "db/migrate/1_a.rb"));
		assert_false(mg_migpath_match_history(&inf, "sql/legacy/1.sql"));
	}
}

static void sections(void **state)
{
	static const char goose[] =
		"-- header\n"
		"-- +goose Up\n"
		"CREATE TABLE t (id int);\n"
		"-- +goose StatementBegin\n"
		"SELECT 1;\n"
		"-- +goose StatementEnd\n"
		"-- +goose Down\n"
		"DROP TABLE t;\n";
	static const char dbmate[] = "-- migrate:up transaction:false\nSELECT 1;\n--migrate:down\n";
	mg_section s[4];
	char *t;
	int found;
	(void)state;

	assert_int_equal(mg_migpath_sections(goose, strlen(goose), s, 4), 3);
	assert_int_equal(s[0].kind, MG_SECTION_NONE);
	assert_int_equal(s[1].kind, MG_SECTION_UP);
	assert_int_equal(s[1].start, 10);
	assert_int_equal(s[2].kind, MG_SECTION_DOWN);
	assert_string_equal(goose + s[2].start, "-- +goose Down\nDROP TABLE t;\n");
	assert_int_equal(s[2].end, strlen(goose));
	assert_int_equal(mg_migpath_sniff(goose, strlen(goose)), MG_FW_GOOSE);
	assert_int_equal(mg_migpath_sniff(dbmate, strlen(dbmate)), MG_FW_DBMATE);
	assert_int_equal(mg_migpath_sniff("SELECT 1;", 9), MG_FW_AUTO);
	assert_int_equal(mg_migpath_sections(dbmate, strlen(dbmate), s, 4), 2);
	assert_int_equal(s[1].kind, MG_SECTION_DOWN);
	assert_int_equal(s[1].end - s[1].start, strlen("--migrate:down\n"));
	assert_int_equal(mg_migpath_sections("SELECT 1;", 9, s, 4), 0);
	/* a marker-like word later in a line is no marker */
	assert_int_equal(mg_migpath_sections("SELECT '-- +goose Up';", 22, s, 4), 0);

	t = mg_migpath_section_text(goose, strlen(goose), MG_SECTION_DOWN, &found);
	assert_true(found);
	assert_int_equal(strlen(t), strlen(goose));
	assert_memory_equal(t, "-- header\n    ", 14); /* file-wide header kept, up blanked */
	assert_non_null(strstr(t, "DROP TABLE t;"));
	assert_null(strstr(t, "CREATE TABLE"));
	assert_int_equal(t[9], '\n');
	free(t);
	t = mg_migpath_section_text(goose, strlen(goose), MG_SECTION_UP, &found);
	assert_true(found);
	assert_int_equal(strlen(t), strlen(goose));
	assert_memory_equal(t, "-- header\n-- +goose Up\n", 23); /* header kept with up */
	assert_non_null(strstr(t, "CREATE TABLE"));
	assert_null(strstr(t, "DROP TABLE"));
	free(t);
	t = mg_migpath_section_text("SELECT 1;\n", 10, MG_SECTION_DOWN, &found);
	assert_false(found);
	assert_string_equal(t, "         \n");
	free(t);
	t = mg_migpath_section_text("SELECT 1;\n", 10, MG_SECTION_UP, &found);
	assert_true(found);
	assert_string_equal(t, "SELECT 1;\n");
	free(t);
}

static void order_changes(void **state)
{
	static const char *const in[] = {
		"db/m/10_b.sql", "db/m/9_a.sql", "x/2_a.down.sql", "db/m/README.sql",
		"x/2_a.up.sql", "lemmy/migrations/2024-01-02-000000_b/up.sql",
		"lemmy/migrations/2023-12-31-000000_a/down.sql",
		"lemmy/migrations/2023-12-31-000000_a/up.sql",
	};
	static const char *const want[] = {
		"db/m/README.sql", "db/m/9_a.sql", "db/m/10_b.sql",
		"lemmy/migrations/2023-12-31-000000_a/up.sql",
		"lemmy/migrations/2023-12-31-000000_a/down.sql",
		"lemmy/migrations/2024-01-02-000000_b/up.sql",
		"x/2_a.up.sql", "x/2_a.down.sql", /* up before down */
	};
	mg_changeset cs;
	size_t i;
	(void)state;
	mg_changeset_init(&cs);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		mg_changeset_add_file(&cs, in[i], MG_ADDED);
	mg_migpath_order_changes(&cs, MG_FW_AUTO);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_string_equal(cs.files[i].path, want[i]);
	mg_changeset_free(&cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(globs),
		cmocka_unit_test(filter),
		cmocka_unit_test(frameworks_by_name),
		cmocka_unit_test(expects_down),
		cmocka_unit_test(framework_names),
		cmocka_unit_test(versions),
		cmocka_unit_test(inference),
		cmocka_unit_test(history_paths),
		cmocka_unit_test(sections),
		cmocka_unit_test(order_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
