//! One client operation served by providers: the provider calls it takes (one, or one per
//! registered subclass for a deep enumeration), the queue of what they post, and the pump
//! that hands it to the core one result at a time (the core acknowledges each before the
//! next: `crate::protocol`).
//!
//! * **Back-pressure.** A provider's `PostInstance` waits while [`WINDOW`] results are
//!   queued and not yet taken by the client, so a slow client bounds the memory a fast
//!   provider can fill.
//! * **Order.** The calls run one after another on the host's pool; the final result comes
//!   after the last one (or the first error). In a deep operation a subclass provider that
//!   answers `MI_RESULT_NOT_SUPPORTED` is skipped; when every one does, that is the final.
//! * **Cancel and close.** Cancelling drops what is queued, runs the provider's registered
//!   cancel callbacks and ends the operation at once with `MI_RESULT_FAILED` ("canceled");
//!   posts after that are refused with `MI_RESULT_FAILED`.
//!
//! No lock is held while provider or client code runs: the pump takes an item under the
//! lock and pushes it to the core after releasing it.

use super::context::{Context, CtxPtr, Question, Target};
use super::{Host, Sent, layout};
use crate::abi::*;
use crate::boundary::MiResult;
use crate::instance::value::OwnedInstance;
use crate::options::Options;
use crate::protocol::{Ack, Event, ProtocolOperation, Raw, Reply, ResultData, ResultKind, Sink, Text};
use crate::strings;
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, Weak};

/// Results a provider may have queued ahead of the client.
pub(crate) const WINDOW: usize = 64;

/// One provider call: runs on the pool with a fresh context, and either hands the context
/// to the provider (`Ok`) or fails before that.
pub(crate) type Call = Box<dyn FnOnce(&Arc<Op>, CtxPtr) -> MiResult + Send>;

/// How posted instances become what the client sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// As posted.
    Plain,
    /// An Invoke's output: out-parameters only, `MIReturn` renamed `ReturnValue`.
    Output,
    /// A class result: the call posts `MI_Class` objects itself (no instances).
    Class,
    /// A subscription: the provider posts indications (`PostIndication`), no instances.
    Indication,
}

enum Item {
    Instance(Sent),
    Indication {
        inst: Sent,
        bookmark: Option<Box<[MI_Char]>>,
    },
    Class(ClassObj),
    /// A streamed parameter value (`WriteStreamParameter`): like a result, it is in flight
    /// until the client acknowledges it.
    Streamed(Streamed),
    /// A message, progress report or question: handed on in order, no acknowledgement.
    Event(Event),
    Final {
        code: MI_Result,
        error: Option<Box<[MI_Char]>>,
        details: Option<Sent>,
    },
}

/// The library's copy of a streamed parameter.
struct Streamed {
    name: Box<[MI_Char]>,
    ty: MI_Type,
    value: crate::instance::value::Stored,
}
// SAFETY: the copy (and what its view points to) belongs to this value alone.
unsafe impl Send for Streamed {}

/// `__MI_OPERATIONOPTIONS_PROMPTUSERMODE` and friends (`MI_CallbackMode`).
const PROMPT_MODE: &str = "__MI_OPERATIONOPTIONS_PROMPTUSERMODE";
const PROMPT_ACK: &str = "__MI_OPERATIONOPTIONS_PROMPTUSERMODEREGULAR_ACKVALUE";
const WRITE_ERROR_MODE: &str = "__MI_OPERATIONOPTIONS_WRITEERRORMODE";

/// An `MI_Class` the host made for a class result; deleted through its own table.
pub(crate) struct ClassObj(pub(crate) *mut MI_Class);
// SAFETY: an object of the library, owned by this value alone.
unsafe impl Send for ClassObj {}
impl Drop for ClassObj {
    fn drop(&mut self) {
        // SAFETY: a live class this value owns.
        unsafe {
            if let Some(ft) = (*self.0).ft.as_ref()
                && let Some(del) = ft.Delete
            {
                del(self.0);
            }
        }
    }
}

