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

int main(int argc, char **argv)
{
    MI_Application app = MI_APPLICATION_NULL;
    MI_Session session = MI_SESSION_NULL;
    MI_Operation op = MI_OPERATION_NULL;
    MI_Instance *extended = NULL;
    const MI_Instance *inst = NULL;
    MI_Boolean more = MI_TRUE;
    MI_Result r, res = MI_RESULT_OK;
    const MI_Char *message = NULL;
    const MI_Instance *details = NULL;
    unsigned count = 0;
    MI_Char ns[256], cls[256];
    const char *ns8 = argc > 2 ? argv[1] : "root/sample";
    const char *cls8 = argc > 2 ? argv[2] : "MIRS_OperatingSystem";
    size_t i;

    for (i = 0; ns8[i] && i < 255; i++)
        ns[i] = (MI_Char)ns8[i];
    ns[i] = 0;
    for (i = 0; cls8[i] && i < 255; i++)
        cls[i] = (MI_Char)cls8[i];
    cls[i] = 0;

    r = MI_Application_Initialize(0, MI_T("libmi-rs demo"), &extended, &app);
    if (r != MI_RESULT_OK) {
        fprintf(stderr, "MI_Application_Initialize: %d\n", (int)r);
        return 1;
    }
    /* NULL protocol and destination: the default local handler (the embedded host). */
    r = app.ft->NewSession(&app, NULL, NULL, NULL, NULL, &extended, &session);
    if (r != MI_RESULT_OK) {
        fprintf(stderr, "MI_Application_NewSession: %d\n", (int)r);
        MI_Application_Close(&app);
        return 1;
    }
    session.ft->EnumerateInstances(&session, 0, NULL, ns, cls, MI_FALSE, NULL, &op);
    while (more) {
        if (op.ft->GetInstance(&op, &inst, &more, &res, &message, &details) != MI_RESULT_OK)
            break;
        if (inst) {
            print_instance(inst);
            count++;
        }
    }
    printf("EnumerateInstances(%s, %s): result %d, %u instance(s)\n", ns8, cls8, (int)res, count);
    if (res != MI_RESULT_OK && message)
        printf("  message: " FMT_S "\n", message);
    op.ft->Close(&op);
    session.ft->Close(&session, NULL, NULL);
    MI_Application_Close(&app);
    return res == MI_RESULT_OK ? 0 : 2;
}
