/*
 * options_handler.c - options given by the client reach the protocol handler: the session's
 * MI_DestinationOptions, each operation's MI_OperationOptions and Subscribe's
 * MI_SubscriptionDeliveryOptions, as copies that outlive the client's own objects. A plain
 * client of the public API, run like lifecycle_handler.c: MI_CONFIG registers the test
 * handler (tests/c/handler/testhandler.c) as the default local protocol handler,
 * MI_TEST_HANDLER names its file (this program dlopens it too, to read its counters).
 *
 * The handler's behaviours "Options" (inline, inside the start call) and "OptionsThread:MS"
 * (a handler thread, MS ms later: after this program deleted its own options objects)
 * deliver one TestHandler_Options instance whose elements say what the handler read through
 * the options tables it was given (an element is absent when its read failed or the options
 * were NULL), then the final result: MI_RESULT_OK, or MI_RESULT_FAILED if the session's
 * destination options read differently at operation time than inside NewSession.
 */
#include "testutil.h"
#include "handler/testhandler.h"

#include <mi.h>

#include <dlfcn.h>

static TestHandler_CounterFn live_objects, handler_threads, violations, live_instances;

#define NS MI_T("root/test")
#define LOCALE_1 MI_T("de-DE")
#define LOCALE_2 MI_T("en-US")
#define USER_1 MI_T("alice")
#define USER_2 MI_T("bob")
#define PASSWORD_1 MI_T("s3cret-Pa55")
#define PASSWORD_2 MI_T("hunter2, but longer")
#define RESOURCE_URI MI_T("http://x/y")
#define TIMEOUT_SECONDS 7

/* ---- what the handler reported ---------------------------------------------------------- */

#define TEXT 256

struct report {
    int results;          /* instances/indications before the final */
    int class_ok;         /* every result was a TestHandler_Options */
    MI_Uint32 elements;   /* element count of the (last) result */
    int has_op_count, has_uri, has_timeout, has_dest_count, has_locale, has_creds,
        has_password, has_user, has_delivery_count;
    MI_Uint32 op_count, timeout, dest_count, creds, delivery_count;
    char uri[TEXT], locale[TEXT], password[TEXT], user[TEXT];
    MI_Result final;
    char message[TEXT];
    int pull_errors;
};

static int get_u32(const MI_Instance *inst, const MI_Char *name, MI_Uint32 *out)
{
    MI_Value v;
    MI_Type t;
    if (inst->ft->GetElement(inst, name, &v, &t, NULL, NULL) != MI_RESULT_OK)
        return 0;
    if (!CHECK_EQ_INT(t, MI_UINT32))
        return 0;
    *out = v.uint32;
    return 1;
}

static int get_str(const MI_Instance *inst, const MI_Char *name, char *out)
{
    MI_Value v;
    MI_Type t;
    if (inst->ft->GetElement(inst, name, &v, &t, NULL, NULL) != MI_RESULT_OK)
        return 0;
    if (!CHECK_EQ_INT(t, MI_STRING) || !CHECK(v.string != NULL))
        return 0;
    snprintf(out, TEXT, "%s", v.string);
    return 1;
}

static void record(struct report *rep, const MI_Instance *inst)
{
    const MI_Char *cls = NULL;
    rep->results++;
    if (!CHECK(inst != NULL && inst->ft != NULL))
        return;
    if (inst->ft->GetClassName(inst, &cls) != MI_RESULT_OK || cls == NULL ||
        strcmp(cls, TESTHANDLER_OPTIONS_CLASS) != 0)
        rep->class_ok = 0;
    CHECK_EQ_INT(inst->ft->GetElementCount(inst, &rep->elements), MI_RESULT_OK);
    rep->has_op_count = get_u32(inst, MI_T("OperationOptionCount"), &rep->op_count);
    rep->has_uri = get_str(inst, MI_T("ResourceUri"), rep->uri);
    rep->has_timeout = get_u32(inst, MI_T("TimeoutSeconds"), &rep->timeout);
    rep->has_dest_count = get_u32(inst, MI_T("DestinationOptionCount"), &rep->dest_count);
    rep->has_locale = get_str(inst, MI_T("DataLocale"), rep->locale);
    rep->has_creds = get_u32(inst, MI_T("CredentialsCount"), &rep->creds);
    rep->has_password = get_str(inst, MI_T("Password"), rep->password);
    rep->has_user = get_str(inst, MI_T("UserName"), rep->user);
    rep->has_delivery_count = get_u32(inst, MI_T("DeliveryOptionCount"), &rep->delivery_count);
}

