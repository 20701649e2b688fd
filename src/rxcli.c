/* rxcli.c - the rule packs for `migguard rules` and `migguard explain`. */
#include "config.h"
#include "rxcli.h"
#include "gitsrc.h"
#include "mgconfig.h"
#include "report/report.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

int mg_rx_load_cli(mg_rxset *s, const char *cli_dir, char **err)
{
	mg_options o;
	git_repository *repo = NULL;
	char *ignored = NULL;
	int rc;

	mg_options_init(&o);
	git_libgit2_init();
	if (mg_git_open(&repo, NULL, &ignored) < 0)
		repo = NULL; /* outside a repository: the other levels still apply */
	free(ignored);
	rc = mg_config_load_at(&o, repo, NULL, NULL, 0, err);
	if (rc == 0) {
		o.rules_cli_dir = cli_dir;
		rc = mg_rx_load_options(&o, s, err);
	}
	git_repository_free(repo);
	git_libgit2_shutdown();
	mg_options_free(&o);
	return rc;
}

void mg_rx_explain(FILE *out, const mg_rx_rule *r)
{
	mg_put_sanitized(out, r->id);
	fprintf(out, " (%s)\n\n", mg_severity_name(r->severity));
	mg_put_sanitized(out, r->message);
	fputs("\n\n", out);
	fprintf(out, "A rule of the pack ");
	mg_put_sanitized(out, r->file ? r->file : "?");
	fprintf(out, " (line %d; format: man 5 migguard-rules).\n", r->line);
	fprintf(out, "  scope:   %s\n", mg_rx_scope_name(r->scope));
	fprintf(out, "  kind:    %s\n", r->ai_marker ? "ai-marker (a sign of AI generation: "
		"a migration commit carrying it needs a review trailer)" : "finding");
	fputs("  pattern: ", out);
	mg_put_sanitized(out, r->pattern);
	fputc('\n', out);
	if (r->help) {
		fputs("  help:    ", out);
		mg_put_sanitized(out, r->help);
		fputc('\n', out);
	}
	fputs("See the comments above the rule in its pack for its sources.\n", out);
}
