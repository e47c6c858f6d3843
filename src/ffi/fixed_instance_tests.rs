//! Unit tests of fixed-layout instances: layouts of broken declarations, construction in
//! place and on the heap, the slots over field memory, clone, conversion and the way back.
//! Every `unsafe` block below calls the module or a table slot with live test data: the
//! declarations are kept alive by their `DeclGraph`s or locals for the whole test.

use crate::abi::*;
use crate::ffi::fixed_instance::FIXED_INSTANCE_FT as FT;
use crate::ffi::instance::INSTANCE_FT as DYN_FT;
use crate::instance::Instance;
use crate::instance::fixed::*;
use crate::instance::value;
use crate::instance::value::MAX_DEPTH;
use crate::schema::decl::DeclGraph;
use crate::schema::model::{ClassModel, Method, Parameter, Property};
use crate::strings::{self, Name};
use std::ptr::{self, null, null_mut};
use std::sync::Arc;

fn cstr(s: &str) -> Vec<MI_Char> {
    strings::encode(s).into_vec()
}

fn text(p: *const MI_Char) -> String {
    // SAFETY: the tests pass NUL-terminated strings the instance returned.
    strings::decode(unsafe { strings::c_chars(p) }.unwrap())
        .unwrap()
        .into_owned()
}

fn pet_model() -> ClassModel {
    let mut m = ClassModel::new("Test_Pet");
    m.flags = MI_FLAG_CLASS;
    let mut n = Property::new("Name", MI_STRING);
    n.flags |= MI_FLAG_KEY;
    m.properties = vec![n, Property::new("Age", MI_UINT8)];
    m
}

/// Key (0), Name (1), Tags (2), Nums (3), Pet (4: embedded Test_Pet), Pets (5), Count (6,
/// with a default), and a method `Feed(MIReturn, Amount IN, Left OUT)`.
fn person_model() -> ClassModel {
    let mut m = ClassModel::new("Test_Person");
    m.flags = MI_FLAG_CLASS;
    let mut key = Property::new("Key", MI_UINT32);
    key.flags |= MI_FLAG_KEY;
    let mut pet = Property::new("Pet", MI_INSTANCE);
    pet.class_name = Some(Name::new("Test_Pet"));
    let mut pets = Property::new("Pets", MI_INSTANCEA);
    pets.class_name = Some(Name::new("Test_Pet"));
    let mut count = Property::new("Count", MI_SINT64);
    count.default = Some(crate::schema::value::Value::Sint64(-5));
    m.properties = vec![
        key,
        Property::new("Name", MI_STRING),
        Property::new("Tags", MI_STRINGA),
        Property::new("Nums", MI_UINT32A),
        pet,
        pets,
        count,
    ];
    let mut feed = Method::new("Feed", MI_UINT32);
    feed.parameters = vec![
        Parameter::new("Amount", MI_UINT16, MI_FLAG_IN),
        Parameter::new("Left", MI_STRING, MI_FLAG_OUT),
    ];
    m.methods = vec![feed];
    m
}

fn graph(m: ClassModel) -> Arc<DeclGraph> {
    DeclGraph::build(Arc::new(m)).unwrap()
}

/// The person and pet declarations, the person's copy pointing at a schema of both. The
/// schema and the copy are kept as raw pointers (never moved or reborrowed as `Box`es), so
/// the pointers between them stay valid under Miri's aliasing rules.
struct Provider {
    person: Arc<DeclGraph>,
    pet: Arc<DeclGraph>,
    _list: Vec<*const MI_ClassDecl>,
    schema: *mut MI_SchemaDecl,
    decl: *mut MI_ClassDecl,
}

impl Provider {
    fn new() -> Provider {
        let person = graph(person_model());
        let pet = graph(pet_model());
        let list = vec![person.class_decl(), pet.class_decl()];
        let schema = Box::into_raw(Box::new(MI_SchemaDecl {
            qualifierDecls: null(),
            numQualifierDecls: 0,
            classDecls: list.as_ptr(),
            numClassDecls: 2,
        }));
        // SAFETY: a bitwise copy of the graph's declaration (plain data).
        let decl = Box::into_raw(Box::new(unsafe { ptr::read(person.class_decl()) }));
        // SAFETY: just allocated, not shared yet.
        unsafe { (*decl).schema = schema };
        Provider {
            person,
            pet,
            _list: list,
            schema,
            decl,
        }
    }

    fn decl(&self) -> *const MI_ClassDecl {
        self.decl
    }

    fn layout(&self) -> Arc<Layout> {
        // SAFETY: a declaration this provider keeps alive.
        unsafe { Layout::of_class(self.decl) }.unwrap()
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        // SAFETY: made by Box::into_raw in `new`, freed only here.
        unsafe {
            drop(Box::from_raw(self.decl));
            drop(Box::from_raw(self.schema));
        }
    }
}

/// Calls a table slot and returns its result.
macro_rules! slot {
    ($ft:expr, $name:ident($($a:expr),*)) => {
        // SAFETY: the tests pass live instances and valid (or deliberately NULL) pointers.
        unsafe { ($ft.$name.unwrap())($($a),*) }
    };
}

/// Pointer to field `i` of `p`, typed as generated code types it.
fn field<T>(p: *mut MI_Instance, layout: &Layout, i: usize) -> *mut T {
    let off = layout.fields()[i].offset.unwrap() as usize;
    // SAFETY: the offset is inside the instance (checked layout).
    unsafe { p.cast::<u8>().add(off).cast() }
}

fn get(p: *const MI_Instance, name: &str) -> (MI_Result, MI_Value, MI_Type, MI_Uint32) {
    let n = cstr(name);
    let mut v = value::zero_value();
    let (mut t, mut f, mut i) = (0, 0, 0);
    let r = slot!(FT, GetElement(p, n.as_ptr(), &mut v, &mut t, &mut f, &mut i));
    (r, v, t, f)
}

