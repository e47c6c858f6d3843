/*
 * MIRS_Process - one instance per /proc/<pid>; methods Signal (kill) and static Count.
 */
#define _GNU_SOURCE
#include "mirs_sample.h"
#include "sysinfo.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void MI_CALL MIRS_Process_Load(void **self, MI_Module_Self *selfModule, MI_Context *context)
{
    (void)selfModule;
    MIRS_PostLoadOk(self, context);
}

void MI_CALL MIRS_Process_Unload(void *self, MI_Context *context)
{
    (void)self;
    (void)MIRS_PostResult(context, MI_RESULT_OK);
}

MI_Result MIRS_Process_ConstructRef(MI_Context *context, int pid, MIRS_Process *inst)
{
    char handle[16];
    MI_Result r;
    memset(inst, 0, sizeof(*inst));
    r = MIRS_ConstructInstance(context, &MIRS_Process_rtti, &inst->__instance);
    if (r != MI_RESULT_OK)
        return r;
    snprintf(handle, sizeof(handle), "%d", pid);
    r = MIRS_Process_Set_Handle(inst, handle);
    if (r != MI_RESULT_OK) {
        MIRS_Destruct(&inst->__instance);
        memset(inst, 0, sizeof(*inst));
    }
    return r;
}

MI_Result MIRS_Process_PostPid(MI_Context *context, int pid, MI_Boolean keysOnly)
{
    MIRS_Process inst;
    mirs_proc p;
    mirs_cmdline *cmd = NULL;
    MI_Result r;
    uint64_t btime;
    long hz;

    if (pid <= 0 || mirs_read_proc((pid_t)pid, &p) != 0)
        return MI_RESULT_NOT_FOUND;
    r = MIRS_Process_ConstructRef(context, pid, &inst);
    if (r != MI_RESULT_OK)
        return r;
    if (!keysOnly) {
        r = MIRS_Process_Set_Name(&inst, p.name);
        MIRS_Process_Set_ProcessId(&inst, (MI_Uint32)p.pid);
        MIRS_Process_Set_ParentProcessId(&inst, (MI_Uint32)p.ppid);
        if (r == MI_RESULT_OK)
            r = MIRS_Process_Set_State(&inst, p.state);
        MIRS_Process_Set_ThreadCount(&inst, p.threads);
        MIRS_Process_Set_ResidentBytes(&inst, p.rss_bytes);
        hz = sysconf(_SC_CLK_TCK);
        if (hz > 0 && mirs_boot_time(&btime) == 0) {
            uint64_t secs = btime + p.start_ticks / (uint64_t)hz;
            MI_Uint32 usec = (MI_Uint32)((p.start_ticks % (uint64_t)hz) * 1000000u / (uint64_t)hz);
            MIRS_Process_Set_StartTime(&inst, mirs_timestamp((time_t)secs, usec));
        }
        /* 32 KiB: off the stack, as providers run on the host's threads. */
        cmd = (mirs_cmdline *)malloc(sizeof(*cmd));
        if (!cmd)
            r = MI_RESULT_SERVER_LIMITS_EXCEEDED;
        /* Kernel threads have an empty cmdline: CommandLine stays NULL for them. */
        if (r == MI_RESULT_OK && mirs_read_cmdline((pid_t)pid, cmd) == 0 && cmd->argc > 0)
            r = MIRS_Process_Set_CommandLine(&inst, cmd->argv, cmd->argc);
    }
    if (r == MI_RESULT_OK)
        r = MIRS_PostInstance(context, &inst.__instance);
    MIRS_Destruct(&inst.__instance);
    free(cmd);
    return r;
}

struct enum_state {
    MI_Context *context;
    MI_Boolean keysOnly;
    MI_Result result;
};

static int enum_one(pid_t pid, void *arg)
{
    struct enum_state *st = (struct enum_state *)arg;
    MI_Result r = MIRS_Process_PostPid(st->context, (int)pid, st->keysOnly);
    if (r == MI_RESULT_NOT_FOUND)
        return 0; /* exited between readdir and the read */
    if (r != MI_RESULT_OK) {
        st->result = r;
        return 1;
    }
    return 0;
}

void MI_CALL MIRS_Process_EnumerateInstances(void *self, MI_Context *context, const MI_Char *nameSpace,
                                             const MI_Char *className, const MI_PropertySet *propertySet,
                                             MI_Boolean keysOnly, const MI_Filter *filter)
{
    struct enum_state st = {context, keysOnly, MI_RESULT_OK};
    (void)self, (void)nameSpace, (void)className, (void)propertySet, (void)filter;
    if (mirs_for_each_pid(enum_one, &st) < 0 && st.result == MI_RESULT_OK)
        st.result = MI_RESULT_FAILED;
    (void)MIRS_PostResult(context, st.result);
}

