//! Operations (contract §5): one state machine per operation, between the protocol handler
//! (which calls our trampolines) and the client (callbacks, or the synchronous getters).
//!
//! * The library always asks the handler for manual acknowledgement, so the handler sends
//!   the next result only after we acknowledge the previous one: when the client's callback
//!   returns (automatic mode), when the client acknowledges (manual mode), or at the next
//!   pull (synchronous mode).
//! * Every event from the handler goes into the operation's queue. Whichever thread finds
//!   nobody delivering becomes the deliverer and drains the queue, calling the client with
//!   no lock held. Events that arrive meanwhile, from other threads or re-entrantly from
//!   inside an acknowledgement on the delivering thread, wait in the queue: callbacks of one
//!   operation are therefore serial and in order, and inline and re-entrant delivery by a
//!   handler are both safe.
//! * Exactly one final result reaches the client. The handler's operation is closed, and the
//!   operation leaves its session, when the final result is done and the client has closed
//!   the operation, whichever comes last.

use crate::abi::*;
use crate::boundary::{MiResult, guard, guard_void};
use crate::callback::CallbackScope;
use crate::ffi::OwnedOptions;
use crate::handles::{HANDLES, Key, Kind, tag};
use crate::session::Session;
use std::collections::VecDeque;
use std::ffi::c_void;
use std::ptr::{null, null_mut};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};

/// Which result callback an operation kind reports through (mi-abi.md §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResultKind {
    Instance,
    Indication,
    Class,
}

pub(crate) struct OperationKind;
impl Kind for OperationKind {
    const TAG: u8 = tag::OPERATION;
    const NAME: &'static str = "MI_Operation";
    type Obj = Operation;
}

/// Every `MI_OPERATIONFLAGS_*` bit the API defines; any other bit is refused.
pub(crate) const KNOWN_OPERATION_FLAGS: MI_Uint32 = MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS
    | MI_OPERATIONFLAGS_BASIC_RTTI
    | MI_OPERATIONFLAGS_FULL_RTTI
    | MI_OPERATIONFLAGS_NO_RTTI
    | MI_OPERATIONFLAGS_STANDARD_RTTI
    | MI_OPERATIONFLAGS_LOCALIZED_QUALIFIERS
    | MI_OPERATIONFLAGS_EXPENSIVE_PROPERTIES
    | MI_OPERATIONFLAGS_POLYMORPHISM_DEEP_BASE_PROPS_ONLY
    | MI_OPERATIONFLAGS_REPORT_OPERATION_STARTED;

type AckFn = unsafe extern "system" fn(*mut MI_Operation) -> MI_Result;
type ReplyFn = unsafe extern "system" fn(*mut MI_Operation, MI_OperationCallback_ResponseType) -> MI_Result;

/// A pointer that the handler keeps valid until we acknowledge or answer the event that
/// carried it (or, for strings we copy, only during its call).
pub(crate) struct Raw<T>(pub(crate) *const T);
// Manual impls: derives would demand `T: Clone/Debug`, which the pointee need not be.
impl<T> Clone for Raw<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Raw<T> {}
impl<T> std::fmt::Debug for Raw<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:p}", self.0)
    }
}
// SAFETY: the pointee belongs to the handler, which keeps it valid (for whichever thread)
// until the acknowledgement; we only pass the pointer on to the client.
unsafe impl<T> Send for Raw<T> {}

/// The handler's operation handle (a value, like every MI handle).
#[derive(Debug, Clone, Copy)]
pub(crate) struct HandlerOp(pub(crate) MI_Operation);
// SAFETY: plain data: two words and a pointer to the handler's immutable table.
unsafe impl Send for HandlerOp {}

impl HandlerOp {
    fn table(&self) -> Option<&'static MI_OperationFT> {
        // SAFETY: a handler's `ft` points to its static table while it is loaded.
        unsafe { self.0.ft.as_ref() }
    }
}

/// An acknowledgement we owe the handler for one result.
#[derive(Debug)]
struct Ack {
    f: Option<AckFn>,
    op: HandlerOp,
}

impl Ack {
    fn send(mut self) {
        if let Some(f) = self.f {
            // SAFETY: the handler's own acknowledgement for its own operation, called once.
            unsafe { f(&mut self.op.0) };
        }
    }
}

/// An answer we owe the handler for a `promptUser` or `writeError`.
#[derive(Debug)]
struct Reply {
    f: Option<ReplyFn>,
    op: HandlerOp,
}

