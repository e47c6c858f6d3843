/*
 * MIRS_Mount - one instance per visible mount point of /proc/self/mounts (when a path
 * is mounted over, the last entry is the visible one), sizes from statvfs.
 */
#define _GNU_SOURCE
#include "mirs_sample.h"
#include "sysinfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/statvfs.h>

#define MOUNTS_MAX_BYTES (1024 * 1024)
#define MOUNTS_MAX_ENTRIES 8192

typedef struct mount_entry {
    char *device, *mount_point, *fs_type, *options;
} mount_entry;

typedef struct mount_table {
    char *text;
    mount_entry *entries;
    size_t count;
} mount_table;

void MI_CALL MIRS_Mount_Load(void **self, MI_Module_Self *selfModule, MI_Context *context)
{
    (void)selfModule;
    MIRS_PostLoadOk(self, context);
}

void MI_CALL MIRS_Mount_Unload(void *self, MI_Context *context)
{
    (void)self;
    (void)MIRS_PostResult(context, MI_RESULT_OK);
}

/* Undoes the kernel's octal escapes (\040 space, \011 tab, \012 newline, \134 '\'). */
static void unescape(char *s)
{
    char *r = s, *w = s;
    while (*r) {
        if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
            *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
            r += 4;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    mirs_sanitize_utf8(s);
}

static void table_free(mount_table *t)
{
    free(t->text);
    free(t->entries);
    memset(t, 0, sizeof(*t));
}

static int table_read(mount_table *t)
{
    char *line, *save = NULL;
    memset(t, 0, sizeof(*t));
    t->text = (char *)malloc(MOUNTS_MAX_BYTES);
    t->entries = (mount_entry *)calloc(MOUNTS_MAX_ENTRIES, sizeof(mount_entry));
    if (!t->text || !t->entries || mirs_read_file("/proc/self/mounts", t->text, MOUNTS_MAX_BYTES) < 0) {
        table_free(t);
        return -1;
    }
    for (line = strtok_r(t->text, "\n", &save); line && t->count < MOUNTS_MAX_ENTRIES;
         line = strtok_r(NULL, "\n", &save)) {
        char *fsave = NULL;
        mount_entry *e = &t->entries[t->count];
        e->device = strtok_r(line, " ", &fsave);
        e->mount_point = strtok_r(NULL, " ", &fsave);
        e->fs_type = strtok_r(NULL, " ", &fsave);
        e->options = strtok_r(NULL, " ", &fsave);
        if (!e->device || !e->mount_point || !e->fs_type || !e->options)
            continue; /* odd line: skip it */
        unescape(e->device);
        unescape(e->mount_point);
        unescape(e->fs_type);
        unescape(e->options);
        t->count++;
    }
    return 0;
}

/* The index of the visible (last) entry for `mount_point`, or -1. */
static long table_find_last(const mount_table *t, const char *mount_point)
{
    size_t i = t->count;
    while (i-- > 0)
        if (strcmp(t->entries[i].mount_point, mount_point) == 0)
            return (long)i;
    return -1;
}

static MI_Result post_mount(MI_Context *context, const mount_entry *e, MI_Boolean keysOnly)
{
    MIRS_Mount inst;
    struct statvfs sv;
    MI_Result r;
    memset(&inst, 0, sizeof(inst));
    r = MIRS_ConstructInstance(context, &MIRS_Mount_rtti, &inst.__instance);
    if (r != MI_RESULT_OK)
        return r;
    r = MIRS_Mount_Set_MountPoint(&inst, e->mount_point);
    if (r == MI_RESULT_OK && !keysOnly) {
        r = MIRS_Mount_Set_Device(&inst, e->device);
        if (r == MI_RESULT_OK)
            r = MIRS_Mount_Set_FileSystemType(&inst, e->fs_type);
        if (r == MI_RESULT_OK)
            r = MIRS_Mount_Set_Options(&inst, e->options);
        if (r == MI_RESULT_OK && statvfs(e->mount_point, &sv) == 0) {
            MIRS_Mount_Set_SizeBytes(&inst, (MI_Uint64)sv.f_blocks * (MI_Uint64)sv.f_frsize);
            MIRS_Mount_Set_FreeBytes(&inst, (MI_Uint64)sv.f_bavail * (MI_Uint64)sv.f_frsize);
        }
    }
    if (r == MI_RESULT_OK)
        r = MIRS_PostInstance(context, &inst.__instance);
    MIRS_Destruct(&inst.__instance);
    return r;
}

void MI_CALL MIRS_Mount_EnumerateInstances(void *self, MI_Context *context, const MI_Char *nameSpace,
                                           const MI_Char *className, const MI_PropertySet *propertySet,
                                           MI_Boolean keysOnly, const MI_Filter *filter)
{
    mount_table t;
    MI_Result r = MI_RESULT_OK;
    size_t i;
    (void)self, (void)nameSpace, (void)className, (void)propertySet, (void)filter;
    if (table_read(&t) != 0) {
        (void)MIRS_PostResult(context, MI_RESULT_FAILED);
        return;
    }
    for (i = 0; i < t.count && r == MI_RESULT_OK; i++)
        if (table_find_last(&t, t.entries[i].mount_point) == (long)i)
            r = post_mount(context, &t.entries[i], keysOnly);
    table_free(&t);
    (void)MIRS_PostResult(context, r);
}

void MI_CALL MIRS_Mount_GetInstance(void *self, MI_Context *context, const MI_Char *nameSpace,
                                    const MI_Char *className, const MI_Instance *instanceName,
                                    const MI_PropertySet *propertySet)
{
    const MI_Char *key = MIRS_GetString(instanceName, MI_T("MountPoint"));
    mount_table t;
    long i;
    MI_Result r;
    (void)self, (void)nameSpace, (void)className, (void)propertySet;
    if (!key) {
        (void)MIRS_PostResult(context, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    if (table_read(&t) != 0) {
        (void)MIRS_PostResult(context, MI_RESULT_FAILED);
        return;
    }
    i = table_find_last(&t, key);
    r = i < 0 ? MI_RESULT_NOT_FOUND : post_mount(context, &t.entries[i], MI_FALSE);
    table_free(&t);
    (void)MIRS_PostResult(context, r);
}
