//! Scalar values as text, shared by both codecs: integers in decimal, reals in the
//! shortest form that reads back to the same bits, booleans `true`/`false` (read in any
//! case), datetimes in the CIM form `yyyymmddhhmmss.mmmmmmsutc` (timestamps) and
//! `ddddddddhhmmss.mmmmmm:000` (intervals).

use super::{SerialError, SerialResult};
use crate::abi::*;
use crate::schema::value::{Datetime, Value};

/// The CIM text of a datetime.
pub(crate) fn datetime(d: &Datetime) -> String {
    match *d {
        Datetime::Timestamp(t) => {
            let sign = if t.utc < 0 { '-' } else { '+' };
            format!(
                "{:04}{:02}{:02}{:02}{:02}{:02}.{:06}{}{:03}",
                t.year,
                t.month,
                t.day,
                t.hour,
                t.minute,
                t.second,
                t.microseconds,
                sign,
                t.utc.unsigned_abs()
            )
        }
        Datetime::Interval {
            days,
            hours,
            minutes,
            seconds,
            microseconds,
        } => format!("{days:08}{hours:02}{minutes:02}{seconds:02}.{microseconds:06}:000"),
    }
}

fn digits(s: &str, what: &str) -> SerialResult<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SerialError::bad(format!("datetime: bad {what} `{s}`")));
    }
    s.parse()
        .map_err(|_| SerialError::bad(format!("datetime: bad {what} `{s}`")))
}

/// Reads a CIM datetime (25 characters).
pub(crate) fn parse_datetime(s: &str) -> SerialResult<Datetime> {
    let b = s.as_bytes();
    if b.len() != 25 || !s.is_ascii() || b[14] != b'.' {
        return Err(SerialError::bad(format!("`{s}` is not a CIM datetime")));
    }
    if b[21] == b':' {
        if &s[22..] != "000" {
            return Err(SerialError::bad(format!("`{s}`: an interval ends in `:000`")));
        }
        return Ok(Datetime::Interval {
            days: digits(&s[0..8], "days")?,
            hours: digits(&s[8..10], "hours")?,
            minutes: digits(&s[10..12], "minutes")?,
            seconds: digits(&s[12..14], "seconds")?,
            microseconds: digits(&s[15..21], "microseconds")?,
        });
    }
    let utc = digits(&s[22..25], "UTC offset")? as i32;
    let utc = match b[21] {
        b'+' => utc,
        b'-' => -utc,
        _ => return Err(SerialError::bad(format!("`{s}`: bad UTC offset sign"))),
    };
    Ok(Datetime::Timestamp(MI_Timestamp {
        year: digits(&s[0..4], "year")?,
        month: digits(&s[4..6], "month")?,
        day: digits(&s[6..8], "day")?,
        hour: digits(&s[8..10], "hour")?,
        minute: digits(&s[10..12], "minute")?,
        second: digits(&s[12..14], "second")?,
        microseconds: digits(&s[15..21], "microseconds")?,
        utc,
    }))
}

pub(crate) fn real64(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "INF".into() } else { "-INF".into() }
    } else {
        format!("{x:?}")
    }
}

pub(crate) fn real32(x: f32) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "INF".into() } else { "-INF".into() }
    } else {
        format!("{x:?}")
    }
}

fn parse_real(s: &str) -> Option<f64> {
    match s.trim() {
        "NaN" | "nan" => Some(f64::NAN),
        "INF" | "inf" | "+INF" => Some(f64::INFINITY),
        "-INF" | "-inf" => Some(f64::NEG_INFINITY),
        t => t.parse::<f64>().ok().filter(|x| x.is_finite()),
    }
}

/// The text of one element of a value (scalar `ty`, `MI_ARRAY` bit ignored). Char16 is
/// its number (`char16_number`: the XML writer turns it into a character reference).
pub(crate) fn scalar(v: &Value, i: usize) -> String {
    match v {
        Value::Boolean(b) => bool_text(*b),
        Value::BooleanA(a) => bool_text(a[i]),
        Value::Uint8(x) => x.to_string(),
        Value::Uint8A(a) => a[i].to_string(),
        Value::Sint8(x) => x.to_string(),
        Value::Sint8A(a) => a[i].to_string(),
        Value::Uint16(x) => x.to_string(),
        Value::Uint16A(a) => a[i].to_string(),
        Value::Sint16(x) => x.to_string(),
        Value::Sint16A(a) => a[i].to_string(),
        Value::Uint32(x) => x.to_string(),
        Value::Uint32A(a) => a[i].to_string(),
        Value::Sint32(x) => x.to_string(),
        Value::Sint32A(a) => a[i].to_string(),
        Value::Uint64(x) => x.to_string(),
        Value::Uint64A(a) => a[i].to_string(),
        Value::Sint64(x) => x.to_string(),
        Value::Sint64A(a) => a[i].to_string(),
        Value::Real32(x) => real32(*x),
        Value::Real32A(a) => real32(a[i]),
        Value::Real64(x) => real64(*x),
        Value::Real64A(a) => real64(a[i]),
        Value::Char16(x) => x.to_string(),
        Value::Char16A(a) => a[i].to_string(),
        Value::Datetime(d) => datetime(d),
        Value::DatetimeA(a) => datetime(&a[i]),
        Value::String(s) => s.clone(),
        Value::StringA(a) => a[i].clone(),
    }
}

