//! WQL: parse arbitrary bytes (as text); when they parse, evaluate the query against a
//! fixed instance and check that printing it reads back the same query. Must never
//! panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mi::fuzzing::wql_parse(data);
});
