/* test_pbpack.c - src/pbpack.c writes protobuf-c's bytes exactly.
 *
 * This program does not link src/pbpack_interpose.c, so
 * protobuf_c_message_pack() here is protobuf-c's own (libpg_query's copy).
 * For every SQL text of the fixtures, the fuzz seeds and, when it is
 * there, the shared corpus, the parse tree libpg_query serialised is
 * unpacked and packed again by mg_pb_pack(): the bytes must be libpg_query's
 * bytes, and protobuf-c's own pack of the same tree must agree; the same
 * for the scanner's token list (pg_query_scan()).  A message
 * of a hand-made descriptor covers what parse trees lack (packed repeated
 * fields, optional scalars, 64-bit and floating types, bytes, unknown
 * fields).
 *
 * mg_pb_unpack() (src/pbunpack.c) must decode each of those trees so that
 * packing it again gives the same bytes, take nothing protobuf-c rejects,
 * and give protobuf-c's answer for what it leaves to protobuf-c. */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "arena.h"
#include "pbpack.h"
#include "sqlfiles.h"

static size_t ntrees, nbytes;

/* Packs m with both packers; they must give want (want_len bytes) */
static void same_bytes(const char *what, const ProtobufCMessage *m, const uint8_t *want,
		       size_t want_len)
{
	size_t n = mg_pb_packed_size(m), k;
	uint8_t *mine = malloc(n + 1), *theirs;

	if (n != want_len || protobuf_c_message_get_packed_size(m) != n)
		fail_msg("%s: size %zu, protobuf-c %zu", what, n, want_len);
	k = mg_pb_pack(m, mine);
	theirs = malloc(n + 1);
	assert_int_equal(protobuf_c_message_pack(m, theirs), n);
	if (k != n || memcmp(mine, want, n) || memcmp(mine, theirs, n))
		fail_msg("%s: bytes differ from protobuf-c's", what);
	free(mine);
	free(theirs);
}

/* mg_pb_unpack() of bytes gives a message that packs to bytes again */
static void round_trip(const char *what, const ProtobufCMessageDescriptor *d,
		       const uint8_t *bytes, size_t len)
{
	mg_arena arena;
	ProtobufCMessage *m;

	mg_arena_init(&arena, 4096);
	m = mg_pb_unpack(d, &arena, len, bytes);
	if (!m)
		fail_msg("%s: mg_pb_unpack() rejects protobuf-c's bytes", what);
	same_bytes(what, m, bytes, len);
	mg_arena_free(&arena);
}

static void check_sql(const char *what, const char *sql)
{
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql);
	PgQuery__ParseResult *tree;

	if (!r.error) {
		tree = pg_query__parse_result__unpack(NULL, r.parse_tree.len,
						      (const uint8_t *)r.parse_tree.data);
		assert_non_null(tree);
		same_bytes(what, &tree->base, (const uint8_t *)r.parse_tree.data, r.parse_tree.len);
		pg_query__parse_result__free_unpacked(tree, NULL);
		round_trip(what, &pg_query__parse_result__descriptor,
			   (const uint8_t *)r.parse_tree.data, r.parse_tree.len);
		ntrees++;
		nbytes += r.parse_tree.len;
	}
	pg_query_free_protobuf_parse_result(r);
	{
		/* the scanner's result: libpg_query packs it the same way */
		PgQueryScanResult sr = pg_query_scan(sql);
		PgQuery__ScanResult *scan;
		if (!sr.error) {
			scan = pg_query__scan_result__unpack(NULL, sr.pbuf.len,
							     (const uint8_t *)sr.pbuf.data);
			assert_non_null(scan);
			same_bytes(what, &scan->base, (const uint8_t *)sr.pbuf.data, sr.pbuf.len);
			pg_query__scan_result__free_unpacked(scan, NULL);
		}
		pg_query_free_scan_result(sr);
	}
}

