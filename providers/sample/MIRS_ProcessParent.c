/*
 * MIRS_ProcessParent - association of a process (Child) with its parent (Parent),
 * computed live from /proc/<pid>/stat. AssociatorInstances and ReferenceInstances
 * follow OMI's calling convention: className is the association class, instanceName
 * the source instance, resultClass the class of the result objects (associators), role
 * the reference of the association that names the source, resultRole the one that
 * names the result.
 */
#define _GNU_SOURCE
#include "mirs_sample.h"
#include "sysinfo.h"

void MI_CALL MIRS_ProcessParent_Load(void **self, MI_Module_Self *selfModule, MI_Context *context)
{
    (void)selfModule;
    MIRS_PostLoadOk(self, context);
}

void MI_CALL MIRS_ProcessParent_Unload(void *self, MI_Context *context)
{
    (void)self;
    (void)MIRS_PostResult(context, MI_RESULT_OK);
}

/* Posts one association instance {Parent = parent, Child = child}. */
static MI_Result post_link(MI_Context *context, int parent, int child)
{
    MIRS_ProcessParent link;
    MIRS_Process p, c;
    MI_Result r;
    memset(&link, 0, sizeof(link));
    memset(&p, 0, sizeof(p));
    memset(&c, 0, sizeof(c));
    r = MIRS_ConstructInstance(context, &MIRS_ProcessParent_rtti, &link.__instance);
    if (r == MI_RESULT_OK)
        r = MIRS_Process_ConstructRef(context, parent, &p);
    if (r == MI_RESULT_OK)
        r = MIRS_Process_ConstructRef(context, child, &c);
    if (r == MI_RESULT_OK)
        r = MIRS_ProcessParent_Set_Parent(&link, &p.__instance);
    if (r == MI_RESULT_OK)
        r = MIRS_ProcessParent_Set_Child(&link, &c.__instance);
    if (r == MI_RESULT_OK)
        r = MIRS_PostInstance(context, &link.__instance);
    MIRS_Destruct(&c.__instance);
    MIRS_Destruct(&p.__instance);
    MIRS_Destruct(&link.__instance);
    return r;
}

/* What to do for each child of `parent` found in /proc. */
enum child_action { POST_CHILD_PROCESS, POST_CHILD_LINK };

struct children {
    MI_Context *context;
    pid_t parent;
    enum child_action action;
    MI_Boolean keysOnly;
    MI_Result result;
};

static int visit_child(pid_t pid, void *arg)
{
    struct children *st = (struct children *)arg;
    mirs_proc p;
    MI_Result r;
    if (mirs_read_proc(pid, &p) != 0 || p.ppid != st->parent)
        return 0;
    if (st->action == POST_CHILD_PROCESS)
        r = MIRS_Process_PostPid(st->context, (int)pid, st->keysOnly);
    else
        r = post_link(st->context, (int)st->parent, (int)pid);
    if (r == MI_RESULT_NOT_FOUND)
        return 0;
    if (r != MI_RESULT_OK) {
        st->result = r;
        return 1;
    }
    return 0;
}

static MI_Result for_children(MI_Context *context, pid_t parent, enum child_action action, MI_Boolean keysOnly)
{
    struct children st = {context, parent, action, keysOnly, MI_RESULT_OK};
    if (mirs_for_each_pid(visit_child, &st) < 0)
        return MI_RESULT_FAILED;
    return st.result;
}

/* The parent pid of a live process whose parent is itself a live process, or 0. */
static pid_t live_parent(pid_t pid)
{
    mirs_proc p, pp;
    if (mirs_read_proc(pid, &p) != 0 || p.ppid <= 0 || mirs_read_proc(p.ppid, &pp) != 0)
        return 0;
    return p.ppid;
}

/* The pid named by a MIRS_Process reference/instance; -1 when it names none. */
static int source_pid(const MI_Instance *inst, pid_t *pid)
{
    if (!MIRS_IsClass(inst, MI_T("MIRS_Process")))
        return -1;
    return mirs_parse_pid(MIRS_GetString(inst, MI_T("Handle")), pid);
}

/* A role or result role is either unset or one of our two references. */
static int role_allows(const MI_Char *role, const MI_Char *name)
{
    return !role || !role[0] || MIRS_NameEq(role, name);
}

struct link_enum {
    MI_Context *context;
    MI_Result result;
};

static int enum_link(pid_t pid, void *arg)
{
    struct link_enum *st = (struct link_enum *)arg;
    pid_t parent = live_parent(pid);
    MI_Result r;
    if (!parent)
        return 0;
    r = post_link(st->context, (int)parent, (int)pid);
    if (r != MI_RESULT_OK) {
        st->result = r;
        return 1;
    }
    return 0;
}

