/* test_lockmodel.c - the lock model: lock modes and per-statement effects. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lockmodel.h"

static void names(void **state)
{
	(void)state;
	assert_string_equal(mg_lock_name(MG_LOCK_ACCESS_EXCLUSIVE), "ACCESS EXCLUSIVE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
