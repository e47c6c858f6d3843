/*
 * micli.c - a command-line MI client in the spirit of OMI's omicli, written against the
 * library's C ABI (include/mi.h) only.
 *
 *   micli [options] COMMAND ARGS...     (micli --help for the list)
 *
 * Instances are written as separate words, as omicli does: { Class Name Value ... }; a
 * value is a word, a nested { Class ... } (reference or embedded instance) or an array
 * [ v1 v2 ... ]. Values are converted by the types of the class, which micli asks the
 * server for (GetClass) first; a class the server does not describe gives strings.
 *
 * Exit code: the operation's MI_Result (0 on success); 2 for a usage error.
 * Build: ci/build-cli.sh. Linux (MI_Char is char).
 */
#define _POSIX_C_SOURCE 200809L

#include <mi.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define EXIT_USAGE 2

/* ---- options ---------------------------------------------------------------------------- */

struct options {
    int json, keys_only, nulls, count;
    double timeout;
    const char *ql, *assoc, *result_class, *role, *result_role;
    const char *hostname, *user, *password, *auth, *encryption, *cacert;
    int skip_ca_check, skip_cn_check;
    long port;
};

static struct options opt = {0, 0, 0, 0, -1.0, "WQL", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, -1};

static MI_Application app = MI_APPLICATION_NULL;
static MI_Session sess = MI_SESSION_NULL;
static int have_session;

static void usage_text(FILE *f)
{
    fputs("usage: micli [options] COMMAND ARGS...\n"
          "commands:\n"
          "  ei NS CLASS                      enumerate instances (-k: keys only)\n"
          "  gi NS { CLASS KEY VALUE ... }    get an instance\n"
          "  ci NS { CLASS NAME VALUE ... }   create an instance\n"
          "  mi NS { CLASS NAME VALUE ... }   modify an instance\n"
          "  di NS { CLASS KEY VALUE ... }    delete an instance\n"
          "  iv NS { CLASS [KEY VALUE ...] } METHOD [{ PARAM VALUE ... }]\n"
          "                                   invoke a method ({ CLASS } alone: static)\n"
          "  a NS { INSTANCE } [-ac ASSOC] [-rc RESULTCLASS] [-r ROLE] [-rr RESULTROLE]\n"
          "  r NS { INSTANCE } [-rc RESULTCLASS] [-r ROLE]\n"
          "  qi NS QUERY [-ql DIALECT]        query instances (default dialect WQL)\n"
          "  gc NS CLASS                      print a class\n"
          "  ec NS [CLASS]                    list the classes (derived from CLASS)\n"
          "  sub NS QUERY [-ql DIALECT] [--count N] [--timeout S]   print indications\n"
          "  id                               test the connection\n"
          "options:\n"
          "  --json  one JSON object per instance      -n  show NULL properties\n"
          "  --hostname H  --port P  -u USER  -p PASS\n"
          "  --cacert FILE|DIR (trusted certificates)  --skip-ca-check  --skip-cn-check (HTTPS)\n"
          "  --auth Basic|NegoWithCreds|NegoNoCreds|Kerberos|Digest|Ntlmdomain|CredSSP|Default|None\n"
          "  --encryption none|https|http\n"
          "values: WORD, [ V1 V2 ... ] (array), { CLASS NAME VALUE ... } (instance)\n",
          f);
}

static void usage(const char *fmt, ...)
{
    va_list ap;
    fputs("micli: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n(micli --help for usage)\n", stderr);
    exit(EXIT_USAGE);
}

/* ---- results and errors ----------------------------------------------------------------- */

static const char *result_name(MI_Result r)
{
    static const char *names[] = {"MI_RESULT_OK",
                                  "MI_RESULT_FAILED",
                                  "MI_RESULT_ACCESS_DENIED",
                                  "MI_RESULT_INVALID_NAMESPACE",
                                  "MI_RESULT_INVALID_PARAMETER",
                                  "MI_RESULT_INVALID_CLASS",
                                  "MI_RESULT_NOT_FOUND",
                                  "MI_RESULT_NOT_SUPPORTED",
                                  "MI_RESULT_CLASS_HAS_CHILDREN",
                                  "MI_RESULT_CLASS_HAS_INSTANCES",
                                  "MI_RESULT_INVALID_SUPERCLASS",
                                  "MI_RESULT_ALREADY_EXISTS",
                                  "MI_RESULT_NO_SUCH_PROPERTY",
                                  "MI_RESULT_TYPE_MISMATCH",
                                  "MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED",
                                  "MI_RESULT_INVALID_QUERY",
                                  "MI_RESULT_METHOD_NOT_AVAILABLE",
                                  "MI_RESULT_METHOD_NOT_FOUND",
                                  NULL,
                                  NULL,
                                  "MI_RESULT_NAMESPACE_NOT_EMPTY",
                                  "MI_RESULT_INVALID_ENUMERATION_CONTEXT",
                                  "MI_RESULT_INVALID_OPERATION_TIMEOUT",
                                  "MI_RESULT_PULL_HAS_BEEN_ABANDONED",
                                  "MI_RESULT_PULL_CANNOT_BE_ABANDONED",
                                  "MI_RESULT_FILTERED_ENUMERATION_NOT_SUPPORTED",
                                  "MI_RESULT_CONTINUATION_ON_ERROR_NOT_SUPPORTED",
                                  "MI_RESULT_SERVER_LIMITS_EXCEEDED",
                                  "MI_RESULT_SERVER_IS_SHUTTING_DOWN"};
    if (r < sizeof names / sizeof names[0] && names[r])
        return names[r];
    return NULL;
}

static const char *string_element(const MI_Instance *inst, const char *name)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 flags = 0;
    if (!inst || MI_Instance_GetElement(inst, name, &v, &t, &flags, NULL) != MI_RESULT_OK)
        return NULL;
    if (t != MI_STRING || (flags & MI_FLAG_NULL) || !v.string)
        return NULL;
    return v.string;
}

/* Prints the result line and the message (the error string, else the extended error's
   Message); returns the exit code (the result value, capped at 255). */
static int report(MI_Result r, const MI_Char *message, const MI_Instance *details)
{
    const char *name = result_name(r);
    const char *detail = string_element(details, "Message");
    if (r == MI_RESULT_OK)
        return 0;
    if (name)
        fprintf(stderr, "micli: result: %s\n", name);
    else
        fprintf(stderr, "micli: result: %u\n", (unsigned)r);
    if (message && *message)
        fprintf(stderr, "micli: message: %s\n", message);
    if (detail && *detail && !(message && strcmp(message, detail) == 0))
        fprintf(stderr, "micli: message: %s\n", detail);
    return r > 255 ? 255 : (int)r;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fputs("micli: out of memory\n", stderr);
        exit(MI_RESULT_SERVER_LIMITS_EXCEEDED);
    }
    return p;
}

/* The parsed command line (words, instance specifications) lives until exit: its blocks
   are kept here and freed together. */
static void **arena;
static size_t arena_len, arena_cap;

static void *arena_alloc(size_t n, size_t size)
{
    void *p = xcalloc(n, size);
    if (arena_len == arena_cap) {
        size_t cap = arena_cap ? arena_cap * 2 : 64;
        void **grown = realloc(arena, cap * sizeof *grown);
        if (!grown) {
            fputs("micli: out of memory\n", stderr);
            exit(MI_RESULT_SERVER_LIMITS_EXCEEDED);
        }
        arena = grown;
        arena_cap = cap;
    }
    arena[arena_len++] = p;
    return p;
}

static void arena_free(void)
{
    while (arena_len)
        free(arena[--arena_len]);
    free(arena);
    arena = NULL;
    arena_cap = 0;
}

/* ---- value formatting ------------------------------------------------------------------- */

static void format_datetime(const MI_Datetime *d, char buf[32])
{
    if (d->isTimestamp) {
        const MI_Timestamp *t = &d->u.timestamp;
        long utc = (long)t->utc;
        snprintf(buf, 32, "%04u%02u%02u%02u%02u%02u.%06u%c%03ld", (unsigned)t->year % 10000u,
                 (unsigned)t->month % 100u, (unsigned)t->day % 100u, (unsigned)t->hour % 100u,
                 (unsigned)t->minute % 100u, (unsigned)t->second % 100u, (unsigned)t->microseconds % 1000000u,
                 utc < 0 ? '-' : '+', (utc < 0 ? -utc : utc) % 1000);
    } else {
        const MI_Interval *i = &d->u.interval;
        snprintf(buf, 32, "%08u%02u%02u%02u.%06u:000", (unsigned)i->days % 100000000u, (unsigned)i->hours % 100u,
                 (unsigned)i->minutes % 100u, (unsigned)i->seconds % 100u, (unsigned)i->microseconds % 1000000u);
    }
}

