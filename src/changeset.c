/* changeset.c - the change set container. */
#include "config.h"
#include "changeset.h"
#include "blobcache.h"
#include "util.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void mg_changeset_init(mg_changeset *cs)
{
	memset(cs, 0, sizeof(*cs));
}

void mg_file_change_free(mg_file_change *f)
{
	free(f->path);
	free(f->old_path);
	if (f->blob)
		mg_blob_unref(f->blob);
	else
		free(f->data);
	if (f->old_blob)
		mg_blob_unref(f->old_blob);
	else
		free(f->old_data);
	free(f->commit);
	free(f->unavailable);
}

void mg_changeset_free(mg_changeset *cs)
{
	size_t i;

	for (i = 0; i < cs->nfiles; i++)
		mg_file_change_free(&cs->files[i]);
	for (i = 0; i < cs->ncommits; i++) {
		mg_commit_info *c = &cs->commits[i];
		free(c->message);
		free(c->author_name);
		free(c->author_email);
		free(c->committer_name);
		free(c->committer_email);
		if (c->own) {
			mg_changeset_free(c->own);
			free(c->own);
		}
	}
	free(cs->files);
	free(cs->commits);
	mg_pathlist_free(&cs->base);
	mg_pathlist_free(&cs->result);
	mg_pathlist_free(&cs->shipped);
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

void mg_pathlist_add(mg_pathlist *l, const char *path, const char *oid)
{
	mg_tree_path *t;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = mg_xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	t = &l->v[l->n++];
	t->path = mg_xstrdup(path);
	snprintf(t->oid, sizeof(t->oid), "%s", oid ? oid : "");
}

static int cmp_tree_path(const void *a, const void *b)
{
	return strcmp(((const mg_tree_path *)a)->path, ((const mg_tree_path *)b)->path);
}

void mg_pathlist_sort(mg_pathlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_tree_path);
}

const mg_tree_path *mg_pathlist_find(const mg_pathlist *l, const char *path)
{
	mg_tree_path key;

	if (l->n == 0)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, l->v, l->n, sizeof(*l->v), cmp_tree_path);
}

void mg_pathlist_free(mg_pathlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