/* Pulls every result of a synchronous operation (indications if `indications`), then
   closes it. */
static void pull(MI_Operation *op, int indications, struct report *rep)
{
    MI_Boolean more = MI_TRUE;
    memset(rep, 0, sizeof *rep);
    rep->class_ok = 1;
    rep->final = (MI_Result)9999;
    for (int n = 0; more && n < 10; n++) {
        const MI_Instance *inst = NULL;
        const MI_Char *bookmark = NULL, *machine = NULL, *message = NULL;
        const MI_Instance *details = NULL;
        MI_Result res = MI_RESULT_OK, r;
        if (indications)
            r = MI_Operation_GetIndication(op, &inst, &bookmark, &machine, &more, &res, &message, &details);
        else
            r = MI_Operation_GetInstance(op, &inst, &more, &res, &message, &details);
        if (!CHECK_EQ_INT(r, MI_RESULT_OK)) {
            rep->pull_errors++;
            break;
        }
        if (more) {
            record(rep, inst);
            if (indications)
                CHECK(bookmark != NULL && strcmp(bookmark, "bm-0") == 0);
        } else {
            rep->final = res;
            snprintf(rep->message, TEXT, "%s", message != NULL ? message : "");
        }
    }
    CHECK(!more);
    CHECK_EQ_INT(MI_Operation_Close(op), MI_RESULT_OK);
}

/* The destination options elements of a session opened with (locale, user, password). */
static void check_destination(const struct report *rep, const char *locale, const char *user,
                              const char *password)
{
    if (CHECK(rep->has_dest_count))
        CHECK_EQ_INT(rep->dest_count, 1); /* the locale (credentials are counted apart) */
    if (CHECK(rep->has_locale))
        CHECK(strcmp(rep->locale, locale) == 0);
    if (CHECK(rep->has_creds))
        CHECK_EQ_INT(rep->creds, 1);
    if (CHECK(rep->has_user))
        CHECK(strcmp(rep->user, user) == 0);
    if (CHECK(rep->has_password))
        CHECK(strcmp(rep->password, password) == 0);
}

static void check_operation(const struct report *rep)
{
    if (CHECK(rep->has_op_count))
        CHECK_EQ_INT(rep->op_count, 2); /* the resource URI and the timeout */
    if (CHECK(rep->has_uri))
        CHECK(strcmp(rep->uri, RESOURCE_URI) == 0);
    if (CHECK(rep->has_timeout))
        CHECK_EQ_INT(rep->timeout, TIMEOUT_SECONDS);
}

static void check_final_ok(const struct report *rep, const char *what)
{
    if (!CHECK_EQ_INT(rep->results, 1) || !CHECK(rep->class_ok) ||
        !CHECK_EQ_INT(rep->final, MI_RESULT_OK) || !CHECK_EQ_INT(rep->pull_errors, 0))
        fprintf(stderr, "   in %s: final message \"%s\"\n", what, rep->message);
}

/* ---- building options ---------------------------------------------------------------------- */

static MI_Application new_app(void)
{
    MI_Application app = MI_APPLICATION_NULL;
    CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("options_handler"), NULL, &app), MI_RESULT_OK);
    return app;
}

/* A session whose destination options are deleted by the client right after NewSession. */
static MI_Session session_with(MI_Application *app, const char *locale, const char *user,
                               const char *password)
{
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    MI_Session s = MI_SESSION_NULL;
    MI_UserCredentials c;
    memset(&c, 0, sizeof c);
    c.authenticationType = MI_AUTH_TYPE_BASIC;
    c.credentials.usernamePassword.domain = MI_T("DOM");
    c.credentials.usernamePassword.username = user;
    c.credentials.usernamePassword.password = password;
    CHECK_EQ_INT(MI_Application_NewDestinationOptions(app, &d), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_SetDataLocale(&d, locale), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_AddDestinationCredentials(&d, &c), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_NewSession(app, NULL, NULL, &d, NULL, NULL, &s), MI_RESULT_OK);
    MI_DestinationOptions_Delete(&d); /* the session keeps its own copy */
    return s;
}

