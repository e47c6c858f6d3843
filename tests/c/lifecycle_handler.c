/*
 * lifecycle_handler.c - docs/SPEC.md §3-§6 through a real protocol-handler plug-in: the
 * test handler (tests/c/handler/testhandler.c), registered in a configuration file given
 * by MI_CONFIG (written by the test runner):
 *
 *   protocolhandler=TEST,<path>/libtesthandler.so,TestHandler_Main,1,0   (default local)
 *   protocolhandler=FAILING,<path>/libtesthandler.so,TestHandler_Fail,1,0
 *   protocolhandler=MISSING,<path>/libtesthandler.so,Missing,1,0
 *   protocolhandler=NOLIB,<dir>/no-such-library.so,TestHandler_Main,1,0
 *
 * MI_TEST_HANDLER names the handler file; this program dlopens it too, to read its counters
 * (objects still open, threads not joined, calls that broke the plug-in rules).
 */
#include "testutil.h"
#include "handler/testhandler.h"

#include <mi.h>

#include <dlfcn.h>
#include <pthread.h>
#include <time.h>

static TestHandler_CounterFn live_objects, handler_threads, violations, live_instances;

/* Waits up to 5 s for *flag >= value. */
static int wait_for(atomic_int *flag, int value)
{
    for (int i = 0; i < 500; i++) {
        if (atomic_load(flag) >= value)
            return 1;
        tu_sleep_ms(10);
    }
    return 0;
}

/* ---- a recording client ----------------------------------------------------------------- */

struct rec {
    atomic_int results, finals, depth, max_depth, messages, progress, errors, prompts, streamed;
    MI_Result final_code;
    int order_ok;             /* each result's "Index" element equals the count before it */
    pthread_t final_thread;
    int ack_later;            /* manual ack: leave the ack for another thread */
    MI_Result(MI_CALL *pending_ack)(MI_Operation *);
    MI_Operation pending_op;
    atomic_int ack_ready;
    MI_OperationCallback_ResponseType answer;
    int answer_from_thread;   /* promptUser: answer from another thread */
    MI_Result(MI_CALL *pending_prompt)(MI_Operation *, MI_OperationCallback_ResponseType);
    atomic_int prompt_ready;
    MI_Application *app;      /* closes tried from inside the final callback */
    MI_Session *session;
    int try_closes;
    MI_Result app_close, session_close_sync, session_close_async;
    atomic_int completions;
    int close_op_in_final;
    MI_Result op_close;
    long value42;
};

static void MI_CALL on_completion(void *ctx)
{
    atomic_fetch_add(&((struct rec *)ctx)->completions, 1);
}

static void check_order(struct rec *r, const MI_Instance *inst)
{
    MI_Value v;
    MI_Type t;
    if (!inst || !inst->ft)
        return;
    if (inst->ft->GetElement(inst, MI_T("Index"), &v, &t, NULL, NULL) == MI_RESULT_OK && t == MI_UINT32)
        if ((int)v.uint32 != atomic_load(&r->results) - 1)
            r->order_ok = 0;
}

static void result_common(struct rec *r, MI_Operation *op, const MI_Instance *inst, MI_Boolean more,
                          MI_Result code, MI_Result(MI_CALL *ack)(MI_Operation *))
{
    int d = atomic_fetch_add(&r->depth, 1) + 1;
    if (d > atomic_load(&r->max_depth))
        atomic_store(&r->max_depth, d);
    atomic_fetch_add(&r->results, 1);
    check_order(r, inst);
    if (!more) {
        r->final_code = code;
        r->final_thread = pthread_self();
        if (r->try_closes) {
            r->app_close = MI_Application_Close(r->app);
            r->session_close_sync = MI_Session_Close(r->session, NULL, NULL);
            r->session_close_async = MI_Session_Close(r->session, r, on_completion);
        }
        if (r->close_op_in_final && op)
            r->op_close = MI_Operation_Close(op);
    }
    if (ack) {
        if (r->ack_later) {
            r->pending_ack = ack;
            r->pending_op = *op;
            atomic_store(&r->ack_ready, 1);
        } else {
            CHECK_EQ_INT(ack(op), MI_RESULT_OK);
            CHECK_EQ_INT(ack(op), MI_RESULT_INVALID_PARAMETER); /* a double ack is refused */
        }
    }
    atomic_fetch_sub(&r->depth, 1);
    if (!more)
        atomic_fetch_add(&r->finals, 1); /* last: the waiter may free `r` after this */
}

