//! Builds the C programs in `tests/c/` against `include/mi.h`, links them with `-lmi`,
//! and runs them against the `libmi.so` that cargo built for this test run.
//!
//! Each program prints `N passed, M failed` as its last stdout line (`tests/c/testutil.h`)
//! and exits 0 only if nothing failed. The library is chosen with `LD_LIBRARY_PATH`
//! (no rpath), exactly as a client of OMI's `libmi.so` would find it; the `preload_*`
//! tests also prove that our library wins over another `libmi.so` the client was linked
//! against.
//!
//! Environment:
//! * `MI_TEST_VALGRIND=1`: run every program under valgrind (errors and definite leaks
//!   fail the test) with a longer timeout.
//! * `MI_TEST_CFLAGS`: extra compiler flags, split on whitespace (e.g.
//!   `-fsanitize=address`).
//! * `CC`: the C compiler (default `cc`).
//!
//! To add a C program `tests/c/foo.c` that needs nothing special, add `foo` to the
//! `c_tests!` list below.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{lib_dir, profile_dir};

/// One `#[test]` per C program `tests/c/<name>.c`, run against our library.
macro_rules! c_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                run_c_test(stringify!($name));
            }
        )*
    };
}

c_tests!(
    init_close,
    threads,
    lifecycle_embedded,
    instance_values,
    instance_slots,
    instance_deep,
    class_slots,
    fixed_layout,
    options_slots,
    options_credentials,
    options_helpers,
    regress_close_in_rejected_final,
    serializer
);

/// The stress test on the embedded handler.
#[test]
fn stress() {
    let lib = lib_dir();
    let exe = compile_program_with(&test_dir("stress"), "stress", Some(&lib), &["-ldl"]);
    let run = run_program(&exe, &lib, None);
    assert_all_passed("stress", &run);
}

/// Application Close, waiting for a session, warns every interval and names the session.
#[test]
fn close_warning() {
    let lib = lib_dir();
    let exe = compile_program(&test_dir("close_warning"), "close_warning", &lib);
    let run = run_program_env(
        &exe,
        &lib,
        None,
        &[
            ("MI_LOG", Path::new("warning")),
            ("MI_CLOSE_WARNING_MS", Path::new("100")),
        ],
    );
    assert_all_passed("close_warning", &run);
    let warnings = run
        .stderr
        .lines()
        .filter(|l| {
            l.contains("WARN")
                && l.contains("MI_Application_Close is waiting for the client to close 1 session(s)")
        })
        .count();
    assert!(
        warnings >= 2,
        "expected repeated warnings naming the open session, stderr:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("on \"MI_EMBEDDED\""),
        "the warning names the session's handler:\n{}",
        run.stderr
    );
}

/// dlopen -> use -> dlclose, 20 times in one process, and the library is really unloaded.
#[test]
fn dlopen_cycles() {
    let lib = lib_dir();
    let exe = compile_program_with(&test_dir("dlopen_cycles"), "dlopen_cycles", None, &["-ldl"]);
    let run = run_program_env(&exe, &lib, None, &[("MI_TEST_LIBRARY", &lib.join("libmi.so"))]);
    assert_all_passed("dlopen_cycles", &run);
}

// ---- the test protocol handler (tests/c/handler/) ---------------------------------------

/// Builds the test protocol handler into `dir`.
fn build_test_handler(dir: &Path) -> PathBuf {
    let so = dir.join("libtesthandler.so");
    let mut cmd = compiler();
    cmd.args(["-fPIC", "-shared", "-I"])
        .arg(repo_root().join("include"))
        .arg(c_dir().join("handler").join("testhandler.c"))
        .arg("-o")
        .arg(&so)
        .arg("-ldl");
    run_compiler(cmd, "handler/testhandler.c");
    so
}

/// A configuration file registering the test handler (and three broken registrations).
fn write_handler_config(dir: &Path, handler: &Path) -> PathBuf {
    let conf = dir.join("omicli.conf");
    let text = format!(
        "# written by tests/c_programs.rs\n\
         loglevel = ERROR\n\
         protocolhandler = TEST, {h}, TestHandler_Main, 1, 0\n\
         protocolhandler = FAILING, {h}, TestHandler_Fail, 1, 0\n\
         protocolhandler = MISSING, {h}, Missing, 1, 0\n\
         protocolhandler = NOLIB, {d}/no-such-library.so, TestHandler_Main, 1, 0\n\
         defaultlocalprotocolhandler = TEST\n\
         httpport = 5985\n",
        h = handler.display(),
        d = dir.display()
    );
    fs::write(&conf, text).expect("write omicli.conf");
    conf
}

