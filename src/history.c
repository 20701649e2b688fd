/* history.c - git-aware rules (issue 6): what a linter that sees one file
 * cannot check.  See history.h. */
#include "config.h"
#include "history.h"
#include "rules/rule.h"
#include "rules/rulelib.h"
#include "sql.h"
#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the rules (registered in src/rules/registry.c) ------------------- */

#define HIST_RULE(var, rid, sev, sum, text) \
	const mg_rule var = { .id = rid, .severity = sev, .summary = sum, .doc = text, .check = NULL }

HIST_RULE(mg_rule_migration_edited, "migration-edited", MG_SEV_ERROR,
	  "a migration that already exists on the base branch was modified",
	  "A migration on the base branch has probably run in production and in\n"
	  "every developer's database. Editing it changes nothing where it already\n"
	  "ran, so environments silently diverge; some runners (Flyway, golang-migrate\n"
	  "with checksums, sqitch) refuse to continue.\n"
	  "\n"
	  "An edit that only touches comments, whitespace or keyword case is reported\n"
	  "as a warning. Flyway repeatable migrations (R__*.sql) are exempt: they\n"
	  "are meant to be edited. A sqitch change reworked with `sqitch rework`\n"
	  "(a new deploy/<name>@<tag>.sql beside it) is exempt too.\n"
	  "\n"
	  "The base is the merge base for `check --range A..B`, HEAD for `--staged`,\n"
	  "the old tip of the branch for pre-receive. With migguard.shippedRef (ref\n"
	  "name globs such as refs/tags/v*), only a migration found in a matching ref\n"
	  "(shipped in a release) is an error; edits, renames and deletions of\n"
	  "migrations not shipped yet are warnings (also for migration-deleted and\n"
	  "migration-renamed).\n"
	  "\n"
	  "Safe way: revert the edit and write a new migration that makes the change.\n"
	  "\n"
	  "Bad:   editing db/migrations/0003_add_users.up.sql after it was merged\n"
	  "Good:  adding db/migrations/0007_alter_users.up.sql\n");

HIST_RULE(mg_rule_migration_deleted, "migration-deleted", MG_SEV_ERROR,
	  "a migration that exists on the base branch was deleted",
	  "Deleting a migration does not undo it where it ran: those databases keep\n"
	  "its changes while new ones never get them, and runners that verify the\n"
	  "applied history (Flyway validate, sqitch, Django) fail on a migration that\n"
	  "is recorded as applied but no longer exists.\n"
	  "\n"
	  "Safe way: keep the file; undo its effect with a new migration. To squash\n"
	  "history, use the framework's squash feature and keep the old versions\n"
	  "recorded.\n"
	  "\n"
	  "Bad:   git rm db/migrations/0003_add_users.up.sql\n"
	  "Good:  db/migrations/0007_drop_users_column.up.sql undoing it\n");

HIST_RULE(mg_rule_migration_renamed, "migration-renamed", MG_SEV_ERROR,
	  "a migration on the base branch was renamed (its version or name changed)",
	  "Runners record applied migrations by version (and often name). A renamed\n"
	  "migration looks new where the old name ran, so it runs twice, and the old\n"
	  "entry looks missing. Renaming to reorder is a common way to hide a\n"
	  "sequencing problem.\n"
	  "\n"
	  "Moving a file to another directory with the same file name (the same\n"
	  "version and name) is allowed.\n"
	  "\n"
	  "Safe way: keep the name; add a new migration for later changes.\n"
	  "\n"
	  "Bad:   0003_add_users.sql -> 0009_add_users.sql\n"
	  "Good:  db/migrations/0003_add_users.sql -> db/postgres/migrations/0003_add_users.sql\n");

HIST_RULE(mg_rule_migration_out_of_order, "migration-out-of-order", MG_SEV_ERROR,
	  "a new migration's version sorts before the newest version already on the base",
	  "Where the newer migration already ran, a migration with an older version\n"
	  "either never runs (golang-migrate, Flyway by default, Diesel with a version\n"
	  "table check) or runs out of order, after changes it did not expect. This\n"
	  "happens when a branch was started before another branch's migration was\n"
	  "merged.\n"
	  "\n"
	  "The newest version on the base is taken per migration directory; versions\n"
	  "compare as numbers (leading zeros ignored, 1.2 < 1.10). Unordered\n"
	  "frameworks (sqitch, Alembic, Flyway repeatables) are exempt.\n"
	  "\n"
	  "Safe way: rebase and renumber the new migration after the newest one on\n"
	  "the base branch.\n"
	  "\n"
	  "Bad:   base has 20240301_b.sql; the branch adds 20240215_a.sql\n"
	  "Good:  the branch adds 20240305_a.sql\n");

HIST_RULE(mg_rule_migration_duplicate_version, "migration-duplicate-version", MG_SEV_ERROR,
	  "two migrations in the resulting tree share a version",
	  "Two migrations with the same version in one directory make the runner\n"
	  "fail (golang-migrate, Flyway) or apply only one of them (the version table\n"
	  "records the version once). Typical after two branches picked the next\n"
	  "number independently. Versions compare as numbers: 001 and 1 are the same.\n"
	  "Only duplicates involving a file this change adds are reported; up and\n"
	  "down files of one migration, and one migration's dialect variants\n"
	  "(name.postgres.up.sql, name.up.sql), are not duplicates.\n"
	  "\n"
	  "Safe way: renumber the new migration after the newest one.\n"
	  "\n"
	  "Bad:   0007_add_index.up.sql and 0007_add_column.up.sql\n"
	  "Good:  0007_add_index.up.sql and 0008_add_column.up.sql\n");

HIST_RULE(mg_rule_migration_missing_down, "migration-missing-down", MG_SEV_WARNING,
	  "the framework expects a down/undo step and the new migration has none",
	  "Without a down step a bad deploy cannot be rolled back with the migration\n"
	  "tool. Expected: Diesel down.sql beside up.sql; a sqitch revert/ script for\n"
	  "every deploy/ script; a -- +goose Down or -- migrate:down section in goose\n"
	  "and dbmate files; a .down.sql (golang-migrate) or U<version>__ undo\n"
	  "(Flyway) file when the directory already uses them.\n"
	  "\n"
	  "Safe way: write the down step (it may be a no-op with a comment saying why\n"
	  "when nothing needs undoing).\n"
	  "\n"
	  "Bad:   0007_add_index.up.sql alone in a directory of up/down pairs\n"
	  "Good:  0007_add_index.up.sql and 0007_add_index.down.sql\n");

