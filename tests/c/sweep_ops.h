/*
 * sweep_ops.h - what null_out_sweep.c and invalid_strings.c share: the test handler's
 * counters, a recording client for asynchronous operations, and one function that starts
 * any of the 13 MI_SessionFT operations (through the slot or the exported function) with
 * the string arguments a test chooses.
 *
 * Linux only (MI_Char is char; the test handler is a pthreads/dlfcn library).
 */
#ifndef SWEEP_OPS_H
#define SWEEP_OPS_H

#include "testutil.h"
#include "handler/testhandler.h"

#include <mi.h>

#include <dlfcn.h>
#include <stdint.h>

/* ---- the test handler's counters (tests/c/handler/README.md) ---------------------------- */

static void *so_handler;
static TestHandler_CounterFn so_live_objects, so_violations, so_threads;

/* dlopens the handler named by MI_TEST_HANDLER (the copy the library loads is the same one).
   Returns 0 when the variable is not set: the program then runs without the handler. */
static int so_load_handler(void)
{
    const char *path = getenv("MI_TEST_HANDLER");
    if (path == NULL || *path == 0)
        return 0;
    so_handler = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!CHECK(so_handler != NULL)) {
        fprintf(stderr, "dlopen(%s): %s\n", path, dlerror());
        return 0;
    }
    so_live_objects = (TestHandler_CounterFn)dlsym(so_handler, "TestHandler_LiveObjects");
    so_violations = (TestHandler_CounterFn)dlsym(so_handler, "TestHandler_Violations");
    so_threads = (TestHandler_CounterFn)dlsym(so_handler, "TestHandler_Threads");
    return CHECK(so_live_objects && so_violations && so_threads);
}

/* Handler objects open (application + sessions + operations), -1 without the handler. */
static int so_live(void)
{
    return so_live_objects ? so_live_objects() : -1;
}

/* Checks the handler's end state and closes our handle on it. */
static void so_unload_handler(void)
{
    if (so_handler == NULL)
        return;
    SECTION("test handler: nothing left open, no thread left, no rule broken");
    CHECK_EQ_INT(so_live_objects(), 0);
    CHECK_EQ_INT(so_threads(), 0);
    CHECK_EQ_INT(so_violations(), 0);
    dlclose(so_handler);
    so_handler = NULL;
}

/* ---- the 13 operations --------------------------------------------------------------------- */

enum so_op {
    OP_GETINSTANCE, OP_MODIFYINSTANCE, OP_CREATEINSTANCE, OP_DELETEINSTANCE, OP_INVOKE,
    OP_ENUMERATEINSTANCES, OP_QUERYINSTANCES, OP_ASSOCIATORINSTANCES, OP_REFERENCEINSTANCES,
    OP_SUBSCRIBE, OP_GETCLASS, OP_ENUMERATECLASSES, OP_TESTCONNECTION, OP_COUNT
};

static const char *const so_op_name[OP_COUNT] = {
    "GetInstance", "ModifyInstance", "CreateInstance", "DeleteInstance", "Invoke",
    "EnumerateInstances", "QueryInstances", "AssociatorInstances", "ReferenceInstances",
    "Subscribe", "GetClass", "EnumerateClasses", "TestConnection",
};

enum so_kind { K_INSTANCE, K_INDICATION, K_CLASS };

static enum so_kind so_op_kind(enum so_op op)
{
    return op == OP_SUBSCRIBE ? K_INDICATION
           : (op == OP_GETCLASS || op == OP_ENUMERATECLASSES) ? K_CLASS
                                                              : K_INSTANCE;
}

/* Every string argument an operation slot takes. */
struct so_args {
    const MI_Char *ns, *className, *methodName, *dialect, *query, *assocClass, *resultClass,
        *role, *resultRole;
};

/* The arguments a test starts with: namespace "root/test", and `behaviour` in the string
   the test handler reads its behaviour from (README: EnumerateInstances, GetClass,
   EnumerateClasses: className; Query, Subscribe: queryExpression; Invoke: methodName;
   Associators, References: resultClass). */
