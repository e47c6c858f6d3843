//! [`Row`] over any `MI_Instance`, read through the instance's own function table
//! (`GetClassName`, `GetElement`) and its `classDecl` chain, so it works alike for the
//! library's instances, instances a provider builds from its static schema, and foreign
//! ones. An instance whose `ft` is NULL (a provider-built struct the host may only read
//! through `classDecl` offsets, docs/ABI.md §2.2) is not handled here: the host converts it
//! first.
//!
//! # Safety contract
//! The instance is live, its `ft` a valid table, and it is neither changed nor deleted for
//! the row's `'a`; strings its slots hand out are NULL or NUL-terminated and stay valid as
//! long (the `MI_InstanceFT` contract).

use super::value::{Datetime, Lookup, Row, Value};
use crate::abi::*;
use crate::strings;
use std::borrow::Cow;
use std::marker::PhantomData;
use std::ptr::{self, null};

/// Longest `superClassDecl` chain followed by `is_a`.
const MAX_LINEAGE: usize = 256;

/// An `MI_Instance` seen as a [`Row`], borrowed for `'a`.
pub(crate) struct InstanceRow<'a> {
    inst: *const MI_Instance,
    ft: &'a MI_InstanceFT,
    _life: PhantomData<&'a MI_Instance>,
}

impl<'a> InstanceRow<'a> {
    /// `None` when `inst` is NULL or has no function table.
    ///
    /// # Safety
    /// `inst` is NULL or points to a live `MI_Instance` whose `ft` is NULL or a table whose
    /// slots are NULL or behave as the MI API says; its `classDecl` is NULL or a valid
    /// declaration (with valid `name` and `superClassDecl` chain). The instance, its
    /// declarations and every value its `GetElement` hands out (strings NUL-terminated,
    /// embedded instances meeting this same contract) stay valid and unchanged for `'a`.
    pub(crate) unsafe fn new(inst: *const MI_Instance) -> Option<Self> {
        if inst.is_null() {
            return None;
        }
        // SAFETY: `inst` is a live instance (contract); the field is read by value.
        let ft = unsafe { ptr::addr_of!((*inst).ft).read() };
        // SAFETY: a non-NULL `ft` is a valid table that outlives 'a (contract).
        let ft = unsafe { ft.as_ref() }?;
        Some(InstanceRow {
            inst,
            ft,
            _life: PhantomData,
        })
    }

    /// The `classDecl` header field.
    fn class_decl(&self) -> *const MI_ClassDecl {
        // SAFETY: live instance for 'a (contract of `new`); read by value.
        unsafe { ptr::addr_of!((*self.inst).classDecl).read() }
    }
}

/// Text of a NUL-terminated string that stays valid for `'a`, or why not.
///
/// # Safety
/// `s` is NULL or NUL-terminated and unchanged for `'a`.
unsafe fn text<'a>(s: *const MI_Char) -> Result<Cow<'a, str>, String> {
    // SAFETY: `s` is NULL or NUL-terminated and unchanged for `'a` (this function's `# Safety`),
    // what `c_chars` requires.
    let chars = unsafe { strings::c_chars(s) }.map_err(|_| "string missing or too long".to_owned())?;
    match strings::decode(chars) {
        Ok(Cow::Borrowed(s)) => Ok(Cow::Borrowed(s)),
        Ok(Cow::Owned(s)) => Ok(Cow::Owned(s)),
        Err(_) => Err("string that is not valid text".to_owned()),
    }
}

