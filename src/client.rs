//! Every call the library makes into client code: operation callbacks, session callbacks
//! and the completion of an asynchronous `MI_Session_Close`. The client's function
//! pointers are kept in the wrappers below, whose fields are private: the only way to call
//! one is a method here, and every method runs the call through [`callback::deliver`], so
//! the in-callback record is set for every callback the library delivers, for any reason
//! (docs/SPEC.md §3.2, §4.2, §5.6). `tests/layering.rs` checks that no other module calls a client
//! callback field.
//!
//! Contract for the whole module: the client gave these function pointers and contexts
//! to be called, from any thread, with the arguments their typedefs declare
//! (docs/ABI.md §4). The pointers passed along are valid for the duration of the call;
//! the library holds no lock while calling.

use crate::abi::*;
use crate::callback::{self, Owner};
use crate::protocol::{ResultData, ResultKind};
use crate::surface::{AckFn, ReplyFn};
use std::ffi::c_void;
use std::ptr::null_mut;

/// A client's `MI_OperationCallbacks`, copied at the start of an operation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OperationCallbacks(MI_OperationCallbacks);

// SAFETY: a context pointer and function pointers that the client gave us to call from any
// thread (the MI API delivers callbacks on library or handler threads); read-only.
unsafe impl Send for OperationCallbacks {}
// SAFETY: as above.
unsafe impl Sync for OperationCallbacks {}

impl OperationCallbacks {
    /// The client's callbacks; `None` (a NULL pointer) is an all-NULL set.
    pub(crate) fn new(callbacks: Option<MI_OperationCallbacks>) -> OperationCallbacks {
        OperationCallbacks(callbacks.unwrap_or(MI_OperationCallbacks {
            callbackContext: null_mut(),
            promptUser: None,
            writeError: None,
            writeMessage: None,
            writeProgress: None,
            instanceResult: None,
            indicationResult: None,
            classResult: None,
            streamedParameterResult: None,
        }))
    }

    /// Whether results of `kind` go to a callback (asynchronous) or are pulled.
    pub(crate) fn has_result_callback(&self, kind: ResultKind) -> bool {
        match kind {
            ResultKind::Instance => self.0.instanceResult.is_some(),
            ResultKind::Indication => self.0.indicationResult.is_some(),
            ResultKind::Class => self.0.classResult.is_some(),
        }
    }

    pub(crate) fn has_write_error(&self) -> bool {
        self.0.writeError.is_some()
    }

    pub(crate) fn has_prompt(&self) -> bool {
        self.0.promptUser.is_some()
    }

    pub(crate) fn has_streamed(&self) -> bool {
        self.0.streamedParameterResult.is_some()
    }

    /// One result (or the final) through the result callback of `kind`, if set.
    pub(crate) fn result(
        &self,
        owner: Owner,
        kind: ResultKind,
        op: *mut MI_Operation,
        data: &ResultData,
        ack: Option<AckFn>,
    ) {
        let cb = &self.0;
        let ctx = cb.callbackContext;
        let more = MI_Boolean::from(data.more);
        callback::deliver(owner, || {
            // SAFETY: the client's callback, called as its typedef declares (module
            // contract); the result's pointers stay valid until it is acknowledged.
            unsafe {
                match kind {
                    ResultKind::Instance => {
                        if let Some(f) = cb.instanceResult {
                            f(
                                op,
                                ctx,
                                data.object.0.cast(),
                                more,
                                data.code,
                                data.error.0,
                                data.details.0,
                                ack,
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
                                more,
                                data.code,
                                data.error.0,
                                data.details.0,
                                ack,
                            );
                        }
                    }
                    ResultKind::Class => {
                        if let Some(f) = cb.classResult {
                            f(
                                op,
                                ctx,
                                data.object.0.cast(),
                                more,
                                data.code,
                                data.error.0,
                                data.details.0,
                                ack,
                            );
                        }
                    }
                }
            }
        });
    }

    /// `writeMessage`, if set.
    pub(crate) fn message(
        &self,
        owner: Owner,
        op: *mut MI_Operation,
        channel: MI_Uint32,
        text: *const MI_Char,
    ) {
        if let Some(f) = self.0.writeMessage {
            // SAFETY: the client's callback (module contract); `text` lives across the call.
            callback::deliver(owner, || unsafe { f(op, self.0.callbackContext, channel, text) });
        }
    }

