//! The MOF reader: a small hand-written lexer and recursive-descent parser for the part
//! of DSP0004 MOF that instances and classes use: `#pragma namespace`, qualifier lists
//! with flavors, `class Name : Super { ... };` with properties (defaults, arrays,
//! `REF`), methods and parameters, `instance of Class [as $Alias] { Prop = value; };`
//! with literals (integers in decimal, hex, octal and binary, reals, strings with
//! escapes and concatenation, char16, booleans, NULL), arrays and aliases. Qualifier
//! declarations (`qualifier Name : type ...;`) are read and skipped.
//!
//! Values are typed by the class of the instance when one is known (declared in the
//! document, passed by the caller or found through the callback), else inferred from the
//! literal. Bounded: input size, token count, nesting depth.

use super::obj::{Obj, Prop, Val, coerce};
use super::xml_write::FLAG_QUALIFIERS;
use super::{MAX_INPUT, MAX_NEST, SerialError, SerialResult, text};
use crate::abi::*;
use crate::schema::model::{ClassModel, Method, Parameter, Property, Qualifier};
use crate::schema::value::Value;
use crate::strings::{self, Name};
use std::collections::HashMap;
use std::sync::Arc;

/// Most tokens one document may hold.
const MAX_TOKENS: usize = 1 << 22;
/// Most nested braces (arrays in arrays are refused anyway).
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Int(String),
    Real(f64),
    Str(String),
    Char(u16),
    Alias(String),
    Punct(char),
    Pragma,
}

struct Lexer<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

fn lex_err(at: usize, what: impl Into<String>) -> SerialError {
    SerialError::bad(format!("MOF, byte {at}: {}", what.into()))
}

impl<'a> Lexer<'a> {
    fn skip(&mut self) -> SerialResult<()> {
        loop {
            match self.s.get(self.i..self.i + 2) {
                Some(b"//") => {
                    while self.i < self.s.len() && self.s[self.i] != b'\n' {
                        self.i += 1;
                    }
                }
                Some(b"/*") => {
                    let start = self.i;
                    self.i += 2;
                    loop {
                        if self.i + 1 >= self.s.len() {
                            return Err(lex_err(start, "unterminated comment"));
                        }
                        if &self.s[self.i..self.i + 2] == b"*/" {
                            self.i += 2;
                            break;
                        }
                        self.i += 1;
                    }
                }
                _ => {
                    if self.i < self.s.len() && (self.s[self.i] as char).is_ascii_whitespace() {
                        self.i += 1;
                    } else {
                        return Ok(());
                    }
                }
            }
        }
    }

    fn escape(&mut self, start: usize) -> SerialResult<u32> {
        let c = *self
            .s
            .get(self.i)
            .ok_or_else(|| lex_err(start, "unterminated escape"))?;
        self.i += 1;
        Ok(match c {
            b'n' => 10,
            b't' => 9,
            b'r' => 13,
            b'b' => 8,
            b'f' => 12,
            b'"' => 34,
            b'\'' => 39,
            b'\\' => 92,
            b'x' | b'X' => {
                let from = self.i;
                while self.i < self.s.len()
                    && self.i - from < 4
                    && (self.s[self.i] as char).is_ascii_hexdigit()
                {
                    self.i += 1;
                }
                u32::from_str_radix(&self.text[from..self.i], 16)
                    .map_err(|_| lex_err(start, "bad \\x escape"))?
            }
            _ => return Err(lex_err(start, format!("unknown escape `\\{}`", c as char))),
        })
    }

