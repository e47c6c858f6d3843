//! The global handle table: every client-visible handle (`MI_Application`, `MI_Session`,
//! options, ...) is a key into it, never a pointer the library dereferences.
//!
//! A handle's reserved words hold a [`Key`]: `reserved2 = slot index + 1`, and `reserved1`
//! is the **check word**: a keyed permutation of `index | kind << 20 | generation << 24`
//! (see [`Key::pack`]). A zeroed struct (index 0), garbage, a handle of the wrong kind, and
//! a closed handle or any copy of it (generation no longer current) all fail
//! [`HandleTable::get`], from any thread, even racing with the close.
//!
//! **Why a forged or corrupted key fails.** The permutation is a bijection of 64-bit words,
//! keyed by a random number drawn once per process. For a given `reserved2` (slot `i`) the
//! table accepts exactly one `reserved1`: the encoding of `(i, kind of i, current generation
//! of i)`. So:
//! * changing `reserved2` alone (a bit flip, a neighbour's index) is always rejected: the
//!   check word decodes to index `i`, not the new one;
//! * changing `reserved1` alone is always rejected: a different word decodes to a
//!   different triple, and only one triple is current for slot `i`;
//! * a pair of words not made by this process (garbage, a guess, both words corrupted)
//!   names a live object only if the check word happens to be that one value, about 2^-64
//!   per attempt for a caller that does not know the process key (the mixer is not a
//!   cryptographic cipher, but nothing outside the library sees the key). Two live
//!   neighbours sharing a generation no longer matter: their check words differ.
//!
//! Validation stays lock-free: decoding is a few multiplications, then one atomic load.
//!
//! Each slot is one atomic word `gen:40 | kind:7 | LIVE:1 | pins:16` plus the object
//! pointer (an `Arc` turned into a raw pointer). [`HandleTable::get`] pins the slot with a
//! compare-and-swap that also checks generation, kind and LIVE, clones the `Arc`, and
//! unpins: no lock on that path. [`HandleTable::remove`] clears LIVE with one CAS (so of
//! two racing closers exactly one wins), waits the few instructions until the pins drain,
//! then takes the object out and bumps the generation. Only insert and remove touch the
//! free list, under a mutex.
//!
//! Generations never wrap into a live handle: a slot whose 40-bit generation is used up
//! is retired for good instead of being reused (at one million closes per second on a
//! single slot that takes twelve days; the table then moves on to another slot).
//!
//! # Safety contract
//! [`key_of`] and [`resolve`] take a client's handle pointer that is NULL or readable for
//! its struct; only the two reserved words are read (by value), and nothing they contain is
//! ever dereferenced: they are decoded and looked up.

use crate::abi::*;
use crate::boundary::MiResult;
use std::sync::atomic::{AtomicPtr, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Tags of the handle kinds; part of every key, so a session handle passed where an
/// application is expected is rejected like a stale one. At most 15 (4 bits in the key).
pub(crate) mod tag {
    pub(crate) const APPLICATION: u8 = 1;
    pub(crate) const SESSION: u8 = 2;
    pub(crate) const OPERATION: u8 = 3;
    pub(crate) const HOSTED_PROVIDER: u8 = 4;
    pub(crate) const DESTINATION_OPTIONS: u8 = 5;
    pub(crate) const OPERATION_OPTIONS: u8 = 6;
    pub(crate) const SUBSCRIPTION_DELIVERY_OPTIONS: u8 = 7;
    pub(crate) const SERIALIZER: u8 = 8;
    pub(crate) const DESERIALIZER: u8 = 9;
    /// The context a protocol handler gets for an operation's callbacks (never a client
    /// handle): a late callback from a broken handler finds a stale key, not freed memory.
    pub(crate) const HANDLER_CONTEXT: u8 = 10;
    /// The same for a handler session's callbacks.
    pub(crate) const SESSION_CONTEXT: u8 = 11;
    /// The `MI_Context` a hosted provider gets for one call (`crate::host::context`).
    pub(crate) const PROVIDER_CONTEXT: u8 = 12;
}

/// A kind of object that lives in the table: its tag and its Rust type.
pub(crate) trait Kind {
    const TAG: u8;
    const NAME: &'static str;
    type Obj: Send + Sync + 'static;
}

const PIN_MASK: u64 = 0xFFFF;
const LIVE: u64 = 1 << 16;
const KIND_SHIFT: u32 = 17;
const KIND_MASK: u64 = 0x7F;
const GEN_SHIFT: u32 = 24;
const GEN_BITS: u32 = 40;
const GEN_MAX: u64 = (1 << GEN_BITS) - 1;

/// Bits of the slot index in a key: the table can never hold more slots.
const INDEX_BITS: u32 = 20;
/// Bits of the kind tag in a key.
const TAG_BITS: u32 = 4;

/// Number of slots of the process-wide table: the most handles alive at once.
pub(crate) const GLOBAL_CAPACITY: usize = 1 << INDEX_BITS;

/// The process-wide table. All zeroes, so it lives in `.bss` and costs nothing until used;
/// it owns no heap memory, so unloading the library leaks nothing.
pub(crate) static HANDLES: HandleTable<GLOBAL_CAPACITY> = HandleTable::new();

/// What a handle's reserved words decode to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    index: u32,
    tag: u8,
    generation: u64,
}

