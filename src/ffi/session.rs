//! `MI_SessionFT` and the exported `MI_Session_*` functions. Every operation slot starts an
//! operation through [`run_operation`]: the operation's handle is written before the
//! handler starts (so even an inline final callback may close it), and any failure to start
//! still ends in exactly one final result.

use super::{resolve, write_opt};
use crate::abi::*;
use crate::boundary::{guard, guard_void};
use crate::operation::{KNOWN_OPERATION_FLAGS, OptionsCopies, ResultKind};
use crate::session::SessionKind;
use core::ffi::c_void;
use std::ptr::null;

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

/// The reference wrapper's guard: a session pointer and its `ft` are non-NULL.
///
/// # Safety
/// `session` is NULL or readable.
unsafe fn session_usable(session: *const MI_Session) -> bool {
    // SAFETY: NULL-checked; readable per contract.
    !session.is_null() && !unsafe { session.read() }.ft.is_null()
}

/// Calls the result callback of `kind` once with a final result carrying `code`.
///
/// # Safety
/// `callbacks` is NULL or readable; its function pointers are callable as declared.
unsafe fn deliver_final(
    kind: ResultKind,
    callbacks: *const MI_OperationCallbacks,
    op: *mut MI_Operation,
    code: MI_Result,
) {
    // SAFETY: per contract.
    let Some(cb) = (unsafe { callbacks.as_ref() }).copied() else {
        return;
    };
    // SAFETY: client callbacks, called as their typedefs declare, with no lock held.
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
}

/// The reference wrappers' fallback (mi-abi.md §6.1): zero `*operation`, then one final
/// result with `MI_RESULT_INVALID_PARAMETER` and a NULL operation.
///
/// # Safety
/// As [`deliver_final`]; `operation` is NULL or writable.
unsafe fn wrapper_fallback(
    kind: ResultKind,
    callbacks: *const MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: per contract.
    unsafe {
        write_opt(
            operation,
            MI_Operation {
                reserved1: 0,
                reserved2: 0,
                ft: null(),
            },
        );
        deliver_final(kind, callbacks, std::ptr::null_mut(), MI_RESULT_INVALID_PARAMETER);
    }
}

/// An operation that cannot start: `*operation` is left closable (calls on it return
/// `MI_RESULT_INVALID_PARAMETER`, its getters end a pull loop) and the result callback of
/// `kind`, when set, gets the one final result with `code`.
///
/// # Safety
/// As [`wrapper_fallback`].
unsafe fn fail_setup(
    kind: ResultKind,
    callbacks: *const MI_OperationCallbacks,
    operation: *mut MI_Operation,
    code: MI_Result,
) {
    let mut inert = MI_Operation {
        reserved1: 0,
        reserved2: 0,
        ft: &super::OPERATION_FT,
    };
    // SAFETY: per contract.
    unsafe { write_opt(operation, inert) };
    let op = if operation.is_null() {
        &raw mut inert
    } else {
        operation
    };
    // SAFETY: per contract.
    unsafe { deliver_final(kind, callbacks, op, code) };
}

