//! `MI_Context_GetLocalSession`: one session of the provider's own application on the
//! provider host (protocol `MI_EMBEDDED`), made at the first request and shared by every
//! provider call of that host, as OMI's provider manager shares its one local session.
//! Providers use it and never close it; the host closes it when the application starts
//! closing (`Protocol::closing`), before the application waits for its sessions.

use crate::abi::*;
use crate::boundary::MiResult;
use crate::strings;
use crate::surface::Surface;
use std::ptr::null;
use std::sync::{Mutex, PoisonError};

/// The application's handle (two key words and a static table pointer).
#[derive(Clone, Copy)]
struct App(MI_Application);
// SAFETY: the handle is plain data; every use goes through the handle table.
unsafe impl Send for App {}
// SAFETY: as above; immutable.
unsafe impl Sync for App {}

#[derive(Clone, Copy)]
struct Session(MI_Session);
// SAFETY: as for `App`.
unsafe impl Send for Session {}

pub(crate) struct LocalSession {
    app: App,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    session: Option<Session>,
    closed: bool,
}

impl LocalSession {
    pub(crate) fn new(app: MI_Application) -> LocalSession {
        LocalSession {
            app: App(app),
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The shared session, made on first use.
    pub(crate) fn get(&self, surface: &Surface) -> MiResult<MI_Session> {
        {
            let st = self.lock();
            if st.closed {
                return Err(MI_RESULT_FAILED);
            }
            if let Some(s) = st.session {
                return Ok(s.0);
            }
        }
        if self.app.0.ft.is_null() {
            return Err(MI_RESULT_NOT_SUPPORTED);
        }
        let new = surface.application().NewSession.ok_or(MI_RESULT_FAILED)?;
        let protocol = strings::encode(crate::protocol::EMBEDDED_NAME);
        let mut app = self.app.0;
        // SAFETY: all-zero is the documented "null" session value.
        let mut session: MI_Session = unsafe { std::mem::zeroed() };
        // SAFETY: the library's own slot with the application's handle, a NUL-terminated
        // protocol name, no destination, options or callbacks, and a writable out-value.
        let code = unsafe {
            new(
                &mut app,
                protocol.as_ptr(),
                null(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &mut session,
            )
        };
        if code != MI_RESULT_OK {
            return Err(code);
        }
        let mut st = self.lock();
        match (st.closed, st.session) {
            (false, None) => {
                st.session = Some(Session(session));
                Ok(session)
            }
            (closed, existing) => {
                drop(st);
                // Another call made one meanwhile, or the host began closing: ours goes.
                close_session(surface, session);
                match (closed, existing) {
                    (false, Some(s)) => Ok(s.0),
                    _ => Err(MI_RESULT_FAILED),
                }
            }
        }
    }

    /// Closes the shared session (if any) and refuses new requests.
    pub(crate) fn close(&self, surface: &Surface) {
        let session = {
            let mut st = self.lock();
            st.closed = true;
            st.session.take()
        };
        if let Some(s) = session {
            close_session(surface, s.0);
        }
    }
}

fn close_session(surface: &Surface, mut session: MI_Session) {
    if let Some(close) = surface.session().Close {
        // SAFETY: the library's own slot; a synchronous close of a session of ours. A
        // provider that closed it itself made the handle stale: the slot then refuses it.
        let code = unsafe { close(&mut session, std::ptr::null_mut(), None) };
        if code != MI_RESULT_OK && code != MI_RESULT_INVALID_PARAMETER {
            log::warn!("closing the providers' local session: {code}");
        }
    }
}
