/*
 * wsman_omi.c - every MI operation through the built-in WS-Management handler against a
 * real OMI server (omiserver from the omi-ref kit, started by with-omiserver, which sets
 * OMI_HOST, OMI_HTTP_PORT, OMI_HTTPS_PORT, OMI_USER, OMI_PASSWORD and OMI_CERT), over HTTP
 * or HTTPS (argv[1]) with Basic authentication (or the MI_AUTH_TYPE_* in argv[2], e.g.
 * NegoWithCreds: NTLM, every message sealed over HTTP; the domain in OMI_DOMAIN), using
 * OMI's sample providers. Results are
 * checked typed: the handler reads the class schema from the server (OMI itself sends
 * every property as text).
 *
 * Run by tests/wsman_live.rs; skipped there when the kit or root is absent.
 */
#include "testutil.h"

#include <mi.h>
#include <pthread.h>

static MI_Application app = MI_APPLICATION_NULL;
static const MI_Char *auth_type = MI_AUTH_TYPE_BASIC;

static const char *env(const char *name)
{
    const char *v = getenv(name);
    if (!v) {
        fprintf(stderr, "wsman_omi: %s is not set (run under with-omiserver)\n", name);
        exit(2);
    }
    return v;
}

/* A session to the server: scheme "http" or "https"; password and trust as given. */
static MI_Result open_session(MI_Session *s, const char *scheme, const char *password, int trust, int skip_ca)
{
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    MI_UserCredentials c;
    MI_Instance *ext = NULL;
    MI_Result r;
    int https = strcmp(scheme, "https") == 0;
    memset(&c, 0, sizeof c);
    if ((r = MI_Application_NewDestinationOptions(&app, &d)) != MI_RESULT_OK)
        return r;
    MI_DestinationOptions_SetTransport(&d, https ? MI_DESTINATIONOPTIONS_TRANSPORT_HTTPS
                                                 : MI_DESTINATIONOPTIONS_TRANSPORT_HTTP);
    MI_DestinationOptions_SetDestinationPort(&d, (MI_Uint32)atoi(env(https ? "OMI_HTTPS_PORT" : "OMI_HTTP_PORT")));
    if (trust)
        MI_DestinationOptions_SetTrustedCertsDir(&d, env("OMI_CERT"));
    if (skip_ca)
        MI_DestinationOptions_SetCertCACheck(&d, MI_FALSE);
    c.authenticationType = auth_type;
    c.credentials.usernamePassword.domain = getenv("OMI_DOMAIN");
    c.credentials.usernamePassword.username = env("OMI_USER");
    c.credentials.usernamePassword.password = password;
    MI_DestinationOptions_AddDestinationCredentials(&d, &c);
    r = MI_Application_NewSession(&app, NULL, env("OMI_HOST"), &d, NULL, &ext, s);
    MI_DestinationOptions_Delete(&d);
    if (ext)
        MI_Instance_Delete(ext);
    return r;
}

/* Pulls every result; the first one is cloned into *first (the caller deletes it). */
static int drain(MI_Operation *op, MI_Result *final, MI_Instance **first)
{
    const MI_Instance *inst = NULL;
    const MI_Char *msg = NULL;
    MI_Boolean more = MI_TRUE;
    int n = 0;
    *final = MI_RESULT_FAILED;
    if (first)
        *first = NULL;
    while (more && MI_Operation_GetInstance(op, &inst, &more, final, &msg, NULL) == MI_RESULT_OK) {
        if (inst) {
            if (n == 0 && first)
                MI_Instance_Clone(inst, first);
            n++;
        }
    }
    if (*final != MI_RESULT_OK)
        fprintf(stderr, "  result %d: %s\n", (int)*final, msg ? msg : "(no message)");
    MI_Operation_Close(op);
    return n;
}

static MI_Instance *person(MI_Uint32 key, const char *first, const char *last)
{
    MI_Instance *p = NULL;
    MI_Value v;
    MI_Application_NewInstance(&app, MI_T("MSFT_Person"), NULL, &p);
    v.uint32 = key;
    MI_Instance_AddElement(p, MI_T("Key"), &v, MI_UINT32, MI_FLAG_KEY);
    if (first) {
        v.string = (MI_Char *)first;
        MI_Instance_AddElement(p, MI_T("First"), &v, MI_STRING, 0);
    }
    if (last) {
        v.string = (MI_Char *)last;
        MI_Instance_AddElement(p, MI_T("Last"), &v, MI_STRING, 0);
    }
    return p;
}

static int typed(const MI_Instance *inst, const MI_Char *name, MI_Type want, MI_Value *out)
{
    MI_Type t = 0;
    MI_Value v;
    if (!inst || MI_Instance_GetElement(inst, name, &v, &t, NULL, NULL) != MI_RESULT_OK)
        return 0;
    if (out)
        *out = v;
    return t == want;
}

