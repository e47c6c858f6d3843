//! Reading declarations that the library does not trust: a provider's generated static
//! schema (`MI_SchemaDecl`), or a client's `MI_ClassDecl` / `MI_MethodDecl`.
//!
//! Every struct is read by value (`read_unaligned`) before anything in it is used; pointer
//! arrays are checked for NULL against their counts, counts against the library's limits
//! (`super::MAX_*`), strings are bounded (a name must end within [`super::MAX_NAME_CHARS`]
//! characters) and must be text, types must be `MI_Type`s, `superClassDecl` chains must end
//! within [`super::MAX_DEPTH`] classes and not loop, names must not repeat, and the whole
//! read is bounded by [`super::READ_BUDGET`]. The only thing assumed is that a non-NULL
//! pointer points to readable memory of its struct (or its string, up to the bound).
//!
//! # Safety contract
//! Every `unsafe fn` here requires the **reachability rule** of its root pointer (the
//! schema, class or method declaration): the root is NULL or readable for its struct, and
//! every non-NULL pointer reachable from it through the fields the reader follows
//! (`classDecls`, `superClassDecl`, `properties`, `methods`, `parameters`, `qualifiers`,
//! `qualifierDecls`, names, defaults and qualifier values) points to readable memory of the
//! struct or array (for its count) that its field names; a string is readable up to its
//! NUL or the length bound, whichever comes first. Alignment, NUL termination within the
//! bound, counts, types, cycles and depth are **not** assumed: they are checked here. The
//! memory must not change during the read. In return the reader touches nothing else, keeps
//! no pointer except the declarations' addresses (`lineage`, layouts), and returns owned,
//! checked models.
//!
//! With [`ReadOptions::PROVIDER`] the instance layouts are checked as well (`size`, and
//! every property and parameter `offset` inside it, aligned, not overlapping), because the
//! provider host reads and writes provider-built instances through them.

use super::decl::field_layout;
use super::model::{ClassModel, Method, Parameter, Property, Qualifier, QualifierDecl, fold};
use super::value::{Datetime, Value, is_value_type};
use super::*;
use crate::abi::*;
use crate::instance::value::is_valid_type;
use crate::strings::{self, Name};
use std::collections::HashMap;
use std::mem::size_of;
use std::ptr;
use std::sync::Arc;

/// What to check besides the structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReadOptions {
    /// Check `size` and the field offsets (instances built in provider memory).
    pub(crate) check_layout: bool,
}

impl ReadOptions {
    /// A client's declaration (`NewInstance`, `NewClass`): offsets are not used.
    pub(crate) const CLIENT: Self = Self { check_layout: false };
    /// A provider's schema: offsets are used by the host.
    pub(crate) const PROVIDER: Self = Self { check_layout: true };
}

/// `offset` of a stream parameter in generated code (it has no field).
pub(crate) const NO_OFFSET: u32 = 0xFFFF_FFFF;

/// Where a provider's generated structures keep their fields (checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    /// `MI_ClassDecl.size`.
    pub(crate) size: u32,
    /// `offset` of each property, in model order.
    pub(crate) offsets: Vec<u32>,
    /// One per method, in model order.
    pub(crate) methods: Vec<MethodLayout>,
}

/// The parameter structure of one method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MethodLayout {
    /// `MI_MethodDecl.size`.
    pub(crate) size: u32,
    /// The `MIReturn` field, if the declaration has one.
    pub(crate) return_field: Option<ParamField>,
    /// One per parameter, in model order.
    pub(crate) parameters: Vec<ParamField>,
}

/// Where one parameter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParamField {
    /// Index in `MI_MethodDecl.parameters` (the index generated setters use).
    pub(crate) decl_index: u32,
    /// `None` for a stream parameter (generated code gives it no field).
    pub(crate) offset: Option<u32>,
}

/// The address of a declaration the library read (a provider's static data): only handed
/// back (to the provider, or compared), never read through after validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct DeclAddr(*const MI_ClassDecl);

// SAFETY: the address is never dereferenced through this type; it is a token that crosses
// threads with the registry that holds it.
unsafe impl Send for DeclAddr {}
// SAFETY: as above (no access through a shared reference either).
unsafe impl Sync for DeclAddr {}

impl DeclAddr {
    pub(crate) fn new(p: *const MI_ClassDecl) -> Self {
        Self(p)
    }

    pub(crate) fn as_ptr(self) -> *const MI_ClassDecl {
        self.0
    }
}

/// One class of a schema.
#[derive(Debug, Clone)]
pub(crate) struct SchemaClass {
    pub(crate) model: Arc<ClassModel>,
    /// The provider's own declaration (what the host hands back to the provider).
    pub(crate) decl: DeclAddr,
    /// Present when read with [`ReadOptions::PROVIDER`].
    pub(crate) layout: Option<Arc<Layout>>,
}

/// A provider's schema, read.
#[derive(Debug, Clone)]
pub(crate) struct Schema {
    /// The classes `classDecls` lists, in its order. Parents reached only through
    /// `superClassDecl` are in their children's `model.parent`.
    pub(crate) classes: Vec<SchemaClass>,
    pub(crate) qualifier_decls: Vec<QualifierDecl>,
}

