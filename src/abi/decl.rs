//! Static schema declarations (docs/ABI.md §7.4), as generated provider code lays them out.
//! C "inherits" by repeating the parent's fields first; so do we.

use super::handles::MI_Class;
use super::provider::{MI_MethodDecl_Invoke, MI_ProviderFT};
use super::scalars::*;
use core::ffi::c_void;

#[repr(C)]
#[derive(Debug)]
pub struct MI_Qualifier {
    pub name: *const MI_Char,
    pub r#type: MI_Uint32,
    pub flavor: MI_Uint32,
    pub value: *const c_void,
}

#[repr(C)]
#[derive(Debug)]
pub struct MI_QualifierDecl {
    pub name: *const MI_Char,
    pub r#type: MI_Uint32,
    pub scope: MI_Uint32,
    pub flavor: MI_Uint32,
    pub subscript: MI_Uint32,
    pub value: *const c_void,
}

#[repr(C)]
#[derive(Debug)]
pub struct MI_FeatureDecl {
    pub flags: MI_Uint32,
    pub code: MI_Uint32,
    pub name: *const MI_Char,
    pub qualifiers: *const *const MI_Qualifier,
    pub numQualifiers: MI_Uint32,
}

#[repr(C)]
#[derive(Debug)]
pub struct MI_ParameterDecl {
    pub flags: MI_Uint32,
    pub code: MI_Uint32,
    pub name: *const MI_Char,
    pub qualifiers: *const *const MI_Qualifier,
    pub numQualifiers: MI_Uint32,
    pub r#type: MI_Uint32,
    pub className: *const MI_Char,
    pub subscript: MI_Uint32,
    pub offset: MI_Uint32,
}

#[repr(C)]
#[derive(Debug)]
pub struct MI_PropertyDecl {
    pub flags: MI_Uint32,
    pub code: MI_Uint32,
    pub name: *const MI_Char,
    pub qualifiers: *const *const MI_Qualifier,
    pub numQualifiers: MI_Uint32,
    pub r#type: MI_Uint32,
    pub className: *const MI_Char,
    pub subscript: MI_Uint32,
    pub offset: MI_Uint32,
    pub origin: *const MI_Char,
    pub propagator: *const MI_Char,
    pub value: *const c_void,
}

#[repr(C)]
#[derive(Debug)]
pub struct MI_ObjectDecl {
    pub flags: MI_Uint32,
    pub code: MI_Uint32,
    pub name: *const MI_Char,
    pub qualifiers: *const *const MI_Qualifier,
    pub numQualifiers: MI_Uint32,
    pub properties: *const *const MI_PropertyDecl,
    pub numProperties: MI_Uint32,
    pub size: MI_Uint32,
}

#[repr(C)]
#[derive(Debug)]
pub struct MI_MethodDecl {
    pub flags: MI_Uint32,
    pub code: MI_Uint32,
    pub name: *const MI_Char,
    pub qualifiers: *const *const MI_Qualifier,
    pub numQualifiers: MI_Uint32,
    pub parameters: *const *const MI_ParameterDecl,
    pub numParameters: MI_Uint32,
    pub size: MI_Uint32,
    pub returnType: MI_Uint32,
    pub origin: *const MI_Char,
    pub propagator: *const MI_Char,
    pub schema: *const MI_SchemaDecl,
    pub function: MI_MethodDecl_Invoke,
}

#[repr(C)]
#[derive(Debug)]
pub struct MI_ClassDecl {
    pub flags: MI_Uint32,
    pub code: MI_Uint32,
    pub name: *const MI_Char,
    pub qualifiers: *const *const MI_Qualifier,
    pub numQualifiers: MI_Uint32,
    pub properties: *const *const MI_PropertyDecl,
    pub numProperties: MI_Uint32,
    pub size: MI_Uint32,
    pub superClass: *const MI_Char,
    pub superClassDecl: *const MI_ClassDecl,
    pub methods: *const *const MI_MethodDecl,
    pub numMethods: MI_Uint32,
    pub schema: *const MI_SchemaDecl,
    pub providerFT: *const MI_ProviderFT,
    pub owningClass: *mut MI_Class,
}

#[repr(C)]
#[derive(Debug)]
pub struct MI_SchemaDecl {
    pub qualifierDecls: *const *const MI_QualifierDecl,
    pub numQualifierDecls: MI_Uint32,
    pub classDecls: *const *const MI_ClassDecl,
    pub numClassDecls: MI_Uint32,
}
