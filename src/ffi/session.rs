//! `MI_SessionFT` and the exported `MI_Session_*` functions. Each operation slot decodes
//! its arguments (every string must be valid text: UTF-8, UTF-16 on Windows) and hands
//! them to `crate::session::launch`, which makes every check and either starts the
//! operation on the handler or ends it with one final result.
//!
//! # Safety contract
//! The slots and exports take the client's arguments with the rules of the reference's
//! `MI.h`, which every `# Safety` here refers to: a handle (`session`, `options`,
//! `deliverOptions`) is NULL or readable for its struct (its words are checked by the handle
//! table, never followed); strings are NULL or NUL-terminated and not changed during the
//! call; an instance is NULL or a live instance whose `ft` is NULL or a valid table, not
//! changed during the call (it is copied before the call returns); `callbacks` is NULL or
//! readable for an `MI_OperationCallbacks` (copied by value) whose callbacks may be called
//! with its `callbackContext` until the final result; `operation` and other out-pointers are
//! NULL or writable. In return nothing the client passed is kept after the call except the
//! callbacks and their context, and the final result is delivered exactly once.

use super::options::copy_for_handler;
use super::{SURFACE, resolve, write_opt};
use crate::abi::*;
use crate::boundary::{MiResult, guard, guard_void};
use crate::client::{Completion, OperationCallbacks};
use crate::operation;
use crate::protocol::{Raw, Request, ResultKind};
use crate::session::{self, Launch, SessionKind};
use core::ffi::c_void;
use std::borrow::Cow;
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
    // SAFETY: NULL-checked; readable per this function's contract.
    !session.is_null() && !unsafe { session.read() }.ft.is_null()
}

/// The reference wrappers' fallback (docs/ABI.md §6.1): zero `*operation`, then one final
/// result with `MI_RESULT_INVALID_PARAMETER` and a NULL operation.
///
/// # Safety
/// `callbacks` is NULL or readable; `operation` is NULL or writable.
unsafe fn wrapper_fallback(
    kind: ResultKind,
    callbacks: *const MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: `operation` is NULL or writable (this function's `# Safety`), what `write_opt`
    // requires.
    unsafe {
        write_opt(
            operation,
            MI_Operation {
                reserved1: 0,
                reserved2: 0,
                ft: null(),
            },
        );
    }
    // SAFETY: NULL or readable per this function's contract; copied by value.
    let callbacks = OperationCallbacks::new(unsafe { callbacks.as_ref() }.copied());
    operation::wrapper_fallback(kind, &callbacks);
}

/// One string argument of an operation: NULL is `None`; invalid text is
/// `MI_RESULT_INVALID_PARAMETER` (the operation then never reaches the handler).
///
/// # Safety
/// `s` is NULL or NUL-terminated, unchanged for `'a` (the text returned may borrow it; the
/// slots use it only during their call).
unsafe fn arg<'a>(s: *const MI_Char) -> MiResult<Option<Cow<'a, str>>> {
    if s.is_null() {
        return Ok(None);
    }
    // SAFETY: `s` is non-NULL (checked above), NUL-terminated and unchanged for `'a` (this
    // function's `# Safety`): what `c_chars` requires for the slice `decode` may borrow.
    let chars = unsafe { crate::strings::c_chars(s) }?;
    crate::strings::decode(chars).map(Some).inspect_err(|_| {
        log::error!("an operation argument is not valid text (UTF-8, or UTF-16 on Windows); refused");
    })
}

/// A decoded argument as the request borrows it.
fn opt<'a>(a: &'a MiResult<Option<Cow<'_, str>>>) -> MiResult<Option<&'a str>> {
    match a {
        Ok(v) => Ok(v.as_deref()),
        Err(code) => Err(*code),
    }
}

/// The common part of the 13 operation slots.
///
/// # Safety
/// The client's pointers are NULL or valid as the MI API requires for this call.
#[allow(clippy::too_many_arguments)]
unsafe fn start(
    kind: ResultKind,
    session: *const MI_Session,
    flags: MI_Uint32,
    callbacks: *const MI_OperationCallbacks,
    operation: *mut MI_Operation,
    options: *const MI_OperationOptions,
    delivery: *const MI_SubscriptionDeliveryOptions,
    request: MiResult<Request<'_>>,
) {
    // SAFETY: the client's handle pointer, NULL or readable.
    let session = unsafe { resolve::<SessionKind, _>(session) };
    // SAFETY: NULL or readable per this function's contract; copied by value.
    let callbacks = OperationCallbacks::new(unsafe { callbacks.as_ref() }.copied());
    let launch = Launch {
        kind,
        flags,
        callbacks,
        // SAFETY: NULL or options handle structs, per this function's contract.
        options: unsafe { copy_for_handler(options) },
        // SAFETY: as above.
        delivery: unsafe { copy_for_handler(delivery) },
        request,
    };
    let mut write = |handle: MI_Operation| {
        // SAFETY: non-NULL (checked below) and writable per this function's contract.
        unsafe { operation.write(handle) }
    };
    let out: Option<&mut dyn FnMut(MI_Operation)> = if operation.is_null() {
        None
    } else {
        Some(&mut write)
    };
    session::launch(&SURFACE, session, launch, out);
}

unsafe extern "system" fn session_close(
    session: *mut MI_Session,
    completionContext: *mut c_void,
    completionCallback: Option<unsafe extern "system" fn(completionContext: *mut c_void)>,
) -> MI_Result {
    guard("MI_Session_Close", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let session = unsafe { resolve::<SessionKind, _>(session) }?;
        session.close(completionCallback.map(|f| Completion::new(f, completionContext)))
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
        // SAFETY: non-NULL, writable per the MI API.
        unsafe { application.write(session.application_handle()) };
        Ok(())
    })
}

