//! Serializers and deserializers (docs/SPEC.md §8.5): instances and classes as CIM-XML
//! (DSP0201 `<INSTANCE>` / `<CLASS>` elements, the `MI_XML` format) and as MOF text (the
//! `MI_MOF_CIMV2_EXTV1` format).
//!
//! A pure core: [`obj`] reads any `MI_Instance` through its own function table into an
//! owned [`obj::Obj`] and builds the library's instances back from one; classes are
//! [`crate::schema::model::ClassModel`]s. The four codecs work on those owned models only:
//! [`xml_write`], [`xml_read`], [`mof_write`], [`mof_read`]. Every reader bounds the input
//! size, the nesting depth and the number of elements, and answers malformed input with a
//! [`SerialError`] that says where and why.

pub(crate) mod mof_read;
pub(crate) mod mof_write;
pub(crate) mod obj;
pub(crate) mod text;
pub(crate) mod wire;
pub(crate) mod xml_read;
pub(crate) mod xml_write;

#[cfg(test)]
pub(crate) mod tests;

use crate::abi::*;
use std::fmt;

/// The format names the application's `NewSerializer` / `NewDeserializer` accept.
pub(crate) const FORMAT_XML: &str = "MI_XML";
pub(crate) const FORMAT_MOF: &str = "MI_MOF_CIMV2_EXTV1";

/// Largest document a deserializer reads (bytes).
pub(crate) const MAX_INPUT: usize = 64 << 20;
/// Deepest element nesting an XML document may have, and deepest instance nesting
/// (embedded instances inside embedded instances) either format may describe.
pub(crate) const MAX_XML_DEPTH: usize = 256;
/// Most instances nested in one another (the library's instance limit).
pub(crate) const MAX_NEST: usize = crate::instance::MAX_EMBEDDING;
/// Most classes one instance document may carry (`MI_SERIALIZER_FLAGS_INSTANCE_WITH_CLASS`).
pub(crate) const MAX_CLASSES: usize = 1024;

/// `MI_SERIALIZER_FLAGS_*` beyond the header's one flag, with OMI's values (its
/// `xmlserializer.h`): Windows' mi.dll and OMI accept them on `SerializeClass` /
/// `SerializeInstance` for the XML format.
pub(crate) const FLAG_INCLUDE_CLASS_ORIGIN: MI_Uint32 = 0x100;
pub(crate) const FLAG_INCLUDE_INHERITANCE_HIERARCHY: MI_Uint32 = 0x200;
pub(crate) const FLAG_INCLUDE_INHERITED_ELEMENTS: MI_Uint32 = 0x400;
pub(crate) const FLAG_INCLUDE_QUALIFIERS: MI_Uint32 = 0x800;
/// Every flag `SerializeClass` accepts (OMI's list).
pub(crate) const CLASS_FLAGS: MI_Uint32 = MI_SERIALIZER_FLAGS_CLASS_DEEP
    | FLAG_INCLUDE_CLASS_ORIGIN
    | FLAG_INCLUDE_INHERITANCE_HIERARCHY
    | FLAG_INCLUDE_INHERITED_ELEMENTS
    | FLAG_INCLUDE_QUALIFIERS;
/// Every flag `SerializeInstance` accepts.
pub(crate) const INSTANCE_FLAGS: MI_Uint32 = MI_SERIALIZER_FLAGS_INSTANCE_WITH_CLASS
    | FLAG_INCLUDE_CLASS_ORIGIN
    | FLAG_INCLUDE_INHERITANCE_HIERARCHY
    | FLAG_INCLUDE_INHERITED_ELEMENTS
    | FLAG_INCLUDE_QUALIFIERS;

/// Which codec a serializer or deserializer object uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Xml,
    Mof,
}

impl Format {
    /// The format a name selects (case-sensitive, as OMI compares it).
    pub(crate) fn from_name(name: &str) -> Option<Format> {
        match name {
            FORMAT_XML => Some(Format::Xml),
            FORMAT_MOF => Some(Format::Mof),
            _ => None,
        }
    }
}

