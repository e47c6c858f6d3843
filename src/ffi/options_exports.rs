//! The exported functions of the three options families: every inline wrapper and typed
//! helper of the reference `MI.h` (OMI's set: 56 destination, 29 operation and 33
//! subscription-delivery functions), declared in `include/mi.h`. Generated once from a
//! list of the reference's helpers; edit freely.
//!
//! Each function applies the reference wrapper's guard (a NULL handle or NULL `ft` gives
//! `MI_RESULT_INVALID_PARAMETER`, or nothing for the `void` deletes, docs/ABI.md §6.1) and
//! then calls this library's slot with the reference's fixed arguments: the `__MI_...`
//! option name, `flags` 0 (1 for `DisableChannel`), NULL `index`/`flags` out-pointers.
//! The slot is called directly rather than through `handle->ft`, as `MI_Application_Close`
//! does: identical for every handle the library hands out, and a corrupted `ft` cannot
//! redirect the call (docs/SPEC.md §1.3). Where the reference would write through a NULL
//! out-pointer (the boolean and two-value getters), these return
//! `MI_RESULT_INVALID_PARAMETER` instead.

use super::options::{self, OptionsHandle};
use crate::abi::*;
use crate::strings::mi_str;

/// The reference wrappers' guard: `handle != NULL && handle->ft != NULL`.
fn usable<H: OptionsHandle>(handle: *const H) -> bool {
    // SAFETY: NULL-checked; every export's contract makes a non-NULL handle readable.
    !handle.is_null() && !unsafe { handle.read() }.ft_ptr().is_null()
}

/// `SetString(handle, name, value, 0)` behind the guard.
///
/// # Safety
/// `handle` NULL or readable; `value` NULL or NUL-terminated.
unsafe fn set_string_as<H: OptionsHandle>(
    handle: *mut H,
    name: &[MI_Char],
    value: *const MI_Char,
) -> MI_Result {
    if !usable(handle) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    // SAFETY: forwarded contract; `name` is NUL-terminated (`mi_str!`).
    unsafe { options::set_string(handle, name.as_ptr(), value, 0) }
}

/// `GetString(handle, name, value, NULL, NULL)` behind the guard.
///
/// # Safety
/// `handle` NULL or readable; `value` NULL or writable.
unsafe fn get_string_as<H: OptionsHandle>(
    handle: *const H,
    name: &[MI_Char],
    value: *mut *const MI_Char,
) -> MI_Result {
    if !usable(handle) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    // SAFETY: forwarded contract.
    unsafe {
        options::get_string(
            handle,
            name.as_ptr(),
            value,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    }
}

/// `SetNumber(handle, name, value, flags)` behind the guard.
///
/// # Safety
/// `handle` NULL or readable.
unsafe fn set_number_flags_as<H: OptionsHandle>(
    handle: *mut H,
    name: &[MI_Char],
    value: MI_Uint32,
    flags: MI_Uint32,
) -> MI_Result {
    if !usable(handle) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    // SAFETY: forwarded contract.
    unsafe { options::set_number(handle, name.as_ptr(), value, flags) }
}

/// `SetNumber(handle, name, value, 0)` behind the guard.
///
/// # Safety
/// `handle` NULL or readable.
unsafe fn set_number_as<H: OptionsHandle>(handle: *mut H, name: &[MI_Char], value: MI_Uint32) -> MI_Result {
    // SAFETY: forwarded contract.
    unsafe { set_number_flags_as(handle, name, value, 0) }
}

/// `GetNumber(handle, name, value, NULL, NULL)` behind the guard.
///
/// # Safety
/// `handle` NULL or readable; `value` NULL or writable.
unsafe fn get_number_as<H: OptionsHandle>(
    handle: *const H,
    name: &[MI_Char],
    value: *mut MI_Uint32,
) -> MI_Result {
    if !usable(handle) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    // SAFETY: forwarded contract.
    unsafe {
        options::get_number(
            handle,
            name.as_ptr(),
            value,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    }
}

/// A boolean getter: reads the number and truncates it to `MI_Boolean` only on success.
///
/// # Safety
/// `handle` NULL or readable; `value` NULL or writable.
unsafe fn get_bool_as<H: OptionsHandle>(
    handle: *const H,
    name: &[MI_Char],
    value: *mut MI_Boolean,
) -> MI_Result {
    if !usable(handle) || value.is_null() {
        return MI_RESULT_INVALID_PARAMETER;
    }
    let mut number: MI_Uint32 = 0;
    // SAFETY: forwarded contract; `number` is a local.
    let result = unsafe { get_number_as(handle, name, &mut number) };
    if result == MI_RESULT_OK {
        // SAFETY: non-NULL and writable per this function's contract.
        unsafe { value.write(number as MI_Boolean) };
    }
    result
}

/// Two `SetNumber`s, the second only if the first succeeded.
///
/// # Safety
/// `handle` NULL or readable.
unsafe fn set_two_as<H: OptionsHandle>(
    handle: *mut H,
    first: &[MI_Char],
    first_value: MI_Uint32,
    second: &[MI_Char],
    second_value: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract.
    let result = unsafe { set_number_as(handle, first, first_value) };
    if result != MI_RESULT_OK {
        return result;
    }
    // SAFETY: forwarded contract.
    unsafe { set_number_as(handle, second, second_value) }
}

/// Two `GetNumber`s; both outputs are written only if both reads succeed, the second one
/// truncated to `MI_Boolean`.
///
/// # Safety
/// `handle` NULL or readable; the outputs NULL or writable.
unsafe fn get_two_as<H: OptionsHandle>(
    handle: *const H,
    first: &[MI_Char],
    first_out: *mut MI_Uint32,
    second: &[MI_Char],
    second_out: *mut MI_Boolean,
) -> MI_Result {
    if !usable(handle) || first_out.is_null() || second_out.is_null() {
        return MI_RESULT_INVALID_PARAMETER;
    }
    let (mut a, mut b): (MI_Uint32, MI_Uint32) = (0, 0);
    // SAFETY: forwarded contract; locals.
    let mut result = unsafe { get_number_as(handle, first, &mut a) };
    if result == MI_RESULT_OK {
        // SAFETY: as above.
        result = unsafe { get_number_as(handle, second, &mut b) };
        if result == MI_RESULT_OK {
            // SAFETY: non-NULL and writable per this function's contract.
            unsafe {
                first_out.write(a);
                second_out.write(b as MI_Boolean);
            }
        }
    }
    result
}

/// `SetInterval(handle, name, value, 0)` behind the guard.
///
/// # Safety
/// `handle` NULL or readable; `value` NULL or readable.
unsafe fn set_interval_as<H: OptionsHandle>(
    handle: *mut H,
    name: &[MI_Char],
    value: *const MI_Interval,
) -> MI_Result {
    if !usable(handle) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    // SAFETY: forwarded contract.
    unsafe { options::set_interval(handle, name.as_ptr(), value, 0) }
}

/// `GetInterval(handle, name, value, NULL, NULL)` behind the guard.
///
/// # Safety
/// `handle` NULL or readable; `value` NULL or writable.
unsafe fn get_interval_as<H: OptionsHandle>(
    handle: *const H,
    name: &[MI_Char],
    value: *mut MI_Interval,
) -> MI_Result {
    if !usable(handle) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    // SAFETY: forwarded contract.
    unsafe {
        options::get_interval(
            handle,
            name.as_ptr(),
            value,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    }
}

/// `SetDateTime(handle, name, value, 0)` behind the guard.
///
/// # Safety
/// `handle` NULL or readable; `value` NULL or readable.
unsafe fn set_date_time_as<H: OptionsHandle>(
    handle: *mut H,
    name: &[MI_Char],
    value: *const MI_Datetime,
) -> MI_Result {
    if !usable(handle) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    // SAFETY: forwarded contract.
    unsafe { options::set_date_time(handle, name.as_ptr(), value, 0) }
}

/// `GetDateTime(handle, name, value, NULL, NULL)` behind the guard.
///
/// # Safety
/// `handle` NULL or readable; `value` NULL or writable.
unsafe fn get_date_time_as<H: OptionsHandle>(
    handle: *const H,
    name: &[MI_Char],
    value: *mut MI_Datetime,
) -> MI_Result {
    if !usable(handle) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    // SAFETY: forwarded contract.
    unsafe {
        options::get_date_time(
            handle,
            name.as_ptr(),
            value,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    }
}

/// `AddCredentials(handle, name, credentials, 0)` behind the guard.
///
/// # Safety
/// `handle` NULL or readable; `credentials` NULL or readable.
unsafe fn add_credentials_as<H: OptionsHandle>(
    handle: *mut H,
    name: &[MI_Char],
    credentials: *const MI_UserCredentials,
) -> MI_Result {
    if !usable(handle) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    // SAFETY: forwarded contract.
    unsafe { options::add_credentials(handle, name.as_ptr(), credentials, 0) }
}

/// Deletes a destination options object and wipes its passwords (the reference's inline wrapper, exported; `void`, a NULL handle or `ft` does nothing).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_Delete(options: *mut MI_DestinationOptions) {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::delete_void(options)
        }
    }
}

/// Sets `__MI_DESTINATIONOPTIONS_TIMEOUT` through `SetInterval` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `timeout` is NULL or a readable `MI_Interval`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetTimeout(
    options: *mut MI_DestinationOptions,
    timeout: *const MI_Interval,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_interval_as(options, mi_str!("__MI_DESTINATIONOPTIONS_TIMEOUT"), timeout) }
}

