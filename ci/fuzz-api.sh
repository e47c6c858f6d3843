#!/usr/bin/env bash
# The randomized API fuzzer (tests/c/fuzz_api.c), both modes, for a fixed time per run:
#   1. plain: the library as `cargo build` makes it, SEEDS seeds;
#   2. AddressSanitizer: the library built with nightly `-Zsanitizer=address -Zbuild-std`
#      (std instrumented too), the fuzzer and the test handler with -fsanitize=address,
#      the same seeds;
#   3. valgrind (memcheck, leaks are errors): one seed, briefly.
# Usage: ci/fuzz-api.sh [SECONDS_PER_RUN]  (default MI_FUZZ_API_SECONDS or 10)
# Environment: MI_FUZZ_SEEDS (default "1 2 3"), MI_FUZZ_VALGRIND_SECONDS (default 3;
# 0 skips), MI_FUZZ_ASAN=0 skips the ASan step. Prints the iterations and seconds of each
# run and the totals; any failed check, sanitizer report, valgrind error or watchdog abort
# fails the script. Outputs are kept in target/fuzz-api/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${MI_FUZZ_API_SECONDS:-10}}
seeds=${MI_FUZZ_SEEDS:-1 2 3}
vg_seconds=${MI_FUZZ_VALGRIND_SECONDS:-3}
target=${CARGO_TARGET_DIR:-target}
out=$target/fuzz-api
mkdir -p "$out"
out=$(cd "$out" && pwd)
cc=${CC:-cc}
cflags=(-std=c11 -Wall -Wextra -Werror -g -pthread -I include)
total_iter=0
total_secs=0
plain_iter=0
asan_iter=0
started=$SECONDS

# Builds the test handler, its configuration and the fuzzer into DIR with extra FLAGS.
build_c() { # build_c DIR LIBDIR FLAGS...
    local dir=$1 libdir=$2
    shift 2
    mkdir -p "$dir"
    "$cc" "${cflags[@]}" "$@" -fPIC -shared -o "$dir/libtesthandler.so" tests/c/handler/testhandler.c -ldl
    "$cc" "${cflags[@]}" "$@" -o "$dir/fuzz_api" tests/c/fuzz_api.c -L "$libdir" -lmi -ldl
    printf 'loglevel = OFF\nprotocolhandler = TEST, %s/libtesthandler.so, TestHandler_Main, 1, 0\n' "$dir" >"$dir/omicli.conf"
}

# Runs one mode with one seed; adds its iterations to the totals.
run() { # run LABEL DIR LIBDIR MODE SEED SECONDS [WRAPPER...]
    local label=$1 dir=$2 libdir=$3 mode=$4 seed=$5 secs=$6
    shift 6
    local log="$dir/$mode-$seed.log" t0=$SECONDS
    if ! MI_FUZZ_MODE=$mode MI_FUZZ_SEED=$seed MI_FUZZ_SECONDS=$secs MI_FUZZ_HANG_SECONDS=${MI_FUZZ_HANG_SECONDS:-120} \
        MI_TEST_HANDLER="$dir/libtesthandler.so" MI_CONFIG="$dir/omicli.conf" LD_LIBRARY_PATH="$libdir" \
        "$@" "$dir/fuzz_api" >"$log" 2>&1; then
        echo "FUZZ-API FAILED: $label $mode seed $seed (log: $log)"
        grep -v '^libmi: ' "$log" | tail -40
        exit 1
    fi
    tail -n 1 "$log" | grep -q ' passed, 0 failed$' || {
        echo "FUZZ-API FAILED: $label $mode seed $seed: $(tail -n 1 "$log")"
        exit 1
    }
    local iter
    iter=$(sed -n 's/.*: \([0-9]*\) iterations in .*/\1/p' "$log" | tail -n 1)
    printf '%-8s %-6s seed %-4s %9s iterations in %3d s (%s)\n' "$label" "$mode" "$seed" "$iter" $((SECONDS - t0)) "$(tail -n 1 "$log")"
    total_iter=$((total_iter + iter))
    total_secs=$((total_secs + SECONDS - t0))
    case $label in plain) plain_iter=$((plain_iter + iter)) ;; asan) asan_iter=$((asan_iter + iter)) ;; esac
}

echo "== plain (${seconds} s per run, seeds: $seeds)"
cargo build -q
plain_lib=$(cd "$target/debug" && pwd)
build_c "$out/plain" "$plain_lib"
for seed in $seeds; do
    for mode in api values; do run plain "$out/plain" "$plain_lib" $mode "$seed" "$seconds"; done
done

if [ "${MI_FUZZ_ASAN:-1}" = 0 ]; then
    echo "ASAN SKIPPED: MI_FUZZ_ASAN=0"
else
    echo "== AddressSanitizer (${seconds} s per run)"
    host=$(rustc +nightly -vV | sed -n 's/^host: //p')
    t0=$SECONDS
    RUSTFLAGS="-Zsanitizer=address" cargo +nightly build -q -Zbuild-std --target "$host" --target-dir "$target/asan"
    echo "ASan library build: $((SECONDS - t0)) s"
    asan_lib=$(cd "$target/asan/$host/debug" && pwd)
    build_c "$out/asan" "$asan_lib" -fsanitize=address -fno-omit-frame-pointer
    # The Rust library carries its own ASan runtime (static); the C side links gcc's shared
    # one first, so the order check would refuse to start: both are the same ASan ABI.
    export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:verify_asan_link_order=0}"
    for seed in $seeds; do
        for mode in api values; do run asan "$out/asan" "$asan_lib" $mode "$seed" "$seconds"; done
    done
    unset ASAN_OPTIONS
fi

if [ "$vg_seconds" = 0 ]; then
    echo "VALGRIND SKIPPED: MI_FUZZ_VALGRIND_SECONDS=0"
else
    echo "== valgrind (${vg_seconds} s per mode, seed 1)"
    for mode in api values; do
        run valgrind "$out/plain" "$plain_lib" $mode 1 "$vg_seconds" \
            valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    done
fi
echo "fuzz-api: $total_iter iterations in $total_secs s of runs (plain $plain_iter, ASan $asan_iter), $((SECONDS - started)) s in all"
