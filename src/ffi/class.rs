//! `MI_ClassFT` (14 slots), `MI_QualifierSetFT` (3) and `MI_ParameterSetFT` (4) over
//! `crate::schema::class`: each slot checks its object (a class, qualifier set or
//! parameter set of ours, else `MI_RESULT_INVALID_PARAMETER`) and runs the body there
//! under the panic boundary. Behaviour and decisions: docs/STATUS.md.
//!
//! # Safety contract
//! As `crate::schema::class`'s: the object pointer is NULL or readable for its header (a
//! class, qualifier set or parameter set; checked before anything else is used), names are
//! NULL or NUL-terminated, out-pointers NULL or writable; an object of ours stays valid
//! while the slot runs (the client does not delete it concurrently).

use crate::abi::*;
use crate::boundary::{MiResult, guard};
use crate::schema::class::{self as sc, Class, ClassTables, NameOf};
use crate::schema::model::ClassModel;
use crate::strings::Name;
use std::ptr::null_mut;
use std::sync::Arc;

pub(crate) static CLASS_FT: MI_ClassFT = MI_ClassFT {
    GetClassName: Some(get_class_name),
    GetNameSpace: Some(get_name_space),
    GetServerName: Some(get_server_name),
    GetElementCount: Some(get_element_count),
    GetElement: Some(get_element),
    GetElementAt: Some(get_element_at),
    GetClassQualifierSet: Some(get_class_qualifier_set),
    GetMethodCount: Some(get_method_count),
    GetMethodAt: Some(get_method_at),
    GetMethod: Some(get_method),
    GetParentClassName: Some(get_parent_class_name),
    GetParentClass: Some(get_parent_class),
    Delete: Some(delete),
    Clone: Some(clone),
};

pub(crate) static QUALIFIER_SET_FT: MI_QualifierSetFT = MI_QualifierSetFT {
    GetQualifierCount: Some(qualifier_count),
    GetQualifierAt: Some(qualifier_at),
    GetQualifier: Some(qualifier),
};

pub(crate) static PARAMETER_SET_FT: MI_ParameterSetFT = MI_ParameterSetFT {
    GetMethodReturnType: Some(method_return_type),
    GetParameterCount: Some(parameter_count),
    GetParameterAt: Some(parameter_at),
    GetParameter: Some(parameter),
};

/// The three tables, as the schema core takes them.
pub(crate) static TABLES: ClassTables = ClassTables {
    class: &CLASS_FT,
    qualifiers: &QUALIFIER_SET_FT,
    parameters: &PARAMETER_SET_FT,
};

/// A new class of ours over a model (`MI_Instance_GetClass`, the provider host).
pub(crate) fn class_of_model(
    model: Arc<ClassModel>,
    namespace: Option<Name>,
    server: Option<Name>,
) -> MiResult<*mut MI_Class> {
    Class::from_model(&TABLES, model, namespace, server).map_err(|e| {
        log::error!("a class model could not be laid out: {e}");
        MI_RESULT_FAILED
    })
}

/// The body of `MI_ApplicationFT.NewClass` once the application is checked.
///
/// # Safety
/// As `crate::schema::class::new_class`.
#[cfg_attr(
    not(test),
    allow(
        dead_code,
        reason = "the NewClass slot (src/ffi/application.rs) is wired by the lead"
    )
)]
pub(crate) unsafe fn new_class(
    class_decl: *const MI_ClassDecl,
    namespace: *const MI_Char,
    server: *const MI_Char,
    class_object: *mut *mut MI_Class,
) -> MiResult {
    // SAFETY: the caller's arguments as this function's `# Safety` states, which is
    // `sc::new_class`'s contract; `TABLES` is this module's static.
    unsafe { sc::new_class(class_decl, namespace, server, class_object, &TABLES) }
}

/// # Safety
/// `p` is NULL or readable for an `MI_Class` header; if ours, it stays valid for `'a`.
unsafe fn ours<'a>(p: *const MI_Class) -> MiResult<&'a Class> {
    // SAFETY: `p` is NULL or readable for an `MI_Class` header (this function's `# Safety`); an
    // `MI_Class` of ours stays valid while the caller uses `'a` (the slots' contract).
    unsafe { Class::resolve(p, &TABLES) }
}

