/*
 * host_sample.c - the in-process provider host (the default local handler) serving the
 * sample provider (providers/sample, root/sample) to a plain MI client: every operation kind
 * the host dispatches, on live data, and the errors it answers.
 *
 * tests/c_programs.rs builds libMIRS_Sample.so and points the host at it with
 * providerregistrationdir/providerdir in MI_CONFIG.
 */
#include "testutil.h"

#include <mi.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static MI_Application app = MI_APPLICATION_NULL;
static MI_Session sess = MI_SESSION_NULL;

static void to_mi(MI_Char *out, const char *s)
{
    size_t i;
    for (i = 0; s[i]; i++)
        out[i] = (MI_Char)s[i];
    out[i] = 0;
}

static int mi_eq(const MI_Char *a, const char *b)
{
    size_t i;
    if (!a)
        return 0;
    for (i = 0; b[i]; i++)
        if (a[i] != (MI_Char)b[i])
            return 0;
    return a[i] == 0;
}

/* Pulls every result of a synchronous operation; keeps a clone of the first; returns the
   count and the final code. */
static int pull_all(MI_Operation *op, MI_Result *final, MI_Instance **first)
{
    const MI_Instance *inst = NULL;
    MI_Boolean more = MI_TRUE;
    const MI_Char *msg = NULL;
    const MI_Instance *details = NULL;
    int n = 0;
    *final = MI_RESULT_FAILED;
    if (first)
        *first = NULL;
    while (more) {
        if (MI_Operation_GetInstance(op, &inst, &more, final, &msg, &details) != MI_RESULT_OK)
            break;
        if (inst) {
            if (first && !*first)
                MI_Instance_Clone(inst, first);
            n++;
        }
    }
    MI_Operation_Close(op);
    return n;
}

static int enumerate(const char *ns, const char *cls, MI_Result *final, MI_Instance **first)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_Char n[128], c[128];
    to_mi(n, ns);
    to_mi(c, cls);
    MI_Session_EnumerateInstances(&sess, 0, NULL, n, c, MI_FALSE, NULL, &op);
    return pull_all(&op, final, first);
}

static int query(const char *dialect, const char *q, MI_Result *final)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_Char d[32], t[256];
    to_mi(d, dialect);
    to_mi(t, q);
    MI_Session_QueryInstances(&sess, 0, NULL, MI_T("root/sample"), d, t, NULL, &op);
    return pull_all(&op, final, NULL);
}

static MI_Instance *new_inst(const char *cls)
{
    MI_Instance *inst = NULL;
    MI_Char c[128];
    to_mi(c, cls);
    CHECK_EQ_INT(MI_Application_NewInstance(&app, c, NULL, &inst), MI_RESULT_OK);
    return inst;
}

static void add_string(MI_Instance *inst, const char *name, const char *value, MI_Uint32 flags)
{
    MI_Value v;
    MI_Char n[64], s[256];
    to_mi(n, name);
    to_mi(s, value);
    v.string = s;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, n, &v, MI_STRING, flags), MI_RESULT_OK);
}

static MI_Result get_string(const MI_Instance *inst, const char *name, const MI_Char **out)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 flags = 0;
    MI_Char n[64];
    MI_Result r;
    to_mi(n, name);
    r = MI_Instance_GetElement(inst, n, &v, &t, &flags, NULL);
    if (r != MI_RESULT_OK)
        return r;
    if (t != MI_STRING || (flags & MI_FLAG_NULL))
        return MI_RESULT_TYPE_MISMATCH;
    *out = v.string;
    return MI_RESULT_OK;
}

static MI_Result get_u32(const MI_Instance *inst, const char *name, MI_Uint32 *out)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 flags = 0;
    MI_Char n[64];
    MI_Result r;
    to_mi(n, name);
    r = MI_Instance_GetElement(inst, n, &v, &t, &flags, NULL);
    if (r != MI_RESULT_OK)
        return r;
    if (t != MI_UINT32 || (flags & MI_FLAG_NULL))
        return MI_RESULT_TYPE_MISMATCH;
    *out = v.uint32;
    return MI_RESULT_OK;
}

