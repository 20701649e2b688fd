/* cmd_explain.c - `migguard explain RULE-ID`. */
#include "config.h"
#include "cmd.h"
#include "report/report.h"
#include "rules/rule.h"

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
		fputs("migguard: unknown rule '", stderr);
		mg_put_sanitized(stderr, argv[1]);
		fputs("' (see 'migguard rules')\n", stderr);
		return 2;
	}
	printf("%s (%s)\n\n%s\n\n%s", rule->id, mg_severity_name(rule->severity),
	       rule->summary, rule->doc);
	return 0;
}
