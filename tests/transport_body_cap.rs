//! A 100 MB response against a 1 MB cap: a bounded error, the connection dropped, our
//! memory bounded. Alone in its test binary so the RSS measurement sees no other test.

mod scale_util;
mod transport_util;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mi::abi::MI_RESULT_SERVER_LIMITS_EXCEEDED;
use mi::transport::{Connection, ConnectionOptions, Endpoint, ErrorKind, Request, Runtime, Scheme};
use scale_util::rss_kib;
use transport_util::{Next, Server, with_timeout};

fn connect(server: &Server, options: ConnectionOptions) -> Connection {
    let rt = Runtime::acquire().unwrap();
    let ep = Endpoint::parse(&server.url(), Scheme::Http).unwrap();
    Connection::new(&rt, ep, options).unwrap()
}

fn soap(body: &str) -> Request {
    Request::soap(body.as_bytes().to_vec())
}

#[test]
fn a_100_mb_body_against_a_1_mb_cap_fails_bounded() {
    with_timeout(60, || {
        const HUNDRED_MB: usize = 100 * 1024 * 1024;
        for chunked in [false, true] {
            let written = Arc::new(AtomicUsize::new(0));
            let w = written.clone();
            let server = Server::start(move |c| {
                let head = if chunked {
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_string()
                } else {
                    format!("HTTP/1.1 200 OK\r\nContent-Length: {HUNDRED_MB}\r\n\r\n")
                };
                c.write(head.as_bytes());
                let block = vec![b'x'; 64 * 1024];
                let mut chunk = format!("{:x}\r\n", block.len()).into_bytes();
                chunk.extend_from_slice(&block);
                chunk.extend_from_slice(b"\r\n");
                let piece: &[u8] = if chunked { &chunk } else { &block };
                while w.load(Ordering::SeqCst) < HUNDRED_MB {
                    if c.stream.write_all(piece).is_err() {
                        break;
                    }
                    w.fetch_add(piece.len(), Ordering::SeqCst);
                }
                Next::Close
            });
            let conn = connect(
                &server,
                ConnectionOptions {
                    max_body_bytes: 1024 * 1024,
                    ..Default::default()
                },
            );
            let before = rss_kib();
            let e = conn.send_blocking(soap("x")).unwrap_err();
            assert_eq!(e.kind, ErrorKind::LimitExceeded, "{e}");
            assert_eq!(e.result(), MI_RESULT_SERVER_LIMITS_EXCEEDED);
            // The connection was dropped: the server's writes fail long before 100 MB.
            let start = Instant::now();
            let mut last = 0;
            while start.elapsed() < Duration::from_secs(10) {
                std::thread::sleep(Duration::from_millis(100));
                let now = written.load(Ordering::SeqCst);
                if now == last {
                    break;
                }
                last = now;
            }
            let total = written.load(Ordering::SeqCst);
            assert!(
                total < 32 * 1024 * 1024,
                "server wrote {total} bytes (chunked={chunked})"
            );
            let grown = rss_kib().saturating_sub(before);
            assert!(grown < 32 * 1024, "RSS grew by {grown} KiB (chunked={chunked})");
        }
    });
}
