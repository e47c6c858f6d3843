//! The transport's error: a kind (what class of failure), a precise message, and what a
//! caller needs to go on (the `WWW-Authenticate` schemes of a 401, the `Location` of a
//! redirect). [`Error::result`] gives the `MI_Result` the protocol handler reports.

use std::fmt;

use crate::abi::{
    MI_RESULT_ACCESS_DENIED, MI_RESULT_FAILED, MI_RESULT_INVALID_PARAMETER, MI_RESULT_NOT_SUPPORTED,
    MI_RESULT_SERVER_LIMITS_EXCEEDED, MI_Result,
};

/// The class of a transport failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A bad argument: an unparsable endpoint, a header with CR/LF, an unreadable PEM file.
    InvalidParameter,
    /// Asked for something this transport does not do (certificate revocation checks).
    NotSupported,
    /// The host name did not resolve.
    Dns,
    /// The TCP connection could not be made (refused, unreachable).
    Connect,
    /// The TLS handshake failed (untrusted chain, wrong name, no client certificate...).
    Tls,
    /// The request (connect and whole exchange) did not finish within its timeout.
    Timeout,
    /// The server closed the connection, or reset it, in the middle of a response.
    Truncated,
    /// The server's response is not HTTP/1.x as we accept it (status line, headers, chunks).
    Malformed,
    /// A response head or body went past its cap; the connection was dropped.
    LimitExceeded,
    /// HTTP 401: `schemes` holds the `WWW-Authenticate` challenges.
    AccessDenied,
    /// HTTP 3xx: `location` holds the `Location` header (redirects are not followed).
    Redirect,
    /// An HTTP error status (4xx, 5xx) with no body: nothing the WS-Management layer could
    /// read a fault from (`status` holds it).
    Status,
    /// A request pinned to one TCP connection found that connection gone.
    ConnectionLost,
    /// Other socket errors while writing or reading.
    Io,
    /// The runtime shut down before the request finished.
    Shutdown,
    /// `send_blocking` was called on a runtime thread (it would deadlock).
    WrongThread,
}

/// A transport failure.
#[derive(Clone, Debug)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    /// The HTTP status, when the error comes from a response.
    pub status: Option<u16>,
    /// The `WWW-Authenticate` values of a 401, in order (`Basic realm="x"`, `Negotiate`...).
    pub schemes: Vec<String>,
    /// The `Location` of a redirect.
    pub location: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            status: None,
            schemes: Vec::new(),
            location: None,
        }
    }

    /// The `MI_Result` for this error: 401 is ACCESS_DENIED, a redirect NOT_SUPPORTED (as
    /// OMI's client does, the Location in the message), a cap SERVER_LIMITS_EXCEEDED, a bad
    /// argument INVALID_PARAMETER, everything on the wire FAILED.
    pub fn result(&self) -> MI_Result {
        match self.kind {
            ErrorKind::AccessDenied => MI_RESULT_ACCESS_DENIED,
            ErrorKind::Redirect | ErrorKind::NotSupported => MI_RESULT_NOT_SUPPORTED,
            ErrorKind::LimitExceeded => MI_RESULT_SERVER_LIMITS_EXCEEDED,
            ErrorKind::InvalidParameter | ErrorKind::WrongThread => MI_RESULT_INVALID_PARAMETER,
            ErrorKind::Dns
            | ErrorKind::Connect
            | ErrorKind::Tls
            | ErrorKind::Timeout
            | ErrorKind::Truncated
            | ErrorKind::Malformed
            | ErrorKind::Status
            | ErrorKind::ConnectionLost
            | ErrorKind::Io
            | ErrorKind::Shutdown => MI_RESULT_FAILED,
        }
    }

    /// The auth schemes of a 401 (`Basic`, `Negotiate`...), without their parameters.
    pub fn scheme_names(&self) -> Vec<String> {
        self.schemes
            .iter()
            .filter_map(|s| s.split_whitespace().next())
            .map(|s| s.trim_end_matches(',').to_string())
            .collect()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
