/* Unit tests for the replica: monitor "update" and monitor_cond "update2"
 * (initial/insert/modify/delete), set and map diffs, default values for
 * omitted columns, and rejection of bad updates with the last good state
 * kept. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ovsdb/replica.h"
#include "ovsdb/schema.h"
#include "check_run.h"

#define U1 "11111111-1111-1111-1111-111111111111"
#define U2 "22222222-2222-2222-2222-222222222222"
#define U3 "33333333-3333-3333-3333-333333333333"

static const char schema_text[] =
    "{\"name\":\"Open_vSwitch\",\"tables\":{"
    " \"Bridge\":{\"columns\":{"
    "  \"name\":{\"type\":\"string\"},"
    "  \"sflow\":{\"type\":{\"key\":{\"type\":\"uuid\",\"refTable\":\"sFlow\"},"
    "            \"min\":0,\"max\":1}},"
    "  \"ports\":{\"type\":{\"key\":\"uuid\",\"min\":0,\"max\":\"unlimited\"}},"
    "  \"external_ids\":{\"type\":{\"key\":\"string\",\"value\":\"string\","
    "                   \"min\":0,\"max\":\"unlimited\"}},"
    "  \"stp_enable\":{\"type\":\"boolean\"},"
    "  \"other\":{\"type\":\"string\"}}},"
    " \"sFlow\":{\"columns\":{"
    "  \"sampling\":{\"type\":{\"key\":\"integer\",\"min\":0,\"max\":1}},"
    "  \"agent\":{\"type\":{\"key\":\"string\",\"min\":0,\"max\":1}},"
    "  \"header\":{\"type\":\"integer\"},"
    "  \"targets\":{\"type\":{\"key\":\"string\",\"min\":1,\"max\":\"unlimited\"}}}}}}";

static struct ovsdb_schema schema;
static struct ovsdb_replica *r;

static void
setup(void)
{
    const char *error = NULL;
    json_t *j = json_loads(schema_text, 0, NULL);
    ck_assert_ptr_nonnull(j);
    ck_assert(ovsdb_schema_init(&schema, j, &error));
    json_decref(j);
    json_t *req = json_loads("{\"Bridge\":{\"columns\":[\"name\",\"sflow\",\"ports\","
                             "\"external_ids\",\"stp_enable\"]},\"sFlow\":{}}", 0, NULL);
    r = ovsdb_replica_create();
    ck_assert(ovsdb_replica_bind(r, &schema, req, &error));
    json_decref(req);
}

static void
teardown(void)
{
    ovsdb_replica_destroy(r);
    ovsdb_schema_destroy(&schema);
}

/* Applies TEXT as update2 (V2) or update; returns the result. */
static bool
apply(const char *text, bool v2, const char **error)
{
    json_t *j = json_loads(text, 0, NULL);
    ck_assert_msg(j != NULL, "bad test JSON: %s", text);
    bool ok = v2 ? ovsdb_replica_apply_update2(r, j, error)
                 : ovsdb_replica_apply_update(r, j, error);
    json_decref(j);
    return ok;
}

/* Compares column COL of row UUID in TABLE with the JSON text WANT. */
static void
assert_col(const char *table, const char *uuid, const char *col, const char *want)
{
    const json_t *row = ovsdb_replica_row(r, table, uuid);
    ck_assert_msg(row != NULL, "no row %s in %s", uuid, table);
    char *got = json_dumps(json_object_get(row, col), JSON_COMPACT | JSON_ENCODE_ANY);
    ck_assert_msg(got != NULL, "no column %s", col);
    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(test_bind_and_defaults)
{
    const char *error = NULL;
    ck_assert_ptr_nonnull(ovsdb_replica_table(r, "Bridge"));
    ck_assert_uint_eq(json_object_size(ovsdb_replica_table(r, "Bridge")), 0);
    ck_assert_ptr_null(ovsdb_replica_table(r, "Port"));
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"initial\":{\"name\":\"br0\"}}},"
                    " \"sFlow\":{\"" U2 "\":{\"initial\":{\"targets\":\"1.2.3.4:6343\"}}}}",
                    true, &error));
    assert_col("Bridge", U1, "name", "\"br0\"");
    assert_col("Bridge", U1, "sflow", "[\"set\",[]]");
    assert_col("Bridge", U1, "ports", "[\"set\",[]]");
    assert_col("Bridge", U1, "external_ids", "[\"map\",[]]");
    assert_col("Bridge", U1, "stp_enable", "false");
    /* Not monitored: absent. */
    ck_assert_ptr_null(json_object_get(ovsdb_replica_row(r, "Bridge", U1), "other"));
    /* All columns of sFlow. */
    assert_col("sFlow", U2, "header", "0");
    assert_col("sFlow", U2, "agent", "[\"set\",[]]");
    assert_col("sFlow", U2, "targets", "\"1.2.3.4:6343\"");
    ck_assert_uint_eq(ovsdb_replica_n_rows(r), 2);
    ovsdb_replica_clear(r);
    ck_assert_uint_eq(ovsdb_replica_n_rows(r), 0);
    ck_assert_ptr_nonnull(ovsdb_replica_table(r, "sFlow"));
}
END_TEST

