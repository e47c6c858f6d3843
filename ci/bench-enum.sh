#!/usr/bin/env bash
# Enumeration benchmark of the provider host (issue 10, BENCHMARKS.md): benches/enum_bench.c
# streams N instances of a 10-property class from benches/providers/bench.c to an instance
# callback, on this library (provider in-process) for N = 100,000 and 1,000,000 (peak RSS
# of each run shows whether memory depends on N), and, when the omi-ref kit is there (root),
# on OMI's libmi.so + omiserver with the same provider and client in the same run.
#   ci/bench-enum.sh            (OMI_KIT=path overrides ../shared/omi; OMI_N its count)
set -euo pipefail
cd "$(dirname "$0")/.."
kit=${OMI_KIT:-../shared/omi}
cargo build --release --quiet
target=$(realpath "${CARGO_TARGET_DIR:-target}")
out=$target/bench-enum
mkdir -p "$out"
gcc -std=c99 -O2 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -Iinclude \
    benches/providers/bench.c -Wl,-z,defs -o "$out/libMIRS_Bench.so"
cc -std=c11 -O2 -Wall -Wextra -Werror -Iinclude benches/enum_bench.c -o "$out/enum_bench" \
    -pthread -L"$target/release" -lmi
printf 'providerregistrationdir = %s\nproviderdir = %s\n' "$PWD/benches/providers/register" "$out" >"$out/mi.conf"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== libmi-rs, provider in-process (operation count seconds instances/s peak-RSS-KiB)"
for n in 100000 1000000; do
    MI_CONFIG="$out/mi.conf" LD_LIBRARY_PATH="$target/release" "$out/enum_bench" "$n"
done
if [ ! -x "$kit/with-omiserver" ] || [ "$(id -u)" != 0 ]; then
    echo "== OMI: skipped (needs the omi-ref kit at $kit and root)"
    exit 0
fi
"$kit/with-omiserver" true >/dev/null # unpacks /opt/omi-ref
cp "$out/libMIRS_Bench.so" /opt/omi-ref/lib/
mkdir -p /opt/omi-ref/etc/omiregister/root-bench
cp benches/providers/register/root-bench/MIRS_Bench.reg /opt/omi-ref/etc/omiregister/root-bench/
n=${OMI_N:-100000}
echo "== OMI libmi.so + omiserver (local socket), same provider and client"
"$kit/with-omiserver" sh -c "LD_LIBRARY_PATH=\$OMI_LIBMI_DIR '$out/enum_bench' $n"
rm -f /opt/omi-ref/lib/libMIRS_Bench.so
rm -rf /opt/omi-ref/etc/omiregister/root-bench
