//! Unit tests of the pure pieces: endpoint parsing, request encoding, response framing
//! over in-memory bytes. The socket behaviour is in tests/transport.rs.

use super::endpoint::{Endpoint, Host, Scheme};
use super::error::ErrorKind;
use super::http::{self, Limits, ReadBuf};

fn ep(text: &str) -> Endpoint {
    Endpoint::parse(text, Scheme::Http).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn endpoint_forms() {
    let e = ep("server1");
    assert_eq!(e.host, Host::Name("server1".into()));
    assert_eq!(
        (e.scheme, e.port, e.path.as_str()),
        (Scheme::Http, 5985, "/wsman")
    );
    assert_eq!(e.url(), "http://server1:5985/wsman");
    assert_eq!(e.host_header(), "server1:5985");

    let e = ep("Server1.Example.com:8080");
    assert_eq!(e.host, Host::Name("server1.example.com".into()));
    assert_eq!(e.port, 8080);

    let e = ep("https://10.1.2.3/wsman");
    assert_eq!((e.scheme, e.port), (Scheme::Https, 5986));
    assert_eq!(e.host, Host::V4("10.1.2.3".parse().unwrap()));

    let e = ep("HTTPS://host:443/custom/path?x=1");
    assert_eq!(
        (e.scheme, e.port, e.path.as_str()),
        (Scheme::Https, 443, "/custom/path?x=1")
    );
    assert_eq!(e.host_header(), "host");

    let e = ep("[::1]:5985");
    assert_eq!(e.host, Host::V6("::1".parse().unwrap()));
    assert_eq!(e.host_header(), "[::1]:5985");
    assert_eq!(e.url(), "http://[::1]:5985/wsman");

    let e = ep("fe80::1");
    assert_eq!(
        (e.host.clone(), e.port),
        (Host::V6("fe80::1".parse().unwrap()), 5985)
    );

    let e = Endpoint::parse("[2001:db8::5]", Scheme::Https).unwrap();
    assert_eq!((e.scheme, e.port), (Scheme::Https, 5986));

    let e = ep("http://h:1/");
    assert_eq!(e.path, "/wsman");
}

#[test]
fn endpoint_rejects() {
    for bad in [
        "",
        "ftp://host",
        "host:0",
        "host:65536",
        "host:+80",
        "host:",
        "[::1",
        "[::1]x",
        "[nothex]:80",
        "a b",
        "host\r\nX: y",
        "user@host",
        "http://",
        "-.-..",
        "1.2.3",
        "1::2::3",
        "exa mple",
        "host:80:90",
    ] {
        let e = Endpoint::parse(bad, Scheme::Http).expect_err(bad);
        assert_eq!(e.kind, ErrorKind::InvalidParameter, "{bad}");
    }
    let long = "a".repeat(300);
    assert!(Endpoint::parse(&long, Scheme::Http).is_err());
    assert!(Endpoint::parse(&"x".repeat(5000), Scheme::Http).is_err());
}

#[test]
fn request_is_one_buffer_with_content_length() {
    let out = http::encode_request(
        "/wsman",
        "h:5985",
        Some("application/soap+xml;charset=UTF-8"),
        &[("Authorization".into(), "Basic eDp5".into())],
        b"<x/>",
    );
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        "POST /wsman HTTP/1.1\r\nHost: h:5985\r\nContent-Type: application/soap+xml;charset=UTF-8\r\n\
         Content-Length: 4\r\nAuthorization: Basic eDp5\r\n\r\n<x/>"
    );
    assert!(http::check_header("X-Ok", "fine value").is_ok());
    assert!(http::check_header("X-Bad", "a\r\nInjected: 1").is_err());
    assert!(http::check_header("Bad Name", "v").is_err());
    assert!(http::check_header("content-length", "5").is_err());
    assert!(http::check_header("", "v").is_err());
}

