//! The adapter for OMI-style protocol-handler plug-ins (docs/SPEC.md §6): a shared library
//! whose entry point has the signature of `MI_Application_InitializeV1` and fills an
//! `MI_Application` whose tables implement the session and operation slots. Results come
//! back through the `MI_OperationCallbacks` passed down, whose trampolines here turn them
//! into [`Event`]s for the core's [`Sink`].
//!
//! * **Lifetimes.** Every object that holds a handler handle (the plug-in, its sessions and
//!   operations, the acknowledgements it hands out) holds an `Arc<Library>`, and reaches the
//!   handler's tables only through a method whose result borrows that object: a table
//!   reference cannot outlive the library it lives in, and the library is unloaded when the
//!   last holder goes (normally at `Protocol::close`, after every session is closed).
//! * **Callback contexts** are not pointers to our objects but check words of keys into the
//!   handle table (`tag::HANDLER_CONTEXT`, `tag::SESSION_CONTEXT`), retired when the
//!   handler's operation or session is closed: a broken handler that calls back afterwards
//!   finds a stale key (logged and ignored), never freed memory. This needs 64-bit
//!   pointers (the check word is 64 bits); the library is built for 64-bit targets only.
//! * **Strings and options** reach the handler as the library's own NUL-terminated copies
//!   and options handles of the library's copies, valid until the handler's session (for
//!   destination options) or operation (operation and delivery options) is closed.
//!
//! Contract for the `unsafe` calls into the handler in this module: the handler's function
//! tables and handles are used as the MI plug-in interface defines them (the slot's typedef,
//! with the handler's own handle), from any thread, and only while the library that holds
//! them is loaded (guaranteed by the `Arc<Library>` each holder keeps).
//! The loader wrappers (`sys::symbol`, `sys::close`) take only a live handle that
//! `sys::open` returned (`close`: not used afterwards).

#![allow(non_snake_case)]

#[cfg(not(target_pointer_width = "64"))]
compile_error!("protocol-handler callback contexts need 64-bit pointers (docs/STATUS.md)");

use super::{
    Ack, Done, Event, Protocol, ProtocolOperation, ProtocolSession, Raw, Reply, Request, ResultData,
    ResultKind, SessionEvents, SessionRequest, Sink, Start, Text,
};
use crate::abi::*;
use crate::boundary::{MiResult, guard_void};
use crate::config::HandlerSpec;
use crate::handles::{HANDLES, Key, Kind, tag};
use crate::options::{
    DestinationOptionsKind, OperationOptionsKind, Options, SubscriptionDeliveryOptionsKind,
};
use crate::surface::Surface;
use std::ffi::c_void;
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

type EntryPoint = unsafe extern "C" fn(
    flags: MI_Uint32,
    application_id: *const MI_Char,
    extended_error: *mut *mut MI_Instance,
    application: *mut MI_Application,
) -> MI_Result;

type HandlerAckFn = unsafe extern "system" fn(*mut MI_Operation) -> MI_Result;
type HandlerReplyFn =
    unsafe extern "system" fn(*mut MI_Operation, MI_OperationCallback_ResponseType) -> MI_Result;

/// A handler handle (two words and a pointer to the handler's table) that may cross
/// threads: the MI plug-in interface lets any thread use a handler's handles.
#[derive(Debug, Clone, Copy)]
struct Handle<T>(T);
// SAFETY: plain data (see above); the table it points to is immutable.
unsafe impl<T> Send for Handle<T> {}
// SAFETY: as above; `&Handle` only copies the value out.
unsafe impl<T> Sync for Handle<T> {}

/// A loaded shared library, unloaded when the last holder drops it.
#[derive(Debug)]
pub(crate) struct Library {
    handle: *mut c_void,
    name: String,
}
// SAFETY: a dlopen / LoadLibrary handle may be used and closed from any thread.
unsafe impl Send for Library {}
// SAFETY: as above; `&Library` only looks symbols up.
unsafe impl Sync for Library {}

impl Library {
    fn open(spec: &HandlerSpec) -> MiResult<Library> {
        match sys::open(&spec.library) {
            Ok(handle) => Ok(Library {
                handle,
                name: spec.name.clone(),
            }),
            Err(message) => {
                log::error!(
                    "protocol handler {:?}: cannot load {}: {message}",
                    spec.name,
                    spec.library.display()
                );
                Err(MI_RESULT_FAILED)
            }
        }
    }

    /// The address of an exported symbol, NULL when there is none.
    fn symbol(&self, name: &std::ffi::CStr) -> *mut c_void {
        // SAFETY: `self.handle` is a live handle from `sys::open`, closed only on drop.
        unsafe { sys::symbol(self.handle, name) }
    }
}

impl Drop for Library {
    fn drop(&mut self) {
        // SAFETY: the handle came from `sys::open` and is closed once, here.
        if let Err(message) = unsafe { sys::close(self.handle) } {
            log::warn!("unloading protocol handler {:?} failed: {message}", self.name);
        }
    }
}

/// One loaded plug-in of one application.
pub(crate) struct Plugin {
    name: Arc<str>,
    app: Handle<MI_Application>,
    /// Dropped (and the library unloaded, once nothing else holds it) by `close`.
    library: Mutex<Option<Arc<Library>>>,
    closed: AtomicBool,
    surface: &'static Surface,
}

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Plugin({:?})", self.name)
    }
}

