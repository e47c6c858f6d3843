//! HTTP/1.1 framing: the request head + body in one buffer, and a response reader
//! (head through `httparse`, bodies by Content-Length, chunked or close-delimited) with
//! caps on head size, header count, chunk lines and body size. Pure over any
//! `AsyncRead`; the connection logic lives in `connection.rs`.

use tokio::io::{AsyncRead, AsyncReadExt};

use super::error::{Error, ErrorKind};

/// Caps the reader enforces.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The largest response head (status line + headers, or the trailers) in bytes.
    pub max_head_bytes: usize,
    /// The most header lines in one head.
    pub max_headers: usize,
    /// The largest response body in bytes (after de-chunking).
    pub max_body_bytes: usize,
}

/// The parsed head of a response.
#[derive(Debug)]
pub struct Head {
    pub status: u16,
    pub reason: String,
    pub minor_version: u8,
    pub headers: Vec<(String, String)>,
}

impl Head {
    fn get(&self, name: &str) -> impl Iterator<Item = &str> {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether a token list header (`Connection`, `Transfer-Encoding`) holds `token`.
    fn has_token(&self, name: &str, token: &str) -> bool {
        self.get(name)
            .flat_map(|v| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }
}

/// How the body of a response is delimited.
#[derive(Debug, PartialEq, Eq)]
enum Framing {
    None,
    Length(u64),
    Chunked,
    Close,
}

/// A whole response as read off the wire.
#[derive(Debug)]
pub struct Raw {
    pub head: Head,
    pub body: Vec<u8>,
    /// Whether the connection can carry another request afterwards.
    pub reusable: bool,
}

/// A read buffer that keeps bytes read past one response (pipelining is not used, but a
/// server may send a stray CRLF) and is freed when idle. `buf[start..end]` holds unread
/// bytes; the rest of `buf` is zeroed room, zeroed once when it grows (not per read).
#[derive(Default)]
pub struct ReadBuf {
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

/// Room added to the buffer when it is full (and its first size).
const READ_ROOM: usize = 16 * 1024;

impl ReadBuf {
    fn data(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }

    /// Reads more bytes; returns how many (0 = EOF).
    async fn fill<R: AsyncRead + Unpin>(&mut self, r: &mut R) -> std::io::Result<usize> {
        if self.end == self.buf.len() {
            if self.start > 0 {
                // Move the unread bytes to the front.
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            if self.end == self.buf.len() {
                let grow = self.buf.len().max(READ_ROOM);
                self.buf.resize(self.buf.len() + grow, 0);
            }
        }
        let n = r.read(&mut self.buf[self.end..]).await?;
        self.end += n;
        Ok(n)
    }

    /// Whether bytes are left over (a server that sent more than one response).
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Frees the memory of an idle connection's buffer.
    pub fn shrink(&mut self) {
        if self.is_empty() {
            *self = ReadBuf::default();
        }
    }
}

/// Builds the request: head and body in one buffer so it goes out in one write.
/// `headers` have been checked by [`check_header`].
pub fn encode_request(
    path: &str,
    host: &str,
    content_type: Option<&str>,
    headers: &[(String, String)],
    body: &[u8],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 + headers.len() * 64 + body.len());
    out.extend_from_slice(b"POST ");
    out.extend_from_slice(path.as_bytes());
    out.extend_from_slice(b" HTTP/1.1\r\nHost: ");
    out.extend_from_slice(host.as_bytes());
    out.extend_from_slice(b"\r\n");
    if let Some(ct) = content_type {
        out.extend_from_slice(b"Content-Type: ");
        out.extend_from_slice(ct.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    for (name, value) in headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

/// Rejects header names that are not tokens, values with CR, LF or NUL (header
/// injection), and the headers the transport writes itself.
pub fn check_header(name: &str, value: &str) -> Result<(), Error> {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(token) {
        return Err(Error::new(
            ErrorKind::InvalidParameter,
            format!("invalid HTTP header name {name:?}"),
        ));
    }
    if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
        return Err(Error::new(
            ErrorKind::InvalidParameter,
            format!("the value of HTTP header {name} contains CR, LF or NUL"),
        ));
    }
    for own in ["host", "content-length", "transfer-encoding", "content-type"] {
        if name.eq_ignore_ascii_case(own) {
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                format!("HTTP header {name} is set by the transport"),
            ));
        }
    }
    Ok(())
}

fn malformed(why: impl Into<String>) -> Error {
    Error::new(ErrorKind::Malformed, why)
}

fn limit(why: impl Into<String>) -> Error {
    Error::new(ErrorKind::LimitExceeded, why)
}

fn io_error(e: std::io::Error, got_any: bool) -> Error {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => Error::new(
            ErrorKind::Truncated,
            if got_any {
                format!("the server closed the connection in the middle of the response ({e})")
            } else {
                format!("the server closed the connection without a response ({e})")
            },
        ),
        _ => Error::new(ErrorKind::Io, format!("reading the response failed: {e}")),
    }
}

/// What the caller must know when the read fails before any byte of a response arrived
/// (the connection is then a candidate for a transparent retry).
pub struct ReadError {
    pub error: Error,
    pub before_any_byte: bool,
}

impl From<Error> for ReadError {
    fn from(error: Error) -> ReadError {
        ReadError {
            error,
            before_any_byte: false,
        }
    }
}

/// Reads one whole response (skipping 1xx interim responses).
pub async fn read_response<R: AsyncRead + Unpin>(
    r: &mut R,
    buf: &mut ReadBuf,
    limits: &Limits,
) -> Result<Raw, ReadError> {
    let mut first = true;
    loop {
        let head = read_head(r, buf, limits, first).await?;
        first = false;
        if (100..200).contains(&head.status) {
            if head.status == 101 {
                return Err(malformed("the server switched protocols (101)").into());
            }
            continue;
        }
        return Ok(read_body(r, buf, limits, head).await?);
    }
}

async fn read_head<R: AsyncRead + Unpin>(
    r: &mut R,
    buf: &mut ReadBuf,
    limits: &Limits,
    first: bool,
) -> Result<Head, ReadError> {
    let mut scanned_empty = true;
    // How far the buffer has been searched for the end of the head, and whether the
    // status line has been checked: a head trickling in byte by byte is parsed once it is
    // complete, not once per read (which would be quadratic).
    let mut searched = 0usize;
    let mut status_line_checked = false;
    loop {
        if scanned_empty {
            // Tolerate CRLFs before the status line (RFC 9112 §2.2).
            let lead = buf
                .data()
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            buf.consume(lead);
        }
        let data = buf.data();
        let window_len = data.len().min(limits.max_head_bytes);
        let from = searched.saturating_sub(3).min(window_len);
        let window = &data[from..window_len];
        let complete = window.windows(2).any(|w| w == b"\n\n") || window.windows(3).any(|w| w == b"\n\r\n");
        let first_line = !status_line_checked && window.contains(&b'\n');
        let at_cap = data.len() >= limits.max_head_bytes;
        searched = window_len;
        if !buf.is_empty() && (complete || first_line || at_cap) {
            scanned_empty = false;
            status_line_checked |= first_line;
            let mut headers = vec![httparse::EMPTY_HEADER; limits.max_headers];
            let mut resp = httparse::Response::new(&mut headers);
            let window = &buf.data()[..buf.data().len().min(limits.max_head_bytes)];
            match resp.parse(window) {
                Ok(httparse::Status::Complete(len)) => {
                    let head = Head {
                        status: resp.code.unwrap_or(0),
                        reason: resp.reason.unwrap_or("").to_string(),
                        minor_version: resp.version.unwrap_or(1),
                        headers: resp
                            .headers
                            .iter()
                            .map(|h| {
                                (
                                    h.name.to_string(),
                                    String::from_utf8_lossy(h.value).trim().to_string(),
                                )
                            })
                            .collect(),
                    };
                    buf.consume(len);
                    if !(100..=999).contains(&head.status) {
                        return Err(malformed(format!("bad HTTP status {}", head.status)).into());
                    }
                    return Ok(head);
                }
                Ok(httparse::Status::Partial) => {
                    if buf.data().len() >= limits.max_head_bytes {
                        return Err(limit(format!(
                            "the response head is larger than {} bytes",
                            limits.max_head_bytes
                        ))
                        .into());
                    }
                }
                Err(httparse::Error::TooManyHeaders) => {
                    return Err(limit(format!(
                        "the response has more than {} headers",
                        limits.max_headers
                    ))
                    .into());
                }
                Err(e) => {
                    return Err(malformed(format!("malformed HTTP response head: {e}")).into());
                }
            }
        }
        if !buf.is_empty() {
            scanned_empty = false;
        }
        match buf.fill(r).await {
            Ok(0) => {
                let error = if scanned_empty {
                    Error::new(
                        ErrorKind::Truncated,
                        "the server closed the connection without a response",
                    )
                } else {
                    Error::new(
                        ErrorKind::Truncated,
                        "the server closed the connection in the middle of the response head",
                    )
                };
                return Err(ReadError {
                    error,
                    before_any_byte: first && scanned_empty,
                });
            }
            Ok(_) => {}
            Err(e) => {
                return Err(ReadError {
                    error: io_error(e, !scanned_empty),
                    before_any_byte: first && scanned_empty,
                });
            }
        }
    }
}

async fn read_body<R: AsyncRead + Unpin>(
    r: &mut R,
    buf: &mut ReadBuf,
    limits: &Limits,
    head: Head,
) -> Result<Raw, Error> {
    let framing = framing(&head)?;
    let mut keep = match head.minor_version {
        0 => head.has_token("connection", "keep-alive"),
        _ => !head.has_token("connection", "close"),
    };
    let mut body = Vec::new();
    match framing {
        Framing::None => {}
        Framing::Length(n) => {
            if n > limits.max_body_bytes as u64 {
                return Err(limit(format!(
                    "the response body ({n} bytes) is larger than the limit of {} bytes",
                    limits.max_body_bytes
                )));
            }
            let n = n as usize;
            body.reserve_exact(n);
            while body.len() < n {
                if buf.is_empty() {
                    match buf.fill(r).await {
                        Ok(0) => {
                            return Err(Error::new(
                                ErrorKind::Truncated,
                                format!(
                                    "the server closed the connection after {} of {n} body bytes",
                                    body.len()
                                ),
                            ));
                        }
                        Ok(_) => {}
                        Err(e) => return Err(io_error(e, true)),
                    }
                }
                let take = buf.data().len().min(n - body.len());
                body.extend_from_slice(&buf.data()[..take]);
                buf.consume(take);
            }
        }
        Framing::Chunked => read_chunked(r, buf, limits, &mut body).await?,
        Framing::Close => {
            keep = false;
            loop {
                body.extend_from_slice(buf.data());
                let n = buf.data().len();
                buf.consume(n);
                if body.len() > limits.max_body_bytes {
                    return Err(limit(format!(
                        "the response body is larger than the limit of {} bytes",
                        limits.max_body_bytes
                    )));
                }
                match buf.fill(r).await {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) => return Err(io_error(e, true)),
                }
            }
        }
    }
    Ok(Raw {
        head,
        body,
        reusable: keep,
    })
}

fn framing(head: &Head) -> Result<Framing, Error> {
    if head.status == 204 || head.status == 304 {
        return Ok(Framing::None);
    }
    let codings: Vec<&str> = head
        .get("transfer-encoding")
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if let Some(last) = codings.last() {
        // RFC 9112 §6.3: chunked must be last; any other coding we cannot decode.
        if last.eq_ignore_ascii_case("chunked")
            && codings[..codings.len() - 1]
                .iter()
                .all(|c| c.eq_ignore_ascii_case("identity"))
        {
            return Ok(Framing::Chunked);
        }
        return Err(malformed(format!(
            "unsupported Transfer-Encoding {:?}",
            codings.join(", ")
        )));
    }
    let mut length: Option<u64> = None;
    for v in head.get("content-length") {
        for part in v.split(',') {
            let part = part.trim();
            let n = part
                .parse::<u64>()
                .ok()
                .filter(|_| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| malformed(format!("invalid Content-Length {v:?}")))?;
            if length.is_some_and(|l| l != n) {
                return Err(malformed("conflicting Content-Length headers"));
            }
            length = Some(n);
        }
    }
    Ok(length.map_or(Framing::Close, Framing::Length))
}

/// The longest chunk-size line (size, extensions) accepted.
const MAX_CHUNK_LINE: usize = 4096;

/// Reads one CRLF-terminated line (LF alone tolerated) of at most `max` bytes.
async fn read_line<R: AsyncRead + Unpin>(
    r: &mut R,
    buf: &mut ReadBuf,
    max: usize,
    what: &str,
) -> Result<Vec<u8>, Error> {
    loop {
        if let Some(i) = buf.data().iter().position(|&b| b == b'\n') {
            if i > max {
                return Err(limit(format!("a {what} is longer than {max} bytes")));
            }
            let mut line = buf.data()[..i].to_vec();
            buf.consume(i + 1);
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(line);
        }
        if buf.data().len() > max {
            return Err(limit(format!("a {what} is longer than {max} bytes")));
        }
        match buf.fill(r).await {
            Ok(0) => {
                return Err(Error::new(
                    ErrorKind::Truncated,
                    format!("the server closed the connection in a {what}"),
                ));
            }
            Ok(_) => {}
            Err(e) => return Err(io_error(e, true)),
        }
    }
}

async fn read_chunked<R: AsyncRead + Unpin>(
    r: &mut R,
    buf: &mut ReadBuf,
    limits: &Limits,
    body: &mut Vec<u8>,
) -> Result<(), Error> {
    loop {
        let line = read_line(r, buf, MAX_CHUNK_LINE, "chunk-size line").await?;
        let size_text = line.split(|&b| b == b';').next().unwrap_or(&[]);
        let size_text = std::str::from_utf8(size_text)
            .map_err(|_| malformed("invalid chunk size"))?
            .trim_matches(|c| c == ' ' || c == '\t');
        if size_text.is_empty() || size_text.len() > 15 || !size_text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(malformed(format!("invalid chunk size {size_text:?}")));
        }
        let size = u64::from_str_radix(size_text, 16).map_err(|_| malformed("invalid chunk size"))?;
        if size == 0 {
            // Trailers up to the empty line; their total size is capped like a head.
            let mut total = 0usize;
            loop {
                let line = read_line(r, buf, limits.max_head_bytes, "trailer line").await?;
                if line.is_empty() {
                    return Ok(());
                }
                total += line.len();
                if total > limits.max_head_bytes {
                    return Err(limit(format!(
                        "the trailers are larger than {} bytes",
                        limits.max_head_bytes
                    )));
                }
            }
        }
        if body.len() as u64 + size > limits.max_body_bytes as u64 {
            return Err(limit(format!(
                "the response body is larger than the limit of {} bytes",
                limits.max_body_bytes
            )));
        }
        let mut left = size as usize;
        while left > 0 {
            if buf.is_empty() {
                match buf.fill(r).await {
                    Ok(0) => {
                        return Err(Error::new(
                            ErrorKind::Truncated,
                            "the server closed the connection in the middle of a chunk",
                        ));
                    }
                    Ok(_) => {}
                    Err(e) => return Err(io_error(e, true)),
                }
            }
            let take = buf.data().len().min(left);
            body.extend_from_slice(&buf.data()[..take]);
            buf.consume(take);
            left -= take;
        }
        // CRLF (or a bare LF) must follow the chunk data.
        loop {
            match buf.data() {
                [b'\r', b'\n', ..] => {
                    buf.consume(2);
                    break;
                }
                [b'\n', ..] => {
                    buf.consume(1);
                    break;
                }
                [] | [b'\r'] => match buf.fill(r).await {
                    Ok(0) => {
                        return Err(Error::new(
                            ErrorKind::Truncated,
                            "the server closed the connection after a chunk",
                        ));
                    }
                    Ok(_) => {}
                    Err(e) => return Err(io_error(e, true)),
                },
                _ => return Err(malformed("a chunk is not followed by CRLF")),
            }
        }
    }
}

