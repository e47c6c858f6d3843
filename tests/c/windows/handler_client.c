/*
 * handler_client.c - mi.dll with a protocol handler DLL (winhandler.dll) loaded through
 * MI_CONFIG (LoadLibraryExW / GetProcAddress / FreeLibrary in the library), on Windows
 * under Wine: UTF-16 strings through both interfaces, operations completed inline and
 * from the handler's threads, synchronous pulls, closes from inside callbacks refused,
 * and after MI_Application_Close the handler unloaded and the thread count back where
 * it started.
 *
 * MI_CONFIG must register (tests/windows.rs writes it):
 *   WINTEST    winhandler.dll, WinHandler_Main  (the default local handler)
 *   WINFAIL    winhandler.dll, WinHandler_Fail
 *   WINMISSING winhandler.dll, NoSuchEntryPoint
 *   WINNOLIB   no-such-library.dll
 */
#include "../testutil.h"

#include <mi.h>

#include <wchar.h>

_Static_assert(sizeof(MI_Char) == 2, "MI_Char is UTF-16 on Windows");

typedef const wchar_t *(*text_fn)(void);
typedef int (*count_fn)(void);
typedef unsigned long (*thread_fn)(void);

struct record {
    MI_Application *app;
    MI_Session *session;
    int results;
    int finals;
    MI_Result code;
    wchar_t error[64];
    DWORD final_thread;
    MI_Result app_close_in_cb;
    MI_Result session_close_in_cb;
    HANDLE done;
};

static void MI_CALL on_result(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                              MI_Result code, const MI_Char *err, const MI_Instance *details,
                              MI_Result(MI_CALL *ack)(MI_Operation *))
{
    struct record *r = ctx;
    (void)inst;
    (void)details;
    (void)ack;
    if (more) {
        if (r->results++ == 0 && r->app != NULL) {
            /* A synchronous close from inside a callback would deadlock: refused. */
            r->app_close_in_cb = MI_Application_Close(r->app);
            r->session_close_in_cb = MI_Session_Close(r->session, NULL, NULL);
        }
        return;
    }
    r->finals++;
    r->code = code;
    r->final_thread = GetCurrentThreadId();
    if (err != NULL) {
        wcsncpy(r->error, err, 63);
    }
    MI_Operation_Close(op);
    if (r->done != NULL) {
        SetEvent(r->done);
    }
}

static MI_OperationCallbacks callbacks_for(struct record *r)
{
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    cb.callbackContext = r;
    cb.instanceResult = on_result;
    return cb;
}

static void enumerate(MI_Session *s, const MI_Char *behaviour, struct record *r)
{
    MI_OperationCallbacks cb = callbacks_for(r);
    MI_Operation op = MI_OPERATION_NULL;
    r->done = CreateEventW(NULL, TRUE, FALSE, NULL);
    MI_Session_EnumerateInstances(s, 0, NULL, MI_T("root/test"), behaviour, MI_FALSE, &cb, &op);
    CHECK_EQ_INT(WaitForSingleObject(r->done, 10000), WAIT_OBJECT_0);
    CloseHandle(r->done);
    r->done = NULL;
}

