//! The three options tables (`MI_DestinationOptionsFT`, `MI_OperationOptionsFT`,
//! `MI_SubscriptionDeliveryOptionsFT`). Options objects are not built yet (issue 5): no
//! options handle can exist yet, so every slot rejects its handle with
//! `MI_RESULT_INVALID_PARAMETER` (and would otherwise answer `MI_RESULT_NOT_SUPPORTED`).

use super::{
    DestinationOptionsKind, OperationOptionsKind, SubscriptionDeliveryOptionsKind, unsupported_slots,
};
use crate::abi::*;
use crate::boundary::guard_void;

pub(crate) static DESTINATION_OPTIONS_FT: MI_DestinationOptionsFT = MI_DestinationOptionsFT {
    Delete: Some(dest_delete),
    SetString: Some(dest_set_string),
    SetNumber: Some(dest_set_number),
    AddCredentials: Some(dest_add_credentials),
    GetString: Some(dest_get_string),
    GetNumber: Some(dest_get_number),
    GetOptionCount: Some(dest_get_option_count),
    GetOptionAt: Some(dest_get_option_at),
    GetOption: Some(dest_get_option),
    GetCredentialsCount: Some(dest_get_credentials_count),
    GetCredentialsAt: Some(dest_get_credentials_at),
    GetCredentialsPasswordAt: Some(dest_get_credentials_password_at),
    Clone: Some(dest_clone),
    SetInterval: Some(dest_set_interval),
    GetInterval: Some(dest_get_interval),
};

unsupported_slots! {
    fn dest_set_string(options: *mut MI_DestinationOptions, optionName: *const MI_Char, value: *const MI_Char, flags: MI_Uint32) checks DestinationOptionsKind;
    fn dest_set_number(options: *mut MI_DestinationOptions, optionName: *const MI_Char, value: MI_Uint32, flags: MI_Uint32) checks DestinationOptionsKind;
    fn dest_add_credentials(options: *mut MI_DestinationOptions, optionName: *const MI_Char, credentials: *const MI_UserCredentials, flags: MI_Uint32) checks DestinationOptionsKind;
    fn dest_get_string(options: *const MI_DestinationOptions, optionName: *const MI_Char, value: *mut *const MI_Char, index: *mut MI_Uint32, flags: *mut MI_Uint32) checks DestinationOptionsKind;
    fn dest_get_number(options: *const MI_DestinationOptions, optionName: *const MI_Char, value: *mut MI_Uint32, index: *mut MI_Uint32, flags: *mut MI_Uint32) checks DestinationOptionsKind;
    fn dest_get_option_count(options: *const MI_DestinationOptions, count: *mut MI_Uint32) checks DestinationOptionsKind;
    fn dest_get_option_at(options: *const MI_DestinationOptions, index: MI_Uint32, optionName: *mut *const MI_Char, value: *mut MI_Value, type_: *mut MI_Type, flags: *mut MI_Uint32) checks DestinationOptionsKind;
    fn dest_get_option(options: *const MI_DestinationOptions, optionName: *const MI_Char, value: *mut MI_Value, type_: *mut MI_Type, index: *mut MI_Uint32, flags: *mut MI_Uint32) checks DestinationOptionsKind;
    fn dest_get_credentials_count(options: *const MI_DestinationOptions, count: *mut MI_Uint32) checks DestinationOptionsKind;
    fn dest_get_credentials_at(options: *const MI_DestinationOptions, index: MI_Uint32, optionName: *mut *const MI_Char, credentials: *mut MI_UserCredentials, flags: *mut MI_Uint32) checks DestinationOptionsKind;
    fn dest_get_credentials_password_at(options: *const MI_DestinationOptions, index: MI_Uint32, optionName: *mut *const MI_Char, password: *mut MI_Char, bufferLength: MI_Uint32, passwordLength: *mut MI_Uint32, flags: *mut MI_Uint32) checks DestinationOptionsKind;
    fn dest_clone(self_: *const MI_DestinationOptions, newDestinationOptions: *mut MI_DestinationOptions) checks DestinationOptionsKind;
    fn dest_set_interval(options: *mut MI_DestinationOptions, optionName: *const MI_Char, value: *const MI_Interval, flags: MI_Uint32) checks DestinationOptionsKind;
    fn dest_get_interval(options: *const MI_DestinationOptions, optionName: *const MI_Char, value: *mut MI_Interval, index: *mut MI_Uint32, flags: *mut MI_Uint32) checks DestinationOptionsKind;
}

