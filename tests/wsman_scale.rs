//! Scale through the MI API (issue 11, Benchmarks): thousands of MI sessions open at once on
//! the built-in WS-Management handler (`MI_Application_NewSession` with the destination
//! `http://127.0.0.1:PORT` and Basic credentials in the destination options), each running
//! one real `MI_Session_GetInstance` to its end (Identify, GetClass for the schema, Get: the
//! result typed by the schema), then all sitting idle on their kept-alive connections. The
//! library's threads are counted while it runs (target ≤ 8).
//!
//! The client is this Rust test calling the exported C functions (`mi::ffi`), so the thread
//! count and the memory are read in the very process that holds the sessions
//! (`/proc/self`), which a C program would have to report from outside. The responder runs
//! in a child process (this binary's ignored `responder_child`): its sockets count against
//! its own file limit and its memory is not in ours. It answers from the fixtures in
//! `tests/wsman-fixtures/responses` (OMI's Identify, OMI's GetClass of MSFT_Person) and a
//! GetResponse of one MSFT_Person; a request without the session's Basic credentials gets a
//! 401.
//!
//! `many_sessions_through_the_mi_api` (every run): 2,000 sessions. `scale_mi_bench`
//! (ignored; `ci/bench-transport.sh`, release): 10,000 sessions, printing `scale-mi:` lines
//! for BENCHMARKS.md: the time to open and answer all, the library's threads, the RSS per
//! idle session, the time to close them and the application.

mod scale_util;
mod transport_util;

use mi::abi::*;
use mi::ffi::*;
use scale_util::{raise_nofile, rss_kib, thread_names};
use std::ffi::{CStr, c_void};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

const CHILD: &str = "MIRS_WSMAN_SCALE_PORT_FILE";
const USER: &str = "scale";
const PASSWORD: &str = "s3cret:pw";
/// `Basic base64("scale:s3cret:pw")`.
const AUTHORIZATION: &str = "Basic c2NhbGU6czNjcmV0OnB3";
/// The most sessions any run opens (the child's file limit).
const MAX_N: usize = 10_000;

// ---------------------------------------------------------------------------------------
// The responder (child process)

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/wsman-fixtures/responses")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of the first `<prefix:tag attributes>text</...>` in `body`.
fn element<'a>(body: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!(":{tag}");
    let mut from = 0;
    loop {
        let at = from + body[from..].find(&open)? + open.len();
        let rest = &body[at..];
        if body[..at - open.len()].rfind('<') > body[..at - open.len()].rfind('>')
            && (rest.starts_with('>') || rest.starts_with(' '))
        {
            let text = &rest[rest.find('>')? + 1..];
            return Some(&text[..text.find("</")?]);
        }
        from = at;
    }
}

/// The responses, read once: `(identify, getclass, get)`; the RelatesTo of the last two
/// is replaced by the request's MessageID.
struct Answers {
    identify: String,
    get_class: String,
    get: String,
}

const GETCLASS_RELATES_TO: &str = "uuid:00000000-0000-0000-0000-0000000000C1";
const GET_RELATES_TO: &str = "uuid:11111111-2222-3333-4444-555555555555";

fn answers() -> Answers {
    let get_class = fixture("omi_live_getclass_person.xml");
    assert!(get_class.contains(GETCLASS_RELATES_TO));
    Answers {
        identify: fixture("identify_omi.xml"),
        get_class,
        // One MSFT_Person as OMI's server sends it (DSP0230: the class's schema URI as
        // the element's namespace, one element per property).
        get: format!(
            "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://www.w3.org/2003/05/soap-envelope\" \
             xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\"><SOAP-ENV:Header>\
             <wsa:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>\
             <wsa:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse</wsa:Action>\
             <wsa:MessageID>uuid:5A5A5A5A-0000-0000-0000-000000000001</wsa:MessageID>\
             <wsa:RelatesTo>{GET_RELATES_TO}</wsa:RelatesTo></SOAP-ENV:Header><SOAP-ENV:Body>\
             <p:MSFT_Person xmlns:p=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MSFT_Person\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><p:Key>777</p:Key>\
             <p:Last>Smith</p:Last><p:First>Ann</p:First><p:ExpensiveProperty xsi:nil=\"true\"/>\
             </p:MSFT_Person></SOAP-ENV:Body></SOAP-ENV:Envelope>"
        ),
    }
}

