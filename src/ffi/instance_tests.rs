//! Unit tests of the instance core, and a model-based property test of random element
//! operations.

use super::INSTANCE_FT;
use crate::abi::*;
use crate::instance::*;
use crate::strings;

fn ft() -> *const MI_InstanceFT {
    &INSTANCE_FT
}

fn cstr(s: &str) -> Vec<MI_Char> {
    strings::encode(s).into_vec()
}

#[test]
fn dynamic_instance_basics() {
    let p = Instance::new_dynamic(&INSTANCE_FT, "Test_Class").unwrap();
    let name = cstr("Key");
    let mut v = value::zero_value();
    v.uint32 = 42;
    // SAFETY: `p` is a live instance of ours; the name and value are valid locals.
    unsafe {
        Instance::add_element(p, ft(), name.as_ptr(), &v, MI_UINT32, MI_FLAG_KEY).unwrap();
        assert_eq!(
            Instance::add_element(p, ft(), cstr("KEY").as_ptr(), &v, MI_UINT32, 0),
            Err(MI_RESULT_ALREADY_EXISTS)
        );
        assert_eq!(
            Instance::set_element(p, ft(), cstr("key").as_ptr(), &v, MI_UINT16, 0),
            Err(MI_RESULT_TYPE_MISMATCH)
        );
        assert_eq!(
            Instance::set_element(p, ft(), cstr("nope").as_ptr(), &v, MI_UINT32, 0),
            Err(MI_RESULT_NO_SUCH_PROPERTY)
        );
        assert_eq!(
            Instance::add_element(p, ft(), cstr("x").as_ptr(), &v, 32, 0),
            Err(MI_RESULT_INVALID_PARAMETER)
        );
        assert_eq!(
            Instance::add_element(p, ft(), cstr("1x").as_ptr(), &v, MI_UINT32, 0),
            Err(MI_RESULT_INVALID_PARAMETER)
        );
        let inst = Instance::resolve(p, ft()).unwrap();
        assert_eq!(inst.elements().len(), 1);
        let e = inst.element(0).unwrap();
        assert_eq!(e.view().uint32, 42);
        assert_eq!(e.flags_out(), MI_FLAG_KEY);
        assert_eq!(inst.element(1).err(), Some(MI_RESULT_INVALID_PARAMETER));
        let c = inst.deep_clone().unwrap();
        Instance::delete(p, ft()).unwrap();
        let copy = Instance::resolve(c, ft()).unwrap();
        assert_eq!(copy.element(0).unwrap().view().uint32, 42);
        Instance::delete(c, ft()).unwrap();
    }
    assert!(Instance::new_dynamic(&INSTANCE_FT, "bad name").is_err());
}

// ---- deep embedding --------------------------------------------------------------------

/// `AddElement("Inner", p, MI_INSTANCE, flags)` on `outer`.
///
/// # Safety
/// `outer` is a live instance of ours; `p` NULL or a live instance.
unsafe fn embed(outer: *mut MI_Instance, p: *mut MI_Instance, flags: MI_Uint32) -> MI_Result {
    let mut v = value::zero_value();
    v.instance = p;
    // SAFETY: `outer` is a live instance of ours with no other reference in use, `v` holds `p`
    // (NULL or live) as an instance (this function's `# Safety`); the name is a local C string.
    match unsafe { Instance::add_element(outer, ft(), cstr("Inner").as_ptr(), &v, MI_INSTANCE, flags) } {
        Ok(()) => MI_RESULT_OK,
        Err(r) => r,
    }
}

/// The instance embedded as element 0 of `p` (NULL when none).
///
/// # Safety
/// `p` is a live instance of ours.
unsafe fn inner_of(p: *mut MI_Instance) -> *mut MI_Instance {
    // SAFETY: `p` is a live instance of ours (this function's `# Safety`), not changed while `inst`
    // is used.
    let Ok(inst) = (unsafe { Instance::resolve(p, ft()) }) else {
        return std::ptr::null_mut();
    };
    match inst.element(0) {
        // SAFETY: element 0 of these chains is an MI_INSTANCE.
        Ok(e) => unsafe { e.view().instance },
        Err(_) => std::ptr::null_mut(),
    }
}

/// A chain of `levels` instances, each adopted by the next; returns the outermost.
fn adopted_chain(levels: usize) -> *mut MI_Instance {
    let mut top = Instance::new_dynamic(&INSTANCE_FT, "Level").unwrap();
    for _ in 1..levels {
        let outer = Instance::new_dynamic(&INSTANCE_FT, "Level").unwrap();
        // SAFETY: both live instances of ours; `top` is given up on success.
        assert_eq!(unsafe { embed(outer, top, MI_FLAG_ADOPT) }, MI_RESULT_OK);
        top = outer;
    }
    top
}

