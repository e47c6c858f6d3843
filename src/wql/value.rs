//! What the evaluator reads from an instance ([`Row`], [`Lookup`], [`Value`]) and how two
//! operands compare (the coercion rules of the module docs).

use super::error::Problem;
use super::lexer::{Number, parse_number};
use std::borrow::Cow;
use std::cmp::Ordering;

/// An instance as the evaluator sees it. Implemented over any `MI_Instance` by
/// [`super::InstanceRow`], and by plain Rust types in tests.
pub(crate) trait Row {
    /// The class name, `None` when the instance will not say.
    fn class_name(&self) -> Option<Cow<'_, str>>;
    /// Whether the instance's class is `class` or derives from it (CIM names,
    /// case-insensitive).
    fn is_a(&self, class: &str) -> bool;
    /// The property called `name` (case-insensitive).
    fn get(&self, name: &str) -> Lookup<'_>;
}

impl<T: Row + ?Sized> Row for &T {
    fn class_name(&self) -> Option<Cow<'_, str>> {
        (**self).class_name()
    }
    fn is_a(&self, class: &str) -> bool {
        (**self).is_a(class)
    }
    fn get(&self, name: &str) -> Lookup<'_> {
        (**self).get(name)
    }
}

/// The answer of [`Row::get`].
pub(crate) enum Lookup<'a> {
    NoSuchProperty,
    /// The property exists and is NULL.
    Null,
    Value(Value<'a>),
    /// The property exists but could not be read (the reason, for the log).
    Unreadable(String),
}

/// A property value by CIM type (`MI_Type`).
pub(crate) enum Value<'a> {
    Boolean(bool),
    /// `MI_UINT8` .. `MI_UINT64`.
    Unsigned(u64),
    /// `MI_SINT8` .. `MI_SINT64`.
    Signed(i64),
    Real32(f32),
    Real64(f64),
    /// A UTF-16 code unit.
    Char16(u16),
    String(Cow<'a, str>),
    Datetime(Datetime),
    Reference(Box<dyn Row + 'a>),
    Instance(Box<dyn Row + 'a>),
    /// Any array type: WQL compares no arrays (only `IS [NOT] NULL` works on them).
    Array,
}

/// `MI_Datetime` without the union.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Datetime {
    Timestamp {
        year: u32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
        microseconds: u32,
        /// Offset from UTC in minutes.
        utc: i32,
    },
    Interval {
        days: u32,
        hours: u32,
        minutes: u32,
        seconds: u32,
        microseconds: u32,
    },
}

const MICROS_PER_DAY: i128 = 86_400_000_000;

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian; months outside
/// 1..=12 roll into the neighbouring years).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = year + (month - 1).div_euclid(12);
    let m = (month - 1).rem_euclid(12) + 1;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Datetime {
    /// Timestamps: microseconds since 1970-01-01 UTC. Intervals: microseconds.
    fn micros(&self) -> i128 {
        match *self {
            Datetime::Timestamp {
                year,
                month,
                day,
                hour,
                minute,
                second,
                microseconds,
                utc,
            } => {
                let days = i128::from(days_from_civil(year.into(), month.into(), day.into()));
                let secs = i128::from(hour) * 3600 + i128::from(minute) * 60 + i128::from(second);
                days * MICROS_PER_DAY + secs * 1_000_000 + i128::from(microseconds)
                    - i128::from(utc) * 60_000_000
            }
            Datetime::Interval {
                days,
                hours,
                minutes,
                seconds,
                microseconds,
            } => {
                let secs = i128::from(hours) * 3600 + i128::from(minutes) * 60 + i128::from(seconds);
                i128::from(days) * MICROS_PER_DAY + secs * 1_000_000 + i128::from(microseconds)
            }
        }
    }

    /// The DMTF text (`yyyymmddHHMMSS.mmmmmmsUUU`, `ddddddddHHMMSS.mmmmmm:000`), which
    /// `LIKE` matches against.
    pub(crate) fn to_dmtf(self) -> String {
        match self {
            Datetime::Timestamp {
                year,
                month,
                day,
                hour,
                minute,
                second,
                microseconds,
                utc,
            } => format!(
                "{year:04}{month:02}{day:02}{hour:02}{minute:02}{second:02}.{microseconds:06}{}{:03}",
                if utc < 0 { '-' } else { '+' },
                utc.unsigned_abs()
            ),
            Datetime::Interval {
                days,
                hours,
                minutes,
                seconds,
                microseconds,
            } => format!("{days:08}{hours:02}{minutes:02}{seconds:02}.{microseconds:06}:000"),
        }
    }

    /// Reads DMTF text: exactly 25 characters, all fields digits (`*` wildcards are not
    /// accepted), fields in range (month 1-12, day 1-31, hour < 24, minute < 60, second
    /// < 62: the DMTF format allows leap seconds).
    pub(crate) fn from_dmtf(s: &str) -> Option<Datetime> {
        let b = s.as_bytes();
        if b.len() != 25 || b[14] != b'.' {
            return None;
        }
        let num = |from: usize, to: usize| -> Option<u32> {
            let f = b.get(from..to)?;
            if !f.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(f).ok()?.parse().ok()
        };
        let (hh, mm, ss, us) = (num(8, 10)?, num(10, 12)?, num(12, 14)?, num(15, 21)?);
        if hh >= 24 || mm >= 60 || ss >= 62 {
            return None;
        }
        match b[21] {
            b':' if &b[22..] == b"000" => Some(Datetime::Interval {
                days: num(0, 8)?,
                hours: hh,
                minutes: mm,
                seconds: ss,
                microseconds: us,
            }),
            sign @ (b'+' | b'-') => {
                let (month, day) = (num(4, 6)?, num(6, 8)?);
                if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
                    return None;
                }
                let off = num(22, 25)? as i32;
                Some(Datetime::Timestamp {
                    year: num(0, 4)?,
                    month,
                    day,
                    hour: hh,
                    minute: mm,
                    second: ss,
                    microseconds: us,
                    utc: if sign == b'-' { -off } else { off },
                })
            }
            _ => None,
        }
    }
}

