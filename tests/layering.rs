//! The module layering of docs/DESIGN.md, checked over the source: every `crate::<module>`
//! a file names (in `use` lines and in paths) must be allowed for the layer that file is
//! in, and client callbacks may be called only from `src/client.rs`. A lower module that
//! starts importing a higher one (above all `ffi`, the C surface on top) fails here.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may name modules of its own layer or lower ones,
/// except where `forbidden_within` says otherwise.
const LAYERS: &[(&str, &[&str])] = &[
    ("abi", &["abi"]),
    (
        "foundation",
        &[
            "boundary", "logging", "strings", "handles", "callback", "surface", "config", "pool",
        ],
    ),
    (
        "pure cores",
        &["instance", "options", "schema", "wql", "wsman", "serial", "auth"],
    ),
    // HTTP/1.1 over TCP and TLS on the library's own runtime threads (no MI knowledge).
    ("transport", &["transport"]),
    ("protocol interface", &["protocol"]),
    ("client calls", &["client"]),
    ("operations", &["operation"]),
    ("sessions", &["session"]),
    ("applications", &["application", "host", "remote"]),
    ("C surface", &["ffi", "fuzzing"]),
];

/// Pairs (module, module it must not name) inside one layer.
const FORBIDDEN_WITHIN: &[(&str, &str)] = &[
    // The handle table and the callback record are below the configuration and surface.
    ("handles", "config"),
    ("callback", "config"),
    // The provider host is a protocol handler the application makes: it never names it.
    ("host", "application"),
    // The WS-Management handler (src/remote/) likewise; and it is not built on the host.
    ("remote", "application"),
    ("remote", "host"),
];

/// Top-level module of a source file (`src/protocol/plugin.rs` -> `protocol`).
fn module_of(path: &Path, src: &Path) -> Option<String> {
    let rel = path.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_string())
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `crate::x` module names a line of code mentions (comments stripped).
fn crate_refs(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut refs = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            refs.push(name);
        }
        rest = after;
    }
    // `use crate::{a, b::c}` groups.
    if let Some(group) = code.trim_start().strip_prefix("use crate::{") {
        for item in group.split(',') {
            let name: String = item
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                refs.push(name);
            }
        }
    }
    refs
}

#[test]
fn lower_modules_never_import_higher_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut violations = BTreeSet::new();
    let mut unknown = BTreeSet::new();
    for file in &files {
        let Some(module) = module_of(file, &src) else {
            continue;
        };
        let Some(layer) = layer_of(&module) else {
            unknown.insert(module.clone());
            continue;
        };
        let text = fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for target in crate_refs(line) {
                let Some(target_layer) = layer_of(&target) else {
                    continue; // not a module (a re-exported item, a macro)
                };
                let forbidden = FORBIDDEN_WITHIN.contains(&(module.as_str(), target.as_str()));
                if target_layer > layer || forbidden {
                    violations.insert(format!(
                        "{}:{}: `{module}` ({}) names `crate::{target}` ({})",
                        file.strip_prefix(&src).unwrap().display(),
                        n + 1,
                        LAYERS[layer].0,
                        LAYERS[target_layer].0
                    ));
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules not placed in a layer (add them to LAYERS and to docs/DESIGN.md): {unknown:?}"
    );
    assert!(
        violations.is_empty(),
        "layering broken:\n{}",
        violations.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_checker_sees_imports() {
    assert_eq!(crate_refs("use crate::ffi::SURFACE;"), ["ffi"]);
    assert_eq!(
        crate_refs("use crate::{abi, session::Session};"),
        ["abi", "session"]
    );
    assert_eq!(crate_refs("    x = crate::ffi::f(); // crate::session"), ["ffi"]);
    assert!(crate_refs("// use crate::ffi").is_empty());
    assert_eq!(layer_of("ffi"), Some(LAYERS.len() - 1));
    assert!(layer_of("operation") > layer_of("protocol"));
}

/// Client callback fields, as code that calls them reads them.
const CLIENT_CALLBACK_READS: &[&str] = &[
    ".instanceResult",
    ".indicationResult",
    ".classResult",
    ".writeMessage",
    ".writeError",
    ".writeProgress",
    ".promptUser",
    ".streamedParameterResult",
    ".callbackContext",
];

#[test]
fn client_callbacks_are_called_only_from_client_rs() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        // client.rs is the one mechanism; abi/ only declares the structs.
        if rel == Path::new("client.rs") || rel.starts_with("abi") {
            continue;
        }
        let text = fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for field in CLIENT_CALLBACK_READS {
                if code.contains(field) {
                    found.push(format!("{}:{}: {}", rel.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "client callback fields read outside src/client.rs (call them through client::*):\n{}",
        found.join("\n")
    );
}
