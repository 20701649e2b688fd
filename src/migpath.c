/* migpath.c - decide which paths are migration files. */
#include "config.h"
#include "migpath.h"
#include "changeset.h"
#include "util.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

static const char *const migration_dirs[] = {
	"migrations", "migration", "migrate", "deploy",
};

int mg_migpath_default(const char *path)
{
	const char *p = path, *slash;

	if (!mg_ends_with(path, ".sql"))
		return 0;
	/* any directory component (not the file name) named like a migration dir */
	while ((slash = strchr(p, '/')) != NULL) {
		size_t n = (size_t)(slash - p), i;
		for (i = 0; i < MG_ARRAY_SIZE(migration_dirs); i++)
			if (strlen(migration_dirs[i]) == n && !memcmp(p, migration_dirs[i], n))
				return 1;
		p = slash + 1;
	}
	return 0;
}

/* Wildcard match: "*" and "?" stay within one path component; "**" followed
 * by a slash matches zero or more whole directories; a trailing "**" matches
 * everything; "[...]" is a character class as in fnmatch(3). */
static int glob_at(const char *p, const char *s)
{
	const char *t;

	for (;;) {
		if (*p == '\0')
			return *s == '\0';
		if (p[0] == '*' && p[1] == '*') {
			p += 2;
			if (*p == '/') {
				p++;
				for (t = s;; t++) {
					if (glob_at(p, t))
						return 1;
					t = strchr(t, '/');
					if (!t)
						return 0;
				}
			}
			for (t = s;; t++) {
				if (glob_at(p, t))
					return 1;
				if (!*t)
					return 0;
			}
		}
		if (*p == '*') {
			p++;
			for (t = s;; t++) {
				if (glob_at(p, t))
					return 1;
				if (!*t || *t == '/')
					return 0;
			}
		}
		if (*s == '\0')
			return 0;
		if (*p == '?') {
			if (*s == '/')
				return 0;
		} else if (*p == '[' && strchr(p + 1, ']')) {
			const char *close = strchr(p + (p[1] == ']' ? 2 : 1), ']');
			char cls[256], one[2] = { *s, '\0' };
			size_t n;
			if (!close || (n = (size_t)(close - p + 1)) >= sizeof(cls) || *s == '/')
				return 0;
			memcpy(cls, p, n);
			cls[n] = '\0';
			if (fnmatch(cls, one, 0) != 0)
				return 0;
			p = close;
		} else {
			if (*p == '\\' && p[1])
				p++;
			if (*p != *s)
				return 0;
		}
		p++;
		s++;
	}
}

int mg_glob_match(const char *pattern, const char *path)
{
	return glob_at(pattern, path);
}

int mg_migpath_match(const mg_pathfilter *pf, const char *path)
{
	size_t i;
	int in = 0;

	if (!pf || pf->ninclude == 0)
		in = mg_migpath_default(path);
	else
		for (i = 0; i < pf->ninclude && !in; i++)
			in = mg_glob_match(pf->include[i], path);
	if (!in)
		return 0;
	for (i = 0; pf && i < pf->nexclude; i++)
		if (mg_glob_match(pf->exclude[i], path))
			return 0;
	return 1;
}

/* ---- framework naming ------------------------------------------------- */

static const char *const fw_names[] = {
	[MG_FW_AUTO] = "auto",
	[MG_FW_PLAIN] = "plain",
	[MG_FW_GOLANG_MIGRATE] = "golang-migrate",
	[MG_FW_GOOSE] = "goose",
	[MG_FW_DBMATE] = "dbmate",
	[MG_FW_FLYWAY] = "flyway",
	[MG_FW_DIESEL] = "diesel",
	[MG_FW_PRISMA] = "prisma",
	[MG_FW_SQITCH] = "sqitch",
	[MG_FW_RAILS] = "rails",
	[MG_FW_DJANGO] = "django",
	[MG_FW_ALEMBIC] = "alembic",
	[MG_FW_UNKNOWN] = "unknown",
};

const char *mg_framework_name(mg_framework fw)
{
	if ((size_t)fw >= MG_ARRAY_SIZE(fw_names))
		return "unknown";
	return fw_names[fw];
}

