#![allow(non_snake_case)] // the MI API's parameter names
//! `MI_Context`: what a hosted provider calls back with (all 31 slots of `MI_ContextFT`),
//! plus `MI_ServerFT` for `MI_Main`.
//!
//! A context is a small struct the library owns whose reserved words carry a handle-table
//! key (tag `PROVIDER_CONTEXT`), so a provider that uses a context after its final
//! `PostResult` (or any garbage pointer whose words do not decode) gets
//! `MI_RESULT_INVALID_PARAMETER`, never freed memory: context structs are recycled, never
//! freed, and a recycled one is handed out again only after [`QUARANTINE`] others (a
//! stale pointer used that much later can alias a newer context: the bound is documented in
//! docs/STATUS.md).
//!
//! What a context does with the posts is its [`Target`]'s business: a client operation's
//! call (`super::op`) or a module/class `Load`/`Unload` ([`Control`]).
//!
//! Contract for the `unsafe extern` slot bodies below: the provider passes a context it got
//! from us (checked), and pointers that are NULL or valid for what the MI API says.

use crate::abi::*;
use crate::boundary::{MiResult, guard, guard_with};
use crate::handles::{HANDLES, Key, Kind, tag};
use crate::options::Options;
use crate::strings;
use std::collections::VecDeque;
use std::ffi::c_void;
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Recycled context structs wait this many releases before they are handed out again.
pub(crate) const QUARANTINE: usize = 1024;

/// Where a context's posts go.
pub(crate) trait Target: Send + Sync {
    /// `PostInstance`; `inst` is valid during the call only.
    fn post_instance(&self, inst: *const MI_Instance) -> MI_Result;
    /// `PostIndication`.
    fn post_indication(&self, inst: *const MI_Instance, bookmark: Option<String>) -> MI_Result;
    /// The final result (`PostResult`, `PostError`, `PostCimError`); called once.
    /// `details`: the error instance of `PostError` / `PostCimError` (the library's copy).
    fn post_result(&self, code: MI_Result, message: Option<String>, details: Option<super::Sent>);
    /// Whether the client cancelled or closed the operation.
    fn canceled(&self) -> bool;
    /// `WriteMessage`.
    fn message(&self, _channel: MI_Uint32, _text: &[MI_Char]) {}
    /// `WriteProgress`.
    fn progress(
        &self,
        _activity: &[MI_Char],
        _current: &[MI_Char],
        _status: &[MI_Char],
        _pct: u32,
        _secs: u32,
    ) {
    }
    /// The library's copy of the client's operation options, if any.
    fn options(&self) -> Option<&Arc<Options>> {
        None
    }
    /// A question for the client (`PromptUser`, `ShouldProcess`, `ShouldContinue`,
    /// `WriteError`, `WriteCimError`): waits for the answer; `Err` when the operation ended
    /// meanwhile. Without a client (Load/Unload) the answer is yes.
    fn ask(&self, _question: Question) -> MiResult<bool> {
        Ok(true)
    }
    /// `GetLocalSession`: a session of the client's application on this host.
    fn local_session(&self) -> MiResult<MI_Session> {
        Err(MI_RESULT_NOT_SUPPORTED)
    }
    /// `WriteStreamParameter` (`value` is valid during the call only).
    fn stream(&self, _name: &[MI_Char], _ty: MI_Type, _value: &MI_Value) -> MI_Result {
        MI_RESULT_NOT_SUPPORTED
    }
}

/// What a provider asks its client.
pub(crate) enum Question {
    /// `PromptUser` and the prompts `ShouldProcess` / `ShouldContinue` make (the message
    /// without its NUL).
    Prompt {
        message: Vec<MI_Char>,
        prompt_type: MI_PromptType,
    },
    /// `WriteError` / `WriteCimError`: the library's copy of the error instance.
    Error(super::Sent),
}

/// One live context.
pub(crate) struct Context {
    target: Arc<dyn Target>,
    done: AtomicBool,
    cancel: Mutex<Vec<(MI_CancelCallback, usize)>>,
    slot: usize,
    key: Mutex<Option<Key>>,
}

struct ContextKind;
impl Kind for ContextKind {
    const TAG: u8 = tag::PROVIDER_CONTEXT;
    const NAME: &'static str = "provider context";
    type Obj = Context;
}

