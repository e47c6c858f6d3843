//! CredSSP with message encryption against a real acceptor: pyspnego's CredSSP server
//! (TLS, NTLM inside, pubKeyAuth, the delegated TSCredentials) inside the WinRM-shaped
//! responder `tests/python/credssp_responder.py`. The client is `tests/c/wsman_credssp.c`,
//! a plain MI API program on the built `libmi.so`.
//!
//! The responder's events show what the C program cannot see: one handshake per session
//! over TLS 1.2, the password the acceptor received equal to the user file's, every
//! request sealed, 40 KiB requests in three parts, the wrong password refused by the
//! acceptor itself.
//!
//! Skipped with one line when python3 or pyspnego is missing (`.ci/run` installs it).

mod common;

use common::{PyResponder, compile_c, expect_passed, lib_dir, pyspnego_missing};
use std::process::{Command, Stdio};
use std::time::Duration;

const USER: &str = "winrm";
const DOMAIN: &str = "TESTDOM";
/// No `:` in it: the acceptor's user file is colon-separated.
const PASSWORD: &str = "Pa55w.rd!credssp";
const ROUNDS: usize = 110;

fn count_prefix(events: &[String], prefix: &str) -> usize {
    events.iter().filter(|e| e.starts_with(prefix)).count()
}

#[test]
fn credssp_against_pyspnego() {
    if let Some(why) = pyspnego_missing() {
        eprintln!("SKIPPED wsman_credssp: {why}");
        return;
    }
    let dir = std::env::temp_dir().join(format!("mirs-wsman-credssp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let users = dir.join("users");
    std::fs::write(&users, format!("{DOMAIN}:{USER}:{PASSWORD}\n")).unwrap();
    let exe = compile_c("wsman_credssp", &dir);
    let responder = PyResponder::start(
        "credssp_responder.py",
        &dir,
        "credssp",
        &[],
        &[("NTLM_USER_FILE", &users)],
    );
    // HTTPS: a self-signed certificate for localhost, trusted as itself (its own CA dir).
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let trust = dir.join("trust");
    std::fs::create_dir_all(&trust).unwrap();
    std::fs::write(trust.join("server.pem"), cert.pem()).unwrap();
    std::fs::write(dir.join("server.key"), key.serialize_pem()).unwrap();
    let (cert_file, key_file) = (trust.join("server.pem"), dir.join("server.key"));
    let https = PyResponder::start(
        "credssp_responder.py",
        &dir,
        "credssp-https",
        &[("--cert", &cert_file), ("--key", &key_file)],
        &[("NTLM_USER_FILE", &users)],
    );
    let child = Command::new(&exe)
        .env("LD_LIBRARY_PATH", lib_dir())
        .env("MI_LOG", "off")
        .env("CREDSSP_PORT", responder.port.to_string())
        .env("CREDSSP_HTTPS_PORT", https.port.to_string())
        .env("CREDSSP_CA_DIR", &trust)
        .env("CREDSSP_USER", USER)
        .env("CREDSSP_DOMAIN", DOMAIN)
        .env("CREDSSP_PASSWORD", PASSWORD)
        .env("CREDSSP_ROUNDS", ROUNDS.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run wsman_credssp");
    expect_passed(child, Duration::from_secs(300), "wsman_credssp");

    let events = responder.events();
    // One session, one connection, one handshake over TLS 1.2; the acceptor received the
    // user's own password (compared there, never written).
    assert_eq!(
        count_prefix(&events, "handshake credssp-many TLSv1.2 "),
        1,
        "{events:?}"
    );
    assert!(
        events.contains(&format!(
            "delegated credssp-many {DOMAIN} {USER} password-matches"
        )),
        "{events:?}"
    );
    assert!(
        events.contains(&format!(
            "delegated credssp-qualified {DOMAIN} {USER} password-matches"
        )),
        "{events:?}"
    );
    let sealed_gets = events
        .iter()
        .filter(|e| e.as_str() == "sealed credssp-many Get 1")
        .count();
    assert!(
        sealed_gets >= ROUNDS,
        "{sealed_gets} sealed Gets on the many-rounds session"
    );
    // 40 KiB requests: three parts of at most 16 KiB each (the responder checks the size).
    assert_eq!(
        events
            .iter()
            .filter(|e| e.as_str() == "sealed credssp-big Get 3")
            .count(),
        3,
        "{events:?}"
    );
    // Nothing in the clear, no leg with a body, no framing the responder refused.
    assert_eq!(count_prefix(&events, "leg-with-body"), 0, "{events:?}");
    assert_eq!(count_prefix(&events, "unsealed-request"), 0, "{events:?}");
    // The wrong password was refused by the acceptor, and no credentials were delegated.
    assert!(count_prefix(&events, "denied credssp-wrongpw") >= 1, "{events:?}");
    assert_eq!(
        count_prefix(&events, "delegated credssp-wrongpw"),
        0,
        "{events:?}"
    );
    assert_eq!(count_prefix(&events, "handshake badtls"), 0, "{events:?}");
    // HTTPS: CredSSP inside the outer TLS, nothing sealed inside it.
    let events = https.events();
    assert_eq!(
        count_prefix(&events, "handshake credssp-https TLSv1.2 "),
        1,
        "{events:?}"
    );
    assert!(
        events.contains(&format!(
            "delegated credssp-https {DOMAIN} {USER} password-matches"
        )),
        "{events:?}"
    );
    assert!(count_prefix(&events, "tls credssp-https Get") >= 3, "{events:?}");
    assert_eq!(count_prefix(&events, "unsealed-request"), 0, "{events:?}");
    drop(responder);
    drop(https);
    let _ = std::fs::remove_dir_all(&dir);
}
