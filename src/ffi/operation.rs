//! `MI_OperationFT` and the exported `MI_Operation_*` functions.
//!
//! # Safety contract
//! Slots and exports take the client's arguments with the rules of the reference's
//! `MI.h`: `operation` is NULL or readable for an `MI_Operation` (its words are checked by
//! the handle table, never followed); every out-pointer is NULL or writable for its type.
//! Which out-pointers are required is checked here. In return the results written out
//! (instance, class, strings, completion details) stay valid until the next `Get*` call on
//! the operation or its `Close`, as in the reference.

use super::{resolve, write_opt};
use crate::abi::*;
use crate::boundary::{MiResult, guard};
use crate::operation::OperationKind;
use crate::protocol::{ResultData, ResultKind};
use std::ptr::null;

pub(crate) static OPERATION_FT: MI_OperationFT = MI_OperationFT {
    Close: Some(operation_close),
    Cancel: Some(operation_cancel),
    GetSession: Some(operation_get_session),
    GetInstance: Some(operation_get_instance),
    GetIndication: Some(operation_get_indication),
    GetClass: Some(operation_get_class),
};

unsafe extern "system" fn operation_close(operation: *mut MI_Operation) -> MI_Result {
    guard("MI_Operation_Close", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        unsafe { resolve::<OperationKind, _>(operation) }?.close()
    })
}

unsafe extern "system" fn operation_cancel(
    operation: *mut MI_Operation,
    reason: MI_CancellationReason,
) -> MI_Result {
    guard("MI_Operation_Cancel", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let op = unsafe { resolve::<OperationKind, _>(operation) }?;
        if reason > MI_REASON_SERVICESTOP {
            log::error!("MI_Operation_Cancel: unknown reason {reason}");
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        op.cancel(reason);
        Ok(())
    })
}

unsafe extern "system" fn operation_get_session(
    operation: *mut MI_Operation,
    session: *mut MI_Session,
) -> MI_Result {
    guard("MI_Operation_GetSession", || {
        // SAFETY: out-pointer NULL or writable.
        unsafe {
            write_opt(
                session,
                MI_Session {
                    reserved1: 0,
                    reserved2: 0,
                    ft: &super::SESSION_FT,
                },
            )
        };
        // SAFETY: the client's handle pointer, NULL or readable.
        let op = unsafe { resolve::<OperationKind, _>(operation) }?;
        if session.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: non-NULL, writable per contract.
        unsafe { session.write(op.session_handle()) };
        Ok(())
    })
}

/// The common part of the three getters: the next result, with `*moreResults` and
/// `*result` set on every path where they are given (so a client's pull loop always ends).
/// The object out-pointer is required: with it NULL nothing is pulled (the result is not
/// lost: the next call with valid pointers gets it) and the answer is
/// `MI_RESULT_INVALID_PARAMETER`. `moreResults` and `result` are optional (`_Out_opt_` in
/// the MI API; docs/STATUS.md, "Required and optional out-pointers").
///
/// # Safety
/// `operation` is NULL or readable; `more` and `result` are NULL or writable.
unsafe fn pull(
    operation: *const MI_Operation,
    kind: ResultKind,
    object_given: bool,
    more: *mut MI_Boolean,
    result: *mut MI_Result,
) -> MiResult<ResultData> {
    let pulled = if !object_given {
        log::error!("MI_Operation_Get{kind:?}: a required out-pointer is NULL; nothing pulled");
        Err(MI_RESULT_INVALID_PARAMETER)
    } else {
        // SAFETY: the client's handle pointer, NULL or readable.
        unsafe { resolve::<OperationKind, _>(operation) }.and_then(|op| op.pull(kind))
    };
    let (m, r) = match &pulled {
        Ok(data) => (data.more as MI_Boolean, data.code),
        Err(code) => (MI_FALSE, *code),
    };
    // SAFETY: `more` and `result` are NULL or writable (this function's `# Safety`), what
    // `write_opt` requires.
    unsafe {
        write_opt(more, m);
        write_opt(result, r);
    }
    pulled
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
        // SAFETY: the client's pointers, each NULL or valid for this call.
        unsafe {
            let data = pull(
                operation,
                ResultKind::Instance,
                !instance.is_null(),
                moreResults,
                result,
            );
            let d = data.as_ref().ok();
            write_opt(instance, d.map_or(null(), |d| d.object.0.cast()));
            write_opt(errorMessage, d.map_or(null(), |d| d.error.0));
            write_opt(completionDetails, d.map_or(null(), |d| d.details.0));
            data.map(|_| ())
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
        // SAFETY: the client's pointers, each NULL or valid for this call.
        unsafe {
            let data = pull(
                operation,
                ResultKind::Indication,
                !instance.is_null(),
                moreResults,
                result,
            );
            let d = data.as_ref().ok();
            write_opt(instance, d.map_or(null(), |d| d.object.0.cast()));
            write_opt(bookmark, d.map_or(null(), |d| d.bookmark.0));
            write_opt(machineID, d.map_or(null(), |d| d.machine_id.0));
            write_opt(errorMessage, d.map_or(null(), |d| d.error.0));
            write_opt(completionDetails, d.map_or(null(), |d| d.details.0));
            data.map(|_| ())
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
        // SAFETY: the client's pointers, each NULL or valid for this call.
        unsafe {
            let data = pull(
                operation,
                ResultKind::Class,
                !classResult.is_null(),
                moreResults,
                result,
            );
            let d = data.as_ref().ok();
            write_opt(classResult, d.map_or(null(), |d| d.object.0.cast()));
            write_opt(errorMessage, d.map_or(null(), |d| d.error.0));
            write_opt(completionDetails, d.map_or(null(), |d| d.details.0));
            data.map(|_| ())
        }
    })
}

