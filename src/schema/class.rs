//! The library's `MI_Class` object (docs/ABI.md §2.2, §3.3): a declaration graph
//! ([`DeclGraph`]) behind an `MI_Class` header, plus the namespace and server it came from,
//! and the bodies of the `MI_ClassFT`, `MI_QualifierSetFT` and `MI_ParameterSetFT` slots.
//!
//! Answers follow OMI's `base/class.c` where a client can see them: which out-pointers are
//! required (`MI_RESULT_INVALID_PARAMETER` when NULL) and which optional, the codes for an
//! index out of range or an unknown name, `MI_RESULT_INVALID_SUPERCLASS` without a parent,
//! the value of an element without a default (an all-zero `MI_Value`), and the parameter
//! set's view of a method (`MIReturn` is the return value, not a parameter).
//!
//! A class is immutable: `Clone` makes a second object sharing the graph, `GetParentClass`
//! one over the parent's graph. Qualifier-set and parameter-set handles point into the
//! graph (`reserved2` is the address of an anchor, `reserved1` that address scrambled with
//! a key, so a zeroed or made-up struct is refused without being followed); they are valid
//! as long as the class they came from is (as in OMI).
//!
//! # Safety contract
//! The `unsafe fn`s here are the bodies of C slots and take the client's arguments as the
//! reference's `MI.h` does: a class pointer is NULL or readable for an `MI_Class` header
//! ([`Class::resolve`] checks `ft` and the magic before anything else is used); names are
//! NULL or NUL-terminated; every out-pointer is NULL or writable for its type (`value` for
//! a whole `MI_Value`); a declaration is as `read::read_class` requires. Which out-pointers
//! are required is checked here, not assumed. In return the strings and sets written out
//! point into the class's graph and stay valid while the class does.

use super::decl::{DeclGraph, PARAM_MAGIC, ParamAnchor, QUAL_MAGIC, QualAnchor};
use super::model::ClassModel;
use super::read::{self, ReadOptions};
use super::{MIRETURN, SchemaError};
use crate::abi::*;
use crate::boundary::MiResult;
use crate::boundary::{write_opt, write_req};
use crate::instance::value;
use crate::strings::{self, Name};
use std::ptr::{self, null, null_mut};
use std::sync::Arc;

/// The function tables a class hands out (the statics in `crate::ffi::class`).
#[derive(Debug)]
pub(crate) struct ClassTables {
    pub(crate) class: &'static MI_ClassFT,
    pub(crate) qualifiers: &'static MI_QualifierSetFT,
    pub(crate) parameters: &'static MI_ParameterSetFT,
}

