//! Value types (docs/ABI.md §5.3): datetimes, the 17 array kinds and their `Const` twins,
//! `MI_Value`, the `MI_<T>Field` structs of generated provider code, and credentials.
//! All `#[repr(C)]`; padding and member order are the ABI.

use super::handles::MI_Instance;
use super::scalars::*;
use core::ffi::c_void;

#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MI_Timestamp {
    pub year: MI_Uint32,
    pub month: MI_Uint32,
    pub day: MI_Uint32,
    pub hour: MI_Uint32,
    pub minute: MI_Uint32,
    pub second: MI_Uint32,
    pub microseconds: MI_Uint32,
    /// Offset from UTC in minutes.
    pub utc: MI_Sint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MI_Interval {
    pub days: MI_Uint32,
    pub hours: MI_Uint32,
    pub minutes: MI_Uint32,
    pub seconds: MI_Uint32,
    pub microseconds: MI_Uint32,
    pub __padding1: MI_Uint32,
    pub __padding2: MI_Uint32,
    pub __padding3: MI_Uint32,
}

/// The anonymous union of `MI_Datetime` (C code spells it `dt.u.timestamp`).
#[repr(C)]
#[derive(Clone, Copy)]
pub union MI_Datetime_u {
    pub timestamp: MI_Timestamp,
    pub interval: MI_Interval,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Datetime {
    pub isTimestamp: MI_Uint32,
    pub u: MI_Datetime_u,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_BooleanA {
    pub data: *mut MI_Boolean,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Uint8A {
    pub data: *mut MI_Uint8,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Sint8A {
    pub data: *mut MI_Sint8,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Uint16A {
    pub data: *mut MI_Uint16,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Sint16A {
    pub data: *mut MI_Sint16,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Uint32A {
    pub data: *mut MI_Uint32,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Sint32A {
    pub data: *mut MI_Sint32,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Uint64A {
    pub data: *mut MI_Uint64,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Sint64A {
    pub data: *mut MI_Sint64,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Real32A {
    pub data: *mut MI_Real32,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Real64A {
    pub data: *mut MI_Real64,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Char16A {
    pub data: *mut MI_Char16,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_DatetimeA {
    pub data: *mut MI_Datetime,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_StringA {
    pub data: *mut *mut MI_Char,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ReferenceA {
    pub data: *mut *mut MI_Instance,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_InstanceA {
    pub data: *mut *mut MI_Instance,
    pub size: MI_Uint32,
}

/// The untyped view of every array kind (`MI_Value.array`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Array {
    pub data: *mut c_void,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstBooleanA {
    pub data: *const MI_Boolean,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstUint8A {
    pub data: *const MI_Uint8,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstSint8A {
    pub data: *const MI_Sint8,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstUint16A {
    pub data: *const MI_Uint16,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstSint16A {
    pub data: *const MI_Sint16,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstUint32A {
    pub data: *const MI_Uint32,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstSint32A {
    pub data: *const MI_Sint32,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstUint64A {
    pub data: *const MI_Uint64,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstSint64A {
    pub data: *const MI_Sint64,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstReal32A {
    pub data: *const MI_Real32,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstReal64A {
    pub data: *const MI_Real64,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstChar16A {
    pub data: *const MI_Char16,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstDatetimeA {
    pub data: *const MI_Datetime,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstStringA {
    pub data: *const *const MI_Char,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstReferenceA {
    pub data: *const *const MI_Instance,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ConstInstanceA {
    pub data: *const *const MI_Instance,
    pub size: MI_Uint32,
}

/// Every value the API carries; which member is live is given by an `MI_Type` beside it.
#[repr(C)]
#[derive(Clone, Copy)]
pub union MI_Value {
    pub boolean: MI_Boolean,
    pub uint8: MI_Uint8,
    pub sint8: MI_Sint8,
    pub uint16: MI_Uint16,
    pub sint16: MI_Sint16,
    pub uint32: MI_Uint32,
    pub sint32: MI_Sint32,
    pub uint64: MI_Uint64,
    pub sint64: MI_Sint64,
    pub real32: MI_Real32,
    pub real64: MI_Real64,
    pub char16: MI_Char16,
    pub datetime: MI_Datetime,
    pub string: *mut MI_Char,
    pub instance: *mut MI_Instance,
    pub reference: *mut MI_Instance,
    pub booleana: MI_BooleanA,
    pub uint8a: MI_Uint8A,
    pub sint8a: MI_Sint8A,
    pub uint16a: MI_Uint16A,
    pub sint16a: MI_Sint16A,
    pub uint32a: MI_Uint32A,
    pub sint32a: MI_Sint32A,
    pub uint64a: MI_Uint64A,
    pub sint64a: MI_Sint64A,
    pub real32a: MI_Real32A,
    pub real64a: MI_Real64A,
    pub char16a: MI_Char16A,
    pub datetimea: MI_DatetimeA,
    pub stringa: MI_StringA,
    pub referencea: MI_ReferenceA,
    pub instancea: MI_InstanceA,
    pub array: MI_Array,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_BooleanField {
    pub value: MI_Boolean,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Uint8Field {
    pub value: MI_Uint8,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Sint8Field {
    pub value: MI_Sint8,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Uint16Field {
    pub value: MI_Uint16,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Sint16Field {
    pub value: MI_Sint16,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Uint32Field {
    pub value: MI_Uint32,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Sint32Field {
    pub value: MI_Sint32,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Uint64Field {
    pub value: MI_Uint64,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Sint64Field {
    pub value: MI_Sint64,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Real32Field {
    pub value: MI_Real32,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Real64Field {
    pub value: MI_Real64,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Char16Field {
    pub value: MI_Char16,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_DatetimeField {
    pub value: MI_Datetime,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_StringField {
    pub value: *mut MI_Char,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ReferenceField {
    pub value: *mut MI_Instance,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_InstanceField {
    pub value: *mut MI_Instance,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstBooleanField {
    pub value: MI_Boolean,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstUint8Field {
    pub value: MI_Uint8,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstSint8Field {
    pub value: MI_Sint8,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstUint16Field {
    pub value: MI_Uint16,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstSint16Field {
    pub value: MI_Sint16,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstUint32Field {
    pub value: MI_Uint32,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstSint32Field {
    pub value: MI_Sint32,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstUint64Field {
    pub value: MI_Uint64,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstSint64Field {
    pub value: MI_Sint64,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstReal32Field {
    pub value: MI_Real32,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstReal64Field {
    pub value: MI_Real64,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstChar16Field {
    pub value: MI_Char16,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstDatetimeField {
    pub value: MI_Datetime,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstStringField {
    pub value: *const MI_Char,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstReferenceField {
    pub value: *const MI_Instance,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstInstanceField {
    pub value: *const MI_Instance,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_BooleanAField {
    pub value: MI_BooleanA,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Uint8AField {
    pub value: MI_Uint8A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Sint8AField {
    pub value: MI_Sint8A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Uint16AField {
    pub value: MI_Uint16A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Sint16AField {
    pub value: MI_Sint16A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Uint32AField {
    pub value: MI_Uint32A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Sint32AField {
    pub value: MI_Sint32A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Uint64AField {
    pub value: MI_Uint64A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Sint64AField {
    pub value: MI_Sint64A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Real32AField {
    pub value: MI_Real32A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Real64AField {
    pub value: MI_Real64A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_Char16AField {
    pub value: MI_Char16A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_DatetimeAField {
    pub value: MI_DatetimeA,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_StringAField {
    pub value: MI_StringA,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ReferenceAField {
    pub value: MI_ReferenceA,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_InstanceAField {
    pub value: MI_InstanceA,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstBooleanAField {
    pub value: MI_ConstBooleanA,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstUint8AField {
    pub value: MI_ConstUint8A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstSint8AField {
    pub value: MI_ConstSint8A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstUint16AField {
    pub value: MI_ConstUint16A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstSint16AField {
    pub value: MI_ConstSint16A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstUint32AField {
    pub value: MI_ConstUint32A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstSint32AField {
    pub value: MI_ConstSint32A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstUint64AField {
    pub value: MI_ConstUint64A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstSint64AField {
    pub value: MI_ConstSint64A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstReal32AField {
    pub value: MI_ConstReal32A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstReal64AField {
    pub value: MI_ConstReal64A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstChar16AField {
    pub value: MI_ConstChar16A,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstDatetimeAField {
    pub value: MI_ConstDatetimeA,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstStringAField {
    pub value: MI_ConstStringA,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstReferenceAField {
    pub value: MI_ConstReferenceA,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ConstInstanceAField {
    pub value: MI_ConstInstanceA,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_ArrayField {
    pub value: MI_Array,
    pub exists: MI_Boolean,
    pub flags: MI_Uint8,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_UsernamePasswordCreds {
    pub domain: *const MI_Char,
    pub username: *const MI_Char,
    pub password: *const MI_Char,
}

/// The anonymous union of `MI_UserCredentials`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union MI_UserCredentials_credentials {
    pub usernamePassword: MI_UsernamePasswordCreds,
    pub certificateThumbprint: *const MI_Char,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MI_UserCredentials {
    pub authenticationType: *const MI_Char,
    pub credentials: MI_UserCredentials_credentials,
}