// ---- What the client calls back: acknowledgements and answers ---------------------------

/// The `resultAcknowledgement` given to clients in manual-ack mode. A second call for the
/// same result finds nothing pending: `MI_RESULT_INVALID_PARAMETER` (the reference crashes).
pub(crate) unsafe extern "system" fn client_acknowledge(operation: *mut MI_Operation) -> MI_Result {
    guard("MI_Operation resultAcknowledgement", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        unsafe { resolve::<OperationKind, _>(operation) }?.acknowledge()
    })
}

/// The acknowledgement of a streamed parameter in manual-ack mode.
pub(crate) unsafe extern "system" fn client_acknowledge_streamed(operation: *mut MI_Operation) -> MI_Result {
    guard("MI_Operation streamed parameter acknowledgement", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        unsafe { resolve::<OperationKind, _>(operation) }?.acknowledge_streamed()
    })
}

/// `promptUserResult`.
pub(crate) unsafe extern "system" fn client_prompt_reply(
    operation: *mut MI_Operation,
    response: MI_OperationCallback_ResponseType,
) -> MI_Result {
    guard("MI_Operation promptUserResult", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        unsafe { resolve::<OperationKind, _>(operation) }?.answer_prompt(response)
    })
}

/// `writeErrorResult`.
pub(crate) unsafe extern "system" fn client_write_error_reply(
    operation: *mut MI_Operation,
    response: MI_OperationCallback_ResponseType,
) -> MI_Result {
    guard("MI_Operation writeErrorResult", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        unsafe { resolve::<OperationKind, _>(operation) }?.answer_write_error(response)
    })
}

// ---- Exported wrappers, with the reference fallbacks (docs/ABI.md §6.1) -------------------

/// The reference wrapper's guard: an operation pointer and its `ft` are non-NULL.
///
/// # Safety
/// `operation` is NULL or readable.
unsafe fn usable(operation: *const MI_Operation) -> bool {
    // SAFETY: NULL-checked; readable per contract.
    !operation.is_null() && !unsafe { operation.read() }.ft.is_null()
}

/// The getters' fallback: `*result = INVALID_PARAMETER`, `*moreResults = MI_FALSE`.
///
/// # Safety
/// `more` and `result` are NULL or writable.
unsafe fn getter_fallback(more: *mut MI_Boolean, result: *mut MI_Result) -> MI_Result {
    // SAFETY: `more` and `result` are NULL or writable (this function's `# Safety`), what
    // `write_opt` requires.
    unsafe {
        write_opt(result, MI_RESULT_INVALID_PARAMETER);
        write_opt(more, MI_FALSE);
    }
    MI_RESULT_INVALID_PARAMETER
}

