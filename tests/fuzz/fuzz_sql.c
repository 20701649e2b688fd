/* fuzz_sql.c - libFuzzer target: lint arbitrary bytes as one migration file
 * (libpg_query parse, every rule, positions), then render the result in
 * every output format and check that no control character leaks out. */
#include "config.h"
#include "fuzz.h"
#include "lint.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mg_lint_opts o;
	mg_result r;
	char *buf = mg_xmalloc(size + 1);

	/* sources always hand the linter a NUL-terminated copy */
	if (size)
		memcpy(buf, data, size);
	buf[size] = '\0';
	mg_lint_opts_init(&o);
	/* both transaction assumptions: some rules depend on it */
	o.assume_in_transaction = size && (data[0] & 1);
	mg_result_init(&r);
	mg_lint_sql(&o, "db/migrations/fuzz.sql", NULL, buf, size, &r);
	mg_result_sort(&r);
	mg_fuzz_render_all(&r);
	mg_result_free(&r);
	free(buf);
	return 0;
}