unsafe extern "system" fn get_class_name(
    self_: *const MI_Class,
    className: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Class_GetClassName", || {
        // SAFETY: the client's class pointer and out-pointer (NULL or writable).
        unsafe { ours(self_)?.get_names(NameOf::Class, className) }
    })
}

unsafe extern "system" fn get_name_space(
    self_: *const MI_Class,
    nameSpace: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Class_GetNameSpace", || {
        // SAFETY: the client's class pointer and out-pointer.
        unsafe { ours(self_)?.get_names(NameOf::Namespace, nameSpace) }
    })
}

unsafe extern "system" fn get_server_name(
    self_: *const MI_Class,
    serverName: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Class_GetServerName", || {
        // SAFETY: the client's class pointer and out-pointer.
        unsafe { ours(self_)?.get_names(NameOf::Server, serverName) }
    })
}

unsafe extern "system" fn get_element_count(self_: *const MI_Class, count: *mut MI_Uint32) -> MI_Result {
    guard("MI_Class_GetElementCount", || {
        // SAFETY: the client's class pointer and out-pointer.
        unsafe { ours(self_)?.element_count(count) }
    })
}

unsafe extern "system" fn get_element(
    self_: *const MI_Class,
    name: *const MI_Char,
    value: *mut MI_Value,
    valueExists: *mut MI_Boolean,
    type_: *mut MI_Type,
    referenceClass: *mut *mut MI_Char,
    qualifierSet: *mut MI_QualifierSet,
    flags: *mut MI_Uint32,
    index: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_Class_GetElement", || {
        // SAFETY: the client's class pointer, name (NULL or NUL-terminated) and out-pointers.
        unsafe {
            ours(self_)?.element(
                name,
                value,
                valueExists,
                type_,
                referenceClass,
                qualifierSet,
                flags,
                index,
            )
        }
    })
}

unsafe extern "system" fn get_element_at(
    self_: *const MI_Class,
    index: MI_Uint32,
    name: *mut *const MI_Char,
    value: *mut MI_Value,
    valueExists: *mut MI_Boolean,
    type_: *mut MI_Type,
    referenceClass: *mut *mut MI_Char,
    qualifierSet: *mut MI_QualifierSet,
    flags: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_Class_GetElementAt", || {
        // SAFETY: the client's class pointer and out-pointers.
        unsafe {
            ours(self_)?.element_at(
                index,
                name,
                value,
                valueExists,
                type_,
                referenceClass,
                qualifierSet,
                flags,
            )
        }
    })
}

unsafe extern "system" fn get_class_qualifier_set(
    self_: *const MI_Class,
    qualifierSet: *mut MI_QualifierSet,
) -> MI_Result {
    guard("MI_Class_GetClassQualifierSet", || {
        // SAFETY: the client's class pointer and out-pointer.
        unsafe { ours(self_)?.class_qualifier_set(qualifierSet) }
    })
}

unsafe extern "system" fn get_method_count(self_: *const MI_Class, count: *mut MI_Uint32) -> MI_Result {
    guard("MI_Class_GetMethodCount", || {
        // SAFETY: the client's class pointer and out-pointer.
        unsafe { ours(self_)?.method_count(count) }
    })
}

unsafe extern "system" fn get_method_at(
    self_: *const MI_Class,
    index: MI_Uint32,
    name: *mut *const MI_Char,
    qualifierSet: *mut MI_QualifierSet,
    parameterSet: *mut MI_ParameterSet,
) -> MI_Result {
    guard("MI_Class_GetMethodAt", || {
        // SAFETY: the client's class pointer and out-pointers.
        unsafe { ours(self_)?.method_at(index, name, qualifierSet, parameterSet) }
    })
}

unsafe extern "system" fn get_method(
    self_: *const MI_Class,
    name: *const MI_Char,
    qualifierSet: *mut MI_QualifierSet,
    parameterSet: *mut MI_ParameterSet,
    index: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_Class_GetMethod", || {
        // SAFETY: the client's class pointer, name and out-pointers.
        unsafe { ours(self_)?.method(name, qualifierSet, parameterSet, index) }
    })
}

