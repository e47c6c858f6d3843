#!/usr/bin/env bash
# Runs each cargo-fuzz target of fuzz/ (libFuzzer, AddressSanitizer, debug assertions) for a
# bounded time, starting from its checked-in corpus fuzz/corpus/<target>/ (never written:
# new inputs go to target/fuzz-corpus/<target>/). A crash, a leak, a timeout or a failed
# check fails the run; the input that did it is left in fuzz/artifacts/<target>/.
#   ci/fuzz.sh [seconds-per-target]        (default 30)
#   MI_FUZZ_TARGETS="strings config_parse" ci/fuzz.sh 60   (a subset)
# Needs the nightly toolchain; installs cargo-fuzz when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
targets=${MI_FUZZ_TARGETS:-$(cd fuzz && cargo +nightly fuzz list)}
root=$PWD
for t in $targets; do
    scratch="$root/target/fuzz-corpus/$t"
    mkdir -p "$scratch"
    echo "fuzz: $t for ${seconds} s"
    cargo +nightly fuzz run --fuzz-dir fuzz --debug-assertions "$t" "$scratch" "$root/fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1
done
echo "fuzz: every target ran ${seconds} s without a failure"
