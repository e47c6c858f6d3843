/*
 * host_context.c - the MI_Context slots that talk to the client: WriteProgress,
 * WriteMessage, PromptUser, ShouldProcess, ShouldContinue, WriteError, WriteCimError,
 * WriteStreamParameter and GetLocalSession, with their continuations (the provider waits
 * for the client's answer), the prompt and error modes of the operation options, the
 * defaults of a synchronous client, and Cancel while a provider waits for an answer.
 *
 * The provider (class MIRS_Ask, static method Run) is linked into this program and served
 * as a hosted provider, written the way generated providers are: a class declaration, a
 * parameter struct of MI_Const<Type>Field members, ConstructParameters, direct field writes.
 */
#include "testutil.h"

#include <mi.h>
#include <pthread.h>
#include <stddef.h>

#ifndef MI_CONST
#define MI_CONST const
#endif

#define COUNT(a) ((MI_Uint32)(sizeof(a) / sizeof((a)[0])))
#define CODE(first, last, len) (((MI_Uint32)(first) << 16) | ((MI_Uint32)(last) << 8) | (MI_Uint32)(len))

/* ---- the provider ------------------------------------------------------------------- */

typedef struct {
    MI_Instance __instance;
    MI_ConstStringField Name;
} MIRS_Ask;

typedef struct {
    MI_Instance __instance;
    MI_ConstUint32Field MIReturn;
    MI_ConstUint32Field Mode;
    MI_ConstBooleanField Prompt;
    MI_ConstBooleanField Process;
    MI_ConstBooleanField Continue;
    MI_ConstBooleanField Error;
    MI_ConstBooleanField CimError;
    MI_ConstUint32Field Sessions;
    MI_ConstUint32Field Refusals;
    MI_ConstUint32Field Codes;
} MIRS_Ask_Run;

extern MI_SchemaDecl ask_schema;

static MI_CONST MI_PropertyDecl Ask_Name_prop = {
    MI_FLAG_PROPERTY | MI_FLAG_KEY, CODE('n', 'e', 4), MI_T("Name"), NULL, 0, MI_STRING, NULL, 0,
    offsetof(MIRS_Ask, Name), MI_T("MIRS_Ask"), MI_T("MIRS_Ask"), NULL,
};
static MI_PropertyDecl MI_CONST *MI_CONST Ask_props[] = {&Ask_Name_prop};

#define PARAM(var, flags, c1, c2, len, name, type, field)                                            \
    static MI_CONST MI_ParameterDecl var = {                                                         \
        MI_FLAG_PARAMETER | (flags), CODE(c1, c2, len), MI_T(name), NULL, 0, type, NULL, 0,           \
        offsetof(MIRS_Ask_Run, field),                                                               \
    }
PARAM(Run_MIReturn, MI_FLAG_OUT, 'm', 'n', 8, "MIReturn", MI_UINT32, MIReturn);
PARAM(Run_Mode, MI_FLAG_IN, 'm', 'e', 4, "Mode", MI_UINT32, Mode);
PARAM(Run_Prompt, MI_FLAG_OUT, 'p', 't', 6, "Prompt", MI_BOOLEAN, Prompt);
PARAM(Run_Process, MI_FLAG_OUT, 'p', 's', 7, "Process", MI_BOOLEAN, Process);
PARAM(Run_Continue, MI_FLAG_OUT, 'c', 'e', 8, "Continue", MI_BOOLEAN, Continue);
PARAM(Run_Error, MI_FLAG_OUT, 'e', 'r', 5, "Error", MI_BOOLEAN, Error);
PARAM(Run_CimError, MI_FLAG_OUT, 'c', 'r', 8, "CimError", MI_BOOLEAN, CimError);
PARAM(Run_Sessions, MI_FLAG_OUT, 's', 's', 8, "Sessions", MI_UINT32, Sessions);
PARAM(Run_Refusals, MI_FLAG_OUT, 'r', 's', 8, "Refusals", MI_UINT32, Refusals);
PARAM(Run_Codes, MI_FLAG_OUT, 'c', 's', 5, "Codes", MI_UINT32, Codes);
static MI_ParameterDecl MI_CONST *MI_CONST Run_params[] = {
    &Run_MIReturn, &Run_Mode, &Run_Prompt, &Run_Process, &Run_Continue,
    &Run_Error, &Run_CimError, &Run_Sessions, &Run_Refusals, &Run_Codes,
};

static MI_CONST MI_MethodDecl Run_rtti; /* tentative definitions: defined below */
static MI_CONST MI_ClassDecl Ask_rtti;

/* What the provider saw in mode 1 (waiting on a prompt that Cancel interrupts). */
static atomic_int cancel_prompt_rc = -1;
static atomic_int cancel_prompt_answer = -1;
static atomic_int cancel_callback_fired = 0;

