/* finding.c - the result set of one migguard run. */
#include "config.h"
#include "finding.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *mg_severity_name(mg_severity s)
{
	switch (s) {
	case MG_SEV_ERROR:
		return "error";
	case MG_SEV_WARNING:
		return "warning";
	case MG_SEV_OFF:
		break;
	}
	return "off";
}

int mg_severity_parse(const char *name, mg_severity *out)
{
	if (!strcmp(name, "error"))
		*out = MG_SEV_ERROR;
	else if (!strcmp(name, "warning"))
		*out = MG_SEV_WARNING;
	else if (!strcmp(name, "off"))
		*out = MG_SEV_OFF;
	else
		return -1;
	return 0;
}

void mg_result_init(mg_result *r)
{
	memset(r, 0, sizeof(*r));
}

void mg_result_free(mg_result *r)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++) {
		mg_finding *f = &r->findings[i];
		free(f->rule);
		free(f->path);
		free(f->message);
		free(f->help);
		free(f->commit);
	}
	for (i = 0; i < r->nerrors; i++) {
		free(r->errors[i].path);
		free(r->errors[i].message);
	}
	free(r->findings);
	free(r->errors);
	memset(r, 0, sizeof(*r));
}

mg_finding *mg_result_add(mg_result *r, const char *rule, mg_severity sev,
			  const char *path, int line, int column,
			  int end_line, int end_column,
			  const char *message, const char *help,
			  const char *commit)
{
	mg_finding *f;

	if (r->nfindings == r->cap_findings) {
		r->cap_findings = r->cap_findings ? r->cap_findings * 2 : 16;
		r->findings = mg_xrealloc(r->findings,
					  r->cap_findings * sizeof(*r->findings));
	}
	f = &r->findings[r->nfindings++];
	f->rule = mg_xstrdup(rule);
	f->severity = sev;
	f->path = mg_xstrdup(path ? path : "");
	f->line = line;
	f->column = column;
	f->end_line = end_line;
	f->end_column = end_column;
	f->message = mg_xstrdup(message);
	f->help = help ? mg_xstrdup(help) : NULL;
	f->commit = commit ? mg_xstrdup(commit) : NULL;
	return f;
}

void mg_result_add_error(mg_result *r, const char *path, const char *fmt, ...)
{
	va_list ap;
	mg_error *e;

	if (r->nerrors == r->cap_errors) {
		r->cap_errors = r->cap_errors ? r->cap_errors * 2 : 4;
		r->errors = mg_xrealloc(r->errors, r->cap_errors * sizeof(*r->errors));
	}
	e = &r->errors[r->nerrors++];
	e->path = path ? mg_xstrdup(path) : NULL;
	va_start(ap, fmt);
	e->message = mg_xvasprintf(fmt, ap);
	va_end(ap);
}

/* Room for more entries in an array of cap: at least twice as many, so
 * that appending many small results stays linear. */
static size_t grown(size_t cap, size_t need)
{
	size_t c = cap ? cap * 2 : 16;

	return c < need ? need : c;
}

void mg_result_move(mg_result *dst, mg_result *src)
{
	if (src->nfindings) {
		if (dst->cap_findings - dst->nfindings < src->nfindings) {
			dst->cap_findings = grown(dst->cap_findings, dst->nfindings + src->nfindings);
			dst->findings = mg_xrealloc(dst->findings,
						    dst->cap_findings * sizeof(*dst->findings));
		}
		memcpy(dst->findings + dst->nfindings, src->findings,
		       src->nfindings * sizeof(*src->findings));
		dst->nfindings += src->nfindings;
	}
	if (src->nerrors) {
		if (dst->cap_errors - dst->nerrors < src->nerrors) {
			dst->cap_errors = grown(dst->cap_errors, dst->nerrors + src->nerrors);
			dst->errors = mg_xrealloc(dst->errors, dst->cap_errors * sizeof(*dst->errors));
		}
		memcpy(dst->errors + dst->nerrors, src->errors, src->nerrors * sizeof(*src->errors));
		dst->nerrors += src->nerrors;
	}
	dst->files_checked += src->files_checked;
	free(src->findings);
	free(src->errors);
	memset(src, 0, sizeof(*src));
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_finding(const void *pa, const void *pb)
{
	const mg_finding *a = pa, *b = pb;
	int c;

	if ((c = cmp_str(a->commit, b->commit)) != 0)
		return c;
	if ((c = strcmp(a->path, b->path)) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	if ((c = strcmp(a->rule, b->rule)) != 0)
		return c;
	return strcmp(a->message, b->message);
}

void mg_result_sort(mg_result *r)
{
	if (r->nfindings > 1)
		qsort(r->findings, r->nfindings, sizeof(*r->findings), cmp_finding);
}

int mg_result_exit_code(const mg_result *r, mg_severity fail_on)
{
	size_t i;

	if (r->nerrors)
		return 2;
	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i].severity != MG_SEV_OFF &&
		    r->findings[i].severity >= fail_on)
			return 1;
	return 0;
}
