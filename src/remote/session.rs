//! One WS-Management session: its destination and options (read once, at NewSession), its
//! persistent connection, the server's resource-URI style (from one Identify), message IDs.

use super::op::{self, RemoteOp};
use crate::abi::*;
use crate::boundary::MiResult;
use crate::options::Options;
use crate::pool::Pool;
use crate::protocol::{Done, ProtocolOperation, ProtocolSession, Sink, Start};
use crate::strings;
use crate::surface::Surface;
use crate::transport::{self, Connection, ConnectionOptions, Endpoint, Runtime, Scheme};
use crate::wsman::UriStyle;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// The default namespace of an operation that names none (WinRM's and OMI's default).
pub(crate) const DEFAULT_NAMESPACE: &str = "root/cimv2";

/// What a session needs of its destination options, checked once.
pub(crate) struct Dest {
    pub(crate) endpoint: Endpoint,
    /// `a:To` of every request (`http://host:5985/wsman`).
    pub(crate) url: String,
    /// The `Authorization` header value (Basic), if any. Holds the password in base64:
    /// wiped when the session goes.
    pub(crate) authorization: Option<Wiped>,
    pub(crate) connection: ConnectionOptions,
    /// `w:MaxEnvelopeSize`, bytes.
    pub(crate) max_envelope: u32,
    /// `w:MaxElements` of Enumerate and Pull.
    pub(crate) max_elements: u32,
    pub(crate) ui_locale: Option<String>,
    pub(crate) data_locale: Option<String>,
    /// The destination's timeout, the default `w:OperationTimeout` (ms).
    pub(crate) timeout_ms: Option<u64>,
}

/// A string wiped when dropped (it carries a secret).
pub(crate) struct Wiped(String);

