/*
 * dlopen_cycles.c - load the library with dlopen, use it (application, session, an
 * operation on the embedded handler, closes), dlclose it; 20 times in one process
 * (contract.md §3.5: after the last Close the library owns no thread and no resource).
 * After each dlclose the library must really be gone (RTLD_NOLOAD finds nothing), and the
 * thread count must be back to where it started.
 *
 * The path of the library comes from the environment variable MI_TEST_LIBRARY.
 */
#include "testutil.h"

#include <mi.h>

#include <dirent.h>
#include <dlfcn.h>

typedef MI_Result (*init_fn)(MI_Uint32, const MI_Char *, MI_Instance **, MI_Application *);

static int thread_count(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

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
    int threads_before = thread_count();
    tu_watchdog(60);
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
        CHECK_EQ_INT(thread_count(), threads_before);
    }
    CHECK_EQ_INT(finals, 20);
    TEST_MAIN_END();
}
