/*
 * fixed_layout.c - instances of a declared class are the generated C struct
 * (docs/STATUS.md "Fixed-layout instances"): MI_Application_NewInstance with a classRTTI
 * whose sizes and offsets describe a layout, and MI_Application_NewParameterSet with a
 * method declaration, give instances whose fields generated client code reads and writes
 * directly (self->Key.value = ...; self->Key.exists = 1;), with the setters of generated
 * code (SetElementAt by index, MI_FLAG_BORROW), Clone (stays fixed), Destruct and Delete.
 */
#include "instance_common.h"

#include <stddef.h>

#ifndef MI_CONST
#define MI_CONST const
#endif

/* ---- what omigen writes for a class Test_Pet { [Key] string Name; uint8 Age; } and
 *      Test_Person { [Key] uint32 Key; string Name; string Tags[]; Test_Pet Pet;
 *      uint32 Feed([In] uint16 Amount, [Out] string Left); } ---------------------- */

typedef struct _Test_Pet {
    MI_Instance __instance;
    MI_ConstStringField Name;
    MI_ConstUint8Field Age;
} Test_Pet;

typedef struct _Test_Person {
    MI_Instance __instance;
    MI_ConstUint32Field Key;
    MI_ConstStringField Name;
    MI_ConstStringAField Tags;
    MI_ConstReferenceField Pet;
} Test_Person;

typedef struct _Test_Person_Feed {
    MI_Instance __instance;
    MI_ConstUint32Field MIReturn;
    MI_ConstUint16Field Amount;
    MI_ConstStringField Left;
} Test_Person_Feed;

#define CODE(first, last, len) ((MI_Uint32)(first) << 16 | (MI_Uint32)(last) << 8 | (len))

extern MI_SchemaDecl test_schema;

static MI_CONST MI_PropertyDecl pet_name = {MI_FLAG_PROPERTY | MI_FLAG_KEY, CODE('n', 'e', 4), MI_T("Name"), NULL, 0,
                                            MI_STRING, NULL, 0, offsetof(Test_Pet, Name), MI_T("Test_Pet"),
                                            MI_T("Test_Pet"), NULL};
static MI_CONST MI_PropertyDecl pet_age = {MI_FLAG_PROPERTY, CODE('a', 'e', 3), MI_T("Age"), NULL, 0, MI_UINT8, NULL,
                                           0, offsetof(Test_Pet, Age), MI_T("Test_Pet"), MI_T("Test_Pet"), NULL};
static MI_PropertyDecl MI_CONST *MI_CONST pet_props[] = {&pet_name, &pet_age};
static MI_CONST MI_ClassDecl Test_Pet_rtti = {MI_FLAG_CLASS, CODE('t', 't', 8), MI_T("Test_Pet"), NULL, 0, pet_props,
                                              2, sizeof(Test_Pet), NULL, NULL, NULL, 0, &test_schema, NULL, NULL};

static MI_CONST MI_PropertyDecl person_key = {MI_FLAG_PROPERTY | MI_FLAG_KEY, CODE('k', 'y', 3), MI_T("Key"), NULL, 0,
                                              MI_UINT32, NULL, 0, offsetof(Test_Person, Key), MI_T("Test_Person"),
                                              MI_T("Test_Person"), NULL};
static MI_CONST MI_PropertyDecl person_name = {MI_FLAG_PROPERTY, CODE('n', 'e', 4), MI_T("Name"), NULL, 0, MI_STRING,
                                               NULL, 0, offsetof(Test_Person, Name), MI_T("Test_Person"),
                                               MI_T("Test_Person"), NULL};
static MI_CONST MI_PropertyDecl person_tags = {MI_FLAG_PROPERTY, CODE('t', 's', 4), MI_T("Tags"), NULL, 0, MI_STRINGA,
                                               NULL, 0, offsetof(Test_Person, Tags), MI_T("Test_Person"),
                                               MI_T("Test_Person"), NULL};
static MI_CONST MI_PropertyDecl person_pet = {MI_FLAG_PROPERTY, CODE('p', 't', 3), MI_T("Pet"), NULL, 0, MI_INSTANCE,
                                              MI_T("Test_Pet"), 0, offsetof(Test_Person, Pet), MI_T("Test_Person"),
                                              MI_T("Test_Person"), NULL};
static MI_PropertyDecl MI_CONST *MI_CONST person_props[] = {&person_key, &person_name, &person_tags, &person_pet};

static MI_CONST MI_ParameterDecl feed_return = {MI_FLAG_PARAMETER | MI_FLAG_OUT, CODE('m', 'n', 8), MI_T("MIReturn"),
                                                NULL, 0, MI_UINT32, NULL, 0, offsetof(Test_Person_Feed, MIReturn)};
