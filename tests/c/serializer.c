/*
 * serializer.c - MI_SerializerFT (3 slots) and MI_DeserializerFT (6 slots) through
 * mi_clientFT_V1, for the MI_XML and MI_MOF_CIMV2_EXTV1 formats, and the exports
 * MI_Application_NewSerializer_Mof / MI_Application_NewDeserializer_Mof:
 *   constructors (formats, flags, NULLs, a closed application), the size query with a NULL
 *   buffer, a truncated buffer (MI_RESULT_FAILED, nothing written), the fill, and reading
 *   the document back (instances with every kind of value, embedded instances, references,
 *   NULLs; classes with a parent asked for through the class-object-needed callback);
 *   the name slots; malformed documents (a CIM error instance describes them); zeroed,
 *   closed, wrong-kind handles; the handle layout PowerShell's MMI relies on (reserved2
 *   points to the function table).
 */
#include "testutil.h"

#include <mi.h>
#include <stddef.h>
#include <string.h>

static MI_Application g_app = MI_APPLICATION_NULL;
#define SFT (mi_clientFT_V1->serializerFT)
#define DFT (mi_clientFT_V1->deserializerFT)

static MI_Instance *new_instance(const MI_Char *cls)
{
    MI_Instance *i = NULL;
    CHECK_EQ_INT(g_app.ft->NewInstance(&g_app, cls, NULL, &i), MI_RESULT_OK);
    return i;
}

static void add(MI_Instance *i, const MI_Char *name, MI_Value v, MI_Type t, MI_Uint32 flags)
{
    CHECK_EQ_INT(MI_Instance_AddElement(i, name, &v, t, flags), MI_RESULT_OK);
}

/* An instance with scalars, an array, a NULL, an embedded instance and a reference. */
static MI_Instance *sample(void)
{
    MI_Instance *i = new_instance(MI_T("Sample_Thing"));
    MI_Instance *inner = new_instance(MI_T("Sample_Inner"));
    MI_Instance *target = new_instance(MI_T("Sample_Target"));
    MI_Value v;
    MI_Uint32 nums[3] = {1, 2, 4000000000u};
    MI_Char *strs[2] = {MI_T("a<b"), MI_T("\"c&d\"")};
    memset(&v, 0, sizeof v);
    v.string = MI_T("key-1");
    add(i, MI_T("Name"), v, MI_STRING, MI_FLAG_KEY);
    v.uint32 = 42;
    add(i, MI_T("Count"), v, MI_UINT32, 0);
    v.sint64 = -7;
    add(i, MI_T("Delta"), v, MI_SINT64, 0);
    v.boolean = MI_TRUE;
    add(i, MI_T("On"), v, MI_BOOLEAN, 0);
    v.real64 = 0.25;
    add(i, MI_T("Ratio"), v, MI_REAL64, 0);
    v.char16 = 0x41;
    add(i, MI_T("Letter"), v, MI_CHAR16, 0);
    memset(&v, 0, sizeof v);
    v.datetime.isTimestamp = 1;
    v.datetime.u.timestamp.year = 2026;
    v.datetime.u.timestamp.month = 12;
    v.datetime.u.timestamp.day = 4;
    v.datetime.u.timestamp.utc = 60;
    add(i, MI_T("When"), v, MI_DATETIME, 0);
    v.uint32a.data = nums;
    v.uint32a.size = 3;
    add(i, MI_T("Nums"), v, MI_UINT32A, 0);
    v.stringa.data = strs;
    v.stringa.size = 2;
    add(i, MI_T("Words"), v, MI_STRINGA, 0);
    add(i, MI_T("Nothing"), v, MI_STRING, MI_FLAG_NULL);
    v.string = MI_T("inside");
    add(inner, MI_T("Text"), v, MI_STRING, 0);
    memset(&v, 0, sizeof v);
    v.instance = inner;
    add(i, MI_T("Inner"), v, MI_INSTANCE, MI_FLAG_ADOPT);
    v.string = MI_T("t1");
    add(target, MI_T("Id"), v, MI_STRING, MI_FLAG_KEY);
    v.reference = target;
    add(i, MI_T("Target"), v, MI_REFERENCE, MI_FLAG_ADOPT);
    return i;
}

/* Serializes through the slot the MMI way: size query, then fill. */
static MI_Uint8 *serialize(MI_Serializer *s, MI_Uint32 flags, const MI_Instance *inst, const MI_Class *cls,
                           MI_Uint32 *size)
{
    MI_Uint32 needed = 0, used = 0;
    MI_Uint8 *buf;
    MI_Result r = inst ? SFT->SerializeInstance(s, flags, inst, NULL, 0, &needed)
                       : SFT->SerializeClass(s, flags, cls, NULL, 0, &needed);
    CHECK_EQ_INT(r, MI_RESULT_FAILED);
    CHECK(needed > 0);
    buf = calloc(1, needed + 1);
    r = inst ? SFT->SerializeInstance(s, flags, inst, buf, needed, &used)
             : SFT->SerializeClass(s, flags, cls, buf, needed, &used);
    CHECK_EQ_INT(r, MI_RESULT_OK);
    CHECK_EQ_INT(used, needed);
    *size = needed;
    return buf;
}

