/*
 * demo.c - a small MI client, written against the MI API only (it compiles against the
 * reference MI.h as well as ours). It opens a session on the default local handler (the
 * in-process provider host: no server), enumerates the instances of a class and prints
 * every property of each.
 *
 *   demo [NAMESPACE CLASS]      (default: root/sample MIRS_OperatingSystem)
 *
 * Build and run: ci/demo.sh (it builds the sample provider and points the host at it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mi.h"

#if defined(_WIN32)
#define FMT_S "%ls"
#else
#define FMT_S "%s"
#endif

static const char *type_name(MI_Type t)
{
    static const char *names[] = {"boolean", "uint8", "sint8", "uint16", "sint16", "uint32", "sint32",
                                  "uint64", "sint64", "real32", "real64", "char16", "datetime", "string",
                                  "reference", "instance"};
    if (t <= MI_INSTANCE)
        return names[t];
    if (t & MI_ARRAY)
        return "array";
    return "?";
}

static void print_datetime(const MI_Datetime *d)
{
    if (d->isTimestamp)
        printf("%04u-%02u-%02u %02u:%02u:%02u", d->u.timestamp.year, d->u.timestamp.month, d->u.timestamp.day,
               d->u.timestamp.hour, d->u.timestamp.minute, d->u.timestamp.second);
    else
        printf("%u days %02u:%02u:%02u", d->u.interval.days, d->u.interval.hours, d->u.interval.minutes,
               d->u.interval.seconds);
}

static void print_scalar(MI_Type t, const void *p)
{
    switch (t) {
    case MI_BOOLEAN: printf("%s", *(const MI_Boolean *)p ? "true" : "false"); break;
    case MI_UINT8: printf("%u", *(const MI_Uint8 *)p); break;
    case MI_SINT8: printf("%d", *(const MI_Sint8 *)p); break;
    case MI_UINT16: printf("%u", *(const MI_Uint16 *)p); break;
    case MI_SINT16: printf("%d", *(const MI_Sint16 *)p); break;
    case MI_UINT32: printf("%u", *(const MI_Uint32 *)p); break;
    case MI_SINT32: printf("%d", *(const MI_Sint32 *)p); break;
    case MI_UINT64: printf("%llu", (unsigned long long)*(const MI_Uint64 *)p); break;
    case MI_SINT64: printf("%lld", (long long)*(const MI_Sint64 *)p); break;
    case MI_REAL32: printf("%g", *(const MI_Real32 *)p); break;
    case MI_REAL64: printf("%g", *(const MI_Real64 *)p); break;
    case MI_CHAR16: printf("%u", *(const MI_Char16 *)p); break;
    case MI_DATETIME: print_datetime((const MI_Datetime *)p); break;
    case MI_STRING: printf("\"" FMT_S "\"", *(const MI_Char *const *)p); break;
    default: printf("(%s)", type_name(t)); break;
    }
}

static size_t scalar_size(MI_Type t)
{
    switch (t) {
    case MI_BOOLEAN: case MI_UINT8: case MI_SINT8: return 1;
    case MI_UINT16: case MI_SINT16: case MI_CHAR16: return 2;
    case MI_UINT32: case MI_SINT32: case MI_REAL32: return 4;
    case MI_UINT64: case MI_SINT64: case MI_REAL64: return 8;
    case MI_DATETIME: return sizeof(MI_Datetime);
    default: return sizeof(void *);
    }
}

static void print_instance(const MI_Instance *inst)
{
    const MI_Char *cls = NULL;
    MI_Uint32 n = 0;
    MI_Instance_GetClassName(inst, &cls);
    MI_Instance_GetElementCount(inst, &n);
    printf("instance of " FMT_S "\n", cls ? cls : MI_T("?"));
    for (MI_Uint32 i = 0; i < n; i++) {
        const MI_Char *name = NULL;
        MI_Value v;
        MI_Type t;
        MI_Uint32 flags = 0;
        if (MI_Instance_GetElementAt(inst, i, &name, &v, &t, &flags) != MI_RESULT_OK)
            continue;
        printf("    %s" FMT_S " = ", (flags & MI_FLAG_KEY) ? "[Key] " : "", name);
        if (flags & MI_FLAG_NULL) {
            printf("NULL\n");
            continue;
        }
        if (t & MI_ARRAY) {
            MI_Type et = (MI_Type)(t & ~MI_ARRAY);
            const char *data = (const char *)v.uint8a.data;
            printf("{");
            for (MI_Uint32 j = 0; j < v.uint8a.size && j < 16; j++) {
                if (j)
                    printf(", ");
                print_scalar(et, data + j * scalar_size(et));
            }
            printf(v.uint8a.size > 16 ? ", ...}\n" : "}\n");
        } else if (t == MI_INSTANCE || t == MI_REFERENCE) {
            printf("(%s)\n", type_name(t));
        } else {
            print_scalar(t, &v);
            printf("\n");
        }
    }
}

static MI_Application app = MI_APPLICATION_NULL;
static MI_Session session = MI_SESSION_NULL;

static void to_mi(MI_Char *out, size_t n, const char *s)
{
    size_t i;
    for (i = 0; s[i] && i + 1 < n; i++)
        out[i] = (MI_Char)s[i];
    out[i] = 0;
}

/* Pulls every result; prints the first `show` instances; returns the count. */
static unsigned pull(MI_Operation *op, unsigned show, MI_Result *res)
{
    const MI_Instance *inst = NULL;
    MI_Boolean more = MI_TRUE;
    const MI_Char *message = NULL;
    const MI_Instance *details = NULL;
    unsigned count = 0;
    *res = MI_RESULT_FAILED;
    while (more) {
        if (op->ft->GetInstance(op, &inst, &more, res, &message, &details) != MI_RESULT_OK)
            break;
        if (inst) {
            if (count < show)
                print_instance(inst);
            count++;
        }
    }
    if (*res != MI_RESULT_OK && message)
        printf("  message: " FMT_S "\n", message);
    op->ft->Close(op);
    return count;
}

