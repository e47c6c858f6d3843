/*
 * MIRS_Note - an in-memory writable class: a module-global store guarded by a mutex.
 * The lock is never held while calling the host: entries are copied out first.
 */
#define _GNU_SOURCE
#include "mirs_sample.h"
#include "sysinfo.h"

#include <pthread.h>
#include <stdlib.h>

#define NOTE_MAX 1024
#define NOTE_NAME_MAX 256
#define NOTE_TEXT_MAX 65536

typedef struct note {
    char *name;
    char *text; /* NULL: no Text */
    MI_Datetime created;
} note;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static note g_notes[NOTE_MAX];
static size_t g_count;

void MI_CALL MIRS_Note_Load(void **self, MI_Module_Self *selfModule, MI_Context *context)
{
    (void)selfModule;
    MIRS_PostLoadOk(self, context);
}

void MI_CALL MIRS_Note_Unload(void *self, MI_Context *context)
{
    (void)self;
    (void)MIRS_PostResult(context, MI_RESULT_OK);
}

void MIRS_Note_Reset(void)
{
    size_t i;
    pthread_mutex_lock(&g_lock);
    for (i = 0; i < g_count; i++) {
        free(g_notes[i].name);
        free(g_notes[i].text);
    }
    memset(g_notes, 0, sizeof(g_notes));
    g_count = 0;
    pthread_mutex_unlock(&g_lock);
}

/* Index of `name` (case-insensitive, as CIM key strings of this class compare), or -1.
 * Caller holds g_lock. */
static long find_locked(const char *name)
{
    size_t i;
    for (i = 0; i < g_count; i++)
        if (MIRS_NameEq(g_notes[i].name, name))
            return (long)i;
    return -1;
}

static void note_free(note *n)
{
    free(n->name);
    free(n->text);
    memset(n, 0, sizeof(*n));
}

/* A copy of the note named `name` (caller frees with note_free); 0 or -1. */
static int copy_out(const char *name, note *out)
{
    long i;
    int rc = -1;
    memset(out, 0, sizeof(*out));
    pthread_mutex_lock(&g_lock);
    i = find_locked(name);
    if (i >= 0) {
        out->name = strdup(g_notes[i].name);
        out->text = g_notes[i].text ? strdup(g_notes[i].text) : NULL;
        out->created = g_notes[i].created;
        rc = (!out->name || (g_notes[i].text && !out->text)) ? -2 : 0;
    }
    pthread_mutex_unlock(&g_lock);
    if (rc == -2) {
        note_free(out);
        rc = -1;
    }
    return rc;
}

static MI_Result post_note(MI_Context *context, const note *n, MI_Boolean keysOnly)
{
    MIRS_Note inst;
    MI_Result r;
    memset(&inst, 0, sizeof(inst));
    r = MIRS_ConstructInstance(context, &MIRS_Note_rtti, &inst.__instance);
    if (r != MI_RESULT_OK)
        return r;
    r = MIRS_Note_Set_Name(&inst, n->name);
    if (r == MI_RESULT_OK && !keysOnly) {
        if (n->text)
            r = MIRS_Note_Set_Text(&inst, n->text);
        MIRS_Note_Set_Created(&inst, n->created);
    }
    if (r == MI_RESULT_OK)
        r = MIRS_PostInstance(context, &inst.__instance);
    MIRS_Destruct(&inst.__instance);
    return r;
}

void MI_CALL MIRS_Note_EnumerateInstances(void *self, MI_Context *context, const MI_Char *nameSpace,
                                          const MI_Char *className, const MI_PropertySet *propertySet,
                                          MI_Boolean keysOnly, const MI_Filter *filter)
{
    /* Snapshot the names, then post each live copy without the lock. */
    char *names[NOTE_MAX];
    size_t n = 0, i;
    MI_Result r = MI_RESULT_OK;
    (void)self, (void)nameSpace, (void)className, (void)propertySet, (void)filter;
    pthread_mutex_lock(&g_lock);
    for (i = 0; i < g_count; i++) {
        names[n] = strdup(g_notes[i].name);
        if (names[n])
            n++;
        else
            r = MI_RESULT_SERVER_LIMITS_EXCEEDED;
    }
    pthread_mutex_unlock(&g_lock);
    for (i = 0; i < n; i++) {
        note copy;
        if (r == MI_RESULT_OK && copy_out(names[i], &copy) == 0) {
            r = post_note(context, &copy, keysOnly);
            note_free(&copy);
        }
        free(names[i]);
    }
    (void)MIRS_PostResult(context, r);
}

