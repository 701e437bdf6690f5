/* Unit tests for the reconcile step: JSON replicas in, OVSDB operations out.
 * A small in-memory model of the server (waits, insert, update, garbage
 * collection of unreferenced sFlow rows) applies the operations, so the tests
 * check what the database looks like afterwards, not the text of the ops. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sflowovsd/ovs_reconcile.c"
#include "check_run.h"

/* ---- building replicas ------------------------------------------------------ */

static json_t *
db_new(void)
{
    return json_pack("{s:{},s:{}}", "Bridge", "sFlow");
}

static const char *
fake_uuid(unsigned int n)
{
    static char buf[8][40];
    static int slot;
    char *b = buf[slot++ % 8];
    snprintf(b, 40, "%08x-0000-4000-8000-%012x", n, n);
    return b;
}

static void
db_add_bridge(json_t *db, unsigned int id, const char *name, const char *sflow_uuid)
{
    json_t *ref = sflow_uuid ? json_pack("[s,s]", "uuid", sflow_uuid) : json_pack("[s,[]]", "set");
    json_object_set_new(json_object_get(db, "Bridge"), fake_uuid(id),
                        json_pack("{s:s,s:o,s:[s,[]]}", "name", name, "sflow", ref,
                                  "external_ids", "map"));
}

static void
db_add_sflow(json_t *db, const char *uuid, bool owned, const char *target, int sampling)
{
    json_t *ext = owned ? json_pack("[s,[[s,s]]]", "map", "sflowovsd", "owner")
                        : json_pack("[s,[[s,s]]]", "map", "who", "operator");
    json_object_set_new(json_object_get(db, "sFlow"), uuid,
                        json_pack("{s:s,s:[s,[s]],s:i,s:i,s:i,s:o}", "agent", "lo", "targets",
                                  "set", target, "sampling", sampling, "polling", 20, "header",
                                  128, "external_ids", ext));
}

static void
settings_a(struct hsauto_settings *s)
{
    hsauto_settings_init(s);
    s->revision = 1;
    s->sampling = 512;
    s->polling = 20;
    s->header = 128;
    s->agent_dev = xstrdup("lo");
    s->agent_ip = xstrdup("127.0.0.1");
    ck_assert(hsauto_add_collector(s, "127.0.0.1", 6343));
}

static void
settings_b(struct hsauto_settings *s)
{
    hsauto_settings_init(s);
    s->revision = 2;
    s->sampling = 1000;
    s->polling = 30;
    s->agent_ip = xstrdup("192.0.2.1");
    ck_assert(hsauto_add_collector(s, "192.0.2.9", 6343));
    ck_assert(hsauto_add_collector(s, "2001:db8::1", 9999));
}

/* ---- the server model --------------------------------------------------------- */

static unsigned int next_new = 1000;

static json_t *
resolve_named(json_t *v, const char *named, const char *real)
{
    if (ovsdb_datum_is_tagged(v, "named-uuid") && named && !strcmp(json_string_value(json_array_get(v, 1)), named)) {
        return json_pack("[s,s]", "uuid", real);
    }
    return json_deep_copy(v);
}

static const char *
where_target(const json_t *op)
{
    const json_t *w = json_array_get(json_object_get(op, "where"), 0);
    ck_assert_int_eq(json_array_size(json_object_get(op, "where")), 1);
    ck_assert_str_eq(json_string_value(json_array_get(w, 0)), "_uuid");
    ck_assert_str_eq(json_string_value(json_array_get(w, 1)), "==");
    return ovsdb_datum_ref_uuid(json_array_get(w, 2));
}

/* True if row U of a table satisfies every condition of WHERE: "==" or
 * "!=" on _uuid or on a column, as ovsdb-server evaluates them. */
static bool
where_matches(const json_t *where, const char *u, const json_t *row)
{
    size_t i;
    const json_t *cond;
    ck_assert(json_is_array(where));
    json_array_foreach(where, i, cond) {
        const char *col = json_string_value(json_array_get(cond, 0));
        const char *fn = json_string_value(json_array_get(cond, 1));
        const json_t *val = json_array_get(cond, 2);
        ck_assert_ptr_nonnull(col);
        ck_assert_ptr_nonnull(fn);
        bool eq;
        if (!strcmp(col, "_uuid")) {
            const char *want = ovsdb_datum_ref_uuid(val);
            ck_assert_ptr_nonnull(want);
            eq = !strcmp(u, want);
        } else {
            eq = ovsdb_datum_equal(json_object_get(row, col), val);
        }
        if (!strcmp(fn, "==") ? !eq : !strcmp(fn, "!=") ? eq : (ck_abort_msg("%s", fn), true)) {
            return false;
        }
    }
    return true;
}

