//! The application object and its life cycle (contract §3): `MI_Application_InitializeV1`,
//! `MI_Application_NewSession` and `MI_Application_Close`. An application owns its sessions
//! (until the client closes them), the protocol handlers it loaded, and its configuration.

use crate::abi::*;
use crate::boundary::MiResult;
use crate::callback::CallbackScope;
use crate::config::{Config, ConfigError};
use crate::ffi::OwnedOptions;
use crate::handles::{HANDLES, Key, Kind, tag};
use crate::protocol::{self, EMBEDDED_NAME, Handler};
use crate::session::{self, Session, SessionCallbackContext, SessionKind, close_warning_interval};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};

/// One `MI_Application`.
#[derive(Debug)]
pub(crate) struct Application {
    /// Process-unique number, the key of the in-callback record.
    serial: u64,
    /// `applicationID` as the client passed it (an opaque label, never parsed or
    /// re-encoded: `MI_Char`s, UTF-16 on Windows), with its NUL, handed to protocol handlers.
    id: Box<[MI_Char]>,
    /// Set by the one Close that does the work; every later call sees a closed application.
    closing: AtomicBool,
    key: OnceLock<Key>,
    /// The configuration file, read at the first NewSession (not at Initialize, which must
    /// stay cheap), then kept for the application's life.
    config: OnceLock<Result<Arc<Config>, ConfigError>>,
    state: Mutex<AppState>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct AppState {
    sessions: HashMap<u64, Arc<Session>>,
    handlers: HashMap<String, Arc<Handler>>,
}

impl Application {
    pub(crate) fn serial(&self) -> u64 {
        self.serial
    }

    pub(crate) fn is_closing(&self) -> bool {
        self.closing.load(Ordering::Acquire)
    }

    fn lock(&self) -> MutexGuard<'_, AppState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The client's handle for this application.
    pub(crate) fn handle(&self) -> MI_Application {
        let (reserved1, reserved2) = self.key.get().map_or((0, 0), |k| k.pack());
        MI_Application {
            reserved1,
            reserved2,
            ft: &crate::ffi::APPLICATION_FT,
        }
    }

    /// Called by a session once it is fully closed.
    pub(crate) fn session_closed(&self, serial: u64) {
        self.lock().sessions.remove(&serial);
        self.changed.notify_all();
    }

    fn config(&self) -> MiResult<Arc<Config>> {
        let loaded = self.config.get_or_init(|| {
            let config = Config::shared();
            match &config {
                Ok(c) => {
                    if let Some(level) = c.log_level {
                        crate::logging::set_level(level);
                    }
                }
                Err(e) => log::error!("configuration file: {e}"),
            }
            config
        });
        loaded.clone().map_err(|e| {
            log::error!("configuration file is not valid, so no protocol handler can be chosen: {e}");
            MI_RESULT_FAILED
        })
    }

