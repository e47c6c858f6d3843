//! Values by `MI_Type` (docs/ABI.md §5): reading exactly the `MI_Value` member a type names,
//! deep copies into memory the library owns, and freeing them. Embedded instances are
//! copied and deleted through their own `ft`, so instances of other implementations
//! (protocol handlers, providers) nest as well as ours.
//!
//! # Safety contract
//! A value handed to these functions holds, in the member its `MI_Type` selects, pointers
//! that are NULL or valid as that type says: strings NUL-terminated, arrays readable for
//! their `size` elements (each valid for the element type), instances live with `ft` NULL
//! or a valid table. Out-pointers are writable for the member they receive. Copies are
//! bounded ([`MAX_VALUE_BYTES`], [`MAX_VALUE_CHARS`], [`MAX_DEPTH`]); what a copy owns is
//! freed only by the stored value that owns it.

use crate::abi::*;
use crate::boundary::MiResult;
use crate::strings;
use core::ffi::c_void;
use std::alloc::{Layout, alloc, dealloc};
use std::cell::Cell;
use std::mem::{align_of, size_of};
use std::ptr::{self, null_mut};

/// Largest single buffer (string or array) the library copies: 1 GiB.
pub(crate) const MAX_VALUE_BYTES: usize = 1 << 30;
/// Longest string value copied, in characters: 256 Mi.
pub(crate) const MAX_VALUE_CHARS: usize = 1 << 28;
/// Deepest nesting of embedded instances that a copy follows (a borrowed instance that
/// contains itself would otherwise recurse forever). Equal to
/// `crate::instance::MAX_EMBEDDING`: a nest that limit allows, copied into one more
/// instance (an options object, a clone inside a parent), still copies.
pub(crate) const MAX_DEPTH: u32 = 64;

/// Whether `ty` is one of the 32 `MI_Type`s.
pub(crate) fn is_valid_type(ty: MI_Type) -> bool {
    ty <= MI_INSTANCEA
}

/// Size and alignment of one value of the scalar type `ty` (an array's element type).
fn scalar_layout(ty: MI_Type) -> (usize, usize) {
    match ty & !MI_ARRAY {
        MI_BOOLEAN => (size_of::<MI_Boolean>(), align_of::<MI_Boolean>()),
        MI_UINT8 | MI_SINT8 => (1, 1),
        MI_UINT16 | MI_SINT16 | MI_CHAR16 => (2, align_of::<u16>()),
        MI_UINT32 | MI_SINT32 | MI_REAL32 => (4, align_of::<u32>()),
        MI_UINT64 | MI_SINT64 | MI_REAL64 => (8, align_of::<u64>()),
        MI_DATETIME => (size_of::<MI_Datetime>(), align_of::<MI_Datetime>()),
        _ => (size_of::<*mut c_void>(), align_of::<*mut c_void>()),
    }
}

/// Size of the `MI_Value` member that `ty` selects (what the reference copies in and out).
pub(crate) fn member_size(ty: MI_Type) -> usize {
    if ty & MI_ARRAY != 0 {
        size_of::<MI_Array>()
    } else {
        scalar_layout(ty).0
    }
}

/// An all-zero value (every member reads as 0 / NULL / empty).
pub(crate) fn zero_value() -> MI_Value {
    // SAFETY: every member of MI_Value is an integer, float, pointer or a struct of those,
    // for which all-zero bytes are a valid value.
    unsafe { std::mem::zeroed() }
}

/// Reads the member of `*src` that `ty` selects, and nothing beyond it: clients (and
/// `MI_PropertyDecl.value`) may point at a lone `MI_Uint32` rather than a whole `MI_Value`.
///
/// # Safety
/// `src` is readable for `member_size(ty)` bytes.
pub(crate) unsafe fn read_member(ty: MI_Type, src: *const c_void) -> MI_Value {
    let mut v = zero_value();
    // SAFETY: `src` readable for that many bytes (contract); `v` is at least that large.
    unsafe { ptr::copy_nonoverlapping(src.cast::<u8>(), (&raw mut v).cast::<u8>(), member_size(ty)) };
    v
}

/// Writes the member of `v` that `ty` selects to `dst`, and nothing beyond it.
///
/// # Safety
/// `dst` is writable for `member_size(ty)` bytes.
pub(crate) unsafe fn write_member(ty: MI_Type, v: &MI_Value, dst: *mut MI_Value) {
    // SAFETY: `dst` writable for that many bytes (contract); `v` is at least that large.
    unsafe {
        ptr::copy_nonoverlapping(
            (v as *const MI_Value).cast::<u8>(),
            dst.cast::<u8>(),
            member_size(ty),
        )
    };
}

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Counts nested copies on this thread; refuses past [`MAX_DEPTH`].
struct DepthGuard;

