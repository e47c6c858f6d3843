//! The `MI_XML` reader: CIM-XML (DSP0201) `<INSTANCE>`, `<CLASS>` and the `<CIM>`
//! document `MI_SERIALIZER_FLAGS_INSTANCE_WITH_CLASS` writes, into [`Obj`] and
//! [`ClassModel`].
//!
//! The document is read with quick-xml into a small tree first (one top-level element:
//! what follows it is left unread, and its length is what `serializedBufferRead`
//! reports). The tree is bounded: input size ([`MAX_INPUT`]), depth ([`MAX_XML_DEPTH`])
//! and element count; `<!DOCTYPE>` is refused, and so is every entity reference but the
//! five predefined ones and character references. Input that is not UTF-8 is an error
//! (found as the reader meets it).

use super::obj::{Obj, Prop, Val};
use super::xml_write::FLAG_QUALIFIERS;
use super::{MAX_INPUT, MAX_NEST, MAX_XML_DEPTH, SerialError, SerialResult, text, type_of_keyword};
use crate::abi::*;
use crate::schema::model::{ClassModel, Method, Parameter, Property, Qualifier};
use crate::schema::value::Value;
use crate::strings::{self, Name};
use quick_xml::Reader;
use quick_xml::events::Event;

/// Most elements one document may hold.
const MAX_ELEMENTS: usize = 1 << 22;

/// An element of the document tree.
#[derive(Debug, Default)]
pub(crate) struct Elem {
    pub(crate) name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Elem>,
    text: String,
    /// The one character reference that is the whole text, as a number (char16 values
    /// may be lone surrogates, which are no `char`).
    char_ref: Option<u32>,
    pieces: usize,
}

impl Elem {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn req(&self, name: &str) -> SerialResult<&str> {
        self.attr(name)
            .ok_or_else(|| SerialError::bad(format!("<{}> without the {name} attribute", self.name)))
    }

    /// An attribute's value (names compare case-insensitively).
    pub(crate) fn attr_value(&self, name: &str) -> Option<&str> {
        self.attr(name)
    }

    fn child(&self, name: &str) -> Option<&Elem> {
        self.children.iter().find(|c| c.name == name)
    }

    fn flag(&self, name: &str) -> bool {
        self.attr(name).is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
}

fn unescape_ref(name: &str) -> SerialResult<Result<char, u32>> {
    Ok(Ok(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let n = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse::<u32>().ok()
            } else {
                return Err(SerialError::bad(format!(
                    "entity `&{}`; is not allowed",
                    text::clip(name)
                )));
            };
            let n = n.ok_or_else(|| {
                SerialError::bad(format!("bad character reference `&{}`;", text::clip(name)))
            })?;
            return Ok(char::from_u32(n).filter(|&c| c != '\0').ok_or(n));
        }
    }))
}