#[test]
fn layout_of_a_class_and_a_method() {
    let prov = Provider::new();
    let l = prov.layout();
    assert_eq!(l.decl(), prov.decl());
    assert_eq!(l.size(), prov.person.layout().1 as usize);
    assert_eq!(l.name().as_str(), "Test_Person");
    let names: Vec<&str> = l.fields().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Key", "Name", "Tags", "Nums", "Pet", "Pets", "Count"]);
    let offsets: Vec<u32> = l.fields().iter().map(|f| f.offset.unwrap()).collect();
    assert_eq!(offsets, prov.person.layout().0);
    assert_eq!(l.fields()[0].flags & MI_FLAG_KEY, MI_FLAG_KEY);
    // A method: MIReturn first, then the parameters, each at its generated offset.
    // SAFETY: the graph's method table has one live entry.
    let md = unsafe { *prov.person.class_decl().read().methods };
    // SAFETY: a live method declaration of the graph.
    let m = unsafe { Layout::of_method(md) }.unwrap();
    let names: Vec<&str> = m.fields().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["MIReturn", "Amount", "Left"]);
    assert_eq!(m.name().as_str(), "Feed");
    assert_eq!(m.decl(), md.cast());
    // SAFETY: as above.
    assert_eq!(m.size(), unsafe { md.read().size } as usize);
    // A method declaration is not a class, and the other way round.
    // SAFETY: both are live declarations (read by their common prefix first).
    unsafe {
        assert_eq!(
            Layout::of_class(md.cast()).err(),
            Some(MI_RESULT_INVALID_PARAMETER)
        );
        assert_eq!(Layout::of_class(null()).err(), Some(MI_RESULT_INVALID_PARAMETER));
        assert_eq!(Layout::of_method(null()).err(), Some(MI_RESULT_INVALID_PARAMETER));
    }
}

#[test]
fn layouts_of_broken_declarations_are_refused() {
    let pet = graph(pet_model());
    let base = pet.class_decl();
    // SAFETY: copies of live declaration structs (plain data).
    let copy = |p: *const MI_PropertyDecl| unsafe { ptr::read(p) };
    // SAFETY: as above.
    let d0 = unsafe { ptr::read(base) };
    // SAFETY: the graph's property table has two live entries.
    let (p0, p1) = unsafe { (copy(*d0.properties), copy(*d0.properties.add(1))) };
    let try_with = |props: [&MI_PropertyDecl; 2], size: u32| {
        let arr = [props[0] as *const MI_PropertyDecl, props[1]];
        let d = MI_ClassDecl {
            properties: arr.as_ptr(),
            size,
            // SAFETY: live test data (see the module comment).
            ..unsafe { ptr::read(base) }
        };
        // SAFETY: a declaration built from live parts.
        unsafe { Layout::of_class(&d) }.err()
    };
    let inst = size_of::<MI_Instance>() as u32;
    assert_eq!(try_with([&p0, &p1], d0.size), None);
    let bad = Some(MI_RESULT_INVALID_PARAMETER);
    // Field inside the header.
    let mut q = copy(&p0);
    q.offset = 8;
    assert_eq!(try_with([&q, &p1], d0.size), bad);
    // Field beyond size.
    let mut q = copy(&p1);
    q.offset = d0.size - 1;
    assert_eq!(try_with([&p0, &q], d0.size), bad);
    // Overlapping fields.
    let mut q = copy(&p1);
    q.offset = p0.offset + 8;
    assert_eq!(try_with([&p0, &q], d0.size), bad);
    // Size below the header, and above the 1 MiB bound (the reader alone allows 64 MiB).
    assert_eq!(try_with([&p0, &p1], inst - 8), bad);
    assert_eq!(try_with([&p0, &p1], MAX_FIXED_SIZE + 8), bad);
    // Unknown type, name that is not text, NULL name.
    let mut q = copy(&p1);
    q.r#type = 40;
    assert_eq!(try_with([&p0, &q], d0.size), bad);
    let not_text: [MI_Char; 3] = [0xFFu8 as MI_Char, b'a' as MI_Char, 0];
    let mut q = copy(&p1);
    q.name = not_text.as_ptr();
    assert_eq!(try_with([&p0, &q], d0.size), bad);
    let mut q = copy(&p1);
    q.name = null();
    assert_eq!(try_with([&p0, &q], d0.size), bad);
    // NULL property table with a count.
    let d = MI_ClassDecl {
        properties: null(),
        // SAFETY: live test data (see the module comment).
        ..unsafe { ptr::read(base) }
    };
    // SAFETY: refused before the table is read.
    assert_eq!(unsafe { Layout::of_class(&d) }.err(), bad);
    // A method whose parameter is outside its structure.
    let person = graph(person_model());
    // SAFETY: live method declaration of the graph, copied.
    let md = unsafe { ptr::read(*person.class_decl().read().methods) };
    let small = MI_MethodDecl { size: inst, ..md };
    // SAFETY: a declaration built from live parts.
    assert_eq!(unsafe { Layout::of_method(&small) }.err(), bad);
}

