/* fuzz_rules.c - libFuzzer target: a rule pack (rules/NAME.rules syntax,
 * PCRE2 patterns) through the loader; an error must name the pack. */
#include "config.h"
#include "fuzz.h"
#include "regex.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = mg_xmalloc(size + 1), *err = NULL;
	mg_rxset s;

	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	mg_rxset_init(&s);
	if (mg_rx_load_text(&s, "fuzz.rules", text, size, &err) < 0) {
		if (!err || strncmp(err, "fuzz.rules:", 11) != 0) {
			fprintf(stderr, "fuzz: rule pack error does not name the file: %s\n",
				err ? err : "(null)");
			abort();
		}
	} else if (err) {
		abort();
	}
	free(err);
	mg_rxset_free(&s);
	free(text);
	return 0;
}
