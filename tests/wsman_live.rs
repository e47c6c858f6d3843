//! The built-in WS-Management handler against a real server: OMI's omiserver from the
//! omi-ref kit (`../shared/omi`, see its README), started on loopback in a private network
//! namespace by its `with-omiserver` script.
//!
//! * `tests/c/wsman_omi.c`, a plain MI API client, runs every operation kind over HTTP and
//!   over HTTPS with Basic authentication and checks typed results.
//! * OMI's own `omicli` (from the kit) runs the same requests once on OMI's `libmi.so` and
//!   once on ours: the same instances (property names and values), ours typed.
//! * With gss-ntlmssp installed (the server's NTLM): the C program again with NegoWithCreds,
//!   every message sealed over HTTP and channel-bound over HTTPS, and omicli's Get over
//!   NTLM on both libraries.
//!
//! Skipped with one line when the kit is absent or the test is not root (with-omiserver
//! needs root). with-omiserver serialises runs of the server itself.

mod common;

use common::{is_root, lib_dir, omi_kit as kit};
use std::path::{Path, PathBuf};
use std::process::Command;

fn compile(repo: &Path, out: &Path, lib: &Path) -> PathBuf {
    let exe = out.join("wsman_omi");
    let status = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-g", "-pthread", "-I"])
        .arg(repo.join("include"))
        .arg(repo.join("tests/c/wsman_omi.c"))
        .arg("-o")
        .arg(&exe)
        .arg(format!("-L{}", lib.display()))
        .arg("-lmi")
        .status()
        .expect("run the C compiler");
    assert!(status.success(), "compiling tests/c/wsman_omi.c failed");
    exe
}

/// Whether the GSSAPI NTLM mechanism (gss-ntlmssp) is registered, as OMI's server needs.
fn gss_ntlmssp() -> bool {
    std::fs::read_dir("/etc/gss/mech.d").is_ok_and(|dir| {
        dir.flatten()
            .any(|f| std::fs::read_to_string(f.path()).is_ok_and(|t| t.contains("1.3.6.1.4.1.311.2.2.10")))
    })
}

/// The section `name` of the script's output (from its "== name" line to the next).
fn section<'a>(output: &'a str, name: &str) -> &'a str {
    let marker = format!("== {name}\n");
    let start = output
        .find(&marker)
        .unwrap_or_else(|| panic!("section {name} missing from:\n{output}"))
        + marker.len();
    let rest = &output[start..];
    &rest[..rest.find("\n== ").map_or(rest.len(), |end| end + 1)]
}

