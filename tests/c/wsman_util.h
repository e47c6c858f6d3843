/*
 * wsman_util.h - small helpers shared by the WS-Management C clients (wsman_fake.c,
 * wsman_ntlm.c, wsman_kerberos.c). Include after testutil.h and <mi.h>.
 */
#ifndef MI_WSMAN_UTIL_H
#define MI_WSMAN_UTIL_H

#include <mi.h>

/* The string property `name` of `i`, or "" when it is absent, NULL or not a string. */
static const char *string_of(const MI_Instance *i, const MI_Char *name)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 flags = 0;
    if (!i || MI_Instance_GetElement(i, name, &v, &t, &flags, NULL) != MI_RESULT_OK || t != MI_STRING ||
        (flags & MI_FLAG_NULL) || !v.string)
        return "";
    return v.string;
}

/* One GetInstance of Win32_OperatingSystem (key Name=`name`, "x" when NULL) in root/cimv2
 * on `s`: the final result; its message in *msg (kept until the next call), the error
 * details' Message in *detail when asked for ("" when there are none or it has none), and
 * whether the instance came with the fixtures' Caption. */
static inline MI_Result wsman_get_os_named(MI_Application *app, MI_Session *s, const MI_Char *name,
                                           const MI_Char **msg, const MI_Char **detail, int *caption_ok)
{
    MI_Operation op = MI_OPERATION_NULL;
    MI_Instance *k = NULL;
    const MI_Instance *inst = NULL, *details = NULL;
    const MI_Char *m = NULL;
    MI_Boolean more = MI_TRUE;
    MI_Result final = MI_RESULT_FAILED;
    MI_Value v;
    static MI_Char keep[1024], keep_detail[1024];
    *caption_ok = 0;
    MI_Application_NewInstance(app, MI_T("Win32_OperatingSystem"), NULL, &k);
    v.string = (MI_Char *)(name ? name : MI_T("x"));
    MI_Instance_AddElement(k, MI_T("Name"), &v, MI_STRING, MI_FLAG_KEY);
    MI_Session_GetInstance(s, 0, NULL, MI_T("root/cimv2"), k, NULL, &op);
    keep_detail[0] = 0;
    while (more && MI_Operation_GetInstance(&op, &inst, &more, &final, &m, &details) == MI_RESULT_OK) {
        if (inst && strcmp(string_of(inst, MI_T("Caption")), "Microsoft Windows Server 2012 R2 Standard") == 0)
            *caption_ok = 1;
        if (details)
            snprintf(keep_detail, sizeof keep_detail, "%s", string_of(details, MI_T("Message")));
    }
    keep[0] = 0;
    if (m)
        snprintf(keep, sizeof keep, "%s", m);
    if (msg)
        *msg = keep;
    if (detail)
        *detail = keep_detail;
    MI_Operation_Close(&op);
    MI_Instance_Delete(k);
    return final;
}

/* wsman_get_os_named with the key Name="x". */
static inline MI_Result wsman_get_os(MI_Application *app, MI_Session *s, const MI_Char **msg,
                                     const MI_Char **detail, int *caption_ok)
{
    return wsman_get_os_named(app, s, NULL, msg, detail, caption_ok);
}

#endif