static MI_CONST MI_ParameterDecl feed_amount = {MI_FLAG_PARAMETER | MI_FLAG_IN, CODE('a', 't', 6), MI_T("Amount"),
                                                NULL, 0, MI_UINT16, NULL, 0, offsetof(Test_Person_Feed, Amount)};
static MI_CONST MI_ParameterDecl feed_left = {MI_FLAG_PARAMETER | MI_FLAG_OUT, CODE('l', 't', 4), MI_T("Left"), NULL,
                                              0, MI_STRING, NULL, 0, offsetof(Test_Person_Feed, Left)};
static MI_ParameterDecl MI_CONST *MI_CONST feed_params[] = {&feed_return, &feed_amount, &feed_left};
static MI_CONST MI_MethodDecl Test_Person_Feed_rtti = {
    MI_FLAG_METHOD, CODE('f', 'd', 4), MI_T("Feed"), NULL, 0, feed_params, 3, sizeof(Test_Person_Feed),
    MI_UINT32, MI_T("Test_Person"), MI_T("Test_Person"), &test_schema, NULL};
static MI_MethodDecl MI_CONST *MI_CONST person_meths[] = {&Test_Person_Feed_rtti};

static MI_CONST MI_ClassDecl Test_Person_rtti = {
    MI_FLAG_CLASS, CODE('t', 'n', 11), MI_T("Test_Person"), NULL, 0, person_props, 4, sizeof(Test_Person), NULL, NULL,
    person_meths, 1, &test_schema, NULL, NULL};

static MI_ClassDecl MI_CONST *MI_CONST test_classes[] = {&Test_Person_rtti, &Test_Pet_rtti};
MI_SchemaDecl test_schema = {NULL, 0, test_classes, 2};

/* ---- generated-style accessors ------------------------------------------------------ */

static MI_Result Test_Person_Set_Name(Test_Person *self, const MI_Char *x)
{
    return self->__instance.ft->SetElementAt((MI_Instance *)&self->__instance, 1, (MI_Value *)&x, MI_STRING, 0);
}

static MI_Result Test_Person_SetPtr_Name(Test_Person *self, const MI_Char *x)
{
    return self->__instance.ft->SetElementAt((MI_Instance *)&self->__instance, 1, (MI_Value *)&x, MI_STRING,
                                             MI_FLAG_BORROW);
}

static MI_Result Test_Person_Set_Tags(Test_Person *self, const MI_Char **data, MI_Uint32 size)
{
    MI_Array arr;
    arr.data = (void *)data;
    arr.size = size;
    return self->__instance.ft->SetElementAt((MI_Instance *)&self->__instance, 2, (MI_Value *)&arr, MI_STRINGA, 0);
}

static MI_Result Test_Person_Set_Pet(Test_Person *self, const Test_Pet *x)
{
    return self->__instance.ft->SetElementAt((MI_Instance *)&self->__instance, 3, (MI_Value *)&x, MI_INSTANCE, 0);
}

static MI_Result Test_Person_Clear_Name(Test_Person *self)
{
    return self->__instance.ft->ClearElementAt((MI_Instance *)&self->__instance, 1);
}

/* ---- tests ---------------------------------------------------------------------------- */