static void check_string(const MI_Instance *i, const MI_Char *name, const char *want)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 f;
    if (CHECK_EQ_INT(MI_Instance_GetElement(i, name, &v, &t, &f, NULL), MI_RESULT_OK)) {
        CHECK_EQ_INT(t, MI_STRING);
        CHECK(v.string != NULL && strcmp((const char *)v.string, want) == 0);
    }
}

static void check_round_trip(const MI_Instance *back)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 f, n = 0;
    const MI_Char *cn = NULL;
    CHECK_EQ_INT(MI_Instance_GetClassName(back, &cn), MI_RESULT_OK);
    CHECK(cn != NULL && strcmp((const char *)cn, "Sample_Thing") == 0);
    CHECK_EQ_INT(MI_Instance_GetElementCount(back, &n), MI_RESULT_OK);
    CHECK_EQ_INT(n, 12);
    check_string(back, MI_T("Name"), "key-1");
    if (CHECK_EQ_INT(MI_Instance_GetElement(back, MI_T("Name"), &v, &t, &f, NULL), MI_RESULT_OK))
        CHECK(f & MI_FLAG_KEY);
    if (CHECK_EQ_INT(MI_Instance_GetElement(back, MI_T("Count"), &v, &t, &f, NULL), MI_RESULT_OK)) {
        CHECK_EQ_INT(t, MI_UINT32);
        CHECK_EQ_INT(v.uint32, 42);
    }
    if (CHECK_EQ_INT(MI_Instance_GetElement(back, MI_T("Delta"), &v, &t, &f, NULL), MI_RESULT_OK))
        CHECK(t == MI_SINT64 && v.sint64 == -7);
    if (CHECK_EQ_INT(MI_Instance_GetElement(back, MI_T("Ratio"), &v, &t, &f, NULL), MI_RESULT_OK))
        CHECK(t == MI_REAL64 && v.real64 == 0.25);
    if (CHECK_EQ_INT(MI_Instance_GetElement(back, MI_T("Letter"), &v, &t, &f, NULL), MI_RESULT_OK))
        CHECK(t == MI_CHAR16 && v.char16 == 0x41);
    if (CHECK_EQ_INT(MI_Instance_GetElement(back, MI_T("When"), &v, &t, &f, NULL), MI_RESULT_OK))
        CHECK(t == MI_DATETIME && v.datetime.isTimestamp && v.datetime.u.timestamp.year == 2026 &&
              v.datetime.u.timestamp.utc == 60);
    if (CHECK_EQ_INT(MI_Instance_GetElement(back, MI_T("Nums"), &v, &t, &f, NULL), MI_RESULT_OK))
        CHECK(t == MI_UINT32A && v.uint32a.size == 3 && v.uint32a.data[2] == 4000000000u);
    if (CHECK_EQ_INT(MI_Instance_GetElement(back, MI_T("Words"), &v, &t, &f, NULL), MI_RESULT_OK))
        CHECK(t == MI_STRINGA && v.stringa.size == 2 && strcmp((const char *)v.stringa.data[1], "\"c&d\"") == 0);
    if (CHECK_EQ_INT(MI_Instance_GetElement(back, MI_T("Nothing"), &v, &t, &f, NULL), MI_RESULT_OK))
        CHECK(f & MI_FLAG_NULL);
    if (CHECK_EQ_INT(MI_Instance_GetElement(back, MI_T("Inner"), &v, &t, &f, NULL), MI_RESULT_OK) &&
        CHECK_EQ_INT(t, MI_INSTANCE) && CHECK(v.instance != NULL))
        check_string(v.instance, MI_T("Text"), "inside");
    if (CHECK_EQ_INT(MI_Instance_GetElement(back, MI_T("Target"), &v, &t, &f, NULL), MI_RESULT_OK) &&
        CHECK_EQ_INT(t, MI_REFERENCE) && CHECK(v.reference != NULL))
        check_string(v.reference, MI_T("Id"), "t1");
}

