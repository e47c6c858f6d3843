//! The thread-local in-callback record: which applications (by serial) this thread is
//! currently delivering a callback for. `MI_Application_Close` (and synchronous
//! `MI_Session_Close`) consult it to refuse a close that would wait for the very callback
//! it is called from, instead of deadlocking as the reference does. A stack, not a flag,
//! because callbacks nest (a client callback may drive another application).

use std::cell::RefCell;

thread_local!(static IN_CALLBACK: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) });

/// Marks "this thread is inside a callback of object `serial`" until dropped.
#[must_use = "the scope ends when this guard is dropped"]
#[derive(Debug)]
pub(crate) struct CallbackScope(u64);

impl CallbackScope {
    #[allow(dead_code)] // entered around every callback delivery (issue 3)
    pub(crate) fn enter(serial: u64) -> Self {
        IN_CALLBACK.with_borrow_mut(|stack| stack.push(serial));
        CallbackScope(serial)
    }

    /// Whether this thread is inside a callback of `serial` (at any depth).
    pub(crate) fn active_for(serial: u64) -> bool {
        IN_CALLBACK.with_borrow(|stack| stack.contains(&serial))
    }
}

impl Drop for CallbackScope {
    fn drop(&mut self) {
        IN_CALLBACK.with_borrow_mut(|stack| {
            // Scopes are strictly nested on one thread; find ours from the top in case a
            // guard was moved and dropped out of order.
            if let Some(pos) = stack.iter().rposition(|&s| s == self.0) {
                stack.remove(pos);
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
    fn record_is_per_thread() {
        let _s = CallbackScope::enter(9);
        let other = std::thread::spawn(|| CallbackScope::active_for(9))
            .join()
            .unwrap();
        assert!(!other);
        assert!(CallbackScope::active_for(9));
    }
}
