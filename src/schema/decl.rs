//! From the model to an owned `MI_ClassDecl` graph that C code (and the instance
//! constructors) read like any generated declaration.
//!
//! The graph is built once and never changed: every struct C sees lives in a `Vec` that is
//! complete before any pointer into it is taken, names point into the model (kept alive by
//! the graph's `Arc`), values into the graph's own copies, and `superClassDecl` into the
//! parent's graph (kept alive too). It matches generated code:
//!
//! * `code` is OMI's hash ([`super::code_of`]);
//! * `size` and `offset` are those of the generated C structure: `MI_Instance` first, then
//!   one `MI_Const<T>Field` per property in order, each at its natural alignment (a method's
//!   structure: `MIReturn`, then the parameters; stream parameters get no field and offset
//!   `0xFFFFFFFF`);
//! * each method's `parameters[0]` is `MIReturn` (`MI_FLAG_PARAMETER | MI_FLAG_OUT`, the
//!   return type, class and qualifiers), followed by the parameters;
//! * `schema`, `providerFT`, `owningClass` and method `function`s are NULL, and class flags
//!   never carry 0x1000 (Windows' `MI_FLAG_EXTENDED`).

use super::model::{ClassModel, Method, Qualifier};
use super::read::NO_OFFSET;
use super::{MIRETURN, Reason, SchemaError, code_of};
use crate::abi::*;
use crate::instance::value::Stored;
use crate::strings::Name;
use core::ffi::c_void;
use std::mem::{align_of, size_of};
use std::ptr::{null, null_mut};
use std::sync::Arc;

/// `magic` of a qualifier list's anchor ("MIqlst").
pub(crate) const QUAL_MAGIC: u64 = 0x4D49_716C_7374_0001;
/// `magic` of a method's parameter anchor ("MIprst").
pub(crate) const PARAM_MAGIC: u64 = 0x4D49_7072_7374_0001;

/// Size and alignment of the generated field for a property or parameter of `ty`
/// (`MI_Const<T>Field`, `MI_Const<T>AField`; references and embedded instances are
/// pointer fields).
pub(crate) fn field_layout(ty: MI_Type) -> (u32, u32) {
    macro_rules! l {
        ($t:ty) => {
            (size_of::<$t>() as u32, align_of::<$t>() as u32)
        };
    }
    if ty & MI_ARRAY != 0 {
        // Every array field is `{ {data, size}, exists, flags }`.
        return l!(MI_ConstUint8AField);
    }
    match ty {
        MI_BOOLEAN => l!(MI_ConstBooleanField),
        MI_UINT8 => l!(MI_ConstUint8Field),
        MI_SINT8 => l!(MI_ConstSint8Field),
        MI_UINT16 => l!(MI_ConstUint16Field),
        MI_SINT16 => l!(MI_ConstSint16Field),
        MI_UINT32 => l!(MI_ConstUint32Field),
        MI_SINT32 => l!(MI_ConstSint32Field),
        MI_UINT64 => l!(MI_ConstUint64Field),
        MI_SINT64 => l!(MI_ConstSint64Field),
        MI_REAL32 => l!(MI_ConstReal32Field),
        MI_REAL64 => l!(MI_ConstReal64Field),
        MI_CHAR16 => l!(MI_ConstChar16Field),
        MI_DATETIME => l!(MI_ConstDatetimeField),
        MI_STRING => l!(MI_ConstStringField),
        _ => l!(MI_ConstReferenceField),
    }
}

/// Lays out a generated structure: `MI_Instance`, then one field per type (`None`: no
/// field). Returns each field's offset and the structure's size.
pub(crate) fn layout_of(types: impl IntoIterator<Item = Option<MI_Type>>) -> (Vec<u32>, u32) {
    let align_up = |x: u64, a: u64| x.div_ceil(a) * a;
    let mut at = size_of::<MI_Instance>() as u64;
    let mut max_align = align_of::<MI_Instance>() as u64;
    let mut offsets = Vec::new();
    for ty in types {
        let Some(ty) = ty else {
            offsets.push(NO_OFFSET);
            continue;
        };
        let (len, align) = field_layout(ty);
        at = align_up(at, u64::from(align));
        offsets.push(at as u32);
        at += u64::from(len);
        max_align = max_align.max(u64::from(align));
    }
    // The model's counts are bounded (65536 fields of at most 40 bytes), so this fits.
    (offsets, align_up(at, max_align) as u32)
}

/// Where a qualifier-set handle points: one qualifier list of a graph.
#[repr(C)]
pub(crate) struct QualAnchor {
    pub(crate) magic: u64,
    model: *const Qualifier,
    decls: *const MI_Qualifier,
    count: usize,
}

