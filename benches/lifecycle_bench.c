/*
 * lifecycle_bench.c - the issue-3 benchmarks (BENCHMARKS.md): application and session
 * life cycles, one operation round trip through the library vs calling the protocol
 * handler directly, and Close with 10,000 running operations. Run by ci/bench-lifecycle.sh.
 *
 *   lifecycle_bench HANDLER_SO [iterations]
 * with MI_CONFIG naming a configuration whose protocol handler TEST is HANDLER_SO, the
 * benchmark handler (benches/bench_handler.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mi.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void fail(const char *what, MI_Result r)
{
    fprintf(stderr, "%s failed: %u\n", what, (unsigned)r);
    exit(1);
}

static int finals;

static void MI_CALL on_result(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                              MI_Result code, const MI_Char *err, const MI_Instance *details,
                              MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)ctx; (void)inst; (void)code; (void)err; (void)details; (void)ack;
    if (!more) {
        finals++;
        if (op && op->reserved1 != 0)
            op->ft->Close(op);
    }
}

/* The handler's own callback for the direct runs: acknowledges what it is given. */
static void MI_CALL on_direct(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                              MI_Result code, const MI_Char *err, const MI_Instance *details,
                              MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)ctx; (void)inst; (void)code; (void)err; (void)details;
    if (ack)
        ack(op);
    if (!more)
        finals++;
}

static void report(const char *what, double total_ns, long n)
{
    printf("%-62s %10.0f ns\n", what, total_ns / n);
}

