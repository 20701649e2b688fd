#!/bin/sh
# startup.sh - the executable's own definitions take the place of the
# libraries': when libgit2 reaches mbedtls, git_libgit2_init() must call
# migguard's mbedtls_x509_crt_parse_file (src/no_ca_bundle.c), which loads
# no CA bundle, not libmbedx509's, which parses the whole bundle (5 ms per
# run); libpg_query must serialise its parse trees with migguard's
# protobuf_c_message_pack (src/pbpack_interpose.c), not protobuf-c's.
. "$TOP_SRCDIR/tests/e2e/lib.sh"

command -v ldd >/dev/null 2>&1 || { echo "SKIP: no ldd"; exit 77; }
# the executable itself is inspected: under a wrapper (make check-valgrind
# runs a shell script that runs valgrind) there is nothing to inspect
if [ "$(head -c 4 "$MIGGUARD" | od -An -c | tr -d ' ')" != '177ELF' ]; then
	echo "SKIP: $MIGGUARD is not an ELF executable (a wrapper)"
	exit 77
fi
mbedtls=0
ldd "$MIGGUARD" 2>/dev/null | grep -q 'libmbedx509' && mbedtls=1
out= err= rc=0

# the executable exports the definitions ...
if command -v nm >/dev/null 2>&1; then
	nm -D --defined-only "$MIGGUARD" >"$T/dynsyms"
	for sym in protobuf_c_message_pack protobuf_c_message_get_packed_size \
		$( [ $mbedtls = 1 ] && echo mbedtls_x509_crt_parse_file); do
		ntests=$((ntests + 1))
		if grep -q " T $sym\$" "$T/dynsyms"; then
			ok "migguard exports $sym"
		else
			fail "migguard does not export $sym"
		fi
	done
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
# bound SYMBOL WHO WHAT: the first binding of SYMBOL is to the executable
bound() {
	ntests=$((ntests + 1))
	line=$(grep "symbol .$1'" "$T/bindings" | head -1)
	case "$line" in
	"") fail "$2 never called $1: $3" ;;
	*"to $MIGGUARD [0]"*) ok "$2's $1 binds to migguard's definition" ;;
	*) fail "$2's $1 binds elsewhere: $line" ;;
	esac
}
[ $mbedtls = 1 ] &&
	bound mbedtls_x509_crt_parse_file libgit2 "did the CA bundle load move?"
bound protobuf_c_message_pack libpg_query "does it still return protobuf?"
bound protobuf_c_message_get_packed_size libpg_query "does it still return protobuf?"
finish