/// Replaces the references in an attribute value (and normalizes its whitespace).
fn unescape_attr(raw: &str) -> SerialResult<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find(['&', '\t', '\n', '\r']) {
        out.push_str(&rest[..i]);
        if rest.as_bytes()[i] != b'&' {
            out.push(' ');
            rest = &rest[i + 1..];
            continue;
        }
        let end = rest[i..]
            .find(';')
            .ok_or_else(|| SerialError::bad("an unterminated reference in an attribute"))?;
        match unescape_ref(&rest[i + 1..i + end])? {
            Ok(c) => out.push(c),
            Err(n) => {
                return Err(SerialError::bad(format!(
                    "character reference {n} is not a character"
                )));
            }
        }
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Reads the first top-level element of `bytes`; returns it and the bytes read.
pub(crate) fn parse(bytes: &[u8]) -> SerialResult<(Elem, usize)> {
    if bytes.len() > MAX_INPUT {
        return Err(SerialError::limit(format!(
            "a document larger than {MAX_INPUT} bytes"
        )));
    }
    // The bytes reader checks UTF-8 event by event: a document at the start of a long
    // stream is not validated past its end.
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Elem> = Vec::new();
    let mut count = 0usize;
    loop {
        let pos = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| SerialError::bad(format!("malformed XML at byte {pos}: {e}")))?;
        let open = |e: &quick_xml::events::BytesStart<'_>| -> SerialResult<Elem> {
            let mut el = Elem {
                name: e.name().as_ref().to_owned(),
                ..Default::default()
            };
            for a in e.attributes() {
                let a = a.map_err(|e| SerialError::bad(format!("malformed attribute at byte {pos}: {e}")))?;
                el.attrs
                    .push((a.key.as_ref().to_owned(), unescape_attr(&a.value)?));
            }
            Ok(el)
        };
        match ev {
            Event::Start(e) | Event::Empty(e) if stack.len() >= MAX_XML_DEPTH => {
                let _ = e;
                return Err(SerialError::limit(format!(
                    "elements nested deeper than {MAX_XML_DEPTH}"
                )));
            }
            Event::Start(e) => {
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err(SerialError::limit("too many elements"));
                }
                stack.push(open(&e)?);
            }
            Event::Empty(e) => {
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err(SerialError::limit("too many elements"));
                }
                let el = open(&e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Ok((el, reader.buffer_position() as usize)),
                }
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| SerialError::bad(format!("stray end tag at byte {pos}")))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Ok((el, reader.buffer_position() as usize)),
                }
            }
            Event::Text(t) => {
                let raw = t.into_inner();
                match stack.last_mut() {
                    Some(el) => {
                        el.text.push_str(&raw.replace("\r\n", "\n").replace('\r', "\n"));
                        el.pieces += 1;
                    }
                    None if raw.trim().is_empty() => {}
                    None => {
                        return Err(SerialError::bad(format!(
                            "text outside the element at byte {pos}"
                        )));
                    }
                }
            }
            Event::CData(t) => {
                let el = stack
                    .last_mut()
                    .ok_or_else(|| SerialError::bad("CDATA outside the element"))?;
                el.text.push_str(&t.into_inner());
                el.pieces += 1;
            }
            Event::GeneralRef(r) => {
                let el = stack.last_mut().ok_or_else(|| {
                    SerialError::bad(format!("a reference outside the element at byte {pos}"))
                })?;
                let name = r.into_inner();
                let c = unescape_ref(&name)?;
                el.char_ref =
                    (el.pieces == 0 && name.starts_with('#')).then(|| c.map_or_else(|n| n, |c| c as u32));
                el.pieces += 1;
                match c {
                    Ok(c) => el.text.push(c),
                    Err(_) => el.text.push('\u{FFFD}'),
                }
            }
            Event::DocType(_) => return Err(SerialError::bad("<!DOCTYPE> is not allowed")),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => return Err(SerialError::bad("the document ends before its element does")),
        }
    }
}

fn check_name(what: &str, s: &str) -> SerialResult<()> {
    if strings::is_legal_cim_name(s) {
        Ok(())
    } else {
        Err(SerialError::bad(format!(
            "{what} `{}` is not a legal CIM name",
            text::clip(s)
        )))
    }
}

/// A `<VALUE>`'s scalar of type `ty`.
fn scalar(e: &Elem, ty: MI_Type) -> SerialResult<Value> {
    if e.name != "VALUE" {
        return Err(SerialError::bad(format!("<{}> where a <VALUE> belongs", e.name)));
    }
    if ty & !MI_ARRAY == MI_CHAR16 {
        if let (Some(n), 1) = (e.char_ref, e.pieces) {
            return u16::try_from(n)
                .map(Value::Char16)
                .map_err(|_| SerialError::bad(format!("char16 value {n} out of range")));
        }
        return text::parse_scalar(MI_CHAR16, &e.text);
    }
    if e.text.contains('\u{FFFD}') && e.char_ref.is_some() {
        return Err(SerialError::bad("a character reference that is not a character"));
    }
    text::parse_scalar(ty, &e.text)
}

/// A `<VALUE>` or `<VALUE.ARRAY>` of type `ty`.
fn typed_value(e: &Elem, ty: MI_Type) -> SerialResult<Value> {
    if ty & MI_ARRAY != 0 {
        if e.name != "VALUE.ARRAY" {
            return Err(SerialError::bad(format!(
                "<{}> where a <VALUE.ARRAY> belongs",
                e.name
            )));
        }
        let mut items = Vec::with_capacity(e.children.len());
        for c in &e.children {
            if c.name == "VALUE.NULL" {
                return Err(SerialError::new(
                    MI_RESULT_NOT_SUPPORTED,
                    "NULL elements of an array",
                ));
            }
            items.push(scalar(c, ty)?);
        }
        text::gather(ty, items)
    } else {
        scalar(e, ty)
    }
}