HIST_RULE(mg_rule_irreversible_migration, "irreversible-migration", MG_SEV_WARNING,
	  "up destroys data (DROP TABLE, DROP COLUMN, TRUNCATE) and down cannot restore it",
	  "A down step that is empty or only raises an error while the up step drops\n"
	  "a table or a column, or truncates one, gives a rollback that cannot\n"
	  "restore what up destroyed: rolling back looks possible but is not.\n"
	  "\n"
	  "Checked for new migrations whose down step is in the change: Diesel\n"
	  "down.sql, golang-migrate .down.sql, Flyway U files, sqitch revert/, and\n"
	  "goose/dbmate down sections.\n"
	  "\n"
	  "Safe way: make the destructive step its own later migration, after a\n"
	  "backup; let its down recreate the structure and say in a comment how the\n"
	  "data is restored.\n"
	  "\n"
	  "Bad:   up: ALTER TABLE users DROP COLUMN email;  down: (empty)\n"
	  "Good:  down: ALTER TABLE users ADD COLUMN email text;  -- restore from backup\n");

HIST_RULE(mg_rule_migration_name_invalid, "migration-name-invalid", MG_SEV_WARNING,
	  "a new file in a migration directory does not follow the framework's naming",
	  "Migration runners pick files by name. A file that does not follow the\n"
	  "directory's convention is silently ignored: the change never runs. The\n"
	  "framework is inferred per directory from the other files' names (and goose\n"
	  "or dbmate annotations), or set with migguard.framework.\n"
	  "\n"
	  "Safe way: rename the file to the framework's pattern, e.g.\n"
	  "  golang-migrate  <version>_<name>.up.sql and .down.sql\n"
	  "  goose, dbmate   <version>_<name>.sql\n"
	  "  Flyway          V<version>__<name>.sql, U<version>__<name>.sql, R__<name>.sql\n"
	  "  Diesel          <version>_<name>/up.sql and down.sql\n"
	  "  Prisma          <timestamp>_<name>/migration.sql\n"
	  "\n"
	  "Bad:   db/migrations/add_users.sql among 0001_init.up.sql, ...\n"
	  "Good:  db/migrations/0002_add_users.up.sql\n");

static const char *const history_ids[] = {
	"migration-edited", "migration-deleted", "migration-renamed",
	"migration-out-of-order", "migration-duplicate-version",
	"migration-missing-down", "irreversible-migration", "migration-name-invalid",
};

int mg_history_rule(const char *id)
{
	size_t i;

	for (i = 0; i < MG_ARRAY_SIZE(history_ids); i++)
		if (!strcmp(history_ids[i], id))
			return 1;
	return 0;
}

/* ---- comment- and whitespace-insensitive comparison ------------------- */

static int is_word(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* Code of a SQL text without comments, with whitespace kept only between
 * two word characters, keywords and unquoted names folded to lower case;
 * literals, quoted names and annotations kept as they are. */
static char *sql_code(const char *s, size_t n)
{
	mg_buf b = MG_BUF_INIT;
	size_t i = 0;
	int space = 0;

	mg_buf_grow(&b, n + 1);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '-' && i + 1 < n && s[i + 1] == '-') {
			const char *eol = memchr(s + i, '\n', n - i);
			size_t e = eol ? (size_t)(eol - s) : n;
			size_t k = i + 2;
			while (k < e && (s[k] == ' ' || s[k] == '\t'))
				k++;
			if ((e - k >= 6 && !strncasecmp(s + k, "+goose", 6)) ||
			    (e - k >= 8 && !strncmp(s + k, "migrate:", 8))) {
				while (e > k && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
					e--;
				mg_buf_putc(&b, '\n');
				mg_buf_put(&b, s + i, e - i);
				mg_buf_putc(&b, '\n');
			}
			space = 1;
			i = eol ? (size_t)(eol - s) : n;
			continue;
		}
		if (c == '/' && i + 1 < n && s[i + 1] == '*') {
			int depth = 1;
			i += 2;
			while (i < n && depth > 0) {
				if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
					depth++;
					i += 2;
				} else if (s[i] == '*' && i + 1 < n && s[i + 1] == '/') {
					depth--;
					i += 2;
				} else {
					i++;
				}
			}
			space = 1;
			continue;
		}
		if (isspace(c)) {
			space = 1;
			i++;
			continue;
		}
		if (space && b.len > 0 && is_word((unsigned char)b.ptr[b.len - 1]) && is_word(c))
			mg_buf_putc(&b, ' ');
		space = 0;
		if (c == '\'' || c == '"') {
			int esc = c == '\'' && i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e');
			size_t j = i + 1;
			while (j < n) {
				if (esc && s[j] == '\\' && j + 1 < n) {
					j += 2;
					continue;
				}
				if (s[j] == (char)c) {
					if (j + 1 < n && s[j + 1] == (char)c) {
						j += 2;
						continue;
					}
					break;
				}
				j++;
			}
			j = j < n ? j + 1 : n;
			mg_buf_put(&b, s + i, j - i);
			i = j;
			continue;
		}
		if (c == '$' && (b.len == 0 || !is_word((unsigned char)b.ptr[b.len - 1]))) {
			/* dollar quote $tag$ ... $tag$ */
			size_t j = i + 1;
			while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
				j++;
			if (j < n && s[j] == '$' && !(j > i + 1 && isdigit((unsigned char)s[i + 1]))) {
				size_t taglen = j + 1 - i;
				const char *end = memmem(s + j + 1, n - j - 1, s + i, taglen);
				size_t stop = end ? (size_t)(end - s) + taglen : n;
				mg_buf_put(&b, s + i, stop - i);
				i = stop;
				continue;
			}
		}
		mg_buf_putc(&b, (char)tolower(c));
		i++;
	}
	mg_buf_grow(&b, 0);
	b.ptr[b.len] = '\0';
	return mg_buf_detach(&b);
}