int mg_framework_parse(const char *name, mg_framework *out)
{
	size_t i;

	for (i = 0; i < MG_FW_UNKNOWN; i++)
		if (!strcasecmp(name, fw_names[i])) {
			*out = (mg_framework)i;
			return 0;
		}
	if (!strcasecmp(name, "migrate") || !strcasecmp(name, "pop")) {
		*out = MG_FW_GOLANG_MIGRATE;
		return 0;
	}
	return -1;
}

static size_t ndigits(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

static int has_suffix(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && !memcmp(s + n - k, suf, k);
}

static int comp_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && !memcmp(s, word, n);
}

/* Whether s[0..n) is one of words (NULL-terminated). */
static int comp_in(const char *s, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (comp_is(s, n, *words))
			return 1;
	return 0;
}

/* The directories of a sqitch project's scripts. */
static const char *const sqitch_dirs[] = { "deploy", "revert", "verify", NULL };

/* Splits path into directory [0, dirlen) and base name. */
static const char *base_of(const char *path, size_t *dirlen)
{
	const char *slash = strrchr(path, '/');
	*dirlen = slash ? (size_t)(slash - path) : 0;
	return slash ? slash + 1 : path;
}

static void set_ver(mg_migfile *m, const char *v, size_t vn, const char *name, size_t nn)
{
	m->version = v;
	m->version_len = vn;
	m->name = name;
	m->name_len = nn;
}

/* NNN<sep>name.sql for plain, goose and dbmate (sep '_' for the latter). */
static mg_migkind parse_numbered(const char *base, size_t n, int underscore_only, mg_migfile *m)
{
	size_t v = ndigits(base, n);

	if (!has_suffix(base, n, ".sql") || v == 0)
		return MG_MIG_INVALID;
	n -= 4;
	if (v == n) {
		if (underscore_only)
			return MG_MIG_INVALID;
		set_ver(m, base, v, base + v, 0);
	} else if (base[v] == '_' || (!underscore_only && (base[v] == '-' || base[v] == '.'))) {
		set_ver(m, base, v, base + v + 1, n - v - 1);
	} else {
		return MG_MIG_INVALID;
	}
	m->ordered = 1;
	return MG_MIG_UP;
}

static const char *const dialect_infixes[] = {
	".autocommit", ".postgres", ".postgresql", ".pg", ".cockroach", ".cockroachdb",
	".mysql", ".sqlite", ".sqlite3", ".mssql", ".sqlserver",
};

/* NNN_name[.dialect][.autocommit].up.sql / .down.sql */
static mg_migkind parse_golang_migrate(const char *base, size_t n, mg_migfile *m)
{
	size_t v = ndigits(base, n), i;
	mg_migkind k;
	int again = 1;

	if (has_suffix(base, n, ".up.sql")) {
		k = MG_MIG_UP;
		n -= 7;
	} else if (has_suffix(base, n, ".down.sql")) {
		k = MG_MIG_DOWN;
		n -= 9;
	} else {
		return MG_MIG_INVALID;
	}
	if (v == 0 || v >= n || base[v] != '_')
		return MG_MIG_INVALID;
	while (again) {
		again = 0;
		for (i = 0; i < MG_ARRAY_SIZE(dialect_infixes); i++)
			if (n > v + 1 + strlen(dialect_infixes[i]) &&
			    has_suffix(base, n, dialect_infixes[i])) {
				n -= strlen(dialect_infixes[i]);
				again = 1;
			}
	}
	set_ver(m, base, v, base + v + 1, n - v - 1);
	m->ordered = 1;
	return k;
}

/* V<ver>__name.sql, U<ver>__name.sql, R__name.sql */
static mg_migkind parse_flyway(const char *base, size_t n, mg_migfile *m)
{
	const char *sep;
	size_t i;

	if (!has_suffix(base, n, ".sql") || n < 4)
		return MG_MIG_INVALID;
	n -= 4;
	if (n > 3 && base[0] == 'R' && base[1] == '_' && base[2] == '_') {
		set_ver(m, NULL, 0, base + 3, n - 3);
		return MG_MIG_REPEATABLE;
	}
	if (base[0] != 'V' && base[0] != 'U')
		return MG_MIG_INVALID;
	sep = memmem(base + 1, n - 1, "__", 2);
	if (!sep || sep == base + 1 || base[1] < '0' || base[1] > '9')
		return MG_MIG_INVALID;
	for (i = 1; base + i < sep; i++)
		if (!((base[i] >= '0' && base[i] <= '9') || base[i] == '.' || base[i] == '_'))
			return MG_MIG_INVALID;
	set_ver(m, base + 1, (size_t)(sep - base - 1), sep + 2, n - (size_t)(sep + 2 - base));
	m->ordered = 1;
	return base[0] == 'V' ? MG_MIG_UP : MG_MIG_DOWN;
}

