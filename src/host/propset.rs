#![allow(non_snake_case)] // the MI API's parameter names
//! `MI_PropertySet`: the property list of a WQL `SELECT a, b FROM ...`, handed to the
//! providers an operation reaches (they may post less); the host also projects what is
//! posted to those properties (and the keys). A provider may `Clone` a set (its own copy,
//! which it `Delete`s); the host's set refuses `Delete`.

use crate::abi::*;
use crate::boundary::guard;
use crate::strings;
use std::ptr::null_mut;
use std::sync::{Mutex, PoisonError};

/// `reserved[0]` of our sets ("MIps").
const MAGIC: isize = 0x4D49_7073;

/// A set: the header first (its address is what providers get), then the names.
#[repr(C)]
pub(crate) struct PropertySet {
    header: MI_PropertySet,
    names: Mutex<Vec<Box<[MI_Char]>>>,
    /// Made by `Clone`: the provider owns it and may `Delete` it.
    owned_by_provider: bool,
}

// SAFETY: the header points to a static table; the names are behind the mutex.
unsafe impl Send for PropertySet {}
// SAFETY: as above.
unsafe impl Sync for PropertySet {}

impl PropertySet {
    pub(crate) fn new(names: &[&str]) -> Box<PropertySet> {
        Box::new(PropertySet {
            header: MI_PropertySet {
                ft: &PROPERTY_SET_FT,
                reserved: [MAGIC, 0, 0],
            },
            names: Mutex::new(names.iter().map(|n| strings::encode(n)).collect()),
            owned_by_provider: false,
        })
    }

    /// The pointer to give providers (valid while this set lives and is not moved).
    pub(crate) fn as_ptr(&self) -> *const MI_PropertySet {
        &self.header
    }

    /// Whether `name` is in the set (case-insensitive, as CIM names compare).
    pub(crate) fn contains(&self, name: &[MI_Char]) -> bool {
        let names = self.names.lock().unwrap_or_else(PoisonError::into_inner);
        names
            .iter()
            .any(|n| strings::eq_ignore_ascii_case(&n[..n.len() - 1], name))
    }
}

/// Our set behind a provider's pointer.
///
/// # Safety
/// `p` is NULL or readable for an `MI_PropertySet` header.
unsafe fn ours<'a>(p: *const MI_PropertySet) -> Option<&'a PropertySet> {
    if p.is_null() {
        return None;
    }
    // SAFETY: readable header (contract); read by value.
    let h = unsafe { std::ptr::read_unaligned(p) };
    if !std::ptr::eq(h.ft, &PROPERTY_SET_FT) || h.reserved[0] != MAGIC {
        return None;
    }
    // SAFETY: our magic and table: the header is the first field of a live `PropertySet`
    // (#[repr(C)]), kept alive by its owner while providers hold the pointer.
    Some(unsafe { &*p.cast::<PropertySet>() })
}

fn name_of<'a>(p: *const MI_Char) -> Result<&'a [MI_Char], MI_Result> {
    if p.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: NUL-terminated (MI API); bounded by the reader.
    let c = unsafe { strings::c_chars(p) }?;
    strings::decode(c)?;
    Ok(c)
}

unsafe extern "system" fn get_element_count(
    self_: *const MI_PropertySet,
    count: *mut MI_Uint32,
) -> MI_Result {
    guard("MI_PropertySet_GetElementCount", || {
        // SAFETY: slot contract.
        let s = unsafe { ours(self_) }.ok_or(MI_RESULT_INVALID_PARAMETER)?;
        let n = s.names.lock().unwrap_or_else(PoisonError::into_inner).len() as MI_Uint32;
        // SAFETY: NULL (refused) or writable.
        unsafe { super::write_req(count, n) }
    })
}

unsafe extern "system" fn contains_element(
    self_: *const MI_PropertySet,
    name: *const MI_Char,
    flag: *mut MI_Boolean,
) -> MI_Result {
    guard("MI_PropertySet_ContainsElement", || {
        // SAFETY: slot contract.
        let s = unsafe { ours(self_) }.ok_or(MI_RESULT_INVALID_PARAMETER)?;
        let name = name_of(name)?;
        // SAFETY: NULL (refused) or writable.
        unsafe { super::write_req(flag, s.contains(name) as MI_Boolean) }
    })
}

unsafe extern "system" fn add_element(self_: *mut MI_PropertySet, name: *const MI_Char) -> MI_Result {
    guard("MI_PropertySet_AddElement", || {
        // SAFETY: slot contract.
        let s = unsafe { ours(self_) }.ok_or(MI_RESULT_INVALID_PARAMETER)?;
        let name = name_of(name)?;
        if s.contains(name) {
            return Err(MI_RESULT_ALREADY_EXISTS);
        }
        let mut v = name.to_vec();
        v.push(0);
        s.names
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(v.into_boxed_slice());
        Ok(())
    })
}

unsafe extern "system" fn get_element_at(
    self_: *const MI_PropertySet,
    index: MI_Uint32,
    name: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_PropertySet_GetElementAt", || {
        // SAFETY: slot contract.
        let s = unsafe { ours(self_) }.ok_or(MI_RESULT_INVALID_PARAMETER)?;
        let names = s.names.lock().unwrap_or_else(PoisonError::into_inner);
        let n = names.get(index as usize).ok_or(MI_RESULT_INVALID_PARAMETER)?;
        // SAFETY: NULL (refused) or writable; the name lives until the set changes.
        unsafe { super::write_req(name, n.as_ptr()) }
    })
}