    /// The loaded handler called `name`, loading it on first use.
    fn handler(&self, name: &str, config: &Config) -> MiResult<Arc<Handler>> {
        if let Some(h) = self.lock().handlers.get(name) {
            return Ok(h.clone());
        }
        // Load without holding the lock: the entry point is foreign code.
        let loaded = if let Some(spec) = config.handler(name) {
            Handler::load(spec, &self.id)?
        } else if name == EMBEDDED_NAME {
            Handler::embedded(&self.id)?
        } else {
            log::error!("MI_Application_NewSession: no protocol handler named {name:?}");
            return Err(MI_RESULT_NOT_FOUND);
        };
        let mut st = self.lock();
        if self.is_closing() {
            drop(st);
            loaded.close();
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        if let Some(existing) = st.handlers.get(name) {
            // Another thread loaded it meanwhile; keep theirs.
            let existing = existing.clone();
            drop(st);
            loaded.close();
            return Ok(existing);
        }
        let handler = Arc::new(loaded);
        st.handlers.insert(name.to_string(), handler.clone());
        Ok(handler)
    }
}

pub(crate) struct ApplicationKind;
impl Kind for ApplicationKind {
    const TAG: u8 = tag::APPLICATION;
    const NAME: &'static str = "MI_Application";
    type Obj = Application;
}

static NEXT_SERIAL: AtomicU64 = AtomicU64::new(1);

/// Applications created and not yet closed; the last Close drops process-wide caches.
static LIVE_APPLICATIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Creates an application and returns the key for its handle.
pub(crate) fn create(flags: MI_Uint32, id: Option<Box<[MI_Char]>>) -> MiResult<Key> {
    if flags != 0 {
        log::error!("MI_Application_Initialize: flags {flags:#x} given; no flags are defined");
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // The copy stopped at the first NUL, so there is none inside; NULL is the empty ID.
    let mut id: Vec<MI_Char> = id.map(Vec::from).unwrap_or_default();
    id.push(0);
    let id = id.into_boxed_slice();
    let app = Arc::new(Application {
        serial: NEXT_SERIAL.fetch_add(1, Ordering::Relaxed),
        id,
        closing: AtomicBool::new(false),
        key: OnceLock::new(),
        config: OnceLock::new(),
        state: Mutex::new(AppState::default()),
        changed: Condvar::new(),
    });
    let key = HANDLES.insert::<ApplicationKind>(app.clone()).map_err(|_| {
        log::error!("MI_Application_Initialize: handle table full");
        MI_RESULT_SERVER_LIMITS_EXCEEDED
    })?;
    LIVE_APPLICATIONS.fetch_add(1, Ordering::AcqRel);
    let _ = app.key.set(key);
    Ok(key)
}

/// The application behind `key`, if its handle is live and Close has not started.
pub(crate) fn open(key: Key) -> MiResult<Arc<Application>> {
    let app = HANDLES
        .get::<ApplicationKind>(key)
        .ok_or(MI_RESULT_INVALID_PARAMETER)?;
    if app.is_closing() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    Ok(app)
}

/// Which handler a session uses (contract §4): by name; NULL picks the default local
/// handler for a NULL destination, the default remote handler otherwise.
fn handler_name(protocol: Option<&str>, remote: bool, config: &Config) -> MiResult<String> {
    if let Some(name) = protocol {
        return Ok(name.to_string());
    }
    if !remote {
        return Ok(config
            .default_local
            .clone()
            .unwrap_or_else(|| EMBEDDED_NAME.to_string()));
    }
    config.default_remote.clone().ok_or_else(|| {
        log::error!(
            "MI_Application_NewSession: a destination was given but no defaultremoteprotocolhandler \
             is configured (the WS-Management transport is not built yet)"
        );
        MI_RESULT_NOT_SUPPORTED
    })
}

/// `MI_Application_NewSession`: returns the key of the new session's handle.
///
/// # Safety
/// `protocol` and `destination` are NULL or NUL-terminated; `options` is NULL or an options
/// handle; `callbacks` is NULL or readable.
pub(crate) unsafe fn new_session(
    app_key: Key,
    protocol: Option<&str>,
    destination: *const MI_Char,
    options: *mut MI_DestinationOptions,
    callbacks: Option<MI_SessionCallbacks>,
) -> MiResult<Key> {
    let app = open(app_key)?;
    let config = app.config()?;
    let name = handler_name(protocol, !destination.is_null(), &config)?;
    let handler = app.handler(&name, &config)?;

    let context = Box::new(SessionCallbackContext {
        client: callbacks.unwrap_or(MI_SessionCallbacks {
            callbackContext: std::ptr::null_mut(),
            writeMessage: None,
            writeError: None,
        }),
        app_handle: app.handle(),
        app_serial: app.serial,
    });
    let mut handler_callbacks = MI_SessionCallbacks {
        callbackContext: (&raw const *context).cast_mut().cast(),
        writeMessage: Some(session::on_session_write_message),
        writeError: Some(session::on_session_write_error),
    };
    // The session keeps its own copy for the handler: the client may delete its object at once.
    // SAFETY: NULL or an options handle struct, per this function's contract.
    let options = unsafe { OwnedOptions::<MI_DestinationOptions>::copy_of(options) }?;
    let mut handler_app = handler.app();
    let mut handler_session = MI_Session {
        reserved1: 0,
        reserved2: 0,
        ft: std::ptr::null(),
    };
    let mut extended: *mut MI_Instance = std::ptr::null_mut();
    // The handler gets the name in the platform's `MI_Char` encoding (UTF-16 on Windows).
    if name.contains('\0') {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    let protocol_c = crate::strings::encode(&name);
    let Some(new) = protocol::table(&handler_app).and_then(|ft| ft.NewSession) else {
        log::error!("protocol handler {name:?} has no NewSession slot");
        return Err(MI_RESULT_NOT_SUPPORTED);
    };
    let r = {
        let _in_app = CallbackScope::enter(app.serial);
        // SAFETY: the handler's slot, with valid pointers that outlive the call; the
        // callback context lives in the session until the handler's session is closed.
        unsafe {
            new(
                &mut handler_app,
                protocol_c.as_ptr(),
                destination,
                options.as_ptr(),
                &mut handler_callbacks,
                &mut extended,
                &mut handler_session,
            )
        }
    };
    if r != MI_RESULT_OK {
        log::error!("protocol handler {name:?}: NewSession failed with MI_Result {r}");
        return Err(r);
    }
    let session = Session::new(app.clone(), handler, handler_session, context, options);
    let registered = {
        // Close sets `closing` under this lock, so a session registered here is one that
        // Close will wait for.
        let mut st = app.lock();
        !app.is_closing() && st.sessions.insert(session.serial(), session.clone()).is_none()
    };
    if !registered {
        let _ = session.close(None);
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    match HANDLES.insert::<SessionKind>(session.clone()) {
        Ok(key) => {
            session.set_key(key);
            Ok(key)
        }
        Err(_) => {
            let _ = session.close(None);
            Err(MI_RESULT_SERVER_LIMITS_EXCEEDED)
        }
    }
}

/// `MI_Application_Close` (contract §3, points 1-5).
pub(crate) fn close(key: Key) -> MiResult {
    let app = HANDLES
        .get::<ApplicationKind>(key)
        .ok_or(MI_RESULT_INVALID_PARAMETER)?;
    if CallbackScope::active_for(app.serial) {
        // Waiting here would wait for the callback we are called from: the reference
        // deadlocks. Refuse, and leave the application exactly as it was.
        log::error!(
            "MI_Application_Close called from inside a callback of the same application \
             (on this thread); refused: close it after the callback returns"
        );
        return Err(MI_RESULT_FAILED);
    }
    let sessions: Vec<Arc<Session>> = {
        let st = app.lock();
        if app.closing.swap(true, Ordering::AcqRel) {
            // Another thread's Close got here first and does the work.
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        st.sessions.values().cloned().collect()
    };
    // 1. Cancel everything that runs: asynchronous operations get their final callback.
    for session in &sessions {
        session.cancel_operations();
    }
    drop(sessions);
    // 2. Wait for the client to close its sessions, saying what we wait for.
    {
        let mut st = app.lock();
        while !st.sessions.is_empty() {
            let (next, timeout) = app
                .changed
                .wait_timeout(st, close_warning_interval())
                .unwrap_or_else(PoisonError::into_inner);
            st = next;
            if timeout.timed_out() && !st.sessions.is_empty() {
                let open: Vec<String> = st
                    .sessions
                    .values()
                    .take(8)
                    .map(|s| {
                        let h = s.handle();
                        format!(
                            "{{{:#x}, {:#x}}} on {:?}",
                            h.reserved1,
                            h.reserved2,
                            s.handler_name()
                        )
                    })
                    .collect();
                log::warn!(
                    "MI_Application_Close is waiting for the client to close {} session(s) of this \
                     application (their operations are cancelled): {}",
                    st.sessions.len(),
                    open.join(", ")
                );
            }
        }
    }
    // 3. Close and unload the protocol handlers (each joins its own threads).
    let handlers: Vec<Arc<Handler>> = app.lock().handlers.drain().map(|(_, h)| h).collect();
    for handler in handlers {
        handler.close();
    }
    // 4. Retire the handle: every copy becomes stale.
    HANDLES.remove::<ApplicationKind>(key);
    // 5. The last application out drops the shared configuration: the library then holds
    //    nothing and can be unloaded.
    if LIVE_APPLICATIONS.fetch_sub(1, Ordering::AcqRel) == 1 {
        crate::config::forget_cached();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_close_and_stale() {
        let key = create(0, None).unwrap();
        assert!(open(key).is_ok());
        assert_eq!(close(key), Ok(()));
        assert_eq!(close(key), Err(MI_RESULT_INVALID_PARAMETER));
        assert!(open(key).is_err());
    }

    #[test]
    fn flags_are_refused() {
        assert_eq!(create(1, None).unwrap_err(), MI_RESULT_INVALID_PARAMETER);
    }

    #[test]
    fn close_inside_own_callback_is_refused_and_app_survives() {
        let key = create(0, None).unwrap();
        let serial = open(key).unwrap().serial();
        {
            let _scope = CallbackScope::enter(serial);
            assert_eq!(close(key), Err(MI_RESULT_FAILED));
            assert!(open(key).is_ok(), "still fully open");
            // An unrelated application closes fine from inside the callback.
            let other = create(0, None).unwrap();
            assert_eq!(close(other), Ok(()));
        }
        assert_eq!(close(key), Ok(()));
    }

    #[test]
    fn handler_choice() {
        let mut config = Config::default();
        assert_eq!(handler_name(None, false, &config).unwrap(), EMBEDDED_NAME);
        assert_eq!(
            handler_name(None, true, &config).unwrap_err(),
            MI_RESULT_NOT_SUPPORTED
        );
        assert_eq!(handler_name(Some("X"), true, &config).unwrap(), "X");
        config.default_local = Some("L".into());
        config.default_remote = Some("R".into());
        assert_eq!(handler_name(None, false, &config).unwrap(), "L");
        assert_eq!(handler_name(None, true, &config).unwrap(), "R");
    }
}
