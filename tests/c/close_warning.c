/*
 * close_warning.c - MI_Application_Close waits for the client to close its sessions and,
 * while it waits, says so at warning level, naming the sessions (docs/SPEC.md §3.3). Run by
 * tests/c_programs.rs with MI_LOG=warning and MI_CLOSE_WARNING_MS=100, which checks the
 * log lines on stderr; this program checks that Close waited and then succeeded.
 */
#include "testutil.h"

#include <mi.h>

#include <pthread.h>
#include <time.h>

static MI_Session session;
static atomic_int session_closed;

static void *close_later(void *arg)
{
    struct timespec delay = {0, 450 * 1000 * 1000};
    (void)arg;
    nanosleep(&delay, NULL);
    atomic_store(&session_closed, 1);
    CHECK_EQ_INT(MI_Session_Close(&session, NULL, NULL), MI_RESULT_OK);
    return NULL;
}

int main(void)
{
    MI_Application app = MI_APPLICATION_NULL;
    pthread_t t;
    tu_watchdog(60);
    CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("close_warning"), NULL, &app), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Application_NewSession(&app, NULL, NULL, NULL, NULL, NULL, &session), MI_RESULT_OK);
    CHECK_EQ_INT(pthread_create(&t, NULL, close_later, NULL), 0);
    CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
    CHECK(atomic_load(&session_closed)); /* Close returned only after the session was closed */
    pthread_join(t, NULL);
    TEST_MAIN_END();
}
