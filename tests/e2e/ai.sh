#!/bin/sh
# ai.sh - AI-generation markers and the review trailer on real repositories:
# check --range, check on files, rule packs (--rules, bad patterns), the
# commit-msg hook through a real `git commit`, and pre-receive through a
# real `git push --no-verify` to a bare server.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

# the packs of the source tree (an uninstalled migguard has no built-in ones)
MIGGUARD_RULES_DIR="$TOP_SRCDIR/rules"
export MIGGUARD_RULES_DIR

CLAUDE='Co-Authored-By: Claude <noreply@anthropic.com>'
SQL='CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL);\n'

R="$T/repo"
new_repo "$R"
mkdir -p "$R/db/migrations" "$R/docs"
git -C "$R" checkout -q -b feature
printf "$SQL" >"$R/db/migrations/002_notes.sql"
git -C "$R" add -A
git -C "$R" commit -q -m "Add notes

Body text.

$CLAUDE"
short=$(git -C "$R" rev-parse --short=12 HEAD)

# --- check --range: the Claude co-author trailer needs a review -----------
run "$MIGGUARD" check --repo "$R" --range main..feature
expect_rc 1 "Claude co-author on a migration, no review: rejected"
expect_out "commit $short: line 5: error: AI marker on a migration change: Claude Code co-author trailer (noreply@anthropic.com) (message line 5); no Reviewed-by trailer by someone other than the author [ai-marker-unreviewed]" \
	"finding anchored to the commit message line, naming marker and commit"
expect_out "help: have someone other than the author read the migration" "help line"

git -C "$R" commit -q --amend -m "Add notes

Body text.

$CLAUDE
Reviewed-by: Alice Example <alice@example.com>"
run "$MIGGUARD" check --repo "$R" --range main..feature
expect_rc 0 "reviewed by another person: accepted"
expect_no_out "ai-marker-unreviewed" "no review finding"

git -C "$R" commit -q --amend -m "Add notes

$CLAUDE
Reviewed-by: Test User <TEST@example.com>"
short=$(git -C "$R" rev-parse --short=12 HEAD)
run "$MIGGUARD" check --repo "$R" --range main..feature
expect_rc 1 "reviewed by the author: rejected"
expect_out "commit $short: line 3: error: AI marker on a migration change: Claude Code co-author trailer (noreply@anthropic.com) (message line 3); Reviewed-by names the author or a co-author (TEST@example.com), who cannot review their own change [review-trailer-self]" \
	"self review named"

run "$MIGGUARD" check --repo "$R" --range main..feature --format json
expect_rc 1 "json"
expect_out "\"rule\": \"review-trailer-self\"" "json rule id"

git -C "$R" commit -q --amend -m "Add notes

$CLAUDE
Reviewed-by: Claude <noreply@anthropic.com>"
run "$MIGGUARD" check --repo "$R" --range main..feature
expect_rc 1 "reviewed by the AI: rejected"
expect_out "Reviewed-by names an AI identity (noreply@anthropic.com), not a human [ai-marker-unreviewed]" \
	"AI reviewer named"

# --- policy keys from git config -------------------------------------------
git -C "$R" commit -q --amend -m "Add notes

$CLAUDE
Reviewed-by: Bob Example <bob@example.com>"
git -C "$R" config migguard.reviewer alice@example.com
run "$MIGGUARD" check --repo "$R" --range main..feature
expect_rc 1 "migguard.reviewer: Bob is not on the list"
expect_out "Reviewed-by names bob@example.com, who is not on the migguard.reviewer list [ai-marker-unreviewed]" \
	"allow-list named"