impl Plugin {
    /// Loads a configured handler: load the library (`dlopen` / `LoadLibraryExW`), look up
    /// the entry point, call it with flags 0 and the application ID (NUL-terminated
    /// `MI_Char`s, passed as the client gave them).
    pub(crate) fn load(
        spec: &HandlerSpec,
        app_id: &[MI_Char],
        surface: &'static Surface,
    ) -> MiResult<Plugin> {
        let library = Arc::new(Library::open(spec)?);
        let Ok(symbol) = std::ffi::CString::new(spec.entry_point.as_str()) else {
            log::error!("protocol handler {:?}: entry point name contains NUL", spec.name);
            return Err(MI_RESULT_FAILED);
        };
        let address = library.symbol(&symbol);
        if address.is_null() {
            log::error!(
                "protocol handler {:?}: entry point {:?} not found in {}",
                spec.name,
                spec.entry_point,
                spec.library.display()
            );
            return Err(MI_RESULT_FAILED);
        }
        // SAFETY: the configuration declares this symbol to be a handler entry point, which
        // by the plug-in interface has the signature of MI_Application_InitializeV1.
        let entry: EntryPoint = unsafe { std::mem::transmute::<*mut c_void, EntryPoint>(address) };
        // SAFETY: as above; the library stays loaded (we hold it).
        let app = unsafe { start_handler(entry, app_id, &spec.name) }?;
        log::info!(
            "protocol handler {:?} loaded from {}",
            spec.name,
            spec.library.display()
        );
        Ok(Plugin {
            name: spec.name.as_str().into(),
            app: Handle(app),
            library: Mutex::new(Some(library)),
            closed: AtomicBool::new(false),
            surface,
        })
    }

