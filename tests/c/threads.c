/*
 * threads.c - MI_Application_Initialize / MI_Application_Close from many threads
 * (docs/SPEC.md §2.2: a bad handle is refused from any thread, also racing with the
 * close; §2.3: of several threads closing one object at once, exactly one does the work).
 *
 * Every thread is joined, so the program is valgrind/ASan clean. The watchdog turns a
 * deadlock into a failure instead of a hung test run.
 *
 * Each racing thread gets its own COPY of the handle struct: copies are the same object
 * (docs/SPEC.md §2.1), and sharing one struct would make the library's own writes to it (if
 * it zeroes a closed struct) a data race in the test rather than in the library.
 */
#include "testutil.h"

#include <mi.h>

#include <pthread.h>

#define THREADS 8
#define RACE_ROUNDS 200
#define LOOPS_PER_THREAD 2000
#define STALE_HANDLES 64
#define CLOSER_LOOPS 2000

static const MI_ApplicationFT *app_table(void)
{
    return mi_clientFT_V1->applicationFT;
}

static void start_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
    int rc = pthread_create(t, NULL, fn, arg);
    if (rc != 0) {
        fprintf(stderr, "pthread_create failed: %s\n", strerror(rc));
        exit(2);
    }
}

static void join_thread(pthread_t t)
{
    int rc = pthread_join(t, NULL);
    if (rc != 0) {
        fprintf(stderr, "pthread_join failed: %s\n", strerror(rc));
        exit(2);
    }
}

/* ---- 8 threads race to close one application -------------------------------------- */

struct racer {
    pthread_barrier_t *start;
    MI_Application copy; /* this thread's copy of the one handle */
    int use_export;      /* half the threads use the exported function, half the slot */
    MI_Result result;
};

static void *race_close(void *arg)
{
    struct racer *r = arg;
    pthread_barrier_wait(r->start); /* all threads call Close as close together as possible */
    r->result = r->use_export ? MI_Application_Close(&r->copy) : app_table()->Close(&r->copy);
    return NULL;
}

static void test_race_close_one(void)
{
    SECTION("8 threads race to close one application, 200 rounds");
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS);
    for (int round = 0; round < RACE_ROUNDS; round++) {
        MI_Application app = MI_APPLICATION_NULL;
        if (!CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("race"), NULL, &app),
                          MI_RESULT_OK)) {
            break;
        }
        struct racer racers[THREADS];
        pthread_t threads[THREADS];
        for (int i = 0; i < THREADS; i++) {
            racers[i].start = &start;
            racers[i].copy = app;
            racers[i].use_export = i % 2;
            racers[i].result = (MI_Result)-1;
            start_thread(&threads[i], race_close, &racers[i]);
        }
        int ok = 0, invalid = 0;
        for (int i = 0; i < THREADS; i++) {
            join_thread(threads[i]);
            ok += racers[i].result == MI_RESULT_OK;
            invalid += racers[i].result == MI_RESULT_INVALID_PARAMETER;
        }
        /* Exactly one close does the work; the others see a closed handle. */
        if (!CHECK_EQ_INT(ok, 1) || !CHECK_EQ_INT(invalid, THREADS - 1)) {
            fprintf(stderr, "   (round %d)\n", round);
            break;
        }
    }
    pthread_barrier_destroy(&start);
}

/* ---- 8 threads each doing 2000 initialize/close cycles --------------------------------- */

struct cycler {
    pthread_barrier_t *start;
    long bad_init, bad_close, bad_stale_close;
};

static void *init_close_loop(void *arg)
{
    struct cycler *c = arg;
    pthread_barrier_wait(c->start);
    for (int i = 0; i < LOOPS_PER_THREAD; i++) {
        MI_Application app = MI_APPLICATION_NULL;
        if (MI_Application_Initialize(0, MI_T("cycle"), NULL, &app) != MI_RESULT_OK) {
            c->bad_init++;
            continue;
        }
        MI_Application stale = app;
        if (app.ft->Close(&app) != MI_RESULT_OK) {
            c->bad_close++;
        }
        /* Other threads are creating applications all the time, so the slot this handle
         * used may already belong to another thread's application: the stale copy must
         * still be refused (and must not close that other application, which its owner
         * would then notice as a failed close). */
        if (app_table()->Close(&stale) != MI_RESULT_INVALID_PARAMETER) {
            c->bad_stale_close++;
        }
    }
    return NULL;
}