static void MI_CALL on_instance(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                                MI_Result code, const MI_Char *err, const MI_Instance *details,
                                MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)err; (void)details;
    result_common(ctx, op, inst, more, code, ack);
}

static void MI_CALL on_indication(MI_Operation *op, void *ctx, const MI_Instance *inst,
                                  const MI_Char *bookmark, const MI_Char *machine, MI_Boolean more,
                                  MI_Result code, const MI_Char *err, const MI_Instance *details,
                                  MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)err; (void)details;
    if (inst) {
        CHECK(bookmark != NULL);
        CHECK(machine != NULL && strcmp(machine, TESTHANDLER_MACHINE_ID) == 0);
    }
    result_common(ctx, op, inst, more, code, ack);
}

static void MI_CALL on_message(MI_Operation *op, void *ctx, MI_Uint32 channel, const MI_Char *message)
{
    struct rec *r = ctx;
    (void)op;
    CHECK_EQ_INT(channel, 1);
    CHECK(message && strcmp(message, "hello") == 0);
    atomic_fetch_add(&r->messages, 1);
}

static void MI_CALL on_progress(MI_Operation *op, void *ctx, const MI_Char *activity, const MI_Char *current,
                                const MI_Char *status, MI_Uint32 percent, MI_Uint32 seconds)
{
    struct rec *r = ctx;
    (void)op; (void)current; (void)status;
    CHECK(activity && strcmp(activity, "act") == 0);
    CHECK_EQ_INT(percent, 50);
    CHECK_EQ_INT(seconds, 10);
    atomic_fetch_add(&r->progress, 1);
}

static void MI_CALL on_write_error(MI_Operation *op, void *ctx, MI_Instance *inst,
                                   MI_Result(MI_CALL *reply)(MI_Operation *, MI_OperationCallback_ResponseType))
{
    struct rec *r = ctx;
    const MI_Char *cls = NULL;
    CHECK(inst != NULL && inst->ft->GetClassName(inst, &cls) == MI_RESULT_OK &&
          strcmp(cls, TESTHANDLER_ERROR_CLASS) == 0);
    atomic_fetch_add(&r->errors, 1);
    if (CHECK(reply != NULL)) {
        CHECK_EQ_INT(reply(op, MI_OperationCallback_ResponseType_Yes), MI_RESULT_OK);
        CHECK_EQ_INT(reply(op, MI_OperationCallback_ResponseType_Yes), MI_RESULT_INVALID_PARAMETER);
    }
}

static void MI_CALL on_prompt(MI_Operation *op, void *ctx, const MI_Char *message, MI_PromptType type,
                              MI_Result(MI_CALL *reply)(MI_Operation *, MI_OperationCallback_ResponseType))
{
    struct rec *r = ctx;
    CHECK(message && strcmp(message, "Continue?") == 0);
    CHECK_EQ_INT(type, MI_PROMPTTYPE_NORMAL);
    atomic_fetch_add(&r->prompts, 1);
    if (!CHECK(reply != NULL))
        return;
    if (r->answer_from_thread) {
        r->pending_prompt = reply;
        r->pending_op = *op;
        atomic_store(&r->prompt_ready, 1);
    } else {
        CHECK_EQ_INT(reply(op, r->answer), MI_RESULT_OK);
    }
}

static void MI_CALL on_streamed(MI_Operation *op, void *ctx, const MI_Char *name, MI_Type type,
                                const MI_Value *value, MI_Result(MI_CALL *ack)(MI_Operation *))
{
    struct rec *r = ctx;
    CHECK(name && strcmp(name, "param") == 0);
    CHECK_EQ_INT(type, MI_UINT32);
    if (value)
        r->value42 = value->uint32;
    atomic_fetch_add(&r->streamed, 1);
    if (ack)
        CHECK_EQ_INT(ack(op), MI_RESULT_OK);
}

static MI_OperationCallbacks callbacks(struct rec *r)
{
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = r;
    cb.instanceResult = on_instance;
    cb.indicationResult = on_indication;
    cb.writeMessage = on_message;
    cb.writeProgress = on_progress;
    cb.writeError = on_write_error;
    cb.promptUser = on_prompt;
    cb.streamedParameterResult = on_streamed;
    return cb;
}

