//! The checked-in include/mi.h must be exactly what cbindgen generates from src/abi.
//! `MI_BLESS=1 cargo test --test header` rewrites it after an intended change.

use std::path::Path;

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
