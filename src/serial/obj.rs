//! The owned form of an instance the codecs write and read, how it is read from any
//! `MI_Instance` (through the instance's own function table, so the library's dynamic,
//! schema-backed and fixed instances and foreign ones all work), and how the library's
//! instances are built back from it.

use super::{MAX_NEST, SerialError, SerialResult, text};
use crate::abi::*;
use crate::instance::value::{Stored, delete_instance};
use crate::instance::{Instance, VALUE_FLAGS};
use crate::schema::class::{Class, ClassTables};
use crate::schema::model::ClassModel;
use crate::schema::read::{self, ReadOptions};
use crate::schema::value::Value;
use crate::strings::{self, Name};
use std::ptr::{self, null, null_mut};
use std::sync::Arc;

/// An instance as data.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Obj {
    pub(crate) class: String,
    pub(crate) namespace: Option<String>,
    pub(crate) server: Option<String>,
    pub(crate) props: Vec<Prop>,
}

/// One property of an [`Obj`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Prop {
    pub(crate) name: String,
    pub(crate) ty: MI_Type,
    /// The element's own flags (`MI_FLAG_KEY`, ...; never NULL / NOT_MODIFIED).
    pub(crate) flags: MI_Uint32,
    /// Whether the element was set (`MI_FLAG_NOT_MODIFIED` clear).
    pub(crate) modified: bool,
    /// `None`: NULL.
    pub(crate) value: Option<Val>,
}

/// A property value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    /// Every type but the instance kinds.
    Plain(Value),
    /// `MI_INSTANCE` or `MI_REFERENCE` (the property's type says which).
    Inst(Box<Obj>),
    /// `MI_INSTANCEA` or `MI_REFERENCEA`.
    Insts(Vec<Obj>),
}

impl Obj {
    pub(crate) fn new(class: &str) -> Self {
        Obj {
            class: class.to_owned(),
            namespace: None,
            server: None,
            props: Vec::new(),
        }
    }

    /// Appends a set property.
    #[cfg(test)]
    pub(crate) fn with(mut self, name: &str, ty: MI_Type, flags: MI_Uint32, value: Option<Val>) -> Self {
        self.props.push(Prop {
            name: name.to_owned(),
            ty,
            flags,
            modified: true,
            value,
        });
        self
    }
}

/// The function tables of the library's objects (the statics of `crate::ffi`).
#[derive(Clone, Copy)]
pub(crate) struct Tables {
    pub(crate) instance: &'static MI_InstanceFT,
    pub(crate) class: &'static ClassTables,
}

/// A NUL-terminated string as text, `None` for NULL.
///
/// # Safety
/// `s` is NULL or NUL-terminated.
unsafe fn opt_text(s: *const MI_Char) -> SerialResult<Option<String>> {
    if s.is_null() {
        return Ok(None);
    }
    // SAFETY: `s` is non-NULL (checked above) and NUL-terminated (this function's `# Safety`).
    let chars = unsafe { strings::c_chars(s) }.map_err(|r| SerialError::new(r, "string too long"))?;
    strings::decode(chars)
        .map(|c| Some(c.into_owned()))
        .map_err(|_| SerialError::bad("a string that is not valid text"))
}

/// Elements of a C array.
///
/// # Safety
/// `data` is readable for `size` elements when `size > 0`.
unsafe fn elements<T: Copy>(data: *const T, size: u32) -> SerialResult<Vec<T>> {
    if size == 0 {
        return Ok(Vec::new());
    }
    if data.is_null() {
        return Err(SerialError::bad("an array value with NULL data"));
    }
    // SAFETY: `data` is non-NULL (checked above) and points to `size` readable elements
    // (this function's `# Safety`).
    Ok(unsafe { std::slice::from_raw_parts(data, size as usize) }.to_vec())
}

