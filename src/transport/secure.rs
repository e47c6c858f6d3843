//! A connection's authentication (the 401 token loop) and message sealing, between the
//! connection task and an [`Authenticator`]'s context (`crate::auth`).
//!
//! On every new TCP connection of a session with a token scheme, before its first
//! request: empty POSTs (`Content-Length: 0`, no plaintext body ever) carry
//! `Authorization: <scheme> <base64 token>`, each 401 answers with
//! `WWW-Authenticate: <scheme> <token>`, until the context is complete and the server
//! answers with another status. Over HTTP every later request body is then sealed
//! (`multipart/encrypted`) and every response body opened and checked; a plaintext body
//! on such a connection is refused. Over HTTPS the TLS channel protects the messages and
//! the context carries the channel binding instead.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::connection::{Request, Response};
use super::error::{Error, ErrorKind};
use crate::auth::{AuthError, AuthErrorKind, multipart};

/// A transport error for an auth failure (`MI_RESULT_ACCESS_DENIED`).
pub(super) fn auth_error(e: AuthError) -> Error {
    let what = match e.kind {
        AuthErrorKind::Denied => "authentication failed",
        AuthErrorKind::Unavailable => "authentication cannot start",
        AuthErrorKind::Protocol => "authentication failed (unexpected token)",
        AuthErrorKind::Integrity => "message protection failed",
    };
    Error::new(ErrorKind::AccessDenied, format!("{what}: {}", e.message))
}

/// One handshake leg: an empty POST with the token.
pub(super) fn leg(scheme: &str, token: &[u8]) -> Request {
    Request {
        content_type: None,
        headers: vec![(
            "Authorization".to_string(),
            format!("{scheme} {}", STANDARD.encode(token)),
        )],
        body: Vec::new(),
        pin: None,
        timeout: None,
        raw_status: true,
    }
}

/// The server's token for `scheme` in a response's `WWW-Authenticate` headers:
/// `Some(None)` when the scheme is offered without a token, `None` when it is not offered.
pub(super) fn challenge(resp: &Response, scheme: &str) -> Result<Option<Option<Vec<u8>>>, Error> {
    for value in resp.headers_named("www-authenticate") {
        // One header may list several challenges separated by commas (`Negotiate, Basic
        // realm=".."`); tokens are base64 and contain no comma.
        for part in value.split(',') {
            let mut words = part.split_whitespace();
            let Some(name) = words.next() else { continue };
            if !name.eq_ignore_ascii_case(scheme) {
                continue;
            }
            return match words.next() {
                None => Ok(Some(None)),
                Some(t) => STANDARD.decode(t).map(|t| Some(Some(t))).map_err(|_| {
                    Error::new(
                        ErrorKind::AccessDenied,
                        format!("the server's {scheme} token is not base64"),
                    )
                }),
            };
        }
    }
    Ok(None)
}

/// What a 401 offered, for messages.
pub(super) fn offered(resp: &Response) -> String {
    let v: Vec<&str> = resp.headers_named("www-authenticate").collect();
    if v.is_empty() {
        "no scheme".into()
    } else {
        v.join("; ")
    }
}

/// The sealed form of a request (its Content-Type and body replaced).
pub(super) fn seal(ctx: &mut dyn crate::auth::SecurityContext, req: &Request) -> Result<Request, Error> {
    let original = req
        .content_type
        .clone()
        .unwrap_or_else(|| "application/soap+xml;charset=UTF-8".into());
    let (ct, body) = multipart::seal(ctx, &original, &req.body).map_err(auth_error)?;
    Ok(Request {
        content_type: Some(ct),
        headers: req.headers.clone(),
        body,
        pin: req.pin,
        timeout: req.timeout,
        raw_status: req.raw_status,
    })
}

/// Opens a sealed response in place. A response without a body (a bare status) passes.
pub(super) fn open(ctx: &mut dyn crate::auth::SecurityContext, resp: &mut Response) -> Result<(), Error> {
    if resp.body.is_empty() {
        return Ok(());
    }
    let ct = resp.header("content-type").unwrap_or_default().to_string();
    let (original, plain) = multipart::open(ctx, &ct, &resp.body).map_err(auth_error)?;
    for (n, v) in resp.headers.iter_mut() {
        if n.eq_ignore_ascii_case("content-type") {
            *v = original.clone();
        }
        if n.eq_ignore_ascii_case("content-length") {
            *v = plain.len().to_string();
        }
    }
    resp.body = plain;
    Ok(())
}