impl DepthGuard {
    fn enter() -> MiResult<Self> {
        DEPTH.with(|d| {
            if d.get() >= MAX_DEPTH {
                log::error!("embedded instances nested deeper than {MAX_DEPTH} (a cycle?): not copied");
                return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
            }
            d.set(d.get() + 1);
            Ok(DepthGuard)
        })
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get() - 1));
    }
}

/// A buffer from the global allocator (NULL when empty), freed on drop.
pub(crate) struct RawBuf {
    ptr: *mut u8,
    layout: Layout,
}

impl RawBuf {
    fn empty() -> Self {
        Self {
            ptr: null_mut(),
            layout: Layout::new::<()>(),
        }
    }

    /// Uninitialised room for `bytes` bytes; allocation failure is an error code.
    fn alloc(bytes: usize, align: usize) -> MiResult<Self> {
        if bytes == 0 {
            return Ok(Self::empty());
        }
        if bytes > MAX_VALUE_BYTES {
            log::error!("value of {bytes} bytes refused (limit {MAX_VALUE_BYTES})");
            return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
        }
        let layout = Layout::from_size_align(bytes, align).map_err(|_| MI_RESULT_FAILED)?;
        // SAFETY: the layout has a non-zero size.
        let ptr = unsafe { alloc(layout) };
        if ptr.is_null() {
            return Err(MI_RESULT_SERVER_LIMITS_EXCEEDED);
        }
        Ok(Self { ptr, layout })
    }

    /// A copy of `bytes` bytes at `src`.
    ///
    /// # Safety
    /// `src` is readable for `bytes` bytes.
    unsafe fn copy_from(src: *const u8, bytes: usize, align: usize) -> MiResult<Self> {
        let buf = Self::alloc(bytes, align)?;
        if bytes > 0 {
            // SAFETY: `src` readable (contract), `buf` freshly allocated with `bytes` bytes.
            unsafe { ptr::copy_nonoverlapping(src, buf.ptr, bytes) };
        }
        Ok(buf)
    }

    pub(crate) fn ptr(&self) -> *mut u8 {
        self.ptr
    }
}

impl Drop for RawBuf {
    fn drop(&mut self) {
        if !self.ptr.is_null() {
            // SAFETY: allocated by `alloc` with exactly this layout, freed only here.
            unsafe { dealloc(self.ptr, self.layout) };
        }
    }
}

/// Copies a NUL-terminated string value (bytes as given: values are not validated).
///
/// # Safety
/// `s` is non-NULL and NUL-terminated.
unsafe fn copy_string(s: *const MI_Char) -> MiResult<RawBuf> {
    // SAFETY: `s` is non-NULL and NUL-terminated (this function's `# Safety`), so readable as far
    // as `c_len` reads.
    let len = unsafe { strings::c_len(s, MAX_VALUE_CHARS) }?;
    let bytes = (len + 1) * size_of::<MI_Char>();
    // SAFETY: `len + 1` characters (with the NUL) were just read.
    unsafe { RawBuf::copy_from(s.cast::<u8>(), bytes, align_of::<MI_Char>()) }
}

/// An instance this value owns: deleted through its own `ft` on drop.
pub(crate) struct OwnedInstance(*mut MI_Instance);

impl OwnedInstance {
    /// Takes ownership of `p` (deleted through its own `ft` on drop).
    ///
    /// # Safety
    /// `p` is a live instance that nothing else deletes.
    pub(crate) unsafe fn adopt(p: *mut MI_Instance) -> Self {
        Self(p)
    }

    pub(crate) fn as_ptr(&self) -> *mut MI_Instance {
        self.0
    }

    /// Gives the instance back without deleting it.
    pub(crate) fn release(self) -> *mut MI_Instance {
        let p = self.0;
        std::mem::forget(self);
        p
    }
}

impl Drop for OwnedInstance {
    fn drop(&mut self) {
        // SAFETY: an instance obtained from a Clone slot or adopted from the client, owned
        // only by this value.
        unsafe { delete_instance(self.0) };
    }
}

