/* report.h - output formats.  One file per format in src/report/; none of
 * them knows a rule.  Every reporter escapes or drops control characters
 * from paths, messages and content, so a hostile file name cannot drive
 * the terminal or forge output lines. */
#ifndef MG_REPORT_H
#define MG_REPORT_H

#include <stdio.h>
#include "finding.h"

typedef struct mg_report_opts {
	int color;             /* text only: ANSI colours */
	const char *tool_version;
} mg_report_opts;

typedef int (*mg_reporter)(FILE *out, const mg_result *r, const mg_report_opts *o);

int mg_report_text(FILE *out, const mg_result *r, const mg_report_opts *o);
int mg_report_json(FILE *out, const mg_result *r, const mg_report_opts *o);
int mg_report_sarif(FILE *out, const mg_result *r, const mg_report_opts *o);
int mg_report_github(FILE *out, const mg_result *r, const mg_report_opts *o);
int mg_report_gitlab(FILE *out, const mg_result *r, const mg_report_opts *o);

/* The reporter for a --format name, or NULL. */
mg_reporter mg_report_find(const char *name);
/* "text|json|..." for help and error messages. */
const char *mg_report_names(void);

/* Writes s with every control character (C0, DEL, C1 and invalid UTF-8
 * bytes) replaced by a visible escape "\xNN"; valid UTF-8 passes through. */
void mg_put_sanitized(FILE *out, const char *s);
/* Writes s as the body of a JSON string (no quotes): escapes quotes,
 * backslashes and control characters; invalid UTF-8 becomes U+FFFD. */
void mg_put_json_string(FILE *out, const char *s);

/* A stable 128-bit fingerprint (two FNV-1a 64 hashes) of n strings, each
 * followed by a NUL byte, as 32 lowercase hex digits + NUL.  Not a
 * cryptographic hash: it only tells findings apart across runs. */
void mg_fingerprint(const char *const *parts, size_t n, char out[33]);

#endif
