//! Options objects: `MI_DestinationOptions`, `MI_OperationOptions` and
//! `MI_SubscriptionDeliveryOptions` are one type, [`Options`]: an ordered store of named,
//! typed values plus an ordered list of credentials. The three function tables
//! (`src/ffi/options.rs`) are thin layers over it.
//!
//! Rules (the reference's, OMI `Unix/miapi/Options.c`, unless noted):
//! * Names compare **ignoring ASCII case** (OMI keeps options as elements of a dynamic
//!   instance, whose names are CIM names); the spelling of the first set is kept.
//! * Setting an existing option replaces its value in place (its index is kept); the
//!   value must have the same type (`MI_RESULT_TYPE_MISMATCH` otherwise), and a custom
//!   option cannot be replaced by a plain one or the other way round (OMI stores custom
//!   options as embedded instances, so that is a type change there too).
//! * Typed getters on a missing name: `MI_RESULT_NO_SUCH_PROPERTY`; on a value of another
//!   type: `MI_RESULT_TYPE_MISMATCH`.
//! * Operation options keep `__MI_OPERATIONOPTIONS_CHANNEL` as an `MI_UINT32A` set of
//!   enabled channels (`SetNumber` with flags 0 enables, 1 disables).
//! * Credentials are grouped by option name (a new credential goes after the last one of
//!   its name), so indexes follow the reference. One credential per option name and
//!   authentication type (a second is `MI_RESULT_FAILED`). Passwords are [`Secret`]s:
//!   wiped when dropped, never printed.
//!
//! Pointers handed to the client (`GetString`, names, array data) point into the entry's
//! own heap buffers: valid until that option is set again or the object is deleted.
//! Replacing one option never moves another option's buffers.

use crate::abi::*;
use crate::boundary::MiResult;
use crate::handles::{Kind, tag};
use crate::strings::{eq_ascii, eq_ignore_ascii_case, from_ascii};
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};

#[cfg(test)]
mod tests;

/// The canonical option names of the reference's typed helpers (docs/ABI.md §5.7).
pub(crate) mod names {
    /// The set of enabled `WriteMessage` channels of operation options.
    pub(crate) const OPERATION_CHANNEL: &str = "__MI_OPERATIONOPTIONS_CHANNEL";
}

/// Most options one object holds (indexes are `MI_Uint32`); past it, setters return
/// `MI_RESULT_SERVER_LIMITS_EXCEEDED`.
pub(crate) const MAX_OPTIONS: usize = 1 << 16;
/// Most credentials one object holds.
pub(crate) const MAX_CREDENTIALS: usize = 1 << 16;
/// Longest array a custom option may hold, in elements.
pub(crate) const MAX_ARRAY: usize = 1 << 20;

/// The handle kinds of the three families (the same object type behind each).
pub(crate) struct DestinationOptionsKind;
impl Kind for DestinationOptionsKind {
    const TAG: u8 = tag::DESTINATION_OPTIONS;
    const NAME: &'static str = "MI_DestinationOptions";
    type Obj = Options;
}

pub(crate) struct OperationOptionsKind;
impl Kind for OperationOptionsKind {
    const TAG: u8 = tag::OPERATION_OPTIONS;
    const NAME: &'static str = "MI_OperationOptions";
    type Obj = Options;
}

pub(crate) struct SubscriptionDeliveryOptionsKind;
impl Kind for SubscriptionDeliveryOptionsKind {
    const TAG: u8 = tag::SUBSCRIPTION_DELIVERY_OPTIONS;
    const NAME: &'static str = "MI_SubscriptionDeliveryOptions";
    type Obj = Options;
}

/// Which of the three option tables an object belongs to, and what its constructor got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Destination,
    Operation {
        /// `customOptionsMustUnderstand` of `MI_Application_NewOperationOptions`.
        custom_options_must_understand: bool,
    },
    SubscriptionDelivery {
        /// `deliveryType` of `MI_Application_NewSubscriptionDeliveryOptions`.
        delivery_type: MI_SubscriptionDeliveryType,
    },
}

/// NUL-terminated `MI_Char` text owned by an options object. The buffer is allocated once,
/// with exactly the capacity it needs, and never grows: pointers into it stay valid while
/// the `Text` lives, wherever the `Text` itself moves.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Text(Vec<MI_Char>);

