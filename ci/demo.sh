#!/usr/bin/env bash
# The main job: builds libmi.so (release), the sample provider (providers/sample) and the
# demo client (examples/demo.c), then runs the demo on the in-process provider host, which
# serves live data of this machine through the sample provider. No server is involved.
# Extra arguments go to the demo (`ci/demo.sh NAMESPACE CLASS` enumerates that class).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
target=$(realpath "${CARGO_TARGET_DIR:-target}")
out=$target/demo
mkdir -p "$out"
ci/build-sample-provider.sh "$out/providers" >/dev/null
cc -std=c11 -Wall -Wextra -Werror -Iinclude examples/demo.c -L"$target/release" -lmi -o "$out/demo"
# Point the host at the sample provider's registration (OMI's layout, unchanged).
cat >"$out/demo.conf" <<CONF
providerregistrationdir = $PWD/providers/sample/register
providerdir = $out/providers
CONF
MI_CONFIG="$out/demo.conf" LD_LIBRARY_PATH="$target/release" "$out/demo" "$@"
