/*
 * demo.c - a small MI client, written against the MI API only (it compiles against the
 * reference MI.h as well as ours). It initializes an application, asks for a session on
 * the embedded default (local, no server), runs a query when a session opens, and closes
 * everything, printing what happens at each step.
 *
 * Build and run: ci/demo.sh
 */
#include <stdio.h>
#include "mi.h"

static const char *result_name(MI_Result r)
{
    switch (r) {
    case MI_RESULT_OK: return "MI_RESULT_OK";
    case MI_RESULT_FAILED: return "MI_RESULT_FAILED";
    case MI_RESULT_INVALID_PARAMETER: return "MI_RESULT_INVALID_PARAMETER";
    case MI_RESULT_NOT_FOUND: return "MI_RESULT_NOT_FOUND";
    case MI_RESULT_NOT_SUPPORTED: return "MI_RESULT_NOT_SUPPORTED";
    default: return "(other)";
    }
}

int main(void)
{
    MI_Application app = MI_APPLICATION_NULL;
    MI_Session session = MI_SESSION_NULL;
    MI_Instance *extended = NULL;
    MI_Result r;

    r = MI_Application_Initialize(0, MI_T("libmi-rs demo"), &extended, &app);
    printf("MI_Application_Initialize        -> %s\n", result_name(r));
    if (r != MI_RESULT_OK)
        return 1;

    /* NULL protocol and destination: the default local handler (the embedded host). */
    r = app.ft->NewSession(&app, NULL, NULL, NULL, NULL, &extended, &session);
    printf("MI_Application_NewSession        -> %s\n", result_name(r));
    if (r == MI_RESULT_OK) {
        MI_Operation op = MI_OPERATION_NULL;
        const MI_Instance *inst = NULL;
        MI_Boolean more = MI_TRUE;
        MI_Result res = MI_RESULT_OK;
        const MI_Char *message = NULL;
        const MI_Instance *details = NULL;
        unsigned count = 0;

        session.ft->EnumerateInstances(&session, 0, NULL, MI_T("root/cimv2"), MI_T("CIM_Process"),
                                       MI_FALSE, NULL, &op);
        while (more) {
            if (op.ft->GetInstance(&op, &inst, &more, &res, &message, &details) != MI_RESULT_OK)
                break;
            if (inst)
                count++;
        }
        printf("EnumerateInstances(CIM_Process)  -> %s, %u instance(s)\n", result_name(res), count);
        op.ft->Close(&op);
        r = session.ft->Close(&session, NULL, NULL);
        printf("MI_Session_Close                 -> %s\n", result_name(r));
    } else {
        printf("  (no session: see the log above)\n");
    }

    r = MI_Application_Close(&app);
    printf("MI_Application_Close             -> %s\n", result_name(r));
    r = MI_Application_Close(&app);
    printf("MI_Application_Close (again)     -> %s (a closed handle is an error, not a crash)\n",
           result_name(r));
    return 0;
}
