/*
 * fuzz_api.c - a randomized multi-thread fuzzer of the client API (issue 9, "Build").
 *
 *   fuzz_api [api|values] [SEED]        (or MI_FUZZ_MODE, MI_FUZZ_SEED)
 *
 * Mode `api` (default): MI_FUZZ_THREADS (default 6) threads run random sequences over a few
 * shared applications, sessions on the test protocol handler (named by
 * MI_TEST_HANDLER_NAME, default "TEST"; tests/c/handler/README.md), and operations of
 * every slot and every behaviour the handler has, synchronous (pulled) and asynchronous,
 * with automatic and manual acknowledgements. Acknowledgements and prompt/error answers
 * are made inline or handed to other threads; operations are cancelled and closed before,
 * during (inside their own callbacks) and after their results; sessions are closed
 * synchronously and asynchronously. Inside callbacks the blocking closes (synchronous
 * session Close, application Close) must return MI_RESULT_FAILED. Stale, zeroed, garbage,
 * wrong-kind and bit-flipped handles must give MI_RESULT_INVALID_PARAMETER.
 * Checked: exactly one final result per asynchronous operation and nothing after it, the
 * final code where it is determined, one winning Close per handle, and at the end the
 * handler's violation, live-object and thread counters at zero (MI_TEST_HANDLER names the
 * handler file for them).
 *
 * Mode `values`: the same threads on instances and options objects: random types and
 * flags (undefined ones too), NULL and garbage pointers, 1 MiB strings, invalid UTF-8,
 * adopted, borrowed and copied embedded instances and chains past the embedding limit.
 *
 * SEED comes from argv, else MI_FUZZ_SEED, else the time (printed either way: a failing
 * run is repeated with the same seed; thread interleavings still vary). The run lasts
 * MI_FUZZ_SECONDS (default 5). A watchdog thread prints every thread's last step and
 * aborts when no thread made progress for MI_FUZZ_HANG_SECONDS (default 60). The last
 * stdout lines are the iteration count and `N passed, M failed`.
 */
#include "testutil.h"

#include <mi.h>

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#define MAX_THREADS 16
#define APP_SLOTS 3
#define GRAVE 64
#define MAX_OPS 6
#define POOL 256

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* xorshift64*: one per thread and one per operation (callbacks of one operation are
 * serial). */
static uint64_t rnd(uint64_t *s)
{
    uint64_t x = *s ? *s : 0x9E3779B97F4A7C15ull;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1Dull;
}
#define PICK(s, n) ((unsigned)(rnd(s) % (uint64_t)(n)))

/* ---- threads, progress and the watchdog ------------------------------------------- */

struct worker {
    int id;
    uint64_t seed;
    _Atomic(const char *) step;
    atomic_ulong steps;
};

static struct worker workers[MAX_THREADS];
static int nthreads = 6;
static double deadline;
static atomic_int stop_watchdog;
static atomic_ulong iterations, operations, probes;
static _Thread_local struct worker *self;

static void step(const char *what)
{
    if (self != NULL)
        atomic_store(&self->step, what);
}

static void *watchdog(void *arg)
{
    double hang = *(double *)arg;
    unsigned long last = 0;
    double since = now_s();
    while (!atomic_load(&stop_watchdog)) {
        tu_sleep_ms(200);
        unsigned long sum = atomic_load(&iterations);
        for (int i = 0; i < nthreads; i++)
            sum += atomic_load(&workers[i].steps);
        if (sum != last) {
            last = sum;
            since = now_s();
            continue;
        }
        if (now_s() - since > hang) {
            fprintf(stderr, "fuzz_api: WATCHDOG: no progress for %.0f s; last steps:\n", hang);
            for (int i = 0; i < nthreads; i++) {
                const char *s = atomic_load(&workers[i].step);
                fprintf(stderr, "  thread %d: %s (%lu steps)\n", i, s ? s : "(none)",
                        (unsigned long)atomic_load(&workers[i].steps));
            }
            fflush(stderr);
            abort();
        }
    }
    return NULL;
}

/* ---- result codes ----------------------------------------------------------------- */

static int is_ok_or_invalid(MI_Result r)
{
    return r == MI_RESULT_OK || r == MI_RESULT_INVALID_PARAMETER;
}

#define CHECK_OK_OR_INVALID(expr)                                                         \
    do {                                                                                  \
        MI_Result r_ = (expr);                                                            \
        if (!is_ok_or_invalid(r_))                                                        \
            CHECK_EQ_INT(r_, MI_RESULT_OK);                                               \
    } while (0)

/* ======================================================================================
 * Mode api
 * ==================================================================================== */

static const char *handler_name = "TEST";

static const char *behaviours[] = {
    "Inline:0", "Inline:3",  "Thread:2:1", "Stream:3",     "AckReentrant:3", "Never",
    "NeverThread", "Nested", "Chatty",     "ChattyThread", "Fail:6",         "Options",
    "OptionsThread:2", "Bogus",
};
#define NBEHAVIOURS (sizeof behaviours / sizeof *behaviours)

static int never_ends(const char *b)
{
    return strncmp(b, "Never", 5) == 0;
}

/* Shared applications; copies of closed handles to misuse. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static MI_Application apps[APP_SLOTS];
static int app_live[APP_SLOTS];
static MI_Application dead_apps[GRAVE];
static MI_Session dead_sessions[GRAVE];
static MI_Operation dead_ops[GRAVE];
static int n_dead_apps, n_dead_sessions, n_dead_ops;
static MI_Application main_app = MI_APPLICATION_NULL; /* open for the whole run */
static const MI_SessionFT *session_ft;     /* any session's table, for forged handles */
static const MI_OperationFT *operation_ft; /* any operation's table */

/* Deferred acknowledgements and continuations, called by whichever thread comes next. */
enum { DEFER_ACK, DEFER_ANSWER };
struct deferred {
    int kind;
    MI_Operation op;
    MI_Result(MI_CALL *ack)(MI_Operation *);
    MI_Result(MI_CALL *answer)(MI_Operation *, MI_OperationCallback_ResponseType);
};
static struct deferred pool[POOL];
static int pool_n;

