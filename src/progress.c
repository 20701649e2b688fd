/* progress.c - progress on stderr when a person is watching. */
#include "config.h"
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void mg_progress_start(mg_progress *p, const char *what)
{
	memset(p, 0, sizeof(*p));
	p->what = what;
	p->enabled = isatty(STDERR_FILENO) && !getenv("GIT_INDEX_FILE") &&
		     !getenv("GIT_QUARANTINE_PATH") && !getenv("GIT_DIR") &&
		     !getenv("MIGGUARD_NO_PROGRESS");
	/* wait a little before the first line: short runs stay silent
	 * (MIGGUARD_PROGRESS_DELAY_MS changes the wait, for tests) */
	if (p->enabled) {
		const char *d = getenv("MIGGUARD_PROGRESS_DELAY_MS");
		long delay = d ? strtol(d, NULL, 10) : 400;
		p->last_ms = now_ms() + (delay > 0 ? delay : 0) - 100;
	}
}

void mg_progress_tick(mg_progress *p)
{
	long long t;

	p->count++;
	if (!p->enabled || (p->count & 63) != 0)
		return;
	t = now_ms();
	if (t - p->last_ms < 100)
		return;
	p->last_ms = t;
	p->shown = 1;
	fprintf(stderr, "migguard: %s: %zu\r", p->what, p->count);
	fflush(stderr);
}

void mg_progress_done(mg_progress *p)
{
	if (!p->enabled || !p->shown)
		return;
	fprintf(stderr, "migguard: %s: %zu, done.\n", p->what, p->count);
	fflush(stderr);
	p->shown = 0;
}
