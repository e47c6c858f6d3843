/*
 * MIRS_NetworkInterface - one instance per entry of /sys/class/net.
 */
#define _GNU_SOURCE
#include "mirs_sample.h"
#include "sysinfo.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

void MI_CALL MIRS_NetworkInterface_Load(void **self, MI_Module_Self *selfModule, MI_Context *context)
{
    (void)selfModule;
    MIRS_PostLoadOk(self, context);
}

void MI_CALL MIRS_NetworkInterface_Unload(void *self, MI_Context *context)
{
    (void)self;
    (void)MIRS_PostResult(context, MI_RESULT_OK);
}

/* Interface names are at most 15 bytes (IFNAMSIZ - 1) and hold no '/'; anything else
 * cannot name an entry of /sys/class/net. */
static int valid_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 15 || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return 0;
    return 1;
}

/* The first line of /sys/class/net/<ifname>/<attr>, or -1. */
static int read_attr(const char *ifname, const char *attr, char *buf, size_t cap)
{
    char path[128];
    char *nl;
    snprintf(path, sizeof(path), "/sys/class/net/%s/%s", ifname, attr);
    if (mirs_read_file(path, buf, cap) < 0)
        return -1;
    nl = strchr(buf, '\n');
    if (nl)
        *nl = '\0';
    mirs_sanitize_utf8(buf);
    return 0;
}

static MI_Result post_if(MI_Context *context, const char *name, MI_Boolean keysOnly)
{
    MIRS_NetworkInterface inst;
    char buf[256];
    uint64_t v;
    MI_Result r;
    memset(&inst, 0, sizeof(inst));
    r = MIRS_ConstructInstance(context, &MIRS_NetworkInterface_rtti, &inst.__instance);
    if (r != MI_RESULT_OK)
        return r;
    r = MIRS_NetworkInterface_Set_Name(&inst, name);
    if (r == MI_RESULT_OK && !keysOnly) {
        if (read_attr(name, "mtu", buf, sizeof(buf)) == 0 && mirs_parse_u64(buf, &v) == 0 && v <= UINT32_MAX)
            MIRS_NetworkInterface_Set_MTU(&inst, (MI_Uint32)v);
        if (read_attr(name, "address", buf, sizeof(buf)) == 0 && buf[0])
            r = MIRS_NetworkInterface_Set_MACAddress(&inst, buf);
        if (r == MI_RESULT_OK && read_attr(name, "operstate", buf, sizeof(buf)) == 0 && buf[0])
            r = MIRS_NetworkInterface_Set_OperationalState(&inst, buf);
        if (read_attr(name, "statistics/rx_bytes", buf, sizeof(buf)) == 0 && mirs_parse_u64(buf, &v) == 0)
            MIRS_NetworkInterface_Set_ReceivedBytes(&inst, v);
        if (read_attr(name, "statistics/tx_bytes", buf, sizeof(buf)) == 0 && mirs_parse_u64(buf, &v) == 0)
            MIRS_NetworkInterface_Set_TransmittedBytes(&inst, v);
    }
    if (r == MI_RESULT_OK)
        r = MIRS_PostInstance(context, &inst.__instance);
    MIRS_Destruct(&inst.__instance);
    return r;
}

void MI_CALL MIRS_NetworkInterface_EnumerateInstances(void *self, MI_Context *context, const MI_Char *nameSpace,
                                                      const MI_Char *className, const MI_PropertySet *propertySet,
                                                      MI_Boolean keysOnly, const MI_Filter *filter)
{
    DIR *dir = opendir("/sys/class/net");
    struct dirent *e;
    MI_Result r = MI_RESULT_OK;
    (void)self, (void)nameSpace, (void)className, (void)propertySet, (void)filter;
    if (!dir) {
        (void)MIRS_PostResult(context, MI_RESULT_FAILED);
        return;
    }
    while (r == MI_RESULT_OK && (e = readdir(dir)) != NULL) {
        char name[32];
        if (!valid_name(e->d_name))
            continue;
        memcpy(name, e->d_name, strlen(e->d_name) + 1); /* at most 16 bytes: valid_name */
        mirs_sanitize_utf8(name);
        r = post_if(context, name, keysOnly);
    }
    closedir(dir);
    (void)MIRS_PostResult(context, r);
}

void MI_CALL MIRS_NetworkInterface_GetInstance(void *self, MI_Context *context, const MI_Char *nameSpace,
                                               const MI_Char *className, const MI_Instance *instanceName,
                                               const MI_PropertySet *propertySet)
{
    const MI_Char *key = MIRS_GetString(instanceName, MI_T("Name"));
    char path[128];
    struct stat st;
    (void)self, (void)nameSpace, (void)className, (void)propertySet;
    if (!key) {
        (void)MIRS_PostResult(context, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    if (!valid_name(key)) {
        (void)MIRS_PostResult(context, MI_RESULT_NOT_FOUND);
        return;
    }
    snprintf(path, sizeof(path), "/sys/class/net/%s", key);
    if (stat(path, &st) != 0) {
        (void)MIRS_PostResult(context, MI_RESULT_NOT_FOUND);
        return;
    }
    (void)MIRS_PostResult(context, post_if(context, key, MI_FALSE));
}
