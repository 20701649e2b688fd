/* migpath.h - which paths are migrations, and what their names say.
 *
 * Two layers:
 *  - the path filter (mg_migpath_match): is this path a migration at all;
 *  - framework naming (mg_migpath_parse): for a migration path, which
 *    framework's convention it follows, its version key, whether it is an
 *    up, down/undo, repeatable or verify step, and whether the framework
 *    expects a down/undo counterpart.  The framework is inferred per
 *    directory from the names (and, for goose and dbmate, from the
 *    annotations inside the file) unless migguard.framework sets it. */
#ifndef MG_MIGPATH_H
#define MG_MIGPATH_H

#include <stddef.h>

/* Include/exclude glob lists (fnmatch(3) patterns matched against the
 * repository-relative path, where a double star also matches across slashes).  With no
 * include globs, the default applies: *.sql under any directory named
 * migrations, migration, migrate, or sqitch's deploy. */
typedef struct mg_pathfilter {
	const char *const *include;
	size_t ninclude;
	const char *const *exclude;
	size_t nexclude;
} mg_pathfilter;

int mg_migpath_default(const char *path);
int mg_migpath_match(const mg_pathfilter *pf, const char *path);
/* Glob matching with "**" support; exported for config and tests. */
int mg_glob_match(const char *pattern, const char *path);

/* Migration files that are not SQL (Rails *.rb under db/migrate, Django
 * NNNN_*.py under migrations/, Alembic *.py under versions/): history rules
 * see them, the SQL linter does not.  Only with the default filter (no
 * include globs); exclude globs apply. */
int mg_migpath_match_history(const mg_pathfilter *pf, const char *path);

typedef enum mg_framework {
	MG_FW_AUTO = 0,       /* infer per directory (the default) */
	MG_FW_PLAIN,          /* NNN_name.sql: a version prefix and nothing else */
	MG_FW_GOLANG_MIGRATE, /* NNN_name.up.sql / .down.sql (also pop/popx dialect infixes) */
	MG_FW_GOOSE,          /* NNN_name.sql holding -- +goose Up / Down */
	MG_FW_DBMATE,         /* NNN_name.sql holding -- migrate:up / down */
	MG_FW_FLYWAY,         /* V<ver>__name.sql, U<ver>__ undo, R__ repeatable */
	MG_FW_DIESEL,         /* <ts>_name/up.sql and down.sql */
	MG_FW_PRISMA,         /* <ts>_name/migration.sql */
	MG_FW_SQITCH,         /* deploy/ revert/ verify/ (order from sqitch.plan) */
	MG_FW_RAILS,          /* db/migrate/<ts>_name.rb */
	MG_FW_DJANGO,         /* <app>/migrations/NNNN_name.py */
	MG_FW_ALEMBIC,        /* versions/<rev>_name.py (order from revision ids) */
	MG_FW_UNKNOWN         /* no convention recognised */
} mg_framework;

/* "golang-migrate", "goose", ... as accepted by migguard.framework. */
const char *mg_framework_name(mg_framework fw);
/* Returns 0 and sets *out, or -1 for an unknown name ("auto" is MG_FW_AUTO). */
int mg_framework_parse(const char *name, mg_framework *out);

typedef enum mg_migkind {
	MG_MIG_INVALID = 0,   /* does not follow the framework's naming */
	MG_MIG_UP,            /* forward step (goose/dbmate: the file holding up and down) */
	MG_MIG_DOWN,          /* golang-migrate .down, Diesel down.sql, sqitch revert, Flyway U */
	MG_MIG_REPEATABLE,    /* Flyway R__: re-applied whenever it changes */
	MG_MIG_VERIFY,        /* sqitch verify */
	MG_MIG_OTHER          /* framework file that is no step (Django __init__.py) */
} mg_migkind;

/* What a migration path says.  version and name point into the parsed path. */
typedef struct mg_migfile {
	mg_framework framework;
	mg_migkind kind;
	size_t set_len;         /* path[0..set_len) is the migration set directory */
	const char *version;    /* version key, NULL when the framework has none */
	size_t version_len;
	const char *name;       /* identity within the set (without up/down, dialect) */
	size_t name_len;
	int expects_down;       /* the framework always pairs this step with a down */
	int ordered;            /* versions order the steps (not sqitch, alembic, R__) */
} mg_migfile;

/* Parses path under framework fw (MG_FW_AUTO: guess from the name alone;
 * goose and dbmate then come out as MG_FW_PLAIN).  Returns the kind; a path
 * that does not follow fw's naming gives MG_MIG_INVALID with framework = fw
 * and set_len = the directory part. */
