/*
 * instance_slots.c - the 18 MI_InstanceFT slots one by one and their error codes, through
 * both ways in (the table and the exported wrappers); schema-backed instances from a
 * static MI_ClassDecl (properties, types, keys, defaults, IsA), parameter sets, the
 * MI_Class of MI_Instance_GetClass (tests/c/class_slots.c covers every class slot) and
 * MI_Application_NewInstanceFromClass, and
 * a foreign instance (its own ft) passing through the library untouched.
 */
#include "instance_common.h"

typedef void (*any_fn)(void);

/* ---- a static schema, as generated provider code lays it out ---------------------- */

static const MI_Char *name_default = MI_T("dflt");
static const MI_Uint16 count_default = 7;
static const MI_Char *tags_data[] = {MI_T("a"), MI_T("b")};
static const MI_ConstStringA tags_default = {tags_data, 2};

static MI_PropertyDecl prop_key = {MI_FLAG_PROPERTY | MI_FLAG_KEY, 0, MI_T("Key"), NULL, 0, MI_UINT32, NULL, 0, 0, NULL, NULL, NULL};
static MI_PropertyDecl prop_name = {MI_FLAG_PROPERTY, 0, MI_T("Name"), NULL, 0, MI_STRING, NULL, 0, 0, NULL, NULL, &name_default};
static MI_PropertyDecl prop_count = {MI_FLAG_PROPERTY | MI_FLAG_READONLY, 0, MI_T("Count"), NULL, 0, MI_UINT16, NULL, 0, 0, NULL, NULL, &count_default};
static MI_PropertyDecl prop_tags = {MI_FLAG_PROPERTY, 0, MI_T("Tags"), NULL, 0, MI_STRINGA, NULL, 0, 0, NULL, NULL, &tags_default};
static const MI_PropertyDecl *const base_props[] = {&prop_key};
static const MI_PropertyDecl *const derived_props[] = {&prop_key, &prop_name, &prop_count, &prop_tags};

static MI_ClassDecl base_decl = {MI_FLAG_CLASS, 0, MI_T("Test_Base"), NULL, 0, base_props, 1, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL};
static MI_ClassDecl derived_decl = {MI_FLAG_CLASS, 0, MI_T("Test_Derived"), NULL, 0, derived_props, 4, 0, MI_T("Test_Base"), &base_decl, NULL, 0, NULL, NULL, NULL};
static MI_ClassDecl other_decl = {MI_FLAG_CLASS, 0, MI_T("Test_Other"), NULL, 0, NULL, 0, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL};

static MI_ParameterDecl param_in = {MI_FLAG_PARAMETER | MI_FLAG_IN, 0, MI_T("Input"), NULL, 0, MI_STRING, NULL, 0, 0};
static MI_ParameterDecl param_ret = {MI_FLAG_PARAMETER | MI_FLAG_OUT, 0, MI_T("MIReturn"), NULL, 0, MI_UINT32, NULL, 0, 0};
static const MI_ParameterDecl *const method_params[] = {&param_in, &param_ret};
static MI_MethodDecl method_decl = {MI_FLAG_METHOD, 0, MI_T("DoIt"), NULL, 0, method_params, 2, 0, MI_UINT32, NULL, NULL, NULL, NULL};

/* ---- a foreign instance: its own table, counting its clones and deletes ----------- */

typedef struct Foreign {
    MI_Instance header;
    int id;
} Foreign;

static int foreign_clones, foreign_deletes;
static MI_InstanceFT foreign_ft;

