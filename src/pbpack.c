/* pbpack.c - protobuf-c serialisation in linear time (see pbpack.h).
 *
 * The wire format written is protobuf-c 1.4's, byte for byte
 * (tests/unit/test_pbpack.c compares the two on every corpus parse tree):
 * the same field order, the same rules for which fields are written
 * (required always; optional by has_ flag, pointers when not NULL and not
 * the default; proto3 unlabeled when not a NULL pointer; a oneof member
 * when it is the selected case; repeated when non-empty, packed or not),
 * the same encodings (int32 and enum sign-extended to ten bytes when
 * negative, NULL strings as empty) and unknown fields last.
 *
 * What differs is the work.  protobuf-c visits every field of every
 * message; libpg_query's Node is a oneof of some 250 message fields, so
 * each node of a parse tree cost 250 field visits twice (size, then pack),
 * and protobuf-c packs a sub-message first and then moves it behind its
 * length prefix, once per nesting level.  Here a oneof's fields are
 * skipped as a run (pb_runs(): for each descriptor, once per call, where
 * each run of one oneof starts and ends), and a message is written back to
 * front, last field first, into a scratch buffer: each sub-message is
 * written before its length prefix, whose value is then known, so nothing
 * is measured twice or moved; the whole is copied to the caller's buffer
 * at the end. */
#include "config.h"
#include "pbpack.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The runs of one descriptor's oneof fields: end[i] is the index after the
 * run field i starts, start[i] = end[n_fields + 1 + i] the index the run of
 * field i starts at (a field outside any oneof is a run of its own). */
typedef struct pb_desc_runs {
	const ProtobufCMessageDescriptor *desc;
	unsigned *end;
} pb_desc_runs;

struct pb_ctx {
	pb_desc_runs *runs;       /* open addressing by descriptor address */
	size_t nruns, cap_runs;   /* cap_runs: 0 or a power of two */
	pb_desc_runs last;        /* the last one looked up */
	/* pack: written back to front, buf[pos..cap) */
	uint8_t *buf;
	size_t pos, cap;
};
typedef struct pb_ctx pb_ctx;

static void pb_ctx_free(pb_ctx *c)
{
	size_t i;

	for (i = 0; i < c->cap_runs; i++)
		free(c->runs[i].end);
	free(c->runs);
	free(c->buf);
}

static size_t runs_slot(const pb_ctx *c, const ProtobufCMessageDescriptor *d)
{
	uintptr_t h = (uintptr_t)d;

	h ^= h >> 17;
	h *= (uintptr_t)0x9E3779B97F4A7C15ULL;
	return (size_t)(h >> 7) & (c->cap_runs - 1);
}

static void runs_put(pb_ctx *c, const pb_desc_runs *r)
{
	size_t s;

	for (s = runs_slot(c, r->desc); c->runs[s].desc; s = (s + 1) & (c->cap_runs - 1))
		;
	c->runs[s] = *r;
}

/* The oneof runs of d, computed the first time d is seen in this call
 * (only messages with a oneof ask). */
static const unsigned *pb_runs(pb_ctx *c, const ProtobufCMessageDescriptor *d)
{
	size_t s, i, n = d->n_fields;
	unsigned *end, *start;

	if (c->last.desc == d)
		return c->last.end;
	if (c->cap_runs) {
		for (s = runs_slot(c, d); c->runs[s].desc; s = (s + 1) & (c->cap_runs - 1))
			if (c->runs[s].desc == d)
				return (c->last = c->runs[s]).end;
	}
	if ((c->nruns + 1) * 2 > c->cap_runs) {
		pb_desc_runs *old = c->runs;
		size_t oldcap = c->cap_runs;

		c->cap_runs = oldcap ? oldcap * 2 : 64;
		c->runs = mg_xcalloc(c->cap_runs, sizeof(*c->runs));
		for (i = 0; i < oldcap; i++)
			if (old[i].desc)
				runs_put(c, &old[i]);
		free(old);
	}
	end = mg_xcalloc(2 * (n + 1), sizeof(*end));
	start = end + n + 1;
	for (i = n; i-- > 0;) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		if (i + 1 < n && mg_pb_is_oneof(f) && mg_pb_is_oneof(f + 1) &&
		    f->quantifier_offset == f[1].quantifier_offset)
			end[i] = end[i + 1];
		else
			end[i] = (unsigned)i + 1;
	}
	for (i = 0; i < n; i++)
		start[i] = i > 0 && end[i - 1] == end[i] ? start[i - 1] : (unsigned)i;
	c->last.desc = d;
	c->last.end = end;
	runs_put(c, &c->last);
	c->nruns++;
	return end;
}