/* <version>_name/ directory of Diesel (digits and dashes) or Prisma (digits). */
static int parse_step_dir(const char *path, size_t dirlen, int dashes, mg_migfile *m)
{
	const char *dir = path, *slash;
	size_t i = 0, n;

	/* the last component of path[0..dirlen) */
	for (slash = path; (slash = memchr(slash, '/', dirlen - (size_t)(slash - path))) != NULL; slash++)
		dir = slash + 1;
	n = dirlen - (size_t)(dir - path);
	while (i < n && ((dir[i] >= '0' && dir[i] <= '9') || (dashes && dir[i] == '-')))
		i++;
	if (i == 0 || ndigits(dir, n) == 0 || i >= n || dir[i] != '_')
		return -1;
	set_ver(m, dir, i, dir + i + 1, n - i - 1);
	m->set_len = dir > path ? (size_t)(dir - path - 1) : 0;
	m->ordered = 1;
	return 0;
}

static mg_migkind parse_diesel(const char *path, mg_migfile *m)
{
	size_t dirlen;
	const char *base = base_of(path, &dirlen);
	mg_migkind k;

	if (!strcmp(base, "up.sql"))
		k = MG_MIG_UP;
	else if (!strcmp(base, "down.sql"))
		k = MG_MIG_DOWN;
	else
		return MG_MIG_INVALID;
	if (dirlen == 0 || parse_step_dir(path, dirlen, 1, m) < 0)
		return MG_MIG_INVALID;
	m->expects_down = 1;
	return k;
}

static mg_migkind parse_prisma(const char *path, mg_migfile *m)
{
	size_t dirlen;
	const char *base = base_of(path, &dirlen);

	if (strcmp(base, "migration.sql") || dirlen == 0 ||
	    parse_step_dir(path, dirlen, 0, m) < 0)
		return MG_MIG_INVALID;
	return MG_MIG_UP;
}

/* .../deploy|revert|verify/<name>.sql */
static mg_migkind parse_sqitch(const char *path, mg_migfile *m)
{
	const char *p = path, *slash, *comp = NULL;
	size_t comp_n = 0, n = strlen(path);
	mg_migkind k;

	while ((slash = strchr(p, '/')) != NULL) {
		size_t cn = (size_t)(slash - p);
		if (comp_in(p, cn, sqitch_dirs)) {
			comp = p;
			comp_n = cn;
		}
		p = slash + 1;
	}
	if (!comp || !has_suffix(path, n, ".sql"))
		return MG_MIG_INVALID;
	k = comp[0] == 'd' ? MG_MIG_UP : comp[0] == 'r' ? MG_MIG_DOWN : MG_MIG_VERIFY;
	m->set_len = comp > path ? (size_t)(comp - path - 1) : 0;
	set_ver(m, NULL, 0, comp + comp_n + 1, n - 4 - (size_t)(comp + comp_n + 1 - path));
	if (m->name_len == 0)
		return MG_MIG_INVALID;
	m->expects_down = k == MG_MIG_UP;
	return k;
}

/* NNN_name.<ext>: Rails (.rb), Django (.py). */
static mg_migkind parse_script(const char *base, size_t n, const char *ext, mg_migfile *m)
{
	size_t v = ndigits(base, n), e = strlen(ext);

	if (!has_suffix(base, n, ext) || v == 0 || v + 1 >= n - e || base[v] != '_')
		return MG_MIG_INVALID;
	set_ver(m, base, v, base + v + 1, n - e - v - 1);
	m->ordered = 1;
	return MG_MIG_UP;
}

