//! Sessions (docs/SPEC.md §4): a session of one application on one protocol handler. It
//! owns the handler's session and the operations that are not yet released, starts
//! operations ([`launch`]: every check before the handler is reached), and implements
//! `MI_Session_Close`, synchronous and asynchronous.

use crate::abi::*;
use crate::boundary::MiResult;
use crate::callback::{CallbackScope, Owner};
use crate::client::{Completion, OperationCallbacks, SessionCallbacks};
use crate::handles::{HANDLES, Key, Kind, tag};
use crate::operation::{self, KNOWN_OPERATION_FLAGS, Operation, OperationKind, OperationParent};
use crate::options::Options;
use crate::protocol::{ProtocolSession, Request, ResultKind, SessionEvents, Start};
use crate::surface::Surface;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

pub(crate) struct SessionKind;
impl Kind for SessionKind {
    const TAG: u8 = tag::SESSION;
    const NAME: &'static str = "MI_Session";
    type Obj = Session;
}

/// How often a blocked close says what it still waits for: 5 s, or `MI_CLOSE_WARNING_MS`.
pub(crate) fn close_warning_interval() -> Duration {
    static INTERVAL: OnceLock<Duration> = OnceLock::new();
    *INTERVAL.get_or_init(|| {
        std::env::var("MI_CLOSE_WARNING_MS")
            .ok()
            .and_then(|ms| ms.parse::<u64>().ok())
            .filter(|&ms| ms > 0)
            .map_or(Duration::from_secs(5), Duration::from_millis)
    })
}

/// What a session needs from its application (implemented by
/// `crate::application::Application`; the trait keeps this module below it).
pub(crate) trait SessionParent: Send + Sync {
    fn serial(&self) -> u64;
    fn surface(&self) -> &'static Surface;
    /// The client's handle of the application.
    fn handle(&self) -> MI_Application;
    fn is_closing(&self) -> bool;
    /// Called once, when the session is fully closed.
    fn session_closed(&self, serial: u64);
}

static NEXT_SERIAL: AtomicU64 = AtomicU64::new(1);

/// A fresh session serial (distinct from every application serial).
pub(crate) fn next_serial() -> u64 {
    NEXT_SERIAL.fetch_add(1, Ordering::Relaxed) | (1 << 63)
}

/// The client's session callbacks, as the handler reports them: with the client's own
/// application handle (the handler passes its own, which the client must never see).
pub(crate) struct ClientSessionEvents {
    client: SessionCallbacks,
    owner: Owner,
    app: MI_Application,
}
// SAFETY: the client's callbacks (see `SessionCallbacks`) and our own handle (plain data).
unsafe impl Send for ClientSessionEvents {}
// SAFETY: read-only after construction.
unsafe impl Sync for ClientSessionEvents {}

impl ClientSessionEvents {
    pub(crate) fn new(client: SessionCallbacks, owner: Owner, app: MI_Application) -> ClientSessionEvents {
        ClientSessionEvents { client, owner, app }
    }
}

impl SessionEvents for ClientSessionEvents {
    fn message(&self, channel: MI_Uint32, text: *const MI_Char) {
        self.client.message(self.owner, self.app, channel, text);
    }

    fn error(&self, instance: *mut MI_Instance) {
        self.client.error(self.owner, self.app, instance);
    }
}

#[derive(Debug, Default)]
struct SessionState {
    closing: bool,
    operations: HashMap<u64, Arc<Operation>>,
    completion: Option<Completion>,
}

/// One `MI_Session`.
pub(crate) struct Session {
    serial: u64,
    app_serial: u64,
    parent: Arc<dyn SessionParent>,
    handler_name: String,
    /// The handler's session; taken (and dropped) when it is closed.
    protocol: Mutex<Option<Arc<dyn ProtocolSession>>>,
    key: OnceLock<Key>,
    state: Mutex<SessionState>,
    changed: Condvar,
    finished: AtomicBool,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Session({}, {:?})", self.serial, self.handler_name)
    }
}

impl Session {
    pub(crate) fn new(
        serial: u64,
        parent: Arc<dyn SessionParent>,
        handler_name: String,
        protocol: Arc<dyn ProtocolSession>,
    ) -> Arc<Session> {
        Arc::new(Session {
            serial,
            app_serial: parent.serial(),
            parent,
            handler_name,
            protocol: Mutex::new(Some(protocol)),
            key: OnceLock::new(),
            state: Mutex::new(SessionState::default()),
            changed: Condvar::new(),
            finished: AtomicBool::new(false),
        })
    }

