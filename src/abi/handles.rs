//! Handle structs (docs/ABI.md §2): the `{reserved1, reserved2, ft}` client handles, the
//! serializer pair without `ft`, and the object headers `MI_Instance` and `MI_Class`.
//! The reserved words belong to the library (see `crate::handles` for their encoding).

use super::decl::MI_ClassDecl;
use super::scalars::*;
use super::tables::*;

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Application {
    pub reserved1: MI_Uint64,
    pub reserved2: isize,
    pub ft: *const MI_ApplicationFT,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Session {
    pub reserved1: MI_Uint64,
    pub reserved2: isize,
    pub ft: *const MI_SessionFT,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Operation {
    pub reserved1: MI_Uint64,
    pub reserved2: isize,
    pub ft: *const MI_OperationFT,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_HostedProvider {
    pub reserved1: MI_Uint64,
    pub reserved2: isize,
    pub ft: *const MI_HostedProviderFT,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_DestinationOptions {
    pub reserved1: MI_Uint64,
    pub reserved2: isize,
    pub ft: *const MI_DestinationOptionsFT,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_OperationOptions {
    pub reserved1: MI_Uint64,
    pub reserved2: isize,
    pub ft: *const MI_OperationOptionsFT,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_SubscriptionDeliveryOptions {
    pub reserved1: MI_Uint64,
    pub reserved2: isize,
    pub ft: *const MI_SubscriptionDeliveryOptionsFT,
}

/// No `ft`: reached only through `mi_clientFT_V1->serializerFT`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Serializer {
    pub reserved1: MI_Uint64,
    pub reserved2: isize,
}

/// No `ft`: reached only through `mi_clientFT_V1->deserializerFT`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_Deserializer {
    pub reserved1: MI_Uint64,
    pub reserved2: isize,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_QualifierSet {
    pub reserved1: MI_Uint64,
    pub reserved2: isize,
    pub ft: *const MI_QualifierSetFT,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_ParameterSet {
    pub reserved1: MI_Uint64,
    pub reserved2: isize,
    pub ft: *const MI_ParameterSetFT,
}

/// Note the member order: `ft` first, then `classDecl`, `serverName`, `nameSpace`.
#[repr(C)]
#[derive(Debug)]
pub struct MI_Instance {
    pub ft: *const MI_InstanceFT,
    pub classDecl: *const MI_ClassDecl,
    pub serverName: *const MI_Char,
    pub nameSpace: *const MI_Char,
    pub reserved: [isize; 4],
}

/// Namespace and server name are in the opposite order to `MI_Instance`.
#[repr(C)]
#[derive(Debug)]
pub struct MI_Class {
    pub ft: *const MI_ClassFT,
    pub classDecl: *const MI_ClassDecl,
    pub namespaceName: *const MI_Char,
    pub serverName: *const MI_Char,
    pub reserved: [isize; 4],
}