    fn next(&mut self) -> SerialResult<Option<(usize, Tok)>> {
        self.skip()?;
        let start = self.i;
        let Some(&c) = self.s.get(self.i) else {
            return Ok(None);
        };
        let tok = match c {
            b'"' => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    let from = self.i;
                    while self.i < self.s.len() && self.s[self.i] != b'"' && self.s[self.i] != b'\\' {
                        self.i += 1;
                    }
                    out.push_str(&self.text[from..self.i]);
                    match self.s.get(self.i) {
                        None => return Err(lex_err(start, "unterminated string")),
                        Some(b'"') => {
                            self.i += 1;
                            break;
                        }
                        _ => {
                            self.i += 1;
                            let u = self.escape(start)?;
                            out.push(char::from_u32(u).filter(|&c| c != '\0').ok_or_else(|| {
                                lex_err(start, format!("escape \\x{u:04X} is not a character of a string"))
                            })?);
                        }
                    }
                }
                Tok::Str(out)
            }
            b'\'' => {
                self.i += 1;
                let unit = match self.s.get(self.i) {
                    Some(b'\\') => {
                        self.i += 1;
                        self.escape(start)?
                    }
                    Some(_) => {
                        let ch = self.text[self.i..]
                            .chars()
                            .next()
                            .ok_or_else(|| lex_err(start, "bad char"))?;
                        self.i += ch.len_utf8();
                        ch as u32
                    }
                    None => return Err(lex_err(start, "unterminated char16")),
                };
                if self.s.get(self.i) != Some(&b'\'') {
                    return Err(lex_err(start, "a char16 literal holds one character"));
                }
                self.i += 1;
                Tok::Char(u16::try_from(unit).map_err(|_| lex_err(start, "char16 out of range"))?)
            }
            b'$' => {
                self.i += 1;
                let from = self.i;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
                {
                    self.i += 1;
                }
                if from == self.i {
                    return Err(lex_err(start, "`$` without an alias name"));
                }
                Tok::Alias(self.text[from..self.i].to_owned())
            }
            b'#' => {
                // Bytes, not text: what follows `#` may be a multi-byte character.
                let rest = &self.s[self.i..];
                if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"#pragma") {
                    self.i += 7;
                    Tok::Pragma
                } else {
                    return Err(lex_err(start, "unknown directive"));
                }
            }
            b'0'..=b'9' | b'-' | b'+' | b'.' => {
                let from = self.i;
                self.i += 1;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_alphanumeric()
                        || self.s[self.i] == b'.'
                        || ((self.s[self.i] == b'-' || self.s[self.i] == b'+')
                            && matches!(self.s[self.i - 1], b'e' | b'E')))
                {
                    self.i += 1;
                }
                let t = &self.text[from..self.i];
                let body = t.trim_start_matches(['-', '+']);
                let is_hex = body.starts_with("0x") || body.starts_with("0X");
                if body == "INF" {
                    // The writer's infinities (MOF has no literal for them; ours reads back).
                    Tok::Real(if t.starts_with('-') {
                        f64::NEG_INFINITY
                    } else {
                        f64::INFINITY
                    })
                } else if !is_hex && (t.contains('.') || t.contains('e') || t.contains('E')) {
                    Tok::Real(
                        t.parse()
                            .map_err(|_| lex_err(start, format!("bad real `{}`", text::clip(t))))?,
                    )
                } else if t == "-" || t == "+" {
                    return Err(lex_err(start, "a sign without a number"));
                } else {
                    Tok::Int(t.to_owned())
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let from = self.i;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_alphanumeric()
                        || self.s[self.i] == b'_'
                        || self.s[self.i] >= 0x80)
                {
                    self.i += 1;
                }
                Tok::Ident(self.text[from..self.i].to_owned())
            }
            b'[' | b']' | b'(' | b')' | b'{' | b'}' | b',' | b';' | b':' | b'=' => {
                self.i += 1;
                Tok::Punct(c as char)
            }
            _ => return Err(lex_err(start, format!("unexpected `{}`", c as char))),
        };
        Ok(Some((start, tok)))
    }
}

fn tokenize(bytes: &[u8]) -> SerialResult<Vec<(usize, Tok)>> {
    if bytes.len() > MAX_INPUT {
        return Err(SerialError::limit(format!(
            "a document larger than {MAX_INPUT} bytes"
        )));
    }
    // A NUL ends the document (a C string passed with its terminator).
    let bytes = bytes.iter().position(|&b| b == 0).map_or(bytes, |n| &bytes[..n]);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| SerialError::bad(format!("the MOF is not UTF-8 (byte {})", e.valid_up_to())))?;
    let mut lx = Lexer { s: bytes, text, i: 0 };
    let mut out = Vec::new();
    while let Some(t) = lx.next()? {
        if out.len() >= MAX_TOKENS {
            return Err(SerialError::limit("too many MOF tokens"));
        }
        out.push(t);
    }
    Ok(out)
}

/// A literal before it is typed.
#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Int(String),
    Real(f64),
    Str(String),
    Char(u16),
    Bool(bool),
    Null,
    Alias(String),
    /// An embedded instance written in place: `instance of Class { ... }`.
    Inline(Box<RawInstance>),
    Array(Vec<Lit>),
}

/// What a document declares.
#[derive(Debug, Default)]
pub(crate) struct Document {
    pub(crate) classes: Vec<ClassModel>,
    /// Instances in document order, each with its alias.
    instances: Vec<(Option<String>, RawInstance)>,
}

#[derive(Debug, Clone, PartialEq)]
struct RawInstance {
    class: String,
    namespace: Option<String>,
    props: Vec<(String, Lit)>,
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    i: usize,
    namespace: Option<String>,
}

fn is_kw(t: &Tok, kw: &str) -> bool {
    matches!(t, Tok::Ident(s) if s.eq_ignore_ascii_case(kw))
}