int mg_sql_same_code(const char *a, size_t alen, const char *b, size_t blen)
{
	char *ca = sql_code(a, alen), *cb = sql_code(b, blen);
	int same = !strcmp(ca, cb);

	free(ca);
	free(cb);
	return same;
}

/* Code of a Ruby or Python migration: lines that are only a "#" comment
 * dropped, whitespace runs collapsed (the first of a line kept as one
 * space, so a re-indentation is still "the same"). */
static char *script_code(const char *s, size_t n)
{
	mg_buf b = MG_BUF_INIT;
	size_t i = 0;

	mg_buf_grow(&b, n + 1);
	while (i < n) {
		const char *eol = memchr(s + i, '\n', n - i);
		size_t e = eol ? (size_t)(eol - s) : n, k = i;
		int space = 0;
		while (k < e && isspace((unsigned char)s[k]))
			k++;
		if (k < e && s[k] != '#') {
			for (; k < e; k++) {
				if (isspace((unsigned char)s[k])) {
					space = 1;
					continue;
				}
				if (space)
					mg_buf_putc(&b, ' ');
				space = 0;
				mg_buf_putc(&b, s[k]);
			}
			mg_buf_putc(&b, '\n');
		}
		i = e + 1;
	}
	mg_buf_grow(&b, 0);
	b.ptr[b.len] = '\0';
	return mg_buf_detach(&b);
}

static int same_script_code(const char *a, size_t alen, const char *b, size_t blen)
{
	char *ca = script_code(a, alen), *cb = script_code(b, blen);
	int same = !strcmp(ca, cb);

	free(ca);
	free(cb);
	return same;
}

/* First line (1-based) of new that differs from old, and its length. */
static int first_changed_line(const char *o, size_t olen, const char *n, size_t nlen,
			      int *linelen)
{
	size_t i = 0, ls = 0;
	int line = 1;

	while (i < olen && i < nlen && o[i] == n[i]) {
		if (n[i] == '\n') {
			line++;
			ls = i + 1;
		}
		i++;
	}
	if (ls >= nlen && line > 1) {
		/* only lines removed at the end: anchor the last line of new */
		line--;
		ls = nlen - 1;
		while (ls > 0 && n[ls - 1] != '\n')
			ls--;
	}
	{
		const char *eol = ls < nlen ? memchr(n + ls, '\n', nlen - ls) : NULL;
		size_t e = eol ? (size_t)(eol - n) : nlen;
		if (e > ls && n[e - 1] == '\r')
			e--;
		*linelen = (int)(e > ls ? e - ls : 0);
	}
	return line;
}

/* ---- the migrations of both trees ------------------------------------- */

typedef enum { CH_NONE = 0, CH_ADDED, CH_MODIFIED, CH_DELETED, CH_RENAMED } ch_kind;

typedef struct hentry {
	const char *path;
	const char *oid;            /* result oid (base oid for deletions) */
	const char *old_path;       /* renames */
	const mg_file_change *fc;   /* change set entry with content, or NULL */
	ch_kind change;
	int changed;                /* renames: the content changed too */
	mg_migfile m;
	mg_migkind kind;
} hentry;

typedef struct hctx {
	const mg_lint_opts *lo;
	const mg_changeset *cs;
	mg_result *out;
	mg_fwmap fw;
	hentry *bc, *rc;            /* cs->base and cs->result, classified */
	const hentry **bs, **rs;    /* the same, by set, kind and version (key_cmp) */
	const mg_file_change **idx; /* cs files with new content, by path */
	size_t nidx;
} hctx;

static int cmp_change(const void *a, const void *b)
{
	return strcmp((*(const mg_file_change *const *)a)->path,
		      (*(const mg_file_change *const *)b)->path);
}

static void index_changes(hctx *h)
{
	size_t i;

	h->idx = mg_xcalloc(h->cs->nfiles + 1, sizeof(*h->idx));
	for (i = 0; i < h->cs->nfiles; i++)
		if (h->cs->files[i].status != MG_DELETED)
			h->idx[h->nidx++] = &h->cs->files[i];
	if (h->nidx > 1)
		qsort(h->idx, h->nidx, sizeof(*h->idx), cmp_change);
}

/* The change set's entry with the new content of path, or NULL. */
static const mg_file_change *change_for(const hctx *h, const char *path)
{
	mg_file_change key;
	const mg_file_change *kp = &key, *const *r;

	if (!h->nidx)
		return NULL;
	key.path = (char *)path;
	r = bsearch(&kp, h->idx, h->nidx, sizeof(*h->idx), cmp_change);
	return r ? *r : NULL;
}

static const mg_file_change *deletion_for(const mg_changeset *cs, const char *path)
{
	size_t i;

	for (i = 0; i < cs->nfiles; i++)
		if (cs->files[i].status == MG_DELETED && !strcmp(cs->files[i].path, path))
			return &cs->files[i];
	return NULL;
}

static void report(hctx *h, const char *rule, mg_severity def, int cap_warning,
		   const char *path, const mg_file_change *fc, int line, int col,
		   int end_col, const char *help, const char *fmt, ...)
	__attribute__((format(printf, 11, 12)));

static void report(hctx *h, const char *rule, mg_severity def, int cap_warning,
		   const char *path, const mg_file_change *fc, int line, int col,
		   int end_col, const char *help, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	mg_severity sev = mg_lint_severity(h->lo, rule, def);

	if (sev == MG_SEV_OFF)
		return;
	if (cap_warning && sev > MG_SEV_WARNING)
		sev = MG_SEV_WARNING;
	va_start(ap, fmt);
	msg = mg_xvasprintf(fmt, ap);
	va_end(ap);
	mg_result_add(h->out, rule, sev, path, line, col, line, end_col, msg, help,
		      fc ? fc->commit : NULL);
	free(msg);
}

/* With migguard.shippedRef: non-zero when the base path is in a shipped
 * ref (probably applied in production).  Without: every base path counts. */
static int shipped(const hctx *h, const char *base_path)
{
	return !h->cs->has_shipped || mg_pathlist_find(&h->cs->shipped, base_path) != NULL;
}

