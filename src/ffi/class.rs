//! `MI_ClassFT` (14 slots) over the minimal `crate::instance::class::Class`, and the
//! qualifier-set / parameter-set tables it hands out. Implemented: GetClassName,
//! GetNameSpace, GetServerName, GetElementCount, GetElement, GetElementAt, Delete, Clone.
//! The class carries no qualifiers, methods or parent: those slots answer
//! `MI_RESULT_NOT_SUPPORTED` (after checking the class), as do the qualifier-set and
//! parameter-set slots.

use super::write_opt;
use crate::abi::*;
use crate::boundary::{MiResult, guard};
use crate::instance::class::Class;
use std::ptr::null_mut;

pub(crate) static CLASS_FT: MI_ClassFT = MI_ClassFT {
    GetClassName: Some(get_class_name),
    GetNameSpace: Some(get_name_space),
    GetServerName: Some(get_server_name),
    GetElementCount: Some(get_element_count),
    GetElement: Some(get_element),
    GetElementAt: Some(get_element_at),
    GetClassQualifierSet: Some(get_class_qualifier_set),
    GetMethodCount: Some(get_method_count),
    GetMethodAt: Some(get_method_at),
    GetMethod: Some(get_method),
    GetParentClassName: Some(get_parent_class_name),
    GetParentClass: Some(get_parent_class),
    Delete: Some(delete),
    Clone: Some(clone),
};

pub(crate) static QUALIFIER_SET_FT: MI_QualifierSetFT = MI_QualifierSetFT {
    GetQualifierCount: Some(qualifier_count),
    GetQualifierAt: Some(qualifier_at),
    GetQualifier: Some(qualifier),
};

pub(crate) static PARAMETER_SET_FT: MI_ParameterSetFT = MI_ParameterSetFT {
    GetMethodReturnType: Some(method_return_type),
    GetParameterCount: Some(parameter_count),
    GetParameterAt: Some(parameter_at),
    GetParameter: Some(parameter),
};

/// # Safety
/// `p` is NULL or readable for an `MI_Class` header.
unsafe fn ours<'a>(p: *const MI_Class) -> MiResult<&'a Class> {
    // SAFETY: forwarded contract.
    unsafe { Class::resolve(p, &CLASS_FT) }
}

/// What a qualifier set or parameter set of ours looks like: no key, our table. Its slots
/// answer `MI_RESULT_NOT_SUPPORTED`.
///
/// # Safety
/// NULL or writable.
unsafe fn fill_qualifier_set(out: *mut MI_QualifierSet) {
    // SAFETY: forwarded contract.
    unsafe {
        write_opt(
            out,
            MI_QualifierSet {
                reserved1: 0,
                reserved2: 0,
                ft: &QUALIFIER_SET_FT,
            },
        )
    };
}

/// # Safety
/// NULL or writable.
unsafe fn fill_parameter_set(out: *mut MI_ParameterSet) {
    // SAFETY: forwarded contract.
    unsafe {
        write_opt(
            out,
            MI_ParameterSet {
                reserved1: 0,
                reserved2: 0,
                ft: &PARAMETER_SET_FT,
            },
        )
    };
}

unsafe extern "system" fn get_class_name(
    self_: *const MI_Class,
    className: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Class_GetClassName", || {
        // SAFETY: the client's class pointer; out-pointer NULL or writable.
        unsafe { write_opt(className, ours(self_)?.class_name().as_ptr()) };
        Ok(())
    })
}

unsafe extern "system" fn get_name_space(
    self_: *const MI_Class,
    nameSpace: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Class_GetNameSpace", || {
        // SAFETY: the client's class pointer; out-pointer NULL or writable.
        unsafe { write_opt(nameSpace, ours(self_)?.header().namespaceName) };
        Ok(())
    })
}

unsafe extern "system" fn get_server_name(
    self_: *const MI_Class,
    serverName: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Class_GetServerName", || {
        // SAFETY: the client's class pointer; out-pointer NULL or writable.
        unsafe { write_opt(serverName, ours(self_)?.header().serverName) };
        Ok(())
    })
}

unsafe extern "system" fn get_element_count(self_: *const MI_Class, count: *mut MI_Uint32) -> MI_Result {
    guard("MI_Class_GetElementCount", || {
        // SAFETY: the client's class pointer; out-pointer NULL or writable.
        unsafe { write_opt(count, ours(self_)?.elements().len() as MI_Uint32) };
        Ok(())
    })
}

