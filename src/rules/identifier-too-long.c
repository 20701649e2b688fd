/* identifier-too-long: names over 63 bytes, which PostgreSQL truncates. */
#include "config.h"
#include "rulelib.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MG_NAME_MAX 63 /* NAMEDATALEN - 1 */

/* PostgreSQL's scanner truncates identifiers before the parse tree is
 * built, so the names are measured in the statement text: a cheap test
 * first, the scanner only when a long name is possible.  Unquoted: a run of
 * more than 63 identifier bytes.  Quoted: a quoted name lies between two
 * runs of '"' of odd length (its escaped "" pairs make even runs, or join
 * the quote runs at its ends); the bytes between two odd runs, plus the
 * pairs those runs hold, bound the length of such a name from above. */
#define R4(x) x, x, x, x
#define R16(x) R4(x), R4(x), R4(x), R4(x)
/* identifier bytes: [A-Za-z0-9_$] and every byte of a multibyte character */
static const unsigned char ident_byte[256] = {
	R16(0), R16(0),                                     /* 0x00-0x1f */
	0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,     /* 0x20-0x2f: '$' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,     /* 0x30-0x3f: 0-9 */
	0, R4(1), R4(1), R4(1), 1, 1, 1,                    /* 0x40-0x4f: A-O */
	R4(1), R4(1), 1, 1, 1, 0, 0, 0, 0, 1,               /* 0x50-0x5f: P-Z, '_' */
	0, R4(1), R4(1), R4(1), 1, 1, 1,                    /* 0x60-0x6f: a-o */
	R4(1), R4(1), 1, 1, 1, 0, 0, 0, 0, 0,               /* 0x70-0x7f: p-z */
	R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), /* 0x80-0xff */
};
#undef R16
#undef R4

static int may_have_long_name(const char *s, size_t len)
{
	size_t i, run = 0, prev_end = 0, prev_pairs = 0;
	int have_prev = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"') {
			size_t q = i;
			while (i < len && s[i] == '"')
				i++;
			if ((i - q) % 2) {
				size_t pairs = (i - q - 1) / 2;
				if (have_prev && q - prev_end + prev_pairs + pairs > MG_NAME_MAX)
					return 1;
				have_prev = 1;
				prev_end = i;
				prev_pairs = pairs;
			}
			i--;
			run = 0;
		} else if (ident_byte[c]) {
			if (++run > MG_NAME_MAX)
				return 1;
		} else {
			run = 0;
		}
	}
	return 0;
}

/* The name an IDENT token stands for: quotes removed, "" undone (case
 * folding does not change the length). */
static char *ident_name(const char *tok, size_t len)
{
	char *out;
	size_t i, n = 0;

	if (len < 2 || tok[0] != '"')
		return mg_xstrndup(tok, len);
	out = mg_xmalloc(len);
	for (i = 1; i + 1 < len; i++) {
		out[n++] = tok[i];
		if (tok[i] == '"' && i + 2 < len && tok[i + 1] == '"')
			i++;
	}
	out[n] = '\0';
	return out;
}

