/* trailers.h - commit message trailers with git interpret-trailers semantics.
 *
 * libgit2 1.5's git_message_trailers() differs from git on real messages
 * (no scissors handling, any "---" line ends the message, no unfolding: see
 * ../shared/research/HOOKS.md 2.5), so this is git's algorithm (trailer.c,
 * commit.c ignore_non_trailer, wt-status.c wt_status_locate_end) redone:
 *
 *  - the message ends at a line starting with "---" followed by whitespace
 *    (the format-patch divider) unless no_divider is set; `git log
 *    --format=%(trailers)` sets it, `git interpret-trailers` does not;
 *  - everything from the scissors line "<c> ------------------------ >8
 *    ------------------------" on is ignored, and so are trailing comment
 *    lines, blank lines and an old "Conflicts:" block;
 *  - the first paragraph is the title and never holds trailers;
 *  - the trailer block is the last paragraph after a blank line when all of
 *    its lines are "Key: value" trailers (or continuation lines starting
 *    with whitespace), or when it holds a git-generated trailer
 *    ("Signed-off-by: ", "(cherry picked from commit ") and at least 25% of
 *    its lines are trailers;
 *  - a key is ASCII letters, digits and '-', optionally followed by spaces
 *    or tabs before the ':'; comment lines inside the block are skipped;
 *  - continuation lines are unfolded into one space; keys and values are
 *    trimmed (so CR LF line ends are tolerated).
 * Keys are compared case-insensitively (mg_trailer_key_is). */
#ifndef MG_TRAILERS_H
#define MG_TRAILERS_H

#include <stddef.h>

typedef struct mg_trailer {
	char *key;       /* as written, trailing blanks removed */
	char *value;     /* unfolded and trimmed */
	int line;        /* 1-based line of the message where it starts */
} mg_trailer;

typedef struct mg_trailers {
	mg_trailer *v;
	size_t n, cap;
} mg_trailers;

typedef struct mg_trailer_opts {
	char comment;    /* comment character (core.commentChar), default '#'; 0: none */
	int no_divider;  /* 1: a "---" line does not end the message */
} mg_trailer_opts;

void mg_trailer_opts_init(mg_trailer_opts *o);

/* Parses msg[0..len) into out (initialised by this call). */
void mg_trailers_parse(const char *msg, size_t len, const mg_trailer_opts *o,
		       mg_trailers *out);
void mg_trailers_free(mg_trailers *t);

/* Non-zero when the trailer's key is key, compared case-insensitively. */
int mg_trailer_key_is(const mg_trailer *t, const char *key);

/* The e-mail address of an identity "Name <email>" (between the last '<'
 * and the following '>'), else the whole text, trimmed; allocated. */
char *mg_identity_email(const char *ident);

#endif