static void indent(int level)
{
    int i;
    for (i = 0; i < level; i++)
        fputs("    ", stdout);
}

static void print_instance(const MI_Instance *inst, int level, int indent_first);
static MI_Uint32 decl_method_flags(const MI_Class *cls, const char *method);

/* One scalar value of type t (not an array type) in omicli's readable form. */
static void print_scalar(MI_Type t, const void *p, int level)
{
    char buf[32];
    switch (t) {
    case MI_BOOLEAN:
        fputs(*(const MI_Boolean *)p ? "true" : "false", stdout);
        break;
    case MI_UINT8:
        printf("%u", (unsigned)*(const MI_Uint8 *)p);
        break;
    case MI_SINT8:
        printf("%d", (int)*(const MI_Sint8 *)p);
        break;
    case MI_UINT16:
        printf("%u", (unsigned)*(const MI_Uint16 *)p);
        break;
    case MI_SINT16:
        printf("%d", (int)*(const MI_Sint16 *)p);
        break;
    case MI_UINT32:
        printf("%lu", (unsigned long)*(const MI_Uint32 *)p);
        break;
    case MI_SINT32:
        printf("%ld", (long)*(const MI_Sint32 *)p);
        break;
    case MI_UINT64:
        printf("%llu", (unsigned long long)*(const MI_Uint64 *)p);
        break;
    case MI_SINT64:
        printf("%lld", (long long)*(const MI_Sint64 *)p);
        break;
    case MI_REAL32:
        printf("%g", (double)*(const MI_Real32 *)p);
        break;
    case MI_REAL64:
        printf("%g", *(const MI_Real64 *)p);
        break;
    case MI_CHAR16:
        printf("%u", (unsigned)*(const MI_Char16 *)p);
        break;
    case MI_DATETIME:
        format_datetime((const MI_Datetime *)p, buf);
        fputs(buf, stdout);
        break;
    case MI_STRING:
        fputs(*(MI_Char *const *)p ? *(MI_Char *const *)p : "", stdout);
        break;
    case MI_REFERENCE:
    case MI_INSTANCE: {
        const MI_Instance *sub = *(MI_Instance *const *)p;
        if (t == MI_REFERENCE)
            fputs(" REF ", stdout);
        if (sub)
            print_instance(sub, level, 0);
        else
            fputs("NULL", stdout);
        break;
    }
    default:
        printf("(type %u)", (unsigned)t);
    }
}

static size_t scalar_size(MI_Type t)
{
    switch (t & ~(MI_Type)MI_ARRAY) {
    case MI_BOOLEAN:
        return sizeof(MI_Boolean);
    case MI_UINT8:
    case MI_SINT8:
        return 1;
    case MI_UINT16:
    case MI_SINT16:
    case MI_CHAR16:
        return 2;
    case MI_UINT32:
    case MI_SINT32:
    case MI_REAL32:
        return 4;
    case MI_UINT64:
    case MI_SINT64:
    case MI_REAL64:
        return 8;
    case MI_DATETIME:
        return sizeof(MI_Datetime);
    case MI_STRING:
        return sizeof(MI_Char *);
    default:
        return sizeof(MI_Instance *);
    }
}

static void print_value(MI_Type t, const MI_Value *v, int level)
{
    if (t & MI_ARRAY) {
        MI_Type st = t & ~(MI_Type)MI_ARRAY;
        const char *data = (const char *)v->array.data;
        MI_Uint32 i;
        if (st == MI_INSTANCE || st == MI_REFERENCE) {
            if (st == MI_REFERENCE)
                fputs(" REF", stdout);
            fputs("\n", stdout);
            indent(level);
            fputs("{\n", stdout);
            for (i = 0; i < v->array.size; i++) {
                const MI_Instance *sub = ((MI_Instance *const *)v->array.data)[i];
                if (sub)
                    print_instance(sub, level + 1, 1);
            }
            indent(level);
            fputs("}", stdout);
            return;
        }
        fputs("{", stdout);
        for (i = 0; i < v->array.size && data; i++) {
            if (i)
                fputs(", ", stdout);
            print_scalar(st, data + i * scalar_size(st), level);
        }
        fputs("}", stdout);
        return;
    }
    print_scalar(t, v, level);
}

/* omicli's readable form: "instance of CLASS", "{", one "Name=Value" per line, "}". */
static void print_instance(const MI_Instance *inst, int level, int indent_first)
{
    const MI_Char *cls = NULL;
    MI_Uint32 n = 0, i;
    MI_Instance_GetClassName(inst, &cls);
    MI_Instance_GetElementCount(inst, &n);
    if (indent_first)
        indent(level);
    printf("instance of %s\n", cls ? cls : "(unknown)");
    indent(level);
    fputs("{\n", stdout);
    for (i = 0; i < n; i++) {
        const MI_Char *name = NULL;
        MI_Value v;
        MI_Type t = MI_STRING;
        MI_Uint32 flags = 0;
        if (MI_Instance_GetElementAt(inst, i, &name, &v, &t, &flags) != MI_RESULT_OK)
            continue;
        if ((flags & MI_FLAG_NULL) && !opt.nulls)
            continue;
        indent(level + 1);
        if (flags & MI_FLAG_KEY)
            fputs("[Key] ", stdout);
        printf("%s=", name ? name : "");
        if (flags & MI_FLAG_NULL)
            fputs("NULL\n", stdout);
        else {
            print_value(t, &v, level + 1);
            /* a printed instance ends with its own newline */
            if (!((t == MI_INSTANCE || t == MI_REFERENCE) && v.instance))
                fputs("\n", stdout);
        }
    }
    indent(level);
    fputs("}\n", stdout);
}

/* ---- JSON ------------------------------------------------------------------------------- */

static void json_string(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    putchar('"');
    for (; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", stdout);
            break;
        case '\\':
            fputs("\\\\", stdout);
            break;
        case '\n':
            fputs("\\n", stdout);
            break;
        case '\r':
            fputs("\\r", stdout);
            break;
        case '\t':
            fputs("\\t", stdout);
            break;
        case '\b':
            fputs("\\b", stdout);
            break;
        case '\f':
            fputs("\\f", stdout);
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                printf("\\u%04x", (unsigned)*p);
            else
                putchar(*p); /* UTF-8 passes through */
        }
    }
    putchar('"');
}

static void json_real(double d)
{
    if (isnan(d) || isinf(d))
        fputs("null", stdout); /* JSON has no NaN or infinity */
    else {
        /* the shortest of %.15g..%.17g that reads back as the same double */
        char buf[40];
        int prec;
        for (prec = 15; prec < 17; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, d);
            if (strtod(buf, NULL) == d)
                break;
        }
        snprintf(buf, sizeof buf, "%.*g", prec, d);
        fputs(buf, stdout);
    }
}

static void json_instance(const MI_Instance *inst);

static void json_scalar(MI_Type t, const void *p)
{
    char buf[32];
    switch (t) {
    case MI_BOOLEAN:
        fputs(*(const MI_Boolean *)p ? "true" : "false", stdout);
        break;
    case MI_REAL32:
        json_real((double)*(const MI_Real32 *)p);
        break;
    case MI_REAL64:
        json_real(*(const MI_Real64 *)p);
        break;
    case MI_DATETIME:
        format_datetime((const MI_Datetime *)p, buf);
        json_string(buf);
        break;
    case MI_STRING:
        json_string(*(MI_Char *const *)p);
        break;
    case MI_REFERENCE:
    case MI_INSTANCE:
        if (*(MI_Instance *const *)p)
            json_instance(*(MI_Instance *const *)p);
        else
            fputs("null", stdout);
        break;
    default: /* the integers and char16 */
        print_scalar(t, p, 0);
    }
}

static void json_value(MI_Type t, const MI_Value *v)
{
    if (t & MI_ARRAY) {
        MI_Type st = t & ~(MI_Type)MI_ARRAY;
        const char *data = (const char *)v->array.data;
        MI_Uint32 i;
        putchar('[');
        for (i = 0; i < v->array.size && data; i++) {
            if (i)
                putchar(',');
            json_scalar(st, data + i * scalar_size(st));
        }
        putchar(']');
        return;
    }
    json_scalar(t, v);
}

