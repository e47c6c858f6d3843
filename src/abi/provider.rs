//! Provider-side types (docs/ABI.md §7): what an in-process provider host implements
//! (`MI_Context`, `MI_Server`, property sets, filters, lifecycle contexts) and what a provider
//! exports (`MI_Module`, `MI_ProviderFT`). Declared now so the header is complete.

use super::decl::{MI_ClassDecl, MI_MethodDecl, MI_SchemaDecl};
use super::handles::*;
use super::scalars::*;
use super::tables::MI_CancelCallback;
use super::values::*;
use core::ffi::c_void;

/// Provider-owned module state; opaque to the host.
pub struct MI_Module_Self {
    _private: (),
}

// ---- Provider typedefs (§7.2) ------------------------------------------------------------
pub type MI_MainFunction = Option<unsafe extern "C" fn(server: *mut MI_Server) -> *mut MI_Module>;
pub type MI_Module_Load =
    Option<unsafe extern "system" fn(self_: *mut *mut MI_Module_Self, context: *mut MI_Context)>;
pub type MI_Module_Unload =
    Option<unsafe extern "system" fn(self_: *mut MI_Module_Self, context: *mut MI_Context)>;
pub type MI_ProviderFT_Load = Option<
    unsafe extern "system" fn(
        self_: *mut *mut c_void,
        selfModule: *mut MI_Module_Self,
        context: *mut MI_Context,
    ),
>;
pub type MI_ProviderFT_Unload =
    Option<unsafe extern "system" fn(self_: *mut c_void, context: *mut MI_Context)>;
pub type MI_ProviderFT_GetInstance = Option<
    unsafe extern "system" fn(
        self_: *mut c_void,
        context: *mut MI_Context,
        nameSpace: *const MI_Char,
        className: *const MI_Char,
        instanceName: *const MI_Instance,
        propertySet: *const MI_PropertySet,
    ),
>;
pub type MI_ProviderFT_EnumerateInstances = Option<
    unsafe extern "system" fn(
        self_: *mut c_void,
        context: *mut MI_Context,
        nameSpace: *const MI_Char,
        className: *const MI_Char,
        propertySet: *const MI_PropertySet,
        keysOnly: MI_Boolean,
        filter: *const MI_Filter,
    ),
>;
pub type MI_ProviderFT_CreateInstance = Option<
    unsafe extern "system" fn(
        self_: *mut c_void,
        context: *mut MI_Context,
        nameSpace: *const MI_Char,
        className: *const MI_Char,
        newInstance: *const MI_Instance,
    ),
>;
pub type MI_ProviderFT_ModifyInstance = Option<
    unsafe extern "system" fn(
        self_: *mut c_void,
        context: *mut MI_Context,
        nameSpace: *const MI_Char,
        className: *const MI_Char,
        modifiedInstance: *const MI_Instance,
        propertySet: *const MI_PropertySet,
    ),
>;
pub type MI_ProviderFT_DeleteInstance = Option<
    unsafe extern "system" fn(
        self_: *mut c_void,
        context: *mut MI_Context,
        nameSpace: *const MI_Char,
        className: *const MI_Char,
        instanceName: *const MI_Instance,
    ),
>;
pub type MI_ProviderFT_AssociatorInstances = Option<
    unsafe extern "system" fn(
        self_: *mut c_void,
        context: *mut MI_Context,
        nameSpace: *const MI_Char,
        className: *const MI_Char,
        instanceName: *const MI_Instance,
        resultClass: *const MI_Char,
        role: *const MI_Char,
        resultRole: *const MI_Char,
        propertySet: *const MI_PropertySet,
        keysOnly: MI_Boolean,
        filter: *const MI_Filter,
    ),
>;
pub type MI_ProviderFT_ReferenceInstances = Option<
    unsafe extern "system" fn(
        self_: *mut c_void,
        context: *mut MI_Context,
        nameSpace: *const MI_Char,
        className: *const MI_Char,
        instanceName: *const MI_Instance,
        role: *const MI_Char,
        propertySet: *const MI_PropertySet,
        keysOnly: MI_Boolean,
        filter: *const MI_Filter,
    ),
>;
pub type MI_ProviderFT_EnableIndications = Option<
    unsafe extern "system" fn(
        self_: *mut c_void,
        indicationsContext: *mut MI_Context,
        nameSpace: *const MI_Char,
        className: *const MI_Char,
    ),
>;
pub type MI_ProviderFT_DisableIndications = Option<
    unsafe extern "system" fn(
        self_: *mut c_void,
        indicationsContext: *mut MI_Context,
        nameSpace: *const MI_Char,
        className: *const MI_Char,
    ),
