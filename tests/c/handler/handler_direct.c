/*
 * handler_direct.c - drives the test protocol handler (testhandler.c) directly through its own
 * tables, without libmi: every behaviour, every delivery context (inline, handler thread,
 * re-entrant from inside an ack), acks, cancels, continuations answered inside the callback
 * and from other threads, the close paths, handle validation, and a concurrent stress run.
 *
 * Usage: handler_direct [path/to/libtesthandler.so]   (else $MI_TEST_HANDLER)
 * Build: gcc -std=c11 -Wall -Wextra -Werror -pthread -I<repo>/include -rdynamic \
 *            -o handler_direct handler_direct.c -ldl
 * -rdynamic exports the stub MI_Application_InitializeV1 below, which the handler's Nested
 * behaviour finds in the process (as it finds libmi's when the library loads it).
 *
 * Environment: MI_TEST_STRESS_ROUNDS (default 30) rounds per stress thread;
 * MI_TEST_WATCHDOG_SECS (testutil.h).
 */
#include "../testutil.h"

#include "testhandler.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <time.h>

/* ---- the handler's exports --------------------------------------------------------------- */

static TestHandler_EntryFn h_main, h_fail;
static TestHandler_CounterFn h_live, h_threads, h_violations, h_instances;

static void *sym(void *lib, const char *name)
{
    void *p = dlsym(lib, name);
    if (p == NULL) {
        fprintf(stderr, "missing symbol %s in the handler\n", name);
        exit(2);
    }
    return p;
}

/* ---- small utilities --------------------------------------------------------------------- */

static pthread_t main_tid;
static _Thread_local int tl_in_start, tl_in_ack, tl_in_cancel, tl_in_close, tl_in_response;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
}

static void deadline_in(struct timespec *ts, long ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static void start_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
    if (pthread_create(t, NULL, fn, arg) != 0) {
        fprintf(stderr, "pthread_create failed\n");
        exit(2);
    }
}

/* ---- the stub MI_Application_InitializeV1 for Nested ------------------------------------ */

static atomic_int stub_inits, stub_closes, stub_inits_inside_start, stub_bad_args;
static MI_Result stub_init_result = MI_RESULT_OK, stub_close_result = MI_RESULT_OK;

static MI_Result MI_CALL stub_close(MI_Application *application)
{
    if (application == NULL || application->reserved1 != 77) atomic_fetch_add(&stub_bad_args, 1);
    atomic_fetch_add(&stub_closes, 1);
    return stub_close_result;
}

static const MI_ApplicationFT stub_ft = {.Close = stub_close};

MI_Result MI_Application_InitializeV1(MI_Uint32 flags, const MI_Char *applicationID,
                                      MI_Instance **extendedError, MI_Application *application)
{
    if (extendedError != NULL) *extendedError = NULL;
    if (flags != 0 || applicationID == NULL || strcmp(applicationID, "nested") != 0 ||
        application == NULL) {
        atomic_fetch_add(&stub_bad_args, 1);
    }
    atomic_fetch_add(&stub_inits, 1);
    if (tl_in_start) atomic_fetch_add(&stub_inits_inside_start, 1);
    if (application != NULL) {
        application->reserved1 = 77;
        application->reserved2 = 0;
        application->ft = &stub_ft;
    }
    return stub_init_result;
}

/* ---- the recorder: one per operation ------------------------------------------------------ */

enum { ACK_INSIDE, ACK_DEFER };
enum { RESP_INSIDE, RESP_DEFER };
typedef MI_Result (*ack_fn)(MI_Operation *);
typedef MI_Result (*resp_fn)(MI_Operation *, MI_OperationCallback_ResponseType);

typedef struct rec {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* policy */
    int ack_policy;
    int resp_policy;
    MI_OperationCallback_ResponseType prompt_answer;
    int close_in_final;        /* close the operation inside its final callback */
    int close_session_in_result; /* sync session Close inside the first result (refused) */
    int close_session_in_final;  /* 1: sync, 2: async session Close inside the final */
    MI_Session *session;
    MI_Operation *expected; /* the caller's handle variable */
    /* observations */
    int results, finals, messages, progresses, errors, prompts, streamed, after_final;
    int callbacks, depth, max_depth, active;
    char log[256];
    int nlog;
    unsigned next_index;
    int order_errors, object_errors, handle_mismatch;
    int cb_inline, cb_in_ack, cb_in_cancel, cb_in_close, cb_in_response, cb_main, cb_other;
    int ack_null, ack_nonnull, ack_rc_errors;
    MI_Result final_code;
    char final_msg[200];
    char details_class[64];
    int final_instance_nonnull;
    char result_class[64];
    MI_Uint32 nested_init, nested_close, return_value;
    int has_return_value;
    char elems[512]; /* elements of the last result: "Name=value;" (MI_UINT32, MI_STRING) */
    MI_Uint32 elem_count;
    char bookmark[32], machine[32];
    MI_Uint32 message_channel;
    char message[32], progress[64], prompt_msg[32], error_class[64], streamed_name[16];
    MI_Uint32 progress_pct, progress_secs, streamed_value;
    MI_Type streamed_type;
    MI_PromptType prompt_type;
    /* deferred continuations */
    ack_fn pending_ack;
    MI_Operation pending_ack_op;
    int pending_acks; /* how many were stored (each replaces the previous) */
    int pending_is_final;
    resp_fn pending_resp;
    MI_Operation pending_resp_op;
    MI_OperationCallback_ResponseType pending_resp_answer;
    MI_Result close_rc, session_close_rc;
    /* async session close completion */
    int completions, completion_on_main, completion_inline;
} rec;

static void rec_init(rec *r)
{
    memset(r, 0, sizeof *r);
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv, NULL);
    r->prompt_answer = MI_OperationCallback_ResponseType_Yes;
    r->final_code = 9999;
    r->close_rc = 9999;
    r->session_close_rc = 9999;
}

static void rec_destroy(rec *r)
{
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv);
}

/* Waits (10 s max) until cond holds, with r->mu held while evaluating it. */
#define REC_WAIT(r, cond)                                                         \
    ({                                                                            \
        struct timespec dl_;                                                      \
        deadline_in(&dl_, 10000);                                                 \
        pthread_mutex_lock(&(r)->mu);                                             \
        int ok_ = 1;                                                              \
        while (!(cond)) {                                                         \
            if (pthread_cond_timedwait(&(r)->cv, &(r)->mu, &dl_) == ETIMEDOUT) { \
                ok_ = (cond);                                                     \
                break;                                                            \
            }                                                                     \
        }                                                                         \
        pthread_mutex_unlock(&(r)->mu);                                           \
        ok_;                                                                      \
    })

static int rec_get(rec *r, const int *field)
{
    pthread_mutex_lock(&r->mu);
    int v = *field;
    pthread_mutex_unlock(&r->mu);
    return v;
}

/* Final result seen and every callback returned. */
static int rec_wait_done(rec *r)
{
    return REC_WAIT(r, r->finals >= 1 && r->active == 0);
}

static void rec_log(rec *r, char c)
{
    if (r->nlog < (int)sizeof r->log - 1) r->log[r->nlog++] = c;
}

/* Common part of every callback: called with r->mu held on entry. */
static void rec_enter(rec *r, MI_Operation *op, char tag)
{
    r->callbacks++;
    r->active++;
    r->depth++;
    if (r->depth > r->max_depth) r->max_depth = r->depth;
    rec_log(r, tag);
    if (r->finals > 0) r->after_final++;
    if (tl_in_start) r->cb_inline++;
    if (tl_in_ack) r->cb_in_ack++;
    if (tl_in_cancel) r->cb_in_cancel++;
    if (tl_in_close) r->cb_in_close++;
    if (tl_in_response) r->cb_in_response++;
    if (pthread_equal(pthread_self(), main_tid)) r->cb_main++;
    else r->cb_other++;
    if (op == NULL || op->ft == NULL ||
        (r->expected != NULL && (op->reserved1 != r->expected->reserved1 ||
                                 op->reserved2 != r->expected->reserved2))) {
        r->handle_mismatch++;
    }
}

