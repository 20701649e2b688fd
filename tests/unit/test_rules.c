/* test_rules.c - runs every fixture under tests/fixtures/sql/<rule-id>/ and
 * checks that every registered rule has fixtures that fire and stay quiet. */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "history.h"
#include "lint.h"
#include "rules/rule.h"
#include "util.h"

#define MAX_EXPECT 256

/* A line "-- expect: RULE-ID" says RULE-ID reports a finding on the next line
 * that is neither blank nor a "--" comment.  A fixture passes when the
 * findings are exactly the expected (rule, line) multiset: a rule that fires
 * where nothing is expected fails as much as one that stays quiet. */
typedef struct fixture_expect {
	char rule[128];
	int line;
	int matched;
} fixture_expect;
#define MAX_FIXTURES 1024

static const char *fixture_root(void)
{
	static char buf[4096];
	const char *top = getenv("TOP_SRCDIR");
	snprintf(buf, sizeof(buf), "%s/tests/fixtures/sql", top ? top : ".");
	return buf;
}

static int is_blank_or_comment(const char *line, size_t n)
{
	size_t i = 0;
	while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	return i == n || (i + 1 < n && line[i] == '-' && line[i + 1] == '-');
}

static size_t fixture_parse(const char *text, fixture_expect *out, size_t cap)
{
	const char *p = text;
	int lineno = 1;
	size_t n = 0, pending_from = 0;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *m = memmem(p, len, "-- expect:", 10);

		if (m) {
			const char *r = m + 10;
			size_t rl;
			while (*r == ' ')
				r++;
			rl = 0;
			while (r + rl < p + len && r[rl] != ' ' && r[rl] != '\r')
				rl++;
			if (n < cap && rl < sizeof(out[n].rule)) {
				memcpy(out[n].rule, r, rl);
				out[n].rule[rl] = '\0';
				out[n].line = 0;
				out[n].matched = 0;
				n++;
			}
		} else if (!is_blank_or_comment(p, len)) {
			for (; pending_from < n; pending_from++)
				out[pending_from].line = lineno;
		}
		if (!eol)
			break;
		p = eol + 1;
		lineno++;
	}
	return n;
}

typedef struct fixture {
	char path[4096];
	char rule[128];
	int bad; /* file name starts with "bad" */
} fixture;

static fixture fixtures[MAX_FIXTURES];
static size_t nfixtures;

static void run_fixture(void **state)
{
	const fixture *fx = *state;
	fixture_expect exp[MAX_EXPECT];
	mg_lint_opts lo;
	mg_rule_override own_on;
	const mg_rule *own_rule;
	mg_result res;
	char *text;
	size_t len, nexp, i, j, own = 0;
	int ok = 1;

	assert_int_equal(mg_read_file(fx->path, &text, &len), 0);
	nexp = fixture_parse(text, exp, MAX_EXPECT);
	for (i = 0; i < nexp; i++)
		if (!strcmp(exp[i].rule, fx->rule))
			own++;
	if (fx->bad && own == 0) {
		print_error("%s: a bad fixture must expect its rule %s at least once\n",
			    fx->path, fx->rule);
		ok = 0;
	}
	mg_lint_opts_init(&lo);
	/* an opt-in rule (off by default) is turned on in its own fixtures,
	 * as rule.<id>.severity turns it on for a user */
	own_rule = mg_rule_find(fx->rule);
	if (own_rule && own_rule->severity == MG_SEV_OFF) {
		own_on.id = own_rule->id;
		own_on.severity = MG_SEV_WARNING;
		lo.overrides = &own_on;
		lo.noverrides = 1;
	}
	mg_result_init(&res);
	mg_lint_sql(&lo, fx->path, NULL, text, len, &res);
	for (i = 0; i < res.nfindings; i++) {
		const mg_finding *f = &res.findings[i];
		for (j = 0; j < nexp; j++)
			if (!exp[j].matched && exp[j].line == f->line && !strcmp(exp[j].rule, f->rule))
				break;
		if (j == nexp) {
			print_error("%s:%d: unexpected finding [%s] %s\n", fx->path, f->line, f->rule,
				    f->message);
			ok = 0;
		} else {
			exp[j].matched = 1;
		}
	}
	for (j = 0; j < nexp; j++)
		if (!exp[j].matched) {
			print_error("%s:%d: expected [%s], not reported\n", fx->path, exp[j].line,
				    exp[j].rule);
			ok = 0;
		}
	if (res.nerrors) {
		print_error("%s: error: %s\n", fx->path, res.errors[0].message);
		ok = 0;
	}
	mg_result_free(&res);
	free(text);
	assert_true(ok);
}

