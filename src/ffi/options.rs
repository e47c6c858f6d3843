//! The three options tables (`MI_DestinationOptionsFT`, `MI_OperationOptionsFT`,
//! `MI_SubscriptionDeliveryOptionsFT`), the constructors behind
//! `MI_Application_New*Options`, and the copies that sessions and operations keep
//! (`copy_for_handler`).
//!
//! Every slot is one generic function instantiated for each handle type: it resolves the
//! handle (NULL, zeroed, garbage, deleted or wrong-kind → `MI_RESULT_INVALID_PARAMETER`),
//! copies and checks its arguments at the edge, and calls the safe store in
//! `crate::options`. Argument rules are the reference's (OMI `Unix/miapi/Options.c`):
//! NULL required pointers and non-zero `flags` on setters are `MI_RESULT_INVALID_PARAMETER`;
//! optional out-pointers (`index`, `flags`) may be NULL; `*flags` is set to 0 on success.
//!
//! # Safety contract
//! The slots are called by C clients with the contract of `MI.h`: the handle is NULL or
//! readable for one struct of its kind (its words may be anything: [`resolve`] rejects
//! what is not a live handle of the kind); name and string arguments are NULL or
//! NUL-terminated; `MI_Interval`/`MI_Datetime`/`MI_Value`/`MI_UserCredentials` pointers are
//! NULL or readable for their type (a value's member for its `MI_Type`, with the pointers
//! it holds valid); out-pointers are NULL or writable, buffers for the length given. The
//! `unsafe fn` helpers below state the part of this they need in their `# Safety`. In
//! return a slot copies what it keeps before returning, writes out-pointers only as
//! documented, and hands out strings that live as long as the options object.

use super::{RawHandle, key_of, resolve, write_opt};
use crate::abi::*;
use crate::boundary::{MiResult, guard, guard_void};
use crate::handles::{HANDLES, Key, Kind};
use crate::options::{
    AuthClass, Credential, CredentialData, CredentialViewData, Datetime, DestinationOptionsKind, Family,
    InstanceValue, MAX_ARRAY, OperationOptionsKind, Options, PasswordAt, Secret, StringArray,
    SubscriptionDeliveryOptionsKind, Text, Value,
};
use crate::strings::{copy_text, mi_str};
use std::sync::Arc;

/// A client handle struct of one of the three options kinds.
pub(crate) trait OptionsHandle: RawHandle {
    type K: Kind<Obj = Options>;
    type Ft: 'static;
    fn table() -> &'static Self::Ft;
    fn make(reserved1: u64, reserved2: isize, ft: *const Self::Ft) -> Self;
    fn ft_ptr(&self) -> *const Self::Ft;
}

macro_rules! options_handle {
    ($h:ty, $kind:ty, $ft:ty, $table:ident) => {
        impl OptionsHandle for $h {
            type K = $kind;
            type Ft = $ft;
            fn table() -> &'static $ft {
                &$table
            }
            fn make(reserved1: u64, reserved2: isize, ft: *const $ft) -> Self {
                Self {
                    reserved1,
                    reserved2,
                    ft,
                }
            }
            fn ft_ptr(&self) -> *const $ft {
                self.ft
            }
        }
    };
}
options_handle!(
    MI_DestinationOptions,
    DestinationOptionsKind,
    MI_DestinationOptionsFT,
    DESTINATION_OPTIONS_FT
);
options_handle!(
    MI_OperationOptions,
    OperationOptionsKind,
    MI_OperationOptionsFT,
    OPERATION_OPTIONS_FT
);
options_handle!(
    MI_SubscriptionDeliveryOptions,
    SubscriptionDeliveryOptionsKind,
    MI_SubscriptionDeliveryOptionsFT,
    SUBSCRIPTION_DELIVERY_OPTIONS_FT
);

/// What `GetCredentialsAt` reports as the password: never the password itself.
static MASKED_PASSWORD: &[MI_Char] = mi_str!("******");

// ---- constructors and copies ---------------------------------------------------------------

/// Writes a handle struct for `key` (or, for `None`, one that refers to nothing but is
/// still safe to pass to `Delete`) through a non-NULL out-pointer.
///
/// # Safety
/// `out` is NULL or writable for one `H`.
unsafe fn write_handle<H: OptionsHandle>(out: *mut H, key: Option<Key>) {
    let (r1, r2) = key.map_or((0, 0), Key::pack);
    // SAFETY: `out` is NULL or writable for one `H` (this function's `# Safety`), `write_opt`'s
    // contract.
    unsafe { write_opt(out, H::make(r1, r2, H::table())) };
}