/// Starts one operation of a session (all 13 operation slots come here).
///
/// # Safety
/// The client's pointers are NULL or valid as the MI API requires; `call` calls the
/// handler's slot with the pointers it is given.
// The arguments every MI_SessionFT operation slot shares, passed through as they are.
#[allow(clippy::too_many_arguments)]
unsafe fn run_operation(
    name: &'static str,
    kind: ResultKind,
    session: *const MI_Session,
    flags: MI_Uint32,
    callbacks: *const MI_OperationCallbacks,
    operation: *mut MI_Operation,
    options: *const MI_OperationOptions,
    delivery: *const MI_SubscriptionDeliveryOptions,
    call: impl FnOnce(
        *mut MI_Session,
        MI_Uint32,
        *mut MI_OperationCallbacks,
        *mut MI_Operation,
        *mut MI_OperationOptions,
        *const MI_SubscriptionDeliveryOptions,
    ) -> bool,
) {
    guard_void(name, || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let session = match unsafe { resolve::<SessionKind, _>(session) } {
            Ok(s) => s,
            // SAFETY: forwarded contract.
            Err(code) => return unsafe { fail_setup(kind, callbacks, operation, code) },
        };
        if flags & !KNOWN_OPERATION_FLAGS != 0 || operation.is_null() {
            log::error!("{name}: unknown flags {flags:#x} or NULL operation");
            // SAFETY: forwarded contract.
            return unsafe { fail_setup(kind, callbacks, operation, MI_RESULT_INVALID_PARAMETER) };
        }
        // The handler gets the library's own copies of the options: the client may delete
        // its objects as soon as the operation has started.
        // SAFETY: NULL or readable per contract.
        let copies = match unsafe { OptionsCopies::of(options, delivery) } {
            Ok(copies) => copies,
            // SAFETY: forwarded contract.
            Err(code) => return unsafe { fail_setup(kind, callbacks, operation, code) },
        };
        // SAFETY: NULL or readable per contract; copied by value.
        let client_callbacks = unsafe { callbacks.as_ref() }.copied();
        let op = match session.new_operation(kind, flags, client_callbacks) {
            Ok(op) => op,
            // SAFETY: forwarded contract.
            Err(code) => return unsafe { fail_setup(kind, callbacks, operation, code) },
        };
        // SAFETY: non-NULL (checked) and writable per contract.
        unsafe { operation.write(op.handle()) };
        let (handler_options, handler_delivery) =
            (copies.operation.as_ptr(), copies.delivery.as_ptr().cast_const());
        op.keep_options(copies);
        op.start(|handler_callbacks, handler_op, handler_flags| {
            let mut handler_session = session.handler_session();
            call(
                &mut handler_session,
                handler_flags,
                handler_callbacks,
                handler_op,
                handler_options,
                handler_delivery,
            )
        });
    })
}

unsafe extern "system" fn session_close(
    session: *mut MI_Session,
    completionContext: *mut c_void,
    completionCallback: Option<unsafe extern "system" fn(completionContext: *mut c_void)>,
) -> MI_Result {
    guard("MI_Session_Close", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let session = unsafe { resolve::<SessionKind, _>(session) }?;
        session.close(completionCallback.map(|f| (f, completionContext)))
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
            ft: &super::APPLICATION_FT,
        };
        // SAFETY: out-pointer NULL or writable; handle pointer NULL or readable.
        unsafe { write_opt(application, inert) };
        // SAFETY: the client's handle pointer, NULL or readable.
        let session = unsafe { resolve::<SessionKind, _>(session) }?;
        if application.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: non-NULL, writable per contract.
        unsafe { application.write(session.app().handle()) };
        Ok(())
    })
}

