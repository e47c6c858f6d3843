//! Helpers shared by the integration tests that use the built `libmi.so`.
#![allow(dead_code)] // each test crate uses a different subset

use std::path::{Path, PathBuf};

/// `target/<profile>/`: the test binary is `target/<profile>/deps/c_programs-<hash>`.
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    exe.parent()
        .and_then(Path::parent)
        .expect("test executable is not in target/<profile>/deps/")
        .to_path_buf()
}

/// The directory holding the `libmi.so` to test.
///
/// `cargo test` compiles the library (cdylib and rlib in one rustc run) into
/// `target/<profile>/deps/` but copies it up to `target/<profile>/` only on `cargo build`,
/// so `deps/libmi.so` is always the current build while `target/<profile>/libmi.so` may
/// be left over from an older `cargo build`. Prefer `deps/`; fall back to the profile
/// directory for a test binary run by hand.
pub fn lib_dir() -> PathBuf {
    let profile = profile_dir();
    let candidates = [profile.join("deps"), profile.clone()];
    candidates
        .iter()
        .find(|d| d.join("libmi.so").is_file())
        .unwrap_or_else(|| {
            panic!(
                "libmi.so is in neither {} nor {}: the C tests need the cdylib that cargo \
                 builds for this test run",
                candidates[0].display(),
                candidates[1].display()
            )
        })
        .clone()
}

/// The omi-ref kit (OMI's server, client and providers, with its `with-omiserver` script):
/// `/work/shared/omi` or `../shared/omi` beside the repository, if present.
pub fn omi_kit() -> Option<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    [PathBuf::from("/work/shared/omi"), repo.join("../shared/omi")]
        .into_iter()
        .find(|dir| dir.join("with-omiserver").is_file())
}

/// Whether the tests run as root (`with-omiserver` needs it).
pub fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Waits for `child` (stdout and stderr piped) at most `limit`, reading both pipes on
/// threads meanwhile so a chatty child cannot block on a full pipe; kills it and panics
/// on the deadline. Its exit status, stdout and stderr.
pub fn finish(
    mut child: std::process::Child,
    limit: std::time::Duration,
    what: &str,
) -> (std::process::ExitStatus, String, String) {
    use std::io::Read;
    fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<String> {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut p) = pipe {
                let mut bytes = Vec::new();
                let _ = p.read_to_end(&mut bytes);
                text = String::from_utf8_lossy(&bytes).into_owned();
            }
            text
        })
    }
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let deadline = std::time::Instant::now() + limit;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for the child") {
            break s;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish in {} s", limit.as_secs());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    (
        status,
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default(),
    )
}

/// Why a pyspnego responder cannot run (python3 or the package missing), or `None`.
pub fn pyspnego_missing() -> Option<String> {
    let out = std::process::Command::new("python3")
        .args(["-c", "import spnego, cryptography"])
        .output();
    match out {
        Err(e) => Some(format!("python3 cannot run ({e})")),
        Ok(o) if !o.status.success() => {
            Some("the Python package pyspnego is not installed (pip install pyspnego)".into())
        }
        Ok(_) => None,
    }
}

/// A Python responder of `tests/python/` on 127.0.0.1: started with `--fixtures`,
/// `--events` and `--port-file` (and the options `args`), killed when dropped.
pub struct PyResponder {
    child: std::process::Child,
    pub port: u16,
    events: PathBuf,
}

impl Drop for PyResponder {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl PyResponder {
    /// Starts `tests/python/<script>` with `env`; waits (30 s at most) for its port.
    pub fn start(
        script: &str,
        dir: &Path,
        tag: &str,
        args: &[(&str, &Path)],
        env: &[(&str, &Path)],
    ) -> PyResponder {
        use std::time::{Duration, Instant};
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let port_file = dir.join(format!("{tag}.port"));
        let events = dir.join(format!("{tag}.events"));
        let mut cmd = std::process::Command::new("python3");
        cmd.arg(repo.join("tests/python").join(script))
            .arg("--fixtures")
            .arg(repo.join("tests/wsman-fixtures/responses"))
            .arg("--events")
            .arg(&events)
            .arg("--port-file")
            .arg(&port_file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::inherit());
        for (k, v) in args {
            cmd.arg(k).arg(v);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start the responder");
        let mut r = PyResponder {
            child,
            port: 0,
            events,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while r.port == 0 {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                r.port = text.trim().parse().expect("port");
            } else if Instant::now() > deadline {
                panic!("{script} did not start in 30 s");
            } else if let Ok(Some(s)) = r.child.try_wait() {
                panic!("{script} exited: {s}");
            } else {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        r
    }

    /// The events written so far, a line each.
    pub fn events(&self) -> Vec<String> {
        std::fs::read_to_string(&self.events)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

/// Compiles `tests/c/<name>.c` against `include/mi.h` and the built library into `out`
/// (with `-pthread`: some programs start threads).
pub fn compile_c(name: &str, out: &Path) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let exe = out.join(name);
    let status = std::process::Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-g", "-pthread", "-I"])
        .arg(repo.join("include"))
        .arg(repo.join(format!("tests/c/{name}.c")))
        .arg("-o")
        .arg(&exe)
        .arg(format!("-L{}", lib_dir().display()))
        .arg("-lmi")
        .status()
        .expect("run the C compiler");
    assert!(status.success(), "compiling tests/c/{name}.c failed");
    exe
}

/// Waits (`limit` at most) for a C test program: it must exit 0 with its last line
/// `N passed, 0 failed`. Its stdout.
pub fn expect_passed(child: std::process::Child, limit: std::time::Duration, what: &str) -> String {
    expect_passed_output(child, limit, what).0
}

/// [`expect_passed`], giving stdout and stderr.
pub fn expect_passed_output(
    child: std::process::Child,
    limit: std::time::Duration,
    what: &str,
) -> (String, String) {
    let (status, stdout, stderr) = finish(child, limit, what);
    eprintln!("{stdout}{stderr}");
    assert_passed(status, &stdout, what);
    (stdout, stderr)
}

/// A finished C test program passed: exit 0 (naming a memcheck failure) and its last
/// line `N passed, 0 failed`.
pub fn assert_passed(status: std::process::ExitStatus, stdout: &str, what: &str) {
    assert!(
        status.success(),
        "{what} failed: {status}{}",
        if status.code() == Some(MEMCHECK_FAILED) {
            " (valgrind reported errors or definite leaks)"
        } else {
            ""
        }
    );
    assert!(
        stdout
            .lines()
            .last()
            .is_some_and(|l| l.ends_with(" passed, 0 failed")),
        "{stdout}"
    );
}

/// The exit code of a program run by [`memcheck`] when valgrind found errors or leaks.
pub const MEMCHECK_FAILED: i32 = 99;

/// `exe` under valgrind's memcheck, errors and definite leaks failing it
/// ([`MEMCHECK_FAILED`]), the C watchdog raised to `watchdog_secs` (memcheck is ~50x slower).
pub fn memcheck(exe: &Path, watchdog_secs: u64) -> std::process::Command {
    let mut c = std::process::Command::new("valgrind");
    c.arg(format!("--error-exitcode={MEMCHECK_FAILED}"))
        .args(["--leak-check=full", "--errors-for-leak-kinds=definite", "--quiet"])
        .arg(exe)
        .env("MI_TEST_WATCHDOG_SECS", watchdog_secs.to_string());
    c
}
