//! The C surface: the static function tables, the exported functions, and the helpers they
//! share to read handles and write results. Every function here is thin: it checks and
//! converts arguments at the edge, runs under the panic boundary, and calls the safe core.
// Parameter names are the reference header's (`extendedError`, `classRTTI`, ...), on purpose.
#![allow(non_snake_case)]

use crate::abi::*;
use crate::boundary::MiResult;
use crate::handles::{HANDLES, Key, Kind};
use std::sync::Arc;

mod application;
mod class;
mod client_ft;
mod hosted_provider;
pub(crate) mod instance;
mod operation;
pub(crate) mod options;
mod options_exports;
mod serializer;
mod session;
mod utilities;

// Every exported function, for Rust users of the crate (the C ABI exports them anyway).
pub use application::*;
pub use client_ft::mi_clientFT_V1;
pub use hosted_provider::*;
pub use operation::*;
pub(crate) use options::OwnedOptions;
pub use session::*;

/// A client handle struct: its reserved words are the library's key.
pub(crate) trait RawHandle: Copy {
    fn words(&self) -> (u64, isize);
}

macro_rules! raw_handles {
    ($($t:ty),*) => {$(
        impl RawHandle for $t {
            fn words(&self) -> (u64, isize) {
                (self.reserved1, self.reserved2)
            }
        }
    )*};
}
raw_handles!(
    MI_Application,
    MI_Session,
    MI_Operation,
    MI_HostedProvider,
    MI_DestinationOptions,
    MI_OperationOptions,
    MI_SubscriptionDeliveryOptions,
    MI_Serializer,
    MI_Deserializer
);

/// Decodes the key in a client's handle struct: NULL, zeroed and garbage structs are
/// `MI_RESULT_INVALID_PARAMETER`. Only the reserved words are read; `ft` is ignored, so a
/// handle works whichever path (`ft` slot or exported function) the client calls through.
///
/// # Safety
/// `handle` is NULL or points to a readable handle struct.
pub(crate) unsafe fn key_of<H: RawHandle>(handle: *const H) -> MiResult<Key> {
    if handle.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: non-NULL, and readable by this function's contract; read by value so that
    // no reference to client memory outlives this line.
    let (r1, r2) = unsafe { handle.read() }.words();
    Key::unpack(r1, r2).ok_or(MI_RESULT_INVALID_PARAMETER)
}

/// The live object of kind `K` behind a client's handle struct.
///
/// # Safety
/// As [`key_of`].
pub(crate) unsafe fn resolve<K: Kind, H: RawHandle>(handle: *const H) -> MiResult<Arc<K::Obj>> {
    // SAFETY: forwarded contract.
    let key = unsafe { key_of(handle) }?;
    HANDLES.get::<K>(key).ok_or_else(|| {
        log::debug!(
            "stale, closed or wrong-kind handle where an {} was expected",
            K::NAME
        );
        MI_RESULT_INVALID_PARAMETER
    })
}

/// Writes `value` through an optional out-pointer.
///
/// # Safety
/// `out` is NULL or valid for a write of one `T`.
pub(crate) unsafe fn write_opt<T>(out: *mut T, value: T) {
    if !out.is_null() {
        // SAFETY: non-NULL and writable by this function's contract.
        unsafe { out.write(value) };
    }
}

/// The answer of a slot whose feature is not built yet (listed in docs/STATUS.md).
pub(crate) fn not_supported(slot: &str) -> MiResult {
    log::debug!("{slot}: not supported yet");
    Err(MI_RESULT_NOT_SUPPORTED)
}

/// Defines function-table slots that check their handle (so a bad handle still gets
/// `MI_RESULT_INVALID_PARAMETER`) and then answer `MI_RESULT_NOT_SUPPORTED` honestly.
macro_rules! unsupported_slots {
    ($( fn $name:ident($h:ident: $ht:ty $(, $a:ident: $t:ty)* $(,)?) checks $kind:ty; )*) => {$(
        unsafe extern "system" fn $name($h: $ht $(, $a: $t)*) -> MI_Result {
            $( let _ = $a; )*
            crate::boundary::guard(stringify!($name), || {
                // SAFETY: the handle pointer comes from the client, NULL or readable.
                unsafe { crate::ffi::resolve::<$kind, _>($h) }?;
                crate::ffi::not_supported(stringify!($name))
            })
        }
    )*};
}
pub(crate) use unsupported_slots;

/// A handle kind whose objects are not built yet: nothing is ever inserted with it, so
/// every handle of the kind is rejected as invalid.
pub(crate) struct Unbuilt;

macro_rules! unbuilt_kinds {
    ($($name:ident = $tag:ident, $c:literal;)*) => {$(
        pub(crate) struct $name;
        impl Kind for $name {
            const TAG: u8 = crate::handles::tag::$tag;
            const NAME: &'static str = $c;
            type Obj = Unbuilt;
        }
    )*};
}
unbuilt_kinds! {
    HostedProviderKind = HOSTED_PROVIDER, "MI_HostedProvider";
    SerializerKind = SERIALIZER, "MI_Serializer";
    DeserializerKind = DESERIALIZER, "MI_Deserializer";
}