/// `MI_Operation_Close`: legal inside the operation's own callbacks; never blocks.
///
/// # Safety
/// `operation` is NULL or readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Operation_Close(operation: *mut MI_Operation) -> MI_Result {
    // SAFETY: `usable` reads `operation` only when non-NULL (readable, this function's `# Safety`);
    // the slot `operation_close` takes the same pointer.
    unsafe {
        if usable(operation) {
            operation_close(operation)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// `MI_Operation_Cancel`: idempotent; the final result still comes.
///
/// # Safety
/// `operation` is NULL or readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Operation_Cancel(
    operation: *mut MI_Operation,
    reason: MI_CancellationReason,
) -> MI_Result {
    // SAFETY: `usable` reads `operation` only when non-NULL (readable, this function's `# Safety`);
    // the slot `operation_cancel` takes the same pointer.
    unsafe {
        if usable(operation) {
            operation_cancel(operation, reason)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// `MI_Operation_GetSession`: like the reference wrapper, zeroes `*session` first.
///
/// # Safety
/// `operation` is NULL or readable; `session` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Operation_GetSession(
    operation: *mut MI_Operation,
    session: *mut MI_Session,
) -> MI_Result {
    // SAFETY: `session` is NULL or writable, as `write_opt` requires, and `operation` NULL or
    // readable (this function's `# Safety`): `usable`'s and the slot `operation_get_session`'s
    // contract.
    unsafe {
        write_opt(
            session,
            MI_Session {
                reserved1: 0,
                reserved2: 0,
                ft: null(),
            },
        );
        if usable(operation) {
            operation_get_session(operation, session)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// `MI_Operation_GetInstance`: the next result of a synchronous instance operation.
///
/// # Safety
/// `operation` is NULL or readable; every out-pointer is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Operation_GetInstance(
    operation: *mut MI_Operation,
    instance: *mut *const MI_Instance,
    moreResults: *mut MI_Boolean,
    result: *mut MI_Result,
    errorMessage: *mut *const MI_Char,
    completionDetails: *mut *const MI_Instance,
) -> MI_Result {
    // SAFETY: `usable` reads `operation` only when non-NULL; the caller's pointers go unchanged to
    // the slot `operation_get_instance`, whose contract (MI.h) is this function's `# Safety`, or to
    // `getter_fallback`, which needs `moreResults` and `result` NULL or writable.
    unsafe {
        if usable(operation) {
            operation_get_instance(
                operation,
                instance,
                moreResults,
                result,
                errorMessage,
                completionDetails,
            )
        } else {
            getter_fallback(moreResults, result)
        }
    }
}

/// `MI_Operation_GetIndication`: the next indication of a synchronous subscription.
///
/// # Safety
/// `operation` is NULL or readable; every out-pointer is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Operation_GetIndication(
    operation: *mut MI_Operation,
    instance: *mut *const MI_Instance,
    bookmark: *mut *const MI_Char,
    machineID: *mut *const MI_Char,
    moreResults: *mut MI_Boolean,
    result: *mut MI_Result,
    errorMessage: *mut *const MI_Char,
    completionDetails: *mut *const MI_Instance,
) -> MI_Result {
    // SAFETY: `usable` reads `operation` only when non-NULL; the caller's pointers go unchanged to
    // the slot `operation_get_indication`, whose contract (MI.h) is this function's `# Safety`, or
    // to `getter_fallback`, which needs `moreResults` and `result` NULL or writable.
    unsafe {
        if usable(operation) {
            operation_get_indication(
                operation,
                instance,
                bookmark,
                machineID,
                moreResults,
                result,
                errorMessage,
                completionDetails,
            )
        } else {
            getter_fallback(moreResults, result)
        }
    }
}

/// `MI_Operation_GetClass`: the next class of a synchronous class operation.
///
/// # Safety
/// `operation` is NULL or readable; every out-pointer is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Operation_GetClass(
    operation: *mut MI_Operation,
    classResult: *mut *const MI_Class,
    moreResults: *mut MI_Boolean,
    result: *mut MI_Result,
    errorMessage: *mut *const MI_Char,
    completionDetails: *mut *const MI_Instance,
) -> MI_Result {
    // SAFETY: `usable` reads `operation` only when non-NULL; the caller's pointers go unchanged to
    // the slot `operation_get_class`, whose contract (MI.h) is this function's `# Safety`, or to
    // `getter_fallback`, which needs `moreResults` and `result` NULL or writable.
    unsafe {
        if usable(operation) {
            operation_get_class(
                operation,
                classResult,
                moreResults,
                result,
                errorMessage,
                completionDetails,
            )
        } else {
            getter_fallback(moreResults, result)
        }
    }
}