/// Reads `__MI_DESTINATIONOPTIONS_TIMEOUT` through `GetInterval` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `timeout` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetTimeout(
    options: *const MI_DestinationOptions,
    timeout: *mut MI_Interval,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_interval_as(options, mi_str!("__MI_DESTINATIONOPTIONS_TIMEOUT"), timeout) }
}

/// Sets `__MI_DESTINATIONOPTIONS_CERT_CA_CHECK` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetCertCACheck(
    options: *mut MI_DestinationOptions,
    check: MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_number_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_CERT_CA_CHECK"),
            MI_Uint32::from(check),
        )
    }
}

/// Reads `__MI_DESTINATIONOPTIONS_CERT_CA_CHECK` through `GetNumber` (the reference's inline helper, exported). The number is truncated to `MI_Boolean` only on success.
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `check` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetCertCACheck(
    options: *const MI_DestinationOptions,
    check: *mut MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_bool_as(options, mi_str!("__MI_DESTINATIONOPTIONS_CERT_CA_CHECK"), check) }
}

/// Sets `__MI_DESTINATIONOPTIONS_CERT_CN_CHECK` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetCertCNCheck(
    options: *mut MI_DestinationOptions,
    check: MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_number_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_CERT_CN_CHECK"),
            MI_Uint32::from(check),
        )
    }
}

/// Reads `__MI_DESTINATIONOPTIONS_CERT_CN_CHECK` through `GetNumber` (the reference's inline helper, exported). The number is truncated to `MI_Boolean` only on success.
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `check` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetCertCNCheck(
    options: *const MI_DestinationOptions,
    check: *mut MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_bool_as(options, mi_str!("__MI_DESTINATIONOPTIONS_CERT_CN_CHECK"), check) }
}

/// Sets `__MI_DESTINATIONOPTIONS_CERT_REVOCATION_CHECK` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetCertRevocationCheck(
    options: *mut MI_DestinationOptions,
    check: MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_number_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_CERT_REVOCATION_CHECK"),
            MI_Uint32::from(check),
        )
    }
}

/// Reads `__MI_DESTINATIONOPTIONS_CERT_REVOCATION_CHECK` through `GetNumber` (the reference's inline helper, exported). The number is truncated to `MI_Boolean` only on success.
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `check` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetCertRevocationCheck(
    options: *const MI_DestinationOptions,
    check: *mut MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_bool_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_CERT_REVOCATION_CHECK"),
            check,
        )
    }
}

