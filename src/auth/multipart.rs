//! `multipart/encrypted` message framing (MS-WSMV 2.2.9.1), as WinRM and OMI exchange it
//! over HTTP once a connection is authenticated:
//!
//! ```text
//! --Encrypted Boundary\r\n
//! Content-Type: application/HTTP-SPNEGO-session-encrypted\r\n
//! OriginalContent: type=application/soap+xml;charset=UTF-8;Length=<n>\r\n
//! --Encrypted Boundary\r\n
//! Content-Type: application/octet-stream\r\n
//! <u32 LE header length><header><ciphertext>--Encrypted Boundary--\r\n
//! ```
//!
//! The part headers are sent without the leading tab of MS-WSMV's examples: OMI's server
//! reads a header only at the start of a line (and fails the request otherwise), and OMI's
//! own client, which Windows servers accept, sends none. On reading, leading blanks are
//! allowed, as WinRM and pywinrm send them.
//!
//! A body may hold several such pairs (`multipart/x-multi-encrypted`); each opened part is
//! checked against its `Length=`. The ciphertext is found up to the next boundary line:
//! the 20-byte delimiter inside random ciphertext would need a forger, whose message
//! then fails its integrity check anyway.

use super::{AuthError, AuthErrorKind, SecurityContext};

/// The boundary we send (the one WinRM and OMI use).
pub const BOUNDARY: &str = "Encrypted Boundary";

/// The largest plaintext of one part for a context that splits (CredSSP: one TLS record,
/// 16 KiB; see [`SecurityContext::part_limit`]).
pub(crate) const PART_LIMIT: usize = 16 * 1024;

fn integrity(message: impl Into<String>) -> AuthError {
    AuthError::new(AuthErrorKind::Integrity, message)
}

/// Seals `plain` (of Content-Type `original_type`): the request's new Content-Type and
/// body, in parts of at most the context's [`SecurityContext::part_limit`] bytes.
pub fn seal(
    ctx: &mut dyn SecurityContext,
    original_type: &str,
    plain: &[u8],
) -> Result<(String, Vec<u8>), AuthError> {
    let protocol = ctx.protocol();
    let chunks: Vec<&[u8]> = match ctx.part_limit() {
        Some(limit) if plain.len() > limit => plain.chunks(limit).collect(),
        _ => vec![plain],
    };
    let multi = chunks.len() > 1;
    let mut body = Vec::with_capacity(plain.len() + 256 * chunks.len());
    for chunk in chunks {
        let w = ctx.wrap(chunk)?;
        let header_len =
            u32::try_from(w.header.len()).map_err(|_| integrity("a sealed message header is over 4 GiB"))?;
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Type: {protocol}\r\nOriginalContent: type={original_type};Length={}\r\n--{BOUNDARY}\r\nContent-Type: application/octet-stream\r\n",
                chunk.len() + w.padding
            )
            .as_bytes(),
        );
        body.extend_from_slice(&header_len.to_le_bytes());
        body.extend_from_slice(&w.header);
        body.extend_from_slice(&w.data);
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    let kind = if multi {
        "multipart/x-multi-encrypted"
    } else {
        "multipart/encrypted"
    };
    Ok((
        format!("{kind};protocol=\"{protocol}\";boundary=\"{BOUNDARY}\""),
        body,
    ))
}

/// Whether a response Content-Type is a sealed body.
pub fn is_sealed(content_type: &str) -> bool {
    let t = content_type.trim_start().to_ascii_lowercase();
    t.starts_with("multipart/encrypted") || t.starts_with("multipart/x-multi-encrypted")
}

/// A parameter of a Content-Type (`boundary="Encrypted Boundary"`), unquoted.
fn parameter<'a>(content_type: &'a str, name: &str) -> Option<&'a str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"'))
    })
}

/// The position of the next delimiter (`--`, optional blanks, the boundary) at or after
/// `from`, and the position just after it.
fn find_delimiter(body: &[u8], boundary: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while i + 2 <= body.len() {
        let at = i + memchr_dash(&body[i..])?;
        let mut j = at + 2;
        while j < body.len() && (body[j] == b' ' || body[j] == b'\t') {
            j += 1;
        }
        if body[j..].starts_with(boundary) {
            return Some((at, j + boundary.len()));
        }
        i = at + 1;
    }
    None
}

/// The offset of the next `--` in `hay`.
fn memchr_dash(hay: &[u8]) -> Option<usize> {
    hay.windows(2).position(|w| w == b"--")
}

/// Skips CR/LF after a delimiter.
fn skip_eol(body: &[u8], mut i: usize) -> usize {
    while i < body.len() && (body[i] == b'\r' || body[i] == b'\n') {
        i += 1;
    }
    i
}

