//! The binary interface of the reference `MI.h`, as `#[repr(C)]` Rust definitions and
//! nothing else: no behaviour lives here. `include/mi.h` is generated from this module by
//! cbindgen, and `layout` checks every size and offset against `mi-abi-layout.tsv`.
#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]
#![allow(missing_docs)]
// The tables mirror the reference slot signatures one to one; aliases would hide them.
#![allow(clippy::type_complexity)]

pub mod decl;
pub mod handles;
mod layout;
pub mod provider;
pub mod scalars;
pub mod tables;
pub mod values;

pub use decl::*;
pub use handles::*;
pub use provider::*;
pub use scalars::*;
pub use tables::*;
pub use values::*;
