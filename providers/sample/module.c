/*
 * module.c - MI_Main and the module's Load/Unload, as OMI's generated module.c has them.
 */
#include "mirs_sample.h"

extern MI_SchemaDecl schemaDecl;

/* The server that loaded the module (set by MI_Main; unused by the classes, kept for
 * MI_Server_GetVersion-style calls as generated code keeps it). */
MI_Server *__mi_server;

static void MI_CALL Load(MI_Module_Self **self, MI_Context *context)
{
    if (self)
        *self = NULL;
    (void)MIRS_PostResult(context, MI_RESULT_OK);
}

static void MI_CALL Unload(MI_Module_Self *self, MI_Context *context)
{
    (void)self;
    /* The host unloads the module: no thread may outlive it, and the notes go. */
    MIRS_Heartbeat_Shutdown();
    MIRS_Note_Reset();
    (void)MIRS_PostResult(context, MI_RESULT_OK);
}

MIRS_EXPORT MI_Module *MI_MAIN_CALL MI_Main(MI_Server *server)
{
    static MI_Module module;
    __mi_server = server;
    module.flags |= MI_MODULE_FLAG_STANDARD_QUALIFIERS;
    module.flags |= MI_MODULE_FLAG_DESCRIPTIONS;
    module.charSize = sizeof(MI_Char);
    /* The MI version the module is written against. It uses only the provider ABI of
     * API version 1, so it says 1.0.0: OMI's server and omireg refuse a module whose
     * version is newer than their own (OMI 1.0.8 refuses include/mi.h's MI_VERSION,
     * 1.1.0, with "provider version (1.1.0) newer than server version (1.0.8)"). */
    module.version = (1u << 16) | (0u << 8) | 0u;
    module.generatorVersion = (1u << 16) | (0u << 8) | 0u; /* MI_MAKE_VERSION(1,0,0) */
    module.schemaDecl = &schemaDecl;
    module.Load = Load;
    module.Unload = Unload;
    module.dynamicProviderFT = NULL;
    return &module;
}