impl Text {
    /// Takes a buffer from [`crate::strings::copy_text`] (NUL-terminated).
    pub(crate) fn from_nul_terminated(chars: Vec<MI_Char>) -> Text {
        debug_assert_eq!(chars.last(), Some(&0));
        Text(chars)
    }

    pub(crate) fn new(chars: &[MI_Char]) -> Text {
        let mut v = Vec::with_capacity(chars.len() + 1);
        v.extend_from_slice(chars);
        v.push(0);
        Text(v)
    }

    #[cfg(test)]
    pub(crate) fn from_ascii(lit: &str) -> Text {
        Text::new(&from_ascii(lit))
    }

    /// The characters, without the NUL.
    pub(crate) fn chars(&self) -> &[MI_Char] {
        &self.0[..self.0.len() - 1]
    }

    /// The NUL-terminated string, for the client.
    pub(crate) fn as_ptr(&self) -> *const MI_Char {
        self.0.as_ptr()
    }

    fn same_name(&self, other: &[MI_Char]) -> bool {
        eq_ignore_ascii_case(self.chars(), other)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s: String = self
            .chars()
            .iter()
            .map(|&c| char::from_u32(crate::strings::unit(c)).unwrap_or('?'))
            .collect();
        write!(f, "{s:?}")
    }
}

/// A password: NUL-terminated text that is overwritten with zeroes before its memory is
/// freed, and that no `Debug` output or log line ever shows.
pub(crate) struct Secret(Vec<MI_Char>);

impl Secret {
    /// Takes a buffer from [`crate::strings::copy_text`] (NUL-terminated, capacity exact).
    pub(crate) fn from_nul_terminated(chars: Vec<MI_Char>) -> Secret {
        debug_assert_eq!(chars.last(), Some(&0));
        Secret(chars)
    }

    /// The characters including the NUL.
    pub(crate) fn with_nul(&self) -> &[MI_Char] {
        &self.0
    }
}

impl Clone for Secret {
    fn clone(&self) -> Secret {
        // `to_vec` allocates exactly `len`: no spare capacity, never reallocated.
        Secret(self.0.to_vec())
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Overwrites the whole allocation of `buf` (its capacity, not only its length) with
/// zeroes, with volatile writes the compiler cannot drop as dead stores.
fn wipe(buf: &mut Vec<MI_Char>) {
    let ptr = buf.as_mut_ptr();
    for i in 0..buf.capacity() {
        // SAFETY: `i < capacity`, so `ptr + i` is inside the allocation; writing a
        // character to allocated memory (initialised or not) is allowed.
        unsafe { ptr.add(i).write_volatile(0) };
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
    #[cfg(test)]
    // SAFETY: every character up to the capacity was just written.
    tests::wipe_hook::record(unsafe { std::slice::from_raw_parts(ptr, buf.capacity()) });
}

/// A list of strings with the pointer array `MI_StringA` hands out, built once.
pub(crate) struct StringArray {
    items: Vec<Text>,
    ptrs: Vec<*mut MI_Char>,
}

// SAFETY: `ptrs` only points into the heap buffers of `items`, which this struct owns and
// never mutates; sharing or sending it shares or sends plain immutable data.
unsafe impl Send for StringArray {}
// SAFETY: as above.
unsafe impl Sync for StringArray {}

impl StringArray {
    pub(crate) fn new(items: Vec<Text>) -> StringArray {
        // `as_ptr` of each buffer; moving a `Text` (a `Vec`) does not move its buffer.
        let ptrs = items.iter().map(|t| t.as_ptr().cast_mut()).collect();
        StringArray { items, ptrs }
    }
}

impl Clone for StringArray {
    fn clone(&self) -> StringArray {
        StringArray::new(self.items.clone())
    }
}

impl fmt::Debug for StringArray {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.items).finish()
    }
}

/// A datetime with `Debug` (the ABI type has none: it holds a union). Transparent, so a
/// `Vec<Datetime>` is handed out as an `MI_Datetime` array.
#[derive(Clone, Copy)]
#[repr(transparent)]
pub(crate) struct Datetime(pub(crate) MI_Datetime);

impl fmt::Debug for Datetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: both union members are eight `u32`-sized plain integers.
        let words: [u32; 8] = unsafe { std::mem::transmute(self.0.u) };
        write!(f, "Datetime(isTimestamp={}, {words:?})", self.0.isTimestamp)
    }
}

