//! Protocol handlers (docs/SPEC.md §6) behind one Rust interface. The core (applications,
//! sessions, operations) talks to every handler through the traits below; handlers talk
//! back through [`Sink`] (an operation's events) and [`SessionEvents`].
//!
//! * [`embedded`]: the built-in default local handler, native Rust.
//! * [`plugin`]: the adapter for OMI-style C plug-ins (a shared library whose entry point
//!   has the signature of `MI_Application_InitializeV1` and whose tables implement the
//!   session and operation slots). Existing handlers load unchanged behind it.
//!
//! This module defines the interface only; it imports nothing from the state machines
//! above it (they implement [`Sink`] and [`SessionEvents`]).
//!
//! Rules every handler follows and the core relies on:
//! * `ProtocolSession::start` may deliver events inline (from inside `start`), from other
//!   threads, or re-entrantly from inside an acknowledgement; the core serializes them.
//! * The core always asks for manual acknowledgement: after a result the handler sends the
//!   next one only when that result's [`Ack`] has been called.
//! * Exactly one final result per operation. The core calls `ProtocolOperation::close`
//!   exactly once, after the final result and after every acknowledgement, answer and
//!   cancel it sends has returned; after `close` it calls nothing of that operation.
//! * `ProtocolSession::close` comes after every operation of the session is closed;
//!   `Protocol::close` after every session is closed. Nothing reaches a handler after its
//!   `close`.

pub(crate) mod embedded;
pub(crate) mod plugin;

use crate::abi::*;
use crate::boundary::MiResult;
use crate::options::Options;
use std::ffi::c_void;
use std::ptr::null;
use std::sync::Arc;

/// Name of the built-in handler: the default local handler when the configuration file
/// names none.
pub(crate) const EMBEDDED_NAME: &str = "MI_EMBEDDED";

/// A loaded protocol handler of one application.
pub(crate) trait Protocol: Send + Sync {
    /// Opens a handler session for `request`.
    fn new_session(&self, request: SessionRequest<'_>) -> MiResult<Arc<dyn ProtocolSession>>;
    /// The application is closing: its operations were cancelled and it now waits for its
    /// sessions. A handler that holds sessions of its own application (the provider host's
    /// local session) closes them here.
    fn closing(&self) {}
    /// Ends the handler: it joins its threads and is unloaded. Called once, after every
    /// session of it is closed.
    fn close(&self);
    /// The handler's hosted providers, when it hosts providers in-process (the built-in
    /// provider host); `None` for every other handler.
    fn hosted(&self) -> Option<&dyn HostedProviders> {
        None
    }
}

/// A handler that serves providers linked into the client (`MI_Application_NewHostedProvider`).
pub(crate) trait HostedProviders {
    /// Serves the provider `main` in `namespace`; `application` is the client's handle of
    /// the application (for `MI_HostedProvider_GetApplication`). Returns the key of the new
    /// `MI_HostedProvider` handle.
    fn add(
        &self,
        namespace: &str,
        name: &str,
        main: unsafe extern "C" fn(*mut MI_Server) -> *mut MI_Module,
        application: MI_Application,
    ) -> MiResult<crate::handles::Key>;
}

/// What `MI_Application_NewSession` asks of a handler (strings already checked).
pub(crate) struct SessionRequest<'a> {
    /// The handler's name (what the client passed, or the configured default).
    pub(crate) protocol: &'a str,
    pub(crate) destination: Option<&'a str>,
    /// The library's own copy of the client's destination options.
    pub(crate) options: Option<&'a Arc<Options>>,
    /// Where session-level messages go.
    pub(crate) events: Arc<dyn SessionEvents>,
    /// Why the handler refused the session, if it says: the message of the extended
    /// error `MI_Application_NewSession` hands the client with the handler's code.
    pub(crate) refusal: &'a Refusal,
}

/// The reason a handler gives for refusing a `NewSession` (set before it returns its
/// error code).
#[derive(Default)]
pub(crate) struct Refusal(std::sync::Mutex<Option<String>>);

impl Refusal {
    pub(crate) fn set(&self, message: String) {
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(message);
    }

