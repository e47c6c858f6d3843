/*
 * wsman_fake.c - the WS-Management handler against tests/wsman_fake.rs's responder (port in
 * FAKE_PORT): one session per scenario, chosen by the URL prefix destination option.
 * WinRM-shaped results, a multi-page Pull, Cancel with Release, each fault's MI_Result,
 * chunked and UTF-16 bodies, 302, 401, a stalling server, a hang-up, hostile bodies and a
 * 100 MB body: each a clear result, no crash, no hang.
 */
#include "testutil.h"

#include <mi.h>
#include "wsman_util.h"
#include <pthread.h>

static MI_Application app = MI_APPLICATION_NULL;
static const char *port;

static MI_Session session(const char *scenario, MI_Uint32 timeout_s)
{
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    MI_Session s = MI_SESSION_NULL;
    MI_Interval iv;
    MI_Char dest[64];
    printf("-- session %s\n", scenario);
    snprintf(dest, sizeof dest, "127.0.0.1:%s", port);
    MI_Application_NewDestinationOptions(&app, &d);
    MI_DestinationOptions_SetHttpUrlPrefix(&d, scenario);
    if (timeout_s) {
        memset(&iv, 0, sizeof iv);
        iv.seconds = timeout_s;
        MI_DestinationOptions_SetTimeout(&d, &iv);
    }
    if (!CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, dest, &d, NULL, NULL, &s), MI_RESULT_OK))
        fprintf(stderr, "scenario %s: no session\n", scenario);
    MI_DestinationOptions_Delete(&d);
    return s;
}

static int drain(MI_Operation *op, MI_Result *final, const MI_Char **msg, MI_Instance **first)
{
    const MI_Instance *inst = NULL, *details = NULL;
    const MI_Char *m = NULL;
    MI_Boolean more = MI_TRUE;
    int n = 0;
    static MI_Char keep[512];
    *final = MI_RESULT_FAILED;
    if (first)
        *first = NULL;
    while (more && MI_Operation_GetInstance(op, &inst, &more, final, &m, &details) == MI_RESULT_OK) {
        if (inst) {
            if (n == 0 && first)
                MI_Instance_Clone(inst, first);
            n++;
        }
    }
    keep[0] = 0;
    if (m)
        snprintf(keep, sizeof keep, "%s", m);
    if (msg)
        *msg = keep;
    MI_Operation_Close(op);
    return n;
}

static MI_Instance *keyed(const MI_Char *cls, const MI_Char *key, const MI_Char *value)
{
    MI_Instance *i = NULL;
    MI_Value v;
    MI_Application_NewInstance(&app, cls, NULL, &i);
    v.string = (MI_Char *)value;
    MI_Instance_AddElement(i, key, &v, MI_STRING, MI_FLAG_KEY);
    return i;
}

/* The result of one Get on a scenario's session (the OS instance, where there is one). */
static MI_Result get_os(const char *scenario, MI_Uint32 timeout_s, const MI_Char **msg, MI_Instance **out)
{
    MI_Session s = session(scenario, timeout_s);
    MI_Operation op = MI_OPERATION_NULL;
    MI_Instance *k = keyed(MI_T("Win32_OperatingSystem"), MI_T("Name"), MI_T("x"));
    MI_Result final;
    MI_Session_GetInstance(&s, 0, NULL, MI_T("root/cimv2"), k, NULL, &op);
    drain(&op, &final, msg, out);
    MI_Instance_Delete(k);
    MI_Session_Close(&s, NULL, NULL);
    return final;
}

struct cancel_state {
    pthread_mutex_t m;
    pthread_cond_t c;
    int results, done;
    MI_Result final;
};

static void MI_CALL on_result(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more, MI_Result r,
                              const MI_Char *msg, const MI_Instance *details, MI_Result(MI_CALL *ack)(MI_Operation *))
{
    struct cancel_state *st = ctx;
    (void)msg, (void)details;
    pthread_mutex_lock(&st->m);
    if (inst)
        st->results++;
    if (inst && st->results == 1)
        MI_Operation_Cancel(op, MI_REASON_NONE); /* after the first result */
    if (!more) {
        st->done = 1;
        st->final = r;
    }
    pthread_cond_broadcast(&st->c);
    pthread_mutex_unlock(&st->m);
    if (ack)
        ack(op);
}

