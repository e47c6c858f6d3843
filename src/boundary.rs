//! The panic boundary: every function the library exports or puts in a function table runs
//! its body through [`guard`] (or [`guard_void`]), so a panic is logged and becomes
//! `MI_RESULT_FAILED` instead of unwinding into, or aborting, the host process.

use crate::abi::{MI_RESULT_FAILED, MI_RESULT_INVALID_PARAMETER, MI_RESULT_OK, MI_Result};
use std::panic::{AssertUnwindSafe, catch_unwind};

// The contract needs unwinding to turn a panic into an error code.
#[cfg(panic = "abort")]
compile_error!("libmi-rs must be built with panic = \"unwind\" (see src/boundary.rs)");

/// The shape every entry body returns: `Err` carries the `MI_Result` to hand back.
pub(crate) type MiResult<T = ()> = Result<T, MI_Result>;

/// Runs an entry body; `Ok` becomes `MI_RESULT_OK`, `Err(code)` becomes `code`, a panic
/// becomes `MI_RESULT_FAILED` (logged at error level with the entry's name).
pub(crate) fn guard(name: &'static str, body: impl FnOnce() -> MiResult) -> MI_Result {
    guard_with(name, MI_RESULT_FAILED, || match body() {
        Ok(()) => MI_RESULT_OK,
        Err(code) => code,
    })
}

/// For `void` slots: a panic is logged and swallowed.
pub(crate) fn guard_void(name: &'static str, body: impl FnOnce()) {
    guard_with(name, (), body)
}

/// Runs `body`; on panic logs and returns `on_panic`.
pub(crate) fn guard_with<R>(name: &'static str, on_panic: R, body: impl FnOnce() -> R) -> R {
    crate::logging::init();
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("(no message)");
            log::error!("internal error (panic) in {name}: {what}; returning a failure to the caller");
            on_panic
        }
    }
}

/// Writes `value` through an optional out-pointer (NULL: nothing is written).
///
/// # Safety
/// `out` is NULL or writable for one `T`.
pub(crate) unsafe fn write_opt<T>(out: *mut T, value: T) {
    if !out.is_null() {
        // SAFETY: non-NULL and writable by this function's contract.
        unsafe { out.write(value) };
    }
}

/// Writes `value` through a required out-pointer: NULL is `MI_RESULT_INVALID_PARAMETER`
/// (the answer would be lost, docs/SPEC.md §7).
///
/// # Safety
/// `out` is NULL or writable for one `T`.
pub(crate) unsafe fn write_req<T>(out: *mut T, value: T) -> MiResult {
    if out.is_null() {
        return Err(MI_RESULT_INVALID_PARAMETER);
    }
    // SAFETY: non-NULL and writable by this function's contract.
    unsafe { out.write(value) };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::MI_RESULT_INVALID_PARAMETER;

    #[test]
    fn ok_err_and_panic_map_to_results() {
        let ((), lines) = crate::logging::capture::lines(|| {
            assert_eq!(guard("t", || Ok(())), MI_RESULT_OK);
            assert_eq!(
                guard("t", || Err(MI_RESULT_INVALID_PARAMETER)),
                MI_RESULT_INVALID_PARAMETER
            );
            assert_eq!(guard("t", || panic!("boom")), MI_RESULT_FAILED);
            assert_eq!(
                guard("t", || panic!("{}", String::from("formatted"))),
                MI_RESULT_FAILED
            );
            assert_eq!(guard_with("t", 7u32, || panic!("boom")), 7);
            guard_void("v", || panic!("boom")); // returns instead of unwinding
        });
        // Each panic is logged once, at error level, with the entry's name and message;
        // an `Err` is the caller's business and logs nothing.
        let expected = |name: &str, what: &str| {
            format!(
                "libmi: ERROR: internal error (panic) in {name}: {what}; returning a failure to the caller"
            )
        };
        assert_eq!(
            lines,
            [
                expected("t", "boom"),
                expected("t", "formatted"),
                expected("t", "boom"),
                expected("v", "boom"),
            ]
        );
    }
}
