/*
 * host_hosted.c - a hosted provider: the sample provider (providers/sample) linked into
 * this program and served through MI_Application_NewHostedProvider in a namespace of the
 * program's choice, until MI_HostedProvider_Close or the application's Close.
 */
#include "testutil.h"

#include <mi.h>

MI_Module *MI_MAIN_CALL MI_Main(MI_Server *server); /* providers/sample/module.c */

static MI_Module *MI_MAIN_CALL null_main(MI_Server *server)
{
    (void)server;
    return NULL;
}

static int count(MI_Session *s, const MI_Char *ns, const MI_Char *cls, MI_Result *final)
{
    MI_Operation op = MI_OPERATION_NULL;
    const MI_Instance *inst = NULL;
    MI_Boolean more = MI_TRUE;
    int n = 0;
    *final = MI_RESULT_FAILED;
    MI_Session_EnumerateInstances(s, 0, NULL, ns, cls, MI_FALSE, NULL, &op);
    while (more && MI_Operation_GetInstance(&op, &inst, &more, final, NULL, NULL) == MI_RESULT_OK)
        n += inst != NULL;
    MI_Operation_Close(&op);
    return n;
}

int main(void)
{
    MI_Application app = MI_APPLICATION_NULL, back = MI_APPLICATION_NULL;
    MI_Session s = MI_SESSION_NULL;
    MI_HostedProvider hp = MI_HOSTEDPROVIDER_NULL, hp2 = MI_HOSTEDPROVIDER_NULL, bad = MI_HOSTEDPROVIDER_NULL;
    MI_Instance *ext = NULL;
    MI_Result final;

    tu_watchdog(60);
    if (!CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("host_hosted"), &ext, &app), MI_RESULT_OK))
        return 1;

    SECTION("argument checks");
    CHECK_EQ_INT(MI_Application_NewHostedProvider(&app, NULL, MI_T("Sample"), MI_Main, NULL, &bad),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_NewHostedProvider(&app, MI_T("root/hosted"), MI_T("Sample"), NULL, NULL, &bad),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_NewHostedProvider(&app, MI_T("root/hosted"), MI_T("Sample"), MI_Main, NULL, NULL),
                 MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Application_NewHostedProvider(&app, MI_T("root/hosted"), MI_T("Null"), null_main, NULL, &bad),
                 MI_RESULT_FAILED);
    CHECK_EQ_INT(MI_HostedProvider_Close(&bad), MI_RESULT_INVALID_PARAMETER); /* left inert */

    SECTION("served while open");
    CHECK_EQ_INT(MI_Application_NewHostedProvider(&app, MI_T("root/hosted"), MI_T("Sample"), MI_Main, &ext, &hp),
                 MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, NULL, NULL, NULL, &ext, &s), MI_RESULT_OK);
    CHECK_EQ_INT(count(&s, MI_T("root/hosted"), MI_T("MIRS_OperatingSystem"), &final), 1);
    CHECK_EQ_INT(final, MI_RESULT_OK);
    CHECK(count(&s, MI_T("root/hosted"), MI_T("MIRS_Process"), &final) >= 1);
    CHECK_EQ_INT(MI_HostedProvider_GetApplication(&hp, &back), MI_RESULT_OK);
    CHECK(back.ft != NULL && back.reserved1 == app.reserved1 && back.reserved2 == app.reserved2);
    CHECK_EQ_INT(MI_HostedProvider_GetApplication(&hp, NULL), MI_RESULT_INVALID_PARAMETER);
    /* the same classes twice in one namespace: refused */
    CHECK_EQ_INT(MI_Application_NewHostedProvider(&app, MI_T("root/hosted"), MI_T("Again"), MI_Main, NULL, &bad),
                 MI_RESULT_ALREADY_EXISTS);

    SECTION("Close: the namespace is gone; a second Close is refused");
    CHECK_EQ_INT(MI_HostedProvider_Close(&hp), MI_RESULT_OK);
    CHECK_EQ_INT(count(&s, MI_T("root/hosted"), MI_T("MIRS_OperatingSystem"), &final), 0);
    CHECK_EQ_INT(final, MI_RESULT_INVALID_CLASS);
    CHECK_EQ_INT(MI_HostedProvider_Close(&hp), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_HostedProvider_GetApplication(&hp, &back), MI_RESULT_INVALID_PARAMETER);

    SECTION("the application's Close closes an open hosted provider");
    CHECK_EQ_INT(MI_Application_NewHostedProvider(&app, MI_T("root/hosted2"), MI_T("Sample"), MI_Main, NULL, &hp2),
                 MI_RESULT_OK);
    CHECK_EQ_INT(count(&s, MI_T("root/hosted2"), MI_T("MIRS_OperatingSystem"), &final), 1);
    CHECK_EQ_INT(MI_Session_Close(&s, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    CHECK_EQ_INT(MI_HostedProvider_Close(&hp2), MI_RESULT_INVALID_PARAMETER);
    TEST_MAIN_END();
}