static void MI_CALL on_cancel(MI_CancellationReason reason, void *data)
{
    (void)reason;
    atomic_store((atomic_int *)data, 1);
}

static int same(const MI_Char *a, const MI_Char *b)
{
    if (!a || !b)
        return 0;
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* Mode 2: the remaining slots, each check one bit of Codes (all set: 0x3fff). */
static MI_Uint32 other_slots(MI_Context *context)
{
    MI_Uint32 bits = 0, n = 0, u = 0;
    MI_Char locale[MI_MAX_LOCALE_SIZE];
    const MI_Char *str = NULL, *name = NULL;
    MI_Type t = 0;
    MI_Value v;
    MI_Instance *params = NULL;
    MI_LifecycleIndicationContext *lc = (MI_LifecycleIndicationContext *)&n;
    locale[0] = 0;
    bits |= (context->ft->GetLocale(context, MI_LOCALE_TYPE_REQUESTED_UI, locale) == MI_RESULT_OK &&
             locale[0] != 0) << 0;
    bits |= (context->ft->GetLocale(context, MI_LOCALE_TYPE_CLOSEST_DATA, locale) == MI_RESULT_OK) << 1;
    bits |= (context->ft->GetLocale(context, (MI_LocaleType)9, locale) == MI_RESULT_INVALID_PARAMETER) << 2;
    bits |= (context->ft->RequestUnload(context) == MI_RESULT_OK && context->ft->RefuseUnload(context) == MI_RESULT_OK)
            << 3;
    /* the client's custom options: Color="blue" (string), Size=5 (number) */
    bits |= (context->ft->GetStringOption(context, MI_T("Color"), &str) == MI_RESULT_OK && same(str, MI_T("blue")))
            << 4;
    bits |= (context->ft->GetNumberOption(context, MI_T("Size"), &u) == MI_RESULT_OK && u == 5) << 5;
    bits |= (context->ft->GetStringOption(context, MI_T("Size"), &str) == MI_RESULT_TYPE_MISMATCH) << 6;
    bits |= (context->ft->GetStringOption(context, MI_T("Nope"), &str) == MI_RESULT_NO_SUCH_PROPERTY) << 7;
    bits |= (context->ft->GetCustomOption(context, MI_T("Color"), &t, &v) == MI_RESULT_OK && t == MI_STRING &&
             same(v.string, MI_T("blue")))
            << 8;
    bits |= (context->ft->GetCustomOptionCount(context, &n) == MI_RESULT_OK && n >= 2) << 9;
    bits |= (context->ft->GetCustomOptionAt(context, 0, &name, &t, &v) == MI_RESULT_OK && name != NULL) << 10;
    bits |= (context->ft->GetCustomOptionAt(context, 1000, &name, &t, &v) == MI_RESULT_INVALID_PARAMETER) << 11;
    if (context->ft->NewParameters(context, &Run_rtti, &params) == MI_RESULT_OK && params) {
        v.uint32 = 3;
        bits |= (params->ft->SetElement(params, MI_T("Mode"), &v, MI_UINT32, 0) == MI_RESULT_OK) << 12;
        params->ft->Delete(params);
    }
    /* documented as not supported (docs/STATUS.md), NULL written */
    bits |= (context->ft->GetLifecycleIndicationContext(context, &lc) == MI_RESULT_NOT_SUPPORTED && lc == NULL) << 13;
    return bits;
}

static MI_Uint32 count_through_local_session(MI_Context *context)
{
    MI_Session s;
    MI_Operation op = MI_OPERATION_NULL;
    const MI_Instance *inst = NULL;
    MI_Boolean more = MI_TRUE;
    MI_Result final = MI_RESULT_FAILED;
    MI_Uint32 n = 0;
    if (context->ft->GetLocalSession(context, &s) != MI_RESULT_OK)
        return 1000;
    MI_Session_EnumerateInstances(&s, 0, NULL, MI_T("root/ctx"), MI_T("MIRS_Ask"), MI_FALSE, NULL, &op);
    while (more && MI_Operation_GetInstance(&op, &inst, &more, &final, NULL, NULL) == MI_RESULT_OK)
        n += inst != NULL;
    MI_Operation_Close(&op);
    return final == MI_RESULT_OK ? n : 2000 + final;
}

static void MI_CALL Ask_Invoke_Run(void *self, MI_Context *context, const MI_Char *nameSpace,
                                   const MI_Char *className, const MI_Char *methodName,
                                   const MI_Instance *instanceName, const MI_Instance *in)
{
    const MIRS_Ask_Run *args = (const MIRS_Ask_Run *)in;
    MIRS_Ask_Run out;
    MI_Boolean b = MI_FALSE;
    MI_Uint32 refusals = 0, codes = 0;
    MI_Value v;
    MI_Instance *err = NULL;
    (void)self, (void)nameSpace, (void)className, (void)methodName, (void)instanceName;

    if (args->Mode.exists && args->Mode.value == 3) {
        /* The final result as a CIM error instance. */
        if (context->ft->NewDynamicInstance(context, MI_T("CIM_Error"), 0, &err) == MI_RESULT_OK) {
            v.uint32 = MI_RESULT_ACCESS_DENIED;
            err->ft->AddElement(err, MI_T("CIMStatusCode"), &v, MI_UINT32, 0);
            v.string = (MI_Char *)MI_T("no entry for you");
            err->ft->AddElement(err, MI_T("Message"), &v, MI_STRING, 0);
            context->ft->PostCimError(context, err);
            err->ft->Delete(err);
        } else {
            context->ft->PostResult(context, MI_RESULT_FAILED);
        }
        return;
    }
    if (args->Mode.exists && args->Mode.value == 1) {
        /* Wait for an answer that never comes: the client cancels. */
        MI_Result rc;
        context->ft->RegisterCancel(context, on_cancel, (void *)&cancel_callback_fired);
        rc = context->ft->PromptUser(context, MI_T("Waiting"), MI_PROMPTTYPE_NORMAL, &b);
        atomic_store(&cancel_prompt_answer, b);
        atomic_store(&cancel_prompt_rc, (int)rc);
        context->ft->PostResult(context, rc == MI_RESULT_OK ? MI_RESULT_OK : MI_RESULT_FAILED);
        return;
    }

    memset(&out, 0, sizeof(out));
    if (context->ft->ConstructParameters(context, &Run_rtti, &out.__instance) != MI_RESULT_OK) {
        context->ft->PostResult(context, MI_RESULT_FAILED);
        return;
    }
    if (args->Mode.exists && args->Mode.value == 2) {
        out.Codes.value = other_slots(context), out.Codes.exists = MI_TRUE;
        context->ft->PostInstance(context, &out.__instance);
        out.__instance.ft->Destruct(&out.__instance);
        context->ft->PostResult(context, MI_RESULT_OK);
        return;
    }
    /* Each call's result code must be OK: Codes counts the ones that were. */
    codes += context->ft->WriteProgress(context, MI_T("Asking"), MI_T("first"), MI_T("half way"), 50, 10) ==
             MI_RESULT_OK;
    codes += context->ft->WriteMessage(context, MI_WRITEMESSAGE_CHANNEL_VERBOSE, MI_T("hello")) == MI_RESULT_OK;
    codes += context->ft->PromptUser(context, MI_T("Proceed?"), MI_PROMPTTYPE_NORMAL, &b) == MI_RESULT_OK;
    out.Prompt.value = b, out.Prompt.exists = MI_TRUE;
    codes += context->ft->ShouldProcess(context, MI_T("target1"), MI_T("Delete"), &b) == MI_RESULT_OK;
    out.Process.value = b, out.Process.exists = MI_TRUE;
    codes += context->ft->ShouldContinue(context, MI_T("Really?"), &b) == MI_RESULT_OK;
    out.Continue.value = b, out.Continue.exists = MI_TRUE;
    codes += context->ft->WriteError(context, MI_RESULT_NOT_FOUND, MI_T("MI"), MI_T("missing thing"), &b) ==
             MI_RESULT_OK;
    out.Error.value = b, out.Error.exists = MI_TRUE;
    if (context->ft->NewDynamicInstance(context, MI_T("CIM_Error"), 0, &err) == MI_RESULT_OK) {
        v.uint32 = MI_RESULT_ACCESS_DENIED;
        err->ft->AddElement(err, MI_T("CIMStatusCode"), &v, MI_UINT32, 0);
        v.string = (MI_Char *)MI_T("no entry");
        err->ft->AddElement(err, MI_T("Message"), &v, MI_STRING, 0);
        codes += context->ft->WriteCimError(context, err, &b) == MI_RESULT_OK;
        out.CimError.value = b, out.CimError.exists = MI_TRUE;
        err->ft->Delete(err);
    }
    v.uint32 = 7;
    codes += context->ft->WriteStreamParameter(context, MI_T("Chunk"), &v, MI_UINT32, 0) == MI_RESULT_OK;
    v.string = (MI_Char *)MI_T("abc");
    codes += context->ft->WriteStreamParameter(context, MI_T("Chunk"), &v, MI_STRING, 0) == MI_RESULT_OK;
    out.Sessions.value = count_through_local_session(context), out.Sessions.exists = MI_TRUE;
    /* Bad arguments are refused with MI_RESULT_INVALID_PARAMETER. */
    refusals += context->ft->PromptUser(context, MI_T("x"), MI_PROMPTTYPE_NORMAL, NULL) == MI_RESULT_INVALID_PARAMETER;
    refusals += context->ft->PromptUser(context, MI_T("x"), (MI_PromptType)7, &b) == MI_RESULT_INVALID_PARAMETER;
    refusals += context->ft->WriteStreamParameter(context, NULL, &v, MI_STRING, 0) == MI_RESULT_INVALID_PARAMETER;
    refusals += context->ft->WriteStreamParameter(context, MI_T("Chunk"), &v, (MI_Type)99, 0) ==
                MI_RESULT_INVALID_PARAMETER;
    refusals += context->ft->GetLocalSession(context, NULL) == MI_RESULT_INVALID_PARAMETER;
    refusals += context->ft->WriteCimError(context, NULL, &b) == MI_RESULT_INVALID_PARAMETER;
    refusals += context->ft->WriteError(context, 1, MI_T("MI"), MI_T("m"), NULL) == MI_RESULT_INVALID_PARAMETER;
    /* OMI's answer: a provider cannot change the client's options. */
    refusals += context->ft->SetStringOption(context, MI_T("a"), MI_T("b")) == MI_RESULT_NOT_SUPPORTED;
    out.Refusals.value = refusals, out.Refusals.exists = MI_TRUE;
    out.Codes.value = codes, out.Codes.exists = MI_TRUE;
    out.MIReturn.value = 0, out.MIReturn.exists = MI_TRUE;
    context->ft->PostInstance(context, &out.__instance);
    out.__instance.ft->Destruct(&out.__instance);
    context->ft->PostResult(context, MI_RESULT_OK);
}

static MI_CONST MI_MethodDecl Run_rtti = {
    MI_FLAG_METHOD | MI_FLAG_STATIC, CODE('r', 'n', 3), MI_T("Run"), NULL, 0,
    Run_params, COUNT(Run_params), sizeof(MIRS_Ask_Run), MI_UINT32,
    MI_T("MIRS_Ask"), MI_T("MIRS_Ask"), &ask_schema, Ask_Invoke_Run,
};
static MI_MethodDecl MI_CONST *MI_CONST Ask_meths[] = {&Run_rtti};

static void MI_CALL Ask_Load(void **self, MI_Module_Self *selfModule, MI_Context *context)
{
    (void)selfModule;
    *self = NULL;
    context->ft->PostResult(context, MI_RESULT_OK);
}

static void MI_CALL Ask_Unload(void *self, MI_Context *context)
{
    (void)self;
    context->ft->PostResult(context, MI_RESULT_OK);
}

/* Two instances, enumerated by Run through the local session. */
static void MI_CALL Ask_Enumerate(void *self, MI_Context *context, const MI_Char *nameSpace,
                                  const MI_Char *className, const MI_PropertySet *propertySet,
                                  MI_Boolean keysOnly, const MI_Filter *filter)
{
    static const MI_Char *names[] = {MI_T("one"), MI_T("two")};
    unsigned i;
    (void)self, (void)nameSpace, (void)className, (void)propertySet, (void)keysOnly, (void)filter;
    for (i = 0; i < 2; i++) {
        MIRS_Ask a;
        memset(&a, 0, sizeof(a));
        if (context->ft->ConstructInstance(context, &Ask_rtti, &a.__instance) == MI_RESULT_OK) {
            a.Name.value = names[i], a.Name.exists = MI_TRUE;
            context->ft->PostInstance(context, &a.__instance);
            a.__instance.ft->Destruct(&a.__instance);
        }
    }
    context->ft->PostResult(context, MI_RESULT_OK);
}

static MI_CONST MI_ProviderFT Ask_funcs = {
    Ask_Load, Ask_Unload, NULL, Ask_Enumerate, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

static MI_CONST MI_ClassDecl Ask_rtti = {
    MI_FLAG_CLASS, CODE('m', 'k', 8), MI_T("MIRS_Ask"), NULL, 0, Ask_props, COUNT(Ask_props),
    sizeof(MIRS_Ask), NULL, NULL, Ask_meths, COUNT(Ask_meths), &ask_schema, &Ask_funcs, NULL,
};
static MI_ClassDecl MI_CONST *MI_CONST ask_classes[] = {&Ask_rtti};
MI_SchemaDecl ask_schema = {NULL, 0, ask_classes, COUNT(ask_classes)};

static void MI_CALL Module_Load(MI_Module_Self **self, MI_Context *context)
{
    *self = NULL;
    context->ft->PostResult(context, MI_RESULT_OK);
}

static void MI_CALL Module_Unload(MI_Module_Self *self, MI_Context *context)
{
    (void)self;
    context->ft->PostResult(context, MI_RESULT_OK);
}

static MI_Module *MI_MAIN_CALL Ask_Main(MI_Server *server)
{
    static MI_Module module;
    (void)server;
    module.charSize = sizeof(MI_Char);
    module.version = 1u << 16;
    module.generatorVersion = 1u << 16;
    module.schemaDecl = &ask_schema;
    module.Load = Module_Load;
    module.Unload = Module_Unload;
    return &module;
}

/* ---- the client --------------------------------------------------------------------- */

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int done;
    MI_Result final;
    /* out-parameters */
    int prompt, process, cont, error, cim_error, have_out;
    unsigned sessions, refusals, codes;
    /* callbacks seen */
    int prompts, prompts_with_reply, errors, errors_with_reply, progress, messages;
    int streamed_u32, streamed_str, critical_seen, process_msg_ok;
    unsigned error_codes[4];
    /* mode 1 */
    int waiting;
    /* the final's error string and details (mode 3) */
    int error_text_ok, details_code;
    /* answers */
    MI_OperationCallback_ResponseType answer_process;
    MI_OperationCallback_ResponseType answer_error;
} Run;

static MI_Boolean get_bool(const MI_Instance *inst, const MI_Char *name)
{
    MI_Value v;
    MI_Type t;
    if (inst->ft->GetElement(inst, name, &v, &t, NULL, NULL) != MI_RESULT_OK || t != MI_BOOLEAN)
        return 99;
    return v.boolean;
}

static unsigned get_u32(const MI_Instance *inst, const MI_Char *name)
{
    MI_Value v;
    MI_Type t;
    if (inst->ft->GetElement(inst, name, &v, &t, NULL, NULL) != MI_RESULT_OK || t != MI_UINT32)
        return 9999;
    return v.uint32;
}

static int has_text(const MI_Char *s, const MI_Char *needle)
{
    size_t n = 0, i, j;
    if (!s)
        return 0;
    while (needle[n])
        n++;
    for (i = 0; s[i]; i++) {
        for (j = 0; j < n && s[i + j] == needle[j]; j++)
            ;
        if (j == n)
            return 1;
    }
    return 0;
}

static void MI_CALL on_result(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                              MI_Result result, const MI_Char *err, const MI_Instance *details,
                              MI_Result(MI_CALL *ack)(MI_Operation *))
{
    Run *r = ctx;
    pthread_mutex_lock(&r->lock);
    if (!more) {
        r->error_text_ok = has_text(err, MI_T("no entry for you"));
        r->details_code = details ? (int)get_u32(details, MI_T("CIMStatusCode")) : -1;
    }
    if (inst) {
        r->have_out = 1;
        r->prompt = get_bool(inst, MI_T("Prompt"));
        r->process = get_bool(inst, MI_T("Process"));
        r->cont = get_bool(inst, MI_T("Continue"));
        r->error = get_bool(inst, MI_T("Error"));
        r->cim_error = get_bool(inst, MI_T("CimError"));
        r->sessions = get_u32(inst, MI_T("Sessions"));
        r->refusals = get_u32(inst, MI_T("Refusals"));
        r->codes = get_u32(inst, MI_T("Codes"));
    }
    if (!more) {
        r->final = result;
        r->done = 1;
        pthread_cond_broadcast(&r->cond);
    }
    pthread_mutex_unlock(&r->lock);
    if (ack)
        ack(op);
}

/* Answers the ShouldContinue prompt from another thread, a little later. */
typedef struct {
    MI_Operation op;
    MI_Result(MI_CALL *reply)(MI_Operation *, MI_OperationCallback_ResponseType);
} Later;

static void *answer_later(void *arg)
{
    Later *l = arg;
    tu_sleep_ms(100);
    l->reply(&l->op, MI_OperationCallback_ResponseType_YesToAll);
    free(l);
    return NULL;
}

static void MI_CALL on_prompt(MI_Operation *op, void *ctx, const MI_Char *message, MI_PromptType type,
                              MI_Result(MI_CALL *reply)(MI_Operation *, MI_OperationCallback_ResponseType))
{
    Run *r = ctx;
    pthread_mutex_lock(&r->lock);
    r->prompts++;
    r->prompts_with_reply += reply != NULL;
    if (has_text(message, MI_T("Waiting")))
        r->waiting = 1;
    if (has_text(message, MI_T("target1")) && has_text(message, MI_T("Delete")))
        r->process_msg_ok = 1;
    if (type == MI_PROMPTTYPE_CRITICAL)
        r->critical_seen++;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
    if (!reply || has_text(message, MI_T("Waiting")))
        return; /* report mode, or the cancel test: no answer */
    if (has_text(message, MI_T("target1"))) {
        reply(op, r->answer_process);
    } else if (type == MI_PROMPTTYPE_CRITICAL) {
        pthread_t t;
        Later *l = malloc(sizeof(*l));
        l->op = *op; /* a copy of the handle: answers work on copies */
        l->reply = reply;
        pthread_create(&t, NULL, answer_later, l);
        pthread_detach(t);
    } else {
        reply(op, MI_OperationCallback_ResponseType_Yes);
    }
}

static void MI_CALL on_write_error(MI_Operation *op, void *ctx, MI_Instance *inst,
                                   MI_Result(MI_CALL *reply)(MI_Operation *, MI_OperationCallback_ResponseType))
{
    Run *r = ctx;
    pthread_mutex_lock(&r->lock);
    if (r->errors < 4)
        r->error_codes[r->errors] = get_u32(inst, MI_T("CIMStatusCode"));
    r->errors++;
    r->errors_with_reply += reply != NULL;
    pthread_mutex_unlock(&r->lock);
    if (reply)
        reply(op, r->answer_error);
}

static void MI_CALL on_message(MI_Operation *op, void *ctx, MI_Uint32 channel, const MI_Char *message)
{
    Run *r = ctx;
    (void)op;
    pthread_mutex_lock(&r->lock);
    r->messages += channel == MI_WRITEMESSAGE_CHANNEL_VERBOSE && has_text(message, MI_T("hello"));
    pthread_mutex_unlock(&r->lock);
}

static void MI_CALL on_progress(MI_Operation *op, void *ctx, const MI_Char *activity, const MI_Char *current,
                                const MI_Char *status, MI_Uint32 percent, MI_Uint32 seconds)
{
    Run *r = ctx;
    (void)op;
    pthread_mutex_lock(&r->lock);
    r->progress += has_text(activity, MI_T("Asking")) && has_text(current, MI_T("first")) &&
                   has_text(status, MI_T("half")) && percent == 50 && seconds == 10;
    pthread_mutex_unlock(&r->lock);
}

static void MI_CALL on_streamed(MI_Operation *op, void *ctx, const MI_Char *name, MI_Type type,
                                const MI_Value *value, MI_Result(MI_CALL *ack)(MI_Operation *))
{
    Run *r = ctx;
    pthread_mutex_lock(&r->lock);
    if (has_text(name, MI_T("Chunk"))) {
        r->streamed_u32 += type == MI_UINT32 && value->uint32 == 7;
        r->streamed_str += type == MI_STRING && has_text(value->string, MI_T("abc"));
    }
    pthread_mutex_unlock(&r->lock);
    if (ack)
        ack(op);
}

static MI_Instance *new_params(MI_Application *app, MI_Uint32 mode)
{
    MI_Instance *p = NULL;
    MI_Value v;
    if (MI_Application_NewParameterSet(app, NULL, &p) != MI_RESULT_OK)
        return NULL;
    v.uint32 = mode;
    p->ft->AddElement(p, MI_T("Mode"), &v, MI_UINT32, 0);
    return p;
}

static void run_init(Run *r)
{
    memset(r, 0, sizeof(*r));
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->cond, NULL);
    r->answer_process = MI_OperationCallback_ResponseType_No;
    r->answer_error = MI_OperationCallback_ResponseType_No;
}