>;
pub type MI_ProviderFT_Subscribe = Option<
    unsafe extern "system" fn(
        self_: *mut c_void,
        context: *mut MI_Context,
        nameSpace: *const MI_Char,
        className: *const MI_Char,
        filter: *const MI_Filter,
        bookmark: *const MI_Char,
        subscriptionID: MI_Uint64,
        subscriptionSelf: *mut *mut c_void,
    ),
>;
pub type MI_ProviderFT_Unsubscribe = Option<
    unsafe extern "system" fn(
        self_: *mut c_void,
        context: *mut MI_Context,
        nameSpace: *const MI_Char,
        className: *const MI_Char,
        subscriptionID: MI_Uint64,
        subscriptionSelf: *mut c_void,
    ),
>;
pub type MI_ProviderFT_Invoke = Option<
    unsafe extern "system" fn(
        self_: *mut c_void,
        context: *mut MI_Context,
        nameSpace: *const MI_Char,
        className: *const MI_Char,
        methodName: *const MI_Char,
        instanceName: *const MI_Instance,
        inputParameters: *const MI_Instance,
    ),
>;
pub type MI_MethodDecl_Invoke = Option<
    unsafe extern "system" fn(
        self_: *mut c_void,
        context: *mut MI_Context,
        nameSpace: *const MI_Char,
        className: *const MI_Char,
        methodName: *const MI_Char,
        instanceName: *const MI_Instance,
        parameters: *const MI_Instance,
    ),
>;
pub type MI_LifecycleIndicationCallback =
    Option<unsafe extern "system" fn(types: MI_Uint32, callbackData: *mut c_void)>;

#[repr(C)]
#[derive(Debug)]
pub struct MI_Context {
    pub ft: *const MI_ContextFT,
    pub reserved: [isize; 3],
}

#[repr(C)]
#[derive(Debug)]
pub struct MI_Filter {
    pub ft: *const MI_FilterFT,
    pub reserved: [isize; 3],
}

#[repr(C)]
#[derive(Debug)]
pub struct MI_PropertySet {
    pub ft: *const MI_PropertySetFT,
    pub reserved: [isize; 3],
}

#[repr(C)]
#[derive(Debug)]
pub struct MI_LifecycleIndicationContext {
    pub ft: *const MI_LifecycleIndicationContextFT,
    pub reserved: [isize; 3],
}

#[repr(C)]
#[derive(Debug)]
pub struct MI_Server {
    pub serverFT: *const MI_ServerFT,
    pub contextFT: *const MI_ContextFT,
    pub instanceFT: *const super::tables::MI_InstanceFT,
    pub propertySetFT: *const MI_PropertySetFT,
    pub filterFT: *const MI_FilterFT,
}

/// What a provider's `MI_Main` returns.
#[repr(C)]
#[derive(Debug)]
pub struct MI_Module {
    pub version: MI_Uint32,
    pub generatorVersion: MI_Uint32,
    pub flags: MI_Uint32,
    pub charSize: MI_Uint32,
    pub schemaDecl: *mut MI_SchemaDecl,
    pub Load: MI_Module_Load,
    pub Unload: MI_Module_Unload,
    pub dynamicProviderFT: *const MI_ProviderFT,
}

/// 14 slots; NULL means the provider does not support the operation.
#[repr(C)]
#[derive(Debug)]
pub struct MI_ProviderFT {
    pub Load: MI_ProviderFT_Load,
    pub Unload: MI_ProviderFT_Unload,
    pub GetInstance: MI_ProviderFT_GetInstance,
    pub EnumerateInstances: MI_ProviderFT_EnumerateInstances,
    pub CreateInstance: MI_ProviderFT_CreateInstance,
    pub ModifyInstance: MI_ProviderFT_ModifyInstance,
    pub DeleteInstance: MI_ProviderFT_DeleteInstance,
    pub AssociatorInstances: MI_ProviderFT_AssociatorInstances,
    pub ReferenceInstances: MI_ProviderFT_ReferenceInstances,
    pub EnableIndications: MI_ProviderFT_EnableIndications,
    pub DisableIndications: MI_ProviderFT_DisableIndications,
    pub Subscribe: MI_ProviderFT_Subscribe,
    pub Unsubscribe: MI_ProviderFT_Unsubscribe,
    pub Invoke: MI_ProviderFT_Invoke,
}

