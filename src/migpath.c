/* migpath.c - decide which paths are migration files. */
#include "config.h"
#include "migpath.h"
#include "util.h"

#include <fnmatch.h>
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