/* ---- encodings (protobuf-c 1.4's) ---------------------------------------- */

static size_t uint32_size(uint32_t v)
{
	return v < (1U << 7) ? 1 : v < (1U << 14) ? 2 : v < (1U << 21) ? 3 : v < (1U << 28) ? 4 : 5;
}

static size_t int32_size(int32_t v)
{
	return v < 0 ? 10 : uint32_size((uint32_t)v);
}

static uint32_t zigzag32(int32_t v)
{
	return v < 0 ? (-(uint32_t)v) * 2 - 1 : (uint32_t)v * 2;
}

static size_t uint64_size(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static uint64_t zigzag64(int64_t v)
{
	return v < 0 ? (-(uint64_t)v) * 2 - 1 : (uint64_t)v * 2;
}

static size_t tag_size(uint32_t id)
{
	return uint64_size((uint64_t)id << 3);
}

static size_t put_varint(uint64_t v, uint8_t *out)
{
	size_t n = 0;

	while (v >= 0x80) {
		out[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	out[n++] = (uint8_t)v;
	return n;
}

/* ---- which fields are written -------------------------------------------- */

/* protobuf-c 1.4's field_is_zeroish(): an unlabeled (proto3) field
 * holding its type's zero is not written. */
static int zeroish(const ProtobufCFieldDescriptor *f, const void *member)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_BOOL:
		return *(const protobuf_c_boolean *)member == 0;
	case PROTOBUF_C_TYPE_ENUM: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_UINT32: case PROTOBUF_C_TYPE_SFIXED32: case PROTOBUF_C_TYPE_FIXED32:
		return *(const uint32_t *)member == 0;
	case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_SFIXED64: case PROTOBUF_C_TYPE_FIXED64:
		return *(const uint64_t *)member == 0;
	case PROTOBUF_C_TYPE_FLOAT:
		return *(const float *)member == 0;
	case PROTOBUF_C_TYPE_DOUBLE:
		return *(const double *)member == 0;
	case PROTOBUF_C_TYPE_STRING: {
		const char *str = *(const char *const *)member;
		return !str || !*str;
	}
	case PROTOBUF_C_TYPE_BYTES:
		return ((const ProtobufCBinaryData *)member)->data == NULL;
	case PROTOBUF_C_TYPE_MESSAGE:
		return *(const void *const *)member == NULL;
	}
	return 1;
}

/* The value to write of field f of message m, or NULL when protobuf-c
 * writes nothing for it; *count: elements of a repeated field (else 1).
 * A oneof member comes here only as its oneof's case (selected()). */
static const void *present(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f,
			   size_t *count)
{
	const char *member = (const char *)m + f->offset;
	const char *q = (const char *)m + f->quantifier_offset;
	int ptr = f->type == PROTOBUF_C_TYPE_MESSAGE || f->type == PROTOBUF_C_TYPE_STRING;

	*count = 1;
	switch (f->label) {
	case PROTOBUF_C_LABEL_REQUIRED:
		return member;
	case PROTOBUF_C_LABEL_REPEATED:
		*count = *(const size_t *)q;
		return *count ? member : NULL;
	default:
		break;
	}
	if (mg_pb_is_oneof(f) || f->label == PROTOBUF_C_LABEL_OPTIONAL) {
		if (ptr) {
			const void *p = *(const void *const *)member;
			return p && p != f->default_value ? member : NULL;
		}
		return mg_pb_is_oneof(f) || *(const protobuf_c_boolean *)q ? member : NULL;
	}
	return zeroish(f, member) ? NULL : member;
}

/* ---- sizes (protobuf_c_message_get_packed_size) --------------------------- */

static size_t msg_size(pb_ctx *c, const ProtobufCMessage *m);

/* One value of type t without its tag. */
static size_t value_size(pb_ctx *c, ProtobufCType t, const void *v)
{
	switch (t) {
	case PROTOBUF_C_TYPE_SINT32:
		return uint32_size(zigzag32(*(const int32_t *)v));
	case PROTOBUF_C_TYPE_ENUM:
	case PROTOBUF_C_TYPE_INT32:
		return int32_size(*(const int32_t *)v);
	case PROTOBUF_C_TYPE_UINT32:
		return uint32_size(*(const uint32_t *)v);
	case PROTOBUF_C_TYPE_SINT64:
		return uint64_size(zigzag64(*(const int64_t *)v));
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_UINT64:
		return uint64_size(*(const uint64_t *)v);
	case PROTOBUF_C_TYPE_SFIXED32: case PROTOBUF_C_TYPE_FIXED32: case PROTOBUF_C_TYPE_FLOAT:
		return 4;
	case PROTOBUF_C_TYPE_SFIXED64: case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE:
		return 8;
	case PROTOBUF_C_TYPE_BOOL:
		return 1;
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(const char *const *)v;
		size_t len = s ? strlen(s) : 0;
		return uint32_size((uint32_t)len) + len;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		size_t len = ((const ProtobufCBinaryData *)v)->len;
		return uint32_size((uint32_t)len) + len;
	}
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessage *sub = *(const ProtobufCMessage *const *)v;
		size_t len = sub ? msg_size(c, sub) : 0;
		return uint32_size((uint32_t)len) + len;
	}
	}
	return 0;
}

