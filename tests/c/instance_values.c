/*
 * instance_values.c - every MI_Type through an instance (issue 4): a round trip of each of
 * the 16 scalar types (datetime as timestamp and as interval), each of the 16 array types
 * with 0, 1 and many elements, embedded instances three deep, clone equality, delete of a
 * clone or of the original leaving the other intact, and MI_FLAG_BORROW / MI_FLAG_ADOPT /
 * MI_FLAG_NULL. Written as a plain client of include/mi.h.
 */
#include "instance_common.h"

/* Adds `name` = *v of type t, reads it back by name and by index, checks type, flags and
 * (deep) value equality. Returns the stored value (pointers into the instance). */
static MI_Value roundtrip(MI_Instance *inst, const MI_Char *name, MI_Type t, const MI_Value *v)
{
    MI_Value out;
    memset(&out, 0, sizeof out);
    CHECK_EQ_INT(MI_Instance_AddElement(inst, name, v, t, 0), MI_RESULT_OK);
    MI_Type got_t = 99;
    MI_Uint32 flags = 99, index = 999;
    if (CHECK_EQ_INT(MI_Instance_GetElement(inst, name, &out, &got_t, &flags, &index), MI_RESULT_OK)) {
        CHECK_EQ_INT(got_t, t);
        CHECK_EQ_INT(flags, 0);
        if (!CHECK(value_eq(t, v, &out))) {
            fprintf(stderr, "  value of type %u differs after the round trip\n", (unsigned)t);
        }
        const MI_Char *name_at = NULL;
        MI_Value at;
        MI_Type t_at = 99;
        CHECK_EQ_INT(MI_Instance_GetElementAt(inst, index, &name_at, &at, &t_at, NULL), MI_RESULT_OK);
        CHECK(name_at != NULL && strcmp(name_at, name) == 0);
        CHECK_EQ_INT(t_at, t);
        CHECK(value_eq(t, v, &at));
    }
    return out;
}

