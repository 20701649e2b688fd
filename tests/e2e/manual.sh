#!/bin/sh
# manual.sh - the manual pages lint clean, and cannot drift from the
# program: every rule id of `migguard rules`, every option of
# `migguard check --help` and every output format is documented.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

MAN="$TOP_SRCDIR/man"
PAGES="$MAN/migguard.1 $MAN/migguard.conf.5"
[ -f "$MAN/migguard-rules.5" ] && PAGES="$PAGES $MAN/migguard-rules.5"

# every page lints clean (groff, or Debian's mandoc when there is one)
if command -v groff >/dev/null 2>&1; then
	for p in $PAGES; do
		run groff -man -ww -z "$p"
		ntests=$((ntests + 1))
		if [ "$rc" -eq 0 ] && [ -z "$err" ]; then ok "groff -ww: $(basename "$p")"
		else fail "groff -ww: $(basename "$p"): $err"; fi
	done
fi
if command -v mandoc >/dev/null 2>&1; then
	for p in $PAGES; do
		run mandoc -T lint -W warning "$p"
		ntests=$((ntests + 1))
		if [ "$rc" -eq 0 ]; then ok "mandoc -T lint: $(basename "$p")"
		else fail "mandoc -T lint: $(basename "$p"): $out"; fi
	done
fi

# the text of all pages, with groff's \- as a plain hyphen
all=$(cat $PAGES | sed 's/\\-/-/g')
documented() { # documented WORD WHAT
	ntests=$((ntests + 1))
	case "$all" in *"$1"*) ok "$2 documented" ;; *) fail "$2 not in the manual" ;; esac
}

run "$MIGGUARD" rules --format json
expect_rc 0 "migguard rules --format json"
ids=$(printf '%s\n' "$out" | sed -n 's/.*{"id": "\([a-z0-9-]*\)".*/\1/p')
n=$(printf '%s\n' "$ids" | grep -c .)
ntests=$((ntests + 1))
if [ "$n" -gt 10 ]; then ok "$n rule ids listed"; else fail "only $n rule ids parsed from migguard rules"; fi
for id in $ids; do
	documented "$id" "rule $id"
done

# the RULE CATALOGUE of migguard-rules(5) is `migguard rules --format man`
if [ -f "$MAN/migguard-rules.5" ]; then
	run "$MIGGUARD" rules --format man
	page=$(sed -n '/^\.\\" BEGIN CATALOGUE/,/^\.\\" END CATALOGUE/p' "$MAN/migguard-rules.5" | sed '1d;$d')
	ntests=$((ntests + 1))
	if [ "$rc" -eq 0 ] && [ -n "$out" ] && [ "$page" = "$out" ]; then
		ok "migguard-rules.5 catalogue matches migguard rules"
	else
		fail "migguard-rules.5 catalogue differs from 'migguard rules --format man' (run make update-man)"
	fi
fi

run "$MIGGUARD" check --help
for opt in $(printf '%s\n' "$out" | sed -n 's/^  \(--[a-z-]*\).*/\1/p'); do
	documented "$opt" "check $opt"
done
for fmt in $("$MIGGUARD" check --help | sed -n 's/.*--format F *\([a-z|]*\).*/\1/p' | tr '|' ' '); do
	documented "$fmt" "format $fmt"
done

finish
