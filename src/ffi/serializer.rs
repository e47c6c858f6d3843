//! `MI_SerializerFT` and `MI_DeserializerFT`. Serializers are not built yet: no serializer
//! handle can exist yet, so every slot rejects its handle with `MI_RESULT_INVALID_PARAMETER`.

use super::{DeserializerKind, SerializerKind, unsupported_slots};
use crate::abi::*;
use core::ffi::c_void;

pub(crate) static SERIALIZER_FT: MI_SerializerFT = MI_SerializerFT {
    Close: Some(serializer_close),
    SerializeClass: Some(serializer_serialize_class),
    SerializeInstance: Some(serializer_serialize_instance),
};

unsupported_slots! {
    fn serializer_close(serializer: *mut MI_Serializer) checks SerializerKind;
    fn serializer_serialize_class(serializer: *mut MI_Serializer, flags: MI_Uint32, classObject: *const MI_Class, clientBuffer: *mut MI_Uint8, clientBufferLength: MI_Uint32, clientBufferNeeded: *mut MI_Uint32) checks SerializerKind;
    fn serializer_serialize_instance(serializer: *mut MI_Serializer, flags: MI_Uint32, instanceObject: *const MI_Instance, clientBuffer: *mut MI_Uint8, clientBufferLength: MI_Uint32, clientBufferNeeded: *mut MI_Uint32) checks SerializerKind;
}

pub(crate) static DESERIALIZER_FT: MI_DeserializerFT = MI_DeserializerFT {
    Close: Some(deserializer_close),
    DeserializeClass: Some(deserializer_deserialize_class),
    Class_GetClassName: Some(deserializer_class__get_class_name),
    Class_GetParentClassName: Some(deserializer_class__get_parent_class_name),
    DeserializeInstance: Some(deserializer_deserialize_instance),
    Instance_GetClassName: Some(deserializer_instance__get_class_name),
};

unsupported_slots! {
    fn deserializer_close(deserializer: *mut MI_Deserializer) checks DeserializerKind;
    fn deserializer_deserialize_class(deserializer: *mut MI_Deserializer, flags: MI_Uint32, serializedBuffer: *mut MI_Uint8, serializedBufferLength: MI_Uint32, parentClass: *mut MI_Class, serverName: *const MI_Char, namespaceName: *const MI_Char, classObjectNeeded: MI_Deserializer_ClassObjectNeeded, classObjectNeededContext: *mut c_void, serializedBufferRead: *mut MI_Uint32, classObject: *mut *mut MI_Class, cimErrorDetails: *mut *mut MI_Instance) checks DeserializerKind;
    fn deserializer_class__get_class_name(deserializer: *mut MI_Deserializer, serializedBuffer: *mut MI_Uint8, serializedBufferLength: MI_Uint32, className: *mut MI_Char, classNameLength: *mut MI_Uint32, cimErrorDetails: *mut *mut MI_Instance) checks DeserializerKind;
    fn deserializer_class__get_parent_class_name(deserializer: *mut MI_Deserializer, serializedBuffer: *mut MI_Uint8, serializedBufferLength: MI_Uint32, parentClassName: *mut MI_Char, parentClassNameLength: *mut MI_Uint32, cimErrorDetails: *mut *mut MI_Instance) checks DeserializerKind;
    fn deserializer_deserialize_instance(deserializer: *mut MI_Deserializer, flags: MI_Uint32, serializedBuffer: *mut MI_Uint8, serializedBufferLength: MI_Uint32, classObjects: *mut *mut MI_Class, numberClassObjects: MI_Uint32, classObjectNeeded: MI_Deserializer_ClassObjectNeeded, classObjectNeededContext: *mut c_void, serializedBufferRead: *mut MI_Uint32, instanceObject: *mut *mut MI_Instance, cimErrorDetails: *mut *mut MI_Instance) checks DeserializerKind;
    fn deserializer_instance__get_class_name(deserializer: *mut MI_Deserializer, serializedBuffer: *mut MI_Uint8, serializedBufferLength: MI_Uint32, className: *mut MI_Char, classNameLength: *mut MI_Uint32, cimErrorDetails: *mut *mut MI_Instance) checks DeserializerKind;
}