    pub(crate) fn take(&self) -> Option<String> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

/// Session-level callbacks (`MI_SessionCallbacks`) as the handler sees them.
pub(crate) trait SessionEvents: Send + Sync {
    /// `text` is NULL or a NUL-terminated string valid during the call.
    fn message(&self, channel: MI_Uint32, text: *const MI_Char);
    /// `instance` is valid during the call.
    fn error(&self, instance: *mut MI_Instance);
}

/// One open handler session.
pub(crate) trait ProtocolSession: Send + Sync {
    /// Starts an operation; its events go to `sink`. The pointers in `start` (instances)
    /// are valid only during this call.
    fn start(&self, start: Start<'_>, sink: Arc<dyn Sink>) -> Box<dyn ProtocolOperation>;
    /// Closes the session. `done == None`: synchronously, returns when closed.
    /// `Some(done)`: may return at once; `done` runs exactly once when closed.
    fn close(&self, done: Option<Done>);
}

/// A session close's completion.
pub(crate) type Done = Box<dyn FnOnce() + Send>;

/// One running handler operation.
pub(crate) trait ProtocolOperation: Send + Sync {
    /// Asks the handler to stop; the final result still comes.
    fn cancel(&self, reason: MI_CancellationReason);
    /// Releases the handler's operation (after its final result).
    fn close(&self);
}

/// An operation to start, with the library's own copies of the options.
pub(crate) struct Start<'a> {
    /// The client's flags, plus `MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS` (always set).
    pub(crate) flags: MI_Uint32,
    pub(crate) options: Option<&'a Arc<Options>>,
    pub(crate) request: Request<'a>,
}

/// A client instance argument: valid only during `ProtocolSession::start`.
pub(crate) type InstanceArg = Raw<MI_Instance>;

/// The 13 operation kinds, with their arguments checked (strings are valid text).
#[derive(Debug)]
pub(crate) enum Request<'a> {
    GetInstance {
        namespace: Option<&'a str>,
        instance: InstanceArg,
    },
    ModifyInstance {
        namespace: Option<&'a str>,
        instance: InstanceArg,
    },
    CreateInstance {
        namespace: Option<&'a str>,
        instance: InstanceArg,
    },
    DeleteInstance {
        namespace: Option<&'a str>,
        instance: InstanceArg,
    },
    Invoke {
        namespace: Option<&'a str>,
        class: Option<&'a str>,
        method: Option<&'a str>,
        instance: InstanceArg,
        parameters: InstanceArg,
    },
    EnumerateInstances {
        namespace: Option<&'a str>,
        class: Option<&'a str>,
        keys_only: bool,
    },
    QueryInstances {
        namespace: Option<&'a str>,
        dialect: Option<&'a str>,
        query: Option<&'a str>,
    },
    AssociatorInstances {
        namespace: Option<&'a str>,
        instance: InstanceArg,
        assoc_class: Option<&'a str>,
        result_class: Option<&'a str>,
        role: Option<&'a str>,
        result_role: Option<&'a str>,
        keys_only: bool,
    },
    ReferenceInstances {
        namespace: Option<&'a str>,
        instance: InstanceArg,
        result_class: Option<&'a str>,
        role: Option<&'a str>,
        keys_only: bool,
    },
    Subscribe {
        namespace: Option<&'a str>,
        dialect: Option<&'a str>,
        query: Option<&'a str>,
        delivery: Option<&'a Arc<Options>>,
    },
    GetClass {
        namespace: Option<&'a str>,
        class: Option<&'a str>,
    },
    EnumerateClasses {
        namespace: Option<&'a str>,
        class: Option<&'a str>,
        names_only: bool,
    },
    TestConnection,
}

impl Request<'_> {
    /// Which result callback the operation reports through (docs/ABI.md §4.2).
    pub(crate) fn result_kind(&self) -> ResultKind {
        match self {
            Request::Subscribe { .. } => ResultKind::Indication,
            Request::GetClass { .. } | Request::EnumerateClasses { .. } => ResultKind::Class,
            _ => ResultKind::Instance,
        }
    }
}

/// Which result callback an operation kind reports through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResultKind {
    Instance,
    Indication,
    Class,
}

/// Where a handler sends an operation's events (implemented by the operation state
/// machine). Callable from any thread, inline or re-entrantly.
pub(crate) trait Sink: Send + Sync {
    fn push(&self, event: Event);
}

/// A pointer that the handler keeps valid until the event that carried it is acknowledged
/// or answered.
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
// until the acknowledgement; the core only passes the pointer on.
unsafe impl<T> Send for Raw<T> {}
// SAFETY: as above; nothing is read through `&Raw`.
unsafe impl<T> Sync for Raw<T> {}

