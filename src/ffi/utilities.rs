//! `MI_UtilitiesFT`: mapping error codes to PowerShell-style error categories, and CIM error
//! instances.

use super::instance::INSTANCE_FT;
use super::write_opt;
use crate::abi::*;
use crate::boundary::{MiResult, guard, guard_with};
use crate::instance::value::zero_value;
use std::ptr::null_mut;

pub(crate) static UTILITIES_FT: MI_UtilitiesFT = MI_UtilitiesFT {
    MapErrorToMiErrorCategory: Some(map_error_to_mi_error_category),
    CimErrorFromErrorCode: Some(cim_error_from_error_code),
};

/// The category of an `MI_Result`. Codes outside `MI_Result` are `NOT_SPECIFIED`. The table
/// is the project's reading of what each code means (docs/STATUS.md).
pub(crate) fn category_of_mi_result(code: MI_Result) -> MI_ErrorCategory {
    match code {
        MI_RESULT_ACCESS_DENIED => MI_ERRORCATEGORY_ACCESS_DENIED,
        MI_RESULT_INVALID_NAMESPACE
        | MI_RESULT_INVALID_CLASS
        | MI_RESULT_CLASS_HAS_CHILDREN
        | MI_RESULT_CLASS_HAS_INSTANCES
        | MI_RESULT_INVALID_SUPERCLASS
        | MI_RESULT_NO_SUCH_PROPERTY
        | MI_RESULT_METHOD_NOT_AVAILABLE
        | MI_RESULT_METHOD_NOT_FOUND => MI_ERRORCATEGORY_METADATA_ERROR,
        MI_RESULT_INVALID_PARAMETER | MI_RESULT_INVALID_QUERY | MI_RESULT_INVALID_OPERATION_TIMEOUT => {
            MI_ERRORCATEGORY_INVALID_ARGUMENT
        }
        MI_RESULT_NOT_FOUND => MI_ERRORCATEGORY_OBJECT_NOT_FOUND,
        MI_RESULT_NOT_SUPPORTED
        | MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED
        | MI_RESULT_FILTERED_ENUMERATION_NOT_SUPPORTED
        | MI_RESULT_CONTINUATION_ON_ERROR_NOT_SUPPORTED => MI_ERRORCATEGORY_NOT_IMPLEMENTED,
        MI_RESULT_ALREADY_EXISTS => MI_ERRORCATEGORY_RESOURCE_EXISTS,
        MI_RESULT_TYPE_MISMATCH => MI_ERRORCATEGORY_INVALID_TYPE,
        MI_RESULT_NAMESPACE_NOT_EMPTY | MI_RESULT_INVALID_ENUMERATION_CONTEXT => {
            MI_ERRORCATEGORY_INVALID_OPERATION
        }
        MI_RESULT_PULL_HAS_BEEN_ABANDONED => MI_ERRORCATEGORY_OPERATION_STOPPED,
        MI_RESULT_PULL_CANNOT_BE_ABANDONED => MI_ERRORCATEGORY_CLOS_EERROR,
        MI_RESULT_SERVER_LIMITS_EXCEEDED => MI_ERRORCATEGORY_RESOURCE_BUSY,
        MI_RESULT_SERVER_IS_SHUTTING_DOWN => MI_ERRORCATEGORY_RESOURCE_UNAVAILABLE,
        _ => MI_ERRORCATEGORY_NOT_SPECIFIED,
    }
}

/// Whether `errorType` is the `"MI"` result type (NULL is taken to mean MI as well).
///
/// # Safety
/// `error_type` is NULL or a NUL-terminated string.
unsafe fn is_mi_type(error_type: *const MI_Char) -> bool {
    if error_type.is_null() {
        return true;
    }
    let expected: [MI_Char; 3] = [b'M' as MI_Char, b'I' as MI_Char, 0];
    // SAFETY: NUL-terminated per contract; we stop at the first mismatch or NUL.
    (0..expected.len()).all(|i| unsafe { *error_type.add(i) } == expected[i])
}

unsafe extern "system" fn map_error_to_mi_error_category(
    errorType: *const MI_Char,
    error: MI_Uint32,
) -> MI_ErrorCategory {
    guard_with(
        "MI_Utilities_MapErrorToMiErrorCategory",
        MI_ERRORCATEGORY_NOT_SPECIFIED,
        || {
            // SAFETY: the client's string, NULL or NUL-terminated.
            if unsafe { is_mi_type(errorType) } {
                category_of_mi_result(error)
            } else {
                // HRESULT, WIN32, ERRNO and WINRM codes need OS tables we do not carry yet.
                MI_ERRORCATEGORY_NOT_SPECIFIED
            }
        },
    )
}

