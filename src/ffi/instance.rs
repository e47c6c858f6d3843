//! `MI_InstanceFT` (18 slots, docs/ABI.md §3.3) over `crate::instance`, and the exported
//! `MI_Instance_*` functions. The slots accept only our instances (anything else is
//! `MI_RESULT_INVALID_PARAMETER`); the exported functions are the reference's inline
//! wrappers: NULL instance or NULL `ft` is `MI_RESULT_INVALID_PARAMETER`, otherwise they
//! call through the instance's own `ft`, so instances of protocol handlers and providers
//! work through them unchanged.
//!
//! # Safety contract
//! Slots and exports take the client's arguments as the reference's `MI.h` does: `self_`
//! is NULL or readable for an `MI_Instance` header (the slots resolve it with
//! `Instance::resolve`, which checks `ft` and the magic before using anything else; the
//! exports also require that a non-NULL `ft` is a valid table, since they call through
//! it); strings are NULL or NUL-terminated; a value pointer is NULL or readable for the
//! member its `MI_Type` selects, with valid pointers in it; out-pointers are NULL or
//! writable. An instance is not changed by another thread during a call that changes it
//! (the reference's rule: instances are not thread-safe). In return what is written out
//! points into the instance and stays valid until it changes or is deleted.

use super::{write_opt, write_req};
use crate::abi::*;
use crate::boundary::{MiResult, guard, guard_with};
use crate::instance::Instance;
use crate::strings::Name;
use std::ptr::null_mut;

pub(crate) static INSTANCE_FT: MI_InstanceFT = MI_InstanceFT {
    Clone: Some(clone),
    Destruct: Some(destruct),
    Delete: Some(delete),
    IsA: Some(is_a),
    GetClassName: Some(get_class_name),
    SetNameSpace: Some(set_name_space),
    GetNameSpace: Some(get_name_space),
    GetElementCount: Some(get_element_count),
    AddElement: Some(add_element),
    SetElement: Some(set_element),
    SetElementAt: Some(set_element_at),
    GetElement: Some(get_element),
    GetElementAt: Some(get_element_at),
    ClearElement: Some(clear_element),
    ClearElementAt: Some(clear_element_at),
    GetServerName: Some(get_server_name),
    SetServerName: Some(set_server_name),
    GetClass: Some(get_class),
};

fn ft() -> *const MI_InstanceFT {
    &INSTANCE_FT
}

/// Our instance behind a client pointer (see `Instance::resolve`).
///
/// # Safety
/// `p` is NULL or readable for an `MI_Instance` header; if it is ours, it stays valid and
/// unmodified by others for `'a`.
unsafe fn ours<'a>(p: *const MI_Instance) -> MiResult<&'a Instance> {
    // SAFETY: `p` is NULL or a readable header that, if ours, stays valid and unmodified for `'a`
    // (this function's `# Safety`): `Instance::resolve`'s contract.
    unsafe { Instance::resolve(p, ft()) }
}

/// # Safety
/// As [`ours`], and the client does not use the instance from another thread meanwhile.
unsafe fn ours_mut<'a>(p: *mut MI_Instance) -> MiResult<&'a mut Instance> {
    // SAFETY: as [`ours`], and no other reference is in use (this function's `# Safety`):
    // `Instance::resolve_mut`'s contract.
    unsafe { Instance::resolve_mut(p, ft()) }
}

/// A new dynamic instance of `className`.
///
/// # Safety
/// `class_name` is NULL or NUL-terminated.
pub(crate) unsafe fn new_dynamic(class_name: *const MI_Char) -> MiResult<*mut MI_Instance> {
    // SAFETY: `class_name` is NULL or NUL-terminated (this function's `# Safety`), what
    // `Name::from_c` requires.
    let name = unsafe { Name::from_c(class_name) }?;
    Instance::new_dynamic(&INSTANCE_FT, name.as_str())
}

/// A new schema-backed instance of `decl`.
///
/// # Safety
/// As `Instance::new_from_decl`.
pub(crate) unsafe fn new_from_decl(decl: *const MI_ClassDecl) -> MiResult<*mut MI_Instance> {
    // SAFETY: `decl` as this function's `# Safety` states, which is `Instance::new_from_decl`'s
    // contract.
    unsafe { Instance::new_from_decl(&INSTANCE_FT, decl) }
}