/// The handler on its own, driven through its tables by a C driver (no library).
#[test]
fn handler_direct() {
    let dir = test_dir("handler_direct");
    let handler = build_test_handler(&dir);
    let exe = dir.join("handler_direct");
    let mut cmd = compiler();
    cmd.arg("-I")
        .arg(repo_root().join("include"))
        .arg("-rdynamic")
        .arg(c_dir().join("handler").join("handler_direct.c"))
        .arg("-o")
        .arg(&exe)
        .arg("-ldl");
    run_compiler(cmd, "handler/handler_direct.c");
    let run = run_program_env(&exe, &dir, None, &[("MI_TEST_HANDLER", &handler)]);
    assert_all_passed("handler_direct", &run);
}

/// docs/SPEC.md §3-§6 through the library with the test handler as a configured plug-in.
#[test]
fn lifecycle_handler() {
    let dir = test_dir("lifecycle_handler");
    let lib = lib_dir();
    let handler = build_test_handler(&dir);
    let conf = write_handler_config(&dir, &handler);
    let exe = compile_program_with(&dir, "lifecycle_handler", Some(&lib), &["-ldl"]);
    let run = run_program_env(
        &exe,
        &lib,
        None,
        &[("MI_TEST_HANDLER", &handler), ("MI_CONFIG", &conf)],
    );
    assert_all_passed("lifecycle_handler", &run);
}

/// Options reach the handler as the library's own copies (issue 5): the handler reads them
/// back through the options tables after the client deleted its objects.
#[test]
fn options_handler() {
    let dir = test_dir("options_handler");
    let lib = lib_dir();
    let handler = build_test_handler(&dir);
    let conf = write_handler_config(&dir, &handler);
    let exe = compile_program_with(&dir, "options_handler", Some(&lib), &["-ldl"]);
    let run = run_program_env(
        &exe,
        &lib,
        None,
        &[("MI_TEST_HANDLER", &handler), ("MI_CONFIG", &conf)],
    );
    assert_all_passed("options_handler", &run);
}

/// A configuration file registering the test handler as `TEST` and no default handler, so
/// that protocol NULL with destination NULL is the built-in handler.
fn write_handler_config_without_default(dir: &Path, handler: &Path) -> PathBuf {
    let conf = dir.join("omicli.conf");
    let text = format!(
        "# written by tests/c_programs.rs\n\
         loglevel = ERROR\n\
         providerregistrationdir = {d}\n\
         protocolhandler = TEST, {h}, TestHandler_Main, 1, 0\n",
        h = handler.display(),
        d = dir.join("no-providers").display()
    );
    fs::write(&conf, text).expect("write omicli.conf");
    conf
}

/// Builds `tests/c/<name>.c` and runs it with the test handler registered as `TEST` (no
/// default local handler: protocol NULL is the built-in one) and named by `MI_TEST_HANDLER`.
fn run_with_test_handler(name: &str) {
    let dir = test_dir(name);
    let lib = lib_dir();
    let handler = build_test_handler(&dir);
    let conf = write_handler_config_without_default(&dir, &handler);
    let exe = compile_program_with(&dir, name, Some(&lib), &["-ldl"]);
    let run = run_program_env(
        &exe,
        &lib,
        None,
        &[("MI_TEST_HANDLER", &handler), ("MI_CONFIG", &conf)],
    );
    assert_all_passed(name, &run);
}

/// Builds the sample provider (providers/sample) into `dir` and writes a configuration that
/// points the provider host at it.
fn sample_provider_config(dir: &Path) -> PathBuf {
    let out = dir.join("providers");
    let status = Command::new(repo_root().join("ci/build-sample-provider.sh"))
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .expect("run ci/build-sample-provider.sh");
    assert!(status.success(), "building the sample provider failed");
    let conf = dir.join("sample.conf");
    fs::write(
        &conf,
        format!(
            "providerregistrationdir = {}\nproviderdir = {}\n",
            repo_root().join("providers/sample/register").display(),
            out.display()
        ),
    )
    .expect("write sample.conf");
    conf
}