int main(int argc, char **argv)
{
    long n = argc > 2 ? atol(argv[2]) : 100000;
    MI_Application app;
    MI_Session session;
    MI_Operation op;
    MI_Result r;
    double t0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s HANDLER_SO [iterations]\n", argv[0]);
        return 2;
    }

    /* 1. Initialize + Close */
    t0 = now_ns();
    for (long i = 0; i < n; i++) {
        if ((r = MI_Application_Initialize(0, NULL, NULL, &app)) != MI_RESULT_OK)
            fail("Initialize", r);
        if ((r = MI_Application_Close(&app)) != MI_RESULT_OK)
            fail("Close", r);
    }
    report("MI_Application_Initialize + MI_Application_Close", now_ns() - t0, n);

    /* 2. NewSession + Session_Close (embedded handler, application open) */
    MI_Application_Initialize(0, NULL, NULL, &app);
    if ((r = MI_Application_NewSession(&app, MI_T("MI_EMBEDDED"), NULL, NULL, NULL, NULL, &session)) != MI_RESULT_OK)
        fail("NewSession", r);
    MI_Session_Close(&session, NULL, NULL); /* the handler is loaded; measure sessions */
    t0 = now_ns();
    for (long i = 0; i < n; i++) {
        MI_Application_NewSession(&app, MI_T("MI_EMBEDDED"), NULL, NULL, NULL, NULL, &session);
        if ((r = MI_Session_Close(&session, NULL, NULL)) != MI_RESULT_OK)
            fail("Session_Close", r);
    }
    report("MI_Application_NewSession + MI_Session_Close (embedded)", now_ns() - t0, n);
    MI_Application_Close(&app);

    /* 3. The full loop: Initialize + NewSession + both Closes */
    t0 = now_ns();
    for (long i = 0; i < n; i++) {
        MI_Application_Initialize(0, NULL, NULL, &app);
        if ((r = MI_Application_NewSession(&app, MI_T("MI_EMBEDDED"), NULL, NULL, NULL, NULL, &session)) != MI_RESULT_OK)
            fail("NewSession", r);
        MI_Session_Close(&session, NULL, NULL);
        MI_Application_Close(&app);
    }
    report("Initialize + NewSession + Session_Close + Close (embedded)", now_ns() - t0, n);

    /* 4. One operation round trip with 100 results: through the library vs directly. */
    {
        const long results = 100, ops = n / 100 > 200 ? n / 100 : 200;
        MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
        double lib_ns, direct_ns;
        cb.instanceResult = on_result;
        MI_Application_Initialize(0, NULL, NULL, &app);
        if ((r = MI_Application_NewSession(&app, MI_T("TEST"), NULL, NULL, NULL, NULL, &session)) != MI_RESULT_OK)
            fail("NewSession TEST", r);
        finals = 0;
        t0 = now_ns();
        for (long i = 0; i < ops; i++)
            MI_Session_EnumerateInstances(&session, 0, NULL, MI_T("root/test"), "Inline:100", MI_FALSE, &cb, &op);
        lib_ns = now_ns() - t0;
        if (finals != ops)
            fail("library round trips", (MI_Result)finals);
        MI_Session_Close(&session, NULL, NULL);
        MI_Application_Close(&app);

        /* The same handler, called directly through its own tables. */
        void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
        MI_Result (*entry)(MI_Uint32, const MI_Char *, MI_Instance **, MI_Application *) =
            h ? (MI_Result (*)(MI_Uint32, const MI_Char *, MI_Instance **, MI_Application *))dlsym(h, "BenchHandler_Main") : NULL;
        MI_Application happ;
        MI_Session hsession;
        MI_OperationCallbacks dcb = MI_OPERATIONCALLBACKS_NULL;
        if (!entry || entry(0, NULL, NULL, &happ) != MI_RESULT_OK)
            fail("handler entry", 0);
        happ.ft->NewSession(&happ, NULL, NULL, NULL, NULL, NULL, &hsession);
        dcb.instanceResult = on_direct;
        finals = 0;
        t0 = now_ns();
        for (long i = 0; i < ops; i++) {
            MI_Operation hop;
            hsession.ft->EnumerateInstances(&hsession, MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS, NULL, MI_T("root/test"),
                                            "Inline:100", MI_FALSE, &dcb, &hop);
            hop.ft->Close(&hop);
        }
        direct_ns = now_ns() - t0;
        if (finals != ops)
            fail("direct round trips", (MI_Result)finals);
        hsession.ft->Close(&hsession, NULL, NULL);
        happ.ft->Close(&happ);
        dlclose(h);
        report("operation with 100 results, through the library (per operation)", lib_ns, ops);
        report("operation with 100 results, handler called directly (per operation)", direct_ns, ops);
        report("added by the library per delivered result", lib_ns - direct_ns, ops * (results + 1));
    }

    /* 5. Close with 10,000 running operations (never complete until cancelled). */
    {
        const int count = 10000;
        MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
        double t_session, t_app;
        cb.instanceResult = on_result;
        MI_Application_Initialize(0, NULL, NULL, &app);
        MI_Application_NewSession(&app, MI_T("TEST"), NULL, NULL, NULL, NULL, &session);
        finals = 0;
        for (int i = 0; i < count; i++)
            MI_Session_EnumerateInstances(&session, 0, NULL, MI_T("root/test"), "Never", MI_FALSE, &cb, &op);
        t0 = now_ns();
        if ((r = MI_Session_Close(&session, NULL, NULL)) != MI_RESULT_OK) /* cancels all, waits */
            fail("Session_Close", r);
        t_session = now_ns() - t0;
        if (finals != count)
            fail("finals after Session_Close", (MI_Result)finals);
        /* And through application Close: it cancels them; the final callbacks close the
           operations, the session is closed by the client right after. */
        MI_Application_NewSession(&app, MI_T("TEST"), NULL, NULL, NULL, NULL, &session);
        finals = 0;
        for (int i = 0; i < count; i++)
            MI_Session_EnumerateInstances(&session, 0, NULL, MI_T("root/test"), "Never", MI_FALSE, &cb, &op);
        t0 = now_ns();
        /* Close the session asynchronously first so application Close need not wait for us. */
        MI_Session_Close(&session, NULL, NULL);
        MI_Application_Close(&app);
        t_app = now_ns() - t0;
        printf("%-62s %10.2f ms\n", "MI_Session_Close with 10,000 running operations", t_session / 1e6);
        printf("%-62s %10.2f ms\n", "Session_Close + Application_Close, 10,000 running operations", t_app / 1e6);
    }
    return 0;
}
