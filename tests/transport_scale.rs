//! Scale: 10,000 concurrent connections (one per session) against a loopback responder,
//! all answered, with the library's threads counted (≤ 8). `scale_bench` (ignored; run by
//! ci/bench-transport.sh) runs the responder in a child process and prints the thread
//! count and the memory per idle connection for BENCHMARKS.md.
//!
//! Needs RLIMIT_NOFILE of about 2 × N (the responder's sockets are in-process in the test):
//! the test raises it and skips with one line when it cannot.

mod transport_util;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mi::transport::{Connection, ConnectionOptions, Endpoint, Request, Runtime, Scheme};

const N: usize = 10_000;
const CHILD: &str = "MIRS_SCALE_RESPONDER_PORT_FILE";

/// Raises the open-file limit to `want` (root may raise the hard limit too).
fn raise_nofile(want: u64) -> Result<(), String> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one rlimit into the local we pass.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
        return Err("getrlimit failed".into());
    }
    if lim.rlim_cur >= want {
        return Ok(());
    }
    let new = libc::rlimit {
        rlim_cur: want,
        rlim_max: lim.rlim_max.max(want),
    };
    // SAFETY: setrlimit reads the rlimit we pass; failure leaves the limit unchanged.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &new) } != 0 {
        return Err(format!(
            "RLIMIT_NOFILE is {}/{} and cannot be raised to {want}",
            lim.rlim_cur, lim.rlim_max
        ));
    }
    Ok(())
}

fn threads_named(prefix: &str) -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
        .filter(|name| name.starts_with(prefix))
        .count()
}

fn all_threads() -> usize {
    std::fs::read_dir("/proc/self/task").unwrap().count()
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// A small async HTTP responder on its own thread (its own tokio runtime): every request
/// gets a 200 with a short body; connections stay open. Returns the port.
fn start_responder() -> u16 {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("responder".into())
        .spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()
                .unwrap();
            rt.block_on(async move {
                let socket = tokio::net::TcpSocket::new_v4().unwrap();
                socket.set_reuseaddr(true).unwrap();
                socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
                let listener = socket.listen(16_384).unwrap();
                tx.send(listener.local_addr().unwrap().port()).unwrap();
                loop {
                    let Ok((s, _)) = listener.accept().await else {
                        continue;
                    };
                    tokio::spawn(serve(s));
                }
            });
        })
        .unwrap();
    rx.recv().unwrap()
}

async fn serve(mut s: tokio::net::TcpStream) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let _ = s.set_nodelay(true);
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let end = loop {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break end;
            }
            match s.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map_or(0, |v| v.trim().parse().unwrap_or(0));
        while buf.len() < end + 4 + len {
            match s.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        buf.drain(..end + 4 + len);
        buf.shrink_to(0);
        let body = b"<s:Envelope>ok</s:Envelope>";
        let mut out = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
        out.extend_from_slice(body);
        if s.write_all(&out).await.is_err() {
            return;
        }
    }
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
        with_child_responder(|port| {
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

/// Runs `f` with the port of a responder running in a child process (this binary's
/// `responder_child`), so its sockets count against its own file limit and its memory
/// is not in our RSS.
fn with_child_responder(f: impl FnOnce(u16)) {
    let dir = std::env::temp_dir().join(format!("mirs-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port_file = dir.join("port");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "responder_child", "--nocapture"])
        .env(CHILD, &port_file)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let port: Option<u16> = loop {
        if let Ok(text) = std::fs::read_to_string(&port_file)
            && let Ok(p) = text.trim().parse()
        {
            break Some(p);
        }
        if start.elapsed() > Duration::from_secs(30) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        f(port.expect("the responder child did not start"))
    }));
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}

/// The responder in a child process (so the RSS measured here is ours alone).
#[test]
#[ignore = "the child half of scale_bench"]
fn responder_child() {
    let Some(file) = std::env::var_os(CHILD) else {
        println!("skipped: run by scale_bench only");
        return;
    };
    raise_nofile(N as u64 + 1000).unwrap();
    let port = start_responder();
    std::fs::write(&file, port.to_string()).unwrap();
    // Lives until the parent kills it (bounded anyway).
    std::thread::sleep(Duration::from_secs(600));
}

#[test]
#[ignore = "benchmark: ci/bench-transport.sh"]
fn scale_bench() {
    raise_nofile(N as u64 + 1000).unwrap();
    with_child_responder(|port| {
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
