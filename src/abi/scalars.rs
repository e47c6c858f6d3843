//! Scalar typedefs and every enum/flag constant of the reference `MI.h` (docs/ABI.md §1.2, §4.3,
//! §5). Enums are plain integer aliases, never Rust enums: C may pass any value.

#[cfg(not(windows))]
use core::ffi::c_char;

pub type MI_Boolean = u8;
pub type MI_Uint8 = u8;
pub type MI_Sint8 = i8;
pub type MI_Uint16 = u16;
pub type MI_Sint16 = i16;
pub type MI_Uint32 = u32;
pub type MI_Sint32 = i32;
pub type MI_Uint64 = u64;
pub type MI_Sint64 = i64;
pub type MI_Real32 = f32;
pub type MI_Real64 = f64;
pub type MI_Char16 = u16;

/// The API's character: UTF-8 `char` on Unix (OMI's build), UTF-16 `wchar_t` on Windows.
/// The header spells this typedef by hand (cbindgen.toml), with `MI_T()`.
#[cfg(not(windows))]
pub type MI_Char = c_char;
/// The API's character: UTF-8 `char` on Unix (OMI's build), UTF-16 `wchar_t` on Windows.
#[cfg(windows)]
pub type MI_Char = u16;

pub const MI_TRUE: MI_Boolean = 1;
pub const MI_FALSE: MI_Boolean = 0;

// ---- MI_Result -------------------------------------------------------------------------
pub type MI_Result = u32;
pub const MI_RESULT_OK: MI_Result = 0;
pub const MI_RESULT_FAILED: MI_Result = 1;
pub const MI_RESULT_ACCESS_DENIED: MI_Result = 2;
pub const MI_RESULT_INVALID_NAMESPACE: MI_Result = 3;
pub const MI_RESULT_INVALID_PARAMETER: MI_Result = 4;
pub const MI_RESULT_INVALID_CLASS: MI_Result = 5;
pub const MI_RESULT_NOT_FOUND: MI_Result = 6;
pub const MI_RESULT_NOT_SUPPORTED: MI_Result = 7;
pub const MI_RESULT_CLASS_HAS_CHILDREN: MI_Result = 8;
pub const MI_RESULT_CLASS_HAS_INSTANCES: MI_Result = 9;
pub const MI_RESULT_INVALID_SUPERCLASS: MI_Result = 10;
pub const MI_RESULT_ALREADY_EXISTS: MI_Result = 11;
pub const MI_RESULT_NO_SUCH_PROPERTY: MI_Result = 12;
pub const MI_RESULT_TYPE_MISMATCH: MI_Result = 13;
pub const MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED: MI_Result = 14;
pub const MI_RESULT_INVALID_QUERY: MI_Result = 15;
pub const MI_RESULT_METHOD_NOT_AVAILABLE: MI_Result = 16;
pub const MI_RESULT_METHOD_NOT_FOUND: MI_Result = 17;
pub const MI_RESULT_NAMESPACE_NOT_EMPTY: MI_Result = 20;
pub const MI_RESULT_INVALID_ENUMERATION_CONTEXT: MI_Result = 21;
pub const MI_RESULT_INVALID_OPERATION_TIMEOUT: MI_Result = 22;
pub const MI_RESULT_PULL_HAS_BEEN_ABANDONED: MI_Result = 23;
pub const MI_RESULT_PULL_CANNOT_BE_ABANDONED: MI_Result = 24;
pub const MI_RESULT_FILTERED_ENUMERATION_NOT_SUPPORTED: MI_Result = 25;
pub const MI_RESULT_CONTINUATION_ON_ERROR_NOT_SUPPORTED: MI_Result = 26;
pub const MI_RESULT_SERVER_LIMITS_EXCEEDED: MI_Result = 27;
pub const MI_RESULT_SERVER_IS_SHUTTING_DOWN: MI_Result = 28;

