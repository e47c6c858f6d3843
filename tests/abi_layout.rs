//! The binary layout, checked against the measured table kept in the repository
//! (`ci/abi/mi-abi-layout.tsv`, docs/ABI.md), with nothing from outside the repository:
//!
//! * `src/abi/layout.rs` (the Rust compile-time asserts) must be exactly what
//!   `ci/gen-layout-asserts.py` generates from the table, so an edit of either alone fails;
//! * `include/mi.h` (what C clients compile against) must give every size, alignment and
//!   offset of the table, checked by gcc with `_Static_assert`s for the three measured
//!   targets (x86_64, i386 `-m32`, MSVC-like x86 `-m32 -malign-double`), and its Windows
//!   view (`ci/abi/mi-windows.h`) for Windows x64 and 32-bit Windows. Nothing is linked or
//!   run, so no 32-bit C library is needed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One fact of the table: type, member (`sizeof`, `alignof` or a field) and the three
/// measured values (x86_64, i386, MSVC-like x86).
struct Fact {
    ty: String,
    member: String,
    values: [u64; 3],
}

fn facts() -> Vec<Fact> {
    let path = repo().join("ci/abi/mi-abi-layout.tsv");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let facts: Vec<Fact> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split('|').collect();
            assert_eq!(cols.len(), 5, "malformed row {l:?}");
            let num = |s: &str| s.parse().unwrap_or_else(|_| panic!("bad number in {l:?}"));
            Fact {
                ty: cols[0].to_string(),
                member: cols[1].to_string(),
                values: [num(cols[2]), num(cols[3]), num(cols[4])],
            }
        })
        .collect();
    assert!(facts.len() > 1000, "the table has only {} facts", facts.len());
    facts
}

#[test]
fn layout_rs_is_what_the_generator_makes_from_the_table() {
    let out = Command::new("python3")
        .arg(repo().join("ci/gen-layout-asserts.py"))
        .output()
        .expect("cannot run python3 (needed to regenerate src/abi/layout.rs)");
    assert!(
        out.status.success(),
        "ci/gen-layout-asserts.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let generated = String::from_utf8(out.stdout).expect("generator output is UTF-8");
    let checked_in = fs::read_to_string(repo().join("src/abi/layout.rs")).unwrap();
    assert!(
        generated == checked_in,
        "src/abi/layout.rs is not what ci/gen-layout-asserts.py generates from \
         ci/abi/mi-abi-layout.tsv; run `ci/gen-layout-asserts.py > src/abi/layout.rs` after \
         an intended change of the table (first differing line: {:?})",
        generated
            .lines()
            .zip(checked_in.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("generated {a:?}, file {b:?}"))
    );
}

/// Compiles `_Static_assert`s of `facts` (value column `column`, 0-based) against `header`
/// with `flags`; returns the compiler's complaints, empty when every fact holds.
fn check_header(header: &Path, column: usize, flags: &[&str], facts: &[&Fact], tag: &str) -> String {
    let dir = std::env::temp_dir().join(format!("libmi-abi-layout-{}-{tag}", std::process::id()));
    fs::create_dir_all(dir.join("stubs")).unwrap();
    // The Windows view includes <wchar.h> for wchar_t; a 64-bit machine need not have the
    // 32-bit C library headers, and only the type matters here.
    fs::write(dir.join("stubs/wchar.h"), "#include <stddef.h>\n").unwrap();
    let mut probe = format!("#include <stddef.h>\n#include \"{}\"\n", header.display());
    for f in facts {
        let expr = match f.member.as_str() {
            "sizeof" => format!("sizeof({})", f.ty),
            "alignof" => format!("_Alignof({})", f.ty),
            field => format!("offsetof({}, {field})", f.ty),
        };
        probe.push_str(&format!(
            "_Static_assert({expr} == {v}, \"{ty}.{m} should be {v}\");\n",
            v = f.values[column],
            ty = f.ty,
            m = f.member
        ));
    }
    let src = dir.join("probe.c");
    fs::write(&src, probe).unwrap();
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let out = Command::new(&cc)
        .args(["-std=gnu11", "-fsyntax-only", "-ffreestanding", "-w", "-I"])
        .arg(dir.join("stubs"))
        .args(flags)
        .arg(&src)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the C compiler {cc}: {e}"));
    fs::remove_dir_all(&dir).ok();
    if out.status.success() {
        String::new()
    } else {
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

const TARGETS: [(&str, usize, &[&str]); 3] = [
    ("x86_64", 0, &[]),
    ("i386", 1, &["-m32"]),
    ("x86-msvc-like", 2, &["-m32", "-malign-double"]),
];

#[test]
fn mi_h_has_the_measured_layout_on_every_target() {
    let facts = facts();
    let all: Vec<&Fact> = facts.iter().collect();
    let header = repo().join("include/mi.h");
    let mut failures = String::new();
    for (name, column, flags) in TARGETS {
        let errors = check_header(&header, column, flags, &all, name);
        if !errors.is_empty() {
            failures.push_str(&format!("---- include/mi.h, {name}:\n{errors}\n"));
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn windows_view_of_mi_h_has_the_measured_layout() {
    // Windows x64 has the x86_64 layout, 32-bit Windows the MSVC-like one. MI_Char itself
    // is a 2-byte wchar_t there, while the table measured OMI's 1-byte char: left out (the
    // Windows C tests assert it); the MI_Char16 types are checked like every other type.
    let facts = facts();
    let windows: Vec<&Fact> = facts.iter().filter(|f| f.ty != "MI_Char").collect();
    assert!(
        facts.len() - windows.len() == 2,
        "MI_Char has a sizeof and an alignof row"
    );
    let header = repo().join("ci/abi/mi-windows.h");
    let mut failures = String::new();
    for (name, column, flags) in [TARGETS[0], TARGETS[2]] {
        let errors = check_header(&header, column, flags, &windows, &format!("win-{name}"));
        if !errors.is_empty() {
            failures.push_str(&format!("---- ci/abi/mi-windows.h, {name}:\n{errors}\n"));
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn the_check_catches_a_wrong_fact() {
    // The check is only worth something if a wrong number fails it: one altered fact.
    let mut facts = facts();
    let f = facts
        .iter_mut()
        .find(|f| f.ty == "MI_Instance" && f.member == "reserved")
        .expect("MI_Instance.reserved is in the table");
    f.values[0] += 8;
    let errors = check_header(&repo().join("include/mi.h"), 0, &[], &[&*f], "negative");
    assert!(
        errors.contains("MI_Instance.reserved should be 40"),
        "an altered fact was not reported: {errors:?}"
    );
}