/* {"class": ..., "properties": {...}}; keys are listed under "keys". */
static void json_instance(const MI_Instance *inst)
{
    const MI_Char *cls = NULL;
    MI_Uint32 n = 0, i;
    int first = 1, firstkey = 1;
    MI_Instance_GetClassName(inst, &cls);
    MI_Instance_GetElementCount(inst, &n);
    fputs("{\"class\":", stdout);
    json_string(cls);
    fputs(",\"keys\":[", stdout);
    for (i = 0; i < n; i++) {
        const MI_Char *name = NULL;
        MI_Uint32 flags = 0;
        if (MI_Instance_GetElementAt(inst, i, &name, NULL, NULL, &flags) == MI_RESULT_OK && (flags & MI_FLAG_KEY)) {
            if (!firstkey)
                putchar(',');
            firstkey = 0;
            json_string(name);
        }
    }
    fputs("],\"properties\":{", stdout);
    for (i = 0; i < n; i++) {
        const MI_Char *name = NULL;
        MI_Value v;
        MI_Type t = MI_STRING;
        MI_Uint32 flags = 0;
        if (MI_Instance_GetElementAt(inst, i, &name, &v, &t, &flags) != MI_RESULT_OK)
            continue;
        if (!first)
            putchar(',');
        first = 0;
        json_string(name);
        putchar(':');
        if (flags & MI_FLAG_NULL)
            fputs("null", stdout);
        else
            json_value(t, &v);
    }
    fputs("}}", stdout);
}

static void emit_instance(const MI_Instance *inst)
{
    if (opt.json) {
        json_instance(inst);
        putchar('\n');
    } else
        print_instance(inst, 0, 1);
    fflush(stdout);
}

/* ---- synchronous pulls ------------------------------------------------------------------ */

/* Prints every instance of a synchronous operation, closes it, returns the exit code. */
static int pull_instances(MI_Operation *op)
{
    const MI_Instance *inst = NULL, *details = NULL;
    const MI_Char *msg = NULL;
    MI_Boolean more = MI_TRUE;
    MI_Result final = MI_RESULT_OK;
    int code;
    while (more) {
        inst = NULL;
        if (MI_Operation_GetInstance(op, &inst, &more, &final, &msg, &details) != MI_RESULT_OK) {
            if (final == MI_RESULT_OK)
                final = MI_RESULT_FAILED;
            break;
        }
        if (inst)
            emit_instance(inst);
    }
    code = report(final, msg, details); /* msg and details live until Close */
    MI_Operation_Close(op);
    return code;
}

/* The class, cloned (the caller deletes it), or NULL with *result set. */
static MI_Class *get_class(const char *ns, const char *name, MI_Result *result, int *code_out)
{
    MI_Operation op = MI_OPERATION_NULL;
    const MI_Class *cls = NULL;
    MI_Class *copy = NULL;
    const MI_Char *msg = NULL;
    const MI_Instance *details = NULL;
    MI_Boolean more = MI_TRUE;
    MI_Result final = MI_RESULT_OK;
    MI_Session_GetClass(&sess, 0, NULL, ns, name, NULL, &op);
    while (more) {
        cls = NULL;
        if (MI_Operation_GetClass(&op, &cls, &more, &final, &msg, &details) != MI_RESULT_OK) {
            if (final == MI_RESULT_OK)
                final = MI_RESULT_FAILED;
            break;
        }
        if (cls && !copy && cls->ft && cls->ft->Clone(cls, &copy) != MI_RESULT_OK)
            copy = NULL;
    }
    if (final != MI_RESULT_OK && copy) {
        copy->ft->Delete(copy);
        copy = NULL;
    }
    *result = final;
    if (code_out)
        *code_out = report(final, msg, details);
    MI_Operation_Close(&op);
    return copy;
}

/* ---- instance specifications: { Class Name Value ... } --------------------------------- */

struct spec;
struct prop {
    const char *name;
    int kind; /* 0 word, 1 array of words, 2 nested instance */
    const char *word;
    char **words;
    int nwords;
    struct spec *nested;
};
struct spec {
    const char *cls;
    struct prop *props;
    int nprops;
};

static int is_open(const char *w)
{
    return strcmp(w, "{") == 0;
}

/* Parses a spec starting at words[*i] == "{"; advances *i past its "}". */
static struct spec *parse_spec(char **words, int n, int *i)
{
    struct spec *s;
    if (*i >= n || !is_open(words[*i]))
        usage("expected '{' to start an instance, got '%s'", *i < n ? words[*i] : "(end)");
    (*i)++;
    if (*i >= n || is_open(words[*i]) || strcmp(words[*i], "}") == 0)
        usage("expected a class name after '{'");
    s = arena_alloc(1, sizeof *s);
    s->cls = words[(*i)++];
    s->props = arena_alloc((size_t)n, sizeof *s->props);
    for (;;) {
        struct prop *p;
        if (*i >= n)
            usage("missing '}' after the properties of %s", s->cls);
        if (strcmp(words[*i], "}") == 0) {
            (*i)++;
            return s;
        }
        if (is_open(words[*i]) || strcmp(words[*i], "[") == 0 || strcmp(words[*i], "]") == 0)
            usage("expected a property name in %s, got '%s'", s->cls, words[*i]);
        p = &s->props[s->nprops++];
        p->name = words[(*i)++];
        if (*i >= n)
            usage("property %s of %s has no value", p->name, s->cls);
        if (is_open(words[*i])) {
            p->kind = 2;
            p->nested = parse_spec(words, n, i);
        } else if (strcmp(words[*i], "[") == 0) {
            p->kind = 1;
            p->words = arena_alloc((size_t)n, sizeof *p->words);
            (*i)++;
            while (*i < n && strcmp(words[*i], "]") != 0) {
                if (is_open(words[*i]) || strcmp(words[*i], "}") == 0)
                    usage("arrays of instances are not supported on the command line (%s)", p->name);
                p->words[p->nwords++] = words[(*i)++];
            }
            if (*i >= n)
                usage("missing ']' after the values of %s", p->name);
            (*i)++;
        } else if (strcmp(words[*i], "}") == 0 || strcmp(words[*i], "]") == 0) {
            usage("property %s of %s has no value", p->name, s->cls);
        } else {
            p->kind = 0;
            p->word = words[(*i)++];
        }
    }
}

/* A parameter block { Name Value ... } has no class name: parse it as if it had one. */
static struct spec *parse_params(char **words, int n, int *i)
{
    char **copy = arena_alloc((size_t)n + 1, sizeof *copy);
    int j, k = 0, start = *i;
    struct spec *s;
    for (j = 0; j < n; j++) {
        copy[k++] = words[j];
        if (j == start)
            copy[k++] = (char *)"__Parameters";
    }
    j = start;
    s = parse_spec(copy, k, &j);
    *i = j - 1;
    return s; /* copy stays alive: the spec points into it */
}

/* ---- value conversion ------------------------------------------------------------------- */

static const char *type_name(MI_Type t)
{
    static const char *names[] = {"boolean", "uint8",  "sint8",  "uint16", "sint16",   "uint32",
                                  "sint32",  "uint64", "sint64", "real32", "real64",   "char16",
                                  "datetime", "string", "ref",    "instance"};
    MI_Type s = t & ~(MI_Type)MI_ARRAY;
    return s < 16 ? names[s] : "unknown";
}

static unsigned dig(const char *s, int n, int *ok)
{
    unsigned v = 0;
    int k;
    for (k = 0; k < n; k++) {
        if (!isdigit((unsigned char)s[k])) {
            *ok = 0;
            return 0;
        }
        v = v * 10 + (unsigned)(s[k] - '0');
    }
    return v;
}

/* DMTF: yyyymmddhhmmss.mmmmmmsutc (timestamp) or ddddddddhhmmss.mmmmmm:000 (interval). */
static int parse_datetime(const char *s, MI_Datetime *d)
{
    int ok = 1;
    memset(d, 0, sizeof *d);
    if (strlen(s) != 25 || s[14] != '.')
        return 0;
    if (s[21] == ':') {
        d->isTimestamp = 0;
        d->u.interval.days = dig(s, 8, &ok);
        d->u.interval.hours = dig(s + 8, 2, &ok);
        d->u.interval.minutes = dig(s + 10, 2, &ok);
        d->u.interval.seconds = dig(s + 12, 2, &ok);
        d->u.interval.microseconds = dig(s + 15, 6, &ok);
        return ok;
    }
    if (s[21] != '+' && s[21] != '-')
        return 0;
    d->isTimestamp = 1;
    d->u.timestamp.year = dig(s, 4, &ok);
    d->u.timestamp.month = dig(s + 4, 2, &ok);
    d->u.timestamp.day = dig(s + 6, 2, &ok);
    d->u.timestamp.hour = dig(s + 8, 2, &ok);
    d->u.timestamp.minute = dig(s + 10, 2, &ok);
    d->u.timestamp.second = dig(s + 12, 2, &ok);
    d->u.timestamp.microseconds = dig(s + 15, 6, &ok);
    d->u.timestamp.utc = (MI_Sint32)dig(s + 22, 3, &ok) * (s[21] == '-' ? -1 : 1);
    return ok;
}