impl ClassTables {
    /// The class tables of the library's surface (the one set every class object uses).
    pub(crate) fn of(surface: &'static crate::surface::Surface) -> &'static ClassTables {
        static T: std::sync::OnceLock<ClassTables> = std::sync::OnceLock::new();
        T.get_or_init(|| ClassTables {
            class: surface.class,
            qualifiers: surface.qualifier_set,
            parameters: surface.parameter_set,
        })
    }
}

/// `reserved[0]` of a live class of ours ("MIcl").
const MAGIC: isize = 0x4D49_636C;
/// Scrambles the anchor address of a qualifier set / parameter set into `reserved1`.
const QUAL_KEY: u64 = 0x5A17_C3E1_9B4D_2F68;
const PARAM_KEY: u64 = 0x6C2E_94A7_1D5B_F033;

/// The library's class object; `#[repr(C)]` with the `MI_Class` header first.
#[repr(C)]
pub(crate) struct Class {
    header: MI_Class,
    graph: Arc<DeclGraph>,
    namespace: Option<Name>,
    server: Option<Name>,
    tables: &'static ClassTables,
}

/// Writes a value out as OMI does: the member its type selects when there is one, an
/// all-zero `MI_Value` when there is none.
///
/// # Safety
/// `out` is NULL or writable for an `MI_Value`.
unsafe fn write_value(out: *mut MI_Value, ty: MI_Type, v: Option<&MI_Value>) {
    if out.is_null() {
        return;
    }
    match v {
        // SAFETY: writable (contract); `write_member` writes only the member's bytes.
        Some(v) => unsafe { value::write_member(ty, v, out) },
        // SAFETY: writable for a whole MI_Value (contract).
        None => unsafe { out.write(value::zero_value()) },
    }
}

/// A client's name argument as text: NULL or an invalid encoding is
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `name` is NULL or NUL-terminated.
unsafe fn name_arg(name: *const MI_Char) -> MiResult<String> {
    // SAFETY: `name` is NULL or NUL-terminated (this function's `# Safety`), what `c_chars`
    // requires; the slice is decoded before returning.
    let chars = unsafe { strings::c_chars(name) }?;
    Ok(strings::decode(chars)?.into_owned())
}

/// An optional client string (namespace, server): NULL is `None`.
///
/// # Safety
/// As [`name_arg`].
unsafe fn opt_name(s: *const MI_Char) -> MiResult<Option<Name>> {
    if s.is_null() {
        return Ok(None);
    }
    // SAFETY: `s` is non-NULL (checked above) and NUL-terminated (this function's `# Safety`), what
    // `Name::from_c` requires.
    unsafe { Name::from_c(s) }.map(Some)
}

fn schema_refused(what: &str, e: &SchemaError) -> MI_Result {
    log::debug!("{what}: {e}");
    MI_RESULT_INVALID_PARAMETER
}

impl Class {
    /// A class over `graph` (shared), with its own namespace and server.
    pub(crate) fn from_graph(
        tables: &'static ClassTables,
        graph: Arc<DeclGraph>,
        namespace: Option<Name>,
        server: Option<Name>,
    ) -> *mut MI_Class {
        let mut cls = Box::new(Class {
            header: MI_Class {
                ft: tables.class,
                classDecl: graph.class_decl(),
                namespaceName: null(),
                serverName: null(),
                reserved: [MAGIC, 0, 0, 0],
            },
            graph,
            namespace,
            server,
            tables,
        });
        // Taken after boxing: the names' buffers are not moved again.
        cls.header.namespaceName = cls.namespace.as_ref().map_or(null(), Name::as_ptr);
        cls.header.serverName = cls.server.as_ref().map_or(null(), Name::as_ptr);
        Box::into_raw(cls).cast()
    }

    /// A class over a model (checked, then laid out as a declaration graph).
    pub(crate) fn from_model(
        tables: &'static ClassTables,
        model: Arc<ClassModel>,
        namespace: Option<Name>,
        server: Option<Name>,
    ) -> Result<*mut MI_Class, SchemaError> {
        let graph = DeclGraph::build(model)?;
        Ok(Self::from_graph(tables, graph, namespace, server))
    }

    /// A class over a declaration the library does not trust (read and checked as a
    /// client's declaration: `super::read`); the declaration is not used afterwards.
    ///
    /// # Safety
    /// As `read::read_class`.
    pub(crate) unsafe fn from_decl(
        tables: &'static ClassTables,
        decl: *const MI_ClassDecl,
        namespace: Option<Name>,
        server: Option<Name>,
    ) -> Result<*mut MI_Class, SchemaError> {
        // SAFETY: `decl` as this function's `# Safety` states, which is `read_class`'s contract.
        let read = unsafe { read::read_class(decl, ReadOptions::CLIENT) }?;
        Self::from_model(tables, read.model, namespace, server)
    }

    /// Our class behind `p`: non-NULL, `ft` is our table, the magic matches.
    ///
    /// # Safety
    /// `p` is NULL or readable for an `MI_Class` header; if ours, it stays valid for `'a`.
    pub(crate) unsafe fn resolve<'a>(p: *const MI_Class, tables: &ClassTables) -> MiResult<&'a Class> {
        if p.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: readable header (contract); read by value.
        let (ft, magic) = unsafe {
            (
                ptr::addr_of!((*p).ft).read(),
                ptr::addr_of!((*p).reserved[0]).read(),
            )
        };
        if ptr::eq(ft, tables.class) && magic == MAGIC {
            // SAFETY: ours (checked): `p` points to a live `Class`.
            Ok(unsafe { &*p.cast::<Class>() })
        } else {
            Err(MI_RESULT_INVALID_PARAMETER)
        }
    }

    /// `Delete`.
    ///
    /// # Safety
    /// As [`Class::resolve`]; the client does not use the class afterwards.
    pub(crate) unsafe fn delete(p: *mut MI_Class, tables: &ClassTables) -> MiResult {
        // SAFETY: `p` is NULL or a readable header (this function's `# Safety`), what `resolve`
        // requires.
        unsafe { Self::resolve(p, tables) }?;
        // SAFETY: ours, allocated by Box::into_raw in `from_graph`.
        let mut cls = unsafe { Box::from_raw(p.cast::<Class>()) };
        cls.header.reserved[0] = 0;
        cls.header.ft = null();
        Ok(())
    }

