/*
 * wsman_ntlm.c - Negotiate/NTLM through the MI API against a real NTLM acceptor (pyspnego,
 * in tests/python/ntlm_responder.py, started by tests/wsman_ntlm.rs): the 401 handshake,
 * every message sealed over HTTP (MS-WSMV multipart/encrypted), many sealed round trips on
 * one session, channel binding over HTTPS, and each failure a clear MI_RESULT_ACCESS_DENIED
 * with its reason.
 *
 * Environment: NTLM_PORT (HTTP), NTLM_HTTPS_PORT and NTLM_CA_DIR (HTTPS, optional),
 * NTLM_USER, NTLM_DOMAIN, NTLM_PASSWORD, NTLM_ROUNDS (sealed Gets on one session), NTLM_STALL
 * (set: also the stalled handshake, ~12 s).
 */
#include "testutil.h"

#include <mi.h>
#include "wsman_util.h"

static MI_Application app = MI_APPLICATION_NULL;

static const char *env(const char *name)
{
    const char *v = getenv(name);
    if (!v) {
        fprintf(stderr, "wsman_ntlm: %s is not set (run by tests/wsman_ntlm.rs)\n", name);
        exit(2);
    }
    return v;
}

struct target {
    int https;
    const char *path;          /* the scenario (URL prefix) */
    const MI_Char *auth_name;  /* MI_AUTH_TYPE_* */
    const char *user, *domain, *password;
    int packet_privacy;
    MI_Uint32 timeout_s; /* 0: 20 s */
};

static MI_Result open_session(const struct target *t, MI_Session *s, const MI_Char **why)
{
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    MI_UserCredentials c;
    MI_Instance *ext = NULL;
    MI_Interval iv;
    MI_Result r;
    static MI_Char keep[512];
    keep[0] = 0;
    if (why)
        *why = keep;
    memset(&c, 0, sizeof c);
    memset(&iv, 0, sizeof iv);
    iv.seconds = t->timeout_s ? t->timeout_s : 20;
    if ((r = MI_Application_NewDestinationOptions(&app, &d)) != MI_RESULT_OK)
        return r;
    MI_DestinationOptions_SetTransport(&d, t->https ? MI_DESTINATIONOPTIONS_TRANSPORT_HTTPS
                                                    : MI_DESTINATIONOPTIONS_TRANSPORT_HTTP);
    MI_DestinationOptions_SetDestinationPort(&d, (MI_Uint32)atoi(env(t->https ? "NTLM_HTTPS_PORT" : "NTLM_PORT")));
    MI_DestinationOptions_SetHttpUrlPrefix(&d, t->path);
    MI_DestinationOptions_SetTimeout(&d, &iv);
    if (t->https)
        MI_DestinationOptions_SetTrustedCertsDir(&d, env("NTLM_CA_DIR"));
    if (t->packet_privacy)
        MI_DestinationOptions_SetPacketPrivacy(&d, MI_TRUE);
    c.authenticationType = t->auth_name;
    c.credentials.usernamePassword.domain = t->domain;
    c.credentials.usernamePassword.username = t->user;
    c.credentials.usernamePassword.password = t->password;
    MI_DestinationOptions_AddDestinationCredentials(&d, &c);
    r = MI_Application_NewSession(&app, NULL, "localhost", &d, NULL, &ext, s);
    MI_DestinationOptions_Delete(&d);
    if (ext) {
        MI_Value v;
        MI_Type ty;
        if (MI_Instance_GetElement(ext, MI_T("Message"), &v, &ty, NULL, NULL) == MI_RESULT_OK && ty == MI_STRING && v.string)
            snprintf(keep, sizeof keep, "%s", v.string);
        MI_Instance_Delete(ext);
    }
    return r;
}

/* One GetInstance of Win32_OperatingSystem: the final result, its message kept in *msg and
 * whether the instance came with the fixture's Caption. */
static MI_Result get_os(MI_Session *s, const MI_Char **msg, int *caption_ok)
{
    return wsman_get_os(&app, s, msg, NULL, caption_ok);
}

/* A session, `rounds` Gets; returns how many succeeded with the expected instance. The
 * last failure's result and message are kept. */
static int run(const struct target *t, int rounds, MI_Result *last, const MI_Char **msg)
{
    MI_Session s = MI_SESSION_NULL;
    const MI_Char *why = NULL;
    int ok = 0, i, caption;
    printf("-- session %s\n", t->path);
    *last = open_session(t, &s, &why);
    *msg = why;
    if (*last != MI_RESULT_OK) {
        fprintf(stderr, "  %s: no session; result %d: %s\n", t->path, (int)*last, why ? why : "");
        return 0;
    }
    for (i = 0; i < rounds; i++) {
        MI_Result r = get_os(&s, msg, &caption);
        if (r == MI_RESULT_OK && caption)
            ok++;
        else
            *last = r;
        if (r != MI_RESULT_OK && i > 2)
            break; /* the failure cases: a few tries are enough */
    }
    MI_Session_Close(&s, NULL, NULL);
    if (ok < rounds)
        fprintf(stderr, "  %s: %d of %d; result %d: %s\n", t->path, ok, rounds, (int)*last, *msg ? *msg : "");
    return ok;
}

static int contains(const MI_Char *text, const char *part)
{
    int found = text && strstr(text, part) != NULL;
    if (!found)
        fprintf(stderr, "  message %s\"%s\" lacks \"%s\"\n", text ? "" : "(null) ", text ? text : "", part);
    return found;
}

