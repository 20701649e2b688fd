#!/bin/sh
# valgrind-wrap.sh - run a program under valgrind memcheck for
# `make check-valgrind`: every error and every definite leak is written to a
# log in $MG_VALGRIND_LOGDIR (checked by the make rule afterwards) and makes
# the program exit 99, so a test asserting an exit code fails too.
# usage: valgrind-wrap.sh PROGRAM [ARG...]
#   MG_VALGRIND_LOGDIR  where the logs go (one per process)
: "${MG_VALGRIND_LOGDIR:?set MG_VALGRIND_LOGDIR}"
exec valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \
	--track-fds=no --num-callers=30 \
	--log-file="$MG_VALGRIND_LOGDIR/vg.%p.log" "$@"
