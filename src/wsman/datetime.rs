//! `MI_Datetime` on the wire (wsman.md §2): the five forms read, the WinRM form written.
//!
//! * `cim:Datetime`: xs:dateTime, `2013-04-10T16:17:23.5Z` (offset `Z`, `±hh:mm`, or none);
//! * `cim:Interval`: xs:duration, `P1DT2H3M4.5S` (years and months refused: no fixed length);
//! * `cim:Date` (xs:date, `2013-04-10Z`) and `cim:Time` (xs:time, `16:17:23.5+01:00`);
//! * `CIM_DateTime` / bare text: the DMTF string `yyyymmddHHMMSS.mmmmmmsUUU` (timestamp)
//!   or `ddddddddHHMMSS.mmmmmm:000` (interval); bare text may also be xs:dateTime or
//!   xs:duration.

use crate::abi::MI_Timestamp;
use crate::schema::value::Datetime;

fn digits(s: &str, n: usize) -> Option<(u32, &str)> {
    if s.len() < n || !s.as_bytes()[..n].iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

fn expect(s: &str, c: char) -> Option<&str> {
    s.strip_prefix(c)
}

/// Fractional seconds (after the '.') as microseconds, the rest of the text.
fn fraction(s: &str) -> Option<(u32, &str)> {
    let Some(rest) = s.strip_prefix('.') else {
        return Some((0, s));
    };
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 {
        return None;
    }
    let mut us = 0u32;
    for (i, b) in rest.as_bytes()[..n].iter().enumerate() {
        if i < 6 {
            us = us * 10 + u32::from(b - b'0');
        }
    }
    for _ in n..6 {
        us *= 10;
    }
    Some((us, &rest[n..]))
}

/// A timezone suffix: `Z`, `±hh:mm`, or nothing (taken as UTC). Minutes east of UTC.
fn zone(s: &str) -> Option<i32> {
    match s {
        "" | "Z" => Some(0),
        _ => {
            let sign = match s.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (h, r) = digits(&s[1..], 2)?;
            let (m, r) = digits(expect(r, ':')?, 2)?;
            if !r.is_empty() || h > 14 || m > 59 {
                return None;
            }
            Some(sign * (h * 60 + m) as i32)
        }
    }
}

fn check(t: MI_Timestamp) -> Option<Datetime> {
    let ok = t.month <= 12 && t.day <= 31 && t.hour <= 23 && t.minute <= 59 && t.second <= 60;
    ok.then_some(Datetime::Timestamp(t))
}

fn ymd(s: &str) -> Option<(u32, u32, u32, &str)> {
    let s = s.strip_prefix('+').unwrap_or(s);
    let (y, r) = digits(s, 4)?;
    let (mo, r) = digits(expect(r, '-')?, 2)?;
    let (d, r) = digits(expect(r, '-')?, 2)?;
    (mo >= 1 && d >= 1).then_some((y, mo, d, r))
}

fn hms(s: &str) -> Option<(u32, u32, u32, u32, &str)> {
    let (h, r) = digits(s, 2)?;
    let (mi, r) = digits(expect(r, ':')?, 2)?;
    let (se, r) = digits(expect(r, ':')?, 2)?;
    let (us, r) = fraction(r)?;
    Some((h, mi, se, us, r))
}

/// xs:dateTime.
pub(crate) fn parse_xs_datetime(s: &str) -> Option<Datetime> {
    let (year, month, day, r) = ymd(s)?;
    let (hour, minute, second, microseconds, r) = hms(expect(r, 'T')?)?;
    check(MI_Timestamp {
        year,
        month,
        day,
        hour,
        minute,
        second,
        microseconds,
        utc: zone(r)?,
    })
}

/// xs:date.
pub(crate) fn parse_xs_date(s: &str) -> Option<Datetime> {
    let (year, month, day, r) = ymd(s)?;
    check(MI_Timestamp {
        year,
        month,
        day,
        utc: zone(r)?,
        ..MI_Timestamp::default()
    })
}

/// xs:time.
pub(crate) fn parse_xs_time(s: &str) -> Option<Datetime> {
    let (hour, minute, second, microseconds, r) = hms(s)?;
    check(MI_Timestamp {
        hour,
        minute,
        second,
        microseconds,
        utc: zone(r)?,
        ..MI_Timestamp::default()
    })
}

/// xs:duration (days and smaller; `PnY`/`PnM` have no fixed length and are refused;
/// a negative duration too). Carries overflow into days.
pub(crate) fn parse_xs_duration(s: &str) -> Option<Datetime> {
    let mut r = s.strip_prefix('P')?;
    let (mut days, mut hours, mut minutes, mut seconds, mut micro) = (0u64, 0u64, 0u64, 0u64, 0u32);
    let mut in_time = false;
    let mut any = false;
    while !r.is_empty() {
        if let Some(rest) = r.strip_prefix('T') {
            if in_time {
                return None;
            }
            in_time = true;
            r = rest;
            continue;
        }
        let n = r.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || n > 12 {
            return None;
        }
        let num: u64 = r[..n].parse().ok()?;
        r = &r[n..];
        let (frac, rest) = if r.starts_with('.') { fraction(r)? } else { (0, r) };
        r = rest;
        let unit = r.chars().next()?;
        r = &r[unit.len_utf8()..];
        if frac != 0 && !(in_time && unit == 'S') {
            return None;
        }
        match (in_time, unit) {
            (false, 'D') => days = num,
            (true, 'H') => hours = num,
            (true, 'M') => minutes = num,
            (true, 'S') => {
                seconds = num;
                micro = frac;
            }
            _ => return None,
        }
        any = true;
    }
    if !any {
        return None;
    }
    let total_s = seconds + 60 * (minutes + 60 * hours);
    let days = days + total_s / 86_400;
    let rem = total_s % 86_400;
    Some(Datetime::Interval {
        days: u32::try_from(days).ok()?,
        hours: (rem / 3600) as u32,
        minutes: (rem / 60 % 60) as u32,
        seconds: (rem % 60) as u32,
        microseconds: micro,
    })
}

/// The DMTF datetime string (25 characters): `yyyymmddHHMMSS.mmmmmmsUUU` or
/// `ddddddddHHMMSS.mmmmmm:000`. Asterisks (unknown fields) read as zero.
pub(crate) fn parse_dmtf(s: &str) -> Option<Datetime> {
    if s.len() != 25 || !s.is_ascii() {
        return None;
    }
    let clean: String = s.chars().map(|c| if c == '*' { '0' } else { c }).collect();
    let f = |a: usize, b: usize| -> Option<u32> {
        let p = &clean[a..b];
        p.bytes().all(|c| c.is_ascii_digit()).then(|| p.parse().ok())?
    };
    if clean.as_bytes()[14] != b'.' {
        return None;
    }
    let sign = clean.as_bytes()[21];
    if sign == b':' {
        return Some(Datetime::Interval {
            days: f(0, 8)?,
            hours: f(8, 10)?,
            minutes: f(10, 12)?,
            seconds: f(12, 14)?,
            microseconds: f(15, 21)?,
        });
    }
    let off = f(22, 25)? as i32;
    let utc = match sign {
        b'+' => off,
        b'-' => -off,
        _ => return None,
    };
    check(MI_Timestamp {
        year: f(0, 4)?,
        month: f(4, 6)?,
        day: f(6, 8)?,
        hour: f(8, 10)?,
        minute: f(10, 12)?,
        second: f(12, 14)?,
        microseconds: f(15, 21)?,
        utc,
    })
}

/// Bare datetime text: DMTF, then xs:dateTime, xs:duration, xs:date, xs:time.
pub(crate) fn parse_any(s: &str) -> Option<Datetime> {
    parse_dmtf(s)
        .or_else(|| parse_xs_datetime(s))
        .or_else(|| parse_xs_duration(s))
        .or_else(|| parse_xs_date(s))
        .or_else(|| parse_xs_time(s))
}

/// The element the WinRM form uses (`Datetime` or `Interval`) and its text.
pub(crate) fn format_winrm(d: &Datetime) -> (&'static str, String) {
    match *d {
        Datetime::Timestamp(t) => {
            let zone = if t.utc == 0 {
                "Z".to_owned()
            } else {
                let a = t.utc.unsigned_abs();
                format!("{}{:02}:{:02}", if t.utc < 0 { '-' } else { '+' }, a / 60, a % 60)
            };
            (
                "Datetime",
                format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}{}",
                    t.year, t.month, t.day, t.hour, t.minute, t.second, t.microseconds, zone
                ),
            )
        }
        Datetime::Interval {
            days,
            hours,
            minutes,
            seconds,
            microseconds,
        } => (
            "Interval",
            format!("P{days}DT{hours}H{minutes}M{seconds}.{microseconds:06}S"),
        ),
    }
}

/// The DMTF string (selectors and plain text).
pub(crate) fn format_dmtf(d: &Datetime) -> String {
    match *d {
        Datetime::Timestamp(t) => format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}.{:06}{}{:03}",
            t.year % 10000,
            t.month % 100,
            t.day % 100,
            t.hour % 100,
            t.minute % 100,
            t.second % 100,
            t.microseconds % 1_000_000,
            if t.utc < 0 { '-' } else { '+' },
            t.utc.unsigned_abs() % 1000
        ),
        Datetime::Interval {
            days,
            hours,
            minutes,
            seconds,
            microseconds,
        } => format!(
            "{:08}{:02}{:02}{:02}.{:06}:000",
            days % 100_000_000,
            hours % 100,
            minutes % 100,
            seconds % 100,
            microseconds % 1_000_000
        ),
    }
}