/// Writes one class element's outputs (each optional). The class carries no default
/// values: `*valueExists` is false and the value member is zeroed.
///
/// # Safety
/// Every out-pointer NULL or writable (`value` for the member the element's type selects).
#[allow(clippy::too_many_arguments)]
unsafe fn write_element(
    cls: &Class,
    index: MI_Uint32,
    name: *mut *const MI_Char,
    value: *mut MI_Value,
    valueExists: *mut MI_Boolean,
    type_: *mut MI_Type,
    referenceClass: *mut *mut MI_Char,
    qualifierSet: *mut MI_QualifierSet,
    flags: *mut MI_Uint32,
) -> MiResult {
    let e = cls.element(index)?;
    // SAFETY: forwarded contract.
    unsafe {
        write_opt(name, e.name.as_ptr());
        if !value.is_null() {
            crate::instance::value::write_member(e.ty, &crate::instance::value::zero_value(), value);
        }
        write_opt(valueExists, MI_FALSE);
        write_opt(type_, e.ty);
        write_opt(referenceClass, null_mut());
        fill_qualifier_set(qualifierSet);
        write_opt(flags, e.flags);
    }
    Ok(())
}

unsafe extern "system" fn get_element(
    self_: *const MI_Class,
    name: *const MI_Char,
    value: *mut MI_Value,
    valueExists: *mut MI_Boolean,
    type_: *mut MI_Type,
    referenceClass: *mut *mut MI_Char,
    qualifierSet: *mut MI_QualifierSet,
    flags: *mut MI_Uint32,
    index: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_Class_GetElement", || {
        // SAFETY: the client's class pointer and name (NULL or NUL-terminated).
        let cls = unsafe { ours(self_) }?;
        // SAFETY: as above.
        let i = unsafe { cls.find_c(name) }?;
        // SAFETY: the client's out-pointers, NULL or writable.
        unsafe {
            write_element(
                cls,
                i,
                null_mut(),
                value,
                valueExists,
                type_,
                referenceClass,
                qualifierSet,
                flags,
            )?;
            write_opt(index, i);
        }
        Ok(())
    })
}

unsafe extern "system" fn get_element_at(
    self_: *const MI_Class,
    index: MI_Uint32,
    name: *mut *const MI_Char,
    value: *mut MI_Value,
    valueExists: *mut MI_Boolean,
    type_: *mut MI_Type,
    referenceClass: *mut *mut MI_Char,
    qualifierSet: *mut MI_QualifierSet,
    flags: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_Class_GetElementAt", || {
        // SAFETY: the client's class pointer.
        let cls = unsafe { ours(self_) }?;
        // SAFETY: the client's out-pointers, NULL or writable.
        unsafe {
            write_element(
                cls,
                index,
                name,
                value,
                valueExists,
                type_,
                referenceClass,
                qualifierSet,
                flags,
            )
        }
    })
}

unsafe extern "system" fn get_class_qualifier_set(
    self_: *const MI_Class,
    qualifierSet: *mut MI_QualifierSet,
) -> MI_Result {
    guard("MI_Class_GetClassQualifierSet", || {
        // SAFETY: NULL or writable; the client's class pointer.
        unsafe {
            fill_qualifier_set(qualifierSet);
            ours(self_)?;
        }
        super::not_supported("MI_Class_GetClassQualifierSet")
    })
}

unsafe extern "system" fn get_method_count(self_: *const MI_Class, _count: *mut MI_Uint32) -> MI_Result {
    guard("MI_Class_GetMethodCount", || {
        // SAFETY: the client's class pointer.
        unsafe { ours(self_) }?;
        super::not_supported("MI_Class_GetMethodCount")
    })
}

unsafe extern "system" fn get_method_at(
    self_: *const MI_Class,
    _index: MI_Uint32,
    name: *mut *const MI_Char,
    qualifierSet: *mut MI_QualifierSet,
    parameterSet: *mut MI_ParameterSet,
) -> MI_Result {
    guard("MI_Class_GetMethodAt", || {
        // SAFETY: NULL or writable; the client's class pointer.
        unsafe {
            write_opt(name, std::ptr::null());
            fill_qualifier_set(qualifierSet);
            fill_parameter_set(parameterSet);
            ours(self_)?;
        }
        super::not_supported("MI_Class_GetMethodAt")
    })
}

unsafe extern "system" fn get_method(
    self_: *const MI_Class,
    _name: *const MI_Char,
    qualifierSet: *mut MI_QualifierSet,
    parameterSet: *mut MI_ParameterSet,
    _index: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_Class_GetMethod", || {
        // SAFETY: NULL or writable; the client's class pointer.
        unsafe {
            fill_qualifier_set(qualifierSet);
            fill_parameter_set(parameterSet);
            ours(self_)?;
        }
        super::not_supported("MI_Class_GetMethod")
    })
}

