//! Client function tables (docs/ABI.md §3), callback typedefs and callback structs (§4).
//! Every slot is a nullable `extern "system"` (`MI_CALL`) function pointer: our own tables
//! fill every slot, while tables that come from protocol handlers may hold NULLs.

use super::decl::MI_ClassDecl;
use super::handles::*;
use super::provider::MI_MainFunction;
use super::scalars::*;
use super::values::*;
use core::ffi::c_void;

// ---- Callback typedefs (§4.2) ------------------------------------------------------------
pub type MI_OperationCallback_PromptUser = Option<
    unsafe extern "system" fn(
        operation: *mut MI_Operation,
        callbackContext: *mut c_void,
        message: *const MI_Char,
        promptType: MI_PromptType,
        promptUserResult: Option<
            unsafe extern "system" fn(
                operation: *mut MI_Operation,
                response: MI_OperationCallback_ResponseType,
            ) -> MI_Result,
        >,
    ),
>;
pub type MI_OperationCallback_WriteError = Option<
    unsafe extern "system" fn(
        operation: *mut MI_Operation,
        callbackContext: *mut c_void,
        instance: *mut MI_Instance,
        writeErrorResult: Option<
            unsafe extern "system" fn(
                operation: *mut MI_Operation,
                response: MI_OperationCallback_ResponseType,
            ) -> MI_Result,
        >,
    ),
>;
pub type MI_OperationCallback_WriteMessage = Option<
    unsafe extern "system" fn(
        operation: *mut MI_Operation,
        callbackContext: *mut c_void,
        channel: MI_Uint32,
        message: *const MI_Char,
    ),
>;
pub type MI_OperationCallback_WriteProgress = Option<
    unsafe extern "system" fn(
        operation: *mut MI_Operation,
        callbackContext: *mut c_void,
        activity: *const MI_Char,
        currentOperation: *const MI_Char,
        statusDescription: *const MI_Char,
        percentageComplete: MI_Uint32,
        secondsRemaining: MI_Uint32,
    ),
>;
pub type MI_OperationCallback_Instance = Option<
    unsafe extern "system" fn(
        operation: *mut MI_Operation,
        callbackContext: *mut c_void,
        instance: *const MI_Instance,
        moreResults: MI_Boolean,
        resultCode: MI_Result,
        errorString: *const MI_Char,
        errorDetails: *const MI_Instance,
        resultAcknowledgement: Option<unsafe extern "system" fn(operation: *mut MI_Operation) -> MI_Result>,
    ),
>;
pub type MI_OperationCallback_Indication = Option<
    unsafe extern "system" fn(
        operation: *mut MI_Operation,
        callbackContext: *mut c_void,
        instance: *const MI_Instance,
        bookmark: *const MI_Char,
        machineID: *const MI_Char,
        moreResults: MI_Boolean,
        resultCode: MI_Result,
        errorString: *const MI_Char,
        errorDetails: *const MI_Instance,
        resultAcknowledgement: Option<unsafe extern "system" fn(operation: *mut MI_Operation) -> MI_Result>,
    ),
>;
pub type MI_OperationCallback_Class = Option<
    unsafe extern "system" fn(
        operation: *mut MI_Operation,
        callbackContext: *mut c_void,
        classResult: *const MI_Class,
        moreResults: MI_Boolean,
        resultCode: MI_Result,
        errorString: *const MI_Char,
        errorDetails: *const MI_Instance,
        resultAcknowledgement: Option<unsafe extern "system" fn(operation: *mut MI_Operation) -> MI_Result>,
    ),
>;
pub type MI_OperationCallback_StreamedParameter = Option<
    unsafe extern "system" fn(
        operation: *mut MI_Operation,
        callbackContext: *mut c_void,
        parameterName: *const MI_Char,
        resultType: MI_Type,
        result: *const MI_Value,
        resultAcknowledgement: Option<unsafe extern "system" fn(operation: *mut MI_Operation) -> MI_Result>,
    ),
>;
pub type MI_CancelCallback =
    Option<unsafe extern "system" fn(reason: MI_CancellationReason, callbackData: *mut c_void)>;
pub type MI_Deserializer_ClassObjectNeeded = Option<
    unsafe extern "system" fn(
        context: *mut c_void,
        serverName: *const MI_Char,
        namespaceName: *const MI_Char,
        className: *const MI_Char,
        requestedClassObject: *mut *mut MI_Class,
    ) -> MI_Result,
>;

// ---- Callback structs (§4.1, §4.2) -------------------------------------------------------