#[test]
fn construct_in_place_then_destruct_and_delete() {
    let prov = Provider::new();
    let l = prov.layout();
    let mut buf = vec![0xAAu64; l.size().div_ceil(8)];
    let p = buf.as_mut_ptr().cast::<MI_Instance>();
    // SAFETY: `buf` has room for `size` bytes, 8-aligned.
    unsafe { construct(p, &l, &FT) }.unwrap();
    // SAFETY: just constructed.
    unsafe {
        assert!(is_fixed(p));
        assert_eq!((*p).ft, &FT as *const _);
        assert_eq!((*p).classDecl, prov.decl());
        assert!((*p).nameSpace.is_null() && (*p).serverName.is_null());
        let body = std::slice::from_raw_parts(
            p.cast::<u8>().add(size_of::<MI_Instance>()),
            l.size() - size_of::<MI_Instance>(),
        );
        assert!(body.iter().all(|&b| b == 0), "fields are zeroed");
        assert!(Arc::ptr_eq(&layout_of(p).unwrap(), &l));
    }
    let mut n = 0;
    assert_eq!(slot!(FT, GetElementCount(p, &mut n)), MI_RESULT_OK);
    assert_eq!(n, 7);
    let mut yes = MI_FALSE;
    assert_eq!(slot!(FT, IsA(p, prov.decl(), &mut yes)), MI_RESULT_OK);
    assert_eq!(yes, MI_TRUE);
    assert_eq!(slot!(FT, IsA(p, prov.pet.class_decl(), &mut yes)), MI_RESULT_OK);
    assert_eq!(yes, MI_FALSE);
    let mut name = null();
    assert_eq!(slot!(FT, GetClassName(p, &mut name)), MI_RESULT_OK);
    assert_eq!(text(name), "Test_Person");
    // A value the library owns, then Destruct: freed, fields zeroed, instance refused.
    let s = cstr("owned");
    let mut v = value::zero_value();
    v.string = s.as_ptr().cast_mut();
    assert_eq!(slot!(FT, SetElementAt(p, 1, &v, MI_STRING, 0)), MI_RESULT_OK);
    let ns = cstr("root/test");
    assert_eq!(slot!(FT, SetNameSpace(p, ns.as_ptr())), MI_RESULT_OK);
    assert_eq!(slot!(FT, Destruct(p)), MI_RESULT_OK);
    // SAFETY: the memory is still the test's.
    unsafe {
        assert!(!is_fixed(p));
        assert!((*p).nameSpace.is_null());
        assert!((*field::<MI_ConstStringField>(p, &l, 1)).value.is_null());
    }
    assert_eq!(slot!(FT, GetElementCount(p, &mut n)), MI_RESULT_INVALID_PARAMETER);
    assert_eq!(slot!(FT, Destruct(p)), MI_RESULT_INVALID_PARAMETER);
    // Delete of a destructed in-place instance: nothing to do (the memory is the caller's).
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    // Construct again in the same memory; Delete destructs it (as OMI) and leaves the memory.
    // SAFETY: as above.
    unsafe { construct(p, &l, &FT) }.unwrap();
    assert_eq!(slot!(FT, SetElementAt(p, 1, &v, MI_STRING, 0)), MI_RESULT_OK);
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    // SAFETY: as above.
    assert!(!unsafe { is_fixed(p) });
    // Misaligned or NULL memory is refused.
    // SAFETY: refused before anything is written.
    unsafe {
        assert_eq!(construct(null_mut(), &l, &FT), Err(MI_RESULT_INVALID_PARAMETER));
        let odd = buf.as_mut_ptr().cast::<u8>().add(1).cast::<MI_Instance>();
        assert_eq!(construct(odd, &l, &FT), Err(MI_RESULT_INVALID_PARAMETER));
    }
}

#[test]
fn garbage_copied_and_forged_headers_are_refused() {
    let prov = Provider::new();
    let l = prov.layout();
    let p = new_heap(&l, &FT).unwrap();
    let mut n = 0;
    // A zeroed header with our table.
    // SAFETY: live test data (see the module comment).
    let mut zeroed: MI_Instance = unsafe { std::mem::zeroed() };
    zeroed.ft = &FT;
    assert_eq!(
        slot!(FT, GetElementCount(&zeroed, &mut n)),
        MI_RESULT_INVALID_PARAMETER
    );
    assert_eq!(slot!(FT, Delete(&mut zeroed)), MI_RESULT_INVALID_PARAMETER);
    // A byte copy of a live instance elsewhere: the check word names the address.
    let mut copy = vec![0u64; l.size().div_ceil(8)];
    // SAFETY: both hold `size` bytes.
    unsafe { ptr::copy_nonoverlapping(p.cast::<u8>(), copy.as_mut_ptr().cast(), l.size()) };
    let c = copy.as_mut_ptr().cast::<MI_Instance>();
    assert_eq!(slot!(FT, GetElementCount(c, &mut n)), MI_RESULT_INVALID_PARAMETER);
    assert_eq!(slot!(FT, Delete(c)), MI_RESULT_INVALID_PARAMETER);
    // A changed check word, a changed side pointer.
    for w in [1usize, 2, 3] {
        // SAFETY: the copy is plain test memory.
        unsafe { ptr::copy_nonoverlapping(p.cast::<u8>(), c.cast(), size_of::<MI_Instance>()) };
        // SAFETY: as above.
        unsafe { (*c).reserved[w] ^= 0x10 };
        assert_eq!(slot!(FT, GetElementCount(c, &mut n)), MI_RESULT_INVALID_PARAMETER);
    }
    // NULL, and a dynamic instance handed to the fixed table (and the other way round).
    assert_eq!(
        slot!(FT, GetElementCount(null(), &mut n)),
        MI_RESULT_INVALID_PARAMETER
    );
    let d = Instance::new_dynamic(&DYN_FT, "Test_Dyn").unwrap();
    assert_eq!(slot!(FT, GetElementCount(d, &mut n)), MI_RESULT_INVALID_PARAMETER);
    assert_eq!(
        slot!(DYN_FT, GetElementCount(p, &mut n)),
        MI_RESULT_INVALID_PARAMETER
    );
    assert_eq!(slot!(DYN_FT, Delete(d)), MI_RESULT_OK);
    assert_eq!(slot!(FT, GetElementCount(p, &mut n)), MI_RESULT_OK);
    // Required out-pointers.
    assert_eq!(
        slot!(FT, GetElementCount(p, null_mut())),
        MI_RESULT_INVALID_PARAMETER
    );
    assert_eq!(
        slot!(FT, GetClassName(p, null_mut())),
        MI_RESULT_INVALID_PARAMETER
    );
    assert_eq!(
        slot!(FT, IsA(p, prov.decl(), null_mut())),
        MI_RESULT_INVALID_PARAMETER
    );
    assert_eq!(slot!(FT, Clone(p, null_mut())), MI_RESULT_INVALID_PARAMETER);
    // Heap: Destruct, then Delete frees.
    assert_eq!(slot!(FT, Destruct(p)), MI_RESULT_OK);
    assert_eq!(slot!(FT, GetElementCount(p, &mut n)), MI_RESULT_INVALID_PARAMETER);
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
}