/* Converts one word to scalar type t into *out (sized by scalar_size); 0 if it does not fit. */
static int convert_word(MI_Type t, const char *w, void *out)
{
    char *end = NULL;
    errno = 0;
    switch (t) {
    case MI_BOOLEAN:
        if (strcasecmp(w, "true") == 0 || strcmp(w, "1") == 0)
            *(MI_Boolean *)out = MI_TRUE;
        else if (strcasecmp(w, "false") == 0 || strcmp(w, "0") == 0)
            *(MI_Boolean *)out = MI_FALSE;
        else
            return 0;
        return 1;
    case MI_UINT8:
    case MI_UINT16:
    case MI_UINT32:
    case MI_UINT64:
    case MI_CHAR16: {
        unsigned long long v;
        unsigned long long max = t == MI_UINT8 ? 0xffULL
                                 : (t == MI_UINT16 || t == MI_CHAR16) ? 0xffffULL
                                 : t == MI_UINT32                     ? 0xffffffffULL
                                                                      : ULLONG_MAX;
        if (*w == '-' || !*w)
            return 0;
        v = strtoull(w, &end, 0);
        if (errno || *end || v > max)
            return 0;
        if (t == MI_UINT8)
            *(MI_Uint8 *)out = (MI_Uint8)v;
        else if (t == MI_UINT16)
            *(MI_Uint16 *)out = (MI_Uint16)v;
        else if (t == MI_CHAR16)
            *(MI_Char16 *)out = (MI_Char16)v;
        else if (t == MI_UINT32)
            *(MI_Uint32 *)out = (MI_Uint32)v;
        else
            *(MI_Uint64 *)out = (MI_Uint64)v;
        return 1;
    }
    case MI_SINT8:
    case MI_SINT16:
    case MI_SINT32:
    case MI_SINT64: {
        long long v, lim = t == MI_SINT8 ? 0x7fLL : t == MI_SINT16 ? 0x7fffLL : t == MI_SINT32 ? 0x7fffffffLL : LLONG_MAX;
        if (!*w)
            return 0;
        v = strtoll(w, &end, 0);
        if (errno || *end || v > lim || v < -lim - 1)
            return 0;
        if (t == MI_SINT8)
            *(MI_Sint8 *)out = (MI_Sint8)v;
        else if (t == MI_SINT16)
            *(MI_Sint16 *)out = (MI_Sint16)v;
        else if (t == MI_SINT32)
            *(MI_Sint32 *)out = (MI_Sint32)v;
        else
            *(MI_Sint64 *)out = (MI_Sint64)v;
        return 1;
    }
    case MI_REAL32:
    case MI_REAL64: {
        double v;
        if (!*w)
            return 0;
        v = strtod(w, &end);
        if (*end || (errno == ERANGE && isinf(v)))
            return 0;
        if (t == MI_REAL32)
            *(MI_Real32 *)out = (MI_Real32)v;
        else
            *(MI_Real64 *)out = v;
        return 1;
    }
    case MI_DATETIME:
        return parse_datetime(w, (MI_Datetime *)out);
    case MI_STRING:
        *(const char **)out = w;
        return 1;
    default:
        return 0;
    }
}

static MI_Instance *build_instance(const char *ns, const struct spec *s, const MI_Class *cls,
                                   const MI_ParameterSet *params, int *code);

/* The declared type and key flag of a property (or parameter); MI_FALSE when unknown. */
static MI_Boolean declared_type(const MI_Class *cls, const MI_ParameterSet *params, const char *name, MI_Type *t,
                                MI_Uint32 *key, const char **refclass)
{
    MI_Value v;
    MI_Boolean exists = MI_FALSE;
    MI_Char *rc = NULL;
    MI_QualifierSet qs;
    MI_Uint32 flags = 0, index = 0;
    *key = 0;
    *refclass = NULL;
    if (params && params->ft) {
        if (params->ft->GetParameter(params, name, t, &rc, &qs, &index) != MI_RESULT_OK)
            return MI_FALSE;
        *refclass = rc;
        return MI_TRUE;
    }
    if (!cls || !cls->ft ||
        cls->ft->GetElement(cls, name, &v, &exists, t, &rc, &qs, &flags, &index) != MI_RESULT_OK)
        return MI_FALSE;
    *key = flags & MI_FLAG_KEY;
    *refclass = rc;
    return MI_TRUE;
}

static void bad_value(const struct spec *s, const struct prop *p, const char *w, MI_Type t)
{
    usage("'%s' is not a valid %s%s for %s.%s", w, type_name(t), (t & MI_ARRAY) ? " array element" : "",
          s->cls, p->name);
}

/* Adds one property; returns 0 or an exit code. */
static int add_prop(MI_Instance *inst, const char *ns, const struct spec *s, const struct prop *p,
                    const MI_Class *cls, const MI_ParameterSet *params)
{
    MI_Type t = MI_STRING;
    MI_Uint32 key = 0;
    const char *refclass = NULL;
    MI_Value v;
    MI_Result r;
    int code = 0;
    MI_Boolean known = declared_type(cls, params, p->name, &t, &key, &refclass);
    memset(&v, 0, sizeof v);
    if (!known)
        t = p->kind == 0 ? MI_STRING : p->kind == 1 ? MI_STRINGA : MI_REFERENCE;
    if (p->kind == 2) {
        MI_Class *sub = NULL;
        MI_Result gr;
        if (t != MI_REFERENCE && t != MI_INSTANCE)
            usage("%s.%s is a %s%s, not an instance", s->cls, p->name, type_name(t), (t & MI_ARRAY) ? " array" : "");
        sub = get_class(ns, p->nested->cls, &gr, NULL);
        v.instance = build_instance(ns, p->nested, sub, NULL, &code);
        if (sub)
            sub->ft->Delete(sub);
        if (!v.instance)
            return code;
        r = MI_Instance_AddElement(inst, p->name, &v, t, key);
        MI_Instance_Delete(v.instance);
    } else if (t & MI_ARRAY) {
        MI_Type st = t & ~(MI_Type)MI_ARRAY;
        const char *one[1];
        char *const *words = p->kind == 1 ? p->words : (char *const *)one;
        int nw = p->kind == 1 ? p->nwords : 1, k;
        char *data;
        one[0] = p->word;
        if (st == MI_REFERENCE || st == MI_INSTANCE)
            usage("%s.%s: arrays of instances are not supported on the command line", s->cls, p->name);
        data = xcalloc((size_t)nw, scalar_size(st));
        for (k = 0; k < nw; k++)
            if (!convert_word(st, words[k], data + (size_t)k * scalar_size(st)))
                bad_value(s, p, words[k], t);
        v.array.data = data;
        v.array.size = (MI_Uint32)nw;
        r = MI_Instance_AddElement(inst, p->name, &v, t, key);
        free(data);
    } else {
        if (p->kind == 1)
            usage("%s.%s is a %s, not an array", s->cls, p->name, type_name(t));
        if (t == MI_REFERENCE || t == MI_INSTANCE)
            usage("%s.%s is an instance: write { CLASS NAME VALUE ... }", s->cls, p->name);
        if (!convert_word(t, p->word, &v))
            bad_value(s, p, p->word, t);
        r = MI_Instance_AddElement(inst, p->name, &v, t, key);
    }
    if (r != MI_RESULT_OK) {
        fprintf(stderr, "micli: cannot set %s.%s\n", s->cls, p->name);
        return report(r, NULL, NULL);
    }
    (void)refclass;
    return 0;
}

/* A dynamic instance holding exactly the given properties, typed by the class. */
static MI_Instance *build_instance(const char *ns, const struct spec *s, const MI_Class *cls,
                                   const MI_ParameterSet *params, int *code)
{
    MI_Instance *inst = NULL;
    MI_Result r = MI_Application_NewInstance(&app, s->cls, NULL, &inst);
    int k;
    if (r != MI_RESULT_OK) {
        fprintf(stderr, "micli: cannot make an instance of '%s'\n", s->cls);
        *code = report(r, NULL, NULL);
        return NULL;
    }
    for (k = 0; k < s->nprops; k++) {
        int c = add_prop(inst, ns, s, &s->props[k], cls, params);
        if (c) {
            MI_Instance_Delete(inst);
            *code = c;
            return NULL;
        }
    }
    return inst;
}

