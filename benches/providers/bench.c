/*
 * bench.c - the provider of the enumeration benchmark (benches/enum_bench.c): class
 * MIRS_Bench in root/bench, 10 properties of 8 types, written the way generated providers
 * are (a class declaration, an instance struct of MI_Const<Type>Field members). Its static
 * method SetCount(Count) sets how many instances EnumerateInstances posts (default 1000);
 * each has its own key and name. One instance struct is constructed per enumeration and
 * posted again with new values, as generated providers that stream large results do.
 *
 * Built by ci/bench-enum.sh: libMIRS_Bench.so, registration register/root-bench/MIRS_Bench.reg.
 */
#include <mi.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifndef MI_CONST
#define MI_CONST const
#endif
#define EXPORT __attribute__((visibility("default")))
#define COUNT(a) ((MI_Uint32)(sizeof(a) / sizeof((a)[0])))
#define CODE(first, last, len) (((MI_Uint32)(first) << 16) | ((MI_Uint32)(last) << 8) | (MI_Uint32)(len))

typedef struct {
    MI_Instance __instance;
    MI_ConstUint64Field Key;
    MI_ConstStringField Name;
    MI_ConstUint32Field Value1;
    MI_ConstSint64Field Value2;
    MI_ConstBooleanField Flag;
    MI_ConstReal64Field Ratio;
    MI_ConstDatetimeField When;
    MI_ConstUint16Field Code;
    MI_ConstStringField Label;
    MI_ConstUint8Field Small;
} MIRS_Bench;

typedef struct {
    MI_Instance __instance;
    MI_ConstUint32Field MIReturn;
    MI_ConstUint64Field Count;
} MIRS_Bench_SetCount;

extern MI_SchemaDecl bench_schema;
static MI_Uint64 count = 1000;

#define PROP(var, flags, c1, c2, len, name, type, field)                                              \
    static MI_CONST MI_PropertyDecl var = {                                                           \
        MI_FLAG_PROPERTY | (flags), CODE(c1, c2, len), MI_T(name), NULL, 0, type, NULL, 0,             \
        offsetof(MIRS_Bench, field), MI_T("MIRS_Bench"), MI_T("MIRS_Bench"), NULL,                      \
    }
PROP(p_Key, MI_FLAG_KEY, 'k', 'y', 3, "Key", MI_UINT64, Key);
PROP(p_Name, 0, 'n', 'e', 4, "Name", MI_STRING, Name);
PROP(p_Value1, 0, 'v', '1', 6, "Value1", MI_UINT32, Value1);
PROP(p_Value2, 0, 'v', '2', 6, "Value2", MI_SINT64, Value2);
PROP(p_Flag, 0, 'f', 'g', 4, "Flag", MI_BOOLEAN, Flag);
PROP(p_Ratio, 0, 'r', 'o', 5, "Ratio", MI_REAL64, Ratio);
PROP(p_When, 0, 'w', 'n', 4, "When", MI_DATETIME, When);
PROP(p_Code, 0, 'c', 'e', 4, "Code", MI_UINT16, Code);
PROP(p_Label, 0, 'l', 'l', 5, "Label", MI_STRING, Label);
PROP(p_Small, 0, 's', 'l', 5, "Small", MI_UINT8, Small);
static MI_PropertyDecl MI_CONST *MI_CONST props[] = {
    &p_Key, &p_Name, &p_Value1, &p_Value2, &p_Flag, &p_Ratio, &p_When, &p_Code, &p_Label, &p_Small,
};

static MI_CONST MI_ParameterDecl sc_MIReturn = {
    MI_FLAG_PARAMETER | MI_FLAG_OUT, CODE('m', 'n', 8), MI_T("MIReturn"), NULL, 0, MI_UINT32, NULL, 0,
    offsetof(MIRS_Bench_SetCount, MIReturn),
};
static MI_CONST MI_ParameterDecl sc_Count = {
    MI_FLAG_PARAMETER | MI_FLAG_IN, CODE('c', 't', 5), MI_T("Count"), NULL, 0, MI_UINT64, NULL, 0,
    offsetof(MIRS_Bench_SetCount, Count),
};
static MI_ParameterDecl MI_CONST *MI_CONST sc_params[] = {&sc_MIReturn, &sc_Count};

static MI_CONST MI_ClassDecl MIRS_Bench_rtti;
static MI_CONST MI_MethodDecl SetCount_rtti;

static void MI_CALL Bench_Load(void **self, MI_Module_Self *selfModule, MI_Context *context)
{
    (void)selfModule;
    *self = NULL;
    context->ft->PostResult(context, MI_RESULT_OK);
}

static void MI_CALL Bench_Unload(void *self, MI_Context *context)
{
    (void)self;
    context->ft->PostResult(context, MI_RESULT_OK);
}