/// What the responder saw, in the child process. `GET /stats` (the parent's question, on a
/// connection of its own that is not counted) answers them as `name=value` lines.
struct Counts {
    /// Connections that asked `GET /stats` (not counted in the connections reported).
    stats: AtomicUsize,
    identify: AtomicUsize,
    get_class: AtomicUsize,
    get: AtomicUsize,
    /// Requests answered 401 (no or wrong credentials) or 400 (not one of the above).
    refused: AtomicUsize,
}

static COUNTS: Counts = Counts {
    stats: AtomicUsize::new(0),
    identify: AtomicUsize::new(0),
    get_class: AtomicUsize::new(0),
    get: AtomicUsize::new(0),
    refused: AtomicUsize::new(0),
};

impl Counts {
    fn text(&self) -> String {
        let get = |a: &AtomicUsize| a.load(Ordering::SeqCst);
        format!(
            "connections={}\nidentify={}\nget_class={}\nget={}\nrefused={}\n",
            get(&scale_util::ACCEPTED) - get(&self.stats),
            get(&self.identify),
            get(&self.get_class),
            get(&self.get),
            get(&self.refused)
        )
    }
}

/// The answer to one request: status line and body.
fn answer(a: &Answers, head: &str, body: &str) -> (&'static str, String) {
    let authorized = head.lines().any(|l| {
        l.split_once(':')
            .is_some_and(|(k, v)| k.eq_ignore_ascii_case("authorization") && v.trim() == AUTHORIZATION)
    });
    if !authorized {
        COUNTS.refused.fetch_add(1, Ordering::Relaxed);
        return ("401 Unauthorized", String::new());
    }
    let id = element(body, "MessageID").unwrap_or_default();
    if !body.contains(":Action>") && body.contains("Identify") {
        COUNTS.identify.fetch_add(1, Ordering::Relaxed);
        ("200 OK", a.identify.clone())
    } else if element(body, "ResourceURI").is_some_and(|r| r.contains("/cim-xml/")) {
        COUNTS.get_class.fetch_add(1, Ordering::Relaxed);
        ("200 OK", a.get_class.replace(GETCLASS_RELATES_TO, id))
    } else if element(body, "Action").is_some_and(|r| r.ends_with("/transfer/Get"))
        && element(body, "ResourceURI").is_some_and(|r| r.ends_with("/MSFT_Person"))
    {
        COUNTS.get.fetch_add(1, Ordering::Relaxed);
        ("200 OK", a.get.replace(GET_RELATES_TO, id))
    } else {
        COUNTS.refused.fetch_add(1, Ordering::Relaxed);
        ("400 Bad Request", String::new())
    }
}

/// The WS-Man responder: [`answer`], and `GET /stats` for the counts.
fn start_responder() -> u16 {
    let answers = answers();
    scale_util::start_responder(Arc::new(move |head, body| {
        let (status, text) = if head.starts_with("GET /stats ") {
            COUNTS.stats.fetch_add(1, Ordering::SeqCst);
            ("200 OK", COUNTS.text())
        } else {
            answer(&answers, head, &String::from_utf8_lossy(body))
        };
        scale_util::response(
            status,
            "Content-Type: application/soap+xml;charset=UTF-8\r\n",
            text.as_bytes(),
        )
    }))
}

/// The responder in a child process (so the RSS measured here is ours alone).
#[test]
#[ignore = "the child half of the wsman_scale tests"]
fn responder_child() {
    scale_util::run_child_responder(CHILD, MAX_N as u64 + 1000, start_responder);
}