impl Reply {
    fn send(mut self, response: MI_OperationCallback_ResponseType) {
        if let Some(f) = self.f {
            // SAFETY: the handler's own continuation for its own operation, called once.
            unsafe { f(&mut self.op.0, response) };
        }
    }
}

/// One result as the handler delivered it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ResultData {
    pub(crate) object: Raw<c_void>,
    pub(crate) bookmark: Raw<MI_Char>,
    pub(crate) machine_id: Raw<MI_Char>,
    pub(crate) more: bool,
    pub(crate) code: MI_Result,
    pub(crate) error: Raw<MI_Char>,
    pub(crate) details: Raw<MI_Instance>,
}

impl ResultData {
    fn final_with(code: MI_Result) -> ResultData {
        ResultData {
            object: Raw(null()),
            bookmark: Raw(null()),
            machine_id: Raw(null()),
            more: false,
            code,
            error: Raw(null()),
            details: Raw(null()),
        }
    }
}

/// A NUL-terminated copy of a handler string that is valid only during its call.
#[derive(Debug)]
struct Text(Option<Vec<MI_Char>>);

impl Text {
    /// # Safety
    /// `s` is NULL or NUL-terminated.
    unsafe fn copy(s: *const MI_Char) -> Text {
        if s.is_null() {
            return Text(None);
        }
        let mut len = 0;
        // SAFETY: NUL-terminated per contract.
        while unsafe { *s.add(len) } != 0 {
            len += 1;
        }
        // SAFETY: `len + 1` characters were just read.
        Text(Some(unsafe { std::slice::from_raw_parts(s, len + 1) }.to_vec()))
    }

    fn ptr(&self) -> *const MI_Char {
        self.0.as_ref().map_or(null(), |v| v.as_ptr())
    }
}

#[derive(Debug)]
enum Event {
    Result(ResultData, Ack),
    Message {
        channel: MI_Uint32,
        text: Text,
    },
    Progress {
        activity: Text,
        current: Text,
        status: Text,
        percent: MI_Uint32,
        seconds: MI_Uint32,
    },
    WriteError {
        instance: Raw<MI_Instance>,
        reply: Reply,
    },
    Prompt {
        message: Text,
        prompt_type: MI_PromptType,
        reply: Reply,
    },
    Streamed {
        name: Text,
        value_type: MI_Type,
        value: Raw<MI_Value>,
        ack: Ack,
    },
}

/// The client's callbacks, copied at the start of the operation.
#[derive(Debug, Clone, Copy)]
struct ClientCallbacks(MI_OperationCallbacks);
// SAFETY: a context pointer and function pointers the client gave us to call from any
// thread (the MI API delivers callbacks on library or handler threads).
unsafe impl Send for ClientCallbacks {}
// SAFETY: as above; read-only after construction.
unsafe impl Sync for ClientCallbacks {}

/// The callbacks we hand the handler; boxed so their address is stable for its lifetime.
#[derive(Debug)]
struct HandlerCallbacks(MI_OperationCallbacks);
// SAFETY: our own trampolines and a context pointer to this operation.
unsafe impl Send for HandlerCallbacks {}
// SAFETY: as above; read-only after construction.
unsafe impl Sync for HandlerCallbacks {}

/// The library's copies of an operation's options, kept until the operation is dropped (so
/// until after the handler's operation is closed).
#[derive(Debug)]
pub(crate) struct OptionsCopies {
    pub(crate) operation: OwnedOptions<MI_OperationOptions>,
    pub(crate) delivery: OwnedOptions<MI_SubscriptionDeliveryOptions>,
}

impl OptionsCopies {
    /// Deep copies of the client's options (each may be NULL).
    ///
    /// # Safety
    /// Each pointer is NULL or readable for one handle struct.
    pub(crate) unsafe fn of(
        operation: *const MI_OperationOptions,
        delivery: *const MI_SubscriptionDeliveryOptions,
    ) -> MiResult<OptionsCopies> {
        // SAFETY: forwarded contract.
        unsafe {
            Ok(OptionsCopies {
                operation: OwnedOptions::copy_of(operation)?,
                delivery: OwnedOptions::copy_of(delivery)?,
            })
        }
    }
}

