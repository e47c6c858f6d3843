//! `MI_SerializerFT` and `MI_DeserializerFT` (docs/SPEC.md §8.5), the constructors the
//! application table and the two MOF exports share, and the handle layout PowerShell
//! relies on.
//!
//! A serializer or deserializer handle is a key of the handle table in `reserved1`, and
//! in `reserved2` the address of its function table: PowerShell's MMI on Linux calls the
//! slots through the table it finds at `reserved2` (as OMI's MOF codec lays its handles
//! out), so the deserializer's table is followed by the two slots MMI's MOF deserializer
//! table declares (`DeserializeClassArray_MOF`, `DeserializeInstanceArray_MOF`: every
//! class or instance of a MOF document in an `MI_ExtendedArray`, OMI's
//! `MI_DeserializerFT_INTL` extension). The library itself never reads `reserved2`.

use super::class::TABLES as CLASS_TABLES;
use super::instance::INSTANCE_FT;
use super::{DeserializerKind, SerializerKind, key_of, write_opt};
use crate::abi::*;
use crate::boundary::{MiResult, guard};
use crate::client::ClassNeeded;
use crate::handles::{HANDLES, Kind};
use crate::schema::class::Class;
use crate::schema::model::ClassModel;
use crate::serial::obj::{self, Tables};
use crate::serial::{self, Classes, Format, NameOf, SerialError};
use crate::strings::{self, Name};
use core::ffi::c_void;
use std::ptr::{null, null_mut};
use std::sync::Arc;

pub(crate) const TABLES: Tables = Tables {
    instance: &INSTANCE_FT,
    class: &CLASS_TABLES,
};

/// Whether buffers are UTF-16 (`MI_Char` is 2 bytes: Windows), as `crate::serial::wire` says.
const WIDE: bool = size_of::<MI_Char>() == 2;

/// Most class objects one `DeserializeInstance` takes.
const MAX_CLASS_OBJECTS: u32 = 1 << 12;

pub(crate) static SERIALIZER_FT: MI_SerializerFT = MI_SerializerFT {
    Close: Some(serializer_close),
    SerializeClass: Some(serializer_serialize_class),
    SerializeInstance: Some(serializer_serialize_instance),
};

/// MMI's `MI_MOFDeserializerFT`: the deserializer table and two MOF-only slots.
#[repr(C)]
pub(crate) struct DeserializerTables {
    pub(crate) ft: MI_DeserializerFT,
    class_array: Option<ClassArraySlot>,
    instance_array: Option<InstanceArraySlot>,
}

/// MMI's `DeserializeClassArray_MOF`: deserializer, flags, options, callbacks, buffer,
/// length, classes (`MI_ClassA *`), serverName, namespaceName, bytes read, result array
/// (`MI_ExtendedArray **`), error details.
type ClassArraySlot = unsafe extern "system" fn(
    *mut MI_Deserializer,
    MI_Uint32,
    *mut c_void,
    *mut c_void,
    *mut MI_Uint8,
    MI_Uint32,
    *mut c_void,
    *const MI_Char,
    *const MI_Char,
    *mut MI_Uint32,
    *mut c_void,
    *mut *mut MI_Instance,
) -> MI_Result;

/// MMI's `DeserializeInstanceArray_MOF`: as the class one without server and namespace.
type InstanceArraySlot = unsafe extern "system" fn(
    *mut MI_Deserializer,
    MI_Uint32,
    *mut c_void,
    *mut c_void,
    *mut MI_Uint8,
    MI_Uint32,
    *mut c_void,
    *mut MI_Uint32,
    *mut c_void,
    *mut *mut MI_Instance,
) -> MI_Result;

pub(crate) static DESERIALIZER_TABLES: DeserializerTables = DeserializerTables {
    ft: MI_DeserializerFT {
        Close: Some(deserializer_close),
        DeserializeClass: Some(deserializer_deserialize_class),
        Class_GetClassName: Some(deserializer_class_get_class_name),
        Class_GetParentClassName: Some(deserializer_class_get_parent_class_name),
        DeserializeInstance: Some(deserializer_deserialize_instance),
        Instance_GetClassName: Some(deserializer_instance_get_class_name),
    },
    class_array: Some(deserialize_class_array_mof),
    instance_array: Some(deserialize_instance_array_mof),
};

/// The format a client names, read from `MI_Char` text. NULL is
/// `MI_RESULT_INVALID_PARAMETER`, an unknown name `MI_RESULT_NOT_SUPPORTED`.
///
/// # Safety
/// `format` is NULL or NUL-terminated.
unsafe fn format_of(format: *const MI_Char) -> MiResult<Format> {
    // SAFETY: `format` is NULL or NUL-terminated (this function's `# Safety`).
    let name = unsafe { strings::utf8(format) }?.ok_or(MI_RESULT_INVALID_PARAMETER)?;
    Format::from_name(&name).ok_or_else(|| {
        log::debug!(
            "serializer format {name:?} is not supported (MI_XML, {})",
            serial::FORMAT_MOF
        );
        MI_RESULT_NOT_SUPPORTED
    })
}

