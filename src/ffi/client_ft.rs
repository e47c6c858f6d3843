//! `mi_clientFT_V1`: the exported data symbol, a pointer (not the struct) to the ten client
//! tables. It holds its final value at load time (a static initializer), as clients and
//! executables with COPY relocations of it require.

use super::application::APPLICATION_FT;
use super::hosted_provider::HOSTED_PROVIDER_FT;
use super::operation::OPERATION_FT;
use super::options::{DESTINATION_OPTIONS_FT, OPERATION_OPTIONS_FT, SUBSCRIPTION_DELIVERY_OPTIONS_FT};
use super::serializer::{DESERIALIZER_TABLES, SERIALIZER_FT};
use super::session::SESSION_FT;
use super::utilities::UTILITIES_FT;
use crate::abi::MI_ClientFT_V1;

static CLIENT_FT: MI_ClientFT_V1 = MI_ClientFT_V1 {
    applicationFT: &APPLICATION_FT,
    sessionFT: &SESSION_FT,
    operationFT: &OPERATION_FT,
    hostedProviderFT: &HOSTED_PROVIDER_FT,
    serializerFT: &SERIALIZER_FT,
    deserializerFT: &DESERIALIZER_TABLES.ft,
    subscribeDeliveryOptionsFT: &SUBSCRIPTION_DELIVERY_OPTIONS_FT,
    destinationOptionsFT: &DESTINATION_OPTIONS_FT,
    operationOptionsFT: &OPERATION_OPTIONS_FT,
    utilitiesFT: &UTILITIES_FT,
};

/// The same pointer, for the core's `Surface`.
pub(crate) const CLIENT_FT_REF: &MI_ClientFT_V1 = &CLIENT_FT;

/// The client function tables; see `MI_ClientFT_V1`.
#[unsafe(no_mangle)]
pub static mi_clientFT_V1: &MI_ClientFT_V1 = &CLIENT_FT;