/// Why a document could not be read or an object not written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SerialError {
    /// The `MI_Result` the slot answers.
    pub(crate) result: MI_Result,
    /// What was wrong, and where (byte offset, element).
    pub(crate) message: String,
}

impl SerialError {
    pub(crate) fn new(result: MI_Result, message: impl Into<String>) -> Self {
        Self {
            result,
            message: message.into(),
        }
    }

    /// Malformed input (`MI_RESULT_INVALID_PARAMETER`, as OMI's codecs answer).
    pub(crate) fn bad(message: impl Into<String>) -> Self {
        Self::new(MI_RESULT_INVALID_PARAMETER, message)
    }

    /// A limit was reached.
    pub(crate) fn limit(message: impl Into<String>) -> Self {
        Self::new(MI_RESULT_SERVER_LIMITS_EXCEEDED, message)
    }
}

impl fmt::Display for SerialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (MI_Result {})", self.message, self.result)
    }
}

pub(crate) type SerialResult<T> = Result<T, SerialError>;

/// The CIM type keyword of a scalar type (`MI_INSTANCE`: "string", as embedded instances
/// travel; `MI_REFERENCE`: "ref").
pub(crate) fn type_keyword(ty: MI_Type) -> &'static str {
    match ty & !MI_ARRAY {
        MI_BOOLEAN => "boolean",
        MI_UINT8 => "uint8",
        MI_SINT8 => "sint8",
        MI_UINT16 => "uint16",
        MI_SINT16 => "sint16",
        MI_UINT32 => "uint32",
        MI_SINT32 => "sint32",
        MI_UINT64 => "uint64",
        MI_SINT64 => "sint64",
        MI_REAL32 => "real32",
        MI_REAL64 => "real64",
        MI_CHAR16 => "char16",
        MI_DATETIME => "datetime",
        MI_REFERENCE => "ref",
        _ => "string",
    }
}

/// The scalar type a CIM type keyword names (case-insensitive; "ref" and "object" are not
/// value types and are handled by the callers).
pub(crate) fn type_of_keyword(word: &str) -> Option<MI_Type> {
    let w = word.to_ascii_lowercase();
    Some(match w.as_str() {
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
        "datetime" => MI_DATETIME,
        "string" => MI_STRING,
        _ => return None,
    })
}

use crate::schema::model::ClassModel;
use crate::strings;
use obj::Tables;
use std::sync::Arc;

/// The subclass `own` (as a document declares it: its own elements, perhaps inherited
/// ones marked propagated) completed with its resolved `parent`: the parent's properties
/// and methods first (the ones `own` redeclares in their place, as overrides), then the
/// new ones, as a declaration lists them.
pub(crate) fn complete(mut own: ClassModel, parent: Arc<ClassModel>) -> ClassModel {
    own.properties = inherit(
        &parent.properties,
        std::mem::take(&mut own.properties),
        (&parent.name, &own.name),
        |p| p.name.as_str(),
        |p| (&mut p.origin, &mut p.propagator),
    );
    own.methods = inherit(
        &parent.methods,
        std::mem::take(&mut own.methods),
        (&parent.name, &own.name),
        |m| m.name.as_str(),
        |m| (&mut m.origin, &mut m.propagator),
    );
    own.set_parent(parent);
    own
}