unsafe extern "system" fn get_parent_class_name(
    self_: *const MI_Class,
    name: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Class_GetParentClassName", || {
        // SAFETY: the client's class pointer and out-pointer.
        unsafe { ours(self_)?.parent_class_name(name) }
    })
}

unsafe extern "system" fn get_parent_class(
    self_: *const MI_Class,
    parentClass: *mut *mut MI_Class,
) -> MI_Result {
    guard("MI_Class_GetParentClass", || {
        // SAFETY: the client's out-pointer (NULL or writable) and class pointer.
        unsafe {
            super::write_opt(parentClass, null_mut());
            ours(self_)?.parent_class(parentClass)
        }
    })
}

unsafe extern "system" fn delete(self_: *mut MI_Class) -> MI_Result {
    // SAFETY: the client's class pointer, which it gives up.
    guard("MI_Class_Delete", || unsafe { Class::delete(self_, &TABLES) })
}

unsafe extern "system" fn clone(self_: *const MI_Class, newClass: *mut *mut MI_Class) -> MI_Result {
    guard("MI_Class_Clone", || {
        // SAFETY: NULL or writable.
        unsafe { super::write_opt(newClass, null_mut()) };
        // SAFETY: the client's class pointer.
        let cls = unsafe { ours(self_) }?;
        if newClass.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: non-NULL, writable.
        unsafe { newClass.write(cls.duplicate()) };
        Ok(())
    })
}

unsafe extern "system" fn qualifier_count(self_: *const MI_QualifierSet, count: *mut MI_Uint32) -> MI_Result {
    guard("MI_QualifierSet_GetQualifierCount", || {
        // SAFETY: the client's qualifier set (NULL or readable; its class alive) and out-pointer.
        unsafe { sc::qualifier_count(sc::qualifier_list(self_, &TABLES)?, count) }
    })
}

unsafe extern "system" fn qualifier_at(
    self_: *const MI_QualifierSet,
    index: MI_Uint32,
    name: *mut *const MI_Char,
    qualifierType: *mut MI_Type,
    qualifierFlags: *mut MI_Uint32,
    qualifierValue: *mut MI_Value,
) -> MI_Result {
    guard("MI_QualifierSet_GetQualifierAt", || {
        // SAFETY: the client's qualifier set and out-pointers.
        unsafe {
            let list = sc::qualifier_list(self_, &TABLES)?;
            sc::qualifier_at(list, index, name, qualifierType, qualifierFlags, qualifierValue)
        }
    })
}

unsafe extern "system" fn qualifier(
    self_: *const MI_QualifierSet,
    name: *const MI_Char,
    qualifierType: *mut MI_Type,
    qualifierFlags: *mut MI_Uint32,
    qualifierValue: *mut MI_Value,
    index: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_QualifierSet_GetQualifier", || {
        // SAFETY: the client's qualifier set, name and out-pointers.
        unsafe {
            let list = sc::qualifier_list(self_, &TABLES)?;
            sc::qualifier(list, name, qualifierType, qualifierFlags, qualifierValue, index)
        }
    })
}

unsafe extern "system" fn method_return_type(
    self_: *const MI_ParameterSet,
    returnType: *mut MI_Type,
    qualifierSet: *mut MI_QualifierSet,
) -> MI_Result {
    guard("MI_ParameterSet_GetMethodReturnType", || {
        // SAFETY: the client's parameter set (NULL or readable; its class alive) and out-pointers.
        unsafe {
            sc::method_return_type(
                sc::parameter_list(self_, &TABLES)?,
                &TABLES,
                returnType,
                qualifierSet,
            )
        }
    })
}

unsafe extern "system" fn parameter_count(self_: *const MI_ParameterSet, count: *mut MI_Uint32) -> MI_Result {
    guard("MI_ParameterSet_GetParameterCount", || {
        // SAFETY: the client's parameter set and out-pointer.
        unsafe { sc::parameter_count(sc::parameter_list(self_, &TABLES)?, count) }
    })
}