/// The MOF exports' format argument: `MI_MOF_CIMV2_EXTV1` as `MI_Char` text, or as
/// UTF-16 (what PowerShell's MMI marshals, `LPWStr`, where it calls these exports).
///
/// # Safety
/// `format` is NULL, or a NUL-terminated `MI_Char` string, or a NUL-terminated UTF-16
/// string.
unsafe fn mof_format_of(format: *const MI_Char) -> MiResult<Format> {
    if format.is_null() {
        return Err(MI_RESULT_NOT_SUPPORTED);
    }
    // SAFETY: NUL-terminated in one of the two encodings (contract): the first two bytes
    // are readable either way (a UTF-16 string has at least its NUL unit).
    let wide =
        size_of::<MI_Char>() == 1 && unsafe { *format.cast::<u8>().add(1) } == 0 && unsafe { *format } != 0;
    if wide {
        let p = format.cast::<u16>();
        let mut units = Vec::new();
        while units.len() <= 64 {
            // SAFETY: a NUL-terminated UTF-16 string (contract), read up to its NUL, bounded.
            let u = unsafe { *p.add(units.len()) };
            if u == 0 {
                break;
            }
            units.push(u);
        }
        return if String::from_utf16(&units).is_ok_and(|s| s == serial::FORMAT_MOF) {
            Ok(Format::Mof)
        } else {
            Err(MI_RESULT_NOT_SUPPORTED)
        };
    }
    // SAFETY: `format` is NULL or NUL-terminated text here (checked as such above or the
    // caller's `# Safety`), what `format_of` needs.
    match unsafe { format_of(format) } {
        Ok(Format::Mof) => Ok(Format::Mof),
        _ => Err(MI_RESULT_NOT_SUPPORTED),
    }
}

/// Puts a serializer or deserializer of `format` in the table; its reserved words.
fn insert<K: Kind<Obj = Format>>(format: Format, table: *const c_void) -> MiResult<(u64, isize)> {
    let key = HANDLES.insert::<K>(Arc::new(format)).map_err(|_| {
        log::error!("{}: handle table full", K::NAME);
        MI_RESULT_SERVER_LIMITS_EXCEEDED
    })?;
    Ok((key.pack().0, table as isize))
}

