/* Unit tests for the session, against an in-process fake server on a unix
 * socket, with fake time: callbacks in order, transact refused before sync,
 * txn_done on a reply and on a lost connection, the replica emptied on a
 * drop and rebuilt on reconnect, forced reconnect, echo probe timeout. */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ovsdb/framer.h"
#include "common/log.h"
#include "ovsdb/replica.h"
#include "ovsdb/session.h"
#include "common/util.h"
#include "check_run.h"

#define U1 "11111111-1111-1111-1111-111111111111"

static const char schema_text[] =
    "{\"name\":\"Open_vSwitch\",\"tables\":{"
    " \"Bridge\":{\"columns\":{\"name\":{\"type\":\"string\"},"
    "  \"external_ids\":{\"type\":{\"key\":\"string\",\"value\":\"string\","
    "                   \"min\":0,\"max\":\"unlimited\"}}}},"
    " \"sFlow\":{\"columns\":{\"agent\":{\"type\":{\"key\":\"string\",\"min\":0,\"max\":1}}}}}}";

/* The fake server. Owned by the test. */
struct fake {
    int lfd, cfd;
    char path[108];
    struct ovsdb_framer fr;
    bool answer_txn;
    unsigned int n_accepts, n_echoes, n_txns;
};

/* What the callbacks saw. */
struct seen {
    unsigned int changed, disconnected, txn_done;
    uint64_t txn_id;
    bool txn_ok;
    char txn_error[64];
    size_t bridges_at_disconnect;
};

static struct fake fk;
static struct seen sn;
static struct ovsdb_session *s;
static long long now;

static void
fake_send(const char *text)
{
    ck_assert_int_eq(send(fk.cfd, text, strlen(text), MSG_NOSIGNAL), (ssize_t) strlen(text));
}

static void
fake_reply(json_t *req, const char *result)
{
    char *id = json_dumps(json_object_get(req, "id"), JSON_ENCODE_ANY);
    char *text = xasprintf("{\"id\":%s,\"result\":%s,\"error\":null}", id, result);
    fake_send(text);
    free(text);
    free(id);
}

static void
fake_handle(json_t *req)
{
    const char *method = json_string_value(json_object_get(req, "method"));
    ck_assert_ptr_nonnull(method);
    if (!strcmp(method, "get_schema")) {
        fake_reply(req, schema_text);
    } else if (!strcmp(method, "monitor_cond")) {
        /* The params are [db, "monitor", {table: [request]}]. */
        json_t *reqs = json_array_get(json_object_get(req, "params"), 2);
        ck_assert(json_is_array(json_object_get(reqs, "Bridge")));
        fake_reply(req, "{\"Bridge\":{\"" U1 "\":{\"initial\":{\"name\":\"br0\"}}}}");
    } else if (!strcmp(method, "transact")) {
        fk.n_txns++;
        ck_assert_str_eq(json_string_value(json_array_get(json_object_get(req, "params"), 0)),
                         "Open_vSwitch");
        if (fk.answer_txn) {
            fake_reply(req, "[{\"count\":1}]");
        }
    } else if (!strcmp(method, "echo")) {
        fk.n_echoes++;
    }
}

static void
fake_step(void)
{
    if (fk.cfd < 0) {
        fk.cfd = accept4(fk.lfd, NULL, NULL, SOCK_NONBLOCK);
        if (fk.cfd < 0) {
            return;
        }
        fk.n_accepts++;
        ovsdb_framer_reset(&fk.fr);
    }
    char buf[8192];
    ssize_t n = recv(fk.cfd, buf, sizeof buf, 0);
    if (n == 0) {
        close(fk.cfd);
        fk.cfd = -1;
        return;
    }
    for (size_t off = 0; n > 0 && off < (size_t) n;) {
        size_t len = (size_t) n - off;
        const char *error;
        enum ovsdb_framer_status st = ovsdb_framer_feed(&fk.fr, buf + off, &len, &error);
        off += len;
        ck_assert_int_ne(st, OVSDB_FRAMER_ERROR);
        if (st == OVSDB_FRAMER_TEXT) {
            size_t tlen;
            const char *t = ovsdb_framer_text(&fk.fr, &tlen);
            json_t *req = json_loadb(t, tlen, 0, NULL);
            ck_assert_ptr_nonnull(req);
            fake_handle(req);
            json_decref(req);
        }
    }
}

static void
fake_close_client(void)
{
    close(fk.cfd);
    fk.cfd = -1;
}

/* Runs the session and the server for STEPS rounds, advancing fake time by
 * STEP_MS each round. */
