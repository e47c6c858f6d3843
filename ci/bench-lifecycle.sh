#!/usr/bin/env bash
# Benchmarks of issue 3 (BENCHMARKS.md): builds the release library, the benchmark protocol
# handler (benches/bench_handler.c) and benches/lifecycle_bench.c, writes a configuration naming the handler, runs.
#   ci/bench-lifecycle.sh [iterations]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
out=$PWD/target/release/bench
mkdir -p "$out"
cc -std=c11 -O2 -Wall -Wextra -Werror -fPIC -shared -Iinclude \
    benches/bench_handler.c -o "$out/libbenchhandler.so"
cc -std=c11 -O2 -Wall -Wextra -Werror -Iinclude benches/lifecycle_bench.c -o "$out/lifecycle_bench" \
    -Ltarget/release -lmi -ldl
printf 'protocolhandler=TEST,%s/libbenchhandler.so,BenchHandler_Main,1,0\n' "$out" > "$out/omicli.conf"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
MI_CONFIG="$out/omicli.conf" LD_LIBRARY_PATH=target/release "$out/lifecycle_bench" "$out/libbenchhandler.so" "${1:-100000}"
