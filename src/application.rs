//! The application object and its life cycle (contract §3): `MI_Application_InitializeV1`
//! and `MI_Application_Close`. Sessions, hosted providers and protocol handlers hang off
//! the application in later modules; this module owns the state machine.

use crate::abi::*;
use crate::boundary::MiResult;
use crate::callback::CallbackScope;
use crate::handles::{HANDLES, Key, Kind, tag};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// One `MI_Application`.
#[derive(Debug)]
pub(crate) struct Application {
    /// Process-unique number, the key of the in-callback record.
    serial: u64,
    /// `applicationID` exactly as the client passed it (an opaque label, never parsed).
    #[allow(dead_code)] // handed to protocol handlers (issue 3)
    id: Option<Box<[MI_Char]>>,
    /// Set by the one Close that does the work; every later call sees a closed application.
    closing: AtomicBool,
}

impl Application {
    #[allow(dead_code)] // keys the in-callback record once callbacks exist (issue 3)
    pub(crate) fn serial(&self) -> u64 {
        self.serial
    }

    pub(crate) fn is_closing(&self) -> bool {
        self.closing.load(Ordering::Acquire)
    }
}

pub(crate) struct ApplicationKind;
impl Kind for ApplicationKind {
    const TAG: u8 = tag::APPLICATION;
    const NAME: &'static str = "MI_Application";
    type Obj = Application;
}

static NEXT_SERIAL: AtomicU64 = AtomicU64::new(1);

/// Creates an application and returns the key for its handle.
pub(crate) fn create(flags: MI_Uint32, id: Option<Box<[MI_Char]>>) -> MiResult<Key> {
    if flags != 0 {
        log::error!("MI_Application_Initialize: flags {flags:#x} given; no flags are defined");
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    let app = Arc::new(Application {
        serial: NEXT_SERIAL.fetch_add(1, Ordering::Relaxed),
        id,
        closing: AtomicBool::new(false),
    });
    HANDLES.insert::<ApplicationKind>(app).map_err(|_| {
        log::error!("MI_Application_Initialize: handle table full");
        MI_RESULT_SERVER_LIMITS_EXCEEDED
    })
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
    if app.closing.swap(true, Ordering::AcqRel) {
        // Another thread's Close got here first and does the work.
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // Sessions, operations, hosted providers and protocol handlers are closed here once
    // they exist (issue 3). Then the handle is retired: every copy becomes stale.
    HANDLES.remove::<ApplicationKind>(key);
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
}
