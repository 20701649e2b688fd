/* fuzz_commitmsg.c - libFuzzer target: a commit message through git's
 * cleanup (comment character, scissors line) and the trailer parser
 * (interpret-trailers semantics), then the identity of every trailer.  The
 * first byte picks the options, the rest is the message. */
#include "config.h"
#include "fuzz.h"
#include "commitmsg.h"
#include "trailers.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const comment_values[] = { NULL, "auto", ";", "//" };
	unsigned char flags = size ? data[0] : 0;
	const char *msg = size ? (const char *)data + 1 : "";
	size_t len = size ? size - 1 : 0, i;
	mg_trailer_opts to;
	mg_trailers tr;
	char *comment, *clean;

	comment = mg_commitmsg_comment(comment_values[flags & 3], msg, len);
	(void)mg_commitmsg_end(msg, len, comment);
	clean = mg_commitmsg_clean(msg, len, comment, (mg_cleanup)((flags >> 2) % 3));

	mg_trailer_opts_init(&to);
	to.comment = (flags & 0x20) ? comment[0] : 0;
	to.no_divider = (flags & 0x40) != 0;
	/* the raw bytes (NULs and all) and the cleaned message */
	mg_trailers_parse(msg, len, &to, &tr);
	mg_trailers_free(&tr);
	mg_trailers_parse(clean, strlen(clean), &to, &tr);
	for (i = 0; i < tr.n; i++) {
		char *email = mg_identity_email(tr.v[i].value);
		if (!tr.v[i].key || tr.v[i].line < 1)
			abort();
		(void)mg_trailer_key_is(&tr.v[i], "Reviewed-by");
		free(email);
	}
	mg_trailers_free(&tr);
	free(clean);
	free(comment);
	return 0;
}
