/* test_regex.c - the rule-pack loader, and every marker of
 * rules/ai-markers.rules on real strings and near misses. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "regex.h"
#include "util.h"

static int load(mg_rxset *s, const char *text, char **err)
{
	*err = NULL;
	return mg_rx_load_text(s, "test.rules", text, strlen(text), err);
}

static void expect_error(const char *text, const char *want)
{
	mg_rxset s;
	char *err;

	mg_rxset_init(&s);
	if (load(&s, text, &err) != -1)
		fail_msg("loaded, expected error '%s'", want);
	if (strcmp(err, want))
		fail_msg("error\n  %s\nexpected\n  %s", err, want);
	free(err);
	mg_rxset_free(&s);
}

static void loader_good(void **state)
{
	mg_rxset s;
	char *err;
	size_t a, b;
	const char *text =
		"# a comment\n"
		"\n"
		"rule no-select-star\r\n"
		"  scope    content\n"
		"  pattern  (?i)select\\h+\\*   \n"
		"  severity error\n"
		"  message  SELECT * in a migration\n"
		"  help     name the columns\n"
		"  paths    \\.sql$\n"
		"rule marker-x\n"
		"scope trailer\n"
		"kind ai-marker\n"
		"pattern ^X-Bot: # not a comment: part of the pattern\n"
		"message x\n";

	(void)state;
	mg_rxset_init(&s);
	assert_int_equal(load(&s, text, &err), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.rules[0].id, "no-select-star");
	assert_int_equal(s.rules[0].scope, MG_SCOPE_CONTENT);
	assert_int_equal(s.rules[0].severity, MG_SEV_ERROR);
	assert_false(s.rules[0].ai_marker);
	assert_string_equal(s.rules[0].pattern, "(?i)select\\h+\\*");
	assert_string_equal(s.rules[0].help, "name the columns");
	assert_string_equal(s.rules[0].file, "test.rules");
	assert_int_equal(s.rules[0].line, 3);
	assert_true(mg_rx_applies_to(&s, &s.rules[0], "db/migrations/1.sql"));
	assert_false(mg_rx_applies_to(&s, &s.rules[0], "db/migrate/1.rb"));
	assert_int_equal(mg_rx_search(&s, s.rules[0].code, "x SELECT  * y", 13, 0, &a, &b), 1);
	assert_int_equal(a, 2);
	assert_int_equal(b, 11);
	assert_int_equal(s.rules[1].severity, MG_SEV_WARNING);   /* the default */
	assert_true(s.rules[1].ai_marker);
	assert_null(s.rules[1].help);
	assert_string_equal(s.rules[1].pattern, "^X-Bot: # not a comment: part of the pattern");

	/* a later definition of the same id replaces the rule in place */
	assert_int_equal(load(&s, "rule no-select-star\nscope path\npattern x\nseverity off\nmessage m\n", &err), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.rules[0].scope, MG_SCOPE_PATH);
	assert_int_equal(s.rules[0].severity, MG_SEV_OFF);
	mg_rxset_free(&s);
}

static void loader_errors(void **state)
{
	(void)state;
	/* PCRE2's message, the column of the offending byte and the offset */
	expect_error("rule a\nscope message\npattern  ab(c\nmessage m\n",
		     "test.rules:3:14: bad pattern: missing closing parenthesis at offset 4");
	expect_error("rule a\nscope message\npattern x\nmessage m\nrule b\nscope content\n"
		     "pattern [z-a]\nmessage m\n",
		     "test.rules:7:12: bad pattern: range out of order in character class at offset 3");
	expect_error("rule a\nscope content\npattern x\npaths (\nmessage m\n",
		     "test.rules:4:8: bad pattern: missing closing parenthesis at offset 1");
	expect_error("scope message\n", "test.rules:1: 'scope' before the first 'rule' line");
	expect_error("rule Bad_Id\n", "test.rules:1: 'rule' needs an id of lower-case letters, digits and '-'");
	expect_error("rule\n", "test.rules:1: 'rule' needs an id of lower-case letters, digits and '-'");
	expect_error("rule a\nscope body\n",
		     "test.rules:2: scope 'body' is not message, trailer, author, content or path");
	expect_error("rule a\nkind maybe\n", "test.rules:2: kind 'maybe' is not finding or ai-marker");
	expect_error("rule a\nseverity fatal\n", "test.rules:2: severity 'fatal' is not error, warning or off");
	expect_error("rule a\ncolour red\n",
		     "test.rules:2: unknown key 'colour' (rule, scope, pattern, kind, severity, message, help, paths)");
	expect_error("rule a\npattern\n", "test.rules:2: 'pattern' needs a value");
	expect_error("rule a\npattern x\npattern y\n", "test.rules:3: pattern given twice in one rule");
	expect_error("rule a\nscope message\nmessage m\n", "test.rules:1: rule a has no pattern");
	expect_error("rule a\npattern x\nmessage m\n", "test.rules:1: rule a has no scope");
	expect_error("rule a\nscope path\npattern x\n", "test.rules:1: rule a has no message");
	expect_error("rule a\nscope author\npattern x\nmessage m\npaths y\n",
		     "test.rules:5: rule a: paths applies to content and path rules only");
}

