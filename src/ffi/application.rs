//! `MI_ApplicationFT` and the exported application functions, including the library's
//! entry point `MI_Application_InitializeV1`.

use super::hosted_provider::HOSTED_PROVIDER_FT;
use super::options::{self, OptionsHandle};
use super::session::SESSION_FT;
use super::{key_of, not_supported, write_opt};
use crate::abi::*;
use crate::application;
use crate::boundary::{MiResult, guard};
use crate::client::SessionCallbacks;
use crate::options::Family;
use crate::strings;
use std::ptr::null_mut;

pub(crate) static APPLICATION_FT: MI_ApplicationFT = MI_ApplicationFT {
    Close: Some(close),
    NewSession: Some(new_session),
    NewHostedProvider: Some(new_hosted_provider),
    NewInstance: Some(new_instance),
    NewDestinationOptions: Some(new_destination_options),
    NewOperationOptions: Some(new_operation_options),
    NewSubscriptionDeliveryOptions: Some(new_subscription_delivery_options),
    NewSerializer: Some(new_serializer),
    NewDeserializer: Some(new_deserializer),
    NewInstanceFromClass: Some(new_instance_from_class),
    NewClass: Some(new_class),
};

/// A handle that is closable but refers to nothing: what a failed constructor leaves behind,
/// so that the client's usual cleanup (`Close`, `Delete`) returns an error instead of crashing.
fn inert<T>(ft: &'static T) -> (u64, isize, *const T) {
    (0, 0, ft)
}

/// Checks that `application` is a live, open application.
///
/// # Safety
/// `application` is NULL or readable.
unsafe fn check_open(application: *const MI_Application) -> MiResult {
    // SAFETY: `application` is NULL or readable (this function's `# Safety`), what `key_of`
    // requires.
    let key = unsafe { key_of(application) }?;
    application::open(key).map(|_| ())
}

/// Creates an application: docs/SPEC.md §3.1. Zeroes `*extendedError`, then fills `*application`
/// with a closable handle before any check can fail, as the reference does.
///
/// # Safety
/// `applicationID` is NULL or a NUL-terminated string; `extendedError` is NULL or writable;
/// `application` is NULL or writable for one `MI_Application`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Application_InitializeV1(
    flags: MI_Uint32,
    applicationID: *const MI_Char,
    extendedError: *mut *mut MI_Instance,
    application: *mut MI_Application,
) -> MI_Result {
    guard("MI_Application_InitializeV1", || {
        // SAFETY: NULL or writable per this function's contract.
        unsafe { write_opt(extendedError, null_mut()) };
        if application.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let (reserved1, reserved2, ft) = inert(&APPLICATION_FT);
        // SAFETY: non-NULL and writable per this function's contract.
        unsafe {
            application.write(MI_Application {
                reserved1,
                reserved2,
                ft,
            })
        };
        if flags != 0 {
            return application::create(flags, None, &super::SURFACE).map(|_| ());
        }
        // SAFETY: NULL or NUL-terminated per this function's contract.
        let id = unsafe { strings::copy_opaque(applicationID) }?;
        let (reserved1, reserved2) = application::create(flags, id, &super::SURFACE)?.pack();
        // SAFETY: as above.
        unsafe {
            application.write(MI_Application {
                reserved1,
                reserved2,
                ft,
            })
        };
        Ok(())
    })
}

/// The same function under the name the reference header's macro gives it.
///
/// # Safety
/// As [`MI_Application_InitializeV1`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Application_Initialize(
    flags: MI_Uint32,
    applicationID: *const MI_Char,
    extendedError: *mut *mut MI_Instance,
    application: *mut MI_Application,
) -> MI_Result {
    // SAFETY: same contract.
    unsafe { MI_Application_InitializeV1(flags, applicationID, extendedError, application) }
}