/// The provider host serving the sample provider: every operation kind on live data.
#[test]
fn host_sample() {
    let dir = test_dir("host_sample");
    let lib = lib_dir();
    let conf = sample_provider_config(&dir);
    let exe = compile_program_with(&dir, "host_sample", Some(&lib), &[]);
    let run = run_program_env(&exe, &lib, None, &[("MI_CONFIG", &conf)]);
    assert_all_passed("host_sample", &run);
}

/// A hosted provider: the sample provider linked into the test program.
#[test]
fn host_hosted() {
    let dir = test_dir("host_hosted");
    let lib = lib_dir();
    let sample = repo_root().join("providers/sample");
    let mut extra: Vec<String> = vec![format!("-I{}", sample.display()), "-pthread".into()];
    for f in fs::read_dir(&sample).expect("providers/sample") {
        let p = f.expect("entry").path();
        if p.extension().is_some_and(|e| e == "c") {
            extra.push(p.display().to_string());
        }
    }
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    let exe = compile_program_with(&dir, "host_hosted", Some(&lib), &extra);
    let run = run_program(&exe, &lib, None);
    assert_all_passed("host_hosted", &run);
}

/// The context slots that reach the client (prompts, errors, progress, streamed
/// parameters, the local session) through a provider linked into the test program.
#[test]
fn host_context() {
    let dir = test_dir("host_context");
    let lib = lib_dir();
    let exe = compile_program_with(&dir, "host_context", Some(&lib), &["-pthread"]);
    let run = run_program(&exe, &lib, None);
    assert_all_passed("host_context", &run);
}

/// The provider host with broken providers (tests/c/providers/broken.c, built three ways)
/// and broken registrations: clear results, no crash, no hang.
#[test]
fn host_broken() {
    let dir = test_dir("host_broken");
    let lib = lib_dir();
    let libs = dir.join("providers");
    let reg = dir.join("register/root-broken");
    fs::create_dir_all(&libs).expect("providers folder");
    fs::create_dir_all(&reg).expect("registration folder");
    for (name, define) in [
        ("Broken", None),
        ("BrokenNoMain", Some("-DBROKEN_NO_MAIN")),
        ("BrokenNullMain", Some("-DBROKEN_NULL_MAIN")),
    ] {
        let mut cmd = compiler();
        cmd.args(["-fPIC", "-shared", "-I"])
            .arg(repo_root().join("include"))
            .arg(c_dir().join("providers/broken.c"))
            .arg("-o")
            .arg(libs.join(format!("lib{name}.so")));
        if let Some(d) = define {
            cmd.arg(d);
        }
        run_compiler(cmd, "broken provider");
    }
    for (file, text) in [
        (
            "broken.reg",
            "LIBRARY=Broken\nCLASS=Broken_Twice\nCLASS=Broken_Garbage\nCLASS=Broken_Silent\n\
             CLASS=Broken_Slow\nCLASS=Broken_LoadFail\nCLASS=Broken_Report\n",
        ),
        ("nomain.reg", "LIBRARY=BrokenNoMain\nCLASS=NoMain_Class\n"),
        ("nullmain.reg", "LIBRARY=BrokenNullMain\nCLASS=NullMain_Class\n"),
        ("missing.reg", "LIBRARY=DoesNotExist\nCLASS=Missing_Class\n"),
        ("malformed.reg", "LIBRARY=Broken\nCLASS Malformed_Class\n"),
    ] {
        fs::write(reg.join(file), text).expect("write .reg");
    }
    let conf = dir.join("broken.conf");
    fs::write(
        &conf,
        format!(
            "providerregistrationdir = {}\nproviderdir = {}\n",
            dir.join("register").display(),
            libs.display()
        ),
    )
    .expect("write broken.conf");
    let exe = compile_program_with(&dir, "host_broken", Some(&lib), &[]);
    let run = run_program_env(&exe, &lib, None, &[("MI_CONFIG", &conf)]);
    assert_all_passed("host_broken", &run);
}

