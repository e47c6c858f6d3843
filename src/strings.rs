//! `MI_Char` strings at the edge: NUL-terminated, UTF-8 `char` on Unix, UTF-16 on Windows.
//! Strings are copied in once, bounded, so an unterminated or absurd string is an error
//! code rather than an endless scan.

use crate::abi::{MI_Char, MI_RESULT_INVALID_PARAMETER};
use crate::boundary::MiResult;

/// Longest string (in characters, without the NUL) the library copies in: 1 Mi characters.
pub(crate) const MAX_STRING_CHARS: usize = 1 << 20;

/// Copies a NUL-terminated `MI_Char` string as given (no validation of its encoding: used
/// for opaque labels such as `applicationID`). `None` for NULL.
///
/// # Safety
/// `s` is NULL or points to a readable string that is NUL-terminated within
/// `MAX_STRING_CHARS + 1` characters or at least readable that far.
pub(crate) unsafe fn copy_opaque(s: *const MI_Char) -> MiResult<Option<Box<[MI_Char]>>> {
    if s.is_null() {
        return Ok(None);
    }
    let mut len = 0usize;
    // SAFETY: the caller guarantees readability up to the NUL (or the bound we stop at).
    while unsafe { *s.add(len) } != 0 {
        len += 1;
        if len > MAX_STRING_CHARS {
            log::error!("string longer than {MAX_STRING_CHARS} characters rejected");
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
    }
    // SAFETY: the `len` characters before the NUL were just read.
    let chars = unsafe { std::slice::from_raw_parts(s, len) };
    Ok(Some(chars.into()))
}

/// Copies a NUL-terminated `MI_Char` string that must be text (a name): `None` for NULL,
/// `MI_RESULT_INVALID_PARAMETER` for invalid UTF-8 (UTF-16 on Windows) or an overlong one.
///
/// # Safety
/// As [`copy_opaque`].
pub(crate) unsafe fn utf8(s: *const MI_Char) -> MiResult<Option<String>> {
    // SAFETY: forwarded contract.
    let Some(chars) = (unsafe { copy_opaque(s) })? else {
        return Ok(None);
    };
    #[cfg(not(windows))]
    let text = String::from_utf8(chars.iter().map(|&c| c as u8).collect()).ok();
    #[cfg(windows)]
    let text = String::from_utf16(&chars).ok();
    text.map(Some).ok_or_else(|| {
        log::error!("a name is not valid text");
        MI_RESULT_INVALID_PARAMETER
    })
}