/// An operand after lookup, in the shape comparisons need. `RealLit` is a real *literal*
/// (compared with an `MI_REAL32` property after rounding to `f32`).
pub(crate) enum Operand<'a> {
    Null,
    Bool(bool),
    Int(i128),
    Real32(f32),
    Real64(f64),
    RealLit(f64),
    Char16(u16),
    Str(Cow<'a, str>),
    Datetime(Datetime),
    Instance(Box<dyn Row + 'a>),
    Array,
}

impl<'a> Operand<'a> {
    pub(crate) fn from_value(v: Value<'a>) -> Self {
        match v {
            Value::Boolean(b) => Operand::Bool(b),
            Value::Unsigned(u) => Operand::Int(u.into()),
            Value::Signed(s) => Operand::Int(s.into()),
            Value::Real32(r) => Operand::Real32(r),
            Value::Real64(r) => Operand::Real64(r),
            Value::Char16(c) => Operand::Char16(c),
            Value::String(s) => Operand::Str(s),
            Value::Datetime(d) => Operand::Datetime(d),
            Value::Reference(r) | Value::Instance(r) => Operand::Instance(r),
            Value::Array => Operand::Array,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Operand::Null => "NULL",
            Operand::Bool(_) => "a boolean",
            Operand::Int(_) => "an integer",
            Operand::Real32(_) | Operand::Real64(_) | Operand::RealLit(_) => "a real",
            Operand::Char16(_) => "a char16",
            Operand::Str(_) => "a string",
            Operand::Datetime(_) => "a datetime",
            Operand::Instance(_) => "an instance",
            Operand::Array => "an array",
        }
    }

    /// The text `LIKE` matches: strings, a char16 as a one-character string, a datetime as
    /// its DMTF text.
    pub(crate) fn like_text(&self) -> Option<Cow<'_, str>> {
        match self {
            Operand::Str(s) => Some(Cow::Borrowed(s.as_ref())),
            Operand::Char16(c) => char::from_u32(u32::from(*c)).map(|c| Cow::Owned(c.to_string())),
            Operand::Datetime(d) => Some(Cow::Owned(d.to_dmtf())),
            _ => None,
        }
    }
}

/// How two non-NULL operands relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    Ordered(Ordering),
    /// A NaN is involved: only `<>` holds.
    Unordered,
    /// Booleans: only `=` and `<>` are defined; `true` when equal.
    EqualityOnly(bool),
}

impl Relation {
    fn reverse(self) -> Self {
        match self {
            Relation::Ordered(o) => Relation::Ordered(o.reverse()),
            other => other,
        }
    }
}

fn ordered(o: Option<Ordering>) -> Relation {
    o.map_or(Relation::Unordered, Relation::Ordered)
}

/// An integer against a float, exactly (no rounding of either).
fn int_vs_float(i: i128, f: f64) -> Relation {
    if f.is_nan() {
        return Relation::Unordered;
    }
    // 2^127 as f64 is exact; every i128 is below it and at or above -2^127.
    const LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;
    if f >= LIMIT {
        return Relation::Ordered(Ordering::Less);
    }
    if f < -LIMIT {
        return Relation::Ordered(Ordering::Greater);
    }
    let whole = f.trunc();
    // Exact: |whole| < 2^127 and it is an integer.
    let w = whole as i128;
    match i.cmp(&w) {
        Ordering::Equal => {
            let frac = f - whole;
            Relation::Ordered(if frac > 0.0 {
                Ordering::Less
            } else if frac < 0.0 {
                Ordering::Greater
            } else {
                Ordering::Equal
            })
        }
        o => Relation::Ordered(o),
    }
}

