//! Tokens of a WQL query. Keywords and identifiers are case-insensitive; string literals
//! take `'` or `"` with backslash escapes; numbers are decimal or hex integers and decimal
//! reals with an optional exponent (rules in the module docs of `wql`).

use super::ast::CmpOp;
use super::error::{ErrorKind, WqlError};

/// The keywords of the grammar. Anything else that looks like a name is an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keyword {
    Select,
    From,
    Where,
    Within,
    And,
    Or,
    Not,
    Null,
    True,
    False,
    Like,
    Isa,
    Is,
}

const KEYWORDS: [(&str, Keyword); 13] = [
    ("SELECT", Keyword::Select),
    ("FROM", Keyword::From),
    ("WHERE", Keyword::Where),
    ("WITHIN", Keyword::Within),
    ("AND", Keyword::And),
    ("OR", Keyword::Or),
    ("NOT", Keyword::Not),
    ("NULL", Keyword::Null),
    ("TRUE", Keyword::True),
    ("FALSE", Keyword::False),
    ("LIKE", Keyword::Like),
    ("ISA", Keyword::Isa),
    ("IS", Keyword::Is),
];

impl Keyword {
    pub(crate) fn text(self) -> &'static str {
        KEYWORDS.iter().find(|(_, k)| *k == self).map_or("?", |(t, _)| t)
    }
}

/// Whether `s` is one of the keywords (so it cannot be written as a property or class name).
pub(crate) fn is_keyword(s: &str) -> bool {
    KEYWORDS.iter().any(|(t, _)| t.eq_ignore_ascii_case(s))
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Ident(String),
    Keyword(Keyword),
    Str(String),
    Int(i128),
    Real(f64),
    Star,
    Comma,
    Dot,
    LParen,
    RParen,
    Op(CmpOp),
    End,
}

impl Tok {
    /// How the token is named in an error message.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => format!("name {s}"),
            Tok::Keyword(k) => format!("keyword {}", k.text()),
            Tok::Str(_) => "a string".into(),
            Tok::Int(_) | Tok::Real(_) => "a number".into(),
            Tok::Star => "'*'".into(),
            Tok::Comma => "','".into(),
            Tok::Dot => "'.'".into(),
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::Op(op) => format!("'{}'", op.text()),
            Tok::End => "the end of the query".into(),
        }
    }
}

/// A token and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) at: usize,
}

/// Smallest and largest integer literal: the range of `MI_SINT64` and `MI_UINT64` together.
pub(crate) const MIN_INT: i128 = i64::MIN as i128;
pub(crate) const MAX_INT: i128 = u64::MAX as i128;

/// Characters that may start a name: ASCII letters, `_`, and any non-ASCII character that
/// is not white space (CIM names allow those; see `strings::is_legal_cim_name`).
fn name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || (!c.is_ascii() && !c.is_whitespace())
}

fn name_char(c: char) -> bool {
    name_start(c) || c.is_ascii_digit()
}

/// A number, as a literal or as text converted for a comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Int(i128),
    Real(f64),
}

/// Why a number could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberError {
    Malformed,
    OutOfRange,
}

/// Reads the longest number at the start of `s`: `[+-]digits`, `[+-]0x hexdigits`,
/// `[+-]digits.[digits][(e|E)[+-]digits]`, `[+-]digits(e|E)[+-]digits`. Returns the value
/// and the bytes used. `None` if `s` does not start with a number at all.
pub(crate) fn scan_number(s: &str) -> Option<(Result<Number, NumberError>, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let negative = b[0] == b'-';
    // Hex integer.
    if b[i] == b'0' && matches!(b.get(i + 1), Some(b'x' | b'X')) {
        let start = i + 2;
        let mut j = start;
        while b.get(j).is_some_and(u8::is_ascii_hexdigit) {
            j += 1;
        }
        if j == start {
            return Some((Err(NumberError::Malformed), j));
        }
        let v = u128::from_str_radix(&s[start..j], 16)
            .ok()
            .and_then(|m| i128::try_from(m).ok())
            .map(|m| if negative { -m } else { m });
        return Some((int_in_range(v), j));
    }
    let mut j = i;
    while b.get(j).is_some_and(u8::is_ascii_digit) {
        j += 1;
    }
    let mut real = false;
    if b.get(j) == Some(&b'.') {
        real = true;
        j += 1;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
    }
    if matches!(b.get(j), Some(b'e' | b'E')) {
        let mut k = j + 1;
        if matches!(b.get(k), Some(b'+' | b'-')) {
            k += 1;
        }
        if !b.get(k).is_some_and(u8::is_ascii_digit) {
            return Some((Err(NumberError::Malformed), k));
        }
        while b.get(k).is_some_and(u8::is_ascii_digit) {
            k += 1;
        }
        real = true;
        j = k;
    }
    let text = &s[..j];
    if real {
        // Our syntax is a subset of what `f64::from_str` accepts; it rounds correctly.
        let v = text.parse::<f64>().map_err(|_| NumberError::Malformed);
        let v = v.and_then(|v| {
            if v.is_finite() {
                Ok(Number::Real(v))
            } else {
                Err(NumberError::OutOfRange)
            }
        });
        Some((v, j))
    } else {
        Some((int_in_range(text.parse::<i128>().ok()), j))
    }
}

