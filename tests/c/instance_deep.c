/*
 * instance_deep.c - deep embedding (docs/STATUS.md "Instances: decisions"): at most 64
 * instances nested in one another, the outermost included. Adopting, copying or
 * borrowing a value that would nest deeper is MI_RESULT_INVALID_PARAMETER and the caller
 * keeps its value; a nest grown past the limit through GetElement's pointers is still
 * cloned (refused), checked and freed without recursion. Before the limit a chain
 * thousands deep overflowed the stack.
 */
#include "instance_common.h"

#define LIMIT 64

static MI_Result embed(MI_Instance *outer, MI_Instance *inner, MI_Uint32 flags)
{
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.instance = inner;
    return MI_Instance_AddElement(outer, MI_T("Inner"), &v, MI_INSTANCE, flags);
}

/* Element 0 of `p` when it is an embedded instance, else NULL. */
static MI_Instance *inner_of(const MI_Instance *p)
{
    MI_Value v;
    MI_Type t;
    MI_Uint32 f;
    if (MI_Instance_GetElementAt(p, 0, NULL, &v, &t, &f) != MI_RESULT_OK || t != MI_INSTANCE)
        return NULL;
    return (f & MI_FLAG_NULL) ? NULL : v.instance;
}

static MI_Instance *leaf_of(MI_Instance *p)
{
    MI_Instance *next;
    while ((next = inner_of(p)) != NULL)
        p = next;
    return p;
}

static long levels_of(const MI_Instance *p)
{
    long n = 0;
    for (; p != NULL; p = inner_of(p))
        n++;
    return n;
}

/* `levels` instances, each adopted by the next; the outermost. */
static MI_Instance *chain(int levels)
{
    MI_Instance *top = new_dynamic(MI_T("Level"));
    for (int i = 1; i < levels; i++) {
        MI_Instance *outer = new_dynamic(MI_T("Level"));
        if (!CHECK_EQ_INT(embed(outer, top, MI_FLAG_ADOPT), MI_RESULT_OK))
            abort();
        top = outer;
    }
    return top;
}

static void refused_past_the_limit(void)
{
    SECTION("adoption past the limit is refused, the caller keeps the value");
    MI_Instance *top = new_dynamic(MI_T("Level"));
    int refused_at = 0;
    for (int level = 2; level <= 10000; level++) {
        MI_Instance *outer = new_dynamic(MI_T("Level"));
        MI_Result r = embed(outer, top, MI_FLAG_ADOPT);
        if (r != MI_RESULT_OK) {
            CHECK_EQ_INT(r, MI_RESULT_INVALID_PARAMETER);
            MI_Uint32 count = 99;
            CHECK_EQ_INT(MI_Instance_GetElementCount(outer, &count), MI_RESULT_OK);
            CHECK_EQ_INT(count, 0);
            delete_instance(outer);
            refused_at = level;
            break;
        }
        top = outer;
    }
    CHECK_EQ_INT(refused_at, LIMIT + 1);
    CHECK_EQ_INT(levels_of(top), LIMIT);

    SECTION("copy, borrow and instance arrays count the same way");
    MI_Instance *other = new_dynamic(MI_T("Other"));
    CHECK_EQ_INT(embed(other, top, 0), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(embed(other, top, MI_FLAG_BORROW), MI_RESULT_INVALID_PARAMETER);
    MI_Instance *list[2] = {new_dynamic(MI_T("Flat")), top};
    MI_Value v;
    memset(&v, 0, sizeof v);
    v.instancea.data = list;
    v.instancea.size = 2;
    CHECK_EQ_INT(MI_Instance_AddElement(other, MI_T("List"), &v, MI_INSTANCEA, 0), MI_RESULT_INVALID_PARAMETER);
    v.instancea.size = 1;
    CHECK_EQ_INT(MI_Instance_AddElement(other, MI_T("List"), &v, MI_INSTANCEA, 0), MI_RESULT_OK);
    delete_instance(list[0]);
    delete_instance(other);
    /* One level less fits, by copy. */
    other = new_dynamic(MI_T("Other"));
    CHECK_EQ_INT(embed(other, inner_of(top), 0), MI_RESULT_OK);
    CHECK_EQ_INT(levels_of(other), LIMIT);
    /* SetElement is checked like AddElement. */
    memset(&v, 0, sizeof v);
    v.instance = top;
    CHECK_EQ_INT(MI_Instance_SetElement(other, MI_T("Inner"), &v, MI_INSTANCE, MI_FLAG_ADOPT), MI_RESULT_INVALID_PARAMETER);
    CHECK_EQ_INT(levels_of(other), LIMIT);
    /* The whole chain clones, and the copy is as deep. */
    MI_Instance *copy = NULL;
    CHECK_EQ_INT(MI_Instance_Clone(top, &copy), MI_RESULT_OK);
    CHECK_EQ_INT(levels_of(copy), LIMIT);
    delete_instance(copy);
    delete_instance(other);
    delete_instance(top);
}

static void grown_through_inner_pointers(int rounds)
{
    SECTION("a nest grown past the limit through inner pointers");
    MI_Instance *top = chain(LIMIT);
    MI_Instance *leaf = leaf_of(top);
    for (int i = 0; i < rounds; i++) {
        MI_Instance *more = chain(LIMIT - 1);
        MI_Instance *next = leaf_of(more);
        if (!CHECK_EQ_INT(embed(leaf, more, MI_FLAG_ADOPT), MI_RESULT_OK))
            return;
        leaf = next;
    }
    CHECK_EQ_INT(levels_of(top), LIMIT + (long)rounds * (LIMIT - 1));
    /* The cycle check walks all of it. */
    CHECK_EQ_INT(embed(leaf, top, MI_FLAG_ADOPT), MI_RESULT_INVALID_PARAMETER);
    MI_Instance *other = new_dynamic(MI_T("Other"));
    CHECK_EQ_INT(embed(other, top, MI_FLAG_ADOPT), MI_RESULT_INVALID_PARAMETER);
    delete_instance(other);
    MI_Instance *copy = (MI_Instance *)1;
    CHECK_EQ_INT(MI_Instance_Clone(top, &copy), MI_RESULT_SERVER_LIMITS_EXCEEDED);
    CHECK(copy == NULL);
    /* Destruct of a middle level frees what is below it. */
    MI_Instance *mid = inner_of(inner_of(inner_of(top)));
    CHECK_EQ_INT(MI_Instance_Destruct(mid), MI_RESULT_OK);
    CHECK_EQ_INT(levels_of(top), 4);
    delete_instance(top);

    SECTION("a deep nest freed at once");
    top = chain(LIMIT);
    leaf = leaf_of(top);
    for (int i = 0; i < rounds; i++) {
        MI_Instance *more = chain(LIMIT - 1);
        MI_Instance *next = leaf_of(more);
        CHECK_EQ_INT(embed(leaf, more, MI_FLAG_ADOPT), MI_RESULT_OK);
        leaf = next;
    }
    delete_instance(top);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    tu_watchdog(120);
    app_open();
    refused_past_the_limit();
    const char *r = getenv("MI_TEST_DEEP_ROUNDS");
    grown_through_inner_pointers(r != NULL ? atoi(r) : 300);
    app_close();
    TEST_MAIN_END();
}