static void
db_gc(json_t *db)
{
    json_t *sflows = json_object_get(db, "sFlow");
    const char *u;
    json_t *row;
    void *tmp;
    json_object_foreach_safe(sflows, tmp, u, row) {
        bool referenced = false;
        const char *bu;
        json_t *br;
        json_object_foreach(json_object_get(db, "Bridge"), bu, br) {
            const char *r = ovsdb_datum_ref_uuid(json_object_get(br, "sflow"));
            referenced |= r && !strcmp(r, u);
        }
        if (!referenced) {
            json_object_del(sflows, u);
        }
    }
}

/* Rows changed by the updates of the last db_apply(). */
static size_t n_updated;

/* Applies OPS to *DB atomically, like ovsdb-server would. Returns false (DB
 * untouched) if a wait fails. */
static bool
db_apply(json_t **db, const json_t *ops)
{
    n_updated = 0;
    json_t *copy = json_deep_copy(*db);
    const char *named = NULL;
    char real[40] = "";
    size_t i;
    const json_t *op;
    bool ok = true;
    json_array_foreach(ops, i, op) {
        const char *kind = json_string_value(json_object_get(op, "op"));
        json_t *table = json_object_get(copy, json_string_value(json_object_get(op, "table")));
        ck_assert_ptr_nonnull(table);
        if (!strcmp(kind, "wait")) {
            ck_assert_int_eq(json_integer_value(json_object_get(op, "timeout")), 0);
            ck_assert_str_eq(json_string_value(json_object_get(op, "until")), "==");
            json_t *row = json_object_get(table, where_target(op));
            const json_t *want = json_array_get(json_object_get(op, "rows"), 0);
            const json_t *col;
            size_t j;
            if (!row) {
                ok = false;
                break;
            }
            json_array_foreach(json_object_get(op, "columns"), j, col) {
                const char *c = json_string_value(col);
                ok &= ovsdb_datum_equal(json_object_get(row, c), json_object_get(want, c));
            }
            if (!ok) {
                break;
            }
        } else if (!strcmp(kind, "insert")) {
            ck_assert_ptr_null(named);   /* at most one insert per transaction */
            named = json_string_value(json_object_get(op, "uuid-name"));
            snprintf(real, sizeof real, "%s", fake_uuid(next_new++));
            json_object_set(table, real, json_object_get(op, "row"));
        } else if (!strcmp(kind, "update")) {
            const char *u, *c;
            json_t *row, *v;
            size_t n_matched = 0;
            json_object_foreach(table, u, row) {
                if (!where_matches(json_object_get(op, "where"), u, row)) {
                    continue;
                }
                n_matched++;
                json_object_foreach(json_object_get(op, "row"), c, v) {
                    json_object_set_new(row, c, resolve_named(v, named, real));
                }
            }
            n_updated += n_matched;
        } else {
            ck_abort_msg("unexpected op %s", kind);
        }
    }
    if (ok) {
        db_gc(copy);
        json_decref(*db);
        *db = copy;
    } else {
        json_decref(copy);
    }
    return ok;
}

static void
run(const struct hsauto_settings *s, const struct ovs_reconcile_options *o, const json_t *db,
    struct ovs_reconcile_result *res)
{
    /* The Bridge rows as the controller hands them over: views of the rows. */
    const json_t *bridges = json_object_get(db, "Bridge");
    size_t n = 0;
    struct ovs_reconcile_bridge_row *rows = xcalloc(json_object_size(bridges) + 1, sizeof *rows);
    const char *u;
    json_t *row;
    json_object_foreach((json_t *) bridges, u, row) {
        rows[n].uuid = u;
        rows[n].name = json_string_value(json_object_get(row, "name"));
        rows[n].sflow = json_object_get(row, "sflow");
        n++;
    }
    struct ovs_reconcile_tables t = { rows, n, json_object_get(db, "sFlow") };
    ovs_reconcile(s, o, &t, res);
    free(rows);
}

/* Reconciles and applies until nothing is left to do; returns the number of
 * transactions (must be at most one). */