/* Runs a single-instance operation and returns its final code (and a clone of its result). */
typedef void (*start_fn)(MI_Instance *arg, MI_Operation *op);
static void start_get(MI_Instance *a, MI_Operation *op)
{
    MI_Session_GetInstance(&sess, 0, NULL, MI_T("root/sample"), a, NULL, op);
}
static void start_create(MI_Instance *a, MI_Operation *op)
{
    MI_Session_CreateInstance(&sess, 0, NULL, MI_T("root/sample"), a, NULL, op);
}
static void start_modify(MI_Instance *a, MI_Operation *op)
{
    MI_Session_ModifyInstance(&sess, 0, NULL, MI_T("root/sample"), a, NULL, op);
}
static void start_delete(MI_Instance *a, MI_Operation *op)
{
    MI_Session_DeleteInstance(&sess, 0, NULL, MI_T("root/sample"), a, NULL, op);
}
static MI_Result run1(start_fn f, MI_Instance *arg, MI_Instance **result)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_Result final;
    f(arg, &op);
    pull_all(&op, &final, result);
    return final;
}

static void live_data(void)
{
    MI_Result final;
    MI_Instance *os = NULL, *self = NULL;
    MI_Instance *key;
    MI_Uint32 pid = 0;
    const MI_Char *s = NULL;
    char handle[32];
    MI_Value v;
    MI_Type t;

    SECTION("live data: enumerate");
    CHECK_EQ_INT(enumerate("root/sample", "MIRS_OperatingSystem", &final, &os), 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    if (CHECK(os != NULL)) {
        CHECK_EQ_INT(get_string(os, "Name", &s), MI_RESULT_OK);
        CHECK(s != NULL && s[0] != 0);
        CHECK_EQ_INT(MI_Instance_GetElement(os, MI_T("TotalMemoryBytes"), &v, &t, NULL, NULL), MI_RESULT_OK);
        CHECK_EQ_INT(t, MI_UINT64);
        CHECK(v.uint64 > 0);
        MI_Instance_Delete(os);
    }
    CHECK(enumerate("root/sample", "MIRS_Process", &final, NULL) >= 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    /* case-insensitive namespace and class names */
    CHECK_EQ_INT(enumerate("ROOT/Sample", "mirs_operatingsystem", &final, NULL), 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);

    SECTION("live data: get this process");
    snprintf(handle, sizeof handle, "%ld", (long)getpid());
    key = new_inst("MIRS_Process");
    add_string(key, "Handle", handle, MI_FLAG_KEY);
    CHECK_EQ_INT(run1(start_get, key, &self), MI_RESULT_OK);
    if (CHECK(self != NULL)) {
        CHECK_EQ_INT(get_u32(self, "ProcessId", &pid), MI_RESULT_OK);
        CHECK_EQ_INT(pid, (MI_Uint32)getpid());
        MI_Instance_Delete(self);
    }
    MI_Instance_Delete(key);
    key = new_inst("MIRS_Process");
    add_string(key, "Handle", "999999999", MI_FLAG_KEY);
    CHECK_EQ_INT(run1(start_get, key, NULL), MI_RESULT_NOT_FOUND);
    MI_Instance_Delete(key);
}

static void notes(void)
{
    MI_Instance *note = new_inst("MIRS_Note"), *got = NULL;
    const MI_Char *s = NULL;
    SECTION("create, get, modify, delete");
    add_string(note, "Name", "host-test-note", MI_FLAG_KEY);
    add_string(note, "Text", "hello", 0);
    CHECK_EQ_INT(run1(start_create, note, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(run1(start_create, note, NULL), MI_RESULT_ALREADY_EXISTS);
    CHECK_EQ_INT(run1(start_get, note, &got), MI_RESULT_OK);
    if (CHECK(got != NULL)) {
        CHECK_EQ_INT(get_string(got, "Text", &s), MI_RESULT_OK);
        CHECK(mi_eq(s, "hello"));
        MI_Instance_Delete(got);
        got = NULL;
    }
    {
        MI_Value v;
        v.string = MI_T("bye");
        CHECK_EQ_INT(MI_Instance_SetElement(note, MI_T("Text"), &v, MI_STRING, 0), MI_RESULT_OK);
    }
    CHECK_EQ_INT(run1(start_modify, note, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(run1(start_get, note, &got), MI_RESULT_OK);
    if (CHECK(got != NULL)) {
        CHECK_EQ_INT(get_string(got, "Text", &s), MI_RESULT_OK);
        CHECK(mi_eq(s, "bye"));
        MI_Instance_Delete(got);
    }
    CHECK_EQ_INT(run1(start_delete, note, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(run1(start_get, note, NULL), MI_RESULT_NOT_FOUND);
    CHECK_EQ_INT(run1(start_delete, note, NULL), MI_RESULT_NOT_FOUND);
    MI_Instance_Delete(note);
}

static void methods(void)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_Instance *target = new_inst("MIRS_Process"), *params = new_inst("__Parameters"), *out = NULL;
    MI_Result final;
    MI_Uint32 rv = 99, total = 0;
    MI_Value v;
    char handle[32];

    SECTION("invoke: instance method Signal(0) on this process");
    snprintf(handle, sizeof handle, "%ld", (long)getpid());
    add_string(target, "Handle", handle, MI_FLAG_KEY);
    v.uint32 = 0;
    CHECK_EQ_INT(MI_Instance_AddElement(params, MI_T("Number"), &v, MI_UINT32, 0), MI_RESULT_OK);
    MI_Session_Invoke(&sess, 0, NULL, MI_T("root/sample"), NULL, MI_T("Signal"), target, params, NULL, &op);
    CHECK_EQ_INT(pull_all(&op, &final, &out), 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    if (CHECK(out != NULL)) {
        CHECK_EQ_INT(get_u32(out, "ReturnValue", &rv), MI_RESULT_OK);
        CHECK_EQ_INT(rv, 0);
        MI_Instance_Delete(out);
        out = NULL;
    }
    MI_Instance_Delete(params);

    SECTION("invoke: static method Count(State) with an out-parameter");
    params = new_inst("__Parameters");
    add_string(params, "State", "", 0);
    MI_Session_Invoke(&sess, 0, NULL, MI_T("root/sample"), MI_T("MIRS_Process"), MI_T("Count"), NULL, params, NULL,
                      &op);
    CHECK_EQ_INT(pull_all(&op, &final, &out), 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    if (CHECK(out != NULL)) {
        CHECK_EQ_INT(get_u32(out, "Total", &total), MI_RESULT_OK);
        CHECK(total >= 1);
        CHECK_EQ_INT(get_u32(out, "ReturnValue", &rv), MI_RESULT_OK);
        /* in-parameters are not part of the output */
        CHECK_EQ_INT(MI_Instance_GetElement(out, MI_T("State"), NULL, NULL, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);
        MI_Instance_Delete(out);
    }
    MI_Instance_Delete(params);

    SECTION("invoke: errors");
    MI_Session_Invoke(&sess, 0, NULL, MI_T("root/sample"), NULL, MI_T("NoSuchMethod"), target, NULL, NULL, &op);
    pull_all(&op, &final, NULL);
    CHECK_EQ_INT(final, MI_RESULT_METHOD_NOT_FOUND);
    /* an instance method without an instance */
    MI_Session_Invoke(&sess, 0, NULL, MI_T("root/sample"), MI_T("MIRS_Process"), MI_T("Signal"), NULL, NULL, NULL,
                      &op);
    pull_all(&op, &final, NULL);
    CHECK_EQ_INT(final, MI_RESULT_INVALID_PARAMETER);
    MI_Instance_Delete(target);
}

static void queries(void)
{
    MI_Result final;
    char q[128];
    SECTION("WQL queries");
    snprintf(q, sizeof q, "SELECT * FROM MIRS_Process WHERE ProcessId = %ld", (long)getpid());
    CHECK_EQ_INT(query("WQL", q, &final), 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    CHECK_EQ_INT(query("WQL", "SELECT * FROM MIRS_Process WHERE ProcessId = 0 AND ProcessId <> 0", &final), 0);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    CHECK(query("wql", "select Name from MIRS_Process where Name like '%'", &final) >= 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    {
        /* a property list: the provider gets it as an MI_PropertySet; the client sees the
           listed properties and the key, the others NULL */
        MI_Operation op = MI_OPERATION_NULL;
        MI_Instance *got = NULL;
        MI_Char t[256];
        MI_Uint32 pid = 0;
        const MI_Char *s = NULL;
        size_t k;
        snprintf(q, sizeof q, "SELECT Name FROM MIRS_Process WHERE ProcessId = %ld", (long)getpid());
        for (k = 0; q[k]; k++)
            t[k] = (MI_Char)q[k];
        t[k] = 0;
        MI_Session_QueryInstances(&sess, 0, NULL, MI_T("root/sample"), MI_T("WQL"), t, NULL, &op);
        CHECK_EQ_INT(pull_all(&op, &final, &got), 1);
        CHECK_EQ_INT(final, MI_RESULT_OK);
        if (CHECK(got != NULL)) {
            CHECK_EQ_INT(get_string(got, "Name", &s), MI_RESULT_OK);
            CHECK_EQ_INT(get_string(got, "Handle", &s), MI_RESULT_OK); /* the key stays */
            CHECK_EQ_INT(get_u32(got, "ProcessId", &pid), MI_RESULT_TYPE_MISMATCH); /* NULL now */
            MI_Instance_Delete(got);
        }
    }
    query("CQL", "SELECT * FROM MIRS_Process", &final);
    CHECK_EQ_INT(final, MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED);
    query("WQL", "SELECT FROM WHERE", &final);
    CHECK_EQ_INT(final, MI_RESULT_INVALID_QUERY);
    query("WQL", "SELECT * FROM Nope_Class", &final);
    CHECK_EQ_INT(final, MI_RESULT_INVALID_CLASS);
}

static void associations(void)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_Instance *me = new_inst("MIRS_Process"), *parent = NULL;
    MI_Result final;
    MI_Uint32 ppid = 0;
    char handle[32];
    int n;

    SECTION("associators and references of this process");
    snprintf(handle, sizeof handle, "%ld", (long)getpid());
    add_string(me, "Handle", handle, MI_FLAG_KEY);
    MI_Session_AssociatorInstances(&sess, 0, NULL, MI_T("root/sample"), me, MI_T("MIRS_ProcessParent"), NULL,
                                   MI_T("Child"), MI_T("Parent"), MI_FALSE, NULL, &op);
    n = pull_all(&op, &final, &parent);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    CHECK_EQ_INT(n, 1);
    if (CHECK(parent != NULL)) {
        CHECK_EQ_INT(get_u32(parent, "ProcessId", &ppid), MI_RESULT_OK);
        CHECK_EQ_INT(ppid, (MI_Uint32)getppid());
        MI_Instance_Delete(parent);
    }
    MI_Session_ReferenceInstances(&sess, 0, NULL, MI_T("root/sample"), me, MI_T("MIRS_ProcessParent"), MI_T("Child"),
                                  MI_FALSE, NULL, &op);
    CHECK_EQ_INT(pull_all(&op, &final, NULL), 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    MI_Instance_Delete(me);
}

static void classes(void)
{
    MI_Operation op = MI_OPERATION_NULL;
    const MI_Class *cls = NULL;
    MI_Boolean more = MI_TRUE;
    MI_Result final = MI_RESULT_FAILED;
    const MI_Char *msg = NULL;
    const MI_Instance *details = NULL;
    int n = 0, saw_note = 0;

    SECTION("GetClass and EnumerateClasses from the provider's schema");
    MI_Session_GetClass(&sess, 0, NULL, MI_T("root/sample"), MI_T("MIRS_Process"), NULL, &op);
    while (more && MI_Operation_GetClass(&op, &cls, &more, &final, &msg, &details) == MI_RESULT_OK) {
        if (cls) {
            MI_Uint32 count = 0;
            const MI_Char *name = NULL;
            n++;
            CHECK_EQ_INT(cls->ft->GetClassName(cls, &name), MI_RESULT_OK);
            CHECK(mi_eq(name, "MIRS_Process"));
            CHECK_EQ_INT(cls->ft->GetMethodCount(cls, &count), MI_RESULT_OK);
            CHECK_EQ_INT(count, 2);
        }
    }
    MI_Operation_Close(&op);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);

    n = 0;
    more = MI_TRUE;
    MI_Session_EnumerateClasses(&sess, 0, NULL, MI_T("root/sample"), NULL, MI_FALSE, NULL, &op);
    while (more && MI_Operation_GetClass(&op, &cls, &more, &final, &msg, &details) == MI_RESULT_OK) {
        if (cls) {
            const MI_Char *name = NULL;
            n++;
            cls->ft->GetClassName(cls, &name);
            if (mi_eq(name, "MIRS_Note"))
                saw_note = 1;
        }
    }
    MI_Operation_Close(&op);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    CHECK_EQ_INT(n, 7); /* every class of MIRS_Sample.mof */
    CHECK(saw_note);

    more = MI_TRUE;
    MI_Session_GetClass(&sess, 0, NULL, MI_T("root/sample"), MI_T("Nope_Class"), NULL, &op);
    while (more && MI_Operation_GetClass(&op, &cls, &more, &final, &msg, &details) == MI_RESULT_OK)
        ;
    MI_Operation_Close(&op);
    CHECK_EQ_INT(final, MI_RESULT_INVALID_CLASS);
}

static void errors(void)
{
    MI_Result final;
    MI_Operation op = MI_OPERATION_NULL;
    SECTION("unknown namespace and class; TestConnection");
    CHECK_EQ_INT(enumerate("root/nowhere", "MIRS_Process", &final, NULL), 0);
    CHECK_EQ_INT(final, MI_RESULT_INVALID_NAMESPACE);
    CHECK_EQ_INT(enumerate("root/sample", "Nope_Class", &final, NULL), 0);
    CHECK_EQ_INT(final, MI_RESULT_INVALID_CLASS);
    MI_Session_TestConnection(&sess, 0, NULL, &op);
    pull_all(&op, &final, NULL);
    CHECK_EQ_INT(final, MI_RESULT_OK);
}

struct counter {
    int results, finals;
    MI_Result code;
};

static void MI_CALL on_instance(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                                MI_Result result, const MI_Char *msg, const MI_Instance *details,
                                MI_Result (MI_CALL *ack)(MI_Operation *))
{
    struct counter *c = (struct counter *)ctx;
    (void)msg;
    (void)details;
    if (inst)
        c->results++;
    if (!more) {
        c->finals++;
        c->code = result;
    }
    if (ack)
        ack(op);
}

static void async_and_cancel(void)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    struct counter c = {0, 0, MI_RESULT_FAILED};
    int i;

    SECTION("asynchronous enumeration and cancel");
    cb.callbackContext = &c;
    cb.instanceResult = on_instance;
    MI_Session_EnumerateInstances(&sess, 0, NULL, MI_T("root/sample"), MI_T("MIRS_Process"), MI_FALSE, &cb, &op);
    for (i = 0; i < 1000 && c.finals == 0; i++)
        tu_sleep_ms(10);
    CHECK_EQ_INT(c.finals, 1);
    CHECK_EQ_INT(c.code, MI_RESULT_OK);
    CHECK(c.results >= 1);
    MI_Operation_Close(&op);

    /* cancel a synchronous enumeration after its first result: one final, then nothing */
    {
        const MI_Instance *inst = NULL;
        MI_Boolean more = MI_TRUE;
        MI_Result final = MI_RESULT_OK;
        int finals = 0;
        MI_Session_EnumerateInstances(&sess, 0, NULL, MI_T("root/sample"), MI_T("MIRS_Process"), MI_FALSE, NULL,
                                      &op);
        CHECK_EQ_INT(MI_Operation_GetInstance(&op, &inst, &more, &final, NULL, NULL), MI_RESULT_OK);
        CHECK_EQ_INT(MI_Operation_Cancel(&op, MI_REASON_NONE), MI_RESULT_OK);
        while (more && MI_Operation_GetInstance(&op, &inst, &more, &final, NULL, NULL) == MI_RESULT_OK)
            if (!more)
                finals++;
        CHECK_EQ_INT(finals, 1);
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    }
}

struct indications {
    atomic_int count, finals, machine_ids;
    MI_Result code;
};

static void MI_CALL on_indication(MI_Operation *op, void *ctx, const MI_Instance *inst, const MI_Char *bookmark,
                                  const MI_Char *machineID, MI_Boolean more, MI_Result result, const MI_Char *msg,
                                  const MI_Instance *details, MI_Result (MI_CALL *ack)(MI_Operation *))
{
    struct indications *c = (struct indications *)ctx;
    const MI_Char *cls = NULL;
    (void)bookmark;
    (void)msg;
    (void)details;
    if (inst && MI_Instance_GetClassName(inst, &cls) == MI_RESULT_OK && mi_eq(cls, "MIRS_Heartbeat"))
        atomic_fetch_add(&c->count, 1);
    if (inst && machineID && machineID[0])
        atomic_fetch_add(&c->machine_ids, 1);
    if (!more) {
        c->code = result;
        atomic_fetch_add(&c->finals, 1);
    }
    if (ack)
        ack(op);
}

static void subscription(void)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    struct indications c;
    int i;

    SECTION("subscribe: heartbeats arrive until Cancel");
    memset(&c, 0, sizeof c);
    setenv("MIRS_HEARTBEAT_INTERVAL_MS", "20", 1);
    cb.callbackContext = &c;
    cb.indicationResult = on_indication;
    MI_Session_Subscribe(&sess, 0, NULL, MI_T("root/sample"), MI_T("WQL"), MI_T("SELECT * FROM MIRS_Heartbeat"),
                         NULL, &cb, &op);
    for (i = 0; i < 500 && atomic_load(&c.count) < 3; i++)
        tu_sleep_ms(10);
    CHECK(atomic_load(&c.count) >= 3);
    CHECK_EQ_INT(atomic_load(&c.machine_ids), atomic_load(&c.count));
    CHECK_EQ_INT(atomic_load(&c.finals), 0);
    CHECK_EQ_INT(MI_Operation_Cancel(&op, MI_REASON_NONE), MI_RESULT_OK);
    for (i = 0; i < 500 && atomic_load(&c.finals) == 0; i++)
        tu_sleep_ms(10);
    CHECK_EQ_INT(atomic_load(&c.finals), 1);
    CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    {
        /* nothing after the final */
        int n = atomic_load(&c.count);
        tu_sleep_ms(100);
        CHECK_EQ_INT(atomic_load(&c.count), n);
    }

    SECTION("subscribe: errors");
    {
        const MI_Instance *inst = NULL;
        const MI_Char *bm = NULL, *mid = NULL;
        MI_Boolean more = MI_TRUE;
        MI_Result final = MI_RESULT_OK;
        MI_Session_Subscribe(&sess, 0, NULL, MI_T("root/sample"), MI_T("CQL"), MI_T("SELECT * FROM MIRS_Heartbeat"),
                             NULL, NULL, &op);
        while (more && MI_Operation_GetIndication(&op, &inst, &bm, &mid, &more, &final, NULL, NULL) == MI_RESULT_OK)
            ;
        CHECK_EQ_INT(final, MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED);
        MI_Operation_Close(&op);
        more = MI_TRUE;
        MI_Session_Subscribe(&sess, 0, NULL, MI_T("root/sample"), MI_T("WQL"), MI_T("SELECT * FROM Nope_Class"),
                             NULL, NULL, &op);
        while (more && MI_Operation_GetIndication(&op, &inst, &bm, &mid, &more, &final, NULL, NULL) == MI_RESULT_OK)
            ;
        CHECK_EQ_INT(final, MI_RESULT_INVALID_CLASS);
        MI_Operation_Close(&op);
    }
}

int main(void)
{
    MI_Instance *extended = NULL;
    tu_watchdog(120);
    if (!CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("host_sample"), &extended, &app), MI_RESULT_OK))
        return 1;
    CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, NULL, NULL, NULL, &extended, &sess), MI_RESULT_OK);
    live_data();
    notes();
    methods();
    queries();
    associations();
    classes();
    errors();
    async_and_cancel();
    subscription();
    CHECK_EQ_INT(MI_Session_Close(&sess, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    TEST_MAIN_END();
}
