//! `MI_OperationFT`. Operations are not built yet (issue 3): no operation handle can exist
//! yet, so every slot rejects its handle. The result getters still report
//! `moreResults = MI_FALSE` and the error in `*result`, so a client's pull loop ends.

use super::session::SESSION_FT;
use super::{OperationKind, resolve, write_opt};
use crate::abi::*;
use crate::boundary::guard;
use std::ptr::null;

pub(crate) static OPERATION_FT: MI_OperationFT = MI_OperationFT {
    Close: Some(operation_close),
    Cancel: Some(operation_cancel),
    GetSession: Some(operation_get_session),
    GetInstance: Some(operation_get_instance),
    GetIndication: Some(operation_get_indication),
    GetClass: Some(operation_get_class),
};

/// Checks the operation handle; on failure ends the caller's pull loop.
///
/// # Safety
/// `operation` is NULL or readable; `more` and `result` are NULL or writable.
unsafe fn check_pull(
    operation: *const MI_Operation,
    more: *mut MI_Boolean,
    result: *mut MI_Result,
) -> MI_Result {
    // SAFETY: forwarded contract.
    let code = match unsafe { resolve::<OperationKind, _>(operation) } {
        Err(code) => code,
        Ok(_) => MI_RESULT_NOT_SUPPORTED,
    };
    // SAFETY: forwarded contract.
    unsafe {
        write_opt(more, MI_FALSE);
        write_opt(result, code);
    }
    code
}

unsafe extern "system" fn operation_close(operation: *mut MI_Operation) -> MI_Result {
    guard("MI_Operation_Close", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        unsafe { resolve::<OperationKind, _>(operation) }?;
        super::not_supported("MI_Operation_Close")
    })
}

unsafe extern "system" fn operation_cancel(
    operation: *mut MI_Operation,
    _reason: MI_CancellationReason,
) -> MI_Result {
    guard("MI_Operation_Cancel", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        unsafe { resolve::<OperationKind, _>(operation) }?;
        super::not_supported("MI_Operation_Cancel")
    })
}

unsafe extern "system" fn operation_get_session(
    operation: *mut MI_Operation,
    session: *mut MI_Session,
) -> MI_Result {
    guard("MI_Operation_GetSession", || {
        let inert = MI_Session {
            reserved1: 0,
            reserved2: 0,
            ft: &SESSION_FT,
        };
        // SAFETY: out-pointer NULL or writable; handle pointer NULL or readable.
        unsafe {
            write_opt(session, inert);
            resolve::<OperationKind, _>(operation)?;
        }
        super::not_supported("MI_Operation_GetSession")
    })
}

unsafe extern "system" fn operation_get_instance(
    operation: *mut MI_Operation,
    instance: *mut *const MI_Instance,
    moreResults: *mut MI_Boolean,
    result: *mut MI_Result,
    errorMessage: *mut *const MI_Char,
    completionDetails: *mut *const MI_Instance,
) -> MI_Result {
    guard("MI_Operation_GetInstance", || {
        // SAFETY: out-pointers from the client, NULL or writable; handle NULL or readable.
        unsafe {
            write_opt(instance, null());
            write_opt(errorMessage, null());
            write_opt(completionDetails, null());
            Err(check_pull(operation, moreResults, result))
        }
    })
}

unsafe extern "system" fn operation_get_indication(
    operation: *mut MI_Operation,
    instance: *mut *const MI_Instance,
    bookmark: *mut *const MI_Char,
    machineID: *mut *const MI_Char,
    moreResults: *mut MI_Boolean,
    result: *mut MI_Result,
    errorMessage: *mut *const MI_Char,
    completionDetails: *mut *const MI_Instance,
) -> MI_Result {
    guard("MI_Operation_GetIndication", || {
        // SAFETY: out-pointers from the client, NULL or writable; handle NULL or readable.
        unsafe {
            write_opt(instance, null());
            write_opt(bookmark, null());
            write_opt(machineID, null());
            write_opt(errorMessage, null());
            write_opt(completionDetails, null());
            Err(check_pull(operation, moreResults, result))
        }
    })
}

unsafe extern "system" fn operation_get_class(
    operation: *mut MI_Operation,
    classResult: *mut *const MI_Class,
    moreResults: *mut MI_Boolean,
    result: *mut MI_Result,
    errorMessage: *mut *const MI_Char,
    completionDetails: *mut *const MI_Instance,
) -> MI_Result {
    guard("MI_Operation_GetClass", || {
        // SAFETY: out-pointers from the client, NULL or writable; handle NULL or readable.
        unsafe {
            write_opt(classResult, null());
            write_opt(errorMessage, null());
            write_opt(completionDetails, null());
            Err(check_pull(operation, moreResults, result))
        }
    })
}
