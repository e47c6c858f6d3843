/*
 * preload_client.c - a client LINKED against the decoy libmi.so (tests/c/decoy.c), run
 * with our library injected by LD_PRELOAD or found first through LD_LIBRARY_PATH
 * (see tests/c_programs.rs). It passes only if every MI symbol it uses - both functions
 * and the data pointer mi_clientFT_V1, which the executable may hold as a COPY
 * relocation - resolves to our library; against the decoy alone it must fail cleanly.
 */
#include "testutil.h"

#include <mi.h>

int main(void)
{
    tu_watchdog(60);

    /* The decoy's mi_clientFT_V1 is NULL. */
    int have_table = CHECK(mi_clientFT_V1 != NULL) && CHECK(mi_clientFT_V1->applicationFT != NULL);

    /* Exported Initialize, close through the handle's table. */
    MI_Application app = MI_APPLICATION_NULL;
    MI_Instance *err = NULL;
    if (CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("preload_client"), &err, &app),
                     MI_RESULT_OK) &&
        CHECK(app.ft != NULL)) {
        if (have_table) {
            CHECK(app.ft == mi_clientFT_V1->applicationFT);
        }
        CHECK_EQ_INT(app.ft->Close(&app), MI_RESULT_OK);
    }

    /* The V1 entry point (the one OMI's MI.h imports) and the exported Close. */
    MI_Application app2 = MI_APPLICATION_NULL;
    if (CHECK_EQ_INT(MI_Application_InitializeV1(0, NULL, NULL, &app2), MI_RESULT_OK)) {
        MI_Application copy = app2;
        CHECK_EQ_INT(MI_Application_Close(&app2), MI_RESULT_OK);
        CHECK_EQ_INT(MI_Application_Close(&copy), MI_RESULT_INVALID_PARAMETER);
    }

    TEST_MAIN_END();
}
