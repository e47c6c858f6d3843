//! `MI_SessionFT`. Sessions are not built yet (issue 3): no session handle can exist yet,
//! so `Close` and `GetApplication` reject their handle, and every operation slot completes
//! at once through [`fail_setup`] with exactly one final result carrying the error.

use super::application::APPLICATION_FT;
use super::operation::OPERATION_FT;
use super::{SessionKind, resolve, write_opt};
use crate::abi::*;
use crate::boundary::{guard, guard_void};
use core::ffi::c_void;
use std::ptr::null;

/// Which result callback an operation kind reports through (mi-abi.md §4.2).
#[derive(Debug, Clone, Copy)]
pub(crate) enum ResultKind {
    Instance,
    Indication,
    Class,
}

/// Completes an operation that could not start: leaves `*operation` closable (any call on it
/// returns `MI_RESULT_INVALID_PARAMETER`, and its getters report `moreResults = MI_FALSE`) and,
/// when the result callback for `kind` is set, delivers the one final result with the code.
///
/// # Safety
/// `session` is NULL or readable; `callbacks` is NULL or readable; `operation` is NULL or
/// writable; callbacks in `*callbacks` are callable as the MI API declares them.
pub(crate) unsafe fn fail_setup(
    name: &'static str,
    kind: ResultKind,
    session: *const MI_Session,
    callbacks: *const MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    guard_void(name, || {
        // SAFETY: forwarded contract.
        let code = match unsafe { resolve::<SessionKind, _>(session) } {
            Err(code) => code,
            Ok(_) => MI_RESULT_NOT_SUPPORTED,
        };
        let mut inert = MI_Operation {
            reserved1: 0,
            reserved2: 0,
            ft: &OPERATION_FT,
        };
        // SAFETY: NULL or writable per this function's contract.
        unsafe { write_opt(operation, inert) };
        if callbacks.is_null() {
            return;
        }
        // SAFETY: non-NULL and readable per this function's contract; copied by value.
        let cb = unsafe { callbacks.read() };
        // The callback gets the client's own struct when it gave one, else a local copy.
        let op = if operation.is_null() {
            &raw mut inert
        } else {
            operation
        };
        // SAFETY: client callbacks, called with the arguments their typedefs declare; no
        // library lock is held here.
        unsafe {
            match kind {
                ResultKind::Instance => {
                    if let Some(f) = cb.instanceResult {
                        f(
                            op,
                            cb.callbackContext,
                            null(),
                            MI_FALSE,
                            code,
                            null(),
                            null(),
                            None,
                        );
                    }
                }
                ResultKind::Indication => {
                    if let Some(f) = cb.indicationResult {
                        f(
                            op,
                            cb.callbackContext,
                            null(),
                            null(),
                            null(),
                            MI_FALSE,
                            code,
                            null(),
                            null(),
                            None,
                        );
                    }
                }
                ResultKind::Class => {
                    if let Some(f) = cb.classResult {
                        f(
                            op,
                            cb.callbackContext,
                            null(),
                            MI_FALSE,
                            code,
                            null(),
                            null(),
                            None,
                        );
                    }
                }
            }
        }
    })
}

unsafe extern "system" fn session_close(
    session: *mut MI_Session,
    _completionContext: *mut c_void,
    _completionCallback: Option<unsafe extern "system" fn(completionContext: *mut c_void)>,
) -> MI_Result {
    guard("MI_Session_Close", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        unsafe { resolve::<SessionKind, _>(session) }?;
        super::not_supported("MI_Session_Close")
    })
}

unsafe extern "system" fn session_get_application(
    session: *mut MI_Session,
    application: *mut MI_Application,
) -> MI_Result {
    guard("MI_Session_GetApplication", || {
        let inert = MI_Application {
            reserved1: 0,
            reserved2: 0,
            ft: &APPLICATION_FT,
        };
        // SAFETY: out-pointer NULL or writable; handle pointer NULL or readable.
        unsafe {
            write_opt(application, inert);
            resolve::<SessionKind, _>(session)?;
        }
        super::not_supported("MI_Session_GetApplication")
    })
}
pub(crate) static SESSION_FT: MI_SessionFT = MI_SessionFT {
    Close: Some(session_close),
    GetApplication: Some(session_get_application),
    GetInstance: Some(session_get_instance),
    ModifyInstance: Some(session_modify_instance),
    CreateInstance: Some(session_create_instance),
    DeleteInstance: Some(session_delete_instance),
    Invoke: Some(session_invoke),
    EnumerateInstances: Some(session_enumerate_instances),
    QueryInstances: Some(session_query_instances),
    AssociatorInstances: Some(session_associator_instances),
    ReferenceInstances: Some(session_reference_instances),
    Subscribe: Some(session_subscribe),
    GetClass: Some(session_get_class),
    EnumerateClasses: Some(session_enumerate_classes),
    TestConnection: Some(session_test_connection),
};

unsafe extern "system" fn session_get_instance(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    inboundInstance: *const MI_Instance,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    let _ = (flags, options, namespaceName, inboundInstance);
    // SAFETY: pointers from the client, each NULL or valid as the MI API requires.
    unsafe {
        fail_setup(
            "MI_Session_GetInstance",
            ResultKind::Instance,
            session,
            callbacks,
            operation,
        )
    }
}

unsafe extern "system" fn session_modify_instance(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    inboundInstance: *const MI_Instance,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    let _ = (flags, options, namespaceName, inboundInstance);
    // SAFETY: pointers from the client, each NULL or valid as the MI API requires.
    unsafe {
        fail_setup(
            "MI_Session_ModifyInstance",
            ResultKind::Instance,
            session,
            callbacks,
            operation,
        )
    }
}

