//! The owned model of a class. Plain data with crate-visible fields: the reader fills it
//! from declarations, the host and the protocol code build it by hand, and
//! [`ClassModel::check`] says whether it can be turned into a declaration.
//!
//! Orders are the declaration's: `properties[i]` is `MI_ClassDecl.properties[i]` (the
//! index generated setters use), `methods[i]` is `MI_ClassDecl.methods[i]`. A method's
//! `parameters` leave out the `MIReturn` pseudo-parameter: its type, class and qualifiers
//! are `return_type`, `return_class` and `return_qualifiers`.

use super::value::{Value, is_value_type};
use super::{MAX_DEPTH, MAX_METHODS, MAX_PARAMETERS, MAX_PROPERTIES, MAX_QUALIFIERS, MIRETURN};
use super::{Reason, SchemaError};
use crate::abi::*;
use crate::instance::value::is_valid_type;
use crate::strings::{self, Name};
use std::sync::Arc;

/// A qualifier: `flavor` is the `MI_FLAG_*` flavor bits as declared (`ENABLEOVERRIDE`,
/// `TOSUBCLASS`, `TRANSLATABLE`, ...). `value` is `None` for a qualifier without a value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Qualifier {
    pub(crate) name: Name,
    pub(crate) ty: MI_Type,
    pub(crate) flavor: MI_Uint32,
    pub(crate) value: Option<Value>,
}

/// A qualifier declaration of a schema (`MI_QualifierDecl`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QualifierDecl {
    pub(crate) name: Name,
    pub(crate) ty: MI_Type,
    pub(crate) scope: MI_Uint32,
    pub(crate) flavor: MI_Uint32,
    pub(crate) subscript: MI_Uint32,
    pub(crate) value: Option<Value>,
}

/// A property.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Property {
    pub(crate) name: Name,
    pub(crate) ty: MI_Type,
    /// `MI_FLAG_PROPERTY`, `KEY`, `READONLY`, ... as declared.
    pub(crate) flags: MI_Uint32,
    /// The class of a reference, or of an embedded instance (`EmbeddedInstance`).
    pub(crate) class_name: Option<Name>,
    pub(crate) subscript: MI_Uint32,
    pub(crate) default: Option<Value>,
    pub(crate) qualifiers: Vec<Qualifier>,
    /// The class that first declared the property.
    pub(crate) origin: Option<Name>,
    /// The class that last declared (or overrode) it.
    pub(crate) propagator: Option<Name>,
}

/// A method parameter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parameter {
    pub(crate) name: Name,
    pub(crate) ty: MI_Type,
    /// `MI_FLAG_PARAMETER`, `IN`, `OUT`, `STREAM`, ... as declared.
    pub(crate) flags: MI_Uint32,
    pub(crate) class_name: Option<Name>,
    pub(crate) subscript: MI_Uint32,
    pub(crate) qualifiers: Vec<Qualifier>,
}

/// A method.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Method {
    pub(crate) name: Name,
    /// `MI_FLAG_METHOD`, `STATIC`, ... as declared.
    pub(crate) flags: MI_Uint32,
    pub(crate) qualifiers: Vec<Qualifier>,
    pub(crate) return_type: MI_Type,
    pub(crate) return_class: Option<Name>,
    pub(crate) return_qualifiers: Vec<Qualifier>,
    pub(crate) parameters: Vec<Parameter>,
    pub(crate) origin: Option<Name>,
    pub(crate) propagator: Option<Name>,
}

/// A class.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClassModel {
    pub(crate) name: Name,
    /// `MI_FLAG_CLASS`, `ASSOCIATION`, `INDICATION`, `ABSTRACT`, `TERMINAL`, ... as declared.
    pub(crate) flags: MI_Uint32,
    pub(crate) qualifiers: Vec<Qualifier>,
    /// The parent's name, if the class has one.
    pub(crate) superclass: Option<Name>,
    /// The parent's model, when it is known (from `superClassDecl`, or set by the builder).
    /// When set, its name is `superclass`.
    pub(crate) parent: Option<Arc<ClassModel>>,
    pub(crate) properties: Vec<Property>,
    pub(crate) methods: Vec<Method>,
}