/// Closes an application (docs/SPEC.md §3). Exported with the reference wrapper's fallback: a
/// NULL handle or NULL `ft` gives `MI_RESULT_INVALID_PARAMETER`. The library does not write
/// to the struct, so copies and concurrent closers never race on it.
///
/// # Safety
/// `application` is NULL or readable for one `MI_Application`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Application_Close(application: *mut MI_Application) -> MI_Result {
    // SAFETY: NULL-checked; readable per this function's contract.
    // SAFETY: same contract.
    unsafe {
        if usable(application) {
            close(application)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

unsafe extern "system" fn close(application: *mut MI_Application) -> MI_Result {
    guard("MI_Application_Close", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let key = unsafe { key_of(application) }?;
        application::close(key)
    })
}

unsafe extern "system" fn new_session(
    application: *mut MI_Application,
    protocol: *const MI_Char,
    destination: *const MI_Char,
    options: *mut MI_DestinationOptions,
    callbacks: *mut MI_SessionCallbacks,
    extendedError: *mut *mut MI_Instance,
    session: *mut MI_Session,
) -> MI_Result {
    guard("MI_Application_NewSession", || {
        let (reserved1, reserved2, ft) = inert(&SESSION_FT);
        // SAFETY: out-pointers from the client, NULL or writable.
        unsafe {
            write_opt(extendedError, null_mut());
            write_opt(
                session,
                MI_Session {
                    reserved1,
                    reserved2,
                    ft,
                },
            );
        }
        // SAFETY: the client's handle pointer, NULL or readable.
        let key = unsafe { key_of(application) }?;
        if session.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: NULL or NUL-terminated per the MI API.
        let protocol = unsafe { strings::utf8(protocol) }?;
        // SAFETY: NULL or NUL-terminated per the MI API.
        let destination = unsafe { strings::utf8(destination) }?;
        // SAFETY: NULL or an options handle struct per the MI API.
        let options = unsafe { options::copy_for_handler(options) }?;
        // SAFETY: NULL or readable per the MI API; copied by value.
        let callbacks = SessionCallbacks::new(unsafe { callbacks.as_ref() }.copied());
        let refusal = crate::protocol::Refusal::default();
        let new = application::new_session(
            key,
            application::NewSession {
                protocol: protocol.as_deref(),
                destination: destination.as_deref(),
                options,
                callbacks,
                refusal: &refusal,
            },
        )
        .inspect_err(|&code| {
            // The handler's reason, as an `OMI_Error` the client deletes.
            if let (Some(why), false) = (refusal.take(), extendedError.is_null()) {
                let text = strings::encode(&why);
                // SAFETY: `text` is NUL-terminated and outlives the call; NULL error type = "MI".
                if let Ok(inst) = unsafe {
                    crate::instance::error::omi_error(
                        &super::instance::INSTANCE_FT,
                        code,
                        null_mut(),
                        text.as_ptr(),
                    )
                } {
                    // SAFETY: non-NULL (checked), writable per the MI API.
                    unsafe { extendedError.write(inst) };
                }
            }
        })?;
        let (reserved1, reserved2) = new.pack();
        // SAFETY: non-NULL (checked) and writable.
        unsafe {
            session.write(MI_Session {
                reserved1,
                reserved2,
                ft,
            })
        };
        Ok(())
    })
}

unsafe extern "system" fn new_hosted_provider(
    application: *mut MI_Application,
    namespaceName: *const MI_Char,
    providerName: *const MI_Char,
    mi_Main: MI_MainFunction,
    extendedError: *mut *mut MI_Instance,
    provider: *mut MI_HostedProvider,
) -> MI_Result {
    guard("MI_Application_NewHostedProvider", || {
        let (reserved1, reserved2, ft) = inert(&HOSTED_PROVIDER_FT);
        // SAFETY: out-pointers from the client, NULL or writable.
        unsafe {
            write_opt(extendedError, null_mut());
            write_opt(
                provider,
                MI_HostedProvider {
                    reserved1,
                    reserved2,
                    ft,
                },
            );
        }
        // SAFETY: the client's handle pointer, NULL or readable.
        let key = unsafe { key_of(application) }?;
        // SAFETY: the client's strings, NULL or NUL-terminated.
        let (ns, name) = unsafe {
            (
                crate::strings::utf8(namespaceName)?,
                crate::strings::utf8(providerName)?,
            )
        };
        let (Some(ns), Some(name), Some(main), false) = (ns, name, mi_Main, provider.is_null()) else {
            log::error!(
                "MI_Application_NewHostedProvider: a namespace, a provider name, MI_Main and an out-pointer are required"
            );
            return Err(MI_RESULT_INVALID_PARAMETER);
        };
        if ns.is_empty() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let hp = application::new_hosted_provider(key, &ns, &name, main)?;
        let (reserved1, reserved2) = hp.pack();
        // SAFETY: non-NULL (checked above), writable per contract.
        unsafe {
            provider.write(MI_HostedProvider {
                reserved1,
                reserved2,
                ft: &HOSTED_PROVIDER_FT,
            })
        };
        Ok(())
    })
}

unsafe extern "system" fn new_instance(
    application: *mut MI_Application,
    className: *const MI_Char,
    classRTTI: *const MI_ClassDecl,
    instance: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Application_NewInstance", || {
        // SAFETY: out-pointer from the client, NULL or writable; handle NULL or readable.
        unsafe {
            write_opt(instance, null_mut());
            check_open(application)?;
        }
        if instance.is_null() || className.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let created = if classRTTI.is_null() {
            // SAFETY: the client's class name, NUL-terminated.
            unsafe { super::instance::new_dynamic(className) }?
        } else {
            // SAFETY: the client's declaration (the reference's contract for classRTTI).
            unsafe { super::fixed_instance::new_from_rtti(classRTTI) }?
        };
        // SAFETY: non-NULL, writable.
        unsafe { instance.write(created) };
        Ok(())
    })
}