#[derive(Debug, Default)]
struct OpState {
    /// The handler's operation, once its start call has returned.
    handler_op: Option<HandlerOp>,
    started: bool,
    /// The handler holds a strong reference to us as its callback context.
    context_given: bool,
    /// Events waiting for the deliverer.
    queue: VecDeque<Event>,
    delivering: bool,
    /// Synchronous operations: results waiting to be pulled, and the one handed out.
    pulled: VecDeque<(ResultData, Ack)>,
    current: Option<Ack>,
    final_pulled: bool,
    /// Asynchronous manual acknowledgement: the result the client has yet to acknowledge.
    client_ack: Option<Ack>,
    prompt_reply: Option<Reply>,
    error_reply: Option<Reply>,
    streamed_ack: Option<Ack>,
    final_received: bool,
    final_delivered: bool,
    cancel_sent: bool,
    cancel_pending: Option<MI_CancellationReason>,
    client_closed: bool,
    released: bool,
    /// Calls into the handler's operation (cancel, acknowledgements, answers) that are
    /// under way outside the lock: the handler's operation is not closed until they end.
    in_flight: usize,
}

/// One `MI_Operation`.
#[derive(Debug)]
pub(crate) struct Operation {
    serial: u64,
    session: Arc<Session>,
    kind: ResultKind,
    flags: MI_Uint32,
    manual_ack: bool,
    sync: bool,
    client: ClientCallbacks,
    handler_callbacks: OnceLock<Box<HandlerCallbacks>>,
    options: OnceLock<OptionsCopies>,
    key: OnceLock<Key>,
    state: Mutex<OpState>,
    ready: Condvar,
}

