//! The checked-in include/mi.h must be exactly what cbindgen generates from src/abi, plus
//! the calling conventions added by [`add_calling_conventions`].
//! `MI_BLESS=1 cargo test --test header` rewrites it after an intended change.

use std::path::Path;

/// Function-pointer types declared `MI_MAIN_CALL` (`__cdecl` on Windows) in the reference;
/// every other function pointer is `MI_CALL` (`__stdcall` on Windows).
const MAIN_CALL_POINTERS: &[&str] = &["MI_MainFunction"];

/// Exported functions the reference declares `MI_MAIN_CALL`. The other exported functions
/// are the reference's inline wrappers made real; they keep the C convention (no macro),
/// which is what the Rust side (`extern "C"`) implements.
const MAIN_CALL_FUNCTIONS: &[&str] = &[
    "MI_Application_InitializeV1",
    "MI_Application_NewSerializer_Mof",
    "MI_Application_NewDeserializer_Mof",
];

/// cbindgen cannot spell a calling convention on a function pointer or a function, so the
/// generated text gets them here, deterministically: `(*Name)(` becomes `(MI_CALL *Name)(`
/// (or `MI_MAIN_CALL`), `MI_Application_InitializeV1` is declared `MI_MAIN_CALL`, and the
/// data symbol `mi_clientFT_V1` is declared `MI_IMPORT` (`__declspec(dllimport)` on Windows,
/// as the reference does, so that Windows clients reach it through the import table).
/// Continuation lines of a changed declaration are shifted by the inserted width, so the
/// arguments stay aligned.
fn add_calling_conventions(generated: &str) -> String {
    let mut out = String::with_capacity(generated.len() + 4096);
    let mut shift = 0usize; // extra indentation for the continuation lines of a declaration
    for line in generated.split_inclusive('\n') {
        let mut line = if shift > 0 {
            format!("{}{line}", " ".repeat(shift))
        } else {
            line.to_string()
        };
        let before = line.len();
        // Function pointers: `(*Name)(`.
        let mut rewritten = String::with_capacity(line.len() + 16);
        let mut rest = line.as_str();
        while let Some(at) = rest.find("(*") {
            let after = &rest[at + 2..];
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let name = &after[..name_len];
            rewritten.push_str(&rest[..at]);
            if name_len > 0 && after[name_len..].starts_with(")(") {
                let call = if MAIN_CALL_POINTERS.contains(&name) {
                    "MI_MAIN_CALL"
                } else {
                    "MI_CALL"
                };
                rewritten.push_str(&format!("({call} *"));
            } else {
                rewritten.push_str("(*");
            }
            rest = after;
        }
        rewritten.push_str(rest);
        line = rewritten;
        // Exported functions the reference declares MI_MAIN_CALL.
        for name in MAIN_CALL_FUNCTIONS {
            let plain = format!(" {name}(");
            if !line.starts_with(' ') && line.contains(&plain) {
                line = line.replacen(&plain, &format!(" MI_MAIN_CALL {name}("), 1);
            }
        }
        // The data symbol.
        if line.starts_with("extern const struct MI_ClientFT_V1 *mi_clientFT_V1;") {
            line = format!("MI_IMPORT {line}");
        }
        let inserted = line.len() - before;
        let ends = line.trim_end().ends_with(';') || line.trim_end().ends_with('{');
        if inserted > 0 && !ends {
            shift += inserted;
        } else if ends {
            shift = 0;
        }
        out.push_str(&line);
    }
    out
}

/// Occurrences of `needle` in the `.rs` files of `dir`.
fn count_in_sources(dir: &Path, needle: &str) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("read a source folder") {
        let path = entry.expect("dir entry").path();
        // src/ffi/nits.rs: the inert hook table that OMI-built programs import; its slot
        // type is C by definition and cbindgen.toml keeps it out of the header.
        let excluded = path.file_name().is_some_and(|f| f == "nits.rs");
        if path.extension().is_some_and(|e| e == "rs") && !excluded {
            n += std::fs::read_to_string(&path)
                .expect("read source")
                .matches(needle)
                .count();
        }
    }
    n
}

#[test]
fn header_matches_generated() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(root)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut generated);
    let generated = String::from_utf8(generated).expect("UTF-8 header");
    let generated = add_calling_conventions(&generated);

    // Every function pointer got its convention. The C side follows the Rust types: the
    // only `extern "C"` function-pointer types that cbindgen sees (src/abi, src/ffi) are
    // the MI_MAIN_CALL ones listed above; all others are `extern "system"` (MI_CALL).
    assert!(
        !generated.contains("(*"),
        "a function pointer without a calling convention"
    );
    let sources = [root.join("src/abi"), root.join("src/ffi")];
    let cdecl_types: usize = sources
        .iter()
        .map(|dir| count_in_sources(dir, "extern \"C\" fn("))
        .sum();
    assert_eq!(
        cdecl_types,
        MAIN_CALL_POINTERS.len(),
        "an `extern \"C\"` function-pointer type not listed in MAIN_CALL_POINTERS"
    );
    for name in MAIN_CALL_POINTERS {
        assert_eq!(
            generated.matches(&format!("(MI_MAIN_CALL *{name})(")).count(),
            1,
            "{name} is MI_MAIN_CALL"
        );
    }
    assert_eq!(
        generated.matches("(MI_MAIN_CALL *").count(),
        MAIN_CALL_POINTERS.len()
    );
    assert!(
        generated.matches("(MI_CALL *").count() > 200,
        "the slots are MI_CALL"
    );
    for name in MAIN_CALL_FUNCTIONS {
        assert_eq!(
            generated.matches(&format!(" MI_MAIN_CALL {name}(")).count(),
            1,
            "{name} is MI_MAIN_CALL"
        );
    }
    assert_eq!(generated.matches("MI_IMPORT extern const").count(), 1);

    let path = root.join("include/mi.h");
    if std::env::var_os("MI_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write include/mi.h");
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "include/mi.h differs from what cbindgen generates from src/abi; \
         run `MI_BLESS=1 cargo test --test header` and commit the result"
    );
}

#[test]
fn calling_conventions_keep_arguments_aligned() {
    let input = "typedef struct {\n  MI_Result (*Close)(struct MI_Application *application,\n                     MI_Uint32 flags);\n  void (*Delete)(void *x);\n} T;\n\
                 typedef struct MI_Module *(*MI_MainFunction)(struct MI_Server *server);\n\
                 MI_Result MI_Application_InitializeV1(MI_Uint32 flags,\n                                      void *p);\n\
                 extern const struct MI_ClientFT_V1 *mi_clientFT_V1;\n";
    let expected = "typedef struct {\n  MI_Result (MI_CALL *Close)(struct MI_Application *application,\n                             MI_Uint32 flags);\n  void (MI_CALL *Delete)(void *x);\n} T;\n\
                    typedef struct MI_Module *(MI_MAIN_CALL *MI_MainFunction)(struct MI_Server *server);\n\
                    MI_Result MI_MAIN_CALL MI_Application_InitializeV1(MI_Uint32 flags,\n                                                   void *p);\n\
                    MI_IMPORT extern const struct MI_ClientFT_V1 *mi_clientFT_V1;\n";
    assert_eq!(add_calling_conventions(input), expected);
}