/// Sets `__MI_DESTINATIONOPTIONS_PACKET_PRIVACY` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetPacketPrivacy(
    options: *mut MI_DestinationOptions,
    privacy: MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_number_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_PACKET_PRIVACY"),
            MI_Uint32::from(privacy),
        )
    }
}

/// Reads `__MI_DESTINATIONOPTIONS_PACKET_PRIVACY` through `GetNumber` (the reference's inline helper, exported). The number is truncated to `MI_Boolean` only on success.
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `privacy` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetPacketPrivacy(
    options: *const MI_DestinationOptions,
    privacy: *mut MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_bool_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_PACKET_PRIVACY"),
            privacy,
        )
    }
}

/// Sets `__MI_DESTINATIONOPTIONS_PACKET_INTEGRITY` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetPacketIntegrity(
    options: *mut MI_DestinationOptions,
    integrity: MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_number_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_PACKET_INTEGRITY"),
            MI_Uint32::from(integrity),
        )
    }
}

/// Reads `__MI_DESTINATIONOPTIONS_PACKET_INTEGRITY` through `GetNumber` (the reference's inline helper, exported). The number is truncated to `MI_Boolean` only on success.
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `integrity` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetPacketIntegrity(
    options: *const MI_DestinationOptions,
    integrity: *mut MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_bool_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_PACKET_INTEGRITY"),
            integrity,
        )
    }
}

/// Sets `__MI_DESTINATIONOPTIONS_PACKET_ENCODING` through `SetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `encoding` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetPacketEncoding(
    options: *mut MI_DestinationOptions,
    encoding: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_string_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_PACKET_ENCODING"),
            encoding,
        )
    }
}

/// Reads `__MI_DESTINATIONOPTIONS_PACKET_ENCODING` through `GetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `encoding` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetPacketEncoding(
    options: *const MI_DestinationOptions,
    encoding: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_string_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_PACKET_ENCODING"),
            encoding,
        )
    }
}

/// Sets `__MI_DESTINATIONOPTIONS_DATA_LOCALE` through `SetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `locale` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetDataLocale(
    options: *mut MI_DestinationOptions,
    locale: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_string_as(options, mi_str!("__MI_DESTINATIONOPTIONS_DATA_LOCALE"), locale) }
}

/// Reads `__MI_DESTINATIONOPTIONS_DATA_LOCALE` through `GetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `locale` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetDataLocale(
    options: *const MI_DestinationOptions,
    locale: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_string_as(options, mi_str!("__MI_DESTINATIONOPTIONS_DATA_LOCALE"), locale) }
}

/// Sets `__MI_DESTINATIONOPTIONS_UI_LOCALE` through `SetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `locale` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetUILocale(
    options: *mut MI_DestinationOptions,
    locale: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_string_as(options, mi_str!("__MI_DESTINATIONOPTIONS_UI_LOCALE"), locale) }
}

/// Reads `__MI_DESTINATIONOPTIONS_UI_LOCALE` through `GetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `locale` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetUILocale(
    options: *const MI_DestinationOptions,
    locale: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_string_as(options, mi_str!("__MI_DESTINATIONOPTIONS_UI_LOCALE"), locale) }
}

/// Sets `__MI_DESTINATIONOPTIONS_MAX_ENVELOPE_SIZE` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetMaxEnvelopeSize(
    options: *mut MI_DestinationOptions,
    sizeInKB: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_number_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_MAX_ENVELOPE_SIZE"),
            sizeInKB,
        )
    }
}

/// Reads `__MI_DESTINATIONOPTIONS_MAX_ENVELOPE_SIZE` through `GetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `sizeInKB` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetMaxEnvelopeSize(
    options: *const MI_DestinationOptions,
    sizeInKB: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_number_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_MAX_ENVELOPE_SIZE"),
            sizeInKB,
        )
    }
}

/// Sets `__MI_DESTINATIONOPTIONS_MAX_ELEMENTS` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetMaxElements(
    options: *mut MI_DestinationOptions,
    elements: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_number_as(options, mi_str!("__MI_DESTINATIONOPTIONS_MAX_ELEMENTS"), elements) }
}

/// Reads `__MI_DESTINATIONOPTIONS_MAX_ELEMENTS` through `GetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `elements` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetMaxElements(
    options: *const MI_DestinationOptions,
    elements: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_number_as(options, mi_str!("__MI_DESTINATIONOPTIONS_MAX_ELEMENTS"), elements) }
}

/// Sets `__MI_DESTINATIONOPTIONS_ENCODE_PORT_IN_SPN` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetEncodePortInSPN(
    options: *mut MI_DestinationOptions,
    encodePort: MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_number_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_ENCODE_PORT_IN_SPN"),
            MI_Uint32::from(encodePort),
        )
    }
}

/// Reads `__MI_DESTINATIONOPTIONS_ENCODE_PORT_IN_SPN` through `GetNumber` (the reference's inline helper, exported). The number is truncated to `MI_Boolean` only on success.
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `encodePort` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetEncodePortInSPN(
    options: *const MI_DestinationOptions,
    encodePort: *mut MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_bool_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_ENCODE_PORT_IN_SPN"),
            encodePort,
        )
    }
}

/// Sets `__MI_DESTINATIONOPTIONS_HTTP_URL_PREFIX` through `SetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `prefix` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetHttpUrlPrefix(
    options: *mut MI_DestinationOptions,
    prefix: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_string_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_HTTP_URL_PREFIX"),
            prefix,
        )
    }
}

/// Reads `__MI_DESTINATIONOPTIONS_HTTP_URL_PREFIX` through `GetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `prefix` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetHttpUrlPrefix(
    options: *const MI_DestinationOptions,
    prefix: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_string_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_HTTP_URL_PREFIX"),
            prefix,
        )
    }
}

/// Sets `__MI_DESTINATIONOPTIONS_DESTINATION_PORT` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetDestinationPort(
    options: *mut MI_DestinationOptions,
    port: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_number_as(options, mi_str!("__MI_DESTINATIONOPTIONS_DESTINATION_PORT"), port) }
}