#[test]
fn basic_header() {
    assert_eq!(
        super::basic_authorization("Aladdin", "open sesame").as_deref(),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
    assert_eq!(
        super::basic_authorization("ü", "p:w").as_deref(),
        Some("Basic w7w6cDp3")
    );
    assert!(super::basic_authorization("a:b", "c").is_none());
}

fn limits() -> Limits {
    Limits {
        max_head_bytes: 4096,
        max_headers: 16,
        max_body_bytes: 1000,
    }
}

fn parse(bytes: &[u8]) -> Result<http::Raw, super::Error> {
    parse_with(bytes, limits())
}

fn parse_with(bytes: &[u8], limits: Limits) -> Result<http::Raw, super::Error> {
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    rt.block_on(async {
        let mut r = bytes;
        let mut buf = ReadBuf::default();
        http::read_response(&mut r, &mut buf, &limits)
            .await
            .map_err(|e| e.error)
    })
}

#[test]
fn framing_content_length_chunked_close() {
    let r = parse(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello").unwrap();
    assert_eq!(
        (r.head.status, r.body.as_slice(), r.reusable),
        (200, &b"hello"[..], true)
    );

    let r = parse(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1;q=\"x\"\r\nhello\r\n\
          6\r\n world\r\n0\r\nX-Trailer: 1\r\nY: 2\r\n\r\n",
    )
    .unwrap();
    assert_eq!(r.body, b"hello world");
    assert!(r.reusable);

    let r = parse(b"HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\nfault body").unwrap();
    assert_eq!(
        (r.head.status, r.body.as_slice(), r.reusable),
        (500, &b"fault body"[..], false)
    );

    let r = parse(b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").unwrap();
    assert!(!r.reusable, "HTTP/1.0 without keep-alive closes");
    let r = parse(b"HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").unwrap();
    assert!(r.reusable);

    let r = parse(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n").unwrap();
    assert_eq!((r.head.status, r.body.len()), (204, 0));

    let r = parse(b"\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx").unwrap();
    assert_eq!(r.body, b"x");

    // Same Content-Length twice is fine; conflicting ones are not.
    assert!(parse(b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx").is_ok());
    let e = parse(b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Malformed);
}

#[test]
fn framing_errors() {
    let cases: &[(&[u8], ErrorKind)] = &[
        (b"", ErrorKind::Truncated),
        (b"HTTP/1.1 200 OK\r\nContent-Le", ErrorKind::Truncated),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            ErrorKind::Truncated,
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
            ErrorKind::Truncated,
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
            ErrorKind::Truncated,
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            ErrorKind::Malformed,
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n",
            ErrorKind::Malformed,
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
            ErrorKind::Malformed,
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n",
            ErrorKind::Malformed,
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
            ErrorKind::Malformed,
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            ErrorKind::Malformed,
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
            ErrorKind::Malformed,
        ),
        (b"HTTP/1.1 2000 OK\r\n\r\n", ErrorKind::Malformed),
        (b"HTTP/2 200 OK\r\n\r\n", ErrorKind::Malformed),
        (b"SSH-2.0-OpenSSH\r\n\r\n", ErrorKind::Malformed),
        (b"HTTP/1.1 200 OK\r\nBad Header\r\n\r\n", ErrorKind::Malformed),
        (b"HTTP/1.1 101 Switching\r\n\r\n", ErrorKind::Malformed),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 1001\r\n\r\n",
            ErrorKind::LimitExceeded,
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e9\r\n",
            ErrorKind::LimitExceeded,
        ),
    ];
    for (bytes, kind) in cases {
        let e = parse(bytes).expect_err(&String::from_utf8_lossy(bytes));
        assert_eq!(e.kind, *kind, "{:?}: {e}", String::from_utf8_lossy(bytes));
    }
    // Close-delimited past the cap.
    let mut big = b"HTTP/1.1 200 OK\r\n\r\n".to_vec();
    big.extend(std::iter::repeat_n(b'x', 1001));
    assert_eq!(parse(&big).unwrap_err().kind, ErrorKind::LimitExceeded);
    // Too many headers, a huge head, a huge chunk line, huge trailers.
    let mut many = b"HTTP/1.1 200 OK\r\n".to_vec();
    for i in 0..17 {
        many.extend(format!("X-{i}: v\r\n").as_bytes());
    }
    many.extend(b"Content-Length: 0\r\n\r\n");
    assert_eq!(parse(&many).unwrap_err().kind, ErrorKind::LimitExceeded);
    let huge = format!("HTTP/1.1 200 OK\r\nX: {}\r\n\r\n", "v".repeat(5000));
    assert_eq!(parse(huge.as_bytes()).unwrap_err().kind, ErrorKind::LimitExceeded);
    let line = format!(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;{}\r\n",
        "e".repeat(5000)
    );
    assert_eq!(parse(line.as_bytes()).unwrap_err().kind, ErrorKind::LimitExceeded);
    let trailers = format!(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n{}\r\n",
        "T: v\r\n".repeat(2000)
    );
    assert_eq!(
        parse(trailers.as_bytes()).unwrap_err().kind,
        ErrorKind::LimitExceeded
    );
}

#[test]
fn utf16_body_untouched() {
    let body: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("<s:Envelope/>".encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let mut resp = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml;charset=UTF-16\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    resp.extend(&body);
    let r = parse_with(&resp, limits()).unwrap();
    assert_eq!(r.body, body);
}

#[test]
fn certificate_times() {
    use super::tls::asn1_time;
    assert_eq!(asn1_time(0x17, b"700101000000Z"), Some(0));
    assert_eq!(asn1_time(0x17, b"000229120000Z"), Some(951_825_600));
    assert_eq!(asn1_time(0x17, b"491231235959Z"), Some(2_524_607_999));
    assert_eq!(asn1_time(0x17, b"500101000000Z"), None, "1950 is before 1970");
    assert_eq!(asn1_time(0x18, b"20380119031408Z"), Some(2_147_483_648));
    assert_eq!(asn1_time(0x18, b"99991231235959Z"), Some(253_402_300_799));
    for bad in [
        &b"7001010000Z"[..],
        b"700101000000",
        b"701301000000Z",
        b"70010100000xZ",
        b"",
    ] {
        assert_eq!(asn1_time(0x17, bad), None, "{:?}", String::from_utf8_lossy(bad));
    }
    assert_eq!(asn1_time(0x18, b"700101000000Z"), None);
    assert_eq!(super::tls::validity(b""), None);
    assert_eq!(super::tls::validity(&[0x30, 0x82, 0xff]), None);
}

#[test]
fn fuzz_entry_parses_streams_in_pieces() {
    use super::http::fuzz_response;
    let two = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x\r\nab\r\n0\r\nT: 1\r\n\r\n";
    for pattern in 0u8..8 {
        let mut input = vec![pattern];
        input.extend((0..pattern).map(|i| i * 3));
        input.extend_from_slice(two);
        assert_eq!(fuzz_response(&input), 2, "pattern {pattern}");
    }
    assert_eq!(fuzz_response(b""), 0);
    assert_eq!(fuzz_response(b"\x00HTTP/1.1 200 OK\r\n\r\nclose-delimited"), 1);
    assert_eq!(fuzz_response(b"\x00garbage"), 0);
}

#[test]
fn a_head_trickling_in_byte_by_byte_is_parsed_in_linear_time() {
    use super::http::fuzz_pieces;
    let mut resp = format!("HTTP/1.1 200 OK\r\nX-Big: {}\r\n", "v".repeat(60_000)).into_bytes();
    resp.extend_from_slice(b"Content-Length: 2\r\n\r\nok");
    let limits = Limits {
        max_head_bytes: 64 * 1024,
        max_headers: 100,
        max_body_bytes: 1000,
    };
    let start = std::time::Instant::now();
    let raw = fuzz_pieces(&resp, &[0], limits).expect("parses");
    assert_eq!(raw.body, b"ok");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    // Garbage is refused at its first line, without waiting for the rest.
    let e = fuzz_pieces(b"SSH-2.0-OpenSSH_9.2\r\nmore", &[0], limits).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Malformed);
}
