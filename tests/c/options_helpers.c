/*
 * options_helpers.c - every typed helper and wrapper of the three options families, as
 * exported functions (our mi.h), against the generic slots called through `ft` with the
 * reference's `__MI_...` option names (what a client built against the reference MI.h
 * does, since there the helpers are inline code calling those slots): a value set
 * through a helper reads back through the generic getter, and the other way round.
 * Also the reference wrappers' fallbacks (docs/ABI.md §6.1) for a NULL handle and a NULL
 * `ft`, and MI_Application_New*Options (issue 5 item 2).
 */
#include "options_common.h"

#define INVALID MI_RESULT_INVALID_PARAMETER

/* Expands its arguments before the call, so that one macro can stand for several. */
#define APPLY(m, ...) m(__VA_ARGS__)

static void del_d(MI_DestinationOptions *h) { DFT->Delete(h); }
static void del_o(MI_OperationOptions *h) { OFT->Delete(h); }
static void del_s(MI_SubscriptionDeliveryOptions *h) { CHECK_EQ_INT(SFT->Delete(h), MI_RESULT_OK); }

/*
 * A number-valued helper pair (booleans, numbers, enums). TRUNC_IN is set through the
 * generic slot and must read back through the helper as TRUNC_OUT (booleans truncate).
 */