/* Every registered rule needs a bad*.sql that fires and an ok*.sql. */
static void every_rule_has_fixtures(void **state)
{
	size_t r, i;
	int ok = 1;

	(void)state;
	for (r = 0; r < mg_nrules; r++) {
		int bad = 0, good = 0;
		/* suppression rules judge comments, not statements:
		 * tests/unit/test_suppress.c and tests/e2e/config.sh test them */
		if (!strcmp(mg_rules[r]->id, "suppression-without-reason") ||
		    !strcmp(mg_rules[r]->id, "unused-ignore"))
			continue;
		/* commit rules judge commits, not statements:
		 * tests/unit/test_commitrules.c and tests/e2e/ai.sh test them */
		if (!strcmp(mg_rules[r]->id, "ai-marker-unreviewed") ||
		    !strcmp(mg_rules[r]->id, "review-trailer-self"))
			continue;
		/* history rules see git, not one file: tests/e2e/history.sh and
		 * tests/unit/test_history.c test them on real repositories */
		if (!mg_rules[r]->check && mg_history_rule(mg_rules[r]->id))
			continue;
		for (i = 0; i < nfixtures; i++) {
			if (strcmp(fixtures[i].rule, mg_rules[r]->id))
				continue;
			if (fixtures[i].bad)
				bad++;
			else
				good++;
		}
		if (!bad || !good) {
			print_error("rule %s lacks %s fixtures in tests/fixtures/sql/%s/\n",
				    mg_rules[r]->id, !bad ? "bad*.sql" : "ok*.sql", mg_rules[r]->id);
			ok = 0;
		}
	}
	assert_true(ok);
}

/* Every fixture directory names a registered rule (catches typos). */
static void fixture_dirs_name_rules(void **state)
{
	size_t i;
	int ok = 1;

	(void)state;
	for (i = 0; i < nfixtures; i++)
		if (!mg_rule_find(fixtures[i].rule)) {
			print_error("%s: no rule named %s\n", fixtures[i].path, fixtures[i].rule);
			ok = 0;
		}
	assert_true(ok);
}

static void self_test_parser(void **state)
{
	fixture_expect e[4];
	size_t n;

	(void)state;
	n = fixture_parse("-- expect: a\n\n-- note\nSELECT 1;\n-- expect: b\n-- expect: c\n  x\n", e, 4);
	assert_int_equal(n, 3);
	assert_string_equal(e[0].rule, "a");
	assert_int_equal(e[0].line, 4);
	assert_int_equal(e[1].line, 7);
	assert_int_equal(e[2].line, 7);
}

static int cmp_fixture(const void *a, const void *b)
{
	return strcmp(((const fixture *)a)->path, ((const fixture *)b)->path);
}

static void collect(void)
{
	DIR *root = opendir(fixture_root());
	struct dirent *de;

	if (!root) {
		fprintf(stderr, "cannot open %s\n", fixture_root());
		exit(1);
	}
	while ((de = readdir(root)) != NULL) {
		char dir[4096];
		DIR *d;
		struct dirent *fe;
		if (de->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%.3000s/%.255s", fixture_root(), de->d_name);
		if (!(d = opendir(dir)))
			continue;
		while ((fe = readdir(d)) != NULL && nfixtures < MAX_FIXTURES) {
			fixture *fx;
			if (!mg_ends_with(fe->d_name, ".sql"))
				continue;
			fx = &fixtures[nfixtures++];
			snprintf(fx->path, sizeof(fx->path), "%.3500s/%.255s", dir, fe->d_name);
			snprintf(fx->rule, sizeof(fx->rule), "%.127s", de->d_name);
			fx->bad = mg_starts_with(fe->d_name, "bad");
		}
		closedir(d);
	}
	closedir(root);
	qsort(fixtures, nfixtures, sizeof(fixtures[0]), cmp_fixture);
}

int main(void)
{
	struct CMUnitTest *tests;
	size_t i, n = 0;
	int rc;

	collect();
	tests = calloc(nfixtures + 3, sizeof(*tests));
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(self_test_parser);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(every_rule_has_fixtures);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(fixture_dirs_name_rules);
	for (i = 0; i < nfixtures; i++) {
		tests[n].name = fixtures[i].path + strlen(fixture_root()) + 1;
		tests[n].test_func = run_fixture;
		tests[n].initial_state = &fixtures[i];
		n++;
	}
	rc = _cmocka_run_group_tests("rules", tests, n, NULL, NULL);
	free(tests);
	return rc;
}
