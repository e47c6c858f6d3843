/*
 * schema.c - the static schema of libMIRS_Sample.so (root/sample), laid out as OMI's
 * generator lays out schema.c: qualifiers, one MI_PropertyDecl per property (origin and
 * propagator the declaring class), MI_ParameterDecls and MI_MethodDecls (MIReturn
 * first), one MI_ProviderFT per class, the MI_ClassDecls and the MI_SchemaDecl with the
 * classes in name order. MIRS_Sample.mof is the same schema as MOF; keep both in step.
 *
 * CODE(first, last, length) is the name code the generator stores: the first and last
 * character of the name, lower-cased, and its length.
 */
#include "mirs_sample.h"

#define CODE(first, last, len) ((MI_Uint32)(first) << 16 | (MI_Uint32)(last) << 8 | (MI_Uint32)(len))
#define DESCRIPTION_FLAVOR (MI_FLAG_ENABLEOVERRIDE | MI_FLAG_TOSUBCLASS | MI_FLAG_TRANSLATABLE)

MI_SchemaDecl schemaDecl;
/*
**==============================================================================
**
** MIRS_Heartbeat
**
**==============================================================================
*/
/* property MIRS_Heartbeat.Sequence */
static MI_CONST MI_PropertyDecl MIRS_Heartbeat_Sequence_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('s', 'e', 8), /* code */
    MI_T("Sequence"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT64, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Heartbeat, Sequence), /* offset */
    MI_T("MIRS_Heartbeat"), /* origin */
    MI_T("MIRS_Heartbeat"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Heartbeat.Time */
static MI_CONST MI_PropertyDecl MIRS_Heartbeat_Time_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('t', 'e', 4), /* code */
    MI_T("Time"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_DATETIME, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Heartbeat, Time), /* offset */
    MI_T("MIRS_Heartbeat"), /* origin */
    MI_T("MIRS_Heartbeat"), /* propagator */
    NULL, /* value */
};
static MI_PropertyDecl MI_CONST *MI_CONST MIRS_Heartbeat_props[] = {
    &MIRS_Heartbeat_Sequence_prop,
    &MIRS_Heartbeat_Time_prop,
};
static MI_CONST MI_ProviderFT MIRS_Heartbeat_funcs = {
    MIRS_Heartbeat_Load, /* Load */
    MIRS_Heartbeat_Unload, /* Unload */
    NULL, /* GetInstance */
    NULL, /* EnumerateInstances */
    NULL, /* CreateInstance */
    NULL, /* ModifyInstance */
    NULL, /* DeleteInstance */
    NULL, /* AssociatorInstances */
    NULL, /* ReferenceInstances */
    MIRS_Heartbeat_EnableIndications, /* EnableIndications */
    MIRS_Heartbeat_DisableIndications, /* DisableIndications */
    MIRS_Heartbeat_Subscribe, /* Subscribe */
    MIRS_Heartbeat_Unsubscribe, /* Unsubscribe */
    NULL, /* Invoke */
};
static MI_CONST MI_Char *MIRS_Heartbeat_Description_qual_value = MI_T("A heartbeat posted every interval milliseconds while subscribed.");
static MI_CONST MI_Qualifier MIRS_Heartbeat_Description_qual = {
    MI_T("Description"),
    MI_STRING,
    DESCRIPTION_FLAVOR,
    &MIRS_Heartbeat_Description_qual_value,
};
static MI_Qualifier MI_CONST *MI_CONST MIRS_Heartbeat_quals[] = {
    &MIRS_Heartbeat_Description_qual,
};
/* class MIRS_Heartbeat */
MI_CONST MI_ClassDecl MIRS_Heartbeat_rtti = {
    MI_FLAG_CLASS | MI_FLAG_INDICATION, /* flags */
    CODE('m', 't', 14), /* code */
    MI_T("MIRS_Heartbeat"), /* name */
    MIRS_Heartbeat_quals, /* qualifiers */
    MIRS_COUNT(MIRS_Heartbeat_quals), /* numQualifiers */
    MIRS_Heartbeat_props, /* properties */
    MIRS_COUNT(MIRS_Heartbeat_props), /* numProperties */
    sizeof(MIRS_Heartbeat), /* size */
    NULL, /* superClass */
    NULL, /* superClassDecl */
    NULL, /* methods */
    0, /* numMethods */
    &schemaDecl, /* schema */
    &MIRS_Heartbeat_funcs, /* functions */
    NULL, /* owningClass */
};
/*
**==============================================================================
**
** MIRS_Mount
**
**==============================================================================
*/
/* property MIRS_Mount.MountPoint */
static MI_CONST MI_PropertyDecl MIRS_Mount_MountPoint_prop = {
    MI_FLAG_PROPERTY | MI_FLAG_KEY, /* flags */
    CODE('m', 't', 10), /* code */
    MI_T("MountPoint"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Mount, MountPoint), /* offset */
    MI_T("MIRS_Mount"), /* origin */
    MI_T("MIRS_Mount"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Mount.Device */
static MI_CONST MI_PropertyDecl MIRS_Mount_Device_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('d', 'e', 6), /* code */
    MI_T("Device"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Mount, Device), /* offset */
    MI_T("MIRS_Mount"), /* origin */
    MI_T("MIRS_Mount"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Mount.FileSystemType */
static MI_CONST MI_PropertyDecl MIRS_Mount_FileSystemType_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('f', 'e', 14), /* code */
    MI_T("FileSystemType"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Mount, FileSystemType), /* offset */
    MI_T("MIRS_Mount"), /* origin */
    MI_T("MIRS_Mount"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Mount.Options */
static MI_CONST MI_PropertyDecl MIRS_Mount_Options_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('o', 's', 7), /* code */
    MI_T("Options"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Mount, Options), /* offset */
    MI_T("MIRS_Mount"), /* origin */
    MI_T("MIRS_Mount"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Mount.SizeBytes */
static MI_CONST MI_PropertyDecl MIRS_Mount_SizeBytes_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('s', 's', 9), /* code */
    MI_T("SizeBytes"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT64, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Mount, SizeBytes), /* offset */
    MI_T("MIRS_Mount"), /* origin */
    MI_T("MIRS_Mount"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Mount.FreeBytes */
static MI_CONST MI_PropertyDecl MIRS_Mount_FreeBytes_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('f', 's', 9), /* code */
    MI_T("FreeBytes"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT64, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Mount, FreeBytes), /* offset */
    MI_T("MIRS_Mount"), /* origin */
    MI_T("MIRS_Mount"), /* propagator */
    NULL, /* value */
};
static MI_PropertyDecl MI_CONST *MI_CONST MIRS_Mount_props[] = {
    &MIRS_Mount_MountPoint_prop,
    &MIRS_Mount_Device_prop,
    &MIRS_Mount_FileSystemType_prop,
    &MIRS_Mount_Options_prop,
    &MIRS_Mount_SizeBytes_prop,
    &MIRS_Mount_FreeBytes_prop,
};
static MI_CONST MI_ProviderFT MIRS_Mount_funcs = {
    MIRS_Mount_Load, /* Load */
    MIRS_Mount_Unload, /* Unload */
    MIRS_Mount_GetInstance, /* GetInstance */
    MIRS_Mount_EnumerateInstances, /* EnumerateInstances */
    NULL, /* CreateInstance */
    NULL, /* ModifyInstance */
    NULL, /* DeleteInstance */
    NULL, /* AssociatorInstances */
    NULL, /* ReferenceInstances */
    NULL, /* EnableIndications */
    NULL, /* DisableIndications */
    NULL, /* Subscribe */
    NULL, /* Unsubscribe */
    NULL, /* Invoke */
};
static MI_CONST MI_Char *MIRS_Mount_Description_qual_value = MI_T("A mounted file system, from /proc/self/mounts and statvfs.");
static MI_CONST MI_Qualifier MIRS_Mount_Description_qual = {
    MI_T("Description"),
    MI_STRING,
    DESCRIPTION_FLAVOR,
    &MIRS_Mount_Description_qual_value,
};
static MI_Qualifier MI_CONST *MI_CONST MIRS_Mount_quals[] = {
    &MIRS_Mount_Description_qual,
};
/* class MIRS_Mount */
MI_CONST MI_ClassDecl MIRS_Mount_rtti = {
    MI_FLAG_CLASS, /* flags */
    CODE('m', 't', 10), /* code */
    MI_T("MIRS_Mount"), /* name */
    MIRS_Mount_quals, /* qualifiers */
    MIRS_COUNT(MIRS_Mount_quals), /* numQualifiers */
    MIRS_Mount_props, /* properties */
    MIRS_COUNT(MIRS_Mount_props), /* numProperties */
    sizeof(MIRS_Mount), /* size */
    NULL, /* superClass */
    NULL, /* superClassDecl */
    NULL, /* methods */
    0, /* numMethods */
    &schemaDecl, /* schema */
    &MIRS_Mount_funcs, /* functions */
    NULL, /* owningClass */
};
/*
**==============================================================================
**
** MIRS_NetworkInterface
**
**==============================================================================
*/
/* property MIRS_NetworkInterface.Name */
static MI_CONST MI_PropertyDecl MIRS_NetworkInterface_Name_prop = {
    MI_FLAG_PROPERTY | MI_FLAG_KEY, /* flags */
    CODE('n', 'e', 4), /* code */
    MI_T("Name"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_NetworkInterface, Name), /* offset */
    MI_T("MIRS_NetworkInterface"), /* origin */
    MI_T("MIRS_NetworkInterface"), /* propagator */
    NULL, /* value */
};
/* property MIRS_NetworkInterface.MTU */
static MI_CONST MI_PropertyDecl MIRS_NetworkInterface_MTU_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('m', 'u', 3), /* code */
    MI_T("MTU"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT32, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_NetworkInterface, MTU), /* offset */
    MI_T("MIRS_NetworkInterface"), /* origin */
    MI_T("MIRS_NetworkInterface"), /* propagator */
    NULL, /* value */
};
/* property MIRS_NetworkInterface.MACAddress */
static MI_CONST MI_PropertyDecl MIRS_NetworkInterface_MACAddress_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('m', 's', 10), /* code */
    MI_T("MACAddress"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_NetworkInterface, MACAddress), /* offset */
    MI_T("MIRS_NetworkInterface"), /* origin */
    MI_T("MIRS_NetworkInterface"), /* propagator */
    NULL, /* value */
};
/* property MIRS_NetworkInterface.OperationalState */
static MI_CONST MI_PropertyDecl MIRS_NetworkInterface_OperationalState_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('o', 'e', 16), /* code */
    MI_T("OperationalState"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_NetworkInterface, OperationalState), /* offset */
    MI_T("MIRS_NetworkInterface"), /* origin */
    MI_T("MIRS_NetworkInterface"), /* propagator */
    NULL, /* value */
};
/* property MIRS_NetworkInterface.ReceivedBytes */
static MI_CONST MI_PropertyDecl MIRS_NetworkInterface_ReceivedBytes_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('r', 's', 13), /* code */
    MI_T("ReceivedBytes"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT64, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_NetworkInterface, ReceivedBytes), /* offset */
    MI_T("MIRS_NetworkInterface"), /* origin */
    MI_T("MIRS_NetworkInterface"), /* propagator */
    NULL, /* value */
};
/* property MIRS_NetworkInterface.TransmittedBytes */
static MI_CONST MI_PropertyDecl MIRS_NetworkInterface_TransmittedBytes_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('t', 's', 16), /* code */
    MI_T("TransmittedBytes"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT64, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_NetworkInterface, TransmittedBytes), /* offset */
    MI_T("MIRS_NetworkInterface"), /* origin */
    MI_T("MIRS_NetworkInterface"), /* propagator */
    NULL, /* value */
};
static MI_PropertyDecl MI_CONST *MI_CONST MIRS_NetworkInterface_props[] = {
    &MIRS_NetworkInterface_Name_prop,
    &MIRS_NetworkInterface_MTU_prop,
    &MIRS_NetworkInterface_MACAddress_prop,
    &MIRS_NetworkInterface_OperationalState_prop,
    &MIRS_NetworkInterface_ReceivedBytes_prop,
    &MIRS_NetworkInterface_TransmittedBytes_prop,
};
static MI_CONST MI_ProviderFT MIRS_NetworkInterface_funcs = {
    MIRS_NetworkInterface_Load, /* Load */
    MIRS_NetworkInterface_Unload, /* Unload */
    MIRS_NetworkInterface_GetInstance, /* GetInstance */
    MIRS_NetworkInterface_EnumerateInstances, /* EnumerateInstances */
    NULL, /* CreateInstance */
    NULL, /* ModifyInstance */
    NULL, /* DeleteInstance */
    NULL, /* AssociatorInstances */
    NULL, /* ReferenceInstances */
    NULL, /* EnableIndications */
    NULL, /* DisableIndications */
    NULL, /* Subscribe */
    NULL, /* Unsubscribe */
    NULL, /* Invoke */
};
static MI_CONST MI_Char *MIRS_NetworkInterface_Description_qual_value = MI_T("A network interface, from /sys/class/net.");
static MI_CONST MI_Qualifier MIRS_NetworkInterface_Description_qual = {
    MI_T("Description"),
    MI_STRING,
    DESCRIPTION_FLAVOR,
    &MIRS_NetworkInterface_Description_qual_value,
};
static MI_Qualifier MI_CONST *MI_CONST MIRS_NetworkInterface_quals[] = {
    &MIRS_NetworkInterface_Description_qual,
};
/* class MIRS_NetworkInterface */
MI_CONST MI_ClassDecl MIRS_NetworkInterface_rtti = {
    MI_FLAG_CLASS, /* flags */
    CODE('m', 'e', 21), /* code */
    MI_T("MIRS_NetworkInterface"), /* name */
    MIRS_NetworkInterface_quals, /* qualifiers */
    MIRS_COUNT(MIRS_NetworkInterface_quals), /* numQualifiers */
    MIRS_NetworkInterface_props, /* properties */
    MIRS_COUNT(MIRS_NetworkInterface_props), /* numProperties */
    sizeof(MIRS_NetworkInterface), /* size */
    NULL, /* superClass */
    NULL, /* superClassDecl */
    NULL, /* methods */
    0, /* numMethods */
    &schemaDecl, /* schema */
    &MIRS_NetworkInterface_funcs, /* functions */
    NULL, /* owningClass */
};
/*
**==============================================================================
**
** MIRS_Note
**
**==============================================================================
*/
/* property MIRS_Note.Name */
static MI_CONST MI_PropertyDecl MIRS_Note_Name_prop = {
    MI_FLAG_PROPERTY | MI_FLAG_KEY, /* flags */
    CODE('n', 'e', 4), /* code */
    MI_T("Name"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Note, Name), /* offset */
    MI_T("MIRS_Note"), /* origin */
    MI_T("MIRS_Note"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Note.Text */
static MI_CONST MI_PropertyDecl MIRS_Note_Text_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('t', 't', 4), /* code */
    MI_T("Text"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Note, Text), /* offset */
    MI_T("MIRS_Note"), /* origin */
    MI_T("MIRS_Note"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Note.Created */
static MI_CONST MI_PropertyDecl MIRS_Note_Created_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('c', 'd', 7), /* code */
    MI_T("Created"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_DATETIME, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Note, Created), /* offset */
    MI_T("MIRS_Note"), /* origin */
    MI_T("MIRS_Note"), /* propagator */
    NULL, /* value */
};
static MI_PropertyDecl MI_CONST *MI_CONST MIRS_Note_props[] = {
    &MIRS_Note_Name_prop,
    &MIRS_Note_Text_prop,
    &MIRS_Note_Created_prop,
};
static MI_CONST MI_ProviderFT MIRS_Note_funcs = {
    MIRS_Note_Load, /* Load */
    MIRS_Note_Unload, /* Unload */
    MIRS_Note_GetInstance, /* GetInstance */
    MIRS_Note_EnumerateInstances, /* EnumerateInstances */
    MIRS_Note_CreateInstance, /* CreateInstance */
    MIRS_Note_ModifyInstance, /* ModifyInstance */
    MIRS_Note_DeleteInstance, /* DeleteInstance */
    NULL, /* AssociatorInstances */
    NULL, /* ReferenceInstances */
    NULL, /* EnableIndications */
    NULL, /* DisableIndications */
    NULL, /* Subscribe */
    NULL, /* Unsubscribe */
    NULL, /* Invoke */
};
static MI_CONST MI_Char *MIRS_Note_Description_qual_value = MI_T("A note kept in the provider's memory; it can be created, modified and deleted.");
static MI_CONST MI_Qualifier MIRS_Note_Description_qual = {
    MI_T("Description"),
    MI_STRING,
    DESCRIPTION_FLAVOR,
    &MIRS_Note_Description_qual_value,
};
static MI_Qualifier MI_CONST *MI_CONST MIRS_Note_quals[] = {
    &MIRS_Note_Description_qual,
};
/* class MIRS_Note */
MI_CONST MI_ClassDecl MIRS_Note_rtti = {
    MI_FLAG_CLASS, /* flags */
    CODE('m', 'e', 9), /* code */
    MI_T("MIRS_Note"), /* name */
    MIRS_Note_quals, /* qualifiers */
    MIRS_COUNT(MIRS_Note_quals), /* numQualifiers */
    MIRS_Note_props, /* properties */
    MIRS_COUNT(MIRS_Note_props), /* numProperties */
    sizeof(MIRS_Note), /* size */
    NULL, /* superClass */
    NULL, /* superClassDecl */
    NULL, /* methods */
    0, /* numMethods */
    &schemaDecl, /* schema */
    &MIRS_Note_funcs, /* functions */
    NULL, /* owningClass */
};
/*
**==============================================================================
**
** MIRS_OperatingSystem
**
**==============================================================================
*/
/* property MIRS_OperatingSystem.Name */
static MI_CONST MI_PropertyDecl MIRS_OperatingSystem_Name_prop = {
    MI_FLAG_PROPERTY | MI_FLAG_KEY, /* flags */
    CODE('n', 'e', 4), /* code */
    MI_T("Name"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_OperatingSystem, Name), /* offset */
    MI_T("MIRS_OperatingSystem"), /* origin */
    MI_T("MIRS_OperatingSystem"), /* propagator */
    NULL, /* value */
};
/* property MIRS_OperatingSystem.KernelRelease */
static MI_CONST MI_PropertyDecl MIRS_OperatingSystem_KernelRelease_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('k', 'e', 13), /* code */
    MI_T("KernelRelease"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_OperatingSystem, KernelRelease), /* offset */
    MI_T("MIRS_OperatingSystem"), /* origin */
    MI_T("MIRS_OperatingSystem"), /* propagator */
    NULL, /* value */
};
/* property MIRS_OperatingSystem.KernelVersion */
static MI_CONST MI_PropertyDecl MIRS_OperatingSystem_KernelVersion_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('k', 'n', 13), /* code */
    MI_T("KernelVersion"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_OperatingSystem, KernelVersion), /* offset */
    MI_T("MIRS_OperatingSystem"), /* origin */
    MI_T("MIRS_OperatingSystem"), /* propagator */
    NULL, /* value */
};
/* property MIRS_OperatingSystem.BootTime */
static MI_CONST MI_PropertyDecl MIRS_OperatingSystem_BootTime_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('b', 'e', 8), /* code */
    MI_T("BootTime"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_DATETIME, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_OperatingSystem, BootTime), /* offset */
    MI_T("MIRS_OperatingSystem"), /* origin */
    MI_T("MIRS_OperatingSystem"), /* propagator */
    NULL, /* value */
};
/* property MIRS_OperatingSystem.Uptime */
static MI_CONST MI_PropertyDecl MIRS_OperatingSystem_Uptime_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('u', 'e', 6), /* code */
    MI_T("Uptime"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_DATETIME, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_OperatingSystem, Uptime), /* offset */
    MI_T("MIRS_OperatingSystem"), /* origin */
    MI_T("MIRS_OperatingSystem"), /* propagator */
    NULL, /* value */
};
/* property MIRS_OperatingSystem.TotalMemoryBytes */
static MI_CONST MI_PropertyDecl MIRS_OperatingSystem_TotalMemoryBytes_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('t', 's', 16), /* code */
    MI_T("TotalMemoryBytes"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT64, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_OperatingSystem, TotalMemoryBytes), /* offset */
    MI_T("MIRS_OperatingSystem"), /* origin */
    MI_T("MIRS_OperatingSystem"), /* propagator */
    NULL, /* value */
};
/* property MIRS_OperatingSystem.FreeMemoryBytes */
static MI_CONST MI_PropertyDecl MIRS_OperatingSystem_FreeMemoryBytes_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('f', 's', 15), /* code */
    MI_T("FreeMemoryBytes"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT64, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_OperatingSystem, FreeMemoryBytes), /* offset */
    MI_T("MIRS_OperatingSystem"), /* origin */
    MI_T("MIRS_OperatingSystem"), /* propagator */
    NULL, /* value */
};
/* property MIRS_OperatingSystem.AvailableMemoryBytes */
static MI_CONST MI_PropertyDecl MIRS_OperatingSystem_AvailableMemoryBytes_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('a', 's', 20), /* code */
    MI_T("AvailableMemoryBytes"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT64, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_OperatingSystem, AvailableMemoryBytes), /* offset */
    MI_T("MIRS_OperatingSystem"), /* origin */
    MI_T("MIRS_OperatingSystem"), /* propagator */
    NULL, /* value */
};
/* property MIRS_OperatingSystem.NumberOfProcesses */
static MI_CONST MI_PropertyDecl MIRS_OperatingSystem_NumberOfProcesses_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('n', 's', 17), /* code */
    MI_T("NumberOfProcesses"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT32, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_OperatingSystem, NumberOfProcesses), /* offset */
    MI_T("MIRS_OperatingSystem"), /* origin */
    MI_T("MIRS_OperatingSystem"), /* propagator */
    NULL, /* value */
};
/* property MIRS_OperatingSystem.LoadAverage */
static MI_CONST MI_PropertyDecl MIRS_OperatingSystem_LoadAverage_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('l', 'e', 11), /* code */
    MI_T("LoadAverage"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_REAL64A, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_OperatingSystem, LoadAverage), /* offset */
    MI_T("MIRS_OperatingSystem"), /* origin */
    MI_T("MIRS_OperatingSystem"), /* propagator */
    NULL, /* value */
};
static MI_PropertyDecl MI_CONST *MI_CONST MIRS_OperatingSystem_props[] = {
    &MIRS_OperatingSystem_Name_prop,
    &MIRS_OperatingSystem_KernelRelease_prop,
    &MIRS_OperatingSystem_KernelVersion_prop,
    &MIRS_OperatingSystem_BootTime_prop,
    &MIRS_OperatingSystem_Uptime_prop,
    &MIRS_OperatingSystem_TotalMemoryBytes_prop,
    &MIRS_OperatingSystem_FreeMemoryBytes_prop,
    &MIRS_OperatingSystem_AvailableMemoryBytes_prop,
    &MIRS_OperatingSystem_NumberOfProcesses_prop,
    &MIRS_OperatingSystem_LoadAverage_prop,
};
static MI_CONST MI_ProviderFT MIRS_OperatingSystem_funcs = {
    MIRS_OperatingSystem_Load, /* Load */
    MIRS_OperatingSystem_Unload, /* Unload */
    MIRS_OperatingSystem_GetInstance, /* GetInstance */
    MIRS_OperatingSystem_EnumerateInstances, /* EnumerateInstances */
    NULL, /* CreateInstance */
    NULL, /* ModifyInstance */
    NULL, /* DeleteInstance */
    NULL, /* AssociatorInstances */
    NULL, /* ReferenceInstances */
    NULL, /* EnableIndications */
    NULL, /* DisableIndications */
    NULL, /* Subscribe */
    NULL, /* Unsubscribe */
    NULL, /* Invoke */
};
static MI_CONST MI_Char *MIRS_OperatingSystem_Description_qual_value = MI_T("The running Linux kernel and its memory and load, from uname and /proc.");
static MI_CONST MI_Qualifier MIRS_OperatingSystem_Description_qual = {
    MI_T("Description"),
    MI_STRING,
    DESCRIPTION_FLAVOR,
    &MIRS_OperatingSystem_Description_qual_value,
};
static MI_Qualifier MI_CONST *MI_CONST MIRS_OperatingSystem_quals[] = {
    &MIRS_OperatingSystem_Description_qual,
};
/* class MIRS_OperatingSystem */
MI_CONST MI_ClassDecl MIRS_OperatingSystem_rtti = {
    MI_FLAG_CLASS, /* flags */
    CODE('m', 'm', 20), /* code */
    MI_T("MIRS_OperatingSystem"), /* name */
    MIRS_OperatingSystem_quals, /* qualifiers */
    MIRS_COUNT(MIRS_OperatingSystem_quals), /* numQualifiers */
    MIRS_OperatingSystem_props, /* properties */
    MIRS_COUNT(MIRS_OperatingSystem_props), /* numProperties */
    sizeof(MIRS_OperatingSystem), /* size */
    NULL, /* superClass */
    NULL, /* superClassDecl */
    NULL, /* methods */
    0, /* numMethods */
    &schemaDecl, /* schema */
    &MIRS_OperatingSystem_funcs, /* functions */
    NULL, /* owningClass */
};
/*
**==============================================================================
**
** MIRS_Process
**
**==============================================================================
*/
/* property MIRS_Process.Handle */
static MI_CONST MI_PropertyDecl MIRS_Process_Handle_prop = {
    MI_FLAG_PROPERTY | MI_FLAG_KEY, /* flags */
    CODE('h', 'e', 6), /* code */
    MI_T("Handle"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process, Handle), /* offset */
    MI_T("MIRS_Process"), /* origin */
    MI_T("MIRS_Process"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Process.Name */
static MI_CONST MI_PropertyDecl MIRS_Process_Name_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('n', 'e', 4), /* code */
    MI_T("Name"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process, Name), /* offset */
    MI_T("MIRS_Process"), /* origin */
    MI_T("MIRS_Process"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Process.ProcessId */
static MI_CONST MI_PropertyDecl MIRS_Process_ProcessId_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('p', 'd', 9), /* code */
    MI_T("ProcessId"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT32, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process, ProcessId), /* offset */
    MI_T("MIRS_Process"), /* origin */
    MI_T("MIRS_Process"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Process.ParentProcessId */
static MI_CONST MI_PropertyDecl MIRS_Process_ParentProcessId_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('p', 'd', 15), /* code */
    MI_T("ParentProcessId"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT32, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process, ParentProcessId), /* offset */
    MI_T("MIRS_Process"), /* origin */
    MI_T("MIRS_Process"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Process.State */
static MI_CONST MI_PropertyDecl MIRS_Process_State_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('s', 'e', 5), /* code */
    MI_T("State"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process, State), /* offset */
    MI_T("MIRS_Process"), /* origin */
    MI_T("MIRS_Process"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Process.ThreadCount */
static MI_CONST MI_PropertyDecl MIRS_Process_ThreadCount_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('t', 't', 11), /* code */
    MI_T("ThreadCount"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT32, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process, ThreadCount), /* offset */
    MI_T("MIRS_Process"), /* origin */
    MI_T("MIRS_Process"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Process.ResidentBytes */
static MI_CONST MI_PropertyDecl MIRS_Process_ResidentBytes_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('r', 's', 13), /* code */
    MI_T("ResidentBytes"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT64, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process, ResidentBytes), /* offset */
    MI_T("MIRS_Process"), /* origin */
    MI_T("MIRS_Process"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Process.StartTime */
static MI_CONST MI_PropertyDecl MIRS_Process_StartTime_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('s', 'e', 9), /* code */
    MI_T("StartTime"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_DATETIME, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process, StartTime), /* offset */
    MI_T("MIRS_Process"), /* origin */
    MI_T("MIRS_Process"), /* propagator */
    NULL, /* value */
};
/* property MIRS_Process.CommandLine */
static MI_CONST MI_PropertyDecl MIRS_Process_CommandLine_prop = {
    MI_FLAG_PROPERTY, /* flags */
    CODE('c', 'e', 11), /* code */
    MI_T("CommandLine"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRINGA, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process, CommandLine), /* offset */
    MI_T("MIRS_Process"), /* origin */
    MI_T("MIRS_Process"), /* propagator */
    NULL, /* value */
};
static MI_PropertyDecl MI_CONST *MI_CONST MIRS_Process_props[] = {
    &MIRS_Process_Handle_prop,
    &MIRS_Process_Name_prop,
    &MIRS_Process_ProcessId_prop,
    &MIRS_Process_ParentProcessId_prop,
    &MIRS_Process_State_prop,
    &MIRS_Process_ThreadCount_prop,
    &MIRS_Process_ResidentBytes_prop,
    &MIRS_Process_StartTime_prop,
    &MIRS_Process_CommandLine_prop,
};
/* parameter MIRS_Process.Signal(): MIReturn */
static MI_CONST MI_ParameterDecl MIRS_Process_Signal_MIReturn_param = {
    MI_FLAG_PARAMETER | MI_FLAG_OUT, /* flags */
    CODE('m', 'n', 8), /* code */
    MI_T("MIReturn"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT32, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process_Signal, MIReturn), /* offset */
};
/* parameter MIRS_Process.Signal(): Number */
static MI_CONST MI_ParameterDecl MIRS_Process_Signal_Number_param = {
    MI_FLAG_PARAMETER | MI_FLAG_IN, /* flags */
    CODE('n', 'r', 6), /* code */
    MI_T("Number"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT32, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process_Signal, Number), /* offset */
};
static MI_ParameterDecl MI_CONST *MI_CONST MIRS_Process_Signal_params[] = {
    &MIRS_Process_Signal_MIReturn_param,
    &MIRS_Process_Signal_Number_param,
};
/* method MIRS_Process.Signal() */
MI_CONST MI_MethodDecl MIRS_Process_Signal_rtti = {
    MI_FLAG_METHOD, /* flags */
    CODE('s', 'l', 6), /* code */
    MI_T("Signal"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MIRS_Process_Signal_params, /* parameters */
    MIRS_COUNT(MIRS_Process_Signal_params), /* numParameters */
    sizeof(MIRS_Process_Signal), /* size */
    MI_UINT32, /* returnType */
    MI_T("MIRS_Process"), /* origin */
    MI_T("MIRS_Process"), /* propagator */
    &schemaDecl, /* schema */
    MIRS_Process_Invoke_Signal, /* method */
};
/* parameter MIRS_Process.Count(): MIReturn */
static MI_CONST MI_ParameterDecl MIRS_Process_Count_MIReturn_param = {
    MI_FLAG_PARAMETER | MI_FLAG_OUT, /* flags */
    CODE('m', 'n', 8), /* code */
    MI_T("MIReturn"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT32, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process_Count, MIReturn), /* offset */
};
/* parameter MIRS_Process.Count(): State */
static MI_CONST MI_ParameterDecl MIRS_Process_Count_State_param = {
    MI_FLAG_PARAMETER | MI_FLAG_IN, /* flags */
    CODE('s', 'e', 5), /* code */
    MI_T("State"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_STRING, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process_Count, State), /* offset */
};
/* parameter MIRS_Process.Count(): Total */
static MI_CONST MI_ParameterDecl MIRS_Process_Count_Total_param = {
    MI_FLAG_PARAMETER | MI_FLAG_OUT, /* flags */
    CODE('t', 'l', 5), /* code */
    MI_T("Total"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_UINT32, /* type */
    NULL, /* className */
    0, /* subscript */
    offsetof(MIRS_Process_Count, Total), /* offset */
};
static MI_ParameterDecl MI_CONST *MI_CONST MIRS_Process_Count_params[] = {
    &MIRS_Process_Count_MIReturn_param,
    &MIRS_Process_Count_State_param,
    &MIRS_Process_Count_Total_param,
};
/* method MIRS_Process.Count() */
MI_CONST MI_MethodDecl MIRS_Process_Count_rtti = {
    MI_FLAG_METHOD | MI_FLAG_STATIC, /* flags */
    CODE('c', 't', 5), /* code */
    MI_T("Count"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MIRS_Process_Count_params, /* parameters */
    MIRS_COUNT(MIRS_Process_Count_params), /* numParameters */
    sizeof(MIRS_Process_Count), /* size */
    MI_UINT32, /* returnType */
    MI_T("MIRS_Process"), /* origin */
    MI_T("MIRS_Process"), /* propagator */
    &schemaDecl, /* schema */
    MIRS_Process_Invoke_Count, /* method */
};
static MI_MethodDecl MI_CONST *MI_CONST MIRS_Process_meths[] = {
    &MIRS_Process_Signal_rtti,
    &MIRS_Process_Count_rtti,
};
static MI_CONST MI_ProviderFT MIRS_Process_funcs = {
    MIRS_Process_Load, /* Load */
    MIRS_Process_Unload, /* Unload */
    MIRS_Process_GetInstance, /* GetInstance */
    MIRS_Process_EnumerateInstances, /* EnumerateInstances */
    NULL, /* CreateInstance */
    NULL, /* ModifyInstance */
    NULL, /* DeleteInstance */
    NULL, /* AssociatorInstances */
    NULL, /* ReferenceInstances */
    NULL, /* EnableIndications */
    NULL, /* DisableIndications */
    NULL, /* Subscribe */
    NULL, /* Unsubscribe */
    NULL, /* Invoke */
};
static MI_CONST MI_Char *MIRS_Process_Description_qual_value = MI_T("A running process, from /proc/<pid>.");
static MI_CONST MI_Qualifier MIRS_Process_Description_qual = {
    MI_T("Description"),
    MI_STRING,
    DESCRIPTION_FLAVOR,
    &MIRS_Process_Description_qual_value,
};
static MI_Qualifier MI_CONST *MI_CONST MIRS_Process_quals[] = {
    &MIRS_Process_Description_qual,
};
/* class MIRS_Process */
MI_CONST MI_ClassDecl MIRS_Process_rtti = {
    MI_FLAG_CLASS, /* flags */
    CODE('m', 's', 12), /* code */
    MI_T("MIRS_Process"), /* name */
    MIRS_Process_quals, /* qualifiers */
    MIRS_COUNT(MIRS_Process_quals), /* numQualifiers */
    MIRS_Process_props, /* properties */
    MIRS_COUNT(MIRS_Process_props), /* numProperties */
    sizeof(MIRS_Process), /* size */
    NULL, /* superClass */
    NULL, /* superClassDecl */
    MIRS_Process_meths, /* methods */
    MIRS_COUNT(MIRS_Process_meths), /* numMethods */
    &schemaDecl, /* schema */
    &MIRS_Process_funcs, /* functions */
    NULL, /* owningClass */
};
/*
**==============================================================================
**
** MIRS_ProcessParent
**
**==============================================================================
*/
/* property MIRS_ProcessParent.Parent */
static MI_CONST MI_PropertyDecl MIRS_ProcessParent_Parent_prop = {
    MI_FLAG_PROPERTY | MI_FLAG_KEY, /* flags */
    CODE('p', 't', 6), /* code */
    MI_T("Parent"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_REFERENCE, /* type */
    MI_T("MIRS_Process"), /* className */
    0, /* subscript */
    offsetof(MIRS_ProcessParent, Parent), /* offset */
    MI_T("MIRS_ProcessParent"), /* origin */
    MI_T("MIRS_ProcessParent"), /* propagator */
    NULL, /* value */
};
/* property MIRS_ProcessParent.Child */
static MI_CONST MI_PropertyDecl MIRS_ProcessParent_Child_prop = {
    MI_FLAG_PROPERTY | MI_FLAG_KEY, /* flags */
    CODE('c', 'd', 5), /* code */
    MI_T("Child"), /* name */
    NULL, /* qualifiers */
    0, /* numQualifiers */
    MI_REFERENCE, /* type */
    MI_T("MIRS_Process"), /* className */
    0, /* subscript */
    offsetof(MIRS_ProcessParent, Child), /* offset */
    MI_T("MIRS_ProcessParent"), /* origin */
    MI_T("MIRS_ProcessParent"), /* propagator */
    NULL, /* value */
};
static MI_PropertyDecl MI_CONST *MI_CONST MIRS_ProcessParent_props[] = {
    &MIRS_ProcessParent_Parent_prop,
    &MIRS_ProcessParent_Child_prop,
};
static MI_CONST MI_ProviderFT MIRS_ProcessParent_funcs = {
    MIRS_ProcessParent_Load, /* Load */
    MIRS_ProcessParent_Unload, /* Unload */
    MIRS_ProcessParent_GetInstance, /* GetInstance */
    MIRS_ProcessParent_EnumerateInstances, /* EnumerateInstances */
    NULL, /* CreateInstance */
    NULL, /* ModifyInstance */
    NULL, /* DeleteInstance */
    MIRS_ProcessParent_AssociatorInstances, /* AssociatorInstances */
    MIRS_ProcessParent_ReferenceInstances, /* ReferenceInstances */
    NULL, /* EnableIndications */
    NULL, /* DisableIndications */
    NULL, /* Subscribe */
    NULL, /* Unsubscribe */
    NULL, /* Invoke */
};
static MI_CONST MI_Char *MIRS_ProcessParent_Description_qual_value = MI_T("Links a process (Child) to its parent process (Parent).");
static MI_CONST MI_Qualifier MIRS_ProcessParent_Description_qual = {
    MI_T("Description"),
    MI_STRING,
    DESCRIPTION_FLAVOR,
    &MIRS_ProcessParent_Description_qual_value,
};
static MI_Qualifier MI_CONST *MI_CONST MIRS_ProcessParent_quals[] = {
    &MIRS_ProcessParent_Description_qual,
};
/* class MIRS_ProcessParent */
MI_CONST MI_ClassDecl MIRS_ProcessParent_rtti = {
    MI_FLAG_CLASS | MI_FLAG_ASSOCIATION, /* flags */
    CODE('m', 't', 18), /* code */
    MI_T("MIRS_ProcessParent"), /* name */
    MIRS_ProcessParent_quals, /* qualifiers */
    MIRS_COUNT(MIRS_ProcessParent_quals), /* numQualifiers */
    MIRS_ProcessParent_props, /* properties */
    MIRS_COUNT(MIRS_ProcessParent_props), /* numProperties */
    sizeof(MIRS_ProcessParent), /* size */
    NULL, /* superClass */
    NULL, /* superClassDecl */
    NULL, /* methods */
    0, /* numMethods */
    &schemaDecl, /* schema */
    &MIRS_ProcessParent_funcs, /* functions */
    NULL, /* owningClass */
};
/*
**==============================================================================
**
** Schema
**
**==============================================================================
*/

static MI_ClassDecl MI_CONST *MI_CONST classes[] = {
    &MIRS_Heartbeat_rtti,
    &MIRS_Mount_rtti,
    &MIRS_NetworkInterface_rtti,
    &MIRS_Note_rtti,
    &MIRS_OperatingSystem_rtti,
    &MIRS_Process_rtti,
    &MIRS_ProcessParent_rtti,
};

MI_SchemaDecl schemaDecl = {
    NULL, /* qualifierDecls */
    0, /* numQualifierDecls */
    classes, /* classDecls */
    MIRS_COUNT(classes), /* numClassDecls */
};
