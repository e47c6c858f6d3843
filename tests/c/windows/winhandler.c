/*
 * winhandler.c - a small protocol handler DLL (docs/SPEC.md §6) for the Windows tests: the
 * Windows counterpart of tests/c/handler/testhandler.c for what handler_client.c needs,
 * on Win32 threads. Built with mingw-w64 into winhandler.dll by tests/windows.rs and
 * registered through MI_CONFIG:
 *
 *   protocolhandler=WINTEST,winhandler.dll,WinHandler_Main,1,0
 *
 * EnumerateInstances picks its behaviour by className:
 *   L"Inline"  3 results (instance NULL, more TRUE) and the final MI_RESULT_OK with
 *              errorString L"winhandler: inline", all from inside the start call.
 *   L"Thread"  the same from a handler thread (errorString L"winhandler: thread").
 *   other      one final MI_RESULT_NOT_SUPPORTED, inline.
 * Every string is UTF-16 (MI_Char is wchar_t on Windows).
 *
 * Exports for the test: WinHandler_Main, WinHandler_Fail (returns MI_RESULT_FAILED),
 * WinHandler_Threads (handler threads started and not yet joined), WinHandler_AppId and
 * WinHandler_Protocol (copies of the application ID and protocol name it was given),
 * WinHandler_FinalThread (id of the thread that delivered the last final).
 */
#include <mi.h>

#include <windows.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define EXPORT __declspec(dllexport)

typedef struct handler_app {
    CRITICAL_SECTION lock;
    HANDLE threads[64];
    int thread_count;
} handler_app;

typedef struct handler_op {
    MI_Operation handle; /* the handler's handle, passed to callbacks (a copy per call) */
    MI_OperationCallbacks callbacks;
    const wchar_t *label;
} handler_op;

static volatile LONG live_threads;
static volatile LONG final_thread;
static wchar_t last_app_id[256];
static wchar_t last_protocol[256];

static MI_ApplicationFT app_ft;
static MI_SessionFT session_ft;
static MI_OperationFT operation_ft;

static void copy_wide(wchar_t *to, const MI_Char *from)
{
    size_t i = 0;
    if (from != NULL) {
        for (; i < 255 && from[i] != 0; i++) {
            to[i] = from[i];
        }
    }
    to[i] = 0;
}

/* Delivers 3 results and the final through the operation's callbacks. */
static void deliver(handler_op *op)
{
    for (int i = 0; i < 3; i++) {
        MI_Operation copy = op->handle;
        op->callbacks.instanceResult(&copy, op->callbacks.callbackContext, NULL, MI_TRUE,
                                     MI_RESULT_OK, NULL, NULL, NULL);
    }
    InterlockedExchange(&final_thread, (LONG)GetCurrentThreadId());
    MI_Operation copy = op->handle;
    op->callbacks.instanceResult(&copy, op->callbacks.callbackContext, NULL, MI_FALSE,
                                 MI_RESULT_OK, op->label, NULL, NULL);
}

static DWORD WINAPI deliver_thread(LPVOID arg)
{
    handler_op *op = arg;
    Sleep(20);
    deliver(op);
    return 0;
}

/* ---- operations ---------------------------------------------------------------------- */

