//! What is wrong with a schema, and where.

use std::fmt;

/// A schema problem: `place` names the class and element ("class `X_Disk`, property
/// `Size`, qualifier `Units`"), `reason` says what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SchemaError {
    pub(crate) place: String,
    pub(crate) reason: Reason,
}

/// Why a schema was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reason {
    /// A pointer that must be set is NULL (the field's name).
    Null(&'static str),
    /// An array pointer is NULL although its count is not 0.
    NullArray { field: &'static str, count: u32 },
    /// An entry of a pointer array (or of a string array value) is NULL.
    NullEntry { field: &'static str, index: u32 },
    /// A count above the library's limit.
    TooMany {
        field: &'static str,
        count: u64,
        max: u64,
    },
    /// A string with no NUL within the limit (characters).
    Unterminated { max: usize },
    /// A string that is not valid UTF-8 (UTF-16 on Windows).
    NotText,
    /// A string value with a NUL character inside (model only: C strings cannot hold one).
    NulInString,
    /// A name that is not a legal CIM name.
    IllegalName(String),
    /// A type that is not one of the 32 `MI_Type`s.
    BadType(u32),
    /// A value (or `MIReturn`) whose type is not the declared one.
    TypeMismatch { declared: u32, found: u32 },
    /// Two elements of one list with the same name (case-insensitive).
    Duplicate(String),
    /// A `superClassDecl` chain that comes back to a class already in it.
    Cycle,
    /// A `superClassDecl` chain longer than the limit.
    TooDeep { max: usize },
    /// `superClass` names another class than `superClassDecl` declares.
    SuperclassMismatch { named: String, declared: String },
    /// A declaration of another kind where this one was expected (its flags).
    WrongKind { flags: u32 },
    /// A value the library does not take from declarations.
    Unsupported(&'static str),
    /// A pointer that is not aligned for what it points to.
    Misaligned { field: &'static str },
    /// `size` of an instance or parameter structure out of range.
    BadSize { size: u32 },
    /// A field at `offset` of `len` bytes outside `[sizeof(MI_Instance), size)`.
    OutOfBounds { offset: u32, len: u32, size: u32 },
    /// A field offset not aligned for its type.
    MisalignedOffset { offset: u32, align: u32 },
    /// Two fields whose bytes overlap (the other field's name).
    Overlap(String),
    /// The schema as a whole needs more work than [`super::READ_BUDGET`].
    TooBig,
}

impl SchemaError {
    pub(crate) fn new(place: impl Into<String>, reason: Reason) -> Self {
        Self {
            place: place.into(),
            reason,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Null(field) => write!(f, "{field} is NULL"),
            Reason::NullArray { field, count } => write!(f, "{field} is NULL but its count is {count}"),
            Reason::NullEntry { field, index } => write!(f, "{field}[{index}] is NULL"),
            Reason::TooMany { field, count, max } => {
                write!(f, "{field} is {count}, more than the limit {max}")
            }
            Reason::Unterminated { max } => {
                write!(f, "string not NUL-terminated within {max} characters")
            }
            Reason::NotText => write!(f, "string is not valid text"),
            Reason::NulInString => write!(f, "string value contains a NUL character"),
            Reason::IllegalName(n) => write!(f, "{n:?} is not a legal CIM name"),
            Reason::BadType(t) => write!(f, "type {t} is not an MI_Type"),
            Reason::TypeMismatch { declared, found } => {
                write!(f, "type {found} where type {declared} is declared")
            }
            Reason::Duplicate(n) => write!(f, "{n:?} is declared twice"),
            Reason::Cycle => write!(f, "the superClassDecl chain is a cycle"),
            Reason::TooDeep { max } => write!(f, "the superClassDecl chain is deeper than {max}"),
            Reason::SuperclassMismatch { named, declared } => write!(
                f,
                "superClass is {named:?} but superClassDecl declares {declared:?}"
            ),
            Reason::WrongKind { flags } => write!(f, "declaration of another kind (flags {flags:#x})"),
            Reason::Unsupported(what) => write!(f, "{what} not supported"),
            Reason::Misaligned { field } => write!(f, "{field} is not aligned for its type"),
            Reason::BadSize { size } => write!(f, "size {size} is out of range"),
            Reason::OutOfBounds { offset, len, size } => write!(
                f,
                "field at offset {offset} of {len} bytes lies outside the structure of {size} bytes"
            ),
            Reason::MisalignedOffset { offset, align } => {
                write!(f, "offset {offset} is not a multiple of {align}")
            }
            Reason::Overlap(other) => write!(f, "its field overlaps the field of {other:?}"),
            Reason::TooBig => write!(
                f,
                "the schema needs more work than the limit of {} units",
                super::READ_BUDGET
            ),
        }
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "schema: {}", self.reason)
        } else {
            write!(f, "{}: {}", self.place, self.reason)
        }
    }
}

impl std::error::Error for SchemaError {}