static int
converge(const struct hsauto_settings *s, const struct ovs_reconcile_options *o, json_t **db)
{
    int n = 0;
    for (;;) {
        struct ovs_reconcile_result res;
        run(s, o, *db, &res);
        if (!res.ops) {
            ovs_reconcile_result_destroy(&res);
            return n;
        }
        ck_assert(db_apply(db, res.ops));
        ovs_reconcile_result_destroy(&res);
        n++;
        ck_assert_int_le(n, 1);
    }
}

static const json_t *
bridge_named(const json_t *db, const char *name)
{
    const char *u;
    json_t *row;
    json_object_foreach(json_object_get(db, "Bridge"), u, row) {
        if (!strcmp(json_string_value(json_object_get(row, "name")), name)) {
            return row;
        }
    }
    return NULL;
}

static const char *
bridge_ref(const json_t *db, const char *name)
{
    return ovsdb_datum_ref_uuid(json_object_get(bridge_named(db, name), "sflow"));
}

static size_t
count_owned(const json_t *db)
{
    size_t n = 0;
    const char *u;
    json_t *row;
    json_object_foreach(json_object_get(db, "sFlow"), u, row) {
        n += ovsdb_datum_map_has(json_object_get(row, "external_ids"), "sflowovsd", "owner");
    }
    return n;
}

static void
assert_row_matches(const json_t *db, const char *uuid, const struct hsauto_settings *s)
{
    char *problem;
    json_t *want = ovs_reconcile_desired_row(s, &problem);
    const json_t *row = json_object_get(json_object_get(db, "sFlow"), uuid);
    ck_assert_ptr_nonnull(want);
    ck_assert_ptr_nonnull(row);
    const char *c;
    json_t *v;
    json_object_foreach(want, c, v) {
        ck_assert_msg(ovsdb_datum_equal(json_object_get(row, c), v), "column %s differs", c);
    }
    ck_assert(ovsdb_datum_map_has(json_object_get(row, "external_ids"), "sflowovsd", "owner"));
    json_decref(want);
}

/* ---- tests ------------------------------------------------------------------------ */

START_TEST(test_targets_format)
{
    struct hsauto_collector v4 = { "192.0.2.1", 6343 }, v6 = { "2001:db8::1", 9999 };
    char *a = ovs_reconcile_target(&v4), *b = ovs_reconcile_target(&v6);
    ck_assert_str_eq(a, "192.0.2.1:6343");
    ck_assert_str_eq(b, "[2001:db8::1]:9999");
    free(a);
    free(b);
}
END_TEST

START_TEST(test_desired_row_values)
{
    struct hsauto_settings s;
    char *problem;
    settings_a(&s);
    json_t *row = ovs_reconcile_desired_row(&s, &problem);
    ck_assert_ptr_null(problem);
    ck_assert_str_eq(json_string_value(json_object_get(row, "agent")), "lo"); /* device wins */
    ck_assert_int_eq(json_integer_value(json_object_get(row, "sampling")), 512);
    ck_assert_int_eq(json_integer_value(json_object_get(row, "polling")), 20);
    ck_assert_int_eq(json_integer_value(json_object_get(row, "header")), 128);
    json_decref(row);
    hsauto_settings_destroy(&s);

    settings_b(&s);
    row = ovs_reconcile_desired_row(&s, &problem);
    ck_assert_str_eq(json_string_value(json_object_get(row, "agent")), "192.0.2.1");
    const json_t *t = json_array_get(json_object_get(row, "targets"), 1);
    ck_assert_int_eq(json_array_size(t), 2);
    ck_assert_str_eq(json_string_value(json_array_get(t, 0)), "192.0.2.9:6343");
    ck_assert_str_eq(json_string_value(json_array_get(t, 1)), "[2001:db8::1]:9999");
    /* header not set: empty, so ovs-vswitchd uses its default */
    json_t *hdr = ovsdb_datum_atoms(json_object_get(row, "header"));
    ck_assert_int_eq(json_array_size(hdr), 0);
    json_decref(hdr);
    json_decref(row);

    /* sampling not set: never sent as 0 */
    s.sampling = 0;
    row = ovs_reconcile_desired_row(&s, &problem);
    json_t *atoms = ovsdb_datum_atoms(json_object_get(row, "sampling"));
    ck_assert_int_eq(json_array_size(atoms), 0);
    json_decref(atoms);
    json_decref(row);

    /* no collectors: nothing wanted */
    s.n_collectors = 0;
    ck_assert_ptr_null(ovs_reconcile_desired_row(&s, &problem));
    ck_assert_ptr_nonnull(strstr(problem, "no collectors"));
    free(problem);
    hsauto_settings_destroy(&s);

    ck_assert_ptr_null(ovs_reconcile_desired_row(NULL, &problem));
    free(problem);

    /* agent that is not UTF-8: refused, not crashed */
    settings_a(&s);
    free(s.agent_dev);
    s.agent_dev = xstrdup("\xff\xfe");
    ck_assert_ptr_null(ovs_reconcile_desired_row(&s, &problem));
    ck_assert_ptr_nonnull(strstr(problem, "UTF-8"));
    free(problem);
    hsauto_settings_destroy(&s);
}
END_TEST