// The keyed permutation of check words. Two odd multipliers (invertible modulo 2^64) and
// xor-shifts, between two key words: every step is a bijection, so is the whole.
const M1: u64 = 0xBF58_476D_1CE4_E5B9;
const M2: u64 = 0x94D0_49BB_1331_11EB;
const M1_INV: u64 = mod_inverse(M1);
const M2_INV: u64 = mod_inverse(M2);

/// The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration: each
/// step doubles the correct low bits, 3 -> 6 -> ... -> 96).
const fn mod_inverse(a: u64) -> u64 {
    let mut x = a; // correct to 3 bits for odd a
    let mut i = 0;
    while i < 5 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
        i += 1;
    }
    x
}

/// The process key: drawn once from the operating system's randomness (through std's
/// `RandomState`), the same for every handle of the process.
fn process_key() -> [u64; 2] {
    static KEY: OnceLock<[u64; 2]> = OnceLock::new();
    *KEY.get_or_init(|| {
        use std::hash::BuildHasher;
        let state = std::collections::hash_map::RandomState::new();
        [state.hash_one(0x4D49_u64), state.hash_one(0x006B_6579_u64)]
    })
}

fn permute(x: u64, k: [u64; 2]) -> u64 {
    let mut x = x ^ k[0];
    x = x.wrapping_mul(M1);
    x ^= x >> 29;
    x = x.wrapping_mul(M2);
    x ^= x >> 32;
    x ^ k[1]
}

fn unpermute(x: u64, k: [u64; 2]) -> u64 {
    let mut x = x ^ k[1];
    x ^= x >> 32;
    x = x.wrapping_mul(M2_INV);
    x ^= (x >> 29) ^ (x >> 58);
    x = x.wrapping_mul(M1_INV);
    x ^ k[0]
}

impl Key {
    /// The reserved words that carry this key: the check word and `index + 1`.
    pub(crate) fn pack(self) -> (u64, isize) {
        let plain =
            u64::from(self.index) | (u64::from(self.tag) << INDEX_BITS) | (self.generation << GEN_SHIFT);
        (permute(plain, process_key()), self.index as isize + 1)
    }

    /// Decodes reserved words; `None` for anything no key packs to (zeroes, garbage, a
    /// check word that names another slot).
    pub(crate) fn unpack(reserved1: u64, reserved2: isize) -> Option<Key> {
        if reserved2 <= 0 {
            return None;
        }
        let index = u32::try_from(reserved2 - 1).ok()?;
        let plain = unpermute(reserved1, process_key());
        let decoded_index = (plain & ((1 << INDEX_BITS) - 1)) as u32;
        let tag = ((plain >> INDEX_BITS) & ((1 << TAG_BITS) - 1)) as u8;
        let generation = plain >> GEN_SHIFT;
        if decoded_index != index || generation == 0 || tag == 0 {
            return None;
        }
        Some(Key {
            index,
            tag,
            generation,
        })
    }

    /// The key whose check word is `reserved1` alone (the check word carries the index):
    /// for the one-word callback contexts the library gives protocol handlers.
    pub(crate) fn from_check_word(reserved1: u64) -> Option<Key> {
        let index = unpermute(reserved1, process_key()) & ((1 << INDEX_BITS) - 1);
        Key::unpack(reserved1, index as isize + 1)
    }

    /// A number unique to this object for the life of the process (slot and generation).
    #[cfg(test)]
    pub(crate) fn serial(self) -> u64 {
        (self.generation << 24) ^ u64::from(self.index)
    }
}

/// A client handle struct: its reserved words are the library's key.
pub(crate) trait RawHandle: Copy {
    fn words(&self) -> (u64, isize);
}

