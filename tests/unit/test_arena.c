/* test_arena.c - the bump allocator behind parse trees (src/arena.c):
 * alignment, chunk growth, allocations larger than a chunk, reuse after
 * mg_arena_free(), and a parse tree taken from it surviving until
 * mg_sql_free(). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "sql.h"

static void test_alignment_and_growth(void **state)
{
	mg_arena a;
	unsigned char *prev = NULL;
	size_t i;

	(void)state;
	mg_arena_init(&a, 0);
	for (i = 0; i < 10000; i++) {
		size_t n = 1 + (i * 7919) % 300;
		unsigned char *p = mg_arena_alloc(&a, n);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		/* every byte writable, and no overlap with the previous block */
		memset(p, (int)(i & 0xff), n);
		if (prev)
			assert_int_equal(prev[0], (i - 1) & 0xff);
		prev = p;
	}
	/* larger than any chunk so far */
	prev = mg_arena_alloc(&a, (size_t)8 << 20);
	memset(prev, 1, (size_t)8 << 20);
	assert_int_equal((uintptr_t)prev % _Alignof(max_align_t), 0);
	mg_arena_free(&a);
	assert_null(a.head);
	/* reusable after free, zero-size allocations distinct */
	assert_ptr_not_equal(mg_arena_alloc(&a, 0), mg_arena_alloc(&a, 0));
	mg_arena_free(&a);
	mg_arena_free(&a);      /* twice is harmless */
}

static void test_parse_tree_from_arena(void **state)
{
	static const char sql_text[] =
		"CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL);\n"
		"ALTER TABLE t ADD COLUMN c int DEFAULT 1;\n";
	mg_sql s;

	(void)state;
	assert_int_equal(mg_sql_parse(&s, sql_text, strlen(sql_text)), 0);
	assert_non_null(s.tree);
	assert_non_null(s.arena.head);
	assert_int_equal(s.nstmts, 2);
	assert_int_equal(s.stmts[0].node->node_case, PG_QUERY__NODE__NODE_CREATE_STMT);
	assert_string_equal(s.stmts[0].node->create_stmt->relation->relname, "t");
	assert_int_equal(s.stmts[1].node->node_case, PG_QUERY__NODE__NODE_ALTER_TABLE_STMT);
	mg_sql_free(&s);
	assert_null(s.arena.head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment_and_growth),
		cmocka_unit_test(test_parse_tree_from_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
