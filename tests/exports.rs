//! The built libmi.so exports exactly the intended symbols, with the right kinds, and
//! carries the soname `libmi.so` (what clients linked against OMI's library look up).

use std::path::PathBuf;
use std::process::Command;

/// target/<profile>/ beside this test executable (target/<profile>/deps/exports-*).
fn lib_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>")
        .to_path_buf()
}

/// The symbols a client may link: the entry points and the table pointer (contract §1).
const INTENDED: &[(&str, &str)] = &[
    ("MI_Application_Close", "T"),
    ("MI_Application_Initialize", "T"),
    ("MI_Application_InitializeV1", "T"),
    ("mi_clientFT_V1", "D"),
];

#[test]
fn exports_exactly_the_intended_symbols() {
    let lib = lib_dir().join("libmi.so");
    assert!(lib.exists(), "{} not built", lib.display());
    let out = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(&lib)
        .output()
        .expect("run nm");
    assert!(
        out.status.success(),
        "nm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut found: Vec<(String, String)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace().rev();
            let name = parts.next()?.to_string();
            let kind = parts.next()?.to_string();
            Some((name, kind))
        })
        .collect();
    found.sort();
    let intended: Vec<(String, String)> = INTENDED
        .iter()
        .map(|(n, k)| (n.to_string(), k.to_string()))
        .collect();
    assert_eq!(found, intended, "exported symbols of libmi.so");
}

#[test]
fn soname_is_libmi_so() {
    let lib = lib_dir().join("libmi.so");
    let out = Command::new("readelf")
        .arg("-d")
        .arg(&lib)
        .output()
        .expect("run readelf");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Library soname: [libmi.so]"),
        "dynamic section:\n{text}"
    );
}

#[test]
fn client_table_pointer_is_an_eight_byte_object() {
    let lib = lib_dir().join("libmi.so");
    let out = Command::new("readelf")
        .args(["--dyn-syms", "-W"])
        .arg(&lib)
        .output()
        .expect("readelf");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.ends_with(" mi_clientFT_V1"))
        .expect("mi_clientFT_V1 listed");
    let fields: Vec<&str> = line.split_whitespace().collect();
    // Num: Value Size Type Bind Vis Ndx Name
    assert_eq!(fields[2], "8", "size of the pointer variable: {line}");
    assert_eq!(fields[3], "OBJECT", "kind: {line}");
}