static void scalars(void)
{
    SECTION("the 16 scalar types");
    MI_Instance *inst = new_dynamic(MI_T("Test_Scalars"));
    MI_Value v;
#define SCALAR(NAME, T, M, X)                                                             \
    do {                                                                                  \
        memset(&v, 0, sizeof v);                                                          \
        v.M = (X);                                                                        \
        roundtrip(inst, MI_T(NAME), T, &v);                                               \
    } while (0)
    SCALAR("b", MI_BOOLEAN, boolean, MI_TRUE);
    SCALAR("u8", MI_UINT8, uint8, 250);
    SCALAR("s8", MI_SINT8, sint8, -120);
    SCALAR("u16", MI_UINT16, uint16, 65000);
    SCALAR("s16", MI_SINT16, sint16, -32000);
    SCALAR("u32", MI_UINT32, uint32, 4000000000u);
    SCALAR("s32", MI_SINT32, sint32, -2000000000);
    SCALAR("u64", MI_UINT64, uint64, 18000000000000000000ull);
    SCALAR("s64", MI_SINT64, sint64, -9000000000000000000ll);
    SCALAR("r32", MI_REAL32, real32, 3.5f);
    SCALAR("r64", MI_REAL64, real64, -1.0e300);
    SCALAR("c16", MI_CHAR16, char16, 0x263A);
#undef SCALAR

    /* Datetime as a timestamp and as an interval. */
    memset(&v, 0, sizeof v);
    v.datetime.isTimestamp = MI_TRUE;
    v.datetime.u.timestamp.year = 2024;
    v.datetime.u.timestamp.month = 2;
    v.datetime.u.timestamp.day = 29;
    v.datetime.u.timestamp.hour = 23;
    v.datetime.u.timestamp.minute = 59;
    v.datetime.u.timestamp.second = 58;
    v.datetime.u.timestamp.microseconds = 123456;
    v.datetime.u.timestamp.utc = -480;
    MI_Value ts = roundtrip(inst, MI_T("ts"), MI_DATETIME, &v);
    CHECK_EQ_INT(ts.datetime.isTimestamp, MI_TRUE);
    CHECK_EQ_INT(ts.datetime.u.timestamp.utc, -480);
    memset(&v, 0, sizeof v);
    v.datetime.isTimestamp = MI_FALSE;
    v.datetime.u.interval.days = 12345;
    v.datetime.u.interval.hours = 23;
    v.datetime.u.interval.minutes = 1;
    v.datetime.u.interval.seconds = 2;
    v.datetime.u.interval.microseconds = 999999;
    MI_Value iv = roundtrip(inst, MI_T("iv"), MI_DATETIME, &v);
    CHECK_EQ_INT(iv.datetime.isTimestamp, MI_FALSE);
    CHECK_EQ_INT(iv.datetime.u.interval.days, 12345);

    /* A string is copied: the stored pointer is not the caller's, and changing the
     * caller's buffer afterwards changes nothing. */
    char text[] = "h\xc3\xa9llo, world";
    memset(&v, 0, sizeof v);
    v.string = text;
    MI_Value s = roundtrip(inst, MI_T("str"), MI_STRING, &v);
    CHECK(s.string != text);
    text[0] = 'X';
    CHECK(strcmp(s.string, "h\xc3\xa9llo, world") == 0);
    /* String values are bytes: invalid UTF-8 is copied as given. */
    char raw[] = "\xff\xfe";
    v.string = raw;
    MI_Value r = roundtrip(inst, MI_T("raw"), MI_STRING, &v);
    CHECK(memcmp(r.string, "\xff\xfe", 3) == 0);
    char empty[] = "";
    v.string = empty;
    roundtrip(inst, MI_T("empty"), MI_STRING, &v);

    /* Reference and embedded instance: deep copies. */
    MI_Instance *inner = new_dynamic(MI_T("Test_Inner"));
    MI_Value iv2;
    memset(&iv2, 0, sizeof iv2);
    iv2.uint32 = 7;
    CHECK_EQ_INT(MI_Instance_AddElement(inner, MI_T("n"), &iv2, MI_UINT32, MI_FLAG_KEY), MI_RESULT_OK);
    memset(&v, 0, sizeof v);
    v.instance = inner;
    MI_Value e = roundtrip(inst, MI_T("emb"), MI_INSTANCE, &v);
    CHECK(e.instance != inner);
    memset(&v, 0, sizeof v);
    v.reference = inner;
    MI_Value ref = roundtrip(inst, MI_T("ref"), MI_REFERENCE, &v);
    CHECK(ref.reference != inner && ref.reference != e.instance);
    delete_instance(inner); /* the copies live on */
    MI_Value n;
    CHECK_EQ_INT(MI_Instance_GetElement(e.instance, MI_T("n"), &n, NULL, NULL, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(n.uint32, 7);
    const MI_Char *cn = NULL;
    CHECK_EQ_INT(MI_Instance_GetClassName(ref.reference, &cn), MI_RESULT_OK);
    CHECK(cn != NULL && strcmp(cn, "Test_Inner") == 0);

    MI_Uint32 count = 0;
    CHECK_EQ_INT(MI_Instance_GetElementCount(inst, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 19);
    delete_instance(inst);
}

/* One array type with 0, 1 and 7 elements; `fill(buf, i)` writes element i. */
#define ARRAY_CASE(T, M, CT, INIT)                                                        \
    do {                                                                                  \
        static const unsigned sizes[] = {0, 1, 7};                                        \
        for (unsigned k = 0; k < 3; k++) {                                                \
            CT buf[7];                                                                    \
            for (unsigned i = 0; i < 7; i++) {                                            \
                INIT;                                                                     \
            }                                                                             \
            MI_Value v;                                                                   \
            memset(&v, 0, sizeof v);                                                      \
            v.M.data = sizes[k] ? buf : NULL;                                             \
            v.M.size = sizes[k];                                                          \
            char name[32];                                                                \
            snprintf(name, sizeof name, "a%u_%u", (unsigned)(T), sizes[k]);               \
            MI_Value out = roundtrip(inst, name, (T), &v);                                \
            CHECK_EQ_INT(out.M.size, sizes[k]);                                           \
            if (sizes[k] > 0) {                                                           \
                CHECK(out.M.data != NULL && (void *)out.M.data != (void *)buf);           \
            }                                                                             \
        }                                                                                 \
    } while (0)

static void arrays(void)
{
    SECTION("the 16 array types with 0, 1 and 7 elements");
    MI_Instance *inst = new_dynamic(MI_T("Test_Arrays"));
    ARRAY_CASE(MI_BOOLEANA, booleana, MI_Boolean, buf[i] = (MI_Boolean)(i % 2));
    ARRAY_CASE(MI_UINT8A, uint8a, MI_Uint8, buf[i] = (MI_Uint8)(200 + i));
    ARRAY_CASE(MI_SINT8A, sint8a, MI_Sint8, buf[i] = (MI_Sint8)(-100 - (int)i));
    ARRAY_CASE(MI_UINT16A, uint16a, MI_Uint16, buf[i] = (MI_Uint16)(60000 + i));
    ARRAY_CASE(MI_SINT16A, sint16a, MI_Sint16, buf[i] = (MI_Sint16)(-30000 - (int)i));
    ARRAY_CASE(MI_UINT32A, uint32a, MI_Uint32, buf[i] = 4000000000u + i);
    ARRAY_CASE(MI_SINT32A, sint32a, MI_Sint32, buf[i] = -2000000000 + (int)i);
    ARRAY_CASE(MI_UINT64A, uint64a, MI_Uint64, buf[i] = 0xFFFFFFFF00000000ull + i);
    ARRAY_CASE(MI_SINT64A, sint64a, MI_Sint64, buf[i] = -(MI_Sint64)i * 1000000000000ll);
    ARRAY_CASE(MI_REAL32A, real32a, MI_Real32, buf[i] = 0.5f * (float)i);
    ARRAY_CASE(MI_REAL64A, real64a, MI_Real64, buf[i] = 1e-300 * (double)(i + 1));
    ARRAY_CASE(MI_CHAR16A, char16a, MI_Char16, buf[i] = (MI_Char16)(0x4E00 + i));
    ARRAY_CASE(MI_DATETIMEA, datetimea, MI_Datetime, {
        memset(&buf[i], 0, sizeof buf[i]);
        buf[i].isTimestamp = i % 2;
        buf[i].u.interval.days = i;
        buf[i].u.interval.seconds = 59 - i;
    });
    char strs[7][8];
    ARRAY_CASE(MI_STRINGA, stringa, MI_Char *, {
        snprintf(strs[i], sizeof strs[i], "s%u", i);
        buf[i] = strs[i];
    });
    MI_Instance *elems[7];
    for (unsigned i = 0; i < 7; i++) {
        elems[i] = new_dynamic(MI_T("Test_Elem"));
        MI_Value x;
        memset(&x, 0, sizeof x);
        x.uint32 = i;
        CHECK_EQ_INT(MI_Instance_AddElement(elems[i], MI_T("i"), &x, MI_UINT32, 0), MI_RESULT_OK);
    }
    ARRAY_CASE(MI_REFERENCEA, referencea, MI_Instance *, buf[i] = elems[i]);
    ARRAY_CASE(MI_INSTANCEA, instancea, MI_Instance *, buf[i] = elems[i]);
    for (unsigned i = 0; i < 7; i++) {
        delete_instance(elems[i]);
    }
    /* The copies of the embedded instances outlive the originals. */
    MI_Value out;
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("a31_7"), &out, NULL, NULL, NULL), MI_RESULT_OK);
    if (CHECK_EQ_INT(out.instancea.size, 7)) {
        MI_Value x;
        CHECK_EQ_INT(MI_Instance_GetElement(out.instancea.data[6], MI_T("i"), &x, NULL, NULL, NULL),
                     MI_RESULT_OK);
        CHECK_EQ_INT(x.uint32, 6);
    }
    /* A large array. */
    static MI_Uint64 big[100000];
    for (unsigned i = 0; i < 100000; i++) big[i] = (MI_Uint64)i * i;
    MI_Value bv;
    memset(&bv, 0, sizeof bv);
    bv.uint64a.data = big;
    bv.uint64a.size = 100000;
    roundtrip(inst, MI_T("big"), MI_UINT64A, &bv);
    /* Arrays with NULL elements: strings and instances may be NULL inside. */
    MI_Char *with_null[2] = {NULL, (MI_Char *)"x"};
    MI_Value nv;
    memset(&nv, 0, sizeof nv);
    nv.stringa.data = with_null;
    nv.stringa.size = 2;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("sn"), &nv, MI_STRINGA, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("sn"), &out, NULL, NULL, NULL), MI_RESULT_OK);
    CHECK(out.stringa.size == 2 && out.stringa.data[0] == NULL && strcmp(out.stringa.data[1], "x") == 0);
    /* NULL data with a non-zero size is refused. */
    nv.stringa.data = NULL;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("bad"), &nv, MI_STRINGA, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("bad"), NULL, NULL, NULL, NULL), MI_RESULT_NO_SUCH_PROPERTY);

    /* Clone equality over all the arrays, and the clone is independent. */
    MI_Instance *clone = NULL;
    CHECK_EQ_INT(MI_Instance_Clone(inst, &clone), MI_RESULT_OK);
    CHECK(clone != NULL && clone != inst);
    CHECK(instances_eq(inst, clone));
    delete_instance(inst);
    MI_Uint32 count = 0;
    CHECK_EQ_INT(MI_Instance_GetElementCount(clone, &count), MI_RESULT_OK);
    CHECK_EQ_INT(count, 16 * 3 + 2);
    delete_instance(clone);
}