/* Parses the spec at words[*i] and builds it, learning the types from the server. */
static MI_Instance *instance_arg(const char *ns, char **words, int n, int *i, struct spec **out_spec,
                                 MI_Class **out_class, int *code)
{
    MI_Result gr;
    struct spec *s = parse_spec(words, n, i);
    MI_Class *cls = get_class(ns, s->cls, &gr, NULL);
    MI_Instance *inst = build_instance(ns, s, cls, NULL, code);
    if (out_spec)
        *out_spec = s;
    if (out_class)
        *out_class = cls;
    else if (cls)
        cls->ft->Delete(cls);
    return inst;
}

/* ---- commands --------------------------------------------------------------------------- */

static void need(int n, int want, const char *what)
{
    if (n < want)
        usage("missing %s", what);
}

static void no_more(char **words, int n, int i)
{
    if (i < n)
        usage("unexpected argument '%s'", words[i]);
}

static int cmd_single(const char *cmd, char **w, int n)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_Instance *inst;
    int i = 1, code = 0;
    need(n, 2, "NAMESPACE and instance");
    inst = instance_arg(w[0], w, n, &i, NULL, NULL, &code);
    no_more(w, n, i);
    if (!inst)
        return code;
    if (strcmp(cmd, "gi") == 0)
        MI_Session_GetInstance(&sess, 0, NULL, w[0], inst, NULL, &op);
    else if (strcmp(cmd, "ci") == 0)
        MI_Session_CreateInstance(&sess, 0, NULL, w[0], inst, NULL, &op);
    else if (strcmp(cmd, "mi") == 0)
        MI_Session_ModifyInstance(&sess, 0, NULL, w[0], inst, NULL, &op);
    else
        MI_Session_DeleteInstance(&sess, 0, NULL, w[0], inst, NULL, &op);
    code = pull_instances(&op);
    MI_Instance_Delete(inst);
    return code;
}

/* A method is static when its qualifiers say so. */
static int method_is_static(const MI_QualifierSet *qs)
{
    MI_Type t;
    MI_Uint32 flags = 0, index = 0;
    MI_Value v;
    if (!qs->ft || qs->ft->GetQualifier(qs, "Static", &t, &flags, &v, &index) != MI_RESULT_OK)
        return 0;
    return t == MI_BOOLEAN ? v.boolean != 0 : 1;
}

static int cmd_invoke(char **w, int n)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_Instance *target = NULL, *params = NULL;
    MI_Class *cls = NULL;
    MI_ParameterSet ps;
    MI_QualifierSet mqs;
    struct spec *s = NULL, *pspec = NULL;
    const char *method;
    int i = 1, code = 0, have_method = 0, is_static;
    MI_Uint32 index = 0;
    need(n, 3, "NAMESPACE, instance and METHOD");
    memset(&ps, 0, sizeof ps);
    memset(&mqs, 0, sizeof mqs);
    target = instance_arg(w[0], w, n, &i, &s, &cls, &code);
    if (!target) {
        if (cls)
            cls->ft->Delete(cls);
        return code;
    }
    if (i >= n)
        usage("missing METHOD");
    method = w[i++];
    if (cls && cls->ft->GetMethod(cls, method, &mqs, &ps, &index) == MI_RESULT_OK)
        have_method = 1;
    if (i < n) {
        pspec = parse_params(w, n, &i);
        no_more(w, n, i);
        params = build_instance(w[0], pspec, NULL, have_method ? &ps : NULL, &code);
        if (!params) {
            MI_Instance_Delete(target);
            if (cls)
                cls->ft->Delete(cls);
            return code;
        }
    }
    /* omicli's convention: { Class } with no keys names the class (a static method) */
    is_static = s->nprops == 0 ||
                (have_method && (method_is_static(&mqs) || (decl_method_flags(cls, method) & MI_FLAG_STATIC)));
    MI_Session_Invoke(&sess, 0, NULL, w[0], is_static ? s->cls : NULL, method, is_static ? NULL : target, params,
                      NULL, &op);
    code = pull_instances(&op);
    MI_Instance_Delete(target);
    if (params)
        MI_Instance_Delete(params);
    if (cls)
        cls->ft->Delete(cls);
    return code;
}

static int cmd_assoc(int refs, char **w, int n)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_Instance *inst;
    int i = 1, code = 0;
    need(n, 2, "NAMESPACE and instance");
    if (refs && (opt.assoc || opt.result_role))
        usage("r takes -rc and -r only");
    inst = instance_arg(w[0], w, n, &i, NULL, NULL, &code);
    no_more(w, n, i);
    if (!inst)
        return code;
    if (refs)
        MI_Session_ReferenceInstances(&sess, 0, NULL, w[0], inst, opt.result_class, opt.role,
                                      opt.keys_only ? MI_TRUE : MI_FALSE, NULL, &op);
    else
        MI_Session_AssociatorInstances(&sess, 0, NULL, w[0], inst, opt.assoc, opt.result_class, opt.role,
                                       opt.result_role, opt.keys_only ? MI_TRUE : MI_FALSE, NULL, &op);
    code = pull_instances(&op);
    MI_Instance_Delete(inst);
    return code;
}

/* Qualifiers from the set, then flag-implied ones the set does not list. */
static void print_qualifiers(const MI_QualifierSet *qs, MI_Uint32 flags, int level)
{
    static const struct {
        MI_Uint32 flag;
        const char *name;
    } implied[] = {{MI_FLAG_KEY, "Key"},       {MI_FLAG_IN, "In"},
                   {MI_FLAG_OUT, "Out"},       {MI_FLAG_STATIC, "Static"},
                   {MI_FLAG_ABSTRACT, "Abstract"}, {MI_FLAG_ASSOCIATION, "Association"},
                   {MI_FLAG_INDICATION, "Indication"}, {MI_FLAG_REQUIRED, "Required"}};
    MI_Uint32 count = 0, k;
    size_t j;
    int any = 0;
    if (qs && qs->ft)
        qs->ft->GetQualifierCount(qs, &count);
    for (k = 0; k < count; k++) {
        const MI_Char *name = NULL;
        MI_Type t;
        MI_Uint32 qf = 0;
        MI_Value v;
        if (qs->ft->GetQualifierAt(qs, k, &name, &t, &qf, &v) != MI_RESULT_OK || !name)
            continue;
        fputs(any ? ", " : "", stdout);
        if (!any) {
            indent(level);
            putchar('[');
        }
        any = 1;
        fputs(name, stdout);
        if (t == MI_BOOLEAN) {
            if (!v.boolean)
                fputs("(false)", stdout);
        } else if (t == MI_STRING) {
            putchar('(');
            json_string(v.string);
            putchar(')');
        } else if (t & MI_ARRAY) {
            print_value(t, &v, level);
        } else {
            putchar('(');
            print_scalar(t, &v, level);
            putchar(')');
        }
    }
    for (j = 0; j < sizeof implied / sizeof implied[0]; j++) {
        MI_Type t;
        MI_Uint32 qf, idx;
        MI_Value v;
        if (!(flags & implied[j].flag))
            continue;
        if (qs && qs->ft && qs->ft->GetQualifier(qs, implied[j].name, &t, &qf, &v, &idx) == MI_RESULT_OK)
            continue;
        fputs(any ? ", " : "", stdout);
        if (!any) {
            indent(level);
            putchar('[');
        }
        any = 1;
        fputs(implied[j].name, stdout);
    }
    if (any)
        fputs("] ", stdout);
    else
        indent(level);
}

static void print_type(MI_Type t, const char *refclass)
{
    MI_Type s = t & ~(MI_Type)MI_ARRAY;
    if ((s == MI_REFERENCE || s == MI_INSTANCE) && refclass)
        printf("%s%s", refclass, s == MI_REFERENCE ? " REF" : "");
    else if (s == MI_REFERENCE)
        fputs("object REF", stdout);
    else if (s == MI_INSTANCE)
        fputs("object", stdout);
    else
        fputs(type_name(s), stdout);
}

/* The flags the class declaration gives a method, found by name (0 when unknown). */
static const MI_MethodDecl *decl_method(const MI_Class *cls, const char *method)
{
    const MI_ClassDecl *cd = cls->classDecl;
    MI_Uint32 i;
    if (!cd || !cd->methods || !method)
        return NULL;
    for (i = 0; i < cd->numMethods; i++)
        if (cd->methods[i] && cd->methods[i]->name && strcasecmp(cd->methods[i]->name, method) == 0)
            return cd->methods[i];
    return NULL;
}

