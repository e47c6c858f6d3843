//! Sessions (contract §4): a session of one application on one protocol handler. It owns
//! the handler's session handle and the list of operations that are not yet released, and
//! implements `MI_Session_Close`, synchronous and asynchronous.

use crate::abi::*;
use crate::application::Application;
use crate::boundary::{MiResult, guard_void};
use crate::callback::CallbackScope;
use crate::ffi::OwnedOptions;
use crate::handles::{HANDLES, Key, Kind, tag};
use crate::operation::{Operation, ResultKind};
use crate::protocol::Handler;
use std::collections::HashMap;
use std::ffi::c_void;
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

pub(crate) type Completion = unsafe extern "system" fn(context: *mut c_void);

/// The client's completion callback of an asynchronous `MI_Session_Close`.
#[derive(Debug, Clone, Copy)]
struct PendingCompletion {
    callback: Completion,
    context: *mut c_void,
}
// SAFETY: the client asked us to call this from whichever thread completes the close.
unsafe impl Send for PendingCompletion {}

/// What the handler's session callbacks need: the client's callbacks and our application
/// handle (the handler passes its own application, which the client must never see).
#[derive(Debug)]
pub(crate) struct SessionCallbackContext {
    pub(crate) client: MI_SessionCallbacks,
    pub(crate) app_handle: MI_Application,
    pub(crate) app_serial: u64,
}
// SAFETY: plain data the client gave us for calls from any thread, and our own handle.
unsafe impl Send for SessionCallbackContext {}
// SAFETY: read-only after construction.
unsafe impl Sync for SessionCallbackContext {}

#[derive(Debug, Clone, Copy)]
struct HandlerSession(MI_Session);
// SAFETY: plain data: two words and a pointer to the handler's immutable table.
unsafe impl Send for HandlerSession {}
// SAFETY: as above.
unsafe impl Sync for HandlerSession {}

#[derive(Debug, Default)]
struct SessionState {
    closing: bool,
    operations: HashMap<u64, Arc<Operation>>,
    completion: Option<PendingCompletion>,
}

/// One `MI_Session`.
#[derive(Debug)]
pub(crate) struct Session {
    serial: u64,
    app: Arc<Application>,
    handler: Arc<Handler>,
    handler_session: HandlerSession,
    /// Never read here: the handler holds its address as the context of the session
    /// callbacks, so it stays alive (at a stable address) as long as the session.
    #[allow(dead_code)]
    callbacks: Box<SessionCallbackContext>,
    /// The library's copy of the destination options given to the handler; never read
    /// here, kept (like `callbacks`) as long as the session.
    #[allow(dead_code)]
    options: OwnedOptions<MI_DestinationOptions>,
    key: OnceLock<Key>,
    state: Mutex<SessionState>,
    changed: Condvar,
    finished: AtomicBool,
}

static NEXT_SERIAL: AtomicU64 = AtomicU64::new(1);

impl Session {
    pub(crate) fn new(
        app: Arc<Application>,
        handler: Arc<Handler>,
        handler_session: MI_Session,
        callbacks: Box<SessionCallbackContext>,
        options: OwnedOptions<MI_DestinationOptions>,
    ) -> Arc<Session> {
        Arc::new(Session {
            serial: NEXT_SERIAL.fetch_add(1, Ordering::Relaxed) | (1 << 63),
            app,
            handler,
            handler_session: HandlerSession(handler_session),
            callbacks,
            options,
            key: OnceLock::new(),
            state: Mutex::new(SessionState::default()),
            changed: Condvar::new(),
            finished: AtomicBool::new(false),
        })
    }

    pub(crate) fn serial(&self) -> u64 {
        self.serial
    }

    pub(crate) fn app(&self) -> &Arc<Application> {
        &self.app
    }

