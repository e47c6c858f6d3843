//! The C surface: the static function tables, the exported functions, and the helpers they
//! share to read handles and write results. Every function here is thin: it checks and
//! converts arguments at the edge, runs under the panic boundary, and calls the safe core.
// Parameter names are the reference header's (`extendedError`, `classRTTI`, ...), on purpose.
#![allow(non_snake_case)]

use crate::abi::*;
use crate::boundary::MiResult;
pub(crate) use crate::boundary::{write_opt, write_req};
use crate::handles::Kind;
pub(crate) use crate::handles::{RawHandle, key_of, resolve};

mod application;
mod class;
mod client_ft;
pub(crate) mod fixed_instance;
mod hosted_provider;
pub(crate) mod instance;
#[cfg(unix)]
pub mod nits;
mod operation;
pub(crate) mod options;
mod options_exports;
pub(crate) mod serializer;
mod session;
mod utilities;

// Every exported function, for Rust users of the crate (the C ABI exports them anyway).
pub use application::*;
pub use client_ft::mi_clientFT_V1;
pub use hosted_provider::*;
pub use operation::*;
pub use session::*;

/// The tables the core gives C code, passed down when an application is created (and to
/// the few core functions that run without one).
pub(crate) static SURFACE: crate::surface::Surface = crate::surface::Surface {
    client: client_ft::CLIENT_FT_REF,
    instance: &instance::INSTANCE_FT,
    fixed_instance: &fixed_instance::FIXED_INSTANCE_FT,
    class: &class::CLASS_FT,
    qualifier_set: class::TABLES.qualifiers,
    parameter_set: class::TABLES.parameters,
    acks: crate::surface::ClientAcks {
        result: operation::client_acknowledge,
        streamed: operation::client_acknowledge_streamed,
        prompt: operation::client_prompt_reply,
        write_error: operation::client_write_error_reply,
    },
};

/// The answer of a slot whose feature is not built yet (listed in docs/STATUS.md).
pub(crate) fn not_supported(slot: &str) -> MiResult {
    log::debug!("{slot}: not supported yet");
    Err(MI_RESULT_NOT_SUPPORTED)
}

/// A serializer object: the codec its format selects.
pub(crate) struct SerializerKind;
impl Kind for SerializerKind {
    const TAG: u8 = crate::handles::tag::SERIALIZER;
    const NAME: &'static str = "MI_Serializer";
    type Obj = crate::serial::Format;
}

/// A deserializer object: the codec its format selects.
pub(crate) struct DeserializerKind;
impl Kind for DeserializerKind {
    const TAG: u8 = crate::handles::tag::DESERIALIZER;
    const NAME: &'static str = "MI_Deserializer";
    type Obj = crate::serial::Format;
}