static void call_deferred(struct deferred *d)
{
    if (d->kind == DEFER_ACK)
        CHECK_OK_OR_INVALID(d->ack(&d->op));
    else
        CHECK_OK_OR_INVALID(d->answer(&d->op, MI_OperationCallback_ResponseType_Yes));
}

/* Queues `d`; calls it at once when the pool is full. */
static void defer(struct deferred d)
{
    int queued = 0;
    pthread_mutex_lock(&lock);
    if (pool_n < POOL) {
        pool[pool_n++] = d;
        queued = 1;
    }
    pthread_mutex_unlock(&lock);
    if (!queued)
        call_deferred(&d);
}

/* Calls up to `n` queued items (all when n < 0), outside the lock. */
static void run_deferred(uint64_t *seed, int n)
{
    while (n-- != 0) {
        struct deferred d;
        int have = 0;
        pthread_mutex_lock(&lock);
        if (pool_n > 0) {
            int i = (int)PICK(seed, pool_n);
            d = pool[i];
            pool[i] = pool[--pool_n];
            have = 1;
        }
        pthread_mutex_unlock(&lock);
        if (!have)
            return;
        step("calling a deferred ack/answer");
        call_deferred(&d);
    }
}

static void bury(void *graveyard, int *n, const void *handle, size_t size)
{
    pthread_mutex_lock(&lock);
    int i = *n < GRAVE ? (*n)++ : (int)(now_s() * 1e6) % GRAVE;
    memcpy((char *)graveyard + (size_t)i * size, handle, size);
    pthread_mutex_unlock(&lock);
}

/* ---- one operation's record ------------------------------------------------------- */

struct oprec {
    atomic_int finals, after_final, close_wins;
    int expect;           /* the final's code when determined, else -1 */
    int probe_closes;     /* blocking closes inside its callbacks must be refused */
    MI_Application app;   /* copies, for the refused closes */
    MI_Session session;
    uint64_t seed;        /* callbacks of one operation are serial */
    int manual;
    int in_use;
};

/* What every callback does: refused blocking closes, cancel, close. */
static void in_callback(struct oprec *r, MI_Operation *op)
{
    if (atomic_load(&r->finals) > 0)
        atomic_fetch_add(&r->after_final, 1);
    if (!CHECK(op != NULL && op->ft != NULL))
        return;
    unsigned what = PICK(&r->seed, 24);
    if (what == 0 && r->probe_closes) {
        MI_Session s = r->session;
        CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_FAILED);
    } else if (what == 1 && r->probe_closes) {
        MI_Application a = r->app;
        CHECK_EQ_INT(a.ft->Close(&a), MI_RESULT_FAILED);
    } else if (what == 2) {
        CHECK_OK_OR_INVALID(op->ft->Cancel(op, MI_REASON_NONE));
    } else if (what == 3) {
        MI_Result c = op->ft->Close(op);
        CHECK(is_ok_or_invalid(c));
        if (c == MI_RESULT_OK)
            atomic_fetch_add(&r->close_wins, 1);
    }
}

static void handle_ack(struct oprec *r, MI_Operation *op, MI_Result(MI_CALL *ack)(MI_Operation *))
{
    if (ack == NULL)
        return;
    unsigned how = PICK(&r->seed, 10);
    if (how < 5) {
        CHECK_OK_OR_INVALID(ack(op));
    } else if (how < 8) {
        struct deferred d = {DEFER_ACK, *op, ack, NULL};
        defer(d);
    } /* else never: Close acknowledges */
}

static void result_common(struct oprec *r, MI_Operation *op, MI_Boolean more, MI_Result code,
                          MI_Result(MI_CALL *ack)(MI_Operation *))
{
    in_callback(r, op);
    if (!more) {
        atomic_fetch_add(&r->finals, 1);
        if (r->expect >= 0)
            CHECK_EQ_INT(code, r->expect);
    }
    handle_ack(r, op, ack);
}

static void MI_CALL on_instance(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                                MI_Result code, const MI_Char *err, const MI_Instance *details,
                                MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)inst; (void)err; (void)details;
    result_common(ctx, op, more, code, ack);
}

static void MI_CALL on_indication(MI_Operation *op, void *ctx, const MI_Instance *inst,
                                  const MI_Char *bookmark, const MI_Char *machine, MI_Boolean more,
                                  MI_Result code, const MI_Char *err, const MI_Instance *details,
                                  MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)inst; (void)bookmark; (void)machine; (void)err; (void)details;
    result_common(ctx, op, more, code, ack);
}

static void MI_CALL on_class(MI_Operation *op, void *ctx, const MI_Class *cls, MI_Boolean more,
                             MI_Result code, const MI_Char *err, const MI_Instance *details,
                             MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)cls; (void)err; (void)details;
    result_common(ctx, op, more, code, ack);
}

static void MI_CALL on_streamed(MI_Operation *op, void *ctx, const MI_Char *name, MI_Type type,
                                const MI_Value *value, MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)name; (void)type; (void)value;
    in_callback(ctx, op);
    handle_ack(ctx, op, ack);
}

static void MI_CALL on_message(MI_Operation *op, void *ctx, MI_Uint32 channel, const MI_Char *msg)
{
    (void)channel; (void)msg;
    in_callback(ctx, op);
}

static void MI_CALL on_progress(MI_Operation *op, void *ctx, const MI_Char *a, const MI_Char *b,
                                const MI_Char *c, MI_Uint32 pct, MI_Uint32 secs)
{
    (void)a; (void)b; (void)c; (void)pct; (void)secs;
    in_callback(ctx, op);
}

static void answer(struct oprec *r, MI_Operation *op,
                   MI_Result(MI_CALL *fn)(MI_Operation *, MI_OperationCallback_ResponseType))
{
    in_callback(r, op);
    if (PICK(&r->seed, 3) == 0) {
        struct deferred d = {DEFER_ANSWER, *op, NULL, fn};
        defer(d);
    } else {
        CHECK_OK_OR_INVALID(fn(op, MI_OperationCallback_ResponseType_Yes));
    }
}

