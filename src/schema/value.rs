//! Values of defaults and qualifiers, owned by the model, and their C form.
//!
//! Every scalar and array `MI_Type` but the instance kinds: `MI_REFERENCE`, `MI_INSTANCE`
//! and their arrays never appear as defaults or qualifier values in generated provider code
//! (OMI's generator refuses them) and are not taken from declarations (`Reason::Unsupported`).

use crate::abi::*;
use crate::boundary::MiResult;
use crate::instance::value::{self as ivalue, Mode, Stored};
use crate::strings;

/// An `MI_Datetime`: a point in time or an interval (the interval's padding is not kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Datetime {
    Timestamp(MI_Timestamp),
    Interval {
        days: u32,
        hours: u32,
        minutes: u32,
        seconds: u32,
        microseconds: u32,
    },
}

impl Datetime {
    /// From C: `isTimestamp` non-zero is a timestamp (C's truth, as OMI reads it).
    pub(crate) fn from_c(d: &MI_Datetime) -> Self {
        if d.isTimestamp != 0 {
            // SAFETY: the timestamp member, selected by isTimestamp; plain integers.
            Datetime::Timestamp(unsafe { d.u.timestamp })
        } else {
            // SAFETY: the interval member; plain integers.
            let i = unsafe { d.u.interval };
            Datetime::Interval {
                days: i.days,
                hours: i.hours,
                minutes: i.minutes,
                seconds: i.seconds,
                microseconds: i.microseconds,
            }
        }
    }

    pub(crate) fn to_c(self) -> MI_Datetime {
        match self {
            Datetime::Timestamp(t) => MI_Datetime {
                isTimestamp: 1,
                u: MI_Datetime_u { timestamp: t },
            },
            Datetime::Interval {
                days,
                hours,
                minutes,
                seconds,
                microseconds,
            } => MI_Datetime {
                isTimestamp: 0,
                u: MI_Datetime_u {
                    interval: MI_Interval {
                        days,
                        hours,
                        minutes,
                        seconds,
                        microseconds,
                        ..Default::default()
                    },
                },
            },
        }
    }
}

/// A typed value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Boolean(bool),
    Uint8(u8),
    Sint8(i8),
    Uint16(u16),
    Sint16(i16),
    Uint32(u32),
    Sint32(i32),
    Uint64(u64),
    Sint64(i64),
    Real32(f32),
    Real64(f64),
    Char16(u16),
    Datetime(Datetime),
    String(String),
    BooleanA(Vec<bool>),
    Uint8A(Vec<u8>),
    Sint8A(Vec<i8>),
    Uint16A(Vec<u16>),
    Sint16A(Vec<i16>),
    Uint32A(Vec<u32>),
    Sint32A(Vec<i32>),
    Uint64A(Vec<u64>),
    Sint64A(Vec<i64>),
    Real32A(Vec<f32>),
    Real64A(Vec<f64>),
    Char16A(Vec<u16>),
    DatetimeA(Vec<Datetime>),
    StringA(Vec<String>),
}

/// Whether values of `ty` can be a default or qualifier value (every type but the
/// instance and reference kinds).
pub(crate) fn is_value_type(ty: MI_Type) -> bool {
    ivalue::is_valid_type(ty) && !matches!(ty & !MI_ARRAY, MI_INSTANCE | MI_REFERENCE)
}