static struct so_args so_default_args(const MI_Char *behaviour)
{
    struct so_args a;
    a.ns = MI_T("root/test");
    a.className = behaviour;
    a.methodName = behaviour;
    a.dialect = MI_T("WQL");
    a.query = behaviour;
    a.assocClass = MI_T("Sweep_Assoc");
    a.resultClass = behaviour;
    a.role = MI_T("Antecedent");
    a.resultRole = MI_T("Dependent");
    return a;
}

/* Results (not counting the final) the test handler delivers for `behaviour` = "Inline:N" or
   "Thread:N:MS": Get/Modify/Create/Delete read the inbound instance's class, which is no
   behaviour (so Inline:1), TestConnection is Inline:0. */
static int so_handler_results(enum so_op op, int n)
{
    switch (op) {
    case OP_GETINSTANCE: case OP_MODIFYINSTANCE: case OP_CREATEINSTANCE: case OP_DELETEINSTANCE:
        return 1;
    case OP_TESTCONNECTION:
        return 0;
    default:
        return n;
    }
}

/* Starts `op` on `session` through the slot (via 0: session->ft, as a client of the
   reference header) or the exported function (via 1). `inbound` is the instance for the
   instance slots and Invoke's inboundProperties; `operation` may be NULL. */
static void so_start(enum so_op op, int via, MI_Session *session, MI_Uint32 flags,
                     const struct so_args *a, const MI_Instance *inbound,
                     MI_OperationCallbacks *cb, MI_Operation *operation)
{
    const MI_SessionFT *ft = via ? NULL : session->ft;
#define SO_CALL(slot, ...) (via ? MI_Session_##slot(__VA_ARGS__) : ft->slot(__VA_ARGS__))
    switch (op) {
    case OP_GETINSTANCE:
        SO_CALL(GetInstance, session, flags, NULL, a->ns, inbound, cb, operation);
        break;
    case OP_MODIFYINSTANCE:
        SO_CALL(ModifyInstance, session, flags, NULL, a->ns, inbound, cb, operation);
        break;
    case OP_CREATEINSTANCE:
        SO_CALL(CreateInstance, session, flags, NULL, a->ns, inbound, cb, operation);
        break;
    case OP_DELETEINSTANCE:
        SO_CALL(DeleteInstance, session, flags, NULL, a->ns, inbound, cb, operation);
        break;
    case OP_INVOKE:
        SO_CALL(Invoke, session, flags, NULL, a->ns, a->className, a->methodName, NULL, inbound, cb,
                operation);
        break;
    case OP_ENUMERATEINSTANCES:
        SO_CALL(EnumerateInstances, session, flags, NULL, a->ns, a->className, MI_FALSE, cb, operation);
        break;
    case OP_QUERYINSTANCES:
        SO_CALL(QueryInstances, session, flags, NULL, a->ns, a->dialect, a->query, cb, operation);
        break;
    case OP_ASSOCIATORINSTANCES:
        SO_CALL(AssociatorInstances, session, flags, NULL, a->ns, inbound, a->assocClass,
                a->resultClass, a->role, a->resultRole, MI_FALSE, cb, operation);
        break;
    case OP_REFERENCEINSTANCES:
        SO_CALL(ReferenceInstances, session, flags, NULL, a->ns, inbound, a->resultClass, a->role,
                MI_FALSE, cb, operation);
        break;
    case OP_SUBSCRIBE:
        SO_CALL(Subscribe, session, flags, NULL, a->ns, a->dialect, a->query, NULL, cb, operation);
        break;
    case OP_GETCLASS:
        SO_CALL(GetClass, session, flags, NULL, a->ns, a->className, cb, operation);
        break;
    case OP_ENUMERATECLASSES:
        SO_CALL(EnumerateClasses, session, flags, NULL, a->ns, a->className, MI_FALSE, cb, operation);
        break;
    case OP_TESTCONNECTION:
        SO_CALL(TestConnection, session, flags, cb, operation);
        break;
    default:
        break;
    }
#undef SO_CALL
}

/* ---- a recording client ------------------------------------------------------------------ */

struct so_rec {
    atomic_int results;    /* non-final results */
    atomic_int finals;     /* final results (moreResults == MI_FALSE) */
    atomic_int wrong_kind; /* results through a callback of the wrong kind */
    MI_Result code;        /* the (first) final's resultCode */
    int live_in_final;     /* so_live() inside the first final callback */
    enum so_kind kind;
};

