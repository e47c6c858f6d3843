/*
 * instance_bench.c - per-call cost of MI_Instance_AddElement and MI_Instance_GetElement on
 * a 20-property instance, and of MI_Instance_Clone of that instance. Run by
 * ci/bench-instance.sh against the release build; prints one line per measurement.
 */
#define _POSIX_C_SOURCE 200809L
#include <mi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROPS 20

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static MI_Application app = MI_APPLICATION_NULL;
static char names[PROPS][16];

static void must(MI_Result r, const char *what)
{
    if (r != MI_RESULT_OK) {
        fprintf(stderr, "%s failed: %d\n", what, (int)r);
        exit(1);
    }
}

/* Even properties: MI_UINT32; odd ones: MI_STRING ("value-NN"). */
static void fill(MI_Instance *inst)
{
    for (int i = 0; i < PROPS; i++) {
        MI_Value v;
        char text[16];
        memset(&v, 0, sizeof v);
        if (i % 2 == 0) {
            v.uint32 = (MI_Uint32)i;
            must(MI_Instance_AddElement(inst, names[i], &v, MI_UINT32, i == 0 ? MI_FLAG_KEY : 0), "AddElement");
        } else {
            snprintf(text, sizeof text, "value-%02d", i);
            v.string = text;
            must(MI_Instance_AddElement(inst, names[i], &v, MI_STRING, 0), "AddElement");
        }
    }
}

int main(int argc, char **argv)
{
    long iters = argc > 1 ? atol(argv[1]) : 200000;
    for (int i = 0; i < PROPS; i++) snprintf(names[i], sizeof names[i], "Property%02d", i);
    must(MI_Application_Initialize(0, NULL, NULL, &app), "Initialize");

    /* AddElement: (New + 20 Add + Delete) minus (New + Delete), per Add. */
    double t0 = now_ns();
    for (long n = 0; n < iters; n++) {
        MI_Instance *inst;
        must(MI_Application_NewInstance(&app, "Bench_Class", NULL, &inst), "NewInstance");
        fill(inst);
        MI_Instance_Delete(inst);
    }
    double with_adds = now_ns() - t0;
    t0 = now_ns();
    for (long n = 0; n < iters; n++) {
        MI_Instance *inst;
        must(MI_Application_NewInstance(&app, "Bench_Class", NULL, &inst), "NewInstance");
        MI_Instance_Delete(inst);
    }
    double bare = now_ns() - t0;
    printf("NewInstance+Delete (empty):      %8.1f ns per pair\n", bare / (double)iters);
    printf("AddElement (20-property inst.):  %8.1f ns per call\n", (with_adds - bare) / (double)(iters * PROPS));

    MI_Instance *inst;
    must(MI_Application_NewInstance(&app, "Bench_Class", NULL, &inst), "NewInstance");
    fill(inst);

    /* GetElement by name, cycling over the 20 properties (case as added). */
    volatile MI_Uint32 sink = 0;
    t0 = now_ns();
    for (long n = 0; n < iters; n++) {
        for (int i = 0; i < PROPS; i++) {
            MI_Value v;
            MI_Type t;
            must(MI_Instance_GetElement(inst, names[i], &v, &t, NULL, NULL), "GetElement");
            sink += t;
        }
    }
    double gets = now_ns() - t0;
    printf("GetElement (20-property inst.):  %8.1f ns per call\n", gets / (double)(iters * PROPS));

    /* GetElementAt, for comparison. */
    t0 = now_ns();
    for (long n = 0; n < iters; n++) {
        for (MI_Uint32 i = 0; i < PROPS; i++) {
            MI_Value v;
            MI_Type t;
            must(MI_Instance_GetElementAt(inst, i, NULL, &v, &t, NULL), "GetElementAt");
            sink += t;
        }
    }
    double gets_at = now_ns() - t0;
    printf("GetElementAt (20-property inst.):%8.1f ns per call\n", gets_at / (double)(iters * PROPS));

    /* Clone (+ Delete of the clone). */
    long clones = iters / 10 > 0 ? iters / 10 : 1;
    t0 = now_ns();
    for (long n = 0; n < clones; n++) {
        MI_Instance *copy;
        must(MI_Instance_Clone(inst, &copy), "Clone");
        MI_Instance_Delete(copy);
    }
    double cl = now_ns() - t0;
    printf("Clone+Delete (20 properties):    %8.1f ns per pair\n", cl / (double)clones);
    MI_Instance_Delete(inst);
    MI_Application_Close(&app);
    (void)sink;
    return 0;
}