unsafe extern "system" fn parameter_at(
    self_: *const MI_ParameterSet,
    index: MI_Uint32,
    name: *mut *const MI_Char,
    parameterType: *mut MI_Type,
    referenceClass: *mut *mut MI_Char,
    qualifierSet: *mut MI_QualifierSet,
) -> MI_Result {
    guard("MI_ParameterSet_GetParameterAt", || {
        // SAFETY: the client's parameter set and out-pointers.
        unsafe {
            let list = sc::parameter_list(self_, &TABLES)?;
            sc::parameter_at(
                list,
                &TABLES,
                index,
                name,
                parameterType,
                referenceClass,
                qualifierSet,
            )
        }
    })
}

unsafe extern "system" fn parameter(
    self_: *const MI_ParameterSet,
    name: *const MI_Char,
    parameterType: *mut MI_Type,
    referenceClass: *mut *mut MI_Char,
    qualifierSet: *mut MI_QualifierSet,
    index: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_ParameterSet_GetParameter", || {
        // SAFETY: the client's parameter set, name and out-pointers.
        unsafe {
            let list = sc::parameter_list(self_, &TABLES)?;
            sc::parameter(
                list,
                &TABLES,
                name,
                parameterType,
                referenceClass,
                qualifierSet,
                index,
            )
        }
    })
}

#[cfg(test)]
mod tests {
    //! The slots through the real tables, and `new_class`: what the schema core's own tests
    //! cannot reach (handles encoded and decoded, the panic boundary, foreign handles).
    use super::*;
    use crate::schema::decl::DeclGraph;
    use crate::schema::model::{Method, Parameter, Property, Qualifier};
    use crate::schema::value::Value;
    use crate::strings;
    use std::ptr::null;

    fn c(s: &str) -> Box<[MI_Char]> {
        strings::encode(s)
    }

    fn model() -> Arc<ClassModel> {
        let mut base = ClassModel::new("T_Base");
        base.properties.push(Property::new("Id", MI_UINT32));
        let base = Arc::new(base);
        let mut m = ClassModel::new("T_Class");
        m.set_parent(base.clone());
        m.qualifiers
            .push(Qualifier::new("Description", Value::String("d".into()), 0));
        m.properties.push(base.properties[0].clone());
        let mut p = Property::new("Size", MI_UINT64);
        p.default = Some(Value::Uint64(9));
        p.qualifiers.push(Qualifier::new(
            "Units",
            Value::String("bytes".into()),
            MI_FLAG_TRANSLATABLE,
        ));
        m.properties.push(p);
        let mut meth = Method::new("Go", MI_UINT32);
        meth.parameters
            .push(Parameter::new("Speed", MI_REAL32, MI_FLAG_IN));
        m.methods.push(meth);
        Arc::new(m)
    }

    fn new_from(decl: *const MI_ClassDecl, ns: *const MI_Char) -> (MiResult, *mut MI_Class) {
        let mut out: *mut MI_Class = std::ptr::dangling_mut();
        // SAFETY: a declaration graph the test keeps alive; a local out-pointer.
        let r = unsafe { new_class(decl, ns, null(), &mut out) };
        (r, out)
    }

