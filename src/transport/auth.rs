//! Authorization header helpers. Basic now; the token schemes (NTLM, Kerberos, CredSSP)
//! build on [`crate::transport::Connection::exchange`].

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// The value of an `Authorization` header for Basic auth: `Basic base64(user:password)`
/// (RFC 7617, UTF-8). A user name containing ':' cannot be sent (the server would split
/// it there): `None`.
pub fn basic_authorization(user: &str, password: &str) -> Option<String> {
    if user.contains(':') {
        return None;
    }
    let mut raw = Vec::with_capacity(user.len() + 1 + password.len());
    raw.extend_from_slice(user.as_bytes());
    raw.push(b':');
    raw.extend_from_slice(password.as_bytes());
    let value = format!("Basic {}", STANDARD.encode(&raw));
    // The plaintext copy is wiped: it holds the password.
    raw.iter_mut().for_each(|b| *b = 0);
    std::hint::black_box(&raw);
    Some(value)
}