static void test_concurrent_cycles(void)
{
    SECTION("8 threads x 2000 initialize/close cycles");
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS);
    struct cycler cyclers[THREADS];
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++) {
        memset(&cyclers[i], 0, sizeof cyclers[i]);
        cyclers[i].start = &start;
        start_thread(&threads[i], init_close_loop, &cyclers[i]);
    }
    for (int i = 0; i < THREADS; i++) {
        join_thread(threads[i]);
        CHECK_EQ_INT(cyclers[i].bad_init, 0);
        CHECK_EQ_INT(cyclers[i].bad_close, 0);
        CHECK_EQ_INT(cyclers[i].bad_stale_close, 0);
    }
    pthread_barrier_destroy(&start);
}

/* ---- one thread opens/closes while 7 hammer stale handles ------------------------------ */

struct hammer_shared {
    pthread_barrier_t start;
    atomic_int closer_done;
    MI_Application stale[STALE_HANDLES]; /* copies of closed applications; read-only */
};

struct hammerer {
    struct hammer_shared *shared;
    long calls, bad;
};

static void *hammer_stale(void *arg)
{
    struct hammerer *h = arg;
    struct hammer_shared *s = h->shared;
    pthread_barrier_wait(&s->start);
    /* At least one full pass, then keep going for as long as the closer runs. */
    for (int i = 0; i < STALE_HANDLES || !atomic_load(&s->closer_done); i++) {
        MI_Application copy = s->stale[i % STALE_HANDLES];
        if (copy.ft->Close(&copy) != MI_RESULT_INVALID_PARAMETER) {
            h->bad++;
        }
        h->calls++;
    }
    return NULL;
}

struct closer {
    struct hammer_shared *shared;
    long bad_init, bad_close;
};

static void *open_close_loop(void *arg)
{
    struct closer *c = arg;
    pthread_barrier_wait(&c->shared->start);
    for (int i = 0; i < CLOSER_LOOPS; i++) {
        MI_Application app = MI_APPLICATION_NULL;
        if (MI_Application_Initialize(0, MI_T("closer"), NULL, &app) != MI_RESULT_OK) {
            c->bad_init++;
            continue;
        }
        /* A stale handle that hit this live application would make this close fail. */
        if (app.ft->Close(&app) != MI_RESULT_OK) {
            c->bad_close++;
        }
    }
    atomic_store(&c->shared->closer_done, 1);
    return NULL;
}

static void test_close_while_stale_hammered(void)
{
    SECTION("1 thread opens/closes while 7 hammer Close on stale copies");
    static struct hammer_shared shared; /* large; keep it off the stack */
    atomic_init(&shared.closer_done, 0);
    pthread_barrier_init(&shared.start, NULL, THREADS);
    for (int i = 0; i < STALE_HANDLES; i++) {
        MI_Application app = MI_APPLICATION_NULL;
        if (!CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("stale"), NULL, &app),
                          MI_RESULT_OK)) {
            pthread_barrier_destroy(&shared.start);
            return;
        }
        shared.stale[i] = app; /* copy taken while live */
        CHECK_EQ_INT(app.ft->Close(&app), MI_RESULT_OK);
    }

    struct closer closer = {.shared = &shared};
    struct hammerer hammerers[THREADS - 1];
    pthread_t threads[THREADS];
    start_thread(&threads[0], open_close_loop, &closer);
    for (int i = 0; i < THREADS - 1; i++) {
        memset(&hammerers[i], 0, sizeof hammerers[i]);
        hammerers[i].shared = &shared;
        start_thread(&threads[i + 1], hammer_stale, &hammerers[i]);
    }
    for (int i = 0; i < THREADS; i++) {
        join_thread(threads[i]);
    }
    CHECK_EQ_INT(closer.bad_init, 0);
    CHECK_EQ_INT(closer.bad_close, 0);
    for (int i = 0; i < THREADS - 1; i++) {
        CHECK(hammerers[i].calls >= STALE_HANDLES);
        CHECK_EQ_INT(hammerers[i].bad, 0);
    }
    pthread_barrier_destroy(&shared.start);
}

int main(void)
{
    tu_watchdog(60);
    if (!CHECK(mi_clientFT_V1 != NULL) || !CHECK(mi_clientFT_V1->applicationFT != NULL)) {
        TEST_MAIN_END();
    }
    test_race_close_one();
    test_concurrent_cycles();
    test_close_while_stale_hammered();
    TEST_MAIN_END();
}
