/*
 * init_close.c - MI_Application_Initialize / MI_Application_Close from one thread
 * (docs/SPEC.md §2, §3; docs/ABI.md §1.4, §2.1, §3, §6.1).
 *
 * Written as a plain client of the public API. Calls made on a handle that may already
 * be closed go through a table pointer saved while the handle was live (or through the
 * exported MI_Application_Close), never through `handle.ft` read after the close: the
 * library may zero a struct it closes (OMI does), and then `handle.ft` is NULL.
 */
#include "testutil.h"

#include <mi.h>

#include <stdint.h>

#define MANY_APPS 1000

static const MI_ApplicationFT *app_table(void)
{
    return mi_clientFT_V1->applicationFT;
}

/* A valid-looking but non-NULL pointer, so "set to NULL" is observable. */
static MI_Instance *bogus_instance(void)
{
    static char dummy;
    return (MI_Instance *)(void *)&dummy;
}

/* ---- 5: the client table is complete at load ------------------------------------- */

typedef void (*any_fn)(void);

/* Number of NULL slots in a function table of `size` bytes. A table is an array of
 * function pointers (slot i at offset i * sizeof(pointer), docs/ABI.md §3); memcpy reads
 * one slot without aliasing the table through a different pointer type. */
static size_t null_slots(const void *table, size_t size)
{
    size_t nulls = 0;
    for (size_t i = 0; i < size / sizeof(any_fn); i++) {
        any_fn slot;
        memcpy(&slot, (const char *)table + i * sizeof(any_fn), sizeof slot);
        if (slot == NULL) {
            nulls++;
        }
    }
    return nulls;
}

/* Checks one sub-table of mi_clientFT_V1: present, of the expected slot count, no NULL slot.
 * The slot counts are the ABI (docs/ABI.md §3.2), so they also check our header. */
#define CHECK_TABLE(member, slots)                                                        \
    do {                                                                                  \
        const void *t_ = (const void *)mi_clientFT_V1->member;                            \
        if (CHECK(t_ != NULL)) {                                                          \
            CHECK_EQ_INT(sizeof(*mi_clientFT_V1->member) / sizeof(any_fn), (slots));      \
            CHECK_EQ_INT(null_slots(t_, sizeof(*mi_clientFT_V1->member)), 0);             \
        }                                                                                 \
    } while (0)

static void test_client_table(void)
{
    SECTION("mi_clientFT_V1 is complete at load");
    /* Called before any Initialize: the pointer must hold its value from load time. */
    if (!CHECK(mi_clientFT_V1 != NULL)) {
        return;
    }
    CHECK_EQ_INT(sizeof(*mi_clientFT_V1) / sizeof(void *), 10);
    CHECK_TABLE(applicationFT, 11);
    CHECK_TABLE(sessionFT, 15);
    CHECK_TABLE(operationFT, 6);
    CHECK_TABLE(hostedProviderFT, 2);
    CHECK_TABLE(serializerFT, 3);
    CHECK_TABLE(deserializerFT, 6);
    CHECK_TABLE(subscribeDeliveryOptionsFT, 17);
    CHECK_TABLE(destinationOptionsFT, 15);
    CHECK_TABLE(operationOptionsFT, 13);
    CHECK_TABLE(utilitiesFT, 2);
}

/* ---- 1: Initialize ---------------------------------------------------------------- */

/* Initializes with `id`, expects OK, and closes again. */
static void init_close_with_id(const MI_Char *id)
{
    MI_Application app = MI_APPLICATION_NULL;
    MI_Instance *err = bogus_instance();
    if (CHECK_EQ_INT(MI_Application_Initialize(0, id, &err, &app), MI_RESULT_OK)) {
        CHECK(err == NULL);
        CHECK(app.ft == app_table());
        CHECK_EQ_INT(app_table()->Close(&app), MI_RESULT_OK);
    }
}