impl QualAnchor {
    /// The qualifiers, as the model has them.
    pub(crate) fn model(&self) -> &[Qualifier] {
        if self.count == 0 {
            return &[];
        }
        // SAFETY: points into the model the graph keeps alive, `count` entries.
        unsafe { std::slice::from_raw_parts(self.model, self.count) }
    }

    /// The qualifiers as declared (their `value` points into the graph's copies).
    pub(crate) fn decls(&self) -> &[MI_Qualifier] {
        if self.count == 0 {
            return &[];
        }
        // SAFETY: points into the graph's Vec of `count` declarations, never changed.
        unsafe { std::slice::from_raw_parts(self.decls, self.count) }
    }
}

/// Where a parameter-set handle points: one method of a graph.
#[repr(C)]
pub(crate) struct ParamAnchor {
    pub(crate) magic: u64,
    method: *const Method,
    /// Qualifier lists: `[0]` is the return value's, `[i + 1]` parameter `i`'s.
    quals: *const QualBlock,
    count: usize,
}

impl ParamAnchor {
    pub(crate) fn method(&self) -> &Method {
        // SAFETY: points into the model the graph keeps alive.
        unsafe { &*self.method }
    }

    /// The qualifier list of the return value (`None`) or of parameter `Some(i)`.
    pub(crate) fn qualifiers(&self, param: Option<usize>) -> &QualAnchor {
        let i = param.map_or(0, |i| i + 1);
        assert!(i < self.count, "parameter index checked by the caller");
        // SAFETY: points into the graph's Vec of `count` blocks, never changed.
        unsafe { (*self.quals.add(i)).anchor() }
    }
}

/// One qualifier list: the C declarations, their values, and the anchor.
pub(crate) struct QualBlock {
    _values: Vec<Option<Stored>>,
    decls: Vec<MI_Qualifier>,
    ptrs: Vec<*const MI_Qualifier>,
    anchor: Vec<QualAnchor>,
}

fn too_big(place: String) -> SchemaError {
    SchemaError::new(place, Reason::TooBig)
}

/// The C form of a value the model holds, or `None`.
fn stored(
    v: Option<&super::value::Value>,
    place: impl Fn() -> String,
) -> Result<Option<Stored>, SchemaError> {
    v.map(|v| v.to_stored().map_err(|_| too_big(place()))).transpose()
}

/// The address of a stored value as a declaration's `value` (NULL for none).
fn value_ptr(s: &Option<Stored>) -> *const c_void {
    s.as_ref()
        .map_or(null(), |s| (s.view() as *const MI_Value).cast())
}

fn opt_ptr(n: &Option<Name>) -> *const MI_Char {
    n.as_ref().map_or(null(), Name::as_ptr)
}

/// A pointer array's pointer, NULL when empty (as generated code writes it).
fn array_ptr<T>(v: &[*const T]) -> *const *const T {
    if v.is_empty() { null() } else { v.as_ptr() }
}

impl QualBlock {
    fn new(quals: &[Qualifier], place: impl Fn() -> String) -> Result<Self, SchemaError> {
        let values = quals
            .iter()
            .map(|q| stored(q.value.as_ref(), &place))
            .collect::<Result<Vec<_>, _>>()?;
        let decls: Vec<MI_Qualifier> = quals
            .iter()
            .zip(&values)
            .map(|(q, v)| MI_Qualifier {
                name: q.name.as_ptr(),
                r#type: q.ty,
                flavor: q.flavor,
                value: value_ptr(v),
            })
            .collect();
        let ptrs = decls.iter().map(|d| d as *const MI_Qualifier).collect();
        let anchor = vec![QualAnchor {
            magic: QUAL_MAGIC,
            model: quals.as_ptr(),
            decls: decls.as_ptr(),
            count: quals.len(),
        }];
        Ok(Self {
            _values: values,
            decls,
            ptrs,
            anchor,
        })
    }

    pub(crate) fn anchor(&self) -> &QualAnchor {
        &self.anchor[0]
    }

    fn array(&self) -> (*const *const MI_Qualifier, MI_Uint32) {
        (array_ptr(&self.ptrs), self.decls.len() as MI_Uint32)
    }
}

/// One method: its qualifiers, the qualifiers of `MIReturn` and each parameter, and the
/// parameter declarations (`MIReturn` first).
struct MethodBlock {
    quals: QualBlock,
    params: Vec<QualBlock>,
    _decls: Vec<MI_ParameterDecl>,
    ptrs: Vec<*const MI_ParameterDecl>,
    size: u32,
}

