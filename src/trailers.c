/* trailers.c - git interpret-trailers semantics (see trailers.h). */
#include "config.h"
#include "trailers.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CUT_LINE " ------------------------ >8 ------------------------\n"

void mg_trailer_opts_init(mg_trailer_opts *o)
{
	o->comment = '#';
	o->no_divider = 0;
}

static int is_space(char c)
{
	return isspace((unsigned char)c);
}

static int is_comment(const mg_trailer_opts *o, const char *buf, size_t len, size_t pos)
{
	return o->comment && pos < len && buf[pos] == o->comment;
}

/* Start of the line after the one at pos. */
static size_t next_line(const char *buf, size_t len, size_t pos)
{
	const char *nl = pos < len ? memchr(buf + pos, '\n', len - pos) : NULL;

	return nl ? (size_t)(nl - buf) + 1 : len;
}

/* git's last_line(): start of the last line of buf[0..len), the final
 * newline counting as part of that line; -1 for an empty buffer. */
static long last_line(const char *buf, size_t len)
{
	long i;

	if (len == 0)
		return -1;
	if (len == 1)
		return 0;
	for (i = (long)len - 2; i >= 0; i--)
		if (buf[i] == '\n')
			return i + 1;
	return 0;
}

/* A line of only spaces (or the end of the text). */
static int is_blank_line(const char *buf, size_t len, size_t pos)
{
	while (pos < len && buf[pos] != '\n' && is_space(buf[pos]))
		pos++;
	return pos >= len || buf[pos] == '\n';
}

/* git's find_separator(): offset of the ':' of "Key:" or "Key  :" in the
 * line at buf[pos..end), or -1. */
static long find_separator(const char *buf, size_t end, size_t pos)
{
	int whitespace_found = 0;
	size_t c;

	for (c = pos; c < end; c++) {
		char ch = buf[c];
		if (ch == ':')
			return (long)(c - pos);
		if (!whitespace_found && (isalnum((unsigned char)ch) || ch == '-'))
			continue;
		if (c != pos && (ch == ' ' || ch == '\t')) {
			whitespace_found = 1;
			continue;
		}
		break;
	}
	return -1;
}

/* Where the format-patch divider starts, or len. */
static size_t find_patch_start(const char *buf, size_t len)
{
	size_t s;

	for (s = 0; s < len; s = next_line(buf, len, s))
		if (len - s > 3 && !memcmp(buf + s, "---", 3) && is_space(buf[s + 3]))
			return s;
	return len;
}

/* wt_status_locate_end(): length of the message before the scissors line. */
static size_t locate_scissors(const mg_trailer_opts *o, const char *buf, size_t len)
{
	char pat[2 + sizeof(CUT_LINE)];
	size_t plen;
	const char *p;

	if (!o->comment)
		return len;
	pat[0] = '\n';
	pat[1] = o->comment;
	memcpy(pat + 2, CUT_LINE, sizeof(CUT_LINE));
	plen = strlen(pat);
	if (len >= plen - 1 && !memcmp(buf, pat + 1, plen - 1))
		return 0;
	p = memmem(buf, len, pat, plen);
	return p ? (size_t)(p - buf) + 1 : len;
}

/* commit.c ignore_non_trailer(): bytes at the end of buf[0..len) that are
 * not part of the message proper (scissors section, trailing comments and
 * blank lines, an old "Conflicts:" block). */
static size_t ignore_non_trailer(const mg_trailer_opts *o, const char *buf, size_t len)
{
	size_t boc = 0, bol = 0;
	int in_conflicts = 0, have_boc = 0;
	size_t cutoff = locate_scissors(o, buf, len);

	while (bol < cutoff) {
		size_t next = next_line(buf, len, bol);

		if (is_comment(o, buf, len, bol) || buf[bol] == '\n') {
			if (!have_boc) {
				boc = bol;
				have_boc = 1;
			}
		} else if (len - bol >= 11 && !memcmp(buf + bol, "Conflicts:\n", 11)) {
			in_conflicts = 1;
			if (!have_boc) {
				boc = bol;
				have_boc = 1;
			}
		} else if (in_conflicts && buf[bol] == '\t') {
			; /* a path in the conflicts block */
		} else if (have_boc) {
			have_boc = 0;
			in_conflicts = 0;
		}
		bol = next;
	}
	return have_boc ? len - boc : len - cutoff;
}

static const char *const git_generated_prefixes[] = {
	"Signed-off-by: ",
	"(cherry picked from commit ",
};

/* trailer.c find_trailer_start(): start of the trailer block in
 * buf[0..len), or len when there is none. */
