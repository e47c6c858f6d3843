/*
 * wsman_credssp.c - CredSSP through the MI API against a real CredSSP acceptor (pyspnego,
 * in tests/python/credssp_responder.py, started by tests/wsman_credssp.rs): TLS 1.2 in the
 * 401 tokens, NTLM inside it, the password delegated, then every message sealed by that
 * TLS session (multi-part bodies over 16 KiB); each failure a clear MI_RESULT_ACCESS_DENIED
 * with its reason.
 *
 * Environment: CREDSSP_PORT, CREDSSP_HTTPS_PORT and CREDSSP_CA_DIR, CREDSSP_USER, CREDSSP_DOMAIN, CREDSSP_PASSWORD, CREDSSP_ROUNDS
 * (sealed Gets on one session).
 */
#include "testutil.h"

#include <mi.h>
#include "wsman_util.h"

static MI_Application app = MI_APPLICATION_NULL;

static const char *need(const char *name)
{
    const char *v = getenv(name);
    if (!v) {
        fprintf(stderr, "wsman_credssp: %s is not set (run by tests/wsman_credssp.rs)\n", name);
        exit(2);
    }
    return v;
}

/* The session's reason for failing, from its extended error. */
static MI_Char reason[512];

static MI_Result connect_to(int https, const char *path, const char *user, const char *domain, const char *password,
                            MI_Session *s)
{
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    MI_UserCredentials c;
    MI_Instance *ext = NULL;
    MI_Interval timeout;
    MI_Result r;
    reason[0] = 0;
    memset(&c, 0, sizeof c);
    memset(&timeout, 0, sizeof timeout);
    timeout.seconds = 20;
    if ((r = MI_Application_NewDestinationOptions(&app, &d)) != MI_RESULT_OK)
        return r;
    MI_DestinationOptions_SetTransport(&d, https ? MI_DESTINATIONOPTIONS_TRANSPORT_HTTPS
                                                 : MI_DESTINATIONOPTIONS_TRANSPORT_HTTP);
    MI_DestinationOptions_SetDestinationPort(&d, (MI_Uint32)atoi(need(https ? "CREDSSP_HTTPS_PORT" : "CREDSSP_PORT")));
    if (https)
        MI_DestinationOptions_SetTrustedCertsDir(&d, need("CREDSSP_CA_DIR"));
    MI_DestinationOptions_SetHttpUrlPrefix(&d, path);
    MI_DestinationOptions_SetTimeout(&d, &timeout);
    c.authenticationType = MI_AUTH_TYPE_CREDSSP;
    c.credentials.usernamePassword.username = user;
    c.credentials.usernamePassword.domain = domain;
    c.credentials.usernamePassword.password = password;
    MI_DestinationOptions_AddDestinationCredentials(&d, &c);
    r = MI_Application_NewSession(&app, NULL, "localhost", &d, NULL, &ext, s);
    MI_DestinationOptions_Delete(&d);
    if (ext) {
        MI_Value v;
        MI_Type t;
        if (MI_Instance_GetElement(ext, MI_T("Message"), &v, &t, NULL, NULL) == MI_RESULT_OK && t == MI_STRING &&
            v.string)
            snprintf(reason, sizeof reason, "%s", v.string);
        MI_Instance_Delete(ext);
    }
    return r;
}

/* GetInstance of Win32_OperatingSystem with a key of `key_len` characters: the result
 * (its message into `reason`); *ok when the fixture's instance came. */
static MI_Result get(MI_Session *s, size_t key_len, int *ok)
{
    const MI_Char *m = NULL;
    MI_Result final;
    char *name = malloc(key_len + 1);
    if (!name)
        return MI_RESULT_FAILED;
    memset(name, 'k', key_len);
    name[key_len] = 0;
    final = wsman_get_os_named(&app, s, name, &m, NULL, ok);
    if (final != MI_RESULT_OK)
        snprintf(reason, sizeof reason, "%s", m ? m : "");
    free(name);
    return final;
}

struct case_ {
    int https;
    const char *title, *path, *user, *domain, *password;
    int rounds;
    size_t key_len;
    MI_Result want;
    const char *why[2]; /* parts of the failure message */
};

