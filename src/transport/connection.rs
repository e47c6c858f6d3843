//! One persistent HTTP/1.1 connection (TCP or TLS) to one endpoint, driven by a task on
//! the library's runtime.
//!
//! Requests are queued in order and run one at a time (HTTP/1.1, no pipelining). The TCP
//! connection is made on first use and kept alive; when the server has closed an idle
//! connection, the request goes on a new one (once: only when the request could not have
//! been processed: the close was seen before writing, or the response ended cleanly
//! before its first byte). Each request has a timeout covering connect, write and the
//! whole response; on a timeout, a cap or any framing error the connection is dropped.
//!
//! Completions: each request is answered by calling the caller's
//! `FnOnce(Result<Response, Error>) + Send` **on the runtime thread**. It must not block
//! or run long (hand the result to a queue): every session's I/O waits while it runs. It
//! is always called exactly once, with `ErrorKind::Shutdown` if the runtime stops first.
//!
//! Multi-leg handshakes (NTLM/Negotiate, Kerberos, CredSSP): [`Connection::exchange`]
//! runs a request, shows each response to the caller's `next` closure (also on the
//! runtime thread, also short), and sends the request it returns on the *same* TCP
//! connection (no transparent reconnect between legs: `ConnectionLost` instead), with no
//! other request of the connection in between. Every [`Response`] carries the id of the
//! TCP connection it came on, and [`Request::pin`] pins a later request to one id, so a
//! connection-authenticated (sealed) exchange never silently lands on a fresh connection.

use std::future::poll_fn;
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf as TokioReadBuf};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use super::endpoint::{Endpoint, Host, Scheme};
use super::error::{Error, ErrorKind};
use super::http::{self, Limits, ReadBuf};
use super::runtime::Runtime;
use super::secure;
use super::tls::{self, TlsOptions};
use crate::auth::{Authenticator, Channel, SecurityContext};

/// Settings of one connection.
#[derive(Clone, Debug)]
pub struct ConnectionOptions {
    pub tls: TlsOptions,
    /// Default per-request timeout (connect + write + whole response).
    pub timeout: Duration,
    /// The largest response body accepted (the caller's envelope limit).
    pub max_body_bytes: usize,
    /// The largest response head (and trailer block) accepted.
    pub max_head_bytes: usize,
    /// The most headers in a response head.
    pub max_headers: usize,
    /// The `User-Agent` sent (OMI's server answers WinRM-style to the WinRM client's).
    pub user_agent: Option<String>,
    /// A token scheme (NTLM, Kerberos, CredSSP) that authenticates each TCP connection
    /// before its first request; over HTTP it also seals every message (`secure`).
    pub auth: Option<Arc<dyn Authenticator>>,
}

impl Default for ConnectionOptions {
    fn default() -> ConnectionOptions {
        ConnectionOptions {
            tls: TlsOptions::default(),
            timeout: Duration::from_secs(70),
            max_body_bytes: 16 * 1024 * 1024,
            max_head_bytes: 64 * 1024,
            max_headers: 100,
            user_agent: Some("Microsoft WinRM Client".into()),
            auth: None,
        }
    }
}

/// One HTTP request (always `POST` to the endpoint's path).
#[derive(Clone, Debug)]
pub struct Request {
    /// The `Content-Type`; `None` sends none (an empty auth leg).
    pub content_type: Option<String>,
    /// Extra headers (`Authorization`, `SOAPAction`...). Host, Content-Length,
    /// Transfer-Encoding and Content-Type are the transport's.
    pub headers: Vec<(String, String)>,
    /// The body bytes, sent as they are (UTF-8 or UTF-16 or encrypted multipart).
    pub body: Vec<u8>,
    /// Send only on the TCP connection with this id (`Response::connection_id`); if it
    /// is gone, fail with `ConnectionLost` instead of reconnecting.
    pub pin: Option<u64>,
    /// This request's timeout, instead of the connection's default.
    pub timeout: Option<Duration>,
    /// Return 401 and 3xx as responses instead of errors (auth handshakes).
    pub raw_status: bool,
}

impl Request {
    /// A SOAP request: `application/soap+xml;charset=UTF-8`.
    pub fn soap(body: impl Into<Vec<u8>>) -> Request {
        Request::with_type("application/soap+xml;charset=UTF-8", body)
    }

