/*
 * null_out_sweep.c - every out-pointer of every slot of every function table the library
 * hands out (docs/ABI.md §3: MI_ApplicationFT, MI_SessionFT, MI_OperationFT,
 * MI_HostedProviderFT, MI_DestinationOptionsFT, MI_OperationOptionsFT,
 * MI_SubscriptionDeliveryOptionsFT, MI_SerializerFT, MI_DeserializerFT, MI_UtilitiesFT,
 * MI_InstanceFT, MI_ClassFT, MI_QualifierSetFT, MI_ParameterSetFT) and of every exported
 * wrapper in include/mi.h, passed as NULL one at a time.
 *
 * THE RULE (docs/SPEC.md §7.2; which pointers are required comes from the MI API itself):
 *
 *   An out-pointer is REQUIRED when the MI API gives it no "optional" mark: the SAL
 *   annotations of OMI's MI.h (`_Out_`, `_Outptr_`, `_Outptr_result_maybenull_`,
 *   `_Outptr_result_z_`, `_Inout_` on an in/out length: required; `_Out_opt_`,
 *   `_Outptr_opt_...`, `_Out_writes_..._opt_`: optional) and the "[out, optional]" marks of
 *   Windows' mi.h documentation. A NULL required out-pointer is MI_RESULT_INVALID_PARAMETER
 *   and changes nothing: the object keeps working, and an operation's next result is not
 *   consumed (the next pull with valid pointers still gets it). A NULL optional out-pointer
 *   is simply not written: the call succeeds (or fails for its own reason, written in the
 *   table as `=CODE`) and never crashes.
 *
 * The table below has one entry per slot or exported function; its `outs` field lists
 * every out-parameter in the function's order with R (required) or O (optional), which
 * makes one row per (function, out-parameter). For each row the program builds a valid
 * object, calls the function with that one pointer NULL and every other argument valid,
 * checks the result, then calls it again with every pointer valid and checks that it
 * succeeds with the right answer (the object still works; for a synchronous operation:
 * the result the first call did not consume is delivered now).
 *
 * Decisions where the sources disagree or are silent (also in docs/STATUS.md):
 *   * MI_InstanceFT.GetElementAt `name`: OMI's SAL says required, Windows leaves it
 *     unmarked; the project documents every instance getter out-pointer as optional (a
 *     client may read a value by index without its name), so the row is O.
 *   * MI_SubscriptionDeliveryOptionsFT.GetOptionCount `count`: OMI's SAL says `_Out_opt_`
 *     (the two other options families say `_Out_`); a count getter with nowhere to write
 *     the count is an error in this library: R.
 *   * Buffers with a length (`password`, `channels`, serializer `clientBuffer`) are
 *     optional only as a size query: NULL with length 0 is O (it answers the needed size),
 *     NULL with a non-zero length is R (the length promises a buffer).
 *   * Rows of slots that answer MI_RESULT_NOT_SUPPORTED today are flagged NS: a NULL
 *     required pointer should be INVALID_PARAMETER once the argument check comes first;
 *     until then NOT_SUPPORTED is reported as "not supported yet", separately, and is not a
 *     failure (MI_SWEEP_STRICT=1 makes it one). Rows whose object cannot exist yet
 *     (serializers, deserializers, hosted providers) are flagged NOOBJ: the call is made
 *     on the handle the failed constructor left and must be refused without a crash; they
 *     prove nothing about the argument check and are listed as untestable.
 *
 * Operations run on the built-in handler (protocol NULL, destination NULL; the runner's
 * configuration file names no default local handler) and on the test protocol handler
 * (tests/c/handler, protocol "TEST", behaviours Inline:N and Thread:N:MS), so that there
 * are real results to lose. MI_TEST_HANDLER names the handler file (its counters are
 * checked at the end); without it the TEST rows are skipped with a message.
 *
 * Output: one line per failing row ("FAIL table.slot(arg=NULL) [context]: why"), one per
 * flagged row ("NSY ...", "NOOBJ ..."), a per-table summary, and `N passed, M failed`.
 */
#include "sweep_ops.h"

#include <stddef.h>

/* The built-in handler (the provider host, no provider registered: tests/c_programs.rs) ends
   every operation with INVALID_NAMESPACE, TestConnection with OK. */
#define BUILTIN_CODE MI_RESULT_INVALID_NAMESPACE
#define TC_CODE(c) ((c) == BUILTIN_CODE ? MI_RESULT_OK : (c))

#ifndef MI_CONST
#define MI_CONST const
#endif
#include <stdint.h>

/* ---- the schema of the fixture's instance: a key, a property, a method with a parameter ---- */

typedef struct _Sweep_Thing {
    MI_Instance __instance;
    MI_ConstStringField Name;
    MI_ConstUint32Field Size;
} Sweep_Thing;

typedef struct _Sweep_Thing_Frob {
    MI_Instance __instance;
    MI_ConstUint32Field MIReturn;
    MI_ConstStringField In1;
} Sweep_Thing_Frob;

#define SWEEP_CODE(first, last, len) ((MI_Uint32)(first) << 16 | (MI_Uint32)(last) << 8 | (len))

extern MI_SchemaDecl sweep_schema;
static MI_CONST MI_Boolean sweep_true = 1;
static MI_Qualifier MI_CONST sweep_q_key = {MI_T("Key"), MI_BOOLEAN, MI_FLAG_DISABLEOVERRIDE | MI_FLAG_TOSUBCLASS,
                                            &sweep_true};
static MI_Qualifier MI_CONST sweep_q_in = {MI_T("In"), MI_BOOLEAN, MI_FLAG_DISABLEOVERRIDE, &sweep_true};
static MI_Qualifier MI_CONST *MI_CONST sweep_name_quals[] = {&sweep_q_key};
static MI_Qualifier MI_CONST *MI_CONST sweep_in1_quals[] = {&sweep_q_in};
static MI_CONST MI_PropertyDecl sweep_name_prop = {
    MI_FLAG_PROPERTY | MI_FLAG_KEY, SWEEP_CODE('n', 'e', 4), MI_T("Name"), sweep_name_quals, 1, MI_STRING, NULL, 0,
    offsetof(Sweep_Thing, Name), MI_T("Sweep_Thing"), MI_T("Sweep_Thing"), NULL};
static MI_CONST MI_PropertyDecl sweep_size_prop = {
    MI_FLAG_PROPERTY, SWEEP_CODE('s', 'e', 4), MI_T("Size"), NULL, 0, MI_UINT32, NULL, 0,
    offsetof(Sweep_Thing, Size), MI_T("Sweep_Thing"), MI_T("Sweep_Thing"), NULL};
static MI_PropertyDecl MI_CONST *MI_CONST sweep_props[] = {&sweep_name_prop, &sweep_size_prop};
static MI_CONST MI_ParameterDecl sweep_frob_return = {
    MI_FLAG_PARAMETER | MI_FLAG_OUT, SWEEP_CODE('m', 'n', 8), MI_T("MIReturn"), NULL, 0, MI_UINT32, NULL, 0,
    offsetof(Sweep_Thing_Frob, MIReturn)};
static MI_CONST MI_ParameterDecl sweep_frob_in1 = {
    MI_FLAG_PARAMETER | MI_FLAG_IN, SWEEP_CODE('i', '1', 3), MI_T("In1"), sweep_in1_quals, 1, MI_STRING, NULL, 0,
    offsetof(Sweep_Thing_Frob, In1)};
static MI_ParameterDecl MI_CONST *MI_CONST sweep_frob_params[] = {&sweep_frob_return, &sweep_frob_in1};
static MI_CONST MI_MethodDecl sweep_frob = {
    MI_FLAG_METHOD, SWEEP_CODE('f', 'b', 4), MI_T("Frob"), NULL, 0, sweep_frob_params, 2, sizeof(Sweep_Thing_Frob),
    MI_UINT32, MI_T("Sweep_Thing"), MI_T("Sweep_Thing"), &sweep_schema, NULL};
static MI_MethodDecl MI_CONST *MI_CONST sweep_meths[] = {&sweep_frob};
static MI_CONST MI_ClassDecl sweep_thing_rtti = {
    MI_FLAG_CLASS, SWEEP_CODE('s', 'g', 11), MI_T("Sweep_Thing"), NULL, 0, sweep_props, 2, sizeof(Sweep_Thing), NULL,
    NULL, sweep_meths, 1, &sweep_schema, NULL, NULL};
static MI_ClassDecl MI_CONST *MI_CONST sweep_classes[] = {&sweep_thing_rtti};
MI_SchemaDecl sweep_schema = {NULL, 0, sweep_classes, 1};

/* ---- the fixture -------------------------------------------------------------------------- */

static MI_Application g_app = MI_APPLICATION_NULL;
static MI_Session g_sess_emb = MI_SESSION_NULL;  /* built-in handler */
static MI_Session g_sess_test = MI_SESSION_NULL; /* the test handler */
static int g_have_handler;
static MI_DestinationOptions g_dopt = MI_DESTINATIONOPTIONS_NULL;
static MI_OperationOptions g_oopt = MI_OPERATIONOPTIONS_NULL;
static MI_SubscriptionDeliveryOptions g_sopt = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
static MI_Uint32 g_dcount, g_ocount, g_scount; /* options set on each */
static MI_Instance *g_inst;                     /* Sweep_Thing: Name (key, "alpha"), Size (7) */
static MI_Class *g_cls;                         /* its class */
static MI_QualifierSet g_qs;                    /* from the class's GetElement */
static MI_ParameterSet g_ps;                    /* from the class's GetMethod */
static MI_Serializer g_ser;                     /* an MI_XML serializer */
static MI_Deserializer g_deser;
static MI_HostedProvider g_hp; /* what a failed NewHostedProvider left */

/* what the current row works on */
static MI_Session *g_cur_sess;
static int g_cur_test; /* g_cur_sess is the test handler's */
static enum so_op g_cur_op;
static MI_Operation g_op = MI_OPERATION_NULL;
static int g_next; /* index of the next result of g_op */

static char g_sentinel_obj;
#define SENT ((void *)&g_sentinel_obj) /* "not written" marker for out-pointers */

static const MI_ClassDecl g_decl = {MI_FLAG_CLASS, 0, MI_T("Sweep_Decl"), NULL, 0, NULL, 0,
                                    sizeof(MI_Instance), NULL, NULL, NULL, 0, NULL, NULL, NULL};

/* ---- answers ------------------------------------------------------------------------------ */

/* A caller whose valid call returned a wrong answer returns WRONG (no MI_Result has it). */
#define WRONG ((MI_Result)0x7fff0001)
static const char *g_wrong;
static int g_wrong_line;
#define EXPECT(c) ((c) ? 1 : (g_wrong ? 0 : (g_wrong = #c, g_wrong_line = __LINE__, 0)))
static MI_Result settle(MI_Result r)
{
    return g_wrong ? WRONG : r;
}

/* W(i, p): argument i, NULL in the row that tests it. */
#define W(i, p) (w == (i) ? NULL : (p))
/* VIA(slot, export): the slot through the object's table (a client of the reference
   header) or the exported function (a client of our header, or FFI). */
#define VIA(slot, exp) (via ? (exp) : (slot))

static int str_is(const MI_Char *got, const char *want)
{
    return got != NULL && got != SENT && strcmp(got, want) == 0;
}

static int index_of(const MI_Instance *inst)
{
    MI_Value v;
    MI_Type t;
    if (inst == NULL || inst == SENT || inst->ft == NULL)
        return -1;
    if (inst->ft->GetElement(inst, MI_T("Index"), &v, &t, NULL, NULL) != MI_RESULT_OK || t != MI_UINT32)
        return -1;
    return (int)v.uint32;
}

static int class_name_is(const MI_Class *c, const char *want)
{
    const MI_Char *n = NULL;
    return c != NULL && c != SENT && c->ft != NULL && c->ft->GetClassName(c, &n) == MI_RESULT_OK &&
           str_is(n, want);
}

static int instance_class_is(const MI_Instance *i, const char *want)
{
    const MI_Char *n = NULL;
    return i != NULL && i != SENT && i->ft != NULL && i->ft->GetClassName(i, &n) == MI_RESULT_OK &&
           str_is(n, want);
}

static int same_handle(MI_Uint64 r1, ptrdiff_t r2, const void *ft, MI_Uint64 s1, ptrdiff_t s2,
                       const void *sft)
{
    return r1 == s1 && r2 == s2 && ft == sft;
}
#define SAME(a, b) same_handle((a).reserved1, (a).reserved2, (a).ft, (b).reserved1, (b).reserved2, (b).ft)

static int interval_is(const MI_Interval *i, MI_Uint32 d, MI_Uint32 h, MI_Uint32 m, MI_Uint32 s)
{
    return i->days == d && i->hours == h && i->minutes == m && i->seconds == s && i->microseconds == 0;
}

/* ---- MI_ApplicationFT and MI_Application_* ------------------------------------------------ */

static MI_Module *MI_MAIN_CALL sweep_main(MI_Server *server)
{
    (void)server;
    return NULL;
}

static MI_Result c_app_NewSession(int via, int w)
{
    MI_Instance *err = SENT;
    MI_Session s = MI_SESSION_NULL;
    MI_Result r = VIA(g_app.ft->NewSession, MI_Application_NewSession)(&g_app, NULL, NULL, NULL, NULL,
                                                                        W(0, &err), W(1, &s));
    if (r == MI_RESULT_OK && w != 1) {
        MI_Application a = MI_APPLICATION_NULL;
        EXPECT(w == 0 || err == NULL);
        EXPECT(MI_Session_GetApplication(&s, &a) == MI_RESULT_OK && SAME(a, g_app));
        EXPECT(MI_Session_Close(&s, NULL, NULL) == MI_RESULT_OK);
    }
    return settle(r);
}

static MI_Result c_app_NewHostedProvider(int via, int w)
{
    MI_Instance *err = SENT;
    MI_HostedProvider p = MI_HOSTEDPROVIDER_NULL;
    MI_Result r = VIA(g_app.ft->NewHostedProvider, MI_Application_NewHostedProvider)(
        &g_app, MI_T("root/sweep"), MI_T("SweepProvider"), sweep_main, W(0, &err), W(1, &p));
    if (r == MI_RESULT_OK && w != 1)
        EXPECT(MI_HostedProvider_Close(&p) == MI_RESULT_OK);
    return settle(r);
}

static MI_Result c_app_NewInstance(int via, int w)
{
    MI_Instance *i = SENT;
    MI_Result r = VIA(g_app.ft->NewInstance, MI_Application_NewInstance)(&g_app, MI_T("Sweep_New"), NULL,
                                                                          W(0, &i));
    if (r == MI_RESULT_OK && w != 0) {
        EXPECT(instance_class_is(i, "Sweep_New"));
        if (i != NULL && i != SENT)
            MI_Instance_Delete(i);
    }
    return settle(r);
}

