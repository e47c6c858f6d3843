//! The built-in embedded protocol handler: the default local handler when the configuration
//! names none, native Rust behind [`Protocol`]. It needs no server. Until the in-process
//! provider host takes its place it opens sessions and completes every operation inline
//! with `MI_RESULT_NOT_SUPPORTED` (exactly one final result).

use super::{
    Ack, Event, Protocol, ProtocolOperation, ProtocolSession, ResultData, SessionRequest, Sink, Start,
};
use crate::abi::*;
use crate::boundary::MiResult;
use std::sync::Arc;

/// The handler: stateless, so there is nothing to close or leak.
#[derive(Debug)]
pub(crate) struct Embedded;

impl Protocol for Embedded {
    fn new_session(&self, _request: SessionRequest<'_>) -> MiResult<Arc<dyn ProtocolSession>> {
        Ok(Arc::new(EmbeddedSession))
    }

    fn close(&self) {}
}

#[derive(Debug)]
struct EmbeddedSession;

impl ProtocolSession for EmbeddedSession {
    fn start(&self, start: Start<'_>, sink: Arc<dyn Sink>) -> Box<dyn ProtocolOperation> {
        sink.push(Event::Result {
            kind: start.request.result_kind(),
            data: ResultData::final_with(MI_RESULT_NOT_SUPPORTED),
            ack: Ack::none(),
        });
        Box::new(Done)
    }

    fn close(&self, done: Option<super::Done>) {
        if let Some(done) = done {
            done();
        }
    }
}

/// An operation whose final result is already delivered: nothing to cancel or release.
#[derive(Debug)]
pub(crate) struct Done;

impl ProtocolOperation for Done {
    fn cancel(&self, _reason: MI_CancellationReason) {}
    fn close(&self) {}
}
