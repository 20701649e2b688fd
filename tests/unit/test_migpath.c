/* test_migpath.c - default migration paths and globs. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(globs),
		cmocka_unit_test(filter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
