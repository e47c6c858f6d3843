//! Parsed instances to library instances (`crate::instance::Instance`, dynamic).
//!
//! With a class model (the caller's [`Classes`]: "the class called X", from its schema
//! cache or the operation's class) every property gets its declared type (every MI type,
//! arrays, embedded instances, references, the five datetime forms, booleans in any case,
//! reals with INF/NaN), keys are flagged from the schema, and declared properties the
//! server left out are NULL. A value that does not convert is an error naming the
//! property. Without a model: `MI_STRING` (`MI_STRINGA` for repeated elements), as OMI's
//! client does, except that embedded instances and references stay instances; keys are
//! flagged from the EPR or the request's selectors.

use super::WsError;
use super::datetime;
use super::response::{Epr, RawInstance, RawProp, RawValue, SelectorValue};
use crate::abi::*;
use crate::instance::Instance;
use crate::instance::value::{self as ivalue, Mode, OwnedInstance, Stored};
use crate::schema::model::{ClassModel, Property};
use crate::schema::value::{Datetime, Value};
use crate::strings::Name;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Where class models come from: the class called `name`, if known.
pub(crate) trait Classes {
    fn class(&self, name: &str) -> Option<Arc<ClassModel>>;
}

impl<F: Fn(&str) -> Option<Arc<ClassModel>>> Classes for F {
    fn class(&self, name: &str) -> Option<Arc<ClassModel>> {
        self(name)
    }
}

/// No schema at all (OMI parity: strings).
pub(crate) struct NoClasses;

impl Classes for NoClasses {
    fn class(&self, _: &str) -> Option<Arc<ClassModel>> {
        None
    }
}

/// How to build instances.
#[derive(Clone, Copy)]
pub(crate) struct Typing<'a> {
    /// The instance table new instances get (the library's `MI_InstanceFT`).
    pub(crate) ft: &'static MI_InstanceFT,
    pub(crate) classes: &'a dyn Classes,
    /// The namespace and server name to set on results (`None`: the EPR's, if any).
    pub(crate) namespace: Option<&'a str>,
    pub(crate) server: Option<&'a str>,
}

fn err(class: &str, prop: &str, what: impl std::fmt::Display) -> WsError {
    WsError::new(
        MI_RESULT_TYPE_MISMATCH,
        format!("property `{prop}` of `{class}` in the response: {what}"),
    )
}

/// The class model for an instance: by its own class name, or `fallback`'s.
fn model_for(t: &Typing<'_>, class: &str, fallback: Option<&str>) -> Option<Arc<ClassModel>> {
    if !class.is_empty()
        && let Some(m) = t.classes.class(class)
    {
        return Some(m);
    }
    fallback
        .and_then(|f| t.classes.class(f))
        .or_else(|| builtin(class))
}

/// Models of the error classes, so that extended errors are typed without a schema.
fn builtin(class: &str) -> Option<Arc<ClassModel>> {
    if !(class.eq_ignore_ascii_case("OMI_Error") || class.eq_ignore_ascii_case("CIM_Error")) {
        return None;
    }
    let mut m = ClassModel::new(class);
    let p = |n: &str, ty| Property::new(n, ty);
    m.properties = vec![
        p("OwningEntity", MI_STRING),
        p("MessageID", MI_STRING),
        p("Message", MI_STRING),
        p("MessageArguments", MI_STRINGA),
        p("PerceivedSeverity", MI_UINT16),
        p("ProbableCause", MI_UINT16),
        p("ProbableCauseDescription", MI_STRING),
        p("RecommendedActions", MI_STRINGA),
        p("ErrorSource", MI_STRING),
        p("ErrorSourceFormat", MI_UINT16),
        p("OtherErrorSourceFormat", MI_STRING),
        p("CIMStatusCode", MI_UINT32),
        p("CIMStatusCodeDescription", MI_STRING),
        p("ErrorType", MI_UINT16),
        p("OtherErrorType", MI_STRING),
    ];
    if class.eq_ignore_ascii_case("OMI_Error") {
        m.properties.extend([
            p("OMI_Code", MI_UINT32),
            p("OMI_Category", MI_UINT16),
            p("OMI_Type", MI_STRING),
            p("OMI_ErrorMessage", MI_STRING),
        ]);
    }
    Some(Arc::new(m))
}

