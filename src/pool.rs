//! A small pool of library worker threads, one per user (the provider host's provider calls,
//! the WS-Management handler's deliveries): work that must not run on the client's thread
//! (a synchronous client pulls results while its provider posts them) or on the transport's
//! runtime thread (a client callback may block). At most [`MAX_WORKERS`] threads (or the
//! pool's own smaller limit), started on demand; idle ones end after [`IDLE`]; `shutdown`
//! joins them all.
//!
//! A limited pool can be watched for stalls ([`Pool::watch_stalls`], from a task on the
//! transport's runtime): when jobs have waited [`STALL`] while no job finished, every worker
//! is held (client callbacks that block, perhaps each waiting for another operation whose
//! response is one of the waiting jobs), so one more worker starts, beyond the limit, up
//! to [`MAX_WORKERS`]. A busy pool finishes jobs all the time and never grows this way.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// Most worker threads of one pool.
pub(crate) const MAX_WORKERS: usize = 16;
/// An idle worker ends after this long.
const IDLE: Duration = Duration::from_secs(5);
/// Jobs waiting this long while no job finished: the pool is stalled.
pub(crate) const STALL: Duration = Duration::from_secs(1);

type Job = Box<dyn FnOnce() + Send>;

#[derive(Default)]
struct State {
    jobs: VecDeque<Job>,
    idle: usize,
    workers: usize,
    stopping: bool,
    handles: Vec<JoinHandle<()>>,
    /// Jobs finished so far (the stall watch's measure of progress).
    finished: u64,
    /// A stall watch is running.
    watching: bool,
}

pub(crate) struct Pool {
    st: Arc<(Mutex<State>, Condvar)>,
    /// The threads' name (what they serve, in debuggers and logs).
    name: &'static str,
    /// Most worker threads of this pool (at most [`MAX_WORKERS`]).
    max: usize,
}

impl Default for Pool {
    fn default() -> Pool {
        Pool::named("mi-worker")
    }
}

impl Pool {
    pub(crate) fn named(name: &'static str) -> Pool {
        Pool::limited(name, MAX_WORKERS)
    }

    /// A pool of at most `max` workers (1 ..= [`MAX_WORKERS`]).
    pub(crate) fn limited(name: &'static str, max: usize) -> Pool {
        Pool {
            st: Arc::default(),
            name,
            max: max.clamp(1, MAX_WORKERS),
        }
    }

    /// Queues `job`; starts a worker when none is idle and the limit allows.
    pub(crate) fn spawn(&self, job: impl FnOnce() + Send + 'static) -> Result<(), ()> {
        let (m, cv) = &*self.st;
        let mut st = m.lock().unwrap_or_else(PoisonError::into_inner);
        if st.stopping {
            return Err(());
        }
        st.jobs.push_back(Box::new(job));
        if st.idle == 0 && st.workers < self.max {
            match start_worker(&self.st, self.name, &mut st) {
                Ok(()) => {}
                Err(e) if st.workers == 0 => {
                    log::error!("{}: cannot start a worker thread: {e}", self.name);
                    st.jobs.pop_back();
                    return Err(());
                }
                Err(e) => log::warn!("{}: cannot start another worker thread: {e}", self.name),
            }
        }
        cv.notify_one();
        Ok(())
    }

    /// Starts a stall watch on the current tokio runtime (the caller runs on the
    /// transport's runtime thread) when jobs wait with no idle worker and no watch runs
    /// yet. The watch looks every [`STALL`] and ends when no job waits.
    pub(crate) fn watch_stalls(&self) {
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let seen = {
            let mut st = self.st.0.lock().unwrap_or_else(PoisonError::into_inner);
            if st.watching || st.stopping || st.idle > 0 || st.jobs.is_empty() {
                return;
            }
            st.watching = true;
            st.finished
        };
        let (shared, name) = (self.st.clone(), self.name);
        rt.spawn(async move {
            let mut seen = seen;
            loop {
                tokio::time::sleep(STALL).await;
                match check_stall(&shared, name, seen) {
                    Some(now) => seen = now,
                    None => return,
                }
            }
        });
    }

    /// Lets queued jobs finish, then joins every worker.
    pub(crate) fn shutdown(&self) {
        let handles = {
            let (m, cv) = &*self.st;
            let mut st = m.lock().unwrap_or_else(PoisonError::into_inner);
            st.stopping = true;
            cv.notify_all();
            std::mem::take(&mut st.handles)
        };
        for h in handles {
            if h.thread().id() != std::thread::current().id() {
                let _ = h.join();
            }
        }
    }
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// Starts one worker (the caller holds the state's lock and checked the limit).
fn start_worker(shared: &Shared, name: &'static str, st: &mut State) -> std::io::Result<()> {
    let for_worker = shared.clone();
    let h = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || worker(for_worker))?;
    st.workers += 1;
    st.handles.push(h);
    Ok(())
}