/// Informational callbacks of a session; parameters are valid during the call only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_SessionCallbacks {
    pub callbackContext: *mut c_void,
    pub writeMessage: Option<
        unsafe extern "system" fn(
            application: *mut MI_Application,
            callbackContext: *mut c_void,
            channel: MI_Uint32,
            message: *const MI_Char,
        ),
    >,
    pub writeError: Option<
        unsafe extern "system" fn(
            application: *mut MI_Application,
            callbackContext: *mut c_void,
            instance: *mut MI_Instance,
        ),
    >,
}

/// Callbacks of one operation. The result callback for the operation's kind decides
/// between asynchronous (set) and synchronous (NULL) delivery.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MI_OperationCallbacks {
    pub callbackContext: *mut c_void,
    pub promptUser: MI_OperationCallback_PromptUser,
    pub writeError: MI_OperationCallback_WriteError,
    pub writeMessage: MI_OperationCallback_WriteMessage,
    pub writeProgress: MI_OperationCallback_WriteProgress,
    pub instanceResult: MI_OperationCallback_Instance,
    pub indicationResult: MI_OperationCallback_Indication,
    pub classResult: MI_OperationCallback_Class,
    pub streamedParameterResult: MI_OperationCallback_StreamedParameter,
}

// ---- Function tables (§3.2, §3.3) --------------------------------------------------------

/// 11 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_ApplicationFT {
    pub Close: Option<unsafe extern "system" fn(application: *mut MI_Application) -> MI_Result>,
    pub NewSession: Option<
        unsafe extern "system" fn(
            application: *mut MI_Application,
            protocol: *const MI_Char,
            destination: *const MI_Char,
            options: *mut MI_DestinationOptions,
            callbacks: *mut MI_SessionCallbacks,
            extendedError: *mut *mut MI_Instance,
            session: *mut MI_Session,
        ) -> MI_Result,
    >,
    pub NewHostedProvider: Option<
        unsafe extern "system" fn(
            application: *mut MI_Application,
            namespaceName: *const MI_Char,
            providerName: *const MI_Char,
            mi_Main: MI_MainFunction,
            extendedError: *mut *mut MI_Instance,
            provider: *mut MI_HostedProvider,
        ) -> MI_Result,
    >,
    pub NewInstance: Option<
        unsafe extern "system" fn(
            application: *mut MI_Application,
            className: *const MI_Char,
            classRTTI: *const MI_ClassDecl,
            instance: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub NewDestinationOptions: Option<
        unsafe extern "system" fn(
            application: *mut MI_Application,
            options: *mut MI_DestinationOptions,
        ) -> MI_Result,
    >,
    pub NewOperationOptions: Option<
        unsafe extern "system" fn(
            application: *mut MI_Application,
            customOptionsMustUnderstand: MI_Boolean,
            options: *mut MI_OperationOptions,
        ) -> MI_Result,
    >,
    pub NewSubscriptionDeliveryOptions: Option<
        unsafe extern "system" fn(
            application: *mut MI_Application,
            deliveryType: MI_SubscriptionDeliveryType,
            deliveryOptions: *mut MI_SubscriptionDeliveryOptions,
        ) -> MI_Result,
    >,
    pub NewSerializer: Option<
        unsafe extern "system" fn(
            application: *mut MI_Application,
            flags: MI_Uint32,
            format: *mut MI_Char,
            serializer: *mut MI_Serializer,
        ) -> MI_Result,
    >,
    pub NewDeserializer: Option<
        unsafe extern "system" fn(
            application: *mut MI_Application,
            flags: MI_Uint32,
            format: *mut MI_Char,
            deserializer: *mut MI_Deserializer,
        ) -> MI_Result,
    >,
    pub NewInstanceFromClass: Option<
        unsafe extern "system" fn(
            application: *mut MI_Application,
            className: *const MI_Char,
            classObject: *const MI_Class,
            instance: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub NewClass: Option<
        unsafe extern "system" fn(
            application: *mut MI_Application,
            classDecl: *const MI_ClassDecl,
            namespaceName: *const MI_Char,
            serverName: *const MI_Char,
            classObject: *mut *mut MI_Class,
        ) -> MI_Result,
    >,
}

/// 15 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_SessionFT {
    pub Close: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            completionContext: *mut c_void,
            completionCallback: Option<unsafe extern "system" fn(completionContext: *mut c_void)>,
        ) -> MI_Result,
    >,
    pub GetApplication: Option<
        unsafe extern "system" fn(session: *mut MI_Session, application: *mut MI_Application) -> MI_Result,
    >,
    pub GetInstance: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            options: *mut MI_OperationOptions,
            namespaceName: *const MI_Char,
            inboundInstance: *const MI_Instance,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ),
    >,
    pub ModifyInstance: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            options: *mut MI_OperationOptions,
            namespaceName: *const MI_Char,
            inboundInstance: *const MI_Instance,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ),
    >,
    pub CreateInstance: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            options: *mut MI_OperationOptions,
            namespaceName: *const MI_Char,
            inboundInstance: *const MI_Instance,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ),
    >,
    pub DeleteInstance: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            options: *mut MI_OperationOptions,
            namespaceName: *const MI_Char,
            inboundInstance: *const MI_Instance,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ),
    >,
    pub Invoke: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            options: *mut MI_OperationOptions,
            namespaceName: *const MI_Char,
            className: *const MI_Char,
            methodName: *const MI_Char,
            inboundInstance: *const MI_Instance,
            inboundProperties: *const MI_Instance,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ),
    >,
    pub EnumerateInstances: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            options: *mut MI_OperationOptions,
            namespaceName: *const MI_Char,
            className: *const MI_Char,
            keysOnly: MI_Boolean,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ),
    >,
    pub QueryInstances: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            options: *mut MI_OperationOptions,
            namespaceName: *const MI_Char,
            queryDialect: *const MI_Char,
            queryExpression: *const MI_Char,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ),
    >,
    pub AssociatorInstances: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            options: *mut MI_OperationOptions,
            namespaceName: *const MI_Char,
            instanceKeys: *const MI_Instance,
            assocClass: *const MI_Char,
            resultClass: *const MI_Char,
            role: *const MI_Char,
            resultRole: *const MI_Char,
            keysOnly: MI_Boolean,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ),
    >,
    pub ReferenceInstances: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            options: *mut MI_OperationOptions,
            namespaceName: *const MI_Char,
            instanceKeys: *const MI_Instance,
            resultClass: *const MI_Char,
            role: *const MI_Char,
            keysOnly: MI_Boolean,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ),
    >,
    pub Subscribe: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            options: *mut MI_OperationOptions,
            namespaceName: *const MI_Char,
            queryDialect: *const MI_Char,
            queryExpression: *const MI_Char,
            deliverOptions: *const MI_SubscriptionDeliveryOptions,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ),
    >,
    pub GetClass: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            options: *mut MI_OperationOptions,
            namespaceName: *const MI_Char,
            className: *const MI_Char,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ),
    >,
    pub EnumerateClasses: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            options: *mut MI_OperationOptions,
            namespaceName: *const MI_Char,
            className: *const MI_Char,
            classNamesOnly: MI_Boolean,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ),
    >,
    pub TestConnection: Option<
        unsafe extern "system" fn(
            session: *mut MI_Session,
            flags: MI_Uint32,
            callbacks: *mut MI_OperationCallbacks,
            operation: *mut MI_Operation,
        ),
    >,
}