static void constructors(void)
{
    MI_Serializer s;
    MI_Deserializer d;
    MI_Char xml[] = MI_T("MI_XML"), mof[] = MI_T("MI_MOF_CIMV2_EXTV1"), bad[] = MI_T("MI_JSON");
    MI_Application zero = MI_APPLICATION_NULL;
    SECTION("constructors");
    CHECK_EQ_INT(g_app.ft->NewSerializer(&g_app, 1, xml, &s), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(g_app.ft->NewSerializer(&g_app, 0, NULL, &s), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(g_app.ft->NewSerializer(&g_app, 0, xml, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(g_app.ft->NewSerializer(&g_app, 0, bad, &s), MI_RESULT_NOT_SUPPORTED);
    CHECK(s.reserved1 == 0 && s.reserved2 == 0); /* a failed constructor leaves a zeroed handle */
    CHECK_EQ_INT(SFT->Close(&s), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(g_app.ft->NewSerializer(&zero, 0, xml, &s), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(g_app.ft->NewSerializer(NULL, 0, xml, &s), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(g_app.ft->NewDeserializer(&g_app, 2, xml, &d), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(g_app.ft->NewDeserializer(&g_app, 0, bad, &d), MI_RESULT_NOT_SUPPORTED);
    CHECK_EQ_INT(g_app.ft->NewDeserializer(&g_app, 0, xml, NULL), MI_RESULT_INVALID_PARAMETER);
    /* both formats through the table (PowerShell's path on Linux) */
    if (CHECK_EQ_INT(g_app.ft->NewSerializer(&g_app, 0, mof, &s), MI_RESULT_OK)) {
        CHECK((const void *)s.reserved2 == (const void *)SFT); /* MMI reads the table from reserved2 */
        CHECK_EQ_INT(SFT->Close(&s), MI_RESULT_OK);
        CHECK_EQ_INT(SFT->Close(&s), MI_RESULT_INVALID_PARAMETER); /* closed: stale */
    }
    if (CHECK_EQ_INT(g_app.ft->NewDeserializer(&g_app, 0, xml, &d), MI_RESULT_OK)) {
        CHECK((const void *)d.reserved2 == (const void *)DFT);
        CHECK_EQ_INT(DFT->Close(&d), MI_RESULT_OK);
    }
    /* the exports */
    CHECK_EQ_INT(MI_Application_NewSerializer_Mof(&g_app, 0, NULL, &s), MI_RESULT_NOT_SUPPORTED);
    CHECK_EQ_INT(MI_Application_NewSerializer_Mof(&g_app, 0, xml, &s), MI_RESULT_NOT_SUPPORTED);
    CHECK_EQ_INT(MI_Application_NewSerializer_Mof(&g_app, 1, mof, &s), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_NewSerializer_Mof(&zero, 0, mof, &s), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_NewDeserializer_Mof(&g_app, 0, mof, NULL), MI_RESULT_INVALID_PARAMETER);
    if (CHECK_EQ_INT(MI_Application_NewSerializer_Mof(&g_app, 0, mof, &s), MI_RESULT_OK))
        CHECK_EQ_INT(SFT->Close(&s), MI_RESULT_OK);
    if (CHECK_EQ_INT(MI_Application_NewDeserializer_Mof(&g_app, 0, mof, &d), MI_RESULT_OK))
        CHECK_EQ_INT(DFT->Close(&d), MI_RESULT_OK);
#ifndef _WIN32
    {
        /* The format as UTF-16, as MMI's P/Invoke (LPWStr) marshals it. */
        unsigned short wide[32];
        const char *name = "MI_MOF_CIMV2_EXTV1";
        size_t k;
        for (k = 0; name[k]; k++)
            wide[k] = (unsigned short)name[k];
        wide[k] = 0;
        if (CHECK_EQ_INT(MI_Application_NewSerializer_Mof(&g_app, 0, (MI_Char *)wide, &s), MI_RESULT_OK))
            CHECK_EQ_INT(SFT->Close(&s), MI_RESULT_OK);
        if (CHECK_EQ_INT(MI_Application_NewDeserializer_Mof(&g_app, 0, (MI_Char *)wide, &d), MI_RESULT_OK))
            CHECK_EQ_INT(DFT->Close(&d), MI_RESULT_OK);
        wide[3] = 'X';
        CHECK_EQ_INT(MI_Application_NewSerializer_Mof(&g_app, 0, (MI_Char *)wide, &s), MI_RESULT_NOT_SUPPORTED);
    }
#endif
}

static void instances(const MI_Char *format, int is_xml)
{
    MI_Serializer s;
    MI_Deserializer d;
    MI_Instance *inst = sample(), *back = NULL, *err = NULL;
    MI_Uint8 *buf, small[16];
    MI_Uint32 size = 0, needed = 0, read = 0, len;
    MI_Char name[64];
    SECTION(is_xml ? "instances, MI_XML" : "instances, MOF");
    if (!CHECK_EQ_INT(g_app.ft->NewSerializer(&g_app, 0, (MI_Char *)format, &s), MI_RESULT_OK) ||
        !CHECK_EQ_INT(g_app.ft->NewDeserializer(&g_app, 0, (MI_Char *)format, &d), MI_RESULT_OK))
        return;
    buf = serialize(&s, 0, inst, NULL, &size);
    if (is_xml)
        CHECK(strncmp((const char *)buf, "<INSTANCE CLASSNAME=\"Sample_Thing\">", 35) == 0);
    else
        CHECK(strstr((const char *)buf, "instance of Sample_Thing\n{") != NULL);
    /* truncated: FAILED, the size, nothing written */
    memset(small, 0x5A, sizeof small);
    CHECK_EQ_INT(SFT->SerializeInstance(&s, 0, inst, small, sizeof small, &needed), MI_RESULT_FAILED);
    CHECK_EQ_INT(needed, size);
    CHECK(small[0] == 0x5A && small[15] == 0x5A);
    /* bad arguments */
    CHECK_EQ_INT(SFT->SerializeInstance(&s, 0, NULL, NULL, 0, &needed), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(SFT->SerializeInstance(&s, 0, inst, NULL, 0, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(SFT->SerializeInstance(&s, 0, inst, NULL, 8, &needed), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(SFT->SerializeInstance(&s, 0x40000, inst, NULL, 0, &needed), MI_RESULT_INVALID_PARAMETER);
    /* read back */
    if (CHECK_EQ_INT(DFT->DeserializeInstance(&d, 0, buf, size, NULL, 0, NULL, NULL, &read, &back, &err),
                     MI_RESULT_OK)) {
        CHECK_EQ_INT(read, size);
        CHECK(err == NULL);
        if (is_xml)
            check_round_trip(back);
        else
            check_string(back, MI_T("Name"), "key-1"); /* MOF carries no types without a class */
        MI_Instance_Delete(back);
    }
    /* the instance's class name: size query, short buffer, fill */
    len = 0;
    CHECK_EQ_INT(DFT->Instance_GetClassName(&d, buf, size, NULL, &len, NULL), MI_RESULT_FAILED);
    CHECK_EQ_INT(len, 13); /* "Sample_Thing" and the NUL */
    len = 4;
    CHECK_EQ_INT(DFT->Instance_GetClassName(&d, buf, size, name, &len, NULL), MI_RESULT_FAILED);
    len = 64;
    CHECK_EQ_INT(DFT->Instance_GetClassName(&d, buf, size, name, &len, &err), MI_RESULT_OK);
    CHECK(strcmp((const char *)name, "Sample_Thing") == 0);
    CHECK_EQ_INT(DFT->Instance_GetClassName(&d, buf, size, name, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    /* malformed: a clear result and a CIM error instance with the message */
    back = (MI_Instance *)1;
    CHECK_EQ_INT(DFT->DeserializeInstance(&d, 0, buf, size / 2, NULL, 0, NULL, NULL, &read, &back, &err),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK(back == NULL);
    if (CHECK(err != NULL)) {
        MI_Value v;
        MI_Type t;
        CHECK_EQ_INT(MI_Instance_GetElement(err, MI_T("Message"), &v, &t, NULL, NULL), MI_RESULT_OK);
        MI_Instance_Delete(err);
        err = NULL;
    }
    CHECK_EQ_INT(DFT->DeserializeInstance(&d, 0, NULL, size, NULL, 0, NULL, NULL, &read, &back, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->DeserializeInstance(&d, 0, buf, 0, NULL, 0, NULL, NULL, &read, &back, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->DeserializeInstance(&d, 0, buf, size, NULL, 0, NULL, NULL, &read, NULL, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->DeserializeInstance(&d, 0, buf, size, NULL, 3, NULL, NULL, &read, &back, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    /* through the table MMI finds at reserved2 */
    {
        const MI_SerializerFT *ft = (const MI_SerializerFT *)s.reserved2;
        needed = 0;
        CHECK_EQ_INT(ft->SerializeInstance(&s, 0, inst, NULL, 0, &needed), MI_RESULT_FAILED);
        CHECK_EQ_INT(needed, size);
    }
    free(buf);
    /* with the classes (PowerShell's IncludeClasses) */
    if (is_xml) {
        buf = serialize(&s, MI_SERIALIZER_FLAGS_INSTANCE_WITH_CLASS, inst, NULL, &size);
        CHECK(strncmp((const char *)buf, "<CIM CIMVERSION=\"2.6.0\" DTDVERSION=\"2.3.1\">", 43) == 0);
        CHECK(strstr((const char *)buf, "<CLASS NAME=\"Sample_Thing\">") != NULL);
        CHECK(strstr((const char *)buf, "<CLASS NAME=\"Sample_Inner\">") != NULL);
        if (CHECK_EQ_INT(DFT->DeserializeInstance(&d, 0, buf, size, NULL, 0, NULL, NULL, &read, &back, NULL),
                         MI_RESULT_OK)) {
            check_round_trip(back);
            MI_Instance_Delete(back);
        }
        free(buf);
    }
    CHECK_EQ_INT(SFT->Close(&s), MI_RESULT_OK);
    CHECK_EQ_INT(DFT->Close(&d), MI_RESULT_OK);
    MI_Instance_Delete(inst);
}

static MI_Class *g_parent;
static int g_asked;

static MI_Result MI_CALL need_class(void *ctx, const MI_Char *server, const MI_Char *ns, const MI_Char *cls,
                                    MI_Class **out)
{
    (void)server;
    (void)ns;
    CHECK(ctx == (void *)&g_asked);
    g_asked++;
    if (strcmp((const char *)cls, "Sample_Base") != 0 && strcmp((const char *)cls, "M_Base") != 0)
        return MI_RESULT_NOT_FOUND;
    *out = g_parent;
    return MI_RESULT_OK;
}

static void classes(void)
{
    MI_Serializer s;
    MI_Deserializer d;
    MI_Instance *base = new_instance(MI_T("Sample_Base")), *err = NULL;
    MI_Class *cls = NULL, *back = NULL;
    MI_Uint8 *buf;
    MI_Uint32 size = 0, read = 0, len = 64, count = 0;
    MI_Char name[64];
    MI_Value v;
    static MI_Uint8 derived[] = "<CLASS NAME=\"Sample_Derived\" SUPERCLASS=\"Sample_Base\">"
                                "<PROPERTY NAME=\"Extra\" TYPE=\"uint8\"><VALUE>9</VALUE></PROPERTY></CLASS>";
    SECTION("classes");
    memset(&v, 0, sizeof v);
    v.string = MI_T("b");
    add(base, MI_T("Id"), v, MI_STRING, MI_FLAG_KEY);
    if (!CHECK_EQ_INT(MI_Instance_GetClass(base, &cls), MI_RESULT_OK))
        return;
    CHECK_EQ_INT(g_app.ft->NewSerializer(&g_app, 0, MI_T("MI_XML"), &s), MI_RESULT_OK);
    CHECK_EQ_INT(g_app.ft->NewDeserializer(&g_app, 0, MI_T("MI_XML"), &d), MI_RESULT_OK);
    buf = serialize(&s, 0, NULL, cls, &size);
    CHECK(strncmp((const char *)buf, "<CLASS NAME=\"Sample_Base\">", 26) == 0);
    CHECK_EQ_INT(SFT->SerializeClass(&s, 0, NULL, NULL, 0, &len), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(SFT->SerializeClass(&s, 0x1000, cls, NULL, 0, &len), MI_RESULT_INVALID_PARAMETER);
    if (CHECK_EQ_INT(DFT->DeserializeClass(&d, 0, buf, size, NULL, MI_T("srv"), MI_T("root/x"), NULL, NULL, &read,
                                           &back, &err),
                     MI_RESULT_OK)) {
        const MI_Char *ns = NULL;
        CHECK_EQ_INT(read, size);
        CHECK_EQ_INT(back->ft->GetElementCount(back, &count), MI_RESULT_OK);
        CHECK_EQ_INT(count, 1);
        CHECK_EQ_INT(back->ft->GetNameSpace(back, &ns), MI_RESULT_OK);
        CHECK(ns != NULL && strcmp((const char *)ns, "root/x") == 0);
        back->ft->Delete(back);
    }
    len = 64;
    CHECK_EQ_INT(DFT->Class_GetClassName(&d, buf, size, name, &len, NULL), MI_RESULT_OK);
    CHECK(strcmp((const char *)name, "Sample_Base") == 0);
    len = 64;
    CHECK_EQ_INT(DFT->Class_GetParentClassName(&d, buf, size, name, &len, NULL), MI_RESULT_NOT_FOUND);
    len = 64;
    CHECK_EQ_INT(DFT->Class_GetParentClassName(&d, derived, sizeof derived, name, &len, NULL), MI_RESULT_OK);
    CHECK(strcmp((const char *)name, "Sample_Base") == 0);
    /* the parent through the callback, then as parentClass */
    g_parent = cls;
    g_asked = 0;
    CHECK_EQ_INT(DFT->DeserializeClass(&d, 0, derived, sizeof derived, NULL, NULL, NULL, NULL, NULL, &read, &back,
                                       &err),
                 MI_RESULT_INVALID_SUPERCLASS);
    if (CHECK(err != NULL))
        MI_Instance_Delete(err);
    if (CHECK_EQ_INT(DFT->DeserializeClass(&d, 0, derived, sizeof derived, NULL, NULL, NULL, need_class, &g_asked,
                                           &read, &back, NULL),
                     MI_RESULT_OK)) {
        const MI_Char *parent = NULL;
        CHECK(g_asked >= 1);
        CHECK_EQ_INT(back->ft->GetElementCount(back, &count), MI_RESULT_OK);
        CHECK_EQ_INT(count, 2); /* Id inherited, Extra */
        CHECK_EQ_INT(back->ft->GetParentClassName(back, &parent), MI_RESULT_OK);
        CHECK(parent != NULL && strcmp((const char *)parent, "Sample_Base") == 0);
        back->ft->Delete(back);
    }
    if (CHECK_EQ_INT(DFT->DeserializeClass(&d, 0, derived, sizeof derived, cls, NULL, NULL, NULL, NULL, &read,
                                           &back, NULL),
                     MI_RESULT_OK))
        back->ft->Delete(back);
    CHECK_EQ_INT(DFT->DeserializeClass(&d, 1, buf, size, NULL, NULL, NULL, NULL, NULL, &read, &back, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->DeserializeClass(&d, 0, buf, size, NULL, NULL, NULL, NULL, NULL, &read, NULL, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    /* an instance typed by its class, passed in classObjects */
    {
        static MI_Uint8 doc[] = "<INSTANCE CLASSNAME=\"Sample_Base\"><PROPERTY NAME=\"Id\" TYPE=\"string\" "
                                "MODIFIED=\"TRUE\"><VALUE>z</VALUE></PROPERTY></INSTANCE>";
        MI_Instance *i = NULL;
        MI_Class *list[1] = {cls};
        MI_Type t;
        MI_Uint32 f;
        if (CHECK_EQ_INT(DFT->DeserializeInstance(&d, 0, doc, sizeof doc, list, 1, NULL, NULL, &read, &i, NULL),
                         MI_RESULT_OK)) {
            CHECK_EQ_INT(MI_Instance_GetElement(i, MI_T("Id"), &v, &t, &f, NULL), MI_RESULT_OK);
            CHECK(f & MI_FLAG_KEY); /* from the class */
            MI_Instance_Delete(i);
        }
    }
    free(buf);
    CHECK_EQ_INT(SFT->Close(&s), MI_RESULT_OK);
    CHECK_EQ_INT(DFT->Close(&d), MI_RESULT_OK);
    cls->ft->Delete(cls);
    MI_Instance_Delete(base);
}

/* MMI's MI_MOFDeserializerFT: the six slots, then the two MOF array slots (OMI's
   MI_DeserializerFT_INTL), called through the table at reserved2. */
typedef struct {
    MI_Array arr;
    MI_Uint64 reserved1;
    ptrdiff_t reserved2, reserved3, reserved4;
} ext_array;
typedef struct {
    void (MI_CALL *Delete)(ext_array *self);
} ext_array_ft;
typedef struct {
    void *classObjectNeededContext;
    MI_Deserializer_ClassObjectNeeded classObjectNeeded;
    void *rest[12];
} mof_callbacks;
typedef struct {
    MI_DeserializerFT ft;
    MI_Result(MI_CALL *DeserializeClassArray)(MI_Deserializer *, MI_Uint32, MI_OperationOptions *, mof_callbacks *,
                                               MI_Uint8 *, MI_Uint32, MI_Array *, const MI_Char *, const MI_Char *,
                                               MI_Uint32 *, ext_array **, MI_Instance **);
    MI_Result(MI_CALL *DeserializeInstanceArray)(MI_Deserializer *, MI_Uint32, MI_OperationOptions *,
                                                  mof_callbacks *, MI_Uint8 *, MI_Uint32, MI_Array *, MI_Uint32 *,
                                                  ext_array **, MI_Instance **);
} mof_deserializer_ft;

static void mof_arrays(void)
{
    MI_Deserializer d, x;
    const mof_deserializer_ft *ft;
    ext_array *arr = NULL;
    MI_Instance *err = NULL;
    MI_Uint32 read = 0;
    static MI_Uint8 mof[] = "#pragma namespace(\"root/x\")\n"
                            "class M_Base { [Key] string Id; };\n"
                            "class M_Thing : M_Base { uint8 Level = 3; M_Base REF Other; };\n"
                            "instance of M_Base as $b { Id = \"b1\"; };\n"
                            "instance of M_Thing { Id = \"t1\"; Level = 9; Other = $b; };\n";
    static MI_Uint8 broken[] = "class M_X { uint7 Bad; };";
    SECTION("MOF array slots");
    if (!CHECK_EQ_INT(MI_Application_NewDeserializer_Mof(&g_app, 0, MI_T("MI_MOF_CIMV2_EXTV1"), &d), MI_RESULT_OK))
        return;
    ft = (const mof_deserializer_ft *)d.reserved2;
    CHECK(ft->DeserializeClassArray != NULL && ft->DeserializeInstanceArray != NULL);
    if (CHECK_EQ_INT(ft->DeserializeClassArray(&d, 0, NULL, NULL, mof, sizeof mof - 1, NULL, NULL, MI_T("root/x"),
                                               &read, &arr, &err),
                     MI_RESULT_OK) &&
        CHECK(arr != NULL)) {
        MI_Class **cls = (MI_Class **)arr->arr.data;
        MI_Uint32 n = 0;
        CHECK_EQ_INT(arr->arr.size, 2);
        CHECK_EQ_INT(read, sizeof mof - 1);
        CHECK_EQ_INT(cls[1]->ft->GetElementCount(cls[1], &n), MI_RESULT_OK);
        CHECK_EQ_INT(n, 3); /* Id inherited, Level, Other */
        ((const ext_array_ft *)arr->reserved2)->Delete(arr);
    }
    arr = NULL;
    if (CHECK_EQ_INT(ft->DeserializeInstanceArray(&d, 0, NULL, NULL, mof, sizeof mof - 1, NULL, &read, &arr, &err),
                     MI_RESULT_OK) &&
        CHECK(arr != NULL)) {
        MI_Instance **in = (MI_Instance **)arr->arr.data;
        MI_Value v;
        MI_Type t;
        MI_Uint32 f;
        CHECK_EQ_INT(arr->arr.size, 2);
        if (CHECK_EQ_INT(MI_Instance_GetElement(in[1], MI_T("Level"), &v, &t, &f, NULL), MI_RESULT_OK))
            CHECK(t == MI_UINT8 && v.uint8 == 9);
        if (CHECK_EQ_INT(MI_Instance_GetElement(in[1], MI_T("Other"), &v, &t, &f, NULL), MI_RESULT_OK) &&
            CHECK_EQ_INT(t, MI_REFERENCE))
            check_string(v.reference, MI_T("Id"), "b1");
        ((const ext_array_ft *)arr->reserved2)->Delete(arr);
    }
    /* the classes passed in, the callback in the callbacks struct */
    {
        static MI_Uint8 sub[] = "class M_Sub : M_Base { uint32 More; };";
        static MI_Uint8 inst[] = "instance of M_Base { Id = \"z\"; };";
        MI_Instance *base = new_instance(MI_T("M_Base"));
        MI_Class *bc = NULL;
        MI_Value v;
        mof_callbacks cb;
        MI_Class *list[1];
        MI_Array given;
        memset(&v, 0, sizeof v);
        v.string = MI_T("x");
        add(base, MI_T("Id"), v, MI_STRING, MI_FLAG_KEY);
        MI_Instance_GetClass(base, &bc);
        memset(&cb, 0, sizeof cb);
        cb.classObjectNeeded = need_class;
        cb.classObjectNeededContext = &g_asked;
        g_parent = bc;
        g_asked = 0;
        arr = NULL;
        CHECK_EQ_INT(ft->DeserializeClassArray(&d, 0, NULL, NULL, sub, sizeof sub - 1, NULL, NULL, NULL, &read, &arr,
                                               &err),
                     MI_RESULT_INVALID_SUPERCLASS);
        if (CHECK(err != NULL))
            MI_Instance_Delete(err);
        err = NULL;
        CHECK(arr == NULL);
        (void)list;
        if (CHECK_EQ_INT(ft->DeserializeClassArray(&d, 0, NULL, &cb, sub, sizeof sub - 1, NULL, NULL, NULL, &read,
                                                   &arr, NULL),
                         MI_RESULT_OK)) {
            CHECK(g_asked >= 1);
            ((const ext_array_ft *)arr->reserved2)->Delete(arr);
        }
        list[0] = bc;
        given.data = list;
        given.size = 1;
        arr = NULL;
        if (CHECK_EQ_INT(ft->DeserializeInstanceArray(&d, 0, NULL, NULL, inst, sizeof inst - 1, &given, &read, &arr,
                                                      NULL),
                         MI_RESULT_OK)) {
            MI_Uint32 f;
            MI_Type t;
            CHECK_EQ_INT(MI_Instance_GetElement(((MI_Instance **)arr->arr.data)[0], MI_T("Id"), &v, &t, &f, NULL),
                         MI_RESULT_OK);
            CHECK(f & MI_FLAG_KEY); /* typed by the class passed in */
            ((const ext_array_ft *)arr->reserved2)->Delete(arr);
        }
        bc->ft->Delete(bc);
        MI_Instance_Delete(base);
    }
    /* errors */
    arr = (ext_array *)1;
    CHECK_EQ_INT(ft->DeserializeClassArray(&d, 0, NULL, NULL, broken, sizeof broken - 1, NULL, NULL, NULL, &read, &arr,
                                           &err),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK(arr == NULL);
    if (CHECK(err != NULL))
        MI_Instance_Delete(err);
    CHECK_EQ_INT(ft->DeserializeInstanceArray(&d, 1, NULL, NULL, mof, sizeof mof - 1, NULL, &read, &arr, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(ft->DeserializeInstanceArray(&d, 0, NULL, NULL, mof, sizeof mof - 1, NULL, &read, NULL, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(ft->DeserializeInstanceArray(&d, 0, NULL, NULL, NULL, 4, NULL, &read, &arr, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    if (CHECK_EQ_INT(g_app.ft->NewDeserializer(&g_app, 0, MI_T("MI_XML"), &x), MI_RESULT_OK)) {
        CHECK_EQ_INT(ft->DeserializeInstanceArray(&x, 0, NULL, NULL, mof, sizeof mof - 1, NULL, &read, &arr, NULL),
                     MI_RESULT_NOT_SUPPORTED);
        CHECK_EQ_INT(DFT->Close(&x), MI_RESULT_OK);
    }
    CHECK_EQ_INT(DFT->Close(&d), MI_RESULT_OK);
    CHECK_EQ_INT(ft->DeserializeInstanceArray(&d, 0, NULL, NULL, mof, sizeof mof - 1, NULL, &read, &arr, NULL),
                 MI_RESULT_INVALID_PARAMETER);
}

static void bad_handles(void)
{
    MI_Serializer s, zero_s;
    MI_Deserializer d, zero_d, as_d;
    MI_Instance *inst = new_instance(MI_T("X"));
    MI_Uint32 needed = 0, read = 0, len = 8;
    MI_Instance *out = NULL;
    MI_Class *cls = NULL;
    MI_Char name[8];
    static MI_Uint8 doc[] = "<INSTANCE CLASSNAME=\"X\"/>";
    SECTION("bad handles");
    memset(&zero_s, 0, sizeof zero_s);
    memset(&zero_d, 0, sizeof zero_d);
    CHECK_EQ_INT(SFT->Close(&zero_s), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(SFT->Close(NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(SFT->SerializeInstance(&zero_s, 0, inst, NULL, 0, &needed), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(SFT->SerializeInstance(NULL, 0, inst, NULL, 0, &needed), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(SFT->SerializeClass(&zero_s, 0, NULL, NULL, 0, &needed), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->Close(&zero_d), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->DeserializeInstance(&zero_d, 0, doc, sizeof doc, NULL, 0, NULL, NULL, &read, &out, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->DeserializeClass(&zero_d, 0, doc, sizeof doc, NULL, NULL, NULL, NULL, NULL, &read, &cls, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->Class_GetClassName(&zero_d, doc, sizeof doc, name, &len, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->Class_GetParentClassName(NULL, doc, sizeof doc, name, &len, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->Instance_GetClassName(&zero_d, doc, sizeof doc, name, &len, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    /* a serializer is not a deserializer */
    if (CHECK_EQ_INT(g_app.ft->NewSerializer(&g_app, 0, MI_T("MI_XML"), &s), MI_RESULT_OK)) {
        memcpy(&as_d, &s, sizeof as_d);
        CHECK_EQ_INT(DFT->DeserializeInstance(&as_d, 0, doc, sizeof doc, NULL, 0, NULL, NULL, &read, &out, NULL),
                     MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(DFT->Close(&as_d), MI_RESULT_INVALID_PARAMETER);
        /* forged: the check word changed */
        s.reserved1 ^= 1;
        CHECK_EQ_INT(SFT->SerializeInstance(&s, 0, inst, NULL, 0, &needed), MI_RESULT_INVALID_PARAMETER);
        s.reserved1 ^= 1;
        CHECK_EQ_INT(SFT->Close(&s), MI_RESULT_OK);
        /* closed */
        CHECK_EQ_INT(SFT->SerializeInstance(&s, 0, inst, NULL, 0, &needed), MI_RESULT_INVALID_PARAMETER);
    }
    if (CHECK_EQ_INT(g_app.ft->NewDeserializer(&g_app, 0, MI_T("MI_XML"), &d), MI_RESULT_OK)) {
        CHECK_EQ_INT(DFT->Close(&d), MI_RESULT_OK);
        CHECK_EQ_INT(DFT->DeserializeInstance(&d, 0, doc, sizeof doc, NULL, 0, NULL, NULL, &read, &out, NULL),
                     MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(DFT->Close(&d), MI_RESULT_INVALID_PARAMETER);
    }
    MI_Instance_Delete(inst);
}

int main(void)
{
    tu_watchdog(60);
    if (!CHECK_EQ_INT(MI_Application_Initialize(0, NULL, NULL, &g_app), MI_RESULT_OK))
        TEST_MAIN_END();
    constructors();
    instances(MI_T("MI_XML"), 1);
    instances(MI_T("MI_MOF_CIMV2_EXTV1"), 0);
    classes();
    mof_arrays();
    bad_handles();
    CHECK_EQ_INT(MI_Application_Close(&g_app), MI_RESULT_OK);
    TEST_MAIN_END();
}
