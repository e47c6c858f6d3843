//! `MI_InstanceFT` of fixed-layout instances (`crate::instance::fixed`): 18 slots that accept
//! only a live fixed instance (NULL, zeroed, garbage, copied or destructed headers:
//! `MI_RESULT_INVALID_PARAMETER`; `Delete` also takes destructed ones), with the argument
//! and out-pointer rules of the dynamic table (`super::instance`). A separate table rather
//! than a branch in the dynamic one: each table resolves exactly one kind of object, and the
//! exported `MI_Instance_*` wrappers reach either through the instance's own `ft`.
//!
//! # Safety contract
//! The slots take the same arguments as the dynamic table's (see `super::instance`): the
//! instance is NULL or readable for an `MI_Instance` header (`crate::instance::fixed`
//! checks its reserved words before following anything), names are NULL or
//! NUL-terminated, a value pointer is NULL or readable for its type's member with valid
//! pointers, out-pointers are NULL or writable; an instance is not used by another thread
//! while it changes. A declaration given to `new_from_rtti` is as `crate::schema::read`
//! requires and outlives the instance.

use super::{write_opt, write_req};
use crate::abi::*;
use crate::boundary::{MiResult, guard};
use crate::instance::fixed;
use crate::strings::Name;
use std::ptr::null_mut;

pub(crate) static FIXED_INSTANCE_FT: MI_InstanceFT = MI_InstanceFT {
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

/// The instance `MI_Application_NewInstance` / `NewParameterSet` make from a client's
/// `classRTTI`: a heap fixed-layout instance when the declaration describes a valid layout
/// (what OMI makes, so generated client code reads and writes its fields), else the
/// schema-backed instance of the declaration (hand-written declarations without sizes and
/// offsets; a declaration the schema reader refuses is `MI_RESULT_INVALID_PARAMETER`).
///
/// # Safety
/// `decl` is NULL or a declaration as `crate::schema::read::read_class` requires
/// (`read_method` when its flags say `MI_FLAG_METHOD`), alive while the instance is.
pub(crate) unsafe fn new_from_rtti(decl: *const MI_ClassDecl) -> MiResult<*mut MI_Instance> {
    if decl.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: every declaration starts with the MI_ObjectDecl fields (contract).
    let flags = unsafe { std::ptr::read_unaligned(decl.cast::<MI_ObjectDecl>()) }.flags;
    let layout = if flags & MI_FLAG_METHOD != 0 {
        // SAFETY: a method declaration (its flags say so; contract).
        unsafe { fixed::Layout::of_method(decl.cast()) }
    } else {
        // SAFETY: `decl` is non-NULL (checked above) and not a method declaration (its flags), so
        // as `read_class` requires and alive while the instance is (this function's `# Safety`).
        unsafe { fixed::Layout::of_class(decl) }
    };
    match layout {
        Ok(l) => fixed::new_heap(&l, &FIXED_INSTANCE_FT),
        // SAFETY: `decl` as this function's `# Safety` states, which covers what `new_from_decl`
        // needs (`read_class`, or `read_method_parameters` for a method).
        Err(_) => unsafe { super::instance::new_from_decl(decl) },
    }
}

unsafe extern "system" fn clone(self_: *const MI_Instance, newInstance: *mut *mut MI_Instance) -> MI_Result {
    guard("MI_Instance_Clone", || {
        // SAFETY: out-pointer from the caller, NULL or writable.
        unsafe { write_opt(newInstance, null_mut()) };
        // SAFETY: the caller's instance pointer.
        unsafe { fixed::view(self_) }?;
        if newInstance.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: a live fixed instance (checked).
        let copy = unsafe { fixed::clone(self_) }?;
        // SAFETY: non-NULL and writable.
        unsafe { newInstance.write(copy) };
        Ok(())
    })
}

unsafe extern "system" fn destruct(self_: *mut MI_Instance) -> MI_Result {
    // SAFETY: the caller's instance pointer.
    guard("MI_Instance_Destruct", || unsafe { fixed::destruct(self_) })
}

unsafe extern "system" fn delete(self_: *mut MI_Instance) -> MI_Result {
    // SAFETY: the caller's instance pointer, which it gives up.
    guard("MI_Instance_Delete", || unsafe { fixed::delete(self_) })
}

unsafe extern "system" fn is_a(
    self_: *const MI_Instance,
    classDecl: *const MI_ClassDecl,
    flag: *mut MI_Boolean,
) -> MI_Result {
    guard("MI_Instance_IsA", || {
        // SAFETY: the caller's instance pointer.
        unsafe { fixed::view(self_) }?;
        if classDecl.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: as above.
        let yes = unsafe { fixed::is_a(self_, classDecl) }?;
        // SAFETY: NULL (refused) or writable.
        unsafe { write_req(flag, if yes { MI_TRUE } else { MI_FALSE }) }
    })
}

unsafe extern "system" fn get_class_name(
    self_: *const MI_Instance,
    className: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Instance_GetClassName", || {
        // SAFETY: the caller's instance pointer.
        let v = unsafe { fixed::view(self_) }?;
        // The name lives in the layout, which the instance keeps.
        // SAFETY: NULL (refused) or writable.
        unsafe { write_req(className, v.layout.name().as_ptr()) }
    })
}

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
        // SAFETY: the caller's instance pointer.
        unsafe { fixed::view(self_) }?;
        // SAFETY: the caller's string, NULL or NUL-terminated (copied before the change).
        let ns = unsafe { opt_name(nameSpace) }?;
        // SAFETY: the caller's instance pointer.
        unsafe { fixed::set_namespace(self_, ns) }
    })
}