mg_migkind mg_migpath_parse(const char *path, mg_framework fw, mg_migfile *out);

/* Framework named by a file's content: MG_FW_GOOSE (a "-- +goose Up"
 * line), MG_FW_DBMATE ("-- migrate:up"), else MG_FW_AUTO. */
mg_framework mg_migpath_sniff(const char *data, size_t len);

/* Per-directory framework inference.  Every path of a tree (and, where the
 * content is at hand, what mg_migpath_sniff() says of it) votes for the
 * framework its name suggests in its migration set directory; a directory's
 * framework is the most voted specific one, else plain.  With a fixed
 * framework (migguard.framework) every directory has it. */
typedef struct mg_fwdir {
	char *dir;
	size_t len;             /* strlen(dir) */
	unsigned votes[MG_FW_UNKNOWN + 1];
} mg_fwdir;

typedef struct mg_fwmap {
	mg_framework fixed;
	mg_fwdir *dirs;
	size_t ndirs, cap;
} mg_fwmap;

void mg_fwmap_init(mg_fwmap *m, mg_framework fixed);
void mg_fwmap_free(mg_fwmap *m);
/* sniffed: mg_migpath_sniff() of the content, or MG_FW_AUTO. */
void mg_fwmap_add(mg_fwmap *m, const char *path, mg_framework sniffed);
/* The framework of the directory path lies in. */
mg_framework mg_fwmap_get(const mg_fwmap *m, const char *path);
/* mg_migpath_parse() under mg_fwmap_get(). */
mg_migkind mg_fwmap_parse(const mg_fwmap *m, const char *path, mg_migfile *out);
/* mg_fwmap_add() that also gives back what it computed for path: the
 * framework its name suggests (returned) and *f, path parsed under it.
 * mg_fwmap_parse_guessed() takes both, so a caller that adds every path of
 * a tree and then parses each guesses and parses a path once where the
 * directory's framework is the guessed one (history rules: 10,000 paths). */
mg_framework mg_fwmap_add_guessed(mg_fwmap *m, const char *path, mg_framework sniffed,
				  mg_migfile *f);
/* mg_fwmap_parse(path) given mg_fwmap_add_guessed()'s g and f for the same
 * path string (f's pointers point into it); out may be f. */
mg_migkind mg_fwmap_parse_guessed(const mg_fwmap *m, const char *path, mg_framework g,
				  const mg_migfile *f, mg_migfile *out);

/* Compares version keys: digit runs numerically (leading zeros ignored),
 * other characters as separators, so 2 < 10, 1.2 < 1.10 and
 * 2023-12-22-040137 < 2026-03-08-202630-0000.  Returns <0, 0, >0. */
int mg_migversion_cmp(const char *a, size_t alen, const char *b, size_t blen);

/* Sections of a goose or dbmate file holding up and down in one file. */
typedef enum mg_section_kind {
	MG_SECTION_NONE = 0,  /* before the first annotation (header comments) */
	MG_SECTION_UP,
	MG_SECTION_DOWN
} mg_section_kind;

typedef struct mg_section {
	mg_section_kind kind;
	size_t start, end;    /* file offsets [start, end): from the annotation line on */
} mg_section;

/* Splits data on goose (-- +goose Up/Down) or dbmate (-- migrate:up/down)
 * annotation lines.  Writes up to cap sections in file order and returns
 * how many there are (0: no annotation, the whole file is one up step). */
size_t mg_migpath_sections(const char *data, size_t len, mg_section *out, size_t cap);

/* A copy of data (NUL-terminated, same length) where every byte outside the
 * sections of kind keep is blanked to a space (newlines kept), so offsets,
 * lines and columns stay those of the file.  The text before the first
 * annotation is kept in both (file-wide comments such as
 * "-- +goose NO TRANSACTION").  With no annotation the copy is the whole
 * file for MG_SECTION_UP and all blanks for MG_SECTION_DOWN.
 * *found says whether any section of kind keep exists. */
char *mg_migpath_section_text(const char *data, size_t len, mg_section_kind keep, int *found);

/* Orders cs->files in migration order: by migration directory, then
 * version (as numbers), up before down, then path; files of one position
 * keep their order.  The SQL linter then sees a table created by an earlier
 * new migration as new in a later one (9_create.sql before 10_index.sql).
 * The git sources call it (in mg_git_base_paths()). */
struct mg_changeset;
void mg_migpath_order_changes(struct mg_changeset *cs, mg_framework fw);

#endif