static void crafted_sql(void **state)
{
	static const char *const sql[] = {
		"SELECT 1",
		"",
		"CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
		"n numeric(10,2) DEFAULT -1.5, s text COLLATE \"C\" NOT NULL CHECK (s <> ''))",
		"ALTER TABLE t ADD COLUMN c int DEFAULT -2147483648, ALTER COLUMN s SET DATA TYPE varchar(10)",
		"CREATE INDEX CONCURRENTLY i ON t USING gin (to_tsvector('english', s)) WHERE id > -1",
		"INSERT INTO t VALUES (1, 2.5, 'x'), (-1, 1e300, E'\\n') ON CONFLICT DO NOTHING",
		"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 9) "
		"SELECT array_agg(n ORDER BY n DESC) FILTER (WHERE n > 1) OVER w FROM r WINDOW w AS ()",
		"DO $$ BEGIN RAISE NOTICE 'x'; END $$",
		"CREATE FUNCTION f(a int DEFAULT 1, VARIADIC b text[]) RETURNS SETOF int "
		"LANGUAGE sql IMMUTABLE AS 'select 1'",
		"COPY t (id) FROM STDIN WITH (FORMAT csv, HEADER true)",
		"GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC; SET lock_timeout = '1s'",
	};
	size_t i;
	char what[32];
	(void)state;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		snprintf(what, sizeof(what), "sql[%zu]", i);
		check_sql(what, sql[i]);
	}
	{
		/* nesting deep enough for multi-byte length prefixes */
		size_t n = 400, k;
		char *deep = malloc(n * 4 + 32);
		strcpy(deep, "SELECT ");
		for (k = 0; k < n; k++)
			strcat(deep, "(1+");
		strcat(deep, "1");
		for (k = 0; k < n; k++)
			strcat(deep, ")");
		check_sql("deep", deep);
		free(deep);
	}
}

/* ---- a message of every kind of field ------------------------------------ */

typedef struct all_types {
	ProtobufCMessage base;
	int32_t i32;                 /* 1 required int32 */
	protobuf_c_boolean has_u64;  /* 2 optional uint64 */
	uint64_t u64;
	int32_t s32;                 /* 3 unlabeled sint32 */
	int64_t s64;                 /* 4 unlabeled sint64 */
	float f;                     /* 5 unlabeled float */
	double d;                    /* 6 unlabeled double */
	ProtobufCBinaryData bytes;   /* 7 unlabeled bytes */
	size_t n_packed;             /* 8 repeated packed int32 */
	int32_t *packed;
	size_t n_fixed;              /* 9 repeated packed fixed64 */
	uint64_t *fixed;
	size_t n_strs;               /* 10 repeated string */
	char **strs;
	char *str;                   /* 11 optional string */
	protobuf_c_boolean b;        /* 12 unlabeled bool */
	size_t n_subs;               /* 13 repeated message */
	struct all_types **subs;
	int32_t e;                   /* 14 unlabeled enum */
} all_types;

#define F(id, name, label, type, q, member, flags) \
	{ name, id, label, type, q, offsetof(all_types, member), NULL, NULL, flags, 0, NULL, NULL }
extern const ProtobufCMessageDescriptor all_types_descriptor;
static const ProtobufCFieldDescriptor all_fields[] = {
	F(1, "i32", PROTOBUF_C_LABEL_REQUIRED, PROTOBUF_C_TYPE_INT32, 0, i32, 0),
	F(2, "u64", PROTOBUF_C_LABEL_OPTIONAL, PROTOBUF_C_TYPE_UINT64,
	  offsetof(all_types, has_u64), u64, 0),
	F(3, "s32", PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_SINT32, 0, s32, 0),
	F(4, "s64", PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_SINT64, 0, s64, 0),
	F(5, "f", PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_FLOAT, 0, f, 0),
	F(6, "d", PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_DOUBLE, 0, d, 0),
	F(7, "bytes", PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_BYTES, 0, bytes, 0),
	F(8, "packed", PROTOBUF_C_LABEL_REPEATED, PROTOBUF_C_TYPE_INT32,
	  offsetof(all_types, n_packed), packed, PROTOBUF_C_FIELD_FLAG_PACKED),
	F(9, "fixed", PROTOBUF_C_LABEL_REPEATED, PROTOBUF_C_TYPE_FIXED64,
	  offsetof(all_types, n_fixed), fixed, PROTOBUF_C_FIELD_FLAG_PACKED),
	F(10, "strs", PROTOBUF_C_LABEL_REPEATED, PROTOBUF_C_TYPE_STRING,
	  offsetof(all_types, n_strs), strs, 0),
	F(11, "str", PROTOBUF_C_LABEL_OPTIONAL, PROTOBUF_C_TYPE_STRING, 0, str, 0),
	F(12, "b", PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_BOOL, 0, b, 0),
	F(14, "e", PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_ENUM, 0, e, 0),
};
/* the message field needs the descriptor it is part of */
static ProtobufCFieldDescriptor fields_with_sub[sizeof(all_fields) / sizeof(all_fields[0]) + 1];
static ProtobufCMessageDescriptor desc;

