/*
 * wsman_kerberos.c - one WS-Management session with Kerberos or SPNEGO credentials against
 * tests/python/gss_responder.py (driven by tests/wsman_kerberos.rs, which runs the KDC).
 *
 * Environment:
 *   KRB_PORT       the responder's port
 *   KRB_HOST       the host name (default "localhost": the service principal HTTP/localhost)
 *   KRB_AUTH       the MI_AUTH_TYPE_* string (Kerberos, NegoNoCreds, Default)
 *   KRB_USER, KRB_PASSWORD   credentials (Kerberos only; absent: an empty user name)
 *   KRB_HTTPS_CA   set: HTTPS, trusting this CA file
 *   KRB_COUNT      GetInstance calls on the one session (default 1)
 *   KRB_EXPECT     the MI_Result expected of NewSession or of every Get (default 0)
 *   KRB_EXPECT_TEXT  a text the failure's message must contain
 */
#include "testutil.h"

#include <mi.h>

static const char *env(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

int main(void)
{
    MI_Application app = MI_APPLICATION_NULL;
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    MI_Session s = MI_SESSION_NULL;
    MI_UserCredentials creds;
    MI_Char dest[64];
    const char *auth = env("KRB_AUTH", "Kerberos");
    const char *ca = getenv("KRB_HTTPS_CA");
    const char *want_text = getenv("KRB_EXPECT_TEXT");
    long count = atol(env("KRB_COUNT", "1"));
    long expect = atol(env("KRB_EXPECT", "0"));
    MI_Result r;
    long i, ok = 0;

    tu_watchdog(120);
    snprintf(dest, sizeof dest, "%s:%s", env("KRB_HOST", "localhost"), env("KRB_PORT", "0"));
    if (!CHECK_EQ_INT(MI_Application_Initialize(0, NULL, NULL, &app), MI_RESULT_OK))
        TEST_MAIN_END();
    MI_Application_NewDestinationOptions(&app, &d);
    memset(&creds, 0, sizeof creds);
    creds.authenticationType = auth;
    creds.credentials.usernamePassword.username = env("KRB_USER", "");
    creds.credentials.usernamePassword.password = env("KRB_PASSWORD", "");
    CHECK_EQ_INT(MI_DestinationOptions_AddDestinationCredentials(&d, &creds), MI_RESULT_OK);
    if (ca) {
        CHECK_EQ_INT(MI_DestinationOptions_SetTransport(&d, MI_DESTINATIONOPTIONS_TRANSPORT_HTTPS), MI_RESULT_OK);
        CHECK_EQ_INT(MI_DestinationOptions_SetTrustedCertsDir(&d, ca), MI_RESULT_OK);
    }
    r = MI_Application_NewSession(&app, NULL, dest, &d, NULL, NULL, &s);
    MI_DestinationOptions_Delete(&d);
    if (r != MI_RESULT_OK) {
        SECTION("NewSession refused");
        printf("NewSession: %d\n", (int)r);
        CHECK_EQ_INT(r, expect);
        MI_Application_Close(&app);
        TEST_MAIN_END();
    }
    for (i = 0; i < count; i++) {
        MI_Operation op = MI_OPERATION_NULL;
        MI_Instance *k = NULL;
        const MI_Instance *inst = NULL, *details = NULL;
        const MI_Char *msg = NULL;
        MI_Boolean more = MI_TRUE;
        MI_Result final = MI_RESULT_FAILED;
        MI_Value v;
        int got = 0;
        MI_Application_NewInstance(&app, MI_T("Win32_OperatingSystem"), NULL, &k);
        v.string = MI_T("x");
        MI_Instance_AddElement(k, MI_T("Name"), &v, MI_STRING, MI_FLAG_KEY);
        MI_Session_GetInstance(&s, 0, NULL, MI_T("root/cimv2"), k, NULL, &op);
        while (more && MI_Operation_GetInstance(&op, &inst, &more, &final, &msg, &details) == MI_RESULT_OK) {
            if (inst) {
                MI_Type t;
                if (MI_Instance_GetElement(inst, MI_T("Caption"), &v, &t, NULL, NULL) == MI_RESULT_OK &&
                    t == MI_STRING && strstr(v.string, "Windows Server 2012") != NULL)
                    got = 1;
            }
        }
        if (final != expect || (expect == MI_RESULT_OK && !got) ||
            (want_text && (!msg || !strstr(msg, want_text)))) {
            fprintf(stderr, "Get %ld: result %d, message: %s\n", i, (int)final, msg ? msg : "(none)");
            CHECK_EQ_INT(final, expect);
            if (expect == MI_RESULT_OK)
                CHECK(got);
            if (want_text)
                CHECK(msg && strstr(msg, want_text));
            MI_Operation_Close(&op);
            MI_Instance_Delete(k);
            break;
        }
        if (i == 0 && msg)
            printf("message: %s\n", msg);
        if (want_text && details) {
            /* The error details instance, when there is one, says the same. */
            MI_Type t;
            int said = MI_Instance_GetElement(details, MI_T("Message"), &v, &t, NULL, NULL) == MI_RESULT_OK &&
                       t == MI_STRING && v.string && strstr(v.string, want_text) != NULL;
            printf("details: %s\n", said ? "the reason" : "without the reason");
            CHECK(said);
        }
        ok++;
        MI_Operation_Close(&op);
        MI_Instance_Delete(k);
    }
    CHECK_EQ_INT(ok, count);
    printf("gets: %ld\n", ok);
    MI_Session_Close(&s, NULL, NULL);
    MI_Application_Close(&app);
    TEST_MAIN_END();
}
