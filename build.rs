//! Sets the soname of the shared library. OMI's libmi.so has none, so linked clients
//! carry `DT_NEEDED libmi.so`; naming ours `libmi.so` keeps that lookup working.

fn main() {
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libmi.so");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