static NEXT_SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Operation {
    /// A new operation of `session`; `callbacks` decides synchronous or asynchronous.
    pub(crate) fn new(
        session: Arc<Session>,
        kind: ResultKind,
        flags: MI_Uint32,
        callbacks: Option<MI_OperationCallbacks>,
    ) -> Arc<Operation> {
        let client = callbacks.unwrap_or(MI_OperationCallbacks {
            callbackContext: null_mut(),
            promptUser: None,
            writeError: None,
            writeMessage: None,
            writeProgress: None,
            instanceResult: None,
            indicationResult: None,
            classResult: None,
            streamedParameterResult: None,
        });
        let sync = match kind {
            ResultKind::Instance => client.instanceResult.is_none(),
            ResultKind::Indication => client.indicationResult.is_none(),
            ResultKind::Class => client.classResult.is_none(),
        };
        Arc::new(Operation {
            serial: NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            session,
            kind,
            flags,
            manual_ack: flags & MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS != 0,
            sync,
            client: ClientCallbacks(client),
            handler_callbacks: OnceLock::new(),
            options: OnceLock::new(),
            key: OnceLock::new(),
            state: Mutex::new(OpState::default()),
            ready: Condvar::new(),
        })
    }

    pub(crate) fn serial(&self) -> u64 {
        self.serial
    }

    pub(crate) fn session(&self) -> &Arc<Session> {
        &self.session
    }

    /// Keeps the copies of the options handed to the handler for the operation's life.
    pub(crate) fn keep_options(&self, copies: OptionsCopies) {
        let _ = self.options.set(copies);
    }

    /// Records the key of the client's handle (once, right after it is created).
    pub(crate) fn set_key(&self, key: Key) {
        let _ = self.key.set(key);
    }

    /// The client's handle for this operation (what callbacks receive).
    pub(crate) fn handle(&self) -> MI_Operation {
        let (reserved1, reserved2) = self.key.get().map_or((0, 0), |k| k.pack());
        MI_Operation {
            reserved1,
            reserved2,
            ft: &crate::ffi::OPERATION_FT,
        }
    }

    fn lock(&self) -> MutexGuard<'_, OpState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts the operation on the handler. `call` invokes the handler's session slot with
    /// our callbacks, its operation out-pointer and the flags to pass; it returns false when
    /// the handler has no such slot (then the operation ends with NOT_SUPPORTED).
    pub(crate) fn start(
        self: &Arc<Self>,
        call: impl FnOnce(*mut MI_OperationCallbacks, *mut MI_Operation, MI_Uint32) -> bool,
    ) {
        let context = Arc::into_raw(self.clone()).cast_mut().cast::<c_void>();
        self.lock().context_given = true;
        let callbacks = self.handler_callbacks.get_or_init(|| {
            Box::new(HandlerCallbacks(MI_OperationCallbacks {
                callbackContext: context,
                promptUser: Some(on_prompt_user),
                writeError: Some(on_write_error),
                writeMessage: Some(on_write_message),
                writeProgress: Some(on_write_progress),
                instanceResult: Some(on_instance_result),
                indicationResult: Some(on_indication_result),
                classResult: Some(on_class_result),
                streamedParameterResult: Some(on_streamed_parameter),
            }))
        });
        let mut handler_op = MI_Operation {
            reserved1: 0,
            reserved2: 0,
            ft: null(),
        };
        let flags = self.flags | MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS;
        // The handler reads the callbacks through a pointer; it never writes them.
        let present = call((&raw const callbacks.0).cast_mut(), &mut handler_op, flags);
        if !present {
            log::error!(
                "protocol handler {:?} has no slot for this operation",
                self.session.handler_name()
            );
            self.push(Event::Result(
                ResultData::final_with(MI_RESULT_NOT_SUPPORTED),
                Ack {
                    f: None,
                    op: HandlerOp(handler_op),
                },
            ));
        }
        let cancel = self.begin_call(|st| {
            st.started = true;
            st.handler_op = Some(HandlerOp(handler_op));
            match st.cancel_pending.take() {
                Some(reason) if !st.final_received => {
                    st.cancel_sent = true;
                    Some((HandlerOp(handler_op), reason))
                }
                _ => None,
            }
        });
        if let Some(((op, reason), _in_flight)) = cancel {
            send_cancel(op, reason);
        }
        self.try_release();
    }

    /// A result from the handler through the callback of `kind`. A handler that reports
    /// through the wrong kind (a class for an instance operation, ...) would hand the client
    /// an object of the wrong type: such a result is dropped, and a final one becomes a final
    /// `MI_RESULT_FAILED` without an object, so the client still gets exactly one.
    fn push_result(self: &Arc<Self>, kind: ResultKind, data: ResultData, ack: Ack) {
        if kind == self.kind {
            return self.push(Event::Result(data, ack));
        }
        log::error!(
            "protocol handler {:?} delivered a {kind:?} result for an operation of {:?} results; dropped",
            self.session.handler_name(),
            self.kind
        );
        if data.more {
            ack.send();
        } else {
            self.push(Event::Result(ResultData::final_with(MI_RESULT_FAILED), ack));
        }
    }

    /// Routes one event from the handler, delivering it (and whatever queues up meanwhile)
    /// unless another thread is already delivering for this operation.
    fn push(self: &Arc<Self>, event: Event) {
        let mut st = self.lock();
        let mut release = false;
        let event = match event {
            Event::Result(data, ack) => {
                if st.final_received {
                    drop(st);
                    log::error!("protocol handler delivered a result after the final one; ignored");
                    ack.send();
                    return;
                }
                if !data.more {
                    st.final_received = true;
                    release = true;
                }
                if self.sync || (st.client_closed && data.more) {
                    if st.client_closed {
                        // Closed before the end: drain inside the library.
                        drop(st);
                        ack.send();
                        if release {
                            self.try_release();
                        }
                        return;
                    }
                    st.pulled.push_back((data, ack));
                    self.ready.notify_all();
                    return;
                }
                Event::Result(data, ack)
            }
            other => other,
        };
        st.queue.push_back(event);
        if st.delivering {
            return; // the thread delivering now picks it up, in order
        }
        st.delivering = true;
        while let Some(event) = st.queue.pop_front() {
            drop(st);
            self.deliver(event);
            st = self.lock();
        }
        st.delivering = false;
        drop(st);
        self.try_release();
    }

    /// Calls the client for one event, with the in-callback record set and no lock held.
    fn deliver(self: &Arc<Self>, event: Event) {
        let _in_app = CallbackScope::enter(self.session.app().serial());
        let _in_session = CallbackScope::enter(self.session.serial());
        let cb = self.client.0;
        let mut handle = self.handle();
        let op: *mut MI_Operation = &mut handle;
        let ctx = cb.callbackContext;
        match event {
            Event::Result(data, ack) => {
                let last = !data.more;
                let ack = if self.manual_ack {
                    self.park(|st| &mut st.client_ack, ack)
                } else {
                    Some(ack)
                };
                let client_ack: Option<AckFn> = if ack.is_none() {
                    Some(client_acknowledge)
                } else {
                    None
                };
                // SAFETY: the client's callback, called as its typedef declares; the result's
                // pointers stay valid until we acknowledge it to the handler.
                unsafe {
                    match self.kind {
                        ResultKind::Instance => {
                            if let Some(f) = cb.instanceResult {
                                f(
                                    op,
                                    ctx,
                                    data.object.0.cast(),
                                    data.more as MI_Boolean,
                                    data.code,
                                    data.error.0,
                                    data.details.0,
                                    client_ack,
                                );
                            }
                        }
                        ResultKind::Indication => {
                            if let Some(f) = cb.indicationResult {
                                f(
                                    op,
                                    ctx,
                                    data.object.0.cast(),
                                    data.bookmark.0,
                                    data.machine_id.0,
                                    data.more as MI_Boolean,
                                    data.code,
                                    data.error.0,
                                    data.details.0,
                                    client_ack,
                                );
                            }
                        }
                        ResultKind::Class => {
                            if let Some(f) = cb.classResult {
                                f(
                                    op,
                                    ctx,
                                    data.object.0.cast(),
                                    data.more as MI_Boolean,
                                    data.code,
                                    data.error.0,
                                    data.details.0,
                                    client_ack,
                                );
                            }
                        }
                    }
                }
                if let Some(ack) = ack {
                    ack.send();
                }
                if last {
                    self.lock().final_delivered = true;
                }
            }
            Event::Message { channel, text } => {
                if let Some(f) = cb.writeMessage {
                    // SAFETY: the client's callback; the copied text lives across the call.
                    unsafe { f(op, ctx, channel, text.ptr()) };
                }
            }
            Event::Progress {
                activity,
                current,
                status,
                percent,
                seconds,
            } => {
                if let Some(f) = cb.writeProgress {
                    // SAFETY: as above.
                    unsafe {
                        f(
                            op,
                            ctx,
                            activity.ptr(),
                            current.ptr(),
                            status.ptr(),
                            percent,
                            seconds,
                        )
                    };
                }
            }
            // Nobody to ask (no callback, or the client closed the operation): go on.
            Event::WriteError { instance, reply } => match cb.writeError {
                Some(f) => match self.park(|st| &mut st.error_reply, reply) {
                    // SAFETY: the client's callback; the instance stays valid until answered.
                    None => unsafe { f(op, ctx, instance.0.cast_mut(), Some(client_write_error_reply)) },
                    Some(reply) => reply.send(MI_OperationCallback_ResponseType_Yes),
                },
                None => reply.send(MI_OperationCallback_ResponseType_Yes),
            },
            Event::Prompt {
                message,
                prompt_type,
                reply,
            } => match cb.promptUser {
                Some(f) => match self.park(|st| &mut st.prompt_reply, reply) {
                    // SAFETY: the client's callback; the copied message lives across the call.
                    None => unsafe { f(op, ctx, message.ptr(), prompt_type, Some(client_prompt_reply)) },
                    Some(reply) => reply.send(MI_OperationCallback_ResponseType_Yes),
                },
                None => reply.send(MI_OperationCallback_ResponseType_Yes),
            },
            Event::Streamed {
                name,
                value_type,
                value,
                ack,
            } => match cb.streamedParameterResult {
                Some(f) => {
                    let ack = if self.manual_ack {
                        self.park(|st| &mut st.streamed_ack, ack)
                    } else {
                        Some(ack)
                    };
                    let client_ack: Option<AckFn> = if ack.is_none() {
                        Some(client_acknowledge_streamed)
                    } else {
                        None
                    };
                    // SAFETY: the client's callback; the value stays valid until acknowledged.
                    unsafe { f(op, ctx, name.ptr(), value_type, value.0, client_ack) };
                    if let Some(ack) = ack {
                        ack.send();
                    }
                }
                None => ack.send(),
            },
        }
    }

    /// Takes what a call into the handler needs out of the state (a handler operation, an
    /// acknowledgement, ...) and marks the call in flight, in one lock: the handler's
    /// operation then stays open until the returned guard is dropped, even if another thread
    /// finishes the operation meanwhile.
    fn begin_call<T>(
        self: &Arc<Self>,
        take: impl FnOnce(&mut OpState) -> Option<T>,
    ) -> Option<(T, InFlight)> {
        let mut st = self.lock();
        let value = take(&mut st)?;
        st.in_flight += 1;
        Some((value, InFlight(self.clone())))
    }

    /// Parks something the client must answer (an acknowledgement, a reply) in its slot,
    /// unless the client has closed the operation: then it comes back, for the library to
    /// answer at once. One lock for both, so a concurrent Close cannot miss it.
    fn park<T>(&self, slot: impl FnOnce(&mut OpState) -> &mut Option<T>, value: T) -> Option<T> {
        let mut st = self.lock();
        if st.client_closed {
            return Some(value);
        }
        *slot(&mut st) = Some(value);
        None
    }

    /// Closes the handler's operation and leaves the session, once the final result is done
    /// and the client has closed the operation (and nobody is delivering).
    fn try_release(self: &Arc<Self>) {
        let (handler_op, context_given) = {
            let mut st = self.lock();
            let final_done = if self.sync {
                st.final_pulled || (st.client_closed && st.final_received)
            } else {
                st.final_delivered
            };
            if st.released
                || !st.started
                || st.delivering
                || st.in_flight > 0
                || !st.client_closed
                || !final_done
            {
                return;
            }
            st.released = true;
            (st.handler_op.take(), st.context_given)
        };
        if let Some(mut op) = handler_op {
            if let Some(close) = op.table().and_then(|ft| ft.Close) {
                // SAFETY: the handler's own operation, closed once, after its final result.
                unsafe { close(&mut op.0) };
            }
        }
        if context_given {
            // SAFETY: `start` gave the handler one strong reference as its callback context;
            // the handler's operation is closed, so that reference is ours to drop.
            unsafe { drop(Arc::from_raw(Arc::as_ptr(self))) };
        }
        self.session.operation_released(self.serial);
    }

    /// `MI_Operation_Cancel`: idempotent; the final result still comes.
    pub(crate) fn cancel(self: &Arc<Self>, reason: MI_CancellationReason) {
        let target = self.begin_call(|st| {
            if st.final_received || st.cancel_sent {
                None
            } else if !st.started {
                st.cancel_pending.get_or_insert(reason);
                None
            } else {
                st.cancel_sent = true;
                st.handler_op
            }
        });
        if let Some((op, _in_flight)) = target {
            send_cancel(op, reason);
        }
    }

    /// `MI_Operation_Close`: never blocks. Unfinished work is cancelled, pending results are
    /// acknowledged inside the library, and the handle is retired.
    pub(crate) fn close(self: &Arc<Self>) -> MiResult {
        let mut already_closed = false;
        let work = self.begin_call(|st| {
            if st.client_closed {
                already_closed = true;
                return None;
            }
            st.client_closed = true;
            let mut acks: Vec<Ack> = Vec::new();
            acks.extend(st.client_ack.take());
            acks.extend(st.streamed_ack.take());
            acks.extend(st.current.take());
            acks.extend(st.pulled.drain(..).map(|(_, ack)| ack));
            let replies: Vec<Reply> = st
                .prompt_reply
                .take()
                .into_iter()
                .chain(st.error_reply.take())
                .collect();
            let cancel = if st.final_received || st.cancel_sent {
                None
            } else if !st.started {
                st.cancel_pending.get_or_insert(MI_REASON_NONE);
                None
            } else {
                st.cancel_sent = true;
                st.handler_op
            };
            self.ready.notify_all();
            Some((acks, replies, cancel))
        });
        if already_closed {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        if let Some(key) = self.key.get() {
            HANDLES.remove::<OperationKind>(*key);
        }
        if let Some(((acks, replies, cancel), _in_flight)) = work {
            // Cancel first: a handler may hold the final result back until its outstanding
            // acknowledgement, which the acks below then release.
            if let Some(op) = cancel {
                send_cancel(op, MI_REASON_NONE);
            }
            for reply in replies {
                reply.send(MI_OperationCallback_ResponseType_No);
            }
            for ack in acks {
                ack.send();
            }
        }
        self.try_release();
        Ok(())
    }

    /// Cancels on behalf of a closing session or application.
    pub(crate) fn cancel_for_shutdown(self: &Arc<Self>) {
        self.cancel(MI_REASON_SHUTDOWN);
    }

    /// `MI_Operation_GetInstance/GetIndication/GetClass`: the next result of a synchronous
    /// operation, blocking until the handler delivers it. The previous result is
    /// acknowledged first; this one stays valid until the next pull or the close.
    pub(crate) fn pull(self: &Arc<Self>, kind: ResultKind) -> MiResult<ResultData> {
        if !self.sync || kind != self.kind {
            log::error!(
                "result getter for {kind:?} results on a {} operation of {:?} results",
                if self.sync {
                    "synchronous"
                } else {
                    "callback-driven"
                },
                self.kind
            );
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        if let Some((ack, _in_flight)) = self.begin_call(|st| st.current.take()) {
            ack.send(); // may deliver the next result re-entrantly; it lands in `pulled`
        }
        let mut st = self.lock();
        loop {
            if st.final_pulled || st.client_closed {
                return Err(MI_RESULT_INVALID_PARAMETER);
            }
            if let Some((data, ack)) = st.pulled.pop_front() {
                if !data.more {
                    st.final_pulled = true;
                }
                st.current = Some(ack);
                return Ok(data);
            }
            st = self.ready.wait(st).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// A call into the handler under way; see [`Operation::begin_call`].
#[derive(Debug)]
struct InFlight(Arc<Operation>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.lock().in_flight -= 1;
        self.0.try_release();
    }
}

fn send_cancel(mut op: HandlerOp, reason: MI_CancellationReason) {
    if let Some(cancel) = op.table().and_then(|ft| ft.Cancel) {
        // SAFETY: the handler's own operation; Cancel may deliver the final result inline.
        unsafe { cancel(&mut op.0, reason) };
    }
}

// ---- What the client calls back: acknowledgements and answers ---------------------------

/// Resolves the operation a client callback argument refers to.
///
/// # Safety
/// `operation` is NULL or readable.
unsafe fn client_operation(operation: *mut MI_Operation) -> MiResult<Arc<Operation>> {
    // SAFETY: forwarded contract.
    unsafe { crate::ffi::resolve::<OperationKind, _>(operation) }
}

/// The `resultAcknowledgement` given to clients in manual-ack mode. A second call for the
/// same result finds nothing pending: `MI_RESULT_INVALID_PARAMETER` (the reference crashes).
unsafe extern "system" fn client_acknowledge(operation: *mut MI_Operation) -> MI_Result {
    guard("MI_Operation resultAcknowledgement", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let op = unsafe { client_operation(operation) }?;
        let (ack, _in_flight) = op
            .begin_call(|st| st.client_ack.take())
            .ok_or(MI_RESULT_INVALID_PARAMETER)?;
        ack.send();
        Ok(())
    })
}

unsafe extern "system" fn client_acknowledge_streamed(operation: *mut MI_Operation) -> MI_Result {
    guard("MI_Operation streamed parameter acknowledgement", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let op = unsafe { client_operation(operation) }?;
        let (ack, _in_flight) = op
            .begin_call(|st| st.streamed_ack.take())
            .ok_or(MI_RESULT_INVALID_PARAMETER)?;
        ack.send();
        Ok(())
    })
}

unsafe extern "system" fn client_prompt_reply(
    operation: *mut MI_Operation,
    response: MI_OperationCallback_ResponseType,
) -> MI_Result {
    guard("MI_Operation promptUserResult", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let op = unsafe { client_operation(operation) }?;
        let (reply, _in_flight) = op
            .begin_call(|st| st.prompt_reply.take())
            .ok_or(MI_RESULT_INVALID_PARAMETER)?;
        reply.send(response);
        Ok(())
    })
}

unsafe extern "system" fn client_write_error_reply(
    operation: *mut MI_Operation,
    response: MI_OperationCallback_ResponseType,
) -> MI_Result {
    guard("MI_Operation writeErrorResult", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let op = unsafe { client_operation(operation) }?;
        let (reply, _in_flight) = op
            .begin_call(|st| st.error_reply.take())
            .ok_or(MI_RESULT_INVALID_PARAMETER)?;
        reply.send(response);
        Ok(())
    })
}