/* A client callback that blocks (session A) while another session (B) works. */
struct blocker {
    pthread_mutex_t m;
    pthread_cond_t c;
    int a_blocked, b_done, released_by_b, done;
};

static void MI_CALL on_blocking_result(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                                       MI_Result r, const MI_Char *msg, const MI_Instance *details,
                                       MI_Result(MI_CALL *ack)(MI_Operation *))
{
    struct blocker *b = ctx;
    (void)r, (void)msg, (void)details;
    pthread_mutex_lock(&b->m);
    if (inst && !b->a_blocked) {
        struct timespec until;
        b->a_blocked = 1;
        pthread_cond_broadcast(&b->c);
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 30; /* only a safety net: B's completion wakes us */
        while (!b->b_done && pthread_cond_timedwait(&b->c, &b->m, &until) == 0)
            ;
        b->released_by_b = b->b_done;
    }
    if (!more) {
        b->done = 1;
        pthread_cond_broadcast(&b->c);
    }
    pthread_mutex_unlock(&b->m);
    if (ack)
        ack(op);
}

static MI_Result get_os(const char *scenario, MI_Uint32 timeout_s, const MI_Char **msg, MI_Instance **out);

static void blocking_callback_does_not_stall_other_sessions(void)
{
    struct blocker b;
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    MI_Session a;
    MI_Operation op = MI_OPERATION_NULL;
    const MI_Char *msg = NULL;
    MI_Result r;
    SECTION("a client callback that blocks does not stall another session");
    memset(&b, 0, sizeof b);
    pthread_mutex_init(&b.m, NULL);
    pthread_cond_init(&b.c, NULL);
    a = session("winrm", 0);
    cb.callbackContext = &b;
    cb.instanceResult = on_blocking_result;
    MI_Session_EnumerateInstances(&a, 0, NULL, MI_T("root/cimv2"), MI_T("Win32_Service"), MI_FALSE, &cb, &op);
    pthread_mutex_lock(&b.m);
    while (!b.a_blocked)
        pthread_cond_wait(&b.c, &b.m);
    pthread_mutex_unlock(&b.m);
    /* A's callback now holds its delivery; B's request and response must still go. */
    r = get_os("winrm", 0, &msg, NULL);
    CHECK_EQ_INT(r, MI_RESULT_OK);
    pthread_mutex_lock(&b.m);
    b.b_done = 1;
    pthread_cond_broadcast(&b.c);
    while (!b.done)
        pthread_cond_wait(&b.c, &b.m);
    pthread_mutex_unlock(&b.m);
    CHECK(b.released_by_b); /* woken by B's completion, not by the 30 s safety net */
    MI_Operation_Close(&op);
    MI_Session_Close(&a, NULL, NULL);
}

/* More client callbacks that block at once than the handler has delivery workers (5), each
 * then making a synchronous call on a session of its own: the pool's stall watch adds
 * workers, so every callback and every inner call ends (before the watch, five of them
 * waited for ever). */
#define NESTED 7

struct nested {
    pthread_mutex_t m;
    pthread_cond_t c;
    int entered, inner_ok, done;
    MI_Session inner[NESTED];
};

struct nested_ctx {
    struct nested *n;
    int index;
};