unsafe extern "system" fn clone(self_: *const MI_Instance, newInstance: *mut *mut MI_Instance) -> MI_Result {
    guard("MI_Instance_Clone", || {
        // SAFETY: out-pointer from the client, NULL or writable.
        unsafe { write_opt(newInstance, null_mut()) };
        // SAFETY: the client's instance pointer.
        let inst = unsafe { ours(self_) }?;
        if newInstance.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let copy = inst.deep_clone()?;
        // SAFETY: non-NULL and writable (client's out-pointer).
        unsafe { newInstance.write(copy) };
        Ok(())
    })
}

unsafe extern "system" fn destruct(self_: *mut MI_Instance) -> MI_Result {
    guard("MI_Instance_Destruct", || {
        // SAFETY: the client's instance pointer.
        unsafe { ours_mut(self_) }?.destruct();
        Ok(())
    })
}

unsafe extern "system" fn delete(self_: *mut MI_Instance) -> MI_Result {
    // SAFETY: the client's instance pointer, which it gives up.
    guard("MI_Instance_Delete", || unsafe { Instance::delete(self_, ft()) })
}

unsafe extern "system" fn is_a(
    self_: *const MI_Instance,
    classDecl: *const MI_ClassDecl,
    flag: *mut MI_Boolean,
) -> MI_Result {
    guard("MI_Instance_IsA", || {
        // SAFETY: the client's instance pointer.
        let inst = unsafe { ours(self_) }?;
        if classDecl.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let yes = if inst.is_a(classDecl) { MI_TRUE } else { MI_FALSE };
        // SAFETY: NULL (refused) or writable.
        unsafe { write_req(flag, yes) }
    })
}

unsafe extern "system" fn get_class_name(
    self_: *const MI_Instance,
    className: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Instance_GetClassName", || {
        // SAFETY: the client's instance pointer.
        let inst = unsafe { ours(self_) }?;
        // SAFETY: NULL (refused) or writable.
        unsafe { write_req(className, inst.class_name().as_ptr()) }
    })
}

/// Reads an optional name argument: NULL is `None`.
///
/// # Safety
/// `s` is NULL or NUL-terminated.
unsafe fn opt_name(s: *const MI_Char) -> MiResult<Option<Name>> {
    if s.is_null() {
        Ok(None)
    } else {
        // SAFETY: `s` is non-NULL (checked above) and NUL-terminated (this function's `# Safety`),
        // what `Name::from_c` requires.
        unsafe { Name::from_c(s) }.map(Some)
    }
}

unsafe extern "system" fn set_name_space(self_: *mut MI_Instance, nameSpace: *const MI_Char) -> MI_Result {
    guard("MI_Instance_SetNameSpace", || {
        // SAFETY: the client's string, NULL or NUL-terminated (copied before the change).
        let ns = unsafe { opt_name(nameSpace) }?;
        // SAFETY: the client's instance pointer.
        unsafe { ours_mut(self_) }?.set_namespace(ns);
        Ok(())
    })
}

unsafe extern "system" fn get_name_space(
    self_: *const MI_Instance,
    nameSpace: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Instance_GetNameSpace", || {
        // SAFETY: the client's instance pointer.
        let inst = unsafe { ours(self_) }?;
        // SAFETY: NULL (refused) or writable.
        unsafe { write_req(nameSpace, inst.header().nameSpace) }
    })
}

unsafe extern "system" fn get_element_count(self_: *const MI_Instance, count: *mut MI_Uint32) -> MI_Result {
    guard("MI_Instance_GetElementCount", || {
        // SAFETY: the client's instance pointer.
        let inst = unsafe { ours(self_) }?;
        // SAFETY: NULL (refused) or writable.
        unsafe { write_req(count, inst.elements().len() as MI_Uint32) }
    })
}

unsafe extern "system" fn add_element(
    self_: *mut MI_Instance,
    name: *const MI_Char,
    value: *const MI_Value,
    type_: MI_Type,
    flags: MI_Uint32,
) -> MI_Result {
    guard("MI_Instance_AddElement", || {
        // SAFETY: the client's pointers, as the slot's contract says.
        unsafe { Instance::add_element(self_, ft(), name, value, type_, flags) }
    })
}