/// Defines the four slots that take a namespace and one instance.
macro_rules! instance_slots {
    ($($fn:ident, $name:literal, $variant:ident;)*) => {$(
        unsafe extern "system" fn $fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            options: *mut MI_OperationOptions,
            namespaceName: *const MI_Char,
            inboundInstance: *const MI_Instance,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ) {
            guard_void($name, || {
                // SAFETY: the client's pointers, each NULL or valid as the MI API requires.
                unsafe {
                    let ns = arg(namespaceName);
                    let request = opt(&ns).map(|namespace| Request::$variant {
                        namespace,
                        instance: Raw(inboundInstance),
                    });
                    start(ResultKind::Instance, session, flags, callbacks, operation, options, null(), request)
                }
            })
        }
    )*};
}

instance_slots! {
    session_get_instance, "MI_Session_GetInstance", GetInstance;
    session_modify_instance, "MI_Session_ModifyInstance", ModifyInstance;
    session_create_instance, "MI_Session_CreateInstance", CreateInstance;
    session_delete_instance, "MI_Session_DeleteInstance", DeleteInstance;
}

#[allow(clippy::too_many_arguments)]
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
    guard_void("MI_Session_Invoke", || {
        // SAFETY: the client's pointers, each NULL or valid as the MI API requires.
        unsafe {
            let (ns, class, method) = (arg(namespaceName), arg(className), arg(methodName));
            let request = (|| {
                Ok(Request::Invoke {
                    namespace: opt(&ns)?,
                    class: opt(&class)?,
                    method: opt(&method)?,
                    instance: Raw(inboundInstance),
                    parameters: Raw(inboundProperties),
                })
            })();
            start(
                ResultKind::Instance,
                session,
                flags,
                callbacks,
                operation,
                options,
                null(),
                request,
            )
        }
    })
}

#[allow(clippy::too_many_arguments)]
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
    guard_void("MI_Session_EnumerateInstances", || {
        // SAFETY: the client's pointers, each NULL or valid as the MI API requires.
        unsafe {
            let (ns, class) = (arg(namespaceName), arg(className));
            let request = (|| {
                Ok(Request::EnumerateInstances {
                    namespace: opt(&ns)?,
                    class: opt(&class)?,
                    keys_only: keysOnly != MI_FALSE,
                })
            })();
            start(
                ResultKind::Instance,
                session,
                flags,
                callbacks,
                operation,
                options,
                null(),
                request,
            )
        }
    })
}