START_TEST(test_three_bridges_one_row)
{
    struct hsauto_settings s;
    struct ovs_reconcile_result res;
    json_t *db = db_new();
    settings_a(&s);
    db_add_bridge(db, 1, "xenbr0", NULL);
    db_add_bridge(db, 2, "xapi1", NULL);
    db_add_bridge(db, 3, "br-int", NULL);

    run(&s, NULL, db, &res);
    ck_assert_ptr_nonnull(res.ops);
    ck_assert(res.insert);
    ck_assert_int_eq(res.n_attach, 3);
    /* 1 insert and 1 update of every bridge with no sFlow row */
    ck_assert_int_eq(json_array_size(res.ops), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(res.ops, 0), "op")),
                     "insert");
    ck_assert(db_apply(&db, res.ops));
    ck_assert_int_eq(n_updated, 3);
    ovs_reconcile_result_destroy(&res);

    ck_assert_int_eq(count_owned(db), 1);
    const char *r = bridge_ref(db, "xenbr0");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r, bridge_ref(db, "xapi1"));
    ck_assert_str_eq(r, bridge_ref(db, "br-int"));
    assert_row_matches(db, r, &s);

    /* Nothing left to do: no transaction. */
    ck_assert_int_eq(converge(&s, NULL, &db), 0);
    hsauto_settings_destroy(&s);
    json_decref(db);
}
END_TEST

START_TEST(test_new_bridge_and_adoption)
{
    struct hsauto_settings s;
    struct ovs_reconcile_result res;
    json_t *db = db_new();
    settings_a(&s);
    db_add_sflow(db, fake_uuid(50), true, "10.9.9.9:6343", 64);   /* stale values, ours */
    db_add_bridge(db, 1, "xenbr0", fake_uuid(50));
    db_add_bridge(db, 2, "xapi1", NULL);                          /* added later */

    run(&s, NULL, db, &res);
    ck_assert(!res.insert);                                       /* adopted, no duplicate */
    ck_assert(res.update);
    ck_assert_int_eq(res.n_attach, 1);
    ck_assert_str_eq(res.keep_uuid, fake_uuid(50));
    ck_assert(db_apply(&db, res.ops));
    ovs_reconcile_result_destroy(&res);
    ck_assert_int_eq(count_owned(db), 1);
    ck_assert_str_eq(bridge_ref(db, "xapi1"), fake_uuid(50));
    assert_row_matches(db, fake_uuid(50), &s);
    ck_assert_int_eq(converge(&s, NULL, &db), 0);
    hsauto_settings_destroy(&s);
    json_decref(db);
}
END_TEST

START_TEST(test_settings_change_updates_row_only)
{
    struct hsauto_settings a, b;
    struct ovs_reconcile_result res;
    json_t *db = db_new();
    settings_a(&a);
    settings_b(&b);
    for (unsigned int i = 0; i < 20; i++) {
        char name[16];
        snprintf(name, sizeof name, "br%u", i);
        db_add_bridge(db, i + 1, name, NULL);
    }
    ck_assert_int_eq(converge(&a, NULL, &db), 1);
    const char *r = bridge_ref(db, "br0");
    char *keep = xstrdup(r);

    run(&b, NULL, db, &res);
    ck_assert(res.update);
    ck_assert_int_eq(res.n_attach, 0);
    /* one wait on our row, one update of it: bridges are not rewritten */
    ck_assert_int_eq(json_array_size(res.ops), 2);
    ck_assert(db_apply(&db, res.ops));
    ovs_reconcile_result_destroy(&res);
    assert_row_matches(db, keep, &b);
    ck_assert_str_eq(bridge_ref(db, "br19"), keep);
    ck_assert_int_eq(converge(&b, NULL, &db), 0);
    free(keep);
    hsauto_settings_destroy(&a);
    hsauto_settings_destroy(&b);
    json_decref(db);
}
END_TEST