/// The library instance for `raw`. `keys` are key names known from the request (Get's
/// selectors), used with the EPR's when there is no schema.
pub(crate) fn to_instance(
    raw: &RawInstance,
    t: &Typing<'_>,
    keys: &[&str],
) -> Result<OwnedInstance, WsError> {
    build(raw, t, keys, None, 0, true)
}

/// The output of a method: ReturnValue typed as the method's return type, out-parameters
/// as declared (the method of `class`; the instance's class is the method name).
pub(crate) fn method_output(
    raw: &RawInstance,
    t: &Typing<'_>,
    class: &str,
) -> Result<OwnedInstance, WsError> {
    let method = t.classes.class(class).and_then(|m| {
        let mut cur = Some(m);
        while let Some(c) = cur {
            if let Some(me) = c
                .methods
                .iter()
                .find(|me| me.name.as_str().eq_ignore_ascii_case(&raw.class))
            {
                return Some(me.clone());
            }
            cur = c.parent.clone();
        }
        None
    });
    // The output is named after the method, as OMI's library and its host name it (OMI's
    // omicli prints `instance of Add`).
    let model = method.map(|me| {
        let mut m = ClassModel::new(me.name.as_str());
        m.flags = MI_FLAG_CLASS;
        // (MI_BOOLEAN is 0: every return type, boolean included, is a ReturnValue.)
        let mut r = Property::new("ReturnValue", me.return_type);
        r.class_name = me.return_class.clone();
        m.properties.push(r);
        for p in me.parameters.iter().filter(|p| p.flags & MI_FLAG_OUT != 0) {
            let mut q = Property::new(p.name.as_str(), p.ty);
            q.class_name = p.class_name.clone();
            q.qualifiers = p.qualifiers.clone();
            m.properties.push(q);
        }
        Arc::new(m)
    });
    let mut named = raw.clone();
    if let Some(m) = &model {
        named.class = m.name.as_str().to_owned();
    }
    // Only what the server sent: a parameter declared in and out but not returned is
    // not an output.
    build(&named, t, &[], model, 0, false)
}

fn new_instance(t: &Typing<'_>, class: &str) -> Result<OwnedInstance, WsError> {
    let p = Instance::new_dynamic(t.ft, class).map_err(|r| {
        WsError::new(
            if r == MI_RESULT_INVALID_PARAMETER {
                MI_RESULT_FAILED
            } else {
                r
            },
            format!("the response names an invalid class {class:?}"),
        )
    })?;
    // SAFETY: a live instance just made, owned by nothing else.
    Ok(unsafe { OwnedInstance::adopt(p) })
}

fn with<R>(inst: &OwnedInstance, t: &Typing<'_>, f: impl FnOnce(&mut Instance) -> R) -> R {
    // SAFETY: `inst` is ours, live, and no other reference to it exists while `f` runs.
    let i = unsafe { Instance::resolve_mut(inst.as_ptr(), t.ft) }.expect("a fresh instance of ours");
    f(i)
}

