//! The built libmi.so exports exactly the intended symbols, with the right kinds, and
//! carries the soname `libmi.so` (what clients linked against OMI's library look up).

use std::path::Path;
use std::process::Command;

mod common;
use common::lib_dir;

/// The functions `include/mi.h` declares: a declaration starts a line with `MI_Result` (or
/// another return type) and names an `MI_*` function followed by `(`. Function-table members
/// and typedefs are pointers (`(*Name)`) and do not match.
fn declared_functions() -> Vec<String> {
    let header = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("include/mi.h"))
        .expect("read include/mi.h");
    let mut names: Vec<String> = header
        .lines()
        .filter(|line| !line.starts_with(' ') && !line.starts_with("typedef") && !line.starts_with('#'))
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
    // Intended: every function the header declares, and the data symbol of the tables.
    let mut intended: Vec<(String, String)> = declared_functions()
        .into_iter()
        .map(|name| (name, "T".to_string()))
        .collect();
    intended.push(("mi_clientFT_V1".to_string(), "D".to_string()));
    // The inert hooks programs built from OMI's sources import (src/ffi/nits.rs).
    intended.push(("NITS_STUB".to_string(), "D".to_string()));
    intended.push(("NITS_PRESENCE_STUB".to_string(), "D".to_string()));
    intended.sort();
    for required in [
        "MI_Application_InitializeV1",
        "MI_Application_Initialize",
        "MI_Application_Close",
    ] {
        assert!(
            intended.iter().any(|(n, _)| n == required),
            "{required} not declared in include/mi.h"
        );
    }
    assert_eq!(
        found, intended,
        "exported symbols of libmi.so vs functions declared in include/mi.h"
    );
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