    /// `Clone`: a new object sharing the graph.
    pub(crate) fn duplicate(&self) -> *mut MI_Class {
        Self::from_graph(
            self.tables,
            self.graph.clone(),
            self.namespace.clone(),
            self.server.clone(),
        )
    }

    /// The model (for serializers and protocol code).
    pub(crate) fn model(&self) -> &Arc<ClassModel> {
        self.graph.model()
    }

    pub(crate) fn graph(&self) -> &Arc<DeclGraph> {
        &self.graph
    }

    pub(crate) fn namespace(&self) -> Option<&Name> {
        self.namespace.as_ref()
    }

    pub(crate) fn server(&self) -> Option<&Name> {
        self.server.as_ref()
    }

    fn qualifier_set(&self, a: &QualAnchor) -> MI_QualifierSet {
        let addr = ptr::from_ref(a).expose_provenance();
        MI_QualifierSet {
            reserved1: addr as u64 ^ QUAL_KEY,
            reserved2: addr as isize,
            ft: self.tables.qualifiers,
        }
    }

    fn parameter_set(&self, a: &ParamAnchor) -> MI_ParameterSet {
        let addr = ptr::from_ref(a).expose_provenance();
        MI_ParameterSet {
            reserved1: addr as u64 ^ PARAM_KEY,
            reserved2: addr as isize,
            ft: self.tables.parameters,
        }
    }

    // ---- MI_ClassFT bodies ------------------------------------------------------------

    /// `GetClassName`, `GetNameSpace`, `GetServerName` (out-pointer required).
    ///
    /// # Safety
    /// `out` NULL or writable.
    pub(crate) unsafe fn get_names(&self, which: NameOf, out: *mut *const MI_Char) -> MiResult {
        let p = match which {
            NameOf::Class => self.model().name.as_ptr(),
            NameOf::Namespace => self.header.namespaceName,
            NameOf::Server => self.header.serverName,
        };
        // SAFETY: `out` is NULL or writable (this function's `# Safety`), what `write_req`
        // requires.
        unsafe { write_req(out, p) }
    }

    /// `GetElementCount`.
    ///
    /// # Safety
    /// `count` NULL or writable.
    pub(crate) unsafe fn element_count(&self, count: *mut MI_Uint32) -> MiResult {
        // SAFETY: `count` is NULL or writable (this function's `# Safety`), what `write_req`
        // requires.
        unsafe { write_req(count, self.model().properties.len() as MI_Uint32) }
    }

    /// `GetElementAt` (every out-pointer optional); an index past the end is
    /// `MI_RESULT_NO_SUCH_PROPERTY`.
    ///
    /// # Safety
    /// Every out-pointer NULL or writable (`value` for a whole `MI_Value`).
    #[allow(clippy::too_many_arguments)]
    pub(crate) unsafe fn element_at(
        &self,
        index: MI_Uint32,
        name: *mut *const MI_Char,
        value: *mut MI_Value,
        value_exists: *mut MI_Boolean,
        ty: *mut MI_Type,
        reference_class: *mut *mut MI_Char,
        qualifier_set: *mut MI_QualifierSet,
        flags: *mut MI_Uint32,
    ) -> MiResult {
        let i = index as usize;
        let p = self.model().properties.get(i).ok_or(MI_RESULT_NO_SUCH_PROPERTY)?;
        let default = self.graph.default_value(i);
        // SAFETY: each out-pointer is NULL or writable, `value` for a whole `MI_Value` (this
        // function's `# Safety`): what `write_opt` and `write_value` require.
        unsafe {
            write_opt(name, p.name.as_ptr());
            write_value(value, p.ty, default);
            write_opt(value_exists, MI_Boolean::from(default.is_some()));
            write_opt(ty, p.ty);
            write_opt(
                reference_class,
                p.class_name
                    .as_ref()
                    .map_or(null_mut(), |n| n.as_ptr().cast_mut()),
            );
            write_opt(
                qualifier_set,
                self.qualifier_set(self.graph.property_qualifiers(i)),
            );
            write_opt(flags, p.flags);
        }
        Ok(())
    }

