/*
 * testutil.h - the smallest test framework that the C programs in tests/c need.
 *
 *   CHECK(cond)          counts a pass or a failure; a failure prints file:line and the
 *                        expression on stderr. Evaluates to 1/0 so it can guard later
 *                        steps: `if (CHECK(app.ft != NULL)) app.ft->Close(&app);`
 *   CHECK_EQ_INT(a, b)   the same for two integers (MI_Result, sizes, counts); prints
 *                        both values on failure. Also evaluates to 1/0.
 *   TEST_MAIN_END()      prints "N passed, M failed" as the LAST line of stdout and
 *                        returns 1 from main if anything failed, else 0.
 *                        tests/c_programs.rs parses that line.
 *   SECTION(name)        prints "-- name" on stderr, so each failure message that
 *                        follows has context.
 *   tu_watchdog(secs)    arms alarm() (on Windows a watchdog thread): a deadlock ends the
 *                        program with a message and exit code 124 instead of hanging the
 *                        test run. The environment variable MI_TEST_WATCHDOG_SECS overrides
 *                        `secs` (the runner raises it under valgrind, which is ~50x slower).
 *   tu_thread_count()    threads of this process (/proc/self/task on Linux, a Toolhelp32
 *                        snapshot on Windows), -1 when it cannot be read.
 *   tu_sleep_ms(ms)      sleeps.
 *
 * The counters are atomics, so CHECK may be used from any thread.
 * Each test program is one translation unit, so everything here is `static`.
 * Windows (mingw-w64, run under Wine by tests/windows.rs): _WIN32 selects Win32 versions
 * of the watchdog, the thread count and the sleep; MI_Char is then a 2-byte wchar_t.
 */
#ifndef MI_TESTUTIL_H
#define MI_TESTUTIL_H

#ifdef _WIN32
#include <windows.h>
#include <tlhelp32.h>
#else
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* alarm, sigaction, pthread_barrier_t under -std=c11 */
#endif
#include <dirent.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#endif

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_long tu_passed;
static atomic_long tu_failed;

static int tu_check(int ok, const char *expr, const char *file, int line)
{
    if (ok) {
        atomic_fetch_add(&tu_passed, 1);
    } else {
        atomic_fetch_add(&tu_failed, 1);
        fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, expr);
    }
    return ok;
}

static int tu_check_eq(long long a, long long b, const char *ea, const char *eb,
                       const char *file, int line)
{
    if (a == b) {
        atomic_fetch_add(&tu_passed, 1);
        return 1;
    }
    atomic_fetch_add(&tu_failed, 1);
    fprintf(stderr, "%s:%d: CHECK_EQ_INT failed: %s == %s (%lld != %lld)\n", file, line, ea,
            eb, a, b);
    return 0;
}

#define CHECK(cond) tu_check((cond) != 0, #cond, __FILE__, __LINE__)
#define CHECK_EQ_INT(a, b) \
    tu_check_eq((long long)(a), (long long)(b), #a, #b, __FILE__, __LINE__)

static int tu_end(void)
{
    long passed = atomic_load(&tu_passed);
    long failed = atomic_load(&tu_failed);
    printf("%ld passed, %ld failed\n", passed, failed);
    fflush(stdout);
    return failed != 0 ? 1 : 0;
}

#define TEST_MAIN_END() return tu_end()

static unsigned tu_watchdog_secs(unsigned secs)
{
    const char *env = getenv("MI_TEST_WATCHDOG_SECS");
    if (env != NULL && atoi(env) > 0) {
        secs = (unsigned)atoi(env);
    }
    return secs;
}

#ifdef _WIN32
static DWORD WINAPI tu_watchdog_thread(LPVOID arg)
{
    static const char msg[] = "WATCHDOG: test program timed out (deadlock?)\n";
    DWORD written;
    Sleep((DWORD)(UINT_PTR)arg * 1000);
    WriteFile(GetStdHandle(STD_ERROR_HANDLE), msg, sizeof msg - 1, &written, NULL);
    ExitProcess(124);
    return 0;
}

/* A thread of our own: created before any count the program takes, so it is part of the
   baseline and never changes it. */
static void tu_watchdog(unsigned secs)
{
    HANDLE t = CreateThread(NULL, 0, tu_watchdog_thread, (LPVOID)(UINT_PTR)tu_watchdog_secs(secs),
                            0, NULL);
    if (t != NULL) {
        CloseHandle(t);
    }
}

static inline int tu_thread_count(void)
{
    DWORD pid = GetCurrentProcessId();
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    THREADENTRY32 te;
    int n = 0;
    if (snap == INVALID_HANDLE_VALUE) {
        return -1;
    }
    te.dwSize = sizeof te;
    if (Thread32First(snap, &te)) {
        do {
            if (te.th32OwnerProcessID == pid) {
                n++;
            }
            te.dwSize = sizeof te;
        } while (Thread32Next(snap, &te));
    }
    CloseHandle(snap);
    return n;
}

static inline void tu_sleep_ms(unsigned ms)
{
    Sleep(ms);
}
#else
/* Async-signal-safe: only write() and _exit(). */
static void tu_on_alarm(int sig)
{
    static const char msg[] = "WATCHDOG: test program timed out (deadlock?)\n";
    (void)sig;
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _exit(124);
}

static void tu_watchdog(unsigned secs)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = tu_on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    alarm(tu_watchdog_secs(secs));
}

static inline int tu_thread_count(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static inline void tu_sleep_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}
#endif

/* Section header on stderr, next to the failure messages, so each failure has context. */
#define SECTION(name) fprintf(stderr, "-- %s\n", (name))

#endif /* MI_TESTUTIL_H */