#define NOT_SHIPPED " (it is in no ref matching migguard.shippedRef, so it has probably not run in production yet)"

static int same_set(const char *a, const mg_migfile *ma, const char *b, const mg_migfile *mb)
{
	return ma->set_len == mb->set_len && !memcmp(a, b, ma->set_len);
}

static int same_name(const mg_migfile *a, const mg_migfile *b)
{
	return a->name_len == b->name_len && !memcmp(a->name, b->name, a->name_len);
}

static int same_version(const mg_migfile *a, const mg_migfile *b)
{
	if (!a->version || !b->version)
		return !a->version && !b->version;
	return mg_migversion_cmp(a->version, a->version_len, b->version, b->version_len) == 0;
}

/* A file the rules treat as a migration step: it follows the naming of a
 * recognised framework, or no framework was recognised at all (the path
 * filter still says it is a migration). */
static int is_step(const hentry *e)
{
	if (e->kind == MG_MIG_OTHER)
		return 0;
	if (e->kind == MG_MIG_INVALID)
		return e->m.framework == MG_FW_UNKNOWN;
	return 1;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* sqitch rework: a new deploy/<name>@<tag>.sql beside an edited deploy/<name>.sql */
static int sqitch_reworked(const hctx *h, const hentry *es, size_t n, const hentry *e)
{
	size_t i, stem = strlen(e->path) - 4;

	(void)h;
	if (e->m.framework != MG_FW_SQITCH)
		return 0;
	for (i = 0; i < n; i++)
		if (es[i].change == CH_ADDED && !strncmp(es[i].path, e->path, stem) &&
		    es[i].path[stem] == '@')
			return 1;
	return 0;
}

static void check_edited(hctx *h, const hentry *es, size_t n, const hentry *e)
{
	const mg_file_change *fc = e->fc;
	int line = 1, linelen = 0;
	int ship = shipped(h, e->old_path ? e->old_path : e->path);

	if (!is_step(e) || e->kind == MG_MIG_REPEATABLE || sqitch_reworked(h, es, n, e))
		return;
	if (fc && e->change == CH_RENAMED &&
	    (!fc->old_path || !e->old_path || strcmp(fc->old_path, e->old_path)))
		fc = NULL; /* git paired other files: no old content at hand */
	if (fc && fc->data && fc->old_data) {
		line = first_changed_line(fc->old_data, fc->old_len, fc->data, fc->len, &linelen);
		int script = e->m.framework == MG_FW_RAILS || e->m.framework == MG_FW_DJANGO ||
			     e->m.framework == MG_FW_ALEMBIC;
		if (script ? same_script_code(fc->old_data, fc->old_len, fc->data, fc->len)
			   : mg_sql_same_code(fc->old_data, fc->old_len, fc->data, fc->len)) {
			report(h, "migration-edited", MG_SEV_WARNING, 1, e->path, fc, line, 1,
			       linelen + 1,
			       "if the rewrite is on purpose (reformatting), suppress this warning",
			       "migration already on the base branch was edited (comments or "
			       "whitespace only: the code it runs is unchanged)");
			return;
		}
	}
	report(h, "migration-edited", MG_SEV_ERROR, !ship, e->path, fc, line, 1, linelen + 1,
	       "revert the edit and put the change into a new migration",
	       "migration already on the base branch was edited: where it already ran "
	       "the change never happens, so databases diverge%s", ship ? "" : NOT_SHIPPED);
}

static void check_renamed(hctx *h, const hentry *es, size_t n, const hentry *e)
{
	mg_migfile om;
	mg_migkind ok = mg_fwmap_parse(&h->fw, e->old_path, &om);
	/* only the directory moved: the same migration identity (for Diesel and
	 * Prisma the step directory's name, not the file's) or, for files no
	 * convention names, the same file name */
	int moved_only = ok != MG_MIG_INVALID && e->kind != MG_MIG_INVALID
			 ? om.framework == e->m.framework && same_version(&om, &e->m) &&
			   same_name(&om, &e->m)
			 : !strcmp(base_name(e->old_path), base_name(e->path));

	if (!moved_only) {
		int ship = shipped(h, e->old_path);
		report(h, "migration-renamed", MG_SEV_ERROR, !ship, e->path, e->fc, 1, 1, 1,
		       "keep the old name; add a new migration for later changes",
		       "migration renamed from '%s': where it ran under the old name it "
		       "looks new and runs again, and the old one looks missing%s", e->old_path,
		       ship ? "" : NOT_SHIPPED);
		return;
	}
	if (e->changed)
		check_edited(h, es, n, e);
}

static void check_deleted(hctx *h, const hentry *e)
{
	int ship = shipped(h, e->path);

	if (!is_step(e))
		return;
	report(h, "migration-deleted", MG_SEV_ERROR, !ship, e->path, e->fc, 1, 1, 1,
	       "keep the file and undo its effect with a new migration",
	       "migration on the base branch was deleted: databases where it ran keep "
	       "its changes, and runners that check the applied history fail%s",
	       ship ? "" : NOT_SHIPPED);
}

static const char *naming_of(mg_framework fw)
{
	switch (fw) {
	case MG_FW_PLAIN: return "<version>_<name>.sql";
	case MG_FW_GOLANG_MIGRATE: return "<version>_<name>.up.sql / .down.sql";
	case MG_FW_GOOSE:
	case MG_FW_DBMATE: return "<version>_<name>.sql";
	case MG_FW_FLYWAY: return "V<version>__<name>.sql, U<version>__<name>.sql or R__<name>.sql";
	case MG_FW_DIESEL: return "<version>_<name>/up.sql and down.sql";
	case MG_FW_PRISMA: return "<timestamp>_<name>/migration.sql";
	case MG_FW_SQITCH: return "deploy/, revert/ or verify/<name>.sql";
	case MG_FW_RAILS: return "<timestamp>_<name>.rb";
	case MG_FW_DJANGO: return "<number>_<name>.py";
	case MG_FW_ALEMBIC: return "<revision>_<name>.py";
	default: return "the directory's convention";
	}
}

/* Orders by migration set directory, kind, then version (none first). */
static int key_cmp3(const hentry *a, const hentry *b, int with_version)
{
	size_t n = a->m.set_len < b->m.set_len ? a->m.set_len : b->m.set_len;
	int c = memcmp(a->path, b->path, n);

	if (c)
		return c;
	if (a->m.set_len != b->m.set_len)
		return a->m.set_len < b->m.set_len ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (!with_version)
		return 0;
	if (!a->m.version || !b->m.version)
		return (a->m.version != NULL) - (b->m.version != NULL);
	return mg_migversion_cmp(a->m.version, a->m.version_len, b->m.version, b->m.version_len);
}

static int key_cmp(const void *a, const void *b)
{
	return key_cmp3(*(const hentry *const *)a, *(const hentry *const *)b, 1);
}

/* v's entries in key order, ties in v's order (qsort() of glibc is a
 * merge sort, stable, and key_path_cmp() relies on it).  A tree's paths
 * come sorted by path, which for one plain set is key order already: one
 * pass checks, and only an unsorted list is sorted. */
static const hentry **sorted_keys(hentry *v, size_t n)
{
	const hentry **s = mg_xcalloc(n + 1, sizeof(*s));
	size_t i;
	int sorted = 1;

	for (i = 0; i < n; i++) {
		s[i] = &v[i];
		if (sorted && i > 0 && key_cmp3(s[i - 1], s[i], 1) > 0)
			sorted = 0;
	}
	if (!sorted)
		qsort(s, n, sizeof(*s), key_cmp);
	return s;
}

/* key_cmp, then the path: the order a stable sort of path-ordered entries
 * by key_cmp gives. */
static int key_path_cmp(const hentry *a, const hentry *b)
{
	int c = key_cmp3(a, b, 1);

	return c ? c : strcmp(a->path, b->path);
}

/* h->rc by key, as sorted_keys() orders it, without sorting all of it:
 * the paths the result shares with the base come in h->bs's order, the
 * few others are sorted and merged in. */
static const hentry **result_keys(hctx *h, const size_t *r_in_b, const size_t *b_in_r)
{
	size_t nb = h->cs->base.n, nr = h->cs->result.n, i, k = 0, nnew = 0, a = 0, b = 0;
	const hentry **s = mg_xcalloc(nr + 1, sizeof(*s)), **fresh;

	for (i = 0; i < nr; i++)
		nnew += !r_in_b[i];
	if (nnew * 4 > nr)
		return (free(s), sorted_keys(h->rc, nr));
	fresh = mg_xcalloc(nnew + 1, sizeof(*fresh));
	for (i = 0; i < nr; i++)
		if (!r_in_b[i])
			fresh[k++] = &h->rc[i];
	if (nnew > 1)
		qsort(fresh, nnew, sizeof(*fresh), key_cmp);
	k = 0;
	for (;;) {
		const hentry *x = NULL;
		/* the next shared path in base order, as its result entry */
		while (a < nb && !b_in_r[h->bs[a] - h->bc])
			a++;
		if (a < nb)
			x = &h->rc[b_in_r[h->bs[a] - h->bc] - 1];
		if (!x && b == nnew)
			break;
		if (x && (b == nnew || key_path_cmp(x, fresh[b]) <= 0)) {
			s[k++] = x;
			a++;
		} else {
			s[k++] = fresh[b++];
		}
	}
	free(fresh);
	return s;
}

/* First index in s[0..n) not below key (set, kind[, version]). */
static size_t lower_bound(const hentry *const *s, size_t n, const hentry *key, int with_version)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (key_cmp3(s[mid], key, with_version) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The newest ordered up step of e's set on the base, or NULL. */
static const char *newest_on_base(hctx *h, const hentry *e, mg_migfile *best)
{
	hentry key = *e;
	size_t n = h->cs->base.n, i;

	/* the last entry of the (set, up) group has the highest version */
	key.kind = MG_MIG_UP + 1;
	i = lower_bound(h->bs, n, &key, 0);
	if (i == 0)
		return NULL;
	key.kind = MG_MIG_UP;
	if (key_cmp3(h->bs[i - 1], &key, 0) != 0 || !h->bs[i - 1]->m.ordered ||
	    !h->bs[i - 1]->m.version)
		return NULL;
	*best = h->bs[i - 1]->m;
	return h->bs[i - 1]->path;
}

static void check_out_of_order(hctx *h, const hentry *e)
{
	mg_migfile best;
	const char *bp;

	if (e->kind != MG_MIG_UP || !e->m.ordered || !e->m.version)
		return;
	bp = newest_on_base(h, e, &best);
	if (!bp || mg_migversion_cmp(e->m.version, e->m.version_len,
				     best.version, best.version_len) >= 0)
		return;
	report(h, "migration-out-of-order", MG_SEV_ERROR, 0, e->path, e->fc, 1, 1, 1,
	       "rebase and renumber it after the newest migration on the base branch",
	       "new migration version %.*s sorts before %.*s ('%s'), already on the base: "
	       "where that one ran, this one runs out of order or never",
	       (int)e->m.version_len, e->m.version, (int)best.version_len, best.version, bp);
}

/* Steps of the resulting tree of the same set with the given kind and the
 * same version (and name when want_same_name) as e; returns the first path. */
static const char *find_in_result(hctx *h, const hentry *e, mg_migkind kind, int want_same_name,
				  int any_version)
{
	hentry key = *e;
	size_t n = h->cs->result.n, i;

	key.kind = kind;
	for (i = lower_bound(h->rs, n, &key, !any_version); i < n; i++) {
		const hentry *r = h->rs[i];
		if (key_cmp3(r, &key, !any_version) != 0)
			break;
		if (!strcmp(r->path, e->path))
			continue;
		if (any_version)
			return r->path;
		if (!same_version(&r->m, &e->m))
			continue;
		if (want_same_name == same_name(&r->m, &e->m))
			return r->path;
	}
	return NULL;
}

static void check_duplicate(hctx *h, const hentry *e)
{
	const char *other;

	if ((e->kind != MG_MIG_UP && e->kind != MG_MIG_DOWN) || !e->m.ordered || !e->m.version)
		return;
	if (!(other = find_in_result(h, e, e->kind, 0, 0)))
		return;
	report(h, "migration-duplicate-version", MG_SEV_ERROR, 0, e->path, e->fc, 1, 1, 1,
	       "renumber the new migration after the newest one",
	       "version %.*s is also used by '%s': the runner fails or applies only one of them",
	       (int)e->m.version_len, e->m.version, other);
}

/* The down counterpart's path in the resulting tree (allocated), or NULL
 * when the framework has no separate down file. */
static char *down_path(hctx *h, const hentry *e, int *expected)
{
	size_t slen = e->m.set_len;

	*expected = 0;
	switch (e->m.framework) {
	case MG_FW_DIESEL:
		*expected = 1;
		return mg_xasprintf("%.*sdown.sql", (int)(base_name(e->path) - e->path), e->path);
	case MG_FW_SQITCH:
		*expected = 1;
		return mg_xasprintf("%.*s%srevert/%.*s.sql", (int)slen, e->path, slen ? "/" : "",
				    (int)e->m.name_len, e->m.name);
	case MG_FW_GOLANG_MIGRATE:
	case MG_FW_FLYWAY: {
		/* expected when the directory already holds down/undo files */
		const char *p = find_in_result(h, e, MG_MIG_DOWN, 1, 0);
		const char *b = base_name(e->path);
		*expected = find_in_result(h, e, MG_MIG_DOWN, 0, 1) != NULL;
		if (p)
			return mg_xstrdup(p);
		if (e->m.framework == MG_FW_FLYWAY)
			return mg_xasprintf("%.*sU%s", (int)(b - e->path), e->path, b + 1);
		return mg_xasprintf("%.*s.down.sql", (int)(strlen(e->path) - 7), e->path);
	}
	default:
		return NULL;
	}
}

/* Non-zero when an SQL text undoes nothing: no statement, or only DO blocks
 * that raise an exception / SELECTs of an error function. */
static int down_restores_nothing(const char *data, size_t len, const char **why)
{
	mg_sql sql;
	size_t i;
	int nothing = 1;

	if (mg_sql_parse(&sql, data, len) < 0 || sql.has_error) {
		mg_sql_free(&sql);
		return 0;
	}
	*why = sql.nstmts == 0 ? "is empty" : "only raises an error";
	for (i = 0; i < sql.nstmts && nothing; i++) {
		const mg_stmt *st = &sql.stmts[i];
		const PgQuery__Node *n = st->node;
		char *text = mg_xstrndup(data + st->start, st->end - st->start);
		if (n->node_case == PG_QUERY__NODE__NODE_TRANSACTION_STMT)
			;
		else if ((n->node_case == PG_QUERY__NODE__NODE_DO_STMT ||
			  n->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) &&
			 (strcasestr(text, "raise exception") || strcasestr(text, "raise sqlstate") ||
			  strcasestr(text, "irreversible")))
			;
		else
			nothing = 0;
		free(text);
	}
	mg_sql_free(&sql);
	return nothing;
}

/* Whether data[0..len) holds word (lower case) in any case. */
static int holds_ci(const char *data, size_t len, const char *word)
{
	size_t wl = strlen(word), i;

	for (i = 0; i + wl <= len; i++)
		if ((data[i] | 0x20) == word[0] && !strncasecmp(data + i, word, wl))
			return 1;
	return 0;
}

/* The first destructive statement of an up text: line and what it does. */
static int up_destroys(const char *data, size_t len, int *line, char *what, size_t wsize)
{
	mg_sql sql;
	size_t i, j;
	int found = 0, col;

	/* each destructive statement below needs the keyword DROP or TRUNCATE:
	 * without either there is nothing to parse for */
	if (!holds_ci(data, len, "drop") && !holds_ci(data, len, "truncate"))
		return 0;
	if (mg_sql_parse(&sql, data, len) < 0 || sql.has_error) {
		mg_sql_free(&sql);
		return 0;
	}
	for (i = 0; i < sql.nstmts && !found; i++) {
		const PgQuery__Node *n = sql.stmts[i].node;
		const PgQuery__AlterTableStmt *a = mg_alter_table(n);
		char rel[512];
		if (n->node_case == PG_QUERY__NODE__NODE_DROP_STMT &&
		    n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
			const PgQuery__Node *o = n->drop_stmt->n_objects ? n->drop_stmt->objects[0] : NULL;
			snprintf(rel, sizeof(rel), "?");
			if (o && o->node_case == PG_QUERY__NODE__NODE_LIST)
				mg_name_join(o->list->items, o->list->n_items, rel, sizeof(rel));
			snprintf(what, wsize, "drops table \"%s\"", rel);
			found = 1;
		} else if (n->node_case == PG_QUERY__NODE__NODE_TRUNCATE_STMT) {
			snprintf(what, wsize, "truncates a table");
			found = 1;
		} else if (a) {
			for (j = 0; j < a->n_cmds && !found; j++) {
				const PgQuery__AlterTableCmd *c = mg_alter_cmd(a, j);
				if (c && c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn) {
					snprintf(what, wsize, "drops column \"%s\" of \"%s\"",
						 c->name ? c->name : "?",
						 mg_relname(a->relation, rel, sizeof(rel)));
					found = 1;
				}
			}
		}
		if (found)
			mg_sql_position(&sql, sql.stmts[i].start, line, &col);
	}
	mg_sql_free(&sql);
	return found;
}

static void check_down(hctx *h, const hentry *e, int with_trees)
{
	const mg_file_change *fc = e->fc;
	int in_file = e->m.framework == MG_FW_GOOSE || e->m.framework == MG_FW_DBMATE;
	char *up = NULL, *down = NULL, *dpath = NULL;
	const char *down_data = NULL, *why = NULL;
	size_t down_len = 0;
	int expected = 0, has_down = 0, has_up = 0, line = 1;
	char what[600];

	if (e->kind != MG_MIG_UP)
		return;
	if (in_file) {
		if (!fc || !fc->data)
			return;
		expected = 1;
		up = mg_migpath_section_text(fc->data, fc->len, MG_SECTION_UP, &has_up);
		down = mg_migpath_section_text(fc->data, fc->len, MG_SECTION_DOWN, &has_down);
		down_data = down;
		down_len = fc->len;
	} else if (with_trees) {
		const mg_file_change *dfc;
		dpath = down_path(h, e, &expected);
		if (dpath && mg_pathlist_find(&h->cs->result, dpath)) {
			has_down = 1;
			if ((dfc = change_for(h, dpath)) != NULL && dfc->data) {
				down_data = dfc->data;
				down_len = dfc->len;
			}
		}
	}
	if (expected && !has_down) {
		if (in_file)
			report(h, "migration-missing-down", MG_SEV_WARNING, 0, e->path, fc, 1, 1, 1,
			       e->m.framework == MG_FW_GOOSE ? "add a -- +goose Down section"
							     : "add a -- migrate:down section",
			       "no down section: this %s migration cannot be rolled back",
			       mg_framework_name(e->m.framework));
		else
			report(h, "migration-missing-down", MG_SEV_WARNING, 0, e->path, fc, 1, 1, 1,
			       "write the down step (a no-op with a comment when nothing needs undoing)",
			       "no down migration%s%s%s: this migration cannot be rolled back",
			       dpath ? " ('" : "", dpath ? dpath : "", dpath ? "' is missing)" : "");
	}
	if (has_down && down_data && fc && fc->data &&
	    up_destroys(up ? up : fc->data, fc->len, &line, what, sizeof(what)) &&
	    down_restores_nothing(down_data, down_len, &why))
		report(h, "irreversible-migration", MG_SEV_WARNING, 0, e->path, fc, line, 1, 1,
		       "make the destructive step its own later migration after a backup, and "
		       "let its down recreate the structure",
		       "up %s, but the down step %s: a rollback cannot restore it", what, why);
	free(up);
	free(down);
	free(dpath);
}

static void check_added(hctx *h, const hentry *e)
{
	if (e->kind == MG_MIG_OTHER)
		return;
	if (e->kind == MG_MIG_INVALID) {
		if (e->m.framework != MG_FW_UNKNOWN)
			report(h, "migration-name-invalid", MG_SEV_WARNING, 0, e->path, e->fc, 1, 1, 1,
			       "rename it to the framework's pattern",
			       "name does not follow the %s naming of this directory (%s): the "
			       "migration runner ignores the file",
			       mg_framework_name(e->m.framework), naming_of(e->m.framework));
		return;
	}
	check_out_of_order(h, e);
	check_duplicate(h, e);
	check_down(h, e, 1);
}

static void classify(hctx *h, hentry *e)
{
	e->kind = mg_fwmap_parse(&h->fw, e->path, &e->m);
}

/* e->m: e->path parsed under g, its guessed framework
 * (mg_fwmap_add_guessed()); classified under its directory's framework */
static void classify_guessed(hctx *h, hentry *e, mg_framework g)
{
	e->kind = mg_fwmap_parse_guessed(&h->fw, e->path, g, &e->m, &e->m);
}

/* e classified as same, an entry of the same path (the parse only depends
 * on the path and the framework map): its pointers moved to e's path. */
static void classify_as(hentry *e, const hentry *same)
{
	e->kind = same->kind;
	e->m = same->m;
	if (same->m.version)
		e->m.version = e->path + (same->m.version - same->path);
	if (same->m.name)
		e->m.name = e->path + (same->m.name - same->path);
}

static void add_entry(hentry **es, size_t *n, size_t *cap, const hentry *e)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*es = mg_xrealloc(*es, *cap * sizeof(**es));
	}
	(*es)[(*n)++] = *e;
}