/// The context structs: never freed; `free` is FIFO so a released struct is reused late.
struct Slab {
    all: Vec<CtxBox>,
    free: VecDeque<usize>,
}

static SLAB: Mutex<Slab> = Mutex::new(Slab {
    all: Vec::new(),
    free: VecDeque::new(),
});

fn slab() -> std::sync::MutexGuard<'static, Slab> {
    SLAB.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One context struct of the slab.
struct CtxBox(Box<MI_Context>);
// SAFETY: the struct's `ft` points to a static table; the slab's lock guards its words.
unsafe impl Send for CtxBox {}

/// A live context's pointer, to pass to provider code.
#[derive(Clone, Copy)]
pub(crate) struct CtxPtr(pub(crate) *mut MI_Context);
// SAFETY: the struct is the library's, never freed; the provider may use it from any thread.
unsafe impl Send for CtxPtr {}

impl Context {
    /// A new context for `target`, registered and ready to hand to a provider.
    pub(crate) fn open(target: Arc<dyn Target>) -> MiResult<(Arc<Context>, CtxPtr)> {
        let slot = {
            let mut s = slab();
            if s.free.len() > QUARANTINE {
                s.free.pop_front().expect("non-empty")
            } else {
                s.all.push(CtxBox(Box::new(MI_Context {
                    ft: null(),
                    reserved: [0; 3],
                })));
                s.all.len() - 1
            }
        };
        let ctx = Arc::new(Context {
            target,
            done: AtomicBool::new(false),
            cancel: Mutex::new(Vec::new()),
            slot,
            key: Mutex::new(None),
        });
        let key = match HANDLES.insert::<ContextKind>(ctx.clone()) {
            Ok(k) => k,
            Err(_) => {
                slab().free.push_back(slot);
                log::error!("provider host: handle table full");
                return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
            }
        };
        *ctx.key.lock().unwrap_or_else(PoisonError::into_inner) = Some(key);
        let (check, index) = key.pack();
        let mut s = slab();
        let p: *mut MI_Context = &mut *s.all[slot].0;
        // SAFETY: the slab's box is live for the process; only this context uses the slot.
        unsafe {
            (*p).ft = &CONTEXT_FT;
            (*p).reserved = [check as isize, index, 0];
        }
        drop(s);
        Ok((ctx, CtxPtr(p)))
    }

    /// Ends the context: later calls on it are refused; the struct is recycled.
    fn close(&self) {
        let key = self.key.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(key) = key {
            HANDLES.remove::<ContextKind>(key);
            let mut s = slab();
            let p: *mut MI_Context = &mut *s.all[self.slot].0;
            // SAFETY: as in `open`.
            unsafe { (*p).reserved = [0; 3] };
            s.free.push_back(self.slot);
        }
    }

    /// Runs the provider's registered cancel callbacks (no lock held).
    pub(crate) fn fire_cancel(&self) {
        let cbs: Vec<_> = std::mem::take(&mut *self.cancel.lock().unwrap_or_else(PoisonError::into_inner));
        for (cb, data) in cbs {
            if let Some(cb) = cb {
                // SAFETY: the provider registered this callback and data for this context.
                unsafe { cb(MI_REASON_NONE, data as *mut c_void) };
            }
        }
    }

    /// Posts the final result once; a second final is refused.
    fn finish(&self, code: MI_Result, message: Option<String>, details: Option<super::Sent>) -> MI_Result {
        if self.done.swap(true, Ordering::AcqRel) {
            log::error!("provider posted a second final result ({code}); ignored");
            return MI_RESULT_INVALID_PARAMETER;
        }
        self.close();
        self.target.post_result(code, message, details);
        MI_RESULT_OK
    }
}

impl Context {
    /// The host ends a call that failed before the provider got its context.
    pub(crate) fn finish_by_host(&self, code: MI_Result) {
        let _ = self.finish(code, None, None);
    }
}

impl Drop for Context {
    fn drop(&mut self) {
        self.close();
    }
}

