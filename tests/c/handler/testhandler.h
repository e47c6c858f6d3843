/*
 * testhandler.h - the names and constants of the test protocol handler (testhandler.c),
 * shared by its own direct test (handler_direct.c) and by the library's issue-3 tests.
 *
 * The behaviour table is at the top of testhandler.c and in README.md.
 * A test that loads the handler through the library reads the counters by dlopen()ing the
 * same handler file itself and dlsym()ing them (dlopen returns the already loaded copy, and
 * keeping that handle open keeps the library's dlclose from unmapping the handler, so the
 * counters stay readable after MI_Application_Close).
 */
#ifndef TESTHANDLER_H
#define TESTHANDLER_H

#include <mi.h>

/* Final result of an operation ended by MI_OperationFT.Cancel. */
#define TESTHANDLER_CANCEL_RESULT MI_RESULT_FAILED
#define TESTHANDLER_CANCEL_MESSAGE "testhandler: operation cancelled"
/* Final result of an operation ended because its handler session / application was closed
   while it was still running. */
#define TESTHANDLER_SESSION_CLOSED_RESULT MI_RESULT_FAILED
#define TESTHANDLER_SESSION_CLOSED_MESSAGE "testhandler: session closed"
#define TESTHANDLER_APP_CLOSED_MESSAGE "testhandler: application closed"
/* errorString of Fail:CODE. */
#define TESTHANDLER_FAIL_MESSAGE "requested failure"
/* errorString prefix of an unrecognised behaviour (final code MI_RESULT_NOT_SUPPORTED). */
#define TESTHANDLER_UNKNOWN_PREFIX "testhandler: unknown behaviour"
/* errorString prefix of an Options final MI_RESULT_FAILED: the session's destination options
   read at operation time differ from what NewSession read (followed by ": <element>"). */
#define TESTHANDLER_OPTIONS_CHANGED_PREFIX "testhandler: destination options changed since NewSession"

/* Class names of the objects the handler delivers. */
#define TESTHANDLER_RESULT_CLASS "TestHandler_Result"         /* instance results */
#define TESTHANDLER_INDICATION_CLASS "TestHandler_Indication" /* Subscribe */
#define TESTHANDLER_PARAMETERS_CLASS "__Parameters"           /* Invoke out-parameters */
#define TESTHANDLER_NESTED_CLASS "TestHandler_Nested"         /* Nested */
#define TESTHANDLER_CLASS_CLASS "TestHandler_Class"           /* GetClass/EnumerateClasses */
#define TESTHANDLER_OPTIONS_CLASS "TestHandler_Options"       /* Options, OptionsThread */
#define TESTHANDLER_ERROR_CLASS "MSFT_WmiError"               /* writeError, errorDetails */
#define TESTHANDLER_MACHINE_ID "test-machine"                 /* indication machineID */
#define TESTHANDLER_NAMESPACE "root/test"                     /* nameSpace of every object */

/* The entry points. */
MI_Result TestHandler_Main(MI_Uint32 flags, const MI_Char *applicationID,
                           MI_Instance **extendedError, MI_Application *application);
MI_Result TestHandler_Fail(MI_Uint32 flags, const MI_Char *applicationID,
                           MI_Instance **extendedError, MI_Application *application);

/* Counters (thread-safe; read them only while the handler is loaded). */
int TestHandler_LiveObjects(void);   /* handler applications + sessions + operations open */
int TestHandler_Threads(void);       /* handler threads started and not yet joined */
int TestHandler_Violations(void);    /* calls into the handler that broke the plug-in rules */
int TestHandler_LiveInstances(void); /* heap instances/classes handed out (Clone, extended
                                        errors) and not yet Deleted */

typedef int (*TestHandler_CounterFn)(void);
typedef MI_Result (*TestHandler_EntryFn)(MI_Uint32, const MI_Char *, MI_Instance **,
                                         MI_Application *);

#endif /* TESTHANDLER_H */
