#!/usr/bin/env bash
# WS-Management benchmark (issue 11, BENCHMARKS.md): benches/wsman_bench.c, sequential
# GetInstance and Enumerate on one session, and a new session's first Get, over HTTP and
# HTTPS with Basic and with NTLM (sealed over HTTP), against OMI's
# omiserver from the kit: once on this library, once on OMI's libmi.so, same server, same
# run. TCP connections opened are counted as the sockets to the server's port that `ss`
# shows right after each run (each closed connection stays in TIME-WAIT for a minute).
#   sudo ci/bench-wsman.sh [N]     (default 2000; OMI_KIT=path overrides ../shared/omi)
set -euo pipefail
cd "$(dirname "$0")/.."
kit=${OMI_KIT:-../shared/omi}
n=${1:-2000}
[ -x "$kit/with-omiserver" ] && [ "$(id -u)" = 0 ] || { echo "bench-wsman: needs the omi-ref kit at $kit and root; skipped"; exit 0; }
cargo build --release --quiet
target=$(realpath "${CARGO_TARGET_DIR:-target}")
out=$target/bench-wsman
mkdir -p "$out"
cc -std=c11 -O2 -Wall -Wextra -Werror -Iinclude benches/wsman_bench.c -o "$out/wsman_bench" -L"$target/release" -lmi
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
# NTLM (NegoWithCreds: every message sealed over HTTP) needs gss-ntlmssp for the server
# and OMI's client, and OMI's client its credentials file in a user-only directory. The
# domain is the destination, so both clients send none (a local account of the server).
auths=Basic
if grep -qs 1.3.6.1.4.1.311.2.2.10 /etc/gss/mech.d/*; then auths="Basic NegoWithCreds"; else echo "bench-wsman: no gss-ntlmssp, NTLM rows skipped"; fi
"$kit/with-omiserver" sh -c "
creds=\$(mktemp -d); chmod 700 \$creds; cp \$OMI_NTLM_USER_FILE \$creds/c; chmod 600 \$creds/c
export NTLM_USER_FILE=\$creds/c OMI_DOMAIN=\$OMI_HOST
for auth in $auths; do
for scheme in http https; do
  port=\$OMI_HTTP_PORT; [ \$scheme = https ] && port=\$OMI_HTTPS_PORT
  echo \"== libmi-rs, \$scheme, \$auth\"
  LD_LIBRARY_PATH='$target/release' '$out/wsman_bench' \$scheme $n \$auth
  echo \"   TCP connections: \$(ss -tan | grep -c \":\$port \" || true)\"
  sleep 1
  echo \"== OMI libmi.so, \$scheme, \$auth\"
  LD_LIBRARY_PATH=\$OMI_LIBMI_DIR '$out/wsman_bench' \$scheme $n \$auth
  echo \"   TCP connections (with ours above still in TIME-WAIT): \$(ss -tan | grep -c \":\$port \" || true)\"
done
done
rm -rf \$creds"
