//! The transport against OMI's real server (the omi-ref kit's `with-omiserver`, which
//! needs root): Identify over HTTP and HTTPS with Basic auth, 1,000 times on one
//! connection each, and a wrong password. The outer test re-runs this binary inside the
//! kit's network namespace; it skips with one line when the kit or root is absent.
//! `bench_inner` (run by ci/bench-transport.sh) is the BENCHMARKS.md comparison with
//! OMI's own client on the same server.

mod transport_util;

mod common;

use common::{is_root, omi_kit as kit};

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use mi::transport::{
    Connection, ConnectionOptions, Endpoint, ErrorKind, Request, Runtime, Scheme, TlsOptions,
    basic_authorization,
};

const INNER: &str = "MIRS_TRANSPORT_OMI_INNER";

/// `wsmid:Identify` (WS-Management Identity: DSP0226): an empty header, the Identify body.
const IDENTIFY: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" "#,
    r#"xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">"#,
    r#"<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>"#
);

/// An optimized Enumerate of `root/omi OMI_Identify` (one round trip: the items and
/// EndOfSequence come back in the EnumerateResponse), as omicli's `ei` asks.
fn enumerate(to: &str, n: u64) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" "#,
            r#"xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" "#,
            r#"xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration" "#,
            r#"xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Header>"#,
            r#"<a:To>{to}</a:To>"#,
            r#"<w:ResourceURI s:mustUnderstand="true">http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/OMI_Identify</w:ResourceURI>"#,
            r#"<a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>"#,
            r#"<a:Action s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate</a:Action>"#,
            r#"<w:MaxEnvelopeSize s:mustUnderstand="true">512000</w:MaxEnvelopeSize>"#,
            r#"<a:MessageID>uuid:00000000-0000-0000-0000-{n:012X}</a:MessageID>"#,
            r#"<w:Locale xml:lang="en-US" s:mustUnderstand="false"/>"#,
            r#"<w:SelectorSet><w:Selector Name="__cimnamespace">root/omi</w:Selector></w:SelectorSet>"#,
            r#"<w:OperationTimeout>PT60.000S</w:OperationTimeout></s:Header><s:Body><n:Enumerate>"#,
            r#"<w:OptimizeEnumeration/><w:MaxElements>32000</w:MaxElements>"#,
            r#"<w:EnumerationMode>EnumerateObjectAndEPR</w:EnumerationMode></n:Enumerate></s:Body></s:Envelope>"#
        ),
        to = to,
        n = n
    )
}