/// An instance or reference option value, or an array of them: a deep copy made by the
/// instance implementation, owned by the options object (NULL when `stored` is `None`).
pub(crate) struct InstanceValue {
    ty: MI_Type,
    stored: Option<crate::instance::value::Stored>,
}

impl InstanceValue {
    pub(crate) fn new(ty: MI_Type, stored: Option<crate::instance::value::Stored>) -> InstanceValue {
        InstanceValue { ty, stored }
    }
}

// SAFETY: the stored instances are deep copies that only this value points to; they are read
// and dropped under the options object's lock, from whichever thread holds it.
unsafe impl Send for InstanceValue {}
// SAFETY: as above; shared access only reads the view.
unsafe impl Sync for InstanceValue {}

impl Clone for InstanceValue {
    fn clone(&self) -> Self {
        // Copying a value that was copied in once can only fail for want of memory.
        let stored = self.stored.as_ref().map(|s| {
            s.duplicate(self.ty)
                .ok()
                .flatten()
                .expect("an instance value copies again")
        });
        InstanceValue { ty: self.ty, stored }
    }
}

impl std::fmt::Debug for InstanceValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "InstanceValue(type {}, {})",
            self.ty,
            if self.stored.is_some() { "set" } else { "NULL" }
        )
    }
}

/// One option value: every `MI_Type`.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Boolean(MI_Boolean),
    Uint8(MI_Uint8),
    Sint8(MI_Sint8),
    Uint16(MI_Uint16),
    Sint16(MI_Sint16),
    Uint32(MI_Uint32),
    Sint32(MI_Sint32),
    Uint64(MI_Uint64),
    Sint64(MI_Sint64),
    Real32(MI_Real32),
    Real64(MI_Real64),
    Char16(MI_Char16),
    Datetime(Datetime),
    String(Text),
    BooleanA(Vec<MI_Boolean>),
    Uint8A(Vec<MI_Uint8>),
    Sint8A(Vec<MI_Sint8>),
    Uint16A(Vec<MI_Uint16>),
    Sint16A(Vec<MI_Sint16>),
    Uint32A(Vec<MI_Uint32>),
    Sint32A(Vec<MI_Sint32>),
    Uint64A(Vec<MI_Uint64>),
    Sint64A(Vec<MI_Sint64>),
    Real32A(Vec<MI_Real32>),
    Real64A(Vec<MI_Real64>),
    Char16A(Vec<MI_Char16>),
    DatetimeA(Vec<Datetime>),
    StringA(StringArray),
    /// `MI_INSTANCE`, `MI_REFERENCE` and their arrays.
    Instance(InstanceValue),
}

/// An `MI_<T>A` array image: `data` (NULL when empty) and `size`.
macro_rules! array_image {
    ($ty:ident, $v:expr) => {{
        let v = $v;
        $ty {
            data: if v.is_empty() {
                std::ptr::null_mut()
            } else {
                v.as_ptr().cast_mut().cast()
            },
            size: v.len() as MI_Uint32,
        }
    }};
}

impl Value {
    pub(crate) fn mi_type(&self) -> MI_Type {
        match self {
            Value::Boolean(_) => MI_BOOLEAN,
            Value::Uint8(_) => MI_UINT8,
            Value::Sint8(_) => MI_SINT8,
            Value::Uint16(_) => MI_UINT16,
            Value::Sint16(_) => MI_SINT16,
            Value::Uint32(_) => MI_UINT32,
            Value::Sint32(_) => MI_SINT32,
            Value::Uint64(_) => MI_UINT64,
            Value::Sint64(_) => MI_SINT64,
            Value::Real32(_) => MI_REAL32,
            Value::Real64(_) => MI_REAL64,
            Value::Char16(_) => MI_CHAR16,
            Value::Datetime(_) => MI_DATETIME,
            Value::String(_) => MI_STRING,
            Value::BooleanA(_) => MI_BOOLEANA,
            Value::Uint8A(_) => MI_UINT8A,
            Value::Sint8A(_) => MI_SINT8A,
            Value::Uint16A(_) => MI_UINT16A,
            Value::Sint16A(_) => MI_SINT16A,
            Value::Uint32A(_) => MI_UINT32A,
            Value::Sint32A(_) => MI_SINT32A,
            Value::Uint64A(_) => MI_UINT64A,
            Value::Sint64A(_) => MI_SINT64A,
            Value::Real32A(_) => MI_REAL32A,
            Value::Real64A(_) => MI_REAL64A,
            Value::Char16A(_) => MI_CHAR16A,
            Value::DatetimeA(_) => MI_DATETIMEA,
            Value::StringA(_) => MI_STRINGA,
            Value::Instance(i) => i.ty,
        }
    }