fn value_child(e: &Elem) -> Option<&Elem> {
    e.children
        .iter()
        .find(|c| c.name == "VALUE" || c.name == "VALUE.ARRAY")
}

fn cim_type(e: &Elem, attr: &str) -> SerialResult<MI_Type> {
    let t = e.req(attr)?;
    type_of_keyword(t)
        .ok_or_else(|| SerialError::bad(format!("<{}>: unknown type `{}`", e.name, text::clip(t))))
}

/// Reads the instance in a document: a bare `<INSTANCE>`, or the `<CIM>` document with
/// classes (returned too, in document order).
pub(crate) fn instance_document(root: &Elem) -> SerialResult<(Obj, Vec<ClassModel>)> {
    match root.name.as_str() {
        "INSTANCE" => Ok((instance(root, 1)?, Vec::new())),
        "VALUE.OBJECT" | "CIM" => {
            let (objects, ns) = objects(root)?;
            let mut classes = Vec::new();
            let mut inst = None;
            for o in objects {
                match o.name.as_str() {
                    "CLASS" => {
                        if classes.len() >= super::MAX_CLASSES {
                            return Err(SerialError::limit("too many classes"));
                        }
                        classes.push(class(o)?);
                    }
                    "INSTANCE" => inst = Some(o),
                    _ => {}
                }
            }
            let el = inst.ok_or_else(|| SerialError::bad("the document holds no <INSTANCE>"))?;
            let mut obj = instance(el, 1)?;
            if let Some((host, ns)) = ns {
                obj.namespace = Some(ns);
                obj.server = host;
            }
            Ok((obj, classes))
        }
        other => Err(SerialError::bad(format!("<{other}> is not an instance"))),
    }
}

/// The `<CLASS>` of a document (bare, or the first in a `<CIM>` document).
pub(crate) fn class_document(root: &Elem) -> SerialResult<ClassModel> {
    class(class_element(root)?)
}

/// The `<CLASS>` element of a document.
pub(crate) fn class_element(root: &Elem) -> SerialResult<&Elem> {
    match root.name.as_str() {
        "CLASS" => Ok(root),
        "VALUE.OBJECT" | "CIM" => objects(root)?
            .0
            .into_iter()
            .find(|o| o.name == "CLASS")
            .ok_or_else(|| SerialError::bad("the document holds no <CLASS>")),
        other => Err(SerialError::bad(format!("<{other}> is not a class"))),
    }
}

/// The `<INSTANCE>` element of a document.
pub(crate) fn instance_element(root: &Elem) -> SerialResult<&Elem> {
    match root.name.as_str() {
        "INSTANCE" => Ok(root),
        "VALUE.OBJECT" | "CIM" => objects(root)?
            .0
            .into_iter()
            .rfind(|o| o.name == "INSTANCE")
            .ok_or_else(|| SerialError::bad("the document holds no <INSTANCE>")),
        other => Err(SerialError::bad(format!("<{other}> is not an instance"))),
    }
}

type NsPath = Option<(Option<String>, String)>;

/// The objects of `<VALUE.OBJECT>` or `<CIM><DECLARATION><DECLGROUP>`, and the
/// declaration group's namespace path.
fn objects(root: &Elem) -> SerialResult<(Vec<&Elem>, NsPath)> {
    if root.name == "VALUE.OBJECT" {
        return Ok((root.children.iter().collect(), None));
    }
    let group = root
        .child("DECLARATION")
        .and_then(|d| d.child("DECLGROUP"))
        .ok_or_else(|| SerialError::bad("<CIM> without <DECLARATION><DECLGROUP>"))?;
    let mut ns = None;
    let mut out = Vec::new();
    for c in &group.children {
        match c.name.as_str() {
            "LOCALNAMESPACEPATH" => ns = Some((None, local_namespace(c)?)),
            "NAMESPACEPATH" => ns = Some(namespace_path(c)?),
            "VALUE.OBJECT" => out.extend(c.children.iter()),
            _ => {}
        }
    }
    Ok((out, ns))
}

fn local_namespace(e: &Elem) -> SerialResult<String> {
    let parts = e
        .children
        .iter()
        .filter(|c| c.name == "NAMESPACE")
        .map(|c| c.req("NAME").map(str::to_owned))
        .collect::<SerialResult<Vec<_>>>()?;
    Ok(parts.join("/"))
}

