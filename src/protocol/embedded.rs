//! What is left of the first built-in handler: [`Done`], the operation of a handler whose
//! final result is already delivered (nothing to cancel or release). The built-in default
//! local handler itself is the provider host, `crate::host`.

use super::ProtocolOperation;
use crate::abi::*;

/// An operation whose final result is already delivered: nothing to cancel or release.
#[derive(Debug)]
pub(crate) struct Done;

impl ProtocolOperation for Done {
    fn cancel(&self, _reason: MI_CancellationReason) {}
    fn close(&self) {}
}