unsafe extern "system" fn new_destination_options(
    application: *mut MI_Application,
    options: *mut MI_DestinationOptions,
) -> MI_Result {
    guard("MI_Application_NewDestinationOptions", || {
        // SAFETY: the client's pointers, NULL or readable / writable.
        unsafe { new_options(application, options, Family::Destination) }
    })
}

unsafe extern "system" fn new_operation_options(
    application: *mut MI_Application,
    customOptionsMustUnderstand: MI_Boolean,
    options: *mut MI_OperationOptions,
) -> MI_Result {
    guard("MI_Application_NewOperationOptions", || {
        let family = Family::Operation {
            custom_options_must_understand: customOptionsMustUnderstand != 0,
        };
        // SAFETY: the client's pointers, NULL or readable / writable.
        unsafe { new_options(application, options, family) }
    })
}

unsafe extern "system" fn new_subscription_delivery_options(
    application: *mut MI_Application,
    deliveryType: MI_SubscriptionDeliveryType,
    deliveryOptions: *mut MI_SubscriptionDeliveryOptions,
) -> MI_Result {
    guard("MI_Application_NewSubscriptionDeliveryOptions", || {
        // SAFETY: the client's pointers, NULL or readable / writable.
        unsafe {
            new_options(
                application,
                deliveryOptions,
                Family::SubscriptionDelivery {
                    delivery_type: deliveryType,
                },
            )
        }
    })
}

/// The three `New*Options` slots: `*out` is first made safe to delete (a handle that refers
/// to nothing), then the application is checked, then the object is made. The reference
/// ignores `deliveryType`; here it must be Pull (1) or Push (2).
///
/// # Safety
/// `application` is NULL or readable; `out` is NULL or writable for one `H`.
unsafe fn new_options<H: OptionsHandle>(
    application: *const MI_Application,
    out: *mut H,
    family: Family,
) -> MiResult {
    let (reserved1, reserved2, ft) = inert(H::table());
    // SAFETY: `out` is NULL or writable for one `H` (this function's `# Safety`), what `write_opt`
    // requires.
    unsafe { write_opt(out, H::make(reserved1, reserved2, ft)) };
    // SAFETY: `application` is NULL or readable (this function's `# Safety`), what `check_open`
    // requires.
    unsafe { check_open(application) }?;
    if out.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    if let Family::SubscriptionDelivery { delivery_type } = family
        && delivery_type != MI_SubscriptionDeliveryType_Pull
        && delivery_type != MI_SubscriptionDeliveryType_Push
    {
        log::error!("MI_Application_NewSubscriptionDeliveryOptions: unknown deliveryType {delivery_type}");
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: non-NULL and writable per this function's contract.
    unsafe { options::create(out, family) }
}

/// The reference wrapper's fallback for the `New*Options` exports: with a NULL handle or a
/// NULL `ft`, the out-struct (when given) is zeroed and the call fails without reaching
/// the library.
///
/// # Safety
/// `application` is NULL or readable; `out` is NULL or writable for one `T`.
unsafe fn application_usable<T>(application: *const MI_Application, out: *mut T) -> bool {
    // SAFETY: NULL-checked; readable per this function's contract.
    if !application.is_null() && !unsafe { application.read() }.ft.is_null() {
        return true;
    }
    if !out.is_null() {
        // SAFETY: writable per this function's contract; all-zero is a valid handle struct.
        unsafe { out.write_bytes(0, 1) };
    }
    false
}

/// Creates an empty destination options object (the reference's inline wrapper, exported).
/// A NULL `application` or a NULL `application->ft` zeroes `*options` and returns
/// `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `application` is NULL or readable; `options` is NULL or writable for one
/// `MI_DestinationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Application_NewDestinationOptions(
    application: *mut MI_Application,
    options: *mut MI_DestinationOptions,
) -> MI_Result {
    // SAFETY: `application` NULL or readable and `options` NULL or writable (this function's
    // `# Safety`): what `application_usable` and the slot `new_destination_options` require.
    unsafe {
        if !application_usable(application, options) {
            return MI_RESULT_INVALID_PARAMETER;
        }
        new_destination_options(application, options)
    }
}