    /// The `MI_Value` the client sees: scalars by value, strings and arrays as pointers
    /// into this value's own buffers (valid while it lives).
    pub(crate) fn image(&self) -> MI_Value {
        // SAFETY: `MI_Value` is a union of integers, floats and raw pointers, for all of
        // which all-zero bytes are a valid value.
        let mut v: MI_Value = unsafe { std::mem::zeroed() };
        match self {
            Value::Boolean(x) => v.boolean = *x,
            Value::Uint8(x) => v.uint8 = *x,
            Value::Sint8(x) => v.sint8 = *x,
            Value::Uint16(x) => v.uint16 = *x,
            Value::Sint16(x) => v.sint16 = *x,
            Value::Uint32(x) => v.uint32 = *x,
            Value::Sint32(x) => v.sint32 = *x,
            Value::Uint64(x) => v.uint64 = *x,
            Value::Sint64(x) => v.sint64 = *x,
            Value::Real32(x) => v.real32 = *x,
            Value::Real64(x) => v.real64 = *x,
            Value::Char16(x) => v.char16 = *x,
            Value::Datetime(x) => v.datetime = x.0,
            Value::String(t) => v.string = t.as_ptr().cast_mut(),
            Value::BooleanA(a) => v.booleana = array_image!(MI_BooleanA, a),
            Value::Uint8A(a) => v.uint8a = array_image!(MI_Uint8A, a),
            Value::Sint8A(a) => v.sint8a = array_image!(MI_Sint8A, a),
            Value::Uint16A(a) => v.uint16a = array_image!(MI_Uint16A, a),
            Value::Sint16A(a) => v.sint16a = array_image!(MI_Sint16A, a),
            Value::Uint32A(a) => v.uint32a = array_image!(MI_Uint32A, a),
            Value::Sint32A(a) => v.sint32a = array_image!(MI_Sint32A, a),
            Value::Uint64A(a) => v.uint64a = array_image!(MI_Uint64A, a),
            Value::Sint64A(a) => v.sint64a = array_image!(MI_Sint64A, a),
            Value::Real32A(a) => v.real32a = array_image!(MI_Real32A, a),
            Value::Real64A(a) => v.real64a = array_image!(MI_Real64A, a),
            Value::Char16A(a) => v.char16a = array_image!(MI_Char16A, a),
            Value::DatetimeA(a) => v.datetimea = array_image!(MI_DatetimeA, a),
            Value::StringA(s) => v.stringa = array_image!(MI_StringA, &s.ptrs),
            Value::Instance(i) => {
                if let Some(stored) = &i.stored {
                    v = *stored.view();
                }
            }
        }
        v
    }
}

/// One named option.
#[derive(Debug, Clone)]
struct Entry {
    name: Text,
    value: Value,
    /// `Some(mustComply)` for an option set with `SetCustomOption`.
    custom: Option<bool>,
}

/// An option as a getter reports it.
#[derive(Clone, Copy)]
pub(crate) struct Found {
    pub(crate) index: MI_Uint32,
    pub(crate) name: *const MI_Char,
    pub(crate) mi_type: MI_Type,
    pub(crate) value: MI_Value,
}

/// How a credential's authentication type stores its secret, by the reference's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthClass {
    /// `Default`, `None`, `NegoNoCreds`: nothing beyond the type.
    NoData,
    /// `Digest`, `NegoWithCreds`, `Basic`, `Kerberos`, `Ntlmdomain`, `CredSSP`.
    UsernamePassword,
    /// `ClientCerts`, `IssuerCert`.
    Thumbprint,
}