/// 31 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_ContextFT {
    pub PostResult:
        Option<unsafe extern "system" fn(context: *mut MI_Context, result: MI_Result) -> MI_Result>,
    pub PostInstance: Option<
        unsafe extern "system" fn(context: *mut MI_Context, instance: *const MI_Instance) -> MI_Result,
    >,
    pub PostIndication: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            indication: *const MI_Instance,
            subscriptionIDCount: MI_Uint32,
            bookmark: *const MI_Char,
        ) -> MI_Result,
    >,
    pub ConstructInstance: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            classDecl: *const MI_ClassDecl,
            instance: *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub ConstructParameters: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            methodDecl: *const MI_MethodDecl,
            instance: *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub NewInstance: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            classDecl: *const MI_ClassDecl,
            instance: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub NewDynamicInstance: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            className: *const MI_Char,
            flags: MI_Uint32,
            instance: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub NewParameters: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            methodDecl: *const MI_MethodDecl,
            instance: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub Canceled:
        Option<unsafe extern "system" fn(context: *const MI_Context, flag: *mut MI_Boolean) -> MI_Result>,
    pub GetLocale: Option<
        unsafe extern "system" fn(
            context: *const MI_Context,
            localeType: MI_LocaleType,
            locale: *mut MI_Char,
        ) -> MI_Result,
    >,
    pub RegisterCancel: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            callback: MI_CancelCallback,
            callbackData: *mut c_void,
        ) -> MI_Result,
    >,
    pub RequestUnload: Option<unsafe extern "system" fn(context: *mut MI_Context) -> MI_Result>,
    pub RefuseUnload: Option<unsafe extern "system" fn(context: *mut MI_Context) -> MI_Result>,
    pub GetLocalSession:
        Option<unsafe extern "system" fn(context: *const MI_Context, session: *mut MI_Session) -> MI_Result>,
    pub SetStringOption: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            name: *const MI_Char,
            value: *const MI_Char,
        ) -> MI_Result,
    >,
    pub GetStringOption: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            name: *const MI_Char,
            value: *mut *const MI_Char,
        ) -> MI_Result,
    >,
    pub GetNumberOption: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            name: *const MI_Char,
            value: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub GetCustomOption: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            name: *const MI_Char,
            valueType: *mut MI_Type,
            value: *mut MI_Value,
        ) -> MI_Result,
    >,
    pub GetCustomOptionCount:
        Option<unsafe extern "system" fn(context: *mut MI_Context, count: *mut MI_Uint32) -> MI_Result>,
    pub GetCustomOptionAt: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            index: MI_Uint32,
            name: *mut *const MI_Char,
            valueType: *mut MI_Type,
            value: *mut MI_Value,
        ) -> MI_Result,
    >,
    pub WriteMessage: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            channel: MI_Uint32,
            message: *const MI_Char,
        ) -> MI_Result,
    >,
    pub WriteProgress: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            activity: *const MI_Char,
            currentOperation: *const MI_Char,
            statusDescription: *const MI_Char,
            percentComplete: MI_Uint32,
            secondsRemaining: MI_Uint32,
        ) -> MI_Result,
    >,
    pub WriteStreamParameter: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            name: *const MI_Char,
            value: *const MI_Value,
            type_: MI_Type,
            flags: MI_Uint32,
        ) -> MI_Result,
    >,
    pub WriteCimError: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            error: *const MI_Instance,
            flag: *mut MI_Boolean,
        ) -> MI_Result,
    >,
    pub PromptUser: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            message: *const MI_Char,
            promptType: MI_PromptType,
            result: *mut MI_Boolean,
        ) -> MI_Result,
    >,
    pub ShouldProcess: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            target: *const MI_Char,
            action: *const MI_Char,
            result: *mut MI_Boolean,
        ) -> MI_Result,
    >,
    pub ShouldContinue: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            message: *const MI_Char,
            result: *mut MI_Boolean,
        ) -> MI_Result,
    >,
    pub PostError: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            resultCode: MI_Uint32,
            resultType: *const MI_Char,
            errorMessage: *const MI_Char,
        ) -> MI_Result,
    >,
    pub PostCimError:
        Option<unsafe extern "system" fn(context: *mut MI_Context, error: *const MI_Instance) -> MI_Result>,
    pub WriteError: Option<
        unsafe extern "system" fn(
            context: *mut MI_Context,
            resultCode: MI_Uint32,
            resultType: *const MI_Char,
            errorMessage: *const MI_Char,
            flag: *mut MI_Boolean,
        ) -> MI_Result,
    >,
    pub GetLifecycleIndicationContext: Option<
        unsafe extern "system" fn(
            context: *const MI_Context,
            lifecycleContext: *mut *mut MI_LifecycleIndicationContext,
        ) -> MI_Result,
    >,
}

/// 2 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_ServerFT {
    pub GetVersion: Option<unsafe extern "system" fn(version: *mut MI_Uint32) -> MI_Result>,
    pub GetSystemName: Option<unsafe extern "system" fn(systemName: *mut *const MI_Char) -> MI_Result>,
}

