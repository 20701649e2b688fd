/* pbpack_interpose.c - libpg_query serialises its parse trees with
 * migguard's linear-time packer (src/pbpack.c) instead of protobuf-c's.
 *
 * libpg_query's shared library calls protobuf_c_message_get_packed_size()
 * and protobuf_c_message_pack() through its PLT, also for the nested
 * messages, so these definitions, linked into the executable (never into
 * libmigguard.a: see src/perf.am), come first in the dynamic linker's
 * lookup and serve every call.  They write the same bytes as protobuf-c
 * 1.4 (tests/unit/test_pbpack.c); tests/e2e/startup.sh checks that the
 * binding happens.  Where it does not (a libpg_query linked with
 * -Bsymbolic, or statically), protobuf-c's own code runs: slower, same
 * result. */
#include "config.h"
#include "pbpack.h"

size_t protobuf_c_message_get_packed_size(const ProtobufCMessage *message)
{
	return mg_pb_packed_size(message);
}

size_t protobuf_c_message_pack(const ProtobufCMessage *message, uint8_t *out)
{
	return mg_pb_pack(message, out);
}