/// CIM string order: case-insensitive, by the lower-case characters (the same folding as
/// name comparison, `strings::cim_eq`).
fn cmp_strings(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()));
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

fn mismatch(a: &Operand<'_>, b: &Operand<'_>) -> Problem {
    Problem::TypeMismatch(format!("{} compared with {}", a.kind(), b.kind()))
}

/// The number a string stands for, for comparing it with a number.
fn number_of(s: &str, other: &Operand<'_>, me: &Operand<'_>) -> Result<Number, Problem> {
    parse_number(s).ok_or_else(|| {
        Problem::TypeMismatch(format!(
            "{s:?} is not a number ({} compared with {})",
            me.kind(),
            other.kind()
        ))
    })
}

/// How `a` relates to `b`, both non-NULL. `Err` when they cannot be compared.
pub(crate) fn relate(a: &Operand<'_>, b: &Operand<'_>) -> Result<Relation, Problem> {
    if let Some(r) = relate_one_way(a, b)? {
        return Ok(r);
    }
    if let Some(r) = relate_one_way(b, a)? {
        return Ok(r.reverse());
    }
    Err(mismatch(a, b))
}

/// The pairs [`relate`] knows, in one orientation; `None` for any other pair.
fn relate_one_way(a: &Operand<'_>, b: &Operand<'_>) -> Result<Option<Relation>, Problem> {
    use Operand as O;
    Ok(Some(match (a, b) {
        (O::Int(x), O::Int(y)) => Relation::Ordered(x.cmp(y)),
        (O::Int(x), O::Real32(y)) => int_vs_float(*x, f64::from(*y)),
        (O::Int(x), O::Real64(y) | O::RealLit(y)) => int_vs_float(*x, *y),
        (O::Real32(x), O::Real32(y)) => ordered(x.partial_cmp(y)),
        (O::Real32(x), O::Real64(y)) => ordered(f64::from(*x).partial_cmp(y)),
        // The literal stands for the nearest MI_REAL32 (so `R = 0.1` finds an f32 0.1).
        (O::Real32(x), O::RealLit(y)) => ordered(x.partial_cmp(&(*y as f32))),
        (O::Real64(x) | O::RealLit(x), O::Real64(y) | O::RealLit(y)) => ordered(x.partial_cmp(y)),
        (O::Bool(x), O::Bool(y)) => Relation::EqualityOnly(x == y),
        (O::Bool(x), O::Int(y)) => Relation::EqualityOnly(i128::from(*x) == *y),
        (O::Str(x), O::Str(y)) => Relation::Ordered(cmp_strings(x, y)),
        (O::Char16(x), O::Char16(y)) => Relation::Ordered(x.cmp(y)),
        (O::Char16(x), O::Int(y)) => Relation::Ordered(i128::from(*x).cmp(y)),
        // Ordinal and case-sensitive, by UTF-16 code units (WQL compares char16 exactly).
        (O::Char16(x), O::Str(y)) => Relation::Ordered(std::iter::once(*x).cmp(y.encode_utf16())),
        (O::Datetime(x), O::Datetime(y)) => match (x, y) {
            (Datetime::Timestamp { .. }, Datetime::Timestamp { .. })
            | (Datetime::Interval { .. }, Datetime::Interval { .. }) => {
                Relation::Ordered(x.micros().cmp(&y.micros()))
            }
            _ => {
                return Err(Problem::TypeMismatch(
                    "a timestamp compared with an interval".into(),
                ));
            }
        },
        // A string against a number, boolean or datetime: the string is read as one.
        (O::Str(s), O::Int(_) | O::Real32(_) | O::Real64(_) | O::RealLit(_)) => {
            let n = match number_of(s, b, a)? {
                Number::Int(i) => O::Int(i),
                Number::Real(r) => O::RealLit(r),
            };
            return relate(&n, b).map(Some);
        }
        (O::Str(s), O::Bool(_)) => {
            let v = if s.eq_ignore_ascii_case("true") {
                true
            } else if s.eq_ignore_ascii_case("false") {
                false
            } else {
                return Err(Problem::TypeMismatch(format!("{s:?} is not TRUE or FALSE")));
            };
            return relate(&O::Bool(v), b).map(Some);
        }
        (O::Str(s), O::Datetime(_)) => {
            let d = Datetime::from_dmtf(s)
                .ok_or_else(|| Problem::TypeMismatch(format!("{s:?} is not a DMTF datetime")))?;
            return relate(&O::Datetime(d), b).map(Some);
        }
        _ => return Ok(None),
    }))
}