/// Deletes an instance through its own table (NULL pointers and tables are ignored).
///
/// # Safety
/// `p` is NULL or a live instance that the caller owns.
pub(crate) unsafe fn delete_instance(p: *mut MI_Instance) {
    if p.is_null() {
        return;
    }
    // SAFETY: live instance (contract); its ft, if set, is a valid table.
    unsafe {
        let ft = (*p).ft;
        if let Some(delete) = ft.as_ref().and_then(|t| t.Delete) {
            let r = delete(p);
            if r != MI_RESULT_OK {
                log::warn!("deleting an embedded instance returned {r}");
            }
        }
    }
}

/// Deep-copies an instance through its own `Clone` slot.
///
/// # Safety
/// `p` is NULL or a live instance.
pub(crate) unsafe fn clone_instance(p: *const MI_Instance) -> MiResult<OwnedInstance> {
    let _depth = DepthGuard::enter()?;
    if p.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: live instance (contract).
    let ft = unsafe { (*p).ft };
    // SAFETY: a non-NULL ft of a live instance is a valid table.
    let Some(clone) = (unsafe { ft.as_ref() }).and_then(|t| t.Clone) else {
        log::error!("an embedded instance without a function table cannot be copied");
        return Err(MI_RESULT_INVALID_PARAMETER);
    };
    let mut out: *mut MI_Instance = null_mut();
    // SAFETY: calling the instance's own Clone slot with a valid out-pointer.
    let r = unsafe { clone(p, &mut out) };
    if r != MI_RESULT_OK {
        // SAFETY: a failed Clone may still have produced an instance; we own it.
        unsafe { delete_instance(out) };
        return Err(r);
    }
    if out.is_null() {
        return Err(MI_RESULT_FAILED);
    }
    Ok(OwnedInstance(out))
}

/// How `AddElement` / `SetElement*` take a value (`MI_FLAG_BORROW` / `MI_FLAG_ADOPT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Deep copy (the default).
    Copy,
    /// Keep the caller's pointers; the caller keeps them alive and frees them.
    Borrow,
    /// Take ownership of a scalar `MI_INSTANCE` / `MI_REFERENCE` (deleted through its `ft`);
    /// for every other type the same as `Copy` (docs/STATUS.md).
    Adopt,
}

/// What a stored value owns besides the `MI_Value` view of it.
enum Own {
    Nothing,
    /// Kept only to be freed with the value.
    Buf(#[allow(dead_code)] RawBuf),
    Instance(OwnedInstance),
    Table {
        _table: RawBuf,
        _strings: Vec<RawBuf>,
        _instances: Vec<OwnedInstance>,
    },
}

/// A non-NULL element value: the `MI_Value` handed to clients plus the memory it points to.
/// The view's pointers stay valid as long as this value lives (heap buffers do not move).
pub(crate) struct Stored {
    view: MI_Value,
    own: Own,
}

impl Stored {
    pub(crate) fn view(&self) -> &MI_Value {
        &self.view
    }

    /// The adopted instance, if this value adopted one (so a failed call can give it back).
    pub(crate) fn abandon(self) {
        if let Own::Instance(inst) = self.own {
            let _ = inst.release();
        }
    }

    /// The instance this value owns (scalar `MI_INSTANCE` / `MI_REFERENCE`), if any.
    pub(crate) fn owned_instance(&self) -> Option<*mut MI_Instance> {
        match &self.own {
            Own::Instance(i) => Some(i.as_ptr()),
            _ => None,
        }
    }

    /// The instances an owned instance array holds.
    pub(crate) fn owned_instances(&self) -> impl Iterator<Item = *mut MI_Instance> + '_ {
        let list: &[OwnedInstance] = match &self.own {
            Own::Table { _instances, .. } => _instances,
            _ => &[],
        };
        list.iter().map(OwnedInstance::as_ptr)
    }

    /// Whether this value borrows (does not own) what it points to: a borrowed string,
    /// array or instance, or a plain scalar.
    pub(crate) fn owns_nothing(&self) -> bool {
        matches!(self.own, Own::Nothing)
    }

    /// Moves the owned instances that `take` accepts out of this value into `out` (the
    /// caller now owns them). Only for a value about to be dropped: its view may then
    /// point to instances it no longer owns.
    pub(crate) fn detach_instances(
        &mut self,
        take: impl Fn(*mut MI_Instance) -> bool,
        out: &mut Vec<*mut MI_Instance>,
    ) {
        match &mut self.own {
            Own::Instance(i) if take(i.as_ptr()) => {
                if let Own::Instance(i) = std::mem::replace(&mut self.own, Own::Nothing) {
                    out.push(i.release());
                }
            }
            Own::Table { _instances, .. } => {
                let mut kept = Vec::new();
                for i in std::mem::take(_instances) {
                    if take(i.as_ptr()) {
                        out.push(i.release());
                    } else {
                        kept.push(i);
                    }
                }
                *_instances = kept;
            }
            _ => {}
        }
    }

