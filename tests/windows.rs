//! `mi.dll` on Windows, proven under Wine through the DLL search path.
//!
//! Builds `mi.dll` for `x86_64-pc-windows-gnu` (its own target directory,
//! `target/windows-build/`, so this nested cargo never waits on the lock of the `cargo test`
//! that runs it), cross-compiles C test programs with `x86_64-w64-mingw32-gcc` against
//! `include/mi.h` (linked with the import library `libmi.dll.a`, as a Windows client links
//! with `mi.lib`), puts `mi.dll` next to each `.exe` and runs it with `wine` in a private
//! prefix (`target/wine-prefix/`). Each program prints `N passed, M failed` last.
//!
//! Test harness only: Debian 12's Wine 8 lacks `bcryptprimitives.dll`, whose `ProcessPrng`
//! the Rust standard library imports; `tests/c/windows/bcryptprimitives.c` is built into a
//! one-function stand-in next to each program. It is never part of `mi.dll`.
//!
//! `MI_TEST_WINDOWS`: unset = run when `x86_64-w64-mingw32-gcc`, `wine` and the Rust target
//! are installed, else print one line and pass; `1` = required (missing tools fail);
//! `0` = skip.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const TARGET: &str = "x86_64-pc-windows-gnu";
const MINGW_CC: &str = "x86_64-w64-mingw32-gcc";
const MINGW_OBJDUMP: &str = "x86_64-w64-mingw32-objdump";
const MINGW_NM: &str = "x86_64-w64-mingw32-nm";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn c_dir() -> PathBuf {
    root().join("tests").join("c")
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// What is missing to run these tests, if anything.
fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    if !runs(MINGW_CC, &["--version"]) {
        missing.push(format!("{MINGW_CC} (Debian: gcc-mingw-w64-x86-64)"));
    }
    if !runs("wine", &["--version"]) {
        missing.push("wine (Debian: wine, wine64)".to_string());
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let libdir = Command::new(rustc)
        .args(["--print", "target-libdir", "--target", TARGET])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    if !libdir.is_some_and(|d| d.is_dir()) {
        missing.push(format!("the Rust target (rustup target add {TARGET})"));
    }
    missing
}

/// Whether to run; `false` after printing the one line that says why not.
fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| {
        let mode = std::env::var("MI_TEST_WINDOWS").unwrap_or_default();
        if mode == "0" {
            println!("Windows tests skipped: MI_TEST_WINDOWS=0");
            return false;
        }
        let missing = missing_tools();
        if missing.is_empty() {
            return true;
        }
        assert!(
            mode != "1",
            "MI_TEST_WINDOWS=1 but missing: {}",
            missing.join(", ")
        );
        println!(
            "Windows tests skipped: missing {} (MI_TEST_WINDOWS=1 makes this a failure)",
            missing.join(", ")
        );
        false
    })
}

/// Everything the tests share, built once per test process.
struct Built {
    /// `mi.dll` and its import library `libmi.dll.a`.
    dll_dir: PathBuf,
    /// The `bcryptprimitives.dll` stand-in.
    shim: PathBuf,
    prefix: PathBuf,
    /// `target/windows-tests/`.
    out: PathBuf,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let target_dir = root().join("target").join("windows-build");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let status = Command::new(cargo)
            .current_dir(root())
            .args(["build", "--release", "--lib", "--target", TARGET, "--target-dir"])
            .arg(&target_dir)
            .status()
            .expect("run cargo build for Windows");
        assert!(status.success(), "cargo build --target {TARGET} failed");
        let dll_dir = target_dir.join(TARGET).join("release");
        assert!(
            dll_dir.join("mi.dll").is_file(),
            "no mi.dll in {}",
            dll_dir.display()
        );

        let out = root().join("target").join("windows-tests");
        fs::create_dir_all(&out).expect("create target/windows-tests");
        let shim = out.join("bcryptprimitives.dll");
        compile(
            &[
                "-O2",
                "-shared",
                c_dir().join("windows/bcryptprimitives.c").to_str().unwrap(),
                "-o",
                shim.to_str().unwrap(),
                "-ladvapi32",
            ],
            "the bcryptprimitives.dll stand-in",
        );

        // A private prefix, created once here (not by several tests at once).
        let prefix = root().join("target").join("wine-prefix");
        fs::create_dir_all(&prefix).expect("create the wine prefix dir");
        let status = wine(&prefix)
            .args(["cmd", "/c", "exit"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run wine");
        assert!(
            status.success(),
            "wine cannot start (prefix {})",
            prefix.display()
        );
        Built {
            dll_dir,
            shim,
            prefix,
            out,
        }
    })
}

fn wine(prefix: &Path) -> Command {
    let mut cmd = Command::new("wine");
    cmd.env("WINEPREFIX", prefix)
        .env("WINEDEBUG", "-all")
        // No Mono / Gecko installer dialogs on a fresh prefix.
        .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
        .env_remove("MI_CONFIG")
        .env_remove("DISPLAY");
    cmd
}