static int has(const char *part)
{
    if (part && !strstr(reason, part)) {
        fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", reason, part);
        return 0;
    }
    return 1;
}

int main(void)
{
    const char *user = need("CREDSSP_USER"), *domain = need("CREDSSP_DOMAIN"), *pw = need("CREDSSP_PASSWORD");
    int rounds = atoi(need("CREDSSP_ROUNDS"));
    char qualified[256];
    size_t i;
    tu_watchdog(240);
    setvbuf(stdout, NULL, _IONBF, 0);
    snprintf(qualified, sizeof qualified, "%s\\%s", domain, user);
    {
        const struct case_ cases[] = {
            {0, "CredSSP: many sealed GetInstance round trips on one session, the password delegated",
             "credssp-many", user, domain, pw, rounds, 1, MI_RESULT_OK, {0, 0}},
            {0, "CredSSP: DOMAIN\\user in the user name, no domain", "credssp-qualified", qualified, NULL, pw, 3, 1,
             MI_RESULT_OK, {0, 0}},
            {0, "CredSSP: requests of 40 KiB go as three sealed parts", "credssp-big", user, domain, pw, 3, 40000,
             MI_RESULT_OK, {0, 0}},
            {0, "CredSSP: a wrong password is ACCESS_DENIED, the reason in the message", "credssp-wrongpw", user,
             domain, "not-the-password", 1, 1, MI_RESULT_ACCESS_DENIED, {"refused the credentials", "0x8009030C"}},
            {0, "CredSSP: a server that does not offer CredSSP: ACCESS_DENIED naming what it offers", "basiconly",
             user, domain, pw, 1, 1, MI_RESULT_ACCESS_DENIED, {"does not accept CredSSP", "Basic"}},
            {0, "CredSSP: a server whose TLS fails: ACCESS_DENIED with the TLS reason", "badtls", user, domain, pw, 1,
             1, MI_RESULT_ACCESS_DENIED, {"TLS handshake failed", "HandshakeFailure"}},
            {0, "CredSSP: a tampered sealed answer fails its check", "tamper", user, domain, pw, 1, 1,
             MI_RESULT_ACCESS_DENIED, {"message protection failed", "failed its check"}},
            {0, "CredSSP: an unsealed answer on a sealed connection is refused", "plain", user, domain, pw, 1, 1,
             MI_RESULT_ACCESS_DENIED, {"not sealed", 0}},
            {1, "CredSSP over HTTPS: the same handshake inside the outer TLS, messages unsealed",
             "credssp-https", user, domain, pw, 3, 1, MI_RESULT_OK, {0, 0}},
            {0, "CredSSP: no user name is INVALID_PARAMETER at NewSession (the reason goes to the log)",
             "credssp-nouser", "", domain, pw, 1, 1, MI_RESULT_INVALID_PARAMETER, {0, 0}},
        };
        if (!CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("wsman_credssp"), NULL, &app), MI_RESULT_OK))
            return 1;
        for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            const struct case_ *c = &cases[i];
            MI_Session s = MI_SESSION_NULL;
            MI_Result r, last = MI_RESULT_OK;
            int n = 0, k, ok;
            SECTION(c->title);
            r = connect_to(c->https, c->path, c->user, c->domain, c->password, &s);
            if (r != MI_RESULT_OK) {
                last = r;
            } else {
                for (k = 0; k < c->rounds; k++) {
                    r = get(&s, c->key_len, &ok);
                    if (r == MI_RESULT_OK && ok)
                        n++;
                    else
                        last = r;
                }
                MI_Session_Close(&s, NULL, NULL);
            }
            if (c->want == MI_RESULT_OK) {
                if (!CHECK_EQ_INT(n, c->rounds))
                    fprintf(stderr, "  %s: result %d: %s\n", c->path, (int)last, reason);
            } else {
                printf("  result %d: %s\n", (int)last, reason);
                CHECK_EQ_INT(n, 0);
                CHECK_EQ_INT(last, c->want);
                CHECK(has(c->why[0]));
                CHECK(has(c->why[1]));
            }
        }
    }
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    TEST_MAIN_END();
}