/// The live context behind a provider's pointer.
///
/// # Safety
/// `p` is NULL or readable for an `MI_Context`.
unsafe fn ctx(p: *const MI_Context) -> MiResult<Arc<Context>> {
    if p.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: readable (contract); read by value.
    let c = unsafe { std::ptr::read_unaligned(p) };
    let key = Key::unpack(c.reserved[0] as u64, c.reserved[1]).ok_or(MI_RESULT_INVALID_PARAMETER)?;
    let ctx = HANDLES
        .get::<ContextKind>(key)
        .ok_or(MI_RESULT_INVALID_PARAMETER)?;
    if ctx.done.load(Ordering::Acquire) {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    Ok(ctx)
}

/// A `Load`/`Unload` call's context: the provider's one `PostResult`, awaited.
pub(crate) struct Control {
    result: Mutex<Option<MI_Result>>,
    cv: Condvar,
}

impl Control {
    pub(crate) fn new() -> Arc<Control> {
        Arc::new(Control {
            result: Mutex::new(None),
            cv: Condvar::new(),
        })
    }

    /// The posted result, waiting up to `limit` (`None`: none came in time).
    pub(crate) fn wait(&self, limit: Duration) -> Option<MI_Result> {
        let end = Instant::now() + limit;
        let mut r = self.result.lock().unwrap_or_else(PoisonError::into_inner);
        while r.is_none() {
            let now = Instant::now();
            if now >= end {
                return None;
            }
            r = self
                .cv
                .wait_timeout(r, end - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *r
    }
}

impl Target for Control {
    fn post_instance(&self, _inst: *const MI_Instance) -> MI_Result {
        log::error!("provider posted an instance during Load/Unload; refused");
        MI_RESULT_INVALID_PARAMETER
    }
    fn post_indication(&self, _inst: *const MI_Instance, _bookmark: Option<String>) -> MI_Result {
        MI_RESULT_INVALID_PARAMETER
    }
    fn post_result(&self, code: MI_Result, message: Option<String>, _details: Option<super::Sent>) {
        if let Some(m) = message {
            log::error!("provider Load/Unload: {m}");
        }
        *self.result.lock().unwrap_or_else(PoisonError::into_inner) = Some(code);
        self.cv.notify_all();
    }
    fn canceled(&self) -> bool {
        false
    }
}

/// Calls `f` with a fresh control context and waits for its result (`limit`).
pub(crate) fn control_call(what: &str, limit: Duration, f: impl FnOnce(*mut MI_Context)) -> MI_Result {
    let control = Control::new();
    let (ctx, p) = match Context::open(control.clone()) {
        Ok(x) => x,
        Err(e) => return e,
    };
    f(p.0);
    let r = control.wait(limit);
    drop(ctx);
    match r {
        Some(code) => code,
        None => {
            log::error!("{what}: the provider posted no result within {limit:?}");
            MI_RESULT_FAILED
        }
    }
}

fn text(p: *const MI_Char) -> MiResult<Option<String>> {
    // SAFETY: NULL or NUL-terminated (the provider's string, MI API).
    unsafe { strings::utf8(p) }
}

fn chars<'a>(p: *const MI_Char) -> MiResult<&'a [MI_Char]> {
    if p.is_null() {
        return Ok(&[]);
    }
    // SAFETY: NUL-terminated (MI API).
    unsafe { strings::c_chars(p) }
}

// ---- the slots --------------------------------------------------------------------------

unsafe extern "system" fn post_result(context: *mut MI_Context, result: MI_Result) -> MI_Result {
    guard_with("MI_Context_PostResult", MI_RESULT_FAILED, || {
        // SAFETY: slot contract.
        match unsafe { ctx(context) } {
            Ok(c) => c.finish(result, None, None),
            Err(e) => e,
        }
    })
}

unsafe extern "system" fn post_instance(context: *mut MI_Context, instance: *const MI_Instance) -> MI_Result {
    guard_with("MI_Context_PostInstance", MI_RESULT_FAILED, || {
        // SAFETY: slot contract.
        let c = match unsafe { ctx(context) } {
            Ok(c) => c,
            Err(e) => return e,
        };
        if instance.is_null() {
            return MI_RESULT_INVALID_PARAMETER;
        }
        c.target.post_instance(instance)
    })
}

unsafe extern "system" fn post_indication(
    context: *mut MI_Context,
    indication: *const MI_Instance,
    _subscriptionIDCount: MI_Uint32,
    bookmark: *const MI_Char,
) -> MI_Result {
    guard_with("MI_Context_PostIndication", MI_RESULT_FAILED, || {
        // SAFETY: slot contract.
        let c = match unsafe { ctx(context) } {
            Ok(c) => c,
            Err(e) => return e,
        };
        if indication.is_null() {
            return MI_RESULT_INVALID_PARAMETER;
        }
        match text(bookmark) {
            Ok(b) => c.target.post_indication(indication, b),
            Err(e) => e,
        }
    })
}

unsafe extern "system" fn construct_instance(
    context: *mut MI_Context,
    classDecl: *const MI_ClassDecl,
    instance: *mut MI_Instance,
) -> MI_Result {
    guard("MI_Context_ConstructInstance", || {
        // SAFETY: slot contract.
        unsafe { ctx(context) }?;
        if classDecl.is_null() || instance.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: the provider's declaration and memory of its size (MI API).
        unsafe { super::layout::construct(instance, classDecl) }
    })
}

unsafe extern "system" fn construct_parameters(
    context: *mut MI_Context,
    methodDecl: *const MI_MethodDecl,
    instance: *mut MI_Instance,
) -> MI_Result {
    guard("MI_Context_ConstructParameters", || {
        // SAFETY: slot contract.
        unsafe { ctx(context) }?;
        if methodDecl.is_null() || instance.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: as construct_instance.
        unsafe { super::layout::construct_parameters(instance, methodDecl) }
    })
}

unsafe extern "system" fn new_instance(
    context: *mut MI_Context,
    classDecl: *const MI_ClassDecl,
    instance: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Context_NewInstance", || {
        // SAFETY: slot contract (NULL or writable).
        unsafe { super::write_opt(instance, null_mut()) };
        // SAFETY: slot contract.
        unsafe { ctx(context) }?;
        if classDecl.is_null() || instance.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: the provider's declaration.
        let p = unsafe { super::layout::new_instance(classDecl) }?;
        // SAFETY: non-NULL, writable.
        unsafe { instance.write(p) };
        Ok(())
    })
}

unsafe extern "system" fn new_dynamic_instance(
    context: *mut MI_Context,
    className: *const MI_Char,
    _flags: MI_Uint32,
    instance: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Context_NewDynamicInstance", || {
        // SAFETY: slot contract.
        unsafe { super::write_opt(instance, null_mut()) };
        // SAFETY: slot contract.
        unsafe { ctx(context) }?;
        let name = text(className)?.ok_or(MI_RESULT_INVALID_PARAMETER)?;
        if instance.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let p = super::layout::new_dynamic(&name)?;
        // SAFETY: non-NULL, writable.
        unsafe { instance.write(p) };
        Ok(())
    })
}

