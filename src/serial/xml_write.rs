//! The `MI_XML` writer: DSP0201 (CIM-XML) `<INSTANCE>` and `<CLASS>` elements, as OMI's
//! and Windows' serializers write them: no XML declaration, UTF-8, embedded instances as
//! the escaped text of their own `<INSTANCE>` in a `<VALUE>` with
//! `EmbeddedObject="object"`, references as `<VALUE.REFERENCE>` with the key bindings of
//! the referenced instance, char16 values as character references, and OMI's one
//! extension, `MODIFIED="TRUE"` on each instance property that was set.

use super::obj::{Obj, Prop, Val};
use super::{
    FLAG_INCLUDE_CLASS_ORIGIN, FLAG_INCLUDE_INHERITED_ELEMENTS, SerialError, SerialResult, text, type_keyword,
};
use crate::abi::*;
use crate::schema::model::{ClassModel, Method, Parameter, Property, Qualifier};
use crate::schema::value::Value;
use crate::strings;

/// Appends `s` escaped for text or an attribute value: the five predefined entities, and
/// every control character as a character reference (so CR, TAB and LF survive
/// attribute and line-end normalization).
pub(crate) fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 => {
                out.push_str("&#");
                out.push_str(&(c as u32).to_string());
                out.push(';');
            }
            c => out.push(c),
        }
    }
}

fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_into(out, value);
    out.push('"');
}

/// `<VALUE>` for element `i` of a plain value.
fn value_element(out: &mut String, v: &Value, i: usize) {
    out.push_str("<VALUE>");
    if v.ty() & !MI_ARRAY == MI_CHAR16 {
        // As OMI: the UTF-16 unit as a character reference (whatever MI_Char is).
        out.push_str("&#");
        out.push_str(&text::scalar(v, i));
        out.push(';');
    } else {
        escape_into(out, &text::scalar(v, i));
    }
    out.push_str("</VALUE>");
}

/// `<VALUE>` or `<VALUE.ARRAY>` for a plain value.
fn plain(out: &mut String, v: &Value) {
    if v.ty() & MI_ARRAY != 0 {
        out.push_str("<VALUE.ARRAY>");
        for i in 0..v.len() {
            value_element(out, v, i);
        }
        out.push_str("</VALUE.ARRAY>");
    } else {
        value_element(out, v, 0);
    }
}

/// `<LOCALNAMESPACEPATH>`: one `<NAMESPACE>` per `/`-separated part.
fn local_namespace_path(out: &mut String, ns: &str) {
    out.push_str("<LOCALNAMESPACEPATH>");
    for part in ns.split('/').filter(|p| !p.is_empty()) {
        out.push_str("<NAMESPACE");
        attr(out, "NAME", part);
        out.push_str("/>");
    }
    out.push_str("</LOCALNAMESPACEPATH>");
}

fn namespace_path(out: &mut String, host: &str, ns: &str) {
    out.push_str("<NAMESPACEPATH><HOST>");
    escape_into(out, host);
    out.push_str("</HOST>");
    local_namespace_path(out, ns);
    out.push_str("</NAMESPACEPATH>");
}

/// The `VALUETYPE` of a key value.
fn value_type(ty: MI_Type) -> &'static str {
    match ty & !MI_ARRAY {
        MI_BOOLEAN => "boolean",
        MI_STRING | MI_CHAR16 | MI_DATETIME => "string",
        _ => "numeric",
    }
}

