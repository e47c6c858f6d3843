//! `MI_HostedProviderFT`. In-process provider hosting is not built yet: no hosted-provider
//! handle can exist yet, so both slots reject their handle with `MI_RESULT_INVALID_PARAMETER`.

use super::{HostedProviderKind, unsupported_slots};
use crate::abi::*;

pub(crate) static HOSTED_PROVIDER_FT: MI_HostedProviderFT = MI_HostedProviderFT {
    Close: Some(hosted_provider_close),
    GetApplication: Some(hosted_provider_get_application),
};

unsupported_slots! {
    fn hosted_provider_close(hostedProvider: *mut MI_HostedProvider) checks HostedProviderKind;
    fn hosted_provider_get_application(hostedProvider: *mut MI_HostedProvider, application: *mut MI_Application) checks HostedProviderKind;
}