/// `NewSerializer`, once the application is checked and `*serializer` zeroed.
///
/// # Safety
/// `serializer` is NULL or writable.
pub(crate) unsafe fn new_serializer(
    flags: MI_Uint32,
    format: MiResult<Format>,
    serializer: *mut MI_Serializer,
) -> MiResult {
    if serializer.is_null() || flags != 0 {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    let (reserved1, reserved2) =
        insert::<SerializerKind>(format?, (&SERIALIZER_FT as *const MI_SerializerFT).cast())?;
    // SAFETY: non-NULL, writable (contract).
    unsafe { serializer.write(MI_Serializer { reserved1, reserved2 }) };
    Ok(())
}

/// `NewDeserializer`, once the application is checked and `*deserializer` zeroed.
///
/// # Safety
/// `deserializer` is NULL or writable.
pub(crate) unsafe fn new_deserializer(
    flags: MI_Uint32,
    format: MiResult<Format>,
    deserializer: *mut MI_Deserializer,
) -> MiResult {
    if deserializer.is_null() || flags != 0 {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    let table = (&DESERIALIZER_TABLES as *const DeserializerTables).cast();
    let (reserved1, reserved2) = insert::<DeserializerKind>(format?, table)?;
    // SAFETY: non-NULL, writable (contract).
    unsafe { deserializer.write(MI_Deserializer { reserved1, reserved2 }) };
    Ok(())
}

/// The format of a table slot's own-format argument (`MI_ApplicationFT.NewSerializer`).
///
/// # Safety
/// `format` is NULL or NUL-terminated.
pub(crate) unsafe fn table_format(format: *const MI_Char) -> MiResult<Format> {
    // SAFETY: `format` NULL or NUL-terminated (this function's `# Safety`), as `format_of` needs.
    unsafe { format_of(format) }
}

/// The format of a MOF export's argument.
///
/// # Safety
/// As [`mof_format_of`].
pub(crate) unsafe fn export_format(format: *const MI_Char) -> MiResult<Format> {
    // SAFETY: the caller's `format` under `mof_format_of`'s own contract (this function's
    // `# Safety` is that contract).
    unsafe { mof_format_of(format) }
}

/// Logs a codec error, fills `*details` (when asked for) with an `OMI_Error` instance
/// carrying its message, and returns its result.
///
/// # Safety
/// `details` is NULL or writable.
unsafe fn fail(slot: &str, e: SerialError, details: *mut *mut MI_Instance) -> MI_Result {
    log::debug!("{slot}: {e}");
    if !details.is_null() {
        let msg = strings::encode(&e.message.replace('\0', " "));
        let ty = strings::encode("MI");
        // SAFETY: NUL-terminated locals.
        if let Ok(inst) = unsafe {
            crate::instance::error::omi_error(
                &super::instance::INSTANCE_FT,
                e.result,
                ty.as_ptr(),
                msg.as_ptr(),
            )
        } {
            // SAFETY: writable (contract).
            unsafe { details.write(inst) };
        }
    }
    e.result
}

fn serial_result(e: SerialError, slot: &str) -> MI_Result {
    log::debug!("{slot}: {e}");
    e.result
}

/// Copies a document into the client's buffer: `*needed` is always its size; a NULL
/// buffer of length 0 (the size query) or a short buffer is `MI_RESULT_FAILED` with
/// nothing written (OMI's and mi.dll's answer, which MMI's size query expects); a NULL
/// buffer that claims a length is `MI_RESULT_INVALID_PARAMETER`.
///
/// # Safety
/// `buffer` is NULL or writable for `length` bytes; `needed` is writable.
unsafe fn deliver(doc: &[u8], buffer: *mut MI_Uint8, length: MI_Uint32, needed: *mut MI_Uint32) -> MiResult {
    if buffer.is_null() && length != 0 {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    let size = MI_Uint32::try_from(doc.len()).map_err(|_| MI_RESULT_SERVER_LIMITS_EXCEEDED)?;
    // SAFETY: writable (contract).
    unsafe { needed.write(size) };
    if buffer.is_null() || length < size {
        return Err(MI_RESULT_FAILED);
    }
    // SAFETY: `buffer` writable for `length >= size` bytes (contract); `doc` is ours.
    unsafe { std::ptr::copy_nonoverlapping(doc.as_ptr(), buffer, doc.len()) };
    Ok(())
}

unsafe extern "system" fn serializer_close(serializer: *mut MI_Serializer) -> MI_Result {
    guard("MI_Serializer_Close", || {
        // SAFETY: the client's handle, NULL or readable.
        let key = unsafe { key_of(serializer) }?;
        HANDLES.remove::<SerializerKind>(key).map(drop).ok_or_else(|| {
            log::debug!("MI_Serializer_Close on a stale or wrong-kind handle");
            MI_RESULT_INVALID_PARAMETER
        })
    })
}

unsafe extern "system" fn serializer_serialize_class(
    serializer: *mut MI_Serializer,
    flags: MI_Uint32,
    classObject: *const MI_Class,
    clientBuffer: *mut MI_Uint8,
    clientBufferLength: MI_Uint32,
    clientBufferNeeded: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_Serializer_SerializeClass", || {
        // SAFETY: the client's handle, NULL or readable.
        let format = *unsafe { super::resolve::<SerializerKind, _>(serializer) }?;
        if classObject.is_null() || clientBufferNeeded.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: the client's class object, live for the call (MI contract).
        let doc = unsafe { serial::serialize_class(format, flags, classObject, &TABLES) }
            .map_err(|e| serial_result(e, "MI_Serializer_SerializeClass"))?;
        let doc = serial::wire::to_wire(doc, WIDE);
        // SAFETY: the client's buffer and out-pointer (checked non-NULL).
        unsafe { deliver(&doc, clientBuffer, clientBufferLength, clientBufferNeeded) }
    })
}

unsafe extern "system" fn serializer_serialize_instance(
    serializer: *mut MI_Serializer,
    flags: MI_Uint32,
    instanceObject: *const MI_Instance,
    clientBuffer: *mut MI_Uint8,
    clientBufferLength: MI_Uint32,
    clientBufferNeeded: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_Serializer_SerializeInstance", || {
        // SAFETY: the client's handle, NULL or readable.
        let format = *unsafe { super::resolve::<SerializerKind, _>(serializer) }?;
        if instanceObject.is_null() || clientBufferNeeded.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: the client's instance, live for the call (MI contract).
        let doc = unsafe { serial::serialize_instance(format, flags, instanceObject, &TABLES) }
            .map_err(|e| serial_result(e, "MI_Serializer_SerializeInstance"))?;
        let doc = serial::wire::to_wire(doc, WIDE);
        // SAFETY: the client's buffer and out-pointer (checked non-NULL).
        unsafe { deliver(&doc, clientBuffer, clientBufferLength, clientBufferNeeded) }
    })
}

unsafe extern "system" fn deserializer_close(deserializer: *mut MI_Deserializer) -> MI_Result {
    guard("MI_Deserializer_Close", || {
        // SAFETY: the client's handle, NULL or readable.
        let key = unsafe { key_of(deserializer) }?;
        HANDLES.remove::<DeserializerKind>(key).map(drop).ok_or_else(|| {
            log::debug!("MI_Deserializer_Close on a stale or wrong-kind handle");
            MI_RESULT_INVALID_PARAMETER
        })
    })
}