impl Parser {
    fn at(&self) -> usize {
        self.toks.get(self.i).map_or(usize::MAX, |t| t.0)
    }

    fn err(&self, what: impl Into<String>) -> SerialError {
        match self.toks.get(self.i) {
            Some((at, _)) => SerialError::bad(format!("MOF, byte {at}: {}", what.into())),
            None => SerialError::bad(format!("MOF, at the end: {}", what.into())),
        }
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.1)
    }

    fn bump(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.i).map(|t| t.1.clone());
        self.i += 1;
        t
    }

    fn punct(&mut self, c: char) -> SerialResult<()> {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(format!("`{c}` expected")))
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn ident(&mut self, what: &str) -> SerialResult<String> {
        match self.bump() {
            Some(Tok::Ident(s)) => Ok(s),
            _ => {
                self.i -= 1;
                Err(self.err(format!("{what} expected")))
            }
        }
    }

    fn name(&mut self, what: &str) -> SerialResult<String> {
        let n = self.ident(what)?;
        if !strings::is_legal_cim_name(&n) {
            return Err(self.err(format!("{what} `{}` is not a legal CIM name", text::clip(&n))));
        }
        Ok(n)
    }

    fn literal(&mut self, depth: usize) -> SerialResult<Lit> {
        if depth > MAX_DEPTH {
            return Err(SerialError::limit("MOF values nested too deep"));
        }
        let t = self.bump().ok_or_else(|| self.err("a value expected"))?;
        Ok(match t {
            Tok::Int(s) => Lit::Int(s),
            Tok::Real(x) => Lit::Real(x),
            Tok::Str(mut s) => {
                // Adjacent strings concatenate.
                while let Some(Tok::Str(more)) = self.peek() {
                    s.push_str(more);
                    self.i += 1;
                }
                Lit::Str(s)
            }
            Tok::Char(c) => Lit::Char(c),
            Tok::Alias(a) => Lit::Alias(a),
            Tok::Ident(w) if w.eq_ignore_ascii_case("true") => Lit::Bool(true),
            Tok::Ident(w) if w.eq_ignore_ascii_case("false") => Lit::Bool(false),
            Tok::Ident(w) if w.eq_ignore_ascii_case("null") => Lit::Null,
            // The writer's non-finite reals (`text::real64`): no MOF literal exists for them.
            Tok::Ident(w) if w == "INF" => Lit::Real(f64::INFINITY),
            Tok::Ident(w) if w == "NaN" => Lit::Real(f64::NAN),
            Tok::Ident(w) if w.eq_ignore_ascii_case("instance") => {
                let of = self.ident("`of`")?;
                if !of.eq_ignore_ascii_case("of") {
                    return Err(self.err("`instance of` expected"));
                }
                let class = self.name("class name")?;
                Lit::Inline(Box::new(self.instance_body(class, depth + 1)?))
            }
            Tok::Punct('{') => {
                let mut items = Vec::new();
                if !self.eat('}') {
                    loop {
                        let item = self.literal(depth + 1)?;
                        if matches!(item, Lit::Array(_)) {
                            return Err(self.err("arrays of arrays are not allowed"));
                        }
                        items.push(item);
                        if self.eat('}') {
                            break;
                        }
                        self.punct(',')?;
                    }
                }
                Lit::Array(items)
            }
            _ => {
                self.i -= 1;
                return Err(self.err("a value expected"));
            }
        })
    }

    /// `[Name(value) : Flavor ..., ...]`, if present.
    fn qualifiers(&mut self) -> SerialResult<Vec<Qualifier>> {
        let mut out: Vec<Qualifier> = Vec::new();
        if !self.eat('[') {
            return Ok(out);
        }
        loop {
            let name = self.name("qualifier name")?;
            let lit = if self.eat('(') {
                let v = self.literal(0)?;
                self.punct(')')?;
                v
            } else if self.peek() == Some(&Tok::Punct('{')) {
                self.literal(0)?
            } else {
                Lit::Bool(true)
            };
            let mut flavor = 0;
            if self.eat(':') {
                while let Some(Tok::Ident(w)) = self.peek() {
                    let bit = match w.to_ascii_lowercase().as_str() {
                        "enableoverride" => MI_FLAG_ENABLEOVERRIDE,
                        "disableoverride" => MI_FLAG_DISABLEOVERRIDE,
                        "tosubclass" => MI_FLAG_TOSUBCLASS,
                        "restricted" => MI_FLAG_RESTRICTED,
                        "translatable" => MI_FLAG_TRANSLATABLE,
                        _ => return Err(self.err(format!("unknown flavor `{}`", text::clip(w)))),
                    };
                    flavor |= bit;
                    self.i += 1;
                }
            }
            if out.iter().any(|q| strings::cim_eq(q.name.as_str(), &name)) {
                return Err(self.err(format!("qualifier `{name}` twice")));
            }
            let value = infer(&lit).map_err(|e| self.err(format!("qualifier `{name}`: {}", e.message)))?;
            let ty = match &value {
                Some(v) => v.ty(),
                None => MI_STRING,
            };
            out.push(Qualifier {
                name: Name::new(&name),
                ty,
                flavor,
                value,
            });
            if self.eat(']') {
                break;
            }
            self.punct(',')?;
        }
        Ok(out)
    }

    /// `type [REF] name [ [n] ]`: type, class (reference class), name, subscript.
    fn typed_name(&mut self) -> SerialResult<(MI_Type, Option<String>, String, MI_Uint32, bool)> {
        let t = self.name("type")?;
        let (mut ty, class) = if matches!(self.peek(), Some(tk) if is_kw(tk, "ref")) {
            self.i += 1;
            // `Object REF`: a reference to any class.
            (MI_REFERENCE, (!t.eq_ignore_ascii_case("object")).then_some(t))
        } else {
            let ty = super::type_of_keyword(&t)
                .ok_or_else(|| self.err(format!("unknown type `{}`", text::clip(&t))))?;
            (ty, None)
        };
        let name = self.name("name")?;
        let mut subscript = 0;
        let mut is_array = false;
        if self.eat('[') {
            is_array = true;
            if let Some(Tok::Int(n)) = self.peek() {
                subscript = n.parse().map_err(|_| self.err("bad array size"))?;
                self.i += 1;
            }
            self.punct(']')?;
            ty |= MI_ARRAY;
        }
        Ok((ty, class, name, subscript, is_array))
    }

    fn class(&mut self, quals: Vec<Qualifier>) -> SerialResult<ClassModel> {
        let name = self.name("class name")?;
        let mut c = ClassModel::new(&name);
        if self.eat(':') {
            c.superclass = Some(Name::new(&self.name("superclass name")?));
        }
        c.flags |= flag_bits(&quals, CLASS_FLAGS);
        c.qualifiers = quals;
        self.punct('{')?;
        while !self.eat('}') {
            if self.peek().is_none() {
                return Err(self.err("unterminated class"));
            }
            let quals = self.qualifiers()?;
            let (ty, class, pname, subscript, _) = self.typed_name()?;
            let embedded = embedded_class(&quals);
            if self.eat('(') {
                let mut m = Method::new(&pname, if embedded.is_some() { MI_INSTANCE } else { ty });
                m.flags |= flag_bits(&quals, METHOD_FLAGS);
                m.return_class = class.or(embedded.flatten()).map(|c| Name::new(&c));
                m.qualifiers = quals;
                if !self.eat(')') {
                    loop {
                        let quals = self.qualifiers()?;
                        let (pty, pclass, prname, psub, arr) = self.typed_name()?;
                        let emb = embedded_class(&quals);
                        let pty = if emb.is_some() {
                            if arr { MI_INSTANCEA } else { MI_INSTANCE }
                        } else {
                            pty
                        };
                        let mut p = Parameter::new(&prname, pty, flag_bits(&quals, PARAMETER_FLAGS));
                        p.class_name = pclass.or(emb.flatten()).map(|c| Name::new(&c));
                        p.subscript = psub;
                        p.qualifiers = quals;
                        m.parameters.push(p);
                        if self.eat(')') {
                            break;
                        }
                        self.punct(',')?;
                    }
                }
                c.methods.push(m);
            } else {
                let ty = match embedded {
                    Some(_) if ty & MI_ARRAY != 0 => MI_INSTANCEA,
                    Some(_) => MI_INSTANCE,
                    None => ty,
                };
                let mut p = Property::new(&pname, ty);
                p.flags |= flag_bits(&quals, PROPERTY_FLAGS);
                p.class_name = class.or(embedded.flatten()).map(|c| Name::new(&c));
                p.subscript = subscript;
                p.qualifiers = quals;
                if self.eat('=') {
                    let lit = self.literal(0)?;
                    if !matches!(ty & !MI_ARRAY, MI_INSTANCE | MI_REFERENCE) {
                        p.default = typed(&lit, ty)
                            .map_err(|e| self.err(format!("property `{pname}`: {}", e.message)))?;
                    }
                }
                c.properties.push(p);
            }
            self.punct(';')?;
        }
        self.punct(';')?;
        Ok(c)
    }

    fn instance(&mut self) -> SerialResult<(Option<String>, RawInstance)> {
        let of = self.ident("`of`")?;
        if !of.eq_ignore_ascii_case("of") {
            return Err(self.err("`instance of` expected"));
        }
        let class = self.name("class name")?;
        let mut alias = None;
        if matches!(self.peek(), Some(t) if is_kw(t, "as")) {
            self.i += 1;
            match self.bump() {
                Some(Tok::Alias(a)) => alias = Some(a),
                _ => return Err(self.err("`$alias` expected")),
            }
        }
        let body = self.instance_body(class, 0)?;
        self.punct(';')?;
        Ok((alias, body))
    }

    /// `{ Prop = value; ... }` of an instance of `class` (a top-level one or one written in
    /// place as a value, `depth` levels down).
    fn instance_body(&mut self, class: String, depth: usize) -> SerialResult<RawInstance> {
        if depth > MAX_DEPTH {
            return Err(SerialError::limit("MOF values nested too deep"));
        }
        self.punct('{')?;
        let mut props: Vec<(String, Lit)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        while !self.eat('}') {
            if self.peek().is_none() {
                return Err(self.err("unterminated instance"));
            }
            let _ = self.qualifiers()?;
            let name = self.name("property name")?;
            if !seen.insert(crate::schema::model::fold(&name)) {
                return Err(self.err(format!("property `{name}` twice")));
            }
            self.punct('=')?;
            let lit = self.literal(depth)?;
            self.punct(';')?;
            props.push((name, lit));
        }
        Ok(RawInstance {
            class,
            namespace: self.namespace.clone(),
            props,
        })
    }

    fn document(&mut self) -> SerialResult<Document> {
        let mut doc = Document::default();
        while self.peek().is_some() {
            if self.peek() == Some(&Tok::Pragma) {
                self.i += 1;
                let name = self.ident("pragma name")?;
                self.punct('(')?;
                let v = self.literal(0)?;
                self.punct(')')?;
                if name.eq_ignore_ascii_case("namespace")
                    && let Lit::Str(ns) = v
                {
                    self.namespace = Some(ns);
                }
                continue;
            }
            let quals = self.qualifiers()?;
            let kw = self.ident("`class`, `instance` or `qualifier`")?;
            if kw.eq_ignore_ascii_case("class") {
                if doc.classes.len() >= super::MAX_CLASSES {
                    return Err(SerialError::limit("too many classes"));
                }
                doc.classes.push(self.class(quals)?);
            } else if kw.eq_ignore_ascii_case("instance") {
                doc.instances.push(self.instance()?);
            } else if kw.eq_ignore_ascii_case("qualifier") {
                // A qualifier declaration: skipped to its `;`.
                let at = self.at();
                while !self.eat(';') {
                    if self.bump().is_none() {
                        return Err(SerialError::bad(format!(
                            "MOF, byte {at}: unterminated qualifier declaration"
                        )));
                    }
                }
            } else {
                self.i -= 1;
                return Err(self.err(format!("unexpected `{}`", text::clip(&kw))));
            }
        }
        Ok(doc)
    }
}