/// `<VALUE.REFERENCE>` naming `obj` by its key properties (all its set plain properties
/// when none is flagged a key).
fn reference(out: &mut String, obj: &Obj, depth: usize) -> SerialResult<()> {
    if depth > super::MAX_NEST {
        return Err(SerialError::limit("references nested too deep"));
    }
    out.push_str("<VALUE.REFERENCE>");
    let close = match (&obj.server, &obj.namespace) {
        (Some(host), Some(ns)) => {
            out.push_str("<INSTANCEPATH>");
            namespace_path(out, host, ns);
            "</INSTANCEPATH>"
        }
        (None, Some(ns)) => {
            out.push_str("<LOCALINSTANCEPATH>");
            local_namespace_path(out, ns);
            "</LOCALINSTANCEPATH>"
        }
        _ => "",
    };
    out.push_str("<INSTANCENAME");
    attr(out, "CLASSNAME", &obj.class);
    out.push('>');
    let any_key = obj.props.iter().any(|p| p.flags & MI_FLAG_KEY != 0);
    for p in &obj.props {
        if any_key && p.flags & MI_FLAG_KEY == 0 {
            continue;
        }
        match &p.value {
            Some(Val::Plain(v)) if v.ty() & MI_ARRAY == 0 => {
                out.push_str("<KEYBINDING");
                attr(out, "NAME", &p.name);
                out.push_str("><KEYVALUE");
                attr(out, "VALUETYPE", value_type(p.ty));
                attr(out, "TYPE", type_keyword(p.ty));
                out.push('>');
                if p.ty == MI_CHAR16 {
                    out.push_str("&#");
                    out.push_str(&text::scalar(v, 0));
                    out.push(';');
                } else {
                    escape_into(out, &text::scalar(v, 0));
                }
                out.push_str("</KEYVALUE></KEYBINDING>");
            }
            Some(Val::Inst(r)) if p.ty == MI_REFERENCE => {
                out.push_str("<KEYBINDING");
                attr(out, "NAME", &p.name);
                out.push('>');
                reference(out, r, depth + 1)?;
                out.push_str("</KEYBINDING>");
            }
            // Arrays, embedded instances and NULLs cannot be keys.
            _ if any_key => {
                return Err(SerialError::new(
                    MI_RESULT_NOT_SUPPORTED,
                    format!(
                        "key `{}` of a referenced `{}` is not a scalar value",
                        p.name, obj.class
                    ),
                ));
            }
            _ => {}
        }
    }
    out.push_str("</INSTANCENAME>");
    out.push_str(close);
    out.push_str("</VALUE.REFERENCE>");
    Ok(())
}

/// The `<INSTANCE>` element of `obj`.
pub(crate) fn instance(obj: &Obj) -> SerialResult<String> {
    let mut out = String::new();
    instance_into(&mut out, obj, 1)?;
    Ok(out)
}

fn instance_into(out: &mut String, obj: &Obj, level: usize) -> SerialResult<()> {
    if level > super::MAX_NEST {
        return Err(SerialError::limit("instances nested too deep"));
    }
    out.push_str("<INSTANCE");
    attr(out, "CLASSNAME", &obj.class);
    out.push('>');
    for p in &obj.props {
        property(out, p, level)?;
    }
    out.push_str("</INSTANCE>");
    Ok(())
}

fn key_qualifier(out: &mut String, p: &Prop) {
    if p.flags & MI_FLAG_KEY != 0 {
        out.push_str("<QUALIFIER NAME=\"Key\" TYPE=\"boolean\"><VALUE>true</VALUE></QUALIFIER>");
    }
}

fn property(out: &mut String, p: &Prop, level: usize) -> SerialResult<()> {
    let modified = |out: &mut String| {
        if p.modified {
            out.push_str(" MODIFIED=\"TRUE\"");
        }
    };
    match p.ty {
        MI_REFERENCE => {
            out.push_str("<PROPERTY.REFERENCE");
            attr(out, "NAME", &p.name);
            modified(out);
            out.push('>');
            key_qualifier(out, p);
            if let Some(Val::Inst(r)) = &p.value {
                reference(out, r, 1)?;
            }
            out.push_str("</PROPERTY.REFERENCE>");
        }
        MI_REFERENCEA => {
            return Err(SerialError::new(
                MI_RESULT_NOT_SUPPORTED,
                format!(
                    "property `{}`: CIM-XML (DSP0201) has no reference-array property",
                    p.name
                ),
            ));
        }
        ty => {
            let array = ty & MI_ARRAY != 0;
            let tag = if array { "PROPERTY.ARRAY" } else { "PROPERTY" };
            out.push('<');
            out.push_str(tag);
            attr(out, "NAME", &p.name);
            attr(out, "TYPE", type_keyword(ty));
            if ty & !MI_ARRAY == MI_INSTANCE {
                // As OMI writes it for an instance whose property names no class.
                out.push_str(" EmbeddedObject=\"object\"");
            }
            modified(out);
            out.push('>');
            key_qualifier(out, p);
            match &p.value {
                None => {}
                Some(Val::Plain(v)) => plain(out, v),
                Some(Val::Inst(o)) => {
                    let mut inner = String::new();
                    instance_into(&mut inner, o, level + 1)?;
                    out.push_str("<VALUE>");
                    escape_into(out, &inner);
                    out.push_str("</VALUE>");
                }
                Some(Val::Insts(os)) => {
                    out.push_str("<VALUE.ARRAY>");
                    for o in os {
                        let mut inner = String::new();
                        instance_into(&mut inner, o, level + 1)?;
                        out.push_str("<VALUE>");
                        escape_into(out, &inner);
                        out.push_str("</VALUE>");
                    }
                    out.push_str("</VALUE.ARRAY>");
                }
            }
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
        }
    }
    Ok(())
}

