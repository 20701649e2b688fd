/* changeset.c - the change set container. */
#include "config.h"
#include "changeset.h"
#include "util.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void mg_changeset_init(mg_changeset *cs)
{
	memset(cs, 0, sizeof(*cs));
}

void mg_changeset_free(mg_changeset *cs)
{
	size_t i;

	for (i = 0; i < cs->nfiles; i++) {
		mg_file_change *f = &cs->files[i];
		free(f->path);
		free(f->old_path);
		free(f->data);
		free(f->old_data);
		free(f->commit);
	}
	for (i = 0; i < cs->ncommits; i++) {
		mg_commit_info *c = &cs->commits[i];
		free(c->message);
		free(c->author_name);
		free(c->author_email);
		free(c->committer_name);
		free(c->committer_email);
	}
	free(cs->files);
	free(cs->commits);
	memset(cs, 0, sizeof(*cs));
}

mg_file_change *mg_changeset_add_file(mg_changeset *cs, const char *path,
				      mg_status status)
{
	mg_file_change *f;

	if (cs->nfiles == cs->cap_files) {
		cs->cap_files = cs->cap_files ? cs->cap_files * 2 : 16;
		cs->files = mg_xrealloc(cs->files, cs->cap_files * sizeof(*cs->files));
	}
	f = &cs->files[cs->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = mg_xstrdup(path);
	f->status = status;
	return f;
}

mg_commit_info *mg_changeset_add_commit(mg_changeset *cs, const char *oid)
{
	mg_commit_info *c;

	if (cs->ncommits == cs->cap_commits) {
		cs->cap_commits = cs->cap_commits ? cs->cap_commits * 2 : 8;
		cs->commits = mg_xrealloc(cs->commits,
					  cs->cap_commits * sizeof(*cs->commits));
	}
	c = &cs->commits[cs->ncommits++];
	memset(c, 0, sizeof(*c));
	snprintf(c->oid, sizeof(c->oid), "%s", oid);
	return c;
}
