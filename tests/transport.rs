//! The HTTP/1.1 transport (src/transport/) against scripted loopback servers: keep-alive,
//! framings, reconnects, hostile servers, status mapping, pinned exchanges.

mod transport_util;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mi::abi::{MI_RESULT_ACCESS_DENIED, MI_RESULT_NOT_SUPPORTED};
use mi::transport::{Connection, ConnectionOptions, Endpoint, ErrorKind, Request, Runtime, Scheme, Step};
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
fn keep_alive_reuses_one_connection() {
    with_timeout(60, || {
        let server = Server::start(|c| {
            assert_eq!(
                c.req.header("content-type").as_deref(),
                Some("application/soap+xml;charset=UTF-8")
            );
            assert_eq!(c.req.header("connection").as_deref(), Some("Keep-Alive"));
            assert_eq!(
                c.req.header("user-agent").as_deref(),
                Some("Microsoft WinRM Client")
            );
            assert!(c.req.head.starts_with("POST /wsman HTTP/1.1\r\n"));
            let body = c.req.body.clone();
            c.ok(&body);
            Next::Keep
        });
        let conn = connect(&server, ConnectionOptions::default());
        let mut ids = std::collections::BTreeSet::new();
        for i in 0..200 {
            let r = conn.send_blocking(soap(&format!("<req n='{i}'/>"))).unwrap();
            assert_eq!(r.status, 200);
            assert_eq!(r.body, format!("<req n='{i}'/>").as_bytes());
            ids.insert(r.connection_id);
        }
        assert_eq!(server.accepted(), 1);
        assert_eq!(conn.connections_opened(), 1);
        assert_eq!(ids.len(), 1);
        assert_eq!(conn.connection_id(), *ids.iter().next().unwrap());
    });
}

