#!/usr/bin/env bash
# Benchmark of the WS-Management HTTP/TLS transport (issue 11, BENCHMARKS.md):
#  1. sequential requests on one connection against OMI's omiserver (omi-ref kit), over
#     HTTP and HTTPS, side by side with OMI's own client (omicli -R) in the same run;
#  2. 10,000 concurrent connections against a loopback responder (threads, memory);
#  3. the same through the MI API: 10,000 MI sessions on the WS-Management handler, one
#     GetInstance each, then idle (tests/wsman_scale.rs; threads, memory, close times).
#   sudo ci/bench-transport.sh [ops]   (default 10000; the omi part needs ../shared/omi and root)
# MIRS_BENCH_OMI_HTTPS_N (default 1000) bounds omicli over HTTPS (~45 ms per operation).
set -euo pipefail
cd "$(dirname "$0")/.."
kit=${OMI_KIT:-../shared/omi}
[ -x "$kit/with-omiserver" ] || kit=/work/shared/omi  # the workplace's copy of shared/omi
n=${1:-10000}
bins=$(cargo test --release --test transport_omi --test transport_scale --test wsman_scale --no-run --message-format=json 2>/dev/null |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p')
omi=$(echo "$bins" | grep '/transport_omi-')
scale=$(echo "$bins" | grep '/transport_scale-')
mi_scale=$(echo "$bins" | grep '/wsman_scale-')
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== scale (release)"
"$scale" --ignored --exact scale_bench --nocapture 2>&1 | grep '^scale:'
echo "== scale through the MI API (release)"
"$mi_scale" --ignored --exact scale_mi_bench --nocapture 2>&1 | grep '^scale-mi:'
if [ -x "$kit/with-omiserver" ] && [ "$(id -u)" = 0 ]; then
    echo "== against omiserver (release; same server, same run)"
    MIRS_TRANSPORT_OMI_INNER=1 MIRS_BENCH_N=$n "$kit/with-omiserver" \
        "$omi" --ignored --exact bench_inner --nocapture --test-threads=1 2>&1 | grep '^|'
else
    echo "bench-transport: no omi-ref kit at $kit or not root; omiserver part skipped"
fi
