/*
 * serializer_bench.c - MI_XML and MOF serializer / deserializer throughput (BENCHMARKS.md).
 * Uses only MI_Application_InitializeV1 and function tables (mi_clientFT_V1, the
 * application's and the instance's ft), so the same binary runs against OMI's libmi.so
 * (LD_LIBRARY_PATH=/opt/omi-ref/lib) for a reference.
 *
 * The instance: dynamic, class Bench_Class, 20 properties Property00..Property19, even
 * ones MI_UINT32 (the first a key), odd ones MI_STRING "value-NN" (as instance_bench.c).
 * Measured, per call: MI_Instance_Clone + Delete (the baseline), SerializeInstance into a
 * large enough buffer, DeserializeInstance + Delete of the result; then a stream of 10000
 * such instances (each with its own values) serialized into one buffer and read back in
 * order, each read starting where serializedBufferRead says the previous one ended (MB/s
 * of serialized bytes).
 */
#define _POSIX_C_SOURCE 200809L
#include <mi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static MI_Application app;

static MI_Instance *build(unsigned seed)
{
    MI_Instance *i = NULL;
    char name[32], text[32];
    if (app.ft->NewInstance(&app, MI_T("Bench_Class"), NULL, &i) != MI_RESULT_OK)
        return NULL;
    for (int k = 0; k < 20; k++) {
        MI_Value v;
        memset(&v, 0, sizeof v);
        snprintf(name, sizeof name, "Property%02d", k);
        if (k % 2 == 0) {
            v.uint32 = seed * 100u + (unsigned)k;
            i->ft->AddElement(i, (MI_Char *)name, &v, MI_UINT32, k == 0 ? MI_FLAG_KEY : 0);
        } else {
            snprintf(text, sizeof text, "value-%02d-%u", k, seed);
            v.string = (MI_Char *)text;
            i->ft->AddElement(i, (MI_Char *)name, &v, MI_STRING, 0);
        }
    }
    return i;
}

static void run(const char *format, int iterations)
{
    MI_Serializer s;
    MI_Deserializer d;
    MI_Instance *inst = build(1), *out = NULL;
    static MI_Uint8 buf[1 << 16];
    MI_Uint32 size = 0, read = 0;
    int can_read;
    double t0, t;
    if (inst == NULL || mi_clientFT_V1->applicationFT->NewSerializer(&app, 0, (MI_Char *)format, &s) != MI_RESULT_OK) {
        printf("%-20s serializer: not supported by this library\n", format);
        return;
    }
    can_read = mi_clientFT_V1->applicationFT->NewDeserializer(&app, 0, (MI_Char *)format, &d) == MI_RESULT_OK;
    if (mi_clientFT_V1->serializerFT->SerializeInstance(&s, 0, inst, buf, sizeof buf, &size) != MI_RESULT_OK) {
        printf("%-20s SerializeInstance failed\n", format);
        return;
    }
    t0 = now();
    for (int n = 0; n < iterations; n++) {
        MI_Instance *c = NULL;
        inst->ft->Clone(inst, &c);
        c->ft->Delete(c);
    }
    t = now() - t0;
    printf("%-20s Clone + Delete (baseline)        %8.2f us\n", format, t / iterations * 1e6);
    t0 = now();
    for (int n = 0; n < iterations; n++)
        mi_clientFT_V1->serializerFT->SerializeInstance(&s, 0, inst, buf, sizeof buf, &size);
    t = now() - t0;
    printf("%-20s SerializeInstance (%u bytes)     %8.2f us\n", format, size, t / iterations * 1e6);
    if (can_read) {
        t0 = now();
        for (int n = 0; n < iterations; n++) {
            if (mi_clientFT_V1->deserializerFT->DeserializeInstance(&d, 0, buf, size, NULL, 0, NULL, NULL, &read, &out,
                                                                     NULL) != MI_RESULT_OK) {
                printf("%-20s DeserializeInstance failed\n", format);
                can_read = 0;
                break;
            }
            out->ft->Delete(out);
        }
        t = now() - t0;
        if (can_read)
            printf("%-20s DeserializeInstance + Delete    %8.2f us\n", format, t / iterations * 1e6);
    } else {
        printf("%-20s deserializer: not supported by this library\n", format);
    }
    /* the stream */
    {
        enum { N = 10000 };
        size_t cap = (size_t)N * (size + 64), used = 0;
        MI_Uint8 *stream = malloc(cap);
        MI_Instance **all = malloc(sizeof *all * N);
        MI_Uint32 *sizes = malloc(sizeof *sizes * N);
        for (int n = 0; n < N; n++)
            all[n] = build((unsigned)n);
        t0 = now();
        for (int n = 0; n < N; n++) {
            MI_Uint32 one = 0;
            if (mi_clientFT_V1->serializerFT->SerializeInstance(&s, 0, all[n], stream + used, (MI_Uint32)(cap - used),
                                                                &one) != MI_RESULT_OK)
                break;
            sizes[n] = one;
            used += one;
        }
        t = now() - t0;
        printf("%-20s stream: serialize %d           %8.1f MB/s (%zu bytes)\n", format, N, used / t / 1e6, used);
        if (can_read) {
            size_t at = 0;
            int ok = 1;
            t0 = now();
            for (int n = 0; n < N && ok; n++) {
                /* XML: read from the stream's current offset; MOF: one document per call */
                MI_Uint32 len = format[3] == 'X' ? (MI_Uint32)(used - at) : sizes[n];
                ok = mi_clientFT_V1->deserializerFT->DeserializeInstance(&d, 0, stream + at, len, NULL, 0, NULL, NULL,
                                                                         &read, &out, NULL) == MI_RESULT_OK;
                if (ok) {
                    out->ft->Delete(out);
                    at += format[3] == 'X' ? read : sizes[n];
                }
            }
            t = now() - t0;
            if (ok)
                printf("%-20s stream: deserialize %d         %8.1f MB/s\n", format, N, used / t / 1e6);
            else
                printf("%-20s stream: deserialize failed\n", format);
        }
        for (int n = 0; n < N; n++)
            all[n]->ft->Delete(all[n]);
        free(all);
        free(sizes);
        free(stream);
    }
    mi_clientFT_V1->serializerFT->Close(&s);
    if (can_read)
        mi_clientFT_V1->deserializerFT->Close(&d);
    inst->ft->Delete(inst);
}

int main(int argc, char **argv)
{
    int iterations = argc > 1 ? atoi(argv[1]) : 20000;
    if (MI_Application_InitializeV1(0, NULL, NULL, &app) != MI_RESULT_OK) {
        fprintf(stderr, "InitializeV1 failed\n");
        return 1;
    }
    run("MI_XML", iterations);
    run("MI_MOF_CIMV2_EXTV1", iterations);
    app.ft->Close(&app);
    return 0;
}