/// How many instances are nested in one another from `p` down (`p` counts as one).
///
/// # Safety
/// `p` is a live instance of ours whose elements 0 are embedded instances.
unsafe fn levels_of(mut p: *mut MI_Instance) -> usize {
    let mut n = 0;
    while !p.is_null() {
        n += 1;
        // SAFETY: every level is a live instance of ours (contract).
        p = unsafe { inner_of(p) };
    }
    n
}

/// Small enough for Miri (its name matches ci/test-all.sh's Miri filter): owned instances
/// in scalars and instance arrays, freed by the iterative walk, with a foreign-free mix of
/// adopted, copied and borrowed values.
#[test]
fn dynamic_nest_is_freed_through_scalars_and_arrays() {
    let top = adopted_chain(4);
    let side = adopted_chain(3);
    let borrowed = Instance::new_dynamic(&INSTANCE_FT, "Borrowed").unwrap();
    // SAFETY: live instances of ours; `side` is given up to `top`'s leaf, the array is
    // copied, `borrowed` outlives `top`.
    unsafe {
        let leaf = {
            let mut p = top;
            while !inner_of(p).is_null() {
                p = inner_of(p);
            }
            p
        };
        let list = [side, std::ptr::null_mut(), side];
        let mut v = value::zero_value();
        v.instancea = MI_InstanceA {
            data: list.as_ptr().cast_mut(),
            size: 3,
        };
        Instance::add_element(leaf, ft(), cstr("List").as_ptr(), &v, MI_INSTANCEA, 0).unwrap();
        assert_eq!(embed(leaf, side, MI_FLAG_ADOPT), MI_RESULT_OK);
        let mut b = value::zero_value();
        b.instance = borrowed;
        Instance::add_element(top, ft(), cstr("Other").as_ptr(), &b, MI_INSTANCE, MI_FLAG_BORROW).unwrap();
        let c = Instance::resolve(top, ft()).unwrap().deep_clone().unwrap();
        Instance::delete(top, ft()).unwrap();
        Instance::delete(c, ft()).unwrap();
        Instance::delete(borrowed, ft()).unwrap();
    }
}

#[test]
fn embedding_deeper_than_the_limit_is_refused_and_the_caller_keeps_the_value() {
    // Before the limit, a chain thousands deep made every adoption recurse through the
    // whole chain (and its deletion too) until the stack overflowed.
    let mut top = Instance::new_dynamic(&INSTANCE_FT, "Level").unwrap();
    let mut refused_at = None;
    for level in 2..=10_000 {
        let outer = Instance::new_dynamic(&INSTANCE_FT, "Level").unwrap();
        // SAFETY: both live instances of ours.
        let r = unsafe { embed(outer, top, MI_FLAG_ADOPT) };
        if r != MI_RESULT_OK {
            assert_eq!(r, MI_RESULT_INVALID_PARAMETER);
            refused_at = Some(level);
            // SAFETY: refused, so `outer` holds nothing and `top` is still ours to use.
            unsafe {
                assert_eq!(Instance::resolve(outer, ft()).unwrap().elements().len(), 0);
                Instance::delete(outer, ft()).unwrap();
            }
            break;
        }
        top = outer;
    }
    assert_eq!(refused_at, Some(MAX_EMBEDDING + 1));
    // SAFETY: `top` is live and still the caller's after the refusal.
    unsafe {
        assert_eq!(levels_of(top), MAX_EMBEDDING);
        // Copying or borrowing it into another instance would also exceed the limit.
        let other = Instance::new_dynamic(&INSTANCE_FT, "Other").unwrap();
        assert_eq!(embed(other, top, 0), MI_RESULT_INVALID_PARAMETER);
        assert_eq!(embed(other, top, MI_FLAG_BORROW), MI_RESULT_INVALID_PARAMETER);
        // An instance array holding it is refused too.
        let list = [top];
        let mut v = value::zero_value();
        v.instancea = MI_InstanceA {
            data: list.as_ptr().cast_mut(),
            size: 1,
        };
        assert_eq!(
            Instance::add_element(other, ft(), cstr("List").as_ptr(), &v, MI_INSTANCEA, 0),
            Err(MI_RESULT_INVALID_PARAMETER)
        );
        // Its inner instance (one level less) still fits.
        assert_eq!(embed(other, inner_of(top), 0), MI_RESULT_OK);
        assert_eq!(levels_of(other), MAX_EMBEDDING);
        // The whole chain clones.
        let c = Instance::resolve(top, ft()).unwrap().deep_clone().unwrap();
        assert_eq!(levels_of(c), MAX_EMBEDDING);
        Instance::delete(c, ft()).unwrap();
        Instance::delete(other, ft()).unwrap();
        Instance::delete(top, ft()).unwrap();
    }
}

