//! A small pool of library worker threads, one per user (the provider host's provider calls,
//! the WS-Management handler's deliveries): work that must not run on the client's thread
//! (a synchronous client pulls results while its provider posts them) or on the transport's
//! runtime thread (a client callback may block). At most [`MAX_WORKERS`] threads (or the
//! pool's own smaller limit), started on demand; idle ones end after [`IDLE`]; `shutdown`
//! joins them all.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// Most worker threads of one pool.
pub(crate) const MAX_WORKERS: usize = 16;
/// An idle worker ends after this long.
const IDLE: Duration = Duration::from_secs(5);

type Job = Box<dyn FnOnce() + Send>;

#[derive(Default)]
struct State {
    jobs: VecDeque<Job>,
    idle: usize,
    workers: usize,
    stopping: bool,
    handles: Vec<JoinHandle<()>>,
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
            let shared = self.st.clone();
            match std::thread::Builder::new()
                .name(self.name.into())
                .spawn(move || worker(shared))
            {
                Ok(h) => {
                    st.workers += 1;
                    st.handles.push(h);
                }
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

fn worker(shared: Arc<(Mutex<State>, Condvar)>) {
    let (m, cv) = &*shared;
    let mut st = m.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if let Some(job) = st.jobs.pop_front() {
            drop(st);
            // A panic in a job (library code around provider or client calls) must not
            // take the pool down.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            st = m.lock().unwrap_or_else(PoisonError::into_inner);
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
}
