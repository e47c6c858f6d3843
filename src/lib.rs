//! libmi-rs: a memory-safe drop-in replacement for the MI client library (`libmi.so`,
//! `mi.dll`). `docs/SPEC.md` is the behaviour specification; docs/DESIGN.md maps
//! each clause to the module that implements it.
//!
//! Layout: the module layers are drawn in docs/DESIGN.md (*Layers*), from `abi` (repr(C)
//! types only) at the bottom to `ffi` (the function tables and exports, the only C
//! surface) at the top; `tests/layering.rs` holds the list and checks every import.

pub mod abi;
mod application;
/// Authentication contexts (NTLM, ...) and message sealing for the WS-Management
/// transport; public for the integration tests only (not part of the C surface).
#[doc(hidden)]
pub mod auth;
mod boundary;
mod callback;
mod client;
mod config;
pub mod ffi;
mod handles;
mod host;
mod instance;
mod logging;
mod operation;
mod options;
mod pool;
mod protocol;
mod remote;
mod schema;
mod serial;
mod session;
mod strings;
mod surface;
/// HTTP/1.1 over TCP and TLS for the WS-Management handler; public for the integration
/// tests and benchmarks only (not part of the C surface).
#[doc(hidden)]
pub mod transport;
// Used by the in-process provider host (next issue); now by its tests and the fuzz target.
#[allow(dead_code, unused_imports)]
mod wql;
mod wsman;

/// Entry points for the cargo-fuzz targets in `fuzz/` (built only with `--cfg fuzzing`):
/// one small function per target, each in the module it exercises.
#[cfg(fuzzing)]
pub mod fuzzing {
    pub use crate::config::fuzz_parse as config_parse;
    pub use crate::strings::fuzz_strings as strings;
    pub use crate::transport::fuzz_response as http_response;
    pub use crate::wql::fuzz_one as wql_parse;

    /// CIM-XML deserialization (`fuzz/fuzz_targets/xml_deserialize.rs`).
    pub fn xml_deserialize(data: &[u8]) {
        crate::ffi::serializer::fuzz_deserialize(false, data);
    }

    /// MOF deserialization (`fuzz/fuzz_targets/mof_deserialize.rs`).
    pub fn mof_deserialize(data: &[u8]) {
        crate::ffi::serializer::fuzz_deserialize(true, data);
    }

    /// WS-Management responses: parse and type arbitrary bytes (`src/wsman/`).
    pub fn wsman_response(data: &[u8]) {
        crate::wsman::fuzz_response(data, &crate::ffi::instance::INSTANCE_FT);
    }
}

pub use ffi::{MI_Application_Close, MI_Application_Initialize, MI_Application_InitializeV1, mi_clientFT_V1};