static MI_Result MI_CALL op_close(MI_Operation *operation)
{
    if (operation == NULL || operation->reserved2 == 0) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    free((handler_op *)operation->reserved2);
    operation->reserved2 = 0;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL op_cancel(MI_Operation *operation, MI_CancellationReason reason)
{
    (void)operation;
    (void)reason;
    return MI_RESULT_OK;
}

/* ---- sessions ------------------------------------------------------------------------ */

static MI_Result MI_CALL session_close(MI_Session *session, void *ctx, void(MI_CALL *done)(void *))
{
    if (session == NULL || session->reserved2 == 0) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    session->reserved2 = 0;
    if (done != NULL) {
        done(ctx);
    }
    return MI_RESULT_OK;
}

static void MI_CALL session_enumerate(MI_Session *session, MI_Uint32 flags, MI_OperationOptions *options,
                                      const MI_Char *ns, const MI_Char *class_name, MI_Boolean keys_only,
                                      MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    handler_app *app = session != NULL ? (handler_app *)session->reserved2 : NULL;
    handler_op *op = calloc(1, sizeof *op);
    (void)flags;
    (void)options;
    (void)ns;
    (void)keys_only;
    if (op == NULL || app == NULL || callbacks == NULL || callbacks->instanceResult == NULL) {
        free(op);
        memset(operation, 0, sizeof *operation);
        return;
    }
    op->handle.reserved1 = 1;
    op->handle.reserved2 = (ptrdiff_t)op;
    op->handle.ft = &operation_ft;
    op->callbacks = *callbacks;
    *operation = op->handle;
    if (class_name != NULL && wcscmp(class_name, L"Inline") == 0) {
        op->label = L"winhandler: inline";
        deliver(op);
    } else if (class_name != NULL && wcscmp(class_name, L"Thread") == 0) {
        op->label = L"winhandler: thread";
        EnterCriticalSection(&app->lock);
        if (app->thread_count < 64) {
            HANDLE t = CreateThread(NULL, 0, deliver_thread, op, 0, NULL);
            if (t != NULL) {
                app->threads[app->thread_count++] = t;
                InterlockedIncrement(&live_threads);
            }
        }
        LeaveCriticalSection(&app->lock);
    } else {
        MI_Operation copy = op->handle;
        InterlockedExchange(&final_thread, (LONG)GetCurrentThreadId());
        callbacks->instanceResult(&copy, callbacks->callbackContext, NULL, MI_FALSE,
                                  MI_RESULT_NOT_SUPPORTED, L"winhandler: unknown behaviour", NULL, NULL);
    }
}

/* ---- application --------------------------------------------------------------------- */

static MI_Result MI_CALL app_new_session(MI_Application *application, const MI_Char *protocol,
                                         const MI_Char *destination, MI_DestinationOptions *options,
                                         MI_SessionCallbacks *callbacks, MI_Instance **extended,
                                         MI_Session *session)
{
    (void)destination;
    (void)options;
    (void)callbacks;
    if (extended != NULL) {
        *extended = NULL;
    }
    if (application == NULL || application->reserved2 == 0 || session == NULL) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    copy_wide(last_protocol, protocol);
    session->reserved1 = 1;
    session->reserved2 = application->reserved2;
    session->ft = &session_ft;
    return MI_RESULT_OK;
}

/* Joins every handler thread (none may be the caller: the library never closes a
   handler's application from the handler's own threads). */
static MI_Result MI_CALL app_close(MI_Application *application)
{
    handler_app *app;
    if (application == NULL || application->reserved2 == 0) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    app = (handler_app *)application->reserved2;
    application->reserved2 = 0;
    for (int i = 0; i < app->thread_count; i++) {
        WaitForSingleObject(app->threads[i], INFINITE);
        CloseHandle(app->threads[i]);
        InterlockedDecrement(&live_threads);
    }
    DeleteCriticalSection(&app->lock);
    free(app);
    return MI_RESULT_OK;
}

static MI_ApplicationFT app_ft = {
    .Close = app_close,
    .NewSession = app_new_session,
};

static MI_SessionFT session_ft = {
    .Close = session_close,
    .EnumerateInstances = session_enumerate,
};

static MI_OperationFT operation_ft = {
    .Close = op_close,
    .Cancel = op_cancel,
};

EXPORT MI_Result MI_MAIN_CALL WinHandler_Main(MI_Uint32 flags, const MI_Char *app_id,
                                              MI_Instance **extended, MI_Application *application)
{
    handler_app *app;
    if (extended != NULL) {
        *extended = NULL;
    }
    if (application == NULL) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    memset(application, 0, sizeof *application);
    application->ft = &app_ft;
    if (flags != 0) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    app = calloc(1, sizeof *app);
    if (app == NULL) {
        return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    }
    InitializeCriticalSection(&app->lock);
    copy_wide(last_app_id, app_id);
    application->reserved1 = 1;
    application->reserved2 = (ptrdiff_t)app;
    return MI_RESULT_OK;
}

EXPORT MI_Result MI_MAIN_CALL WinHandler_Fail(MI_Uint32 flags, const MI_Char *app_id,
                                              MI_Instance **extended, MI_Application *application)
{
    (void)flags;
    (void)app_id;
    if (extended != NULL) {
        *extended = NULL;
    }
    if (application != NULL) {
        memset(application, 0, sizeof *application);
        application->ft = &app_ft;
    }
    return MI_RESULT_FAILED;
}

EXPORT int WinHandler_Threads(void)
{
    return (int)live_threads;
}

EXPORT const wchar_t *WinHandler_AppId(void)
{
    return last_app_id;
}

EXPORT const wchar_t *WinHandler_Protocol(void)
{
    return last_protocol;
}

EXPORT unsigned long WinHandler_FinalThread(void)
{
    return (unsigned long)final_thread;
}