void MI_CALL MIRS_ProcessParent_EnumerateInstances(void *self, MI_Context *context, const MI_Char *nameSpace,
                                                   const MI_Char *className, const MI_PropertySet *propertySet,
                                                   MI_Boolean keysOnly, const MI_Filter *filter)
{
    struct link_enum st = {context, MI_RESULT_OK};
    (void)self, (void)nameSpace, (void)className, (void)propertySet, (void)keysOnly, (void)filter;
    if (mirs_for_each_pid(enum_link, &st) < 0 && st.result == MI_RESULT_OK)
        st.result = MI_RESULT_FAILED;
    (void)MIRS_PostResult(context, st.result);
}

void MI_CALL MIRS_ProcessParent_GetInstance(void *self, MI_Context *context, const MI_Char *nameSpace,
                                            const MI_Char *className, const MI_Instance *instanceName,
                                            const MI_PropertySet *propertySet)
{
    MI_Value pv, cv;
    const MI_Value *parent = MIRS_GetValue(instanceName, MI_T("Parent"), MI_REFERENCE, &pv);
    const MI_Value *child = MIRS_GetValue(instanceName, MI_T("Child"), MI_REFERENCE, &cv);
    pid_t ppid, cpid;
    (void)self, (void)nameSpace, (void)className, (void)propertySet;
    if (!parent || !child || !parent->reference || !child->reference) {
        (void)MIRS_PostResult(context, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    if (source_pid(parent->reference, &ppid) != 0 || source_pid(child->reference, &cpid) != 0 ||
        live_parent(cpid) != ppid) {
        (void)MIRS_PostResult(context, MI_RESULT_NOT_FOUND);
        return;
    }
    (void)MIRS_PostResult(context, post_link(context, (int)ppid, (int)cpid));
}

void MI_CALL MIRS_ProcessParent_AssociatorInstances(void *self, MI_Context *context, const MI_Char *nameSpace,
                                                    const MI_Char *className, const MI_Instance *instanceName,
                                                    const MI_Char *resultClass, const MI_Char *role,
                                                    const MI_Char *resultRole, const MI_PropertySet *propertySet,
                                                    MI_Boolean keysOnly, const MI_Filter *filter)
{
    pid_t pid, parent;
    MI_Result r = MI_RESULT_OK;
    (void)self, (void)nameSpace, (void)propertySet, (void)filter;

    if (className && className[0] && !MIRS_NameEq(className, MI_T("MIRS_ProcessParent"))) {
        (void)MIRS_PostResult(context, MI_RESULT_OK); /* not through this association */
        return;
    }
    if (!instanceName) {
        (void)MIRS_PostResult(context, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    /* Both ends are MIRS_Process, which has no subclasses: any other result class, or a
     * source that is not a live process, has no associators. */
    if ((resultClass && resultClass[0] && !MIRS_NameEq(resultClass, MI_T("MIRS_Process"))) ||
        source_pid(instanceName, &pid) != 0) {
        (void)MIRS_PostResult(context, MI_RESULT_OK);
        return;
    }
    /* The source as Child: its parent is the result (role Child, result role Parent). */
    if (role_allows(role, MI_T("Child")) && role_allows(resultRole, MI_T("Parent"))) {
        parent = live_parent(pid);
        if (parent) {
            r = MIRS_Process_PostPid(context, (int)parent, keysOnly);
            if (r == MI_RESULT_NOT_FOUND)
                r = MI_RESULT_OK;
        }
    }
    /* The source as Parent: its children are the results. */
    if (r == MI_RESULT_OK && role_allows(role, MI_T("Parent")) && role_allows(resultRole, MI_T("Child")))
        r = for_children(context, pid, POST_CHILD_PROCESS, keysOnly);
    (void)MIRS_PostResult(context, r);
}

void MI_CALL MIRS_ProcessParent_ReferenceInstances(void *self, MI_Context *context, const MI_Char *nameSpace,
                                                   const MI_Char *className, const MI_Instance *instanceName,
                                                   const MI_Char *role, const MI_PropertySet *propertySet,
                                                   MI_Boolean keysOnly, const MI_Filter *filter)
{
    pid_t pid, parent;
    MI_Result r = MI_RESULT_OK;
    (void)self, (void)nameSpace, (void)propertySet, (void)keysOnly, (void)filter;

    if (className && className[0] && !MIRS_NameEq(className, MI_T("MIRS_ProcessParent"))) {
        (void)MIRS_PostResult(context, MI_RESULT_OK);
        return;
    }
    if (!instanceName) {
        (void)MIRS_PostResult(context, MI_RESULT_INVALID_PARAMETER);
        return;
    }
    if (source_pid(instanceName, &pid) != 0) {
        (void)MIRS_PostResult(context, MI_RESULT_OK);
        return;
    }
    if (role_allows(role, MI_T("Child"))) {
        parent = live_parent(pid);
        if (parent)
            r = post_link(context, (int)parent, (int)pid);
    }
    if (r == MI_RESULT_OK && role_allows(role, MI_T("Parent")))
        r = for_children(context, pid, POST_CHILD_LINK, MI_TRUE);
    (void)MIRS_PostResult(context, r);
}