fn namespace_path(e: &Elem) -> SerialResult<(Option<String>, String)> {
    let host = e.child("HOST").map(|h| h.text.trim().to_owned());
    let ns = e
        .child("LOCALNAMESPACEPATH")
        .ok_or_else(|| SerialError::bad("<NAMESPACEPATH> without <LOCALNAMESPACEPATH>"))?;
    Ok((host, local_namespace(ns)?))
}

/// An `<INSTANCE>`.
pub(crate) fn instance(e: &Elem, level: usize) -> SerialResult<Obj> {
    if level > MAX_NEST {
        return Err(SerialError::limit(format!(
            "instances nested deeper than {MAX_NEST}"
        )));
    }
    if e.name != "INSTANCE" {
        return Err(SerialError::bad(format!(
            "<{}> where an <INSTANCE> belongs",
            e.name
        )));
    }
    let class = e.req("CLASSNAME")?;
    check_name("class name", class)?;
    let mut obj = Obj::new(class);
    let mut seen = std::collections::HashSet::new();
    for p in &e.children {
        let kind = p.name.as_str();
        if !matches!(kind, "PROPERTY" | "PROPERTY.ARRAY" | "PROPERTY.REFERENCE") {
            continue;
        }
        let name = p.req("NAME")?;
        check_name("property name", name)?;
        if !seen.insert(crate::schema::model::fold(name)) {
            return Err(SerialError::bad(format!("property `{name}` twice")));
        }
        let mut flags = 0;
        let mut embedded = p.attr("EmbeddedObject").is_some();
        for q in p.children.iter().filter(|q| q.name == "QUALIFIER") {
            let qn = q.attr("NAME").unwrap_or("");
            let truth = q
                .child("VALUE")
                .is_some_and(|v| v.text.trim().eq_ignore_ascii_case("true"));
            if strings::cim_eq(qn, "Key") && truth {
                flags |= MI_FLAG_KEY;
            }
            if strings::cim_eq(qn, "EmbeddedInstance") || (strings::cim_eq(qn, "EmbeddedObject") && truth) {
                embedded = true;
            }
        }
        let modified = p.attr("MODIFIED").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let (ty, value) = match kind {
            "PROPERTY.REFERENCE" => {
                let v = match p.child("VALUE.REFERENCE") {
                    Some(r) => Some(Val::Inst(Box::new(reference(r, level + 1)?))),
                    None => None,
                };
                (MI_REFERENCE, v)
            }
            _ => {
                let array = kind == "PROPERTY.ARRAY";
                let base = if embedded {
                    MI_INSTANCE
                } else {
                    cim_type(p, "TYPE")?
                };
                let ty = if array { base | MI_ARRAY } else { base };
                let v = match value_child(p) {
                    None => None,
                    Some(v) if embedded => Some(if array {
                        if v.name != "VALUE.ARRAY" {
                            return Err(SerialError::bad(format!(
                                "property `{name}`: an array needs <VALUE.ARRAY>"
                            )));
                        }
                        let items = v
                            .children
                            .iter()
                            .map(|c| embedded_instance(c, level))
                            .collect::<SerialResult<Vec<_>>>()?;
                        Val::Insts(items)
                    } else {
                        Val::Inst(Box::new(embedded_instance(v, level)?))
                    }),
                    Some(v) => Some(Val::Plain(typed_value(v, ty).map_err(|e| {
                        SerialError::new(e.result, format!("property `{name}`: {}", e.message))
                    })?)),
                };
                (ty, v)
            }
        };
        obj.props.push(Prop {
            name: name.to_owned(),
            ty,
            flags,
            modified,
            value,
        });
    }
    Ok(obj)
}

/// An embedded instance: a `<VALUE>` whose text is an `<INSTANCE>` element.
fn embedded_instance(v: &Elem, level: usize) -> SerialResult<Obj> {
    if v.name != "VALUE" {
        return Err(SerialError::bad(format!(
            "<{}> where an embedded instance's <VALUE> belongs",
            v.name
        )));
    }
    let (inner, _) = parse(v.text.trim().as_bytes())?;
    let el = instance_element(&inner)?;
    instance(el, level + 1)
}