/// `"MIReturn"` as a static C string (the name of every `parameters[0]`).
static MIRETURN_C: [MI_Char; 9] = {
    let s = b"MIReturn\0";
    let mut out = [0 as MI_Char; 9];
    let mut i = 0;
    while i < s.len() {
        out[i] = s[i] as MI_Char;
        i += 1;
    }
    out
};

impl MethodBlock {
    fn new(class: &str, m: &Method) -> Result<Self, SchemaError> {
        let place = |what: &str| format!("class `{class}`, method `{}`{what}", m.name.as_str());
        let quals = QualBlock::new(&m.qualifiers, || place(""))?;
        let mut params = Vec::with_capacity(m.parameters.len() + 1);
        params.push(QualBlock::new(&m.return_qualifiers, || place(", return value"))?);
        for p in &m.parameters {
            let what = format!(", parameter `{}`", p.name.as_str());
            params.push(QualBlock::new(&p.qualifiers, || place(&what))?);
        }
        let fields = std::iter::once(Some(m.return_type)).chain(
            m.parameters
                .iter()
                .map(|p| (p.flags & MI_FLAG_STREAM == 0).then_some(p.ty)),
        );
        let (offsets, size) = layout_of(fields);
        let mireturn_code = code_of(&MIRETURN_C[..MIRETURN.len()]);
        let mut decls = Vec::with_capacity(params.len());
        let (q, nq) = params[0].array();
        decls.push(MI_ParameterDecl {
            flags: MI_FLAG_PARAMETER | MI_FLAG_OUT,
            code: mireturn_code,
            name: MIRETURN_C.as_ptr(),
            qualifiers: q,
            numQualifiers: nq,
            r#type: m.return_type,
            className: opt_ptr(&m.return_class),
            subscript: 0,
            offset: offsets[0],
        });
        for (i, p) in m.parameters.iter().enumerate() {
            let (q, nq) = params[i + 1].array();
            decls.push(MI_ParameterDecl {
                flags: p.flags,
                code: code_of(p.name.chars()),
                name: p.name.as_ptr(),
                qualifiers: q,
                numQualifiers: nq,
                r#type: p.ty,
                className: opt_ptr(&p.class_name),
                subscript: p.subscript,
                offset: offsets[i + 1],
            });
        }
        let ptrs = decls.iter().map(|d| d as *const MI_ParameterDecl).collect();
        Ok(Self {
            quals,
            params,
            _decls: decls,
            ptrs,
            size,
        })
    }
}

/// The owned declaration graph of one class (and, through `parent`, its ancestors).
pub(crate) struct DeclGraph {
    model: Arc<ClassModel>,
    parent: Option<Arc<DeclGraph>>,
    class_quals: QualBlock,
    prop_values: Vec<Option<Stored>>,
    prop_quals: Vec<QualBlock>,
    _props: Vec<MI_PropertyDecl>,
    _prop_ptrs: Vec<*const MI_PropertyDecl>,
    methods: Vec<MethodBlock>,
    _method_decls: Vec<MI_MethodDecl>,
    _method_ptrs: Vec<*const MI_MethodDecl>,
    param_anchors: Vec<ParamAnchor>,
    /// Exactly one: the class declaration.
    class: Vec<MI_ClassDecl>,
    /// Offsets of the properties (as in `_props`), and the instance size.
    offsets: Vec<u32>,
}

// SAFETY: a graph is never changed after `build`; its raw pointers point only into its own
// Vecs, into the model and into the parent graph, which it keeps alive through `Arc`s; its
// stored values are scalars, strings and arrays of those (never instances). Reading it from
// several threads at once is therefore sound.
unsafe impl Send for DeclGraph {}
// SAFETY: as above.
unsafe impl Sync for DeclGraph {}

impl DeclGraph {
    /// Builds the graph of `model` (and of its resolved ancestors). The model is checked
    /// first ([`ClassModel::check`]).
    pub(crate) fn build(model: Arc<ClassModel>) -> Result<Arc<DeclGraph>, SchemaError> {
        model.check()?;
        Self::build_checked(model)
    }