/// The responder's counts (see [`Counts`]), asked on a connection of its own.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Seen {
    connections: usize,
    identify: usize,
    get_class: usize,
    get: usize,
    refused: usize,
}

impl std::ops::Sub for Seen {
    type Output = Seen;
    fn sub(self, o: Seen) -> Seen {
        Seen {
            connections: self.connections - o.connections,
            identify: self.identify - o.identify,
            get_class: self.get_class - o.get_class,
            get: self.get - o.get,
            refused: self.refused - o.refused,
        }
    }
}

fn responder_seen(port: u16) -> Seen {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect to the responder");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(b"GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
        .unwrap();
    // The answer is small: read it whole (head, then Content-Length bytes of body).
    let mut got = Vec::new();
    let mut chunk = [0u8; 1024];
    let text = loop {
        let n = s.read(&mut chunk).expect("the responder's counts");
        assert!(n > 0, "the responder hung up before its counts");
        got.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&got).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n")
            && let Some(len) = head.lines().find_map(|l| {
                l.strip_prefix("Content-Length:")
                    .and_then(|v| v.trim().parse::<usize>().ok())
            })
            && body.len() >= len
        {
            break body.to_string();
        }
    };
    let value = |name: &str| -> usize {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in the responder's counts: {text:?}"))
    };
    Seen {
        connections: value("connections"),
        identify: value("identify"),
        get_class: value("get_class"),
        get: value("get"),
        refused: value("refused"),
    }
}

// ---------------------------------------------------------------------------------------
// The client: the MI API

/// Counts the final results of the operations (their callbacks' context).
#[derive(Default)]
struct Tally {
    ok: AtomicUsize,
    failed: AtomicUsize,
    /// Instances received that are the responder's person, typed.
    persons: AtomicUsize,
    /// Final results seen (ok + failed), with a condition to wait on.
    done: Mutex<usize>,
    cv: Condvar,
    first_error: Mutex<Option<String>>,
}

impl Tally {
    fn finished(&self, ok: bool, why: impl FnOnce() -> String) {
        if ok {
            self.ok.fetch_add(1, Ordering::SeqCst);
        } else {
            self.failed.fetch_add(1, Ordering::SeqCst);
            self.note(why());
        }
        *self.done.lock().unwrap() += 1;
        self.cv.notify_all();
    }

    fn note(&self, why: String) {
        let mut first = self.first_error.lock().unwrap();
        if first.is_none() {
            *first = Some(why);
        }
    }

    /// Waits until `n` final results are in (false on timeout).
    fn wait(&self, n: usize, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        let mut done = self.done.lock().unwrap();
        while *done < n {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            done = self.cv.wait_timeout(done, left).unwrap().0;
        }
        true
    }
}

/// A NUL-terminated MI string (MI_Char is `char` here: UTF-8).
fn mi(s: &str) -> Vec<MI_Char> {
    s.bytes().map(|b| b as MI_Char).chain([0]).collect()
}

/// The element `name` of `inst`: its value, type and flags.
///
/// # Safety
/// `inst` is a live instance.
unsafe fn element_of(inst: *const MI_Instance, name: &str) -> Option<(MI_Value, MI_Type, MI_Uint32)> {
    let name = mi(name);
    // SAFETY: zeroed MI_Value is a valid bit pattern for a union of scalars and pointers.
    let mut v: MI_Value = unsafe { std::mem::zeroed() };
    let (mut t, mut flags): (MI_Type, MI_Uint32) = (0, 0);
    // SAFETY: a live instance (caller), so its table is ours; a NUL-terminated name,
    // writable outs.
    let r = unsafe {
        let get = (*(*inst).ft).GetElement.expect("GetElement slot");
        get(inst, name.as_ptr(), &mut v, &mut t, &mut flags, null_mut())
    };
    (r == MI_RESULT_OK).then_some((v, t, flags))
}

