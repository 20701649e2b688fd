/* json.c - the JSON report (DESIGN.md: version 1). */
#include "config.h"
#include "report.h"

static void str_field(FILE *out, const char *key, const char *val, int comma)
{
	fprintf(out, "\"%s\": ", key);
	if (val) {
		fputc('"', out);
		mg_put_json_string(out, val);
		fputc('"', out);
	} else {
		fputs("null", out);
	}
	if (comma)
		fputs(", ", out);
}

int mg_report_json(FILE *out, const mg_result *r, const mg_report_opts *o)
{
	size_t i;

	(void)o;
	fprintf(out, "{\"version\": 1, \"files_checked\": %zu, \"findings\": [", r->files_checked);
	for (i = 0; i < r->nfindings; i++) {
		const mg_finding *f = &r->findings[i];
		fputs(i ? ",\n  {" : "\n  {", out);
		str_field(out, "rule", f->rule, 1);
		str_field(out, "severity", mg_severity_name(f->severity), 1);
		str_field(out, "path", f->path, 1);
		fprintf(out, "\"line\": %d, \"column\": %d, \"end_line\": %d, \"end_column\": %d, ",
			f->line, f->column, f->end_line, f->end_column);
		str_field(out, "message", f->message, 1);
		str_field(out, "help", f->help, 1);
		str_field(out, "commit", f->commit, 0);
		fputc('}', out);
	}
	fputs("],\n \"errors\": [", out);
	for (i = 0; i < r->nerrors; i++) {
		fputs(i ? ",\n  {" : "\n  {", out);
		str_field(out, "path", r->errors[i].path, 1);
		str_field(out, "message", r->errors[i].message, 0);
		fputc('}', out);
	}
	fputs("]}\n", out);
	return ferror(out) ? -1 : 0;
}