    #[test]
    fn new_class_builds_from_a_declaration() {
        let g = DeclGraph::build(model()).unwrap();
        let ns = c("root/x");
        let (r, cls) = new_from(g.class_decl(), ns.as_ptr());
        r.unwrap();
        // SAFETY: `cls` is a live class of ours; every out-pointer is a local (whole block).
        unsafe {
            let ft = &*(*cls).ft;
            let mut s: *const MI_Char = null();
            assert_eq!(ft.GetNameSpace.unwrap()(cls, &mut s), MI_RESULT_OK);
            assert_eq!(strings::utf8(s).unwrap().as_deref(), Some("root/x"));
            assert_eq!(ft.GetParentClassName.unwrap()(cls, &mut s), MI_RESULT_OK);
            assert_eq!(strings::utf8(s).unwrap().as_deref(), Some("T_Base"));
            // A qualifier set handed out and read back through its own table.
            let mut qs = std::mem::zeroed::<MI_QualifierSet>();
            let size = c("SIZE");
            let mut v = std::mem::zeroed::<MI_Value>();
            let mut exists = 0;
            assert_eq!(
                ft.GetElement.unwrap()(
                    cls,
                    size.as_ptr(),
                    &mut v,
                    &mut exists,
                    null_mut(),
                    null_mut(),
                    &mut qs,
                    null_mut(),
                    null_mut()
                ),
                MI_RESULT_OK
            );
            assert_eq!((v.uint64, exists), (9, MI_TRUE));
            let qft = &*qs.ft;
            let mut n = 0;
            assert_eq!(qft.GetQualifierCount.unwrap()(&qs, &mut n), MI_RESULT_OK);
            assert_eq!(n, 1);
            let (mut name, mut ty, mut flavor) = (null(), 0, 0);
            assert_eq!(
                qft.GetQualifierAt.unwrap()(&qs, 0, &mut name, &mut ty, &mut flavor, &mut v),
                MI_RESULT_OK
            );
            assert_eq!(strings::utf8(v.string).unwrap().as_deref(), Some("bytes"));
            assert_eq!(flavor, MI_FLAG_TRANSLATABLE);
            // Made-up and zeroed handles are refused without being followed.
            let mut forged = qs;
            forged.reserved1 ^= 1;
            assert_eq!(
                qft.GetQualifierCount.unwrap()(&forged, &mut n),
                MI_RESULT_INVALID_PARAMETER
            );
            let zero = std::mem::zeroed::<MI_QualifierSet>();
            assert_eq!(
                qft.GetQualifierCount.unwrap()(&zero, &mut n),
                MI_RESULT_INVALID_PARAMETER
            );
            assert_eq!(
                qft.GetQualifierCount.unwrap()(null(), &mut n),
                MI_RESULT_INVALID_PARAMETER
            );
            // A parameter set's handle given to the qualifier table, and the other way round.
            let mut ps = std::mem::zeroed::<MI_ParameterSet>();
            let mut mname = null();
            assert_eq!(
                ft.GetMethodAt.unwrap()(cls, 0, &mut mname, null_mut(), &mut ps),
                MI_RESULT_OK
            );
            let pft = &*ps.ft;
            assert_eq!(pft.GetParameterCount.unwrap()(&ps, &mut n), MI_RESULT_OK);
            assert_eq!(n, 1);
            let as_qs: MI_QualifierSet = std::mem::transmute(ps);
            assert_eq!(
                qft.GetQualifierCount.unwrap()(&as_qs, &mut n),
                MI_RESULT_INVALID_PARAMETER
            );
            let mut forged = ps;
            forged.reserved2 += 8;
            assert_eq!(
                pft.GetParameterCount.unwrap()(&forged, &mut n),
                MI_RESULT_INVALID_PARAMETER
            );
            // An instance from the class (NewInstanceFromClass reads classDecl).
            let inst = crate::ffi::instance::new_from_decl((*cls).classDecl).unwrap();
            let mut clone: *mut MI_Class = null_mut();
            assert_eq!(ft.Clone.unwrap()(cls, &mut clone), MI_RESULT_OK);
            assert_eq!(ft.Delete.unwrap()(cls), MI_RESULT_OK);
            // The clone keeps working after the original is deleted.
            assert_eq!(ft.GetMethodCount.unwrap()(clone, &mut n), MI_RESULT_OK);
            assert_eq!(n, 1);
            assert_eq!(ft.Delete.unwrap()(clone), MI_RESULT_OK);
            // The instance has the class's elements and defaults and outlives it.
            let ift = &*(*inst).ft;
            assert_eq!(ift.GetElementCount.unwrap()(inst, &mut n), MI_RESULT_OK);
            assert_eq!(n, 2);
            let mut flags = 0;
            assert_eq!(
                ift.GetElementAt.unwrap()(inst, 1, &mut name, &mut v, &mut ty, &mut flags),
                MI_RESULT_OK
            );
            assert_eq!((v.uint64, ty), (9, MI_UINT64));
            assert!(flags & MI_FLAG_NOT_MODIFIED != 0);
            // GetClass of that instance answers from its model: qualifiers and parent too.
            let mut back: *mut MI_Class = null_mut();
            assert_eq!(ift.GetClass.unwrap()(inst, &mut back), MI_RESULT_OK);
            let mut parent: *mut MI_Class = null_mut();
            assert_eq!(ft.GetParentClass.unwrap()(back, &mut parent), MI_RESULT_OK);
            assert_eq!(ft.GetClassQualifierSet.unwrap()(back, &mut qs), MI_RESULT_OK);
            assert_eq!(qft.GetQualifierCount.unwrap()(&qs, &mut n), MI_RESULT_OK);
            assert_eq!(n, 1);
            assert_eq!(ft.Delete.unwrap()(parent), MI_RESULT_OK);
            assert_eq!(ft.Delete.unwrap()(back), MI_RESULT_OK);
            assert_eq!(ift.Delete.unwrap()(inst), MI_RESULT_OK);
        }
    }

