//! HTTP/1.1 over TCP and TLS for the WS-Management handler, on the library's own runtime.
//!
//! This layer knows HTTP, TCP and TLS, nothing of MI operations or SOAP. The pieces:
//! * [`Runtime`]: one runtime thread for every session of every application, started on
//!   first use, shut down and joined when the last handle is released (docs/SPEC.md §3.5).
//! * [`Endpoint`]: a parsed destination (`host`, `host:port`, `[v6]:port`, URLs).
//! * [`Connection`]: one persistent keep-alive connection per session; requests are
//!   serialized on it, each answered by a completion (or [`Connection::send_blocking`]);
//!   [`Connection::exchange`] runs a multi-leg handshake (NTLM, Kerberos, CredSSP) on one
//!   pinned TCP connection.
//! * [`TlsOptions`]: rustls with the ring provider; CA file and/or system roots, the
//!   CA / CN check switches, mutual TLS.
//! * [`Error`]: what went wrong, with the `MI_Result` it maps to.

mod auth;
mod connection;
mod endpoint;
mod error;
mod http;
mod runtime;
mod secure;
mod tls;

#[allow(unused_imports)]
pub use auth::basic_authorization;
#[allow(unused_imports)]
pub use connection::{Connection, ConnectionOptions, Request, Response, Step};
#[allow(unused_imports)]
pub use endpoint::{Endpoint, Host, Scheme};
#[allow(unused_imports)]
pub use error::{Error, ErrorKind};
/// The transport's DNS threads at most (the library's thread budget counts them).
pub(crate) use runtime::MAX_BLOCKING as MAX_BLOCKING_THREADS;
#[allow(unused_imports)]
pub use runtime::Runtime;
#[allow(unused_imports)]
pub use tls::TlsOptions;

#[cfg(fuzzing)]
pub use http::fuzz_response;

#[cfg(test)]
mod tests;
