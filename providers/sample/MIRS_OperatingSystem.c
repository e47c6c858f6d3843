/*
 * MIRS_OperatingSystem - the one instance describing the running kernel: uname,
 * /proc/stat (btime), /proc/uptime, /proc/meminfo, /proc/loadavg.
 */
#define _GNU_SOURCE
#include "mirs_sample.h"
#include "sysinfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>

void MI_CALL MIRS_OperatingSystem_Load(void **self, MI_Module_Self *selfModule, MI_Context *context)
{
    (void)selfModule;
    MIRS_PostLoadOk(self, context);
}

void MI_CALL MIRS_OperatingSystem_Unload(void *self, MI_Context *context)
{
    (void)self;
    (void)MIRS_PostResult(context, MI_RESULT_OK);
}

/* The instance key: the kernel's node name (the host name). */
static int os_name(char *buf, size_t cap)
{
    struct utsname u;
    if (uname(&u) != 0)
        return -1;
    snprintf(buf, cap, "%s", u.nodename);
    mirs_sanitize_utf8(buf);
    return 0;
}

/* "Key:   123 kB" of /proc/meminfo, in bytes. */
static int meminfo_value(const char *text, const char *key, uint64_t *bytes)
{
    size_t klen = strlen(key);
    const char *line = text;
    while (line && *line) {
        if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
            char num[32];
            size_t i = 0;
            const char *p = line + klen + 1;
            uint64_t v;
            while (*p == ' ')
                p++;
            while (*p >= '0' && *p <= '9' && i + 1 < sizeof(num))
                num[i++] = *p++;
            num[i] = '\0';
            if (mirs_parse_u64(num, &v) != 0)
                return -1;
            if (strncmp(p, " kB", 3) == 0) {
                if (v > UINT64_MAX / 1024)
                    return -1;
                v *= 1024;
            }
            *bytes = v;
            return 0;
        }
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return -1;
}

static int count_pid(pid_t pid, void *arg)
{
    (void)pid;
    (*(MI_Uint32 *)arg)++;
    return 0;
}

static MI_Result post_os(MI_Context *context, MI_Boolean keysOnly)
{
    MIRS_OperatingSystem inst;
    struct utsname u;
    char name[256], buf[8192];
    uint64_t v, btime;
    MI_Result r;

    if (os_name(name, sizeof(name)) != 0 || uname(&u) != 0)
        return MI_RESULT_FAILED;
    memset(&inst, 0, sizeof(inst));
    r = MIRS_ConstructInstance(context, &MIRS_OperatingSystem_rtti, &inst.__instance);
    if (r != MI_RESULT_OK)
        return r;
    r = MIRS_OperatingSystem_Set_Name(&inst, name);
    if (r == MI_RESULT_OK && !keysOnly) {
        mirs_sanitize_utf8(u.release);
        mirs_sanitize_utf8(u.version);
        r = MIRS_OperatingSystem_Set_KernelRelease(&inst, u.release);
        if (r == MI_RESULT_OK)
            r = MIRS_OperatingSystem_Set_KernelVersion(&inst, u.version);
        if (r == MI_RESULT_OK && mirs_boot_time(&btime) == 0)
            MIRS_OperatingSystem_Set_BootTime(&inst, mirs_timestamp((time_t)btime, 0));
        if (r == MI_RESULT_OK && mirs_read_file("/proc/uptime", buf, sizeof(buf)) > 0) {
            /* "12345.67 23456.78": whole seconds and hundredths */
            char *dot = strchr(buf, '.'), *sp = strchr(buf, ' ');
            if (dot && sp && dot < sp) {
                uint64_t secs, frac = 0;
                *dot = '\0';
                *sp = '\0';
                if (mirs_parse_u64(buf, &secs) == 0) {
                    if (mirs_parse_u64(dot + 1, &frac) != 0 || frac > 99)
                        frac = 0;
                    MIRS_OperatingSystem_Set_Uptime(&inst, mirs_interval(secs, (MI_Uint32)frac * 10000u));
                }
            }
        }
        if (r == MI_RESULT_OK && mirs_read_file("/proc/meminfo", buf, sizeof(buf)) > 0) {
            if (meminfo_value(buf, "MemTotal", &v) == 0)
                MIRS_OperatingSystem_Set_TotalMemoryBytes(&inst, v);
            if (meminfo_value(buf, "MemFree", &v) == 0)
                MIRS_OperatingSystem_Set_FreeMemoryBytes(&inst, v);
            if (meminfo_value(buf, "MemAvailable", &v) == 0)
                MIRS_OperatingSystem_Set_AvailableMemoryBytes(&inst, v);
        }
        if (r == MI_RESULT_OK) {
            MI_Uint32 n = 0;
            if (mirs_for_each_pid(count_pid, &n) == 0)
                MIRS_OperatingSystem_Set_NumberOfProcesses(&inst, n);
        }
        if (r == MI_RESULT_OK && mirs_read_file("/proc/loadavg", buf, sizeof(buf)) > 0) {
            MI_Real64 load[3];
            char *end = buf;
            int i;
            for (i = 0; i < 3; i++) {
                char *next;
                load[i] = strtod(end, &next);
                if (next == end)
                    break;
                end = next;
            }
            if (i == 3)
                r = MIRS_OperatingSystem_Set_LoadAverage(&inst, load, 3);
        }
    }
    if (r == MI_RESULT_OK)
        r = MIRS_PostInstance(context, &inst.__instance);
    MIRS_Destruct(&inst.__instance);
    return r;
}

void MI_CALL MIRS_OperatingSystem_EnumerateInstances(void *self, MI_Context *context, const MI_Char *nameSpace,
                                                     const MI_Char *className, const MI_PropertySet *propertySet,
                                                     MI_Boolean keysOnly, const MI_Filter *filter)
{
    (void)self, (void)nameSpace, (void)className, (void)propertySet, (void)filter;
    (void)MIRS_PostResult(context, post_os(context, keysOnly));
}

void MI_CALL MIRS_OperatingSystem_GetInstance(void *self, MI_Context *context, const MI_Char *nameSpace,
                                              const MI_Char *className, const MI_Instance *instanceName,
                                              const MI_PropertySet *propertySet)
{
    char name[256];
    const MI_Char *key = MIRS_GetString(instanceName, MI_T("Name"));
    (void)self, (void)nameSpace, (void)className, (void)propertySet;
    if (!key) {
        (void)MIRS_PostResult(context, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    if (os_name(name, sizeof(name)) != 0 || !MIRS_NameEq(key, name)) {
        (void)MIRS_PostResult(context, MI_RESULT_NOT_FOUND);
        return;
    }
    (void)MIRS_PostResult(context, post_os(context, MI_FALSE));
}
