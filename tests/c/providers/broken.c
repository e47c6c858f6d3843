/*
 * broken.c - a provider that misbehaves on purpose, for tests/c/host_broken.c. Built three
 * ways by tests/c_programs.rs:
 *   (default)          libBroken.so: the classes below;
 *   -DBROKEN_NO_MAIN   libBrokenNoMain.so: exports no MI_Main;
 *   -DBROKEN_NULL_MAIN libBrokenNullMain.so: MI_Main returns NULL.
 *
 * Classes (namespace root/broken, key uint32 Id):
 *   Broken_Twice    Enumerate: PostResult twice, then PostInstance after the final.
 *   Broken_Garbage  Enumerate: posts a struct it never constructed, then OK.
 *   Broken_Silent   Enumerate: returns without posting anything (ever).
 *   Broken_Slow     Enumerate: posts instances until Canceled says so or a post fails.
 *   Broken_LoadFail Load posts MI_RESULT_FAILED.
 *   Broken_Report   Enumerate: one instance with what the others observed (R2: the second
 *                   PostResult's answer, R3: the late PostInstance's, RG: the garbage
 *                   post's, SLOW: how many the slow one posted, SLOWSTOP: the answer that
 *                   stopped it).
 */
#include <mi.h>

#include <stddef.h>
#include <string.h>

#ifndef MI_CONST
#define MI_CONST const
#endif
#define EXPORT __attribute__((visibility("default")))
#define CODE(first, last, len) ((MI_Uint32)(first) << 16 | (MI_Uint32)(last) << 8 | (len))

#if defined(BROKEN_NO_MAIN)
EXPORT int Broken_NotMain(void)
{
    return 0;
}
#elif defined(BROKEN_NULL_MAIN)
EXPORT MI_Module *MI_MAIN_CALL MI_Main(MI_Server *server)
{
    (void)server;
    return NULL;
}
#else

typedef struct {
    MI_Instance __instance;
    MI_ConstUint32Field Id;
} Broken_Plain;

typedef struct {
    MI_Instance __instance;
    MI_ConstUint32Field Id;
    MI_ConstUint32Field R2, R3, RG, SLOW, SLOWSTOP;
} Broken_ReportInst;

static volatile MI_Uint32 g_r2 = 99, g_r3 = 99, g_rg = 99, g_slow = 0, g_slowstop = 99;

extern MI_SchemaDecl schemaDecl;
static MI_CONST MI_Boolean yes = 1;
static MI_Qualifier MI_CONST q_key = {"Key", MI_BOOLEAN, MI_FLAG_DISABLEOVERRIDE | MI_FLAG_TOSUBCLASS, &yes};
static MI_Qualifier MI_CONST *MI_CONST key_quals[] = {&q_key};

#define ID_PROP(cls, owner)                                                                                          \
    static MI_CONST MI_PropertyDecl cls##_Id = {MI_FLAG_PROPERTY | MI_FLAG_KEY, CODE('i', 'd', 2), "Id", key_quals, 1, \
                                                MI_UINT32, NULL, 0, offsetof(owner, Id), #cls, #cls, NULL};          \
    static MI_PropertyDecl MI_CONST *MI_CONST cls##_props[] = {&cls##_Id}

#define U32_PROP(cls, name, c1, c2, len)                                                                             \
    static MI_CONST MI_PropertyDecl cls##_##name = {MI_FLAG_PROPERTY, CODE(c1, c2, len), #name, NULL, 0, MI_UINT32, \
                                                    NULL, 0, offsetof(Broken_ReportInst, name), #cls, #cls, NULL}

static void MI_CALL Load(void **self, MI_Module_Self *m, MI_Context *context)
{
    (void)m;
    *self = NULL;
    context->ft->PostResult(context, MI_RESULT_OK);
}

static void MI_CALL LoadFail(void **self, MI_Module_Self *m, MI_Context *context)
{
    (void)m;
    *self = NULL;
    context->ft->PostResult(context, MI_RESULT_FAILED);
}

static void MI_CALL Unload(void *self, MI_Context *context)
{
    (void)self;
    context->ft->PostResult(context, MI_RESULT_OK);
}

