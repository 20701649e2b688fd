/* pbunpack.c - libpg_query's protobuf parse trees decoded in one pass into
 * an arena (see pbpack.h).
 *
 * protobuf-c's protobuf_c_message_unpack() scans each message's fields into
 * a temporary list of "scanned members" (slabs of them for large messages),
 * counts repeated fields, then parses the list, asking the allocator for
 * every piece: a third of a corpus lint's instructions once serialisation
 * was fast (src/pbpack.c).  This decoder reads the bytes twice per message
 * (count the repeated elements, then decode) and allocates straight from
 * the caller's arena.
 *
 * It decodes what libpg_query writes: a proto3 schema, each field with the
 * wire type of its type, no unknown fields, no repeated singular message.
 * Anything else (a packed repeated scalar, an unknown field, a message
 * that would have to be merged, required fields, a truncated or malformed
 * input) it leaves to protobuf-c: it returns protobuf-c's answer for the
 * whole input, so the result never differs from protobuf_c_message_unpack().
 * tests/unit/test_pbpack.c checks that packing a decoded tree gives the
 * input bytes back, for every corpus parse tree. */
#include "config.h"
#include "pbpack.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A message this decoder does not take: protobuf-c decodes the input. */
#define NOT_MINE (-1)

typedef struct rep_count {
	unsigned field;           /* index into the descriptor's fields */
	size_t n;                 /* elements in the message */
} rep_count;

typedef struct pbu {
	mg_arena *arena;
	/* the repeated fields' counts of the messages being decoded, a stack:
	 * each message pushes its own and pops them when done */
	rep_count *reps;
	size_t nreps, cap_reps;
	unsigned depth;
} pbu;

/* Nesting beyond this is left to protobuf-c (which recurses as well);
 * libpg_query stops at its own stack limit long before. */
#define MAX_DEPTH 10000

static int get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t r = 0;
	unsigned shift = 0;

	while (*p < end && shift < 64) {
		uint8_t b = *(*p)++;
		r |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = r;
			return 0;
		}
		shift += 7;
	}
	return NOT_MINE;
}

/* The index in d->fields of field id, or -1 (protobuf-c's lookup by
 * d->field_ranges). */
static long field_index(const ProtobufCMessageDescriptor *d, uint64_t id)
{
	unsigned r;

	for (r = 0; r < d->n_field_ranges; r++) {
		const ProtobufCIntRange *fr = &d->field_ranges[r];
		uint64_t size = d->field_ranges[r + 1].orig_index - fr->orig_index;
		if (fr->start_value >= 0 && id >= (uint64_t)fr->start_value &&
		    id - (uint64_t)fr->start_value < size)
			return (long)(fr->orig_index + (id - (uint64_t)fr->start_value));
	}
	return -1;
}

/* One field's tag, checked against d: *f the field, and its varint in
 * *val or its bytes in *body and *blen.  Returns 0 or NOT_MINE. */
static int next_field(const ProtobufCMessageDescriptor *d, const uint8_t **p,
		      const uint8_t *end, const ProtobufCFieldDescriptor **f, uint64_t *val,
		      const uint8_t **body, size_t *blen)
{
	uint64_t tag, len;
	unsigned wire;
	long idx;

	if (get_varint(p, end, &tag) < 0)
		return NOT_MINE;
	wire = (unsigned)(tag & 7);
	if ((idx = field_index(d, tag >> 3)) < 0)
		return NOT_MINE;            /* an unknown field */
	*f = &d->fields[idx];
	if (wire != mg_pb_wire_of((*f)->type))
		return NOT_MINE;            /* packed, or wrong */
	switch (wire) {
	case PROTOBUF_C_WIRE_TYPE_VARINT:
		return get_varint(p, end, val);
	case PROTOBUF_C_WIRE_TYPE_32BIT:
		len = 4;
		break;
	case PROTOBUF_C_WIRE_TYPE_64BIT:
		len = 8;
		break;
	default:
		if (get_varint(p, end, &len) < 0)
			return NOT_MINE;
		break;
	}
	if (len > (uint64_t)(end - *p))
		return NOT_MINE;
	*body = *p;
	*blen = (size_t)len;
	*p += len;
	return 0;
}

static void *arena_alloc(pbu *u, size_t size)
{
	return mg_arena_alloc(u->arena, size ? size : 1);
}

/* protobuf-c's allocator interface over an arena, for the inputs left to
 * protobuf_c_message_unpack(): nothing is freed one piece at a time */
static void *pc_alloc(void *arena, size_t size)
{
	return mg_arena_alloc(arena, size);
}

static void pc_free(void *arena, void *p)
{
	(void)arena;
	(void)p;
}

static int decode(pbu *u, const ProtobufCMessageDescriptor *d, const uint8_t *p,
		  const uint8_t *end, ProtobufCMessage **out);