void MI_CALL MIRS_Note_GetInstance(void *self, MI_Context *context, const MI_Char *nameSpace,
                                   const MI_Char *className, const MI_Instance *instanceName,
                                   const MI_PropertySet *propertySet)
{
    const MI_Char *name = MIRS_GetString(instanceName, MI_T("Name"));
    note copy;
    MI_Result r;
    (void)self, (void)nameSpace, (void)className, (void)propertySet;
    if (!name) {
        (void)MIRS_PostResult(context, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    if (copy_out(name, &copy) != 0) {
        (void)MIRS_PostResult(context, MI_RESULT_NOT_FOUND);
        return;
    }
    r = post_note(context, &copy, MI_FALSE);
    note_free(&copy);
    (void)MIRS_PostResult(context, r);
}

void MI_CALL MIRS_Note_CreateInstance(void *self, MI_Context *context, const MI_Char *nameSpace,
                                      const MI_Char *className, const MI_Instance *newInstance)
{
    const MI_Char *name = MIRS_GetString(newInstance, MI_T("Name"));
    const MI_Char *text = MIRS_GetString(newInstance, MI_T("Text"));
    MI_Value cv;
    const MI_Value *created = MIRS_GetValue(newInstance, MI_T("Created"), MI_DATETIME, &cv);
    note n;
    MI_Result r = MI_RESULT_OK;
    (void)self, (void)nameSpace, (void)className;

    if (!name || !name[0] || strlen(name) >= NOTE_NAME_MAX || (text && strlen(text) >= NOTE_TEXT_MAX)) {
        (void)MIRS_PostResult(context, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    memset(&n, 0, sizeof(n));
    n.name = strdup(name);
    n.text = text ? strdup(text) : NULL;
    n.created = created ? created->datetime : mirs_now();
    if (!n.name || (text && !n.text)) {
        note_free(&n);
        (void)MIRS_PostResult(context, MI_RESULT_SERVER_LIMITS_EXCEEDED);
        return;
    }
    pthread_mutex_lock(&g_lock);
    if (find_locked(name) >= 0)
        r = MI_RESULT_ALREADY_EXISTS;
    else if (g_count >= NOTE_MAX)
        r = MI_RESULT_SERVER_LIMITS_EXCEEDED;
    else {
        g_notes[g_count].name = strdup(n.name);
        g_notes[g_count].text = n.text ? strdup(n.text) : NULL;
        g_notes[g_count].created = n.created;
        if (!g_notes[g_count].name || (n.text && !g_notes[g_count].text)) {
            note_free(&g_notes[g_count]);
            r = MI_RESULT_SERVER_LIMITS_EXCEEDED;
        } else {
            g_count++;
        }
    }
    pthread_mutex_unlock(&g_lock);
    /* The created instance goes back to the client (OMI's CreateInstance returns it). */
    if (r == MI_RESULT_OK)
        r = post_note(context, &n, MI_FALSE);
    note_free(&n);
    (void)MIRS_PostResult(context, r);
}

void MI_CALL MIRS_Note_ModifyInstance(void *self, MI_Context *context, const MI_Char *nameSpace,
                                      const MI_Char *className, const MI_Instance *modifiedInstance,
                                      const MI_PropertySet *propertySet)
{
    const MI_Char *name = MIRS_GetString(modifiedInstance, MI_T("Name"));
    const MI_Char *text = MIRS_GetString(modifiedInstance, MI_T("Text"));
    char *new_text = NULL;
    note copy;
    long i;
    MI_Result r = MI_RESULT_OK;
    (void)self, (void)nameSpace, (void)className, (void)propertySet;

    if (!name || (text && strlen(text) >= NOTE_TEXT_MAX)) {
        (void)MIRS_PostResult(context, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    /* Only Text is writable; Created keeps the creation time. Without a Text value the
     * note is left as it is. */
    if (text && !(new_text = strdup(text))) {
        (void)MIRS_PostResult(context, MI_RESULT_SERVER_LIMITS_EXCEEDED);
        return;
    }
    pthread_mutex_lock(&g_lock);
    i = find_locked(name);
    if (i < 0) {
        r = MI_RESULT_NOT_FOUND;
        free(new_text);
    } else if (new_text) {
        free(g_notes[i].text);
        g_notes[i].text = new_text;
    }
    pthread_mutex_unlock(&g_lock);
    if (r == MI_RESULT_OK) {
        if (copy_out(name, &copy) == 0) {
            r = post_note(context, &copy, MI_FALSE);
            note_free(&copy);
        } else {
            r = MI_RESULT_NOT_FOUND; /* deleted meanwhile */
        }
    }
    (void)MIRS_PostResult(context, r);
}

void MI_CALL MIRS_Note_DeleteInstance(void *self, MI_Context *context, const MI_Char *nameSpace,
                                      const MI_Char *className, const MI_Instance *instanceName)
{
    const MI_Char *name = MIRS_GetString(instanceName, MI_T("Name"));
    long i;
    MI_Result r = MI_RESULT_OK;
    (void)self, (void)nameSpace, (void)className;
    if (!name) {
        (void)MIRS_PostResult(context, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    pthread_mutex_lock(&g_lock);
    i = find_locked(name);
    if (i < 0) {
        r = MI_RESULT_NOT_FOUND;
    } else {
        note_free(&g_notes[i]);
        g_notes[i] = g_notes[g_count - 1];
        memset(&g_notes[g_count - 1], 0, sizeof(note));
        g_count--;
    }
    pthread_mutex_unlock(&g_lock);
    (void)MIRS_PostResult(context, r);
}
