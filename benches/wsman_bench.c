/*
 * wsman_bench.c - sequential operations on ONE session over WS-Management, written against
 * the MI function tables only (it imports nothing but MI_Application_InitializeV1), so the
 * same program runs on this library and on OMI's libmi.so against the same server.
 *
 *   wsman_bench http|https N [AUTH]  (environment of with-omiserver: OMI_HOST, OMI_*_PORT,
 *                                    OMI_USER, OMI_PASSWORD, OMI_DOMAIN; HTTPS trusts
 *                                    nothing and skips the CA and CN checks, as OMI's
 *                                    omicli does; AUTH is an MI_AUTH_TYPE, default Basic)
 *
 * Prints per operation: name, count, failures, ops/s, p50, p99 and max latency in µs.
 * "FirstGet" is a new session's first GetInstance (N/20 sessions): connection, the
 * authentication handshake, the schema and the Get; against GetInstance on a warm session
 * it shows what a handshake costs.
 */
#define _POSIX_C_SOURCE 200809L
#include <mi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int drain(MI_Operation *op)
{
    const MI_Instance *inst = NULL;
    MI_Boolean more = MI_TRUE;
    MI_Result r = MI_RESULT_FAILED;
    int n = 0;
    while (more && op->ft->GetInstance(op, &inst, &more, &r, NULL, NULL) == MI_RESULT_OK)
        n += inst != NULL;
    op->ft->Close(op);
    return r == MI_RESULT_OK ? n : -1;
}

static void report(const char *name, double *lat, long n, long failures, double total_us)
{
    qsort(lat, (size_t)n, sizeof *lat, cmp);
    printf("%-12s %6ld %5ld %9.1f %9.1f %9.1f %9.1f\n", name, n, failures, (double)n / (total_us / 1e6),
           lat[n / 2], lat[(n * 99) / 100], lat[n - 1]);
}

static MI_Application app = MI_APPLICATION_NULL;

/* A session to the server with `auth` credentials. */
static int open_session(int https, const char *auth, MI_Session *sess)
{
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    MI_UserCredentials c;
    MI_Instance *ext = NULL;
    MI_Result r;
    app.ft->NewDestinationOptions(&app, &d);
    d.ft->SetString(&d, MI_T("__MI_DESTINATIONOPTIONS_TRANSPORT"), https ? MI_T("HTTPS") : MI_T("HTTP"), 0);
    d.ft->SetNumber(&d, MI_T("__MI_DESTINATIONOPTIONS_DESTINATION_PORT"),
                    (MI_Uint32)atoi(getenv(https ? "OMI_HTTPS_PORT" : "OMI_HTTP_PORT")), 0);
    if (https) {
        d.ft->SetNumber(&d, MI_T("__MI_DESTINATIONOPTIONS_CERT_CA_CHECK"), 0, 0);
        d.ft->SetNumber(&d, MI_T("__MI_DESTINATIONOPTIONS_CERT_CN_CHECK"), 0, 0);
    }
    memset(&c, 0, sizeof c);
    c.authenticationType = auth;
    c.credentials.usernamePassword.domain = getenv("OMI_DOMAIN");
    c.credentials.usernamePassword.username = getenv("OMI_USER");
    c.credentials.usernamePassword.password = getenv("OMI_PASSWORD");
    d.ft->AddCredentials(&d, MI_T("__MI_DESTINATIONOPTIONS_DESTINATION_CREDENTIALS"), &c, 0);
    r = app.ft->NewSession(&app, NULL, getenv("OMI_HOST"), &d, NULL, &ext, sess);
    d.ft->Delete(&d);
    if (ext)
        ext->ft->Delete(ext);
    return r == MI_RESULT_OK;
}

int main(int argc, char **argv)
{
    const char *scheme = argc > 1 ? argv[1] : "http";
    long n = argc > 2 ? atol(argv[2]) : 1000, i, failures = 0, fresh = n / 20 > 0 ? n / 20 : 1;
    const char *auth = argc > 3 ? argv[3] : "Basic";
    int https = strcmp(scheme, "https") == 0;
    MI_Session sess = MI_SESSION_NULL;
    MI_Instance *ext = NULL, *key = NULL;
    MI_Value v;
    double *lat = calloc((size_t)n, sizeof(double)), t0, t;

    if (!lat || MI_Application_InitializeV1(0, MI_T("wsman_bench"), &ext, &app) != MI_RESULT_OK)
        return 1;
    if (!open_session(https, auth, &sess)) {
        fprintf(stderr, "wsman_bench: no session\n");
        return 1;
    }
    app.ft->NewInstance(&app, MI_T("MSFT_Person"), NULL, &key);
    v.uint32 = 777;
    key->ft->AddElement(key, MI_T("Key"), &v, MI_UINT32, MI_FLAG_KEY);

    printf("%-12s %6s %5s %9s %9s %9s %9s\n", "operation", "n", "fail", "ops/s", "p50-us", "p99-us", "max-us");
    for (i = 0; i < 3; i++) { /* warm-up: connection, schema */
        MI_Operation op = MI_OPERATION_NULL;
        sess.ft->GetInstance(&sess, 0, NULL, MI_T("root/cimv2"), key, NULL, &op);
        drain(&op);
    }
    t0 = now_us();
    for (i = 0; i < n; i++) {
        MI_Operation op = MI_OPERATION_NULL;
        t = now_us();
        sess.ft->GetInstance(&sess, 0, NULL, MI_T("root/cimv2"), key, NULL, &op);
        failures += drain(&op) != 1;
        lat[i] = now_us() - t;
    }
    report("GetInstance", lat, n, failures, now_us() - t0);
    failures = 0;
    t0 = now_us();
    for (i = 0; i < n; i++) {
        MI_Operation op = MI_OPERATION_NULL;
        t = now_us();
        sess.ft->EnumerateInstances(&sess, 0, NULL, MI_T("root/omi"), MI_T("OMI_Identify"), MI_FALSE, NULL, &op);
        failures += drain(&op) != 1;
        lat[i] = now_us() - t;
    }
    report("Enumerate", lat, n, failures, now_us() - t0);
    failures = 0;
    t0 = now_us();
    for (i = 0; i < fresh; i++) {
        MI_Session s2 = MI_SESSION_NULL;
        MI_Operation op = MI_OPERATION_NULL;
        t = now_us();
        if (!open_session(https, auth, &s2)) {
            failures++;
            lat[i] = now_us() - t;
            continue;
        }
        s2.ft->GetInstance(&s2, 0, NULL, MI_T("root/cimv2"), key, NULL, &op);
        failures += drain(&op) != 1;
        lat[i] = now_us() - t;
        s2.ft->Close(&s2, NULL, NULL);
    }
    report("FirstGet", lat, fresh, failures, now_us() - t0);
    key->ft->Delete(key);
    sess.ft->Close(&sess, NULL, NULL);
    app.ft->Close(&app);
    free(lat);
    return 0;
}
