/*
 * mirs_sample.h - the MIRS_* classes of libMIRS_Sample.so: instance and parameter
 * structs laid out the way OMI's generator lays them out (the MI_Instance header, then
 * one MI_Const<Type>Field per property in declaration order), setters, the provider
 * entry points and small helpers over the MI_Context function table.
 *
 * include/mi.h (libmi-rs's header) declares the provider-side types but not the
 * reference MI.h's inline wrappers (MI_PostResult, MI_ConstructInstance, ...); the few
 * this provider needs are defined here as static inline functions over context->ft.
 */
#ifndef MIRS_SAMPLE_H
#define MIRS_SAMPLE_H

#include <mi.h>
#include <stddef.h>
#include <string.h>

#ifndef MI_CONST
#define MI_CONST const
#endif

#define MIRS_EXPORT __attribute__((visibility("default")))
#define MIRS_COUNT(a) ((MI_Uint32)(sizeof(a) / sizeof((a)[0])))

/* ---- MI_Context helpers ------------------------------------------------------------ */

static inline MI_Result MIRS_PostResult(MI_Context *context, MI_Result result)
{
    if (!context || !context->ft || !context->ft->PostResult)
        return MI_RESULT_INVALID_PARAMETER;
    return context->ft->PostResult(context, result);
}

static inline MI_Result MIRS_PostError(MI_Context *context, MI_Result result, const MI_Char *message)
{
    if (!context || !context->ft)
        return MI_RESULT_INVALID_PARAMETER;
    if (context->ft->PostError)
        return context->ft->PostError(context, result, MI_T("MI"), message);
    return MIRS_PostResult(context, result);
}

static inline MI_Result MIRS_PostInstance(MI_Context *context, const MI_Instance *instance)
{
    if (!context || !context->ft || !context->ft->PostInstance)
        return MI_RESULT_INVALID_PARAMETER;
    return context->ft->PostInstance(context, instance);
}

static inline MI_Result MIRS_PostIndication(MI_Context *context, const MI_Instance *indication)
{
    if (!context || !context->ft || !context->ft->PostIndication)
        return MI_RESULT_INVALID_PARAMETER;
    return context->ft->PostIndication(context, indication, 0, NULL);
}

static inline MI_Result MIRS_ConstructInstance(MI_Context *context, const MI_ClassDecl *decl, MI_Instance *instance)
{
    if (!context || !context->ft || !context->ft->ConstructInstance)
        return MI_RESULT_INVALID_PARAMETER;
    return context->ft->ConstructInstance(context, decl, instance);
}

static inline MI_Result MIRS_ConstructParameters(MI_Context *context, const MI_MethodDecl *decl, MI_Instance *instance)
{
    if (!context || !context->ft || !context->ft->ConstructParameters)
        return MI_RESULT_INVALID_PARAMETER;
    return context->ft->ConstructParameters(context, decl, instance);
}

/* Destructs a constructed instance; a no-op on one whose construction failed (ft NULL,
 * as the structs are zeroed before construction). */
static inline void MIRS_Destruct(MI_Instance *instance)
{
    if (instance && instance->ft && instance->ft->Destruct)
        (void)instance->ft->Destruct(instance);
}

/* ---- reading values out of the host's instances ------------------------------------- */

/* The value of property `name` of `instance` if it exists, is not NULL and has type
 * `type`; NULL otherwise. Reads by name, so it works for instances the host built from
 * our class declaration and for dynamic ones alike. */
const MI_Value *MIRS_GetValue(const MI_Instance *instance, const MI_Char *name, MI_Type type, MI_Value *storage);
const MI_Char *MIRS_GetString(const MI_Instance *instance, const MI_Char *name);
/* MI_TRUE when `instance` names class `className` (case-insensitive, as CIM names are). */
MI_Boolean MIRS_IsClass(const MI_Instance *instance, const MI_Char *className);
int MIRS_NameEq(const MI_Char *a, const MI_Char *b);

/* ---- generated-style field setters ------------------------------------------------- */