/// A plain (non-instance) value from the member `ty` selects.
///
/// # Safety
/// `v`'s member for `ty` is set, with pointers valid as the type says.
pub(crate) unsafe fn plain_value(ty: MI_Type, v: &MI_Value) -> SerialResult<Option<Value>> {
    // SAFETY: `v` as this function's `# Safety` says, which is `from_mi`'s contract.
    unsafe { crate::schema::value::from_mi(ty, v) }.map_err(|r| match r {
        MI_RESULT_TYPE_MISMATCH => SerialError::bad(format!("an instance where a plain value of type {ty} belongs")),
        _ => SerialError::bad(format!(
            "a value of type {ty} that cannot be read (NULL array data, a NULL string in a string array, invalid text or an unknown type)"
        )),
    })
}

/// Reads any instance through its own function table. Instances nested deeper than
/// [`MAX_NEST`] are refused.
///
/// # Safety
/// `p` is NULL or a live instance whose `ft` is NULL or a valid table, and whose values
/// (and embedded instances, recursively) stay valid during the call.
pub(crate) unsafe fn read_instance(p: *const MI_Instance) -> SerialResult<Obj> {
    // SAFETY: `p` as this function's `# Safety` says, which is `read_at`'s contract.
    unsafe { read_at(p, 1) }
}

/// # Safety
/// As [`read_instance`].
unsafe fn read_at(p: *const MI_Instance, level: usize) -> SerialResult<Obj> {
    if level > MAX_NEST {
        return Err(SerialError::limit(format!(
            "instances nested deeper than {MAX_NEST}"
        )));
    }
    if p.is_null() {
        return Err(SerialError::bad("NULL instance"));
    }
    // SAFETY: a live instance (contract); header read by value.
    let ft = unsafe { ptr::addr_of!((*p).ft).read() };
    // SAFETY: NULL or a valid table (contract).
    let ft =
        unsafe { ft.as_ref() }.ok_or_else(|| SerialError::bad("an instance without a function table"))?;
    let failed =
        |slot: &str, r: MI_Result| SerialError::new(r, format!("the instance's {slot} returned {r}"));
    let mut name: *const MI_Char = null();
    let get = ft
        .GetClassName
        .ok_or_else(|| SerialError::bad("no GetClassName slot"))?;
    // SAFETY: the instance's own slot with a valid out-pointer.
    let r = unsafe { get(p, &mut name) };
    if r != MI_RESULT_OK {
        return Err(failed("GetClassName", r));
    }
    // SAFETY: the name the instance hands out is NUL-terminated (contract).
    let class =
        unsafe { opt_text(name) }?.ok_or_else(|| SerialError::bad("an instance without a class name"))?;
    let mut obj = Obj::new(&class);
    for (slot, out) in [
        (ft.GetNameSpace, &mut obj.namespace),
        (ft.GetServerName, &mut obj.server),
    ] {
        if let Some(get) = slot {
            let mut s: *const MI_Char = null();
            // SAFETY: the instance's own slot with a valid out-pointer.
            if unsafe { get(p, &mut s) } == MI_RESULT_OK {
                // SAFETY: NUL-terminated (contract).
                *out = unsafe { opt_text(s) }?.filter(|s| !s.is_empty());
            }
        }
    }
    let count_slot = ft
        .GetElementCount
        .ok_or_else(|| SerialError::bad("no GetElementCount slot"))?;
    let at = ft
        .GetElementAt
        .ok_or_else(|| SerialError::bad("no GetElementAt slot"))?;
    let mut count = 0;
    // SAFETY: the instance's own slot with a valid out-pointer.
    let r = unsafe { count_slot(p, &mut count) };
    if r != MI_RESULT_OK {
        return Err(failed("GetElementCount", r));
    }
    if count as usize > crate::instance::MAX_ELEMENTS {
        return Err(SerialError::limit("an instance with too many elements"));
    }
    for i in 0..count {
        let mut name: *const MI_Char = null();
        let mut value = crate::instance::value::zero_value();
        let (mut ty, mut flags) = (0, 0);
        // SAFETY: the instance's own slot; every out-pointer is a valid local.
        let r = unsafe { at(p, i, &mut name, &mut value, &mut ty, &mut flags) };
        if r != MI_RESULT_OK {
            return Err(failed("GetElementAt", r));
        }
        // SAFETY: NUL-terminated (contract).
        let name = unsafe { opt_text(name) }?.ok_or_else(|| SerialError::bad("an element without a name"))?;
        let value = if flags & MI_FLAG_NULL != 0 {
            None
        } else {
            // SAFETY: GetElementAt filled the member `ty` selects (contract).
            unsafe { read_value(ty, &value, level) }?
        };
        obj.props.push(Prop {
            name,
            ty,
            flags: flags & !VALUE_FLAGS,
            modified: flags & MI_FLAG_NOT_MODIFIED == 0,
            value,
        });
    }
    Ok(obj)
}

