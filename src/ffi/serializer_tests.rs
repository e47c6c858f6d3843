//! Round trips through real objects: the owned model built into the library's instances
//! (dynamic and schema-backed) and classes, serialized through the codec entry points,
//! read back and compared.

use super::*;
use crate::schema::model::Property;
use crate::schema::value::Value;
use crate::serial::obj::{Obj, Val};
use crate::serial::tests::{rich, rich_class};
use crate::serial::{complete, deserialize_class, deserialize_instance, serialize_class, serialize_instance};

fn no_classes() -> Classes<'static> {
    Classes {
        given: Vec::new(),
        needed: None,
    }
}

/// Keeps only the key flag, at every level (schema-backed instances also say
/// `MI_FLAG_PROPERTY`).
fn keys_only(o: &mut Obj) {
    for p in &mut o.props {
        p.flags &= MI_FLAG_KEY;
        match &mut p.value {
            Some(Val::Inst(i)) => keys_only(i),
            Some(Val::Insts(v)) => v.iter_mut().for_each(keys_only),
            _ => {}
        }
    }
}

fn delete(p: *mut MI_Instance) {
    // SAFETY: an instance the test built and owns.
    unsafe { crate::instance::value::delete_instance(p) };
}

#[test]
fn every_type_survives_build_read_and_both_codecs() {
    let mut o = rich();
    // CIM-XML has no reference arrays; MOF does.
    let p = obj::build(&o, &TABLES, &|_| None).unwrap();
    // SAFETY: our live instance.
    let back = unsafe { obj::read_instance(p) }.unwrap();
    assert_eq!(back, o);
    // SAFETY: as above.
    let doc = unsafe { serialize_instance(Format::Xml, 0, p, &TABLES) }.unwrap();
    let (q, used) = deserialize_instance(Format::Xml, &doc, &no_classes(), &TABLES).unwrap();
    assert_eq!(used, doc.len());
    // SAFETY: our live instance.
    assert_eq!(unsafe { obj::read_instance(q) }.unwrap(), o);
    // SAFETY: as above.
    let again = unsafe { serialize_instance(Format::Xml, 0, q, &TABLES) }.unwrap();
    assert_eq!(again, doc);
    delete(q);
    delete(p);
    // MOF with the instance's own classes in the document types everything back.
    o.props
        .retain(|p| p.name != "Untouched" && p.name != "NullR" && p.name != "NullA" && p.name != "R");
    let target = Obj::new("Target").with(
        "Id",
        MI_STRING,
        MI_FLAG_KEY,
        Some(Val::Plain(Value::String("t".into()))),
    );
    o = o.with("RA", MI_REFERENCEA, 0, Some(Val::Insts(vec![target])));
    let p = obj::build(&o, &TABLES, &|_| None).unwrap();
    // SAFETY: our live instance.
    let doc = unsafe { serialize_instance(Format::Mof, MI_SERIALIZER_FLAGS_INSTANCE_WITH_CLASS, p, &TABLES) }
        .unwrap();
    let text = String::from_utf8(doc.clone()).unwrap();
    assert!(text.contains("class Rich\n{"), "{text}");
    let (q, _) = deserialize_instance(Format::Mof, &doc, &no_classes(), &TABLES).unwrap();
    // SAFETY: our live instance.
    let mut back = unsafe { obj::read_instance(q) }.unwrap();
    keys_only(&mut back);
    assert_eq!(back.props.len(), o.props.len());
    for (a, b) in back.props.iter().zip(&o.props) {
        assert_eq!((&a.name, a.ty, &a.value), (&b.name, b.ty, &b.value), "{}", a.name);
    }
    delete(q);
    delete(p);
}

