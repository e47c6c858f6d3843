//! CIM error instances (`OMI_Error`, the reference's class on Unix) and the error
//! categories of `MI_Result` codes: used by `MI_Utilities` and by the provider host.
//!
//! # Safety contract
//! The string arguments (`errorType`, `errorMessage`) are NULL or NUL-terminated; they are
//! copied into the error instance before the call returns.

use crate::abi::*;
use crate::boundary::MiResult;
use crate::instance::value::zero_value;

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
pub(crate) unsafe fn is_mi_type(error_type: *const MI_Char) -> bool {
    if error_type.is_null() {
        return true;
    }
    let expected: [MI_Char; 3] = [b'M' as MI_Char, b'I' as MI_Char, 0];
    // SAFETY: NUL-terminated per contract; we stop at the first mismatch or NUL.
    (0..expected.len()).all(|i| unsafe { *error_type.add(i) } == expected[i])
}

/// Builds the CIM error instance of `MI_Utilities_CimErrorFromErrorCode` (and of a provider's
/// `MI_Context_WriteError`): a dynamic `OMI_Error` (the
/// reference's class on Unix) with `Message`, `error_Code`, `error_Type`, `error_Category`
/// and `CIMStatusCode`.
///
/// # Safety
/// `error_type` and `error_message` are NULL or NUL-terminated.
pub(crate) unsafe fn omi_error(
    ft: &'static MI_InstanceFT,
    error: MI_Uint32,
    error_type: *const MI_Char,
    error_message: *const MI_Char,
) -> MiResult<*mut MI_Instance> {
    // SAFETY: `error_type` is NULL or NUL-terminated (this function's `# Safety`), what
    // `is_mi_type` requires.
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
    let inst = super::Instance::new_dynamic(ft, "OMI_Error")?;
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
        let r = unsafe { super::Instance::add_element(inst, ft, name.as_ptr(), value, *ty, 0) };
        if let Err(e) = r {
            // SAFETY: ours, not handed out.
            let _ = unsafe { super::Instance::delete(inst, ft) };
            return Err(e);
        }
    }
    Ok(inst)
}