static void test_initialize(void)
{
    SECTION("Initialize: success, extendedError, both entry points");
    {
        MI_Application app = MI_APPLICATION_NULL;
        MI_Instance *err = bogus_instance();
        if (CHECK_EQ_INT(MI_Application_InitializeV1(0, MI_T("init_close"), &err, &app),
                         MI_RESULT_OK)) {
            CHECK(err == NULL);
            CHECK(app.ft != NULL);
            /* docs/ABI.md §3.1: the handle's table is the one the global points to. */
            CHECK(app.ft == mi_clientFT_V1->applicationFT);
            CHECK_EQ_INT(app_table()->Close(&app), MI_RESULT_OK);
        }
    }
    {
        /* extendedError may be NULL. */
        MI_Application app = MI_APPLICATION_NULL;
        if (CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("init_close"), NULL, &app),
                         MI_RESULT_OK)) {
            CHECK(app.ft == mi_clientFT_V1->applicationFT);
            CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
        }
    }

    SECTION("Initialize: application == NULL");
    {
        MI_Instance *err = bogus_instance();
        CHECK_EQ_INT(MI_Application_InitializeV1(0, NULL, &err, NULL),
                     MI_RESULT_INVALID_PARAMETER);
        CHECK(err == NULL); /* *extendedError is cleared before anything is validated */
        CHECK_EQ_INT(MI_Application_Initialize(0, NULL, NULL, NULL),
                     MI_RESULT_INVALID_PARAMETER);
    }

    SECTION("Initialize: flags != 0 leaves a closable struct");
    {
        const MI_Uint32 bad_flags[] = {1, 0x80000000u, 0xffffffffu};
        for (size_t i = 0; i < sizeof bad_flags / sizeof bad_flags[0]; i++) {
            MI_Application app = MI_APPLICATION_NULL;
            MI_Instance *err = bogus_instance();
            CHECK_EQ_INT(MI_Application_InitializeV1(bad_flags[i], NULL, &err, &app),
                         MI_RESULT_INVALID_PARAMETER);
            CHECK(err == NULL);
            if (CHECK(app.ft != NULL)) {
                /* A copy, so a library that zeroes the struct cannot hide a second call. */
                MI_Application copy = app;
                /* Every slot of the (possibly reduced) table is filled (docs/ABI.md §6.2). */
                CHECK_EQ_INT(null_slots(app.ft, sizeof *app.ft), 0);
                MI_Session session;
                memset(&session, 0, sizeof session);
                CHECK_EQ_INT(app.ft->NewSession(&app, NULL, NULL, NULL, NULL, NULL, &session),
                             MI_RESULT_INVALID_PARAMETER);
                CHECK_EQ_INT(app.ft->Close(&app), MI_RESULT_INVALID_PARAMETER);
                CHECK_EQ_INT(MI_Application_Close(&copy), MI_RESULT_INVALID_PARAMETER);
            }
        }
    }

    SECTION("Initialize: any applicationID bytes");
    {
        init_close_with_id(NULL);
        init_close_with_id(MI_T(""));
#ifdef _WIN32
        /* UTF-16: unpaired surrogates, a reversed pair, a noncharacter. */
        static const MI_Char not_utf16[] = {0xd800, 0x41, 0xdc00, 0xd800, 0xfffe, 0};
        init_close_with_id(not_utf16);
        static MI_Char big[10 * 1024 + 1];
        for (size_t i = 0; i < sizeof big / sizeof big[0] - 1; i++)
            big[i] = L'a';
        big[sizeof big / sizeof big[0] - 1] = 0;
        init_close_with_id(big);
#else
        static const char not_utf8[] = "\xff\xfe";
        init_close_with_id((const MI_Char *)not_utf8);
        static const char overlong_utf8[] = "\xc0\xaf\xed\xa0\x80"; /* "/" overlong, surrogate */
        init_close_with_id((const MI_Char *)overlong_utf8);
        static char big[10 * 1024 + 1];
        memset(big, 'a', sizeof big - 1);
        big[sizeof big - 1] = '\0';
        init_close_with_id((const MI_Char *)big);
#endif
    }
}

/* ---- 2: Close --------------------------------------------------------------------- */