const PROPERTY_FLAGS: MI_Uint32 = MI_FLAG_KEY | MI_FLAG_REQUIRED | MI_FLAG_STATIC | MI_FLAG_EXPENSIVE;
const CLASS_FLAGS: MI_Uint32 = MI_FLAG_ASSOCIATION | MI_FLAG_INDICATION | MI_FLAG_ABSTRACT | MI_FLAG_TERMINAL;
const METHOD_FLAGS: MI_Uint32 = MI_FLAG_STATIC | MI_FLAG_ABSTRACT;
const PARAMETER_FLAGS: MI_Uint32 = MI_FLAG_IN | MI_FLAG_OUT | MI_FLAG_REQUIRED | MI_FLAG_STREAM;

fn flag_bits(quals: &[Qualifier], mask: MI_Uint32) -> MI_Uint32 {
    let mut flags = 0;
    for &(bit, n) in FLAG_QUALIFIERS {
        if bit & mask != 0
            && quals
                .iter()
                .any(|q| strings::cim_eq(q.name.as_str(), n) && q.value == Some(Value::Boolean(true)))
        {
            flags |= bit;
        }
    }
    flags
}

fn embedded_class(quals: &[Qualifier]) -> Option<Option<String>> {
    for q in quals {
        if strings::cim_eq(q.name.as_str(), "EmbeddedInstance")
            && let Some(Value::String(c)) = &q.value
        {
            return Some(Some(c.clone()));
        }
        if strings::cim_eq(q.name.as_str(), "EmbeddedObject") && q.value == Some(Value::Boolean(true)) {
            return Some(None);
        }
    }
    None
}

