//! The configuration file end to end (docs/SPEC.md §6), in its own test binary because it sets
//! `MI_CONFIG` for the process: a malformed file fails `NewSession` (never half-read), a
//! fixed file is picked up by the next application (the shared cache notices the change),
//! and a handler name the file does not define is `MI_RESULT_NOT_FOUND`. Each failure must
//! also say why at error level: the test installs its own `log` logger (the library keeps a
//! logger its host installed), so the lines are checked here instead of printed.

use mi::abi::*;
use mi::ffi::*;
use std::ffi::CString;
use std::ptr::{null, null_mut};
use std::sync::Mutex;

/// Collects the library's log records as `LEVEL: message`.
struct Captured(Mutex<Vec<String>>);

impl log::Log for Captured {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{}: {}", record.level(), record.args());
        self.0.lock().unwrap().push(line);
    }
    fn flush(&self) {}
}

static CAPTURED: Captured = Captured(Mutex::new(Vec::new()));

/// The error lines logged since the last call.
fn errors_logged() -> Vec<String> {
    let mut lines = CAPTURED.0.lock().unwrap();
    lines.drain(..).filter(|l| l.starts_with("ERROR: ")).collect()
}

/// Asserts that one of `lines` contains every one of `parts`.
#[track_caller]
fn assert_logged(lines: &[String], parts: &[&str]) {
    assert!(
        lines.iter().any(|l| parts.iter().all(|p| l.contains(p))),
        "no error line contains all of {parts:?}; logged: {lines:#?}"
    );
}

fn new_session(protocol: Option<&str>) -> MI_Result {
    let mut app = MI_Application {
        reserved1: 0,
        reserved2: 0,
        ft: null(),
    };
    let mut session = MI_Session {
        reserved1: 0,
        reserved2: 0,
        ft: null(),
    };
    let protocol = protocol.map(|p| CString::new(p).unwrap());
    let protocol_ptr = protocol.as_ref().map_or(null(), |p| p.as_ptr());
    // SAFETY: valid pointers for the duration of the calls.
    unsafe {
        assert_eq!(
            MI_Application_Initialize(0, null(), null_mut(), &mut app),
            MI_RESULT_OK
        );
        let r = MI_Application_NewSession(
            &mut app,
            protocol_ptr,
            null(),
            null_mut(),
            null_mut(),
            null_mut(),
            &mut session,
        );
        if r == MI_RESULT_OK {
            assert_eq!(MI_Session_Close(&mut session, null_mut(), None), MI_RESULT_OK);
        }
        assert_eq!(MI_Application_Close(&mut app), MI_RESULT_OK);
        r
    }
}

#[test]
fn malformed_then_fixed_then_unknown_names() {
    let dir = std::env::temp_dir().join(format!("libmi-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let conf = dir.join("omicli.conf");
    // SAFETY: this test binary has one test, so no other thread reads the environment.
    unsafe { std::env::set_var("MI_CONFIG", &conf) };

    log::set_logger(&CAPTURED).expect("the first logger of this test binary");
    log::set_max_level(log::LevelFilter::Error);
    let at = |line: u32| format!("{}:{line}: ", conf.display());

    // A line without '=': the whole file is refused, the call fails (and logs file:line).
    std::fs::write(&conf, "loglevel=ERROR\nthis line is broken\n").unwrap();
    assert_eq!(new_session(None), MI_RESULT_FAILED);
    let lines = errors_logged();
    assert_logged(&lines, &[&at(2), "expected key=value", "\"this line is broken\""]);
    // A handler line with four fields: refused too.
    std::fs::write(&conf, "protocolhandler=A,liba.so,Entry,1\n").unwrap();
    assert_eq!(
        new_session(None),
        MI_RESULT_FAILED,
        "a changed file is read again"
    );
    let lines = errors_logged();
    assert_logged(&lines, &[&at(1), "5 fields", "found 4"]);

    // Fixed: the default local handler is named explicitly as the built-in one.
    std::fs::write(
        &conf,
        "# fixed\ndefaultlocalprotocolhandler = MI_EMBEDDED\nunknownkey = 1\n",
    )
    .unwrap();
    assert_eq!(new_session(None), MI_RESULT_OK);
    assert_eq!(errors_logged(), Vec::<String>::new(), "a good file logs no error");
    assert_eq!(new_session(Some("NoSuchHandler")), MI_RESULT_NOT_FOUND);
    assert_logged(&errors_logged(), &["NewSession", "\"NoSuchHandler\""]);

    // A default naming a handler the file does not define.
    std::fs::write(&conf, "defaultlocalprotocolhandler = Nowhere\n").unwrap();
    assert_eq!(new_session(None), MI_RESULT_NOT_FOUND);
    assert_logged(&errors_logged(), &["NewSession", "\"Nowhere\""]);

    // A file that cannot be read.
    std::fs::remove_file(&conf).unwrap();
    assert_eq!(new_session(None), MI_RESULT_FAILED);
    assert_logged(&errors_logged(), &[&at(0), "cannot read the configuration file"]);
    std::fs::remove_dir_all(&dir).unwrap();
}
