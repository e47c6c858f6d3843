//! GetClass (wsman.md §2, "Types"): OMI answers a Transfer Get of the CIM-XML schema URI
//! `http://schemas.dmtf.org/wbem/cim-xml/2/cim-schema/2/*` (selectors `ClassName` and
//! `__cimnamespace`; options `IncludeQualifiers`, `IncludeInheritedElements`) with a DSP0201
//! `<CLASS>` element in the body. This reads it into a [`ClassModel`], the input of
//! [`super::typed`].
//!
//! Mapping: `PROPERTY` / `PROPERTY.ARRAY` / `PROPERTY.REFERENCE` and the four `PARAMETER`
//! kinds give types; `Key` sets `MI_FLAG_KEY`, `In`/`Out` set `MI_FLAG_IN`/`MI_FLAG_OUT`
//! (both when neither is given), `Association`/`Indication`/`Abstract` set the class flags.
//! A string declared `EmbeddedInstance("C")` becomes `MI_INSTANCE(A)` of class C, and
//! one declared `EmbeddedObject` becomes `MI_INSTANCE(A)`, as MI's generated
//! declarations have it. Qualifier values are kept when they are scalars or arrays of a
//! CIM type; defaults (`VALUE` under a property) are not read.

use super::WsError;
use super::xml::Node;
use crate::abi::*;
use crate::schema::model::{ClassModel, Method, Parameter, Property, Qualifier};
use crate::schema::value::Value;
use crate::strings::{self, Name};

fn bad(msg: impl Into<String>) -> WsError {
    WsError::new(MI_RESULT_FAILED, msg)
}

/// A DSP0201 `TYPE` attribute.
pub(crate) fn cim_type(t: &str) -> Option<MI_Type> {
    Some(match t.to_ascii_lowercase().as_str() {
        "boolean" => MI_BOOLEAN,
        "uint8" => MI_UINT8,
        "sint8" => MI_SINT8,
        "uint16" => MI_UINT16,
        "sint16" => MI_SINT16,
        "uint32" => MI_UINT32,
        "sint32" => MI_SINT32,
        "uint64" => MI_UINT64,
        "sint64" => MI_SINT64,
        "real32" => MI_REAL32,
        "real64" => MI_REAL64,
        "char16" => MI_CHAR16,
        "string" => MI_STRING,
        "datetime" => MI_DATETIME,
        _ => return None,
    })
}

fn attr<'a>(n: &'a Node, name: &str) -> Option<&'a str> {
    n.attr("", name)
}

fn name_of(n: &Node) -> Result<String, WsError> {
    let name = attr(n, "NAME").ok_or_else(|| bad(format!("CIM-XML {} without a NAME", n.name)))?;
    if !strings::is_legal_cim_name(name) {
        return Err(bad(format!("CIM-XML {} has an invalid NAME {name:?}", n.name)));
    }
    Ok(name.to_owned())
}

/// One qualifier's value (a scalar `VALUE` or a `VALUE.ARRAY`), typed by its `TYPE`.
fn qualifier_value(q: &Node, ty: MI_Type) -> Option<Value> {
    let texts: Vec<&str> = if let Some(v) = q.child("", "VALUE") {
        vec![v.text.as_str()]
    } else {
        q.child("", "VALUE.ARRAY")?
            .children_named("", "VALUE")
            .map(|v| v.text.as_str())
            .collect()
    };
    let array = q.child("", "VALUE.ARRAY").is_some();
    let b = |s: &str| super::typed::parse_bool(s);
    let u = |s: &str| super::typed::parse_int::<i128>(s);
    Some(match (ty, array) {
        (MI_BOOLEAN, false) => Value::Boolean(b(texts[0])?),
        (MI_STRING, false) => Value::String(texts[0].to_owned()),
        (MI_STRING, true) => Value::StringA(texts.iter().map(|s| (*s).to_owned()).collect()),
        (MI_UINT32, false) => Value::Uint32(u32::try_from(u(texts[0])?).ok()?),
        (MI_SINT32, false) => Value::Sint32(i32::try_from(u(texts[0])?).ok()?),
        (MI_UINT64, false) => Value::Uint64(u64::try_from(u(texts[0])?).ok()?),
        (MI_SINT64, false) => Value::Sint64(i64::try_from(u(texts[0])?).ok()?),
        (MI_UINT16, false) => Value::Uint16(u16::try_from(u(texts[0])?).ok()?),
        (MI_UINT8, false) => Value::Uint8(u8::try_from(u(texts[0])?).ok()?),
        _ => return None,
    })
}

/// The qualifiers under a node (those whose value reads; flavors from OVERRIDABLE,
/// TOSUBCLASS and TRANSLATABLE).
fn qualifiers(n: &Node) -> Vec<Qualifier> {
    n.children_named("", "QUALIFIER")
        .filter_map(|q| {
            let name = attr(q, "NAME").filter(|s| strings::is_legal_cim_name(s))?;
            let ty = cim_type(attr(q, "TYPE")?)?;
            let value = qualifier_value(q, ty)?;
            let mut flavor = 0;
            if attr(q, "OVERRIDABLE").is_some_and(|v| v.eq_ignore_ascii_case("false")) {
                flavor |= MI_FLAG_DISABLEOVERRIDE;
            } else {
                flavor |= MI_FLAG_ENABLEOVERRIDE;
            }
            if attr(q, "TOSUBCLASS").is_some_and(|v| v.eq_ignore_ascii_case("false")) {
                flavor |= MI_FLAG_RESTRICTED;
            } else {
                flavor |= MI_FLAG_TOSUBCLASS;
            }
            if attr(q, "TRANSLATABLE").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                flavor |= MI_FLAG_TRANSLATABLE;
            }
            Some(Qualifier::new(name, value, flavor))
        })
        .collect()
}