static void MI_CALL on_prompt(MI_Operation *op, void *ctx, const MI_Char *msg, MI_PromptType type,
                              MI_Result(MI_CALL *fn)(MI_Operation *, MI_OperationCallback_ResponseType))
{
    (void)msg; (void)type;
    answer(ctx, op, fn);
}

static void MI_CALL on_error(MI_Operation *op, void *ctx, MI_Instance *inst,
                             MI_Result(MI_CALL *fn)(MI_Operation *, MI_OperationCallback_ResponseType))
{
    (void)inst;
    answer(ctx, op, fn);
}

/* ---- starting operations ---------------------------------------------------------- */

enum kind { K_INSTANCE, K_CLASS, K_INDICATION };

/* Starts operation slot `slot` (0-12) with behaviour `b`; its kind. */
static enum kind start(MI_Session *s, unsigned slot, MI_Uint32 flags, const char *b, MI_Instance *inbound,
                       MI_OperationCallbacks *cb, MI_Operation *op)
{
    const MI_Char *ns = MI_T("root/fuzz");
    switch (slot) {
    case 0: s->ft->EnumerateInstances(s, flags, NULL, ns, b, MI_FALSE, cb, op); return K_INSTANCE;
    case 1: s->ft->QueryInstances(s, flags, NULL, ns, MI_T("WQL"), b, cb, op); return K_INSTANCE;
    case 2: s->ft->GetClass(s, flags, NULL, ns, b, cb, op); return K_CLASS;
    case 3: s->ft->EnumerateClasses(s, flags, NULL, ns, b, MI_FALSE, cb, op); return K_CLASS;
    case 4: s->ft->Subscribe(s, flags, NULL, ns, MI_T("WQL"), b, NULL, cb, op); return K_INDICATION;
    case 5: s->ft->Invoke(s, flags, NULL, ns, MI_T("Fuzz_Class"), b, NULL, NULL, cb, op); return K_INSTANCE;
    case 6: s->ft->AssociatorInstances(s, flags, NULL, ns, inbound, NULL, b, NULL, NULL, MI_FALSE, cb, op); return K_INSTANCE;
    case 7: s->ft->ReferenceInstances(s, flags, NULL, ns, inbound, b, NULL, MI_FALSE, cb, op); return K_INSTANCE;
    case 8: s->ft->GetInstance(s, flags, NULL, ns, inbound, cb, op); return K_INSTANCE;
    case 9: s->ft->ModifyInstance(s, flags, NULL, ns, inbound, cb, op); return K_INSTANCE;
    case 10: s->ft->CreateInstance(s, flags, NULL, ns, inbound, cb, op); return K_INSTANCE;
    case 11: s->ft->DeleteInstance(s, flags, NULL, ns, inbound, cb, op); return K_INSTANCE;
    default: s->ft->TestConnection(s, flags, cb, op); return K_INSTANCE;
    }
}

/* Pulls a synchronous operation a few times; returns whether its final came. */
static int pull(MI_Operation *op, enum kind k, uint64_t *seed, int may_block_forever)
{
    MI_Boolean more = MI_TRUE;
    MI_Result res;
    for (int i = 0; i < 64 && more; i++) {
        if (may_block_forever || PICK(seed, 8) == 0)
            return 0; /* stop early: Close drains it */
        MI_Result r;
        if (k == K_INSTANCE) {
            const MI_Instance *inst;
            r = op->ft->GetInstance(op, &inst, &more, &res, NULL, NULL);
        } else if (k == K_CLASS) {
            const MI_Class *cls;
            r = op->ft->GetClass(op, &cls, &more, &res, NULL, NULL);
        } else {
            const MI_Instance *inst;
            const MI_Char *bm, *mid;
            r = op->ft->GetIndication(op, &inst, &bm, &mid, &more, &res, NULL, NULL);
        }
        if (r != MI_RESULT_OK)
            return 0;
    }
    return !more;
}

/* One asynchronous or synchronous operation on `s`; `r` must live until the session
 * closed. `bad_session` marks a stale or forged session: one final INVALID_PARAMETER. */
