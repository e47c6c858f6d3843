//! Instances going out (wsman.md §2): a plain Rust description of an instance
//! ([`WireInstance`]) and its DSP0230 XML: the instance element, property elements (arrays
//! as repeated siblings, NULL as `xsi:nil`, datetimes in the WinRM `cim:Datetime` /
//! `cim:Interval` form, embedded instances with `xsi:type`, references as EPR content),
//! selector sets (keys; references as nested EPRs) and EPRs.

use super::datetime;
use super::ns;
use super::xml::escape;
use super::{UriStyle, WsError};
use crate::abi::*;
use crate::instance::Instance;
use crate::schema::value::{Datetime, Value};
use std::fmt::Write as _;

/// An instance to send: class, namespace (for references and embedded class URIs; the
/// envelope's namespace when `None`), properties in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WireInstance {
    pub(crate) class: String,
    pub(crate) namespace: Option<String>,
    pub(crate) props: Vec<WireProp>,
}

/// A property: `value` `None` is NULL; `key` puts it in selector sets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WireProp {
    pub(crate) name: String,
    pub(crate) value: Option<WireValue>,
    pub(crate) key: bool,
}

/// A value of any MI type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WireValue {
    Plain(Value),
    Instance(Box<WireInstance>),
    Reference(Box<WireInstance>),
    InstanceA(Vec<WireInstance>),
    ReferenceA(Vec<WireInstance>),
}

impl WireInstance {
    pub(crate) fn new(class: &str) -> Self {
        WireInstance {
            class: class.to_owned(),
            namespace: None,
            props: Vec::new(),
        }
    }

    /// Adds a property (builder style, for callers and tests).
    pub(crate) fn with(mut self, name: &str, value: Option<WireValue>, key: bool) -> Self {
        self.props.push(WireProp {
            name: name.to_owned(),
            value,
            key,
        });
        self
    }

    /// The non-NULL key properties (what a selector set holds).
    pub(crate) fn keys(&self) -> impl Iterator<Item = (&str, &WireValue)> {
        self.props
            .iter()
            .filter(|p| p.key)
            .filter_map(|p| p.value.as_ref().map(|v| (p.name.as_str(), v)))
    }
}

/// Where the class URIs of instances and references point.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UriContext<'a> {
    pub(crate) style: UriStyle,
    /// The envelope's namespace (`root/cimv2` or `root\cimv2`).
    pub(crate) namespace: &'a str,
}

/// The class URI of `class` in `namespace` for a server style (wsman.md §1.1).
pub(crate) fn class_uri(style: UriStyle, namespace: &str, class: &str) -> String {
    match style {
        UriStyle::Wmi => format!("{}{}/{}", ns::WMI_PREFIX, namespace_path(namespace), class),
        UriStyle::Dmtf => format!("{}{}", ns::DMTF_PREFIX, class),
    }
}

/// A namespace as a URI path: backslashes to slashes, no leading or trailing slash.
pub(crate) fn namespace_path(namespace: &str) -> String {
    namespace.replace('\\', "/").trim_matches('/').to_owned()
}

fn real_text(x: f64, single: bool) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "INF".into() } else { "-INF".into() };
    }
    // Plain decimals where they are short, exponent form otherwise (both xs:double);
    // each is the shortest text that reads back as the same value.
    let plain = x == 0.0 || (1e-5..1e16).contains(&x.abs());
    match (single, plain) {
        (true, true) => format!("{}", x as f32),
        (false, true) => format!("{x}"),
        (true, false) => format!("{:e}", x as f32).replace('e', "E"),
        (false, false) => format!("{x:e}").replace('e', "E"),
    }
}