/// A reader over fuzz input that hands the bytes out in pieces (sizes from a pattern),
/// always ready: the parser sees every split of heads, chunk lines and CRLFs.
#[cfg(any(fuzzing, test))]
struct Pieces<'a> {
    data: &'a [u8],
    sizes: &'a [u8],
    turn: usize,
}

#[cfg(any(fuzzing, test))]
impl AsyncRead for Pieces<'_> {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let size = match self.sizes {
            [] => usize::MAX,
            s => 1 + s[self.turn % s.len()] as usize,
        };
        self.turn += 1;
        let n = size.min(self.data.len()).min(buf.remaining());
        let (head, rest) = self.data.split_at(n);
        buf.put_slice(head);
        self.data = rest;
        std::task::Poll::Ready(Ok(()))
    }
}

/// Reads one response from `data` handed out in pieces of the `sizes` pattern (tests).
#[cfg(test)]
pub fn fuzz_pieces(data: &[u8], sizes: &[u8], limits: Limits) -> Result<Raw, Error> {
    use std::future::Future as _;
    let mut reader = Pieces { data, sizes, turn: 0 };
    let mut buf = ReadBuf::default();
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let fut = read_response(&mut reader, &mut buf, &limits);
    let mut fut = std::pin::pin!(fut);
    match fut.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(r) => r.map_err(|e| e.error),
        std::task::Poll::Pending => unreachable!("an in-memory reader never waits"),
    }
}