// ---- MI_Type ---------------------------------------------------------------------------
pub type MI_Type = u32;
pub const MI_BOOLEAN: MI_Type = 0;
pub const MI_UINT8: MI_Type = 1;
pub const MI_SINT8: MI_Type = 2;
pub const MI_UINT16: MI_Type = 3;
pub const MI_SINT16: MI_Type = 4;
pub const MI_UINT32: MI_Type = 5;
pub const MI_SINT32: MI_Type = 6;
pub const MI_UINT64: MI_Type = 7;
pub const MI_SINT64: MI_Type = 8;
pub const MI_REAL32: MI_Type = 9;
pub const MI_REAL64: MI_Type = 10;
pub const MI_CHAR16: MI_Type = 11;
pub const MI_DATETIME: MI_Type = 12;
pub const MI_STRING: MI_Type = 13;
pub const MI_REFERENCE: MI_Type = 14;
pub const MI_INSTANCE: MI_Type = 15;
pub const MI_BOOLEANA: MI_Type = 16;
pub const MI_UINT8A: MI_Type = 17;
pub const MI_SINT8A: MI_Type = 18;
pub const MI_UINT16A: MI_Type = 19;
pub const MI_SINT16A: MI_Type = 20;
pub const MI_UINT32A: MI_Type = 21;
pub const MI_SINT32A: MI_Type = 22;
pub const MI_UINT64A: MI_Type = 23;
pub const MI_SINT64A: MI_Type = 24;
pub const MI_REAL32A: MI_Type = 25;
pub const MI_REAL64A: MI_Type = 26;
pub const MI_CHAR16A: MI_Type = 27;
pub const MI_DATETIMEA: MI_Type = 28;
pub const MI_STRINGA: MI_Type = 29;
pub const MI_REFERENCEA: MI_Type = 30;
pub const MI_INSTANCEA: MI_Type = 31;
/// The array bit: an array type is its scalar type | `MI_ARRAY`.
pub const MI_ARRAY: MI_Type = 16;

// ---- MI_FLAG_* (element, qualifier and declaration flags) --------------------------------
pub const MI_FLAG_CLASS: MI_Uint32 = 1 << 0;
pub const MI_FLAG_METHOD: MI_Uint32 = 1 << 1;
pub const MI_FLAG_PROPERTY: MI_Uint32 = 1 << 2;
pub const MI_FLAG_PARAMETER: MI_Uint32 = 1 << 3;
pub const MI_FLAG_ASSOCIATION: MI_Uint32 = 1 << 4;
pub const MI_FLAG_INDICATION: MI_Uint32 = 1 << 5;
pub const MI_FLAG_REFERENCE: MI_Uint32 = 1 << 6;
pub const MI_FLAG_ANY: MI_Uint32 = 0x7F;
pub const MI_FLAG_ENABLEOVERRIDE: MI_Uint32 = 1 << 7;
pub const MI_FLAG_DISABLEOVERRIDE: MI_Uint32 = 1 << 8;
pub const MI_FLAG_RESTRICTED: MI_Uint32 = 1 << 9;
pub const MI_FLAG_TOSUBCLASS: MI_Uint32 = 1 << 10;
pub const MI_FLAG_TRANSLATABLE: MI_Uint32 = 1 << 11;
pub const MI_FLAG_KEY: MI_Uint32 = 1 << 12;
pub const MI_FLAG_IN: MI_Uint32 = 1 << 13;
pub const MI_FLAG_OUT: MI_Uint32 = 1 << 14;
pub const MI_FLAG_REQUIRED: MI_Uint32 = 1 << 15;
pub const MI_FLAG_STATIC: MI_Uint32 = 1 << 16;
pub const MI_FLAG_ABSTRACT: MI_Uint32 = 1 << 17;
pub const MI_FLAG_TERMINAL: MI_Uint32 = 1 << 18;
pub const MI_FLAG_EXPENSIVE: MI_Uint32 = 1 << 19;
pub const MI_FLAG_STREAM: MI_Uint32 = 1 << 20;
pub const MI_FLAG_READONLY: MI_Uint32 = 1 << 21;
/// OMI only ("ignored").
pub const MI_FLAG_TOINSTANCE: MI_Uint32 = 1 << 22;
pub const MI_FLAG_NOT_MODIFIED: MI_Uint32 = 1 << 25;
pub const MI_FLAG_VERSION: MI_Uint32 = (1 << 26) | (1 << 27) | (1 << 28);
pub const MI_FLAG_NULL: MI_Uint32 = 1 << 29;
pub const MI_FLAG_BORROW: MI_Uint32 = 1 << 30;
pub const MI_FLAG_ADOPT: MI_Uint32 = 1 << 31;