/// The text of one scalar (not datetimes in element form: see [`write_value`]).
pub(crate) fn scalar_texts(v: &Value) -> Vec<String> {
    fn t<T: ToString>(xs: &[T]) -> Vec<String> {
        xs.iter().map(ToString::to_string).collect()
    }
    match v {
        Value::Boolean(b) => vec![b.to_string()],
        Value::Uint8(x) => vec![x.to_string()],
        Value::Sint8(x) => vec![x.to_string()],
        Value::Uint16(x) | Value::Char16(x) => vec![x.to_string()],
        Value::Sint16(x) => vec![x.to_string()],
        Value::Uint32(x) => vec![x.to_string()],
        Value::Sint32(x) => vec![x.to_string()],
        Value::Uint64(x) => vec![x.to_string()],
        Value::Sint64(x) => vec![x.to_string()],
        Value::Real32(x) => vec![real_text(f64::from(*x), true)],
        Value::Real64(x) => vec![real_text(*x, false)],
        Value::Datetime(d) => vec![datetime::format_dmtf(d)],
        Value::String(s) => vec![s.clone()],
        Value::BooleanA(xs) => t(xs),
        Value::Uint8A(xs) => t(xs),
        Value::Sint8A(xs) => t(xs),
        Value::Uint16A(xs) | Value::Char16A(xs) => t(xs),
        Value::Sint16A(xs) => t(xs),
        Value::Uint32A(xs) => t(xs),
        Value::Sint32A(xs) => t(xs),
        Value::Uint64A(xs) => t(xs),
        Value::Sint64A(xs) => t(xs),
        Value::Real32A(xs) => xs.iter().map(|x| real_text(f64::from(*x), true)).collect(),
        Value::Real64A(xs) => xs.iter().map(|x| real_text(*x, false)).collect(),
        Value::DatetimeA(xs) => xs.iter().map(datetime::format_dmtf).collect(),
        Value::StringA(xs) => xs.clone(),
    }
}

fn datetimes(v: &Value) -> Option<&[Datetime]> {
    match v {
        Value::Datetime(d) => Some(std::slice::from_ref(d)),
        Value::DatetimeA(xs) => Some(xs),
        _ => None,
    }
}

/// Writes an instance element `<pD:Class xmlns:pD="uri" xsi:type="pD:Class_Type">` with
/// its properties (D = `depth`; `tag` overrides the element name, for `Method_INPUT`).
pub(crate) fn write_instance(
    out: &mut String,
    inst: &WireInstance,
    cx: UriContext<'_>,
    depth: usize,
    tag: Option<(&str, &str)>,
) {
    let p = format!("p{depth}");
    let nsname = inst.namespace.as_deref().unwrap_or(cx.namespace);
    let (name, uri, ty) = match tag {
        Some((name, uri)) => (name.to_owned(), uri.to_owned(), format!("{name}_Type")),
        None => (
            inst.class.clone(),
            class_uri(cx.style, nsname, &inst.class),
            format!("{}_Type", inst.class),
        ),
    };
    let _ = write!(
        out,
        "<{p}:{name} xmlns:{p}=\"{}\" xsi:type=\"{p}:{ty}\">",
        escape(&uri)
    );
    write_properties(out, inst, cx, depth, &p);
    let _ = write!(out, "</{p}:{name}>");
}

/// The property elements of `inst`, in prefix `p`.
pub(crate) fn write_properties(
    out: &mut String,
    inst: &WireInstance,
    cx: UriContext<'_>,
    depth: usize,
    p: &str,
) {
    for prop in &inst.props {
        let name = &prop.name;
        match &prop.value {
            None => {
                let _ = write!(out, "<{p}:{name} xsi:nil=\"true\"/>");
            }
            Some(v) => write_value(out, p, name, v, cx, depth),
        }
    }
}