/// The value a literal has without a declared type: integers `sint64` when negative,
/// else `uint64`; reals `real64`; strings, char16, booleans as they are.
fn infer(l: &Lit) -> SerialResult<Option<Value>> {
    Ok(Some(match l {
        Lit::Null => return Ok(None),
        Lit::Int(s) => {
            if s.starts_with('-') {
                int_value(s, MI_SINT64)?
            } else {
                int_value(s, MI_UINT64)?
            }
        }
        Lit::Real(x) => Value::Real64(*x),
        Lit::Str(s) => Value::String(s.clone()),
        Lit::Char(c) => Value::Char16(*c),
        Lit::Bool(b) => Value::Boolean(*b),
        Lit::Alias(a) => return Err(SerialError::bad(format!("alias `${a}` where a value belongs"))),
        Lit::Inline(_) => return Err(SerialError::bad("an instance where a value belongs")),
        Lit::Array(items) => {
            let vals = items
                .iter()
                .map(|i| {
                    infer(i)?
                        .ok_or_else(|| SerialError::new(MI_RESULT_NOT_SUPPORTED, "NULL elements of an array"))
                })
                .collect::<SerialResult<Vec<_>>>()?;
            let ty = vals.first().map_or(MI_STRING, Value::ty);
            // Mixed signs: all signed.
            let ty = if vals.iter().any(|v| v.ty() == MI_SINT64) && ty == MI_UINT64 {
                MI_SINT64
            } else {
                ty
            };
            let vals = vals
                .into_iter()
                .map(|v| coerce(v, ty))
                .collect::<SerialResult<Vec<_>>>()?;
            text::gather(ty | MI_ARRAY, vals)?
        }
    }))
}