/// # Safety
/// As [`plain_value`]; embedded instances as [`read_instance`].
unsafe fn read_value(ty: MI_Type, v: &MI_Value, level: usize) -> SerialResult<Option<Val>> {
    match ty {
        MI_INSTANCE | MI_REFERENCE => {
            // SAFETY: the member `ty` selects (both have the same layout).
            let p = unsafe { v.instance };
            if p.is_null() {
                return Ok(None);
            }
            // SAFETY: a live embedded instance (contract).
            Ok(Some(Val::Inst(Box::new(unsafe { read_at(p, level + 1) }?))))
        }
        MI_INSTANCEA | MI_REFERENCEA => {
            // SAFETY: the member `ty` selects.
            let a = unsafe { v.instancea };
            // SAFETY: `size` pointers readable (contract).
            let ptrs = unsafe { elements(a.data.cast_const(), a.size) }?;
            let mut out = Vec::with_capacity(ptrs.len());
            for q in ptrs {
                // SAFETY: live embedded instances (contract); NULL entries are refused.
                out.push(unsafe { read_at(q, level + 1) }?);
            }
            Ok(Some(Val::Insts(out)))
        }
        // SAFETY: `v` holds a value of type `ty` whose pointers are valid (this function's
        // `# Safety`), what `plain_value` needs.
        _ => Ok(unsafe { plain_value(ty, v) }?.map(Val::Plain)),
    }
}

/// The class of an instance, through its `GetClass` slot (`None` if it has none or it
/// fails; the class object it hands out is deleted here).
///
/// # Safety
/// As [`read_instance`].
pub(crate) unsafe fn class_of_instance(p: *const MI_Instance, tables: &Tables) -> Option<Arc<ClassModel>> {
    // SAFETY: a live instance (contract).
    let ft = unsafe { ptr::addr_of!((*p).ft).read().as_ref() }?;
    let get = ft.GetClass?;
    let mut cls: *mut MI_Class = null_mut();
    // SAFETY: the instance's own slot with a valid out-pointer.
    if unsafe { get(p, &mut cls) } != MI_RESULT_OK || cls.is_null() {
        return None;
    }
    // SAFETY: a class object the slot just made.
    let model = unsafe { class_model(cls, tables) }.ok().map(|(m, _, _)| m);
    // SAFETY: the class object is ours to delete, through its own table.
    unsafe {
        if let Some(delete) = ptr::addr_of!((*cls).ft).read().as_ref().and_then(|t| t.Delete) {
            delete(cls);
        }
    }
    model
}