static void run_operation(struct worker *w, MI_Application *app, MI_Session *s, int bad_session,
                          MI_Instance *inbound, struct oprec *r, MI_Operation *op_out)
{
    unsigned slot = PICK(&w->seed, 13);
    const char *b = behaviours[PICK(&w->seed, NBEHAVIOURS)];
    unsigned mode = PICK(&w->seed, 6);
    int refused_flags = PICK(&w->seed, 16) == 0;
    MI_Uint32 flags = refused_flags ? 0x40000000u : 0;
    MI_Operation op = MI_OPERATION_NULL;
    memset(r, 0, sizeof *r);
    r->in_use = 1;
    r->seed = rnd(&w->seed);
    r->app = *app;
    r->session = *s;
    r->expect = (bad_session || refused_flags) ? MI_RESULT_INVALID_PARAMETER : -1;
    r->probe_closes = !bad_session;
    *op_out = op;
    atomic_fetch_add(&operations, 1);
    if (mode == 0) {
        step("sync operation: start");
        enum kind k = start(s, slot, flags, b, inbound, NULL, &op);
        if (PICK(&w->seed, 3) == 0) {
            step("sync operation: cancel");
            CHECK_OK_OR_INVALID(op.ft->Cancel(&op, MI_REASON_NONE));
        }
        step("sync operation: pull");
        /* A never-ending behaviour is only pulled after a cancel reached the handler;
           keep it simple: never pulled. */
        pull(&op, k, &w->seed, never_ends(b) && r->expect < 0);
        step("sync operation: close");
        CHECK_EQ_INT(op.ft->Close(&op), MI_RESULT_OK);
        CHECK_EQ_INT(op.ft->Close(&op), MI_RESULT_INVALID_PARAMETER);
        bury(dead_ops, &n_dead_ops, &op, sizeof op);
        r->in_use = 0;
        return;
    }
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = r;
    cb.instanceResult = on_instance;
    cb.classResult = on_class;
    cb.indicationResult = on_indication;
    if (PICK(&w->seed, 2)) {
        cb.writeMessage = on_message;
        cb.writeProgress = on_progress;
        cb.promptUser = on_prompt;
        cb.writeError = on_error;
        cb.streamedParameterResult = on_streamed;
    }
    if (mode >= 3) {
        flags |= MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS;
        r->manual = 1;
    }
    if (!bad_session && PICK(&w->seed, 40) == 0) {
        step("async operation: NULL operation pointer");
        start(s, slot, flags, b, inbound, &cb, NULL);
        CHECK_EQ_INT(atomic_load(&r->finals), 1);
        r->expect = -2; /* already checked: no handle */
        return;
    }
    step("async operation: start");
    start(s, slot, flags, b, inbound, &cb, &op);
    if (op.ft != NULL && operation_ft == NULL)
        operation_ft = op.ft;
    if (PICK(&w->seed, 3) == 0) {
        step("async operation: cancel");
        CHECK_OK_OR_INVALID(op.ft->Cancel(&op, PICK(&w->seed, 2) ? MI_REASON_TIMEOUT : MI_REASON_NONE));
    }
    if (mode == 1) { /* close now */
        step("async operation: close");
        MI_Result c = op.ft->Close(&op);
        CHECK(is_ok_or_invalid(c));
        if (c == MI_RESULT_OK)
            atomic_fetch_add(&r->close_wins, 1);
        bury(dead_ops, &n_dead_ops, &op, sizeof op);
    } else {
        *op_out = op; /* closed later by the round */
    }
}

