/*
 * options_credentials.c - AddCredentials, GetCredentialsCount, GetCredentialsAt and
 * GetCredentialsPasswordAt of destination and subscription-delivery options: every
 * authentication type, 8 KiB passwords, the size query and the too-small buffer, clone
 * independence, and a log at the most verbose level that never shows a password
 * (issue 5 items 1 and 3).
 */
#include "options_common.h"

#include <fcntl.h>

#define BIG 8192 /* characters, without the NUL */

static const char *NO_DATA_TYPES[] = {"Default", "None", "NegoNoCreds"};
static const char *USER_TYPES[] = {"Digest", "NegoWithCreds", "Basic", "Kerberos", "Ntlmdomain", "CredSSP"};
static const char *CERT_TYPES[] = {"ClientCerts", "IssuerCert"};

static void test_auth_types(void)
{
    SECTION("every authentication type the reference knows, and the ones it refuses");
    MI_DestinationOptions d = new_dest();
    MI_UserCredentials c, out;
    const MI_Char *name = NULL;
    MI_Uint32 count = 0, flags = 99, len = 99;
    MI_Char pw[32];

    for (size_t i = 0; i < 3; i++) {
        memset(&c, 0, sizeof c);
        c.authenticationType = NO_DATA_TYPES[i];
        c.credentials.usernamePassword.username = "ignored"; /* not stored for these types */
        CHECK_EQ_INT(DFT->AddCredentials(&d, "nodata", &c, 0), MI_RESULT_OK);
    }
    for (size_t i = 0; i < 6; i++) {
        c = user_creds(USER_TYPES[i], i % 2 ? "DOM" : NULL, "user", i == 5 ? NULL : "pw");
        CHECK_EQ_INT(DFT->AddCredentials(&d, "user", &c, 0), MI_RESULT_OK);
    }
    for (size_t i = 0; i < 2; i++) {
        memset(&c, 0, sizeof c);
        c.authenticationType = CERT_TYPES[i];
        c.credentials.certificateThumbprint = i == 0 ? "0123456789abcdef" : NULL;
        CHECK_EQ_INT(DFT->AddCredentials(&d, "cert", &c, 0), MI_RESULT_OK);
    }
    CHECK_EQ_INT(DFT->GetCredentialsCount(&d, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 11);

    for (MI_Uint32 i = 0; i < 3; i++) {
        memset(&out, 0x55, sizeof out);
        CHECK_EQ_INT(DFT->GetCredentialsAt(&d, i, &name, &out, &flags), MI_RESULT_OK);
        CHECK(str_is(name, "nodata"));
        CHECK(str_is(out.authenticationType, NO_DATA_TYPES[i]));
        CHECK(out.credentials.usernamePassword.domain == NULL);
        CHECK(out.credentials.usernamePassword.username == NULL);
        CHECK(out.credentials.usernamePassword.password == NULL);
        CHECK_EQ_INT(flags, 0);
        CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&d, i, &name, pw, 32, &len, NULL), MI_RESULT_INVALID_PARAMETER);
    }
    for (MI_Uint32 i = 0; i < 6; i++) {
        memset(&out, 0x55, sizeof out);
        CHECK_EQ_INT(DFT->GetCredentialsAt(&d, 3 + i, &name, &out, NULL), MI_RESULT_OK);
        CHECK(str_is(name, "user"));
        CHECK(str_is(out.authenticationType, USER_TYPES[i]));
        CHECK(i % 2 ? str_is(out.credentials.usernamePassword.domain, "DOM")
                    : out.credentials.usernamePassword.domain == NULL);
        CHECK(str_is(out.credentials.usernamePassword.username, "user"));
        CHECK(str_is(out.credentials.usernamePassword.password, "******")); /* never the password */
        memset(pw, 'x', sizeof pw);
        len = 99;
        CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&d, 3 + i, &name, pw, 32, &len, &flags), MI_RESULT_OK);
        CHECK(str_is(name, "user"));
        if (i == 5) {
            CHECK_EQ_INT(len, 0); /* added with a NULL password */
            CHECK_EQ_INT(pw[0], 'x');
        } else {
            CHECK_EQ_INT(len, 3);
            CHECK(str_is(pw, "pw"));
        }
    }
    memset(&out, 0, sizeof out);
    CHECK_EQ_INT(DFT->GetCredentialsAt(&d, 9, &name, &out, NULL), MI_RESULT_OK);
    CHECK(str_is(name, "cert") && str_is(out.authenticationType, "ClientCerts") &&
          str_is(out.credentials.certificateThumbprint, "0123456789abcdef"));
    memset(&out, 0x55, sizeof out);
    CHECK_EQ_INT(DFT->GetCredentialsAt(&d, 10, &name, &out, NULL), MI_RESULT_OK);
    CHECK(str_is(out.authenticationType, "IssuerCert") && out.credentials.certificateThumbprint == NULL);
    CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&d, 9, &name, pw, 32, &len, NULL), MI_RESULT_INVALID_PARAMETER);

    SECTION("AddCredentials refuses bad input and duplicates, changing nothing");
    c = user_creds("basic", NULL, "u", "p"); /* types compare exactly */
    CHECK_EQ_INT(DFT->AddCredentials(&d, "x", &c, 0), MI_RESULT_INVALID_PARAMETER);
    c = user_creds("Unknown", NULL, "u", "p");
    CHECK_EQ_INT(DFT->AddCredentials(&d, "x", &c, 0), MI_RESULT_INVALID_PARAMETER);
    c = user_creds(NULL, NULL, "u", "p");
    CHECK_EQ_INT(DFT->AddCredentials(&d, "x", &c, 0), MI_RESULT_INVALID_PARAMETER);
    c = user_creds(MI_AUTH_TYPE_BASIC, NULL, NULL, "p"); /* a user name is required */
    CHECK_EQ_INT(DFT->AddCredentials(&d, "x", &c, 0), MI_RESULT_INVALID_PARAMETER);
    c = user_creds(MI_AUTH_TYPE_BASIC, NULL, "u", "bad \xfe password");
    CHECK_EQ_INT(DFT->AddCredentials(&d, "x", &c, 0), MI_RESULT_INVALID_PARAMETER);
    c = user_creds(MI_AUTH_TYPE_BASIC, NULL, "u", "p");
    CHECK_EQ_INT(DFT->AddCredentials(&d, "x", NULL, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->AddCredentials(&d, NULL, &c, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->AddCredentials(&d, "", &c, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->AddCredentials(&d, "x", &c, 1), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->AddCredentials(&d, "user", &c, 0), MI_RESULT_FAILED); /* user/Basic exists */
    CHECK_EQ_INT(DFT->AddCredentials(&d, "USER", &c, 0), MI_RESULT_FAILED); /* names ignore case */
    CHECK_EQ_INT(DFT->GetCredentialsCount(&d, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 11);

    SECTION("a credential goes after the others of its option name (the reference's order)");
    CHECK_EQ_INT(DFT->AddCredentials(&d, "NoData", &c, 0), MI_RESULT_OK); /* nodata group, Basic */
    CHECK_EQ_INT(DFT->GetCredentialsAt(&d, 3, &name, &out, NULL), MI_RESULT_OK);
    CHECK(str_is(name, "nodata") && str_is(out.authenticationType, "Basic"));
    CHECK_EQ_INT(DFT->GetCredentialsAt(&d, 4, &name, &out, NULL), MI_RESULT_OK);
    CHECK(str_is(name, "user") && str_is(out.authenticationType, "Digest"));
    CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&d, 3, &name, pw, 32, &len, NULL), MI_RESULT_OK);
    CHECK(str_is(pw, "p") && str_is(name, "nodata"));

    SECTION("GetCredentialsAt / GetCredentialsPasswordAt: indexes and NULL arguments");
    CHECK_EQ_INT(DFT->GetCredentialsAt(&d, 12, &name, &out, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&d, 12, &name, pw, 32, &len, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(DFT->GetCredentialsAt(&d, 0, NULL, &out, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetCredentialsAt(&d, 0, &name, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&d, 3, NULL, pw, 32, &len, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&d, 3, &name, pw, 32, NULL, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&d, 3, &name, NULL, 32, &len, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetCredentialsCount(&d, NULL), MI_RESULT_INVALID_PARAMETER);
    MI_DestinationOptions empty = new_dest();
    CHECK_EQ_INT(DFT->GetCredentialsCount(&empty, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 0);
    CHECK_EQ_INT(DFT->GetCredentialsAt(&empty, 0, &name, &out, NULL), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&empty, 0, &name, pw, 32, &len, NULL), MI_RESULT_INVALID_PARAMETER);
    DFT->Delete(&empty);
    DFT->Delete(&d);
}

static void fill_big(char *buf, char seed)
{
    for (int i = 0; i < BIG; i++) {
        buf[i] = (char)('!' + (seed + i) % 90);
    }
    buf[BIG] = '\0';
}

static void test_long_passwords(void)
{
    SECTION("8 KiB passwords: size query, too-small buffer, exact buffer, copies");
    static char big[BIG + 1], got[BIG + 16];
    fill_big(big, 3);
    MI_SubscriptionDeliveryOptions s = new_sub();
    MI_UserCredentials c = user_creds(MI_AUTH_TYPE_KERBEROS, "REALM", "someone", big);
    CHECK_EQ_INT(SFT->AddCredentials(&s, "deliver", &c, 0), MI_RESULT_OK);
    big[0] = '#'; /* the object holds its own copy */

    const MI_Char *name = NULL;
    MI_Uint32 len = 0;
    /* A size query: bufferLength 0 succeeds with the length (as the reference). */
    CHECK_EQ_INT(SFT->GetCredentialsPasswordAt(&s, 0, &name, NULL, 0, &len, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(len, BIG + 1);
    CHECK(str_is(name, "deliver"));
    /* A buffer one character short fails with the length and is left alone. */
    memset(got, 'z', sizeof got);
    len = 0;
    CHECK_EQ_INT(SFT->GetCredentialsPasswordAt(&s, 0, &name, got, BIG, &len, NULL), MI_RESULT_FAILED);
    CHECK_EQ_INT(len, BIG + 1);
    CHECK_EQ_INT(got[0], 'z');
    CHECK_EQ_INT(got[BIG - 1], 'z');
    CHECK_EQ_INT(SFT->GetCredentialsPasswordAt(&s, 0, &name, got, 1, &len, NULL), MI_RESULT_FAILED);
    CHECK_EQ_INT(got[0], 'z');
    /* Exactly enough, and more than enough. */
    CHECK_EQ_INT(SFT->GetCredentialsPasswordAt(&s, 0, &name, got, BIG + 1, &len, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(len, BIG + 1);
    fill_big(big, 3);
    CHECK(memcmp(got, big, BIG + 1) == 0);
    memset(got, 'z', sizeof got);
    CHECK_EQ_INT(SFT->GetCredentialsPasswordAt(&s, 0, &name, got, sizeof got, &len, NULL), MI_RESULT_OK);
    CHECK(memcmp(got, big, BIG + 1) == 0);
    CHECK_EQ_INT(got[BIG + 1], 'z'); /* nothing written past the NUL */

    SECTION("clones carry their own copy of every password");
    static char other[BIG + 1];
    fill_big(other, 40);
    MI_SubscriptionDeliveryOptions copy = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
    CHECK_EQ_INT(SFT->Clone(&s, &copy), MI_RESULT_OK);
    c = user_creds(MI_AUTH_TYPE_BASIC, NULL, "second", other);
    CHECK_EQ_INT(SFT->AddCredentials(&copy, "deliver", &c, 0), MI_RESULT_OK);
    MI_Uint32 count = 0;
    CHECK_EQ_INT(SFT->GetCredentialsCount(&s, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 1);
    CHECK_EQ_INT(SFT->Delete(&s), MI_RESULT_OK);
    CHECK_EQ_INT(SFT->GetCredentialsCount(&copy, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 2);
    memset(got, 0, sizeof got);
    CHECK_EQ_INT(SFT->GetCredentialsPasswordAt(&copy, 0, &name, got, sizeof got, &len, NULL), MI_RESULT_OK);
    CHECK(memcmp(got, big, BIG + 1) == 0);
    CHECK_EQ_INT(SFT->GetCredentialsPasswordAt(&copy, 1, &name, got, sizeof got, &len, NULL), MI_RESULT_OK);
    CHECK(memcmp(got, other, BIG + 1) == 0);
    CHECK_EQ_INT(SFT->Delete(&copy), MI_RESULT_OK);

    SECTION("many credentials with long passwords, deleted: nothing leaks (valgrind)");
    MI_DestinationOptions d = new_dest();
    char opt[32];
    for (int i = 0; i < 50; i++) {
        snprintf(opt, sizeof opt, "opt%d", i);
        fill_big(big, (char)i);
        c = user_creds(MI_AUTH_TYPE_BASIC, "d", "u", big);
        CHECK_EQ_INT(DFT->AddCredentials(&d, opt, &c, 0), MI_RESULT_OK);
    }
    MI_DestinationOptions dc = MI_DESTINATIONOPTIONS_NULL;
    CHECK_EQ_INT(DFT->Clone(&d, &dc), MI_RESULT_OK);
    DFT->Delete(&d);
    CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&dc, 49, &name, got, sizeof got, &len, NULL), MI_RESULT_OK);
    CHECK(str_is(name, "opt49") && memcmp(got, big, BIG + 1) == 0);
    DFT->Delete(&dc);
}

/* Runs `body` with fd 2 redirected to a temporary file; returns what was written there. */
static char *capture_stderr(void (*body)(void))
{
    static char text[1 << 16];
    char path[] = "/tmp/mi-options-log-XXXXXX";
    int fd = mkstemp(path);
    if (!CHECK(fd >= 0)) {
        return NULL;
    }
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    body();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    lseek(fd, 0, SEEK_SET);
    ssize_t n = read(fd, text, sizeof text - 1);
    text[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    return text;
}

#define CANARY "Canary-Password-7f3a9"

static void secret_workout(void)
{
    MI_DestinationOptions d = new_dest();
    MI_UserCredentials c = user_creds(MI_AUTH_TYPE_BASIC, "dom", "user", CANARY);
    CHECK_EQ_INT(DFT->AddCredentials(&d, "x", &c, 0), MI_RESULT_OK);
    CHECK_EQ_INT(DFT->AddCredentials(&d, "x", &c, 0), MI_RESULT_FAILED); /* logs the refusal */
    c.authenticationType = "Unknown";
    CHECK_EQ_INT(DFT->AddCredentials(&d, "x", &c, 0), MI_RESULT_INVALID_PARAMETER);
    MI_Char buf[64];
    const MI_Char *name;
    MI_Uint32 len;
    CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&d, 0, &name, buf, 2, &len, NULL), MI_RESULT_FAILED);
    CHECK_EQ_INT(DFT->GetCredentialsPasswordAt(&d, 0, &name, buf, 64, &len, NULL), MI_RESULT_OK);
    MI_DestinationOptions dc = MI_DESTINATIONOPTIONS_NULL;
    CHECK_EQ_INT(DFT->Clone(&d, &dc), MI_RESULT_OK);
    DFT->Delete(&d);
    DFT->Delete(&dc);
    DFT->Delete(&dc); /* stale: logged */
}

static void test_passwords_never_logged(void)
{
    SECTION("at the most verbose log level, no password reaches the log");
    const char *log = capture_stderr(secret_workout);
    if (log != NULL) {
        CHECK(strstr(log, "libmi: DEBUG") != NULL); /* the capture saw the library's log */
        CHECK(strstr(log, CANARY) == NULL);
        CHECK(strstr(log, "7f3a9") == NULL);
    }
}

int main(void)
{
    /* Before the first call into the library, which reads MI_LOG once. */
    setenv("MI_LOG", "verbose", 1);
    tu_watchdog(60);
    oc_init("options_credentials");
    test_passwords_never_logged();
    test_auth_types();
    test_long_passwords();
    oc_close();
    TEST_MAIN_END();
}
