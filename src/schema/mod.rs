//! Schemas (docs/ABI.md §7.4): an owned model of CIM classes, and the three ways it meets C.
//!
//! * [`model`]: a class as Rust data — name, parent, flags, qualifiers, properties (type,
//!   flags, reference/embedded class, default, qualifiers, origin, propagator) and methods
//!   (return type and its qualifiers, parameters). Values are [`value::Value`].
//! * [`read`]: turns a borrowed, untrusted `MI_SchemaDecl` / `MI_ClassDecl` (a provider's
//!   generated static data, or a client's declaration) into the model. Every pointer is
//!   checked before it is followed, every count and string is bounded, and every problem is
//!   a [`SchemaError`] that names the class and element.
//! * [`decl`]: builds an owned, immutable `MI_ClassDecl` graph from the model (property,
//!   method, parameter and qualifier arrays, the `superClassDecl` chain, `code` hashes,
//!   `size`/`offset` laid out as generated provider code lays out instances), so the
//!   instance constructors and C code read it like any declaration.
//! * [`class`]: the library's `MI_Class` object over such a graph, and the qualifier-set and
//!   parameter-set handles that point into it.
//! * [`registry`]: the classes of one namespace, looked up by name, with parent/child
//!   relations, deep subclass iteration and association detection.
//!
//! Nothing here knows the static function tables: constructors of objects that carry one
//! take it as a parameter (the tables live in `crate::ffi::class`).

// Most of this module is for the provider host, the serializers and the WS-Management
// transport, which are not built yet: until they are, the unit tests are the only callers
// of the schema reader, the registry and parts of the model.
#![cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "used by the provider host, serializers and WS-Management (later issues)"
    )
)]

pub(crate) mod class;
pub(crate) mod decl;
mod error;
pub(crate) mod model;
pub(crate) mod read;
pub(crate) mod registry;
pub(crate) mod value;

pub(crate) use error::{Reason, SchemaError};

use crate::abi::MI_Char;

/// Longest name (class, property, method, parameter, qualifier) read from a declaration,
/// in characters. A name not terminated within this many characters is an error, so an
/// unterminated string is never scanned further.
pub(crate) const MAX_NAME_CHARS: usize = 4096;
/// Longest string value (a default or a qualifier value) read from a declaration.
pub(crate) const MAX_STRING_VALUE_CHARS: usize = crate::strings::MAX_STRING_CHARS;
/// Most elements of one array value read from a declaration.
pub(crate) const MAX_ARRAY_VALUES: u32 = 1 << 20;
/// Most properties of one class (the instance limit).
pub(crate) const MAX_PROPERTIES: u32 = crate::instance::MAX_ELEMENTS as u32;
/// Most methods of one class, parameters of one method, qualifiers of one element.
pub(crate) const MAX_METHODS: u32 = 1 << 12;
pub(crate) const MAX_PARAMETERS: u32 = 1 << 12;
pub(crate) const MAX_QUALIFIERS: u32 = 1 << 12;
/// Most class and qualifier declarations one schema lists.
pub(crate) const MAX_CLASSES: u32 = 1 << 16;
pub(crate) const MAX_QUALIFIER_DECLS: u32 = 1 << 16;
/// Longest `superClassDecl` chain (a class and its ancestors beyond it). Real CIM
/// hierarchies are about ten deep.
pub(crate) const MAX_DEPTH: usize = 64;
/// Largest `MI_ClassDecl.size` / `MI_MethodDecl.size` accepted when layouts are checked.
pub(crate) const MAX_INSTANCE_SIZE: u32 = 1 << 26;
/// Work budget for reading one schema (or one declaration): every struct, array element
/// and 16 string characters cost one unit. Bounds the time and memory a broken schema can
/// take even when every single count is within its limit (8 Mi units: strings of at most
/// 128 MiB, a few hundred MiB of model in all). Generated schemas need a tiny fraction.
pub(crate) const READ_BUDGET: u64 = 1 << 23;

/// Name of the pseudo-parameter that carries a method's return value (generated code puts
/// it first in `MI_MethodDecl.parameters`).
pub(crate) const MIRETURN: &str = "MIReturn";

/// `MI_FeatureDecl.code` as OMI computes it (`Hash` in OMI's `base/naming.h`, `HashCode` in
/// its generator): `(lower(first) << 16) | (lower(last) << 8) | length`, where the
/// characters are the low bytes of the first and last `MI_Char`, lowered in ASCII only, and
/// the length counts `MI_Char` units (bytes of UTF-8 on Unix). 0 for an empty name.
pub(crate) fn code_of(chars: &[MI_Char]) -> u32 {
    let (Some(&first), Some(&last)) = (chars.first(), chars.last()) else {
        return 0;
    };
    let low = |c: MI_Char| u32::from((c as u8).to_ascii_lowercase());
    (low(first) << 16) | (low(last) << 8) | (chars.len() as u32)
}

#[cfg(test)]
mod tests;