macro_rules! raw_handles {
    ($($t:ty),*) => {$(
        impl RawHandle for $t {
            fn words(&self) -> (u64, isize) {
                (self.reserved1, self.reserved2)
            }
        }
    )*};
}
raw_handles!(
    MI_Application,
    MI_Session,
    MI_Operation,
    MI_HostedProvider,
    MI_DestinationOptions,
    MI_OperationOptions,
    MI_SubscriptionDeliveryOptions,
    MI_Serializer,
    MI_Deserializer
);

/// Decodes the key in a client's handle struct: NULL, zeroed and garbage structs are
/// `MI_RESULT_INVALID_PARAMETER`. Only the reserved words are read; `ft` is ignored, so a
/// handle works whichever path (`ft` slot or exported function) the client calls through.
///
/// # Safety
/// `handle` is NULL or points to a readable handle struct.
pub(crate) unsafe fn key_of<H: RawHandle>(handle: *const H) -> MiResult<Key> {
    if handle.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: non-NULL, and readable by this function's contract; read by value so that
    // no reference to client memory outlives this line.
    let (r1, r2) = unsafe { handle.read() }.words();
    Key::unpack(r1, r2).ok_or(MI_RESULT_INVALID_PARAMETER)
}

/// The live object of kind `K` behind a client's handle struct.
///
/// # Safety
/// As [`key_of`].
pub(crate) unsafe fn resolve<K: Kind, H: RawHandle>(handle: *const H) -> MiResult<Arc<K::Obj>> {
    // SAFETY: `handle` is NULL or points to a readable handle struct (this function's `# Safety`,
    // as [`key_of`]), what `key_of` requires.
    let key = unsafe { key_of(handle) }?;
    HANDLES.get::<K>(key).ok_or_else(|| {
        log::debug!(
            "stale, closed or wrong-kind handle where an {} was expected",
            K::NAME
        );
        MI_RESULT_INVALID_PARAMETER
    })
}

/// Insert failed: every slot is in use (or retired).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TableFull;

struct Slot {
    /// `gen:40 | kind:7 | LIVE:1 | pins:16`.
    meta: AtomicU64,
    /// `Arc::into_raw` of the object while LIVE or pinned; NULL when free.
    obj: AtomicPtr<()>,
    /// Free-list link (index + 1, 0 = end); only touched under the free-list mutex.
    next_free: AtomicU32,
}

impl Slot {
    const fn new() -> Self {
        Slot {
            meta: AtomicU64::new(0),
            obj: AtomicPtr::new(std::ptr::null_mut()),
            next_free: AtomicU32::new(0),
        }
    }
}

struct FreeList {
    /// First free slot (index + 1), 0 when the list is empty.
    head: u32,
    /// Slots at or above this index were never used.
    unused_from: u32,
}

/// A fixed-capacity, generation-checked table of reference-counted objects.
pub(crate) struct HandleTable<const N: usize> {
    slots: [Slot; N],
    free: Mutex<FreeList>,
}

fn meta_word(generation: u64, tag: u8) -> u64 {
    (generation << GEN_SHIFT) | ((u64::from(tag) & KIND_MASK) << KIND_SHIFT) | LIVE
}

impl<const N: usize> HandleTable<N> {
    pub(crate) const fn new() -> Self {
        assert!(N <= 1 << INDEX_BITS, "slot indices must fit the key");
        HandleTable {
            slots: [const { Slot::new() }; N],
            free: Mutex::new(FreeList {
                head: 0,
                unused_from: 0,
            }),
        }
    }

    /// Stores `obj` and returns the key of its new handle.
    pub(crate) fn insert<K: Kind>(&self, obj: Arc<K::Obj>) -> Result<Key, TableFull> {
        const {
            assert!(
                K::TAG > 0 && K::TAG < 1 << TAG_BITS,
                "a kind tag must fit the key"
            )
        };
        let index = self.take_free_index().ok_or(TableFull)?;
        let slot = &self.slots[index as usize];
        // Free slots are not LIVE and have no pins (remove waited for them to drain), so
        // nothing else writes this slot until the store below publishes it.
        let generation = (slot.meta.load(Ordering::Acquire) >> GEN_SHIFT) + 1;
        slot.obj.store(Arc::into_raw(obj) as *mut (), Ordering::Relaxed);
        slot.meta.store(meta_word(generation, K::TAG), Ordering::Release);
        Ok(Key {
            index,
            tag: K::TAG,
            generation,
        })
    }