static size_t find_trailer_start(const mg_trailer_opts *o, const char *buf, size_t len)
{
	size_t s, end_of_title, i;
	long l;
	int only_spaces = 1, recognized_prefix = 0;
	int trailer_lines = 0, non_trailer_lines = 0, possible_continuation_lines = 0;

	/* the first paragraph is the title and cannot be trailers */
	for (s = 0; s < len; s = next_line(buf, len, s)) {
		if (is_comment(o, buf, len, s))
			continue;
		if (is_blank_line(buf, len, s))
			break;
	}
	end_of_title = s;

	for (l = last_line(buf, len); l >= 0 && (size_t)l >= end_of_title;
	     l = last_line(buf, (size_t)l)) {
		size_t bol = (size_t)l, eol = next_line(buf, len, bol);
		int generated = 0;

		if (is_comment(o, buf, len, bol)) {
			non_trailer_lines += possible_continuation_lines;
			possible_continuation_lines = 0;
			continue;
		}
		if (is_blank_line(buf, len, bol)) {
			if (only_spaces)
				continue;
			non_trailer_lines += possible_continuation_lines;
			if (recognized_prefix && trailer_lines * 3 >= non_trailer_lines)
				return eol;
			if (trailer_lines && !non_trailer_lines)
				return eol;
			return len;
		}
		only_spaces = 0;

		for (i = 0; i < MG_ARRAY_SIZE(git_generated_prefixes); i++) {
			size_t pl = strlen(git_generated_prefixes[i]);
			if (eol - bol >= pl && !memcmp(buf + bol, git_generated_prefixes[i], pl)) {
				generated = 1;
				break;
			}
		}
		if (generated) {
			trailer_lines++;
			possible_continuation_lines = 0;
			recognized_prefix = 1;
			continue;
		}
		if (find_separator(buf, eol, bol) >= 1 && !is_space(buf[bol])) {
			trailer_lines++;
			possible_continuation_lines = 0;
		} else if (is_space(buf[bol])) {
			possible_continuation_lines++;
		} else {
			non_trailer_lines++;
			non_trailer_lines += possible_continuation_lines;
			possible_continuation_lines = 0;
		}
	}
	return len;
}

/* Copy of buf[a..b) without leading and trailing whitespace. */
static char *trimmed(const char *buf, size_t a, size_t b)
{
	while (a < b && is_space(buf[a]))
		a++;
	while (b > a && is_space(buf[b - 1]))
		b--;
	return mg_xstrndup(buf + a, b - a);
}

/* git's unfold_value(): every newline and the whitespace after it become
 * one space; the result is trimmed. */
static char *unfold(const char *buf, size_t a, size_t b)
{
	mg_buf out = MG_BUF_INIT;
	char *t, *r;
	size_t i = a;

	while (i < b) {
		char c = buf[i++];
		if (c == '\n') {
			while (i < b && is_space(buf[i]))
				i++;
			mg_buf_putc(&out, ' ');
		} else {
			mg_buf_putc(&out, c);
		}
	}
	mg_buf_putc(&out, '\0');
	t = mg_buf_detach(&out);
	r = trimmed(t, 0, strlen(t));
	free(t);
	return r;
}

static void add_trailer(mg_trailers *t, const char *buf, size_t start, size_t end, int line)
{
	long sep = find_separator(buf, end, start);
	mg_trailer *tr;
	size_t k;

	if (sep < 1 || is_space(buf[start]))
		return; /* not a trailer: --parse (--only-trailers) drops it */
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->v = mg_xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	tr = &t->v[t->n++];
	k = start + (size_t)sep;
	tr->key = trimmed(buf, start, k);
	tr->value = unfold(buf, k + 1, end);
	tr->line = line;
}

static int line_of(const char *buf, size_t off)
{
	int n = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (buf[i] == '\n')
			n++;
	return n;
}

void mg_trailers_parse(const char *msg, size_t len, const mg_trailer_opts *o,
		       mg_trailers *out)
{
	size_t patch_start, end, start, pos;
	size_t cur = 0;
	int have_cur = 0, cur_is_trailer = 0;

	memset(out, 0, sizeof(*out));
	patch_start = o->no_divider ? len : find_patch_start(msg, len);
	end = patch_start - ignore_non_trailer(o, msg, patch_start);
	start = find_trailer_start(o, msg, end);
	if (start >= end)
		return;

	/* split into lines, appending continuation lines to the trailer
	 * before them; comment lines are dropped */
	for (pos = start; pos < end;) {
		size_t eol = next_line(msg, end, pos);
		int is_cont = have_cur && cur_is_trailer && is_space(msg[pos]);

		if (!is_cont) {
			if (have_cur)
				add_trailer(out, msg, cur, pos, line_of(msg, cur));
			have_cur = !is_comment(o, msg, end, pos);
			cur = pos;
			cur_is_trailer = have_cur && find_separator(msg, eol, pos) >= 1;
		}
		pos = eol;
	}
	if (have_cur)
		add_trailer(out, msg, cur, end, line_of(msg, cur));
}

void mg_trailers_free(mg_trailers *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].key);
		free(t->v[i].value);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

int mg_trailer_key_is(const mg_trailer *t, const char *key)
{
	return !strcasecmp(t->key, key);
}

char *mg_identity_email(const char *ident)
{
	const char *lt = strrchr(ident, '<'), *gt;

	if (lt && (gt = strchr(lt, '>')) != NULL)
		return trimmed(lt, 1, (size_t)(gt - lt));
	return trimmed(ident, 0, strlen(ident));
}
