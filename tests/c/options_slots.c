/*
 * options_slots.c - every slot of MI_DestinationOptionsFT (15), MI_OperationOptionsFT (13)
 * and MI_SubscriptionDeliveryOptionsFT (17), called through `handle.ft` as a client built
 * against the reference MI.h does (issue 5; docs/ABI.md §3.2, §5.7; docs/STATUS.md).
 * Credentials in depth: options_credentials.c; typed helpers: options_helpers.c.
 */
#include "options_common.h"

#define STALE MI_RESULT_INVALID_PARAMETER

/* ---- constructors ------------------------------------------------------------------- */

static void test_constructors(void)
{
    SECTION("New*Options: results and argument checks");
    MI_DestinationOptions d = new_dest();
    CHECK(d.reserved1 != 0 || d.reserved2 != 0);
    MI_OperationOptions o = new_op();
    MI_SubscriptionDeliveryOptions s = new_sub();
    MI_SubscriptionDeliveryOptions push = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
    CHECK_EQ_INT(oc_app.ft->NewSubscriptionDeliveryOptions(&oc_app, MI_SubscriptionDeliveryType_Push, &push),
                 MI_RESULT_OK);
    MI_OperationOptions o2 = MI_OPERATIONOPTIONS_NULL;
    CHECK_EQ_INT(oc_app.ft->NewOperationOptions(&oc_app, MI_TRUE, &o2), MI_RESULT_OK);

    /* Independent objects with distinct handles. */
    MI_Uint32 count = 99;
    CHECK_EQ_INT(DFT->SetNumber(&d, "x", 1, 0), MI_RESULT_OK);
    CHECK_EQ_INT(DFT->GetOptionCount(&d, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 1);
    CHECK_EQ_INT(OFT->GetOptionCount(&o, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 0);
    CHECK_EQ_INT(SFT->GetOptionCount(&s, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 0);

    /* NULL out-struct; unknown delivery type (left safe to delete). */
    CHECK_EQ_INT(oc_app.ft->NewDestinationOptions(&oc_app, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(oc_app.ft->NewOperationOptions(&oc_app, MI_FALSE, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(oc_app.ft->NewSubscriptionDeliveryOptions(&oc_app, 1, NULL), MI_RESULT_INVALID_PARAMETER);
    for (MI_Uint32 bad = 0; bad < 4; bad += 3) {
        MI_SubscriptionDeliveryOptions b;
        memset(&b, 0xAB, sizeof b);
        CHECK_EQ_INT(oc_app.ft->NewSubscriptionDeliveryOptions(&oc_app, bad, &b), MI_RESULT_INVALID_PARAMETER);
        CHECK(b.ft == SFT);
        CHECK_EQ_INT(SFT->Delete(&b), MI_RESULT_INVALID_PARAMETER);
    }

    /* A closed application, and a garbage one: out-struct left safe to delete. */
    MI_Application closed = MI_APPLICATION_NULL;
    CHECK_EQ_INT(MI_Application_Initialize(0, NULL, NULL, &closed), MI_RESULT_OK);
    const MI_ApplicationFT *aft = closed.ft;
    CHECK_EQ_INT(MI_Application_Close(&closed), MI_RESULT_OK);
    MI_DestinationOptions dd;
    memset(&dd, 0xCD, sizeof dd);
    CHECK_EQ_INT(aft->NewDestinationOptions(&closed, &dd), MI_RESULT_INVALID_PARAMETER);
    CHECK(dd.ft == DFT);
    CHECK_EQ_INT(DFT->GetOptionCount(&dd, &count), STALE);
    DFT->Delete(&dd); /* must do nothing */
    MI_Application garbage;
    memset(&garbage, 0x5A, sizeof garbage);
    garbage.ft = aft;
    MI_OperationOptions oo;
    CHECK_EQ_INT(aft->NewOperationOptions(&garbage, MI_FALSE, &oo), MI_RESULT_INVALID_PARAMETER);
    CHECK(oo.ft == OFT);
    CHECK_EQ_INT(OFT->GetOptionCount(&oo, &count), STALE);
    CHECK_EQ_INT(aft->NewDestinationOptions(NULL, &dd), MI_RESULT_INVALID_PARAMETER);

    DFT->Delete(&d);
    OFT->Delete(&o);
    OFT->Delete(&o2);
    CHECK_EQ_INT(SFT->Delete(&s), MI_RESULT_OK);
    CHECK_EQ_INT(SFT->Delete(&push), MI_RESULT_OK);
}

/* ---- the generic slots, on destination options ---------------------------------------- */

static void test_destination_slots(void)
{
    SECTION("DestinationOptions: set/get string, number, interval; count, enumeration");
    MI_DestinationOptions d = new_dest();
    const MI_Char *str = NULL;
    MI_Uint32 num = 0, index = 77, flags = 77, count = 0;
    MI_Interval iv;

    /* Strings. */
    CHECK_EQ_INT(DFT->SetString(&d, "Name1", "v1", 0), MI_RESULT_OK);
    CHECK_EQ_INT(DFT->GetString(&d, "Name1", &str, &index, &flags), MI_RESULT_OK);
    CHECK(str_is(str, "v1"));
    CHECK_EQ_INT(index, 0);
    CHECK_EQ_INT(flags, 0);
    str = NULL;
    CHECK_EQ_INT(DFT->GetString(&d, "NAME1", &str, NULL, NULL), MI_RESULT_OK); /* names ignore case */
    CHECK(str_is(str, "v1"));
    CHECK_EQ_INT(DFT->SetString(&d, "Name1", "", 0), MI_RESULT_OK); /* empty value is a value */
    CHECK_EQ_INT(DFT->GetString(&d, "name1", &str, NULL, NULL), MI_RESULT_OK);
    CHECK(str_is(str, ""));
    CHECK_EQ_INT(DFT->SetString(&d, "Name1", "v1", 0), MI_RESULT_OK);

    /* Numbers. */
    CHECK_EQ_INT(DFT->SetNumber(&d, "Num", 42, 0), MI_RESULT_OK);
    CHECK_EQ_INT(DFT->GetNumber(&d, "Num", &num, &index, &flags), MI_RESULT_OK);
    CHECK_EQ_INT(num, 42);
    CHECK_EQ_INT(index, 1);
    CHECK_EQ_INT(DFT->SetNumber(&d, "Num", 0xFFFFFFFFu, 0), MI_RESULT_OK);
    CHECK_EQ_INT(DFT->GetNumber(&d, "Num", &num, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(num, 0xFFFFFFFFu);
    /* Only operation options have channel semantics: here the name is a plain number. */
    CHECK_EQ_INT(DFT->SetNumber(&d, "__MI_OPERATIONOPTIONS_CHANNEL", 3, 1), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->SetNumber(&d, "Num", 1, 1), MI_RESULT_INVALID_PARAMETER);

    /* Intervals. */
    MI_Interval want = interval(1, 2, 3, 4, 5);
    CHECK_EQ_INT(DFT->SetInterval(&d, "Iv", &want, 0), MI_RESULT_OK);
    memset(&iv, 0, sizeof iv);
    CHECK_EQ_INT(DFT->GetInterval(&d, "iv", &iv, &index, &flags), MI_RESULT_OK);
    CHECK(interval_is(iv, want));
    CHECK_EQ_INT(index, 2);
    CHECK_EQ_INT(DFT->SetInterval(&d, "Iv", NULL, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->SetInterval(&d, "Iv", &want, 1), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetInterval(&d, "Iv", NULL, NULL, NULL), MI_RESULT_INVALID_PARAMETER);

    SECTION("DestinationOptions: wrong types, missing names, bad arguments");
    num = 12345;
    CHECK_EQ_INT(DFT->GetNumber(&d, "Name1", &num, NULL, NULL), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(num, 12345);
    str = NULL;
    CHECK_EQ_INT(DFT->GetString(&d, "Num", &str, NULL, NULL), MI_RESULT_TYPE_MISMATCH);
    CHECK(str == NULL);
    CHECK_EQ_INT(DFT->GetInterval(&d, "Num", &iv, NULL, NULL), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(DFT->SetNumber(&d, "Name1", 1, 0), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(DFT->SetString(&d, "Num", "x", 0), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(DFT->SetInterval(&d, "NAME1", &want, 0), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(DFT->GetString(&d, "Name1", &str, NULL, NULL), MI_RESULT_OK);
    CHECK(str_is(str, "v1")); /* the failed sets changed nothing */
    CHECK_EQ_INT(DFT->GetNumber(&d, "Missing", &num, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(DFT->GetString(&d, "Missing", &str, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(DFT->GetInterval(&d, "Missing", &iv, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(DFT->SetString(&d, NULL, "v", 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->SetString(&d, "", "v", 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->SetString(&d, "x", NULL, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->SetString(&d, "x", "v", 1), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->SetString(&d, "x", "bad \xff utf-8", 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->SetString(&d, "bad \xc3", "v", 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->SetNumber(&d, NULL, 1, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetString(&d, NULL, &str, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetString(&d, "Name1", NULL, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetNumber(&d, "Num", NULL, NULL, NULL), MI_RESULT_INVALID_PARAMETER);

    SECTION("DestinationOptions: count, GetOptionAt, GetOption");
    CHECK_EQ_INT(DFT->GetOptionCount(&d, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 3);
    CHECK_EQ_INT(DFT->GetOptionCount(&d, NULL), MI_RESULT_INVALID_PARAMETER);
    const char *names[3] = {"Name1", "Num", "Iv"};
    MI_Type types[3] = {MI_STRING, MI_UINT32, MI_DATETIME};
    for (MI_Uint32 i = 0; i < 3; i++) {
        const MI_Char *name = NULL;
        MI_Value v;
        MI_Type t = 99;
        flags = 77;
        memset(&v, 0, sizeof v);
        CHECK_EQ_INT(DFT->GetOptionAt(&d, i, &name, &v, &t, &flags), MI_RESULT_OK);
        CHECK(str_is(name, names[i])); /* the first spelling */
        CHECK_EQ_INT(t, types[i]);
        CHECK_EQ_INT(flags, 0);
        if (i == 0) CHECK(str_is(v.string, "v1"));
        if (i == 1) CHECK_EQ_INT(v.uint32, 0xFFFFFFFFu);
        if (i == 2) CHECK(v.datetime.isTimestamp == 0 && interval_is(v.datetime.u.interval, want));
        MI_Value v2;
        MI_Type t2 = 99;
        index = 77;
        CHECK_EQ_INT(DFT->GetOption(&d, names[i], &v2, &t2, &index, &flags), MI_RESULT_OK);
        CHECK_EQ_INT(t2, types[i]);
        CHECK_EQ_INT(index, i);
    }
    const MI_Char *name = NULL;
    MI_Value v;
    MI_Type t;
    CHECK_EQ_INT(DFT->GetOptionAt(&d, 3, &name, &v, &t, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetOptionAt(&d, 0xFFFFFFFFu, &name, &v, &t, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetOptionAt(&d, 0, NULL, &v, &t, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetOptionAt(&d, 0, &name, NULL, &t, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetOptionAt(&d, 0, &name, &v, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetOption(&d, "Missing", &v, &t, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(DFT->GetOption(&d, "Num", NULL, &t, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetOption(&d, "Num", &v, NULL, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    MI_DestinationOptions empty = new_dest();
    CHECK_EQ_INT(DFT->GetOptionAt(&empty, 0, &name, &v, &t, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    DFT->Delete(&empty);

    SECTION("DestinationOptions: a returned string outlives changes to other options");
    const MI_Char *kept = NULL;
    CHECK_EQ_INT(DFT->GetString(&d, "Name1", &kept, NULL, NULL), MI_RESULT_OK);
    char buf[32];
    for (int i = 0; i < 100; i++) {
        snprintf(buf, sizeof buf, "filler%d", i);
        CHECK_EQ_INT(DFT->SetString(&d, buf, buf, 0), MI_RESULT_OK);
        CHECK_EQ_INT(DFT->SetString(&d, "filler0", buf, 0), MI_RESULT_OK);
    }
    CHECK(str_is(kept, "v1"));

    SECTION("DestinationOptions: credentials slots");
    MI_UserCredentials c = user_creds(MI_AUTH_TYPE_BASIC, "dom", "user", "secret");
    CHECK_EQ_INT(DFT->AddCredentials(&d, "__MI_DESTINATIONOPTIONS_DESTINATION_CREDENTIALS", &c, 0), MI_RESULT_OK);
    CHECK_EQ_INT(DFT->GetCredentialsCount(&d, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 1);
    MI_UserCredentials out;
    memset(&out, 0, sizeof out);
    CHECK_EQ_INT(DFT->GetCredentialsAt(&d, 0, &name, &out, &flags), MI_RESULT_OK);
    CHECK(str_is(name, "__MI_DESTINATIONOPTIONS_DESTINATION_CREDENTIALS"));
    CHECK(str_is(out.credentials.usernamePassword.username, "user"));
    CHECK(str_is(out.credentials.usernamePassword.password, "******"));
    MI_Char pw[16];
    MI_Uint32 len = 0;
    CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&d, 0, &name, pw, sizeof pw, &len, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(len, 7);
    CHECK(str_is(pw, "secret"));
    DFT->Delete(&d);
}

/* ---- clone ---------------------------------------------------------------------------- */

static void test_clone(void)
{
    SECTION("Clone: deep and independent, for the three families");
    MI_DestinationOptions d = new_dest();
    CHECK_EQ_INT(DFT->SetString(&d, "s", "original", 0), MI_RESULT_OK);
    MI_UserCredentials c = user_creds(MI_AUTH_TYPE_DIGEST, NULL, "u", "p1");
    CHECK_EQ_INT(DFT->AddCredentials(&d, "creds", &c, 0), MI_RESULT_OK);
    MI_DestinationOptions dc = MI_DESTINATIONOPTIONS_NULL;
    CHECK_EQ_INT(DFT->Clone(&d, &dc), MI_RESULT_OK);
    CHECK(dc.ft == DFT);
    CHECK(dc.reserved1 != d.reserved1 || dc.reserved2 != d.reserved2);
    CHECK_EQ_INT(DFT->SetString(&dc, "s", "changed", 0), MI_RESULT_OK);
    CHECK_EQ_INT(DFT->SetNumber(&dc, "added", 5, 0), MI_RESULT_OK);
    MI_UserCredentials c2 = user_creds(MI_AUTH_TYPE_BASIC, NULL, "u2", "p2");
    CHECK_EQ_INT(DFT->AddCredentials(&dc, "creds", &c2, 0), MI_RESULT_OK);
    const MI_Char *str = NULL;
    MI_Uint32 count = 0, n = 0;
    CHECK_EQ_INT(DFT->GetString(&d, "s", &str, NULL, NULL), MI_RESULT_OK);
    CHECK(str_is(str, "original"));
    CHECK_EQ_INT(DFT->GetOptionCount(&d, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 1);
    CHECK_EQ_INT(DFT->GetNumber(&d, "added", &n, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(DFT->GetCredentialsCount(&d, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 1);
    /* Delete the original: the clone keeps everything, password included. */
    DFT->Delete(&d);
    CHECK_EQ_INT(DFT->GetString(&dc, "s", &str, NULL, NULL), MI_RESULT_OK);
    CHECK(str_is(str, "changed"));
    CHECK_EQ_INT(DFT->GetCredentialsCount(&dc, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 2);
    MI_Char pw[8];
    MI_Uint32 len = 0;
    const MI_Char *name = NULL;
    CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&dc, 0, &name, pw, sizeof pw, &len, NULL), MI_RESULT_OK);
    CHECK(str_is(pw, "p1"));
    /* Clone of a clone, into the same struct it came from (resolved before written). */
    MI_DestinationOptions same = dc;
    CHECK_EQ_INT(DFT->Clone(&same, &same), MI_RESULT_OK);
    CHECK(same.reserved1 != dc.reserved1 || same.reserved2 != dc.reserved2);
    CHECK_EQ_INT(DFT->GetString(&same, "s", &str, NULL, NULL), MI_RESULT_OK);
    CHECK(str_is(str, "changed"));
    DFT->Delete(&same);
    /* Arguments. */
    CHECK_EQ_INT(DFT->Clone(&dc, NULL), MI_RESULT_INVALID_PARAMETER);
    DFT->Delete(&dc);
    MI_DestinationOptions bad;
    memset(&bad, 0x77, sizeof bad);
    CHECK_EQ_INT(DFT->Clone(&dc, &bad), STALE); /* stale source */
    CHECK(bad.ft == DFT);                        /* out left safe to delete */
    CHECK_EQ_INT(DFT->GetOptionCount(&bad, &count), STALE);
    DFT->Delete(&bad);

    MI_OperationOptions o = new_op();
    CHECK_EQ_INT(OFT->SetNumber(&o, "__MI_OPERATIONOPTIONS_CHANNEL", 1, 0), MI_RESULT_OK);
    MI_OperationOptions oc = MI_OPERATIONOPTIONS_NULL;
    CHECK_EQ_INT(OFT->Clone(&o, &oc), MI_RESULT_OK);
    CHECK_EQ_INT(OFT->SetNumber(&oc, "__MI_OPERATIONOPTIONS_CHANNEL", 2, 0), MI_RESULT_OK);
    MI_Uint32 ch[4];
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, "__MI_OPERATIONOPTIONS_CHANNEL", ch, 4, &count, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(count, 1);
    CHECK_EQ_INT(OFT->GetEnabledChannels(&oc, "__MI_OPERATIONOPTIONS_CHANNEL", ch, 4, &count, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(count, 2);
    OFT->Delete(&o);
    OFT->Delete(&oc);

    MI_SubscriptionDeliveryOptions s = new_sub();
    MI_Datetime when = timestamp(2030, 1, 2, 60);
    CHECK_EQ_INT(SFT->SetDateTime(&s, "t", &when, 0), MI_RESULT_OK);
    MI_SubscriptionDeliveryOptions sc = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
    CHECK_EQ_INT(SFT->Clone(&s, &sc), MI_RESULT_OK);
    CHECK_EQ_INT(SFT->Delete(&s), MI_RESULT_OK);
    MI_Datetime got;
    memset(&got, 0, sizeof got);
    CHECK_EQ_INT(SFT->GetDateTime(&sc, "t", &got, NULL, NULL), MI_RESULT_OK);
    CHECK(timestamp_is(got, when));
    CHECK_EQ_INT(SFT->Delete(&sc), MI_RESULT_OK);
}

/* ---- operation options: custom options and channels ------------------------------------- */

static void check_custom(MI_OperationOptions *o, const char *name, MI_Type type)
{
    MI_Value v;
    MI_Type t = 99;
    MI_Uint32 index = 99, flags = 99;
    CHECK_EQ_INT(OFT->GetOption(o, name, &v, &t, &index, &flags), MI_RESULT_OK);
    CHECK_EQ_INT(t, type);
    CHECK_EQ_INT(flags, 0);
    const MI_Char *n = NULL;
    MI_Value v2;
    MI_Type t2 = 99;
    CHECK_EQ_INT(OFT->GetOptionAt(o, index, &n, &v2, &t2, NULL), MI_RESULT_OK);
    CHECK(str_is(n, name));
    CHECK_EQ_INT(t2, type);
}

/* The value of the element "Answer" of `inst`, or -1. */
static long answer_of(const MI_Instance *inst)
{
    MI_Value ev;
    MI_Type et;
    if (inst == NULL || MI_Instance_GetElement(inst, "Answer", &ev, &et, NULL, NULL) != MI_RESULT_OK ||
        et != MI_UINT32)
        return -1;
    return (long)ev.uint32;
}

/* Instances and references (and arrays of them) are deep copies owned by the options. */
static void test_instance_custom_options(MI_OperationOptions *o)
{
    MI_Instance *inst = NULL, *arr[2];
    MI_OperationOptions copy = MI_OPERATIONOPTIONS_NULL;
    MI_Value v, ev, got;
    MI_Type t = 0;
    const MI_Char *cls = NULL;
    SECTION("SetCustomOption: instances, references and their arrays are deep copies");
    memset(&v, 0, sizeof v);
    if (!CHECK_EQ_INT(MI_Application_NewInstance(&oc_app, "Opt_Class", NULL, &inst), MI_RESULT_OK))
        return;
    ev.uint32 = 77;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, "Answer", &ev, MI_UINT32, 0), MI_RESULT_OK);
    v.instance = inst;
    CHECK_EQ_INT(OFT->SetCustomOption(o, "inst", MI_INSTANCE, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.reference = inst;
    CHECK_EQ_INT(OFT->SetCustomOption(o, "ref", MI_REFERENCE, &v, MI_FALSE, 0), MI_RESULT_OK);
    arr[0] = inst;
    arr[1] = inst;
    v.instancea.data = arr;
    v.instancea.size = 2;
    CHECK_EQ_INT(OFT->SetCustomOption(o, "insts", MI_INSTANCEA, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.referencea.data = arr;
    v.referencea.size = 1;
    CHECK_EQ_INT(OFT->SetCustomOption(o, "refs", MI_REFERENCEA, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.instance = NULL;
    CHECK_EQ_INT(OFT->SetCustomOption(o, "none", MI_INSTANCE, &v, MI_FALSE, 0), MI_RESULT_OK);
    MI_Instance_Delete(inst); /* the options keep their own copies */

    CHECK_EQ_INT(OFT->GetOption(o, "inst", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_INSTANCE);
    CHECK_EQ_INT(answer_of(got.instance), 77);
    CHECK(got.instance != NULL && MI_Instance_GetClassName(got.instance, &cls) == MI_RESULT_OK &&
          strcmp(cls, "Opt_Class") == 0);
    CHECK_EQ_INT(OFT->GetOption(o, "ref", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_REFERENCE);
    CHECK_EQ_INT(answer_of(got.reference), 77);
    CHECK_EQ_INT(OFT->GetOption(o, "insts", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_INSTANCEA);
    if (CHECK_EQ_INT(got.instancea.size, 2)) {
        CHECK_EQ_INT(answer_of(got.instancea.data[0]), 77);
        CHECK_EQ_INT(answer_of(got.instancea.data[1]), 77);
        CHECK(got.instancea.data[0] != got.instancea.data[1]); /* two copies */
    }
    CHECK_EQ_INT(OFT->GetOption(o, "refs", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_REFERENCEA);
    CHECK_EQ_INT(got.referencea.size, 1);
    CHECK_EQ_INT(OFT->GetOption(o, "none", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_INSTANCE);
    CHECK(got.instance == NULL);
    v.uint32 = 1;
    CHECK_EQ_INT(OFT->SetCustomOption(o, "inst", MI_UINT32, &v, MI_FALSE, 0), MI_RESULT_TYPE_MISMATCH);

    /* A clone holds copies of its own: deleting the original leaves them intact. */
    if (CHECK_EQ_INT(OFT->Clone(o, &copy), MI_RESULT_OK)) {
        MI_Value original;
        CHECK_EQ_INT(OFT->GetOption(o, "inst", &original, &t, NULL, NULL), MI_RESULT_OK);
        CHECK_EQ_INT(OFT->GetOption(&copy, "inst", &got, &t, NULL, NULL), MI_RESULT_OK);
        CHECK(got.instance != original.instance);
        CHECK_EQ_INT(answer_of(got.instance), 77);
        MI_OperationOptions_Delete(&copy);
    }
}

static void test_custom_options(void)
{
    SECTION("OperationOptions.SetCustomOption: every supported type round-trips");
    MI_OperationOptions o = new_op();
    MI_Value v, got;
    MI_Type t;
    memset(&v, 0, sizeof v);

    v.boolean = MI_TRUE;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "b", MI_BOOLEAN, &v, MI_TRUE, 0), MI_RESULT_OK);
    v.uint8 = 200;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "u8", MI_UINT8, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.sint8 = -100;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "s8", MI_SINT8, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.uint16 = 60000;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "u16", MI_UINT16, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.sint16 = -30000;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "s16", MI_SINT16, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.uint32 = 4000000000u;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "u32", MI_UINT32, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.sint32 = -2000000000;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "s32", MI_SINT32, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.uint64 = 0xFEDCBA9876543210ull;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "u64", MI_UINT64, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.sint64 = -0x123456789ll;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "s64", MI_SINT64, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.real32 = 1.5f;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "r32", MI_REAL32, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.real64 = -2.25;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "r64", MI_REAL64, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.char16 = 0x263A;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "c16", MI_CHAR16, &v, MI_FALSE, 0), MI_RESULT_OK);
    v.datetime = timestamp(1999, 12, 31, -120);
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "dt", MI_DATETIME, &v, MI_FALSE, 0), MI_RESULT_OK);
    char text[] = "custom text";
    v.string = text;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "str", MI_STRING, &v, MI_TRUE, 0), MI_RESULT_OK);
    text[0] = 'X'; /* the option holds a copy */

    MI_Boolean ba[] = {1, 0, 1};
    MI_Uint8 u8a[] = {1, 2, 255};
    MI_Sint8 s8a[] = {-1, 2};
    MI_Uint16 u16a[] = {65535, 1};
    MI_Sint16 s16a[] = {-32768};
    MI_Uint32 u32a[] = {7, 8, 9, 10};
    MI_Sint32 s32a[] = {-7};
    MI_Uint64 u64a[] = {1ull << 63};
    MI_Sint64 s64a[] = {-5, 5};
    MI_Real32 r32a[] = {0.5f};
    MI_Real64 r64a[] = {0.25, 1e300};
    MI_Char16 c16a[] = {'a', 'b'};
    MI_Datetime dta[2];
    dta[0] = timestamp(2001, 2, 3, 0);
    memset(&dta[1], 0, sizeof dta[1]);
    dta[1].u.interval = interval(9, 8, 7, 6, 5);
    MI_Char s0[] = "zero", s1[] = "one";
    MI_Char *sa[] = {s0, s1};
#define SET_ARRAY(member, arr, type, name)                                                 \
    do {                                                                                   \
        v.member.data = arr;                                                               \
        v.member.size = (MI_Uint32)(sizeof arr / sizeof arr[0]);                           \
        CHECK_EQ_INT(OFT->SetCustomOption(&o, name, type, &v, MI_FALSE, 0), MI_RESULT_OK); \
    } while (0)
    SET_ARRAY(booleana, ba, MI_BOOLEANA, "ba");
    SET_ARRAY(uint8a, u8a, MI_UINT8A, "u8a");
    SET_ARRAY(sint8a, s8a, MI_SINT8A, "s8a");
    SET_ARRAY(uint16a, u16a, MI_UINT16A, "u16a");
    SET_ARRAY(sint16a, s16a, MI_SINT16A, "s16a");
    SET_ARRAY(uint32a, u32a, MI_UINT32A, "u32a");
    SET_ARRAY(sint32a, s32a, MI_SINT32A, "s32a");
    SET_ARRAY(uint64a, u64a, MI_UINT64A, "u64a");
    SET_ARRAY(sint64a, s64a, MI_SINT64A, "s64a");
    SET_ARRAY(real32a, r32a, MI_REAL32A, "r32a");
    SET_ARRAY(real64a, r64a, MI_REAL64A, "r64a");
    SET_ARRAY(char16a, c16a, MI_CHAR16A, "c16a");
    SET_ARRAY(datetimea, dta, MI_DATETIMEA, "dta");
    SET_ARRAY(stringa, sa, MI_STRINGA, "sa");
    v.uint32a.data = NULL;
    v.uint32a.size = 0;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "empty", MI_UINT32A, &v, MI_FALSE, 0), MI_RESULT_OK);
    u32a[0] = 1000; /* copies, not borrowed */
    s0[0] = 'Z';

    MI_Uint32 count = 0;
    CHECK_EQ_INT(OFT->GetOptionCount(&o, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 29);

    CHECK_EQ_INT(OFT->GetOption(&o, "b", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_BOOLEAN && got.boolean == MI_TRUE);
    CHECK_EQ_INT(OFT->GetOption(&o, "u8", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_UINT8 && got.uint8 == 200);
    CHECK_EQ_INT(OFT->GetOption(&o, "s8", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_SINT8 && got.sint8 == -100);
    CHECK_EQ_INT(OFT->GetOption(&o, "u16", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_UINT16 && got.uint16 == 60000);
    CHECK_EQ_INT(OFT->GetOption(&o, "s16", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_SINT16 && got.sint16 == -30000);
    CHECK_EQ_INT(OFT->GetOption(&o, "u32", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_UINT32 && got.uint32 == 4000000000u);
    CHECK_EQ_INT(OFT->GetOption(&o, "s32", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_SINT32 && got.sint32 == -2000000000);
    CHECK_EQ_INT(OFT->GetOption(&o, "u64", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_UINT64 && got.uint64 == 0xFEDCBA9876543210ull);
    CHECK_EQ_INT(OFT->GetOption(&o, "s64", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_SINT64 && got.sint64 == -0x123456789ll);
    CHECK_EQ_INT(OFT->GetOption(&o, "r32", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_REAL32 && got.real32 == 1.5f);
    CHECK_EQ_INT(OFT->GetOption(&o, "r64", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_REAL64 && got.real64 == -2.25);
    CHECK_EQ_INT(OFT->GetOption(&o, "c16", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_CHAR16 && got.char16 == 0x263A);
    CHECK_EQ_INT(OFT->GetOption(&o, "dt", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_DATETIME && timestamp_is(got.datetime, timestamp(1999, 12, 31, -120)));
    CHECK_EQ_INT(OFT->GetOption(&o, "str", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_STRING && str_is(got.string, "custom text"));
    /* A custom value is read by the typed getters of its type too. */
    const MI_Char *s = NULL;
    MI_Uint32 n = 0;
    CHECK_EQ_INT(OFT->GetString(&o, "str", &s, NULL, NULL), MI_RESULT_OK);
    CHECK(str_is(s, "custom text"));
    CHECK_EQ_INT(OFT->GetNumber(&o, "u32", &n, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(n, 4000000000u);
    CHECK_EQ_INT(OFT->GetNumber(&o, "u16", &n, NULL, NULL), MI_RESULT_TYPE_MISMATCH);

    CHECK_EQ_INT(OFT->GetOption(&o, "ba", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_BOOLEANA && got.booleana.size == 3 && got.booleana.data[2] == 1 && got.booleana.data[1] == 0);
    CHECK_EQ_INT(OFT->GetOption(&o, "u8a", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_UINT8A && got.uint8a.size == 3 && got.uint8a.data[2] == 255);
    CHECK_EQ_INT(OFT->GetOption(&o, "s8a", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_SINT8A && got.sint8a.size == 2 && got.sint8a.data[0] == -1);
    CHECK_EQ_INT(OFT->GetOption(&o, "u16a", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_UINT16A && got.uint16a.size == 2 && got.uint16a.data[0] == 65535);
    CHECK_EQ_INT(OFT->GetOption(&o, "s16a", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_SINT16A && got.sint16a.size == 1 && got.sint16a.data[0] == -32768);
    CHECK_EQ_INT(OFT->GetOption(&o, "u32a", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_UINT32A && got.uint32a.size == 4 && got.uint32a.data[0] == 7 && got.uint32a.data[3] == 10);
    CHECK_EQ_INT(OFT->GetOption(&o, "s32a", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_SINT32A && got.sint32a.size == 1 && got.sint32a.data[0] == -7);
    CHECK_EQ_INT(OFT->GetOption(&o, "u64a", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_UINT64A && got.uint64a.size == 1 && got.uint64a.data[0] == 1ull << 63);
    CHECK_EQ_INT(OFT->GetOption(&o, "s64a", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_SINT64A && got.sint64a.size == 2 && got.sint64a.data[1] == 5);
    CHECK_EQ_INT(OFT->GetOption(&o, "r32a", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_REAL32A && got.real32a.size == 1 && got.real32a.data[0] == 0.5f);
    CHECK_EQ_INT(OFT->GetOption(&o, "r64a", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_REAL64A && got.real64a.size == 2 && got.real64a.data[1] == 1e300);
    CHECK_EQ_INT(OFT->GetOption(&o, "c16a", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_CHAR16A && got.char16a.size == 2 && got.char16a.data[1] == 'b');
    CHECK_EQ_INT(OFT->GetOption(&o, "dta", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_DATETIMEA && got.datetimea.size == 2 && timestamp_is(got.datetimea.data[0], dta[0]) &&
          got.datetimea.data[1].isTimestamp == 0 &&
          interval_is(got.datetimea.data[1].u.interval, interval(9, 8, 7, 6, 5)));
    CHECK_EQ_INT(OFT->GetOption(&o, "sa", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_STRINGA && got.stringa.size == 2 && str_is(got.stringa.data[0], "zero") &&
          str_is(got.stringa.data[1], "one"));
    CHECK_EQ_INT(OFT->GetOption(&o, "empty", &got, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_UINT32A && got.uint32a.size == 0);

    const char *all[] = {"b", "u8", "s8", "u16", "s16", "u32", "s32", "u64", "s64", "r32", "r64", "c16",
                         "dt", "str", "ba", "u8a", "s8a", "u16a", "s16a", "u32a", "s32a", "u64a", "s64a",
                         "r32a", "r64a", "c16a", "dta", "sa", "empty"};
    MI_Type all_types[] = {MI_BOOLEAN, MI_UINT8, MI_SINT8, MI_UINT16, MI_SINT16, MI_UINT32, MI_SINT32,
                           MI_UINT64, MI_SINT64, MI_REAL32, MI_REAL64, MI_CHAR16, MI_DATETIME, MI_STRING,
                           MI_BOOLEANA, MI_UINT8A, MI_SINT8A, MI_UINT16A, MI_SINT16A, MI_UINT32A, MI_SINT32A,
                           MI_UINT64A, MI_SINT64A, MI_REAL32A, MI_REAL64A, MI_CHAR16A, MI_DATETIMEA,
                           MI_STRINGA, MI_UINT32A};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        check_custom(&o, all[i], all_types[i]);
    }

    SECTION("SetCustomOption: replacing, wrong types, unsupported and bad values");
    v.uint32 = 5;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "U32", MI_UINT32, &v, MI_TRUE, 0), MI_RESULT_OK); /* same option */
    CHECK_EQ_INT(OFT->GetNumber(&o, "u32", &n, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(n, 5);
    v.sint32 = 1;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "u32", MI_SINT32, &v, MI_FALSE, 0), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(OFT->SetNumber(&o, "u32", 1, 0), MI_RESULT_TYPE_MISMATCH); /* custom vs plain */
    CHECK_EQ_INT(OFT->SetNumber(&o, "plain", 1, 0), MI_RESULT_OK);
    v.uint32 = 2;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "plain", MI_UINT32, &v, MI_FALSE, 0), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(OFT->GetNumber(&o, "u32", &n, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(n, 5);
    test_instance_custom_options(&o);
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "x", 32, &v, MI_FALSE, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "x", 0xFFFFFFFFu, &v, MI_FALSE, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "x", MI_UINT32, NULL, MI_FALSE, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "x", MI_UINT32, &v, MI_FALSE, 1), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(OFT->SetCustomOption(&o, NULL, MI_UINT32, &v, MI_FALSE, 0), MI_RESULT_INVALID_PARAMETER);
    v.string = NULL;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "x", MI_STRING, &v, MI_FALSE, 0), MI_RESULT_INVALID_PARAMETER);
    v.uint32a.data = NULL;
    v.uint32a.size = 3;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "x", MI_UINT32A, &v, MI_FALSE, 0), MI_RESULT_INVALID_PARAMETER);
    MI_Char *holes[] = {s1, NULL};
    v.stringa.data = holes;
    v.stringa.size = 2;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "x", MI_STRINGA, &v, MI_FALSE, 0), MI_RESULT_INVALID_PARAMETER);
    memset(&v.datetime, 0, sizeof v.datetime);
    v.datetime.isTimestamp = 2;
    CHECK_EQ_INT(OFT->SetCustomOption(&o, "x", MI_DATETIME, &v, MI_FALSE, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(OFT->GetOption(&o, "x", &got, &t, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(OFT->GetOptionCount(&o, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 35); /* "plain" and the five instance-valued options were added since */

    SECTION("SetCustomOption reads only the member its type names");
    /* A pointer to a lone 4-byte value, as C clients pass it: reading the whole 40-byte
       union would overrun this heap block (valgrind / ASan would report it). */
    MI_Uint32 *lone = malloc(sizeof *lone);
    if (CHECK(lone != NULL)) {
        *lone = 31337;
        CHECK_EQ_INT(OFT->SetCustomOption(&o, "lone", MI_UINT32, (const MI_Value *)(const void *)lone, MI_FALSE, 0),
                     MI_RESULT_OK);
        free(lone);
        CHECK_EQ_INT(OFT->GetNumber(&o, "lone", &n, NULL, NULL), MI_RESULT_OK);
        CHECK_EQ_INT(n, 31337);
    }

    SECTION("OperationOptions: the other generic slots");
    CHECK_EQ_INT(OFT->SetString(&o, "ruri", "http://x", 0), MI_RESULT_OK);
    CHECK_EQ_INT(OFT->GetString(&o, "RURI", &s, NULL, NULL), MI_RESULT_OK);
    CHECK(str_is(s, "http://x"));
    MI_Interval want = interval(0, 0, 1, 30, 0), iv;
    CHECK_EQ_INT(OFT->SetInterval(&o, "to", &want, 0), MI_RESULT_OK);
    CHECK_EQ_INT(OFT->GetInterval(&o, "to", &iv, NULL, NULL), MI_RESULT_OK);
    CHECK(interval_is(iv, want));
    CHECK_EQ_INT(OFT->GetInterval(&o, "dt", &iv, NULL, NULL), MI_RESULT_TYPE_MISMATCH); /* a timestamp */
    OFT->Delete(&o);
}

static void test_channels(void)
{
    SECTION("OperationOptions: __MI_OPERATIONOPTIONS_CHANNEL is a set; GetEnabledChannels");
    const char *CH = "__MI_OPERATIONOPTIONS_CHANNEL";
    MI_OperationOptions o = new_op();
    MI_Uint32 buf[8], count = 99, flags = 99;
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, CH, buf, 8, &count, &flags), MI_RESULT_OK);
    CHECK_EQ_INT(count, 0); /* never set: none */
    CHECK_EQ_INT(flags, 0);
    CHECK_EQ_INT(OFT->SetNumber(&o, CH, 0, 0), MI_RESULT_OK);
    CHECK_EQ_INT(OFT->SetNumber(&o, CH, 2, 0), MI_RESULT_OK);
    CHECK_EQ_INT(OFT->SetNumber(&o, CH, 2, 0), MI_RESULT_OK); /* already there */
    CHECK_EQ_INT(OFT->SetNumber(&o, CH, 7, 1), MI_RESULT_OK); /* disabling an absent one */
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, CH, buf, 8, &count, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(count, 2);
    CHECK(buf[0] == 0 && buf[1] == 2);
    buf[0] = 99;
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, CH, buf, 1, &count, NULL), MI_RESULT_FAILED);
    CHECK_EQ_INT(count, 2); /* the size the client needs */
    CHECK_EQ_INT(buf[0], 99);
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, CH, NULL, 0, &count, NULL), MI_RESULT_FAILED);
    CHECK_EQ_INT(count, 2);
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, CH, NULL, 8, &count, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, CH, buf, 8, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, NULL, buf, 8, &count, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(OFT->SetNumber(&o, CH, 0, 1), MI_RESULT_OK);
    CHECK_EQ_INT(OFT->SetNumber(&o, CH, 2, 2), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, CH, buf, 8, &count, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(count, 1);
    CHECK_EQ_INT(buf[0], 2);
    /* The set is an option like the others: MI_UINT32A, not a number. */
    MI_Value v;
    MI_Type t;
    MI_Uint32 n;
    CHECK_EQ_INT(OFT->GetOption(&o, CH, &v, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_UINT32A && v.uint32a.size == 1 && v.uint32a.data[0] == 2);
    CHECK_EQ_INT(OFT->GetNumber(&o, CH, &n, NULL, NULL), MI_RESULT_TYPE_MISMATCH);
    /* Another option's name: not a channel set. */
    CHECK_EQ_INT(OFT->SetNumber(&o, "num", 3, 0), MI_RESULT_OK);
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, "num", buf, 8, &count, NULL), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, "absent", buf, 8, &count, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(count, 0);
    /* Disable the last one: the set stays, empty. */
    CHECK_EQ_INT(OFT->SetNumber(&o, CH, 2, 1), MI_RESULT_OK);
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, CH, NULL, 0, &count, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(count, 0);
    OFT->Delete(&o);
}

/* ---- subscription delivery options ------------------------------------------------------ */

static void test_subscription_slots(void)
{
    SECTION("SubscriptionDeliveryOptions: the 17 slots");
    MI_SubscriptionDeliveryOptions s = new_sub();
    const MI_Char *str = NULL;
    MI_Uint32 n = 0, index = 99, flags = 99, count = 0;
    CHECK_EQ_INT(SFT->SetString(&s, "bm", "mark", 0), MI_RESULT_OK);
    CHECK_EQ_INT(SFT->GetString(&s, "bm", &str, &index, &flags), MI_RESULT_OK);
    CHECK(str_is(str, "mark") && index == 0 && flags == 0);
    CHECK_EQ_INT(SFT->SetNumber(&s, "port", 5986, 0), MI_RESULT_OK);
    CHECK_EQ_INT(SFT->GetNumber(&s, "port", &n, &index, NULL), MI_RESULT_OK);
    CHECK(n == 5986 && index == 1);
    CHECK_EQ_INT(SFT->SetNumber(&s, "port", 1, 1), MI_RESULT_INVALID_PARAMETER);
    MI_Datetime when = timestamp(2024, 2, 29, 330), got;
    CHECK_EQ_INT(SFT->SetDateTime(&s, "exp", &when, 0), MI_RESULT_OK);
    memset(&got, 0, sizeof got);
    CHECK_EQ_INT(SFT->GetDateTime(&s, "EXP", &got, &index, &flags), MI_RESULT_OK);
    CHECK(timestamp_is(got, when) && index == 2);
    MI_Interval iv = interval(0, 1, 0, 0, 0), giv;
    CHECK_EQ_INT(SFT->GetInterval(&s, "exp", &giv, NULL, NULL), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(SFT->SetInterval(&s, "exp", &iv, 0), MI_RESULT_OK); /* both MI_DATETIME */
    CHECK_EQ_INT(SFT->GetInterval(&s, "exp", &giv, NULL, NULL), MI_RESULT_OK);
    CHECK(interval_is(giv, iv));
    CHECK_EQ_INT(SFT->SetInterval(&s, "lat", &iv, 0), MI_RESULT_OK);
    CHECK_EQ_INT(SFT->GetDateTime(&s, "lat", &got, NULL, NULL), MI_RESULT_OK);
    CHECK(got.isTimestamp == 0 && interval_is(got.u.interval, iv));
    CHECK_EQ_INT(SFT->GetDateTime(&s, "bm", &got, NULL, NULL), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(SFT->SetDateTime(&s, "bm", &when, 0), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(SFT->GetDateTime(&s, "none", &got, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(SFT->GetDateTime(&s, "exp", NULL, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(SFT->SetDateTime(&s, "x", NULL, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(SFT->SetDateTime(&s, "x", &when, 1), MI_RESULT_INVALID_PARAMETER);
    MI_Datetime bad = when;
    bad.isTimestamp = 2;
    CHECK_EQ_INT(SFT->SetDateTime(&s, "x", &bad, 0), MI_RESULT_INVALID_PARAMETER);
    MI_UserCredentials c = user_creds(MI_AUTH_TYPE_NTLM, "D", "U", "P");
    CHECK_EQ_INT(SFT->AddCredentials(&s, "deliver", &c, 0), MI_RESULT_OK);
    CHECK_EQ_INT(SFT->GetCredentialsCount(&s, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 1);
    MI_UserCredentials out;
    const MI_Char *name = NULL;
    CHECK_EQ_INT(SFT->GetCredentialsAt(&s, 0, &name, &out, &flags), MI_RESULT_OK);
    CHECK(str_is(name, "deliver") && str_is(out.authenticationType, "Ntlmdomain") &&
          str_is(out.credentials.usernamePassword.domain, "D"));
    MI_Char pw[4];
    MI_Uint32 len = 0;
    CHECK_EQ_INT(SFT->GetCredentialsPasswordAt(&s, 0, &name, pw, 4, &len, &flags), MI_RESULT_OK);
    CHECK(len == 2 && str_is(pw, "P"));
    CHECK_EQ_INT(SFT->GetOptionCount(&s, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 4);
    MI_Value v;
    MI_Type t;
    CHECK_EQ_INT(SFT->GetOptionAt(&s, 3, &name, &v, &t, &flags), MI_RESULT_OK);
    CHECK(str_is(name, "lat") && t == MI_DATETIME);
    CHECK_EQ_INT(SFT->GetOption(&s, "port", &v, &t, &index, &flags), MI_RESULT_OK);
    CHECK(t == MI_UINT32 && v.uint32 == 5986 && index == 1);
    MI_SubscriptionDeliveryOptions copy = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
    CHECK_EQ_INT(SFT->Clone(&s, &copy), MI_RESULT_OK);
    CHECK_EQ_INT(SFT->Delete(&copy), MI_RESULT_OK);
    CHECK_EQ_INT(SFT->Delete(&copy), STALE);
    CHECK_EQ_INT(SFT->Delete(&s), MI_RESULT_OK);
}

/* ---- stale, zeroed and wrong-kind handles: every slot --------------------------------- */

static void all_destination_slots_reject(MI_DestinationOptions *d)
{
    const MI_Char *s;
    MI_Uint32 n;
    MI_Interval iv = interval(1, 0, 0, 0, 0);
    MI_Value v;
    MI_Type t;
    MI_UserCredentials c = user_creds(MI_AUTH_TYPE_BASIC, NULL, "u", "p");
    MI_Char pw[8];
    MI_DestinationOptions nd;
    CHECK_EQ_INT(DFT->SetString(d, "a", "b", 0), STALE);
    CHECK_EQ_INT(DFT->SetNumber(d, "a", 1, 0), STALE);
    CHECK_EQ_INT(DFT->AddCredentials(d, "a", &c, 0), STALE);
    CHECK_EQ_INT(DFT->GetString(d, "a", &s, NULL, NULL), STALE);
    CHECK_EQ_INT(DFT->GetNumber(d, "a", &n, NULL, NULL), STALE);
    CHECK_EQ_INT(DFT->GetOptionCount(d, &n), STALE);
    CHECK_EQ_INT(DFT->GetOptionAt(d, 0, &s, &v, &t, NULL), STALE);
    CHECK_EQ_INT(DFT->GetOption(d, "a", &v, &t, NULL, NULL), STALE);
    CHECK_EQ_INT(DFT->GetCredentialsCount(d, &n), STALE);
    CHECK_EQ_INT(DFT->GetCredentialsAt(d, 0, &s, &c, NULL), STALE);
    CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(d, 0, &s, pw, 8, &n, NULL), STALE);
    CHECK_EQ_INT(DFT->Clone(d, &nd), STALE);
    DFT->Delete(&nd);
    CHECK_EQ_INT(DFT->SetInterval(d, "a", &iv, 0), STALE);
    CHECK_EQ_INT(DFT->GetInterval(d, "a", &iv, NULL, NULL), STALE);
    DFT->Delete(d); /* void: must simply do nothing */
    CHECK_EQ_INT(DFT->GetOptionCount(NULL, &n), STALE);
}

static void all_operation_slots_reject(MI_OperationOptions *o)
{
    const MI_Char *s;
    MI_Uint32 n, ch[2];
    MI_Interval iv = interval(1, 0, 0, 0, 0);
    MI_Value v;
    MI_Type t;
    MI_OperationOptions no;
    v.uint32 = 1;
    CHECK_EQ_INT(OFT->SetString(o, "a", "b", 0), STALE);
    CHECK_EQ_INT(OFT->SetNumber(o, "a", 1, 0), STALE);
    CHECK_EQ_INT(OFT->SetCustomOption(o, "a", MI_UINT32, &v, MI_FALSE, 0), STALE);
    CHECK_EQ_INT(OFT->GetString(o, "a", &s, NULL, NULL), STALE);
    CHECK_EQ_INT(OFT->GetNumber(o, "a", &n, NULL, NULL), STALE);
    CHECK_EQ_INT(OFT->GetOptionCount(o, &n), STALE);
    CHECK_EQ_INT(OFT->GetOptionAt(o, 0, &s, &v, &t, NULL), STALE);
    CHECK_EQ_INT(OFT->GetOption(o, "a", &v, &t, NULL, NULL), STALE);
    CHECK_EQ_INT(OFT->GetEnabledChannels(o, "__MI_OPERATIONOPTIONS_CHANNEL", ch, 2, &n, NULL), STALE);
    CHECK_EQ_INT(OFT->Clone(o, &no), STALE);
    OFT->Delete(&no);
    CHECK_EQ_INT(OFT->SetInterval(o, "a", &iv, 0), STALE);
    CHECK_EQ_INT(OFT->GetInterval(o, "a", &iv, NULL, NULL), STALE);
    OFT->Delete(o);
}

static void all_subscription_slots_reject(MI_SubscriptionDeliveryOptions *x)
{
    const MI_Char *s;
    MI_Uint32 n;
    MI_Interval iv = interval(1, 0, 0, 0, 0);
    MI_Datetime dt = timestamp(2000, 1, 1, 0);
    MI_Value v;
    MI_Type t;
    MI_UserCredentials c = user_creds(MI_AUTH_TYPE_BASIC, NULL, "u", "p");
    MI_Char pw[8];
    MI_SubscriptionDeliveryOptions nx;
    CHECK_EQ_INT(SFT->SetString(x, "a", "b", 0), STALE);
    CHECK_EQ_INT(SFT->SetNumber(x, "a", 1, 0), STALE);
    CHECK_EQ_INT(SFT->SetDateTime(x, "a", &dt, 0), STALE);
    CHECK_EQ_INT(SFT->SetInterval(x, "a", &iv, 0), STALE);
    CHECK_EQ_INT(SFT->AddCredentials(x, "a", &c, 0), STALE);
    CHECK_EQ_INT(SFT->GetString(x, "a", &s, NULL, NULL), STALE);
    CHECK_EQ_INT(SFT->GetNumber(x, "a", &n, NULL, NULL), STALE);
    CHECK_EQ_INT(SFT->GetDateTime(x, "a", &dt, NULL, NULL), STALE);
    CHECK_EQ_INT(SFT->GetInterval(x, "a", &iv, NULL, NULL), STALE);
    CHECK_EQ_INT(SFT->GetOptionCount(x, &n), STALE);
    CHECK_EQ_INT(SFT->GetOptionAt(x, 0, &s, &v, &t, NULL), STALE);
    CHECK_EQ_INT(SFT->GetOption(x, "a", &v, &t, NULL, NULL), STALE);
    CHECK_EQ_INT(SFT->GetCredentialsCount(x, &n), STALE);
    CHECK_EQ_INT(SFT->GetCredentialsAt(x, 0, &s, &c, NULL), STALE);
    CHECK_EQ_INT(SFT->GetCredentialsPasswordAt(x, 0, &s, pw, 8, &n, NULL), STALE);
    CHECK_EQ_INT(SFT->Clone(x, &nx), STALE);
    CHECK_EQ_INT(SFT->Delete(&nx), STALE);
    CHECK_EQ_INT(SFT->Delete(x), STALE);
}

static void test_stale_handles(void)
{
    SECTION("after Delete, the handle and every copy of it: INVALID_PARAMETER from every slot");
    MI_DestinationOptions d = new_dest();
    MI_UserCredentials c = user_creds(MI_AUTH_TYPE_BASIC, NULL, "u", "p");
    CHECK_EQ_INT(DFT->AddCredentials(&d, "a", &c, 0), MI_RESULT_OK);
    MI_DestinationOptions dcopy = d;
    DFT->Delete(&d);
    all_destination_slots_reject(&d);
    all_destination_slots_reject(&dcopy);

    MI_OperationOptions o = new_op();
    MI_OperationOptions ocopy = o;
    OFT->Delete(&o);
    all_operation_slots_reject(&o);
    all_operation_slots_reject(&ocopy);

    MI_SubscriptionDeliveryOptions s = new_sub();
    MI_SubscriptionDeliveryOptions scopy = s;
    CHECK_EQ_INT(SFT->Delete(&s), MI_RESULT_OK);
    all_subscription_slots_reject(&s);
    all_subscription_slots_reject(&scopy);

    SECTION("zeroed and garbage structs, NULL handles: every slot rejects them");
    MI_DestinationOptions dz = MI_DESTINATIONOPTIONS_NULL;
    all_destination_slots_reject(&dz);
    all_destination_slots_reject(NULL);
    MI_OperationOptions oz;
    memset(&oz, 0xEE, sizeof oz);
    all_operation_slots_reject(&oz);
    all_operation_slots_reject(NULL);
    MI_SubscriptionDeliveryOptions sz = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
    all_subscription_slots_reject(&sz);
    all_subscription_slots_reject(NULL);

    SECTION("a live handle of another options kind is rejected");
    MI_DestinationOptions live = new_dest();
    MI_OperationOptions as_op;
    as_op.reserved1 = live.reserved1;
    as_op.reserved2 = live.reserved2;
    as_op.ft = OFT;
    all_operation_slots_reject(&as_op);
    MI_SubscriptionDeliveryOptions as_sub;
    as_sub.reserved1 = live.reserved1;
    as_sub.reserved2 = live.reserved2;
    as_sub.ft = SFT;
    all_subscription_slots_reject(&as_sub);
    MI_Uint32 count = 99;
    CHECK_EQ_INT(DFT->GetOptionCount(&live, &count), MI_RESULT_OK); /* untouched by all that */
    CHECK_EQ_INT(count, 0);
    DFT->Delete(&live);
}

int main(void)
{
    tu_watchdog(60);
    oc_init("options_slots");
    test_constructors();
    test_destination_slots();
    test_clone();
    test_custom_options();
    test_channels();
    test_subscription_slots();
    test_stale_handles();
    oc_close();
    TEST_MAIN_END();
}