/// `void` slot: there is nothing to delete for a handle that refers to nothing.
unsafe extern "system" fn dest_delete(options: *mut MI_DestinationOptions) {
    guard_void("MI_DestinationOptions_Delete", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        if unsafe { super::resolve::<DestinationOptionsKind, _>(options) }.is_err() {
            log::debug!("MI_DestinationOptions_Delete: invalid handle");
        }
    })
}

pub(crate) static OPERATION_OPTIONS_FT: MI_OperationOptionsFT = MI_OperationOptionsFT {
    Delete: Some(opop_delete),
    SetString: Some(opop_set_string),
    SetNumber: Some(opop_set_number),
    SetCustomOption: Some(opop_set_custom_option),
    GetString: Some(opop_get_string),
    GetNumber: Some(opop_get_number),
    GetOptionCount: Some(opop_get_option_count),
    GetOptionAt: Some(opop_get_option_at),
    GetOption: Some(opop_get_option),
    GetEnabledChannels: Some(opop_get_enabled_channels),
    Clone: Some(opop_clone),
    SetInterval: Some(opop_set_interval),
    GetInterval: Some(opop_get_interval),
};

unsupported_slots! {
    fn opop_set_string(options: *mut MI_OperationOptions, optionName: *const MI_Char, value: *const MI_Char, flags: MI_Uint32) checks OperationOptionsKind;
    fn opop_set_number(options: *mut MI_OperationOptions, optionName: *const MI_Char, value: MI_Uint32, flags: MI_Uint32) checks OperationOptionsKind;
    fn opop_set_custom_option(options: *mut MI_OperationOptions, optionName: *const MI_Char, valueType: MI_Type, value: *const MI_Value, mustComply: MI_Boolean, flags: MI_Uint32) checks OperationOptionsKind;
    fn opop_get_string(options: *const MI_OperationOptions, optionName: *const MI_Char, value: *mut *const MI_Char, index: *mut MI_Uint32, flags: *mut MI_Uint32) checks OperationOptionsKind;
    fn opop_get_number(options: *const MI_OperationOptions, optionName: *const MI_Char, value: *mut MI_Uint32, index: *mut MI_Uint32, flags: *mut MI_Uint32) checks OperationOptionsKind;
    fn opop_get_option_count(options: *const MI_OperationOptions, count: *mut MI_Uint32) checks OperationOptionsKind;
    fn opop_get_option_at(options: *const MI_OperationOptions, index: MI_Uint32, optionName: *mut *const MI_Char, value: *mut MI_Value, type_: *mut MI_Type, flags: *mut MI_Uint32) checks OperationOptionsKind;
    fn opop_get_option(options: *const MI_OperationOptions, optionName: *const MI_Char, value: *mut MI_Value, type_: *mut MI_Type, index: *mut MI_Uint32, flags: *mut MI_Uint32) checks OperationOptionsKind;
    fn opop_get_enabled_channels(options: *const MI_OperationOptions, optionName: *const MI_Char, channels: *mut MI_Uint32, bufferLength: MI_Uint32, channelCount: *mut MI_Uint32, flags: *mut MI_Uint32) checks OperationOptionsKind;
    fn opop_clone(self_: *const MI_OperationOptions, newOperationOptions: *mut MI_OperationOptions) checks OperationOptionsKind;
    fn opop_set_interval(options: *mut MI_OperationOptions, optionName: *const MI_Char, value: *const MI_Interval, flags: MI_Uint32) checks OperationOptionsKind;
    fn opop_get_interval(options: *const MI_OperationOptions, optionName: *const MI_Char, value: *mut MI_Interval, index: *mut MI_Uint32, flags: *mut MI_Uint32) checks OperationOptionsKind;
}

/// `void` slot: there is nothing to delete for a handle that refers to nothing.
unsafe extern "system" fn opop_delete(options: *mut MI_OperationOptions) {
    guard_void("MI_OperationOptions_Delete", || {
        // SAFETY: the client's handle pointer, NULL or readable.
        if unsafe { super::resolve::<OperationOptionsKind, _>(options) }.is_err() {
            log::debug!("MI_OperationOptions_Delete: invalid handle");
        }
    })
}

