//! Protocol handlers (contract §6): shared libraries whose entry point has the signature of
//! `MI_Application_InitializeV1` and fills an `MI_Application` whose tables implement the
//! session and operation slots. The built-in embedded handler (`embedded.rs`) is driven
//! through the same tables, so sessions and operations have one code path.

pub(crate) mod embedded;

use crate::abi::*;
use crate::boundary::MiResult;
use crate::config::HandlerSpec;
use std::ffi::{CString, c_void};
use std::ptr::null_mut;

/// Name of the built-in handler: the default local handler when the configuration file
/// names none. It completes every operation with `MI_RESULT_NOT_SUPPORTED` until the
/// in-process provider host exists.
pub(crate) const EMBEDDED_NAME: &str = "MI_EMBEDDED";

type EntryPoint = unsafe extern "C" fn(
    flags: MI_Uint32,
    application_id: *const MI_Char,
    extended_error: *mut *mut MI_Instance,
    application: *mut MI_Application,
) -> MI_Result;

/// One loaded handler of one application: the handler's own application handle, and the
/// library it came from (unloaded when the handler is closed).
#[derive(Debug)]
pub(crate) struct Handler {
    pub(crate) name: String,
    app: MI_Application,
    /// Taken (and unloaded) by the one `close`.
    library: std::sync::Mutex<Option<Library>>,
    closed: std::sync::atomic::AtomicBool,
}

// SAFETY: the handler's handle is plain data (two words and a pointer to an immutable
// table); the MI plug-in interface lets any thread call a handler's tables.
unsafe impl Send for Handler {}
// SAFETY: as above; `&Handler` only reads the handle.
unsafe impl Sync for Handler {}

#[derive(Debug)]
struct Library(*mut c_void);

impl Handler {
    /// The handler's application handle, for calls through its tables.
    pub(crate) fn app(&self) -> MI_Application {
        self.app
    }

    /// The built-in handler.
    pub(crate) fn embedded(app_id: &CString) -> MiResult<Handler> {
        // SAFETY: the embedded entry point follows the InitializeV1 contract.
        let app = unsafe { start(embedded::entry, app_id, EMBEDDED_NAME) }?;
        Ok(Handler::new(EMBEDDED_NAME.to_string(), app, None))
    }

    /// Loads a configured handler: `dlopen`, look up the entry point, call it.
    pub(crate) fn load(spec: &HandlerSpec, app_id: &CString) -> MiResult<Handler> {
        let library = Library::open(spec)?;
        let Ok(symbol) = CString::new(spec.entry_point.as_str()) else {
            log::error!("protocol handler {:?}: entry point name contains NUL", spec.name);
            return Err(MI_RESULT_FAILED);
        };
        // SAFETY: `library.0` is a live handle from dlopen; `symbol` is NUL-terminated.
        let address = unsafe { libc::dlsym(library.0, symbol.as_ptr()) };
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
        // SAFETY: as above.
        let app = unsafe { start(entry, app_id, &spec.name) }?;
        log::info!(
            "protocol handler {:?} loaded from {}",
            spec.name,
            spec.library.display()
        );
        Ok(Handler::new(spec.name.clone(), app, Some(library)))
    }

    fn new(name: String, app: MI_Application, library: Option<Library>) -> Handler {
        Handler {
            name,
            app,
            library: std::sync::Mutex::new(library),
            closed: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Closes the handler's application (which must end its threads) and unloads it. Called
    /// by application Close once every session is closed; only the first call does it, so
    /// a reference that lingers elsewhere (a thread just leaving `MI_Session_Close`) can
    /// neither keep the handler loaded nor close it twice.
    pub(crate) fn close(&self) {
        if self.closed.swap(true, std::sync::atomic::Ordering::AcqRel) {
            return;
        }
        let mut app = self.app;
        if let Some(close) = table(&app).and_then(|ft| ft.Close) {
            // SAFETY: the handler's own handle and table, closed exactly once (flag above).
            let r = unsafe { close(&mut app) };
            if r != MI_RESULT_OK {
                log::warn!("protocol handler {:?}: Close returned {r}", self.name);
            }
        }
        let library = self
            .library
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        drop(library);
    }
}

impl Drop for Handler {
    fn drop(&mut self) {
        self.close();
    }
}

/// The handler's application table, if it gave one.
pub(crate) fn table(app: &MI_Application) -> Option<&'static MI_ApplicationFT> {
    // SAFETY: a handler's `ft` points to its static table for as long as it is loaded.
    unsafe { app.ft.as_ref() }
}

/// Calls a handler entry point the way the reference does: flags 0 and the application ID.
///
/// # Safety
/// `entry` has the MI_Application_InitializeV1 contract.
unsafe fn start(entry: EntryPoint, app_id: &CString, name: &str) -> MiResult<MI_Application> {
    let mut app = MI_Application {
        reserved1: 0,
        reserved2: 0,
        ft: std::ptr::null(),
    };
    let mut extended: *mut MI_Instance = null_mut();
    // SAFETY: valid out-pointers; the ID is NUL-terminated and outlives the call.
    let r = unsafe { entry(0, app_id.as_ptr().cast(), &mut extended, &mut app) };
    if r != MI_RESULT_OK {
        log::error!("protocol handler {name:?}: entry point failed with MI_Result {r}");
        // A failed initialization leaves a closable handle (as ours does): let it clean up.
        if let Some(close) = table(&app).and_then(|ft| ft.Close) {
            // SAFETY: the handle the entry point just filled.
            unsafe { close(&mut app) };
        }
        return Err(MI_RESULT_FAILED);
    }
    if table(&app).is_none() {
        log::error!("protocol handler {name:?}: entry point returned no function table");
        return Err(MI_RESULT_FAILED);
    }
    Ok(app)
}

impl Library {
    fn open(spec: &HandlerSpec) -> MiResult<Library> {
        use std::os::unix::ffi::OsStrExt;
        let Ok(path) = CString::new(spec.library.as_os_str().as_bytes()) else {
            log::error!("protocol handler {:?}: library path contains NUL", spec.name);
            return Err(MI_RESULT_FAILED);
        };
        // SAFETY: NUL-terminated path; RTLD_LOCAL keeps the handler's symbols to itself.
        let handle = unsafe { libc::dlopen(path.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
        if handle.is_null() {
            log::error!(
                "protocol handler {:?}: cannot load {}: {}",
                spec.name,
                spec.library.display(),
                dl_error()
            );
            return Err(MI_RESULT_FAILED);
        }
        Ok(Library(handle))
    }
}

impl Drop for Library {
    fn drop(&mut self) {
        // SAFETY: the handle came from dlopen and is closed once.
        if unsafe { libc::dlclose(self.0) } != 0 {
            log::warn!("dlclose of a protocol handler failed: {}", dl_error());
        }
    }
}

fn dl_error() -> String {
    // SAFETY: dlerror returns NULL or a NUL-terminated message owned by libc.
    let message = unsafe { libc::dlerror() };
    if message.is_null() {
        "unknown error".to_string()
    } else {
        // SAFETY: non-NULL, NUL-terminated (see above).
        unsafe { std::ffi::CStr::from_ptr(message) }
            .to_string_lossy()
            .into_owned()
    }
}
