//! Protocol handlers (contract §6): shared libraries whose entry point has the signature of
//! `MI_Application_InitializeV1` and fills an `MI_Application` whose tables implement the
//! session and operation slots. The built-in embedded handler (`embedded.rs`) is driven
//! through the same tables, so sessions and operations have one code path.

pub(crate) mod embedded;

use crate::abi::*;
use crate::boundary::MiResult;
use crate::config::HandlerSpec;
use std::ffi::c_void;
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
    /// `app_id` is the client's application ID, NUL-terminated `MI_Char`s.
    pub(crate) fn embedded(app_id: &[MI_Char]) -> MiResult<Handler> {
        // SAFETY: the embedded entry point follows the InitializeV1 contract.
        let app = unsafe { start(embedded::entry, app_id, EMBEDDED_NAME) }?;
        Ok(Handler::new(EMBEDDED_NAME.to_string(), app, None))
    }

    /// Loads a configured handler: load the library (`dlopen` / `LoadLibraryExW`), look up
    /// the entry point, call it.
    pub(crate) fn load(spec: &HandlerSpec, app_id: &[MI_Char]) -> MiResult<Handler> {
        let library = Library::open(spec)?;
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
unsafe fn start(entry: EntryPoint, app_id: &[MI_Char], name: &str) -> MiResult<MI_Application> {
    debug_assert_eq!(app_id.last(), Some(&0), "the application ID is NUL-terminated");
    let mut app = MI_Application {
        reserved1: 0,
        reserved2: 0,
        ft: std::ptr::null(),
    };
    let mut extended: *mut MI_Instance = null_mut();
    // SAFETY: valid out-pointers; the ID is NUL-terminated and outlives the call.
    let r = unsafe { entry(0, app_id.as_ptr(), &mut extended, &mut app) };
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
        match sys::open(&spec.library) {
            Ok(handle) => Ok(Library(handle)),
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
        // SAFETY: `self.0` is a live handle from `sys::open` (closed only on drop).
        unsafe { sys::symbol(self.0, name) }
    }
}

impl Drop for Library {
    fn drop(&mut self) {
        // SAFETY: the handle came from `sys::open` and is closed once, here.
        if let Err(message) = unsafe { sys::close(self.0) } {
            log::warn!("unloading a protocol handler failed: {message}");
        }
    }
}

/// Loading shared libraries: `dlopen` / `dlsym` / `dlclose` on Unix.
#[cfg(unix)]
mod sys {
    use std::ffi::{CStr, CString, c_void};
    use std::path::Path;

    pub(super) fn open(path: &Path) -> Result<*mut c_void, String> {
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
    pub(super) unsafe fn symbol(handle: *mut c_void, name: &CStr) -> *mut c_void {
        // SAFETY: forwarded contract; `name` is NUL-terminated.
        unsafe { libc::dlsym(handle, name.as_ptr()) }
    }

    /// # Safety
    /// `handle` is a live handle from [`open`], not used afterwards.
    pub(super) unsafe fn close(handle: *mut c_void) -> Result<(), String> {
        // SAFETY: forwarded contract.
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
mod sys {
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

    pub(super) fn open(path: &Path) -> Result<*mut c_void, String> {
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
    pub(super) unsafe fn symbol(handle: *mut c_void, name: &CStr) -> *mut c_void {
        // SAFETY: forwarded contract; `name` is NUL-terminated.
        unsafe { GetProcAddress(handle, name.as_ptr().cast()) }
    }

    /// # Safety
    /// `handle` is a live module handle from [`open`], not used afterwards.
    pub(super) unsafe fn close(handle: *mut c_void) -> Result<(), String> {
        // SAFETY: forwarded contract.
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