static MI_Result c_app_NewInstanceFromClass(int via, int w)
{
    MI_Instance *i = SENT;
    MI_Result r = VIA(g_app.ft->NewInstanceFromClass, MI_Application_NewInstanceFromClass)(
        &g_app, MI_T("Sweep_Thing"), g_cls, W(0, &i));
    if (r == MI_RESULT_OK && w != 0) {
        EXPECT(instance_class_is(i, "Sweep_Thing"));
        if (i != NULL && i != SENT)
            MI_Instance_Delete(i);
    }
    return settle(r);
}

static MI_Result c_app_NewParameterSet(int via, int w)
{
    MI_Instance *i = SENT;
    MI_Result r;
    (void)via;
    r = MI_Application_NewParameterSet(&g_app, NULL, W(0, &i));
    if (r == MI_RESULT_OK && w != 0) {
        EXPECT(instance_class_is(i, "Parameters"));
        if (i != NULL && i != SENT)
            MI_Instance_Delete(i);
    }
    return settle(r);
}

static MI_Result c_app_NewDestinationOptions(int via, int w)
{
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    MI_Result r = VIA(g_app.ft->NewDestinationOptions, MI_Application_NewDestinationOptions)(&g_app, W(0, &d));
    if (r == MI_RESULT_OK && w != 0) {
        MI_Uint32 n = 99;
        EXPECT(MI_DestinationOptions_GetOptionCount(&d, &n) == MI_RESULT_OK && n == 0);
        MI_DestinationOptions_Delete(&d);
    }
    return settle(r);
}

static MI_Result c_app_NewOperationOptions(int via, int w)
{
    MI_OperationOptions o = MI_OPERATIONOPTIONS_NULL;
    MI_Result r = VIA(g_app.ft->NewOperationOptions, MI_Application_NewOperationOptions)(&g_app, MI_FALSE,
                                                                                          W(0, &o));
    if (r == MI_RESULT_OK && w != 0) {
        MI_Uint32 n = 99;
        EXPECT(MI_OperationOptions_GetOptionCount(&o, &n) == MI_RESULT_OK && n == 0);
        MI_OperationOptions_Delete(&o);
    }
    return settle(r);
}

static MI_Result c_app_NewSubscriptionDeliveryOptions(int via, int w)
{
    MI_SubscriptionDeliveryOptions s = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
    MI_Result r = VIA(g_app.ft->NewSubscriptionDeliveryOptions, MI_Application_NewSubscriptionDeliveryOptions)(
        &g_app, MI_SubscriptionDeliveryType_Push, W(0, &s));
    if (r == MI_RESULT_OK && w != 0) {
        MI_Uint32 n = 99;
        EXPECT(MI_SubscriptionDeliveryOptions_GetOptionCount(&s, &n) == MI_RESULT_OK);
        EXPECT(MI_SubscriptionDeliveryOptions_Delete(&s) == MI_RESULT_OK);
    }
    return settle(r);
}

static MI_Result c_app_NewSerializer(int via, int w)
{
    MI_Char format[] = MI_T("MI_XML");
    MI_Serializer s;
    MI_Result r;
    (void)via;
    memset(&s, 0, sizeof s);
    r = g_app.ft->NewSerializer(&g_app, 0, format, W(0, &s));
    if (r == MI_RESULT_OK && w != 0)
        EXPECT(mi_clientFT_V1->serializerFT->Close(&s) == MI_RESULT_OK);
    return settle(r);
}

static MI_Result c_app_NewDeserializer(int via, int w)
{
    MI_Char format[] = MI_T("MI_XML");
    MI_Deserializer s;
    MI_Result r;
    (void)via;
    memset(&s, 0, sizeof s);
    r = g_app.ft->NewDeserializer(&g_app, 0, format, W(0, &s));
    if (r == MI_RESULT_OK && w != 0)
        EXPECT(mi_clientFT_V1->deserializerFT->Close(&s) == MI_RESULT_OK);
    return settle(r);
}

static MI_Result c_app_NewClass(int via, int w)
{
    MI_Class *c = SENT;
    MI_Result r;
    (void)via;
    r = g_app.ft->NewClass(&g_app, &g_decl, MI_T("root/sweep"), MI_T("sweep-host"), W(0, &c));
    if (r == MI_RESULT_OK && w != 0) {
        EXPECT(class_name_is(c, "Sweep_Decl"));
        if (c != NULL && c != SENT)
            c->ft->Delete(c);
    }
    return settle(r);
}

/* via 0: MI_Application_InitializeV1, via 1: MI_Application_Initialize (both exported). */
static MI_Result c_app_Initialize(int via, int w)
{
    MI_Instance *err = SENT;
    MI_Application a = MI_APPLICATION_NULL;
    MI_Result r = VIA(MI_Application_InitializeV1, MI_Application_Initialize)(0, MI_T("sweep-init"), W(0, &err),
                                                                              W(1, &a));
    if (r == MI_RESULT_OK && w != 1) {
        EXPECT(w == 0 || err == NULL);
        EXPECT(MI_Application_Close(&a) == MI_RESULT_OK);
    }
    return settle(r);
}

/* ---- MI_SessionFT and MI_Session_* -------------------------------------------------------- */

static MI_Result c_sess_GetApplication(int via, int w)
{
    MI_Application a = MI_APPLICATION_NULL;
    MI_Result r = VIA(g_cur_sess->ft->GetApplication, MI_Session_GetApplication)(g_cur_sess, W(0, &a));
    if (r == MI_RESULT_OK && w != 0)
        EXPECT(SAME(a, g_app));
    return settle(r);
}

/* An asynchronous operation: its final code (or WRONG). With `operation` NULL: exactly one
   final, no other result, and the handler never saw the operation. */
static MI_Result c_sess_start(int via, int w)
{
    struct so_rec rec;
    MI_OperationCallbacks cb = so_callbacks(&rec, g_cur_op);
    struct so_args a = so_default_args(MI_T("Inline:2"));
    MI_Operation o = MI_OPERATION_NULL;
    int live0 = so_live();
    so_start(g_cur_op, via, g_cur_sess, 0, &a, g_inst, &cb, W(0, &o));
    if (!so_wait_final(&rec, 10000, 20)) {
        EXPECT(!"a final result within 10 s");
        if (w != 0)
            MI_Operation_Close(&o);
        return settle(WRONG);
    }
    EXPECT(atomic_load(&rec.finals) == 1);
    EXPECT(atomic_load(&rec.wrong_kind) == 0);
    if (w == 0) {
        EXPECT(atomic_load(&rec.results) == 0);
        EXPECT(live0 < 0 || rec.live_in_final == live0); /* the handler never saw it */
    } else {
        EXPECT(atomic_load(&rec.results) == (g_cur_test ? so_handler_results(g_cur_op, 2) : 0));
        EXPECT(MI_Operation_Close(&o) == MI_RESULT_OK);
    }
    return settle(rec.code);
}

/* ---- MI_OperationFT and MI_Operation_* (synchronous operations) --------------------------- */

/* The operation fixtures the getter rows run on. */
struct opfx {
    const char *label;
    int test;              /* on the test handler's session (else the built-in's) */
    const char *behaviour; /* the test handler's behaviour */
    int n;                 /* results before the final */
    MI_Result final;       /* the final's code */
    int prepull;           /* results pulled before the row's call */
};
static const struct opfx g_opfx[] = {
    {"built-in handler", 0, "Inline:2", 0, BUILTIN_CODE, 0},
    {"TEST Inline:2, first result", 1, "Inline:2", 2, MI_RESULT_OK, 0},
    {"TEST Inline:2, at the final", 1, "Inline:2", 2, MI_RESULT_OK, 2},
    {"TEST Thread:2:30, before the first result arrives", 1, "Thread:2:30", 2, MI_RESULT_OK, 0},
};
#define N_OPFX ((int)(sizeof g_opfx / sizeof g_opfx[0]))
static const struct opfx *g_fx;
static enum so_kind g_fx_kind;

/* Checks a pulled result (the outputs the call was given) against the next expected one. */
static void check_pulled(const void *obj, const MI_Boolean *more, const MI_Result *res,
                         const MI_Char *const *bookmark, const MI_Char *const *machine)
{
    int idx = g_next++;
    if (idx < g_fx->n) {
        EXPECT(more == NULL || *more == MI_TRUE);
        EXPECT(res == NULL || *res == MI_RESULT_OK);
        if (obj != SENT) {
            if (g_fx_kind == K_CLASS)
                EXPECT(class_name_is(obj, TESTHANDLER_CLASS_CLASS));
            else
                EXPECT(index_of(obj) == idx);
        }
        if (bookmark != NULL) {
            char want[16];
            snprintf(want, sizeof want, "bm-%d", idx);
            EXPECT(str_is(*bookmark, want));
        }
        if (machine != NULL)
            EXPECT(str_is(*machine, TESTHANDLER_MACHINE_ID));
    } else if (idx == g_fx->n) {
        EXPECT(more == NULL || *more == MI_FALSE);
        EXPECT(res == NULL || *res == g_fx->final);
        EXPECT(obj == SENT || obj == NULL);
    } else {
        EXPECT(!"no result after the final");
    }
}

/* A pull after the final was taken: refused, with moreResults MI_FALSE. That is the right
   answer of a follow-up call whose row's call took the final (an optional pointer was NULL),
   so it counts as the expected MI_RESULT_OK. */
static MI_Result after_final(MI_Result r, const MI_Boolean *more)
{
    EXPECT(r == MI_RESULT_INVALID_PARAMETER);
    EXPECT(more == NULL || *more == MI_FALSE);
    return settle(MI_RESULT_OK);
}

static MI_Result c_op_GetInstance(int via, int w)
{
    const MI_Instance *inst = SENT, *det = SENT;
    MI_Boolean more = 0x55;
    MI_Result res = (MI_Result)0x5555;
    const MI_Char *msg = SENT;
    int done = g_next > g_fx->n;
    MI_Result r = VIA(g_op.ft->GetInstance, MI_Operation_GetInstance)(&g_op, W(0, &inst), W(1, &more),
                                                                      W(2, &res), W(3, &msg), W(4, &det));
    if (done)
        return after_final(r, w == 1 ? NULL : &more);
    if (r == MI_RESULT_OK) /* a result was taken */
        check_pulled(w == 0 ? SENT : inst, w == 1 ? NULL : &more, w == 2 ? NULL : &res, NULL, NULL);
    return settle(r);
}

static MI_Result c_op_GetIndication(int via, int w)
{
    const MI_Instance *inst = SENT, *det = SENT;
    const MI_Char *bm = SENT, *machine = SENT, *msg = SENT;
    MI_Boolean more = 0x55;
    MI_Result res = (MI_Result)0x5555;
    int done = g_next > g_fx->n;
    MI_Result r = VIA(g_op.ft->GetIndication, MI_Operation_GetIndication)(
        &g_op, W(0, &inst), W(1, &bm), W(2, &machine), W(3, &more), W(4, &res), W(5, &msg), W(6, &det));
    if (done)
        return after_final(r, w == 3 ? NULL : &more);
    if (r == MI_RESULT_OK) {
        int has_more = w == 3 || more; /* bookmark and machine ID only on real indications */
        int real = g_fx->test && has_more && g_next < g_fx->n;
        check_pulled(w == 0 ? SENT : inst, w == 3 ? NULL : &more, w == 4 ? NULL : &res,
                     real && w != 1 ? &bm : NULL, real && w != 2 ? &machine : NULL);
    }
    return settle(r);
}

static MI_Result c_op_GetClass(int via, int w)
{
    const MI_Class *cls = SENT;
    const MI_Instance *det = SENT;
    MI_Boolean more = 0x55;
    MI_Result res = (MI_Result)0x5555;
    const MI_Char *msg = SENT;
    int done = g_next > g_fx->n;
    MI_Result r = VIA(g_op.ft->GetClass, MI_Operation_GetClass)(&g_op, W(0, &cls), W(1, &more), W(2, &res),
                                                                W(3, &msg), W(4, &det));
    if (done)
        return after_final(r, w == 1 ? NULL : &more);
    if (r == MI_RESULT_OK)
        check_pulled(w == 0 ? SENT : cls, w == 1 ? NULL : &more, w == 2 ? NULL : &res, NULL, NULL);
    return settle(r);
}

static MI_Result c_op_GetSession(int via, int w)
{
    MI_Session s = MI_SESSION_NULL;
    MI_Result r = VIA(g_op.ft->GetSession, MI_Operation_GetSession)(&g_op, W(0, &s));
    if (r == MI_RESULT_OK && w != 0)
        EXPECT(SAME(s, *g_cur_sess));
    return settle(r);
}

/* ---- MI_HostedProviderFT and MI_HostedProvider_* ------------------------------------------ */

static MI_Result c_hp_GetApplication(int via, int w)
{
    MI_Application a = MI_APPLICATION_NULL;
    const MI_HostedProviderFT *ft = g_hp.ft ? g_hp.ft : mi_clientFT_V1->hostedProviderFT;
    MI_Result r = VIA(ft->GetApplication, MI_HostedProvider_GetApplication)(&g_hp, W(0, &a));
    if (r == MI_RESULT_OK && w != 0)
        EXPECT(SAME(a, g_app));
    return settle(r);
}

/* ---- options: the slots of the three families --------------------------------------------- */

#define D_LOCALE MI_T("__MI_DESTINATIONOPTIONS_DATA_LOCALE")
#define D_PORT MI_T("__MI_DESTINATIONOPTIONS_DESTINATION_PORT")
#define D_TIMEOUT MI_T("__MI_DESTINATIONOPTIONS_TIMEOUT")
#define D_CREDS "__MI_DESTINATIONOPTIONS_DESTINATION_CREDENTIALS"
#define O_URI MI_T("__MI_OPERATIONOPTIONS_RESOURCE_URI")
#define O_WEM MI_T("__MI_OPERATIONOPTIONS_WRITEERRORMODE")
#define O_TIMEOUT MI_T("__MI_OPERATIONOPTIONS_TIMEOUT")
#define O_CHANNEL MI_T("__MI_OPERATIONOPTIONS_CHANNEL")
#define S_BOOKMARK MI_T("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_BOOKMARK")
#define S_PORT MI_T("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_PORT_NUMBER")
#define S_EXPIRES MI_T("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_EXPIRATION_TIME")
#define S_LATENCY MI_T("__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_MAXIMUM_LATENCY")
#define S_CREDS "__MI_SUBSCRIPTIONDELIVERYOPTIONS_ADD_DELIVERY_CREDENTIALS"

/* Generic slot callers, instantiated per family: P is the handle, X the exported prefix,
   GSX/GNX/GIX the exported GetString/GetNumber/GetInterval when their signature is the
   slot's (else the slot again: those exports have their own callers or do not exist). The string/number/interval option each family checks, and the first
   option (index 0, a string), are the fixture's (see build_fixture). */
