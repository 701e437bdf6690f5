/* Unit tests for OVSDB datums: atom keys, set toggles and map diffs (small
 * cases against their definition, and 80,000-element ones in a fraction of a
 * second), order-free equality, references and map lookups. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "ovsdb/datum.h"
#include "common/util.h"
#include "check_run.h"

#define UA "0b5b3c2e-6a9f-4d0c-9a3a-00000000000a"
#define UB "0b5b3c2e-6a9f-4d0c-9a3a-00000000000b"

static json_t *
j(const char *text)
{
    json_error_t err;
    json_t *v = json_loads(text, JSON_DECODE_ANY, &err);
    ck_assert_msg(v != NULL, "bad JSON in test: %s", text);
    return v;
}

/* Asserts that datum GOT (consumed) equals the datum in text WANT. */
static void
assert_datum(json_t *got, const char *want)
{
    json_t *w = j(want);
    char *g = json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY);
    ck_assert_msg(ovsdb_datum_equal(got, w), "got %s, want %s", g, want);
    free(g);
    json_decref(w);
    json_decref(got);
}

START_TEST(test_atoms_and_keys)
{
    ck_assert(ovsdb_datum_is_uuid(UA));
    ck_assert(!ovsdb_datum_is_uuid("0b5b3c2e-6a9f-4d0c-9a3a-00000000000"));
    ck_assert(!ovsdb_datum_is_uuid("0b5b3c2e+6a9f-4d0c-9a3a-00000000000a"));
    static const char *const atoms[] = { "\"x\"", "1", "1.0", "true", "false",
                                         "[\"uuid\",\"x\"]", "[\"named-uuid\",\"x\"]" };
    for (size_t i = 0; i < ARRAY_SIZE(atoms); i++) {
        json_t *a = j(atoms[i]);
        ck_assert(ovsdb_datum_is_atom(a));
        char *ka = ovsdb_datum_atom_key(a);
        for (size_t k = 0; k < ARRAY_SIZE(atoms); k++) {
            json_t *b = j(atoms[k]);
            char *kb = ovsdb_datum_atom_key(b);
            ck_assert_int_eq(!strcmp(ka, kb), i == k);
            free(kb);
            json_decref(b);
        }
        free(ka);
        json_decref(a);
    }
    json_t *bad = j("[\"set\",[]]");
    ck_assert(!ovsdb_datum_is_atom(bad));
    json_decref(bad);
}
END_TEST

START_TEST(test_set_toggle)
{
    json_t *old = j("[\"set\",[\"a\",\"b\",\"c\"]]");
    json_t *diff = j("[\"set\",[\"b\",\"d\"]]");
    assert_datum(ovsdb_datum_set_toggle(old, diff), "[\"set\",[\"a\",\"c\",\"d\"]]");
    json_decref(diff);
    /* A bare atom on either side; a result of one element is bare. */
    diff = j("\"a\"");
    json_t *z = j("\"z\"");
    assert_datum(ovsdb_datum_set_toggle(z, diff), "[\"set\",[\"a\",\"z\"]]");
    json_decref(z);
    json_t *two = j("[\"set\",[\"a\",\"c\"]]");
    json_t *r = ovsdb_datum_set_toggle(two, diff);
    ck_assert(json_is_string(r));
    ck_assert_str_eq(json_string_value(r), "c");
    json_decref(r);
    json_decref(two);
    json_decref(diff);
    /* Everything removed: the empty set. */
    diff = j("[\"set\",[\"c\",\"b\",\"a\"]]");
    r = ovsdb_datum_set_toggle(old, diff);
    ck_assert(ovsdb_datum_is_tagged(r, "set"));
    ck_assert_uint_eq(json_array_size(json_array_get(r, 1)), 0);
    json_decref(r);
    json_decref(diff);
    json_decref(old);
    /* UUIDs and strings of the same text are different atoms. */
    old = j("[\"set\",[[\"uuid\",\"" UA "\"]]]");
    diff = j("[\"set\",[\"" UA "\"]]");
    assert_datum(ovsdb_datum_set_toggle(old, diff), "[\"set\",[[\"uuid\",\"" UA "\"],\"" UA "\"]]");
    json_decref(old);
    json_decref(diff);
}
END_TEST