/// The elements of a subclass: the parent's first (each replaced in place by the
/// subclass's redeclaration, if any), then the subclass's new ones; elements without an
/// origin or propagator get the class that declares them (`names`: parent, subclass).
fn inherit<T: Clone>(
    parent: &[T],
    mut rest: Vec<T>,
    names: (&crate::strings::Name, &crate::strings::Name),
    name: impl Fn(&T) -> &str,
    marks: impl Fn(
        &mut T,
    ) -> (
        &mut Option<crate::strings::Name>,
        &mut Option<crate::strings::Name>,
    ),
) -> Vec<T> {
    let mark = |e: &mut T, class: &crate::strings::Name| {
        let (origin, propagator) = marks(e);
        origin.get_or_insert_with(|| class.clone());
        propagator.get_or_insert_with(|| class.clone());
    };
    let mut out = Vec::with_capacity(parent.len() + rest.len());
    for pe in parent {
        match rest.iter().position(|e| strings::cim_eq(name(e), name(pe))) {
            Some(i) => out.push(rest.remove(i)),
            None => {
                let mut e = pe.clone();
                mark(&mut e, names.0);
                out.push(e);
            }
        }
    }
    for e in &mut rest {
        mark(e, names.1);
    }
    out.extend(rest);
    out
}

/// A class lookup by name.
pub(crate) type Lookup<'a> = &'a dyn Fn(&str) -> Option<Arc<ClassModel>>;

/// Where a deserializer finds classes a document does not carry.
pub(crate) struct Classes<'a> {
    /// Classes the caller passed (`classObjects`, `parentClass`).
    pub(crate) given: Vec<Arc<ClassModel>>,
    /// The client's class-object-needed callback, as a lookup by name.
    pub(crate) needed: Option<Lookup<'a>>,
}

impl Classes<'_> {
    fn find(&self, name: &str) -> Option<Arc<ClassModel>> {
        self.given
            .iter()
            .find(|c| strings::cim_eq(c.name.as_str(), name))
            .cloned()
            .or_else(|| self.needed.and_then(|f| f(name)))
    }
}

/// Resolves the parents of the classes a document declares (parents from the document
/// first, then from `classes`), each completed and checked.
fn resolve_declared(declared: Vec<ClassModel>, classes: &Classes<'_>) -> SerialResult<Vec<Arc<ClassModel>>> {
    let mut done: Vec<Arc<ClassModel>> = Vec::new();
    for c in declared {
        let c = match c.superclass.clone() {
            Some(s) => {
                let parent = done
                    .iter()
                    .find(|d| strings::cim_eq(d.name.as_str(), s.as_str()))
                    .cloned()
                    .or_else(|| classes.find(s.as_str()));
                match parent {
                    Some(p) => complete(c, p),
                    None => {
                        return Err(SerialError::new(
                            MI_RESULT_INVALID_SUPERCLASS,
                            format!(
                                "class `{}`: superclass `{}` is not known",
                                c.name.as_str(),
                                s.as_str()
                            ),
                        ));
                    }
                }
            }
            None => c,
        };
        c.check()
            .map_err(|e| SerialError::bad(format!("class refused: {e}")))?;
        done.push(Arc::new(c));
    }
    Ok(done)
}

/// `SerializeInstance`: the document for any instance.
///
/// # Safety
/// As [`obj::read_instance`].
pub(crate) unsafe fn serialize_instance(
    format: Format,
    flags: MI_Uint32,
    inst: *const MI_Instance,
    tables: &Tables,
) -> SerialResult<Vec<u8>> {
    if flags & !INSTANCE_FLAGS != 0 {
        return Err(SerialError::bad(format!("unknown serializer flags {flags:#x}")));
    }
    // SAFETY: `inst` is a live instance with a valid table whose values stay valid during
    // the call (this function's `# Safety`), what `read_instance` needs.
    let o = unsafe { obj::read_instance(inst) }?;
    let text = if flags & MI_SERIALIZER_FLAGS_INSTANCE_WITH_CLASS != 0 {
        // SAFETY: the same live `inst` (as above).
        let classes = unsafe { obj::classes_of(inst, tables) }?;
        let refs: Vec<&ClassModel> = classes.iter().map(|c| &**c).collect();
        match format {
            Format::Xml => xml_write::instance_with_classes(&o, &refs, flags)?,
            Format::Mof => mof_write::instance_with_classes(&o, &refs)?,
        }
    } else {
        match format {
            Format::Xml => xml_write::instance(&o)?,
            Format::Mof => mof_write::instance(&o)?,
        }
    };
    Ok(text.into_bytes())
}