/// 8 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_PropertySetFT {
    pub GetElementCount:
        Option<unsafe extern "system" fn(self_: *const MI_PropertySet, count: *mut MI_Uint32) -> MI_Result>,
    pub ContainsElement: Option<
        unsafe extern "system" fn(
            self_: *const MI_PropertySet,
            name: *const MI_Char,
            flag: *mut MI_Boolean,
        ) -> MI_Result,
    >,
    pub AddElement:
        Option<unsafe extern "system" fn(self_: *mut MI_PropertySet, name: *const MI_Char) -> MI_Result>,
    pub GetElementAt: Option<
        unsafe extern "system" fn(
            self_: *const MI_PropertySet,
            index: MI_Uint32,
            name: *mut *const MI_Char,
        ) -> MI_Result,
    >,
    pub Clear: Option<unsafe extern "system" fn(self_: *mut MI_PropertySet) -> MI_Result>,
    pub Destruct: Option<unsafe extern "system" fn(self_: *mut MI_PropertySet) -> MI_Result>,
    pub Delete: Option<unsafe extern "system" fn(self_: *mut MI_PropertySet) -> MI_Result>,
    pub Clone: Option<
        unsafe extern "system" fn(
            self_: *const MI_PropertySet,
            newPropertySet: *mut *mut MI_PropertySet,
        ) -> MI_Result,
    >,
}

/// 2 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_FilterFT {
    pub Evaluate: Option<
        unsafe extern "system" fn(
            self_: *const MI_Filter,
            instance: *const MI_Instance,
            result: *mut MI_Boolean,
        ) -> MI_Result,
    >,
    pub GetExpression: Option<
        unsafe extern "system" fn(
            self_: *const MI_Filter,
            queryLang: *mut *const MI_Char,
            queryExpr: *mut *const MI_Char,
        ) -> MI_Result,
    >,
}

/// 14 slots; slot order is the ABI.
#[repr(C)]
#[derive(Debug)]
pub struct MI_LifecycleIndicationContextFT {
    pub PostCreate: Option<
        unsafe extern "system" fn(
            context: *mut MI_LifecycleIndicationContext,
            instance: *const MI_Instance,
        ) -> MI_Result,
    >,
    pub PostModify: Option<
        unsafe extern "system" fn(
            context: *mut MI_LifecycleIndicationContext,
            orginalInstance: *const MI_Instance,
            instance: *const MI_Instance,
        ) -> MI_Result,
    >,
    pub PostDelete: Option<
        unsafe extern "system" fn(
            context: *mut MI_LifecycleIndicationContext,
            orginalInstance: *const MI_Instance,
        ) -> MI_Result,
    >,
    pub PostRead: Option<
        unsafe extern "system" fn(
            context: *mut MI_LifecycleIndicationContext,
            instance: *const MI_Instance,
        ) -> MI_Result,
    >,
    pub PostMethodCall: Option<
        unsafe extern "system" fn(
            context: *mut MI_LifecycleIndicationContext,
            instance: *const MI_Instance,
            methodName: *const MI_Char,
            precall: MI_Boolean,
            parameter: *const MI_Instance,
            returnvalue: *const MI_Char,
        ) -> MI_Result,
    >,
    pub PostResult: Option<
        unsafe extern "system" fn(
            context: *mut MI_LifecycleIndicationContext,
            result: MI_Result,
        ) -> MI_Result,
    >,
    pub ConstructInstance: Option<
        unsafe extern "system" fn(
            context: *mut MI_LifecycleIndicationContext,
            classDecl: *const MI_ClassDecl,
            instance: *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub ConstructParameters: Option<
        unsafe extern "system" fn(
            context: *mut MI_LifecycleIndicationContext,
            methodDecl: *const MI_MethodDecl,
            instance: *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub NewInstance: Option<
        unsafe extern "system" fn(
            context: *mut MI_LifecycleIndicationContext,
            classDecl: *const MI_ClassDecl,
            instance: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub NewDynamicInstance: Option<
        unsafe extern "system" fn(
            context: *mut MI_LifecycleIndicationContext,
            className: *const MI_Char,
            flags: MI_Uint32,
            instance: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub NewParameters: Option<
        unsafe extern "system" fn(
            context: *mut MI_LifecycleIndicationContext,
            methodDecl: *const MI_MethodDecl,
            instance: *mut *mut MI_Instance,
        ) -> MI_Result,
    >,
    pub SetSupportedTypes: Option<
        unsafe extern "system" fn(context: *mut MI_LifecycleIndicationContext, types: MI_Uint32) -> MI_Result,
    >,
    pub GetTypes: Option<
        unsafe extern "system" fn(
            context: *mut MI_LifecycleIndicationContext,
            types: *mut MI_Uint32,
        ) -> MI_Result,
    >,
    pub RegisterCallback: Option<
        unsafe extern "system" fn(
            context: *mut MI_LifecycleIndicationContext,
            callback: MI_LifecycleIndicationCallback,
            callbackData: *mut c_void,
        ) -> MI_Result,
    >,
}