// ---- Operation flags (every MI_SessionFT operation) ---------------------------------------
pub const MI_OPERATIONFLAGS_AUTOMATIC_ACK_RESULTS: MI_Uint32 = 0x0000;
pub const MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS: MI_Uint32 = 0x0001;
pub const MI_OPERATIONFLAGS_DEFAULT_RTTI: MI_Uint32 = 0x0000;
pub const MI_OPERATIONFLAGS_BASIC_RTTI: MI_Uint32 = 0x0002;
pub const MI_OPERATIONFLAGS_FULL_RTTI: MI_Uint32 = 0x0004;
pub const MI_OPERATIONFLAGS_NO_RTTI: MI_Uint32 = 0x0400;
pub const MI_OPERATIONFLAGS_STANDARD_RTTI: MI_Uint32 = 0x0800;
pub const MI_OPERATIONFLAGS_DEFAULT_QUALIFIERS: MI_Uint32 = 0x0000;
pub const MI_OPERATIONFLAGS_LOCALIZED_QUALIFIERS: MI_Uint32 = 0x0008;
pub const MI_OPERATIONFLAGS_EXPENSIVE_PROPERTIES: MI_Uint32 = 0x0040;
pub const MI_OPERATIONFLAGS_POLYMORPHISM_DEEP: MI_Uint32 = 0x0000;
pub const MI_OPERATIONFLAGS_POLYMORPHISM_SHALLOW: MI_Uint32 = 0x0080;
pub const MI_OPERATIONFLAGS_POLYMORPHISM_DEEP_BASE_PROPS_ONLY: MI_Uint32 = 0x0180;
pub const MI_OPERATIONFLAGS_REPORT_OPERATION_STARTED: MI_Uint32 = 0x0200;

pub const MI_SERIALIZER_FLAGS_CLASS_DEEP: MI_Uint32 = 1;
pub const MI_SERIALIZER_FLAGS_INSTANCE_WITH_CLASS: MI_Uint32 = 1;

// ---- Callback-related enums (docs/ABI.md §4.3) ----------------------------------------
pub type MI_OperationCallback_ResponseType = u32;
pub const MI_OperationCallback_ResponseType_No: MI_OperationCallback_ResponseType = 0;
pub const MI_OperationCallback_ResponseType_Yes: MI_OperationCallback_ResponseType = 1;
pub const MI_OperationCallback_ResponseType_NoToAll: MI_OperationCallback_ResponseType = 2;
pub const MI_OperationCallback_ResponseType_YesToAll: MI_OperationCallback_ResponseType = 3;

pub type MI_PromptType = u32;
pub const MI_PROMPTTYPE_NORMAL: MI_PromptType = 0;
pub const MI_PROMPTTYPE_CRITICAL: MI_PromptType = 1;

pub type MI_CallbackMode = u32;
pub const MI_CALLBACKMODE_REPORT: MI_CallbackMode = 0;
pub const MI_CALLBACKMODE_INQUIRE: MI_CallbackMode = 1;
pub const MI_CALLBACKMODE_IGNORE: MI_CallbackMode = 2;

pub const MI_WRITEMESSAGE_CHANNEL_WARNING: MI_Uint32 = 0;
pub const MI_WRITEMESSAGE_CHANNEL_VERBOSE: MI_Uint32 = 1;
pub const MI_WRITEMESSAGE_CHANNEL_DEBUG: MI_Uint32 = 2;

