/*
 * testhandler.c - a test protocol handler (docs/SPEC.md §6) for libmi-rs.
 *
 * Build:  gcc -std=c11 -Wall -Wextra -Werror -pthread -fPIC -shared \
 *             -I<repo>/include -o libtesthandler.so testhandler.c -ldl
 * (no -lmi: the Nested behaviour finds MI_Application_InitializeV1 at run time.)
 *
 * Entry points: TestHandler_Main (normal), TestHandler_Fail (returns MI_RESULT_FAILED and
 * leaves *application closable: its Close returns MI_RESULT_INVALID_PARAMETER). There is no
 * function named `Missing`. Counters: see testhandler.h.
 *
 * ---- Behaviours -------------------------------------------------------------------------
 * Selected by a string argument of each operation slot:
 *   EnumerateInstances, GetClass, EnumerateClasses: className
 *   QueryInstances, Subscribe: queryExpression
 *   Invoke: methodName
 *   AssociatorInstances: resultClass (assocClass if resultClass is NULL)
 *   ReferenceInstances: resultClass
 *   GetInstance, ModifyInstance, CreateInstance, DeleteInstance: the class name of
 *     inboundInstance (its ft->GetClassName, else classDecl->name)
 *   TestConnection: none (always Inline:0)
 * Unrecognised or NULL string: Get/Modify/Create/Delete/Invoke/Associators/References act as
 * Inline:1; TestConnection as Inline:0; every other slot delivers one final result
 * MI_RESULT_NOT_SUPPORTED "testhandler: unknown behaviour '<string>'" (so GetClass and
 * EnumerateClasses are "Fail:7" unless a behaviour is named).
 *
 *   Inline:N       N results then the final (OK), delivered inline from inside the start call.
 *                  Manual ack: the next result waits for the ack; an ack given inside the
 *                  callback lets the start call continue when the callback returns (no
 *                  recursion); an ack given later (any thread) delivers the next result
 *                  from inside that ack call.
 *   Thread:N:MS    a handler thread sleeps MS ms (Cancel cuts the sleep short), then
 *                  delivers N results and the final. Manual ack: waits for each ack.
 *   Stream:N       like Thread:N:0.
 *   AckReentrant:N manual ack: result 0 inline from the start call, result k+1 (or the final)
 *                  from INSIDE the ack call of result k, even when that ack is called from
 *                  inside the result callback (so the library sees nested callbacks). Without
 *                  the manual-ack flag it is Inline:N. N <= 1000 (nesting depth).
 *   Never          nothing until Cancel: then the final (TESTHANDLER_CANCEL_RESULT) is
 *                  delivered inline from inside Cancel; or until the handler session/app is
 *                  closed (final delivered from inside that Close).
 *   NeverThread    like Never, but Cancel only sets a flag; the operation's handler thread
 *                  delivers the final ~20 ms later.
 *   Nested         inside the start call: MI_Application_InitializeV1(0, "nested", &err,
 *                  &nested) then nested.ft->Close(&nested); then one result (class
 *                  TestHandler_Nested, MI_UINT32 elements InitializeResult, CloseResult;
 *                  no result for class slots) and the final: MI_RESULT_OK if both returned
 *                  OK, else MI_RESULT_FAILED with an errorString naming the failing call.
 *                  The function is looked up in the library that owns the result callback
 *                  (dladdr + dlopen(RTLD_NOLOAD)), else in the global scope (RTLD_DEFAULT).
 *   Chatty         inline (like Inline): writeMessage(channel 1, "hello"); writeProgress("act",
 *                  "op", "status", 50, 10); writeError(MSFT_WmiError instance, continuation)
 *                  and wait for the continuation; promptUser("Continue?", MI_PROMPTTYPE_NORMAL,
 *                  continuation) and wait; streamedParameterResult("param", MI_UINT32, 42,
 *                  ack when manual-ack) and wait for that ack; then the final: MI_RESULT_OK if
 *                  the prompt answer was Yes/YesToAll, else MI_RESULT_FAILED. A continuation
 *                  called inside the callback continues when the callback returns; one called
 *                  later continues from inside the continuation call. A NULL callback skips
 *                  its step (a skipped prompt counts as Yes).
 *   ChattyThread   Chatty delivered by a handler thread.
 *   Fail:CODE      one final result with MI_Result CODE, errorString "requested failure",
 *                  errorDetails an MSFT_WmiError instance (Message, CIMStatusCode).
 *   Options        inside the start call: reads the options the handler was given, then one
 *                  result (class TestHandler_Options; no result for class slots) whose
 *                  elements say what it read, and the final. Each element is present only if
 *                  its read returned MI_RESULT_OK (so none for NULL options):
 *                    operation options (the slot's MI_OperationOptions *options):
 *                      OperationOptionCount (MI_UINT32, GetOptionCount), ResourceUri
 *                      (MI_STRING, GetString "__MI_OPERATIONOPTIONS_RESOURCE_URI"),
 *                      TimeoutSeconds (MI_UINT32, GetInterval "__MI_OPERATIONOPTIONS_TIMEOUT"
 *                      .seconds);
 *                    the session's destination options (read again now, through the pointer
 *                    NewSession got): DestinationOptionCount (MI_UINT32, GetOptionCount),
 *                      DataLocale (MI_STRING, GetString "__MI_DESTINATIONOPTIONS_DATA_LOCALE"),
 *                      CredentialsCount (MI_UINT32, GetCredentialsCount), Password (MI_STRING,
 *                      GetCredentialsPasswordAt(0): size query with bufferLength 0, then a
 *                      buffer of that length), UserName (MI_STRING, GetCredentialsAt(0)
 *                      .usernamePassword.username; not for ClientCerts);
 *                    Subscribe's delivery options: DeliveryOptionCount (MI_UINT32).
 *                  Strings are copied into the instance (up to 255 characters each). The
 *                  final is MI_RESULT_OK, or MI_RESULT_FAILED with errorString
 *                  TESTHANDLER_OPTIONS_CHANGED_PREFIX ": <element>" if the destination options
 *                  now read differently than inside NewSession (which read them too).
 *   OptionsThread:MS  Options, but a handler thread sleeps MS ms (Cancel cuts it short), then
 *                  reads the options and delivers: by then the client has usually deleted
 *                  its own options objects, so this tests the library's copies.
 *
 * Result objects: instances of TestHandler_Result (TestHandler_Indication for Subscribe,
 * __Parameters for Invoke, which adds ReturnValue = 0) with one MI_UINT32 element "Index" =
 * 0, 1, 2, ... in delivery order (Nested and Options: their own class and elements, in every
 * instance slot); Subscribe adds bookmark "bm-<Index>" and machineID
 * "test-machine"; GetClass/EnumerateClasses deliver MI_Class objects of TestHandler_Class.
 * Every object's table has all slots; Clone and Delete (of clones) work; setters return
 * MI_RESULT_NOT_SUPPORTED. Results stay valid until acknowledged (manual ack) or until the
 * callback returns (automatic ack).
 *
 * ---- Rules the handler follows (and that the library must survive) ---------------------
 * * Exactly one final result per operation. The final also gets an ack under manual ack.
 * * Cancel: idempotent, returns MI_RESULT_OK; the final (TESTHANDLER_CANCEL_RESULT,
 *   "testhandler: operation cancelled") comes at the next delivery point. An outstanding
 *   ack/continuation is still waited for (only a handler session/app Close abandons it).
 * * Operation Close after the final: releases it (an unacknowledged final is implicitly
 *   acknowledged). Close BEFORE the final is a violation: it is counted, returns OK, and
 *   the operation delivers nothing more (no final).
 * * Session Close: every operation of the session that has no final yet gets one
 *   (TESTHANDLER_SESSION_CLOSED_MESSAGE; waits are abandoned), Close waits until every final
 *   callback has returned (except one this thread is inside), joins the session's threads,
 *   then reclaims operations the library did not close (a violation each). With a
 *   completion callback: returns OK at once and a handler thread does the work, then calls
 *   completion(ctx) exactly once (destination option "closeinline": done inside Close and
 *   completion called from inside Close). Synchronous Close from inside a non-final callback
 *   of one of the session's operations: violation, MI_RESULT_FAILED, session stays open.
 * * Application Close: reclaims open sessions (violation each), joins every handler thread.
 * * Options passed to the handler: a non-NULL options pointer whose ft is NULL is a violation
 *   (the library passes NULL for "no options"); the handler then treats it as NULL.
 *   NewSession reads the destination options (see Options) and keeps the pointer: it must stay
 *   valid until the handler session is closed; operation (and delivery) options until the
 *   handler operation is closed.
 * * NewSession destination: comma-separated options: "warn" (sessionCallbacks->writeMessage
 *   channel 0 "session warning" inside NewSession), "error" (sessionCallbacks->writeError
 *   with an MSFT_WmiError instance), "fail" (returns MI_RESULT_ACCESS_DENIED, session
 *   closable), "failext" (same plus *extendedError = heap MSFT_WmiError, to Delete),
 *   "closeinline" (see Session Close). Other text is ignored (it may be a host name).
 * * Handles: reserved1 = magic<<32 | id, reserved2 = object address; validated against a
 *   registry of open objects, so stale, zeroed and garbage handles give
 *   MI_RESULT_INVALID_PARAMETER without being dereferenced (and count as violations, except
 *   Close of a zeroed handle such as the one a failed entry point leaves).
 * * Sync pulls (MI_OperationFT.GetInstance/GetIndication/GetClass) return
 *   MI_RESULT_NOT_SUPPORTED: the library's synchronous mode sits above the handler.
 * * Never holds its mutex while calling the library; every thread it starts is joined by the
 *   handler session Close or application Close at the latest.
 * Violations are counted (TestHandler_Violations) and printed on stderr as
 * "testhandler: VIOLATION: ...".
 */
#define _GNU_SOURCE /* dladdr, RTLD_DEFAULT, RTLD_NOLOAD */
#include "testhandler.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- global state: one mutex, one condition variable ----------------------------------- */

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER; /* broadcast on every state change */
static int g_live_objects;
static int g_nthreads;
static int g_violations;
static int g_live_instances;
static uint64_t g_next_id = 1;

#define LOCK() pthread_mutex_lock(&g_mu)
#define UNLOCK() pthread_mutex_unlock(&g_mu)
#define BROADCAST() pthread_cond_broadcast(&g_cv)
#define WAIT() pthread_cond_wait(&g_cv, &g_mu)

static void violation(const char *fmt, ...)
{
    va_list ap;
    char buf[256];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fprintf(stderr, "testhandler: VIOLATION: %s\n", buf);
    LOCK();
    g_violations++;
    UNLOCK();
}

/* Same, with g_mu already held. */
static void violation_locked(const char *what)
{
    fprintf(stderr, "testhandler: VIOLATION: %s\n", what);
    g_violations++;
}

/* ---- objects and handles --------------------------------------------------------------- */

enum { K_APP = 1, K_SESSION = 2, K_OP = 3 };
static const uint32_t k_magic[] = {0, 0x54484150u /* THAP */, 0x54485353u /* THSS */,
                                   0x5448504fu /* THPO */};

typedef struct th_obj {
    struct th_obj *next, *prev; /* registry of open handles (circular, g_objs sentinel) */
    int kind;
    int registered; /* the handle is open */
    int refs;       /* handle + children + running frames/threads */
    uint64_t id;
    MI_Uint64 r1; /* reserved1 of its handle */
} th_obj;

static th_obj g_objs = {&g_objs, &g_objs, 0, 0, 0, 0, 0};

static void obj_init(th_obj *o, int kind)
{
    o->kind = kind;
    o->refs = 1; /* the handle */
    o->id = g_next_id++;
    o->r1 = ((MI_Uint64)k_magic[kind] << 32) | (o->id & 0xffffffffu);
    o->next = g_objs.next;
    o->prev = &g_objs;
    g_objs.next->prev = o;
    g_objs.next = o;
    o->registered = 1;
    g_live_objects++;
}

