//! Kerberos through the system GSSAPI (MIT krb5's `libgssapi_krb5.so.2`, loaded at run
//! time by [`ffi`], so the library still loads and every other scheme works where krb5 is
//! not installed), client side.
//!
//! Two mechanisms, as WinRM's and OMI's clients use them:
//!
//! | auth type | HTTP scheme | GSS mechanism | `protocol=` of the sealed bodies |
//! |---|---|---|---|
//! | `Kerberos` | `Kerberos` | Kerberos 5 (raw AP-REQ/AP-REP tokens) | `application/HTTP-Kerberos-session-encrypted` |
//! | `NegoNoCreds`, `Default` without credentials | `Negotiate` | SPNEGO (Kerberos inside) | `application/HTTP-SPNEGO-session-encrypted` |
//!
//! (OMI's HTTP client writes `Authorization: Kerberos` for its Kerberos auth type and
//! `Negotiate` for the Negotiate ones; pypsrp's Kerberos transport pairs the `Kerberos`
//! scheme with the Kerberos protocol string; MS-WSMV 2.2.9.1 names both strings.)
//!
//! Credentials: the user's ticket cache (`KRB5CCNAME`, or krb5's default) when no user
//! name is given; a named principal's cache entry when a user name comes without a
//! password; with a password, a fresh TGT from the KDC through MIT's
//! `gss_acquire_cred_with_password` (kept in a memory cache of the context, never written
//! to the user's). A user name `DOMAIN\user` or with a separate domain becomes
//! `user@DOMAIN` with the domain in capitals (Active Directory realms are the DNS domain
//! in capitals and krb5 compares realms exactly); `user@REALM` is used as given.
//!
//! The context asks for mutual authentication, integrity, confidentiality and sequence
//! checks (no delegation); over HTTPS it carries the RFC 5929 `tls-server-end-point`
//! channel binding as the application data of `gss_channel_bindings_struct`. Messages are
//! sealed with `gss_wrap_iov` (HEADER, DATA, PADDING buffers: the header goes before the
//! ciphertext in the multipart body, `Length=` counts the data and its padding, as
//! MS-WSMV 2.2.9.1.2.2 describes) and opened with `gss_unwrap_iov`.
//!
//! Every GSSAPI failure is an [`AuthError`] with the library's own major and minor texts
//! (no ticket, an expired one, a wrong password, an unknown principal, a mismatched
//! binding); none carries a secret. KDC round trips block: [`Authenticator::blocking`] is
//! true, so the transport runs them off its runtime thread, bounded by krb5's own KDC
//! timeouts and the operation timeout.

pub(crate) mod ffi;

use super::{AuthError, AuthErrorKind, Authenticator, Channel, Credentials, SecurityContext, Wrapped};
use ffi::{Buffer, Gss, GssCred, GssCtx, GssName, OmUint32};
use std::ptr;

/// The `protocol=` of Kerberos-sealed messages.
pub const PROTOCOL_KERBEROS: &str = "application/HTTP-Kerberos-session-encrypted";
/// The `protocol=` of SPNEGO-sealed messages.
pub const PROTOCOL_SPNEGO: &str = "application/HTTP-SPNEGO-session-encrypted";

/// Which GSSAPI mechanism, and so which HTTP scheme and protocol string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mech {
    /// Raw Kerberos 5 under the `Kerberos` HTTP scheme.
    Kerberos,
    /// SPNEGO under the `Negotiate` HTTP scheme.
    Spnego,
}

impl Mech {
    fn der(self) -> &'static [u8] {
        match self {
            Mech::Kerberos => ffi::MECH_KRB5,
            Mech::Spnego => ffi::MECH_SPNEGO,
        }
    }

    fn scheme(self) -> &'static str {
        match self {
            Mech::Kerberos => "Kerberos",
            Mech::Spnego => "Negotiate",
        }
    }

    fn protocol(self) -> &'static str {
        match self {
            Mech::Kerberos => PROTOCOL_KERBEROS,
            Mech::Spnego => PROTOCOL_SPNEGO,
        }
    }
}

/// The library, or the documented error when it cannot be loaded (`Unavailable`).
pub fn library() -> Result<&'static Gss, AuthError> {
    ffi::library().map_err(|m| AuthError::new(AuthErrorKind::Unavailable, m))
}

/// Kerberos (or SPNEGO) for one session: the mechanism and whose credentials.
pub struct GssAuth {
    mech: Mech,
    /// `None`: the default ticket cache.
    credentials: Option<Credentials>,
}

