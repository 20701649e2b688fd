/* commitmsg.c - git's commit message cleanup (builtin/commit.c,
 * strbuf_stripspace(), wt_status_locate_end()) for the commit-msg hook. */
#include "config.h"
#include "commitmsg.h"
#include "util.h"

#include <string.h>

#define CUT_LINE "------------------------ >8 ------------------------\n"
#define AUTO_CANDIDATES "#;@!$%^&|:"

int mg_cleanup_mode(const char *name, int editor, mg_cleanup *out)
{
	if (!name || !strcmp(name, "default"))
		*out = editor ? MG_CLEANUP_STRIP : MG_CLEANUP_WHITESPACE;
	else if (!strcmp(name, "strip"))
		*out = MG_CLEANUP_STRIP;
	else if (!strcmp(name, "whitespace") || !strcmp(name, "scissors"))
		*out = MG_CLEANUP_WHITESPACE;
	else if (!strcmp(name, "verbatim"))
		*out = MG_CLEANUP_VERBATIM;
	else
		return -1;
	return 0;
}

/* Does a scissors line with prefix comment (length clen) start at msg+i? */
static int is_cut_line(const char *msg, size_t len, size_t i, const char *comment, size_t clen)
{
	size_t cut = sizeof(CUT_LINE) - 1;

	return len - i >= clen + 1 + cut && !memcmp(msg + i, comment, clen) &&
	       msg[i + clen] == ' ' && !memcmp(msg + i + clen + 1, CUT_LINE, cut);
}

size_t mg_commitmsg_end(const char *msg, size_t len, const char *comment)
{
	size_t clen = strlen(comment), i = 0;

	if (!clen)
		return len;
	while (i < len) {
		const char *nl;
		if (is_cut_line(msg, len, i, comment, clen))
			return i;
		nl = memchr(msg + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - msg) + 1;
	}
	return len;
}

char *mg_commitmsg_comment(const char *value, const char *msg, size_t len)
{
	const char *c;
	size_t i, end, start;

	if (!value || !*value)
		return mg_xstrdup("#");
	if (strcmp(value, "auto"))
		return mg_xstrdup(value);
	/* a scissors line names the character git chose */
	for (c = AUTO_CANDIDATES; *c; c++) {
		char pfx[2] = { *c, '\0' };
		if (mg_commitmsg_end(msg, len, pfx) < len)
			return mg_xstrdup(pfx);
	}
	/* else git's instructions end the template: the last non-blank line */
	end = len;
	while (end > 0) {
		start = end;
		while (start > 0 && msg[start - 1] != '\n')
			start--;
		for (i = start; i < end && (msg[i] == ' ' || msg[i] == '\t' || msg[i] == '\r' ||
					    msg[i] == '\n'); i++)
			;
		if (i < end) {
			if (strchr(AUTO_CANDIDATES, msg[start]) && msg[start])
				return mg_xstrndup(msg + start, 1);
			break;
		}
		end = start > 0 ? start - 1 : 0;
	}
	return mg_xstrdup("#");
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char *mg_commitmsg_clean(const char *msg, size_t len, const char *comment, mg_cleanup mode)
{
	mg_buf out = MG_BUF_INIT;
	size_t clen = strlen(comment), i, empties = 0;

	len = mg_commitmsg_end(msg, len, comment);
	if (mode == MG_CLEANUP_VERBATIM) {
		mg_buf_put(&out, msg, len);
		return mg_buf_detach(&out);
	}
	for (i = 0; i < len;) {
		const char *nl = memchr(msg + i, '\n', len - i);
		size_t llen = nl ? (size_t)(nl - (msg + i)) + 1 : len - i;
		size_t keep = llen;

		if (mode == MG_CLEANUP_STRIP && clen && llen >= clen &&
		    !memcmp(msg + i, comment, clen)) {
			i += llen;
			continue;
		}
		while (keep && is_space(msg[i + keep - 1]))
			keep--;
		if (keep) {
			if (empties && out.len)
				mg_buf_putc(&out, '\n');
			empties = 0;
			mg_buf_put(&out, msg + i, keep);
			mg_buf_putc(&out, '\n');
		} else {
			empties++;
		}
		i += llen;
	}
	if (!out.ptr)
		return mg_xstrdup("");
	return mg_buf_detach(&out);
}