fn build(
    raw: &RawInstance,
    t: &Typing<'_>,
    keys: &[&str],
    model: Option<Arc<ClassModel>>,
    depth: usize,
    fill_absent: bool,
) -> Result<OwnedInstance, WsError> {
    if depth >= crate::instance::MAX_EMBEDDING {
        return Err(WsError::new(
            MI_RESULT_SERVER_LIMITS_EXCEEDED,
            "instances nested too deeply",
        ));
    }
    let model = model.or_else(|| model_for(t, &raw.class, None));
    let class = if raw.class.is_empty() {
        model.as_ref().map_or("", |m| m.name.as_str()).to_owned()
    } else {
        raw.class.clone()
    };
    if class.is_empty() {
        return Err(WsError::new(
            MI_RESULT_FAILED,
            "an instance in the response has no class name",
        ));
    }
    let inst = new_instance(t, &class)?;
    let ns = t
        .namespace
        .map(str::to_owned)
        .or_else(|| raw.epr.as_ref().and_then(Epr::namespace));
    with(&inst, t, |i| {
        i.set_namespace(ns.as_deref().map(Name::new));
        i.set_server_name(t.server.map(Name::new));
    });
    // Names compare case-insensitively (CIM); lookups by a lowercase index keep large
    // instances linear.
    let fold = |n: &str| n.to_lowercase();
    let mut by_name: HashMap<String, usize> = HashMap::with_capacity(raw.props.len());
    for (k, rp) in raw.props.iter().enumerate() {
        if by_name.insert(fold(&rp.name), k).is_some() {
            return Err(err(&class, &rp.name, "appears twice"));
        }
    }
    let mut key_names: HashSet<String> = keys.iter().map(|k| fold(k)).collect();
    if let Some(e) = &raw.epr {
        key_names.extend(e.keys().map(|s| fold(&s.name)));
    }
    let mut done = vec![false; raw.props.len()];
    let mut declared: HashSet<String> = HashSet::new();
    if let Some(m) = &model {
        for p in &m.properties {
            let folded = fold(p.name.as_str());
            if !declared.insert(folded.clone()) {
                continue;
            }
            let (ty, stored) = match by_name.get(&folded) {
                Some(&k) => {
                    done[k] = true;
                    typed_value(&raw.props[k], p.ty, p, &class, t, depth)?
                }
                None if fill_absent => (p.ty, None),
                None => continue,
            };
            let wire_key = key_names.contains(&folded);
            let flags = (p.flags & MI_FLAG_KEY) | if wire_key { MI_FLAG_KEY } else { 0 };
            with(&inst, t, |i| i.push_stored(p.name.as_str(), ty, flags, stored)).map_err(|r| {
                WsError::new(
                    r,
                    format!("cannot add property `{}` to `{class}`", p.name.as_str()),
                )
            })?;
        }
    }
    for (k, rp) in raw.props.iter().enumerate() {
        if done[k] {
            continue;
        }
        let (ty, stored) = untyped_value(rp, &class, t, depth)?;
        let flags = if key_names.contains(&fold(&rp.name)) {
            MI_FLAG_KEY
        } else {
            0
        };
        with(&inst, t, |i| i.push_stored(&rp.name, ty, flags, stored)).map_err(|r| match r {
            MI_RESULT_SERVER_LIMITS_EXCEEDED => {
                WsError::new(r, format!("`{class}` in the response has too many properties"))
            }
            _ => err(&class, &rp.name, "is not a valid property name"),
        })?;
    }
    Ok(inst)
}

fn plain(v: Value, class: &str, prop: &str) -> Result<Option<Stored>, WsError> {
    if v.strings().any(|s| s.contains('\0')) {
        return Err(err(class, prop, "a string holds a NUL character"));
    }
    v.to_stored()
        .map(Some)
        .map_err(|r| WsError::new(r, format!("property `{prop}` of `{class}`: value too large")))
}

fn instances(list: Vec<OwnedInstance>, ty: MI_Type) -> Result<Option<Stored>, WsError> {
    let mut v = ivalue::zero_value();
    if ty & MI_ARRAY == 0 {
        let Some(one) = list.into_iter().next() else {
            return Ok(None);
        };
        v.instance = one.release();
        // SAFETY: a live instance of ours that nothing else owns; adopted by the value.
        return unsafe { ivalue::store(ty, &v, Mode::Adopt) }
            .map_err(|r| WsError::new(r, "cannot store an instance"));
    }
    let ptrs: Vec<*mut MI_Instance> = list.iter().map(OwnedInstance::as_ptr).collect();
    v.instancea = MI_InstanceA {
        data: ptrs.as_ptr().cast_mut(),
        size: ptrs.len() as MI_Uint32,
    };
    // SAFETY: `ptrs` holds live instances of ours for the call; `Copy` clones them (the
    // originals are freed when `list` drops).
    unsafe { ivalue::store(ty, &v, Mode::Copy) }.map_err(|r| WsError::new(r, "cannot store instances"))
}

