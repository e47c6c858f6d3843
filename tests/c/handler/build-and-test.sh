#!/bin/sh
# build-and-test.sh OUTDIR - builds the test protocol handler and its direct driver into
# OUTDIR and runs the driver (no libmi involved).
#
# Environment:
#   CC                    compiler (default cc)
#   MI_TEST_VALGRIND=1    also run the driver under valgrind (errors, definite leaks fail)
#   MI_TEST_TSAN=1        also build both with -fsanitize=thread into OUTDIR/tsan and run
#   MI_TEST_STRESS_ROUNDS stress rounds per driver thread (default 30)
# Exit status: 0 if every run passed.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
out=$1
cc=${CC:-cc}
mkdir -p "$out"

cflags="-std=c11 -Wall -Wextra -Werror -pthread -I$repo/include"

build() { # build DIR EXTRA_FLAGS...
    dir=$1
    shift
    mkdir -p "$dir"
    "$cc" $cflags "$@" -fPIC -shared -o "$dir/libtesthandler.so" "$here/testhandler.c" -ldl
    "$cc" $cflags "$@" -rdynamic -o "$dir/handler_direct" "$here/handler_direct.c" -ldl
}

status=0
run() { # run LABEL COMMAND...
    label=$1
    shift
    echo "== $label" >&2
    if "$@"; then
        echo "== $label: ok" >&2
    else
        echo "== $label: FAILED (exit $?)" >&2
        status=1
    fi
}

build "$out"
run "handler_direct" "$out/handler_direct" "$out/libtesthandler.so"

if [ "${MI_TEST_VALGRIND:-0}" = 1 ]; then
    MI_TEST_WATCHDOG_SECS=${MI_TEST_WATCHDOG_SECS:-600} \
        run "handler_direct under valgrind" \
        valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        "$out/handler_direct" "$out/libtesthandler.so"
fi

if [ "${MI_TEST_TSAN:-0}" = 1 ]; then
    build "$out/tsan" -g -O1 -fsanitize=thread
    TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}" \
        run "handler_direct under ThreadSanitizer" \
        "$out/tsan/handler_direct" "$out/tsan/libtesthandler.so"
fi

exit $status
