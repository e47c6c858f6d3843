//! The built-in embedded protocol handler: the default local handler when the configuration
//! names none. It needs no server; until the in-process provider host exists it opens
//! sessions and completes every operation inline with `MI_RESULT_NOT_SUPPORTED` (exactly one
//! final result). It is stateless: its handles carry no object, so there is nothing to leak.
#![allow(non_snake_case)]

use crate::abi::*;
use crate::operation::ResultKind;
use core::ffi::c_void;
use std::ptr::null;

const MAGIC: u64 = 0x4D49_454D_4245_4444; // "MIEMBEDD"

/// The entry point, with the signature every protocol handler's has.
pub(crate) unsafe extern "C" fn entry(
    flags: MI_Uint32,
    _applicationID: *const MI_Char,
    extendedError: *mut *mut MI_Instance,
    application: *mut MI_Application,
) -> MI_Result {
    // SAFETY: out-pointers from the library, valid when non-NULL.
    unsafe {
        crate::ffi::write_opt(extendedError, std::ptr::null_mut());
        crate::ffi::write_opt(
            application,
            MI_Application {
                reserved1: MAGIC,
                reserved2: 0,
                ft: &APP_FT,
            },
        );
    }
    if flags != 0 || application.is_null() {
        MI_RESULT_INVALID_PARAMETER
    } else {
        MI_RESULT_OK
    }
}