impl Row for InstanceRow<'_> {
    fn class_name(&self) -> Option<Cow<'_, str>> {
        if let Some(get) = self.ft.GetClassName {
            let mut name: *const MI_Char = null();
            // SAFETY: the instance's own slot, called with the instance and a valid out-pointer.
            let r = unsafe { get(self.inst, &mut name) };
            if r == MI_RESULT_OK && !name.is_null() {
                // SAFETY: the class name the instance hands out stays valid for 'a (contract).
                return unsafe { text(name) }.ok();
            }
        }
        let decl = self.class_decl();
        if decl.is_null() {
            return None;
        }
        // SAFETY: a non-NULL classDecl is a valid declaration (contract).
        let name = unsafe { ptr::addr_of!((*decl).name).read() };
        // SAFETY: the declaration's name is NULL or NUL-terminated, valid for 'a (contract).
        unsafe { text(name) }.ok()
    }

    fn is_a(&self, class: &str) -> bool {
        if self.class_name().is_some_and(|n| strings::cim_eq(&n, class)) {
            return true;
        }
        let mut decl = self.class_decl();
        for _ in 0..MAX_LINEAGE {
            if decl.is_null() {
                break;
            }
            // SAFETY: a non-NULL declaration in the chain is valid (contract).
            let (name, parent) = unsafe {
                (
                    ptr::addr_of!((*decl).name).read(),
                    ptr::addr_of!((*decl).superClassDecl).read(),
                )
            };
            // SAFETY: NULL or NUL-terminated, valid for 'a (contract).
            if unsafe { text(name) }.is_ok_and(|n| strings::cim_eq(&n, class)) {
                return true;
            }
            decl = parent;
        }
        false
    }

    fn get(&self, name: &str) -> Lookup<'_> {
        let Some(get) = self.ft.GetElement else {
            return Lookup::Unreadable("the instance has no GetElement slot".into());
        };
        let c_name = strings::encode(name);
        // SAFETY: MI_Value is a union of plain data and pointers; all zeroes is valid.
        let mut value: MI_Value = unsafe { std::mem::zeroed() };
        let (mut ty, mut flags, mut index): (MI_Type, MI_Uint32, MI_Uint32) = (0, 0, 0);
        // SAFETY: the instance's own slot; the name is NUL-terminated and every out-pointer
        // is a valid local.
        let r = unsafe {
            get(
                self.inst,
                c_name.as_ptr(),
                &mut value,
                &mut ty,
                &mut flags,
                &mut index,
            )
        };
        match r {
            MI_RESULT_OK => {}
            MI_RESULT_NO_SUCH_PROPERTY | MI_RESULT_NOT_FOUND => return Lookup::NoSuchProperty,
            other => return Lookup::Unreadable(format!("GetElement returned {other}")),
        }
        if flags & MI_FLAG_NULL != 0 {
            return Lookup::Null;
        }
        // SAFETY: `GetElement` filled the member `ty` selects (contract); pointers in it stay
        // valid for 'a.
        unsafe { convert(ty, &value) }
    }
}

/// The value `GetElement` returned, by type.
///
/// # Safety
/// `v` holds a value of type `ty` as the MI API lays it out, its pointers valid for `'a`.
unsafe fn convert<'a>(ty: MI_Type, v: &MI_Value) -> Lookup<'a> {
    // SAFETY: each union member read below is the one `ty` selects (contract), and the
    // calls inside are covered by their own comments.
    let value = unsafe {
        match ty {
            MI_BOOLEAN => Value::Boolean(v.boolean != 0),
            MI_UINT8 => Value::Unsigned(v.uint8.into()),
            MI_UINT16 => Value::Unsigned(v.uint16.into()),
            MI_UINT32 => Value::Unsigned(v.uint32.into()),
            MI_UINT64 => Value::Unsigned(v.uint64),
            MI_SINT8 => Value::Signed(v.sint8.into()),
            MI_SINT16 => Value::Signed(v.sint16.into()),
            MI_SINT32 => Value::Signed(v.sint32.into()),
            MI_SINT64 => Value::Signed(v.sint64),
            MI_REAL32 => Value::Real32(v.real32),
            MI_REAL64 => Value::Real64(v.real64),
            MI_CHAR16 => Value::Char16(v.char16),
            MI_DATETIME => {
                let d = v.datetime;
                Value::Datetime(if d.isTimestamp != 0 {
                    let t = d.u.timestamp;
                    Datetime::Timestamp {
                        year: t.year,
                        month: t.month,
                        day: t.day,
                        hour: t.hour,
                        minute: t.minute,
                        second: t.second,
                        microseconds: t.microseconds,
                        utc: t.utc,
                    }
                } else {
                    let i = d.u.interval;
                    Datetime::Interval {
                        days: i.days,
                        hours: i.hours,
                        minutes: i.minutes,
                        seconds: i.seconds,
                        microseconds: i.microseconds,
                    }
                })
            }
            MI_STRING => {
                if v.string.is_null() {
                    return Lookup::Null;
                }
                // SAFETY: a NUL-terminated string valid for 'a (contract).
                match text(v.string) {
                    Ok(s) => Value::String(s),
                    Err(why) => return Lookup::Unreadable(why),
                }
            }
            MI_INSTANCE | MI_REFERENCE => {
                let p = if ty == MI_INSTANCE {
                    v.instance
                } else {
                    v.reference
                };
                if p.is_null() {
                    return Lookup::Null;
                }
                // SAFETY: an embedded instance meets the contract of `InstanceRow::new`.
                let Some(row) = InstanceRow::new(p) else {
                    return Lookup::Unreadable("an embedded instance without a function table".into());
                };
                let row: Box<dyn Row + 'a> = Box::new(row);
                if ty == MI_INSTANCE {
                    Value::Instance(row)
                } else {
                    Value::Reference(row)
                }
            }
            t if (MI_BOOLEANA..=MI_INSTANCEA).contains(&t) => Value::Array,
            t => return Lookup::Unreadable(format!("unknown MI_Type {t}")),
        }
    };
    Lookup::Value(value)
}