/// The header lines of a part, from `i` to the end of the last line that looks like a
/// header (`Name: value`, usually indented by a tab); returns them and the offset after.
fn part_headers(
    body: &[u8],
    mut i: usize,
    lines: usize,
) -> Result<(Vec<(String, String)>, usize), AuthError> {
    let mut out = Vec::new();
    for _ in 0..lines {
        let end = body[i..]
            .windows(2)
            .position(|w| w == b"\r\n")
            .map(|p| i + p)
            .ok_or_else(|| integrity("a sealed body's part header has no line end"))?;
        let line = std::str::from_utf8(&body[i..end])
            .map_err(|_| integrity("a sealed body's part header is not text"))?;
        let (name, value) = line
            .trim()
            .split_once(':')
            .ok_or_else(|| integrity(format!("a sealed body's part header is not a header: {line:?}")))?;
        out.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        i = end + 2;
    }
    Ok((out, i))
}

/// Opens a sealed response body: the original Content-Type and the plaintext. Every
/// failure (framing, a wrong protocol, a failed integrity check, a `Length=` mismatch) is
/// an `Integrity` error: the message was not what the server sealed.
pub fn open(
    ctx: &mut dyn SecurityContext,
    content_type: &str,
    body: &[u8],
) -> Result<(String, Vec<u8>), AuthError> {
    if !is_sealed(content_type) {
        return Err(integrity(format!(
            "the response is not sealed (Content-Type {content_type:?}) on a connection whose messages must be"
        )));
    }
    let boundary = parameter(content_type, "boundary").unwrap_or(BOUNDARY);
    if boundary.is_empty() {
        return Err(integrity("the sealed body's boundary is empty"));
    }
    let b = boundary.as_bytes();
    let (start, mut i) =
        find_delimiter(body, b, 0).ok_or_else(|| integrity("the sealed body has no boundary"))?;
    if !body[..start].iter().all(u8::is_ascii_whitespace) {
        return Err(integrity("the sealed body does not start with its boundary"));
    }
    let mut plain = Vec::new();
    let mut original_type = None;
    loop {
        // `--boundary--` ends the body.
        if body[i..].starts_with(b"--") {
            break;
        }
        i = skip_eol(body, i);
        if i >= body.len() {
            return Err(integrity("the sealed body ends without its closing boundary"));
        }
        let (headers, after) = part_headers(body, i, 2)?;
        let get = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        let protocol = get("content-type").unwrap_or_default();
        if !protocol.eq_ignore_ascii_case(ctx.protocol()) {
            return Err(integrity(format!(
                "the sealed body's protocol is {protocol:?}, not {:?}",
                ctx.protocol()
            )));
        }
        let original =
            get("originalcontent").ok_or_else(|| integrity("the sealed body has no OriginalContent"))?;
        let length: usize = parameter(&format!("x;{original}"), "length")
            .and_then(|l| l.parse().ok())
            .ok_or_else(|| {
                integrity(format!(
                    "the sealed body's OriginalContent has no Length: {original:?}"
                ))
            })?;
        let otype = original
            .strip_prefix("type=")
            .unwrap_or(original)
            .split(';')
            .filter(|p| !p.trim().to_ascii_lowercase().starts_with("length="))
            .collect::<Vec<_>>()
            .join(";");
        original_type.get_or_insert(otype);
        let (_, next) =
            find_delimiter(body, b, after).ok_or_else(|| integrity("the sealed body has no data part"))?;
        i = skip_eol(body, next);
        let (headers, data_start) = part_headers(body, i, 1)?;
        if !headers[0].1.eq_ignore_ascii_case("application/octet-stream") {
            return Err(integrity(
                "the sealed body's data part is not application/octet-stream",
            ));
        }
        let (end, after_delim) = find_delimiter(body, b, data_start)
            .ok_or_else(|| integrity("the sealed body ends without its closing boundary"))?;
        let data = &body[data_start..end];
        if data.len() < 4 {
            return Err(integrity("the sealed body's data part is too short"));
        }
        let header_len = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
        if header_len > data.len() - 4 {
            return Err(integrity("the sealed body's header length is past its data"));
        }
        let (header, cipher) = data[4..].split_at(header_len);
        let opened = ctx.unwrap(header, cipher)?;
        if opened.len() != length {
            return Err(integrity(format!(
                "the sealed message is {} bytes, its Length= says {length}: it was altered",
                opened.len()
            )));
        }
        plain.extend_from_slice(&opened);
        i = after_delim;
    }
    Ok((original_type.unwrap_or_default(), plain))
}