static mg_migkind parse_as(const char *path, mg_framework fw, mg_migfile *m)
{
	size_t dirlen, n;
	const char *base = base_of(path, &dirlen);

	n = strlen(base);
	memset(m, 0, sizeof(*m));
	m->framework = fw;
	m->set_len = dirlen;
	switch (fw) {
	case MG_FW_PLAIN:
		return parse_numbered(base, n, 0, m);
	case MG_FW_GOOSE:
	case MG_FW_DBMATE: {
		mg_migkind k = parse_numbered(base, n, 1, m);
		if (k == MG_MIG_UP)
			m->expects_down = 1;
		return k;
	}
	case MG_FW_GOLANG_MIGRATE:
		return parse_golang_migrate(base, n, m);
	case MG_FW_FLYWAY:
		return parse_flyway(base, n, m);
	case MG_FW_DIESEL:
		return parse_diesel(path, m);
	case MG_FW_PRISMA:
		return parse_prisma(path, m);
	case MG_FW_SQITCH:
		return parse_sqitch(path, m);
	case MG_FW_RAILS:
		return parse_script(base, n, ".rb", m);
	case MG_FW_DJANGO:
		if (!has_suffix(base, n, ".py"))
			return MG_MIG_INVALID;
		if (!strcmp(base, "__init__.py"))
			return MG_MIG_OTHER;
		if (base[0] == '_' || base[0] == '~' || base[0] == '.')
			return MG_MIG_INVALID;
		if (parse_script(base, n, ".py", m) == MG_MIG_UP)
			return MG_MIG_UP;
		set_ver(m, NULL, 0, base, n - 3);
		return MG_MIG_UP;
	case MG_FW_ALEMBIC:
		if (!has_suffix(base, n, ".py"))
			return MG_MIG_INVALID;
		if (!strcmp(base, "__init__.py"))
			return MG_MIG_OTHER;
		set_ver(m, NULL, 0, base, n - 3);
		return MG_MIG_UP;
	default:
		return MG_MIG_INVALID;
	}
}

/* Name of the parent directory of the base name. */
static int parent_is(const char *path, size_t dirlen, const char *word)
{
	size_t k = strlen(word);
	return dirlen >= k && !memcmp(path + dirlen - k, word, k) &&
	       (dirlen == k || path[dirlen - k - 1] == '/');
}

/* Whether a directory of path is named one of words (NULL-terminated):
 * one pass over the path for all of them. */
static int has_component(const char *path, const char *const *words)
{
	const char *p = path, *slash;

	while ((slash = strchr(p, '/')) != NULL) {
		if (comp_in(p, (size_t)(slash - p), words))
			return 1;
		p = slash + 1;
	}
	return 0;
}

static mg_framework guess(const char *path)
{
	size_t dirlen, n;
	const char *base = base_of(path, &dirlen);
	mg_migfile m;

	n = strlen(base);
	if (has_suffix(base, n, ".sql")) {
		/* called for every path of a tree (history rules): each parser
		 * is asked only when the base name can be one of its names
		 * ("up.sql", "down.sql"; "migration.sql"; V, U or R...) */
		if (has_component(path, sqitch_dirs))
			return MG_FW_SQITCH;
		if ((n == 6 || n == 8) && parse_diesel(path, &m) != MG_MIG_INVALID)
			return MG_FW_DIESEL;
		if (n == 13 && parse_prisma(path, &m) != MG_MIG_INVALID)
			return MG_FW_PRISMA;
		if ((base[0] == 'V' || base[0] == 'U' || base[0] == 'R') &&
		    parse_flyway(base, n, &m) != MG_MIG_INVALID)
			return MG_FW_FLYWAY;
		if (parse_golang_migrate(base, n, &m) != MG_MIG_INVALID)
			return MG_FW_GOLANG_MIGRATE;
		if (parse_numbered(base, n, 0, &m) != MG_MIG_INVALID)
			return MG_FW_PLAIN;
		return MG_FW_UNKNOWN;
	}
	if (has_suffix(base, n, ".rb") && parent_is(path, dirlen, "migrate"))
		return MG_FW_RAILS;
	if (has_suffix(base, n, ".py") && parent_is(path, dirlen, "versions"))
		return MG_FW_ALEMBIC;
	if (has_suffix(base, n, ".py") && parent_is(path, dirlen, "migrations"))
		return MG_FW_DJANGO;
	return MG_FW_UNKNOWN;
}

mg_migkind mg_migpath_parse(const char *path, mg_framework fw, mg_migfile *out)
{
	if (fw == MG_FW_AUTO)
		fw = guess(path);
	if (fw == MG_FW_UNKNOWN) {
		size_t dirlen;
		base_of(path, &dirlen);
		memset(out, 0, sizeof(*out));
		out->framework = MG_FW_UNKNOWN;
		out->set_len = dirlen;
		return MG_MIG_INVALID;
	}
	out->kind = parse_as(path, fw, out);
	return out->kind;
}

