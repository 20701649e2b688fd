/* gitpush.h - the pre-receive source: what a push brings, as change sets.
 *
 * Open the repository with mg_git_open(&repo, NULL, ...) inside the hook so
 * the push's quarantined objects (GIT_OBJECT_DIRECTORY and
 * GIT_ALTERNATE_OBJECT_DIRECTORIES) are visible. */
#ifndef MG_GITPUSH_H
#define MG_GITPUSH_H

#include <git2.h>
#include "changeset.h"
#include "finding.h"
#include "migpath.h"

typedef struct mg_push_update {
	git_oid old_id, new_id;  /* all zeroes for a creation / a deletion */
	char *ref;               /* full name, e.g. refs/heads/main */
	int line;                /* 1-based line of the hook's input */
} mg_push_update;

typedef struct mg_push {
	mg_push_update *updates;
	size_t n, cap;
} mg_push;

/* Parses the hook's standard input: "<old> SP <new> SP <ref> LF" lines.
 * Blank lines are skipped.  Returns 0, or -1 with *err naming the line. */
int mg_push_parse(const char *input, size_t len, mg_push *out, char **err);
void mg_push_free(mg_push *p);

/* Adds to cs what update u of push p brings:
 *  - a deletion (new id zero) brings nothing;
 *  - a branch update (old id not zero, not under refs/tags/, including a
 *    force push) brings the net change of new against merge-base(old, new),
 *    i.e. what the new tip has that the old one did not; its commits are
 *    those of new not reachable from old;
 *  - anything else (a new ref, a tag) brings the commits of new not reachable
 *    from any existing ref (`new --not --all`; for a tag also not from the
 *    new tip of another ref of the same push, which is checked itself), and
 *    the net change of new against the boundary: the first commit on new's
 *    first-parent line that is not new (the empty tree when every commit on
 *    that line is new).  A ref to a known commit, or to a tree or blob,
 *    brings nothing.
 * Commits go into cs newest first (mg_git_add_commit_info); each file's
 * commit is the new tip.  *ncommits is set to the number of new commits.
 * Returns 0, or -1 with *err (a missing or corrupt object fails). */
int mg_git_push_ref(git_repository *repo, const mg_push *p, size_t u,
		    const mg_pathfilter *pf, mg_changeset *cs, size_t *ncommits, char **err);

/* After the checks: a finding on a file of cs that names the tip gets the
 * newest commit of cs->commits that gave the path its final content (none
 * of its parents had it: a merge that took the file from one side names the
 * side's commit), so the pusher is told which commit to fix.
 * Done per path with findings only (cheap when a push has many commits). */
void mg_git_push_attribute(git_repository *repo, const mg_changeset *cs, mg_result *res);

#endif