/// One look of the stall watch: `None` when no job waits (the watch ends); else the jobs
/// finished so far, after starting one more worker if none finished since `seen`.
fn check_stall(shared: &Shared, name: &'static str, seen: u64) -> Option<u64> {
    let mut st = shared.0.lock().unwrap_or_else(PoisonError::into_inner);
    if st.stopping || st.jobs.is_empty() || st.idle > 0 {
        st.watching = false;
        return None;
    }
    if st.finished == seen && st.workers < MAX_WORKERS {
        log::warn!(
            "{name}: {} jobs waited {} ms while all {} workers were held (client callbacks \
             that block?): one more worker",
            st.jobs.len(),
            STALL.as_millis(),
            st.workers
        );
        if let Err(e) = start_worker(shared, name, &mut st) {
            log::warn!("{name}: cannot start another worker thread: {e}");
        }
    }
    Some(st.finished)
}

fn worker(shared: Shared) {
    let (m, cv) = &*shared;
    let mut st = m.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if let Some(job) = st.jobs.pop_front() {
            drop(st);
            // A panic in a job (library code around provider or client calls) must not
            // take the pool down.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            st = m.lock().unwrap_or_else(PoisonError::into_inner);
            st.finished += 1;
            continue;
        }
        if st.stopping {
            break;
        }
        st.idle += 1;
        let (next, timeout) = cv.wait_timeout(st, IDLE).unwrap_or_else(PoisonError::into_inner);
        st = next;
        st.idle -= 1;
        if timeout.timed_out() && st.jobs.is_empty() && !st.stopping {
            break;
        }
    }
    st.workers -= 1;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn runs_every_job_and_joins() {
        let pool = Pool::default();
        let n = Arc::new(AtomicUsize::new(0));
        for _ in 0..100 {
            let n = n.clone();
            pool.spawn(move || {
                n.fetch_add(1, Ordering::SeqCst);
            })
            .unwrap();
        }
        pool.shutdown();
        assert_eq!(n.load(Ordering::SeqCst), 100);
        assert!(pool.spawn(|| ()).is_err(), "a stopped pool takes no jobs");
    }

    #[test]
    fn never_more_workers_than_its_limit() {
        let pool = Pool::limited("mi-test-pool", 3);
        let (running, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (tx, rx) = std::sync::mpsc::channel();
        for _ in 0..20 {
            let (running, peak, tx) = (running.clone(), peak.clone(), tx.clone());
            pool.spawn(move || {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                // Long enough that every queued job would find all workers busy.
                std::thread::sleep(Duration::from_millis(20));
                running.fetch_sub(1, Ordering::SeqCst);
                let _ = tx.send(());
            })
            .unwrap();
        }
        for _ in 0..20 {
            rx.recv_timeout(Duration::from_secs(30)).expect("every job ran");
        }
        pool.shutdown();
        let peak = peak.load(Ordering::SeqCst);
        assert!((1..=3).contains(&peak), "{peak} jobs ran at once on a pool of 3");
    }

    #[test]
    fn a_stalled_pool_grows_beyond_its_limit() {
        // Two workers, both held by jobs that wait for a third job: only a worker beyond
        // the limit can run it.
        let pool = Pool::limited("mi-test-stall", 2);
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let release_rx = Arc::new(Mutex::new(release_rx));
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        for _ in 0..2 {
            let (rx, done) = (release_rx.clone(), done_tx.clone());
            pool.spawn(move || {
                let got = rx.lock().unwrap().recv_timeout(Duration::from_secs(30));
                let _ = done.send(got.is_ok());
            })
            .unwrap();
        }
        // Both workers started and took their job (bounded wait).
        let started = std::time::Instant::now();
        while {
            let st = pool.st.0.lock().unwrap();
            st.workers < 2 || !st.jobs.is_empty()
        } {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the two workers did not start"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        let done = done_tx.clone();
        pool.spawn(move || {
            let _ = release_tx.send(());
            let _ = release_tx.send(());
            let _ = done.send(true);
        })
        .unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        rt.block_on(async {
            pool.watch_stalls();
            for _ in 0..3 {
                let mut got = None;
                for _ in 0..300 {
                    if let Ok(ok) = done_rx.try_recv() {
                        got = Some(ok);
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                assert_eq!(
                    got,
                    Some(true),
                    "every job ended (a third worker ran the releaser)"
                );
            }
        });
        assert_eq!(pool.st.0.lock().unwrap().workers, 3);
        pool.shutdown();
    }
}
