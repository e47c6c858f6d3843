//! Operations (docs/SPEC.md §5): one state machine per operation, between the protocol
//! handler (which pushes [`Event`]s into it, as its [`Sink`]) and the client (callbacks,
//! or the synchronous getters).
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
//! * **Nothing reaches the handler's operation after its close.** Every call into it (an
//!   acknowledgement, an answer, a cancel) goes through [`Operation::call_handler`], which,
//!   under the state lock, either finds the operation released (and drops the call) or
//!   counts the call in flight; [`Operation::try_release`] decides to close, under the same
//!   lock, only when nothing is in flight and nobody is delivering (the deliverer's own
//!   acknowledgements happen while `delivering` is set). So a call either starts before the
//!   close is decided, and the close waits for it, or it is never made.

use crate::abi::*;
use crate::boundary::MiResult;
use crate::callback::Owner;
use crate::client::OperationCallbacks;
use crate::handles::{HANDLES, Key, Kind, tag};
use crate::protocol::{
    Ack, Event, ProtocolOperation, ProtocolSession, Reply, ResultData, ResultKind, Sink, Start,
};
use crate::surface::Surface;
use std::collections::VecDeque;
use std::ptr::null_mut;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};

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

/// What an operation needs from its session (implemented by `crate::session::Session`;
/// the trait keeps this module below the session's).
pub(crate) trait OperationParent: Send + Sync {
    /// The application and session whose callbacks this operation's are.
    fn owner(&self) -> Owner;
    fn surface(&self) -> &'static Surface;
    /// The client's handle of the session (`MI_Operation_GetSession`).
    fn session_handle(&self) -> MI_Session;
    /// For messages.
    fn handler_name(&self) -> &str;
    /// Called once, when the operation is released.
    fn operation_released(self: Arc<Self>, serial: u64);
}

#[derive(Debug, Default)]
struct OpState {
    /// The handler's operation, once its start call has returned.
    handler_op: Option<Arc<dyn ProtocolOperation>>,
    started: bool,
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
    /// The handler's operation is closed (or being closed): nothing more goes to it.
    released: bool,
    /// Calls into the handler's operation under way outside the lock.
    in_flight: usize,
}

impl std::fmt::Debug for dyn ProtocolOperation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProtocolOperation")
    }
}

/// One `MI_Operation`.
pub(crate) struct Operation {
    serial: u64,
    parent: Arc<dyn OperationParent>,
    kind: ResultKind,
    manual_ack: bool,
    sync: bool,
    client: OperationCallbacks,
    key: OnceLock<Key>,
    state: Mutex<OpState>,
    ready: Condvar,
}

impl std::fmt::Debug for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Operation({}, {:?})", self.serial, self.kind)
    }
}

static NEXT_SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A call into the handler under way; see [`Operation::call_handler`].
struct InFlight<'a>(&'a Operation);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.lock().in_flight -= 1;
        self.0.try_release();
    }
}

impl Operation {
    /// A new operation of `parent`; the callbacks decide synchronous or asynchronous.
    pub(crate) fn new(
        parent: Arc<dyn OperationParent>,
        kind: ResultKind,
        flags: MI_Uint32,
        client: OperationCallbacks,
    ) -> Arc<Operation> {
        Arc::new(Operation {
            serial: NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            parent,
            kind,
            manual_ack: flags & MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS != 0,
            sync: !client.has_result_callback(kind),
            client,
            key: OnceLock::new(),
            state: Mutex::new(OpState::default()),
            ready: Condvar::new(),
        })
    }

    pub(crate) fn serial(&self) -> u64 {
        self.serial
    }

