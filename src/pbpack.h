/* pbpack.h - protobuf-c's message serialisation in linear time, and a
 * one-pass decoder of libpg_query's parse trees.
 *
 * libpg_query hands its parse tree over as protobuf: it builds protobuf-c
 * messages and serialises them with protobuf_c_message_get_packed_size()
 * and protobuf_c_message_pack(), and migguard unpacks them again.  Those
 * two calls were 53% of all instructions of a corpus lint (bench/run):
 * protobuf-c visits every one of the ~250 fields of libpg_query's Node
 * oneof for every node, and moves each sub-message behind its length
 * prefix once per nesting level.  These functions write the same bytes
 * (tests/unit/test_pbpack.c compares them on every corpus parse tree)
 * while visiting only the fields that are set.
 *
 * src/pbpack_interpose.c puts them in place of protobuf-c's for libpg_query
 * (symbol interposition from the executable).
 *
 * mg_pb_unpack() decodes such bytes again (src/pbunpack.c), allocating
 * from an arena, for a third of the instructions of protobuf-c's
 * protobuf_c_message_unpack(). */
#ifndef MG_PBPACK_H
#define MG_PBPACK_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#include "arena.h"

/* The in-memory size of one element of a repeated field of type t, and the
 * wire type of a field of type t (protobuf-c's tables, for both files). */
static inline size_t mg_pb_elt_size(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_SFIXED64: case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE:
		return 8;
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_STRING: case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(void *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	default:
		return 4;
	}
}

static inline unsigned mg_pb_wire_of(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_SFIXED32: case PROTOBUF_C_TYPE_FIXED32: case PROTOBUF_C_TYPE_FLOAT:
		return PROTOBUF_C_WIRE_TYPE_32BIT;
	case PROTOBUF_C_TYPE_SFIXED64: case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE:
		return PROTOBUF_C_WIRE_TYPE_64BIT;
	case PROTOBUF_C_TYPE_STRING: case PROTOBUF_C_TYPE_BYTES: case PROTOBUF_C_TYPE_MESSAGE:
		return PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED;
	default:
		return PROTOBUF_C_WIRE_TYPE_VARINT;
	}
}

/* A member of a oneof */
static inline int mg_pb_is_oneof(const ProtobufCFieldDescriptor *f)
{
	return (f->label == PROTOBUF_C_LABEL_OPTIONAL || f->label == PROTOBUF_C_LABEL_NONE) &&
	       (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF);
}

/* protobuf_c_message_get_packed_size(m) */
size_t mg_pb_packed_size(const ProtobufCMessage *m);
/* protobuf_c_message_pack(m, out): out holds mg_pb_packed_size(m) bytes;
 * returns the number written. */
size_t mg_pb_pack(const ProtobufCMessage *m, uint8_t *out);

/* protobuf_c_message_unpack() for a proto3 descriptor (no required fields,
 * as libpg_query's), every piece taken from arena: the same message, or NULL
 * for input protobuf-c rejects.  The message lives until mg_arena_free(); an
 * input this decoder does not take (unknown fields, packed or merged fields)
 * is decoded by protobuf-c into the same arena, after a partial attempt
 * whose pieces stay there too. */
ProtobufCMessage *mg_pb_unpack(const ProtobufCMessageDescriptor *d, mg_arena *arena,
			       size_t len, const uint8_t *data);

#endif
