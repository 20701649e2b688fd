/* syntax-error: PostgreSQL's grammar rejected the file.  Reported by the
 * linter itself (src/lint.c); listed here so `rules`, `explain` and
 * rule.syntax-error.severity know it. */
#include "config.h"
#include "rule.h"

const mg_rule mg_rule_syntax_error = {
	.id = "syntax-error",
	.severity = MG_SEV_ERROR,
	.summary = "PostgreSQL's grammar rejects a statement, so it was not checked",
	.doc =
	"migguard parses migrations with libpg_query, the parser of PostgreSQL\n"
	"itself. When the grammar rejects a statement, the error is reported at\n"
	"the position PostgreSQL names, with the statement that was not checked;\n"
	"the file is split into statements with PostgreSQL's scanner and the\n"
	"other statements are still checked. When even the scanner fails (an\n"
	"unterminated quote or comment), nothing in the file is checked, and the\n"
	"finding says so: a file that cannot be parsed is never a silent pass.\n"
	"\n"
	"Common causes: a typo; syntax newer than the parser's PostgreSQL version;\n"
	"template placeholders such as {{ .Schema }} (see migguard.placeholder);\n"
	"a file that is not SQL at all.\n"
	"\n"
	"Safe way: fix the statement at the reported position; for newer syntax,\n"
	"suppress the finding with a reason after checking the file by hand.\n"
	"\n"
	"Bad:   ALTER TABLE users ADD COLUMN;\n"
	"Good:  ALTER TABLE users ADD COLUMN nickname text;\n",
	.check = NULL,
};