static MI_Result MI_CALL foreign_clone(const MI_Instance *self, MI_Instance **out)
{
    Foreign *copy = malloc(sizeof *copy);
    *copy = *(const Foreign *)self;
    foreign_clones++;
    *out = &copy->header;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL foreign_delete(MI_Instance *self)
{
    foreign_deletes++;
    free(self);
    return MI_RESULT_OK;
}

static MI_Result MI_CALL foreign_class_name(const MI_Instance *self, const MI_Char **name)
{
    (void)self;
    *name = MI_T("Foreign_Class");
    return MI_RESULT_OK;
}

static Foreign *new_foreign(int id)
{
    foreign_ft.Clone = foreign_clone;
    foreign_ft.Delete = foreign_delete;
    foreign_ft.GetClassName = foreign_class_name;
    Foreign *f = calloc(1, sizeof *f);
    f->header.ft = &foreign_ft;
    f->id = id;
    return f;
}

/* ---- tests ------------------------------------------------------------------------ */

static void table_and_wrappers(void)
{
    SECTION("the table is complete; wrapper fallbacks");
    MI_Instance *inst = new_dynamic(MI_T("Test_Table"));
    const MI_InstanceFT *ft = inst->ft;
    if (CHECK(ft != NULL)) {
        CHECK_EQ_INT(sizeof *ft / sizeof(any_fn), 18);
        for (size_t i = 0; i < 18; i++) {
            any_fn slot;
            memcpy(&slot, (const char *)ft + i * sizeof(any_fn), sizeof slot);
            CHECK(slot != NULL);
        }
    }
    CHECK(inst->classDecl != NULL);
    CHECK(inst->classDecl != NULL && strcmp(inst->classDecl->name, "Test_Table") == 0);
    CHECK(inst->nameSpace == NULL && inst->serverName == NULL);

    /* NULL instance or NULL ft: the wrappers' guard. */
    MI_Instance zero;
    memset(&zero, 0, sizeof zero);
    MI_Instance *out = (MI_Instance *)&zero;
    const MI_Char *s = NULL;
    MI_Uint32 n = 0;
    MI_Value v;
    memset(&v, 0, sizeof v);
    CHECK_EQ_INT(MI_Instance_Clone(NULL, &out), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_Clone(&zero, &out), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_Destruct(NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_Delete(&zero), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_IsA(NULL, &base_decl, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_GetClassName(&zero, &s), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_SetNameSpace(NULL, MI_T("x")), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_GetNameSpace(NULL, &s), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_GetElementCount(&zero, &n), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_AddElement(NULL, MI_T("x"), &v, MI_UINT32, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_SetElement(&zero, MI_T("x"), &v, MI_UINT32, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_SetElementAt(NULL, 0, &v, MI_UINT32, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_GetElement(&zero, MI_T("x"), &v, NULL, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_GetElementAt(NULL, 0, &s, &v, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_ClearElement(&zero, MI_T("x")), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_ClearElementAt(NULL, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_GetServerName(&zero, &s), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_SetServerName(NULL, MI_T("x")), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_GetClass(&zero, NULL), MI_RESULT_INVALID_PARAMETER);

    /* A struct that carries our table but is not one of our instances. */
    MI_Instance fake;
    memset(&fake, 0, sizeof fake);
    fake.ft = ft;
    CHECK_EQ_INT(MI_Instance_GetElementCount(&fake, &n), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_AddElement(&fake, MI_T("x"), &v, MI_UINT32, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_Delete(&fake), MI_RESULT_INVALID_PARAMETER);
    MI_Class *cls = (MI_Class *)&zero;
    CHECK_EQ_INT(MI_Instance_GetClass(&fake, &cls), MI_RESULT_INVALID_PARAMETER);
    CHECK(cls == NULL);

    /* The table and the exported functions are the same code. */
    MI_Value x;
    memset(&x, 0, sizeof x);
    x.sint8 = -3;
    CHECK_EQ_INT(ft->AddElement(inst, MI_T("viaTable"), &x, MI_SINT8, 0), MI_RESULT_OK);
    MI_Type t = 0;
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("VIATABLE"), &x, &t, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_SINT8);
    CHECK_EQ_INT(ft->GetElementCount(inst, &n), MI_RESULT_OK);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(ft->Delete(inst), MI_RESULT_OK);
}

static void names_and_errors(void)
{
    SECTION("names, namespaces, server names, element errors");
    MI_Instance *inst = NULL;
    /* NewInstance argument checks. */
    inst = (MI_Instance *)&g_app;
    CHECK_EQ_INT(MI_Application_NewInstance(NULL, MI_T("X"), NULL, &inst), MI_RESULT_INVALID_PARAMETER);
    CHECK(inst == NULL);
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, NULL, NULL, &inst), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("X"), NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("no spaces"), NULL, &inst), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("9lives"), NULL, &inst), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T(""), NULL, &inst), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, "Bad\xff", NULL, &inst), MI_RESULT_INVALID_PARAMETER);
    CHECK(inst == NULL);
    MI_Application zero_app = MI_APPLICATION_NULL;
    zero_app.ft = g_app.ft;
    CHECK_EQ_INT(MI_Application_NewInstance(&zero_app, MI_T("X"), NULL, &inst), MI_RESULT_INVALID_PARAMETER);
    /* Through the table too. */
    CHECK_EQ_INT(g_app.ft->NewInstance(&g_app, MI_T("Via_Table"), NULL, &inst), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_Delete(inst), MI_RESULT_OK);

    inst = new_dynamic(MI_T("Test_Names"));
    const MI_Char *s = NULL;
    CHECK_EQ_INT(MI_Instance_GetClassName(inst, &s), MI_RESULT_OK);
    CHECK(s != NULL && strcmp(s, "Test_Names") == 0);

    /* Namespace and server name: copied, visible in the header, NULL clears. */
    char ns[] = "root/cimv2";
    CHECK_EQ_INT(MI_Instance_SetNameSpace(inst, ns), MI_RESULT_OK);
    ns[0] = 'X';
    CHECK_EQ_INT(MI_Instance_GetNameSpace(inst, &s), MI_RESULT_OK);
    CHECK(s != NULL && strcmp(s, "root/cimv2") == 0 && s == inst->nameSpace);
    CHECK_EQ_INT(MI_Instance_SetServerName(inst, MI_T("host.example")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetServerName(inst, &s), MI_RESULT_OK);
    CHECK(s != NULL && strcmp(s, "host.example") == 0 && s == inst->serverName);
    CHECK_EQ_INT(MI_Instance_SetServerName(inst, "\xc3"), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_GetServerName(inst, &s), MI_RESULT_OK);
    CHECK(s != NULL && strcmp(s, "host.example") == 0);
    MI_Instance *clone = NULL;
    CHECK_EQ_INT(MI_Instance_Clone(inst, &clone), MI_RESULT_OK);
    CHECK(clone->nameSpace != NULL && strcmp(clone->nameSpace, "root/cimv2") == 0);
    CHECK(clone->serverName != NULL && clone->serverName != inst->serverName);
    delete_instance(clone);
    CHECK_EQ_INT(MI_Instance_SetNameSpace(inst, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetNameSpace(inst, &s), MI_RESULT_OK);
    CHECK(s == NULL && inst->nameSpace == NULL);

    /* Element errors. */
    MI_Value v, out;
    memset(&v, 0, sizeof v);
    v.uint32 = 1;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("Prop"), &v, MI_UINT32, MI_FLAG_KEY | MI_FLAG_PROPERTY), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("pROP"), &v, MI_UINT32, 0), MI_RESULT_ALREADY_EXISTS);
    CHECK_EQ_INT(MI_Instance_AddElement(inst, NULL, &v, MI_UINT32, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T(""), &v, MI_UINT32, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_AddElement(inst, "\xff\xfe", &v, MI_UINT32, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("t"), &v, 32, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("t"), &v, 0xFFFFFFFFu, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("t"), &v, MI_UINT32, 0x00800000u), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_SetElement(inst, MI_T("missing"), &v, MI_UINT32, 0), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(MI_Instance_SetElement(inst, MI_T("prop"), &v, MI_SINT32, 0), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(MI_Instance_SetElement(inst, MI_T("prop"), &v, MI_UINT32A, 0), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(MI_Instance_SetElementAt(inst, 0, &v, MI_STRING, 0), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(MI_Instance_SetElementAt(inst, 1, &v, MI_UINT32, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("missing"), &out, NULL, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, NULL, &out, NULL, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, "\x80", &out, NULL, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_GetElementAt(inst, 1, NULL, &out, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_GetElementAt(inst, 0xFFFFFFFFu, NULL, &out, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_ClearElement(inst, MI_T("missing")), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(MI_Instance_ClearElement(inst, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_ClearElementAt(inst, 1), MI_RESULT_INVALID_PARAMETER);
    MI_Uint32 n = 0;
    CHECK_EQ_INT(MI_Instance_GetElementCount(inst, &n), MI_RESULT_OK);
    CHECK_EQ_INT(n, 1);

    /* The outputs of GetElement and GetElementAt are each optional; the one output of
       GetElementCount is required (docs/STATUS.md, "Required and optional out-pointers"). */
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("prop"), NULL, NULL, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElementAt(inst, 0, NULL, NULL, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElementCount(inst, NULL), MI_RESULT_INVALID_PARAMETER);

    /* Flags are kept (KEY, PROPERTY); the value flags are not reported. */
    MI_Uint32 flags = 0, index = 9;
    MI_Type t = 0;
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("PROP"), &out, &t, &flags, &index), MI_RESULT_OK);
    CHECK_EQ_INT(flags, MI_FLAG_KEY | MI_FLAG_PROPERTY);
    CHECK_EQ_INT(index, 0);
    CHECK_EQ_INT(out.uint32, 1);

    /* Values are read and written member-sized: a lone MI_Uint8 is enough. */
    struct {
        MI_Uint8 value;
        unsigned char guard[39];
    } small;
    small.value = 200;
    memset(small.guard, 0x5A, sizeof small.guard);
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("small"), (const MI_Value *)(const void *)&small.value, MI_UINT8, 0),
                 MI_RESULT_OK);
    small.value = 0;
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("small"), (MI_Value *)(void *)&small, NULL, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(small.value, 200);
    int guard_ok = 1;
    for (size_t i = 0; i < sizeof small.guard; i++) guard_ok &= small.guard[i] == 0x5A;
    CHECK(guard_ok);

    /* ClearElement: the element stays, with a NULL value. */
    CHECK_EQ_INT(MI_Instance_ClearElement(inst, MI_T("Prop")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("prop"), &out, NULL, &flags, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(flags, MI_FLAG_KEY | MI_FLAG_PROPERTY | MI_FLAG_NULL);
    CHECK_EQ_INT(MI_Instance_ClearElementAt(inst, 1), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElementAt(inst, 1, NULL, NULL, NULL, &flags), MI_RESULT_OK);
    CHECK_EQ_INT(flags, MI_FLAG_NULL);
    CHECK_EQ_INT(MI_Instance_GetElementCount(inst, &n), MI_RESULT_OK);
    CHECK_EQ_INT(n, 2);

    /* A returned value stays valid until that element changes. */
    memset(&v, 0, sizeof v);
    v.string = (MI_Char *)"first";
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("s1"), &v, MI_STRING, 0), MI_RESULT_OK);
    MI_Value kept;
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("s1"), &kept, NULL, NULL, NULL), MI_RESULT_OK);
    for (int i = 0; i < 50; i++) {
        char name[16];
        snprintf(name, sizeof name, "more%d", i);
        CHECK_EQ_INT(MI_Instance_AddElement(inst, name, &v, MI_STRING, 0), MI_RESULT_OK);
    }
    CHECK(strcmp(kept.string, "first") == 0);
    /* Setting an element to its own current value (aliasing the stored copy) works. */
    CHECK_EQ_INT(MI_Instance_SetElement(inst, MI_T("s1"), &kept, MI_STRING, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("s1"), &out, NULL, NULL, NULL), MI_RESULT_OK);
    CHECK(strcmp(out.string, "first") == 0);
    /* An instance embedded into itself (copy) works: the copy is taken first. */
    memset(&v, 0, sizeof v);
    v.instance = inst;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("me"), &v, MI_INSTANCE, 0), MI_RESULT_OK);
    /* A borrowed self-reference makes a cycle: a clone refuses instead of recursing forever. */
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("loop"), &v, MI_INSTANCE, MI_FLAG_BORROW), MI_RESULT_OK);
    clone = (MI_Instance *)&g_app;
    CHECK_EQ_INT(MI_Instance_Clone(inst, &clone), MI_RESULT_SERVER_LIMITS_EXCEEDED);
    CHECK(clone == NULL);
    CHECK_EQ_INT(MI_Instance_ClearElement(inst, MI_T("loop")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_Clone(inst, &clone), MI_RESULT_OK);
    CHECK(instances_eq(inst, clone));
    delete_instance(clone);
    CHECK_EQ_INT(MI_Instance_Clone(inst, NULL), MI_RESULT_INVALID_PARAMETER);

    /* Destruct: contents released; afterwards only Delete is accepted. */
    CHECK_EQ_INT(MI_Instance_Destruct(inst), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElementCount(inst, &n), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_Destruct(inst), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_Delete(inst), MI_RESULT_OK);
}

static void schema_backed(void)
{
    SECTION("schema-backed instances: properties, types, keys, defaults, IsA");
    MI_Instance *inst = NULL;
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("Test_Derived"), &derived_decl, &inst), MI_RESULT_OK);
    if (!CHECK(inst != NULL)) return;
    const MI_Char *s = NULL;
    CHECK_EQ_INT(MI_Instance_GetClassName(inst, &s), MI_RESULT_OK);
    CHECK(s != NULL && strcmp(s, "Test_Derived") == 0);
    CHECK(inst->classDecl != NULL);
    MI_Uint32 n = 0;
    CHECK_EQ_INT(MI_Instance_GetElementCount(inst, &n), MI_RESULT_OK);
    CHECK_EQ_INT(n, 4);

    MI_Value v;
    MI_Type t;
    MI_Uint32 flags;
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("key"), &v, &t, &flags, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_UINT32);
    CHECK_EQ_INT(flags, MI_FLAG_PROPERTY | MI_FLAG_KEY | MI_FLAG_NULL | MI_FLAG_NOT_MODIFIED);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("Name"), &v, &t, &flags, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_STRING);
    CHECK_EQ_INT(flags, MI_FLAG_PROPERTY | MI_FLAG_NOT_MODIFIED);
    CHECK(v.string != NULL && strcmp(v.string, "dflt") == 0 && v.string != name_default);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("Count"), &v, &t, &flags, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_UINT16);
    CHECK_EQ_INT(v.uint16, 7);
    CHECK_EQ_INT(flags, MI_FLAG_PROPERTY | MI_FLAG_READONLY | MI_FLAG_NOT_MODIFIED);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("Tags"), &v, &t, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_STRINGA);
    CHECK(v.stringa.size == 2 && strcmp(v.stringa.data[1], "b") == 0);

    /* Set with the declared type; a modified element loses NOT_MODIFIED. */
    memset(&v, 0, sizeof v);
    v.uint32 = 42;
    CHECK_EQ_INT(MI_Instance_SetElement(inst, MI_T("KEY"), &v, MI_UINT32, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("key"), &v, NULL, &flags, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(flags, MI_FLAG_PROPERTY | MI_FLAG_KEY);
    CHECK_EQ_INT(v.uint32, 42);
    CHECK_EQ_INT(MI_Instance_SetElement(inst, MI_T("key"), &v, MI_UINT64, 0), MI_RESULT_TYPE_MISMATCH);
    /* A schema-backed instance takes no new elements (as the reference). */
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("Extra"), &v, MI_UINT32, 0), MI_RESULT_FAILED);

    /* IsA: its own declaration, its superclass, its header declaration; not others. */
    MI_Boolean yes = 9;
    CHECK_EQ_INT(MI_Instance_IsA(inst, &derived_decl, &yes), MI_RESULT_OK);
    CHECK_EQ_INT(yes, MI_TRUE);
    CHECK_EQ_INT(MI_Instance_IsA(inst, &base_decl, &yes), MI_RESULT_OK);
    CHECK_EQ_INT(yes, MI_TRUE);
    CHECK_EQ_INT(MI_Instance_IsA(inst, inst->classDecl, &yes), MI_RESULT_OK);
    CHECK_EQ_INT(yes, MI_TRUE);
    CHECK_EQ_INT(MI_Instance_IsA(inst, &other_decl, &yes), MI_RESULT_OK);
    CHECK_EQ_INT(yes, MI_FALSE);
    CHECK_EQ_INT(MI_Instance_IsA(inst, NULL, &yes), MI_RESULT_INVALID_PARAMETER);
    MI_Instance *base = NULL;
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("Test_Base"), &base_decl, &base), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_IsA(base, &derived_decl, &yes), MI_RESULT_OK);
    CHECK_EQ_INT(yes, MI_FALSE);
    delete_instance(base);

    /* Clone keeps everything (including NOT_MODIFIED) and IsA. */
    MI_Instance *clone = NULL;
    CHECK_EQ_INT(MI_Instance_Clone(inst, &clone), MI_RESULT_OK);
    CHECK(instances_eq(inst, clone));
    CHECK_EQ_INT(MI_Instance_IsA(clone, &base_decl, &yes), MI_RESULT_OK);
    CHECK_EQ_INT(yes, MI_TRUE);
    delete_instance(clone);

    /* A malformed declaration is refused. */
    MI_PropertyDecl bad_type = prop_key;
    bad_type.type = 77;
    const MI_PropertyDecl *bad_props[] = {&bad_type};
    MI_ClassDecl bad = other_decl;
    bad.properties = bad_props;
    bad.numProperties = 1;
    MI_Instance *x = NULL;
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("Test_Other"), &bad, &x), MI_RESULT_INVALID_PARAMETER);
    const MI_PropertyDecl *dup_props[] = {&prop_key, &prop_key};
    bad.properties = dup_props;
    bad.numProperties = 2;
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("Test_Other"), &bad, &x), MI_RESULT_INVALID_PARAMETER);
    bad.properties = NULL;
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("Test_Other"), &bad, &x), MI_RESULT_INVALID_PARAMETER);
    CHECK(x == NULL);

    /* Parameter sets: dynamic "Parameters", or from a method declaration. */
    MI_Instance *params = NULL;
    CHECK_EQ_INT(MI_Application_NewParameterSet(&g_app, NULL, &params), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetClassName(params, &s), MI_RESULT_OK);
    CHECK(s != NULL && strcmp(s, "Parameters") == 0);
    memset(&v, 0, sizeof v);
    CHECK_EQ_INT(MI_Instance_AddElement(params, MI_T("In1"), &v, MI_BOOLEAN, MI_FLAG_IN), MI_RESULT_OK);
    delete_instance(params);
    CHECK_EQ_INT(MI_Application_NewParameterSet(&g_app, (const MI_ClassDecl *)(const void *)&method_decl, &params),
                 MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElementCount(params, &n), MI_RESULT_OK);
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(MI_Instance_GetElement(params, MI_T("MIReturn"), &v, &t, &flags, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_UINT32);
    CHECK(flags & MI_FLAG_OUT);
    CHECK_EQ_INT(MI_Instance_GetElement(params, MI_T("input"), &v, &t, &flags, NULL), MI_RESULT_OK);
    CHECK(flags & MI_FLAG_IN);
    delete_instance(params);
    params = (MI_Instance *)&g_app;
    CHECK_EQ_INT(MI_Application_NewParameterSet(NULL, NULL, &params), MI_RESULT_INVALID_PARAMETER);
    CHECK(params == NULL);

    delete_instance(inst);
}