/* Without trees (files on disk): only the checks a file can answer alone. */
static void check_files_only(hctx *h)
{
	size_t i;

	for (i = 0; i < h->cs->nfiles; i++) {
		const mg_file_change *f = &h->cs->files[i];
		if (f->status != MG_DELETED && f->data)
			mg_fwmap_add(&h->fw, f->path, mg_migpath_sniff(f->data, f->len));
	}
	for (i = 0; i < h->cs->nfiles; i++) {
		const mg_file_change *f = &h->cs->files[i];
		hentry e;
		if (f->status == MG_DELETED || !f->data || f->kind != MG_KIND_REGULAR)
			continue;
		memset(&e, 0, sizeof(e));
		e.path = f->path;
		e.fc = f;
		e.change = CH_ADDED;
		classify(h, &e);
		if (e.m.framework == MG_FW_GOOSE || e.m.framework == MG_FW_DBMATE)
			check_down(h, &e, 0);
	}
}

void mg_history_check(const mg_lint_opts *lo, mg_framework fw,
		      const mg_changeset *cs, mg_result *out)
{
	hctx h;
	hentry *es = NULL, e;
	size_t n = 0, cap = 0, i, j, bi = 0, ri = 0;
	const mg_pathlist *B = &cs->base, *R = &cs->result;
	unsigned char *renamed_from, *renamed_to;
	size_t *b_in_r, *r_in_b;
	mg_framework *bg, *rg;     /* the paths' guessed frameworks */

	memset(&h, 0, sizeof(h));
	h.lo = lo;
	h.cs = cs;
	h.out = out;
	mg_fwmap_init(&h.fw, fw);
	if (!cs->has_trees) {
		check_files_only(&h);
		mg_fwmap_free(&h.fw);
		return;
	}

	/* base and result share most paths: one merge of the two sorted lists
	 * pairs them (b_in_r[i]: base path i is result path b_in_r[i] - 1) */
	b_in_r = mg_xcalloc(B->n + 1, sizeof(*b_in_r));
	r_in_b = mg_xcalloc(R->n + 1, sizeof(*r_in_b));
	for (i = 0, j = 0; i < B->n && j < R->n;) {
		int c = strcmp(B->v[i].path, R->v[j].path);
		if (c == 0) {
			b_in_r[i] = j + 1;
			r_in_b[j] = i + 1;
		}
		i += c <= 0;
		j += c >= 0;
	}

	/* framework per directory: every path of both trees votes; the guess
	 * and the parse under it, kept in the entries, serve classify_guessed()
	 * (a shared path: its result entry's) */
	index_changes(&h);
	h.bc = mg_xcalloc(B->n + 1, sizeof(*h.bc));
	h.rc = mg_xcalloc(R->n + 1, sizeof(*h.rc));
	bg = mg_xcalloc(B->n + 1, sizeof(*bg));
	rg = mg_xcalloc(R->n + 1, sizeof(*rg));
	for (i = 0; i < R->n; i++) {
		const mg_file_change *fc = change_for(&h, R->v[i].path);
		h.rc[i].path = R->v[i].path;
		rg[i] = mg_fwmap_add_guessed(&h.fw, R->v[i].path,
					     fc && fc->data ? mg_migpath_sniff(fc->data, fc->len)
							    : MG_FW_AUTO, &h.rc[i].m);
	}
	for (i = 0; i < B->n; i++) {
		h.bc[i].path = B->v[i].path;
		if (!b_in_r[i])
			bg[i] = mg_fwmap_add_guessed(&h.fw, B->v[i].path, MG_FW_AUTO, &h.bc[i].m);
	}

	/* renames, paired by name rather than by content (many migrations are
	 * empty or identical, so content similarity pairs unrelated files):
	 * pass 0 pairs a path with the same migration identity (framework,
	 * kind, version, name) or, for files no convention names, the same
	 * base name: the directory moved; pass 1 pairs the same kind with the
	 * same name or the same version in one set: renumbered or renamed.
	 * Other base-only paths are deletions, result-only paths additions. */
	for (j = 0; j < R->n; j++)
		classify_guessed(&h, &h.rc[j], rg[j]);
	for (i = 0; i < B->n; i++) {
		if (b_in_r[i])
			classify_as(&h.bc[i], &h.rc[b_in_r[i] - 1]);
		else
			classify_guessed(&h, &h.bc[i], bg[i]);
	}
	free(bg);
	free(rg);
	h.bs = sorted_keys(h.bc, B->n);
	h.rs = result_keys(&h, r_in_b, b_in_r);
	renamed_from = mg_xcalloc(B->n + 1, 1);
	renamed_to = mg_xcalloc(R->n + 1, 1);
	{
		/* only the paths on one side take part: bl and rl list them */
		size_t *bl = mg_xcalloc(B->n + 1, sizeof(*bl)), *rl = mg_xcalloc(R->n + 1, sizeof(*rl));
		size_t nb = 0, nr = 0, bi2, rj2;
		int pass;
		for (i = 0; i < B->n; i++)
			if (!b_in_r[i])
				bl[nb++] = i;
		for (j = 0; j < R->n; j++)
			if (!r_in_b[j])
				rl[nr++] = j;
		for (pass = 0; pass < 2; pass++)
			for (bi2 = 0; bi2 < nb; bi2++) {
				i = bl[bi2];
				if (renamed_from[i])
					continue;
				for (rj2 = 0; rj2 < nr; rj2++) {
					const hentry *x, *y;
					int valid, match;
					j = rl[rj2];
					if (renamed_to[j])
						continue;
					x = &h.bc[i];
					y = &h.rc[j];
					valid = x->kind != MG_MIG_INVALID && y->kind == x->kind &&
						x->m.framework == y->m.framework;
					if (pass == 0)
						match = valid ? same_version(&x->m, &y->m) && same_name(&x->m, &y->m)
							      : !strcmp(base_name(x->path), base_name(y->path));
					else
						match = valid && x->kind != MG_MIG_OTHER &&
							(x->m.version || x->m.name_len) &&
							((x->m.name_len && same_name(&x->m, &y->m)) ||
							 (x->m.version && same_version(&x->m, &y->m) &&
							  same_set(x->path, &x->m, y->path, &y->m)));
					if (!match)
						continue;
					renamed_from[i] = renamed_to[j] = 1;
					memset(&e, 0, sizeof(e));
					e.path = R->v[j].path;
					e.old_path = B->v[i].path;
					e.oid = R->v[j].oid;
					e.fc = change_for(&h, e.path);
					e.change = CH_RENAMED;
					e.changed = strcmp(R->v[j].oid, B->v[i].oid) != 0;
					add_entry(&es, &n, &cap, &e);
					break;
				}
			}
		free(bl);
		free(rl);
	}

	/* merge the two sorted lists: added, modified, deleted */
	while (bi < B->n || ri < R->n) {
		int c = bi == B->n ? 1 : ri == R->n ? -1 : strcmp(B->v[bi].path, R->v[ri].path);
		memset(&e, 0, sizeof(e));
		if (c < 0) {
			if (!renamed_from[bi]) {
				e.path = B->v[bi].path;
				e.oid = B->v[bi].oid;
				e.fc = deletion_for(cs, e.path);
				e.change = CH_DELETED;
			}
			bi++;
		} else if (c > 0) {
			if (!renamed_to[ri]) {
				e.path = R->v[ri].path;
				e.oid = R->v[ri].oid;
				e.fc = change_for(&h, e.path);
				e.change = CH_ADDED;
			}
			ri++;
		} else {
			if (strcmp(B->v[bi].oid, R->v[ri].oid)) {
				e.path = R->v[ri].path;
				e.oid = R->v[ri].oid;
				e.fc = change_for(&h, e.path);
				e.change = CH_MODIFIED;
			}
			bi++;
			ri++;
		}
		if (e.change != CH_NONE)
			add_entry(&es, &n, &cap, &e);
	}
	free(renamed_from);
	free(renamed_to);
	free(b_in_r);
	free(r_in_b);

	for (i = 0; i < n; i++)
		classify(&h, &es[i]);  /* same as bc/rc; es points into them by path */
	for (i = 0; i < n; i++) {
		hentry *x = &es[i];
		switch (x->change) {
		case CH_ADDED:
			check_added(&h, x);
			break;
		case CH_MODIFIED:
			check_edited(&h, es, n, x);
			break;
		case CH_DELETED:
			check_deleted(&h, x);
			break;
		case CH_RENAMED: {
			mg_migfile om;
			/* a file the runner ignored, renamed to follow the naming: new */
			if (mg_fwmap_parse(&h.fw, x->old_path, &om) == MG_MIG_INVALID &&
			    om.framework != MG_FW_UNKNOWN)
				check_added(&h, x);
			else
				check_renamed(&h, es, n, x);
			break;
		}
		default:
			break;
		}
	}
	free(es);
	free(h.bc);
	free(h.rc);
	free(h.bs);
	free(h.rs);
	free(h.idx);
	mg_fwmap_free(&h.fw);
}