static void class_instances(void)
{
    SECTION("NewInstance with a generated rtti: a Test_Person struct");
    MI_Instance *inst = NULL;
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("Test_Person"), &Test_Person_rtti, &inst), MI_RESULT_OK);
    if (!CHECK(inst != NULL)) return;
    Test_Person *self = (Test_Person *)inst;
    CHECK(inst->classDecl == &Test_Person_rtti);
    CHECK(inst->ft != NULL);
    /* Every field starts NULL (OMI zero-fills). */
    CHECK_EQ_INT(self->Key.exists, 0);
    CHECK(self->Name.value == NULL && self->Name.exists == 0);
    CHECK(self->Tags.value.data == NULL && self->Tags.exists == 0);

    /* Direct writes, as generated Set_ functions for scalars do; seen through the table. */
    self->Key.value = 1234;
    self->Key.exists = 1;
    MI_Value v;
    MI_Type t = 0;
    MI_Uint32 flags = 0, n = 0;
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("key"), &v, &t, &flags, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_UINT32);
    CHECK_EQ_INT(v.uint32, 1234);
    CHECK_EQ_INT(flags & (MI_FLAG_KEY | MI_FLAG_NULL), MI_FLAG_KEY);
    CHECK_EQ_INT(MI_Instance_GetElementCount(inst, &n), MI_RESULT_OK);
    CHECK_EQ_INT(n, 4);

    /* Generated setters: SetElementAt by index, copy and borrow; readers read the field. */
    MI_Char name[] = MI_T("Ann");
    CHECK_EQ_INT(Test_Person_Set_Name(self, name), MI_RESULT_OK);
    CHECK(self->Name.exists == 1 && self->Name.value != name && strcmp(self->Name.value, "Ann") == 0);
    name[0] = 'X'; /* the copy does not change */
    CHECK(strcmp(self->Name.value, "Ann") == 0);
    CHECK_EQ_INT(Test_Person_SetPtr_Name(self, name), MI_RESULT_OK);
    CHECK(self->Name.value == name);
    CHECK_EQ_INT(Test_Person_Clear_Name(self), MI_RESULT_OK);
    CHECK(self->Name.exists == 0);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("Name"), &v, NULL, &flags, NULL), MI_RESULT_OK);
    CHECK(flags & MI_FLAG_NULL);
    const MI_Char *tags[] = {MI_T("red"), MI_T("blue")};
    CHECK_EQ_INT(Test_Person_Set_Tags(self, tags, 2), MI_RESULT_OK);
    CHECK(self->Tags.exists == 1 && self->Tags.value.size == 2 && self->Tags.value.data != tags);
    CHECK(strcmp(self->Tags.value.data[1], "blue") == 0);
    /* A string the client put into the field itself is read, and never freed. */
    static const MI_Char literal[] = MI_T("literal");
    self->Name.value = literal;
    self->Name.exists = 1;
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("Name"), &v, NULL, NULL, NULL), MI_RESULT_OK);
    CHECK(v.string == literal);

    /* An embedded pet, itself a fixed instance. */
    MI_Instance *pet = NULL;
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("Test_Pet"), &Test_Pet_rtti, &pet), MI_RESULT_OK);
    if (CHECK(pet != NULL)) {
        Test_Pet *p = (Test_Pet *)pet;
        p->Age.value = 4;
        p->Age.exists = 1;
        CHECK_EQ_INT(Test_Person_Set_Pet(self, p), MI_RESULT_OK);
        CHECK(self->Pet.exists == 1 && self->Pet.value != NULL && self->Pet.value != pet);
        CHECK(self->Pet.value->classDecl == &Test_Pet_rtti);
        CHECK_EQ_INT(((const Test_Pet *)self->Pet.value)->Age.value, 4);
        delete_instance(pet);
    }

    /* Errors, as the dynamic instance's. */
    memset(&v, 0, sizeof v);
    CHECK_EQ_INT(inst->ft->SetElementAt(inst, 1, &v, MI_UINT32, 0), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(inst->ft->SetElementAt(inst, 4, &v, MI_UINT32, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("Extra"), &v, MI_UINT32, 0), MI_RESULT_FAILED);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("Nope"), &v, NULL, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    MI_Boolean yes = MI_FALSE;
    CHECK_EQ_INT(MI_Instance_IsA(inst, &Test_Person_rtti, &yes), MI_RESULT_OK);
    CHECK_EQ_INT(yes, MI_TRUE);
    CHECK_EQ_INT(MI_Instance_IsA(inst, &Test_Pet_rtti, &yes), MI_RESULT_OK);
    CHECK_EQ_INT(yes, MI_FALSE);
    const MI_Char *cn = NULL;
    CHECK_EQ_INT(MI_Instance_GetClassName(inst, &cn), MI_RESULT_OK);
    CHECK(cn != NULL && strcmp(cn, "Test_Person") == 0);
    CHECK_EQ_INT(MI_Instance_SetNameSpace(inst, MI_T("root/test")), MI_RESULT_OK);
    CHECK(inst->nameSpace != NULL && strcmp(inst->nameSpace, "root/test") == 0);

    /* Clone: a fixed instance of the same layout, every field copied. */
    MI_Instance *clone = NULL;
    CHECK_EQ_INT(MI_Instance_Clone(inst, &clone), MI_RESULT_OK);
    if (CHECK(clone != NULL)) {
        const Test_Person *c = (const Test_Person *)clone;
        CHECK(clone->classDecl == &Test_Person_rtti);
        CHECK(c->Key.exists == 1 && c->Key.value == 1234);
        CHECK(c->Name.exists == 1 && c->Name.value != literal && strcmp(c->Name.value, "literal") == 0);
        CHECK(c->Tags.value.size == 2 && strcmp(c->Tags.value.data[0], "red") == 0);
        CHECK(c->Pet.value != NULL && c->Pet.value != self->Pet.value);
        CHECK(clone->nameSpace != NULL && strcmp(clone->nameSpace, "root/test") == 0);
        CHECK(instances_eq(inst, clone));
        MI_Class *cls = NULL;
        CHECK_EQ_INT(MI_Instance_GetClass(clone, &cls), MI_RESULT_OK);
        if (CHECK(cls != NULL)) {
            const MI_Char *ccn = NULL;
            CHECK_EQ_INT(cls->ft->GetClassName(cls, &ccn), MI_RESULT_OK);
            CHECK(ccn != NULL && strcmp(ccn, "Test_Person") == 0);
            CHECK_EQ_INT(cls->ft->Delete(cls), MI_RESULT_OK);
        }
        delete_instance(clone);
    }

    /* Destruct, then only Delete. */
    CHECK_EQ_INT(MI_Instance_Destruct(inst), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElementCount(inst, &n), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_Delete(inst), MI_RESULT_OK);

    /* A copy of the struct elsewhere is not an instance. */
    MI_Instance *a = NULL;
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("Test_Person"), &Test_Person_rtti, &a), MI_RESULT_OK);
    if (CHECK(a != NULL)) {
        Test_Person copy;
        memcpy(&copy, a, sizeof copy);
        CHECK_EQ_INT(MI_Instance_GetElementCount(&copy.__instance, &n), MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(MI_Instance_Delete(&copy.__instance), MI_RESULT_INVALID_PARAMETER);
        /* A dynamic instance set into an instance field is copied (through its own Clone). */
        MI_Instance *d = new_dynamic(MI_T("Test_Pet"));
        CHECK_EQ_INT(Test_Person_Set_Pet((Test_Person *)a, (const Test_Pet *)d), MI_RESULT_OK);
        CHECK(((Test_Person *)a)->Pet.exists == 1 && ((Test_Person *)a)->Pet.value != d);
        delete_instance(d);
        delete_instance(a);
    }
}