/// The client's serialized buffer: non-NULL with a non-zero length.
///
/// # Safety
/// `buffer` is NULL or readable for `length` bytes, unchanged during the call.
unsafe fn input<'a>(buffer: *const MI_Uint8, length: MI_Uint32) -> MiResult<&'a [u8]> {
    if buffer.is_null() || length == 0 {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: readable for `length` bytes (contract).
    Ok(unsafe { std::slice::from_raw_parts(buffer, length as usize) })
}

/// A lookup over the client's class-object-needed callback.
fn needed_lookup(
    needed: Option<ClassNeeded>,
    server: *const MI_Char,
    namespace: *const MI_Char,
) -> impl Fn(&str) -> Option<Arc<ClassModel>> {
    move |name: &str| {
        let cb = needed?;
        let c_name = strings::encode(name);
        let cls = cb.call(server, namespace, c_name.as_ptr())?;
        // SAFETY: a live class the client handed back for this call.
        match unsafe { obj::class_model(cls, &TABLES) } {
            Ok((m, _, _)) => Some(m),
            Err(e) => {
                log::debug!("the class the client gave for `{name}` was refused: {e}");
                None
            }
        }
    }
}

unsafe extern "system" fn deserializer_deserialize_class(
    deserializer: *mut MI_Deserializer,
    flags: MI_Uint32,
    serializedBuffer: *mut MI_Uint8,
    serializedBufferLength: MI_Uint32,
    parentClass: *mut MI_Class,
    serverName: *const MI_Char,
    namespaceName: *const MI_Char,
    classObjectNeeded: MI_Deserializer_ClassObjectNeeded,
    classObjectNeededContext: *mut c_void,
    serializedBufferRead: *mut MI_Uint32,
    classObject: *mut *mut MI_Class,
    cimErrorDetails: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Deserializer_DeserializeClass", || {
        // SAFETY: the client's out-pointers, NULL or writable.
        unsafe {
            write_opt(classObject, null_mut());
            write_opt(cimErrorDetails, null_mut());
            write_opt(serializedBufferRead, 0);
        }
        // SAFETY: the client's handle, NULL or readable.
        let format = *unsafe { super::resolve::<DeserializerKind, _>(deserializer) }?;
        if classObject.is_null() || flags != 0 {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: the client's buffer (MI contract).
        let raw = unsafe { input(serializedBuffer, serializedBufferLength) }?;
        // SAFETY: writable or NULL.
        let text = serial::wire::from_wire(raw, WIDE)
            .map_err(|e| unsafe { fail("MI_Deserializer_DeserializeClass", e, cimErrorDetails) })?;
        let buf: &[u8] = &text;
        // SAFETY: the client's strings, NULL or NUL-terminated.
        let (server, namespace) = unsafe { (opt_name(serverName)?, opt_name(namespaceName)?) };
        let mut given = Vec::new();
        if !parentClass.is_null() {
            // SAFETY: the client's live class.
            let (m, _, _) = unsafe { obj::class_model(parentClass, &TABLES) }
                // SAFETY: writable or NULL.
                .map_err(|e| unsafe { fail("MI_Deserializer_DeserializeClass", e, cimErrorDetails) })?;
            given.push(m);
        }
        let lookup = needed_lookup(
            ClassNeeded::new(classObjectNeeded, classObjectNeededContext),
            serverName,
            namespaceName,
        );
        let classes = Classes {
            given,
            needed: Some(&lookup),
        };
        let (model, used) = serial::deserialize_class(format, buf, &classes)
            // SAFETY: writable or NULL.
            .map_err(|e| unsafe { fail("MI_Deserializer_DeserializeClass", e, cimErrorDetails) })?;
        let cls = Class::from_model(&CLASS_TABLES, model, namespace, server).map_err(|e| {
            log::debug!("MI_Deserializer_DeserializeClass: {e}");
            MI_RESULT_INVALID_PARAMETER
        })?;
        // SAFETY: non-NULL, writable; the out-pointer for the bytes read is NULL or writable.
        unsafe {
            classObject.write(cls);
            write_opt(
                serializedBufferRead,
                serial::wire::wire_len(buf, used, WIDE) as MI_Uint32,
            );
        }
        Ok(())
    })
}

/// # Safety
/// `s` is NULL or NUL-terminated.
unsafe fn opt_name(s: *const MI_Char) -> MiResult<Option<Name>> {
    if s.is_null() {
        return Ok(None);
    }
    // SAFETY: `s` is non-NULL (checked above) and NUL-terminated (this function's `# Safety`).
    unsafe { Name::from_c(s) }.map(Some)
}

