/*
 * lifecycle_embedded.c - sessions, operations and the Close contract (docs/SPEC.md §3-§5)
 * on the built-in embedded handler (the default local handler: no configuration file,
 * no server: the provider host), which, with no provider registered (tests/c_programs.rs
 * gives it an empty registration folder), completes every operation inline with
 * MI_RESULT_INVALID_NAMESPACE.
 *
 * A plain client of the public API. The watchdog turns a deadlock into a failure.
 */
#include "testutil.h"

#include <mi.h>

#include <pthread.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static MI_Application new_app(void)
{
    MI_Application app = MI_APPLICATION_NULL;
    CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("lifecycle"), NULL, &app), MI_RESULT_OK);
    return app;
}

static MI_Session new_session(MI_Application *app)
{
    MI_Session s = MI_SESSION_NULL;
    CHECK_EQ_INT(app->ft->NewSession(app, NULL, NULL, NULL, NULL, NULL, &s), MI_RESULT_OK);
    return s;
}

/* ---- what the result callback records ----------------------------------------------- */

struct record {
    int results;          /* callbacks received */
    int finals;           /* of which moreResults == MI_FALSE */
    MI_Result last_code;
    int op_was_null;
    MI_Result close_in_final;     /* MI_Operation_Close from inside the final callback */
    MI_Result app_close_in_cb;    /* MI_Application_Close from inside the callback */
    MI_Result session_close_sync_in_cb;
    MI_Result session_close_async_in_cb;
    MI_Result get_session_in_cb;
    MI_Session session_in_cb;
    int close_op_in_final;
    int try_app_close;
    int try_session_close;
    MI_Application *app;
    MI_Session *session;
    int completions; /* async session close completions */
};

static void MI_CALL on_session_closed(void *ctx)
{
    ((struct record *)ctx)->completions++;
}

static void MI_CALL on_result(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                              MI_Result code, const MI_Char *err, const MI_Instance *details,
                              MI_Result(MI_CALL *ack)(MI_Operation *))
{
    struct record *r = ctx;
    (void)inst;
    (void)err;
    (void)details;
    (void)ack;
    r->results++;
    r->last_code = code;
    r->op_was_null = op == NULL;
    if (op)
        r->get_session_in_cb = op->ft->GetSession(op, &r->session_in_cb);
    if (r->try_app_close)
        r->app_close_in_cb = MI_Application_Close(r->app);
    if (r->try_session_close) {
        r->session_close_sync_in_cb = MI_Session_Close(r->session, NULL, NULL);
        r->session_close_async_in_cb = MI_Session_Close(r->session, r, on_session_closed);
    }
    if (!more) {
        r->finals++;
        if (r->close_op_in_final && op)
            r->close_in_final = MI_Operation_Close(op);
    }
}

static MI_OperationCallbacks callbacks_for(struct record *r)
{
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = r;
    cb.instanceResult = on_result;
    return cb;
}

/* ---- sections ------------------------------------------------------------------------ */

static void handler_choice(void)
{
    MI_Application app = new_app();
    MI_Session s = MI_SESSION_NULL;
    SECTION("handler choice");
    CHECK_EQ_INT(app.ft->NewSession(&app, MI_T("NoSuchHandler"), NULL, NULL, NULL, NULL, &s),
                 MI_RESULT_NOT_FOUND);
    CHECK(s.ft != NULL); /* closable */
    CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    /* A destination with no remote handler configured: the built-in WS-Management handler
     * (no connection is made before an operation needs one). */
    CHECK_EQ_INT(app.ft->NewSession(&app, NULL, MI_T("somehost"), NULL, NULL, NULL, &s), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    /* The built-in handler by name. */
    CHECK_EQ_INT(app.ft->NewSession(&app, MI_T("MI_EMBEDDED"), NULL, NULL, NULL, NULL, &s), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, NULL, NULL, NULL, NULL, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, NULL, NULL, NULL, NULL, &s),
                 MI_RESULT_INVALID_PARAMETER);
}