/// A `<VALUE.REFERENCE>`: the referenced instance's keys as an instance.
fn reference(e: &Elem, level: usize) -> SerialResult<Obj> {
    if level > MAX_NEST {
        return Err(SerialError::limit("references nested too deep"));
    }
    let path = e
        .children
        .first()
        .ok_or_else(|| SerialError::bad("an empty <VALUE.REFERENCE>"))?;
    let (ns, name) = match path.name.as_str() {
        "INSTANCEPATH" => {
            let np = path
                .child("NAMESPACEPATH")
                .ok_or_else(|| SerialError::bad("<INSTANCEPATH> without <NAMESPACEPATH>"))?;
            (Some(namespace_path(np)?), path.child("INSTANCENAME"))
        }
        "LOCALINSTANCEPATH" => {
            let lp = path
                .child("LOCALNAMESPACEPATH")
                .ok_or_else(|| SerialError::bad("<LOCALINSTANCEPATH> without <LOCALNAMESPACEPATH>"))?;
            (Some((None, local_namespace(lp)?)), path.child("INSTANCENAME"))
        }
        "INSTANCENAME" => (None, Some(path)),
        other => {
            return Err(SerialError::new(
                MI_RESULT_NOT_SUPPORTED,
                format!("<{other}> references are not supported (instances only)"),
            ));
        }
    };
    let name = name.ok_or_else(|| SerialError::bad("a reference without <INSTANCENAME>"))?;
    let class = name.req("CLASSNAME")?;
    check_name("class name", class)?;
    let mut obj = Obj::new(class);
    if let Some((host, ns)) = ns {
        obj.namespace = Some(ns);
        obj.server = host;
    }
    for kb in &name.children {
        if kb.name != "KEYBINDING" {
            return Err(SerialError::new(
                MI_RESULT_NOT_SUPPORTED,
                format!("<{}> in <INSTANCENAME> (key bindings only)", kb.name),
            ));
        }
        let key = kb.req("NAME")?;
        check_name("key name", key)?;
        let body = kb
            .children
            .first()
            .ok_or_else(|| SerialError::bad(format!("key binding `{key}` without a value")))?;
        let (ty, value) = match body.name.as_str() {
            "KEYVALUE" => {
                let ty = match body.attr("TYPE") {
                    Some(t) => type_of_keyword(t)
                        .ok_or_else(|| SerialError::bad(format!("key `{key}`: unknown type `{t}`")))?,
                    None => guess_key_type(body.attr("VALUETYPE").unwrap_or("string"), body.text.trim()),
                };
                let v = if ty == MI_CHAR16 {
                    match body.char_ref {
                        Some(n) => Value::Char16(
                            u16::try_from(n).map_err(|_| SerialError::bad("char16 out of range"))?,
                        ),
                        None => text::parse_scalar(ty, &body.text)?,
                    }
                } else {
                    text::parse_scalar(ty, &body.text)?
                };
                (ty, Val::Plain(v))
            }
            "VALUE.REFERENCE" => (MI_REFERENCE, Val::Inst(Box::new(reference(body, level + 1)?))),
            other => return Err(SerialError::bad(format!("<{other}> in a key binding"))),
        };
        obj.props.push(Prop {
            name: key.to_owned(),
            ty,
            flags: MI_FLAG_KEY,
            modified: true,
            value: Some(value),
        });
    }
    Ok(obj)
}

fn guess_key_type(value_type: &str, s: &str) -> MI_Type {
    match value_type {
        "boolean" => MI_BOOLEAN,
        "numeric" if s.starts_with('-') && s.parse::<i64>().is_ok() => MI_SINT64,
        "numeric" if s.parse::<u64>().is_ok() => MI_UINT64,
        "numeric" => MI_REAL64,
        _ => MI_STRING,
    }
}

/// A `<QUALIFIER>`.
fn qualifier(e: &Elem) -> SerialResult<Qualifier> {
    let name = e.req("NAME")?;
    check_name("qualifier name", name)?;
    let array = value_child(e).is_some_and(|v| v.name == "VALUE.ARRAY");
    let base = cim_type(e, "TYPE")?;
    let ty = if array { base | MI_ARRAY } else { base };
    let mut flavor = 0;
    match e.attr("OVERRIDABLE").map(|v| v.eq_ignore_ascii_case("true")) {
        Some(true) => flavor |= MI_FLAG_ENABLEOVERRIDE,
        Some(false) => flavor |= MI_FLAG_DISABLEOVERRIDE,
        None => {}
    }
    match e.attr("TOSUBCLASS").map(|v| v.eq_ignore_ascii_case("true")) {
        Some(true) => flavor |= MI_FLAG_TOSUBCLASS,
        Some(false) => flavor |= MI_FLAG_RESTRICTED,
        None => {}
    }
    if e.flag("TRANSLATABLE") {
        flavor |= MI_FLAG_TRANSLATABLE;
    }
    let value = value_child(e).map(|v| typed_value(v, ty)).transpose()?;
    Ok(Qualifier {
        name: Name::new(name),
        ty,
        flavor,
        value,
    })
}