/* Makes the handle invalid; the caller drops the handle's reference. */
static void obj_unregister(th_obj *o)
{
    if (!o->registered) {
        return;
    }
    o->prev->next = o->next;
    o->next->prev = o->prev;
    o->next = o->prev = NULL;
    o->registered = 0;
    g_live_objects--;
}

/* Finds the open object a handle names, without dereferencing the handle's pointer. */
static th_obj *obj_lookup(MI_Uint64 r1, ptrdiff_t r2, int kind)
{
    for (th_obj *o = g_objs.next; o != &g_objs; o = o->next) {
        if ((uintptr_t)o == (uintptr_t)r2) {
            return (o->kind == kind && o->r1 == r1) ? o : NULL;
        }
    }
    return NULL;
}

#define LOOKUP(h, kind, type) \
    ((h) != NULL ? (type *)obj_lookup((h)->reserved1, (h)->reserved2, (kind)) : (type *)NULL)

/* A zeroed handle is what a failed start leaves: closing it is legitimate (no violation). */
#define IS_ZERO(h) ((h) != NULL && (h)->reserved1 == 0 && (h)->reserved2 == 0)

/* ---- instances and classes ------------------------------------------------------------- */

#define TH_INST_MAGIC 0x74686973u
#define TH_CLASS_MAGIC 0x74686373u
#define TH_MAX_ELEMS 10
#define TH_POOL 1024 /* bytes of copied strings per instance (Options) */

typedef struct th_elem {
    const MI_Char *name; /* a string literal */
    MI_Type type;
    MI_Value value; /* strings point to string literals, unless pooled */
    int pooled;     /* MI_STRING copied into the instance's pool at offset `off` */
    unsigned off;
} th_elem;

typedef struct th_instance {
    MI_Instance mi; /* first: a th_instance* is an MI_Instance* */
    uint32_t magic;
    int heap; /* from Clone or an extended error: Delete frees it */
    unsigned n;
    th_elem e[TH_MAX_ELEMS];
    unsigned pool_used;
    char pool[TH_POOL]; /* inside the instance: a struct copy (Clone) copies the strings */
} th_instance;

typedef struct th_class {
    MI_Class mi;
    uint32_t magic;
    int heap;
} th_class;

#define DECL(var, cname)                                                                    \
    static const MI_ClassDecl var = {MI_FLAG_CLASS, 0, MI_T(cname), NULL, 0, NULL, 0,       \
                                     sizeof(th_instance), NULL, NULL, NULL, 0, NULL, NULL, \
                                     NULL}
DECL(decl_result, TESTHANDLER_RESULT_CLASS);
DECL(decl_indication, TESTHANDLER_INDICATION_CLASS);
DECL(decl_parameters, TESTHANDLER_PARAMETERS_CLASS);
DECL(decl_nested, TESTHANDLER_NESTED_CLASS);
DECL(decl_error, TESTHANDLER_ERROR_CLASS);
DECL(decl_class, TESTHANDLER_CLASS_CLASS);
DECL(decl_options, TESTHANDLER_OPTIONS_CLASS);

static const MI_InstanceFT inst_ft;
static const MI_ClassFT class_ft;

static const th_instance *as_inst(const MI_Instance *self)
{
    if (self == NULL || self->ft != &inst_ft) {
        return NULL;
    }
    const th_instance *in = (const th_instance *)self;
    return in->magic == TH_INST_MAGIC ? in : NULL;
}

static void inst_init(th_instance *in, const MI_ClassDecl *decl)
{
    memset(in, 0, sizeof *in);
    in->mi.ft = &inst_ft;
    in->mi.classDecl = decl;
    in->mi.serverName = MI_T(TESTHANDLER_MACHINE_ID);
    in->mi.nameSpace = MI_T(TESTHANDLER_NAMESPACE);
    in->magic = TH_INST_MAGIC;
}

static void inst_add_u32(th_instance *in, const MI_Char *name, MI_Uint32 v)
{
    if (in->n < TH_MAX_ELEMS) {
        th_elem *e = &in->e[in->n++];
        e->name = name;
        e->type = MI_UINT32;
        e->value.uint32 = v;
    }
}

static void inst_add_str(th_instance *in, const MI_Char *name, const MI_Char *literal)
{
    if (in->n < TH_MAX_ELEMS) {
        th_elem *e = &in->e[in->n++];
        e->name = name;
        e->type = MI_STRING;
        e->value.string = (MI_Char *)literal;
    }
}

/* A string copied into the instance's own pool; the element is left out if the pool is
   full (strings of the Options behaviour are short). */
static void inst_add_copy(th_instance *in, const MI_Char *name, const MI_Char *text)
{
    size_t len = strlen(text) + 1;
    if (in->n < TH_MAX_ELEMS && len <= TH_POOL - in->pool_used) {
        th_elem *e = &in->e[in->n++];
        e->name = name;
        e->type = MI_STRING;
        e->pooled = 1;
        e->off = in->pool_used;
        memcpy(in->pool + in->pool_used, text, len);
        in->pool_used += (unsigned)len;
    }
}

static void error_init(th_instance *in, MI_Result code, const MI_Char *message)
{
    inst_init(in, &decl_error);
    inst_add_str(in, MI_T("Message"), message);
    inst_add_u32(in, MI_T("CIMStatusCode"), code);
}