static void session_basics(void)
{
    MI_Application app = new_app();
    MI_Session s = new_session(&app);
    MI_Session copy = s;
    MI_Application back = MI_APPLICATION_NULL;
    SECTION("session basics");
    CHECK_EQ_INT(s.ft->GetApplication(&s, &back), MI_RESULT_OK);
    CHECK(back.reserved1 == app.reserved1 && back.reserved2 == app.reserved2);
    CHECK(back.ft == app.ft);
    CHECK_EQ_INT(MI_Session_GetApplication(&s, NULL), MI_RESULT_INVALID_PARAMETER);
    /* A session handle is not an application handle, and the other way round. */
    CHECK_EQ_INT(app.ft->Close((MI_Application *)&s), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(s.ft->Close((MI_Session *)&app, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Session_Close(&copy, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Session_GetApplication(&copy, &back), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

static void async_operation(void)
{
    MI_Application app = new_app();
    MI_Session s = new_session(&app);
    struct record r = {0};
    MI_OperationCallbacks cb = callbacks_for(&r);
    MI_Operation op = MI_OPERATION_NULL;
    SECTION("asynchronous operation: exactly one final, close inside it");
    r.close_op_in_final = 1;
    s.ft->EnumerateInstances(&s, 0, NULL, MI_T("root/x"), MI_T("X"), MI_FALSE, &cb, &op);
    CHECK_EQ_INT(r.results, 1);
    CHECK_EQ_INT(r.finals, 1);
    CHECK_EQ_INT(r.last_code, MI_RESULT_INVALID_NAMESPACE);
    CHECK(!r.op_was_null);
    CHECK_EQ_INT(r.close_in_final, MI_RESULT_OK);
    CHECK_EQ_INT(r.get_session_in_cb, MI_RESULT_OK);
    CHECK(r.session_in_cb.reserved1 == s.reserved1 && r.session_in_cb.reserved2 == s.reserved2);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_INVALID_PARAMETER); /* closed inside */

    /* Every result kind, through the table and through the exports. */
    {
        struct record r2 = {0};
        MI_OperationCallbacks cb2 = MI_OPERATIONCALLBACKS_NULL;
        cb2.callbackContext = &r2;
        cb2.instanceResult = on_result;
        MI_Session_GetInstance(&s, 0, NULL, MI_T("ns"), NULL, &cb2, &op);
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
        MI_Session_TestConnection(&s, 0, &cb2, &op);
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
        MI_Session_Invoke(&s, 0, NULL, MI_T("ns"), MI_T("C"), MI_T("M"), NULL, NULL, &cb2, &op);
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
        CHECK_EQ_INT(r2.finals, 3);
        CHECK_EQ_INT(r2.last_code, MI_RESULT_INVALID_NAMESPACE);
    }
    /* Unknown flags: one final result with INVALID_PARAMETER. */
    {
        struct record r3 = {0};
        MI_OperationCallbacks cb3 = callbacks_for(&r3);
        s.ft->EnumerateInstances(&s, 0x80000000u, NULL, MI_T("ns"), MI_T("X"), MI_FALSE, &cb3, &op);
        CHECK_EQ_INT(r3.finals, 1);
        CHECK_EQ_INT(r3.last_code, MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(op.ft->Close(&op), MI_RESULT_OK); /* a real operation, already ended */
        CHECK_EQ_INT(op.ft->Close(&op), MI_RESULT_INVALID_PARAMETER); /* and now stale */
    }
    /* The same refusal for a synchronous client: the one result is pulled like any other. */
    {
        const MI_Instance *inst = (const MI_Instance *)&op; /* overwritten */
        MI_Boolean more = MI_TRUE;
        MI_Result code = MI_RESULT_OK;
        s.ft->EnumerateInstances(&s, 0x80000000u, NULL, MI_T("ns"), MI_T("X"), MI_FALSE, NULL, &op);
        CHECK_EQ_INT(MI_Operation_GetInstance(&op, &inst, &more, &code, NULL, NULL), MI_RESULT_OK);
        CHECK_EQ_INT(code, MI_RESULT_INVALID_PARAMETER);
        CHECK(inst == NULL);
        CHECK(more == MI_FALSE);
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    }
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

static void sync_operation(void)
{
    MI_Application app = new_app();
    MI_Session s = new_session(&app);
    MI_Operation op = MI_OPERATION_NULL, copy;
    const MI_Instance *inst = (const MI_Instance *)1;
    MI_Boolean more = MI_TRUE;
    MI_Result res = MI_RESULT_OK;
    const MI_Char *msg = NULL;
    const MI_Instance *details = NULL;
    const MI_Class *cls = NULL;
    SECTION("synchronous operation: pull, wrong getter, close");
    s.ft->EnumerateInstances(&s, 0, NULL, MI_T("ns"), MI_T("X"), MI_FALSE, NULL, &op);
    copy = op;
    /* The wrong getter for this kind is refused and ends the caller's loop. */
    CHECK_EQ_INT(op.ft->GetClass(&op, &cls, &more, &res, &msg, &details), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(more, MI_FALSE);
    more = MI_TRUE;
    CHECK_EQ_INT(op.ft->GetInstance(&op, &inst, &more, &res, &msg, &details), MI_RESULT_OK);
    CHECK_EQ_INT(more, MI_FALSE);
    CHECK_EQ_INT(res, MI_RESULT_INVALID_NAMESPACE);
    CHECK(inst == NULL);
    /* Past the final result: an error, still with moreResults = MI_FALSE. */
    more = MI_TRUE;
    CHECK_EQ_INT(MI_Operation_GetInstance(&op, &inst, &more, &res, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(more, MI_FALSE);
    CHECK_EQ_INT(MI_Operation_Cancel(&op, MI_REASON_NONE), MI_RESULT_OK); /* idempotent, harmless */
    CHECK_EQ_INT(MI_Operation_Cancel(&op, 99), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Operation_Close(&copy), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Operation_Cancel(&copy, MI_REASON_NONE), MI_RESULT_INVALID_PARAMETER);
    more = MI_TRUE;
    CHECK_EQ_INT(MI_Operation_GetInstance(&copy, &inst, &more, &res, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(more, MI_FALSE);

    /* Closing a synchronous operation before pulling anything drains it inside the library. */
    s.ft->Subscribe(&s, 0, NULL, MI_T("ns"), MI_T("WQL"), MI_T("select"), NULL, NULL, &op);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    s.ft->GetClass(&s, 0, NULL, MI_T("ns"), MI_T("X"), NULL, &op);
    more = MI_TRUE;
    CHECK_EQ_INT(MI_Operation_GetClass(&op, &cls, &more, &res, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(res, MI_RESULT_INVALID_NAMESPACE);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

static void close_from_callbacks(void)
{
    MI_Application app = new_app();
    MI_Session s = new_session(&app);
    struct record r = {0};
    MI_OperationCallbacks cb = callbacks_for(&r);
    MI_Operation op = MI_OPERATION_NULL;
    MI_Session s2;
    SECTION("closes from inside callbacks: refused instead of a deadlock");
    r.app = &app;
    r.session = &s;
    r.try_app_close = 1;
    r.try_session_close = 1;
    r.close_op_in_final = 1;
    s.ft->EnumerateInstances(&s, 0, NULL, MI_T("ns"), MI_T("X"), MI_FALSE, &cb, &op);
    CHECK_EQ_INT(r.finals, 1);
    CHECK_EQ_INT(r.app_close_in_cb, MI_RESULT_FAILED);
    CHECK_EQ_INT(r.session_close_sync_in_cb, MI_RESULT_FAILED);
    CHECK_EQ_INT(r.session_close_async_in_cb, MI_RESULT_OK);
    CHECK_EQ_INT(r.close_in_final, MI_RESULT_OK);
    /* The async close completed exactly once, after the operation was closed. */
    CHECK_EQ_INT(r.completions, 1);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    /* The application is still fully usable after the refused Close. */
    s2 = new_session(&app);
    CHECK_EQ_INT(MI_Session_Close(&s2, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    CHECK_EQ_INT(r.completions, 1);
}

struct delayed_close {
    MI_Session session;
    double closed_at;
    MI_Result result;
};

static void *close_session_later(void *arg)
{
    struct delayed_close *d = arg;
    tu_sleep_ms(300);
    d->closed_at = now_ms();
    d->result = MI_Session_Close(&d->session, NULL, NULL);
    return NULL;
}

static void app_close_waits_for_sessions(void)
{
    MI_Application app = new_app();
    struct delayed_close d = {0};
    pthread_t t;
    double returned_at;
    SECTION("application Close waits until the client closes its sessions");
    d.session = new_session(&app);
    CHECK_EQ_INT(pthread_create(&t, NULL, close_session_later, &d), 0);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    returned_at = now_ms();
    pthread_join(t, NULL);
    CHECK_EQ_INT(d.result, MI_RESULT_OK);
    CHECK(returned_at >= d.closed_at);
    /* Sessions of a closed application are gone. */
    CHECK_EQ_INT(MI_Session_Close(&d.session, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
}

static int fallback_calls;
static MI_Result fallback_code;
static int fallback_op_null;

static void MI_CALL on_fallback(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                                MI_Result code, const MI_Char *err, const MI_Instance *details,
                                MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)ctx; (void)inst; (void)more; (void)err; (void)details; (void)ack;
    fallback_calls++;
    fallback_code = code;
    fallback_op_null = op == NULL;
}

static void MI_CALL count_completion(void *ctx)
{
    (*(int *)ctx)++;
}

static void wrapper_fallbacks(void)
{
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    MI_Operation op = {1, 2, NULL};
    MI_Session zero = MI_SESSION_NULL;
    MI_Application app = {7, 7, NULL};
    MI_Boolean more = MI_TRUE;
    MI_Result res = MI_RESULT_OK;
    int completions = 0;
    SECTION("exported wrappers: the reference fallbacks for NULL handles");
    cb.instanceResult = on_fallback;
    MI_Session_EnumerateInstances(NULL, 0, NULL, MI_T("ns"), MI_T("X"), MI_FALSE, &cb, &op);
    CHECK_EQ_INT(fallback_calls, 1);
    CHECK_EQ_INT(fallback_code, MI_RESULT_INVALID_PARAMETER);
    CHECK(fallback_op_null);
    CHECK(op.reserved1 == 0 && op.reserved2 == 0 && op.ft == NULL);
    /* The slot itself on a zeroed handle: same single final result, a closable handle. */
    zero.ft = mi_clientFT_V1->sessionFT;
    zero.ft->EnumerateInstances(&zero, 0, NULL, MI_T("ns"), MI_T("X"), MI_FALSE, &cb, &op);
    CHECK_EQ_INT(fallback_calls, 2);
    CHECK_EQ_INT(fallback_code, MI_RESULT_INVALID_PARAMETER);
    CHECK(op.ft != NULL);
    CHECK_EQ_INT(MI_Session_Close(NULL, &completions, count_completion), MI_RESULT_OK);
    CHECK_EQ_INT(completions, 1);
    CHECK_EQ_INT(MI_Session_Close(NULL, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Operation_GetInstance(NULL, NULL, &more, &res, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(more, MI_FALSE);
    CHECK_EQ_INT(res, MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Operation_Close(NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, NULL, NULL, NULL, NULL, &zero), MI_RESULT_INVALID_PARAMETER);
    CHECK(zero.ft == NULL);
}

int main(void)
{
    tu_watchdog(60); /* first: on Windows it is a thread, part of the baseline */
    int threads_before = tu_thread_count();
    CHECK(threads_before > 0);
    handler_choice();
    session_basics();
    async_operation();
    sync_operation();
    close_from_callbacks();
    app_close_waits_for_sessions();
    wrapper_fallbacks();
    SECTION("no thread left behind");
    CHECK_EQ_INT(tu_thread_count(), threads_before);
    TEST_MAIN_END();
}