unsafe extern "system" fn session_get_instance(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    inboundInstance: *const MI_Instance,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: the client's pointers, each NULL or valid as the MI API requires; the closure
    // calls the handler's own slot with the handler's session and our callbacks.
    unsafe {
        run_operation(
            "MI_Session_GetInstance",
            ResultKind::Instance,
            session,
            flags,
            callbacks,
            operation,
            options,
            null(),
            |h, handler_flags, handler_callbacks, handler_op, handler_options, _| match (*h)
                .ft
                .as_ref()
                .and_then(|ft| ft.GetInstance)
            {
                Some(f) => {
                    f(
                        h,
                        handler_flags,
                        handler_options,
                        namespaceName,
                        inboundInstance,
                        handler_callbacks,
                        handler_op,
                    );
                    true
                }
                None => false,
            },
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
    // SAFETY: the client's pointers, each NULL or valid as the MI API requires; the closure
    // calls the handler's own slot with the handler's session and our callbacks.
    unsafe {
        run_operation(
            "MI_Session_ModifyInstance",
            ResultKind::Instance,
            session,
            flags,
            callbacks,
            operation,
            options,
            null(),
            |h, handler_flags, handler_callbacks, handler_op, handler_options, _| match (*h)
                .ft
                .as_ref()
                .and_then(|ft| ft.ModifyInstance)
            {
                Some(f) => {
                    f(
                        h,
                        handler_flags,
                        handler_options,
                        namespaceName,
                        inboundInstance,
                        handler_callbacks,
                        handler_op,
                    );
                    true
                }
                None => false,
            },
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
    // SAFETY: the client's pointers, each NULL or valid as the MI API requires; the closure
    // calls the handler's own slot with the handler's session and our callbacks.
    unsafe {
        run_operation(
            "MI_Session_CreateInstance",
            ResultKind::Instance,
            session,
            flags,
            callbacks,
            operation,
            options,
            null(),
            |h, handler_flags, handler_callbacks, handler_op, handler_options, _| match (*h)
                .ft
                .as_ref()
                .and_then(|ft| ft.CreateInstance)
            {
                Some(f) => {
                    f(
                        h,
                        handler_flags,
                        handler_options,
                        namespaceName,
                        inboundInstance,
                        handler_callbacks,
                        handler_op,
                    );
                    true
                }
                None => false,
            },
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
    // SAFETY: the client's pointers, each NULL or valid as the MI API requires; the closure
    // calls the handler's own slot with the handler's session and our callbacks.
    unsafe {
        run_operation(
            "MI_Session_DeleteInstance",
            ResultKind::Instance,
            session,
            flags,
            callbacks,
            operation,
            options,
            null(),
            |h, handler_flags, handler_callbacks, handler_op, handler_options, _| match (*h)
                .ft
                .as_ref()
                .and_then(|ft| ft.DeleteInstance)
            {
                Some(f) => {
                    f(
                        h,
                        handler_flags,
                        handler_options,
                        namespaceName,
                        inboundInstance,
                        handler_callbacks,
                        handler_op,
                    );
                    true
                }
                None => false,
            },
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
    // SAFETY: the client's pointers, each NULL or valid as the MI API requires; the closure
    // calls the handler's own slot with the handler's session and our callbacks.
    unsafe {
        run_operation(
            "MI_Session_Invoke",
            ResultKind::Instance,
            session,
            flags,
            callbacks,
            operation,
            options,
            null(),
            |h, handler_flags, handler_callbacks, handler_op, handler_options, _| match (*h)
                .ft
                .as_ref()
                .and_then(|ft| ft.Invoke)
            {
                Some(f) => {
                    f(
                        h,
                        handler_flags,
                        handler_options,
                        namespaceName,
                        className,
                        methodName,
                        inboundInstance,
                        inboundProperties,
                        handler_callbacks,
                        handler_op,
                    );
                    true
                }
                None => false,
            },
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
    // SAFETY: the client's pointers, each NULL or valid as the MI API requires; the closure
    // calls the handler's own slot with the handler's session and our callbacks.
    unsafe {
        run_operation(
            "MI_Session_EnumerateInstances",
            ResultKind::Instance,
            session,
            flags,
            callbacks,
            operation,
            options,
            null(),
            |h, handler_flags, handler_callbacks, handler_op, handler_options, _| match (*h)
                .ft
                .as_ref()
                .and_then(|ft| ft.EnumerateInstances)
            {
                Some(f) => {
                    f(
                        h,
                        handler_flags,
                        handler_options,
                        namespaceName,
                        className,
                        keysOnly,
                        handler_callbacks,
                        handler_op,
                    );
                    true
                }
                None => false,
            },
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
    // SAFETY: the client's pointers, each NULL or valid as the MI API requires; the closure
    // calls the handler's own slot with the handler's session and our callbacks.
    unsafe {
        run_operation(
            "MI_Session_QueryInstances",
            ResultKind::Instance,
            session,
            flags,
            callbacks,
            operation,
            options,
            null(),
            |h, handler_flags, handler_callbacks, handler_op, handler_options, _| match (*h)
                .ft
                .as_ref()
                .and_then(|ft| ft.QueryInstances)
            {
                Some(f) => {
                    f(
                        h,
                        handler_flags,
                        handler_options,
                        namespaceName,
                        queryDialect,
                        queryExpression,
                        handler_callbacks,
                        handler_op,
                    );
                    true
                }
                None => false,
            },
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
    // SAFETY: the client's pointers, each NULL or valid as the MI API requires; the closure
    // calls the handler's own slot with the handler's session and our callbacks.
    unsafe {
        run_operation(
            "MI_Session_AssociatorInstances",
            ResultKind::Instance,
            session,
            flags,
            callbacks,
            operation,
            options,
            null(),
            |h, handler_flags, handler_callbacks, handler_op, handler_options, _| match (*h)
                .ft
                .as_ref()
                .and_then(|ft| ft.AssociatorInstances)
            {
                Some(f) => {
                    f(
                        h,
                        handler_flags,
                        handler_options,
                        namespaceName,
                        instanceKeys,
                        assocClass,
                        resultClass,
                        role,
                        resultRole,
                        keysOnly,
                        handler_callbacks,
                        handler_op,
                    );
                    true
                }
                None => false,
            },
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
    // SAFETY: the client's pointers, each NULL or valid as the MI API requires; the closure
    // calls the handler's own slot with the handler's session and our callbacks.
    unsafe {
        run_operation(
            "MI_Session_ReferenceInstances",
            ResultKind::Instance,
            session,
            flags,
            callbacks,
            operation,
            options,
            null(),
            |h, handler_flags, handler_callbacks, handler_op, handler_options, _| match (*h)
                .ft
                .as_ref()
                .and_then(|ft| ft.ReferenceInstances)
            {
                Some(f) => {
                    f(
                        h,
                        handler_flags,
                        handler_options,
                        namespaceName,
                        instanceKeys,
                        resultClass,
                        role,
                        keysOnly,
                        handler_callbacks,
                        handler_op,
                    );
                    true
                }
                None => false,
            },
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
    // SAFETY: the client's pointers, each NULL or valid as the MI API requires; the closure
    // calls the handler's own slot with the handler's session and our callbacks.
    unsafe {
        run_operation(
            "MI_Session_Subscribe",
            ResultKind::Indication,
            session,
            flags,
            callbacks,
            operation,
            options,
            deliverOptions,
            |h, handler_flags, handler_callbacks, handler_op, handler_options, handler_delivery| match (*h)
                .ft
                .as_ref()
                .and_then(|ft| ft.Subscribe)
            {
                Some(f) => {
                    f(
                        h,
                        handler_flags,
                        handler_options,
                        namespaceName,
                        queryDialect,
                        queryExpression,
                        handler_delivery,
                        handler_callbacks,
                        handler_op,
                    );
                    true
                }
                None => false,
            },
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
    // SAFETY: the client's pointers, each NULL or valid as the MI API requires; the closure
    // calls the handler's own slot with the handler's session and our callbacks.
    unsafe {
        run_operation(
            "MI_Session_GetClass",
            ResultKind::Class,
            session,
            flags,
            callbacks,
            operation,
            options,
            null(),
            |h, handler_flags, handler_callbacks, handler_op, handler_options, _| match (*h)
                .ft
                .as_ref()
                .and_then(|ft| ft.GetClass)
            {
                Some(f) => {
                    f(
                        h,
                        handler_flags,
                        handler_options,
                        namespaceName,
                        className,
                        handler_callbacks,
                        handler_op,
                    );
                    true
                }
                None => false,
            },
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
    // SAFETY: the client's pointers, each NULL or valid as the MI API requires; the closure
    // calls the handler's own slot with the handler's session and our callbacks.
    unsafe {
        run_operation(
            "MI_Session_EnumerateClasses",
            ResultKind::Class,
            session,
            flags,
            callbacks,
            operation,
            options,
            null(),
            |h, handler_flags, handler_callbacks, handler_op, handler_options, _| match (*h)
                .ft
                .as_ref()
                .and_then(|ft| ft.EnumerateClasses)
            {
                Some(f) => {
                    f(
                        h,
                        handler_flags,
                        handler_options,
                        namespaceName,
                        className,
                        classNamesOnly,
                        handler_callbacks,
                        handler_op,
                    );
                    true
                }
                None => false,
            },
        )
    }
}

unsafe extern "system" fn session_test_connection(
    session: *mut MI_Session,
    flags: MI_Uint32,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: the client's pointers, each NULL or valid as the MI API requires; the closure
    // calls the handler's own slot with the handler's session and our callbacks.
    unsafe {
        run_operation(
            "MI_Session_TestConnection",
            ResultKind::Instance,
            session,
            flags,
            callbacks,
            operation,
            null(),
            null(),
            |h, handler_flags, handler_callbacks, handler_op, _, _| match (*h)
                .ft
                .as_ref()
                .and_then(|ft| ft.TestConnection)
            {
                Some(f) => {
                    f(h, handler_flags, handler_callbacks, handler_op);
                    true
                }
                None => false,
            },
        )
    }
}

/// `MI_Session_Close`, with the reference wrapper's fallback: for a NULL session or `ft`,
/// a given completion callback is called and the result is `MI_RESULT_OK`.
///
/// # Safety
/// `session` is NULL or readable; `completionCallback` is NULL or callable with the context.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_Close(
    session: *mut MI_Session,
    completionContext: *mut c_void,
    completionCallback: Option<unsafe extern "system" fn(completionContext: *mut c_void)>,
) -> MI_Result {
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            return session_close(session, completionContext, completionCallback);
        }
        match completionCallback {
            Some(done) => {
                done(completionContext);
                MI_RESULT_OK
            }
            None => MI_RESULT_INVALID_PARAMETER,
        }
    }
}

/// `MI_Session_GetApplication`, with the reference wrapper's fallback (zeroed out-struct).
///
/// # Safety
/// `session` is NULL or readable; `application` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_GetApplication(
    session: *mut MI_Session,
    application: *mut MI_Application,
) -> MI_Result {
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            return session_get_application(session, application);
        }
        write_opt(
            application,
            MI_Application {
                reserved1: 0,
                reserved2: 0,
                ft: null(),
            },
        );
    }
    MI_RESULT_INVALID_PARAMETER
}

/// `MI_Session_GetInstance`, with the reference wrapper's fallback for a NULL session or `ft`.
///
/// # Safety
/// Pointers are NULL or valid as the MI API requires for this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_GetInstance(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    inboundInstance: *const MI_Instance,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            session_get_instance(
                session,
                flags,
                options,
                namespaceName,
                inboundInstance,
                callbacks,
                operation,
            );
        } else {
            wrapper_fallback(ResultKind::Instance, callbacks, operation);
        }
    }
}

/// `MI_Session_ModifyInstance`, with the reference wrapper's fallback for a NULL session or `ft`.
///
/// # Safety
/// Pointers are NULL or valid as the MI API requires for this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_ModifyInstance(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    inboundInstance: *const MI_Instance,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            session_modify_instance(
                session,
                flags,
                options,
                namespaceName,
                inboundInstance,
                callbacks,
                operation,
            );
        } else {
            wrapper_fallback(ResultKind::Instance, callbacks, operation);
        }
    }
}

/// `MI_Session_CreateInstance`, with the reference wrapper's fallback for a NULL session or `ft`.
///
/// # Safety
/// Pointers are NULL or valid as the MI API requires for this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_CreateInstance(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    inboundInstance: *const MI_Instance,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            session_create_instance(
                session,
                flags,
                options,
                namespaceName,
                inboundInstance,
                callbacks,
                operation,
            );
        } else {
            wrapper_fallback(ResultKind::Instance, callbacks, operation);
        }
    }
}

/// `MI_Session_DeleteInstance`, with the reference wrapper's fallback for a NULL session or `ft`.
///
/// # Safety
/// Pointers are NULL or valid as the MI API requires for this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_DeleteInstance(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    inboundInstance: *const MI_Instance,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            session_delete_instance(
                session,
                flags,
                options,
                namespaceName,
                inboundInstance,
                callbacks,
                operation,
            );
        } else {
            wrapper_fallback(ResultKind::Instance, callbacks, operation);
        }
    }
}