fn compile(args: &[&str], what: &str) {
    let out = Command::new(MINGW_CC)
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-g"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {MINGW_CC}: {e}"));
    assert!(
        out.status.success(),
        "compiling {what} failed:\n{args:?}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A fresh `target/windows-tests/<test>/` holding `mi.dll` (unless `with_dll` is false)
/// and the shim.
fn test_dir(test: &str, with_dll: bool) -> PathBuf {
    let b = built();
    let dir = b.out.join(test);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("clean test dir");
    }
    fs::create_dir_all(&dir).expect("create test dir");
    if with_dll {
        fs::copy(b.dll_dir.join("mi.dll"), dir.join("mi.dll")).expect("copy mi.dll");
    }
    fs::copy(&b.shim, dir.join("bcryptprimitives.dll")).expect("copy the shim");
    dir
}

/// Compiles `tests/c/<source>` into `<dir>/<name>.exe`, linked with mi.dll's import
/// library when `link` is set. Static C runtime pieces (winpthreads for threads.c), so the
/// only DLLs next to the program are ours.
fn compile_program(dir: &Path, source: &str, name: &str, link: bool) -> PathBuf {
    let exe = dir.join(format!("{name}.exe"));
    let include = root().join("include");
    let cdir = c_dir();
    let src = cdir.join(source);
    let import_lib = built().dll_dir.join("libmi.dll.a");
    let mut args = vec![
        "-I",
        include.to_str().unwrap(),
        "-I",
        cdir.to_str().unwrap(),
        src.to_str().unwrap(),
        "-o",
        exe.to_str().unwrap(),
    ];
    if link {
        args.push(import_lib.to_str().unwrap());
    }
    args.extend(["-static", "-lpthread"]);
    compile(&args, source);
    exe
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `exe` under wine from its own folder, killing it after a timeout.
fn run(exe: &Path, env: &[(&str, &str)]) -> Run {
    let dir = exe.parent().expect("exe dir");
    let (out_path, err_path) = (dir.join("stdout.txt"), dir.join("stderr.txt"));
    let mut cmd = wine(&built().prefix);
    cmd.arg(exe.file_name().expect("exe name"))
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).expect("stdout file"))
        .stderr(File::create(&err_path).expect("stderr file"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start wine");
    let timeout = Duration::from_secs(300);
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("try_wait") {
            break Some(s);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let read = |p: &Path| {
        let mut s = Vec::new();
        File::open(p)
            .and_then(|mut f| f.read_to_end(&mut s))
            .expect("read output");
        String::from_utf8_lossy(&s).replace("\r\n", "\n")
    };
    let run = Run {
        code: status.and_then(|s| s.code()),
        stdout: read(&out_path),
        stderr: read(&err_path),
    };
    assert!(
        status.is_some(),
        "{} did not finish within {timeout:?}\n---- stdout\n{}\n---- stderr\n{}",
        exe.display(),
        run.stdout,
        run.stderr
    );
    run
}

/// `(passed, failed)` from the last `N passed, M failed` line.
fn summary(stdout: &str) -> Option<(u64, u64)> {
    let line = stdout.lines().rev().find(|l| !l.trim().is_empty())?;
    let (p, f) = line.trim().split_once(" passed, ")?;
    Some((p.parse().ok()?, f.strip_suffix(" failed")?.parse().ok()?))
}

fn assert_passed(name: &str, run: &Run) {
    let report = format!(
        "==== {name}: exit {:?}\n---- stdout\n{}\n---- stderr\n{}",
        run.code, run.stdout, run.stderr
    );
    match summary(&run.stdout) {
        Some((passed, 0)) if passed > 0 && run.code == Some(0) => {
            println!("{name} under wine: {passed} passed, 0 failed");
        }
        _ => panic!("{report}"),
    }
}

/// Compiles `tests/c/<source>`, runs it under wine with mi.dll next to it.
fn run_c_test(source: &str, link: bool, env: &[(&str, &str)]) {
    if !enabled() {
        return;
    }
    let name = Path::new(source).file_stem().unwrap().to_str().unwrap();
    let dir = test_dir(name, true);
    let exe = compile_program(&dir, source, name, link);
    let run = run(&exe, env);
    assert_passed(name, &run);
}

/// Init/close through every path, stale copies, garbage handles, 1000 applications.
#[test]
fn init_close() {
    run_c_test("init_close.c", true, &[]);
}

/// 8 threads racing one Close, initialize/close cycles, stale copies used while closing.
#[test]
fn threads() {
    run_c_test("threads.c", true, &[]);
}

/// Sessions and operations on the embedded handler; closes from callbacks refused; the
/// application Close waits for sessions; thread count back to the start (Toolhelp32).
#[test]
fn lifecycle_embedded() {
    run_c_test("lifecycle_embedded.c", true, &[]);
}

/// `LoadLibraryA("mi.dll")` (found by the DLL search order next to the program), use,
/// `FreeLibrary`, 20 times; each time really unloaded and no thread left behind.
#[test]
fn load_free_library_cycles() {
    run_c_test("dlopen_cycles.c", false, &[("MI_TEST_LIBRARY", "mi.dll")]);
}

/// A Windows path for a Unix path, through Wine's `Z:` drive (the whole file system).
fn wine_path(p: &Path) -> String {
    format!("Z:{}", p.display()).replace('/', "\\")
}

/// The handler DLL loaded through MI_CONFIG; operations from its threads.
#[test]
fn handler_dll() {
    if !enabled() {
        return;
    }
    let dir = test_dir("handler_client", true);
    compile(
        &[
            "-shared",
            "-I",
            root().join("include").to_str().unwrap(),
            c_dir().join("windows/winhandler.c").to_str().unwrap(),
            "-o",
            dir.join("winhandler.dll").to_str().unwrap(),
        ],
        "windows/winhandler.c",
    );
    // LIBRARY relative to the configuration file's folder.
    let conf = dir.join("omicli.conf");
    fs::write(
        &conf,
        "# written by tests/windows.rs\n\
         protocolhandler = WINTEST, winhandler.dll, WinHandler_Main, 1, 0\n\
         protocolhandler = WINFAIL, winhandler.dll, WinHandler_Fail, 1, 0\n\
         protocolhandler = WINMISSING, winhandler.dll, NoSuchEntryPoint, 1, 0\n\
         protocolhandler = WINNOLIB, no-such-library.dll, WinHandler_Main, 1, 0\n\
         defaultlocalprotocolhandler = WINTEST\n",
    )
    .expect("write omicli.conf");
    let exe = compile_program(&dir, "windows/handler_client.c", "handler_client", true);
    let run = run(&exe, &[("MI_CONFIG", &wine_path(&conf))]);
    assert_passed("handler_client", &run);
}

/// Control: without `mi.dll` next to it the same program cannot start, so the passing runs
/// above used the `mi.dll` in the program's folder (the DLL search path), not another one.
#[test]
fn without_mi_dll_the_program_does_not_start() {
    if !enabled() {
        return;
    }
    let dir = test_dir("no_mi_dll", false);
    let exe = compile_program(&dir, "init_close.c", "init_close", true);
    let run = run(&exe, &[]);
    assert!(
        run.code != Some(0) && summary(&run.stdout).is_none(),
        "init_close.exe ran without mi.dll (exit {:?}): another mi.dll was found\n{}",
        run.code,
        run.stdout
    );
}

/// The functions `include/mi.h` declares (as tests/exports.rs reads them).
fn declared_functions() -> Vec<String> {
    let header = fs::read_to_string(root().join("include/mi.h")).expect("read include/mi.h");
    let mut names: Vec<String> = header
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with("typedef") && !l.starts_with('#'))
        .filter_map(|line| {
            let open = line.find('(')?;
            let name = line[..open].split_whitespace().last()?.trim_start_matches('*');
            name.starts_with("MI_").then(|| name.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// mi.dll's export table is exactly the header's functions plus `mi_clientFT_V1`, and the
/// import library marks `mi_clientFT_V1` as DATA (no code thunk, only `__imp_`).
#[test]
fn dll_exports_exactly_the_intended_symbols() {
    if !enabled() {
        return;
    }
    let dll_dir = &built().dll_dir;
    let out = Command::new(MINGW_OBJDUMP)
        .arg("-p")
        .arg(dll_dir.join("mi.dll"))
        .output()
        .expect("run objdump");
    assert!(out.status.success(), "objdump -p failed");
    let text = String::from_utf8_lossy(&out.stdout);
    // The name table: lines `\t[   N] name` after "[Ordinal/Name Pointer] Table".
    let table = text
        .split("[Ordinal/Name Pointer] Table")
        .nth(1)
        .expect("mi.dll has an export name table");
    let mut exported: Vec<String> = table
        .lines()
        .skip(1)
        .take_while(|l| l.trim_start().starts_with('['))
        .filter_map(|l| l.split(']').nth(1).map(|n| n.trim().to_string()))
        .collect();
    exported.sort();
    let mut intended = declared_functions();
    intended.push("mi_clientFT_V1".to_string());
    intended.sort();
    assert!(intended.contains(&"MI_Application_InitializeV1".to_string()));
    assert_eq!(exported, intended, "mi.dll exports vs include/mi.h");
    println!("mi.dll exports {} names", exported.len());

    // DATA: the import library has `__imp_mi_clientFT_V1` but no `mi_clientFT_V1` thunk,
    // while functions have both.
    let out = Command::new(MINGW_NM)
        .arg(dll_dir.join("libmi.dll.a"))
        .output()
        .expect("run nm");
    let symbols = String::from_utf8_lossy(&out.stdout);
    let defines = |name: &str| {
        symbols.lines().any(|l| {
            let mut parts = l.split_whitespace().rev();
            parts.next() == Some(name) && parts.next().is_some_and(|k| k != "U")
        })
    };
    assert!(defines("__imp_mi_clientFT_V1"));
    assert!(
        !defines("mi_clientFT_V1"),
        "mi_clientFT_V1 has a code thunk: not DATA"
    );
    assert!(defines("MI_Application_InitializeV1") && defines("__imp_MI_Application_InitializeV1"));
}