/// An integer literal (decimal, `0x` hex, `0` octal, `b`-suffixed binary) as `ty`.
fn int_value(s: &str, ty: MI_Type) -> SerialResult<Value> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let n: Option<i128> = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        i128::from_str_radix(h, 16).ok()
    } else if let Some(b) = body.strip_suffix(['b', 'B']) {
        i128::from_str_radix(b, 2).ok()
    } else if body.len() > 1 && body.starts_with('0') {
        i128::from_str_radix(&body[1..], 8).ok()
    } else {
        body.parse::<i128>().ok()
    };
    let n = n.ok_or_else(|| SerialError::bad(format!("bad integer `{}`", text::clip(s))))?;
    let n = if neg { -n } else { n };
    let bad = || SerialError::bad(format!("{n} is out of range for {}", super::type_keyword(ty)));
    Ok(match ty & !MI_ARRAY {
        MI_UINT8 => Value::Uint8(n.try_into().map_err(|_| bad())?),
        MI_SINT8 => Value::Sint8(n.try_into().map_err(|_| bad())?),
        MI_UINT16 => Value::Uint16(n.try_into().map_err(|_| bad())?),
        MI_SINT16 => Value::Sint16(n.try_into().map_err(|_| bad())?),
        MI_UINT32 => Value::Uint32(n.try_into().map_err(|_| bad())?),
        MI_SINT32 => Value::Sint32(n.try_into().map_err(|_| bad())?),
        MI_UINT64 => Value::Uint64(n.try_into().map_err(|_| bad())?),
        MI_SINT64 => Value::Sint64(n.try_into().map_err(|_| bad())?),
        MI_REAL32 => Value::Real32(n as f32),
        MI_REAL64 => Value::Real64(n as f64),
        MI_CHAR16 => Value::Char16(n.try_into().map_err(|_| bad())?),
        MI_BOOLEAN => return Err(bad()),
        _ => {
            return Err(SerialError::bad(format!(
                "an integer where a {} belongs",
                super::type_keyword(ty)
            )));
        }
    })
}