impl AuthClass {
    /// The class of an authentication type, compared exactly (as the reference does);
    /// `None` for a type the reference does not know.
    pub(crate) fn of(auth: &[MI_Char]) -> Option<AuthClass> {
        const NO_DATA: [&str; 3] = ["None", "NegoNoCreds", "Default"];
        // OMI accepts CredSSP only on Windows (`WINVER >= 0x600`); the type is the
        // same user name and password, so it is accepted on every platform here.
        const USER: [&str; 6] = [
            "Digest",
            "NegoWithCreds",
            "Basic",
            "Kerberos",
            "Ntlmdomain",
            "CredSSP",
        ];
        const THUMB: [&str; 2] = ["ClientCerts", "IssuerCert"];
        let is = |list: &[&str]| list.iter().any(|lit| eq_ascii(auth, lit));
        if is(&NO_DATA) {
            Some(AuthClass::NoData)
        } else if is(&USER) {
            Some(AuthClass::UsernamePassword)
        } else if is(&THUMB) {
            Some(AuthClass::Thumbprint)
        } else {
            None
        }
    }
}

/// What a credential holds besides its authentication type.
#[derive(Debug, Clone)]
pub(crate) enum CredentialData {
    NoData,
    UsernamePassword {
        domain: Option<Text>,
        username: Text,
        password: Option<Secret>,
    },
    Thumbprint(Option<Text>),
}

/// One credential added with `AddCredentials`.
#[derive(Debug, Clone)]
pub(crate) struct Credential {
    pub(crate) auth: Text,
    pub(crate) data: CredentialData,
}

/// A credential as `GetCredentialsAt` reports it: pointers into the object.
pub(crate) struct CredentialView {
    pub(crate) option: *const MI_Char,
    pub(crate) auth: *const MI_Char,
    pub(crate) data: CredentialViewData,
}

pub(crate) enum CredentialViewData {
    NoData,
    UsernamePassword {
        domain: *const MI_Char,
        username: *const MI_Char,
    },
    Thumbprint(*const MI_Char),
}

/// What `GetCredentialsPasswordAt` finds at an index.
pub(crate) enum PasswordAt<'a> {
    /// The credential's type carries no password (`MI_RESULT_INVALID_PARAMETER`).
    NotAPasswordType,
    /// A password type added with a NULL password.
    Absent,
    /// The password, including its NUL.
    Present(&'a [MI_Char]),
}

#[derive(Debug, Clone)]
struct StoredCredential {
    option: Text,
    credential: Credential,
}

#[derive(Debug, Clone, Default)]
struct Store {
    entries: Vec<Entry>,
    credentials: Vec<StoredCredential>,
}

impl Store {
    fn find(&self, name: &[MI_Char]) -> Option<usize> {
        self.entries.iter().position(|e| e.name.same_name(name))
    }

    fn found(&self, index: usize) -> Found {
        let e = &self.entries[index];
        Found {
            index: index as MI_Uint32,
            name: e.name.as_ptr(),
            mi_type: e.value.mi_type(),
            value: e.value.image(),
        }
    }
}

/// One options object (any of the three families).
#[derive(Debug)]
pub(crate) struct Options {
    family: Family,
    store: Mutex<Store>,
}

impl Options {
    pub(crate) fn new(family: Family) -> Options {
        Options {
            family,
            store: Mutex::new(Store::default()),
        }
    }

    #[allow(dead_code)] // kept, but not yet visible to protocol handlers: no MI table slot carries it (docs/STATUS.md)
    pub(crate) fn family(&self) -> Family {
        self.family
    }

    fn lock(&self) -> MutexGuard<'_, Store> {
        // Every method leaves the store consistent before anything can panic in it, so a
        // poisoned lock still guards a usable store.
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A deep, independent copy (same family, options, credentials and passwords).
    pub(crate) fn deep_clone(&self) -> Options {
        Options {
            family: self.family,
            store: Mutex::new(self.lock().clone()),
        }
    }