/// `SerializeClass`.
///
/// # Safety
/// As [`obj::class_model`].
pub(crate) unsafe fn serialize_class(
    format: Format,
    flags: MI_Uint32,
    cls: *const MI_Class,
    tables: &Tables,
) -> SerialResult<Vec<u8>> {
    if flags & !CLASS_FLAGS != 0 {
        return Err(SerialError::bad(format!("unknown serializer flags {flags:#x}")));
    }
    // SAFETY: `cls` is a live class with a valid table (this function's `# Safety`), what
    // `class_model` needs.
    let (model, _, _) = unsafe { obj::class_model(cls, tables) }?;
    let text = match format {
        Format::Xml => xml_write::class(&model, flags)?,
        Format::Mof => mof_write::class(&model, flags)?,
    };
    Ok(text.into_bytes())
}

/// `DeserializeInstance`: the instance (the library's, schema-backed when its class is
/// known) and the bytes read.
pub(crate) fn deserialize_instance(
    format: Format,
    buf: &[u8],
    classes: &Classes<'_>,
    tables: &Tables,
) -> SerialResult<(*mut MI_Instance, usize)> {
    let (o, declared, used) = match format {
        Format::Xml => {
            let (root, used) = xml_read::parse(buf)?;
            let (o, declared) = xml_read::instance_document(&root)?;
            (o, declared, used)
        }
        Format::Mof => {
            let doc = mof_read::parse(buf)?;
            let declared = resolve_declared(doc.classes.clone(), classes)?;
            let lookup = |n: &str| {
                declared
                    .iter()
                    .find(|c| strings::cim_eq(c.name.as_str(), n))
                    .cloned()
                    .or_else(|| classes.find(n))
            };
            let o = doc.instance(&lookup)?;
            let p = obj::build(&o, tables, &lookup)?;
            return Ok((p, buf.len()));
        }
    };
    let mut declared = declared;
    reconcile(&mut declared, &o, 1);
    let declared = resolve_declared(declared, classes)?;
    let lookup = |n: &str| {
        declared
            .iter()
            .find(|c| strings::cim_eq(c.name.as_str(), n))
            .cloned()
            .or_else(|| classes.find(n))
    };
    let p = obj::build(&o, tables, &lookup)?;
    Ok((p, used))
}

/// OMI writes the classes of an instance document without the qualifiers that say a
/// string property holds embedded instances (its instances say `EmbeddedObject`): such a
/// property of a class the document declares becomes the embedded-instance type the
/// instance shows.
fn reconcile(declared: &mut [ClassModel], o: &obj::Obj, level: usize) {
    if level > MAX_NEST {
        return;
    }
    if let Some(c) = declared
        .iter_mut()
        .find(|c| strings::cim_eq(c.name.as_str(), &o.class))
    {
        for p in &o.props {
            if p.ty & !MI_ARRAY != MI_INSTANCE {
                continue;
            }
            if let Some(i) = c.property(&p.name) {
                let q = &mut c.properties[i];
                if q.ty & !MI_ARRAY == MI_STRING
                    && (q.ty & MI_ARRAY) == (p.ty & MI_ARRAY)
                    && q.default.is_none()
                {
                    q.ty = p.ty;
                }
            }
        }
    }
    for p in &o.props {
        match &p.value {
            Some(obj::Val::Inst(i)) => reconcile(declared, i, level + 1),
            Some(obj::Val::Insts(v)) => v.iter().for_each(|i| reconcile(declared, i, level + 1)),
            _ => {}
        }
    }
}