/// The document `MI_SERIALIZER_FLAGS_INSTANCE_WITH_CLASS` asks for: `<CIM>` with one
/// `<DECLGROUP>` holding the namespace path, each class (`classes`, parents first) and
/// then the instance, each in its `<VALUE.OBJECT>`.
pub(crate) fn instance_with_classes(
    obj: &Obj,
    classes: &[&ClassModel],
    flags: MI_Uint32,
) -> SerialResult<String> {
    let mut out = String::from("<CIM CIMVERSION=\"2.6.0\" DTDVERSION=\"2.3.1\"><DECLARATION><DECLGROUP>");
    match (&obj.server, &obj.namespace) {
        (Some(h), Some(ns)) => namespace_path(&mut out, h, ns),
        (None, Some(ns)) => local_namespace_path(&mut out, ns),
        _ => {}
    }
    for c in classes {
        out.push_str("<VALUE.OBJECT>");
        class_into(&mut out, c, flags & !MI_SERIALIZER_FLAGS_CLASS_DEEP)?;
        out.push_str("</VALUE.OBJECT>");
    }
    out.push_str("<VALUE.OBJECT>");
    instance_into(&mut out, obj, 1)?;
    out.push_str("</VALUE.OBJECT></DECLGROUP></DECLARATION></CIM>");
    Ok(out)
}

/// The `<CLASS>` element of a class. Qualifiers are always written (a class without them
/// cannot be read back); flags that no qualifier states (`MI_FLAG_KEY` without `Key`, ...)
/// become qualifiers. Inherited properties and methods are written, `PROPAGATED="true"`,
/// only with `MI_SERIALIZER_FLAGS_CLASS_DEEP` or `FLAG_INCLUDE_INHERITED_ELEMENTS`.
pub(crate) fn class(c: &ClassModel, flags: MI_Uint32) -> SerialResult<String> {
    let mut out = String::new();
    class_into(&mut out, c, flags)?;
    Ok(out)
}

/// Flag bits and the qualifier each stands for.
pub(crate) const FLAG_QUALIFIERS: &[(MI_Uint32, &str)] = &[
    (MI_FLAG_ASSOCIATION, "Association"),
    (MI_FLAG_INDICATION, "Indication"),
    (MI_FLAG_ABSTRACT, "Abstract"),
    (MI_FLAG_TERMINAL, "Terminal"),
    (MI_FLAG_KEY, "Key"),
    (MI_FLAG_IN, "In"),
    (MI_FLAG_OUT, "Out"),
    (MI_FLAG_REQUIRED, "Required"),
    (MI_FLAG_STATIC, "Static"),
    (MI_FLAG_EXPENSIVE, "Expensive"),
    (MI_FLAG_STREAM, "Stream"),
];

fn qualifier(out: &mut String, q: &Qualifier) {
    out.push_str("<QUALIFIER");
    attr(out, "NAME", q.name.as_str());
    attr(out, "TYPE", type_keyword(q.ty));
    if q.flavor & MI_FLAG_ENABLEOVERRIDE != 0 {
        out.push_str(" OVERRIDABLE=\"true\"");
    } else if q.flavor & MI_FLAG_DISABLEOVERRIDE != 0 {
        out.push_str(" OVERRIDABLE=\"false\"");
    }
    if q.flavor & MI_FLAG_TOSUBCLASS != 0 {
        out.push_str(" TOSUBCLASS=\"true\"");
    } else if q.flavor & MI_FLAG_RESTRICTED != 0 {
        out.push_str(" TOSUBCLASS=\"false\"");
    }
    if q.flavor & MI_FLAG_TRANSLATABLE != 0 {
        out.push_str(" TRANSLATABLE=\"true\"");
    }
    out.push('>');
    if let Some(v) = &q.value {
        plain(out, v);
    }
    out.push_str("</QUALIFIER>");
}