/// 6 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_OperationFT {
    pub Close: Option<unsafe extern "system" fn(operation: *mut MI_Operation) -> MI_Result>,
    pub Cancel: Option<
        unsafe extern "system" fn(operation: *mut MI_Operation, reason: MI_CancellationReason) -> MI_Result,
    >,
    pub GetSession: Option<
        unsafe extern "system" fn(operation: *mut MI_Operation, session: *mut MI_Session) -> MI_Result,
    >,
    pub GetInstance: Option<
        unsafe extern "system" fn(
            operation: *mut MI_Operation,
            instance: *mut *const MI_Instance,
            moreResults: *mut MI_Boolean,
            result: *mut MI_Result,
            errorMessage: *mut *const MI_Char,
            completionDetails: *mut *const MI_Instance,
        ) -> MI_Result,
    >,
    pub GetIndication: Option<
        unsafe extern "system" fn(
            operation: *mut MI_Operation,
            instance: *mut *const MI_Instance,
            bookmark: *mut *const MI_Char,
            machineID: *mut *const MI_Char,
            moreResults: *mut MI_Boolean,
            result: *mut MI_Result,
            errorMessage: *mut *const MI_Char,
            completionDetails: *mut *const MI_Instance,
        ) -> MI_Result,
    >,
    pub GetClass: Option<
        unsafe extern "system" fn(
            operation: *mut MI_Operation,
            classResult: *mut *const MI_Class,
            moreResults: *mut MI_Boolean,
            result: *mut MI_Result,
            errorMessage: *mut *const MI_Char,
            completionDetails: *mut *const MI_Instance,
        ) -> MI_Result,
    >,
}