/* The length a name keeps: PostgreSQL cuts at a character boundary. */
static size_t truncated_len(const char *s)
{
	size_t n = MG_NAME_MAX;

	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static void check_names(mg_rule_ctx *ctx)
{
	const mg_stmt *st = ctx->stmt;
	const char *src = ctx->sql->src + st->start;
	size_t len = st->end - st->start, i, j, nseen = 0;
	PgQueryScanResult sr;
	PgQuery__ScanResult *scan;
	char *text, **seen;

	if (!may_have_long_name(src, len))
		return;
	text = mg_xstrndup(src, len);
	sr = pg_query_scan(text);
	scan = sr.error ? NULL :
	       pg_query__scan_result__unpack(NULL, sr.pbuf.len, (const uint8_t *)sr.pbuf.data);
	if (!scan) {
		pg_query_free_scan_result(sr);
		free(text);
		return;
	}
	seen = mg_xcalloc(scan->n_tokens ? scan->n_tokens : 1, sizeof(*seen));
	for (i = 0; i < scan->n_tokens; i++) {
		const PgQuery__ScanToken *t = scan->tokens[i];
		char *name;
		size_t tl;

		if (t->token != PG_QUERY__TOKEN__IDENT || t->start < 0 || t->end <= t->start ||
		    (size_t)t->end > len)
			continue;
		tl = (size_t)(t->end - t->start);
		if (tl <= MG_NAME_MAX)
			continue;
		name = ident_name(text + t->start, tl);
		for (j = 0; j < nseen; j++)
			if (!strcmp(seen[j], name))
				break;
		if (strlen(name) <= MG_NAME_MAX || j < nseen) {
			free(name);
			continue;
		}
		seen[nseen++] = name;
		mg_rule_report(ctx, (int)(st->start - ctx->sql->base + (size_t)t->start),
			       "shorten the name to 63 bytes or less, so the catalogue shows what the migration says",
			       "name \"%s\" is %zu bytes: PostgreSQL silently truncates it to \"%.*s\"",
			       name, strlen(name), (int)truncated_len(name), name);
	}
	for (j = 0; j < nseen; j++)
		free(seen[j]);
	free(seen);
	pg_query__scan_result__free_unpacked(scan, NULL);
	pg_query_free_scan_result(sr);
	free(text);
}

static void check_label(mg_rule_ctx *ctx, const char *label)
{
	if (!label || strlen(label) <= MG_NAME_MAX)
		return;
	mg_rule_report(ctx, -1, "shorten the label to 63 bytes or less",
		       "enum label \"%s\" is %zu bytes: PostgreSQL rejects labels over 63 bytes, "
		       "so the statement fails",
		       label, strlen(label));
}

static void check(mg_rule_ctx *ctx, const PgQuery__Node *n)
{
	size_t i;

	check_names(ctx);
	/* enum labels are strings, not names: never truncated, but rejected */
	if (n->node_case == PG_QUERY__NODE__NODE_CREATE_ENUM_STMT) {
		for (i = 0; i < n->create_enum_stmt->n_vals; i++) {
			const PgQuery__Node *v = n->create_enum_stmt->vals[i];
			if (v && v->node_case == PG_QUERY__NODE__NODE_STRING)
				check_label(ctx, v->string->sval);
		}
	} else if (n->node_case == PG_QUERY__NODE__NODE_ALTER_ENUM_STMT) {
		check_label(ctx, n->alter_enum_stmt->new_val);
	}
}

const mg_rule mg_rule_identifier_too_long = {
	.id = "identifier-too-long",
	.severity = MG_SEV_WARNING,
	.summary = "names over 63 bytes are silently truncated by PostgreSQL",
	.doc =
	"PostgreSQL keeps at most 63 bytes of a name (NAMEDATALEN - 1) and cuts\n"
	"longer ones with only a NOTICE. The object then exists under a name the\n"
	"migration never wrote: two long names with the same first 63 bytes\n"
	"collide (\"relation already exists\"), and tools comparing the schema with\n"
	"the code (ORMs, schema diff, drift checks) see a different name. An enum\n"
	"label over 63 bytes is not truncated but rejected, so that statement\n"
	"fails.\n"
	"\n"
	"Checked: every name in the statement text (unquoted or quoted), as\n"
	"squawk does, each distinct name once per statement, and enum labels.\n"
	"Length is in bytes, so multi-byte characters count more than once.\n"
	"Severity: warning (the truncation is consistent; nothing is blocked or\n"
	"lost).\n"
	"\n"
	"Lock: none of its own.\n"
	"\n"
	"Safe way: shorten the name to 63 bytes or less; for index and constraint\n"
	"names, abbreviate (orders_customer_id_created_at_idx, not the full\n"
	"sentence).\n"
	"\n"
	"Bad:   CREATE INDEX index_on_customer_orders_by_customer_id_and_created_at_descending\n"
	"         ON customer_orders (customer_id, created_at DESC);\n"
	"Good:  CREATE INDEX customer_orders_customer_created_idx\n"
	"         ON customer_orders (customer_id, created_at DESC);\n",
	.check = check,
};