    /// The object behind `key`, if the handle is live and of kind `K`. Lock-free.
    pub(crate) fn get<K: Kind>(&self, key: Key) -> Option<Arc<K::Obj>> {
        let slot = self.pin::<K>(key)?;
        let ptr = slot.obj.load(Ordering::Acquire) as *const K::Obj;
        // SAFETY: the slot is pinned and was LIVE with this key's generation and kind when
        // pinned, so `remove` cannot have taken the table's reference yet (it waits for the
        // pins to drain) and `ptr` came from `Arc::<K::Obj>::into_raw` in `insert` (the
        // kind tag fixes the type). Incrementing first makes `from_raw` own a new reference.
        let arc = unsafe {
            Arc::increment_strong_count(ptr);
            Arc::from_raw(ptr)
        };
        slot.meta.fetch_sub(1, Ordering::Release);
        Some(arc)
    }

    /// Retires the handle behind `key` and returns the table's reference to its object.
    /// Of several threads removing the same key at once, exactly one gets `Some`.
    pub(crate) fn remove<K: Kind>(&self, key: Key) -> Option<Arc<K::Obj>> {
        if key.tag != K::TAG {
            return None;
        }
        let slot = self.slots.get(key.index as usize)?;
        let want = meta_word(key.generation, key.tag);
        let mut meta = slot.meta.load(Ordering::Acquire);
        loop {
            if meta & !PIN_MASK != want {
                return None;
            }
            match slot
                .meta
                .compare_exchange_weak(meta, meta & !LIVE, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => break,
                Err(now) => meta = now,
            }
        }
        // No new pin can start (LIVE is clear); the ones in flight last a few instructions.
        let mut spins = 0u32;
        while slot.meta.load(Ordering::Acquire) & PIN_MASK != 0 {
            spins += 1;
            if spins < 64 {
                std::hint::spin_loop();
            } else {
                std::thread::yield_now();
            }
        }
        let ptr = slot.obj.swap(std::ptr::null_mut(), Ordering::Acquire) as *const K::Obj;
        self.release_index(key.index, key.generation);
        // SAFETY: `ptr` is the table's own reference from `insert` (kind checked above),
        // taken out exactly once: only the winner of the LIVE-clearing CAS gets here.
        Some(unsafe { Arc::from_raw(ptr) })
    }

    /// Pins the slot if `key` is current; the caller must unpin (`fetch_sub(1)`).
    fn pin<K: Kind>(&self, key: Key) -> Option<&Slot> {
        if key.tag != K::TAG {
            return None;
        }
        let slot = self.slots.get(key.index as usize)?;
        let want = meta_word(key.generation, key.tag);
        let mut meta = slot.meta.load(Ordering::Acquire);
        loop {
            if meta & !PIN_MASK != want {
                return None;
            }
            if meta & PIN_MASK == PIN_MASK {
                // 65,535 concurrent lookups of one handle: wait for one to finish.
                std::hint::spin_loop();
                meta = slot.meta.load(Ordering::Acquire);
                continue;
            }
            match slot
                .meta
                .compare_exchange_weak(meta, meta + 1, Ordering::Acquire, Ordering::Acquire)
            {
                Ok(_) => return Some(slot),
                Err(now) => meta = now,
            }
        }
    }

    fn lock_free_list(&self) -> std::sync::MutexGuard<'_, FreeList> {
        // The list is consistent after every statement, so a poisoned lock is still usable.
        self.free.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn take_free_index(&self) -> Option<u32> {
        let mut free = self.lock_free_list();
        if free.head != 0 {
            let index = free.head - 1;
            free.head = self.slots[index as usize].next_free.load(Ordering::Relaxed);
            return Some(index);
        }
        if (free.unused_from as usize) < N {
            free.unused_from += 1;
            return Some(free.unused_from - 1);
        }
        None
    }

    fn release_index(&self, index: u32, generation: u64) {
        if generation >= GEN_MAX {
            log::warn!("handle slot {index} used up its generations and is retired");
            return;
        }
        let mut free = self.lock_free_list();
        self.slots[index as usize]
            .next_free
            .store(free.head, Ordering::Relaxed);
        free.head = index + 1;
    }