/// Reads `__MI_DESTINATIONOPTIONS_DESTINATION_PORT` through `GetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `port` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetDestinationPort(
    options: *const MI_DestinationOptions,
    port: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_number_as(options, mi_str!("__MI_DESTINATIONOPTIONS_DESTINATION_PORT"), port) }
}

/// Sets `__MI_DESTINATIONOPTIONS_TRUSTED_CERTS_DIR` through `SetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `certsdir` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetTrustedCertsDir(
    options: *mut MI_DestinationOptions,
    certsdir: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_string_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_TRUSTED_CERTS_DIR"),
            certsdir,
        )
    }
}

/// Reads `__MI_DESTINATIONOPTIONS_TRUSTED_CERTS_DIR` through `GetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `certsdir` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetTrustedCertsDir(
    options: *const MI_DestinationOptions,
    certsdir: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_string_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_TRUSTED_CERTS_DIR"),
            certsdir,
        )
    }
}

/// Sets `__MI_DESTINATIONOPTIONS_CERT_FILE` through `SetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `certfile` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetCertFile(
    options: *mut MI_DestinationOptions,
    certfile: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_string_as(options, mi_str!("__MI_DESTINATIONOPTIONS_CERT_FILE"), certfile) }
}

/// Reads `__MI_DESTINATIONOPTIONS_CERT_FILE` through `GetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `certfile` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetCertFile(
    options: *const MI_DestinationOptions,
    certfile: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_string_as(options, mi_str!("__MI_DESTINATIONOPTIONS_CERT_FILE"), certfile) }
}

/// Sets `__MI_DESTINATIONOPTIONS_PRIVATE_KEY_FILE` through `SetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `keyfile` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetPrivateKeyFile(
    options: *mut MI_DestinationOptions,
    keyfile: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_string_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_PRIVATE_KEY_FILE"),
            keyfile,
        )
    }
}

/// Reads `__MI_DESTINATIONOPTIONS_PRIVATE_KEY_FILE` through `GetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `keyfile` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetPrivateKeyFile(
    options: *const MI_DestinationOptions,
    keyfile: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_string_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_PRIVATE_KEY_FILE"),
            keyfile,
        )
    }
}

/// Sets `__MI_DESTINATIONOPTIONS_TRANSPORT` through `SetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `transport` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetTransport(
    options: *mut MI_DestinationOptions,
    transport: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_string_as(options, mi_str!("__MI_DESTINATIONOPTIONS_TRANSPORT"), transport) }
}

/// Reads `__MI_DESTINATIONOPTIONS_TRANSPORT` through `GetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `transport` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetTransport(
    options: *const MI_DestinationOptions,
    transport: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_string_as(options, mi_str!("__MI_DESTINATIONOPTIONS_TRANSPORT"), transport) }
}

/// Sets `__MI_DESTINATIONOPTIONS_PROXY_TYPE` through `SetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `proxyType` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetProxyType(
    options: *mut MI_DestinationOptions,
    proxyType: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_string_as(options, mi_str!("__MI_DESTINATIONOPTIONS_PROXY_TYPE"), proxyType) }
}

/// Reads `__MI_DESTINATIONOPTIONS_PROXY_TYPE` through `GetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `proxyType` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetProxyType(
    options: *const MI_DestinationOptions,
    proxyType: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_string_as(options, mi_str!("__MI_DESTINATIONOPTIONS_PROXY_TYPE"), proxyType) }
}

/// Sets `__MI_DESTINATIONOPTIONS_SSL_OPTIONS` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetSslOptions(
    options: *mut MI_DestinationOptions,
    sslOptions: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_number_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_SSL_OPTIONS"),
            sslOptions,
        )
    }
}

/// Reads `__MI_DESTINATIONOPTIONS_SSL_OPTIONS` through `GetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `sslOptions` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetSslOptions(
    options: *mut MI_DestinationOptions,
    sslOptions: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_number_as(
            options.cast_const(),
            mi_str!("__MI_DESTINATIONOPTIONS_SSL_OPTIONS"),
            sslOptions,
        )
    }
}

/// Adds a credential under `__MI_DESTINATIONOPTIONS_PROXY_CREDENTIALS` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `credentials` is NULL or a readable `MI_UserCredentials` whose strings are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_AddProxyCredentials(
    options: *mut MI_DestinationOptions,
    credentials: *const MI_UserCredentials,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        add_credentials_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_PROXY_CREDENTIALS"),
            credentials,
        )
    }
}

/// Adds a credential under `__MI_DESTINATIONOPTIONS_DESTINATION_CREDENTIALS` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `credentials` is NULL or a readable `MI_UserCredentials` whose strings are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_AddDestinationCredentials(
    options: *mut MI_DestinationOptions,
    credentials: *const MI_UserCredentials,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        add_credentials_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_DESTINATION_CREDENTIALS"),
            credentials,
        )
    }
}

/// Sets `__MI_DESTINATIONOPTIONS_IMPERSONATION_TYPE` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetImpersonationType(
    options: *mut MI_DestinationOptions,
    impersonationType: MI_DestinationOptions_ImpersonationType,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_number_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_IMPERSONATION_TYPE"),
            impersonationType,
        )
    }
}

/// Reads `__MI_DESTINATIONOPTIONS_IMPERSONATION_TYPE` through `GetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `impersonationType` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetImpersonationType(
    options: *const MI_DestinationOptions,
    impersonationType: *mut MI_DestinationOptions_ImpersonationType,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_number_as(
            options,
            mi_str!("__MI_DESTINATIONOPTIONS_IMPERSONATION_TYPE"),
            impersonationType,
        )
    }
}

