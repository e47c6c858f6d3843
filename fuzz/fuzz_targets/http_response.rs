//! The transport's HTTP/1.1 response reader (head via httparse, Content-Length, chunked
//! with extensions and trailers, close-delimited) over arbitrary bytes handed out in
//! arbitrary pieces, under small caps: must never panic, hang or exceed a cap.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mi::fuzzing::http_response(data);
});