static void classes(void)
{
    SECTION("MI_Instance_GetClass, MI_ClassFT, NewInstanceFromClass");
    MI_Instance *inst = NULL;
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("Test_Derived"), &derived_decl, &inst), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_SetNameSpace(inst, MI_T("root/test")), MI_RESULT_OK);
    MI_Class *cls = NULL;
    CHECK_EQ_INT(MI_Instance_GetClass(inst, &cls), MI_RESULT_OK);
    if (!CHECK(cls != NULL && cls->ft != NULL)) return;
    const MI_ClassFT *cft = cls->ft;
    CHECK_EQ_INT(sizeof *cft / sizeof(any_fn), 14);
    for (size_t i = 0; i < 14; i++) {
        any_fn slot;
        memcpy(&slot, (const char *)cft + i * sizeof(any_fn), sizeof slot);
        CHECK(slot != NULL);
    }
    const MI_Char *s = NULL;
    CHECK_EQ_INT(cft->GetClassName(cls, &s), MI_RESULT_OK);
    CHECK(s != NULL && strcmp(s, "Test_Derived") == 0);
    CHECK_EQ_INT(cft->GetNameSpace(cls, &s), MI_RESULT_OK);
    CHECK(s != NULL && strcmp(s, "root/test") == 0);
    CHECK_EQ_INT(cft->GetServerName(cls, &s), MI_RESULT_OK);
    CHECK(s == NULL);
    MI_Uint32 n = 0;
    CHECK_EQ_INT(cft->GetElementCount(cls, &n), MI_RESULT_OK);
    CHECK_EQ_INT(n, 4);
    MI_Value v;
    MI_Boolean exists = 9;
    MI_Type t = 0;
    MI_Uint32 flags = 0, index = 0;
    MI_QualifierSet qs;
    MI_Char *refclass = (MI_Char *)"x";
    CHECK_EQ_INT(cft->GetElement(cls, MI_T("COUNT"), &v, &exists, &t, &refclass, &qs, &flags, &index), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_UINT16);
    CHECK_EQ_INT(index, 2);
    CHECK_EQ_INT(flags, MI_FLAG_PROPERTY | MI_FLAG_READONLY);
    /* The class carries the declaration's default (Count = 7). */
    CHECK_EQ_INT(exists, MI_TRUE);
    CHECK_EQ_INT(v.uint16, 7);
    CHECK(refclass == NULL);
    CHECK(qs.ft != NULL);
    MI_Uint32 qn = 9;
    if (qs.ft != NULL) CHECK_EQ_INT(qs.ft->GetQualifierCount(&qs, &qn), MI_RESULT_OK);
    CHECK_EQ_INT(qn, 0);
    const MI_Char *ename = NULL;
    CHECK_EQ_INT(cft->GetElementAt(cls, 0, &ename, NULL, NULL, &t, NULL, NULL, &flags), MI_RESULT_OK);
    CHECK(ename != NULL && strcmp(ename, "Key") == 0);
    CHECK_EQ_INT(flags, MI_FLAG_PROPERTY | MI_FLAG_KEY);
    CHECK_EQ_INT(cft->GetElementAt(cls, 4, &ename, NULL, NULL, &t, NULL, NULL, &flags), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(cft->GetElement(cls, MI_T("nope"), NULL, NULL, NULL, NULL, NULL, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(cft->GetMethodCount(cls, &n), MI_RESULT_OK);
    CHECK_EQ_INT(n, 0);
    /* The parent comes from superClassDecl. */
    MI_Class *parent = (MI_Class *)&g_app;
    CHECK_EQ_INT(cft->GetParentClass(cls, &parent), MI_RESULT_OK);
    if (CHECK(parent != NULL && parent != (MI_Class *)&g_app)) {
        CHECK_EQ_INT(parent->ft->GetClassName(parent, &s), MI_RESULT_OK);
        CHECK(s != NULL && strcmp(s, "Test_Base") == 0);
        CHECK_EQ_INT(parent->ft->Delete(parent), MI_RESULT_OK);
    }

    MI_Class *cls2 = NULL;
    CHECK_EQ_INT(cft->Clone(cls, &cls2), MI_RESULT_OK);
    CHECK(cls2 != NULL && cls2 != cls);
    CHECK_EQ_INT(cft->Delete(cls), MI_RESULT_OK);

    /* An instance from the (cloned) class: same elements and defaults (not modified); it
     * does not depend on the class afterwards. */
    MI_Instance *from = (MI_Instance *)&g_app;
    CHECK_EQ_INT(MI_Application_NewInstanceFromClass(&g_app, MI_T("Test_Derived"), NULL, &from),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK(from == NULL);
    CHECK_EQ_INT(MI_Application_NewInstanceFromClass(&g_app, MI_T("Test_Derived"), cls2, &from), MI_RESULT_OK);
    CHECK_EQ_INT(cls2->ft->Delete(cls2), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElementCount(from, &n), MI_RESULT_OK);
    CHECK_EQ_INT(n, 4);
    CHECK_EQ_INT(MI_Instance_GetElement(from, MI_T("tags"), &v, &t, &flags, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_STRINGA);
    CHECK(flags & MI_FLAG_NOT_MODIFIED);
    CHECK(!(flags & MI_FLAG_NULL));
    CHECK(v.stringa.size == 2 && strcmp(v.stringa.data[1], "b") == 0);
    CHECK_EQ_INT(MI_Instance_GetClassName(from, &s), MI_RESULT_OK);
    CHECK(s != NULL && strcmp(s, "Test_Derived") == 0);
    delete_instance(from);

    /* A dynamic instance's class lists its elements. */
    MI_Instance *dyn = new_dynamic(MI_T("Test_Dyn"));
    memset(&v, 0, sizeof v);
    CHECK_EQ_INT(MI_Instance_AddElement(dyn, MI_T("a"), &v, MI_REAL64, MI_FLAG_KEY), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetClass(dyn, &cls), MI_RESULT_OK);
    CHECK_EQ_INT(cls->ft->GetElementAt(cls, 0, &ename, NULL, NULL, &t, NULL, NULL, &flags), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_REAL64);
    CHECK_EQ_INT(flags, MI_FLAG_KEY);
    CHECK_EQ_INT(g_app.ft->NewInstanceFromClass(&g_app, MI_T("Test_Dyn"), cls, &from), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElementCount(from, &n), MI_RESULT_OK);
    CHECK_EQ_INT(n, 1);
    delete_instance(from);
    CHECK_EQ_INT(cls->ft->Delete(cls), MI_RESULT_OK);
    delete_instance(dyn);
    delete_instance(inst);
}

static void foreign_instances(void)
{
    SECTION("a foreign instance (own ft) passes through untouched");
    Foreign *f = new_foreign(17);
    const MI_Char *s = NULL;
    /* The exported wrappers call through the instance's own table. */
    CHECK_EQ_INT(MI_Instance_GetClassName(&f->header, &s), MI_RESULT_OK);
    CHECK(s != NULL && strcmp(s, "Foreign_Class") == 0);
    /* A slot its table leaves NULL: not supported, not a crash. */
    MI_Uint32 n = 0;
    CHECK_EQ_INT(MI_Instance_GetElementCount(&f->header, &n), MI_RESULT_NOT_SUPPORTED);
    /* Our table refuses it. */
    MI_Instance *ours = new_dynamic(MI_T("Test_Holder"));
    CHECK_EQ_INT(ours->ft->GetClassName(&f->header, &s), MI_RESULT_INVALID_PARAMETER);

    /* Embedded by copy: cloned through its own Clone, deleted through its own Delete. */
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.instance = &f->header;
    CHECK_EQ_INT(MI_Instance_AddElement(ours, MI_T("f"), &v, MI_INSTANCE, 0), MI_RESULT_OK);
    CHECK_EQ_INT(foreign_clones, 1);
    MI_Value out;
    CHECK_EQ_INT(MI_Instance_GetElement(ours, MI_T("f"), &out, NULL, NULL, NULL), MI_RESULT_OK);
    CHECK(out.instance != &f->header && out.instance->ft == &foreign_ft);
    CHECK_EQ_INT(((Foreign *)out.instance)->id, 17);
    MI_Instance *arr[2] = {&f->header, &f->header};
    memset(&v, 0, sizeof v);
    v.instancea.data = arr;
    v.instancea.size = 2;
    CHECK_EQ_INT(MI_Instance_AddElement(ours, MI_T("fa"), &v, MI_INSTANCEA, 0), MI_RESULT_OK);
    CHECK_EQ_INT(foreign_clones, 3);
    MI_Instance *clone = NULL;
    CHECK_EQ_INT(MI_Instance_Clone(ours, &clone), MI_RESULT_OK);
    CHECK_EQ_INT(foreign_clones, 6);
    delete_instance(clone);
    CHECK_EQ_INT(foreign_deletes, 3);
    /* Adopted: no clone, deleted with the holder. */
    Foreign *g = new_foreign(18);
    memset(&v, 0, sizeof v);
    v.reference = &g->header;
    CHECK_EQ_INT(MI_Instance_AddElement(ours, MI_T("g"), &v, MI_REFERENCE, MI_FLAG_ADOPT), MI_RESULT_OK);
    CHECK_EQ_INT(foreign_clones, 6);
    delete_instance(ours);
    CHECK_EQ_INT(foreign_deletes, 7);
    CHECK_EQ_INT(MI_Instance_Delete(&f->header), MI_RESULT_OK);
    CHECK_EQ_INT(foreign_deletes, 8);
}

static void outlive_application(void)
{
    SECTION("instances outlive their application; a closed application makes none");
    MI_Application app2 = MI_APPLICATION_NULL;
    CHECK_EQ_INT(MI_Application_Initialize(0, NULL, NULL, &app2), MI_RESULT_OK);
    MI_Instance *inst = NULL;
    CHECK_EQ_INT(MI_Application_NewInstance(&app2, MI_T("Test_Survivor"), NULL, &inst), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app2), MI_RESULT_OK);
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.uint8 = 1;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("x"), &v, MI_UINT8, 0), MI_RESULT_OK);
    delete_instance(inst);
    inst = (MI_Instance *)&g_app;
    CHECK_EQ_INT(MI_Application_NewInstance(&app2, MI_T("Test_Late"), NULL, &inst), MI_RESULT_INVALID_PARAMETER);
    CHECK(inst == NULL);
}

static void cim_errors(void)
{
    SECTION("MI_Utilities_CimErrorFromErrorCode");
    const MI_UtilitiesFT *u = mi_clientFT_V1->utilitiesFT;
    MI_Instance *err = NULL;
    CHECK_EQ_INT(u->CimErrorFromErrorCode(MI_RESULT_NOT_FOUND, MI_T("MI"), MI_T("gone"), &err), MI_RESULT_OK);
    if (CHECK(err != NULL)) {
        const MI_Char *s = NULL;
        MI_Value v;
        MI_Type t;
        CHECK_EQ_INT(MI_Instance_GetClassName(err, &s), MI_RESULT_OK);
        CHECK(s != NULL && strcmp(s, "OMI_Error") == 0);
        CHECK_EQ_INT(MI_Instance_GetElement(err, MI_T("Message"), &v, &t, NULL, NULL), MI_RESULT_OK);
        CHECK(t == MI_STRING && strcmp(v.string, "gone") == 0);
        CHECK_EQ_INT(MI_Instance_GetElement(err, MI_T("CIMStatusCode"), &v, &t, NULL, NULL), MI_RESULT_OK);
        CHECK_EQ_INT(v.uint32, MI_RESULT_NOT_FOUND);
        CHECK_EQ_INT(MI_Instance_GetElement(err, MI_T("error_Category"), &v, &t, NULL, NULL), MI_RESULT_OK);
        CHECK_EQ_INT(t, MI_UINT16);
        CHECK_EQ_INT(v.uint16, MI_ERRORCATEGORY_OBJECT_NOT_FOUND);
        CHECK_EQ_INT(MI_Instance_GetElement(err, MI_T("error_Type"), &v, &t, NULL, NULL), MI_RESULT_OK);
        CHECK(strcmp(v.string, "MI") == 0);
        delete_instance(err);
    }
    CHECK_EQ_INT(u->CimErrorFromErrorCode(5, MI_T("WIN32"), NULL, &err), MI_RESULT_OK);
    if (CHECK(err != NULL)) {
        MI_Value v;
        MI_Uint32 flags = 0;
        CHECK_EQ_INT(MI_Instance_GetElement(err, MI_T("Message"), &v, NULL, &flags, NULL), MI_RESULT_OK);
        CHECK(flags & MI_FLAG_NULL);
        CHECK_EQ_INT(MI_Instance_GetElement(err, MI_T("CIMStatusCode"), &v, NULL, NULL, NULL), MI_RESULT_OK);
        CHECK_EQ_INT(v.uint32, MI_RESULT_FAILED);
        CHECK_EQ_INT(MI_Instance_GetElement(err, MI_T("error_Code"), &v, NULL, NULL, NULL), MI_RESULT_OK);
        CHECK_EQ_INT(v.uint32, 5);
        delete_instance(err);
    }
    CHECK_EQ_INT(u->CimErrorFromErrorCode(1, NULL, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
}

int main(void)
{
    tu_watchdog(60);
    app_open();
    table_and_wrappers();
    names_and_errors();
    schema_backed();
    classes();
    foreign_instances();
    outlive_application();
    cim_errors();
    app_close();
    TEST_MAIN_END();
}
