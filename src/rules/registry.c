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
extern const mg_rule mg_rule_ai_marker_unreviewed;
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
extern const mg_rule mg_rule_adding_foreign_key_constraint;
extern const mg_rule mg_rule_adding_not_nullable_field;
extern const mg_rule mg_rule_adding_serial_primary_key_field;
extern const mg_rule mg_rule_ban_alter_domain_with_add_constraint;
extern const mg_rule mg_rule_ban_concurrent_index_creation_in_transaction;
extern const mg_rule mg_rule_ban_create_domain_with_constraint;
extern const mg_rule mg_rule_ban_drop_database;
extern const mg_rule mg_rule_ban_drop_not_null;
extern const mg_rule mg_rule_ban_truncate_cascade;
extern const mg_rule mg_rule_ban_uncommitted_transaction;
extern const mg_rule mg_rule_changing_column_type;
extern const mg_rule mg_rule_constraint_missing_not_valid;
extern const mg_rule mg_rule_disallowed_unique_constraint;
extern const mg_rule mg_rule_prefer_repack;
extern const mg_rule mg_rule_renaming_column;
extern const mg_rule mg_rule_renaming_table;
extern const mg_rule mg_rule_require_concurrent_index_deletion;
extern const mg_rule mg_rule_require_concurrent_partition_detach;
extern const mg_rule mg_rule_require_concurrent_reindex;
extern const mg_rule mg_rule_require_lock_timeout;
extern const mg_rule mg_rule_require_statement_timeout;
extern const mg_rule mg_rule_transaction_nesting;
extern const mg_rule mg_rule_lock_held_across_statements;
extern const mg_rule mg_rule_table_rewrite;
extern const mg_rule mg_rule_require_concurrent_refresh;
extern const mg_rule mg_rule_ban_explicit_lock_table;
extern const mg_rule mg_rule_unbatched_data_change;
extern const mg_rule mg_rule_data_change_in_ddl_transaction;
extern const mg_rule mg_rule_ban_alter_enum_add_value_in_transaction;
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
	&mg_rule_ai_marker_unreviewed,
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
	&mg_rule_adding_foreign_key_constraint,
	&mg_rule_adding_not_nullable_field,
	&mg_rule_adding_serial_primary_key_field,
	&mg_rule_ban_alter_domain_with_add_constraint,
	&mg_rule_ban_concurrent_index_creation_in_transaction,
	&mg_rule_ban_create_domain_with_constraint,
	&mg_rule_ban_drop_database,
	&mg_rule_ban_drop_not_null,
	&mg_rule_ban_truncate_cascade,
	&mg_rule_ban_uncommitted_transaction,
	&mg_rule_changing_column_type,
	&mg_rule_constraint_missing_not_valid,
	&mg_rule_disallowed_unique_constraint,
	&mg_rule_prefer_repack,
	&mg_rule_renaming_column,
	&mg_rule_renaming_table,
	&mg_rule_require_concurrent_index_deletion,
	&mg_rule_require_concurrent_partition_detach,
	&mg_rule_require_concurrent_reindex,
	&mg_rule_require_lock_timeout,
	&mg_rule_require_statement_timeout,
	&mg_rule_transaction_nesting,
	&mg_rule_lock_held_across_statements,
	&mg_rule_table_rewrite,
	&mg_rule_require_concurrent_refresh,
	&mg_rule_ban_explicit_lock_table,
	&mg_rule_unbatched_data_change,
	&mg_rule_data_change_in_ddl_transaction,
	&mg_rule_ban_alter_enum_add_value_in_transaction,
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

	/* squawk prints prefer-timestamptz as prefer-timestamp-tz */
	if (!strcmp(id, "prefer-timestamp-tz"))
		id = "prefer-timestamptz";
	for (i = 0; i < mg_nrules; i++)
		if (!strcmp(mg_rules[i]->id, id))
			return mg_rules[i];
	return NULL;
}