    /// Test hook: forces the generation of a free slot, to exercise retirement.
    #[cfg(test)]
    fn set_generation_for_test(&self, index: u32, generation: u64) {
        self.slots[index as usize]
            .meta
            .store(generation << GEN_SHIFT, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// A test object that counts its drops, to prove the table releases what it holds.
    struct Counted(Arc<AtomicUsize>);
    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    struct A;
    impl Kind for A {
        const TAG: u8 = 1;
        const NAME: &'static str = "A";
        type Obj = Counted;
    }
    struct B;
    impl Kind for B {
        const TAG: u8 = 2;
        const NAME: &'static str = "B";
        type Obj = Counted;
    }

    /// A private table per test. Tests remove what they insert: the table does not drop
    /// its objects (the global one lives as long as the process), and Miri checks leaks.
    fn table<const N: usize>() -> Box<HandleTable<N>> {
        Box::new(HandleTable::new())
    }

    fn obj() -> (Arc<Counted>, Arc<AtomicUsize>) {
        let drops = Arc::new(AtomicUsize::new(0));
        (Arc::new(Counted(drops.clone())), drops)
    }

    #[test]
    fn insert_get_remove_round_trip() {
        let t = table::<8>();
        let (o, drops) = obj();
        let key = t.insert::<A>(o).unwrap();
        let (r1, r2) = key.pack();
        assert_eq!(Key::unpack(r1, r2), Some(key));
        assert!(t.get::<A>(key).is_some());
        let removed = t.remove::<A>(key).expect("first remove wins");
        assert_eq!(drops.load(Ordering::SeqCst), 0, "caller still holds it");
        drop(removed);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
        assert!(t.get::<A>(key).is_none(), "stale after remove");
        assert!(t.remove::<A>(key).is_none(), "double remove fails");
    }

    #[test]
    fn zeroed_garbage_and_wrong_kind_are_rejected() {
        let t = table::<8>();
        let key = t.insert::<A>(obj().0).unwrap();
        assert_eq!(Key::unpack(0, 0), None);
        assert_eq!(Key::unpack(u64::MAX, -1), None);
        assert_eq!(Key::unpack(0xdead_beef, 12345), None);
        let (r1, r2) = key.pack();
        assert_eq!(Key::unpack(r1, r2), Some(key));
        assert_eq!(Key::unpack(r1, 0), None);
        // A check word for an index beyond the table decodes, and the lookup refuses it.
        let far = Key {
            index: 1_000_000,
            ..key
        };
        let (f1, f2) = far.pack();
        assert_eq!(Key::unpack(f1, f2), Some(far));
        assert!(t.get::<A>(far).is_none());
        // The same check word with another index does not even decode.
        assert_eq!(Key::unpack(r1, 1_000_001), None);
        assert!(t.get::<B>(key).is_none(), "wrong kind");
        assert!(t.remove::<B>(key).is_none(), "wrong kind cannot remove");
        assert!(t.get::<A>(key).is_some(), "still live after the failed attempts");
        // A different generation of the same slot.
        let other = Key {
            generation: key.generation + 1,
            ..key
        };
        assert!(t.get::<A>(other).is_none());
        assert!(t.remove::<A>(key).is_some());
    }

    #[test]
    fn every_single_bit_flip_is_rejected() {
        // Two live neighbours with the same generation (both slots fresh): the case where
        // flipping a bit of reserved2 used to name the other object.
        let t = table::<8>();
        let a = t.insert::<A>(obj().0).unwrap();
        let b = t.insert::<A>(obj().0).unwrap();
        assert_eq!(a.generation, b.generation);
        for key in [a, b] {
            let (r1, r2) = key.pack();
            for bit in 0..64 {
                let flipped = Key::unpack(r1 ^ (1 << bit), r2);
                assert!(
                    flipped.is_none_or(|k| t.get::<A>(k).is_none()),
                    "reserved1 bit {bit} flipped still names a live object"
                );
                let flipped = Key::unpack(r1, r2 ^ (1 << bit));
                assert!(
                    flipped.is_none_or(|k| t.get::<A>(k).is_none()),
                    "reserved2 bit {bit} flipped still names a live object"
                );
            }
        }
        // Garbage pairs: none decodes to a live key (the bound is about 2^-60 each).
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..if cfg!(miri) { 100 } else { 100_000 } {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r2 = (x >> 61) as isize + 1; // indices 0..8, where the live objects are
            if let Some(k) = Key::unpack(x, r2) {
                assert!(t.get::<A>(k).is_none() && t.get::<B>(k).is_none());
            }
        }
        assert!(t.remove::<A>(a).is_some() && t.remove::<A>(b).is_some());
    }

    #[test]
    fn permutation_round_trips() {
        let k = process_key();
        for x in [0u64, 1, u64::MAX, 0x1234_5678_9ABC_DEF0, 1 << 63] {
            assert_eq!(unpermute(permute(x, k), k), x);
        }
        assert_eq!(M1.wrapping_mul(M1_INV), 1);
        assert_eq!(M2.wrapping_mul(M2_INV), 1);
    }

    #[test]
    fn reused_slot_gets_a_new_generation() {
        let t = table::<1>();
        let k1 = t.insert::<A>(obj().0).unwrap();
        t.remove::<A>(k1).unwrap();
        let k2 = t.insert::<A>(obj().0).unwrap();
        assert_eq!(k1.index, k2.index);
        assert_ne!(k1.generation, k2.generation);
        assert!(t.get::<A>(k1).is_none(), "old copy stays stale after reuse");
        assert!(t.get::<A>(k2).is_some());
        assert_ne!(k1.serial(), k2.serial());
        assert!(t.remove::<A>(k2).is_some());
    }

    #[test]
    fn full_table_reports_full_and_recovers() {
        let t = table::<2>();
        let a = t.insert::<A>(obj().0).unwrap();
        let b = t.insert::<A>(obj().0).unwrap();
        let (rejected, drops) = obj();
        assert_eq!(t.insert::<A>(rejected).unwrap_err(), TableFull);
        assert_eq!(drops.load(Ordering::SeqCst), 1, "a rejected object is released");
        t.remove::<A>(a).unwrap();
        let c = t.insert::<A>(obj().0).unwrap();
        assert!(t.remove::<A>(b).is_some() && t.remove::<A>(c).is_some());
    }

    #[test]
    fn exhausted_generation_retires_the_slot() {
        let t = table::<2>();
        t.set_generation_for_test(0, GEN_MAX - 1);
        let k = t.insert::<A>(obj().0).unwrap();
        assert_eq!(k.generation, GEN_MAX);
        t.remove::<A>(k).unwrap();
        // Slot 0 must not come back: the next insert takes slot 1, then the table is full.
        let k2 = t.insert::<A>(obj().0).unwrap();
        assert_eq!(k2.index, 1);
        assert_eq!(t.insert::<A>(obj().0).unwrap_err(), TableFull);
        assert!(t.remove::<A>(k2).is_some());
    }

    #[test]
    fn racing_removes_have_exactly_one_winner() {
        let t: Arc<HandleTable<4>> = Arc::new(HandleTable::new());
        let rounds = if cfg!(miri) { 3 } else { 200 };
        for _ in 0..rounds {
            let (o, drops) = obj();
            let key = t.insert::<A>(o).unwrap();
            let winners = Arc::new(AtomicUsize::new(0));
            let threads: Vec<_> = (0..4)
                .map(|_| {
                    let (t, winners) = (t.clone(), winners.clone());
                    std::thread::spawn(move || {
                        let _ = t.get::<A>(key);
                        if t.remove::<A>(key).is_some() {
                            winners.fetch_add(1, Ordering::SeqCst);
                        }
                        assert!(t.get::<A>(key).is_none());
                    })
                })
                .collect();
            for th in threads {
                th.join().unwrap();
            }
            assert_eq!(winners.load(Ordering::SeqCst), 1);
            assert_eq!(drops.load(Ordering::SeqCst), 1, "object dropped exactly once");
        }
    }

    #[test]
    fn lookups_racing_a_remove_never_see_a_freed_object() {
        let t: Arc<HandleTable<4>> = Arc::new(HandleTable::new());
        let rounds = if cfg!(miri) { 2 } else { 100 };
        for _ in 0..rounds {
            let (o, drops) = obj();
            let key = t.insert::<A>(o).unwrap();
            let readers: Vec<_> = (0..3)
                .map(|_| {
                    let t = t.clone();
                    std::thread::spawn(move || {
                        for _ in 0..50 {
                            if let Some(o) = t.get::<A>(key) {
                                // The object must be intact while we hold it.
                                assert_eq!(o.0.load(Ordering::SeqCst), 0);
                            }
                        }
                    })
                })
                .collect();
            let held = t.remove::<A>(key).unwrap();
            drop(held);
            for r in readers {
                r.join().unwrap();
            }
            assert_eq!(drops.load(Ordering::SeqCst), 1);
        }
    }

    #[test]
    #[cfg_attr(miri, ignore = "a 24 MiB static is slow under Miri")]
    fn global_table_is_usable() {
        let (o, drops) = obj();
        let key = HANDLES.insert::<A>(o).unwrap();
        assert!(HANDLES.get::<A>(key).is_some());
        drop(HANDLES.remove::<A>(key));
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }
}