START_TEST(test_bind_unknown)
{
    const char *error = NULL;
    json_t *req = json_loads("{\"Bridge\":{\"columns\":[\"nope\"]}}", 0, NULL);
    ck_assert(!ovsdb_replica_bind(r, &schema, req, &error));
    ck_assert_ptr_nonnull(strstr(error, "nope"));
    json_decref(req);
    req = json_loads("{\"Port\":{}}", 0, NULL);
    ck_assert(!ovsdb_replica_bind(r, &schema, req, &error));
    ck_assert_ptr_nonnull(strstr(error, "Port"));
    json_decref(req);
    /* The previous binding still holds. */
    ck_assert_ptr_nonnull(ovsdb_replica_table(r, "Bridge"));
}
END_TEST

START_TEST(test_update2_set_diff)
{
    const char *error = NULL;
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"insert\":{\"name\":\"br0\","
                    "\"ports\":[\"set\",[[\"uuid\",\"" U2 "\"],[\"uuid\",\"" U3 "\"]]]}}}}",
                    true, &error));
    /* Toggle: U2 removed, U1 added. */
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"modify\":{\"ports\":[\"set\",["
                    "[\"uuid\",\"" U2 "\"],[\"uuid\",\"" U1 "\"]]]}}}}", true, &error));
    assert_col("Bridge", U1, "ports",
               "[\"set\",[[\"uuid\",\"" U3 "\"],[\"uuid\",\"" U1 "\"]]]");
    /* A bare atom toggles one element; one left is stored as the atom. */
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"modify\":{\"ports\":[\"uuid\",\"" U3 "\"]}}}}",
                    true, &error));
    assert_col("Bridge", U1, "ports", "[\"uuid\",\"" U1 "\"]");
    /* Optional reference (min 0, max 1): ovsdb-server sends the new value,
     * not a difference: from empty to one, replaced, then cleared. */
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"modify\":{\"sflow\":[\"uuid\",\"" U2 "\"]}}}}",
                    true, &error));
    assert_col("Bridge", U1, "sflow", "[\"uuid\",\"" U2 "\"]");
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"modify\":{\"sflow\":[\"uuid\",\"" U3 "\"]}}}}",
                    true, &error));
    assert_col("Bridge", U1, "sflow", "[\"uuid\",\"" U3 "\"]");
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"modify\":{\"sflow\":[\"set\",[]]}}}}",
                    true, &error));
    assert_col("Bridge", U1, "sflow", "[\"set\",[]]");
    /* Scalars are replaced; untouched columns stay. */
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"modify\":{\"name\":\"br9\","
                    "\"stp_enable\":true}}}}", true, &error));
    assert_col("Bridge", U1, "name", "\"br9\"");
    assert_col("Bridge", U1, "stp_enable", "true");
    assert_col("Bridge", U1, "ports", "[\"uuid\",\"" U1 "\"]");
}
END_TEST

START_TEST(test_update2_map_diff)
{
    const char *error = NULL;
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"initial\":{\"name\":\"br0\","
                    "\"external_ids\":[\"map\",[[\"a\",\"1\"],[\"b\",\"2\"],[\"c\",\"3\"]]]}}}}",
                    true, &error));
    /* a: same value -> removed; b: other value -> replaced; d: added. */
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"modify\":{\"external_ids\":[\"map\","
                    "[[\"a\",\"1\"],[\"b\",\"20\"],[\"d\",\"4\"]]]}}}}", true, &error));
    assert_col("Bridge", U1, "external_ids",
               "[\"map\",[[\"b\",\"20\"],[\"c\",\"3\"],[\"d\",\"4\"]]]");
}
END_TEST