static void init_desc(void)
{
	size_t n = sizeof(all_fields) / sizeof(all_fields[0]);
	ProtobufCFieldDescriptor sub = F(13, "subs", PROTOBUF_C_LABEL_REPEATED,
					 PROTOBUF_C_TYPE_MESSAGE, offsetof(all_types, n_subs), subs, 0);

	memcpy(fields_with_sub, all_fields, (n - 1) * sizeof(all_fields[0]));
	sub.descriptor = &desc;
	fields_with_sub[n - 1] = sub;          /* ids stay in order: 13, then 14 */
	fields_with_sub[n] = all_fields[n - 1];
	memset(&desc, 0, sizeof(desc));
	desc.magic = PROTOBUF_C__MESSAGE_DESCRIPTOR_MAGIC;
	desc.name = desc.short_name = desc.c_name = "AllTypes";
	desc.package_name = "";
	desc.sizeof_message = sizeof(all_types);
	desc.n_fields = (unsigned)n + 1;
	desc.fields = fields_with_sub;
}

static void every_type(void **state)
{
	int32_t packed[] = { 0, 1, -1, 300, 2147483647, -2147483647 - 1 };
	uint64_t fixed[] = { 0, 1, UINT64_MAX };
	char s1[] = "", s2[] = "two";
	char *strs[] = { s1, s2 };
	uint8_t raw[] = { 0, 1, 2, 255 };
	uint8_t unknown_data[] = { 0x96, 0x01 };
	ProtobufCMessageUnknownField unknown = { 1000, PROTOBUF_C_WIRE_TYPE_VARINT, 2, unknown_data };
	all_types inner, outer, empty, *subs[2];
	size_t n;
	uint8_t *theirs;
	(void)state;

	init_desc();
	memset(&empty, 0, sizeof(empty));
	empty.base.descriptor = &desc;
	memset(&inner, 0, sizeof(inner));
	inner.base.descriptor = &desc;
	inner.i32 = -5;
	inner.has_u64 = 1;
	inner.u64 = 0;            /* optional and set: written though zero */
	inner.e = -3;
	memset(&outer, 0, sizeof(outer));
	outer.base.descriptor = &desc;
	outer.i32 = 7;
	outer.s32 = -1000;
	outer.s64 = INT64_MIN;
	outer.f = 1.5f;
	outer.d = -0.25;
	outer.bytes.len = sizeof(raw);
	outer.bytes.data = raw;
	outer.n_packed = sizeof(packed) / sizeof(packed[0]);
	outer.packed = packed;
	outer.n_fixed = 3;
	outer.fixed = fixed;
	outer.n_strs = 2;
	outer.strs = strs;
	outer.str = s2;
	outer.b = 1;
	subs[0] = &inner;
	subs[1] = &empty;
	outer.n_subs = 2;
	outer.subs = subs;
	outer.base.n_unknown_fields = 1;
	outer.base.unknown_fields = &unknown;

	n = protobuf_c_message_get_packed_size(&outer.base);
	theirs = malloc(n);
	assert_int_equal(protobuf_c_message_pack(&outer.base, theirs), n);
	same_bytes("every type", &outer.base, theirs, n);
	/* packed and unknown fields: protobuf-c decodes them, same result */
	round_trip("every type", &desc, theirs, n);
	free(theirs);
	/* all zero: only the required field */
	n = protobuf_c_message_get_packed_size(&empty.base);
	theirs = malloc(n + 1);
	assert_int_equal(protobuf_c_message_pack(&empty.base, theirs), n);
	same_bytes("empty", &empty.base, theirs, n);
	free(theirs);
}