static void so_result(struct so_rec *r, enum so_kind kind, MI_Boolean more, MI_Result code)
{
    if (kind != r->kind)
        atomic_fetch_add(&r->wrong_kind, 1);
    if (more) {
        atomic_fetch_add(&r->results, 1);
        return;
    }
    if (atomic_load(&r->finals) == 0) {
        r->code = code;
        r->live_in_final = so_live();
    }
    atomic_fetch_add(&r->finals, 1); /* last: the waiter reads the fields after this */
}

static void MI_CALL so_on_instance(MI_Operation *op, void *ctx, const MI_Instance *inst,
                                   MI_Boolean more, MI_Result code, const MI_Char *err,
                                   const MI_Instance *details,
                                   MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)op, (void)inst, (void)err, (void)details, (void)ack;
    so_result(ctx, K_INSTANCE, more, code);
}

static void MI_CALL so_on_indication(MI_Operation *op, void *ctx, const MI_Instance *inst,
                                     const MI_Char *bookmark, const MI_Char *machine,
                                     MI_Boolean more, MI_Result code, const MI_Char *err,
                                     const MI_Instance *details,
                                     MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)op, (void)inst, (void)bookmark, (void)machine, (void)err, (void)details, (void)ack;
    so_result(ctx, K_INDICATION, more, code);
}

static void MI_CALL so_on_class(MI_Operation *op, void *ctx, const MI_Class *cls, MI_Boolean more,
                                MI_Result code, const MI_Char *err, const MI_Instance *details,
                                MI_Result(MI_CALL *ack)(MI_Operation *))
{
    (void)op, (void)cls, (void)err, (void)details, (void)ack;
    so_result(ctx, K_CLASS, more, code);
}

/* Callbacks recording into `r`: all three result callbacks, so a result delivered through
   the wrong one is seen. */
static MI_OperationCallbacks so_callbacks(struct so_rec *r, enum so_op op)
{
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    memset(r, 0, sizeof *r);
    r->kind = so_op_kind(op);
    r->live_in_final = -2;
    cb.callbackContext = r;
    cb.instanceResult = so_on_instance;
    cb.indicationResult = so_on_indication;
    cb.classResult = so_on_class;
    return cb;
}

/* Waits up to `ms` for the final result, then `linger_ms` more so that a second final would
   be seen. Returns 1 if a final came. */
static int so_wait_final(struct so_rec *r, int ms, int linger_ms)
{
    for (int waited = 0; atomic_load(&r->finals) == 0; waited += 2) {
        if (waited >= ms)
            return 0;
        tu_sleep_ms(2);
    }
    if (linger_ms > 0)
        tu_sleep_ms((unsigned)linger_ms);
    return 1;
}

/* Name of an MI_Result, for messages ("?" for a value that is no MI_Result). */
static const char *so_result_name(MI_Result r)
{
    static const char *const names[] = {
        "OK", "FAILED", "ACCESS_DENIED", "INVALID_NAMESPACE", "INVALID_PARAMETER",
        "INVALID_CLASS", "NOT_FOUND", "NOT_SUPPORTED", "CLASS_HAS_CHILDREN",
        "CLASS_HAS_INSTANCES", "INVALID_SUPERCLASS", "ALREADY_EXISTS", "NO_SUCH_PROPERTY",
        "TYPE_MISMATCH", "QUERY_LANGUAGE_NOT_SUPPORTED", "INVALID_QUERY",
        "METHOD_NOT_AVAILABLE", "METHOD_NOT_FOUND", "?", "?", "NAMESPACE_NOT_EMPTY",
        "INVALID_ENUMERATION_CONTEXT", "INVALID_OPERATION_TIMEOUT", "PULL_HAS_BEEN_ABANDONED",
        "PULL_CANNOT_BE_ABANDONED", "FILTERED_ENUMERATION_NOT_SUPPORTED",
        "CONTINUATION_ON_ERROR_NOT_SUPPORTED", "SERVER_LIMITS_EXCEEDED",
        "SERVER_IS_SHUTTING_DOWN",
    };
    return r < sizeof names / sizeof names[0] ? names[r] : "?";
}

#endif /* SWEEP_OPS_H */