/// Sets a string option (the reference's inline wrapper of `SetString`, flags 0, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; the strings are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetString(
    options: *mut MI_DestinationOptions,
    optionName: *const MI_Char,
    optionValue: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::set_string(options, optionName, optionValue, 0)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// Reads a string option (the reference's inline wrapper of `GetString`, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `optionName` is NULL or NUL-terminated; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetString(
    options: *const MI_DestinationOptions,
    optionName: *const MI_Char,
    optionValue: *mut *const MI_Char,
    index: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_string(options, optionName, optionValue, index, std::ptr::null_mut())
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// Sets a number option (the reference's inline wrapper of `SetNumber`, flags 0, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `optionName` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_SetNumber(
    options: *mut MI_DestinationOptions,
    optionName: *const MI_Char,
    optionValue: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::set_number(options, optionName, optionValue, 0)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// Reads a number option (the reference's inline wrapper of `GetNumber`, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `optionName` is NULL or NUL-terminated; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetNumber(
    options: *const MI_DestinationOptions,
    optionName: *const MI_Char,
    optionValue: *mut MI_Uint32,
    index: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_number(options, optionName, optionValue, index, std::ptr::null_mut())
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The number of options (the reference's inline wrapper of `GetOptionCount`, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `count` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetOptionCount(
    options: *const MI_DestinationOptions,
    count: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_option_count(options, count)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The option at `index` (the reference's inline wrapper of `GetOptionAt`, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetOptionAt(
    options: *const MI_DestinationOptions,
    index: MI_Uint32,
    optionName: *mut *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_option_at(options, index, optionName, value, type_, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The option called `optionName` (the reference's inline wrapper of `GetOption`, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `optionName` is NULL or NUL-terminated; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetOption(
    options: *const MI_DestinationOptions,
    optionName: *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_option(options, optionName, value, type_, index, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The number of credentials (the reference's inline wrapper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `count` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetCredentialsCount(
    options: *const MI_DestinationOptions,
    count: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_credentials_count(options, count)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The credential at `index`, its password shown as `******` (the reference's inline wrapper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetCredentialsAt(
    options: *const MI_DestinationOptions,
    index: MI_Uint32,
    optionName: *mut *const MI_Char,
    credentials: *mut MI_UserCredentials,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_credentials_at(options, index, optionName, credentials, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// Copies the password of the credential at `index` into `password` (`bufferLength` characters); `*passwordLength` is the length it needs, NUL included (the reference's inline wrapper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_DestinationOptions`; `password` is NULL or writable for `bufferLength` characters; the other out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_GetCredentialsPasswordAt(
    options: *const MI_DestinationOptions,
    index: MI_Uint32,
    optionName: *mut *const MI_Char,
    password: *mut MI_Char,
    bufferLength: MI_Uint32,
    passwordLength: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_credentials_password_at(
                options,
                index,
                optionName,
                password,
                bufferLength,
                passwordLength,
                flags,
            )
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// A deep, independent copy in a new handle (the reference's inline wrapper of `Clone`, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_DestinationOptions`; `newDestinationOptions` is NULL or writable for one.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_DestinationOptions_Clone(
    self_: *const MI_DestinationOptions,
    newDestinationOptions: *mut MI_DestinationOptions,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::clone(self_, newDestinationOptions)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// Deletes an operation options object (the reference's inline wrapper, exported; `void`, a NULL handle or `ft` does nothing).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_Delete(options: *mut MI_OperationOptions) {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::delete_void(options)
        }
    }
}

/// Sets `__MI_OPERATIONOPTIONS_WRITEERRORMODE` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_SetWriteErrorMode(
    options: *mut MI_OperationOptions,
    mode: MI_CallbackMode,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_number_as(options, mi_str!("__MI_OPERATIONOPTIONS_WRITEERRORMODE"), mode) }
}

/// Reads `__MI_OPERATIONOPTIONS_WRITEERRORMODE` through `GetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `mode` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetWriteErrorMode(
    options: *const MI_OperationOptions,
    mode: *mut MI_CallbackMode,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_number_as(options, mi_str!("__MI_OPERATIONOPTIONS_WRITEERRORMODE"), mode) }
}

/// Sets `__MI_OPERATIONOPTIONS_PROMPTUSERMODE` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_SetPromptUserMode(
    options: *mut MI_OperationOptions,
    mode: MI_CallbackMode,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_number_as(options, mi_str!("__MI_OPERATIONOPTIONS_PROMPTUSERMODE"), mode) }
}

/// Reads `__MI_OPERATIONOPTIONS_PROMPTUSERMODE` through `GetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `mode` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetPromptUserMode(
    options: *const MI_OperationOptions,
    mode: *mut MI_CallbackMode,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_number_as(options, mi_str!("__MI_OPERATIONOPTIONS_PROMPTUSERMODE"), mode) }
}

/// Sets `__MI_OPERATIONOPTIONS_PROMPTUSERMODE`, then (if that succeeded) `__MI_OPERATIONOPTIONS_PROMPTUSERMODEREGULAR_ACKVALUE` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_SetPromptUserRegularMode(
    options: *mut MI_OperationOptions,
    mode: MI_CallbackMode,
    ackValue: MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_two_as(
            options,
            mi_str!("__MI_OPERATIONOPTIONS_PROMPTUSERMODE"),
            mode,
            mi_str!("__MI_OPERATIONOPTIONS_PROMPTUSERMODEREGULAR_ACKVALUE"),
            MI_Uint32::from(ackValue),
        )
    }
}

/// Reads both prompt-user options; writes the outputs only if both reads succeed (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `mode` and `ackValue` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetPromptUserRegularMode(
    options: *const MI_OperationOptions,
    mode: *mut MI_CallbackMode,
    ackValue: *mut MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_two_as(
            options,
            mi_str!("__MI_OPERATIONOPTIONS_PROMPTUSERMODE"),
            mode,
            mi_str!("__MI_OPERATIONOPTIONS_PROMPTUSERMODEREGULAR_ACKVALUE"),
            ackValue,
        )
    }
}

/// Sets `__MI_OPERATIONOPTIONS_PROVIDER_ARCHITECTURE`, then (if that succeeded) `__MI_OPERATIONOPTIONS_REQUIRED_ARCHITECTURE` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_SetProviderArchitecture(
    options: *mut MI_OperationOptions,
    architecture: MI_ProviderArchitecture,
    mustComply: MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_two_as(
            options,
            mi_str!("__MI_OPERATIONOPTIONS_PROVIDER_ARCHITECTURE"),
            architecture,
            mi_str!("__MI_OPERATIONOPTIONS_REQUIRED_ARCHITECTURE"),
            MI_Uint32::from(mustComply),
        )
    }
}

