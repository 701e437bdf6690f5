/* Unit tests for the replica: monitor "update" and monitor_cond "update2"
 * (initial/insert/modify/delete), set and map diffs, default values for
 * omitted columns, and rejection of bad updates with the last good state
 * kept. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovsdb/intern.h"
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
    json_t *row = ovsdb_replica_row_json(r, table, uuid);
    ck_assert_msg(row != NULL, "no row %s in %s", uuid, table);
    char *got = json_dumps(json_object_get(row, col), JSON_COMPACT | JSON_ENCODE_ANY);
    ck_assert_msg(got != NULL, "no column %s", col);
    ck_assert_str_eq(got, want);
    free(got);
    json_decref(row);
}

static bool
has_row(const char *table, const char *uuid)
{
    const struct ovsdb_replica_table *t = ovsdb_replica_find_table(r, table);
    return ovsdb_replica_table_find(t, uuid) != (size_t) -1;
}

START_TEST(test_bind_and_defaults)
{
    const char *error = NULL;
    ck_assert_ptr_nonnull(ovsdb_replica_find_table(r, "Bridge"));
    ck_assert_uint_eq(ovsdb_replica_table_size(ovsdb_replica_find_table(r, "Bridge")), 0);
    ck_assert_ptr_null(ovsdb_replica_find_table(r, "Port"));
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"initial\":{\"name\":\"br0\"}}},"
                    " \"sFlow\":{\"" U2 "\":{\"initial\":{\"targets\":\"1.2.3.4:6343\"}}}}",
                    true, &error));
    assert_col("Bridge", U1, "name", "\"br0\"");
    assert_col("Bridge", U1, "sflow", "[\"set\",[]]");
    assert_col("Bridge", U1, "ports", "[\"set\",[]]");
    assert_col("Bridge", U1, "external_ids", "[\"map\",[]]");
    assert_col("Bridge", U1, "stp_enable", "false");
    /* Not monitored: absent. */
    json_t *row = ovsdb_replica_row_json(r, "Bridge", U1);
    ck_assert_ptr_null(json_object_get(row, "other"));
    json_decref(row);
    /* All columns of sFlow. */
    assert_col("sFlow", U2, "header", "0");
    assert_col("sFlow", U2, "agent", "[\"set\",[]]");
    assert_col("sFlow", U2, "targets", "\"1.2.3.4:6343\"");
    ck_assert_uint_eq(ovsdb_replica_n_rows(r), 2);
    ovsdb_replica_clear(r);
    ck_assert_uint_eq(ovsdb_replica_n_rows(r), 0);
    ck_assert_ptr_nonnull(ovsdb_replica_find_table(r, "sFlow"));
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
    ck_assert_ptr_nonnull(ovsdb_replica_find_table(r, "Bridge"));
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
    ck_assert(!has_row("Bridge", U1));
    ck_assert(has_row("Bridge", U2));

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
        ck_assert(!has_row("Bridge", U3));
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
    ck_assert(!has_row("Bridge", U1));
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

/* Random inserts, modifies and deletes of many rows, checked against a JSON
 * model after every step: the index finds every row after rows are moved
 * by deletes and the index grows. */
START_TEST(test_many_rows_against_model)
{
    const char *error = NULL;
    json_t *model = json_object();   /* uuid -> name */
    srand(4242);
    for (int step = 0; step < 3000; step++) {
        char uuid[40], text[256];
        unsigned int k = (unsigned int) (rand() % 700);
        snprintf(uuid, sizeof uuid, "%08x-0000-4000-8000-%012x", k * 2654435761u, k);
        bool have = json_object_get(model, uuid) != NULL;
        int what = rand() % 3;
        if (!have || what < 2) {
            /* insert (a fresh row) or modify (its name) */
            const char *kind = !have || what == 0 ? "insert" : "modify";
            char name[16];
            snprintf(name, sizeof name, "%c%d", kind[0], step);
            snprintf(text, sizeof text, "{\"Bridge\":{\"%s\":{\"%s\":{\"name\":\"%s\"}}}}",
                     uuid, kind, name);
            ck_assert(apply(text, true, &error));
            json_object_set_new(model, uuid, json_string(name));
        } else {
            snprintf(text, sizeof text, "{\"Bridge\":{\"%s\":{\"delete\":null}}}", uuid);
            ck_assert(apply(text, true, &error));
            json_object_del(model, uuid);
        }
        if (step % 100 == 0 || step == 2999) {
            const struct ovsdb_replica_table *t = ovsdb_replica_find_table(r, "Bridge");
            int name_col = ovsdb_replica_table_column(t, "name");
            ck_assert_uint_eq(ovsdb_replica_table_size(t), json_object_size(model));
            const char *u;
            json_t *want;
            json_object_foreach(model, u, want) {
                size_t i = ovsdb_replica_table_find(t, u);
                ck_assert_uint_ne(i, (size_t) -1);
                ck_assert_str_eq(ovsdb_replica_row_uuid(t, i), u);
                ck_assert_str_eq(json_string_value(ovsdb_replica_row_datum(t, i, name_col)),
                                 json_string_value(want));
            }
        }
    }
    json_decref(model);
}
END_TEST

/* Equal datums are one value, shared by the rows; nothing of the update
 * message is kept (the message is freed by apply() before the reads). */