impl std::fmt::Debug for GssAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GssAuth")
            .field("mech", &self.mech)
            .field("user", &self.credentials.as_ref().map(|c| c.user.as_str()))
            .finish_non_exhaustive()
    }
}

impl GssAuth {
    /// `credentials` `None` (or with an empty user name): the ticket cache.
    pub fn new(mech: Mech, credentials: Option<Credentials>) -> GssAuth {
        GssAuth {
            mech,
            credentials: credentials.filter(|c| !c.user.is_empty()),
        }
    }

    /// The Kerberos principal of the credentials' user (`user@REALM` as given, whatever
    /// the domain says).
    fn principal(c: &Credentials) -> String {
        if c.user.contains('@') {
            c.user.clone()
        } else if c.domain.as_deref().is_some_and(|d| !d.is_empty()) || c.user.contains('\\') {
            let (user, domain) = c.split();
            match domain {
                Some(d) => format!("{user}@{}", d.to_ascii_uppercase()),
                None => user,
            }
        } else {
            c.user.clone()
        }
    }
}

/// A name owned by the library, released on drop.
struct Name<'a>(&'a Gss, GssName);

impl Drop for Name<'_> {
    fn drop(&mut self) {
        let mut minor = 0;
        // SAFETY: a name the library made (or NULL, which it ignores).
        unsafe { (self.0.release_name)(&mut minor, &mut self.1) };
    }
}

fn import_name<'a>(gss: &'a Gss, text: &str, kind: &'static [u8]) -> Result<Name<'a>, AuthError> {
    let mut oid = ffi::oid(kind);
    let input = Buffer::of(text.as_bytes());
    let mut minor = 0;
    let mut name: GssName = ptr::null_mut();
    // SAFETY: `input` and `oid` point at live bytes for the call; the library copies them.
    let major = unsafe { (gss.import_name)(&mut minor, &input, &mut oid, &mut name) };
    if major & ffi::ERROR_MASK != 0 {
        return Err(AuthError::new(
            AuthErrorKind::Unavailable,
            format!(
                "Kerberos: the name {text:?} is not usable: {}",
                gss.message(major, minor)
            ),
        ));
    }
    Ok(Name(gss, name))
}

/// The routine error of a major status (`GSS_S_NO_CRED` is 7).
fn routine(major: OmUint32) -> OmUint32 {
    (major >> ffi::ROUTINE_SHIFT) & 0xff
}

impl Authenticator for GssAuth {
    fn scheme(&self) -> &'static str {
        self.mech.scheme()
    }

    fn blocking(&self) -> bool {
        true
    }

    fn start(&self, channel: &Channel) -> Result<Box<dyn SecurityContext>, AuthError> {
        let gss = library()?;
        let target = import_name(gss, &format!("HTTP@{}", channel.host), ffi::NT_HOSTBASED_SERVICE)?;
        let mut mech = ffi::oid(ffi::MECH_KRB5);
        // Credentials are always Kerberos ones (SPNEGO then offers Kerberos inside).
        let mechs = ffi::OidSet {
            count: 1,
            elements: &mut mech,
        };
        let mut minor = 0;
        let mut cred: GssCred = ptr::null_mut();
        let principal = self.credentials.as_ref().map(Self::principal);
        let name = match &principal {
            Some(p) => Some(import_name(gss, p, ffi::NT_KRB5_PRINCIPAL)?),
            None => None,
        };
        let desired = name.as_ref().map_or(ptr::null_mut(), |n| n.1);
        let password = self
            .credentials
            .as_ref()
            .map(|c| c.password.as_str())
            .filter(|p| !p.is_empty());
        let (major, whose) = match (password, &principal) {
            (Some(password), Some(principal)) => {
                let with_password = gss.acquire_cred_with_password.ok_or_else(|| {
                    AuthError::new(
                        AuthErrorKind::Unavailable,
                        format!(
                            "Kerberos with a password needs gss_acquire_cred_with_password, which this {} lacks (run kinit and give no password)",
                            ffi::SONAME
                        ),
                    )
                })?;
                let password = Buffer::of(password.as_bytes());
                // SAFETY: out-parameters of the right types; the name is the library's, the
                // set and its OID are alive for the call, and the password buffer points at
                // the caller's bytes for the call only (the library copies what it keeps).
                let m = unsafe {
                    with_password(
                        &mut minor,
                        desired,
                        &password,
                        ffi::C_INDEFINITE,
                        &mechs,
                        ffi::C_INITIATE,
                        &mut cred,
                        ptr::null_mut(),
                        ptr::null_mut(),
                    )
                };
                (m, format!("the password of {principal:?}"))
            }
            _ => {
                // SAFETY: as above; a NULL name is the cache's default principal.
                let m = unsafe {
                    (gss.acquire_cred)(
                        &mut minor,
                        desired,
                        ffi::C_INDEFINITE,
                        &mechs,
                        ffi::C_INITIATE,
                        &mut cred,
                        ptr::null_mut(),
                        ptr::null_mut(),
                    )
                };
                let whose = match &principal {
                    Some(p) => format!("the ticket cache for {p:?}"),
                    None => "the ticket cache".to_string(),
                };
                (m, whose)
            }
        };
        if major & ffi::ERROR_MASK != 0 {
            let kind = if password.is_some() {
                AuthErrorKind::Denied
            } else {
                AuthErrorKind::Unavailable
            };
            let hint = match routine(major) {
                ffi::S_NO_CRED | ffi::S_CREDENTIALS_EXPIRED if kind == AuthErrorKind::Unavailable => {
                    " (no valid ticket: run kinit, or give a user name and password)"
                }
                _ => "",
            };
            return Err(AuthError::new(
                kind,
                format!(
                    "Kerberos: no credentials from {whose}: {}{hint}",
                    gss.message(major, minor)
                ),
            ));
        }
        Ok(Box::new(GssContext {
            gss,
            mech: self.mech,
            target,
            cred,
            ctx: ptr::null_mut(),
            binding: channel.binding.clone(),
            started: false,
            done: false,
        }))
    }
}