pub(crate) static SUBSCRIPTION_DELIVERY_OPTIONS_FT: MI_SubscriptionDeliveryOptionsFT =
    MI_SubscriptionDeliveryOptionsFT {
        SetString: Some(sub_set_string),
        SetNumber: Some(sub_set_number),
        SetDateTime: Some(sub_set_date_time),
        SetInterval: Some(sub_set_interval),
        AddCredentials: Some(sub_add_credentials),
        Delete: Some(sub_delete),
        GetString: Some(sub_get_string),
        GetNumber: Some(sub_get_number),
        GetDateTime: Some(sub_get_date_time),
        GetInterval: Some(sub_get_interval),
        GetOptionCount: Some(sub_get_option_count),
        GetOptionAt: Some(sub_get_option_at),
        GetOption: Some(sub_get_option),
        GetCredentialsCount: Some(sub_get_credentials_count),
        GetCredentialsAt: Some(sub_get_credentials_at),
        GetCredentialsPasswordAt: Some(sub_get_credentials_password_at),
        Clone: Some(sub_clone),
    };

unsupported_slots! {
    fn sub_set_string(options: *mut MI_SubscriptionDeliveryOptions, optionName: *const MI_Char, value: *const MI_Char, flags: MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_set_number(options: *mut MI_SubscriptionDeliveryOptions, optionName: *const MI_Char, value: MI_Uint32, flags: MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_set_date_time(options: *mut MI_SubscriptionDeliveryOptions, optionName: *const MI_Char, value: *const MI_Datetime, flags: MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_set_interval(options: *mut MI_SubscriptionDeliveryOptions, optionName: *const MI_Char, value: *const MI_Interval, flags: MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_add_credentials(options: *mut MI_SubscriptionDeliveryOptions, optionName: *const MI_Char, credentials: *const MI_UserCredentials, flags: MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_delete(self_: *mut MI_SubscriptionDeliveryOptions) checks SubscriptionDeliveryOptionsKind;
    fn sub_get_string(options: *const MI_SubscriptionDeliveryOptions, optionName: *const MI_Char, value: *mut *const MI_Char, index: *mut MI_Uint32, flags: *mut MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_get_number(options: *const MI_SubscriptionDeliveryOptions, optionName: *const MI_Char, value: *mut MI_Uint32, index: *mut MI_Uint32, flags: *mut MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_get_date_time(options: *const MI_SubscriptionDeliveryOptions, optionName: *const MI_Char, value: *mut MI_Datetime, index: *mut MI_Uint32, flags: *mut MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_get_interval(options: *const MI_SubscriptionDeliveryOptions, optionName: *const MI_Char, value: *mut MI_Interval, index: *mut MI_Uint32, flags: *mut MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_get_option_count(options: *const MI_SubscriptionDeliveryOptions, count: *mut MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_get_option_at(options: *const MI_SubscriptionDeliveryOptions, index: MI_Uint32, optionName: *mut *const MI_Char, value: *mut MI_Value, type_: *mut MI_Type, flags: *mut MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_get_option(options: *const MI_SubscriptionDeliveryOptions, optionName: *const MI_Char, value: *mut MI_Value, type_: *mut MI_Type, index: *mut MI_Uint32, flags: *mut MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_get_credentials_count(options: *const MI_SubscriptionDeliveryOptions, count: *mut MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_get_credentials_at(options: *const MI_SubscriptionDeliveryOptions, index: MI_Uint32, optionName: *mut *const MI_Char, credentials: *mut MI_UserCredentials, flags: *mut MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_get_credentials_password_at(options: *const MI_SubscriptionDeliveryOptions, index: MI_Uint32, optionName: *mut *const MI_Char, password: *mut MI_Char, bufferLength: MI_Uint32, passwordLength: *mut MI_Uint32, flags: *mut MI_Uint32) checks SubscriptionDeliveryOptionsKind;
    fn sub_clone(self_: *const MI_SubscriptionDeliveryOptions, newSubscriptionDeliveryOptions: *mut MI_SubscriptionDeliveryOptions) checks SubscriptionDeliveryOptionsKind;
}
