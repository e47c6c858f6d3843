//! `micli` (cli/micli.c) end to end: builds the sample provider and the CLI against the
//! `libmi.so` of this test run, points the in-process provider host at the provider with
//! `MI_CONFIG`, and runs every command, checking output and exit codes (the MI_Result).
//!
//! The provider host lives in each micli process, so the sample's in-memory MIRS_Note
//! store starts empty in every run: a note created by one `ci` is gone for the next command.

use std::fs;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

mod common;
use common::{lib_dir, profile_dir};

struct Setup {
    micli: PathBuf,
    conf: PathBuf,
    lib: PathBuf,
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the provider and micli once for every test of this file.
fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let profile = profile_dir();
        let name = profile.file_name().expect("profile dir name");
        let dir = profile
            .parent()
            .expect("target dir")
            .join("c-tests")
            .join(name)
            .join("cli");
        if dir.exists() {
            fs::remove_dir_all(&dir).expect("clean test dir");
        }
        fs::create_dir_all(&dir).expect("create test dir");
        let lib = lib_dir();
        let providers = dir.join("providers");
        let status = Command::new(repo_root().join("ci/build-sample-provider.sh"))
            .arg(&providers)
            .stdout(Stdio::null())
            .status()
            .expect("run ci/build-sample-provider.sh");
        assert!(status.success(), "building the sample provider failed");
        let status = Command::new(repo_root().join("ci/build-cli.sh"))
            .arg(&dir)
            .env("MI_LIB_DIR", &lib)
            .stdout(Stdio::null())
            .status()
            .expect("run ci/build-cli.sh");
        assert!(status.success(), "building micli failed");
        let conf = dir.join("sample.conf");
        fs::write(
            &conf,
            format!(
                "providerregistrationdir = {}\nproviderdir = {}\n",
                repo_root().join("providers/sample/register").display(),
                providers.display()
            ),
        )
        .expect("write sample.conf");
        Setup {
            micli: dir.join("micli"),
            conf,
            lib,
        }
    })
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs micli with `args`, killed after 30 s (a hang fails the test).
fn micli(args: &[&str]) -> Run {
    let s = setup();
    let mut child = Command::new(&s.micli)
        .args(args)
        .env("LD_LIBRARY_PATH", &s.lib)
        .env("MI_CONFIG", &s.conf)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn micli");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).expect("read stdout");
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).expect("read stderr");
        s
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait micli") {
            break st;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("micli {args:?} did not finish in 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code().expect("micli killed by a signal"),
        stdout: reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    };
    eprintln!("micli {args:?} -> {}\n{}{}", run.code, run.stdout, run.stderr);
    run
}

fn instances(out: &str) -> usize {
    out.lines().filter(|l| l.starts_with("instance of ")).count()
}