    /// `GetElement`: `name` is required; unknown is `MI_RESULT_NO_SUCH_PROPERTY`.
    ///
    /// # Safety
    /// `name` NULL or NUL-terminated; out-pointers as [`Class::element_at`].
    #[allow(clippy::too_many_arguments)]
    pub(crate) unsafe fn element(
        &self,
        name: *const MI_Char,
        value: *mut MI_Value,
        value_exists: *mut MI_Boolean,
        ty: *mut MI_Type,
        reference_class: *mut *mut MI_Char,
        qualifier_set: *mut MI_QualifierSet,
        flags: *mut MI_Uint32,
        index: *mut MI_Uint32,
    ) -> MiResult {
        // SAFETY: `name` is NULL or NUL-terminated (this function's `# Safety`), what `name_arg`
        // requires.
        let name = unsafe { name_arg(name) }?;
        let i = self.model().property(&name).ok_or(MI_RESULT_NO_SUCH_PROPERTY)? as MI_Uint32;
        // SAFETY: the out-pointers are NULL or writable (this function's `# Safety`), as
        // `element_at` requires; `i` is a valid index (just looked up).
        unsafe {
            self.element_at(
                i,
                null_mut(),
                value,
                value_exists,
                ty,
                reference_class,
                qualifier_set,
                flags,
            )?;
            write_opt(index, i);
        }
        Ok(())
    }

    /// `GetClassQualifierSet` (out-pointer required).
    ///
    /// # Safety
    /// NULL or writable.
    pub(crate) unsafe fn class_qualifier_set(&self, out: *mut MI_QualifierSet) -> MiResult {
        // SAFETY: `out` is NULL or writable (this function's `# Safety`), what `write_req`
        // requires.
        unsafe { write_req(out, self.qualifier_set(self.graph.class_qualifiers())) }
    }

    /// `GetMethodCount`.
    ///
    /// # Safety
    /// NULL or writable.
    pub(crate) unsafe fn method_count(&self, count: *mut MI_Uint32) -> MiResult {
        // SAFETY: `count` is NULL or writable (this function's `# Safety`), what `write_req`
        // requires.
        unsafe { write_req(count, self.model().methods.len() as MI_Uint32) }
    }