/// Every out-pointer of every slot and exported function passed as NULL, one at a time: a
/// required one is `MI_RESULT_INVALID_PARAMETER` and the object (the operation's next
/// result) survives; an optional one is not written (table in `tests/c/null_out_sweep.c`).
#[test]
fn null_out_sweep() {
    run_with_test_handler("null_out_sweep");
}

/// Invalid UTF-8 in session and operation strings is refused before the protocol handler
/// sees it; the instance and options string arguments as docs/STATUS.md says.
#[test]
fn invalid_strings() {
    run_with_test_handler("invalid_strings");
}

/// The randomized API fuzzer (tests/c/fuzz_api.c) in both modes, briefly (seed
/// `MI_FUZZ_SEED`, default 1; `MI_FUZZ_API_SECONDS` per mode, default 2): ci/fuzz-api.sh
/// runs it longer with several seeds, plain and under AddressSanitizer.
#[test]
fn fuzz_api() {
    let dir = test_dir("fuzz_api");
    let lib = lib_dir();
    let handler = build_test_handler(&dir);
    let conf = write_handler_config_without_default(&dir, &handler);
    let exe = compile_program_with(&dir, "fuzz_api", Some(&lib), &["-ldl"]);
    let seconds = std::env::var("MI_FUZZ_API_SECONDS").unwrap_or_else(|_| "2".into());
    let seed = std::env::var("MI_FUZZ_SEED").unwrap_or_else(|_| "1".into());
    let hang = if valgrind() { "300" } else { "60" };
    for mode in ["api", "values"] {
        let run = run_program_env(
            &exe,
            &lib,
            None,
            &[
                ("MI_FUZZ_MODE", Path::new(mode)),
                ("MI_FUZZ_SECONDS", Path::new(&seconds)),
                ("MI_FUZZ_SEED", Path::new(&seed)),
                ("MI_FUZZ_HANG_SECONDS", Path::new(hang)),
                ("MI_TEST_HANDLER", &handler),
                ("MI_CONFIG", &conf),
            ],
        );
        assert_all_passed(&format!("fuzz_api {mode}"), &run);
    }
}

/// The stress test with operations completed by the test handler, inline, re-entrantly
/// and from its threads.
#[test]
fn stress_handler() {
    let dir = test_dir("stress_handler");
    let lib = lib_dir();
    let handler = build_test_handler(&dir);
    let conf = write_handler_config(&dir, &handler);
    let exe = compile_program_with(&dir, "stress", Some(&lib), &["-ldl"]);
    let classes = Path::new("Inline:3|Thread:2:1|Stream:3|AckReentrant:3|Fail:6|Chatty|ChattyThread|Nested");
    let run = run_program_env(
        &exe,
        &lib,
        None,
        &[
            ("MI_CONFIG", &conf),
            ("MI_TEST_HANDLER", &handler),
            ("MI_TEST_HANDLER_NAME", Path::new("TEST")),
            ("MI_STRESS_CLASSES", classes),
        ],
    );
    assert_all_passed("stress (test handler)", &run);
}

// ---- the LD_PRELOAD / search-path tests ---------------------------------------------------

/// `LD_PRELOAD` of our library beats the decoy the client was linked against and that
/// `LD_LIBRARY_PATH` would find.
#[test]
fn preload_wins_over_decoy() {
    let (exe, decoy_dir) = build_preload_client("preload_wins_over_decoy");
    let lib = lib_dir().join("libmi.so");
    let run = run_program(&exe, &decoy_dir, Some(&lib));
    assert_all_passed("preload_client (LD_PRELOAD=ours, LD_LIBRARY_PATH=decoy)", &run);
}

/// With only our directory on `LD_LIBRARY_PATH`, `DT_NEEDED libmi.so` finds ours.
#[test]
fn preload_library_path_finds_ours() {
    let (exe, _decoy_dir) = build_preload_client("preload_library_path_finds_ours");
    let run = run_program(&exe, &lib_dir(), None);
    assert_all_passed("preload_client (LD_LIBRARY_PATH=ours)", &run);
}

