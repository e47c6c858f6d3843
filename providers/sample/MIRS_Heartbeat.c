/*
 * MIRS_Heartbeat - an indication class. EnableIndications keeps the indications
 * context and starts a thread; while at least one subscription is active the thread
 * posts a MIRS_Heartbeat to that context every interval milliseconds (500 by default;
 * the number option "interval" of the first subscription, or the environment variable
 * MIRS_HEARTBEAT_INTERVAL_MS, changes it). DisableIndications stops and joins the
 * thread and then posts the final result on the indications context, as OMI's
 * indication samples do. Subscribe and Unsubscribe count subscriptions and confirm
 * with MI_RESULT_OK.
 */
#define _GNU_SOURCE
#include "mirs_sample.h"
#include "sysinfo.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#define DEFAULT_INTERVAL_MS 500u
#define MIN_INTERVAL_MS 10u
#define MAX_INTERVAL_MS 3600000u

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_wake;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static MI_Context *g_context;   /* the indications context, between Enable and Disable */
static pthread_t g_thread;
static int g_running;           /* g_thread is joinable */
static int g_stop;
static unsigned g_subscriptions;
static MI_Uint32 g_interval_ms = DEFAULT_INTERVAL_MS;
static MI_Uint64 g_sequence;

static void init_cond(void)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&g_wake, &attr);
    pthread_condattr_destroy(&attr);
}

static MI_Uint32 clamp_interval(uint64_t ms)
{
    if (ms < MIN_INTERVAL_MS)
        return MIN_INTERVAL_MS;
    if (ms > MAX_INTERVAL_MS)
        return MAX_INTERVAL_MS;
    return (MI_Uint32)ms;
}

void MI_CALL MIRS_Heartbeat_Load(void **self, MI_Module_Self *selfModule, MI_Context *context)
{
    (void)selfModule;
    pthread_once(&g_once, init_cond);
    MIRS_PostLoadOk(self, context);
}

void MI_CALL MIRS_Heartbeat_Unload(void *self, MI_Context *context)
{
    (void)self;
    (void)MIRS_PostResult(context, MI_RESULT_OK);
}

static MI_Result post_heartbeat(MI_Context *context, MI_Uint64 sequence)
{
    MIRS_Heartbeat inst;
    MI_Result r;
    memset(&inst, 0, sizeof(inst));
    r = MIRS_ConstructInstance(context, &MIRS_Heartbeat_rtti, &inst.__instance);
    if (r != MI_RESULT_OK)
        return r;
    MIRS_Heartbeat_Set_Sequence(&inst, sequence);
    MIRS_Heartbeat_Set_Time(&inst, mirs_now());
    r = MIRS_PostIndication(context, &inst.__instance);
    MIRS_Destruct(&inst.__instance);
    return r;
}

static void *heartbeat_thread(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&g_lock);
    while (!g_stop) {
        struct timespec deadline;
        int rc = 0;
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += g_interval_ms / 1000;
        deadline.tv_nsec += (long)(g_interval_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
        while (!g_stop && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&g_wake, &g_lock, &deadline);
        if (g_stop)
            break;
        if (g_subscriptions > 0 && g_context) {
            MI_Context *context = g_context;
            MI_Uint64 seq = ++g_sequence;
            /* Never call the host with the lock held. The context stays valid until
             * DisableIndications, which joins this thread before it posts the result. */
            pthread_mutex_unlock(&g_lock);
            (void)post_heartbeat(context, seq);
            pthread_mutex_lock(&g_lock);
        }
    }
    pthread_mutex_unlock(&g_lock);
    return NULL;
}

/* Stops and joins the thread; returns the context it posted to. */
static MI_Context *stop_thread(void)
{
    MI_Context *context;
    pthread_t thread;
    int running;
    pthread_mutex_lock(&g_lock);
    g_stop = 1;
    running = g_running;
    thread = g_thread;
    g_running = 0;
    context = g_context;
    g_context = NULL;
    g_subscriptions = 0;
    pthread_cond_broadcast(&g_wake);
    pthread_mutex_unlock(&g_lock);
    if (running)
        pthread_join(thread, NULL);
    return context;
}

void MI_CALL MIRS_Heartbeat_EnableIndications(void *self, MI_Context *indicationsContext,
                                              const MI_Char *nameSpace, const MI_Char *className)
{
    const char *env = getenv("MIRS_HEARTBEAT_INTERVAL_MS");
    uint64_t ms;
    int rc;
    (void)self, (void)nameSpace, (void)className;
    pthread_once(&g_once, init_cond);
    if (!indicationsContext)
        return;
    /* A second Enable without Disable: drop the old thread first. */
    (void)stop_thread();
    pthread_mutex_lock(&g_lock);
    g_stop = 0;
    g_sequence = 0;
    g_subscriptions = 0;
    g_interval_ms = (env && mirs_parse_u64(env, &ms) == 0) ? clamp_interval(ms) : DEFAULT_INTERVAL_MS;
    g_context = indicationsContext;
    rc = pthread_create(&g_thread, NULL, heartbeat_thread, NULL);
    g_running = rc == 0;
    if (rc != 0)
        g_context = NULL;
    pthread_mutex_unlock(&g_lock);
    /* No PostResult here: the context lives until DisableIndications. A final result
     * now ends it, which is how a provider reports that it cannot deliver. */
    if (rc != 0)
        (void)MIRS_PostError(indicationsContext, MI_RESULT_FAILED, MI_T("cannot start the heartbeat thread"));
}

void MI_CALL MIRS_Heartbeat_DisableIndications(void *self, MI_Context *indicationsContext,
                                               const MI_Char *nameSpace, const MI_Char *className)
{
    (void)self, (void)nameSpace, (void)className;
    (void)stop_thread();
    (void)MIRS_PostResult(indicationsContext, MI_RESULT_OK);
}

void MI_CALL MIRS_Heartbeat_Subscribe(void *self, MI_Context *context, const MI_Char *nameSpace,
                                      const MI_Char *className, const MI_Filter *filter, const MI_Char *bookmark,
                                      MI_Uint64 subscriptionID, void **subscriptionSelf)
{
    MI_Uint32 interval = 0;
    MI_Result r = MI_RESULT_OK;
    (void)self, (void)nameSpace, (void)className, (void)filter, (void)bookmark, (void)subscriptionID;
    if (subscriptionSelf)
        *subscriptionSelf = NULL;
    if (context && context->ft && context->ft->GetNumberOption &&
        context->ft->GetNumberOption(context, MI_T("interval"), &interval) != MI_RESULT_OK)
        interval = 0;
    pthread_mutex_lock(&g_lock);
    if (!g_running)
        r = MI_RESULT_FAILED; /* Subscribe outside Enable/Disable */
    else {
        if (interval && g_subscriptions == 0)
            g_interval_ms = clamp_interval(interval);
        g_subscriptions++;
    }
    pthread_mutex_unlock(&g_lock);
    (void)MIRS_PostResult(context, r);
}

void MI_CALL MIRS_Heartbeat_Unsubscribe(void *self, MI_Context *context, const MI_Char *nameSpace,
                                        const MI_Char *className, MI_Uint64 subscriptionID, void *subscriptionSelf)
{
    (void)self, (void)nameSpace, (void)className, (void)subscriptionID, (void)subscriptionSelf;
    pthread_mutex_lock(&g_lock);
    if (g_subscriptions > 0)
        g_subscriptions--;
    pthread_mutex_unlock(&g_lock);
    (void)MIRS_PostResult(context, MI_RESULT_OK);
}

void MIRS_Heartbeat_Shutdown(void)
{
    (void)stop_thread();
}
