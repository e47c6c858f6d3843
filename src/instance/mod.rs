//! Instances (docs/ABI.md §2.2, §3.3): the library's `MI_Instance` object and its element
//! store. The object is one heap allocation whose first field is the `MI_Instance` header,
//! so the pointer handed to clients is the object itself; `reserved[0]` carries a magic
//! number that, with `ft`, tells our instances from foreign or garbage ones.
//!
//! The slot bodies live here as `unsafe fn`s over the client's raw pointers (each states
//! what it needs); `crate::ffi::instance` puts them in `MI_InstanceFT` under the panic
//! boundary. Element names compare case-insensitively (CIM). Values are deep-copied unless
//! the caller passes `MI_FLAG_BORROW` / `MI_FLAG_ADOPT` (see [`value::Mode`]).
//!
//! # Safety contract
//! The instance pointer of every `unsafe fn` is NULL or readable for an `MI_Instance`
//! header; only `ft` and `reserved[0]` are read (`magic_of`) before it is known to be one of
//! ours. A function that changes an instance (`resolve_mut` and its callers) requires that
//! no other reference to it is in use, as the reference's rule that an instance is not
//! shared between threads while it changes; a shared `&Instance` is always dropped before
//! the `&mut` is taken. Names are NULL or NUL-terminated; a value pointer is NULL or
//! readable for the member its `MI_Type` selects, with the pointers in it valid as the type
//! says (strings NUL-terminated, arrays of their `size`, live instances); declarations are
//! as `crate::schema::read` requires. In return everything kept is copied (or adopted /
//! borrowed as the flags say), and pointers handed out stay valid until the element
//! changes or the instance is deleted.

pub(crate) mod error;
pub(crate) mod fixed;
pub(crate) mod laid_out;
pub(crate) mod value;

use crate::abi::*;
use crate::boundary::MiResult;
use crate::schema::model::{ClassModel, Property};
use crate::schema::read::{self, ReadOptions};
use crate::strings::{self, Name};
use std::mem::size_of;
use std::ptr::{self, null, null_mut};
use std::sync::Arc;
use value::{Mode, OwnedInstance, Stored};

/// `reserved[0]` of a live instance of ours ("MIin").
const MAGIC: isize = 0x4D49_696E;
/// `reserved[0]` after `Destruct`: only `Delete` is accepted.
const MAGIC_DESTRUCTED: isize = 0x4D49_6478;
/// Most elements one instance holds (and most properties read from a declaration).
pub(crate) const MAX_ELEMENTS: usize = 1 << 16;
/// Most instances nested in one another, the outermost included (docs/STATUS.md).
pub(crate) const MAX_EMBEDDING: usize = 64;
/// Element flags that the API does not define (bits 23 and 24).
const UNDEFINED_FLAGS: MI_Uint32 = 0x0180_0000;
/// Flags that say how to take a value rather than describe the element.
pub(crate) const VALUE_FLAGS: MI_Uint32 =
    MI_FLAG_NULL | MI_FLAG_BORROW | MI_FLAG_ADOPT | MI_FLAG_NOT_MODIFIED;
/// Windows' `MI_FLAG_EXTENDED` on a class declaration (0x1000, the value of `MI_FLAG_KEY`):
/// never set on our declarations, so `MI_Instance_Normalize` never casts our table to the
/// 19-slot `MI_InstanceExFT`.
const FLAG_EXTENDED: MI_Uint32 = 0x1000;

/// The lookup hash of `MI_FeatureDecl.code`, as OMI computes it.
pub(crate) fn name_code(name: &Name) -> MI_Uint32 {
    crate::schema::code_of(name.chars())
}

/// A class declaration the library owns: what `MI_Instance.classDecl` points to (never
/// NULL: Windows' `MI_Instance_Normalize` reads it unchecked). It carries the class name
/// and kind flags, no properties (the elements live in the instance).
pub(crate) struct OwnedDecl {
    decl: MI_ClassDecl,
    _name: Name,
}

impl OwnedDecl {
    pub(crate) fn new(name: &Name, flags: MI_Uint32) -> Box<Self> {
        let name = name.clone();
        Box::new(OwnedDecl {
            decl: MI_ClassDecl {
                flags: flags & !FLAG_EXTENDED,
                code: name_code(&name),
                name: name.as_ptr(),
                qualifiers: null(),
                numQualifiers: 0,
                properties: null(),
                numProperties: 0,
                size: size_of::<MI_Instance>() as MI_Uint32,
                superClass: null(),
                superClassDecl: null(),
                methods: null(),
                numMethods: 0,
                schema: null(),
                providerFT: null(),
                owningClass: null_mut(),
            },
            _name: name,
        })
    }