static MI_OperationOptions new_operation_options(MI_Application *app)
{
    MI_OperationOptions o = MI_OPERATIONOPTIONS_NULL;
    MI_Interval timeout;
    memset(&timeout, 0, sizeof timeout);
    timeout.seconds = TIMEOUT_SECONDS;
    CHECK_EQ_INT(MI_Application_NewOperationOptions(app, MI_FALSE, &o), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetResourceUri(&o, RESOURCE_URI), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetTimeout(&o, &timeout), MI_RESULT_OK);
    return o;
}

static const char *const behaviours[] = {"Options", "OptionsThread:50"};

/* ---- sections ------------------------------------------------------------------------------ */

static void enumerate_with_options(void)
{
    MI_Application app = new_app();
    MI_Session s1 = session_with(&app, LOCALE_1, USER_1, PASSWORD_1);
    MI_Session s2 = session_with(&app, LOCALE_2, USER_2, PASSWORD_2);
    SECTION("EnumerateInstances: destination and operation options reach the handler");
    for (int b = 0; b < 2; b++) {
        for (int which = 0; which < 2; which++) {
            MI_Session *s = which == 0 ? &s1 : &s2;
            MI_OperationOptions o = new_operation_options(&app);
            MI_Operation op = MI_OPERATION_NULL;
            struct report rep;
            MI_Session_EnumerateInstances(s, 0, &o, NS, behaviours[b], MI_FALSE, NULL, &op);
            MI_OperationOptions_Delete(&o); /* the operation keeps its own copy */
            pull(&op, 0, &rep);
            check_final_ok(&rep, behaviours[b]);
            check_operation(&rep);
            if (which == 0)
                check_destination(&rep, LOCALE_1, USER_1, PASSWORD_1);
            else
                check_destination(&rep, LOCALE_2, USER_2, PASSWORD_2);
            CHECK(!rep.has_delivery_count);
            CHECK_EQ_INT(rep.elements, 8);
        }
    }
    SECTION("EnumerateInstances: no operation options, destination options still there");
    {
        MI_Operation op = MI_OPERATION_NULL;
        struct report rep;
        MI_Session_EnumerateInstances(&s1, 0, NULL, NS, "Options", MI_FALSE, NULL, &op);
        pull(&op, 0, &rep);
        check_final_ok(&rep, "Options, NULL operation options");
        CHECK(!rep.has_op_count && !rep.has_uri && !rep.has_timeout);
        check_destination(&rep, LOCALE_1, USER_1, PASSWORD_1);
        CHECK_EQ_INT(rep.elements, 5);
    }
    CHECK_EQ_INT(MI_Session_Close(&s1, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Session_Close(&s2, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

static void subscribe_with_options(void)
{
    MI_Application app = new_app();
    MI_Session s = session_with(&app, LOCALE_1, USER_1, PASSWORD_1);
    SECTION("Subscribe: delivery options reach the handler too");
    for (int b = 0; b < 2; b++) {
        MI_OperationOptions o = new_operation_options(&app);
        MI_SubscriptionDeliveryOptions d = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
        MI_Operation op = MI_OPERATION_NULL;
        struct report rep;
        CHECK_EQ_INT(MI_Application_NewSubscriptionDeliveryOptions(&app, MI_SubscriptionDeliveryType_Pull, &d),
                     MI_RESULT_OK);
        CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetString(&d, MI_T("custom"), MI_T("value"), 0), MI_RESULT_OK);
        CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetNumber(&d, MI_T("number"), 5, 0), MI_RESULT_OK);
        MI_Session_Subscribe(&s, 0, &o, NS, MI_T("WQL"), behaviours[b], &d, NULL, &op);
        MI_SubscriptionDeliveryOptions_Delete(&d); /* the operation keeps its own copies */
        MI_OperationOptions_Delete(&o);
        pull(&op, 1, &rep);
        check_final_ok(&rep, behaviours[b]);
        check_operation(&rep);
        check_destination(&rep, LOCALE_1, USER_1, PASSWORD_1);
        if (CHECK(rep.has_delivery_count))
            CHECK_EQ_INT(rep.delivery_count, 2); /* the string and the number set here */
        CHECK_EQ_INT(rep.elements, 9);
    }
    SECTION("Subscribe: NULL delivery options and NULL operation options");
    {
        MI_Operation op = MI_OPERATION_NULL;
        struct report rep;
        MI_Session_Subscribe(&s, 0, NULL, NS, MI_T("WQL"), "Options", NULL, NULL, &op);
        pull(&op, 1, &rep);
        check_final_ok(&rep, "Subscribe Options, NULL options");
        CHECK(!rep.has_delivery_count && !rep.has_op_count);
        CHECK_EQ_INT(rep.elements, 5);
    }
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

static void no_options(void)
{
    MI_Application app = new_app();
    MI_Session s = MI_SESSION_NULL;
    SECTION("NULL options everywhere: the handler reads nothing");
    CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, NULL, NULL, NULL, NULL, &s), MI_RESULT_OK);
    for (int b = 0; b < 2; b++) {
        MI_Operation op = MI_OPERATION_NULL;
        struct report rep;
        MI_Session_EnumerateInstances(&s, 0, NULL, NS, behaviours[b], MI_FALSE, NULL, &op);
        pull(&op, 0, &rep);
        check_final_ok(&rep, behaviours[b]);
        CHECK_EQ_INT(rep.elements, 0);
        MI_Session_Subscribe(&s, 0, NULL, NS, MI_T("WQL"), behaviours[b], NULL, NULL, &op);
        pull(&op, 1, &rep);
        check_final_ok(&rep, behaviours[b]);
        CHECK_EQ_INT(rep.elements, 0);
    }
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);

    SECTION("options structs with a NULL ft count as no options");
    {
        MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
        MI_OperationOptions o = MI_OPERATIONOPTIONS_NULL;
        MI_SubscriptionDeliveryOptions sd = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
        MI_Operation op = MI_OPERATION_NULL;
        struct report rep;
        int v0 = violations();
        CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, NULL, &d, NULL, NULL, &s), MI_RESULT_OK);
        MI_Session_EnumerateInstances(&s, 0, &o, NS, "Options", MI_FALSE, NULL, &op);
        pull(&op, 0, &rep);
        check_final_ok(&rep, "Options, NULL-ft options");
        CHECK_EQ_INT(rep.elements, 0);
        MI_Session_Subscribe(&s, 0, &o, NS, MI_T("WQL"), "Options", &sd, NULL, &op);
        pull(&op, 1, &rep);
        check_final_ok(&rep, "Subscribe Options, NULL-ft options");
        CHECK_EQ_INT(rep.elements, 0);
        CHECK_EQ_INT(violations(), v0); /* the handler got NULL, not the NULL-ft structs */
        CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    }

    SECTION("a session with options, an operation without");
    {
        MI_Session s2 = session_with(&app, LOCALE_2, USER_2, PASSWORD_2);
        MI_Operation op = MI_OPERATION_NULL;
        struct report rep;
        MI_Session_EnumerateInstances(&s2, 0, NULL, NS, "OptionsThread:20", MI_FALSE, NULL, &op);
        pull(&op, 0, &rep);
        check_final_ok(&rep, "OptionsThread:20, NULL operation options");
        check_destination(&rep, LOCALE_2, USER_2, PASSWORD_2);
        CHECK(!rep.has_op_count);
        CHECK_EQ_INT(MI_Session_Close(&s2, NULL, NULL), MI_RESULT_OK);
    }
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
}

int main(void)
{
    const char *path = getenv("MI_TEST_HANDLER");
    void *handler;
    tu_watchdog(120);
    if (!CHECK(path != NULL) || !CHECK(getenv("MI_CONFIG") != NULL))
        TEST_MAIN_END();
    handler = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!CHECK(handler != NULL))
        TEST_MAIN_END();
    live_objects = (TestHandler_CounterFn)dlsym(handler, "TestHandler_LiveObjects");
    handler_threads = (TestHandler_CounterFn)dlsym(handler, "TestHandler_Threads");
    violations = (TestHandler_CounterFn)dlsym(handler, "TestHandler_Violations");
    live_instances = (TestHandler_CounterFn)dlsym(handler, "TestHandler_LiveInstances");
    if (!CHECK(live_objects && handler_threads && violations && live_instances))
        TEST_MAIN_END();

    enumerate_with_options();
    subscribe_with_options();
    no_options();

    SECTION("nothing left behind, no plug-in rule broken");
    CHECK_EQ_INT(live_objects(), 0);
    CHECK_EQ_INT(handler_threads(), 0);
    CHECK_EQ_INT(live_instances(), 0);
    CHECK_EQ_INT(violations(), 0);
    dlclose(handler);
    TEST_MAIN_END();
}