unsafe extern "system" fn new_parameters(
    context: *mut MI_Context,
    methodDecl: *const MI_MethodDecl,
    instance: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Context_NewParameters", || {
        // SAFETY: slot contract.
        unsafe { super::write_opt(instance, null_mut()) };
        // SAFETY: slot contract.
        unsafe { ctx(context) }?;
        if methodDecl.is_null() || instance.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: the provider's declaration.
        let p = unsafe { super::layout::new_parameters(methodDecl) }?;
        // SAFETY: non-NULL, writable.
        unsafe { instance.write(p) };
        Ok(())
    })
}

unsafe extern "system" fn canceled(context: *const MI_Context, flag: *mut MI_Boolean) -> MI_Result {
    guard("MI_Context_Canceled", || {
        // SAFETY: slot contract.
        let c = unsafe { ctx(context) }?;
        if flag.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: non-NULL, writable.
        unsafe { flag.write(c.target.canceled() as MI_Boolean) };
        Ok(())
    })
}

/// The locale the host reports (no locale options are carried to providers yet).
const LOCALE: &str = "en-US";

unsafe extern "system" fn get_locale(
    context: *const MI_Context,
    localeType: MI_LocaleType,
    locale: *mut MI_Char,
) -> MI_Result {
    guard("MI_Context_GetLocale", || {
        // SAFETY: slot contract.
        unsafe { ctx(context) }?;
        if locale.is_null()
            || !(MI_LOCALE_TYPE_REQUESTED_UI..=MI_LOCALE_TYPE_CLOSEST_DATA).contains(&localeType)
        {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let s = strings::encode(LOCALE);
        // SAFETY: the MI API's locale buffer holds MI_MAX_LOCALE_SIZE (128) characters;
        // "en-US" and its NUL are 6.
        unsafe { std::ptr::copy_nonoverlapping(s.as_ptr(), locale, s.len()) };
        Ok(())
    })
}

unsafe extern "system" fn register_cancel(
    context: *mut MI_Context,
    callback: MI_CancelCallback,
    callbackData: *mut c_void,
) -> MI_Result {
    guard("MI_Context_RegisterCancel", || {
        // SAFETY: slot contract.
        let c = unsafe { ctx(context) }?;
        if callback.is_none() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        if c.target.canceled() {
            // Already cancelled: tell the provider at once (no lock held).
            if let Some(cb) = callback {
                // SAFETY: the provider's callback and data.
                unsafe { cb(MI_REASON_NONE, callbackData) };
            }
            return Ok(());
        }
        c.cancel
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((callback, callbackData as usize));
        Ok(())
    })
}

unsafe extern "system" fn request_unload(context: *mut MI_Context) -> MI_Result {
    guard("MI_Context_RequestUnload", || {
        // SAFETY: slot contract.
        unsafe { ctx(context) }?;
        // Providers stay loaded until the last application using them closes.
        Ok(())
    })
}

unsafe extern "system" fn refuse_unload(context: *mut MI_Context) -> MI_Result {
    guard("MI_Context_RefuseUnload", || {
        // SAFETY: slot contract.
        unsafe { ctx(context) }?;
        Ok(())
    })
}

unsafe extern "system" fn get_local_session(
    context: *const MI_Context,
    session: *mut MI_Session,
) -> MI_Result {
    guard("MI_Context_GetLocalSession", || {
        if !session.is_null() {
            // SAFETY: non-NULL, writable (MI API).
            unsafe { session.write(std::mem::zeroed()) };
        }
        // SAFETY: slot contract.
        let c = unsafe { ctx(context) }?;
        if session.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let s = c.target.local_session()?;
        // SAFETY: non-NULL, writable.
        unsafe { session.write(s) };
        Ok(())
    })
}

unsafe extern "system" fn set_string_option(
    context: *mut MI_Context,
    _name: *const MI_Char,
    _value: *const MI_Char,
) -> MI_Result {
    guard("MI_Context_SetStringOption", || {
        // SAFETY: slot contract.
        unsafe { ctx(context) }?;
        super::not_supported("MI_Context_SetStringOption")
    })
}

/// The option `name` of the client's operation options, with its type.
fn option(c: &Context, name: *const MI_Char) -> MiResult<crate::options::Found> {
    let name = chars(name)?;
    if name.is_empty() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    c.target.options().ok_or(MI_RESULT_NO_SUCH_PROPERTY)?.get(name)
}

unsafe extern "system" fn get_string_option(
    context: *mut MI_Context,
    name: *const MI_Char,
    value: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Context_GetStringOption", || {
        // SAFETY: slot contract.
        let c = unsafe { ctx(context) }?;
        if value.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let f = option(&c, name)?;
        if f.mi_type != MI_STRING {
            return Err(MI_RESULT_TYPE_MISMATCH);
        }
        // SAFETY: non-NULL, writable; the string lives in the operation's options copy,
        // which outlives the call.
        unsafe { value.write(f.value.string) };
        Ok(())
    })
}