    /// `writeProgress`, if set.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn progress(
        &self,
        owner: Owner,
        op: *mut MI_Operation,
        activity: *const MI_Char,
        current: *const MI_Char,
        status: *const MI_Char,
        percent: MI_Uint32,
        seconds: MI_Uint32,
    ) {
        if let Some(f) = self.0.writeProgress {
            // SAFETY: the client's callback (module contract); the strings live across it.
            callback::deliver(owner, || unsafe {
                f(
                    op,
                    self.0.callbackContext,
                    activity,
                    current,
                    status,
                    percent,
                    seconds,
                )
            });
        }
    }

    /// `writeError` (the caller checked that it is set); `reply` NULL in report mode.
    pub(crate) fn write_error(
        &self,
        owner: Owner,
        op: *mut MI_Operation,
        instance: *mut MI_Instance,
        reply: Option<ReplyFn>,
    ) {
        if let Some(f) = self.0.writeError {
            // SAFETY: the client's callback (module contract); the instance stays valid
            // until the client answers.
            callback::deliver(owner, || unsafe {
                f(op, self.0.callbackContext, instance, reply)
            });
        }
    }

    /// `promptUser` (the caller checked that it is set); `reply` NULL in report mode.
    pub(crate) fn prompt(
        &self,
        owner: Owner,
        op: *mut MI_Operation,
        message: *const MI_Char,
        prompt_type: MI_PromptType,
        reply: Option<ReplyFn>,
    ) {
        if let Some(f) = self.0.promptUser {
            // SAFETY: the client's callback (module contract); the message lives across it.
            callback::deliver(owner, || unsafe {
                f(op, self.0.callbackContext, message, prompt_type, reply)
            });
        }
    }

    /// `streamedParameterResult` (the caller checked that it is set).
    pub(crate) fn streamed(
        &self,
        owner: Owner,
        op: *mut MI_Operation,
        name: *const MI_Char,
        value_type: MI_Type,
        value: *const MI_Value,
        ack: Option<AckFn>,
    ) {
        if let Some(f) = self.0.streamedParameterResult {
            // SAFETY: the client's callback (module contract); the value stays valid until
            // it is acknowledged.
            callback::deliver(owner, || unsafe {
                f(op, self.0.callbackContext, name, value_type, value, ack)
            });
        }
    }
}

/// A client's `MI_SessionCallbacks`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SessionCallbacks(MI_SessionCallbacks);

// SAFETY: as for `OperationCallbacks`.
unsafe impl Send for SessionCallbacks {}
// SAFETY: as above.
unsafe impl Sync for SessionCallbacks {}

impl SessionCallbacks {
    pub(crate) fn new(callbacks: Option<MI_SessionCallbacks>) -> SessionCallbacks {
        SessionCallbacks(callbacks.unwrap_or(MI_SessionCallbacks {
            callbackContext: null_mut(),
            writeMessage: None,
            writeError: None,
        }))
    }

    /// `writeMessage`, with the client's own application handle.
    pub(crate) fn message(
        &self,
        owner: Owner,
        mut app: MI_Application,
        channel: MI_Uint32,
        text: *const MI_Char,
    ) {
        if let Some(f) = self.0.writeMessage {
            // SAFETY: the client's callback (module contract); `app` and `text` live across it.
            callback::deliver(owner, || unsafe {
                f(&mut app, self.0.callbackContext, channel, text)
            });
        }
    }

    /// `writeError`, with the client's own application handle.
    pub(crate) fn error(&self, owner: Owner, mut app: MI_Application, instance: *mut MI_Instance) {
        if let Some(f) = self.0.writeError {
            // SAFETY: the client's callback (module contract); the instance is valid during it.
            callback::deliver(owner, || unsafe { f(&mut app, self.0.callbackContext, instance) });
        }
    }
}

/// The completion callback of an asynchronous `MI_Session_Close`, called exactly once
/// (`call` consumes it).
#[derive(Debug)]
pub(crate) struct Completion {
    f: unsafe extern "system" fn(*mut c_void),
    context: *mut c_void,
}

// SAFETY: the client asked us to call this from whichever thread completes the close.
unsafe impl Send for Completion {}

impl Completion {
    pub(crate) fn new(f: unsafe extern "system" fn(*mut c_void), context: *mut c_void) -> Completion {
        Completion { f, context }
    }

    pub(crate) fn call(self, owner: Owner) {
        // SAFETY: the client's completion with its own context, called once (by value).
        callback::deliver(owner, || unsafe { (self.f)(self.context) });
    }
}

/// A deserializer's `MI_Deserializer_ClassObjectNeeded`: asked, during the call, for a
/// class the document names but does not carry (a parent class, an instance's class).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClassNeeded {
    f: unsafe extern "system" fn(
        *mut c_void,
        *const MI_Char,
        *const MI_Char,
        *const MI_Char,
        *mut *mut MI_Class,
    ) -> MI_Result,
    context: *mut c_void,
}

impl ClassNeeded {
    /// The client's callback and context; `None` for a NULL callback.
    pub(crate) fn new(f: MI_Deserializer_ClassObjectNeeded, context: *mut c_void) -> Option<ClassNeeded> {
        f.map(|f| ClassNeeded { f, context })
    }

    /// Asks for class `class_name` (NUL-terminated strings; server and namespace may be
    /// NULL). The class object stays the client's: the library reads it during the call
    /// that asked and never deletes it.
    pub(crate) fn call(
        &self,
        server: *const MI_Char,
        namespace: *const MI_Char,
        class_name: *const MI_Char,
    ) -> Option<*mut MI_Class> {
        let mut out: *mut MI_Class = null_mut();
        // SAFETY: the client's callback with its own context, valid NUL-terminated (or NULL)
        // strings and a valid out-pointer, as the typedef declares.
        let r = callback::deliver(Owner::UNKNOWN, || unsafe {
            (self.f)(self.context, server, namespace, class_name, &mut out)
        });
        (r == MI_RESULT_OK && !out.is_null()).then_some(out)
    }
}