/// `MI_Session_Invoke`, with the reference wrapper's fallback for a NULL session or `ft`.
///
/// # Safety
/// Pointers are NULL or valid as the MI API requires for this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_Invoke(
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
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            session_invoke(
                session,
                flags,
                options,
                namespaceName,
                className,
                methodName,
                inboundInstance,
                inboundProperties,
                callbacks,
                operation,
            );
        } else {
            wrapper_fallback(ResultKind::Instance, callbacks, operation);
        }
    }
}

/// `MI_Session_EnumerateInstances`, with the reference wrapper's fallback for a NULL session or `ft`.
///
/// # Safety
/// Pointers are NULL or valid as the MI API requires for this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_EnumerateInstances(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    className: *const MI_Char,
    keysOnly: MI_Boolean,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            session_enumerate_instances(
                session,
                flags,
                options,
                namespaceName,
                className,
                keysOnly,
                callbacks,
                operation,
            );
        } else {
            wrapper_fallback(ResultKind::Instance, callbacks, operation);
        }
    }
}

/// `MI_Session_QueryInstances`, with the reference wrapper's fallback for a NULL session or `ft`.
///
/// # Safety
/// Pointers are NULL or valid as the MI API requires for this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_QueryInstances(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    queryDialect: *const MI_Char,
    queryExpression: *const MI_Char,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            session_query_instances(
                session,
                flags,
                options,
                namespaceName,
                queryDialect,
                queryExpression,
                callbacks,
                operation,
            );
        } else {
            wrapper_fallback(ResultKind::Instance, callbacks, operation);
        }
    }
}