static void rec_init(struct rec *r)
{
    memset(r, 0, sizeof *r);
    r->order_ok = 1;
    r->answer = MI_OperationCallback_ResponseType_Yes;
}

static MI_Application new_app(void)
{
    MI_Application app = MI_APPLICATION_NULL;
    CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("lifecycle_handler"), NULL, &app), MI_RESULT_OK);
    return app;
}

static MI_Session new_session(MI_Application *app)
{
    MI_Session s = MI_SESSION_NULL;
    CHECK_EQ_INT(MI_Application_NewSession(app, NULL, NULL, NULL, NULL, NULL, &s), MI_RESULT_OK);
    return s;
}

static void enumerate(MI_Session *s, const char *behaviour, MI_Uint32 flags, struct rec *r, MI_Operation *op)
{
    MI_OperationCallbacks cb = callbacks(r);
    MI_Session_EnumerateInstances(s, flags, NULL, MI_T("root/test"), behaviour, MI_FALSE, &cb, op);
}

/* ---- sections ------------------------------------------------------------------------- */

static void configured_handlers(void)
{
    MI_Application app = new_app();
    MI_Session s = MI_SESSION_NULL;
    SECTION("configured handlers: default, failing, missing entry point, missing library");
    CHECK_EQ_INT(MI_Application_NewSession(&app, MI_T("FAILING"), NULL, NULL, NULL, NULL, &s), MI_RESULT_FAILED);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_NewSession(&app, MI_T("MISSING"), NULL, NULL, NULL, NULL, &s), MI_RESULT_FAILED);
    CHECK_EQ_INT(MI_Application_NewSession(&app, MI_T("NOLIB"), NULL, NULL, NULL, NULL, &s), MI_RESULT_FAILED);
    CHECK_EQ_INT(MI_Application_NewSession(&app, MI_T("test"), NULL, NULL, NULL, NULL, &s), MI_RESULT_NOT_FOUND);
    /* The built-in handler is still there by name. */
    CHECK_EQ_INT(MI_Application_NewSession(&app, MI_T("MI_EMBEDDED"), NULL, NULL, NULL, NULL, &s), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    s = new_session(&app); /* default local = TEST */
    CHECK(live_objects() >= 2); /* its application and this session */
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    CHECK_EQ_INT(live_objects(), 0); /* the handler's application was closed too */
}