START_TEST(test_no_collectors_detaches_everything)
{
    struct hsauto_settings s;
    json_t *db = db_new();
    settings_a(&s);
    db_add_sflow(db, fake_uuid(60), false, "10.0.0.1:6343", 100); /* operator's row */
    db_add_bridge(db, 1, "xenbr0", NULL);
    db_add_bridge(db, 2, "xapi1", NULL);
    db_add_bridge(db, 3, "opbr", fake_uuid(60));
    ck_assert_int_eq(converge(&s, NULL, &db), 1);
    ck_assert_int_eq(count_owned(db), 1);

    s.n_collectors = 0;
    ck_assert_int_eq(converge(&s, NULL, &db), 1);
    ck_assert_int_eq(count_owned(db), 0);                 /* garbage-collected */
    ck_assert_ptr_null(bridge_ref(db, "xenbr0"));
    ck_assert_ptr_null(bridge_ref(db, "xapi1"));
    ck_assert_str_eq(bridge_ref(db, "opbr"), fake_uuid(60));  /* untouched */
    ck_assert_int_eq(json_object_size(json_object_get(db, "sFlow")), 1);

    /* No file at all: same, and nothing to do now. */
    ck_assert_int_eq(converge(NULL, NULL, &db), 0);
    hsauto_settings_destroy(&s);
    json_decref(db);
}
END_TEST

START_TEST(test_foreign_row_left_alone_or_taken_over)
{
    struct hsauto_settings s;
    struct ovs_reconcile_result res;
    json_t *db = db_new();
    settings_a(&s);
    db_add_sflow(db, fake_uuid(70), false, "10.0.0.1:6343", 100);
    db_add_bridge(db, 1, "xenbr0", fake_uuid(70));
    db_add_bridge(db, 2, "xapi1", NULL);

    run(&s, NULL, db, &res);
    ck_assert_int_eq(json_array_size(res.foreign), 1);
    ck_assert_str_eq(json_string_value(json_array_get(res.foreign, 0)), "xenbr0");
    ck_assert(db_apply(&db, res.ops));
    ovs_reconcile_result_destroy(&res);
    ck_assert_str_eq(bridge_ref(db, "xenbr0"), fake_uuid(70));
    ck_assert_ptr_nonnull(bridge_ref(db, "xapi1"));
    ck_assert_int_eq(converge(&s, NULL, &db), 0);

    struct ovs_reconcile_options o = { .take_over = true };
    run(&s, &o, db, &res);
    ck_assert_int_eq(json_array_size(res.foreign), 0);
    ck_assert_int_eq(res.n_attach, 1);
    ck_assert(db_apply(&db, res.ops));
    ovs_reconcile_result_destroy(&res);
    ck_assert_str_eq(bridge_ref(db, "xenbr0"), bridge_ref(db, "xapi1"));
    ck_assert_ptr_null(json_object_get(json_object_get(db, "sFlow"), fake_uuid(70)));
    ck_assert_int_eq(converge(&s, &o, &db), 0);
    hsauto_settings_destroy(&s);
    json_decref(db);
}
END_TEST

START_TEST(test_excluded_bridges)
{
    struct hsauto_settings s;
    json_t *db = db_new();
    settings_a(&s);
    db_add_sflow(db, fake_uuid(80), true, "127.0.0.1:6343", 512);
    db_add_bridge(db, 1, "xenbr0", fake_uuid(80));
    db_add_bridge(db, 2, "br-int", fake_uuid(80));
    db_add_bridge(db, 3, "br-ex", NULL);
    const char *const ex[] = { "br-int", "br-ex" };
    struct ovs_reconcile_options o = { .exclude = ex, .n_exclude = 2 };
    ck_assert_int_eq(converge(&s, &o, &db), 1);
    ck_assert_ptr_null(bridge_ref(db, "br-int"));   /* our row detached from it */
    ck_assert_ptr_null(bridge_ref(db, "br-ex"));
    ck_assert_str_eq(bridge_ref(db, "xenbr0"), fake_uuid(80));
    hsauto_settings_destroy(&s);
    json_decref(db);
}
END_TEST