    pub(crate) fn as_ptr(&self) -> *const MI_ClassDecl {
        &self.decl
    }
}

/// One element (property or parameter).
pub(crate) struct Element {
    pub(crate) name: Name,
    pub(crate) ty: MI_Type,
    /// `MI_FLAG_KEY`, `MI_FLAG_IN`, ... as added or declared (never the value flags).
    pub(crate) flags: MI_Uint32,
    /// `None`: the value is NULL.
    pub(crate) value: Option<Stored>,
    /// Set by every Add/Set/Clear; a declaration's default is "not modified".
    pub(crate) modified: bool,
}

impl Element {
    /// The flags `GetElement*` reports: the element's own, `MI_FLAG_NULL` when it has no
    /// value, `MI_FLAG_NOT_MODIFIED` when it was never set.
    pub(crate) fn flags_out(&self) -> MI_Uint32 {
        let mut f = self.flags;
        if self.value.is_none() {
            f |= MI_FLAG_NULL;
        }
        if !self.modified {
            f |= MI_FLAG_NOT_MODIFIED;
        }
        f
    }

    /// The value as handed to clients (all zero when NULL).
    pub(crate) fn view(&self) -> MI_Value {
        self.value.as_ref().map_or_else(value::zero_value, |s| *s.view())
    }

    fn duplicate(&self) -> MiResult<Element> {
        Ok(Element {
            name: self.name.clone(),
            ty: self.ty,
            flags: self.flags,
            value: match &self.value {
                Some(s) => s.duplicate(self.ty)?,
                None => None,
            },
            modified: self.modified,
        })
    }
}

/// The library's instance. `#[repr(C)]` with the header first: a `*mut MI_Instance` of
/// ours is a pointer to this.
#[repr(C)]
pub(crate) struct Instance {
    header: MI_Instance,
    class_name: Name,
    decl: Box<OwnedDecl>,
    /// The client declarations this instance was built from (its class and superclasses),
    /// compared by address in `IsA`, never dereferenced after construction.
    lineage: Vec<*const MI_ClassDecl>,
    /// Dynamic instances take new elements; schema-backed ones do not (as the reference).
    dynamic: bool,
    /// The class model of a schema-backed instance (what `GetClass` answers from).
    model: Option<Arc<ClassModel>>,
    elements: Vec<Element>,
    namespace: Option<Name>,
    server: Option<Name>,
}