int mg_migpath_match_history(const mg_pathfilter *pf, const char *path)
{
	/* Alembic's versions/ lies in a directory of one of these */
	static const char *const alembic_dirs[] = { "alembic", "migrations", NULL };
	size_t i, dirlen, n;
	const char *base;

	/* called for every file of a tree: the name's suffix decides first */
	if (pf && pf->ninclude > 0)
		return mg_migpath_match(pf, path);
	base = base_of(path, &dirlen);
	n = strlen(base);
	if (has_suffix(base, n, ".sql"))
		return mg_migpath_match(pf, path);
	if (!((has_suffix(base, n, ".rb") && parent_is(path, dirlen, "db/migrate")) ||
	      (has_suffix(base, n, ".py") && parent_is(path, dirlen, "migrations")) ||
	      (has_suffix(base, n, ".py") && dirlen > 9 && parent_is(path, dirlen, "versions") &&
	       has_component(path, alembic_dirs))))
		return 0;
	for (i = 0; pf && i < pf->nexclude; i++)
		if (mg_glob_match(pf->exclude[i], path))
			return 0;
	return 1;
}

int mg_migversion_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	for (;;) {
		size_t da, db, za = 0, zb = 0;
		int c;

		while (i < alen && ndigits(a + i, 1) == 0)
			i++;
		while (j < blen && ndigits(b + j, 1) == 0)
			j++;
		if (i == alen || j == blen)
			return (i < alen) - (j < blen);
		da = ndigits(a + i, alen - i);
		db = ndigits(b + j, blen - j);
		while (za + 1 < da && a[i + za] == '0')
			za++;
		while (zb + 1 < db && b[j + zb] == '0')
			zb++;
		if (da - za != db - zb)
			return da - za < db - zb ? -1 : 1;
		c = memcmp(a + i + za, b + j + zb, da - za);
		if (c)
			return c < 0 ? -1 : 1;
		i += da;
		j += db;
	}
}

/* ---- goose / dbmate sections ------------------------------------------ */

/* The annotation a line holds: UP, DOWN or NONE. */
static mg_section_kind annotation(const char *line, size_t n, mg_framework *fw)
{
	size_t i = 0;

	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i + 2 > n || line[i] != '-' || line[i + 1] != '-')
		return MG_SECTION_NONE;
	i += 2;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (n - i >= 6 && !strncasecmp(line + i, "+goose", 6)) {
		i += 6;
		while (i < n && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (fw)
			*fw = MG_FW_GOOSE;
		if (n - i >= 2 && !strncasecmp(line + i, "up", 2) &&
		    (n - i == 2 || strchr(" \t\r", line[i + 2])))
			return MG_SECTION_UP;
		if (n - i >= 4 && !strncasecmp(line + i, "down", 4) &&
		    (n - i == 4 || strchr(" \t\r", line[i + 4])))
			return MG_SECTION_DOWN;
		return MG_SECTION_NONE;
	}
	if (n - i >= 8 && !strncmp(line + i, "migrate:", 8)) {
		i += 8;
		if (fw)
			*fw = MG_FW_DBMATE;
		if (n - i >= 2 && !strncmp(line + i, "up", 2) &&
		    (n - i == 2 || strchr(" \t\r", line[i + 2])))
			return MG_SECTION_UP;
		if (n - i >= 4 && !strncmp(line + i, "down", 4) &&
		    (n - i == 4 || strchr(" \t\r", line[i + 4])))
			return MG_SECTION_DOWN;
	}
	return MG_SECTION_NONE;
}

size_t mg_migpath_sections(const char *data, size_t len, mg_section *out, size_t cap)
{
	size_t pos = 0, n = 0;
	mg_section cur = { MG_SECTION_NONE, 0, 0 };
	int any = 0;

	while (pos < len) {
		const char *eol = memchr(data + pos, '\n', len - pos);
		size_t ln = eol ? (size_t)(eol - (data + pos)) : len - pos;
		mg_section_kind k = annotation(data + pos, ln, NULL);

		if (k != MG_SECTION_NONE) {
			cur.end = pos;
			if (any || cur.end > cur.start) {
				if (n < cap)
					out[n] = cur;
				n++;
			}
			any = 1;
			cur.kind = k;
			cur.start = pos;
		}
		pos += ln + (eol ? 1 : 0);
	}
	if (!any)
		return 0;
	cur.end = len;
	if (n < cap)
		out[n] = cur;
	return n + 1;
}