/// Creates an empty operation options object (the reference's inline wrapper, exported).
/// Fallback as [`MI_Application_NewDestinationOptions`].
///
/// # Safety
/// `application` is NULL or readable; `options` is NULL or writable for one
/// `MI_OperationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Application_NewOperationOptions(
    application: *mut MI_Application,
    customOptionsMustUnderstand: MI_Boolean,
    options: *mut MI_OperationOptions,
) -> MI_Result {
    // SAFETY: `application` NULL or readable and `options` NULL or writable (this function's
    // `# Safety`): what `application_usable` and the slot `new_operation_options` require.
    unsafe {
        if !application_usable(application, options) {
            return MI_RESULT_INVALID_PARAMETER;
        }
        new_operation_options(application, customOptionsMustUnderstand, options)
    }
}

/// Creates an empty subscription delivery options object (the reference's inline wrapper,
/// exported). Fallback as [`MI_Application_NewDestinationOptions`].
///
/// # Safety
/// `application` is NULL or readable; `deliveryOptions` is NULL or writable for one
/// `MI_SubscriptionDeliveryOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Application_NewSubscriptionDeliveryOptions(
    application: *mut MI_Application,
    deliveryType: MI_SubscriptionDeliveryType,
    deliveryOptions: *mut MI_SubscriptionDeliveryOptions,
) -> MI_Result {
    // SAFETY: `application` NULL or readable and `deliveryOptions` NULL or writable (this
    // function's `# Safety`): what `application_usable` and the slot require.
    unsafe {
        if !application_usable(application, deliveryOptions) {
            return MI_RESULT_INVALID_PARAMETER;
        }
        new_subscription_delivery_options(application, deliveryType, deliveryOptions)
    }
}

unsafe extern "system" fn new_serializer(
    application: *mut MI_Application,
    flags: MI_Uint32,
    format: *mut MI_Char,
    serializer: *mut MI_Serializer,
) -> MI_Result {
    guard("MI_Application_NewSerializer", || {
        // SAFETY: out-pointer from the client, NULL or writable; handle NULL or readable;
        // the format NULL or NUL-terminated.
        unsafe {
            write_opt(
                serializer,
                MI_Serializer {
                    reserved1: 0,
                    reserved2: 0,
                },
            );
            check_open(application)?;
            super::serializer::new_serializer(flags, super::serializer::table_format(format), serializer)
        }
    })
}

unsafe extern "system" fn new_deserializer(
    application: *mut MI_Application,
    flags: MI_Uint32,
    format: *mut MI_Char,
    deserializer: *mut MI_Deserializer,
) -> MI_Result {
    guard("MI_Application_NewDeserializer", || {
        // SAFETY: out-pointer from the client, NULL or writable; handle NULL or readable;
        // the format NULL or NUL-terminated.
        unsafe {
            write_opt(
                deserializer,
                MI_Deserializer {
                    reserved1: 0,
                    reserved2: 0,
                },
            );
            check_open(application)?;
            super::serializer::new_deserializer(flags, super::serializer::table_format(format), deserializer)
        }
    })
}

/// OMI's MOF serializer constructor, exported (PowerShell's MMI declares it, with
/// `MI_MAIN_CALL`): as `NewSerializer` with the MOF format; `format` must name
/// `MI_MOF_CIMV2_EXTV1`, as `MI_Char` text or as UTF-16 (what MMI marshals); NULL or
/// another name is `MI_RESULT_NOT_SUPPORTED` (as OMI answers a NULL one).
///
/// # Safety
/// `application` is NULL or readable; `format` NULL or a NUL-terminated `MI_Char` or
/// UTF-16 string; `serializer` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Application_NewSerializer_Mof(
    application: *mut MI_Application,
    flags: MI_Uint32,
    format: *mut MI_Char,
    serializer: *mut MI_Serializer,
) -> MI_Result {
    guard("MI_Application_NewSerializer_Mof", || {
        // SAFETY: as this function's contract.
        unsafe {
            write_opt(
                serializer,
                MI_Serializer {
                    reserved1: 0,
                    reserved2: 0,
                },
            );
            check_open(application)?;
            super::serializer::new_serializer(flags, super::serializer::export_format(format), serializer)
        }
    })
}

