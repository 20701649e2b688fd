/* fuzz_gitindex.c - libFuzzer target: the index reader (gitindex.c) on any
 * bytes gives a result or an error, and a result keeps its promises:
 * NUL-terminated paths of the given length, in git's order, a cache-tree
 * whose links stay inside it. */
#include "config.h"
#include "fuzz.h"
#include "gitindex.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mg_index idx;
	char *err = NULL;
	size_t i;
	long t;
	int rc = mg_index_parse(&idx, data, size, &err);

	if (rc != MG_INDEX_OK) {
		if (!err || (rc != MG_INDEX_ERROR && rc != MG_INDEX_UNSUPPORTED))
			abort();
		free(err);
		return 0;
	}
	if (err)
		abort();
	for (i = 0; i < idx.n; i++) {
		const mg_index_entry *e = &idx.e[i];
		if (strlen(e->path) != e->len || e->stage > 3 || !e->len)
			abort();
		if (i && strcmp(idx.e[i - 1].path, e->path) > 0)
			abort();
		/* the directory of each entry: it starts there */
		if (strchr(e->path, '/')) {
			size_t dl = (size_t)(strchr(e->path, '/') - e->path);
			if (mg_index_dir_end(&idx, i, idx.n, e->path, dl) <= i)
				abort();
		}
	}
	for (t = 0; (size_t)t < idx.nt; t++) {
		const mg_index_tree *n = &idx.t[t];
		if (n->parent >= t || n->first_child >= (long)idx.nt || n->next_sibling >= (long)idx.nt ||
		    (n->first_child >= 0 && n->first_child <= t) ||
		    (n->next_sibling >= 0 && n->next_sibling <= t))
			abort();
		if (n->parent >= 0 &&
		    mg_index_tree_child(&idx, n->parent, n->name, n->len) < 0)
			abort();
	}
	mg_index_free(&idx);
	return 0;
}
