/* sarif.c - SARIF 2.1.0 for GitHub code scanning (HOOKS.md section 5.1):
 * one run, tool.driver with the rules that have results, results with a
 * physical location and a stable partial fingerprint.  Files that could not
 * be checked are tool execution notifications. */
#include "config.h"
#include "report.h"
#include "rules/rule.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#ifndef MG_RULES_HELP_URL
/* Where `<url><rule-id>` documents a rule; empty: no helpUri. */
#define MG_RULES_HELP_URL PACKAGE_URL
#endif

static void jstr(FILE *out, const char *s)
{
	fputc('"', out);
	mg_put_json_string(out, s);
	fputc('"', out);
}

/* A relative URI reference for a path (RFC 3986): unreserved characters and
 * '/' pass, everything else is percent-encoded; an absolute path becomes a
 * file:// URI. */
static void put_uri(FILE *out, const char *path)
{
	const unsigned char *p = (const unsigned char *)path;

	fputc('"', out);
	if (*p == '/')
		fputs("file://", out);
	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			fputc(*p, out);
		else
			fprintf(out, "%%%02X", *p);
	}
	fputc('"', out);
}

static int has_rule(const char *const *ids, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return (int)i;
	return -1;
}

/* Up to max bytes of s, cut at a UTF-8 character boundary. */
static char *clip(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return mg_xstrdup(s);
	while (n > 0 && (n > max || ((unsigned char)s[n] & 0xc0) == 0x80))
		n--;
	return mg_xstrndup(s, n);
}

static void put_rule(FILE *out, const char *id)
{
	const mg_rule *r = mg_rule_find(id);
	const char *summary = r && r->summary ? r->summary : id;
	const char *doc = r && r->doc ? r->doc : summary;
	char *s = clip(summary, 1000), *d = clip(doc, 1000);

	fputs("{\"id\": ", out);
	jstr(out, id);
	fputs(", \"name\": ", out);
	jstr(out, id);
	fputs(", \"shortDescription\": {\"text\": ", out);
	jstr(out, s);
	fputs("}, \"fullDescription\": {\"text\": ", out);
	jstr(out, d);
	fputs("}, \"help\": {\"text\": ", out);
	jstr(out, doc);
	fputs("}", out);
	if (*MG_RULES_HELP_URL) {
		fputs(", \"helpUri\": \"", out);
		mg_put_json_string(out, MG_RULES_HELP_URL);
		mg_put_json_string(out, id);
		fputc('"', out);
	}
	fprintf(out, ", \"defaultConfiguration\": {\"level\": \"%s\"}",
		r && r->severity == MG_SEV_ERROR ? "error" : "warning");
	fputs(", \"properties\": {\"tags\": [\"migration\", \"postgresql\"]}}", out);
	free(s);
	free(d);
}

static void put_region(FILE *out, int line, int col, int end_line, int end_col)
{
	if (line < 1)
		return;
	fprintf(out, ", \"region\": {\"startLine\": %d", line);
	if (col >= 1)
		fprintf(out, ", \"startColumn\": %d", col);
	if (end_line > line || (end_line == line && end_col > col && col >= 1)) {
		fprintf(out, ", \"endLine\": %d", end_line);
		if (end_col >= 1)
			fprintf(out, ", \"endColumn\": %d", end_col);
	}
	fputc('}', out);
}

