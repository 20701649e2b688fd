#!/bin/sh
# startup.sh - start-up work proportional to the mode: when libgit2 reaches
# mbedtls, git_libgit2_init() must call migguard's own
# mbedtls_x509_crt_parse_file (src/no_ca_bundle.c), which loads no CA bundle,
# and not libmbedx509's, which parses the whole bundle (5 ms per run).
. "$TOP_SRCDIR/tests/e2e/lib.sh"

command -v ldd >/dev/null 2>&1 || { echo "SKIP: no ldd"; exit 77; }
if ! ldd "$MIGGUARD" 2>/dev/null | grep -q 'libmbedx509'; then
	echo "SKIP: libgit2 does not use mbedtls here: nothing to interpose"
	exit 77
fi
out= err= rc=0

# the executable exports the definition ...
if command -v nm >/dev/null 2>&1; then
	ntests=$((ntests + 1))
	if nm -D --defined-only "$MIGGUARD" | grep -q ' T mbedtls_x509_crt_parse_file$'; then
		ok "migguard exports mbedtls_x509_crt_parse_file"
	else
		fail "migguard does not export mbedtls_x509_crt_parse_file"
	fi
fi

# ... and libgit2's call binds to it (LD_DEBUG=bindings: glibc's dynamic
# linker reports each symbol binding it makes)
mkdir -p "$T/w"
printf 'CREATE TABLE t (id bigint);\n' >"$T/w/001_t.sql"
cd "$T/w" || exit 1
LD_DEBUG=bindings LD_DEBUG_OUTPUT="$T/ld" run "$MIGGUARD" check 001_t.sql
expect_rc 0 "a clean file on disk, with libgit2 initialised"
cat "$T"/ld.* >"$T/bindings" 2>/dev/null
if ! grep -q "binding file" "$T/bindings"; then
	echo "SKIP: the dynamic linker has no LD_DEBUG=bindings (not glibc)"
	finish
	exit $?
fi
ntests=$((ntests + 1))
line=$(grep "symbol .mbedtls_x509_crt_parse_file" "$T/bindings" | head -1)
case "$line" in
"") fail "libgit2 never called mbedtls_x509_crt_parse_file: did the CA bundle load move?" ;;
*"to $MIGGUARD [0]"*) ok "libgit2's CA bundle load binds to migguard's definition" ;;
*) fail "libgit2's CA bundle load binds elsewhere: $line" ;;
esac
finish