fn write_value(out: &mut String, p: &str, name: &str, v: &WireValue, cx: UriContext<'_>, depth: usize) {
    match v {
        WireValue::Plain(v) => {
            if let (Some(ds), UriStyle::Wmi) = (datetimes(v), cx.style) {
                // WinRM: the DSP0230 `cim:Datetime` / `cim:Interval` elements. OMI's
                // parser takes any other child element for an embedded instance, so DMTF
                // servers get the DMTF string as text (below), which OMI converts to the
                // declared type (checked on the kit's server).
                for d in ds {
                    let (el, text) = datetime::format_winrm(d);
                    let _ = write!(out, "<{p}:{name}><cim:{el}>{text}</cim:{el}></{p}:{name}>");
                }
            } else {
                for t in scalar_texts(v) {
                    let _ = write!(out, "<{p}:{name}>{}</{p}:{name}>", escape(&t));
                }
            }
        }
        WireValue::Instance(i) => write_embedded(out, p, name, i, cx, depth),
        WireValue::InstanceA(xs) => {
            for i in xs {
                write_embedded(out, p, name, i, cx, depth);
            }
        }
        WireValue::Reference(r) => {
            let _ = write!(out, "<{p}:{name}>");
            write_epr_content(out, r, cx);
            let _ = write!(out, "</{p}:{name}>");
        }
        WireValue::ReferenceA(xs) => {
            for r in xs {
                let _ = write!(out, "<{p}:{name}>");
                write_epr_content(out, r, cx);
                let _ = write!(out, "</{p}:{name}>");
            }
        }
    }
}

fn write_embedded(out: &mut String, p: &str, name: &str, i: &WireInstance, cx: UriContext<'_>, depth: usize) {
    let q = format!("p{}", depth + 1);
    let uri = class_uri(cx.style, i.namespace.as_deref().unwrap_or(cx.namespace), &i.class);
    let _ = write!(
        out,
        "<{p}:{name} xmlns:{q}=\"{}\" xsi:type=\"{q}:{}_Type\">",
        escape(&uri),
        i.class
    );
    write_properties(out, i, cx, depth + 1, &q);
    let _ = write!(out, "</{p}:{name}>");
}

/// `a:Address` + `a:ReferenceParameters` (ResourceURI, SelectorSet) of an instance.
pub(crate) fn write_epr_content(out: &mut String, r: &WireInstance, cx: UriContext<'_>) {
    let nsname = r.namespace.as_deref().unwrap_or(cx.namespace);
    let _ = write!(
        out,
        "<a:Address>{}</a:Address><a:ReferenceParameters><w:ResourceURI>{}</w:ResourceURI>",
        ns::ANONYMOUS,
        escape(&class_uri(cx.style, nsname, &r.class))
    );
    write_selector_set(out, r, cx, Some(nsname));
    out.push_str("</a:ReferenceParameters>");
}

/// `w:SelectorSet` with the keys of `inst` (and `__cimnamespace` for DMTF servers when
/// `namespace` is given); nothing when it would be empty.
pub(crate) fn write_selector_set(
    out: &mut String,
    inst: &WireInstance,
    cx: UriContext<'_>,
    namespace: Option<&str>,
) {
    let mut body = String::new();
    if let (UriStyle::Dmtf, Some(n)) = (cx.style, namespace) {
        let _ = write!(
            body,
            "<w:Selector Name=\"__cimnamespace\">{}</w:Selector>",
            escape(&namespace_path(n))
        );
    }
    for (name, v) in inst.keys() {
        write_selector(&mut body, name, v, cx);
    }
    if !body.is_empty() {
        let _ = write!(out, "<w:SelectorSet>{body}</w:SelectorSet>");
    }
}

fn write_selector(out: &mut String, name: &str, v: &WireValue, cx: UriContext<'_>) {
    match v {
        WireValue::Plain(v) => {
            // A key is a scalar; the first element of an array stands for it otherwise.
            let text = scalar_texts(v).into_iter().next().unwrap_or_default();
            let _ = write!(
                out,
                "<w:Selector Name=\"{}\">{}</w:Selector>",
                escape(name),
                escape(&text)
            );
        }
        WireValue::Reference(r) | WireValue::Instance(r) => {
            let _ = write!(out, "<w:Selector Name=\"{}\"><a:EndpointReference>", escape(name));
            write_epr_content(out, r, cx);
            out.push_str("</a:EndpointReference></w:Selector>");
        }
        WireValue::ReferenceA(_) | WireValue::InstanceA(_) => {}
    }
}

