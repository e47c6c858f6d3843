#!/usr/bin/env bash
# Benchmark of instance element operations (BENCHMARKS.md): builds the release library,
# compiles benches/instance_bench.c against include/mi.h and runs it.
#   ci/bench-instance.sh [iterations]   (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
out=target/release/bench
mkdir -p "$out"
cc -std=c11 -O2 -Wall -Wextra -Werror -Iinclude benches/instance_bench.c -o "$out/instance_bench" \
    -Ltarget/release -lmi
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
LD_LIBRARY_PATH=target/release "$out/instance_bench" "${1:-200000}"