static void parameter_sets(void)
{
    SECTION("NewParameterSet with a generated method rtti: a Test_Person_Feed struct");
    MI_Instance *inst = NULL;
    CHECK_EQ_INT(MI_Application_NewParameterSet(&g_app, (const MI_ClassDecl *)(const void *)&Test_Person_Feed_rtti,
                                                &inst),
                 MI_RESULT_OK);
    if (!CHECK(inst != NULL)) return;
    Test_Person_Feed *self = (Test_Person_Feed *)inst;
    CHECK(inst->classDecl == (const MI_ClassDecl *)(const void *)&Test_Person_Feed_rtti);
    self->Amount.value = 3;
    self->Amount.exists = 1;
    self->MIReturn.value = 0;
    self->MIReturn.exists = 1;
    MI_Value v;
    MI_Uint32 flags = 0;
    const MI_Char *nm = NULL;
    CHECK_EQ_INT(MI_Instance_GetElementAt(inst, 0, &nm, &v, NULL, &flags), MI_RESULT_OK);
    CHECK(nm != NULL && strcmp(nm, "MIReturn") == 0);
    CHECK(flags & MI_FLAG_OUT);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("Amount"), &v, NULL, &flags, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(v.uint16, 3);
    CHECK(flags & MI_FLAG_IN);
    const MI_Char *left = MI_T("two");
    CHECK_EQ_INT(inst->ft->SetElementAt(inst, 2, (MI_Value *)&left, MI_STRING, 0), MI_RESULT_OK);
    CHECK(self->Left.exists == 1 && strcmp(self->Left.value, "two") == 0);
    delete_instance(inst);
}

static void without_layout(void)
{
    SECTION("a declaration without sizes and offsets stays a schema-backed instance");
    static MI_CONST MI_PropertyDecl p = {MI_FLAG_PROPERTY | MI_FLAG_KEY, 0, MI_T("Id"), NULL, 0, MI_UINT32, NULL, 0,
                                         0, NULL, NULL, NULL};
    static MI_PropertyDecl MI_CONST *MI_CONST props[] = {&p};
    static MI_CONST MI_ClassDecl decl = {MI_FLAG_CLASS, 0, MI_T("Test_Loose"), NULL, 0, props, 1, 0,
                                         NULL, NULL, NULL, 0, NULL, NULL, NULL};
    MI_Instance *inst = NULL;
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("Test_Loose"), &decl, &inst), MI_RESULT_OK);
    if (!CHECK(inst != NULL)) return;
    CHECK(inst->classDecl != &decl);
    MI_Value v;
    v.uint32 = 5;
    CHECK_EQ_INT(MI_Instance_SetElement(inst, MI_T("Id"), &v, MI_UINT32, 0), MI_RESULT_OK);
    delete_instance(inst);
}

int main(void)
{
    tu_watchdog(60);
    app_open();
    class_instances();
    parameter_sets();
    without_layout();
    app_close();
    TEST_MAIN_END();
}
