#!/bin/sh
# Builds the sample MI provider providers/sample -> OUTDIR/libMIRS_Sample.so (default:
# target/sample-provider). SANITIZE=address adds -fsanitize=address; CC overrides gcc.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$here/target/sample-provider"}
mkdir -p "$out"
cc=${CC:-gcc}
extra=""
if [ "${SANITIZE:-}" = "address" ]; then
    extra="-fsanitize=address -fno-omit-frame-pointer"
fi
src="$here/providers/sample"
# shellcheck disable=SC2086
"$cc" -std=c99 -O2 -g -Wall -Wextra -Werror -fPIC -shared -pthread \
    -fvisibility=hidden $extra -I"$here/include" -I"$src" \
    "$src"/module.c "$src"/schema.c "$src"/common.c \
    "$src"/MIRS_OperatingSystem.c "$src"/MIRS_Process.c "$src"/MIRS_Mount.c \
    "$src"/MIRS_NetworkInterface.c "$src"/MIRS_ProcessParent.c "$src"/MIRS_Note.c \
    "$src"/MIRS_Heartbeat.c \
    -Wl,-z,defs -o "$out/libMIRS_Sample.so"
echo "$out/libMIRS_Sample.so"