static MI_Instance *process_key(long pid)
{
    MI_Instance *key = NULL;
    MI_Char handle[32];
    char h[32];
    MI_Value v;
    snprintf(h, sizeof h, "%ld", pid);
    to_mi(handle, 32, h);
    if (MI_Application_NewInstance(&app, MI_T("MIRS_Process"), NULL, &key) != MI_RESULT_OK)
        return NULL;
    v.string = handle;
    MI_Instance_AddElement(key, MI_T("Handle"), &v, MI_STRING, MI_FLAG_KEY);
    return key;
}

static int tour(void)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_Instance *me = process_key((long)getpid()), *params = NULL;
    MI_Result res;
    unsigned n;
    MI_Value v;
    MI_Char q[128];
    int failures = 0;

    printf("== EnumerateInstances(root/sample, MIRS_OperatingSystem)\n");
    session.ft->EnumerateInstances(&session, 0, NULL, MI_T("root/sample"), MI_T("MIRS_OperatingSystem"), MI_FALSE,
                                   NULL, &op);
    n = pull(&op, 1, &res);
    printf("   -> result %d, %u instance(s)\n", (int)res, n);
    failures += res != MI_RESULT_OK || n != 1;

    printf("== GetInstance(MIRS_Process Handle=%ld): this demo's own process\n", (long)getpid());
    session.ft->GetInstance(&session, 0, NULL, MI_T("root/sample"), me, NULL, &op);
    n = pull(&op, 1, &res);
    printf("   -> result %d\n", (int)res);
    failures += res != MI_RESULT_OK || n != 1;

    printf("== QueryInstances(WQL): SELECT * FROM MIRS_Process WHERE ThreadCount > 10\n");
    to_mi(q, 128, "SELECT * FROM MIRS_Process WHERE ThreadCount > 10");
    session.ft->QueryInstances(&session, 0, NULL, MI_T("root/sample"), MI_T("WQL"), q, NULL, &op);
    n = pull(&op, 0, &res);
    printf("   -> result %d, %u process(es) with more than 10 threads\n", (int)res, n);
    failures += res != MI_RESULT_OK;

    printf("== Invoke(MIRS_Process.Count, State=\"R\"): a static method\n");
    MI_Application_NewInstance(&app, MI_T("__Parameters"), NULL, &params);
    v.string = MI_T("R");
    MI_Instance_AddElement(params, MI_T("State"), &v, MI_STRING, 0);
    session.ft->Invoke(&session, 0, NULL, MI_T("root/sample"), MI_T("MIRS_Process"), MI_T("Count"), NULL, params,
                       NULL, &op);
    pull(&op, 1, &res);
    printf("   -> result %d\n", (int)res);
    failures += res != MI_RESULT_OK;
    MI_Instance_Delete(params);

    printf("== Invoke(MIRS_Process.Signal, Number=0) on this process: an instance method\n");
    MI_Application_NewInstance(&app, MI_T("__Parameters"), NULL, &params);
    v.uint32 = 0;
    MI_Instance_AddElement(params, MI_T("Number"), &v, MI_UINT32, 0);
    session.ft->Invoke(&session, 0, NULL, MI_T("root/sample"), NULL, MI_T("Signal"), me, params, NULL, &op);
    pull(&op, 1, &res);
    printf("   -> result %d\n", (int)res);
    failures += res != MI_RESULT_OK;
    MI_Instance_Delete(params);

    printf("== AssociatorInstances(this process, MIRS_ProcessParent, role Child): its parent\n");
    session.ft->AssociatorInstances(&session, 0, NULL, MI_T("root/sample"), me, MI_T("MIRS_ProcessParent"), NULL,
                                    MI_T("Child"), MI_T("Parent"), MI_FALSE, NULL, &op);
    n = pull(&op, 1, &res);
    printf("   -> result %d, %u instance(s)\n", (int)res, n);
    failures += res != MI_RESULT_OK || n != 1;

    printf("== EnumerateInstances(root/sample, MIRS_Mount)\n");
    session.ft->EnumerateInstances(&session, 0, NULL, MI_T("root/sample"), MI_T("MIRS_Mount"), MI_FALSE, NULL, &op);
    n = pull(&op, 2, &res);
    printf("   -> result %d, %u mount(s) (2 shown)\n", (int)res, n);
    failures += res != MI_RESULT_OK;

    printf("== Subscribe(WQL): SELECT * FROM MIRS_Heartbeat, one indication every 200 ms\n");
    {
        MI_OperationOptions opts = MI_OPERATIONOPTIONS_NULL;
        const MI_Instance *ind = NULL;
        const MI_Char *bookmark = NULL, *machine = NULL, *message = NULL;
        const MI_Instance *details = NULL;
        MI_Boolean more = MI_TRUE;
        unsigned got = 0;
        MI_Application_NewOperationOptions(&app, MI_FALSE, &opts);
        MI_OperationOptions_SetNumber(&opts, MI_T("interval"), 200, 0);
        session.ft->Subscribe(&session, 0, &opts, MI_T("root/sample"), MI_T("WQL"),
                              MI_T("SELECT * FROM MIRS_Heartbeat"), NULL, NULL, &op);
        /* Two indications, then Cancel: the final result follows. */
        while (more && op.ft->GetIndication(&op, &ind, &bookmark, &machine, &more, &res, &message, &details) ==
                           MI_RESULT_OK) {
            if (!ind)
                continue;
            if (got == 0) {
                print_instance(ind);
                printf("   bookmark " FMT_S ", machine " FMT_S "\n", bookmark ? bookmark : MI_T("(none)"),
                       machine ? machine : MI_T("(none)"));
            }
            if (++got == 2)
                op.ft->Cancel(&op, MI_REASON_NONE);
        }
        op.ft->Close(&op);
        MI_OperationOptions_Delete(&opts);
        printf("   -> %u indication(s), then Cancel: final result %d\n", got, (int)res);
        failures += got != 2;
    }

    MI_Instance_Delete(me);
    return failures;
}

