//! A malformed configuration file is reported on stderr at the default log level (no
//! `MI_LOG`), through the library's own logger: the test runs its scenario in a child
//! process (this binary again, with `MI_CONFIG_LEVEL_CHILD` set) so that nothing but the
//! library writes the child's stderr and no logger of a test harness is installed, and
//! checks what the child wrote.
//!
//! The scenario also covers a file that lowered the level (`loglevel=OFF`) and was then
//! broken: the refused file's level no longer holds, so its error is shown.

use mi::abi::*;
use mi::ffi::*;
use std::path::Path;
use std::process::Command;
use std::ptr::{null, null_mut};
use std::time::{Duration, Instant};

const CHILD: &str = "MI_CONFIG_LEVEL_CHILD";

/// Initialize, NewSession on the default protocol, Close: the NewSession result.
fn new_session() -> MI_Result {
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
    // SAFETY: valid pointers for the duration of the calls.
    unsafe {
        assert_eq!(
            MI_Application_Initialize(0, null(), null_mut(), &mut app),
            MI_RESULT_OK
        );
        let r = MI_Application_NewSession(
            &mut app,
            null(),
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

/// Writes `text` to `path` and makes sure the library sees a new file (size or time).
fn rewrite(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

/// The child's scenario; markers on stderr (`step: ...`) order the library's lines.
#[test]
fn child_scenario() {
    let Some(conf) = std::env::var_os(CHILD) else {
        return; // only in the child process
    };
    let conf = Path::new(&conf);
    eprintln!("step: broken");
    rewrite(conf, "# comment\nthis line is broken\n");
    assert_eq!(new_session(), MI_RESULT_FAILED);
    eprintln!("step: off");
    rewrite(conf, "loglevel = OFF\n");
    assert_eq!(new_session(), MI_RESULT_OK);
    eprintln!("step: off then broken");
    rewrite(conf, "loglevel = OFF\nprotocolhandler = A, liba.so, Entry, 1\n");
    assert_eq!(new_session(), MI_RESULT_FAILED);
    eprintln!("step: end");
}

#[test]
fn malformed_configuration_is_on_stderr_at_the_default_level() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("libmi-config-level-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let conf = dir.join("omicli.conf");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["child_scenario", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, &conf)
        .env("MI_CONFIG", &conf)
        .env_remove("MI_LOG")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the child did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "child failed: {}\n{stderr}", out.status);
    let section = |from: &str, to: &str| {
        let a = stderr
            .find(from)
            .unwrap_or_else(|| panic!("no {from:?} in:\n{stderr}"));
        let b = stderr[a..]
            .find(to)
            .map(|b| a + b)
            .unwrap_or_else(|| panic!("no {to:?} in:\n{stderr}"));
        stderr[a..b].to_string()
    };
    let at = |line: u32| format!("libmi: ERROR: configuration file {}:{line}: ", conf.display());
    let broken = section("step: broken", "step: off");
    assert!(
        broken.contains(&format!(
            "{}expected key=value, found \"this line is broken\"",
            at(2)
        )),
        "the error with file and line at the default level:\n{stderr}"
    );
    let off = section("step: off\n", "step: off then broken");
    assert!(!off.contains("libmi:"), "a good file logs nothing:\n{stderr}");
    let off_broken = section("step: off then broken", "step: end");
    assert!(
        off_broken.contains(&format!("{}protocolhandler needs", at(2))),
        "a refused file's loglevel=OFF (and the one before it) does not hide its error:\n{stderr}"
    );
}