#define MIRS_SCALAR_SETTER(CLS, PROP, CTYPE)                                                     \
    static inline MI_Result CLS##_Set_##PROP(CLS *self, CTYPE x)                                 \
    {                                                                                            \
        self->PROP.value = x;                                                                    \
        self->PROP.exists = 1;                                                                   \
        return MI_RESULT_OK;                                                                     \
    }

#define MIRS_STRING_SETTER(CLS, PROP, INDEX)                                                     \
    static inline MI_Result CLS##_Set_##PROP(CLS *self, const MI_Char *str)                      \
    {                                                                                            \
        MI_Value v;                                                                              \
        memset(&v, 0, sizeof(v));                                                                \
        v.string = (MI_Char *)str;                                                               \
        return self->__instance.ft->SetElementAt(&self->__instance, INDEX, &v, MI_STRING, 0);    \
    }

#define MIRS_STRINGA_SETTER(CLS, PROP, INDEX)                                                    \
    static inline MI_Result CLS##_Set_##PROP(CLS *self, const MI_Char *const *data, MI_Uint32 size) \
    {                                                                                            \
        MI_Value v;                                                                              \
        memset(&v, 0, sizeof(v));                                                                \
        v.stringa.data = (MI_Char **)data;                                                       \
        v.stringa.size = size;                                                                   \
        return self->__instance.ft->SetElementAt(&self->__instance, INDEX, &v, MI_STRINGA, 0);   \
    }

#define MIRS_REAL64A_SETTER(CLS, PROP, INDEX)                                                    \
    static inline MI_Result CLS##_Set_##PROP(CLS *self, const MI_Real64 *data, MI_Uint32 size)   \
    {                                                                                            \
        MI_Value v;                                                                              \
        memset(&v, 0, sizeof(v));                                                                \
        v.real64a.data = (MI_Real64 *)data;                                                      \
        v.real64a.size = size;                                                                   \
        return self->__instance.ft->SetElementAt(&self->__instance, INDEX, &v, MI_REAL64A, 0);   \
    }

#define MIRS_REFERENCE_SETTER(CLS, PROP, INDEX)                                                  \
    static inline MI_Result CLS##_Set_##PROP(CLS *self, const MI_Instance *ref)                  \
    {                                                                                            \
        MI_Value v;                                                                              \
        memset(&v, 0, sizeof(v));                                                                \
        v.reference = (MI_Instance *)ref;                                                        \
        return self->__instance.ft->SetElementAt(&self->__instance, INDEX, &v, MI_REFERENCE, 0); \
    }

/* ---- MIRS_OperatingSystem ---------------------------------------------------------- */

typedef struct _MIRS_OperatingSystem {
    MI_Instance __instance;
    /*KEY*/ MI_ConstStringField Name;
    MI_ConstStringField KernelRelease;
    MI_ConstStringField KernelVersion;
    MI_ConstDatetimeField BootTime;
    MI_ConstDatetimeField Uptime;
    MI_ConstUint64Field TotalMemoryBytes;
    MI_ConstUint64Field FreeMemoryBytes;
    MI_ConstUint64Field AvailableMemoryBytes;
    MI_ConstUint32Field NumberOfProcesses;
    MI_ConstReal64AField LoadAverage;
} MIRS_OperatingSystem;

extern MI_CONST MI_ClassDecl MIRS_OperatingSystem_rtti;
MIRS_STRING_SETTER(MIRS_OperatingSystem, Name, 0)
MIRS_STRING_SETTER(MIRS_OperatingSystem, KernelRelease, 1)
MIRS_STRING_SETTER(MIRS_OperatingSystem, KernelVersion, 2)
MIRS_SCALAR_SETTER(MIRS_OperatingSystem, BootTime, MI_Datetime)
MIRS_SCALAR_SETTER(MIRS_OperatingSystem, Uptime, MI_Datetime)
MIRS_SCALAR_SETTER(MIRS_OperatingSystem, TotalMemoryBytes, MI_Uint64)
MIRS_SCALAR_SETTER(MIRS_OperatingSystem, FreeMemoryBytes, MI_Uint64)
MIRS_SCALAR_SETTER(MIRS_OperatingSystem, AvailableMemoryBytes, MI_Uint64)
MIRS_SCALAR_SETTER(MIRS_OperatingSystem, NumberOfProcesses, MI_Uint32)
MIRS_REAL64A_SETTER(MIRS_OperatingSystem, LoadAverage, 9)