static size_t field_size(pb_ctx *c, const ProtobufCFieldDescriptor *f, const void *member,
			 size_t count)
{
	size_t rv = 0, i, sz = mg_pb_elt_size(f->type);
	const char *a;

	if (f->label != PROTOBUF_C_LABEL_REPEATED)
		return tag_size(f->id) + value_size(c, f->type, member);
	a = *(const char *const *)member;
	for (i = 0; i < count; i++)
		rv += value_size(c, f->type, a + i * sz);
	if (f->flags & PROTOBUF_C_FIELD_FLAG_PACKED)
		return tag_size(f->id) + uint32_size((uint32_t)rv) + rv;
	return tag_size(f->id) * count + rv;
}

/* The field of run [i, end) whose id is the oneof's case, or (size_t)-1. */
static size_t selected(const ProtobufCMessage *m, size_t i, size_t end)
{
	const ProtobufCFieldDescriptor *fs = m->descriptor->fields;
	uint32_t cas = *(const uint32_t *)((const char *)m + fs[i].quantifier_offset);
	size_t k;

	if (cas >= fs[i].id && cas - fs[i].id < end - i && fs[i + (cas - fs[i].id)].id == cas)
		return i + (cas - fs[i].id);
	for (k = i; k < end; k++)
		if (fs[k].id == cas)
			return k;
	return (size_t)-1;
}

static size_t msg_size(pb_ctx *c, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	size_t rv = 0, i, k, count;

	for (i = 0; i < d->n_fields;) {
		const void *v;
		if (mg_pb_is_oneof(&d->fields[i])) {
			size_t e = pb_runs(c, d)[i];
			k = selected(m, i, e);
			i = e;
		} else {
			k = i++;
		}
		if (k == (size_t)-1 || !(v = present(m, &d->fields[k], &count)))
			continue;
		rv += field_size(c, &d->fields[k], v, count);
	}
	for (i = 0; i < m->n_unknown_fields; i++)
		rv += tag_size(m->unknown_fields[i].tag) + m->unknown_fields[i].len;
	return rv;
}

/* ---- packing, back to front ----------------------------------------------- */

/* Room for n more bytes before c->pos: a full buffer moves its bytes to the
 * end of one twice as large. */
static void room(pb_ctx *c, size_t n)
{
	size_t used, cap;
	uint8_t *b;

	if (c->pos >= n)
		return;
	used = c->cap - c->pos;
	cap = c->cap ? c->cap : 4096;
	while (cap - used < n)
		cap *= 2;
	b = mg_xmalloc(cap);
	if (used)
		memcpy(b + cap - used, c->buf + c->pos, used);
	free(c->buf);
	c->buf = b;
	c->pos = cap - used;
	c->cap = cap;
}

static void back_bytes(pb_ctx *c, const void *p, size_t n)
{
	room(c, n);
	c->pos -= n;
	if (n)
		memcpy(c->buf + c->pos, p, n);
}

static void back_varint(pb_ctx *c, uint64_t v)
{
	if (v < 0x80) {       /* most tags, lengths and values */
		room(c, 1);
		c->buf[--c->pos] = (uint8_t)v;
		return;
	}
	room(c, 10);
	c->pos -= uint64_size(v);
	(void)put_varint(v, c->buf + c->pos);
}

static void back_tag(pb_ctx *c, uint32_t id, unsigned wire)
{
	back_varint(c, (uint64_t)id << 3 | wire);
}

static size_t msg_back(pb_ctx *c, const ProtobufCMessage *m);