/// The qualifiers of an element, then one `true` boolean qualifier per flag in `mask`
/// that `flags` sets and no qualifier names, then `EmbeddedInstance` / `EmbeddedObject`
/// for an embedded-instance type that has neither.
fn qualifiers(
    out: &mut String,
    quals: &[Qualifier],
    flags: MI_Uint32,
    mask: MI_Uint32,
    embedded: Option<Option<&str>>,
) {
    for q in quals {
        qualifier(out, q);
    }
    let has = |n: &str| quals.iter().any(|q| strings::cim_eq(q.name.as_str(), n));
    for &(bit, name) in FLAG_QUALIFIERS {
        if bit & mask != 0 && flags & bit != 0 && !has(name) {
            out.push_str("<QUALIFIER");
            attr(out, "NAME", name);
            out.push_str(" TYPE=\"boolean\"><VALUE>true</VALUE></QUALIFIER>");
        }
    }
    if let Some(class) = embedded
        && !has("EmbeddedInstance")
        && !has("EmbeddedObject")
    {
        match class {
            Some(c) => {
                out.push_str("<QUALIFIER NAME=\"EmbeddedInstance\" TYPE=\"string\"><VALUE>");
                escape_into(out, c);
                out.push_str("</VALUE></QUALIFIER>");
            }
            None => out.push_str(
                "<QUALIFIER NAME=\"EmbeddedObject\" TYPE=\"boolean\"><VALUE>true</VALUE></QUALIFIER>",
            ),
        }
    }
}

fn inherited(c: &ClassModel, propagator: &Option<crate::strings::Name>) -> bool {
    propagator
        .as_ref()
        .is_some_and(|p| !strings::cim_eq(p.as_str(), c.name.as_str()))
}

const PROPERTY_FLAGS: MI_Uint32 = MI_FLAG_KEY | MI_FLAG_REQUIRED | MI_FLAG_STATIC | MI_FLAG_EXPENSIVE;
const CLASS_FLAGS: MI_Uint32 = MI_FLAG_ASSOCIATION | MI_FLAG_INDICATION | MI_FLAG_ABSTRACT | MI_FLAG_TERMINAL;
const METHOD_FLAGS: MI_Uint32 = MI_FLAG_STATIC | MI_FLAG_ABSTRACT;
const PARAMETER_FLAGS: MI_Uint32 = MI_FLAG_IN | MI_FLAG_OUT | MI_FLAG_REQUIRED | MI_FLAG_STREAM;

fn class_into(out: &mut String, c: &ClassModel, flags: MI_Uint32) -> SerialResult<()> {
    let all = flags & (MI_SERIALIZER_FLAGS_CLASS_DEEP | FLAG_INCLUDE_INHERITED_ELEMENTS) != 0;
    let origin = flags & FLAG_INCLUDE_CLASS_ORIGIN != 0;
    out.push_str("<CLASS");
    attr(out, "NAME", c.name.as_str());
    if let Some(s) = &c.superclass {
        attr(out, "SUPERCLASS", s.as_str());
    }
    out.push('>');
    qualifiers(out, &c.qualifiers, c.flags, CLASS_FLAGS, None);
    for p in &c.properties {
        let inh = inherited(c, &p.propagator);
        if inh && !all {
            continue;
        }
        class_property(out, p, inh, origin)?;
    }
    for m in &c.methods {
        let inh = inherited(c, &m.propagator);
        if inh && !all {
            continue;
        }
        method(out, m, inh, origin)?;
    }
    out.push_str("</CLASS>");
    Ok(())
}

fn origin_attrs(out: &mut String, origin: &Option<crate::strings::Name>, inherited: bool, with_origin: bool) {
    if with_origin && let Some(o) = origin {
        attr(out, "CLASSORIGIN", o.as_str());
    }
    if inherited {
        out.push_str(" PROPAGATED=\"true\"");
    }
}