unsafe extern "system" fn session_create_instance(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    inboundInstance: *const MI_Instance,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    let _ = (flags, options, namespaceName, inboundInstance);
    // SAFETY: pointers from the client, each NULL or valid as the MI API requires.
    unsafe {
        fail_setup(
            "MI_Session_CreateInstance",
            ResultKind::Instance,
            session,
            callbacks,
            operation,
        )
    }
}

unsafe extern "system" fn session_delete_instance(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    inboundInstance: *const MI_Instance,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    let _ = (flags, options, namespaceName, inboundInstance);
    // SAFETY: pointers from the client, each NULL or valid as the MI API requires.
    unsafe {
        fail_setup(
            "MI_Session_DeleteInstance",
            ResultKind::Instance,
            session,
            callbacks,
            operation,
        )
    }
}

unsafe extern "system" fn session_invoke(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    className: *const MI_Char,
    methodName: *const MI_Char,
    inboundInstance: *const MI_Instance,
    inboundProperties: *const MI_Instance,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    let _ = (
        flags,
        options,
        namespaceName,
        className,
        methodName,
        inboundInstance,
        inboundProperties,
    );
    // SAFETY: pointers from the client, each NULL or valid as the MI API requires.
    unsafe {
        fail_setup(
            "MI_Session_Invoke",
            ResultKind::Instance,
            session,
            callbacks,
            operation,
        )
    }
}

unsafe extern "system" fn session_enumerate_instances(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    className: *const MI_Char,
    keysOnly: MI_Boolean,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    let _ = (flags, options, namespaceName, className, keysOnly);
    // SAFETY: pointers from the client, each NULL or valid as the MI API requires.
    unsafe {
        fail_setup(
            "MI_Session_EnumerateInstances",
            ResultKind::Instance,
            session,
            callbacks,
            operation,
        )
    }
}

unsafe extern "system" fn session_query_instances(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    queryDialect: *const MI_Char,
    queryExpression: *const MI_Char,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    let _ = (flags, options, namespaceName, queryDialect, queryExpression);
    // SAFETY: pointers from the client, each NULL or valid as the MI API requires.
    unsafe {
        fail_setup(
            "MI_Session_QueryInstances",
            ResultKind::Instance,
            session,
            callbacks,
            operation,
        )
    }
}

unsafe extern "system" fn session_associator_instances(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    instanceKeys: *const MI_Instance,
    assocClass: *const MI_Char,
    resultClass: *const MI_Char,
    role: *const MI_Char,
    resultRole: *const MI_Char,
    keysOnly: MI_Boolean,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    let _ = (
        flags,
        options,
        namespaceName,
        instanceKeys,
        assocClass,
        resultClass,
        role,
        resultRole,
        keysOnly,
    );
    // SAFETY: pointers from the client, each NULL or valid as the MI API requires.
    unsafe {
        fail_setup(
            "MI_Session_AssociatorInstances",
            ResultKind::Instance,
            session,
            callbacks,
            operation,
        )
    }
}

unsafe extern "system" fn session_reference_instances(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    instanceKeys: *const MI_Instance,
    resultClass: *const MI_Char,
    role: *const MI_Char,
    keysOnly: MI_Boolean,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    let _ = (
        flags,
        options,
        namespaceName,
        instanceKeys,
        resultClass,
        role,
        keysOnly,
    );
    // SAFETY: pointers from the client, each NULL or valid as the MI API requires.
    unsafe {
        fail_setup(
            "MI_Session_ReferenceInstances",
            ResultKind::Instance,
            session,
            callbacks,
            operation,
        )
    }
}

unsafe extern "system" fn session_subscribe(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    queryDialect: *const MI_Char,
    queryExpression: *const MI_Char,
    deliverOptions: *const MI_SubscriptionDeliveryOptions,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    let _ = (
        flags,
        options,
        namespaceName,
        queryDialect,
        queryExpression,
        deliverOptions,
    );
    // SAFETY: pointers from the client, each NULL or valid as the MI API requires.
    unsafe {
        fail_setup(
            "MI_Session_Subscribe",
            ResultKind::Indication,
            session,
            callbacks,
            operation,
        )
    }
}

unsafe extern "system" fn session_get_class(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    className: *const MI_Char,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    let _ = (flags, options, namespaceName, className);
    // SAFETY: pointers from the client, each NULL or valid as the MI API requires.
    unsafe {
        fail_setup(
            "MI_Session_GetClass",
            ResultKind::Class,
            session,
            callbacks,
            operation,
        )
    }
}

unsafe extern "system" fn session_enumerate_classes(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    className: *const MI_Char,
    classNamesOnly: MI_Boolean,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    let _ = (flags, options, namespaceName, className, classNamesOnly);
    // SAFETY: pointers from the client, each NULL or valid as the MI API requires.
    unsafe {
        fail_setup(
            "MI_Session_EnumerateClasses",
            ResultKind::Class,
            session,
            callbacks,
            operation,
        )
    }
}

unsafe extern "system" fn session_test_connection(
    session: *mut MI_Session,
    flags: MI_Uint32,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    let _ = (flags,);
    // SAFETY: pointers from the client, each NULL or valid as the MI API requires.
    unsafe {
        fail_setup(
            "MI_Session_TestConnection",
            ResultKind::Instance,
            session,
            callbacks,
            operation,
        )
    }
}
