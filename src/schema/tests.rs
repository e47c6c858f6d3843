//! Unit tests of the schema core: model → declaration graph → model round trips, every
//! kind of broken declaration the reader refuses, the model checks, the registry, and the
//! class object's slot bodies (without the C tables: a test table stands in).

use super::class::{Class, ClassTables, NameOf};
use super::decl::{DeclGraph, field_layout, layout_of};
use super::model::*;
use super::read::{self, NO_OFFSET, ReadOptions};
use super::registry::Registry;
use super::value::{Datetime, Value};
use super::*;
use crate::abi::*;
use crate::strings::{self, Name};
use std::mem::size_of;
use std::ptr::{self, null, null_mut};
use std::sync::Arc;

// ---- fixtures ----------------------------------------------------------------------------

fn ts(year: u32) -> Datetime {
    Datetime::Timestamp(MI_Timestamp {
        year,
        month: 2,
        day: 3,
        hour: 4,
        minute: 5,
        second: 6,
        microseconds: 7,
        utc: -60,
    })
}

fn iv(days: u32) -> Datetime {
    Datetime::Interval {
        days,
        hours: 1,
        minutes: 2,
        seconds: 3,
        microseconds: 4,
    }
}

/// One value of every type a default or qualifier can have.
fn every_value() -> Vec<Value> {
    vec![
        Value::Boolean(true),
        Value::Uint8(200),
        Value::Sint8(-100),
        Value::Uint16(60000),
        Value::Sint16(-30000),
        Value::Uint32(4_000_000_000),
        Value::Sint32(-2_000_000_000),
        Value::Uint64(u64::MAX),
        Value::Sint64(i64::MIN),
        Value::Real32(1.5),
        Value::Real64(-2.25),
        Value::Char16(0x263A),
        Value::Datetime(ts(2024)),
        Value::String("text é".into()),
        Value::BooleanA(vec![true, false, true]),
        Value::Uint8A(vec![1, 2, 3]),
        Value::Sint8A(vec![-1, 0, 1]),
        Value::Uint16A(vec![1, 65535]),
        Value::Sint16A(vec![-2, 2]),
        Value::Uint32A(vec![7]),
        Value::Sint32A(vec![-7, 7]),
        Value::Uint64A(vec![0, u64::MAX]),
        Value::Sint64A(vec![i64::MIN, i64::MAX]),
        Value::Real32A(vec![0.5, 1.0]),
        Value::Real64A(vec![]),
        Value::Char16A(vec![65, 66]),
        Value::DatetimeA(vec![ts(1999), iv(3)]),
        Value::StringA(vec!["a".into(), "".into(), "ccc".into()]),
    ]
}

fn q(name: &str, v: Value) -> Qualifier {
    Qualifier::new(name, v, MI_FLAG_ENABLEOVERRIDE | MI_FLAG_TOSUBCLASS)
}

fn base_model() -> ClassModel {
    let mut m = ClassModel::new("Test_Base");
    m.flags = MI_FLAG_CLASS | MI_FLAG_ABSTRACT;
    m.qualifiers = vec![
        q("Abstract", Value::Boolean(true)),
        q("Version", Value::String("1.0".into())),
    ];
    let mut id = Property::new("Id", MI_STRING);
    id.flags |= MI_FLAG_KEY;
    id.origin = Some(Name::new("Test_Base"));
    id.propagator = Some(Name::new("Test_Base"));
    id.qualifiers = vec![q("Key", Value::Boolean(true))];
    m.properties = vec![id];
    let mut ping = Method::new("Ping", MI_UINT32);
    ping.flags |= MI_FLAG_STATIC;
    m.methods = vec![ping];
    m
}

/// A class with a parent, qualifiers, a property of every value type with its default,
/// a reference and an embedded instance, and methods with IN/OUT/stream parameters.
fn child_model() -> ClassModel {
    let parent = Arc::new(base_model());
    let mut m = ClassModel::new("Test_Child");
    m.set_parent(parent.clone());
    m.flags = MI_FLAG_CLASS;
    m.qualifiers = vec![
        q("Description", Value::String("a child".into())),
        q("Tags", Value::StringA(vec!["x".into(), "y".into()])),
        Qualifier {
            name: Name::new("Marker"),
            ty: MI_UINT32,
            flavor: MI_FLAG_RESTRICTED,
            value: None,
        },
    ];
    m.properties = parent.properties.clone();
    for (i, v) in every_value().into_iter().enumerate() {
        let mut p = Property::new(&format!("P{i}"), v.ty());
        if i % 3 == 0 {
            p.flags |= MI_FLAG_READONLY;
        }
        p.qualifiers = vec![q("Units", Value::String(format!("u{i}")))];
        p.default = Some(v);
        p.origin = Some(Name::new("Test_Child"));
        m.properties.push(p);
    }
    let mut r = Property::new("Owner", MI_REFERENCE);
    r.class_name = Some(Name::new("Test_Base"));
    m.properties.push(r);
    let mut e = Property::new("Embedded", MI_INSTANCEA);
    e.class_name = Some(Name::new("Test_Base"));
    e.qualifiers = vec![q("EmbeddedInstance", Value::String("Test_Base".into()))];
    m.properties.push(e);
    m.properties.push(Property::new("NoDefault", MI_REAL64));

    let mut doit = Method::new("DoIt", MI_STRING);
    doit.qualifiers = vec![q("Description", Value::String("does it".into()))];
    doit.return_qualifiers = vec![q("Units", Value::String("widgets".into()))];
    let mut a = Parameter::new("A", MI_UINT16, MI_FLAG_IN);
    a.qualifiers = vec![q("In", Value::Boolean(true))];
    let mut b = Parameter::new("B", MI_REFERENCE, MI_FLAG_IN | MI_FLAG_OUT);
    b.class_name = Some(Name::new("Test_Base"));
    let c = Parameter::new("C", MI_STRINGA, MI_FLAG_OUT | MI_FLAG_STREAM);
    let d = Parameter::new("D", MI_DATETIME, MI_FLAG_OUT);
    doit.parameters = vec![a, b, c, d];
    let mut emb = Method::new("Make", MI_INSTANCE);
    emb.return_class = Some(Name::new("Test_Base"));
    m.methods = vec![parent.methods[0].clone(), doit, emb];
    m
}

/// Reads a declaration the test built (lives in a graph or in locals).
fn read_decl(d: *const MI_ClassDecl, opts: ReadOptions) -> Result<read::ReadClass, SchemaError> {
    // SAFETY: every declaration these tests pass is readable, with its strings and arrays.
    unsafe { read::read_class(d, opts) }
}

fn read_err(d: &MI_ClassDecl, opts: ReadOptions) -> SchemaError {
    read_decl(d, opts).expect_err("the declaration should be refused")
}

/// A bitwise copy of a declaration struct (to change one field).
fn copy<T>(p: *const T) -> T {
    // SAFETY: the tests only copy declaration structs of graphs they keep alive; the copy
    // is plain data (no Drop).
    unsafe { ptr::read(p) }
}

fn cstr(s: &str) -> Box<[MI_Char]> {
    strings::encode(s)
}

/// The property declarations of a class declaration, copied.
fn props_of(d: &MI_ClassDecl) -> Vec<MI_PropertyDecl> {
    (0..d.numProperties as usize)
        // SAFETY: the graph's arrays have `numProperties` valid entries.
        .map(|i| copy(unsafe { *d.properties.add(i) }))
        .collect()
}

fn ptrs<T>(v: &[T]) -> Vec<*const T> {
    v.iter().map(|x| x as *const T).collect()
}

/// A minimal valid class declaration with one UINT32 property at the generated offset.
struct Mini {
    name: Box<[MI_Char]>,
    pname: Box<[MI_Char]>,
    prop: Vec<MI_PropertyDecl>,
    pptr: Vec<*const MI_PropertyDecl>,
}

impl Mini {
    fn new(name: &str) -> Box<Mini> {
        let mut m = Box::new(Mini {
            name: cstr(name),
            pname: cstr("Value"),
            prop: Vec::new(),
            pptr: Vec::new(),
        });
        let (offsets, _) = layout_of([Some(MI_UINT32)]);
        m.prop.push(MI_PropertyDecl {
            flags: MI_FLAG_PROPERTY,
            code: 0,
            name: m.pname.as_ptr(),
            qualifiers: null(),
            numQualifiers: 0,
            r#type: MI_UINT32,
            className: null(),
            subscript: 0,
            offset: offsets[0],
            origin: null(),
            propagator: null(),
            value: null(),
        });
        m.pptr = ptrs(&m.prop);
        m
    }