void MI_CALL MIRS_Process_GetInstance(void *self, MI_Context *context, const MI_Char *nameSpace,
                                      const MI_Char *className, const MI_Instance *instanceName,
                                      const MI_PropertySet *propertySet)
{
    const MI_Char *handle = MIRS_GetString(instanceName, MI_T("Handle"));
    pid_t pid;
    (void)self, (void)nameSpace, (void)className, (void)propertySet;
    if (!handle) {
        (void)MIRS_PostResult(context, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    if (mirs_parse_pid(handle, &pid) != 0) {
        (void)MIRS_PostResult(context, MI_RESULT_NOT_FOUND);
        return;
    }
    (void)MIRS_PostResult(context, MIRS_Process_PostPid(context, (int)pid, MI_FALSE));
}

void MI_CALL MIRS_Process_Invoke_Signal(void *self, MI_Context *context, const MI_Char *nameSpace,
                                        const MI_Char *className, const MI_Char *methodName,
                                        const MI_Instance *instanceName, const MI_Instance *in)
{
    MIRS_Process_Signal out;
    const MI_Char *handle = MIRS_GetString(instanceName, MI_T("Handle"));
    MI_Value v;
    const MI_Value *number = MIRS_GetValue(in, MI_T("Number"), MI_UINT32, &v);
    mirs_proc p;
    pid_t pid;
    MI_Uint32 ret;
    MI_Result r;
    (void)self, (void)nameSpace, (void)className, (void)methodName;

    if (!handle || !number) {
        (void)MIRS_PostResult(context, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    if (mirs_parse_pid(handle, &pid) != 0 || mirs_read_proc(pid, &p) != 0) {
        (void)MIRS_PostResult(context, MI_RESULT_NOT_FOUND);
        return;
    }
    /* 0 checks existence and permission only; otherwise a real signal number. The
     * return value is 0 or the errno of kill(2). */
    if (number->uint32 > 64)
        ret = EINVAL;
    else
        ret = kill(pid, (int)number->uint32) == 0 ? 0u : (MI_Uint32)errno;

    memset(&out, 0, sizeof(out));
    r = MIRS_ConstructParameters(context, &MIRS_Process_Signal_rtti, &out.__instance);
    if (r == MI_RESULT_OK) {
        MIRS_Process_Signal_Set_MIReturn(&out, ret);
        r = MIRS_PostInstance(context, &out.__instance);
    }
    MIRS_Destruct(&out.__instance);
    (void)MIRS_PostResult(context, r);
}

struct count_state {
    const MI_Char *state;
    MI_Uint32 total;
};

static int count_one(pid_t pid, void *arg)
{
    struct count_state *st = (struct count_state *)arg;
    mirs_proc p;
    if (mirs_read_proc(pid, &p) != 0)
        return 0;
    if (!st->state || !st->state[0] || strcmp(st->state, p.state) == 0)
        st->total++;
    return 0;
}

void MI_CALL MIRS_Process_Invoke_Count(void *self, MI_Context *context, const MI_Char *nameSpace,
                                       const MI_Char *className, const MI_Char *methodName,
                                       const MI_Instance *instanceName, const MI_Instance *in)
{
    MIRS_Process_Count out;
    struct count_state st;
    MI_Result r;
    (void)self, (void)nameSpace, (void)className, (void)methodName, (void)instanceName;

    /* State is the one-letter code of /proc/<pid>/stat (R, S, D, Z, T, I, ...); absent or
     * empty counts every process. */
    st.state = MIRS_GetString(in, MI_T("State"));
    st.total = 0;
    if (mirs_for_each_pid(count_one, &st) < 0) {
        (void)MIRS_PostResult(context, MI_RESULT_FAILED);
        return;
    }
    memset(&out, 0, sizeof(out));
    r = MIRS_ConstructParameters(context, &MIRS_Process_Count_rtti, &out.__instance);
    if (r == MI_RESULT_OK) {
        MIRS_Process_Count_Set_MIReturn(&out, 0);
        MIRS_Process_Count_Set_Total(&out, st.total);
        r = MIRS_PostInstance(context, &out.__instance);
    }
    MIRS_Destruct(&out.__instance);
    (void)MIRS_PostResult(context, r);
}
