/* Unit tests for the controller: the OVSDB session is replaced by a fake that
 * records transactions and lets the test deliver updates and replies, with
 * time injected. */
#include <config.h>

#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "ovsdb/replica.h"
#include "ovsdb/schema.h"
#include "ovsdb/session.h"
#include "sflowovsd/ovs_reconcile.h"
#include "sflowovsd/ovsd_ctl.h"
#include "check_run.h"

/* ---- fake session ------------------------------------------------------------ */

struct ovsdb_session {               /* owned by the test through the controller */
    struct ovsdb_session_callbacks cb;
    void *aux;
    bool synced;
    json_t *tables;                  /* table -> uuid -> row: the database */
    struct ovsdb_schema schema;
    struct ovsdb_replica *replica;   /* the real replica, loaded from TABLES when read */
    json_t *sent;                    /* array of ops arrays sent */
    uint64_t next_id;
    unsigned int n_reconnects;
};

static struct ovsdb_session *fake;

struct ovsdb_session *
ovsdb_session_create(const struct ovsdb_session_config *cfg,
                     const struct ovsdb_session_callbacks *cb, void *aux)
{
    ck_assert_str_eq(cfg->database, "Open_vSwitch");
    ck_assert_ptr_nonnull(json_object_get(cfg->monitor_requests, "sFlow"));
    fake = xzalloc(sizeof *fake);
    fake->cb = *cb;
    fake->aux = aux;
    fake->tables = json_pack("{s:{},s:{}}", "Bridge", "sFlow");
    fake->sent = json_array();
    fake->next_id = 1;
    /* The columns of the Open_vSwitch schema that the controller monitors. */
    json_t *schema = json_loads(
        "{\"name\":\"Open_vSwitch\",\"tables\":{"
        "\"Open_vSwitch\":{\"columns\":{\"bridges\":{\"type\":{\"key\":\"uuid\","
        "\"min\":0,\"max\":\"unlimited\"}}}},"
        "\"Bridge\":{\"columns\":{\"name\":{\"type\":\"string\"},"
        "\"sflow\":{\"type\":{\"key\":\"uuid\",\"min\":0,\"max\":1}}}},"
        "\"sFlow\":{\"columns\":{"
        "\"agent\":{\"type\":{\"key\":\"string\",\"min\":0,\"max\":1}},"
        "\"targets\":{\"type\":{\"key\":\"string\",\"min\":1,\"max\":\"unlimited\"}},"
        "\"sampling\":{\"type\":{\"key\":\"integer\",\"min\":0,\"max\":1}},"
        "\"polling\":{\"type\":{\"key\":\"integer\",\"min\":0,\"max\":1}},"
        "\"header\":{\"type\":{\"key\":\"integer\",\"min\":0,\"max\":1}},"
        "\"external_ids\":{\"type\":{\"key\":\"string\",\"value\":\"string\","
        "\"min\":0,\"max\":\"unlimited\"}}}}}}", 0, NULL);
    const char *error = NULL;
    ck_assert_ptr_nonnull(schema);
    ck_assert(ovsdb_schema_init(&fake->schema, schema, &error));
    json_decref(schema);
    fake->replica = ovsdb_replica_create();
    ck_assert_msg(ovsdb_replica_bind(fake->replica, &fake->schema, cfg->monitor_requests, &error),
                  "%s", error);
    return fake;
}

void
ovsdb_session_destroy(struct ovsdb_session *s)
{
    json_decref(s->tables);
    json_decref(s->sent);
    ovsdb_replica_destroy(s->replica);
    ovsdb_schema_destroy(&s->schema);
    free(s);
    fake = NULL;
}

void ovsdb_session_run(struct ovsdb_session *s, long long now) { (void) s; (void) now; }
void ovsdb_session_wait(struct ovsdb_session *s, struct poll_loop *l) { (void) s; (void) l; }
bool ovsdb_session_is_synced(const struct ovsdb_session *s) { return s->synced; }
bool ovsdb_session_wait_synced(struct ovsdb_session *s, long long t) { (void) t; return s->synced; }
void ovsdb_session_force_reconnect(struct ovsdb_session *s) { s->n_reconnects++; }

