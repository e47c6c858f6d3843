//! `MI_Char` strings at the edge: NUL-terminated, UTF-8 `char` on Unix, UTF-16 on Windows.
//! Strings are copied in once, bounded, so an unterminated or absurd string is an error
//! code rather than an endless scan.
//!
//! # Safety contract
//! A string pointer given to these functions is NULL or readable up to its NUL or
//! [`MAX_STRING_CHARS`]` + 1` characters, whichever comes first (every NUL-terminated string
//! qualifies), and is not changed while it is read (for `'a` where a borrowed slice is
//! returned). Nothing past the NUL or the bound is read; a longer string is
//! `MI_RESULT_INVALID_PARAMETER`. What is returned is a copy unless the signature borrows.

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
    // SAFETY: `s` is non-NULL (checked above) and readable up to its NUL or `MAX_STRING_CHARS + 1`
    // characters (this function's `# Safety`), what `c_chars` requires; used before returning.
    let chars = unsafe { c_chars(s) }?;
    Ok(Some(chars.into()))
}

/// Copies a NUL-terminated `MI_Char` string that must be text (a name): `None` for NULL,
/// `MI_RESULT_INVALID_PARAMETER` for invalid UTF-8 (UTF-16 on Windows) or an overlong one.
///
/// # Safety
/// As [`copy_opaque`].
pub(crate) unsafe fn utf8(s: *const MI_Char) -> MiResult<Option<String>> {
    if s.is_null() {
        return Ok(None);
    }
    // SAFETY: `s` is non-NULL (checked above) and readable as [`copy_opaque`] says (this function's
    // `# Safety`), what `c_chars` requires; used before returning.
    let chars = unsafe { c_chars(s) }?;
    let text = decode(chars).inspect_err(|_| log::error!("a name is not valid text"))?;
    Ok(Some(text.into_owned()))
}

/// Number of `MI_Char`s before the NUL of `s`, refusing strings longer than `max`.
///
/// # Safety
/// `s` is non-NULL and readable up to its NUL (or `max + 1` characters).
pub(crate) unsafe fn c_len(s: *const MI_Char, max: usize) -> MiResult<usize> {
    let mut len = 0usize;
    // SAFETY: the caller guarantees readability up to the NUL (or the bound we stop at).
    while unsafe { *s.add(len) } != 0 {
        len += 1;
        if len > max {
            log::error!("string longer than {max} characters rejected");
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
    }
    Ok(len)
}

/// The characters of a NUL-terminated string, without the NUL. NULL is
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `s` is NULL or readable up to its NUL or `MAX_STRING_CHARS + 1` characters, whichever
/// comes first (a NUL-terminated string always is), and unchanged for `'a`.
pub(crate) unsafe fn c_chars<'a>(s: *const MI_Char) -> MiResult<&'a [MI_Char]> {
    if s.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: `s` is non-NULL (checked above) and readable up to its NUL or `MAX_STRING_CHARS + 1`
    // characters (this function's `# Safety`), exactly what `c_len` reads.
    let len = unsafe { c_len(s, MAX_STRING_CHARS) }?;
    // SAFETY: `len` characters before the NUL were just read; unchanged for 'a.
    Ok(unsafe { std::slice::from_raw_parts(s, len) })
}

/// Decodes `MI_Char`s as text: UTF-8 on Unix, UTF-16 on Windows. Invalid encodings
/// (bad UTF-8, unpaired surrogates) are `MI_RESULT_INVALID_PARAMETER`.
pub(crate) fn decode(chars: &[MI_Char]) -> MiResult<std::borrow::Cow<'_, str>> {
    #[cfg(not(windows))]
    {
        // SAFETY: `c_char` and `u8` have the same size and alignment; any bit pattern is valid.
        let bytes = unsafe { std::slice::from_raw_parts(chars.as_ptr().cast::<u8>(), chars.len()) };
        std::str::from_utf8(bytes)
            .map(std::borrow::Cow::Borrowed)
            .map_err(|_| MI_RESULT_INVALID_PARAMETER)
    }
    #[cfg(windows)]
    {
        String::from_utf16(chars)
            .map(std::borrow::Cow::Owned)
            .map_err(|_| MI_RESULT_INVALID_PARAMETER)
    }
}