/// Whether `inst` is the responder's MSFT_Person, typed by the class the server gave.
///
/// # Safety
/// `inst` is NULL or a live instance.
unsafe fn is_the_person(inst: *const MI_Instance) -> Result<(), String> {
    if inst.is_null() {
        return Err("no instance".into());
    }
    // SAFETY: live (caller).
    match unsafe { element_of(inst, "Key") } {
        // SAFETY: the uint32 member, as the type says.
        Some((v, t, _)) if t == MI_UINT32 && unsafe { v.uint32 } == 777 => {}
        // SAFETY: printing the member the type names would need a match; the raw bits
        // are enough for a failure message.
        Some((_, t, _)) => return Err(format!("Key is of type {t}, not a uint32 777")),
        None => return Err("no Key".into()),
    }
    // SAFETY: live (caller).
    match unsafe { element_of(inst, "First") } {
        Some((v, t, flags)) if t == MI_STRING && flags & MI_FLAG_NULL == 0 => {
            // SAFETY: a string element's value: the instance's own NUL-terminated string.
            let s = unsafe { CStr::from_ptr(v.string.cast()) };
            if s.to_bytes() != b"Ann" {
                return Err(format!("First is {s:?}"));
            }
        }
        _ => return Err("no First string".into()),
    }
    Ok(())
}

unsafe extern "system" fn on_result(
    operation: *mut MI_Operation,
    context: *mut c_void,
    instance: *const MI_Instance,
    more: MI_Boolean,
    code: MI_Result,
    error: *const MI_Char,
    _details: *const MI_Instance,
    ack: Option<unsafe extern "system" fn(*mut MI_Operation) -> MI_Result>,
) {
    // SAFETY: the context is the run's Tally, alive until every operation is closed.
    let tally = unsafe { &*context.cast::<Tally>() };
    if !instance.is_null() {
        // SAFETY: the instance is live during the callback.
        match unsafe { is_the_person(instance) } {
            Ok(()) => {
                tally.persons.fetch_add(1, Ordering::SeqCst);
            }
            Err(why) => tally.note(why),
        }
    }
    if more == MI_FALSE {
        let checked = if code == MI_RESULT_OK {
            Ok(())
        } else {
            let message = if error.is_null() {
                String::new()
            } else {
                // SAFETY: a NUL-terminated message, valid during the callback.
                unsafe { CStr::from_ptr(error.cast()) }
                    .to_string_lossy()
                    .into_owned()
            };
            Err(format!("MI_Result {code}: {message}"))
        };
        let ok = checked.is_ok();
        tally.finished(ok, || checked.unwrap_err());
    }
    if let Some(ack) = ack {
        // SAFETY: the acknowledgement the library gave us, for this operation.
        unsafe { ack(operation) };
    }
}

/// Counts completed session closes.
unsafe extern "system" fn on_session_closed(context: *mut c_void) {
    // SAFETY: the context is a live Tally (the run's).
    let tally = unsafe { &*context.cast::<Tally>() };
    tally.finished(true, String::new);
}

/// The highest number of library threads (names starting `mi-`) seen while it runs.
struct Sampler {
    stop: Arc<AtomicBool>,
    peak: Arc<Mutex<Vec<String>>>,
    thread: std::thread::JoinHandle<()>,
}

/// The library's threads by name (`mi-transport`, `mi-wsman`, ...). A worker the runtime
/// thread has just started still carries its creator's name until it names itself, so a
/// sample may list one `mi-wsman` as `mi-transport`: the count is right either way.
fn library_threads() -> Vec<String> {
    let mut v: Vec<String> = thread_names()
        .into_iter()
        .filter(|n| n.starts_with("mi-"))
        .collect();
    v.sort();
    v
}