/// The model, namespace and server of any class object: the library's own through its
/// model, others through their declaration (read and checked as a client's).
///
/// # Safety
/// `cls` is NULL or a live class object whose `classDecl` is NULL or a declaration as
/// `read::read_class` requires.
pub(crate) unsafe fn class_model(
    cls: *const MI_Class,
    tables: &Tables,
) -> SerialResult<(Arc<ClassModel>, Option<String>, Option<String>)> {
    if cls.is_null() {
        return Err(SerialError::bad("NULL class"));
    }
    // SAFETY: a live class (contract).
    if let Ok(c) = unsafe { Class::resolve(cls, tables.class) } {
        let name = |n: Option<&Name>| n.map(|n| n.as_str().to_owned());
        return Ok((c.model().clone(), name(c.namespace()), name(c.server())));
    }
    // SAFETY: a live class (contract); fields read by value.
    let (decl, ns, server) = unsafe {
        (
            ptr::addr_of!((*cls).classDecl).read(),
            ptr::addr_of!((*cls).namespaceName).read(),
            ptr::addr_of!((*cls).serverName).read(),
        )
    };
    if decl.is_null() {
        return Err(SerialError::bad("a class without a declaration"));
    }
    // SAFETY: `decl` is the non-NULL (checked above) declaration of a live class (this
    // function's `# Safety`); `read_class` checks everything it reads through it.
    let read = unsafe { read::read_class(decl, ReadOptions::CLIENT) }
        .map_err(|e| SerialError::bad(format!("class declaration refused: {e}")))?;
    // SAFETY: NUL-terminated (contract).
    let (ns, server) = unsafe { (opt_text(ns)?, opt_text(server)?) };
    Ok((read.model, ns, server))
}

/// Deletes an instance we built when building its container failed.
struct Built(*mut MI_Instance);

impl Drop for Built {
    fn drop(&mut self) {
        // SAFETY: an instance this module made and still owns.
        unsafe { delete_instance(self.0) };
    }
}

impl Built {
    fn release(self) -> *mut MI_Instance {
        let p = self.0;
        std::mem::forget(self);
        p
    }
}

fn mi(r: MI_Result, what: &str) -> SerialError {
    SerialError::new(r, format!("{what}: MI_Result {r}"))
}

/// Converts a plain value to the type `ty` (the declared one) through its text, as a
/// deserializer must when a document's type differs from its class's or carries none.
pub(crate) fn coerce(v: Value, ty: MI_Type) -> SerialResult<Value> {
    if v.ty() == ty {
        return Ok(v);
    }
    let is_array = |t: MI_Type| t & MI_ARRAY != 0;
    let n = v.len();
    let texts: Vec<String> = if is_array(v.ty()) {
        (0..n).map(|i| text::scalar(&v, i)).collect()
    } else {
        vec![text::scalar(&v, 0)]
    };
    let char16_number = v.ty() & !MI_ARRAY == MI_CHAR16;
    let parse = |s: &String| {
        if ty & !MI_ARRAY == MI_CHAR16 && !char16_number {
            text::parse_scalar(MI_CHAR16, s)
        } else if ty & !MI_ARRAY == MI_CHAR16 {
            text::parse_scalar(MI_UINT16, s).map(|x| match x {
                Value::Uint16(u) => Value::Char16(u),
                other => other,
            })
        } else {
            text::parse_scalar(ty, s)
        }
    };
    if is_array(ty) {
        let items = texts.iter().map(parse).collect::<SerialResult<Vec<_>>>()?;
        text::gather(ty, items)
    } else if texts.len() == 1 {
        parse(&texts[0])
    } else {
        Err(SerialError::bad(format!(
            "an array where a {} is declared",
            super::type_keyword(ty)
        )))
    }
}

/// How [`build`] finds the class of an instance it builds (`None`: dynamic instance).
pub(crate) type ClassLookup<'a> = dyn Fn(&str) -> Option<Arc<ClassModel>> + 'a;

/// Builds one of the library's instances from `obj`: schema-backed when `lookup` knows
/// its class (values converted to the declared types, unknown properties refused), else
/// dynamic (elements in document order, with their own types and flags).
pub(crate) fn build(obj: &Obj, tables: &Tables, lookup: &ClassLookup<'_>) -> SerialResult<*mut MI_Instance> {
    build_at(obj, tables, lookup, 1)
}

