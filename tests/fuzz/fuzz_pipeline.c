/* fuzz_pipeline.c - libFuzzer target: the whole pipeline over one added
 * migration (placeholders, SQL rules, rule packs, commit rules, inline
 * suppressions, severities), then every output format.  The input is the
 * file's content, optionally followed by a NUL byte and the message of the
 * commit that adds it (AI markers, trailers).  The rule packs are the
 * source tree's (rules/ under $TOP_SRCDIR) unless MIGGUARD_RULES_DIR is set. */
#include "config.h"
#include "fuzz.h"
#include "changeset.h"
#include "pipeline.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *nul = memchr(data, '\0', size);
	size_t sql_len = nul ? (size_t)(nul - (const char *)data) : size;
	mg_options o;
	mg_changeset cs;
	mg_file_change *f;
	mg_result r;

	if (!ready) {
		const char *top = getenv("TOP_SRCDIR");
		if (!getenv("MIGGUARD_RULES_DIR") && top) {
			char *dir = mg_xasprintf("%s/rules", top);
			setenv("MIGGUARD_RULES_DIR", dir, 1);
			free(dir);
		}
		ready = 1;
	}
	mg_options_init(&o);
	mg_changeset_init(&cs);
	cs.max_file_size = o.max_file_size;
	f = mg_changeset_add_file(&cs, "db/migrations/001_fuzz.sql", MG_ADDED);
	f->data = mg_xstrndup((const char *)data, sql_len);
	f->len = sql_len;
	if (nul) {
		mg_commit_info *c = mg_changeset_add_commit(&cs, "0123456789abcdef0123456789abcdef01234567");
		c->message = mg_xstrndup(nul + 1, size - sql_len - 1);
		c->author_name = mg_xstrdup("A U Thor");
		c->author_email = mg_xstrdup("author@example.com");
		c->committer_name = mg_xstrdup("C O Mitter");
		c->committer_email = mg_xstrdup("committer@example.com");
		f->commit = mg_xstrdup(c->oid);
	}
	mg_result_init(&r);
	mg_check_changeset(&o, &cs, &r);
	mg_result_sort(&r);
	mg_fuzz_render_all(&r);
	mg_result_free(&r);
	mg_changeset_free(&cs);
	mg_options_free(&o);
	return 0;
}