/// One connection's GSSAPI context.
struct GssContext {
    gss: &'static Gss,
    mech: Mech,
    target: Name<'static>,
    cred: GssCred,
    ctx: GssCtx,
    binding: Option<Vec<u8>>,
    started: bool,
    done: bool,
}

// SAFETY: the context, credential and name handles are the library's heap objects, not tied
// to a thread (MIT krb5 is thread-safe as long as one handle is used by one thread at a
// time); the transport moves a context between threads but never shares it.
unsafe impl Send for GssContext {}

impl Drop for GssContext {
    fn drop(&mut self) {
        let mut minor = 0;
        if !self.ctx.is_null() {
            // SAFETY: our context handle; no output token is asked for.
            unsafe { (self.gss.delete_sec_context)(&mut minor, &mut self.ctx, ptr::null_mut()) };
        }
        if !self.cred.is_null() {
            // SAFETY: our credential handle.
            unsafe { (self.gss.release_cred)(&mut minor, &mut self.cred) };
        }
    }
}

impl GssContext {
    fn failed(&self, kind: AuthErrorKind, what: &str, major: OmUint32, minor: OmUint32) -> AuthError {
        AuthError::new(
            kind,
            format!("Kerberos: {what}: {}", self.gss.message(major, minor)),
        )
    }
}