fn build_at(
    obj: &Obj,
    tables: &Tables,
    lookup: &ClassLookup<'_>,
    level: usize,
) -> SerialResult<*mut MI_Instance> {
    if level > MAX_NEST {
        return Err(SerialError::limit(format!(
            "instances nested deeper than {MAX_NEST}"
        )));
    }
    let ft = tables.instance;
    let model = lookup(&obj.class);
    let p = match &model {
        Some(m) => Instance::new_from_model(ft, m.clone(), Vec::new()),
        None => Instance::new_dynamic(ft, &obj.class),
    }
    .map_err(|r| mi(r, &format!("creating an instance of `{}`", obj.class)))?;
    let built = Built(p);
    for prop in &obj.props {
        let declared = match &model {
            Some(m) => {
                let i = m.property(&prop.name).ok_or_else(|| {
                    SerialError::new(
                        MI_RESULT_NO_SUCH_PROPERTY,
                        format!("class `{}` has no property `{}`", obj.class, prop.name),
                    )
                })?;
                Some(m.properties[i].ty)
            }
            None => None,
        };
        let ty = declared.unwrap_or(prop.ty);
        if declared.is_some_and(|d| {
            let inst = |t: MI_Type| matches!(t & !MI_ARRAY, MI_INSTANCE | MI_REFERENCE);
            inst(d) != inst(prop.ty) || (d & MI_ARRAY) != (prop.ty & MI_ARRAY)
        }) {
            return Err(SerialError::new(
                MI_RESULT_TYPE_MISMATCH,
                format!(
                    "property `{}`: the document's type does not match the class",
                    prop.name
                ),
            ));
        }
        set_prop(built.0, prop, ty, model.is_some(), tables, lookup, level)?;
    }
    // SAFETY: ours, just made; no other reference is in use.
    let inst = unsafe { Instance::resolve_mut(built.0, ft) }.map_err(|r| mi(r, "instance"))?;
    inst.set_namespace(obj.namespace.as_deref().map(Name::new));
    inst.set_server_name(obj.server.as_deref().map(Name::new));
    for (i, prop) in obj.props.iter().enumerate() {
        let index = if model.is_some() {
            inst.find(&prop.name)
        } else {
            Some(i)
        };
        if let Some(index) = index {
            inst.set_modified(index, prop.modified);
        }
    }
    Ok(built.release())
}

fn set_prop(
    p: *mut MI_Instance,
    prop: &Prop,
    ty: MI_Type,
    schema_backed: bool,
    tables: &Tables,
    lookup: &ClassLookup<'_>,
    level: usize,
) -> SerialResult<()> {
    let ft = tables.instance;
    let name = strings::encode(&prop.name);
    let flags = prop.flags & !VALUE_FLAGS;
    // Keeps the value's C form alive during the call.
    let mut _stored: Option<Stored> = None;
    let mut children: Vec<Built> = Vec::new();
    let mut ptrs: Vec<*mut MI_Instance> = Vec::new();
    let mut v = crate::instance::value::zero_value();
    let mut extra = 0;
    match &prop.value {
        None => extra = MI_FLAG_NULL,
        Some(Val::Plain(x)) => {
            let x = coerce(x.clone(), ty)?;
            let s = x
                .to_stored()
                .map_err(|r| mi(r, &format!("property `{}`", prop.name)))?;
            _stored = Some(s);
        }
        Some(Val::Inst(o)) => {
            if ty & MI_ARRAY != 0 {
                return Err(SerialError::bad(format!(
                    "property `{}`: one instance for an array",
                    prop.name
                )));
            }
            let child = Built(build_at(o, tables, lookup, level + 1)?);
            v.instance = child.0;
            children.push(child);
        }
        Some(Val::Insts(os)) => {
            if ty & MI_ARRAY == 0 {
                return Err(SerialError::bad(format!(
                    "property `{}`: an array for one instance",
                    prop.name
                )));
            }
            for o in os {
                let child = Built(build_at(o, tables, lookup, level + 1)?);
                ptrs.push(child.0);
                children.push(child);
            }
            v.instancea = MI_InstanceA {
                data: ptrs.as_mut_ptr(),
                size: ptrs.len() as MI_Uint32,
            };
        }
    }
    let value_ptr: *const MI_Value = match (&prop.value, &_stored) {
        (None, _) => null(),
        (_, Some(s)) => s.view(),
        _ => &v,
    };
    let r = if schema_backed {
        // SAFETY: `p` is ours (just made); the name is NUL-terminated; the value is NULL
        // or the member `ty` selects, pointing into buffers alive in this frame (copied).
        unsafe { Instance::set_element(p, ft, name.as_ptr(), value_ptr, ty, extra) }
    } else {
        // SAFETY: as above.
        unsafe { Instance::add_element(p, ft, name.as_ptr(), value_ptr, ty, flags | extra) }
    };
    r.map_err(|r| mi(r, &format!("setting property `{}`", prop.name)))
}