/// Parses arbitrary bytes as a stream of responses under small limits (the first byte
/// picks the read-size pattern length): must never panic, hang or exceed the caps.
/// Returns how many responses parsed.
#[cfg(any(fuzzing, test))]
pub fn fuzz_response(data: &[u8]) -> usize {
    let (sizes, data) = match data.split_first() {
        Some((&n, rest)) => rest.split_at((n as usize % 8).min(rest.len())),
        None => (&[][..], data),
    };
    let limits = Limits {
        max_head_bytes: 1024,
        max_headers: 16,
        max_body_bytes: 2048,
    };
    let mut reader = Pieces { data, sizes, turn: 0 };
    let mut buf = ReadBuf::default();
    let mut parsed = 0;
    use std::future::Future as _;
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    // Every read is ready, so each response completes in one poll; the loop ends at the
    // first error (EOF included) or when a response leaves the connection unusable.
    loop {
        let fut = read_response(&mut reader, &mut buf, &limits);
        let mut fut = std::pin::pin!(fut);
        match fut.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(Ok(raw)) => {
                assert!(raw.body.len() <= limits.max_body_bytes);
                parsed += 1;
                if !raw.reusable {
                    return parsed;
                }
            }
            std::task::Poll::Ready(Err(_)) => return parsed,
            std::task::Poll::Pending => unreachable!("an in-memory reader never waits"),
        }
    }
}
