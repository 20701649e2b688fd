/* progress.h - "Counting objects"-style progress on stderr for long runs.
 *
 * Shown only when stderr is a terminal and migguard is not running as a
 * git hook (git exports GIT_INDEX_FILE to commit hooks and GIT_DIR or
 * GIT_QUARANTINE_PATH to push hooks), after 400 ms (a quick run stays
 * silent), and never more than ten times a second. */
#ifndef MG_PROGRESS_H
#define MG_PROGRESS_H

#include <stddef.h>

typedef struct mg_progress {
	const char *what;      /* "reading the range's commits" */
	size_t count;
	int enabled;
	int shown;             /* something was written (needs the final line) */
	long long last_ms;
} mg_progress;

void mg_progress_start(mg_progress *p, const char *what);
void mg_progress_tick(mg_progress *p);
/* Ends the line ("..., done.") when anything was shown. */
void mg_progress_done(mg_progress *p);

#endif