/// One class declaration, read.
#[derive(Debug, Clone)]
pub(crate) struct ReadClass {
    pub(crate) model: Arc<ClassModel>,
    pub(crate) layout: Option<Arc<Layout>>,
    /// The declaration and its `superClassDecl` chain, nearest first.
    pub(crate) lineage: Vec<*const MI_ClassDecl>,
}

/// Reads a provider's schema.
///
/// # Safety
/// `schema` is NULL or readable for an `MI_SchemaDecl`; every non-NULL pointer reachable
/// from it points to readable memory of the struct its field names (strings: readable up
/// to their NUL or the length bound).
pub(crate) unsafe fn read_schema(
    schema: *const MI_SchemaDecl,
    opts: ReadOptions,
) -> Result<Schema, SchemaError> {
    let mut r = Reader::new(opts);
    if schema.is_null() {
        return Err(r.fail(Reason::Null("schema")));
    }
    r.charge(1)?;
    // SAFETY: non-NULL, readable (contract); read by value.
    let s = unsafe { ptr::read_unaligned(schema) };
    r.here = vec![Seg::Raw("schema".into())];
    // SAFETY: `s.qualifierDecls` is reachable from `schema`, so NULL or readable for its count of
    // readable entries (reachability rule).
    let qualifier_decls = unsafe { r.qualifier_decls(s.qualifierDecls, s.numQualifierDecls) }?;
    // SAFETY: `s.classDecls` is reachable from `schema`: NULL or readable for `numClassDecls`
    // pointers (reachability rule).
    let ptrs = unsafe { r.ptr_array(s.classDecls, s.numClassDecls, "classDecls", MAX_CLASSES) }?;
    let mut classes = Vec::with_capacity(ptrs.len());
    let mut listed = HashMap::new();
    for (i, p) in ptrs.into_iter().enumerate() {
        r.here = vec![Seg::Index("classDecls", i as u32)];
        // SAFETY: `p` is a non-NULL entry of `classDecls`, readable for an `MI_ClassDecl` with
        // everything it reaches (reachability rule).
        let e = unsafe { r.class(p) }?;
        if listed.insert(fold(e.model.name.as_str()), i).is_some() {
            r.here = vec![Seg::Raw("schema".into())];
            return Err(r.fail(Reason::Duplicate(e.model.name.as_str().to_owned())));
        }
        classes.push(SchemaClass {
            model: e.model,
            decl: DeclAddr(p),
            layout: e.layout,
        });
    }
    // Two different declarations with one name (one listed, one reached as a parent).
    let mut names: HashMap<String, usize> = HashMap::new();
    for (addr, e) in &r.done {
        if let Some(other) = names.insert(fold(e.model.name.as_str()), *addr)
            && other != *addr
        {
            r.here = vec![Seg::Raw("schema".into())];
            return Err(r.fail(Reason::Duplicate(e.model.name.as_str().to_owned())));
        }
    }
    Ok(Schema {
        classes,
        qualifier_decls,
    })
}

/// Reads one class declaration and its `superClassDecl` chain.
///
/// # Safety
/// As [`read_schema`], for `decl`.
pub(crate) unsafe fn read_class(
    decl: *const MI_ClassDecl,
    opts: ReadOptions,
) -> Result<ReadClass, SchemaError> {
    // SAFETY: `decl` as this function's `# Safety` states, which is `read_class_with_budget`'s
    // contract.
    unsafe { read_class_with_budget(decl, opts, READ_BUDGET) }
}

/// [`read_class`] with another work budget (tests exhaust a small one).
///
/// # Safety
/// As [`read_class`].
pub(crate) unsafe fn read_class_with_budget(
    decl: *const MI_ClassDecl,
    opts: ReadOptions,
    budget: u64,
) -> Result<ReadClass, SchemaError> {
    let mut r = Reader::new(opts);
    r.budget = budget;
    r.here = vec![Seg::Raw("class declaration".into())];
    if decl.is_null() {
        return Err(r.fail(Reason::Null("classDecl")));
    }
    // SAFETY: `decl` is non-NULL (checked above) and readable with all it reaches (this function's
    // `# Safety`), as `Reader::class` requires.
    let e = unsafe { r.class(decl) }?;
    let mut lineage = vec![decl];
    let mut next = e.parent;
    while !next.is_null() {
        lineage.push(next);
        next = r.done.get(&next.addr()).map_or(ptr::null(), |e| e.parent);
    }
    Ok(ReadClass {
        model: e.model,
        layout: e.layout,
        lineage,
    })
}

/// Reads a method declaration's parameters in declaration order, `MIReturn` included as
/// an ordinary parameter (what a parameter-set instance of the method holds).
///
/// # Safety
/// As [`read_schema`], for `decl`.
pub(crate) unsafe fn read_method_parameters(
    decl: *const MI_MethodDecl,
) -> Result<(Name, Vec<Parameter>), SchemaError> {
    let mut r = Reader::new(ReadOptions::CLIENT);
    r.here = vec![Seg::Raw("method declaration".into())];
    if decl.is_null() {
        return Err(r.fail(Reason::Null("methodDecl")));
    }
    r.charge(1)?;
    // SAFETY: non-NULL, readable (contract).
    let md = unsafe { ptr::read_unaligned(decl) };
    // SAFETY: `md.name` is reachable from `decl`: NULL or a readable string up to its NUL or the
    // bound (reachability rule).
    let name = unsafe { r.name(md.name, "name") }.map_err(|e| r.fail(e))?;
    r.here = vec![Seg::Named("method", name.as_str().to_owned())];
    // SAFETY: `md.parameters` is reachable from `decl`: NULL or readable for `numParameters`
    // entries (reachability rule).
    let params = unsafe { r.parameters(md.parameters, md.numParameters) }?;
    Ok((name, params.into_iter().map(|(p, _)| p).collect()))
}

