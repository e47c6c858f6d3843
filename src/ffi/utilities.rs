//! `MI_UtilitiesFT`: mapping error codes to PowerShell-style error categories, and CIM error
//! instances (which need instances, issue 4).

use super::write_opt;
use crate::abi::*;
use crate::boundary::{guard, guard_with};
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

unsafe extern "system" fn cim_error_from_error_code(
    _error: MI_Uint32,
    _errorType: *const MI_Char,
    _errorMessage: *const MI_Char,
    cimError: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Utilities_CimErrorFromErrorCode", || {
        // SAFETY: the client's out-pointer, NULL or writable.
        unsafe { write_opt(cimError, null_mut()) };
        super::not_supported("MI_Utilities_CimErrorFromErrorCode")
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