fn bool_text(b: bool) -> String {
    if b { "true" } else { "false" }.into()
}

/// One scalar of type `ty` (the `MI_ARRAY` bit ignored) from its text. Char16 is given as
/// the character itself (`char16_is_number == false`) or as its number.
pub(crate) fn parse_scalar(ty: MI_Type, s: &str) -> SerialResult<Value> {
    let bad = || {
        SerialError::bad(format!(
            "`{}` is not a {} value",
            clip(s),
            super::type_keyword(ty)
        ))
    };
    macro_rules! int {
        ($t:ty, $v:ident) => {{
            let t = s.trim();
            let parsed = if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                <$t>::from_str_radix(hex, 16).ok()
            } else {
                t.parse::<$t>().ok()
            };
            Value::$v(parsed.ok_or_else(bad)?)
        }};
    }
    Ok(match ty & !MI_ARRAY {
        MI_BOOLEAN => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Value::Boolean(true),
            "false" => Value::Boolean(false),
            _ => return Err(bad()),
        },
        MI_UINT8 => int!(u8, Uint8),
        MI_SINT8 => int!(i8, Sint8),
        MI_UINT16 => int!(u16, Uint16),
        MI_SINT16 => int!(i16, Sint16),
        MI_UINT32 => int!(u32, Uint32),
        MI_SINT32 => int!(i32, Sint32),
        MI_UINT64 => int!(u64, Uint64),
        MI_SINT64 => int!(i64, Sint64),
        MI_REAL32 => {
            let x = parse_real(s).ok_or_else(bad)?;
            let y = x as f32;
            if x.is_finite() && !y.is_finite() {
                return Err(bad());
            }
            Value::Real32(y)
        }
        MI_REAL64 => Value::Real64(parse_real(s).ok_or_else(bad)?),
        MI_CHAR16 => {
            let mut units = s.encode_utf16();
            match (units.next(), units.next()) {
                (Some(u), None) => Value::Char16(u),
                _ => return Err(bad()),
            }
        }
        MI_DATETIME => Value::Datetime(parse_datetime(s.trim())?),
        MI_STRING => Value::String(s.to_owned()),
        _ => return Err(SerialError::bad(format!("type {ty} has no text form"))),
    })
}

/// At most 40 characters of `s`, for messages.
pub(crate) fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Gathers scalars of the array type `ty` into one array value.
pub(crate) fn gather(ty: MI_Type, items: Vec<Value>) -> SerialResult<Value> {
    macro_rules! collect {
        ($v:ident, $a:ident) => {
            Value::$a(
                items
                    .into_iter()
                    .map(|x| match x {
                        Value::$v(y) => Ok(y),
                        _ => Err(SerialError::bad("array element of another type")),
                    })
                    .collect::<SerialResult<Vec<_>>>()?,
            )
        };
    }
    Ok(match ty & !MI_ARRAY {
        MI_BOOLEAN => collect!(Boolean, BooleanA),
        MI_UINT8 => collect!(Uint8, Uint8A),
        MI_SINT8 => collect!(Sint8, Sint8A),
        MI_UINT16 => collect!(Uint16, Uint16A),
        MI_SINT16 => collect!(Sint16, Sint16A),
        MI_UINT32 => collect!(Uint32, Uint32A),
        MI_SINT32 => collect!(Sint32, Sint32A),
        MI_UINT64 => collect!(Uint64, Uint64A),
        MI_SINT64 => collect!(Sint64, Sint64A),
        MI_REAL32 => collect!(Real32, Real32A),
        MI_REAL64 => collect!(Real64, Real64A),
        MI_CHAR16 => collect!(Char16, Char16A),
        MI_DATETIME => collect!(Datetime, DatetimeA),
        MI_STRING => collect!(String, StringA),
        _ => return Err(SerialError::bad(format!("type {ty} is not a value array"))),
    })
}
