//! The application object and its life cycle (docs/SPEC.md §3): `MI_Application_InitializeV1`,
//! `MI_Application_NewSession` and `MI_Application_Close`. An application owns its sessions
//! (until the client closes them), the protocol handlers it loaded, and its configuration.
//!
//! **No call reaches a handler after its Close.** A `NewSession` counts itself as pending,
//! under the state lock, only while the application is not closing; Close sets `closing`
//! under the same lock and waits until no session is open and no `NewSession` is pending
//! before it closes the handlers. So a `NewSession` racing with Close (on a copy of the
//! handle) either is refused or finishes before any handler is closed.

use crate::abi::*;
use crate::boundary::MiResult;
use crate::callback::{CallbackScope, Owner};
use crate::client::SessionCallbacks;
use crate::config::{Config, ConfigError};
use crate::handles::{HANDLES, Key, Kind, tag};
use crate::options::Options;
use crate::protocol::{self, EMBEDDED_NAME, Protocol, SessionRequest};
use crate::session::{
    self, ClientSessionEvents, Session, SessionKind, SessionParent, close_warning_interval,
};
use crate::surface::Surface;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};

/// One `MI_Application`.
pub(crate) struct Application {
    /// Process-unique number, the key of the in-callback record.
    serial: u64,
    /// `applicationID` as the client passed it (an opaque label, never parsed or
    /// re-encoded: `MI_Char`s, UTF-16 on Windows), with its NUL, handed to protocol handlers.
    id: Box<[MI_Char]>,
    surface: &'static Surface,
    /// Set by the one Close that does the work; every later call sees a closed application.
    closing: AtomicBool,
    key: OnceLock<Key>,
    /// The configuration file, read at the first NewSession (not at Initialize, which must
    /// stay cheap), then kept for the application's life.
    config: OnceLock<Result<Arc<Config>, ConfigError>>,
    state: Mutex<AppState>,
    changed: Condvar,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Application({})", self.serial)
    }
}

#[derive(Default)]
struct AppState {
    sessions: HashMap<u64, Arc<Session>>,
    handlers: HashMap<String, Arc<dyn Protocol>>,
    /// `NewSession` calls under way (see the module documentation).
    pending: usize,
}

/// A `NewSession` under way; see the module documentation.
struct Pending<'a>(&'a Application);

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        self.0.lock().pending -= 1;
        self.0.changed.notify_all();
    }
}

impl Application {
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
            ft: self.surface.application(),
        }
    }

    fn begin_new_session(&self) -> MiResult<Pending<'_>> {
        let mut st = self.lock();
        if self.is_closing() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        st.pending += 1;
        Ok(Pending(self))
    }

    fn config(&self) -> MiResult<Arc<Config>> {
        let loaded = self.config.get_or_init(|| {
            let config = Config::shared();
            // A refused file's level (or an earlier file's) must not hide its error.
            crate::logging::set_file_level(config.as_ref().ok().and_then(|c| c.log_level));
            config
        });
        loaded.clone().map_err(|e| {
            log::error!("configuration file {e}: no protocol handler can be chosen until it is fixed");
            MI_RESULT_FAILED
        })
    }

    /// The loaded handler called `name`, loading it on first use.
    fn handler(&self, name: &str, config: &Config) -> MiResult<Arc<dyn Protocol>> {
        if let Some(h) = self.lock().handlers.get(name) {
            return Ok(h.clone());
        }
        // Load without holding the lock: the entry point is foreign code.
        let loaded: Arc<dyn Protocol> = if crate::remote::is_name(name) && config.handler(name).is_none() {
            Arc::new(crate::remote::Remote::new(self.surface)?)
        } else if name == protocol::EMBEDDED_NAME && config.handler(name).is_none() {
            Arc::new(crate::host::Embedded::new(
                self.surface,
                self.handle(),
                config
                    .registration_dir
                    .as_deref()
                    .unwrap_or(Path::new(crate::host::DEFAULT_REGISTRATION_DIR)),
                config
                    .provider_dir
                    .as_deref()
                    .unwrap_or(Path::new(crate::host::DEFAULT_PROVIDER_DIR)),
            ))
        } else {
            protocol::load(name, config, &self.id, self.surface)?
        };
        let mut st = self.lock();
        if let Some(existing) = st.handlers.get(name) {
            // Another thread loaded it meanwhile; keep theirs.
            let existing = existing.clone();
            drop(st);
            loaded.close();
            return Ok(existing);
        }
        st.handlers.insert(name.to_string(), loaded.clone());
        Ok(loaded)
    }
}