START_TEST(test_map_apply)
{
    json_t *old = j("[\"map\",[[\"a\",\"1\"],[\"b\",\"2\"],[\"c\",\"3\"]]]");
    json_t *diff = j("[\"map\",[[\"a\",\"1\"],[\"b\",\"9\"],[\"d\",\"4\"]]]");
    json_t *r = ovsdb_datum_map_apply(old, diff);
    json_t *want = j("[\"map\",[[\"b\",\"9\"],[\"c\",\"3\"],[\"d\",\"4\"]]]");
    ck_assert(json_equal(r, want));   /* and in the order of the old map */
    json_decref(r);
    json_decref(want);
    json_decref(diff);
    ck_assert(ovsdb_datum_map_has(old, "b", "2"));
    ck_assert(!ovsdb_datum_map_has(old, "b", "3"));
    ck_assert(!ovsdb_datum_map_has(old, "z", "2"));
    json_decref(old);
}
END_TEST

START_TEST(test_equal_and_ref)
{
    json_t *a = j("[\"set\",[1,2,3]]"), *b = j("[\"set\",[3,1,2]]"), *c = j("[\"set\",[3,1]]");
    ck_assert(ovsdb_datum_equal(a, b));
    ck_assert(!ovsdb_datum_equal(a, c));
    json_t *atom = j("\"x\""), *set1 = j("[\"set\",[\"x\"]]"), *empty = j("[\"set\",[]]");
    ck_assert(ovsdb_datum_equal(atom, set1));
    ck_assert(ovsdb_datum_equal(NULL, empty));
    ck_assert(!ovsdb_datum_equal(NULL, atom));
    json_t *ref = j("[\"uuid\",\"" UA "\"]"), *ref1 = j("[\"set\",[[\"uuid\",\"" UB "\"]]]");
    ck_assert_str_eq(ovsdb_datum_ref_uuid(ref), UA);
    ck_assert_str_eq(ovsdb_datum_ref_uuid(ref1), UB);
    ck_assert_ptr_null(ovsdb_datum_ref_uuid(empty));
    ck_assert_ptr_null(ovsdb_datum_ref_uuid(atom));
    json_t *vals[] = { a, b, c, atom, set1, empty, ref, ref1 };
    for (size_t i = 0; i < ARRAY_SIZE(vals); i++) {
        json_decref(vals[i]);
    }
}
END_TEST

#define BIG 80000

/* 80,000 elements and keys added, then removed: linear-ish (well within the
 * test's timeout; a quadratic diff takes minutes). */
START_TEST(test_big_diffs)
{
    json_t *uuids = json_array(), *pairs = json_array();
    for (int i = 0; i < BIG; i++) {
        char u[40];
        snprintf(u, sizeof u, "0b5b3c2e-6a9f-4d0c-9a3a-%012x", i);
        json_array_append_new(uuids, json_pack("[s,s]", "uuid", u));
        json_array_append_new(pairs, json_pack("[s+,s+]", "k", u, "v", u));
    }
    json_t *set_diff = json_pack("[s,o]", "set", uuids);
    json_t *map_diff = json_pack("[s,o]", "map", pairs);
    json_t *set0 = j("[\"set\",[]]"), *map0 = j("[\"map\",[]]");

    json_t *set1 = ovsdb_datum_set_toggle(set0, set_diff);
    ck_assert_uint_eq(json_array_size(json_array_get(set1, 1)), BIG);
    json_t *set2 = ovsdb_datum_set_toggle(set1, set_diff);
    ck_assert(ovsdb_datum_equal(set2, set0));
    ck_assert(ovsdb_datum_equal(set1, set_diff));

    json_t *map1 = ovsdb_datum_map_apply(map0, map_diff);
    ck_assert_uint_eq(json_array_size(json_array_get(map1, 1)), BIG);
    ck_assert(ovsdb_datum_map_has(map1, "k0b5b3c2e-6a9f-4d0c-9a3a-000000000007",
                                  "v0b5b3c2e-6a9f-4d0c-9a3a-000000000007"));
    json_t *map2 = ovsdb_datum_map_apply(map1, map_diff);
    ck_assert_uint_eq(json_array_size(json_array_get(map2, 1)), 0);

    json_t *all[] = { set_diff, map_diff, set0, map0, set1, set2, map1, map2 };
    for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
        json_decref(all[i]);
    }
}
END_TEST

CHECK_MAIN(
    .name = "ovsdb_datum",
    .timeout = 60,   /* a sanitizer build is slow; a quadratic diff takes minutes */
    .tests = CHECK_TESTS(test_atoms_and_keys, test_set_toggle, test_map_apply, test_equal_and_ref,
                         test_big_diffs))