void
ovsdb_session_get_status(const struct ovsdb_session *s, struct ovsdb_session_status *st)
{
    st->remote = "unix:/nonexistent";
    st->state = s->synced ? "connected" : "backoff";
    st->since = 0;
    st->n_connects = 1;
    st->n_failures = s->n_reconnects;
}

/* The replica as the real session would hold it after a monitor's initial
 * state of the database TABLES. */
const struct ovsdb_replica *
ovsdb_session_replica(const struct ovsdb_session *s)
{
    json_t *update = json_object();
    const char *table, *uuid;
    json_t *rows, *row;
    json_object_foreach(s->tables, table, rows) {
        json_t *tu = json_object();
        json_object_foreach(rows, uuid, row) {
            json_object_set_new(tu, uuid, json_pack("{s:O}", "initial", row));
        }
        json_object_set_new(update, table, tu);
    }
    const char *error = NULL;
    ovsdb_replica_clear(s->replica);
    ck_assert_msg(ovsdb_replica_apply_update2(s->replica, update, &error), "%s", error);
    json_decref(update);
    return s->replica;
}

uint64_t
ovsdb_session_transact(struct ovsdb_session *s, json_t *ops)
{
    if (!s->synced) {
        json_decref(ops);
        return 0;
    }
    json_array_append_new(s->sent, ops);
    return s->next_id++;
}

/* ---- helpers ------------------------------------------------------------------- */

static void
add_bridge(const char *uuid, const char *name)
{
    json_object_set_new(json_object_get(fake->tables, "Bridge"), uuid,
                        json_pack("{s:s,s:[s,[]]}", "name", name, "sflow", "set"));
    fake->cb.replica_changed(fake->aux, ovsdb_session_replica(fake));
}

static void
reply(uint64_t id, const char *error)
{
    json_t *result = error ? json_pack("[{s:s}]", "error", error) : json_pack("[{}]");
    fake->cb.txn_done(fake->aux, id, result, NULL);
    json_decref(result);
}

static struct ovsd_ctl *
ctl_new(struct hsauto_settings *s)
{
    struct ovsd_ctl_options o = { .remote = "unix:/nonexistent" };
    struct ovsd_ctl *c = ovsd_ctl_create(&o);
    hsauto_settings_init(s);
    s->sampling = 512;
    s->polling = 20;
    ck_assert(hsauto_add_collector(s, "127.0.0.1", 6343));
    ovsd_ctl_set_desired(c, s);
    return c;
}

#define B1 "11111111-1111-4111-8111-111111111111"

/* A controller, synced, that has sent its first transaction (id 1) at NOW. */
static struct ovsd_ctl *
ctl_started(struct hsauto_settings *s, long long now)
{
    struct ovsd_ctl *c = ctl_new(s);
    fake->synced = true;
    add_bridge(B1, "xenbr0");
    ovsd_ctl_run(c, now);
    ck_assert_int_eq(json_array_size(fake->sent), 1);
    return c;
}

static void
ctl_done(struct ovsd_ctl *c, struct hsauto_settings *s)
{
    ovsd_ctl_destroy(c);
    hsauto_settings_destroy(s);
}

static long long
next_deadline(struct ovsd_ctl *c)
{
    struct poll_loop loop;
    poll_loop_init(&loop);
    ovsd_ctl_wait(c, &loop);
    return loop.deadline;
}
#define B2 "22222222-2222-4222-8222-222222222222"

/* ---- tests ------------------------------------------------------------------------ */