/* top -> l1 -> l2 -> l3 (a string), built inside out and read back outside in. */
static void three_deep(void)
{
    SECTION("embedded instances three deep, clones and deletes");
    MI_Instance *l3 = new_dynamic(MI_T("L3"));
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.string = (MI_Char *)"leaf";
    CHECK_EQ_INT(MI_Instance_AddElement(l3, MI_T("s"), &v, MI_STRING, 0), MI_RESULT_OK);
    MI_Instance *l2 = new_dynamic(MI_T("L2"));
    v.instance = l3;
    CHECK_EQ_INT(MI_Instance_AddElement(l2, MI_T("down"), &v, MI_INSTANCE, 0), MI_RESULT_OK);
    MI_Instance *l1 = new_dynamic(MI_T("L1"));
    v.instance = l2;
    CHECK_EQ_INT(MI_Instance_AddElement(l1, MI_T("down"), &v, MI_INSTANCE, 0), MI_RESULT_OK);
    MI_Instance *top = new_dynamic(MI_T("Top"));
    v.instance = l1;
    CHECK_EQ_INT(MI_Instance_AddElement(top, MI_T("down"), &v, MI_INSTANCE, 0), MI_RESULT_OK);
    delete_instance(l3);
    delete_instance(l2);
    delete_instance(l1);

    MI_Instance *clone = NULL;
    CHECK_EQ_INT(MI_Instance_Clone(top, &clone), MI_RESULT_OK);
    CHECK(instances_eq(top, clone));

    /* Deleting the clone leaves the original intact, and the other way round. */
    delete_instance(clone);
    MI_Instance *walk = top;
    for (int depth = 0; depth < 3; depth++) {
        MI_Value d;
        MI_Type t;
        if (!CHECK_EQ_INT(MI_Instance_GetElement(walk, MI_T("DOWN"), &d, &t, NULL, NULL), MI_RESULT_OK)) break;
        CHECK_EQ_INT(t, MI_INSTANCE);
        walk = d.instance;
    }
    MI_Value leaf;
    CHECK_EQ_INT(MI_Instance_GetElement(walk, MI_T("s"), &leaf, NULL, NULL, NULL), MI_RESULT_OK);
    CHECK(strcmp(leaf.string, "leaf") == 0);
    const MI_Char *cn = NULL;
    CHECK_EQ_INT(MI_Instance_GetClassName(walk, &cn), MI_RESULT_OK);
    CHECK(cn != NULL && strcmp(cn, "L3") == 0);

    CHECK_EQ_INT(MI_Instance_Clone(top, &clone), MI_RESULT_OK);
    delete_instance(top);
    MI_Instance *again = NULL;
    CHECK_EQ_INT(MI_Instance_Clone(clone, &again), MI_RESULT_OK);
    CHECK(instances_eq(clone, again));
    delete_instance(again);
    delete_instance(clone);
}

