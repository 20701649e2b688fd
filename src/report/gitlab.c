/* gitlab.c - GitLab Code Quality report (HOOKS.md section 5.3): a JSON
 * array of {description, check_name, fingerprint, severity, location}.
 * Fingerprints hash the rule, path, message and the occurrence number of
 * that triple, not the line, so they survive line moves and stay unique. */
#include "config.h"
#include "report.h"

#include <stdio.h>
#include <string.h>

static void jstr(FILE *out, const char *s)
{
	fputc('"', out);
	mg_put_json_string(out, s);
	fputc('"', out);
}

static void entry(FILE *out, int first, const char *check, const char *desc,
		  const char *severity, const char *path, int line, int end_line,
		  const char *fp)
{
	fputs(first ? "\n  {" : ",\n  {", out);
	fputs("\"description\": ", out);
	jstr(out, desc);
	fputs(", \"check_name\": ", out);
	jstr(out, check);
	fprintf(out, ", \"fingerprint\": \"%s\", \"severity\": \"%s\", \"location\": {\"path\": ",
		fp, severity);
	jstr(out, path && *path ? path : ".");
	if (line < 1)
		line = 1;
	fprintf(out, ", \"lines\": {\"begin\": %d", line);
	if (end_line >= line)
		fprintf(out, ", \"end\": %d", end_line);
	fputs("}}}", out);
}

int mg_report_gitlab(FILE *out, const mg_result *r, const mg_report_opts *o)
{
	size_t i, j;
	int first = 1;

	(void)o;
	fputc('[', out);
	for (i = 0; i < r->nfindings; i++) {
		const mg_finding *f = &r->findings[i];
		const char *parts[4];
		char fp[33], nbuf[24];
		size_t nth = 0;

		for (j = 0; j < i; j++)
			if (!strcmp(r->findings[j].rule, f->rule) &&
			    !strcmp(r->findings[j].path, f->path) &&
			    !strcmp(r->findings[j].message, f->message))
				nth++;
		snprintf(nbuf, sizeof(nbuf), "%zu", nth);
		parts[0] = f->rule;
		parts[1] = f->path;
		parts[2] = f->message;
		parts[3] = nbuf;
		mg_fingerprint(parts, 4, fp);
		entry(out, first, f->rule, f->message,
		      f->severity == MG_SEV_ERROR ? "major" : "minor",
		      f->path, f->line, f->end_line, fp);
		first = 0;
	}
	for (i = 0; i < r->nerrors; i++) {
		const mg_error *e = &r->errors[i];
		const char *parts[3];
		char fp[33];

		parts[0] = "migguard-error";
		parts[1] = e->path;
		parts[2] = e->message;
		mg_fingerprint(parts, 3, fp);
		entry(out, first, "migguard-error", e->message, "critical", e->path, 1, 0, fp);
		first = 0;
	}
	fputs(first ? "]\n" : "\n]\n", out);
	return ferror(out) ? -1 : 0;
}