static void inline_and_threaded_results(void)
{
    MI_Application app = new_app();
    MI_Session s = new_session(&app);
    MI_Operation op;
    struct rec r;
    SECTION("inline results, results from a handler thread, synchronous pull");
    rec_init(&r);
    r.close_op_in_final = 1;
    enumerate(&s, "Inline:3", 0, &r, &op);
    CHECK_EQ_INT(atomic_load(&r.results), 4);
    CHECK_EQ_INT(atomic_load(&r.finals), 1);
    CHECK_EQ_INT(r.final_code, MI_RESULT_OK);
    CHECK(r.order_ok);
    CHECK_EQ_INT(r.op_close, MI_RESULT_OK);

    rec_init(&r);
    r.close_op_in_final = 1;
    enumerate(&s, "Thread:3:50", 0, &r, &op);
    CHECK(wait_for(&r.finals, 1));
    CHECK_EQ_INT(atomic_load(&r.results), 4);
    CHECK(!pthread_equal(r.final_thread, pthread_self()));
    CHECK(r.order_ok);
    CHECK_EQ_INT(atomic_load(&r.max_depth), 1);

    /* Synchronous: pull four results from a handler thread. */
    {
        const MI_Instance *inst;
        MI_Boolean more = MI_TRUE;
        MI_Result res = MI_RESULT_FAILED;
        int n = 0;
        MI_Session_EnumerateInstances(&s, 0, NULL, MI_T("root/test"), "Thread:3:10", MI_FALSE, NULL, &op);
        while (more && n < 10) {
            if (!CHECK_EQ_INT(MI_Operation_GetInstance(&op, &inst, &more, &res, NULL, NULL), MI_RESULT_OK))
                break;
            if (more) {
                const MI_Char *cls = NULL;
                CHECK(inst && inst->ft->GetClassName(inst, &cls) == MI_RESULT_OK &&
                      strcmp(cls, TESTHANDLER_RESULT_CLASS) == 0);
            }
            n++;
        }
        CHECK_EQ_INT(n, 4);
        CHECK_EQ_INT(res, MI_RESULT_OK);
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    }
    /* Subscribe: indications with bookmark and machine ID, through indicationResult. */
    {
        MI_OperationCallbacks cb = callbacks(&r);
        rec_init(&r);
        MI_Session_Subscribe(&s, 0, NULL, MI_T("root/test"), MI_T("WQL"), "Inline:2", NULL, &cb, &op);
        CHECK_EQ_INT(atomic_load(&r.finals), 1);
        CHECK_EQ_INT(atomic_load(&r.results), 3);
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    }
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

static void manual_ack(void)
{
    MI_Application app = new_app();
    MI_Session s = new_session(&app);
    MI_Operation op;
    struct rec r;
    SECTION("manual acknowledgement: the next result waits; re-entrant delivery stays serial");
    /* Stream from a handler thread; this thread acknowledges each result later. */
    rec_init(&r);
    r.ack_later = 1;
    enumerate(&s, "Stream:3", MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, &r, &op);
    for (int k = 1; k <= 4; k++) {
        if (!CHECK(wait_for(&r.ack_ready, 1)))
            break;
        tu_sleep_ms(30); /* no result may come before we acknowledge */
        CHECK_EQ_INT(atomic_load(&r.results), k);
        /* Copy before acknowledging: the ack lets the handler thread deliver the next
           result, whose callback overwrites these. (No double-ack check here: an ack is
           per operation, so a second one may legitimately acknowledge result k+1; the
           double ack inside the callback, where k+1 cannot have arrived, is checked in
           result_common.) */
        MI_Result(MI_CALL * ack)(MI_Operation *) = r.pending_ack;
        MI_Operation pending = r.pending_op;
        atomic_store(&r.ack_ready, 0);
        CHECK_EQ_INT(ack(&pending), MI_RESULT_OK);
    }
    CHECK(wait_for(&r.finals, 1));
    CHECK(r.order_ok);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);

    /* The handler delivers result k+1 from inside the acknowledgement of result k, which
       the client calls inside its callback: the library still calls back one at a time. */
    rec_init(&r);
    enumerate(&s, "AckReentrant:5", MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, &r, &op);
    CHECK(wait_for(&r.finals, 1));
    CHECK_EQ_INT(atomic_load(&r.results), 6);
    CHECK_EQ_INT(atomic_load(&r.max_depth), 1);
    CHECK(r.order_ok);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

static void *answer_prompt(void *arg)
{
    struct rec *r = arg;
    if (wait_for(&r->prompt_ready, 1))
        CHECK_EQ_INT(r->pending_prompt(&r->pending_op, r->answer), MI_RESULT_OK);
    return NULL;
}

static void powershell_callbacks(void)
{
    MI_Application app = new_app();
    MI_Session s = new_session(&app);
    MI_Operation op;
    struct rec r;
    pthread_t t;
    SECTION("writeMessage, writeProgress, writeError, promptUser, streamed parameters");
    rec_init(&r);
    enumerate(&s, "Chatty", 0, &r, &op);
    CHECK(wait_for(&r.finals, 1));
    CHECK_EQ_INT(atomic_load(&r.messages), 1);
    CHECK_EQ_INT(atomic_load(&r.progress), 1);
    CHECK_EQ_INT(atomic_load(&r.errors), 1);
    CHECK_EQ_INT(atomic_load(&r.prompts), 1);
    CHECK_EQ_INT(atomic_load(&r.streamed), 1);
    CHECK_EQ_INT(r.value42, 42);
    CHECK_EQ_INT(r.final_code, MI_RESULT_OK);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);

    /* "No", answered from another thread, from a handler thread's prompt: the handler fails. */
    rec_init(&r);
    r.answer = MI_OperationCallback_ResponseType_No;
    r.answer_from_thread = 1;
    CHECK_EQ_INT(pthread_create(&t, NULL, answer_prompt, &r), 0);
    enumerate(&s, "ChattyThread", MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, &r, &op);
    CHECK(wait_for(&r.finals, 1));
    pthread_join(t, NULL);
    CHECK_EQ_INT(r.final_code, MI_RESULT_FAILED);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);

    /* Without the callbacks the library answers for the client and the operation ends. */
    {
        MI_OperationCallbacks bare = MI_OPERATIONCALLBACKS_NULL;
        rec_init(&r);
        bare.callbackContext = &r;
        bare.instanceResult = on_instance;
        MI_Session_EnumerateInstances(&s, 0, NULL, MI_T("root/test"), "Chatty", MI_FALSE, &bare, &op);
        CHECK(wait_for(&r.finals, 1));
        CHECK_EQ_INT(r.final_code, MI_RESULT_OK);
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    }
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