/* Misuse: stale, zeroed, garbage, wrong-kind and bit-flipped handles. */
static void misuse(struct worker *w, MI_Application *live_app, MI_Session *live_session)
{
    MI_Application a;
    MI_Session s;
    MI_Operation o;
    int have;
    MI_Session out = MI_SESSION_NULL;
    atomic_fetch_add(&probes, 1);
    switch (PICK(&w->seed, 8)) {
    case 0: /* a closed application */
        step("misuse: stale application");
        pthread_mutex_lock(&lock);
        have = n_dead_apps > 0;
        if (have)
            a = dead_apps[PICK(&w->seed, n_dead_apps)];
        pthread_mutex_unlock(&lock);
        if (have) {
            CHECK_EQ_INT(a.ft->Close(&a), MI_RESULT_INVALID_PARAMETER);
            CHECK_EQ_INT(a.ft->NewSession(&a, handler_name, NULL, NULL, NULL, NULL, &out), MI_RESULT_INVALID_PARAMETER);
            if (CHECK(out.ft != NULL))
                CHECK_EQ_INT(out.ft->Close(&out, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
        }
        break;
    case 1: /* a closed session */
        step("misuse: stale session");
        pthread_mutex_lock(&lock);
        have = n_dead_sessions > 0;
        if (have)
            s = dead_sessions[PICK(&w->seed, n_dead_sessions)];
        pthread_mutex_unlock(&lock);
        if (have) {
            CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
            CHECK_EQ_INT(s.ft->GetApplication(&s, &a), MI_RESULT_INVALID_PARAMETER);
        }
        break;
    case 2: /* a closed operation */
        step("misuse: stale operation");
        pthread_mutex_lock(&lock);
        have = n_dead_ops > 0;
        if (have)
            o = dead_ops[PICK(&w->seed, n_dead_ops)];
        pthread_mutex_unlock(&lock);
        if (have && o.ft != NULL) {
            CHECK_EQ_INT(o.ft->Close(&o), MI_RESULT_INVALID_PARAMETER);
            CHECK_EQ_INT(o.ft->Cancel(&o, MI_REASON_NONE), MI_RESULT_INVALID_PARAMETER);
            CHECK_EQ_INT(o.ft->GetSession(&o, &s), MI_RESULT_INVALID_PARAMETER);
        }
        break;
    case 3: /* zeroed and garbage words with real tables */
        step("misuse: zeroed/garbage handles");
        a = *live_app;
        a.reserved1 = 0;
        a.reserved2 = 0;
        CHECK_EQ_INT(a.ft->NewSession(&a, MI_T("NoSuchProtocol"), NULL, NULL, NULL, NULL, &out), MI_RESULT_INVALID_PARAMETER);
        a.reserved1 = rnd(&w->seed);
        a.reserved2 = (ptrdiff_t)rnd(&w->seed);
        CHECK_EQ_INT(a.ft->NewSession(&a, MI_T("NoSuchProtocol"), NULL, NULL, NULL, NULL, &out), MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(a.ft->Close(&a), MI_RESULT_INVALID_PARAMETER);
        if (session_ft != NULL) {
            s.reserved1 = rnd(&w->seed);
            s.reserved2 = (ptrdiff_t)(rnd(&w->seed) & 0xfffff);
            s.ft = session_ft;
            CHECK_EQ_INT(s.ft->GetApplication(&s, &a), MI_RESULT_INVALID_PARAMETER);
        }
        break;
    case 4: /* the wrong kind: a session's words as an application and back */
        step("misuse: wrong-kind handles");
        if (live_session != NULL) {
            a = *live_app;
            a.reserved1 = live_session->reserved1;
            a.reserved2 = live_session->reserved2;
            CHECK_EQ_INT(a.ft->NewSession(&a, MI_T("NoSuchProtocol"), NULL, NULL, NULL, NULL, &out), MI_RESULT_INVALID_PARAMETER);
            s = *live_session;
            s.reserved1 = live_app->reserved1;
            s.reserved2 = live_app->reserved2;
            CHECK_EQ_INT(s.ft->GetApplication(&s, &a), MI_RESULT_INVALID_PARAMETER);
            if (operation_ft != NULL) {
                o.reserved1 = live_session->reserved1;
                o.reserved2 = live_session->reserved2;
                o.ft = operation_ft;
                CHECK_EQ_INT(o.ft->GetSession(&o, &s), MI_RESULT_INVALID_PARAMETER);
            }
        }
        break;
    default: { /* one bit flipped in a live handle */
        step("misuse: bit-flipped handles");
        unsigned bit = PICK(&w->seed, 128);
        a = *live_app;
        if (bit < 64)
            a.reserved1 ^= 1ull << bit;
        else
            a.reserved2 ^= (ptrdiff_t)(1ull << (bit - 64));
        /* Accepted, it would answer MI_RESULT_NOT_FOUND for the unknown protocol. */
        CHECK_EQ_INT(a.ft->NewSession(&a, MI_T("NoSuchProtocol"), NULL, NULL, NULL, NULL, &out), MI_RESULT_INVALID_PARAMETER);
        if (live_session != NULL) {
            s = *live_session;
            if (bit < 64)
                s.reserved1 ^= 1ull << bit;
            else
                s.reserved2 ^= (ptrdiff_t)(1ull << (bit - 64));
            CHECK_EQ_INT(s.ft->GetApplication(&s, &a), MI_RESULT_INVALID_PARAMETER);
        }
        break;
    }
    }
}

static atomic_int completions_seen;

struct completion {
    atomic_int done;
    MI_Application app;
    int probe;
};

static void MI_CALL on_session_closed(void *ctx)
{
    struct completion *c = ctx;
    if (c->probe) {
        MI_Application a = c->app;
        CHECK_EQ_INT(a.ft->Close(&a), MI_RESULT_FAILED);
    }
    atomic_fetch_add(&completions_seen, 1);
    atomic_fetch_add(&c->done, 1);
}

/* A session with a few operations, closed one way or another. */
static void session_round(struct worker *w, MI_Application *app)
{
    MI_Session s = MI_SESSION_NULL;
    step("NewSession");
    MI_Result r = app->ft->NewSession(app, handler_name, NULL, NULL, NULL, NULL, &s);
    if (r != MI_RESULT_OK) {
        /* Only legitimate failure: the application is closing on another thread. */
        CHECK_EQ_INT(r, MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
        return;
    }
    if (session_ft == NULL)
        session_ft = s.ft;
    MI_Instance *inbound = NULL;
    /* From an application of main's: a shared one may be closing (NewInstance then refused). */
    CHECK_EQ_INT(MI_Application_NewInstance(&main_app, MI_T("Fuzz_Inbound"), NULL, &inbound), MI_RESULT_OK);
    struct oprec *recs = calloc(MAX_OPS, sizeof *recs);
    MI_Operation ops[MAX_OPS];
    unsigned n = 1 + PICK(&w->seed, MAX_OPS);
    for (unsigned k = 0; k < n; k++) {
        int bad = 0;
        MI_Session target = s;
        if (PICK(&w->seed, 12) == 0) { /* an operation on a closed session */
            pthread_mutex_lock(&lock);
            if (n_dead_sessions > 0) {
                target = dead_sessions[PICK(&w->seed, n_dead_sessions)];
                bad = 1;
            }
            pthread_mutex_unlock(&lock);
        }
        run_operation(w, app, &target, bad, inbound, &recs[k], &ops[k]);
        atomic_fetch_add(&w->steps, 1);
        if (PICK(&w->seed, 3) == 0)
            run_deferred(&w->seed, 2);
        if (PICK(&w->seed, 4) == 0)
            misuse(w, app, &s);
    }
    /* Close: asynchronously before the operations are closed, or after them. */
    struct completion done = {0};
    done.app = *app;
    done.probe = 1;
    unsigned how = PICK(&w->seed, 3);
    if (how == 0) {
        step("async session close (operations still open)");
        CHECK_EQ_INT(s.ft->Close(&s, &done, on_session_closed), MI_RESULT_OK);
    }
    for (unsigned k = 0; k < n; k++) {
        if (!recs[k].in_use || recs[k].expect == -2 || ops[k].ft == NULL)
            continue;
        step("closing an operation of the round");
        MI_Result c = ops[k].ft->Close(&ops[k]);
        CHECK(is_ok_or_invalid(c));
        if (c == MI_RESULT_OK)
            atomic_fetch_add(&recs[k].close_wins, 1);
        bury(dead_ops, &n_dead_ops, &ops[k], sizeof ops[k]);
    }
    if (how == 1) {
        step("sync session close");
        CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_OK);
    } else if (how == 2) {
        step("async session close");
        CHECK_EQ_INT(s.ft->Close(&s, &done, on_session_closed), MI_RESULT_OK);
    }
    if (how != 1) {
        step("waiting for the session close completion");
        while (atomic_load(&done.done) == 0) {
            run_deferred(&w->seed, 4);
            tu_sleep_ms(1);
        }
        CHECK_EQ_INT(atomic_load(&done.done), 1);
    }
    CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    bury(dead_sessions, &n_dead_sessions, &s, sizeof s);
    /* Every asynchronous operation: exactly one final, nothing after it, one Close won. */
    for (unsigned k = 0; k < n; k++) {
        struct oprec *rec = &recs[k];
        if (!rec->in_use || rec->expect == -2)
            continue;
        step("checking an operation's record");
        CHECK_EQ_INT(atomic_load(&rec->finals), 1);
        CHECK_EQ_INT(atomic_load(&rec->after_final), 0);
        CHECK_EQ_INT(atomic_load(&rec->close_wins), 1);
    }
    free(recs);
    MI_Instance_Delete(inbound);
}

static void *api_worker(void *arg)
{
    struct worker *w = arg;
    self = w;
    while (now_s() < deadline) {
        unsigned what = PICK(&w->seed, 12);
        atomic_fetch_add(&iterations, 1);
        atomic_fetch_add(&w->steps, 1);
        if (what == 0) {
            step("Initialize into a slot");
            MI_Application fresh = MI_APPLICATION_NULL;
            if (!CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("fuzz"), NULL, &fresh), MI_RESULT_OK))
                continue;
            int i = (int)PICK(&w->seed, APP_SLOTS), placed = 0;
            pthread_mutex_lock(&lock);
            if (!app_live[i]) {
                apps[i] = fresh;
                app_live[i] = 1;
                placed = 1;
            }
            pthread_mutex_unlock(&lock);
            if (!placed) {
                step("Close of an unplaced application");
                CHECK_EQ_INT(MI_Application_Close(&fresh), MI_RESULT_OK);
            }
        } else if (what == 1) {
            /* Holding no session ourselves: Close waits for the others' sessions. */
            int i = (int)PICK(&w->seed, APP_SLOTS), had = 0;
            MI_Application app;
            pthread_mutex_lock(&lock);
            if (app_live[i]) {
                app = apps[i];
                app_live[i] = 0;
                had = 1;
            }
            pthread_mutex_unlock(&lock);
            if (had) {
                step("Close of a shared application");
                if (CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK)) {
                    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_INVALID_PARAMETER);
                    bury(dead_apps, &n_dead_apps, &app, sizeof app);
                }
            }
        } else if (what == 2) {
            run_deferred(&w->seed, 8);
        } else {
            MI_Application app;
            int i = (int)PICK(&w->seed, APP_SLOTS), have;
            pthread_mutex_lock(&lock);
            have = app_live[i];
            if (have)
                app = apps[i];
            pthread_mutex_unlock(&lock);
            if (!have)
                continue;
            if (what == 3)
                misuse(w, &app, NULL);
            else
                session_round(w, &app);
        }
    }
    step("done");
    return NULL;
}

