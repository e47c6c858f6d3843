/*
 * common.c - the /proc readers of sysinfo.h and the value helpers of mirs_sample.h.
 */
#define _GNU_SOURCE
#include "mirs_sample.h"
#include "sysinfo.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/time.h>
#include <unistd.h>

ssize_t mirs_read_file(const char *path, char *buf, size_t cap)
{
    size_t len = 0;
    int fd;
    if (!buf || cap == 0)
        return -1;
    buf[0] = '\0';
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    while (len + 1 < cap) {
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            close(fd);
            buf[0] = '\0';
            return -1;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    buf[len] = '\0';
    return (ssize_t)len;
}

int mirs_parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    int digits = 0;
    if (!s || !out)
        return -1;
    while (*s == ' ' || *s == '\t')
        s++;
    while (*s >= '0' && *s <= '9') {
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
        digits++;
        s++;
    }
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    if (!digits || *s != '\0')
        return -1;
    *out = v;
    return 0;
}

int mirs_parse_pid(const MI_Char *handle, pid_t *out)
{
    uint64_t v;
    size_t i, n;
    if (!handle || !out)
        return -1;
    n = strlen(handle);
    if (n == 0 || n > 10)
        return -1;
    for (i = 0; i < n; i++)
        if (handle[i] < '0' || handle[i] > '9')
            return -1;
    if (handle[0] == '0')
        return -1;
    if (mirs_parse_u64(handle, &v) != 0 || v == 0 || v > INT32_MAX)
        return -1;
    *out = (pid_t)v;
    return 0;
}

MI_Datetime mirs_timestamp(time_t seconds, MI_Uint32 microseconds)
{
    MI_Datetime dt;
    struct tm tm;
    memset(&dt, 0, sizeof(dt));
    dt.isTimestamp = 1;
    if (!gmtime_r(&seconds, &tm))
        return dt;
    dt.u.timestamp.year = (MI_Uint32)(tm.tm_year + 1900);
    dt.u.timestamp.month = (MI_Uint32)(tm.tm_mon + 1);
    dt.u.timestamp.day = (MI_Uint32)tm.tm_mday;
    dt.u.timestamp.hour = (MI_Uint32)tm.tm_hour;
    dt.u.timestamp.minute = (MI_Uint32)tm.tm_min;
    dt.u.timestamp.second = (MI_Uint32)tm.tm_sec;
    dt.u.timestamp.microseconds = microseconds % 1000000u;
    dt.u.timestamp.utc = 0;
    return dt;
}

MI_Datetime mirs_interval(uint64_t seconds, MI_Uint32 microseconds)
{
    MI_Datetime dt;
    uint64_t days = seconds / 86400;
    memset(&dt, 0, sizeof(dt));
    dt.isTimestamp = 0;
    dt.u.interval.days = days > 99999999u ? 99999999u : (MI_Uint32)days;
    dt.u.interval.hours = (MI_Uint32)(seconds % 86400 / 3600);
    dt.u.interval.minutes = (MI_Uint32)(seconds % 3600 / 60);
    dt.u.interval.seconds = (MI_Uint32)(seconds % 60);
    dt.u.interval.microseconds = microseconds % 1000000u;
    return dt;
}

MI_Datetime mirs_now(void)
{
    struct timeval tv;
    if (gettimeofday(&tv, NULL) != 0) {
        tv.tv_sec = time(NULL);
        tv.tv_usec = 0;
    }
    return mirs_timestamp(tv.tv_sec, (MI_Uint32)tv.tv_usec);
}

int mirs_boot_time(uint64_t *btime)
{
    /* /proc/stat's intr line can be long on big machines; read it line by line. */
    FILE *f = fopen("/proc/stat", "re");
    char *line = NULL;
    size_t cap = 0;
    int rc = -1;
    if (!f)
        return -1;
    while (getline(&line, &cap, f) > 0) {
        if (strncmp(line, "btime ", 6) == 0) {
            rc = mirs_parse_u64(line + 6, btime);
            break;
        }
    }
    free(line);
    fclose(f);
    return rc;
}