static void
pump(int steps, long long step_ms)
{
    for (int i = 0; i < steps; i++) {
        ovsdb_session_run(s, now);
        fake_step();
        ovsdb_session_run(s, now);
        now += step_ms;
    }
}

static void
cb_changed(void *aux, const struct ovsdb_replica *r)
{
    (void) aux;
    ck_assert_ptr_eq(r, ovsdb_session_replica(s));
    ck_assert(ovsdb_session_is_synced(s));
    sn.changed++;
}

static void
cb_disconnected(void *aux)
{
    (void) aux;
    sn.disconnected++;
    sn.bridges_at_disconnect = ovsdb_replica_table_size(
        ovsdb_replica_find_table(ovsdb_session_replica(s), "Bridge"));
    ck_assert(!ovsdb_session_is_synced(s));
}

static void
cb_txn_done(void *aux, uint64_t txn_id, const json_t *result, const char *error)
{
    (void) aux;
    sn.txn_done++;
    sn.txn_id = txn_id;
    sn.txn_ok = result != NULL;
    snprintf(sn.txn_error, sizeof sn.txn_error, "%s", error ? error : "");
}

static void
setup(void)
{
    memset(&fk, 0, sizeof fk);
    memset(&sn, 0, sizeof sn);
    now = 100000;
    log_open("test", false, LOG_ERR);
    snprintf(fk.path, sizeof fk.path, "/tmp/test-ovsdb-session-%d.sock", (int) getpid());
    unlink(fk.path);
    fk.lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    snprintf(sun.sun_path, sizeof sun.sun_path, "%s", fk.path);
    ck_assert_int_eq(bind(fk.lfd, (struct sockaddr *) &sun, sizeof sun), 0);
    ck_assert_int_eq(listen(fk.lfd, 4), 0);
    fk.cfd = -1;
    fk.answer_txn = true;
    ovsdb_framer_init(&fk.fr, 1 << 20);

    char *remote = xasprintf("unix:%s", fk.path);
    json_t *mon = json_loads("{\"Bridge\":{\"columns\":[\"name\",\"external_ids\"]}}", 0, NULL);
    static const char *const required[] = { "Bridge", "sFlow", NULL };
    struct ovsdb_session_config cfg = {
        .remote = remote, .database = "Open_vSwitch", .monitor_requests = mon,
        .required_tables = required, .probe_interval_ms = 1000,
    };
    static const struct ovsdb_session_callbacks cb = {
        .replica_changed = cb_changed, .disconnected = cb_disconnected,
        .txn_done = cb_txn_done,
    };
    s = ovsdb_session_create(&cfg, &cb, NULL);
    free(remote);
    json_decref(mon);
}

static void
teardown(void)
{
    ovsdb_session_destroy(s);
    if (fk.cfd >= 0) {
        close(fk.cfd);
    }
    close(fk.lfd);
    unlink(fk.path);
    ovsdb_framer_destroy(&fk.fr);
}

static void
sync_once(void)
{
    ck_assert_uint_eq(ovsdb_session_transact(s, json_array()), 0);
    pump(10, 1);
    ck_assert(ovsdb_session_is_synced(s));
    ck_assert_uint_eq(sn.changed, 1);
    json_t *row = ovsdb_replica_row_json(ovsdb_session_replica(s), "Bridge", U1);
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(json_string_value(json_object_get(row, "name")), "br0");
    ck_assert_ptr_nonnull(json_object_get(row, "external_ids"));
    json_decref(row);
}

START_TEST(test_sync_transact_update)
{
    sync_once();
    ck_assert_uint_eq(ovsdb_session_n_connects(s), 1);
    uint64_t id = ovsdb_session_transact(s, json_pack("[{s:s}]", "op", "comment"));
    ck_assert_uint_gt(id, 0);
    pump(5, 1);
    ck_assert_uint_eq(sn.txn_done, 1);
    ck_assert_uint_eq(sn.txn_id, id);
    ck_assert(sn.txn_ok);
    /* Not an array: refused. */
    ck_assert_uint_eq(ovsdb_session_transact(s, json_object()), 0);

    fake_send("{\"method\":\"update2\",\"params\":[\"monitor\",{\"Bridge\":{\"" U1 "\":"
              "{\"modify\":{\"external_ids\":[\"map\",[[\"k\",\"v\"]]]}}}}],\"id\":null}");
    pump(3, 1);
    ck_assert_uint_eq(sn.changed, 2);
    json_t *row = ovsdb_replica_row_json(ovsdb_session_replica(s), "Bridge", U1);
    char *t = json_dumps(json_object_get(row, "external_ids"), JSON_COMPACT);
    ck_assert_str_eq(t, "[\"map\",[[\"k\",\"v\"]]]");
    free(t);
    json_decref(row);
    ck_assert_uint_eq(sn.disconnected, 0);
}
END_TEST

