/* cmd_rules.c - `migguard rules`: list every rule. */
#include "config.h"
#include "cmd.h"
#include "report/report.h"
#include "rules/rule.h"
#include "rxcli.h"

#include <stdlib.h>

#include <string.h>

/* Writes s as roff text: backslashes and hyphens escaped, a leading
 * control character neutralised. */
static void put_roff(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			putchar(*s);
	}
}

/* `rules --format man`: the built-in rules as the RULE CATALOGUE section of
 * migguard-rules(5), so the page is generated from the same table as
 * `migguard rules` (tests/e2e/manual.sh compares them). */
static int rules_man(void)
{
	size_t r;

	for (r = 0; r < mg_nrules; r++) {
		fputs(".TP\n.B ", stdout);
		put_roff(mg_rules[r]->id);
		printf("\n(%s) ", mg_severity_name(mg_rules[r]->severity));
		put_roff(mg_rules[r]->summary);
		putchar('\n');
	}
	return ferror(stdout) ? 2 : 0;
}

int cmd_rules(int argc, char **argv)
{
	int json = 0, i;
	size_t r;
	const char *rules_dir = NULL;   /* --rules DIR: more packs */
	mg_rxset packs;
	char *err = NULL;

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
		} else if (!strcmp(argv[i], "--format=man") ||
			   (!strcmp(argv[i], "--format") && i + 1 < argc && !strcmp(argv[i + 1], "man"))) {
			return rules_man();
		} else if (!strcmp(argv[i], "--rules") && i + 1 < argc) {
			rules_dir = argv[++i];
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			puts("usage: migguard rules [--format text|json|man] [--rules DIR]\n"
			     "  lists the built-in rules, then the rules of the rule packs\n"
			     "  (built-in, migguard.rulesDir, --rules DIR; see migguard-rules(5));\n"
			     "  --format man: the built-in rules as roff, for migguard-rules(5)");
			return 0;
		} else {
			return mg_usage_error("rules: unknown argument '%s'", argv[i]);
		}
	}
	mg_rxset_init(&packs);
	if (mg_rx_load_cli(&packs, rules_dir, &err) < 0) {
		mg_error_free(err);
		mg_rxset_free(&packs);
		return 2;
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
	/* rule packs (issue 5): id, severity, message; kind and pack */
	for (r = 0; r < packs.n; r++) {
		const mg_rx_rule *x = &packs.rules[r];
		if (json) {
			fputs(r || mg_nrules ? ",\n {\"id\": \"" : "\n {\"id\": \"", stdout);
			mg_put_json_string(stdout, x->id);
			printf("\", \"severity\": \"%s\", \"summary\": \"",
			       mg_severity_name(x->severity));
			mg_put_json_string(stdout, x->message);
			printf("\", \"kind\": \"%s\", \"scope\": \"%s\", \"pack\": \"",
			       x->ai_marker ? "ai-marker" : "finding", mg_rx_scope_name(x->scope));
			mg_put_json_string(stdout, x->file ? x->file : "");
			fputs("\"}", stdout);
		} else {
			mg_put_sanitized(stdout, x->id);
			printf("%*s %-8s ", x->id && strlen(x->id) < 45 ? (int)(45 - strlen(x->id)) : 0,
			       "", x->ai_marker ? "marker" : mg_severity_name(x->severity));
			mg_put_sanitized(stdout, x->message);
			fputc('\n', stdout);
		}
	}
	mg_rxset_free(&packs);
	if (json)
		fputs("]\n", stdout);
	return 0;
}