/// A plain (non-instance) value read from the `MI_Value` member `ty` selects: the one
/// reader of C values into [`Value`] (the serializers, the WS-Management codec and the
/// handler's options use it). A NULL scalar string is `None` (no value); a NULL string in a
/// string array, an array with NULL data and a non-zero size, text that is not valid and
/// an instance, reference or unknown type are `Err` (`MI_RESULT_INVALID_PARAMETER`,
/// `MI_RESULT_TYPE_MISMATCH` for the instance kinds).
///
/// # Safety
/// `v`'s member for `ty` is set, with pointers valid as the type says (arrays of `size`
/// elements, NUL-terminated strings).
pub(crate) unsafe fn from_mi(ty: MI_Type, v: &MI_Value) -> MiResult<Option<Value>> {
    /// # Safety
    /// `data` is readable for `size` elements when `size > 0`.
    unsafe fn items<T: Copy>(data: *const T, size: u32) -> MiResult<Vec<T>> {
        if size == 0 {
            return Ok(Vec::new());
        }
        if data.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: non-NULL (checked) and `size` readable elements (this function's contract).
        Ok(unsafe { std::slice::from_raw_parts(data, size as usize) }.to_vec())
    }
    // SAFETY: each arm reads the member `ty` selects, whose pointers are valid (contract).
    unsafe {
        let a = v.array;
        macro_rules! arr {
            ($t:ty) => {
                items(a.data.cast::<$t>().cast_const(), a.size)?
            };
        }
        Ok(Some(match ty {
            MI_BOOLEAN => Value::Boolean(v.boolean != 0),
            MI_UINT8 => Value::Uint8(v.uint8),
            MI_SINT8 => Value::Sint8(v.sint8),
            MI_UINT16 => Value::Uint16(v.uint16),
            MI_SINT16 => Value::Sint16(v.sint16),
            MI_UINT32 => Value::Uint32(v.uint32),
            MI_SINT32 => Value::Sint32(v.sint32),
            MI_UINT64 => Value::Uint64(v.uint64),
            MI_SINT64 => Value::Sint64(v.sint64),
            MI_REAL32 => Value::Real32(v.real32),
            MI_REAL64 => Value::Real64(v.real64),
            MI_CHAR16 => Value::Char16(v.char16),
            MI_DATETIME => Value::Datetime(Datetime::from_c(&v.datetime)),
            MI_STRING => match strings::utf8(v.string)? {
                Some(s) => Value::String(s),
                None => return Ok(None),
            },
            MI_BOOLEANA => Value::BooleanA(arr!(MI_Boolean).into_iter().map(|b| b != 0).collect()),
            MI_UINT8A => Value::Uint8A(arr!(u8)),
            MI_SINT8A => Value::Sint8A(arr!(i8)),
            MI_UINT16A => Value::Uint16A(arr!(u16)),
            MI_SINT16A => Value::Sint16A(arr!(i16)),
            MI_UINT32A => Value::Uint32A(arr!(u32)),
            MI_SINT32A => Value::Sint32A(arr!(i32)),
            MI_UINT64A => Value::Uint64A(arr!(u64)),
            MI_SINT64A => Value::Sint64A(arr!(i64)),
            MI_REAL32A => Value::Real32A(arr!(f32)),
            MI_REAL64A => Value::Real64A(arr!(f64)),
            MI_CHAR16A => Value::Char16A(arr!(u16)),
            MI_DATETIMEA => Value::DatetimeA(arr!(MI_Datetime).iter().map(Datetime::from_c).collect()),
            MI_STRINGA => {
                let mut out = Vec::new();
                for p in arr!(*const MI_Char) {
                    out.push(strings::utf8(p)?.ok_or(MI_RESULT_INVALID_PARAMETER)?);
                }
                Value::StringA(out)
            }
            t if matches!(t & !MI_ARRAY, MI_INSTANCE | MI_REFERENCE) => return Err(MI_RESULT_TYPE_MISMATCH),
            _ => return Err(MI_RESULT_INVALID_PARAMETER),
        }))
    }
}

/// A temporary C view of an array: the data stays in `keep` while the view is used.
fn array_view<T: Copy, C>(items: &[T], conv: impl Fn(T) -> C) -> (Vec<C>, MI_Array) {
    let keep: Vec<C> = items.iter().map(|&x| conv(x)).collect();
    let arr = MI_Array {
        data: keep.as_ptr().cast_mut().cast(),
        size: keep.len() as MI_Uint32,
    };
    (keep, arr)
}

impl Value {
    /// The value's `MI_Type`.
    pub(crate) fn ty(&self) -> MI_Type {
        match self {
            Value::Boolean(_) => MI_BOOLEAN,
            Value::Uint8(_) => MI_UINT8,
            Value::Sint8(_) => MI_SINT8,
            Value::Uint16(_) => MI_UINT16,
            Value::Sint16(_) => MI_SINT16,
            Value::Uint32(_) => MI_UINT32,
            Value::Sint32(_) => MI_SINT32,
            Value::Uint64(_) => MI_UINT64,
            Value::Sint64(_) => MI_SINT64,
            Value::Real32(_) => MI_REAL32,
            Value::Real64(_) => MI_REAL64,
            Value::Char16(_) => MI_CHAR16,
            Value::Datetime(_) => MI_DATETIME,
            Value::String(_) => MI_STRING,
            Value::BooleanA(_) => MI_BOOLEANA,
            Value::Uint8A(_) => MI_UINT8A,
            Value::Sint8A(_) => MI_SINT8A,
            Value::Uint16A(_) => MI_UINT16A,
            Value::Sint16A(_) => MI_SINT16A,
            Value::Uint32A(_) => MI_UINT32A,
            Value::Sint32A(_) => MI_SINT32A,
            Value::Uint64A(_) => MI_UINT64A,
            Value::Sint64A(_) => MI_SINT64A,
            Value::Real32A(_) => MI_REAL32A,
            Value::Real64A(_) => MI_REAL64A,
            Value::Char16A(_) => MI_CHAR16A,
            Value::DatetimeA(_) => MI_DATETIMEA,
            Value::StringA(_) => MI_STRINGA,
        }
    }

    /// The strings this value holds (to check them).
    pub(crate) fn strings(&self) -> impl Iterator<Item = &str> {
        let list: &[String] = match self {
            Value::String(s) => std::slice::from_ref(s),
            Value::StringA(v) => v,
            _ => &[],
        };
        list.iter().map(String::as_str)
    }

    /// Number of array elements (1 for a scalar).
    pub(crate) fn len(&self) -> usize {
        match self {
            Value::BooleanA(v) => v.len(),
            Value::Uint8A(v) => v.len(),
            Value::Sint8A(v) => v.len(),
            Value::Uint16A(v) | Value::Char16A(v) => v.len(),
            Value::Sint16A(v) => v.len(),
            Value::Uint32A(v) => v.len(),
            Value::Sint32A(v) => v.len(),
            Value::Uint64A(v) => v.len(),
            Value::Sint64A(v) => v.len(),
            Value::Real32A(v) => v.len(),
            Value::Real64A(v) => v.len(),
            Value::DatetimeA(v) => v.len(),
            Value::StringA(v) => v.len(),
            _ => 1,
        }
    }

    /// The value in C form, in memory the library owns (the `MI_Value` member its type
    /// selects, with strings and array data behind it). Strings must not contain NUL
    /// (the model checks) — a NUL would end the C string there.
    pub(crate) fn to_stored(&self) -> MiResult<Stored> {
        let mut v = ivalue::zero_value();
        // Temporary buffers the view points into; `store` copies them.
        let mut _chars: Vec<Box<[MI_Char]>> = Vec::new();
        let mut _ptrs: Vec<*mut MI_Char> = Vec::new();
        let mut _keep: Option<Box<dyn std::any::Any>> = None;
        macro_rules! arr {
            ($items:expr, $conv:expr) => {{
                let (keep, arr) = array_view($items, $conv);
                v.array = arr;
                _keep = Some(Box::new(keep));
            }};
        }
        match self {
            Value::Boolean(b) => v.boolean = MI_Boolean::from(*b),
            Value::Uint8(x) => v.uint8 = *x,
            Value::Sint8(x) => v.sint8 = *x,
            Value::Uint16(x) => v.uint16 = *x,
            Value::Sint16(x) => v.sint16 = *x,
            Value::Uint32(x) => v.uint32 = *x,
            Value::Sint32(x) => v.sint32 = *x,
            Value::Uint64(x) => v.uint64 = *x,
            Value::Sint64(x) => v.sint64 = *x,
            Value::Real32(x) => v.real32 = *x,
            Value::Real64(x) => v.real64 = *x,
            Value::Char16(x) => v.char16 = *x,
            Value::Datetime(d) => v.datetime = d.to_c(),
            Value::String(s) => {
                // The pointer is taken where the buffer stays (moving a Box retags it).
                _chars.push(strings::encode(s));
                v.string = _chars[0].as_ptr().cast_mut();
            }
            Value::BooleanA(xs) => arr!(xs, MI_Boolean::from),
            Value::Uint8A(xs) => arr!(xs, |x| x),
            Value::Sint8A(xs) => arr!(xs, |x| x),
            Value::Uint16A(xs) | Value::Char16A(xs) => arr!(xs, |x| x),
            Value::Sint16A(xs) => arr!(xs, |x| x),
            Value::Uint32A(xs) => arr!(xs, |x| x),
            Value::Sint32A(xs) => arr!(xs, |x| x),
            Value::Uint64A(xs) => arr!(xs, |x| x),
            Value::Sint64A(xs) => arr!(xs, |x| x),
            Value::Real32A(xs) => arr!(xs, |x| x),
            Value::Real64A(xs) => arr!(xs, |x| x),
            Value::DatetimeA(xs) => arr!(xs, Datetime::to_c),
            Value::StringA(xs) => {
                _chars = xs.iter().map(|s| strings::encode(s)).collect();
                _ptrs = _chars.iter().map(|c| c.as_ptr().cast_mut()).collect();
                v.stringa = MI_StringA {
                    data: _ptrs.as_mut_ptr(),
                    size: _ptrs.len() as MI_Uint32,
                };
            }
        }
        // SAFETY: `v`'s member for this type is set above and points only into the
        // buffers held in this frame (NUL-terminated strings, arrays of `size` elements),
        // which outlive the call; `store` copies them.
        let stored = unsafe { ivalue::store(self.ty(), &v, Mode::Copy) }?;
        stored.ok_or(MI_RESULT_FAILED)
    }
}