START_TEST(test_one_transaction_in_flight)
{
    struct hsauto_settings s;
    struct ovsd_ctl *c = ctl_new(&s);
    ovsd_ctl_run(c, 0);
    ck_assert_int_eq(json_array_size(fake->sent), 0);     /* not synced: nothing */

    fake->synced = true;
    add_bridge(B1, "xenbr0");
    ovsd_ctl_run(c, 1);
    ck_assert_int_eq(json_array_size(fake->sent), 1);
    ck_assert(!ovsd_ctl_is_settled(c));

    /* An update while the transaction is in flight waits for its reply. */
    add_bridge(B2, "xapi1");
    ovsd_ctl_run(c, 2);
    ck_assert_int_eq(json_array_size(fake->sent), 1);
    reply(1, NULL);
    ovsd_ctl_run(c, 3);
    ck_assert_int_eq(json_array_size(fake->sent), 2);
    ck_assert_uint_eq(ovsd_ctl_n_txns(c), 2);

    /* A reply for another id is ignored. */
    reply(99, NULL);
    ck_assert(!ovsd_ctl_is_settled(c));
    reply(2, NULL);
    ck_assert(ovsd_ctl_is_settled(c));
    ctl_done(c, &s);
}
END_TEST

START_TEST(test_failed_wait_retried_with_backoff)
{
    struct hsauto_settings s;
    struct ovsd_ctl *c = ctl_started(&s, 1000);
    reply(1, "timed out");                    /* concurrent change */
    ovsd_ctl_run(c, 1001);
    ck_assert_int_eq(json_array_size(fake->sent), 1);  /* not blindly resent */

    ck_assert_int_eq(next_deadline(c), 1000 + OVSD_CTL_RETRY_MS);
    ovsd_ctl_run(c, 1000 + OVSD_CTL_RETRY_MS);         /* no update came: retry */
    ck_assert_int_eq(json_array_size(fake->sent), 2);

    reply(2, "timed out");                    /* backoff doubles */
    ck_assert_int_eq(next_deadline(c), 2000 + 2 * OVSD_CTL_RETRY_MS);
    ck_assert_uint_eq(fake->n_reconnects, 0);
    ovsd_ctl_run(c, 4000);
    reply(3, "constraint violation");         /* third failure: resync */
    ck_assert_uint_eq(fake->n_reconnects, 1);

    ovsd_ctl_run(c, 4000 + 4 * OVSD_CTL_RETRY_MS);
    reply(4, NULL);                           /* success resets everything */
    ck_assert_int_eq(next_deadline(c), LLONG_MAX);
    ctl_done(c, &s);
}
END_TEST

/* A JSON-RPC error reply (no result) on a live connection is a failure
 * like any other: retried after the backoff, not at once, and a resync after
 * three in a row. */
START_TEST(test_error_reply_backoff)
{
    struct hsauto_settings s;
    struct ovsd_ctl *c = ctl_started(&s, 1000);
    fake->cb.txn_done(fake->aux, 1, NULL, "not leader");
    ovsd_ctl_run(c, 1000);
    ovsd_ctl_run(c, 1001);
    ck_assert_int_eq(json_array_size(fake->sent), 1);  /* not resent at once */
    ck_assert_int_eq(next_deadline(c), 1000 + OVSD_CTL_RETRY_MS);
    ovsd_ctl_run(c, 1000 + OVSD_CTL_RETRY_MS);
    ck_assert_int_eq(json_array_size(fake->sent), 2);
    fake->cb.txn_done(fake->aux, 2, NULL, "not leader");
    ck_assert_int_eq(next_deadline(c), 2000 + 2 * OVSD_CTL_RETRY_MS);
    ovsd_ctl_run(c, 4000);
    ck_assert_int_eq(json_array_size(fake->sent), 3);
    fake->cb.txn_done(fake->aux, 3, NULL, "not leader");
    ck_assert_uint_eq(fake->n_reconnects, 1);
    ctl_done(c, &s);
}
END_TEST

START_TEST(test_disconnect_and_settings)
{
    struct hsauto_settings s;
    struct ovsd_ctl *c = ctl_started(&s, 0);

    /* Connection lost with the transaction in flight: resent after resync. */
    fake->synced = false;
    fake->cb.disconnected(fake->aux);
    fake->cb.txn_done(fake->aux, 1, NULL, "connection lost");
    ovsd_ctl_run(c, 1);
    ck_assert_int_eq(json_array_size(fake->sent), 1);
    fake->synced = true;
    fake->cb.replica_changed(fake->aux, ovsdb_session_replica(fake));
    ovsd_ctl_run(c, 2);
    ck_assert_int_eq(json_array_size(fake->sent), 2);
    reply(2, NULL);

    /* No settings: the plan detaches (nothing is ours yet: nothing to do). */
    ovsd_ctl_set_desired(c, NULL);
    ck_assert_ptr_null(ovsd_ctl_plan(c));
    ovsd_ctl_set_desired(c, &s);
    json_t *plan = ovsd_ctl_plan(c);
    ck_assert_ptr_nonnull(plan);
    ck_assert_int_eq(json_array_size(fake->sent), 2);  /* plan sends nothing */
    json_decref(plan);
    ctl_done(c, &s);
}
END_TEST