unsafe extern "system" fn get_number_option(
    context: *mut MI_Context,
    name: *const MI_Char,
    value: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_Context_GetNumberOption", || {
        // SAFETY: slot contract.
        let c = unsafe { ctx(context) }?;
        if value.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let f = option(&c, name)?;
        if f.mi_type != MI_UINT32 {
            return Err(MI_RESULT_TYPE_MISMATCH);
        }
        // SAFETY: non-NULL, writable; a uint32 option's member.
        unsafe { value.write(f.value.uint32) };
        Ok(())
    })
}

unsafe extern "system" fn get_custom_option(
    context: *mut MI_Context,
    name: *const MI_Char,
    valueType: *mut MI_Type,
    value: *mut MI_Value,
) -> MI_Result {
    guard("MI_Context_GetCustomOption", || {
        // SAFETY: slot contract.
        let c = unsafe { ctx(context) }?;
        if valueType.is_null() || value.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let f = option(&c, name)?;
        // SAFETY: non-NULL, writable.
        unsafe {
            valueType.write(f.mi_type);
            value.write(f.value);
        }
        Ok(())
    })
}

unsafe extern "system" fn get_custom_option_count(
    context: *mut MI_Context,
    count: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_Context_GetCustomOptionCount", || {
        // SAFETY: slot contract.
        let c = unsafe { ctx(context) }?;
        if count.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let n = c.target.options().map_or(0, |o| o.count());
        // SAFETY: non-NULL, writable.
        unsafe { count.write(n) };
        Ok(())
    })
}

