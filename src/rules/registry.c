/* registry.c - every parse-tree rule migguard knows, in `migguard rules` order.
 * Adding a rule: write src/rules/<rule-id>.c, declare it here, list it below,
 * add it to src/rules/rules.am and give it fixtures in tests/fixtures/sql/. */
#include "config.h"
#include "rule.h"

#include <string.h>

extern const mg_rule mg_rule_adding_field_with_default;
extern const mg_rule mg_rule_adding_required_field;
extern const mg_rule mg_rule_ban_drop_column;
extern const mg_rule mg_rule_ban_drop_table;
extern const mg_rule mg_rule_require_concurrent_index_creation;
extern const mg_rule mg_rule_syntax_error;
/* issue 5: commit rules (src/commitrules.c; .check = NULL) */
extern const mg_rule mg_rule_ai_review_missing;
extern const mg_rule mg_rule_review_trailer_self;
/* issue 6: history rules (src/history.c; .check = NULL, tested by tests/e2e/history.sh) */
extern const mg_rule mg_rule_migration_edited;
extern const mg_rule mg_rule_migration_deleted;
extern const mg_rule mg_rule_migration_renamed;
extern const mg_rule mg_rule_migration_out_of_order;
extern const mg_rule mg_rule_migration_duplicate_version;
extern const mg_rule mg_rule_migration_missing_down;
extern const mg_rule mg_rule_irreversible_migration;
extern const mg_rule mg_rule_migration_name_invalid;
/* issue 7: inline suppressions (src/suppress.c; .check = NULL) */
extern const mg_rule mg_rule_suppression_without_reason;
extern const mg_rule mg_rule_unused_ignore;
/* issue 3: lock, rewrite and data-safety rules */
/* issue 3: schema style rules */
extern const mg_rule mg_rule_ban_char_field;
extern const mg_rule mg_rule_ban_duplicate_column_assignments;
extern const mg_rule mg_rule_identifier_too_long;
extern const mg_rule mg_rule_prefer_bigint_over_int;
extern const mg_rule mg_rule_prefer_bigint_over_smallint;
extern const mg_rule mg_rule_prefer_identity;
extern const mg_rule mg_rule_prefer_jsonb;
extern const mg_rule mg_rule_prefer_robust_stmts;
extern const mg_rule mg_rule_prefer_text_field;
extern const mg_rule mg_rule_prefer_timestamptz;
extern const mg_rule mg_rule_require_enum_value_ordering;
extern const mg_rule mg_rule_require_table_schema;

const mg_rule *const mg_rules[] = {
	&mg_rule_adding_field_with_default,
	&mg_rule_adding_required_field,
	&mg_rule_ban_drop_column,
	&mg_rule_ban_drop_table,
	&mg_rule_require_concurrent_index_creation,
	&mg_rule_syntax_error,
	/* issue 5: commit rules */
	&mg_rule_ai_review_missing,
	&mg_rule_review_trailer_self,
	/* issue 6: history rules */
	&mg_rule_migration_edited,
	&mg_rule_migration_deleted,
	&mg_rule_migration_renamed,
	&mg_rule_migration_out_of_order,
	&mg_rule_migration_duplicate_version,
	&mg_rule_migration_missing_down,
	&mg_rule_irreversible_migration,
	&mg_rule_migration_name_invalid,
	/* issue 7: inline suppressions */
	&mg_rule_suppression_without_reason,
	&mg_rule_unused_ignore,
	/* issue 3: lock, rewrite and data-safety rules */
	/* issue 3: schema style rules */
	&mg_rule_ban_char_field,
	&mg_rule_ban_duplicate_column_assignments,
	&mg_rule_identifier_too_long,
	&mg_rule_prefer_bigint_over_int,
	&mg_rule_prefer_bigint_over_smallint,
	&mg_rule_prefer_identity,
	&mg_rule_prefer_jsonb,
	&mg_rule_prefer_robust_stmts,
	&mg_rule_prefer_text_field,
	&mg_rule_prefer_timestamptz,
	&mg_rule_require_enum_value_ordering,
	&mg_rule_require_table_schema,
};

const size_t mg_nrules = sizeof(mg_rules) / sizeof(mg_rules[0]);

const mg_rule *mg_rule_find(const char *id)
{
	size_t i;

	for (i = 0; i < mg_nrules; i++)
		if (!strcmp(mg_rules[i]->id, id))
			return mg_rules[i];
	return NULL;
}