/// `s` as a NUL-terminated `MI_Char` string.
pub(crate) fn encode(s: &str) -> Box<[MI_Char]> {
    #[cfg(not(windows))]
    let mut v: Vec<MI_Char> = s.bytes().map(|b| b as MI_Char).collect();
    #[cfg(windows)]
    let mut v: Vec<MI_Char> = s.encode_utf16().collect();
    v.push(0);
    v.into_boxed_slice()
}

/// A name as CIM compares it: case-insensitively (ASCII fast path, Unicode lowercase
/// otherwise).
pub(crate) fn cim_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Whether `s` is a legal CIM name (class, property or parameter): non-empty, starts with
/// a letter, `_` or a non-ASCII character, continues with those or ASCII digits.
pub(crate) fn is_legal_cim_name(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let start = |c: char| c.is_ascii_alphabetic() || c == '_' || !c.is_ascii();
    start(first) && chars.all(|c| start(c) || c.is_ascii_digit())
}

/// An owned name: its `MI_Char` form (NUL-terminated, handed out to clients) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Name {
    c: Box<[MI_Char]>,
    s: Box<str>,
}

impl Name {
    pub(crate) fn new(s: &str) -> Self {
        Self {
            c: encode(s),
            s: s.into(),
        }
    }

    /// Reads a client's name; NULL or an invalid encoding is `MI_RESULT_INVALID_PARAMETER`.
    ///
    /// # Safety
    /// `p` is NULL or a NUL-terminated string.
    pub(crate) unsafe fn from_c(p: *const MI_Char) -> MiResult<Self> {
        // SAFETY: `p` is NULL or NUL-terminated (this function's `# Safety`), more than `c_chars`
        // needs; the slice is used before returning.
        let chars = unsafe { c_chars(p) }?;
        Ok(Self::new(&decode(chars)?))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.s
    }

    /// The NUL-terminated form, valid as long as `self`.
    pub(crate) fn as_ptr(&self) -> *const MI_Char {
        self.c.as_ptr()
    }