/// Reads one of our instances into a [`WireInstance`] (embedded instances and references
/// of ours too). A foreign instance (another library's table) is `MI_RESULT_NOT_SUPPORTED`:
/// the protocol layer copies those into ours first.
///
/// # Safety
/// `p` is NULL or readable for an `MI_Instance` header, and if it is ours it stays valid
/// and unmodified while this runs.
pub(crate) unsafe fn from_instance(p: *const MI_Instance) -> Result<WireInstance, WsError> {
    // SAFETY: `p` as this function's `# Safety` says, which is `from_instance_at`'s contract.
    unsafe { from_instance_at(p, 0) }
}

/// # Safety
/// As [`from_instance`].
unsafe fn from_instance_at(p: *const MI_Instance, depth: usize) -> Result<WireInstance, WsError> {
    if depth >= crate::instance::MAX_EMBEDDING {
        return Err(WsError::new(
            MI_RESULT_SERVER_LIMITS_EXCEEDED,
            "instances nested too deeply",
        ));
    }
    if p.is_null() {
        return Err(WsError::new(MI_RESULT_INVALID_PARAMETER, "NULL instance"));
    }
    // SAFETY: readable header (contract); `resolve` checks the magic, and the table is
    // the one the header names (an instance of ours from any of our tables).
    let inst = unsafe { Instance::resolve(p, (*p).ft) }
        .map_err(|_| WsError::new(MI_RESULT_NOT_SUPPORTED, "not an instance of this library"))?;
    let mut out = WireInstance::new(inst.class_name().as_str());
    out.namespace = inst.namespace().map(|n| n.as_str().to_owned());
    for e in inst.elements() {
        let value = match &e.value {
            None => None,
            Some(s) => {
                // SAFETY: the stored value of an element of ours holds the member its
                // type names, with valid pointers (the instance store's invariant).
                Some(unsafe { wire_value(e.ty, s.view(), depth) }?)
            }
        };
        out.props.push(WireProp {
            name: e.name.as_str().to_owned(),
            value,
            key: e.flags & MI_FLAG_KEY != 0,
        });
    }
    Ok(out)
}

/// # Safety
/// `v` holds the member `ty` names, with valid pointers (arrays of `size` elements,
/// NUL-terminated strings, instances as [`from_instance`] needs).
unsafe fn wire_value(ty: MI_Type, v: &MI_Value, depth: usize) -> Result<WireValue, WsError> {
    // SAFETY: each arm reads the member `ty` names, with valid pointers (contract).
    unsafe {
        match ty {
            MI_INSTANCE => {
                return Ok(WireValue::Instance(Box::new(from_instance_at(
                    v.instance,
                    depth + 1,
                )?)));
            }
            MI_REFERENCE => {
                return Ok(WireValue::Reference(Box::new(from_instance_at(
                    v.reference,
                    depth + 1,
                )?)));
            }
            MI_INSTANCEA | MI_REFERENCEA => {
                let a = v.instancea;
                let mut list = Vec::with_capacity(a.size as usize);
                if a.size > 0 && a.data.is_null() {
                    return Err(WsError::new(
                        MI_RESULT_INVALID_PARAMETER,
                        "an instance array with NULL data",
                    ));
                }
                for k in 0..a.size as usize {
                    list.push(from_instance_at(a.data.add(k).read(), depth + 1)?);
                }
                return Ok(if ty == MI_INSTANCEA {
                    WireValue::InstanceA(list)
                } else {
                    WireValue::ReferenceA(list)
                });
            }
            _ => {}
        }
    }
    // SAFETY: a plain type's member, with valid pointers (contract), as `from_mi` needs.
    match unsafe { crate::schema::value::from_mi(ty, v) } {
        Ok(Some(plain)) => Ok(WireValue::Plain(plain)),
        // A NULL string pointer in a value that is not NULL: the empty string.
        Ok(None) => Ok(WireValue::Plain(Value::String(String::new()))),
        Err(r) => Err(WsError::new(
            r,
            format!(
                "a value of type {ty} that cannot be sent (unknown type, NULL array data or invalid text)"
            ),
        )),
    }
}