unsafe extern "system" fn deserializer_deserialize_instance(
    deserializer: *mut MI_Deserializer,
    flags: MI_Uint32,
    serializedBuffer: *mut MI_Uint8,
    serializedBufferLength: MI_Uint32,
    classObjects: *mut *mut MI_Class,
    numberClassObjects: MI_Uint32,
    classObjectNeeded: MI_Deserializer_ClassObjectNeeded,
    classObjectNeededContext: *mut c_void,
    serializedBufferRead: *mut MI_Uint32,
    instanceObject: *mut *mut MI_Instance,
    cimErrorDetails: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Deserializer_DeserializeInstance", || {
        // SAFETY: the client's out-pointers, NULL or writable.
        unsafe {
            write_opt(instanceObject, null_mut());
            write_opt(cimErrorDetails, null_mut());
            write_opt(serializedBufferRead, 0);
        }
        // SAFETY: the client's handle, NULL or readable.
        let format = *unsafe { super::resolve::<DeserializerKind, _>(deserializer) }?;
        if instanceObject.is_null() || flags != 0 || numberClassObjects > MAX_CLASS_OBJECTS {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        if numberClassObjects > 0 && classObjects.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: the client's buffer (MI contract).
        let raw = unsafe { input(serializedBuffer, serializedBufferLength) }?;
        // SAFETY: writable or NULL.
        let text = serial::wire::from_wire(raw, WIDE)
            .map_err(|e| unsafe { fail("MI_Deserializer_DeserializeInstance", e, cimErrorDetails) })?;
        let buf: &[u8] = &text;
        let mut given = Vec::new();
        for i in 0..numberClassObjects as usize {
            // SAFETY: `numberClassObjects` readable entries (MI contract).
            let c = unsafe { *classObjects.add(i) };
            if c.is_null() {
                return Err(MI_RESULT_INVALID_PARAMETER);
            }
            // SAFETY: the client's live class.
            let (m, _, _) = unsafe { obj::class_model(c, &TABLES) }
                // SAFETY: writable or NULL.
                .map_err(|e| unsafe { fail("MI_Deserializer_DeserializeInstance", e, cimErrorDetails) })?;
            given.push(m);
        }
        let lookup = needed_lookup(
            ClassNeeded::new(classObjectNeeded, classObjectNeededContext),
            null(),
            null(),
        );
        let classes = Classes {
            given,
            needed: Some(&lookup),
        };
        let (inst, used) = serial::deserialize_instance(format, buf, &classes, &TABLES)
            // SAFETY: writable or NULL.
            .map_err(|e| unsafe { fail("MI_Deserializer_DeserializeInstance", e, cimErrorDetails) })?;
        // SAFETY: non-NULL, writable; the bytes-read out-pointer is NULL or writable.
        unsafe {
            instanceObject.write(inst);
            write_opt(
                serializedBufferRead,
                serial::wire::wire_len(buf, used, WIDE) as MI_Uint32,
            );
        }
        Ok(())
    })
}

/// The three name slots: `*length` is in `MI_Char`s with the NUL (in: the capacity of
/// `name`; out: what the name needs). A NULL or short `name` is `MI_RESULT_FAILED` with
/// the length set, as the serializers' size query.
///
/// # Safety
/// Pointers as the slots' contract: the buffer readable for its length, `name` NULL or
/// writable for `*length` characters, `length` NULL or readable and writable.
#[allow(clippy::too_many_arguments, reason = "the slot's own arguments, forwarded")]
unsafe fn name_slot(
    slot: &str,
    deserializer: *mut MI_Deserializer,
    buffer: *mut MI_Uint8,
    buffer_length: MI_Uint32,
    which: NameOf,
    name: *mut MI_Char,
    length: *mut MI_Uint32,
    details: *mut *mut MI_Instance,
) -> MiResult {
    // SAFETY: NULL or writable (contract).
    unsafe { write_opt(details, null_mut()) };
    // SAFETY: the client's handle, NULL or readable.
    let format = *unsafe { super::resolve::<DeserializerKind, _>(deserializer) }?;
    if length.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: the client's buffer (contract).
    let raw = unsafe { input(buffer, buffer_length) }?;
    // SAFETY: writable or NULL (contract).
    let buf = serial::wire::from_wire(raw, WIDE).map_err(|e| unsafe { fail(slot, e, details) })?;
    // SAFETY: writable or NULL (contract).
    let text = serial::name_in(format, &buf, which).map_err(|e| unsafe { fail(slot, e, details) })?;
    let Some(text) = text else {
        // A class without a parent: no name.
        // SAFETY: readable and writable (contract).
        unsafe { length.write(0) };
        return Err(MI_RESULT_NOT_FOUND);
    };
    let chars = strings::encode(&text);
    let need = MI_Uint32::try_from(chars.len()).map_err(|_| MI_RESULT_SERVER_LIMITS_EXCEEDED)?;
    // SAFETY: readable and writable (contract).
    let have = unsafe { length.read() };
    // SAFETY: as above.
    unsafe { length.write(need) };
    if name.is_null() || have < need {
        return Err(MI_RESULT_FAILED);
    }
    // SAFETY: `name` writable for `have >= need` characters (contract).
    unsafe { std::ptr::copy_nonoverlapping(chars.as_ptr(), name, chars.len()) };
    Ok(())
}

unsafe extern "system" fn deserializer_class_get_class_name(
    deserializer: *mut MI_Deserializer,
    serializedBuffer: *mut MI_Uint8,
    serializedBufferLength: MI_Uint32,
    className: *mut MI_Char,
    classNameLength: *mut MI_Uint32,
    cimErrorDetails: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Deserializer_Class_GetClassName", || {
        // SAFETY: the slot's contract, forwarded.
        unsafe {
            name_slot(
                "MI_Deserializer_Class_GetClassName",
                deserializer,
                serializedBuffer,
                serializedBufferLength,
                NameOf::Class,
                className,
                classNameLength,
                cimErrorDetails,
            )
        }
    })
}