#[test]
fn a_chain_grown_through_inner_pointers_is_walked_and_freed_without_recursion() {
    // The limit is checked when a value is embedded; a client can still grow a nest past
    // it by embedding into an instance it reached through GetElement. Every walk must
    // then stay bounded: run on a small stack so recursion per level would overflow it.
    let worker = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(|| {
            let top = adopted_chain(MAX_EMBEDDING);
            let mut leaf = top;
            // SAFETY: every pointer below is a live instance of ours inside `top`.
            unsafe {
                while !inner_of(leaf).is_null() {
                    leaf = inner_of(leaf);
                }
                for _ in 0..2_000 {
                    let more = adopted_chain(MAX_EMBEDDING - 1);
                    let mut next_leaf = more;
                    while !inner_of(next_leaf).is_null() {
                        next_leaf = inner_of(next_leaf);
                    }
                    assert_eq!(embed(leaf, more, MI_FLAG_ADOPT), MI_RESULT_OK);
                    leaf = next_leaf;
                }
                assert_eq!(levels_of(top), MAX_EMBEDDING + 2_000 * (MAX_EMBEDDING - 1));
                // The cycle check walks the whole nest; adopting the top into its own leaf
                // is refused.
                assert_eq!(embed(leaf, top, MI_FLAG_ADOPT), MI_RESULT_INVALID_PARAMETER);
                // Too deep to embed anywhere, and to copy.
                let other = Instance::new_dynamic(&INSTANCE_FT, "Other").unwrap();
                assert_eq!(embed(other, top, MI_FLAG_ADOPT), MI_RESULT_INVALID_PARAMETER);
                assert_eq!(
                    Instance::resolve(top, ft()).unwrap().deep_clone().err(),
                    Some(MI_RESULT_SERVER_LIMITS_EXCEEDED)
                );
                Instance::delete(other, ft()).unwrap();
                // Destruct of an inner level frees what is below it, then the whole.
                let mid = inner_of(inner_of(top));
                Instance::resolve_mut(mid, ft()).unwrap().destruct();
                assert_eq!(levels_of(top), 3);
                Instance::delete(top, ft()).unwrap();
                // And a deep nest freed at once.
                let top = adopted_chain(MAX_EMBEDDING);
                let mut leaf = top;
                while !inner_of(leaf).is_null() {
                    leaf = inner_of(leaf);
                }
                for _ in 0..2_000 {
                    let more = adopted_chain(MAX_EMBEDDING - 1);
                    let mut next_leaf = more;
                    while !inner_of(next_leaf).is_null() {
                        next_leaf = inner_of(next_leaf);
                    }
                    assert_eq!(embed(leaf, more, MI_FLAG_ADOPT), MI_RESULT_OK);
                    leaf = next_leaf;
                }
                Instance::delete(top, ft()).unwrap();
            }
        })
        .unwrap();
    worker.join().unwrap();
}

// ---- model-based property test ---------------------------------------------------------

mod model {
    use super::*;
    use proptest::prelude::*;

    const NAMES: [&str; 5] = ["Alpha", "beta", "Gamma", "delta_1", "E"];
    const TYPES: [MI_Type; 3] = [MI_UINT32, MI_STRING, MI_UINT32A];

    /// A value as the model sees it.
    #[derive(Debug, Clone, PartialEq)]
    enum Val {
        U32(u32),
        Str(String),
        Arr(Vec<u32>),
    }

    #[derive(Debug, Clone)]
    enum Op {
        Add {
            name: usize,
            upper: bool,
            val: Option<Val>,
            ty: MI_Type,
            borrow: bool,
        },
        Set {
            name: usize,
            upper: bool,
            val: Option<Val>,
            ty: MI_Type,
        },
        SetAt {
            index: u32,
            val: Option<Val>,
            ty: MI_Type,
        },
        Clear {
            name: usize,
        },
        ClearAt {
            index: u32,
        },
        CloneCheck,
    }