unsafe extern "system" fn set_element(
    self_: *mut MI_Instance,
    name: *const MI_Char,
    value: *const MI_Value,
    type_: MI_Type,
    flags: MI_Uint32,
) -> MI_Result {
    guard("MI_Instance_SetElement", || {
        // SAFETY: the client's pointers, as the slot's contract says.
        unsafe { Instance::set_element(self_, ft(), name, value, type_, flags) }
    })
}

unsafe extern "system" fn set_element_at(
    self_: *mut MI_Instance,
    index: MI_Uint32,
    value: *const MI_Value,
    type_: MI_Type,
    flags: MI_Uint32,
) -> MI_Result {
    guard("MI_Instance_SetElementAt", || {
        // SAFETY: the client's pointers, as the slot's contract says.
        unsafe { Instance::set_element_at(self_, ft(), index, value, type_, flags) }
    })
}

/// Writes one element's outputs (each optional). The value is written member-sized.
///
/// # Safety
/// Every out-pointer is NULL or writable (`value` for the member its type selects).
unsafe fn write_element(
    inst: &Instance,
    index: MI_Uint32,
    name: *mut *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    flags: *mut MI_Uint32,
) -> MiResult {
    let e = inst.element(index)?;
    // SAFETY: each out-pointer is NULL or writable, `value` for its type's member (this function's
    // `# Safety`): what `write_opt` and `write_member` (`value` non-NULL here) require.
    unsafe {
        write_opt(name, e.name.as_ptr());
        if !value.is_null() {
            crate::instance::value::write_member(e.ty, &e.view(), value);
        }
        write_opt(type_, e.ty);
        write_opt(flags, e.flags_out());
    }
    Ok(())
}

unsafe extern "system" fn get_element(
    self_: *const MI_Instance,
    name: *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    flags: *mut MI_Uint32,
    index: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_Instance_GetElement", || {
        // SAFETY: the client's instance pointer and name.
        let inst = unsafe { ours(self_) }?;
        // SAFETY: NULL or NUL-terminated.
        let i = unsafe { inst.find_c(name) }?;
        // SAFETY: the client's out-pointers, NULL or writable.
        unsafe {
            write_element(inst, i, null_mut(), value, type_, flags)?;
            write_opt(index, i);
        }
        Ok(())
    })
}

unsafe extern "system" fn get_element_at(
    self_: *const MI_Instance,
    index: MI_Uint32,
    name: *mut *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    flags: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_Instance_GetElementAt", || {
        // SAFETY: the client's instance pointer.
        let inst = unsafe { ours(self_) }?;
        // SAFETY: the client's out-pointers, NULL or writable.
        unsafe { write_element(inst, index, name, value, type_, flags) }
    })
}

unsafe extern "system" fn clear_element(self_: *mut MI_Instance, name: *const MI_Char) -> MI_Result {
    guard("MI_Instance_ClearElement", || {
        // SAFETY: the client's instance pointer and name.
        let inst = unsafe { ours_mut(self_) }?;
        // SAFETY: NULL or NUL-terminated.
        let i = unsafe { inst.find_c(name) }?;
        inst.clear_element_at(i)
    })
}

unsafe extern "system" fn clear_element_at(self_: *mut MI_Instance, index: MI_Uint32) -> MI_Result {
    guard("MI_Instance_ClearElementAt", || {
        // SAFETY: the client's instance pointer.
        unsafe { ours_mut(self_) }?.clear_element_at(index)
    })
}

unsafe extern "system" fn get_server_name(self_: *const MI_Instance, name: *mut *const MI_Char) -> MI_Result {
    guard("MI_Instance_GetServerName", || {
        // SAFETY: the client's instance pointer.
        let inst = unsafe { ours(self_) }?;
        // SAFETY: NULL (refused) or writable.
        unsafe { write_req(name, inst.header().serverName) }
    })
}

unsafe extern "system" fn set_server_name(self_: *mut MI_Instance, name: *const MI_Char) -> MI_Result {
    guard("MI_Instance_SetServerName", || {
        // SAFETY: the client's string, NULL or NUL-terminated (copied before the change).
        let server = unsafe { opt_name(name) }?;
        // SAFETY: the client's instance pointer.
        unsafe { ours_mut(self_) }?.set_server_name(server);
        Ok(())
    })
}

