/*
 * decoy.c - a stand-in libmi.so that must NOT be the one a client ends up using.
 *
 * tests/c_programs.rs builds this as <tmp>/decoy/libmi.so (no soname, like OMI's) and
 * links preload_client.c against it, so the client carries DT_NEEDED libmi.so. Then:
 *   LD_PRELOAD=<ours>            -> our symbols win, the client passes;
 *   LD_LIBRARY_PATH=<ours>       -> our file is found first, the client passes;
 *   LD_LIBRARY_PATH=<decoy> only -> these symbols are used and the client fails,
 *                                   which proves the decoy really is in the way.
 *
 * It declares its own minimal prototypes instead of including mi.h: it only has to
 * export the same names the client links against, with compatible calling shapes.
 */
#include <stddef.h>
#include <string.h>

#define DECOY_EXPORT __attribute__((visibility("default")))
#define DECOY_RESULT_FAILED 1u /* MI_RESULT_FAILED */

/* MI_Application: reserved1 (8 bytes), reserved2 (pointer-sized), ft (pointer). */
struct decoy_application {
    unsigned long long reserved1;
    ptrdiff_t reserved2;
    const void *ft;
};

DECOY_EXPORT unsigned int MI_Application_InitializeV1(unsigned int flags, const char *applicationID,
                                                      void **extendedError,
                                                      struct decoy_application *application)
{
    (void)flags;
    (void)applicationID;
    if (extendedError != NULL) {
        *extendedError = NULL;
    }
    if (application != NULL) {
        memset(application, 0, sizeof *application); /* ft == NULL: nothing to call */
    }
    return DECOY_RESULT_FAILED;
}

DECOY_EXPORT unsigned int MI_Application_Initialize(unsigned int flags, const char *applicationID,
                                                    void **extendedError,
                                                    struct decoy_application *application)
{
    return MI_Application_InitializeV1(flags, applicationID, extendedError, application);
}

DECOY_EXPORT unsigned int MI_Application_Close(struct decoy_application *application)
{
    (void)application;
    return DECOY_RESULT_FAILED;
}

/* Same size as the real data symbol (one pointer), but NULL. */
DECOY_EXPORT const void *mi_clientFT_V1 = NULL;
