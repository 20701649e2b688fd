/* cmd_rules.c - `migguard rules`: list every rule. */
#include "config.h"
#include "cmd.h"
#include "report/report.h"
#include "rules/rule.h"

#include <string.h>

int cmd_rules(int argc, char **argv)
{
	int json = 0, i;
	size_t r;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--format=json") ||
		    (!strcmp(argv[i], "--format") && i + 1 < argc && !strcmp(argv[i + 1], "json"))) {
			json = 1;
			if (argv[i][8] != '=')
				i++;
		} else if (!strcmp(argv[i], "--format=text") ||
			   (!strcmp(argv[i], "--format") && i + 1 < argc && !strcmp(argv[i + 1], "text"))) {
			json = 0;
			if (argv[i][8] != '=')
				i++;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			puts("usage: migguard rules [--format text|json]");
			return 0;
		} else {
			return mg_usage_error("rules: unknown argument '%s'", argv[i]);
		}
	}
	if (json)
		fputs("[", stdout);
	for (r = 0; r < mg_nrules; r++) {
		const mg_rule *rule = mg_rules[r];
		if (json) {
			printf("%s\n {\"id\": \"%s\", \"severity\": \"%s\", \"summary\": \"",
			       r ? "," : "", rule->id, mg_severity_name(rule->severity));
			mg_put_json_string(stdout, rule->summary);
			fputs("\"}", stdout);
		} else {
			printf("%-45s %-8s %s\n", rule->id, mg_severity_name(rule->severity),
			       rule->summary);
		}
	}
	if (json)
		fputs("]\n", stdout);
	return 0;
}
