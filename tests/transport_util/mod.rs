//! Shared pieces of the transport tests: a scripted loopback HTTP/1.1 server (plain TCP
//! or rustls), a request reader, and a timeout wrapper for threaded tests.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// Runs `f` on a thread and fails the test if it does not finish within `secs`.
pub fn with_timeout<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let t = std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(v) => {
            t.join().unwrap();
            v
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => match t.join() {
            Err(p) => std::panic::resume_unwind(p),
            Ok(()) => unreachable!(),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("test did not finish within {secs} s"),
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Req {
    pub head: String,
    pub body: Vec<u8>,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

pub trait Io: Read + Write + Send {}
impl<T: Read + Write + Send> Io for T {}

/// Reads one request (head + Content-Length body); `None` on EOF/error before one.
pub fn read_request(s: &mut dyn Io, pending: &mut Vec<u8>) -> Option<Req> {
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&pending[..end]).into_owned();
            let len = head
                .lines()
                .find_map(|l| {
                    let (n, v) = l.split_once(':')?;
                    n.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            while pending.len() < end + 4 + len {
                let n = s.read(&mut chunk).ok()?;
                if n == 0 {
                    return None;
                }
                pending.extend_from_slice(&chunk[..n]);
            }
            let body = pending[end + 4..end + 4 + len].to_vec();
            pending.drain(..end + 4 + len);
            return Some(Req { head, body });
        }
        let n = s.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        pending.extend_from_slice(&chunk[..n]);
    }
}

/// What a handler sees of one request.
pub struct Ctx<'a> {
    pub stream: &'a mut dyn Io,
    /// 0-based index of the TCP connection (accept order).
    pub conn: usize,
    /// 0-based index of the request on this connection.
    pub index: usize,
    pub req: Req,
}

impl Ctx<'_> {
    pub fn write(&mut self, bytes: &[u8]) {
        let _ = self.stream.write_all(bytes);
        let _ = self.stream.flush();
    }

    /// A 200 response with a Content-Length body.
    pub fn ok(&mut self, body: &[u8]) {
        let mut out = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml;charset=UTF-8\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        out.extend_from_slice(body);
        self.write(&out);
    }
}

/// What the handler wants next: keep reading requests on the connection, or close it.
pub enum Next {
    Keep,
    Close,
}

pub type Handler = dyn Fn(&mut Ctx<'_>) -> Next + Send + Sync;
pub type Wrap = dyn Fn(TcpStream) -> Option<Box<dyn Io>> + Send + Sync;

pub struct Server {
    pub port: u16,
    accepted: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// A plain HTTP server on 127.0.0.1.
    pub fn start(handler: impl Fn(&mut Ctx<'_>) -> Next + Send + Sync + 'static) -> Server {
        Server::start_wrapped(
            Arc::new(|s: TcpStream| {
                let _ = s.set_nodelay(true);
                Some(Box::new(s) as Box<dyn Io>)
            }),
            handler,
        )
    }

    /// A server whose accepted sockets are wrapped first (TLS).
    pub fn start_wrapped(
        wrap: Arc<Wrap>,
        handler: impl Fn(&mut Ctx<'_>) -> Next + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let accepted = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        {
            let accepted = accepted.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                for s in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(s) = s else { continue };
                    let conn = accepted.fetch_add(1, Ordering::SeqCst);
                    let handler = handler.clone();
                    let wrap = wrap.clone();
                    std::thread::spawn(move || {
                        let Some(mut io) = wrap(s) else { return };
                        let mut pending = Vec::new();
                        let mut index = 0;
                        while let Some(req) = read_request(io.as_mut(), &mut pending) {
                            let mut ctx = Ctx {
                                stream: io.as_mut(),
                                conn,
                                index,
                                req,
                            };
                            index += 1;
                            if let Next::Close = handler(&mut ctx) {
                                break;
                            }
                        }
                    });
                }
            });
        }
        Server { port, accepted, stop }
    }

    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/wsman", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}