/// Where in a class an element is, for error messages.
pub(crate) fn place(class: &str, rest: &[(&str, &str)]) -> String {
    let mut s = format!("class `{class}`");
    for (kind, name) in rest {
        s.push_str(&format!(", {kind} `{name}`"));
    }
    s
}

fn err(class: &str, rest: &[(&str, &str)], reason: Reason) -> SchemaError {
    SchemaError::new(place(class, rest), reason)
}

fn check_name(name: &Name) -> Result<(), Reason> {
    if strings::is_legal_cim_name(name.as_str()) {
        Ok(())
    } else {
        Err(Reason::IllegalName(name.as_str().to_owned()))
    }
}

fn check_count(field: &'static str, n: usize, max: u32) -> Result<(), Reason> {
    if n > max as usize {
        Err(Reason::TooMany {
            field,
            count: n as u64,
            max: u64::from(max),
        })
    } else {
        Ok(())
    }
}

fn check_type(ty: MI_Type) -> Result<(), Reason> {
    if is_valid_type(ty) {
        Ok(())
    } else {
        Err(Reason::BadType(ty))
    }
}

/// A value of the declared type, with text fit for C.
pub(crate) fn check_value(ty: MI_Type, v: &Value) -> Result<(), Reason> {
    if !is_value_type(ty) {
        return Err(Reason::Unsupported(
            "default and qualifier values of instance or reference types",
        ));
    }
    if v.ty() != ty {
        return Err(Reason::TypeMismatch {
            declared: ty,
            found: v.ty(),
        });
    }
    if v.len() > super::MAX_ARRAY_VALUES as usize {
        return Err(Reason::TooMany {
            field: "array value size",
            count: v.len() as u64,
            max: u64::from(super::MAX_ARRAY_VALUES),
        });
    }
    if v.strings().any(|s| s.contains('\0')) {
        return Err(Reason::NulInString);
    }
    if let Some(s) = v.strings().find(|s| s.len() > super::MAX_STRING_VALUE_CHARS) {
        return Err(Reason::TooMany {
            field: "string value length",
            count: s.len() as u64,
            max: super::MAX_STRING_VALUE_CHARS as u64,
        });
    }
    Ok(())
}

/// Finds the index of `name` (case-insensitive) in a list.
fn position<T>(items: &[T], name: &str, key: impl Fn(&T) -> &Name) -> Option<usize> {
    items.iter().position(|x| strings::cim_eq(key(x).as_str(), name))
}

/// Whether a list has a name twice; returns the second spelling.
fn duplicate<T>(items: &[T], key: impl Fn(&T) -> &Name) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .map(|x| key(x).as_str())
        .find(|n| !seen.insert(fold(n)))
        .map(str::to_owned)
}

/// A name folded for case-insensitive keys (the same equivalence as `strings::cim_eq`).
pub(crate) fn fold(name: &str) -> String {
    if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        name.chars().flat_map(char::to_lowercase).collect()
    }
}

/// Checks one qualifier list of an element (`rest` says which element).
fn check_qualifiers(class: &str, rest: &[(&str, &str)], quals: &[Qualifier]) -> Result<(), SchemaError> {
    check_count("numQualifiers", quals.len(), MAX_QUALIFIERS).map_err(|r| err(class, rest, r))?;
    for q in quals {
        let mut here = rest.to_vec();
        here.push(("qualifier", q.name.as_str()));
        let fail = |r| err(class, &here, r);
        check_name(&q.name).map_err(fail)?;
        check_type(q.ty).map_err(fail)?;
        if let Some(v) = &q.value {
            check_value(q.ty, v).map_err(fail)?;
        }
    }
    if let Some(d) = duplicate(quals, |q| &q.name) {
        return Err(err(class, rest, Reason::Duplicate(d)));
    }
    Ok(())
}

