//! Scale: 10,000 concurrent connections (one per session) against a loopback responder,
//! all answered, with the library's threads counted (≤ 8). `scale_bench` (ignored; run by
//! ci/bench-transport.sh) runs the responder in a child process and prints the thread
//! count and the memory per idle connection for BENCHMARKS.md.
//!
//! Needs RLIMIT_NOFILE of about 2 × N (the responder's sockets are in-process in the test):
//! the test raises it and skips with one line when it cannot.

mod scale_util;
mod transport_util;

use scale_util::{all_threads, raise_nofile, rss_kib, threads_named};

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mi::transport::{Connection, ConnectionOptions, Endpoint, Request, Runtime, Scheme};

const N: usize = 10_000;
const CHILD: &str = "MIRS_SCALE_RESPONDER_PORT_FILE";

/// The responder: every request gets a 200 with a short body; connections stay open.
fn start_responder() -> u16 {
    scale_util::start_responder(Arc::new(|_, _| {
        scale_util::response("200 OK", "", b"<s:Envelope>ok</s:Envelope>")
    }))
}

struct Run {
    connections: Vec<Connection>,
    took: Duration,
    library_threads: usize,
}

/// Opens `n` connections and sends one request on each, all at once; waits for every
/// completion. Returns the idle connections.
fn run(port: u16, n: usize) -> Run {
    let rt = Runtime::acquire().unwrap();
    let ep = Endpoint::parse(&format!("127.0.0.1:{port}"), Scheme::Http).unwrap();
    let connections: Vec<Connection> = (0..n)
        .map(|_| {
            Connection::new(
                &rt,
                ep.clone(),
                ConnectionOptions {
                    timeout: Duration::from_secs(120),
                    ..Default::default()
                },
            )
            .unwrap()
        })
        .collect();
    let ok = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let start = Instant::now();
    for c in &connections {
        let (ok, failed, tx) = (ok.clone(), failed.clone(), tx.clone());
        c.send(Request::soap("<s:Envelope/>"), move |r| {
            match r {
                Ok(r) if r.status == 200 && r.body == b"<s:Envelope>ok</s:Envelope>" => {
                    ok.fetch_add(1, Ordering::SeqCst);
                }
                Ok(r) => {
                    eprintln!("status {}", r.status);
                    failed.fetch_add(1, Ordering::SeqCst);
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    failed.fetch_add(1, Ordering::SeqCst);
                }
            }
            let _ = tx.send(());
        });
    }
    drop(tx);
    for _ in 0..n {
        rx.recv_timeout(Duration::from_secs(120))
            .expect("a completion is missing");
    }
    let took = start.elapsed();
    assert_eq!(failed.load(Ordering::SeqCst), 0);
    assert_eq!(ok.load(Ordering::SeqCst), n);
    assert!(connections.iter().all(|c| c.connections_opened() == 1));
    let library_threads = threads_named("mi-transport");
    Run {
        connections,
        took,
        library_threads,
    }
}

#[test]
fn ten_thousand_concurrent_connections_on_a_few_library_threads() {
    if let Err(why) = raise_nofile(N as u64 + 1000) {
        println!("skipped: {why}");
        return;
    }
    transport_util::with_timeout(300, || {
        scale_util::with_child_responder("responder_child", CHILD, |port| {
            let before = threads_named("mi-transport");
            let r = run(port, N);
            println!(
                "{N} connections answered in {:.2} s; library threads {before} before, {} during",
                r.took.as_secs_f64(),
                r.library_threads
            );
            assert!(r.library_threads <= 8, "{} library threads", r.library_threads);
            // A second round on the same (idle, kept-alive) connections opens nothing new.
            let (tx, rx) = std::sync::mpsc::channel();
            for c in &r.connections {
                let tx = tx.clone();
                c.send(Request::soap("again"), move |res| {
                    let _ = tx.send(res.is_ok());
                });
            }
            for _ in 0..N {
                assert!(rx.recv_timeout(Duration::from_secs(120)).unwrap());
            }
            assert!(r.connections.iter().all(|c| c.connections_opened() == 1));
        });
    });
}

/// The responder in a child process (so the RSS measured here is ours alone).
#[test]
#[ignore = "the child half of scale_bench"]
fn responder_child() {
    scale_util::run_child_responder(CHILD, N as u64 + 1000, start_responder);
}

#[test]
#[ignore = "benchmark: ci/bench-transport.sh"]
fn scale_bench() {
    raise_nofile(N as u64 + 1000).unwrap();
    scale_util::with_child_responder("responder_child", CHILD, |port| {
        // Warm the runtime and the allocator first, so the delta is per connection.
        drop(run(port, 100));
        let (threads0, rss0) = (all_threads(), rss_kib());
        let r = run(port, N);
        std::thread::sleep(Duration::from_millis(500));
        let (threads1, rss1) = (all_threads(), rss_kib());
        println!(
            "scale: {N} concurrent connections, all answered in {:.2} s ({:.0} connects+requests/s)",
            r.took.as_secs_f64(),
            N as f64 / r.took.as_secs_f64()
        );
        println!(
            "scale: library threads during the run: {} (process threads {threads0} -> {threads1})",
            r.library_threads
        );
        println!(
            "scale: RSS {rss0} KiB -> {rss1} KiB idle: {:.1} KiB per idle connection",
            (rss1.saturating_sub(rss0)) as f64 / N as f64
        );
        drop(r);
    });
}