    /// A request with its own Content-Type (e.g. `multipart/encrypted;...`).
    pub fn with_type(content_type: &str, body: impl Into<Vec<u8>>) -> Request {
        Request {
            content_type: Some(content_type.to_string()),
            headers: Vec::new(),
            body: body.into(),
            pin: None,
            timeout: None,
            raw_status: false,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// A response: any status other than 401 and 3xx (unless `raw_status`), so SOAP faults
/// (HTTP 500 with a body) arrive here with their body.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The id of the TCP connection this response came on (unique in the process).
    pub connection_id: u64,
    /// The server's end-entity certificate (DER) on HTTPS, for channel binding.
    pub peer_certificate: Option<Arc<Vec<u8>>>,
}

impl Response {
    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header, in order.
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What an exchange's `next` closure answers to a response.
pub enum Step {
    /// Send this request on the same TCP connection and show its response to `next`.
    Send(Request),
    /// The exchange is over: the last response goes to the completion.
    Done,
}

type Done = Box<dyn FnOnce(Result<Response, Error>) + Send>;
type Next = Box<dyn FnMut(&Response) -> Step + Send>;

/// Calls the completion exactly once: with the result, or with `Shutdown` if dropped
/// unanswered (the runtime stopped). A panicking completion is caught and logged.
struct Completion(Option<Done>);

impl Completion {
    fn complete(mut self, result: Result<Response, Error>) {
        if let Some(done) = self.0.take() {
            call_done(done, result);
        }
    }
}

fn call_done(done: Done, result: Result<Response, Error>) {
    if catch_unwind(AssertUnwindSafe(move || done(result))).is_err() {
        log::error!("transport: a request completion panicked");
    }
}

impl Drop for Completion {
    fn drop(&mut self) {
        if let Some(done) = self.0.take() {
            call_done(
                done,
                Err(Error::new(
                    ErrorKind::Shutdown,
                    "the connection was closed, or the transport shut down, before the request finished",
                )),
            );
        }
    }
}

struct Job {
    req: Request,
    next: Option<Next>,
    done: Completion,
}

/// Counters and the latest TLS peer, shared by the handle and the task.
#[derive(Default)]
struct Shared {
    opened: AtomicU64,
    requests: AtomicU64,
    current: AtomicU64,
    peer: Mutex<Option<Arc<Vec<u8>>>>,
}

/// Process-wide connection ids (0 = none).
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// What the task needs to connect and frame.
struct Ctx {
    endpoint: Endpoint,
    host_header: String,
    tls: Option<(Arc<rustls::ClientConfig>, rustls::pki_types::ServerName<'static>)>,
    limits: Limits,
    timeout: Duration,
    user_agent: Option<String>,
    auth: Option<Arc<dyn Authenticator>>,
    /// Seal messages (a token scheme over plain HTTP).
    seal: bool,
    shared: Arc<Shared>,
}

/// A persistent connection to one endpoint (one per session). Dropping it closes the
/// TCP connection at once: a request in flight or queued is completed with `Shutdown`
/// (a session that closes wants no more of its requests' answers).
pub struct Connection {
    tx: mpsc::UnboundedSender<Job>,
    task: tokio::task::AbortHandle,
    shared: Arc<Shared>,
    endpoint: Endpoint,
    _runtime: Runtime,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Connection {
    /// A connection on `runtime` (no TCP connection is made until the first request).
    /// Fails on bad TLS settings (unreadable PEM files, revocation check asked for).
    pub fn new(
        runtime: &Runtime,
        endpoint: Endpoint,
        options: ConnectionOptions,
    ) -> Result<Connection, Error> {
        let tls = match endpoint.scheme {
            Scheme::Http => None,
            Scheme::Https => Some((
                tls::client_config(&options.tls)?,
                tls::server_name(&endpoint.host)?,
            )),
        };
        if let Some(ua) = &options.user_agent {
            http::check_header("User-Agent", ua)?;
        }
        let shared = Arc::new(Shared::default());
        let ctx = Ctx {
            host_header: endpoint.host_header(),
            endpoint: endpoint.clone(),
            tls,
            limits: Limits {
                max_head_bytes: options.max_head_bytes.max(256),
                max_headers: options.max_headers.max(1),
                max_body_bytes: options.max_body_bytes,
            },
            timeout: options.timeout,
            user_agent: options.user_agent,
            seal: options.auth.is_some() && endpoint.scheme == Scheme::Http,
            auth: options.auth,
            shared: shared.clone(),
        };
        let (tx, rx) = mpsc::unbounded_channel();
        let task = runtime.spawn(run(rx, ctx));
        Ok(Connection {
            tx,
            task,
            shared,
            endpoint,
            _runtime: runtime.clone(),
        })
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Queues a request; `done` is called once on the runtime thread (see the module
    /// documentation: it must not block).
    pub fn send<F>(&self, req: Request, done: F)
    where
        F: FnOnce(Result<Response, Error>) + Send + 'static,
    {
        self.queue(req, None, Box::new(done));
    }

    /// Queues a multi-leg exchange on one pinned TCP connection: the first request, then
    /// each response shown to `next`, which returns the next leg or `Step::Done`. 401 and
    /// 3xx are shown to `next` as responses; the final response is then checked unless
    /// the last request set `raw_status`.
    pub fn exchange<N, F>(&self, first: Request, next: N, done: F)
    where
        N: FnMut(&Response) -> Step + Send + 'static,
        F: FnOnce(Result<Response, Error>) + Send + 'static,
    {
        self.queue(first, Some(Box::new(next)), Box::new(done));
    }

    fn queue(&self, req: Request, next: Option<Next>, done: Done) {
        let job = Job {
            req,
            next,
            done: Completion(Some(done)),
        };
        if let Err(mpsc::error::SendError(job)) = self.tx.send(job) {
            // The task is gone (the runtime is stopping): the completion's drop answers
            // with `Shutdown`.
            drop(job);
        }
    }

    /// Sends and waits. Must not be called on a runtime thread (from a completion):
    /// `WrongThread` there, because it would wait for itself.
    pub fn send_blocking(&self, req: Request) -> Result<Response, Error> {
        self.blocking(req, None)
    }

    /// [`Connection::exchange`], waiting for the end.
    pub fn exchange_blocking<N>(&self, first: Request, next: N) -> Result<Response, Error>
    where
        N: FnMut(&Response) -> Step + Send + 'static,
    {
        self.blocking(first, Some(Box::new(next)))
    }

    fn blocking(&self, req: Request, next: Option<Next>) -> Result<Response, Error> {
        if Runtime::on_runtime_thread() {
            return Err(Error::new(
                ErrorKind::WrongThread,
                "a blocking request cannot be made on the transport's runtime thread",
            ));
        }
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        self.queue(
            req,
            next,
            Box::new(move |r| {
                let _ = tx.send(r);
            }),
        );
        rx.recv().unwrap_or_else(|_| {
            Err(Error::new(
                ErrorKind::Shutdown,
                "the transport shut down before the request finished",
            ))
        })
    }

    /// TCP connections opened so far by this connection (1 for a healthy keep-alive run).
    pub fn connections_opened(&self) -> u64 {
        self.shared.opened.load(Ordering::Relaxed)
    }

    /// Requests written so far (retries included).
    pub fn requests_sent(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// The id of the TCP connection open now (0 when none).
    pub fn connection_id(&self) -> u64 {
        self.shared.current.load(Ordering::Relaxed)
    }

    /// The end-entity certificate (DER) of the latest TLS connection.
    pub fn peer_certificate(&self) -> Option<Arc<Vec<u8>>> {
        self.shared.peer.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// A TCP or TLS byte stream.
enum Stream {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl Stream {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(s) => s,
            Stream::Tls(s) => s.get_ref().0,
        }
    }

    /// Asks the kernel to acknowledge what arrives at once instead of delaying the ACK.
    ///
    /// A server that writes one response in several small writes without TCP_NODELAY
    /// (OMI's server sends the head and the body separately) holds the second write back
    /// under Nagle's rule until the first is acknowledged, and a delayed ACK waits ~40 ms:
    /// ~40 ms per response on a persistent connection. Linux leaves quick-ACK mode on its
    /// own, so this is set again before each read. Other systems: a no-op.
    fn quickack(&self) {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            let _ = socket2::SockRef::from(self.tcp()).set_tcp_quickack(true);
        }
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut TokioReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let res = match this {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        };
        if res.is_ready() {
            this.quickack();
        }
        res
    }
}

impl AsyncWrite for Stream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// The open TCP (or TLS) connection of a task.
struct Live {
    stream: Stream,
    id: u64,
    buf: ReadBuf,
    peer: Option<Arc<Vec<u8>>>,
    /// The connection's established security context (token schemes).
    security: Option<Box<dyn SecurityContext>>,
}

impl Live {
    /// Whether the server closed (or wrote to) the idle connection: a read that does
    /// not wait. Pending means alive; EOF, an error or stray bytes mean it cannot carry
    /// a request.
    async fn is_dead(&mut self) -> bool {
        let mut byte = [0u8; 1];
        poll_fn(|cx| {
            let mut rb = TokioReadBuf::new(&mut byte);
            match Pin::new(&mut self.stream).poll_read(cx, &mut rb) {
                Poll::Pending => Poll::Ready(false),
                Poll::Ready(_) => Poll::Ready(true),
            }
        })
        .await
    }
}

async fn run(mut rx: mpsc::UnboundedReceiver<Job>, ctx: Ctx) {
    let mut conn: Option<Live> = None;
    while let Some(job) = rx.recv().await {
        process(&mut conn, job, &ctx).await;
        match &mut conn {
            Some(live) => live.buf.shrink(),
            None => ctx.shared.current.store(0, Ordering::Relaxed),
        }
    }
}

async fn process(conn: &mut Option<Live>, job: Job, ctx: &Ctx) {
    let Job {
        mut req,
        mut next,
        done,
    } = job;
    let mut pin = req.pin;
    loop {
        let timeout = req.timeout.unwrap_or(ctx.timeout);
        let result = match tokio::time::timeout(timeout, leg(conn, &req, pin, ctx)).await {
            Ok(r) => r,
            Err(_) => {
                *conn = None;
                Err(Error::new(
                    ErrorKind::Timeout,
                    format!(
                        "no complete response from {} within {:.1} s",
                        ctx.endpoint.url(),
                        timeout.as_secs_f64()
                    ),
                ))
            }
        };
        let resp = match result {
            Ok(resp) => resp,
            Err(e) => return done.complete(Err(e)),
        };
        if let Some(n) = next.as_mut() {
            match catch_unwind(AssertUnwindSafe(|| n(&resp))) {
                Ok(Step::Send(r)) => {
                    pin = Some(resp.connection_id);
                    req = r;
                    continue;
                }
                Ok(Step::Done) => {}
                Err(_) => {
                    return done.complete(Err(Error::new(
                        ErrorKind::InvalidParameter,
                        "the exchange's next-step function panicked",
                    )));
                }
            }
        }
        let result = if req.raw_status {
            Ok(resp)
        } else {
            check_status(resp)
        };
        return done.complete(result);
    }
}

/// 401 → `AccessDenied` (schemes kept), 3xx → `Redirect` (Location kept), another 4xx/5xx
/// without a body → `Status`; the rest, SOAP faults with status 500 included, are
/// responses.
fn check_status(resp: Response) -> Result<Response, Error> {
    match resp.status {
        401 => {
            let schemes: Vec<String> = resp
                .headers_named("www-authenticate")
                .map(str::to_string)
                .collect();
            let mut e = Error::new(
                ErrorKind::AccessDenied,
                format!(
                    "the server refused the request: HTTP 401 {} (offered: {})",
                    resp.reason,
                    if schemes.is_empty() {
                        "no scheme".to_string()
                    } else {
                        schemes.join("; ")
                    }
                ),
            );
            e.status = Some(401);
            e.schemes = schemes;
            Err(e)
        }
        300..=399 => {
            let location = resp.header("location").map(str::to_string);
            let mut e = Error::new(
                ErrorKind::Redirect,
                format!(
                    "the server redirects (HTTP {} {}) to {}; redirects are not followed",
                    resp.status,
                    resp.reason,
                    location.as_deref().unwrap_or("(no Location)")
                ),
            );
            e.status = Some(resp.status);
            e.location = location;
            Err(e)
        }
        400..=599 if resp.body.is_empty() => {
            let mut e = Error::new(
                ErrorKind::Status,
                format!(
                    "the server answered HTTP {} {} with an empty body",
                    resp.status, resp.reason
                ),
            );
            e.status = Some(resp.status);
            Err(e)
        }
        _ => Ok(resp),
    }
}

/// The request bytes: head and body in one buffer.
fn encode(req: &Request, ctx: &Ctx) -> Result<Vec<u8>, Error> {
    if let Some(ct) = &req.content_type
        && ct.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0)
    {
        return Err(Error::new(
            ErrorKind::InvalidParameter,
            "the Content-Type contains CR, LF or NUL",
        ));
    }
    let mut headers = Vec::with_capacity(req.headers.len() + 2);
    let has = |n: &str| req.headers.iter().any(|(h, _)| h.eq_ignore_ascii_case(n));
    if !has("connection") {
        headers.push(("Connection".to_string(), "Keep-Alive".to_string()));
    }
    if let Some(ua) = &ctx.user_agent
        && !has("user-agent")
    {
        headers.push(("User-Agent".to_string(), ua.clone()));
    }
    for (n, v) in &req.headers {
        http::check_header(n, v)?;
        headers.push((n.clone(), v.clone()));
    }
    Ok(http::encode_request(
        &ctx.endpoint.path,
        &ctx.host_header,
        req.content_type.as_deref(),
        &headers,
        &req.body,
    ))
}

/// One request/response on the connection (reconnecting once when an idle connection
/// turned out closed). A new TCP connection of a token scheme is authenticated first;
/// sealed requests are sealed per attempt (a retry on a new connection has a new context).
async fn leg(conn: &mut Option<Live>, req: &Request, pin: Option<u64>, ctx: &Ctx) -> Result<Response, Error> {
    // Checked (and, unsealed, encoded) once, before any connection is made.
    let plain = encode(req, ctx)?;
    let mut retried = false;
    loop {
        if let Some(live) = conn.as_mut()
            && live.is_dead().await
        {
            log::debug!(
                "transport: connection {} closed by the server while idle",
                live.id
            );
            *conn = None;
        }
        if let Some(p) = pin
            && conn.as_ref().is_none_or(|l| l.id != p)
        {
            return Err(Error::new(
                ErrorKind::ConnectionLost,
                format!(
                    "the connection to {} this request is pinned to was closed",
                    ctx.endpoint.url()
                ),
            ));
        }
        let fresh = conn.is_none();
        if fresh {
            let mut live = connect(ctx).await?;
            if let Some(auth) = &ctx.auth {
                authenticate(&mut live, auth, ctx).await?;
            }
            *conn = Some(live);
        }
        let Some(live) = conn.as_mut() else {
            unreachable!("connected above")
        };
        let sealed;
        let bytes: &[u8] = match live.security.as_mut() {
            Some(sc) if ctx.seal => {
                sealed = encode(&secure::seal(sc.as_mut(), req)?, ctx)?;
                &sealed
            }
            _ => &plain,
        };
        ctx.shared.requests.fetch_add(1, Ordering::Relaxed);
        match round_trip(live, bytes, ctx).await {
            Ok((mut resp, reusable)) => {
                // A sealed response is opened with the connection's context before the
                // connection (and with it the context) is dropped when it may not carry
                // another request; the next request then authenticates a new one.
                if ctx.seal
                    && let Some(sc) = conn.as_mut().and_then(|l| l.security.as_mut())
                {
                    if resp.status == 401 {
                        // The server dropped the context: the next request authenticates anew.
                        *conn = None;
                    } else if let Err(e) = secure::open(sc.as_mut(), &mut resp) {
                        *conn = None;
                        return Err(e);
                    }
                }
                if !reusable {
                    *conn = None;
                }
                return Ok(resp);
            }
            Err((e, before_any_byte, written)) => {
                *conn = None;
                let may_retry = !fresh && !retried && pin.is_none() && (!written || before_any_byte);
                if may_retry {
                    retried = true;
                    continue;
                }
                return Err(e);
            }
        }
    }
}

/// Writes one request and reads its response: the response and whether the connection
/// may carry another; or the error, whether it came before any byte of a response, and
/// whether the request was written.
async fn round_trip(
    live: &mut Live,
    bytes: &[u8],
    ctx: &Ctx,
) -> Result<(Response, bool), (Error, bool, bool)> {
    let written = async {
        live.stream.write_all(bytes).await?;
        live.stream.flush().await
    }
    .await;
    if let Err(e) = written {
        return Err((
            Error::new(
                ErrorKind::Io,
                format!("sending the request to {} failed: {e}", ctx.endpoint.url()),
            ),
            true,
            false,
        ));
    }
    live.stream.quickack();
    match http::read_response(&mut live.stream, &mut live.buf, &ctx.limits).await {
        Ok(raw) => {
            let reusable = raw.reusable && live.buf.is_empty();
            Ok((
                Response {
                    status: raw.head.status,
                    reason: raw.head.reason,
                    headers: raw.head.headers,
                    body: raw.body,
                    connection_id: live.id,
                    peer_certificate: live.peer.clone(),
                },
                reusable,
            ))
        }
        Err(re) => Err((re.error, re.before_any_byte, true)),
    }
}

/// Most handshake legs (NTLM takes 2, Kerberos 1-2, CredSSP about 5).
const MAX_LEGS: usize = 12;

/// Runs `f` on a blocking thread when the scheme may block (a KDC round trip), else here;
/// a panic in authentication code is an error, not a dead connection task.
async fn auth_call<T: Send + 'static>(
    blocking: bool,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Error> {
    let f = move || catch_unwind(AssertUnwindSafe(f));
    let r = if blocking {
        tokio::task::spawn_blocking(f).await.map_err(|_| {
            Error::new(
                ErrorKind::Shutdown,
                "the transport shut down during authentication",
            )
        })?
    } else {
        f()
    };
    r.map_err(|_| {
        log::error!("transport: authentication code panicked");
        Error::new(
            ErrorKind::AccessDenied,
            "authentication failed: an internal error (panic)",
        )
    })
}

type StepOut = Result<Option<Vec<u8>>, crate::auth::AuthError>;

/// One step of a context (off the runtime thread if the scheme blocks).
async fn step(
    auth: &Arc<dyn Authenticator>,
    mut sc: Box<dyn SecurityContext>,
    input: Option<Vec<u8>>,
) -> Result<(Box<dyn SecurityContext>, Option<Vec<u8>>), Error> {
    let (sc, out): (Box<dyn SecurityContext>, StepOut) = auth_call(auth.blocking(), move || {
        let out = sc.step(input.as_deref());
        (sc, out)
    })
    .await?;
    Ok((sc, out.map_err(secure::auth_error)?))
}

/// The 401 token loop on a new connection (see `secure`): leaves the established
/// context in `live.security`, or fails with `AccessDenied` and the reason.
async fn authenticate(live: &mut Live, auth: &Arc<dyn Authenticator>, ctx: &Ctx) -> Result<(), Error> {
    let scheme = auth.scheme();
    let channel = Channel {
        host: ctx.endpoint.host.to_string(),
        binding: live.peer.as_deref().and_then(|c| tls::tls_server_end_point(c)),
    };
    let a = auth.clone();
    let sc = auth_call(auth.blocking(), move || a.start(&channel))
        .await?
        .map_err(secure::auth_error)?;
    let (mut sc, mut token) = step(auth, sc, None).await?;
    for _ in 0..MAX_LEGS {
        let Some(t) = token.take() else {
            if sc.complete() {
                live.security = Some(sc);
                return Ok(());
            }
            return Err(secure::auth_error(crate::auth::AuthError::new(
                crate::auth::AuthErrorKind::Protocol,
                format!("{scheme}: the context has no token to send and is not complete"),
            )));
        };
        let bytes = encode(&secure::leg(scheme, &t), ctx)?;
        ctx.shared.requests.fetch_add(1, Ordering::Relaxed);
        let (resp, reusable) = round_trip(live, &bytes, ctx).await.map_err(|(e, _, _)| e)?;
        let offered = secure::challenge(&resp, scheme)?;
        if resp.status == 401 {
            let reason = match offered {
                Some(Some(next)) if !sc.complete() => {
                    if !reusable {
                        return Err(Error::new(
                            ErrorKind::AccessDenied,
                            format!(
                                "authentication failed: the server closed the connection in the middle of the {scheme} handshake"
                            ),
                        ));
                    }
                    (sc, token) = step(auth, sc, Some(next)).await?;
                    continue;
                }
                Some(_) if sc.complete() => {
                    format!("the server refused the credentials ({scheme}: HTTP 401 after the last token)")
                }
                Some(_) => format!("the server refused the {scheme} negotiation (HTTP 401 without a token)"),
                None => format!(
                    "the server does not accept {scheme} (it offers: {})",
                    secure::offered(&resp)
                ),
            };
            let mut e = Error::new(
                ErrorKind::AccessDenied,
                format!("authentication failed: {reason}"),
            );
            e.status = Some(401);
            e.schemes = resp
                .headers_named("www-authenticate")
                .map(str::to_string)
                .collect();
            return Err(e);
        }
        // Any other status: the server took the last token. A final token (Kerberos'
        // mutual authentication) is checked before the context is used.
        if let Some(Some(last)) = offered {
            let (back, extra) = step(auth, sc, Some(last)).await?;
            sc = back;
            if extra.is_some() {
                log::debug!("transport: {scheme} wants another leg after the server accepted; ignored");
            }
        }
        if !sc.complete() {
            return Err(secure::auth_error(crate::auth::AuthError::new(
                crate::auth::AuthErrorKind::Protocol,
                format!(
                    "{scheme}: the server answered HTTP {} before the handshake finished",
                    resp.status
                ),
            )));
        }
        if !reusable {
            return Err(Error::new(
                ErrorKind::AccessDenied,
                format!(
                    "authentication failed: the server closed the connection after the {scheme} handshake"
                ),
            ));
        }
        live.security = Some(sc);
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::AccessDenied,
        format!("authentication failed: the {scheme} handshake did not end within {MAX_LEGS} legs"),
    ))
}

async fn connect(ctx: &Ctx) -> Result<Live, Error> {
    let ep = &ctx.endpoint;
    let addrs: Vec<std::net::SocketAddr> = match &ep.host {
        Host::V4(a) => vec![(*a, ep.port).into()],
        Host::V6(a) => vec![(*a, ep.port).into()],
        Host::Name(n) => tokio::net::lookup_host((n.as_str(), ep.port))
            .await
            .map_err(|e| Error::new(ErrorKind::Dns, format!("cannot resolve host {n:?}: {e}")))?
            .collect(),
    };
    if addrs.is_empty() {
        return Err(Error::new(
            ErrorKind::Dns,
            format!("host {} has no address", ep.host),
        ));
    }
    let mut last: Option<io::Error> = None;
    let mut tcp = None;
    for addr in &addrs {
        match TcpStream::connect(addr).await {
            Ok(s) => {
                tcp = Some(s);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let Some(tcp) = tcp else {
        let e = last.unwrap_or_else(|| io::Error::other("no address"));
        let what = match e.kind() {
            io::ErrorKind::ConnectionRefused => "connection refused",
            _ => "cannot connect",
        };
        return Err(Error::new(
            ErrorKind::Connect,
            format!("{what}: {}:{} ({e})", ep.host, ep.port),
        ));
    };
    // One write per request, and no Nagle/delayed-ACK stall on the response.
    if let Err(e) = tcp.set_nodelay(true) {
        log::debug!("transport: TCP_NODELAY: {e}");
    }
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let (stream, peer) = match &ctx.tls {
        None => (Stream::Plain(tcp), None),
        Some((config, name)) => {
            let tls = tokio_rustls::TlsConnector::from(config.clone())
                .connect(name.clone(), tcp)
                .await
                .map_err(|e| {
                    Error::new(
                        ErrorKind::Tls,
                        format!("TLS handshake with {}:{} failed: {e}", ep.host, ep.port),
                    )
                })?;
            let peer = tls
                .get_ref()
                .1
                .peer_certificates()
                .and_then(|c| c.first())
                .map(|c| Arc::new(c.as_ref().to_vec()));
            (Stream::Tls(Box::new(tls)), peer)
        }
    };
    ctx.shared.opened.fetch_add(1, Ordering::Relaxed);
    ctx.shared.current.store(id, Ordering::Relaxed);
    *ctx.shared.peer.lock().unwrap_or_else(|e| e.into_inner()) = peer.clone();
    Ok(Live {
        stream,
        id,
        buf: ReadBuf::default(),
        peer,
        security: None,
    })
}