#[test]
fn concurrent_sends_are_serialized_in_order() {
    with_timeout(60, || {
        let in_flight = Arc::new(AtomicUsize::new(0));
        let seen = in_flight.clone();
        let server = Server::start(move |c| {
            assert_eq!(seen.fetch_add(1, Ordering::SeqCst), 0, "two requests at once");
            std::thread::sleep(Duration::from_millis(1));
            seen.fetch_sub(1, Ordering::SeqCst);
            let body = c.req.body.clone();
            c.ok(&body);
            Next::Keep
        });
        let conn = Arc::new(connect(&server, ConnectionOptions::default()));
        // Async sends from one thread complete in queue order.
        let order = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        for i in 0..50 {
            let order = order.clone();
            let tx = tx.clone();
            conn.send(soap(&i.to_string()), move |r| {
                let r = r.unwrap();
                order.lock().unwrap().push(String::from_utf8(r.body).unwrap());
                tx.send(()).unwrap();
            });
        }
        for _ in 0..50 {
            rx.recv().unwrap();
        }
        let want: Vec<String> = (0..50).map(|i: i32| i.to_string()).collect();
        assert_eq!(*order.lock().unwrap(), want);
        // Blocking sends from 8 threads: every answer matches its request.
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let conn = conn.clone();
                std::thread::spawn(move || {
                    for i in 0..25 {
                        let text = format!("{t}-{i}");
                        let r = conn.send_blocking(soap(&text)).unwrap();
                        assert_eq!(r.body, text.as_bytes());
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(server.accepted(), 1);
    });
}

#[test]
fn content_length_chunked_and_close_delimited_bodies() {
    with_timeout(60, || {
        let server = Server::start(|c| match c.req.body.as_slice() {
            b"length" => {
                c.ok(b"by-length");
                Next::Keep
            }
            b"chunked" => {
                c.write(
                    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
                      4;name=value;quoted=\"a;b\"\r\nby-c\r\n5\r\nhunke\r\n1\r\nd\r\n\
                      0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n",
                );
                Next::Keep
            }
            b"split" => {
                // A chunked body written in tiny pieces with pauses.
                c.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                for piece in [&b"3\r"[..], b"\nab", b"c\r\n", b"0\r\n", b"\r\n"] {
                    std::thread::sleep(Duration::from_millis(5));
                    c.write(piece);
                }
                Next::Keep
            }
            b"close" => {
                c.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil-");
                std::thread::sleep(Duration::from_millis(20));
                c.write(b"the-end");
                Next::Close
            }
            _ => panic!("unexpected request"),
        });
        let conn = connect(&server, ConnectionOptions::default());
        let body = |text: &str| conn.send_blocking(soap(text)).unwrap().body;
        assert_eq!(body("length"), b"by-length");
        assert_eq!(body("chunked"), b"by-chunked");
        assert_eq!(body("split"), b"abc");
        assert_eq!(server.accepted(), 1);
        assert_eq!(body("close"), b"until-the-end");
        // The close-delimited response ended the connection: a new one is made.
        assert_eq!(body("length"), b"by-length");
        assert_eq!(server.accepted(), 2);
        assert_eq!(conn.connections_opened(), 2);
    });
}

#[test]
fn connection_close_header_is_honoured() {
    with_timeout(30, || {
        let server = Server::start(|c| {
            c.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
            // Keep the socket open: the client must not reuse it anyway.
            std::thread::sleep(Duration::from_millis(200));
            Next::Close
        });
        let conn = connect(&server, ConnectionOptions::default());
        for _ in 0..3 {
            assert_eq!(conn.send_blocking(soap("x")).unwrap().body, b"ok");
        }
        assert_eq!(conn.connections_opened(), 3);
    });
}

#[test]
fn utf16_bodies_pass_through_untouched() {
    with_timeout(30, || {
        let utf16 = |s: &str| -> Vec<u8> {
            [0xFF, 0xFE]
                .into_iter()
                .chain(s.encode_utf16().flat_map(|u| u.to_le_bytes()))
                .collect()
        };
        let request = utf16("<s:Envelope>é€</s:Envelope>");
        let reply = utf16("<s:Envelope>réponse</s:Envelope>");
        let (want_req, send_reply) = (request.clone(), reply.clone());
        let server = Server::start(move |c| {
            assert_eq!(c.req.body, want_req);
            assert_eq!(
                c.req.header("content-type").as_deref(),
                Some("application/soap+xml;charset=UTF-16")
            );
            let mut out = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml;charset=UTF-16\r\nContent-Length: {}\r\n\r\n",
                send_reply.len()
            )
            .into_bytes();
            out.extend_from_slice(&send_reply);
            c.write(&out);
            Next::Keep
        });
        let conn = connect(&server, ConnectionOptions::default());
        let r = conn
            .send_blocking(Request::with_type("application/soap+xml;charset=UTF-16", request))
            .unwrap();
        assert_eq!(r.body, reply);
        assert_eq!(
            r.header("Content-Type"),
            Some("application/soap+xml;charset=UTF-16")
        );
    });
}

#[test]
fn idle_connection_closed_by_server_reconnects_transparently() {
    with_timeout(30, || {
        // Answers one request per connection and then closes it (keep-alive advertised).
        let server = Server::start(|c| {
            c.ok(b"one");
            Next::Close
        });
        let conn = connect(&server, ConnectionOptions::default());
        for _ in 0..5 {
            assert_eq!(conn.send_blocking(soap("x")).unwrap().body, b"one");
            std::thread::sleep(Duration::from_millis(30));
        }
        assert_eq!(conn.connections_opened(), 5);
        assert_eq!(server.accepted(), 5);
    });
}

#[test]
fn server_closing_before_any_response_byte_is_retried_once() {
    with_timeout(30, || {
        // The race the idle check cannot see: the server takes the request on a reused
        // connection and closes without a byte. One retry on a new connection.
        let server = Server::start(|c| {
            if c.conn == 0 && c.index == 1 {
                return Next::Close;
            }
            c.ok(b"fine");
            Next::Keep
        });
        let conn = connect(&server, ConnectionOptions::default());
        assert_eq!(conn.send_blocking(soap("a")).unwrap().body, b"fine");
        assert_eq!(conn.send_blocking(soap("b")).unwrap().body, b"fine");
        assert_eq!(server.accepted(), 2);

        // A fresh connection closed without a response is not retried: an error.
        let server = Server::start(|_| Next::Close);
        let conn = connect(&server, ConnectionOptions::default());
        let e = conn.send_blocking(soap("a")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Truncated, "{e}");
        assert_eq!(server.accepted(), 1);
    });
}

#[test]
fn server_closing_mid_response_is_an_error() {
    with_timeout(30, || {
        let server = Server::start(|c| {
            match c.conn {
                0 => c.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial"),
                _ => c.ok(b"whole"),
            }
            Next::Close
        });
        let conn = connect(&server, ConnectionOptions::default());
        let e = conn.send_blocking(soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Truncated, "{e}");
        assert!(e.message.contains("7 of 100"), "{e}");
        assert_eq!(e.result(), mi::abi::MI_RESULT_FAILED);
        // Not retried (bytes had arrived), and the next request gets a new connection.
        assert_eq!(server.accepted(), 1);
        assert_eq!(conn.send_blocking(soap("x")).unwrap().body, b"whole");

        let server = Server::start(|c| {
            c.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly-");
            Next::Close
        });
        let conn = connect(&server, ConnectionOptions::default());
        let e = conn.send_blocking(soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Truncated, "{e}");

        let server = Server::start(|c| {
            c.write(b"HTTP/1.1 200 OK\r\nContent-Le");
            Next::Close
        });
        let conn = connect(&server, ConnectionOptions::default());
        let e = conn.send_blocking(soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Truncated, "{e}");
    });
}

#[test]
fn stalling_server_times_out_and_the_connection_is_dropped() {
    with_timeout(30, || {
        let server = Server::start(|c| {
            if c.conn == 0 {
                // Head sent, then nothing.
                c.write(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
                std::thread::sleep(Duration::from_secs(5));
                return Next::Close;
            }
            c.ok(b"later");
            Next::Keep
        });
        let conn = connect(
            &server,
            ConnectionOptions {
                timeout: Duration::from_millis(300),
                ..Default::default()
            },
        );
        let start = Instant::now();
        let e = conn.send_blocking(soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Timeout, "{e}");
        assert!(start.elapsed() < Duration::from_secs(2), "{:?}", start.elapsed());
        // The stalled connection is gone; the next request uses a new one.
        assert_eq!(conn.send_blocking(soap("x")).unwrap().body, b"later");
        assert_eq!(conn.connections_opened(), 2);

        // A per-request timeout overrides the default.
        let silent = Server::start(|_| {
            std::thread::sleep(Duration::from_secs(5));
            Next::Close
        });
        let conn = connect(&silent, ConnectionOptions::default());
        let mut req = soap("x");
        req.timeout = Some(Duration::from_millis(200));
        let start = Instant::now();
        assert_eq!(conn.send_blocking(req).unwrap_err().kind, ErrorKind::Timeout);
        assert!(start.elapsed() < Duration::from_secs(2));
    });
}

#[test]
fn status_401_is_access_denied_with_the_schemes() {
    with_timeout(30, || {
        let server = Server::start(|c| {
            c.write(
                b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"WSMAN\"\r\n\
                  WWW-Authenticate: Negotiate\r\nWWW-Authenticate: Kerberos\r\nContent-Length: 0\r\n\r\n",
            );
            Next::Keep
        });
        let conn = connect(&server, ConnectionOptions::default());
        let e = conn.send_blocking(soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::AccessDenied);
        assert_eq!(e.result(), MI_RESULT_ACCESS_DENIED);
        assert_eq!(e.status, Some(401));
        assert_eq!(e.schemes, ["Basic realm=\"WSMAN\"", "Negotiate", "Kerberos"]);
        assert_eq!(e.scheme_names(), ["Basic", "Negotiate", "Kerberos"]);
        // raw_status hands the 401 over as a response.
        let mut req = soap("x");
        req.raw_status = true;
        let r = conn.send_blocking(req).unwrap();
        assert_eq!(r.status, 401);
        assert_eq!(
            server.accepted(),
            1,
            "a 401 with a body length keeps the connection"
        );
    });
}

#[test]
fn an_error_status_without_a_body_is_an_error_naming_it() {
    with_timeout(30, || {
        let server = Server::start(|c| {
            c.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            Next::Keep
        });
        let conn = connect(&server, ConnectionOptions::default());
        let e = conn.send_blocking(soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Status);
        assert_eq!(e.status, Some(400));
        assert_eq!(e.result(), mi::abi::MI_RESULT_FAILED);
        assert!(
            e.message.contains("HTTP 400 Bad Request with an empty body"),
            "{}",
            e.message
        );
        // raw_status hands it over as a response.
        let mut req = soap("x");
        req.raw_status = true;
        assert_eq!(conn.send_blocking(req).unwrap().status, 400);
    });
}

#[test]
fn redirect_is_an_error_with_the_location() {
    with_timeout(30, || {
        let server = Server::start(|c| {
            c.write(
                b"HTTP/1.1 302 Found\r\nLocation: https://elsewhere:5986/wsman\r\nContent-Length: 0\r\n\r\n",
            );
            Next::Keep
        });
        let conn = connect(&server, ConnectionOptions::default());
        let e = conn.send_blocking(soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Redirect);
        assert_eq!(e.result(), MI_RESULT_NOT_SUPPORTED);
        assert_eq!(e.location.as_deref(), Some("https://elsewhere:5986/wsman"));
        assert!(e.message.contains("https://elsewhere:5986/wsman"), "{e}");
    });
}

#[test]
fn soap_fault_with_status_500_is_a_response() {
    with_timeout(30, || {
        let server = Server::start(|c| {
            let body = b"<s:Envelope><s:Body><s:Fault/></s:Body></s:Envelope>";
            let mut out = format!(
                "HTTP/1.1 500 Internal Server Error\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes();
            out.extend_from_slice(body);
            c.write(&out);
            Next::Keep
        });
        let conn = connect(&server, ConnectionOptions::default());
        let r = conn.send_blocking(soap("x")).unwrap();
        assert_eq!(r.status, 500);
        assert_eq!(r.reason, "Internal Server Error");
        assert!(r.body.ends_with(b"</s:Envelope>"));
    });
}

#[test]
fn malformed_responses_are_errors() {
    with_timeout(30, || {
        for (reply, kind) in [
            (&b"HTTP/1.1 OK\r\n\r\n"[..], ErrorKind::Malformed),
            (b"HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", ErrorKind::Malformed),
            (b"garbage garbage\r\n\r\n", ErrorKind::Malformed),
            (
                b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n",
                ErrorKind::Malformed,
            ),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n",
                ErrorKind::Malformed,
            ),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: br\r\n\r\n",
                ErrorKind::Malformed,
            ),
        ] {
            let server = Server::start(move |c| {
                c.write(reply);
                std::thread::sleep(Duration::from_millis(50));
                Next::Close
            });
            let conn = connect(&server, ConnectionOptions::default());
            let e = conn.send_blocking(soap("x")).unwrap_err();
            assert_eq!(e.kind, kind, "{:?}: {e}", String::from_utf8_lossy(reply));
        }
    });
}

#[test]
fn huge_head_and_too_many_headers_are_errors() {
    with_timeout(30, || {
        let server = Server::start(|c| {
            let mut out = b"HTTP/1.1 200 OK\r\n".to_vec();
            if c.conn == 0 {
                out.extend(format!("X-Big: {}\r\n", "v".repeat(1 << 20)).as_bytes());
            } else {
                for i in 0..500 {
                    out.extend(format!("X-{i}: v\r\n").as_bytes());
                }
            }
            out.extend(b"Content-Length: 0\r\n\r\n");
            c.write(&out);
            Next::Close
        });
        let conn = connect(&server, ConnectionOptions::default());
        let e = conn.send_blocking(soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::LimitExceeded, "{e}");
        let e = conn.send_blocking(soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::LimitExceeded, "{e}");
        assert!(e.message.contains("headers"), "{e}");
    });
}

#[test]
fn connect_and_name_failures_are_precise() {
    with_timeout(60, || {
        let rt = Runtime::acquire().unwrap();
        // A port nobody listens on.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let ep = Endpoint::parse(&format!("127.0.0.1:{port}"), Scheme::Http).unwrap();
        let conn = Connection::new(&rt, ep, ConnectionOptions::default()).unwrap();
        let e = conn.send_blocking(soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Connect, "{e}");
        assert!(e.message.contains("refused"), "{e}");
        assert_eq!(e.result(), mi::abi::MI_RESULT_FAILED);
        // A name that cannot resolve (.invalid is reserved, RFC 6761).
        let ep = Endpoint::parse("no-such-host.invalid", Scheme::Http).unwrap();
        let conn = Connection::new(&rt, ep, ConnectionOptions::default()).unwrap();
        let e = conn.send_blocking(soap("x")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Dns, "{e}");
        assert!(e.message.contains("no-such-host.invalid"), "{e}");
    });
}

#[test]
fn header_injection_is_refused() {
    with_timeout(30, || {
        let server = Server::start(|c| {
            c.ok(b"");
            Next::Keep
        });
        let conn = connect(&server, ConnectionOptions::default());
        let e = conn
            .send_blocking(soap("x").header("X-A", "v\r\nInjected: yes"))
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParameter);
        let e = conn
            .send_blocking(soap("x").header("Content-Length", "0"))
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParameter);
        assert_eq!(server.accepted(), 0, "nothing was sent");
    });
}