unsafe extern "system" fn get_parent_class_name(
    self_: *const MI_Class,
    name: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Class_GetParentClassName", || {
        // SAFETY: NULL or writable; the client's class pointer.
        unsafe {
            write_opt(name, std::ptr::null());
            ours(self_)?;
        }
        super::not_supported("MI_Class_GetParentClassName")
    })
}

unsafe extern "system" fn get_parent_class(
    self_: *const MI_Class,
    parentClass: *mut *mut MI_Class,
) -> MI_Result {
    guard("MI_Class_GetParentClass", || {
        // SAFETY: NULL or writable; the client's class pointer.
        unsafe {
            write_opt(parentClass, null_mut());
            ours(self_)?;
        }
        super::not_supported("MI_Class_GetParentClass")
    })
}

unsafe extern "system" fn delete(self_: *mut MI_Class) -> MI_Result {
    // SAFETY: the client's class pointer, which it gives up.
    guard("MI_Class_Delete", || unsafe { Class::delete(self_, &CLASS_FT) })
}

unsafe extern "system" fn clone(self_: *const MI_Class, newClass: *mut *mut MI_Class) -> MI_Result {
    guard("MI_Class_Clone", || {
        // SAFETY: NULL or writable; the client's class pointer.
        unsafe { write_opt(newClass, null_mut()) };
        // SAFETY: as above.
        let cls = unsafe { ours(self_) }?;
        if newClass.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: non-NULL, writable.
        unsafe { newClass.write(cls.duplicate()) };
        Ok(())
    })
}

unsafe extern "system" fn qualifier_count(
    _self: *const MI_QualifierSet,
    _count: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_QualifierSet_GetQualifierCount", || {
        super::not_supported("MI_QualifierSet_GetQualifierCount")
    })
}

unsafe extern "system" fn qualifier_at(
    _self: *const MI_QualifierSet,
    _index: MI_Uint32,
    _name: *mut *const MI_Char,
    _qualifierType: *mut MI_Type,
    _qualifierFlags: *mut MI_Uint32,
    _qualifierValue: *mut MI_Value,
) -> MI_Result {
    guard("MI_QualifierSet_GetQualifierAt", || {
        super::not_supported("MI_QualifierSet_GetQualifierAt")
    })
}

unsafe extern "system" fn qualifier(
    _self: *const MI_QualifierSet,
    _name: *const MI_Char,
    _qualifierType: *mut MI_Type,
    _qualifierFlags: *mut MI_Uint32,
    _qualifierValue: *mut MI_Value,
    _index: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_QualifierSet_GetQualifier", || {
        super::not_supported("MI_QualifierSet_GetQualifier")
    })
}

unsafe extern "system" fn method_return_type(
    _self: *const MI_ParameterSet,
    _returnType: *mut MI_Type,
    qualifierSet: *mut MI_QualifierSet,
) -> MI_Result {
    guard("MI_ParameterSet_GetMethodReturnType", || {
        // SAFETY: NULL or writable.
        unsafe { fill_qualifier_set(qualifierSet) };
        super::not_supported("MI_ParameterSet_GetMethodReturnType")
    })
}

unsafe extern "system" fn parameter_count(
    _self: *const MI_ParameterSet,
    _count: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_ParameterSet_GetParameterCount", || {
        super::not_supported("MI_ParameterSet_GetParameterCount")
    })
}

unsafe extern "system" fn parameter_at(
    _self: *const MI_ParameterSet,
    _index: MI_Uint32,
    _name: *mut *const MI_Char,
    _parameterType: *mut MI_Type,
    referenceClass: *mut *mut MI_Char,
    qualifierSet: *mut MI_QualifierSet,
) -> MI_Result {
    guard("MI_ParameterSet_GetParameterAt", || {
        // SAFETY: NULL or writable.
        unsafe {
            write_opt(referenceClass, null_mut());
            fill_qualifier_set(qualifierSet);
        }
        super::not_supported("MI_ParameterSet_GetParameterAt")
    })
}

unsafe extern "system" fn parameter(
    _self: *const MI_ParameterSet,
    _name: *const MI_Char,
    _parameterType: *mut MI_Type,
    referenceClass: *mut *mut MI_Char,
    qualifierSet: *mut MI_QualifierSet,
    _index: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_ParameterSet_GetParameter", || {
        // SAFETY: NULL or writable.
        unsafe {
            write_opt(referenceClass, null_mut());
            fill_qualifier_set(qualifierSet);
        }
        super::not_supported("MI_ParameterSet_GetParameter")
    })
}
