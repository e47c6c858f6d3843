//! String decoding at the edge (`src/strings.rs`): every reader of a client's string.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mi::fuzzing::strings(data));