/// Control experiment: with only the decoy available the client must fail (cleanly,
/// exit code 1 with a summary line). Otherwise the two tests above prove nothing.
#[test]
fn preload_decoy_alone_fails() {
    let (exe, decoy_dir) = build_preload_client("preload_decoy_alone_fails");
    let run = run_program(&exe, &decoy_dir, None);
    run.print("preload_client (LD_LIBRARY_PATH=decoy)");
    assert_eq!(
        run.status.code(),
        Some(1),
        "preload_client against the decoy must report failed checks (exit 1), got {}",
        run.status
    );
    match summary(&run.stdout) {
        Some((_, failed)) => assert!(failed > 0, "the decoy run reported no failure"),
        None => panic!("the decoy run printed no `N passed, M failed` line"),
    }
}

/// Builds `decoy.c` as `<dir>/decoy/libmi.so` and links `preload_client.c` against it.
fn build_preload_client(test: &str) -> (PathBuf, PathBuf) {
    let dir = test_dir(test);
    let decoy_dir = dir.join("decoy");
    fs::create_dir_all(&decoy_dir).expect("create decoy dir");
    let mut cmd = compiler();
    cmd.args(["-shared", "-fPIC"])
        .arg(c_dir().join("decoy.c"))
        .arg("-o")
        .arg(decoy_dir.join("libmi.so"));
    run_compiler(cmd, "decoy.c");
    let exe = compile_program(&dir, "preload_client", &decoy_dir);
    (exe, decoy_dir)
}

// ---- shared helpers ----------------------------------------------------------------------

/// Compiles `tests/c/<name>.c`, runs it against our library, asserts that it passed.
fn run_c_test(name: &str) {
    let lib = lib_dir();
    let exe = compile_program(&test_dir(name), name, &lib);
    let run = run_program(&exe, &lib, None);
    assert_all_passed(name, &run);
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn c_dir() -> PathBuf {
    repo_root().join("tests").join("c")
}

/// A fresh `target/c-tests/<profile>/<test>/` for one test's binaries and output.
fn test_dir(test: &str) -> PathBuf {
    let profile = profile_dir();
    let name = profile.file_name().expect("profile dir name");
    let target = profile.parent().expect("target dir");
    let dir = target.join("c-tests").join(name).join(test);
    // Start empty, so a stale binary from an earlier run can never be the one tested.
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("clean test dir");
    }
    fs::create_dir_all(&dir).expect("create test dir");
    dir
}

fn valgrind() -> bool {
    std::env::var("MI_TEST_VALGRIND").is_ok_and(|v| v == "1")
}

/// The C compiler with the flags every program and library here is built with.
fn compiler() -> Command {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let mut cmd = Command::new(cc);
    cmd.args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-g", "-pthread"]);
    if let Ok(extra) = std::env::var("MI_TEST_CFLAGS") {
        cmd.args(extra.split_whitespace());
    }
    cmd
}

