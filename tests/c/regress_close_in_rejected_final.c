/*
 * regress_close_in_rejected_final.c - blocking closes inside the final callback of an
 * operation the library rejects at the start (docs/SPEC.md §3.2, §4.2, §5.8: a Close that would wait
 * for the client, called from inside a callback the library delivers, returns
 * MI_RESULT_FAILED at once instead of deadlocking).
 *
 * The library rejects an operation at the start, and delivers its one final result
 * (MI_RESULT_INVALID_PARAMETER) from inside the start call, when (kinds 1-4; kind 0 is the
 * control, an operation that starts and whose final comes from the built-in handler, where
 * both closes are refused already):
 *   1. the flags have an unknown bit (0x40000000);
 *   2. the `operation` out-pointer is NULL;
 *   3. the session was closed (the application has another session open);
 *   4. the session struct is all zeroes.
 * Inside that final callback the client calls
 *   (a) MI_Application_Close(&app)                    - would wait for the open sessions;
 *   (b) MI_Session_Close(&otherSession, NULL, NULL)   - a synchronous close.
 * Both must return MI_RESULT_FAILED and change nothing: after the callback the sessions and
 * the application close normally. Each case runs through the slot (session.ft, or
 * mi_clientFT_V1->sessionFT for a struct without one) and through the exported function.
 *
 * Each case runs in a child process, watched by this one: a case that does not finish within
 * a few seconds (the Close blocked) is killed and reported as a hang, so the other cases
 * still run and CI never hangs. The children use the built-in handler (no MI_CONFIG).
 */
#include "testutil.h"

#include <mi.h>

#include <sys/types.h>
#include <sys/wait.h>

struct ctx {
    int action; /* 0: application Close, 1: synchronous Close of the other session */
    MI_Application *app;
    MI_Session *other;
    atomic_int finals;
    MI_Result code;  /* the final's resultCode */
    MI_Result close; /* what the Close inside the callback returned */
};

static void MI_CALL on_instance(MI_Operation *op, void *arg, const MI_Instance *inst, MI_Boolean more,
                                MI_Result code, const MI_Char *err, const MI_Instance *details,
                                MI_Result(MI_CALL *ack)(MI_Operation *))
{
    struct ctx *c = arg;
    (void)op, (void)inst, (void)err, (void)details, (void)ack;
    if (more)
        return;
    c->code = code;
    if (atomic_load(&c->finals) == 0)
        c->close = c->action == 0 ? MI_Application_Close(c->app) : MI_Session_Close(c->other, NULL, NULL);
    atomic_fetch_add(&c->finals, 1);
}

static const char *const kind_name[] = {
    "control: an operation that starts (built-in handler)",
    "unknown flag bit 0x40000000",
    "NULL operation out-pointer",
    "closed session (another session open)",
    "zeroed session struct",
};
static const char *const action_name[] = {
    "MI_Application_Close(&app)",
    "MI_Session_Close(&otherSession, NULL, NULL)",
};

static const char *rn(MI_Result r)
{
    switch (r) {
    case MI_RESULT_OK: return "OK";
    case MI_RESULT_FAILED: return "FAILED";
    case MI_RESULT_INVALID_PARAMETER: return "INVALID_PARAMETER";
    default: return "another code";
    }
}