static void ownership_flags(void)
{
    SECTION("MI_FLAG_BORROW, MI_FLAG_ADOPT, MI_FLAG_NULL");
    MI_Instance *inst = new_dynamic(MI_T("Test_Flags"));
    MI_Value v, out;
    MI_Uint32 flags;

    /* BORROW keeps the caller's pointers; a clone copies them. */
    char text[] = "borrowed";
    memset(&v, 0, sizeof v);
    v.string = text;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("b"), &v, MI_STRING, MI_FLAG_BORROW), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("b"), &out, NULL, &flags, NULL), MI_RESULT_OK);
    CHECK(out.string == text);
    CHECK_EQ_INT(flags & (MI_FLAG_BORROW | MI_FLAG_ADOPT | MI_FLAG_NULL), 0);
    MI_Uint32 nums[3] = {1, 2, 3};
    memset(&v, 0, sizeof v);
    v.uint32a.data = nums;
    v.uint32a.size = 3;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("ba"), &v, MI_UINT32A, MI_FLAG_BORROW), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("ba"), &out, NULL, NULL, NULL), MI_RESULT_OK);
    CHECK(out.uint32a.data == nums);
    MI_Instance *clone = NULL;
    CHECK_EQ_INT(MI_Instance_Clone(inst, &clone), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElement(clone, MI_T("b"), &out, NULL, NULL, NULL), MI_RESULT_OK);
    CHECK(out.string != text && strcmp(out.string, "borrowed") == 0);
    CHECK(instances_eq(inst, clone));
    delete_instance(clone);

    /* ADOPT of an instance: the element takes the very pointer and deletes it with the
     * instance (valgrind shows no leak and no double free). */
    MI_Instance *adopted = new_dynamic(MI_T("Adopted"));
    memset(&v, 0, sizeof v);
    v.instance = adopted;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("a"), &v, MI_INSTANCE, MI_FLAG_ADOPT), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("a"), &out, NULL, NULL, NULL), MI_RESULT_OK);
    CHECK(out.instance == adopted);
    /* Replacing the adopted value deletes it; a new one is adopted in its place. */
    MI_Instance *adopted2 = new_dynamic(MI_T("Adopted2"));
    v.instance = adopted2;
    CHECK_EQ_INT(MI_Instance_SetElement(inst, MI_T("a"), &v, MI_INSTANCE, MI_FLAG_ADOPT), MI_RESULT_OK);
    /* Adopting itself, or what it already holds, is refused. */
    v.instance = inst;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("self"), &v, MI_INSTANCE, MI_FLAG_ADOPT),
                 MI_RESULT_INVALID_PARAMETER);
    v.instance = adopted2;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("twice"), &v, MI_INSTANCE, MI_FLAG_ADOPT),
                 MI_RESULT_INVALID_PARAMETER);
    /* A failed adoption leaves ownership with the caller. */
    MI_Instance *keep = new_dynamic(MI_T("Kept"));
    v.instance = keep;
    CHECK_EQ_INT(MI_Instance_SetElement(inst, MI_T("a"), &v, MI_REFERENCE, MI_FLAG_ADOPT), MI_RESULT_TYPE_MISMATCH);
    delete_instance(keep);
    /* ADOPT of a string: copied (the library cannot know the caller's allocator). */
    char mine[] = "mine";
    memset(&v, 0, sizeof v);
    v.string = mine;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("as"), &v, MI_STRING, MI_FLAG_ADOPT), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("as"), &out, NULL, NULL, NULL), MI_RESULT_OK);
    CHECK(out.string != mine && strcmp(out.string, "mine") == 0);
    /* BORROW and ADOPT together make no sense. */
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("both"), &v, MI_STRING, MI_FLAG_BORROW | MI_FLAG_ADOPT),
                 MI_RESULT_INVALID_PARAMETER);

    /* NULL: by flag or by a NULL value pointer; the element exists with MI_FLAG_NULL. */
    memset(&v, 0, sizeof v);
    v.uint32 = 5;
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("n1"), &v, MI_UINT32, MI_FLAG_NULL | MI_FLAG_KEY), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("n2"), NULL, MI_STRINGA, 0), MI_RESULT_OK);
    memset(&v, 0, sizeof v);
    CHECK_EQ_INT(MI_Instance_AddElement(inst, MI_T("n3"), &v, MI_STRING, 0), MI_RESULT_OK);
    MI_Type t;
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("n1"), &out, &t, &flags, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(flags, MI_FLAG_NULL | MI_FLAG_KEY);
    CHECK_EQ_INT(t, MI_UINT32);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("n2"), &out, &t, &flags, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(flags, MI_FLAG_NULL);
    CHECK_EQ_INT(t, MI_STRINGA);
    CHECK(out.stringa.data == NULL && out.stringa.size == 0);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("n3"), &out, NULL, &flags, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(flags, MI_FLAG_NULL);
    /* Setting a value clears the NULL flag and keeps the element's KEY flag. */
    v.uint32 = 9;
    CHECK_EQ_INT(MI_Instance_SetElement(inst, MI_T("N1"), &v, MI_UINT32, 0), MI_RESULT_OK);
    CHECK_EQ_INT(MI_Instance_GetElement(inst, MI_T("n1"), &out, NULL, &flags, NULL), MI_RESULT_OK);
    CHECK_EQ_INT(flags, MI_FLAG_KEY);
    CHECK_EQ_INT(out.uint32, 9);
    delete_instance(inst);
}

int main(void)
{
    tu_watchdog(60);
    app_open();
    scalars();
    arrays();
    three_deep();
    ownership_flags();
    app_close();
    TEST_MAIN_END();
}
