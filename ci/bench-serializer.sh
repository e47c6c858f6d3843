#!/usr/bin/env bash
# Benchmark of the MI_XML and MOF serializers and deserializers (BENCHMARKS.md): builds the
# release library, compiles benches/serializer_bench.c against include/mi.h, runs it on
# ours and, when /opt/omi-ref/lib/libmi.so exists, on OMI's (same binary, same calls).
#   ci/bench-serializer.sh [iterations]   (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
lib=${CARGO_TARGET_DIR:-target}/release
out=$lib/bench
mkdir -p "$out"
cc -std=c11 -O2 -Wall -Wextra -Werror -Iinclude benches/serializer_bench.c -o "$out/serializer_bench" \
    -L"$lib" -lmi
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "== libmi-rs"
LD_LIBRARY_PATH=$lib "$out/serializer_bench" "${1:-20000}"
if [ -e /opt/omi-ref/lib/libmi.so ]; then
    echo "== OMI (/opt/omi-ref/lib/libmi.so)"
    LD_LIBRARY_PATH=/opt/omi-ref/lib "$out/serializer_bench" "${1:-20000}" || echo "(OMI run failed)"
fi