START_TEST(test_duplicate_owned_rows_collapse)
{
    struct hsauto_settings s;
    struct ovs_reconcile_result res;
    json_t *db = db_new();
    settings_a(&s);
    db_add_sflow(db, fake_uuid(91), true, "127.0.0.1:6343", 512);
    db_add_sflow(db, fake_uuid(90), true, "127.0.0.1:6343", 512);
    db_add_bridge(db, 1, "a", fake_uuid(91));
    db_add_bridge(db, 2, "b", fake_uuid(91));
    db_add_bridge(db, 3, "c", fake_uuid(90));
    run(&s, NULL, db, &res);
    ck_assert_str_eq(res.keep_uuid, fake_uuid(91));   /* most referenced wins */
    ovs_reconcile_result_destroy(&res);
    ck_assert_int_eq(converge(&s, NULL, &db), 1);
    ck_assert_int_eq(count_owned(db), 1);
    ck_assert_str_eq(bridge_ref(db, "c"), fake_uuid(91));
    hsauto_settings_destroy(&s);
    json_decref(db);
}
END_TEST

START_TEST(test_concurrent_edit_not_overwritten)
{
    struct hsauto_settings s;
    struct ovs_reconcile_result res;
    json_t *db = db_new();
    settings_a(&s);
    db_add_bridge(db, 1, "xenbr0", NULL);
    db_add_bridge(db, 2, "xapi1", NULL);
    run(&s, NULL, db, &res);
    /* An operator attaches their own row to xapi1 before our transaction. */
    db_add_sflow(db, fake_uuid(99), false, "10.0.0.1:6343", 100);
    json_object_set_new((json_t *) bridge_named(db, "xapi1"), "sflow",
                        json_pack("[s,s]", "uuid", fake_uuid(99)));
    /* The transaction goes through for xenbr0 and leaves xapi1 as the
     * operator set it: its where no longer matches. */
    ck_assert(db_apply(&db, res.ops));
    ck_assert_int_eq(n_updated, 1);
    ovs_reconcile_result_destroy(&res);
    ck_assert_str_eq(bridge_ref(db, "xapi1"), fake_uuid(99));
    ck_assert_ptr_nonnull(bridge_ref(db, "xenbr0"));
    /* The next reconcile sees the operator's row and leaves it. */
    ck_assert_int_eq(converge(&s, NULL, &db), 0);
    ck_assert_str_eq(bridge_ref(db, "xapi1"), fake_uuid(99));

    /* The same for a detach: the operator re-points a bridge at their row
     * while we detach ours from every bridge. */
    s.n_collectors = 0;
    run(&s, NULL, db, &res);
    json_object_set_new((json_t *) bridge_named(db, "xenbr0"), "sflow",
                        json_pack("[s,s]", "uuid", fake_uuid(99)));
    ck_assert(db_apply(&db, res.ops));
    ovs_reconcile_result_destroy(&res);
    ck_assert_str_eq(bridge_ref(db, "xenbr0"), fake_uuid(99));
    hsauto_settings_destroy(&s);
    settings_a(&s);
    json_object_set_new((json_t *) bridge_named(db, "xenbr0"), "sflow",
                        json_pack("[s,[]]", "set"));
    ck_assert_int_eq(converge(&s, NULL, &db), 1);

    /* Our row edited concurrently (e.g. sampling changed by hand): the update
     * of our row must not go through blindly either. */
    struct hsauto_settings b;
    settings_b(&b);
    run(&b, NULL, db, &res);
    json_t *ours = json_object_get(json_object_get(db, "sFlow"), bridge_ref(db, "xenbr0"));
    json_object_set_new(ours, "sampling", json_integer(7));
    ck_assert(!db_apply(&db, res.ops));
    ovs_reconcile_result_destroy(&res);
    ck_assert_int_eq(converge(&b, NULL, &db), 1);
    assert_row_matches(db, bridge_ref(db, "xenbr0"), &b);
    hsauto_settings_destroy(&b);
    hsauto_settings_destroy(&s);
    json_decref(db);
}
END_TEST

START_TEST(test_malformed_replica)
{
    struct hsauto_settings s;
    struct ovs_reconcile_result res;
    json_t *db = db_new();
    settings_a(&s);
    json_t *br = json_object_get(db, "Bridge");
    json_object_set_new(br, fake_uuid(1), json_pack("{s:i,s:s}", "name", 3, "sflow", "junk"));
    json_object_set_new(br, fake_uuid(2), json_pack("{}"));
    json_object_set_new(br, fake_uuid(3), json_pack("{s:s,s:[s,s]}", "name", "x", "sflow",
                                                    "uuid", "no-such-row"));
    json_object_set_new(json_object_get(db, "sFlow"), fake_uuid(4),
                        json_pack("{s:[s,i]}", "external_ids", "map", 5));
    run(&s, NULL, db, &res);
    /* The dangling reference is not ours: left alone. */
    ck_assert_int_eq(json_array_size(res.foreign), 1);
    ovs_reconcile_result_destroy(&res);
    struct ovs_reconcile_tables none = { NULL, 0, NULL };
    ovs_reconcile(&s, NULL, &none, &res);
    ck_assert_ptr_null(res.ops);
    ovs_reconcile_result_destroy(&res);
    hsauto_settings_destroy(&s);
    json_decref(db);
}
END_TEST