static void loader_binary(void **state)
{
	mg_rxset s;
	char *err = NULL;

	(void)state;
	mg_rxset_init(&s);
	assert_int_equal(mg_rx_load_text(&s, "bin.rules", "rule a\0x", 8, &err), -1);
	assert_string_equal(err, "bin.rules: binary content (NUL byte): not a rule pack");
	free(err);
	mg_rxset_free(&s);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void loader_dirs(void **state)
{
	char dir[] = "/tmp/mg-rules-XXXXXX";
	char *p1, *p2, *p3, *err = NULL;
	mg_rxset s;
	mg_options o;

	(void)state;
	assert_non_null(mkdtemp(dir));
	p1 = mg_xasprintf("%s/b.rules", dir);
	p2 = mg_xasprintf("%s/a.rules", dir);
	p3 = mg_xasprintf("%s/notes.txt", dir);
	write_file(p1, "rule r\nscope path\npattern b\nmessage from b\n");
	write_file(p2, "rule r\nscope path\npattern a\nmessage from a\nrule s\nscope path\npattern s\nmessage s\n");
	write_file(p3, "not a pack (\n");

	/* name order: b.rules replaces a.rules' r; *.txt ignored */
	mg_rxset_init(&s);
	assert_int_equal(mg_rx_load_dir(&s, dir, 1, &err), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.rules[0].message, "from b");
	mg_rxset_free(&s);

	/* a missing directory: silent unless it must exist */
	mg_rxset_init(&s);
	assert_int_equal(mg_rx_load_dir(&s, "/nonexistent/mg-rules", 0, &err), 0);
	assert_int_equal(mg_rx_load_dir(&s, "/nonexistent/mg-rules", 1, &err), -1);
	assert_string_equal(err, "rule pack directory /nonexistent/mg-rules: No such file or directory");
	free(err);
	mg_rxset_free(&s);

	/* the options: MIGGUARD_RULES_DIR, rulesDir, --rules in that order */
	mg_options_init(&o);
	setenv("MIGGUARD_RULES_DIR", "", 1);
	o.rules_cli_dir = dir;
	assert_int_equal(mg_options_load_rules(&o, &err), 0);
	assert_int_equal(o.rx->n, 2);
	setenv("MIGGUARD_RULES_DIR", "/nonexistent/mg-rules", 1);
	assert_int_equal(mg_options_load_rules(&o, &err), -1);
	assert_string_equal(err, "rule pack directory /nonexistent/mg-rules: No such file or directory");
	free(err);
	assert_int_equal(o.rx->n, 2); /* the packs loaded before are kept */
	unsetenv("MIGGUARD_RULES_DIR");
	mg_options_free(&o);

	unlink(p1);
	unlink(p2);
	unlink(p3);
	rmdir(dir);
	free(p1);
	free(p2);
	free(p3);
}

/* --- the markers of rules/ai-markers.rules ------------------------------- */

typedef struct mcase {
	const char *rule;
	int match;
	const char *text;   /* message, "Key: value", "Name <email>", file content */
} mcase;

static const mcase markers[] = {
	/* Claude Code */
	{ "ai-claude-co-author", 1, "Add col\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n" },
	{ "ai-claude-co-author", 1, "Add col\n\nCo-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>\n" },
	{ "ai-claude-co-author", 1, "Add col\n\nco-authored-by: Claude Opus 4.6 (1M context) <noreply@anthropic.com>\n" },
	{ "ai-claude-co-author", 1, "Add col\n\nAssisted-by: Claude Opus 4.6 <noreply@anthropic.com>\n" },
	{ "ai-claude-co-author", 0, "Add col\n\nCo-authored-by: Claudia Rossi <claudia@example.com>\n" },
	{ "ai-claude-co-author", 0, "Add col\n\nCo-authored-by: Claude Dupont <claude.dupont@example.fr>\n" },
	{ "ai-claude-co-author", 0, "Remove noreply@anthropic.com from the docs\n" },
	{ "ai-claude-code-footer", 1, "Add col\n\n\xf0\x9f\xa4\x96 Generated with [Claude Code](https://claude.com/claude-code)\n" },
	{ "ai-claude-code-footer", 1, "Add col\n\n\xf0\x9f\xa4\x96 Generated with [Claude Code](https://claude.ai/code)\n" },
	{ "ai-claude-code-footer", 1, "Add col\n\nGenerated with Claude Code\n" },
	{ "ai-claude-code-footer", 0, "chore(main): release 1.2.0\n\n---\nThis PR was generated with [Release Please](https://github.com/googleapis/release-please). See [documentation](https://github.com/googleapis/release-please#release-please).\n" },
	{ "ai-claude-code-footer", 0, "Add col\n\nClaude reviewed the code with me\n" },
	{ "ai-claude-session", 1, "Add col\n\nClaude-Session: https://claude.ai/code/session_01ABCdef\n" },
	{ "ai-claude-session", 0, "Add col\n\nThe claude session cookie is renewed\n" },
	/* Copilot */
	{ "ai-copilot-co-author", 1, "Fix\n\nCo-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>\n" },
	{ "ai-copilot-co-author", 1, "Fix (#12)\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>\n" },
	{ "ai-copilot-co-author", 1, "Fix\n\nCo-authored-by: copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>\n" },
	{ "ai-copilot-co-author", 0, "Fix\n\nCo-authored-by: Pilot Copi <copilot@example.com>\n" },
	{ "ai-copilot-co-author", 0, "Fix\n\nCo-authored-by: Dependabot <49699333+dependabot[bot]@users.noreply.github.com>\n" },
	{ "ai-copilot-agent-author", 1, "copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>" },
	{ "ai-copilot-agent-author", 0, "Copilot Fan <copilot.fan@example.com>" },
	{ "ai-copilot-agent-logs", 1, "Add\n\nAgent-Logs-Url: https://github.com/acme/shop/sessions/3f1c2a9e-1d2b-4c5e-8f90-123456789abc\n" },
	{ "ai-copilot-agent-logs", 0, "Add\n\nLogs-Url: https://ci.example.com/sessions/1\n" },
	/* Cursor */
	{ "ai-cursor-co-author", 1, "Add\n\nCo-authored-by: Cursor <cursoragent@cursor.com>\n" },
	{ "ai-cursor-co-author", 0, "Add cursor-based pagination to the orders API\n" },
	{ "ai-cursor-author", 1, "Cursor Agent <cursoragent@cursor.com>" },
	{ "ai-cursor-author", 0, "Cursor Smith <cursor@example.com>" },
	{ "ai-cursor-made-with", 1, "Add\n\nMade-with: Cursor\n" },
	{ "ai-cursor-made-with", 0, "Add\n\nMade-with: love and a server-side cursor\n" },
	/* Aider */
	{ "ai-aider-subject", 1, "aider: Add the orders.status column\n" },
	{ "ai-aider-subject", 0, "Add col\n\naider: mentioned in the body\n" },
	{ "ai-aider-subject", 0, "raider: fix\n" },
	{ "ai-aider-co-author", 1, "Add\n\nCo-authored-by: aider (anthropic/claude-sonnet-4) <aider@aider.chat>\n" },
	{ "ai-aider-co-author", 1, "Add\n\nCo-authored-by: aider (gpt-4o) <noreply@aider.chat>\n" },
	{ "ai-aider-co-author", 0, "Add\n\nCo-authored-by: Aida Reyes <aida@example.com>\n" },
	{ "ai-aider-author", 1, "Jane Dev (aider) <jane@example.com>" },
	{ "ai-aider-author", 0, "Jane Dev <jane@aider-consulting.example>" },
	/* Codex, Gemini */
	{ "ai-codex-co-author", 1, "Add\n\nCo-authored-by: Codex <noreply@openai.com>\n" },
	{ "ai-codex-co-author", 1, "Add\n\nCo-Authored-By: GPT-5.1 Codex <noreply@openai.com>\n" },
	{ "ai-codex-co-author", 0, "Add\n\nCo-authored-by: Codex Fan <codex@example.com>\n" },
	{ "ai-gemini-co-author", 1, "Add\n\nCo-Authored-By: Gemini <noreply@google.com>\n" },
	{ "ai-gemini-co-author", 0, "Add\n\nCo-authored-by: Gemini Ortiz <gemini.ortiz@google.com>\n" },
	/* Devin, opencode, Amp, others */
	{ "ai-devin-footer", 1, "Add\n\nGenerated with [Devin](https://devin.ai)\n" },
	{ "ai-devin-footer", 1, "Add\n\nGenerated with [Devin](https://cli.devin.ai/docs)\n" },
	{ "ai-devin-footer", 0, "Add\n\nCo-authored-by: Devin Smith <devin@example.com>\n" },
	{ "ai-opencode-footer", 1, "Add\n\n\xf0\x9f\xa4\x96 Generated with [opencode](https://opencode.ai)\n" },
	{ "ai-opencode-footer", 0, "Add\n\nGenerated with an open code generator\n" },
	{ "ai-amp-thread", 1, "Add\n\nAmp-Thread-ID: https://ampcode.com/threads/T-5f2d1c3a-0000-4000-8000-000000000000\n" },
	{ "ai-amp-thread", 0, "Add\n\nAmp-Thread: 10A\n" },
	{ "ai-assistant-co-author", 1, "Add\n\nCo-authored-by: Amp <amp@ampcode.com>\n" },
	{ "ai-assistant-co-author", 1, "Add\n\nCo-Authored-By: opencode <noreply@opencode.ai>\n" },
	{ "ai-assistant-co-author", 1, "Add\n\nCo-authored-by: Windsurf <windsurf@codeium.com>\n" },
	{ "ai-assistant-co-author", 1, "Add\n\nCo-authored-by: Windsurf AI <noreply@windsurf.ai>\n" },
	{ "ai-assistant-co-author", 1, "Add\n\nCo-authored-by: OpenHands <openhands@all-hands.dev>\n" },
	{ "ai-assistant-co-author", 0, "Add\n\nCo-authored-by: Amparo Diaz <amparo@example.com>\n" },
	/* bots */
	{ "ai-bot-author", 1, "claude[bot] <209825114+claude[bot]@users.noreply.github.com>" },
	{ "ai-bot-author", 1, "devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply.github.com>" },
	{ "ai-bot-author", 1, "google-labs-jules[bot] <161369871+google-labs-jules[bot]@users.noreply.github.com>" },
	{ "ai-bot-author", 1, "amazon-q-developer[bot] <208079219+amazon-q-developer[bot]@users.noreply.github.com>" },
	{ "ai-bot-author", 1, "Anything <chatgpt-codex-connector[bot]@users.noreply.github.com>" },
	{ "ai-bot-author", 0, "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>" },
	{ "ai-bot-author", 0, "renovate[bot] <29139614+renovate[bot]@users.noreply.github.com>" },
	{ "ai-bot-author", 0, "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>" },
	{ "ai-bot-author", 0, "claude[bot] <claude@example.com>" },
	{ "ai-bot-co-author", 1, "Fix\n\nCo-Authored-By: Devin <158243242+devin-ai-integration[bot]@users.noreply.github.com>\n" },
	{ "ai-bot-co-author", 1, "Fix\n\nCo-authored-by: claude[bot] <209825114+claude[bot]@users.noreply.github.com>\n" },
	{ "ai-bot-co-author", 0, "Fix\n\nCo-authored-by: renovate[bot] <29139614+renovate[bot]@users.noreply.github.com>\n" },
	{ "ai-vendor-author", 1, "Claude <noreply@anthropic.com>" },
	{ "ai-vendor-author", 1, "Codex <noreply@openai.com>" },
	{ "ai-vendor-author", 0, "Gemini Ortiz <gemini@ortiz.dev>" },
	{ "ai-vendor-author", 0, "Claudia Rossi <claudia@anthropic.example>" },
	/* generic disclosure trailers (trailer scope: "Key: value") */
	{ "ai-disclosure-trailer", 1, "Assisted-by: Claude:claude-3-opus coccinelle sparse" },
	{ "ai-disclosure-trailer", 1, "Assisted-By: ChatGPTv5" },
	{ "ai-disclosure-trailer", 1, "Generated-by: Cursor" },
	{ "ai-disclosure-trailer", 1, "AI-assisted: yes" },
	{ "ai-disclosure-trailer", 0, "Reviewed-by: Alice <alice@example.com>" },
	{ "ai-disclosure-trailer", 0, "Signed-off-by: Gemini Ortiz <gemini@ortiz.dev>" },
	/* content */
	{ "ai-content-generator-comment", 1, "-- Generated by ChatGPT 3.5\nCREATE TABLE t (id int);\n" },
	{ "ai-content-generator-comment", 1, "-- Generated by chatGPT3.5\n" },
	{ "ai-content-generator-comment", 1, "-- Migration generated with Claude Code\n" },
	{ "ai-content-generator-comment", 1, "/* written by GitHub Copilot */\n" },
	{ "ai-content-generator-comment", 1, "-- Created by Claude 3.5 Sonnet\n" },
	{ "ai-content-generator-comment", 1, "-- created with Gemini Pro\n" },
	{ "ai-content-generator-comment", 1, "-- This script was generated by an AI assistant\n" },
	{ "ai-content-generator-comment", 1, "-- generated by GPT-4\n" },
	{ "ai-content-generator-comment", 0, "# Generated by Django 4.2.1 on 2023-05-01 12:00\n" },
	{ "ai-content-generator-comment", 0, "-- Generated by pg_dump 15.4\n" },
	{ "ai-content-generator-comment", 0, "-- Created by Claude Dupont on 2024-01-02\n" },
	{ "ai-content-generator-comment", 0, "-- Created by Gemini Ortiz\n" },
	{ "ai-content-generator-comment", 0, "-- Created by Claudia\n" },
	{ "ai-content-generator-comment", 0, "-- ids generated by a cursor loop\nDECLARE c CURSOR FOR SELECT 1;\n" },
	{ "ai-content-chat-boilerplate", 1, "-- As an AI language model, I cannot run this\n" },
	{ "ai-content-chat-boilerplate", 1, "-- Here's the updated migration:\n" },
	{ "ai-content-chat-boilerplate", 1, "-- I hope this helps!\n" },
	{ "ai-content-chat-boilerplate", 1, "Certainly! Here is the SQL:\nCREATE TABLE t ();\n" },
	{ "ai-content-chat-boilerplate", 0, "-- keyset pagination: the cursor is the last id\nSELECT 1;\n" },
	{ "ai-content-chat-boilerplate", 0, "COMMENT ON TABLE t IS 'Sure, this is fine';\n" },
	{ "ai-content-markdown-fence", 1, "```sql\nCREATE TABLE t (id int);\n```\n" },
	{ "ai-content-markdown-fence", 1, "CREATE TABLE t (id int);\n```\n" },
	{ "ai-content-markdown-fence", 0, "COMMENT ON TABLE t IS 'use ```sql blocks``` in docs';\n" },
	{ "ai-content-citation-artifact", 1, "-- see :contentReference[oaicite:0]{index=0}\n" },
	{ "ai-content-citation-artifact", 1, "-- docs https://www.postgresql.org/docs/?utm_source=chatgpt.com\n" },
	{ "ai-content-citation-artifact", 1, "-- per citeturn0search3\n" },
	{ "ai-content-citation-artifact", 0, "-- return the citation count per turn\n" },
};

static mg_rxset pack;
static int pack_loaded;

static int setup_pack(void **state)
{
	const char *top = getenv("TOP_SRCDIR");
	char *path, *err = NULL;

	(void)state;
	path = mg_xasprintf("%s/rules/ai-markers.rules", top ? top : ".");
	mg_rxset_init(&pack);
	if (mg_rx_load_file(&pack, path, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		free(path);
		return -1;
	}
	free(path);
	pack_loaded = 1;
	return 0;
}

static int teardown_pack(void **state)
{
	(void)state;
	mg_rxset_free(&pack);
	return 0;
}

static const mg_rx_rule *find(const char *id)
{
	size_t i;

	for (i = 0; i < pack.n; i++)
		if (!strcmp(pack.rules[i].id, id))
			return &pack.rules[i];
	return NULL;
}

static void count_line(void *ctx, const mg_rx_rule *r, int line, int col, int ecol)
{
	(void)r;
	(void)line;
	(void)col;
	(void)ecol;
	(*(int *)ctx)++;
}

static int matches(const mg_rx_rule *r, const char *text)
{
	size_t a, b;
	mg_file_change f;
	int n = 0;

	if (r->scope != MG_SCOPE_CONTENT)
		return mg_rx_search(&pack, r->code, text, strlen(text), 0, &a, &b) == 1;
	memset(&f, 0, sizeof(f));
	f.path = (char *)"db/migrations/1.sql";
	f.data = (char *)text;
	f.len = strlen(text);
	if (!mg_rx_applies_to(&pack, r, f.path))
		return 0;
	mg_rx_scan_content(&pack, r, &f, count_line, &n);
	return n > 0;
}

static void every_marker(void **state)
{
	size_t i, j;
	int bad = 0;

	(void)state;
	assert_true(pack_loaded);
	for (i = 0; i < MG_ARRAY_SIZE(markers); i++) {
		const mg_rx_rule *r = find(markers[i].rule);
		if (!r)
			fail_msg("no rule %s in ai-markers.rules", markers[i].rule);
		if (!r->ai_marker)
			fail_msg("%s is not of kind ai-marker", r->id);
		if (matches(r, markers[i].text) != markers[i].match) {
			print_error("%s %s: %s\n", r->id, markers[i].match ? "misses" : "matches",
				    markers[i].text);
			bad++;
		}
	}
	/* every rule has a test that it matches and a near miss */
	for (j = 0; j < pack.n; j++) {
		int pos = 0, neg = 0;
		for (i = 0; i < MG_ARRAY_SIZE(markers); i++)
			if (!strcmp(markers[i].rule, pack.rules[j].id))
				markers[i].match ? pos++ : neg++;
		if (!pos || !neg) {
			print_error("%s: %d matching and %d near-miss cases (need both)\n",
				    pack.rules[j].id, pos, neg);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* no marker of another rule fires on the near misses of names of people */
static void people_are_not_ai(void **state)
{
	static const char *const people[] = {
		"Claudia Rossi <claudia@example.com>",
		"Claude Dupont <claude@dupont.fr>",
		"Gemini Ortiz <gemini@ortiz.dev>",
		"Devin Smith <devin@example.com>",
		"Cursor Jones <cursor@example.com>",
		"Aider Lee <aider.lee@example.com>",
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < MG_ARRAY_SIZE(people); i++) {
		char *msg = mg_xasprintf("Add col\n\nCo-authored-by: %s\n", people[i]);
		for (j = 0; j < pack.n; j++) {
			const mg_rx_rule *r = &pack.rules[j];
			const char *text = r->scope == MG_SCOPE_AUTHOR ? people[i] : msg;
			if (r->scope == MG_SCOPE_CONTENT || r->scope == MG_SCOPE_TRAILER)
				continue;
			if (matches(r, text))
				fail_msg("%s matches %s", r->id, text);
		}
		free(msg);
	}
}

/* added lines only: a marker already in the old content does not count */
static void content_added_lines(void **state)
{
	const mg_rx_rule *r = find("ai-content-generator-comment");
	mg_file_change f;
	int n = 0;

	(void)state;
	assert_non_null(r);
	memset(&f, 0, sizeof(f));
	f.path = (char *)"db/migrations/1.sql";
	f.old_data = (char *)"-- Generated by ChatGPT\r\nSELECT 1;\r\n";
	f.old_len = strlen(f.old_data);
	f.data = (char *)"-- Generated by ChatGPT\r\nSELECT 1;\r\nSELECT 2;\r\n";
	f.len = strlen(f.data);
	mg_rx_scan_content(&pack, r, &f, count_line, &n);
	assert_int_equal(n, 0);
	f.data = (char *)"SELECT 0;\n-- Generated by ChatGPT 4o\n-- generated with Claude\n";
	f.len = strlen(f.data);
	mg_rx_scan_content(&pack, r, &f, count_line, &n);
	assert_int_equal(n, 2);
}

int main(void)
{
	const struct CMUnitTest loader[] = {
		cmocka_unit_test(loader_good),
		cmocka_unit_test(loader_errors),
		cmocka_unit_test(loader_binary),
		cmocka_unit_test(loader_dirs),
	};
	const struct CMUnitTest pack_tests[] = {
		cmocka_unit_test(every_marker),
		cmocka_unit_test(people_are_not_ai),
		cmocka_unit_test(content_added_lines),
	};
	int rc = cmocka_run_group_tests_name("loader", loader, NULL, NULL);

	return rc + cmocka_run_group_tests_name("ai-markers.rules", pack_tests,
						setup_pack, teardown_pack);
}
