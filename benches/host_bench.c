/*
 * host_bench.c - round trips through an MI library's default local handler, written
 * against the MI API's function tables only (it imports nothing but
 * MI_Application_InitializeV1), so the same program runs on this library (the in-process
 * provider host) and on OMI's libmi.so (its omiserver, over the local socket).
 *
 *   host_bench ITERATIONS
 *
 * Operations on OMI's own PersonProvider (root/cimv2): GetInstance of MSFT_Person Key=777
 * (an instance the provider answers from code), synchronous (pulled) and asynchronous
 * (callback, one operation at a time), and Invoke of MSFT_Person.Add(X, Y). Prints one line
 * per operation: name, iterations, mean microseconds per operation.
 */
#define _POSIX_C_SOURCE 200809L
#include <mi.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static MI_Application app = MI_APPLICATION_NULL;
static MI_Session sess = MI_SESSION_NULL;

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int drain(MI_Operation *op)
{
    const MI_Instance *inst = NULL;
    MI_Boolean more = MI_TRUE;
    MI_Result r = MI_RESULT_FAILED;
    int n = 0;
    while (more && op->ft->GetInstance(op, &inst, &more, &r, NULL, NULL) == MI_RESULT_OK)
        n += inst != NULL;
    op->ft->Close(op);
    return r == MI_RESULT_OK ? n : -1;
}

struct waiter {
    pthread_mutex_t m;
    pthread_cond_t c;
    int done;
    MI_Result r;
};

static void MI_CALL on_result(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                              MI_Result result, const MI_Char *msg, const MI_Instance *details,
                              MI_Result (MI_CALL *ack)(MI_Operation *))
{
    struct waiter *w = (struct waiter *)ctx;
    (void)inst, (void)msg, (void)details;
    if (!more) {
        pthread_mutex_lock(&w->m);
        w->done = 1;
        w->r = result;
        pthread_cond_signal(&w->c);
        pthread_mutex_unlock(&w->m);
    }
    if (ack)
        ack(op);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000;
    MI_Instance *key = NULL, *params = NULL, *ext = NULL;
    MI_Value v;
    double t0;
    long i;

    if (MI_Application_InitializeV1(0, MI_T("host_bench"), &ext, &app) != MI_RESULT_OK ||
        app.ft->NewSession(&app, NULL, NULL, NULL, NULL, &ext, &sess) != MI_RESULT_OK) {
        fprintf(stderr, "host_bench: no session\n");
        return 1;
    }
    app.ft->NewInstance(&app, MI_T("MSFT_Person"), NULL, &key);
    v.uint32 = 777;
    key->ft->AddElement(key, MI_T("Key"), &v, MI_UINT32, MI_FLAG_KEY);
    app.ft->NewInstance(&app, MI_T("__Parameters"), NULL, &params);
    v.real32 = 1.5f;
    params->ft->AddElement(params, MI_T("X"), &v, MI_REAL32, 0);
    v.real32 = 2.25f;
    params->ft->AddElement(params, MI_T("Y"), &v, MI_REAL32, 0);

    /* warm up: loads the provider */
    for (i = 0; i < 10; i++) {
        MI_Operation op = MI_OPERATION_NULL;
        sess.ft->GetInstance(&sess, 0, NULL, MI_T("root/cimv2"), key, NULL, &op);
        if (drain(&op) != 1) {
            fprintf(stderr, "host_bench: GetInstance MSFT_Person Key=777 failed\n");
            return 1;
        }
    }

    t0 = now_us();
    for (i = 0; i < n; i++) {
        MI_Operation op = MI_OPERATION_NULL;
        sess.ft->GetInstance(&sess, 0, NULL, MI_T("root/cimv2"), key, NULL, &op);
        if (drain(&op) != 1)
            return 1;
    }
    printf("GetInstance sync   %ld %.2f\n", n, (now_us() - t0) / (double)n);

    {
        struct waiter w;
        MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
        pthread_mutex_init(&w.m, NULL);
        pthread_cond_init(&w.c, NULL);
        cb.callbackContext = &w;
        cb.instanceResult = on_result;
        t0 = now_us();
        for (i = 0; i < n; i++) {
            MI_Operation op = MI_OPERATION_NULL;
            w.done = 0;
            sess.ft->GetInstance(&sess, 0, NULL, MI_T("root/cimv2"), key, &cb, &op);
            pthread_mutex_lock(&w.m);
            while (!w.done)
                pthread_cond_wait(&w.c, &w.m);
            pthread_mutex_unlock(&w.m);
            op.ft->Close(&op);
            if (w.r != MI_RESULT_OK)
                return 1;
        }
        printf("GetInstance async  %ld %.2f\n", n, (now_us() - t0) / (double)n);
    }

    t0 = now_us();
    for (i = 0; i < n; i++) {
        MI_Operation op = MI_OPERATION_NULL;
        sess.ft->Invoke(&sess, 0, NULL, MI_T("root/cimv2"), NULL, MI_T("Add"), key, params, NULL, &op);
        if (drain(&op) != 1)
            return 1;
    }
    printf("Invoke sync        %ld %.2f\n", n, (now_us() - t0) / (double)n);

    key->ft->Delete(key);
    params->ft->Delete(params);
    sess.ft->Close(&sess, NULL, NULL);
    app.ft->Close(&app);
    return 0;
}