static void api_mode(void)
{
    const char *name = getenv("MI_TEST_HANDLER_NAME");
    if (name != NULL && *name)
        handler_name = name;
    int threads_before = tu_thread_count();
    pthread_t t[MAX_THREADS];
    CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("fuzz-main"), NULL, &main_app), MI_RESULT_OK);
    for (int i = 0; i < nthreads; i++)
        CHECK_EQ_INT(pthread_create(&t[i], NULL, api_worker, &workers[i]), 0);
    for (int i = 0; i < nthreads; i++)
        pthread_join(t[i], NULL);
    uint64_t seed = 1;
    for (int i = 0; i < APP_SLOTS; i++)
        if (app_live[i])
            CHECK_EQ_INT(MI_Application_Close(&apps[i]), MI_RESULT_OK);
    run_deferred(&seed, -1); /* every operation is closed: each answers as a stale one */
    CHECK_EQ_INT(MI_Application_Close(&main_app), MI_RESULT_OK);
    CHECK_EQ_INT(tu_thread_count(), threads_before);
    fprintf(stderr, "fuzz_api: %lu operations, %lu misuse probes, %d async session closes\n",
            (unsigned long)atomic_load(&operations), (unsigned long)atomic_load(&probes),
            atomic_load(&completions_seen));
    CHECK(atomic_load(&operations) > 0);
    const char *path = getenv("MI_TEST_HANDLER");
    if (path != NULL) {
        void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        int (*violations)(void) = h ? (int (*)(void))dlsym(h, "TestHandler_Violations") : NULL;
        int (*live)(void) = h ? (int (*)(void))dlsym(h, "TestHandler_LiveObjects") : NULL;
        int (*threads)(void) = h ? (int (*)(void))dlsym(h, "TestHandler_Threads") : NULL;
        int (*instances)(void) = h ? (int (*)(void))dlsym(h, "TestHandler_LiveInstances") : NULL;
        if (CHECK(violations && live && threads && instances)) {
            CHECK_EQ_INT(violations(), 0);
            CHECK_EQ_INT(live(), 0);
            CHECK_EQ_INT(threads(), 0);
            CHECK_EQ_INT(instances(), 0);
        }
        if (h)
            dlclose(h);
    }
}

/* ======================================================================================
 * Mode values
 * ==================================================================================== */

#define BIG (1u << 20)
static char *big_string; /* 1 MiB of 'a' */
static const char invalid_utf8[] = {'b', 'a', 'd', (char)0xC3, (char)0x28, 0};
static const char *const names[] = {"Alpha", "beta", "Gamma_1", "x", "1bad", "bad name", "", invalid_utf8};

static const MI_Char *random_name(uint64_t *seed)
{
    unsigned i = PICK(seed, 12);
    if (i < 8)
        return names[i];
    if (i == 8)
        return NULL;
    if (i == 9)
        return big_string;
    return names[i - 10];
}

/* A value of type `t` (maybe nonsense for it), using `pool` instances. */
static void random_value(uint64_t *seed, MI_Type t, MI_Value *v, MI_Instance **pool, int npool, void *buf)
{
    memset(v, 0, sizeof *v);
    switch (t & ~MI_ARRAY) {
    case MI_STRING:
        if (t & MI_ARRAY) {
            const MI_Char **list = buf;
            list[0] = random_name(seed);
            list[1] = big_string;
            v->stringa.data = (MI_Char **)list;
            v->stringa.size = PICK(seed, 3);
        } else {
            v->string = (MI_Char *)random_name(seed);
        }
        return;
    case MI_INSTANCE:
    case MI_REFERENCE:
        if (t & MI_ARRAY) {
            MI_Instance **list = buf;
            list[0] = npool ? pool[PICK(seed, npool)] : NULL;
            list[1] = NULL;
            v->instancea.data = list;
            v->instancea.size = PICK(seed, 3);
        } else {
            v->instance = npool ? pool[PICK(seed, npool)] : NULL;
        }
        return;
    default:
        if (t & MI_ARRAY) {
            memset(buf, (int)PICK(seed, 256), 16 * sizeof(void *));
            v->uint8a.data = PICK(seed, 8) ? buf : NULL; /* NULL data with a size: refused */
            v->uint8a.size = PICK(seed, 4);
        } else {
            memset(v, (int)PICK(seed, 256), sizeof *v);
        }
    }
}