impl SecurityContext for GssContext {
    fn step(&mut self, input: Option<&[u8]>) -> Result<Option<Vec<u8>>, AuthError> {
        if self.done {
            return Ok(None);
        }
        if self.started && input.is_none_or(<[u8]>::is_empty) {
            return Err(AuthError::new(
                AuthErrorKind::Denied,
                "Kerberos: the server sent no token to answer (it refused the ticket)",
            ));
        }
        let mut mech = ffi::oid(self.mech.der());
        let bindings = self.binding.as_ref().map(|b| ffi::ChannelBindings {
            initiator_addrtype: 0,
            initiator_address: Buffer::EMPTY,
            acceptor_addrtype: 0,
            acceptor_address: Buffer::EMPTY,
            application_data: Buffer::of(b),
        });
        let input_buffer = input.map(Buffer::of);
        let mut output = Buffer::EMPTY;
        let mut minor = 0;
        let flags = ffi::C_MUTUAL_FLAG
            | ffi::C_REPLAY_FLAG
            | ffi::C_SEQUENCE_FLAG
            | ffi::C_CONF_FLAG
            | ffi::C_INTEG_FLAG;
        let mut granted: OmUint32 = 0;
        // SAFETY: every pointer is to a live local or field for the call (the bindings and
        // the input token point at our own bytes); `ctx` is NULL on the first call and the
        // library's handle after; the output buffer is the library's, released below.
        let major = unsafe {
            (self.gss.init_sec_context)(
                &mut minor,
                self.cred,
                &mut self.ctx,
                self.target.1,
                &mut mech,
                flags,
                0,
                bindings.as_ref().map_or(ptr::null(), |b| b as *const _),
                input_buffer.as_ref().map_or(ptr::null(), |b| b as *const _),
                ptr::null_mut(),
                &mut output,
                &mut granted,
                ptr::null_mut(),
            )
        };
        let token = if output.value.is_null() || output.length == 0 {
            Vec::new()
        } else {
            // SAFETY: the library's output buffer of `length` bytes.
            unsafe { std::slice::from_raw_parts(output.value as *const u8, output.length) }.to_vec()
        };
        let mut m2 = 0;
        // SAFETY: the library's buffer (or an empty one, which it ignores).
        unsafe { (self.gss.release_buffer)(&mut m2, &mut output) };
        if major & ffi::ERROR_MASK != 0 {
            let (kind, what) = match routine(major) {
                ffi::S_BAD_BINDINGS => (
                    AuthErrorKind::Denied,
                    "the channel binding does not match the server's",
                ),
                ffi::S_DEFECTIVE_TOKEN | ffi::S_BAD_SIG => {
                    (AuthErrorKind::Protocol, "the server's token is not valid")
                }
                _ if !self.started => (
                    AuthErrorKind::Unavailable,
                    "cannot make the first token (ticket for the server's HTTP service)",
                ),
                _ => (AuthErrorKind::Denied, "the server's answer was refused"),
            };
            return Err(self.failed(kind, what, major, minor));
        }
        self.started = true;
        if major == ffi::GSS_S_COMPLETE {
            self.done = true;
            let needed = ffi::C_CONF_FLAG | ffi::C_INTEG_FLAG;
            if granted & needed != needed {
                return Err(AuthError::new(
                    AuthErrorKind::Denied,
                    "Kerberos: the context was set up without confidentiality and integrity",
                ));
            }
        } else if major & 0xffff != ffi::GSS_S_CONTINUE_NEEDED {
            return Err(self.failed(AuthErrorKind::Protocol, "unexpected status", major, minor));
        }
        Ok((!token.is_empty()).then_some(token))
    }

    fn complete(&self) -> bool {
        self.done
    }

