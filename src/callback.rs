//! The thread-local in-callback record: which applications and sessions (by serial) this
//! thread is currently delivering a callback for. `MI_Application_Close` (and synchronous
//! `MI_Session_Close`) consult it to refuse a close that would wait for the very callback
//! it is called from, instead of deadlocking as the reference does. A stack, not a flag,
//! because callbacks nest (a client callback may drive another application).
//!
//! [`deliver`] is the one way into client code: `crate::client` wraps every client function
//! pointer and calls it only through [`deliver`], so no callback can run without its record
//! (docs/SPEC.md §3.2, §4.2, §5.6). A callback the library delivers for a handle it cannot resolve
//! (an operation started on a closed or garbage session) has an unknown owner: while it
//! runs, every blocking close is refused, since any application might be the one.

use std::cell::Cell;

/// Deepest nesting recorded exactly; deeper scopes are counted, and while any is active the
/// record answers "inside a callback" for every object (refusing a blocking close is safe).
const MAX_DEPTH: usize = 64;

/// A stack with no destructor: a `thread_local!` that needs dropping registers a TLS
/// destructor, which pins the library in memory so that `dlclose` could not unload it.
struct Stack {
    len: Cell<usize>,
    overflow: Cell<usize>,
    items: [Cell<u64>; MAX_DEPTH],
}

thread_local!(static IN_CALLBACK: Stack = const {
    Stack { len: Cell::new(0), overflow: Cell::new(0), items: [const { Cell::new(0) }; MAX_DEPTH] }
});

/// Serial that stands for "any object": recorded for callbacks of an unknown owner.
const ANY: u64 = u64::MAX;

/// Whose callback a delivery is: an application serial and, when there is one, a session
/// serial (0 = none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Owner {
    pub(crate) app: u64,
    pub(crate) session: u64,
}

impl Owner {
    /// A callback whose application the library cannot tell.
    pub(crate) const UNKNOWN: Owner = Owner {
        app: ANY,
        session: ANY,
    };

    pub(crate) fn application(app: u64) -> Owner {
        Owner { app, session: 0 }
    }

    pub(crate) fn session(app: u64, session: u64) -> Owner {
        Owner { app, session }
    }
}

/// Runs client code `f` as a callback of `owner`: the record says so while `f` runs.
pub(crate) fn deliver<R>(owner: Owner, f: impl FnOnce() -> R) -> R {
    let _app = CallbackScope::enter(owner.app);
    let _session =
        (owner.session != 0 && owner.session != owner.app).then(|| CallbackScope::enter(owner.session));
    f()
}

/// Marks "this thread is inside a callback of object `serial`" until dropped.
#[must_use = "the scope ends when this guard is dropped"]
#[derive(Debug)]
pub(crate) struct CallbackScope {
    serial: u64,
    /// Counted in `overflow` rather than stored in the stack.
    overflowed: bool,
}

impl CallbackScope {
    pub(crate) fn enter(serial: u64) -> Self {
        let overflowed = IN_CALLBACK.with(|stack| {
            let len = stack.len.get();
            if len < MAX_DEPTH {
                stack.items[len].set(serial);
                stack.len.set(len + 1);
                false
            } else {
                stack.overflow.set(stack.overflow.get() + 1);
                true
            }
        });
        CallbackScope { serial, overflowed }
    }

    /// Whether this thread is inside a callback of `serial` (at any depth), or of an
    /// unknown owner.
    pub(crate) fn active_for(serial: u64) -> bool {
        IN_CALLBACK.with(|stack| {
            stack.overflow.get() > 0
                || stack.items[..stack.len.get()]
                    .iter()
                    .any(|item| item.get() == serial || item.get() == ANY)
        })
    }
}

impl Drop for CallbackScope {
    fn drop(&mut self) {
        IN_CALLBACK.with(|stack| {
            if self.overflowed {
                stack.overflow.set(stack.overflow.get() - 1);
                return;
            }
            // Scopes are strictly nested on one thread; find ours from the top in case a
            // guard was moved and dropped out of order, and close the gap.
            let len = stack.len.get();
            if let Some(pos) = stack.items[..len]
                .iter()
                .rposition(|item| item.get() == self.serial)
            {
                for i in pos..len - 1 {
                    stack.items[i].set(stack.items[i + 1].get());
                }
                stack.len.set(len - 1);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_nest_and_unwind() {
        assert!(!CallbackScope::active_for(1));
        let outer = CallbackScope::enter(1);
        {
            let _inner = CallbackScope::enter(2);
            assert!(CallbackScope::active_for(1) && CallbackScope::active_for(2));
        }
        assert!(CallbackScope::active_for(1) && !CallbackScope::active_for(2));
        drop(outer);
        assert!(!CallbackScope::active_for(1));
    }

    #[test]
    fn same_object_twice_and_out_of_order_drop() {
        let a = CallbackScope::enter(5);
        let b = CallbackScope::enter(5);
        let c = CallbackScope::enter(6);
        drop(a);
        assert!(CallbackScope::active_for(5), "b still holds 5");
        drop(b);
        assert!(!CallbackScope::active_for(5));
        assert!(CallbackScope::active_for(6));
        drop(c);
    }

    #[test]
    fn deeper_than_the_stack_refuses_conservatively() {
        let scopes: Vec<CallbackScope> = (0..MAX_DEPTH as u64 + 2)
            .map(|i| CallbackScope::enter(1000 + i))
            .collect();
        assert!(CallbackScope::active_for(1000));
        assert!(
            CallbackScope::active_for(424242),
            "overflowed: every object counts as active"
        );
        drop(scopes);
        assert!(!CallbackScope::active_for(1000));
        assert!(!CallbackScope::active_for(424242));
    }

    #[test]
    fn deliver_records_application_and_session() {
        let seen = deliver(Owner::session(70, 71), || {
            (
                CallbackScope::active_for(70),
                CallbackScope::active_for(71),
                CallbackScope::active_for(72),
            )
        });
        assert_eq!(seen, (true, true, false));
        assert!(!CallbackScope::active_for(70) && !CallbackScope::active_for(71));
    }

    #[test]
    fn unknown_owner_counts_as_every_object() {
        deliver(Owner::UNKNOWN, || {
            assert!(CallbackScope::active_for(1) && CallbackScope::active_for(123_456));
        });
        assert!(!CallbackScope::active_for(1));
    }

    #[test]
    fn record_is_per_thread() {
        let _s = CallbackScope::enter(9);
        let other = std::thread::spawn(|| CallbackScope::active_for(9))
            .join()
            .unwrap();
        assert!(!other);
        assert!(CallbackScope::active_for(9));
    }
}
