#!/usr/bin/env bash
# Runs every test of libmi-rs: the command README.md gives and the one .ci/run calls.
# Needs: a stable Rust toolchain with rustfmt and clippy, gcc, binutils, valgrind, and a
# nightly toolchain with miri and rust-src (.ci/run installs whatever is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "format (cargo fmt --check)"
cargo fmt --all -- --check

step "lints (cargo clippy -D warnings)"
cargo clippy --all-targets -- -D warnings

step "tests: Rust unit tests, header drift, exports, C client programs"
cargo test

step "C client programs under valgrind (memcheck, leaks are errors)"
MI_TEST_VALGRIND=1 cargo test --test c_programs

step "ABI layout of include/mi.h against the measured reference (x86_64, i386, MSVC-x86)"
abi_check="${MI_ABI_CHECK:-../shared/tools/abi-check}"
if [ "$abi_check" = skip ]; then
    echo "skipped (MI_ABI_CHECK=skip)"
else
    [ -x "$abi_check" ] || { echo "abi-check not found at $abi_check (set MI_ABI_CHECK=path or skip)"; exit 1; }
    for column in 1 2 3; do "$abi_check" include/mi.h --column "$column"; done
fi

step "Miri: handle table, in-callback record, panic boundary, strings, values, instances, options store"
MIRIFLAGS="${MIRIFLAGS:--Zmiri-strict-provenance}" \
    cargo +nightly miri test --lib -- handles:: callback:: boundary:: strings:: instance::value:: \
    instance::tests::dynamic options::

step "ThreadSanitizer: the concurrency core (nightly, std rebuilt instrumented)"
ci/tsan.sh

step "demo client"
ci/demo.sh