#[test]
fn direct_field_writes_and_setters_meet() {
    let prov = Provider::new();
    let l = prov.layout();
    let p = new_heap(&l, &FT).unwrap();
    // Generated code writes a scalar field directly...
    // SAFETY: field 0 is a UINT32 field of the live instance.
    unsafe {
        let key = field::<MI_ConstUint32Field>(p, &l, 0);
        (*key).value = 77;
        (*key).exists = 1;
    }
    // ... and the table reads it.
    let (r, v, t, f) = get(p, "KEY");
    assert_eq!(r, MI_RESULT_OK);
    // SAFETY: the member the type selects.
    assert_eq!(unsafe { v.uint32 }, 77);
    assert_eq!(t, MI_UINT32);
    assert_eq!(f & (MI_FLAG_KEY | MI_FLAG_NULL), MI_FLAG_KEY);
    // exists = 0 is NULL whatever the value.
    // SAFETY: as above.
    unsafe { (*field::<MI_ConstUint32Field>(p, &l, 0)).exists = 0 };
    let (_, v, _, f) = get(p, "Key");
    assert_ne!(f & MI_FLAG_NULL, 0);
    // SAFETY: as above.
    assert_eq!(unsafe { v.uint32 }, 0);
    // A setter writes the field: a copy of the string, exists 1.
    let s = cstr("Rex");
    let mut v = value::zero_value();
    v.string = s.as_ptr().cast_mut();
    assert_eq!(slot!(FT, SetElementAt(p, 1, &v, MI_STRING, 0)), MI_RESULT_OK);
    // SAFETY: field 1 is a string field.
    let name = unsafe { field::<MI_ConstStringField>(p, &l, 1).read() };
    assert_eq!(name.exists, 1);
    assert_ne!(name.value, s.as_ptr(), "copied");
    assert_eq!(text(name.value), "Rex");
    // MI_FLAG_BORROW keeps the caller's pointer.
    assert_eq!(
        slot!(FT, SetElementAt(p, 1, &v, MI_STRING, MI_FLAG_BORROW)),
        MI_RESULT_OK
    );
    // SAFETY: as above.
    assert_eq!(
        // SAFETY: live test data (see the module comment).
        unsafe { field::<MI_ConstStringField>(p, &l, 1).read() }.value,
        s.as_ptr()
    );
    // Arrays: {data, size}, exists.
    let nums = [1u32, 2, 3];
    let mut a = value::zero_value();
    a.uint32a = MI_Uint32A {
        data: nums.as_ptr().cast_mut(),
        size: 3,
    };
    let an = cstr("Nums");
    assert_eq!(
        slot!(FT, SetElement(p, an.as_ptr(), &a, MI_UINT32A, 0)),
        MI_RESULT_OK
    );
    // SAFETY: field 3 is an array field: `{data, size}` then exists.
    unsafe {
        let fp = field::<u8>(p, &l, 3);
        let arr = fp.cast::<MI_Uint32A>().read();
        assert_eq!(arr.size, 3);
        assert_ne!(arr.data, nums.as_ptr().cast_mut());
        assert_eq!(std::slice::from_raw_parts(arr.data, 3), &nums);
        assert_eq!(fp.add(size_of::<MI_Array>()).read(), 1);
    }
    // MI_FLAG_NULL / NULL value / Clear: exists 0.
    assert_eq!(
        slot!(FT, SetElementAt(p, 3, &a, MI_UINT32A, MI_FLAG_NULL)),
        MI_RESULT_OK
    );
    assert_ne!(get(p, "Nums").3 & MI_FLAG_NULL, 0);
    assert_eq!(slot!(FT, SetElementAt(p, 1, null(), MI_STRING, 0)), MI_RESULT_OK);
    // SAFETY: as above.
    assert_eq!(unsafe { field::<MI_ConstStringField>(p, &l, 1).read() }.exists, 0);
    assert_eq!(slot!(FT, SetElementAt(p, 1, &v, MI_STRING, 0)), MI_RESULT_OK);
    assert_eq!(slot!(FT, ClearElement(p, cstr("name").as_ptr())), MI_RESULT_OK);
    assert_ne!(get(p, "Name").3 & MI_FLAG_NULL, 0);
    // Errors as the dynamic instance's.
    assert_eq!(
        slot!(FT, SetElementAt(p, 1, &v, MI_UINT32, 0)),
        MI_RESULT_TYPE_MISMATCH
    );
    assert_eq!(
        slot!(FT, SetElementAt(p, 7, &v, MI_STRING, 0)),
        MI_RESULT_INVALID_PARAMETER
    );
    assert_eq!(
        slot!(FT, SetElementAt(p, 1, &v, 40, 0)),
        MI_RESULT_INVALID_PARAMETER
    );
    assert_eq!(
        slot!(FT, SetElementAt(p, 1, &v, MI_STRING, 0x0080_0000)),
        MI_RESULT_INVALID_PARAMETER
    );
    assert_eq!(
        slot!(
            FT,
            SetElementAt(p, 1, &v, MI_STRING, MI_FLAG_BORROW | MI_FLAG_ADOPT)
        ),
        MI_RESULT_INVALID_PARAMETER
    );
    assert_eq!(
        slot!(FT, SetElement(p, cstr("Nope").as_ptr(), &v, MI_STRING, 0)),
        MI_RESULT_NO_SUCH_PROPERTY
    );
    assert_eq!(get(p, "Nope").0, MI_RESULT_NO_SUCH_PROPERTY);
    assert_eq!(slot!(FT, ClearElementAt(p, 7)), MI_RESULT_INVALID_PARAMETER);
    assert_eq!(
        slot!(FT, AddElement(p, cstr("New").as_ptr(), &v, MI_STRING, 0)),
        MI_RESULT_FAILED
    );
    assert_eq!(
        slot!(FT, AddElement(p, null(), &v, MI_STRING, 0)),
        MI_RESULT_INVALID_PARAMETER
    );
    // Adopting the instance itself is refused.
    let mut me = value::zero_value();
    me.instance = p;
    assert_eq!(
        slot!(FT, SetElementAt(p, 4, &me, MI_INSTANCE, MI_FLAG_ADOPT)),
        MI_RESULT_INVALID_PARAMETER
    );
    // GetElementAt: every output optional.
    assert_eq!(
        slot!(
            FT,
            GetElementAt(p, 0, null_mut(), null_mut(), null_mut(), null_mut())
        ),
        MI_RESULT_OK
    );
    let mut nm = null();
    assert_eq!(
        slot!(
            FT,
            GetElementAt(p, 6, &mut nm, null_mut(), null_mut(), null_mut())
        ),
        MI_RESULT_OK
    );
    assert_eq!(text(nm), "Count");
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
}