/// Delivers the one final result of an operation, inline.
///
/// # Safety
/// `callbacks` is NULL or the library's callbacks; `operation` is NULL or writable.
unsafe fn finish(kind: ResultKind, callbacks: *mut MI_OperationCallbacks, operation: *mut MI_Operation) {
    let mut op = MI_Operation {
        reserved1: MAGIC,
        reserved2: 0,
        ft: &OP_FT,
    };
    // SAFETY: per this function's contract.
    unsafe { crate::ffi::write_opt(operation, op) };
    // SAFETY: per this function's contract.
    let Some(cb) = (unsafe { callbacks.as_ref() }) else {
        return;
    };
    let code = MI_RESULT_NOT_SUPPORTED;
    // SAFETY: the library's own trampolines, called as their typedefs declare.
    unsafe {
        match kind {
            ResultKind::Instance => {
                if let Some(f) = cb.instanceResult {
                    f(
                        &mut op,
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
                        &mut op,
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
                        &mut op,
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

static APP_FT: MI_ApplicationFT = MI_ApplicationFT {
    Close: Some(app_close),
    NewSession: Some(app_new_session),
    NewHostedProvider: Some(app_new_hosted_provider),
    NewInstance: Some(app_new_instance),
    NewDestinationOptions: Some(app_new_destination_options),
    NewOperationOptions: Some(app_new_operation_options),
    NewSubscriptionDeliveryOptions: Some(app_new_subscription_delivery_options),
    NewSerializer: Some(app_new_serializer),
    NewDeserializer: Some(app_new_deserializer),
    NewInstanceFromClass: Some(app_new_instance_from_class),
    NewClass: Some(app_new_class),
};

unsafe extern "system" fn app_close(_application: *mut MI_Application) -> MI_Result {
    MI_RESULT_OK
}

unsafe extern "system" fn app_new_session(
    _application: *mut MI_Application,
    _protocol: *const MI_Char,
    _destination: *const MI_Char,
    _options: *mut MI_DestinationOptions,
    _callbacks: *mut MI_SessionCallbacks,
    extendedError: *mut *mut MI_Instance,
    session: *mut MI_Session,
) -> MI_Result {
    // SAFETY: out-pointers from the library, valid when non-NULL.
    unsafe {
        crate::ffi::write_opt(extendedError, std::ptr::null_mut());
        crate::ffi::write_opt(
            session,
            MI_Session {
                reserved1: MAGIC,
                reserved2: 0,
                ft: &SESSION_FT,
            },
        );
    }
    MI_RESULT_OK
}

unsafe extern "system" fn app_new_hosted_provider(
    _application: *mut MI_Application,
    _namespaceName: *const MI_Char,
    _providerName: *const MI_Char,
    _mi_Main: MI_MainFunction,
    _extendedError: *mut *mut MI_Instance,
    _provider: *mut MI_HostedProvider,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}
unsafe extern "system" fn app_new_instance(
    _application: *mut MI_Application,
    _className: *const MI_Char,
    _classRTTI: *const MI_ClassDecl,
    _instance: *mut *mut MI_Instance,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}
unsafe extern "system" fn app_new_destination_options(
    _application: *mut MI_Application,
    _options: *mut MI_DestinationOptions,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}
unsafe extern "system" fn app_new_operation_options(
    _application: *mut MI_Application,
    _customOptionsMustUnderstand: MI_Boolean,
    _options: *mut MI_OperationOptions,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}
unsafe extern "system" fn app_new_subscription_delivery_options(
    _application: *mut MI_Application,
    _deliveryType: MI_SubscriptionDeliveryType,
    _deliveryOptions: *mut MI_SubscriptionDeliveryOptions,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}
unsafe extern "system" fn app_new_serializer(
    _application: *mut MI_Application,
    _flags: MI_Uint32,
    _format: *mut MI_Char,
    _serializer: *mut MI_Serializer,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}
unsafe extern "system" fn app_new_deserializer(
    _application: *mut MI_Application,
    _flags: MI_Uint32,
    _format: *mut MI_Char,
    _deserializer: *mut MI_Deserializer,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}
unsafe extern "system" fn app_new_instance_from_class(
    _application: *mut MI_Application,
    _className: *const MI_Char,
    _classObject: *const MI_Class,
    _instance: *mut *mut MI_Instance,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}
unsafe extern "system" fn app_new_class(
    _application: *mut MI_Application,
    _classDecl: *const MI_ClassDecl,
    _namespaceName: *const MI_Char,
    _serverName: *const MI_Char,
    _classObject: *mut *mut MI_Class,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}
static SESSION_FT: MI_SessionFT = MI_SessionFT {
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

unsafe extern "system" fn session_close(
    _session: *mut MI_Session,
    completionContext: *mut c_void,
    completionCallback: Option<unsafe extern "system" fn(completionContext: *mut c_void)>,
) -> MI_Result {
    if let Some(done) = completionCallback {
        // SAFETY: the library's completion callback with its own context.
        unsafe { done(completionContext) };
    }
    MI_RESULT_OK
}

unsafe extern "system" fn session_get_application(
    _session: *mut MI_Session,
    _application: *mut MI_Application,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}

/// Operation slots: each completes at once with the one final result of its kind.
macro_rules! finishing_slots {
    ($($name:ident($($p:ident: $t:ty),*) => $kind:ident;)*) => {$(
        unsafe extern "system" fn $name(
            $($p: $t,)*
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ) {
            $(let _ = $p;)*
            // SAFETY: the library passes its callbacks and an operation out-pointer.
            unsafe { finish(ResultKind::$kind, callbacks, operation) }
        }
    )*};
}

finishing_slots! {
    session_get_instance(session: *mut MI_Session, flags: MI_Uint32, options: *mut MI_OperationOptions, namespaceName: *const MI_Char, inboundInstance: *const MI_Instance) => Instance;
    session_modify_instance(session: *mut MI_Session, flags: MI_Uint32, options: *mut MI_OperationOptions, namespaceName: *const MI_Char, inboundInstance: *const MI_Instance) => Instance;
    session_create_instance(session: *mut MI_Session, flags: MI_Uint32, options: *mut MI_OperationOptions, namespaceName: *const MI_Char, inboundInstance: *const MI_Instance) => Instance;
    session_delete_instance(session: *mut MI_Session, flags: MI_Uint32, options: *mut MI_OperationOptions, namespaceName: *const MI_Char, inboundInstance: *const MI_Instance) => Instance;
    session_invoke(session: *mut MI_Session, flags: MI_Uint32, options: *mut MI_OperationOptions, namespaceName: *const MI_Char, className: *const MI_Char, methodName: *const MI_Char, inboundInstance: *const MI_Instance, inboundProperties: *const MI_Instance) => Instance;
    session_enumerate_instances(session: *mut MI_Session, flags: MI_Uint32, options: *mut MI_OperationOptions, namespaceName: *const MI_Char, className: *const MI_Char, keysOnly: MI_Boolean) => Instance;
    session_query_instances(session: *mut MI_Session, flags: MI_Uint32, options: *mut MI_OperationOptions, namespaceName: *const MI_Char, queryDialect: *const MI_Char, queryExpression: *const MI_Char) => Instance;
    session_associator_instances(session: *mut MI_Session, flags: MI_Uint32, options: *mut MI_OperationOptions, namespaceName: *const MI_Char, instanceKeys: *const MI_Instance, assocClass: *const MI_Char, resultClass: *const MI_Char, role: *const MI_Char, resultRole: *const MI_Char, keysOnly: MI_Boolean) => Instance;
    session_reference_instances(session: *mut MI_Session, flags: MI_Uint32, options: *mut MI_OperationOptions, namespaceName: *const MI_Char, instanceKeys: *const MI_Instance, resultClass: *const MI_Char, role: *const MI_Char, keysOnly: MI_Boolean) => Instance;
    session_subscribe(session: *mut MI_Session, flags: MI_Uint32, options: *mut MI_OperationOptions, namespaceName: *const MI_Char, queryDialect: *const MI_Char, queryExpression: *const MI_Char, deliverOptions: *const MI_SubscriptionDeliveryOptions) => Indication;
    session_get_class(session: *mut MI_Session, flags: MI_Uint32, options: *mut MI_OperationOptions, namespaceName: *const MI_Char, className: *const MI_Char) => Class;
    session_enumerate_classes(session: *mut MI_Session, flags: MI_Uint32, options: *mut MI_OperationOptions, namespaceName: *const MI_Char, className: *const MI_Char, classNamesOnly: MI_Boolean) => Class;
    session_test_connection(session: *mut MI_Session, flags: MI_Uint32) => Instance;
}

static OP_FT: MI_OperationFT = MI_OperationFT {
    Close: Some(op_close),
    Cancel: Some(op_cancel),
    GetSession: Some(op_get_session),
    GetInstance: Some(op_get_instance),
    GetIndication: Some(op_get_indication),
    GetClass: Some(op_get_class),
};

unsafe extern "system" fn op_close(_operation: *mut MI_Operation) -> MI_Result {
    MI_RESULT_OK
}
unsafe extern "system" fn op_cancel(
    _operation: *mut MI_Operation,
    _reason: MI_CancellationReason,
) -> MI_Result {
    MI_RESULT_OK
}
unsafe extern "system" fn op_get_session(
    _operation: *mut MI_Operation,
    _session: *mut MI_Session,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}
unsafe extern "system" fn op_get_instance(
    _operation: *mut MI_Operation,
    _instance: *mut *const MI_Instance,
    _moreResults: *mut MI_Boolean,
    _result: *mut MI_Result,
    _errorMessage: *mut *const MI_Char,
    _completionDetails: *mut *const MI_Instance,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}
unsafe extern "system" fn op_get_indication(
    _operation: *mut MI_Operation,
    _instance: *mut *const MI_Instance,
    _bookmark: *mut *const MI_Char,
    _machineID: *mut *const MI_Char,
    _moreResults: *mut MI_Boolean,
    _result: *mut MI_Result,
    _errorMessage: *mut *const MI_Char,
    _completionDetails: *mut *const MI_Instance,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}
unsafe extern "system" fn op_get_class(
    _operation: *mut MI_Operation,
    _classResult: *mut *const MI_Class,
    _moreResults: *mut MI_Boolean,
    _result: *mut MI_Result,
    _errorMessage: *mut *const MI_Char,
    _completionDetails: *mut *const MI_Instance,
) -> MI_Result {
    MI_RESULT_NOT_SUPPORTED
}
