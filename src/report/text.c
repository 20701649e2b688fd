/* text.c - gcc-style text output: path:line:col: severity: message [rule]. */
#include "config.h"
#include "report.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_YEL "\033[1;33m"
#define C_CYAN "\033[36m"
#define C_OFF "\033[0m"

int mg_report_text(FILE *out, const mg_result *r, const mg_report_opts *o)
{
	size_t i, nerr = 0, nwarn = 0;
	int color = o && o->color;

	for (i = 0; i < r->nfindings; i++) {
		const mg_finding *f = &r->findings[i];
		const char *sev = mg_severity_name(f->severity);

		if (f->severity == MG_SEV_ERROR)
			nerr++;
		else if (f->severity == MG_SEV_WARNING)
			nwarn++;
		if (color)
			fputs(C_BOLD, out);
		if (!*f->path) {
			/* anchored to a commit message line (issue 5): "commit ID: line N:" */
			char *abbrev = f->commit ? mg_xstrndup(f->commit, strnlen(f->commit, 12)) : NULL;
			fputs("commit ", out);
			mg_put_sanitized(out, abbrev ? abbrev : "message");
			fprintf(out, ": line %d:%s ", f->line, color ? C_OFF : "");
			free(abbrev);
		} else {
			mg_put_sanitized(out, f->path);
			fprintf(out, ":%d:%d:%s ", f->line, f->column, color ? C_OFF : "");
		}
		fprintf(out, "%s%s:%s ",
			color ? (f->severity == MG_SEV_ERROR ? C_RED : C_YEL) : "", sev,
			color ? C_OFF : "");
		mg_put_sanitized(out, f->message);
		fputs(" [", out);
		mg_put_sanitized(out, f->rule);
		fputc(']', out);
		if (f->commit && *f->path) {
			/* an oid, but never echoed raw (issue 9: any string may be hostile) */
			char *abbrev = mg_xstrndup(f->commit, strnlen(f->commit, 12));
			fputs(" (commit ", out);
			mg_put_sanitized(out, abbrev);
			fputc(')', out);
			free(abbrev);
		}
		fputc('\n', out);
		if (f->help) {
			fprintf(out, "  %shelp:%s ", color ? C_CYAN : "", color ? C_OFF : "");
			mg_put_sanitized(out, f->help);
			fputc('\n', out);
		}
	}
	for (i = 0; i < r->nerrors; i++) {
		const mg_error *e = &r->errors[i];
		if (e->path) {
			mg_put_sanitized(out, e->path);
			fputs(": ", out);
		} else {
			fputs("migguard: ", out);
		}
		fprintf(out, "%serror:%s ", color ? C_RED : "", color ? C_OFF : "");
		mg_put_sanitized(out, e->message);
		fputc('\n', out);
	}
	if (r->nfindings || r->nerrors)
		fprintf(out, "%zu error%s, %zu warning%s in %zu file%s checked%s\n",
			nerr, nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s",
			r->files_checked, r->files_checked == 1 ? "" : "s",
			r->nerrors ? " (some files could not be checked)" : "");
	return ferror(out) ? -1 : 0;
}
