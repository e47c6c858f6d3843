//! The instance and value store, driven as a C client drives it: instances made by
//! `MI_Application_NewInstance`, then random sequences of element operations through each
//! instance's own `MI_InstanceFT` (Add/Set/SetAt/Get/GetAt/Clear/ClearAt/Clone, embedded
//! instances copied and adopted, borrowed buffers, NULL values, invalid names, types and
//! flags). Under AddressSanitizer this finds memory errors and leaks; the model below also
//! checks the results: after every step each instance must hold exactly the elements the
//! successful calls put there (names, types, NULL-ness and scalar, string and array values),
//! and a call that is valid by every rule of docs/STATUS.md must succeed.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use mi::abi::*;
use std::ffi::CStr;
use std::ptr::{null, null_mut};
use std::sync::OnceLock;

/// Names the operations pick from (CIM compares names case-insensitively).
const NAMES: [&str; 6] = ["Alpha", "beta", "Gamma_2", "_d", "Ärger", "E"];
/// Cap on the number of instance nodes one copy may create (copies of copies grow fast).
const MAX_WEIGHT: usize = 2_000;

#[derive(Arbitrary, Debug)]
enum NameSel {
    Known(u8, bool),
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum ValSel {
    Null,
    /// A scalar type (`MI_BOOLEAN` .. `MI_DATETIME`, index mod 13) and its raw bytes.
    Scalar(u8, [u8; 36]),
    Str(Vec<u8>),
    Uint32A(Vec<u32>),
    StrA(Vec<Option<Vec<u8>>>),
    /// An embedded instance from the pool (`MI_INSTANCE`, or `MI_REFERENCE` when true).
    Inst(u8, bool),
    InstA(Vec<u8>),
    /// Any type number with a zeroed value (mostly invalid types).
    AnyType(u32),
}

#[derive(Arbitrary, Debug)]
enum FlagSel {
    None,
    Key,
    Null,
    Borrow,
    Adopt,
    BorrowAdopt,
    Any(u32),
}

#[derive(Arbitrary, Debug)]
enum Op {
    Add(NameSel, ValSel, FlagSel),
    Set(NameSel, ValSel, FlagSel),
    SetAt(u8, ValSel, FlagSel),
    Get(NameSel),
    GetAt(u8),
    Clear(NameSel),
    ClearAt(u8),
    CloneCheck,
    New(NameSel),
    Switch(u8),
    Delete(u8),
}

/// What the model knows of a value.
#[derive(Debug, Clone, PartialEq)]
enum MVal {
    /// The bytes of the scalar member (its size).
    Bytes(Vec<u8>),
    Str(Vec<u8>),
    U32s(Vec<u32>),
    Strs(Vec<Option<Vec<u8>>>),
    /// An embedded instance (or an array of them): only NULL-ness and weight are modelled.
    Opaque(usize),
    /// A zeroed value of an arbitrary type: not checked (NULL for a NULL string or
    /// instance pointer, zero otherwise).
    Unknown,
}

struct Elem {
    name: String,
    ty: MI_Type,
    val: Option<MVal>,
}

struct Inst {
    p: *mut MI_Instance,
    elems: Vec<Elem>,
}

impl Inst {
    fn weight(&self) -> usize {
        1 + self
            .elems
            .iter()
            .map(|e| match e.val {
                Some(MVal::Opaque(w)) => w,
                _ => 0,
            })
            .sum::<usize>()
    }
    fn find(&self, name: &str) -> Option<usize> {
        self.elems.iter().position(|e| e.name.eq_ignore_ascii_case(name))
    }
}

/// Buffers a value points to; kept for the whole run (borrowed values must outlive the
/// instances that hold them).
#[derive(Default)]
struct Arena {
    bytes: Vec<Vec<u8>>,
    u32s: Vec<Vec<u32>>,
    ptrs: Vec<Vec<*mut MI_Char>>,
    insts: Vec<Vec<*mut MI_Instance>>,
}

impl Arena {
    fn cstr(&mut self, b: &[u8]) -> *mut MI_Char {
        let mut v = b.to_vec();
        v.push(0);
        let p = v.as_mut_ptr().cast();
        self.bytes.push(v);
        p
    }
}

fn application() -> *mut MI_Application {
    struct App(MI_Application);
    // SAFETY: the handle is a value; the library serialises what it guards.
    unsafe impl Send for App {}
    unsafe impl Sync for App {}
    static APP: OnceLock<App> = OnceLock::new();
    let app = APP.get_or_init(|| {
        let mut app = MI_Application { reserved1: 0, reserved2: 0, ft: null() };
        // SAFETY: out-pointer to a local.
        let r = unsafe { mi::MI_Application_Initialize(0, null(), null_mut(), &mut app) };
        assert_eq!(r, MI_RESULT_OK);
        App(app)
    });
    (&app.0 as *const MI_Application).cast_mut()
}

fn name_bytes(n: &NameSel) -> Vec<u8> {
    match n {
        NameSel::Known(i, upper) => {
            let s = NAMES[*i as usize % NAMES.len()];
            if *upper { s.to_uppercase() } else { s.to_string() }.into_bytes()
        }
        NameSel::Raw(b) => b.iter().copied().filter(|&c| c != 0).take(40).collect(),
    }
}

/// A legal CIM name, as docs/STATUS.md states the rule.
fn legal(b: &[u8]) -> Option<&str> {
    let s = std::str::from_utf8(b).ok()?;
    let mut chars = s.chars();
    let start = |c: char| c.is_ascii_alphabetic() || c == '_' || !c.is_ascii();
    let ok = chars.next().is_some_and(start) && chars.all(|c| start(c) || c.is_ascii_digit());
    ok.then_some(s)
}

const SCALARS: [(MI_Type, usize); 13] = [
    (MI_BOOLEAN, 1),
    (MI_UINT8, 1),
    (MI_SINT8, 1),
    (MI_UINT16, 2),
    (MI_SINT16, 2),
    (MI_UINT32, 4),
    (MI_SINT32, 4),
    (MI_UINT64, 8),
    (MI_SINT64, 8),
    (MI_REAL32, 4),
    (MI_REAL64, 8),
    (MI_CHAR16, 2),
    (MI_DATETIME, 36),
];

/// The client's value: its `MI_Value`, type, what the model expects to read back if the
/// call succeeds, whether the value is simple (the call must succeed when all else is
/// valid), and the pool index of an instance it would adopt.
struct Built {
    v: MI_Value,
    null: bool,
    ty: MI_Type,
    model: Option<MVal>,
    simple: bool,
    adoptee: Option<usize>,
}

fn build(sel: &ValSel, pool: &[Inst], arena: &mut Arena) -> Option<Built> {
    // SAFETY: all-zero is a valid MI_Value (every member is an integer or a pointer).
    let mut v: MI_Value = unsafe { std::mem::zeroed() };
    let b = |v: MI_Value, ty, model, simple| Built { v, null: false, ty, model, simple, adoptee: None };
    Some(match sel {
        ValSel::Null => Built { null: true, ..b(v, MI_UINT32, None, true) },
        ValSel::Scalar(i, raw) => {
            let (ty, size) = SCALARS[*i as usize % SCALARS.len()];
            let mut raw = *raw;
            if ty == MI_DATETIME {
                let is_timestamp = u32::from(raw[0] & 1);
                raw[..4].copy_from_slice(&is_timestamp.to_le_bytes());
            }
            // SAFETY: `size` bytes fit the union (40 bytes on 64-bit).
            unsafe { std::ptr::copy_nonoverlapping(raw.as_ptr(), (&mut v as *mut MI_Value).cast(), size) };
            let simple = ty != MI_DATETIME && ty != MI_BOOLEAN;
            b(v, ty, Some(MVal::Bytes(raw[..size].to_vec())), simple)
        }
        ValSel::Str(s) => {
            let s: Vec<u8> = s.iter().copied().filter(|&c| c != 0).collect();
            v.string = arena.cstr(&s);
            let valid = std::str::from_utf8(&s).is_ok();
            b(v, MI_STRING, Some(MVal::Str(s)), valid)
        }
        ValSel::Uint32A(a) => {
            arena.u32s.push(a.clone());
            let kept = arena.u32s.last_mut().unwrap();
            v.uint32a = MI_Uint32A {
                data: if kept.is_empty() { null_mut() } else { kept.as_mut_ptr() },
                size: kept.len() as u32,
            };
            b(v, MI_UINT32A, Some(MVal::U32s(a.clone())), true)
        }
        ValSel::StrA(items) => {
            let items: Vec<Option<Vec<u8>>> = items
                .iter()
                .take(16)
                .map(|o| o.as_ref().map(|s| s.iter().copied().filter(|&c| c != 0).collect()))
                .collect();
            let mut ptrs: Vec<*mut MI_Char> = items
                .iter()
                .map(|o| o.as_ref().map_or(null_mut(), |s: &Vec<u8>| arena.cstr(s)))
                .collect();
            let valid = items.iter().flatten().all(|s| std::str::from_utf8(s).is_ok());
            v.stringa = MI_StringA {
                data: if ptrs.is_empty() { null_mut() } else { ptrs.as_mut_ptr() },
                size: ptrs.len() as u32,
            };
            arena.ptrs.push(ptrs);
            b(v, MI_STRINGA, Some(MVal::Strs(items)), valid)
        }
        ValSel::Inst(i, reference) => {
            let k = *i as usize % pool.len();
            v.instance = pool[k].p;
            let ty = if *reference { MI_REFERENCE } else { MI_INSTANCE };
            let w = pool[k].weight();
            if w > MAX_WEIGHT {
                return None;
            }
            Built { adoptee: Some(k), ..b(v, ty, Some(MVal::Opaque(w)), false) }
        }
        ValSel::InstA(list) => {
            let mut ptrs: Vec<*mut MI_Instance> =
                list.iter().take(8).map(|&i| pool[i as usize % pool.len()].p).collect();
            let w: usize = list.iter().take(8).map(|&i| pool[i as usize % pool.len()].weight()).sum();
            if w > MAX_WEIGHT {
                return None;
            }
            v.instancea = MI_InstanceA {
                data: if ptrs.is_empty() { null_mut() } else { ptrs.as_mut_ptr() },
                size: ptrs.len() as u32,
            };
            arena.insts.push(ptrs);
            b(v, MI_INSTANCEA, Some(MVal::Opaque(w)), false)
        }
        ValSel::AnyType(t) => b(v, *t, Some(MVal::Unknown), false),
    })
}

fn flags_of(f: &FlagSel, ty: MI_Type) -> MI_Uint32 {
    let f = match f {
        FlagSel::None => 0,
        FlagSel::Key => MI_FLAG_KEY,
        FlagSel::Null => MI_FLAG_NULL,
        FlagSel::Borrow => MI_FLAG_BORROW,
        FlagSel::Adopt => MI_FLAG_ADOPT,
        FlagSel::BorrowAdopt => MI_FLAG_BORROW | MI_FLAG_ADOPT,
        FlagSel::Any(x) => *x,
    };
    // A borrowed instance would dangle when the pool deletes it: that is the client's
    // contract, not the library's, so instances are never borrowed here.
    if matches!(ty, MI_INSTANCE | MI_REFERENCE | MI_INSTANCEA | MI_REFERENCEA) && f & MI_FLAG_BORROW != 0 {
        f & !MI_FLAG_BORROW
    } else {
        f
    }
}

/// The flags a simple call may carry and still be valid.
fn plain_flags(f: MI_Uint32) -> bool {
    f & !(MI_FLAG_KEY | MI_FLAG_NULL | MI_FLAG_BORROW) == 0
}

/// Reads the instance back and compares it with the model.
unsafe fn check(p: *const MI_Instance, elems: &[Elem]) {
    // SAFETY (whole body): `p` is a live instance; out-pointers are locals; what the
    // library hands out is valid until the next call on the instance.
    unsafe {
        let ft = &*(*p).ft;
        let mut n = 0;
        assert_eq!(ft.GetElementCount.unwrap()(p, &mut n), MI_RESULT_OK);
        assert_eq!(n as usize, elems.len());
        for (i, e) in elems.iter().enumerate() {
            let mut v: MI_Value = std::mem::zeroed();
            let (mut ty, mut flags, mut name) = (0, 0, null());
            assert_eq!(ft.GetElementAt.unwrap()(p, i as u32, &mut name, &mut v, &mut ty, &mut flags), MI_RESULT_OK);
            assert_eq!(CStr::from_ptr(name).to_bytes(), e.name.as_bytes());
            assert_eq!(ty, e.ty, "type of {}", e.name);
            if e.val != Some(MVal::Unknown) {
                assert_eq!(flags & MI_FLAG_NULL != 0, e.val.is_none(), "NULL-ness of {}", e.name);
            }
            match &e.val {
                None | Some(MVal::Unknown) => {}
                Some(MVal::Bytes(b)) => {
                    let got = std::slice::from_raw_parts((&v as *const MI_Value).cast::<u8>(), b.len());
                    assert_eq!(got, &b[..], "value of {}", e.name);
                }
                Some(MVal::Str(s)) => assert_eq!(CStr::from_ptr(v.string).to_bytes(), &s[..]),
                Some(MVal::U32s(a)) => {
                    assert_eq!(v.uint32a.size as usize, a.len());
                    if !a.is_empty() {
                        assert_eq!(std::slice::from_raw_parts(v.uint32a.data, a.len()), &a[..]);
                    }
                }
                Some(MVal::Strs(items)) => {
                    assert_eq!(v.stringa.size as usize, items.len());
                    for (k, item) in items.iter().enumerate() {
                        let p = *v.stringa.data.add(k);
                        match item {
                            None => assert!(p.is_null()),
                            Some(s) => assert_eq!(CStr::from_ptr(p).to_bytes(), &s[..]),
                        }
                    }
                }
                Some(MVal::Opaque(_)) => {
                    if e.ty == MI_INSTANCE || e.ty == MI_REFERENCE {
                        assert!(!v.instance.is_null());
                    }
                }
            }
            // Found by name, in any case, at the same index.
            let upper = std::ffi::CString::new(e.name.to_uppercase()).unwrap();
            let mut index = u32::MAX;
            let r = ft.GetElement.unwrap()(p, upper.as_ptr(), &mut v, &mut ty, &mut flags, &mut index);
            if e.name.is_ascii() {
                assert_eq!((r, index as usize), (MI_RESULT_OK, i));
            }
        }
    }
}

fuzz_target!(
    init: {
        // Errors are the expected answer to most calls here; do not print them.
        // SAFETY: the fuzzer is single-threaded while it initialises.
        unsafe { std::env::set_var("MI_LOG", "off") };
    },
    |ops: Vec<Op>| {
        let app = application();
        let mut arena = Arena::default();
        let mut pool: Vec<Inst> = Vec::new();
        let new = |class: &[u8]| {
            let c = std::ffi::CString::new(class.to_vec()).ok()?;
            let mut p = null_mut();
            // SAFETY: the application is open; out-pointer to a local.
            let r = unsafe { mi::ffi::MI_Application_NewInstance(app, c.as_ptr(), null(), &mut p) };
            assert_eq!(r == MI_RESULT_OK, legal(class).is_some(), "class name {class:?}: {r}");
            (r == MI_RESULT_OK).then_some(Inst { p, elems: Vec::new() })
        };
        pool.push(new(b"Fuzz_Class").unwrap());
        let mut cur = 0usize;
        for op in ops.iter().take(64) {
            // SAFETY: a live instance of ours: its table is the library's static one.
            let ft: &MI_InstanceFT = unsafe { &*(*pool[cur].p).ft };
            // SAFETY (the calls below): every instance in the pool is live and ours; names
            // and values are NUL-terminated locals or arena buffers that outlive them.
            match op {
                Op::Add(name, val, fl) | Op::Set(name, val, fl) => {
                    let Some(b) = build(val, &pool, &mut arena) else { continue };
                    let flags = flags_of(fl, b.ty);
                    let n = name_bytes(name);
                    let cn = arena.cstr(&n);
                    let vp = if b.null { null() } else { &b.v as *const MI_Value };
                    let add = matches!(op, Op::Add(..));
                    let slot = if add { ft.AddElement } else { ft.SetElement };
                    let r = unsafe { slot.unwrap()(pool[cur].p, cn, vp, b.ty, flags) };
                    let found = legal(&n).and_then(|s| pool[cur].find(s));
                    match r {
                        MI_RESULT_OK => {
                            let s = legal(&n).expect("a legal name was accepted").to_string();
                            let val = if b.null || flags & MI_FLAG_NULL != 0 { None } else { b.model.clone() };
                            if add {
                                assert!(found.is_none(), "added twice");
                                pool[cur].elems.push(Elem { name: s, ty: b.ty, val });
                            } else {
                                let i = found.expect("set an existing element");
                                assert_eq!(pool[cur].elems[i].ty, b.ty);
                                pool[cur].elems[i].val = val;
                            }
                        }
                        MI_RESULT_ALREADY_EXISTS => assert!(add && found.is_some()),
                        MI_RESULT_NO_SUCH_PROPERTY => assert!(!add && found.is_none()),
                        MI_RESULT_TYPE_MISMATCH => assert!(found.is_some_and(|i| pool[cur].elems[i].ty != b.ty)),
                        _ => {
                            let valid_call = b.simple && plain_flags(flags) && legal(&n).is_some()
                                && if add { found.is_none() } else { found.is_some_and(|i| pool[cur].elems[i].ty == b.ty) };
                            assert!(!valid_call, "valid call failed with {r}: {op:?}");
                        }
                    }
                    if r == MI_RESULT_OK && flags & MI_FLAG_ADOPT != 0 && !b.null && flags & MI_FLAG_NULL == 0 {
                        if let (Some(k), MI_INSTANCE | MI_REFERENCE) = (b.adoptee, b.ty) {
                            // The instance now belongs to the element.
                            let gone = pool.remove(k);
                            drop(gone);
                            if k < cur {
                                cur -= 1;
                            }
                            if pool.is_empty() {
                                pool.push(new(b"Fuzz_Class").unwrap());
                                cur = 0;
                            }
                        }
                    }
                }
                Op::SetAt(index, val, fl) => {
                    let Some(b) = build(val, &pool, &mut arena) else { continue };
                    let flags = flags_of(fl, b.ty) & !MI_FLAG_ADOPT;
                    let vp = if b.null { null() } else { &b.v as *const MI_Value };
                    let r = unsafe { ft.SetElementAt.unwrap()(pool[cur].p, u32::from(*index), vp, b.ty, flags) };
                    let i = *index as usize;
                    match r {
                        MI_RESULT_OK => {
                            let e = &mut pool[cur].elems[i];
                            assert_eq!(e.ty, b.ty);
                            e.val = if b.null || flags & MI_FLAG_NULL != 0 { None } else { b.model.clone() };
                        }
                        MI_RESULT_TYPE_MISMATCH => assert!(pool[cur].elems[i].ty != b.ty),
                        _ => {
                            let valid_call = b.simple && plain_flags(flags)
                                && pool[cur].elems.get(i).is_some_and(|e| e.ty == b.ty);
                            assert!(!valid_call, "valid SetElementAt failed with {r}");
                        }
                    }
                }
                Op::Get(name) => {
                    let n = name_bytes(name);
                    let cn = arena.cstr(&n);
                    let mut v: MI_Value = unsafe { std::mem::zeroed() };
                    let (mut ty, mut flags, mut index) = (0, 0, 0);
                    let r = unsafe { ft.GetElement.unwrap()(pool[cur].p, cn, &mut v, &mut ty, &mut flags, &mut index) };
                    match legal(&n).and_then(|s| pool[cur].find(s)) {
                        Some(i) => assert_eq!((r, index as usize, ty), (MI_RESULT_OK, i, pool[cur].elems[i].ty)),
                        None => assert_ne!(r, MI_RESULT_OK),
                    }
                }
                Op::GetAt(index) => {
                    let mut v: MI_Value = unsafe { std::mem::zeroed() };
                    let (mut ty, mut flags, mut name) = (0, 0, null());
                    let r = unsafe {
                        ft.GetElementAt.unwrap()(pool[cur].p, u32::from(*index), &mut name, &mut v, &mut ty, &mut flags)
                    };
                    assert_eq!(r == MI_RESULT_OK, (*index as usize) < pool[cur].elems.len());
                }
                Op::Clear(name) => {
                    let n = name_bytes(name);
                    let cn = arena.cstr(&n);
                    let r = unsafe { ft.ClearElement.unwrap()(pool[cur].p, cn) };
                    match legal(&n).and_then(|s| pool[cur].find(s)) {
                        Some(i) => {
                            assert_eq!(r, MI_RESULT_OK);
                            pool[cur].elems[i].val = None;
                        }
                        None => assert_ne!(r, MI_RESULT_OK),
                    }
                }
                Op::ClearAt(index) => {
                    let r = unsafe { ft.ClearElementAt.unwrap()(pool[cur].p, u32::from(*index)) };
                    let i = *index as usize;
                    assert_eq!(r == MI_RESULT_OK, i < pool[cur].elems.len());
                    if r == MI_RESULT_OK {
                        pool[cur].elems[i].val = None;
                    }
                }
                Op::CloneCheck => {
                    if pool[cur].weight() > MAX_WEIGHT {
                        continue;
                    }
                    let mut c = null_mut();
                    assert_eq!(unsafe { ft.Clone.unwrap()(pool[cur].p, &mut c) }, MI_RESULT_OK);
                    let elems = pool[cur]
                        .elems
                        .iter()
                        .map(|e| Elem { name: e.name.clone(), ty: e.ty, val: e.val.clone() })
                        .collect();
                    pool.push(Inst { p: c, elems });
                }
                Op::New(class) => {
                    if pool.len() < 8 {
                        if let Some(i) = new(&name_bytes(class)) {
                            pool.push(i);
                        }
                    }
                }
                Op::Switch(k) => cur = *k as usize % pool.len(),
                Op::Delete(k) => {
                    let k = *k as usize % pool.len();
                    if pool.len() > 1 {
                        let gone = pool.remove(k);
                        assert_eq!(unsafe { (*(*gone.p).ft).Delete.unwrap()(gone.p) }, MI_RESULT_OK);
                        if cur >= pool.len() || k < cur {
                            cur = cur.saturating_sub(1).min(pool.len() - 1);
                        }
                    }
                }
            }
            // SAFETY: live instances of ours.
            for i in &pool {
                unsafe { check(i.p, &i.elems) };
            }
        }
        for i in pool {
            // SAFETY: each pool instance is live and owned here; deleted once.
            assert_eq!(unsafe { (*(*i.p).ft).Delete.unwrap()(i.p) }, MI_RESULT_OK);
        }
        drop(arena);
    }
);
