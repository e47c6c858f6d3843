/*
 * bench_handler.c - a minimal protocol handler for benchmarks only: constant-time handles
 * (a pointer in reserved2; no protection against stale handles, unlike the test handler),
 * no threads. Behaviours by class name:
 *   "Inline:N"  N results and the final result, inline from the start call
 *   "Never"     no result until Cancel, which delivers the final result inline
 * Results are acknowledged by the library when it asks for manual acknowledgement; this
 * handler passes no acknowledgement function and simply goes on (allowed by the API).
 */
#include <stdlib.h>
#include <string.h>

#include <mi.h>

#define MAGIC 0x42454e4348ull /* "BENCH" */

struct bench_op {
    MI_OperationCallbacks cb;
    int done;
};

static MI_Result MI_CALL app_close(MI_Application *app) { (void)app; return MI_RESULT_OK; }
static MI_Result MI_CALL not_supported(void) { return MI_RESULT_NOT_SUPPORTED; }

static void final_result(MI_Operation *op, struct bench_op *o, MI_Result code)
{
    if (o->done)
        return;
    o->done = 1;
    if (o->cb.instanceResult)
        o->cb.instanceResult(op, o->cb.callbackContext, NULL, MI_FALSE, code, NULL, NULL, NULL);
}

static MI_Result MI_CALL op_close(MI_Operation *op)
{
    free((void *)op->reserved2);
    return MI_RESULT_OK;
}

static MI_Result MI_CALL op_cancel(MI_Operation *op, MI_CancellationReason reason)
{
    (void)reason;
    final_result(op, (struct bench_op *)op->reserved2, MI_RESULT_FAILED);
    return MI_RESULT_OK;
}

static MI_OperationFT op_ft;

static void MI_CALL enumerate(MI_Session *session, MI_Uint32 flags, MI_OperationOptions *options,
                              const MI_Char *ns, const MI_Char *cls, MI_Boolean keysOnly,
                              MI_OperationCallbacks *cb, MI_Operation *operation)
{
    struct bench_op *o = calloc(1, sizeof *o);
    (void)session; (void)flags; (void)options; (void)ns; (void)keysOnly;
    o->cb = *cb;
    operation->reserved1 = MAGIC;
    operation->reserved2 = (ptrdiff_t)o;
    operation->ft = &op_ft;
    if (strncmp(cls, "Inline:", 7) == 0) {
        long n = atol(cls + 7);
        for (long i = 0; i < n; i++)
            o->cb.instanceResult(operation, o->cb.callbackContext, NULL, MI_TRUE, MI_RESULT_OK, NULL, NULL, NULL);
        final_result(operation, o, MI_RESULT_OK);
    }
    /* "Never": nothing until Cancel. */
}

static MI_Result MI_CALL session_close(MI_Session *s, void *ctx, void (MI_CALL *done)(void *))
{
    (void)s;
    if (done)
        done(ctx);
    return MI_RESULT_OK;
}

static MI_SessionFT session_ft;

static MI_Result MI_CALL new_session(MI_Application *app, const MI_Char *protocol, const MI_Char *destination,
                                     MI_DestinationOptions *options, MI_SessionCallbacks *callbacks,
                                     MI_Instance **extendedError, MI_Session *session)
{
    (void)app; (void)protocol; (void)destination; (void)options; (void)callbacks;
    if (extendedError)
        *extendedError = NULL;
    session->reserved1 = MAGIC;
    session->reserved2 = 0;
    session->ft = &session_ft;
    return MI_RESULT_OK;
}

static MI_ApplicationFT app_ft;

MI_Result BenchHandler_Main(MI_Uint32 flags, const MI_Char *id, MI_Instance **extendedError,
                            MI_Application *application)
{
    typedef void (*any_fn)(void);
    (void)flags; (void)id;
    if (extendedError)
        *extendedError = NULL;
    /* Every slot answers NOT_SUPPORTED except the few the benchmarks use. */
    for (size_t i = 0; i < sizeof app_ft / sizeof(any_fn); i++)
        ((any_fn *)&app_ft)[i] = (any_fn)not_supported;
    for (size_t i = 0; i < sizeof session_ft / sizeof(any_fn); i++)
        ((any_fn *)&session_ft)[i] = (any_fn)not_supported;
    for (size_t i = 0; i < sizeof op_ft / sizeof(any_fn); i++)
        ((any_fn *)&op_ft)[i] = (any_fn)not_supported;
    app_ft.Close = app_close;
    app_ft.NewSession = new_session;
    session_ft.Close = session_close;
    session_ft.EnumerateInstances = enumerate;
    op_ft.Close = op_close;
    op_ft.Cancel = op_cancel;
    application->reserved1 = MAGIC;
    application->reserved2 = 0;
    application->ft = &app_ft;
    return MI_RESULT_OK;
}