unsafe extern "system" fn get_class(
    self_: *const MI_Instance,
    instanceClass: *mut *mut MI_Class,
) -> MI_Result {
    guard("MI_Instance_GetClass", || {
        // SAFETY: NULL or writable.
        unsafe { write_opt(instanceClass, null_mut()) };
        // SAFETY: the client's instance pointer.
        let inst = unsafe { ours(self_) }?;
        if instanceClass.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let cls = super::class::class_of_model(
            inst.class_model(),
            inst.namespace().cloned(),
            inst.server_name().cloned(),
        )?;
        // SAFETY: non-NULL, writable.
        unsafe { instanceClass.write(cls) };
        Ok(())
    })
}

// ---- exported wrappers ------------------------------------------------------------------

/// The instance's own table, or `None` for a NULL instance or NULL `ft` (the reference
/// wrappers' guard).
///
/// # Safety
/// `p` is NULL or readable for an `MI_Instance` header whose `ft` is NULL or valid.
unsafe fn table<'a>(p: *const MI_Instance) -> Option<&'a MI_InstanceFT> {
    if p.is_null() {
        return None;
    }
    // SAFETY: `p` is non-NULL (checked above) and readable for a header (this function's
    // `# Safety`); a NULL `ft` becomes `None`, a non-NULL one is valid.
    unsafe { (*p).ft.as_ref() }
}

/// Runs an exported wrapper: the guard's fallback, else the slot of the instance's own table
/// (`MI_RESULT_NOT_SUPPORTED` if a foreign table leaves it NULL).
fn wrap<F>(name: &'static str, slot: Option<F>, call: impl FnOnce(F) -> MI_Result) -> MI_Result {
    guard_with(name, MI_RESULT_FAILED, || match slot {
        Some(f) => call(f),
        None => MI_RESULT_NOT_SUPPORTED,
    })
}

/// `self->ft->Clone(self, newInstance)`; NULL `self` or `ft`: `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; `newInstance` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_Clone(
    self_: *const MI_Instance,
    newInstance: *mut *mut MI_Instance,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_Clone", t.Clone, |f| unsafe { f(self_, newInstance) })
}

/// `self->ft->Destruct(self)`; NULL `self` or `ft`: `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_Destruct(self_: *mut MI_Instance) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_Destruct", t.Destruct, |f| unsafe { f(self_) })
}

/// `self->ft->Delete(self)`; NULL `self` or `ft`: `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; not used after success.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_Delete(self_: *mut MI_Instance) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_Delete", t.Delete, |f| unsafe { f(self_) })
}

/// `self->ft->IsA(self, classDecl, flag)`; NULL `self` or `ft`: `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; `flag` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_IsA(
    self_: *const MI_Instance,
    classDecl: *const MI_ClassDecl,
    flag: *mut MI_Boolean,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_IsA", t.IsA, |f| unsafe { f(self_, classDecl, flag) })
}

/// `self->ft->GetClassName(self, className)`; NULL `self` or `ft`:
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; `className` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_GetClassName(
    self_: *const MI_Instance,
    className: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_GetClassName", t.GetClassName, |f| unsafe {
        f(self_, className)
    })
}

/// `self->ft->SetNameSpace(self, nameSpace)`; NULL `self` or `ft`:
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; `nameSpace` NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_SetNameSpace(
    self_: *mut MI_Instance,
    nameSpace: *const MI_Char,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_SetNameSpace", t.SetNameSpace, |f| unsafe {
        f(self_, nameSpace)
    })
}

/// `self->ft->GetNameSpace(self, nameSpace)`; NULL `self` or `ft`:
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; `nameSpace` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_GetNameSpace(
    self_: *const MI_Instance,
    nameSpace: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_GetNameSpace", t.GetNameSpace, |f| unsafe {
        f(self_, nameSpace)
    })
}

/// `self->ft->GetElementCount(self, count)`; NULL `self` or `ft`:
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; `count` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_GetElementCount(
    self_: *const MI_Instance,
    count: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_GetElementCount", t.GetElementCount, |f| unsafe {
        f(self_, count)
    })
}

