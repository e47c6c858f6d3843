/*
 * dlopen_cycles.c - load the library with dlopen, use it (application, session, an
 * operation on the embedded handler, closes), dlclose it; 20 times in one process
 * (docs/SPEC.md §3.5: after the last Close the library owns no thread and no resource).
 * After each dlclose the library must really be gone (RTLD_NOLOAD finds nothing), and the
 * thread count must be back to where it started.
 *
 * The path of the library comes from the environment variable MI_TEST_LIBRARY. On Windows
 * (tests/windows.rs, under Wine) it is LoadLibrary/FreeLibrary instead, and the library
 * is loaded by its bare name "mi.dll", found by the DLL search order next to the program.
 */
#include "testutil.h"

#include <mi.h>

#ifdef _WIN32
/* The dlfcn calls this program makes, on LoadLibrary / GetProcAddress / FreeLibrary. */
#define RTLD_NOW 0
#define RTLD_LOCAL 0
#define RTLD_NOLOAD 1
static void *dlopen(const char *path, int flags)
{
    if (flags & RTLD_NOLOAD) {
        return (void *)GetModuleHandleA(path);
    }
    return (void *)LoadLibraryA(path);
}
static void *dlsym(void *lib, const char *name)
{
    return (void *)GetProcAddress((HMODULE)lib, name);
}
static int dlclose(void *lib)
{
    return FreeLibrary((HMODULE)lib) ? 0 : 1;
}
static const char *dlerror(void)
{
    static char message[64];
    snprintf(message, sizeof message, "Windows error %lu", (unsigned long)GetLastError());
    return message;
}
#else
#include <dlfcn.h>
#endif

typedef MI_Result (*init_fn)(MI_Uint32, const MI_Char *, MI_Instance **, MI_Application *);

static int finals;

static void MI_CALL on_result(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                              MI_Result code, const MI_Char *err, const MI_Instance *details,
                              MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)ctx; (void)inst; (void)code; (void)err; (void)details; (void)ack;
    if (!more) {
        finals++;
        op->ft->Close(op);
    }
}

static void use_library(void *lib)
{
    init_fn init = (init_fn)dlsym(lib, "MI_Application_InitializeV1");
    const MI_ClientFT_V1 **table = (const MI_ClientFT_V1 **)dlsym(lib, "mi_clientFT_V1");
    MI_Application app = MI_APPLICATION_NULL;
    MI_Session session = MI_SESSION_NULL;
    MI_Operation op = MI_OPERATION_NULL;
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    if (!CHECK(init != NULL) || !CHECK(table != NULL && *table != NULL))
        return;
    CHECK_EQ_INT(init(0, MI_T("dlopen"), NULL, &app), MI_RESULT_OK);
    CHECK((*table)->applicationFT == app.ft);
    CHECK_EQ_INT(app.ft->NewSession(&app, NULL, NULL, NULL, NULL, NULL, &session), MI_RESULT_OK);
    cb.instanceResult = on_result;
    session.ft->EnumerateInstances(&session, 0, NULL, MI_T("ns"), MI_T("C"), MI_FALSE, &cb, &op);
    CHECK_EQ_INT(session.ft->Close(&session, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(app.ft->Close(&app), MI_RESULT_OK);
}

int main(void)
{
    const char *path = getenv("MI_TEST_LIBRARY");
    tu_watchdog(60); /* first: on Windows it is a thread, part of the baseline */
    int threads_before = tu_thread_count();
    CHECK(threads_before > 0);
    if (!CHECK(path != NULL))
        TEST_MAIN_END();
    for (int round = 0; round < 20; round++) {
        void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!CHECK(lib != NULL)) {
            fprintf(stderr, "dlopen: %s\n", dlerror());
            break;
        }
        use_library(lib);
        CHECK_EQ_INT(dlclose(lib), 0);
        /* Really unloaded: no thread-local destructor or thread keeps it in memory. */
        void *still = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
        CHECK(still == NULL);
        if (still)
            dlclose(still);
        CHECK_EQ_INT(tu_thread_count(), threads_before);
    }
    CHECK_EQ_INT(finals, 20);
    TEST_MAIN_END();
}