impl Sampler {
    fn start() -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(Mutex::new(library_threads()));
        let (s, p) = (stop.clone(), peak.clone());
        let thread = std::thread::Builder::new()
            .name("sampler".into())
            .spawn(move || {
                while !s.load(Ordering::SeqCst) {
                    let now = library_threads();
                    let mut peak = p.lock().unwrap();
                    // At an equal count the later names replace the earlier ones: a
                    // worker caught before it named itself shows its own name next time.
                    if now.len() >= peak.len() {
                        *peak = now;
                    }
                    drop(peak);
                    std::thread::sleep(Duration::from_millis(5));
                }
            })
            .unwrap();
        Sampler { stop, peak, thread }
    }

    /// The peak set of library threads' names.
    fn finish(self) -> Vec<String> {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.join().unwrap();
        Arc::try_unwrap(self.peak).unwrap().into_inner().unwrap()
    }
}

/// What a run measured.
struct Run {
    app: MI_Application,
    sessions: Vec<MI_Session>,
    /// From the first NewSession to the last final result.
    took: Duration,
    /// The library's threads at their peak, by name.
    peak_threads: Vec<String>,
    /// What the responder saw during the run.
    seen: Seen,
}

/// Opens `n` sessions on `port` (Basic credentials in the destination options), starts one
/// asynchronous GetInstance of MSFT_Person on each, waits for every final result (all must
/// succeed, typed) and closes the operations. The sessions stay open, idle.
fn run(port: u16, n: usize) -> Run {
    let seen_before = responder_seen(port);
    let sampler = Sampler::start();
    let mut app = MI_Application {
        reserved1: 0,
        reserved2: 0,
        ft: null(),
    };
    // SAFETY: valid out-pointer; NULL ID and error.
    let r = unsafe { MI_Application_Initialize(0, null(), null_mut(), &mut app) };
    assert_eq!(r, MI_RESULT_OK);
    let mut options = MI_DestinationOptions {
        reserved1: 0,
        reserved2: 0,
        ft: null(),
    };
    let (auth, user, password) = (mi("Basic"), mi(USER), mi(PASSWORD));
    let creds = MI_UserCredentials {
        authenticationType: auth.as_ptr(),
        credentials: MI_UserCredentials_credentials {
            usernamePassword: MI_UsernamePasswordCreds {
                domain: null(),
                username: user.as_ptr(),
                password: password.as_ptr(),
            },
        },
    };
    // SAFETY: a live application, writable options; the credentials' strings live here.
    unsafe {
        assert_eq!(
            MI_Application_NewDestinationOptions(&mut app, &mut options),
            MI_RESULT_OK
        );
        // What the reference header's inline MI_DestinationOptions_AddDestinationCredentials
        // does: the table's AddCredentials under the destination-credentials name.
        let add = (*options.ft).AddCredentials.expect("AddCredentials slot");
        let name = mi("__MI_DESTINATIONOPTIONS_DESTINATION_CREDENTIALS");
        assert_eq!(add(&mut options, name.as_ptr(), &creds, 0), MI_RESULT_OK);
    }
    let destination = mi(&format!("http://127.0.0.1:{port}"));
    let (namespace, class, key) = (mi("root/cimv2"), mi("MSFT_Person"), mi("Key"));
    let tally: &'static Tally = Box::leak(Box::default());
    let mut sessions = Vec::with_capacity(n);
    let mut operations: Vec<MI_Operation> = Vec::with_capacity(n);
    let mut keys: *mut MI_Instance = null_mut();
    // SAFETY: a live application; the key instance is ours until deleted below.
    unsafe {
        assert_eq!(
            MI_Application_NewInstance(&mut app, class.as_ptr(), null(), &mut keys),
            MI_RESULT_OK
        );
        let v = MI_Value { uint32: 777 };
        let add = (*(*keys).ft).AddElement.expect("AddElement slot");
        assert_eq!(add(keys, key.as_ptr(), &v, MI_UINT32, MI_FLAG_KEY), MI_RESULT_OK);
    }
    // SAFETY: every member is a nullable pointer or an `Option` of a function pointer, for
    // which all zero bits are NULL / None ("no such callback").
    let mut callbacks: MI_OperationCallbacks = unsafe { std::mem::zeroed() };
    callbacks.callbackContext = (tally as *const Tally).cast_mut().cast();
    callbacks.instanceResult = Some(on_result);
    let start = Instant::now();
    for _ in 0..n {
        let mut s = MI_Session {
            reserved1: 0,
            reserved2: 0,
            ft: null(),
        };
        // SAFETY: live application and options, NUL-terminated destination, writable out.
        let r = unsafe {
            MI_Application_NewSession(
                &mut app,
                null(),
                destination.as_ptr(),
                &mut options,
                null_mut(),
                null_mut(),
                &mut s,
            )
        };
        assert_eq!(r, MI_RESULT_OK, "NewSession {}", sessions.len());
        sessions.push(s);
        operations.push(MI_Operation {
            reserved1: 0,
            reserved2: 0,
            ft: null(),
        });
        let s = sessions.last_mut().unwrap();
        let op = operations.last_mut().unwrap();
        // SAFETY: a live session, NUL-terminated namespace, a live key instance (copied by
        // the call), callbacks whose context outlives the operation; `op` stays in place
        // (the Vec has its full capacity) until closed.
        unsafe { MI_Session_GetInstance(s, 0, null_mut(), namespace.as_ptr(), keys, &mut callbacks, op) };
    }
    let all = tally.wait(n, Duration::from_secs(240));
    let took = start.elapsed();
    let (ok, failed) = (
        tally.ok.load(Ordering::SeqCst),
        tally.failed.load(Ordering::SeqCst),
    );
    let why = tally.first_error.lock().unwrap().clone();
    assert!(
        all,
        "{} of {n} operations finished in time ({ok} ok, {failed} failed)",
        ok + failed
    );
    assert_eq!(failed, 0, "{failed} of {n} operations failed; the first: {why:?}");
    assert_eq!(ok, n);
    assert_eq!(
        tally.persons.load(Ordering::SeqCst),
        n,
        "every operation gave the typed person; the first problem: {why:?}"
    );
    // SAFETY: every operation delivered its final result; each is closed once; the key
    // instance and the options are ours.
    unsafe {
        for op in &mut operations {
            assert_eq!(MI_Operation_Close(op), MI_RESULT_OK);
        }
        (*(*keys).ft).Delete.expect("Delete slot")(keys);
        (*options.ft).Delete.expect("Delete slot")(&mut options);
    }
    let peak_threads = sampler.finish();
    let seen = responder_seen(port) - seen_before;
    // One connection per session, kept for all its requests; every request answered.
    assert_eq!(seen.connections, n, "connections for {n} sessions: {seen:?}");
    assert_eq!(seen.get, n, "one Get per session: {seen:?}");
    assert_eq!(
        seen.refused, 0,
        "requests refused (credentials or shape): {seen:?}"
    );
    Run {
        app,
        sessions,
        took,
        peak_threads,
        seen,
    }
}