impl SessionParent for Application {
    fn serial(&self) -> u64 {
        self.serial
    }

    fn surface(&self) -> &'static Surface {
        self.surface
    }

    fn handle(&self) -> MI_Application {
        Application::handle(self)
    }

    fn is_closing(&self) -> bool {
        Application::is_closing(self)
    }

    fn session_closed(&self, serial: u64) {
        self.lock().sessions.remove(&serial);
        self.changed.notify_all();
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
static LIVE_APPLICATIONS: AtomicUsize = AtomicUsize::new(0);

/// Creates an application and returns the key for its handle.
pub(crate) fn create(
    flags: MI_Uint32,
    id: Option<Box<[MI_Char]>>,
    surface: &'static Surface,
) -> MiResult<Key> {
    if flags != 0 {
        log::error!("MI_Application_Initialize: flags {flags:#x} given; no flags are defined");
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // The copy stopped at the first NUL, so there is none inside; NULL is the empty ID.
    let mut id: Vec<MI_Char> = id.map(Vec::from).unwrap_or_default();
    id.push(0);
    let app = Arc::new(Application {
        serial: NEXT_SERIAL.fetch_add(1, Ordering::Relaxed),
        id: id.into_boxed_slice(),
        surface,
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

/// Which handler a session uses (docs/SPEC.md §4.1): by name; NULL picks the default local
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
    // A destination without a configured remote handler: the built-in WS-Management one.
    Ok(config
        .default_remote
        .clone()
        .unwrap_or_else(|| crate::remote::DEFAULT_NAME.to_string()))
}

/// What `MI_Application_NewSession` asks for, its strings checked.
pub(crate) struct NewSession<'a> {
    pub(crate) protocol: Option<&'a str>,
    pub(crate) destination: Option<&'a str>,
    /// The library's copy of the client's destination options.
    pub(crate) options: Option<Arc<Options>>,
    pub(crate) callbacks: SessionCallbacks,
    /// Filled with the handler's reason when it refuses the session.
    pub(crate) refusal: &'a protocol::Refusal,
}

/// `MI_Application_NewSession`: returns the key of the new session's handle.
pub(crate) fn new_session(app_key: Key, request: NewSession<'_>) -> MiResult<Key> {
    let app = open(app_key)?;
    let _pending = app.begin_new_session()?;
    let config = app.config()?;
    let name = handler_name(request.protocol, request.destination.is_some(), &config)?;
    let handler = app.handler(&name, &config)?;
    let serial = session::next_serial();
    let events = Arc::new(ClientSessionEvents::new(
        request.callbacks,
        Owner::session(app.serial, serial),
        app.handle(),
    ));
    // The handler's NewSession runs as a callback of this application: a handler that
    // reports through the session callbacks inline reaches the client with the record set.
    let handler_session = {
        let _in_app = CallbackScope::enter(app.serial);
        handler.new_session(SessionRequest {
            protocol: &name,
            destination: request.destination,
            options: request.options.as_ref(),
            events,
            refusal: request.refusal,
        })
    }?;
    let parent: Arc<dyn SessionParent> = app.clone();
    let session = Session::new(serial, parent, name, handler_session);
    // Close waits for this NewSession (it is pending), so registering cannot race with it.
    app.lock().sessions.insert(session.serial(), session.clone());
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

/// `MI_Application_NewHostedProvider`: the provider `main` served in `namespace` by the
/// application's built-in provider host (loaded on first use, as for a session). A
/// configuration that names a plug-in `MI_EMBEDDED` leaves no host: `MI_RESULT_NOT_SUPPORTED`.
pub(crate) fn new_hosted_provider(
    app_key: Key,
    namespace: &str,
    name: &str,
    main: unsafe extern "C" fn(*mut MI_Server) -> *mut MI_Module,
) -> MiResult<Key> {
    let app = open(app_key)?;
    let _pending = app.begin_new_session()?;
    let config = app.config()?;
    let handler = app.handler(EMBEDDED_NAME, &config)?;
    let hosted = handler.hosted().ok_or_else(|| {
        log::error!(
            "MI_Application_NewHostedProvider: the configuration replaces the built-in provider host"
        );
        MI_RESULT_NOT_SUPPORTED
    })?;
    // The provider's MI_Main and Load run as a callback of this application.
    let _in_app = CallbackScope::enter(app.serial);
    hosted.add(namespace, name, main, app.handle())
}

/// `MI_Application_Close` (docs/SPEC.md §3.2-§3.5).
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
    //    Handlers that hold sessions of this application close them now (step 2 waits for
    //    every session).
    let handlers: Vec<Arc<dyn Protocol>> = app.lock().handlers.values().cloned().collect();
    for handler in &handlers {
        handler.closing();
    }
    drop(handlers);
    // 2. Wait for the client to close its sessions (and for NewSession calls under way),
    //    saying what we wait for.
    {
        let mut st = app.lock();
        while !st.sessions.is_empty() || st.pending > 0 {
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
    let handlers: Vec<Arc<dyn Protocol>> = app.lock().handlers.drain().map(|(_, h)| h).collect();
    for handler in &handlers {
        handler.close();
    }
    drop(handlers);
    // 4. Retire the handle: every copy becomes stale.
    HANDLES.remove::<ApplicationKind>(key);
    // 5. The last application out drops the shared configuration: the library then holds
    //    nothing and can be unloaded.
    if LIVE_APPLICATIONS.fetch_sub(1, Ordering::AcqRel) == 1 {
        crate::config::forget_cached();
        crate::instance::laid_out::forget_cached();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A surface of empty tables: the core never calls through them itself.
    fn surface() -> &'static Surface {
        crate::surface::tests::empty()
    }

    #[test]
    fn create_close_and_stale() {
        let key = create(0, None, surface()).unwrap();
        assert!(open(key).is_ok());
        assert_eq!(close(key), Ok(()));
        assert_eq!(close(key), Err(MI_RESULT_INVALID_PARAMETER));
        assert!(open(key).is_err());
    }

    #[test]
    fn flags_are_refused() {
        assert_eq!(
            create(1, None, surface()).unwrap_err(),
            MI_RESULT_INVALID_PARAMETER
        );
    }

    #[test]
    fn close_inside_own_callback_is_refused_and_app_survives() {
        let key = create(0, None, surface()).unwrap();
        let serial = open(key).unwrap().serial;
        {
            let _scope = CallbackScope::enter(serial);
            assert_eq!(close(key), Err(MI_RESULT_FAILED));
            assert!(open(key).is_ok(), "still fully open");
            // An unrelated application closes fine from inside the callback.
            let other = create(0, None, surface()).unwrap();
            assert_eq!(close(other), Ok(()));
        }
        assert_eq!(close(key), Ok(()));
    }

    #[test]
    fn handler_choice() {
        let mut config = Config::default();
        assert_eq!(handler_name(None, false, &config).unwrap(), EMBEDDED_NAME);
        // A destination and no configured remote handler: the built-in WS-Management one.
        assert_eq!(
            handler_name(None, true, &config).unwrap(),
            crate::remote::DEFAULT_NAME
        );
        assert_eq!(handler_name(Some("X"), true, &config).unwrap(), "X");
        config.default_local = Some("L".into());
        config.default_remote = Some("R".into());
        assert_eq!(handler_name(None, false, &config).unwrap(), "L");
        assert_eq!(handler_name(None, true, &config).unwrap(), "R");
    }
}