// ---- What the handler calls: the trampolines in the callbacks we pass down --------------

/// The operation behind the context we gave the handler.
///
/// # Safety
/// `context` is the pointer `Operation::start` passed as `callbackContext`, whose strong
/// reference is released only after the handler's operation is closed.
unsafe fn from_context(context: *mut c_void) -> Arc<Operation> {
    let ptr = context.cast_const().cast::<Operation>();
    // SAFETY: per this function's contract the pointee is alive; take a new reference.
    unsafe {
        Arc::increment_strong_count(ptr);
        Arc::from_raw(ptr)
    }
}

fn handler_op(operation: *mut MI_Operation) -> HandlerOp {
    // SAFETY: the handler passes its operation handle (NULL tolerated).
    HandlerOp(unsafe { operation.as_ref() }.copied().unwrap_or(MI_Operation {
        reserved1: 0,
        reserved2: 0,
        ft: null(),
    }))
}

#[allow(clippy::too_many_arguments)]
unsafe extern "system" fn on_instance_result(
    operation: *mut MI_Operation,
    context: *mut c_void,
    instance: *const MI_Instance,
    more: MI_Boolean,
    code: MI_Result,
    error: *const MI_Char,
    details: *const MI_Instance,
    ack: Option<AckFn>,
) {
    guard_void("instanceResult from protocol handler", || {
        // SAFETY: our own context (see `from_context`).
        let op = unsafe { from_context(context) };
        let data = ResultData {
            object: Raw(instance.cast()),
            bookmark: Raw(null()),
            machine_id: Raw(null()),
            more: more != MI_FALSE,
            code,
            error: Raw(error),
            details: Raw(details),
        };
        op.push_result(
            ResultKind::Instance,
            data,
            Ack {
                f: ack,
                op: handler_op(operation),
            },
        );
    })
}