static void rec_leave(rec *r)
{
    pthread_mutex_lock(&r->mu);
    r->depth--;
    r->active--;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

static void inspect_instance(rec *r, const MI_Instance *inst)
{
    const MI_Char *cn = NULL;
    if (inst == NULL || inst->ft == NULL || inst->classDecl == NULL ||
        inst->classDecl->name == NULL || inst->ft->GetClassName(inst, &cn) != MI_RESULT_OK ||
        cn == NULL || strcmp(cn, inst->classDecl->name) != 0) {
        r->object_errors++;
        return;
    }
    snprintf(r->result_class, sizeof r->result_class, "%s", cn);
    MI_Value v;
    MI_Type t;
    r->elems[0] = 0;
    r->elem_count = 0;
    if (inst->ft->GetElementCount(inst, &r->elem_count) != MI_RESULT_OK) r->object_errors++;
    for (MI_Uint32 i = 0; i < r->elem_count; i++) {
        const MI_Char *name = NULL;
        size_t used = strlen(r->elems);
        if (inst->ft->GetElementAt(inst, i, &name, &v, &t, NULL) != MI_RESULT_OK || name == NULL) {
            r->object_errors++;
        } else if (t == MI_UINT32) {
            snprintf(r->elems + used, sizeof r->elems - used, "%s=%u;", name, (unsigned)v.uint32);
        } else if (t == MI_STRING) {
            snprintf(r->elems + used, sizeof r->elems - used, "%s=%s;", name, v.string);
        }
    }
    if (inst->ft->GetElement(inst, "Index", &v, &t, NULL, NULL) == MI_RESULT_OK) {
        if (t != MI_UINT32 || v.uint32 != r->next_index) r->order_errors++;
        r->next_index++;
    }
    if (inst->ft->GetElement(inst, "InitializeResult", &v, &t, NULL, NULL) == MI_RESULT_OK) {
        r->nested_init = v.uint32;
    }
    if (inst->ft->GetElement(inst, "CloseResult", &v, &t, NULL, NULL) == MI_RESULT_OK) {
        r->nested_close = v.uint32;
    }
    if (inst->ft->GetElement(inst, "ReturnValue", &v, &t, NULL, NULL) == MI_RESULT_OK) {
        r->return_value = v.uint32;
        r->has_return_value = 1;
    }
}

static void record_final(rec *r, MI_Result code, const MI_Char *msg, const MI_Instance *details)
{
    r->finals++;
    r->final_code = code;
    snprintf(r->final_msg, sizeof r->final_msg, "%s", msg != NULL ? msg : "");
    r->details_class[0] = 0;
    if (details != NULL) {
        const MI_Char *cn = NULL;
        if (details->ft != NULL && details->ft->GetClassName(details, &cn) == MI_RESULT_OK && cn) {
            snprintf(r->details_class, sizeof r->details_class, "%s", cn);
        } else {
            r->object_errors++;
        }
    }
}

static void MI_CALL on_session_closed(void *ctx);

/* After recording (r->mu released): ack or store the ack, close as the policy says. */
static void rec_after_result(rec *r, MI_Operation *op, MI_Boolean more, ack_fn ack)
{
    int do_ack = 0, do_close = 0, close_session = 0;
    pthread_mutex_lock(&r->mu);
    if (ack == NULL) {
        r->ack_null++;
    } else {
        r->ack_nonnull++;
        if (r->ack_policy == ACK_INSIDE) {
            do_ack = 1;
        } else {
            r->pending_ack = ack;
            r->pending_ack_op = *op;
            r->pending_acks++;
            r->pending_is_final = !more;
        }
    }
    if (!more && r->close_in_final) do_close = 1;
    if (more && r->close_session_in_result && r->results == 1) close_session = 1;
    if (!more && r->close_session_in_final) close_session = r->close_session_in_final;
    pthread_mutex_unlock(&r->mu);

    if (close_session == 1 && more) {
        MI_Result rc = r->session->ft->Close(r->session, NULL, NULL);
        pthread_mutex_lock(&r->mu);
        r->session_close_rc = rc;
        pthread_mutex_unlock(&r->mu);
    }
    if (do_ack && (!do_close || more)) {
        tl_in_ack++;
        MI_Result rc = ack(op);
        tl_in_ack--;
        if (rc != MI_RESULT_OK) {
            pthread_mutex_lock(&r->mu);
            r->ack_rc_errors++;
            pthread_mutex_unlock(&r->mu);
        }
    }
    if (do_close) {
        MI_Result rc = op->ft->Close(op);
        pthread_mutex_lock(&r->mu);
        r->close_rc = rc;
        pthread_mutex_unlock(&r->mu);
    }
    if (!more && close_session != 0) {
        MI_Result rc;
        if (close_session == 1) {
            rc = r->session->ft->Close(r->session, NULL, NULL);
        } else {
            rc = r->session->ft->Close(r->session, r, on_session_closed);
        }
        pthread_mutex_lock(&r->mu);
        r->session_close_rc = rc;
        pthread_mutex_unlock(&r->mu);
    }
}

static void MI_CALL on_session_closed(void *ctx)
{
    rec *r = ctx;
    pthread_mutex_lock(&r->mu);
    r->completions++;
    if (pthread_equal(pthread_self(), main_tid)) r->completion_on_main++;
    if (tl_in_close) r->completion_inline++;
    rec_log(r, 'C');
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

static void MI_CALL cb_instance(MI_Operation *op, void *ctx, const MI_Instance *inst,
                                MI_Boolean more, MI_Result code, const MI_Char *msg,
                                const MI_Instance *details, ack_fn ack)
{
    rec *r = ctx;
    pthread_mutex_lock(&r->mu);
    rec_enter(r, op, more ? 'R' : 'F');
    if (more) {
        r->results++;
        inspect_instance(r, inst);
    } else {
        if (inst != NULL) r->final_instance_nonnull++;
        record_final(r, code, msg, details);
    }
    pthread_mutex_unlock(&r->mu);
    rec_after_result(r, op, more, ack);
    rec_leave(r);
}

static void MI_CALL cb_indication(MI_Operation *op, void *ctx, const MI_Instance *inst,
                                  const MI_Char *bookmark, const MI_Char *machineID,
                                  MI_Boolean more, MI_Result code, const MI_Char *msg,
                                  const MI_Instance *details, ack_fn ack)
{
    rec *r = ctx;
    pthread_mutex_lock(&r->mu);
    rec_enter(r, op, more ? 'I' : 'F');
    if (more) {
        r->results++;
        inspect_instance(r, inst);
        snprintf(r->bookmark, sizeof r->bookmark, "%s", bookmark != NULL ? bookmark : "(null)");
        snprintf(r->machine, sizeof r->machine, "%s", machineID != NULL ? machineID : "(null)");
    } else {
        if (inst != NULL) r->final_instance_nonnull++;
        record_final(r, code, msg, details);
    }
    pthread_mutex_unlock(&r->mu);
    rec_after_result(r, op, more, ack);
    rec_leave(r);
}

static void MI_CALL cb_class(MI_Operation *op, void *ctx, const MI_Class *cls, MI_Boolean more,
                             MI_Result code, const MI_Char *msg, const MI_Instance *details,
                             ack_fn ack)
{
    rec *r = ctx;
    pthread_mutex_lock(&r->mu);
    rec_enter(r, op, more ? 'K' : 'F');
    if (more) {
        r->results++;
        const MI_Char *cn = NULL;
        MI_Uint32 count = 99;
        if (cls == NULL || cls->ft == NULL || cls->ft->GetClassName(cls, &cn) != MI_RESULT_OK ||
            cn == NULL || cls->ft->GetElementCount(cls, &count) != MI_RESULT_OK || count != 0) {
            r->object_errors++;
        } else {
            snprintf(r->result_class, sizeof r->result_class, "%s", cn);
        }
    } else {
        if (cls != NULL) r->final_instance_nonnull++;
        record_final(r, code, msg, details);
    }
    pthread_mutex_unlock(&r->mu);
    rec_after_result(r, op, more, ack);
    rec_leave(r);
}

static void MI_CALL cb_message(MI_Operation *op, void *ctx, MI_Uint32 channel, const MI_Char *m)
{
    rec *r = ctx;
    pthread_mutex_lock(&r->mu);
    rec_enter(r, op, 'M');
    r->messages++;
    r->message_channel = channel;
    snprintf(r->message, sizeof r->message, "%s", m != NULL ? m : "(null)");
    pthread_mutex_unlock(&r->mu);
    rec_leave(r);
}

static void MI_CALL cb_progress(MI_Operation *op, void *ctx, const MI_Char *activity,
                                const MI_Char *currentOperation, const MI_Char *status,
                                MI_Uint32 pct, MI_Uint32 secs)
{
    rec *r = ctx;
    pthread_mutex_lock(&r->mu);
    rec_enter(r, op, 'P');
    r->progresses++;
    snprintf(r->progress, sizeof r->progress, "%s|%s|%s", activity ? activity : "(null)",
             currentOperation ? currentOperation : "(null)", status ? status : "(null)");
    r->progress_pct = pct;
    r->progress_secs = secs;
    pthread_mutex_unlock(&r->mu);
    rec_leave(r);
}

/* writeError and promptUser: answer inside, or store the continuation. */
static void answer_or_store(rec *r, MI_Operation *op, resp_fn fn,
                            MI_OperationCallback_ResponseType answer)
{
    int inside;
    pthread_mutex_lock(&r->mu);
    inside = r->resp_policy == RESP_INSIDE;
    if (!inside) {
        r->pending_resp = fn;
        r->pending_resp_op = *op;
        r->pending_resp_answer = answer;
    }
    pthread_mutex_unlock(&r->mu);
    if (inside && fn != NULL) {
        tl_in_response++;
        MI_Result rc = fn(op, answer);
        tl_in_response--;
        if (rc != MI_RESULT_OK) {
            pthread_mutex_lock(&r->mu);
            r->ack_rc_errors++;
            pthread_mutex_unlock(&r->mu);
        }
    }
}

static void MI_CALL cb_error(MI_Operation *op, void *ctx, MI_Instance *inst, resp_fn writeErrorResult)
{
    rec *r = ctx;
    pthread_mutex_lock(&r->mu);
    rec_enter(r, op, 'E');
    r->errors++;
    const MI_Char *cn = NULL;
    if (inst != NULL && inst->ft != NULL && inst->ft->GetClassName(inst, &cn) == MI_RESULT_OK && cn) {
        snprintf(r->error_class, sizeof r->error_class, "%s", cn);
    } else {
        r->object_errors++;
    }
    if (writeErrorResult == NULL) r->object_errors++;
    pthread_mutex_unlock(&r->mu);
    answer_or_store(r, op, writeErrorResult, MI_OperationCallback_ResponseType_Yes);
    rec_leave(r);
}

static void MI_CALL cb_prompt(MI_Operation *op, void *ctx, const MI_Char *message,
                              MI_PromptType promptType, resp_fn promptUserResult)
{
    rec *r = ctx;
    pthread_mutex_lock(&r->mu);
    rec_enter(r, op, 'Q');
    r->prompts++;
    snprintf(r->prompt_msg, sizeof r->prompt_msg, "%s", message != NULL ? message : "(null)");
    r->prompt_type = promptType;
    if (promptUserResult == NULL) r->object_errors++;
    MI_OperationCallback_ResponseType answer = r->prompt_answer;
    pthread_mutex_unlock(&r->mu);
    answer_or_store(r, op, promptUserResult, answer);
    rec_leave(r);
}

static void MI_CALL cb_streamed(MI_Operation *op, void *ctx, const MI_Char *name, MI_Type type,
                                const MI_Value *value, ack_fn ack)
{
    rec *r = ctx;
    pthread_mutex_lock(&r->mu);
    rec_enter(r, op, 'S');
    r->streamed++;
    snprintf(r->streamed_name, sizeof r->streamed_name, "%s", name != NULL ? name : "(null)");
    r->streamed_type = type;
    r->streamed_value = value != NULL ? value->uint32 : 0;
    pthread_mutex_unlock(&r->mu);
    rec_after_result(r, op, MI_TRUE, ack);
    rec_leave(r);
}

static MI_OperationCallbacks callbacks_for(rec *r)
{
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = r;
    cb.promptUser = cb_prompt;
    cb.writeError = cb_error;
    cb.writeMessage = cb_message;
    cb.writeProgress = cb_progress;
    cb.instanceResult = cb_instance;
    cb.indicationResult = cb_indication;
    cb.classResult = cb_class;
    cb.streamedParameterResult = cb_streamed;
    return cb;
}

/* Calls the stored ack (if any) from this thread. Returns its result, or -1 if none. */
static long ack_pending(rec *r)
{
    pthread_mutex_lock(&r->mu);
    ack_fn fn = r->pending_ack;
    MI_Operation op = r->pending_ack_op;
    r->pending_ack = NULL;
    pthread_mutex_unlock(&r->mu);
    if (fn == NULL) return -1;
    tl_in_ack++;
    MI_Result rc = fn(&op);
    tl_in_ack--;
    return rc;
}

static long respond_pending(rec *r)
{
    pthread_mutex_lock(&r->mu);
    resp_fn fn = r->pending_resp;
    MI_Operation op = r->pending_resp_op;
    MI_OperationCallback_ResponseType answer = r->pending_resp_answer;
    r->pending_resp = NULL;
    pthread_mutex_unlock(&r->mu);
    if (fn == NULL) return -1;
    tl_in_response++;
    MI_Result rc = fn(&op, answer);
    tl_in_response--;
    return rc;
}

static void *respond_thread(void *arg)
{
    rec *r = arg;
    long rc = respond_pending(r);
    if (rc != MI_RESULT_OK) {
        pthread_mutex_lock(&r->mu);
        r->ack_rc_errors++;
        pthread_mutex_unlock(&r->mu);
    }
    return NULL;
}

/* Answers the stored continuation from a new thread, and joins it. */
static void respond_from_other_thread(rec *r)
{
    pthread_t t;
    start_thread(&t, respond_thread, r);
    pthread_join(t, NULL);
}

/* ---- starting operations ------------------------------------------------------------------ */

static void enumerate(MI_Session *s, MI_Uint32 flags, const char *behaviour, rec *r,
                      MI_Operation *op)
{
    MI_OperationCallbacks cb = callbacks_for(r);
    r->expected = op;
    r->session = s;
    tl_in_start++;
    s->ft->EnumerateInstances(s, flags, NULL, "root/test", behaviour, MI_FALSE, &cb, op);
    tl_in_start--;
}

static MI_Result cancel(MI_Operation *op)
{
    tl_in_cancel++;
    MI_Result rc = op->ft->Cancel(op, MI_REASON_NONE);
    tl_in_cancel--;
    return rc;
}

/* Waits for the final result, acks a stored final ack, closes the operation (unless the
   policy closed it inside the final callback). */
static void finish(rec *r, MI_Operation *op)
{
    CHECK(rec_wait_done(r));
    if (r->close_in_final) {
        pthread_mutex_lock(&r->mu);
        MI_Result rc = r->close_rc;
        pthread_mutex_unlock(&r->mu);
        CHECK_EQ_INT(rc, MI_RESULT_OK);
        return;
    }
    pthread_mutex_lock(&r->mu);
    int final_ack = r->pending_ack != NULL && r->pending_is_final;
    pthread_mutex_unlock(&r->mu);
    if (final_ack) CHECK_EQ_INT(ack_pending(r), MI_RESULT_OK);
    CHECK_EQ_INT(op->ft->Close(op), MI_RESULT_OK);
}

/* Exactly one final, nothing after it, ordered results, valid objects and handles. */
static void check_common(rec *r, const char *what)
{
    if (!CHECK_EQ_INT(r->finals, 1) || !CHECK_EQ_INT(r->after_final, 0) ||
        !CHECK_EQ_INT(r->order_errors, 0) || !CHECK_EQ_INT(r->object_errors, 0) ||
        !CHECK_EQ_INT(r->handle_mismatch, 0) || !CHECK_EQ_INT(r->ack_rc_errors, 0) ||
        !CHECK_EQ_INT(r->final_instance_nonnull, 0)) {
        fprintf(stderr, "   in %s (log %s)\n", what, r->log);
    }
}

/* ---- sections ----------------------------------------------------------------------------- */

static MI_Application g_app;
static MI_Session g_sess;

typedef struct srec {
    atomic_int messages, errors, app_ok;
    MI_Uint32 channel;
    char text[32];
} srec;

static void MI_CALL s_message(MI_Application *app, void *ctx, MI_Uint32 channel, const MI_Char *m)
{
    srec *s = ctx;
    atomic_fetch_add(&s->messages, 1);
    s->channel = channel;
    snprintf(s->text, sizeof s->text, "%s", m != NULL ? m : "(null)");
    if (app != NULL && app->reserved1 == g_app.reserved1 && app->reserved2 == g_app.reserved2 &&
        app->ft == g_app.ft) {
        atomic_fetch_add(&s->app_ok, 1);
    }
}

static void MI_CALL s_error(MI_Application *app, void *ctx, MI_Instance *inst)
{
    srec *s = ctx;
    const MI_Char *cn = NULL;
    if (app != NULL && app->reserved2 == g_app.reserved2 && inst != NULL &&
        inst->ft->GetClassName(inst, &cn) == MI_RESULT_OK && strcmp(cn, TESTHANDLER_ERROR_CLASS) == 0) {
        atomic_fetch_add(&s->errors, 1);
    }
}

static void test_entry_points(void *lib)
{
    SECTION("entry points");
    CHECK(dlsym(lib, "Missing") == NULL);
    MI_Application app = MI_APPLICATION_NULL;
    MI_Instance *ext = (MI_Instance *)&app; /* garbage: must be reset to NULL */
    CHECK_EQ_INT(h_fail(0, "x", &ext, &app), MI_RESULT_FAILED);
    CHECK(ext == NULL);
    if (CHECK(app.ft != NULL)) CHECK_EQ_INT(app.ft->Close(&app), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(h_main(0, "x", NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    memset(&app, 0xab, sizeof app);
    CHECK_EQ_INT(h_main(1, "x", &ext, &app), MI_RESULT_INVALID_PARAMETER);
    if (CHECK(app.ft != NULL)) CHECK_EQ_INT(app.ft->Close(&app), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(h_violations(), 0);

    int live = h_live();
    CHECK_EQ_INT(h_main(0, "test", &ext, &g_app), MI_RESULT_OK);
    CHECK_EQ_INT(h_live(), live + 1);
    /* a second, independent application */
    MI_Application app2;
    CHECK_EQ_INT(h_main(0, "test2", NULL, &app2), MI_RESULT_OK);
    CHECK(app2.reserved2 != g_app.reserved2);
    CHECK_EQ_INT(app2.ft->Close(&app2), MI_RESULT_OK);
    CHECK_EQ_INT(h_violations(), 0);
    CHECK_EQ_INT(app2.ft->Close(&app2), MI_RESULT_INVALID_PARAMETER); /* double close */
    CHECK_EQ_INT(h_violations(), 1);
}

static void test_sessions(void)
{
    SECTION("sessions");
    int v0 = h_violations();
    srec sr;
    memset(&sr, 0, sizeof sr);
    MI_SessionCallbacks scb = {&sr, s_message, s_error};
    MI_Instance *ext = (MI_Instance *)&sr;
    MI_Session s;
    CHECK_EQ_INT(g_app.ft->NewSession(&g_app, "TEST", "warn,error", NULL, &scb, &ext, &s),
                 MI_RESULT_OK);
    CHECK(ext == NULL);
    CHECK_EQ_INT(atomic_load(&sr.messages), 1);
    CHECK_EQ_INT(atomic_load(&sr.app_ok), 1);
    CHECK_EQ_INT(sr.channel, 0);
    CHECK(strcmp(sr.text, "session warning") == 0);
    CHECK_EQ_INT(atomic_load(&sr.errors), 1);
    MI_Application back;
    CHECK_EQ_INT(s.ft->GetApplication(&s, &back), MI_RESULT_OK);
    CHECK(back.reserved1 == g_app.reserved1 && back.reserved2 == g_app.reserved2);
    MI_Session copy = s;
    CHECK_EQ_INT(copy.ft->Close(&copy, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(h_violations(), v0);
    CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_INVALID_PARAMETER); /* stale copy */
    CHECK_EQ_INT(h_violations(), v0 + 1);

    /* no options: no session callbacks */
    CHECK_EQ_INT(g_app.ft->NewSession(&g_app, NULL, NULL, NULL, &scb, NULL, &s), MI_RESULT_OK);
    CHECK_EQ_INT(atomic_load(&sr.messages), 1);
    CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_OK);

    /* refused sessions stay closable */
    memset(&s, 0xcd, sizeof s);
    CHECK_EQ_INT(g_app.ft->NewSession(&g_app, NULL, "fail", NULL, NULL, &ext, &s),
                 MI_RESULT_ACCESS_DENIED);
    CHECK(ext == NULL);
    int v1 = h_violations();
    if (CHECK(s.ft != NULL)) CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(g_app.ft->NewSession(&g_app, NULL, "host,failext", NULL, NULL, &ext, &s),
                 MI_RESULT_ACCESS_DENIED);
    CHECK_EQ_INT(h_instances(), 1);
    if (CHECK(ext != NULL)) {
        const MI_Char *cn = NULL;
        MI_Value v;
        MI_Type t;
        CHECK_EQ_INT(ext->ft->GetClassName(ext, &cn), MI_RESULT_OK);
        CHECK(cn != NULL && strcmp(cn, TESTHANDLER_ERROR_CLASS) == 0);
        CHECK_EQ_INT(ext->ft->GetElement(ext, "CIMStatusCode", &v, &t, NULL, NULL), MI_RESULT_OK);
        CHECK_EQ_INT(v.uint32, MI_RESULT_ACCESS_DENIED);
        CHECK_EQ_INT(ext->ft->Delete(ext), MI_RESULT_OK);
    }
    CHECK_EQ_INT(h_instances(), 0);
    CHECK_EQ_INT(h_violations(), v1); /* closing a refused (zeroed) session is legitimate */

    /* garbage and zeroed handles are rejected without being dereferenced */
    int v2 = h_violations();
    MI_Session bad = {0x5448535300000001ull, (ptrdiff_t)0x10, g_sess.ft};
    MI_Session zero = {0, 0, g_sess.ft};
    CHECK_EQ_INT(bad.ft->Close(&bad, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(zero.ft->Close(&zero, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(bad.ft->GetApplication(&bad, &back), MI_RESULT_INVALID_PARAMETER);
    MI_Application badapp = {g_app.reserved1, (ptrdiff_t)0x20, g_app.ft};
    CHECK_EQ_INT(g_app.ft->NewSession(&badapp, NULL, NULL, NULL, NULL, NULL, &s),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(h_violations(), v2 + 2); /* bad Close, bad NewSession; zeroed Close is fine */

    /* an operation on a bad session: one final INVALID_PARAMETER, a closable handle */
    rec r;
    rec_init(&r);
    MI_Operation op;
    enumerate(&bad, 0, "Inline:2", &r, &op);
    r.expected = NULL;
    CHECK_EQ_INT(r.finals, 1);
    CHECK_EQ_INT(r.final_code, MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(r.results, 0);
    CHECK_EQ_INT(op.ft->Close(&op), MI_RESULT_INVALID_PARAMETER); /* zeroed: no violation */
    CHECK_EQ_INT(h_violations(), v2 + 3);
    rec_destroy(&r);
}

static void test_inline(void)
{
    SECTION("Inline");
    for (int n = 0; n <= 3; n += 3) {
        rec r;
        rec_init(&r);
        MI_Operation op;
        char b[32];
        snprintf(b, sizeof b, "Inline:%d", n);
        enumerate(&g_sess, 0, b, &r, &op);
        CHECK_EQ_INT(r.results, n);
        CHECK_EQ_INT(r.finals, 1);
        CHECK_EQ_INT(r.cb_inline, n + 1);
        CHECK_EQ_INT(r.ack_nonnull, 0);
        CHECK_EQ_INT(r.final_code, MI_RESULT_OK);
        CHECK(n == 0 || strcmp(r.result_class, TESTHANDLER_RESULT_CLASS) == 0);
        finish(&r, &op);
        check_common(&r, b);
        rec_destroy(&r);
    }
    /* manual ack inside the callback: all inline, no nesting */
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        enumerate(&g_sess, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, "Inline:3", &r, &op);
        CHECK_EQ_INT(r.results, 3);
        CHECK_EQ_INT(r.finals, 1);
        CHECK_EQ_INT(r.cb_inline, 4);
        CHECK_EQ_INT(r.ack_nonnull, 4);
        CHECK_EQ_INT(r.max_depth, 1);
        finish(&r, &op);
        check_common(&r, "Inline:3 manual inside");
        rec_destroy(&r);
    }
    /* manual ack deferred: each later ack delivers the next result from inside the ack */
    {
        rec r;
        rec_init(&r);
        r.ack_policy = ACK_DEFER;
        MI_Operation op;
        enumerate(&g_sess, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, "Inline:3", &r, &op);
        CHECK_EQ_INT(r.results, 1);
        CHECK_EQ_INT(r.finals, 0);
        for (int k = 1; k <= 3; k++) {
            CHECK_EQ_INT(ack_pending(&r), MI_RESULT_OK);
            CHECK_EQ_INT(r.results + r.finals, k + 1);
        }
        CHECK_EQ_INT(r.cb_in_ack, 3);
        CHECK_EQ_INT(r.cb_main, 4);
        int v = h_violations();
        MI_Operation stale = r.pending_ack_op;
        ack_fn fn = r.pending_ack;
        finish(&r, &op); /* acks the final, closes */
        CHECK_EQ_INT(fn(&stale), MI_RESULT_INVALID_PARAMETER); /* ack after Close */
        CHECK_EQ_INT(h_violations(), v + 1);
        check_common(&r, "Inline:3 manual deferred");
        rec_destroy(&r);
    }
    /* double ack: an ack with nothing outstanding */
    {
        rec r;
        rec_init(&r);
        r.ack_policy = ACK_DEFER;
        MI_Operation op;
        enumerate(&g_sess, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, "Inline:1", &r, &op);
        CHECK_EQ_INT(ack_pending(&r), MI_RESULT_OK); /* result 0 -> final, inside the ack */
        CHECK_EQ_INT(r.finals, 1);
        ack_fn fn = r.pending_ack;
        MI_Operation copy = r.pending_ack_op;
        CHECK_EQ_INT(ack_pending(&r), MI_RESULT_OK); /* the final's ack */
        int v = h_violations();
        CHECK_EQ_INT(fn(&copy), MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(h_violations(), v + 1);
        finish(&r, &op);
        check_common(&r, "double ack");
        rec_destroy(&r);
    }
}

static void test_thread(void)
{
    SECTION("Thread / Stream");
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        double t0 = now_ms();
        enumerate(&g_sess, 0, "Thread:3:50", &r, &op);
        CHECK_EQ_INT(rec_get(&r, &r.callbacks), 0);
        CHECK(rec_wait_done(&r));
        CHECK(now_ms() - t0 >= 45);
        CHECK_EQ_INT(r.results, 3);
        CHECK_EQ_INT(r.cb_other, 4);
        CHECK_EQ_INT(r.cb_inline, 0);
        CHECK_EQ_INT(r.final_code, MI_RESULT_OK);
        finish(&r, &op);
        check_common(&r, "Thread:3:50");
        rec_destroy(&r);
    }
    for (int manual = 0; manual <= 1; manual++) {
        rec r;
        rec_init(&r);
        r.close_in_final = 1;
        MI_Operation op;
        enumerate(&g_sess, manual ? MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS : 0, "Stream:5", &r, &op);
        finish(&r, &op);
        CHECK_EQ_INT(r.results, 5);
        CHECK_EQ_INT(r.cb_other, 6);
        CHECK_EQ_INT(r.ack_nonnull, manual ? 6 : 0);
        CHECK_EQ_INT(r.ack_null, manual ? 0 : 6);
        check_common(&r, manual ? "Stream:5 manual inside" : "Stream:5 auto");
        rec_destroy(&r);
    }
    /* manual ack from the main thread: the next result waits for it */
    {
        rec r;
        rec_init(&r);
        r.ack_policy = ACK_DEFER;
        MI_Operation op;
        enumerate(&g_sess, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, "Stream:4", &r, &op);
        for (int k = 0; k < 4; k++) {
            CHECK(REC_WAIT(&r, r.pending_ack != NULL && r.active == 0));
            if (k < 2) {
                sleep_ms(30);
                CHECK_EQ_INT(rec_get(&r, &r.results), k + 1); /* nothing more without the ack */
            }
            CHECK_EQ_INT(ack_pending(&r), MI_RESULT_OK);
        }
        CHECK(REC_WAIT(&r, r.finals == 1));
        CHECK_EQ_INT(r.results, 4);
        CHECK_EQ_INT(r.cb_in_ack, 0); /* the handler thread delivers, not the ack */
        finish(&r, &op);
        check_common(&r, "Stream:4 manual deferred");
        rec_destroy(&r);
    }
    /* cancel during the initial sleep */
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        double t0 = now_ms();
        enumerate(&g_sess, 0, "Thread:3:5000", &r, &op);
        sleep_ms(20);
        CHECK_EQ_INT(cancel(&op), MI_RESULT_OK);
        CHECK(rec_wait_done(&r));
        CHECK(now_ms() - t0 < 3000);
        CHECK_EQ_INT(r.results, 0);
        CHECK_EQ_INT(r.final_code, TESTHANDLER_CANCEL_RESULT);
        CHECK(strcmp(r.final_msg, TESTHANDLER_CANCEL_MESSAGE) == 0);
        CHECK_EQ_INT(cancel(&op), MI_RESULT_OK); /* idempotent after the final too */
        finish(&r, &op);
        check_common(&r, "Thread cancel");
        rec_destroy(&r);
    }
    /* cancel while an ack is outstanding: the final waits for the ack */
    {
        rec r;
        rec_init(&r);
        r.ack_policy = ACK_DEFER;
        MI_Operation op;
        enumerate(&g_sess, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, "Stream:5", &r, &op);
        CHECK(REC_WAIT(&r, r.pending_ack != NULL));
        CHECK_EQ_INT(cancel(&op), MI_RESULT_OK);
        sleep_ms(30);
        CHECK_EQ_INT(rec_get(&r, &r.finals), 0);
        CHECK_EQ_INT(ack_pending(&r), MI_RESULT_OK);
        CHECK(REC_WAIT(&r, r.finals == 1));
        CHECK_EQ_INT(r.results, 1);
        CHECK_EQ_INT(r.final_code, TESTHANDLER_CANCEL_RESULT);
        finish(&r, &op);
        check_common(&r, "Stream cancel with ack outstanding");
        rec_destroy(&r);
    }
}

static void test_ack_reentrant(void)
{
    SECTION("AckReentrant");
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        enumerate(&g_sess, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, "AckReentrant:4", &r, &op);
        CHECK_EQ_INT(r.results, 4);
        CHECK_EQ_INT(r.finals, 1);
        CHECK_EQ_INT(r.max_depth, 5); /* result k+1 delivered inside the ack of result k */
        CHECK_EQ_INT(r.cb_in_ack, 4);
        CHECK_EQ_INT(r.cb_inline, 5);
        finish(&r, &op);
        check_common(&r, "AckReentrant:4 inside");
        rec_destroy(&r);
    }
    {
        rec r;
        rec_init(&r);
        r.ack_policy = ACK_DEFER;
        MI_Operation op;
        enumerate(&g_sess, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, "AckReentrant:2", &r, &op);
        CHECK_EQ_INT(r.results, 1);
        CHECK_EQ_INT(ack_pending(&r), MI_RESULT_OK);
        CHECK_EQ_INT(r.results, 2);
        CHECK_EQ_INT(ack_pending(&r), MI_RESULT_OK);
        CHECK_EQ_INT(r.finals, 1);
        CHECK_EQ_INT(r.cb_in_ack, 2);
        CHECK_EQ_INT(r.max_depth, 1);
        finish(&r, &op);
        check_common(&r, "AckReentrant:2 deferred");
        rec_destroy(&r);
    }
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        enumerate(&g_sess, 0, "AckReentrant:3", &r, &op); /* no manual ack: Inline:3 */
        CHECK_EQ_INT(r.results, 3);
        CHECK_EQ_INT(r.max_depth, 1);
        CHECK_EQ_INT(r.ack_null, 4);
        finish(&r, &op);
        check_common(&r, "AckReentrant:3 auto");
        rec_destroy(&r);
    }
}

static void test_never(void)
{
    SECTION("Never / NeverThread");
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        enumerate(&g_sess, 0, "Never", &r, &op);
        sleep_ms(20);
        CHECK_EQ_INT(rec_get(&r, &r.callbacks), 0);
        CHECK_EQ_INT(cancel(&op), MI_RESULT_OK);
        CHECK_EQ_INT(r.finals, 1);     /* delivered from inside Cancel */
        CHECK_EQ_INT(r.cb_in_cancel, 1);
        CHECK_EQ_INT(r.final_code, TESTHANDLER_CANCEL_RESULT);
        CHECK_EQ_INT(cancel(&op), MI_RESULT_OK);
        CHECK_EQ_INT(r.finals, 1);
        finish(&r, &op);
        check_common(&r, "Never");
        rec_destroy(&r);
    }
    {   /* manual ack: the final also carries an ack; Close acknowledges it implicitly */
        rec r;
        rec_init(&r);
        r.ack_policy = ACK_DEFER;
        r.close_in_final = 1;
        MI_Operation op;
        enumerate(&g_sess, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, "Never", &r, &op);
        CHECK_EQ_INT(cancel(&op), MI_RESULT_OK);
        CHECK_EQ_INT(r.finals, 1);
        CHECK_EQ_INT(r.ack_nonnull, 1);
        finish(&r, &op);
        check_common(&r, "Never manual, closed in final");
        rec_destroy(&r);
    }
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        enumerate(&g_sess, 0, "NeverThread", &r, &op);
        sleep_ms(20);
        CHECK_EQ_INT(rec_get(&r, &r.callbacks), 0);
        CHECK_EQ_INT(cancel(&op), MI_RESULT_OK);
        CHECK_EQ_INT(rec_get(&r, &r.finals), 0); /* Cancel only sets the flag */
        CHECK(rec_wait_done(&r));
        CHECK_EQ_INT(r.cb_in_cancel, 0);
        CHECK_EQ_INT(r.cb_other, 1);
        CHECK_EQ_INT(r.final_code, TESTHANDLER_CANCEL_RESULT);
        finish(&r, &op);
        check_common(&r, "NeverThread");
        rec_destroy(&r);
    }
}

static void test_nested(void)
{
    SECTION("Nested");
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        int i0 = atomic_load(&stub_inits), c0 = atomic_load(&stub_closes);
        enumerate(&g_sess, 0, "Nested", &r, &op);
        CHECK_EQ_INT(r.finals, 1);
        CHECK_EQ_INT(r.final_code, MI_RESULT_OK);
        CHECK_EQ_INT(r.results, 1);
        CHECK(strcmp(r.result_class, TESTHANDLER_NESTED_CLASS) == 0);
        CHECK_EQ_INT(r.nested_init, MI_RESULT_OK);
        CHECK_EQ_INT(r.nested_close, MI_RESULT_OK);
        CHECK_EQ_INT(atomic_load(&stub_inits), i0 + 1);
        CHECK_EQ_INT(atomic_load(&stub_closes), c0 + 1);
        CHECK_EQ_INT(atomic_load(&stub_inits_inside_start), i0 + 1);
        CHECK_EQ_INT(atomic_load(&stub_bad_args), 0);
        finish(&r, &op);
        check_common(&r, "Nested");
        rec_destroy(&r);
    }
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        stub_close_result = MI_RESULT_ACCESS_DENIED;
        enumerate(&g_sess, 0, "Nested", &r, &op);
        stub_close_result = MI_RESULT_OK;
        CHECK_EQ_INT(r.final_code, MI_RESULT_FAILED);
        CHECK(strstr(r.final_msg, "Close") != NULL);
        CHECK_EQ_INT(r.nested_close, MI_RESULT_ACCESS_DENIED);
        finish(&r, &op);
        check_common(&r, "Nested close failure");
        rec_destroy(&r);
    }
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        stub_init_result = MI_RESULT_FAILED;
        enumerate(&g_sess, 0, "Nested", &r, &op);
        stub_init_result = MI_RESULT_OK;
        CHECK_EQ_INT(r.final_code, MI_RESULT_FAILED);
        CHECK(strstr(r.final_msg, "InitializeV1") != NULL);
        CHECK_EQ_INT(r.nested_init, MI_RESULT_FAILED);
        finish(&r, &op);
        check_common(&r, "Nested init failure");
        rec_destroy(&r);
    }
}

static void check_chatty(rec *r, const char *what, MI_Result expected, int manual)
{
    CHECK_EQ_INT(r->messages, 1);
    CHECK_EQ_INT(r->message_channel, 1);
    CHECK(strcmp(r->message, "hello") == 0);
    CHECK_EQ_INT(r->progresses, 1);
    CHECK(strcmp(r->progress, "act|op|status") == 0);
    CHECK_EQ_INT(r->progress_pct, 50);
    CHECK_EQ_INT(r->progress_secs, 10);
    CHECK_EQ_INT(r->errors, 1);
    CHECK(strcmp(r->error_class, TESTHANDLER_ERROR_CLASS) == 0);
    CHECK_EQ_INT(r->prompts, 1);
    CHECK(strcmp(r->prompt_msg, "Continue?") == 0);
    CHECK_EQ_INT(r->prompt_type, MI_PROMPTTYPE_NORMAL);
    CHECK_EQ_INT(r->streamed, 1);
    CHECK(strcmp(r->streamed_name, "param") == 0);
    CHECK_EQ_INT(r->streamed_type, MI_UINT32);
    CHECK_EQ_INT(r->streamed_value, 42);
    CHECK_EQ_INT(r->ack_nonnull, manual ? 2 : 0); /* streamed + final */
    CHECK_EQ_INT(r->final_code, expected);
    if (!CHECK(strncmp(r->log, "MPEQSF", 6) == 0)) fprintf(stderr, "   %s: log %s\n", what, r->log);
    check_common(r, what);
}

static void test_chatty(void)
{
    SECTION("Chatty");
    /* everything answered inside the callbacks */
    for (int manual = 0; manual <= 1; manual++) {
        rec r;
        rec_init(&r);
        MI_Operation op;
        enumerate(&g_sess, manual ? MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS : 0, "Chatty", &r, &op);
        CHECK_EQ_INT(r.finals, 1);
        CHECK_EQ_INT(r.cb_inline, 6);
        finish(&r, &op);
        check_chatty(&r, manual ? "Chatty inside manual" : "Chatty inside", MI_RESULT_OK, manual);
        rec_destroy(&r);
    }
    /* answered later from other threads: No -> FAILED */
    {
        rec r;
        rec_init(&r);
        r.resp_policy = RESP_DEFER;
        r.ack_policy = ACK_DEFER;
        r.prompt_answer = MI_OperationCallback_ResponseType_No;
        MI_Operation op;
        enumerate(&g_sess, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, "Chatty", &r, &op);
        CHECK_EQ_INT(r.errors, 1);
        CHECK_EQ_INT(r.prompts, 0); /* waits for the writeError answer */
        respond_from_other_thread(&r);
        CHECK_EQ_INT(r.prompts, 1); /* continued from inside the continuation call */
        CHECK_EQ_INT(r.cb_in_response, 1);
        CHECK_EQ_INT(r.streamed, 0);
        MI_Operation stale = r.pending_resp_op;
        resp_fn fn = r.pending_resp;
        respond_from_other_thread(&r);
        CHECK_EQ_INT(r.streamed, 1);
        CHECK_EQ_INT(r.finals, 0); /* waits for the streamed ack */
        int v = h_violations();
        CHECK_EQ_INT(fn(&stale, MI_OperationCallback_ResponseType_Yes), MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(h_violations(), v + 1);
        CHECK_EQ_INT(ack_pending(&r), MI_RESULT_OK);
        CHECK_EQ_INT(r.finals, 1);
        finish(&r, &op);
        check_chatty(&r, "Chatty deferred No", MI_RESULT_FAILED, 1);
        rec_destroy(&r);
    }
    /* on a handler thread, answers inside (YesToAll) and from the main thread (NoToAll) */
    {
        rec r;
        rec_init(&r);
        r.prompt_answer = MI_OperationCallback_ResponseType_YesToAll;
        r.close_in_final = 1;
        MI_Operation op;
        enumerate(&g_sess, 0, "ChattyThread", &r, &op);
        finish(&r, &op);
        CHECK_EQ_INT(r.cb_other, 6);
        check_chatty(&r, "ChattyThread inside", MI_RESULT_OK, 0);
        rec_destroy(&r);
    }
    {
        rec r;
        rec_init(&r);
        r.prompt_answer = MI_OperationCallback_ResponseType_NoToAll;
        r.resp_policy = RESP_DEFER;
        MI_Operation op;
        enumerate(&g_sess, 0, "ChattyThread", &r, &op);
        for (int i = 0; i < 2; i++) {
            CHECK(REC_WAIT(&r, r.pending_resp != NULL && r.active == 0));
            CHECK_EQ_INT(respond_pending(&r), MI_RESULT_OK);
        }
        finish(&r, &op);
        CHECK_EQ_INT(r.cb_in_response, 0);
        check_chatty(&r, "ChattyThread deferred NoToAll", MI_RESULT_FAILED, 0);
        rec_destroy(&r);
    }
    /* an invalid answer is refused and the request stays outstanding */
    {
        rec r;
        rec_init(&r);
        r.resp_policy = RESP_DEFER;
        MI_Operation op;
        enumerate(&g_sess, 0, "Chatty", &r, &op);
        MI_Operation copy = r.pending_resp_op;
        CHECK_EQ_INT(r.pending_resp(&copy, 17), MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(respond_pending(&r), MI_RESULT_OK);
        CHECK_EQ_INT(respond_pending(&r), MI_RESULT_OK);
        finish(&r, &op);
        check_chatty(&r, "Chatty bad answer", MI_RESULT_OK, 0);
        rec_destroy(&r);
    }
}

static void test_fail_unknown(void)
{
    SECTION("Fail / unknown");
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        enumerate(&g_sess, 0, "Fail:5", &r, &op);
        CHECK_EQ_INT(r.finals, 1);
        CHECK_EQ_INT(r.results, 0);
        CHECK_EQ_INT(r.final_code, 5);
        CHECK(strcmp(r.final_msg, TESTHANDLER_FAIL_MESSAGE) == 0);
        CHECK(strcmp(r.details_class, TESTHANDLER_ERROR_CLASS) == 0);
        finish(&r, &op);
        check_common(&r, "Fail:5");
        rec_destroy(&r);
    }
    const char *bad[] = {"Bogus", "Inline:", "Inline:x", "Inline:1x", "Thread:1", "inline:1", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rec r;
        rec_init(&r);
        MI_Operation op;
        enumerate(&g_sess, 0, bad[i], &r, &op);
        CHECK_EQ_INT(r.final_code, MI_RESULT_NOT_SUPPORTED);
        CHECK(strncmp(r.final_msg, TESTHANDLER_UNKNOWN_PREFIX, strlen(TESTHANDLER_UNKNOWN_PREFIX)) == 0);
        finish(&r, &op);
        check_common(&r, bad[i]);
        rec_destroy(&r);
    }
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        enumerate(&g_sess, 0, NULL, &r, &op);
        CHECK_EQ_INT(r.final_code, MI_RESULT_NOT_SUPPORTED);
        finish(&r, &op);
        rec_destroy(&r);
    }
}

static const MI_Instance *g_captured;
static void MI_CALL cb_capture(MI_Operation *op, void *ctx, const MI_Instance *inst,
                               MI_Boolean more, MI_Result code, const MI_Char *msg,
                               const MI_Instance *details, ack_fn ack)
{
    (void)op, (void)ctx, (void)code, (void)msg, (void)details, (void)ack;
    if (more) g_captured = inst;
}

static void test_instance_ft(void)
{
    SECTION("MI_InstanceFT of results");
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.instanceResult = cb_capture;
    MI_Operation op;
    g_captured = NULL;
    g_sess.ft->EnumerateInstances(&g_sess, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, NULL, "root/test",
                                  "Inline:1", MI_FALSE, &cb, &op);
    const MI_Instance *in = g_captured; /* valid: not acknowledged */
    if (!CHECK(in != NULL)) return;
    const void *const *slots = (const void *const *)in->ft;
    for (int i = 0; i < 18; i++) CHECK(slots[i] != NULL);
    CHECK(in->classDecl != NULL && strcmp(in->classDecl->name, TESTHANDLER_RESULT_CLASS) == 0);
    const MI_Char *s = NULL;
    MI_Uint32 count = 0, index = 99, flags = 99;
    MI_Value v;
    MI_Type t;
    CHECK_EQ_INT(in->ft->GetClassName(in, &s), MI_RESULT_OK);
    CHECK(s != NULL && strcmp(s, TESTHANDLER_RESULT_CLASS) == 0);
    CHECK_EQ_INT(in->ft->GetNameSpace(in, &s), MI_RESULT_OK);
    CHECK(s != NULL && strcmp(s, TESTHANDLER_NAMESPACE) == 0);
    CHECK_EQ_INT(in->ft->GetServerName(in, &s), MI_RESULT_OK);
    CHECK_EQ_INT(in->ft->GetElementCount(in, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 1);
    CHECK_EQ_INT(in->ft->GetElement(in, "Index", &v, &t, &flags, &index), MI_RESULT_OK);
    CHECK_EQ_INT(t, MI_UINT32);
    CHECK_EQ_INT(v.uint32, 0);
    CHECK_EQ_INT(index, 0);
    CHECK_EQ_INT(flags, 0);
    CHECK_EQ_INT(in->ft->GetElementAt(in, 0, &s, &v, &t, &flags), MI_RESULT_OK);
    CHECK(strcmp(s, "Index") == 0);
    CHECK_EQ_INT(in->ft->GetElementAt(in, 1, &s, &v, &t, &flags), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(in->ft->GetElement(in, "Nope", &v, &t, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    MI_Boolean isa = 0;
    CHECK_EQ_INT(in->ft->IsA(in, in->classDecl, &isa), MI_RESULT_OK);
    CHECK_EQ_INT(isa, 1);
    MI_Instance *mut = (MI_Instance *)in;
    CHECK_EQ_INT(in->ft->SetElement(mut, "Index", &v, MI_UINT32, 0), MI_RESULT_NOT_SUPPORTED);
    CHECK_EQ_INT(in->ft->AddElement(mut, "X", &v, MI_UINT32, 0), MI_RESULT_NOT_SUPPORTED);
    CHECK_EQ_INT(in->ft->SetElementAt(mut, 0, &v, MI_UINT32, 0), MI_RESULT_NOT_SUPPORTED);
    CHECK_EQ_INT(in->ft->ClearElement(mut, "Index"), MI_RESULT_NOT_SUPPORTED);
    CHECK_EQ_INT(in->ft->ClearElementAt(mut, 0), MI_RESULT_NOT_SUPPORTED);
    CHECK_EQ_INT(in->ft->SetNameSpace(mut, "x"), MI_RESULT_NOT_SUPPORTED);
    CHECK_EQ_INT(in->ft->SetServerName(mut, "x"), MI_RESULT_NOT_SUPPORTED);
    CHECK_EQ_INT(in->ft->Destruct(mut), MI_RESULT_NOT_SUPPORTED);
    MI_Class *cls = NULL;
    CHECK_EQ_INT(in->ft->GetClass(in, &cls), MI_RESULT_NOT_SUPPORTED);
    MI_Instance *clone = NULL;
    CHECK_EQ_INT(in->ft->Clone(in, &clone), MI_RESULT_OK);
    CHECK_EQ_INT(h_instances(), 1);
    int v0 = h_violations();
    CHECK_EQ_INT(in->ft->Delete(mut), MI_RESULT_NOT_SUPPORTED); /* the handler owns it */
    CHECK_EQ_INT(h_violations(), v0 + 1);
    MI_Operation copy = op;
    /* ack result 0 (the handler frees it), then the clone must still be readable */
    /* (the ack function is the handler's; find it by delivering again is not possible:
       close the operation instead, which is after its final) */
    CHECK_EQ_INT(op.ft->Cancel(&copy, MI_REASON_NONE), MI_RESULT_OK); /* waits for the ack */
    if (CHECK(clone != NULL)) {
        CHECK_EQ_INT(clone->ft->GetElement(clone, "Index", &v, &t, NULL, NULL), MI_RESULT_OK);
        CHECK_EQ_INT(clone->ft->Delete(clone), MI_RESULT_OK);
    }
    CHECK_EQ_INT(h_instances(), 0);
    /* Close before the final (the ack never came): a violation, nothing more delivered */
    CHECK_EQ_INT(op.ft->Close(&op), MI_RESULT_OK);
    CHECK_EQ_INT(h_violations(), v0 + 2);
    CHECK_EQ_INT(op.ft->Close(&op), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(op.ft->Cancel(&op, MI_REASON_NONE), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(h_violations(), v0 + 4);
    MI_Session back;
    CHECK_EQ_INT(op.ft->GetSession(&op, &back), MI_RESULT_INVALID_PARAMETER);
}

static void test_other_slots(void)
{
    SECTION("other slots");
    MI_Operation op;
    struct {
        const char *name;
        int results;
        MI_Result code;
        const char *cls;
    } expect[] = {
        {"GetInstance", 1, MI_RESULT_OK, TESTHANDLER_RESULT_CLASS},
        {"GetInstance(Fail:11)", 0, 11, NULL},
        {"ModifyInstance", 1, MI_RESULT_OK, TESTHANDLER_RESULT_CLASS},
        {"CreateInstance", 1, MI_RESULT_OK, TESTHANDLER_RESULT_CLASS},
        {"DeleteInstance", 1, MI_RESULT_OK, TESTHANDLER_RESULT_CLASS},
        {"Invoke", 1, MI_RESULT_OK, TESTHANDLER_PARAMETERS_CLASS},
        {"Invoke(Inline:2)", 2, MI_RESULT_OK, TESTHANDLER_PARAMETERS_CLASS},
        {"QueryInstances(Inline:2)", 2, MI_RESULT_OK, TESTHANDLER_RESULT_CLASS},
        {"QueryInstances(select)", 0, MI_RESULT_NOT_SUPPORTED, NULL},
        {"AssociatorInstances", 1, MI_RESULT_OK, TESTHANDLER_RESULT_CLASS},
        {"ReferenceInstances(Inline:3)", 3, MI_RESULT_OK, TESTHANDLER_RESULT_CLASS},
        {"Subscribe(Stream:3)", 3, MI_RESULT_OK, TESTHANDLER_INDICATION_CLASS},
        {"GetClass(Inline:2)", 2, MI_RESULT_OK, TESTHANDLER_CLASS_CLASS},
        {"GetClass(Foo)", 0, MI_RESULT_NOT_SUPPORTED, NULL},
        {"EnumerateClasses(NULL)", 0, MI_RESULT_NOT_SUPPORTED, NULL},
        {"EnumerateClasses(Thread:2:0)", 2, MI_RESULT_OK, TESTHANDLER_CLASS_CLASS},
        {"TestConnection", 0, MI_RESULT_OK, NULL},
    };
    /* an inbound instance whose class name selects the behaviour (ft NULL: classDecl) */
    static const MI_ClassDecl fail_decl = {MI_FLAG_CLASS, 0, "Fail:11", NULL, 0, NULL, 0, 0,
                                           NULL, NULL, NULL, 0, NULL, NULL, NULL};
    MI_Instance inbound;
    memset(&inbound, 0, sizeof inbound);
    inbound.classDecl = &fail_decl;
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        rec r;
        rec_init(&r);
        r.expected = &op;
        r.close_in_final = 1;
        MI_OperationCallbacks cb = callbacks_for(&r);
        MI_Session *s = &g_sess;
        tl_in_start++;
        switch (i) {
        case 0: s->ft->GetInstance(s, 0, NULL, "root/test", NULL, &cb, &op); break;
        case 1: s->ft->GetInstance(s, 0, NULL, "root/test", &inbound, &cb, &op); break;
        case 2: s->ft->ModifyInstance(s, 0, NULL, "root/test", NULL, &cb, &op); break;
        case 3: s->ft->CreateInstance(s, 0, NULL, "root/test", NULL, &cb, &op); break;
        case 4: s->ft->DeleteInstance(s, 0, NULL, "root/test", NULL, &cb, &op); break;
        case 5: s->ft->Invoke(s, 0, NULL, "root/test", "C", "Method", NULL, NULL, &cb, &op); break;
        case 6: s->ft->Invoke(s, 0, NULL, "root/test", "C", "Inline:2", NULL, NULL, &cb, &op); break;
        case 7: s->ft->QueryInstances(s, 0, NULL, "root/test", "WQL", "Inline:2", &cb, &op); break;
        case 8: s->ft->QueryInstances(s, 0, NULL, "root/test", "WQL", "select", &cb, &op); break;
        case 9:
            s->ft->AssociatorInstances(s, 0, NULL, "root/test", NULL, NULL, NULL, NULL, NULL,
                                       MI_FALSE, &cb, &op);
            break;
        case 10:
            s->ft->ReferenceInstances(s, 0, NULL, "root/test", NULL, "Inline:3", NULL, MI_FALSE,
                                      &cb, &op);
            break;
        case 11: s->ft->Subscribe(s, 0, NULL, "root/test", "WQL", "Stream:3", NULL, &cb, &op); break;
        case 12: s->ft->GetClass(s, 0, NULL, "root/test", "Inline:2", &cb, &op); break;
        case 13: s->ft->GetClass(s, 0, NULL, "root/test", "Foo", &cb, &op); break;
        case 14: s->ft->EnumerateClasses(s, 0, NULL, "root/test", NULL, MI_FALSE, &cb, &op); break;
        case 15:
            s->ft->EnumerateClasses(s, 0, NULL, "root/test", "Thread:2:0", MI_FALSE, &cb, &op);
            break;
        case 16: s->ft->TestConnection(s, 0, &cb, &op); break;
        }
        tl_in_start--;
        finish(&r, &op);
        if (!CHECK_EQ_INT(r.results, expect[i].results) || !CHECK_EQ_INT(r.final_code, expect[i].code) ||
            !CHECK(expect[i].cls == NULL || strcmp(r.result_class, expect[i].cls) == 0)) {
            fprintf(stderr, "   in %s (class %s)\n", expect[i].name, r.result_class);
        }
        if (i == 5 || i == 6) CHECK(r.has_return_value && r.return_value == 0);
        if (i == 11) {
            CHECK(strcmp(r.bookmark, "bm-2") == 0);
            CHECK(strcmp(r.machine, TESTHANDLER_MACHINE_ID) == 0);
        }
        check_common(&r, expect[i].name);
        rec_destroy(&r);
    }
    /* Subscribe(Never) + Cancel */
    rec r;
    rec_init(&r);
    MI_OperationCallbacks cb = callbacks_for(&r);
    r.expected = &op;
    g_sess.ft->Subscribe(&g_sess, 0, NULL, "root/test", "WQL", "Never", NULL, &cb, &op);
    CHECK_EQ_INT(cancel(&op), MI_RESULT_OK);
    finish(&r, &op);
    CHECK_EQ_INT(r.final_code, TESTHANDLER_CANCEL_RESULT);
    check_common(&r, "Subscribe Never");
    rec_destroy(&r);
    /* sync pulls are not the handler's business */
    rec_init(&r);
    enumerate(&g_sess, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, "Never", &r, &op);
    const MI_Instance *inst;
    MI_Boolean more;
    MI_Result res;
    CHECK_EQ_INT(op.ft->GetInstance(&op, &inst, &more, &res, NULL, NULL), MI_RESULT_NOT_SUPPORTED);
    MI_Session back;
    CHECK_EQ_INT(op.ft->GetSession(&op, &back), MI_RESULT_OK);
    CHECK(back.reserved2 == g_sess.reserved2);
    CHECK_EQ_INT(cancel(&op), MI_RESULT_OK);
    finish(&r, &op);
    rec_destroy(&r);
}

/* ---- Options: stub options tables (the library's are not here) -------------------------- */

static const char *stub_locale = "de-DE";
static atomic_int stub_dest_calls;

static MI_Result stub_dest_count(const MI_DestinationOptions *o, MI_Uint32 *count)
{
    (void)o;
    atomic_fetch_add(&stub_dest_calls, 1);
    *count = 4;
    return MI_RESULT_OK;
}

static MI_Result stub_dest_string(const MI_DestinationOptions *o, const MI_Char *name,
                                  const MI_Char **value, MI_Uint32 *index, MI_Uint32 *flags)
{
    (void)o;
    if (strcmp(name, "__MI_DESTINATIONOPTIONS_DATA_LOCALE") != 0) return MI_RESULT_NO_SUCH_PROPERTY;
    *value = stub_locale;
    if (index != NULL) *index = 0;
    if (flags != NULL) *flags = 0;
    return MI_RESULT_OK;
}

static MI_Result stub_dest_creds_count(const MI_DestinationOptions *o, MI_Uint32 *count)
{
    (void)o;
    *count = 1;
    return MI_RESULT_OK;
}

static MI_Result stub_dest_creds_at(const MI_DestinationOptions *o, MI_Uint32 index,
                                    const MI_Char **optionName, MI_UserCredentials *c,
                                    MI_Uint32 *flags)
{
    (void)o;
    if (index != 0) return MI_RESULT_INVALID_PARAMETER;
    *optionName = "__MI_DESTINATIONOPTIONS_DESTINATION_CREDENTIALS";
    c->authenticationType = MI_AUTH_TYPE_BASIC;
    c->credentials.usernamePassword.domain = NULL;
    c->credentials.usernamePassword.username = "alice";
    c->credentials.usernamePassword.password = "******";
    if (flags != NULL) *flags = 0;
    return MI_RESULT_OK;
}

/* As the library: a size query (bufferLength 0) succeeds with the length, NUL included. */
static MI_Result stub_dest_password_at(const MI_DestinationOptions *o, MI_Uint32 index,
                                       const MI_Char **optionName, MI_Char *password,
                                       MI_Uint32 bufferLength, MI_Uint32 *passwordLength,
                                       MI_Uint32 *flags)
{
    static const char secret[] = "s3cret!";
    (void)o;
    if (index != 0 || passwordLength == NULL) return MI_RESULT_INVALID_PARAMETER;
    *optionName = "__MI_DESTINATIONOPTIONS_DESTINATION_CREDENTIALS";
    *passwordLength = sizeof secret;
    if (flags != NULL) *flags = 0;
    if (bufferLength == 0) return MI_RESULT_OK;
    if (bufferLength < sizeof secret || password == NULL) return MI_RESULT_FAILED;
    memcpy(password, secret, sizeof secret);
    return MI_RESULT_OK;
}

static const MI_DestinationOptionsFT stub_dest_ft = {
    .GetString = stub_dest_string,
    .GetOptionCount = stub_dest_count,
    .GetCredentialsCount = stub_dest_creds_count,
    .GetCredentialsAt = stub_dest_creds_at,
    .GetCredentialsPasswordAt = stub_dest_password_at,
};

static MI_Result stub_op_count(const MI_OperationOptions *o, MI_Uint32 *count)
{
    (void)o;
    *count = 2;
    return MI_RESULT_OK;
}

static MI_Result stub_op_string(const MI_OperationOptions *o, const MI_Char *name,
                                const MI_Char **value, MI_Uint32 *index, MI_Uint32 *flags)
{
    (void)o, (void)index, (void)flags;
    if (strcmp(name, "__MI_OPERATIONOPTIONS_RESOURCE_URI") != 0) return MI_RESULT_NO_SUCH_PROPERTY;
    *value = "http://x/y";
    return MI_RESULT_OK;
}

static MI_Result stub_op_interval(const MI_OperationOptions *o, const MI_Char *name,
                                  MI_Interval *value, MI_Uint32 *index, MI_Uint32 *flags)
{
    (void)o, (void)index, (void)flags;
    if (strcmp(name, "__MI_OPERATIONOPTIONS_TIMEOUT") != 0) return MI_RESULT_NO_SUCH_PROPERTY;
    memset(value, 0, sizeof *value);
    value->seconds = 7;
    return MI_RESULT_OK;
}

static const MI_OperationOptionsFT stub_op_ft = {
    .GetString = stub_op_string,
    .GetOptionCount = stub_op_count,
    .GetInterval = stub_op_interval,
};

static MI_Result stub_sub_count(const MI_SubscriptionDeliveryOptions *o, MI_Uint32 *count)
{
    (void)o;
    *count = 3;
    return MI_RESULT_OK;
}

static const MI_SubscriptionDeliveryOptionsFT stub_sub_ft = {.GetOptionCount = stub_sub_count};

/* Starts EnumerateInstances (or Subscribe when sub != NULL) with options. */
static void start_with_options(MI_Session *s, const char *behaviour, MI_OperationOptions *oo,
                               MI_SubscriptionDeliveryOptions *so, int subscribe, rec *r,
                               MI_Operation *op)
{
    MI_OperationCallbacks cb = callbacks_for(r);
    r->expected = op;
    r->session = s;
    tl_in_start++;
    if (subscribe) {
        s->ft->Subscribe(s, 0, oo, "root/test", "WQL", behaviour, so, &cb, op);
    } else {
        s->ft->EnumerateInstances(s, 0, oo, "root/test", behaviour, MI_FALSE, &cb, op);
    }
    tl_in_start--;
}

static void test_options(void)
{
    SECTION("Options");
    int v0 = h_violations();
    /* NULL options everywhere (g_sess was opened without options): no elements, final OK */
    const char *behaviours[] = {"Options", "OptionsThread:0", "OptionsThread:5"};
    for (int i = 0; i < 3; i++) {
        for (int sub = 0; sub <= 1; sub++) {
            rec r;
            rec_init(&r);
            MI_Operation op;
            start_with_options(&g_sess, behaviours[i], NULL, NULL, sub, &r, &op);
            finish(&r, &op);
            if (!CHECK_EQ_INT(r.results, 1) || !CHECK_EQ_INT(r.final_code, MI_RESULT_OK) ||
                !CHECK(strcmp(r.result_class, TESTHANDLER_OPTIONS_CLASS) == 0) ||
                !CHECK_EQ_INT(r.elem_count, 0)) {
                fprintf(stderr, "   in %s (subscribe %d): %s\n", behaviours[i], sub, r.elems);
            }
            CHECK_EQ_INT(i == 0 ? r.cb_inline : r.cb_other, 2);
            if (sub) CHECK(strcmp(r.bookmark, "bm-0") == 0);
            check_common(&r, behaviours[i]);
            rec_destroy(&r);
        }
    }
    /* class slots: no result, final OK */
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        MI_OperationCallbacks cb = callbacks_for(&r);
        r.expected = &op;
        g_sess.ft->GetClass(&g_sess, 0, NULL, "root/test", "Options", &cb, &op);
        finish(&r, &op);
        CHECK_EQ_INT(r.results, 0);
        CHECK_EQ_INT(r.final_code, MI_RESULT_OK);
        check_common(&r, "GetClass(Options)");
        rec_destroy(&r);
    }
    CHECK_EQ_INT(h_violations(), v0);

    /* every option read, through stub tables */
    MI_DestinationOptions dest = {1, 2, &stub_dest_ft};
    MI_OperationOptions oo = {3, 4, &stub_op_ft};
    MI_SubscriptionDeliveryOptions so = {5, 6, &stub_sub_ft};
    MI_Session s;
    atomic_store(&stub_dest_calls, 0);
    CHECK_EQ_INT(g_app.ft->NewSession(&g_app, NULL, NULL, &dest, NULL, NULL, &s), MI_RESULT_OK);
    CHECK_EQ_INT(atomic_load(&stub_dest_calls), 1); /* read inside NewSession */
    static const char all_dest[] =
        "DestinationOptionCount=4;DataLocale=de-DE;CredentialsCount=1;Password=s3cret!;"
        "UserName=alice;";
    for (int i = 0; i < 3; i++) {
        for (int sub = 0; sub <= 1; sub++) {
            rec r;
            rec_init(&r);
            MI_Operation op;
            start_with_options(&s, behaviours[i], &oo, &so, sub, &r, &op);
            finish(&r, &op);
            char want[512];
            snprintf(want, sizeof want, "OperationOptionCount=2;ResourceUri=http://x/y;"
                     "TimeoutSeconds=7;%s%s", all_dest, sub ? "DeliveryOptionCount=3;" : "");
            if (!CHECK_EQ_INT(r.results, 1) || !CHECK_EQ_INT(r.final_code, MI_RESULT_OK) ||
                !CHECK(strcmp(r.elems, want) == 0)) {
                fprintf(stderr, "   in %s (subscribe %d): got %s\n   want %s\n", behaviours[i],
                        sub, r.elems, want);
            }
            check_common(&r, behaviours[i]);
            rec_destroy(&r);
        }
    }
    /* operation options absent, destination options present */
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        start_with_options(&s, "Options", NULL, NULL, 0, &r, &op);
        finish(&r, &op);
        CHECK(strcmp(r.elems, all_dest) == 0);
        CHECK_EQ_INT(r.final_code, MI_RESULT_OK);
        rec_destroy(&r);
    }
    CHECK_EQ_INT(atomic_load(&stub_dest_calls), 1 + 3 * 2 + 1); /* again at each operation */
    /* the destination options now read differently: the final says so */
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        stub_locale = "fr-FR";
        start_with_options(&s, "Options", NULL, NULL, 0, &r, &op);
        stub_locale = "de-DE";
        finish(&r, &op);
        CHECK_EQ_INT(r.results, 1);
        CHECK(strstr(r.elems, "DataLocale=fr-FR;") != NULL);
        CHECK_EQ_INT(r.final_code, MI_RESULT_FAILED);
        CHECK(strncmp(r.final_msg, TESTHANDLER_OPTIONS_CHANGED_PREFIX,
                      strlen(TESTHANDLER_OPTIONS_CHANGED_PREFIX)) == 0);
        CHECK(strstr(r.final_msg, "DataLocale") != NULL);
        check_common(&r, "Options changed");
        rec_destroy(&r);
    }
    /* a result clone keeps the copied strings */
    {
        MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
        cb.instanceResult = cb_capture;
        MI_Operation op;
        g_captured = NULL;
        s.ft->EnumerateInstances(&s, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, &oo, "root/test",
                                 "Options", MI_FALSE, &cb, &op);
        MI_Instance *clone = NULL;
        if (CHECK(g_captured != NULL)) {
            CHECK_EQ_INT(g_captured->ft->Clone(g_captured, &clone), MI_RESULT_OK);
        }
        CHECK_EQ_INT(op.ft->Cancel(&op, MI_REASON_NONE), MI_RESULT_OK);
        int v1 = h_violations();
        CHECK_EQ_INT(op.ft->Close(&op), MI_RESULT_OK); /* before the final: a violation */
        CHECK_EQ_INT(h_violations(), v1 + 1);
        v0++;
        if (CHECK(clone != NULL)) {
            MI_Value v;
            MI_Type t;
            CHECK_EQ_INT(clone->ft->GetElement(clone, "ResourceUri", &v, &t, NULL, NULL),
                         MI_RESULT_OK);
            CHECK(t == MI_STRING && strcmp(v.string, "http://x/y") == 0);
            CHECK(v.string != NULL && (const char *)v.string > (const char *)clone &&
                  (const char *)v.string < (const char *)clone + 4096); /* in the clone */
            CHECK_EQ_INT(clone->ft->GetElement(clone, "Password", &v, &t, NULL, NULL),
                         MI_RESULT_OK);
            CHECK(t == MI_STRING && strcmp(v.string, "s3cret!") == 0);
            CHECK_EQ_INT(clone->ft->Delete(clone), MI_RESULT_OK);
        }
        CHECK_EQ_INT(h_instances(), 0);
    }
    CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(h_violations(), v0);

    /* a struct with a NULL ft is a violation (the library passes NULL), and counts as absent */
    MI_DestinationOptions dnull = MI_DESTINATIONOPTIONS_NULL;
    MI_OperationOptions onull = MI_OPERATIONOPTIONS_NULL;
    MI_SubscriptionDeliveryOptions snull = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
    CHECK_EQ_INT(g_app.ft->NewSession(&g_app, NULL, NULL, &dnull, NULL, NULL, &s), MI_RESULT_OK);
    CHECK_EQ_INT(h_violations(), v0 + 1);
    {
        rec r;
        rec_init(&r);
        MI_Operation op;
        start_with_options(&s, "Options", &onull, &snull, 1, &r, &op);
        finish(&r, &op);
        CHECK_EQ_INT(h_violations(), v0 + 3);
        CHECK_EQ_INT(r.results, 1);
        CHECK_EQ_INT(r.elem_count, 0);
        CHECK_EQ_INT(r.final_code, MI_RESULT_OK);
        rec_destroy(&r);
    }
    CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_OK);
}

/* Start an operation from inside the final callback of another (nested start). */
static rec g_inner;
static MI_Operation g_inner_op;
static void MI_CALL cb_start_inner(MI_Operation *op, void *ctx, const MI_Instance *inst,
                                   MI_Boolean more, MI_Result code, const MI_Char *msg,
                                   const MI_Instance *details, ack_fn ack)
{
    (void)inst, (void)code, (void)msg, (void)details, (void)ack, (void)ctx;
    if (!more) {
        g_inner.close_in_final = 1;
        enumerate(&g_sess, 0, "Inline:2", &g_inner, &g_inner_op);
        op->ft->Close(op);
    }
}

static void test_nested_start(void)
{
    SECTION("operation started inside a callback");
    rec_init(&g_inner);
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.instanceResult = cb_start_inner;
    MI_Operation op;
    g_sess.ft->EnumerateInstances(&g_sess, 0, NULL, "root/test", "Thread:1:0", MI_FALSE, &cb, &op);
    CHECK(rec_wait_done(&g_inner));
    CHECK_EQ_INT(g_inner.results, 2);
    check_common(&g_inner, "inner op");
    rec_destroy(&g_inner);
}

static void test_session_close(void)
{
    SECTION("session Close");
    int v0 = h_violations();
    MI_Session s;
    /* sync Close with running operations of every kind: each gets its final inside Close */
    {
        CHECK_EQ_INT(g_app.ft->NewSession(&g_app, NULL, NULL, NULL, NULL, NULL, &s), MI_RESULT_OK);
        const char *beh[] = {"Never", "NeverThread", "Inline:3", "Thread:2:5000", "Stream:3", "Chatty"};
        enum { N = sizeof beh / sizeof beh[0] };
        rec r[N];
        MI_Operation op[N];
        for (int i = 0; i < N; i++) {
            rec_init(&r[i]);
            r[i].close_in_final = 1;
            r[i].ack_policy = ACK_DEFER;
            r[i].resp_policy = RESP_DEFER;
            enumerate(&s, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, beh[i], &r[i], &op[i]);
        }
        CHECK(REC_WAIT(&r[4], r[4].results == 1)); /* Stream waits for its first ack */
        double t0 = now_ms();
        tl_in_close++;
        CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_OK);
        tl_in_close--;
        CHECK(now_ms() - t0 < 3000);
        for (int i = 0; i < N; i++) {
            CHECK_EQ_INT(r[i].finals, 1); /* before Close returned */
            CHECK_EQ_INT(r[i].final_code, TESTHANDLER_SESSION_CLOSED_RESULT);
            CHECK(strcmp(r[i].final_msg, TESTHANDLER_SESSION_CLOSED_MESSAGE) == 0);
            finish(&r[i], &op[i]);
            check_common(&r[i], beh[i]);
        }
        CHECK(r[0].cb_in_close == 1 && r[2].cb_in_close == 1 && r[5].cb_in_close == 1);
        CHECK(r[1].cb_other == 1 && r[3].cb_other == 1);
        CHECK_EQ_INT(h_violations(), v0);
        /* continuations the handler abandoned now fail cleanly */
        CHECK_EQ_INT(ack_pending(&r[2]), MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(respond_pending(&r[5]), MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(h_violations(), v0 + 2);
        for (int i = 0; i < N; i++) rec_destroy(&r[i]);
    }
    v0 = h_violations();
    /* an operation the library forgot to close is reclaimed (a violation) */
    {
        CHECK_EQ_INT(g_app.ft->NewSession(&g_app, NULL, NULL, NULL, NULL, NULL, &s), MI_RESULT_OK);
        rec r;
        rec_init(&r);
        MI_Operation op;
        int live = h_live();
        enumerate(&s, 0, "Never", &r, &op);
        CHECK_EQ_INT(h_live(), live + 1);
        CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_OK);
        CHECK_EQ_INT(r.finals, 1);
        CHECK_EQ_INT(h_live(), live - 1);
        CHECK_EQ_INT(h_violations(), v0 + 1);
        CHECK_EQ_INT(op.ft->Close(&op), MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(h_violations(), v0 + 2);
        rec_destroy(&r);
    }
    v0 = h_violations();
    /* sync Close inside a non-final callback: refused; the session stays usable */
    {
        CHECK_EQ_INT(g_app.ft->NewSession(&g_app, NULL, NULL, NULL, NULL, NULL, &s), MI_RESULT_OK);
        rec r;
        rec_init(&r);
        r.close_session_in_result = 1;
        r.close_in_final = 1;
        MI_Operation op;
        enumerate(&s, 0, "Inline:2", &r, &op);
        CHECK_EQ_INT(r.session_close_rc, MI_RESULT_FAILED);
        CHECK_EQ_INT(h_violations(), v0 + 1);
        finish(&r, &op);
        check_common(&r, "refused close");
        rec_destroy(&r);
        rec_init(&r);
        r.close_in_final = 1;
        enumerate(&s, 0, "Inline:1", &r, &op);
        finish(&r, &op);
        check_common(&r, "after refused close");
        rec_destroy(&r);
        CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_OK);
    }
    v0 = h_violations();
    /* sync Close inside the final callback, on the handler thread: fine */
    {
        CHECK_EQ_INT(g_app.ft->NewSession(&g_app, NULL, NULL, NULL, NULL, NULL, &s), MI_RESULT_OK);
        rec r;
        rec_init(&r);
        r.close_in_final = 1;
        r.close_session_in_final = 1;
        MI_Operation op;
        enumerate(&s, 0, "Thread:1:0", &r, &op);
        finish(&r, &op);
        CHECK_EQ_INT(r.session_close_rc, MI_RESULT_OK);
        CHECK_EQ_INT(r.cb_other, 2);
        check_common(&r, "close in final on handler thread");
        rec_destroy(&r);
    }
    /* async Close inside the final callback of an inline operation */
    {
        CHECK_EQ_INT(g_app.ft->NewSession(&g_app, NULL, NULL, NULL, NULL, NULL, &s), MI_RESULT_OK);
        rec r;
        rec_init(&r);
        r.close_in_final = 1;
        r.close_session_in_final = 2;
        MI_Operation op;
        enumerate(&s, 0, "Inline:1", &r, &op);
        finish(&r, &op);
        CHECK_EQ_INT(r.session_close_rc, MI_RESULT_OK);
        CHECK(REC_WAIT(&r, r.completions == 1));
        sleep_ms(20);
        CHECK_EQ_INT(r.completions, 1);
        CHECK_EQ_INT(r.completion_on_main, 0);
        rec_destroy(&r);
    }
    /* async Close with a running operation: its final comes before the completion */
    {
        CHECK_EQ_INT(g_app.ft->NewSession(&g_app, NULL, NULL, NULL, NULL, NULL, &s), MI_RESULT_OK);
        rec r;
        rec_init(&r);
        r.close_in_final = 1;
        MI_Operation op;
        enumerate(&s, 0, "Never", &r, &op);
        tl_in_close++;
        CHECK_EQ_INT(s.ft->Close(&s, &r, on_session_closed), MI_RESULT_OK);
        tl_in_close--;
        CHECK(REC_WAIT(&r, r.completions == 1));
        CHECK(strcmp(r.log, "FC") == 0);
        CHECK_EQ_INT(r.completion_inline, 0);
        finish(&r, &op);
        check_common(&r, "async close with running op");
        CHECK_EQ_INT(s.ft->Close(&s, &r, on_session_closed), MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(h_violations(), v0 + 1);
        rec_destroy(&r);
    }
    /* closeinline: the completion runs inside Close */
    {
        CHECK_EQ_INT(g_app.ft->NewSession(&g_app, NULL, "closeinline", NULL, NULL, NULL, &s),
                     MI_RESULT_OK);
        rec r;
        rec_init(&r);
        tl_in_close++;
        CHECK_EQ_INT(s.ft->Close(&s, &r, on_session_closed), MI_RESULT_OK);
        tl_in_close--;
        CHECK_EQ_INT(r.completions, 1);
        CHECK_EQ_INT(r.completion_inline, 1);
        rec_destroy(&r);
    }
}

/* ---- concurrent stress ------------------------------------------------------------------- */

static int g_rounds = 30;

typedef struct worker {
    int id;
    unsigned seed;
} worker;

static unsigned rnd(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

static void *stress_worker(void *arg)
{
    worker *w = arg;
    for (int round = 0; round < g_rounds; round++) {
        int kind = (int)(rnd(&w->seed) % 8);
        rec r;
        rec_init(&r);
        MI_Operation op;
        int manual = 0, expect_n = -1, do_cancel = 0;
        const char *b = "Stream:10";
        r.close_in_final = (int)(rnd(&w->seed) % 2);
        switch (kind) {
        case 0: b = "Stream:10"; expect_n = 10; break;
        case 1: b = "Stream:10"; manual = 1; r.ack_policy = ACK_DEFER; expect_n = 10; break;
        case 2: b = "Thread:50:0"; do_cancel = 1; break;
        case 3: b = "AckReentrant:5"; manual = 1; expect_n = 5; break;
        case 4: b = "Inline:5"; manual = 1; r.ack_policy = ACK_DEFER; expect_n = 5; break;
        case 5: b = "NeverThread"; do_cancel = 1; expect_n = 0; break;
        case 6: b = "Stream:20"; manual = 1; r.ack_policy = ACK_DEFER; do_cancel = 1; break;
        case 7: b = "ChattyThread"; manual = 1; expect_n = 0; break;
        }
        if (do_cancel) r.close_in_final = 0; /* Cancel needs the handle open */
        enumerate(&g_sess, manual ? MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS : 0, b, &r, &op);
        if (do_cancel && kind != 6) {
            sleep_ms((long)(rnd(&w->seed) % 3));
            CHECK_EQ_INT(cancel(&op), MI_RESULT_OK);
        }
        if (r.ack_policy == ACK_DEFER) {
            int acks = 0;
            for (;;) {
                CHECK(REC_WAIT(&r, r.pending_ack != NULL || (r.finals == 1 && r.active == 0)));
                pthread_mutex_lock(&r.mu);
                int final_seen = r.finals == 1;
                int have = r.pending_ack != NULL, is_final = r.pending_is_final;
                pthread_mutex_unlock(&r.mu);
                if (final_seen && (!have || is_final)) break; /* finish() acks the final */
                CHECK_EQ_INT(ack_pending(&r), MI_RESULT_OK);
                if (kind == 6 && ++acks == 3) CHECK_EQ_INT(cancel(&op), MI_RESULT_OK);
            }
        }
        finish(&r, &op);
        char what[64];
        snprintf(what, sizeof what, "stress worker %d round %d %s", w->id, round, b);
        check_common(&r, what);
        if (expect_n >= 0) {
            if (!CHECK_EQ_INT(r.results, expect_n)) fprintf(stderr, "   in %s\n", what);
        }
        if (do_cancel && kind != 5) {
            CHECK(r.final_code == MI_RESULT_OK || r.final_code == TESTHANDLER_CANCEL_RESULT);
        }
        if (kind == 5) CHECK_EQ_INT(r.final_code, TESTHANDLER_CANCEL_RESULT);
        if (kind != 2 && kind != 6 && kind != 5 && kind != 7) CHECK_EQ_INT(r.final_code, MI_RESULT_OK);
        rec_destroy(&r);
    }
    return NULL;
}

static void test_stress(void)
{
    SECTION("stress");
    enum { W = 4 };
    pthread_t t[W];
    worker w[W];
    int v0 = h_violations();
    for (int i = 0; i < W; i++) {
        w[i].id = i;
        w[i].seed = 1234u + (unsigned)i * 77u;
        start_thread(&t[i], stress_worker, &w[i]);
    }
    for (int i = 0; i < W; i++) pthread_join(t[i], NULL);
    CHECK_EQ_INT(h_violations(), v0);
}

/* ---- main -------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    tu_watchdog(120);
    main_tid = pthread_self();
    const char *path = argc > 1 ? argv[1] : getenv("MI_TEST_HANDLER");
    if (path == NULL) {
        fprintf(stderr, "usage: %s path/to/libtesthandler.so (or set MI_TEST_HANDLER)\n", argv[0]);
        return 2;
    }
    const char *rounds = getenv("MI_TEST_STRESS_ROUNDS");
    if (rounds != NULL && atoi(rounds) >= 0) g_rounds = atoi(rounds);
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fprintf(stderr, "dlopen %s: %s\n", path, dlerror());
        return 2;
    }
    void *p;
    p = sym(lib, "TestHandler_Main");        memcpy(&h_main, &p, sizeof p);
    p = sym(lib, "TestHandler_Fail");        memcpy(&h_fail, &p, sizeof p);
    p = sym(lib, "TestHandler_LiveObjects"); memcpy(&h_live, &p, sizeof p);
    p = sym(lib, "TestHandler_Threads");     memcpy(&h_threads, &p, sizeof p);
    p = sym(lib, "TestHandler_Violations");  memcpy(&h_violations, &p, sizeof p);
    p = sym(lib, "TestHandler_LiveInstances"); memcpy(&h_instances, &p, sizeof p);

    test_entry_points(lib);
    CHECK_EQ_INT(g_app.ft->NewSession(&g_app, "TEST", NULL, NULL, NULL, NULL, &g_sess), MI_RESULT_OK);
    test_sessions();
    test_inline();
    test_thread();
    test_ack_reentrant();
    test_never();
    test_nested();
    test_chatty();
    test_fail_unknown();
    test_instance_ft();
    test_other_slots();
    test_options();
    test_nested_start();
    test_session_close();
    test_stress();

    SECTION("teardown");
    CHECK_EQ_INT(g_sess.ft->Close(&g_sess, NULL, NULL), MI_RESULT_OK);
    /* an application closed with a session still open reclaims it (a violation) */
    MI_Session forgotten;
    CHECK_EQ_INT(g_app.ft->NewSession(&g_app, NULL, NULL, NULL, NULL, NULL, &forgotten), MI_RESULT_OK);
    rec r;
    rec_init(&r);
    MI_Operation op;
    r.close_in_final = 1;
    enumerate(&forgotten, 0, "NeverThread", &r, &op);
    int v0 = h_violations();
    CHECK_EQ_INT(g_app.ft->Close(&g_app), MI_RESULT_OK);
    CHECK_EQ_INT(h_violations(), v0 + 1);
    CHECK_EQ_INT(r.finals, 1);
    CHECK(strcmp(r.final_msg, TESTHANDLER_APP_CLOSED_MESSAGE) == 0);
    check_common(&r, "app close");
    rec_destroy(&r);
    CHECK_EQ_INT(g_app.ft->Close(&g_app), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(h_live(), 0);
    CHECK_EQ_INT(h_threads(), 0);
    CHECK_EQ_INT(h_instances(), 0);
    fprintf(stderr, "-- handler violations provoked on purpose: %d\n", h_violations());
    CHECK_EQ_INT(dlclose(lib), 0);
    TEST_MAIN_END();
}
