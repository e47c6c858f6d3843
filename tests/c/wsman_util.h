/*
 * wsman_util.h - small helpers shared by the WS-Management C clients (wsman_fake.c,
 * wsman_ntlm.c). Include after <mi.h>.
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

#endif