unsafe extern "system" fn get_custom_option_at(
    context: *mut MI_Context,
    index: MI_Uint32,
    name: *mut *const MI_Char,
    valueType: *mut MI_Type,
    value: *mut MI_Value,
) -> MI_Result {
    guard("MI_Context_GetCustomOptionAt", || {
        // SAFETY: slot contract.
        let c = unsafe { ctx(context) }?;
        let f = c.target.options().ok_or(MI_RESULT_NO_SUCH_PROPERTY)?.at(index)?;
        // SAFETY: each NULL or writable (optional outputs).
        unsafe {
            super::write_opt(name, f.name);
            super::write_opt(valueType, f.mi_type);
            super::write_opt(value, f.value);
        }
        Ok(())
    })
}

unsafe extern "system" fn write_message(
    context: *mut MI_Context,
    channel: MI_Uint32,
    message: *const MI_Char,
) -> MI_Result {
    guard("MI_Context_WriteMessage", || {
        // SAFETY: slot contract.
        let c = unsafe { ctx(context) }?;
        let m = chars(message)?;
        c.target.message(channel, m);
        Ok(())
    })
}

unsafe extern "system" fn write_progress(
    context: *mut MI_Context,
    activity: *const MI_Char,
    currentOperation: *const MI_Char,
    statusDescription: *const MI_Char,
    percentComplete: MI_Uint32,
    secondsRemaining: MI_Uint32,
) -> MI_Result {
    guard("MI_Context_WriteProgress", || {
        // SAFETY: slot contract.
        let c = unsafe { ctx(context) }?;
        c.target.progress(
            chars(activity)?,
            chars(currentOperation)?,
            chars(statusDescription)?,
            percentComplete,
            secondsRemaining,
        );
        Ok(())
    })
}

unsafe extern "system" fn write_stream_parameter(
    context: *mut MI_Context,
    name: *const MI_Char,
    value: *const MI_Value,
    type_: MI_Type,
    _flags: MI_Uint32,
) -> MI_Result {
    guard_with("MI_Context_WriteStreamParameter", MI_RESULT_FAILED, || {
        // SAFETY: slot contract.
        let c = match unsafe { ctx(context) } {
            Ok(c) => c,
            Err(e) => return e,
        };
        let name = match chars(name) {
            Ok(n) if !n.is_empty() => n,
            Ok(_) => return MI_RESULT_INVALID_PARAMETER,
            Err(e) => return e,
        };
        if value.is_null() {
            return MI_RESULT_INVALID_PARAMETER;
        }
        // SAFETY: non-NULL, the provider's value (MI API), read during this call only.
        c.target.stream(name, type_, unsafe { &*value })
    })
}

unsafe extern "system" fn write_cim_error(
    context: *mut MI_Context,
    error: *const MI_Instance,
    flag: *mut MI_Boolean,
) -> MI_Result {
    guard("MI_Context_WriteCimError", || {
        // SAFETY: NULL or writable.
        unsafe { super::write_opt(flag, MI_FALSE) };
        // SAFETY: slot contract.
        let c = unsafe { ctx(context) }?;
        if error.is_null() || flag.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: the provider's live instance (MI API), copied during this call.
        let copy = unsafe { crate::instance::value::clone_instance(error) }?;
        let go_on = c.target.ask(Question::Error(super::Sent(copy)))?;
        // SAFETY: non-NULL, writable.
        unsafe { flag.write(MI_Boolean::from(go_on)) };
        Ok(())
    })
}