/// Runs the ignored test `name` of this binary inside with-omiserver; `None` = skipped.
fn run_inside(name: &str) -> Option<String> {
    let Some(kit) = kit() else {
        println!("skipped: the omi-ref kit (/work/shared/omi or ../shared/omi) is absent");
        return None;
    };
    if !is_root() {
        println!("skipped: with-omiserver needs root");
        return None;
    }
    let exe = std::env::current_exe().unwrap();
    // Output to files, not pipes: nobody reads a pipe while the child runs.
    let dir = std::env::temp_dir().join(format!("mirs-transport-omi-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (out_path, err_path) = (dir.join("stdout"), dir.join("stderr"));
    let mut child = Command::new(kit.join("with-omiserver"))
        .arg(&exe)
        .args(["--ignored", "--exact", name, "--nocapture", "--test-threads=1"])
        .env(INNER, "1")
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(600) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name} inside with-omiserver did not finish in 600 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let text = format!(
        "{}{}",
        std::fs::read_to_string(&out_path).unwrap_or_default(),
        std::fs::read_to_string(&err_path).unwrap_or_default()
    );
    let _ = std::fs::remove_dir_all(&dir);
    let out = std::process::Output {
        status,
        stdout: Vec::new(),
        stderr: Vec::new(),
    };
    if out.status.code() == Some(77) {
        println!("skipped: with-omiserver cannot run here: {}", text.trim());
        return None;
    }
    assert!(
        out.status.success(),
        "{name} failed inside with-omiserver:\n{text}"
    );
    assert!(text.contains("1 passed"), "{name} did not run:\n{text}");
    Some(text)
}

struct Target {
    url: String,
    user: String,
    password: String,
    cert: PathBuf,
}

fn target(https: bool) -> Target {
    let var = |n: &str| std::env::var(n).unwrap_or_else(|_| panic!("{n} is not set"));
    Target {
        url: var(if https {
            "OMI_WSMAN_HTTPS"
        } else {
            "OMI_WSMAN_HTTP"
        }),
        user: var("OMI_USER"),
        password: var("OMI_PASSWORD"),
        cert: PathBuf::from(var("OMI_CERT")),
    }
}

fn connection(t: &Target) -> Connection {
    let rt = Runtime::acquire().unwrap();
    let ep = Endpoint::parse(&t.url, Scheme::Http).unwrap();
    let options = ConnectionOptions {
        tls: TlsOptions {
            ca_files: vec![t.cert.clone()],
            system_roots: false,
            ..Default::default()
        },
        ..Default::default()
    };
    Connection::new(&rt, ep, options).unwrap()
}

#[test]
fn omiserver_identify_over_http_and_https() {
    if let Some(out) = run_inside("identify_inner") {
        for line in out.lines().filter(|l| l.starts_with("omi:")) {
            println!("{line}");
        }
    }
}

#[test]
#[ignore = "run inside with-omiserver by omiserver_identify_over_http_and_https"]
fn identify_inner() {
    if std::env::var_os(INNER).is_none() {
        println!("skipped: runs inside with-omiserver only");
        return;
    }
    transport_util::with_timeout(240, || {
        for https in [false, true] {
            let t = target(https);
            let conn = connection(&t);
            let auth = basic_authorization(&t.user, &t.password).unwrap();
            let mut failures = 0;
            let start = Instant::now();
            for _ in 0..1000 {
                match conn.send_blocking(Request::soap(IDENTIFY).header("Authorization", &auth)) {
                    Ok(r) if r.status == 200 && contains(&r.body, b"IdentifyResponse") => {}
                    Ok(r) => {
                        failures += 1;
                        eprintln!("status {}: {}", r.status, String::from_utf8_lossy(&r.body));
                    }
                    Err(e) => {
                        failures += 1;
                        eprintln!("error: {e}");
                    }
                }
            }
            let took = start.elapsed();
            println!(
                "omi: {} Identify x1000: {failures} failures, {} TCP connection(s), {:.3} ms/op",
                if https { "HTTPS" } else { "HTTP" },
                conn.connections_opened(),
                took.as_secs_f64()
            );
            assert_eq!(failures, 0);
            assert_eq!(conn.connections_opened(), 1);
            if https {
                assert!(conn.peer_certificate().is_some());
            }
            // An Enumerate through the same connection.
            let r = conn
                .send_blocking(Request::soap(enumerate(&t.url, 1)).header("Authorization", &auth))
                .unwrap();
            assert_eq!(r.status, 200);
            assert!(
                contains(&r.body, b"OMI_Identify"),
                "{}",
                String::from_utf8_lossy(&r.body)
            );

            // A wrong password: 401 -> ACCESS_DENIED, with the server's schemes.
            let bad = basic_authorization(&t.user, "wrong-password").unwrap();
            let e = conn
                .send_blocking(Request::soap(IDENTIFY).header("Authorization", &bad))
                .unwrap_err();
            assert_eq!(e.kind, ErrorKind::AccessDenied, "{e}");
            assert_eq!(e.result(), mi::abi::MI_RESULT_ACCESS_DENIED);
            assert!(e.scheme_names().iter().any(|s| s == "Basic"), "{:?}", e.schemes);
            // And the connection goes on working after it.
            let r = conn
                .send_blocking(Request::soap(IDENTIFY).header("Authorization", &auth))
                .unwrap();
            assert_eq!(r.status, 200);
        }
    });
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// TCP connections this network namespace has opened so far (`Tcp: ActiveOpens`).
fn active_opens() -> u64 {
    let snmp = std::fs::read_to_string("/proc/net/snmp").unwrap_or_default();
    let mut tcp = snmp.lines().filter(|l| l.starts_with("Tcp:"));
    let (Some(names), Some(values)) = (tcp.next(), tcp.next()) else {
        return 0;
    };
    names
        .split_whitespace()
        .zip(values.split_whitespace())
        .find(|(n, _)| *n == "ActiveOpens")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
}

fn env_n(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e3
}

/// Sequential requests on one connection: prints one table row.
fn bench_ours(label: &str, t: &Target, n: usize, body: &dyn Fn(u64) -> String, want: &[u8]) {
    let conn = connection(t);
    let auth = basic_authorization(&t.user, &t.password).unwrap();
    // One warm-up request (connect, TLS handshake) outside the timing.
    conn.send_blocking(Request::soap(body(0)).header("Authorization", &auth))
        .unwrap();
    let opens0 = active_opens();
    let mut lat = Vec::with_capacity(n);
    let mut failures = 0;
    let start = Instant::now();
    for i in 0..n {
        let t0 = Instant::now();
        let ok = match conn.send_blocking(Request::soap(body(i as u64 + 1)).header("Authorization", &auth)) {
            Ok(r) => r.status == 200 && contains(&r.body, want),
            Err(_) => false,
        };
        lat.push(t0.elapsed());
        if !ok {
            failures += 1;
        }
    }
    let took = start.elapsed();
    lat.sort();
    println!(
        "| {label} | libmi-rs transport | {n} | {:.0} | {:.3} | {:.3} | {:.3} | {:.3} | {} (+1 before timing) | {failures} |",
        n as f64 / took.as_secs_f64(),
        took.as_secs_f64() * 1e3 / n as f64,
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        percentile(&lat, 1.0),
        active_opens() - opens0,
    );
}

/// OMI's client, `omicli -R n ei root/omi OMI_Identify` in one process: prints one row.
fn bench_omicli(label: &str, https: bool, n: usize) {
    let cli = std::env::var("OMI_CLI").unwrap();
    let user = std::env::var("OMI_USER").unwrap();
    let password = std::env::var("OMI_PASSWORD").unwrap();
    let out_path = std::env::temp_dir().join(format!("mirs-omicli-{}.out", std::process::id()));
    let opens0 = active_opens();
    let start = Instant::now();
    let status = Command::new(&cli)
        .args(["-R", &n.to_string(), "ei", "root/omi", "OMI_Identify"])
        .args(["--hostname", if https { "localhost" } else { "127.0.0.1" }])
        .args(["--port", if https { "5986" } else { "5985" }])
        .args(["-u", &user, "-p", &password, "--auth", "Basic"])
        .args(["--encryption", if https { "https" } else { "none" }])
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    let took = start.elapsed();
    let opens = active_opens() - opens0;
    let text = std::fs::read_to_string(&out_path).unwrap_or_default();
    let _ = std::fs::remove_file(&out_path);
    // omicli -R stops at the first failure: rates are over the operations it completed.
    let got = text.matches("instance of OMI_Identify").count().max(1);
    println!(
        "| {label} | OMI omicli -R (one process) | {got} of {n} | {:.0} | {:.3} | n/a | n/a | n/a | {opens} | {} (exit {}) |",
        got as f64 / took.as_secs_f64(),
        took.as_secs_f64() * 1e3 / got as f64,
        if status.success() { 0 } else { 1 },
        status.code().unwrap_or(-1),
    );
}

/// The BENCHMARKS.md comparison (ci/bench-transport.sh runs it inside with-omiserver).
#[test]
#[ignore = "benchmark: ci/bench-transport.sh"]
fn bench_inner() {
    if std::env::var_os(INNER).is_none() {
        println!("skipped: runs inside with-omiserver only");
        return;
    }
    let n = env_n("MIRS_BENCH_N", 10_000);
    let omi_http_n = env_n("MIRS_BENCH_OMI_HTTP_N", n);
    let omi_https_n = env_n("MIRS_BENCH_OMI_HTTPS_N", 1_000);
    println!();
    println!(
        "| request | client | ops | ops/s | mean ms | p50 ms | p99 ms | max ms | TCP connections opened | failures |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for https in [false, true] {
        let t = target(https);
        let scheme = if https { "HTTPS" } else { "HTTP" };
        let url = t.url.clone();
        bench_ours(
            &format!("Enumerate root/omi OMI_Identify, {scheme}"),
            &t,
            n,
            &|i| enumerate(&url, i),
            b"OMI_Identify",
        );
        bench_omicli(
            &format!("Enumerate root/omi OMI_Identify, {scheme}"),
            https,
            if https { omi_https_n } else { omi_http_n },
        );
        bench_ours(
            &format!("Identify, {scheme}"),
            &t,
            n,
            &|_| IDENTIFY.to_string(),
            b"IdentifyResponse",
        );
    }
}
