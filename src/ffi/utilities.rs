//! `MI_UtilitiesFT`: mapping error codes to PowerShell-style error categories, and CIM error
//! instances.

use super::instance::INSTANCE_FT;
use super::write_opt;
use crate::abi::*;
use crate::boundary::{guard, guard_with};
use crate::instance::error::{category_of_mi_result, is_mi_type, omi_error};
use std::ptr::null_mut;

pub(crate) static UTILITIES_FT: MI_UtilitiesFT = MI_UtilitiesFT {
    MapErrorToMiErrorCategory: Some(map_error_to_mi_error_category),
    CimErrorFromErrorCode: Some(cim_error_from_error_code),
};

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
        let inst = unsafe { omi_error(&INSTANCE_FT, error, errorType, errorMessage) }?;
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