/* However many bridges, the transaction has one operation per group of
 * bridges that share a current value: 10,000 unsampled bridges are attached
 * by one update, and a mix of groups is sorted out in one transaction. */
START_TEST(test_ops_do_not_grow_with_bridges)
{
    struct hsauto_settings s;
    struct ovs_reconcile_result res;
    json_t *db = db_new();
    settings_a(&s);
    for (unsigned int i = 0; i < 10000; i++) {
        char name[16];
        snprintf(name, sizeof name, "br%u", i);
        db_add_bridge(db, i + 1, name, NULL);
    }
    run(&s, NULL, db, &res);
    ck_assert_int_eq(res.n_attach, 10000);
    ck_assert_int_eq(json_array_size(res.ops), 2);
    ck_assert(db_apply(&db, res.ops));
    ck_assert_int_eq(n_updated, 10000);
    ovs_reconcile_result_destroy(&res);
    const char *r = bridge_ref(db, "br0");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(bridge_ref(db, "br9999"), r);
    ck_assert_int_eq(converge(&s, NULL, &db), 0);
    json_decref(db);

    /* Groups: unsampled, on a stale row of ours, on an operator's row
     * (taken over), an excluded bridge on our stale row, an excluded one on
     * the operator's row. */
    db = db_new();
    db_add_sflow(db, fake_uuid(50), true, "127.0.0.1:6343", 512);   /* kept: most used */
    db_add_sflow(db, fake_uuid(51), true, "10.9.9.9:6343", 64);     /* stale */
    db_add_sflow(db, fake_uuid(52), false, "10.0.0.1:6343", 100);   /* operator's */
    unsigned int id = 1;
    for (unsigned int i = 0; i < 300; i++) {
        char name[16];
        snprintf(name, sizeof name, "k%u", i);
        db_add_bridge(db, id++, name, fake_uuid(50));
        snprintf(name, sizeof name, "u%u", i);
        db_add_bridge(db, id++, name, NULL);
        snprintf(name, sizeof name, "s%u", i);
        db_add_bridge(db, id++, name, i < 100 ? fake_uuid(51) : NULL);
        snprintf(name, sizeof name, "f%u", i);
        db_add_bridge(db, id++, name, i < 50 ? fake_uuid(52) : NULL);
    }
    db_add_bridge(db, id++, "ex-stale", fake_uuid(51));
    db_add_bridge(db, id++, "ex-op", fake_uuid(52));
    db_add_bridge(db, id++, "ex-none", NULL);
    const char *const ex[] = { "ex-stale", "ex-op", "ex-none" };
    struct ovs_reconcile_options o = { .exclude = ex, .n_exclude = 3, .take_over = true };
    run(&s, &o, db, &res);
    ck_assert_str_eq(res.keep_uuid, fake_uuid(50));
    /* wait on our row, update of it (stale values), attach the unsampled,
     * re-point the stale, take over the operator's, detach ex-stale */
    ck_assert_int_le(json_array_size(res.ops), 6);
    ck_assert(db_apply(&db, res.ops));
    ovs_reconcile_result_destroy(&res);
    const char *u;
    json_t *br;
    json_object_foreach(json_object_get(db, "Bridge"), u, br) {
        const char *name = json_string_value(json_object_get(br, "name"));
        const char *ref = ovsdb_datum_ref_uuid(json_object_get(br, "sflow"));
        if (!strcmp(name, "ex-op")) {
            ck_assert_str_eq(ref, fake_uuid(52));
        } else if (!strncmp(name, "ex-", 3)) {
            ck_assert_ptr_null(ref);
        } else {
            ck_assert_msg(ref && !strcmp(ref, fake_uuid(50)), "bridge %s", name);
        }
    }
    ck_assert_ptr_null(json_object_get(json_object_get(db, "sFlow"), fake_uuid(51)));
    assert_row_matches(db, fake_uuid(50), &s);
    ck_assert_int_eq(converge(&s, &o, &db), 0);
    hsauto_settings_destroy(&s);
    json_decref(db);
}
END_TEST

