//! What can go wrong: a query that does not parse ([`WqlError`], always
//! `MI_RESULT_INVALID_QUERY` for the client), and a predicate that cannot be decided for
//! one instance ([`Problem`], which makes that predicate *unknown*, never an error).

use crate::abi::{MI_RESULT_INVALID_QUERY, MI_Result};
use std::fmt;

/// Why a query was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// Longer than [`super::MAX_QUERY_BYTES`].
    TooLong,
    /// Nested deeper than [`super::MAX_DEPTH`], or a property path longer than
    /// [`super::MAX_PATH`].
    TooDeep,
    /// A character that starts no token.
    UnexpectedChar,
    /// A string literal without its closing quote (or ending in a lone backslash).
    UnterminatedString,
    /// A malformed number (`1e`, `0x`, `12abc`).
    InvalidNumber,
    /// An integer outside `-2^63 ..= 2^64-1`, or a real that is not finite.
    NumberOutOfRange,
    /// A token where the grammar expects something else, or the end of the text too early.
    UnexpectedToken,
    /// A literal `LIKE` pattern with an unclosed `[`.
    InvalidPattern,
    /// `ISA` not followed by a class name.
    InvalidClassName,
    /// WQL that is valid for WMI but not supported here (`ASSOCIATORS OF`, `GROUP`, ...).
    Unsupported,
}

/// A query that cannot be used: where (a 0-based character index into the query text)
/// and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WqlError {
    pub(crate) kind: ErrorKind,
    /// 0-based index of the character where the problem was found (in `char`s, not bytes).
    pub(crate) position: usize,
    pub(crate) message: String,
}

impl WqlError {
    /// An error at byte offset `at` of `text`.
    pub(crate) fn at(text: &str, at: usize, kind: ErrorKind, message: impl Into<String>) -> Self {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let position = text[..at].chars().count();
        WqlError {
            kind,
            position,
            message: message.into(),
        }
    }

    /// The code the host hands to the client for any query it cannot parse.
    pub(crate) fn result_code(&self) -> MI_Result {
        MI_RESULT_INVALID_QUERY
    }
}

impl fmt::Display for WqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid WQL at character {}: {}", self.position, self.message)
    }
}

impl std::error::Error for WqlError {}

/// Why a predicate evaluated to *unknown* for one instance (beyond a NULL operand). The
/// host may log it; it never reaches the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The instance (or an embedded instance on the path) has no property of that name.
    NoSuchProperty(String),
    /// The operands cannot be compared (a string that is not a number compared with a
    /// number, an array, an instance, `<` on booleans, ...).
    TypeMismatch(String),
    /// A `LIKE` pattern taken from a property has an unclosed `[`.
    InvalidPattern,
    /// The instance would not give the value (its `GetElement` failed, or the value is not
    /// valid text).
    Unreadable(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NoSuchProperty(p) => write!(f, "no property {p}"),
            Problem::TypeMismatch(m) => write!(f, "type mismatch: {m}"),
            Problem::InvalidPattern => f.write_str("LIKE pattern with an unclosed ["),
            Problem::Unreadable(p) => write!(f, "cannot read {p}"),
        }
    }
}