    /// The client's handle of this operation's session.
    pub(crate) fn session_handle(&self) -> MI_Session {
        self.parent.session_handle()
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
            ft: self.parent.surface().operation(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, OpState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts the operation on the handler's session.
    pub(crate) fn start(self: &Arc<Self>, session: &dyn ProtocolSession, start: Start<'_>) {
        let sink: Arc<dyn Sink> = self.clone();
        let handler_op: Arc<dyn ProtocolOperation> = session.start(start, sink).into();
        let cancel = {
            let mut st = self.lock();
            st.started = true;
            st.handler_op = Some(handler_op.clone());
            match st.cancel_pending.take() {
                Some(reason) if !st.final_received => {
                    st.cancel_sent = true;
                    Some(reason)
                }
                _ => None,
            }
        };
        if let Some(reason) = cancel {
            self.call_handler(|_| Some(()), |()| handler_op.cancel(reason));
        }
        self.try_release();
    }

    /// Ends an operation that has no handler session to start on, with one final `code`.
    pub(crate) fn start_refused(self: &Arc<Self>, code: MI_Result) {
        struct Refusing(MI_Result);
        impl ProtocolSession for Refusing {
            fn start(&self, start: Start<'_>, sink: Arc<dyn Sink>) -> Box<dyn ProtocolOperation> {
                sink.push(Event::Result {
                    kind: start.request.result_kind(),
                    data: ResultData::final_with(self.0),
                    ack: Ack::none(),
                });
                Box::new(crate::protocol::embedded::Done)
            }
            fn close(&self, done: Option<crate::protocol::Done>) {
                if let Some(done) = done {
                    done();
                }
            }
        }
        let request = match self.kind {
            ResultKind::Instance => crate::protocol::Request::TestConnection,
            ResultKind::Indication => crate::protocol::Request::Subscribe {
                namespace: None,
                dialect: None,
                query: None,
                delivery: None,
            },
            ResultKind::Class => crate::protocol::Request::GetClass {
                namespace: None,
                class: None,
            },
        };
        self.start(
            &Refusing(code),
            Start {
                flags: 0,
                options: None,
                request,
            },
        );
    }

    /// The one way to call the handler's operation: takes what the call needs out of the
    /// state and counts the call in flight, in one lock, unless the handler's operation is
    /// already released (then whatever `take` produced is dropped, never sent). Returns
    /// false when `take` found nothing.
    fn call_handler<T>(&self, take: impl FnOnce(&mut OpState) -> Option<T>, call: impl FnOnce(T)) -> bool {
        let value = {
            let mut st = self.lock();
            let Some(value) = take(&mut st) else {
                return false;
            };
            if st.released {
                return true;
            }
            st.in_flight += 1;
            value
        };
        let _in_flight = InFlight(self);
        call(value);
        true
    }

    /// Routes one event from the handler, delivering it (and whatever queues up meanwhile)
    /// unless another thread is already delivering for this operation.
    fn route(&self, event: Event) {
        let mut st = self.lock();
        if st.released {
            drop(st);
            log::error!(
                "protocol handler {:?} sent an event for an operation it already closed; ignored",
                self.parent.handler_name()
            );
            return;
        }
        let event = match event {
            Event::Result { kind, data, ack } => {
                if kind != self.kind {
                    // A result through the wrong callback would hand the client an object
                    // of the wrong type: dropped; a final one becomes a final FAILED.
                    drop(st);
                    log::error!(
                        "protocol handler {:?} delivered a {kind:?} result for an operation of {:?} results; dropped",
                        self.parent.handler_name(),
                        self.kind
                    );
                    if data.more {
                        self.call_handler(|_| Some(ack), Ack::send);
                        return;
                    }
                    return self.route(Event::Result {
                        kind: self.kind,
                        data: ResultData::final_with(MI_RESULT_FAILED),
                        ack,
                    });
                }
                if st.final_received {
                    drop(st);
                    log::error!("protocol handler delivered a result after the final one; ignored");
                    self.call_handler(|_| Some(ack), Ack::send);
                    return;
                }
                if !data.more {
                    st.final_received = true;
                }
                if st.client_closed && (self.sync || data.more) {
                    // Closed before the end: drain inside the library.
                    drop(st);
                    self.call_handler(|_| Some(ack), Ack::send);
                    self.try_release();
                    return;
                }
                if self.sync {
                    st.pulled.push_back((data, ack));
                    self.ready.notify_all();
                    return;
                }
                Event::Result { kind, data, ack }
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

    /// Calls the client for one event, with no lock held. Runs only on the deliverer
    /// (`delivering` set), so the handler's operation stays open for the acknowledgements
    /// sent here.
    fn deliver(&self, event: Event) {
        let owner = self.parent.owner();
        let surface = self.parent.surface();
        let mut handle = self.handle();
        let op: *mut MI_Operation = &mut handle;
        match event {
            Event::Result { data, ack, .. } => {
                let last = !data.more;
                let ack = if self.manual_ack {
                    self.park(|st| &mut st.client_ack, ack)
                } else {
                    Some(ack)
                };
                let client_ack = if ack.is_none() {
                    Some(surface.acks.result)
                } else {
                    None
                };
                self.client.result(owner, self.kind, op, &data, client_ack);
                if let Some(ack) = ack {
                    ack.send();
                }
                if last {
                    self.lock().final_delivered = true;
                }
            }
            Event::Message { channel, text } => self.client.message(owner, op, channel, text.ptr()),
            Event::Progress {
                activity,
                current,
                status,
                percent,
                seconds,
            } => self.client.progress(
                owner,
                op,
                activity.ptr(),
                current.ptr(),
                status.ptr(),
                percent,
                seconds,
            ),
            // Nobody to ask (no callback, or the client closed the operation): go on.
            Event::WriteError {
                instance,
                reply,
                report,
            } => {
                if !self.client.has_write_error() {
                    return reply.send(MI_OperationCallback_ResponseType_Yes);
                }
                if report {
                    self.client.write_error(owner, op, instance.0.cast_mut(), None);
                    return reply.send(MI_OperationCallback_ResponseType_Yes);
                }
                match self.park(|st| &mut st.error_reply, reply) {
                    None => self.client.write_error(
                        owner,
                        op,
                        instance.0.cast_mut(),
                        Some(surface.acks.write_error),
                    ),
                    Some(reply) => reply.send(MI_OperationCallback_ResponseType_Yes),
                }
            }
            Event::Prompt {
                message,
                prompt_type,
                reply,
                report,
            } => {
                if !self.client.has_prompt() {
                    return reply.send(MI_OperationCallback_ResponseType_Yes);
                }
                if report {
                    self.client.prompt(owner, op, message.ptr(), prompt_type, None);
                    return reply.send(MI_OperationCallback_ResponseType_Yes);
                }
                match self.park(|st| &mut st.prompt_reply, reply) {
                    None => {
                        self.client
                            .prompt(owner, op, message.ptr(), prompt_type, Some(surface.acks.prompt))
                    }
                    Some(reply) => reply.send(MI_OperationCallback_ResponseType_Yes),
                }
            }
            Event::Streamed {
                name,
                value_type,
                value,
                ack,
            } => {
                if !self.client.has_streamed() {
                    return ack.send();
                }
                let ack = if self.manual_ack {
                    self.park(|st| &mut st.streamed_ack, ack)
                } else {
                    Some(ack)
                };
                let client_ack = if ack.is_none() {
                    Some(surface.acks.streamed)
                } else {
                    None
                };
                self.client
                    .streamed(owner, op, name.ptr(), value_type, value.0, client_ack);
                if let Some(ack) = ack {
                    ack.send();
                }
            }
        }
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
    /// and the client has closed the operation (and nobody is delivering or calling in).
    fn try_release(&self) {
        let handler_op = {
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
            // Whatever the client never answered is abandoned with the operation.
            st.queue.clear();
            st.handler_op.take()
        };
        if let Some(op) = handler_op {
            op.close();
        }
        self.parent.clone().operation_released(self.serial);
    }

    /// `MI_Operation_Cancel`: idempotent; the final result still comes.
    pub(crate) fn cancel(&self, reason: MI_CancellationReason) {
        self.call_handler(
            |st| {
                if st.final_received || st.cancel_sent {
                    None
                } else if !st.started {
                    st.cancel_pending.get_or_insert(reason);
                    None
                } else {
                    st.cancel_sent = true;
                    st.handler_op.clone()
                }
            },
            |op| op.cancel(reason),
        );
    }

    /// `MI_Operation_Close`: never blocks. Unfinished work is cancelled, pending results are
    /// acknowledged inside the library, and the handle is retired.
    pub(crate) fn close(&self) -> MiResult {
        let mut already_closed = false;
        self.call_handler(
            |st| {
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
                    st.handler_op.clone()
                };
                self.ready.notify_all();
                Some((acks, replies, cancel))
            },
            |(acks, replies, cancel)| {
                // Cancel first: a handler may hold the final result back until its
                // outstanding acknowledgement, which the acks below then release.
                if let Some(op) = cancel {
                    op.cancel(MI_REASON_NONE);
                }
                for reply in replies {
                    reply.send(MI_OperationCallback_ResponseType_No);
                }
                for ack in acks {
                    ack.send();
                }
            },
        );
        if already_closed {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        if let Some(key) = self.key.get() {
            HANDLES.remove::<OperationKind>(*key);
        }
        self.try_release();
        Ok(())
    }

    /// Cancels on behalf of a closing session or application.
    pub(crate) fn cancel_for_shutdown(&self) {
        self.cancel(MI_REASON_SHUTDOWN);
    }

    /// `MI_Operation_GetInstance/GetIndication/GetClass`: the next result of a synchronous
    /// operation, blocking until the handler delivers it. The previous result is
    /// acknowledged first; this one stays valid until the next pull or the close.
    pub(crate) fn pull(&self, kind: ResultKind) -> MiResult<ResultData> {
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
        // The previous result; may deliver the next one re-entrantly (it lands in `pulled`).
        self.call_handler(|st| st.current.take(), Ack::send);
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

    /// The client's `resultAcknowledgement` (manual-ack mode). A second call for the same
    /// result finds nothing pending: `MI_RESULT_INVALID_PARAMETER` (the reference crashes).
    pub(crate) fn acknowledge(&self) -> MiResult {
        self.call_handler(|st| st.client_ack.take(), Ack::send)
            .then_some(())
            .ok_or(MI_RESULT_INVALID_PARAMETER)
    }

    /// The client's acknowledgement of a streamed parameter.
    pub(crate) fn acknowledge_streamed(&self) -> MiResult {
        self.call_handler(|st| st.streamed_ack.take(), Ack::send)
            .then_some(())
            .ok_or(MI_RESULT_INVALID_PARAMETER)
    }

    /// The client's answer to a `promptUser`.
    pub(crate) fn answer_prompt(&self, response: MI_OperationCallback_ResponseType) -> MiResult {
        self.call_handler(|st| st.prompt_reply.take(), |r| r.send(response))
            .then_some(())
            .ok_or(MI_RESULT_INVALID_PARAMETER)
    }

    /// The client's answer to a `writeError`.
    pub(crate) fn answer_write_error(&self, response: MI_OperationCallback_ResponseType) -> MiResult {
        self.call_handler(|st| st.error_reply.take(), |r| r.send(response))
            .then_some(())
            .ok_or(MI_RESULT_INVALID_PARAMETER)
    }
}

impl Sink for Operation {
    fn push(&self, event: Event) {
        self.route(event);
    }
}

/// Ends an operation the library refuses before any handler sees it. With an out-pointer the
/// client gets a real operation that belongs to no session and holds the one final result
/// with `code`: delivered to the result callback of `kind` (asynchronous) or pulled
/// (synchronous), then closed with `MI_Operation_Close` like any other. Without one (or with
/// a full handle table) the result callback, when set, gets the final result on an inert
/// handle (calls on it return `MI_RESULT_INVALID_PARAMETER`). Either way the callback is one
/// of `owner` (so a blocking close inside it is refused).
pub(crate) fn reject(
    surface: &'static Surface,
    owner: Owner,
    kind: ResultKind,
    callbacks: &OperationCallbacks,
    out: Option<&mut dyn FnMut(MI_Operation)>,
    code: MI_Result,
) {
    if let Some(out) = out {
        let parent: Arc<dyn OperationParent> = Arc::new(Detached { owner, surface });
        let op = Operation::new(parent, kind, 0, *callbacks);
        match HANDLES.insert::<OperationKind>(op.clone()) {
            Ok(key) => {
                op.set_key(key);
                out(op.handle());
                op.start_refused(code);
                return;
            }
            Err(_) => {
                log::error!("refused operation: handle table full");
                out(surface.inert_operation());
            }
        }
    }
    let mut inert = surface.inert_operation();
    callbacks.result(owner, kind, &mut inert, &ResultData::final_with(code), None);
}

/// The parent of an operation refused before it reached a session (see [`reject`]).
struct Detached {
    owner: Owner,
    surface: &'static Surface,
}

impl OperationParent for Detached {
    fn owner(&self) -> Owner {
        self.owner
    }

    fn surface(&self) -> &'static Surface {
        self.surface
    }

    fn session_handle(&self) -> MI_Session {
        MI_Session {
            reserved1: 0,
            reserved2: 0,
            ft: self.surface.session(),
        }
    }

    fn handler_name(&self) -> &str {
        "(refused before any handler)"
    }

    fn operation_released(self: Arc<Self>, _serial: u64) {}
}

/// The reference wrappers' fallback for a NULL session or NULL `ft` (docs/ABI.md §6.1): one
/// final result with `MI_RESULT_INVALID_PARAMETER` and a NULL operation. The session is
/// unknown, so the callback's owner is too.
pub(crate) fn wrapper_fallback(kind: ResultKind, callbacks: &OperationCallbacks) {
    callbacks.result(
        Owner::UNKNOWN,
        kind,
        null_mut(),
        &ResultData::final_with(MI_RESULT_INVALID_PARAMETER),
        None,
    );
}