/* Random states: whatever the database holds, one transaction brings it to
 * the wanted state, a second reconcile finds nothing to do, and the
 * invariants hold. */
START_TEST(test_random_states)
{
    srand(12345);
    for (int iter = 0; iter < 400; iter++) {
        struct hsauto_settings a, b;
        settings_a(&a);
        settings_b(&b);
        const struct hsauto_settings *choices[] = { NULL, &a, &b, &a };
        const struct hsauto_settings *want = choices[rand() % 4];
        if (want == &a && rand() % 4 == 0) {
            a.n_collectors = 0;
        }
        json_t *db = db_new();
        unsigned int n_owned = rand() % 3, n_foreign = rand() % 2, n_br = rand() % 6;
        for (unsigned int i = 0; i < n_owned; i++) {
            db_add_sflow(db, fake_uuid(200 + i), true, rand() % 2 ? "127.0.0.1:6343" : "1.2.3.4:1",
                         rand() % 2 ? 512 : 64);
        }
        for (unsigned int i = 0; i < n_foreign; i++) {
            db_add_sflow(db, fake_uuid(300 + i), false, "10.0.0.1:6343", 100);
        }
        const char *const names[] = { "xenbr0", "xapi1", "br-int", "br3", "br4", "br5" };
        for (unsigned int i = 0; i < n_br; i++) {
            unsigned int pick = rand() % (1 + n_owned + n_foreign);
            const char *ref = pick == 0 ? NULL
                              : pick <= n_owned ? fake_uuid(200 + pick - 1)
                                                : fake_uuid(300 + pick - 1 - n_owned);
            db_add_bridge(db, i + 1, names[i], ref);
        }
        db_gc(db);
        const char *ex[] = { "br-int" };
        struct ovs_reconcile_options o = { .exclude = ex, .n_exclude = rand() % 2,
                                           .take_over = rand() % 2 };
        json_t *before = json_deep_copy(db);
        ck_assert_int_le(converge(want, &o, &db), 1);

        char *problem;
        json_t *row = ovs_reconcile_desired_row(want, &problem);
        free(problem);
        const char *ours = NULL;
        const char *u;
        json_t *br;
        json_object_foreach(json_object_get(db, "Bridge"), u, br) {
            const char *name = json_string_value(json_object_get(br, "name"));
            const char *ref = ovsdb_datum_ref_uuid(json_object_get(br, "sflow"));
            const json_t *old_br = json_object_get(json_object_get(before, "Bridge"), u);
            const char *old = ovsdb_datum_ref_uuid(json_object_get(old_br, "sflow"));
            bool excluded = o.n_exclude && !strcmp(name, "br-int");
            bool owned = row_is_owned(json_object_get(db, "sFlow"), ref, "sflowovsd", "owner");
            bool was_foreign = old && !row_is_owned(json_object_get(before, "sFlow"), old,
                                                    "sflowovsd", "owner");
            if (excluded || !row) {
                ck_assert(!owned);
                if (was_foreign) {
                    ck_assert_str_eq(ref, old);
                }
            } else if (was_foreign && !o.take_over) {
                ck_assert_str_eq(ref, old);
            } else {
                ck_assert(owned);
                if (ours) {
                    ck_assert_str_eq(ref, ours);
                }
                ours = ref;
                assert_row_matches(db, ref, want);
            }
        }
        ck_assert_int_le(count_owned(db), 1);
        if (!row) {
            ck_assert_int_eq(count_owned(db), 0);
        }
        json_decref(row);
        json_decref(before);
        json_decref(db);
        hsauto_settings_destroy(&a);
        hsauto_settings_destroy(&b);
    }
}
END_TEST

CHECK_MAIN(
    .name = "ovsd_reconcile",
    .tests = CHECK_TESTS(test_targets_format, test_desired_row_values,
                         test_three_bridges_one_row, test_new_bridge_and_adoption,
                         test_settings_change_updates_row_only,
                         test_no_collectors_detaches_everything,
                         test_foreign_row_left_alone_or_taken_over, test_excluded_bridges,
                         test_duplicate_owned_rows_collapse, test_concurrent_edit_not_overwritten,
                         test_malformed_replica, test_ops_do_not_grow_with_bridges,
                         test_random_states))