#[test]
fn classes_survive_the_library_class_object() {
    let c = rich_class();
    let cls = Class::from_model(
        &CLASS_TABLES,
        Arc::new(c.clone()),
        Some(Name::new("root/x")),
        None,
    )
    .unwrap();
    // SAFETY: our live class.
    let doc = unsafe { serialize_class(Format::Xml, 0, cls, &TABLES) }.unwrap();
    let (back, _) = deserialize_class(Format::Xml, &doc, &no_classes()).unwrap();
    assert_eq!(*back, c);
    // MOF too (its qualifier values carry no types: compared as text).
    // SAFETY: our live class.
    let mof = unsafe { serialize_class(Format::Mof, 0, cls, &TABLES) }.unwrap();
    let (back, _) = deserialize_class(Format::Mof, &mof, &no_classes()).unwrap();
    assert_eq!(
        crate::serial::mof_write::class(&back, 0).unwrap().into_bytes(),
        mof
    );
    // SAFETY: our live class, not used afterwards.
    unsafe { Class::delete(cls, &CLASS_TABLES) }.unwrap();
}

#[test]
fn schema_backed_instances_and_their_classes() {
    let mut base = ClassModel::new("S_Base");
    let mut k = Property::new("Id", MI_STRING);
    k.flags |= MI_FLAG_KEY;
    base.properties.push(k);
    let base = Arc::new(base);
    let mut own = ClassModel::new("S_Derived");
    own.superclass = Some(Name::new("S_Base"));
    let mut d = Property::new("Level", MI_UINT16);
    d.default = Some(Value::Uint16(3));
    own.properties.push(d);
    let derived = Arc::new(complete(own, base.clone()));
    // An instance of the class, Id set, Level left at its default (not modified).
    let o = Obj::new("S_Derived").with("Id", MI_STRING, 0, Some(Val::Plain(Value::String("a".into()))));
    let lookup = |n: &str| (n == "S_Derived").then(|| derived.clone());
    let p = obj::build(&o, &TABLES, &lookup).unwrap();
    // SAFETY: our live instance.
    let read = unsafe { obj::read_instance(p) }.unwrap();
    assert_eq!(read.props.len(), 2);
    assert_eq!(read.props[0].flags & MI_FLAG_KEY, MI_FLAG_KEY);
    assert!(!read.props[1].modified);
    // With its classes: both, parent first, and back to a schema-backed instance.
    // SAFETY: our live instance.
    let doc = unsafe { serialize_instance(Format::Xml, MI_SERIALIZER_FLAGS_INSTANCE_WITH_CLASS, p, &TABLES) }
        .unwrap();
    let text = String::from_utf8(doc.clone()).unwrap();
    let b = text.find("<CLASS NAME=\"S_Base\">").unwrap();
    let dpos = text
        .find("<CLASS NAME=\"S_Derived\" SUPERCLASS=\"S_Base\">")
        .unwrap();
    assert!(b < dpos, "{text}");
    let (q, _) = deserialize_instance(Format::Xml, &doc, &no_classes(), &TABLES).unwrap();
    // SAFETY: our live instance.
    assert_eq!(unsafe { obj::read_instance(q) }.unwrap(), read);
    // SAFETY: ours.
    let inst = unsafe { crate::instance::Instance::resolve(q, &INSTANCE_FT) }.unwrap();
    assert_eq!(inst.class_model().name.as_str(), "S_Derived");
    assert_eq!(inst.class_model().properties.len(), 2);
    delete(q);
    // A property the class does not have is refused.
    let bad = Obj::new("S_Derived").with("Nope", MI_UINT8, 0, None);
    assert_eq!(
        obj::build(&bad, &TABLES, &lookup).unwrap_err().result,
        MI_RESULT_NO_SUCH_PROPERTY
    );
    let wrong = Obj::new("S_Derived").with("Level", MI_UINT16A, 0, None);
    assert_eq!(
        obj::build(&wrong, &TABLES, &lookup).unwrap_err().result,
        MI_RESULT_TYPE_MISMATCH
    );
    delete(p);
}

#[test]
fn omi_documents_deserialize_into_instances() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/serial");
    for name in ["omi_instance.xml.in", "omi_instance_with_classes.xml.in"] {
        let doc = std::fs::read(dir.join(name)).unwrap();
        let (p, used) = deserialize_instance(Format::Xml, &doc, &no_classes(), &TABLES).unwrap();
        assert_eq!(used, doc.len() - 1, "all but the file's final newline");
        // SAFETY: our live instance.
        let o = unsafe { obj::read_instance(p) }.unwrap();
        assert_eq!(o.props.len(), 9, "{name}");
        assert_eq!(o.props[8].ty, MI_INSTANCE);
        delete(p);
    }
}
