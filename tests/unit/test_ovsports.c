/* Unit tests for ovsports: the interfaces of bridges with an sFlow row,
 * from replica tables written as JSON; malformed rows are skipped. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ovsports/ovsports.h"
#include "check_run.h"

/* Two bridges: br0 with an sFlow row (ports br0 = internal, vm1, bond of
 * eth1+eth2), br1 without (port vm9). */
static const char *const tables =
    "{\"Bridge\": {"
    "  \"b0\": {\"name\": \"br0\", \"sflow\": [\"uuid\", \"s0\"],"
    "          \"ports\": [\"set\", [[\"uuid\", \"p0\"], [\"uuid\", \"p1\"], [\"uuid\", \"p2\"]]]},"
    "  \"b1\": {\"name\": \"br1\", \"sflow\": [\"set\", []], \"ports\": [\"uuid\", \"p9\"]}},"
    " \"Port\": {"
    "  \"p0\": {\"name\": \"br0\", \"interfaces\": [\"uuid\", \"i0\"]},"
    "  \"p1\": {\"name\": \"vm1\", \"interfaces\": [\"uuid\", \"i1\"]},"
    "  \"p2\": {\"name\": \"bond0\", \"interfaces\": [\"set\", [[\"uuid\", \"i2\"], [\"uuid\", \"i3\"]]]},"
    "  \"p9\": {\"name\": \"vm9\", \"interfaces\": [\"uuid\", \"i9\"]}},"
    " \"Interface\": {"
    "  \"i0\": {\"name\": \"br0\", \"ifindex\": 7},"
    "  \"i1\": {\"name\": \"vm1\", \"ifindex\": 12},"
    "  \"i2\": {\"name\": \"eth1\", \"ifindex\": [\"set\", []]},"
    "  \"i3\": {\"name\": \"eth2\", \"ifindex\": [\"set\", [3]]},"
    "  \"i9\": {\"name\": \"vm9\", \"ifindex\": 20}}}";

static json_t *
load(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    ck_assert_msg(j != NULL, "%s", e.text);
    return j;
}

static void
compute(const json_t *t, struct ovsports *out)
{
    ovsports_compute(json_object_get(t, "Bridge"), json_object_get(t, "Port"),
                     json_object_get(t, "Interface"), out);
}

START_TEST(test_bridges_with_sflow)
{
    json_t *t = load(tables);
    struct ovsports p;
    ovsports_init(&p);
    compute(t, &p);
    ck_assert_uint_eq(p.n, 4);
    /* Sorted by name; ifindex 0 where OVSDB has none yet. */
    static const char *const names[] = { "br0", "eth1", "eth2", "vm1" };
    static const uint32_t idx[] = { 7, 0, 3, 12 };
    for (size_t i = 0; i < 4; i++) {
        ck_assert_str_eq(p.v[i].name, names[i]);
        ck_assert_uint_eq(p.v[i].ifindex, idx[i]);
    }
    /* The same tables give the same list; attaching sFlow to br1 adds vm9. */
    struct ovsports q;
    ovsports_init(&q);
    compute(t, &q);
    ck_assert(ovsports_equal(&p, &q));
    json_object_set_new(json_object_get(json_object_get(t, "Bridge"), "b1"), "sflow",
                        json_pack("[s,s]", "uuid", "s1"));
    compute(t, &q);
    ck_assert_uint_eq(q.n, 5);
    ck_assert_str_eq(q.v[4].name, "vm9");
    ck_assert(!ovsports_equal(&p, &q));
    ovsports_clear(&p);
    ovsports_clear(&q);
    json_decref(t);
}
END_TEST

START_TEST(test_no_sflow_no_ports)
{
    json_t *t = load(tables);
    json_object_set_new(json_object_get(json_object_get(t, "Bridge"), "b0"), "sflow",
                        json_pack("[s,[]]", "set"));
    struct ovsports p;
    ovsports_init(&p);
    compute(t, &p);
    ck_assert_uint_eq(p.n, 0);
    ovsports_compute(NULL, NULL, NULL, &p);
    ck_assert_uint_eq(p.n, 0);
    ovsports_clear(&p);
    json_decref(t);
}
END_TEST

START_TEST(test_malformed_skipped)
{
    /* Dangling references, wrong types, a negative and an oversized
     * ifindex, an interface in two ports: nothing crashes, the good rows
     * stay, the interface is listed once. */
    json_t *t = load(
        "{\"Bridge\": {"
        "  \"b0\": {\"sflow\": [\"uuid\", \"s\"], \"ports\": [\"set\", ["
        "     [\"uuid\", \"p0\"], [\"uuid\", \"nope\"], 5, [\"uuid\"], \"p1\", [\"uuid\", \"p2\"]]]},"
        "  \"b1\": 17,"
        "  \"b2\": {\"sflow\": [\"uuid\", \"s\"], \"ports\": {\"x\": 1}}},"
        " \"Port\": {"
        "  \"p0\": {\"interfaces\": [\"set\", [[\"uuid\", \"i0\"], [\"uuid\", \"i1\"],"
        "                                     [\"uuid\", \"i2\"], [\"uuid\", \"i3\"]]]},"
        "  \"p2\": {\"interfaces\": [\"uuid\", \"i0\"]}},"
        " \"Interface\": {"
        "  \"i0\": {\"name\": \"good\", \"ifindex\": 4},"
        "  \"i1\": {\"name\": 5, \"ifindex\": 4},"
        "  \"i2\": {\"name\": \"neg\", \"ifindex\": -3},"
        "  \"i3\": {\"name\": \"big\", \"ifindex\": 99999999999}}}");
    struct ovsports p;
    ovsports_init(&p);
    compute(t, &p);
    ck_assert_uint_eq(p.n, 3);
    ck_assert_str_eq(p.v[0].name, "big");
    ck_assert_uint_eq(p.v[0].ifindex, 0);
    ck_assert_str_eq(p.v[1].name, "good");
    ck_assert_uint_eq(p.v[1].ifindex, 4);
    ck_assert_str_eq(p.v[2].name, "neg");
    ck_assert_uint_eq(p.v[2].ifindex, 0);
    ovsports_clear(&p);
    json_decref(t);
}
END_TEST

CHECK_MAIN(
    .name = "ovsports",
    .tests = CHECK_TESTS(test_bridges_with_sflow, test_no_sflow_no_ports,
                         test_malformed_skipped))
