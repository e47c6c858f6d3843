//! libmi-rs: a memory-safe drop-in replacement for the MI client library (`libmi.so`,
//! `mi.dll`). `docs/SPEC.md` is the behaviour contract; docs/DESIGN.md maps
//! each clause to the module that implements it.
//!
//! Layout: `abi` (repr(C) types only) → `handles` (generation-checked table), `callback`
//! (in-callback record), `boundary` (panic boundary), `logging`, `strings` → object modules
//! (`application`, ...) → `ffi` (the function tables and exports, the only C surface).

pub mod abi;
mod application;
mod boundary;
mod callback;
mod config;
pub mod ffi;
mod handles;
mod instance;
mod logging;
mod operation;
mod options;
mod protocol;
mod session;
mod strings;

/// Entry points for the cargo-fuzz targets in `fuzz/` (built only with `--cfg fuzzing`):
/// one small function per target, each in the module it exercises.
#[cfg(fuzzing)]
pub mod fuzzing {
    pub use crate::config::fuzz_parse as config_parse;
    pub use crate::strings::fuzz_strings as strings;
}

pub use ffi::{MI_Application_Close, MI_Application_Initialize, MI_Application_InitializeV1, mi_clientFT_V1};