    /// Sets `name` to `value`; `custom` is `Some(mustComply)` for `SetCustomOption`.
    pub(crate) fn set(&self, name: &[MI_Char], value: Value, custom: Option<bool>) -> MiResult {
        if name.is_empty() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let mut store = self.lock();
        match store.find(name) {
            Some(i) => {
                let entry = &mut store.entries[i];
                if entry.value.mi_type() != value.mi_type() || entry.custom.is_some() != custom.is_some() {
                    log::debug!(
                        "option {:?}: type {} cannot replace type {}",
                        entry.name,
                        value.mi_type(),
                        entry.value.mi_type()
                    );
                    return Err(MI_RESULT_TYPE_MISMATCH);
                }
                entry.value = value;
                entry.custom = custom;
            }
            None => {
                if store.entries.len() >= MAX_OPTIONS {
                    return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
                }
                store.entries.push(Entry {
                    name: Text::new(name),
                    value,
                    custom,
                });
            }
        }
        Ok(())
    }

    /// Whether `name` is the channel set of operation options (only those have one).
    pub(crate) fn is_channel_option(&self, name: &[MI_Char]) -> bool {
        matches!(self.family, Family::Operation { .. })
            && eq_ignore_ascii_case(name, &from_ascii(names::OPERATION_CHANNEL))
    }

    /// Enables or disables one channel in the `MI_UINT32A` set `name` (created empty).
    pub(crate) fn set_channel(&self, name: &[MI_Char], channel: MI_Uint32, enable: bool) -> MiResult {
        let mut store = self.lock();
        let index = match store.find(name) {
            Some(i) => i,
            None => {
                if store.entries.len() >= MAX_OPTIONS {
                    return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
                }
                store.entries.push(Entry {
                    name: Text::new(name),
                    value: Value::Uint32A(Vec::new()),
                    custom: None,
                });
                store.entries.len() - 1
            }
        };
        let entry = &mut store.entries[index];
        let Value::Uint32A(channels) = &entry.value else {
            return Err(MI_RESULT_TYPE_MISMATCH);
        };
        if entry.custom.is_some() {
            return Err(MI_RESULT_TYPE_MISMATCH);
        }
        let present = channels.contains(&channel);
        if enable == present {
            return Ok(());
        }
        // A new buffer, so that data a getter handed out before stays as it was until
        // this value is replaced (it is replaced right here, as documented).
        let mut next: Vec<MI_Uint32> = channels.iter().copied().filter(|&c| c != channel).collect();
        if enable {
            next.push(channel);
        }
        entry.value = Value::Uint32A(next);
        Ok(())
    }

    /// The enabled channels in `name`; `Ok(None)` when the set was never created.
    pub(crate) fn enabled_channels(&self, name: &[MI_Char]) -> MiResult<Option<Vec<MI_Uint32>>> {
        let store = self.lock();
        let Some(i) = store.find(name) else {
            return Ok(None);
        };
        let entry = &store.entries[i];
        match &entry.value {
            Value::Uint32A(c) if entry.custom.is_none() && self.is_channel_option(name) => {
                Ok(Some(c.clone()))
            }
            _ => Err(MI_RESULT_TYPE_MISMATCH),
        }
    }

    /// The option called `name`.
    pub(crate) fn get(&self, name: &[MI_Char]) -> MiResult<Found> {
        let store = self.lock();
        store
            .find(name)
            .map(|i| store.found(i))
            .ok_or(MI_RESULT_NO_SUCH_PROPERTY)
    }

    /// `mustComply` of a custom option (`None` for a plain option); for protocol handlers.
    #[allow(dead_code)] // kept, but not yet visible to protocol handlers: no MI table slot carries it (docs/STATUS.md)
    pub(crate) fn must_comply(&self, name: &[MI_Char]) -> MiResult<Option<bool>> {
        let store = self.lock();
        let i = store.find(name).ok_or(MI_RESULT_NO_SUCH_PROPERTY)?;
        Ok(store.entries[i].custom)
    }

    pub(crate) fn count(&self) -> MI_Uint32 {
        self.lock().entries.len() as MI_Uint32
    }