/* ---- MIRS_Process ------------------------------------------------------------------ */

typedef struct _MIRS_Process {
    MI_Instance __instance;
    /*KEY*/ MI_ConstStringField Handle;
    MI_ConstStringField Name;
    MI_ConstUint32Field ProcessId;
    MI_ConstUint32Field ParentProcessId;
    MI_ConstStringField State;
    MI_ConstUint32Field ThreadCount;
    MI_ConstUint64Field ResidentBytes;
    MI_ConstDatetimeField StartTime;
    MI_ConstStringAField CommandLine;
} MIRS_Process;

extern MI_CONST MI_ClassDecl MIRS_Process_rtti;
MIRS_STRING_SETTER(MIRS_Process, Handle, 0)
MIRS_STRING_SETTER(MIRS_Process, Name, 1)
MIRS_SCALAR_SETTER(MIRS_Process, ProcessId, MI_Uint32)
MIRS_SCALAR_SETTER(MIRS_Process, ParentProcessId, MI_Uint32)
MIRS_STRING_SETTER(MIRS_Process, State, 4)
MIRS_SCALAR_SETTER(MIRS_Process, ThreadCount, MI_Uint32)
MIRS_SCALAR_SETTER(MIRS_Process, ResidentBytes, MI_Uint64)
MIRS_SCALAR_SETTER(MIRS_Process, StartTime, MI_Datetime)
MIRS_STRINGA_SETTER(MIRS_Process, CommandLine, 8)

/* MIRS_Process.Signal([in] uint32 Number) : uint32 */
typedef struct _MIRS_Process_Signal {
    MI_Instance __instance;
    /*OUT*/ MI_ConstUint32Field MIReturn;
    /*IN*/ MI_ConstUint32Field Number;
} MIRS_Process_Signal;

extern MI_CONST MI_MethodDecl MIRS_Process_Signal_rtti;
MIRS_SCALAR_SETTER(MIRS_Process_Signal, MIReturn, MI_Uint32)

/* static MIRS_Process.Count([in] string State, [out] uint32 Total) : uint32 */
typedef struct _MIRS_Process_Count {
    MI_Instance __instance;
    /*OUT*/ MI_ConstUint32Field MIReturn;
    /*IN*/ MI_ConstStringField State;
    /*OUT*/ MI_ConstUint32Field Total;
} MIRS_Process_Count;

extern MI_CONST MI_MethodDecl MIRS_Process_Count_rtti;
MIRS_SCALAR_SETTER(MIRS_Process_Count, MIReturn, MI_Uint32)
MIRS_SCALAR_SETTER(MIRS_Process_Count, Total, MI_Uint32)

/* ---- MIRS_Mount -------------------------------------------------------------------- */

typedef struct _MIRS_Mount {
    MI_Instance __instance;
    /*KEY*/ MI_ConstStringField MountPoint;
    MI_ConstStringField Device;
    MI_ConstStringField FileSystemType;
    MI_ConstStringField Options;
    MI_ConstUint64Field SizeBytes;
    MI_ConstUint64Field FreeBytes;
} MIRS_Mount;

extern MI_CONST MI_ClassDecl MIRS_Mount_rtti;
MIRS_STRING_SETTER(MIRS_Mount, MountPoint, 0)
MIRS_STRING_SETTER(MIRS_Mount, Device, 1)
MIRS_STRING_SETTER(MIRS_Mount, FileSystemType, 2)
MIRS_STRING_SETTER(MIRS_Mount, Options, 3)
MIRS_SCALAR_SETTER(MIRS_Mount, SizeBytes, MI_Uint64)
MIRS_SCALAR_SETTER(MIRS_Mount, FreeBytes, MI_Uint64)

/* ---- MIRS_NetworkInterface --------------------------------------------------------- */