static void MI_CALL Bench_Enumerate(void *self, MI_Context *context, const MI_Char *nameSpace,
                                    const MI_Char *className, const MI_PropertySet *propertySet,
                                    MI_Boolean keysOnly, const MI_Filter *filter)
{
    MIRS_Bench b;
    MI_Char name[32];
    MI_Uint64 i, n = count;
    MI_Result r = MI_RESULT_OK;
    (void)self, (void)nameSpace, (void)className, (void)propertySet, (void)keysOnly, (void)filter;
    memset(&b, 0, sizeof(b));
    if (context->ft->ConstructInstance(context, &MIRS_Bench_rtti, &b.__instance) != MI_RESULT_OK) {
        context->ft->PostResult(context, MI_RESULT_FAILED);
        return;
    }
    b.Label.value = MI_T("a label of moderate length"), b.Label.exists = MI_TRUE;
    b.Flag.value = MI_TRUE, b.Flag.exists = MI_TRUE;
    b.When.value.isTimestamp = MI_TRUE;
    b.When.value.u.timestamp.year = 2026, b.When.value.u.timestamp.month = 12, b.When.value.u.timestamp.day = 4;
    b.When.exists = MI_TRUE;
    for (i = 0; i < n && r == MI_RESULT_OK; i++) {
        int k;
        char tmp[32];
        snprintf(tmp, sizeof(tmp), "item-%llu", (unsigned long long)i);
        for (k = 0; tmp[k]; k++)
            name[k] = (MI_Char)tmp[k];
        name[k] = 0;
        b.Key.value = i, b.Key.exists = MI_TRUE;
        b.Name.value = name, b.Name.exists = MI_TRUE;
        b.Value1.value = (MI_Uint32)(i * 7), b.Value1.exists = MI_TRUE;
        b.Value2.value = -(MI_Sint64)i, b.Value2.exists = MI_TRUE;
        b.Ratio.value = (double)i / 3.0, b.Ratio.exists = MI_TRUE;
        b.Code.value = (MI_Uint16)(i & 0xffff), b.Code.exists = MI_TRUE;
        b.Small.value = (MI_Uint8)(i & 0xff), b.Small.exists = MI_TRUE;
        r = context->ft->PostInstance(context, &b.__instance);
    }
    b.__instance.ft->Destruct(&b.__instance);
    context->ft->PostResult(context, r);
}

static void MI_CALL Bench_Invoke_SetCount(void *self, MI_Context *context, const MI_Char *nameSpace,
                                          const MI_Char *className, const MI_Char *methodName,
                                          const MI_Instance *instanceName, const MI_Instance *in)
{
    const MIRS_Bench_SetCount *args = (const MIRS_Bench_SetCount *)in;
    MIRS_Bench_SetCount out;
    (void)self, (void)nameSpace, (void)className, (void)methodName, (void)instanceName;
    if (args->Count.exists)
        count = args->Count.value;
    memset(&out, 0, sizeof(out));
    if (context->ft->ConstructParameters(context, &SetCount_rtti, &out.__instance) == MI_RESULT_OK) {
        out.MIReturn.value = 0, out.MIReturn.exists = MI_TRUE;
        context->ft->PostInstance(context, &out.__instance);
        out.__instance.ft->Destruct(&out.__instance);
    }
    context->ft->PostResult(context, MI_RESULT_OK);
}

static MI_CONST MI_MethodDecl SetCount_rtti = {
    MI_FLAG_METHOD | MI_FLAG_STATIC, CODE('s', 't', 8), MI_T("SetCount"), NULL, 0,
    sc_params, COUNT(sc_params), sizeof(MIRS_Bench_SetCount), MI_UINT32,
    MI_T("MIRS_Bench"), MI_T("MIRS_Bench"), &bench_schema, Bench_Invoke_SetCount,
};
static MI_MethodDecl MI_CONST *MI_CONST meths[] = {&SetCount_rtti};

static MI_CONST MI_ProviderFT funcs = {
    Bench_Load, Bench_Unload, NULL, Bench_Enumerate, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

static MI_CONST MI_ClassDecl MIRS_Bench_rtti = {
    MI_FLAG_CLASS, CODE('m', 'h', 10), MI_T("MIRS_Bench"), NULL, 0, props, COUNT(props),
    sizeof(MIRS_Bench), NULL, NULL, meths, COUNT(meths), &bench_schema, &funcs, NULL,
};
static MI_ClassDecl MI_CONST *MI_CONST classes[] = {&MIRS_Bench_rtti};
MI_SchemaDecl bench_schema = {NULL, 0, classes, COUNT(classes)};

static void MI_CALL Module_Load(MI_Module_Self **self, MI_Context *context)
{
    *self = NULL;
    context->ft->PostResult(context, MI_RESULT_OK);
}

static void MI_CALL Module_Unload(MI_Module_Self *self, MI_Context *context)
{
    (void)self;
    context->ft->PostResult(context, MI_RESULT_OK);
}

EXPORT MI_Module *MI_MAIN_CALL MI_Main(MI_Server *server)
{
    static MI_Module module;
    (void)server;
    module.charSize = sizeof(MI_Char);
    module.version = 1u << 16; /* 1.0.0: OMI's server refuses newer modules */
    module.generatorVersion = 1u << 16;
    module.schemaDecl = &bench_schema;
    module.Load = Module_Load;
    module.Unload = Module_Unload;
    return &module;
}