/// Puts `options` in the handle table and returns its key.
fn insert<H: OptionsHandle>(options: Options) -> MiResult<Key> {
    HANDLES.insert::<H::K>(std::sync::Arc::new(options)).map_err(|_| {
        log::error!("{}: handle table full", <H::K as Kind>::NAME);
        MI_RESULT_SERVER_LIMITS_EXCEEDED
    })
}

/// The body of `MI_Application_New*Options` once the application is checked: a new, empty
/// object of `family` in `*out` (which the caller has already made safe to delete).
///
/// # Safety
/// `out` is non-NULL and writable for one `H`.
pub(crate) unsafe fn create<H: OptionsHandle>(out: *mut H, family: Family) -> MiResult {
    let key = insert::<H>(Options::new(family))?;
    // SAFETY: `out` is non-NULL and writable for one `H` (this function's `# Safety`).
    unsafe { write_handle(out, Some(key)) };
    Ok(())
}

/// For `MI_Application_NewSession` and the operations: a deep, independent copy of the
/// client's options, which the library keeps for the protocol handler (the client may
/// delete its own object at once). `Ok(None)` when the client passed none: a NULL pointer
/// or a struct whose `ft` is NULL (`MI_DESTINATIONOPTIONS_NULL`), as the reference treats
/// them; a deleted, garbage or wrong-kind handle is `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `src` is NULL or readable for one `H`.
pub(crate) unsafe fn copy_for_handler<H: OptionsHandle>(src: *const H) -> MiResult<Option<Arc<Options>>> {
    // SAFETY: NULL-checked; readable per this function's contract.
    if src.is_null() || unsafe { src.read() }.ft_ptr().is_null() {
        return Ok(None);
    }
    // SAFETY: `src` is non-NULL and readable for one `H` (checked above; this function's
    // `# Safety`), what `resolve` requires.
    let obj = unsafe { resolve::<H::K, H>(src) }?;
    Ok(Some(Arc::new(obj.deep_clone())))
}

/// Removes the handle from the table; the object (and its passwords, wiped) is freed when
/// the last in-flight call on it returns.
///
/// # Safety
/// `options` is NULL or readable for one `H`.
unsafe fn delete<H: OptionsHandle>(options: *const H) -> MiResult {
    // SAFETY: `options` is NULL or readable for one `H` (this function's `# Safety`), what `key_of`
    // requires.
    let key = unsafe { key_of(options) }?;
    HANDLES.remove::<H::K>(key).map(drop).ok_or_else(|| {
        log::debug!("{}: Delete on a stale or wrong-kind handle", <H::K as Kind>::NAME);
        MI_RESULT_INVALID_PARAMETER
    })
}

// ---- arguments in --------------------------------------------------------------------------

/// A required, non-empty option name, checked and copied (without its NUL).
///
/// # Safety
/// `p` is NULL or a readable NUL-terminated string.
unsafe fn name_in(p: *const MI_Char) -> MiResult<Vec<MI_Char>> {
    // SAFETY: `p` is NULL or a NUL-terminated string (this function's `# Safety`), what `copy_text`
    // requires.
    let mut chars = unsafe { copy_text(p) }?.ok_or(MI_RESULT_INVALID_PARAMETER)?;
    chars.pop(); // the NUL
    if chars.is_empty() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    Ok(chars)
}

/// An optional string value, checked and copied.
///
/// # Safety
/// As [`name_in`].
unsafe fn text_opt(p: *const MI_Char) -> MiResult<Option<Text>> {
    // SAFETY: `p` is NULL or a NUL-terminated string (this function's `# Safety`), what `copy_text`
    // requires.
    Ok(unsafe { copy_text(p) }?.map(Text::from_nul_terminated))
}

/// A required string value.
///
/// # Safety
/// As [`name_in`].
unsafe fn text_in(p: *const MI_Char) -> MiResult<Text> {
    // SAFETY: `p` as this function's `# Safety` states, which is what `text_opt` requires.
    unsafe { text_opt(p) }?.ok_or(MI_RESULT_INVALID_PARAMETER)
}