fn is_nil_only(rp: &RawProp) -> bool {
    rp.null_array || rp.values.iter().all(|v| matches!(v, RawValue::Nil))
}

/// A property without a declaration.
fn untyped_value(
    rp: &RawProp,
    class: &str,
    t: &Typing<'_>,
    depth: usize,
) -> Result<(MI_Type, Option<Stored>), WsError> {
    let array = rp.values.len() > 1;
    if is_nil_only(rp) {
        return Ok((if array { MI_STRINGA } else { MI_STRING }, None));
    }
    let values: Vec<&RawValue> = rp.values.iter().filter(|v| !matches!(v, RawValue::Nil)).collect();
    match values[0] {
        RawValue::Text(_) | RawValue::Datetime(..) => {
            let mut texts = Vec::with_capacity(values.len());
            for v in &values {
                match v {
                    RawValue::Text(s) | RawValue::Datetime(s, _) => texts.push(s.clone()),
                    _ => return Err(err(class, &rp.name, "mixes text and instance values")),
                }
            }
            if array {
                Ok((MI_STRINGA, plain(Value::StringA(texts), class, &rp.name)?))
            } else {
                let s = texts.pop().unwrap_or_default();
                Ok((MI_STRING, plain(Value::String(s), class, &rp.name)?))
            }
        }
        RawValue::Instance(_) | RawValue::Reference(_) => {
            let reference = matches!(values[0], RawValue::Reference(_));
            let ty = match (reference, array) {
                (false, false) => MI_INSTANCE,
                (false, true) => MI_INSTANCEA,
                (true, false) => MI_REFERENCE,
                (true, true) => MI_REFERENCEA,
            };
            let list = nested(&values, ty, None, class, &rp.name, t, depth)?;
            Ok((ty, instances(list, ty)?))
        }
        RawValue::Nil => Ok((MI_STRING, None)),
    }
}

/// Embedded instances / references of a property (`declared`: the declared class).
fn nested(
    values: &[&RawValue],
    ty: MI_Type,
    declared: Option<&str>,
    class: &str,
    prop: &str,
    t: &Typing<'_>,
    depth: usize,
) -> Result<Vec<OwnedInstance>, WsError> {
    let reference = ty & !MI_ARRAY == MI_REFERENCE;
    let mut out = Vec::with_capacity(values.len());
    for v in values {
        let raw = match (v, reference) {
            (RawValue::Instance(i), false) => (**i).clone(),
            (RawValue::Reference(e), true) => {
                let mut r = RawInstance::from_epr(e);
                if r.class.is_empty() {
                    r.class = declared.unwrap_or("").to_owned();
                }
                r
            }
            (RawValue::Nil, _) => return Err(err(class, prop, "an array holds a NULL element")),
            (_, false) => return Err(err(class, prop, "expected an embedded instance")),
            (_, true) => return Err(err(class, prop, "expected a reference (an EPR)")),
        };
        let model = model_for(t, &raw.class, declared);
        let inner_t = Typing {
            namespace: if reference { None } else { t.namespace },
            ..*t
        };
        let mut raw = raw;
        if raw.class.is_empty()
            && let Some(m) = &model
        {
            raw.class = m.name.as_str().to_owned();
        }
        out.push(
            build(&raw, &inner_t, &[], model, depth + 1, true).map_err(|e| WsError {
                message: format!("property `{prop}` of `{class}`: {}", e.message),
                ..e
            })?,
        );
    }
    Ok(out)
}

/// The class an embedded-instance property declares (`EmbeddedInstance` qualifier or the
/// property's class).
fn declared_class(p: &Property) -> Option<String> {
    if let Some(c) = &p.class_name {
        return Some(c.as_str().to_owned());
    }
    p.qualifiers
        .iter()
        .find(|q| q.name.as_str().eq_ignore_ascii_case("EmbeddedInstance"))
        .and_then(|q| match &q.value {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        })
}

