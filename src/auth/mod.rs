//! Authentication contexts of the WS-Management transport: the token schemes that
//! authenticate a TCP connection (NTLM, Kerberos, SPNEGO, CredSSP) and the message
//! encryption of MS-WSMV 2.2.9.1 that follows them over HTTP.
//!
//! Pure: no I/O here but the KDC round trips inside the system GSSAPI. The transport
//! (`crate::transport`) asks an [`Authenticator`] for a fresh [`SecurityContext`] on
//! every new TCP connection, carries its tokens in the 401 loop (`Authorization` /
//! `WWW-Authenticate`), then seals each request body and opens each response body
//! through [`multipart`].
//!
//! * [`ntlm`]: NTLMv2 in pure Rust (the `sspi` crate), with channel binding.
//! * [`credssp`]: CredSSP (TLS 1.2 in the tokens, NTLM inside, the password delegated),
//!   its TLS session sealing the messages.
//! * [`gssapi`]: Kerberos and SPNEGO through the system GSSAPI (MIT krb5, loaded at run
//!   time), with the ticket cache or a password, and channel binding.
//! * [`multipart`]: the `multipart/encrypted` framing, its `Length=` check.
//!
//! Secrets: a password lives in a [`Password`] (wiped on drop) until the context has
//! used it; no secret, token or key is ever written to a log (`sspi`'s own tracing is
//! compiled out: see Cargo.toml).

pub(crate) mod credssp;
pub(crate) mod gssapi;
pub(crate) mod multipart;
pub(crate) mod ntlm;

use std::fmt;

/// A password, wiped from memory when dropped.
pub struct Password(zeroize::Zeroizing<String>);

impl Password {
    pub fn new(s: String) -> Password {
        Password(zeroize::Zeroizing::new(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(..)")
    }
}

/// A user's credentials: `user` may carry its domain (`DOMAIN\user`, `user@REALM`) when
/// `domain` is `None`.
#[derive(Debug)]
pub struct Credentials {
    pub user: String,
    pub domain: Option<String>,
    pub password: Password,
}

impl Credentials {
    /// The user name and domain apart: the explicit domain, else `DOMAIN\user`, else
    /// `user@domain`, else no domain.
    pub fn split(&self) -> (String, Option<String>) {
        if let Some(d) = self.domain.as_deref().filter(|d| !d.is_empty()) {
            return (self.user.clone(), Some(d.to_string()));
        }
        if let Some((d, u)) = self.user.split_once('\\') {
            return (u.to_string(), Some(d.to_string()));
        }
        if let Some((u, d)) = self.user.rsplit_once('@') {
            return (u.to_string(), Some(d.to_string()));
        }
        (self.user.clone(), None)
    }
}

/// What a context knows of the connection it authenticates.
#[derive(Clone, Debug, Default)]
pub struct Channel {
    /// The server's host name (the service principal is `HTTP/<host>`).
    pub host: String,
    /// RFC 5929 `tls-server-end-point` application data (`tls-server-end-point:` and the
    /// certificate hash) on HTTPS; `None` on HTTP.
    pub binding: Option<Vec<u8>>,
}

/// Why authentication or sealing failed. Every kind is `MI_RESULT_ACCESS_DENIED` to the
/// client but the message tells which.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthError {
    pub kind: AuthErrorKind,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthErrorKind {
    /// The server refused the credentials (or the scheme).
    Denied,
    /// The scheme cannot run here (no GSSAPI library, no ticket, no credentials).
    Unavailable,
    /// A token from the server is not what the scheme expects.
    Protocol,
    /// A sealed message failed its integrity check, is out of sequence or mis-framed.
    Integrity,
}

impl AuthError {
    pub fn new(kind: AuthErrorKind, message: impl Into<String>) -> AuthError {
        AuthError {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// One sealed message: the signature (NTLM) or token header (Kerberos, CredSSP), the
/// ciphertext, and the padding the cipher added (counted in `Length=`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wrapped {
    pub header: Vec<u8>,
    pub data: Vec<u8>,
    pub padding: usize,
}

/// Makes one security context per TCP connection (a context cannot outlive its
/// connection: the server forgets it when the connection closes).
pub trait Authenticator: Send + Sync + fmt::Debug {
    /// The HTTP auth scheme name of the tokens (`Negotiate`, `Kerberos`, `CredSSP`).
    fn scheme(&self) -> &'static str;
    /// Whether `step` may block (a KDC round trip): the transport then runs it on a
    /// blocking thread, never on its runtime thread.
    fn blocking(&self) -> bool {
        false
    }
    /// A fresh context for a new connection.
    fn start(&self, channel: &Channel) -> Result<Box<dyn SecurityContext>, AuthError>;
}

/// One connection's security context.
pub trait SecurityContext: Send {
    /// Consumes the server's token (`None` at the start) and gives the next token to
    /// send, or `None` when there is nothing more to send.
    fn step(&mut self, input: Option<&[u8]>) -> Result<Option<Vec<u8>>, AuthError>;
    /// Whether the handshake is over on our side.
    fn complete(&self) -> bool;
    /// The `protocol=` of `multipart/encrypted` for this scheme.
    fn protocol(&self) -> &'static str;
    /// Seals one message.
    fn wrap(&mut self, plain: &[u8]) -> Result<Wrapped, AuthError>;
    /// Opens one message sealed by the server.
    fn unwrap(&mut self, header: &[u8], data: &[u8]) -> Result<Vec<u8>, AuthError>;
    /// The most plaintext one sealed part holds (CredSSP: 16 KiB, one TLS record; the
    /// body is then `multipart/x-multi-encrypted`); `None`: one part whatever the size.
    fn part_limit(&self) -> Option<usize> {
        None
    }
}

#[cfg(test)]
mod tests;
