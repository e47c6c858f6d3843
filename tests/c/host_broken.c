/*
 * host_broken.c - the provider host with broken providers and registrations
 * (tests/c/providers/broken.c, registered by tests/c_programs.rs in root/broken): every case
 * ends with a clear result, never a crash or a hang, and the application still closes.
 */
#include "testutil.h"

#include <mi.h>

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static MI_Application app = MI_APPLICATION_NULL;
static MI_Session sess = MI_SESSION_NULL;

static int contains(const MI_Char *s, const char *needle)
{
    char buf[2048];
    size_t i;
    if (!s)
        return 0;
    for (i = 0; s[i] && i + 1 < sizeof buf; i++)
        buf[i] = (char)s[i];
    buf[i] = 0;
    return strstr(buf, needle) != NULL;
}

/* Enumerates synchronously; returns the count; the final code and message out. */
static int enumerate(const MI_Char *cls, MI_Result *final, int *message_has, const char *needle,
                     MI_Instance **first)
{
    MI_Operation op = MI_OPERATION_NULL;
    const MI_Instance *inst = NULL;
    MI_Boolean more = MI_TRUE;
    const MI_Char *msg = NULL;
    int n = 0;
    *final = MI_RESULT_FAILED;
    if (first)
        *first = NULL;
    MI_Session_EnumerateInstances(&sess, 0, NULL, MI_T("root/broken"), cls, MI_FALSE, NULL, &op);
    while (more && MI_Operation_GetInstance(&op, &inst, &more, final, &msg, NULL) == MI_RESULT_OK) {
        if (inst) {
            if (first && !*first)
                MI_Instance_Clone(inst, first);
            n++;
        }
        if (!more && message_has)
            *message_has = contains(msg, needle);
    }
    MI_Operation_Close(&op);
    return n;
}

static MI_Uint32 report(const char *name)
{
    MI_Instance *r = NULL;
    MI_Result final;
    MI_Value v;
    MI_Type t;
    MI_Char n[32];
    MI_Uint32 out = 12345;
    size_t i;
    for (i = 0; name[i]; i++)
        n[i] = (MI_Char)name[i];
    n[i] = 0;
    if (enumerate(MI_T("Broken_Report"), &final, NULL, NULL, &r) == 1 && r) {
        if (MI_Instance_GetElement(r, n, &v, &t, NULL, NULL) == MI_RESULT_OK && t == MI_UINT32)
            out = v.uint32;
        MI_Instance_Delete(r);
    }
    return out;
}

struct rec {
    atomic_int finals;
};

static void MI_CALL on_result(MI_Operation *op, void *ctx, const MI_Instance *inst, MI_Boolean more,
                              MI_Result result, const MI_Char *msg, const MI_Instance *details,
                              MI_Result (MI_CALL *ack)(MI_Operation *))
{
    struct rec *r = (struct rec *)ctx;
    (void)inst, (void)result, (void)msg, (void)details;
    if (!more)
        atomic_fetch_add(&r->finals, 1);
    if (ack)
        ack(op);
}