fn is_embedded_object(p: &Property) -> bool {
    p.qualifiers.iter().any(|q| {
        let n = q.name.as_str();
        (n.eq_ignore_ascii_case("EmbeddedObject") || n.eq_ignore_ascii_case("EmbeddedInstance"))
            && !matches!(q.value, Some(Value::Boolean(false)))
    })
}

pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("true") || s == "1" {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") || s == "0" {
        Some(false)
    } else {
        None
    }
}

pub(crate) fn parse_int<T: TryFrom<i128>>(s: &str) -> Option<T> {
    let s = s.trim();
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mag: i128 = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        i128::from_str_radix(h, 16).ok()?
    } else {
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) || body.len() > 30 {
            return None;
        }
        body.parse().ok()?
    };
    T::try_from(if neg { -mag } else { mag }).ok()
}

fn parse_real(s: &str) -> Option<f64> {
    let s = s.trim();
    match s {
        "INF" | "+INF" | "Infinity" | "inf" => Some(f64::INFINITY),
        "-INF" | "-Infinity" | "-inf" => Some(f64::NEG_INFINITY),
        "NaN" | "nan" | "NAN" => Some(f64::NAN),
        _ if s
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
            && !s.is_empty() =>
        {
            s.parse().ok()
        }
        _ => None,
    }
}

fn parse_char16(s: &str) -> Option<u16> {
    let mut units = s.encode_utf16();
    if let (Some(u), None) = (units.next(), units.next())
        && !s.bytes().all(|b| b.is_ascii_digit())
    {
        return Some(u);
    }
    parse_int::<u16>(s)
}

/// The datetime a value stands for.
fn to_datetime(v: &RawValue) -> Option<Datetime> {
    match v {
        RawValue::Datetime(_, d) => *d,
        RawValue::Text(s) => datetime::parse_any(s.trim()),
        _ => None,
    }
}