/// Reads one method declaration as a provider's: the method, and its parameter structure
/// checked (`size`, every parameter `offset`) when `opts` checks layouts.
///
/// # Safety
/// As [`read_schema`], for `decl`.
pub(crate) unsafe fn read_method(
    decl: *const MI_MethodDecl,
    opts: ReadOptions,
) -> Result<(Method, Option<MethodLayout>), SchemaError> {
    let mut r = Reader::new(opts);
    r.here = vec![Seg::Raw("method declaration".into())];
    if decl.is_null() {
        return Err(r.fail(Reason::Null("methodDecl")));
    }
    // SAFETY: `decl` is non-NULL (checked above) and readable with all it reaches (this function's
    // `# Safety`), as `Reader::method` requires.
    unsafe { r.method(decl) }
}

/// The declaration called `name` (ignoring case) among `schema->classDecls`: `Ok(None)`
/// when the schema does not list it. Only the list and the names are read (checked as
/// everywhere: the count bounded, no NULL entries, names text within the bound).
///
/// # Safety
/// As [`read_schema`], for `schema`.
pub(crate) unsafe fn find_schema_class(
    schema: *const MI_SchemaDecl,
    name: &str,
) -> Result<Option<*const MI_ClassDecl>, SchemaError> {
    let mut r = Reader::new(ReadOptions::CLIENT);
    r.here = vec![Seg::Raw("schema".into())];
    if schema.is_null() {
        return Err(r.fail(Reason::Null("schema")));
    }
    r.charge(1)?;
    // SAFETY: non-NULL, readable (contract); read by value.
    let s = unsafe { ptr::read_unaligned(schema) };
    // SAFETY: `s.classDecls` is reachable from `schema`: NULL or readable for `numClassDecls`
    // pointers (reachability rule).
    let ptrs = unsafe { r.ptr_array(s.classDecls, s.numClassDecls, "classDecls", MAX_CLASSES) }?;
    for (i, p) in ptrs.into_iter().enumerate() {
        // SAFETY: a non-NULL entry, readable for the common prefix of declarations.
        let od = unsafe { ptr::read_unaligned(p.cast::<MI_ObjectDecl>()) };
        let found = r.at(Seg::Index("classDecls", i as u32), |r| {
            // SAFETY: `od.name` is reachable from `schema`: NULL or a readable string up to its NUL
            // or the bound (reachability rule).
            let n = unsafe { r.name(od.name, "name") }.map_err(|e| r.fail(e))?;
            Ok(strings::cim_eq(n.as_str(), name))
        })?;
        if found {
            return Ok(Some(p));
        }
    }
    Ok(None)
}