    pub(crate) fn handler_name(&self) -> &str {
        &self.handler.name
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
            ft: &crate::ffi::SESSION_FT,
        }
    }

    /// A copy of the handler's session handle, for one call through its table.
    pub(crate) fn handler_session(&self) -> MI_Session {
        self.handler_session.0
    }

    fn lock(&self) -> MutexGuard<'_, SessionState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a new operation, unless the session (or its application) is closing.
    pub(crate) fn new_operation(
        self: &Arc<Self>,
        kind: ResultKind,
        flags: MI_Uint32,
        callbacks: Option<MI_OperationCallbacks>,
    ) -> MiResult<Arc<Operation>> {
        let op = Operation::new(self.clone(), kind, flags, callbacks);
        {
            let mut st = self.lock();
            if st.closing || self.app.is_closing() {
                return Err(MI_RESULT_INVALID_PARAMETER);
            }
            st.operations.insert(op.serial(), op.clone());
        }
        match HANDLES.insert::<crate::operation::OperationKind>(op.clone()) {
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

    /// Called by an operation once it is released (final result done, client closed it,
    /// handler operation closed).
    pub(crate) fn operation_released(self: &Arc<Self>, serial: u64) {
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
    pub(crate) fn close(self: &Arc<Self>, completion: Option<(Completion, *mut c_void)>) -> MiResult {
        if completion.is_none()
            && (CallbackScope::active_for(self.serial) || CallbackScope::active_for(self.app.serial()))
        {
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
            st.completion = completion.map(|(callback, context)| PendingCompletion { callback, context });
            st.operations.is_empty()
        };
        self.cancel_operations();
        if completion.is_some() {
            if empty {
                self.finish_async();
            }
            return Ok(());
        }
        self.wait_for_operations();
        self.finish_sync();
        Ok(())
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

    /// Closes the handler's session synchronously and retires the session.
    fn finish_sync(self: &Arc<Self>) {
        let mut handler_session = self.handler_session.0;
        // SAFETY: the handler's own table (NULL tolerated).
        if let Some(close) = unsafe { handler_session.ft.as_ref() }.and_then(|ft| ft.Close) {
            // SAFETY: the handler's session, closed once, with no completion callback.
            let r = unsafe { close(&mut handler_session, std::ptr::null_mut(), None) };
            if r != MI_RESULT_OK {
                log::warn!(
                    "protocol handler {:?}: session Close returned {r}",
                    self.handler.name
                );
            }
        }
        self.retire();
    }

    /// Closes the handler's session asynchronously; `handler_session_closed` finishes.
    fn finish_async(self: &Arc<Self>) {
        let mut handler_session = self.handler_session.0;
        let context = Arc::into_raw(self.clone()).cast_mut().cast::<c_void>();
        // SAFETY: the handler's own table (NULL tolerated).
        let close = unsafe { handler_session.ft.as_ref() }.and_then(|ft| ft.Close);
        let r = match close {
            // SAFETY: the handler's session, closed once; it calls our completion once.
            Some(close) => unsafe { close(&mut handler_session, context, Some(handler_session_closed)) },
            None => MI_RESULT_NOT_SUPPORTED,
        };
        if r != MI_RESULT_OK {
            // The handler refused: it will not call back, so finish here.
            log::warn!(
                "protocol handler {:?}: session Close returned {r}",
                self.handler.name
            );
            // SAFETY: the reference made above, which the handler did not take.
            let me = unsafe { Arc::from_raw(context.cast_const().cast::<Session>()) };
            me.complete_async();
        }
    }

    fn complete_async(self: &Arc<Self>) {
        let completion = self.lock().completion.take();
        self.retire();
        if let Some(c) = completion {
            let _in_app = CallbackScope::enter(self.app.serial());
            // SAFETY: the client's completion callback with its own context, called once.
            unsafe { (c.callback)(c.context) };
        }
    }

    /// Leaves the application and retires the handle: every copy becomes stale.
    fn retire(self: &Arc<Self>) {
        if self.finished.swap(true, Ordering::AcqRel) {
            return;
        }
        if let Some(key) = self.key.get() {
            HANDLES.remove::<SessionKind>(*key);
        }
        self.app.session_closed(self.serial);
    }
}

/// The handler's completion of an asynchronous session close.
unsafe extern "system" fn handler_session_closed(context: *mut c_void) {
    guard_void("session close completion from protocol handler", || {
        // SAFETY: the strong reference `finish_async` passed as context, taken back once.
        let session = unsafe { Arc::from_raw(context.cast_const().cast::<Session>()) };
        session.complete_async();
    })
}

// ---- Session callbacks: the handler reports with its own application; we pass ours ------

pub(crate) unsafe extern "system" fn on_session_write_message(
    _application: *mut MI_Application,
    context: *mut c_void,
    channel: MI_Uint32,
    message: *const MI_Char,
) {
    guard_void("session writeMessage from protocol handler", || {
        // SAFETY: the context is the SessionCallbackContext we passed, alive until the
        // handler's session is closed.
        let ctx = unsafe { &*context.cast_const().cast::<SessionCallbackContext>() };
        if let Some(f) = ctx.client.writeMessage {
            let _in_app = CallbackScope::enter(ctx.app_serial);
            let mut app = ctx.app_handle;
            // SAFETY: the client's callback with its own context.
            unsafe { f(&mut app, ctx.client.callbackContext, channel, message) };
        }
    })
}

pub(crate) unsafe extern "system" fn on_session_write_error(
    _application: *mut MI_Application,
    context: *mut c_void,
    instance: *mut MI_Instance,
) {
    guard_void("session writeError from protocol handler", || {
        // SAFETY: as in `on_session_write_message`.
        let ctx = unsafe { &*context.cast_const().cast::<SessionCallbackContext>() };
        if let Some(f) = ctx.client.writeError {
            let _in_app = CallbackScope::enter(ctx.app_serial);
            let mut app = ctx.app_handle;
            // SAFETY: the client's callback with its own context.
            unsafe { f(&mut app, ctx.client.callbackContext, instance) };
        }
    })
}