#[allow(clippy::too_many_arguments)]
unsafe extern "system" fn on_indication_result(
    operation: *mut MI_Operation,
    context: *mut c_void,
    instance: *const MI_Instance,
    bookmark: *const MI_Char,
    machine_id: *const MI_Char,
    more: MI_Boolean,
    code: MI_Result,
    error: *const MI_Char,
    details: *const MI_Instance,
    ack: Option<AckFn>,
) {
    guard_void("indicationResult from protocol handler", || {
        // SAFETY: our own context (see `from_context`).
        let op = unsafe { from_context(context) };
        let data = ResultData {
            object: Raw(instance.cast()),
            bookmark: Raw(bookmark),
            machine_id: Raw(machine_id),
            more: more != MI_FALSE,
            code,
            error: Raw(error),
            details: Raw(details),
        };
        op.push_result(
            ResultKind::Indication,
            data,
            Ack {
                f: ack,
                op: handler_op(operation),
            },
        );
    })
}

#[allow(clippy::too_many_arguments)]
unsafe extern "system" fn on_class_result(
    operation: *mut MI_Operation,
    context: *mut c_void,
    class: *const MI_Class,
    more: MI_Boolean,
    code: MI_Result,
    error: *const MI_Char,
    details: *const MI_Instance,
    ack: Option<AckFn>,
) {
    guard_void("classResult from protocol handler", || {
        // SAFETY: our own context (see `from_context`).
        let op = unsafe { from_context(context) };
        let data = ResultData {
            object: Raw(class.cast()),
            bookmark: Raw(null()),
            machine_id: Raw(null()),
            more: more != MI_FALSE,
            code,
            error: Raw(error),
            details: Raw(details),
        };
        op.push_result(
            ResultKind::Class,
            data,
            Ack {
                f: ack,
                op: handler_op(operation),
            },
        );
    })
}