    /// A deep copy (borrowed values are copied too).
    pub(crate) fn duplicate(&self, ty: MI_Type) -> MiResult<Option<Stored>> {
        // SAFETY: the view is a valid value of `ty`: built by `store` from one.
        unsafe { store(ty, &self.view, Mode::Copy) }
    }
}

/// Makes the stored form of a value of type `ty`. `None` is a NULL value: a scalar string,
/// instance or reference given as a NULL pointer.
///
/// # Safety
/// `ty` is valid; every pointer in the `ty` member of `v` is NULL or valid as the type says
/// (NUL-terminated strings, arrays of `size` elements, live instances).
pub(crate) unsafe fn store(ty: MI_Type, v: &MI_Value, mode: Mode) -> MiResult<Option<Stored>> {
    let plain = |own| Ok(Some(Stored { view: *v, own }));
    match ty {
        MI_STRING => {
            // SAFETY: `ty` says the string member is live.
            let s = unsafe { v.string };
            if s.is_null() {
                return Ok(None);
            }
            if mode == Mode::Borrow {
                return plain(Own::Nothing);
            }
            // SAFETY: non-NULL, NUL-terminated (contract).
            let buf = unsafe { copy_string(s) }?;
            let mut view = zero_value();
            view.string = buf.ptr().cast();
            Ok(Some(Stored {
                view,
                own: Own::Buf(buf),
            }))
        }
        MI_INSTANCE | MI_REFERENCE => {
            // SAFETY: `ty` says the instance member is live (reference has the same layout).
            let p = unsafe { v.instance };
            if p.is_null() {
                return Ok(None);
            }
            match mode {
                Mode::Borrow => plain(Own::Nothing),
                Mode::Adopt => plain(Own::Instance(OwnedInstance(p))),
                Mode::Copy => {
                    // SAFETY: live instance (contract).
                    let inst = unsafe { clone_instance(p) }?;
                    let mut view = zero_value();
                    view.instance = inst.as_ptr();
                    Ok(Some(Stored {
                        view,
                        own: Own::Instance(inst),
                    }))
                }
            }
        }
        t if t & MI_ARRAY != 0 => {
            // SAFETY: `ty` says an array member is live; all share MI_Array's layout.
            let arr = unsafe { v.array };
            if arr.size > 0 && arr.data.is_null() {
                log::debug!("array of {} elements with NULL data", arr.size);
                return Err(MI_RESULT_INVALID_PARAMETER);
            }
            if mode == Mode::Borrow {
                return plain(Own::Nothing);
            }
            // SAFETY: `arr` is the array member `ty` selects, its `data` readable for `size`
            // elements with valid pointers (this function's `# Safety`): `copy_array`'s contract
            // for `t & !MI_ARRAY`.
            unsafe { copy_array(t & !MI_ARRAY, arr) }.map(Some)
        }
        _ => plain(Own::Nothing),
    }
}

