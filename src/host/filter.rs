#![allow(non_snake_case)] // the MI API's parameter names
//! `MI_Filter`: the query of a `QueryInstances`, handed to the providers it reaches. A
//! provider may evaluate it (`Evaluate`) or read it (`GetExpression`) to post less; the host
//! evaluates it again over what is posted, so a provider that ignores it is still correct.

use crate::abi::*;
use crate::boundary::guard;
use crate::wql::{InstanceRow, Query};
use std::sync::Arc;

/// A filter: the `MI_Filter` header first (its address is what providers get), then the
/// query. `reserved[0]` holds a magic so foreign filters are refused.
#[repr(C)]
pub(crate) struct Filter {
    header: MI_Filter,
    dialect: Box<[MI_Char]>,
    text: Box<[MI_Char]>,
    query: Arc<Query>,
}

// SAFETY: the header points to a static table; the rest is owned, immutable data.
unsafe impl Send for Filter {}
// SAFETY: as above.
unsafe impl Sync for Filter {}

/// `reserved[0]` of our filters ("MIfl").
const MAGIC: isize = 0x4D49_666C;

impl Filter {
    pub(crate) fn new(text: &str, query: Arc<Query>) -> Filter {
        Filter {
            header: MI_Filter {
                ft: &FILTER_FT,
                reserved: [MAGIC, 0, 0],
            },
            dialect: crate::strings::encode("WQL"),
            text: crate::strings::encode(text),
            query,
        }
    }

    /// The pointer to give providers (valid while this filter lives and is not moved).
    pub(crate) fn as_ptr(&self) -> *const MI_Filter {
        &self.header
    }
}

/// Our filter behind a provider's pointer.
///
/// # Safety
/// `p` is NULL or readable for an `MI_Filter` header.
unsafe fn ours<'a>(p: *const MI_Filter) -> Option<&'a Filter> {
    if p.is_null() {
        return None;
    }
    // SAFETY: readable header (contract).
    let h = unsafe { std::ptr::read_unaligned(p) };
    if !std::ptr::eq(h.ft, &FILTER_FT) || h.reserved[0] != MAGIC {
        return None;
    }
    // SAFETY: our magic and table: the header is the first field of a live `Filter`
    // (#[repr(C)]), which the host keeps alive while providers hold the pointer.
    Some(unsafe { &*p.cast::<Filter>() })
}

unsafe extern "system" fn evaluate(
    self_: *const MI_Filter,
    instance: *const MI_Instance,
    result: *mut MI_Boolean,
) -> MI_Result {
    guard("MI_Filter_Evaluate", || {
        // SAFETY: slot contract (the provider's pointers).
        let f = unsafe { ours(self_) }.ok_or(MI_RESULT_INVALID_PARAMETER)?;
        if instance.is_null() || result.is_null() {
            return Err(MI_RESULT_INVALID_PARAMETER);
        }
        // SAFETY: a live instance (MI API).
        let row = unsafe { InstanceRow::new(instance) }.ok_or(MI_RESULT_INVALID_PARAMETER)?;
        // SAFETY: non-NULL, writable.
        unsafe { result.write(f.query.matches(&row) as MI_Boolean) };
        Ok(())
    })
}

unsafe extern "system" fn get_expression(
    self_: *const MI_Filter,
    queryLang: *mut *const MI_Char,
    queryExpr: *mut *const MI_Char,
) -> MI_Result {
    guard("MI_Filter_GetExpression", || {
        // SAFETY: slot contract.
        let f = unsafe { ours(self_) }.ok_or(MI_RESULT_INVALID_PARAMETER)?;
        // SAFETY: each NULL or writable (optional outputs); the strings live with the filter.
        unsafe {
            super::write_opt(queryLang, f.dialect.as_ptr());
            super::write_opt(queryExpr, f.text.as_ptr());
        }
        Ok(())
    })
}

pub(crate) static FILTER_FT: MI_FilterFT = MI_FilterFT {
    Evaluate: Some(evaluate),
    GetExpression: Some(get_expression),
};