/// The classes `MI_SERIALIZER_FLAGS_INSTANCE_WITH_CLASS` writes for an instance: its
/// class's resolved ancestors and the class, then (depth first) those of the instances
/// its properties hold, each once (by name), parents first. An instance whose class
/// cannot be had (no `GetClass`) contributes nothing.
///
/// # Safety
/// As [`read_instance`].
pub(crate) unsafe fn classes_of(
    p: *const MI_Instance,
    tables: &Tables,
) -> SerialResult<Vec<Arc<ClassModel>>> {
    let mut out: Vec<Arc<ClassModel>> = Vec::new();
    let mut stack: Vec<(*const MI_Instance, usize)> = vec![(p, 1)];
    let mut visited = 0usize;
    while let Some((q, level)) = stack.pop() {
        visited += 1;
        if level > MAX_NEST || visited > 1 << 16 {
            return Err(SerialError::limit("too many nested instances"));
        }
        // SAFETY: a live instance (contract; nested ones are values of live ones).
        if let Some(model) = unsafe { class_of_instance(q, tables) } {
            let mut chain: Vec<Arc<ClassModel>> = model.ancestors().map(|a| Arc::new(a.clone())).collect();
            chain.reverse();
            chain.push(model);
            for c in chain {
                if !out
                    .iter()
                    .any(|d| strings::cim_eq(d.name.as_str(), c.name.as_str()))
                {
                    if out.len() >= super::MAX_CLASSES {
                        return Err(SerialError::limit("too many classes"));
                    }
                    out.push(c);
                }
            }
        }
        // SAFETY: a live instance (contract); header read by value.
        let Some(ft) = (unsafe { ptr::addr_of!((*q).ft).read().as_ref() }) else {
            continue;
        };
        let (Some(count_slot), Some(at)) = (ft.GetElementCount, ft.GetElementAt) else {
            continue;
        };
        let mut count = 0;
        // SAFETY: the instance's own slot with a valid out-pointer.
        if unsafe { count_slot(q, &mut count) } != MI_RESULT_OK {
            continue;
        }
        let mut nested = Vec::new();
        for i in 0..count.min(crate::instance::MAX_ELEMENTS as u32) {
            let mut name: *const MI_Char = null();
            let mut v = crate::instance::value::zero_value();
            let (mut ty, mut flags) = (0, 0);
            // SAFETY: the instance's own slot; valid out-pointers.
            if unsafe { at(q, i, &mut name, &mut v, &mut ty, &mut flags) } != MI_RESULT_OK
                || flags & MI_FLAG_NULL != 0
            {
                continue;
            }
            // SAFETY: the member `ty` selects, filled by the slot.
            unsafe {
                match ty {
                    MI_INSTANCE | MI_REFERENCE if !v.instance.is_null() => {
                        nested.push(v.instance.cast_const())
                    }
                    MI_INSTANCEA | MI_REFERENCEA => {
                        for e in elements(v.instancea.data.cast_const(), v.instancea.size)? {
                            if !e.is_null() {
                                nested.push(e.cast_const());
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        // Depth first, in property order.
        for n in nested.into_iter().rev() {
            stack.push((n, level + 1));
        }
    }
    Ok(out)
}