git -C "$R" config --add migguard.reviewer Bob@Example.com
run "$MIGGUARD" check --repo "$R" --range main..feature
expect_rc 0 "migguard.reviewer: on the list (case-insensitive)"
git -C "$R" config --unset-all migguard.reviewer
git -C "$R" config migguard.reviewTrailer Acked-by
run "$MIGGUARD" check --repo "$R" --range main..feature
expect_rc 1 "migguard.reviewTrailer = Acked-by: Reviewed-by does not count"
expect_out "no Acked-by trailer by someone other than the author" "trailer key named"
git -C "$R" config --unset-all migguard.reviewTrailer
git -C "$R" commit -q --amend -m "Add notes by hand"
run "$MIGGUARD" check --repo "$R" --range main..feature
expect_rc 0 "no marker, requireReview = ai: passes"
git -C "$R" config migguard.requireReview always
run "$MIGGUARD" check --repo "$R" --range main..feature
expect_rc 1 "requireReview = always: every migration commit needs a review"
expect_out "migration change (migguard.requireReview = always); no Reviewed-by trailer" "always named"
git -C "$R" commit -q --amend -m "Add notes

$CLAUDE"
git -C "$R" config migguard.requireReview never
run "$MIGGUARD" check --repo "$R" --range main..feature
expect_rc 0 "requireReview = never"
git -C "$R" config --unset migguard.requireReview

# --- an AI-marked commit that touches no migration passes -----------------
git -C "$R" checkout -q -b docs main
printf 'notes\n' >"$R/docs/notes.md"
git -C "$R" add -A
git -C "$R" commit -q -m "Docs

$CLAUDE"
run "$MIGGUARD" check --repo "$R" --range main..docs
expect_rc 0 "AI-marked commit without migrations passes"

# --- bot author: the Copilot coding agent ---------------------------------
git -C "$R" checkout -q -b bot main
mkdir -p "$R/db/migrations"
printf "$SQL" >"$R/db/migrations/003_bot.sql"
git -C "$R" add -A
GIT_AUTHOR_NAME='copilot-swe-agent[bot]' \
GIT_AUTHOR_EMAIL='198982749+Copilot@users.noreply.github.com' \
	git -C "$R" commit -q -m "Add notes table

Co-authored-by: Test User <test@example.com>"
run "$MIGGUARD" check --repo "$R" --range main..bot
expect_rc 1 "Copilot coding agent as author: rejected"
expect_out "the GitHub Copilot coding agent is the author (author); no Reviewed-by trailer" "bot author named"
git -C "$R" commit -q --amend -m "Add notes table

Co-authored-by: Test User <test@example.com>
Reviewed-by: Test User <test@example.com>"
run "$MIGGUARD" check --repo "$R" --range main..bot
expect_rc 1 "the human co-author reviewing the agent's commit: rejected"
expect_out "[review-trailer-self]" "co-author counts as self"

# --- content markers on files: warnings (no commit to review) ------------
F="$T/files"
mkdir -p "$F"
printf -- '-- Generated by ChatGPT 3.5\nCREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n' >"$F/1.sql"
run "$MIGGUARD" check "$F/1.sql"
expect_rc 0 "content marker on a file: a warning"
expect_out "$F/1.sql:1:1: warning: a comment says an AI generated this migration [ai-content-generator-comment]" \
	"content marker line-anchored"
run "$MIGGUARD" check --fail-on warning "$F/1.sql"
expect_rc 1 "--fail-on warning"

# --staged: no message yet, content markers are warnings
printf -- '-- written by GitHub Copilot\nCREATE TABLE w (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n' \
	>"$R/db/migrations/009_staged.sql"
git -C "$R" add db/migrations/009_staged.sql
run "$MIGGUARD" check --repo "$R" --staged
expect_rc 0 "--staged: content marker is a warning"
expect_out "db/migrations/009_staged.sql:1:1: warning: a comment says an AI generated this migration [ai-content-generator-comment]" \
	"--staged content marker"
git -C "$R" rm -q --cached db/migrations/009_staged.sql
rm "$R/db/migrations/009_staged.sql"