unsafe extern "system" fn get_name_space(
    self_: *const MI_Instance,
    nameSpace: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Instance_GetNameSpace", || {
        // SAFETY: the caller's instance pointer.
        unsafe { fixed::view(self_) }?;
        // SAFETY: live (checked): the header points at the side record's copy.
        let ns = unsafe { (*self_).nameSpace };
        // SAFETY: NULL (refused) or writable.
        unsafe { write_req(nameSpace, ns) }
    })
}

unsafe extern "system" fn get_element_count(self_: *const MI_Instance, count: *mut MI_Uint32) -> MI_Result {
    guard("MI_Instance_GetElementCount", || {
        // SAFETY: the caller's instance pointer.
        let v = unsafe { fixed::view(self_) }?;
        // SAFETY: NULL (refused) or writable.
        unsafe { write_req(count, v.layout.fields().len() as MI_Uint32) }
    })
}

unsafe extern "system" fn add_element(
    self_: *mut MI_Instance,
    name: *const MI_Char,
    _value: *const MI_Value,
    type_: MI_Type,
    flags: MI_Uint32,
) -> MI_Result {
    // SAFETY: the caller's pointers.
    guard("MI_Instance_AddElement", || unsafe {
        fixed::add_element(self_, name, type_, flags)
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
        // SAFETY: the caller's pointers, as the slot's contract says.
        unsafe { fixed::set_element(self_, name, value, type_, flags) }
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
        // SAFETY: the caller's pointers, as the slot's contract says.
        unsafe { fixed::set_element_at(self_, index, value, type_, flags) }
    })
}

/// Writes one element's outputs (each optional), the value member-sized.
///
/// # Safety
/// `p` NULL or readable for a header; every out-pointer NULL or writable.
unsafe fn write_element(
    p: *const MI_Instance,
    index: MI_Uint32,
    name: *mut *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    flags: *mut MI_Uint32,
) -> MiResult {
    // SAFETY: `p` is NULL or readable for a header (this function's `# Safety`), what
    // `fixed::element` requires.
    let (n, v, t, f) = unsafe { fixed::element(p, index) }?;
    // SAFETY: the out-pointers are NULL or writable (this function's `# Safety`), what `write_opt`
    // and `write_member` (for `value`, non-NULL here) require; `v` is the field's value of type
    // `t`.
    unsafe {
        write_opt(name, n);
        if !value.is_null() {
            crate::instance::value::write_member(t, &v, value);
        }
        write_opt(type_, t);
        write_opt(flags, f);
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
        // SAFETY: the caller's instance pointer and name.
        let i = unsafe { fixed::find_c(self_, name) }?;
        // SAFETY: the caller's out-pointers, NULL or writable.
        unsafe {
            write_element(self_, i, null_mut(), value, type_, flags)?;
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
    // SAFETY: the caller's pointers.
    guard("MI_Instance_GetElementAt", || unsafe {
        write_element(self_, index, name, value, type_, flags)
    })
}

unsafe extern "system" fn clear_element(self_: *mut MI_Instance, name: *const MI_Char) -> MI_Result {
    guard("MI_Instance_ClearElement", || {
        // SAFETY: the caller's instance pointer and name.
        let i = unsafe { fixed::find_c(self_, name) }?;
        // SAFETY: as above.
        unsafe { fixed::clear_element_at(self_, i) }
    })
}

unsafe extern "system" fn clear_element_at(self_: *mut MI_Instance, index: MI_Uint32) -> MI_Result {
    // SAFETY: the caller's instance pointer.
    guard("MI_Instance_ClearElementAt", || unsafe {
        fixed::clear_element_at(self_, index)
    })
}

unsafe extern "system" fn get_server_name(self_: *const MI_Instance, name: *mut *const MI_Char) -> MI_Result {
    guard("MI_Instance_GetServerName", || {
        // SAFETY: the caller's instance pointer.
        unsafe { fixed::view(self_) }?;
        // SAFETY: live (checked).
        let s = unsafe { (*self_).serverName };
        // SAFETY: NULL (refused) or writable.
        unsafe { write_req(name, s) }
    })
}

unsafe extern "system" fn set_server_name(self_: *mut MI_Instance, name: *const MI_Char) -> MI_Result {
    guard("MI_Instance_SetServerName", || {
        // SAFETY: the caller's instance pointer.
        unsafe { fixed::view(self_) }?;
        // SAFETY: the caller's string, NULL or NUL-terminated.
        let server = unsafe { opt_name(name) }?;
        // SAFETY: the caller's instance pointer.
        unsafe { fixed::set_server_name(self_, server) }
    })
}

unsafe extern "system" fn get_class(
    self_: *const MI_Instance,
    instanceClass: *mut *mut MI_Class,
) -> MI_Result {
    guard("MI_Instance_GetClass", || {
        // SAFETY: NULL or writable.
        unsafe { write_opt(instanceClass, null_mut()) };
        // SAFETY: the caller's instance pointer.
        let v = unsafe { fixed::view(self_) }?;
        if instanceClass.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let cls = super::class::class_of_model(v.layout.model(), v.namespace, v.server)?;
        // SAFETY: non-NULL, writable.
        unsafe { instanceClass.write(cls) };
        Ok(())
    })
}

#[cfg(test)]
#[path = "fixed_instance_tests.rs"]
mod tests;
