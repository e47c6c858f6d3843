//! The transport runtime's lifetime (docs/SPEC.md §3.5): its thread starts on first use, the
//! last handle's drop joins it (no library thread left), and it starts again afterwards.
//! Alone in its test binary: the runtime is process-wide.

mod transport_util;

use std::time::Duration;

use mi::transport::{Connection, ConnectionOptions, Endpoint, ErrorKind, Request, Runtime, Scheme};
use transport_util::{Next, Server, with_timeout};

/// Threads of this process whose name starts with the runtime's.
fn library_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
        .filter(|name| name.starts_with("mi-transport"))
        .count()
}

#[test]
fn runtime_starts_on_first_use_and_is_joined_by_the_last_release() {
    with_timeout(60, || {
        let server = Server::start(|c| {
            if c.req.body == b"stall" {
                std::thread::sleep(Duration::from_secs(3));
                return Next::Close;
            }
            c.ok(b"ok");
            Next::Keep
        });
        assert_eq!(library_threads(), 0);
        for round in 0..3 {
            let rt = Runtime::acquire().unwrap();
            let app2 = Runtime::acquire().unwrap();
            assert_eq!(library_threads(), 1, "round {round}");
            // "localhost" goes through the resolver (the blocking pool).
            let ep = Endpoint::parse(&format!("localhost:{}", server.port), Scheme::Http).unwrap();
            let conn = Connection::new(&rt, ep, ConnectionOptions::default()).unwrap();
            assert_eq!(conn.send_blocking(Request::soap("x")).unwrap().body, b"ok");
            let n = library_threads();
            assert!((1..=1 + 2).contains(&n), "{n} library threads");
            // A request still in flight when its connection is dropped: its completion
            // runs once, at once, with Shutdown.
            let (tx, rx) = std::sync::mpsc::channel();
            conn.send(Request::soap("stall"), move |r| {
                tx.send(r.map(|_| ()).unwrap_err().kind).unwrap();
            });
            std::thread::sleep(Duration::from_millis(50));
            drop(conn);
            assert_eq!(
                rx.recv_timeout(Duration::from_secs(1)).unwrap(),
                ErrorKind::Shutdown
            );
            drop(rt);
            assert!(library_threads() >= 1, "one handle is left");
            drop(app2);
            // Joined by the drop itself: nothing left now, not "soon".
            assert_eq!(library_threads(), 0, "round {round}");
        }
    });
}