impl Wiped {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for Wiped {
    fn drop(&mut self) {
        // SAFETY: zero bytes keep the string valid UTF-8.
        unsafe { self.0.as_bytes_mut() }.iter_mut().for_each(|b| *b = 0);
        std::hint::black_box(&self.0);
    }
}

/// Option names (docs/ABI.md: the options' fixed names).
mod name {
    pub(super) const TRANSPORT: &str = "__MI_DESTINATIONOPTIONS_TRANSPORT";
    pub(super) const PORT: &str = "__MI_DESTINATIONOPTIONS_DESTINATION_PORT";
    pub(super) const URL_PREFIX: &str = "__MI_DESTINATIONOPTIONS_HTTP_URL_PREFIX";
    pub(super) const CA_CHECK: &str = "__MI_DESTINATIONOPTIONS_CERT_CA_CHECK";
    pub(super) const CN_CHECK: &str = "__MI_DESTINATIONOPTIONS_CERT_CN_CHECK";
    pub(super) const REVOCATION_CHECK: &str = "__MI_DESTINATIONOPTIONS_CERT_REVOCATION_CHECK";
    pub(super) const PACKET_PRIVACY: &str = "__MI_DESTINATIONOPTIONS_PACKET_PRIVACY";
    pub(super) const MAX_ENVELOPE: &str = "__MI_DESTINATIONOPTIONS_MAX_ENVELOPE_SIZE";
    pub(super) const MAX_ELEMENTS: &str = "__MI_DESTINATIONOPTIONS_MAX_ELEMENTS";
    pub(super) const TIMEOUT: &str = "__MI_DESTINATIONOPTIONS_TIMEOUT";
    pub(super) const UI_LOCALE: &str = "__MI_DESTINATIONOPTIONS_UI_LOCALE";
    pub(super) const DATA_LOCALE: &str = "__MI_DESTINATIONOPTIONS_DATA_LOCALE";
    pub(super) const TRUSTED_CERTS_DIR: &str = "__MI_DESTINATIONOPTIONS_TRUSTED_CERTS_DIR";
    pub(super) const CERT_FILE: &str = "__MI_DESTINATIONOPTIONS_CERT_FILE";
    pub(super) const PRIVATE_KEY_FILE: &str = "__MI_DESTINATIONOPTIONS_PRIVATE_KEY_FILE";
    pub(super) const CREDENTIALS: &str = "__MI_DESTINATIONOPTIONS_DESTINATION_CREDENTIALS";
}

/// A value of an options object, by name.
pub(crate) enum Opt {
    Text(String),
    Number(u32),
    /// An interval, in milliseconds.
    Interval(u64),
}

/// The option `name` of `options`, if set (a value of another type than any of [`Opt`]'s
/// is reported as absent).
pub(crate) fn option(options: Option<&Options>, name: &str) -> MiResult<Option<Opt>> {
    let Some(o) = options else { return Ok(None) };
    let key = strings::encode(name);
    let key = key.strip_suffix(&[0]).unwrap_or(&key);
    let Ok(found) = o.get(key) else { return Ok(None) };
    let v = found.value;
    Ok(match found.mi_type {
        // SAFETY: the string member (`mi_type` says so): the object's own NUL-terminated
        // copy, alive while `o` is.
        MI_STRING => unsafe { strings::utf8(v.string) }?.map(Opt::Text),
        // SAFETY: the member `mi_type` names.
        MI_UINT32 => Some(Opt::Number(unsafe { v.uint32 })),
        // SAFETY: the member `mi_type` names.
        MI_BOOLEAN => Some(Opt::Number(u32::from(unsafe { v.boolean }))),
        MI_DATETIME => {
            // SAFETY: the member `mi_type` names.
            let d = unsafe { v.datetime };
            if d.isTimestamp != 0 {
                None
            } else {
                // SAFETY: an interval (isTimestamp 0).
                let i = unsafe { d.u.interval };
                let ms = (((u64::from(i.days) * 24 + u64::from(i.hours)) * 60 + u64::from(i.minutes)) * 60
                    + u64::from(i.seconds))
                    * 1000
                    + u64::from(i.microseconds) / 1000;
                Some(Opt::Interval(ms))
            }
        }
        _ => None,
    })
}

fn text_opt(options: Option<&Options>, name: &str) -> MiResult<Option<String>> {
    Ok(match option(options, name)? {
        Some(Opt::Text(s)) => Some(s),
        _ => None,
    })
}

fn number_opt(options: Option<&Options>, name: &str) -> MiResult<Option<u32>> {
    Ok(match option(options, name)? {
        Some(Opt::Number(n)) => Some(n),
        _ => None,
    })
}

fn refuse(code: MI_Result, message: String) -> MI_Result {
    log::error!("MI_Application_NewSession (WS-Management): {message}");
    REFUSAL.with(|r| *r.borrow_mut() = Some(message));
    code
}

thread_local! {
    /// The message of the last [`refuse`] on this thread: `Dest::read` runs on the thread
    /// of `MI_Application_NewSession`, which takes it for the client's extended error.
    static REFUSAL: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The reason of the refusal `Dest::read` just returned on this thread, if it gave one.
pub(crate) fn take_refusal() -> Option<String> {
    REFUSAL.with(|r| r.borrow_mut().take())
}

impl Dest {
    /// Reads the destination and the destination options; every option it cannot honour
    /// is a clear error here, at NewSession.
    pub(crate) fn read(destination: &str, options: Option<&Options>) -> MiResult<Dest> {
        let _ = take_refusal(); // none left over from an earlier call on this thread
        let scheme = match text_opt(options, name::TRANSPORT)? {
            None => Scheme::Http,
            Some(t) if t.eq_ignore_ascii_case("HTTP") => Scheme::Http,
            Some(t) if t.eq_ignore_ascii_case("HTTPS") => Scheme::Https,
            Some(t) => {
                return Err(refuse(
                    MI_RESULT_INVALID_PARAMETER,
                    format!("transport {t:?}: HTTP or HTTPS"),
                ));
            }
        };
        let mut endpoint = Endpoint::parse(destination, scheme).map_err(|e| refuse(e.result(), e.message))?;
        if let Some(port) = number_opt(options, name::PORT)? {
            endpoint.port = u16::try_from(port)
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| refuse(MI_RESULT_INVALID_PARAMETER, format!("port {port}")))?;
        }
        if let Some(prefix) = text_opt(options, name::URL_PREFIX)? {
            let p = prefix.trim_matches('/');
            if p.is_empty()
                || p.chars()
                    .any(|c| c.is_control() || c == ' ' || c == '?' || c == '#')
            {
                return Err(refuse(
                    MI_RESULT_INVALID_PARAMETER,
                    format!("HTTP URL prefix {prefix:?}"),
                ));
            }
            endpoint.path = format!("/{p}");
        }
        let mut connection = ConnectionOptions::default();
        let flag = |n: &str| -> MiResult<Option<bool>> { Ok(number_opt(options, n)?.map(|v| v != 0)) };
        if let Some(v) = flag(name::CA_CHECK)? {
            connection.tls.ca_check = v;
        }
        if let Some(v) = flag(name::CN_CHECK)? {
            connection.tls.cn_check = v;
        }
        if let Some(v) = flag(name::REVOCATION_CHECK)? {
            connection.tls.revocation_check = v;
        }
        if let Some(dir) = text_opt(options, name::TRUSTED_CERTS_DIR)? {
            connection.tls.ca_files = certificate_files(&dir)?;
        }
        match (
            text_opt(options, name::CERT_FILE)?,
            text_opt(options, name::PRIVATE_KEY_FILE)?,
        ) {
            (Some(c), Some(k)) => connection.tls.client_cert = Some((PathBuf::from(c), PathBuf::from(k))),
            (None, None) => {}
            _ => {
                return Err(refuse(
                    MI_RESULT_INVALID_PARAMETER,
                    "a client certificate needs both the certificate and the private key file".into(),
                ));
            }
        }
        let https = endpoint.scheme == Scheme::Https;
        let host = endpoint.host.to_string();
        let (authorization, token) = match credentials(options, https, &[destination, &host])? {
            Auth::None => (None, None),
            Auth::Basic(h) => (Some(h), None),
            Auth::Token(a) => (None, Some(a)),
        };
        if flag(name::PACKET_PRIVACY)? == Some(true) && !https && token.is_none() {
            // Message encryption over HTTP needs an encrypting scheme (Negotiate/NTLM
            // seals every message); Basic or no credentials cannot give it.
            return Err(refuse(
                MI_RESULT_NOT_SUPPORTED,
                "packet privacy over HTTP needs an encrypting authentication scheme \
                 (Negotiate, NTLM or Kerberos credentials); or use HTTPS"
                    .into(),
            ));
        }
        connection.auth = token;
        let max_envelope = match number_opt(options, name::MAX_ENVELOPE)? {
            None => 512_000,
            Some(kb) if (8..=1 << 20).contains(&kb) => kb * 1024,
            Some(kb) => {
                return Err(refuse(
                    MI_RESULT_INVALID_PARAMETER,
                    format!("max envelope size {kb} KB (8 KB to 1 GB)"),
                ));
            }
        };
        connection.max_body_bytes = (max_envelope as usize * 2).max(1 << 20);
        let max_elements = number_opt(options, name::MAX_ELEMENTS)?
            .filter(|n| *n > 0)
            .unwrap_or(1000);
        let timeout_ms = match option(options, name::TIMEOUT)? {
            Some(Opt::Interval(ms)) if ms > 0 => Some(ms),
            _ => None,
        };
        if let Some(ms) = timeout_ms {
            // As OMI: the socket waits the operation timeout and 10 seconds more.
            connection.timeout = Duration::from_millis(ms) + Duration::from_secs(10);
        }
        let url = endpoint.url();
        Ok(Dest {
            endpoint,
            url,
            authorization,
            connection,
            max_envelope,
            max_elements,
            ui_locale: text_opt(options, name::UI_LOCALE)?,
            data_locale: text_opt(options, name::DATA_LOCALE)?,
            timeout_ms,
        })
    }
}

/// The `.pem` / `.crt` / `.cer` files of a trusted-certificates folder (or the file itself).
fn certificate_files(dir: &str) -> MiResult<Vec<PathBuf>> {
    let path = PathBuf::from(dir);
    if path.is_file() {
        return Ok(vec![path]);
    }
    let entries = std::fs::read_dir(&path).map_err(|e| {
        refuse(
            MI_RESULT_INVALID_PARAMETER,
            format!("trusted certificates folder {dir:?}: {e}"),
        )
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| ["pem", "crt", "cer"].contains(&x.to_ascii_lowercase().as_str()))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// How a session authenticates, from its destination credentials.
pub(crate) enum Auth {
    None,
    /// The `Authorization: Basic` header value (holds the password in base64).
    Basic(Wiped),
    /// A token scheme run by the transport on each connection.
    Token(std::sync::Arc<dyn crate::auth::Authenticator>),
}

/// The authentication of the destination credentials (`MI_AUTH_TYPE_*`): Basic; NTLM for
/// NegoWithCreds and Ntlmdomain (sent under the `Negotiate` scheme, as WinRM and OMI's
/// server accept); CredSSP (`crate::auth::credssp`: the password is delegated); Kerberos
/// through the system GSSAPI under the `Kerberos` scheme (the ticket cache without a user
/// name, else that user's password, or that principal's cached ticket when the password
/// is empty); NegoNoCreds, and Default, as SPNEGO under `Negotiate` with the ticket cache
/// (the current user, as on Windows; the options API keeps no user name for either). See
/// `crate::auth::gssapi`. When the GSSAPI library cannot be loaded, a Kerberos session is
/// refused at NewSession with `MI_RESULT_NOT_SUPPORTED` and the reason logged. Digest and
/// certificate thumbprints: a clear `MI_RESULT_NOT_SUPPORTED`. No credentials: none.
///
/// A domain that is the destination itself (`hosts`: as given and as parsed) means a local
/// account of that machine and is not sent, as OMI's client does (its omicli fills the
/// domain with `--hostname`); servers then look the user up locally. For Kerberos such a
/// domain is no realm either: the default realm applies.
fn credentials(options: Option<&Options>, https: bool, hosts: &[&str]) -> MiResult<Auth> {
    let Some(o) = options else { return Ok(Auth::None) };
    let wanted = strings::encode(name::CREDENTIALS);
    let wanted = wanted.strip_suffix(&[0]).unwrap_or(&wanted);
    for i in 0..o.credentials_count() {
        let view = o.credential_at(i)?;
        // SAFETY: the view's pointers are the object's own NUL-terminated strings, alive
        // while `o` is and not changed while we read (we hold our own copy of the object).
        let option = unsafe { strings::c_chars(view.option) }?;
        if option != wanted {
            continue;
        }
        // SAFETY: as above.
        let auth = unsafe { strings::utf8(view.auth) }?.unwrap_or_default();
        if auth.eq_ignore_ascii_case("None") {
            return Ok(Auth::None);
        }
        let is = |n: &str| auth.eq_ignore_ascii_case(n);
        let (domain, user) = match view.data {
            crate::options::CredentialViewData::UsernamePassword { domain, username } => (
                // SAFETY: as above.
                unsafe { strings::utf8(domain) }?,
                // SAFETY: as above.
                unsafe { strings::utf8(username) }?.unwrap_or_default(),
            ),
            crate::options::CredentialViewData::NoData if is("NegoNoCreds") || is("Default") => {
                return kerberos(crate::auth::gssapi::Mech::Spnego, None);
            }
            _ => {
                return Err(refuse(
                    MI_RESULT_NOT_SUPPORTED,
                    format!(
                        "{auth} credentials without a user name and password (certificate thumbprints) are not supported; give the certificate files"
                    ),
                ));
            }
        };
        let ntlm = is("Default") || is("NegoWithCreds") || is("Ntlmdomain");
        let credssp = is("CredSSP");
        if !is("Basic") && !ntlm && !credssp && !is("Kerberos") {
            return Err(refuse(
                MI_RESULT_NOT_SUPPORTED,
                format!(
                    "authentication {auth:?}: it is not a scheme WS-Management servers accept \
                     (Basic, Negotiate/NTLM, Kerberos and CredSSP are built)"
                ),
            ));
        }
        let password = o.with_password_at(i, |_, pw| match pw {
            crate::options::PasswordAt::Present(chars) => {
                let chars = chars.strip_suffix(&[0]).unwrap_or(chars);
                Ok(crate::auth::Password::new(
                    strings::decode(chars)
                        .map_err(|_| MI_RESULT_INVALID_PARAMETER)?
                        .into_owned(),
                ))
            }
            _ => Ok(crate::auth::Password::new(String::new())),
        })?;
        let domain = domain.filter(|d| !d.is_empty() && !hosts.iter().any(|h| d.eq_ignore_ascii_case(h)));
        if is("Kerberos") {
            let creds = crate::auth::Credentials {
                user,
                domain,
                password,
            };
            return kerberos(crate::auth::gssapi::Mech::Kerberos, Some(creds));
        }
        if ntlm || credssp {
            if user.is_empty() {
                return Err(refuse(
                    MI_RESULT_INVALID_PARAMETER,
                    format!("{auth} credentials without a user name"),
                ));
            }
            let creds = crate::auth::Credentials {
                user,
                domain,
                password,
            };
            if credssp {
                let auth = crate::auth::credssp::CredSspAuth::new(creds)
                    .map_err(|e| refuse(MI_RESULT_FAILED, e.message))?;
                return Ok(Auth::Token(std::sync::Arc::new(auth)));
            }
            return Ok(Auth::Token(std::sync::Arc::new(
                crate::auth::ntlm::NtlmAuth::new(creds, "Negotiate"),
            )));
        }
        if !https {
            log::warn!(
                "WS-Management: Basic authentication over HTTP sends the password unencrypted \
                 (OMI's server accepts it; WinRM only with AllowUnencrypted)"
            );
        }
        // The domain is not part of a Basic user name (OMI's client leaves it out too, and
        // its omicli fills it with the host name): a user name with a domain in it
        // (`DOMAIN\\user`) is sent as given.
        let _ = domain;
        let header = transport::basic_authorization(&user, password.as_str()).ok_or_else(|| {
            refuse(
                MI_RESULT_INVALID_PARAMETER,
                "a Basic user name cannot contain ':'".into(),
            )
        })?;
        return Ok(Auth::Basic(Wiped(header)));
    }
    Ok(Auth::None)
}

/// A Kerberos or SPNEGO session's authentication: refused here, at NewSession, when the
/// system GSSAPI cannot be loaded (`MI_RESULT_NOT_SUPPORTED`, the reason logged).
fn kerberos(mech: crate::auth::gssapi::Mech, creds: Option<crate::auth::Credentials>) -> MiResult<Auth> {
    if let Err(e) = crate::auth::gssapi::library() {
        return Err(refuse(MI_RESULT_NOT_SUPPORTED, e.message));
    }
    Ok(Auth::Token(std::sync::Arc::new(
        crate::auth::gssapi::GssAuth::new(mech, creds),
    )))
}

/// The count of a handler's live sessions.
#[derive(Default)]
pub(crate) struct Live {
    n: Mutex<usize>,
    cv: std::sync::Condvar,
}

impl Live {
    /// Waits until no session is alive, at most `limit` (then says so).
    pub(crate) fn wait_none(&self, limit: Duration) {
        let deadline = std::time::Instant::now() + limit;
        let mut n = self.n.lock().unwrap_or_else(PoisonError::into_inner);
        while *n > 0 {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                log::warn!(
                    "WS-Management: {} session(s) still waiting for the server at Close; the \
                     transport thread ends when they are done",
                    *n
                );
                return;
            }
            n = self
                .cv
                .wait_timeout(n, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

/// An open session.
pub(crate) struct RemoteSession {
    pub(crate) surface: &'static Surface,
    pub(crate) dest: Dest,
    pub(crate) conn: Connection,
    pub(crate) pool: Arc<Pool>,
    /// The server's URI style, once an Identify told it.
    style: Mutex<Option<UriStyle>>,
    host: String,
    host_c: Box<[MI_Char]>,
    /// Class schemas the server gave (GetClass), by namespace and class (lower case);
    /// `None`: asked, not to be had (results of that class arrive as strings).
    classes: Mutex<ClassCache>,
    live: Arc<Live>,
}

impl Drop for RemoteSession {
    fn drop(&mut self) {
        let mut n = self.live.n.lock().unwrap_or_else(PoisonError::into_inner);
        *n = n.saturating_sub(1);
        self.live.cv.notify_all();
    }
}

/// A session's class schemas (see `RemoteSession::classes`).
type ClassCache = std::collections::HashMap<(String, String), Option<Arc<crate::schema::model::ClassModel>>>;

/// Most class schemas one session keeps.
const MAX_CLASSES: usize = 512;

impl RemoteSession {
    pub(crate) fn open(
        surface: &'static Surface,
        runtime: &Runtime,
        pool: Arc<Pool>,
        dest: Dest,
        live: Arc<Live>,
    ) -> MiResult<Arc<RemoteSession>> {
        let conn = Connection::new(runtime, dest.endpoint.clone(), dest.connection.clone())
            .map_err(|e| refuse(e.result(), e.message))?;
        let host = dest.endpoint.host.to_string();
        Ok(Arc::new(RemoteSession {
            surface,
            dest,
            conn,
            pool,
            style: Mutex::new(None),
            host_c: strings::encode(&host),
            host,
            classes: Mutex::default(),
            live: {
                *live.n.lock().unwrap_or_else(PoisonError::into_inner) += 1;
                live
            },
        }))
    }

    fn class_key(namespace: &str, class: &str) -> (String, String) {
        (
            namespace.to_ascii_lowercase().replace('\\', "/"),
            class.to_ascii_lowercase(),
        )
    }

    /// The cached schema of `class`: `Some(None)` when the server could not give it,
    /// `None` when not asked yet.
    pub(crate) fn class(
        &self,
        namespace: &str,
        class: &str,
    ) -> Option<Option<Arc<crate::schema::model::ClassModel>>> {
        self.classes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&Self::class_key(namespace, class))
            .cloned()
    }

    pub(crate) fn remember_class(
        &self,
        namespace: &str,
        class: &str,
        model: Option<Arc<crate::schema::model::ClassModel>>,
    ) {
        let mut c = self.classes.lock().unwrap_or_else(PoisonError::into_inner);
        if c.len() >= MAX_CLASSES {
            c.clear();
        }
        c.insert(Self::class_key(namespace, class), model);
    }

    pub(crate) fn style(&self) -> Option<UriStyle> {
        *self.style.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn set_style(&self, s: UriStyle) {
        *self.style.lock().unwrap_or_else(PoisonError::into_inner) = Some(s);
    }

    /// The server's name, as results carry it.
    pub(crate) fn host(&self) -> &str {
        &self.host
    }

    /// The server's name as NUL-terminated characters (the machine ID of indications).
    pub(crate) fn host_chars(&self) -> &[MI_Char] {
        &self.host_c
    }

    /// A request with the session's headers.
    pub(crate) fn request(&self, body: Vec<u8>) -> transport::Request {
        let r = transport::Request::soap(body);
        match &self.dest.authorization {
            Some(a) => r.header("Authorization", a.as_str()),
            None => r,
        }
    }
}

/// `uuid:` and a fresh UUID (version 4 layout; random enough to be unique per message: a
/// per-process random seed and a counter through SipHash).
pub(crate) fn message_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static SEED: std::sync::OnceLock<std::collections::hash_map::RandomState> = std::sync::OnceLock::new();
    let seed = SEED.get_or_init(std::collections::hash_map::RandomState::new);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut h1 = seed.build_hasher();
    h1.write_u64(n);
    let a = h1.finish();
    let mut h2 = seed.build_hasher();
    h2.write_u64(!n);
    let b = h2.finish();
    let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x4000;
    let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "uuid:{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFFF,
        b >> 48,
        b & 0xFFFF_FFFF_FFFF
    )
}

/// What the core holds of a session.
pub(crate) struct SessionHandle(pub(crate) Arc<RemoteSession>);

impl ProtocolSession for SessionHandle {
    fn start(&self, start: Start<'_>, sink: Arc<dyn Sink>) -> Box<dyn ProtocolOperation> {
        op::start(self.0.clone(), start, sink)
    }

    fn close(&self, done: Option<Done>) {
        // Every operation is closed (the core's order); nothing is pending on the
        // connection but what they sent last (a Release, an Unsubscribe), which may finish
        // on its own.
        if let Some(done) = done {
            done();
        }
    }
}

impl std::fmt::Debug for RemoteOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RemoteOp")
    }
}
