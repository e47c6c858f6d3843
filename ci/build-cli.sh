#!/bin/sh
# Builds the command-line client cli/micli.c -> OUTDIR/micli (default: target/cli), linked
# against the libmi.so of target/<profile>/ (PROFILE, default debug; CARGO_TARGET_DIR is
# honoured; MI_LIB_DIR names the folder directly). No rpath: run it with LD_LIBRARY_PATH
# pointing at the libmi.so to use, as any client of libmi.so. CC overrides cc.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$here/target/cli"}
lib=${MI_LIB_DIR:-"${CARGO_TARGET_DIR:-$here/target}/${PROFILE:-debug}"}
if [ ! -f "$lib/libmi.so" ]; then
    echo "build-cli.sh: no libmi.so in $lib (run cargo build first, or set MI_LIB_DIR)" >&2
    exit 1
fi
mkdir -p "$out"
"${CC:-cc}" -std=c11 -Wall -Wextra -Werror -O2 -g -I"$here/include" \
    "$here/cli/micli.c" -L"$lib" -lmi -o "$out/micli"
echo "$out/micli"