/// A datetime whose `isTimestamp` is a boolean (0 or 1).
fn datetime_in(d: MI_Datetime) -> MiResult<Datetime> {
    if d.isTimestamp > 1 {
        log::debug!("MI_Datetime with isTimestamp = {} rejected", d.isTimestamp);
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    Ok(Datetime(d))
}

/// Copies an `MI_<T>A` array: at most `MAX_ARRAY` elements, `data` non-NULL unless empty.
///
/// # Safety
/// `data` is NULL or readable for `size` elements.
unsafe fn array_in<T: Copy>(data: *const T, size: MI_Uint32) -> MiResult<Vec<T>> {
    let len = size as usize;
    if len == 0 {
        return Ok(Vec::new());
    }
    if len > MAX_ARRAY || data.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: non-NULL and readable for `size` elements per this function's contract.
    Ok(unsafe { std::slice::from_raw_parts(data, len) }.to_vec())
}

/// A custom option's value, of any type; instances and references (and arrays of them) are
/// deep-copied by the instance implementation.
///
/// # Safety
/// `value` is NULL or readable for (at least) the member `ty` names, whose pointers are
/// valid.
unsafe fn value_in(ty: MI_Type, value: *const MI_Value) -> MiResult<Value> {
    if value.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // Only the member `ty` names is read (through the pointer, not by copying the whole
    // union): C clients also pass a pointer to just that member, cast to `MI_Value*`.
    let v = value;
    // SAFETY: `v` is non-NULL and, per this function's contract, readable for the member
    // `ty` names; each arm reads only that member (and the pointers it holds, which the
    // contract makes valid).
    let out = unsafe {
        match ty {
            MI_BOOLEAN => Value::Boolean((*v).boolean),
            MI_UINT8 => Value::Uint8((*v).uint8),
            MI_SINT8 => Value::Sint8((*v).sint8),
            MI_UINT16 => Value::Uint16((*v).uint16),
            MI_SINT16 => Value::Sint16((*v).sint16),
            MI_UINT32 => Value::Uint32((*v).uint32),
            MI_SINT32 => Value::Sint32((*v).sint32),
            MI_UINT64 => Value::Uint64((*v).uint64),
            MI_SINT64 => Value::Sint64((*v).sint64),
            MI_REAL32 => Value::Real32((*v).real32),
            MI_REAL64 => Value::Real64((*v).real64),
            MI_CHAR16 => Value::Char16((*v).char16),
            MI_DATETIME => Value::Datetime(datetime_in((*v).datetime)?),
            MI_STRING => Value::String(text_in((*v).string)?),
            MI_BOOLEANA => Value::BooleanA(array_in((*v).booleana.data, (*v).booleana.size)?),
            MI_UINT8A => Value::Uint8A(array_in((*v).uint8a.data, (*v).uint8a.size)?),
            MI_SINT8A => Value::Sint8A(array_in((*v).sint8a.data, (*v).sint8a.size)?),
            MI_UINT16A => Value::Uint16A(array_in((*v).uint16a.data, (*v).uint16a.size)?),
            MI_SINT16A => Value::Sint16A(array_in((*v).sint16a.data, (*v).sint16a.size)?),
            MI_UINT32A => Value::Uint32A(array_in((*v).uint32a.data, (*v).uint32a.size)?),
            MI_SINT32A => Value::Sint32A(array_in((*v).sint32a.data, (*v).sint32a.size)?),
            MI_UINT64A => Value::Uint64A(array_in((*v).uint64a.data, (*v).uint64a.size)?),
            MI_SINT64A => Value::Sint64A(array_in((*v).sint64a.data, (*v).sint64a.size)?),
            MI_REAL32A => Value::Real32A(array_in((*v).real32a.data, (*v).real32a.size)?),
            MI_REAL64A => Value::Real64A(array_in((*v).real64a.data, (*v).real64a.size)?),
            MI_CHAR16A => Value::Char16A(array_in((*v).char16a.data, (*v).char16a.size)?),
            MI_DATETIMEA => Value::DatetimeA(
                array_in((*v).datetimea.data, (*v).datetimea.size)?
                    .into_iter()
                    .map(datetime_in)
                    .collect::<MiResult<_>>()?,
            ),
            MI_STRINGA => {
                let ptrs = array_in((*v).stringa.data, (*v).stringa.size)?;
                let items = ptrs
                    .into_iter()
                    .map(|p| text_in(p))
                    .collect::<MiResult<Vec<_>>>()?;
                Value::StringA(StringArray::new(items))
            }
            MI_REFERENCE | MI_INSTANCE | MI_REFERENCEA | MI_INSTANCEA => {
                use crate::instance::value::{Mode, read_member, store};
                let member = read_member(ty, v.cast());
                Value::Instance(InstanceValue::new(ty, store(ty, &member, Mode::Copy)?))
            }
            _ => return Err(MI_RESULT_INVALID_PARAMETER),
        }
    };
    Ok(out)
}

/// A credential, checked and copied; the password is copied last, straight into a
/// [`Secret`], so no error path leaves a copy of it anywhere.
///
/// # Safety
/// `c` is NULL or readable, and the union member its `authenticationType` selects holds
/// NULL or readable strings.
unsafe fn credential_in(c: *const MI_UserCredentials) -> MiResult<Credential> {
    if c.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: non-NULL and readable per this function's contract.
    let c = unsafe { c.read() };
    // SAFETY: NULL or a readable string per this function's contract.
    let auth = unsafe { text_in(c.authenticationType) }?;
    let Some(class) = AuthClass::of(auth.chars()) else {
        log::debug!("AddCredentials: unknown authentication type {auth:?}");
        return Err(MI_RESULT_INVALID_PARAMETER);
    };
    let data = match class {
        AuthClass::NoData => CredentialData::NoData,
        AuthClass::UsernamePassword => {
            // SAFETY: a user-name-and-password type selects this member.
            let up = unsafe { c.credentials.usernamePassword };
            // SAFETY: NULL or readable per this function's contract (the same for the
            // user name and password below).
            let domain = unsafe { text_opt(up.domain) }?;
            // SAFETY: as for the domain.
            let username = unsafe { text_in(up.username) }?;
            // SAFETY: as for the domain.
            let password = unsafe { copy_text(up.password) }?.map(Secret::from_nul_terminated);
            CredentialData::UsernamePassword {
                domain,
                username,
                password,
            }
        }
        AuthClass::Thumbprint => {
            // SAFETY: a certificate type selects this member, NULL or a readable string.
            let thumbprint = unsafe { text_opt(c.credentials.certificateThumbprint) }?;
            CredentialData::Thumbprint(thumbprint)
        }
    };
    Ok(Credential { auth, data })
}

// ---- setters -------------------------------------------------------------------------------

pub(super) unsafe extern "system" fn set_string<H: OptionsHandle>(
    options: *mut H,
    optionName: *const MI_Char,
    value: *const MI_Char,
    flags: MI_Uint32,
) -> MI_Result {
    guard("MI_*Options SetString", || {
        // SAFETY: pointers from the client, NULL or readable.
        let obj = unsafe { resolve::<H::K, H>(options) }?;
        if flags != 0 {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: pointers from the client, NULL or valid per the slot's contract.
        let name = unsafe { name_in(optionName) }?;
        // SAFETY: pointers from the client, NULL or valid per the slot's contract.
        let value = unsafe { text_in(value) }?;
        obj.set(&name, Value::String(value), None)
    })
}

pub(super) unsafe extern "system" fn set_number<H: OptionsHandle>(
    options: *mut H,
    optionName: *const MI_Char,
    value: MI_Uint32,
    flags: MI_Uint32,
) -> MI_Result {
    guard("MI_*Options SetNumber", || {
        // SAFETY: pointers from the client, NULL or readable.
        let obj = unsafe { resolve::<H::K, H>(options) }?;
        // SAFETY: pointers from the client, NULL or valid per the slot's contract.
        let name = unsafe { name_in(optionName) }?;
        if obj.is_channel_option(&name) {
            // EnableChannel passes flags 0, DisableChannel 1 (docs/ABI.md §5.7).
            return match flags {
                0 => obj.set_channel(&name, value, true),
                1 => obj.set_channel(&name, value, false),
                _ => Err(MI_RESULT_INVALID_PARAMETER),
            };
        }
        if flags != 0 {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        obj.set(&name, Value::Uint32(value), None)
    })
}

pub(super) unsafe extern "system" fn set_interval<H: OptionsHandle>(
    options: *mut H,
    optionName: *const MI_Char,
    value: *const MI_Interval,
    flags: MI_Uint32,
) -> MI_Result {
    guard("MI_*Options SetInterval", || {
        // SAFETY: pointers from the client, NULL or readable.
        let obj = unsafe { resolve::<H::K, H>(options) }?;
        // SAFETY: pointers from the client, NULL or valid per the slot's contract.
        let name = unsafe { name_in(optionName) }?;
        if value.is_null() || flags != 0 {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: non-NULL, readable per the slot's contract.
        let interval = unsafe { value.read() };
        let datetime = MI_Datetime {
            isTimestamp: 0,
            u: MI_Datetime_u { interval },
        };
        obj.set(&name, Value::Datetime(Datetime(datetime)), None)
    })
}

pub(super) unsafe extern "system" fn set_date_time<H: OptionsHandle>(
    options: *mut H,
    optionName: *const MI_Char,
    value: *const MI_Datetime,
    flags: MI_Uint32,
) -> MI_Result {
    guard("MI_*Options SetDateTime", || {
        // SAFETY: pointers from the client, NULL or readable.
        let obj = unsafe { resolve::<H::K, H>(options) }?;
        // SAFETY: pointers from the client, NULL or valid per the slot's contract.
        let name = unsafe { name_in(optionName) }?;
        if value.is_null() || flags != 0 {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: non-NULL, readable per the slot's contract.
        let datetime = datetime_in(unsafe { value.read() })?;
        obj.set(&name, Value::Datetime(datetime), None)
    })
}

pub(super) unsafe extern "system" fn set_custom_option<H: OptionsHandle>(
    options: *mut H,
    optionName: *const MI_Char,
    valueType: MI_Type,
    value: *const MI_Value,
    mustComply: MI_Boolean,
    flags: MI_Uint32,
) -> MI_Result {
    guard("MI_OperationOptions SetCustomOption", || {
        // SAFETY: pointers from the client, NULL or readable.
        let obj = unsafe { resolve::<H::K, H>(options) }?;
        if flags != 0 {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: pointers from the client, NULL or valid per the slot's contract.
        let name = unsafe { name_in(optionName) }?;
        // SAFETY: pointers from the client, NULL or valid per the slot's contract.
        let value = unsafe { value_in(valueType, value) }?;
        obj.set(&name, value, Some(mustComply != 0))
    })
}

pub(super) unsafe extern "system" fn add_credentials<H: OptionsHandle>(
    options: *mut H,
    optionName: *const MI_Char,
    credentials: *const MI_UserCredentials,
    flags: MI_Uint32,
) -> MI_Result {
    guard("MI_*Options AddCredentials", || {
        // SAFETY: pointers from the client, NULL or readable.
        let obj = unsafe { resolve::<H::K, H>(options) }?;
        if flags != 0 {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: pointers from the client, NULL or valid per the slot's contract.
        let name = unsafe { name_in(optionName) }?;
        // SAFETY: pointers from the client, NULL or valid per the slot's contract.
        let credential = unsafe { credential_in(credentials) }?;
        obj.add_credential(&name, credential)
    })
}

// ---- getters -------------------------------------------------------------------------------

/// Looks `optionName` up; on success writes `*index` and `*flags = 0` (both optional) and
/// returns what was found for the caller to check and write.
///
/// # Safety
/// `options` and `optionName` NULL or readable; `index`, `flags` NULL or writable.
unsafe fn lookup<H: OptionsHandle>(
    options: *const H,
    optionName: *const MI_Char,
    want: impl FnOnce(&crate::options::Found) -> MiResult,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MiResult {
    // SAFETY: `options` is NULL or readable for one `H` (this function's `# Safety`), what
    // `resolve` requires.
    let obj = unsafe { resolve::<H::K, H>(options) }?;
    // SAFETY: pointers from the client, NULL or valid per the slot's contract.
    let name = unsafe { name_in(optionName) }?;
    let found = obj.get(&name)?;
    want(&found)?;
    // SAFETY: `index` and `flags` are NULL or writable (this function's `# Safety`).
    unsafe {
        write_opt(index, found.index);
        write_opt(flags, 0);
    }
    Ok(())
}

pub(super) unsafe extern "system" fn get_string<H: OptionsHandle>(
    options: *const H,
    optionName: *const MI_Char,
    value: *mut *const MI_Char,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_*Options GetString", || {
        if value.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let want = |f: &crate::options::Found| {
            if f.mi_type != MI_STRING {
                return Err(MI_RESULT_TYPE_MISMATCH);
            }
            // SAFETY: `value` non-NULL, writable per the slot's contract; the type says
            // `string` is the live member.
            unsafe { value.write(f.value.string) };
            Ok(())
        };
        // SAFETY: the client's pointers, per the slot's contract.
        unsafe { lookup(options, optionName, want, index, flags) }
    })
}

pub(super) unsafe extern "system" fn get_number<H: OptionsHandle>(
    options: *const H,
    optionName: *const MI_Char,
    value: *mut MI_Uint32,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_*Options GetNumber", || {
        if value.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let want = |f: &crate::options::Found| {
            if f.mi_type != MI_UINT32 {
                return Err(MI_RESULT_TYPE_MISMATCH);
            }
            // SAFETY: non-NULL, writable; the type says `uint32` is the live member.
            unsafe { value.write(f.value.uint32) };
            Ok(())
        };
        // SAFETY: the client's pointers, per the slot's contract.
        unsafe { lookup(options, optionName, want, index, flags) }
    })
}

pub(super) unsafe extern "system" fn get_interval<H: OptionsHandle>(
    options: *const H,
    optionName: *const MI_Char,
    value: *mut MI_Interval,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_*Options GetInterval", || {
        if value.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let want = |f: &crate::options::Found| {
            // SAFETY: read only when the type says `datetime` is the live member.
            if f.mi_type != MI_DATETIME || unsafe { f.value.datetime.isTimestamp } != 0 {
                return Err(MI_RESULT_TYPE_MISMATCH);
            }
            // SAFETY: non-NULL, writable; an interval datetime holds `u.interval`.
            unsafe { value.write(f.value.datetime.u.interval) };
            Ok(())
        };
        // SAFETY: the client's pointers, per the slot's contract.
        unsafe { lookup(options, optionName, want, index, flags) }
    })
}

pub(super) unsafe extern "system" fn get_date_time<H: OptionsHandle>(
    options: *const H,
    optionName: *const MI_Char,
    value: *mut MI_Datetime,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_*Options GetDateTime", || {
        if value.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let want = |f: &crate::options::Found| {
            if f.mi_type != MI_DATETIME {
                return Err(MI_RESULT_TYPE_MISMATCH);
            }
            // SAFETY: non-NULL, writable; the type says `datetime` is the live member.
            unsafe { value.write(f.value.datetime) };
            Ok(())
        };
        // SAFETY: the client's pointers, per the slot's contract.
        unsafe { lookup(options, optionName, want, index, flags) }
    })
}