START_TEST(test_datums_shared_not_borrowed)
{
    const char *error = NULL;
    ck_assert(apply("{\"Bridge\":{"
                    "\"" U1 "\":{\"initial\":{\"name\":\"a\",\"sflow\":[\"uuid\",\"" U3 "\"]}},"
                    "\"" U2 "\":{\"initial\":{\"name\":\"b\",\"sflow\":[\"uuid\",\"" U3 "\"]}}}}",
                    true, &error));
    const struct ovsdb_replica_table *t = ovsdb_replica_find_table(r, "Bridge");
    int c = ovsdb_replica_table_column(t, "sflow");
    int e = ovsdb_replica_table_column(t, "external_ids");
    ck_assert_int_ge(c, 0);
    ck_assert_int_lt(ovsdb_replica_table_column(t, "other"), 0);   /* not monitored */
    size_t i1 = ovsdb_replica_table_find(t, U1), i2 = ovsdb_replica_table_find(t, U2);
    ck_assert_ptr_eq(ovsdb_replica_row_datum(t, i1, c), ovsdb_replica_row_datum(t, i2, c));
    ck_assert_ptr_eq(ovsdb_replica_row_datum(t, i1, e), ovsdb_replica_row_datum(t, i2, e));
    ck_assert_ptr_null(ovsdb_replica_row_datum(t, i1, -1));
    char *txt = json_dumps(ovsdb_replica_row_datum(t, i1, c), JSON_COMPACT);
    ck_assert_str_eq(txt, "[\"uuid\",\"" U3 "\"]");
    free(txt);
    /* One row moves to another value: the other keeps the old one. */
    ck_assert(apply("{\"Bridge\":{\"" U1 "\":{\"modify\":{\"sflow\":[\"set\",[]]}}}}", true,
                    &error));
    txt = json_dumps(ovsdb_replica_row_datum(t, ovsdb_replica_table_find(t, U2), c),
                     JSON_COMPACT);
    ck_assert_str_eq(txt, "[\"uuid\",\"" U3 "\"]");
    free(txt);
}
END_TEST

/* The pool: one value per distinct content, whatever the member order of
 * objects; a value leaves when its last user puts it back. */
START_TEST(test_intern_pool)
{
    struct ovsdb_intern *p = ovsdb_intern_create();
    json_t *a = json_loads("{\"x\":[1,\"s\"],\"y\":true}", 0, NULL);
    json_t *b = json_loads("{\"y\":true,\"x\":[1,\"s\"]}", 0, NULL);
    json_t *c = json_loads("{\"y\":true,\"x\":[\"s\",1]}", 0, NULL);
    ck_assert_uint_eq(ovsdb_json_hash(a), ovsdb_json_hash(b));
    json_t *ia = ovsdb_intern_get(p, a), *ib = ovsdb_intern_get(p, b), *ic = ovsdb_intern_get(p, c);
    ck_assert_ptr_eq(ia, ib);
    ck_assert_ptr_ne(ia, a);                  /* a copy, not the caller's value */
    ck_assert_ptr_ne(ia, ic);
    ck_assert_uint_eq(ovsdb_intern_size(p), 2);
    json_decref(a);
    json_decref(b);
    json_decref(c);
    /* Many values: the table grows; every one is found again. */
    json_t *held[2000];
    for (int i = 0; i < 2000; i++) {
        json_t *v = json_integer(i % 1000);
        held[i] = ovsdb_intern_get(p, v);
        json_decref(v);
    }
    ck_assert_uint_eq(ovsdb_intern_size(p), 1002);
    for (int i = 0; i < 1000; i++) {
        ck_assert_ptr_eq(held[i], held[i + 1000]);
    }
    for (int i = 0; i < 1000; i += 2) {       /* one of the two users of each even value */
        ovsdb_intern_put(p, held[i]);
    }
    ck_assert_uint_eq(ovsdb_intern_size(p), 1002);
    for (int i = 1000; i < 2000; i += 2) {    /* the other half: even values leave */
        ovsdb_intern_put(p, held[i]);
    }
    ck_assert_uint_eq(ovsdb_intern_size(p), 502);
    for (int i = 1; i < 2000; i += 2) {
        json_t *v = json_integer(i % 1000);
        json_t *again = ovsdb_intern_get(p, v);
        ck_assert_ptr_eq(again, held[i]);
        ovsdb_intern_put(p, again);
        json_decref(v);
        ovsdb_intern_put(p, held[i]);
    }
    ck_assert_uint_eq(ovsdb_intern_size(p), 2);
    ovsdb_intern_put(p, ia);
    ovsdb_intern_put(p, ib);
    ovsdb_intern_put(p, ic);
    ck_assert_uint_eq(ovsdb_intern_size(p), 0);
    ovsdb_intern_destroy(p);
}
END_TEST

CHECK_MAIN(
    .name = "ovsdb_replica",
    .setup = setup, .teardown = teardown,
    .tests = CHECK_TESTS(test_bind_and_defaults, test_bind_unknown, test_update2_set_diff,
                         test_update2_map_diff, test_update2_delete_and_errors, test_update_v1,
                         test_schema_types, test_many_rows_against_model,
                         test_datums_shared_not_borrowed, test_intern_pool))