static int pool_remove(MI_Instance **pool, int *n, MI_Instance *p)
{
    for (int i = 0; i < *n; i++)
        if (pool[i] == p) {
            pool[i] = pool[--*n];
            return 1;
        }
    return 0;
}

static void *values_worker(void *arg)
{
    struct worker *w = arg;
    self = w;
    MI_Application app = MI_APPLICATION_NULL;
    CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("fuzz-values"), NULL, &app), MI_RESULT_OK);
    MI_Instance *pool[8];
    int n = 0;
    void *buf[16];
    MI_Instance zeroed;
    memset(&zeroed, 0, sizeof zeroed);
    MI_OperationOptions opts = MI_OPERATIONOPTIONS_NULL;
    CHECK_EQ_INT(MI_Application_NewOperationOptions(&app, MI_FALSE, &opts), MI_RESULT_OK);
    MI_OperationOptions dead_opts = opts;
    while (now_s() < deadline) {
        atomic_fetch_add(&iterations, 1);
        atomic_fetch_add(&w->steps, 1);
        MI_Instance *p = n ? pool[PICK(&w->seed, n)] : NULL;
        MI_Type t = PICK(&w->seed, 36); /* 32..35 are not types */
        MI_Uint32 flags = PICK(&w->seed, 4) == 0 ? (MI_Uint32)rnd(&w->seed) : (PICK(&w->seed, 2) ? (MI_Uint32)MI_FLAG_ADOPT : 0u);
        MI_Value v;
        random_value(&w->seed, t, &v, pool, n, buf);
        const MI_Char *name = random_name(&w->seed);
        MI_Result r;
        switch (PICK(&w->seed, 16)) {
        case 0:
            step("NewInstance");
            if (n < 8) {
                MI_Instance *fresh = NULL;
                r = MI_Application_NewInstance(&app, name, NULL, &fresh);
                CHECK(r == MI_RESULT_OK ? fresh != NULL : fresh == NULL);
                if (fresh)
                    pool[n++] = fresh;
            }
            break;
        case 1:
        case 2:
        case 3:
            step("AddElement");
            if (p) {
                r = MI_Instance_AddElement(p, name, &v, t, flags);
                /* A successful adoption hands the instance over. */
                if (r == MI_RESULT_OK && (flags & MI_FLAG_ADOPT) && !(flags & (MI_FLAG_NULL | MI_FLAG_BORROW)) &&
                    (t == MI_INSTANCE || t == MI_REFERENCE) && v.instance)
                    CHECK(pool_remove(pool, &n, v.instance));
                if (r == MI_RESULT_OK && (flags & MI_FLAG_BORROW))
                    CHECK_EQ_INT(MI_Instance_ClearElement(p, name), MI_RESULT_OK); /* do not keep borrowed pointers */
            }
            break;
        case 4:
            step("SetElementAt");
            if (p) {
                MI_Uint32 count = 0;
                CHECK_EQ_INT(MI_Instance_GetElementCount(p, &count), MI_RESULT_OK);
                MI_Uint32 at = PICK(&w->seed, count + 1);
                flags &= ~MI_FLAG_BORROW;
                r = MI_Instance_SetElementAt(p, at, &v, t, flags);
                if (r == MI_RESULT_OK && (flags & MI_FLAG_ADOPT) && !(flags & MI_FLAG_NULL) &&
                    (t == MI_INSTANCE || t == MI_REFERENCE) && v.instance)
                    CHECK(pool_remove(pool, &n, v.instance));
            }
            break;
        case 5: {
            step("GetElement/GetElementAt");
            const MI_Char *en = NULL;
            MI_Value out;
            MI_Type ot;
            MI_Uint32 of;
            if (p) {
                MI_Instance_GetElement(p, name, &out, &ot, &of, NULL);
                MI_Instance_GetElementAt(p, PICK(&w->seed, 4), &en, &out, &ot, &of);
            }
            /* Garbage instance pointers: a zeroed struct and one with our table copied. */
            CHECK_EQ_INT(MI_Instance_GetElementAt(&zeroed, 0, &en, &out, &ot, &of), MI_RESULT_INVALID_PARAMETER);
            if (p) {
                MI_Instance fake = *p;
                fake.reserved[0] ^= 1;
                CHECK_EQ_INT(MI_Instance_GetElementAt(&fake, 0, &en, &out, &ot, &of), MI_RESULT_INVALID_PARAMETER);
            }
            break;
        }
        case 6:
            step("Clone");
            if (p && n < 8) {
                MI_Instance *c = NULL;
                r = MI_Instance_Clone(p, &c);
                CHECK(r == MI_RESULT_OK ? c != NULL : c == NULL);
                if (c)
                    pool[n++] = c;
            }
            break;
        case 7:
            step("Delete");
            if (p) {
                pool_remove(pool, &n, p);
                CHECK_EQ_INT(MI_Instance_Delete(p), MI_RESULT_OK);
            }
            break;
        case 8:
            step("ClearElement/SetNameSpace/SetServerName/GetClassName");
            if (p) {
                const MI_Char *cn = NULL;
                MI_Instance_ClearElement(p, name);
                MI_Instance_SetNameSpace(p, name);
                MI_Instance_SetServerName(p, random_name(&w->seed));
                CHECK_EQ_INT(MI_Instance_GetClassName(p, &cn), MI_RESULT_OK);
                CHECK(cn != NULL);
            }
            break;
        case 9:
            step("GetClass");
            if (p) {
                MI_Class *cls = NULL;
                if (MI_Instance_GetClass(p, &cls) == MI_RESULT_OK && CHECK(cls != NULL))
                    CHECK_EQ_INT(cls->ft->Delete(cls), MI_RESULT_OK);
            }
            break;
        case 10: {
            step("deep chain");
            MI_Instance *top = NULL;
            CHECK_EQ_INT(MI_Application_NewInstance(&app, MI_T("Deep"), NULL, &top), MI_RESULT_OK);
            int depth = 1, limit = 60 + (int)PICK(&w->seed, 10);
            while (depth < limit) {
                MI_Instance *outer = NULL;
                MI_Value iv;
                CHECK_EQ_INT(MI_Application_NewInstance(&app, MI_T("Deep"), NULL, &outer), MI_RESULT_OK);
                memset(&iv, 0, sizeof iv);
                iv.instance = top;
                r = MI_Instance_AddElement(outer, MI_T("Inner"), &iv, MI_INSTANCE, MI_FLAG_ADOPT);
                if (r != MI_RESULT_OK) {
                    CHECK_EQ_INT(r, MI_RESULT_INVALID_PARAMETER);
                    CHECK_EQ_INT(depth, 64);
                    MI_Instance_Delete(outer);
                    break;
                }
                top = outer;
                depth++;
            }
            if (n < 8 && PICK(&w->seed, 2))
                pool[n++] = top;
            else
                CHECK_EQ_INT(MI_Instance_Delete(top), MI_RESULT_OK);
            break;
        }
        case 11:
        case 12:
            step("options: set");
            if (t <= MI_INSTANCEA)
                MI_OperationOptions_SetCustomOption(&opts, name, t, &v, MI_FALSE);
            MI_OperationOptions_SetString(&opts, name, random_name(&w->seed), 0);
            MI_OperationOptions_SetNumber(&opts, name, (MI_Uint32)rnd(&w->seed), 0);
            break;
        case 13: {
            step("options: get");
            MI_Uint32 count = 0, idx, fl;
            const MI_Char *sv;
            MI_Value ov;
            MI_Type ot;
            CHECK_EQ_INT(MI_OperationOptions_GetOptionCount(&opts, &count), MI_RESULT_OK);
            MI_OperationOptions_GetString(&opts, name, &sv, &idx, &fl);
            MI_OperationOptions_GetOption(&opts, name, &ov, &ot, &idx, &fl);
            break;
        }
        case 14: {
            step("options: clone, delete, stale");
            MI_OperationOptions c = MI_OPERATIONOPTIONS_NULL;
            if (CHECK_EQ_INT(MI_OperationOptions_Clone(&opts, &c), MI_RESULT_OK)) {
                MI_OperationOptions_Delete(&opts);
                dead_opts = opts;
                opts = c;
            }
            MI_Uint32 count = 0;
            CHECK_EQ_INT(MI_OperationOptions_GetOptionCount(&dead_opts, &count), MI_RESULT_INVALID_PARAMETER);
            break;
        }
        default:
            step("NULL arguments");
            CHECK_EQ_INT(MI_Instance_AddElement(NULL, name, &v, t, flags), MI_RESULT_INVALID_PARAMETER);
            CHECK_EQ_INT(MI_Instance_Clone(NULL, NULL), MI_RESULT_INVALID_PARAMETER);
            if (p) {
                CHECK_EQ_INT(MI_Instance_GetElementCount(p, NULL), MI_RESULT_INVALID_PARAMETER);
                CHECK_EQ_INT(MI_Instance_Clone(p, NULL), MI_RESULT_INVALID_PARAMETER);
            }
            CHECK_EQ_INT(MI_OperationOptions_GetOptionCount(&opts, NULL), MI_RESULT_INVALID_PARAMETER);
            break;
        }
    }
    step("cleanup");
    while (n > 0)
        CHECK_EQ_INT(MI_Instance_Delete(pool[--n]), MI_RESULT_OK);
    MI_OperationOptions_Delete(&opts);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    step("done");
    return NULL;
}

