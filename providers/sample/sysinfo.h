/*
 * sysinfo.h - bounded readers for /proc and /sys used by the MIRS_* providers.
 * Every reader NUL-terminates, never reads past its buffer and reports failure
 * (-1) instead of guessing when the kernel's text is not what it expects.
 */
#ifndef MIRS_SYSINFO_H
#define MIRS_SYSINFO_H

#include <mi.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* Reads at most cap-1 bytes of `path` into buf and NUL-terminates; returns the byte
 * count or -1. */
ssize_t mirs_read_file(const char *path, char *buf, size_t cap);
/* Strict decimal parse of the whole string (leading/trailing blanks allowed). */
int mirs_parse_u64(const char *s, uint64_t *out);
/* A process id from a Handle key: decimal, 1..INT32_MAX, nothing else. */
int mirs_parse_pid(const MI_Char *handle, pid_t *out);

MI_Datetime mirs_timestamp(time_t seconds, MI_Uint32 microseconds);
MI_Datetime mirs_interval(uint64_t seconds, MI_Uint32 microseconds);
MI_Datetime mirs_now(void);
/* Replaces invalid UTF-8 and control bytes with '?' in place. */
void mirs_sanitize_utf8(char *s);
/* btime of /proc/stat (seconds since the epoch), or -1. */
int mirs_boot_time(uint64_t *btime);

typedef struct mirs_proc {
    pid_t pid;
    pid_t ppid;
    char name[64];
    char state[2];
    MI_Uint32 threads;
    uint64_t rss_bytes;
    uint64_t start_ticks;
} mirs_proc;

/* Fills *p from /proc/<pid>/stat; -1 if the process is gone or the text is odd. */
int mirs_read_proc(pid_t pid, mirs_proc *p);
/* Calls fn for each numeric entry of /proc until it returns non-zero (returned). */
int mirs_for_each_pid(int (*fn)(pid_t pid, void *arg), void *arg);

#define MIRS_CMDLINE_MAX_ARGS 256
#define MIRS_CMDLINE_MAX_BYTES 32768
typedef struct mirs_cmdline {
    char buf[MIRS_CMDLINE_MAX_BYTES];
    const MI_Char *argv[MIRS_CMDLINE_MAX_ARGS];
    MI_Uint32 argc;
} mirs_cmdline;
/* Splits /proc/<pid>/cmdline into argv (truncated at the limits above); -1 if gone. */
int mirs_read_cmdline(pid_t pid, mirs_cmdline *c);

#endif