static void MI_CALL on_nested_result(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                                     MI_Result r, const MI_Char *msg, const MI_Instance *details,
                                     MI_Result(MI_CALL *ack)(MI_Operation *))
{
    struct nested_ctx *x = ctx;
    struct nested *n = x->n;
    (void)r, (void)msg, (void)details;
    if (inst) {
        struct timespec until;
        MI_Operation inner = MI_OPERATION_NULL;
        MI_Instance *k = keyed(MI_T("Win32_OperatingSystem"), MI_T("Name"), MI_T("x"));
        const MI_Instance *got = NULL;
        MI_Boolean inner_more = MI_TRUE;
        MI_Result final = MI_RESULT_FAILED;
        pthread_mutex_lock(&n->m);
        n->entered++;
        pthread_cond_broadcast(&n->c);
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 60; /* only a safety net: the last callback to enter wakes us */
        while (n->entered < NESTED && pthread_cond_timedwait(&n->c, &n->m, &until) == 0)
            ;
        pthread_mutex_unlock(&n->m);
        /* Every callback holds a worker now; a synchronous Get needs one more. */
        MI_Session_GetInstance(&n->inner[x->index], 0, NULL, MI_T("root/cimv2"), k, NULL, &inner);
        while (inner_more && MI_Operation_GetInstance(&inner, &got, &inner_more, &final, NULL, NULL) == MI_RESULT_OK)
            ;
        MI_Operation_Close(&inner);
        MI_Instance_Delete(k);
        pthread_mutex_lock(&n->m);
        n->inner_ok += final == MI_RESULT_OK;
        pthread_mutex_unlock(&n->m);
    }
    if (!more) {
        pthread_mutex_lock(&n->m);
        n->done++;
        pthread_cond_broadcast(&n->c);
        pthread_mutex_unlock(&n->m);
    }
    if (ack)
        ack(op);
}

static void more_blocking_callbacks_than_workers(void)
{
    struct nested n;
    struct nested_ctx x[NESTED];
    MI_Session outer[NESTED];
    MI_Operation op[NESTED];
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    MI_Instance *k = keyed(MI_T("Win32_OperatingSystem"), MI_T("Name"), MI_T("x"));
    struct timespec until;
    int i;
    SECTION("7 client callbacks block at once (5 workers), each then a synchronous Get: all end");
    memset(&n, 0, sizeof n);
    pthread_mutex_init(&n.m, NULL);
    pthread_cond_init(&n.c, NULL);
    for (i = 0; i < NESTED; i++) {
        n.inner[i] = session("winrm", 0);
        outer[i] = session("winrm", 0);
        op[i] = (MI_Operation)MI_OPERATION_NULL;
        x[i].n = &n;
        x[i].index = i;
    }
    cb.instanceResult = on_nested_result;
    for (i = 0; i < NESTED; i++) {
        cb.callbackContext = &x[i];
        MI_Session_GetInstance(&outer[i], 0, NULL, MI_T("root/cimv2"), k, &cb, &op[i]);
    }
    pthread_mutex_lock(&n.m);
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 90; /* only a safety net (the watchdog is the next one) */
    while (n.done < NESTED && pthread_cond_timedwait(&n.c, &n.m, &until) == 0)
        ;
    pthread_mutex_unlock(&n.m);
    CHECK_EQ_INT(n.entered, NESTED);
    CHECK_EQ_INT(n.inner_ok, NESTED);
    CHECK_EQ_INT(n.done, NESTED);
    for (i = 0; i < NESTED; i++) {
        MI_Operation_Close(&op[i]);
        MI_Session_Close(&outer[i], NULL, NULL);
        MI_Session_Close(&n.inner[i], NULL, NULL);
    }
    MI_Instance_Delete(k);
}

