//! The library's I/O runtime: ONE thread running a tokio current-thread scheduler (plus
//! its blocking pool, at most [`MAX_BLOCKING`] threads, used only for DNS look-ups of
//! host names) serves every connection of every session of every application.
//!
//! Why current-thread + one thread rather than the multi-thread scheduler with two
//! workers: the work per request is small (format a head, one write, parse a head, copy a
//! body; TLS record crypto), the machine classes we target have few cores shared with the
//! application, and one scheduler thread has the cheapest wake-up path (no work stealing,
//! no cross-worker notifications). Completions are handed straight to the caller's queue,
//! so nothing long runs here. Measured in BENCHMARKS.md (transport section).
//!
//! Lifetime: [`Runtime::acquire`] starts the thread on first use and returns a counted
//! handle; when the last handle is dropped the thread is told to stop, every task still
//! on it is dropped (a request still queued is completed with a `Shutdown` error) and the
//! thread (and its blocking pool) is joined, so after the last `MI_Application_Close` no
//! library thread is left and the library can be unloaded (docs/SPEC.md §3.5). The next
//! `acquire` starts a fresh one.

use std::cell::Cell;
use std::future::Future;
use std::sync::{Arc, Mutex, Weak};
use std::thread::{JoinHandle, ThreadId};
use std::time::Duration;

use super::error::{Error, ErrorKind};

/// Blocking-pool threads (DNS look-ups only): the whole library stays within a handful of
/// threads however many sessions there are.
pub(crate) const MAX_BLOCKING: usize = 2;

/// The name of the runtime thread (and the prefix of its blocking threads), so tests and
/// users can count them in `/proc/self/task/*/comm`.
pub(crate) const THREAD_NAME: &str = "mi-transport";

thread_local! {
    // No destructor (a `Cell<bool>`), so no TLS destructor is registered: unloading stays safe.
    static ON_RUNTIME: Cell<bool> = const { Cell::new(false) };
}

/// The one shared runtime, while any handle to it lives.
static SHARED: Mutex<Weak<Inner>> = Mutex::new(Weak::new());

struct Inner {
    handle: tokio::runtime::Handle,
    stop: Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
    thread_id: ThreadId,
}

/// A counted handle on the library's runtime. Clone it for each user (an application
/// holds one, each connection holds one).
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

impl Runtime {
    /// The running runtime, or a new one started now.
    pub fn acquire() -> Result<Runtime, Error> {
        let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(inner) = shared.upgrade() {
            return Ok(Runtime { inner });
        }
        let inner = Arc::new(start()?);
        *shared = Arc::downgrade(&inner);
        Ok(Runtime { inner })
    }

    /// Whether the calling thread is one of the runtime's (where blocking is forbidden).
    pub fn on_runtime_thread() -> bool {
        ON_RUNTIME.with(|f| f.get())
    }

    pub(crate) fn spawn<F>(&self, fut: F) -> tokio::task::AbortHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.inner.handle.spawn(fut).abort_handle()
    }

    /// How many runtime handles are alive (tests).
    #[allow(dead_code)]
    pub fn users(&self) -> usize {
        Arc::strong_count(&self.inner)
    }
}

fn start() -> Result<Inner, Error> {
    let failed =
        |e: std::io::Error| Error::new(ErrorKind::Io, format!("cannot start the transport runtime: {e}"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .max_blocking_threads(MAX_BLOCKING)
        .thread_keep_alive(Duration::from_secs(5))
        .thread_name(format!("{THREAD_NAME}-dns"))
        .build()
        .map_err(failed)?;
    let handle = rt.handle().clone();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let (ready_tx, ready_rx) = std::sync::mpsc::sync_channel::<()>(1);
    let thread = std::thread::Builder::new()
        .name(THREAD_NAME.into())
        .stack_size(256 * 1024)
        .spawn(move || {
            ON_RUNTIME.with(|f| f.set(true));
            let _ = ready_tx.send(());
            // Runs every spawned task until told to stop (or until every handle is gone,
            // which drops the sender).
            let _ = rt.block_on(stop_rx);
            // Dropping the runtime drops the tasks left (their completions report
            // `Shutdown`) and joins the blocking pool.
            drop(rt);
            ON_RUNTIME.with(|f| f.set(false));
        })
        .map_err(failed)?;
    // Running (and named) before the first user sees it.
    let _ = ready_rx.recv();
    let thread_id = thread.thread().id();
    Ok(Inner {
        handle,
        stop: Mutex::new(Some(stop_tx)),
        thread: Mutex::new(Some(thread)),
        thread_id,
    })
}

impl Drop for Inner {
    fn drop(&mut self) {
        let stop = self.stop.get_mut().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(stop) = stop {
            let _ = stop.send(());
        }
        let thread = self.thread.get_mut().unwrap_or_else(|e| e.into_inner()).take();
        let Some(thread) = thread else { return };
        if std::thread::current().id() == self.thread_id {
            // The last handle went away inside a completion running on the runtime
            // thread itself: it cannot join itself. It stops as soon as the running task
            // returns; nobody joins it (the caller broke the "don't release the last
            // application from a callback" rule).
            log::warn!(
                "transport: the last runtime handle was released on the runtime thread; it exits unjoined"
            );
            return;
        }
        if thread.join().is_err() {
            log::error!("transport: the runtime thread panicked");
        }
    }
}
