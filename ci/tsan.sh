#!/usr/bin/env bash
# The concurrency core under ThreadSanitizer: the handle table's racing unit tests, the
# worker pools (limit and stall watch), the
# in-callback record, the application state machine, and tests/concurrency.rs (8 threads
# racing opens, operations, cancels and closes through the exported functions), with the
# standard library rebuilt instrumented (nightly, -Zbuild-std). A report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
host=$(rustc +nightly -vV | sed -n 's/^host: //p')
export RUSTFLAGS="-Zsanitizer=thread"
export RUSTDOCFLAGS="-Zsanitizer=thread"
export TSAN_OPTIONS="halt_on_error=1 abort_on_error=1 second_deadlock_stack=1"
cargo +nightly test -Zbuild-std --target "$host" --target-dir target/tsan \
    --lib --test concurrency -- handles:: callback:: application:: pool:: threads_ eight_threads