pub type MI_CancellationReason = u32;
pub const MI_REASON_NONE: MI_CancellationReason = 0;
pub const MI_REASON_TIMEOUT: MI_CancellationReason = 1;
pub const MI_REASON_SHUTDOWN: MI_CancellationReason = 2;
pub const MI_REASON_SERVICESTOP: MI_CancellationReason = 3;

// ---- Other enums (docs/ABI.md §5.6) ---------------------------------------------------
pub type MI_SubscriptionDeliveryType = u32;
pub const MI_SubscriptionDeliveryType_Pull: MI_SubscriptionDeliveryType = 1;
pub const MI_SubscriptionDeliveryType_Push: MI_SubscriptionDeliveryType = 2;

pub type MI_ErrorCategory = u32;
pub const MI_ERRORCATEGORY_NOT_SPECIFIED: MI_ErrorCategory = 0;
pub const MI_ERRORCATEGORY_OPEN_ERROR: MI_ErrorCategory = 1;
/// Misspelt exactly as in both reference headers.
pub const MI_ERRORCATEGORY_CLOS_EERROR: MI_ErrorCategory = 2;
pub const MI_ERRORCATEGORY_DEVICE_ERROR: MI_ErrorCategory = 3;
pub const MI_ERRORCATEGORY_DEADLOCK_DETECTED: MI_ErrorCategory = 4;
pub const MI_ERRORCATEGORY_INVALID_ARGUMENT: MI_ErrorCategory = 5;
pub const MI_ERRORCATEGORY_INVALID_DATA: MI_ErrorCategory = 6;
pub const MI_ERRORCATEGORY_INVALID_OPERATION: MI_ErrorCategory = 7;
pub const MI_ERRORCATEGORY_INVALID_RESULT: MI_ErrorCategory = 8;
pub const MI_ERRORCATEGORY_INVALID_TYPE: MI_ErrorCategory = 9;
pub const MI_ERRORCATEGORY_METADATA_ERROR: MI_ErrorCategory = 10;
pub const MI_ERRORCATEGORY_NOT_IMPLEMENTED: MI_ErrorCategory = 11;
pub const MI_ERRORCATEGORY_NOT_INSTALLED: MI_ErrorCategory = 12;
pub const MI_ERRORCATEGORY_OBJECT_NOT_FOUND: MI_ErrorCategory = 13;
pub const MI_ERRORCATEGORY_OPERATION_STOPPED: MI_ErrorCategory = 14;
pub const MI_ERRORCATEGORY_OPERATION_TIMEOUT: MI_ErrorCategory = 15;
pub const MI_ERRORCATEGORY_SYNTAX_ERROR: MI_ErrorCategory = 16;
pub const MI_ERRORCATEGORY_PARSER_ERROR: MI_ErrorCategory = 17;
pub const MI_ERRORCATEGORY_ACCESS_DENIED: MI_ErrorCategory = 18;
pub const MI_ERRORCATEGORY_RESOURCE_BUSY: MI_ErrorCategory = 19;
pub const MI_ERRORCATEGORY_RESOURCE_EXISTS: MI_ErrorCategory = 20;
pub const MI_ERRORCATEGORY_RESOURCE_UNAVAILABLE: MI_ErrorCategory = 21;
pub const MI_ERRORCATEGORY_READ_ERROR: MI_ErrorCategory = 22;
pub const MI_ERRORCATEGORY_WRITE_ERROR: MI_ErrorCategory = 23;
pub const MI_ERRORCATEGORY_FROM_STDERR: MI_ErrorCategory = 24;
pub const MI_ERRORCATEGORY_SECURITY_ERROR: MI_ErrorCategory = 25;
pub const MI_ERRORCATEGORY_PROTOCOL_ERROR: MI_ErrorCategory = 26;
pub const MI_ERRORCATEGORY_CONNECTION_ERROR: MI_ErrorCategory = 27;
pub const MI_ERRORCATEGORY_AUTHENTICATION_ERROR: MI_ErrorCategory = 28;
pub const MI_ERRORCATEGORY_LIMITS_EXCEEDED: MI_ErrorCategory = 29;
pub const MI_ERRORCATEGORY_QUOTA_EXCEEDED: MI_ErrorCategory = 30;
pub const MI_ERRORCATEGORY_NOT_ENABLED: MI_ErrorCategory = 31;

