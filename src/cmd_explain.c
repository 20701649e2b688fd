/* cmd_explain.c - `migguard explain RULE-ID`. */
#include "config.h"
#include "cmd.h"
#include "report/report.h"
#include "rules/rule.h"
#include "rxcli.h"

#include <stdlib.h>

#include <stdio.h>
#include <string.h>

int cmd_explain(int argc, char **argv)
{
	const mg_rule *rule;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		puts("usage: migguard explain RULE-ID");
		return 0;
	}
	if (argc != 2)
		return mg_usage_error("explain: expected exactly one RULE-ID");
	rule = mg_rule_find(argv[1]);
	if (!rule) {
		/* a rule of the rule packs (issue 5) */
		mg_rxset packs;
		char *err = NULL;
		size_t i;
		int found = 0;

		mg_rxset_init(&packs);
		if (mg_rx_load_cli(&packs, NULL, &err) < 0) {
			mg_error_free(err);
			mg_rxset_free(&packs);
			return 2;
		}
		for (i = 0; i < packs.n && !found; i++)
			if (!strcmp(packs.rules[i].id, argv[1])) {
				mg_rx_explain(stdout, &packs.rules[i]);
				found = 1;
			}
		mg_rxset_free(&packs);
		if (found)
			return 0;
	}
	if (!rule) {
		fputs("migguard: unknown rule '", stderr);
		mg_put_sanitized(stderr, argv[1]);
		fputs("' (see 'migguard rules')\n", stderr);
		return 2;
	}
	printf("%s (%s)\n\n%s\n\n%s", rule->id, mg_severity_name(rule->severity),
	       rule->summary, rule->doc);
	return 0;
}