unsafe extern "system" fn on_prompt_user(
    operation: *mut MI_Operation,
    context: *mut c_void,
    message: *const MI_Char,
    prompt_type: MI_PromptType,
    reply: Option<ReplyFn>,
) {
    guard_void("promptUser from protocol handler", || {
        // SAFETY: our own context; the message is NUL-terminated or NULL.
        let (op, message) = unsafe { (from_context(context), Text::copy(message)) };
        op.push(Event::Prompt {
            message,
            prompt_type,
            reply: Reply {
                f: reply,
                op: handler_op(operation),
            },
        });
    })
}

unsafe extern "system" fn on_write_error(
    operation: *mut MI_Operation,
    context: *mut c_void,
    instance: *mut MI_Instance,
    reply: Option<ReplyFn>,
) {
    guard_void("writeError from protocol handler", || {
        // SAFETY: our own context.
        let op = unsafe { from_context(context) };
        op.push(Event::WriteError {
            instance: Raw(instance),
            reply: Reply {
                f: reply,
                op: handler_op(operation),
            },
        });
    })
}

unsafe extern "system" fn on_write_message(
    _operation: *mut MI_Operation,
    context: *mut c_void,
    channel: MI_Uint32,
    message: *const MI_Char,
) {
    guard_void("writeMessage from protocol handler", || {
        // SAFETY: our own context; the message is NUL-terminated or NULL.
        let (op, text) = unsafe { (from_context(context), Text::copy(message)) };
        op.push(Event::Message { channel, text });
    })
}

