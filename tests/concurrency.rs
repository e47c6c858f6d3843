//! The concurrency core driven from Rust through the exported C functions: 8 threads racing
//! application, session and operation opens, cancels and closes. It runs in every
//! `cargo test`, and in CI under ThreadSanitizer (nightly `-Zsanitizer=thread -Zbuild-std`,
//! see ci/tsan.sh), where every part (handle table, callback record, operation queue,
//! session and application close) is instrumented.

use mi::abi::*;
use mi::ffi::*;
use std::ffi::c_void;
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const THREADS: usize = 8;

#[derive(Clone, Copy)]
struct App(MI_Application);
// SAFETY: an MI handle is a value that any thread may use (docs/SPEC.md §2.1).
unsafe impl Send for App {}

fn init() -> MI_Application {
    let mut app = MI_Application {
        reserved1: 0,
        reserved2: 0,
        ft: null(),
    };
    // SAFETY: valid out-pointer, NULL ID and error.
    let r = unsafe { MI_Application_Initialize(0, null(), null_mut(), &mut app) };
    assert_eq!(r, MI_RESULT_OK);
    app
}

#[derive(Default)]
struct Record {
    finals: AtomicUsize,
    results: AtomicUsize,
}

unsafe extern "system" fn on_result(
    operation: *mut MI_Operation,
    context: *mut c_void,
    _instance: *const MI_Instance,
    more: MI_Boolean,
    _code: MI_Result,
    _error: *const MI_Char,
    _details: *const MI_Instance,
    ack: Option<unsafe extern "system" fn(*mut MI_Operation) -> MI_Result>,
) {
    // SAFETY: the context is the Record the test passed, alive until the session closes.
    let record = unsafe { &*context.cast::<Record>() };
    record.results.fetch_add(1, Ordering::SeqCst);
    if more == MI_FALSE {
        record.finals.fetch_add(1, Ordering::SeqCst);
    }
    if let Some(ack) = ack {
        // SAFETY: the acknowledgement the library gave us, for this operation.
        unsafe { ack(operation) };
    }
}

/// One session with a few operations, all closed again.
fn session_round(app: &mut MI_Application, step: usize) {
    let mut session = MI_Session {
        reserved1: 0,
        reserved2: 0,
        ft: null(),
    };
    // SAFETY: valid pointers.
    let r = unsafe {
        MI_Application_NewSession(
            app,
            null(),
            null(),
            null_mut(),
            null_mut(),
            null_mut(),
            &mut session,
        )
    };
    if r != MI_RESULT_OK {
        assert_eq!(
            r, MI_RESULT_INVALID_PARAMETER,
            "only a concurrently closed application may refuse"
        );
        return;
    }
    let records: Vec<Record> = (0..3).map(|_| Record::default()).collect();
    for (k, record) in records.iter().enumerate() {
        let mut op = MI_Operation {
            reserved1: 0,
            reserved2: 0,
            ft: null(),
        };
        let mut callbacks = MI_OperationCallbacks {
            callbackContext: (record as *const Record).cast_mut().cast(),
            promptUser: None,
            writeError: None,
            writeMessage: None,
            writeProgress: None,
            instanceResult: Some(on_result),
            indicationResult: None,
            classResult: None,
            streamedParameterResult: None,
        };
        let flags = if (step + k).is_multiple_of(2) {
            MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS
        } else {
            0
        };
        // SAFETY: valid pointers; the record outlives the session.
        unsafe {
            MI_Session_EnumerateInstances(
                &mut session,
                flags,
                null_mut(),
                null(),
                null(),
                MI_FALSE,
                &mut callbacks,
                &mut op,
            );
            if (step + k).is_multiple_of(3) {
                MI_Operation_Cancel(&mut op, MI_REASON_NONE);
            }
            let closed = MI_Operation_Close(&mut op);
            assert!(closed == MI_RESULT_OK || (op.reserved1 == 0 && closed == MI_RESULT_INVALID_PARAMETER));
        }
    }
    // A synchronous operation, pulled to its end.
    let mut op = MI_Operation {
        reserved1: 0,
        reserved2: 0,
        ft: null(),
    };
    let (mut more, mut code) = (MI_TRUE, MI_RESULT_OK);
    let mut instance: *const MI_Instance = null();
    // SAFETY: valid pointers.
    unsafe {
        MI_Session_EnumerateInstances(
            &mut session,
            0,
            null_mut(),
            null(),
            null(),
            MI_FALSE,
            null_mut(),
            &mut op,
        );
        while more != MI_FALSE {
            if MI_Operation_GetInstance(
                &mut op,
                &mut instance,
                &mut more,
                &mut code,
                null_mut(),
                null_mut(),
            ) != MI_RESULT_OK
            {
                break;
            }
        }
        MI_Operation_Close(&mut op);
        assert_eq!(MI_Session_Close(&mut session, null_mut(), None), MI_RESULT_OK);
    }
    for record in &records {
        assert_eq!(
            record.finals.load(Ordering::SeqCst),
            1,
            "exactly one final result per operation"
        );
    }
}