static void cancel_and_close_early(void)
{
    MI_Application app = new_app();
    MI_Session s = new_session(&app);
    MI_Operation op;
    struct rec r;
    SECTION("cancel (idempotent), close before the final result");
    rec_init(&r);
    enumerate(&s, "NeverThread", 0, &r, &op);
    tu_sleep_ms(20);
    CHECK_EQ_INT(atomic_load(&r.finals), 0);
    CHECK_EQ_INT(MI_Operation_Cancel(&op, MI_REASON_TIMEOUT), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Operation_Cancel(&op, MI_REASON_TIMEOUT), MI_RESULT_OK);
    CHECK(wait_for(&r.finals, 1));
    CHECK_EQ_INT(r.final_code, TESTHANDLER_CANCEL_RESULT);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);

    /* Cancel delivering the final result inline, from inside Cancel. */
    rec_init(&r);
    enumerate(&s, "Never", 0, &r, &op);
    CHECK_EQ_INT(MI_Operation_Cancel(&op, MI_REASON_NONE), MI_RESULT_OK);
    CHECK_EQ_INT(atomic_load(&r.finals), 1);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);

    /* Synchronous, closed before anything was pulled: Close does not block. */
    MI_Session_EnumerateInstances(&s, 0, NULL, MI_T("root/test"), "Never", MI_FALSE, NULL, &op);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    MI_Session_EnumerateInstances(&s, 0, NULL, MI_T("root/test"), "Stream:50", MI_FALSE, NULL, &op);
    {
        const MI_Instance *inst;
        MI_Boolean more;
        MI_Result res;
        CHECK_EQ_INT(MI_Operation_GetInstance(&op, &inst, &more, &res, NULL, NULL), MI_RESULT_OK);
        CHECK(more);
    }
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK); /* the other 49 are drained inside */

    /* Asynchronous, closed before its final: the final still comes, exactly once. */
    rec_init(&r);
    enumerate(&s, "Never", 0, &r, &op);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    CHECK_EQ_INT(atomic_load(&r.finals), 1);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