fn run_compiler(mut cmd: Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run the C compiler ({cmd:?}): {e}"));
    assert!(
        out.status.success(),
        "compiling {what} failed:\n{cmd:?}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Compiles `tests/c/<name>.c` into `<dir>/<name>`, linked with `-L<link_dir> -lmi`.
fn compile_program(dir: &Path, name: &str, link_dir: &Path) -> PathBuf {
    compile_program_with(dir, name, Some(link_dir), &[])
}

/// Compiles `tests/c/<name>.c`; linked to our library when `link_dir` is given (else the
/// program loads it itself), with `extra` arguments at the end (e.g. `-ldl`).
fn compile_program_with(dir: &Path, name: &str, link_dir: Option<&Path>, extra: &[&str]) -> PathBuf {
    let exe = dir.join(name);
    let mut cmd = compiler();
    cmd.arg("-I")
        .arg(repo_root().join("include"))
        .arg(c_dir().join(format!("{name}.c")))
        .arg("-o")
        .arg(&exe);
    if let Some(link_dir) = link_dir {
        cmd.arg("-L").arg(link_dir).arg("-lmi");
    }
    cmd.args(extra);
    run_compiler(cmd, &format!("{name}.c"));
    exe
}

struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Shown by the test harness when the test fails.
    fn print(&self, what: &str) {
        println!("==== {what}: {}", self.status);
        println!("---- stdout\n{}", self.stdout);
        println!("---- stderr\n{}", self.stderr);
    }
}

/// Runs `exe` with `LD_LIBRARY_PATH=<lib_path>` (and nothing else on it), optionally with
/// `LD_PRELOAD=<preload>`, under valgrind if asked, killing it after a timeout.
fn run_program(exe: &Path, lib_path: &Path, preload: Option<&Path>) -> Run {
    run_program_env(exe, lib_path, preload, &[])
}

/// As [`run_program`], with extra environment variables for the program.
fn run_program_env(exe: &Path, lib_path: &Path, preload: Option<&Path>, env: &[(&str, &Path)]) -> Run {
    let dir = exe.parent().expect("exe dir");
    let out_path = dir.join("stdout.txt");
    let err_path = dir.join("stderr.txt");
    let timeout = if valgrind() { 600 } else { 120 };

    let mut cmd = if valgrind() {
        let mut c = Command::new("valgrind");
        c.args([
            "--error-exitcode=99",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite",
            "--quiet",
        ]);
        c.arg(exe);
        // The program's own watchdog must fire before our kill, so that a hang is
        // reported by the program rather than as a bare timeout.
        c.env("MI_TEST_WATCHDOG_SECS", (timeout - 60).to_string());
        c
    } else {
        Command::new(exe)
    };
    // Unless the test names its own configuration, one whose provider registration folder
    // is empty: the built-in handler (the provider host) then knows no namespace, whatever
    // is installed on the machine, and answers MI_RESULT_INVALID_NAMESPACE.
    let no_providers = dir.join("no-providers.conf");
    fs::write(
        &no_providers,
        format!(
            "providerregistrationdir = {}\n",
            dir.join("no-providers").display()
        ),
    )
    .expect("write no-providers.conf");
    cmd.env("LD_LIBRARY_PATH", lib_path)
        .env_remove("LD_PRELOAD")
        .env("MI_CONFIG", &no_providers);
    for (name, value) in env {
        cmd.env(name, value);
    }
    if let Some(p) = preload {
        cmd.env("LD_PRELOAD", p);
        // An ASan build (MI_TEST_CFLAGS) refuses to start when a preloaded library comes
        // before its runtime; that order is the point of this run.
        let asan = std::env::var("ASAN_OPTIONS").unwrap_or_default();
        cmd.env("ASAN_OPTIONS", format!("{asan}:verify_asan_link_order=0"));
    }
    // Output goes to files, not pipes: a chatty program can never block on a full pipe
    // while we poll for its exit.
    cmd.stdin(Stdio::null())
        .stdout(File::create(&out_path).expect("create stdout file"))
        .stderr(File::create(&err_path).expect("create stderr file"));

    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break Some(status);
        }
        if start.elapsed() > Duration::from_secs(timeout) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &Path| {
        let mut s = Vec::new();
        File::open(p)
            .and_then(|mut f| f.read_to_end(&mut s))
            .expect("read program output");
        String::from_utf8_lossy(&s).into_owned()
    };
    let (stdout, stderr) = (read(&out_path), read(&err_path));
    match status {
        Some(status) => Run {
            status,
            stdout,
            stderr,
        },
        None => panic!(
            "{} did not finish within {timeout} s and was killed\n---- stdout\n{stdout}\n\
             ---- stderr\n{stderr}",
            exe.display()
        ),
    }
}

/// `(passed, failed)` from a last stdout line of exactly the form `N passed, M failed`.
fn summary(stdout: &str) -> Option<(u64, u64)> {
    let last = stdout.lines().last()?;
    let (passed, rest) = last.split_once(" passed, ")?;
    let failed = rest.strip_suffix(" failed")?;
    let number = |s: &str| {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    Some((number(passed)?, number(failed)?))
}

fn assert_all_passed(what: &str, run: &Run) {
    run.print(what);
    assert!(
        !(valgrind() && run.status.code() == Some(99)),
        "{what}: valgrind reported errors or definite leaks (see stderr above)"
    );
    assert_ne!(
        run.status.code(),
        Some(124),
        "{what}: the program's watchdog fired (deadlock or far too slow)"
    );
    assert!(run.status.success(), "{what} exited with {}", run.status);
    match summary(&run.stdout) {
        Some((passed, 0)) if passed > 0 => {}
        Some((passed, failed)) => {
            panic!("{what}: {passed} passed, {failed} failed (expected >0 passed, 0 failed)")
        }
        None => panic!("{what}: last stdout line is not `N passed, M failed`"),
    }
}
