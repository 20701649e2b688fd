#!/bin/sh
# smoke.sh - build the libFuzzer targets with clang and run each for a
# bounded time (`make fuzz-smoke`).  Called by the make rule with:
#   FUZZ_CC        clang (needs libclang-rt-*-dev for -fsanitize=fuzzer)
#   FUZZ_CFLAGS    preprocessor and include flags of the build (no quotes)
#   pkgdatadir     for MG_PKGDATADIR
#   FUZZ_LIBS      libraries (libgit2, PCRE2, libpg_query, pthread)
#   FUZZ_SOURCES   the library sources (only *.c are compiled), relative to srcdir
#   FUZZ_TARGETS   target names: tests/fuzz/fuzz_<name>.c
#   FUZZ_SECONDS   time per target (default 30)
#   srcdir, builddir
# A crash leaves its input in $builddir/fuzz-build/<target>/crash-*; copy it
# to tests/fuzz/regressions/<target>/ once fixed, so `make check` replays it.
set -eu
: "${FUZZ_CC:=clang}" "${FUZZ_SECONDS:=30}"
: "${srcdir:?}" "${builddir:?}" "${FUZZ_TARGETS:?}" "${pkgdatadir:=/usr/share/migguard}"

if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
	echo "fuzz-smoke: $FUZZ_CC not found (install clang and libclang-rt-14-dev)" >&2
	exit 2
fi
out="$builddir/fuzz-build"
mkdir -p "$out/obj"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS="-g -O1 -Wall -Wextra -Werror $SAN $FUZZ_CFLAGS -I$srcdir/src -I$srcdir/tests/fuzz -I$builddir"

# the library, once, instrumented for coverage but without libFuzzer's main
# (in parallel: clang with ASan is slow)
objs=""
pids=""
for f in $FUZZ_SOURCES tests/fuzz/fuzz_common.c; do
	case "$f" in *.c) ;; *) continue ;; esac
	o="$out/obj/$(echo "$f" | tr / _ | sed 's/\.c$/.o/')"
	objs="$objs $o"
	if [ ! -f "$o" ] || [ "$srcdir/$f" -nt "$o" ]; then
		# shellcheck disable=SC2086
		$FUZZ_CC $CFLAGS "-DMG_PKGDATADIR=\"$pkgdatadir\"" -fsanitize=fuzzer-no-link \
			-c "$srcdir/$f" -o "$o" &
		pids="$pids $!"
	fi
done
for p in $pids; do
	wait "$p" || { echo "fuzz-smoke: compiling with $FUZZ_CC failed" >&2; exit 2; }
done
# an archive, so a target links only the objects it needs (not the commands)
rm -f "$out/libfuzz.a"
# shellcheck disable=SC2086
ar rcs "$out/libfuzz.a" $objs

failed=""
for t in $FUZZ_TARGETS; do
	bin="$out/fuzz_$t"
	# shellcheck disable=SC2086
	$FUZZ_CC $CFLAGS -fsanitize=fuzzer "$srcdir/tests/fuzz/fuzz_$t.c" "$out/libfuzz.a" \
		$FUZZ_LIBS -o "$bin"
	corpus="$out/$t/corpus"
	mkdir -p "$corpus"
	seeds=""
	for d in "$srcdir/tests/fuzz/corpus/$t" "$srcdir/tests/fuzz/regressions/$t"; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	case "$t" in
	sql|depth|pipeline) seeds="$seeds $srcdir/tests/fixtures/sql" ;;
	rules) seeds="$seeds $srcdir/rules" ;;
	esac
	echo "fuzz-smoke: $t for ${FUZZ_SECONDS}s"
	# shellcheck disable=SC2086
	if ! (cd "$out/$t" && ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}" \
		TOP_SRCDIR="$srcdir" MIGGUARD_RULES_DIR="$srcdir/rules" \
		"$bin" -max_total_time="$FUZZ_SECONDS" -max_len=65536 -timeout=20 \
		-rss_limit_mb=4096 -print_final_stats=1 -close_fd_mask=3 "$corpus" $seeds \
		>"$out/$t.log" 2>&1); then
		tail -40 "$out/$t.log" >&2
		failed="$failed $t"
	else
		grep -E '^stat::(number_of_executed_units|new_units_added)' "$out/$t.log" || true
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz-smoke: FAILED:$failed (inputs in $out/<target>/crash-*)" >&2
	exit 1
fi
echo "fuzz-smoke: all targets ran clean"