/// A literal as the declared plain type `ty`.
fn typed(l: &Lit, ty: MI_Type) -> SerialResult<Option<Value>> {
    let one = |l: &Lit| -> SerialResult<Value> {
        let base = ty & !MI_ARRAY;
        match l {
            Lit::Int(s) => int_value(s, base),
            Lit::Real(x) if base == MI_REAL64 => Ok(Value::Real64(*x)),
            Lit::Real(x) if base == MI_REAL32 => {
                let y = *x as f32;
                if x.is_finite() && !y.is_finite() {
                    return Err(SerialError::bad(format!("{x} is out of range for real32")));
                }
                Ok(Value::Real32(y))
            }
            Lit::Str(s) if base == MI_STRING => Ok(Value::String(s.clone())),
            Lit::Str(s) if base == MI_DATETIME => Ok(Value::Datetime(text::parse_datetime(s)?)),
            Lit::Str(s) if base == MI_CHAR16 => text::parse_scalar(MI_CHAR16, s),
            Lit::Char(c) if base == MI_CHAR16 => Ok(Value::Char16(*c)),
            Lit::Bool(b) if base == MI_BOOLEAN => Ok(Value::Boolean(*b)),
            Lit::Null => Err(SerialError::new(
                MI_RESULT_NOT_SUPPORTED,
                "NULL elements of an array",
            )),
            other => Err(SerialError::new(
                MI_RESULT_TYPE_MISMATCH,
                format!(
                    "{} where a {} belongs",
                    lit_kind(other),
                    super::type_keyword(base)
                ),
            )),
        }
    };
    match l {
        Lit::Null => Ok(None),
        Lit::Array(items) if ty & MI_ARRAY != 0 => {
            let vals = items.iter().map(one).collect::<SerialResult<Vec<_>>>()?;
            Ok(Some(text::gather(ty, vals)?))
        }
        Lit::Array(_) => Err(SerialError::new(
            MI_RESULT_TYPE_MISMATCH,
            "an array where a scalar belongs",
        )),
        _ if ty & MI_ARRAY != 0 => Err(SerialError::new(
            MI_RESULT_TYPE_MISMATCH,
            "a scalar where an array belongs",
        )),
        other => one(other).map(Some),
    }
}

fn lit_kind(l: &Lit) -> &'static str {
    match l {
        Lit::Int(_) => "an integer",
        Lit::Real(_) => "a real",
        Lit::Str(_) => "a string",
        Lit::Char(_) => "a char16",
        Lit::Bool(_) => "a boolean",
        Lit::Null => "NULL",
        Lit::Alias(_) => "an alias",
        Lit::Inline(_) => "an instance",
        Lit::Array(_) => "an array",
    }
}

/// Parses a MOF document.
pub(crate) fn parse(bytes: &[u8]) -> SerialResult<Document> {
    let toks = tokenize(bytes)?;
    Parser {
        toks,
        i: 0,
        namespace: None,
    }
    .document()
}

impl Document {
    /// The last class declaration (the ones before it may be its parents).
    pub(crate) fn last_class(&self) -> SerialResult<&ClassModel> {
        self.classes
            .last()
            .ok_or_else(|| SerialError::bad("the MOF declares no class"))
    }

    /// The class name of the instance [`Document::instance`] reads.
    pub(crate) fn instance_class(&self) -> SerialResult<&str> {
        self.main().map(|r| r.class.as_str())
    }

    fn main(&self) -> SerialResult<&RawInstance> {
        self.instances
            .iter()
            .rev()
            .find(|(alias, _)| alias.is_none())
            .or_else(|| self.instances.last())
            .map(|(_, r)| r)
            .ok_or_else(|| SerialError::bad("the MOF holds no instance"))
    }

    /// Every instance of the document in order (aliased ones too), each with its aliases
    /// resolved, typed as [`Document::instance`] types them.
    pub(crate) fn all_instances(
        &self,
        lookup: &dyn Fn(&str) -> Option<Arc<ClassModel>>,
    ) -> SerialResult<Vec<Obj>> {
        let mut aliases: HashMap<String, &RawInstance> = HashMap::new();
        for (a, r) in &self.instances {
            if let Some(a) = a {
                aliases.insert(a.to_ascii_lowercase(), r);
            }
        }
        let own: HashMap<String, Arc<ClassModel>> = self
            .classes
            .iter()
            .map(|c| (c.name.as_str().to_ascii_lowercase(), Arc::new(c.clone())))
            .collect();
        // The caller's lookup first: it has the document's classes completed with their
        // parents; the raw declarations are the fallback.
        let find = |name: &str| lookup(name).or_else(|| own.get(&name.to_ascii_lowercase()).cloned());
        self.instances
            .iter()
            .map(|(_, r)| resolve(r, &aliases, &find, 1))
            .collect()
    }

    /// The document's main instance (the last one without an alias, else the last one),
    /// with its aliases resolved, typed by `lookup` (and the document's own classes).
    pub(crate) fn instance(&self, lookup: &dyn Fn(&str) -> Option<Arc<ClassModel>>) -> SerialResult<Obj> {
        let mut aliases: HashMap<String, &RawInstance> = HashMap::new();
        for (a, r) in &self.instances {
            if let Some(a) = a {
                aliases.insert(a.to_ascii_lowercase(), r);
            }
        }
        let own: HashMap<String, Arc<ClassModel>> = self
            .classes
            .iter()
            .map(|c| (c.name.as_str().to_ascii_lowercase(), Arc::new(c.clone())))
            .collect();
        // As in `all_instances`: the caller's (completed) classes first.
        let find = |name: &str| lookup(name).or_else(|| own.get(&name.to_ascii_lowercase()).cloned());
        resolve(self.main()?, &aliases, &find, 1)
    }
}