    fn library(&self) -> Option<Arc<Library>> {
        self.library
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Calls a handler entry point the way the reference does: flags 0 and the application ID.
///
/// # Safety
/// `entry` has the MI_Application_InitializeV1 contract and its library stays loaded.
unsafe fn start_handler(entry: EntryPoint, app_id: &[MI_Char], name: &str) -> MiResult<MI_Application> {
    debug_assert_eq!(app_id.last(), Some(&0), "the application ID is NUL-terminated");
    let mut app = MI_Application {
        reserved1: 0,
        reserved2: 0,
        ft: null(),
    };
    let mut extended: *mut MI_Instance = null_mut();
    // SAFETY: valid out-pointers; the ID is NUL-terminated and outlives the call.
    let r = unsafe { entry(0, app_id.as_ptr(), &mut extended, &mut app) };
    // SAFETY: what the entry point returned, NULL or its instance.
    unsafe { discard_extended_error(name, "entry point", extended) };
    if r != MI_RESULT_OK {
        log::error!("protocol handler {name:?}: entry point failed with MI_Result {r}");
        // A failed initialization leaves a closable handle (as ours does): let it clean up.
        // SAFETY: the handle the entry point just filled (NULL table tolerated).
        if let Some(close) = unsafe { app.ft.as_ref() }.and_then(|ft| ft.Close) {
            // SAFETY: module contract; the handle the entry point just filled.
            unsafe { close(&mut app) };
        }
        return Err(MI_RESULT_FAILED);
    }
    if app.ft.is_null() {
        log::error!("protocol handler {name:?}: entry point returned no function table");
        return Err(MI_RESULT_FAILED);
    }
    Ok(app)
}

/// Logs and deletes an extended error a handler returned to the library (the client never
/// sees handler objects: they die with the handler's library).
///
/// # Safety
/// `extended` is NULL or an instance of the handler's, which the caller owns.
unsafe fn discard_extended_error(name: &str, call: &str, extended: *mut MI_Instance) {
    // SAFETY: NULL or the handler's instance, per this function's contract.
    let Some(inst) = (unsafe { extended.as_mut() }) else {
        return;
    };
    log::warn!(
        "protocol handler {name:?}: {call} returned an extended error instance; it is logged and deleted"
    );
    // SAFETY: the instance's own table (NULL tolerated), as the MI API defines it.
    if let Some(delete) = unsafe { inst.ft.as_ref() }.and_then(|ft| ft.Delete) {
        // SAFETY: the instance is the caller's to delete (function contract), deleted once.
        unsafe { delete(inst) };
    }
}

impl Drop for Plugin {
    fn drop(&mut self) {
        self.close();
    }
}

/// What a plug-in operation's callback context names: the core's sink, and the library
/// the acknowledgements it hands out call into.
struct SinkEntry {
    sink: Arc<dyn Sink>,
    library: Arc<Library>,
}

struct SinkKind;
impl Kind for SinkKind {
    const TAG: u8 = tag::HANDLER_CONTEXT;
    const NAME: &'static str = "operation callback context";
    type Obj = SinkEntry;
}

struct EventsEntry(Arc<dyn SessionEvents>);

struct EventsKind;
impl Kind for EventsKind {
    const TAG: u8 = tag::SESSION_CONTEXT;
    const NAME: &'static str = "session callback context";
    type Obj = EventsEntry;
}

/// The callback context for `key`: its check word, as a pointer-sized value.
fn context_of(key: Key) -> *mut c_void {
    key.pack().0 as usize as *mut c_void
}

fn key_of_context(context: *mut c_void) -> Option<Key> {
    Key::from_check_word(context as usize as u64)
}

/// An options copy of the library's, as a handle the handler reads through our tables;
/// the handle is retired (the handler's pointer goes stale) when this is dropped.
struct OptionsHandle<H> {
    handle: Box<H>,
    key: Key,
    tag: u8,
}
// SAFETY: the box holds a handle value (two words and a pointer to our immutable table).
unsafe impl<H> Send for OptionsHandle<H> {}
// SAFETY: as above; `&OptionsHandle` only hands out the handle's address.
unsafe impl<H> Sync for OptionsHandle<H> {}

impl<H> OptionsHandle<H> {
    fn ptr(&self) -> *mut H {
        (&raw const *self.handle).cast_mut()
    }
}

impl<H> Drop for OptionsHandle<H> {
    fn drop(&mut self) {
        match self.tag {
            tag::DESTINATION_OPTIONS => drop(HANDLES.remove::<DestinationOptionsKind>(self.key)),
            tag::OPERATION_OPTIONS => drop(HANDLES.remove::<OperationOptionsKind>(self.key)),
            _ => drop(HANDLES.remove::<SubscriptionDeliveryOptionsKind>(self.key)),
        }
    }
}

macro_rules! options_handle_ctor {
    ($fn:ident, $h:ty, $kind:ty, $tag:ident, $ft:ident) => {
        fn $fn(
            options: Option<&Arc<Options>>,
            surface: &'static Surface,
        ) -> MiResult<Option<OptionsHandle<$h>>> {
            let Some(options) = options else {
                return Ok(None);
            };
            let key = HANDLES.insert::<$kind>(options.clone()).map_err(|_| {
                log::error!("handle table full: cannot give a protocol handler its options");
                MI_RESULT_SERVER_LIMITS_EXCEEDED
            })?;
            let (reserved1, reserved2) = key.pack();
            Ok(Some(OptionsHandle {
                handle: Box::new(<$h>::from_parts(reserved1, reserved2, surface.$ft())),
                key,
                tag: tag::$tag,
            }))
        }
    };
}

trait FromParts<Ft> {
    fn from_parts(reserved1: u64, reserved2: isize, ft: *const Ft) -> Self;
}
macro_rules! from_parts {
    ($($h:ty => $ft:ty),*) => {$(
        impl FromParts<$ft> for $h {
            fn from_parts(reserved1: u64, reserved2: isize, ft: *const $ft) -> Self {
                Self { reserved1, reserved2, ft }
            }
        }
    )*};
}
from_parts!(
    MI_DestinationOptions => MI_DestinationOptionsFT,
    MI_OperationOptions => MI_OperationOptionsFT,
    MI_SubscriptionDeliveryOptions => MI_SubscriptionDeliveryOptionsFT
);
options_handle_ctor!(
    destination_handle,
    MI_DestinationOptions,
    DestinationOptionsKind,
    DESTINATION_OPTIONS,
    destination_options
);
options_handle_ctor!(
    operation_handle,
    MI_OperationOptions,
    OperationOptionsKind,
    OPERATION_OPTIONS,
    operation_options
);
options_handle_ctor!(
    delivery_handle,
    MI_SubscriptionDeliveryOptions,
    SubscriptionDeliveryOptionsKind,
    SUBSCRIPTION_DELIVERY_OPTIONS,
    delivery_options
);

/// A copy of a string for the handler: NULL for `None`.
struct CString(Option<Box<[MI_Char]>>);

impl CString {
    fn of(s: Option<&str>) -> CString {
        CString(s.map(crate::strings::encode))
    }

    fn ptr(&self) -> *const MI_Char {
        self.0.as_ref().map_or(null(), |s| s.as_ptr())
    }
}

impl Protocol for Plugin {
    fn new_session(&self, request: SessionRequest<'_>) -> MiResult<Arc<dyn ProtocolSession>> {
        let library = self.library().ok_or(MI_RESULT_INVALID_PARAMETER)?;
        let mut app = self.app.0;
        // SAFETY: the handler's own table, while its library is loaded (we hold it).
        let Some(new) = unsafe { app.ft.as_ref() }.and_then(|ft| ft.NewSession) else {
            log::error!("protocol handler {:?} has no NewSession slot", self.name);
            return Err(MI_RESULT_NOT_SUPPORTED);
        };
        let options = destination_handle(request.options, self.surface)?;
        let events_key = HANDLES
            .insert::<EventsKind>(Arc::new(EventsEntry(request.events)))
            .map_err(|_| MI_RESULT_SERVER_LIMITS_EXCEEDED)?;
        let mut callbacks = MI_SessionCallbacks {
            callbackContext: context_of(events_key),
            writeMessage: Some(on_session_write_message),
            writeError: Some(on_session_write_error),
        };
        let protocol = CString::of(Some(request.protocol));
        let destination = CString::of(request.destination);
        let mut session = MI_Session {
            reserved1: 0,
            reserved2: 0,
            ft: null(),
        };
        let mut extended: *mut MI_Instance = null_mut();
        // SAFETY: module contract; every pointer is valid for the call, and the options
        // handle stays valid until the handler's session is closed (the session keeps it).
        let r = unsafe {
            new(
                &mut app,
                protocol.ptr(),
                destination.ptr(),
                options.as_ref().map_or(null_mut(), OptionsHandle::ptr),
                &mut callbacks,
                &mut extended,
                &mut session,
            )
        };
        // SAFETY: what NewSession returned, NULL or the handler's instance.
        unsafe { discard_extended_error(&self.name, "NewSession", extended) };
        if r != MI_RESULT_OK {
            log::error!(
                "protocol handler {:?}: NewSession failed with MI_Result {r}",
                self.name
            );
            HANDLES.remove::<EventsKind>(events_key);
            return Err(r);
        }
        Ok(Arc::new(PluginSession {
            name: self.name.clone(),
            library,
            session: Handle(session),
            leftovers: Mutex::new(Some(SessionLeftovers {
                events_key,
                _options: options,
            })),
            surface: self.surface,
        }))
    }

    fn close(&self) {
        if self.closed.swap(true, Ordering::AcqRel) {
            return;
        }
        let mut app = self.app.0;
        // SAFETY: the handler's own table, its library still loaded (dropped below).
        if let Some(close) = unsafe { app.ft.as_ref() }.and_then(|ft| ft.Close) {
            // SAFETY: module contract; the handler's application, closed exactly once (flag).
            let r = unsafe { close(&mut app) };
            if r != MI_RESULT_OK {
                log::warn!("protocol handler {:?}: Close returned {r}", self.name);
            }
        }
        let library = self.library.lock().unwrap_or_else(PoisonError::into_inner).take();
        drop(library);
    }
}

/// What a handler session must keep until it is closed.
struct SessionLeftovers {
    events_key: Key,
    _options: Option<OptionsHandle<MI_DestinationOptions>>,
}

impl Drop for SessionLeftovers {
    fn drop(&mut self) {
        HANDLES.remove::<EventsKind>(self.events_key);
    }
}

struct PluginSession {
    name: Arc<str>,
    library: Arc<Library>,
    session: Handle<MI_Session>,
    /// Taken when the handler's session is closed.
    leftovers: Mutex<Option<SessionLeftovers>>,
    surface: &'static Surface,
}

impl PluginSession {
    fn table(&self) -> Option<&MI_SessionFT> {
        // SAFETY: the handler's table lives in `self.library`, which `self` holds: the
        // reference cannot outlive it.
        unsafe { self.session.0.ft.as_ref() }
    }

    fn finish(&self) {
        let leftovers = self
            .leftovers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        drop(leftovers);
    }
}

/// What the handler's completion of an asynchronous session close finishes.
struct SessionClosing {
    leftovers: Option<SessionLeftovers>,
    done: Done,
}

impl ProtocolSession for PluginSession {
    fn start(&self, start: Start<'_>, sink: Arc<dyn Sink>) -> Box<dyn ProtocolOperation> {
        let kind = start.request.result_kind();
        let key = match HANDLES.insert::<SinkKind>(Arc::new(SinkEntry {
            sink: sink.clone(),
            library: self.library.clone(),
        })) {
            Ok(key) => key,
            Err(_) => {
                log::error!(
                    "handle table full: cannot start an operation on protocol handler {:?}",
                    self.name
                );
                return finished(&*sink, kind, MI_RESULT_SERVER_LIMITS_EXCEEDED);
            }
        };
        let copies = match (|| {
            let delivery = match &start.request {
                Request::Subscribe { delivery, .. } => *delivery,
                _ => None,
            };
            Ok::<_, MI_Result>((
                operation_handle(start.options, self.surface)?,
                delivery_handle(delivery, self.surface)?,
            ))
        })() {
            Ok(copies) => copies,
            Err(code) => {
                HANDLES.remove::<SinkKind>(key);
                return finished(&*sink, kind, code);
            }
        };
        let callbacks = Box::new(Handle(MI_OperationCallbacks {
            callbackContext: context_of(key),
            promptUser: Some(on_prompt_user),
            writeError: Some(on_write_error),
            writeMessage: Some(on_write_message),
            writeProgress: Some(on_write_progress),
            instanceResult: Some(on_instance_result),
            indicationResult: Some(on_indication_result),
            classResult: Some(on_class_result),
            streamedParameterResult: Some(on_streamed_parameter),
        }));
        let mut op = MI_Operation {
            reserved1: 0,
            reserved2: 0,
            ft: null(),
        };
        let options = copies.0.as_ref().map_or(null_mut(), OptionsHandle::ptr);
        let delivery = copies.1.as_ref().map_or(null(), |d| d.ptr().cast_const());
        // The handler reads the callbacks through a pointer; it never writes them.
        let cb = (&raw const callbacks.0).cast_mut();
        // SAFETY: the handler's own slots (module contract) with its session, our
        // callbacks (alive until its operation is closed), our copies of the options and
        // strings, and the client's instances (valid during this call).
        let present = unsafe { self.call_start(start.flags, options, delivery, &start.request, cb, &mut op) };
        if !present {
            log::error!("protocol handler {:?} has no slot for this operation", self.name);
            sink.push(Event::Result {
                kind,
                data: ResultData::final_with(MI_RESULT_NOT_SUPPORTED),
                ack: Ack::none(),
            });
        }
        Box::new(PluginOperation {
            _library: self.library.clone(),
            op: Handle(op),
            key,
            closed: AtomicBool::new(false),
            _callbacks: callbacks,
            _options: copies,
        })
    }

    fn close(&self, done: Option<Done>) {
        let mut session = self.session.0;
        let close = self.table().and_then(|ft| ft.Close);
        let Some(close) = close else {
            self.finish();
            if let Some(done) = done {
                done();
            }
            return;
        };
        match done {
            None => {
                // SAFETY: module contract; the handler's session, closed once, synchronously.
                let r = unsafe { close(&mut session, null_mut(), None) };
                if r != MI_RESULT_OK {
                    log::warn!("protocol handler {:?}: session Close returned {r}", self.name);
                }
                self.finish();
            }
            Some(done) => {
                let leftovers = self
                    .leftovers
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                let closing = Box::new(SessionClosing { leftovers, done });
                let context = Box::into_raw(closing).cast::<c_void>();
                // SAFETY: module contract; the handler calls our completion exactly once
                // with `context`, which stays valid until then.
                let r = unsafe { close(&mut session, context, Some(on_session_closed)) };
                if r != MI_RESULT_OK {
                    // The handler refused: it will not call back, so finish here.
                    log::warn!("protocol handler {:?}: session Close returned {r}", self.name);
                    // SAFETY: the box made above, which the handler did not take.
                    let closing = unsafe { Box::from_raw(context.cast::<SessionClosing>()) };
                    closing.finish();
                }
            }
        }
    }
}

impl SessionClosing {
    fn finish(self) {
        drop(self.leftovers);
        (self.done)();
    }
}

/// The handler's completion of an asynchronous session close.
unsafe extern "system" fn on_session_closed(context: *mut c_void) {
    guard_void("session close completion from protocol handler", || {
        if context.is_null() {
            log::error!("protocol handler completed a session close with a NULL context; ignored");
            return;
        }
        // SAFETY: the box `PluginSession::close` passed as context, taken back once (the
        // plug-in interface calls the completion exactly once).
        let closing = unsafe { Box::from_raw(context.cast::<SessionClosing>()) };
        closing.finish();
    })
}

/// An operation that ended before the handler was reached: one final result, already sent.
fn finished(sink: &dyn Sink, kind: ResultKind, code: MI_Result) -> Box<dyn ProtocolOperation> {
    sink.push(Event::Result {
        kind,
        data: ResultData::final_with(code),
        ack: Ack::none(),
    });
    Box::new(super::embedded::Done)
}

impl PluginSession {
    /// Calls the handler's slot for `request`; false when the handler has none.
    ///
    /// # Safety
    /// As the module contract; the pointers are valid for the call.
    unsafe fn call_start(
        &self,
        flags: MI_Uint32,
        options: *mut MI_OperationOptions,
        delivery: *const MI_SubscriptionDeliveryOptions,
        request: &Request<'_>,
        cb: *mut MI_OperationCallbacks,
        op: *mut MI_Operation,
    ) -> bool {
        let Some(ft) = self.table() else {
            return false;
        };
        let mut s = self.session.0;
        let s = &raw mut s;
        macro_rules! call {
            ($slot:ident($($arg:expr),*)) => {
                match ft.$slot {
                    // SAFETY: `f` is the handler's own slot of the table `self.table()` borrows
                    // (loaded while `self` lives, module contract), called with a copy of its
                    // session handle and the pointers this function's `# Safety` makes valid for
                    // the call.
                    Some(f) => { unsafe { f(s, $($arg),*) }; true }
                    None => false,
                }
            };
        }
        match *request {
            Request::GetInstance { namespace, instance } => {
                let ns = CString::of(namespace);
                call!(GetInstance(flags, options, ns.ptr(), instance.0, cb, op))
            }
            Request::ModifyInstance { namespace, instance } => {
                let ns = CString::of(namespace);
                call!(ModifyInstance(flags, options, ns.ptr(), instance.0, cb, op))
            }
            Request::CreateInstance { namespace, instance } => {
                let ns = CString::of(namespace);
                call!(CreateInstance(flags, options, ns.ptr(), instance.0, cb, op))
            }
            Request::DeleteInstance { namespace, instance } => {
                let ns = CString::of(namespace);
                call!(DeleteInstance(flags, options, ns.ptr(), instance.0, cb, op))
            }
            Request::Invoke {
                namespace,
                class,
                method,
                instance,
                parameters,
            } => {
                let (ns, class, method) = (CString::of(namespace), CString::of(class), CString::of(method));
                call!(Invoke(
                    flags,
                    options,
                    ns.ptr(),
                    class.ptr(),
                    method.ptr(),
                    instance.0,
                    parameters.0,
                    cb,
                    op
                ))
            }
            Request::EnumerateInstances {
                namespace,
                class,
                keys_only,
            } => {
                let (ns, class) = (CString::of(namespace), CString::of(class));
                call!(EnumerateInstances(
                    flags,
                    options,
                    ns.ptr(),
                    class.ptr(),
                    MI_Boolean::from(keys_only),
                    cb,
                    op
                ))
            }
            Request::QueryInstances {
                namespace,
                dialect,
                query,
            } => {
                let (ns, dialect, query) = (CString::of(namespace), CString::of(dialect), CString::of(query));
                call!(QueryInstances(
                    flags,
                    options,
                    ns.ptr(),
                    dialect.ptr(),
                    query.ptr(),
                    cb,
                    op
                ))
            }
            Request::AssociatorInstances {
                namespace,
                instance,
                assoc_class,
                result_class,
                role,
                result_role,
                keys_only,
            } => {
                let ns = CString::of(namespace);
                let (assoc, result, role, result_role) = (
                    CString::of(assoc_class),
                    CString::of(result_class),
                    CString::of(role),
                    CString::of(result_role),
                );
                call!(AssociatorInstances(
                    flags,
                    options,
                    ns.ptr(),
                    instance.0,
                    assoc.ptr(),
                    result.ptr(),
                    role.ptr(),
                    result_role.ptr(),
                    MI_Boolean::from(keys_only),
                    cb,
                    op
                ))
            }
            Request::ReferenceInstances {
                namespace,
                instance,
                result_class,
                role,
                keys_only,
            } => {
                let (ns, result, role) = (
                    CString::of(namespace),
                    CString::of(result_class),
                    CString::of(role),
                );
                call!(ReferenceInstances(
                    flags,
                    options,
                    ns.ptr(),
                    instance.0,
                    result.ptr(),
                    role.ptr(),
                    MI_Boolean::from(keys_only),
                    cb,
                    op
                ))
            }
            Request::Subscribe {
                namespace,
                dialect,
                query,
                ..
            } => {
                let (ns, dialect, query) = (CString::of(namespace), CString::of(dialect), CString::of(query));
                call!(Subscribe(
                    flags,
                    options,
                    ns.ptr(),
                    dialect.ptr(),
                    query.ptr(),
                    delivery,
                    cb,
                    op
                ))
            }
            Request::GetClass { namespace, class } => {
                let (ns, class) = (CString::of(namespace), CString::of(class));
                call!(GetClass(flags, options, ns.ptr(), class.ptr(), cb, op))
            }
            Request::EnumerateClasses {
                namespace,
                class,
                names_only,
            } => {
                let (ns, class) = (CString::of(namespace), CString::of(class));
                call!(EnumerateClasses(
                    flags,
                    options,
                    ns.ptr(),
                    class.ptr(),
                    MI_Boolean::from(names_only),
                    cb,
                    op
                ))
            }
            Request::TestConnection => call!(TestConnection(flags, cb, op)),
        }
    }
}

struct PluginOperation {
    /// Keeps the handler loaded while its operation handle (and table) is in use.
    _library: Arc<Library>,
    op: Handle<MI_Operation>,
    key: Key,
    closed: AtomicBool,
    _callbacks: Box<Handle<MI_OperationCallbacks>>,
    _options: (
        Option<OptionsHandle<MI_OperationOptions>>,
        Option<OptionsHandle<MI_SubscriptionDeliveryOptions>>,
    ),
}

impl PluginOperation {
    fn table(&self) -> Option<&MI_OperationFT> {
        // SAFETY: the handler's table lives in `self.library`, which `self` holds: the
        // reference cannot outlive it.
        unsafe { self.op.0.ft.as_ref() }
    }
}

impl ProtocolOperation for PluginOperation {
    fn cancel(&self, reason: MI_CancellationReason) {
        if let Some(cancel) = self.table().and_then(|ft| ft.Cancel) {
            let mut op = self.op.0;
            // SAFETY: module contract; Cancel may deliver the final result inline.
            unsafe { cancel(&mut op, reason) };
        }
    }

    fn close(&self) {
        if self.closed.swap(true, Ordering::AcqRel) {
            return;
        }
        if let Some(close) = self.table().and_then(|ft| ft.Close) {
            let mut op = self.op.0;
            // SAFETY: module contract; the handler's operation, closed once (flag above),
            // after its final result (the core's rule).
            unsafe { close(&mut op) };
        }
        // From here on a callback of this operation finds a stale context.
        HANDLES.remove::<SinkKind>(self.key);
    }
}

impl Drop for PluginOperation {
    fn drop(&mut self) {
        HANDLES.remove::<SinkKind>(self.key);
    }
}

// ---- What the handler calls: the trampolines in the callbacks we pass down --------------

/// The sink behind an operation callback context; `None` (logged) for a context that is
/// no longer current: the handler called back after its operation was closed.
fn sink_entry(context: *mut c_void, what: &str) -> Option<Arc<SinkEntry>> {
    let entry = key_of_context(context).and_then(|key| HANDLES.get::<SinkKind>(key));
    if entry.is_none() {
        log::error!("protocol handler called {what} with an unknown or closed operation context; ignored");
    }
    entry
}

/// A copy of the handler's operation handle (NULL tolerated).
///
/// # Safety
/// `operation` is NULL or readable.
unsafe fn handler_op(operation: *mut MI_Operation) -> Handle<MI_Operation> {
    // SAFETY: `operation` is NULL or readable (this function's `# Safety`); `as_ref` maps NULL to
    // `None`, and the struct is copied by value.
    Handle(unsafe { operation.as_ref() }.copied().unwrap_or(MI_Operation {
        reserved1: 0,
        reserved2: 0,
        ft: null(),
    }))
}

/// The handler's acknowledgement for one result, as the core calls it.
fn plugin_ack(f: Option<HandlerAckFn>, op: Handle<MI_Operation>, library: &Arc<Library>) -> Ack {
    let Some(f) = f else {
        return Ack::none();
    };
    let library = library.clone();
    Ack::new(move || {
        let (_loaded, handle) = (&library, op);
        let mut op = handle.0;
        // SAFETY: module contract; the handler's own acknowledgement for its own
        // operation, called once (the core calls an Ack at most once), while the library
        // is loaded (held by this closure).
        unsafe { f(&mut op) };
    })
}

fn plugin_reply(f: Option<HandlerReplyFn>, op: Handle<MI_Operation>, library: &Arc<Library>) -> Reply {
    let Some(f) = f else {
        return Reply::none();
    };
    let library = library.clone();
    Reply::new(move |response| {
        let (_loaded, handle) = (&library, op);
        let mut op = handle.0;
        // SAFETY: as in `plugin_ack`, for the handler's continuation.
        unsafe { f(&mut op, response) };
    })
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
    ack: Option<HandlerAckFn>,
) {
    guard_void("instanceResult from protocol handler", || {
        let Some(entry) = sink_entry(context, "instanceResult") else {
            return;
        };
        let data = ResultData {
            object: Raw(instance.cast()),
            bookmark: Raw::null(),
            machine_id: Raw::null(),
            more: more != MI_FALSE,
            code,
            error: Raw(error),
            details: Raw(details),
        };
        // SAFETY: the handler's operation pointer, NULL or readable.
        let op = unsafe { handler_op(operation) };
        entry.sink.push(Event::Result {
            kind: ResultKind::Instance,
            data,
            ack: plugin_ack(ack, op, &entry.library),
        });
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
    ack: Option<HandlerAckFn>,
) {
    guard_void("indicationResult from protocol handler", || {
        let Some(entry) = sink_entry(context, "indicationResult") else {
            return;
        };
        let data = ResultData {
            object: Raw(instance.cast()),
            bookmark: Raw(bookmark),
            machine_id: Raw(machine_id),
            more: more != MI_FALSE,
            code,
            error: Raw(error),
            details: Raw(details),
        };
        // SAFETY: the handler's operation pointer, NULL or readable.
        let op = unsafe { handler_op(operation) };
        entry.sink.push(Event::Result {
            kind: ResultKind::Indication,
            data,
            ack: plugin_ack(ack, op, &entry.library),
        });
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
    ack: Option<HandlerAckFn>,
) {
    guard_void("classResult from protocol handler", || {
        let Some(entry) = sink_entry(context, "classResult") else {
            return;
        };
        let data = ResultData {
            object: Raw(class.cast()),
            bookmark: Raw::null(),
            machine_id: Raw::null(),
            more: more != MI_FALSE,
            code,
            error: Raw(error),
            details: Raw(details),
        };
        // SAFETY: the handler's operation pointer, NULL or readable.
        let op = unsafe { handler_op(operation) };
        entry.sink.push(Event::Result {
            kind: ResultKind::Class,
            data,
            ack: plugin_ack(ack, op, &entry.library),
        });
    })
}

unsafe extern "system" fn on_prompt_user(
    operation: *mut MI_Operation,
    context: *mut c_void,
    message: *const MI_Char,
    prompt_type: MI_PromptType,
    reply: Option<HandlerReplyFn>,
) {
    guard_void("promptUser from protocol handler", || {
        let Some(entry) = sink_entry(context, "promptUser") else {
            return;
        };
        // SAFETY: the handler's pointers: the operation NULL or readable, the message
        // NULL or NUL-terminated.
        let (op, message) = unsafe { (handler_op(operation), Text::copy(message)) };
        // A handler that passes no continuation only reports the prompt.
        entry.sink.push(Event::Prompt {
            message,
            prompt_type,
            report: reply.is_none(),
            reply: plugin_reply(reply, op, &entry.library),
        });
    })
}

unsafe extern "system" fn on_write_error(
    operation: *mut MI_Operation,
    context: *mut c_void,
    instance: *mut MI_Instance,
    reply: Option<HandlerReplyFn>,
) {
    guard_void("writeError from protocol handler", || {
        let Some(entry) = sink_entry(context, "writeError") else {
            return;
        };
        // SAFETY: the handler's operation pointer, NULL or readable.
        let op = unsafe { handler_op(operation) };
        entry.sink.push(Event::WriteError {
            instance: Raw(instance),
            report: reply.is_none(),
            reply: plugin_reply(reply, op, &entry.library),
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
        let Some(entry) = sink_entry(context, "writeMessage") else {
            return;
        };
        // SAFETY: the handler's message, NULL or NUL-terminated.
        let text = unsafe { Text::copy(message) };
        entry.sink.push(Event::Message { channel, text });
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
        let Some(entry) = sink_entry(context, "writeProgress") else {
            return;
        };
        // SAFETY: the handler's strings, each NULL or NUL-terminated.
        let (activity, current, status) =
            unsafe { (Text::copy(activity), Text::copy(current), Text::copy(status)) };
        entry.sink.push(Event::Progress {
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
    ack: Option<HandlerAckFn>,
) {
    guard_void("streamedParameterResult from protocol handler", || {
        let Some(entry) = sink_entry(context, "streamedParameterResult") else {
            return;
        };
        // SAFETY: the handler's pointers: the operation NULL or readable, the name NULL or
        // NUL-terminated.
        let (op, name) = unsafe { (handler_op(operation), Text::copy(name)) };
        entry.sink.push(Event::Streamed {
            name,
            value_type,
            value: Raw(value),
            ack: plugin_ack(ack, op, &entry.library),
        });
    })
}

fn events_entry(context: *mut c_void, what: &str) -> Option<Arc<EventsEntry>> {
    let entry = key_of_context(context).and_then(|key| HANDLES.get::<EventsKind>(key));
    if entry.is_none() {
        log::error!(
            "protocol handler called session {what} with an unknown or closed session context; ignored"
        );
    }
    entry
}

unsafe extern "system" fn on_session_write_message(
    _application: *mut MI_Application,
    context: *mut c_void,
    channel: MI_Uint32,
    message: *const MI_Char,
) {
    guard_void("session writeMessage from protocol handler", || {
        if let Some(entry) = events_entry(context, "writeMessage") {
            entry.0.message(channel, message);
        }
    })
}

unsafe extern "system" fn on_session_write_error(
    _application: *mut MI_Application,
    context: *mut c_void,
    instance: *mut MI_Instance,
) {
    guard_void("session writeError from protocol handler", || {
        if let Some(entry) = events_entry(context, "writeError") {
            entry.0.error(instance);
        }
    })
}

/// Loading shared libraries: `dlopen` / `dlsym` / `dlclose` on Unix.
#[cfg(unix)]
pub(crate) mod sys {
    use std::ffi::{CStr, CString, c_void};
    use std::path::Path;

    pub(crate) fn open(path: &Path) -> Result<*mut c_void, String> {
        use std::os::unix::ffi::OsStrExt;
        let path = CString::new(path.as_os_str().as_bytes()).map_err(|_| "path contains NUL".to_string())?;
        // SAFETY: NUL-terminated path; RTLD_LOCAL keeps the handler's symbols to itself.
        let handle = unsafe { libc::dlopen(path.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
        if handle.is_null() {
            Err(dl_error())
        } else {
            Ok(handle)
        }
    }

    /// # Safety
    /// `handle` is a live handle from [`open`].
    pub(crate) unsafe fn symbol(handle: *mut c_void, name: &CStr) -> *mut c_void {
        // SAFETY: `handle` is a live handle from [`open`] (this function's `# Safety`), as `dlsym`
        // requires; `name` is a `CStr`, so NUL-terminated.
        unsafe { libc::dlsym(handle, name.as_ptr()) }
    }

    /// # Safety
    /// `handle` is a live handle from [`open`], not used afterwards.
    pub(crate) unsafe fn close(handle: *mut c_void) -> Result<(), String> {
        // SAFETY: `handle` is a live handle from [`open`], not used afterwards (this function's
        // `# Safety`), as `dlclose` requires.
        if unsafe { libc::dlclose(handle) } == 0 {
            Ok(())
        } else {
            Err(dl_error())
        }
    }

    fn dl_error() -> String {
        // SAFETY: dlerror returns NULL or a NUL-terminated message owned by libc.
        let message = unsafe { libc::dlerror() };
        if message.is_null() {
            "unknown error".to_string()
        } else {
            // SAFETY: non-NULL, NUL-terminated (see above).
            unsafe { CStr::from_ptr(message) }.to_string_lossy().into_owned()
        }
    }
}

/// Loading DLLs: `LoadLibraryExW` / `GetProcAddress` / `FreeLibrary` on Windows. The three
/// kernel32 functions are declared here rather than through the `windows-sys` crate: they
/// are all this library needs from the Windows API, kernel32 is linked into every Rust
/// program on Windows anyway, and a dependency of that size for three stable declarations
/// would be most of the crate's build time on that target.
#[cfg(windows)]
pub(crate) mod sys {
    use std::ffi::{CStr, c_void};
    use std::os::windows::ffi::OsStrExt;
    use std::path::Path;

    /// Resolve the DLL's own dependencies from its folder first (only valid, and only
    /// used, with an absolute path).
    const LOAD_WITH_ALTERED_SEARCH_PATH: u32 = 0x0000_0008;

    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn LoadLibraryExW(name: *const u16, file: *mut c_void, flags: u32) -> *mut c_void;
        fn GetProcAddress(module: *mut c_void, name: *const u8) -> *mut c_void;
        fn FreeLibrary(module: *mut c_void) -> i32;
    }

    pub(crate) fn open(path: &Path) -> Result<*mut c_void, String> {
        let mut wide: Vec<u16> = path.as_os_str().encode_wide().collect();
        if wide.contains(&0) {
            return Err("path contains NUL".to_string());
        }
        wide.push(0);
        let flags = if path.is_absolute() {
            LOAD_WITH_ALTERED_SEARCH_PATH
        } else {
            0
        };
        // SAFETY: NUL-terminated UTF-16 path; no reserved file handle.
        let handle = unsafe { LoadLibraryExW(wide.as_ptr(), std::ptr::null_mut(), flags) };
        if handle.is_null() {
            Err(last_error())
        } else {
            Ok(handle)
        }
    }

    /// # Safety
    /// `handle` is a live module handle from [`open`].
    pub(crate) unsafe fn symbol(handle: *mut c_void, name: &CStr) -> *mut c_void {
        // SAFETY: `handle` is a live module handle from [`open`] (this function's `# Safety`), as
        // `GetProcAddress` requires; `name` is a `CStr`, so NUL-terminated.
        unsafe { GetProcAddress(handle, name.as_ptr().cast()) }
    }

    /// # Safety
    /// `handle` is a live module handle from [`open`], not used afterwards.
    pub(crate) unsafe fn close(handle: *mut c_void) -> Result<(), String> {
        // SAFETY: `handle` is a live module handle from [`open`], not used afterwards (this
        // function's `# Safety`), as `FreeLibrary` requires.
        if unsafe { FreeLibrary(handle) } != 0 {
            Ok(())
        } else {
            Err(last_error())
        }
    }

    fn last_error() -> String {
        format!("{}", std::io::Error::last_os_error())
    }
}