/// 2 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_HostedProviderFT {
    pub Close: Option<unsafe extern "system" fn(hostedProvider: *mut MI_HostedProvider) -> MI_Result>,
    pub GetApplication: Option<
        unsafe extern "system" fn(
            hostedProvider: *mut MI_HostedProvider,
            application: *mut MI_Application,
        ) -> MI_Result,
    >,
}

/// 15 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_DestinationOptionsFT {
    pub Delete: Option<unsafe extern "system" fn(options: *mut MI_DestinationOptions)>,
    pub SetString: Option<
        unsafe extern "system" fn(
            options: *mut MI_DestinationOptions,
            optionName: *const MI_Char,
            value: *const MI_Char,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub SetNumber: Option<
        unsafe extern "system" fn(
            options: *mut MI_DestinationOptions,
            optionName: *const MI_Char,
            value: MI_Uint32,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub AddCredentials: Option<
        unsafe extern "system" fn(
            options: *mut MI_DestinationOptions,
            optionName: *const MI_Char,
            credentials: *const MI_UserCredentials,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetString: Option<
        unsafe extern "system" fn(
            options: *const MI_DestinationOptions,
            optionName: *const MI_Char,
            value: *mut *const MI_Char,
            index: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetNumber: Option<
        unsafe extern "system" fn(
            options: *const MI_DestinationOptions,
            optionName: *const MI_Char,
            value: *mut MI_Uint32,
            index: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetOptionCount: Option<
        unsafe extern "system" fn(options: *const MI_DestinationOptions, count: *mut MI_Uint32) -> MI_Result,
    >,
    pub GetOptionAt: Option<
        unsafe extern "system" fn(
            options: *const MI_DestinationOptions,
            index: MI_Uint32,
            optionName: *mut *const MI_Char,
            value: *mut MI_Value,
            type_: *mut MI_Type,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetOption: Option<
        unsafe extern "system" fn(
            options: *const MI_DestinationOptions,
            optionName: *const MI_Char,
            value: *mut MI_Value,
            type_: *mut MI_Type,
            index: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetCredentialsCount: Option<
        unsafe extern "system" fn(options: *const MI_DestinationOptions, count: *mut MI_Uint32) -> MI_Result,
    >,
    pub GetCredentialsAt: Option<
        unsafe extern "system" fn(
            options: *const MI_DestinationOptions,
            index: MI_Uint32,
            optionName: *mut *const MI_Char,
            credentials: *mut MI_UserCredentials,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetCredentialsPasswordAt: Option<
        unsafe extern "system" fn(
            options: *const MI_DestinationOptions,
            index: MI_Uint32,
            optionName: *mut *const MI_Char,
            password: *mut MI_Char,
            bufferLength: MI_Uint32,
            passwordLength: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub Clone: Option<
        unsafe extern "system" fn(
            self_: *const MI_DestinationOptions,
            newDestinationOptions: *mut MI_DestinationOptions,
        ) -> MI_Result,
    >,
    pub SetInterval: Option<
        unsafe extern "system" fn(
            options: *mut MI_DestinationOptions,
            optionName: *const MI_Char,
            value: *const MI_Interval,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetInterval: Option<
        unsafe extern "system" fn(
            options: *const MI_DestinationOptions,
            optionName: *const MI_Char,
            value: *mut MI_Interval,
            index: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
}

/// 13 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_OperationOptionsFT {
    pub Delete: Option<unsafe extern "system" fn(options: *mut MI_OperationOptions)>,
    pub SetString: Option<
        unsafe extern "system" fn(
            options: *mut MI_OperationOptions,
            optionName: *const MI_Char,
            value: *const MI_Char,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub SetNumber: Option<
        unsafe extern "system" fn(
            options: *mut MI_OperationOptions,
            optionName: *const MI_Char,
            value: MI_Uint32,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub SetCustomOption: Option<
        unsafe extern "system" fn(
            options: *mut MI_OperationOptions,
            optionName: *const MI_Char,
            valueType: MI_Type,
            value: *const MI_Value,
            mustComply: MI_Boolean,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetString: Option<
        unsafe extern "system" fn(
            options: *const MI_OperationOptions,
            optionName: *const MI_Char,
            value: *mut *const MI_Char,
            index: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetNumber: Option<
        unsafe extern "system" fn(
            options: *const MI_OperationOptions,
            optionName: *const MI_Char,
            value: *mut MI_Uint32,
            index: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetOptionCount: Option<
        unsafe extern "system" fn(options: *const MI_OperationOptions, count: *mut MI_Uint32) -> MI_Result,
    >,
    pub GetOptionAt: Option<
        unsafe extern "system" fn(
            options: *const MI_OperationOptions,
            index: MI_Uint32,
            optionName: *mut *const MI_Char,
            value: *mut MI_Value,
            type_: *mut MI_Type,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetOption: Option<
        unsafe extern "system" fn(
            options: *const MI_OperationOptions,
            optionName: *const MI_Char,
            value: *mut MI_Value,
            type_: *mut MI_Type,
            index: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetEnabledChannels: Option<
        unsafe extern "system" fn(
            options: *const MI_OperationOptions,
            optionName: *const MI_Char,
            channels: *mut MI_Uint32,
            bufferLength: MI_Uint32,
            channelCount: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub Clone: Option<
        unsafe extern "system" fn(
            self_: *const MI_OperationOptions,
            newOperationOptions: *mut MI_OperationOptions,
        ) -> MI_Result,
    >,
    pub SetInterval: Option<
        unsafe extern "system" fn(
            options: *mut MI_OperationOptions,
            optionName: *const MI_Char,
            value: *const MI_Interval,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetInterval: Option<
        unsafe extern "system" fn(
            options: *const MI_OperationOptions,
            optionName: *const MI_Char,
            value: *mut MI_Interval,
            index: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
}

/// 17 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_SubscriptionDeliveryOptionsFT {
    pub SetString: Option<
        unsafe extern "system" fn(
            options: *mut MI_SubscriptionDeliveryOptions,
            optionName: *const MI_Char,
            value: *const MI_Char,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub SetNumber: Option<
        unsafe extern "system" fn(
            options: *mut MI_SubscriptionDeliveryOptions,
            optionName: *const MI_Char,
            value: MI_Uint32,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub SetDateTime: Option<
        unsafe extern "system" fn(
            options: *mut MI_SubscriptionDeliveryOptions,
            optionName: *const MI_Char,
            value: *const MI_Datetime,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub SetInterval: Option<
        unsafe extern "system" fn(
            options: *mut MI_SubscriptionDeliveryOptions,
            optionName: *const MI_Char,
            value: *const MI_Interval,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub AddCredentials: Option<
        unsafe extern "system" fn(
            options: *mut MI_SubscriptionDeliveryOptions,
            optionName: *const MI_Char,
            credentials: *const MI_UserCredentials,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub Delete: Option<unsafe extern "system" fn(self_: *mut MI_SubscriptionDeliveryOptions) -> MI_Result>,
    pub GetString: Option<
        unsafe extern "system" fn(
            options: *const MI_SubscriptionDeliveryOptions,
            optionName: *const MI_Char,
            value: *mut *const MI_Char,
            index: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetNumber: Option<
        unsafe extern "system" fn(
            options: *const MI_SubscriptionDeliveryOptions,
            optionName: *const MI_Char,
            value: *mut MI_Uint32,
            index: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetDateTime: Option<
        unsafe extern "system" fn(
            options: *const MI_SubscriptionDeliveryOptions,
            optionName: *const MI_Char,
            value: *mut MI_Datetime,
            index: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetInterval: Option<
        unsafe extern "system" fn(
            options: *const MI_SubscriptionDeliveryOptions,
            optionName: *const MI_Char,
            value: *mut MI_Interval,
            index: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetOptionCount: Option<
        unsafe extern "system" fn(
            options: *const MI_SubscriptionDeliveryOptions,
            count: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetOptionAt: Option<
        unsafe extern "system" fn(
            options: *const MI_SubscriptionDeliveryOptions,
            index: MI_Uint32,
            optionName: *mut *const MI_Char,
            value: *mut MI_Value,
            type_: *mut MI_Type,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetOption: Option<
        unsafe extern "system" fn(
            options: *const MI_SubscriptionDeliveryOptions,
            optionName: *const MI_Char,
            value: *mut MI_Value,
            type_: *mut MI_Type,
            index: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetCredentialsCount: Option<
        unsafe extern "system" fn(
            options: *const MI_SubscriptionDeliveryOptions,
            count: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetCredentialsAt: Option<
        unsafe extern "system" fn(
            options: *const MI_SubscriptionDeliveryOptions,
            index: MI_Uint32,
            optionName: *mut *const MI_Char,
            credentials: *mut MI_UserCredentials,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetCredentialsPasswordAt: Option<
        unsafe extern "system" fn(
            options: *const MI_SubscriptionDeliveryOptions,
            index: MI_Uint32,
            optionName: *mut *const MI_Char,
            password: *mut MI_Char,
            bufferLength: MI_Uint32,
            passwordLength: *mut MI_Uint32,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub Clone: Option<
        unsafe extern "system" fn(
            self_: *const MI_SubscriptionDeliveryOptions,
            newSubscriptionDeliveryOptions: *mut MI_SubscriptionDeliveryOptions,
        ) -> MI_Result,
    >,
}

/// 3 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_SerializerFT {
    pub Close: Option<unsafe extern "system" fn(serializer: *mut MI_Serializer) -> MI_Result>,
    pub SerializeClass: Option<
        unsafe extern "system" fn(
            serializer: *mut MI_Serializer,
            flags: MI_Uint32,
            classObject: *const MI_Class,
            clientBuffer: *mut MI_Uint8,
            clientBufferLength: MI_Uint32,
            clientBufferNeeded: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub SerializeInstance: Option<
        unsafe extern "system" fn(
            serializer: *mut MI_Serializer,
            flags: MI_Uint32,
            instanceObject: *const MI_Instance,
            clientBuffer: *mut MI_Uint8,
            clientBufferLength: MI_Uint32,
            clientBufferNeeded: *mut MI_Uint32,
        ) -> MI_Result,
    >,
}

/// 6 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_DeserializerFT {
    pub Close: Option<unsafe extern "system" fn(deserializer: *mut MI_Deserializer) -> MI_Result>,
    pub DeserializeClass: Option<
        unsafe extern "system" fn(
            deserializer: *mut MI_Deserializer,
            flags: MI_Uint32,
            serializedBuffer: *mut MI_Uint8,
            serializedBufferLength: MI_Uint32,
            parentClass: *mut MI_Class,
            serverName: *const MI_Char,
            namespaceName: *const MI_Char,
            classObjectNeeded: MI_Deserializer_ClassObjectNeeded,
            classObjectNeededContext: *mut c_void,
            serializedBufferRead: *mut MI_Uint32,
            classObject: *mut *mut MI_Class,
            cimErrorDetails: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub Class_GetClassName: Option<
        unsafe extern "system" fn(
            deserializer: *mut MI_Deserializer,
            serializedBuffer: *mut MI_Uint8,
            serializedBufferLength: MI_Uint32,
            className: *mut MI_Char,
            classNameLength: *mut MI_Uint32,
            cimErrorDetails: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub Class_GetParentClassName: Option<
        unsafe extern "system" fn(
            deserializer: *mut MI_Deserializer,
            serializedBuffer: *mut MI_Uint8,
            serializedBufferLength: MI_Uint32,
            parentClassName: *mut MI_Char,
            parentClassNameLength: *mut MI_Uint32,
            cimErrorDetails: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub DeserializeInstance: Option<
        unsafe extern "system" fn(
            deserializer: *mut MI_Deserializer,
            flags: MI_Uint32,
            serializedBuffer: *mut MI_Uint8,
            serializedBufferLength: MI_Uint32,
            classObjects: *mut *mut MI_Class,
            numberClassObjects: MI_Uint32,
            classObjectNeeded: MI_Deserializer_ClassObjectNeeded,
            classObjectNeededContext: *mut c_void,
            serializedBufferRead: *mut MI_Uint32,
            instanceObject: *mut *mut MI_Instance,
            cimErrorDetails: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub Instance_GetClassName: Option<
        unsafe extern "system" fn(
            deserializer: *mut MI_Deserializer,
            serializedBuffer: *mut MI_Uint8,
            serializedBufferLength: MI_Uint32,
            className: *mut MI_Char,
            classNameLength: *mut MI_Uint32,
            cimErrorDetails: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
}

/// 2 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_UtilitiesFT {
    pub MapErrorToMiErrorCategory:
        Option<unsafe extern "system" fn(errorType: *const MI_Char, error: MI_Uint32) -> MI_ErrorCategory>,
    pub CimErrorFromErrorCode: Option<
        unsafe extern "system" fn(
            error: MI_Uint32,
            errorType: *const MI_Char,
            errorMessage: *const MI_Char,
            cimError: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
}

/// 18 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_InstanceFT {
    pub Clone: Option<
        unsafe extern "system" fn(self_: *const MI_Instance, newInstance: *mut *mut MI_Instance) -> MI_Result,
    >,
    pub Destruct: Option<unsafe extern "system" fn(self_: *mut MI_Instance) -> MI_Result>,
    pub Delete: Option<unsafe extern "system" fn(self_: *mut MI_Instance) -> MI_Result>,
    pub IsA: Option<
        unsafe extern "system" fn(
            self_: *const MI_Instance,
            classDecl: *const MI_ClassDecl,
            flag: *mut MI_Boolean,
        ) -> MI_Result,
    >,
    pub GetClassName: Option<
        unsafe extern "system" fn(self_: *const MI_Instance, className: *mut *const MI_Char) -> MI_Result,
    >,
    pub SetNameSpace:
        Option<unsafe extern "system" fn(self_: *mut MI_Instance, nameSpace: *const MI_Char) -> MI_Result>,
    pub GetNameSpace: Option<
        unsafe extern "system" fn(self_: *const MI_Instance, nameSpace: *mut *const MI_Char) -> MI_Result,
    >,
    pub GetElementCount:
        Option<unsafe extern "system" fn(self_: *const MI_Instance, count: *mut MI_Uint32) -> MI_Result>,
    pub AddElement: Option<
        unsafe extern "system" fn(
            self_: *mut MI_Instance,
            name: *const MI_Char,
            value: *const MI_Value,
            type_: MI_Type,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub SetElement: Option<
        unsafe extern "system" fn(
            self_: *mut MI_Instance,
            name: *const MI_Char,
            value: *const MI_Value,
            type_: MI_Type,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub SetElementAt: Option<
        unsafe extern "system" fn(
            self_: *mut MI_Instance,
            index: MI_Uint32,
            value: *const MI_Value,
            type_: MI_Type,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetElement: Option<
        unsafe extern "system" fn(
            self_: *const MI_Instance,
            name: *const MI_Char,
            value: *mut MI_Value,
            type_: *mut MI_Type,
            flags: *mut MI_Uint32,
            index: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetElementAt: Option<
        unsafe extern "system" fn(
            self_: *const MI_Instance,
            index: MI_Uint32,
            name: *mut *const MI_Char,
            value: *mut MI_Value,
            type_: *mut MI_Type,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub ClearElement:
        Option<unsafe extern "system" fn(self_: *mut MI_Instance, name: *const MI_Char) -> MI_Result>,
    pub ClearElementAt:
        Option<unsafe extern "system" fn(self_: *mut MI_Instance, index: MI_Uint32) -> MI_Result>,
    pub GetServerName:
        Option<unsafe extern "system" fn(self_: *const MI_Instance, name: *mut *const MI_Char) -> MI_Result>,
    pub SetServerName:
        Option<unsafe extern "system" fn(self_: *mut MI_Instance, name: *const MI_Char) -> MI_Result>,
    pub GetClass: Option<
        unsafe extern "system" fn(self_: *const MI_Instance, instanceClass: *mut *mut MI_Class) -> MI_Result,
    >,
}

/// 14 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_ClassFT {
    pub GetClassName: Option<
        unsafe extern "system" fn(self_: *const MI_Class, className: *mut *const MI_Char) -> MI_Result,
    >,
    pub GetNameSpace: Option<
        unsafe extern "system" fn(self_: *const MI_Class, nameSpace: *mut *const MI_Char) -> MI_Result,
    >,
    pub GetServerName: Option<
        unsafe extern "system" fn(self_: *const MI_Class, serverName: *mut *const MI_Char) -> MI_Result,
    >,
    pub GetElementCount:
        Option<unsafe extern "system" fn(self_: *const MI_Class, count: *mut MI_Uint32) -> MI_Result>,
    pub GetElement: Option<
        unsafe extern "system" fn(
            self_: *const MI_Class,
            name: *const MI_Char,
            value: *mut MI_Value,
            valueExists: *mut MI_Boolean,
            type_: *mut MI_Type,
            referenceClass: *mut *mut MI_Char,
            qualifierSet: *mut MI_QualifierSet,
            flags: *mut MI_Uint32,
            index: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetElementAt: Option<
        unsafe extern "system" fn(
            self_: *const MI_Class,
            index: MI_Uint32,
            name: *mut *const MI_Char,
            value: *mut MI_Value,
            valueExists: *mut MI_Boolean,
            type_: *mut MI_Type,
            referenceClass: *mut *mut MI_Char,
            qualifierSet: *mut MI_QualifierSet,
            flags: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetClassQualifierSet: Option<
        unsafe extern "system" fn(self_: *const MI_Class, qualifierSet: *mut MI_QualifierSet) -> MI_Result,
    >,
    pub GetMethodCount:
        Option<unsafe extern "system" fn(self_: *const MI_Class, count: *mut MI_Uint32) -> MI_Result>,
    pub GetMethodAt: Option<
        unsafe extern "system" fn(
            self_: *const MI_Class,
            index: MI_Uint32,
            name: *mut *const MI_Char,
            qualifierSet: *mut MI_QualifierSet,
            parameterSet: *mut MI_ParameterSet,
        ) -> MI_Result,
    >,
    pub GetMethod: Option<
        unsafe extern "system" fn(
            self_: *const MI_Class,
            name: *const MI_Char,
            qualifierSet: *mut MI_QualifierSet,
            parameterSet: *mut MI_ParameterSet,
            index: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetParentClassName:
        Option<unsafe extern "system" fn(self_: *const MI_Class, name: *mut *const MI_Char) -> MI_Result>,
    pub GetParentClass: Option<
        unsafe extern "system" fn(self_: *const MI_Class, parentClass: *mut *mut MI_Class) -> MI_Result,
    >,
    pub Delete: Option<unsafe extern "system" fn(self_: *mut MI_Class) -> MI_Result>,
    pub Clone:
        Option<unsafe extern "system" fn(self_: *const MI_Class, newClass: *mut *mut MI_Class) -> MI_Result>,
}

/// 3 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_QualifierSetFT {
    pub GetQualifierCount:
        Option<unsafe extern "system" fn(self_: *const MI_QualifierSet, count: *mut MI_Uint32) -> MI_Result>,
    pub GetQualifierAt: Option<
        unsafe extern "system" fn(
            self_: *const MI_QualifierSet,
            index: MI_Uint32,
            name: *mut *const MI_Char,
            qualifierType: *mut MI_Type,
            qualifierFlags: *mut MI_Uint32,
            qualifierValue: *mut MI_Value,
        ) -> MI_Result,
    >,
    pub GetQualifier: Option<
        unsafe extern "system" fn(
            self_: *const MI_QualifierSet,
            name: *const MI_Char,
            qualifierType: *mut MI_Type,
            qualifierFlags: *mut MI_Uint32,
            qualifierValue: *mut MI_Value,
            index: *mut MI_Uint32,
        ) -> MI_Result,
    >,
}

/// 4 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_ParameterSetFT {
    pub GetMethodReturnType: Option<
        unsafe extern "system" fn(
            self_: *const MI_ParameterSet,
            returnType: *mut MI_Type,
            qualifierSet: *mut MI_QualifierSet,
        ) -> MI_Result,
    >,
    pub GetParameterCount:
        Option<unsafe extern "system" fn(self_: *const MI_ParameterSet, count: *mut MI_Uint32) -> MI_Result>,
    pub GetParameterAt: Option<
        unsafe extern "system" fn(
            self_: *const MI_ParameterSet,
            index: MI_Uint32,
            name: *mut *const MI_Char,
            parameterType: *mut MI_Type,
            referenceClass: *mut *mut MI_Char,
            qualifierSet: *mut MI_QualifierSet,
        ) -> MI_Result,
    >,
    pub GetParameter: Option<
        unsafe extern "system" fn(
            self_: *const MI_ParameterSet,
            name: *const MI_Char,
            parameterType: *mut MI_Type,
            referenceClass: *mut *mut MI_Char,
            qualifierSet: *mut MI_QualifierSet,
            index: *mut MI_Uint32,
        ) -> MI_Result,
    >,
}

/// What the exported `mi_clientFT_V1` points to: the ten client tables (docs/ABI.md §3.1).
#[repr(C)]
#[derive(Debug)]
pub struct MI_ClientFT_V1 {
    pub applicationFT: &'static MI_ApplicationFT,
    pub sessionFT: &'static MI_SessionFT,
    pub operationFT: &'static MI_OperationFT,
    pub hostedProviderFT: &'static MI_HostedProviderFT,
    pub serializerFT: &'static MI_SerializerFT,
    pub deserializerFT: &'static MI_DeserializerFT,
    pub subscribeDeliveryOptionsFT: &'static MI_SubscriptionDeliveryOptionsFT,
    pub destinationOptionsFT: &'static MI_DestinationOptionsFT,
    pub operationOptionsFT: &'static MI_OperationOptionsFT,
    pub utilitiesFT: &'static MI_UtilitiesFT,
}