/// `MI_Session_AssociatorInstances`, with the reference wrapper's fallback for a NULL session or `ft`.
///
/// # Safety
/// Pointers are NULL or valid as the MI API requires for this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_AssociatorInstances(
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
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            session_associator_instances(
                session,
                flags,
                options,
                namespaceName,
                instanceKeys,
                assocClass,
                resultClass,
                role,
                resultRole,
                keysOnly,
                callbacks,
                operation,
            );
        } else {
            wrapper_fallback(ResultKind::Instance, callbacks, operation);
        }
    }
}

/// `MI_Session_ReferenceInstances`, with the reference wrapper's fallback for a NULL session or `ft`.
///
/// # Safety
/// Pointers are NULL or valid as the MI API requires for this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_ReferenceInstances(
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
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            session_reference_instances(
                session,
                flags,
                options,
                namespaceName,
                instanceKeys,
                resultClass,
                role,
                keysOnly,
                callbacks,
                operation,
            );
        } else {
            wrapper_fallback(ResultKind::Instance, callbacks, operation);
        }
    }
}

/// `MI_Session_Subscribe`, with the reference wrapper's fallback for a NULL session or `ft`.
///
/// # Safety
/// Pointers are NULL or valid as the MI API requires for this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_Subscribe(
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
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            session_subscribe(
                session,
                flags,
                options,
                namespaceName,
                queryDialect,
                queryExpression,
                deliverOptions,
                callbacks,
                operation,
            );
        } else {
            wrapper_fallback(ResultKind::Indication, callbacks, operation);
        }
    }
}