#[test]
fn exchange_runs_every_leg_on_one_pinned_connection() {
    with_timeout(30, || {
        // A Negotiate-shaped handshake: 401 + token, then 200 on the same connection.
        let server = Server::start(|c| {
            match (c.index, c.req.header("authorization").as_deref()) {
                (0, Some("Negotiate leg1")) => {
                    assert!(c.req.body.is_empty());
                    assert_eq!(c.req.header("content-length").as_deref(), Some("0"));
                    c.write(b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate challenge\r\nContent-Length: 0\r\n\r\n");
                }
                (1, Some("Negotiate leg2")) => c.ok(b"authenticated"),
                (_, Some("Negotiate leg1")) => {
                    c.write(b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate challenge\r\nContent-Length: 0\r\n\r\n");
                }
                _ => c.write(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"),
            }
            Next::Keep
        });
        let conn = connect(&server, ConnectionOptions::default());
        let mut first = Request::with_type("application/soap+xml;charset=UTF-8", Vec::new());
        first.content_type = None;
        let first = first.header("Authorization", "Negotiate leg1");
        let ids = Arc::new(Mutex::new(Vec::new()));
        let seen = ids.clone();
        let r = conn
            .exchange_blocking(first.clone(), move |resp| {
                seen.lock().unwrap().push(resp.connection_id);
                if resp.status == 401 {
                    assert_eq!(resp.header("www-authenticate"), Some("Negotiate challenge"));
                    Step::Send(soap("").header("Authorization", "Negotiate leg2"))
                } else {
                    Step::Done
                }
            })
            .unwrap();
        assert_eq!(r.body, b"authenticated");
        let ids = ids.lock().unwrap().clone();
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[0], ids[1]);
        assert_eq!(r.connection_id, ids[0]);
        assert_eq!(server.accepted(), 1);

        // A request pinned to that connection goes on it...
        let mut pinned = soap("").header("Authorization", "Negotiate leg2");
        pinned.pin = Some(r.connection_id);
        // (the server's index rule answers 401 for index 2 without leg2 at index 1;
        // raw_status shows it is the same connection.)
        pinned.raw_status = true;
        let again = conn.send_blocking(pinned.clone()).unwrap();
        assert_eq!(again.connection_id, r.connection_id);

        // ...and fails with ConnectionLost instead of landing on a new one.
        let closing = Server::start(|c| {
            c.write(b"HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
            Next::Close
        });
        let conn2 = connect(&closing, ConnectionOptions::default());
        let e = conn2
            .exchange_blocking(first, |_| Step::Send(soap("leg2")))
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::ConnectionLost, "{e}");
        assert_eq!(closing.accepted(), 1);
        let mut pinned = soap("x");
        pinned.pin = Some(12345678);
        assert_eq!(
            conn.send_blocking(pinned).unwrap_err().kind,
            ErrorKind::ConnectionLost
        );
    });
}

#[test]
fn blocking_send_on_the_runtime_thread_is_refused() {
    with_timeout(30, || {
        let server = Server::start(|c| {
            c.ok(b"x");
            Next::Keep
        });
        let conn = Arc::new(connect(&server, ConnectionOptions::default()));
        let (tx, rx) = std::sync::mpsc::channel();
        let inner = conn.clone();
        conn.send(soap("x"), move |r| {
            assert!(r.is_ok());
            assert!(Runtime::on_runtime_thread());
            let e = inner.send_blocking(soap("y")).unwrap_err();
            tx.send(e.kind).unwrap();
        });
        assert_eq!(rx.recv().unwrap(), ErrorKind::WrongThread);
        assert!(!Runtime::on_runtime_thread());
    });
}

#[test]
fn a_panicking_completion_does_not_kill_the_connection() {
    with_timeout(30, || {
        let server = Server::start(|c| {
            c.ok(b"x");
            Next::Keep
        });
        let conn = connect(&server, ConnectionOptions::default());
        conn.send(soap("x"), |_| panic!("client bug"));
        assert_eq!(conn.send_blocking(soap("x")).unwrap().body, b"x");
    });
}

#[test]
fn a_server_writing_head_and_body_separately_under_nagle_does_not_stall() {
    // OMI's server: no TCP_NODELAY, the head and the body in two writes. Nagle holds the
    // body until the head is ACKed; a delayed ACK would cost ~40 ms per response.
    with_timeout(60, || {
        let server = Server::start_wrapped(
            Arc::new(|s: std::net::TcpStream| {
                s.set_nodelay(false).unwrap();
                Some(Box::new(s) as Box<dyn transport_util::Io>)
            }),
            |c| {
                let body = b"<s:Envelope>the body</s:Envelope>";
                c.write(format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len()).as_bytes());
                c.write(body);
                Next::Keep
            },
        );
        let conn = connect(&server, ConnectionOptions::default());
        conn.send_blocking(soap("warm-up")).unwrap();
        let start = Instant::now();
        for _ in 0..100 {
            conn.send_blocking(soap("x")).unwrap();
        }
        let per_op = start.elapsed() / 100;
        assert_eq!(conn.connections_opened(), 1);
        if cfg!(target_os = "linux") {
            assert!(
                per_op < Duration::from_millis(10),
                "{per_op:?} per request: a delayed-ACK stall"
            );
        }
    });
}