/// Closes every session (asynchronously, completions counted), then the application.
/// Returns the time of both.
fn close(mut r: Run) -> (Duration, Duration) {
    let n = r.sessions.len();
    let tally: &'static Tally = Box::leak(Box::default());
    let start = Instant::now();
    for s in &mut r.sessions {
        // SAFETY: a live session, closed once; the context outlives the completion.
        let res = unsafe {
            MI_Session_Close(
                s,
                (tally as *const Tally).cast_mut().cast(),
                Some(on_session_closed),
            )
        };
        assert_eq!(res, MI_RESULT_OK);
    }
    assert!(tally.wait(n, Duration::from_secs(120)), "session closes missing");
    let sessions = start.elapsed();
    let start = Instant::now();
    // SAFETY: a live application whose sessions are all closed.
    assert_eq!(unsafe { MI_Application_Close(&mut r.app) }, MI_RESULT_OK);
    (sessions, start.elapsed())
}

/// A summary of the thread names: `mi-transport ×1, mi-wsman ×4`.
fn summary(names: &[String]) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for n in names {
        match counts.iter_mut().find(|(k, _)| k == n) {
            Some((_, c)) => *c += 1,
            None => counts.push((n.clone(), 1)),
        }
    }
    counts
        .iter()
        .map(|(k, c)| format!("{k} ×{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The library's threads left once the last application is closed (the pool's workers and
/// the runtime thread are joined by Close). A joined thread can still be listed in
/// /proc/self/task for a moment (the kernel wakes the joiner before it removes the task),
/// so this looks again for up to a second; a thread that was not joined stays far longer
/// (an idle worker lives 5 s, the runtime thread until stopped).
fn threads_left() -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        let left = library_threads();
        if left.is_empty() || Instant::now() > deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn many_sessions_through_the_mi_api() {
    const N: usize = 2_000;
    if let Err(why) = raise_nofile(N as u64 + 1000) {
        println!("skipped: {why}");
        return;
    }
    transport_util::with_timeout(120, || {
        scale_util::with_child_responder("responder_child", CHILD, |port| {
            let r = run(port, N);
            let peak = r.peak_threads.clone();
            println!(
                "{N} MI sessions, one GetInstance each, all answered in {:.2} s; library threads at \
                 most {} ({}); the responder saw {:?}",
                r.took.as_secs_f64(),
                peak.len(),
                summary(&peak),
                r.seen
            );
            assert!(
                peak.len() <= 8,
                "{} library threads: {}",
                peak.len(),
                summary(&peak)
            );
            let (sessions, app) = close(r);
            println!(
                "closes: {N} sessions in {:.0} ms, then MI_Application_Close in {:.0} ms",
                sessions.as_secs_f64() * 1e3,
                app.as_secs_f64() * 1e3
            );
            assert_eq!(threads_left(), Vec::<String>::new(), "threads left after Close");
        });
    });
}

#[test]
#[ignore = "benchmark: ci/bench-transport.sh"]
fn scale_mi_bench() {
    let n: usize = std::env::var("MIRS_SCALE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MAX_N)
        .min(MAX_N);
    raise_nofile(MAX_N as u64 + 1000).unwrap();
    scale_util::with_child_responder("responder_child", CHILD, |port| {
        // Warm the runtime, the allocator and the library's statics first, so that the
        // delta is per session.
        let warm = run(port, 100);
        close(warm);
        let rss0 = rss_kib();
        let r = run(port, n);
        // All idle: the delivery workers end after 5 s without work; only the runtime
        // thread stays (bounded wait, 15 s).
        let idle_from = Instant::now();
        let mut idle = library_threads();
        while idle.len() > 1 && idle_from.elapsed() < Duration::from_secs(15) {
            std::thread::sleep(Duration::from_millis(100));
            idle = library_threads();
        }
        let rss1 = rss_kib();
        println!(
            "scale-mi: {n} MI sessions (WS-Management, Basic), one GetInstance each (Identify + \
             GetClass + Get), all {n} succeeded, typed, in {:.2} s ({:.0} sessions/s)",
            r.took.as_secs_f64(),
            n as f64 / r.took.as_secs_f64()
        );
        println!(
            "scale-mi: the responder saw {} connections, {} Identify, {} GetClass, {} Get",
            r.seen.connections, r.seen.identify, r.seen.get_class, r.seen.get
        );
        println!(
            "scale-mi: library threads at most {} during the run ({}); idle: {} ({}) after {:.1} s",
            r.peak_threads.len(),
            summary(&r.peak_threads),
            idle.len(),
            summary(&idle),
            idle_from.elapsed().as_secs_f64()
        );
        println!(
            "scale-mi: RSS {rss0} KiB -> {rss1} KiB idle: {:.1} KiB per idle session",
            rss1.saturating_sub(rss0) as f64 / n as f64
        );
        let (sessions, app) = close(r);
        println!(
            "scale-mi: close: {n} MI_Session_Close (asynchronous) done in {:.0} ms, then \
             MI_Application_Close in {:.0} ms; library threads left: {}",
            sessions.as_secs_f64() * 1e3,
            app.as_secs_f64() * 1e3,
            threads_left().len()
        );
    });
}
