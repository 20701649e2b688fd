/* migpath.h - which paths are migrations. */
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

#endif