/// How `AddElement` / `SetElement*` flags ask for a value to be taken.
pub(crate) fn mode_of(flags: MI_Uint32) -> MiResult<Mode> {
    if flags & UNDEFINED_FLAGS != 0 {
        log::debug!("undefined element flags {:#x}", flags & UNDEFINED_FLAGS);
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    match (flags & MI_FLAG_BORROW != 0, flags & MI_FLAG_ADOPT != 0) {
        (true, true) => Err(MI_RESULT_INVALID_PARAMETER),
        (true, false) => Ok(Mode::Borrow),
        (false, true) => Ok(Mode::Adopt),
        (false, false) => Ok(Mode::Copy),
    }
}

pub(crate) fn check_type(ty: MI_Type) -> MiResult {
    if value::is_valid_type(ty) {
        Ok(())
    } else {
        log::debug!("unknown MI_Type {ty}");
        Err(MI_RESULT_INVALID_PARAMETER)
    }
}

fn index_of(index: MI_Uint32, len: usize) -> MiResult<usize> {
    let i = index as usize;
    if i < len {
        Ok(i)
    } else {
        Err(MI_RESULT_INVALID_PARAMETER)
    }
}

/// What [`Instance::walk`] found.
struct Nest {
    /// The target is one of the owned instances.
    holds: bool,
    /// Instances nested in one another, the walked one included (`cap + 1` at most).
    levels: usize,
}

fn is_instance_type(ty: MI_Type) -> bool {
    matches!(ty, MI_INSTANCE | MI_REFERENCE | MI_INSTANCEA | MI_REFERENCEA)
}

/// The non-NULL instances a value of type `ty` points to (none for other types, and for
/// an array with NULL data, which `value::store` refuses).
///
/// # Safety
/// As [`value::store`].
unsafe fn embedded_in(ty: MI_Type, v: &MI_Value) -> Vec<*const MI_Instance> {
    // SAFETY: the member `ty` selects (contract); the reference member has the same layout.
    unsafe {
        match ty {
            MI_INSTANCE | MI_REFERENCE => [v.instance.cast_const()]
                .into_iter()
                .filter(|p| !p.is_null())
                .collect(),
            MI_INSTANCEA | MI_REFERENCEA if !v.instancea.data.is_null() => {
                std::slice::from_raw_parts(v.instancea.data, v.instancea.size as usize)
                    .iter()
                    .filter(|p| !p.is_null())
                    .map(|p| p.cast_const())
                    .collect()
            }
            _ => Vec::new(),
        }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.free_nest();
        // A stale pointer to freed memory that was not reused yet no longer looks like ours.
        self.header.reserved[0] = 0;
        self.header.ft = null();
    }
}

impl Instance {
    fn build(
        ft: &'static MI_InstanceFT,
        class_name: Name,
        decl_flags: MI_Uint32,
        lineage: Vec<*const MI_ClassDecl>,
        dynamic: bool,
        model: Option<Arc<ClassModel>>,
        elements: Vec<Element>,
    ) -> Box<Instance> {
        let decl = OwnedDecl::new(&class_name, decl_flags);
        Box::new(Instance {
            header: MI_Instance {
                ft,
                classDecl: decl.as_ptr(),
                serverName: null(),
                nameSpace: null(),
                reserved: [MAGIC, 0, 0, 0],
            },
            class_name,
            decl,
            lineage,
            dynamic,
            model,
            elements,
            namespace: None,
            server: None,
        })
    }

    /// A dynamic instance of `class_name` (must be a legal CIM name).
    pub(crate) fn new_dynamic(ft: &'static MI_InstanceFT, class_name: &str) -> MiResult<*mut MI_Instance> {
        if !strings::is_legal_cim_name(class_name) {
            log::debug!("illegal class name {class_name:?}");
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let inst = Self::build(
            ft,
            Name::new(class_name),
            MI_FLAG_CLASS,
            Vec::new(),
            true,
            None,
            Vec::new(),
        );
        Ok(Box::into_raw(inst).cast())
    }

    /// A schema-backed instance: elements, types, flags and default values from a class
    /// (or method) declaration, which is read here (and checked: `crate::schema::read`)
    /// and never again. A refused declaration is `MI_RESULT_INVALID_PARAMETER`.
    ///
    /// # Safety
    /// `decl` is NULL or a declaration as `crate::schema::read::read_class` requires
    /// (`read_method_parameters` when its flags say `MI_FLAG_METHOD`).
    pub(crate) unsafe fn new_from_decl(
        ft: &'static MI_InstanceFT,
        decl: *const MI_ClassDecl,
    ) -> MiResult<*mut MI_Instance> {
        if decl.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let refused = |e: crate::schema::SchemaError| {
            log::debug!("declaration refused: {e}");
            MI_RESULT_INVALID_PARAMETER
        };
        // SAFETY: every declaration starts with the MI_ObjectDecl fields (contract).
        let flags = unsafe { ptr::read_unaligned(decl.cast::<MI_ObjectDecl>()) }.flags;
        if flags & MI_FLAG_METHOD != 0 {
            // SAFETY: a method declaration (its flags say so; contract).
            let (name, params) = unsafe { read::read_method_parameters(decl.cast()) }.map_err(refused)?;
            let elements = params
                .into_iter()
                .map(|p| Element {
                    name: p.name,
                    ty: p.ty,
                    flags: p.flags & !VALUE_FLAGS,
                    value: None,
                    modified: false,
                })
                .collect();
            let inst = Self::build(ft, name, flags, vec![decl], false, None, elements);
            return Ok(Box::into_raw(inst).cast());
        }
        // SAFETY: `decl` is non-NULL (checked above), not a method declaration (its flags), so as
        // `read_class` requires (this function's `# Safety`).
        let read = unsafe { read::read_class(decl, ReadOptions::CLIENT) }.map_err(refused)?;
        Self::new_from_model(ft, read.model, read.lineage)
    }

    /// A schema-backed instance of a class model: one element per property (declared
    /// flags, default values, "not modified"). `lineage` are the declarations `IsA`
    /// answers true for besides the instance's own (compared by address only).
    pub(crate) fn new_from_model(
        ft: &'static MI_InstanceFT,
        model: Arc<ClassModel>,
        lineage: Vec<*const MI_ClassDecl>,
    ) -> MiResult<*mut MI_Instance> {
        let mut elements = Vec::new();
        elements
            .try_reserve_exact(model.properties.len())
            .map_err(|_| MI_RESULT_SERVER_LIMITS_EXCEEDED)?;
        for p in &model.properties {
            elements.push(Element {
                name: p.name.clone(),
                ty: p.ty,
                flags: p.flags & !VALUE_FLAGS,
                value: p.default.as_ref().map(|v| v.to_stored()).transpose()?,
                modified: false,
            });
        }
        let inst = Self::build(
            ft,
            model.name.clone(),
            model.flags,
            lineage,
            false,
            Some(model),
            elements,
        );
        Ok(Box::into_raw(inst).cast())
    }

    /// The class model `GetClass` answers from: the declaration's, for a schema-backed
    /// instance; otherwise one made from the elements (names, types, flags; no defaults,
    /// qualifiers, methods or parent).
    /// Whether the instance was made from a class model (else `class_model` builds one).
    pub(crate) fn has_model(&self) -> bool {
        self.model.is_some()
    }

    pub(crate) fn class_model(&self) -> Arc<ClassModel> {
        if let Some(m) = &self.model {
            return m.clone();
        }
        let mut m = ClassModel::new(self.class_name.as_str());
        // A parameter set (from a method declaration) shows as a plain class.
        let flags = self.decl.decl.flags;
        m.flags = if flags & MI_FLAG_METHOD != 0 {
            MI_FLAG_CLASS
        } else {
            flags
        };
        m.properties = self
            .elements
            .iter()
            .map(|e| Property {
                flags: e.flags,
                ..Property::new(e.name.as_str(), e.ty)
            })
            .collect();
        Arc::new(m)
    }

    /// Our instance behind `p`, if it is one: non-NULL, `ft` is ours, the magic matches.
    ///
    /// # Safety
    /// `p` is NULL or readable for an `MI_Instance` header; if it is ours, it stays valid
    /// and unmodified by others for `'a`.
    pub(crate) unsafe fn resolve<'a>(
        p: *const MI_Instance,
        ft: *const MI_InstanceFT,
    ) -> MiResult<&'a Instance> {
        // SAFETY: `p` is NULL or readable for a header (this function's `# Safety`), all `magic_of`
        // reads.
        if unsafe { Self::magic_of(p, ft) } == Some(MAGIC) {
            // SAFETY: ours (checked), so `p` points to a live `Instance`.
            Ok(unsafe { &*p.cast::<Instance>() })
        } else {
            Err(MI_RESULT_INVALID_PARAMETER)
        }
    }

    /// As [`Instance::resolve`], for changes.
    ///
    /// # Safety
    /// As `resolve`, and no other reference to the instance is in use for `'a`.
    pub(crate) unsafe fn resolve_mut<'a>(
        p: *mut MI_Instance,
        ft: *const MI_InstanceFT,
    ) -> MiResult<&'a mut Instance> {
        // SAFETY: `p` is NULL or readable for a header (this function's `# Safety`, as `resolve`),
        // all `magic_of` reads.
        if unsafe { Self::magic_of(p, ft) } == Some(MAGIC) {
            // SAFETY: ours (checked); exclusive (contract).
            Ok(unsafe { &mut *p.cast::<Instance>() })
        } else {
            Err(MI_RESULT_INVALID_PARAMETER)
        }
    }

    /// `reserved[0]` of `p` when it is non-NULL and its `ft` is `ft`.
    ///
    /// # Safety
    /// `p` is NULL or readable for an `MI_Instance` header.
    unsafe fn magic_of(p: *const MI_Instance, ft: *const MI_InstanceFT) -> Option<isize> {
        if p.is_null() {
            return None;
        }
        // SAFETY: readable header (contract); read by value.
        let (f, magic) = unsafe {
            (
                ptr::addr_of!((*p).ft).read(),
                ptr::addr_of!((*p).reserved[0]).read(),
            )
        };
        (f == ft).then_some(magic)
    }

    /// `Delete`: frees the instance (also after `Destruct`).
    ///
    /// # Safety
    /// `p` is NULL or readable for a header; if ours, no reference to it is in use and the
    /// client does not use it afterwards.
    pub(crate) unsafe fn delete(p: *mut MI_Instance, ft: *const MI_InstanceFT) -> MiResult {
        // SAFETY: `p` is NULL or readable for a header (this function's `# Safety`), all `magic_of`
        // reads.
        match unsafe { Self::magic_of(p, ft) } {
            Some(MAGIC) | Some(MAGIC_DESTRUCTED) => {
                // SAFETY: ours, allocated by Box::into_raw in `build`'s callers.
                drop(unsafe { Box::from_raw(p.cast::<Instance>()) });
                Ok(())
            }
            _ => Err(MI_RESULT_INVALID_PARAMETER),
        }
    }

    /// `Destruct`: releases every element, the namespace and the server name; afterwards
    /// only `Delete` is accepted.
    pub(crate) fn destruct(&mut self) {
        self.elements = Vec::new();
        self.set_namespace(None);
        self.set_server_name(None);
        self.header.reserved[0] = MAGIC_DESTRUCTED;
    }

    /// A deep copy: every value copied (borrowed ones too), embedded instances through
    /// their own `Clone`.
    pub(crate) fn deep_clone(&self) -> MiResult<*mut MI_Instance> {
        let mut elements = Vec::new();
        elements
            .try_reserve_exact(self.elements.len())
            .map_err(|_| MI_RESULT_SERVER_LIMITS_EXCEEDED)?;
        for e in &self.elements {
            elements.push(e.duplicate()?);
        }
        // SAFETY: our header's ft is the static table we were built with.
        let ft: &'static MI_InstanceFT = unsafe { &*self.header.ft };
        let mut inst = Self::build(
            ft,
            self.class_name.clone(),
            self.decl.decl.flags,
            self.lineage.clone(),
            self.dynamic,
            self.model.clone(),
            elements,
        );
        inst.set_namespace(self.namespace.clone());
        inst.set_server_name(self.server.clone());
        Ok(Box::into_raw(inst).cast())
    }

    pub(crate) fn is_a(&self, decl: *const MI_ClassDecl) -> bool {
        decl == self.decl.as_ptr() || self.lineage.contains(&decl)
    }

    pub(crate) fn class_name(&self) -> &Name {
        &self.class_name
    }

    pub(crate) fn header(&self) -> &MI_Instance {
        &self.header
    }

    pub(crate) fn namespace(&self) -> Option<&Name> {
        self.namespace.as_ref()
    }

    pub(crate) fn server_name(&self) -> Option<&Name> {
        self.server.as_ref()
    }

    pub(crate) fn set_namespace(&mut self, ns: Option<Name>) {
        self.namespace = ns;
        self.header.nameSpace = self.namespace.as_ref().map_or(null(), Name::as_ptr);
    }

    pub(crate) fn set_server_name(&mut self, server: Option<Name>) {
        self.server = server;
        self.header.serverName = self.server.as_ref().map_or(null(), Name::as_ptr);
    }

    pub(crate) fn elements(&self) -> &[Element] {
        &self.elements
    }

    pub(crate) fn element(&self, index: MI_Uint32) -> MiResult<&Element> {
        Ok(&self.elements[index_of(index, self.elements.len())?])
    }

    /// Index of the element called `name` (case-insensitive).
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        self.elements
            .iter()
            .position(|e| strings::cim_eq(e.name.as_str(), name))
    }

    /// Index of the element called `name`: an invalid name string is
    /// `MI_RESULT_INVALID_PARAMETER`, an unknown one `MI_RESULT_NO_SUCH_PROPERTY`.
    ///
    /// # Safety
    /// `name` is NULL or NUL-terminated.
    pub(crate) unsafe fn find_c(&self, name: *const MI_Char) -> MiResult<MI_Uint32> {
        // SAFETY: `name` is NULL or NUL-terminated (this function's `# Safety`), what `c_chars`
        // requires; the slice is used only before returning.
        let chars = unsafe { strings::c_chars(name) }?;
        let name = strings::decode(chars)?;
        self.find(&name)
            .map(|i| i as MI_Uint32)
            .ok_or(MI_RESULT_NO_SUCH_PROPERTY)
    }

    /// Walks this instance and the instances of ours it owns, at any depth, with an
    /// explicit stack (a nest can be deeper than any call stack: see [`MAX_EMBEDDING`]).
    /// Borrowed and foreign instances count as one level and are not entered. Stops
    /// descending below `cap` levels (this one is level 1) and reports the nest as deeper
    /// than `cap`. Owned instances form a tree (adoption refuses cycles), so the walk
    /// visits each once.
    fn walk(&self, target: *const MI_Instance, cap: usize) -> Nest {
        let ft = self.header.ft;
        let mut nest = Nest {
            holds: false,
            levels: 1,
        };
        let mut stack: Vec<(&Instance, usize)> = vec![(self, 1)];
        while let Some((inst, level)) = stack.pop() {
            nest.levels = nest.levels.max(level);
            if level > cap {
                continue;
            }
            for e in &inst.elements {
                let Some(s) = e.value.as_ref() else { continue };
                if s.owns_nothing() {
                    if is_instance_type(e.ty) {
                        nest.levels = nest.levels.max(level + 1);
                    }
                    continue;
                }
                for p in s.owned_instance().into_iter().chain(s.owned_instances()) {
                    if p.cast_const() == target {
                        nest.holds = true;
                    }
                    // SAFETY: an instance this one owns is live; ours only if ft and magic say so.
                    match unsafe { Self::resolve(p, ft) } {
                        Ok(inner) => stack.push((inner, level + 1)),
                        Err(_) => nest.levels = nest.levels.max(level + 1),
                    }
                }
            }
        }
        nest
    }

    /// Frees everything this instance owns below it with an explicit stack: the owned
    /// instances of ours are taken out of their owners' values and freed one by one, so
    /// no nest, however deep, recurses.
    fn free_nest(&mut self) {
        let ft = self.header.ft;
        // SAFETY: the owned instances are live; ours only if ft and magic say so.
        let ours =
            |p: *mut MI_Instance| matches!(unsafe { Self::magic_of(p, ft) }, Some(MAGIC | MAGIC_DESTRUCTED));
        let mut pending = Vec::new();
        for e in &mut self.elements {
            if let Some(s) = e.value.as_mut() {
                s.detach_instances(ours, &mut pending);
            }
        }
        while let Some(p) = pending.pop() {
            // SAFETY: ours (checked) and detached from its only owner: a `Box<Instance>`
            // (made by `Box::into_raw` in `build`'s callers) that nothing else refers to.
            let mut inner = unsafe { Box::from_raw(p.cast::<Instance>()) };
            for e in &mut inner.elements {
                if let Some(s) = e.value.as_mut() {
                    s.detach_instances(ours, &mut pending);
                }
            }
            drop(inner); // owns no instance of ours any more: its own drop does not recurse
        }
    }

    /// Turns the client's `(value, type, flags)` into the stored form; `None` for NULL
    /// (`MI_FLAG_NULL` or a NULL `value`). Refuses an adoption that would make an instance
    /// own itself or an instance it already holds.
    ///
    /// # Safety
    /// `value` is NULL or readable for the member `ty` selects, with pointers valid as
    /// `ty` says.
    unsafe fn take_value(
        this: *const MI_Instance,
        ft: *const MI_InstanceFT,
        value: *const MI_Value,
        ty: MI_Type,
        flags: MI_Uint32,
    ) -> MiResult<Option<Stored>> {
        let mode = mode_of(flags)?;
        if value.is_null() || flags & MI_FLAG_NULL != 0 {
            return Ok(None);
        }
        // SAFETY: readable for the member (contract).
        let v = unsafe { value::read_member(ty, value.cast()) };
        // SAFETY: `this` is ours (callers resolved it); no mutable reference is in use.
        let inst = unsafe { Self::resolve(this, ft) }?;
        // SAFETY: the member `ty` selects, its pointers valid as the type says (contract).
        for p in unsafe { embedded_in(ty, &v) } {
            // SAFETY: `p` is a live instance (contract); ours only if ft and magic say so.
            let nest = match unsafe { Self::resolve(p, ft) } {
                Ok(value) => value.walk(this, MAX_EMBEDDING - 1),
                Err(_) => Nest {
                    holds: false,
                    levels: 1,
                },
            };
            if nest.levels >= MAX_EMBEDDING {
                log::debug!("embedded instances would nest deeper than {MAX_EMBEDDING}: refused");
                return Err(MI_RESULT_INVALID_PARAMETER);
            }
            if mode == Mode::Adopt
                && (ty == MI_INSTANCE || ty == MI_REFERENCE)
                && (p == this || nest.holds || inst.walk(p, usize::MAX).holds)
            {
                log::debug!("MI_FLAG_ADOPT of an instance that would own itself or is already held");
                return Err(MI_RESULT_INVALID_PARAMETER);
            }
        }
        // SAFETY: `v` is the member `ty` selects, read from `value`, whose pointers are valid as
        // `ty` says (this function's `# Safety`): `store`'s contract.
        unsafe { value::store(ty, &v, mode) }
    }

    /// `AddElement`.
    ///
    /// # Safety
    /// `p` as [`Instance::resolve_mut`]; `name` NULL or NUL-terminated; `value` as
    /// [`Instance::take_value`].
    pub(crate) unsafe fn add_element(
        p: *mut MI_Instance,
        ft: *const MI_InstanceFT,
        name: *const MI_Char,
        value: *const MI_Value,
        ty: MI_Type,
        flags: MI_Uint32,
    ) -> MiResult {
        let name = {
            // SAFETY: `p` as `resolve_mut` requires (this function's `# Safety`), so also as
            // `resolve`; this shared reference ends with the block.
            let inst = unsafe { Self::resolve(p, ft) }?;
            // SAFETY: `name` is NULL or NUL-terminated (this function's `# Safety`), what
            // `Name::from_c` requires.
            let name = unsafe { Name::from_c(name) }?;
            check_type(ty)?;
            mode_of(flags)?;
            if !inst.dynamic {
                log::debug!("AddElement on a schema-backed instance");
                return Err(MI_RESULT_FAILED);
            }
            if !strings::is_legal_cim_name(name.as_str()) {
                log::debug!("illegal element name {:?}", name.as_str());
                return Err(MI_RESULT_INVALID_PARAMETER);
            }
            if inst.find(name.as_str()).is_some() {
                return Err(MI_RESULT_ALREADY_EXISTS);
            }
            if inst.elements.len() >= MAX_ELEMENTS {
                return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
            }
            name
        };
        // SAFETY: `value` as `take_value` requires (this function's `# Safety`); `p` is ours
        // (resolved above) and no reference to it is held here.
        let stored = unsafe { Self::take_value(p, ft, value, ty, flags) }?;
        // SAFETY: `p` as this function's `# Safety` states (as `resolve_mut`); the shared reference
        // above has ended.
        let inst = unsafe { Self::resolve_mut(p, ft) }?;
        inst.elements.push(Element {
            name,
            ty,
            flags: flags & !VALUE_FLAGS,
            value: stored,
            modified: true,
        });
        Ok(())
    }

    /// Adds an element whose value is already in stored form (the library's own
    /// builders: the WS-Management codec). The same checks as `AddElement`.
    pub(crate) fn push_stored(
        &mut self,
        name: &str,
        ty: MI_Type,
        flags: MI_Uint32,
        value: Option<Stored>,
    ) -> MiResult {
        check_type(ty)?;
        if !self.dynamic {
            return Err(MI_RESULT_FAILED);
        }
        if !strings::is_legal_cim_name(name) {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        if self.elements.len() >= MAX_ELEMENTS {
            return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
        }
        self.elements.push(Element {
            name: Name::new(name),
            ty,
            flags: flags & !VALUE_FLAGS,
            value,
            modified: true,
        });
        Ok(())
    }

    /// `SetElementAt` (and `SetElement` once the name is resolved).
    ///
    /// # Safety
    /// As [`Instance::add_element`].
    pub(crate) unsafe fn set_element_at(
        p: *mut MI_Instance,
        ft: *const MI_InstanceFT,
        index: MI_Uint32,
        value: *const MI_Value,
        ty: MI_Type,
        flags: MI_Uint32,
    ) -> MiResult {
        {
            // SAFETY: `p` as `resolve_mut` requires (this function's `# Safety`), so also as
            // `resolve`; this shared reference ends with the block.
            let inst = unsafe { Self::resolve(p, ft) }?;
            check_type(ty)?;
            mode_of(flags)?;
            if inst.element(index)?.ty != ty {
                return Err(MI_RESULT_TYPE_MISMATCH);
            }
        }
        // SAFETY: `value` as `take_value` requires (this function's `# Safety`); `p` is ours
        // (resolved above) and no reference to it is held here.
        let stored = unsafe { Self::take_value(p, ft, value, ty, flags) }?;
        // SAFETY: `p` as this function's `# Safety` states (as `resolve_mut`); the shared reference
        // above has ended.
        let inst = match unsafe { Self::resolve_mut(p, ft) } {
            Ok(inst) if (index as usize) < inst.elements.len() => inst,
            // Only if copying the value changed this instance under us: give an adopted
            // instance back rather than delete it.
            other => {
                if let Some(s) = stored {
                    s.abandon();
                }
                return other.and(Err(MI_RESULT_FAILED));
            }
        };
        let e = &mut inst.elements[index as usize];
        e.value = stored; // the old value is freed here, after the new one was copied
        e.modified = true;
        Ok(())
    }

    /// `SetElement`.
    ///
    /// # Safety
    /// As [`Instance::add_element`].
    pub(crate) unsafe fn set_element(
        p: *mut MI_Instance,
        ft: *const MI_InstanceFT,
        name: *const MI_Char,
        value: *const MI_Value,
        ty: MI_Type,
        flags: MI_Uint32,
    ) -> MiResult {
        // SAFETY: `p` as `resolve` requires and `name` NULL or NUL-terminated, as `find_c` requires
        // (this function's `# Safety`, via [`Instance::add_element`]); the reference ends here.
        let index = unsafe { Self::resolve(p, ft)?.find_c(name) }?;
        // SAFETY: `p` and `value` as this function's `# Safety` states, which is `set_element_at`'s
        // contract; no reference to the instance is held here.
        unsafe { Self::set_element_at(p, ft, index, value, ty, flags) }
    }

    /// Marks element `index` set or never set (`MI_FLAG_NOT_MODIFIED`), as a
    /// deserializer restores it; an index out of range is ignored.
    pub(crate) fn set_modified(&mut self, index: usize, modified: bool) {
        if let Some(e) = self.elements.get_mut(index) {
            e.modified = modified;
        }
    }

    /// `ClearElementAt`: the element stays, its value becomes NULL.
    pub(crate) fn clear_element_at(&mut self, index: MI_Uint32) -> MiResult {
        let i = index_of(index, self.elements.len())?;
        let e = &mut self.elements[i];
        e.value = None;
        e.modified = true;
        Ok(())
    }
}