impl Qualifier {
    pub(crate) fn new(name: &str, value: Value, flavor: MI_Uint32) -> Self {
        Self {
            name: Name::new(name),
            ty: value.ty(),
            flavor,
            value: Some(value),
        }
    }
}

impl Property {
    /// A property of `ty` with `MI_FLAG_PROPERTY` and nothing else.
    pub(crate) fn new(name: &str, ty: MI_Type) -> Self {
        Self {
            name: Name::new(name),
            ty,
            flags: MI_FLAG_PROPERTY,
            class_name: None,
            subscript: 0,
            default: None,
            qualifiers: Vec::new(),
            origin: None,
            propagator: None,
        }
    }
}

impl Parameter {
    pub(crate) fn new(name: &str, ty: MI_Type, flags: MI_Uint32) -> Self {
        Self {
            name: Name::new(name),
            ty,
            flags: MI_FLAG_PARAMETER | flags,
            class_name: None,
            subscript: 0,
            qualifiers: Vec::new(),
        }
    }
}

impl Method {
    pub(crate) fn new(name: &str, return_type: MI_Type) -> Self {
        Self {
            name: Name::new(name),
            flags: MI_FLAG_METHOD,
            qualifiers: Vec::new(),
            return_type,
            return_class: None,
            return_qualifiers: Vec::new(),
            parameters: Vec::new(),
            origin: None,
            propagator: None,
        }
    }

    /// Index of the parameter called `name` (case-insensitive; `MIReturn` is not one).
    pub(crate) fn parameter(&self, name: &str) -> Option<usize> {
        position(&self.parameters, name, |p| &p.name)
    }
}

impl ClassModel {
    /// An empty class with `MI_FLAG_CLASS`.
    pub(crate) fn new(name: &str) -> Self {
        Self {
            name: Name::new(name),
            flags: MI_FLAG_CLASS,
            qualifiers: Vec::new(),
            superclass: None,
            parent: None,
            properties: Vec::new(),
            methods: Vec::new(),
        }
    }

    /// Makes `parent` this class's resolved parent (and its name the superclass).
    pub(crate) fn set_parent(&mut self, parent: Arc<ClassModel>) {
        self.superclass = Some(parent.name.clone());
        self.parent = Some(parent);
    }

    /// Index of the property called `name` (case-insensitive).
    pub(crate) fn property(&self, name: &str) -> Option<usize> {
        position(&self.properties, name, |p| &p.name)
    }

    /// Index of the method called `name` (case-insensitive).
    pub(crate) fn method(&self, name: &str) -> Option<usize> {
        position(&self.methods, name, |m| &m.name)
    }

    /// The resolved ancestors, nearest first.
    pub(crate) fn ancestors(&self) -> impl Iterator<Item = &ClassModel> {
        std::iter::successors(self.parent.as_deref(), |c| c.parent.as_deref())
    }

    /// Whether this class is, or a resolved ancestor is, named `name`.
    pub(crate) fn is_a(&self, name: &str) -> bool {
        strings::cim_eq(self.name.as_str(), name)
            || self.ancestors().any(|c| strings::cim_eq(c.name.as_str(), name))
    }

    /// Whether the class itself says it is an association: `MI_FLAG_ASSOCIATION`, or a
    /// boolean `Association` qualifier that is true. (A subclass of an association is
    /// one too: [`ClassModel::is_association`] follows the resolved parents,
    /// `Registry::is_association` the registered ones.)
    pub(crate) fn declares_association(&self) -> bool {
        self.flags & MI_FLAG_ASSOCIATION != 0
            || self.qualifiers.iter().any(|q| {
                strings::cim_eq(q.name.as_str(), "Association") && q.value == Some(Value::Boolean(true))
            })
    }

    /// Whether this class or a resolved ancestor declares itself an association.
    pub(crate) fn is_association(&self) -> bool {
        self.declares_association() || self.ancestors().any(ClassModel::declares_association)
    }