START_TEST(test_drop_fails_txn_and_resyncs)
{
    sync_once();
    fk.answer_txn = false;
    uint64_t id = ovsdb_session_transact(s, json_pack("[{s:s}]", "op", "comment"));
    pump(3, 1);
    ck_assert_uint_eq(fk.n_txns, 1);
    ck_assert_uint_eq(sn.txn_done, 0);
    fake_close_client();
    pump(3, 1);
    ck_assert_uint_eq(sn.txn_done, 1);
    ck_assert_uint_eq(sn.txn_id, id);
    ck_assert(!sn.txn_ok);
    ck_assert_str_eq(sn.txn_error, "connection lost");
    ck_assert_uint_eq(sn.disconnected, 1);
    ck_assert_uint_eq(sn.bridges_at_disconnect, 0);
    ck_assert(!ovsdb_session_is_synced(s));
    ck_assert_uint_eq(ovsdb_session_transact(s, json_array()), 0);
    /* Backoff 250 ms: nothing before, a new connection after. */
    pump(20, 10);
    ck_assert_uint_eq(fk.n_accepts, 1);
    pump(10, 10);
    ck_assert_uint_eq(fk.n_accepts, 2);
    pump(5, 1);
    ck_assert(ovsdb_session_is_synced(s));
    ck_assert_uint_eq(ovsdb_session_n_connects(s), 2);
    ck_assert_uint_eq(sn.changed, 2);
}
END_TEST

START_TEST(test_force_reconnect)
{
    sync_once();
    ovsdb_session_force_reconnect(s);
    pump(1, 1);
    ck_assert_uint_eq(sn.disconnected, 1);
    fake_step();          /* the server sees EOF */
    pump(10, 1);
    ck_assert_uint_eq(fk.n_accepts, 2);
    ck_assert(ovsdb_session_is_synced(s));
    ck_assert_uint_eq(sn.changed, 2);
}
END_TEST

START_TEST(test_probe_timeout)
{
    sync_once();
    /* 1 s of silence: an echo; no answer within 1 s more: dropped. */
    pump(9, 100);
    ck_assert_uint_eq(fk.n_echoes, 0);
    pump(3, 100);
    ck_assert_uint_eq(fk.n_echoes, 1);
    ck_assert_uint_eq(sn.disconnected, 0);
    pump(10, 100);
    ck_assert_uint_eq(sn.disconnected, 1);
}
END_TEST

START_TEST(test_partial_message_is_activity)
{
    sync_once();
    /* A message that trickles in over 3 s (3 probe intervals) keeps the
     * connection: every piece counts as activity. */
    const char *msg = "{\"method\":\"update2\",\"params\":[\"monitor\",{\"Bridge\":{\"" U1
                      "\":{\"modify\":{\"name\":\"br1\"}}}}],\"id\":null}";
    size_t len = strlen(msg);
    for (size_t i = 0; i < len; i++) {
        ck_assert_int_eq(send(fk.cfd, msg + i, 1, MSG_NOSIGNAL), 1);
        pump(1, 3000 / (long long) len + 1);
    }
    pump(1, 1);
    ck_assert_uint_eq(sn.disconnected, 0);
    ck_assert_uint_eq(fk.n_echoes, 0);
    ck_assert_uint_eq(sn.changed, 2);
}
END_TEST

START_TEST(test_schema_without_table)
{
    /* Bind a session that needs a table the server lacks. */
    ovsdb_session_destroy(s);
    char *remote = xasprintf("unix:%s", fk.path);
    static const char *const required[] = { "Bridge", "Port", NULL };
    json_t *mon = json_loads("{\"Bridge\":{}}", 0, NULL);
    struct ovsdb_session_config cfg = {
        .remote = remote, .monitor_requests = mon, .required_tables = required,
    };
    static const struct ovsdb_session_callbacks cb = { .disconnected = cb_disconnected };
    s = ovsdb_session_create(&cfg, &cb, NULL);
    free(remote);
    json_decref(mon);
    pump(10, 1);
    ck_assert(!ovsdb_session_is_synced(s));
    ck_assert_uint_eq(sn.disconnected, 1);
    ck_assert_uint_eq(ovsdb_session_n_connects(s), 1);
}
END_TEST

CHECK_MAIN(
    .name = "ovsdb_session",
    .setup = setup, .teardown = teardown,
    .tests = CHECK_TESTS(test_sync_transact_update, test_drop_fails_txn_and_resyncs,
                         test_force_reconnect, test_probe_timeout,
                         test_partial_message_is_activity, test_schema_without_table))