/* One case: a session to a scenario, `rounds` Gets, and what must come of them. */
struct case_ {
    const char *title;
    struct target t;
    int rounds;
    MI_Result want;          /* MI_RESULT_OK: every round succeeds */
    const char *reason[2];   /* parts of the failure message */
    int only;                /* 0 always, 1 with NTLM_STALL, 2 with HTTPS */
};

int main(void)
{
    const char *user = env("NTLM_USER"), *domain = env("NTLM_DOMAIN"), *pw = env("NTLM_PASSWORD");
    int rounds = atoi(env("NTLM_ROUNDS"));
    int https = getenv("NTLM_HTTPS_PORT") != NULL, stall = getenv("NTLM_STALL") != NULL;
    const MI_Char *msg = NULL;
    MI_Result last = MI_RESULT_OK;
    char qualified[256];
    size_t i;
    const MI_Char *NEGO = MI_AUTH_TYPE_NEGO_WITH_CREDS;

    tu_watchdog(240);
    setvbuf(stdout, NULL, _IONBF, 0);
    snprintf(qualified, sizeof qualified, "%s\\%s", domain, user);
    {
        const struct case_ cases[] = {
            {"HTTP, NegoWithCreds: many sealed GetInstance round trips on one session",
             {0, "ntlm-many", NEGO, user, domain, pw, 0, 0}, rounds, MI_RESULT_OK, {0, 0}, 0},
            {"HTTP, DOMAIN\\user in the user name, no domain; pyspnego's Negotiate acceptor",
             {0, "negotiate-qualified", NEGO, qualified, NULL, pw, 0, 0}, 3, MI_RESULT_OK, {0, 0}, 0},
            {"HTTP, Ntlmdomain (MI_AUTH_TYPE_NTLM) with packet privacy asked for",
             {0, "ntlm-privacy", MI_AUTH_TYPE_NTLM, user, domain, pw, 1, 0}, 3, MI_RESULT_OK, {0, 0}, 0},
            {"HTTP: the server closes the connection every third answer: each new one re-authenticates",
             {0, "close3-reauth", NEGO, user, domain, pw, 0, 0}, 10, MI_RESULT_OK, {0, 0}, 0},
            {"HTTP: a wrong password is ACCESS_DENIED, the reason in the message",
             {0, "ntlm-wrongpw", NEGO, user, domain, "not-the-password", 0, 0}, 1, MI_RESULT_ACCESS_DENIED,
             {"refused the credentials", 0}, 0},
            {"HTTP: a server that offers only Basic: ACCESS_DENIED naming what it offers",
             {0, "basiconly", NEGO, user, domain, pw, 0, 0}, 1, MI_RESULT_ACCESS_DENIED,
             {"does not accept Negotiate", "Basic"}, 0},
            {"HTTP: a tampered sealed answer fails its integrity check",
             {0, "tamper", NEGO, user, domain, pw, 0, 0}, 1, MI_RESULT_ACCESS_DENIED,
             {"message protection failed", "failed its check"}, 0},
            {"HTTP: an unsealed answer on a sealed connection is refused",
             {0, "plain", NEGO, user, domain, pw, 0, 0}, 1, MI_RESULT_ACCESS_DENIED, {"not sealed", 0}, 0},
            {"HTTP: a server that stalls in the middle of the handshake: the request times out "
             "(the operation timeout plus the transport's grace)",
             {0, "stallauth", NEGO, user, domain, pw, 0, 1}, 1, MI_RESULT_FAILED, {"no complete response", 0}, 1},
            {"NewSession: an auth type no server takes (Digest): NOT_SUPPORTED, the reason in the extended error",
             {0, "ntlm-digest", MI_AUTH_TYPE_DIGEST, user, domain, pw, 0, 0}, 1, MI_RESULT_NOT_SUPPORTED,
             {"\"Digest\"", "not a scheme"}, 0},
            {"NewSession: NTLM without a user name: INVALID_PARAMETER, the reason in the extended error",
             {0, "ntlm-nouser", NEGO, "", domain, pw, 0, 0}, 1, MI_RESULT_INVALID_PARAMETER,
             {"without a user name", 0}, 0},
            {"HTTPS: channel binding (tls-server-end-point) the acceptor checks",
             {1, "ntlm-cbt", NEGO, user, domain, pw, 0, 0}, 5, MI_RESULT_OK, {0, 0}, 2},
            {"HTTPS: an acceptor that wants no binding still accepts ours",
             {1, "nocbt", NEGO, user, domain, pw, 0, 0}, 2, MI_RESULT_OK, {0, 0}, 2},
            {"HTTPS: a mismatched channel binding is ACCESS_DENIED",
             {1, "cbtwrong", NEGO, user, domain, pw, 0, 0}, 1, MI_RESULT_ACCESS_DENIED,
             {"refused the credentials", 0}, 2},
        };
        if (!CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("wsman_ntlm"), NULL, &app), MI_RESULT_OK))
            return 1;
        for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            const struct case_ *c = &cases[i];
            int n;
            if ((c->only == 1 && !stall) || (c->only == 2 && !https))
                continue;
            SECTION(c->title);
            n = run(&c->t, c->rounds, &last, &msg);
            if (c->want == MI_RESULT_OK) {
                CHECK_EQ_INT(n, c->rounds);
            } else {
                CHECK_EQ_INT(n, 0);
                CHECK_EQ_INT(last, c->want);
                if (c->reason[0])
                    CHECK(contains(msg, c->reason[0]));
                if (c->reason[1])
                    CHECK(contains(msg, c->reason[1]));
            }
        }
    }
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    TEST_MAIN_END();
}