/// Reads both architecture options; writes the outputs only if both reads succeed (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `architecture` and `mustComply` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetProviderArchitecture(
    options: *const MI_OperationOptions,
    architecture: *mut MI_ProviderArchitecture,
    mustComply: *mut MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_two_as(
            options,
            mi_str!("__MI_OPERATIONOPTIONS_PROVIDER_ARCHITECTURE"),
            architecture,
            mi_str!("__MI_OPERATIONOPTIONS_REQUIRED_ARCHITECTURE"),
            mustComply,
        )
    }
}

/// Adds `channel` to `__MI_OPERATIONOPTIONS_CHANNEL` (`SetNumber` with flags 0; the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_EnableChannel(
    options: *mut MI_OperationOptions,
    channel: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_number_flags_as(options, mi_str!("__MI_OPERATIONOPTIONS_CHANNEL"), channel, 0) }
}

/// Removes `channel` from `__MI_OPERATIONOPTIONS_CHANNEL` (`SetNumber` with flags 1; the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_DisableChannel(
    options: *mut MI_OperationOptions,
    channel: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_number_flags_as(options, mi_str!("__MI_OPERATIONOPTIONS_CHANNEL"), channel, 1) }
}

/// Copies the enabled channels of `__MI_OPERATIONOPTIONS_CHANNEL` into `channels`; `*channelCount` is how many there are (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `channels` is NULL or writable for `bufferLength` elements; the other out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetEnabledChannels(
    options: *const MI_OperationOptions,
    channels: *mut MI_Uint32,
    bufferLength: MI_Uint32,
    channelCount: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_enabled_channels(
                options,
                mi_str!("__MI_OPERATIONOPTIONS_CHANNEL").as_ptr(),
                channels,
                bufferLength,
                channelCount,
                flags,
            )
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// Sets `__MI_OPERATIONOPTIONS_TIMEOUT` through `SetInterval` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `timeout` is NULL or a readable `MI_Interval`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_SetTimeout(
    options: *mut MI_OperationOptions,
    timeout: *const MI_Interval,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_interval_as(options, mi_str!("__MI_OPERATIONOPTIONS_TIMEOUT"), timeout) }
}

/// Reads `__MI_OPERATIONOPTIONS_TIMEOUT` through `GetInterval` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `timeout` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetTimeout(
    options: *const MI_OperationOptions,
    timeout: *mut MI_Interval,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_interval_as(options, mi_str!("__MI_OPERATIONOPTIONS_TIMEOUT"), timeout) }
}

/// Sets `__MI_OPERATIONOPTIONS_RESOURCE_URI_PREFIX` through `SetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `ruriPrefix` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_SetResourceUriPrefix(
    options: *mut MI_OperationOptions,
    ruriPrefix: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_string_as(
            options,
            mi_str!("__MI_OPERATIONOPTIONS_RESOURCE_URI_PREFIX"),
            ruriPrefix,
        )
    }
}

/// Reads `__MI_OPERATIONOPTIONS_RESOURCE_URI_PREFIX` through `GetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `ruriPrefix` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetResourceUriPrefix(
    options: *const MI_OperationOptions,
    ruriPrefix: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_string_as(
            options,
            mi_str!("__MI_OPERATIONOPTIONS_RESOURCE_URI_PREFIX"),
            ruriPrefix,
        )
    }
}

/// Sets `__MI_OPERATIONOPTIONS_RESOURCE_URI` through `SetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `rUri` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_SetResourceUri(
    options: *mut MI_OperationOptions,
    rUri: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { set_string_as(options, mi_str!("__MI_OPERATIONOPTIONS_RESOURCE_URI"), rUri) }
}

/// Reads `__MI_OPERATIONOPTIONS_RESOURCE_URI` through `GetString` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `rUri` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetResourceUri(
    options: *const MI_OperationOptions,
    rUri: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe { get_string_as(options, mi_str!("__MI_OPERATIONOPTIONS_RESOURCE_URI"), rUri) }
}

/// Sets `__MI_OPERATIONOPTIONS_USE_MACHINE_ID` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_SetUseMachineID(
    options: *mut MI_OperationOptions,
    machineID: MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_number_as(
            options,
            mi_str!("__MI_OPERATIONOPTIONS_USE_MACHINE_ID"),
            MI_Uint32::from(machineID),
        )
    }
}

/// Reads `__MI_OPERATIONOPTIONS_USE_MACHINE_ID` through `GetNumber` (the reference's inline helper, exported). The number is truncated to `MI_Boolean` only on success.
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `machineID` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetUseMachineID(
    options: *const MI_OperationOptions,
    machineID: *mut MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_bool_as(
            options,
            mi_str!("__MI_OPERATIONOPTIONS_USE_MACHINE_ID"),
            machineID,
        )
    }
}