unsafe extern "system" fn on_write_progress(
    _operation: *mut MI_Operation,
    context: *mut c_void,
    activity: *const MI_Char,
    current: *const MI_Char,
    status: *const MI_Char,
    percent: MI_Uint32,
    seconds: MI_Uint32,
) {
    guard_void("writeProgress from protocol handler", || {
        // SAFETY: our own context; the strings are NUL-terminated or NULL.
        let (op, activity, current, status) = unsafe {
            (
                from_context(context),
                Text::copy(activity),
                Text::copy(current),
                Text::copy(status),
            )
        };
        op.push(Event::Progress {
            activity,
            current,
            status,
            percent,
            seconds,
        });
    })
}

unsafe extern "system" fn on_streamed_parameter(
    operation: *mut MI_Operation,
    context: *mut c_void,
    name: *const MI_Char,
    value_type: MI_Type,
    value: *const MI_Value,
    ack: Option<AckFn>,
) {
    guard_void("streamedParameterResult from protocol handler", || {
        // SAFETY: our own context; the name is NUL-terminated or NULL.
        let (op, name) = unsafe { (from_context(context), Text::copy(name)) };
        op.push(Event::Streamed {
            name,
            value_type,
            value: Raw(value),
            ack: Ack {
                f: ack,
                op: handler_op(operation),
            },
        });
    })
}