/// Deep copy of an array whose elements are of scalar type `et`.
///
/// # Safety
/// As [`store`].
unsafe fn copy_array(et: MI_Type, arr: MI_Array) -> MiResult<Stored> {
    let n = arr.size as usize;
    let (es, ea) = scalar_layout(et);
    let bytes = n.checked_mul(es).ok_or(MI_RESULT_SERVER_LIMITS_EXCEEDED)?;
    let mut view = zero_value();
    view.array.size = arr.size;
    match et {
        MI_STRING => {
            let table = RawBuf::alloc(bytes, ea)?;
            let mut strings = Vec::new();
            strings
                .try_reserve(n)
                .map_err(|_| MI_RESULT_SERVER_LIMITS_EXCEEDED)?;
            let src = arr.data.cast::<*const MI_Char>();
            let dst = table.ptr().cast::<*mut MI_Char>();
            for i in 0..n {
                // SAFETY: `n` elements readable (contract); the table has room for `n`.
                unsafe {
                    let s = *src.add(i);
                    let copy = if s.is_null() {
                        null_mut()
                    } else {
                        let buf = copy_string(s)?;
                        let p = buf.ptr().cast();
                        strings.push(buf);
                        p
                    };
                    dst.add(i).write(copy);
                }
            }
            view.array.data = table.ptr().cast();
            Ok(Stored {
                view,
                own: Own::Table {
                    _table: table,
                    _strings: strings,
                    _instances: Vec::new(),
                },
            })
        }
        MI_INSTANCE | MI_REFERENCE => {
            let table = RawBuf::alloc(bytes, ea)?;
            let mut instances = Vec::new();
            instances
                .try_reserve(n)
                .map_err(|_| MI_RESULT_SERVER_LIMITS_EXCEEDED)?;
            let src = arr.data.cast::<*const MI_Instance>();
            let dst = table.ptr().cast::<*mut MI_Instance>();
            for i in 0..n {
                // SAFETY: as above; each non-NULL element is a live instance.
                unsafe {
                    let p = *src.add(i);
                    let copy = if p.is_null() {
                        null_mut()
                    } else {
                        let inst = clone_instance(p)?;
                        let q = inst.as_ptr();
                        instances.push(inst);
                        q
                    };
                    dst.add(i).write(copy);
                }
            }
            view.array.data = table.ptr().cast();
            Ok(Stored {
                view,
                own: Own::Table {
                    _table: table,
                    _strings: Vec::new(),
                    _instances: instances,
                },
            })
        }
        _ => {
            // SAFETY: `n` elements of `es` bytes readable (contract).
            let buf = unsafe { RawBuf::copy_from(arr.data.cast::<u8>(), bytes, ea) }?;
            view.array.data = buf.ptr().cast();
            Ok(Stored {
                view,
                own: Own::Buf(buf),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_sizes() {
        assert_eq!(member_size(MI_BOOLEAN), 1);
        assert_eq!(member_size(MI_CHAR16), 2);
        assert_eq!(member_size(MI_REAL32), 4);
        assert_eq!(member_size(MI_SINT64), 8);
        assert_eq!(member_size(MI_DATETIME), 36);
        assert_eq!(member_size(MI_STRING), size_of::<usize>());
        assert_eq!(member_size(MI_INSTANCEA), size_of::<MI_Array>());
        assert!(is_valid_type(MI_INSTANCEA));
        assert!(!is_valid_type(32));
    }

    #[test]
    fn copies_strings_and_arrays() {
        let text: [MI_Char; 4] = [b'a' as MI_Char, b'b' as MI_Char, b'c' as MI_Char, 0];
        let mut v = zero_value();
        v.string = text.as_ptr().cast_mut();
        // SAFETY: NUL-terminated local string.
        let s = unsafe { store(MI_STRING, &v, Mode::Copy) }.unwrap().unwrap();
        // SAFETY: the copy is a live NUL-terminated string.
        unsafe {
            assert_ne!(s.view().string, v.string);
            assert_eq!(strings::c_len(s.view().string, 10).unwrap(), 3);
        }
        let nums = [1u32, 2, 3];
        let mut a = zero_value();
        a.uint32a = MI_Uint32A {
            data: nums.as_ptr().cast_mut(),
            size: 3,
        };
        // SAFETY: three readable elements.
        let c = unsafe { store(MI_UINT32A, &a, Mode::Copy) }.unwrap().unwrap();
        let d = c.duplicate(MI_UINT32A).unwrap().unwrap();
        // SAFETY: copies of three elements.
        unsafe {
            assert_eq!(std::slice::from_raw_parts(d.view().uint32a.data, 3), &nums);
        }
        // Empty arrays: NULL data with size 0 is fine, NULL data with a size is not.
        a.uint32a.data = null_mut();
        a.uint32a.size = 0;
        // SAFETY: nothing is read for an empty array.
        let e = unsafe { store(MI_UINT32A, &a, Mode::Copy) }.unwrap().unwrap();
        // SAFETY: reading back the union member just written.
        assert_eq!(unsafe { e.view().uint32a.size }, 0);
        a.uint32a.size = 2;
        // SAFETY: refused before anything is read.
        let refused = unsafe { store(MI_UINT32A, &a, Mode::Copy) };
        assert_eq!(refused.err(), Some(MI_RESULT_INVALID_PARAMETER));
        // NULL string: a NULL value.
        v.string = null_mut();
        // SAFETY: NULL is allowed.
        assert!(unsafe { store(MI_STRING, &v, Mode::Copy) }.unwrap().is_none());
    }
}
