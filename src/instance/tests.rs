//! Unit tests of the instance core, and a model-based property test of random element
//! operations.

use super::*;
use crate::ffi::instance::INSTANCE_FT;

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