/// OMI's MOF deserializer constructor, exported: as [`MI_Application_NewSerializer_Mof`].
///
/// # Safety
/// As [`MI_Application_NewSerializer_Mof`], for a deserializer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Application_NewDeserializer_Mof(
    application: *mut MI_Application,
    flags: MI_Uint32,
    format: *mut MI_Char,
    deserializer: *mut MI_Deserializer,
) -> MI_Result {
    guard("MI_Application_NewDeserializer_Mof", || {
        // SAFETY: as this function's contract.
        unsafe {
            write_opt(
                deserializer,
                MI_Deserializer {
                    reserved1: 0,
                    reserved2: 0,
                },
            );
            check_open(application)?;
            super::serializer::new_deserializer(flags, super::serializer::export_format(format), deserializer)
        }
    })
}

unsafe extern "system" fn new_instance_from_class(
    application: *mut MI_Application,
    className: *const MI_Char,
    classObject: *const MI_Class,
    instance: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Application_NewInstanceFromClass", || {
        // SAFETY: out-pointer from the client, NULL or writable; handle NULL or readable.
        unsafe {
            write_opt(instance, null_mut());
            check_open(application)?;
        }
        if instance.is_null() || className.is_null() || classObject.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: a non-NULL class object from the client: its header is readable.
        let decl = unsafe { std::ptr::addr_of!((*classObject).classDecl).read() };
        if decl.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: a class object's declaration is valid while the class lives (it is read
        // here, during the call, and never again).
        let created = unsafe { super::instance::new_from_decl(decl) }?;
        // SAFETY: non-NULL, writable.
        unsafe { instance.write(created) };
        Ok(())
    })
}

unsafe extern "system" fn new_class(
    application: *mut MI_Application,
    _classDecl: *const MI_ClassDecl,
    _namespaceName: *const MI_Char,
    _serverName: *const MI_Char,
    classObject: *mut *mut MI_Class,
) -> MI_Result {
    guard("MI_Application_NewClass", || {
        // SAFETY: out-pointer from the client, NULL or writable; handle NULL or readable.
        unsafe {
            write_opt(classObject, null_mut());
            check_open(application)?;
        }
        not_supported("MI_Application_NewClass")
    })
}

/// The reference wrappers' guard: an application pointer and its `ft` are non-NULL.
///
/// # Safety
/// `application` is NULL or readable.
unsafe fn usable(application: *const MI_Application) -> bool {
    // SAFETY: NULL-checked; readable per contract.
    !application.is_null() && !unsafe { application.read() }.ft.is_null()
}

/// `MI_Application_NewSession`: a session on the protocol handler named `protocol` (NULL:
/// the default local handler for a NULL destination, the default remote one otherwise).
///
/// # Safety
/// `application` NULL or readable; `protocol`, `destination` NULL or NUL-terminated;
/// `options` NULL or readable for an `MI_DestinationOptions`; `callbacks` NULL or readable,
/// its callbacks callable with its context; `extendedError`, `session` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Application_NewSession(
    application: *mut MI_Application,
    protocol: *const MI_Char,
    destination: *const MI_Char,
    options: *mut MI_DestinationOptions,
    callbacks: *mut MI_SessionCallbacks,
    extendedError: *mut *mut MI_Instance,
    session: *mut MI_Session,
) -> MI_Result {
    // SAFETY: `usable` reads `application` only when non-NULL; the caller's pointers go unchanged
    // to the slot `new_session`, whose contract (MI.h) is this function's; `write_opt` needs
    // `session` NULL or writable, as that contract says.
    unsafe {
        if usable(application) {
            return new_session(
                application,
                protocol,
                destination,
                options,
                callbacks,
                extendedError,
                session,
            );
        }
        write_opt(
            session,
            MI_Session {
                reserved1: 0,
                reserved2: 0,
                ft: std::ptr::null(),
            },
        );
    }
    MI_RESULT_INVALID_PARAMETER
}

