//! The MOF writer (`MI_MOF_CIMV2_EXTV1`): `instance of` blocks and `class` declarations
//! in DSP0004 MOF syntax. Embedded instances and referenced instances are written first,
//! each `as $AliasN`, and the property names the alias (the style of OMI's MOF
//! serializer and of DSC documents); aliases are numbered from 1 in each document.

use super::obj::{Obj, Val};
use super::xml_write::FLAG_QUALIFIERS;
use super::{SerialError, SerialResult, text};
use crate::abi::*;
use crate::schema::model::{ClassModel, Method, Parameter, Property, Qualifier};
use crate::schema::value::Value;
use crate::strings;

/// A MOF string literal.
pub(crate) fn string_literal(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn scalar(out: &mut String, v: &Value, i: usize) {
    match v.ty() & !MI_ARRAY {
        MI_STRING | MI_DATETIME => string_literal(out, &text::scalar(v, i)),
        MI_CHAR16 => {
            let unit: u16 = text::scalar(v, i).parse().unwrap_or(0);
            out.push_str(&format!("'\\x{unit:04X}'"));
        }
        _ => out.push_str(&text::scalar(v, i)),
    }
}

fn value(out: &mut String, v: &Value) {
    if v.ty() & MI_ARRAY != 0 {
        out.push('{');
        for i in 0..v.len() {
            if i > 0 {
                out.push_str(", ");
            }
            scalar(out, v, i);
        }
        out.push('}');
    } else {
        scalar(out, v, 0);
    }
}

/// Writes `obj` (after the instances it holds, each with an alias).
pub(crate) fn instance(obj: &Obj) -> SerialResult<String> {
    let mut out = String::new();
    let mut next = 1;
    instance_into(&mut out, obj, None, &mut next, 1)?;
    Ok(out)
}

fn instance_into(
    out: &mut String,
    obj: &Obj,
    alias: Option<usize>,
    next: &mut usize,
    level: usize,
) -> SerialResult<()> {
    if level > super::MAX_NEST {
        return Err(SerialError::limit("instances nested too deep"));
    }
    // The nested instances first: their aliases, in property order.
    let mut names: Vec<Vec<usize>> = Vec::with_capacity(obj.props.len());
    for p in &obj.props {
        let mut ids = Vec::new();
        let nested: Vec<&Obj> = match &p.value {
            Some(Val::Inst(o)) => vec![o],
            Some(Val::Insts(os)) => os.iter().collect(),
            _ => Vec::new(),
        };
        for o in nested {
            let id = *next;
            *next += 1;
            instance_into(out, o, Some(id), next, level + 1)?;
            ids.push(id);
        }
        names.push(ids);
    }
    out.push_str("instance of ");
    out.push_str(&obj.class);
    if let Some(id) = alias {
        out.push_str(&format!(" as $Alias{id}"));
    }
    out.push_str("\n{\n");
    for (p, ids) in obj.props.iter().zip(names) {
        if p.value.is_none() && !p.modified {
            continue;
        }
        out.push_str("    ");
        out.push_str(&p.name);
        out.push_str(" = ");
        match &p.value {
            None => out.push_str("NULL"),
            Some(Val::Plain(v)) => value(out, v),
            Some(Val::Inst(_)) => out.push_str(&format!("$Alias{}", ids[0])),
            Some(Val::Insts(_)) => {
                let list: Vec<String> = ids.iter().map(|i| format!("$Alias{i}")).collect();
                out.push('{');
                out.push_str(&list.join(", "));
                out.push('}');
            }
        }
        out.push_str(";\n");
    }
    out.push_str("};\n\n");
    Ok(())
}

/// The classes (parents first), then the instance.
pub(crate) fn instance_with_classes(obj: &Obj, classes: &[&ClassModel]) -> SerialResult<String> {
    let mut out = String::new();
    for c in classes {
        class_into(&mut out, c, 0)?;
    }
    out.push_str(&instance(obj)?);
    Ok(out)
}

fn qualifier_list(
    out: &mut String,
    quals: &[Qualifier],
    flags: MI_Uint32,
    mask: MI_Uint32,
    embedded: Option<Option<&str>>,
) {
    let mut items: Vec<String> = Vec::new();
    for q in quals {
        let mut s = q.name.as_str().to_owned();
        match &q.value {
            Some(Value::Boolean(true)) => {}
            Some(v) if v.ty() & MI_ARRAY != 0 => value(&mut s, v),
            Some(v) => {
                s.push('(');
                value(&mut s, v);
                s.push(')');
            }
            None => s.push_str("(NULL)"),
        }
        let mut flavors = Vec::new();
        for (bit, word) in [
            (MI_FLAG_ENABLEOVERRIDE, "EnableOverride"),
            (MI_FLAG_DISABLEOVERRIDE, "DisableOverride"),
            (MI_FLAG_TOSUBCLASS, "ToSubclass"),
            (MI_FLAG_RESTRICTED, "Restricted"),
            (MI_FLAG_TRANSLATABLE, "Translatable"),
        ] {
            if q.flavor & bit != 0 {
                flavors.push(word);
            }
        }
        if !flavors.is_empty() {
            s.push_str(" : ");
            s.push_str(&flavors.join(" "));
        }
        items.push(s);
    }
    let has = |n: &str| quals.iter().any(|q| strings::cim_eq(q.name.as_str(), n));
    for &(bit, name) in FLAG_QUALIFIERS {
        if bit & mask != 0 && flags & bit != 0 && !has(name) {
            items.push(name.to_owned());
        }
    }
    if let Some(class) = embedded
        && !has("EmbeddedInstance")
        && !has("EmbeddedObject")
    {
        match class {
            Some(c) => {
                let mut s = String::from("EmbeddedInstance(");
                string_literal(&mut s, c);
                s.push(')');
                items.push(s);
            }
            None => items.push("EmbeddedObject".into()),
        }
    }
    if !items.is_empty() {
        out.push('[');
        out.push_str(&items.join(", "));
        out.push_str("] ");
    }
}

const PROPERTY_FLAGS: MI_Uint32 = MI_FLAG_KEY | MI_FLAG_REQUIRED | MI_FLAG_STATIC | MI_FLAG_EXPENSIVE;
const CLASS_FLAGS: MI_Uint32 = MI_FLAG_ASSOCIATION | MI_FLAG_INDICATION | MI_FLAG_ABSTRACT | MI_FLAG_TERMINAL;
const METHOD_FLAGS: MI_Uint32 = MI_FLAG_STATIC | MI_FLAG_ABSTRACT;
const PARAMETER_FLAGS: MI_Uint32 = MI_FLAG_IN | MI_FLAG_OUT | MI_FLAG_REQUIRED | MI_FLAG_STREAM;

/// A class declaration. Inherited properties and methods are written only with
/// `MI_SERIALIZER_FLAGS_CLASS_DEEP` or `FLAG_INCLUDE_INHERITED_ELEMENTS`.
pub(crate) fn class(c: &ClassModel, flags: MI_Uint32) -> SerialResult<String> {
    let mut out = String::new();
    class_into(&mut out, c, flags)?;
    Ok(out)
}

fn type_and_name(out: &mut String, ty: MI_Type, class: Option<&str>, name: &str, subscript: MI_Uint32) {
    match ty & !MI_ARRAY {
        MI_REFERENCE => {
            out.push_str(class.unwrap_or("Object"));
            out.push_str(" REF ");
        }
        MI_INSTANCE => out.push_str("string "),
        t => {
            out.push_str(super::type_keyword(t));
            out.push(' ');
        }
    }
    out.push_str(name);
    if ty & MI_ARRAY != 0 {
        if subscript != 0 {
            out.push_str(&format!("[{subscript}]"));
        } else {
            out.push_str("[]");
        }
    }
}

fn class_into(out: &mut String, c: &ClassModel, flags: MI_Uint32) -> SerialResult<()> {
    let all = flags & (MI_SERIALIZER_FLAGS_CLASS_DEEP | super::FLAG_INCLUDE_INHERITED_ELEMENTS) != 0;
    let inherited = |p: &Option<strings::Name>| {
        p.as_ref()
            .is_some_and(|p| !strings::cim_eq(p.as_str(), c.name.as_str()))
    };
    qualifier_list(out, &c.qualifiers, c.flags, CLASS_FLAGS, None);
    out.push_str("class ");
    out.push_str(c.name.as_str());
    if let Some(s) = &c.superclass {
        out.push_str(" : ");
        out.push_str(s.as_str());
    }
    out.push_str("\n{\n");
    for p in c.properties.iter().filter(|p| all || !inherited(&p.propagator)) {
        property(out, p);
    }
    for m in c.methods.iter().filter(|m| all || !inherited(&m.propagator)) {
        method(out, m);
    }
    out.push_str("};\n\n");
    Ok(())
}

fn property(out: &mut String, p: &Property) {
    out.push_str("    ");
    let class = p.class_name.as_ref().map(|n| n.as_str());
    let embedded = (p.ty & !MI_ARRAY == MI_INSTANCE).then_some(class);
    qualifier_list(out, &p.qualifiers, p.flags, PROPERTY_FLAGS, embedded);
    type_and_name(out, p.ty, class, p.name.as_str(), p.subscript);
    if let Some(v) = &p.default {
        out.push_str(" = ");
        value(out, v);
    }
    out.push_str(";\n");
}

fn method(out: &mut String, m: &Method) {
    out.push_str("    ");
    let mut quals = m.qualifiers.clone();
    for q in &m.return_qualifiers {
        if !quals
            .iter()
            .any(|x| strings::cim_eq(x.name.as_str(), q.name.as_str()))
        {
            quals.push(q.clone());
        }
    }
    let class = m.return_class.as_ref().map(|n| n.as_str());
    let embedded = (m.return_type & !MI_ARRAY == MI_INSTANCE).then_some(class);
    qualifier_list(out, &quals, m.flags, METHOD_FLAGS, embedded);
    type_and_name(out, m.return_type, class, m.name.as_str(), 0);
    out.push('(');
    for (i, p) in m.parameters.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        parameter(out, p);
    }
    out.push_str(");\n");
}

fn parameter(out: &mut String, p: &Parameter) {
    let class = p.class_name.as_ref().map(|n| n.as_str());
    let embedded = (p.ty & !MI_ARRAY == MI_INSTANCE).then_some(class);
    qualifier_list(out, &p.qualifiers, p.flags, PARAMETER_FLAGS, embedded);
    type_and_name(out, p.ty, class, p.name.as_str(), p.subscript);
}
