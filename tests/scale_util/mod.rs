//! Shared pieces of the scale tests (`transport_scale`, `wsman_scale`): the open-file
//! limit, thread and memory readings of this process, an asynchronous loopback HTTP
//! responder for thousands of kept-alive connections, and a way to run it in a child
//! process (this same test binary, running one of its ignored tests) so its sockets count
//! against its own limit and its memory is not in the RSS we measure.

#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Raises the open-file limit to `want` (root may raise the hard limit too).
pub fn raise_nofile(want: u64) -> Result<(), String> {
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

/// The names of this process's threads (`/proc/self/task/*/comm`).
pub fn thread_names() -> Vec<String> {
    std::fs::read_dir("/proc/self/task")
        .map(|d| {
            d.filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
                .map(|n| n.trim_end().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// How many of this process's threads have a name starting with `prefix`.
pub fn threads_named(prefix: &str) -> usize {
    thread_names().iter().filter(|n| n.starts_with(prefix)).count()
}

pub fn all_threads() -> usize {
    std::fs::read_dir("/proc/self/task").map_or(0, |d| d.count())
}

pub fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Runs `f` with the port of a responder running in a child process: this binary's
/// ignored test `child_test`, given the file to write its port into in the environment
/// variable `env`. The child is killed when `f` returns (or panics).
pub fn with_child_responder(child_test: &str, env: &str, f: impl FnOnce(u16)) {
    let dir = std::env::temp_dir().join(format!("mirs-scale-{}-{child_test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port_file = dir.join("port");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", child_test, "--nocapture"])
        .env(env, &port_file)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let port = wait_port(&port_file, Duration::from_secs(30));
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

/// The body of a test binary's ignored `responder_child` (the child half of
/// [`with_child_responder`], its port file named by the environment variable `env`):
/// raises the file limit to `nofile`, starts the responder and writes its port, then
/// lives until the parent kills it.
pub fn run_child_responder(env: &str, nofile: u64, start: impl FnOnce() -> u16) {
    let Some(file) = std::env::var_os(env) else {
        println!("skipped: run by this binary's scale tests only");
        return;
    };
    raise_nofile(nofile).unwrap();
    let port = start();
    std::fs::write(&file, port.to_string()).unwrap();
    live_while_parent(Duration::from_secs(900));
}

/// Keeps the process alive (the responder runs on its own threads) until the parent kills
/// it, or returns when the parent is gone (a parent that failed in a timeout wrapper never
/// gets to kill it), after `limit` at the latest.
fn live_while_parent(limit: Duration) {
    // SAFETY: getppid has no preconditions.
    let parent = unsafe { libc::getppid() };
    let start = Instant::now();
    // SAFETY: as above.
    while unsafe { libc::getppid() } == parent && start.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn wait_port(file: &Path, limit: Duration) -> Option<u16> {
    let start = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(file)
            && let Ok(p) = text.trim().parse()
        {
            return Some(p);
        }
        if start.elapsed() > limit {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// TCP connections the responder of this process has accepted.
pub static ACCEPTED: AtomicUsize = AtomicUsize::new(0);

/// What the responder does with one request (its head, without the blank line, and its
/// body): the bytes of the whole response.
pub type Answer = dyn Fn(&str, &[u8]) -> Vec<u8> + Send + Sync;

/// A response: the status line's `status` ("200 OK"), `headers` (each ending in CRLF),
/// a Content-Length and `body`.
pub fn response(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// An HTTP/1.1 responder on its own thread (its own tokio runtime, so thousands of
/// connections cost no threads): requests answered in order by `answer` on each
/// connection, connections kept open, each accepted one counted in [`ACCEPTED`].
/// Returns the port.
pub fn start_responder(answer: Arc<Answer>) -> u16 {
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
                    ACCEPTED.fetch_add(1, Ordering::SeqCst);
                    tokio::spawn(serve(s, answer.clone()));
                }
            });
        })
        .unwrap();
    rx.recv().unwrap()
}

async fn serve(mut s: tokio::net::TcpStream, answer: Arc<Answer>) {
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
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        let len: usize = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse().ok())?
            })
            .unwrap_or(0);
        while buf.len() < end + 4 + len {
            match s.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let out = answer(&head, &buf[end + 4..end + 4 + len]);
        // Idle connections keep no buffer.
        buf.drain(..end + 4 + len);
        buf.shrink_to(0);
        if s.write_all(&out).await.is_err() {
            return;
        }
    }
}