START_TEST(test_update2_delete_and_errors)
{
    const char *error = NULL;
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"insert\":{\"name\":\"br0\"}},"
                    "\"" U2 "\":{\"insert\":{\"name\":\"br1\"}}}}", true, &error));
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"delete\":null}}}", true, &error));
    ck_assert_ptr_null(ovsdb_replica_row(r, "Bridge", U1));
    ck_assert_ptr_nonnull(ovsdb_replica_row(r, "Bridge", U2));

    /* Each bad update is rejected as a whole: the good part of it is not
     * applied either. */
    static const char *const bad[] = {
        "[]",
        "{\"Port\":{\"" U3 "\":{\"insert\":{}}}}",
        "{\"Bridge\":{\"not-a-uuid\":{\"insert\":{}}}}",
        "{\"Bridge\":{\"" U3 "\":{\"insert\":{}},\"" U1 "\":{\"modify\":{\"name\":\"x\"}}}}",
        "{\"Bridge\":{\"" U3 "\":{\"insert\":{\"name\":[\"map\",[]]}}}}",
        "{\"Bridge\":{\"" U3 "\":{\"insert\":{\"ports\":[\"set\",[[1,2]]]}}}}",
        "{\"Bridge\":{\"" U3 "\":{\"insert\":{\"external_ids\":[\"map\",[[\"k\"]]]}}}}",
        "{\"Bridge\":{\"" U3 "\":{\"upsert\":{}}}}",
        "{\"Bridge\":{\"" U3 "\":{\"insert\":{},\"delete\":null}}}",
        "{\"Bridge\":{\"" U3 "\":{\"insert\":[]}}}",
        "{\"Bridge\":[]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        error = NULL;
        ck_assert_msg(!apply(bad[i], true, &error), "accepted: %s", bad[i]);
        ck_assert_ptr_nonnull(error);
        ck_assert_ptr_null(ovsdb_replica_row(r, "Bridge", U3));
        assert_col("Bridge", U2, "name", "\"br1\"");
    }
}
END_TEST

START_TEST(test_update_v1)
{
    const char *error = NULL;
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"new\":{\"name\":\"br0\",\"sflow\":[\"set\",[]],"
                    "\"ports\":[\"set\",[]],\"external_ids\":[\"map\",[[\"k\",\"v\"]]],"
                    "\"stp_enable\":false}}}}", false, &error));
    assert_col("Bridge", U1, "external_ids", "[\"map\",[[\"k\",\"v\"]]]");
    /* v1 modify: "new" carries whole values, not diffs. */
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"old\":{\"external_ids\":[\"map\",[[\"k\",\"v\"]]]},"
                    "\"new\":{\"name\":\"br0\",\"sflow\":[\"set\",[]],\"ports\":[\"set\",[]],"
                    "\"external_ids\":[\"map\",[[\"k\",\"w\"]]],\"stp_enable\":false}}}}",
                    false, &error));
    assert_col("Bridge", U1, "external_ids", "[\"map\",[[\"k\",\"w\"]]]");
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"old\":{\"name\":\"br0\"}}}}", false, &error));
    ck_assert_ptr_null(ovsdb_replica_row(r, "Bridge", U1));
    ck_assert(!apply("{\"Bridge\":{\"" U1 "\":{}}}", false, &error));
}
END_TEST

START_TEST(test_schema_types)
{
    enum ovsdb_column_kind k;
    json_t *t = ovsdb_schema_column_type(&schema, "sFlow", "targets");
    ck_assert(ovsdb_type_kind(t, &k));
    ck_assert_int_eq(k, OVSDB_KIND_SET);
    ck_assert(ovsdb_type_kind(ovsdb_schema_column_type(&schema, "Bridge", "name"), &k));
    ck_assert_int_eq(k, OVSDB_KIND_SCALAR);
    ck_assert(ovsdb_type_kind(ovsdb_schema_column_type(&schema, "Bridge", "external_ids"), &k));
    ck_assert_int_eq(k, OVSDB_KIND_MAP);
    ck_assert_ptr_null(ovsdb_schema_column_type(&schema, "Bridge", "nope"));
    json_t *bad = json_loads("{\"key\":[1]}", 0, NULL);
    ck_assert(!ovsdb_type_kind(bad, &k));
    json_decref(bad);
    ck_assert(!ovsdb_schema_has_table(&schema, "Port"));
    ck_assert(ovsdb_schema_has_table(&schema, "sFlow"));
}
END_TEST

CHECK_MAIN(
    .name = "ovsdb_replica",
    .setup = setup, .teardown = teardown,
    .tests = CHECK_TESTS(test_bind_and_defaults, test_bind_unknown, test_update2_set_diff,
                         test_update2_map_diff, test_update2_delete_and_errors, test_update_v1,
                         test_schema_types))