    fn protocol(&self) -> &'static str {
        self.mech.protocol()
    }

    fn wrap(&mut self, plain: &[u8]) -> Result<Wrapped, AuthError> {
        if !self.done {
            return Err(AuthError::new(
                AuthErrorKind::Integrity,
                "Kerberos: sealing before the context is complete",
            ));
        }
        let mut iov = [
            ffi::IovBuffer {
                kind: ffi::IOV_HEADER,
                buffer: Buffer::EMPTY,
            },
            ffi::IovBuffer {
                kind: ffi::IOV_DATA,
                buffer: Buffer::of(plain),
            },
            ffi::IovBuffer {
                kind: ffi::IOV_PADDING,
                buffer: Buffer::EMPTY,
            },
        ];
        let mut minor = 0;
        let mut conf = 0;
        // SAFETY: an established context and three descriptors; the call only fills in the
        // header and padding lengths.
        let major =
            unsafe { (self.gss.wrap_iov_length)(&mut minor, self.ctx, 1, 0, &mut conf, iov.as_mut_ptr(), 3) };
        if major & ffi::ERROR_MASK != 0 {
            return Err(self.failed(AuthErrorKind::Integrity, "sizing a sealed message", major, minor));
        }
        let mut header = vec![0u8; iov[0].buffer.length];
        let mut data = Vec::with_capacity(plain.len() + iov[2].buffer.length);
        data.extend_from_slice(plain);
        data.resize(plain.len() + iov[2].buffer.length, 0);
        let (body, padding) = data.split_at_mut(plain.len());
        iov[0].buffer = Buffer {
            length: header.len(),
            value: header.as_mut_ptr().cast(),
        };
        iov[1].buffer = Buffer {
            length: body.len(),
            value: body.as_mut_ptr().cast(),
        };
        iov[2].buffer = Buffer {
            length: padding.len(),
            value: padding.as_mut_ptr().cast(),
        };
        // SAFETY: the descriptors point at our own buffers of the sizes the library asked
        // for; it encrypts the data in place and writes the header and padding.
        let major =
            unsafe { (self.gss.wrap_iov)(&mut minor, self.ctx, 1, 0, &mut conf, iov.as_mut_ptr(), 3) };
        if major & ffi::ERROR_MASK != 0 {
            return Err(self.failed(AuthErrorKind::Integrity, "sealing a message", major, minor));
        }
        if conf == 0 {
            return Err(AuthError::new(
                AuthErrorKind::Integrity,
                "Kerberos: the library signed but did not encrypt a message",
            ));
        }
        let padding = iov[2].buffer.length;
        header.truncate(iov[0].buffer.length);
        data.truncate(plain.len() + padding);
        Ok(Wrapped {
            header,
            data,
            padding,
        })
    }

    fn unwrap(&mut self, header: &[u8], data: &[u8]) -> Result<Vec<u8>, AuthError> {
        if !self.done {
            return Err(AuthError::new(
                AuthErrorKind::Integrity,
                "Kerberos: a sealed message before the context is complete",
            ));
        }
        let mut header = header.to_vec();
        let mut plain = data.to_vec();
        let mut iov = [
            ffi::IovBuffer {
                kind: ffi::IOV_HEADER,
                buffer: Buffer {
                    length: header.len(),
                    value: header.as_mut_ptr().cast(),
                },
            },
            ffi::IovBuffer {
                kind: ffi::IOV_DATA,
                buffer: Buffer {
                    length: plain.len(),
                    value: plain.as_mut_ptr().cast(),
                },
            },
        ];
        let mut minor = 0;
        let mut conf = 0;
        let mut qop = 0;
        // SAFETY: an established context; the descriptors point at our own copies, which
        // the library decrypts in place.
        let major =
            unsafe { (self.gss.unwrap_iov)(&mut minor, self.ctx, &mut conf, &mut qop, iov.as_mut_ptr(), 2) };
        // Any status but complete, supplementary bits included (a replayed, old or
        // out-of-order message), is a failure.
        if major != ffi::GSS_S_COMPLETE {
            return Err(self.failed(
                AuthErrorKind::Integrity,
                "a sealed message from the server failed its check (altered, replayed or out of order)",
                major,
                minor,
            ));
        }
        if conf == 0 {
            return Err(AuthError::new(
                AuthErrorKind::Integrity,
                "Kerberos: a message from the server was signed but not encrypted",
            ));
        }
        plain.truncate(iov[1].buffer.length);
        Ok(plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_library_is_the_documented_error() {
        let e = ffi::load("libgssapi_krb5_absent_for_this_test.so.9")
            .err()
            .expect("no such library");
        assert!(
            e.starts_with(
                "Kerberos needs the system GSSAPI (libgssapi_krb5_absent_for_this_test.so.9), not found"
            ),
            "{e}"
        );
    }

    #[test]
    fn a_library_without_the_functions_is_refused() {
        // libc is loaded in every process and has none of them.
        let e = ffi::load("libc.so.6").err().expect("libc has no GSSAPI");
        assert!(e.contains("has no gss_import_name"), "{e}");
    }

    #[test]
    fn principals() {
        let c = |user: &str, domain: Option<&str>| Credentials {
            user: user.into(),
            domain: domain.map(str::to_string),
            password: super::super::Password::new(String::new()),
        };
        assert_eq!(
            GssAuth::principal(&c("alice@EXAMPLE.TEST", None)),
            "alice@EXAMPLE.TEST"
        );
        assert_eq!(
            GssAuth::principal(&c("alice", Some("example.test"))),
            "alice@EXAMPLE.TEST"
        );
        assert_eq!(GssAuth::principal(&c("corp\\alice", None)), "alice@CORP");
        assert_eq!(GssAuth::principal(&c("alice", None)), "alice");
        assert_eq!(
            GssAuth::principal(&c("alice@EXAMPLE.TEST", Some("other"))),
            "alice@EXAMPLE.TEST"
        );
    }

    #[test]
    fn schemes_and_protocols() {
        assert_eq!(Mech::Kerberos.scheme(), "Kerberos");
        assert_eq!(
            Mech::Kerberos.protocol(),
            "application/HTTP-Kerberos-session-encrypted"
        );
        assert_eq!(Mech::Spnego.scheme(), "Negotiate");
        assert_eq!(
            Mech::Spnego.protocol(),
            "application/HTTP-SPNEGO-session-encrypted"
        );
        assert!(GssAuth::new(Mech::Kerberos, None).blocking());
    }
}