    /// Checks that the model can become a declaration: legal names, known types, values
    /// of the declared types, no name twice in a list, counts within the limits, a parent
    /// whose name is `superclass`, a parent chain no deeper than the limit.
    pub(crate) fn check(&self) -> Result<(), SchemaError> {
        let depth = self.ancestors().take(MAX_DEPTH + 1).count();
        if depth > MAX_DEPTH {
            return Err(err(self.name.as_str(), &[], Reason::TooDeep { max: MAX_DEPTH }));
        }
        self.check_own()?;
        for a in self.ancestors() {
            a.check_own()?;
        }
        Ok(())
    }

    /// [`ClassModel::check`] for this class alone (not its ancestors).
    fn check_own(&self) -> Result<(), SchemaError> {
        let cls = self.name.as_str();
        let fail = |r| err(cls, &[], r);
        check_name(&self.name).map_err(fail)?;
        if self.flags & MI_FLAG_METHOD != 0 {
            return Err(fail(Reason::WrongKind { flags: self.flags }));
        }
        if let Some(s) = &self.superclass {
            check_name(s).map_err(fail)?;
        }
        if let Some(p) = &self.parent {
            let named = self.superclass.as_ref().map_or("", Name::as_str);
            if !strings::cim_eq(named, p.name.as_str()) {
                return Err(fail(Reason::SuperclassMismatch {
                    named: named.to_owned(),
                    declared: p.name.as_str().to_owned(),
                }));
            }
        }
        check_qualifiers(cls, &[], &self.qualifiers)?;
        check_count("numProperties", self.properties.len(), MAX_PROPERTIES).map_err(fail)?;
        for p in &self.properties {
            let here = [("property", p.name.as_str())];
            let fail = |r| err(cls, &here, r);
            check_name(&p.name).map_err(fail)?;
            check_type(p.ty).map_err(fail)?;
            for n in [&p.class_name, &p.origin, &p.propagator].into_iter().flatten() {
                check_name(n).map_err(fail)?;
            }
            if let Some(v) = &p.default {
                check_value(p.ty, v).map_err(fail)?;
            }
            check_qualifiers(cls, &here, &p.qualifiers)?;
        }
        if let Some(d) = duplicate(&self.properties, |p| &p.name) {
            return Err(fail(Reason::Duplicate(d)));
        }
        check_count("numMethods", self.methods.len(), MAX_METHODS).map_err(fail)?;
        for m in &self.methods {
            let here = [("method", m.name.as_str())];
            let fail = |r| err(cls, &here, r);
            check_name(&m.name).map_err(fail)?;
            check_type(m.return_type).map_err(fail)?;
            for n in [&m.return_class, &m.origin, &m.propagator].into_iter().flatten() {
                check_name(n).map_err(fail)?;
            }
            check_qualifiers(cls, &here, &m.qualifiers)?;
            check_qualifiers(
                cls,
                &[("method", m.name.as_str()), ("return value", MIRETURN)],
                &m.return_qualifiers,
            )?;
            // One more for MIReturn.
            check_count("numParameters", m.parameters.len() + 1, MAX_PARAMETERS).map_err(fail)?;
            for p in &m.parameters {
                let here = [("method", m.name.as_str()), ("parameter", p.name.as_str())];
                let fail = |r| err(cls, &here, r);
                check_name(&p.name).map_err(fail)?;
                if strings::cim_eq(p.name.as_str(), MIRETURN) {
                    return Err(fail(Reason::Duplicate(p.name.as_str().to_owned())));
                }
                check_type(p.ty).map_err(fail)?;
                if let Some(n) = &p.class_name {
                    check_name(n).map_err(fail)?;
                }
                check_qualifiers(cls, &here, &p.qualifiers)?;
            }
            if let Some(d) = duplicate(&m.parameters, |p| &p.name) {
                return Err(fail(Reason::Duplicate(d)));
            }
        }
        if let Some(d) = duplicate(&self.methods, |m| &m.name) {
            return Err(fail(Reason::Duplicate(d)));
        }
        Ok(())
    }
}