    pub(crate) fn serial(&self) -> u64 {
        self.serial
    }

    pub(crate) fn owner(&self) -> Owner {
        Owner::session(self.app_serial, self.serial)
    }

    pub(crate) fn handler_name(&self) -> &str {
        &self.handler_name
    }

    /// The client's handle of the session's application.
    pub(crate) fn application_handle(&self) -> MI_Application {
        self.parent.handle()
    }

    pub(crate) fn set_key(&self, key: Key) {
        let _ = self.key.set(key);
    }

    /// The client's handle for this session.
    pub(crate) fn handle(&self) -> MI_Session {
        let (reserved1, reserved2) = self.key.get().map_or((0, 0), |k| k.pack());
        MI_Session {
            reserved1,
            reserved2,
            ft: self.parent.surface().session(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, SessionState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn protocol(&self) -> Option<Arc<dyn ProtocolSession>> {
        self.protocol
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Registers a new operation, unless the session (or its application) is closing.
    fn new_operation(
        self: &Arc<Self>,
        kind: ResultKind,
        flags: MI_Uint32,
        callbacks: OperationCallbacks,
    ) -> MiResult<Arc<Operation>> {
        let parent: Arc<dyn OperationParent> = self.clone();
        let op = Operation::new(parent, kind, flags, callbacks);
        {
            let mut st = self.lock();
            if st.closing || self.parent.is_closing() {
                log::error!("operation on a session or application that is closing; refused");
                return Err(MI_RESULT_INVALID_PARAMETER);
            }
            st.operations.insert(op.serial(), op.clone());
        }
        match HANDLES.insert::<OperationKind>(op.clone()) {
            Ok(key) => {
                op.set_key(key);
                Ok(op)
            }
            Err(_) => {
                self.lock().operations.remove(&op.serial());
                log::error!("new operation: handle table full");
                Err(MI_RESULT_SERVER_LIMITS_EXCEEDED)
            }
        }
    }

    /// Cancels every running operation (session or application close).
    pub(crate) fn cancel_operations(&self) {
        let ops: Vec<Arc<Operation>> = self.lock().operations.values().cloned().collect();
        for op in ops {
            op.cancel_for_shutdown();
        }
    }

    /// `MI_Session_Close`. Synchronous (`completion == None`): cancels, waits until the
    /// client has closed every operation, closes the handler's session, returns. Refused
    /// with `MI_RESULT_FAILED` from inside a callback of this session or its application on
    /// this thread. Asynchronous: returns at once; `completion` runs exactly once, after the
    /// session is fully closed, on whichever thread finishes it.
    pub(crate) fn close(self: &Arc<Self>, completion: Option<Completion>) -> MiResult {
        let sync = completion.is_none();
        if sync && (CallbackScope::active_for(self.serial) || CallbackScope::active_for(self.app_serial)) {
            log::error!(
                "synchronous MI_Session_Close called from inside a callback of the same session \
                 or application (on this thread); refused: close it after the callback returns, \
                 or pass a completion callback"
            );
            return Err(MI_RESULT_FAILED);
        }
        let empty = {
            let mut st = self.lock();
            if st.closing {
                return Err(MI_RESULT_INVALID_PARAMETER);
            }
            st.closing = true;
            st.completion = completion;
            st.operations.is_empty()
        };
        self.cancel_operations();
        if !sync {
            if empty {
                self.finish_async();
            }
            return Ok(());
        }
        self.wait_for_operations();
        if let Some(protocol) = self.take_protocol() {
            protocol.close(None);
        }
        self.retire();
        Ok(())
    }

    fn take_protocol(&self) -> Option<Arc<dyn ProtocolSession>> {
        self.protocol
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    fn wait_for_operations(&self) {
        let mut st = self.lock();
        while !st.operations.is_empty() {
            let (next, timeout) = self
                .changed
                .wait_timeout(st, close_warning_interval())
                .unwrap_or_else(PoisonError::into_inner);
            st = next;
            if timeout.timed_out() && !st.operations.is_empty() {
                log::warn!(
                    "MI_Session_Close is waiting for the client to close {} operation(s) of this session",
                    st.operations.len()
                );
            }
        }
    }

    /// Closes the handler's session asynchronously; its completion finishes the close.
    fn finish_async(self: &Arc<Self>) {
        let me = self.clone();
        let done = Box::new(move || me.complete_async());
        match self.take_protocol() {
            Some(protocol) => protocol.close(Some(done)),
            None => done(),
        }
    }

    fn complete_async(&self) {
        let completion = self.lock().completion.take();
        self.retire();
        if let Some(c) = completion {
            c.call(Owner::application(self.app_serial));
        }
    }

    /// Leaves the application and retires the handle: every copy becomes stale.
    fn retire(&self) {
        if self.finished.swap(true, Ordering::AcqRel) {
            return;
        }
        if let Some(key) = self.key.get() {
            HANDLES.remove::<SessionKind>(*key);
        }
        self.parent.session_closed(self.serial);
    }
}

impl OperationParent for Session {
    fn owner(&self) -> Owner {
        Session::owner(self)
    }

    fn surface(&self) -> &'static Surface {
        self.parent.surface()
    }

    fn session_handle(&self) -> MI_Session {
        self.handle()
    }

    fn handler_name(&self) -> &str {
        &self.handler_name
    }

    fn operation_released(self: Arc<Self>, serial: u64) {
        let finish_async = {
            let mut st = self.lock();
            st.operations.remove(&serial);
            self.changed.notify_all();
            st.closing && st.operations.is_empty() && st.completion.is_some()
        };
        if finish_async {
            self.finish_async();
        }
    }
}

/// An operation as a slot of `MI_SessionFT` asks for it, before any check.
pub(crate) struct Launch<'a> {
    pub(crate) kind: ResultKind,
    pub(crate) flags: MI_Uint32,
    pub(crate) callbacks: OperationCallbacks,
    /// The library's copies of the client's options (or why they could not be made).
    pub(crate) options: MiResult<Option<Arc<Options>>>,
    pub(crate) delivery: MiResult<Option<Arc<Options>>>,
    /// The arguments, decoded (or why they could not be: invalid text, ...).
    pub(crate) request: MiResult<Request<'a>>,
}

/// Starts one operation (all 13 operation slots come here). Every check happens before
/// the handler is reached, and any refusal still ends in exactly one final result, as a
/// callback of the session's application (or of an unknown owner when the session handle
/// itself is bad). `out` is the client's `*operation` (None when it is NULL): it gets the
/// operation's handle before the handler starts, so even an inline final callback may
/// close it, or an inert handle when the operation is refused.
pub(crate) fn launch(
    surface: &'static Surface,
    session: MiResult<Arc<Session>>,
    launch: Launch<'_>,
    mut out: Option<&mut dyn FnMut(MI_Operation)>,
) {
    let Launch {
        kind,
        flags,
        callbacks,
        options,
        delivery,
        request,
    } = launch;
    let session = match session {
        Ok(s) => s,
        Err(code) => return operation::reject(surface, Owner::UNKNOWN, kind, &callbacks, out, code),
    };
    let owner = session.owner();
    let refuse = |out: Option<&mut dyn FnMut(MI_Operation)>, code: MI_Result| {
        operation::reject(surface, owner, kind, &callbacks, out, code);
    };
    if out.is_none() {
        log::error!("operation started with a NULL operation out-pointer; refused");
        return refuse(None, MI_RESULT_INVALID_PARAMETER);
    }
    if flags & !KNOWN_OPERATION_FLAGS != 0 {
        log::error!("operation started with unknown flags {flags:#x}; refused");
        return refuse(out, MI_RESULT_INVALID_PARAMETER);
    }
    let (request, options, delivery) = match (request, options, delivery) {
        (Ok(r), Ok(o), Ok(d)) => (r, o, d),
        (Err(code), _, _) | (_, Err(code), _) | (_, _, Err(code)) => return refuse(out, code),
    };
    // Subscribe's delivery options travel with the request.
    let request = match request {
        Request::Subscribe {
            namespace,
            dialect,
            query,
            ..
        } => Request::Subscribe {
            namespace,
            dialect,
            query,
            delivery: delivery.as_ref(),
        },
        other => other,
    };
    let op = match session.new_operation(kind, flags, callbacks) {
        Ok(op) => op,
        Err(code) => return refuse(out, code),
    };
    if let Some(out) = out.as_mut() {
        out(op.handle());
    }
    let Some(protocol) = session.protocol() else {
        // Unreachable by the close order (the handler's session outlives its operations),
        // but an operation must still get its final result.
        log::error!("operation started on a session whose handler session is gone");
        return op.start_refused(MI_RESULT_FAILED);
    };
    op.start(
        &*protocol,
        Start {
            flags: flags | MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS,
            options: options.as_ref(),
            request,
        },
    );
}