pub(super) unsafe extern "system" fn get_option<H: OptionsHandle>(
    options: *const H,
    optionName: *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    index: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_*Options GetOption", || {
        if value.is_null() || type_.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let want = |f: &crate::options::Found| {
            // SAFETY: both non-NULL and writable per the slot's contract.
            unsafe {
                value.write(f.value);
                type_.write(f.mi_type);
            }
            Ok(())
        };
        // SAFETY: the client's pointers, per the slot's contract.
        unsafe { lookup(options, optionName, want, index, flags) }
    })
}

pub(super) unsafe extern "system" fn get_option_count<H: OptionsHandle>(
    options: *const H,
    count: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_*Options GetOptionCount", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let obj = unsafe { resolve::<H::K, H>(options) }?;
        if count.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: non-NULL, writable per the slot's contract.
        unsafe { count.write(obj.count()) };
        Ok(())
    })
}

pub(super) unsafe extern "system" fn get_option_at<H: OptionsHandle>(
    options: *const H,
    index: MI_Uint32,
    optionName: *mut *const MI_Char,
    value: *mut MI_Value,
    type_: *mut MI_Type,
    flags: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_*Options GetOptionAt", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let obj = unsafe { resolve::<H::K, H>(options) }?;
        if optionName.is_null() || value.is_null() || type_.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let found = obj.at(index)?;
        // SAFETY: non-NULL (checked) or optional, writable per the slot's contract.
        unsafe {
            optionName.write(found.name);
            value.write(found.value);
            type_.write(found.mi_type);
            write_opt(flags, 0);
        }
        Ok(())
    })
}

