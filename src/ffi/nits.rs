//! `NITS_STUB` and `NITS_PRESENCE_STUB`: two data symbols that programs built from OMI's
//! sources (its `omicli`) import from `libmi.so` besides the MI API. They are the hook table
//! of OMI's test framework ("nits") and its presence word; in a production library they are
//! inert. Without them the loader refuses such a program before `main`
//! (`undefined symbol: NITS_PRESENCE_STUB`). Unix only (Windows programs import no such
//! thing); not in `mi.h` (no client source names them: cbindgen.toml excludes them).
//!
//! * `NITS_PRESENCE_STUB` is 1: "stubbed out, no injector", so the client's macros take the
//!   "nothing injected" answer inline without calling the table.
//! * `NITS_STUB` is a writable table of 32 function pointers (256 bytes on x86-64), every
//!   slot a real no-op, because a client may still call some slots directly. Each no-op
//!   ignores its arguments (the C convention lets the caller clean up) and returns the
//!   inert answer: 1 ("assertion holds") for the four assertion/comparison slots, 0 (no
//!   fault, NULL, nothing) for every other; for a `void` slot the returned 0 is ignored.

/// One slot of the hook table (its real signatures vary; see the module docs).
pub type NitsSlot = unsafe extern "C" fn() -> isize;

unsafe extern "C" fn inert_zero() -> isize {
    0
}

unsafe extern "C" fn inert_true() -> isize {
    1
}

const fn table() -> [NitsSlot; 32] {
    let mut t: [NitsSlot; 32] = [inert_zero; 32];
    // AssertA, CompareA, CompareStringA, CompareSubstringA: "the check holds".
    t[2] = inert_true;
    t[3] = inert_true;
    t[4] = inert_true;
    t[5] = inert_true;
    t
}

/// The hook table; writable, as the programs that import it expect.
#[cfg(unix)]
#[unsafe(no_mangle)]
pub static mut NITS_STUB: [NitsSlot; 32] = table();

/// The presence word: 1 = stubbed out (no injector).
#[cfg(unix)]
#[unsafe(no_mangle)]
pub static mut NITS_PRESENCE_STUB: isize = 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_answers_inertly() {
        // SAFETY: reads of the statics by value (no reference to a `static mut` is taken)
        // and calls of the library's own no-ops, which take no arguments.
        unsafe {
            assert_eq!(std::ptr::addr_of!(NITS_PRESENCE_STUB).read(), 1);
            let t = std::ptr::addr_of!(NITS_STUB).read();
            for (i, f) in t.iter().enumerate() {
                assert_eq!(f(), if (2..=5).contains(&i) { 1 } else { 0 }, "slot {i}");
            }
        }
        assert_eq!(size_of::<[NitsSlot; 32]>(), 32 * size_of::<usize>());
    }
}