#[derive(Default)]
struct State {
    queue: VecDeque<Item>,
    in_flight: Option<Item>,
    pumping: bool,
    repump: bool,
    final_queued: bool,
    canceled: bool,
    closed: bool,
    calls: VecDeque<Call>,
    ok_seen: bool,
    skipped: bool,
    current: Option<Weak<Context>>,
    /// Inputs handed to providers: kept until the operation ends.
    keep: Vec<Sent>,
    /// A live subscription (torn down at cancel).
    subscription: Option<Subscription>,
    /// A query's property list: posted instances keep only these and the keys.
    projection: Option<Arc<super::propset::PropertySet>>,
    filters: Vec<Arc<super::filter::Filter>>,
    /// Answers to questions, by ticket (taken by the provider thread that waits for it).
    answers: Vec<(u64, MI_OperationCallback_ResponseType)>,
    next_ticket: u64,
    /// A "to all" answer to prompts and to errors: later ones are answered without asking.
    prompts_all: Option<bool>,
    errors_all: Option<bool>,
}

pub(crate) struct Op {
    host: Arc<Host>,
    sink: Arc<dyn Sink>,
    kind: ResultKind,
    shape: Shape,
    deep: bool,
    /// The operation's namespace, given to results without one.
    ns_name: Option<strings::Name>,
    options: Option<Arc<Options>>,
    filter: Option<Arc<crate::wql::Query>>,
    st: Mutex<State>,
    cv: Condvar,
}

