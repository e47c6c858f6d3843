#!/usr/bin/env bash
# Runs every test of libmi-rs: the command README.md gives and the one .ci/run calls.
# Needs: a stable Rust toolchain with rustfmt and clippy, gcc, binutils (nm, readelf),
# python3, valgrind, and a nightly toolchain with miri and rust-src (.ci/run installs
# whatever is missing); the fuzz step installs cargo-fuzz itself when it is missing.
# Optional, each skipped with one line when absent: the Windows tools (the Rust target
# x86_64-pc-windows-gnu, gcc-mingw-w64-x86-64, wine) and the external abi-check tool
# (../shared/tools/abi-check, or MI_ABI_CHECK=path; MI_ABI_CHECK=skip). The repository's
# own ABI checks (tests/abi_layout.rs, the asserts in src/abi/layout.rs) always run.
# MI_FUZZ_SECONDS sets the fuzzing time per target (default 30; 0 skips the step).
# MI_FUZZ_API_SECONDS sets the time of each API fuzzer run (ci/fuzz-api.sh: 3 seeds x 2
# modes, plain and under ASan, plus valgrind; default 10, about 3 min in all; 0 skips).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
join() { # join SEPARATOR ITEM...
    local sep=$1 out=$2
    shift 2
    for x in "$@"; do out+="$sep$x"; done
    printf '%s' "$out"
}

# ---- Tools first: say at once what is missing and which steps it would break ----------
missing=()
need() { # need TOOL STEPS COMMAND...: records TOOL unless COMMAND succeeds
    local tool=$1 steps=$2
    shift 2
    "$@" >/dev/null 2>&1 || missing+=("$tool ($steps)")
}
has_nightly_component() { rustup +nightly component list --installed 2>/dev/null | grep -q "^$1"; }
need "stable cargo" "every step" cargo --version
need rustfmt "format" cargo fmt --version
need clippy "lints" cargo clippy --version
need "gcc/cc" "tests, valgrind, demo" command -v "${CC:-cc}"
need "nm, readelf (binutils)" "tests/exports.rs" command -v nm readelf
need python3 "tests/abi_layout.rs, tests/options_exports.rs" command -v python3
need valgrind "valgrind" command -v valgrind
need "nightly toolchain" "Miri, ThreadSanitizer, fuzz" rustc +nightly --version
need "miri (nightly)" "Miri" cargo +nightly miri --version
need "rust-src (nightly)" "Miri, ThreadSanitizer" has_nightly_component rust-src
if [ "${#missing[@]}" -gt 0 ]; then
    echo "MISSING TOOLS, so these steps would fail: $(join "; " "${missing[@]}"); install them (.ci/run does) and run again"
    exit 1
fi

fuzz_seconds=${MI_FUZZ_SECONDS:-30}
abi_check="${MI_ABI_CHECK:-../shared/tools/abi-check}"
windows_missing=()
command -v x86_64-w64-mingw32-gcc >/dev/null || windows_missing+=(x86_64-w64-mingw32-gcc)
command -v wine >/dev/null || windows_missing+=(wine)
rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu ||
    windows_missing+=("the Rust target x86_64-pc-windows-gnu")
optional=()
[ "${#windows_missing[@]}" -eq 0 ] || optional+=("Windows tests (no $(join ", " "${windows_missing[@]}"))")
[ "$abi_check" = skip ] || [ -x "$abi_check" ] || optional+=("external abi-check (not at $abi_check)")
fuzz_note=""
command -v cargo-fuzz >/dev/null || [ "$fuzz_seconds" = 0 ] ||
    fuzz_note=" (cargo-fuzz is missing: the fuzz step installs it)"
if [ "${#optional[@]}" -eq 0 ]; then
    echo "tools: every required and optional tool is present$fuzz_note"
else
    echo "tools: every required tool is present$fuzz_note; optional, skipped with one line each: $(join "; " "${optional[@]}")"
fi

step "format (cargo fmt --check)"
cargo fmt --all -- --check

step "lints (cargo clippy -D warnings)"
cargo clippy --all-targets -- -D warnings

step "tests: Rust unit tests, header drift, ABI layout, exports, C client programs"
# tests/windows.rs runs in its own step below.
MI_TEST_WINDOWS=0 cargo test

step "WS-Man codec against OMI's server (the omi-ref kit; skipped with one line without it or root)"
kit=${OMI_KIT:-../shared/omi}
if [ -x "$kit/with-omiserver" ] && [ "$(id -u)" = 0 ]; then
    "$kit/with-omiserver" cargo test --lib wsman::tests::live_omi_server -- --nocapture