static char *
show(struct ovsd_ctl *c, long long now)
{
    char *buf;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    ovsd_ctl_show(c, f, now);
    fclose(f);
    return buf;
}

#define S1 "33333333-3333-4333-8333-333333333333"
#define S2 "44444444-4444-4444-8444-444444444444"

START_TEST(test_show)
{
    struct hsauto_settings s;
    struct ovsd_ctl *c = ctl_new(&s);
    char *txt = show(c, 500);
    ck_assert_ptr_nonnull(strstr(txt, "state: backoff for 0.5 s"));
    ck_assert_ptr_nonnull(strstr(txt, "bridges: unknown (not connected"));
    ck_assert_ptr_nonnull(strstr(txt, "last transaction: none sent"));
    free(txt);

    fake->synced = true;
    add_bridge(B1, "xenbr0");
    ovsd_ctl_run(c, 1000);
    txt = show(c, 1500);
    ck_assert_ptr_nonnull(strstr(txt, "settings: hsflowd.auto revision"));
    ck_assert_ptr_nonnull(strstr(txt, "\"targets\":[\"set\",[\"127.0.0.1:6343\"]]"));
    ck_assert_ptr_nonnull(strstr(txt, "last transaction: 1, 0.5 s ago: in flight"));
    ck_assert_ptr_nonnull(strstr(txt, "\"xenbr0\": waiting (attach): transaction in flight"));
    free(txt);
    reply(1, NULL);

    /* The server's view after the commit: our row, a foreign row, an excluded
     * bridge. */
    json_t *sflow = json_object_get(fake->tables, "sFlow");
    json_object_set_new(sflow, S1, json_pack("{s:[s,[[s,s]]]}", "external_ids", "map",
                                             "sflowovsd", "owner"));
    json_object_set_new(sflow, S2, json_pack("{s:[s,[]]}", "external_ids", "map"));
    json_t *bridges = json_object_get(fake->tables, "Bridge");
    json_object_set_new(bridges, B1, json_pack("{s:s,s:[s,s]}", "name", "xenbr0", "sflow",
                                               "uuid", S1));
    json_object_set_new(bridges, B2, json_pack("{s:s,s:[s,s]}", "name", "br-op", "sflow",
                                               "uuid", S2));
    txt = show(c, 2000);
    ck_assert_ptr_nonnull(strstr(txt, "last transaction: 1, 1.0 s ago: committed"));
    ck_assert_ptr_nonnull(strstr(txt, "\"xenbr0\": attached"));
    ck_assert_ptr_nonnull(strstr(txt, "\"br-op\": operator's row: uses an sFlow row"));
    free(txt);
    ctl_done(c, &s);

    const char *ex[] = { "br-int" };
    struct ovsd_ctl_options o = { .remote = "unix:/nonexistent", .exclude = ex, .n_exclude = 1 };
    c = ovsd_ctl_create(&o);
    fake->synced = true;
    add_bridge(B1, "br-int");
    txt = show(c, 0);
    ck_assert_ptr_nonnull(strstr(txt, "settings: none (no hsflowd.auto)"));
    ck_assert_ptr_nonnull(strstr(txt, "\"br-int\": excluded: --exclude"));
    free(txt);
    ovsd_ctl_destroy(c);
}
END_TEST

int
main(void)
{
    log_open("test", false, LOG_DEBUG);
    return check_main(&(struct check_spec) {
        .name = "ovsd_ctl",
        .tests = CHECK_TESTS(test_one_transaction_in_flight, test_failed_wait_retried_with_backoff,
                             test_error_reply_backoff, test_disconnect_and_settings,
                             test_show),
    });
}