/// Asks the client and writes the answer to `result` (`MI_FALSE` unless the client said
/// yes).
unsafe fn prompt(
    context: *mut MI_Context,
    message: Vec<MI_Char>,
    prompt_type: MI_PromptType,
    result: *mut MI_Boolean,
) -> MiResult {
    // SAFETY: NULL or writable (MI API).
    unsafe { super::write_opt(result, MI_FALSE) };
    // SAFETY: slot contract.
    let c = unsafe { ctx(context) }?;
    if result.is_null() || !(prompt_type == MI_PROMPTTYPE_NORMAL || prompt_type == MI_PROMPTTYPE_CRITICAL) {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    let yes = c.target.ask(Question::Prompt { message, prompt_type })?;
    // SAFETY: non-NULL, writable.
    unsafe { result.write(MI_Boolean::from(yes)) };
    Ok(())
}

/// `text` as characters (NULL is empty), or the error of an invalid string.
fn owned_chars(p: *const MI_Char) -> MiResult<Vec<MI_Char>> {
    Ok(chars(p)?.to_vec())
}

unsafe extern "system" fn prompt_user(
    context: *mut MI_Context,
    message: *const MI_Char,
    promptType: MI_PromptType,
    result: *mut MI_Boolean,
) -> MI_Result {
    guard("MI_Context_PromptUser", || {
        let message = owned_chars(message)?;
        // SAFETY: slot contract.
        unsafe { prompt(context, message, promptType, result) }
    })
}

/// The confirmation `ShouldProcess` asks for (PowerShell's wording of a `-Confirm` prompt).
fn should_process_message(target: &str, action: &str) -> String {
    format!(
        "Are you sure you want to perform this action?\nPerforming the operation \"{action}\" on target \"{target}\"."
    )
}

unsafe extern "system" fn should_process(
    context: *mut MI_Context,
    target: *const MI_Char,
    action: *const MI_Char,
    result: *mut MI_Boolean,
) -> MI_Result {
    guard("MI_Context_ShouldProcess", || {
        let target = text(target)?.unwrap_or_default();
        let action = text(action)?.unwrap_or_default();
        let message = strings::encode(&should_process_message(&target, &action)).into_vec();
        // SAFETY: slot contract.
        unsafe { prompt(context, message, MI_PROMPTTYPE_NORMAL, result) }
    })
}

unsafe extern "system" fn should_continue(
    context: *mut MI_Context,
    message: *const MI_Char,
    result: *mut MI_Boolean,
) -> MI_Result {
    guard("MI_Context_ShouldContinue", || {
        let message = owned_chars(message)?;
        // SAFETY: slot contract.
        unsafe { prompt(context, message, MI_PROMPTTYPE_CRITICAL, result) }
    })
}

unsafe extern "system" fn post_error(
    context: *mut MI_Context,
    resultCode: MI_Uint32,
    resultType: *const MI_Char,
    errorMessage: *const MI_Char,
) -> MI_Result {
    guard_with("MI_Context_PostError", MI_RESULT_FAILED, || {
        // SAFETY: slot contract.
        let c = match unsafe { ctx(context) } {
            Ok(c) => c,
            Err(e) => return e,
        };
        let kind = text(resultType).ok().flatten().unwrap_or_default();
        let msg = text(errorMessage).ok().flatten().unwrap_or_default();
        // Only MI result codes become the operation's code; other types are failures.
        let code = if kind.is_empty() || kind.eq_ignore_ascii_case("MI") {
            resultCode
        } else {
            MI_RESULT_FAILED
        };
        let message = if kind.is_empty() {
            msg
        } else {
            format!("{kind} error {resultCode}: {msg}")
        };
        // The error instance, as OMI passes it: an OMI_Error of the code, type and message.
        let details = if text(resultType).is_ok() && text(errorMessage).is_ok() {
            // SAFETY: both checked NULL or NUL-terminated just above.
            super::layout::surface()
                .ok()
                .and_then(|s| unsafe {
                    crate::instance::error::omi_error(s.instance, resultCode, resultType, errorMessage).ok()
                })
                // SAFETY: a fresh instance of ours, owned from here.
                .map(|i| super::Sent(unsafe { crate::instance::value::OwnedInstance::adopt(i) }))
        } else {
            None
        };
        c.finish(code, Some(message), details)
    })
}

unsafe extern "system" fn post_cim_error(context: *mut MI_Context, error: *const MI_Instance) -> MI_Result {
    guard_with("MI_Context_PostCimError", MI_RESULT_FAILED, || {
        // SAFETY: slot contract.
        let c = match unsafe { ctx(context) } {
            Ok(c) => c,
            Err(e) => return e,
        };
        if error.is_null() {
            return MI_RESULT_INVALID_PARAMETER;
        }
        // SAFETY: a live instance (MI API).
        let (code, message) = unsafe { super::layout::cim_error_of(error) };
        // The client gets a copy of the provider's error instance as the error details.
        // SAFETY: as above.
        let details = unsafe { crate::instance::value::clone_instance(error) }
            .ok()
            .map(super::Sent);
        c.finish(code, message, details)
    })
}

unsafe extern "system" fn write_error(
    context: *mut MI_Context,
    resultCode: MI_Uint32,
    resultType: *const MI_Char,
    errorMessage: *const MI_Char,
    flag: *mut MI_Boolean,
) -> MI_Result {
    guard("MI_Context_WriteError", || {
        // SAFETY: NULL or writable.
        unsafe { super::write_opt(flag, MI_FALSE) };
        // SAFETY: slot contract.
        let c = unsafe { ctx(context) }?;
        if flag.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        chars(resultType)?;
        chars(errorMessage)?;
        // SAFETY: both checked NUL-terminated (or NULL) just above.
        let inst = unsafe {
            crate::instance::error::omi_error(
                super::layout::surface()?.instance,
                resultCode,
                resultType,
                errorMessage,
            )
        }?;
        // SAFETY: a fresh instance of ours, owned from here.
        let inst = unsafe { crate::instance::value::OwnedInstance::adopt(inst) };
        let go_on = c.target.ask(Question::Error(super::Sent(inst)))?;
        // SAFETY: non-NULL, writable.
        unsafe { flag.write(MI_Boolean::from(go_on)) };
        Ok(())
    })
}

unsafe extern "system" fn get_lifecycle_indication_context(
    context: *const MI_Context,
    lifecycleContext: *mut *mut MI_LifecycleIndicationContext,
) -> MI_Result {
    guard("MI_Context_GetLifecycleIndicationContext", || {
        // SAFETY: NULL or writable.
        unsafe { super::write_opt(lifecycleContext, null_mut()) };
        // SAFETY: slot contract.
        unsafe { ctx(context) }?;
        super::not_supported("MI_Context_GetLifecycleIndicationContext")
    })
}

pub(crate) static CONTEXT_FT: MI_ContextFT = MI_ContextFT {
    PostResult: Some(post_result),
    PostInstance: Some(post_instance),
    PostIndication: Some(post_indication),
    ConstructInstance: Some(construct_instance),
    ConstructParameters: Some(construct_parameters),
    NewInstance: Some(new_instance),
    NewDynamicInstance: Some(new_dynamic_instance),
    NewParameters: Some(new_parameters),
    Canceled: Some(canceled),
    GetLocale: Some(get_locale),
    RegisterCancel: Some(register_cancel),
    RequestUnload: Some(request_unload),
    RefuseUnload: Some(refuse_unload),
    GetLocalSession: Some(get_local_session),
    SetStringOption: Some(set_string_option),
    GetStringOption: Some(get_string_option),
    GetNumberOption: Some(get_number_option),
    GetCustomOption: Some(get_custom_option),
    GetCustomOptionCount: Some(get_custom_option_count),
    GetCustomOptionAt: Some(get_custom_option_at),
    WriteMessage: Some(write_message),
    WriteProgress: Some(write_progress),
    WriteStreamParameter: Some(write_stream_parameter),
    WriteCimError: Some(write_cim_error),
    PromptUser: Some(prompt_user),
    ShouldProcess: Some(should_process),
    ShouldContinue: Some(should_continue),
    PostError: Some(post_error),
    PostCimError: Some(post_cim_error),
    WriteError: Some(write_error),
    GetLifecycleIndicationContext: Some(get_lifecycle_indication_context),
};

// ---- MI_ServerFT ------------------------------------------------------------------------

/// The server version reported to providers (OMI's 1.0.8 as `major << 16 | minor << 8 | patch`).
const SERVER_VERSION: MI_Uint32 = 0x0001_0008;

unsafe extern "system" fn server_version(version: *mut MI_Uint32) -> MI_Result {
    guard("MI_Server_GetVersion", || {
        if version.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: non-NULL, writable.
        unsafe { version.write(SERVER_VERSION) };
        Ok(())
    })
}

unsafe extern "system" fn server_system_name(name: *mut *const MI_Char) -> MI_Result {
    guard("MI_Server_GetSystemName", || {
        if name.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        static NAME: std::sync::OnceLock<Box<[MI_Char]>> = std::sync::OnceLock::new();
        let n = NAME.get_or_init(|| strings::encode(&super::system_name()));
        // SAFETY: non-NULL, writable; the name lives for the process.
        unsafe { name.write(n.as_ptr()) };
        Ok(())
    })
}

pub(crate) static SERVER_FT: MI_ServerFT = MI_ServerFT {
    GetVersion: Some(server_version),
    GetSystemName: Some(server_system_name),
};