/// omicli's instance print as a sorted list of `Name=Value` lines: the `[Key]` marker (ours
/// knows the keys from the schema, OMI's WS-Man client does not) and the `namespace:`
/// prefix of the class line (ours carries the namespace) set aside.
fn normalized(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.contains('=') || l.starts_with("instance of "))
        .map(|l| {
            let l = l.trim_start_matches("[Key] ");
            match l.strip_prefix("instance of ") {
                Some(class) => format!("instance of {}", class.rsplit(':').next().unwrap_or(class)),
                None => l.to_string(),
            }
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn every_operation_against_omiserver() {
    let Some(kit) = kit() else {
        println!("skipped: the omi-ref kit (/work/shared/omi or ../shared/omi) is absent");
        return;
    };
    if !is_root() {
        println!("skipped: with-omiserver needs root");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = lib_dir();
    let out = std::env::temp_dir().join(format!("mirs-wsman-live-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("temp dir");
    let exe = compile(repo, &out, &lib);
    let ours = format!("LD_LIBRARY_PATH={} MI_LOG=error", lib.display());
    let w = r#"--hostname 127.0.0.1 --port 5985 -u "$OMI_USER" -p "$OMI_PASSWORD" --auth Basic --encryption none"#;
    // NTLM needs the server's GSSAPI NTLM mechanism (Debian's gss-ntlmssp, which .ci/run
    // installs); our client needs nothing. OMI's client needs it too, and its credentials
    // file in a user-only directory.
    let ntlm = gss_ntlmssp();
    let ntlm_script = if ntlm {
        let wn = r#"--hostname 127.0.0.1 --port 5985 -u "$OMI_USER" -p "$OMI_PASSWORD" --auth NegoWithCreds --encryption http"#;
        format!(
            r#"echo "== c http ntlm"; timeout 120 env OMI_DOMAIN="$(hostname)" LD_LIBRARY_PATH={lib} MI_LOG=error {exe} http NegoWithCreds 2>&1
echo "== c https ntlm"; timeout 120 env LD_LIBRARY_PATH={lib} MI_LOG=error {exe} https NegoWithCreds 2>&1
d=$(mktemp -d); chmod 700 "$d"; cp "$OMI_NTLM_USER_FILE" "$d/c"; chmod 600 "$d/c"
echo "== ref gi ntlm"; timeout 30 env NTLM_USER_FILE="$d/c" LD_LIBRARY_PATH="$OMI_LIBMI_DIR" "$OMI_CLI" gi root/cimv2 {{ MSFT_Person Key 777 }} {wn} 2>&1
echo "== ours gi ntlm"; timeout 30 env {ours} "$OMI_CLI" gi root/cimv2 {{ MSFT_Person Key 777 }} {wn} 2>&1
rm -rf "$d"
"#,
            lib = lib.display(),
            exe = exe.display(),
        )
    } else {
        println!(
            "skipped (NTLM against omiserver): the server side needs gss-ntlmssp (/etc/gss/mech.d has no ntlmssp)"
        );
        String::new()
    };
    let script = format!(
        r#"set -u
echo "== c http"; timeout 120 env LD_LIBRARY_PATH={lib} MI_LOG=error {exe} http 2>&1
echo "== c https"; timeout 120 env LD_LIBRARY_PATH={lib} MI_LOG=error {exe} https 2>&1
echo "== ref gi"; timeout 30 env LD_LIBRARY_PATH="$OMI_LIBMI_DIR" "$OMI_CLI" gi root/cimv2 {{ MSFT_Person Key 777 }} {w} 2>&1
echo "== ours gi"; timeout 30 env {ours} "$OMI_CLI" gi root/cimv2 {{ MSFT_Person Key 777 }} {w} 2>&1
echo "== ref ei"; timeout 30 env LD_LIBRARY_PATH="$OMI_LIBMI_DIR" "$OMI_CLI" ei root/omi OMI_Identify {w} 2>&1
echo "== ours ei"; timeout 30 env {ours} "$OMI_CLI" ei root/omi OMI_Identify {w} 2>&1
echo "== ref iv"; timeout 30 env LD_LIBRARY_PATH="$OMI_LIBMI_DIR" "$OMI_CLI" iv root/cimv2 {{ MSFT_Person Key 777 }} Add {{ X 1.5 Y 2.25 }} {w} 2>&1
echo "== ours iv"; timeout 30 env {ours} "$OMI_CLI" iv root/cimv2 {{ MSFT_Person Key 777 }} Add {{ X 1.5 Y 2.25 }} {w} 2>&1
echo "== ref types"; timeout 30 env LD_LIBRARY_PATH="$OMI_LIBMI_DIR" "$OMI_CLI" ei root/omi TestClass_AllDMTFTypes {w} 2>&1
echo "== ours types"; timeout 30 env {ours} "$OMI_CLI" ei root/omi TestClass_AllDMTFTypes {w} 2>&1
{ntlm_script}echo "== end"
"#,
        lib = lib.display(),
        exe = exe.display(),
    );
    let run = Command::new(kit.join("with-omiserver"))
        .args(["sh", "-c", &script])
        .output()
        .expect("run with-omiserver");
    let text = String::from_utf8_lossy(&run.stdout).to_string();
    eprintln!("{text}{}", String::from_utf8_lossy(&run.stderr));
    if run.status.code() == Some(77) {
        println!("skipped: with-omiserver cannot run here");
        return;
    }
    let mut runs = vec!["c http", "c https"];
    if ntlm {
        runs.extend(["c http ntlm", "c https ntlm"]);
        let reference = normalized(section(&text, "ref gi ntlm"));
        let mine = normalized(section(&text, "ours gi ntlm"));
        assert!(reference.len() > 1, "OMI's omicli over NTLM printed no instance");
        assert_eq!(
            mine, reference,
            "gi over NTLM: other instances on our library than on OMI's"
        );
    }
    for run in runs {
        let s = section(&text, run);
        assert!(
            s.lines().any(|l| l.ends_with(" passed, 0 failed")),
            "wsman_omi {run}: {s}"
        );
    }
    // Instances whose values print the same typed or not: identical lines.
    for what in ["gi", "ei", "iv"] {
        let reference = normalized(section(&text, &format!("ref {what}")));
        let mine = normalized(section(&text, &format!("ours {what}")));
        assert!(
            reference.len() > 1,
            "OMI's omicli on OMI's library printed no instance for {what}"
        );
        assert_eq!(
            mine, reference,
            "{what}: OMI's omicli prints other instances on our library than on OMI's"
        );
    }
    // Every DMTF type: the same instances and properties; OMI's library hands the text the
    // server sent (booleans "TRUE", octet strings in base64, intervals "P2000D"), ours the
    // typed values (omicli prints them as its own library prints typed values).
    let names = |v: Vec<String>| -> Vec<String> {
        v.into_iter()
            .map(|l| l.split('=').next().unwrap_or("").to_string())
            .collect()
    };
    let reference = normalized(section(&text, "ref types"));
    let mine = normalized(section(&text, "ours types"));
    assert!(
        reference.len() > 10,
        "OMI's omicli printed no AllDMTFTypes instance"
    );
    assert_eq!(names(mine.clone()), names(reference.clone()));
    for typed in [
        "v_bool=false",
        "v_octetUint8={65, 66, 67}",
        "v_DATETIME=00002000000000.000000:000",
    ] {
        assert!(
            mine.iter().any(|l| l == typed),
            "ours typed: {typed} missing from {mine:?}"
        );
    }
    assert!(
        reference.iter().any(|l| l == "v_octetUint8=QUJD"),
        "OMI's text: {reference:?}"
    );
    let _ = std::fs::remove_dir_all(&out);
}
