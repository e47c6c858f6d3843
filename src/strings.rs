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

/// Copies a NUL-terminated `MI_Char` string that the library stores as text (option names
/// and values, credentials): its encoding is checked (UTF-8 on Unix, well-formed UTF-16 on
/// Windows) on the client's memory before anything is copied, and the copy is one
/// allocation of exactly `len + 1` characters, NUL-terminated, so it never reallocates
/// (a secret stored in it leaves no stray copies behind). `None` for NULL.
///
/// # Safety
/// As [`copy_opaque`].
pub(crate) unsafe fn copy_text(s: *const MI_Char) -> MiResult<Option<Vec<MI_Char>>> {
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
    if !well_formed(chars) {
        log::error!("string that is not well-formed {ENCODING} rejected");
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    let mut copy = Vec::with_capacity(len + 1);
    copy.extend_from_slice(chars);
    copy.push(0);
    Ok(Some(copy))
}

#[cfg(not(windows))]
const ENCODING: &str = "UTF-8";
#[cfg(windows)]
const ENCODING: &str = "UTF-16";

/// Whether `chars` is well-formed text in the platform's `MI_Char` encoding.
#[cfg(not(windows))]
pub(crate) fn well_formed(chars: &[MI_Char]) -> bool {
    // SAFETY: `MI_Char` is `c_char`, one byte, so the slice reinterprets as bytes.
    let bytes = unsafe { std::slice::from_raw_parts(chars.as_ptr().cast::<u8>(), chars.len()) };
    std::str::from_utf8(bytes).is_ok()
}

/// Whether `chars` is well-formed text in the platform's `MI_Char` encoding.
#[cfg(windows)]
pub(crate) fn well_formed(chars: &[MI_Char]) -> bool {
    char::decode_utf16(chars.iter().copied()).all(|c| c.is_ok())
}

/// The code unit of a character, for ASCII comparisons.
pub(crate) fn unit(c: MI_Char) -> u32 {
    #[cfg(not(windows))]
    {
        u32::from(c as u8)
    }
    #[cfg(windows)]
    {
        u32::from(c)
    }
}

/// `MI_Char` text (without NUL) equals the ASCII literal `lit` exactly.
pub(crate) fn eq_ascii(chars: &[MI_Char], lit: &str) -> bool {
    chars.len() == lit.len()
        && chars
            .iter()
            .zip(lit.bytes())
            .all(|(&c, b)| unit(c) == u32::from(b))
}

/// Two `MI_Char` texts are equal ignoring ASCII case (how CIM compares names).
pub(crate) fn eq_ignore_ascii_case(a: &[MI_Char], b: &[MI_Char]) -> bool {
    let fold = |c: MI_Char| {
        let u = unit(c);
        if (u32::from(b'A')..=u32::from(b'Z')).contains(&u) {
            u + 32
        } else {
            u
        }
    };
    a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| fold(x) == fold(y))
}

/// Turns an ASCII literal into `MI_Char` text (without NUL).
pub(crate) fn from_ascii(lit: &str) -> Vec<MI_Char> {
    lit.bytes().map(|b| b as MI_Char).collect()
}

/// A `&'static [MI_Char]` NUL-terminated string from an ASCII literal, built at compile time
/// (the option names the typed helpers send).
macro_rules! mi_str {
    ($s:literal) => {{
        const BYTES: &[u8] = concat!($s, "\0").as_bytes();
        const CHARS: [$crate::abi::MI_Char; BYTES.len()] = {
            let mut chars = [0 as $crate::abi::MI_Char; BYTES.len()];
            let mut i = 0;
            while i < BYTES.len() {
                chars[i] = BYTES[i] as $crate::abi::MI_Char;
                i += 1;
            }
            chars
        };
        &CHARS as &'static [$crate::abi::MI_Char]
    }};
}
pub(crate) use mi_str;