/// Builds the CIM error instance of `CimErrorFromErrorCode`: a dynamic `OMI_Error` (the
/// reference's class on Unix) with `Message`, `error_Code`, `error_Type`, `error_Category`
/// and `CIMStatusCode`.
///
/// # Safety
/// `error_type` and `error_message` are NULL or NUL-terminated.
pub(super) unsafe fn cim_error(
    error: MI_Uint32,
    error_type: *const MI_Char,
    error_message: *const MI_Char,
) -> MiResult<*mut MI_Instance> {
    // SAFETY: forwarded contract.
    let is_mi = unsafe { is_mi_type(error_type) };
    let mi: [MI_Char; 3] = [b'M' as MI_Char, b'I' as MI_Char, 0];
    let type_ptr = if error_type.is_null() {
        mi.as_ptr()
    } else {
        error_type
    };
    let category = if is_mi {
        category_of_mi_result(error)
    } else {
        MI_ERRORCATEGORY_NOT_SPECIFIED
    };
    let status = if is_mi { error } else { MI_RESULT_FAILED };
    let inst = crate::instance::Instance::new_dynamic(&INSTANCE_FT, "OMI_Error")?;
    let mut values: [(&str, MI_Type, MI_Value); 5] = [
        ("Message", MI_STRING, zero_value()),
        ("error_Code", MI_UINT32, zero_value()),
        ("error_Type", MI_STRING, zero_value()),
        ("error_Category", MI_UINT16, zero_value()),
        ("CIMStatusCode", MI_UINT32, zero_value()),
    ];
    values[0].2.string = error_message.cast_mut();
    values[1].2.uint32 = error;
    values[2].2.string = type_ptr.cast_mut();
    values[3].2.uint16 = category as MI_Uint16;
    values[4].2.uint32 = status;
    for (name, ty, value) in &values {
        let name = crate::strings::encode(name);
        // SAFETY: `inst` is a fresh instance of ours; names and values are valid locals or
        // the caller's NUL-terminated strings (NULL message: a NULL value).
        let r = unsafe {
            crate::instance::Instance::add_element(inst, &INSTANCE_FT, name.as_ptr(), value, *ty, 0)
        };
        if let Err(e) = r {
            // SAFETY: ours, not handed out.
            let _ = unsafe { crate::instance::Instance::delete(inst, &INSTANCE_FT) };
            return Err(e);
        }
    }
    Ok(inst)
}

unsafe extern "system" fn cim_error_from_error_code(
    error: MI_Uint32,
    errorType: *const MI_Char,
    errorMessage: *const MI_Char,
    cimError: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Utilities_CimErrorFromErrorCode", || {
        // SAFETY: the client's out-pointer, NULL or writable.
        unsafe { write_opt(cimError, null_mut()) };
        if cimError.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: the client's strings, NULL or NUL-terminated.
        let inst = unsafe { cim_error(error, errorType, errorMessage) }?;
        // SAFETY: non-NULL, writable.
        unsafe { cimError.write(inst) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories() {
        assert_eq!(
            category_of_mi_result(MI_RESULT_OK),
            MI_ERRORCATEGORY_NOT_SPECIFIED
        );
        assert_eq!(
            category_of_mi_result(MI_RESULT_ACCESS_DENIED),
            MI_ERRORCATEGORY_ACCESS_DENIED
        );
        assert_eq!(
            category_of_mi_result(MI_RESULT_NOT_FOUND),
            MI_ERRORCATEGORY_OBJECT_NOT_FOUND
        );
        assert_eq!(
            category_of_mi_result(MI_RESULT_INVALID_PARAMETER),
            MI_ERRORCATEGORY_INVALID_ARGUMENT
        );
        assert_eq!(category_of_mi_result(999), MI_ERRORCATEGORY_NOT_SPECIFIED);
        let mi: [MI_Char; 3] = [b'M' as MI_Char, b'I' as MI_Char, 0];
        let win: [MI_Char; 6] = [
            b'W' as MI_Char,
            b'I' as MI_Char,
            b'N' as MI_Char,
            b'3' as MI_Char,
            b'2' as MI_Char,
            0,
        ];
        // SAFETY: NUL-terminated local strings.
        unsafe {
            assert_eq!(
                map_error_to_mi_error_category(mi.as_ptr(), MI_RESULT_TYPE_MISMATCH),
                MI_ERRORCATEGORY_INVALID_TYPE
            );
            assert_eq!(
                map_error_to_mi_error_category(win.as_ptr(), 5),
                MI_ERRORCATEGORY_NOT_SPECIFIED
            );
        }
    }
}