static MI_Uint32 decl_method_flags(const MI_Class *cls, const char *method)
{
    const MI_MethodDecl *md = decl_method(cls, method);
    return md ? md->flags : 0;
}

/* The flags of a parameter, by name: the declaration's list also holds MIReturn, which
   the parameter set does not, so positions differ. */
static MI_Uint32 decl_param_flags(const MI_Class *cls, const char *method, const char *param)
{
    const MI_MethodDecl *md = decl_method(cls, method);
    MI_Uint32 i;
    if (!md || !md->parameters || !param)
        return 0;
    for (i = 0; i < md->numParameters; i++)
        if (md->parameters[i] && md->parameters[i]->name && strcasecmp(md->parameters[i]->name, param) == 0)
            return md->parameters[i]->flags;
    return 0;
}

/* The class as MOF: qualifiers, properties with types and defaults, methods with parameters. */
static void print_class(const MI_Class *cls)
{
    const MI_Char *name = NULL, *parent = NULL;
    MI_QualifierSet qs;
    MI_Uint32 n = 0, m = 0, k, cflags = 0;
    memset(&qs, 0, sizeof qs);
    cls->ft->GetClassName(cls, &name);
    if (cls->ft->GetParentClassName(cls, &parent) != MI_RESULT_OK)
        parent = NULL;
    if (cls->classDecl)
        cflags = cls->classDecl->flags;
    if (cls->ft->GetClassQualifierSet(cls, &qs) != MI_RESULT_OK)
        memset(&qs, 0, sizeof qs);
    print_qualifiers(&qs, cflags & (MI_FLAG_ASSOCIATION | MI_FLAG_INDICATION | MI_FLAG_ABSTRACT), 0);
    printf("\nclass %s", name ? name : "(unknown)");
    if (parent)
        printf(" : %s", parent);
    fputs("\n{\n", stdout);
    cls->ft->GetElementCount(cls, &n);
    for (k = 0; k < n; k++) {
        const MI_Char *pname = NULL;
        MI_Value v;
        MI_Boolean exists = MI_FALSE;
        MI_Type t = MI_STRING;
        MI_Char *rc = NULL;
        MI_Uint32 flags = 0;
        memset(&qs, 0, sizeof qs);
        if (cls->ft->GetElementAt(cls, k, &pname, &v, &exists, &t, &rc, &qs, &flags) != MI_RESULT_OK)
            continue;
        print_qualifiers(&qs, flags & (MI_FLAG_KEY | MI_FLAG_REQUIRED), 1);
        print_type(t, rc);
        printf(" %s%s", pname ? pname : "", (t & MI_ARRAY) ? "[]" : "");
        if (exists) {
            fputs(" = ", stdout);
            if ((t & ~(MI_Type)MI_ARRAY) == MI_STRING && !(t & MI_ARRAY))
                json_string(v.string);
            else
                print_value(t, &v, 1);
        }
        fputs(";\n", stdout);
    }
    cls->ft->GetMethodCount(cls, &m);
    for (k = 0; k < m; k++) {
        const MI_Char *mname = NULL;
        MI_ParameterSet ps;
        MI_QualifierSet rqs;
        MI_Type rt = MI_UINT32;
        MI_Uint32 pc = 0, j, mflags = 0;
        memset(&ps, 0, sizeof ps);
        memset(&qs, 0, sizeof qs);
        memset(&rqs, 0, sizeof rqs);
        if (cls->ft->GetMethodAt(cls, k, &mname, &qs, &ps) != MI_RESULT_OK || !ps.ft)
            continue;
        mflags = decl_method_flags(cls, mname) & MI_FLAG_STATIC;
        print_qualifiers(&qs, mflags, 1);
        ps.ft->GetMethodReturnType(&ps, &rt, &rqs);
        print_type(rt, NULL);
        printf(" %s(", mname ? mname : "");
        ps.ft->GetParameterCount(&ps, &pc);
        for (j = 0; j < pc; j++) {
            const MI_Char *pn = NULL;
            MI_Type pt = MI_STRING;
            MI_Char *rc = NULL;
            MI_QualifierSet pqs;
            memset(&pqs, 0, sizeof pqs);
            if (ps.ft->GetParameterAt(&ps, j, &pn, &pt, &rc, &pqs) != MI_RESULT_OK)
                continue;
            if (j)
                fputs(", ", stdout);
            {
                MI_Uint32 qc = 0, pf = decl_param_flags(cls, mname, pn) & (MI_FLAG_IN | MI_FLAG_OUT);
                if (pqs.ft)
                    pqs.ft->GetQualifierCount(&pqs, &qc);
                if (qc || pf)
                    print_qualifiers(&pqs, pf, 0);
            }
            print_type(pt, rc);
            printf(" %s%s", pn ? pn : "", (pt & MI_ARRAY) ? "[]" : "");
        }
        fputs(");\n", stdout);
    }
    fputs("};\n", stdout);
}

/* --json: a class as one JSON object (name, parent, qualifiers, properties with their types,
 * flags, qualifiers and defaults, methods with their return type and parameters). */
static void json_type(MI_Type t, const char *refclass)
{
    char buf[160];
    MI_Type st = t & ~(MI_Type)MI_ARRAY;
    snprintf(buf, sizeof buf, "%s%s", type_name(st), (t & MI_ARRAY) ? "[]" : "");
    fputs(",\"type\":", stdout);
    json_string(buf);
    if (refclass && (st == MI_REFERENCE || st == MI_INSTANCE)) {
        fputs(",\"refClass\":", stdout);
        json_string(refclass);
    }
}

static void json_qualifiers(const MI_QualifierSet *qs)
{
    MI_Uint32 count = 0, k;
    int any = 0;
    fputs(",\"qualifiers\":{", stdout);
    if (qs && qs->ft)
        qs->ft->GetQualifierCount(qs, &count);
    for (k = 0; k < count; k++) {
        const MI_Char *name = NULL;
        MI_Type t;
        MI_Uint32 qf = 0;
        MI_Value v;
        if (qs->ft->GetQualifierAt(qs, k, &name, &t, &qf, &v) != MI_RESULT_OK || !name)
            continue;
        fputs(any ? "," : "", stdout);
        any = 1;
        json_string(name);
        putchar(':');
        json_value(t, &v);
    }
    putchar('}');
}

static void json_flag(const char *name, int on)
{
    printf(",\"%s\":%s", name, on ? "true" : "false");
}

static void json_class(const MI_Class *cls)
{
    const MI_Char *name = NULL, *parent = NULL;
    MI_QualifierSet qs;
    MI_Uint32 n = 0, m = 0, k, cflags = cls->classDecl ? cls->classDecl->flags : 0;
    memset(&qs, 0, sizeof qs);
    cls->ft->GetClassName(cls, &name);
    if (cls->ft->GetParentClassName(cls, &parent) != MI_RESULT_OK)
        parent = NULL;
    fputs("{\"class\":", stdout);
    json_string(name);
    fputs(",\"parent\":", stdout);
    if (parent)
        json_string(parent);
    else
        fputs("null", stdout);
    json_flag("association", cflags & MI_FLAG_ASSOCIATION);
    json_flag("indication", cflags & MI_FLAG_INDICATION);
    json_flag("abstract", cflags & MI_FLAG_ABSTRACT);
    if (cls->ft->GetClassQualifierSet(cls, &qs) != MI_RESULT_OK)
        memset(&qs, 0, sizeof qs);
    json_qualifiers(&qs);
    fputs(",\"properties\":[", stdout);
    cls->ft->GetElementCount(cls, &n);
    for (k = 0; k < n; k++) {
        const MI_Char *pname = NULL;
        MI_Value v;
        MI_Boolean exists = MI_FALSE;
        MI_Type t = MI_STRING;
        MI_Char *rc = NULL;
        MI_Uint32 flags = 0;
        memset(&qs, 0, sizeof qs);
        if (cls->ft->GetElementAt(cls, k, &pname, &v, &exists, &t, &rc, &qs, &flags) != MI_RESULT_OK)
            continue;
        fputs(k ? ",{\"name\":" : "{\"name\":", stdout);
        json_string(pname);
        json_type(t, rc);
        json_flag("key", flags & MI_FLAG_KEY);
        json_qualifiers(&qs);
        if (exists) {
            fputs(",\"default\":", stdout);
            json_value(t, &v);
        }
        putchar('}');
    }
    fputs("],\"methods\":[", stdout);
    cls->ft->GetMethodCount(cls, &m);
    for (k = 0; k < m; k++) {
        const MI_Char *mname = NULL;
        MI_ParameterSet ps;
        MI_QualifierSet rqs;
        MI_Type rt = MI_UINT32;
        MI_Uint32 pc = 0, j;
        memset(&ps, 0, sizeof ps);
        memset(&qs, 0, sizeof qs);
        memset(&rqs, 0, sizeof rqs);
        if (cls->ft->GetMethodAt(cls, k, &mname, &qs, &ps) != MI_RESULT_OK || !ps.ft)
            continue;
        fputs(k ? ",{\"name\":" : "{\"name\":", stdout);
        json_string(mname);
        ps.ft->GetMethodReturnType(&ps, &rt, &rqs);
        fputs(",\"returnType\":", stdout);
        json_string(type_name(rt & ~(MI_Type)MI_ARRAY));
        json_flag("static", decl_method_flags(cls, mname) & MI_FLAG_STATIC);
        json_qualifiers(&qs);
        fputs(",\"parameters\":[", stdout);
        ps.ft->GetParameterCount(&ps, &pc);
        for (j = 0; j < pc; j++) {
            const MI_Char *pn = NULL;
            MI_Type pt = MI_STRING;
            MI_Char *rc = NULL;
            MI_QualifierSet pqs;
            MI_Uint32 pf;
            memset(&pqs, 0, sizeof pqs);
            if (ps.ft->GetParameterAt(&ps, j, &pn, &pt, &rc, &pqs) != MI_RESULT_OK)
                continue;
            pf = decl_param_flags(cls, mname, pn);
            fputs(j ? ",{\"name\":" : "{\"name\":", stdout);
            json_string(pn);
            json_type(pt, rc);
            json_flag("in", pf & MI_FLAG_IN);
            json_flag("out", pf & MI_FLAG_OUT);
            json_qualifiers(&pqs);
            putchar('}');
        }
        fputs("]}", stdout);
    }
    fputs("]}\n", stdout);
}