/// Sets a custom option of any type but instance and reference (the reference's inline wrapper of `SetCustomOption`, flags 0, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `optionName` is NULL or NUL-terminated; `optionValue` is NULL or a readable `MI_Value` whose member for `optionValueType` is valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_SetCustomOption(
    options: *mut MI_OperationOptions,
    optionName: *const MI_Char,
    optionValueType: MI_Type,
    optionValue: *const MI_Value,
    mustComply: MI_Boolean,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::set_custom_option(options, optionName, optionValueType, optionValue, mustComply, 0)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// Sets a string option (the reference's inline wrapper of `SetString`, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; the strings are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_SetString(
    options: *mut MI_OperationOptions,
    optionName: *const MI_Char,
    value: *const MI_Char,
    flags: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::set_string(options, optionName, value, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// Reads a string option (the reference's inline wrapper of `GetString`, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `optionName` is NULL or NUL-terminated; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetString(
    options: *const MI_OperationOptions,
    optionName: *const MI_Char,
    value: *mut *const MI_Char,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_string(options, optionName, value, index, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// Sets a number option (the reference's inline wrapper of `SetNumber`, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `optionName` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_SetNumber(
    options: *mut MI_OperationOptions,
    optionName: *const MI_Char,
    value: MI_Uint32,
    flags: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::set_number(options, optionName, value, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// Reads a number option (the reference's inline wrapper of `GetNumber`, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `optionName` is NULL or NUL-terminated; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetNumber(
    options: *const MI_OperationOptions,
    optionName: *const MI_Char,
    value: *mut MI_Uint32,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_number(options, optionName, value, index, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The number of options (the reference's inline wrapper of `GetOptionCount`, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `count` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetOptionCount(
    options: *const MI_OperationOptions,
    count: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_option_count(options, count)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The option at `index` (the reference's inline wrapper of `GetOptionAt`, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetOptionAt(
    options: *const MI_OperationOptions,
    index: MI_Uint32,
    optionName: *mut *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_option_at(options, index, optionName, value, type_, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The option called `optionName` (the reference's inline wrapper of `GetOption`, exported).
///
/// # Safety
/// `options` is NULL or readable for one `MI_OperationOptions`; `optionName` is NULL or NUL-terminated; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_GetOption(
    options: *const MI_OperationOptions,
    optionName: *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(options) {
            options::get_option(options, optionName, value, type_, index, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// A deep, independent copy in a new handle (the reference's inline wrapper of `Clone`, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_OperationOptions`; `newOperationOptions` is NULL or writable for one.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_OperationOptions_Clone(
    self_: *const MI_OperationOptions,
    newOperationOptions: *mut MI_OperationOptions,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::clone(self_, newOperationOptions)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// Sets `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_MAXIMUM_LATENCY` through `SetInterval` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or a readable `MI_Interval`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_SetMaximumLatency(
    self_: *mut MI_SubscriptionDeliveryOptions,
    value: *mut MI_Interval,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_interval_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_MAXIMUM_LATENCY"),
            value.cast_const(),
        )
    }
}

/// Reads `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_MAXIMUM_LATENCY` through `GetInterval` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetMaximumLatency(
    self_: *const MI_SubscriptionDeliveryOptions,
    value: *mut MI_Interval,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_interval_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_MAXIMUM_LATENCY"),
            value,
        )
    }
}

/// Sets `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_HEARTBEAT_INTERVAL` through `SetInterval` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or a readable `MI_Interval`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_SetHeartbeatInterval(
    self_: *mut MI_SubscriptionDeliveryOptions,
    value: *mut MI_Interval,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_interval_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_HEARTBEAT_INTERVAL"),
            value.cast_const(),
        )
    }
}

/// Reads `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_HEARTBEAT_INTERVAL` through `GetInterval` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetHeartbeatInterval(
    self_: *const MI_SubscriptionDeliveryOptions,
    value: *mut MI_Interval,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_interval_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_HEARTBEAT_INTERVAL"),
            value,
        )
    }
}

/// Sets `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_EXPIRATION_TIME` through `SetDateTime` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or a readable `MI_Datetime`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_SetExpirationTime(
    self_: *mut MI_SubscriptionDeliveryOptions,
    value: *mut MI_Datetime,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_date_time_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_EXPIRATION_TIME"),
            value.cast_const(),
        )
    }
}

/// Reads `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_EXPIRATION_TIME` through `GetDateTime` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetExpirationTime(
    self_: *const MI_SubscriptionDeliveryOptions,
    value: *mut MI_Datetime,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_date_time_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_EXPIRATION_TIME"),
            value,
        )
    }
}

/// Sets `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_BOOKMARK` through `SetString` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_SetBookmark(
    self_: *mut MI_SubscriptionDeliveryOptions,
    value: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_string_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_BOOKMARK"),
            value,
        )
    }
}

/// Reads `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_BOOKMARK` through `GetString` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetBookmark(
    self_: *const MI_SubscriptionDeliveryOptions,
    value: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_string_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_BOOKMARK"),
            value,
        )
    }
}

/// Sets `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_DESTINATION` through `SetString` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_SetDeliveryDestination(
    self_: *mut MI_SubscriptionDeliveryOptions,
    value: *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_string_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_DESTINATION"),
            value,
        )
    }
}

/// Reads `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_DESTINATION` through `GetString` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetDeliveryDestination(
    self_: *const MI_SubscriptionDeliveryOptions,
    value: *mut *const MI_Char,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_string_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_DESTINATION"),
            value,
        )
    }
}

/// Sets `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_PORT_NUMBER` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_SetDeliveryPortNumber(
    self_: *mut MI_SubscriptionDeliveryOptions,
    value: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_number_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_PORT_NUMBER"),
            value,
        )
    }
}

/// Reads `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_PORT_NUMBER` through `GetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetDeliveryPortNumber(
    self_: *const MI_SubscriptionDeliveryOptions,
    value: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_number_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_PORT_NUMBER"),
            value,
        )
    }
}

/// Adds a credential under `__MI_SUBSCRIPTIONDELIVERYOPTIONS_ADD_DELIVERY_CREDENTIALS` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or a readable `MI_UserCredentials` whose strings are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_AddDeliveryCredentials(
    self_: *mut MI_SubscriptionDeliveryOptions,
    value: *const MI_UserCredentials,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        add_credentials_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_ADD_DELIVERY_CREDENTIALS"),
            value,
        )
    }
}

/// Sets `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_RETRY_INTERVAL` through `SetInterval` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or a readable `MI_Interval`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_SetDeliveryRetryInterval(
    self_: *mut MI_SubscriptionDeliveryOptions,
    value: *const MI_Interval,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_interval_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_RETRY_INTERVAL"),
            value,
        )
    }
}

/// Reads `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_RETRY_INTERVAL` through `GetInterval` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetDeliveryRetryInterval(
    self_: *const MI_SubscriptionDeliveryOptions,
    value: *mut MI_Interval,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_interval_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_RETRY_INTERVAL"),
            value,
        )
    }
}