#define OPTION_SLOT_CALLERS(pfx, P, X, GSX, GNX, GIX, STRNAME, STRVAL, NUMNAME, NUMVAL, IVNAME, IV_D, IV_H, \
                            IV_M, IV_S, COUNT)                                                                \
    static MI_Result c_##pfx##_GetString(int via, int w)                                                     \
    {                                                                                                         \
        const MI_Char *v = SENT;                                                                              \
        MI_Uint32 i = 99, f = 99;                                                                             \
        MI_Result r = VIA((P).ft->GetString, GSX)(&(P), STRNAME, W(0, &v), W(1, &i), W(2, &f));    \
        if (r == MI_RESULT_OK) {                                                                              \
            EXPECT(w == 0 || str_is(v, STRVAL));                                                              \
            EXPECT(w == 1 || i == 0);                                                                         \
            EXPECT(w == 2 || f == 0);                                                                         \
        }                                                                                                     \
        return settle(r);                                                                                     \
    }                                                                                                         \
    static MI_Result c_##pfx##_GetNumber(int via, int w)                                                     \
    {                                                                                                         \
        MI_Uint32 v = 99, i = 99, f = 99;                                                                     \
        MI_Result r = VIA((P).ft->GetNumber, GNX)(&(P), NUMNAME, W(0, &v), W(1, &i), W(2, &f));    \
        if (r == MI_RESULT_OK) {                                                                              \
            EXPECT(w == 0 || v == (NUMVAL));                                                                  \
            EXPECT(w == 1 || i < (COUNT));                                                                    \
            EXPECT(w == 2 || f == 0);                                                                         \
        }                                                                                                     \
        return settle(r);                                                                                     \
    }                                                                                                         \
    static MI_Result c_##pfx##_GetInterval(int via, int w)                                                   \
    {                                                                                                         \
        MI_Interval v;                                                                                        \
        MI_Uint32 i = 99, f = 99;                                                                             \
        MI_Result r;                                                                                          \
        memset(&v, 0xEE, sizeof v);                                                                           \
        r = VIA((P).ft->GetInterval, GIX)(&(P), IVNAME, W(0, &v), W(1, &i), W(2, &f));           \
        if (r == MI_RESULT_OK) {                                                                              \
            EXPECT(w == 0 || interval_is(&v, IV_D, IV_H, IV_M, IV_S));                                        \
            EXPECT(w == 1 || i < (COUNT));                                                                    \
            EXPECT(w == 2 || f == 0);                                                                         \
        }                                                                                                     \
        return settle(r);                                                                                     \
    }                                                                                                         \
    static MI_Result c_##pfx##_GetOptionCount(int via, int w)                                                \
    {                                                                                                         \
        MI_Uint32 n = 99;                                                                                     \
        MI_Result r = VIA((P).ft->GetOptionCount, X##_GetOptionCount)(&(P), W(0, &n));                       \
        if (r == MI_RESULT_OK && w != 0)                                                                      \
            EXPECT(n == (COUNT));                                                                             \
        return settle(r);                                                                                     \
    }                                                                                                         \
    static MI_Result c_##pfx##_GetOptionAt(int via, int w)                                                   \
    {                                                                                                         \
        const MI_Char *name = SENT;                                                                           \
        MI_Value v;                                                                                           \
        MI_Type t = 99;                                                                                       \
        MI_Uint32 f = 99;                                                                                     \
        MI_Result r;                                                                                          \
        memset(&v, 0, sizeof v);                                                                              \
        r = VIA((P).ft->GetOptionAt, X##_GetOptionAt)(&(P), 0, W(0, &name), W(1, &v), W(2, &t), W(3, &f));   \
        if (r == MI_RESULT_OK) {                                                                              \
            EXPECT(w == 0 || str_is(name, STRNAME));                                                          \
            EXPECT(w == 1 || str_is(v.string, STRVAL));                                                       \
            EXPECT(w == 2 || t == MI_STRING);                                                                 \
            EXPECT(w == 3 || f == 0);                                                                         \
        }                                                                                                     \
        return settle(r);                                                                                     \
    }                                                                                                         \
    static MI_Result c_##pfx##_GetOption(int via, int w)                                                     \
    {                                                                                                         \
        MI_Value v;                                                                                           \
        MI_Type t = 99;                                                                                       \
        MI_Uint32 i = 99, f = 99;                                                                             \
        MI_Result r;                                                                                          \
        memset(&v, 0, sizeof v);                                                                              \
        r = VIA((P).ft->GetOption, X##_GetOption)(&(P), STRNAME, W(0, &v), W(1, &t), W(2, &i), W(3, &f));    \
        if (r == MI_RESULT_OK) {                                                                              \
            EXPECT(w == 0 || str_is(v.string, STRVAL));                                                       \
            EXPECT(w == 1 || t == MI_STRING);                                                                 \
            EXPECT(w == 2 || i == 0);                                                                         \
            EXPECT(w == 3 || f == 0);                                                                         \
        }                                                                                                     \
        return settle(r);                                                                                     \
    }                                                                                                         \
    static MI_Result c_##pfx##_Clone(int via, int w)                                                         \
    {                                                                                                         \
        __typeof__(P) c;                                                                                      \
        MI_Result r;                                                                                          \
        memset(&c, 0, sizeof c);                                                                              \
        r = VIA((P).ft->Clone, X##_Clone)(&(P), W(0, &c));                                                   \
        if (r == MI_RESULT_OK && w != 0) {                                                                    \
            MI_Uint32 n = 99;                                                                                 \
            EXPECT(X##_GetOptionCount(&c, &n) == MI_RESULT_OK && n == (COUNT));                              \
            X##_Delete(&c);                                                                                   \
        }                                                                                                     \
        return settle(r);                                                                                     \
    }

/* Credentials slots (destination and subscription delivery options). */
#define CREDENTIAL_SLOT_CALLERS(pfx, P, X, CREDNAME)                                                          \
    static MI_Result c_##pfx##_GetCredentialsCount(int via, int w)                                           \
    {                                                                                                         \
        MI_Uint32 n = 99;                                                                                     \
        MI_Result r = VIA((P).ft->GetCredentialsCount, X##_GetCredentialsCount)(&(P), W(0, &n));             \
        if (r == MI_RESULT_OK && w != 0)                                                                      \
            EXPECT(n == 1);                                                                                   \
        return settle(r);                                                                                     \
    }                                                                                                         \
    static MI_Result c_##pfx##_GetCredentialsAt(int via, int w)                                              \
    {                                                                                                         \
        const MI_Char *name = SENT;                                                                           \
        MI_UserCredentials c;                                                                                 \
        MI_Uint32 f = 99;                                                                                     \
        MI_Result r;                                                                                          \
        memset(&c, 0, sizeof c);                                                                              \
        r = VIA((P).ft->GetCredentialsAt, X##_GetCredentialsAt)(&(P), 0, W(0, &name), W(1, &c), W(2, &f));   \
        if (r == MI_RESULT_OK) {                                                                              \
            EXPECT(w == 0 || str_is(name, CREDNAME));                                                         \
            EXPECT(w == 1 || (str_is(c.authenticationType, "Basic") &&                                       \
                              str_is(c.credentials.usernamePassword.username, "sweepuser")));                 \
            EXPECT(w == 2 || f == 0);                                                                         \
        }                                                                                                     \
        return settle(r);                                                                                     \
    }                                                                                                         \
    /* outs: optionName, password with bufferLength 0 (size query), password with bufferLength \
       64, passwordLength, flags */                                                                           \
    static MI_Result c_##pfx##_GetCredentialsPasswordAt(int via, int w)                                      \
    {                                                                                                         \
        const MI_Char *name = SENT;                                                                           \
        MI_Char buf[64];                                                                                      \
        MI_Uint32 len = 99, f = 99;                                                                           \
        MI_Result r;                                                                                          \
        memset(buf, 'x', sizeof buf);                                                                         \
        r = VIA((P).ft->GetCredentialsPasswordAt, X##_GetCredentialsPasswordAt)(                             \
            &(P), 0, W(0, &name), (w == 1 || w == 2) ? NULL : buf, w == 1 ? 0 : 64, W(3, &len), W(4, &f));    \
        if (r == MI_RESULT_OK) {                                                                              \
            EXPECT(w == 0 || str_is(name, CREDNAME));                                                         \
            EXPECT(w == 1 || w == 2 || str_is(buf, "sweeppw"));                                               \
            EXPECT(w == 3 || len == 8);                                                                       \
            EXPECT(w == 4 || f == 0);                                                                         \
        }                                                                                                     \
        return settle(r);                                                                                     \
    }

OPTION_SLOT_CALLERS(d, g_dopt, MI_DestinationOptions, g_dopt.ft->GetString, g_dopt.ft->GetNumber,
                    g_dopt.ft->GetInterval, D_LOCALE, "en-US", D_PORT, 5985, D_TIMEOUT, 0, 0, 1,
                    30, g_dcount)
CREDENTIAL_SLOT_CALLERS(d, g_dopt, MI_DestinationOptions, D_CREDS)
OPTION_SLOT_CALLERS(o, g_oopt, MI_OperationOptions, MI_OperationOptions_GetString, MI_OperationOptions_GetNumber,
                    g_oopt.ft->GetInterval, O_URI, "http://sweep/uri", O_WEM,
                    MI_CALLBACKMODE_INQUIRE, O_TIMEOUT, 0, 0, 2, 0, g_ocount)
OPTION_SLOT_CALLERS(s, g_sopt, MI_SubscriptionDeliveryOptions, MI_SubscriptionDeliveryOptions_GetString,
                    MI_SubscriptionDeliveryOptions_GetNumber, MI_SubscriptionDeliveryOptions_GetInterval, S_BOOKMARK, "bm-sweep", S_PORT, 8443,
                    S_LATENCY, 0, 0, 0, 5, g_scount)
CREDENTIAL_SLOT_CALLERS(s, g_sopt, MI_SubscriptionDeliveryOptions, S_CREDS)

/* The destination options' exported GetString/GetNumber have no `flags`. */
static MI_Result c_dx_GetString(int via, int w)
{
    const MI_Char *v = SENT;
    MI_Uint32 i = 99;
    MI_Result r;
    (void)via;
    r = MI_DestinationOptions_GetString(&g_dopt, D_LOCALE, W(0, &v), W(1, &i));
    if (r == MI_RESULT_OK) {
        EXPECT(w == 0 || str_is(v, "en-US"));
        EXPECT(w == 1 || i == 0);
    }
    return settle(r);
}

static MI_Result c_dx_GetNumber(int via, int w)
{
    MI_Uint32 v = 99, i = 99;
    MI_Result r;
    (void)via;
    r = MI_DestinationOptions_GetNumber(&g_dopt, D_PORT, W(0, &v), W(1, &i));
    if (r == MI_RESULT_OK) {
        EXPECT(w == 0 || v == 5985);
        EXPECT(w == 1 || i < g_dcount);
    }
    return settle(r);
}

/* Operation options: GetEnabledChannels. outs: channels with bufferLength 0 (size query:
   MI_RESULT_FAILED with the count, docs/STATUS.md), channels with bufferLength 8,
   channelCount, flags. */
static MI_Result c_o_GetEnabledChannels(int via, int w)
{
    MI_Uint32 ch[8] = {99, 99}, n = 99, f = 99;
    MI_Result r;
    (void)via; /* the export has no optionName: c_ox_GetEnabledChannels */
    r = g_oopt.ft->GetEnabledChannels(
        &g_oopt, O_CHANNEL, (w == 0 || w == 1) ? NULL : ch, w == 0 ? 0 : 8, W(2, &n), W(3, &f));
    if (r == MI_RESULT_OK || (w == 0 && r == MI_RESULT_FAILED)) {
        EXPECT(w == 2 || n == 1);
        EXPECT(w == 0 || w == 1 || ch[0] == MI_WRITEMESSAGE_CHANNEL_VERBOSE);
        EXPECT(w == 3 || f == 0);
    }
    return settle(r);
}

/* The exported MI_OperationOptions_GetEnabledChannels(options, channels, bufferLength,
   channelCount, flags). */
static MI_Result c_ox_GetEnabledChannels(int via, int w)
{
    MI_Uint32 ch[8] = {99, 99}, n = 99, f = 99;
    MI_Result r;
    (void)via;
    r = MI_OperationOptions_GetEnabledChannels(&g_oopt, (w == 0 || w == 1) ? NULL : ch, w == 0 ? 0 : 8, W(2, &n),
                                               W(3, &f));
    if (r == MI_RESULT_OK || (w == 0 && r == MI_RESULT_FAILED)) {
        EXPECT(w == 2 || n == 1);
        EXPECT(w == 0 || w == 1 || ch[0] == MI_WRITEMESSAGE_CHANNEL_VERBOSE);
        EXPECT(w == 3 || f == 0);
    }
    return settle(r);
}

/* Subscription delivery options: GetDateTime. */
static MI_Result c_s_GetDateTime(int via, int w)
{
    MI_Datetime v;
    MI_Uint32 i = 99, f = 99;
    MI_Result r;
    memset(&v, 0xEE, sizeof v);
    r = VIA(g_sopt.ft->GetDateTime, MI_SubscriptionDeliveryOptions_GetDateTime)(&g_sopt, S_EXPIRES, W(0, &v),
                                                                                W(1, &i), W(2, &f));
    if (r == MI_RESULT_OK) {
        EXPECT(w == 0 || (v.isTimestamp == 1 && v.u.timestamp.year == 2030 && v.u.timestamp.month == 1));
        EXPECT(w == 1 || i < g_scount);
        EXPECT(w == 2 || f == 0);
    }
    return settle(r);
}

/* ---- options: the typed exported helpers (one out-pointer each, or two) ------------------- */

#define TYPED_GETTER(fn, H, T, INIT, CHECK_EXPR)  \
    static MI_Result c_##fn(int via, int w)       \
    {                                             \
        T v = INIT;                               \
        MI_Result r;                              \
        (void)via;                                \
        r = fn(&(H), W(0, &v));                   \
        if (r == MI_RESULT_OK && w != 0)          \
            EXPECT(CHECK_EXPR);                   \
        return settle(r);                         \
    }
#define TYPED_GETTER_IV(fn, H, D, HR, M, S)       \
    static MI_Result c_##fn(int via, int w)       \
    {                                             \
        MI_Interval v;                            \
        MI_Result r;                              \
        (void)via;                                \
        memset(&v, 0xEE, sizeof v);               \
        r = fn(&(H), W(0, &v));                   \
        if (r == MI_RESULT_OK && w != 0)          \
            EXPECT(interval_is(&v, D, HR, M, S)); \
        return settle(r);                         \
    }

TYPED_GETTER_IV(MI_DestinationOptions_GetTimeout, g_dopt, 0, 0, 1, 30)
TYPED_GETTER(MI_DestinationOptions_GetCertCACheck, g_dopt, MI_Boolean, 0x55, v == MI_TRUE)
TYPED_GETTER(MI_DestinationOptions_GetCertCNCheck, g_dopt, MI_Boolean, 0x55, v == MI_FALSE)
TYPED_GETTER(MI_DestinationOptions_GetCertRevocationCheck, g_dopt, MI_Boolean, 0x55, v == MI_TRUE)
TYPED_GETTER(MI_DestinationOptions_GetPacketPrivacy, g_dopt, MI_Boolean, 0x55, v == MI_TRUE)
TYPED_GETTER(MI_DestinationOptions_GetPacketIntegrity, g_dopt, MI_Boolean, 0x55, v == MI_FALSE)
TYPED_GETTER(MI_DestinationOptions_GetPacketEncoding, g_dopt, const MI_Char *, SENT, str_is(v, "UTF8"))
TYPED_GETTER(MI_DestinationOptions_GetDataLocale, g_dopt, const MI_Char *, SENT, str_is(v, "en-US"))
TYPED_GETTER(MI_DestinationOptions_GetUILocale, g_dopt, const MI_Char *, SENT, str_is(v, "de-DE"))
TYPED_GETTER(MI_DestinationOptions_GetMaxEnvelopeSize, g_dopt, MI_Uint32, 99, v == 150)
TYPED_GETTER(MI_DestinationOptions_GetMaxElements, g_dopt, MI_Uint32, 99, v == 7)
TYPED_GETTER(MI_DestinationOptions_GetEncodePortInSPN, g_dopt, MI_Boolean, 0x55, v == MI_TRUE)
TYPED_GETTER(MI_DestinationOptions_GetHttpUrlPrefix, g_dopt, const MI_Char *, SENT, str_is(v, "wsman"))
TYPED_GETTER(MI_DestinationOptions_GetDestinationPort, g_dopt, MI_Uint32, 99, v == 5985)
TYPED_GETTER(MI_DestinationOptions_GetTrustedCertsDir, g_dopt, const MI_Char *, SENT, str_is(v, "/sweep/certs"))
TYPED_GETTER(MI_DestinationOptions_GetCertFile, g_dopt, const MI_Char *, SENT, str_is(v, "/sweep/c.pem"))
TYPED_GETTER(MI_DestinationOptions_GetPrivateKeyFile, g_dopt, const MI_Char *, SENT, str_is(v, "/sweep/k.pem"))
TYPED_GETTER(MI_DestinationOptions_GetTransport, g_dopt, const MI_Char *, SENT, str_is(v, "HTTPS"))
TYPED_GETTER(MI_DestinationOptions_GetProxyType, g_dopt, const MI_Char *, SENT, str_is(v, "None"))
TYPED_GETTER(MI_DestinationOptions_GetSslOptions, g_dopt, MI_Uint32, 99, v == 3)
TYPED_GETTER(MI_DestinationOptions_GetImpersonationType, g_dopt, MI_DestinationOptions_ImpersonationType, 99,
             v == MI_DestinationOptions_ImpersonationType_Impersonate)

TYPED_GETTER(MI_OperationOptions_GetWriteErrorMode, g_oopt, MI_CallbackMode, 99, v == MI_CALLBACKMODE_INQUIRE)
TYPED_GETTER(MI_OperationOptions_GetPromptUserMode, g_oopt, MI_CallbackMode, 99, v == MI_CALLBACKMODE_REPORT)
TYPED_GETTER_IV(MI_OperationOptions_GetTimeout, g_oopt, 0, 0, 2, 0)
TYPED_GETTER(MI_OperationOptions_GetResourceUriPrefix, g_oopt, const MI_Char *, SENT, str_is(v, "http://sweep"))
TYPED_GETTER(MI_OperationOptions_GetResourceUri, g_oopt, const MI_Char *, SENT, str_is(v, "http://sweep/uri"))
TYPED_GETTER(MI_OperationOptions_GetUseMachineID, g_oopt, MI_Boolean, 0x55, v == MI_TRUE)

static MI_Result c_MI_OperationOptions_GetPromptUserRegularMode(int via, int w)
{
    MI_CallbackMode m = 99;
    MI_Boolean ack = 0x55;
    MI_Result r;
    (void)via;
    r = MI_OperationOptions_GetPromptUserRegularMode(&g_oopt, W(0, &m), W(1, &ack));
    if (r == MI_RESULT_OK) {
        EXPECT(w == 0 || m == MI_CALLBACKMODE_REPORT);
        EXPECT(w == 1 || ack == MI_TRUE);
    }
    return settle(r);
}

static MI_Result c_MI_OperationOptions_GetProviderArchitecture(int via, int w)
{
    MI_ProviderArchitecture a = 99;
    MI_Boolean must = 0x55;
    MI_Result r;
    (void)via;
    r = MI_OperationOptions_GetProviderArchitecture(&g_oopt, W(0, &a), W(1, &must));
    if (r == MI_RESULT_OK) {
        EXPECT(w == 0 || a == MI_PROVIDER_ARCHITECTURE_64BIT);
        EXPECT(w == 1 || must == MI_TRUE);
    }
    return settle(r);
}

TYPED_GETTER_IV(MI_SubscriptionDeliveryOptions_GetMaximumLatency, g_sopt, 0, 0, 0, 5)
TYPED_GETTER_IV(MI_SubscriptionDeliveryOptions_GetHeartbeatInterval, g_sopt, 0, 0, 0, 30)
TYPED_GETTER_IV(MI_SubscriptionDeliveryOptions_GetDeliveryRetryInterval, g_sopt, 0, 0, 1, 0)
TYPED_GETTER(MI_SubscriptionDeliveryOptions_GetBookmark, g_sopt, const MI_Char *, SENT, str_is(v, "bm-sweep"))
TYPED_GETTER(MI_SubscriptionDeliveryOptions_GetDeliveryDestination, g_sopt, const MI_Char *, SENT,
             str_is(v, "http://sweep/sink"))
TYPED_GETTER(MI_SubscriptionDeliveryOptions_GetDeliveryPortNumber, g_sopt, MI_Uint32, 99, v == 8443)
TYPED_GETTER(MI_SubscriptionDeliveryOptions_GetDeliveryRetryAttempts, g_sopt, MI_Uint32, 99, v == 4)

static MI_Result c_MI_SubscriptionDeliveryOptions_GetExpirationTime(int via, int w)
{
    MI_Datetime v;
    MI_Result r;
    (void)via;
    memset(&v, 0xEE, sizeof v);
    r = MI_SubscriptionDeliveryOptions_GetExpirationTime(&g_sopt, W(0, &v));
    if (r == MI_RESULT_OK && w != 0)
        EXPECT(v.isTimestamp == 1 && v.u.timestamp.year == 2030);
    return settle(r);
}

/* ---- MI_InstanceFT and MI_Instance_* ------------------------------------------------------ */

static MI_Result c_i_Clone(int via, int w)
{
    MI_Instance *c = SENT;
    MI_Result r = VIA(g_inst->ft->Clone, MI_Instance_Clone)(g_inst, W(0, &c));
    if (r == MI_RESULT_OK && w != 0) {
        MI_Uint32 n = 99;
        EXPECT(instance_class_is(c, "Sweep_Thing"));
        EXPECT(c != SENT && c != NULL && MI_Instance_GetElementCount(c, &n) == MI_RESULT_OK && n == 2);
        if (c != NULL && c != SENT)
            MI_Instance_Delete(c);
    }
    return settle(r);
}

static MI_Result c_i_IsA(int via, int w)
{
    MI_Boolean flag = 0x55;
    MI_Result r = VIA(g_inst->ft->IsA, MI_Instance_IsA)(g_inst, g_inst->classDecl, W(0, &flag));
    if (r == MI_RESULT_OK && w != 0)
        EXPECT(flag == MI_TRUE);
    return settle(r);
}

#define INSTANCE_NAME_GETTER(slot, WANT)                                               \
    static MI_Result c_i_##slot(int via, int w)                                        \
    {                                                                                  \
        const MI_Char *v = SENT;                                                       \
        MI_Result r = VIA(g_inst->ft->slot, MI_Instance_##slot)(g_inst, W(0, &v));     \
        if (r == MI_RESULT_OK && w != 0)                                               \
            EXPECT(str_is(v, WANT));                                                   \
        return settle(r);                                                              \
    }
INSTANCE_NAME_GETTER(GetClassName, "Sweep_Thing")
INSTANCE_NAME_GETTER(GetNameSpace, "root/sweep")
INSTANCE_NAME_GETTER(GetServerName, "sweep-host")

static MI_Result c_i_GetElementCount(int via, int w)
{
    MI_Uint32 n = 99;
    MI_Result r = VIA(g_inst->ft->GetElementCount, MI_Instance_GetElementCount)(g_inst, W(0, &n));
    if (r == MI_RESULT_OK && w != 0)
        EXPECT(n == 2);
    return settle(r);
}

static MI_Result c_i_GetElement(int via, int w)
{
    MI_Value v;
    MI_Type t = 99;
    MI_Uint32 f = 99, i = 99;
    MI_Result r;
    memset(&v, 0, sizeof v);
    r = VIA(g_inst->ft->GetElement, MI_Instance_GetElement)(g_inst, MI_T("Name"), W(0, &v), W(1, &t), W(2, &f),
                                                            W(3, &i));
    if (r == MI_RESULT_OK) {
        EXPECT(w == 0 || str_is(v.string, "alpha"));
        EXPECT(w == 1 || t == MI_STRING);
        EXPECT(w == 2 || (f & MI_FLAG_KEY) != 0);
        EXPECT(w == 3 || i == 0);
    }
    return settle(r);
}

static MI_Result c_i_GetElementAt(int via, int w)
{
    const MI_Char *name = SENT;
    MI_Value v;
    MI_Type t = 99;
    MI_Uint32 f = 99;
    MI_Result r;
    memset(&v, 0, sizeof v);
    r = VIA(g_inst->ft->GetElementAt, MI_Instance_GetElementAt)(g_inst, 1, W(0, &name), W(1, &v), W(2, &t),
                                                                W(3, &f));
    if (r == MI_RESULT_OK) {
        EXPECT(w == 0 || str_is(name, "Size"));
        EXPECT(w == 1 || v.uint32 == 7);
        EXPECT(w == 2 || t == MI_UINT32);
        EXPECT(w == 3 || (f & MI_FLAG_KEY) == 0);
    }
    return settle(r);
}

static MI_Result c_i_GetClass(int via, int w)
{
    MI_Class *c = SENT;
    MI_Result r = VIA(g_inst->ft->GetClass, MI_Instance_GetClass)(g_inst, W(0, &c));
    if (r == MI_RESULT_OK && w != 0) {
        EXPECT(class_name_is(c, "Sweep_Thing"));
        if (c != NULL && c != SENT)
            c->ft->Delete(c);
    }
    return settle(r);
}

/* ---- MI_ClassFT (no exported wrappers) ----------------------------------------------------- */

#define CLASS_NAME_GETTER(slot, WANT)                                                  \
    static MI_Result c_c_##slot(int via, int w)                                        \
    {                                                                                  \
        const MI_Char *v = SENT;                                                       \
        MI_Result r;                                                                   \
        (void)via;                                                                     \
        r = g_cls->ft->slot(g_cls, W(0, &v));                                          \
        if (r == MI_RESULT_OK && w != 0)                                               \
            EXPECT(str_is(v, WANT));                                                   \
        return settle(r);                                                              \
    }
CLASS_NAME_GETTER(GetClassName, "Sweep_Thing")
CLASS_NAME_GETTER(GetNameSpace, "root/sweep")
CLASS_NAME_GETTER(GetServerName, "sweep-host")

/* NS: our classes have no parent yet; what a future answer is (OK with NULL, or an error
   for "no parent") is not this row's business */
static MI_Result c_c_GetParentClassName(int via, int w)
{
    const MI_Char *v = SENT;
    (void)via;
    return g_cls->ft->GetParentClassName(g_cls, W(0, &v));
}

static MI_Result c_c_GetElementCount(int via, int w)
{
    MI_Uint32 n = 99;
    MI_Result r;
    (void)via;
    r = g_cls->ft->GetElementCount(g_cls, W(0, &n));
    if (r == MI_RESULT_OK && w != 0)
        EXPECT(n == 2);
    return settle(r);
}

/* outs: value, valueExists, type, referenceClass, qualifierSet, flags, index */
static MI_Result c_c_GetElement(int via, int w)
{
    MI_Value v;
    MI_Boolean exists = 0x55;
    MI_Type t = 99;
    MI_Char *ref = SENT;
    MI_QualifierSet qs;
    MI_Uint32 f = 99, i = 99;
    MI_Result r;
    (void)via;
    memset(&qs, 0, sizeof qs);
    r = g_cls->ft->GetElement(g_cls, MI_T("Name"), W(0, &v), W(1, &exists), W(2, &t), W(3, &ref), W(4, &qs),
                              W(5, &f), W(6, &i));
    if (r == MI_RESULT_OK) {
        EXPECT(w == 1 || exists == MI_FALSE); /* no default values (docs/STATUS.md) */
        EXPECT(w == 2 || t == MI_STRING);
        EXPECT(w == 3 || ref == NULL);
        EXPECT(w == 4 || qs.ft != NULL);
        EXPECT(w == 5 || (f & MI_FLAG_KEY) != 0);
        EXPECT(w == 6 || i == 0);
    }
    return settle(r);
}

/* outs: name, value, valueExists, type, referenceClass, qualifierSet, flags */
static MI_Result c_c_GetElementAt(int via, int w)
{
    const MI_Char *name = SENT;
    MI_Value v;
    MI_Boolean exists = 0x55;
    MI_Type t = 99;
    MI_Char *ref = SENT;
    MI_QualifierSet qs;
    MI_Uint32 f = 99;
    MI_Result r;
    (void)via;
    memset(&qs, 0, sizeof qs);
    r = g_cls->ft->GetElementAt(g_cls, 1, W(0, &name), W(1, &v), W(2, &exists), W(3, &t), W(4, &ref), W(5, &qs),
                                W(6, &f));
    if (r == MI_RESULT_OK) {
        EXPECT(w == 0 || str_is(name, "Size"));
        EXPECT(w == 2 || exists == MI_FALSE);
        EXPECT(w == 3 || t == MI_UINT32);
        EXPECT(w == 4 || ref == NULL);
        EXPECT(w == 5 || qs.ft != NULL);
        EXPECT(w == 6 || (f & MI_FLAG_KEY) == 0);
    }
    return settle(r);
}

static MI_Result c_c_GetClassQualifierSet(int via, int w)
{
    MI_QualifierSet qs;
    (void)via;
    memset(&qs, 0, sizeof qs);
    return g_cls->ft->GetClassQualifierSet(g_cls, W(0, &qs));
}

static MI_Result c_c_GetMethodCount(int via, int w)
{
    MI_Uint32 n = 99;
    MI_Result r;
    (void)via;
    r = g_cls->ft->GetMethodCount(g_cls, W(0, &n));
    if (r == MI_RESULT_OK && w != 0)
        EXPECT(n == 1); /* Frob */
    return settle(r);
}

/* outs: name, qualifierSet, parameterSet */
static MI_Result c_c_GetMethodAt(int via, int w)
{
    const MI_Char *name = SENT;
    MI_QualifierSet qs;
    MI_ParameterSet ps;
    (void)via;
    memset(&qs, 0, sizeof qs);
    memset(&ps, 0, sizeof ps);
    return g_cls->ft->GetMethodAt(g_cls, 0, W(0, &name), W(1, &qs), W(2, &ps));
}

/* outs: qualifierSet, parameterSet, index */
static MI_Result c_c_GetMethod(int via, int w)
{
    MI_QualifierSet qs;
    MI_ParameterSet ps;
    MI_Uint32 i = 99;
    (void)via;
    memset(&qs, 0, sizeof qs);
    memset(&ps, 0, sizeof ps);
    return g_cls->ft->GetMethod(g_cls, MI_T("Frob"), W(0, &qs), W(1, &ps), W(2, &i));
}

static MI_Result c_c_GetParentClass(int via, int w)
{
    MI_Class *p = SENT;
    MI_Result r;
    (void)via;
    r = g_cls->ft->GetParentClass(g_cls, W(0, &p));
    if (r == MI_RESULT_OK && w != 0 && p != NULL && p != SENT)
        p->ft->Delete(p);
    return r;
}

static MI_Result c_c_Clone(int via, int w)
{
    MI_Class *c = SENT;
    MI_Result r;
    (void)via;
    r = g_cls->ft->Clone(g_cls, W(0, &c));
    if (r == MI_RESULT_OK && w != 0) {
        EXPECT(class_name_is(c, "Sweep_Thing"));
        if (c != NULL && c != SENT)
            c->ft->Delete(c);
    }
    return settle(r);
}

/* ---- MI_QualifierSetFT, MI_ParameterSetFT (no exported wrappers) --------------------------- */

static MI_Result c_q_GetQualifierCount(int via, int w)
{
    MI_Uint32 n = 99;
    MI_Result r;
    (void)via;
    r = g_qs.ft->GetQualifierCount(&g_qs, W(0, &n));
    if (r == MI_RESULT_OK && w != 0)
        EXPECT(n == 1); /* Key */
    return settle(r);
}

/* outs: name, qualifierType, qualifierFlags, qualifierValue */
static MI_Result c_q_GetQualifierAt(int via, int w)
{
    const MI_Char *name = SENT;
    MI_Type t = 99;
    MI_Uint32 f = 99;
    MI_Value v;
    (void)via;
    return g_qs.ft->GetQualifierAt(&g_qs, 0, W(0, &name), W(1, &t), W(2, &f), W(3, &v));
}

/* outs: qualifierType, qualifierFlags, qualifierValue, index */
static MI_Result c_q_GetQualifier(int via, int w)
{
    MI_Type t = 99;
    MI_Uint32 f = 99, i = 99;
    MI_Value v;
    MI_Result r;
    (void)via;
    r = g_qs.ft->GetQualifier(&g_qs, MI_T("Key"), W(0, &t), W(1, &f), W(2, &v), W(3, &i));
    if (r == MI_RESULT_OK && w < 0)
        EXPECT(t == MI_BOOLEAN && v.boolean == MI_TRUE && i == 0);
    return settle(r);
}

/* outs: returnType, qualifierSet */
static MI_Result c_p_GetMethodReturnType(int via, int w)
{
    MI_Type t = 99;
    MI_QualifierSet qs;
    (void)via;
    memset(&qs, 0, sizeof qs);
    return g_ps.ft->GetMethodReturnType(&g_ps, W(0, &t), W(1, &qs));
}

static MI_Result c_p_GetParameterCount(int via, int w)
{
    MI_Uint32 n = 99;
    (void)via;
    return g_ps.ft->GetParameterCount(&g_ps, W(0, &n));
}

/* outs: name, parameterType, referenceClass, qualifierSet */
static MI_Result c_p_GetParameterAt(int via, int w)
{
    const MI_Char *name = SENT;
    MI_Type t = 99;
    MI_Char *ref = SENT;
    MI_QualifierSet qs;
    (void)via;
    memset(&qs, 0, sizeof qs);
    return g_ps.ft->GetParameterAt(&g_ps, 0, W(0, &name), W(1, &t), W(2, &ref), W(3, &qs));
}

/* outs: parameterType, referenceClass, qualifierSet, index */
static MI_Result c_p_GetParameter(int via, int w)
{
    MI_Type t = 99;
    MI_Char *ref = SENT;
    MI_QualifierSet qs;
    MI_Uint32 i = 99;
    (void)via;
    memset(&qs, 0, sizeof qs);
    return g_ps.ft->GetParameter(&g_ps, MI_T("In1"), W(0, &t), W(1, &ref), W(2, &qs), W(3, &i));
}

/* ---- MI_SerializerFT, MI_DeserializerFT, MI_UtilitiesFT (reached through mi_clientFT_V1) --- */

/* outs: clientBuffer with length 0 (size query), clientBuffer with length 64, clientBufferNeeded */
static MI_Result c_ser_SerializeClass(int via, int w)
{
    MI_Uint8 buf[64];
    MI_Uint32 needed = 99;
    (void)via;
    return mi_clientFT_V1->serializerFT->SerializeClass(&g_ser, 0, g_cls, (w == 0 || w == 1) ? NULL : buf,
                                                        w == 0 ? 0 : 64, W(2, &needed));
}

static MI_Result c_ser_SerializeInstance(int via, int w)
{
    MI_Uint8 buf[64];
    MI_Uint32 needed = 99;
    (void)via;
    return mi_clientFT_V1->serializerFT->SerializeInstance(&g_ser, 0, g_inst, (w == 0 || w == 1) ? NULL : buf,
                                                           w == 0 ? 0 : 64, W(2, &needed));
}

static MI_Uint8 g_blob[] =
    "<INSTANCE CLASSNAME=\"Sweep\"><PROPERTY NAME=\"A\" TYPE=\"uint8\"><VALUE>1</VALUE></PROPERTY></INSTANCE>";
static MI_Uint8 g_cblob[] = "<CLASS NAME=\"SweepD\" SUPERCLASS=\"SweepC\"/>";
static MI_Uint8 g_rootblob[] = "<CLASS NAME=\"SweepC\"><PROPERTY NAME=\"A\" TYPE=\"uint8\"/></CLASS>";

/* outs: serializedBufferRead, classObject, cimErrorDetails */
static MI_Result c_des_DeserializeClass(int via, int w)
{
    MI_Uint32 read = 99;
    MI_Class *c = SENT;
    MI_Instance *err = SENT;
    MI_Result r;
    (void)via;
    r = mi_clientFT_V1->deserializerFT->DeserializeClass(&g_deser, 0, g_rootblob, sizeof g_rootblob, NULL, NULL, NULL,
                                                         NULL, NULL, W(0, &read), W(1, &c), W(2, &err));
    if (r == MI_RESULT_OK && w != 1 && c != NULL && c != SENT)
        c->ft->Delete(c);
    return r;
}

/* outs: className (buffer), classNameLength, cimErrorDetails; slot 2, 3 or 5 */
static MI_Result des_name(int slot, int w)
{
    MI_Char name[64];
    MI_Uint32 len = 64;
    MI_Instance *err = SENT;
    const MI_DeserializerFT *ft = mi_clientFT_V1->deserializerFT;
    MI_Result(MI_CALL * fn)(MI_Deserializer *, MI_Uint8 *, MI_Uint32, MI_Char *, MI_Uint32 *, MI_Instance **) =
        slot == 2 ? ft->Class_GetClassName : slot == 3 ? ft->Class_GetParentClassName : ft->Instance_GetClassName;
    MI_Uint8 *blob = slot == 5 ? g_blob : g_cblob;
    MI_Uint32 size = slot == 5 ? (MI_Uint32)sizeof g_blob : (MI_Uint32)sizeof g_cblob;
    MI_Result r = fn(&g_deser, blob, size, W(0, name), W(1, &len), W(2, &err));
    if (err != SENT && err != NULL)
        MI_Instance_Delete(err);
    return r;
}
static MI_Result c_des_Class_GetClassName(int via, int w)
{
    (void)via;
    return des_name(2, w);
}
static MI_Result c_des_Class_GetParentClassName(int via, int w)
{
    (void)via;
    return des_name(3, w);
}
static MI_Result c_des_Instance_GetClassName(int via, int w)
{
    (void)via;
    return des_name(5, w);
}

/* outs: serializedBufferRead, instanceObject, cimErrorDetails */
static MI_Result c_des_DeserializeInstance(int via, int w)
{
    MI_Uint32 read = 99;
    MI_Instance *i = SENT, *err = SENT;
    MI_Result r;
    (void)via;
    r = mi_clientFT_V1->deserializerFT->DeserializeInstance(&g_deser, 0, g_blob, sizeof g_blob, NULL, 0, NULL,
                                                            NULL, W(0, &read), W(1, &i), W(2, &err));
    if (r == MI_RESULT_OK && w != 1 && i != NULL && i != SENT)
        MI_Instance_Delete(i);
    return r;
}

static MI_Result c_u_CimErrorFromErrorCode(int via, int w)
{
    MI_Instance *e = SENT;
    MI_Result r;
    (void)via;
    r = mi_clientFT_V1->utilitiesFT->CimErrorFromErrorCode(MI_RESULT_NOT_FOUND, MI_T("MI"), MI_T("sweep message"),
                                                           W(0, &e));
    if (r == MI_RESULT_OK && w != 0) {
        MI_Value v;
        MI_Type t;
        EXPECT(e != NULL && e != SENT && MI_Instance_GetElement(e, MI_T("Message"), &v, &t, NULL, NULL) == MI_RESULT_OK &&
               t == MI_STRING && str_is(v.string, "sweep message"));
        if (e != NULL && e != SENT)
            MI_Instance_Delete(e);
    }
    return settle(r);
}

/* ---- setups for the session and operation rows --------------------------------------------- */

/* ctx: 0 built-in session, 1 test handler session; + 2 * op for the start rows. */
static int setup_session(int ctx)
{
    g_cur_test = ctx & 1;
    g_cur_sess = g_cur_test ? &g_sess_test : &g_sess_emb;
    g_cur_op = (enum so_op)(ctx >> 1);
    return 1;
}

/* ctx: fixture index * 4 + result kind. Starts a synchronous operation and pulls the
   fixture's `prepull` results. */
static int setup_pull(int ctx)
{
    struct so_args a;
    g_fx = &g_opfx[ctx / 4];
    g_fx_kind = (enum so_kind)(ctx % 4);
    g_cur_test = g_fx->test;
    g_cur_sess = g_cur_test ? &g_sess_test : &g_sess_emb;
    g_next = 0;
    a = so_default_args(g_fx->behaviour);
    memset(&g_op, 0, sizeof g_op);
    so_start(g_fx_kind == K_INDICATION ? OP_SUBSCRIBE : g_fx_kind == K_CLASS ? OP_ENUMERATECLASSES
                                                                                : OP_ENUMERATEINSTANCES,
             1, g_cur_sess, 0, &a, NULL, NULL, &g_op);
    for (int k = 0; k < g_fx->prepull; k++) {
        MI_Result r = g_fx_kind == K_INDICATION ? c_op_GetIndication(1, -1)
                      : g_fx_kind == K_CLASS    ? c_op_GetClass(1, -1)
                                                : c_op_GetInstance(1, -1);
        if (r != MI_RESULT_OK)
            return 0;
    }
    return 1;
}

/* Pulls what is left (valid pointers) and closes the operation. */
static void teardown_pull(void)
{
    for (int k = 0; g_next <= g_fx->n && k < 10; k++) {
        MI_Result r = g_fx_kind == K_INDICATION ? c_op_GetIndication(1, -1)
                      : g_fx_kind == K_CLASS    ? c_op_GetClass(1, -1)
                                                : c_op_GetInstance(1, -1);
        if (r != MI_RESULT_OK)
            break;
    }
    g_wrong = NULL;
    CHECK_EQ_INT(MI_Operation_Close(&g_op), MI_RESULT_OK);
}

/* ---- the table ------------------------------------------------------------------------------- */

enum { F_NS = 1, F_NOOBJ = 2, F_TEST = 4 /* needs the test handler */ };

typedef MI_Result (*caller_fn)(int via, int w);

struct fn {
    const char *table;  /* the function table, or "exports" */
    const char *name;   /* slot or exported function */
    const char *outs;   /* out-parameters in order: name:R or name:O (=CODE: the NULL call's result) */
    caller_fn call;
    int via;            /* 1: the exported function */
    MI_Result expect;   /* what the all-valid call returns */
    int flags;
    int (*setup)(int ctx);
    void (*teardown)(void);
    int ctx;
    const char *context; /* shown in messages */
};

#define EXPORTS "exports"
#define SLOT(T, N, OUTS, CALL, ...) {.table = T, .name = N, .outs = OUTS, .call = CALL, __VA_ARGS__}
#define EXP(N, OUTS, CALL, ...) {.table = EXPORTS, .name = N, .outs = OUTS, .call = CALL, .via = 1, __VA_ARGS__}

/* the 13 operation slots and their exports, on one session */
#define START_ROWS(sess, ctxname, expectcode, fl)                                                              \
    SLOT("MI_SessionFT", "GetInstance", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,        \
         .setup = setup_session, .ctx = sess + 2 * OP_GETINSTANCE, .context = ctxname),                        \
    SLOT("MI_SessionFT", "ModifyInstance", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,     \
         .setup = setup_session, .ctx = sess + 2 * OP_MODIFYINSTANCE, .context = ctxname),                     \
    SLOT("MI_SessionFT", "CreateInstance", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,     \
         .setup = setup_session, .ctx = sess + 2 * OP_CREATEINSTANCE, .context = ctxname),                     \
    SLOT("MI_SessionFT", "DeleteInstance", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,     \
         .setup = setup_session, .ctx = sess + 2 * OP_DELETEINSTANCE, .context = ctxname),                     \
    SLOT("MI_SessionFT", "Invoke", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,             \
         .setup = setup_session, .ctx = sess + 2 * OP_INVOKE, .context = ctxname),                             \
    SLOT("MI_SessionFT", "EnumerateInstances", "operation:R", c_sess_start, .expect = expectcode, .flags = fl, \
         .setup = setup_session, .ctx = sess + 2 * OP_ENUMERATEINSTANCES, .context = ctxname),                 \
    SLOT("MI_SessionFT", "QueryInstances", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,     \
         .setup = setup_session, .ctx = sess + 2 * OP_QUERYINSTANCES, .context = ctxname),                     \
    SLOT("MI_SessionFT", "AssociatorInstances", "operation:R", c_sess_start, .expect = expectcode,             \
         .flags = fl, .setup = setup_session, .ctx = sess + 2 * OP_ASSOCIATORINSTANCES, .context = ctxname),   \
    SLOT("MI_SessionFT", "ReferenceInstances", "operation:R", c_sess_start, .expect = expectcode, .flags = fl, \
         .setup = setup_session, .ctx = sess + 2 * OP_REFERENCEINSTANCES, .context = ctxname),                 \
    SLOT("MI_SessionFT", "Subscribe", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,          \
         .setup = setup_session, .ctx = sess + 2 * OP_SUBSCRIBE, .context = ctxname),                          \
    SLOT("MI_SessionFT", "GetClass", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,           \
         .setup = setup_session, .ctx = sess + 2 * OP_GETCLASS, .context = ctxname),                           \
    SLOT("MI_SessionFT", "EnumerateClasses", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,   \
         .setup = setup_session, .ctx = sess + 2 * OP_ENUMERATECLASSES, .context = ctxname),                   \
    SLOT("MI_SessionFT", "TestConnection", "operation:R", c_sess_start, .expect = TC_CODE(expectcode), .flags = fl, \
         .setup = setup_session, .ctx = sess + 2 * OP_TESTCONNECTION, .context = ctxname)

#define START_EXPORT_ROWS(sess, ctxname, expectcode, fl)                                                       \
    EXP("MI_Session_GetInstance", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,              \
        .setup = setup_session, .ctx = sess + 2 * OP_GETINSTANCE, .context = ctxname),                         \
    EXP("MI_Session_ModifyInstance", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,           \
        .setup = setup_session, .ctx = sess + 2 * OP_MODIFYINSTANCE, .context = ctxname),                      \
    EXP("MI_Session_CreateInstance", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,           \
        .setup = setup_session, .ctx = sess + 2 * OP_CREATEINSTANCE, .context = ctxname),                      \
    EXP("MI_Session_DeleteInstance", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,           \
        .setup = setup_session, .ctx = sess + 2 * OP_DELETEINSTANCE, .context = ctxname),                      \
    EXP("MI_Session_Invoke", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,                   \
        .setup = setup_session, .ctx = sess + 2 * OP_INVOKE, .context = ctxname),                              \
    EXP("MI_Session_EnumerateInstances", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,       \
        .setup = setup_session, .ctx = sess + 2 * OP_ENUMERATEINSTANCES, .context = ctxname),                  \
    EXP("MI_Session_QueryInstances", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,           \
        .setup = setup_session, .ctx = sess + 2 * OP_QUERYINSTANCES, .context = ctxname),                      \
    EXP("MI_Session_AssociatorInstances", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,      \
        .setup = setup_session, .ctx = sess + 2 * OP_ASSOCIATORINSTANCES, .context = ctxname),                 \
    EXP("MI_Session_ReferenceInstances", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,       \
        .setup = setup_session, .ctx = sess + 2 * OP_REFERENCEINSTANCES, .context = ctxname),                  \
    EXP("MI_Session_Subscribe", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,                \
        .setup = setup_session, .ctx = sess + 2 * OP_SUBSCRIBE, .context = ctxname),                           \
    EXP("MI_Session_GetClass", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,                 \
        .setup = setup_session, .ctx = sess + 2 * OP_GETCLASS, .context = ctxname),                            \
    EXP("MI_Session_EnumerateClasses", "operation:R", c_sess_start, .expect = expectcode, .flags = fl,         \
        .setup = setup_session, .ctx = sess + 2 * OP_ENUMERATECLASSES, .context = ctxname),                    \
    EXP("MI_Session_TestConnection", "operation:R", c_sess_start, .expect = TC_CODE(expectcode), .flags = fl,           \
        .setup = setup_session, .ctx = sess + 2 * OP_TESTCONNECTION, .context = ctxname)

#define GETINST_OUTS "instance:R moreResults:O result:O errorMessage:O completionDetails:O"
#define GETIND_OUTS "instance:R bookmark:O machineID:O moreResults:O result:O errorMessage:O completionDetails:O"
#define GETCLASS_OUTS "classResult:R moreResults:O result:O errorMessage:O completionDetails:O"

/* the three getters on one operation fixture (slot), and GetSession */
#define PULL_ROWS(fx, fl)                                                                                      \
    SLOT("MI_OperationFT", "GetInstance", GETINST_OUTS, c_op_GetInstance, .flags = fl, .setup = setup_pull,    \
         .teardown = teardown_pull, .ctx = (fx)*4 + K_INSTANCE),                                               \
    SLOT("MI_OperationFT", "GetIndication", GETIND_OUTS, c_op_GetIndication, .flags = fl, .setup = setup_pull, \
         .teardown = teardown_pull, .ctx = (fx)*4 + K_INDICATION),                                             \
    SLOT("MI_OperationFT", "GetClass", GETCLASS_OUTS, c_op_GetClass, .flags = fl, .setup = setup_pull,         \
         .teardown = teardown_pull, .ctx = (fx)*4 + K_CLASS),                                                  \
    SLOT("MI_OperationFT", "GetSession", "session:R", c_op_GetSession, .flags = fl, .setup = setup_pull,       \
         .teardown = teardown_pull, .ctx = (fx)*4 + K_INSTANCE)

#define OPTION_ROWS(T, pfx)                                                                                     \
    SLOT(T, "GetString", "value:R index:O flags:O", c_##pfx##_GetString),                                       \
    SLOT(T, "GetNumber", "value:R index:O flags:O", c_##pfx##_GetNumber),                                       \
    SLOT(T, "GetOptionCount", "count:R", c_##pfx##_GetOptionCount),                                             \
    SLOT(T, "GetOptionAt", "optionName:R value:R type:R flags:O", c_##pfx##_GetOptionAt),                       \
    SLOT(T, "GetOption", "value:R type:R index:O flags:O", c_##pfx##_GetOption),                                \
    SLOT(T, "Clone", "newOptions:R", c_##pfx##_Clone),                                                          \
    SLOT(T, "GetInterval", "value:R index:O flags:O", c_##pfx##_GetInterval)
#define CREDENTIAL_ROWS(T, pfx)                                                                                 \
    SLOT(T, "GetCredentialsCount", "count:R", c_##pfx##_GetCredentialsCount),                                   \
    SLOT(T, "GetCredentialsAt", "optionName:R credentials:R flags:O", c_##pfx##_GetCredentialsAt),              \
    SLOT(T, "GetCredentialsPasswordAt",                                                                         \
         "optionName:R password[bufferLength=0]:O password[bufferLength=64]:R passwordLength:R flags:O",      \
         c_##pfx##_GetCredentialsPasswordAt)
#define CREDENTIAL_EXPORT_ROWS(X, pfx)                                                                          \
    EXP(#X "_GetCredentialsCount", "count:R", c_##pfx##_GetCredentialsCount),                                   \
    EXP(#X "_GetCredentialsAt", "optionName:R credentials:R flags:O", c_##pfx##_GetCredentialsAt),              \
    EXP(#X "_GetCredentialsPasswordAt",                                                                         \
        "optionName:R password[bufferLength=0]:O password[bufferLength=64]:R passwordLength:R flags:O",       \
        c_##pfx##_GetCredentialsPasswordAt)
#define TYPED(fn, OUTS) EXP(#fn, OUTS, c_##fn)

static const struct fn g_table[] = {
    /* MI_ApplicationFT (Close takes no out-pointer) */
    SLOT("MI_ApplicationFT", "NewSession", "extendedError:O session:R", c_app_NewSession),
    /* sweep_main returns NULL: the provider host answers FAILED once the arguments pass */
    SLOT("MI_ApplicationFT", "NewHostedProvider", "extendedError:O provider:R", c_app_NewHostedProvider,
         .expect = MI_RESULT_FAILED),
    SLOT("MI_ApplicationFT", "NewInstance", "instance:R", c_app_NewInstance),
    SLOT("MI_ApplicationFT", "NewDestinationOptions", "options:R", c_app_NewDestinationOptions),
    SLOT("MI_ApplicationFT", "NewOperationOptions", "options:R", c_app_NewOperationOptions),
    SLOT("MI_ApplicationFT", "NewSubscriptionDeliveryOptions", "deliveryOptions:R",
         c_app_NewSubscriptionDeliveryOptions),
    SLOT("MI_ApplicationFT", "NewSerializer", "serializer:R", c_app_NewSerializer),
    SLOT("MI_ApplicationFT", "NewDeserializer", "deserializer:R", c_app_NewDeserializer),
    SLOT("MI_ApplicationFT", "NewInstanceFromClass", "instance:R", c_app_NewInstanceFromClass),
    SLOT("MI_ApplicationFT", "NewClass", "classObject:R", c_app_NewClass, .expect = MI_RESULT_NOT_SUPPORTED,
         .flags = F_NS),
    {.table = EXPORTS, .name = "MI_Application_InitializeV1", .outs = "extendedError:O application:R",
     .call = c_app_Initialize, .via = 0},
    EXP("MI_Application_Initialize", "extendedError:O application:R", c_app_Initialize),
    EXP("MI_Application_NewSession", "extendedError:O session:R", c_app_NewSession),
    EXP("MI_Application_NewHostedProvider", "extendedError:O provider:R", c_app_NewHostedProvider,
        .expect = MI_RESULT_FAILED),
    EXP("MI_Application_NewInstance", "instance:R", c_app_NewInstance),
    EXP("MI_Application_NewInstanceFromClass", "instance:R", c_app_NewInstanceFromClass),
    EXP("MI_Application_NewParameterSet", "instance:R", c_app_NewParameterSet),
    EXP("MI_Application_NewDestinationOptions", "options:R", c_app_NewDestinationOptions),
    EXP("MI_Application_NewOperationOptions", "options:R", c_app_NewOperationOptions),
    EXP("MI_Application_NewSubscriptionDeliveryOptions", "deliveryOptions:R", c_app_NewSubscriptionDeliveryOptions),

    /* MI_SessionFT (Close takes no out-pointer) */
    SLOT("MI_SessionFT", "GetApplication", "application:R", c_sess_GetApplication, .setup = setup_session, .ctx = 0,
         .context = "built-in handler"),
    START_ROWS(0, "built-in handler", BUILTIN_CODE, 0),
    START_ROWS(1, "TEST Inline:2", MI_RESULT_OK, F_TEST),
    EXP("MI_Session_GetApplication", "application:R", c_sess_GetApplication, .setup = setup_session, .ctx = 1,
        .flags = F_TEST, .context = "TEST"),
    START_EXPORT_ROWS(0, "built-in handler", BUILTIN_CODE, 0),
    START_EXPORT_ROWS(1, "TEST Inline:2", MI_RESULT_OK, F_TEST),

    /* MI_OperationFT (Close, Cancel take no out-pointer) */
    PULL_ROWS(0, 0),
    PULL_ROWS(1, F_TEST),
    PULL_ROWS(2, F_TEST),
    PULL_ROWS(3, F_TEST),
    EXP("MI_Operation_GetInstance", GETINST_OUTS, c_op_GetInstance, .flags = F_TEST, .setup = setup_pull,
        .teardown = teardown_pull, .ctx = 1 * 4 + K_INSTANCE),
    EXP("MI_Operation_GetIndication", GETIND_OUTS, c_op_GetIndication, .flags = F_TEST, .setup = setup_pull,
        .teardown = teardown_pull, .ctx = 1 * 4 + K_INDICATION),
    EXP("MI_Operation_GetClass", GETCLASS_OUTS, c_op_GetClass, .flags = F_TEST, .setup = setup_pull,
        .teardown = teardown_pull, .ctx = 1 * 4 + K_CLASS),
    EXP("MI_Operation_GetSession", "session:R", c_op_GetSession, .setup = setup_pull, .teardown = teardown_pull,
        .ctx = 0 * 4 + K_INSTANCE),

    /* MI_HostedProviderFT (Close takes no out-pointer): no hosted provider can exist yet */
    SLOT("MI_HostedProviderFT", "GetApplication", "application:R", c_hp_GetApplication,
         .expect = MI_RESULT_INVALID_PARAMETER, .flags = F_NOOBJ),
    EXP("MI_HostedProvider_GetApplication", "application:R", c_hp_GetApplication,
        .expect = MI_RESULT_INVALID_PARAMETER, .flags = F_NOOBJ),

    /* MI_DestinationOptionsFT (Delete and the setters take no out-pointer) */
    SLOT("MI_DestinationOptionsFT", "GetString", "value:R index:O flags:O", c_d_GetString),
    SLOT("MI_DestinationOptionsFT", "GetNumber", "value:R index:O flags:O", c_d_GetNumber),
    SLOT("MI_DestinationOptionsFT", "GetOptionCount", "count:R", c_d_GetOptionCount),
    SLOT("MI_DestinationOptionsFT", "GetOptionAt", "optionName:R value:R type:R flags:O", c_d_GetOptionAt),
    SLOT("MI_DestinationOptionsFT", "GetOption", "value:R type:R index:O flags:O", c_d_GetOption),
    SLOT("MI_DestinationOptionsFT", "Clone", "newDestinationOptions:R", c_d_Clone),
    SLOT("MI_DestinationOptionsFT", "GetInterval", "value:R index:O flags:O", c_d_GetInterval),
    CREDENTIAL_ROWS("MI_DestinationOptionsFT", d),
    TYPED(MI_DestinationOptions_GetTimeout, "timeout:R"),
    TYPED(MI_DestinationOptions_GetCertCACheck, "check:R"),
    TYPED(MI_DestinationOptions_GetCertCNCheck, "check:R"),
    TYPED(MI_DestinationOptions_GetCertRevocationCheck, "check:R"),
    TYPED(MI_DestinationOptions_GetPacketPrivacy, "privacy:R"),
    TYPED(MI_DestinationOptions_GetPacketIntegrity, "integrity:R"),
    TYPED(MI_DestinationOptions_GetPacketEncoding, "encoding:R"),
    TYPED(MI_DestinationOptions_GetDataLocale, "locale:R"),
    TYPED(MI_DestinationOptions_GetUILocale, "locale:R"),
    TYPED(MI_DestinationOptions_GetMaxEnvelopeSize, "sizeInKB:R"),
    TYPED(MI_DestinationOptions_GetMaxElements, "elements:R"),
    TYPED(MI_DestinationOptions_GetEncodePortInSPN, "encodePort:R"),
    TYPED(MI_DestinationOptions_GetHttpUrlPrefix, "prefix:R"),
    TYPED(MI_DestinationOptions_GetDestinationPort, "port:R"),
    TYPED(MI_DestinationOptions_GetTrustedCertsDir, "certsdir:R"),
    TYPED(MI_DestinationOptions_GetCertFile, "certfile:R"),
    TYPED(MI_DestinationOptions_GetPrivateKeyFile, "keyfile:R"),
    TYPED(MI_DestinationOptions_GetTransport, "transport:R"),
    TYPED(MI_DestinationOptions_GetProxyType, "proxyType:R"),
    TYPED(MI_DestinationOptions_GetSslOptions, "sslOptions:R"),
    TYPED(MI_DestinationOptions_GetImpersonationType, "impersonationType:R"),
    EXP("MI_DestinationOptions_GetString", "optionValue:R index:O", c_dx_GetString),
    EXP("MI_DestinationOptions_GetNumber", "optionValue:R index:O", c_dx_GetNumber),
    EXP("MI_DestinationOptions_GetOptionCount", "count:R", c_d_GetOptionCount),
    EXP("MI_DestinationOptions_GetOptionAt", "optionName:R value:R type:R flags:O", c_d_GetOptionAt),
    EXP("MI_DestinationOptions_GetOption", "value:R type:R index:O flags:O", c_d_GetOption),
    EXP("MI_DestinationOptions_Clone", "newDestinationOptions:R", c_d_Clone),
    CREDENTIAL_EXPORT_ROWS(MI_DestinationOptions, d),

    /* MI_OperationOptionsFT */
    SLOT("MI_OperationOptionsFT", "GetString", "value:R index:O flags:O", c_o_GetString),
    SLOT("MI_OperationOptionsFT", "GetNumber", "value:R index:O flags:O", c_o_GetNumber),
    SLOT("MI_OperationOptionsFT", "GetOptionCount", "count:R", c_o_GetOptionCount),
    SLOT("MI_OperationOptionsFT", "GetOptionAt", "optionName:R value:R type:R flags:O", c_o_GetOptionAt),
    SLOT("MI_OperationOptionsFT", "GetOption", "value:R type:R index:O flags:O", c_o_GetOption),
    SLOT("MI_OperationOptionsFT", "GetEnabledChannels",
         "channels[bufferLength=0]:O=1 channels[bufferLength=8]:R channelCount:R flags:O", c_o_GetEnabledChannels),
    SLOT("MI_OperationOptionsFT", "Clone", "newOperationOptions:R", c_o_Clone),
    SLOT("MI_OperationOptionsFT", "GetInterval", "value:R index:O flags:O", c_o_GetInterval),
    TYPED(MI_OperationOptions_GetWriteErrorMode, "mode:R"),
    TYPED(MI_OperationOptions_GetPromptUserMode, "mode:R"),
    TYPED(MI_OperationOptions_GetPromptUserRegularMode, "mode:R ackValue:R"),
    TYPED(MI_OperationOptions_GetProviderArchitecture, "architecture:R mustComply:R"),
    EXP("MI_OperationOptions_GetEnabledChannels",
        "channels[bufferLength=0]:O=1 channels[bufferLength=8]:R channelCount:R flags:O", c_ox_GetEnabledChannels),
    TYPED(MI_OperationOptions_GetTimeout, "timeout:R"),
    TYPED(MI_OperationOptions_GetResourceUriPrefix, "ruriPrefix:R"),
    TYPED(MI_OperationOptions_GetResourceUri, "rUri:R"),
    TYPED(MI_OperationOptions_GetUseMachineID, "machineID:R"),
    EXP("MI_OperationOptions_GetString", "value:R index:O flags:O", c_o_GetString),
    EXP("MI_OperationOptions_GetNumber", "value:R index:O flags:O", c_o_GetNumber),
    EXP("MI_OperationOptions_GetOptionCount", "count:R", c_o_GetOptionCount),
    EXP("MI_OperationOptions_GetOptionAt", "optionName:R value:R type:R flags:O", c_o_GetOptionAt),
    EXP("MI_OperationOptions_GetOption", "value:R type:R index:O flags:O", c_o_GetOption),
    EXP("MI_OperationOptions_Clone", "newOperationOptions:R", c_o_Clone),

    /* MI_SubscriptionDeliveryOptionsFT (count: R, see the header comment) */
    SLOT("MI_SubscriptionDeliveryOptionsFT", "GetString", "value:R index:O flags:O", c_s_GetString),
    SLOT("MI_SubscriptionDeliveryOptionsFT", "GetNumber", "value:R index:O flags:O", c_s_GetNumber),
    SLOT("MI_SubscriptionDeliveryOptionsFT", "GetDateTime", "value:R index:O flags:O", c_s_GetDateTime),
    SLOT("MI_SubscriptionDeliveryOptionsFT", "GetInterval", "value:R index:O flags:O", c_s_GetInterval),
    SLOT("MI_SubscriptionDeliveryOptionsFT", "GetOptionCount", "count:R", c_s_GetOptionCount),
    SLOT("MI_SubscriptionDeliveryOptionsFT", "GetOptionAt", "optionName:R value:R type:R flags:O", c_s_GetOptionAt),
    SLOT("MI_SubscriptionDeliveryOptionsFT", "GetOption", "value:R type:R index:O flags:O", c_s_GetOption),
    CREDENTIAL_ROWS("MI_SubscriptionDeliveryOptionsFT", s),
    SLOT("MI_SubscriptionDeliveryOptionsFT", "Clone", "newSubscriptionDeliveryOptions:R", c_s_Clone),
    TYPED(MI_SubscriptionDeliveryOptions_GetMaximumLatency, "value:R"),
    TYPED(MI_SubscriptionDeliveryOptions_GetHeartbeatInterval, "value:R"),
    TYPED(MI_SubscriptionDeliveryOptions_GetExpirationTime, "value:R"),
    TYPED(MI_SubscriptionDeliveryOptions_GetBookmark, "value:R"),
    TYPED(MI_SubscriptionDeliveryOptions_GetDeliveryDestination, "value:R"),
    TYPED(MI_SubscriptionDeliveryOptions_GetDeliveryPortNumber, "value:R"),
    TYPED(MI_SubscriptionDeliveryOptions_GetDeliveryRetryInterval, "value:R"),
    TYPED(MI_SubscriptionDeliveryOptions_GetDeliveryRetryAttempts, "value:R"),
    EXP("MI_SubscriptionDeliveryOptions_GetString", "value:R index:O flags:O", c_s_GetString),
    EXP("MI_SubscriptionDeliveryOptions_GetNumber", "value:R index:O flags:O", c_s_GetNumber),
    EXP("MI_SubscriptionDeliveryOptions_GetDateTime", "value:R index:O flags:O", c_s_GetDateTime),
    EXP("MI_SubscriptionDeliveryOptions_GetInterval", "value:R index:O flags:O", c_s_GetInterval),
    EXP("MI_SubscriptionDeliveryOptions_GetOptionCount", "count:R", c_s_GetOptionCount),
    EXP("MI_SubscriptionDeliveryOptions_GetOptionAt", "optionName:R value:R type:R flags:O", c_s_GetOptionAt),
    EXP("MI_SubscriptionDeliveryOptions_GetOption", "value:R type:R index:O flags:O", c_s_GetOption),
    CREDENTIAL_EXPORT_ROWS(MI_SubscriptionDeliveryOptions, s),
    EXP("MI_SubscriptionDeliveryOptions_Clone", "newSubscriptionDeliveryOptions:R", c_s_Clone),

    /* MI_SerializerFT, MI_DeserializerFT (Close: no out-pointer). A 64-byte buffer is too
       small for the fixture's class and instance: MI_RESULT_FAILED with the size set. */
    SLOT("MI_SerializerFT", "SerializeClass",
         "clientBuffer[clientBufferLength=0]:O clientBuffer[clientBufferLength=64]:R clientBufferNeeded:R",
         c_ser_SerializeClass, .expect = MI_RESULT_FAILED),
    SLOT("MI_SerializerFT", "SerializeInstance",
         "clientBuffer[clientBufferLength=0]:O clientBuffer[clientBufferLength=64]:R clientBufferNeeded:R",
         c_ser_SerializeInstance, .expect = MI_RESULT_FAILED),
    SLOT("MI_DeserializerFT", "DeserializeClass", "serializedBufferRead:O classObject:R cimErrorDetails:O",
         c_des_DeserializeClass),
    SLOT("MI_DeserializerFT", "Class_GetClassName", "className:O=1 classNameLength:R cimErrorDetails:O",
         c_des_Class_GetClassName),
    SLOT("MI_DeserializerFT", "Class_GetParentClassName", "parentClassName:O=1 parentClassNameLength:R cimErrorDetails:O",
         c_des_Class_GetParentClassName),
    SLOT("MI_DeserializerFT", "DeserializeInstance", "serializedBufferRead:O instanceObject:R cimErrorDetails:O",
         c_des_DeserializeInstance),
    SLOT("MI_DeserializerFT", "Instance_GetClassName", "className:O=1 classNameLength:R cimErrorDetails:O",
         c_des_Instance_GetClassName),

    /* MI_UtilitiesFT (MapErrorToMiErrorCategory takes no out-pointer) */
    SLOT("MI_UtilitiesFT", "CimErrorFromErrorCode", "cimError:R", c_u_CimErrorFromErrorCode),

    /* MI_InstanceFT (Destruct, Delete and the setters take no out-pointer) */
    SLOT("MI_InstanceFT", "Clone", "newInstance:R", c_i_Clone),
    SLOT("MI_InstanceFT", "IsA", "flag:R", c_i_IsA),
    SLOT("MI_InstanceFT", "GetClassName", "className:R", c_i_GetClassName),
    SLOT("MI_InstanceFT", "GetNameSpace", "nameSpace:R", c_i_GetNameSpace),
    SLOT("MI_InstanceFT", "GetElementCount", "count:R", c_i_GetElementCount),
    SLOT("MI_InstanceFT", "GetElement", "value:O type:O flags:O index:O", c_i_GetElement),
    SLOT("MI_InstanceFT", "GetElementAt", "name:O value:O type:O flags:O", c_i_GetElementAt),
    SLOT("MI_InstanceFT", "GetServerName", "name:R", c_i_GetServerName),
    SLOT("MI_InstanceFT", "GetClass", "instanceClass:R", c_i_GetClass),
    EXP("MI_Instance_Clone", "newInstance:R", c_i_Clone),
    EXP("MI_Instance_IsA", "flag:R", c_i_IsA),
    EXP("MI_Instance_GetClassName", "className:R", c_i_GetClassName),
    EXP("MI_Instance_GetNameSpace", "nameSpace:R", c_i_GetNameSpace),
    EXP("MI_Instance_GetElementCount", "count:R", c_i_GetElementCount),
    EXP("MI_Instance_GetElement", "value:O type:O flags:O index:O", c_i_GetElement),
    EXP("MI_Instance_GetElementAt", "name:O value:O type:O flags:O", c_i_GetElementAt),
    EXP("MI_Instance_GetServerName", "name:R", c_i_GetServerName),
    EXP("MI_Instance_GetClass", "instanceClass:R", c_i_GetClass),

    /* MI_ClassFT (Delete takes no out-pointer) */
    SLOT("MI_ClassFT", "GetClassName", "className:R", c_c_GetClassName),
    SLOT("MI_ClassFT", "GetNameSpace", "nameSpace:R", c_c_GetNameSpace),
    SLOT("MI_ClassFT", "GetServerName", "serverName:R", c_c_GetServerName),
    SLOT("MI_ClassFT", "GetElementCount", "count:R", c_c_GetElementCount),
    SLOT("MI_ClassFT", "GetElement", "value:O valueExists:O type:O referenceClass:O qualifierSet:O flags:O index:O",
         c_c_GetElement),
    SLOT("MI_ClassFT", "GetElementAt",
         "name:O value:O valueExists:O type:O referenceClass:O qualifierSet:O flags:O", c_c_GetElementAt),
    /* OMI's SAL says _Out_opt_, but its class.c refuses NULL (the only output): required */
    SLOT("MI_ClassFT", "GetClassQualifierSet", "qualifierSet:R", c_c_GetClassQualifierSet),
    SLOT("MI_ClassFT", "GetMethodCount", "count:R", c_c_GetMethodCount),
    SLOT("MI_ClassFT", "GetMethodAt", "name:R qualifierSet:O parameterSet:O", c_c_GetMethodAt),
    SLOT("MI_ClassFT", "GetMethod", "qualifierSet:O parameterSet:O index:O", c_c_GetMethod),
    /* Sweep_Thing has no parent: the answer with valid pointers is INVALID_SUPERCLASS */
    SLOT("MI_ClassFT", "GetParentClassName", "name:R", c_c_GetParentClassName,
         .expect = MI_RESULT_INVALID_SUPERCLASS),
    SLOT("MI_ClassFT", "GetParentClass", "parentClass:R", c_c_GetParentClass, .expect = MI_RESULT_INVALID_SUPERCLASS),
    SLOT("MI_ClassFT", "Clone", "newClass:R", c_c_Clone),

    /* MI_QualifierSetFT (the Key qualifier of Name), MI_ParameterSetFT (Frob's) */
    SLOT("MI_QualifierSetFT", "GetQualifierCount", "count:R", c_q_GetQualifierCount),
    SLOT("MI_QualifierSetFT", "GetQualifierAt", "name:R qualifierType:R qualifierFlags:R qualifierValue:R",
         c_q_GetQualifierAt),
    SLOT("MI_QualifierSetFT", "GetQualifier", "qualifierType:R qualifierFlags:R qualifierValue:R index:R",
         c_q_GetQualifier),
    SLOT("MI_ParameterSetFT", "GetMethodReturnType", "returnType:R qualifierSet:R", c_p_GetMethodReturnType),
    SLOT("MI_ParameterSetFT", "GetParameterCount", "count:R", c_p_GetParameterCount),
    /* parameterType has no SAL mark in OMI's MI.h; Windows' doc calls it the returned type: R */
    SLOT("MI_ParameterSetFT", "GetParameterAt", "name:R parameterType:R referenceClass:O qualifierSet:R",
         c_p_GetParameterAt),
    SLOT("MI_ParameterSetFT", "GetParameter", "parameterType:R referenceClass:O qualifierSet:R index:R",
         c_p_GetParameter),
};
#define N_TABLE ((int)(sizeof g_table / sizeof g_table[0]))

/* ---- running the table ------------------------------------------------------------------------ */

struct tally {
    const char *table;
    int rows, passed, failed, nsy, noobj, skipped;
};
static struct tally g_tally[32];
static int g_ntally;
static int g_strict;

static struct tally *tally_for(const struct fn *f)
{
    char key[64];
    const char *name = f->table;
    if (strcmp(f->table, EXPORTS) == 0) {
        /* exports grouped by family: "exports MI_Session_*" */
        const char *us = strchr(f->name + 3, '_');
        int n = us ? (int)(us - f->name) : (int)strlen(f->name);
        snprintf(key, sizeof key, "exports %.*s_*", n, f->name);
        name = key;
    }
    for (int i = 0; i < g_ntally; i++)
        if (strcmp(g_tally[i].table, name) == 0)
            return &g_tally[i];
    g_tally[g_ntally].table = strdup(name);
    return &g_tally[g_ntally++];
}

static void pass(struct tally *t)
{
    t->passed++;
    atomic_fetch_add(&tu_passed, 1);
}

static void fail(struct tally *t)
{
    t->failed++;
    atomic_fetch_add(&tu_failed, 1);
}

static const char *rname(MI_Result r)
{
    return r == WRONG ? "a wrong answer" : so_result_name(r);
}

/* One row: `f` with out-parameter `w` (named `arg`, required or not) NULL. */
static void run_row(const struct fn *f, int w, const char *arg, int required, int has_override, MI_Result override)
{
    struct tally *t = tally_for(f);
    char label[256], ctx[96] = "";
    MI_Result r1, r2, want1;
    const char *wrong1, *wrong2;
    int line1, line2;
    int exported = strcmp(f->table, EXPORTS) == 0;
    if (f->context)
        snprintf(ctx, sizeof ctx, " [%s]", f->context);
    else if (f->setup == setup_pull)
        snprintf(ctx, sizeof ctx, " [%s]", g_opfx[f->ctx / 4].label);
    snprintf(label, sizeof label, "%s%s%s(%s=NULL)%s", exported ? "" : f->table, exported ? "" : ".", f->name,
             arg, ctx);
    t->rows++;
    if ((f->flags & F_TEST) && !g_have_handler) {
        t->skipped++;
        printf("SKIP  %s: needs the test handler (MI_TEST_HANDLER)\n", label);
        return;
    }
    g_wrong = NULL;
    if (f->setup && !f->setup(f->ctx)) {
        fail(t);
        printf("FAIL  %s: the fixture could not be built (%s at line %d)\n", label, g_wrong ? g_wrong : "?",
               g_wrong_line);
        g_wrong = NULL;
        if (f->teardown)
            f->teardown();
        return;
    }
    g_wrong = NULL;
    r1 = f->call(f->via, w);
    wrong1 = g_wrong, line1 = g_wrong_line;
    g_wrong = NULL;
    r2 = f->call(f->via, -1); /* the follow-up: every pointer valid */
    wrong2 = g_wrong, line2 = g_wrong_line;
    g_wrong = NULL;
    if (f->teardown)
        f->teardown();

    want1 = required ? MI_RESULT_INVALID_PARAMETER : has_override ? override : f->expect;
    if (f->flags & F_NOOBJ) {
        if (r1 == MI_RESULT_INVALID_PARAMETER && r2 == MI_RESULT_INVALID_PARAMETER) {
            t->noobj++;
            atomic_fetch_add(&tu_passed, 1); /* refused without a crash: all that can be checked */
            printf("NOOBJ %s: no valid object can be made yet; the handle its constructor left is "
                   "refused (INVALID_PARAMETER)\n", label);
        } else {
            fail(t);
            printf("FAIL  %s: on the handle a failed constructor left: returned %s, then %s (want "
                   "INVALID_PARAMETER)\n", label, rname(r1), rname(r2));
        }
        return;
    }
    if ((f->flags & F_NS) && r1 == MI_RESULT_NOT_SUPPORTED && r2 == MI_RESULT_NOT_SUPPORTED) {
        /* a required row wants INVALID_PARAMETER first; an optional one may fail for its own
           reason, and not supported is one */
        int strict_fail = g_strict && required;
        t->nsy++;
        if (strict_fail)
            fail(t);
        else
            atomic_fetch_add(&tu_passed, 1);
        printf("NSY   %s: NOT_SUPPORTED, slot not supported yet%s%s\n", label,
               required ? " (required: INVALID_PARAMETER once the argument check comes first)" : "",
               strict_fail ? " [MI_SWEEP_STRICT: failed]" : "");
        return;
    }
    if (r1 != want1) {
        fail(t);
        if (r1 == WRONG)
            printf("FAIL  %s: the call returned a wrong answer (%s, line %d)\n", label, wrong1, line1);
        else
            printf("FAIL  %s: returned %s, want %s\n", label, rname(r1), so_result_name(want1));
        return;
    }
    if (r2 != f->expect && !((f->flags & F_NS) && (r2 == MI_RESULT_OK || r2 == MI_RESULT_NOT_SUPPORTED))) {
        fail(t);
        if (r2 == WRONG)
            printf("FAIL  %s: the follow-up call with valid pointers gave a wrong answer (%s, line %d)\n", label,
                   wrong2, line2);
        else
            printf("FAIL  %s: the follow-up call with valid pointers returned %s, want %s (the object no "
                   "longer works)\n", label, rname(r2), so_result_name(f->expect));
        return;
    }
    pass(t);
}

/* Splits `f->outs` into rows. */
static void run_fn(const struct fn *f)
{
    char buf[512];
    char *save = NULL;
    int w = 0;
    snprintf(buf, sizeof buf, "%s", f->outs);
    for (char *tok = strtok_r(buf, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save), w++) {
        char *colon = strrchr(tok, ':');
        int required, has_override = 0;
        MI_Result override = MI_RESULT_OK;
        if (colon == NULL || (colon[1] != 'R' && colon[1] != 'O')) {
            fail(tally_for(f));
            printf("FAIL  %s.%s: bad table entry '%s'\n", f->table, f->name, tok);
            continue;
        }
        *colon = 0;
        required = colon[1] == 'R';
        if (colon[2] == '=') {
            has_override = 1;
            override = (MI_Result)atoi(colon + 3);
        }
        run_row(f, w, tok, required, has_override, override);
    }
}

/* ---- the fixture ------------------------------------------------------------------------------ */

static void build_fixture(void)
{
    MI_Value v;
    MI_UserCredentials cred;
    MI_Interval iv;
    MI_Datetime dt;
    MI_Instance *err = NULL;
    SECTION("fixture");
    CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("null_out_sweep"), &err, &g_app), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_NewSession(&g_app, NULL, NULL, NULL, NULL, NULL, &g_sess_emb), MI_RESULT_OK);
    if (g_have_handler)
        CHECK_EQ_INT(MI_Application_NewSession(&g_app, MI_T("TEST"), NULL, NULL, NULL, NULL, &g_sess_test),
                     MI_RESULT_OK);

    /* destination options: the data locale first (index 0), then every typed option */
    CHECK_EQ_INT(MI_Application_NewDestinationOptions(&g_app, &g_dopt), MI_RESULT_OK);
    memset(&iv, 0, sizeof iv);
    iv.minutes = 1;
    iv.seconds = 30;
    CHECK_EQ_INT(MI_DestinationOptions_SetDataLocale(&g_dopt, MI_T("en-US")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetTimeout(&g_dopt, &iv), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetCertCACheck(&g_dopt, MI_TRUE), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetCertCNCheck(&g_dopt, MI_FALSE), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetCertRevocationCheck(&g_dopt, MI_TRUE), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetPacketPrivacy(&g_dopt, MI_TRUE), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetPacketIntegrity(&g_dopt, MI_FALSE), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetPacketEncoding(&g_dopt, MI_T("UTF8")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetUILocale(&g_dopt, MI_T("de-DE")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetMaxEnvelopeSize(&g_dopt, 150), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetMaxElements(&g_dopt, 7), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetEncodePortInSPN(&g_dopt, MI_TRUE), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetHttpUrlPrefix(&g_dopt, MI_T("wsman")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetDestinationPort(&g_dopt, 5985), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetTrustedCertsDir(&g_dopt, MI_T("/sweep/certs")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetCertFile(&g_dopt, MI_T("/sweep/c.pem")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetPrivateKeyFile(&g_dopt, MI_T("/sweep/k.pem")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetTransport(&g_dopt, MI_T("HTTPS")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetProxyType(&g_dopt, MI_T("None")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetSslOptions(&g_dopt, 3), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetImpersonationType(&g_dopt, MI_DestinationOptions_ImpersonationType_Impersonate),
                 MI_RESULT_OK);
    g_dcount = 21;
    memset(&cred, 0, sizeof cred);
    cred.authenticationType = MI_T("Basic");
    cred.credentials.usernamePassword.domain = MI_T("sweepdom");
    cred.credentials.usernamePassword.username = MI_T("sweepuser");
    cred.credentials.usernamePassword.password = MI_T("sweeppw");
    CHECK_EQ_INT(MI_DestinationOptions_AddDestinationCredentials(&g_dopt, &cred), MI_RESULT_OK);

    /* operation options: the resource URI first (index 0) */
    CHECK_EQ_INT(MI_Application_NewOperationOptions(&g_app, MI_FALSE, &g_oopt), MI_RESULT_OK);
    memset(&iv, 0, sizeof iv);
    iv.minutes = 2;
    CHECK_EQ_INT(MI_OperationOptions_SetResourceUri(&g_oopt, MI_T("http://sweep/uri")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetResourceUriPrefix(&g_oopt, MI_T("http://sweep")), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetWriteErrorMode(&g_oopt, MI_CALLBACKMODE_INQUIRE), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetPromptUserRegularMode(&g_oopt, MI_CALLBACKMODE_REPORT, MI_TRUE),
                 MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetProviderArchitecture(&g_oopt, MI_PROVIDER_ARCHITECTURE_64BIT, MI_TRUE),
                 MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_EnableChannel(&g_oopt, MI_WRITEMESSAGE_CHANNEL_VERBOSE), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetTimeout(&g_oopt, &iv), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetUseMachineID(&g_oopt, MI_TRUE), MI_RESULT_OK);
    /* URI, prefix, write-error mode, prompt mode + ack value, two architectures, channel,
       timeout, machine ID */
    g_ocount = 10;

    /* subscription delivery options: the bookmark first (index 0) */
    CHECK_EQ_INT(MI_Application_NewSubscriptionDeliveryOptions(&g_app, MI_SubscriptionDeliveryType_Push, &g_sopt),
                 MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetBookmark(&g_sopt, MI_T("bm-sweep")), MI_RESULT_OK);
    memset(&iv, 0, sizeof iv);
    iv.seconds = 5;
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetMaximumLatency(&g_sopt, &iv), MI_RESULT_OK);
    iv.seconds = 30;
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetHeartbeatInterval(&g_sopt, &iv), MI_RESULT_OK);
    iv.seconds = 0;
    iv.minutes = 1;
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetDeliveryRetryInterval(&g_sopt, &iv), MI_RESULT_OK);
    memset(&dt, 0, sizeof dt);
    dt.isTimestamp = 1;
    dt.u.timestamp.year = 2030;
    dt.u.timestamp.month = 1;
    dt.u.timestamp.day = 2;
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetExpirationTime(&g_sopt, &dt), MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetDeliveryDestination(&g_sopt, MI_T("http://sweep/sink")),
                 MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetDeliveryPortNumber(&g_sopt, 8443), MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetDeliveryRetryAttempts(&g_sopt, 4), MI_RESULT_OK);
    g_scount = 8;
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_AddDeliveryCredentials(&g_sopt, &cred), MI_RESULT_OK);

    /* an instance, its class, a qualifier set and a parameter set */
    CHECK_EQ_INT(MI_Application_NewInstance(&g_app, MI_T("Sweep_Thing"), &sweep_thing_rtti, &g_inst), MI_RESULT_OK);
    if (g_inst != NULL) {
        v.string = MI_T("alpha");
        CHECK_EQ_INT(MI_Instance_SetElement(g_inst, MI_T("Name"), &v, MI_STRING, 0), MI_RESULT_OK);
        v.uint32 = 7;
        CHECK_EQ_INT(MI_Instance_SetElement(g_inst, MI_T("Size"), &v, MI_UINT32, 0), MI_RESULT_OK);
        CHECK_EQ_INT(MI_Instance_SetNameSpace(g_inst, MI_T("root/sweep")), MI_RESULT_OK);
        CHECK_EQ_INT(MI_Instance_SetServerName(g_inst, MI_T("sweep-host")), MI_RESULT_OK);
        CHECK_EQ_INT(MI_Instance_GetClass(g_inst, &g_cls), MI_RESULT_OK);
    }
    memset(&g_qs, 0, sizeof g_qs);
    memset(&g_ps, 0, sizeof g_ps);
    if (g_cls != NULL) {
        CHECK_EQ_INT(g_cls->ft->GetElement(g_cls, MI_T("Name"), NULL, NULL, NULL, NULL, &g_qs, NULL, NULL),
                     MI_RESULT_OK);
        CHECK_EQ_INT(g_cls->ft->GetMethod(g_cls, MI_T("Frob"), NULL, &g_ps, NULL), MI_RESULT_OK);
    }
    CHECK(g_qs.ft != NULL && g_ps.ft != NULL);

    /* what failed constructors leave */
    {
        MI_Char format[] = MI_T("MI_XML");
        memset(&g_ser, 0, sizeof g_ser);
        memset(&g_deser, 0, sizeof g_deser);
        memset(&g_hp, 0, sizeof g_hp);
        CHECK(g_app.ft->NewSerializer(&g_app, 0, format, &g_ser) == MI_RESULT_OK);
        CHECK(g_app.ft->NewDeserializer(&g_app, 0, format, &g_deser) == MI_RESULT_OK);
        CHECK(MI_Application_NewHostedProvider(&g_app, MI_T("root/sweep"), MI_T("SweepProvider"), sweep_main, NULL,
                                               &g_hp) != MI_RESULT_OK);
    }
}

static void free_fixture(void)
{
    SECTION("fixture teardown");
    if (g_cls != NULL)
        CHECK_EQ_INT(g_cls->ft->Delete(g_cls), MI_RESULT_OK);
    if (g_inst != NULL)
        CHECK_EQ_INT(MI_Instance_Delete(g_inst), MI_RESULT_OK);
    CHECK_EQ_INT(mi_clientFT_V1->serializerFT->Close(&g_ser), MI_RESULT_OK);
    CHECK_EQ_INT(mi_clientFT_V1->deserializerFT->Close(&g_deser), MI_RESULT_OK);
    MI_DestinationOptions_Delete(&g_dopt);
    MI_OperationOptions_Delete(&g_oopt);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_Delete(&g_sopt), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Session_Close(&g_sess_emb, NULL, NULL), MI_RESULT_OK);
    if (g_have_handler)
        CHECK_EQ_INT(MI_Session_Close(&g_sess_test, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&g_app), MI_RESULT_OK);
}

int main(void)
{
    int rows = 0, failed = 0, nsy = 0, noobj = 0, skipped = 0;
    const char *strict = getenv("MI_SWEEP_STRICT");
    tu_watchdog(120);
    g_strict = strict != NULL && strcmp(strict, "1") == 0;
    g_have_handler = so_load_handler();
    if (!g_have_handler)
        printf("note: MI_TEST_HANDLER is not set: rows on the test handler are skipped\n");
    build_fixture();
    for (int i = 0; i < N_TABLE; i++)
        run_fn(&g_table[i]);
    free_fixture();
    so_unload_handler();

    printf("\nrows per table (rows: passed / failed / not supported yet / untestable / skipped)\n");
    for (int i = 0; i < g_ntally; i++) {
        struct tally *t = &g_tally[i];
        printf("  %-40s %3d: %3d / %3d / %3d / %3d / %3d\n", t->table, t->rows, t->passed, t->failed, t->nsy,
               t->noobj, t->skipped);
        rows += t->rows, failed += t->failed, nsy += t->nsy, noobj += t->noobj, skipped += t->skipped;
        free((void *)t->table);
    }
    printf("  %-40s %3d rows, %d failed, %d not supported yet, %d untestable, %d skipped\n", "total", rows, failed,
           nsy, noobj, skipped);
    TEST_MAIN_END();
}