static MI_Result MI_CALL inst_Clone(const MI_Instance *self, MI_Instance **newInstance)
{
    const th_instance *in = as_inst(self);
    if (in == NULL || newInstance == NULL) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    th_instance *copy = malloc(sizeof *copy);
    if (copy == NULL) {
        return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    }
    *copy = *in;
    copy->heap = 1;
    LOCK();
    g_live_instances++;
    UNLOCK();
    *newInstance = &copy->mi;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL inst_Delete(MI_Instance *self)
{
    const th_instance *in = as_inst(self);
    if (in == NULL) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    if (!in->heap) {
        violation("MI_Instance Delete on an instance the handler owns (class %s)",
                  in->mi.classDecl->name);
        return MI_RESULT_NOT_SUPPORTED;
    }
    th_instance *mut = (th_instance *)self;
    mut->magic = 0;
    free(mut);
    LOCK();
    g_live_instances--;
    UNLOCK();
    return MI_RESULT_OK;
}

static MI_Result MI_CALL inst_Destruct(MI_Instance *self)
{
    return as_inst(self) ? MI_RESULT_NOT_SUPPORTED : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL inst_IsA(const MI_Instance *self, const MI_ClassDecl *classDecl,
                                  MI_Boolean *flag)
{
    const th_instance *in = as_inst(self);
    if (in == NULL || classDecl == NULL || flag == NULL) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    *flag = (classDecl == in->mi.classDecl ||
             (classDecl->name != NULL && strcmp(classDecl->name, in->mi.classDecl->name) == 0))
                ? MI_TRUE
                : MI_FALSE;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL inst_GetClassName(const MI_Instance *self, const MI_Char **className)
{
    const th_instance *in = as_inst(self);
    if (in == NULL || className == NULL) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    *className = in->mi.classDecl->name;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL inst_SetNameSpace(MI_Instance *self, const MI_Char *nameSpace)
{
    (void)nameSpace;
    return as_inst(self) ? MI_RESULT_NOT_SUPPORTED : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL inst_GetNameSpace(const MI_Instance *self, const MI_Char **nameSpace)
{
    const th_instance *in = as_inst(self);
    if (in == NULL || nameSpace == NULL) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    *nameSpace = in->mi.nameSpace;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL inst_GetElementCount(const MI_Instance *self, MI_Uint32 *count)
{
    const th_instance *in = as_inst(self);
    if (in == NULL || count == NULL) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    *count = in->n;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL inst_AddElement(MI_Instance *self, const MI_Char *name,
                                         const MI_Value *value, MI_Type type, MI_Uint32 flags)
{
    (void)name, (void)value, (void)type, (void)flags;
    return as_inst(self) ? MI_RESULT_NOT_SUPPORTED : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL inst_SetElement(MI_Instance *self, const MI_Char *name,
                                         const MI_Value *value, MI_Type type, MI_Uint32 flags)
{
    (void)name, (void)value, (void)type, (void)flags;
    return as_inst(self) ? MI_RESULT_NOT_SUPPORTED : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL inst_SetElementAt(MI_Instance *self, MI_Uint32 index,
                                           const MI_Value *value, MI_Type type, MI_Uint32 flags)
{
    (void)index, (void)value, (void)type, (void)flags;
    return as_inst(self) ? MI_RESULT_NOT_SUPPORTED : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL inst_GetElementAt(const MI_Instance *self, MI_Uint32 index,
                                           const MI_Char **name, MI_Value *value, MI_Type *type,
                                           MI_Uint32 *flags)
{
    const th_instance *in = as_inst(self);
    if (in == NULL) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    if (index >= in->n) {
        return MI_RESULT_NO_SUCH_PROPERTY;
    }
    if (name != NULL) *name = in->e[index].name;
    if (value != NULL) {
        *value = in->e[index].value;
        if (in->e[index].pooled) value->string = (MI_Char *)(in->pool + in->e[index].off);
    }
    if (type != NULL) *type = in->e[index].type;
    if (flags != NULL) *flags = 0;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL inst_GetElement(const MI_Instance *self, const MI_Char *name,
                                         MI_Value *value, MI_Type *type, MI_Uint32 *flags,
                                         MI_Uint32 *index)
{
    const th_instance *in = as_inst(self);
    if (in == NULL || name == NULL) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    for (MI_Uint32 i = 0; i < in->n; i++) {
        if (strcmp(in->e[i].name, name) == 0) {
            if (index != NULL) *index = i;
            return inst_GetElementAt(self, i, NULL, value, type, flags);
        }
    }
    return MI_RESULT_NO_SUCH_PROPERTY;
}

static MI_Result MI_CALL inst_ClearElement(MI_Instance *self, const MI_Char *name)
{
    (void)name;
    return as_inst(self) ? MI_RESULT_NOT_SUPPORTED : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL inst_ClearElementAt(MI_Instance *self, MI_Uint32 index)
{
    (void)index;
    return as_inst(self) ? MI_RESULT_NOT_SUPPORTED : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL inst_GetServerName(const MI_Instance *self, const MI_Char **name)
{
    const th_instance *in = as_inst(self);
    if (in == NULL || name == NULL) {
        return MI_RESULT_INVALID_PARAMETER;
    }
    *name = in->mi.serverName;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL inst_SetServerName(MI_Instance *self, const MI_Char *name)
{
    (void)name;
    return as_inst(self) ? MI_RESULT_NOT_SUPPORTED : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL inst_GetClass(const MI_Instance *self, MI_Class **instanceClass)
{
    (void)instanceClass;
    return as_inst(self) ? MI_RESULT_NOT_SUPPORTED : MI_RESULT_INVALID_PARAMETER;
}

static const MI_InstanceFT inst_ft = {
    inst_Clone,           inst_Destruct,      inst_Delete,        inst_IsA,
    inst_GetClassName,    inst_SetNameSpace,  inst_GetNameSpace,  inst_GetElementCount,
    inst_AddElement,      inst_SetElement,    inst_SetElementAt,  inst_GetElement,
    inst_GetElementAt,    inst_ClearElement,  inst_ClearElementAt, inst_GetServerName,
    inst_SetServerName,   inst_GetClass,
};

static const th_class *as_class(const MI_Class *self)
{
    if (self == NULL || self->ft != &class_ft) {
        return NULL;
    }
    const th_class *c = (const th_class *)self;
    return c->magic == TH_CLASS_MAGIC ? c : NULL;
}

static void class_init(th_class *c)
{
    memset(c, 0, sizeof *c);
    c->mi.ft = &class_ft;
    c->mi.classDecl = &decl_class;
    c->mi.namespaceName = MI_T(TESTHANDLER_NAMESPACE);
    c->mi.serverName = MI_T(TESTHANDLER_MACHINE_ID);
    c->magic = TH_CLASS_MAGIC;
}

static MI_Result MI_CALL cls_GetClassName(const MI_Class *self, const MI_Char **className)
{
    const th_class *c = as_class(self);
    if (c == NULL || className == NULL) return MI_RESULT_INVALID_PARAMETER;
    *className = c->mi.classDecl->name;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL cls_GetNameSpace(const MI_Class *self, const MI_Char **nameSpace)
{
    const th_class *c = as_class(self);
    if (c == NULL || nameSpace == NULL) return MI_RESULT_INVALID_PARAMETER;
    *nameSpace = c->mi.namespaceName;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL cls_GetServerName(const MI_Class *self, const MI_Char **serverName)
{
    const th_class *c = as_class(self);
    if (c == NULL || serverName == NULL) return MI_RESULT_INVALID_PARAMETER;
    *serverName = c->mi.serverName;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL cls_GetElementCount(const MI_Class *self, MI_Uint32 *count)
{
    if (as_class(self) == NULL || count == NULL) return MI_RESULT_INVALID_PARAMETER;
    *count = 0;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL cls_GetElement(const MI_Class *self, const MI_Char *name,
                                        MI_Value *value, MI_Boolean *valueExists, MI_Type *type,
                                        MI_Char **referenceClass, MI_QualifierSet *qualifierSet,
                                        MI_Uint32 *flags, MI_Uint32 *index)
{
    (void)name, (void)value, (void)valueExists, (void)type, (void)referenceClass;
    (void)qualifierSet, (void)flags, (void)index;
    return as_class(self) ? MI_RESULT_NO_SUCH_PROPERTY : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL cls_GetElementAt(const MI_Class *self, MI_Uint32 index,
                                          const MI_Char **name, MI_Value *value,
                                          MI_Boolean *valueExists, MI_Type *type,
                                          MI_Char **referenceClass,
                                          MI_QualifierSet *qualifierSet, MI_Uint32 *flags)
{
    (void)index, (void)name, (void)value, (void)valueExists, (void)type;
    (void)referenceClass, (void)qualifierSet, (void)flags;
    return as_class(self) ? MI_RESULT_NO_SUCH_PROPERTY : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL cls_GetClassQualifierSet(const MI_Class *self,
                                                  MI_QualifierSet *qualifierSet)
{
    (void)qualifierSet;
    return as_class(self) ? MI_RESULT_NOT_SUPPORTED : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL cls_GetMethodCount(const MI_Class *self, MI_Uint32 *count)
{
    if (as_class(self) == NULL || count == NULL) return MI_RESULT_INVALID_PARAMETER;
    *count = 0;
    return MI_RESULT_OK;
}

static MI_Result MI_CALL cls_GetMethodAt(const MI_Class *self, MI_Uint32 index,
                                         const MI_Char **name, MI_QualifierSet *qualifierSet,
                                         MI_ParameterSet *parameterSet)
{
    (void)index, (void)name, (void)qualifierSet, (void)parameterSet;
    return as_class(self) ? MI_RESULT_METHOD_NOT_FOUND : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL cls_GetMethod(const MI_Class *self, const MI_Char *name,
                                       MI_QualifierSet *qualifierSet,
                                       MI_ParameterSet *parameterSet, MI_Uint32 *index)
{
    (void)name, (void)qualifierSet, (void)parameterSet, (void)index;
    return as_class(self) ? MI_RESULT_METHOD_NOT_FOUND : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL cls_GetParentClassName(const MI_Class *self, const MI_Char **name)
{
    (void)name;
    return as_class(self) ? MI_RESULT_INVALID_SUPERCLASS : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL cls_GetParentClass(const MI_Class *self, MI_Class **parentClass)
{
    (void)parentClass;
    return as_class(self) ? MI_RESULT_INVALID_SUPERCLASS : MI_RESULT_INVALID_PARAMETER;
}

static MI_Result MI_CALL cls_Delete(MI_Class *self)
{
    const th_class *c = as_class(self);
    if (c == NULL) return MI_RESULT_INVALID_PARAMETER;
    if (!c->heap) {
        violation("MI_Class Delete on a class object the handler owns");
        return MI_RESULT_NOT_SUPPORTED;
    }
    th_class *mut = (th_class *)self;
    mut->magic = 0;
    free(mut);
    LOCK();
    g_live_instances--;
    UNLOCK();
    return MI_RESULT_OK;
}

static MI_Result MI_CALL cls_Clone(const MI_Class *self, MI_Class **newClass)
{
    const th_class *c = as_class(self);
    if (c == NULL || newClass == NULL) return MI_RESULT_INVALID_PARAMETER;
    th_class *copy = malloc(sizeof *copy);
    if (copy == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    *copy = *c;
    copy->heap = 1;
    LOCK();
    g_live_instances++;
    UNLOCK();
    *newClass = &copy->mi;
    return MI_RESULT_OK;
}

static const MI_ClassFT class_ft = {
    cls_GetClassName,   cls_GetNameSpace,         cls_GetServerName,
    cls_GetElementCount, cls_GetElement,          cls_GetElementAt,
    cls_GetClassQualifierSet, cls_GetMethodCount, cls_GetMethodAt,
    cls_GetMethod,      cls_GetParentClassName,   cls_GetParentClass,
    cls_Delete,         cls_Clone,
};

/* ---- applications, sessions, operations ------------------------------------------------ */

typedef struct th_app {
    th_obj h;
    MI_Application handle;
} th_app;

/* What the handler read from a session's MI_DestinationOptions (Options behaviour). A
   field is present (has_*) only when its read returned MI_RESULT_OK. */
#define TH_TEXT 256
typedef struct th_destread {
    int has_count, has_locale, has_creds, has_user, has_password;
    MI_Uint32 count, creds;
    char locale[TH_TEXT], user[TH_TEXT], password[TH_TEXT];
} th_destread;

typedef struct th_session {
    th_obj h;
    th_app *app; /* referenced */
    MI_Session handle;
    int close_inline;
    const MI_DestinationOptions *dest; /* as NewSession got it (the library's copy or NULL) */
    th_destread dest_at_new;           /* read inside NewSession */
} th_session;

typedef enum {
    B_UNKNOWN,
    B_INLINE,
    B_THREAD,
    B_STREAM,
    B_ACKREENTRANT,
    B_NEVER,
    B_NEVERTHREAD,
    B_NESTED,
    B_CHATTY,
    B_CHATTYTHREAD,
    B_FAIL,
    B_OPTIONS,
    B_OPTIONSTHREAD,
} th_beh;

enum { RK_INSTANCE, RK_INDICATION, RK_CLASS };        /* result kind of a slot */
enum { DRV_INLINE, DRV_THREAD, DRV_REENTRANT };        /* who delivers */
enum { W_NONE, W_ACK, W_ERROR_RESPONSE, W_PROMPT_RESPONSE }; /* what delivery waits for */

typedef struct th_result {
    struct th_result *next;
    th_instance inst;
    th_class cls;
    char bookmark[32];
} th_result;

typedef struct th_op {
    th_obj h;
    th_session *sess; /* referenced */
    MI_Operation handle;
    MI_OperationCallbacks cb; /* the library's callbacks, copied */
    int manual;
    int rk;
    const MI_ClassDecl *result_decl;
    th_beh beh;
    unsigned long n, ms;
    MI_Result fail_code;
    int drv;
    unsigned long next; /* index of the next step of the script */
    int wait;
    int token; /* a delivery loop (start call, ack caller, handler thread) owns the op */
    int cancelled, closing;
    int final_sent; /* the final result is claimed (being delivered or delivered) */
    int final_done; /* ... and its callback has returned */
    MI_Result stop_code;
    const char *stop_msg;
    int prompt_ok;
    MI_Result nested_init, nested_close;
    th_result *results; /* delivered results not yet released */
    th_result *pending; /* the result waiting for its ack */
    th_instance err;    /* writeError instance and Fail errorDetails */
    MI_Value streamed;
    const MI_OperationOptions *op_opts;             /* as the slot got them (or NULL) */
    const MI_SubscriptionDeliveryOptions *sub_opts; /* Subscribe only */
    th_instance opts_inst; /* Options: the result, filled by read_options */
    int opts_bad;          /* Options: the destination options changed since NewSession */
    char msg[200]; /* errorString built for this operation */
} th_op;

static const MI_ApplicationFT app_ft;
static const MI_SessionFT session_ft;
static const MI_OperationFT op_ft;

static void free_results(th_op *op)
{
    while (op->results != NULL) {
        th_result *r = op->results;
        op->results = r->next;
        free(r);
    }
}

static void release_result(th_op *op, th_result *r)
{
    for (th_result **pp = &op->results; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == r) {
            *pp = r->next;
            free(r);
            return;
        }
    }
}

static void unref_app(th_app *a)
{
    if (--a->h.refs == 0) {
        free(a);
    }
}

static void unref_session(th_session *s)
{
    if (--s->h.refs == 0) {
        th_app *a = s->app;
        memset(&s->dest_at_new, 0, sizeof s->dest_at_new); /* the password */
        free(s);
        unref_app(a);
    }
}

static void unref_op(th_op *op)
{
    if (--op->h.refs == 0) {
        th_session *s = op->sess;
        free_results(op);
        free(op);
        unref_session(s);
    }
}

/* ---- threads --------------------------------------------------------------------------- */

typedef struct th_thread {
    struct th_thread *next;
    pthread_t tid;
    int done;
    uint64_t sess_id; /* 0: not joined by a session Close */
    uint64_t app_id;
} th_thread;

static th_thread *g_threads;

enum { J_DONE, J_SESSION, J_APP };

/* Joins the selected threads (never the calling one). g_mu held on entry and on return; it
   is dropped while joining. A session Close on one of the session's own threads leaves that
   thread to the application Close; an application Close on one of its own threads cannot
   join it (a violation: the thread is detached). */
static void join_threads(int mode, uint64_t id)
{
    pthread_t self = pthread_self();
    th_thread *todo = NULL;
    for (th_thread **pp = &g_threads; *pp != NULL;) {
        th_thread *t = *pp;
        int match = mode == J_DONE ? t->done : mode == J_SESSION ? t->sess_id == id : t->app_id == id;
        if (match && pthread_equal(t->tid, self)) {
            match = 0;
            if (mode == J_SESSION) {
                t->sess_id = 0;
            } else if (mode == J_APP) {
                violation_locked("handler application closed from one of its own handler "
                                 "threads: that thread cannot be joined, detaching it");
                pthread_detach(self);
                *pp = t->next;
                free(t);
                g_nthreads--;
                continue;
            }
        }
        if (match) {
            *pp = t->next;
            t->next = todo;
            todo = t;
        } else {
            pp = &t->next;
        }
    }
    if (todo == NULL) {
        return;
    }
    UNLOCK();
    int joined = 0;
    while (todo != NULL) {
        th_thread *t = todo;
        todo = t->next;
        pthread_join(t->tid, NULL);
        free(t);
        joined++;
    }
    LOCK();
    g_nthreads -= joined;
    BROADCAST();
}

/* Called by a handler thread, g_mu held, as its last action under the lock. */
static void thread_done_locked(void)
{
    pthread_t self = pthread_self();
    for (th_thread *t = g_threads; t != NULL; t = t->next) {
        if (pthread_equal(t->tid, self)) {
            t->done = 1;
            break;
        }
    }
    BROADCAST();
}

/* g_mu held. Returns 0 if the thread could not be created. */
static int spawn_locked(void *(*fn)(void *), void *arg, uint64_t sess_id, uint64_t app_id)
{
    th_thread *t = calloc(1, sizeof *t);
    if (t == NULL) {
        return 0;
    }
    t->sess_id = sess_id;
    t->app_id = app_id;
    if (pthread_create(&t->tid, NULL, fn, arg) != 0) {
        free(t);
        return 0;
    }
    t->next = g_threads;
    g_threads = t;
    g_nthreads++;
    return 1;
}

/* ---- Options: what the handler reads from the options the library passed ------------------ */

#define OPT_DATA_LOCALE MI_T("__MI_DESTINATIONOPTIONS_DATA_LOCALE")
#define OPT_RESOURCE_URI MI_T("__MI_OPERATIONOPTIONS_RESOURCE_URI")
#define OPT_TIMEOUT MI_T("__MI_OPERATIONOPTIONS_TIMEOUT")

static void copy_text(char *dst, const MI_Char *src)
{
    snprintf(dst, TH_TEXT, "%s", src);
}

/* g_mu NOT held (calls the library). Reads a session's destination options: option count,
   data locale, credentials count, and for credentials entry 0 its user name
   (GetCredentialsAt) and password (GetCredentialsPasswordAt: a size query with bufferLength
   0, then a buffer of that length). NULL options (or a NULL ft): nothing is present. */
static void read_dest(const MI_DestinationOptions *o, th_destread *d)
{
    memset(d, 0, sizeof *d);
    if (o == NULL || o->ft == NULL) return;
    const MI_DestinationOptionsFT *ft = o->ft;
    MI_Uint32 index, flags;
    if (ft->GetOptionCount != NULL && ft->GetOptionCount(o, &d->count) == MI_RESULT_OK) {
        d->has_count = 1;
    }
    const MI_Char *text = NULL;
    if (ft->GetString != NULL &&
        ft->GetString(o, OPT_DATA_LOCALE, &text, &index, &flags) == MI_RESULT_OK && text != NULL) {
        copy_text(d->locale, text);
        d->has_locale = 1;
    }
    if (ft->GetCredentialsCount != NULL &&
        ft->GetCredentialsCount(o, &d->creds) == MI_RESULT_OK) {
        d->has_creds = 1;
    }
    if (!d->has_creds || d->creds == 0) return;
    const MI_Char *option = NULL;
    MI_UserCredentials uc;
    memset(&uc, 0, sizeof uc);
    if (ft->GetCredentialsAt != NULL &&
        ft->GetCredentialsAt(o, 0, &option, &uc, &flags) == MI_RESULT_OK &&
        (uc.authenticationType == NULL ||
         strcmp(uc.authenticationType, MI_AUTH_TYPE_CLIENT_CERTS) != 0) &&
        uc.credentials.usernamePassword.username != NULL) {
        copy_text(d->user, uc.credentials.usernamePassword.username);
        d->has_user = 1;
    }
    MI_Uint32 len = 0;
    if (ft->GetCredentialsPasswordAt != NULL &&
        ft->GetCredentialsPasswordAt(o, 0, &option, NULL, 0, &len, &flags) == MI_RESULT_OK &&
        len > 0) {
        MI_Char *buf = calloc(len, sizeof *buf);
        MI_Uint32 len2 = 0;
        if (buf != NULL &&
            ft->GetCredentialsPasswordAt(o, 0, &option, buf, len, &len2, &flags) == MI_RESULT_OK &&
            len2 == len && buf[len - 1] == 0) {
            copy_text(d->password, buf);
            d->has_password = 1;
        }
        if (buf != NULL) {
            memset(buf, 0, len * sizeof *buf);
            free(buf);
        }
    }
}

/* The first field in which two reads differ, or NULL. */
static const char *dest_diff(const th_destread *a, const th_destread *b)
{
    if (a->has_count != b->has_count || a->count != b->count) return "DestinationOptionCount";
    if (a->has_locale != b->has_locale || strcmp(a->locale, b->locale) != 0) return "DataLocale";
    if (a->has_creds != b->has_creds || a->creds != b->creds) return "CredentialsCount";
    if (a->has_user != b->has_user || strcmp(a->user, b->user) != 0) return "UserName";
    if (a->has_password != b->has_password || strcmp(a->password, b->password) != 0) {
        return "Password";
    }
    return NULL;
}

/* g_mu NOT held (calls the library). The Options behaviour: reads the operation options,
   the session's destination options (again, through the pointer NewSession got) and
   Subscribe's delivery options, and builds the result instance from what it read. The
   final fails if the destination options now read differently than inside NewSession. */
static void read_options(th_op *op)
{
    th_instance *in = malloc(sizeof *in);
    th_destread *now = malloc(sizeof *now);
    if (in == NULL || now == NULL) {
        free(in);
        free(now);
        LOCK();
        op->opts_bad = 1;
        snprintf(op->msg, sizeof op->msg, "testhandler: out of memory");
        UNLOCK();
        return;
    }
    inst_init(in, &decl_options);
    const MI_OperationOptions *oo = op->op_opts;
    if (oo != NULL && oo->ft != NULL) {
        const MI_OperationOptionsFT *ft = oo->ft;
        MI_Uint32 n, index, flags;
        const MI_Char *text = NULL;
        MI_Interval iv;
        memset(&iv, 0, sizeof iv);
        if (ft->GetOptionCount != NULL && ft->GetOptionCount(oo, &n) == MI_RESULT_OK) {
            inst_add_u32(in, MI_T("OperationOptionCount"), n);
        }
        if (ft->GetString != NULL &&
            ft->GetString(oo, OPT_RESOURCE_URI, &text, &index, &flags) == MI_RESULT_OK &&
            text != NULL) {
            inst_add_copy(in, MI_T("ResourceUri"), text);
        }
        if (ft->GetInterval != NULL &&
            ft->GetInterval(oo, OPT_TIMEOUT, &iv, &index, &flags) == MI_RESULT_OK) {
            inst_add_u32(in, MI_T("TimeoutSeconds"), iv.seconds);
        }
    }
    const th_session *s = op->sess; /* set at start, never changed: no lock needed */
    read_dest(s->dest, now);
    if (now->has_count) inst_add_u32(in, MI_T("DestinationOptionCount"), now->count);
    if (now->has_locale) inst_add_copy(in, MI_T("DataLocale"), now->locale);
    if (now->has_creds) inst_add_u32(in, MI_T("CredentialsCount"), now->creds);
    if (now->has_password) inst_add_copy(in, MI_T("Password"), now->password);
    if (now->has_user) inst_add_copy(in, MI_T("UserName"), now->user);
    const char *diff = dest_diff(&s->dest_at_new, now);
    memset(now, 0, sizeof *now); /* the password */
    free(now);
    const MI_SubscriptionDeliveryOptions *so = op->sub_opts;
    if (so != NULL && so->ft != NULL && so->ft->GetOptionCount != NULL) {
        MI_Uint32 n;
        if (so->ft->GetOptionCount(so, &n) == MI_RESULT_OK) {
            inst_add_u32(in, MI_T("DeliveryOptionCount"), n);
        }
    }
    LOCK();
    op->opts_inst = *in;
    if (diff != NULL) {
        op->opts_bad = 1;
        snprintf(op->msg, sizeof op->msg, "%s: %s", TESTHANDLER_OPTIONS_CHANGED_PREFIX, diff);
    }
    UNLOCK();
    free(in);
}

/* ---- callback frames of this thread (to refuse closes that would deadlock) ------------- */

#define TH_MAX_FRAMES 64
static _Thread_local th_op *tls_frames[TH_MAX_FRAMES];
static _Thread_local int tls_depth;

/* g_mu held: does this thread sit inside a callback of an operation, not yet final, of this
   session / of a session of this application? */
static int frames_block(const th_session *s, const th_app *a)
{
    int n = tls_depth < TH_MAX_FRAMES ? tls_depth : TH_MAX_FRAMES;
    for (int i = 0; i < n; i++) {
        const th_op *op = tls_frames[i];
        if (!op->final_sent && ((s != NULL && op->sess == s) || (a != NULL && op->sess->app == a))) {
            return 1;
        }
    }
    return 0;
}

/* Is this thread inside a callback of op right now? */
static int in_my_frames(const th_op *op)
{
    int n = tls_depth < TH_MAX_FRAMES ? tls_depth : TH_MAX_FRAMES;
    for (int i = 0; i < n; i++) {
        if (tls_frames[i] == op) return 1;
    }
    return 0;
}

/* ---- the script of each behaviour ------------------------------------------------------ */

typedef enum { S_NONE, S_SKIP, S_RESULT, S_FINAL, S_MESSAGE, S_PROGRESS, S_ERROR, S_PROMPT,
               S_STREAMED } th_stype;

typedef struct th_step {
    th_stype type;
    th_result *res;
    MI_Result code;
    const MI_Char *msg;
    const MI_Instance *details;
} th_step;

static MI_Result MI_CALL th_ack(MI_Operation *operation);
static MI_Result MI_CALL th_write_error_result(MI_Operation *operation,
                                               MI_OperationCallback_ResponseType response);
static MI_Result MI_CALL th_prompt_user_result(MI_Operation *operation,
                                               MI_OperationCallback_ResponseType response);

static void set_final(th_step *st, MI_Result code, const char *msg, const MI_Instance *details)
{
    st->type = S_FINAL;
    st->code = code;
    st->msg = msg;
    st->details = details;
}

/* What the behaviour does at step op->next, ignoring cancellation. */
static void script(th_op *op, th_step *st)
{
    unsigned long k = op->next;
    switch (op->beh) {
    case B_INLINE:
    case B_THREAD:
    case B_STREAM:
    case B_ACKREENTRANT:
        if (k < op->n) {
            st->type = S_RESULT;
        } else {
            set_final(st, MI_RESULT_OK, NULL, NULL);
        }
        return;
    case B_NEVER:
    case B_NEVERTHREAD:
        st->type = S_NONE;
        return;
    case B_NESTED:
        if (k == 0) {
            st->type = op->rk == RK_CLASS ? S_SKIP : S_RESULT;
        } else if (op->nested_init == MI_RESULT_OK && op->nested_close == MI_RESULT_OK) {
            set_final(st, MI_RESULT_OK, NULL, NULL);
        } else {
            set_final(st, MI_RESULT_FAILED, op->msg, NULL);
        }
        return;
    case B_CHATTY:
    case B_CHATTYTHREAD:
        switch (k) {
        case 0: st->type = op->cb.writeMessage ? S_MESSAGE : S_SKIP; return;
        case 1: st->type = op->cb.writeProgress ? S_PROGRESS : S_SKIP; return;
        case 2: st->type = op->cb.writeError ? S_ERROR : S_SKIP; return;
        case 3: st->type = op->cb.promptUser ? S_PROMPT : S_SKIP; return;
        case 4: st->type = op->cb.streamedParameterResult ? S_STREAMED : S_SKIP; return;
        default:
            if (op->prompt_ok) {
                set_final(st, MI_RESULT_OK, NULL, NULL);
            } else {
                set_final(st, MI_RESULT_FAILED, "testhandler: prompt answered No", NULL);
            }
            return;
        }
    case B_FAIL:
        set_final(st, op->fail_code, TESTHANDLER_FAIL_MESSAGE, &op->err.mi);
        return;
    case B_OPTIONS:
    case B_OPTIONSTHREAD:
        if (k == 0) {
            st->type = op->rk == RK_CLASS ? S_SKIP : S_RESULT;
        } else if (op->opts_bad) {
            set_final(st, MI_RESULT_FAILED, op->msg, NULL);
        } else {
            set_final(st, MI_RESULT_OK, NULL, NULL);
        }
        return;
    case B_UNKNOWN:
    default:
        set_final(st, MI_RESULT_NOT_SUPPORTED, op->msg, NULL);
        return;
    }
}

static th_result *new_result(th_op *op, unsigned long k)
{
    th_result *r = calloc(1, sizeof *r);
    if (r == NULL) {
        return NULL;
    }
    if (op->rk == RK_CLASS) {
        class_init(&r->cls);
    } else if (op->beh == B_NESTED) {
        inst_init(&r->inst, &decl_nested);
        inst_add_u32(&r->inst, MI_T("InitializeResult"), op->nested_init);
        inst_add_u32(&r->inst, MI_T("CloseResult"), op->nested_close);
    } else if (op->beh == B_OPTIONS || op->beh == B_OPTIONSTHREAD) {
        r->inst = op->opts_inst; /* a struct copy: the pool (copied strings) comes along */
    } else {
        inst_init(&r->inst, op->result_decl);
        inst_add_u32(&r->inst, MI_T("Index"), (MI_Uint32)k);
        if (op->result_decl == &decl_parameters) {
            inst_add_u32(&r->inst, MI_T("ReturnValue"), 0);
        }
    }
    snprintf(r->bookmark, sizeof r->bookmark, "bm-%lu", k);
    r->next = op->results;
    op->results = r;
    return r;
}

/* g_mu held. Claims the next step to deliver, or returns 0: the final was sent, a wait is
   outstanding, or the behaviour has nothing to do until it is cancelled. A handler Close
   (op->closing) abandons an outstanding wait. */
static int next_step(th_op *op, th_step *st)
{
    for (;;) {
        memset(st, 0, sizeof *st);
        if (op->final_sent) {
            return 0;
        }
        if (op->wait != W_NONE) {
            if (!op->closing) {
                return 0;
            }
            op->wait = W_NONE; /* abandoned: the unacknowledged result stays until op dies */
            op->pending = NULL;
        }
        if (op->cancelled || op->closing) {
            set_final(st, op->stop_code, op->stop_msg, NULL);
        } else {
            script(op, st);
        }
        switch (st->type) {
        case S_NONE:
            return 0;
        case S_SKIP:
            op->next++;
            continue;
        case S_RESULT:
            st->res = new_result(op, op->next);
            if (st->res == NULL) {
                set_final(st, MI_RESULT_SERVER_LIMITS_EXCEEDED, "testhandler: out of memory", NULL);
                break;
            }
            if (op->manual) {
                op->pending = st->res;
                op->wait = W_ACK;
            }
            break;
        case S_ERROR:
            op->wait = W_ERROR_RESPONSE;
            break;
        case S_PROMPT:
            op->wait = W_PROMPT_RESPONSE;
            break;
        case S_STREAMED:
            if (op->manual) op->wait = W_ACK;
            break;
        default:
            break;
        }
        if (st->type == S_FINAL) {
            op->final_sent = 1;
            if (op->manual) op->wait = W_ACK; /* the final is acknowledged too */
            BROADCAST();
        }
        op->next++;
        return 1;
    }
}

static void frame_push(th_op *op)
{
    if (tls_depth < TH_MAX_FRAMES) tls_frames[tls_depth] = op;
    tls_depth++;
}

static void frame_pop(void)
{
    tls_depth--;
}

/* Calls the library. g_mu NOT held. The caller holds a reference on op. */
static void deliver(th_op *op, const th_step *st)
{
    MI_Operation copy = op->handle; /* callbacks get a copy of the handle, as OMI does */
    const MI_OperationCallbacks *cb = &op->cb;
    void *ctx = cb->callbackContext;
    MI_Result (*ack)(MI_Operation *) = op->manual ? th_ack : NULL;
    frame_push(op);
    switch (st->type) {
    case S_RESULT:
        if (op->rk == RK_CLASS) {
            cb->classResult(&copy, ctx, &st->res->cls.mi, MI_TRUE, MI_RESULT_OK, NULL, NULL, ack);
        } else if (op->rk == RK_INDICATION) {
            cb->indicationResult(&copy, ctx, &st->res->inst.mi, st->res->bookmark,
                                 MI_T(TESTHANDLER_MACHINE_ID), MI_TRUE, MI_RESULT_OK, NULL, NULL, ack);
        } else {
            cb->instanceResult(&copy, ctx, &st->res->inst.mi, MI_TRUE, MI_RESULT_OK, NULL, NULL, ack);
        }
        break;
    case S_FINAL:
        if (op->rk == RK_CLASS) {
            cb->classResult(&copy, ctx, NULL, MI_FALSE, st->code, st->msg, st->details, ack);
        } else if (op->rk == RK_INDICATION) {
            cb->indicationResult(&copy, ctx, NULL, NULL, NULL, MI_FALSE, st->code, st->msg,
                                 st->details, ack);
        } else {
            cb->instanceResult(&copy, ctx, NULL, MI_FALSE, st->code, st->msg, st->details, ack);
        }
        break;
    case S_MESSAGE:
        cb->writeMessage(&copy, ctx, MI_WRITEMESSAGE_CHANNEL_VERBOSE, MI_T("hello"));
        break;
    case S_PROGRESS:
        cb->writeProgress(&copy, ctx, MI_T("act"), MI_T("op"), MI_T("status"), 50, 10);
        break;
    case S_ERROR:
        cb->writeError(&copy, ctx, &op->err.mi, th_write_error_result);
        break;
    case S_PROMPT:
        cb->promptUser(&copy, ctx, MI_T("Continue?"), MI_PROMPTTYPE_NORMAL, th_prompt_user_result);
        break;
    case S_STREAMED:
        cb->streamedParameterResult(&copy, ctx, MI_T("param"), MI_UINT32, &op->streamed, ack);
        break;
    default:
        break;
    }
    frame_pop();
}

/* g_mu held, after a delivery returned. */
static void after_delivery(th_op *op, const th_step *st)
{
    if (st->type == S_RESULT && !op->manual) {
        release_result(op, st->res); /* automatic ack: valid during the callback only */
    }
    if (st->type == S_FINAL) {
        op->final_done = 1;
        BROADCAST();
    }
}

/* g_mu held (dropped while delivering). Delivers steps until there is nothing to do now.
   own_token: the caller took op->token and this releases it; otherwise this is a nested
   (re-entrant) delivery from inside an ack. The caller holds a reference on op. */
static void pump(th_op *op, int own_token)
{
    th_step st;
    while (next_step(op, &st)) {
        UNLOCK();
        deliver(op, &st);
        LOCK();
        after_delivery(op, &st);
    }
    if (own_token) {
        op->token = 0;
        BROADCAST();
    }
}

/* g_mu held: an ack or a continuation arrived; continue the way the driver says. */
static void resume(th_op *op)
{
    BROADCAST(); /* a handler thread waits for this */
    if (op->final_sent || op->drv == DRV_THREAD) {
        return;
    }
    if (!op->token) {
        op->token = 1;
        pump(op, 1); /* the next result comes from inside this ack/continuation call */
    } else if (op->drv == DRV_REENTRANT) {
        pump(op, 0); /* nested: deliver even though an outer delivery is in progress */
    }
    /* DRV_INLINE with the token held: its owner continues when its callback returns. */
}

static void sleep_ms(unsigned long ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
}

static void *op_thread_main(void *arg)
{
    th_op *op = arg;
    LOCK();
    if ((op->beh == B_THREAD || op->beh == B_OPTIONSTHREAD) && op->ms > 0) {
        struct timespec deadline;
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += (time_t)(op->ms / 1000);
        deadline.tv_nsec += (long)(op->ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
        while (!op->cancelled && !op->closing && !op->final_sent) {
            if (pthread_cond_timedwait(&g_cv, &g_mu, &deadline) == ETIMEDOUT) {
                break;
            }
        }
    }
    if (op->beh == B_OPTIONSTHREAD && !op->cancelled && !op->closing && !op->final_sent) {
        UNLOCK();
        read_options(op); /* after the sleep: the client may have deleted its own options */
        LOCK();
    }
    if (op->beh == B_NEVERTHREAD) {
        while (!op->cancelled && !op->closing && !op->final_sent) {
            WAIT();
        }
        UNLOCK();
        sleep_ms(20); /* "shortly after" Cancel: Cancel has returned by now */
        LOCK();
    }
    for (;;) {
        th_step st;
        if (op->final_sent) {
            break;
        }
        if (!next_step(op, &st)) {
            WAIT(); /* for an ack, a continuation, a cancel or a close */
            continue;
        }
        UNLOCK();
        deliver(op, &st);
        LOCK();
        after_delivery(op, &st);
    }
    op->token = 0;
    thread_done_locked();
    unref_op(op);
    UNLOCK();
    return NULL;
}

/* ---- behaviour parsing ----------------------------------------------------------------- */

static int parse_ulong(const char *s, unsigned long max, unsigned long *out, const char **end)
{
    if (*s < '0' || *s > '9') return 0;
    unsigned long v = 0;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > max) return 0;
        s++;
    }
    *out = v;
    *end = s;
    return 1;
}

/* "Prefix:N" (with one number) */
static int parse1(const char *text, const char *prefix, unsigned long max, unsigned long *n)
{
    size_t len = strlen(prefix);
    const char *end;
    return strncmp(text, prefix, len) == 0 && parse_ulong(text + len, max, n, &end) && *end == 0;
}

#define MAX_RESULTS 1000000UL

static th_beh parse_behaviour(th_op *op, const char *text)
{
    const char *end;
    unsigned long v;
    if (text == NULL) return B_UNKNOWN;
    if (parse1(text, "Inline:", MAX_RESULTS, &op->n)) return B_INLINE;
    if (parse1(text, "Stream:", MAX_RESULTS, &op->n)) return B_STREAM;
    if (parse1(text, "AckReentrant:", 1000, &op->n)) return B_ACKREENTRANT; /* recursion depth */
    if (strncmp(text, "Thread:", 7) == 0 && parse_ulong(text + 7, MAX_RESULTS, &op->n, &end) &&
        *end == ':' && parse_ulong(end + 1, 3600000UL, &op->ms, &end) && *end == 0) {
        return B_THREAD;
    }
    if (parse1(text, "OptionsThread:", 3600000UL, &op->ms)) return B_OPTIONSTHREAD;
    if (parse1(text, "Fail:", 0xffffffffUL, &v)) {
        op->fail_code = (MI_Result)v;
        return B_FAIL;
    }
    if (strcmp(text, "Never") == 0) return B_NEVER;
    if (strcmp(text, "NeverThread") == 0) return B_NEVERTHREAD;
    if (strcmp(text, "Nested") == 0) return B_NESTED;
    if (strcmp(text, "Chatty") == 0) return B_CHATTY;
    if (strcmp(text, "ChattyThread") == 0) return B_CHATTYTHREAD;
    if (strcmp(text, "Options") == 0) return B_OPTIONS;
    if (strcmp(text, "WrongKind") == 0) {
        /* A broken handler: one result and the final, through the result callback of the
           other kind (class results for an instance operation, instances for a class one). */
        op->n = 1;
        op->rk = op->rk == RK_CLASS ? RK_INSTANCE : RK_CLASS;
        return B_INLINE;
    }
    return B_UNKNOWN;
}

/* ---- Nested ---------------------------------------------------------------------------- */

typedef MI_Result (*init_fn)(MI_Uint32, const MI_Char *, MI_Instance **, MI_Application *);

/* g_mu NOT held. */
static void run_nested(th_op *op, void *library_function)
{
    init_fn fn = NULL;
    void *lib = NULL;
    Dl_info info;
    memset(&info, 0, sizeof info);
    if (library_function != NULL && dladdr(library_function, &info) != 0 && info.dli_fname != NULL) {
        lib = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
        if (lib != NULL) {
            void *sym = dlsym(lib, "MI_Application_InitializeV1");
            memcpy(&fn, &sym, sizeof fn);
        }
    }
    if (fn == NULL) {
        void *sym = dlsym(RTLD_DEFAULT, "MI_Application_InitializeV1");
        memcpy(&fn, &sym, sizeof fn);
    }
    MI_Result init = MI_RESULT_NOT_FOUND, close = MI_RESULT_NOT_FOUND;
    if (fn != NULL) {
        MI_Application nested = MI_APPLICATION_NULL;
        MI_Instance *ext = NULL;
        init = fn(0, MI_T("nested"), &ext, &nested);
        if (ext != NULL && ext->ft != NULL) {
            ext->ft->Delete(ext);
        }
        close = nested.ft != NULL ? nested.ft->Close(&nested) : MI_RESULT_FAILED;
    }
    if (lib != NULL) {
        dlclose(lib);
    }
    LOCK();
    op->nested_init = init;
    op->nested_close = close;
    if (fn == NULL) {
        snprintf(op->msg, sizeof op->msg,
                 "testhandler: nested MI_Application_InitializeV1 not found in the process");
    } else if (init != MI_RESULT_OK) {
        snprintf(op->msg, sizeof op->msg,
                 "testhandler: nested MI_Application_InitializeV1 returned %u (Close %u)",
                 (unsigned)init, (unsigned)close);
    } else if (close != MI_RESULT_OK) {
        snprintf(op->msg, sizeof op->msg, "testhandler: nested MI_Application_Close returned %u",
                 (unsigned)close);
    }
    UNLOCK();
}

/* ---- starting operations --------------------------------------------------------------- */

/* Delivers a lone final result for an operation that could not be created. */
static void orphan_final(const MI_OperationCallbacks *cb, int rk, MI_Operation *op,
                         MI_Result code, const char *msg)
{
    if (cb == NULL) return;
    if (rk == RK_CLASS && cb->classResult != NULL) {
        cb->classResult(op, cb->callbackContext, NULL, MI_FALSE, code, msg, NULL, NULL);
    } else if (rk == RK_INDICATION && cb->indicationResult != NULL) {
        cb->indicationResult(op, cb->callbackContext, NULL, NULL, NULL, MI_FALSE, code, msg, NULL,
                             NULL);
    } else if (rk == RK_INSTANCE && cb->instanceResult != NULL) {
        cb->instanceResult(op, cb->callbackContext, NULL, MI_FALSE, code, msg, NULL, NULL);
    }
}

static void start_op(MI_Session *sh, MI_Uint32 flags, const MI_Char *text, const char *dflt,
                     int rk, const MI_ClassDecl *result_decl, const MI_OperationOptions *op_opts,
                     const MI_SubscriptionDeliveryOptions *sub_opts,
                     MI_OperationCallbacks *callbacks, MI_Operation *out)
{
    MI_OperationCallbacks cb;
    memset(&cb, 0, sizeof cb);
    if (callbacks != NULL) cb = *callbacks;
    void *result_fn = NULL;
    if (rk == RK_CLASS) memcpy(&result_fn, &cb.classResult, sizeof result_fn);
    else if (rk == RK_INDICATION) memcpy(&result_fn, &cb.indicationResult, sizeof result_fn);
    else memcpy(&result_fn, &cb.instanceResult, sizeof result_fn);

    if (out == NULL) {
        violation("operation started with a NULL MI_Operation pointer");
        orphan_final(&cb, rk, NULL, MI_RESULT_INVALID_PARAMETER, "testhandler: NULL operation");
        return;
    }
    out->reserved1 = 0;
    out->reserved2 = 0;
    out->ft = &op_ft; /* closable even if the start fails */
    if (op_opts != NULL && op_opts->ft == NULL) {
        violation("operation options with a NULL ft passed to the handler (should be NULL)");
        op_opts = NULL;
    }
    if (sub_opts != NULL && sub_opts->ft == NULL) {
        violation("subscription delivery options with a NULL ft passed to the handler "
                  "(should be NULL)");
        sub_opts = NULL;
    }

    LOCK();
    join_threads(J_DONE, 0);
    th_session *s = LOOKUP(sh, K_SESSION, th_session);
    if (s == NULL) {
        violation_locked("operation started on an invalid or closed handler session");
        UNLOCK();
        MI_Operation copy = *out;
        orphan_final(&cb, rk, &copy, MI_RESULT_INVALID_PARAMETER, "testhandler: invalid session");
        return;
    }
    th_op *op = calloc(1, sizeof *op);
    if (op == NULL) {
        UNLOCK();
        MI_Operation copy = *out;
        orphan_final(&cb, rk, &copy, MI_RESULT_SERVER_LIMITS_EXCEEDED, "testhandler: out of memory");
        return;
    }
    obj_init(&op->h, K_OP);
    op->h.refs++; /* this call's reference */
    op->sess = s;
    s->h.refs++;
    op->handle.reserved1 = op->h.r1;
    op->handle.reserved2 = (ptrdiff_t)(uintptr_t)op;
    op->handle.ft = &op_ft;
    op->cb = cb;
    op->manual = (flags & MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS) != 0;
    op->rk = rk;
    op->result_decl = result_decl;
    op->prompt_ok = 1;
    op->stop_code = TESTHANDLER_CANCEL_RESULT;
    op->stop_msg = TESTHANDLER_CANCEL_MESSAGE;
    op->streamed.uint32 = 42;
    op->op_opts = op_opts;
    op->sub_opts = sub_opts;
    error_init(&op->err, MI_RESULT_FAILED, MI_T("handler error"));
    op->beh = parse_behaviour(op, text);
    if (op->beh == B_UNKNOWN && dflt != NULL) {
        op->beh = parse_behaviour(op, dflt);
    }
    if (op->beh == B_UNKNOWN) {
        snprintf(op->msg, sizeof op->msg, "%s '%.120s'", TESTHANDLER_UNKNOWN_PREFIX,
                 text != NULL ? text : "(null)");
    }
    if (op->beh == B_FAIL) {
        error_init(&op->err, op->fail_code, MI_T(TESTHANDLER_FAIL_MESSAGE));
    }
    switch (op->beh) {
    case B_THREAD:
    case B_STREAM:
    case B_NEVERTHREAD:
    case B_CHATTYTHREAD:
    case B_OPTIONSTHREAD:
        op->drv = DRV_THREAD;
        break;
    case B_ACKREENTRANT:
        op->drv = op->manual ? DRV_REENTRANT : DRV_INLINE;
        break;
    default:
        op->drv = DRV_INLINE;
        break;
    }
    *out = op->handle; /* before any result: the library may need it */

    if (result_fn == NULL) {
        violation_locked("operation started without a result callback: nothing can be delivered");
        op->final_sent = op->final_done = 1;
        unref_op(op);
        UNLOCK();
        return;
    }
    op->token = 1; /* this call delivers (or hands the op to its thread) */
    if (op->beh == B_NESTED) {
        UNLOCK();
        run_nested(op, result_fn);
        LOCK();
    }
    if (op->beh == B_OPTIONS) {
        UNLOCK();
        read_options(op);
        LOCK();
    }
    if (op->drv == DRV_THREAD) {
        op->h.refs++; /* the thread's reference */
        if (!spawn_locked(op_thread_main, op, s->h.id, s->app->h.id)) {
            op->h.refs--;
            op->drv = DRV_INLINE;
            op->beh = B_UNKNOWN;
            snprintf(op->msg, sizeof op->msg, "testhandler: cannot create a thread");
            pump(op, 1);
        }
    } else {
        pump(op, 1);
    }
    unref_op(op);
    UNLOCK();
}

static const MI_Char *inbound_text(const MI_Instance *inst)
{
    const MI_Char *name = NULL;
    if (inst == NULL) return NULL;
    if (inst->ft != NULL && inst->ft->GetClassName != NULL &&
        inst->ft->GetClassName(inst, &name) == MI_RESULT_OK && name != NULL) {
        return name;
    }
    return inst->classDecl != NULL ? inst->classDecl->name : NULL;
}

static void MI_CALL ses_GetInstance(MI_Session *session, MI_Uint32 flags,
                                    MI_OperationOptions *options, const MI_Char *namespaceName,
                                    const MI_Instance *inboundInstance,
                                    MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    (void)namespaceName;
    start_op(session, flags, inbound_text(inboundInstance), "Inline:1", RK_INSTANCE, &decl_result,
             options, NULL, callbacks, operation);
}

static void MI_CALL ses_ModifyInstance(MI_Session *session, MI_Uint32 flags,
                                       MI_OperationOptions *options, const MI_Char *namespaceName,
                                       const MI_Instance *inboundInstance,
                                       MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    (void)namespaceName;
    start_op(session, flags, inbound_text(inboundInstance), "Inline:1", RK_INSTANCE, &decl_result,
             options, NULL, callbacks, operation);
}

static void MI_CALL ses_CreateInstance(MI_Session *session, MI_Uint32 flags,
                                       MI_OperationOptions *options, const MI_Char *namespaceName,
                                       const MI_Instance *inboundInstance,
                                       MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    (void)namespaceName;
    start_op(session, flags, inbound_text(inboundInstance), "Inline:1", RK_INSTANCE, &decl_result,
             options, NULL, callbacks, operation);
}

static void MI_CALL ses_DeleteInstance(MI_Session *session, MI_Uint32 flags,
                                       MI_OperationOptions *options, const MI_Char *namespaceName,
                                       const MI_Instance *inboundInstance,
                                       MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    (void)namespaceName;
    start_op(session, flags, inbound_text(inboundInstance), "Inline:1", RK_INSTANCE, &decl_result,
             options, NULL, callbacks, operation);
}

static void MI_CALL ses_Invoke(MI_Session *session, MI_Uint32 flags, MI_OperationOptions *options,
                               const MI_Char *namespaceName, const MI_Char *className,
                               const MI_Char *methodName, const MI_Instance *inboundInstance,
                               const MI_Instance *inboundProperties,
                               MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    (void)namespaceName, (void)className, (void)inboundInstance;
    (void)inboundProperties;
    start_op(session, flags, methodName, "Inline:1", RK_INSTANCE, &decl_parameters, options, NULL,
             callbacks, operation);
}

static void MI_CALL ses_EnumerateInstances(MI_Session *session, MI_Uint32 flags,
                                           MI_OperationOptions *options,
                                           const MI_Char *namespaceName, const MI_Char *className,
                                           MI_Boolean keysOnly, MI_OperationCallbacks *callbacks,
                                           MI_Operation *operation)
{
    (void)namespaceName, (void)keysOnly;
    start_op(session, flags, className, NULL, RK_INSTANCE, &decl_result, options, NULL, callbacks,
             operation);
}

static void MI_CALL ses_QueryInstances(MI_Session *session, MI_Uint32 flags,
                                       MI_OperationOptions *options, const MI_Char *namespaceName,
                                       const MI_Char *queryDialect, const MI_Char *queryExpression,
                                       MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    (void)namespaceName, (void)queryDialect;
    start_op(session, flags, queryExpression, NULL, RK_INSTANCE, &decl_result, options, NULL,
             callbacks, operation);
}

static void MI_CALL ses_AssociatorInstances(MI_Session *session, MI_Uint32 flags,
                                            MI_OperationOptions *options,
                                            const MI_Char *namespaceName,
                                            const MI_Instance *instanceKeys,
                                            const MI_Char *assocClass, const MI_Char *resultClass,
                                            const MI_Char *role, const MI_Char *resultRole,
                                            MI_Boolean keysOnly, MI_OperationCallbacks *callbacks,
                                            MI_Operation *operation)
{
    (void)namespaceName, (void)instanceKeys, (void)role, (void)resultRole;
    (void)keysOnly;
    start_op(session, flags, resultClass != NULL ? resultClass : assocClass, "Inline:1",
             RK_INSTANCE, &decl_result, options, NULL, callbacks, operation);
}

static void MI_CALL ses_ReferenceInstances(MI_Session *session, MI_Uint32 flags,
                                           MI_OperationOptions *options,
                                           const MI_Char *namespaceName,
                                           const MI_Instance *instanceKeys,
                                           const MI_Char *resultClass, const MI_Char *role,
                                           MI_Boolean keysOnly, MI_OperationCallbacks *callbacks,
                                           MI_Operation *operation)
{
    (void)namespaceName, (void)instanceKeys, (void)role, (void)keysOnly;
    start_op(session, flags, resultClass, "Inline:1", RK_INSTANCE, &decl_result, options, NULL,
             callbacks, operation);
}

static void MI_CALL ses_Subscribe(MI_Session *session, MI_Uint32 flags,
                                  MI_OperationOptions *options, const MI_Char *namespaceName,
                                  const MI_Char *queryDialect, const MI_Char *queryExpression,
                                  const MI_SubscriptionDeliveryOptions *deliverOptions,
                                  MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    (void)namespaceName, (void)queryDialect;
    start_op(session, flags, queryExpression, NULL, RK_INDICATION, &decl_indication, options,
             deliverOptions, callbacks, operation);
}

static void MI_CALL ses_GetClass(MI_Session *session, MI_Uint32 flags,
                                 MI_OperationOptions *options, const MI_Char *namespaceName,
                                 const MI_Char *className, MI_OperationCallbacks *callbacks,
                                 MI_Operation *operation)
{
    (void)namespaceName;
    start_op(session, flags, className, NULL, RK_CLASS, &decl_class, options, NULL, callbacks,
             operation);
}

static void MI_CALL ses_EnumerateClasses(MI_Session *session, MI_Uint32 flags,
                                         MI_OperationOptions *options,
                                         const MI_Char *namespaceName, const MI_Char *className,
                                         MI_Boolean classNamesOnly,
                                         MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    (void)namespaceName, (void)classNamesOnly;
    start_op(session, flags, className, NULL, RK_CLASS, &decl_class, options, NULL, callbacks,
             operation);
}

static void MI_CALL ses_TestConnection(MI_Session *session, MI_Uint32 flags,
                                       MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    start_op(session, flags, NULL, "Inline:0", RK_INSTANCE, &decl_result, NULL, NULL, callbacks,
             operation);
}

/* ---- acknowledgements and continuations ------------------------------------------------ */

/* g_mu held. Finds the operation of an ack/continuation and takes a reference. */
static th_op *op_for_continuation(MI_Operation *operation, const char *what)
{
    th_op *op = LOOKUP(operation, K_OP, th_op);
    if (op == NULL) {
        char buf[160];
        snprintf(buf, sizeof buf, "%s called with an invalid or closed operation handle", what);
        violation_locked(buf);
        return NULL;
    }
    op->h.refs++;
    return op;
}

static MI_Result MI_CALL th_ack(MI_Operation *operation)
{
    LOCK();
    th_op *op = op_for_continuation(operation, "resultAcknowledgement");
    if (op == NULL) {
        UNLOCK();
        return MI_RESULT_INVALID_PARAMETER;
    }
    MI_Result r = MI_RESULT_OK;
    if (op->wait != W_ACK) {
        violation_locked("resultAcknowledgement with no unacknowledged result");
        r = MI_RESULT_INVALID_PARAMETER;
    } else {
        if (op->pending != NULL) {
            release_result(op, op->pending);
            op->pending = NULL;
        }
        op->wait = W_NONE;
        resume(op);
    }
    unref_op(op);
    UNLOCK();
    return r;
}

static MI_Result continuation(MI_Operation *operation, MI_OperationCallback_ResponseType response,
                              int wait_kind, const char *what)
{
    LOCK();
    th_op *op = op_for_continuation(operation, what);
    if (op == NULL) {
        UNLOCK();
        return MI_RESULT_INVALID_PARAMETER;
    }
    MI_Result r = MI_RESULT_OK;
    if (response > MI_OperationCallback_ResponseType_YesToAll) {
        r = MI_RESULT_INVALID_PARAMETER; /* the client's mistake, not a library violation */
    } else if (op->wait != wait_kind) {
        char buf[160];
        snprintf(buf, sizeof buf, "%s with no outstanding request", what);
        violation_locked(buf);
        r = MI_RESULT_INVALID_PARAMETER;
    } else {
        if (wait_kind == W_PROMPT_RESPONSE) {
            op->prompt_ok = response == MI_OperationCallback_ResponseType_Yes ||
                            response == MI_OperationCallback_ResponseType_YesToAll;
        }
        op->wait = W_NONE;
        resume(op);
    }
    unref_op(op);
    UNLOCK();
    return r;
}

static MI_Result MI_CALL th_write_error_result(MI_Operation *operation,
                                               MI_OperationCallback_ResponseType response)
{
    return continuation(operation, response, W_ERROR_RESPONSE, "writeErrorResult");
}

static MI_Result MI_CALL th_prompt_user_result(MI_Operation *operation,
                                               MI_OperationCallback_ResponseType response)
{
    return continuation(operation, response, W_PROMPT_RESPONSE, "promptUserResult");
}

/* ---- MI_OperationFT -------------------------------------------------------------------- */

static MI_Result MI_CALL op_Close(MI_Operation *operation)
{
    LOCK();
    th_op *op = LOOKUP(operation, K_OP, th_op);
    if (op == NULL) {
        if (!IS_ZERO(operation)) {
            violation_locked("operation Close on an invalid or closed operation handle");
        }
        UNLOCK();
        return MI_RESULT_INVALID_PARAMETER;
    }
    if (!op->final_sent) {
        violation_locked("operation Close before its final result: nothing more is delivered");
        op->cancelled = op->closing = 1;
        op->final_sent = op->final_done = 1;
    }
    op->wait = W_NONE; /* an unacknowledged final is acknowledged by Close */
    op->pending = NULL;
    obj_unregister(&op->h);
    BROADCAST();
    unref_op(op); /* the handle's reference */
    join_threads(J_DONE, 0);
    UNLOCK();
    return MI_RESULT_OK;
}

static MI_Result MI_CALL op_Cancel(MI_Operation *operation, MI_CancellationReason reason)
{
    (void)reason;
    LOCK();
    th_op *op = LOOKUP(operation, K_OP, th_op);
    if (op == NULL) {
        violation_locked("operation Cancel on an invalid or closed operation handle");
        UNLOCK();
        return MI_RESULT_INVALID_PARAMETER;
    }
    op->h.refs++;
    if (!op->cancelled && !op->final_sent) {
        op->cancelled = 1;
        op->stop_code = TESTHANDLER_CANCEL_RESULT;
        op->stop_msg = TESTHANDLER_CANCEL_MESSAGE;
    }
    BROADCAST();
    if (!op->final_sent && op->drv != DRV_THREAD && !op->token && op->wait == W_NONE) {
        op->token = 1;
        pump(op, 1); /* the final result, from inside Cancel */
    }
    unref_op(op);
    UNLOCK();
    return MI_RESULT_OK;
}

static MI_Result MI_CALL op_GetSession(MI_Operation *operation, MI_Session *session)
{
    LOCK();
    th_op *op = LOOKUP(operation, K_OP, th_op);
    if (op == NULL || session == NULL) {
        UNLOCK();
        return MI_RESULT_INVALID_PARAMETER;
    }
    *session = op->sess->handle;
    UNLOCK();
    return MI_RESULT_OK;
}

static MI_Result sync_pull(MI_Operation *operation)
{
    LOCK();
    th_op *op = LOOKUP(operation, K_OP, th_op);
    UNLOCK();
    return op == NULL ? MI_RESULT_INVALID_PARAMETER : MI_RESULT_NOT_SUPPORTED;
}

static MI_Result MI_CALL op_GetInstance(MI_Operation *operation, const MI_Instance **instance,
                                        MI_Boolean *moreResults, MI_Result *result,
                                        const MI_Char **errorMessage,
                                        const MI_Instance **completionDetails)
{
    (void)instance, (void)moreResults, (void)result, (void)errorMessage, (void)completionDetails;
    return sync_pull(operation);
}

static MI_Result MI_CALL op_GetIndication(MI_Operation *operation, const MI_Instance **instance,
                                          const MI_Char **bookmark, const MI_Char **machineID,
                                          MI_Boolean *moreResults, MI_Result *result,
                                          const MI_Char **errorMessage,
                                          const MI_Instance **completionDetails)
{
    (void)instance, (void)bookmark, (void)machineID, (void)moreResults, (void)result;
    (void)errorMessage, (void)completionDetails;
    return sync_pull(operation);
}

static MI_Result MI_CALL op_GetClass(MI_Operation *operation, const MI_Class **classResult,
                                     MI_Boolean *moreResults, MI_Result *result,
                                     const MI_Char **errorMessage,
                                     const MI_Instance **completionDetails)
{
    (void)classResult, (void)moreResults, (void)result, (void)errorMessage;
    (void)completionDetails;
    return sync_pull(operation);
}

static const MI_OperationFT op_ft = {
    op_Close, op_Cancel, op_GetSession, op_GetInstance, op_GetIndication, op_GetClass,
};

/* ---- MI_SessionFT ---------------------------------------------------------------------- */

/* g_mu held (dropped while delivering/joining). Gives every operation of s its final result,
   reclaims the operations the library did not close, joins the session's threads. */
static void shutdown_session_locked(th_session *s, const char *why)
{
    for (;;) {
        th_op *kick = NULL;
        int pending = 0;
        for (th_obj *o = g_objs.next; o != &g_objs; o = o->next) {
            if (o->kind != K_OP) continue;
            th_op *op = (th_op *)o;
            if (op->sess != s) continue;
            /* done: its final callback returned, or it is this thread that delivers it now
               (a Close from inside the final callback must not wait for itself) */
            if (op->final_done || (op->final_sent && in_my_frames(op))) continue;
            pending = 1;
            if (op->final_sent) continue; /* its final callback is running elsewhere */
            if (!op->closing) {
                op->closing = 1;
                if (!op->cancelled) {
                    op->stop_code = TESTHANDLER_SESSION_CLOSED_RESULT;
                    op->stop_msg = why;
                }
            }
            if (op->drv != DRV_THREAD && !op->token && kick == NULL) kick = op;
        }
        BROADCAST();
        if (kick != NULL) {
            kick->h.refs++;
            kick->token = 1;
            pump(kick, 1); /* final result from inside this Close */
            unref_op(kick);
            continue;
        }
        if (!pending) break;
        WAIT(); /* for handler threads / other deliverers to finish their finals */
    }
    for (;;) {
        th_op *leftover = NULL;
        for (th_obj *o = g_objs.next; o != &g_objs; o = o->next) {
            if (o->kind == K_OP && ((th_op *)o)->sess == s) {
                leftover = (th_op *)o;
                break;
            }
        }
        if (leftover == NULL) break;
        violation_locked("handler session closed while one of its operations was still open "
                         "(reclaimed)");
        obj_unregister(&leftover->h);
        unref_op(leftover);
    }
    join_threads(J_SESSION, s->h.id);
}

typedef struct th_closer {
    th_session *s;
    void *ctx;
    void (*completion)(void *);
} th_closer;

static void *closer_main(void *arg)
{
    th_closer *c = arg;
    LOCK();
    shutdown_session_locked(c->s, TESTHANDLER_SESSION_CLOSED_MESSAGE);
    unref_session(c->s);
    UNLOCK();
    c->completion(c->ctx);
    free(c);
    LOCK();
    thread_done_locked();
    UNLOCK();
    return NULL;
}

static MI_Result MI_CALL ses_Close(MI_Session *session, void *completionContext,
                                   void (*completionCallback)(void *completionContext))
{
    LOCK();
    th_session *s = LOOKUP(session, K_SESSION, th_session);
    if (s == NULL) {
        if (!IS_ZERO(session)) {
            violation_locked("session Close on an invalid or closed session handle");
        }
        UNLOCK();
        return MI_RESULT_INVALID_PARAMETER;
    }
    int blocked = frames_block(s, NULL);
    if (completionCallback == NULL && blocked) {
        violation_locked("synchronous session Close from inside a callback of one of its "
                         "operations (would deadlock); refused");
        UNLOCK();
        return MI_RESULT_FAILED;
    }
    obj_unregister(&s->h);
    if (completionCallback != NULL && (!s->close_inline || blocked)) {
        th_closer *c = malloc(sizeof *c);
        if (c != NULL) {
            c->s = s; /* takes over the handle's reference */
            c->ctx = completionContext;
            c->completion = completionCallback;
            if (spawn_locked(closer_main, c, 0, s->app->h.id)) {
                UNLOCK();
                return MI_RESULT_OK;
            }
            free(c);
        }
    }
    shutdown_session_locked(s, TESTHANDLER_SESSION_CLOSED_MESSAGE);
    unref_session(s);
    UNLOCK();
    if (completionCallback != NULL) {
        completionCallback(completionContext); /* inline, from inside Close */
    }
    return MI_RESULT_OK;
}

static MI_Result MI_CALL ses_GetApplication(MI_Session *session, MI_Application *application)
{
    LOCK();
    th_session *s = LOOKUP(session, K_SESSION, th_session);
    if (s == NULL || application == NULL) {
        UNLOCK();
        return MI_RESULT_INVALID_PARAMETER;
    }
    *application = s->app->handle;
    UNLOCK();
    return MI_RESULT_OK;
}

static const MI_SessionFT session_ft = {
    ses_Close,
    ses_GetApplication,
    ses_GetInstance,
    ses_ModifyInstance,
    ses_CreateInstance,
    ses_DeleteInstance,
    ses_Invoke,
    ses_EnumerateInstances,
    ses_QueryInstances,
    ses_AssociatorInstances,
    ses_ReferenceInstances,
    ses_Subscribe,
    ses_GetClass,
    ses_EnumerateClasses,
    ses_TestConnection,
};

/* ---- MI_ApplicationFT ------------------------------------------------------------------ */

static int has_option(const char *destination, const char *option)
{
    size_t len = strlen(option);
    for (const char *p = destination; p != NULL && *p != 0;) {
        const char *comma = strchr(p, ',');
        size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
        if (n == len && strncmp(p, option, len) == 0) return 1;
        p = comma != NULL ? comma + 1 : NULL;
    }
    return 0;
}

static MI_Result MI_CALL app_Close(MI_Application *application)
{
    LOCK();
    th_app *a = LOOKUP(application, K_APP, th_app);
    if (a == NULL) {
        if (!IS_ZERO(application)) {
            violation_locked("application Close on an invalid or closed handle");
        }
        UNLOCK();
        return MI_RESULT_INVALID_PARAMETER;
    }
    if (frames_block(NULL, a)) {
        violation_locked("handler application Close from inside a callback of one of its "
                         "operations (would deadlock); refused");
        UNLOCK();
        return MI_RESULT_FAILED;
    }
    obj_unregister(&a->h);
    for (;;) {
        th_session *left = NULL;
        for (th_obj *o = g_objs.next; o != &g_objs; o = o->next) {
            if (o->kind == K_SESSION && ((th_session *)o)->app == a) {
                left = (th_session *)o;
                break;
            }
        }
        if (left == NULL) break;
        violation_locked("handler application closed while one of its sessions was open "
                         "(reclaimed)");
        obj_unregister(&left->h);
        shutdown_session_locked(left, TESTHANDLER_APP_CLOSED_MESSAGE);
        unref_session(left);
    }
    join_threads(J_APP, a->h.id);
    unref_app(a);
    UNLOCK();
    return MI_RESULT_OK;
}

static MI_Result MI_CALL app_NewSession(MI_Application *application, const MI_Char *protocol,
                                        const MI_Char *destination, MI_DestinationOptions *options,
                                        MI_SessionCallbacks *callbacks,
                                        MI_Instance **extendedError, MI_Session *session)
{
    (void)protocol;
    if (extendedError != NULL) *extendedError = NULL;
    if (session == NULL) {
        violation("NewSession with a NULL MI_Session pointer");
        return MI_RESULT_INVALID_PARAMETER;
    }
    session->reserved1 = 0;
    session->reserved2 = 0;
    session->ft = &session_ft; /* closable even on failure */
    if (options != NULL && options->ft == NULL) {
        violation("destination options with a NULL ft passed to the handler (should be NULL)");
        options = NULL;
    }
    /* read before taking g_mu (calls the library); reported by the Options behaviour */
    th_destread *at_new = malloc(sizeof *at_new);
    if (at_new == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    read_dest(options, at_new);
    LOCK();
    th_app *a = LOOKUP(application, K_APP, th_app);
    if (a == NULL) {
        violation_locked("NewSession on an invalid or closed handler application");
        UNLOCK();
        free(at_new);
        return MI_RESULT_INVALID_PARAMETER;
    }
    if (has_option(destination, "fail") || has_option(destination, "failext")) {
        UNLOCK();
        free(at_new);
        if (has_option(destination, "failext") && extendedError != NULL) {
            th_instance tmp;
            error_init(&tmp, MI_RESULT_ACCESS_DENIED, MI_T("testhandler: session refused"));
            MI_Instance *copy = NULL;
            if (inst_Clone(&tmp.mi, &copy) == MI_RESULT_OK) *extendedError = copy;
        }
        return MI_RESULT_ACCESS_DENIED;
    }
    th_session *s = calloc(1, sizeof *s);
    if (s == NULL) {
        UNLOCK();
        free(at_new);
        return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    }
    s->dest = options; /* valid until this session is closed (the library's copy) */
    s->dest_at_new = *at_new;
    memset(at_new, 0, sizeof *at_new); /* the password */
    free(at_new);
    obj_init(&s->h, K_SESSION);
    s->app = a;
    a->h.refs++;
    s->handle.reserved1 = s->h.r1;
    s->handle.reserved2 = (ptrdiff_t)(uintptr_t)s;
    s->handle.ft = &session_ft;
    s->close_inline = has_option(destination, "closeinline");
    *session = s->handle;
    MI_Application app_copy = a->handle;
    UNLOCK();
    if (callbacks != NULL && callbacks->writeMessage != NULL && has_option(destination, "warn")) {
        callbacks->writeMessage(&app_copy, callbacks->callbackContext,
                                MI_WRITEMESSAGE_CHANNEL_WARNING, MI_T("session warning"));
    }
    if (callbacks != NULL && callbacks->writeError != NULL && has_option(destination, "error")) {
        th_instance err;
        error_init(&err, MI_RESULT_FAILED, MI_T("session error"));
        callbacks->writeError(&app_copy, callbacks->callbackContext, &err.mi);
    }
    return MI_RESULT_OK;
}

static MI_Result MI_CALL app_NewHostedProvider(MI_Application *application,
                                               const MI_Char *namespaceName,
                                               const MI_Char *providerName, MI_MainFunction mi_Main,
                                               MI_Instance **extendedError,
                                               MI_HostedProvider *provider)
{
    (void)application, (void)namespaceName, (void)providerName, (void)mi_Main, (void)provider;
    if (extendedError != NULL) *extendedError = NULL;
    return MI_RESULT_NOT_SUPPORTED;
}

static MI_Result MI_CALL app_NewInstance(MI_Application *application, const MI_Char *className,
                                         const MI_ClassDecl *classRTTI, MI_Instance **instance)
{
    (void)application, (void)className, (void)classRTTI;
    if (instance != NULL) *instance = NULL;
    return MI_RESULT_NOT_SUPPORTED;
}

static MI_Result MI_CALL app_NewDestinationOptions(MI_Application *application,
                                                   MI_DestinationOptions *options)
{
    (void)application, (void)options;
    return MI_RESULT_NOT_SUPPORTED;
}

static MI_Result MI_CALL app_NewOperationOptions(MI_Application *application,
                                                 MI_Boolean customOptionsMustUnderstand,
                                                 MI_OperationOptions *options)
{
    (void)application, (void)customOptionsMustUnderstand, (void)options;
    return MI_RESULT_NOT_SUPPORTED;
}

static MI_Result MI_CALL app_NewSubscriptionDeliveryOptions(
    MI_Application *application, MI_SubscriptionDeliveryType deliveryType,
    MI_SubscriptionDeliveryOptions *deliveryOptions)
{
    (void)application, (void)deliveryType, (void)deliveryOptions;
    return MI_RESULT_NOT_SUPPORTED;
}

static MI_Result MI_CALL app_NewSerializer(MI_Application *application, MI_Uint32 flags,
                                           MI_Char *format, MI_Serializer *serializer)
{
    (void)application, (void)flags, (void)format, (void)serializer;
    return MI_RESULT_NOT_SUPPORTED;
}

static MI_Result MI_CALL app_NewDeserializer(MI_Application *application, MI_Uint32 flags,
                                             MI_Char *format, MI_Deserializer *deserializer)
{
    (void)application, (void)flags, (void)format, (void)deserializer;
    return MI_RESULT_NOT_SUPPORTED;
}

static MI_Result MI_CALL app_NewInstanceFromClass(MI_Application *application,
                                                  const MI_Char *className,
                                                  const MI_Class *classObject,
                                                  MI_Instance **instance)
{
    (void)application, (void)className, (void)classObject;
    if (instance != NULL) *instance = NULL;
    return MI_RESULT_NOT_SUPPORTED;
}

static MI_Result MI_CALL app_NewClass(MI_Application *application, const MI_ClassDecl *classDecl,
                                      const MI_Char *namespaceName, const MI_Char *serverName,
                                      MI_Class **classObject)
{
    (void)application, (void)classDecl, (void)namespaceName, (void)serverName;
    if (classObject != NULL) *classObject = NULL;
    return MI_RESULT_NOT_SUPPORTED;
}

static const MI_ApplicationFT app_ft = {
    app_Close,
    app_NewSession,
    app_NewHostedProvider,
    app_NewInstance,
    app_NewDestinationOptions,
    app_NewOperationOptions,
    app_NewSubscriptionDeliveryOptions,
    app_NewSerializer,
    app_NewDeserializer,
    app_NewInstanceFromClass,
    app_NewClass,
};

/* ---- exported ---------------------------------------------------------------------------- */

static MI_Result entry_prelude(MI_Instance **extendedError, MI_Application *application)
{
    if (extendedError != NULL) *extendedError = NULL;
    if (application == NULL) return MI_RESULT_INVALID_PARAMETER;
    application->reserved1 = 0;
    application->reserved2 = 0;
    application->ft = &app_ft; /* closable: Close returns MI_RESULT_INVALID_PARAMETER */
    return MI_RESULT_OK;
}

MI_Result TestHandler_Main(MI_Uint32 flags, const MI_Char *applicationID,
                           MI_Instance **extendedError, MI_Application *application)
{
    (void)applicationID;
    MI_Result r = entry_prelude(extendedError, application);
    if (r != MI_RESULT_OK) return r;
    if (flags != 0) return MI_RESULT_INVALID_PARAMETER;
    th_app *a = calloc(1, sizeof *a);
    if (a == NULL) return MI_RESULT_SERVER_LIMITS_EXCEEDED;
    LOCK();
    obj_init(&a->h, K_APP);
    a->handle.reserved1 = a->h.r1;
    a->handle.reserved2 = (ptrdiff_t)(uintptr_t)a;
    a->handle.ft = &app_ft;
    *application = a->handle;
    UNLOCK();
    return MI_RESULT_OK;
}

MI_Result TestHandler_Fail(MI_Uint32 flags, const MI_Char *applicationID,
                           MI_Instance **extendedError, MI_Application *application)
{
    (void)flags, (void)applicationID;
    entry_prelude(extendedError, application);
    return MI_RESULT_FAILED;
}

static int read_counter(const int *counter)
{
    LOCK();
    int v = *counter;
    UNLOCK();
    return v;
}

int TestHandler_LiveObjects(void) { return read_counter(&g_live_objects); }
int TestHandler_Threads(void) { return read_counter(&g_nthreads); }
int TestHandler_Violations(void) { return read_counter(&g_violations); }
int TestHandler_LiveInstances(void) { return read_counter(&g_live_instances); }
