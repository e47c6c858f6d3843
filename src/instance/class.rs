//! A minimal `MI_Class` (what `MI_Instance_GetClass` returns): the shape of an instance's
//! class (name, namespace, server, and per element its name, type and flags) behind a
//! complete, owned `MI_ClassDecl`, so that `MI_Application_NewInstanceFromClass` can build
//! instances from it. It carries no default values, qualifiers, methods or parent class
//! (those slots answer `MI_RESULT_NOT_SUPPORTED`; docs/STATUS.md).

use super::{Instance, name_code};
use crate::abi::*;
use crate::boundary::MiResult;
use crate::strings::{self, Name};
use std::mem::size_of;
use std::ptr::{self, null, null_mut};

/// `reserved[0]` of a live class of ours ("MIcl").
const MAGIC: isize = 0x4D49_636C;

/// A class declaration with property declarations, all owned.
struct FullDecl {
    decl: MI_ClassDecl,
    _name: Name,
    _props: Vec<MI_PropertyDecl>,
    _ptrs: Box<[*const MI_PropertyDecl]>,
}

/// One element of a class.
pub(crate) struct ClassElement {
    pub(crate) name: Name,
    pub(crate) ty: MI_Type,
    pub(crate) flags: MI_Uint32,
}

/// The library's class object; `#[repr(C)]` with the `MI_Class` header first.
#[repr(C)]
pub(crate) struct Class {
    header: MI_Class,
    class_name: Name,
    elements: Vec<ClassElement>,
    decl: Box<FullDecl>,
    namespace: Option<Name>,
    server: Option<Name>,
}

fn full_decl(class_name: &Name, flags: MI_Uint32, elements: &[ClassElement]) -> Box<FullDecl> {
    let props: Vec<MI_PropertyDecl> = elements
        .iter()
        .map(|e| MI_PropertyDecl {
            flags: e.flags,
            code: name_code(&e.name),
            name: e.name.as_ptr(),
            qualifiers: null(),
            numQualifiers: 0,
            r#type: e.ty,
            className: null(),
            subscript: 0,
            offset: 0,
            origin: null(),
            propagator: null(),
            value: null(),
        })
        .collect();
    // The vector's buffer never moves after this (it is never changed), so the pointers stay valid.
    let ptrs: Box<[*const MI_PropertyDecl]> = props.iter().map(|p| p as *const MI_PropertyDecl).collect();
    let name = class_name.clone();
    Box::new(FullDecl {
        decl: MI_ClassDecl {
            flags,
            code: name_code(&name),
            name: name.as_ptr(),
            qualifiers: null(),
            numQualifiers: 0,
            properties: if ptrs.is_empty() { null() } else { ptrs.as_ptr() },
            numProperties: ptrs.len() as MI_Uint32,
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
        _props: props,
        _ptrs: ptrs,
    })
}

impl Class {
    fn build(
        ft: &'static MI_ClassFT,
        class_name: Name,
        flags: MI_Uint32,
        elements: Vec<ClassElement>,
        namespace: Option<Name>,
        server: Option<Name>,
    ) -> *mut MI_Class {
        let decl = full_decl(&class_name, flags, &elements);
        let cls = Box::new(Class {
            header: MI_Class {
                ft,
                classDecl: &decl.decl,
                namespaceName: namespace.as_ref().map_or(null(), Name::as_ptr),
                serverName: server.as_ref().map_or(null(), Name::as_ptr),
                reserved: [MAGIC, 0, 0, 0],
            },
            class_name,
            elements,
            decl,
            namespace,
            server,
        });
        Box::into_raw(cls).cast()
    }

    /// The class of an instance of ours.
    pub(crate) fn of_instance(ft: &'static MI_ClassFT, inst: &Instance) -> MiResult<*mut MI_Class> {
        let elements = inst
            .elements()
            .iter()
            .map(|e| ClassElement {
                name: e.name.clone(),
                ty: e.ty,
                flags: e.flags,
            })
            .collect();
        Ok(Self::build(
            ft,
            inst.class_name().clone(),
            inst.decl_flags(),
            elements,
            inst.namespace().cloned(),
            inst.server_name().cloned(),
        ))
    }

    /// Our class behind `p`: non-NULL, `ft` is ours, the magic matches.
    ///
    /// # Safety
    /// `p` is NULL or readable for an `MI_Class` header; if ours, it stays valid for `'a`.
    pub(crate) unsafe fn resolve<'a>(p: *const MI_Class, ft: *const MI_ClassFT) -> MiResult<&'a Class> {
        if p.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: readable header (contract); read by value.
        let (f, magic) = unsafe {
            (
                ptr::addr_of!((*p).ft).read(),
                ptr::addr_of!((*p).reserved[0]).read(),
            )
        };
        if f == ft && magic == MAGIC {
            // SAFETY: ours (checked).
            Ok(unsafe { &*p.cast::<Class>() })
        } else {
            Err(MI_RESULT_INVALID_PARAMETER)
        }
    }

    /// `Delete`.
    ///
    /// # Safety
    /// As `resolve`; the client does not use the class afterwards.
    pub(crate) unsafe fn delete(p: *mut MI_Class, ft: *const MI_ClassFT) -> MiResult {
        // SAFETY: forwarded contract.
        unsafe { Self::resolve(p, ft) }?;
        // SAFETY: ours, allocated by Box::into_raw in `build`.
        let mut cls = unsafe { Box::from_raw(p.cast::<Class>()) };
        cls.header.reserved[0] = 0;
        cls.header.ft = null();
        Ok(())
    }

    /// `Clone`.
    pub(crate) fn duplicate(&self) -> *mut MI_Class {
        let elements = self
            .elements
            .iter()
            .map(|e| ClassElement {
                name: e.name.clone(),
                ty: e.ty,
                flags: e.flags,
            })
            .collect();
        // SAFETY: our header's ft is the static table we were built with.
        let ft: &'static MI_ClassFT = unsafe { &*self.header.ft };
        Self::build(
            ft,
            self.class_name.clone(),
            self.decl.decl.flags,
            elements,
            self.namespace.clone(),
            self.server.clone(),
        )
    }

    pub(crate) fn header(&self) -> &MI_Class {
        &self.header
    }

    pub(crate) fn class_name(&self) -> &Name {
        &self.class_name
    }

    pub(crate) fn elements(&self) -> &[ClassElement] {
        &self.elements
    }

    pub(crate) fn element(&self, index: MI_Uint32) -> MiResult<&ClassElement> {
        self.elements
            .get(index as usize)
            .ok_or(MI_RESULT_INVALID_PARAMETER)
    }

    /// Index of the element called `name` (case-insensitive).
    ///
    /// # Safety
    /// `name` is NULL or NUL-terminated.
    pub(crate) unsafe fn find_c(&self, name: *const MI_Char) -> MiResult<MI_Uint32> {
        // SAFETY: forwarded contract; used before returning.
        let chars = unsafe { strings::c_chars(name) }?;
        let name = strings::decode(chars)?;
        self.elements
            .iter()
            .position(|e| strings::cim_eq(e.name.as_str(), &name))
            .map(|i| i as MI_Uint32)
            .ok_or(MI_RESULT_NO_SUCH_PROPERTY)
    }
}