unsafe extern "system" fn deserializer_class_get_parent_class_name(
    deserializer: *mut MI_Deserializer,
    serializedBuffer: *mut MI_Uint8,
    serializedBufferLength: MI_Uint32,
    parentClassName: *mut MI_Char,
    parentClassNameLength: *mut MI_Uint32,
    cimErrorDetails: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Deserializer_Class_GetParentClassName", || {
        // SAFETY: the slot's contract, forwarded.
        unsafe {
            name_slot(
                "MI_Deserializer_Class_GetParentClassName",
                deserializer,
                serializedBuffer,
                serializedBufferLength,
                NameOf::Parent,
                parentClassName,
                parentClassNameLength,
                cimErrorDetails,
            )
        }
    })
}

unsafe extern "system" fn deserializer_instance_get_class_name(
    deserializer: *mut MI_Deserializer,
    serializedBuffer: *mut MI_Uint8,
    serializedBufferLength: MI_Uint32,
    className: *mut MI_Char,
    classNameLength: *mut MI_Uint32,
    cimErrorDetails: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Deserializer_Instance_GetClassName", || {
        // SAFETY: the slot's contract, forwarded.
        unsafe {
            name_slot(
                "MI_Deserializer_Instance_GetClassName",
                deserializer,
                serializedBuffer,
                serializedBufferLength,
                NameOf::Instance,
                className,
                classNameLength,
                cimErrorDetails,
            )
        }
    })
}

/// The head of OMI's `MI_DeserializerCallbacks` (micodec.h), as MMI's
/// `MI_DeserializerCallbacksNative` lays it out: only the class-object-needed callback is
/// used; the included-file, qualifier-declaration and class-id callbacks that follow are
/// not read (docs/STATUS.md).
#[repr(C)]
struct MofCallbacksHead {
    class_object_needed_context: *mut c_void,
    class_object_needed: MI_Deserializer_ClassObjectNeeded,
}

/// OMI's `MI_ClassA` / `MI_InstanceA` (and the `MI_Array` that starts MMI's
/// `MI_ExtendedArray`): a pointer array and its size.
#[repr(C)]
struct PtrArray {
    data: *mut *mut c_void,
    size: MI_Uint32,
}

/// OMI's `MI_ExtendedArray` (micodec.h): an array, then four reserved words; `reserved2`
/// points to its one-slot table (`Delete`), which MMI reads from there.
#[repr(C)]
struct ExtendedArray {
    arr: PtrArray,
    reserved1: MI_Uint64,
    reserved2: isize,
    reserved3: isize,
    reserved4: isize,
}

/// What an extended array of ours holds (its `reserved1`).
const EXT_CLASSES: MI_Uint64 = 0x4D49_6561_636C_6173;
const EXT_INSTANCES: MI_Uint64 = 0x4D49_6561_696E_7374;

#[repr(C)]
struct ExtendedArrayFT {
    Delete: Option<unsafe extern "system" fn(*mut ExtendedArray)>,
}

static EXTENDED_ARRAY_FT: ExtendedArrayFT = ExtendedArrayFT {
    Delete: Some(extended_array_delete),
};

/// The array and its element pointers, one allocation each, owned until `Delete`.
#[repr(C)]
struct OwnedArray {
    head: ExtendedArray,
    items: Vec<*mut c_void>,
}

fn extended_array(kind: MI_Uint64, mut items: Vec<*mut c_void>) -> *mut ExtendedArray {
    let mut owned = Box::new(OwnedArray {
        head: ExtendedArray {
            arr: PtrArray {
                data: null_mut(),
                size: items.len() as MI_Uint32,
            },
            reserved1: kind,
            reserved2: (&EXTENDED_ARRAY_FT as *const ExtendedArrayFT) as isize,
            reserved3: 0,
            reserved4: 0,
        },
        items: Vec::new(),
    });
    owned.head.arr.data = items.as_mut_ptr();
    owned.items = items; // moving a Vec keeps its buffer where it is
    Box::into_raw(owned).cast()
}

/// `MI_ExtendedArrayFT.Delete`: deletes every class or instance the array holds, then the
/// array. Anything that is not an array of ours is ignored (the slot returns nothing).
unsafe extern "system" fn extended_array_delete(array: *mut ExtendedArray) {
    crate::boundary::guard_void("MI_ExtendedArray_Delete", || {
        if array.is_null() {
            return;
        }
        // SAFETY: the client's array header, readable (MI contract); read by value.
        let (kind, table) = unsafe { ((*array).reserved1, (*array).reserved2) };
        if table != (&EXTENDED_ARRAY_FT as *const ExtendedArrayFT) as isize
            || !matches!(kind, EXT_CLASSES | EXT_INSTANCES)
        {
            log::debug!("MI_ExtendedArray_Delete on an array that is not ours: ignored");
            return;
        }
        // SAFETY: ours (table and kind checked): made by `extended_array` with Box::into_raw.
        let mut owned = unsafe { Box::from_raw(array.cast::<OwnedArray>()) };
        owned.head.reserved1 = 0;
        for p in owned.items.drain(..) {
            if kind == EXT_CLASSES {
                // SAFETY: a class this array owns.
                let _ = unsafe { Class::delete(p.cast(), &CLASS_TABLES) };
            } else {
                // SAFETY: an instance this array owns.
                unsafe { crate::instance::value::delete_instance(p.cast()) };
            }
        }
    })
}

