/*
 * enum_bench.c - streams N instances of MIRS_Bench (benches/providers/bench.c, 10
 * properties) to an instance callback, through an MI library's default local handler:
 * written against the function tables only (it imports nothing but
 * MI_Application_InitializeV1), so the same program runs on this library (provider
 * in-process) and on OMI's libmi.so (omiserver over its local socket).
 *
 *   enum_bench N
 *
 * Prints: "Enumerate N seconds instances-per-second peak-RSS-KiB". The callback reads one
 * property of each instance (so a lazy library cannot skip the work) and counts.
 */
#define _POSIX_C_SOURCE 200809L
#include <mi.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

struct state {
    pthread_mutex_t m;
    pthread_cond_t c;
    int done;
    MI_Result r;
    unsigned long long n, keys;
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void MI_CALL on_result(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                              MI_Result result, const MI_Char *msg, const MI_Instance *details,
                              MI_Result(MI_CALL *ack)(MI_Operation *))
{
    struct state *s = (struct state *)ctx;
    (void)msg, (void)details;
    if (inst) {
        MI_Value v;
        MI_Type t;
        s->n++;
        if (inst->ft->GetElement(inst, MI_T("Key"), &v, &t, NULL, NULL) == MI_RESULT_OK) {
            /* OMI's client over its socket gives typed values too; a string would be 0 here. */
            s->keys += t == MI_UINT64 ? v.uint64 : 0;
        }
    }
    if (!more) {
        pthread_mutex_lock(&s->m);
        s->done = 1;
        s->r = result;
        pthread_cond_signal(&s->c);
        pthread_mutex_unlock(&s->m);
    }
    if (ack)
        ack(op);
}

static int drain(MI_Operation *op)
{
    const MI_Instance *inst = NULL;
    MI_Boolean more = MI_TRUE;
    MI_Result r = MI_RESULT_FAILED;
    while (more && op->ft->GetInstance(op, &inst, &more, &r, NULL, NULL) == MI_RESULT_OK)
        ;
    op->ft->Close(op);
    return r == MI_RESULT_OK;
}

int main(int argc, char **argv)
{
    unsigned long long n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000ULL;
    MI_Application app = MI_APPLICATION_NULL;
    MI_Session sess = MI_SESSION_NULL;
    MI_Instance *params = NULL, *ext = NULL;
    MI_Operation op = MI_OPERATION_NULL;
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    struct state s;
    struct rusage ru;
    MI_Value v;
    double t0, dt;

    if (MI_Application_InitializeV1(0, MI_T("enum_bench"), &ext, &app) != MI_RESULT_OK ||
        app.ft->NewSession(&app, NULL, NULL, NULL, NULL, &ext, &sess) != MI_RESULT_OK) {
        fprintf(stderr, "enum_bench: no session\n");
        return 1;
    }
    app.ft->NewInstance(&app, MI_T("__Parameters"), NULL, &params);
    v.uint64 = n;
    params->ft->AddElement(params, MI_T("Count"), &v, MI_UINT64, 0);
    sess.ft->Invoke(&sess, 0, NULL, MI_T("root/bench"), MI_T("MIRS_Bench"), MI_T("SetCount"), NULL, params, NULL,
                    &op);
    if (!drain(&op)) {
        fprintf(stderr, "enum_bench: SetCount failed (is MIRS_Bench registered in root/bench?)\n");
        return 1;
    }
    params->ft->Delete(params);

    pthread_mutex_init(&s.m, NULL);
    pthread_cond_init(&s.c, NULL);
    s.done = 0, s.n = 0, s.keys = 0;
    cb.callbackContext = &s;
    cb.instanceResult = on_result;
    t0 = now_s();
    sess.ft->EnumerateInstances(&sess, 0, NULL, MI_T("root/bench"), MI_T("MIRS_Bench"), MI_FALSE, &cb, &op);
    pthread_mutex_lock(&s.m);
    while (!s.done)
        pthread_cond_wait(&s.c, &s.m);
    pthread_mutex_unlock(&s.m);
    dt = now_s() - t0;
    op.ft->Close(&op);
    getrusage(RUSAGE_SELF, &ru);
    if (s.r != MI_RESULT_OK || s.n != n) {
        fprintf(stderr, "enum_bench: result %d, %llu of %llu instances\n", (int)s.r, s.n, n);
        return 1;
    }
    if (s.keys != n * (n - 1) / 2)
        fprintf(stderr, "enum_bench: keys not typed uint64 (sum %llu)\n", s.keys);
    printf("Enumerate %llu %.3f %.0f %ld\n", n, dt, (double)n / dt, ru.ru_maxrss);
    sess.ft->Close(&sess, NULL, NULL);
    app.ft->Close(&app);
    return 0;
}