pub(super) unsafe extern "system" fn get_enabled_channels<H: OptionsHandle>(
    options: *const H,
    optionName: *const MI_Char,
    channels: *mut MI_Uint32,
    bufferLength: MI_Uint32,
    channelCount: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_OperationOptions GetEnabledChannels", || {
        // SAFETY: the client's pointers, NULL or readable.
        let obj = unsafe { resolve::<H::K, H>(options) }?;
        // SAFETY: pointers from the client, NULL or valid per the slot's contract.
        let name = unsafe { name_in(optionName) }?;
        if channelCount.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: NULL or writable.
        unsafe { write_opt(flags, 0) };
        let enabled = obj.enabled_channels(&name)?.unwrap_or_default();
        let n = enabled.len() as MI_Uint32;
        // SAFETY: non-NULL, writable.
        unsafe { channelCount.write(n) };
        if n == 0 {
            return Ok(());
        }
        if bufferLength < n {
            return Err(MI_RESULT_FAILED); // the count tells the client what to allocate
        }
        if channels.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: writable for `bufferLength >= n` elements per the slot's contract.
        unsafe { std::ptr::copy_nonoverlapping(enabled.as_ptr(), channels, enabled.len()) };
        Ok(())
    })
}

pub(super) unsafe extern "system" fn get_credentials_count<H: OptionsHandle>(
    options: *const H,
    count: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_*Options GetCredentialsCount", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let obj = unsafe { resolve::<H::K, H>(options) }?;
        if count.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: non-NULL, writable per the slot's contract.
        unsafe { count.write(obj.credentials_count()) };
        Ok(())
    })
}