# regex packs run on files that do not parse
printf '```sql\nCREATE TABLE t (id bigint);\n```\n' >"$F/2.sql"
run "$MIGGUARD" check "$F/2.sql"
expect_rc 1 "markdown fences: a syntax error"
expect_out "$F/2.sql:1:1: warning: Markdown code fence in a SQL file (pasted from an AI chat?) [ai-content-markdown-fence]" \
	"fence reported on a file that does not parse"
expect_out "$F/2.sql:3:1: warning: Markdown code fence" "closing fence too"
expect_out "[syntax-error]" "syntax error too"

# near misses stay quiet
printf -- '-- Generated by Django 4.2 on 2024-01-01\n-- keyset pagination: the cursor is the last id\nCREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n' >"$F/3.sql"
run "$MIGGUARD" check "$F/3.sql"
expect_rc 0 "Django header and the word cursor: clean"
expect_no_out "ai-" "no marker"

# --- rule packs: --rules DIR, bad patterns, MIGGUARD_RULES_DIR ------------
P="$T/packs"
mkdir -p "$P"
cat >"$P/local.rules" <<'EOF'
# a local pack
rule no-select-star
scope    content
pattern  (?i)select\h+\*
severity error
message  SELECT * in a migration
help     name the columns
EOF
printf 'INSERT INTO t2 SELECT * FROM t;\n' >"$F/4.sql"
run "$MIGGUARD" check --rules "$P" "$F/4.sql"
expect_rc 1 "a finding of a local pack"
expect_out "$F/4.sql:1:16: error: SELECT * in a migration [no-select-star]" "local rule line and column"
expect_out "help: name the columns" "local rule help"