/// The qualifiers of an element and the flags the ones in `mask` stand for (true
/// booleans), and the class an `EmbeddedInstance` / `EmbeddedObject` qualifier names
/// (`Some(None)`: an embedded object of any class).
fn qualifiers(
    e: &Elem,
    mask: MI_Uint32,
) -> SerialResult<(Vec<Qualifier>, MI_Uint32, Option<Option<String>>)> {
    let mut quals = Vec::new();
    let mut flags = 0;
    let mut embedded = None;
    for q in e.children.iter().filter(|c| c.name == "QUALIFIER") {
        let q = qualifier(q)?;
        if quals
            .iter()
            .any(|x: &Qualifier| strings::cim_eq(x.name.as_str(), q.name.as_str()))
        {
            return Err(SerialError::bad(format!("qualifier `{}` twice", q.name.as_str())));
        }
        for &(bit, n) in FLAG_QUALIFIERS {
            if bit & mask != 0 && strings::cim_eq(q.name.as_str(), n) && q.value == Some(Value::Boolean(true))
            {
                flags |= bit;
            }
        }
        if strings::cim_eq(q.name.as_str(), "EmbeddedInstance") {
            if let Some(Value::String(c)) = &q.value {
                check_name("embedded class", c)?;
                embedded = Some(Some(c.clone()));
            }
        } else if strings::cim_eq(q.name.as_str(), "EmbeddedObject") && q.value == Some(Value::Boolean(true))
        {
            embedded.get_or_insert(None);
        }
        quals.push(q);
    }
    Ok((quals, flags, embedded))
}

fn opt_name(e: &Elem, attr: &str) -> SerialResult<Option<Name>> {
    match e.attr(attr) {
        Some(n) => {
            check_name(attr, n)?;
            Ok(Some(Name::new(n)))
        }
        None => Ok(None),
    }
}

const PROPERTY_FLAGS: MI_Uint32 = MI_FLAG_KEY | MI_FLAG_REQUIRED | MI_FLAG_STATIC | MI_FLAG_EXPENSIVE;
const CLASS_FLAGS: MI_Uint32 = MI_FLAG_ASSOCIATION | MI_FLAG_INDICATION | MI_FLAG_ABSTRACT | MI_FLAG_TERMINAL;
const METHOD_FLAGS: MI_Uint32 = MI_FLAG_STATIC | MI_FLAG_ABSTRACT;
const PARAMETER_FLAGS: MI_Uint32 = MI_FLAG_IN | MI_FLAG_OUT | MI_FLAG_REQUIRED | MI_FLAG_STREAM;