else
    echo "wsman live: skipped (needs root and the kit at $kit)"
fi

step "C client programs under valgrind (memcheck, leaks are errors)"
MI_TEST_VALGRIND=1 cargo test --test c_programs
# The NTLM client against pyspnego (HTTP only under valgrind: tests/wsman_ntlm.rs says why;
# skipped with one line without pyspnego).
MI_TEST_VALGRIND=1 cargo test --test wsman_ntlm
# The WS-Man handler against its fake responder (~20-30 s under memcheck).
MI_TEST_VALGRIND=1 cargo test --test wsman_fake

step "ABI layout of include/mi.h, external abi-check (x86_64, i386, MSVC-x86; Windows x64 and x86)"
if [ "$abi_check" = skip ]; then
    echo "ABI-CHECK SKIPPED: MI_ABI_CHECK=skip (tests/abi_layout.rs checked include/mi.h against ci/abi/mi-abi-layout.tsv above)"
elif [ ! -x "$abi_check" ]; then
    echo "ABI-CHECK SKIPPED: the external tool is not at $abi_check (MI_ABI_CHECK=path to name it); tests/abi_layout.rs checked include/mi.h against ci/abi/mi-abi-layout.tsv above"
else
    for column in 1 2 3; do "$abi_check" include/mi.h --column "$column"; done
    # The Windows view of the header (_WIN32: MI_Char = wchar_t, MI_CALL = __stdcall) on
    # Windows x64 (column 1) and 32-bit Windows (column 3). MI_Char itself is left out: the
    # measured table has OMI's 1-byte char, Windows has a 2-byte wchar_t (asserted by the
    # Windows C tests); the MI_Char16* types are checked in a second run.
    for column in 1 3; do
        "$abi_check" ci/abi/mi-windows.h --column "$column" --skip MI_Char
        "$abi_check" ci/abi/mi-windows.h --column "$column" --only MI_Char16
    done
fi

step "Windows: mi.dll (x86_64-pc-windows-gnu): lints, exports, C tests under wine"
if [ "${#windows_missing[@]}" -gt 0 ]; then
    echo "WINDOWS TESTS SKIPPED: no $(join ", " "${windows_missing[@]}") (.ci/run installs them)"
else
    cargo clippy --lib --target x86_64-pc-windows-gnu -- -D warnings
    MI_TEST_WINDOWS=1 cargo test --test windows -- --nocapture
fi

step "C client programs under AddressSanitizer (library: nightly -Zsanitizer=address -Zbuild-std)"
host=$(rustc +nightly -vV | sed -n 's/^host: //p')
RUSTFLAGS="-Zsanitizer=address" MI_TEST_CFLAGS="-fsanitize=address -fno-omit-frame-pointer" \
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:verify_asan_link_order=0" \
    cargo +nightly test -Zbuild-std --target "$host" --target-dir "${CARGO_TARGET_DIR:-target}/asan" \
    --test c_programs

step "API fuzzer: ${MI_FUZZ_API_SECONDS:-10} s per run, 3 seeds, plain, ASan, valgrind (MI_FUZZ_API_SECONDS)"
if [ "${MI_FUZZ_API_SECONDS:-10}" = 0 ]; then
    echo "API FUZZER SKIPPED: MI_FUZZ_API_SECONDS=0"
else
    ci/fuzz-api.sh "${MI_FUZZ_API_SECONDS:-10}"
fi

step "Miri: handle table, in-callback record, panic boundary, strings, values, instances, options store"
MIRIFLAGS="${MIRIFLAGS:--Zmiri-strict-provenance}" \
    cargo +nightly miri test --lib -- handles:: callback:: boundary:: strings:: instance::value:: \
    ffi::instance::tests::dynamic options:: ffi::serializer::tests::every_type \
    ffi::serializer::tests::schema_backed ffi::serializer::tests::classes_survive

step "ThreadSanitizer: the concurrency core (nightly, std rebuilt instrumented)"
ci/tsan.sh

step "fuzzing: cargo-fuzz targets, ${fuzz_seconds} s each (MI_FUZZ_SECONDS)"
if [ "$fuzz_seconds" = 0 ]; then
    echo "FUZZING SKIPPED: MI_FUZZ_SECONDS=0"
else
    ci/fuzz.sh "$fuzz_seconds"
fi

step "demo client"
ci/demo.sh