fn resolve(
    r: &RawInstance,
    aliases: &HashMap<String, &RawInstance>,
    find: &dyn Fn(&str) -> Option<Arc<ClassModel>>,
    level: usize,
) -> SerialResult<Obj> {
    if level > MAX_NEST {
        return Err(SerialError::limit(format!(
            "instances nested deeper than {MAX_NEST} (or an alias cycle)"
        )));
    }
    let class = find(&r.class);
    let mut obj = Obj::new(&r.class);
    obj.namespace = r.namespace.clone();
    let alias_of = |a: &str| -> SerialResult<Obj> {
        let target = aliases
            .get(&a.to_ascii_lowercase())
            .ok_or_else(|| SerialError::bad(format!("alias `${a}` is not defined")))?;
        resolve(target, aliases, find, level + 1)
    };
    // An embedded instance: an alias, or an instance written in place.
    let embedded = |l: &Lit| -> Option<SerialResult<Obj>> {
        match l {
            Lit::Alias(a) => Some(alias_of(a)),
            Lit::Inline(r) => Some(resolve(r, aliases, find, level + 1)),
            _ => None,
        }
    };
    let is_embedded = |l: &Lit| matches!(l, Lit::Alias(_) | Lit::Inline(_));
    for (name, lit) in &r.props {
        let declared = class
            .as_ref()
            .and_then(|c| c.property(name).map(|i| &c.properties[i]));
        let (ty, flags) = match declared {
            Some(p) => (
                Some(p.ty),
                p.flags & (MI_FLAG_KEY | MI_FLAG_READONLY | MI_FLAG_REQUIRED),
            ),
            None if class.is_some() => {
                return Err(SerialError::new(
                    MI_RESULT_NO_SUCH_PROPERTY,
                    format!("class `{}` has no property `{name}`", r.class),
                ));
            }
            None => (None, 0),
        };
        let (ty, value) = match (lit, ty) {
            (l @ (Lit::Alias(_) | Lit::Inline(_)), t) => {
                let ty = t.unwrap_or(MI_INSTANCE);
                if ty & MI_ARRAY != 0 || !matches!(ty, MI_INSTANCE | MI_REFERENCE) {
                    return Err(SerialError::new(
                        MI_RESULT_TYPE_MISMATCH,
                        format!("property `{name}`: an instance for a non-instance"),
                    ));
                }
                let inner = embedded(l).unwrap_or_else(|| Err(SerialError::bad("an instance expected")))?;
                (ty, Some(Val::Inst(Box::new(inner))))
            }
            (Lit::Array(items), t) if !items.is_empty() && items.iter().all(is_embedded) => {
                let ty = t.unwrap_or(MI_INSTANCEA);
                if !matches!(ty, MI_INSTANCEA | MI_REFERENCEA) {
                    return Err(SerialError::new(
                        MI_RESULT_TYPE_MISMATCH,
                        format!("property `{name}`: aliases for a non-instance array"),
                    ));
                }
                let objs = items
                    .iter()
                    .map(|i| embedded(i).unwrap_or_else(|| Err(SerialError::bad("an instance expected"))))
                    .collect::<SerialResult<Vec<_>>>()?;
                (ty, Some(Val::Insts(objs)))
            }
            (Lit::Null, t) => (t.unwrap_or(MI_STRING), None),
            (l, Some(t)) if matches!(t & !MI_ARRAY, MI_INSTANCE | MI_REFERENCE) => {
                if let Lit::Array(items) = l
                    && items.is_empty()
                {
                    (t, Some(Val::Insts(Vec::new())))
                } else {
                    return Err(SerialError::new(
                        MI_RESULT_NOT_SUPPORTED,
                        format!(
                            "property `{name}`: an instance or reference value must be an alias or `instance of`"
                        ),
                    ));
                }
            }
            (l, Some(t)) => (
                t,
                typed(l, t)
                    .map_err(|e| SerialError::new(e.result, format!("property `{name}`: {}", e.message)))?
                    .map(Val::Plain),
            ),
            (l, None) => {
                let v = infer(l)
                    .map_err(|e| SerialError::new(e.result, format!("property `{name}`: {}", e.message)))?;
                let ty = v.as_ref().map_or(MI_STRING, Value::ty);
                (ty, v.map(Val::Plain))
            }
        };
        obj.props.push(Prop {
            name: name.clone(),
            ty,
            flags,
            modified: true,
            value,
        });
    }
    Ok(obj)
}
