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
 * the author (or a co-author) it is `review-trailer-self`.  Both are anchored
 * to the content marker when there is one, else to line 1 of the commit's
 * first migration file, with the commit id.
 *
 * Which commits are concerned: the change set does not record which commit
 * of a range or push changed which file, so every commit of a change set
 * that changes migrations is concerned (an AI-marked commit that touches no
 * migration, pushed or checked together with one that does, needs a review
 * too; checked alone it passes).  A content marker belongs to the commit
 * the source attributes the file to (pre-receive), to the only commit
 * (commit-msg), or else to the range, where a valid review on any of its
 * commits covers it.
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