int mg_report_sarif(FILE *out, const mg_result *r, const mg_report_opts *o)
{
	const char **ids = mg_xcalloc(r->nfindings + 1, sizeof(*ids));
	size_t nids = 0, i, j, nres = 0, nnote = 0;

	for (i = 0; i < r->nfindings; i++)
		if (has_rule(ids, nids, r->findings[i].rule) < 0)
			ids[nids++] = r->findings[i].rule;

	fputs("{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	      " \"version\": \"2.1.0\",\n"
	      " \"runs\": [{\"tool\": {\"driver\": {\"name\": \"migguard\"", out);
	if (o && o->tool_version) {
		fputs(", \"version\": ", out);
		jstr(out, o->tool_version);
		fputs(", \"semanticVersion\": ", out);
		jstr(out, o->tool_version);
	}
	if (*PACKAGE_URL) {
		fputs(", \"informationUri\": ", out);
		jstr(out, PACKAGE_URL);
	}
	fputs(",\n  \"rules\": [", out);
	for (i = 0; i < nids; i++) {
		fputs(i ? ",\n   " : "\n   ", out);
		put_rule(out, ids[i]);
	}
	fputs("]}},\n  \"results\": [", out);
	for (i = 0; i < r->nfindings; i++) {
		const mg_finding *f = &r->findings[i];
		mg_buf msg = MG_BUF_INIT;
		char fp[33];
		const char *parts[4];
		size_t nth = 0;

		/* the n-th finding with the same rule, path and message */
		for (j = 0; j < i; j++)
			if (!strcmp(r->findings[j].rule, f->rule) &&
			    !strcmp(r->findings[j].path, f->path) &&
			    !strcmp(r->findings[j].message, f->message))
				nth++;
		{
			char nbuf[24];
			snprintf(nbuf, sizeof(nbuf), "%zu", nth);
			parts[0] = f->rule;
			parts[1] = f->path;
			parts[2] = f->message;
			parts[3] = nbuf;
			mg_fingerprint(parts, 4, fp);
		}
		mg_buf_puts(&msg, f->message);
		if (f->help) {
			mg_buf_puts(&msg, "\nhelp: ");
			mg_buf_puts(&msg, f->help);
		}
		if (f->commit)
			mg_buf_printf(&msg, "\ncommit: %s", f->commit);
		if (!*f->path) {
			/* not in a file (a commit message): GitHub needs a location
			 * for a result, so it is a notification below */
			mg_buf_free(&msg);
			continue;
		}
		fputs(nres++ ? ",\n   " : "\n   ", out);
		fputs("{\"ruleId\": ", out);
		jstr(out, f->rule);
		fprintf(out, ", \"ruleIndex\": %d, \"level\": \"%s\", \"message\": {\"text\": ",
			has_rule(ids, nids, f->rule),
			f->severity == MG_SEV_ERROR ? "error" : "warning");
		jstr(out, msg.ptr);
		fputs("}", out);
		fputs(", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
		put_uri(out, f->path);
		if (*f->path != '/')
			fputs(", \"uriBaseId\": \"%SRCROOT%\"", out);
		fputs("}", out);
		put_region(out, f->line, f->column, f->end_line, f->end_column);
		fputs("}}]", out);
		fprintf(out, ", \"partialFingerprints\": {\"migguardFindingHash/v1\": \"%s\"}}", fp);
		mg_buf_free(&msg);
	}
	fprintf(out, "],\n  \"invocations\": [{\"executionSuccessful\": %s, "
		"\"toolExecutionNotifications\": [", r->nerrors ? "false" : "true");
	for (i = 0; i < r->nerrors; i++) {
		const mg_error *e = &r->errors[i];
		fputs(nnote++ ? ",\n   " : "\n   ", out);
		fputs("{\"level\": \"error\", \"message\": {\"text\": ", out);
		jstr(out, e->message);
		fputs("}", out);
		if (e->path && *e->path) {
			fputs(", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
			put_uri(out, e->path);
			fputs("}}}]", out);
		}
		fputs("}", out);
	}
	for (i = 0; i < r->nfindings; i++) {
		const mg_finding *f = &r->findings[i];
		mg_buf msg = MG_BUF_INIT;

		if (*f->path)
			continue;
		mg_buf_puts(&msg, f->message);
		if (f->help) {
			mg_buf_puts(&msg, "\nhelp: ");
			mg_buf_puts(&msg, f->help);
		}
		if (f->commit)
			mg_buf_printf(&msg, "\ncommit: %s", f->commit);
		fputs(nnote++ ? ",\n   " : "\n   ", out);
		fprintf(out, "{\"level\": \"%s\", \"message\": {\"text\": ",
			f->severity == MG_SEV_ERROR ? "error" : "warning");
		jstr(out, msg.ptr);
		fputs("}, \"associatedRule\": {\"id\": ", out);
		jstr(out, f->rule);
		fprintf(out, ", \"index\": %d}}", has_rule(ids, nids, f->rule));
		mg_buf_free(&msg);
	}
	fputs("]}]}]}\n", out);
	free(ids);
	return ferror(out) ? -1 : 0;
}
