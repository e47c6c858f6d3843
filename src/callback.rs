//! The thread-local in-callback record: which applications (by serial) this thread is
//! currently delivering a callback for. `MI_Application_Close` (and synchronous
//! `MI_Session_Close`) consult it to refuse a close that would wait for the very callback
//! it is called from, instead of deadlocking as the reference does. A stack, not a flag,
//! because callbacks nest (a client callback may drive another application).

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

    /// Whether this thread is inside a callback of `serial` (at any depth).
    pub(crate) fn active_for(serial: u64) -> bool {
        IN_CALLBACK.with(|stack| {
            stack.overflow.get() > 0
                || stack.items[..stack.len.get()]
                    .iter()
                    .any(|item| item.get() == serial)
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
    fn record_is_per_thread() {
        let _s = CallbackScope::enter(9);
        let other = std::thread::spawn(|| CallbackScope::active_for(9))
            .join()
            .unwrap();
        assert!(!other);
        assert!(CallbackScope::active_for(9));
    }
}