/// The given classes and the callback of an array slot.
///
/// # Safety
/// `callbacks` NULL or readable for the callbacks' head; `classes` NULL or a readable
/// pointer array of live classes.
unsafe fn array_inputs(
    callbacks: *mut c_void,
    classes: *mut c_void,
    details: *mut *mut MI_Instance,
) -> MiResult<(Vec<Arc<ClassModel>>, Option<ClassNeeded>)> {
    let mut given = Vec::new();
    if !classes.is_null() {
        // SAFETY: readable (contract).
        let a = unsafe { classes.cast::<PtrArray>().read() };
        if a.size > MAX_CLASS_OBJECTS || (a.size > 0 && a.data.is_null()) {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        for i in 0..a.size as usize {
            // SAFETY: `size` readable entries (contract).
            let c = unsafe { *a.data.add(i) }.cast::<MI_Class>();
            if c.is_null() {
                return Err(MI_RESULT_INVALID_PARAMETER);
            }
            // SAFETY: a live class (contract).
            let (m, _, _) = unsafe { obj::class_model(c, &TABLES) }
                // SAFETY: NULL or writable.
                .map_err(|e| unsafe { fail("MI_Deserializer_Deserialize*Array_MOF", e, details) })?;
            given.push(m);
        }
    }
    let needed = if callbacks.is_null() {
        None
    } else {
        // SAFETY: readable for the head (contract).
        let head = unsafe { callbacks.cast::<MofCallbacksHead>().read() };
        ClassNeeded::new(head.class_object_needed, head.class_object_needed_context)
    };
    Ok((given, needed))
}

/// The checks both array slots make first.
///
/// # Safety
/// As the slots.
unsafe fn array_start<'a>(
    deserializer: *mut MI_Deserializer,
    flags: MI_Uint32,
    buffer: *mut MI_Uint8,
    length: MI_Uint32,
    read: *mut MI_Uint32,
    result: *mut c_void,
    details: *mut *mut MI_Instance,
) -> MiResult<std::borrow::Cow<'a, [u8]>> {
    // SAFETY: the client's out-pointers, NULL or writable.
    unsafe {
        write_opt(result.cast::<*mut ExtendedArray>(), null_mut());
        write_opt(details, null_mut());
        write_opt(read, 0);
    }
    // SAFETY: the client's handle, NULL or readable.
    let format = *unsafe { super::resolve::<DeserializerKind, _>(deserializer) }?;
    if format != Format::Mof {
        log::debug!("the MOF array slots on an MI_XML deserializer");
        return Err(MI_RESULT_NOT_SUPPORTED);
    }
    if flags != 0 || result.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: the client's buffer (contract).
    let raw = unsafe { input(buffer, length) }?;
    // SAFETY: NULL or writable (contract).
    serial::wire::from_wire(raw, WIDE)
        .map_err(|e| unsafe { fail("MI_Deserializer_Deserialize*Array_MOF", e, details) })
}

/// MMI's `DeserializeClassArray_MOF` (OMI's `MI_DeserializerFT_INTL.DeserializeClassArray`):
/// every class of a MOF document, in an `MI_ExtendedArray` the client deletes through
/// the table at its `reserved2`. `options` is not read.
unsafe extern "system" fn deserialize_class_array_mof(
    deserializer: *mut MI_Deserializer,
    flags: MI_Uint32,
    _options: *mut c_void,
    callbacks: *mut c_void,
    buffer: *mut MI_Uint8,
    length: MI_Uint32,
    classes: *mut c_void,
    serverName: *const MI_Char,
    namespaceName: *const MI_Char,
    read: *mut MI_Uint32,
    result: *mut c_void,
    cimErrorDetails: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Deserializer_DeserializeClassArray_MOF", || {
        // SAFETY: the slot's contract, forwarded.
        let buf = unsafe { array_start(deserializer, flags, buffer, length, read, result, cimErrorDetails) }?;
        // SAFETY: as above.
        let (given, needed) = unsafe { array_inputs(callbacks, classes, cimErrorDetails) }?;
        // SAFETY: NULL or NUL-terminated strings (contract).
        let (server, namespace) = unsafe { (opt_name(serverName)?, opt_name(namespaceName)?) };
        let lookup = needed_lookup(needed, serverName, namespaceName);
        let classes = Classes {
            given,
            needed: Some(&lookup),
        };
        let models = serial::deserialize_mof_classes(&buf, &classes)
            // SAFETY: NULL or writable.
            .map_err(|e| unsafe { fail("MI_Deserializer_DeserializeClassArray_MOF", e, cimErrorDetails) })?;
        let mut items = Vec::with_capacity(models.len());
        for m in models {
            match Class::from_model(&CLASS_TABLES, m, namespace.clone(), server.clone()) {
                Ok(c) => items.push(c.cast::<c_void>()),
                Err(e) => {
                    log::debug!("MI_Deserializer_DeserializeClassArray_MOF: {e}");
                    for c in items {
                        // SAFETY: classes made here, not handed out.
                        let _ = unsafe { Class::delete(c.cast(), &CLASS_TABLES) };
                    }
                    return Err(MI_RESULT_INVALID_PARAMETER);
                }
            }
        }
        // SAFETY: non-NULL (checked), writable; the bytes-read pointer NULL or writable.
        unsafe {
            result
                .cast::<*mut ExtendedArray>()
                .write(extended_array(EXT_CLASSES, items));
            write_opt(read, length);
        }
        Ok(())
    })
}