    fn val_of(ty: MI_Type) -> BoxedStrategy<Option<Val>> {
        let some = match ty {
            MI_UINT32 => any::<u32>().prop_map(Val::U32).boxed(),
            MI_STRING => "[a-z0-9 ]{0,12}".prop_map(Val::Str).boxed(),
            _ => prop::collection::vec(any::<u32>(), 0..5)
                .prop_map(Val::Arr)
                .boxed(),
        };
        prop_oneof![1 => Just(None), 4 => some.prop_map(Some)].boxed()
    }

    /// A type and a value of that type (`None`: a NULL value pointer); sometimes a type
    /// outside MI_Type.
    fn with_type() -> impl Strategy<Value = (Option<Val>, MI_Type)> {
        prop_oneof![
            9 => (0..3usize).prop_flat_map(|i| (val_of(TYPES[i]), Just(TYPES[i]))),
            1 => Just((None, 40)),
        ]
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0..5usize, any::<bool>(), with_type(), any::<bool>())
                .prop_map(|(name, upper, (val, ty), borrow)| Op::Add { name, upper, val, ty, borrow }),
            3 => (0..5usize, any::<bool>(), with_type())
                .prop_map(|(name, upper, (val, ty))| Op::Set { name, upper, val, ty }),
            2 => (0..6u32, with_type()).prop_map(|(index, (val, ty))| Op::SetAt { index, val, ty }),
            1 => (0..5usize).prop_map(|name| Op::Clear { name }),
            1 => (0..6u32).prop_map(|index| Op::ClearAt { index }),
            1 => Just(Op::CloneCheck),
        ]
    }

    /// The client's side of a value: an MI_Value plus the buffers it points to.
    struct Client {
        null: bool,
        v: MI_Value,
        _s: Vec<MI_Char>,
        _a: Vec<u32>,
    }

    fn client(val: &Option<Val>) -> Client {
        let mut c = Client {
            null: val.is_none(),
            v: value::zero_value(),
            _s: Vec::new(),
            _a: Vec::new(),
        };
        match val {
            None => {}
            Some(Val::U32(x)) => c.v.uint32 = *x,
            Some(Val::Str(s)) => {
                c._s = cstr(s);
                c.v.string = c._s.as_mut_ptr();
            }
            Some(Val::Arr(a)) => {
                c._a = a.clone();
                c.v.uint32a = MI_Uint32A {
                    data: if a.is_empty() {
                        std::ptr::null_mut()
                    } else {
                        c._a.as_mut_ptr()
                    },
                    size: a.len() as u32,
                };
            }
        }
        c
    }

    impl Client {
        fn ptr(&self) -> *const MI_Value {
            if self.null { std::ptr::null() } else { &self.v }
        }
    }

    fn name_of(i: usize, upper: bool) -> Vec<MI_Char> {
        cstr(&if upper {
            NAMES[i].to_uppercase()
        } else {
            NAMES[i].to_string()
        })
    }

    /// Reads the instance back and compares it with the model.
    fn check(p: *const MI_Instance, model: &[(String, MI_Type, Option<Val>)]) -> Result<(), TestCaseError> {
        let t = &INSTANCE_FT;
        let mut n = 0;
        // SAFETY: `p` is a live instance; out-pointers are locals.
        unsafe {
            prop_assert_eq!(t.GetElementCount.unwrap()(p, &mut n), MI_RESULT_OK);
            prop_assert_eq!(n as usize, model.len());
            for (i, (name, ty, val)) in model.iter().enumerate() {
                let mut v = value::zero_value();
                let (mut got_ty, mut flags, mut got_name) = (0, 0, std::ptr::null());
                prop_assert_eq!(
                    t.GetElementAt.unwrap()(p, i as u32, &mut got_name, &mut v, &mut got_ty, &mut flags),
                    MI_RESULT_OK
                );
                let got = strings::decode(strings::c_chars(got_name).unwrap())
                    .unwrap()
                    .into_owned();
                prop_assert_eq!(&got, name);
                prop_assert_eq!(got_ty, *ty);
                prop_assert_eq!(flags & MI_FLAG_NULL != 0, val.is_none());
                let read = match (val, *ty) {
                    (None, _) => None,
                    (_, MI_UINT32) => Some(Val::U32(v.uint32)),
                    (_, MI_STRING) => Some(Val::Str(
                        strings::decode(strings::c_chars(v.string).unwrap())
                            .unwrap()
                            .into_owned(),
                    )),
                    (_, _) => Some(Val::Arr(if v.uint32a.size == 0 {
                        Vec::new()
                    } else {
                        std::slice::from_raw_parts(v.uint32a.data, v.uint32a.size as usize).to_vec()
                    })),
                };
                prop_assert_eq!(&read, val);
            }
        }
        Ok(())
    }

    fn find(model: &[(String, MI_Type, Option<Val>)], i: usize) -> Option<usize> {
        model
            .iter()
            .position(|(n, _, _)| n.eq_ignore_ascii_case(NAMES[i]))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
        #[test]
        fn random_element_operations_match_the_model(ops in prop::collection::vec(op(), 0..60)) {
            let t = &INSTANCE_FT;
            let p = Instance::new_dynamic(&INSTANCE_FT, "Model_Class").unwrap();
            let mut model: Vec<(String, MI_Type, Option<Val>)> = Vec::new();
            // Borrowed values must outlive the instance.
            let mut borrowed: Vec<Client> = Vec::new();
            for op in ops {
                // SAFETY: `p` is live; names and values are locals that outlive each call
                // (borrowed ones are kept in `borrowed` until the instance is deleted).
                unsafe {
                    match op {
                        Op::Add { name, upper, val, ty, borrow } => {
                            let c = client(&val);
                            let n = name_of(name, upper);
                            let flags = if borrow { MI_FLAG_BORROW } else { 0 };
                            let r = t.AddElement.unwrap()(p, n.as_ptr(), c.ptr(), ty, flags);
                            let expected = if ty > MI_INSTANCEA {
                                MI_RESULT_INVALID_PARAMETER
                            } else if find(&model, name).is_some() {
                                MI_RESULT_ALREADY_EXISTS
                            } else {
                                MI_RESULT_OK
                            };
                            prop_assert_eq!(r, expected);
                            if r == MI_RESULT_OK {
                                model.push((strings::decode(&n[..n.len() - 1]).unwrap().into_owned(), ty, val));
                                if borrow { borrowed.push(c); }
                            }
                        }
                        Op::Set { name, upper, val, ty } => {
                            let c = client(&val);
                            let n = name_of(name, upper);
                            let r = t.SetElement.unwrap()(p, n.as_ptr(), c.ptr(), ty, 0);
                            let expected = match find(&model, name) {
                                None => MI_RESULT_NO_SUCH_PROPERTY,
                                Some(_) if ty > MI_INSTANCEA => MI_RESULT_INVALID_PARAMETER,
                                Some(i) if model[i].1 != ty => MI_RESULT_TYPE_MISMATCH,
                                Some(_) => MI_RESULT_OK,
                            };
                            prop_assert_eq!(r, expected);
                            if r == MI_RESULT_OK {
                                let i = find(&model, name).unwrap();
                                model[i].2 = val;
                            }
                        }
                        Op::SetAt { index, val, ty } => {
                            let c = client(&val);
                            let r = t.SetElementAt.unwrap()(p, index, c.ptr(), ty, 0);
                            let i = index as usize;
                            let expected = if ty > MI_INSTANCEA || i >= model.len() {
                                MI_RESULT_INVALID_PARAMETER
                            } else if model[i].1 != ty {
                                MI_RESULT_TYPE_MISMATCH
                            } else {
                                MI_RESULT_OK
                            };
                            prop_assert_eq!(r, expected);
                            if r == MI_RESULT_OK {
                                model[i].2 = val;
                            }
                        }
                        Op::Clear { name } => {
                            let r = t.ClearElement.unwrap()(p, name_of(name, false).as_ptr());
                            match find(&model, name) {
                                None => prop_assert_eq!(r, MI_RESULT_NO_SUCH_PROPERTY),
                                Some(i) => {
                                    prop_assert_eq!(r, MI_RESULT_OK);
                                    model[i].2 = None;
                                }
                            }
                        }
                        Op::ClearAt { index } => {
                            let r = t.ClearElementAt.unwrap()(p, index);
                            if (index as usize) < model.len() {
                                prop_assert_eq!(r, MI_RESULT_OK);
                                model[index as usize].2 = None;
                            } else {
                                prop_assert_eq!(r, MI_RESULT_INVALID_PARAMETER);
                            }
                        }
                        Op::CloneCheck => {
                            let mut c = std::ptr::null_mut();
                            prop_assert_eq!(t.Clone.unwrap()(p, &mut c), MI_RESULT_OK);
                            check(c, &model)?;
                            prop_assert_eq!(t.Delete.unwrap()(c), MI_RESULT_OK);
                        }
                    }
                }
                check(p, &model)?;
            }
            // SAFETY: live, deleted once.
            prop_assert_eq!(unsafe { t.Delete.unwrap()(p) }, MI_RESULT_OK);
            drop(borrowed);
        }
    }
}
