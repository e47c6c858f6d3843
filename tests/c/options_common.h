/*
 * options_common.h - what the options test programs share: one application, the three
 * options tables, constructors that check their result, and value helpers.
 * Linux only: MI_Char is char, so strcmp compares MI_Char strings.
 */
#ifndef MI_OPTIONS_COMMON_H
#define MI_OPTIONS_COMMON_H

#include "testutil.h"

#include <mi.h>

#include <stdint.h>

static MI_Application oc_app = MI_APPLICATION_NULL;

static const MI_DestinationOptionsFT *DFT;
static const MI_OperationOptionsFT *OFT;
static const MI_SubscriptionDeliveryOptionsFT *SFT;

static inline void oc_init(const char *id)
{
    MI_Instance *err = NULL;
    CHECK_EQ_INT(MI_Application_Initialize(0, id, &err, &oc_app), MI_RESULT_OK);
    DFT = mi_clientFT_V1->destinationOptionsFT;
    OFT = mi_clientFT_V1->operationOptionsFT;
    SFT = mi_clientFT_V1->subscribeDeliveryOptionsFT;
}

static inline void oc_close(void)
{
    CHECK_EQ_INT(MI_Application_Close(&oc_app), MI_RESULT_OK);
}

static inline MI_DestinationOptions new_dest(void)
{
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL;
    CHECK_EQ_INT(oc_app.ft->NewDestinationOptions(&oc_app, &d), MI_RESULT_OK);
    CHECK(d.ft == DFT);
    return d;
}

static inline MI_OperationOptions new_op(void)
{
    MI_OperationOptions o = MI_OPERATIONOPTIONS_NULL;
    CHECK_EQ_INT(oc_app.ft->NewOperationOptions(&oc_app, MI_FALSE, &o), MI_RESULT_OK);
    CHECK(o.ft == OFT);
    return o;
}

static inline MI_SubscriptionDeliveryOptions new_sub(void)
{
    MI_SubscriptionDeliveryOptions s = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
    CHECK_EQ_INT(oc_app.ft->NewSubscriptionDeliveryOptions(&oc_app, MI_SubscriptionDeliveryType_Pull, &s),
                 MI_RESULT_OK);
    CHECK(s.ft == SFT);
    return s;
}

static inline int str_is(const MI_Char *got, const char *want)
{
    return got != NULL && strcmp(got, want) == 0;
}

static inline MI_Interval interval(MI_Uint32 days, MI_Uint32 hours, MI_Uint32 minutes, MI_Uint32 seconds,
                            MI_Uint32 us)
{
    MI_Interval i;
    memset(&i, 0, sizeof i);
    i.days = days;
    i.hours = hours;
    i.minutes = minutes;
    i.seconds = seconds;
    i.microseconds = us;
    return i;
}

static inline int interval_is(MI_Interval a, MI_Interval b)
{
    return a.days == b.days && a.hours == b.hours && a.minutes == b.minutes &&
           a.seconds == b.seconds && a.microseconds == b.microseconds;
}

static inline MI_Datetime timestamp(MI_Uint32 year, MI_Uint32 month, MI_Uint32 day, MI_Sint32 utc)
{
    MI_Datetime d;
    memset(&d, 0, sizeof d);
    d.isTimestamp = 1;
    d.u.timestamp.year = year;
    d.u.timestamp.month = month;
    d.u.timestamp.day = day;
    d.u.timestamp.hour = 13;
    d.u.timestamp.minute = 14;
    d.u.timestamp.second = 15;
    d.u.timestamp.microseconds = 16;
    d.u.timestamp.utc = utc;
    return d;
}

static inline int timestamp_is(MI_Datetime a, MI_Datetime b)
{
    return a.isTimestamp == 1 && b.isTimestamp == 1 && a.u.timestamp.year == b.u.timestamp.year &&
           a.u.timestamp.month == b.u.timestamp.month && a.u.timestamp.day == b.u.timestamp.day &&
           a.u.timestamp.hour == b.u.timestamp.hour && a.u.timestamp.minute == b.u.timestamp.minute &&
           a.u.timestamp.second == b.u.timestamp.second &&
           a.u.timestamp.microseconds == b.u.timestamp.microseconds &&
           a.u.timestamp.utc == b.u.timestamp.utc;
}

static inline MI_UserCredentials user_creds(const char *auth, const char *domain, const char *user,
                                     const char *password)
{
    MI_UserCredentials c;
    memset(&c, 0, sizeof c);
    c.authenticationType = auth;
    c.credentials.usernamePassword.domain = domain;
    c.credentials.usernamePassword.username = user;
    c.credentials.usernamePassword.password = password;
    return c;
}

#endif /* MI_OPTIONS_COMMON_H */