int main(int argc, char **argv)
{
    MI_Instance *extended = NULL;
    MI_Result r;
    int failures;

    r = MI_Application_Initialize(0, MI_T("libmi-rs demo"), &extended, &app);
    if (r != MI_RESULT_OK) {
        fprintf(stderr, "MI_Application_Initialize: %d\n", (int)r);
        return 1;
    }
    /* NULL protocol and destination: the default local handler (the in-process host). */
    r = app.ft->NewSession(&app, NULL, NULL, NULL, NULL, &extended, &session);
    if (r != MI_RESULT_OK) {
        fprintf(stderr, "MI_Application_NewSession: %d\n", (int)r);
        MI_Application_Close(&app);
        return 1;
    }
    if (argc > 2) {
        MI_Operation op = MI_OPERATION_NULL;
        MI_Char ns[256], cls[256];
        MI_Result res;
        unsigned n;
        to_mi(ns, 256, argv[1]);
        to_mi(cls, 256, argv[2]);
        session.ft->EnumerateInstances(&session, 0, NULL, ns, cls, MI_FALSE, NULL, &op);
        n = pull(&op, (unsigned)-1, &res);
        printf("EnumerateInstances(%s, %s): result %d, %u instance(s)\n", argv[1], argv[2], (int)res, n);
        failures = res != MI_RESULT_OK;
    } else {
        failures = tour();
    }
    session.ft->Close(&session, NULL, NULL);
    r = MI_Application_Close(&app);
    printf("MI_Application_Close -> %d\n", (int)r);
    return failures ? 2 : 0;
}
