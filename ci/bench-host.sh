#!/usr/bin/env bash
# Benchmark of the provider host (issue 10, BENCHMARKS.md): the same client
# (benches/host_bench.c, MI API only) and the same provider (OMI's compiled PersonProvider
# from the omi-ref kit), once on this library (the provider in-process) and once on OMI's
# libmi.so against OMI's omiserver (over its local socket), in the same run.
#   sudo ci/bench-host.sh [iterations]   (default 20000; needs ../shared/omi and root)
set -euo pipefail
cd "$(dirname "$0")/.."
kit=${OMI_KIT:-../shared/omi}
n=${1:-20000}
[ -x "$kit/with-omiserver" ] || { echo "bench-host: no omi-ref kit at $kit; skipped"; exit 0; }
cargo build --release --quiet
target=$(realpath "${CARGO_TARGET_DIR:-target}")
out=$target/bench-host
mkdir -p "$out"
cc -std=c11 -O2 -Wall -Wextra -Werror -Iinclude benches/host_bench.c -o "$out/host_bench" -pthread -L"$target/release" -lmi
"$kit/with-omiserver" true >/dev/null  # unpacks /opt/omi-ref
printf 'providerregistrationdir = /opt/omi-ref/etc/omiregister\nproviderdir = /opt/omi-ref/lib\n' >"$out/omi.conf"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "== libmi-rs, provider in-process (operation iterations mean-us)"
MI_CONFIG="$out/omi.conf" LD_LIBRARY_PATH="$target/release" "$out/host_bench" "$n"
echo "== OMI libmi.so + omiserver (local socket), same provider (operation iterations mean-us)"
"$kit/with-omiserver" sh -c "LD_LIBRARY_PATH=\$OMI_LIBMI_DIR '$out/host_bench' $((n / 10))"