static int cmd_gc(char **w, int n)
{
    MI_Result r;
    int code = 0;
    MI_Class *cls;
    need(n, 2, "NAMESPACE and CLASS");
    no_more(w, n, 2);
    cls = get_class(w[0], w[1], &r, &code);
    if (!cls)
        return code ? code : report(MI_RESULT_FAILED, "the server sent no class", NULL);
    if (opt.json)
        json_class(cls);
    else
        print_class(cls);
    cls->ft->Delete(cls);
    return 0;
}

static int cmd_ec(char **w, int n)
{
    MI_Operation op = MI_OPERATION_NULL;
    const MI_Class *cls = NULL;
    const MI_Char *msg = NULL;
    const MI_Instance *details = NULL;
    MI_Boolean more = MI_TRUE;
    MI_Result final = MI_RESULT_OK;
    int code;
    need(n, 1, "NAMESPACE");
    no_more(w, n, 2);
    MI_Session_EnumerateClasses(&sess, 0, NULL, w[0], n > 1 ? w[1] : NULL, MI_FALSE, NULL, &op);
    while (more) {
        cls = NULL;
        if (MI_Operation_GetClass(&op, &cls, &more, &final, &msg, &details) != MI_RESULT_OK) {
            if (final == MI_RESULT_OK)
                final = MI_RESULT_FAILED;
            break;
        }
        if (cls && cls->ft) {
            const MI_Char *name = NULL;
            cls->ft->GetClassName(cls, &name);
            if (opt.json) {
                fputs("{\"class\":", stdout);
                json_string(name);
                fputs("}\n", stdout);
            } else
                printf("%s\n", name ? name : "");
        }
    }
    code = report(final, msg, details);
    MI_Operation_Close(&op);
    return code;
}

struct sub_state {
    atomic_int count, final_seen;
    atomic_uint final;
    char message[512];
};