/// `MI_Application_NewHostedProvider`, with the reference wrapper's fallback.
///
/// # Safety
/// `application` NULL or readable; `namespaceName`, `providerName` NULL or NUL-terminated;
/// `mi_Main` NULL or a provider entry point that follows the MI provider interface;
/// `extendedError`, `provider` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Application_NewHostedProvider(
    application: *mut MI_Application,
    namespaceName: *const MI_Char,
    providerName: *const MI_Char,
    mi_Main: MI_MainFunction,
    extendedError: *mut *mut MI_Instance,
    provider: *mut MI_HostedProvider,
) -> MI_Result {
    // SAFETY: `usable` reads `application` only when non-NULL; the caller's pointers go unchanged
    // to the slot `new_hosted_provider`, whose contract (MI.h) is this function's; `write_opt`
    // needs `provider` NULL or writable, as that contract says.
    unsafe {
        if usable(application) {
            return new_hosted_provider(
                application,
                namespaceName,
                providerName,
                mi_Main,
                extendedError,
                provider,
            );
        }
        write_opt(
            provider,
            MI_HostedProvider {
                reserved1: 0,
                reserved2: 0,
                ft: std::ptr::null(),
            },
        );
    }
    MI_RESULT_INVALID_PARAMETER
}

/// Writes `*out = NULL` (when `out` is non-NULL) and tells whether the reference wrappers'
/// guard fails for `application` (NULL handle or NULL `ft`).
///
/// # Safety
/// `application` is NULL or readable; `out` NULL or writable.
unsafe fn app_guard_fails<T>(application: *const MI_Application, out: *mut *mut T) -> bool {
    // SAFETY: NULL-checked; readable / writable per contract.
    unsafe {
        if application.is_null() || application.read().ft.is_null() {
            write_opt(out, null_mut());
            return true;
        }
    }
    false
}

/// `MI_Application_NewInstance(application, className, classRTTI, instance)`: a dynamic
/// instance when `classRTTI` is NULL, else one backed by the declaration. NULL application
/// or `ft`: `*instance = NULL`, `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `application` NULL or readable; `className` NULL or NUL-terminated; `classRTTI` NULL or
/// a valid declaration; `instance` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Application_NewInstance(
    application: *mut MI_Application,
    className: *const MI_Char,
    classRTTI: *const MI_ClassDecl,
    instance: *mut *mut MI_Instance,
) -> MI_Result {
    // SAFETY: `application` NULL or readable and `instance` NULL or writable (this function's
    // `# Safety`), what `app_guard_fails` requires.
    if unsafe { app_guard_fails(application, instance) } {
        return MI_RESULT_INVALID_PARAMETER;
    }
    // Application handles are always ours: call our slot, not the client-supplied `ft`.
    // SAFETY: the caller's `application`, `className`, `classRTTI` and `instance` go unchanged to
    // the slot `new_instance`, whose contract is this function's `# Safety`.
    unsafe { new_instance(application, className, classRTTI, instance) }
}

/// `MI_Application_NewInstanceFromClass(application, className, classObject, instance)`.
/// NULL application or `ft`: `*instance = NULL`, `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `application` NULL or readable; `className` NULL or NUL-terminated; `classObject` NULL or
/// a live class; `instance` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Application_NewInstanceFromClass(
    application: *mut MI_Application,
    className: *const MI_Char,
    classObject: *const MI_Class,
    instance: *mut *mut MI_Instance,
) -> MI_Result {
    // SAFETY: `application` NULL or readable and `instance` NULL or writable (this function's
    // `# Safety`), what `app_guard_fails` requires.
    if unsafe { app_guard_fails(application, instance) } {
        return MI_RESULT_INVALID_PARAMETER;
    }
    // Application handles are always ours: call our slot, not the client-supplied `ft`.
    // SAFETY: the caller's `application`, `className`, `classObject` and `instance` go unchanged to
    // the slot `new_instance_from_class`, whose contract is this function's `# Safety`.
    unsafe { new_instance_from_class(application, className, classObject, instance) }
}

/// `MI_Application_NewInstance(application, "Parameters", classRTTI, instance)`, as the
/// reference's derived wrapper.
///
/// # Safety
/// As [`MI_Application_NewInstance`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_Application_NewParameterSet(
    application: *mut MI_Application,
    classRTTI: *const MI_ClassDecl,
    instance: *mut *mut MI_Instance,
) -> MI_Result {
    let name = crate::strings::mi_str!("Parameters");
    // SAFETY: `application`, `classRTTI` and `instance` as this function's `# Safety` states (that
    // of `MI_Application_NewInstance`); `name` is a NUL-terminated static.
    unsafe { MI_Application_NewInstance(application, name.as_ptr(), classRTTI, instance) }
}