pub(super) unsafe extern "system" fn get_credentials_at<H: OptionsHandle>(
    options: *const H,
    index: MI_Uint32,
    optionName: *mut *const MI_Char,
    credentials: *mut MI_UserCredentials,
    flags: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_*Options GetCredentialsAt", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let obj = unsafe { resolve::<H::K, H>(options) }?;
        if optionName.is_null() || credentials.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let view = obj.credential_at(index)?;
        let credentials_union = match view.data {
            CredentialViewData::NoData => MI_UserCredentials_credentials {
                usernamePassword: MI_UsernamePasswordCreds {
                    domain: std::ptr::null(),
                    username: std::ptr::null(),
                    password: std::ptr::null(),
                },
            },
            CredentialViewData::UsernamePassword { domain, username } => MI_UserCredentials_credentials {
                usernamePassword: MI_UsernamePasswordCreds {
                    domain,
                    username,
                    // As the reference: the password is only given by GetCredentialsPasswordAt.
                    password: MASKED_PASSWORD.as_ptr(),
                },
            },
            CredentialViewData::Thumbprint(thumbprint) => {
                // Zero the whole union first, then set the member.
                let mut u = MI_UserCredentials_credentials {
                    usernamePassword: MI_UsernamePasswordCreds {
                        domain: std::ptr::null(),
                        username: std::ptr::null(),
                        password: std::ptr::null(),
                    },
                };
                u.certificateThumbprint = thumbprint;
                u
            }
        };
        // SAFETY: non-NULL (checked) or optional, writable per the slot's contract.
        unsafe {
            credentials.write(MI_UserCredentials {
                authenticationType: view.auth,
                credentials: credentials_union,
            });
            optionName.write(view.option);
            write_opt(flags, 0);
        }
        Ok(())
    })
}

