/* commitrules.h - pipeline step 4: commit rules (AI markers, review trailer).
 *
 * For every commit of the change set that changes a migration:
 *  - message, trailer and author rules of kind finding report findings;
 *  - AI markers (rules of kind ai-marker: in the message, a trailer, the
 *    author or committer, or the migration content the commit adds) make a
 *    review trailer (migguard.reviewTrailer, default Reviewed-by) necessary
 *    under migguard.requireReview = ai (the default); `always` requires one
 *    on every migration commit, `never` on none;
 *  - a review counts when the reviewer's e-mail differs from the author's
 *    and from every Co-authored-by and Co-developed-by, is not an AI
 *    identity (an author-scope marker), and is on the migguard.reviewer
 *    allow-list when one is set.
 * A missing review is `ai-marker-unreviewed`; when every review trailer names
 * the author (or a co-author) it is `review-trailer-self`.  Both carry the
 * commit id and are anchored to the content marker when there is one, else
 * to the commit message line of a message or trailer marker (path "": the
 * text reporter prints "commit ID: line N:"), else to line 1 of the
 * commit's first migration file.  Inline suppressions cannot silence them
 * (src/suppress.c).
 *
 * Which commits are concerned: where the source recorded each commit's own
 * change (mg_commit_info.own: ranges, pushes, --each-commit), a commit that
 * changes a migration, with the content markers of the lines it adds.
 * Otherwise (commit-msg: one commit and the staged files) every commit of a
 * change set that changes migrations; a content marker belongs to the
 * commit the source attributes the file to, to the only commit, or else to
 * the range, where a valid review on any of its commits covers it.
 */
#ifndef MG_COMMITRULES_H
#define MG_COMMITRULES_H

#include "changeset.h"
#include "finding.h"
#include "pipeline.h"
#include "regex.h"

void mg_commit_rules(const mg_options *o, const mg_rxset *rx, const mg_changeset *cs,
		     mg_result *out);

#endif
