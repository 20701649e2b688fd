/* github.c - GitHub Actions workflow commands (HOOKS.md section 5.2):
 *   ::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=RULE::MESSAGE
 * with the toolkit's escaping (data: % CR LF; properties also : and ,);
 * every other control character (and invalid UTF-8) is percent-encoded
 * too, which the runner shows literally, so nothing can start a new
 * command.  A plain summary line follows. */
#include "config.h"
#include "report.h"

static int utf8_ok(const unsigned char *p, size_t *n)
{
	if (p[0] < 0x80) {
		*n = 1;
		return p[0] >= 0x20 && p[0] != 0x7f;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf && (p[1] & 0xc0) == 0x80) {
		*n = 2;
		return !(p[0] == 0xc2 && p[1] < 0xa0); /* C1 controls */
	}
	if (p[0] >= 0xe0 && p[0] <= 0xef && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
		*n = 3;
		return !(p[0] == 0xe0 && p[1] < 0xa0) && !(p[0] == 0xed && p[1] >= 0xa0);
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
	    (p[3] & 0xc0) == 0x80) {
		*n = 4;
		return !(p[0] == 0xf0 && p[1] < 0x90) && !(p[0] == 0xf4 && p[1] >= 0x90);
	}
	*n = 1;
	return 0;
}

/* prop: escape as a property value (also ':' and ','). */
static void put_escaped(FILE *out, const char *s, int prop)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		size_t n;
		if (*p == '%' || (prop && (*p == ':' || *p == ','))) {
			fprintf(out, "%%%02X", *p);
			p++;
		} else if (!utf8_ok(p, &n)) {
			fprintf(out, "%%%02X", *p);
			p++;
		} else {
			fwrite(p, 1, n, out);
			p += n;
		}
	}
}

int mg_report_github(FILE *out, const mg_result *r, const mg_report_opts *o)
{
	size_t i, nerr = 0, nwarn = 0;

	(void)o;
	for (i = 0; i < r->nfindings; i++) {
		const mg_finding *f = &r->findings[i];

		if (f->severity == MG_SEV_ERROR)
			nerr++;
		else
			nwarn++;
		fputs(f->severity == MG_SEV_ERROR ? "::error " : "::warning ", out);
		if (*f->path) {
			fputs("file=", out);
			put_escaped(out, f->path, 1);
			fputc(',', out);
		}
		if (f->line >= 1) {
			fprintf(out, "line=%d,", f->line);
			if (f->column >= 1)
				fprintf(out, "col=%d,", f->column);
			if (f->end_line >= f->line) {
				fprintf(out, "endLine=%d,", f->end_line);
				if (f->end_line == f->line && f->end_column > f->column)
					fprintf(out, "endColumn=%d,", f->end_column);
			}
		}
		fputs("title=", out);
		put_escaped(out, f->rule, 1);
		fputs("::", out);
		put_escaped(out, f->message, 0);
		if (f->help) {
			fputs("%0Ahelp: ", out);
			put_escaped(out, f->help, 0);
		}
		if (f->commit) {
			fputs("%0Acommit: ", out);
			put_escaped(out, f->commit, 0);
		}
		fputc('\n', out);
	}
	for (i = 0; i < r->nerrors; i++) {
		const mg_error *e = &r->errors[i];
		fputs("::error ", out);
		if (e->path && *e->path) {
			fputs("file=", out);
			put_escaped(out, e->path, 1);
			fputc(',', out);
		}
		fputs("title=migguard::", out);
		put_escaped(out, e->message, 0);
		fputc('\n', out);
	}
	fprintf(out, "migguard: %zu error%s, %zu warning%s in %zu file%s checked%s\n",
		nerr, nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s",
		r->files_checked, r->files_checked == 1 ? "" : "s",
		r->nerrors ? " (some files could not be checked)" : "");
	return ferror(out) ? -1 : 0;
}