cat >"$P/bad.rules" <<'EOF'
rule broken
scope   message
pattern (unclosed
message m
EOF
run "$MIGGUARD" check --rules "$P" "$F/4.sql"
expect_rc 2 "a bad pattern: exit 2"
expect_err "migguard: $P/bad.rules:3:18: bad pattern: missing closing parenthesis at offset 9" \
	"file:line:col, PCRE2's message and offset"
rm "$P/bad.rules"
run "$MIGGUARD" check --rules "$T/nonexistent" "$F/4.sql"
expect_rc 2 "--rules on a missing directory"
expect_err "rule pack directory $T/nonexistent: No such file or directory" "missing directory named"

# migguard.rulesDir
git -C "$R" config migguard.rulesDir "$P"
printf 'INSERT INTO t2 SELECT * FROM t;\n' >"$R/db/migrations/010_star.sql"
git -C "$R" add db/migrations/010_star.sql
run "$MIGGUARD" check --repo "$R" --staged
expect_rc 1 "migguard.rulesDir: the local pack applies"
expect_out "db/migrations/010_star.sql:1:16: error: SELECT * in a migration [no-select-star]" "rulesDir finding"
git -C "$R" rm -q --cached db/migrations/010_star.sql
rm "$R/db/migrations/010_star.sql"
git -C "$R" config --unset migguard.rulesDir

# a local pack turns a built-in marker off
cat >"$P/z-off.rules" <<'EOF'
rule ai-content-generator-comment
scope    content
kind     ai-marker
severity off
pattern  x
message  off
EOF
run "$MIGGUARD" check --rules "$P" "$F/1.sql"
expect_rc 0 "marker overridden"
expect_no_out "ai-content-generator-comment" "overridden marker quiet"
rm "$P/z-off.rules"

# a pattern that backtracks without end: PCRE2's limit, reported, exit 2
Q="$T/slow"
mkdir -p "$Q"
printf 'rule slow\nscope content\npattern (a|aa)+$\nmessage m\n' >"$Q/slow.rules"
printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab;\n' >"$F/5.sql"
run "$MIGGUARD" check --rules "$Q" "$F/5.sql"
expect_rc 2 "PCRE2 match limit: never a silent pass"
expect_out "$F/5.sql: error: rule slow: PCRE2 gave up on this file (match limit): not fully checked" \
	"match limit reported"

run env MIGGUARD_RULES_DIR= "$MIGGUARD" check "$F/1.sql"
expect_no_out "ai-content" "MIGGUARD_RULES_DIR empty: no built-in packs"

# --- commit-msg through a real git commit ---------------------------------
C="$T/client"
new_repo "$C"
printf '#!/bin/sh\nexec "%s" commit-msg "$1"\n' "$MIGGUARD" >"$C/.git/hooks/commit-msg"
chmod +x "$C/.git/hooks/commit-msg"
mkdir -p "$C/db/migrations"
printf "$SQL" >"$C/db/migrations/001_notes.sql"
git -C "$C" add -A
before=$(git -C "$C" rev-parse HEAD)
run git -C "$C" commit -q -m "Add notes

$CLAUDE"
ntests=$((ntests + 1))
if [ "$rc" -ne 0 ] && [ "$(git -C "$C" rev-parse HEAD)" = "$before" ]; then
	ok "commit-msg: unreviewed AI commit refused"
else
	fail "commit-msg: unreviewed AI commit went in"
fi
expect_err "commit message: line 3: error: AI marker on a migration change: Claude Code co-author trailer (noreply@anthropic.com) (message line 3); no Reviewed-by trailer by someone other than the author [ai-marker-unreviewed]" \
	"commit-msg finding (no commit id yet)"
run git -C "$C" commit -q -m "Add notes

$CLAUDE
Reviewed-by: Alice Example <alice@example.com>"
expect_rc 0 "commit-msg: reviewed by another person: committed"
# git commit -v with an editor: the staged diff below the scissors line
# (here with a Reviewed-by: line of its own) is not part of the message
printf 'CREATE TABLE v (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n-- Reviewed-by: Fake <fake@example.com>\n' \
	>"$C/db/migrations/002_v.sql"
git -C "$C" add -A
printf '#!/bin/sh\n{ printf '"'"'Add v\\n\\n%s\\n'"'"'; cat "$1"; } >"$1.new" && mv "$1.new" "$1"\n' "$CLAUDE" \
	>"$T/editor.sh"
chmod +x "$T/editor.sh"
before=$(git -C "$C" rev-parse HEAD)
run env GIT_EDITOR="$T/editor.sh" git -C "$C" commit -q -v
ntests=$((ntests + 1))
if [ "$rc" -ne 0 ] && [ "$(git -C "$C" rev-parse HEAD)" = "$before" ]; then
	ok "commit -v: a Reviewed-by in the diff below the scissors does not count"
else
	fail "commit -v: the diff's Reviewed-by was taken as a review"
fi
expect_err "Claude Code co-author trailer (noreply@anthropic.com) (message line 3); no Reviewed-by trailer" \
	"commit -v: the marker of the edited message"
git -C "$C" commit -q -m "Add v

$CLAUDE
Reviewed-by: Alice Example <alice@example.com>"

printf -- '-- Generated by ChatGPT\nCREATE TABLE more_notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n' \
	>"$C/db/migrations/003_more.sql"
git -C "$C" add -A
run git -C "$C" commit -q -m "More notes"
expect_rc 1 "commit-msg: content marker without review refused"
expect_err "db/migrations/003_more.sql:1:1: error: AI marker in a migration: a comment says an AI generated this migration; no Reviewed-by trailer" \
	"content marker anchors the commit-msg finding"

# --- pre-receive: --no-verify cannot skip the server ----------------------
S="$T/server.git"
git init -q --bare "$S"
printf '#!/bin/sh\nMIGGUARD_RULES_DIR="%s" exec "%s" pre-receive\n' "$MIGGUARD_RULES_DIR" "$MIGGUARD" \
	>"$S/hooks/pre-receive"
chmod +x "$S/hooks/pre-receive"
git -C "$C" commit -q --no-verify -m "More notes"
bad=$(git -C "$C" rev-parse --short=12 HEAD)
run git -C "$C" push -q "$S" HEAD:refs/heads/main
expect_rc 1 "pre-receive: commit made with --no-verify rejected"
expect_err "remote: db/migrations/003_more.sql:1:1: error: AI marker in a migration" "remote: finding"
expect_err "[ai-marker-unreviewed] (commit $bad)" "server names the commit"
ntests=$((ntests + 1))
if git -C "$S" rev-parse -q --verify refs/heads/main >/dev/null; then
	fail "server ref created"
else
	ok "server ref unchanged"
fi
git -C "$C" commit -q --amend --no-verify -m "More notes

Reviewed-by: Bob Example <bob@example.com>"
run git -C "$C" push -q "$S" HEAD:refs/heads/main
expect_rc 0 "pre-receive: reviewed push accepted"

# --- per commit: only commits that change a migration are concerned -------
P="$T/percommit"
new_repo "$P"
mkdir -p "$P/db/migrations" "$P/docs"
git -C "$P" checkout -q -b feature
printf 'notes\n' >"$P/docs/notes.md"
git -C "$P" add -A
git -C "$P" commit -q -m "Docs

$CLAUDE"
printf "$SQL" >"$P/db/migrations/001_notes.sql"
git -C "$P" add -A
git -C "$P" commit -q -m "Add notes by hand"
run "$MIGGUARD" check --repo "$P" --range main..feature
expect_rc 0 "range: an AI-marked docs commit next to a hand-written migration commit passes"
expect_no_out "ai-marker-unreviewed" "range: no review finding for the docs commit"
# content markers count in the content each commit adds: the commit that
# wrote the marker needs the review; a reviewed later commit does not cover it
printf -- '-- Generated by ChatGPT\nCREATE TABLE gen (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n' \
	>"$P/db/migrations/002_gen.sql"
git -C "$P" add -A
git -C "$P" commit -q -m "Add gen"
gen=$(git -C "$P" rev-parse --short=12 HEAD)
printf -- '-- Generated by ChatGPT\nCREATE TABLE gen (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text);\n' \
	>"$P/db/migrations/002_gen.sql"
git -C "$P" add -A
git -C "$P" commit -q -m "Tweak gen

Reviewed-by: Bob Example <bob@example.com>"
run "$MIGGUARD" check --repo "$P" --range main..feature
expect_rc 1 "range: the commit that added the content marker needs its own review"
expect_out "db/migrations/002_gen.sql:1:1: error: AI marker in a migration: a comment says an AI generated this migration; no Reviewed-by trailer by someone other than the author [ai-marker-unreviewed] (commit $gen)" \
	"range: the content marker is the adding commit's"

# the same history pushed (--no-verify) to a server: the docs commit passes,
# the unreviewed content marker is rejected, naming its commit
S2="$T/server2.git"
git init -q --bare "$S2"
printf '#!/bin/sh\nMIGGUARD_RULES_DIR="%s" exec "%s" pre-receive\n' "$MIGGUARD_RULES_DIR" "$MIGGUARD" \
	>"$S2/hooks/pre-receive"
chmod +x "$S2/hooks/pre-receive"
run git -C "$P" push -q "$S2" main:refs/heads/main
expect_rc 0 "pre-receive: main pushed"
run git -C "$P" push -q "$S2" feature~2:refs/heads/feature
expect_rc 0 "pre-receive: AI-marked docs commit + hand-written migration accepted"
run git -C "$P" push -q "$S2" feature:refs/heads/feature
expect_rc 1 "pre-receive: the unreviewed content marker of a pushed commit rejected"
expect_err "[ai-marker-unreviewed] (commit $gen)" "pre-receive: names the commit that added the marker"
git -C "$P" reset -q --hard feature~2

# --- check --range --each-commit ------------------------------------------
printf "$SQL" | sed 's/notes/more/' >"$P/db/migrations/003_more.sql"
git -C "$P" add -A
git -C "$P" commit -q -m "Add more

$CLAUDE"
c1=$(git -C "$P" rev-parse --short=12 HEAD)
printf 'CREATE INDEX more_idx ON more (body);\n' >"$P/db/migrations/004_idx.sql"
git -C "$P" add -A
git -C "$P" commit -q -m "Index more

Reviewed-by: Bob Example <bob@example.com>"
c2=$(git -C "$P" rev-parse --short=12 HEAD)
run "$MIGGUARD" check --repo "$P" --range main..feature --each-commit
expect_rc 1 "--each-commit: findings"
expect_out "commit $c1: line 3: error: AI marker on a migration change: Claude Code co-author trailer" \
	"--each-commit: the AI-marked commit needs a review"
expect_out "db/migrations/004_idx.sql:1:1: error: " "--each-commit: SQL findings of the second commit"
expect_out "[require-concurrent-index-creation] (commit $c2)" "--each-commit: findings carry the commit id"
run "$MIGGUARD" check --repo "$P" --range main..feature --each-commit --format json
expect_out "\"commit\": \"$(git -C "$P" rev-parse HEAD)\"" "--each-commit json: full commit id"
run "$MIGGUARD" check --repo "$P" --each-commit db
expect_rc 2 "--each-commit without --range: usage error"
expect_err "--each-commit needs --range" "--each-commit usage message"
# an empty range: nothing to check
run "$MIGGUARD" check --repo "$P" --range feature..feature --each-commit
expect_rc 0 "--each-commit: empty range"

# --- an inline suppression cannot silence the review policy ---------------
git -C "$P" checkout -q -b suppress main
mkdir -p "$P/db/migrations"
printf -- '-- migguard:ignore-file ai-marker-unreviewed,review-trailer-self reviewed by me, the AI\n-- Generated by ChatGPT\nCREATE TABLE s (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n' \
	>"$P/db/migrations/005_s.sql"
git -C "$P" add -A
git -C "$P" commit -q -m "Add s

$CLAUDE"
run "$MIGGUARD" check --repo "$P" --range main..suppress
expect_rc 1 "inline ignore of ai-marker-unreviewed: still rejected"
expect_out "db/migrations/005_s.sql:2:1: error: AI marker on a migration change: " "suppressed review finding still reported"
expect_out "migguard:ignore-file ai-marker-unreviewed hides nothing: the review policy cannot be suppressed inline (add a review trailer) [unused-ignore]" \
	"the suppression is called out"

# --- a merge brings migrations it did not write -----------------------------
M="$T/merge"
new_repo "$M"
mkdir -p "$M/db/migrations"
git -C "$M" checkout -q -b topic
printf 'notes\n' >"$M/topic.md"
git -C "$M" add -A
git -C "$M" commit -q -m "Topic work"
git -C "$M" checkout -q main
printf -- '-- Generated by ChatGPT\nCREATE TABLE m (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\nCREATE INDEX other_idx ON other (id);\n' \
	>"$M/db/migrations/001_m.sql"
git -C "$M" add -A
git -C "$M" commit -q -m "Add m

$CLAUDE
Reviewed-by: Bob Example <bob@example.com>"
git -C "$M" checkout -q topic
git -C "$M" merge -q --no-edit main
merge=$(git -C "$M" rev-parse --short=12 topic)
addm=$(git -C "$M" rev-parse --short=12 main)
run "$MIGGUARD" check --repo "$M" --range topic~1..topic --each-commit
expect_rc 1 "--each-commit over a merge: the SQL finding of main's commit"
expect_out "db/migrations/001_m.sql:3:1: error: " "--each-commit: main's commit reports its own finding"
expect_out "(commit $addm)" "--each-commit: under main's commit"
expect_no_out "(commit $merge)" "--each-commit: the merge wrote nothing, reports nothing"
expect_no_out "ai-marker-unreviewed" "merge of a reviewed AI migration needs no review of its own"
run "$MIGGUARD" check --repo "$M" --range main..topic
expect_rc 0 "merge of a reviewed AI migration: range passes"

finish