/* Initializes `app`, returns 1 if that succeeded (and counts the check). */
static int open_app(MI_Application *app)
{
    MI_Application zero = MI_APPLICATION_NULL;
    *app = zero;
    return CHECK_EQ_INT(MI_Application_Initialize(0, MI_T("init_close"), NULL, app),
                        MI_RESULT_OK) &&
           CHECK(app->ft != NULL);
}

static void test_close(void)
{
    MI_Application app;

    SECTION("Close: once OK, twice INVALID_PARAMETER, through every path");
    if (open_app(&app)) {
        MI_Application copy = app;
        CHECK_EQ_INT(app.ft->Close(&app), MI_RESULT_OK);
        CHECK_EQ_INT(app_table()->Close(&copy), MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(MI_Application_Close(&copy), MI_RESULT_INVALID_PARAMETER);
        /* The very struct that was closed: exported Close copes whether or not the
         * library zeroed it; the table slot too. */
        CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(app_table()->Close(&app), MI_RESULT_INVALID_PARAMETER);
    }
    if (open_app(&app)) {
        MI_Application copy = app;
        CHECK_EQ_INT(MI_Application_Close(&app), MI_RESULT_OK);
        CHECK_EQ_INT(MI_Application_Close(&copy), MI_RESULT_INVALID_PARAMETER);
    }
    if (open_app(&app)) {
        MI_Application copy = app;
        CHECK_EQ_INT(mi_clientFT_V1->applicationFT->Close(&app), MI_RESULT_OK);
        CHECK_EQ_INT(mi_clientFT_V1->applicationFT->Close(&copy), MI_RESULT_INVALID_PARAMETER);
    }

    SECTION("Close: a copy closes the original; the original is then stale");
    if (open_app(&app)) {
        MI_Application copy = app;
        CHECK_EQ_INT(app_table()->Close(&copy), MI_RESULT_OK);
        CHECK_EQ_INT(app_table()->Close(&app), MI_RESULT_INVALID_PARAMETER);
    }

    SECTION("Close: NULL and zeroed handles");
    {
        MI_Application z = MI_APPLICATION_NULL;
        CHECK_EQ_INT(MI_Application_Close(&z), MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(MI_Application_Close(NULL), MI_RESULT_INVALID_PARAMETER);
        CHECK_EQ_INT(app_table()->Close(NULL), MI_RESULT_INVALID_PARAMETER);
        /* A zeroed struct that does reach the library: ft filled, reserved words 0. */
        z.ft = app_table();
        CHECK_EQ_INT(app_table()->Close(&z), MI_RESULT_INVALID_PARAMETER);
    }

    SECTION("Close: garbage reserved words with a real ft");
    if (open_app(&app)) {
        static const struct {
            MI_Uint64 r1;
            ptrdiff_t r2;
        } garbage[] = {
            {0xdeadbeefu, 12345},
            {0, 0},
            {0xffffffffffffffffull, -1},
            {1, 1},
            {0x100000001ull, 0x10},
        };
        for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
            /* A garbage value could by chance equal the live handle; that one is not
             * garbage, so skip it. */
            if (garbage[i].r1 == app.reserved1 && garbage[i].r2 == app.reserved2) {
                continue;
            }
            MI_Application g = app;
            g.reserved1 = garbage[i].r1;
            g.reserved2 = garbage[i].r2;
            CHECK_EQ_INT(g.ft->Close(&g), MI_RESULT_INVALID_PARAMETER);
            CHECK_EQ_INT(MI_Application_Close(&g), MI_RESULT_INVALID_PARAMETER);
        }

        SECTION("Close: a live handle with reserved1 modified");
        const MI_Uint64 r1 = app.reserved1;
        const MI_Uint64 modified[] = {r1 + 1, r1 - 1, r1 ^ (1ull << 40), ~r1, 0};
        for (size_t i = 0; i < sizeof modified / sizeof modified[0]; i++) {
            MI_Application m = app;
            m.reserved1 = modified[i];
            CHECK_EQ_INT(m.ft->Close(&m), MI_RESULT_INVALID_PARAMETER);
        }
        /* None of the above closed the real application. */
        CHECK_EQ_INT(app.ft->Close(&app), MI_RESULT_OK);
    }
}

/* ---- 3: many applications, independence ----------------------------------------------- */

static void test_many(void)
{
    SECTION("1000 live applications, then close all");
    static MI_Application apps[MANY_APPS];
    size_t opened = 0;
    for (size_t i = 0; i < MANY_APPS; i++) {
        MI_Application zero = MI_APPLICATION_NULL;
        apps[i] = zero;
        if (MI_Application_Initialize(0, MI_T("many"), NULL, &apps[i]) != MI_RESULT_OK) {
            break;
        }
        opened++;
    }
    CHECK_EQ_INT(opened, MANY_APPS);

    /* Live handles must be distinguishable by their reserved words, or a copy of one
     * could close another. */
    size_t duplicates = 0;
    for (size_t i = 0; i < opened; i++) {
        for (size_t j = i + 1; j < opened; j++) {
            if (apps[i].reserved1 == apps[j].reserved1 &&
                apps[i].reserved2 == apps[j].reserved2) {
                duplicates++;
            }
        }
    }
    CHECK_EQ_INT(duplicates, 0);

    /* Close every other one first, then the rest: closing some must not disturb others. */
    size_t ok = 0;
    for (size_t i = 0; i < opened; i += 2) {
        ok += app_table()->Close(&apps[i]) == MI_RESULT_OK;
    }
    for (size_t i = 1; i < opened; i += 2) {
        ok += app_table()->Close(&apps[i]) == MI_RESULT_OK;
    }
    CHECK_EQ_INT(ok, opened);

    SECTION("two applications are independent");
    MI_Application a, b;
    if (open_app(&a)) {
        if (open_app(&b)) {
            MI_Application stale_a = a;
            CHECK_EQ_INT(a.ft->Close(&a), MI_RESULT_OK);
            /* The stale copy of a must not reach b. */
            CHECK_EQ_INT(app_table()->Close(&stale_a), MI_RESULT_INVALID_PARAMETER);
            CHECK_EQ_INT(b.ft->Close(&b), MI_RESULT_OK);
        } else {
            app_table()->Close(&a);
        }
    }
    /* Reversed order: close the newer one first. */
    if (open_app(&a)) {
        if (open_app(&b)) {
            MI_Application stale_b = b;
            CHECK_EQ_INT(b.ft->Close(&b), MI_RESULT_OK);
            CHECK_EQ_INT(app_table()->Close(&stale_b), MI_RESULT_INVALID_PARAMETER);
            CHECK_EQ_INT(a.ft->Close(&a), MI_RESULT_OK);
        } else {
            app_table()->Close(&a);
        }
    }
}

/* ---- 6: a slot on a closed application ----------------------------------------------- */

static void test_slot_on_closed(void)
{
    SECTION("NewSession on a closed application");
    MI_Application app;
    if (!open_app(&app)) {
        return;
    }
    MI_Application copy = app;
    const MI_ApplicationFT *ft = app.ft;
    CHECK_EQ_INT(ft->Close(&app), MI_RESULT_OK);

    MI_Session session;
    memset(&session, 0, sizeof session);
    MI_Instance *err = bogus_instance();
    CHECK_EQ_INT(ft->NewSession(&copy, NULL, NULL, NULL, NULL, &err, &session),
                 MI_RESULT_INVALID_PARAMETER);
    memset(&session, 0, sizeof session);
    CHECK_EQ_INT(ft->NewSession(&copy, NULL, NULL, NULL, NULL, NULL, &session),
                 MI_RESULT_INVALID_PARAMETER);

    SECTION("NewSession with application == NULL");
    memset(&session, 0, sizeof session);
    CHECK_EQ_INT(ft->NewSession(NULL, NULL, NULL, NULL, NULL, NULL, &session),
                 MI_RESULT_INVALID_PARAMETER);
}

int main(void)
{
    tu_watchdog(60);
    test_client_table(); /* first: before any Initialize */
    if (mi_clientFT_V1 == NULL || mi_clientFT_V1->applicationFT == NULL) {
        TEST_MAIN_END(); /* every other test calls through the table */
    }
    test_initialize();
    test_close();
    test_many();
    test_slot_on_closed();
    TEST_MAIN_END();
}