fn int_in_range(v: Option<i128>) -> Result<Number, NumberError> {
    match v {
        Some(v) if (MIN_INT..=MAX_INT).contains(&v) => Ok(Number::Int(v)),
        _ => Err(NumberError::OutOfRange),
    }
}

/// The whole of `s` as a number (for comparing a string with a number), or `None`.
pub(crate) fn parse_number(s: &str) -> Option<Number> {
    match scan_number(s) {
        Some((Ok(n), used)) if used == s.len() => Some(n),
        _ => None,
    }
}

/// Splits `text` into tokens, ending with [`Tok::End`].
pub(crate) fn tokenize(text: &str) -> Result<Vec<Token>, WqlError> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        let at = text.len() - trimmed.len();
        rest = trimmed;
        let Some(c) = rest.chars().next() else {
            out.push(Token { tok: Tok::End, at });
            return Ok(out);
        };
        let err = |kind, msg: String| WqlError::at(text, at, kind, msg);
        let (tok, len) = if name_start(c) {
            let len = rest.find(|c: char| !name_char(c)).unwrap_or(rest.len());
            let word = &rest[..len];
            let tok = KEYWORDS
                .iter()
                .find(|(t, _)| t.eq_ignore_ascii_case(word))
                .map_or_else(|| Tok::Ident(word.to_owned()), |(_, k)| Tok::Keyword(*k));
            (tok, len)
        } else if let Some((value, len)) = scan_number(rest) {
            if rest[len..].starts_with(name_char) || rest[len..].starts_with('.') {
                return Err(err(
                    ErrorKind::InvalidNumber,
                    format!("malformed number {:?}", prefix(rest, len + 1)),
                ));
            }
            match value {
                Ok(Number::Int(v)) => (Tok::Int(v), len),
                Ok(Number::Real(v)) => (Tok::Real(v), len),
                Err(NumberError::Malformed) => {
                    return Err(err(
                        ErrorKind::InvalidNumber,
                        format!("malformed number {:?}", prefix(rest, len)),
                    ));
                }
                Err(NumberError::OutOfRange) => {
                    return Err(err(
                        ErrorKind::NumberOutOfRange,
                        format!(
                            "number {:?} is out of range (integers -2^63 to 2^64-1, finite reals)",
                            prefix(rest, len)
                        ),
                    ));
                }
            }
        } else if c == '\'' || c == '"' {
            let (s, len) = string_literal(rest).ok_or_else(|| {
                err(
                    ErrorKind::UnterminatedString,
                    "string literal without its closing quote".into(),
                )
            })?;
            (Tok::Str(s), len)
        } else {
            let two = rest.get(..2);
            match (c, two) {
                (_, Some("<>" | "!=")) => (Tok::Op(CmpOp::Ne), 2),
                (_, Some("<=")) => (Tok::Op(CmpOp::Le), 2),
                (_, Some(">=")) => (Tok::Op(CmpOp::Ge), 2),
                ('=', _) => (Tok::Op(CmpOp::Eq), 1),
                ('<', _) => (Tok::Op(CmpOp::Lt), 1),
                ('>', _) => (Tok::Op(CmpOp::Gt), 1),
                ('*', _) => (Tok::Star, 1),
                (',', _) => (Tok::Comma, 1),
                ('.', _) => (Tok::Dot, 1),
                ('(', _) => (Tok::LParen, 1),
                (')', _) => (Tok::RParen, 1),
                _ => {
                    return Err(err(
                        ErrorKind::UnexpectedChar,
                        format!("unexpected character {c:?}"),
                    ));
                }
            }
        };
        out.push(Token { tok, at });
        rest = &rest[len..];
    }
}

/// At most `n` bytes of `s`, cut back to a character boundary (for messages).
fn prefix(s: &str, n: usize) -> &str {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    &s[..n]
}

/// A quoted string at the start of `s` (which starts with its quote): the unescaped text
/// and the bytes used, or `None` when it is not terminated. `\n`, `\r`, `\t` are control
/// characters; a backslash before any other character stands for that character.
fn string_literal(s: &str) -> Option<(String, usize)> {
    let mut chars = s.char_indices();
    let (_, quote) = chars.next()?;
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        if c == quote {
            return Some((out, i + c.len_utf8()));
        }
        if c == '\\' {
            let (_, e) = chars.next()?;
            out.push(match e {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                other => other,
            });
        } else {
            out.push(c);
        }
    }
    None
}