int main(void)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_Instance *got = NULL;
    const MI_Char *msg = NULL;
    MI_Result final;
    int n;

    int threads_before;
    tu_watchdog(100);
    setvbuf(stdout, NULL, _IONBF, 0);
    threads_before = tu_thread_count();
    port = getenv("FAKE_PORT");
    if (!port) {
        fprintf(stderr, "wsman_fake: FAKE_PORT is not set (run by tests/wsman_fake.rs)\n");
        return 2;
    }
    if (!CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("wsman_fake"), NULL, &app), MI_RESULT_OK))
        return 1;

    SECTION("WinRM: Get with a WMI resource URI, properties as strings (no schema)");
    CHECK_EQ_INT(get_os("winrm", 0, &msg, &got), MI_RESULT_OK);
    CHECK(strcmp(string_of(got, MI_T("Caption")), "Microsoft Windows Server 2012 R2 Standard") == 0);
    CHECK(strcmp(string_of(got, MI_T("BuildNumber")), "9600") == 0);
    if (got)
        MI_Instance_Delete(got);

    SECTION("WinRM: Enumerate + three Pulls, each with the context the previous page gave");
    {
        MI_Session s = session("winrm", 0);
        const MI_Instance *inst = NULL;
        MI_Boolean more = MI_TRUE;
        const char *want[] = {"Spooler", "WinRM", "Alpha", "Beta", "Gamma", "Delta"};
        int i = 0, order_ok = 1;
        MI_Session_EnumerateInstances(&s, 0, NULL, MI_T("root/cimv2"), MI_T("Win32_Service"), MI_FALSE, NULL, &op);
        while (more && MI_Operation_GetInstance(&op, &inst, &more, &final, NULL, NULL) == MI_RESULT_OK) {
            if (inst) {
                order_ok &= i < 6 && strcmp(string_of(inst, MI_T("Name")), want[i]) == 0;
                i++;
            }
        }
        MI_Operation_Close(&op);
        CHECK_EQ_INT(final, MI_RESULT_OK);
        CHECK_EQ_INT(i, 6);
        CHECK(order_ok);

        SECTION("WinRM: Cancel after the first result: final FAILED, the context released");
        {
            struct cancel_state st;
            MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
            memset(&st, 0, sizeof st);
            pthread_mutex_init(&st.m, NULL);
            pthread_cond_init(&st.c, NULL);
            cb.callbackContext = &st;
            cb.instanceResult = on_result;
            MI_Session_EnumerateInstances(&s, 0, NULL, MI_T("root/cimv2"), MI_T("Win32_Service"), MI_FALSE, &cb, &op);
            pthread_mutex_lock(&st.m);
            while (!st.done)
                pthread_cond_wait(&st.c, &st.m);
            pthread_mutex_unlock(&st.m);
            MI_Operation_Close(&op);
            CHECK_EQ_INT(st.final, MI_RESULT_FAILED);
            CHECK(st.results >= 1 && st.results <= 2);
        }
        MI_Session_Close(&s, NULL, NULL);
    }

    blocking_callback_does_not_stall_other_sessions();
    more_blocking_callbacks_than_workers();

    SECTION("Subscribe (pull delivery): no events yet, then indications with the bookmark, Cancel");
    {
        MI_Session s = session("events", 0);
        const MI_Instance *ind = NULL, *details = NULL;
        const MI_Char *bookmark = NULL, *machine = NULL, *m = NULL;
        MI_Boolean more = MI_TRUE;
        int got_events = 0, with_bookmark = 0, named = 0;
        MI_Session_Subscribe(&s, 0, NULL, MI_T("root/cimv2"), MI_T("WQL"), MI_T("SELECT * FROM Win32_Service"), NULL,
                             NULL, &op);
        while (more && MI_Operation_GetIndication(&op, &ind, &bookmark, &machine, &more, &final, &m, &details) ==
                           MI_RESULT_OK) {
            if (!ind)
                continue;
            got_events++;
            with_bookmark += bookmark != NULL && bookmark[0] != 0;
            named += strcmp(string_of(ind, MI_T("Name")), "Gamma") == 0 && machine && strcmp(machine, "127.0.0.1") == 0;
            if (got_events == 2)
                MI_Operation_Cancel(&op, MI_REASON_NONE);
        }
        MI_Operation_Close(&op);
        CHECK_EQ_INT(got_events, 2);
        CHECK_EQ_INT(with_bookmark, 2);
        CHECK_EQ_INT(named, 2);
        CHECK_EQ_INT(final, MI_RESULT_FAILED); /* cancelled */
        MI_Session_Close(&s, NULL, NULL);
    }

    SECTION("faults: each subcode's MI_Result, the server's message, the error details");
    {
        static const struct {
            const char *name;
            MI_Result code;
        } faults[] = {
            {"fault_access_denied", MI_RESULT_ACCESS_DENIED},
            {"fault_invalid_selectors", MI_RESULT_NOT_FOUND},
            {"fault_already_exists", MI_RESULT_ALREADY_EXISTS},
            {"fault_action_not_supported", MI_RESULT_NOT_SUPPORTED},
            {"fault_unsupported_feature", MI_RESULT_NOT_SUPPORTED},
            {"fault_cannot_process_filter", MI_RESULT_INVALID_QUERY},
            {"fault_filter_dialect_unavailable", MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED},
            {"fault_invalid_enumeration_context", MI_RESULT_INVALID_ENUMERATION_CONTEXT},
            {"fault_encoding_limit", MI_RESULT_SERVER_LIMITS_EXCEEDED},
            {"fault_quota_limit", MI_RESULT_SERVER_LIMITS_EXCEEDED},
            {"fault_invalid_options", MI_RESULT_INVALID_PARAMETER},
            {"fault_schema_validation_error", MI_RESULT_INVALID_PARAMETER},
            {"fault_destination_unreachable", MI_RESULT_INVALID_CLASS},
            {"fault_destination_unreachable_namespace", MI_RESULT_INVALID_NAMESPACE},
            {"fault_omi_error", MI_RESULT_INVALID_CLASS},
            {"fault_cim_error", MI_RESULT_NO_SUCH_PROPERTY}, /* its CIMStatusCode (12) wins */
            {"fault_unknown_subcode", MI_RESULT_FAILED},
        };
        size_t i;
        for (i = 0; i < sizeof faults / sizeof faults[0]; i++) {
            MI_Result r = get_os(faults[i].name, 0, &msg, NULL);
            if (!CHECK_EQ_INT(r, faults[i].code))
                fprintf(stderr, "   (%s: %s)\n", faults[i].name, msg);
            CHECK(msg && msg[0] != 0);
        }
    }

    SECTION("a chunked response (with extensions and a trailer)");
    CHECK_EQ_INT(get_os("chunked", 0, &msg, &got), MI_RESULT_OK);
    CHECK(strcmp(string_of(got, MI_T("BuildNumber")), "9600") == 0);
    if (got)
        MI_Instance_Delete(got);

    SECTION("a UTF-16 response");
    final = get_os("utf16", 0, &msg, &got);
    if (!CHECK_EQ_INT(final, MI_RESULT_OK))
        fprintf(stderr, "   (%s)\n", msg);
    CHECK(strcmp(string_of(got, MI_T("CSName")), "WIN-AB12") == 0); /* decoded from UTF-16 */
    if (got)
        MI_Instance_Delete(got);

    SECTION("302: NOT_SUPPORTED naming the new location; 401: ACCESS_DENIED");
    CHECK_EQ_INT(get_os("redirect", 0, &msg, NULL), MI_RESULT_NOT_SUPPORTED);
    CHECK(strstr(msg, "elsewhere.example") != NULL);
    CHECK_EQ_INT(get_os("unauthorized", 0, &msg, NULL), MI_RESULT_ACCESS_DENIED);

    SECTION("a server that hangs up, one that stalls (timeout 1 s + 10 s), a 100 MB body");
    CHECK_EQ_INT(get_os("hangup", 0, &msg, NULL), MI_RESULT_FAILED);
    CHECK_EQ_INT(get_os("stall", 1, &msg, NULL), MI_RESULT_FAILED);
    final = get_os("huge", 0, &msg, NULL);
    CHECK(final == MI_RESULT_SERVER_LIMITS_EXCEEDED || final == MI_RESULT_FAILED);

    SECTION("hostile bodies: a clear failure each");
    {
        static const char *hostile[] = {
            "hostile_attr_entity",     "hostile_billion_laughs",  "hostile_deep_10000",
            "hostile_empty",           "hostile_external_entity", "hostile_invalid_utf8",   "hostile_malformed",
            "hostile_not_soap",        "hostile_truncated",       "hostile_two_roots",      "hostile_unbound_prefix",
            "hostile_undeclared_entity",
        };
        size_t i;
        for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
            MI_Result r = get_os(hostile[i], 0, &msg, &got);
            if (!CHECK(r != MI_RESULT_OK && got == NULL))
                fprintf(stderr, "   (%s)\n", hostile[i]);
            if (got)
                MI_Instance_Delete(got);
        }
    }

    n = 0;
    (void)n;
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    SECTION("after Close no library thread is left (the transport's and the handler's joined)");
    CHECK_EQ_INT(tu_thread_count(), threads_before);
    TEST_MAIN_END();
}
