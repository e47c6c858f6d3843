//! WS-Management responses: arbitrary bytes parsed as a response body (UTF-8 and UTF-16
//! charsets), and every instance found typed with and without a class model. Must never
//! panic, hang or grow memory without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mi::fuzzing::wsman_response(data);
});