impl<T> Raw<T> {
    pub(crate) fn null() -> Raw<T> {
        Raw(null())
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
    /// A final result with `code` and nothing else.
    pub(crate) fn final_with(code: MI_Result) -> ResultData {
        ResultData {
            object: Raw::null(),
            bookmark: Raw::null(),
            machine_id: Raw::null(),
            more: false,
            code,
            error: Raw::null(),
            details: Raw::null(),
        }
    }
}

/// A NUL-terminated copy of a handler string that is valid only during its call.
#[derive(Debug)]
pub(crate) struct Text(Option<Box<[MI_Char]>>);

impl Text {
    /// # Safety
    /// `s` is NULL or NUL-terminated (and readable up to the NUL).
    pub(crate) unsafe fn copy(s: *const MI_Char) -> Text {
        if s.is_null() {
            return Text(None);
        }
        let mut len = 0;
        // SAFETY: readable up to the NUL, by this function's contract.
        while unsafe { *s.add(len) } != 0 {
            len += 1;
        }
        // SAFETY: `len + 1` characters were just read.
        Text(Some(unsafe { std::slice::from_raw_parts(s, len + 1) }.into()))
    }

    /// A copy of `chars` (without or with a trailing NUL), NUL-terminated.
    pub(crate) fn from_chars(chars: &[MI_Char]) -> Text {
        let mut v = chars.to_vec();
        if v.last() != Some(&0) {
            v.push(0);
        }
        Text(Some(v.into_boxed_slice()))
    }

    pub(crate) fn ptr(&self) -> *const MI_Char {
        self.0.as_ref().map_or(null(), |v| v.as_ptr())
    }
}

/// The handler's continuation for one result or streamed parameter: called at most once,
/// by the core only (never after the handler's operation is closed).
pub(crate) struct Ack(Option<Box<dyn FnOnce() + Send>>);

impl Ack {
    pub(crate) fn new(f: impl FnOnce() + Send + 'static) -> Ack {
        Ack(Some(Box::new(f)))
    }

    /// A result that needs no acknowledgement.
    pub(crate) fn none() -> Ack {
        Ack(None)
    }

    /// Tells the handler the result is consumed (it may send the next one, even from
    /// inside this call).
    pub(crate) fn send(self) {
        if let Some(f) = self.0 {
            f();
        }
    }
}

impl std::fmt::Debug for Ack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Ack" } else { "Ack(none)" })
    }
}

/// The handler's continuation for a `promptUser` or `writeError`: called at most once.
pub(crate) struct Reply(Option<Box<dyn FnOnce(MI_OperationCallback_ResponseType) + Send>>);

impl Reply {
    pub(crate) fn new(f: impl FnOnce(MI_OperationCallback_ResponseType) + Send + 'static) -> Reply {
        Reply(Some(Box::new(f)))
    }

    pub(crate) fn none() -> Reply {
        Reply(None)
    }

    pub(crate) fn send(self, response: MI_OperationCallback_ResponseType) {
        if let Some(f) = self.0 {
            f(response);
        }
    }
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Reply" } else { "Reply(none)" })
    }
}

/// One event from a handler for an operation.
#[derive(Debug)]
pub(crate) enum Event {
    /// A result through the result callback of `kind` (a handler may use the wrong one;
    /// the core refuses such results).
    Result {
        kind: ResultKind,
        data: ResultData,
        ack: Ack,
    },
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
    /// `report`: the client is told but not asked (`MI_CALLBACKMODE_REPORT`): its callback
    /// gets a NULL `writeErrorResult` and the core sends `reply` (`Yes`) itself once the
    /// callback returned. Otherwise the client's answer goes to `reply`.
    WriteError {
        instance: Raw<MI_Instance>,
        reply: Reply,
        report: bool,
    },
    /// `report` as for `WriteError` (`promptUserResult` is NULL).
    Prompt {
        message: Text,
        prompt_type: MI_PromptType,
        reply: Reply,
        report: bool,
    },
    Streamed {
        name: Text,
        value_type: MI_Type,
        value: Raw<MI_Value>,
        ack: Ack,
    },
}

/// Loads the plug-in handler called `name` that the configuration file declares (the
/// built-in `MI_EMBEDDED`, the provider host, is made by the application: `crate::host`). `app_id` is the client's application ID (NUL-terminated
/// `MI_Char`s), passed to plug-ins as the reference does.
pub(crate) fn load(
    name: &str,
    config: &crate::config::Config,
    app_id: &[MI_Char],
    surface: &'static crate::surface::Surface,
) -> MiResult<Arc<dyn Protocol>> {
    if let Some(spec) = config.handler(name) {
        return Ok(Arc::new(plugin::Plugin::load(spec, app_id, surface)?));
    }
    log::error!("MI_Application_NewSession: no protocol handler named {name:?}");
    Err(MI_RESULT_NOT_FOUND)
}