/// `self->ft->AddElement(self, name, value, type, flags)`; NULL `self` or `ft`:
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; `name` NULL or
/// NUL-terminated; `value` NULL or a value valid for `type_`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_AddElement(
    self_: *mut MI_Instance,
    name: *const MI_Char,
    value: *const MI_Value,
    type_: MI_Type,
    flags: MI_Uint32,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_AddElement", t.AddElement, |f| unsafe {
        f(self_, name, value, type_, flags)
    })
}

/// `self->ft->SetElement(self, name, value, type, flags)`; NULL `self` or `ft`:
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// As [`MI_Instance_AddElement`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_SetElement(
    self_: *mut MI_Instance,
    name: *const MI_Char,
    value: *const MI_Value,
    type_: MI_Type,
    flags: MI_Uint32,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_SetElement", t.SetElement, |f| unsafe {
        f(self_, name, value, type_, flags)
    })
}

/// `self->ft->SetElementAt(self, index, value, type, flags)`; NULL `self` or `ft`:
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; `value` NULL or a value
/// valid for `type_`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_SetElementAt(
    self_: *mut MI_Instance,
    index: MI_Uint32,
    value: *const MI_Value,
    type_: MI_Type,
    flags: MI_Uint32,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_SetElementAt", t.SetElementAt, |f| unsafe {
        f(self_, index, value, type_, flags)
    })
}

/// `self->ft->GetElement(self, name, value, type, flags, index)`; NULL `self` or `ft`:
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; `name` NULL or
/// NUL-terminated; each out-pointer NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_GetElement(
    self_: *const MI_Instance,
    name: *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    flags: *mut MI_Uint32,
    index: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_GetElement", t.GetElement, |f| unsafe {
        f(self_, name, value, type_, flags, index)
    })
}

/// `self->ft->GetElementAt(self, index, name, value, type, flags)`; NULL `self` or `ft`:
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; each out-pointer NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_GetElementAt(
    self_: *const MI_Instance,
    index: MI_Uint32,
    name: *mut *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_GetElementAt", t.GetElementAt, |f| unsafe {
        f(self_, index, name, value, type_, flags)
    })
}

/// `self->ft->ClearElement(self, name)`; NULL `self` or `ft`: `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; `name` NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_ClearElement(
    self_: *mut MI_Instance,
    name: *const MI_Char,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_ClearElement", t.ClearElement, |f| unsafe {
        f(self_, name)
    })
}

/// `self->ft->ClearElementAt(self, index)`; NULL `self` or `ft`:
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_ClearElementAt(self_: *mut MI_Instance, index: MI_Uint32) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_ClearElementAt", t.ClearElementAt, |f| unsafe {
        f(self_, index)
    })
}

/// `self->ft->GetServerName(self, name)`; NULL `self` or `ft`: `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; `name` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_GetServerName(
    self_: *const MI_Instance,
    name: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_GetServerName", t.GetServerName, |f| unsafe {
        f(self_, name)
    })
}

/// `self->ft->SetServerName(self, name)`; NULL `self` or `ft`: `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; `name` NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_SetServerName(
    self_: *mut MI_Instance,
    name: *const MI_Char,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_SetServerName", t.SetServerName, |f| unsafe {
        f(self_, name)
    })
}

/// `self->ft->GetClass(self, instanceClass)`; NULL `self` or `ft`:
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `self_` is NULL or an instance whose `ft` is NULL or valid; `instanceClass` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Instance_GetClass(
    self_: *const MI_Instance,
    instanceClass: *mut *mut MI_Class,
) -> MI_Result {
    // SAFETY: `self_` is NULL or an instance whose `ft` is NULL or valid (this function's
    // `# Safety`), what `table` requires.
    let Some(t) = (unsafe { table(self_) }) else {
        return MI_RESULT_INVALID_PARAMETER;
    };
    // SAFETY: the instance's own slot with the client's arguments.
    wrap("MI_Instance_GetClass", t.GetClass, |f| unsafe {
        f(self_, instanceClass)
    })
}

// Unit tests of the instance core driven through this table, and a model-based property
// test of random element operations through its slots.
#[cfg(test)]
#[path = "instance_tests.rs"]
mod tests;