extern MI_CONST MI_ClassDecl Broken_Twice_rtti, Broken_Slow_rtti, Broken_Report_rtti;

static void MI_CALL EnumTwice(void *self, MI_Context *ctx, const MI_Char *ns, const MI_Char *cn,
                              const MI_PropertySet *ps, MI_Boolean keysOnly, const MI_Filter *filter)
{
    Broken_Plain inst;
    (void)self, (void)ns, (void)cn, (void)ps, (void)keysOnly, (void)filter;
    ctx->ft->ConstructInstance(ctx, &Broken_Twice_rtti, &inst.__instance);
    inst.Id.value = 1;
    inst.Id.exists = 1;
    ctx->ft->PostInstance(ctx, &inst.__instance);
    ctx->ft->PostResult(ctx, MI_RESULT_OK);
    g_r2 = ctx->ft->PostResult(ctx, MI_RESULT_OK);
    g_r3 = ctx->ft->PostInstance(ctx, &inst.__instance);
    inst.__instance.ft->Destruct(&inst.__instance);
}

static void MI_CALL EnumGarbage(void *self, MI_Context *ctx, const MI_Char *ns, const MI_Char *cn,
                                const MI_PropertySet *ps, MI_Boolean keysOnly, const MI_Filter *filter)
{
    Broken_Plain junk;
    (void)self, (void)ns, (void)cn, (void)ps, (void)keysOnly, (void)filter;
    memset(&junk, 0x5A, sizeof junk); /* never constructed: a garbage header */
    g_rg = ctx->ft->PostInstance(ctx, &junk.__instance);
    ctx->ft->PostResult(ctx, MI_RESULT_OK);
}

static void MI_CALL EnumSilent(void *self, MI_Context *ctx, const MI_Char *ns, const MI_Char *cn,
                               const MI_PropertySet *ps, MI_Boolean keysOnly, const MI_Filter *filter)
{
    (void)self, (void)ctx, (void)ns, (void)cn, (void)ps, (void)keysOnly, (void)filter;
}

static void MI_CALL EnumSlow(void *self, MI_Context *ctx, const MI_Char *ns, const MI_Char *cn,
                             const MI_PropertySet *ps, MI_Boolean keysOnly, const MI_Filter *filter)
{
    Broken_Plain inst;
    MI_Uint32 i;
    (void)self, (void)ns, (void)cn, (void)ps, (void)keysOnly, (void)filter;
    g_slow = 0;
    for (i = 0; i < 10000000; i++) {
        MI_Boolean canceled = MI_FALSE;
        MI_Result r;
        ctx->ft->Canceled(ctx, &canceled);
        if (canceled) {
            g_slowstop = MI_RESULT_OK; /* stopped by Canceled */
            break;
        }
        ctx->ft->ConstructInstance(ctx, &Broken_Slow_rtti, &inst.__instance);
        inst.Id.value = i;
        inst.Id.exists = 1;
        r = ctx->ft->PostInstance(ctx, &inst.__instance);
        inst.__instance.ft->Destruct(&inst.__instance);
        if (r != MI_RESULT_OK) {
            g_slowstop = r;
            break;
        }
        g_slow++;
    }
    ctx->ft->PostResult(ctx, MI_RESULT_OK);
}

static void MI_CALL EnumReport(void *self, MI_Context *ctx, const MI_Char *ns, const MI_Char *cn,
                               const MI_PropertySet *ps, MI_Boolean keysOnly, const MI_Filter *filter)
{
    Broken_ReportInst inst;
    (void)self, (void)ns, (void)cn, (void)ps, (void)keysOnly, (void)filter;
    ctx->ft->ConstructInstance(ctx, &Broken_Report_rtti, &inst.__instance);
#define SETU(f, v) (inst.f.value = (v), inst.f.exists = 1)
    SETU(Id, 1);
    SETU(R2, g_r2);
    SETU(R3, g_r3);
    SETU(RG, g_rg);
    SETU(SLOW, g_slow);
    SETU(SLOWSTOP, g_slowstop);
    ctx->ft->PostInstance(ctx, &inst.__instance);
    inst.__instance.ft->Destruct(&inst.__instance);
    ctx->ft->PostResult(ctx, MI_RESULT_OK);
}