int main(void)
{
    static const MI_Char app_id[] = L"win-client-\u00e9\u20ac"; /* non-ASCII UTF-16 */
    MI_Application app = MI_APPLICATION_NULL;
    MI_Session s = MI_SESSION_NULL;
    MI_Session bad = MI_SESSION_NULL;
    HMODULE handler;
    tu_watchdog(120); /* first: it is a thread, part of the baseline */
    int threads_before = tu_thread_count();
    CHECK(threads_before > 0);
    CHECK(getenv("MI_CONFIG") != NULL);
    CHECK(GetModuleHandleW(L"winhandler.dll") == NULL);

    SECTION("configured handlers: default, failing, missing entry point, missing library");
    CHECK_EQ_INT(MI_Application_Initialize(0, app_id, NULL, &app), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_NewSession(&app, MI_T("WINFAIL"), NULL, NULL, NULL, NULL, &bad), MI_RESULT_FAILED);
    CHECK_EQ_INT(MI_Application_NewSession(&app, MI_T("WINMISSING"), NULL, NULL, NULL, NULL, &bad), MI_RESULT_FAILED);
    CHECK_EQ_INT(MI_Application_NewSession(&app, MI_T("WINNOLIB"), NULL, NULL, NULL, NULL, &bad), MI_RESULT_FAILED);
    if (!CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, NULL, NULL, NULL, NULL, &s), MI_RESULT_OK)) {
        TEST_MAIN_END();
    }
    /* Our own reference keeps the handler's counters readable after the library's
       FreeLibrary (GetModuleHandle proves the library loaded it). */
    CHECK(GetModuleHandleW(L"winhandler.dll") != NULL);
    handler = LoadLibraryW(L"winhandler.dll");
    if (!CHECK(handler != NULL)) {
        TEST_MAIN_END();
    }
    text_fn handler_app_id = (text_fn)(void (*)(void))GetProcAddress(handler, "WinHandler_AppId");
    text_fn handler_protocol = (text_fn)(void (*)(void))GetProcAddress(handler, "WinHandler_Protocol");
    count_fn handler_threads = (count_fn)(void (*)(void))GetProcAddress(handler, "WinHandler_Threads");
    thread_fn handler_final_thread =
        (thread_fn)(void (*)(void))GetProcAddress(handler, "WinHandler_FinalThread");
    if (!CHECK(handler_app_id && handler_protocol && handler_threads && handler_final_thread)) {
        TEST_MAIN_END();
    }

    SECTION("invalid UTF-16 is an error code");
    {
        static const MI_Char unpaired[] = {L'W', 0xd800, L'X', 0};
        MI_Session none = MI_SESSION_NULL;
        CHECK_EQ_INT(MI_Application_NewSession(&app, unpaired, NULL, NULL, NULL, NULL, &none),
                     MI_RESULT_INVALID_PARAMETER);
        /* (Operation arguments such as the namespace are forwarded to the handler as the
           client gave them, unchecked, on every platform.) */
    }

    SECTION("UTF-16 strings reach the handler unchanged");
    CHECK(wcscmp(handler_app_id(), app_id) == 0);
    CHECK(wcscmp(handler_protocol(), L"WINTEST") == 0);

    SECTION("inline results");
    {
        struct record r = {0};
        enumerate(&s, MI_T("Inline"), &r);
        CHECK_EQ_INT(r.results, 3);
        CHECK_EQ_INT(r.finals, 1);
        CHECK_EQ_INT(r.code, MI_RESULT_OK);
        CHECK(wcscmp(r.error, L"winhandler: inline") == 0);
        CHECK_EQ_INT(r.final_thread, GetCurrentThreadId());
    }

    SECTION("results from a handler thread; closes inside its callback refused");
    {
        struct record r = {0};
        r.app = &app;
        r.session = &s;
        enumerate(&s, MI_T("Thread"), &r);
        CHECK_EQ_INT(r.results, 3);
        CHECK_EQ_INT(r.finals, 1);
        CHECK_EQ_INT(r.code, MI_RESULT_OK);
        CHECK(wcscmp(r.error, L"winhandler: thread") == 0);
        CHECK(r.final_thread != GetCurrentThreadId());
        CHECK_EQ_INT(r.final_thread, handler_final_thread());
        CHECK_EQ_INT(r.app_close_in_cb, MI_RESULT_FAILED);
        CHECK_EQ_INT(r.session_close_in_cb, MI_RESULT_FAILED);
    }

    SECTION("unknown behaviour: the handler's final code and UTF-16 message");
    {
        struct record r = {0};
        enumerate(&s, MI_T("Nothing"), &r);
        CHECK_EQ_INT(r.results, 0);
        CHECK_EQ_INT(r.code, MI_RESULT_NOT_SUPPORTED);
        CHECK(wcscmp(r.error, L"winhandler: unknown behaviour") == 0);
    }

    SECTION("synchronous pull of results from a handler thread");
    for (int round = 0; round < 5; round++) {
        MI_Operation op = MI_OPERATION_NULL;
        const MI_Instance *inst = NULL;
        MI_Boolean more = MI_TRUE;
        MI_Result res = MI_RESULT_FAILED;
        const MI_Char *err = NULL;
        int pulled = 0;
        MI_Session_EnumerateInstances(&s, 0, NULL, MI_T("root/test"), MI_T("Thread"), MI_FALSE, NULL, &op);
        while (more && pulled < 10) {
            if (MI_Operation_GetInstance(&op, &inst, &more, &res, &err, NULL) != MI_RESULT_OK) {
                break;
            }
            pulled++;
        }
        CHECK_EQ_INT(pulled, 4);
        CHECK_EQ_INT(more, MI_FALSE);
        CHECK_EQ_INT(res, MI_RESULT_OK);
        CHECK(err != NULL && wcscmp(err, L"winhandler: thread") == 0);
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    }

    SECTION("close: session, application; handler threads joined and handler unloaded");
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    CHECK_EQ_INT(handler_threads(), 0);
    CHECK(FreeLibrary(handler));
    CHECK(GetModuleHandleW(L"winhandler.dll") == NULL);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_INVALID_PARAMETER);
    SECTION("no thread left behind");
    CHECK_EQ_INT(tu_thread_count(), threads_before);
    TEST_MAIN_END();
}