    fn decl(&self) -> MI_ClassDecl {
        let (_, size) = layout_of([Some(MI_UINT32)]);
        MI_ClassDecl {
            flags: MI_FLAG_CLASS,
            code: 0,
            name: self.name.as_ptr(),
            qualifiers: null(),
            numQualifiers: 0,
            properties: self.pptr.as_ptr(),
            numProperties: 1,
            size,
            superClass: null(),
            superClassDecl: null(),
            methods: null(),
            numMethods: 0,
            schema: null(),
            providerFT: null(),
            owningClass: null_mut(),
        }
    }
}

// ---- hashes and layout -------------------------------------------------------------------

#[test]
fn code_is_omis_hash() {
    let c = |s: &str| code_of(&cstr(s)[..s.len()]);
    assert_eq!(c("Name"), (u32::from(b'n') << 16) | (u32::from(b'e') << 8) | 4);
    assert_eq!(c("x"), (u32::from(b'x') << 16) | (u32::from(b'x') << 8) | 1);
    assert_eq!(c(""), 0);
    // The length is not masked (OMI ORs it in whole).
    let long = "A".repeat(300);
    assert_eq!(c(&long), (u32::from(b'a') << 16) | (u32::from(b'a') << 8) | 300);
    // Only ASCII is lowered; the length counts MI_Char units.
    #[cfg(not(windows))]
    assert_eq!(c("éA"), (0xC3 << 16) | (u32::from(b'a') << 8) | 3);
}

#[test]
fn layout_matches_generated_structs() {
    let inst = size_of::<MI_Instance>() as u32;
    // struct { MI_Instance; MI_ConstBooleanField b; MI_ConstUint64Field u; MI_ConstStringField s; }
    let (offsets, size) = layout_of([Some(MI_BOOLEAN), Some(MI_UINT64), Some(MI_STRING)]);
    let (blen, _) = field_layout(MI_BOOLEAN);
    let (ulen, ualign) = field_layout(MI_UINT64);
    assert_eq!(offsets[0], inst);
    assert_eq!(offsets[1], (inst + blen).div_ceil(ualign) * ualign);
    assert_eq!(offsets[2], offsets[1] + ulen);
    assert_eq!(size % 8, 0);
    assert_eq!(
        field_layout(MI_DATETIME),
        (size_of::<MI_ConstDatetimeField>() as u32, 4)
    );
    assert_eq!(
        field_layout(MI_STRINGA).0,
        size_of::<MI_ConstStringAField>() as u32
    );
    assert_eq!(
        field_layout(MI_INSTANCE).0,
        size_of::<MI_ConstInstanceField>() as u32
    );
    // A stream parameter has no field.
    let (offsets, _) = layout_of([Some(MI_UINT32), None, Some(MI_UINT32)]);
    assert_eq!(offsets[1], NO_OFFSET);
    assert_eq!(offsets[2], offsets[0] + field_layout(MI_UINT32).0);
}

// ---- round trips -------------------------------------------------------------------------

#[test]
fn model_to_decl_to_model_round_trip() {
    let model = Arc::new(child_model());
    let g = DeclGraph::build(model.clone()).unwrap();
    let read = read_decl(g.class_decl(), ReadOptions::PROVIDER).unwrap();
    assert_eq!(*read.model, *model);
    assert_eq!(read.model.parent.as_deref(), model.parent.as_deref());
    // The lineage is the graph's own chain.
    assert_eq!(
        read.lineage,
        vec![g.class_decl(), g.parent().unwrap().class_decl()]
    );
    // The layout the reader checked is the one the graph laid out.
    let layout = read.layout.unwrap();
    let (offsets, size) = g.layout();
    assert_eq!(layout.offsets, offsets);
    assert_eq!(layout.size, size);
    // DoIt: MIReturn first, the stream parameter without a field.
    let doit = &layout.methods[1];
    assert_eq!(doit.return_field.unwrap().decl_index, 0);
    assert_eq!(
        doit.return_field.unwrap().offset,
        Some(size_of::<MI_Instance>() as u32)
    );
    assert_eq!(doit.parameters.len(), 4);
    assert_eq!(doit.parameters[2].decl_index, 3);
    assert_eq!(doit.parameters[2].offset, None);
    // And again: the second generation is the same.
    let g2 = DeclGraph::build(read.model.clone()).unwrap();
    let again = read_decl(g2.class_decl(), ReadOptions::PROVIDER).unwrap();
    assert_eq!(*again.model, *model);
}