    #[test]
    fn new_class_refuses_bad_arguments() {
        let g = DeclGraph::build(model()).unwrap();
        let (r, out) = new_from(null(), null());
        assert_eq!((r, out), (Err(MI_RESULT_INVALID_PARAMETER), null_mut()));
        // SAFETY: NULL out-pointer: refused before anything is read.
        let r = unsafe { new_class(g.class_decl(), null(), null(), null_mut()) };
        assert_eq!(r, Err(MI_RESULT_INVALID_PARAMETER));
        #[cfg(not(windows))]
        {
            let junk: [MI_Char; 2] = [0xFFu8 as MI_Char, 0];
            let (r, out) = new_from(g.class_decl(), junk.as_ptr());
            assert_eq!((r, out), (Err(MI_RESULT_INVALID_PARAMETER), null_mut()));
        }
        // A broken declaration: a property type out of range.
        // SAFETY: copies of the graph's structs, which stay alive.
        let (d, mut p0) = unsafe {
            (
                std::ptr::read(g.class_decl()),
                std::ptr::read(*(*g.class_decl()).properties),
            )
        };
        p0.r#type = 64;
        let props = [&p0 as *const MI_PropertyDecl, &p0];
        let bad = MI_ClassDecl {
            properties: props.as_ptr(),
            ..d
        };
        let (r, out) = new_from(&bad, null());
        assert_eq!((r, out), (Err(MI_RESULT_INVALID_PARAMETER), null_mut()));
    }

    #[test]
    fn required_out_pointers_and_foreign_classes() {
        let cls = class_of_model(model(), None, None).unwrap();
        // SAFETY: `cls` is live; out-pointers are locals or NULL.
        unsafe {
            let ft = &*(*cls).ft;
            assert_eq!(
                ft.GetClassName.unwrap()(cls, null_mut()),
                MI_RESULT_INVALID_PARAMETER
            );
            assert_eq!(
                ft.GetElementCount.unwrap()(cls, null_mut()),
                MI_RESULT_INVALID_PARAMETER
            );
            assert_eq!(
                ft.GetClassQualifierSet.unwrap()(cls, null_mut()),
                MI_RESULT_INVALID_PARAMETER
            );
            assert_eq!(
                ft.GetParentClass.unwrap()(cls, null_mut()),
                MI_RESULT_INVALID_PARAMETER
            );
            assert_eq!(ft.Clone.unwrap()(cls, null_mut()), MI_RESULT_INVALID_PARAMETER);
            // Every out-pointer of GetElementAt is optional.
            assert_eq!(
                ft.GetElementAt.unwrap()(
                    cls,
                    0,
                    null_mut(),
                    null_mut(),
                    null_mut(),
                    null_mut(),
                    null_mut(),
                    null_mut(),
                    null_mut()
                ),
                MI_RESULT_OK
            );
            let mut copy = std::ptr::read(cls);
            copy.reserved[0] = 0;
            let mut n = 0;
            assert_eq!(
                ft.GetElementCount.unwrap()(&copy, &mut n),
                MI_RESULT_INVALID_PARAMETER
            );
            assert_eq!(ft.Delete.unwrap()(null_mut()), MI_RESULT_INVALID_PARAMETER);
            assert_eq!(ft.Delete.unwrap()(cls), MI_RESULT_OK);
        }
    }
}