fn json_lines(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The pid of this test process: micli's parent, so a process that exists while micli runs.
fn me() -> String {
    std::process::id().to_string()
}

#[test]
fn enumerate() {
    let r = micli(&["ei", "root/sample", "MIRS_OperatingSystem"]);
    assert_eq!(r.code, 0);
    assert_eq!(instances(&r.stdout), 1);
    assert!(r.stdout.contains("    [Key] Name="), "{}", r.stdout);
    assert!(
        r.stdout.contains("LoadAverage={"),
        "arrays in braces: {}",
        r.stdout
    );

    let r = micli(&["ei", "root/sample", "MIRS_Process"]);
    assert_eq!(r.code, 0);
    assert!(instances(&r.stdout) >= 1);
    assert!(r.stdout.contains(&format!("[Key] Handle={}\n", me())));

    let r = micli(&["ei", "-k", "root/sample", "MIRS_Process"]);
    assert_eq!(r.code, 0);
    assert!(instances(&r.stdout) >= 1);
}

#[test]
fn get_instance() {
    let pid = me();
    let r = micli(&["gi", "root/sample", "{", "MIRS_Process", "Handle", &pid, "}"]);
    assert_eq!(r.code, 0);
    assert_eq!(instances(&r.stdout), 1);
    assert!(
        r.stdout.contains(&format!("    ProcessId={pid}\n")),
        "{}",
        r.stdout
    );
    let r = micli(&["gi", "root/sample", "{", "MIRS_Process", "Handle", "1", "}"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("    ProcessId=1\n"));
    let r = micli(&[
        "gi",
        "root/sample",
        "{",
        "MIRS_Process",
        "Handle",
        "999999999",
        "}",
    ]);
    assert_eq!(r.code, 6);
    assert!(
        r.stderr.contains("micli: result: MI_RESULT_NOT_FOUND"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
}

#[test]
fn notes() {
    let r = micli(&[
        "ci",
        "root/sample",
        "{",
        "MIRS_Note",
        "Name",
        "n1",
        "Text",
        "hello world",
        "}",
    ]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("instance of MIRS_Note"));
    assert!(r.stdout.contains("    [Key] Name=n1\n"));
    assert!(r.stdout.contains("    Text=hello world\n"));
    assert!(r.stdout.contains("    Created="));
    // Each micli process has its own host and so its own (empty) note store.
    for cmd in ["gi", "di"] {
        let r = micli(&[cmd, "root/sample", "{", "MIRS_Note", "Name", "n1", "}"]);
        assert_eq!(r.code, 6, "{cmd}");
        assert!(r.stderr.contains("MI_RESULT_NOT_FOUND"));
    }
    let r = micli(&[
        "mi",
        "root/sample",
        "{",
        "MIRS_Note",
        "Name",
        "n1",
        "Text",
        "x",
        "}",
    ]);
    assert_eq!(r.code, 6);
    // A datetime value is parsed by the class's type; a malformed one is a usage error.
    let r = micli(&[
        "ci",
        "root/sample",
        "{",
        "MIRS_Note",
        "Name",
        "n2",
        "Created",
        "not-a-date",
        "}",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("datetime"), "{}", r.stderr);
}

#[test]
fn invoke() {
    let pid = me();
    let r = micli(&[
        "iv",
        "root/sample",
        "{",
        "MIRS_Process",
        "Handle",
        &pid,
        "}",
        "Signal",
        "{",
        "Number",
        "0",
        "}",
    ]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("    ReturnValue=0\n"), "{}", r.stdout);
    let r = micli(&[
        "iv",
        "root/sample",
        "{",
        "MIRS_Process",
        "}",
        "Count",
        "{",
        "State",
        "",
        "}",
    ]);
    assert_eq!(r.code, 0);
    let total = r
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("Total="))
        .expect("Total in the output");
    assert!(total.parse::<u32>().expect("Total is a number") >= 1);
    let r = micli(&["iv", "root/sample", "{", "MIRS_Process", "}", "Count"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Total="));
    // Number is a uint32: a word that is not one is refused before anything is sent.
    let r = micli(&[
        "iv",
        "root/sample",
        "{",
        "MIRS_Process",
        "Handle",
        &pid,
        "}",
        "Signal",
        "{",
        "Number",
        "-1",
        "}",
    ]);
    assert_eq!(r.code, 2);
    let r = micli(&[
        "iv",
        "root/sample",
        "{",
        "MIRS_Process",
        "Handle",
        &pid,
        "}",
        "NoSuchMethod",
    ]);
    assert_eq!(r.code, 17, "MI_RESULT_METHOD_NOT_FOUND");
}

#[test]
fn associations_and_references() {
    let pid = me();
    let parent = fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            s.rsplit(')')
                .next()
                .and_then(|t| t.split_whitespace().nth(1))
                .map(str::to_string)
        })
        .expect("parent pid");
    let inst = ["{", "MIRS_Process", "Handle", pid.as_str(), "}"];
    let mut args = vec!["a", "root/sample"];
    args.extend(inst);
    args.extend(["-ac", "MIRS_ProcessParent", "-r", "Child", "-rr", "Parent"]);
    let r = micli(&args);
    assert_eq!(r.code, 0);
    assert_eq!(instances(&r.stdout), 1);
    assert!(
        r.stdout.contains(&format!("    ProcessId={parent}\n")),
        "{}",
        r.stdout
    );

    let mut args = vec!["r", "root/sample"];
    args.extend(inst);
    args.extend(["-rc", "MIRS_ProcessParent", "-r", "Child"]);
    let r = micli(&args);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout.matches("instance of MIRS_ProcessParent").count(), 1);
    assert!(
        r.stdout.contains("Parent= REF instance of MIRS_Process"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(&format!("        [Key] Handle={pid}\n")));
}

#[test]
fn query() {
    let pid = me();
    let q = format!("SELECT * FROM MIRS_Process WHERE ProcessId = {pid}");
    let r = micli(&["qi", "root/sample", &q]);
    assert_eq!(r.code, 0);
    assert_eq!(instances(&r.stdout), 1);
    let r = micli(&[
        "qi",
        "root/sample",
        "SELECT * FROM MIRS_Process WHERE ProcessId = 0 AND ProcessId <> 0",
    ]);
    assert_eq!(r.code, 0);
    assert_eq!(instances(&r.stdout), 0);
    let r = micli(&["qi", "-ql", "CQL", "root/sample", "SELECT * FROM MIRS_Process"]);
    assert_eq!(r.code, 14, "MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED");
    let r = micli(&["qi", "root/sample", "SELECT FROM WHERE"]);
    assert_eq!(r.code, 15, "MI_RESULT_INVALID_QUERY");
}

#[test]
fn classes() {
    let r = micli(&["gc", "root/sample", "MIRS_Process"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("class MIRS_Process\n"), "{}", r.stdout);
    assert!(r.stdout.contains("[Key] string Handle;"));
    assert!(r.stdout.contains("string CommandLine[];"));
    assert!(r.stdout.contains("Description(\"A running process"));
    assert!(
        r.stdout.contains("uint32 Signal([In] uint32 Number);"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("[Static] uint32 Count([In] string State, [Out] uint32 Total);")
    );
    let r = micli(&["gc", "root/sample", "MIRS_ProcessParent"]);
    assert!(r.stdout.contains("Association"));
    assert!(
        r.stdout.contains("[Key] MIRS_Process REF Parent;"),
        "{}",
        r.stdout
    );

    // --json: the same class as one object
    let r = micli(&["--json", "gc", "root/sample", "MIRS_Process"]);
    assert_eq!(r.code, 0);
    let v = json_lines(&r.stdout);
    assert_eq!(v.len(), 1);
    let c = &v[0];
    assert_eq!(c["class"], "MIRS_Process");
    assert!(c["parent"].is_null());
    assert_eq!(c["association"], false);
    assert!(
        c["qualifiers"]["Description"]
            .as_str()
            .is_some_and(|d| d.starts_with("A running process")),
        "{c}"
    );
    let props = c["properties"].as_array().expect("properties");
    let handle = props.iter().find(|p| p["name"] == "Handle").expect("Handle");
    assert_eq!(handle["type"], "string");
    assert_eq!(handle["key"], true);
    let argv = props
        .iter()
        .find(|p| p["name"] == "CommandLine")
        .expect("CommandLine");
    assert_eq!(argv["type"], "string[]");
    assert_eq!(argv["key"], false);
    let methods = c["methods"].as_array().expect("methods");
    let count = methods.iter().find(|m| m["name"] == "Count").expect("Count");
    assert_eq!(count["static"], true);
    assert_eq!(count["returnType"], "uint32");
    let params = count["parameters"].as_array().expect("parameters");
    let state = params.iter().find(|p| p["name"] == "State").expect("State");
    assert_eq!(
        (
            state["type"].as_str(),
            state["in"].as_bool(),
            state["out"].as_bool()
        ),
        (Some("string"), Some(true), Some(false))
    );
    let total = params.iter().find(|p| p["name"] == "Total").expect("Total");
    assert_eq!(
        (total["in"].as_bool(), total["out"].as_bool()),
        (Some(false), Some(true))
    );
    let signal = methods.iter().find(|m| m["name"] == "Signal").expect("Signal");
    assert_eq!(signal["static"], false);
    let r = micli(&["--json", "gc", "root/sample", "MIRS_ProcessParent"]);
    let c = &json_lines(&r.stdout)[0];
    assert_eq!(c["association"], true);
    let parent = c["properties"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "Parent"))
        .expect("Parent");
    assert_eq!(
        (parent["type"].as_str(), parent["refClass"].as_str()),
        (Some("ref"), Some("MIRS_Process"))
    );

    let r = micli(&["ec", "root/sample"]);
    assert_eq!(r.code, 0);
    let names: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(names.len(), 7, "{names:?}");
    assert!(names.contains(&"MIRS_Note") && names.contains(&"MIRS_Heartbeat"));
}

#[test]
fn connection_and_errors() {
    assert_eq!(micli(&["id"]).code, 0);
    let r = micli(&["ei", "root/sample", "Nope_Class"]);
    assert_eq!(r.code, 5);
    assert!(r.stderr.contains("micli: result: MI_RESULT_INVALID_CLASS"));
    assert!(
        r.stderr.contains("micli: message: "),
        "the host's message: {}",
        r.stderr
    );
    let r = micli(&["gc", "root/sample", "Nope_Class"]);
    assert_eq!(r.code, 5);
    let r = micli(&["ei", "root/nowhere", "MIRS_Process"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("MI_RESULT_INVALID_NAMESPACE"));
    // A subscription: two heartbeats (one every 500 ms), then micli cancels.
    let r = micli(&[
        "sub",
        "root/sample",
        "select * from MIRS_Heartbeat",
        "--count",
        "2",
        "--timeout",
        "20",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.matches("MIRS_Heartbeat").count(), 2, "{}", r.stdout);
    // A remote destination: the options are accepted and reach the WS-Management handler;
    // nothing listens there, so the result is a failure naming the refused connection.
    let r = micli(&[
        "--hostname",
        "127.0.0.1",
        "--port",
        "5985",
        "-u",
        "DOMAIN\\user",
        "-p",
        "secret",
        "--auth",
        "Basic",
        "--encryption",
        "none",
        "id",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("connection refused"), "{}", r.stderr);
}

#[test]
fn usage_errors() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["ei", "root/sample"],
        &["gi", "root/sample", "{", "MIRS_Process", "Handle"],
        &["gi", "root/sample", "MIRS_Process", "Handle", "1"],
        &["gi", "root/sample", "{", "MIRS_Process", "Handle", "1"],
        &["ei", "--bogus", "root/sample", "MIRS_Process"],
        &["--port", "notaport", "id"],
        &["--auth", "Magic", "id"],
        &["--encryption", "rot13", "id"],
        &["-p", "secret", "id"],
        &["id", "extra"],
        &["ei", "root/sample", "MIRS_Process", "-rc", "X"],
    ] {
        let r = micli(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.starts_with("micli: "), "{args:?}: {}", r.stderr);
    }
    let r = micli(&["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("usage: micli"));
}

#[test]
fn json_output() {
    let r = micli(&["--json", "ei", "root/sample", "MIRS_OperatingSystem"]);
    assert_eq!(r.code, 0);
    let v = json_lines(&r.stdout);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["class"], "MIRS_OperatingSystem");
    let p = &v[0]["properties"];
    assert!(p["Name"].is_string());
    assert!(p["TotalMemoryBytes"].as_u64().is_some_and(|n| n > 0), "{p}");
    assert!(p["NumberOfProcesses"].is_u64());
    let loads = p["LoadAverage"].as_array().expect("LoadAverage is an array");
    assert_eq!(loads.len(), 3);
    assert!(loads.iter().all(serde_json::Value::is_number));
    let boot = p["BootTime"].as_str().expect("datetime as a string");
    assert_eq!(boot.len(), 25, "DMTF datetime: {boot}");
    assert_eq!(&boot[14..15], ".");

    let pid = me();
    let r = micli(&[
        "--json",
        "gi",
        "root/sample",
        "{",
        "MIRS_Process",
        "Handle",
        &pid,
        "}",
    ]);
    assert_eq!(r.code, 0);
    let v = json_lines(&r.stdout);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["keys"], serde_json::json!(["Handle"]));
    let p = &v[0]["properties"];
    assert_eq!(p["Handle"], pid.as_str());
    assert_eq!(p["ProcessId"].as_u64(), Some(u64::from(std::process::id())));
    // this test binary's command line: an array of strings
    let argv = p["CommandLine"].as_array().expect("CommandLine is an array");
    assert!(
        !argv.is_empty() && argv.iter().all(serde_json::Value::is_string),
        "{argv:?}"
    );

    // strings that need escaping survive the round trip
    let text = "quote\" backslash\\ tab\t newline\n bell\u{7} é";
    let r = micli(&[
        "--json",
        "ci",
        "root/sample",
        "{",
        "MIRS_Note",
        "Name",
        "j",
        "Text",
        text,
        "}",
    ]);
    assert_eq!(r.code, 0);
    let v = json_lines(&r.stdout);
    assert_eq!(v[0]["properties"]["Text"], text);

    // references are nested objects
    let r = micli(&[
        "--json",
        "r",
        "root/sample",
        "{",
        "MIRS_Process",
        "Handle",
        &pid,
        "}",
        "-r",
        "Child",
    ]);
    let v = json_lines(&r.stdout);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["properties"]["Child"]["class"], "MIRS_Process");
    assert_eq!(v[0]["properties"]["Child"]["properties"]["Handle"], pid.as_str());

    let r = micli(&["--json", "iv", "root/sample", "{", "MIRS_Process", "}", "Count"]);
    let v = json_lines(&r.stdout);
    assert!(v[0]["properties"]["Total"].is_u64());
}