/// `MI_Session_GetClass`, with the reference wrapper's fallback for a NULL session or `ft`.
///
/// # Safety
/// Pointers are NULL or valid as the MI API requires for this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_GetClass(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    className: *const MI_Char,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            session_get_class(
                session,
                flags,
                options,
                namespaceName,
                className,
                callbacks,
                operation,
            );
        } else {
            wrapper_fallback(ResultKind::Class, callbacks, operation);
        }
    }
}

/// `MI_Session_EnumerateClasses`, with the reference wrapper's fallback for a NULL session or `ft`.
///
/// # Safety
/// Pointers are NULL or valid as the MI API requires for this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_EnumerateClasses(
    session: *mut MI_Session,
    flags: MI_Uint32,
    options: *mut MI_OperationOptions,
    namespaceName: *const MI_Char,
    className: *const MI_Char,
    classNamesOnly: MI_Boolean,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            session_enumerate_classes(
                session,
                flags,
                options,
                namespaceName,
                className,
                classNamesOnly,
                callbacks,
                operation,
            );
        } else {
            wrapper_fallback(ResultKind::Class, callbacks, operation);
        }
    }
}

/// `MI_Session_TestConnection`, with the reference wrapper's fallback for a NULL session or `ft`.
///
/// # Safety
/// Pointers are NULL or valid as the MI API requires for this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_TestConnection(
    session: *mut MI_Session,
    flags: MI_Uint32,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: forwarded contract.
    unsafe {
        if session_usable(session) {
            session_test_connection(session, flags, callbacks, operation);
        } else {
            wrapper_fallback(ResultKind::Instance, callbacks, operation);
        }
    }
}