/// A declared property's value.
fn typed_value(
    rp: &RawProp,
    ty: MI_Type,
    p: &Property,
    class: &str,
    t: &Typing<'_>,
    depth: usize,
) -> Result<(MI_Type, Option<Stored>), WsError> {
    let name = &rp.name;
    if is_nil_only(rp) {
        return Ok((ty, None));
    }
    let array = ty & MI_ARRAY != 0;
    let values: Vec<&RawValue> = rp.values.iter().collect();
    if !array && values.len() > 1 {
        return Err(err(
            class,
            name,
            format!("{} values for a scalar property", values.len()),
        ));
    }
    if values.iter().any(|v| matches!(v, RawValue::Nil)) {
        return Err(err(class, name, "an array holds a NULL element"));
    }
    let base = ty & !MI_ARRAY;
    // A string declared `EmbeddedObject` / `EmbeddedInstance` that arrives as an embedded
    // instance is one: it becomes MI_INSTANCE(A), as MI's generated declarations have it.
    let embedded_string = base == MI_STRING
        && is_embedded_object(p)
        && values.iter().all(|v| matches!(v, RawValue::Instance(_)));
    if matches!(base, MI_INSTANCE | MI_REFERENCE) || embedded_string {
        let ty = if embedded_string {
            MI_INSTANCE | (ty & MI_ARRAY)
        } else {
            ty
        };
        let declared = declared_class(p);
        let list = nested(&values, ty, declared.as_deref(), class, name, t, depth)?;
        return Ok((ty, instances(list, ty)?));
    }
    if rp.base64 && ty == MI_UINT8A && values.len() == 1 {
        let RawValue::Text(s) = values[0] else {
            return Err(err(class, name, "expected base64 text"));
        };
        let bytes = base64_decode(s).ok_or_else(|| err(class, name, "invalid base64 (cimBase64Binary)"))?;
        return Ok((ty, plain(Value::Uint8A(bytes), class, name)?));
    }
    let text = |v: &RawValue| -> Result<String, WsError> {
        match v {
            RawValue::Text(s) | RawValue::Datetime(s, _) => Ok(s.clone()),
            RawValue::Instance(_) if is_embedded_object(p) => Err(err(
                class,
                name,
                "an embedded instance for a string-typed EmbeddedObject property is not supported",
            )),
            _ => Err(err(class, name, "expected text, found an instance or reference")),
        }
    };
    macro_rules! conv {
        ($f:expr, $what:expr) => {{
            let mut out = Vec::with_capacity(values.len());
            for v in &values {
                let s = text(v)?;
                out.push($f(&s).ok_or_else(|| err(class, name, format!("{:?} is not {}", s, $what)))?);
            }
            out
        }};
    }
    let dt = |v: &&RawValue| to_datetime(v);
    let value = match base {
        MI_BOOLEAN => {
            let xs = conv!(parse_bool, "a boolean");
            if array {
                Value::BooleanA(xs)
            } else {
                Value::Boolean(xs[0])
            }
        }
        MI_UINT8 => {
            let xs = conv!(parse_int::<u8>, "a uint8");
            if array {
                Value::Uint8A(xs)
            } else {
                Value::Uint8(xs[0])
            }
        }
        MI_SINT8 => {
            let xs = conv!(parse_int::<i8>, "a sint8");
            if array {
                Value::Sint8A(xs)
            } else {
                Value::Sint8(xs[0])
            }
        }
        MI_UINT16 => {
            let xs = conv!(parse_int::<u16>, "a uint16");
            if array {
                Value::Uint16A(xs)
            } else {
                Value::Uint16(xs[0])
            }
        }
        MI_SINT16 => {
            let xs = conv!(parse_int::<i16>, "a sint16");
            if array {
                Value::Sint16A(xs)
            } else {
                Value::Sint16(xs[0])
            }
        }
        MI_UINT32 => {
            let xs = conv!(parse_int::<u32>, "a uint32");
            if array {
                Value::Uint32A(xs)
            } else {
                Value::Uint32(xs[0])
            }
        }
        MI_SINT32 => {
            let xs = conv!(parse_int::<i32>, "a sint32");
            if array {
                Value::Sint32A(xs)
            } else {
                Value::Sint32(xs[0])
            }
        }
        MI_UINT64 => {
            let xs = conv!(parse_int::<u64>, "a uint64");
            if array {
                Value::Uint64A(xs)
            } else {
                Value::Uint64(xs[0])
            }
        }
        MI_SINT64 => {
            let xs = conv!(parse_int::<i64>, "a sint64");
            if array {
                Value::Sint64A(xs)
            } else {
                Value::Sint64(xs[0])
            }
        }
        MI_REAL32 => {
            let xs: Vec<f32> = conv!(|s: &str| parse_real(s).map(|x| x as f32), "a real32");
            if array {
                Value::Real32A(xs)
            } else {
                Value::Real32(xs[0])
            }
        }
        MI_REAL64 => {
            let xs = conv!(parse_real, "a real64");
            if array {
                Value::Real64A(xs)
            } else {
                Value::Real64(xs[0])
            }
        }
        MI_CHAR16 => {
            let xs = conv!(parse_char16, "a char16");
            if array {
                Value::Char16A(xs)
            } else {
                Value::Char16(xs[0])
            }
        }
        MI_DATETIME => {
            let mut xs = Vec::with_capacity(values.len());
            for v in &values {
                xs.push(dt(v).ok_or_else(|| {
                    let shown = match v {
                        RawValue::Text(s) | RawValue::Datetime(s, _) => format!("{s:?}"),
                        _ => "an instance".into(),
                    };
                    err(class, name, format!("{shown} is not a datetime"))
                })?);
            }
            if array {
                Value::DatetimeA(xs)
            } else {
                Value::Datetime(xs[0])
            }
        }
        MI_STRING => {
            let mut xs = Vec::with_capacity(values.len());
            for v in &values {
                xs.push(text(v)?);
            }
            if array {
                Value::StringA(xs)
            } else {
                Value::String(xs.pop().unwrap_or_default())
            }
        }
        _ => return Err(err(class, name, format!("unsupported declared type {ty}"))),
    };
    Ok((ty, plain(value, class, name)?))
}

/// Standard base64 (padding optional, XML whitespace ignored).
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut pad = 0;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                pad += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        if pad > 0 {
            return None;
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (pad <= 2).then_some(out)
}

