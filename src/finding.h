/* finding.h - what checks produce and reporters print.
 *
 * A finding is line-anchored (1-based line and byte column) and owns all its
 * strings.  Errors are problems that stopped a file from being checked
 * (unreadable blob or file, ...): they are reported apart from findings and
 * make the exit status 2 (see mg_result_exit_code()). */
#ifndef MG_FINDING_H
#define MG_FINDING_H

#include <stddef.h>

typedef enum mg_severity {
	MG_SEV_OFF = 0,
	MG_SEV_WARNING = 1,
	MG_SEV_ERROR = 2
} mg_severity;

const char *mg_severity_name(mg_severity s);
/* Returns 0 and sets *out, or -1 for an unknown name. */
int mg_severity_parse(const char *name, mg_severity *out);

typedef struct mg_finding {
	char *rule;          /* rule id, e.g. "ban-drop-table" */
	mg_severity severity;
	char *path;          /* repository-relative or as given on the command line */
	int line, column;    /* 1-based; column counts bytes */
	int end_line, end_column;
	char *message;
	char *help;          /* safe alternative; may be NULL */
	char *commit;        /* hex oid of the commit it was found in, or NULL */
} mg_finding;

typedef struct mg_error {
	char *path;          /* may be NULL for errors not tied to a file */
	char *message;
} mg_error;

typedef struct mg_result {
	mg_finding *findings;
	size_t nfindings, cap_findings;
	mg_error *errors;
	size_t nerrors, cap_errors;
	size_t files_checked;
} mg_result;

void mg_result_init(mg_result *r);
void mg_result_free(mg_result *r);

/* Appends a finding; copies every string.  help and commit may be NULL. */
mg_finding *mg_result_add(mg_result *r, const char *rule, mg_severity sev,
			  const char *path, int line, int column,
			  int end_line, int end_column,
			  const char *message, const char *help,
			  const char *commit);
void mg_result_add_error(mg_result *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Moves every finding and error of src to the end of dst (src is left
 * empty, still to be freed); files_checked adds up. */
void mg_result_move(mg_result *dst, mg_result *src);

/* Sorts findings by path, line, column, rule (stable, deterministic output). */
void mg_result_sort(mg_result *r);

/* 0: nothing at or above fail_on; 1: findings at or above fail_on;
 * 2: any error (a file that could not be checked is never a silent pass). */
int mg_result_exit_code(const mg_result *r, mg_severity fail_on);

#endif