#[test]
fn clone_stays_fixed_and_copies_direct_writes() {
    let prov = Provider::new();
    let l = prov.layout();
    let p = new_heap(&l, &FT).unwrap();
    // A string the provider wrote into the field itself (never freed by the library).
    let literal = cstr("direct");
    // SAFETY: field 1 is a string field of the live instance.
    unsafe {
        let f = field::<MI_ConstStringField>(p, &l, 1);
        (*f).value = literal.as_ptr();
        (*f).exists = 1;
        let k = field::<MI_ConstUint32Field>(p, &l, 0);
        (*k).value = 9;
        (*k).exists = 1;
    }
    let tags = [cstr("a"), cstr("b")];
    let tag_ptrs: Vec<*const MI_Char> = tags.iter().map(|t| t.as_ptr()).collect();
    let mut a = value::zero_value();
    a.stringa = MI_StringA {
        data: tag_ptrs.as_ptr().cast_mut().cast(),
        size: 2,
    };
    assert_eq!(slot!(FT, SetElementAt(p, 2, &a, MI_STRINGA, 0)), MI_RESULT_OK);
    let server = cstr("host1");
    assert_eq!(slot!(FT, SetServerName(p, server.as_ptr())), MI_RESULT_OK);
    let mut c = null_mut();
    assert_eq!(slot!(FT, Clone(p, &mut c)), MI_RESULT_OK);
    // SAFETY: `c` is the clone, a live fixed instance.
    unsafe {
        assert!(is_fixed(c));
        assert!(Arc::ptr_eq(&layout_of(c).unwrap(), &l));
        assert_eq!((*c).classDecl, (*p).classDecl);
        assert_eq!((*c).ft, &FT as *const _);
        assert_eq!(text((*c).serverName), "host1");
        let k = field::<MI_ConstUint32Field>(c, &l, 0).read();
        assert_eq!((k.value, k.exists), (9, 1));
        let f = field::<MI_ConstStringField>(c, &l, 1).read();
        assert_ne!(f.value, literal.as_ptr());
        assert_eq!(text(f.value), "direct");
    }
    let (r, v, _, _) = get(c, "Tags");
    assert_eq!(r, MI_RESULT_OK);
    // SAFETY: a two-element string array of the clone.
    unsafe {
        assert_eq!(v.stringa.size, 2);
        assert_eq!(text(*v.stringa.data.add(1)), "b");
    }
    assert_eq!(slot!(FT, Delete(c)), MI_RESULT_OK);
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    // `literal` is still ours and intact: the library never freed it.
    assert_eq!(text(literal.as_ptr()), "direct");
}

/// A dynamic instance with the given elements (name, value, type, flags).
fn dynamic(class: &str, elems: &[(&str, MI_Value, MI_Type, MI_Uint32)]) -> *mut MI_Instance {
    let p = Instance::new_dynamic(&DYN_FT, class).unwrap();
    for (n, v, t, f) in elems {
        let n = cstr(n);
        assert_eq!(slot!(DYN_FT, AddElement(p, n.as_ptr(), v, *t, *f)), MI_RESULT_OK);
    }
    p
}

fn u32v(x: u32) -> MI_Value {
    let mut v = value::zero_value();
    v.uint32 = x;
    v
}