fn flag(qs: &[Qualifier], name: &str) -> bool {
    qs.iter()
        .any(|q| q.name.as_str().eq_ignore_ascii_case(name) && q.value == Some(Value::Boolean(true)))
}

fn string_q(qs: &[Qualifier], name: &str) -> Option<String> {
    qs.iter()
        .find(|q| q.name.as_str().eq_ignore_ascii_case(name))
        .and_then(|q| match &q.value {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        })
}

/// The type and class of a property or parameter node; `kind` is the element name
/// without its `PROPERTY` / `PARAMETER` stem (`""`, `.ARRAY`, `.REFERENCE`, `.REFARRAY`).
fn typed_feature(n: &Node, kind: &str, qs: &[Qualifier]) -> Result<(MI_Type, Option<Name>), WsError> {
    let name = attr(n, "NAME").unwrap_or("");
    let class = |n: &Node| {
        attr(n, "REFERENCECLASS")
            .filter(|c| strings::is_legal_cim_name(c))
            .map(Name::new)
    };
    match kind {
        ".REFERENCE" => return Ok((MI_REFERENCE, class(n))),
        ".REFARRAY" => return Ok((MI_REFERENCEA, class(n))),
        _ => {}
    }
    let t = attr(n, "TYPE").ok_or_else(|| bad(format!("CIM-XML {name} without a TYPE")))?;
    let base = cim_type(t).ok_or_else(|| bad(format!("CIM-XML {name} has an unknown TYPE {t:?}")))?;
    let array = if kind == ".ARRAY" { MI_ARRAY } else { 0 };
    if base == MI_STRING {
        if let Some(c) = string_q(qs, "EmbeddedInstance").filter(|c| strings::is_legal_cim_name(c)) {
            return Ok((MI_INSTANCE | array, Some(Name::new(&c))));
        }
        if flag(qs, "EmbeddedObject") {
            return Ok((MI_INSTANCE | array, None));
        }
    }
    Ok((base | array, None))
}

/// Reads a `<CLASS>` element.
pub(crate) fn read_class(c: &Node) -> Result<ClassModel, WsError> {
    if c.name != "CLASS" {
        return Err(bad(format!("expected a CIM-XML CLASS, found {}", c.name)));
    }
    let mut m = ClassModel::new(&name_of(c)?);
    m.superclass = attr(c, "SUPERCLASS")
        .filter(|s| strings::is_legal_cim_name(s))
        .map(Name::new);
    m.qualifiers = qualifiers(c);
    for (q, f) in [
        ("Association", MI_FLAG_ASSOCIATION),
        ("Indication", MI_FLAG_INDICATION),
        ("Abstract", MI_FLAG_ABSTRACT),
    ] {
        if flag(&m.qualifiers, q) {
            m.flags |= f;
        }
    }
    let mut seen = std::collections::HashSet::new();
    for n in &c.children {
        if let Some(kind) = n.name.strip_prefix("PROPERTY") {
            let name = name_of(n)?;
            if !seen.insert(name.to_lowercase()) {
                return Err(bad(format!(
                    "CIM-XML class {} declares {name} twice",
                    m.name.as_str()
                )));
            }
            let qs = qualifiers(n);
            let (ty, class_name) = typed_feature(n, kind, &qs)?;
            let mut p = Property::new(&name, ty);
            if flag(&qs, "Key") {
                p.flags |= MI_FLAG_KEY;
            }
            if flag(&qs, "Read") && !flag(&qs, "Write") {
                p.flags |= MI_FLAG_READONLY;
            }
            p.class_name = class_name;
            p.origin = attr(n, "CLASSORIGIN")
                .filter(|s| strings::is_legal_cim_name(s))
                .map(Name::new);
            p.qualifiers = qs;
            m.properties.push(p);
        } else if n.name == "METHOD" {
            let name = name_of(n)?;
            let ret = attr(n, "TYPE")
                .map_or(Some(MI_UINT32), cim_type)
                .unwrap_or(MI_STRING);
            let mut me = Method::new(&name, ret);
            me.qualifiers = qualifiers(n);
            if flag(&me.qualifiers, "Static") {
                me.flags |= MI_FLAG_STATIC;
            }
            me.origin = attr(n, "CLASSORIGIN")
                .filter(|s| strings::is_legal_cim_name(s))
                .map(Name::new);
            for pn in &n.children {
                let Some(kind) = pn.name.strip_prefix("PARAMETER") else {
                    continue;
                };
                let pname = name_of(pn)?;
                let qs = qualifiers(pn);
                let (ty, class_name) = typed_feature(pn, kind, &qs)?;
                let (i, o) = (flag(&qs, "In"), flag(&qs, "Out"));
                let dir = match (i, o) {
                    (false, false) => MI_FLAG_IN | MI_FLAG_OUT,
                    (i, o) => (if i { MI_FLAG_IN } else { 0 }) | (if o { MI_FLAG_OUT } else { 0 }),
                };
                let mut p = Parameter::new(&pname, ty, dir);
                p.class_name = class_name;
                p.qualifiers = qs;
                me.parameters.push(p);
            }
            m.methods.push(me);
        }
    }
    m.check()
        .map_err(|e| bad(format!("CIM-XML class {} refused: {e}", m.name.as_str())))?;
    Ok(m)
}
