//! `MI_HostedProviderFT`: `Close` and `GetApplication` of a hosted provider
//! (`crate::host::hosted`).
//!
//! # Safety contract
//! `provider` is NULL or readable for an `MI_HostedProvider` (its words are checked by the
//! handle table, never followed); `application` is NULL or writable.

use crate::abi::*;
use crate::boundary::guard;
use crate::host::hosted::HostedKind;

pub(crate) static HOSTED_PROVIDER_FT: MI_HostedProviderFT = MI_HostedProviderFT {
    Close: Some(hosted_provider_close),
    GetApplication: Some(hosted_provider_get_application),
};

unsafe extern "system" fn hosted_provider_close(hostedProvider: *mut MI_HostedProvider) -> MI_Result {
    guard("MI_HostedProvider_Close", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        unsafe { super::resolve::<HostedKind, _>(hostedProvider) }?.close()
    })
}

unsafe extern "system" fn hosted_provider_get_application(
    hostedProvider: *mut MI_HostedProvider,
    application: *mut MI_Application,
) -> MI_Result {
    guard("MI_HostedProvider_GetApplication", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let hp = unsafe { super::resolve::<HostedKind, _>(hostedProvider) }?;
        // SAFETY: NULL (refused) or writable.
        unsafe { super::write_req(application, hp.application()) }
    })
}

/// `MI_HostedProvider_Close`, with the reference wrapper's fallback.
///
/// # Safety
/// `provider` is NULL or readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_HostedProvider_Close(provider: *mut MI_HostedProvider) -> MI_Result {
    // SAFETY: NULL-checked; readable per contract.
    if provider.is_null() || unsafe { provider.read() }.ft.is_null() {
        return MI_RESULT_INVALID_PARAMETER;
    }
    // SAFETY: `provider` is non-NULL (checked above) and readable (this function's `# Safety`); the
    // slot `hosted_provider_close` takes exactly that.
    unsafe { hosted_provider_close(provider) }
}

/// `MI_HostedProvider_GetApplication`, with the reference wrapper's fallback.
///
/// # Safety
/// `provider` is NULL or readable; `application` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_HostedProvider_GetApplication(
    provider: *mut MI_HostedProvider,
    application: *mut MI_Application,
) -> MI_Result {
    // SAFETY: NULL-checked; readable per contract.
    if provider.is_null() || unsafe { provider.read() }.ft.is_null() {
        // SAFETY: NULL or writable per contract.
        unsafe {
            super::write_opt(
                application,
                MI_Application {
                    reserved1: 0,
                    reserved2: 0,
                    ft: std::ptr::null(),
                },
            )
        };
        return MI_RESULT_INVALID_PARAMETER;
    }
    // SAFETY: `provider` is readable and `application` NULL or writable (this function's
    // `# Safety`), the contract of the slot `hosted_provider_get_application`.
    unsafe { hosted_provider_get_application(provider, application) }
}