/* Every descriptor reachable from a parse result is proto3: no required
 * fields (mg_pb_unpack() does not check their presence). */
static void no_required(const ProtobufCMessageDescriptor *d, const ProtobufCMessageDescriptor **seen,
			size_t *nseen)
{
	unsigned i;
	size_t k;

	for (k = 0; k < *nseen; k++)
		if (seen[k] == d)
			return;
	assert_true(*nseen < 4096);
	seen[(*nseen)++] = d;
	for (i = 0; i < d->n_fields; i++) {
		if (d->fields[i].label == PROTOBUF_C_LABEL_REQUIRED)
			fail_msg("%s.%s is required", d->name, d->fields[i].name);
		if (d->fields[i].type == PROTOBUF_C_TYPE_MESSAGE)
			no_required(d->fields[i].descriptor, seen, nseen);
	}
}

/* mg_pb_unpack() of data gives protobuf-c's verdict and, when protobuf-c
 * takes it, a tree that packs to protobuf-c's bytes */
static void same_decoding(const char *what, const ProtobufCMessageDescriptor *d, mg_arena *arena,
			  const uint8_t *data, size_t len)
{
	ProtobufCMessage *mine = mg_pb_unpack(d, arena, len, data);
	ProtobufCMessage *theirs = protobuf_c_message_unpack(d, NULL, len, data);

	if ((mine == NULL) != (theirs == NULL))
		fail_msg("%s: mine %p, protobuf-c %p", what, (void *)mine, (void *)theirs);
	if (theirs) {
		size_t n = protobuf_c_message_get_packed_size(theirs);
		uint8_t *t = malloc(n + 1);
		protobuf_c_message_pack(theirs, t);
		same_bytes(what, mine, t, n);
		free(t);
		protobuf_c_message_free_unpacked(theirs, NULL);
	}
}

static void unpack_bad_input(void **state)
{
	static const ProtobufCMessageDescriptor *seen[4096];
	size_t nseen = 0, i, cut;
	const ProtobufCMessageDescriptor *d = &pg_query__parse_result__descriptor;
	PgQueryProtobufParseResult r =
		pg_query_parse_protobuf("ALTER TABLE a ADD COLUMN b text DEFAULT 'x'; SELECT 1");
	const uint8_t *bytes = (const uint8_t *)r.parse_tree.data;
	uint8_t *buf;
	mg_arena arena;
	char what[64];
	(void)state;

	no_required(d, seen, &nseen);
	assert_null(r.error);
	buf = malloc(r.parse_tree.len + 16);
	mg_arena_init(&arena, 4096);
	/* every truncation and every single-byte corruption: the same
	 * verdict as protobuf-c, and a tree that packs as protobuf-c's */
	for (cut = 0; cut < r.parse_tree.len; cut++) {
		snprintf(what, sizeof(what), "truncated to %zu bytes", cut);
		same_decoding(what, d, &arena, bytes, cut);
	}
	for (i = 0; i < r.parse_tree.len; i++) {
		static const uint8_t values[] = { 0x00, 0x07, 0x7f, 0x80, 0xff, 0x0a, 0x12 };
		size_t k;
		for (k = 0; k < sizeof(values); k++) {
			memcpy(buf, bytes, r.parse_tree.len);
			buf[i] = values[k];
			snprintf(what, sizeof(what), "byte %zu = 0x%02x", i, values[k]);
			same_decoding(what, d, &arena, buf, r.parse_tree.len);
		}
		mg_arena_free(&arena);
		mg_arena_init(&arena, 4096);
	}
	mg_arena_free(&arena);
	free(buf);
	pg_query_free_protobuf_parse_result(r);
}

static void visit(const char *path, const char *text, size_t len)
{
	if (!memchr(text, '\0', len))
		check_sql(path, text);
}

static void files(void **state)
{
	(void)state;

	mg_test_each_sql(visit);
	print_message("pbpack: %zu parse trees, %zu bytes, equal to protobuf-c's\n", ntrees, nbytes);
	assert_true(ntrees > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crafted_sql),
		cmocka_unit_test(every_type),
		cmocka_unit_test(unpack_bad_input),
		cmocka_unit_test(files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