/// A deep copy, as a dynamic instance of ours with table `ft`, of an instance of another
/// library (a client built against another MI implementation, such as OMI's own `omicli`,
/// whose instances carry that library's table): read only through the instance's own
/// table (class name, namespace, server name, elements), embedded instances copied the same
/// way, at most [`MAX_EMBEDDING`] deep. Key flags are kept; value flags are not.
///
/// # Safety
/// `src` is a live instance whose `ft` is NULL or a valid `MI_InstanceFT` of its library,
/// not modified during the call.
pub(crate) unsafe fn copy_foreign(
    src: *const MI_Instance,
    ft: &'static MI_InstanceFT,
) -> MiResult<OwnedInstance> {
    // SAFETY: forwarded to the depth-counting body with this function's contract.
    unsafe { copy_foreign_at(src, ft, 0) }
}

/// # Safety
/// As [`copy_foreign`].
unsafe fn copy_foreign_at(
    src: *const MI_Instance,
    ft: &'static MI_InstanceFT,
    depth: usize,
) -> MiResult<OwnedInstance> {
    if src.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    if depth >= MAX_EMBEDDING {
        return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
    }
    // SAFETY: `src` is live and its table valid (contract); each slot is the library's
    // own, called as the MI API says, and its answers are read only while `src` lives.
    unsafe {
        let sft = (*src).ft.as_ref().ok_or(MI_RESULT_INVALID_PARAMETER)?;
        let mut class: *const MI_Char = std::ptr::null();
        (sft.GetClassName.ok_or(MI_RESULT_NOT_SUPPORTED)?)(src, &mut class);
        let class = strings::utf8(class)?.ok_or(MI_RESULT_INVALID_PARAMETER)?;
        let out = OwnedInstance::adopt(Instance::new_dynamic(ft, &class)?);
        let o = out.as_ptr();
        let mut names: [*const MI_Char; 2] = [std::ptr::null(); 2];
        if let Some(get) = sft.GetNameSpace {
            get(src, &mut names[0]);
        }
        if let Some(get) = sft.GetServerName {
            get(src, &mut names[1]);
        }
        {
            let inst = Instance::resolve_mut(o, ft)?;
            inst.set_namespace(strings::utf8(names[0]).ok().flatten().map(|s| Name::new(&s)));
            inst.set_server_name(strings::utf8(names[1]).ok().flatten().map(|s| Name::new(&s)));
        }
        let mut n = 0;
        (sft.GetElementCount.ok_or(MI_RESULT_NOT_SUPPORTED)?)(src, &mut n);
        let at = sft.GetElementAt.ok_or(MI_RESULT_NOT_SUPPORTED)?;
        for i in 0..n {
            let mut name: *const MI_Char = std::ptr::null();
            let mut v = value::zero_value();
            let (mut ty, mut flags) = (0, 0);
            if at(src, i, &mut name, &mut v, &mut ty, &mut flags) != MI_RESULT_OK || name.is_null() {
                continue;
            }
            let keep = flags & (MI_FLAG_KEY | MI_FLAG_IN | MI_FLAG_OUT);
            if flags & MI_FLAG_NULL != 0 {
                Instance::add_element(o, ft, name, std::ptr::null(), ty, keep | MI_FLAG_NULL)?;
                continue;
            }
            let base = ty & !MI_ARRAY;
            if base == MI_INSTANCE || base == MI_REFERENCE {
                if ty & MI_ARRAY == 0 {
                    let inner = copy_foreign_at(v.instance, ft, depth + 1)?;
                    let mut iv = value::zero_value();
                    iv.instance = inner.as_ptr();
                    Instance::add_element(o, ft, name, &iv, ty, keep)?;
                } else {
                    let arr = v.array;
                    let data = arr.data.cast::<*const MI_Instance>();
                    let mut copies = Vec::with_capacity(arr.size as usize);
                    for j in 0..arr.size as usize {
                        copies.push(copy_foreign_at(data.add(j).read(), ft, depth + 1)?);
                    }
                    let mut ptrs: Vec<*mut MI_Instance> = copies.iter().map(OwnedInstance::as_ptr).collect();
                    let mut av = value::zero_value();
                    av.array = MI_Array {
                        data: ptrs.as_mut_ptr().cast(),
                        size: arr.size,
                    };
                    Instance::add_element(o, ft, name, &av, ty, keep)?;
                }
            } else {
                Instance::add_element(o, ft, name, &v, ty, keep)?;
            }
        }
        Ok(out)
    }
}