unsafe extern "system" fn clear(self_: *mut MI_PropertySet) -> MI_Result {
    guard("MI_PropertySet_Clear", || {
        // SAFETY: slot contract.
        let s = unsafe { ours(self_) }.ok_or(MI_RESULT_INVALID_PARAMETER)?;
        s.names.lock().unwrap_or_else(PoisonError::into_inner).clear();
        Ok(())
    })
}

unsafe extern "system" fn destruct(self_: *mut MI_PropertySet) -> MI_Result {
    // SAFETY: slot contract.
    unsafe { clear(self_) }
}

unsafe extern "system" fn delete(self_: *mut MI_PropertySet) -> MI_Result {
    guard("MI_PropertySet_Delete", || {
        // SAFETY: slot contract.
        let s = unsafe { ours(self_) }.ok_or(MI_RESULT_INVALID_PARAMETER)?;
        if !s.owned_by_provider {
            log::error!("a provider deleted the host's property set; refused");
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: a set made by `clone` below with Box::into_raw, owned by the provider,
        // which gives it up now; the magic is cleared first so a second Delete is refused
        // as long as the memory is not reused.
        unsafe {
            (*self_).reserved[0] = 0;
            drop(Box::from_raw(self_.cast::<PropertySet>()));
        }
        Ok(())
    })
}

unsafe extern "system" fn clone(
    self_: *const MI_PropertySet,
    newPropertySet: *mut *mut MI_PropertySet,
) -> MI_Result {
    guard("MI_PropertySet_Clone", || {
        if !newPropertySet.is_null() {
            // SAFETY: non-NULL, writable (MI API).
            unsafe { newPropertySet.write(null_mut()) };
        }
        // SAFETY: slot contract.
        let s = unsafe { ours(self_) }.ok_or(MI_RESULT_INVALID_PARAMETER)?;
        if newPropertySet.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        let names = s.names.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let copy = Box::new(PropertySet {
            header: MI_PropertySet {
                ft: &PROPERTY_SET_FT,
                reserved: [MAGIC, 0, 0],
            },
            names: Mutex::new(names),
            owned_by_provider: true,
        });
        // SAFETY: non-NULL, writable; the provider owns the copy (Delete frees it).
        unsafe { newPropertySet.write(Box::into_raw(copy).cast()) };
        Ok(())
    })
}

pub(crate) static PROPERTY_SET_FT: MI_PropertySetFT = MI_PropertySetFT {
    GetElementCount: Some(get_element_count),
    ContainsElement: Some(contains_element),
    AddElement: Some(add_element),
    GetElementAt: Some(get_element_at),
    Clear: Some(clear),
    Destruct: Some(destruct),
    Delete: Some(delete),
    Clone: Some(clone),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot() {
        let set = PropertySet::new(&["Name", "Size"]);
        let p = set.as_ptr().cast_mut();
        let ft = &PROPERTY_SET_FT;
        let name = |s: &str| strings::encode(s);
        // SAFETY: a live set of ours; out-pointers are locals or NULL.
        unsafe {
            let mut n = 0;
            assert_eq!(ft.GetElementCount.unwrap()(p, &mut n), MI_RESULT_OK);
            assert_eq!(n, 2);
            assert_eq!(
                ft.GetElementCount.unwrap()(p, null_mut()),
                MI_RESULT_INVALID_PARAMETER
            );
            let mut yes = 0;
            assert_eq!(
                ft.ContainsElement.unwrap()(p, name("size").as_ptr(), &mut yes),
                MI_RESULT_OK
            );
            assert_eq!(yes, 1);
            assert_eq!(
                ft.ContainsElement.unwrap()(p, name("Other").as_ptr(), &mut yes),
                MI_RESULT_OK
            );
            assert_eq!(yes, 0);
            assert_eq!(
                ft.AddElement.unwrap()(p, name("NAME").as_ptr()),
                MI_RESULT_ALREADY_EXISTS
            );
            assert_eq!(ft.AddElement.unwrap()(p, name("Other").as_ptr()), MI_RESULT_OK);
            assert_eq!(
                ft.AddElement.unwrap()(p, std::ptr::null()),
                MI_RESULT_INVALID_PARAMETER
            );
            let mut at: *const MI_Char = std::ptr::null();
            assert_eq!(ft.GetElementAt.unwrap()(p, 2, &mut at), MI_RESULT_OK);
            assert_eq!(strings::utf8(at).unwrap().as_deref(), Some("Other"));
            assert_eq!(
                ft.GetElementAt.unwrap()(p, 3, &mut at),
                MI_RESULT_INVALID_PARAMETER
            );
            let mut copy: *mut MI_PropertySet = null_mut();
            assert_eq!(ft.Clone.unwrap()(p, &mut copy), MI_RESULT_OK);
            assert_eq!(ft.Clear.unwrap()(p), MI_RESULT_OK);
            assert_eq!(ft.GetElementCount.unwrap()(p, &mut n), MI_RESULT_OK);
            assert_eq!(n, 0);
            assert_eq!(ft.GetElementCount.unwrap()(copy, &mut n), MI_RESULT_OK);
            assert_eq!(n, 3, "the clone is its own");
            assert_eq!(
                ft.Delete.unwrap()(p),
                MI_RESULT_INVALID_PARAMETER,
                "the host's set"
            );
            assert_eq!(ft.Delete.unwrap()(copy), MI_RESULT_OK);
            // a foreign or NULL set
            let zero = MI_PropertySet {
                ft: std::ptr::null(),
                reserved: [0; 3],
            };
            assert_eq!(
                ft.GetElementCount.unwrap()(&zero, &mut n),
                MI_RESULT_INVALID_PARAMETER
            );
            assert_eq!(
                ft.Clear.unwrap()(std::ptr::null_mut()),
                MI_RESULT_INVALID_PARAMETER
            );
        }
    }
}