/// Sets `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_RETRY_ATTEMPTS` through `SetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_SetDeliveryRetryAttempts(
    self_: *mut MI_SubscriptionDeliveryOptions,
    value: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        set_number_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_RETRY_ATTEMPTS"),
            value,
        )
    }
}

/// Reads `__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_RETRY_ATTEMPTS` through `GetNumber` (the reference's inline helper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `value` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetDeliveryRetryAttempts(
    self_: *const MI_SubscriptionDeliveryOptions,
    value: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        get_number_as(
            self_,
            mi_str!("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_RETRY_ATTEMPTS"),
            value,
        )
    }
}

/// Deletes a subscription delivery options object and wipes its passwords (the reference's inline wrapper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_Delete(
    self_: *mut MI_SubscriptionDeliveryOptions,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::delete_result(self_)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The reference's inline wrapper of `SetString`, exported.
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `optionName` is NULL or NUL-terminated; a pointer `value` is NULL or readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_SetString(
    self_: *mut MI_SubscriptionDeliveryOptions,
    optionName: *const MI_Char,
    value: *const MI_Char,
    flags: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::set_string(self_, optionName, value, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The reference's inline wrapper of `SetNumber`, exported.
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `optionName` is NULL or NUL-terminated; a pointer `value` is NULL or readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_SetNumber(
    self_: *mut MI_SubscriptionDeliveryOptions,
    optionName: *const MI_Char,
    value: MI_Uint32,
    flags: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::set_number(self_, optionName, value, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The reference's inline wrapper of `SetDateTime`, exported.
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `optionName` is NULL or NUL-terminated; a pointer `value` is NULL or readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_SetDateTime(
    self_: *mut MI_SubscriptionDeliveryOptions,
    optionName: *const MI_Char,
    value: *const MI_Datetime,
    flags: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::set_date_time(self_, optionName, value, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The reference's inline wrapper of `SetInterval`, exported.
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `optionName` is NULL or NUL-terminated; a pointer `value` is NULL or readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_SetInterval(
    self_: *mut MI_SubscriptionDeliveryOptions,
    optionName: *const MI_Char,
    value: *const MI_Interval,
    flags: MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::set_interval(self_, optionName, value, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The reference's inline wrapper of `GetString`, exported.
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `optionName` is NULL or NUL-terminated; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetString(
    self_: *const MI_SubscriptionDeliveryOptions,
    optionName: *const MI_Char,
    value: *mut *const MI_Char,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::get_string(self_, optionName, value, index, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The reference's inline wrapper of `GetNumber`, exported.
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `optionName` is NULL or NUL-terminated; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetNumber(
    self_: *const MI_SubscriptionDeliveryOptions,
    optionName: *const MI_Char,
    value: *mut MI_Uint32,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::get_number(self_, optionName, value, index, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The reference's inline wrapper of `GetDateTime`, exported.
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `optionName` is NULL or NUL-terminated; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetDateTime(
    self_: *const MI_SubscriptionDeliveryOptions,
    optionName: *const MI_Char,
    value: *mut MI_Datetime,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::get_date_time(self_, optionName, value, index, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The reference's inline wrapper of `GetInterval`, exported.
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `optionName` is NULL or NUL-terminated; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetInterval(
    self_: *const MI_SubscriptionDeliveryOptions,
    optionName: *const MI_Char,
    value: *mut MI_Interval,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::get_interval(self_, optionName, value, index, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The number of options (the reference's inline wrapper of `GetOptionCount`, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `count` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetOptionCount(
    self_: *const MI_SubscriptionDeliveryOptions,
    count: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::get_option_count(self_, count)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The option at `index` (the reference's inline wrapper of `GetOptionAt`, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetOptionAt(
    self_: *const MI_SubscriptionDeliveryOptions,
    index: MI_Uint32,
    optionName: *mut *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::get_option_at(self_, index, optionName, value, type_, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The option called `optionName` (the reference's inline wrapper of `GetOption`, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `optionName` is NULL or NUL-terminated; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetOption(
    self_: *const MI_SubscriptionDeliveryOptions,
    optionName: *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::get_option(self_, optionName, value, type_, index, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The number of credentials (the reference's inline wrapper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `count` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetCredentialsCount(
    self_: *const MI_SubscriptionDeliveryOptions,
    count: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::get_credentials_count(self_, count)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// The credential at `index`, its password shown as `******` (the reference's inline wrapper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; the out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetCredentialsAt(
    self_: *const MI_SubscriptionDeliveryOptions,
    index: MI_Uint32,
    optionName: *mut *const MI_Char,
    credentials: *mut MI_UserCredentials,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::get_credentials_at(self_, index, optionName, credentials, flags)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// Copies the password of the credential at `index` into `password` (`bufferLength` characters); `*passwordLength` is the length it needs, NUL included (the reference's inline wrapper, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `password` is NULL or writable for `bufferLength` characters; the other out-pointers are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_GetCredentialsPasswordAt(
    self_: *const MI_SubscriptionDeliveryOptions,
    index: MI_Uint32,
    optionName: *mut *const MI_Char,
    password: *mut MI_Char,
    bufferLength: MI_Uint32,
    passwordLength: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::get_credentials_password_at(
                self_,
                index,
                optionName,
                password,
                bufferLength,
                passwordLength,
                flags,
            )
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}

/// A deep, independent copy in a new handle (the reference's inline wrapper of `Clone`, exported).
///
/// # Safety
/// `self_` is NULL or readable for one `MI_SubscriptionDeliveryOptions`; `newSubscriptionDeliveryOptions` is NULL or writable for one.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn MI_SubscriptionDeliveryOptions_Clone(
    self_: *const MI_SubscriptionDeliveryOptions,
    newSubscriptionDeliveryOptions: *mut MI_SubscriptionDeliveryOptions,
) -> MI_Result {
    // SAFETY: forwarded contract (this function's `# Safety`).
    unsafe {
        if usable(self_) {
            options::clone(self_, newSubscriptionDeliveryOptions)
        } else {
            MI_RESULT_INVALID_PARAMETER
        }
    }
}
