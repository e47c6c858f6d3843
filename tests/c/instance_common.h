/*
 * instance_common.h - helpers shared by the instance_*.c client programs: an application,
 * instance constructors, and a deep value comparison for all 32 MI_Types.
 */
#ifndef MI_INSTANCE_COMMON_H
#define MI_INSTANCE_COMMON_H

#include "testutil.h"

#include <mi.h>

static MI_Application g_app = MI_APPLICATION_NULL;

static void app_open(void)
{
    MI_Instance *err = NULL;
    CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("instance-tests"), &err, &g_app), MI_RESULT_OK);
}

static void app_close(void)
{
    CHECK_EQ_INT(MI_Application_Close(&g_app), MI_RESULT_OK);
}

static MI_Instance *new_dynamic(const MI_Char *className)
{
    MI_Instance *inst = NULL;
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, className, NULL, &inst), MI_RESULT_OK);
    CHECK(inst != NULL);
    return inst;
}

static void delete_instance(MI_Instance *inst)
{
    CHECK_EQ_INT(MI_Instance_Delete(inst), MI_RESULT_OK);
}

static int instances_eq(const MI_Instance *a, const MI_Instance *b);

/* strcmp that also accepts NULL (equal only to NULL). */
static int str_eq(const MI_Char *a, const MI_Char *b)
{
    return (a == NULL || b == NULL) ? a == b : strcmp(a, b) == 0;
}

/* Whether two values of type `t` are equal, deeply (strings by content, instances by
 * class name and elements). */
static int value_eq(MI_Type t, const MI_Value *a, const MI_Value *b)
{
#define ARR_EQ(M)                                                                         \
    (a->M.size == b->M.size &&                                                            \
     (a->M.size == 0 || memcmp(a->M.data, b->M.data, a->M.size * sizeof *a->M.data) == 0))
    switch (t) {
    case MI_BOOLEAN: return a->boolean == b->boolean;
    case MI_UINT8: return a->uint8 == b->uint8;
    case MI_SINT8: return a->sint8 == b->sint8;
    case MI_UINT16: return a->uint16 == b->uint16;
    case MI_SINT16: return a->sint16 == b->sint16;
    case MI_UINT32: return a->uint32 == b->uint32;
    case MI_SINT32: return a->sint32 == b->sint32;
    case MI_UINT64: return a->uint64 == b->uint64;
    case MI_SINT64: return a->sint64 == b->sint64;
    case MI_REAL32: return a->real32 == b->real32;
    case MI_REAL64: return a->real64 == b->real64;
    case MI_CHAR16: return a->char16 == b->char16;
    case MI_DATETIME: return memcmp(&a->datetime, &b->datetime, sizeof a->datetime) == 0;
    case MI_STRING: return str_eq(a->string, b->string);
    case MI_REFERENCE: return instances_eq(a->reference, b->reference);
    case MI_INSTANCE: return instances_eq(a->instance, b->instance);
    case MI_BOOLEANA: return ARR_EQ(booleana);
    case MI_UINT8A: return ARR_EQ(uint8a);
    case MI_SINT8A: return ARR_EQ(sint8a);
    case MI_UINT16A: return ARR_EQ(uint16a);
    case MI_SINT16A: return ARR_EQ(sint16a);
    case MI_UINT32A: return ARR_EQ(uint32a);
    case MI_SINT32A: return ARR_EQ(sint32a);
    case MI_UINT64A: return ARR_EQ(uint64a);
    case MI_SINT64A: return ARR_EQ(sint64a);
    case MI_REAL32A: return ARR_EQ(real32a);
    case MI_REAL64A: return ARR_EQ(real64a);
    case MI_CHAR16A: return ARR_EQ(char16a);
    case MI_DATETIMEA: return ARR_EQ(datetimea);
    case MI_STRINGA:
        if (a->stringa.size != b->stringa.size) return 0;
        for (MI_Uint32 i = 0; i < a->stringa.size; i++) {
            if (!str_eq(a->stringa.data[i], b->stringa.data[i])) return 0;
        }
        return 1;
    case MI_REFERENCEA:
    case MI_INSTANCEA:
        if (a->instancea.size != b->instancea.size) return 0;
        for (MI_Uint32 i = 0; i < a->instancea.size; i++) {
            if (!instances_eq(a->instancea.data[i], b->instancea.data[i])) return 0;
        }
        return 1;
    default: return 0;
    }
#undef ARR_EQ
}

/* Same class name, same elements (name, type, flags, value) in the same order. */
static int instances_eq(const MI_Instance *a, const MI_Instance *b)
{
    const MI_Char *ca = NULL, *cb = NULL;
    MI_Uint32 na = 0, nb = 0;
    if (a == NULL || b == NULL) return a == b;
    if (MI_Instance_GetClassName(a, &ca) != MI_RESULT_OK) return 0;
    if (MI_Instance_GetClassName(b, &cb) != MI_RESULT_OK) return 0;
    if (strcmp(ca, cb) != 0) return 0;
    if (MI_Instance_GetElementCount(a, &na) != MI_RESULT_OK) return 0;
    if (MI_Instance_GetElementCount(b, &nb) != MI_RESULT_OK || na != nb) return 0;
    for (MI_Uint32 i = 0; i < na; i++) {
        const MI_Char *xa, *xb;
        MI_Value va, vb;
        MI_Type ta, tb;
        MI_Uint32 fa, fb;
        if (MI_Instance_GetElementAt(a, i, &xa, &va, &ta, &fa) != MI_RESULT_OK) return 0;
        if (MI_Instance_GetElementAt(b, i, &xb, &vb, &tb, &fb) != MI_RESULT_OK) return 0;
        if (strcmp(xa, xb) != 0 || ta != tb || fa != fb) return 0;
        if (!(fa & MI_FLAG_NULL) && !value_eq(ta, &va, &vb)) return 0;
    }
    return 1;
}

#endif /* MI_INSTANCE_COMMON_H */