/* One value of type t without its tag, written before c->pos. */
static void value_back(pb_ctx *c, ProtobufCType t, const void *v)
{
	switch (t) {
	case PROTOBUF_C_TYPE_SINT32:
		back_varint(c, zigzag32(*(const int32_t *)v));
		return;
	case PROTOBUF_C_TYPE_ENUM:
	case PROTOBUF_C_TYPE_INT32: {
		/* negative: the 64-bit two's complement, ten bytes */
		int32_t x = *(const int32_t *)v;
		back_varint(c, x < 0 ? (uint64_t)(int64_t)x : (uint64_t)(uint32_t)x);
		return;
	}
	case PROTOBUF_C_TYPE_UINT32:
		back_varint(c, *(const uint32_t *)v);
		return;
	case PROTOBUF_C_TYPE_SINT64:
		back_varint(c, zigzag64(*(const int64_t *)v));
		return;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_UINT64:
		back_varint(c, *(const uint64_t *)v);
		return;
	case PROTOBUF_C_TYPE_SFIXED32: case PROTOBUF_C_TYPE_FIXED32: case PROTOBUF_C_TYPE_FLOAT:
		back_bytes(c, v, 4);   /* little-endian hosts only, as configure checks */
		return;
	case PROTOBUF_C_TYPE_SFIXED64: case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE:
		back_bytes(c, v, 8);
		return;
	case PROTOBUF_C_TYPE_BOOL: {
		uint8_t b = *(const protobuf_c_boolean *)v ? 1 : 0;
		back_bytes(c, &b, 1);
		return;
	}
	case PROTOBUF_C_TYPE_STRING: {
		const char *str = *(const char *const *)v;
		size_t len = str ? strlen(str) : 0;
		back_bytes(c, str, len);
		back_varint(c, len);
		return;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		const ProtobufCBinaryData *b = v;
		back_bytes(c, b->data, b->len);
		back_varint(c, b->len);
		return;
	}
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessage *sub = *(const ProtobufCMessage *const *)v;
		back_varint(c, sub ? msg_back(c, sub) : 0);
		return;
	}
	}
}

static void field_back(pb_ctx *c, const ProtobufCFieldDescriptor *f, const void *member,
		       size_t count)
{
	size_t i, sz = mg_pb_elt_size(f->type), after;
	const char *a;

	if (f->label != PROTOBUF_C_LABEL_REPEATED) {
		value_back(c, f->type, member);
		back_tag(c, f->id, mg_pb_wire_of(f->type));
		return;
	}
	a = *(const char *const *)member;
	if (f->flags & PROTOBUF_C_FIELD_FLAG_PACKED) {
		after = c->cap - c->pos;
		for (i = count; i-- > 0;)
			value_back(c, f->type, a + i * sz);
		back_varint(c, c->cap - c->pos - after);
		back_tag(c, f->id, PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED);
		return;
	}
	for (i = count; i-- > 0;) {
		value_back(c, f->type, a + i * sz);
		back_tag(c, f->id, mg_pb_wire_of(f->type));
	}
}

/* Writes m before c->pos, last field first; returns its size. */
static size_t msg_back(pb_ctx *c, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	size_t after = c->cap - c->pos, i, k, count;

	for (i = m->n_unknown_fields; i-- > 0;) {
		const ProtobufCMessageUnknownField *u = &m->unknown_fields[i];
		back_bytes(c, u->data, u->len);
		back_tag(c, u->tag, u->wire_type);
	}
	for (i = d->n_fields; i > 0;) {
		const void *v;
		if (mg_pb_is_oneof(&d->fields[i - 1])) {
			const unsigned *end = pb_runs(c, d);
			size_t s = end[d->n_fields + 1 + i - 1];   /* start[i - 1] */
			k = selected(m, s, end[s]);
			i = s;
		} else {
			k = --i;
		}
		if (k == (size_t)-1 || !(v = present(m, &d->fields[k], &count)))
			continue;
		field_back(c, &d->fields[k], v, count);
	}
	return c->cap - c->pos - after;
}

size_t mg_pb_packed_size(const ProtobufCMessage *m)
{
	pb_ctx c;
	size_t rv;

	memset(&c, 0, sizeof(c));
	rv = msg_size(&c, m);
	pb_ctx_free(&c);
	return rv;
}

size_t mg_pb_pack(const ProtobufCMessage *m, uint8_t *out)
{
	pb_ctx c;
	size_t rv;

	memset(&c, 0, sizeof(c));
	rv = msg_back(&c, m);
	if (rv)
		memcpy(out, c.buf + c.pos, rv);
	pb_ctx_free(&c);
	return rv;
}