fn class_property(out: &mut String, p: &Property, inherited: bool, with_origin: bool) -> SerialResult<()> {
    let class = p.class_name.as_ref().map(|n| n.as_str());
    match p.ty {
        MI_REFERENCEA => Err(SerialError::new(
            MI_RESULT_NOT_SUPPORTED,
            format!(
                "property `{}`: CIM-XML (DSP0201) has no reference-array property",
                p.name.as_str()
            ),
        )),
        MI_REFERENCE => {
            out.push_str("<PROPERTY.REFERENCE");
            attr(out, "NAME", p.name.as_str());
            if let Some(c) = class {
                attr(out, "REFERENCECLASS", c);
            }
            origin_attrs(out, &p.origin, inherited, with_origin);
            out.push('>');
            qualifiers(out, &p.qualifiers, p.flags, PROPERTY_FLAGS, None);
            out.push_str("</PROPERTY.REFERENCE>");
            Ok(())
        }
        ty => {
            let array = ty & MI_ARRAY != 0;
            let tag = if array { "PROPERTY.ARRAY" } else { "PROPERTY" };
            out.push('<');
            out.push_str(tag);
            attr(out, "NAME", p.name.as_str());
            attr(out, "TYPE", type_keyword(ty));
            if array && p.subscript != 0 {
                attr(out, "ARRAYSIZE", &p.subscript.to_string());
            }
            origin_attrs(out, &p.origin, inherited, with_origin);
            out.push('>');
            let embedded = (ty & !MI_ARRAY == MI_INSTANCE).then_some(class);
            qualifiers(out, &p.qualifiers, p.flags, PROPERTY_FLAGS, embedded);
            if let Some(v) = &p.default {
                plain(out, v);
            }
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
            Ok(())
        }
    }
}

fn method(out: &mut String, m: &Method, inherited: bool, with_origin: bool) -> SerialResult<()> {
    out.push_str("<METHOD");
    attr(out, "NAME", m.name.as_str());
    if m.return_type & MI_ARRAY != 0 || m.return_type == MI_REFERENCE {
        return Err(SerialError::new(
            MI_RESULT_NOT_SUPPORTED,
            format!(
                "method `{}`: CIM-XML has no array or reference return type",
                m.name.as_str()
            ),
        ));
    }
    attr(out, "TYPE", type_keyword(m.return_type));
    origin_attrs(out, &m.origin, inherited, with_origin);
    out.push('>');
    let mut quals = m.qualifiers.clone();
    for q in &m.return_qualifiers {
        if !quals
            .iter()
            .any(|x| strings::cim_eq(x.name.as_str(), q.name.as_str()))
        {
            quals.push(q.clone());
        }
    }
    let embedded = (m.return_type == MI_INSTANCE).then_some(m.return_class.as_ref().map(|n| n.as_str()));
    qualifiers(out, &quals, m.flags, METHOD_FLAGS, embedded);
    for p in &m.parameters {
        parameter(out, p);
    }
    out.push_str("</METHOD>");
    Ok(())
}

fn parameter(out: &mut String, p: &Parameter) {
    let class = p.class_name.as_ref().map(|n| n.as_str());
    let (tag, typed, refclass) = match p.ty {
        MI_REFERENCE => ("PARAMETER.REFERENCE", false, true),
        MI_REFERENCEA => ("PARAMETER.REFARRAY", false, true),
        t if t & MI_ARRAY != 0 => ("PARAMETER.ARRAY", true, false),
        _ => ("PARAMETER", true, false),
    };
    out.push('<');
    out.push_str(tag);
    attr(out, "NAME", p.name.as_str());
    if typed {
        attr(out, "TYPE", type_keyword(p.ty));
    }
    if refclass && let Some(c) = class {
        attr(out, "REFERENCECLASS", c);
    }
    if p.ty & MI_ARRAY != 0 && p.subscript != 0 {
        attr(out, "ARRAYSIZE", &p.subscript.to_string());
    }
    out.push('>');
    let embedded = (p.ty & !MI_ARRAY == MI_INSTANCE).then_some(class);
    qualifiers(out, &p.qualifiers, p.flags, PARAMETER_FLAGS, embedded);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}