#[allow(clippy::too_many_arguments)]
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
    guard_void("MI_Session_QueryInstances", || {
        // SAFETY: the client's pointers, each NULL or valid as the MI API requires.
        unsafe {
            let (ns, dialect, query) = (arg(namespaceName), arg(queryDialect), arg(queryExpression));
            let request = (|| {
                Ok(Request::QueryInstances {
                    namespace: opt(&ns)?,
                    dialect: opt(&dialect)?,
                    query: opt(&query)?,
                })
            })();
            start(
                ResultKind::Instance,
                session,
                flags,
                callbacks,
                operation,
                options,
                null(),
                request,
            )
        }
    })
}

#[allow(clippy::too_many_arguments)]
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
    guard_void("MI_Session_AssociatorInstances", || {
        // SAFETY: the client's pointers, each NULL or valid as the MI API requires.
        unsafe {
            let ns = arg(namespaceName);
            let (assoc, result, role, result_role) =
                (arg(assocClass), arg(resultClass), arg(role), arg(resultRole));
            let request = (|| {
                Ok(Request::AssociatorInstances {
                    namespace: opt(&ns)?,
                    instance: Raw(instanceKeys),
                    assoc_class: opt(&assoc)?,
                    result_class: opt(&result)?,
                    role: opt(&role)?,
                    result_role: opt(&result_role)?,
                    keys_only: keysOnly != MI_FALSE,
                })
            })();
            start(
                ResultKind::Instance,
                session,
                flags,
                callbacks,
                operation,
                options,
                null(),
                request,
            )
        }
    })
}

#[allow(clippy::too_many_arguments)]
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
    guard_void("MI_Session_ReferenceInstances", || {
        // SAFETY: the client's pointers, each NULL or valid as the MI API requires.
        unsafe {
            let (ns, result, role) = (arg(namespaceName), arg(resultClass), arg(role));
            let request = (|| {
                Ok(Request::ReferenceInstances {
                    namespace: opt(&ns)?,
                    instance: Raw(instanceKeys),
                    result_class: opt(&result)?,
                    role: opt(&role)?,
                    keys_only: keysOnly != MI_FALSE,
                })
            })();
            start(
                ResultKind::Instance,
                session,
                flags,
                callbacks,
                operation,
                options,
                null(),
                request,
            )
        }
    })
}

#[allow(clippy::too_many_arguments)]
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
    guard_void("MI_Session_Subscribe", || {
        // SAFETY: the client's pointers, each NULL or valid as the MI API requires.
        unsafe {
            let (ns, dialect, query) = (arg(namespaceName), arg(queryDialect), arg(queryExpression));
            let request = (|| {
                Ok(Request::Subscribe {
                    namespace: opt(&ns)?,
                    dialect: opt(&dialect)?,
                    query: opt(&query)?,
                    delivery: None, // `launch` adds the library's copy of `deliverOptions`
                })
            })();
            start(
                ResultKind::Indication,
                session,
                flags,
                callbacks,
                operation,
                options,
                deliverOptions,
                request,
            )
        }
    })
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
    guard_void("MI_Session_GetClass", || {
        // SAFETY: the client's pointers, each NULL or valid as the MI API requires.
        unsafe {
            let (ns, class) = (arg(namespaceName), arg(className));
            let request = (|| {
                Ok(Request::GetClass {
                    namespace: opt(&ns)?,
                    class: opt(&class)?,
                })
            })();
            start(
                ResultKind::Class,
                session,
                flags,
                callbacks,
                operation,
                options,
                null(),
                request,
            )
        }
    })
}

#[allow(clippy::too_many_arguments)]
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
    guard_void("MI_Session_EnumerateClasses", || {
        // SAFETY: the client's pointers, each NULL or valid as the MI API requires.
        unsafe {
            let (ns, class) = (arg(namespaceName), arg(className));
            let request = (|| {
                Ok(Request::EnumerateClasses {
                    namespace: opt(&ns)?,
                    class: opt(&class)?,
                    names_only: classNamesOnly != MI_FALSE,
                })
            })();
            start(
                ResultKind::Class,
                session,
                flags,
                callbacks,
                operation,
                options,
                null(),
                request,
            )
        }
    })
}