/// MMI's `DeserializeInstanceArray_MOF`: every instance of a MOF document (aliased ones
/// too, in document order), in an `MI_ExtendedArray`.
unsafe extern "system" fn deserialize_instance_array_mof(
    deserializer: *mut MI_Deserializer,
    flags: MI_Uint32,
    _options: *mut c_void,
    callbacks: *mut c_void,
    buffer: *mut MI_Uint8,
    length: MI_Uint32,
    classes: *mut c_void,
    read: *mut MI_Uint32,
    result: *mut c_void,
    cimErrorDetails: *mut *mut MI_Instance,
) -> MI_Result {
    guard("MI_Deserializer_DeserializeInstanceArray_MOF", || {
        // SAFETY: the slot's contract, forwarded.
        let buf = unsafe { array_start(deserializer, flags, buffer, length, read, result, cimErrorDetails) }?;
        // SAFETY: as above.
        let (given, needed) = unsafe { array_inputs(callbacks, classes, cimErrorDetails) }?;
        let lookup = needed_lookup(needed, null(), null());
        let classes = Classes {
            given,
            needed: Some(&lookup),
        };
        let instances = serial::deserialize_mof_instances(&buf, &classes, &TABLES)
            // SAFETY: NULL or writable.
            .map_err(|e| unsafe {
                fail("MI_Deserializer_DeserializeInstanceArray_MOF", e, cimErrorDetails)
            })?;
        let items = instances.into_iter().map(|p| p.cast::<c_void>()).collect();
        // SAFETY: non-NULL (checked), writable; the bytes-read pointer NULL or writable.
        unsafe {
            result
                .cast::<*mut ExtendedArray>()
                .write(extended_array(EXT_INSTANCES, items));
            write_opt(read, length);
        }
        Ok(())
    })
}

/// The `xml_deserialize` / `mof_deserialize` fuzz targets: whatever deserializes is
/// serialized again, and that document must read back and serialize to the same bytes;
/// the class and name paths run too. Must never panic, hang or leak.
#[cfg(fuzzing)]
pub fn fuzz_deserialize(mof: bool, data: &[u8]) {
    let format = if mof { Format::Mof } else { Format::Xml };
    let classes = Classes {
        given: Vec::new(),
        needed: None,
    };
    if let Ok((p, _)) = serial::deserialize_instance(format, data, &classes, &TABLES) {
        // SAFETY: our live instance.
        if let Ok(doc) = unsafe { serial::serialize_instance(format, 0, p, &TABLES) } {
            let (q, _) = serial::deserialize_instance(format, &doc, &classes, &TABLES).unwrap_or_else(|e| {
                panic!(
                    "what the serializer wrote does not read back: {e}\n{}",
                    String::from_utf8_lossy(&doc)
                )
            });
            // SAFETY: our live instance.
            let again =
                unsafe { serial::serialize_instance(format, 0, q, &TABLES) }.expect("serializes again");
            assert!(
                again == doc,
                "not byte-stable:\n{}\n{}",
                String::from_utf8_lossy(&doc),
                String::from_utf8_lossy(&again)
            );
            // SAFETY: ours, not used afterwards.
            unsafe { crate::instance::value::delete_instance(q) };
        }
        // SAFETY: ours, not used afterwards.
        unsafe { crate::instance::value::delete_instance(p) };
    }
    if let Ok((model, _)) = serial::deserialize_class(format, data, &classes) {
        let cls =
            Class::from_model(&CLASS_TABLES, model, None, None).expect("a checked model becomes a class");
        // SAFETY: our live class.
        let doc = unsafe { serial::serialize_class(format, MI_SERIALIZER_FLAGS_CLASS_DEEP, cls, &TABLES) };
        if let Ok(doc) = doc {
            let (again, _) = serial::deserialize_class(format, &doc, &classes).unwrap_or_else(|e| {
                panic!(
                    "a written class does not read back: {e}\n{}",
                    String::from_utf8_lossy(&doc)
                )
            });
            drop(again);
        }
        // SAFETY: ours, not used afterwards.
        let _ = unsafe { Class::delete(cls, &CLASS_TABLES) };
    }
    for which in [NameOf::Class, NameOf::Parent, NameOf::Instance] {
        let _ = serial::name_in(format, data, which);
    }
    if mof {
        let _ = serial::deserialize_mof_classes(data, &classes);
        if let Ok(all) = serial::deserialize_mof_instances(data, &classes, &TABLES) {
            for p in all {
                // SAFETY: ours, not used afterwards.
                unsafe { crate::instance::value::delete_instance(p) };
            }
        }
    }
}

#[cfg(test)]
#[path = "serializer_tests.rs"]
mod tests;