    /// `GetMethodAt`: `name` required, the sets optional; past the end is
    /// `MI_RESULT_METHOD_NOT_FOUND`.
    ///
    /// # Safety
    /// Out-pointers NULL or writable.
    pub(crate) unsafe fn method_at(
        &self,
        index: MI_Uint32,
        name: *mut *const MI_Char,
        qualifier_set: *mut MI_QualifierSet,
        parameter_set: *mut MI_ParameterSet,
    ) -> MiResult {
        if name.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: `qualifier_set` and `parameter_set` are NULL or writable (this function's
        // `# Safety`), as `method_sets` requires.
        unsafe { self.method_sets(index, qualifier_set, parameter_set) }?;
        // SAFETY: `name` is non-NULL (checked above) and writable (this function's `# Safety`);
        // `index` is in range (`method_sets` succeeded).
        unsafe { name.write(self.model().methods[index as usize].name.as_ptr()) };
        Ok(())
    }

    /// # Safety
    /// Out-pointers NULL or writable.
    unsafe fn method_sets(
        &self,
        index: MI_Uint32,
        qualifier_set: *mut MI_QualifierSet,
        parameter_set: *mut MI_ParameterSet,
    ) -> MiResult {
        let i = index as usize;
        if i >= self.model().methods.len() {
            return Err(MI_RESULT_METHOD_NOT_FOUND);
        }
        // SAFETY: `qualifier_set` and `parameter_set` are NULL or writable (this function's
        // `# Safety`), what `write_opt` requires.
        unsafe {
            write_opt(qualifier_set, self.qualifier_set(self.graph.method_qualifiers(i)));
            write_opt(parameter_set, self.parameter_set(self.graph.parameters(i)));
        }
        Ok(())
    }

    /// `GetMethod`: `name` required; unknown is `MI_RESULT_METHOD_NOT_FOUND`.
    ///
    /// # Safety
    /// `name` NULL or NUL-terminated; out-pointers NULL or writable.
    pub(crate) unsafe fn method(
        &self,
        name: *const MI_Char,
        qualifier_set: *mut MI_QualifierSet,
        parameter_set: *mut MI_ParameterSet,
        index: *mut MI_Uint32,
    ) -> MiResult {
        // SAFETY: `name` is NULL or NUL-terminated (this function's `# Safety`), what `name_arg`
        // requires.
        let name = unsafe { name_arg(name) }?;
        let i = self.model().method(&name).ok_or(MI_RESULT_METHOD_NOT_FOUND)? as MI_Uint32;
        // SAFETY: the out-pointers are NULL or writable (this function's `# Safety`), as
        // `method_sets` requires; `index` is NULL or writable too (`write_opt`).
        unsafe {
            self.method_sets(i, qualifier_set, parameter_set)?;
            write_opt(index, i);
        }
        Ok(())
    }

    /// `GetParentClassName`: the name, or NULL and `MI_RESULT_INVALID_SUPERCLASS`.
    ///
    /// # Safety
    /// NULL or writable.
    pub(crate) unsafe fn parent_class_name(&self, out: *mut *const MI_Char) -> MiResult {
        let s = self.model().superclass.as_ref();
        // SAFETY: `out` is NULL or writable (this function's `# Safety`), what `write_req`
        // requires.
        unsafe { write_req(out, s.map_or(null(), Name::as_ptr)) }?;
        s.map(|_| ()).ok_or(MI_RESULT_INVALID_SUPERCLASS)
    }

    /// `GetParentClass`: a new class over the parent's graph (same namespace and server),
    /// which the caller deletes; `MI_RESULT_INVALID_SUPERCLASS` when the class has no
    /// parent or its parent's declaration is not known (only its name).
    ///
    /// # Safety
    /// NULL or writable.
    pub(crate) unsafe fn parent_class(&self, out: *mut *mut MI_Class) -> MiResult {
        // SAFETY: `out` is NULL or writable (this function's `# Safety`), what `write_req`
        // requires.
        unsafe { write_req(out, null_mut()) }?;
        let parent = self.graph.parent().ok_or(MI_RESULT_INVALID_SUPERCLASS)?;
        let p = Self::from_graph(
            self.tables,
            parent.clone(),
            self.namespace.clone(),
            self.server.clone(),
        );
        // SAFETY: checked non-NULL above.
        unsafe { out.write(p) };
        Ok(())
    }
}

/// Which name `get_names` reads.
#[derive(Debug, Clone, Copy)]
pub(crate) enum NameOf {
    Class,
    Namespace,
    Server,
}

// ---- qualifier sets ----------------------------------------------------------------------

/// The qualifier list behind a client's `MI_QualifierSet`.
///
/// # Safety
/// `qs` is NULL or readable; if it was made by a class of ours, that class is alive.
pub(crate) unsafe fn qualifier_list<'a>(
    qs: *const MI_QualifierSet,
    tables: &ClassTables,
) -> MiResult<&'a QualAnchor> {
    if qs.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: readable (contract); read by value.
    let h = unsafe { qs.read() };
    if !ptr::eq(h.ft, tables.qualifiers) || h.reserved2 == 0 || h.reserved1 != (h.reserved2 as u64) ^ QUAL_KEY
    {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    let a = ptr::with_exposed_provenance::<QualAnchor>(h.reserved2 as usize);
    // SAFETY: the key matched, so a class of ours wrote this handle; its anchor is alive
    // while the class is (contract).
    let anchor = unsafe { &*a };
    if anchor.magic != QUAL_MAGIC {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    Ok(anchor)
}

/// `GetQualifierCount`.
///
/// # Safety
/// `count` NULL or writable.
pub(crate) unsafe fn qualifier_count(list: &QualAnchor, count: *mut MI_Uint32) -> MiResult {
    // SAFETY: `count` is NULL or writable (this function's `# Safety`), what `write_req` requires.
    unsafe { write_req(count, list.model().len() as MI_Uint32) }
}

/// `GetQualifierAt`: every out-pointer required; past the end is `MI_RESULT_NOT_FOUND`.
///
/// # Safety
/// Out-pointers NULL or writable (`value` for a whole `MI_Value`).
pub(crate) unsafe fn qualifier_at(
    list: &QualAnchor,
    index: MI_Uint32,
    name: *mut *const MI_Char,
    ty: *mut MI_Type,
    flavor: *mut MI_Uint32,
    value: *mut MI_Value,
) -> MiResult {
    if name.is_null() || ty.is_null() || flavor.is_null() || value.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    let i = index as usize;
    let q = list.model().get(i).ok_or(MI_RESULT_NOT_FOUND)?;
    let d = &list.decls()[i];
    // SAFETY: a non-NULL `value` of our own declaration points to the graph's copy of a
    // value of the qualifier's type (an MI_Value).
    let v = (!d.value.is_null()).then(|| unsafe { &*d.value.cast::<MI_Value>() });
    // SAFETY: all four out-pointers are non-NULL (checked above) and writable, `value` for a whole
    // `MI_Value` (this function's `# Safety`).
    unsafe {
        name.write(q.name.as_ptr());
        ty.write(q.ty);
        flavor.write(q.flavor);
        write_value(value, q.ty, v);
    }
    Ok(())
}

/// `GetQualifier`: every out-pointer required; unknown is `MI_RESULT_NOT_FOUND`.
///
/// # Safety
/// `name` NULL or NUL-terminated; out-pointers as [`qualifier_at`].
pub(crate) unsafe fn qualifier(
    list: &QualAnchor,
    name: *const MI_Char,
    ty: *mut MI_Type,
    flavor: *mut MI_Uint32,
    value: *mut MI_Value,
    index: *mut MI_Uint32,
) -> MiResult {
    if index.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: `name` is NULL or NUL-terminated (this function's `# Safety`), what `name_arg`
    // requires.
    let name = unsafe { name_arg(name) }?;
    let i = list
        .model()
        .iter()
        .position(|q| strings::cim_eq(q.name.as_str(), &name))
        .ok_or(MI_RESULT_NOT_FOUND)? as MI_Uint32;
    let mut unused = null();
    // SAFETY: `ty`, `flavor` and `value` as `qualifier_at` requires (this function's `# Safety`),
    // `unused` is a local; `index` is non-NULL (checked above) and writable.
    unsafe {
        qualifier_at(list, i, &mut unused, ty, flavor, value)?;
        index.write(i);
    }
    Ok(())
}

// ---- parameter sets ----------------------------------------------------------------------

/// The method behind a client's `MI_ParameterSet`.
///
/// # Safety
/// As [`qualifier_list`].
pub(crate) unsafe fn parameter_list<'a>(
    ps: *const MI_ParameterSet,
    tables: &ClassTables,
) -> MiResult<&'a ParamAnchor> {
    if ps.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: readable (contract); read by value.
    let h = unsafe { ps.read() };
    if !ptr::eq(h.ft, tables.parameters)
        || h.reserved2 == 0
        || h.reserved1 != (h.reserved2 as u64) ^ PARAM_KEY
    {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    let a = ptr::with_exposed_provenance::<ParamAnchor>(h.reserved2 as usize);
    // SAFETY: as in `qualifier_list`.
    let anchor = unsafe { &*a };
    if anchor.magic != PARAM_MAGIC {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    Ok(anchor)
}

/// A qualifier-set handle for a list of the method's graph, with our table.
fn qualifier_set_of(a: &QualAnchor, tables: &ClassTables) -> MI_QualifierSet {
    let addr = ptr::from_ref(a).expose_provenance();
    MI_QualifierSet {
        reserved1: addr as u64 ^ QUAL_KEY,
        reserved2: addr as isize,
        ft: tables.qualifiers,
    }
}

/// `GetMethodReturnType`: both out-pointers required.
///
/// # Safety
/// Out-pointers NULL or writable.
pub(crate) unsafe fn method_return_type(
    list: &ParamAnchor,
    tables: &ClassTables,
    ty: *mut MI_Type,
    qualifier_set: *mut MI_QualifierSet,
) -> MiResult {
    if ty.is_null() || qualifier_set.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: `ty` and `qualifier_set` are non-NULL (checked above) and writable (this function's
    // `# Safety`).
    unsafe {
        ty.write(list.method().return_type);
        qualifier_set.write(qualifier_set_of(list.qualifiers(None), tables));
    }
    Ok(())
}

/// `GetParameterCount` (`MIReturn` is not counted).
///
/// # Safety
/// NULL or writable.
pub(crate) unsafe fn parameter_count(list: &ParamAnchor, count: *mut MI_Uint32) -> MiResult {
    // SAFETY: `count` is NULL or writable (this function's `# Safety`), what `write_req` requires.
    unsafe { write_req(count, list.method().parameters.len() as MI_Uint32) }
}

/// `GetParameterAt`: `name`, `type` and `qualifierSet` required, `referenceClass`
/// optional; past the end is `MI_RESULT_NOT_FOUND`.
///
/// # Safety
/// Out-pointers NULL or writable.
pub(crate) unsafe fn parameter_at(
    list: &ParamAnchor,
    tables: &ClassTables,
    index: MI_Uint32,
    name: *mut *const MI_Char,
    ty: *mut MI_Type,
    reference_class: *mut *mut MI_Char,
    qualifier_set: *mut MI_QualifierSet,
) -> MiResult {
    if name.is_null() || ty.is_null() || qualifier_set.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    let i = index as usize;
    let p = list.method().parameters.get(i).ok_or(MI_RESULT_NOT_FOUND)?;
    // SAFETY: `name`, `ty` and `qualifier_set` are non-NULL (checked above) and writable,
    // `reference_class` NULL or writable (this function's `# Safety`).
    unsafe {
        name.write(p.name.as_ptr());
        ty.write(p.ty);
        write_opt(
            reference_class,
            p.class_name
                .as_ref()
                .map_or(null_mut(), |n| n.as_ptr().cast_mut()),
        );
        qualifier_set.write(qualifier_set_of(list.qualifiers(Some(i)), tables));
    }
    Ok(())
}

/// `GetParameter`: `name`, `type`, `qualifierSet` and `index` required; unknown (and
/// `MIReturn`) is `MI_RESULT_NOT_FOUND`.
///
/// # Safety
/// `name` NULL or NUL-terminated; out-pointers NULL or writable.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn parameter(
    list: &ParamAnchor,
    tables: &ClassTables,
    name: *const MI_Char,
    ty: *mut MI_Type,
    reference_class: *mut *mut MI_Char,
    qualifier_set: *mut MI_QualifierSet,
    index: *mut MI_Uint32,
) -> MiResult {
    if ty.is_null() || qualifier_set.is_null() || index.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: `name` is NULL or NUL-terminated (this function's `# Safety`), what `name_arg`
    // requires.
    let name = unsafe { name_arg(name) }?;
    debug_assert!(list.method().parameter(MIRETURN).is_none());
    let i = list.method().parameter(&name).ok_or(MI_RESULT_NOT_FOUND)? as MI_Uint32;
    let mut unused = null();
    // SAFETY: the out-pointers as `parameter_at` requires (this function's `# Safety`), `unused` is
    // a local; `index` is non-NULL (checked above) and writable.
    unsafe {
        parameter_at(list, tables, i, &mut unused, ty, reference_class, qualifier_set)?;
        index.write(i);
    }
    Ok(())
}

// ---- MI_Application_NewClass ------------------------------------------------------------

/// `MI_ApplicationFT.NewClass` after the application is checked: a class from the
/// client's declaration (read and checked as `super::read` describes; a refused one is
/// `MI_RESULT_INVALID_PARAMETER`, the reason logged at debug level), with copies of the
/// namespace and server names (NULL: none; they must be valid text).
///
/// # Safety
/// `decl` is NULL or a declaration as `read::read_class` requires; `namespace` and
/// `server` NULL or NUL-terminated; `out` NULL or writable.
pub(crate) unsafe fn new_class(
    decl: *const MI_ClassDecl,
    namespace: *const MI_Char,
    server: *const MI_Char,
    out: *mut *mut MI_Class,
    tables: &'static ClassTables,
) -> MiResult {
    // SAFETY: `out` is NULL or writable (this function's `# Safety`), what `write_req` requires.
    unsafe { write_req(out, null_mut()) }?;
    if decl.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: `namespace` and `server` are NULL or NUL-terminated (this function's `# Safety`),
    // what `opt_name` requires.
    let (namespace, server) = unsafe { (opt_name(namespace)?, opt_name(server)?) };
    // SAFETY: `decl` is non-NULL (checked above) and as `read_class` requires (this function's
    // `# Safety`), which is `from_decl`'s contract.
    let cls = unsafe { Class::from_decl(tables, decl, namespace, server) }
        .map_err(|e| schema_refused("MI_Application_NewClass", &e))?;
    // SAFETY: checked non-NULL above.
    unsafe { out.write(cls) };
    Ok(())
}