#define FT(name, load, enumerate)                                                                                    \
    static MI_CONST MI_ProviderFT name = {load, Unload, NULL, enumerate, NULL, NULL, NULL, NULL, NULL, NULL, NULL,   \
                                          NULL, NULL, NULL}
FT(ft_twice, Load, EnumTwice);
FT(ft_garbage, Load, EnumGarbage);
FT(ft_silent, Load, EnumSilent);
FT(ft_slow, Load, EnumSlow);
FT(ft_loadfail, LoadFail, EnumSilent);
FT(ft_report, Load, EnumReport);

#define CLASS(cls, c1, c2, len, owner, props, nprops, ft)                                                           \
    MI_CONST MI_ClassDecl cls##_rtti = {MI_FLAG_CLASS, CODE(c1, c2, len), #cls, NULL, 0, props, nprops,          \
                                        sizeof(owner), NULL, NULL, NULL, 0, &schemaDecl, &ft, NULL}

ID_PROP(Broken_Twice, Broken_Plain);
ID_PROP(Broken_Garbage, Broken_Plain);
ID_PROP(Broken_Silent, Broken_Plain);
ID_PROP(Broken_Slow, Broken_Plain);
ID_PROP(Broken_LoadFail, Broken_Plain);
static MI_CONST MI_PropertyDecl Broken_Report_Id = {MI_FLAG_PROPERTY | MI_FLAG_KEY, CODE('i', 'd', 2), "Id", key_quals,
                                                    1, MI_UINT32, NULL, 0, offsetof(Broken_ReportInst, Id),
                                                    "Broken_Report", "Broken_Report", NULL};
U32_PROP(Broken_Report, R2, 'r', '2', 2);
U32_PROP(Broken_Report, R3, 'r', '3', 2);
U32_PROP(Broken_Report, RG, 'r', 'g', 2);
U32_PROP(Broken_Report, SLOW, 's', 'w', 4);
U32_PROP(Broken_Report, SLOWSTOP, 's', 'p', 8);
static MI_PropertyDecl MI_CONST *MI_CONST Broken_Report_props[] = {
    &Broken_Report_Id, &Broken_Report_R2, &Broken_Report_R3, &Broken_Report_RG, &Broken_Report_SLOW,
    &Broken_Report_SLOWSTOP};

CLASS(Broken_Twice, 'b', 'e', 12, Broken_Plain, Broken_Twice_props, 1, ft_twice);
CLASS(Broken_Garbage, 'b', 'e', 14, Broken_Plain, Broken_Garbage_props, 1, ft_garbage);
CLASS(Broken_Silent, 'b', 't', 13, Broken_Plain, Broken_Silent_props, 1, ft_silent);
CLASS(Broken_Slow, 'b', 'w', 11, Broken_Plain, Broken_Slow_props, 1, ft_slow);
CLASS(Broken_LoadFail, 'b', 'l', 15, Broken_Plain, Broken_LoadFail_props, 1, ft_loadfail);
CLASS(Broken_Report, 'b', 't', 13, Broken_ReportInst, Broken_Report_props, 6, ft_report);

static MI_ClassDecl MI_CONST *MI_CONST classes[] = {&Broken_Twice_rtti,  &Broken_Garbage_rtti,  &Broken_Silent_rtti,
                                                    &Broken_Slow_rtti,   &Broken_LoadFail_rtti, &Broken_Report_rtti};
MI_SchemaDecl schemaDecl = {NULL, 0, classes, 6};

static void MI_CALL ModuleLoad(MI_Module_Self **self, MI_Context *context)
{
    *self = NULL;
    context->ft->PostResult(context, MI_RESULT_OK);
}

static void MI_CALL ModuleUnload(MI_Module_Self *self, MI_Context *context)
{
    (void)self;
    context->ft->PostResult(context, MI_RESULT_OK);
}

EXPORT MI_Module *MI_MAIN_CALL MI_Main(MI_Server *server)
{
    static MI_Module module;
    (void)server;
    module.charSize = sizeof(MI_Char);
    module.version = 1u << 16;
    module.generatorVersion = 1u << 16;
    module.schemaDecl = &schemaDecl;
    module.Load = ModuleLoad;
    module.Unload = ModuleUnload;
    return &module;
}
#endif