/* One case, in the child. Returns the number of failed checks. */
static int run_case(int kind, int via, int action)
{
    MI_Application app = MI_APPLICATION_NULL;
    MI_Session s1 = MI_SESSION_NULL, s2 = MI_SESSION_NULL, zero;
    MI_Operation op = MI_OPERATION_NULL;
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    MI_Session *target = &s1;
    MI_Uint32 flags = 0;
    struct ctx c;
    int s1_open = 1, s2_open = 1;
    long failed0 = atomic_load(&tu_failed);
    const char *how = via ? "export" : "slot";

    memset(&c, 0, sizeof c);
    memset(&zero, 0, sizeof zero);
    c.action = action;
    c.app = &app;
    c.other = &s2;
    c.close = (MI_Result)0x5555;
    cb.callbackContext = &c;
    cb.instanceResult = on_instance;

    if (!CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("regress_close"), NULL, &app), MI_RESULT_OK) ||
        !CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, NULL, NULL, NULL, NULL, &s1), MI_RESULT_OK) ||
        !CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, NULL, NULL, NULL, NULL, &s2), MI_RESULT_OK))
        return 1;
    switch (kind) {
    case 1:
        flags = 0x40000000;
        break;
    case 3:
        CHECK_EQ_INT(MI_Session_Close(&s1, NULL, NULL), MI_RESULT_OK); /* `s1` keeps the stale handle */
        s1_open = 0;
        break;
    case 4:
        target = &zero;
        break;
    default:
        break;
    }
    {
        MI_Operation *out = kind == 2 ? NULL : &op;
        const MI_SessionFT *ft = target->ft ? target->ft : mi_clientFT_V1->sessionFT;
        if (via)
            MI_Session_EnumerateInstances(target, flags, NULL, MI_T("root/test"), MI_T("Sweep_Thing"), MI_FALSE,
                                          &cb, out);
        else
            ft->EnumerateInstances(target, flags, NULL, MI_T("root/test"), MI_T("Sweep_Thing"), MI_FALSE, &cb,
                                   out);
    }
    for (int i = 0; i < 200 && atomic_load(&c.finals) == 0; i++)
        tu_sleep_ms(5);

    if (!CHECK_EQ_INT(atomic_load(&c.finals), 1))
        printf("FAIL  %s via %s, %s: %d final result(s), want 1\n", kind_name[kind], how, action_name[action],
               atomic_load(&c.finals));
    /* the built-in handler (no provider registered) answers INVALID_NAMESPACE; the rejections
       INVALID_PARAMETER */
    CHECK_EQ_INT(c.code, kind == 0 ? MI_RESULT_INVALID_NAMESPACE : MI_RESULT_INVALID_PARAMETER);
    if (!CHECK_EQ_INT(c.close, MI_RESULT_FAILED))
        printf("FAIL  %s via %s: %s inside the final callback returned %s, want FAILED\n", kind_name[kind], how,
               action_name[action], rn(c.close));
    if (action == 1 && c.close == MI_RESULT_OK)
        s2_open = 0; /* it did close */
    if (action == 0 && c.close == MI_RESULT_OK)
        return (int)(atomic_load(&tu_failed) - failed0); /* the application is gone */

    /* nothing changed: everything still works and closes normally */
    if (kind == 0)
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    else if (kind == 4 && via)
        /* a struct without ft: the exported wrapper answers like the reference's (NULL operation) */
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_INVALID_PARAMETER);
    else if (kind != 2) {
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);                /* a real, refused operation */
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_INVALID_PARAMETER); /* closed once only */
    }
    if (s2_open) {
        MI_Application a = MI_APPLICATION_NULL;
        CHECK_EQ_INT(MI_Session_GetApplication(&s2, &a), MI_RESULT_OK);
        CHECK_EQ_INT(MI_Session_Close(&s2, NULL, NULL), MI_RESULT_OK);
    }
    if (s1_open)
        CHECK_EQ_INT(MI_Session_Close(&s1, NULL, NULL), MI_RESULT_OK);
    if (!CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK))
        printf("FAIL  %s via %s, %s: the application no longer closes normally\n", kind_name[kind], how,
               action_name[action]);
    return (int)(atomic_load(&tu_failed) - failed0);
}

int main(void)
{
    const char *vg = getenv("MI_TEST_WATCHDOG_SECS"); /* set by the runner under valgrind */
    int limit_ms = vg != NULL ? 20000 : 3000;
    int hung = 0;
    tu_watchdog(vg != NULL ? 600 : 110);
    for (int kind = 0; kind < 5; kind++) {
        for (int via = 0; via < 2; via++) {
            for (int action = 0; action < 2; action++) {
                pid_t pid;
                int status = 0, waited = 0;
                fflush(stdout);
                fflush(stderr);
                pid = fork();
                if (pid == 0) {
                    int failed;
                    alarm(0); /* the parent watches this child */
                    fprintf(stderr, "-- %s via %s, %s\n", kind_name[kind], via ? "export" : "slot",
                            action_name[action]);
                    failed = run_case(kind, via, action);
                    fflush(stdout);
                    fflush(stderr);
                    exit(failed != 0 ? 1 : 0);
                }
                if (!CHECK(pid > 0))
                    continue;
                for (;;) {
                    pid_t done = waitpid(pid, &status, WNOHANG);
                    if (done == pid)
                        break;
                    if (waited >= limit_ms) {
                        kill(pid, SIGKILL);
                        waitpid(pid, &status, 0);
                        status = -1;
                        break;
                    }
                    tu_sleep_ms(10);
                    waited += 10;
                }
                if (status == -1) {
                    hung++;
                    CHECK(!"the case finished");
                    printf("FAIL  %s via %s: %s inside the final callback did not return within %d s "
                           "(blocked; want FAILED at once)\n",
                           kind_name[kind], via ? "export" : "slot", action_name[action], limit_ms / 1000);
                } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
                    atomic_fetch_add(&tu_passed, 1);
                } else {
                    CHECK(!"the case passed");
                    if (WIFEXITED(status) && WEXITSTATUS(status) == 99)
                        printf("FAIL  %s via %s, %s: valgrind found errors in the child\n", kind_name[kind],
                               via ? "export" : "slot", action_name[action]);
                    else if (!WIFEXITED(status))
                        printf("FAIL  %s via %s, %s: the child died (signal %d)\n", kind_name[kind],
                               via ? "export" : "slot", action_name[action], WTERMSIG(status));
                }
            }
        }
    }
    printf("\n20 cases (4 controls), %d hung\n", hung);
    TEST_MAIN_END();
}
