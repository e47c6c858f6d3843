/*
 * stress.c - 8 threads, for a bounded time, doing random open / operation / cancel / close
 * sequences across shared applications (issue 3's stress test). Nothing may crash, hang or
 * leak; every call on a handle that another thread closed must answer
 * MI_RESULT_INVALID_PARAMETER. Runs under valgrind in CI, and (with MI_TEST_HANDLER_NAME set
 * to a configured test protocol handler) with operations completed from handler threads.
 *
 * Environment: MI_STRESS_SECONDS (default 2), MI_TEST_HANDLER_NAME (default: the embedded
 * handler), MI_STRESS_CLASSES (comma-free list separated by '|' of class names to use as
 * operation behaviours; default "X").
 *
 * Deadlock-freedom by construction, as a correct client must do it: a thread never holds a
 * session of its own while it closes an application (Close waits for sessions).
 */
#include "testutil.h"

#include <mi.h>

#include <dlfcn.h>
#include <pthread.h>
#include <time.h>

#define THREADS 8
#define SLOTS 3

static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static MI_Application slots[SLOTS];
static int slot_live[SLOTS];
static MI_Application graveyard[64]; /* copies of closed handles, to be misused on purpose */
static int graveyard_n;

static const char *handler_name;
static char classes_buf[512];
static const char *classes[16];
static int class_count;
static double deadline;
static atomic_long stale_ok, ops_done;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned next_rand(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

/* A copy of a random live application, or 0 when the slot is empty. */
static int pick_app(unsigned *seed, MI_Application *out, int *slot)
{
    int i = (int)(next_rand(seed) % SLOTS), ok;
    pthread_mutex_lock(&slots_lock);
    ok = slot_live[i];
    if (ok)
        *out = slots[i];
    pthread_mutex_unlock(&slots_lock);
    *slot = i;
    return ok;
}

struct op_record {
    atomic_int finals;
    atomic_int results;
};

static void MI_CALL on_result(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                              MI_Result code, const MI_Char *err, const MI_Instance *details,
                              MI_Result(MI_CALL *ack)(MI_Operation *))
{
    struct op_record *r = ctx;
    (void)op; (void)inst; (void)code; (void)err; (void)details;
    atomic_fetch_add(&r->results, 1);
    if (!more)
        atomic_fetch_add(&r->finals, 1);
    if (ack)
        ack(op);
}

/* `rec` must outlive the operation's callbacks: they may come from a handler thread until
   the session is closed (Session_Close returns only after every final result). */
static void run_operation(MI_Session *s, unsigned *seed, struct op_record *rec_out)
{
    const char *cls = classes[next_rand(seed) % (unsigned)class_count];
    MI_Operation op = MI_OPERATION_NULL;
    struct op_record *recp = rec_out;
    int mode = (int)(next_rand(seed) % 4);
    atomic_init(&recp->finals, 0);
    atomic_init(&recp->results, 0);
    if (mode == 0) { /* synchronous: pull until the end (or stop early) */
        const MI_Instance *inst;
        MI_Boolean more = MI_TRUE;
        MI_Result res;
        int pulls = 0;
        s->ft->EnumerateInstances(s, 0, NULL, MI_T("root/stress"), cls, MI_FALSE, NULL, &op);
        if (next_rand(seed) % 3 == 0)
            op.ft->Cancel(&op, MI_REASON_NONE);
        while (more && pulls++ < 1000 && next_rand(seed) % 16 != 0)
            if (op.ft->GetInstance(&op, &inst, &more, &res, NULL, NULL) != MI_RESULT_OK)
                break;
        op.ft->Close(&op); /* before the end is legal: drained inside the library */
        atomic_store(&recp->finals, -1); /* no callbacks: nothing to count */
    } else {
        MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
        MI_Uint32 flags = mode == 2 ? MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS : 0;
        cb.callbackContext = recp;
        cb.instanceResult = on_result;
        s->ft->EnumerateInstances(s, flags, NULL, MI_T("root/stress"), cls, MI_FALSE, &cb, &op);
        if (mode == 3)
            op.ft->Cancel(&op, MI_REASON_TIMEOUT);
        if (op.reserved1 == 0 && op.reserved2 == 0) {
            /* Refused at setup (its application is closing on another thread): the final
               result came at once, and the handle refers to nothing. */
            CHECK_EQ_INT(atomic_load(&recp->finals), 1);
            CHECK_EQ_INT(op.ft->Close(&op), MI_RESULT_INVALID_PARAMETER);
        } else {
            CHECK_EQ_INT(op.ft->Close(&op), MI_RESULT_OK);
            CHECK_EQ_INT(op.ft->Close(&op), MI_RESULT_INVALID_PARAMETER);
        }
        /* The final result still comes (here or when the session closes), exactly once. */
    }
    atomic_fetch_add(&ops_done, 1);
}

static void *worker(void *arg)
{
    unsigned seed = (unsigned)(size_t)arg * 7919u + 17u;
    while (now_s() < deadline) {
        MI_Application app;
        int slot;
        unsigned what = next_rand(&seed) % 10;
        if (what == 0) { /* open an application into an empty slot */
            MI_Application fresh = MI_APPLICATION_NULL;
            int i = (int)(next_rand(&seed) % SLOTS), placed = 0;
            if (MI_Application_Initialize(0, MI_T("stress"), NULL, &fresh) != MI_RESULT_OK) {
                CHECK(0);
                continue;
            }
            pthread_mutex_lock(&slots_lock);
            if (!slot_live[i]) {
                slots[i] = fresh;
                slot_live[i] = 1;
                placed = 1;
            }
            pthread_mutex_unlock(&slots_lock);
            if (!placed)
                CHECK_EQ_INT(MI_Application_Close(&fresh), MI_RESULT_OK);
        } else if (what == 1) { /* close an application (holding no session ourselves) */
            int i = (int)(next_rand(&seed) % SLOTS), had = 0;
            pthread_mutex_lock(&slots_lock);
            if (slot_live[i]) {
                app = slots[i];
                slot_live[i] = 0;
                had = 1;
            }
            pthread_mutex_unlock(&slots_lock);
            if (had && CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK)) {
                /* Only now is it a closed handle that others may misuse. */
                pthread_mutex_lock(&slots_lock);
                if (graveyard_n < 64)
                    graveyard[graveyard_n++] = app;
                pthread_mutex_unlock(&slots_lock);
            }
        } else if (what == 2) { /* misuse a closed copy */
            MI_Application dead;
            int have = 0;
            pthread_mutex_lock(&slots_lock);
            if (graveyard_n > 0) {
                dead = graveyard[next_rand(&seed) % (unsigned)graveyard_n];
                have = 1;
            }
            pthread_mutex_unlock(&slots_lock);
            if (have) {
                MI_Session s;
                CHECK_EQ_INT(dead.ft->Close(&dead), MI_RESULT_INVALID_PARAMETER);
                CHECK_EQ_INT(dead.ft->NewSession(&dead, NULL, NULL, NULL, NULL, NULL, &s),
                             MI_RESULT_INVALID_PARAMETER);
                atomic_fetch_add(&stale_ok, 1);
            }
        } else if (pick_app(&seed, &app, &slot)) { /* a session with a few operations */
            MI_Session s = MI_SESSION_NULL;
            MI_Result r = app.ft->NewSession(&app, handler_name, NULL, NULL, NULL, NULL, &s);
            if (r != MI_RESULT_OK) {
                /* Only legitimate failure: the application was closed meanwhile. */
                CHECK_EQ_INT(r, MI_RESULT_INVALID_PARAMETER);
                continue;
            }
            unsigned n = 1 + next_rand(&seed) % 4;
            struct op_record recs[4];
            for (unsigned k = 0; k < n; k++)
                run_operation(&s, &seed, &recs[k]);
            CHECK_EQ_INT(s.ft->Close(&s, NULL, NULL), MI_RESULT_OK);
            /* Every asynchronous operation got exactly one final result. */
            for (unsigned k = 0; k < n; k++)
                if (atomic_load(&recs[k].finals) != -1)
                    CHECK_EQ_INT(atomic_load(&recs[k].finals), 1);
        }
    }
    return NULL;
}