mg_framework mg_migpath_sniff(const char *data, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *eol = memchr(data + pos, '\n', len - pos);
		size_t ln = eol ? (size_t)(eol - (data + pos)) : len - pos;
		mg_framework fw = MG_FW_AUTO;

		if (annotation(data + pos, ln, &fw) == MG_SECTION_UP)
			return fw;
		pos += ln + (eol ? 1 : 0);
	}
	return MG_FW_AUTO;
}

char *mg_migpath_section_text(const char *data, size_t len, mg_section_kind keep, int *found)
{
	char *copy = mg_xmalloc(len + 1);
	size_t nsec = mg_migpath_sections(data, len, NULL, 0), i, j;
	mg_section *secs;

	memcpy(copy, data, len);
	copy[len] = '\0';
	if (nsec == 0) {
		*found = keep == MG_SECTION_UP;
		if (!*found)
			for (i = 0; i < len; i++)
				if (copy[i] != '\n' && copy[i] != '\r')
					copy[i] = ' ';
		return copy;
	}
	secs = mg_xcalloc(nsec, sizeof(*secs));
	mg_migpath_sections(data, len, secs, nsec);
	*found = 0;
	for (j = 0; j < nsec; j++) {
		if (secs[j].kind == keep || secs[j].kind == MG_SECTION_NONE) {
			if (secs[j].kind == keep)
				*found = 1;
			continue;
		}
		for (i = secs[j].start; i < secs[j].end; i++)
			if (copy[i] != '\n' && copy[i] != '\r')
				copy[i] = ' ';
	}
	free(secs);
	return copy;
}

/* ---- per-directory inference ------------------------------------------ */

void mg_fwmap_init(mg_fwmap *m, mg_framework fixed)
{
	memset(m, 0, sizeof(*m));
	m->fixed = fixed;
}

void mg_fwmap_free(mg_fwmap *m)
{
	size_t i;

	for (i = 0; i < m->ndirs; i++)
		free(m->dirs[i].dir);
	free(m->dirs);
	memset(m, 0, sizeof(*m));
}

static mg_fwdir *find_dir(const mg_fwmap *m, const char *dir, size_t n)
{
	size_t i;

	for (i = 0; i < m->ndirs; i++)
		if (m->dirs[i].len == n && !memcmp(m->dirs[i].dir, dir, n))
			return &m->dirs[i];
	return NULL;
}

mg_framework mg_fwmap_add_guessed(mg_fwmap *m, const char *path, mg_framework sniffed,
				  mg_migfile *f)
{
	mg_framework g = guess(path), vote = g;
	mg_migfile sf;
	mg_fwdir *d;

	mg_migpath_parse(path, g, f);
	if (g == MG_FW_UNKNOWN)
		return g;
	if (g == MG_FW_PLAIN && (sniffed == MG_FW_GOOSE || sniffed == MG_FW_DBMATE) &&
	    parse_as(path, sniffed, &sf) == MG_MIG_UP)
		vote = sniffed;
	if (!(d = find_dir(m, path, f->set_len))) {
		if (m->ndirs == m->cap) {
			m->cap = m->cap ? m->cap * 2 : 8;
			m->dirs = mg_xrealloc(m->dirs, m->cap * sizeof(*m->dirs));
		}
		d = &m->dirs[m->ndirs++];
		memset(d, 0, sizeof(*d));
		d->dir = mg_xstrndup(path, f->set_len);
		d->len = f->set_len;
	}
	d->votes[vote]++;
	return g;
}

void mg_fwmap_add(mg_fwmap *m, const char *path, mg_framework sniffed)
{
	mg_migfile f;

	(void)mg_fwmap_add_guessed(m, path, sniffed, &f);
}

static mg_framework winner(const mg_fwdir *d)
{
	size_t i, best = 0;

	for (i = MG_FW_GOLANG_MIGRATE; i < MG_FW_UNKNOWN; i++)
		if (d->votes[i] > (best ? d->votes[best] : 0))
			best = i;
	if (best)
		return (mg_framework)best;
	return d->votes[MG_FW_PLAIN] ? MG_FW_PLAIN : MG_FW_UNKNOWN;
}

