/*
 * wsman_kerberos.c - one WS-Management session with Kerberos or SPNEGO credentials against
 * tests/python/gss_responder.py (driven by tests/wsman_kerberos.rs, which runs the KDC).
 *
 * Environment:
 *   KRB_PORT       the responder's port
 *   KRB_HOST       the host name (default "localhost": the service principal HTTP/localhost)
 *   KRB_AUTH       the MI_AUTH_TYPE_* string (Kerberos, NegoNoCreds, Default)
 *   KRB_USER, KRB_PASSWORD, KRB_DOMAIN   credentials (Kerberos only; absent: an empty
 *                  user name, an empty password, no domain)
 *   KRB_HTTPS_CA   set: HTTPS, trusting this CA file
 *   KRB_COUNT      GetInstance calls on the one session (default 1)
 *   KRB_EXPECT     the MI_Result expected of NewSession or of every Get (default 0)
 *   KRB_EXPECT_TEXT  a text the failure's message must contain
 *
 * Prints `gets: N`, and `first_us: T` / `rest_us: T` (the first Get, which carries the
 * connection, the handshake and the session's Identify, and all the others), read by the
 * measurement of tests/wsman_kerberos.rs (MI_BENCH_KERBEROS); nothing asserts on them.
 */
#include "testutil.h"

#include <mi.h>
#include "wsman_util.h"

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
    struct timespec t0, t1, t2;

    tu_watchdog(120);
    snprintf(dest, sizeof dest, "%s:%s", env("KRB_HOST", "localhost"), env("KRB_PORT", "0"));
    if (!CHECK_EQ_INT(MI_Application_Initialize(0, NULL, NULL, &app), MI_RESULT_OK))
        TEST_MAIN_END();
    MI_Application_NewDestinationOptions(&app, &d);
    memset(&creds, 0, sizeof creds);
    creds.authenticationType = auth;
    creds.credentials.usernamePassword.domain = getenv("KRB_DOMAIN");
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
    clock_gettime(CLOCK_MONOTONIC, &t0);
    t1 = t0;
    for (i = 0; i < count; i++) {
        const MI_Char *msg = NULL, *detail = NULL;
        int got = 0;
        MI_Result final = wsman_get_os(&app, &s, &msg, &detail, &got);
        if (final != expect || (expect == MI_RESULT_OK && !got) || (want_text && !strstr(msg, want_text))) {
            fprintf(stderr, "Get %ld: result %d, message: %s\n", i, (int)final, msg);
            CHECK_EQ_INT(final, expect);
            if (expect == MI_RESULT_OK)
                CHECK(got);
            if (want_text)
                CHECK(strstr(msg, want_text) != NULL);
            break;
        }
        if (i == 0 && *msg)
            printf("message: %s\n", msg);
        if (want_text && *detail) {
            /* The error details, when they carry a message, say the same. */
            printf("details: %s\n", detail);
            CHECK(strstr(detail, want_text) != NULL);
        }
        ok++;
        if (i == 0)
            clock_gettime(CLOCK_MONOTONIC, &t1);
    }
    clock_gettime(CLOCK_MONOTONIC, &t2);
    printf("first_us: %lld\nrest_us: %lld\n",
           (long long)(t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000,
           (long long)(t2.tv_sec - t1.tv_sec) * 1000000 + (t2.tv_nsec - t1.tv_nsec) / 1000);
    CHECK_EQ_INT(ok, count);
    printf("gets: %ld\n", ok);
    MI_Session_Close(&s, NULL, NULL);
    MI_Application_Close(&app);
    TEST_MAIN_END();
}