/// Ends the whole test process if a test is not done in time: a deadlock must fail the
/// run, not hang it. Dropping the guard disarms it.
struct Watchdog(Arc<std::sync::atomic::AtomicBool>);

fn watchdog(name: &'static str, limit: Duration) -> Watchdog {
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = done.clone();
    std::thread::spawn(move || {
        let start = Instant::now();
        while start.elapsed() < limit {
            if flag.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("{name}: not finished after {limit:?}: deadlock? aborting the test run");
        std::process::abort();
    });
    Watchdog(done)
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[test]
fn threads_race_opens_operations_and_closes() {
    let _watchdog = watchdog(
        "threads_race_opens_operations_and_closes",
        Duration::from_secs(300),
    );
    let budget = Duration::from_millis(if cfg!(debug_assertions) { 1500 } else { 3000 });
    let slots: Arc<Mutex<Vec<Option<App>>>> = Arc::new(Mutex::new(vec![None; 3]));
    let closed: Arc<Mutex<Vec<App>>> = Arc::new(Mutex::new(Vec::new()));
    let start = Instant::now();
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (slots, closed) = (slots.clone(), closed.clone());
            std::thread::spawn(move || {
                let mut step = t;
                while start.elapsed() < budget {
                    step = step.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    let slot = (step >> 8) % 3;
                    match (step >> 4) % 8 {
                        0 => {
                            let app = init();
                            let mut s = slots.lock().unwrap();
                            if s[slot].is_none() {
                                s[slot] = Some(App(app));
                            } else {
                                drop(s);
                                let mut app = app;
                                // SAFETY: our own live handle.
                                assert_eq!(unsafe { MI_Application_Close(&mut app) }, MI_RESULT_OK);
                            }
                        }
                        1 => {
                            let taken = slots.lock().unwrap()[slot].take();
                            if let Some(App(mut app)) = taken {
                                // SAFETY: a handle this thread took out of the shared slot.
                                assert_eq!(unsafe { MI_Application_Close(&mut app) }, MI_RESULT_OK);
                                closed.lock().unwrap().push(App(app));
                            }
                        }
                        2 => {
                            let dead = closed.lock().unwrap().last().copied();
                            if let Some(App(mut app)) = dead {
                                // SAFETY: a stale copy: must be refused, never undefined.
                                let r = unsafe { MI_Application_Close(&mut app) };
                                assert_eq!(r, MI_RESULT_INVALID_PARAMETER);
                            }
                        }
                        _ => {
                            let copy = slots.lock().unwrap()[slot];
                            if let Some(App(mut app)) = copy {
                                session_round(&mut app, step);
                            }
                        }
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker panicked");
    }
    for App(mut app) in slots.lock().unwrap().drain(..).flatten() {
        // SAFETY: the remaining live handles.
        assert_eq!(unsafe { MI_Application_Close(&mut app) }, MI_RESULT_OK);
    }
}

#[test]
fn eight_threads_close_one_application_exactly_once() {
    let _watchdog = watchdog(
        "eight_threads_close_one_application_exactly_once",
        Duration::from_secs(300),
    );
    for _ in 0..50 {
        let app = App(init());
        let barrier = Arc::new(std::sync::Barrier::new(THREADS));
        // Spawn all eight before joining any: they meet at the barrier.
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let app = app;
                    let mut copy = app.0;
                    barrier.wait();
                    // SAFETY: a copy of a handle that some thread closes; all but one are refused.
                    unsafe { MI_Application_Close(&mut copy) }
                })
            })
            .collect();
        let oks = threads
            .into_iter()
            .map(|t| t.join().unwrap())
            .filter(|&r| {
                assert!(r == MI_RESULT_OK || r == MI_RESULT_INVALID_PARAMETER);
                r == MI_RESULT_OK
            })
            .count();
        assert_eq!(oks, 1);
    }
}