int main(void)
{
    const char *secs = getenv("MI_STRESS_SECONDS");
    const char *cls = getenv("MI_STRESS_CLASSES");
    int threads_before = tu_thread_count();
    pthread_t t[THREADS];
    tu_watchdog(120);
    handler_name = getenv("MI_TEST_HANDLER_NAME");
    snprintf(classes_buf, sizeof classes_buf, "%s", cls ? cls : "X");
    for (char *p = classes_buf, *tok; (tok = strtok(p, "|")) != NULL && class_count < 16; p = NULL)
        classes[class_count++] = tok;
    deadline = now_s() + (secs ? atof(secs) : 2.0);
    for (int i = 0; i < THREADS; i++)
        CHECK_EQ_INT(pthread_create(&t[i], NULL, worker, (void *)(size_t)i), 0);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < SLOTS; i++)
        if (slot_live[i])
            CHECK_EQ_INT(MI_Application_Close(&slots[i]), MI_RESULT_OK);
    fprintf(stderr, "stress: %ld operations, %ld stale-handle checks\n", (long)atomic_load(&ops_done),
            (long)atomic_load(&stale_ok));
    CHECK(atomic_load(&ops_done) > 0);
    CHECK_EQ_INT(tu_thread_count(), threads_before);
    /* With the test handler: no plug-in rule broken, nothing of it left open. */
    if (getenv("MI_TEST_HANDLER")) {
        void *h = dlopen(getenv("MI_TEST_HANDLER"), RTLD_NOW | RTLD_LOCAL);
        int (*violations)(void) = h ? (int (*)(void))dlsym(h, "TestHandler_Violations") : NULL;
        int (*live)(void) = h ? (int (*)(void))dlsym(h, "TestHandler_LiveObjects") : NULL;
        int (*threads)(void) = h ? (int (*)(void))dlsym(h, "TestHandler_Threads") : NULL;
        if (CHECK(violations && live && threads)) {
            CHECK_EQ_INT(violations(), 0);
            CHECK_EQ_INT(live(), 0);
            CHECK_EQ_INT(threads(), 0);
        }
        if (h)
            dlclose(h);
    }
    TEST_MAIN_END();
}
