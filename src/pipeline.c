/* pipeline.c - run the checks of one change set in DESIGN.md's order. */
#include "config.h"
#include "pipeline.h"
#include "history.h"
#include "mgconfig.h"
#include "suppress.h"
#include "regex.h"
#include "commitrules.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void mg_options_init(mg_options *o)
{
	memset(o, 0, sizeof(*o));
	mg_lint_opts_init(&o->lint);
	o->fail_on = MG_SEV_ERROR;
	o->allow_suppressions = 1;
	o->max_file_size = MG_DEFAULT_MAX_FILE_SIZE;
}

void mg_options_free(mg_options *o)
{
	mg_config_options_free(o);
	if (o->rx) {
		mg_rxset_free(o->rx);
		free(o->rx);
	}
	memset(o, 0, sizeof(*o));
}

/* The history rules need nothing the linter finds: they run beside it, on
 * a thread of their own, into a result of their own. */
typedef struct history_job {
	const mg_options *o;
	const mg_changeset *cs;
	mg_result res;
} history_job;

static void *history_run(void *arg)
{
	history_job *j = arg;

	mg_history_check(&j->o->lint, j->o->framework, j->cs, &j->res);
	return NULL;
}

void mg_check_changeset(const mg_options *o, const mg_changeset *cs, mg_result *out)
{
	mg_csview view;   /* placeholders replaced, oversized files left out */
	mg_rxset rx_tmp;  /* packs loaded here when the command did not load them */
	const mg_rxset *rx = mg_rx_for(o, &rx_tmp, out);
	history_job hj = { o, cs, { 0 } };
	pthread_t ht;
	int threaded;

	mg_csview_make(o, cs, &view, out);
	/* 3. history rules (edited, deleted, out-of-order migrations), started
	 * first; on one core, or when no thread can start, after step 2 */
	threaded = mg_ncpu() > 1 && cs->nfiles > 1 &&
		   pthread_create(&ht, NULL, history_run, &hj) == 0;
	/* 1. SQL parse-tree rules, per file */
	mg_lint_changeset(&o->lint, &view.cs, out);
	/* 2. regex rule packs (content, path, commit metadata) */
	if (rx)
		mg_rx_check_files(o, rx, &view.cs, out);
	if (threaded)
		pthread_join(ht, NULL);
	else
		history_run(&hj);
	mg_result_move(out, &hj.res);
	/* 4. commit rules (AI markers, review trailer) */
	if (rx)
		mg_commit_rules(o, rx, &view.cs, out);
	/* 5. suppressions and baseline, then severity overrides */
	mg_suppress_apply(o, &view.cs, out);
	mg_csview_free(&view);
	mg_rxset_free(&rx_tmp);
}