static void values_mode(void)
{
    big_string = malloc(BIG + 1);
    memset(big_string, 'a', BIG);
    big_string[BIG] = 0;
    pthread_t t[MAX_THREADS];
    for (int i = 0; i < nthreads; i++)
        CHECK_EQ_INT(pthread_create(&t[i], NULL, values_worker, &workers[i]), 0);
    for (int i = 0; i < nthreads; i++)
        pthread_join(t[i], NULL);
    free(big_string);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : getenv("MI_FUZZ_MODE") ? getenv("MI_FUZZ_MODE") : "api";
    const char *seed_text = argc > 2 ? argv[2] : getenv("MI_FUZZ_SEED");
    uint64_t seed = seed_text ? strtoull(seed_text, NULL, 0) : (uint64_t)time(NULL);
    const char *secs = getenv("MI_FUZZ_SECONDS");
    const char *hang = getenv("MI_FUZZ_HANG_SECONDS");
    const char *threads = getenv("MI_FUZZ_THREADS");
    double seconds = secs ? atof(secs) : 5.0;
    double hang_secs = hang ? atof(hang) : 60.0;
    if (threads)
        nthreads = atoi(threads);
    if (nthreads < 1 || nthreads > MAX_THREADS)
        nthreads = 6;
    if (strcmp(mode, "api") != 0 && strcmp(mode, "values") != 0) {
        fprintf(stderr, "usage: fuzz_api [api|values] [SEED]\n");
        return 2;
    }
    printf("fuzz_api: mode %s, seed %llu, %d threads, %.1f s\n", mode, (unsigned long long)seed, nthreads, seconds);
    fflush(stdout);
    tu_watchdog((unsigned)(seconds + 2 * hang_secs + 60)); /* a backstop to our watchdog */
    for (int i = 0; i < nthreads; i++) {
        workers[i].id = i;
        workers[i].seed = seed * 0x9E3779B97F4A7C15ull + (uint64_t)i * 7919u + 1;
    }
    pthread_t dog;
    pthread_create(&dog, NULL, watchdog, &hang_secs);
    double start = now_s();
    deadline = start + seconds;
    if (strcmp(mode, "api") == 0)
        api_mode();
    else
        values_mode();
    atomic_store(&stop_watchdog, 1);
    pthread_join(dog, NULL);
    printf("fuzz_api: mode %s, seed %llu: %lu iterations in %.1f s\n", mode, (unsigned long long)seed,
           (unsigned long)atomic_load(&iterations), now_s() - start);
    TEST_MAIN_END();
}