static int wait_done(Run *r)
{
    int ok = 1;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 20;
    pthread_mutex_lock(&r->lock);
    while (!r->done && ok)
        ok = pthread_cond_timedwait(&r->cond, &r->lock, &until) == 0;
    pthread_mutex_unlock(&r->lock);
    return r->done;
}

/* An asynchronous Invoke of Run with every callback set. */
static void invoke_async(MI_Session *s, MI_Application *app, MI_OperationOptions *opts, Run *r, MI_Uint32 mode,
                         MI_Operation *op)
{
    MI_OperationCallbacks cb;
    MI_Instance *params = new_params(app, mode);
    memset(&cb, 0, sizeof(cb));
    cb.callbackContext = r;
    cb.instanceResult = on_result;
    cb.promptUser = on_prompt;
    cb.writeError = on_write_error;
    cb.writeMessage = on_message;
    cb.writeProgress = on_progress;
    cb.streamedParameterResult = on_streamed;
    MI_Session_Invoke(s, 0, opts, MI_T("root/ctx"), MI_T("MIRS_Ask"), MI_T("Run"), NULL, params, &cb, op);
    if (params)
        MI_Instance_Delete(params);
}

int main(void)
{
    MI_Application app = MI_APPLICATION_NULL;
    MI_Session s = MI_SESSION_NULL;
    MI_HostedProvider hp = MI_HOSTEDPROVIDER_NULL;
    MI_Operation op = MI_OPERATION_NULL;
    MI_OperationOptions opts = MI_OPERATIONOPTIONS_NULL;
    Run r;

    tu_watchdog(60);
    if (!CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("host_context"), NULL, &app), MI_RESULT_OK))
        return 1;
    CHECK_EQ_INT(MI_Application_NewHostedProvider(&app, MI_T("root/ctx"), MI_T("Ask"), Ask_Main, NULL, &hp),
                 MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, NULL, NULL, NULL, NULL, &s), MI_RESULT_OK);

    SECTION("asynchronous client, default modes: prompts asked, errors reported");
    run_init(&r);
    invoke_async(&s, &app, NULL, &r, 0, &op);
    CHECK(wait_done(&r));
    CHECK_EQ_INT(r.final, MI_RESULT_OK);
    CHECK(r.have_out);
    CHECK_EQ_INT(r.codes, 9);            /* every call returned MI_RESULT_OK */
    CHECK_EQ_INT(r.refusals, 8);         /* every bad argument refused */
    CHECK_EQ_INT(r.sessions, 2);         /* the local session reached the same host */
    CHECK_EQ_INT(r.prompt, MI_TRUE);     /* answered Yes inside the callback */
    CHECK_EQ_INT(r.process, MI_FALSE);   /* answered No */
    CHECK_EQ_INT(r.cont, MI_TRUE);       /* YesToAll, from another thread 100 ms later */
    CHECK_EQ_INT(r.error, MI_TRUE);      /* report mode: the provider goes on */
    CHECK_EQ_INT(r.cim_error, MI_TRUE);
    CHECK_EQ_INT(r.prompts, 3);
    CHECK_EQ_INT(r.prompts_with_reply, 3);
    CHECK_EQ_INT(r.critical_seen, 1);    /* ShouldContinue asks a critical question */
    CHECK(r.process_msg_ok);             /* ShouldProcess names the target and the action */
    CHECK_EQ_INT(r.errors, 2);
    CHECK_EQ_INT(r.errors_with_reply, 0); /* report mode: no writeErrorResult */
    CHECK_EQ_INT(r.error_codes[0], MI_RESULT_NOT_FOUND);
    CHECK_EQ_INT(r.error_codes[1], MI_RESULT_ACCESS_DENIED);
    CHECK_EQ_INT(r.progress, 1);
    CHECK_EQ_INT(r.messages, 1);
    CHECK_EQ_INT(r.streamed_u32, 1);
    CHECK_EQ_INT(r.streamed_str, 1);
    MI_Operation_Close(&op);

    SECTION("write error mode INQUIRE: the client decides (No, then YesToAll)");
    CHECK_EQ_INT(MI_Application_NewOperationOptions(&app, MI_FALSE, &opts), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetWriteErrorMode(&opts, MI_CALLBACKMODE_INQUIRE), MI_RESULT_OK);
    run_init(&r);
    r.answer_error = MI_OperationCallback_ResponseType_No;
    invoke_async(&s, &app, &opts, &r, 0, &op);
    CHECK(wait_done(&r));
    CHECK_EQ_INT(r.final, MI_RESULT_OK);
    CHECK_EQ_INT(r.errors, 2);
    CHECK_EQ_INT(r.errors_with_reply, 2);
    CHECK_EQ_INT(r.error, MI_FALSE);
    CHECK_EQ_INT(r.cim_error, MI_FALSE);
    MI_Operation_Close(&op);
    run_init(&r);
    r.answer_error = MI_OperationCallback_ResponseType_YesToAll;
    invoke_async(&s, &app, &opts, &r, 0, &op);
    CHECK(wait_done(&r));
    CHECK_EQ_INT(r.errors, 1); /* the second error is not asked: yes to all */
    CHECK_EQ_INT(r.error, MI_TRUE);
    CHECK_EQ_INT(r.cim_error, MI_TRUE);
    MI_Operation_Close(&op);
    MI_OperationOptions_Delete(&opts);

    SECTION("prompt mode IGNORE: the client is not asked, the provider is told yes");
    CHECK_EQ_INT(MI_Application_NewOperationOptions(&app, MI_FALSE, &opts), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetPromptUserMode(&opts, MI_CALLBACKMODE_IGNORE), MI_RESULT_OK);
    run_init(&r);
    invoke_async(&s, &app, &opts, &r, 0, &op);
    CHECK(wait_done(&r));
    CHECK_EQ_INT(r.prompts, 0);
    CHECK_EQ_INT(r.prompt, MI_TRUE);
    CHECK_EQ_INT(r.process, MI_TRUE);
    CHECK_EQ_INT(r.cont, MI_TRUE);
    MI_Operation_Close(&op);
    MI_OperationOptions_Delete(&opts);

    SECTION("prompt mode REPORT with ack value false: told, not asked, the answer is no");
    CHECK_EQ_INT(MI_Application_NewOperationOptions(&app, MI_FALSE, &opts), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetPromptUserRegularMode(&opts, MI_CALLBACKMODE_REPORT, MI_FALSE),
                 MI_RESULT_OK);
    run_init(&r);
    invoke_async(&s, &app, &opts, &r, 0, &op);
    CHECK(wait_done(&r));
    CHECK_EQ_INT(r.prompts, 3);
    CHECK_EQ_INT(r.prompts_with_reply, 0);
    CHECK_EQ_INT(r.prompt, MI_FALSE);
    CHECK_EQ_INT(r.process, MI_FALSE);
    MI_Operation_Close(&op);
    MI_OperationOptions_Delete(&opts);

    SECTION("synchronous client: nobody to ask, the provider is told yes");
    {
        MI_Instance *params = new_params(&app, 0);
        const MI_Instance *out = NULL;
        MI_Boolean more = MI_TRUE;
        MI_Result final = MI_RESULT_FAILED;
        MI_Session_Invoke(&s, 0, NULL, MI_T("root/ctx"), MI_T("MIRS_Ask"), MI_T("Run"), NULL, params, NULL, &op);
        CHECK_EQ_INT(MI_Operation_GetInstance(&op, &out, &more, &final, NULL, NULL), MI_RESULT_OK);
        if (CHECK(out != NULL)) {
            CHECK_EQ_INT(get_bool(out, MI_T("Prompt")), MI_TRUE);
            CHECK_EQ_INT(get_bool(out, MI_T("Process")), MI_TRUE);
            CHECK_EQ_INT(get_bool(out, MI_T("Continue")), MI_TRUE);
            CHECK_EQ_INT(get_bool(out, MI_T("Error")), MI_TRUE);
            CHECK_EQ_INT(get_u32(out, MI_T("Codes")), 9);
            CHECK_EQ_INT(get_u32(out, MI_T("Sessions")), 2);
        }
        while (more && MI_Operation_GetInstance(&op, &out, &more, &final, NULL, NULL) == MI_RESULT_OK)
            ;
        CHECK_EQ_INT(final, MI_RESULT_OK);
        MI_Operation_Close(&op);
        MI_Instance_Delete(params);
    }

    SECTION("Cancel while the provider waits for an answer");
    run_init(&r);
    invoke_async(&s, &app, NULL, &r, 1, &op);
    {
        int i;
        for (i = 0; i < 200 && !r.waiting; i++)
            tu_sleep_ms(10);
    }
    CHECK(r.waiting);
    CHECK_EQ_INT(MI_Operation_Cancel(&op, MI_REASON_NONE), MI_RESULT_OK);
    CHECK(wait_done(&r));
    CHECK_EQ_INT(r.final, MI_RESULT_FAILED);
    {
        int i;
        for (i = 0; i < 200 && atomic_load(&cancel_prompt_rc) < 0; i++)
            tu_sleep_ms(10);
    }
    CHECK_EQ_INT(atomic_load(&cancel_prompt_rc), MI_RESULT_FAILED);
    CHECK_EQ_INT(atomic_load(&cancel_prompt_answer), MI_FALSE);
    MI_Operation_Close(&op);

    CHECK_EQ_INT(atomic_load(&cancel_callback_fired), 1); /* RegisterCancel's callback ran */

    SECTION("the other slots: locale, unload requests, the client's options, NewParameters");
    CHECK_EQ_INT(MI_Application_NewOperationOptions(&app, MI_FALSE, &opts), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetString(&opts, MI_T("Color"), MI_T("blue"), 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetNumber(&opts, MI_T("Size"), 5, 0), MI_RESULT_OK);
    run_init(&r);
    invoke_async(&s, &app, &opts, &r, 2, &op);
    CHECK(wait_done(&r));
    CHECK_EQ_INT(r.final, MI_RESULT_OK);
    CHECK_EQ_INT(r.codes, 0x3fff);
    MI_Operation_Close(&op);
    MI_OperationOptions_Delete(&opts);

    SECTION("PostCimError: the code, the message and the instance reach the final result");
    run_init(&r);
    invoke_async(&s, &app, NULL, &r, 3, &op);
    CHECK(wait_done(&r));
    CHECK_EQ_INT(r.final, MI_RESULT_ACCESS_DENIED);
    CHECK(r.error_text_ok);
    CHECK_EQ_INT(r.details_code, MI_RESULT_ACCESS_DENIED);
    MI_Operation_Close(&op);

    SECTION("Close with the local session open: no hang");
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    TEST_MAIN_END();
}
