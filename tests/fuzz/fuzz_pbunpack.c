/* fuzz_pbunpack.c - libFuzzer target: mg_pb_unpack() (src/pbunpack.c) on
 * any bytes as a libpg_query parse result gives protobuf-c's verdict, and
 * when protobuf-c takes the bytes, a tree that packs to protobuf-c's bytes
 * (by mg_pb_pack() and by protobuf-c: src/pbpack.c is checked on the way). */
#include "config.h"
#include "fuzz.h"
#include "arena.h"
#include "pbpack.h"

#include <stdlib.h>
#include <string.h>
#include <pg_query/pg_query.pb-c.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const ProtobufCMessageDescriptor *d = &pg_query__parse_result__descriptor;
	mg_arena arena;
	ProtobufCMessage *mine, *theirs;

	mg_arena_init(&arena, 4096);
	mine = mg_pb_unpack(d, &arena, size, data);
	theirs = protobuf_c_message_unpack(d, NULL, size, data);
	if ((mine == NULL) != (theirs == NULL))
		abort();
	if (theirs) {
		size_t n = protobuf_c_message_get_packed_size(theirs);
		uint8_t *t = malloc(n + 1), *m = malloc(n + 1);
		if (!t || !m || protobuf_c_message_pack(theirs, t) != n ||
		    mg_pb_packed_size(mine) != n || mg_pb_pack(mine, m) != n || memcmp(t, m, n))
			abort();
		free(t);
		free(m);
		protobuf_c_message_free_unpacked(theirs, NULL);
	}
	mg_arena_free(&arena);
	return 0;
}