void mirs_sanitize_utf8(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (p && *p) {
        size_t need, i;
        if (*p < 0x20 || *p == 0x7f) {
            *p++ = '?';
            continue;
        }
        if (*p < 0x80) {
            p++;
            continue;
        }
        if (*p >= 0xc2 && *p <= 0xdf)
            need = 1;
        else if (*p >= 0xe0 && *p <= 0xef)
            need = 2;
        else if (*p >= 0xf0 && *p <= 0xf4)
            need = 3;
        else {
            *p++ = '?';
            continue;
        }
        for (i = 1; i <= need; i++)
            if ((p[i] & 0xc0) != 0x80)
                break;
        /* overlongs and surrogates */
        if (i <= need || (p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
            (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90)) {
            *p++ = '?';
            continue;
        }
        p += need + 1;
    }
}

int mirs_read_proc(pid_t pid, mirs_proc *p)
{
    char path[64], buf[2048];
    char *open_paren, *close_paren, *save = NULL, *tok;
    uint64_t fields[24];
    int field;
    size_t name_len;
    long page;

    if (!p || pid <= 0)
        return -1;
    memset(p, 0, sizeof(*p));
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    if (mirs_read_file(path, buf, sizeof(buf)) <= 0)
        return -1;
    /* "pid (comm) S ppid ...": comm may hold spaces and parentheses, so it runs from
     * the first '(' to the last ')'. */
    open_paren = strchr(buf, '(');
    close_paren = strrchr(buf, ')');
    if (!open_paren || !close_paren || close_paren < open_paren)
        return -1;
    name_len = (size_t)(close_paren - open_paren - 1);
    if (name_len >= sizeof(p->name))
        name_len = sizeof(p->name) - 1;
    memcpy(p->name, open_paren + 1, name_len);
    p->name[name_len] = '\0';
    mirs_sanitize_utf8(p->name);

    memset(fields, 0, sizeof(fields));
    field = 3;
    for (tok = strtok_r(close_paren + 1, " \n", &save); tok && field <= 24;
         tok = strtok_r(NULL, " \n", &save), field++) {
        if (field == 3) {
            if (strlen(tok) != 1)
                return -1;
            p->state[0] = tok[0];
            p->state[1] = '\0';
            continue;
        }
        /* Fields 4..24 are numbers; a few (e.g. 8, tty_nr) can be negative, and
         * none of those is used here. */
        if (field == 4 || field == 20 || field == 22 || field == 24) {
            if (mirs_parse_u64(tok, &fields[field - 1]) != 0)
                return -1;
        }
    }
    if (field <= 24)
        return -1;
    p->pid = pid;
    p->ppid = fields[3] > INT32_MAX ? 0 : (pid_t)fields[3];
    p->threads = fields[19] > UINT32_MAX ? UINT32_MAX : (MI_Uint32)fields[19];
    p->start_ticks = fields[21];
    page = sysconf(_SC_PAGESIZE);
    p->rss_bytes = fields[23] * (uint64_t)(page > 0 ? page : 4096);
    return 0;
}

int mirs_for_each_pid(int (*fn)(pid_t pid, void *arg), void *arg)
{
    DIR *dir = opendir("/proc");
    struct dirent *e;
    int rc = 0;
    if (!dir)
        return -1;
    while ((e = readdir(dir)) != NULL) {
        pid_t pid;
        if (mirs_parse_pid(e->d_name, &pid) != 0)
            continue;
        rc = fn(pid, arg);
        if (rc != 0)
            break;
    }
    closedir(dir);
    return rc;
}

int mirs_read_cmdline(pid_t pid, mirs_cmdline *c)
{
    char path[64];
    ssize_t n, i, start = 0;
    if (!c)
        return -1;
    c->argc = 0;
    snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
    n = mirs_read_file(path, c->buf, sizeof(c->buf));
    if (n < 0)
        return -1;
    /* NUL-separated arguments; buf[n] is NUL, so a truncated last one still ends. */
    for (i = 0; i < n && c->argc < MIRS_CMDLINE_MAX_ARGS; i++) {
        if (c->buf[i] == '\0') {
            c->argv[c->argc++] = c->buf + start;
            start = i + 1;
        }
    }
    if (start < n && c->argc < MIRS_CMDLINE_MAX_ARGS)
        c->argv[c->argc++] = c->buf + start;
    for (i = 0; i < (ssize_t)c->argc; i++)
        mirs_sanitize_utf8((char *)c->argv[i]);
    return 0;
}

/* ---- value helpers ------------------------------------------------------------------ */

const MI_Value *MIRS_GetValue(const MI_Instance *instance, const MI_Char *name, MI_Type type, MI_Value *storage)
{
    MI_Type t = 0;
    MI_Uint32 flags = 0;
    if (!instance || !instance->ft || !instance->ft->GetElement || !storage)
        return NULL;
    memset(storage, 0, sizeof(*storage));
    if (instance->ft->GetElement(instance, name, storage, &t, &flags, NULL) != MI_RESULT_OK)
        return NULL;
    if (t != type || (flags & MI_FLAG_NULL))
        return NULL;
    return storage;
}

const MI_Char *MIRS_GetString(const MI_Instance *instance, const MI_Char *name)
{
    MI_Value v;
    const MI_Value *p = MIRS_GetValue(instance, name, MI_STRING, &v);
    return p ? p->string : NULL;
}

int MIRS_NameEq(const MI_Char *a, const MI_Char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

MI_Boolean MIRS_IsClass(const MI_Instance *instance, const MI_Char *className)
{
    const MI_Char *cn = NULL;
    if (!instance || !instance->ft || !instance->ft->GetClassName)
        return MI_FALSE;
    if (instance->ft->GetClassName(instance, &cn) != MI_RESULT_OK || !cn)
        return MI_FALSE;
    return MIRS_NameEq(cn, className) ? MI_TRUE : MI_FALSE;
}

void MIRS_PostLoadOk(void **self, MI_Context *context)
{
    if (self)
        *self = NULL;
    (void)MIRS_PostResult(context, MI_RESULT_OK);
}
