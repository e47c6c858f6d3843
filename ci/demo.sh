#!/usr/bin/env bash
# Builds libmi.so (release) and the demo client, then runs the demo against it.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
mkdir -p target/demo
cc -std=c11 -Wall -Wextra -Werror -Iinclude examples/demo.c -Ltarget/release -lmi -o target/demo/demo
LD_LIBRARY_PATH="$PWD/target/release" target/demo/demo