#define NUMBER_HELPER(H, FT, NEWF, DELF, SETTER, GETTER, NAME, OUT_T, VALUE, TRUNC_IN, TRUNC_OUT)  \
    do {                                                                                           \
        SECTION(#SETTER " / " #GETTER);                                                            \
        H h = NEWF(), w = NEWF(), noft;                                                            \
        OUT_T out = (OUT_T)77;                                                                     \
        MI_Uint32 n = 99, idx = 99;                                                                \
        CHECK_EQ_INT(GETTER(&h, &out), MI_RESULT_NO_SUCH_PROPERTY);                                \
        CHECK_EQ_INT(out, 77);                                                                     \
        CHECK_EQ_INT(SETTER(&h, VALUE), MI_RESULT_OK);                                             \
        CHECK_EQ_INT(FT->GetNumber(&h, NAME, &n, &idx, NULL), MI_RESULT_OK);                       \
        CHECK_EQ_INT(n, VALUE);                                                                    \
        CHECK_EQ_INT(idx, 0);                                                                      \
        CHECK_EQ_INT(GETTER(&h, &out), MI_RESULT_OK);                                              \
        CHECK_EQ_INT(out, VALUE);                                                                  \
        CHECK_EQ_INT(FT->SetNumber(&h, NAME, TRUNC_IN, 0), MI_RESULT_OK);                          \
        CHECK_EQ_INT(GETTER(&h, &out), MI_RESULT_OK);                                              \
        CHECK_EQ_INT(out, TRUNC_OUT);                                                              \
        CHECK_EQ_INT(GETTER(&h, NULL), INVALID);                                                   \
        noft = h;                                                                                  \
        noft.ft = NULL;                                                                            \
        CHECK_EQ_INT(SETTER(&noft, VALUE), INVALID);                                               \
        CHECK_EQ_INT(GETTER(&noft, &out), INVALID);                                                \
        CHECK_EQ_INT(SETTER(NULL, VALUE), INVALID);                                                \
        CHECK_EQ_INT(GETTER(NULL, &out), INVALID);                                                 \
        CHECK_EQ_INT(FT->GetNumber(&h, NAME, &n, NULL, NULL), MI_RESULT_OK);                       \
        CHECK_EQ_INT(n, TRUNC_IN); /* the guarded calls changed nothing */                         \
        CHECK_EQ_INT(FT->SetString(&w, NAME, "text", 0), MI_RESULT_OK);                            \
        out = (OUT_T)77;                                                                           \
        CHECK_EQ_INT(GETTER(&w, &out), MI_RESULT_TYPE_MISMATCH);                                   \
        CHECK_EQ_INT(out, 77);                                                                     \
        CHECK_EQ_INT(SETTER(&w, VALUE), MI_RESULT_TYPE_MISMATCH);                                  \
        DELF(&h);                                                                                  \
        DELF(&w);                                                                                  \
    } while (0)

#define BOOL_HELPER(H, FT, NEWF, DELF, SETTER, GETTER, NAME) \
    NUMBER_HELPER(H, FT, NEWF, DELF, SETTER, GETTER, NAME, MI_Boolean, 1, 0x101, 1)
#define U32_HELPER(H, FT, NEWF, DELF, SETTER, GETTER, NAME, OUT_T) \
    NUMBER_HELPER(H, FT, NEWF, DELF, SETTER, GETTER, NAME, OUT_T, 4, 0xDEADBEEFu, 0xDEADBEEFu)

#define STRING_HELPER(H, FT, NEWF, DELF, SETTER, GETTER, NAME)                  \
    do {                                                                        \
        SECTION(#SETTER " / " #GETTER);                                         \
        H h = NEWF(), w = NEWF(), noft;                                         \
        const MI_Char *s = NULL;                                                \
        MI_Uint32 idx = 99;                                                     \
        CHECK_EQ_INT(GETTER(&h, &s), MI_RESULT_NO_SUCH_PROPERTY);               \
        CHECK_EQ_INT(SETTER(&h, "via helper"), MI_RESULT_OK);                   \
        CHECK_EQ_INT(FT->GetString(&h, NAME, &s, &idx, NULL), MI_RESULT_OK);    \
        CHECK(str_is(s, "via helper"));                                         \
        CHECK_EQ_INT(idx, 0);                                                   \
        CHECK_EQ_INT(FT->SetString(&h, NAME, "via slot", 0), MI_RESULT_OK);     \
        s = NULL;                                                               \
        CHECK_EQ_INT(GETTER(&h, &s), MI_RESULT_OK);                             \
        CHECK(str_is(s, "via slot"));                                           \
        CHECK_EQ_INT(SETTER(&h, NULL), INVALID);                                \
        CHECK_EQ_INT(GETTER(&h, NULL), INVALID);                                \
        noft = h;                                                               \
        noft.ft = NULL;                                                         \
        CHECK_EQ_INT(SETTER(&noft, "x"), INVALID);                              \
        CHECK_EQ_INT(GETTER(&noft, &s), INVALID);                               \
        CHECK_EQ_INT(SETTER(NULL, "x"), INVALID);                               \
        CHECK_EQ_INT(GETTER(NULL, &s), INVALID);                                \
        CHECK_EQ_INT(FT->GetString(&h, NAME, &s, NULL, NULL), MI_RESULT_OK);    \
        CHECK(str_is(s, "via slot"));                                           \
        CHECK_EQ_INT(FT->SetNumber(&w, NAME, 1, 0), MI_RESULT_OK);              \
        CHECK_EQ_INT(GETTER(&w, &s), MI_RESULT_TYPE_MISMATCH);                  \
        CHECK_EQ_INT(SETTER(&w, "x"), MI_RESULT_TYPE_MISMATCH);                 \
        DELF(&h);                                                               \
        DELF(&w);                                                               \
    } while (0)

#define INTERVAL_HELPER(H, FT, NEWF, DELF, SETTER, GETTER, NAME)               \
    do {                                                                        \
        SECTION(#SETTER " / " #GETTER);                                         \
        H h = NEWF(), w = NEWF(), noft;                                         \
        MI_Interval a = interval(1, 2, 3, 4, 5), b = interval(0, 0, 0, 59, 999999), got; \
        MI_Uint32 idx = 99;                                                     \
        CHECK_EQ_INT(GETTER(&h, &got), MI_RESULT_NO_SUCH_PROPERTY);             \
        CHECK_EQ_INT(SETTER(&h, &a), MI_RESULT_OK);                             \
        memset(&got, 0, sizeof got);                                            \
        CHECK_EQ_INT(FT->GetInterval(&h, NAME, &got, &idx, NULL), MI_RESULT_OK); \
        CHECK(interval_is(got, a));                                             \
        CHECK_EQ_INT(idx, 0);                                                   \
        CHECK_EQ_INT(FT->SetInterval(&h, NAME, &b, 0), MI_RESULT_OK);           \
        memset(&got, 0, sizeof got);                                            \
        CHECK_EQ_INT(GETTER(&h, &got), MI_RESULT_OK);                           \
        CHECK(interval_is(got, b));                                             \
        CHECK_EQ_INT(SETTER(&h, NULL), INVALID);                                \
        CHECK_EQ_INT(GETTER(&h, NULL), INVALID);                                \
        noft = h;                                                               \
        noft.ft = NULL;                                                         \
        CHECK_EQ_INT(SETTER(&noft, &a), INVALID);                               \
        CHECK_EQ_INT(GETTER(&noft, &got), INVALID);                             \
        CHECK_EQ_INT(SETTER(NULL, &a), INVALID);                                \
        CHECK_EQ_INT(GETTER(NULL, &got), INVALID);                              \
        CHECK_EQ_INT(FT->GetInterval(&h, NAME, &got, NULL, NULL), MI_RESULT_OK); \
        CHECK(interval_is(got, b));                                             \
        CHECK_EQ_INT(FT->SetString(&w, NAME, "text", 0), MI_RESULT_OK);         \
        CHECK_EQ_INT(GETTER(&w, &got), MI_RESULT_TYPE_MISMATCH);                \
        CHECK_EQ_INT(SETTER(&w, &a), MI_RESULT_TYPE_MISMATCH);                  \
        DELF(&h);                                                               \
        DELF(&w);                                                               \
    } while (0)

#define CREDENTIAL_HELPER(H, FT, NEWF, DELF, ADDER, NAME)                       \
    do {                                                                        \
        SECTION(#ADDER);                                                        \
        H h = NEWF(), noft;                                                     \
        MI_UserCredentials c = user_creds(MI_AUTH_TYPE_BASIC, "d", "u", "pw"), out; \
        MI_UserCredentials c2 = user_creds(MI_AUTH_TYPE_DIGEST, NULL, "u2", "pw2"); \
        const MI_Char *name = NULL;                                             \
        MI_Uint32 count = 0, len = 0;                                           \
        MI_Char pw[8];                                                          \
        CHECK_EQ_INT(ADDER(&h, &c), MI_RESULT_OK);                              \
        CHECK_EQ_INT(FT->GetCredentialsAt(&h, 0, &name, &out, NULL), MI_RESULT_OK); \
        CHECK(str_is(name, NAME) && str_is(out.authenticationType, "Basic"));   \
        CHECK_EQ_INT(FT->AddCredentials(&h, NAME, &c2, 0), MI_RESULT_OK);       \
        CHECK_EQ_INT(ADDER(&h, &c2), MI_RESULT_FAILED); /* same name and type */ \
        CHECK_EQ_INT(FT->GetCredentialsCount(&h, &count), MI_RESULT_OK);        \
        CHECK_EQ_INT(count, 2);                                                 \
        CHECK_EQ_INT(FT->GetCredentialsPasswordAt(&h, 1, &name, pw, 8, &len, NULL), MI_RESULT_OK); \
        CHECK(str_is(name, NAME) && str_is(pw, "pw2"));                         \
        CHECK_EQ_INT(ADDER(&h, NULL), INVALID);                                 \
        noft = h;                                                               \
        noft.ft = NULL;                                                         \
        c.authenticationType = MI_AUTH_TYPE_KERBEROS;                           \
        CHECK_EQ_INT(ADDER(&noft, &c), INVALID);                                \
        CHECK_EQ_INT(ADDER(NULL, &c), INVALID);                                 \
        CHECK_EQ_INT(FT->GetCredentialsCount(&h, &count), MI_RESULT_OK);        \
        CHECK_EQ_INT(count, 2);                                                 \
        DELF(&h);                                                               \
    } while (0)

/* ---- destination options ----------------------------------------------------------------- */

static void test_destination_helpers(void)
{
#define D MI_DestinationOptions, DFT, new_dest, del_d
    APPLY(INTERVAL_HELPER, D, MI_DestinationOptions_SetTimeout, MI_DestinationOptions_GetTimeout,
                    "__MI_DESTINATIONOPTIONS_TIMEOUT");
    APPLY(BOOL_HELPER, D, MI_DestinationOptions_SetCertCACheck, MI_DestinationOptions_GetCertCACheck,
                "__MI_DESTINATIONOPTIONS_CERT_CA_CHECK");
    APPLY(BOOL_HELPER, D, MI_DestinationOptions_SetCertCNCheck, MI_DestinationOptions_GetCertCNCheck,
                "__MI_DESTINATIONOPTIONS_CERT_CN_CHECK");
    APPLY(BOOL_HELPER, D, MI_DestinationOptions_SetCertRevocationCheck, MI_DestinationOptions_GetCertRevocationCheck,
                "__MI_DESTINATIONOPTIONS_CERT_REVOCATION_CHECK");
    APPLY(BOOL_HELPER, D, MI_DestinationOptions_SetPacketPrivacy, MI_DestinationOptions_GetPacketPrivacy,
                "__MI_DESTINATIONOPTIONS_PACKET_PRIVACY");
    APPLY(BOOL_HELPER, D, MI_DestinationOptions_SetPacketIntegrity, MI_DestinationOptions_GetPacketIntegrity,
                "__MI_DESTINATIONOPTIONS_PACKET_INTEGRITY");
    APPLY(STRING_HELPER, D, MI_DestinationOptions_SetPacketEncoding, MI_DestinationOptions_GetPacketEncoding,
                  "__MI_DESTINATIONOPTIONS_PACKET_ENCODING");
    APPLY(STRING_HELPER, D, MI_DestinationOptions_SetDataLocale, MI_DestinationOptions_GetDataLocale,
                  "__MI_DESTINATIONOPTIONS_DATA_LOCALE");
    APPLY(STRING_HELPER, D, MI_DestinationOptions_SetUILocale, MI_DestinationOptions_GetUILocale,
                  "__MI_DESTINATIONOPTIONS_UI_LOCALE");
    APPLY(U32_HELPER, D, MI_DestinationOptions_SetMaxEnvelopeSize, MI_DestinationOptions_GetMaxEnvelopeSize,
               "__MI_DESTINATIONOPTIONS_MAX_ENVELOPE_SIZE", MI_Uint32);
    APPLY(U32_HELPER, D, MI_DestinationOptions_SetMaxElements, MI_DestinationOptions_GetMaxElements,
               "__MI_DESTINATIONOPTIONS_MAX_ELEMENTS", MI_Uint32);
    APPLY(BOOL_HELPER, D, MI_DestinationOptions_SetEncodePortInSPN, MI_DestinationOptions_GetEncodePortInSPN,
                "__MI_DESTINATIONOPTIONS_ENCODE_PORT_IN_SPN");
    APPLY(STRING_HELPER, D, MI_DestinationOptions_SetHttpUrlPrefix, MI_DestinationOptions_GetHttpUrlPrefix,
                  "__MI_DESTINATIONOPTIONS_HTTP_URL_PREFIX");
    APPLY(U32_HELPER, D, MI_DestinationOptions_SetDestinationPort, MI_DestinationOptions_GetDestinationPort,
               "__MI_DESTINATIONOPTIONS_DESTINATION_PORT", MI_Uint32);
    APPLY(STRING_HELPER, D, MI_DestinationOptions_SetTrustedCertsDir, MI_DestinationOptions_GetTrustedCertsDir,
                  "__MI_DESTINATIONOPTIONS_TRUSTED_CERTS_DIR");
    APPLY(STRING_HELPER, D, MI_DestinationOptions_SetCertFile, MI_DestinationOptions_GetCertFile,
                  "__MI_DESTINATIONOPTIONS_CERT_FILE");
    APPLY(STRING_HELPER, D, MI_DestinationOptions_SetPrivateKeyFile, MI_DestinationOptions_GetPrivateKeyFile,
                  "__MI_DESTINATIONOPTIONS_PRIVATE_KEY_FILE");
    APPLY(STRING_HELPER, D, MI_DestinationOptions_SetTransport, MI_DestinationOptions_GetTransport,
                  "__MI_DESTINATIONOPTIONS_TRANSPORT");
    APPLY(STRING_HELPER, D, MI_DestinationOptions_SetProxyType, MI_DestinationOptions_GetProxyType,
                  "__MI_DESTINATIONOPTIONS_PROXY_TYPE");
    APPLY(U32_HELPER, D, MI_DestinationOptions_SetSslOptions, MI_DestinationOptions_GetSslOptions,
               "__MI_DESTINATIONOPTIONS_SSL_OPTIONS", MI_Uint32);
    APPLY(CREDENTIAL_HELPER, D, MI_DestinationOptions_AddProxyCredentials, "__MI_DESTINATIONOPTIONS_PROXY_CREDENTIALS");
    APPLY(CREDENTIAL_HELPER, D, MI_DestinationOptions_AddDestinationCredentials,
                      "__MI_DESTINATIONOPTIONS_DESTINATION_CREDENTIALS");
    APPLY(U32_HELPER, D, MI_DestinationOptions_SetImpersonationType, MI_DestinationOptions_GetImpersonationType,
               "__MI_DESTINATIONOPTIONS_IMPERSONATION_TYPE", MI_DestinationOptions_ImpersonationType);
#undef D

    SECTION("MI_DestinationOptions generic wrappers: SetString/GetString/SetNumber/GetNumber ...");
    MI_DestinationOptions d = MI_DESTINATIONOPTIONS_NULL, noft, copy = MI_DESTINATIONOPTIONS_NULL;
    CHECK_EQ_INT(MI_Application_NewDestinationOptions(&oc_app, &d), MI_RESULT_OK);
    const MI_Char *s = NULL, *name = NULL;
    MI_Uint32 n = 0, idx = 99, count = 0, flags = 99, len = 0;
    MI_Value v;
    MI_Type t;
    MI_Char pw[8];
    MI_UserCredentials c = user_creds(MI_AUTH_TYPE_BASIC, NULL, "u", "pw"), out;
    CHECK_EQ_INT(MI_DestinationOptions_SetString(&d, "str", "value"), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_GetString(&d, "str", &s, &idx), MI_RESULT_OK);
    CHECK(str_is(s, "value") && idx == 0);
    CHECK_EQ_INT(MI_DestinationOptions_SetNumber(&d, "num", 8), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_GetNumber(&d, "num", &n, &idx), MI_RESULT_OK);
    CHECK(n == 8 && idx == 1);
    CHECK_EQ_INT(MI_DestinationOptions_GetNumber(&d, "str", &n, NULL), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(MI_DestinationOptions_GetOptionCount(&d, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 2);
    CHECK_EQ_INT(MI_DestinationOptions_GetOptionAt(&d, 1, &name, &v, &t, &flags), MI_RESULT_OK);
    CHECK(str_is(name, "num") && t == MI_UINT32 && v.uint32 == 8 && flags == 0);
    CHECK_EQ_INT(MI_DestinationOptions_GetOption(&d, "STR", &v, &t, &idx, &flags), MI_RESULT_OK);
    CHECK(t == MI_STRING && str_is(v.string, "value") && idx == 0);
    CHECK_EQ_INT(DFT->AddCredentials(&d, "c", &c, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_GetCredentialsCount(&d, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 1);
    CHECK_EQ_INT(MI_DestinationOptions_GetCredentialsAt(&d, 0, &name, &out, &flags), MI_RESULT_OK);
    CHECK(str_is(name, "c") && str_is(out.credentials.usernamePassword.password, "******"));
    CHECK_EQ_INT(MI_DestinationOptions_GetCredentialsPasswordAt(&d, 0, &name, pw, 8, &len, &flags), MI_RESULT_OK);
    CHECK(len == 3 && str_is(pw, "pw"));
    CHECK_EQ_INT(MI_DestinationOptions_Clone(&d, &copy), MI_RESULT_OK);
    CHECK_EQ_INT(MI_DestinationOptions_GetString(&copy, "str", &s, NULL), MI_RESULT_OK);
    CHECK(str_is(s, "value"));
    noft = d;
    noft.ft = NULL;
    CHECK_EQ_INT(MI_DestinationOptions_SetString(&noft, "a", "b"), INVALID);
    CHECK_EQ_INT(MI_DestinationOptions_GetString(&noft, "str", &s, NULL), INVALID);
    CHECK_EQ_INT(MI_DestinationOptions_SetNumber(&noft, "a", 1), INVALID);
    CHECK_EQ_INT(MI_DestinationOptions_GetNumber(&noft, "num", &n, NULL), INVALID);
    CHECK_EQ_INT(MI_DestinationOptions_GetOptionCount(&noft, &count), INVALID);
    CHECK_EQ_INT(MI_DestinationOptions_GetOptionAt(&noft, 0, &name, &v, &t, NULL), INVALID);
    CHECK_EQ_INT(MI_DestinationOptions_GetOption(&noft, "str", &v, &t, NULL, NULL), INVALID);
    CHECK_EQ_INT(MI_DestinationOptions_GetCredentialsCount(&noft, &count), INVALID);
    CHECK_EQ_INT(MI_DestinationOptions_GetCredentialsAt(&noft, 0, &name, &out, NULL), INVALID);
    CHECK_EQ_INT(MI_DestinationOptions_GetCredentialsPasswordAt(&noft, 0, &name, pw, 8, &len, NULL), INVALID);
    MI_DestinationOptions untouched = {1, 2, NULL};
    CHECK_EQ_INT(MI_DestinationOptions_Clone(&noft, &untouched), INVALID);
    CHECK(untouched.reserved1 == 1 && untouched.reserved2 == 2); /* the library never ran */
    MI_DestinationOptions_Delete(&noft); /* does nothing: d is still alive */
    MI_DestinationOptions_Delete(NULL);
    CHECK_EQ_INT(MI_DestinationOptions_GetString(NULL, "str", &s, NULL), INVALID);
    CHECK_EQ_INT(MI_DestinationOptions_GetOptionCount(&d, &count), MI_RESULT_OK);
    MI_DestinationOptions_Delete(&d);
    CHECK_EQ_INT(MI_DestinationOptions_GetOptionCount(&d, &count), INVALID); /* deleted now */
    CHECK_EQ_INT(MI_DestinationOptions_GetOptionCount(&copy, &count), MI_RESULT_OK);
    MI_DestinationOptions_Delete(&copy);
}

/* ---- operation options ------------------------------------------------------------------ */

static void test_operation_helpers(void)
{
#define O MI_OperationOptions, OFT, new_op, del_o
    APPLY(U32_HELPER, O, MI_OperationOptions_SetWriteErrorMode, MI_OperationOptions_GetWriteErrorMode,
               "__MI_OPERATIONOPTIONS_WRITEERRORMODE", MI_CallbackMode);
    APPLY(U32_HELPER, O, MI_OperationOptions_SetPromptUserMode, MI_OperationOptions_GetPromptUserMode,
               "__MI_OPERATIONOPTIONS_PROMPTUSERMODE", MI_CallbackMode);
    APPLY(INTERVAL_HELPER, O, MI_OperationOptions_SetTimeout, MI_OperationOptions_GetTimeout,
                    "__MI_OPERATIONOPTIONS_TIMEOUT");
    APPLY(STRING_HELPER, O, MI_OperationOptions_SetResourceUriPrefix, MI_OperationOptions_GetResourceUriPrefix,
                  "__MI_OPERATIONOPTIONS_RESOURCE_URI_PREFIX");
    APPLY(STRING_HELPER, O, MI_OperationOptions_SetResourceUri, MI_OperationOptions_GetResourceUri,
                  "__MI_OPERATIONOPTIONS_RESOURCE_URI");
    APPLY(BOOL_HELPER, O, MI_OperationOptions_SetUseMachineID, MI_OperationOptions_GetUseMachineID,
                "__MI_OPERATIONOPTIONS_USE_MACHINE_ID");
#undef O
    const char *PUM = "__MI_OPERATIONOPTIONS_PROMPTUSERMODE";
    const char *ACK = "__MI_OPERATIONOPTIONS_PROMPTUSERMODEREGULAR_ACKVALUE";
    const char *PA = "__MI_OPERATIONOPTIONS_PROVIDER_ARCHITECTURE";
    const char *RA = "__MI_OPERATIONOPTIONS_REQUIRED_ARCHITECTURE";
    MI_Uint32 n = 0;
    MI_CallbackMode mode = 77;
    MI_ProviderArchitecture arch = 77;
    MI_Boolean b = 77;

    SECTION("MI_OperationOptions_SetPromptUserRegularMode / GetPromptUserRegularMode");
    MI_OperationOptions o = new_op(), w = new_op(), noft;
    CHECK_EQ_INT(MI_OperationOptions_GetPromptUserRegularMode(&o, &mode, &b), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(MI_OperationOptions_SetPromptUserMode(&o, MI_CALLBACKMODE_IGNORE), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_GetPromptUserRegularMode(&o, &mode, &b), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK(mode == 77 && b == 77); /* written only when both reads succeed */
    CHECK_EQ_INT(MI_OperationOptions_SetPromptUserRegularMode(&o, MI_CALLBACKMODE_INQUIRE, MI_TRUE), MI_RESULT_OK);
    CHECK_EQ_INT(OFT->GetNumber(&o, PUM, &n, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(n, MI_CALLBACKMODE_INQUIRE);
    CHECK_EQ_INT(OFT->GetNumber(&o, ACK, &n, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(OFT->SetNumber(&o, PUM, MI_CALLBACKMODE_REPORT, 0), MI_RESULT_OK);
    CHECK_EQ_INT(OFT->SetNumber(&o, ACK, 0x100, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_GetPromptUserRegularMode(&o, &mode, &b), MI_RESULT_OK);
    CHECK(mode == MI_CALLBACKMODE_REPORT && b == 0); /* truncated to MI_Boolean */
    CHECK_EQ_INT(MI_OperationOptions_GetPromptUserRegularMode(&o, NULL, &b), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_GetPromptUserRegularMode(&o, &mode, NULL), INVALID);
    CHECK_EQ_INT(OFT->SetString(&w, PUM, "text", 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetPromptUserRegularMode(&w, MI_CALLBACKMODE_INQUIRE, MI_TRUE),
                 MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(OFT->GetNumber(&w, ACK, &n, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY); /* stopped at the first */
    noft = o;
    noft.ft = NULL;
    CHECK_EQ_INT(MI_OperationOptions_SetPromptUserRegularMode(&noft, 1, 1), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_GetPromptUserRegularMode(&noft, &mode, &b), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_SetPromptUserRegularMode(NULL, 1, 1), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_GetPromptUserRegularMode(NULL, &mode, &b), INVALID);

    SECTION("MI_OperationOptions_SetProviderArchitecture / GetProviderArchitecture");
    CHECK_EQ_INT(MI_OperationOptions_GetProviderArchitecture(&o, &arch, &b), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(MI_OperationOptions_SetProviderArchitecture(&o, MI_PROVIDER_ARCHITECTURE_64BIT, MI_TRUE),
                 MI_RESULT_OK);
    CHECK_EQ_INT(OFT->GetNumber(&o, PA, &n, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(n, MI_PROVIDER_ARCHITECTURE_64BIT);
    CHECK_EQ_INT(OFT->GetNumber(&o, RA, &n, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(OFT->SetNumber(&o, PA, MI_PROVIDER_ARCHITECTURE_32BIT, 0), MI_RESULT_OK);
    CHECK_EQ_INT(OFT->SetNumber(&o, RA, 0x201, 0), MI_RESULT_OK);
    arch = 77;
    b = 77;
    CHECK_EQ_INT(MI_OperationOptions_GetProviderArchitecture(&o, &arch, &b), MI_RESULT_OK);
    CHECK(arch == MI_PROVIDER_ARCHITECTURE_32BIT && b == 1);
    CHECK_EQ_INT(OFT->SetString(&w, PA, "text", 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetProviderArchitecture(&w, 1, MI_TRUE), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(OFT->GetNumber(&w, RA, &n, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(MI_OperationOptions_GetProviderArchitecture(&o, NULL, &b), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_SetProviderArchitecture(&noft, 1, 1), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_GetProviderArchitecture(&noft, &arch, &b), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_SetProviderArchitecture(NULL, 1, 1), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_GetProviderArchitecture(NULL, &arch, &b), INVALID);

    SECTION("MI_OperationOptions_EnableChannel / DisableChannel / GetEnabledChannels");
    const char *CH = "__MI_OPERATIONOPTIONS_CHANNEL";
    MI_Uint32 ch[8], count = 99, flags = 99;
    CHECK_EQ_INT(MI_OperationOptions_GetEnabledChannels(&o, ch, 8, &count, &flags), MI_RESULT_OK);
    CHECK(count == 0 && flags == 0);
    CHECK_EQ_INT(MI_OperationOptions_EnableChannel(&o, MI_WRITEMESSAGE_CHANNEL_WARNING), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_EnableChannel(&o, MI_WRITEMESSAGE_CHANNEL_DEBUG), MI_RESULT_OK);
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, CH, ch, 8, &count, NULL), MI_RESULT_OK);
    CHECK(count == 2 && ch[0] == 0 && ch[1] == 2);
    CHECK_EQ_INT(OFT->SetNumber(&o, CH, MI_WRITEMESSAGE_CHANNEL_VERBOSE, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_DisableChannel(&o, MI_WRITEMESSAGE_CHANNEL_WARNING), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_GetEnabledChannels(&o, ch, 8, &count, NULL), MI_RESULT_OK);
    CHECK(count == 2 && ch[0] == 2 && ch[1] == 1);
    CHECK_EQ_INT(OFT->SetNumber(&o, CH, MI_WRITEMESSAGE_CHANNEL_DEBUG, 1), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_GetEnabledChannels(&o, ch, 1, &count, NULL), MI_RESULT_OK);
    CHECK(count == 1 && ch[0] == 1);
    CHECK_EQ_INT(MI_OperationOptions_EnableChannel(&o, 5), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_GetEnabledChannels(&o, ch, 1, &count, NULL), MI_RESULT_FAILED);
    CHECK_EQ_INT(count, 2);
    CHECK_EQ_INT(MI_OperationOptions_GetEnabledChannels(&o, ch, 8, NULL, NULL), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_EnableChannel(&noft, 3), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_DisableChannel(&noft, 1), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_GetEnabledChannels(&noft, ch, 8, &count, NULL), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_EnableChannel(NULL, 3), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_DisableChannel(NULL, 3), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_GetEnabledChannels(NULL, ch, 8, &count, NULL), INVALID);
    CHECK_EQ_INT(OFT->GetEnabledChannels(&o, CH, ch, 8, &count, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(count, 2); /* the guarded calls changed nothing */

    SECTION("MI_OperationOptions generic wrappers and SetCustomOption");
    MI_Value v, got;
    MI_Type t;
    const MI_Char *s = NULL, *name = NULL;
    MI_Uint32 idx = 99;
    v.sint64 = -42;
    CHECK_EQ_INT(MI_OperationOptions_SetCustomOption(&o, "cust", MI_SINT64, &v, MI_TRUE), MI_RESULT_OK);
    CHECK_EQ_INT(OFT->GetOption(&o, "cust", &got, &t, &idx, NULL), MI_RESULT_OK);
    CHECK(t == MI_SINT64 && got.sint64 == -42);
    CHECK_EQ_INT(MI_OperationOptions_GetOption(&o, "CUST", &got, &t, &idx, &flags), MI_RESULT_OK);
    CHECK(t == MI_SINT64 && got.sint64 == -42 && flags == 0);
    CHECK_EQ_INT(MI_OperationOptions_GetOptionAt(&o, idx, &name, &got, &t, NULL), MI_RESULT_OK);
    CHECK(str_is(name, "cust"));
    CHECK_EQ_INT(MI_OperationOptions_SetString(&o, "s", "v", 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetString(&o, "s", "v", 1), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_GetString(&o, "s", &s, &idx, &flags), MI_RESULT_OK);
    CHECK(str_is(s, "v"));
    CHECK_EQ_INT(MI_OperationOptions_SetNumber(&o, "n", 3, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_SetNumber(&o, CH, 9, 0), MI_RESULT_OK); /* a channel */
    CHECK_EQ_INT(MI_OperationOptions_GetNumber(&o, "n", &n, &idx, &flags), MI_RESULT_OK);
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(MI_OperationOptions_GetOptionCount(&o, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 8); /* PUM ACK PA RA CH cust s n */
    MI_OperationOptions copy = MI_OPERATIONOPTIONS_NULL;
    CHECK_EQ_INT(MI_OperationOptions_Clone(&o, &copy), MI_RESULT_OK);
    CHECK_EQ_INT(MI_OperationOptions_GetEnabledChannels(&copy, ch, 8, &count, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(count, 3);
    CHECK_EQ_INT(MI_OperationOptions_SetCustomOption(&noft, "x", MI_SINT64, &v, MI_TRUE), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_GetOption(&noft, "cust", &got, &t, NULL, NULL), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_GetOptionAt(&noft, 0, &name, &got, &t, NULL), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_SetString(&noft, "s", "v", 0), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_GetString(&noft, "s", &s, NULL, NULL), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_SetNumber(&noft, "n", 1, 0), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_GetNumber(&noft, "n", &n, NULL, NULL), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_GetOptionCount(&noft, &count), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_Clone(&noft, &copy), INVALID);
    CHECK_EQ_INT(MI_OperationOptions_Clone(NULL, &copy), INVALID);
    MI_OperationOptions_Delete(&noft);
    MI_OperationOptions_Delete(NULL);
    CHECK_EQ_INT(MI_OperationOptions_GetOptionCount(&o, &count), MI_RESULT_OK); /* still alive */
    MI_OperationOptions_Delete(&o);
    CHECK_EQ_INT(MI_OperationOptions_GetOptionCount(&o, &count), INVALID);
    MI_OperationOptions_Delete(&copy);
    MI_OperationOptions_Delete(&w);
}

/* ---- subscription delivery options -------------------------------------------------------- */

static void test_subscription_helpers(void)
{
#define S MI_SubscriptionDeliveryOptions, SFT, new_sub, del_s
    APPLY(INTERVAL_HELPER, S, MI_SubscriptionDeliveryOptions_SetMaximumLatency,
                    MI_SubscriptionDeliveryOptions_GetMaximumLatency,
                    "__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_MAXIMUM_LATENCY");
    APPLY(INTERVAL_HELPER, S, MI_SubscriptionDeliveryOptions_SetHeartbeatInterval,
                    MI_SubscriptionDeliveryOptions_GetHeartbeatInterval,
                    "__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_HEARTBEAT_INTERVAL");
    APPLY(INTERVAL_HELPER, S, MI_SubscriptionDeliveryOptions_SetDeliveryRetryInterval,
                    MI_SubscriptionDeliveryOptions_GetDeliveryRetryInterval,
                    "__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_RETRY_INTERVAL");
    APPLY(STRING_HELPER, S, MI_SubscriptionDeliveryOptions_SetBookmark, MI_SubscriptionDeliveryOptions_GetBookmark,
                  "__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_BOOKMARK");
    APPLY(STRING_HELPER, S, MI_SubscriptionDeliveryOptions_SetDeliveryDestination,
                  MI_SubscriptionDeliveryOptions_GetDeliveryDestination,
                  "__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_DESTINATION");
    APPLY(U32_HELPER, S, MI_SubscriptionDeliveryOptions_SetDeliveryPortNumber,
               MI_SubscriptionDeliveryOptions_GetDeliveryPortNumber,
               "__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_PORT_NUMBER", MI_Uint32);
    APPLY(U32_HELPER, S, MI_SubscriptionDeliveryOptions_SetDeliveryRetryAttempts,
               MI_SubscriptionDeliveryOptions_GetDeliveryRetryAttempts,
               "__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_DELIVERY_RETRY_ATTEMPTS", MI_Uint32);
    APPLY(CREDENTIAL_HELPER, S, MI_SubscriptionDeliveryOptions_AddDeliveryCredentials,
                      "__MI_SUBSCRIPTIONDELIVERYOPTIONS_ADD_DELIVERY_CREDENTIALS");
#undef S

    SECTION("MI_SubscriptionDeliveryOptions_SetExpirationTime / GetExpirationTime");
    const char *EXP = "__MI_SUBSCRIPTIONDELIVERYOPTIONS_SET_EXPIRATION_TIME";
    MI_SubscriptionDeliveryOptions s = new_sub(), w = new_sub(), noft;
    MI_Datetime when = timestamp(2031, 7, 8, 90), other = timestamp(1970, 1, 1, 0), got;
    MI_Interval iv = interval(3, 0, 0, 0, 0);
    MI_Uint32 idx = 99;
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetExpirationTime(&s, &got), MI_RESULT_NO_SUCH_PROPERTY);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetExpirationTime(&s, &when), MI_RESULT_OK);
    memset(&got, 0, sizeof got);
    CHECK_EQ_INT(SFT->GetDateTime(&s, EXP, &got, &idx, NULL), MI_RESULT_OK);
    CHECK(timestamp_is(got, when) && idx == 0);
    CHECK_EQ_INT(SFT->SetDateTime(&s, EXP, &other, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions__GetExpirationTime(&s, &got), MI_RESULT_OK); /* the alias */
    CHECK(timestamp_is(got, other));
    CHECK_EQ_INT(SFT->SetInterval(&s, EXP, &iv, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetExpirationTime(&s, &got), MI_RESULT_OK);
    CHECK(got.isTimestamp == 0 && interval_is(got.u.interval, iv));
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetExpirationTime(&s, NULL), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetExpirationTime(&s, NULL), INVALID);
    CHECK_EQ_INT(SFT->SetString(&w, EXP, "text", 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetExpirationTime(&w, &got), MI_RESULT_TYPE_MISMATCH);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions__SetExpirationTime(&w, &when), MI_RESULT_TYPE_MISMATCH);
    noft = s;
    noft.ft = NULL;
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetExpirationTime(&noft, &when), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetExpirationTime(&noft, &got), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetExpirationTime(NULL, &when), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetExpirationTime(NULL, &got), INVALID);

    SECTION("MI_SubscriptionDeliveryOptions generic wrappers");
    const MI_Char *str = NULL, *name = NULL;
    MI_Uint32 n = 0, count = 0, flags = 99, len = 0;
    MI_Interval giv;
    MI_Value v;
    MI_Type t;
    MI_Char pw[8];
    MI_UserCredentials c = user_creds(MI_AUTH_TYPE_BASIC, NULL, "u", "pw"), out;
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetString(&s, "str", "v", 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetString(&s, "str", &str, &idx, &flags), MI_RESULT_OK);
    CHECK(str_is(str, "v") && idx == 1 && flags == 0);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetNumber(&s, "n", 6, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetNumber(&s, "n", &n, &idx, NULL), MI_RESULT_OK);
    CHECK(n == 6 && idx == 2);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetDateTime(&s, "dt", &when, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetDateTime(&s, "dt", &got, NULL, NULL), MI_RESULT_OK);
    CHECK(timestamp_is(got, when));
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetInterval(&s, "iv", &iv, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetInterval(&s, "iv", &giv, NULL, NULL), MI_RESULT_OK);
    CHECK(interval_is(giv, iv));
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetOptionCount(&s, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 5);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetOptionAt(&s, 2, &name, &v, &t, NULL), MI_RESULT_OK);
    CHECK(str_is(name, "n") && t == MI_UINT32 && v.uint32 == 6);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetOption(&s, "dt", &v, &t, NULL, NULL), MI_RESULT_OK);
    CHECK(t == MI_DATETIME && timestamp_is(v.datetime, when));
    CHECK_EQ_INT(SFT->AddCredentials(&s, "c", &c, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetCredentialsCount(&s, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 1);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetCredentialsAt(&s, 0, &name, &out, NULL), MI_RESULT_OK);
    CHECK(str_is(name, "c") && str_is(out.credentials.usernamePassword.username, "u"));
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetCredentialsPasswordAt(&s, 0, &name, pw, 8, &len, NULL),
                 MI_RESULT_OK);
    CHECK(str_is(pw, "pw"));
    MI_SubscriptionDeliveryOptions copy = MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL;
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_Clone(&s, &copy), MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetString(&noft, "a", "b", 0), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetNumber(&noft, "a", 1, 0), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetDateTime(&noft, "a", &when, 0), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_SetInterval(&noft, "a", &iv, 0), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetString(&noft, "str", &str, NULL, NULL), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetNumber(&noft, "n", &n, NULL, NULL), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetDateTime(&noft, "dt", &got, NULL, NULL), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetInterval(&noft, "iv", &giv, NULL, NULL), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetOptionCount(&noft, &count), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetOptionAt(&noft, 0, &name, &v, &t, NULL), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetOption(&noft, "n", &v, &t, NULL, NULL), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetCredentialsCount(&noft, &count), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetCredentialsAt(&noft, 0, &name, &out, NULL), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetCredentialsPasswordAt(&noft, 0, &name, pw, 8, &len, NULL),
                 INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_Clone(&noft, &copy), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_Delete(&noft), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_Delete(NULL), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetOptionCount(&s, &count), MI_RESULT_OK); /* alive */
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_Delete(&s), MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_Delete(&s), INVALID);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_GetOptionCount(&copy, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 5);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_Delete(&copy), MI_RESULT_OK);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_Delete(&w), MI_RESULT_OK);
}

/* ---- MI_Application_New*Options exports ----------------------------------------------------- */

static int all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0) return 0;
    }
    return 1;
}

static void test_application_exports(void)
{
    SECTION("MI_Application_New*Options: exports, and the memset fallback");
    MI_DestinationOptions d;
    MI_OperationOptions o;
    MI_SubscriptionDeliveryOptions s;
    CHECK_EQ_INT(MI_Application_NewDestinationOptions(&oc_app, &d), MI_RESULT_OK);
    CHECK(d.ft == DFT);
    CHECK_EQ_INT(MI_Application_NewOperationOptions(&oc_app, MI_TRUE, &o), MI_RESULT_OK);
    CHECK(o.ft == OFT);
    CHECK_EQ_INT(MI_Application_NewSubscriptionDeliveryOptions(&oc_app, MI_SubscriptionDeliveryType_Push, &s),
                 MI_RESULT_OK);
    CHECK(s.ft == SFT);
    MI_DestinationOptions_Delete(&d);
    MI_OperationOptions_Delete(&o);
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_Delete(&s), MI_RESULT_OK);

    MI_Application noft = oc_app;
    noft.ft = NULL;
    memset(&d, 0xAB, sizeof d);
    memset(&o, 0xAB, sizeof o);
    memset(&s, 0xAB, sizeof s);
    CHECK_EQ_INT(MI_Application_NewDestinationOptions(NULL, &d), INVALID);
    CHECK(all_zero(&d, sizeof d));
    CHECK_EQ_INT(MI_Application_NewOperationOptions(NULL, MI_FALSE, &o), INVALID);
    CHECK(all_zero(&o, sizeof o));
    CHECK_EQ_INT(MI_Application_NewSubscriptionDeliveryOptions(NULL, 1, &s), INVALID);
    CHECK(all_zero(&s, sizeof s));
    memset(&d, 0xAB, sizeof d);
    memset(&o, 0xAB, sizeof o);
    memset(&s, 0xAB, sizeof s);
    CHECK_EQ_INT(MI_Application_NewDestinationOptions(&noft, &d), INVALID);
    CHECK(all_zero(&d, sizeof d));
    CHECK_EQ_INT(MI_Application_NewOperationOptions(&noft, MI_FALSE, &o), INVALID);
    CHECK(all_zero(&o, sizeof o));
    CHECK_EQ_INT(MI_Application_NewSubscriptionDeliveryOptions(&noft, 1, &s), INVALID);
    CHECK(all_zero(&s, sizeof s));
    CHECK_EQ_INT(MI_Application_NewDestinationOptions(NULL, NULL), INVALID);
    CHECK_EQ_INT(MI_Application_NewDestinationOptions(&oc_app, NULL), INVALID);
    CHECK_EQ_INT(MI_Application_NewOperationOptions(&oc_app, MI_FALSE, NULL), INVALID);
    CHECK_EQ_INT(MI_Application_NewSubscriptionDeliveryOptions(&oc_app, 1, NULL), INVALID);
    CHECK_EQ_INT(MI_Application_NewSubscriptionDeliveryOptions(&oc_app, 0, &s), INVALID);
    CHECK(s.ft == SFT); /* through the library: left safe to delete */
    CHECK_EQ_INT(MI_SubscriptionDeliveryOptions_Delete(&s), INVALID);
}

int main(void)
{
    tu_watchdog(60);
    oc_init("options_helpers");
    test_destination_helpers();
    test_operation_helpers();
    test_subscription_helpers();
    test_application_exports();
    oc_close();
    TEST_MAIN_END();
}
