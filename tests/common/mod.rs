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