int main(void)
{
    MI_Instance *ext = NULL;
    MI_Result final;
    int has = 0, n, i;

    tu_watchdog(120);
    if (!CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("host_broken"), &ext, &app), MI_RESULT_OK))
        return 1;
    CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, NULL, NULL, NULL, &ext, &sess), MI_RESULT_OK);

    SECTION("a second PostResult and a post after the final are refused");
    CHECK_EQ_INT(enumerate(MI_T("Broken_Twice"), &final, NULL, NULL, NULL), 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    /* the provider's late calls come after the final the client already has: wait for them */
    for (i = 0; i < 200 && report("R3") == 99; i++)
        tu_sleep_ms(10);
    CHECK_EQ_INT(report("R2"), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(report("R3"), MI_RESULT_INVALID_PARAMETER);

    SECTION("an instance the provider never constructed is refused");
    CHECK_EQ_INT(enumerate(MI_T("Broken_Garbage"), &final, NULL, NULL, NULL), 0);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    for (i = 0; i < 200 && report("RG") == 99; i++)
        tu_sleep_ms(10);
    CHECK_EQ_INT(report("RG"), MI_RESULT_INVALID_PARAMETER);

    SECTION("a provider that never answers: Cancel ends the operation once");
    {
        MI_Operation op = MI_OPERATION_NULL;
        MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
        struct rec r;
        atomic_init(&r.finals, 0);
        cb.callbackContext = &r;
        cb.instanceResult = on_result;
        MI_Session_EnumerateInstances(&sess, 0, NULL, MI_T("root/broken"), MI_T("Broken_Silent"), MI_FALSE, &cb, &op);
        tu_sleep_ms(200);
        CHECK_EQ_INT(atomic_load(&r.finals), 0);
        CHECK_EQ_INT(MI_Operation_Cancel(&op, MI_REASON_NONE), MI_RESULT_OK);
        for (i = 0; i < 500 && atomic_load(&r.finals) == 0; i++)
            tu_sleep_ms(10);
        CHECK_EQ_INT(atomic_load(&r.finals), 1);
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
    }

    SECTION("a slow provider waits for a slow client, and stops at Cancel");
    {
        MI_Operation op = MI_OPERATION_NULL;
        const MI_Instance *inst = NULL;
        MI_Boolean more = MI_TRUE;
        int finals = 0;
        MI_Uint32 posted, stop;
        MI_Session_EnumerateInstances(&sess, 0, NULL, MI_T("root/broken"), MI_T("Broken_Slow"), MI_FALSE, NULL, &op);
        for (i = 0; i < 5; i++)
            CHECK_EQ_INT(MI_Operation_GetInstance(&op, &inst, &more, &final, NULL, NULL), MI_RESULT_OK);
        tu_sleep_ms(300); /* the provider fills the window and waits */
        CHECK_EQ_INT(MI_Operation_Cancel(&op, MI_REASON_NONE), MI_RESULT_OK);
        while (more && MI_Operation_GetInstance(&op, &inst, &more, &final, NULL, NULL) == MI_RESULT_OK)
            if (!more)
                finals++;
        CHECK_EQ_INT(finals, 1);
        CHECK_EQ_INT(MI_Operation_Close(&op), MI_RESULT_OK);
        for (i = 0; i < 200 && report("SLOWSTOP") == 99; i++) /* until the provider stopped */
            tu_sleep_ms(10);
        posted = report("SLOW");
        stop = report("SLOWSTOP");
        printf("slow provider: %u posted before it stopped (window 64), stop code %u\n", posted, stop);
        CHECK(posted >= 5 && posted <= 5 + 64 + 2); /* back-pressure bounded it */
        CHECK(stop == MI_RESULT_FAILED || stop == MI_RESULT_OK);
    }

    SECTION("libraries that cannot serve: FAILED; a malformed registration: INVALID_CLASS");
    n = enumerate(MI_T("Broken_LoadFail"), &final, NULL, NULL, NULL);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(final, MI_RESULT_FAILED);
    enumerate(MI_T("NoMain_Class"), &final, NULL, NULL, NULL);
    CHECK_EQ_INT(final, MI_RESULT_FAILED);
    enumerate(MI_T("NullMain_Class"), &final, NULL, NULL, NULL);
    CHECK_EQ_INT(final, MI_RESULT_FAILED);
    enumerate(MI_T("Missing_Class"), &final, NULL, NULL, NULL);
    CHECK_EQ_INT(final, MI_RESULT_FAILED);
    enumerate(MI_T("Malformed_Class"), &final, &has, "malformed.reg:2", NULL);
    CHECK_EQ_INT(final, MI_RESULT_INVALID_CLASS);
    CHECK(has); /* the final's message names the broken file and line */

    SECTION("close");
    CHECK_EQ_INT(MI_Session_Close(&sess, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    TEST_MAIN_END();
}
