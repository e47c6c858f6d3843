//! The configuration-file parser (`src/config.rs`) on arbitrary text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mi::fuzzing::config_parse(data));