/// Reads a `<CLASS>` element into a model (not checked yet; no parent attached).
pub(crate) fn class(e: &Elem) -> SerialResult<ClassModel> {
    if e.name != "CLASS" {
        return Err(SerialError::bad(format!("<{}> where a <CLASS> belongs", e.name)));
    }
    let name = e.req("NAME")?;
    check_name("class name", name)?;
    let mut c = ClassModel::new(name);
    c.superclass = opt_name(e, "SUPERCLASS")?;
    let (quals, flags, _) = qualifiers(e, CLASS_FLAGS)?;
    c.qualifiers = quals;
    c.flags |= flags;
    let superclass = c.superclass.clone();
    let propagated = |el: &Elem, origin: &Option<Name>| -> Option<Name> {
        el.flag("PROPAGATED")
            .then(|| origin.clone().or_else(|| superclass.clone()))
            .flatten()
    };
    for el in &e.children {
        match el.name.as_str() {
            "PROPERTY" | "PROPERTY.ARRAY" | "PROPERTY.REFERENCE" => {
                let pname = el.req("NAME")?;
                check_name("property name", pname)?;
                let (quals, flags, embedded) = qualifiers(el, PROPERTY_FLAGS)?;
                let array = el.name == "PROPERTY.ARRAY";
                let (ty, class_name) = if el.name == "PROPERTY.REFERENCE" {
                    (MI_REFERENCE, opt_name(el, "REFERENCECLASS")?)
                } else if let Some(cls) = embedded {
                    let ty = if array { MI_INSTANCEA } else { MI_INSTANCE };
                    (ty, cls.map(|c| Name::new(&c)))
                } else {
                    let base = cim_type(el, "TYPE")?;
                    (if array { base | MI_ARRAY } else { base }, None)
                };
                let mut p = Property::new(pname, ty);
                p.flags |= flags;
                p.class_name = class_name;
                p.qualifiers = quals;
                p.subscript = el
                    .attr("ARRAYSIZE")
                    .map(|s| s.trim().parse())
                    .transpose()
                    .map_err(|_| SerialError::bad(format!("property `{pname}`: bad ARRAYSIZE")))?
                    .unwrap_or(0);
                p.origin = opt_name(el, "CLASSORIGIN")?;
                p.propagator = propagated(el, &p.origin);
                if !matches!(ty & !MI_ARRAY, MI_INSTANCE | MI_REFERENCE)
                    && let Some(v) = value_child(el)
                {
                    p.default = Some(typed_value(v, ty)?);
                }
                c.properties.push(p);
            }
            "METHOD" => c.methods.push(method(el, &propagated)?),
            _ => {}
        }
    }
    Ok(c)
}

fn method(e: &Elem, propagated: &dyn Fn(&Elem, &Option<Name>) -> Option<Name>) -> SerialResult<Method> {
    let name = e.req("NAME")?;
    check_name("method name", name)?;
    let (quals, flags, embedded) = qualifiers(e, METHOD_FLAGS)?;
    let ret = match e.attr("TYPE") {
        Some(_) => cim_type(e, "TYPE")?,
        None => MI_UINT32,
    };
    let mut m = Method::new(name, if embedded.is_some() { MI_INSTANCE } else { ret });
    m.flags |= flags;
    m.qualifiers = quals;
    m.return_class = embedded.flatten().map(|c| Name::new(&c));
    m.origin = opt_name(e, "CLASSORIGIN")?;
    m.propagator = propagated(e, &m.origin);
    for p in &e.children {
        let (array, reference) = match p.name.as_str() {
            "PARAMETER" => (false, false),
            "PARAMETER.ARRAY" => (true, false),
            "PARAMETER.REFERENCE" => (false, true),
            "PARAMETER.REFARRAY" => (true, true),
            _ => continue,
        };
        let pname = p.req("NAME")?;
        check_name("parameter name", pname)?;
        let (quals, flags, embedded) = qualifiers(p, PARAMETER_FLAGS)?;
        let (base, class_name) = if reference {
            (MI_REFERENCE, opt_name(p, "REFERENCECLASS")?)
        } else if let Some(cls) = embedded {
            (MI_INSTANCE, cls.map(|c| Name::new(&c)))
        } else {
            (cim_type(p, "TYPE")?, None)
        };
        let ty = if array { base | MI_ARRAY } else { base };
        let mut param = Parameter::new(pname, ty, flags);
        param.class_name = class_name;
        param.qualifiers = quals;
        param.subscript = p
            .attr("ARRAYSIZE")
            .map(|s| s.trim().parse())
            .transpose()
            .map_err(|_| SerialError::bad(format!("parameter `{pname}`: bad ARRAYSIZE")))?
            .unwrap_or(0);
        m.parameters.push(param);
    }
    Ok(m)
}

/// Reads a CIM-XML `<CLASS>` (bare, or the first one of a `<CIM>` document) into a
/// checked model without a resolved parent. For the WS-Management codec's GetClass.
#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the WS-Management codec's GetClass (a later issue)")
)]
pub(crate) fn read_class_xml(bytes: &[u8]) -> SerialResult<ClassModel> {
    let (root, _) = parse(bytes)?;
    let c = class_document(&root)?;
    c.check()
        .map_err(|e| SerialError::bad(format!("class refused: {e}")))?;
    Ok(c)
}

/// The class name attribute `attr` of an element, checked.
pub(crate) fn class_name_attr(e: &Elem, attr: &str) -> SerialResult<String> {
    let n = e.req(attr)?;
    check_name("class name", n)?;
    Ok(n.to_owned())
}