unsafe extern "system" fn session_test_connection(
    session: *mut MI_Session,
    flags: MI_Uint32,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    guard_void("MI_Session_TestConnection", || {
        // SAFETY: the client's pointers, each NULL or valid as the MI API requires.
        unsafe {
            start(
                ResultKind::Instance,
                session,
                flags,
                callbacks,
                operation,
                null(),
                null(),
                Ok(Request::TestConnection),
            )
        }
    })
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
    // SAFETY: `session_usable` reads `session` only when non-NULL (readable, this function's
    // `# Safety`); the caller's pointers go unchanged to the slot `session_close`, or the
    // callback is called with its own context, as that contract allows.
    unsafe {
        if session_usable(session) {
            return session_close(session, completionContext, completionCallback);
        }
        match completionCallback {
            // The session is unknown, so the owner of this callback is too.
            Some(done) => {
                Completion::new(done, completionContext).call(crate::callback::Owner::UNKNOWN);
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
    // SAFETY: `session_usable` reads `session` only when non-NULL (readable, this function's
    // `# Safety`); the slot `session_get_application` takes the same pointers; `write_opt`
    // needs `application` NULL or writable, which the contract says.
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
/// `session` and the options handles NULL or readable for their structs; strings NULL or
/// NUL-terminated; instances NULL or live with `ft` NULL or valid; `callbacks` NULL or
/// readable, each callback callable with its context; `operation` NULL or writable.
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
    // SAFETY: `session_usable` reads `session` only when non-NULL; the caller's pointers go
    // unchanged to the slot `session_get_instance`, whose contract (MI.h) is this function's
    // `# Safety`, or to `wrapper_fallback`, which needs only `callbacks` NULL or readable and
    // `operation` NULL or writable.
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
/// `session` and the options handles NULL or readable for their structs; strings NULL or
/// NUL-terminated; instances NULL or live with `ft` NULL or valid; `callbacks` NULL or
/// readable, each callback callable with its context; `operation` NULL or writable.
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
    // SAFETY: `session_usable` reads `session` only when non-NULL; the caller's pointers go
    // unchanged to the slot `session_modify_instance`, whose contract (MI.h) is this function's
    // `# Safety`, or to `wrapper_fallback`, which needs only `callbacks` NULL or readable and
    // `operation` NULL or writable.
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
/// `session` and the options handles NULL or readable for their structs; strings NULL or
/// NUL-terminated; instances NULL or live with `ft` NULL or valid; `callbacks` NULL or
/// readable, each callback callable with its context; `operation` NULL or writable.
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
    // SAFETY: `session_usable` reads `session` only when non-NULL; the caller's pointers go
    // unchanged to the slot `session_create_instance`, whose contract (MI.h) is this function's
    // `# Safety`, or to `wrapper_fallback`, which needs only `callbacks` NULL or readable and
    // `operation` NULL or writable.
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
/// `session` and the options handles NULL or readable for their structs; strings NULL or
/// NUL-terminated; instances NULL or live with `ft` NULL or valid; `callbacks` NULL or
/// readable, each callback callable with its context; `operation` NULL or writable.
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
    // SAFETY: `session_usable` reads `session` only when non-NULL; the caller's pointers go
    // unchanged to the slot `session_delete_instance`, whose contract (MI.h) is this function's
    // `# Safety`, or to `wrapper_fallback`, which needs only `callbacks` NULL or readable and
    // `operation` NULL or writable.
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
/// `session` and the options handles NULL or readable for their structs; strings NULL or
/// NUL-terminated; instances NULL or live with `ft` NULL or valid; `callbacks` NULL or
/// readable, each callback callable with its context; `operation` NULL or writable.
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
    // SAFETY: `session_usable` reads `session` only when non-NULL; the caller's pointers go
    // unchanged to the slot `session_invoke`, whose contract (MI.h) is this function's `# Safety`,
    // or to `wrapper_fallback`, which needs only `callbacks` NULL or readable and `operation` NULL
    // or writable.
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
/// `session` and the options handles NULL or readable for their structs; strings NULL or
/// NUL-terminated; instances NULL or live with `ft` NULL or valid; `callbacks` NULL or
/// readable, each callback callable with its context; `operation` NULL or writable.
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
    // SAFETY: `session_usable` reads `session` only when non-NULL; the caller's pointers go
    // unchanged to the slot `session_enumerate_instances`, whose contract (MI.h) is this function's
    // `# Safety`, or to `wrapper_fallback`, which needs only `callbacks` NULL or readable and
    // `operation` NULL or writable.
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
/// `session` and the options handles NULL or readable for their structs; strings NULL or
/// NUL-terminated; instances NULL or live with `ft` NULL or valid; `callbacks` NULL or
/// readable, each callback callable with its context; `operation` NULL or writable.
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
    // SAFETY: `session_usable` reads `session` only when non-NULL; the caller's pointers go
    // unchanged to the slot `session_query_instances`, whose contract (MI.h) is this function's
    // `# Safety`, or to `wrapper_fallback`, which needs only `callbacks` NULL or readable and
    // `operation` NULL or writable.
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
/// `session` and the options handles NULL or readable for their structs; strings NULL or
/// NUL-terminated; instances NULL or live with `ft` NULL or valid; `callbacks` NULL or
/// readable, each callback callable with its context; `operation` NULL or writable.
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
    // SAFETY: `session_usable` reads `session` only when non-NULL; the caller's pointers go
    // unchanged to the slot `session_associator_instances`, whose contract (MI.h) is this
    // function's `# Safety`, or to `wrapper_fallback`, which needs only `callbacks` NULL or
    // readable and `operation` NULL or writable.
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
/// `session` and the options handles NULL or readable for their structs; strings NULL or
/// NUL-terminated; instances NULL or live with `ft` NULL or valid; `callbacks` NULL or
/// readable, each callback callable with its context; `operation` NULL or writable.
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
    // SAFETY: `session_usable` reads `session` only when non-NULL; the caller's pointers go
    // unchanged to the slot `session_reference_instances`, whose contract (MI.h) is this function's
    // `# Safety`, or to `wrapper_fallback`, which needs only `callbacks` NULL or readable and
    // `operation` NULL or writable.
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
/// `session` and the options handles NULL or readable for their structs; strings NULL or
/// NUL-terminated; instances NULL or live with `ft` NULL or valid; `callbacks` NULL or
/// readable, each callback callable with its context; `operation` NULL or writable.
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
    // SAFETY: `session_usable` reads `session` only when non-NULL; the caller's pointers go
    // unchanged to the slot `session_subscribe`, whose contract (MI.h) is this function's
    // `# Safety`, or to `wrapper_fallback`, which needs only `callbacks` NULL or readable and
    // `operation` NULL or writable.
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
/// `session` and the options handles NULL or readable for their structs; strings NULL or
/// NUL-terminated; instances NULL or live with `ft` NULL or valid; `callbacks` NULL or
/// readable, each callback callable with its context; `operation` NULL or writable.
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
    // SAFETY: `session_usable` reads `session` only when non-NULL; the caller's pointers go
    // unchanged to the slot `session_get_class`, whose contract (MI.h) is this function's
    // `# Safety`, or to `wrapper_fallback`, which needs only `callbacks` NULL or readable and
    // `operation` NULL or writable.
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
/// `session` and the options handles NULL or readable for their structs; strings NULL or
/// NUL-terminated; instances NULL or live with `ft` NULL or valid; `callbacks` NULL or
/// readable, each callback callable with its context; `operation` NULL or writable.
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
    // SAFETY: `session_usable` reads `session` only when non-NULL; the caller's pointers go
    // unchanged to the slot `session_enumerate_classes`, whose contract (MI.h) is this function's
    // `# Safety`, or to `wrapper_fallback`, which needs only `callbacks` NULL or readable and
    // `operation` NULL or writable.
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
/// `session` and the options handles NULL or readable for their structs; strings NULL or
/// NUL-terminated; instances NULL or live with `ft` NULL or valid; `callbacks` NULL or
/// readable, each callback callable with its context; `operation` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Session_TestConnection(
    session: *mut MI_Session,
    flags: MI_Uint32,
    callbacks: *mut MI_OperationCallbacks,
    operation: *mut MI_Operation,
) {
    // SAFETY: `session_usable` reads `session` only when non-NULL; the caller's pointers go
    // unchanged to the slot `session_test_connection`, whose contract (MI.h) is this function's
    // `# Safety`, or to `wrapper_fallback`, which needs only `callbacks` NULL or readable and
    // `operation` NULL or writable.
    unsafe {
        if session_usable(session) {
            session_test_connection(session, flags, callbacks, operation);
        } else {
            wrapper_fallback(ResultKind::Instance, callbacks, operation);
        }
    }
}