pub type MI_ProviderArchitecture = u32;
pub const MI_PROVIDER_ARCHITECTURE_32BIT: MI_ProviderArchitecture = 0;
pub const MI_PROVIDER_ARCHITECTURE_64BIT: MI_ProviderArchitecture = 1;

pub type MI_DestinationOptions_ImpersonationType = u32;
pub const MI_DestinationOptions_ImpersonationType_Default: MI_DestinationOptions_ImpersonationType = 0;
pub const MI_DestinationOptions_ImpersonationType_None: MI_DestinationOptions_ImpersonationType = 1;
pub const MI_DestinationOptions_ImpersonationType_Identify: MI_DestinationOptions_ImpersonationType = 2;
pub const MI_DestinationOptions_ImpersonationType_Impersonate: MI_DestinationOptions_ImpersonationType = 3;
pub const MI_DestinationOptions_ImpersonationType_Delegate: MI_DestinationOptions_ImpersonationType = 4;

pub type MI_LocaleType = u32;
pub const MI_LOCALE_TYPE_REQUESTED_UI: MI_LocaleType = 0;
pub const MI_LOCALE_TYPE_REQUESTED_DATA: MI_LocaleType = 1;
pub const MI_LOCALE_TYPE_CLOSEST_UI: MI_LocaleType = 2;
pub const MI_LOCALE_TYPE_CLOSEST_DATA: MI_LocaleType = 3;
pub const MI_MAX_LOCALE_SIZE: MI_Uint32 = 128;

pub const MI_MODULE_FLAG_STANDARD_QUALIFIERS: MI_Uint32 = 1 << 0;
pub const MI_MODULE_FLAG_DESCRIPTIONS: MI_Uint32 = 1 << 1;
pub const MI_MODULE_FLAG_VALUES: MI_Uint32 = 1 << 2;
pub const MI_MODULE_FLAG_MAPPING_STRINGS: MI_Uint32 = 1 << 3;
pub const MI_MODULE_FLAG_BOOLEANS: MI_Uint32 = 1 << 4;
pub const MI_MODULE_FLAG_CPLUSPLUS: MI_Uint32 = 1 << 5;
pub const MI_MODULE_FLAG_LOCALIZED: MI_Uint32 = 1 << 6;
pub const MI_MODULE_FLAG_FILTER_SUPPORT: MI_Uint32 = 1 << 7;

pub const MI_LIFECYCLE_INDICATION_NONE: MI_Uint32 = 0;
pub const MI_LIFECYCLE_INDICATION_CREATE: MI_Uint32 = 1;
pub const MI_LIFECYCLE_INDICATION_MODIFY: MI_Uint32 = 2;
pub const MI_LIFECYCLE_INDICATION_DELETE: MI_Uint32 = 4;
pub const MI_LIFECYCLE_INDICATION_READ: MI_Uint32 = 8;
pub const MI_LIFECYCLE_INDICATION_METHODCALL: MI_Uint32 = 16;
pub const MI_LIFECYCLE_INDICATION_ALL: MI_Uint32 = 31;

/// `MI_VERSION` of API version 2 (OMI's default): 1.1.0.
pub const MI_MAJOR: MI_Uint32 = 1;
pub const MI_MINOR: MI_Uint32 = 1;
pub const MI_REVISION: MI_Uint32 = 0;
pub const MI_VERSION: MI_Uint32 = (MI_MAJOR << 16) | (MI_MINOR << 8) | MI_REVISION;