#[test]
fn convert_checks_names_types_and_keys() {
    let prov = Provider::new();
    let l = prov.layout();
    let name = cstr("Tom");
    let mut sv = value::zero_value();
    sv.string = name.as_ptr().cast_mut();
    let convert = |src: *mut MI_Instance, keys_only: bool, keyless: bool| {
        let p = new_heap(&l, &FT).unwrap();
        // SAFETY: live instances.
        let r = unsafe { convert_into(p, src, keys_only, keyless) };
        (r, p)
    };
    // Matching elements: copied into the fields; namespace too.
    let src = dynamic(
        "Test_Person",
        &[
            ("key", u32v(5), MI_UINT32, MI_FLAG_KEY),
            ("Name", sv, MI_STRING, 0),
        ],
    );
    let ns = cstr("root/cimv2");
    assert_eq!(slot!(DYN_FT, SetNameSpace(src, ns.as_ptr())), MI_RESULT_OK);
    let (r, p) = convert(src, false, false);
    assert_eq!(r, Ok(()));
    // SAFETY: `p` is live, fields 0 and 1 are UINT32 and STRING.
    unsafe {
        assert_eq!(field::<MI_ConstUint32Field>(p, &l, 0).read().value, 5);
        assert_eq!(text(field::<MI_ConstStringField>(p, &l, 1).read().value), "Tom");
        assert_eq!(text((*p).nameSpace), "root/cimv2");
    }
    assert_eq!(get(p, "Nums").3 & MI_FLAG_NULL, MI_FLAG_NULL, "missing: NULL");
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    // keys_only: only the key.
    let (r, p) = convert(src, true, false);
    assert_eq!(r, Ok(()));
    assert_ne!(get(p, "Name").3 & MI_FLAG_NULL, 0);
    assert_eq!(get(p, "Key").3 & MI_FLAG_NULL, 0);
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    assert_eq!(slot!(DYN_FT, Delete(src)), MI_RESULT_OK);

    // An extra property: MI_RESULT_NO_SUCH_PROPERTY (OMI's answer); a NULL one is skipped.
    let extra = dynamic(
        "Test_Person",
        &[
            ("Key", u32v(1), MI_UINT32, MI_FLAG_KEY),
            ("Color", sv, MI_STRING, 0),
        ],
    );
    let (r, p) = convert(extra, false, false);
    assert_eq!(r, Err(MI_RESULT_NO_SUCH_PROPERTY));
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    assert_eq!(
        slot!(
            DYN_FT,
            SetElement(extra, cstr("Color").as_ptr(), null(), MI_STRING, 0)
        ),
        MI_RESULT_OK
    );
    let (r, p) = convert(extra, false, false);
    assert_eq!(r, Ok(()));
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    assert_eq!(slot!(DYN_FT, Delete(extra)), MI_RESULT_OK);
    // A mistyped one: MI_RESULT_TYPE_MISMATCH.
    let wrong = dynamic("Test_Person", &[("Key", sv, MI_STRING, MI_FLAG_KEY)]);
    let (r, p) = convert(wrong, false, false);
    assert_eq!(r, Err(MI_RESULT_TYPE_MISMATCH));
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    assert_eq!(slot!(DYN_FT, Delete(wrong)), MI_RESULT_OK);
    // A missing key: refused unless keyless instances are allowed.
    let keyless = dynamic("Test_Person", &[("Name", sv, MI_STRING, 0)]);
    let (r, p) = convert(keyless, false, false);
    assert_eq!(r, Err(MI_RESULT_NO_SUCH_PROPERTY));
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    let (r, p) = convert(keyless, false, true);
    assert_eq!(r, Ok(()));
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    // A key element the class does not declare as a property at all.
    assert_eq!(
        slot!(
            DYN_FT,
            AddElement(keyless, cstr("Other").as_ptr(), &u32v(1), MI_UINT32, MI_FLAG_KEY)
        ),
        MI_RESULT_OK
    );
    assert_eq!(
        slot!(
            DYN_FT,
            AddElement(keyless, cstr("Key").as_ptr(), &u32v(1), MI_UINT32, MI_FLAG_KEY)
        ),
        MI_RESULT_OK
    );
    let (r, p) = convert(keyless, false, false);
    assert_eq!(r, Err(MI_RESULT_NO_SUCH_PROPERTY));
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    assert_eq!(slot!(DYN_FT, Delete(keyless)), MI_RESULT_OK);
    // NULL source, source == destination, destination not fixed.
    let p = new_heap(&l, &FT).unwrap();
    // SAFETY: live instances or NULL.
    unsafe {
        assert_eq!(
            convert_into(p, null(), false, true),
            Err(MI_RESULT_INVALID_PARAMETER)
        );
        assert_eq!(convert_into(p, p, false, true), Err(MI_RESULT_INVALID_PARAMETER));
        let d = Instance::new_dynamic(&DYN_FT, "Test_Person").unwrap();
        assert_eq!(convert_into(d, p, false, true), Err(MI_RESULT_INVALID_PARAMETER));
        Instance::delete(d, &DYN_FT).unwrap();
    }
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
}

#[test]
fn convert_makes_embedded_instances_fixed() {
    let prov = Provider::new();
    let l = prov.layout();
    let rex = cstr("Rex");
    let mut sv = value::zero_value();
    sv.string = rex.as_ptr().cast_mut();
    let mut age = value::zero_value();
    age.uint8 = 3;
    let pet = dynamic(
        "Test_Pet",
        &[("Name", sv, MI_STRING, MI_FLAG_KEY), ("Age", age, MI_UINT8, 0)],
    );
    let mut pv = value::zero_value();
    pv.instance = pet;
    let pets = [pet, pet];
    let mut pa = value::zero_value();
    pa.instancea = MI_InstanceA {
        data: pets.as_ptr().cast_mut(),
        size: 2,
    };
    let src = dynamic(
        "Test_Person",
        &[
            ("Key", u32v(1), MI_UINT32, MI_FLAG_KEY),
            ("Pet", pv, MI_INSTANCE, 0),
            ("Pets", pa, MI_INSTANCEA, 0),
        ],
    );
    let p = new_heap(&l, &FT).unwrap();
    // SAFETY: live instances.
    assert_eq!(unsafe { convert_into(p, src, false, false) }, Ok(()));
    // SAFETY: field 4 is an instance field of the live instance.
    let inner = unsafe { field::<MI_ConstReferenceField>(p, &l, 4).read() };
    assert_eq!(inner.exists, 1);
    let inner = inner.value;
    // SAFETY: the converted embedded instance.
    unsafe {
        assert!(is_fixed(inner));
        assert_eq!(
            (*inner).classDecl,
            prov.pet.class_decl(),
            "the provider's own declaration"
        );
        let pl = layout_of(inner).unwrap();
        let age = field::<MI_ConstUint8Field>(inner.cast_mut(), &pl, 1).read();
        assert_eq!((age.value, age.exists), (3, 1));
    }
    let (r, v, _, _) = get(p, "Pets");
    assert_eq!(r, MI_RESULT_OK);
    // SAFETY: a two-element instance array.
    unsafe {
        assert_eq!(v.instancea.size, 2);
        assert!(is_fixed(*v.instancea.data.add(1)));
    }
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    // An embedded instance of a class the schema does not have.
    let stray = dynamic("Test_Stray", &[]);
    let mut sv2 = value::zero_value();
    sv2.instance = stray;
    assert_eq!(
        slot!(
            DYN_FT,
            SetElement(src, cstr("Pet").as_ptr(), &sv2, MI_INSTANCE, 0)
        ),
        MI_RESULT_OK
    );
    let p = new_heap(&l, &FT).unwrap();
    // SAFETY: live instances.
    assert_eq!(
        // SAFETY: live test data (see the module comment).
        unsafe { convert_into(p, src, false, false) },
        Err(MI_RESULT_NO_SUCH_PROPERTY)
    );
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    // An instance into a scalar property: type mismatch.
    let bad = dynamic(
        "Test_Person",
        &[
            ("Key", u32v(1), MI_UINT32, MI_FLAG_KEY),
            ("Name", pv, MI_INSTANCE, 0),
        ],
    );
    let p = new_heap(&l, &FT).unwrap();
    // SAFETY: live instances.
    assert_eq!(
        // SAFETY: live test data (see the module comment).
        unsafe { convert_into(p, bad, false, false) },
        Err(MI_RESULT_TYPE_MISMATCH)
    );
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    for i in [bad, stray, src, pet] {
        assert_eq!(slot!(DYN_FT, Delete(i)), MI_RESULT_OK);
    }
}