static void MI_CALL on_indication(MI_Operation *op, void *ctx, const MI_Instance *inst, const MI_Char *bookmark,
                                  const MI_Char *machine, MI_Boolean more, MI_Result result, const MI_Char *msg,
                                  const MI_Instance *details, MI_Result(MI_CALL *ack)(MI_Operation *))
{
    struct sub_state *st = (struct sub_state *)ctx;
    (void)bookmark;
    (void)machine;
    if (inst) {
        emit_instance(inst);
        atomic_fetch_add(&st->count, 1);
    }
    if (!more) {
        const char *m = msg && *msg ? msg : string_element(details, "Message");
        if (m)
            snprintf(st->message, sizeof st->message, "%s", m);
        atomic_store(&st->final, (unsigned)result);
        atomic_store(&st->final_seen, 1);
    }
    if (ack)
        ack(op);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int cmd_sub(char **w, int n)
{
    static struct sub_state st; /* lives until exit: a late final result may still arrive */
    MI_Operation op = MI_OPERATION_NULL;
    MI_OperationCallbacks cb = MI_OPERATIONCALLBACKS_NULL;
    double start = now_s();
    int stopped = 0;
    need(n, 2, "NAMESPACE and QUERY");
    no_more(w, n, 2);
    cb.callbackContext = &st;
    cb.indicationResult = on_indication;
    MI_Session_Subscribe(&sess, 0, NULL, w[0], opt.ql, w[1], NULL, &cb, &op);
    while (!atomic_load(&st.final_seen)) {
        if ((opt.count > 0 && atomic_load(&st.count) >= opt.count) ||
            (opt.timeout >= 0 && now_s() - start >= opt.timeout)) {
            stopped = 1;
            MI_Operation_Cancel(&op, MI_REASON_NONE);
            break;
        }
        sleep_ms(10);
    }
    if (stopped) {
        double t0 = now_s();
        while (!atomic_load(&st.final_seen) && now_s() - t0 < 10.0)
            sleep_ms(10);
    }
    MI_Operation_Close(&op);
    if (stopped)
        return 0;
    return report((MI_Result)atomic_load(&st.final), st.message[0] ? st.message : NULL, NULL);
}

/* ---- session ---------------------------------------------------------------------------- */

static const char *auth_type(const char *a)
{
    static const char *known[] = {MI_AUTH_TYPE_DEFAULT, MI_AUTH_TYPE_NONE,          MI_AUTH_TYPE_DIGEST,
                                  MI_AUTH_TYPE_NEGO_WITH_CREDS, MI_AUTH_TYPE_NEGO_NO_CREDS, MI_AUTH_TYPE_BASIC,
                                  MI_AUTH_TYPE_KERBEROS, MI_AUTH_TYPE_CLIENT_CERTS, MI_AUTH_TYPE_NTLM,
                                  MI_AUTH_TYPE_CREDSSP, MI_AUTH_TYPE_ISSUER_CERT};
    size_t i;
    for (i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcasecmp(a, known[i]) == 0)
            return known[i];
    usage("unknown --auth '%s'", a);
    return NULL;
}

static int open_session(void)
{
    MI_Instance *ext = NULL;
    MI_DestinationOptions dopts = MI_DESTINATIONOPTIONS_NULL;
    int use_opts = opt.hostname || opt.port >= 0 || opt.user || opt.auth || opt.encryption || opt.cacert ||
                   opt.skip_ca_check || opt.skip_cn_check;
    MI_Result r = MI_Application_Initialize(0, "micli", &ext, &app);
    if (r != MI_RESULT_OK) {
        int code = report(r, "MI_Application_Initialize failed", ext);
        if (ext)
            MI_Instance_Delete(ext);
        return code;
    }
    if (use_opts) {
        r = MI_Application_NewDestinationOptions(&app, &dopts);
        if (r == MI_RESULT_OK && opt.port >= 0)
            r = MI_DestinationOptions_SetDestinationPort(&dopts, (MI_Uint32)opt.port);
        if (r == MI_RESULT_OK && opt.encryption) {
            if (strcasecmp(opt.encryption, "https") == 0)
                r = MI_DestinationOptions_SetTransport(&dopts, MI_DESTINATIONOPTIONS_TRANSPORT_HTTPS);
            else {
                r = MI_DestinationOptions_SetTransport(&dopts, MI_DESTINATIONOPTIONS_TRANSPORT_HTTP);
                if (r == MI_RESULT_OK)
                    r = MI_DestinationOptions_SetPacketPrivacy(
                        &dopts, strcasecmp(opt.encryption, "http") == 0 ? MI_TRUE : MI_FALSE);
            }
        }
        if (r == MI_RESULT_OK && opt.cacert)
            r = MI_DestinationOptions_SetTrustedCertsDir(&dopts, opt.cacert);
        if (r == MI_RESULT_OK && opt.skip_ca_check)
            r = MI_DestinationOptions_SetCertCACheck(&dopts, MI_FALSE);
        if (r == MI_RESULT_OK && opt.skip_cn_check)
            r = MI_DestinationOptions_SetCertCNCheck(&dopts, MI_FALSE);
        if (r == MI_RESULT_OK && (opt.user || opt.auth)) {
            MI_UserCredentials creds;
            char *user = opt.user ? strdup(opt.user) : NULL, *slash = user ? strchr(user, '\\') : NULL;
            memset(&creds, 0, sizeof creds);
            /* -u without --auth: Basic, as OMI's omicli (Default would drop the user name). */
            creds.authenticationType = opt.auth ? auth_type(opt.auth) : opt.user ? MI_AUTH_TYPE_BASIC
                                                                                 : MI_AUTH_TYPE_DEFAULT;
            if (slash) {
                *slash = 0;
                creds.credentials.usernamePassword.domain = user;
                creds.credentials.usernamePassword.username = slash + 1;
            } else
                creds.credentials.usernamePassword.username = user;
            creds.credentials.usernamePassword.password = opt.password;
            r = MI_DestinationOptions_AddDestinationCredentials(&dopts, &creds);
            free(user);
        }
        if (r != MI_RESULT_OK) {
            fputs("micli: cannot set the destination options\n", stderr);
            return report(r, NULL, NULL);
        }
    }
    r = MI_Application_NewSession(&app, NULL, opt.hostname, use_opts ? &dopts : NULL, NULL, &ext, &sess);
    if (use_opts)
        MI_DestinationOptions_Delete(&dopts);
    if (r != MI_RESULT_OK) {
        int code = report(r, NULL, ext);
        if (ext)
            MI_Instance_Delete(ext);
        return code;
    }
    have_session = 1;
    return 0;
}

static void close_all(void)
{
    if (have_session)
        MI_Session_Close(&sess, NULL, NULL);
    MI_Application_Close(&app);
}

/* ---- main ------------------------------------------------------------------------------- */

static long number_arg(const char *o, const char *v, long lo, long hi)
{
    char *end = NULL;
    long x;
    errno = 0;
    x = strtol(v, &end, 10);
    if (errno || !*v || *end || x < lo || x > hi)
        usage("%s needs a number from %ld to %ld, got '%s'", o, lo, hi, v);
    return x;
}

int main(int argc, char **argv)
{
    char **words = arena_alloc((size_t)argc + 1, sizeof *words);
    int nw = 0, depth = 0, a, code;
    const char *cmd;

    for (a = 1; a < argc; a++) {
        const char *s = argv[a];
        /* inside { } and [ ] every word is data (values may start with '-') */
        if (depth == 0 && s[0] == '-' && s[1]) {
            const char *val = a + 1 < argc ? argv[a + 1] : NULL;
#define TAKE()                                                                                                         \
    do {                                                                                                               \
        if (!val)                                                                                                      \
            usage("option %s needs a value", s);                                                                       \
        a++;                                                                                                           \
    } while (0)
            if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
                usage_text(stdout);
                return 0;
            } else if (strcmp(s, "--json") == 0)
                opt.json = 1;
            else if (strcmp(s, "-k") == 0)
                opt.keys_only = 1;
            else if (strcmp(s, "-n") == 0)
                opt.nulls = 1;
            else if (strcmp(s, "-ql") == 0 || strcmp(s, "--querylang") == 0) {
                TAKE();
                opt.ql = val;
            } else if (strcmp(s, "-ac") == 0) {
                TAKE();
                opt.assoc = val;
            } else if (strcmp(s, "-rc") == 0) {
                TAKE();
                opt.result_class = val;
            } else if (strcmp(s, "-r") == 0) {
                TAKE();
                opt.role = val;
            } else if (strcmp(s, "-rr") == 0) {
                TAKE();
                opt.result_role = val;
            } else if (strcmp(s, "--count") == 0) {
                TAKE();
                opt.count = (int)number_arg(s, val, 1, INT_MAX);
            } else if (strcmp(s, "--timeout") == 0) {
                char *end = NULL;
                TAKE();
                opt.timeout = strtod(val, &end);
                if (!*val || *end || !(opt.timeout >= 0) || opt.timeout > 1e9)
                    usage("--timeout needs a number of seconds, got '%s'", val);
            } else if (strcmp(s, "--hostname") == 0) {
                TAKE();
                opt.hostname = val;
            } else if (strcmp(s, "--port") == 0) {
                TAKE();
                opt.port = number_arg(s, val, 1, 65535);
            } else if (strcmp(s, "-u") == 0) {
                TAKE();
                opt.user = val;
            } else if (strcmp(s, "-p") == 0) {
                TAKE();
                opt.password = val;
            } else if (strcmp(s, "--auth") == 0) {
                TAKE();
                opt.auth = auth_type(val);
            } else if (strcmp(s, "--cacert") == 0) {
                TAKE();
                opt.cacert = val;
            } else if (strcmp(s, "--skip-ca-check") == 0) {
                opt.skip_ca_check = 1;
            } else if (strcmp(s, "--skip-cn-check") == 0) {
                opt.skip_cn_check = 1;
            } else if (strcmp(s, "--encryption") == 0) {
                TAKE();
                if (strcasecmp(val, "none") && strcasecmp(val, "https") && strcasecmp(val, "http"))
                    usage("--encryption is none, https or http, got '%s'", val);
                opt.encryption = val;
            } else
                usage("unknown option '%s'", s);
#undef TAKE
            continue;
        }
        if (strcmp(s, "{") == 0 || strcmp(s, "[") == 0)
            depth++;
        else if ((strcmp(s, "}") == 0 || strcmp(s, "]") == 0) && depth > 0)
            depth--;
        words[nw++] = argv[a];
    }
    if (nw == 0)
        usage("missing COMMAND");
    if (opt.password && !opt.user)
        usage("-p needs -u");
    cmd = words[0];
    if (strcmp(cmd, "ei") && strcmp(cmd, "gi") && strcmp(cmd, "ci") && strcmp(cmd, "mi") && strcmp(cmd, "di") &&
        strcmp(cmd, "iv") && strcmp(cmd, "a") && strcmp(cmd, "r") && strcmp(cmd, "qi") && strcmp(cmd, "gc") &&
        strcmp(cmd, "ec") && strcmp(cmd, "sub") && strcmp(cmd, "id"))
        usage("unknown command '%s'", cmd);
    if (strcmp(cmd, "id") == 0 && nw > 1)
        usage("id takes no arguments");
    if ((strcmp(cmd, "a") && strcmp(cmd, "r")) && (opt.assoc || opt.result_class || opt.role || opt.result_role))
        usage("-ac, -rc, -r and -rr belong to a and r");
    if (strcmp(cmd, "sub") && (opt.count || opt.timeout >= 0))
        usage("--count and --timeout belong to sub");

    code = open_session();
    if (code) {
        MI_Application_Close(&app);
        arena_free();
        return code;
    }
    {
        char **w = words + 1;
        int n = nw - 1;
        if (strcmp(cmd, "ei") == 0) {
            MI_Operation op = MI_OPERATION_NULL;
            need(n, 2, "NAMESPACE and CLASS");
            no_more(w, n, 2);
            MI_Session_EnumerateInstances(&sess, 0, NULL, w[0], w[1], opt.keys_only ? MI_TRUE : MI_FALSE, NULL, &op);
            code = pull_instances(&op);
        } else if (!strcmp(cmd, "gi") || !strcmp(cmd, "ci") || !strcmp(cmd, "mi") || !strcmp(cmd, "di"))
            code = cmd_single(cmd, w, n);
        else if (strcmp(cmd, "iv") == 0)
            code = cmd_invoke(w, n);
        else if (strcmp(cmd, "a") == 0)
            code = cmd_assoc(0, w, n);
        else if (strcmp(cmd, "r") == 0)
            code = cmd_assoc(1, w, n);
        else if (strcmp(cmd, "qi") == 0) {
            MI_Operation op = MI_OPERATION_NULL;
            need(n, 2, "NAMESPACE and QUERY");
            no_more(w, n, 2);
            MI_Session_QueryInstances(&sess, 0, NULL, w[0], opt.ql, w[1], NULL, &op);
            code = pull_instances(&op);
        } else if (strcmp(cmd, "gc") == 0)
            code = cmd_gc(w, n);
        else if (strcmp(cmd, "ec") == 0)
            code = cmd_ec(w, n);
        else if (strcmp(cmd, "sub") == 0)
            code = cmd_sub(w, n);
        else {
            MI_Operation op = MI_OPERATION_NULL;
            MI_Session_TestConnection(&sess, 0, NULL, &op);
            code = pull_instances(&op);
        }
    }
    close_all();
    arena_free();
    return code;
}