    /// The option at `index`. As the reference: an object without options answers
    /// `MI_RESULT_NO_SUCH_PROPERTY`, an index past the end `MI_RESULT_INVALID_PARAMETER`.
    pub(crate) fn at(&self, index: MI_Uint32) -> MiResult<Found> {
        let store = self.lock();
        if store.entries.is_empty() {
            return Err(MI_RESULT_NO_SUCH_PROPERTY);
        }
        if index as usize >= store.entries.len() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        Ok(store.found(index as usize))
    }

    /// Adds a credential under `option`. A second credential with the same option name
    /// (ignoring case) and authentication type is `MI_RESULT_FAILED`, as in the reference.
    pub(crate) fn add_credential(&self, option: &[MI_Char], credential: Credential) -> MiResult {
        if option.is_empty() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let mut store = self.lock();
        if store.credentials.len() >= MAX_CREDENTIALS {
            return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
        }
        let same_option = |c: &StoredCredential| c.option.same_name(option);
        if store
            .credentials
            .iter()
            .any(|c| same_option(c) && c.credential.auth.same_name(credential.auth.chars()))
        {
            log::debug!(
                "AddCredentials: a {:?} credential for this option exists",
                credential.auth
            );
            return Err(MI_RESULT_FAILED);
        }
        // After the last credential of the same option name, so that the flat index order
        // is the reference's (grouped by option name, in order of first use).
        let at = store
            .credentials
            .iter()
            .rposition(same_option)
            .map_or(store.credentials.len(), |i| i + 1);
        // The first spelling of the option name is kept for the whole group.
        let option = match at.checked_sub(1).map(|i| &store.credentials[i]) {
            Some(prev) if same_option(prev) => prev.option.clone(),
            _ => Text::new(option),
        };
        store
            .credentials
            .insert(at, StoredCredential { option, credential });
        Ok(())
    }

    pub(crate) fn credentials_count(&self) -> MI_Uint32 {
        self.lock().credentials.len() as MI_Uint32
    }

    /// Checks a credential index the reference's way: an object that never had a
    /// credential answers `MI_RESULT_INVALID_PARAMETER`, an index past the end
    /// `MI_RESULT_NO_SUCH_PROPERTY`.
    fn credential_index(store: &Store, index: MI_Uint32) -> MiResult<usize> {
        if store.credentials.is_empty() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let i = index as usize;
        if i >= store.credentials.len() {
            return Err(MI_RESULT_NO_SUCH_PROPERTY);
        }
        Ok(i)
    }

    /// The credential at `index` (its password is not part of the view).
    pub(crate) fn credential_at(&self, index: MI_Uint32) -> MiResult<CredentialView> {
        let store = self.lock();
        let c = &store.credentials[Self::credential_index(&store, index)?];
        let data = match &c.credential.data {
            CredentialData::NoData => CredentialViewData::NoData,
            CredentialData::UsernamePassword { domain, username, .. } => {
                CredentialViewData::UsernamePassword {
                    domain: domain.as_ref().map_or(std::ptr::null(), Text::as_ptr),
                    username: username.as_ptr(),
                }
            }
            CredentialData::Thumbprint(t) => {
                CredentialViewData::Thumbprint(t.as_ref().map_or(std::ptr::null(), Text::as_ptr))
            }
        };
        Ok(CredentialView {
            option: c.option.as_ptr(),
            auth: c.credential.auth.as_ptr(),
            data,
        })
    }

    /// Runs `with` on the password at `index` while the object is locked, so the secret
    /// is copied straight from its one buffer into the caller's, never through another.
    /// `with` gets the credential's option name (a pointer into the object) too.
    pub(crate) fn with_password_at<R>(
        &self,
        index: MI_Uint32,
        with: impl FnOnce(*const MI_Char, PasswordAt<'_>) -> MiResult<R>,
    ) -> MiResult<R> {
        let store = self.lock();
        let c = &store.credentials[Self::credential_index(&store, index)?];
        let password = match &c.credential.data {
            CredentialData::UsernamePassword {
                password: Some(p), ..
            } => PasswordAt::Present(p.with_nul()),
            CredentialData::UsernamePassword { password: None, .. } => PasswordAt::Absent,
            _ => PasswordAt::NotAPasswordType,
        };
        with(c.option.as_ptr(), password)
    }
}