static void closes_from_handler_callbacks(void)
{
    MI_Application app = new_app();
    MI_Session s = new_session(&app), s2;
    MI_Operation op;
    struct rec r;
    SECTION("closes inside callbacks on a handler thread: refused, or asynchronous");
    rec_init(&r);
    r.app = &app;
    r.session = &s;
    r.try_closes = 1;
    r.close_op_in_final = 1;
    enumerate(&s, "Thread:1:10", 0, &r, &op);
    CHECK(wait_for(&r.finals, 1));
    CHECK_EQ_INT(r.app_close, MI_RESULT_FAILED);
    CHECK_EQ_INT(r.session_close_sync, MI_RESULT_FAILED);
    CHECK_EQ_INT(r.session_close_async, MI_RESULT_OK);
    CHECK_EQ_INT(r.op_close, MI_RESULT_OK);
    CHECK(wait_for(&r.completions, 1));
    tu_sleep_ms(20);
    CHECK_EQ_INT(atomic_load(&r.completions), 1);
    /* The application is fine and closes normally. */
    s2 = new_session(&app);
    CHECK_EQ_INT(MI_Session_Close(&s2, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

struct closer {
    MI_Session session;
    struct rec *r;
    int final_before_close;
};

static void *close_session_when_cancelled(void *arg)
{
    struct closer *c = arg;
    c->final_before_close = wait_for(&c->r->finals, 1);
    CHECK_EQ_INT(MI_Session_Close(&c->session, NULL, NULL), MI_RESULT_OK);
    return NULL;
}

static void app_close_cancels_running_operations(void)
{
    MI_Application app = new_app();
    struct closer c;
    MI_Operation op;
    struct rec r;
    pthread_t t;
    SECTION("application Close cancels running operations, then waits for the sessions");
    rec_init(&r);
    c.session = new_session(&app);
    c.r = &r;
    enumerate(&c.session, "NeverThread", 0, &r, &op);
    CHECK_EQ_INT(pthread_create(&t, NULL, close_session_when_cancelled, &c), 0);
    r.close_op_in_final = 1;
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    pthread_join(t, NULL);
    CHECK(c.final_before_close);
    CHECK_EQ_INT(atomic_load(&r.finals), 1);
    CHECK_EQ_INT(r.final_code, TESTHANDLER_CANCEL_RESULT);
    CHECK_EQ_INT(live_objects(), 0);
    CHECK_EQ_INT(handler_threads(), 0);
}

static void wrong_result_kind(void)
{
    MI_Application app = new_app();
    MI_Session s = new_session(&app);
    MI_Operation op;
    struct rec r;
    SECTION("a handler reporting through the wrong result callback: refused, one final");
    rec_init(&r);
    enumerate(&s, "WrongKind", 0, &r, &op);
    CHECK(wait_for(&r.finals, 1));
    CHECK_EQ_INT(atomic_load(&r.results), 1); /* only the final: the class result was dropped */
    CHECK_EQ_INT(r.final_code, MI_RESULT_FAILED);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

static void nested_application(void)
{
    MI_Application app = new_app();
    MI_Session s = new_session(&app);
    MI_Operation op;
    struct rec r;
    SECTION("a nested application opened and closed inside a handler call");
    rec_init(&r);
    enumerate(&s, "Nested", 0, &r, &op);
    CHECK(wait_for(&r.finals, 1));
    CHECK_EQ_INT(r.final_code, MI_RESULT_OK);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

static atomic_int session_messages;
static MI_Application session_message_app;

static void MI_CALL on_session_message(MI_Application *app, void *ctx, MI_Uint32 channel, const MI_Char *message)
{
    (void)ctx; (void)channel;
    CHECK(app != NULL && app->reserved1 == session_message_app.reserved1 &&
          app->reserved2 == session_message_app.reserved2);
    CHECK(message != NULL);
    atomic_fetch_add(&session_messages, 1);
}

static void session_callbacks(void)
{
    MI_Application app = new_app();
    MI_Session s = MI_SESSION_NULL;
    MI_SessionCallbacks cb = MI_SESSIONCALLBACKS_NULL;
    SECTION("session callbacks get the client's application, not the handler's");
    session_message_app = app;
    cb.writeMessage = on_session_message;
    CHECK_EQ_INT(MI_Application_NewSession(&app, MI_T("TEST"), MI_T("warn"), NULL, &cb, NULL, &s), MI_RESULT_OK);
    CHECK_EQ_INT(atomic_load(&session_messages), 1);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

int main(void)
{
    const char *path = getenv("MI_TEST_HANDLER");
    int threads_before = tu_thread_count();
    void *handler;
    tu_watchdog(120);
    if (!CHECK(path != NULL) || !CHECK(getenv("MI_CONFIG") != NULL))
        TEST_MAIN_END();
    handler = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!CHECK(handler != NULL))
        TEST_MAIN_END();
    live_objects = (TestHandler_CounterFn)dlsym(handler, "TestHandler_LiveObjects");
    handler_threads = (TestHandler_CounterFn)dlsym(handler, "TestHandler_Threads");
    violations = (TestHandler_CounterFn)dlsym(handler, "TestHandler_Violations");
    live_instances = (TestHandler_CounterFn)dlsym(handler, "TestHandler_LiveInstances");
    if (!CHECK(live_objects && handler_threads && violations && live_instances))
        TEST_MAIN_END();

    configured_handlers();
    inline_and_threaded_results();
    manual_ack();
    powershell_callbacks();
    cancel_and_close_early();
    closes_from_handler_callbacks();
    app_close_cancels_running_operations();
    wrong_result_kind();
    nested_application();
    session_callbacks();

    SECTION("nothing left behind, no plug-in rule broken");
    CHECK_EQ_INT(live_objects(), 0);
    CHECK_EQ_INT(handler_threads(), 0);
    CHECK_EQ_INT(live_instances(), 0);
    CHECK_EQ_INT(violations(), 0);
    CHECK_EQ_INT(tu_thread_count(), threads_before);
    dlclose(handler);
    TEST_MAIN_END();
}