    fn build_checked(model: Arc<ClassModel>) -> Result<Arc<DeclGraph>, SchemaError> {
        let parent = model.parent.clone().map(Self::build_checked).transpose()?;
        let m: &ClassModel = &model;
        let cls = m.name.as_str();
        let class_quals = QualBlock::new(&m.qualifiers, || format!("class `{cls}`"))?;

        let prop_values = m
            .properties
            .iter()
            .map(|p| {
                stored(p.default.as_ref(), || {
                    format!("class `{cls}`, property `{}`", p.name.as_str())
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let prop_quals = m
            .properties
            .iter()
            .map(|p| {
                QualBlock::new(&p.qualifiers, || {
                    format!("class `{cls}`, property `{}`", p.name.as_str())
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (offsets, size) = layout_of(m.properties.iter().map(|p| Some(p.ty)));
        let props: Vec<MI_PropertyDecl> = m
            .properties
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (q, nq) = prop_quals[i].array();
                MI_PropertyDecl {
                    flags: p.flags,
                    code: code_of(p.name.chars()),
                    name: p.name.as_ptr(),
                    qualifiers: q,
                    numQualifiers: nq,
                    r#type: p.ty,
                    className: opt_ptr(&p.class_name),
                    subscript: p.subscript,
                    offset: offsets[i],
                    origin: opt_ptr(&p.origin),
                    propagator: opt_ptr(&p.propagator),
                    value: value_ptr(&prop_values[i]),
                }
            })
            .collect();
        let prop_ptrs: Vec<*const MI_PropertyDecl> = props.iter().map(|p| p as *const _).collect();

        let methods = m
            .methods
            .iter()
            .map(|meth| MethodBlock::new(cls, meth))
            .collect::<Result<Vec<_>, _>>()?;
        let method_decls: Vec<MI_MethodDecl> = m
            .methods
            .iter()
            .zip(&methods)
            .map(|(meth, b)| {
                let (q, nq) = b.quals.array();
                MI_MethodDecl {
                    flags: meth.flags,
                    code: code_of(meth.name.chars()),
                    name: meth.name.as_ptr(),
                    qualifiers: q,
                    numQualifiers: nq,
                    parameters: b.ptrs.as_ptr(),
                    numParameters: b.ptrs.len() as MI_Uint32,
                    size: b.size,
                    returnType: meth.return_type,
                    origin: opt_ptr(&meth.origin),
                    propagator: opt_ptr(&meth.propagator),
                    schema: null(),
                    function: None,
                }
            })
            .collect();
        let method_ptrs: Vec<*const MI_MethodDecl> = method_decls.iter().map(|d| d as *const _).collect();
        let param_anchors = m
            .methods
            .iter()
            .zip(&methods)
            .map(|(meth, b)| ParamAnchor {
                magic: PARAM_MAGIC,
                method: meth,
                quals: b.params.as_ptr(),
                count: b.params.len(),
            })
            .collect();

        let (q, nq) = class_quals.array();
        let class = vec![MI_ClassDecl {
            flags: m.flags & !MI_FLAG_KEY,
            code: code_of(m.name.chars()),
            name: m.name.as_ptr(),
            qualifiers: q,
            numQualifiers: nq,
            properties: array_ptr(&prop_ptrs),
            numProperties: prop_ptrs.len() as MI_Uint32,
            size,
            superClass: opt_ptr(&m.superclass),
            superClassDecl: parent.as_ref().map_or(null(), |p| p.class_decl()),
            methods: array_ptr(&method_ptrs),
            numMethods: method_ptrs.len() as MI_Uint32,
            schema: null(),
            providerFT: null(),
            owningClass: null_mut(),
        }];
        let mut offsets = offsets;
        offsets.push(size);
        Ok(Arc::new(DeclGraph {
            model: model.clone(),
            parent,
            class_quals,
            prop_values,
            prop_quals,
            _props: props,
            _prop_ptrs: prop_ptrs,
            methods,
            _method_decls: method_decls,
            _method_ptrs: method_ptrs,
            param_anchors,
            class,
            offsets,
        }))
    }

    /// The class declaration (valid as long as the graph).
    pub(crate) fn class_decl(&self) -> *const MI_ClassDecl {
        self.class.as_ptr()
    }

    pub(crate) fn model(&self) -> &Arc<ClassModel> {
        &self.model
    }

    pub(crate) fn parent(&self) -> Option<&Arc<DeclGraph>> {
        self.parent.as_ref()
    }

    /// The generated layout: each property's offset and the instance size.
    pub(crate) fn layout(&self) -> (&[u32], u32) {
        let (offsets, size) = self.offsets.split_at(self.offsets.len() - 1);
        (offsets, size[0])
    }

    pub(crate) fn class_qualifiers(&self) -> &QualAnchor {
        self.class_quals.anchor()
    }

    /// Property `i`'s default in C form (the `MI_Value` member its type selects).
    pub(crate) fn default_value(&self, i: usize) -> Option<&MI_Value> {
        self.prop_values[i].as_ref().map(Stored::view)
    }

    pub(crate) fn property_qualifiers(&self, i: usize) -> &QualAnchor {
        self.prop_quals[i].anchor()
    }

    pub(crate) fn method_qualifiers(&self, i: usize) -> &QualAnchor {
        self.methods[i].quals.anchor()
    }

    pub(crate) fn parameters(&self, i: usize) -> &ParamAnchor {
        &self.param_anchors[i]
    }
}
