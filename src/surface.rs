//! The client-facing function tables, as the core sees them. The tables themselves are
//! statics of `crate::ffi` (the C surface, which depends on the core and never the other
//! way round). `ffi` hands `&ffi::SURFACE` to the core when it creates an application (and
//! to the few core functions that run without one); every object that must give C code a
//! handle or an instance takes the table from there.

use crate::abi::*;

/// The acknowledgement and answer functions the library hands to clients.
pub(crate) type AckFn = unsafe extern "system" fn(*mut MI_Operation) -> MI_Result;
pub(crate) type ReplyFn =
    unsafe extern "system" fn(*mut MI_Operation, MI_OperationCallback_ResponseType) -> MI_Result;

/// The functions a client calls back with (they resolve the operation from its handle).
#[derive(Debug)]
pub(crate) struct ClientAcks {
    /// `resultAcknowledgement` of instance, indication and class results.
    pub(crate) result: AckFn,
    /// The acknowledgement of a streamed parameter.
    pub(crate) streamed: AckFn,
    /// `promptUserResult`.
    pub(crate) prompt: ReplyFn,
    /// `writeErrorResult`.
    pub(crate) write_error: ReplyFn,
}

/// Every table a handle or object made by the library points to.
#[derive(Debug)]
// `instance`, `class` and `hosted_provider()` are for the provider host (issue 10).
#[allow(dead_code)]
pub(crate) struct Surface {
    pub(crate) client: &'static MI_ClientFT_V1,
    pub(crate) instance: &'static MI_InstanceFT,
    /// The table of fixed-layout instances (`crate::instance::fixed`).
    pub(crate) fixed_instance: &'static MI_InstanceFT,
    pub(crate) class: &'static MI_ClassFT,
    pub(crate) acks: ClientAcks,
}

impl Surface {
    pub(crate) fn application(&self) -> &'static MI_ApplicationFT {
        self.client.applicationFT
    }

    pub(crate) fn session(&self) -> &'static MI_SessionFT {
        self.client.sessionFT
    }

    pub(crate) fn operation(&self) -> &'static MI_OperationFT {
        self.client.operationFT
    }

    #[allow(dead_code)]
    pub(crate) fn hosted_provider(&self) -> &'static MI_HostedProviderFT {
        self.client.hostedProviderFT
    }

    pub(crate) fn destination_options(&self) -> &'static MI_DestinationOptionsFT {
        self.client.destinationOptionsFT
    }

    pub(crate) fn operation_options(&self) -> &'static MI_OperationOptionsFT {
        self.client.operationOptionsFT
    }

    pub(crate) fn delivery_options(&self) -> &'static MI_SubscriptionDeliveryOptionsFT {
        self.client.subscribeDeliveryOptionsFT
    }

    /// An inert operation handle: refers to nothing, but is safe to pass to any slot
    /// (which answers `MI_RESULT_INVALID_PARAMETER`).
    pub(crate) fn inert_operation(&self) -> MI_Operation {
        MI_Operation {
            reserved1: 0,
            reserved2: 0,
            ft: self.operation(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    // Tables whose every slot is NULL (`None`): all-zero bits are a valid value of these
    // structs of `Option<fn>`.
    // SAFETY: as above, for each table below.
    static APPLICATION: MI_ApplicationFT = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    static SESSION: MI_SessionFT = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    static OPERATION: MI_OperationFT = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    static HOSTED: MI_HostedProviderFT = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    static SERIALIZER: MI_SerializerFT = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    static DESERIALIZER: MI_DeserializerFT = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    static DELIVERY: MI_SubscriptionDeliveryOptionsFT = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    static DESTINATION: MI_DestinationOptionsFT = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    static OPERATION_OPTIONS: MI_OperationOptionsFT = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    static UTILITIES: MI_UtilitiesFT = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    static INSTANCE: MI_InstanceFT = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    static CLASS: MI_ClassFT = unsafe { std::mem::zeroed() };
    static CLIENT: MI_ClientFT_V1 = MI_ClientFT_V1 {
        applicationFT: &APPLICATION,
        sessionFT: &SESSION,
        operationFT: &OPERATION,
        hostedProviderFT: &HOSTED,
        serializerFT: &SERIALIZER,
        deserializerFT: &DESERIALIZER,
        subscribeDeliveryOptionsFT: &DELIVERY,
        destinationOptionsFT: &DESTINATION,
        operationOptionsFT: &OPERATION_OPTIONS,
        utilitiesFT: &UTILITIES,
    };

    unsafe extern "system" fn no_ack(_: *mut MI_Operation) -> MI_Result {
        MI_RESULT_NOT_SUPPORTED
    }
    unsafe extern "system" fn no_reply(
        _: *mut MI_Operation,
        _: MI_OperationCallback_ResponseType,
    ) -> MI_Result {
        MI_RESULT_NOT_SUPPORTED
    }

    static EMPTY: Surface = Surface {
        client: &CLIENT,
        instance: &INSTANCE,
        fixed_instance: &INSTANCE,
        class: &CLASS,
        acks: ClientAcks {
            result: no_ack,
            streamed: no_ack,
            prompt: no_reply,
            write_error: no_reply,
        },
    };

    /// A surface of empty tables, for unit tests of the core (which never calls through
    /// the tables itself).
    pub(crate) fn empty() -> &'static Surface {
        &EMPTY
    }
}
