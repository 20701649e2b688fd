/* parse_floor.c - the bare parse floor for the corpus benchmark: read each
 * file, pg_query_parse_protobuf() it and unpack the tree, nothing else.
 * migguard cannot be faster than this on one core. */
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			if (!buf)
				abort();
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

int main(int argc, char **argv)
{
	int i, parsed = 0, failed = 0;

	for (i = 1; i < argc; i++) {
		char *text = slurp(argv[i]);
		PgQueryProtobufParseResult r;
		if (!text) {
			perror(argv[i]);
			return 2;
		}
		r = pg_query_parse_protobuf(text);
		if (r.error) {
			failed++;
		} else {
			PgQuery__ParseResult *t = pg_query__parse_result__unpack(
				NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
			if (t)
				pg_query__parse_result__free_unpacked(t, NULL);
			parsed++;
		}
		pg_query_free_protobuf_parse_result(r);
		free(text);
	}
	fprintf(stderr, "parse_floor: %d parsed, %d rejected\n", parsed, failed);
	return 0;
}