int main(int argc, char **argv)
{
    const char *scheme = argc > 1 ? argv[1] : "http";
    MI_Session s = MI_SESSION_NULL, bad = MI_SESSION_NULL;
    MI_Operation op = MI_OPERATION_NULL;
    MI_Instance *p1, *p2, *key, *got = NULL, *params = NULL;
    MI_Result final;
    MI_Value v;
    int n;

    tu_watchdog(120);
    if (argc > 2)
        auth_type = argv[2];
    if (!CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("wsman_omi"), NULL, &app), MI_RESULT_OK))
        return 1;
    if (!CHECK_EQ_INT(open_session(&s, scheme, env("OMI_PASSWORD"), 1, 0), MI_RESULT_OK))
        return 1;

    SECTION("TestConnection (Identify)");
    MI_Session_TestConnection(&s, 0, NULL, &op);
    drain(&op, &final, NULL);
    CHECK_EQ_INT(final, MI_RESULT_OK);

    SECTION("CreateInstance: the key-only instance of the new one comes back");
    p1 = person(1, "Ada", "Lovelace");
    p2 = person(2, "Alan", "Turing");
    MI_Session_CreateInstance(&s, 0, NULL, MI_T("root/cimv2"), p1, NULL, &op);
    CHECK_EQ_INT(drain(&op, &final, &got), 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    CHECK(typed(got, MI_T("Key"), MI_UINT32, &v) && v.uint32 == 1);
    if (got)
        MI_Instance_Delete(got);
    MI_Session_CreateInstance(&s, 0, NULL, MI_T("root/cimv2"), p2, NULL, &op);
    drain(&op, &final, NULL);
    CHECK_EQ_INT(final, MI_RESULT_OK);

    SECTION("EnumerateInstances: typed by the server's schema");
    MI_Session_EnumerateInstances(&s, 0, NULL, MI_T("root/cimv2"), MI_T("MSFT_Person"), MI_FALSE, NULL, &op);
    n = drain(&op, &final, &got);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    CHECK(n >= 2);
    CHECK(typed(got, MI_T("Key"), MI_UINT32, NULL));
    CHECK(typed(got, MI_T("First"), MI_STRING, NULL));
    if (got)
        MI_Instance_Delete(got);

    SECTION("GetInstance of the provider's built-in Key=777");
    key = person(777, NULL, NULL);
    MI_Session_GetInstance(&s, 0, NULL, MI_T("root/cimv2"), key, NULL, &op);
    CHECK_EQ_INT(drain(&op, &final, &got), 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    CHECK(typed(got, MI_T("Key"), MI_UINT32, &v) && v.uint32 == 777);
    CHECK(typed(got, MI_T("First"), MI_STRING, &v) && strcmp(v.string, "Test") == 0);
    if (got)
        MI_Instance_Delete(got);

    SECTION("Invoke MSFT_Person.Add on an instance: ReturnValue and Z typed");
    MI_Application_NewParameterSet(&app, NULL, &params);
    v.real32 = 1.5f;
    MI_Instance_AddElement(params, MI_T("X"), &v, MI_REAL32, 0);
    v.real32 = 2.25f;
    MI_Instance_AddElement(params, MI_T("Y"), &v, MI_REAL32, 0);
    MI_Session_Invoke(&s, 0, NULL, MI_T("root/cimv2"), NULL, MI_T("Add"), p1, params, NULL, &op);
    CHECK_EQ_INT(drain(&op, &final, &got), 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    CHECK(typed(got, MI_T("ReturnValue"), MI_UINT32, &v) && v.uint32 == 100);
    CHECK(typed(got, MI_T("Z"), MI_REAL32, &v) && v.real32 == 3.75f);
    if (got)
        MI_Instance_Delete(got);
    MI_Instance_Delete(params);

    SECTION("ModifyInstance (the provider accepts Key=1234 and echoes it)");
    {
        MI_Instance *m = person(1234, "Changed", NULL);
        MI_Session_ModifyInstance(&s, 0, NULL, MI_T("root/cimv2"), m, NULL, &op);
        drain(&op, &final, NULL);
        CHECK_EQ_INT(final, MI_RESULT_OK);
        MI_Instance_Delete(m);
    }

    SECTION("QueryInstances (WQL), a projection");
    MI_Session_QueryInstances(&s, 0, NULL, MI_T("root/cimv2"), MI_T("WQL"),
                              MI_T("SELECT * FROM MSFT_Person WHERE Key = 2"), NULL, &op);
    n = drain(&op, &final, &got);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    CHECK(n >= 1);
    CHECK(typed(got, MI_T("Key"), MI_UINT32, &v) && v.uint32 == 2);
    if (got)
        MI_Instance_Delete(got);

    SECTION("Every DMTF type, typed");
    MI_Session_EnumerateInstances(&s, 0, NULL, MI_T("root/omi"), MI_T("TestClass_AllDMTFTypes"), MI_FALSE, NULL, &op);
    n = drain(&op, &final, &got);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    CHECK(n >= 1);
    CHECK(typed(got, MI_T("v_bool"), MI_BOOLEAN, NULL));
    CHECK(typed(got, MI_T("v_uint8"), MI_UINT8, &v) && v.uint8 == 15);
    CHECK(typed(got, MI_T("v_sint64"), MI_SINT64, &v) && v.sint64 == -4294967295LL);
    CHECK(typed(got, MI_T("v_Real64"), MI_REAL64, NULL));
    CHECK(typed(got, MI_T("v_char16"), MI_CHAR16, NULL));
    CHECK(typed(got, MI_T("v_DATETIME"), MI_DATETIME, NULL));
    CHECK(typed(got, MI_T("v_string"), MI_STRING, NULL));
    if (got)
        MI_Instance_Delete(got);

    SECTION("GetClass: the server's schema as an MI_Class");
    {
        const MI_Class *cls = NULL;
        MI_Boolean more = MI_TRUE;
        const MI_Char *name = NULL;
        MI_Uint32 count = 0;
        int classes = 0;
        MI_Session_GetClass(&s, 0, NULL, MI_T("root/cimv2"), MI_T("MSFT_Person"), NULL, &op);
        while (more && MI_Operation_GetClass(&op, &cls, &more, &final, NULL, NULL) == MI_RESULT_OK) {
            if (cls) {
                classes++;
                cls->ft->GetClassName(cls, &name);
                CHECK(name && strcmp(name, "MSFT_Person") == 0);
                cls->ft->GetElementCount(cls, &count);
                CHECK(count >= 4);
                cls->ft->GetMethodCount(cls, &count);
                CHECK(count >= 1);
            }
        }
        MI_Operation_Close(&op);
        CHECK_EQ_INT(final, MI_RESULT_OK);
        CHECK_EQ_INT(classes, 1);
    }

    SECTION("DeleteInstance, then GetInstance: NOT_FOUND with the server's message");
    MI_Session_DeleteInstance(&s, 0, NULL, MI_T("root/cimv2"), p2, NULL, &op);
    drain(&op, &final, NULL);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    MI_Session_GetInstance(&s, 0, NULL, MI_T("root/cimv2"), p2, NULL, &op);
    CHECK_EQ_INT(drain(&op, &final, NULL), 0);
    CHECK_EQ_INT(final, MI_RESULT_NOT_FOUND);

    SECTION("an unknown class: the server's fault as a clear result");
    MI_Session_EnumerateInstances(&s, 0, NULL, MI_T("root/cimv2"), MI_T("No_Such_Class"), MI_FALSE, NULL, &op);
    drain(&op, &final, NULL);
    CHECK(final == MI_RESULT_INVALID_CLASS || final == MI_RESULT_NOT_SUPPORTED || final == MI_RESULT_NOT_FOUND);

    SECTION("a wrong password: ACCESS_DENIED");
    CHECK_EQ_INT(open_session(&bad, scheme, "not-the-password", 1, 0), MI_RESULT_OK);
    MI_Session_EnumerateInstances(&bad, 0, NULL, MI_T("root/omi"), MI_T("OMI_Identify"), MI_FALSE, NULL, &op);
    drain(&op, &final, NULL);
    CHECK_EQ_INT(final, MI_RESULT_ACCESS_DENIED);
    MI_Session_Close(&bad, NULL, NULL);

    if (strcmp(scheme, "https") == 0) {
        SECTION("HTTPS: an untrusted server certificate fails; SetCertCACheck(false) accepts it");
        CHECK_EQ_INT(open_session(&bad, scheme, env("OMI_PASSWORD"), 0, 0), MI_RESULT_OK);
        MI_Session_TestConnection(&bad, 0, NULL, &op);
        drain(&op, &final, NULL);
        CHECK_EQ_INT(final, MI_RESULT_FAILED);
        MI_Session_Close(&bad, NULL, NULL);
        CHECK_EQ_INT(open_session(&bad, scheme, env("OMI_PASSWORD"), 0, 1), MI_RESULT_OK);
        MI_Session_TestConnection(&bad, 0, NULL, &op);
        drain(&op, &final, NULL);
        CHECK_EQ_INT(final, MI_RESULT_OK);
        MI_Session_Close(&bad, NULL, NULL);
    }

    SECTION("many operations on one session");
    {
        int i, ok = 0;
        for (i = 0; i < 200; i++) {
            MI_Session_GetInstance(&s, 0, NULL, MI_T("root/cimv2"), key, NULL, &op);
            ok += drain(&op, &final, NULL) == 1 && final == MI_RESULT_OK;
        }
        CHECK_EQ_INT(ok, 200);
    }

    MI_Session_DeleteInstance(&s, 0, NULL, MI_T("root/cimv2"), p1, NULL, &op);
    drain(&op, &final, NULL);
    MI_Instance_Delete(p1);
    MI_Instance_Delete(p2);
    MI_Instance_Delete(key);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    TEST_MAIN_END();
}