/* mg_fwmap_get() of path, whose guess is g and whose parse as g has set_len */
static mg_framework get_guessed(const mg_fwmap *m, const char *path, mg_framework g,
				size_t set_len)
{
	mg_framework w;
	const mg_fwdir *d;
	size_t dirlen;

	if (m->fixed != MG_FW_AUTO)
		return m->fixed;
	if ((d = find_dir(m, path, set_len)) != NULL && (w = winner(d)) != MG_FW_UNKNOWN)
		return w;
	/* a stray file inside a Diesel or Prisma step directory */
	base_of(path, &dirlen);
	while (dirlen > 0 && path[dirlen - 1] != '/')
		dirlen--;
	if (dirlen > 0 && (d = find_dir(m, path, dirlen - 1)) != NULL &&
	    ((w = winner(d)) == MG_FW_DIESEL || w == MG_FW_PRISMA))
		return w;
	return g;
}

mg_framework mg_fwmap_get(const mg_fwmap *m, const char *path)
{
	mg_framework g;
	mg_migfile f;

	if (m->fixed != MG_FW_AUTO)
		return m->fixed;
	g = guess(path);
	mg_migpath_parse(path, g, &f);
	return get_guessed(m, path, g, f.set_len);
}

mg_migkind mg_fwmap_parse(const mg_fwmap *m, const char *path, mg_migfile *out)
{
	return mg_migpath_parse(path, mg_fwmap_get(m, path), out);
}

mg_migkind mg_fwmap_parse_guessed(const mg_fwmap *m, const char *path, mg_framework g,
				  const mg_migfile *f, mg_migfile *out)
{
	mg_framework w = get_guessed(m, path, g, f->set_len);

	if (w == g) {
		if (out != f)
			*out = *f;
		return out->kind;
	}
	return mg_migpath_parse(path, w, out);
}

/* ---- migration order of the change set --------------------------------- */

typedef struct order_item {
	mg_file_change f;
	mg_migfile m;
	mg_migkind kind;
	size_t index;
} order_item;

static int order_cmp(const void *pa, const void *pb)
{
	const order_item *a = pa, *b = pb;
	size_t n = a->m.set_len < b->m.set_len ? a->m.set_len : b->m.set_len;
	int c = memcmp(a->f.path, b->f.path, n);

	if (!c && a->m.set_len != b->m.set_len)
		c = a->m.set_len < b->m.set_len ? -1 : 1;
	if (!c && (a->m.version != NULL) != (b->m.version != NULL))
		c = a->m.version ? 1 : -1;
	if (!c && a->m.version)
		c = mg_migversion_cmp(a->m.version, a->m.version_len, b->m.version, b->m.version_len);
	if (!c && a->kind != b->kind)
		c = a->kind < b->kind ? -1 : 1;
	if (!c)
		c = strcmp(a->f.path, b->f.path);
	if (!c)
		c = a->index < b->index ? -1 : a->index > b->index;
	return c;
}

void mg_migpath_order_changes(mg_changeset *cs, mg_framework fw)
{
	mg_fwmap map;
	order_item *v;
	size_t i;

	if (cs->nfiles < 2)
		return;
	mg_fwmap_init(&map, fw);
	for (i = 0; i < cs->nfiles; i++)
		mg_fwmap_add(&map, cs->files[i].path, cs->files[i].data ?
			     mg_migpath_sniff(cs->files[i].data, cs->files[i].len) : MG_FW_AUTO);
	v = mg_xcalloc(cs->nfiles, sizeof(*v));
	for (i = 0; i < cs->nfiles; i++) {
		v[i].f = cs->files[i];
		v[i].index = i;
	}
	/* classify after the copy: version and name point into the path,
	 * which moves with the entry (the strings themselves do not move) */
	for (i = 0; i < cs->nfiles; i++)
		v[i].kind = mg_fwmap_parse(&map, v[i].f.path, &v[i].m);
	qsort(v, cs->nfiles, sizeof(*v), order_cmp);
	for (i = 0; i < cs->nfiles; i++)
		cs->files[i] = v[i].f;
	free(v);
	mg_fwmap_free(&map);
}