#[test]
fn nested_too_deep_is_refused() {
    // A class whose embedded property is of its own class; a source nested 70 deep.
    let mut m = ClassModel::new("Test_Node");
    m.flags = MI_FLAG_CLASS;
    let mut next = Property::new("Next", MI_INSTANCE);
    next.class_name = Some(Name::new("Test_Node"));
    m.properties = vec![next];
    let g = graph(m);
    // The schema lists the declaration that points to it (as generated code does): raw
    // pointers only, so the links stay valid under Miri's aliasing rules.
    // SAFETY: a copy of the graph's declaration (plain data).
    let decl = Box::into_raw(Box::new(unsafe { ptr::read(g.class_decl()) }));
    let list = Box::into_raw(Box::new([decl.cast_const()]));
    let schema = Box::into_raw(Box::new(MI_SchemaDecl {
        qualifierDecls: null(),
        numQualifierDecls: 0,
        classDecls: list.cast(),
        numClassDecls: 1,
    }));
    // SAFETY: just allocated; freed at the end of the test.
    unsafe { (*decl).schema = schema };
    // SAFETY: live declaration.
    let l = unsafe { Layout::of_class(decl) }.unwrap();
    // The deepest nest a client can build (instances refuse deeper embedding, see
    // `instance::MAX_EMBEDDING`); the conversion is bounded as well (MAX_DEPTH).
    let mut src = dynamic("Test_Node", &[]);
    let mut levels = 1;
    let next = cstr("Next");
    loop {
        let mut v = value::zero_value();
        v.instance = src;
        let outer = Instance::new_dynamic(&DYN_FT, "Test_Node").unwrap();
        let r = slot!(
            DYN_FT,
            AddElement(outer, next.as_ptr(), &v, MI_INSTANCE, MI_FLAG_ADOPT)
        );
        if r != MI_RESULT_OK {
            assert_eq!(r, MI_RESULT_INVALID_PARAMETER);
            assert_eq!(slot!(DYN_FT, Delete(outer)), MI_RESULT_OK);
            break;
        }
        src = outer;
        levels += 1;
    }
    assert_eq!(levels, crate::instance::MAX_EMBEDDING);
    let p = new_heap(&l, &FT).unwrap();
    // SAFETY: live test data (see the module comment).
    let r = unsafe { convert_into(p, src, false, true) };
    assert_eq!(
        r,
        if levels > MAX_DEPTH as usize {
            Err(MI_RESULT_SERVER_LIMITS_EXCEEDED)
        } else {
            Ok(())
        },
        "a nest of {levels} converted with the bound {MAX_DEPTH}"
    );
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    assert_eq!(slot!(DYN_FT, Delete(src)), MI_RESULT_OK);
    drop(l);
    // SAFETY: made by Box::into_raw above, no longer used.
    unsafe {
        drop(Box::from_raw(schema));
        drop(Box::from_raw(list));
        drop(Box::from_raw(decl));
    }
}

#[test]
fn to_dynamic_and_parameter_sets() {
    let prov = Provider::new();
    let l = prov.layout();
    let p = new_heap(&l, &FT).unwrap();
    // SAFETY: field 0 is a UINT32 field of the live instance.
    unsafe {
        let k = field::<MI_ConstUint32Field>(p, &l, 0);
        (*k).value = 3;
        (*k).exists = 1;
    }
    let ns = cstr("root/x");
    assert_eq!(slot!(FT, SetNameSpace(p, ns.as_ptr())), MI_RESULT_OK);
    // SAFETY: live fixed instance.
    let d = unsafe { to_dynamic(p, &DYN_FT) }.unwrap();
    assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
    let n = cstr("Key");
    let mut v = value::zero_value();
    let (mut t, mut f, mut i) = (0, 0, 0);
    assert_eq!(
        slot!(DYN_FT, GetElement(d, n.as_ptr(), &mut v, &mut t, &mut f, &mut i)),
        MI_RESULT_OK
    );
    // SAFETY: the member the type selects.
    assert_eq!(unsafe { v.uint32 }, 3);
    assert_eq!(f & MI_FLAG_KEY, MI_FLAG_KEY);
    // The default of Count is not applied: the fixed field was NULL.
    let c = cstr("Count");
    assert_eq!(
        slot!(DYN_FT, GetElement(d, c.as_ptr(), &mut v, &mut t, &mut f, &mut i)),
        MI_RESULT_OK
    );
    assert_ne!(f & MI_FLAG_NULL, 0);
    let mut nsp = null();
    assert_eq!(slot!(DYN_FT, GetNameSpace(d, &mut nsp)), MI_RESULT_OK);
    assert_eq!(text(nsp), "root/x");
    assert_eq!(slot!(DYN_FT, Delete(d)), MI_RESULT_OK);

    // A parameter set: MIReturn is element 0, written directly, set through the table.
    // SAFETY: the graph's method table has one live entry.
    let md = unsafe { *prov.person.class_decl().read().methods };
    // SAFETY: a live method declaration.
    let ml = unsafe { Layout::of_method(md) }.unwrap();
    let mut buf = vec![0u64; ml.size().div_ceil(8)];
    let q = buf.as_mut_ptr().cast::<MI_Instance>();
    // SAFETY: room for `size` bytes, aligned.
    unsafe { construct(q, &ml, &FT) }.unwrap();
    // SAFETY: field 0 (MIReturn) is a UINT32 field.
    unsafe {
        assert_eq!((*q).classDecl, md.cast());
        let r = field::<MI_ConstUint32Field>(q, &ml, 0);
        (*r).value = 12;
        (*r).exists = 1;
    }
    let left = cstr("some");
    let mut sv = value::zero_value();
    sv.string = left.as_ptr().cast_mut();
    assert_eq!(slot!(FT, SetElementAt(q, 2, &sv, MI_STRING, 0)), MI_RESULT_OK);
    let (r, v, _, _) = get(q, "MIReturn");
    assert_eq!(r, MI_RESULT_OK);
    // SAFETY: as above.
    assert_eq!(unsafe { v.uint32 }, 12);
    let mut cls = null_mut();
    assert_eq!(slot!(FT, GetClass(q, &mut cls)), MI_RESULT_OK);
    assert!(!cls.is_null());
    // SAFETY: a class object the slot made; deleted through its own table.
    unsafe { ((*(*cls).ft).Delete.unwrap())(cls) };
    // SAFETY: live.
    let d = unsafe { to_dynamic(q, &DYN_FT) }.unwrap();
    let mut cnt = 0;
    assert_eq!(slot!(DYN_FT, GetElementCount(d, &mut cnt)), MI_RESULT_OK);
    assert_eq!(cnt, 3);
    assert_eq!(slot!(DYN_FT, Delete(d)), MI_RESULT_OK);
    assert_eq!(slot!(FT, Destruct(q)), MI_RESULT_OK);
}