pub(super) unsafe extern "system" fn get_credentials_password_at<H: OptionsHandle>(
    options: *const H,
    index: MI_Uint32,
    optionName: *mut *const MI_Char,
    password: *mut MI_Char,
    bufferLength: MI_Uint32,
    passwordLength: *mut MI_Uint32,
    flags: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_*Options GetCredentialsPasswordAt", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        let obj = unsafe { resolve::<H::K, H>(options) }?;
        if optionName.is_null() || passwordLength.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        obj.with_password_at(index, |option, secret| {
            let chars = match secret {
                PasswordAt::NotAPasswordType => return Err(MI_RESULT_INVALID_PARAMETER),
                PasswordAt::Absent => &[][..],
                PasswordAt::Present(chars) => chars,
            };
            let need = chars.len() as MI_Uint32; // including the NUL; 0 when absent
            // SAFETY: non-NULL (checked) or optional, writable per the slot's contract.
            unsafe {
                optionName.write(option);
                passwordLength.write(need);
                write_opt(flags, 0);
            }
            if bufferLength < need {
                // As the reference: a size query (bufferLength 0) succeeds with the length;
                // a buffer that is too small fails with it.
                return if bufferLength == 0 {
                    Ok(())
                } else {
                    Err(MI_RESULT_FAILED)
                };
            }
            if need == 0 {
                return Ok(());
            }
            if password.is_null() {
                return Err(MI_RESULT_INVALID_PARAMETER);
            }
            // SAFETY: writable for `bufferLength >= need` characters per the slot's
            // contract; the secret is copied straight from its own buffer.
            unsafe { std::ptr::copy_nonoverlapping(chars.as_ptr(), password, chars.len()) };
            Ok(())
        })
    })
}