/// `DeserializeClass`: the class model (completed with its parent) and the bytes read.
pub(crate) fn deserialize_class(
    format: Format,
    buf: &[u8],
    classes: &Classes<'_>,
) -> SerialResult<(Arc<ClassModel>, usize)> {
    let (c, used) = match format {
        Format::Xml => {
            let (root, used) = xml_read::parse(buf)?;
            (xml_read::class_document(&root)?, used)
        }
        Format::Mof => {
            let doc = mof_read::parse(buf)?;
            // The last class of the document; the ones before it may be its parents.
            let mut all = doc.classes;
            let last = all
                .pop()
                .ok_or_else(|| SerialError::bad("the MOF declares no class"))?;
            let earlier = resolve_declared(all, classes)?;
            let mut given = earlier;
            given.extend(classes.given.iter().cloned());
            let with = Classes {
                given,
                needed: classes.needed,
            };
            let c = resolve_declared(vec![last], &with)?.remove(0);
            return Ok((c, buf.len()));
        }
    };
    let c = resolve_declared(vec![c], classes)?.remove(0);
    Ok((c, used))
}

/// Which name `*_GetClassName` / `Class_GetParentClassName` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameOf {
    Class,
    Parent,
    Instance,
}

/// The class name (or parent class name, or instance's class name) a document states,
/// without building anything. `Ok(None)`: a class without a parent.
pub(crate) fn name_in(format: Format, buf: &[u8], which: NameOf) -> SerialResult<Option<String>> {
    match format {
        Format::Xml => {
            let (root, _) = xml_read::parse(buf)?;
            match which {
                NameOf::Instance => {
                    let e = xml_read::instance_element(&root)?;
                    Ok(Some(xml_read::class_name_attr(e, "CLASSNAME")?))
                }
                NameOf::Class => Ok(Some(xml_read::class_name_attr(
                    xml_read::class_element(&root)?,
                    "NAME",
                )?)),
                NameOf::Parent => {
                    let e = xml_read::class_element(&root)?;
                    xml_read::class_name_attr(e, "NAME")?;
                    Ok(e.attr_value("SUPERCLASS").map(str::to_owned))
                }
            }
        }
        Format::Mof => {
            let doc = mof_read::parse(buf)?;
            match which {
                NameOf::Instance => Ok(Some(doc.instance_class()?.to_owned())),
                NameOf::Class => Ok(Some(doc.last_class()?.name.as_str().to_owned())),
                NameOf::Parent => Ok(doc
                    .last_class()?
                    .superclass
                    .as_ref()
                    .map(|s| s.as_str().to_owned())),
            }
        }
    }
}

/// MMI's `DeserializeClassArray_MOF`: every class of a MOF document, completed with its
/// parent (from the document or `classes`), in document order.
pub(crate) fn deserialize_mof_classes(
    buf: &[u8],
    classes: &Classes<'_>,
) -> SerialResult<Vec<Arc<ClassModel>>> {
    let doc = mof_read::parse(buf)?;
    resolve_declared(doc.classes, classes)
}

/// MMI's `DeserializeInstanceArray_MOF`: every instance of a MOF document (aliased ones
/// too) in document order, built as the library's instances (typed by the document's
/// classes and `classes`). On an error the instances built so far are deleted.
pub(crate) fn deserialize_mof_instances(
    buf: &[u8],
    classes: &Classes<'_>,
    tables: &Tables,
) -> SerialResult<Vec<*mut MI_Instance>> {
    let doc = mof_read::parse(buf)?;
    let declared = resolve_declared(doc.classes.clone(), classes)?;
    let lookup = |n: &str| {
        declared
            .iter()
            .find(|c| strings::cim_eq(c.name.as_str(), n))
            .cloned()
            .or_else(|| classes.find(n))
    };
    let objs = doc.all_instances(&lookup)?;
    let mut out = Vec::with_capacity(objs.len());
    for o in &objs {
        match obj::build(o, tables, &lookup) {
            Ok(p) => out.push(p),
            Err(e) => {
                for p in out {
                    // SAFETY: instances built here, not handed out.
                    unsafe { crate::instance::value::delete_instance(p) };
                }
                return Err(e);
            }
        }
    }
    Ok(out)
}