/// A segment of an error's place.
#[derive(Debug, Clone)]
enum Seg {
    Named(&'static str, String),
    Index(&'static str, u32),
    Raw(String),
}

/// What the reader remembers of a class declaration it read.
#[derive(Clone)]
struct Entry {
    model: Arc<ClassModel>,
    layout: Option<Arc<Layout>>,
    parent: *const MI_ClassDecl,
}

struct Reader {
    opts: ReadOptions,
    budget: u64,
    /// Declarations read, by address.
    done: HashMap<usize, Entry>,
    /// Declarations being read (a child waits for its parent).
    chain: Vec<usize>,
    /// Where the reader is, for errors.
    here: Vec<Seg>,
}

/// Reads `n` elements of `T` from untrusted memory.
///
/// # Safety
/// `data` is readable for `n` elements of `T` (any alignment).
unsafe fn elements<T: Copy>(data: *const T, n: u32) -> Vec<T> {
    // SAFETY: `data` is readable for `n` elements (this function's `# Safety`); `i < n`, so each
    // read is in range, and `wrapping_add` never overflows.
    (0..n as usize)
        .map(|i| unsafe { ptr::read_unaligned(data.wrapping_add(i)) })
        .collect()
}

/// `Ok` when `ty` is an `MI_Type`.
fn known_type(ty: u32) -> Result<MI_Type, Reason> {
    if is_valid_type(ty) {
        Ok(ty)
    } else {
        Err(Reason::BadType(ty))
    }
}

impl Reader {
    fn new(opts: ReadOptions) -> Self {
        Self {
            opts,
            budget: READ_BUDGET,
            done: HashMap::new(),
            chain: Vec::new(),
            here: Vec::new(),
        }
    }

    fn place(&self) -> String {
        let mut out = String::new();
        for s in &self.here {
            if !out.is_empty() {
                out.push_str(", ");
            }
            match s {
                Seg::Named(kind, name) => out.push_str(&format!("{kind} `{name}`")),
                Seg::Index(field, i) => out.push_str(&format!("{field}[{i}]")),
                Seg::Raw(s) => out.push_str(s),
            }
        }
        out
    }

    fn fail(&self, reason: Reason) -> SchemaError {
        SchemaError::new(self.place(), reason)
    }

    fn charge(&mut self, units: u64) -> Result<(), SchemaError> {
        if units > self.budget {
            self.budget = 0;
            return Err(self.fail(Reason::TooBig));
        }
        self.budget -= units;
        Ok(())
    }

    /// Runs `f` with one more segment on the place.
    fn at<T>(
        &mut self,
        seg: Seg,
        f: impl FnOnce(&mut Self) -> Result<T, SchemaError>,
    ) -> Result<T, SchemaError> {
        self.here.push(seg);
        let r = f(self);
        if r.is_ok() {
            self.here.pop();
        }
        r
    }

    /// Renames the last segment (once an element's name is known).
    fn name_last(&mut self, kind: &'static str, name: &Name) {
        if let Some(last) = self.here.last_mut() {
            *last = Seg::Named(kind, name.as_str().to_owned());
        }
    }

    /// A string of text, at most `max` characters.
    ///
    /// # Safety
    /// `p` is non-NULL and readable up to its NUL or `max + 1` characters.
    unsafe fn text(&mut self, p: *const MI_Char, max: usize) -> Result<String, Reason> {
        if !p.is_aligned() {
            return Err(Reason::Misaligned { field: "string" });
        }
        // SAFETY: `p` is non-NULL and readable up to its NUL or `max + 1` characters (this
        // function's `# Safety`); `c_len` scans no further than `max + 1`.
        let len = unsafe { strings::c_len(p, max) }.map_err(|_| Reason::Unterminated { max })?;
        if self.charge(len as u64 / 16 + 1).is_err() {
            return Err(Reason::TooBig);
        }
        // SAFETY: `len` characters before the NUL were just read.
        let chars = unsafe { std::slice::from_raw_parts(p, len) };
        strings::decode(chars)
            .map(|c| c.into_owned())
            .map_err(|_| Reason::NotText)
    }

    /// A required CIM name.
    ///
    /// # Safety
    /// `p` is NULL or as [`Reader::text`].
    unsafe fn name(&mut self, p: *const MI_Char, field: &'static str) -> Result<Name, Reason> {
        if p.is_null() {
            return Err(Reason::Null(field));
        }
        // SAFETY: `p` is non-NULL (checked above) and readable as [`Reader::text`] requires (this
        // function's `# Safety`).
        let s = unsafe { self.text(p, MAX_NAME_CHARS) }?;
        if !strings::is_legal_cim_name(&s) {
            return Err(Reason::IllegalName(s));
        }
        Ok(Name::new(&s))
    }

    /// An optional CIM name (NULL is `None`).
    ///
    /// # Safety
    /// As [`Reader::name`].
    unsafe fn opt_name(&mut self, p: *const MI_Char) -> Result<Option<Name>, Reason> {
        if p.is_null() {
            return Ok(None);
        }
        // SAFETY: `p` is non-NULL (checked above) and, per this function's `# Safety`, as
        // `Reader::name` requires.
        unsafe { self.name(p, "name") }.map(Some)
    }

    /// The entries of a pointer array, each non-NULL.
    ///
    /// # Safety
    /// `arr` is NULL or readable for `count` pointers.
    unsafe fn ptr_array<T>(
        &mut self,
        arr: *const *const T,
        count: u32,
        field: &'static str,
        max: u32,
    ) -> Result<Vec<*const T>, SchemaError> {
        if count > max {
            return Err(self.fail(Reason::TooMany {
                field,
                count: u64::from(count),
                max: u64::from(max),
            }));
        }
        if count == 0 {
            return Ok(Vec::new());
        }
        if arr.is_null() {
            return Err(self.fail(Reason::NullArray { field, count }));
        }
        self.charge(u64::from(count))?;
        // SAFETY: `count` pointers readable (contract).
        let ptrs = unsafe { elements(arr, count) };
        if let Some(i) = ptrs.iter().position(|p| p.is_null()) {
            return Err(self.fail(Reason::NullEntry {
                field,
                index: i as u32,
            }));
        }
        Ok(ptrs)
    }

    /// A default or qualifier value of `ty` at `p` (non-NULL). `None` for a string value
    /// whose pointer is NULL (a value that exists and is NULL: the model has no default).
    ///
    /// # Safety
    /// `p` is readable for the value `ty` describes (the scalar, the string pointer, or the
    /// `{data, size}` array header; array data for `size` elements; strings to their NUL).
    unsafe fn value(
        &mut self,
        ty: MI_Type,
        p: *const core::ffi::c_void,
    ) -> Result<Option<Value>, SchemaError> {
        if !is_value_type(ty) {
            return Err(self.fail(Reason::Unsupported(
                "default and qualifier values of instance or reference types",
            )));
        }
        macro_rules! scalar {
            ($t:ty) => {
                // SAFETY: readable for one value of the type (contract).
                unsafe { ptr::read_unaligned(p.cast::<$t>()) }
            };
        }
        let v = match ty {
            MI_BOOLEAN => Value::Boolean(scalar!(MI_Boolean) != 0),
            MI_UINT8 => Value::Uint8(scalar!(u8)),
            MI_SINT8 => Value::Sint8(scalar!(i8)),
            MI_UINT16 => Value::Uint16(scalar!(u16)),
            MI_SINT16 => Value::Sint16(scalar!(i16)),
            MI_UINT32 => Value::Uint32(scalar!(u32)),
            MI_SINT32 => Value::Sint32(scalar!(i32)),
            MI_UINT64 => Value::Uint64(scalar!(u64)),
            MI_SINT64 => Value::Sint64(scalar!(i64)),
            MI_REAL32 => Value::Real32(scalar!(f32)),
            MI_REAL64 => Value::Real64(scalar!(f64)),
            MI_CHAR16 => Value::Char16(scalar!(u16)),
            MI_DATETIME => Value::Datetime(Datetime::from_c(&scalar!(MI_Datetime))),
            MI_STRING => {
                let s = scalar!(*const MI_Char);
                if s.is_null() {
                    return Ok(None);
                }
                // SAFETY: a string value (contract).
                Value::String(unsafe { self.text(s, MAX_STRING_VALUE_CHARS) }.map_err(|e| self.fail(e))?)
            }
            _ => {
                let a = scalar!(MI_Array);
                if a.size > MAX_ARRAY_VALUES {
                    return Err(self.fail(Reason::TooMany {
                        field: "array value size",
                        count: u64::from(a.size),
                        max: u64::from(MAX_ARRAY_VALUES),
                    }));
                }
                if a.size > 0 && a.data.is_null() {
                    return Err(self.fail(Reason::NullArray {
                        field: "array value data",
                        count: a.size,
                    }));
                }
                self.charge(u64::from(a.size))?;
                macro_rules! arr {
                    ($t:ty) => {
                        // SAFETY: `size` elements readable (contract).
                        unsafe { elements(a.data.cast::<$t>().cast_const(), a.size) }
                    };
                }
                match ty {
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
                    MI_DATETIMEA => {
                        Value::DatetimeA(arr!(MI_Datetime).iter().map(Datetime::from_c).collect())
                    }
                    _ => {
                        // MI_STRINGA (the instance kinds were refused above).
                        let ptrs = arr!(*const MI_Char);
                        let mut out = Vec::with_capacity(ptrs.len());
                        for (i, s) in ptrs.into_iter().enumerate() {
                            if s.is_null() {
                                return Err(self.fail(Reason::NullEntry {
                                    field: "string array value",
                                    index: i as u32,
                                }));
                            }
                            // SAFETY: a string of the array (contract).
                            out.push(
                                unsafe { self.text(s, MAX_STRING_VALUE_CHARS) }.map_err(|e| self.fail(e))?,
                            );
                        }
                        Value::StringA(out)
                    }
                }
            }
        };
        Ok(Some(v))
    }

    /// A qualifier list.
    ///
    /// # Safety
    /// `arr` is NULL or readable for `count` pointers to readable `MI_Qualifier`s.
    unsafe fn qualifiers(
        &mut self,
        arr: *const *const MI_Qualifier,
        count: u32,
    ) -> Result<Vec<Qualifier>, SchemaError> {
        // SAFETY: `arr` is NULL or readable for `count` pointers (this function's `# Safety`), what
        // `ptr_array` requires.
        let ptrs = unsafe { self.ptr_array(arr, count, "qualifiers", MAX_QUALIFIERS) }?;
        let mut out: Vec<Qualifier> = Vec::with_capacity(ptrs.len());
        for (i, p) in ptrs.into_iter().enumerate() {
            let q = self.at(Seg::Index("qualifiers", i as u32), |r| {
                // SAFETY: non-NULL entry, readable (contract).
                let q = unsafe { ptr::read_unaligned(p) };
                // SAFETY: `q.name` is reachable from a readable `MI_Qualifier` (this function's
                // `# Safety`, reachability rule): NULL or a bounded readable string.
                let name = unsafe { r.name(q.name, "name") }.map_err(|e| r.fail(e))?;
                r.name_last("qualifier", &name);
                let ty = known_type(q.r#type).map_err(|e| r.fail(e))?;
                let value = if q.value.is_null() {
                    None
                } else {
                    // SAFETY: the value has the qualifier's type (contract).
                    unsafe { r.value(ty, q.value) }?
                };
                Ok(Qualifier {
                    name,
                    ty,
                    flavor: q.flavor,
                    value,
                })
            })?;
            if out
                .iter()
                .any(|o| strings::cim_eq(o.name.as_str(), q.name.as_str()))
            {
                return Err(self.fail(Reason::Duplicate(q.name.as_str().to_owned())));
            }
            out.push(q);
        }
        Ok(out)
    }

    /// The schema's qualifier declarations.
    ///
    /// # Safety
    /// As [`Reader::qualifiers`], for `MI_QualifierDecl`s.
    unsafe fn qualifier_decls(
        &mut self,
        arr: *const *const MI_QualifierDecl,
        count: u32,
    ) -> Result<Vec<QualifierDecl>, SchemaError> {
        // SAFETY: `arr` is NULL or readable for `count` pointers (this function's `# Safety`), what
        // `ptr_array` requires.
        let ptrs = unsafe { self.ptr_array(arr, count, "qualifierDecls", MAX_QUALIFIER_DECLS) }?;
        let mut out: Vec<QualifierDecl> = Vec::with_capacity(ptrs.len());
        let mut seen = HashMap::new();
        for (i, p) in ptrs.into_iter().enumerate() {
            let d = self.at(Seg::Index("qualifierDecls", i as u32), |r| {
                // SAFETY: non-NULL entry, readable (contract).
                let q = unsafe { ptr::read_unaligned(p) };
                // SAFETY: `q.name` is reachable from a readable `MI_QualifierDecl` (this function's
                // `# Safety`, reachability rule): NULL or a bounded readable string.
                let name = unsafe { r.name(q.name, "name") }.map_err(|e| r.fail(e))?;
                r.name_last("qualifier declaration", &name);
                let ty = known_type(q.r#type).map_err(|e| r.fail(e))?;
                let value = if q.value.is_null() {
                    None
                } else {
                    // SAFETY: the value has the declaration's type (contract).
                    unsafe { r.value(ty, q.value) }?
                };
                Ok(QualifierDecl {
                    name,
                    ty,
                    scope: q.scope,
                    flavor: q.flavor,
                    subscript: q.subscript,
                    value,
                })
            })?;
            if seen.insert(fold(d.name.as_str()), ()).is_some() {
                return Err(self.fail(Reason::Duplicate(d.name.as_str().to_owned())));
            }
            out.push(d);
        }
        Ok(out)
    }

    /// A method's parameter list in declaration order, with each `offset`.
    ///
    /// # Safety
    /// `arr` is NULL or readable for `count` pointers to readable `MI_ParameterDecl`s.
    unsafe fn parameters(
        &mut self,
        arr: *const *const MI_ParameterDecl,
        count: u32,
    ) -> Result<Vec<(Parameter, u32)>, SchemaError> {
        // SAFETY: `arr` is NULL or readable for `count` pointers (this function's `# Safety`), what
        // `ptr_array` requires.
        let ptrs = unsafe { self.ptr_array(arr, count, "parameters", MAX_PARAMETERS) }?;
        let mut out: Vec<(Parameter, u32)> = Vec::with_capacity(ptrs.len());
        let mut seen = HashMap::new();
        for (i, p) in ptrs.into_iter().enumerate() {
            let par = self.at(Seg::Index("parameters", i as u32), |r| {
                r.charge(1)?;
                // SAFETY: non-NULL entry, readable as MI_ParameterDecl (contract).
                let d = unsafe { ptr::read_unaligned(p) };
                // SAFETY: `d.name` is reachable from a readable `MI_ParameterDecl` (reachability
                // rule): NULL or a bounded readable string.
                let name = unsafe { r.name(d.name, "name") }.map_err(|e| r.fail(e))?;
                r.name_last("parameter", &name);
                let ty = known_type(d.r#type).map_err(|e| r.fail(e))?;
                // SAFETY: `d.className` is reachable from the parameter declaration (reachability
                // rule): NULL or a bounded readable string.
                let class_name = unsafe { r.opt_name(d.className) }.map_err(|e| r.fail(e))?;
                // SAFETY: `d.qualifiers` is reachable from the parameter declaration (reachability
                // rule): NULL or readable for `numQualifiers` readable entries.
                let qualifiers = unsafe { r.qualifiers(d.qualifiers, d.numQualifiers) }?;
                Ok((
                    Parameter {
                        name,
                        ty,
                        flags: d.flags,
                        class_name,
                        subscript: d.subscript,
                        qualifiers,
                    },
                    d.offset,
                ))
            })?;
            if seen.insert(fold(par.0.name.as_str()), ()).is_some() {
                return Err(self.fail(Reason::Duplicate(par.0.name.as_str().to_owned())));
            }
            out.push(par);
        }
        Ok(out)
    }

    /// One method of a class; its layout when layouts are checked.
    ///
    /// # Safety
    /// `p` is non-NULL and readable for an `MI_MethodDecl`, with the contract of
    /// [`read_schema`] for what it points to.
    unsafe fn method(
        &mut self,
        p: *const MI_MethodDecl,
    ) -> Result<(Method, Option<MethodLayout>), SchemaError> {
        self.charge(1)?;
        // SAFETY: `p` is non-NULL and readable for an `MI_MethodDecl` (this function's `# Safety`);
        // read by value.
        let md = unsafe { ptr::read_unaligned(p) };
        // SAFETY: `md.name` is reachable from `p` (this function's `# Safety`, reachability rule):
        // NULL or a bounded readable string.
        let name = unsafe { self.name(md.name, "name") }.map_err(|e| self.fail(e))?;
        self.name_last("method", &name);
        let return_type = known_type(md.returnType).map_err(|e| self.fail(e))?;
        // SAFETY: `md.origin` and `md.propagator` are reachable from `p` (reachability rule): NULL
        // or bounded readable strings.
        let (origin, propagator) = unsafe { (self.opt_name(md.origin), self.opt_name(md.propagator)) };
        let origin = origin.map_err(|e| self.fail(e))?;
        let propagator = propagator.map_err(|e| self.fail(e))?;
        // SAFETY: `md.qualifiers` is reachable from `p` (reachability rule): NULL or readable for
        // `numQualifiers` readable entries.
        let qualifiers = unsafe { self.qualifiers(md.qualifiers, md.numQualifiers) }?;
        // SAFETY: `md.parameters` is reachable from `p` (reachability rule): NULL or readable for
        // `numParameters` readable entries.
        let params = unsafe { self.parameters(md.parameters, md.numParameters) }?;
        let mut method = Method {
            name,
            flags: md.flags,
            qualifiers,
            return_type,
            return_class: None,
            return_qualifiers: Vec::new(),
            parameters: Vec::new(),
            origin,
            propagator,
        };
        let mut return_field = None;
        let mut fields = Vec::with_capacity(params.len());
        let mut found_return = false;
        for (i, (par, offset)) in params.into_iter().enumerate() {
            let field = ParamField {
                decl_index: i as u32,
                offset: (offset != NO_OFFSET || par.flags & MI_FLAG_STREAM == 0).then_some(offset),
            };
            if strings::cim_eq(par.name.as_str(), MIRETURN) {
                if par.ty != return_type {
                    self.here.push(Seg::Named("parameter", MIRETURN.into()));
                    return Err(self.fail(Reason::TypeMismatch {
                        declared: return_type,
                        found: par.ty,
                    }));
                }
                method.return_class = par.class_name;
                method.return_qualifiers = par.qualifiers;
                return_field = Some(field);
                found_return = true;
            } else {
                method.parameters.push(par);
                fields.push(field);
            }
        }
        if !found_return {
            // Generated code copies the method's qualifiers to MIReturn; a declaration
            // without MIReturn gets the same answer.
            method.return_qualifiers = method.qualifiers.clone();
        }
        let layout = if self.opts.check_layout {
            let mut named: Vec<(&str, MI_Type, Option<u32>)> = Vec::new();
            if let Some(f) = return_field {
                named.push((MIRETURN, return_type, f.offset));
            }
            for (par, f) in method.parameters.iter().zip(&fields) {
                named.push((par.name.as_str(), par.ty, f.offset));
            }
            self.check_fields(md.size, &named)?;
            Some(MethodLayout {
                size: md.size,
                return_field,
                parameters: fields,
            })
        } else {
            None
        };
        Ok((method, layout))
    }

    /// Checks a structure of `size` bytes and its fields (name, type, offset; `None`: no
    /// field). Errors name the field.
    fn check_fields(
        &mut self,
        size: u32,
        fields: &[(&str, MI_Type, Option<u32>)],
    ) -> Result<(), SchemaError> {
        let base = size_of::<MI_Instance>() as u32;
        if size < base || size > MAX_INSTANCE_SIZE {
            return Err(self.fail(Reason::BadSize { size }));
        }
        let mut spans: Vec<(u32, u32, &str)> = Vec::with_capacity(fields.len());
        for &(name, ty, offset) in fields {
            let Some(offset) = offset else { continue };
            let (len, align) = field_layout(ty);
            let fail = |r| {
                let mut e = self.fail(r);
                e.place.push_str(&format!(", field `{name}`"));
                e
            };
            if offset < base || u64::from(offset) + u64::from(len) > u64::from(size) {
                return Err(fail(Reason::OutOfBounds { offset, len, size }));
            }
            if offset % align != 0 {
                return Err(fail(Reason::MisalignedOffset { offset, align }));
            }
            spans.push((offset, offset + len, name));
        }
        spans.sort_unstable();
        for w in spans.windows(2) {
            if w[0].1 > w[1].0 {
                let mut e = self.fail(Reason::Overlap(w[0].2.to_owned()));
                e.place.push_str(&format!(", field `{}`", w[1].2));
                return Err(e);
            }
        }
        Ok(())
    }

    /// A class declaration (memoised by address) and, first, its parents.
    ///
    /// # Safety
    /// `p` is non-NULL and readable for an `MI_ClassDecl`, with the contract of
    /// [`read_schema`] for what it points to.
    unsafe fn class(&mut self, p: *const MI_ClassDecl) -> Result<Entry, SchemaError> {
        let addr = p.addr();
        if let Some(e) = self.done.get(&addr) {
            return Ok(e.clone());
        }
        if self.chain.contains(&addr) {
            return Err(self.fail(Reason::Cycle));
        }
        if self.chain.len() > MAX_DEPTH {
            return Err(self.fail(Reason::TooDeep { max: MAX_DEPTH }));
        }
        self.charge(1)?;
        // SAFETY: non-NULL, readable (contract); read by value. A method declaration is
        // smaller: read its common prefix first.
        let od = unsafe { ptr::read_unaligned(p.cast::<MI_ObjectDecl>()) };
        if od.flags & MI_FLAG_METHOD != 0 {
            return Err(self.fail(Reason::WrongKind { flags: od.flags }));
        }
        // SAFETY: a class declaration (contract).
        let d = unsafe { ptr::read_unaligned(p) };
        // SAFETY: `d.name` is reachable from `p` (this function's `# Safety`, reachability rule):
        // NULL or a bounded readable string.
        let name = unsafe { self.name(d.name, "name") }.map_err(|e| self.fail(e))?;
        let outer = std::mem::replace(
            &mut self.here,
            vec![Seg::Named("class", name.as_str().to_owned())],
        );
        self.chain.push(addr);

        // SAFETY: `d.qualifiers` is reachable from `p` (reachability rule): NULL or readable for
        // `numQualifiers` readable entries.
        let qualifiers = unsafe { self.qualifiers(d.qualifiers, d.numQualifiers) }?;
        let (superclass, parent, parent_ptr) = if d.superClassDecl.is_null() {
            // SAFETY: `d.superClass` is reachable from `p` (reachability rule): NULL or a bounded
            // readable string.
            let named = unsafe { self.opt_name(d.superClass) }.map_err(|e| self.fail(e))?;
            (named, None, ptr::null())
        } else {
            // SAFETY: `d.superClassDecl` is non-NULL (checked) and reachable from `p`, so readable
            // for an `MI_ClassDecl` with all it reaches (reachability rule); loops stop at
            // `self.chain`.
            let pe = self.at(Seg::Raw("superClassDecl".into()), |r| unsafe {
                r.class(d.superClassDecl)
            })?;
            let named = if d.superClass.is_null() {
                pe.model.name.clone()
            } else {
                // SAFETY: `d.superClass` is non-NULL (checked) and reachable from `p` (reachability
                // rule): a bounded readable string.
                let n = unsafe { self.name(d.superClass, "superClass") }.map_err(|e| self.fail(e))?;
                if !strings::cim_eq(n.as_str(), pe.model.name.as_str()) {
                    return Err(self.fail(Reason::SuperclassMismatch {
                        named: n.as_str().to_owned(),
                        declared: pe.model.name.as_str().to_owned(),
                    }));
                }
                n
            };
            (Some(named), Some(pe.model), d.superClassDecl)
        };

        // SAFETY: `d.properties` is reachable from `p` (reachability rule): NULL or readable for
        // `numProperties` pointers.
        let props = unsafe { self.ptr_array(d.properties, d.numProperties, "properties", MAX_PROPERTIES) }?;
        let mut properties: Vec<Property> = Vec::with_capacity(props.len());
        let mut offsets = Vec::with_capacity(props.len());
        let mut seen = HashMap::new();
        for (i, pp) in props.into_iter().enumerate() {
            let (prop, offset) = self.at(Seg::Index("properties", i as u32), |r| {
                r.charge(1)?;
                // SAFETY: non-NULL entry, readable as MI_PropertyDecl (contract).
                let pd = unsafe { ptr::read_unaligned(pp) };
                // SAFETY: `pd.name` is reachable from a readable `MI_PropertyDecl` (reachability
                // rule): NULL or a bounded readable string.
                let name = unsafe { r.name(pd.name, "name") }.map_err(|e| r.fail(e))?;
                r.name_last("property", &name);
                let ty = known_type(pd.r#type).map_err(|e| r.fail(e))?;
                // SAFETY: `pd.className`, `pd.origin` and `pd.propagator` are reachable from the
                // property declaration (reachability rule): NULL or bounded readable strings.
                let names = unsafe {
                    [
                        r.opt_name(pd.className),
                        r.opt_name(pd.origin),
                        r.opt_name(pd.propagator),
                    ]
                };
                let [class_name, origin, propagator] = names;
                let class_name = class_name.map_err(|e| r.fail(e))?;
                let origin = origin.map_err(|e| r.fail(e))?;
                let propagator = propagator.map_err(|e| r.fail(e))?;
                let default = if pd.value.is_null() {
                    None
                } else {
                    // SAFETY: the default has the property's type (contract).
                    unsafe { r.value(ty, pd.value) }?
                };
                // SAFETY: `pd.qualifiers` is reachable from the property declaration (reachability
                // rule): NULL or readable for `numQualifiers` readable entries.
                let qualifiers = unsafe { r.qualifiers(pd.qualifiers, pd.numQualifiers) }?;
                Ok((
                    Property {
                        name,
                        ty,
                        flags: pd.flags,
                        class_name,
                        subscript: pd.subscript,
                        default,
                        qualifiers,
                        origin,
                        propagator,
                    },
                    pd.offset,
                ))
            })?;
            if seen.insert(fold(prop.name.as_str()), ()).is_some() {
                return Err(self.fail(Reason::Duplicate(prop.name.as_str().to_owned())));
            }
            properties.push(prop);
            offsets.push(offset);
        }

        // SAFETY: `d.methods` is reachable from `p` (reachability rule): NULL or readable for
        // `numMethods` pointers.
        let meths = unsafe { self.ptr_array(d.methods, d.numMethods, "methods", MAX_METHODS) }?;
        let mut methods: Vec<Method> = Vec::with_capacity(meths.len());
        let mut method_layouts = Vec::with_capacity(meths.len());
        seen.clear();
        for (i, mp) in meths.into_iter().enumerate() {
            // SAFETY: non-NULL entry, readable as MI_MethodDecl (contract).
            let (m, l) = self.at(Seg::Index("methods", i as u32), |r| unsafe { r.method(mp) })?;
            if seen.insert(fold(m.name.as_str()), ()).is_some() {
                return Err(self.fail(Reason::Duplicate(m.name.as_str().to_owned())));
            }
            methods.push(m);
            method_layouts.extend(l);
        }

        let layout = if self.opts.check_layout {
            let fields: Vec<(&str, MI_Type, Option<u32>)> = properties
                .iter()
                .zip(&offsets)
                .map(|(p, &o)| (p.name.as_str(), p.ty, Some(o)))
                .collect();
            self.check_fields(d.size, &fields)?;
            Some(Arc::new(Layout {
                size: d.size,
                offsets,
                methods: method_layouts,
            }))
        } else {
            None
        };

        let model = Arc::new(ClassModel {
            name,
            // Windows' MI_FLAG_EXTENDED (the value of MI_FLAG_KEY) means nothing on a class
            // here and must never reach an instance's classDecl.
            flags: d.flags & !MI_FLAG_KEY,
            qualifiers,
            superclass,
            parent,
            properties,
            methods,
        });
        let entry = Entry {
            model,
            layout,
            parent: parent_ptr,
        };
        self.chain.pop();
        self.done.insert(addr, entry.clone());
        self.here = outer;
        Ok(entry)
    }
}