#[test]
fn decl_graph_looks_like_generated_code() {
    let model = Arc::new(child_model());
    let g = DeclGraph::build(model.clone()).unwrap();
    let d = copy(g.class_decl());
    assert_eq!(d.code, code_of(model.name.chars()));
    assert_eq!(d.flags, MI_FLAG_CLASS);
    assert!(d.owningClass.is_null() && d.schema.is_null() && d.providerFT.is_null());
    assert_eq!(d.superClassDecl, g.parent().unwrap().class_decl());
    // SAFETY: the graph's names are NUL-terminated.
    let sup = unsafe { strings::utf8(d.superClass) }.unwrap();
    assert_eq!(sup.as_deref(), Some("Test_Base"));
    assert_eq!(d.numProperties as usize, model.properties.len());
    assert_eq!(d.numMethods, 3);
    let props = props_of(&d);
    for (p, m) in props.iter().zip(&model.properties) {
        assert_eq!(p.code, code_of(m.name.chars()));
        assert_eq!(p.value.is_null(), m.default.is_none());
    }
    // A default is readable as its type at `value`: P3 is the Uint16 60000.
    // SAFETY: a UINT16 default points at an MI_Uint16 (the MI_Value member).
    assert_eq!(unsafe { *props[4].value.cast::<u16>() }, 60000);
    // SAFETY: the method array has 3 entries.
    let doit = copy(unsafe { *d.methods.add(1) });
    assert_eq!(doit.numParameters, 5);
    // SAFETY: parameters[0] of a graph's method is MIReturn.
    let ret = copy(unsafe { *doit.parameters });
    assert_eq!(text(ret.name).as_deref(), Some(MIRETURN));
    assert_eq!(ret.flags, MI_FLAG_PARAMETER | MI_FLAG_OUT);
    assert_eq!(ret.r#type, MI_STRING);
    assert_eq!(ret.numQualifiers, 1);
    assert_eq!(doit.returnType, MI_STRING);
    assert!(doit.function.is_none());
    // An empty list is a NULL array, as generated code writes it.
    let none = DeclGraph::build(Arc::new(ClassModel::new("Empty"))).unwrap();
    let e = copy(none.class_decl());
    assert!(e.properties.is_null() && e.methods.is_null() && e.qualifiers.is_null());
    assert_eq!(e.size, size_of::<MI_Instance>() as u32);
}

#[test]
fn schema_round_trip_and_parents_by_pointer() {
    let child = Arc::new(child_model());
    let g = DeclGraph::build(child.clone()).unwrap();
    let classes = [g.class_decl(), g.parent().unwrap().class_decl()];
    let qname = cstr("Units");
    let qd = MI_QualifierDecl {
        name: qname.as_ptr(),
        r#type: MI_STRING,
        scope: MI_FLAG_PROPERTY,
        flavor: MI_FLAG_TOSUBCLASS,
        subscript: 0,
        value: null(),
    };
    let qds = [&qd as *const MI_QualifierDecl];
    let schema = MI_SchemaDecl {
        qualifierDecls: qds.as_ptr(),
        numQualifierDecls: 1,
        classDecls: classes.as_ptr(),
        numClassDecls: 2,
    };
    // SAFETY: the schema and everything it points to are alive.
    let s = unsafe { read::read_schema(&schema, ReadOptions::PROVIDER) }.unwrap();
    assert_eq!(s.classes.len(), 2);
    assert_eq!(*s.classes[0].model, *child);
    assert_eq!(s.classes[0].decl.as_ptr(), classes[0]);
    assert_eq!(s.classes[0].layout.as_ref().unwrap().offsets, g.layout().0);
    assert_eq!(s.classes[1].model.name.as_str(), "Test_Base");
    // The parent read through superClassDecl is the listed one (read once).
    assert!(Arc::ptr_eq(
        s.classes[0].model.parent.as_ref().unwrap(),
        &s.classes[1].model
    ));
    assert_eq!(s.qualifier_decls.len(), 1);
    assert_eq!(s.qualifier_decls[0].name.as_str(), "Units");
    assert_eq!(s.qualifier_decls[0].scope, MI_FLAG_PROPERTY);

    // The same class listed twice, and two declarations with one name.
    let twice = [classes[0], classes[0]];
    let bad = MI_SchemaDecl {
        classDecls: twice.as_ptr(),
        numClassDecls: 2,
        ..copy(&schema)
    };
    // SAFETY: as above.
    let e = unsafe { read::read_schema(&bad, ReadOptions::CLIENT) }.unwrap_err();
    assert_eq!(e.reason, Reason::Duplicate("Test_Child".into()));
    let other = DeclGraph::build(Arc::new(base_model())).unwrap();
    let clash = [classes[0], other.class_decl()];
    let bad = MI_SchemaDecl {
        classDecls: clash.as_ptr(),
        numClassDecls: 2,
        ..copy(&schema)
    };
    // SAFETY: as above.
    let e = unsafe { read::read_schema(&bad, ReadOptions::CLIENT) }.unwrap_err();
    assert_eq!(e.reason, Reason::Duplicate("Test_Base".into()));
    // Duplicate qualifier declarations.
    let qds2 = [qds[0], qds[0]];
    let bad = MI_SchemaDecl {
        qualifierDecls: qds2.as_ptr(),
        numQualifierDecls: 2,
        ..copy(&schema)
    };
    // SAFETY: as above.
    let e = unsafe { read::read_schema(&bad, ReadOptions::CLIENT) }.unwrap_err();
    assert_eq!(e.reason, Reason::Duplicate("Units".into()));
    // NULL schema, NULL arrays with counts.
    // SAFETY: NULL is allowed.
    let e = unsafe { read::read_schema(null(), ReadOptions::CLIENT) }.unwrap_err();
    assert_eq!(e.reason, Reason::Null("schema"));
    let bad = MI_SchemaDecl {
        classDecls: null(),
        ..copy(&schema)
    };
    // SAFETY: as above.
    let e = unsafe { read::read_schema(&bad, ReadOptions::CLIENT) }.unwrap_err();
    assert_eq!(
        e.reason,
        Reason::NullArray {
            field: "classDecls",
            count: 2
        }
    );
    let bad = MI_SchemaDecl {
        numClassDecls: MAX_CLASSES + 1,
        ..copy(&schema)
    };
    // SAFETY: refused before the array is read.
    let e = unsafe { read::read_schema(&bad, ReadOptions::CLIENT) }.unwrap_err();
    assert!(matches!(
        e.reason,
        Reason::TooMany {
            field: "classDecls",
            ..
        }
    ));
}

#[test]
fn method_without_mireturn_and_mireturn_elsewhere() {
    // A client's method declaration: MIReturn last, one without MIReturn.
    let (iname, rname, mname, cname) = (cstr("Input"), cstr("MIReturn"), cstr("DoIt"), cstr("Test_M"));
    let qn = cstr("Description");
    let qv = cstr("doc");
    let qvp = qv.as_ptr();
    let qual = MI_Qualifier {
        name: qn.as_ptr(),
        r#type: MI_STRING,
        flavor: 0,
        value: (&qvp as *const *const MI_Char).cast(),
    };
    let quals = [&qual as *const MI_Qualifier];
    let par = |name: &[MI_Char], flags, ty| MI_ParameterDecl {
        flags,
        code: 0,
        name: name.as_ptr(),
        qualifiers: null(),
        numQualifiers: 0,
        r#type: ty,
        className: null(),
        subscript: 0,
        offset: 0,
    };
    let params = [
        par(&iname, MI_FLAG_PARAMETER | MI_FLAG_IN, MI_STRING),
        par(&rname, MI_FLAG_PARAMETER | MI_FLAG_OUT, MI_UINT32),
    ];
    let pptrs = ptrs(&params);
    let md = MI_MethodDecl {
        flags: MI_FLAG_METHOD,
        code: 0,
        name: mname.as_ptr(),
        qualifiers: quals.as_ptr(),
        numQualifiers: 1,
        parameters: pptrs.as_ptr(),
        numParameters: 2,
        size: 0,
        returnType: MI_UINT32,
        origin: null(),
        propagator: null(),
        schema: null(),
        function: None,
    };
    let md2 = MI_MethodDecl {
        numParameters: 1,
        ..copy(&md)
    };
    let mds = [&md as *const MI_MethodDecl, &md2];
    let cd = MI_ClassDecl {
        flags: MI_FLAG_CLASS,
        code: 0,
        name: cname.as_ptr(),
        qualifiers: null(),
        numQualifiers: 0,
        properties: null(),
        numProperties: 0,
        size: 0,
        superClass: null(),
        superClassDecl: null(),
        methods: mds.as_ptr(),
        numMethods: 1,
        schema: null(),
        providerFT: null(),
        owningClass: null_mut(),
    };
    let m = read_decl(&cd, ReadOptions::CLIENT).unwrap().model;
    assert_eq!(m.methods[0].parameters.len(), 1);
    assert_eq!(m.methods[0].parameters[0].name.as_str(), "Input");
    assert_eq!(m.methods[0].return_type, MI_UINT32);
    assert!(m.methods[0].return_qualifiers.is_empty());
    // Without MIReturn: the return value has the method's qualifiers (what generated code
    // gives MIReturn).
    let cd2 = MI_ClassDecl {
        methods: mds[1..].as_ptr(),
        ..copy(&cd)
    };
    let m = read_decl(&cd2, ReadOptions::CLIENT).unwrap().model;
    assert_eq!(m.methods[0].return_qualifiers, m.methods[0].qualifiers);
    assert_eq!(
        m.methods[0].return_qualifiers[0].value,
        Some(Value::String("doc".into()))
    );
    // The parameter list as a parameter-set instance sees it: declaration order.
    // SAFETY: the method declaration is alive.
    let (name, list) = unsafe { read::read_method_parameters(&md) }.unwrap();
    assert_eq!(name.as_str(), "DoIt");
    assert_eq!(
        list.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Input", "MIReturn"]
    );
    // MIReturn of another type than returnType.
    let md3 = MI_MethodDecl {
        returnType: MI_STRING,
        ..copy(&md)
    };
    let mds3 = [&md3 as *const MI_MethodDecl];
    let cd3 = MI_ClassDecl {
        methods: mds3.as_ptr(),
        ..copy(&cd)
    };
    let e = read_err(&cd3, ReadOptions::CLIENT);
    assert_eq!(
        e.reason,
        Reason::TypeMismatch {
            declared: MI_STRING,
            found: MI_UINT32
        }
    );
    assert_eq!(e.place, "class `Test_M`, method `DoIt`, parameter `MIReturn`");
    // A method declaration where a class is expected: the reader reads the common
    // MI_ObjectDecl prefix first and refuses it by its flags.
    let as_class = (&md as *const MI_MethodDecl).cast::<MI_ClassDecl>();
    let e = read_decl(as_class, ReadOptions::CLIENT).unwrap_err();
    assert_eq!(
        e.reason,
        Reason::WrongKind {
            flags: MI_FLAG_METHOD
        }
    );
}

// ---- broken declarations -----------------------------------------------------------------

#[test]
fn refuses_null_names_and_arrays() {
    let mini = Mini::new("Test_Mini");
    let ok = mini.decl();
    assert!(read_decl(&ok, ReadOptions::PROVIDER).is_ok());

    let e = read_err(
        &MI_ClassDecl {
            name: null(),
            ..mini.decl()
        },
        ReadOptions::CLIENT,
    );
    assert_eq!(e.reason, Reason::Null("name"));
    assert_eq!(e.place, "class declaration");
    assert!(e.to_string().contains("name is NULL"), "{e}");

    let e = read_err(
        &MI_ClassDecl {
            properties: null(),
            ..mini.decl()
        },
        ReadOptions::CLIENT,
    );
    assert_eq!(
        e.reason,
        Reason::NullArray {
            field: "properties",
            count: 1
        }
    );
    assert_eq!(e.place, "class `Test_Mini`");

    let holes = [null::<MI_PropertyDecl>()];
    let e = read_err(
        &MI_ClassDecl {
            properties: holes.as_ptr(),
            ..mini.decl()
        },
        ReadOptions::CLIENT,
    );
    assert_eq!(
        e.reason,
        Reason::NullEntry {
            field: "properties",
            index: 0
        }
    );

    let e = read_err(
        &MI_ClassDecl {
            methods: null(),
            numMethods: 3,
            ..mini.decl()
        },
        ReadOptions::CLIENT,
    );
    assert_eq!(
        e.reason,
        Reason::NullArray {
            field: "methods",
            count: 3
        }
    );
    let e = read_err(
        &MI_ClassDecl {
            qualifiers: null(),
            numQualifiers: 2,
            ..mini.decl()
        },
        ReadOptions::CLIENT,
    );
    assert_eq!(
        e.reason,
        Reason::NullArray {
            field: "qualifiers",
            count: 2
        }
    );

    let mut prop = copy(&mini.prop[0]);
    prop.name = null();
    let pp = [&prop as *const MI_PropertyDecl];
    let e = read_err(
        &MI_ClassDecl {
            properties: pp.as_ptr(),
            ..mini.decl()
        },
        ReadOptions::CLIENT,
    );
    assert_eq!(e.reason, Reason::Null("name"));
    assert_eq!(e.place, "class `Test_Mini`, properties[0]");
    assert_eq!(
        read_decl(null(), ReadOptions::CLIENT).unwrap_err().reason,
        Reason::Null("classDecl")
    );
}

#[test]
fn refuses_bad_strings() {
    let mini = Mini::new("Test_Mini");
    // Not terminated within the bound (the buffer is readable beyond it).
    let long: Vec<MI_Char> = vec![b'a' as MI_Char; MAX_NAME_CHARS + 10];
    let e = read_err(
        &MI_ClassDecl {
            name: long.as_ptr(),
            ..mini.decl()
        },
        ReadOptions::CLIENT,
    );
    assert_eq!(e.reason, Reason::Unterminated { max: MAX_NAME_CHARS });
    // Exactly the bound is fine.
    let mut max: Vec<MI_Char> = vec![b'a' as MI_Char; MAX_NAME_CHARS];
    max.push(0);
    assert!(
        read_decl(
            &MI_ClassDecl {
                name: max.as_ptr(),
                ..mini.decl()
            },
            ReadOptions::CLIENT
        )
        .is_ok()
    );
    // Not a legal CIM name.
    let bad = cstr("1st Class");
    let e = read_err(
        &MI_ClassDecl {
            name: bad.as_ptr(),
            ..mini.decl()
        },
        ReadOptions::CLIENT,
    );
    assert_eq!(e.reason, Reason::IllegalName("1st Class".into()));
    // Not text.
    #[cfg(not(windows))]
    {
        let junk: [MI_Char; 3] = [b'A' as MI_Char, 0xFFu8 as MI_Char, 0];
        let mut prop = copy(&mini.prop[0]);
        prop.name = junk.as_ptr();
        let pp = [&prop as *const MI_PropertyDecl];
        let e = read_err(
            &MI_ClassDecl {
                properties: pp.as_ptr(),
                ..mini.decl()
            },
            ReadOptions::CLIENT,
        );
        assert_eq!(e.reason, Reason::NotText);
    }
}

#[test]
fn refuses_bad_types_values_and_qualifiers() {
    let mini = Mini::new("Test_Mini");
    let with_prop = |p: &MI_PropertyDecl| {
        let pp = [p as *const MI_PropertyDecl];
        read_decl(
            &MI_ClassDecl {
                properties: pp.as_ptr(),
                ..mini.decl()
            },
            ReadOptions::CLIENT,
        )
    };
    let mut p = copy(&mini.prop[0]);
    p.r#type = 32;
    let e = with_prop(&p).unwrap_err();
    assert_eq!(e.reason, Reason::BadType(32));
    assert_eq!(e.place, "class `Test_Mini`, property `Value`");

    // Instance-typed defaults are not taken.
    let inst: *const MI_Instance = null();
    let mut p = copy(&mini.prop[0]);
    p.r#type = MI_INSTANCE;
    p.value = (&inst as *const *const MI_Instance).cast();
    assert!(matches!(
        with_prop(&p).unwrap_err().reason,
        Reason::Unsupported(_)
    ));

    // Array defaults: NULL data with a size, too many elements, a NULL string.
    let arr = MI_Array {
        data: null_mut(),
        size: 3,
    };
    let mut p = copy(&mini.prop[0]);
    p.r#type = MI_UINT32A;
    p.value = (&arr as *const MI_Array).cast();
    assert_eq!(
        with_prop(&p).unwrap_err().reason,
        Reason::NullArray {
            field: "array value data",
            count: 3
        }
    );
    let nums = [1u32];
    let huge = MI_Array {
        data: nums.as_ptr().cast_mut().cast(),
        size: MAX_ARRAY_VALUES + 1,
    };
    p.value = (&huge as *const MI_Array).cast();
    assert!(matches!(
        with_prop(&p).unwrap_err().reason,
        Reason::TooMany {
            field: "array value size",
            ..
        }
    ));
    let s = cstr("s");
    let strs = [s.as_ptr(), null()];
    let sa = MI_Array {
        data: strs.as_ptr().cast_mut().cast(),
        size: 2,
    };
    p.r#type = MI_STRINGA;
    p.value = (&sa as *const MI_Array).cast();
    assert_eq!(
        with_prop(&p).unwrap_err().reason,
        Reason::NullEntry {
            field: "string array value",
            index: 1
        }
    );
    // A NULL string pointer as a default: no default.
    let nul: *const MI_Char = null();
    p.r#type = MI_STRING;
    p.value = (&nul as *const *const MI_Char).cast();
    assert_eq!(with_prop(&p).unwrap().model.properties[0].default, None);

    // Qualifiers: bad type, duplicate (case-insensitive), too many.
    let (qa, qb) = (cstr("Units"), cstr("UNITS"));
    let q1 = MI_Qualifier {
        name: qa.as_ptr(),
        r#type: MI_BOOLEAN,
        flavor: 0,
        value: null(),
    };
    let q2 = MI_Qualifier {
        name: qb.as_ptr(),
        ..copy(&q1)
    };
    let q3 = MI_Qualifier {
        r#type: 99,
        ..copy(&q1)
    };
    let dup = [&q1 as *const MI_Qualifier, &q2];
    let mut p = copy(&mini.prop[0]);
    p.qualifiers = dup.as_ptr();
    p.numQualifiers = 2;
    let e = with_prop(&p).unwrap_err();
    assert_eq!(e.reason, Reason::Duplicate("UNITS".into()));
    assert_eq!(e.place, "class `Test_Mini`, property `Value`");
    let bad = [&q3 as *const MI_Qualifier];
    p.qualifiers = bad.as_ptr();
    p.numQualifiers = 1;
    let e = with_prop(&p).unwrap_err();
    assert_eq!(e.reason, Reason::BadType(99));
    assert_eq!(e.place, "class `Test_Mini`, property `Value`, qualifier `Units`");
    p.numQualifiers = MAX_QUALIFIERS + 1;
    assert!(matches!(
        with_prop(&p).unwrap_err().reason,
        Reason::TooMany {
            field: "qualifiers",
            ..
        }
    ));
}

#[test]
fn refuses_absurd_counts_and_duplicates() {
    let mini = Mini::new("Test_Mini");
    let e = read_err(
        &MI_ClassDecl {
            numProperties: MAX_PROPERTIES + 1,
            ..mini.decl()
        },
        ReadOptions::CLIENT,
    );
    assert_eq!(
        e.reason,
        Reason::TooMany {
            field: "properties",
            count: u64::from(MAX_PROPERTIES + 1),
            max: u64::from(MAX_PROPERTIES)
        }
    );
    let e = read_err(
        &MI_ClassDecl {
            numMethods: u32::MAX,
            methods: ptr::dangling(),
            ..mini.decl()
        },
        ReadOptions::CLIENT,
    );
    assert!(matches!(e.reason, Reason::TooMany { field: "methods", .. }));
    // The same property twice, and two spellings of one name.
    let twice = [mini.pptr[0], mini.pptr[0]];
    let e = read_err(
        &MI_ClassDecl {
            properties: twice.as_ptr(),
            numProperties: 2,
            ..mini.decl()
        },
        ReadOptions::CLIENT,
    );
    assert_eq!(e.reason, Reason::Duplicate("Value".into()));
    let other = cstr("VALUE");
    let mut p2 = copy(&mini.prop[0]);
    p2.name = other.as_ptr();
    let two = [mini.pptr[0], &p2];
    let e = read_err(
        &MI_ClassDecl {
            properties: two.as_ptr(),
            numProperties: 2,
            ..mini.decl()
        },
        ReadOptions::CLIENT,
    );
    assert_eq!(e.reason, Reason::Duplicate("VALUE".into()));
}

#[test]
fn refuses_bad_layouts_for_providers_only() {
    let mini = Mini::new("Test_Mini");
    let inst = size_of::<MI_Instance>() as u32;
    let with = |offset: u32, size: u32| {
        let mut p = copy(&mini.prop[0]);
        p.offset = offset;
        let pp = [&p as *const MI_PropertyDecl];
        let d = MI_ClassDecl {
            properties: pp.as_ptr(),
            size,
            ..mini.decl()
        };
        (
            read_decl(&d, ReadOptions::PROVIDER),
            read_decl(&d, ReadOptions::CLIENT).is_ok(),
        )
    };
    let len = field_layout(MI_UINT32).0;
    let (r, client) = with(inst, inst + len);
    assert!(r.is_ok() && client);
    let (r, client) = with(inst + 8, inst + 8);
    assert_eq!(
        r.unwrap_err().reason,
        Reason::OutOfBounds {
            offset: inst + 8,
            len,
            size: inst + 8
        }
    );
    assert!(client, "offsets are not a client's business");
    let (r, _) = with(0, inst + 16);
    assert!(matches!(
        r.unwrap_err().reason,
        Reason::OutOfBounds { offset: 0, .. }
    ));
    let (r, _) = with(inst + 2, inst + 16);
    let e = r.unwrap_err();
    assert_eq!(
        e.reason,
        Reason::MisalignedOffset {
            offset: inst + 2,
            align: 4
        }
    );
    assert_eq!(e.place, "class `Test_Mini`, field `Value`");
    let (r, _) = with(u32::MAX - 2, u32::MAX);
    assert_eq!(r.unwrap_err().reason, Reason::BadSize { size: u32::MAX });
    let (r, _) = with(inst, 0);
    assert_eq!(r.unwrap_err().reason, Reason::BadSize { size: 0 });
    // Two fields on the same bytes.
    let other = cstr("Other");
    let mut p2 = copy(&mini.prop[0]);
    p2.name = other.as_ptr();
    p2.offset = inst + 4;
    let mut p1 = copy(&mini.prop[0]);
    p1.r#type = MI_UINT64;
    p1.offset = inst;
    let pp = [&p1 as *const MI_PropertyDecl, &p2];
    let d = MI_ClassDecl {
        properties: pp.as_ptr(),
        numProperties: 2,
        size: inst + 32,
        ..mini.decl()
    };
    let e = read_err(&d, ReadOptions::PROVIDER);
    assert_eq!(e.reason, Reason::Overlap("Value".into()));
    assert_eq!(e.place, "class `Test_Mini`, field `Other`");
    assert!(read_decl(&d, ReadOptions::CLIENT).is_ok());
}

#[test]
fn refuses_superclass_cycles_chains_and_mismatches() {
    // A class that is its own superclass.
    let a = Mini::new("Test_A");
    let mut da = a.decl();
    let pa = &raw mut da;
    // SAFETY: `pa` is the local's address.
    unsafe { (*pa).superClassDecl = pa };
    let e = read_decl(pa, ReadOptions::CLIENT).unwrap_err();
    assert_eq!(e.reason, Reason::Cycle);
    assert_eq!(e.place, "class `Test_A`, superClassDecl");
    // A → B → A.
    let b = Mini::new("Test_B");
    let mut decls = [a.decl(), b.decl()];
    let base = decls.as_mut_ptr();
    // SAFETY: both entries of the local array.
    unsafe {
        (*base).superClassDecl = base.add(1);
        (*base.add(1)).superClassDecl = base;
    }
    // SAFETY: as above.
    let e = read_err(unsafe { &*base }, ReadOptions::CLIENT);
    assert_eq!(e.reason, Reason::Cycle);
    assert_eq!(e.place, "class `Test_B`, superClassDecl");
    // A chain longer than the limit; exactly the limit is fine.
    let minis: Vec<Box<Mini>> = (0..MAX_DEPTH + 2)
        .map(|i| Mini::new(&format!("Test_C{i}")))
        .collect();
    let mut chain: Vec<MI_ClassDecl> = minis.iter().map(|m| m.decl()).collect();
    let cp = chain.as_mut_ptr();
    for i in 0..chain.len() - 1 {
        // SAFETY: entries i and i + 1 of the Vec, which is not resized.
        unsafe { (*cp.add(i)).superClassDecl = cp.add(i + 1) };
    }
    // SAFETY: entry 0 (MAX_DEPTH + 1 ancestors).
    let e = read_err(unsafe { &*cp }, ReadOptions::CLIENT);
    assert_eq!(e.reason, Reason::TooDeep { max: MAX_DEPTH });
    // SAFETY: entry 1 (MAX_DEPTH ancestors).
    let ok = read_decl(unsafe { cp.add(1) }, ReadOptions::CLIENT).unwrap();
    assert_eq!(ok.lineage.len(), MAX_DEPTH + 1);
    assert_eq!(ok.model.ancestors().count(), MAX_DEPTH);
    // superClass names another class than superClassDecl declares.
    let p = Mini::new("Test_P");
    let pd = p.decl();
    let wrong = cstr("Test_Q");
    let kid = Mini::new("Test_Kid");
    let mut c = kid.decl();
    c.superClassDecl = &pd;
    c.superClass = wrong.as_ptr();
    assert_eq!(
        read_err(&c, ReadOptions::CLIENT).reason,
        Reason::SuperclassMismatch {
            named: "Test_Q".into(),
            declared: "Test_P".into()
        }
    );
    // A superclass given by name only: kept, not resolved.
    let mut c2 = kid.decl();
    c2.superClass = wrong.as_ptr();
    let m = read_decl(&c2, ReadOptions::CLIENT).unwrap().model;
    assert_eq!(m.superclass.as_ref().map(Name::as_str), Some("Test_Q"));
    assert!(m.parent.is_none());
    // An error in the parent is reported at the parent.
    let mut bad_parent = p.decl();
    bad_parent.numProperties = MAX_PROPERTIES + 1;
    let mut c3 = kid.decl();
    c3.superClassDecl = &bad_parent;
    assert_eq!(read_err(&c3, ReadOptions::CLIENT).place, "class `Test_P`");
}

#[test]
fn refuses_bad_method_declarations() {
    let model = Arc::new(child_model());
    let g = DeclGraph::build(model).unwrap();
    let d = copy(g.class_decl());
    // SAFETY: the graph's method array has 3 entries.
    let doit = copy(unsafe { *d.methods.add(1) });
    let with_method = |md: &MI_MethodDecl| {
        let mut ms: Vec<*const MI_MethodDecl> = (0..3)
            // SAFETY: as above.
            .map(|i| unsafe { *d.methods.add(i) })
            .collect();
        ms[1] = md;
        read_decl(
            &MI_ClassDecl {
                methods: ms.as_ptr(),
                ..copy(&d)
            },
            ReadOptions::PROVIDER,
        )
    };
    assert!(with_method(&copy(&doit)).is_ok());
    let e = with_method(&MI_MethodDecl {
        parameters: null(),
        ..copy(&doit)
    })
    .unwrap_err();
    assert_eq!(
        e.reason,
        Reason::NullArray {
            field: "parameters",
            count: 5
        }
    );
    assert_eq!(e.place, "class `Test_Child`, method `DoIt`");
    let e = with_method(&MI_MethodDecl {
        returnType: 40,
        ..copy(&doit)
    })
    .unwrap_err();
    assert_eq!(e.reason, Reason::BadType(40));
    // A parameter with a bad type.
    let mut params: Vec<MI_ParameterDecl> = (0..5)
        // SAFETY: five parameters.
        .map(|i| copy(unsafe { *doit.parameters.add(i) }))
        .collect();
    params[2].r#type = 1000;
    let pp = ptrs(&params);
    let e = with_method(&MI_MethodDecl {
        parameters: pp.as_ptr(),
        ..copy(&doit)
    })
    .unwrap_err();
    assert_eq!(e.reason, Reason::BadType(1000));
    assert_eq!(e.place, "class `Test_Child`, method `DoIt`, parameter `B`");
    // A duplicate parameter; a parameter field outside the structure.
    params[2].r#type = MI_REFERENCE;
    params[3].name = params[1].name;
    let pp = ptrs(&params);
    let e = with_method(&MI_MethodDecl {
        parameters: pp.as_ptr(),
        ..copy(&doit)
    })
    .unwrap_err();
    assert_eq!(e.reason, Reason::Duplicate("A".into()));
    let mut params2: Vec<MI_ParameterDecl> = params.iter().map(|p| copy(p)).collect();
    // SAFETY: five parameters.
    params2[3].name = copy(unsafe { *doit.parameters.add(3) }).name;
    params2[4].offset = doit.size;
    let pp = ptrs(&params2);
    let e = with_method(&MI_MethodDecl {
        parameters: pp.as_ptr(),
        ..copy(&doit)
    })
    .unwrap_err();
    assert!(matches!(e.reason, Reason::OutOfBounds { .. }), "{e}");
    assert_eq!(e.place, "class `Test_Child`, method `DoIt`, field `D`");
    // Two methods of one name.
    let ms = [ptr::from_ref(&doit), &doit];
    let e = read_decl(
        &MI_ClassDecl {
            methods: ms.as_ptr(),
            numMethods: 2,
            ..copy(&d)
        },
        ReadOptions::CLIENT,
    )
    .unwrap_err();
    assert_eq!(e.reason, Reason::Duplicate("DoIt".into()));
}

#[test]
fn reads_are_bounded_by_the_budget() {
    // A class whose one property carries a string array default of many long strings:
    // every count is within its limit, the whole is not (a small budget stands in for
    // READ_BUDGET, which needs gigabytes to exhaust this way).
    let mini = Mini::new("Test_Mini");
    let s: Vec<MI_Char> = std::iter::repeat_n(b'x' as MI_Char, 1000).chain([0]).collect();
    let strs: Vec<*const MI_Char> = vec![s.as_ptr(); 200];
    let sa = MI_Array {
        data: strs.as_ptr().cast_mut().cast(),
        size: strs.len() as u32,
    };
    let mut p = copy(&mini.prop[0]);
    p.r#type = MI_STRINGA;
    p.value = (&sa as *const MI_Array).cast();
    let pp = [&p as *const MI_PropertyDecl];
    let d = MI_ClassDecl {
        properties: pp.as_ptr(),
        ..mini.decl()
    };
    // 200 strings of 1000 characters cost 200 * (1000 / 16 + 1) units, plus a few.
    // SAFETY: the declaration and its value are alive.
    let e = unsafe { read::read_class_with_budget(&d, ReadOptions::CLIENT, 10_000) }.unwrap_err();
    assert_eq!(e.reason, Reason::TooBig);
    assert_eq!(e.place, "class `Test_Mini`, property `Value`");
    // SAFETY: as above.
    assert!(unsafe { read::read_class_with_budget(&d, ReadOptions::CLIENT, 20_000) }.is_ok());
}

// ---- the model's own checks --------------------------------------------------------------

#[test]
fn model_checks() {
    assert!(child_model().check().is_ok());
    let mut m = child_model();
    m.properties[3].default = Some(Value::Uint8(1));
    assert!(matches!(
        m.check().unwrap_err().reason,
        Reason::TypeMismatch { .. }
    ));
    let mut m = child_model();
    m.properties[2].name = Name::new("no spaces");
    assert_eq!(
        m.check().unwrap_err().reason,
        Reason::IllegalName("no spaces".into())
    );
    let mut m = child_model();
    m.qualifiers[0].value = Some(Value::String("a\0b".into()));
    let e = m.check().unwrap_err();
    assert_eq!(e.reason, Reason::NulInString);
    assert_eq!(e.place, "class `Test_Child`, qualifier `Description`");
    let mut m = child_model();
    m.superclass = Some(Name::new("Other"));
    assert!(matches!(
        m.check().unwrap_err().reason,
        Reason::SuperclassMismatch { .. }
    ));
    let mut m = child_model();
    m.methods[1]
        .parameters
        .push(Parameter::new("MIRETURN", MI_UINT32, 0));
    assert_eq!(
        m.check().unwrap_err().reason,
        Reason::Duplicate("MIRETURN".into())
    );
    let mut m = child_model();
    m.properties.push(Property::new("p0", MI_UINT8));
    assert_eq!(m.check().unwrap_err().reason, Reason::Duplicate("p0".into()));
    let mut m = child_model();
    m.flags |= MI_FLAG_METHOD;
    assert!(matches!(m.check().unwrap_err().reason, Reason::WrongKind { .. }));
    let mut m = child_model();
    m.properties[1].ty = 77;
    assert_eq!(m.check().unwrap_err().reason, Reason::BadType(77));
    // An invalid ancestor is found too.
    let mut bad = base_model();
    bad.properties[0].ty = 99;
    let mut m = ClassModel::new("Test_X");
    m.set_parent(Arc::new(bad));
    assert_eq!(m.check().unwrap_err().place, "class `Test_Base`, property `Id`");
    assert!(DeclGraph::build(Arc::new(m)).is_err());
    // Values of instance types are not defaults.
    assert!(matches!(
        check_value(MI_INSTANCE, &Value::Boolean(true)).unwrap_err(),
        Reason::Unsupported(_)
    ));
}

#[test]
fn association_and_lookup_helpers() {
    let m = child_model();
    assert_eq!(m.property("p3"), Some(4));
    assert_eq!(m.property("nope"), None);
    assert_eq!(m.method("doit"), Some(1));
    assert_eq!(m.methods[1].parameter("b"), Some(1));
    assert_eq!(m.methods[1].parameter(MIRETURN), None);
    assert!(m.is_a("test_base") && m.is_a("TEST_CHILD") && !m.is_a("Other"));
    assert!(!m.is_association());
    let mut a = ClassModel::new("Test_Assoc");
    a.qualifiers = vec![q("Association", Value::Boolean(true))];
    assert!(a.is_association());
    let mut f = ClassModel::new("Test_Flag");
    f.flags |= MI_FLAG_ASSOCIATION;
    let mut sub = ClassModel::new("Test_Sub");
    sub.set_parent(Arc::new(f));
    assert!(sub.is_association() && !sub.declares_association());
}

// ---- registry ----------------------------------------------------------------------------

fn class(name: &str, parent: Option<&str>) -> Arc<ClassModel> {
    let mut m = ClassModel::new(name);
    m.superclass = parent.map(Name::new);
    Arc::new(m)
}

#[test]
fn registry_relations_and_deep_subclasses() {
    let mut r: Registry<u32> = Registry::new();
    // Children before their parents, on purpose.
    r.insert(class("C_Leaf", Some("C_Mid")), 1).unwrap();
    r.insert(class("C_Mid", Some("C_Root")), 2).unwrap();
    r.insert(class("C_Root", None), 3).unwrap();
    r.insert(class("C_Other", Some("C_Root")), 4).unwrap();
    r.insert(class("C_Leaf2", Some("C_Mid")), 5).unwrap();
    r.insert(class("C_Orphan", Some("Not_Here")), 6).unwrap();
    assert_eq!(r.len(), 6);
    assert!(!r.is_empty());
    assert_eq!(r.get("c_mid").unwrap().data, 2);
    assert!(r.get("C_Nope").is_none());
    assert_eq!(r.parent("C_LEAF").unwrap().model.name.as_str(), "C_Mid");
    assert!(r.parent("C_Root").is_none() && r.parent("C_Orphan").is_none());
    let names = |it: &mut dyn Iterator<Item = &super::registry::Entry<u32>>| {
        it.map(|e| e.model.name.as_str().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(names(&mut r.children("C_Root")), ["C_Mid", "C_Other"]);
    assert_eq!(
        names(&mut r.subclasses("c_root")),
        ["C_Mid", "C_Leaf", "C_Leaf2", "C_Other"]
    );
    assert_eq!(names(&mut r.subclasses("C_Leaf")), Vec::<String>::new());
    assert_eq!(names(&mut r.subclasses("Unknown")), Vec::<String>::new());
    assert_eq!(names(&mut r.ancestors("C_Leaf2")), ["C_Mid", "C_Root"]);
    assert!(r.is_a("C_Leaf", "c_root") && r.is_a("C_Leaf", "C_Leaf") && !r.is_a("C_Root", "C_Leaf"));
    assert_eq!(r.iter().count(), 6);
    // Refused: a name twice (any case), a cycle of names.
    assert_eq!(
        r.insert(class("c_root", None), 0).unwrap_err().reason,
        Reason::Duplicate("c_root".into())
    );
    assert_eq!(
        r.insert(class("Not_Here", Some("C_Orphan")), 0)
            .unwrap_err()
            .reason,
        Reason::Cycle
    );
    assert_eq!(
        r.insert(class("C_Self", Some("c_self")), 0).unwrap_err().reason,
        Reason::Cycle
    );
    assert_eq!(r.len(), 6);
    // Adding the orphan's parent later links it.
    r.insert(class("Not_Here", Some("C_Root")), 7).unwrap();
    assert_eq!(names(&mut r.subclasses("Not_Here")), ["C_Orphan"]);
    assert_eq!(r.subclasses("C_Root").count(), 6);
}

#[test]
fn registry_associations() {
    let mut r: Registry = Registry::new();
    r.insert(class("A_Thing", None), ()).unwrap();
    r.insert(class("A_Disk", Some("A_Thing")), ()).unwrap();
    r.insert(class("A_Cat", None), ()).unwrap();
    let mut link = ClassModel::new("A_Link");
    link.flags |= MI_FLAG_ASSOCIATION;
    let mut ant = Property::new("Antecedent", MI_REFERENCE);
    ant.class_name = Some(Name::new("A_Thing"));
    link.properties.push(ant);
    r.insert(Arc::new(link), ()).unwrap();
    // A subclass of an association, known only through the registry.
    r.insert(class("A_SubLink", Some("A_Link")), ()).unwrap();
    let mut weak = ClassModel::new("A_Weak");
    weak.qualifiers = vec![q("Association", Value::Boolean(true))];
    weak.properties.push(Property::new("Any", MI_REFERENCE));
    r.insert(Arc::new(weak), ()).unwrap();
    assert!(r.is_association("A_Link") && r.is_association("a_sublink") && r.is_association("A_Weak"));
    assert!(!r.is_association("A_Disk") && !r.is_association("Nope"));
    let names = |v: Vec<&super::registry::Entry<()>>| {
        v.iter()
            .map(|e| e.model.name.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    // A_Disk is an A_Thing: the link applies; A_Cat only gets the untyped one.
    assert_eq!(names(r.associations_of("A_Disk")), ["A_Link", "A_Weak"]);
    assert_eq!(names(r.associations_of("A_Cat")), ["A_Weak"]);
}

// ---- values ------------------------------------------------------------------------------

#[test]
fn values_to_c_and_back() {
    for v in every_value() {
        let s = v.to_stored().unwrap();
        let view = s.view();
        // Read back through the reader's value decoding (a declaration with the value).
        let name = cstr("V");
        let cname = cstr("Test_V");
        let pd = MI_PropertyDecl {
            flags: 0,
            code: 0,
            name: name.as_ptr(),
            qualifiers: null(),
            numQualifiers: 0,
            r#type: v.ty(),
            className: null(),
            subscript: 0,
            offset: 0,
            origin: null(),
            propagator: null(),
            value: (view as *const MI_Value).cast(),
        };
        let pp = [&pd as *const MI_PropertyDecl];
        let mini = Mini::new("X");
        let cd = MI_ClassDecl {
            name: cname.as_ptr(),
            properties: pp.as_ptr(),
            ..mini.decl()
        };
        let m = read_decl(&cd, ReadOptions::CLIENT).unwrap().model;
        assert_eq!(m.properties[0].default.as_ref(), Some(&v), "{v:?}");
    }
    // isTimestamp other than 0/1 is a timestamp (C's truth); interval padding is dropped.
    let mut d = ts(1).to_c();
    d.isTimestamp = 7;
    assert_eq!(Datetime::from_c(&d), ts(1));
    let mut i = iv(2).to_c();
    i.u.interval.__padding2 = 9;
    assert_eq!(Datetime::from_c(&i), iv(2));
}

// ---- the class object's bodies -----------------------------------------------------------

// Stand-in tables: compared by address only, never called here.
// SAFETY: a table of NULL slots (all-zero Options) is a valid value.
static T_CLASS: MI_ClassFT = unsafe { std::mem::zeroed() };
// SAFETY: as above.
static T_QUALS: MI_QualifierSetFT = unsafe { std::mem::zeroed() };
// SAFETY: as above.
static T_PARAMS: MI_ParameterSetFT = unsafe { std::mem::zeroed() };
static TABLES: ClassTables = ClassTables {
    class: &T_CLASS,
    qualifiers: &T_QUALS,
    parameters: &T_PARAMS,
};

fn text(p: *const MI_Char) -> Option<String> {
    // SAFETY: the tests pass NULL or strings of live classes.
    unsafe { strings::utf8(p) }.unwrap()
}

#[test]
fn class_object_bodies() {
    let p = Class::from_model(
        &TABLES,
        Arc::new(child_model()),
        Some(Name::new("root/test")),
        None,
    )
    .unwrap();
    // SAFETY: `p` is a live class of ours built with TABLES.
    let cls = unsafe { Class::resolve(p, &TABLES) }.unwrap();
    let mut s: *const MI_Char = null();
    // SAFETY: out-pointers are locals or NULL; names are NUL-terminated locals (this
    // block and the next).
    unsafe {
        cls.get_names(NameOf::Class, &mut s).unwrap();
        assert_eq!(text(s).as_deref(), Some("Test_Child"));
        cls.get_names(NameOf::Namespace, &mut s).unwrap();
        assert_eq!(text(s).as_deref(), Some("root/test"));
        cls.get_names(NameOf::Server, &mut s).unwrap();
        assert!(s.is_null() && cls.server().is_none());
        assert_eq!(
            cls.get_names(NameOf::Class, null_mut()),
            Err(MI_RESULT_INVALID_PARAMETER)
        );
        let mut n = 0;
        cls.element_count(&mut n).unwrap();
        assert_eq!(n as usize, cls.model().properties.len());
        // Element 6: P5, a read-only Uint32 default.
        let mut v = crate::instance::value::zero_value();
        let (mut exists, mut ty, mut flags) = (0, 0, 0);
        let mut refc: *mut MI_Char = null_mut();
        cls.element_at(
            6,
            &mut s,
            &mut v,
            &mut exists,
            &mut ty,
            &mut refc,
            null_mut(),
            &mut flags,
        )
        .unwrap();
        assert_eq!(text(s).as_deref(), Some("P5"));
        assert_eq!((v.uint32, exists, ty), (4_000_000_000, MI_TRUE, MI_UINT32));
        assert_eq!(flags, MI_FLAG_PROPERTY);
        assert!(refc.is_null());
        // By name: the reference property and its class.
        let mut index = 0;
        let name = cstr("owner");
        cls.element(
            name.as_ptr(),
            &mut v,
            &mut exists,
            &mut ty,
            &mut refc,
            null_mut(),
            null_mut(),
            &mut index,
        )
        .unwrap();
        assert_eq!((exists, ty), (MI_FALSE, MI_REFERENCE));
        assert!(v.reference.is_null());
        assert_eq!(text(refc).as_deref(), Some("Test_Base"));
        assert_eq!(index as usize, cls.model().property("Owner").unwrap());
        assert_eq!(
            cls.element_at(
                9999,
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut()
            ),
            Err(MI_RESULT_NO_SUCH_PROPERTY)
        );
        let nope = cstr("nope");
        assert_eq!(
            cls.element(
                nope.as_ptr(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut()
            ),
            Err(MI_RESULT_NO_SUCH_PROPERTY)
        );
        assert_eq!(
            cls.element(
                null(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut()
            ),
            Err(MI_RESULT_INVALID_PARAMETER)
        );
        // Methods.
        cls.method_count(&mut n).unwrap();
        assert_eq!(n, 3);
        cls.method_at(1, &mut s, null_mut(), null_mut()).unwrap();
        assert_eq!(text(s).as_deref(), Some("DoIt"));
        assert_eq!(
            cls.method_at(1, null_mut(), null_mut(), null_mut()),
            Err(MI_RESULT_INVALID_PARAMETER)
        );
        assert_eq!(
            cls.method_at(3, &mut s, null_mut(), null_mut()),
            Err(MI_RESULT_METHOD_NOT_FOUND)
        );
        let doit = cstr("DOIT");
        cls.method(doit.as_ptr(), null_mut(), null_mut(), &mut index)
            .unwrap();
        assert_eq!(index, 1);
        assert_eq!(
            cls.method(nope.as_ptr(), null_mut(), null_mut(), &mut index),
            Err(MI_RESULT_METHOD_NOT_FOUND)
        );
        // Parent.
        cls.parent_class_name(&mut s).unwrap();
        assert_eq!(text(s).as_deref(), Some("Test_Base"));
        let mut parent: *mut MI_Class = null_mut();
        cls.parent_class(&mut parent).unwrap();
        let pc = Class::resolve(parent, &TABLES).unwrap();
        assert_eq!(pc.model().name.as_str(), "Test_Base");
        assert_eq!(pc.namespace().map(Name::as_str), Some("root/test"));
        pc.parent_class_name(&mut s).unwrap_err();
        assert!(s.is_null());
        let mut none: *mut MI_Class = ptr::dangling_mut();
        assert_eq!(pc.parent_class(&mut none), Err(MI_RESULT_INVALID_SUPERCLASS));
        assert!(none.is_null());
        Class::delete(parent, &TABLES).unwrap();
    }
    // SAFETY: `p` is live; the anchors are the class's own.
    unsafe {
        let quals = cls.graph().property_qualifiers(6);
        let (mut name, mut ty, mut flavor) = (null(), 0, 0);
        let mut v = crate::instance::value::zero_value();
        super::class::qualifier_at(quals, 0, &mut name, &mut ty, &mut flavor, &mut v).unwrap();
        assert_eq!(text(name).as_deref(), Some("Units"));
        assert_eq!(text(v.string).as_deref(), Some("u5"));
        assert_eq!(flavor, MI_FLAG_ENABLEOVERRIDE | MI_FLAG_TOSUBCLASS);
        assert_eq!(
            super::class::qualifier_at(quals, 1, &mut name, &mut ty, &mut flavor, &mut v),
            Err(MI_RESULT_NOT_FOUND)
        );
        // A qualifier without a value gives an all-zero value.
        let cq = cls.graph().class_qualifiers();
        v.uint64 = 5;
        let mut index = 9;
        let marker = cstr("MARKER");
        super::class::qualifier(cq, marker.as_ptr(), &mut ty, &mut flavor, &mut v, &mut index).unwrap();
        assert_eq!(
            (index, ty, flavor, v.uint64),
            (2, MI_UINT32, MI_FLAG_RESTRICTED, 0)
        );
        let tags = cstr("tags");
        super::class::qualifier(cq, tags.as_ptr(), &mut ty, &mut flavor, &mut v, &mut index).unwrap();
        assert_eq!((ty, v.stringa.size), (MI_STRINGA, 2));
        assert_eq!(text(*v.stringa.data.add(1)).as_deref(), Some("y"));
        // Parameters of DoIt.
        let ps = cls.graph().parameters(1);
        let mut n = 0;
        super::class::parameter_count(ps, &mut n).unwrap();
        assert_eq!(n, 4);
        let mut qs = std::mem::zeroed::<MI_QualifierSet>();
        super::class::method_return_type(ps, &TABLES, &mut ty, &mut qs).unwrap();
        assert_eq!(ty, MI_STRING);
        assert!(ptr::eq(qs.ft, &T_QUALS));
        let mut refc: *mut MI_Char = null_mut();
        super::class::parameter_at(ps, &TABLES, 1, &mut name, &mut ty, &mut refc, &mut qs).unwrap();
        assert_eq!(text(name).as_deref(), Some("B"));
        assert_eq!(ty, MI_REFERENCE);
        assert_eq!(text(refc).as_deref(), Some("Test_Base"));
        assert_eq!(
            super::class::parameter_at(ps, &TABLES, 4, &mut name, &mut ty, &mut refc, &mut qs),
            Err(MI_RESULT_NOT_FOUND)
        );
        let mir = cstr("MIReturn");
        assert_eq!(
            super::class::parameter(ps, &TABLES, mir.as_ptr(), &mut ty, null_mut(), &mut qs, &mut n),
            Err(MI_RESULT_NOT_FOUND)
        );
        let d = cstr("d");
        super::class::parameter(ps, &TABLES, d.as_ptr(), &mut ty, null_mut(), &mut qs, &mut n).unwrap();
        assert_eq!((n, ty), (3, MI_DATETIME));
        assert_eq!(ps.qualifiers(Some(0)).model()[0].name.as_str(), "In");
        assert_eq!(ps.qualifiers(None).model()[0].name.as_str(), "Units");
    }
    // Clone shares the graph; Delete of one leaves the other.
    let c2 = cls.duplicate();
    // SAFETY: both live, ours.
    unsafe {
        assert!(Arc::ptr_eq(
            Class::resolve(c2, &TABLES).unwrap().graph(),
            cls.graph()
        ));
        Class::delete(p, &TABLES).unwrap();
        let c = Class::resolve(c2, &TABLES).unwrap();
        assert_eq!(c.model().name.as_str(), "Test_Child");
        Class::delete(c2, &TABLES).unwrap();
    }
    // Foreign or garbage headers are refused by table and magic.
    let fake = MI_Class {
        ft: &T_CLASS,
        classDecl: null(),
        namespaceName: null(),
        serverName: null(),
        reserved: [0; 4],
    };
    // SAFETY: readable local headers.
    unsafe {
        assert!(Class::resolve(&fake, &TABLES).is_err());
        assert!(Class::resolve(null(), &TABLES).is_err());
    }
}

#[test]
fn plain_values_from_c() {
    use crate::schema::value::{Value, from_mi};
    let mut v = crate::instance::value::zero_value();
    v.uint16 = 7;
    // SAFETY: the member of each type is set before each call; pointers are to locals.
    unsafe {
        assert_eq!(from_mi(MI_UINT16, &v), Ok(Some(Value::Uint16(7))));
        v.string = std::ptr::null_mut();
        assert_eq!(
            from_mi(MI_STRING, &v),
            Ok(None),
            "a NULL scalar string is no value"
        );
        let text = crate::strings::encode("hi");
        let strs = [text.as_ptr(), std::ptr::null()];
        v.stringa = MI_StringA {
            data: strs.as_ptr().cast_mut().cast(),
            size: 1,
        };
        assert_eq!(
            from_mi(MI_STRINGA, &v),
            Ok(Some(Value::StringA(vec!["hi".into()])))
        );
        v.stringa.size = 2;
        assert_eq!(
            from_mi(MI_STRINGA, &v),
            Err(MI_RESULT_INVALID_PARAMETER),
            "a NULL string in an array"
        );
        v.uint32a = MI_Uint32A {
            data: std::ptr::null_mut(),
            size: 3,
        };
        assert_eq!(
            from_mi(MI_UINT32A, &v),
            Err(MI_RESULT_INVALID_PARAMETER),
            "NULL data, size 3"
        );
        v.uint32a.size = 0;
        assert_eq!(from_mi(MI_UINT32A, &v), Ok(Some(Value::Uint32A(Vec::new()))));
        assert_eq!(from_mi(MI_INSTANCE, &v), Err(MI_RESULT_TYPE_MISMATCH));
        assert_eq!(from_mi(99, &v), Err(MI_RESULT_INVALID_PARAMETER));
    }
}