#[test]
fn strings_convert_into_declared_scalars() {
    let prov = Provider::new();
    let l = prov.layout();
    let i = l
        .fields()
        .iter()
        .position(|f| f.ty == MI_UINT32)
        .expect("a uint32 field");
    let name = l.fields()[i].name.as_str().to_owned();
    for (text, want) in [
        (" 42 ", Ok(Some(42u32))),
        ("x", Err(MI_RESULT_TYPE_MISMATCH)),
        ("-1", Err(MI_RESULT_TYPE_MISMATCH)),
    ] {
        let s = cstr(text);
        let mut v = value::zero_value();
        v.string = s.as_ptr().cast_mut();
        let src = dynamic(l.name().as_str(), &[(&name, v, MI_STRING, 0)]);
        let p = new_heap(&l, &FT).unwrap();
        // SAFETY: live test data.
        let r = unsafe { convert_into(p, src, false, true) };
        match want {
            Ok(Some(n)) => {
                assert_eq!(r, Ok(()), "{text:?}");
                let mut out = value::zero_value();
                let (mut ty, mut flags) = (0, 0);
                let cname = cstr(&name);
                assert_eq!(
                    slot!(
                        FT,
                        GetElement(p, cname.as_ptr(), &mut out, &mut ty, &mut flags, null_mut())
                    ),
                    MI_RESULT_OK
                );
                assert_eq!(ty, MI_UINT32);
                // SAFETY: the member of the reported type.
                assert_eq!(unsafe { out.uint32 }, n);
            }
            Ok(None) => unreachable!(),
            Err(code) => assert_eq!(r, Err(code), "{text:?}"),
        }
        assert_eq!(slot!(FT, Delete(p)), MI_RESULT_OK);
        assert_eq!(slot!(DYN_FT, Delete(src)), MI_RESULT_OK);
    }
}

/// A fixed-layout instance (the generated struct a provider fills) serializes through its
/// own table like any other, with its class, and reads back as the same values.
#[test]
fn fixed_instances_serialize_through_their_table() {
    use crate::serial::obj::read_instance;
    use crate::serial::{Classes, Format, deserialize_instance, serialize_instance};
    let prov = Provider::new();
    let l = prov.layout();
    let p = new_heap(&l, &FT).unwrap();
    let name = cstr("Key");
    let v = MI_Value { uint32: 7 };
    assert_eq!(
        slot!(FT, SetElement(p, name.as_ptr(), &v, MI_UINT32, 0)),
        MI_RESULT_OK
    );
    let s = cstr("ann <&>");
    let v = MI_Value {
        string: s.as_ptr().cast_mut(),
    };
    let name = cstr("Name");
    assert_eq!(
        slot!(FT, SetElement(p, name.as_ptr(), &v, MI_STRING, 0)),
        MI_RESULT_OK
    );
    let tables = crate::ffi::serializer::TABLES;
    // SAFETY: a live instance of ours.
    let before = unsafe { read_instance(p) }.unwrap();
    for format in [Format::Xml, Format::Mof] {
        // SAFETY: as above.
        let doc = unsafe { serialize_instance(format, MI_SERIALIZER_FLAGS_INSTANCE_WITH_CLASS, p, &tables) }
            .unwrap();
        let none = Classes {
            given: Vec::new(),
            needed: None,
        };
        let (q, _) = deserialize_instance(format, &doc, &none, &tables).unwrap();
        // SAFETY: ours.
        let after = unsafe { read_instance(q) }.unwrap();
        let set = |o: &crate::serial::obj::Obj| -> Vec<(String, Option<crate::serial::obj::Val>)> {
            o.props
                .iter()
                .filter(|p| p.modified)
                .map(|p| (p.name.clone(), p.value.clone()))
                .collect()
        };
        assert_eq!(set(&after), set(&before), "{format:?}");
        assert_eq!(after.class, "Test_Person");
        // SAFETY: ours, not used afterwards.
        unsafe { value::delete_instance(q) };
    }
    // SAFETY: ours, not used afterwards.
    unsafe { value::delete_instance(p) };
}
