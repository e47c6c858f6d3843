//! The built-in WS-Management protocol handler (docs/STATUS.md, *WS-Management handler*):
//! the default remote handler, `MI_Application_NewSession` with a destination and no
//! configured remote handler, or by one of [`NAMES`].
//!
//! It joins the pure codec (`crate::wsman`: envelopes, responses, typed instances) and the
//! HTTP/TLS transport (`crate::transport`: one persistent connection per session, on the
//! library's runtime thread):
//! * [`session`]: a destination and its options read once into a [`session::Dest`]
//!   (endpoint, credentials, TLS, limits, locales), the connection, the server's URI style
//!   (from one Identify, cached), message IDs.
//! * [`op`]: one operation: the request, the response on a worker of this handler's pool
//!   (never on the runtime thread: client callbacks may block), parsing and typing there,
//!   results handed to the core one acknowledged result at a time, Pull until the end of
//!   the sequence, Release or Unsubscribe at Cancel.
//!
//! No lock is held while client code or the transport's completion runs.

pub(crate) mod op;
pub(crate) mod session;

use crate::abi::*;
use crate::boundary::MiResult;
use crate::pool::Pool;
use crate::protocol::{Protocol, ProtocolSession, SessionRequest};
use crate::surface::Surface;
use crate::transport::Runtime;
use std::sync::Arc;

/// The names the built-in handler answers to (unless the configuration file declares a
/// plug-in of that name): Windows' and OMI's names of their WS-Management handlers.
pub(crate) const NAMES: [&str; 2] = ["WINRM", "OMI_WSMAN"];

/// The name used when a destination is given and the configuration names no default
/// remote handler.
pub(crate) const DEFAULT_NAME: &str = NAMES[0];

/// Whether `name` is one of the built-in handler's names (case-insensitive).
pub(crate) fn is_name(name: &str) -> bool {
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Most delivery workers of one handler while they make progress. Issue 11's budget is 8
/// library threads for any number of sessions: the transport's runtime thread, its DNS
/// threads ([`crate::transport::MAX_BLOCKING_THREADS`]) and these. Deliveries are short
/// (parse, type, hand over); when client callbacks hold every worker and responses wait
/// ([`crate::pool::STALL`] without progress) the pool's stall watch adds workers, up to
/// [`crate::pool::MAX_WORKERS`].
pub(crate) const WORKERS: usize = 8 - 1 - crate::transport::MAX_BLOCKING_THREADS;

/// The handler of one application.
pub(crate) struct Remote {
    surface: &'static Surface,
    runtime: Runtime,
    pool: Arc<Pool>,
    /// How many of this handler's sessions are still alive (their connections hold the
    /// runtime): Close waits for them so the runtime thread is joined by the last handle.
    live: Arc<session::Live>,
}

impl Remote {
    pub(crate) fn new(surface: &'static Surface) -> MiResult<Remote> {
        let runtime = Runtime::acquire().map_err(|e| {
            log::error!("WS-Management: the transport cannot start: {}", e.message);
            e.result()
        })?;
        Ok(Remote {
            surface,
            runtime,
            pool: Arc::new(Pool::limited("mi-wsman", WORKERS)),
            live: Arc::default(),
        })
    }
}

impl Protocol for Remote {
    fn new_session(&self, request: SessionRequest<'_>) -> MiResult<Arc<dyn ProtocolSession>> {
        let Some(destination) = request.destination else {
            log::error!("MI_Application_NewSession: the WS-Management handler needs a destination");
            return Err(MI_RESULT_INVALID_PARAMETER);
        };
        let dest = session::Dest::read(destination, request.options.map(|o| &**o)).inspect_err(|_| {
            if let Some(why) = session::take_refusal() {
                request.refusal.set(why);
            }
        })?;
        let s = session::RemoteSession::open(
            self.surface,
            &self.runtime,
            self.pool.clone(),
            dest,
            self.live.clone(),
        )?;
        Ok(Arc::new(session::SessionHandle(s)))
    }

    fn close(&self) {
        // Sessions are closed (the core's order). A Release or Unsubscribe sent at Cancel
        // may still hold one (and its connection) for a moment: wait for them, so that the
        // last handle of the runtime is this handler's, dropped (and joined) by the closing
        // thread, not by the runtime thread itself.
        self.live.wait_none(std::time::Duration::from_secs(10));
        self.pool.shutdown();
    }
}