    /// The `MI_Char`s without the NUL.
    pub(crate) fn chars(&self) -> &[MI_Char] {
        &self.c[..self.c.len() - 1]
    }
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
    // SAFETY: `s` is non-NULL (checked above) and readable as [`copy_opaque`] says (this function's
    // `# Safety`), what `c_chars` requires; used before returning.
    let chars = unsafe { c_chars(s) }?;
    if !well_formed(chars) {
        log::error!("string that is not well-formed {ENCODING} rejected");
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    let mut copy = Vec::with_capacity(chars.len() + 1);
    copy.extend_from_slice(chars);
    copy.push(0);
    Ok(Some(copy))
}

#[cfg(not(windows))]
const ENCODING: &str = "UTF-8";
#[cfg(windows)]
const ENCODING: &str = "UTF-16";

/// Whether `chars` is well-formed text in the platform's `MI_Char` encoding.
pub(crate) fn well_formed(chars: &[MI_Char]) -> bool {
    decode(chars).is_ok()
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

/// `MI_Char` text (without NUL) equals the ASCII literal `lit` exactly. A literal that is
/// not ASCII equals nothing (the same answer on Unix, where `MI_Char` holds UTF-8 bytes, and
/// on Windows, where it holds UTF-16 units).
pub(crate) fn eq_ascii(chars: &[MI_Char], lit: &str) -> bool {
    lit.is_ascii()
        && chars.len() == lit.len()
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

/// Fuzzing entry (fuzz/fuzz_targets/strings.rs): runs `data` through every way the library
/// reads a client's string and checks each against the standard library: decoding accepts
/// exactly the valid UTF-8, a NUL-terminated copy stops at the first NUL, the text copies
/// keep the bytes, the bounded length refuses exactly the overlong, and the name comparisons
/// agree with `eq_ignore_ascii_case`. (The UTF-16 path is Windows-only and not built here.)
#[cfg(all(fuzzing, not(windows)))]
pub fn fuzz_strings(data: &[u8]) {
    let chars: Vec<MI_Char> = data.iter().map(|&b| b as MI_Char).collect();
    let valid = std::str::from_utf8(data).ok();
    let decoded = decode(&chars);
    assert_eq!(decoded.as_deref().ok(), valid);
    if let Some(text) = valid {
        let encoded = encode(text);
        assert_eq!(&encoded[..chars.len()], &chars[..]);
        assert_eq!(encoded[chars.len()], 0);
        let name = Name::new(text);
        assert_eq!(name.as_str(), text);
        // SAFETY: `as_ptr` is NUL-terminated and lives as long as `name`.
        let back = unsafe { c_chars(name.as_ptr()) }.expect("a name reads back");
        assert_eq!(back, &encoded[..text.find('\0').unwrap_or(text.len())]);
    }

    // The C-string readers see the text up to the first NUL.
    let mut buf = chars.clone();
    buf.push(0);
    let len = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let head = &data[..len];
    let head_text = std::str::from_utf8(head).ok();
    // SAFETY: `buf` is NUL-terminated and outlives every call below.
    unsafe {
        let p = buf.as_ptr();
        assert_eq!(c_chars(p).expect("readable").len(), len);
        for max in [0, 1, len.saturating_sub(1), len, len + 1] {
            assert_eq!(c_len(p, max).ok(), (len <= max).then_some(len));
        }
        let opaque = copy_opaque(p).expect("any bytes").expect("non-NULL");
        assert_eq!(opaque.len(), len);
        assert_eq!(utf8(p).ok().flatten().as_deref(), head_text);
        assert_eq!(Name::from_c(p).ok().as_ref().map(Name::as_str), head_text);
        match copy_text(p) {
            Ok(Some(copy)) => {
                assert!(head_text.is_some());
                assert_eq!((copy.len(), copy.capacity(), copy[len]), (len + 1, len + 1, 0));
                assert_eq!(&copy[..len], &chars[..len]);
            }
            Ok(None) => unreachable!("non-NULL"),
            Err(_) => assert!(head_text.is_none()),
        }
        assert!(matches!(utf8(std::ptr::null()), Ok(None)));
    }

    // Name comparisons: the two halves of the input.
    let (a, b) = data.split_at(data.len() / 2);
    let (ca, cb) = chars.split_at(a.len());
    assert_eq!(eq_ignore_ascii_case(ca, cb), a.eq_ignore_ascii_case(b));
    assert!(eq_ignore_ascii_case(ca, ca));
    if let Ok(lit) = std::str::from_utf8(b) {
        assert_eq!(eq_ascii(ca, lit), lit.is_ascii() && a == lit.as_bytes());
    }
    if let (Ok(x), Ok(y)) = (std::str::from_utf8(a), std::str::from_utf8(b)) {
        assert_eq!(cim_eq(x, y), cim_eq(y, x), "symmetric");
        assert!(cim_eq(x, x));
        if x.is_ascii() && y.is_ascii() {
            assert_eq!(cim_eq(x, y), x.eq_ignore_ascii_case(y));
        }
        if is_legal_cim_name(x) {
            let first = x.chars().next().expect("non-empty");
            assert!(
                !first.is_ascii_digit()
                    && x.chars()
                        .all(|c| c == '_' || !c.is_ascii() || c.is_ascii_alphanumeric())
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(cim_eq("Name", "nAME"));
        assert!(cim_eq("Äpfel", "äPFEL"));
        assert!(!cim_eq("Name", "Names"));
        assert!(is_legal_cim_name("CIM_Error"));
        assert!(is_legal_cim_name("_x1"));
        assert!(is_legal_cim_name("Größe"));
        assert!(!is_legal_cim_name(""));
        assert!(!is_legal_cim_name("1abc"));
        assert!(!is_legal_cim_name("a b"));
        assert!(!is_legal_cim_name("a-b"));
        let n = Name::new("Abc");
        // SAFETY: `n` is NUL-terminated and alive.
        let back = unsafe { Name::from_c(n.as_ptr()) }.unwrap();
        assert_eq!(back.as_str(), "Abc");
        #[cfg(not(windows))]
        {
            let bad: [MI_Char; 3] = [0xff_u8 as MI_Char, b'a' as MI_Char, 0];
            // SAFETY: NUL-terminated local.
            let r = unsafe { Name::from_c(bad.as_ptr()) };
            assert_eq!(r.unwrap_err(), MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: NULL is allowed.
        assert!(unsafe { Name::from_c(std::ptr::null()) }.is_err());
    }
}