/// The key-only instance of an EPR (ResourceCreated), typed when its class is known.
pub(crate) fn from_epr(e: &Epr, t: &Typing<'_>, class_hint: Option<&str>) -> Result<OwnedInstance, WsError> {
    let mut raw = RawInstance::from_epr(e);
    if raw.class.is_empty() {
        raw.class = class_hint.unwrap_or("").to_owned();
    }
    let keys: Vec<&str> = e
        .keys()
        .filter(|s| matches!(s.value, SelectorValue::Text(_) | SelectorValue::Epr(_)))
        .map(|s| s.name.as_str())
        .collect();
    to_instance(&raw, t, &keys)
}

/// A class model with a property of every MI type (and a method), for tests and the
/// fuzz target: `Sample_Class` (key `Name`), and `Sample_Part` (its embedded class).
pub(crate) fn sample_model(name: &str) -> Option<Arc<ClassModel>> {
    use crate::schema::model::{Method, Parameter};
    if name.eq_ignore_ascii_case("Sample_Part") {
        let mut m = ClassModel::new("Sample_Part");
        m.properties = vec![
            Property::new("Size", MI_UINT16),
            Property::new("Label", MI_STRING),
        ];
        return Some(Arc::new(m));
    }
    let mut m = ClassModel::new("Sample_Class");
    let mut key = Property::new("Name", MI_STRING);
    key.flags |= MI_FLAG_KEY;
    m.properties.push(key);
    for (n, ty) in [
        ("B", MI_BOOLEAN),
        ("U8", MI_UINT8),
        ("S8", MI_SINT8),
        ("U16", MI_UINT16),
        ("S16", MI_SINT16),
        ("U32", MI_UINT32),
        ("S32", MI_SINT32),
        ("U64", MI_UINT64),
        ("S64", MI_SINT64),
        ("R32", MI_REAL32),
        ("R64", MI_REAL64),
        ("C16", MI_CHAR16),
        ("DT", MI_DATETIME),
        ("S", MI_STRING),
        ("BA", MI_BOOLEANA),
        ("U8A", MI_UINT8A),
        ("S8A", MI_SINT8A),
        ("U16A", MI_UINT16A),
        ("S16A", MI_SINT16A),
        ("U32A", MI_UINT32A),
        ("S32A", MI_SINT32A),
        ("U64A", MI_UINT64A),
        ("S64A", MI_SINT64A),
        ("R32A", MI_REAL32A),
        ("R64A", MI_REAL64A),
        ("C16A", MI_CHAR16A),
        ("DTA", MI_DATETIMEA),
        ("SA", MI_STRINGA),
    ] {
        m.properties.push(Property::new(n, ty));
    }
    let mut emb = Property::new("Emb", MI_INSTANCE);
    emb.class_name = Some(Name::new("Sample_Part"));
    let mut emba = Property::new("EmbA", MI_INSTANCEA);
    emba.class_name = Some(Name::new("Sample_Part"));
    let mut r = Property::new("Ref", MI_REFERENCE);
    r.class_name = Some(Name::new("Sample_Class"));
    let mut ra = Property::new("RefA", MI_REFERENCEA);
    ra.class_name = Some(Name::new("Sample_Class"));
    m.properties.extend([emb, emba, r, ra]);
    m.methods.push(Method {
        name: Name::new("Go"),
        flags: MI_FLAG_METHOD,
        qualifiers: Vec::new(),
        return_type: MI_UINT32,
        return_class: None,
        return_qualifiers: Vec::new(),
        parameters: vec![
            Parameter {
                name: Name::new("In"),
                ty: MI_STRING,
                flags: MI_FLAG_PARAMETER | MI_FLAG_IN,
                class_name: None,
                subscript: 0,
                qualifiers: Vec::new(),
            },
            Parameter {
                name: Name::new("Out"),
                ty: MI_SINT64A,
                flags: MI_FLAG_PARAMETER | MI_FLAG_OUT,
                class_name: None,
                subscript: 0,
                qualifiers: Vec::new(),
            },
        ],
        origin: None,
        propagator: None,
    });
    Some(Arc::new(m))
}