impl Op {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        host: Arc<Host>,
        sink: Arc<dyn Sink>,
        kind: ResultKind,
        shape: Shape,
        deep: bool,
        namespace: Option<String>,
        options: Option<Arc<Options>>,
        filter: Option<Arc<crate::wql::Query>>,
    ) -> Arc<Op> {
        Arc::new(Op {
            host,
            sink,
            kind,
            shape,
            deep,
            ns_name: namespace.as_deref().map(strings::Name::new),
            options,
            filter,
            st: Mutex::new(State::default()),
            cv: Condvar::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.st.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn host(&self) -> &Arc<Host> {
        &self.host
    }

    /// Keeps an input the provider reads until the operation ends.
    pub(crate) fn keep(&self, inst: OwnedInstance) -> *const MI_Instance {
        let p = inst.as_ptr();
        self.lock().keep.push(Sent(inst));
        p
    }

    /// Limits what the client receives to `props` (and the keys).
    pub(crate) fn project(&self, props: Option<Arc<super::propset::PropertySet>>) {
        self.lock().projection = props;
    }

    /// Keeps a filter providers were given until the operation ends.
    pub(crate) fn keep_filter(&self, f: Arc<super::filter::Filter>) {
        self.lock().filters.push(f);
    }

    /// Starts the calls (in order), or ends at once with `MI_RESULT_OK` when there are none.
    pub(crate) fn run(self: &Arc<Self>, calls: Vec<Call>) {
        self.lock().calls.extend(calls);
        self.next_call();
    }

    /// Ends the operation now with `code` (nothing reached a provider).
    pub(crate) fn fail(self: &Arc<Self>, code: MI_Result, message: Option<String>) {
        self.fail_with(code, message, None);
    }

    /// Ends the operation now with `code` and an error instance.
    fn fail_with(self: &Arc<Self>, code: MI_Result, message: Option<String>, details: Option<Sent>) {
        self.queue_final(code, message, details);
        self.pump();
    }

    /// Queues a class result (the call made it).
    pub(crate) fn post_class(self: &Arc<Self>, cls: ClassObj) -> MI_Result {
        {
            let mut st = self.lock();
            if st.final_queued {
                return MI_RESULT_FAILED;
            }
            st.queue.push_back(Item::Class(cls));
        }
        self.pump();
        MI_RESULT_OK
    }

    fn next_call(self: &Arc<Self>) {
        let call = {
            let mut st = self.lock();
            if st.final_queued {
                return;
            }
            st.calls.pop_front()
        };
        let Some(call) = call else {
            let (ok, skipped) = {
                let st = self.lock();
                (st.ok_seen, st.skipped)
            };
            let code = if !ok && skipped {
                MI_RESULT_NOT_SUPPORTED
            } else {
                MI_RESULT_OK
            };
            self.fail(code, None);
            return;
        };
        let op = self.clone();
        let guard = self.host.tracker.enter();
        let spawned = self.host.pool.spawn(move || {
            let _guard = guard;
            let target = Arc::new(OpTarget { op: op.clone() });
            match Context::open(target) {
                Ok((ctx, p)) => {
                    op.lock().current = Some(Arc::downgrade(&ctx));
                    if let Err(code) = call(&op, p) {
                        ctx.finish_by_host(code);
                    }
                }
                Err(code) => op.call_done(code, None, None),
            }
        });
        if spawned.is_err() {
            self.fail(MI_RESULT_FAILED, Some("the provider host is closing".into()));
        }
    }

    /// A call's final result.
    fn call_done(self: &Arc<Self>, code: MI_Result, message: Option<String>, details: Option<Sent>) {
        let next = {
            let mut st = self.lock();
            st.current = None;
            if st.final_queued {
                return;
            }
            match code {
                MI_RESULT_OK => {
                    st.ok_seen = true;
                    true
                }
                MI_RESULT_NOT_SUPPORTED if self.deep => {
                    st.skipped = true;
                    true
                }
                _ => false,
            }
        };
        if next {
            self.next_call();
        } else {
            self.fail_with(code, message, details);
        }
    }

    fn queue_final(&self, code: MI_Result, message: Option<String>, details: Option<Sent>) {
        let mut st = self.lock();
        if st.final_queued {
            return;
        }
        st.final_queued = true;
        st.calls.clear();
        let error = message.map(|m| {
            let mut v = strings::encode(&m).into_vec();
            if v.last() != Some(&0) {
                v.push(0);
            }
            v.into_boxed_slice()
        });
        st.queue.push_back(Item::Final { code, error, details });
        self.cv.notify_all();
    }

    fn post_instance(self: &Arc<Self>, inst: *const MI_Instance) -> MI_Result {
        if matches!(self.shape, Shape::Class | Shape::Indication) {
            log::error!("a provider posted an instance to an operation that takes none");
            return MI_RESULT_INVALID_PARAMETER;
        }
        self.post(inst, None)
    }

    fn post_indication(self: &Arc<Self>, inst: *const MI_Instance, bookmark: Option<String>) -> MI_Result {
        if self.shape != Shape::Indication {
            log::error!("a provider posted an indication to an operation that is not a subscription");
            return MI_RESULT_INVALID_PARAMETER;
        }
        self.post(inst, Some(bookmark))
    }

    /// Queues a copy of a posted instance (an indication when `bookmark` is `Some`).
    fn post(self: &Arc<Self>, inst: *const MI_Instance, bookmark: Option<Option<String>>) -> MI_Result {
        // SAFETY: the provider's live instance (MI API), valid during this call.
        let copy =
            match unsafe { layout::to_client(self.host.surface, inst, self.shape, self.ns_name.as_ref()) } {
                Ok(c) => c,
                Err(code) => {
                    log::error!("provider posted an instance that cannot be copied ({code})");
                    return code;
                }
            };
        if let Some(q) = &self.filter {
            // SAFETY: our own live copy.
            let row = unsafe { crate::wql::InstanceRow::new(copy.as_ptr()) };
            if !row.is_some_and(|r| q.matches(&r)) {
                return MI_RESULT_OK;
            }
        }
        let projection = self.lock().projection.clone();
        if let Some(props) = projection {
            // SAFETY: our own live copy.
            unsafe { project(copy.as_ptr(), &props) };
        }
        {
            let mut st = self.lock();
            while st.queue.len() >= WINDOW && !st.canceled && !st.final_queued && !st.closed {
                st = self.cv.wait(st).unwrap_or_else(PoisonError::into_inner);
            }
            if st.canceled || st.final_queued || st.closed {
                return MI_RESULT_FAILED;
            }
            st.queue.push_back(match bookmark {
                None => Item::Instance(Sent(copy)),
                Some(b) => Item::Indication {
                    inst: Sent(copy),
                    bookmark: b.map(|b| crate::strings::encode(&b)),
                },
            });
        }
        self.pump();
        MI_RESULT_OK
    }

    /// Hands queued items to the core, one at a time (re-entrant calls from inside an
    /// acknowledgement only mark that there is more to do).
    fn pump(self: &Arc<Self>) {
        {
            let mut st = self.lock();
            if st.pumping {
                st.repump = true;
                return;
            }
            st.pumping = true;
        }
        loop {
            let data = {
                let mut st = self.lock();
                if st.in_flight.is_none() {
                    if let Some(item) = st.queue.pop_front() {
                        let item = match item {
                            Item::Event(event) => {
                                self.cv.notify_all();
                                drop(st);
                                self.sink.push(event);
                                continue;
                            }
                            other => other,
                        };
                        let data = match &item {
                            Item::Instance(i) => result_data(i.as_ptr().cast(), true, MI_RESULT_OK, None),
                            Item::Class(c) => result_data(c.0.cast(), true, MI_RESULT_OK, None),
                            Item::Indication { inst, bookmark } => {
                                let mut d = result_data(inst.as_ptr().cast(), true, MI_RESULT_OK, None);
                                d.bookmark =
                                    Raw(bookmark.as_deref().map_or(std::ptr::null(), <[MI_Char]>::as_ptr));
                                d.machine_id = Raw(machine_id().as_ptr());
                                d
                            }
                            Item::Final { code, error, details } => {
                                let mut d = result_data(std::ptr::null(), false, *code, error.as_deref());
                                d.details = Raw(details
                                    .as_ref()
                                    .map_or(std::ptr::null(), |i| i.as_ptr().cast_const()));
                                d
                            }
                            Item::Streamed(v) => {
                                let event = Event::Streamed {
                                    name: Text::from_chars(&v.name),
                                    value_type: v.ty,
                                    value: Raw(v.value.view()),
                                    ack: Ack::new({
                                        let op = self.clone();
                                        move || op.acked()
                                    }),
                                };
                                st.in_flight = Some(item);
                                self.cv.notify_all();
                                drop(st);
                                self.sink.push(event);
                                continue;
                            }
                            Item::Event(_) => unreachable!("handed on above"),
                        };
                        st.in_flight = Some(item);
                        self.cv.notify_all();
                        Some(data)
                    } else {
                        None
                    }
                } else {
                    None
                }
            };
            match data {
                Some(data) => {
                    let op = self.clone();
                    self.sink.push(Event::Result {
                        kind: self.kind,
                        data,
                        ack: Ack::new(move || op.acked()),
                    });
                }
                None => {
                    let mut st = self.lock();
                    if st.repump {
                        st.repump = false;
                        continue;
                    }
                    st.pumping = false;
                    return;
                }
            }
        }
    }

    fn acked(self: &Arc<Self>) {
        let item = self.lock().in_flight.take();
        drop(item);
        self.pump();
    }

    /// Queues a message, progress report or question behind what the provider posted
    /// before it (so the client sees them in the provider's order).
    fn queue_event(self: &Arc<Self>, event: Event) -> MI_Result {
        {
            let mut st = self.lock();
            if st.final_queued || st.canceled || st.closed {
                return MI_RESULT_FAILED;
            }
            st.queue.push_back(Item::Event(event));
        }
        self.pump();
        MI_RESULT_OK
    }

    fn message(self: &Arc<Self>, channel: MI_Uint32, text: &[MI_Char]) {
        let _ = self.queue_event(Event::Message {
            channel,
            text: Text::from_chars(text),
        });
    }

    fn progress(
        self: &Arc<Self>,
        activity: &[MI_Char],
        current: &[MI_Char],
        status: &[MI_Char],
        pct: u32,
        secs: u32,
    ) {
        let _ = self.queue_event(Event::Progress {
            activity: Text::from_chars(activity),
            current: Text::from_chars(current),
            status: Text::from_chars(status),
            percent: pct,
            seconds: secs,
        });
    }

    /// A number option of the client's, when set.
    fn number_option(&self, name: &str) -> Option<MI_Uint32> {
        let name = strings::encode(name);
        let name = name.strip_suffix(&[0]).unwrap_or(&name);
        let found = self.options.as_ref()?.get(name).ok()?;
        match found.mi_type {
            // SAFETY: the member `mi_type` names.
            MI_UINT32 => Some(unsafe { found.value.uint32 }),
            // SAFETY: as above.
            MI_BOOLEAN => Some(u32::from(unsafe { found.value.boolean })),
            _ => None,
        }
    }

    /// Asks the client `question` and waits for the answer (the modes and defaults are in
    /// docs/STATUS.md, *Provider host*). `Err(MI_RESULT_FAILED)` when the operation was
    /// cancelled or ended before the answer came.
    fn ask(self: &Arc<Self>, question: Question) -> MiResult<bool> {
        let is_error = matches!(question, Question::Error(_));
        let (mode, auto) = if is_error {
            let mode = self.number_option(WRITE_ERROR_MODE);
            (mode.unwrap_or(MI_CALLBACKMODE_REPORT), true)
        } else {
            let auto = self.number_option(PROMPT_ACK).is_none_or(|v| v != 0);
            (
                self.number_option(PROMPT_MODE).unwrap_or(MI_CALLBACKMODE_INQUIRE),
                auto,
            )
        };
        let ticket = {
            let mut st = self.lock();
            if st.final_queued || st.canceled || st.closed {
                return Err(MI_RESULT_FAILED);
            }
            let all = if is_error { st.errors_all } else { st.prompts_all };
            if let Some(all) = all {
                return Ok(all);
            }
            st.next_ticket += 1;
            st.next_ticket
        };
        if mode == MI_CALLBACKMODE_IGNORE {
            return Ok(auto);
        }
        let report = mode != MI_CALLBACKMODE_INQUIRE;
        let op = self.clone();
        let event = match question {
            Question::Error(inst) => {
                let instance = Raw(inst.as_ptr().cast_const());
                // The reply keeps the error instance alive until the client has seen it.
                let reply = Reply::new(move |response| {
                    drop(inst);
                    op.answered(ticket, response);
                });
                Event::WriteError {
                    instance,
                    reply,
                    report,
                }
            }
            Question::Prompt { message, prompt_type } => Event::Prompt {
                message: Text::from_chars(&message),
                prompt_type,
                reply: Reply::new(move |response| op.answered(ticket, response)),
                report,
            },
        };
        if self.queue_event(event) != MI_RESULT_OK {
            return Err(MI_RESULT_FAILED);
        }
        let response = {
            let mut st = self.lock();
            loop {
                if let Some(i) = st.answers.iter().position(|(t, _)| *t == ticket) {
                    break Some(st.answers.swap_remove(i).1);
                }
                if st.canceled || st.closed {
                    break None;
                }
                st = self.cv.wait(st).unwrap_or_else(PoisonError::into_inner);
            }
        };
        let Some(response) = response else {
            return Err(MI_RESULT_FAILED);
        };
        if report {
            return Ok(auto);
        }
        let yes = response == MI_OperationCallback_ResponseType_Yes
            || response == MI_OperationCallback_ResponseType_YesToAll;
        let all = response == MI_OperationCallback_ResponseType_YesToAll
            || response == MI_OperationCallback_ResponseType_NoToAll;
        if all {
            let mut st = self.lock();
            if is_error {
                st.errors_all = Some(yes);
            } else {
                st.prompts_all = Some(yes);
            }
        }
        Ok(yes)
    }

    fn answered(&self, ticket: u64, response: MI_OperationCallback_ResponseType) {
        self.lock().answers.push((ticket, response));
        self.cv.notify_all();
    }

    /// `WriteStreamParameter`: a copy of the value goes to the client in order; like a
    /// posted instance it waits while the window is full.
    fn stream(self: &Arc<Self>, name: &[MI_Char], ty: MI_Type, value: &MI_Value) -> MI_Result {
        if !crate::instance::value::is_valid_type(ty) {
            return MI_RESULT_INVALID_PARAMETER;
        }
        // SAFETY: the provider's value of type `ty`, valid during this call (MI API).
        let stored =
            match unsafe { crate::instance::value::store(ty, value, crate::instance::value::Mode::Copy) } {
                Ok(Some(v)) => v,
                Ok(None) => return MI_RESULT_INVALID_PARAMETER,
                Err(code) => return code,
            };
        let mut n = name.to_vec();
        n.push(0);
        let item = Item::Streamed(Streamed {
            name: n.into_boxed_slice(),
            ty,
            value: stored,
        });
        {
            let mut st = self.lock();
            while st.queue.len() >= WINDOW && !st.canceled && !st.final_queued && !st.closed {
                st = self.cv.wait(st).unwrap_or_else(PoisonError::into_inner);
            }
            if st.canceled || st.final_queued || st.closed {
                return MI_RESULT_FAILED;
            }
            st.queue.push_back(item);
        }
        self.pump();
        MI_RESULT_OK
    }
}

fn result_data(
    object: *const std::ffi::c_void,
    more: bool,
    code: MI_Result,
    error: Option<&[MI_Char]>,
) -> ResultData {
    let mut d = ResultData::final_with(code);
    d.object = Raw(object);
    d.more = more;
    d.error = Raw(error.map_or(std::ptr::null(), <[MI_Char]>::as_ptr));
    d
}

/// The context target of one call.
struct OpTarget {
    op: Arc<Op>,
}

impl Target for OpTarget {
    fn post_instance(&self, inst: *const MI_Instance) -> MI_Result {
        self.op.post_instance(inst)
    }
    fn post_indication(&self, inst: *const MI_Instance, bookmark: Option<String>) -> MI_Result {
        self.op.post_indication(inst, bookmark)
    }
    fn post_result(&self, code: MI_Result, message: Option<String>, details: Option<Sent>) {
        self.op.call_done(code, message, details);
    }
    fn canceled(&self) -> bool {
        let st = self.op.lock();
        st.canceled || st.closed
    }
    fn message(&self, channel: MI_Uint32, text: &[MI_Char]) {
        self.op.message(channel, text);
    }
    fn progress(&self, activity: &[MI_Char], current: &[MI_Char], status: &[MI_Char], pct: u32, secs: u32) {
        self.op.progress(activity, current, status, pct, secs);
    }
    fn options(&self) -> Option<&Arc<Options>> {
        self.op.options.as_ref()
    }
    fn ask(&self, question: Question) -> MiResult<bool> {
        self.op.ask(question)
    }
    fn stream(&self, name: &[MI_Char], ty: MI_Type, value: &MI_Value) -> MI_Result {
        self.op.stream(name, ty, value)
    }
    fn local_session(&self) -> MiResult<MI_Session> {
        self.op.host.local.get(self.op.host.surface)
    }
}

/// What the core holds of a running operation.
pub(crate) struct OpHandle(pub(crate) Arc<Op>);

impl ProtocolOperation for OpHandle {
    fn cancel(&self, _reason: MI_CancellationReason) {
        let current = {
            let mut st = self.0.lock();
            if st.final_queued {
                return;
            }
            st.canceled = true;
            st.queue.clear();
            st.current.clone()
        };
        if let Some(ctx) = current.and_then(|w| w.upgrade()) {
            ctx.fire_cancel();
        }
        self.0
            .fail(MI_RESULT_FAILED, Some("the operation was canceled".into()));
        let sub = self.0.lock().subscription.take();
        if let Some(sub) = sub {
            let guard = self.0.host.tracker.enter();
            let spawned = self.0.host.pool.spawn(move || {
                let _guard = guard;
                sub.tear_down();
            });
            if spawned.is_err() {
                log::error!("a subscription could not be torn down: the provider host is closing");
            }
        }
    }

    fn close(&self) {
        // The inputs stay until the last context of the operation is gone (they live in
        // the operation, which its contexts keep): a cancelled provider may still read them.
        self.0.lock().closed = true;
        self.0.cv.notify_all();
    }
}

/// The machine ID of indications: this host's name.
fn machine_id() -> &'static [MI_Char] {
    static ID: std::sync::OnceLock<Box<[MI_Char]>> = std::sync::OnceLock::new();
    ID.get_or_init(|| strings::encode(&super::system_name()))
}

/// A live subscription: what `Unsubscribe` and `DisableIndications` need.
pub(crate) struct Subscription {
    pub(crate) provider: Arc<super::module::ClassProvider>,
    /// The indications context (the call's context, alive until its final result).
    pub(crate) indications: CtxPtr,
    pub(crate) id: MI_Uint64,
    pub(crate) sub_self: usize,
    pub(crate) namespace: crate::strings::Name,
    pub(crate) class: crate::strings::Name,
}

impl Subscription {
    /// `Unsubscribe`, then `DisableIndications` on the indications context (the provider
    /// posts its final result there).
    pub(crate) fn tear_down(self) {
        let p = &self.provider;
        // SAFETY: the provider's table (static data of a loaded library).
        let ft = unsafe { &*p.ft };
        if let Some(unsubscribe) = ft.Unsubscribe {
            let code = super::context::control_call("Unsubscribe", super::module::LOAD_TIMEOUT, |ctx| {
                // SAFETY: the provider's function with its self, a live context and the
                // subscription's own values.
                unsafe {
                    unsubscribe(
                        p.self_,
                        ctx,
                        self.namespace.as_ptr(),
                        self.class.as_ptr(),
                        self.id,
                        self.sub_self as *mut std::ffi::c_void,
                    )
                }
            });
            if code != MI_RESULT_OK {
                log::warn!("Unsubscribe of {} returned {code}", self.class.as_str());
            }
        }
        if let Some(disable) = ft.DisableIndications {
            // SAFETY: the indications context is still live (the provider ends it here).
            unsafe {
                disable(
                    p.self_,
                    self.indications.0,
                    self.namespace.as_ptr(),
                    self.class.as_ptr(),
                )
            };
        }
    }
}

impl Op {
    /// Records a subscription once the provider accepted it; `false` when the operation
    /// already ended (the caller tears the subscription down itself).
    pub(crate) fn subscribed(&self, sub: Subscription) -> Result<(), Subscription> {
        let mut st = self.lock();
        if st.final_queued {
            return Err(sub);
        }
        st.subscription = Some(sub);
        Ok(())
    }
}

/// Sets every property of `inst` that is neither a key nor in `props` to NULL.
///
/// # Safety
/// `inst` is a live instance of ours.
unsafe fn project(inst: *mut MI_Instance, props: &super::propset::PropertySet) {
    // SAFETY: our own live instance through its own table.
    unsafe {
        let ft = &*(*inst).ft;
        let (Some(count), Some(at), Some(clear)) = (ft.GetElementCount, ft.GetElementAt, ft.ClearElementAt)
        else {
            return;
        };
        let mut n = 0;
        if count(inst, &mut n) != MI_RESULT_OK {
            return;
        }
        for i in 0..n {
            let mut name: *const MI_Char = std::ptr::null();
            let (mut ty, mut flags) = (0, 0);
            let mut v = crate::instance::value::zero_value();
            if at(inst, i, &mut name, &mut v, &mut ty, &mut flags) != MI_RESULT_OK || flags & MI_FLAG_KEY != 0
            {
                continue;
            }
            let Ok(chars) = strings::c_chars(name) else {
                continue;
            };
            if !props.contains(chars) {
                clear(inst, i);
            }
        }
    }
}