typedef struct _MIRS_NetworkInterface {
    MI_Instance __instance;
    /*KEY*/ MI_ConstStringField Name;
    MI_ConstUint32Field MTU;
    MI_ConstStringField MACAddress;
    MI_ConstStringField OperationalState;
    MI_ConstUint64Field ReceivedBytes;
    MI_ConstUint64Field TransmittedBytes;
} MIRS_NetworkInterface;

extern MI_CONST MI_ClassDecl MIRS_NetworkInterface_rtti;
MIRS_STRING_SETTER(MIRS_NetworkInterface, Name, 0)
MIRS_SCALAR_SETTER(MIRS_NetworkInterface, MTU, MI_Uint32)
MIRS_STRING_SETTER(MIRS_NetworkInterface, MACAddress, 2)
MIRS_STRING_SETTER(MIRS_NetworkInterface, OperationalState, 3)
MIRS_SCALAR_SETTER(MIRS_NetworkInterface, ReceivedBytes, MI_Uint64)
MIRS_SCALAR_SETTER(MIRS_NetworkInterface, TransmittedBytes, MI_Uint64)

/* ---- MIRS_ProcessParent (association) ---------------------------------------------- */

typedef struct _MIRS_ProcessParent {
    MI_Instance __instance;
    /*KEY*/ MI_ConstReferenceField Parent;
    /*KEY*/ MI_ConstReferenceField Child;
} MIRS_ProcessParent;

extern MI_CONST MI_ClassDecl MIRS_ProcessParent_rtti;
MIRS_REFERENCE_SETTER(MIRS_ProcessParent, Parent, 0)
MIRS_REFERENCE_SETTER(MIRS_ProcessParent, Child, 1)

/* ---- MIRS_Note --------------------------------------------------------------------- */

typedef struct _MIRS_Note {
    MI_Instance __instance;
    /*KEY*/ MI_ConstStringField Name;
    MI_ConstStringField Text;
    MI_ConstDatetimeField Created;
} MIRS_Note;

extern MI_CONST MI_ClassDecl MIRS_Note_rtti;
MIRS_STRING_SETTER(MIRS_Note, Name, 0)
MIRS_STRING_SETTER(MIRS_Note, Text, 1)
MIRS_SCALAR_SETTER(MIRS_Note, Created, MI_Datetime)

/* ---- MIRS_Heartbeat (indication) --------------------------------------------------- */

typedef struct _MIRS_Heartbeat {
    MI_Instance __instance;
    MI_ConstUint64Field Sequence;
    MI_ConstDatetimeField Time;
} MIRS_Heartbeat;

extern MI_CONST MI_ClassDecl MIRS_Heartbeat_rtti;
MIRS_SCALAR_SETTER(MIRS_Heartbeat, Sequence, MI_Uint64)
MIRS_SCALAR_SETTER(MIRS_Heartbeat, Time, MI_Datetime)

/* ---- provider entry points (one set per class, as generated code names them) ------- */

#define MIRS_DECLARE_LOAD(CLS)                                                                   \
    void MI_CALL CLS##_Load(void **self, MI_Module_Self *selfModule, MI_Context *context);        \
    void MI_CALL CLS##_Unload(void *self, MI_Context *context);
#define MIRS_DECLARE_GET_ENUM(CLS)                                                               \
    void MI_CALL CLS##_EnumerateInstances(void *self, MI_Context *context, const MI_Char *nameSpace,  \
                                          const MI_Char *className, const MI_PropertySet *propertySet, \
                                          MI_Boolean keysOnly, const MI_Filter *filter);        \
    void MI_CALL CLS##_GetInstance(void *self, MI_Context *context, const MI_Char *nameSpace,      \
                                   const MI_Char *className, const MI_Instance *instanceName,      \
                                   const MI_PropertySet *propertySet);