// ---- clone and delete ------------------------------------------------------------------------

pub(super) unsafe extern "system" fn clone<H: OptionsHandle>(
    self_: *const H,
    newOptions: *mut H,
) -> MI_Result {
    guard("MI_*Options Clone", || {
        // Resolve before writing: `newOptions` may be the same struct as `self_`.
        // SAFETY: the client's handle pointer, NULL or readable.
        let made = unsafe { resolve::<H::K, H>(self_) }.and_then(|obj| {
            if newOptions.is_null() {
                return Err(MI_RESULT_INVALID_PARAMETER);
            }
            insert::<H>(obj.deep_clone())
        });
        // SAFETY: NULL or writable per the slot's contract; on failure the struct is left
        // safe to delete.
        unsafe { write_handle(newOptions, made.ok()) };
        made.map(drop)
    })
}

pub(super) unsafe extern "system" fn delete_void<H: OptionsHandle>(options: *mut H) {
    guard_void("MI_*Options Delete", || {
        // SAFETY: the client's handle pointer, NULL or readable. `void`: nothing to report.
        let _ = unsafe { delete::<H>(options) };
    })
}

pub(super) unsafe extern "system" fn delete_result<H: OptionsHandle>(options: *mut H) -> MI_Result {
    guard("MI_SubscriptionDeliveryOptions Delete", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        unsafe { delete::<H>(options) }
    })
}

// ---- the tables ------------------------------------------------------------------------------

type D = MI_DestinationOptions;
type O = MI_OperationOptions;
type S = MI_SubscriptionDeliveryOptions;

pub(crate) static DESTINATION_OPTIONS_FT: MI_DestinationOptionsFT = MI_DestinationOptionsFT {
    Delete: Some(delete_void::<D>),
    SetString: Some(set_string::<D>),
    SetNumber: Some(set_number::<D>),
    AddCredentials: Some(add_credentials::<D>),
    GetString: Some(get_string::<D>),
    GetNumber: Some(get_number::<D>),
    GetOptionCount: Some(get_option_count::<D>),
    GetOptionAt: Some(get_option_at::<D>),
    GetOption: Some(get_option::<D>),
    GetCredentialsCount: Some(get_credentials_count::<D>),
    GetCredentialsAt: Some(get_credentials_at::<D>),
    GetCredentialsPasswordAt: Some(get_credentials_password_at::<D>),
    Clone: Some(clone::<D>),
    SetInterval: Some(set_interval::<D>),
    GetInterval: Some(get_interval::<D>),
};

pub(crate) static OPERATION_OPTIONS_FT: MI_OperationOptionsFT = MI_OperationOptionsFT {
    Delete: Some(delete_void::<O>),
    SetString: Some(set_string::<O>),
    SetNumber: Some(set_number::<O>),
    SetCustomOption: Some(set_custom_option::<O>),
    GetString: Some(get_string::<O>),
    GetNumber: Some(get_number::<O>),
    GetOptionCount: Some(get_option_count::<O>),
    GetOptionAt: Some(get_option_at::<O>),
    GetOption: Some(get_option::<O>),
    GetEnabledChannels: Some(get_enabled_channels::<O>),
    Clone: Some(clone::<O>),
    SetInterval: Some(set_interval::<O>),
    GetInterval: Some(get_interval::<O>),
};

pub(crate) static SUBSCRIPTION_DELIVERY_OPTIONS_FT: MI_SubscriptionDeliveryOptionsFT =
    MI_SubscriptionDeliveryOptionsFT {
        SetString: Some(set_string::<S>),
        SetNumber: Some(set_number::<S>),
        SetDateTime: Some(set_date_time::<S>),
        SetInterval: Some(set_interval::<S>),
        AddCredentials: Some(add_credentials::<S>),
        Delete: Some(delete_result::<S>),
        GetString: Some(get_string::<S>),
        GetNumber: Some(get_number::<S>),
        GetDateTime: Some(get_date_time::<S>),
        GetInterval: Some(get_interval::<S>),
        GetOptionCount: Some(get_option_count::<S>),
        GetOptionAt: Some(get_option_at::<S>),
        GetOption: Some(get_option::<S>),
        GetCredentialsCount: Some(get_credentials_count::<S>),
        GetCredentialsAt: Some(get_credentials_at::<S>),
        GetCredentialsPasswordAt: Some(get_credentials_password_at::<S>),
        Clone: Some(clone::<S>),
    };