/* Stores one value of f's type at slot (the member, or an array element). */
static int store(pbu *u, const ProtobufCFieldDescriptor *f, void *slot, uint64_t v,
		 const uint8_t *body, size_t blen)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_ENUM: case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_UINT32: {
		uint32_t x = (uint32_t)v;        /* the low 32 bits, as protobuf-c */
		memcpy(slot, &x, 4);
		return 0;
	}
	case PROTOBUF_C_TYPE_SINT32: {
		uint32_t x = (uint32_t)v;
		int32_t s = (int32_t)((x >> 1) ^ (~(x & 1) + 1));
		memcpy(slot, &s, 4);
		return 0;
	}
	case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_UINT64:
		memcpy(slot, &v, 8);
		return 0;
	case PROTOBUF_C_TYPE_SINT64: {
		int64_t s = (int64_t)((v >> 1) ^ (~(v & 1) + 1));
		memcpy(slot, &s, 8);
		return 0;
	}
	case PROTOBUF_C_TYPE_BOOL: {
		protobuf_c_boolean b = v != 0;
		memcpy(slot, &b, sizeof(b));
		return 0;
	}
	case PROTOBUF_C_TYPE_SFIXED32: case PROTOBUF_C_TYPE_FIXED32: case PROTOBUF_C_TYPE_FLOAT:
		memcpy(slot, body, 4);           /* little-endian hosts */
		return 0;
	case PROTOBUF_C_TYPE_SFIXED64: case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE:
		memcpy(slot, body, 8);
		return 0;
	case PROTOBUF_C_TYPE_STRING: {
		char *s = arena_alloc(u, blen + 1);
		memcpy(s, body, blen);
		s[blen] = '\0';
		memcpy(slot, &s, sizeof(s));
		return 0;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		ProtobufCBinaryData bd;
		bd.len = blen;
		bd.data = NULL;
		if (blen) {
			bd.data = arena_alloc(u, blen);
			memcpy(bd.data, body, blen);
		}
		memcpy(slot, &bd, sizeof(bd));
		return 0;
	}
	case PROTOBUF_C_TYPE_MESSAGE: {
		ProtobufCMessage *sub;
		if (decode(u, f->descriptor, body, body + blen, &sub) < 0)
			return NOT_MINE;
		memcpy(slot, &sub, sizeof(sub));
		return 0;
	}
	}
	return NOT_MINE;
}

static int decode(pbu *u, const ProtobufCMessageDescriptor *d, const uint8_t *p,
		  const uint8_t *end, ProtobufCMessage **out)
{
	ProtobufCMessage *m;
	const uint8_t *q = p;
	size_t base = u->nreps, i;
	int rc = 0;

	if (d->magic != PROTOBUF_C__MESSAGE_DESCRIPTOR_MAGIC || !d->message_init ||
	    ++u->depth > MAX_DEPTH)
		return NOT_MINE;
	m = arena_alloc(u, d->sizeof_message);
	d->message_init(m);

	/* pass 1: the repeated fields' element counts */
	while (q < end) {
		const ProtobufCFieldDescriptor *f;
		uint64_t v;
		const uint8_t *body;
		size_t blen;
		if (next_field(d, &q, end, &f, &v, &body, &blen) < 0)
			return NOT_MINE;
		if (f->label == PROTOBUF_C_LABEL_REQUIRED)
			return NOT_MINE;         /* proto2: protobuf-c checks presence */
		if (f->label != PROTOBUF_C_LABEL_REPEATED)
			continue;
		for (i = base; i < u->nreps && u->reps[i].field != (unsigned)(f - d->fields); i++)
			;
		if (i == u->nreps) {
			if (u->nreps == u->cap_reps) {
				u->cap_reps = u->cap_reps ? u->cap_reps * 2 : 64;
				u->reps = mg_xrealloc(u->reps, u->cap_reps * sizeof(*u->reps));
			}
			u->reps[u->nreps].field = (unsigned)(f - d->fields);
			u->reps[u->nreps++].n = 0;
		}
		u->reps[i].n++;
	}
	for (i = base; i < u->nreps; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[u->reps[i].field];
		void *arr = arena_alloc(u, u->reps[i].n * mg_pb_elt_size(f->type));
		memcpy((char *)m + f->offset, &arr, sizeof(arr));
		/* the count grows back to n as elements are stored */
		*(size_t *)((char *)m + f->quantifier_offset) = 0;
	}

	/* pass 2: the values */
	while (rc == 0 && p < end) {
		const ProtobufCFieldDescriptor *f;
		uint64_t v = 0;
		const uint8_t *body = NULL;
		size_t blen = 0;
		char *member, *quant;

		(void)next_field(d, &p, end, &f, &v, &body, &blen);   /* checked in pass 1 */
		member = (char *)m + f->offset;
		quant = (char *)m + f->quantifier_offset;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t *n = (size_t *)quant;
			char *arr;
			memcpy(&arr, member, sizeof(arr));
			rc = store(u, f, arr + *n * mg_pb_elt_size(f->type), v, body, blen);
			++*n;
			continue;
		}
		if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
			/* a second occurrence would be merged into the first */
			void *prev;
			memcpy(&prev, member, sizeof(prev));
			if ((!mg_pb_is_oneof(f) || *(uint32_t *)quant == f->id) && prev && prev != f->default_value)
				return NOT_MINE;
		}
		rc = store(u, f, member, v, body, blen);
		if (mg_pb_is_oneof(f))
			*(uint32_t *)quant = f->id;
		else if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->type != PROTOBUF_C_TYPE_STRING &&
			 f->type != PROTOBUF_C_TYPE_MESSAGE)
			*(protobuf_c_boolean *)quant = 1;
	}
	u->nreps = base;
	u->depth--;
	*out = m;
	return rc;
}

ProtobufCMessage *mg_pb_unpack(const ProtobufCMessageDescriptor *d, mg_arena *arena,
			       size_t len, const uint8_t *data)
{
	pbu u;
	ProtobufCMessage *m = NULL;
	ProtobufCAllocator a = { pc_alloc, pc_free, arena };
	int rc;

	memset(&u, 0, sizeof(u));
	u.arena = arena;
	rc = decode(&u, d, data, data + len, &m);
	free(u.reps);
	if (rc == 0)
		return m;
	/* what was allocated stays in the arena until it is freed */
	return protobuf_c_message_unpack(d, &a, len, data);
}