MIRS_DECLARE_LOAD(MIRS_OperatingSystem)
MIRS_DECLARE_GET_ENUM(MIRS_OperatingSystem)
MIRS_DECLARE_LOAD(MIRS_Process)
MIRS_DECLARE_GET_ENUM(MIRS_Process)
MIRS_DECLARE_LOAD(MIRS_Mount)
MIRS_DECLARE_GET_ENUM(MIRS_Mount)
MIRS_DECLARE_LOAD(MIRS_NetworkInterface)
MIRS_DECLARE_GET_ENUM(MIRS_NetworkInterface)
MIRS_DECLARE_LOAD(MIRS_ProcessParent)
MIRS_DECLARE_GET_ENUM(MIRS_ProcessParent)
MIRS_DECLARE_LOAD(MIRS_Note)
MIRS_DECLARE_GET_ENUM(MIRS_Note)
MIRS_DECLARE_LOAD(MIRS_Heartbeat)

void MI_CALL MIRS_Process_Invoke_Signal(void *self, MI_Context *context, const MI_Char *nameSpace,
                                        const MI_Char *className, const MI_Char *methodName,
                                        const MI_Instance *instanceName, const MI_Instance *in);
void MI_CALL MIRS_Process_Invoke_Count(void *self, MI_Context *context, const MI_Char *nameSpace,
                                       const MI_Char *className, const MI_Char *methodName,
                                       const MI_Instance *instanceName, const MI_Instance *in);

void MI_CALL MIRS_ProcessParent_AssociatorInstances(void *self, MI_Context *context, const MI_Char *nameSpace,
                                                    const MI_Char *className, const MI_Instance *instanceName,
                                                    const MI_Char *resultClass, const MI_Char *role,
                                                    const MI_Char *resultRole, const MI_PropertySet *propertySet,
                                                    MI_Boolean keysOnly, const MI_Filter *filter);
void MI_CALL MIRS_ProcessParent_ReferenceInstances(void *self, MI_Context *context, const MI_Char *nameSpace,
                                                   const MI_Char *className, const MI_Instance *instanceName,
                                                   const MI_Char *role, const MI_PropertySet *propertySet,
                                                   MI_Boolean keysOnly, const MI_Filter *filter);

void MI_CALL MIRS_Note_CreateInstance(void *self, MI_Context *context, const MI_Char *nameSpace,
                                      const MI_Char *className, const MI_Instance *newInstance);
void MI_CALL MIRS_Note_ModifyInstance(void *self, MI_Context *context, const MI_Char *nameSpace,
                                      const MI_Char *className, const MI_Instance *modifiedInstance,
                                      const MI_PropertySet *propertySet);
void MI_CALL MIRS_Note_DeleteInstance(void *self, MI_Context *context, const MI_Char *nameSpace,
                                      const MI_Char *className, const MI_Instance *instanceName);
/* Frees the module-global note store (module Unload). */
void MIRS_Note_Reset(void);

void MI_CALL MIRS_Heartbeat_EnableIndications(void *self, MI_Context *indicationsContext,
                                              const MI_Char *nameSpace, const MI_Char *className);
void MI_CALL MIRS_Heartbeat_DisableIndications(void *self, MI_Context *indicationsContext,
                                               const MI_Char *nameSpace, const MI_Char *className);
void MI_CALL MIRS_Heartbeat_Subscribe(void *self, MI_Context *context, const MI_Char *nameSpace,
                                      const MI_Char *className, const MI_Filter *filter, const MI_Char *bookmark,
                                      MI_Uint64 subscriptionID, void **subscriptionSelf);
void MI_CALL MIRS_Heartbeat_Unsubscribe(void *self, MI_Context *context, const MI_Char *nameSpace,
                                        const MI_Char *className, MI_Uint64 subscriptionID, void *subscriptionSelf);
/* Stops the heartbeat thread if one still runs (module Unload). */
void MIRS_Heartbeat_Shutdown(void);

/* Posts the MIRS_Process of `pid` (only the key when keysOnly); MI_RESULT_NOT_FOUND when
 * the process is gone. */
MI_Result MIRS_Process_PostPid(MI_Context *context, int pid, MI_Boolean keysOnly);
/* Constructs *inst as a MIRS_Process naming `pid` (the key only), for references. */
MI_Result MIRS_Process_ConstructRef(MI_Context *context, int pid, MIRS_Process *inst);

/* Posts OK from Load and Unload of classes without provider state. */
void MIRS_PostLoadOk(void **self, MI_Context *context);

#endif
