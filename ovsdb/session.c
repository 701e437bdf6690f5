/* session: one OVSDB remote, kept connected and monitored.
 *
 * States and transitions (the reconnect machine in reconnect.c decides when
 * to connect, probe and give up; this one tracks the protocol):
 *
 *   IDLE -------connect started-----> CONNECTING
 *   CONNECTING --connected-----------> SCHEMA       (get_schema sent)
 *   SCHEMA ------schema ok-----------> MONITOR      (monitor_cond sent)
 *   MONITOR -----"unknown method"----> MONITOR      (monitor sent instead)
 *   MONITOR -----initial state-------> SYNCED       (replica_changed)
 *   SYNCED ------update/update2------> SYNCED       (replica_changed)
 *   any but IDLE --error/timeout/EOF/force--> IDLE  (disconnected; backoff)
 *
 * Every error on a connection (malformed or oversized message, reply with an
 * unknown id, schema without a required table, bad update, probe timeout)
 * is logged and drops the connection; the reconnect machine retries with
 * capped exponential backoff and the next connection resyncs from scratch. */
#include <config.h>

#include "ovsdb/session.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ovsdb/jsonrpc.h"
#include "common/log.h"
#include "ovsdb/reconnect.h"
#include "ovsdb/replica.h"
#include "ovsdb/schema.h"
#include "ovsdb/stream.h"
#include "common/util.h"

#define SESSION_MONITOR_ID "monitor"
#define SESSION_DEFAULT_PROBE_MS 5000
#define SESSION_DEFAULT_MAX_MESSAGE (64u * 1024 * 1024)
/* Messages handled per ovsdb_session_run() before yielding to the loop. */
#define SESSION_MAX_MSGS_PER_RUN 500

enum session_state {
    SESSION_IDLE,
    SESSION_CONNECTING,
    SESSION_SCHEMA,
    SESSION_MONITOR,
    SESSION_SYNCED,
};

/* Kinds of our requests (ovsdb_rpc_msg.kind of their replies). */
enum session_request {
    REQ_GET_SCHEMA = 1,
    REQ_MONITOR_COND,
    REQ_MONITOR,
    REQ_TRANSACT,
};

/* Owned by the caller of ovsdb_session_create(); owns everything it points
 * to (copies of the config strings, the connection, schema and replica). */
struct ovsdb_session {
    char *remote;
    char *database;
    json_t *monitor_requests;     /* owned copy */
    char **required_tables;       /* owned, NULL-terminated */
    size_t max_message_bytes;

    struct ovsdb_session_callbacks cb;
    void *aux;

    enum session_state state;
    struct ovsdb_reconnect reconnect;
    struct ovsdb_stream *connecting;   /* owned while CONNECTING */
    struct ovsdb_rpc *rpc;             /* owned while connected */
    struct ovsdb_schema schema;
    struct ovsdb_replica *replica;     /* owned */
    bool force_reconnect;
    uint64_t next_txn_id;
    unsigned int n_failures;           /* failed attempts and drops */
};

static void session_drop(struct ovsdb_session *s, long long now, const char *why);

struct ovsdb_session *
ovsdb_session_create(const struct ovsdb_session_config *cfg,
                     const struct ovsdb_session_callbacks *cb, void *aux)
{
    struct ovsdb_session *s = xzalloc(sizeof *s);
    const char *error;

    s->remote = xstrdup(cfg->remote ? cfg->remote : "");
    s->database = xstrdup(cfg->database ? cfg->database : "Open_vSwitch");
    s->monitor_requests = cfg->monitor_requests ? json_deep_copy(cfg->monitor_requests)
                                                : json_object();
    if (!json_is_object(s->monitor_requests)) {
        log_err("%s: monitor requests are not a JSON object; monitoring nothing", s->remote);
        json_decref(s->monitor_requests);
        s->monitor_requests = json_object();
    }
    size_t n = 0;
    while (cfg->required_tables && cfg->required_tables[n]) {
        n++;
    }
    s->required_tables = xcalloc(n + 1, sizeof *s->required_tables);
    for (size_t i = 0; i < n; i++) {
        s->required_tables[i] = xstrdup(cfg->required_tables[i]);
    }
    s->max_message_bytes = cfg->max_message_bytes ? cfg->max_message_bytes
                                                  : SESSION_DEFAULT_MAX_MESSAGE;
    if (cb) {
        s->cb = *cb;
    }
    s->aux = aux;
    s->state = SESSION_IDLE;
    ovsdb_reconnect_init(&s->reconnect, cfg->probe_interval_ms > 0
                                            ? cfg->probe_interval_ms
                                            : SESSION_DEFAULT_PROBE_MS);
    s->replica = ovsdb_replica_create();
    s->next_txn_id = 1;
    if (!ovsdb_stream_check_remote(s->remote, &error)) {
        log_err("%s: bad OVSDB remote: %s", s->remote, error);
    }
    return s;
}

void
ovsdb_session_destroy(struct ovsdb_session *s)
{
    if (!s) {
        return;
    }
    ovsdb_stream_close(s->connecting);
    ovsdb_rpc_destroy(s->rpc);
    ovsdb_schema_destroy(&s->schema);
    ovsdb_replica_destroy(s->replica);
    for (char **t = s->required_tables; *t; t++) {
        free(*t);
    }
    free(s->required_tables);
    json_decref(s->monitor_requests);
    free(s->remote);
    free(s->database);
    free(s);
}

/* ---- transitions ------------------------------------------------------------ */

/* IDLE -> CONNECTING */
static void
session_start_connect(struct ovsdb_session *s, long long now)
{
    int err = ovsdb_stream_open(s->remote, &s->connecting);
    ovsdb_reconnect_connecting(&s->reconnect, now);
    if (err) {
        LOG_RL(LOG_WARNING, "%s: connection failed: %s", s->remote, strerror(err));
        ovsdb_reconnect_connect_failed(&s->reconnect, now);
        s->n_failures++;
        return;
    }
    s->state = SESSION_CONNECTING;
}

/* CONNECTING -> SCHEMA */
static void
session_connected(struct ovsdb_session *s, long long now)
{
    ovsdb_reconnect_connected(&s->reconnect, now);
    s->rpc = ovsdb_rpc_create(s->connecting, s->max_message_bytes);
    s->connecting = NULL;
    s->state = SESSION_SCHEMA;
    log_info("%s: connected", s->remote);
    ovsdb_rpc_request(s->rpc, "get_schema", json_pack("[s]", s->database),
                      REQ_GET_SCHEMA, 0);
}

/* SCHEMA -> MONITOR, or IDLE if the schema lacks something we need. */
static void
session_got_schema(struct ovsdb_session *s, long long now, const json_t *result)
{
    const char *error;

    ovsdb_schema_destroy(&s->schema);
    if (!ovsdb_schema_init(&s->schema, (json_t *) result, &error)) {
        session_drop(s, now, error);
        return;
    }
    for (char **t = s->required_tables; *t; t++) {
        if (!ovsdb_schema_has_table(&s->schema, *t)) {
            char *why = xasprintf("schema has no table %s", *t);
            session_drop(s, now, why);
            free(why);
            return;
        }
    }
    if (!ovsdb_replica_bind(s->replica, &s->schema, s->monitor_requests, &error)) {
        session_drop(s, now, error);
        return;
    }
    /* monitor_cond wants {table: [<monitor-cond-request>...]}. */
    json_t *reqs = json_object();
    const char *table;
    json_t *req;
    json_object_foreach(s->monitor_requests, table, req) {
        json_object_set_new(reqs, table, json_pack("[O]", req));
    }
    s->state = SESSION_MONITOR;
    ovsdb_rpc_request(s->rpc, "monitor_cond",
                      json_pack("[s,s,o]", s->database, SESSION_MONITOR_ID, reqs),
                      REQ_MONITOR_COND, 0);
}

/* MONITOR -> MONITOR: the server is too old for monitor_cond. */
static void
session_fallback_monitor(struct ovsdb_session *s)
{
    log_info("%s: server does not know monitor_cond, using monitor", s->remote);
    ovsdb_rpc_request(s->rpc, "monitor",
                      json_pack("[s,s,O]", s->database, SESSION_MONITOR_ID,
                                s->monitor_requests),
                      REQ_MONITOR, 0);
}

/* MONITOR -> SYNCED */
static void
session_got_initial(struct ovsdb_session *s, long long now, const json_t *result, bool v2)
{
    const char *error;

    ovsdb_replica_clear(s->replica);
    if (!(v2 ? ovsdb_replica_apply_update2 : ovsdb_replica_apply_update)(s->replica, result,
                                                                         &error)) {
        char *why = xasprintf("bad initial monitor state: %s", error);
        session_drop(s, now, why);
        free(why);
        return;
    }
    s->state = SESSION_SYNCED;
    ovsdb_reconnect_proven(&s->reconnect);
    log_info("%s: synced, %zu rows (%s)", s->remote, ovsdb_replica_n_rows(s->replica),
             v2 ? "monitor_cond" : "monitor");
    if (s->cb.replica_changed) {
        s->cb.replica_changed(s->aux, s->replica);
    }
}

/* SYNCED -> SYNCED */
static void
session_got_update(struct ovsdb_session *s, long long now, const struct ovsdb_rpc_msg *m,
                   bool v2)
{
    const char *error;
    const json_t *p = m->params;

    if (json_array_size(p) != 2 || !json_is_string(json_array_get(p, 0))
        || strcmp(json_string_value(json_array_get(p, 0)), SESSION_MONITOR_ID)) {
        session_drop(s, now, "update notification for an unknown monitor");
        return;
    }
    if (s->state != SESSION_SYNCED) {
        session_drop(s, now, "update notification before the monitor's initial state");
        return;
    }
    if (!(v2 ? ovsdb_replica_apply_update2 : ovsdb_replica_apply_update)(
            s->replica, json_array_get(p, 1), &error)) {
        char *why = xasprintf("bad update: %s", error);
        session_drop(s, now, why);
        free(why);
        return;
    }
    if (s->cb.replica_changed) {
        s->cb.replica_changed(s->aux, s->replica);
    }
}

/* any -> IDLE. Fails the pending transactions, empties the replica and
 * tells the caller. WHY is logged (rate-limited); NULL for a forced
 * reconnect. */
static void
session_drop(struct ovsdb_session *s, long long now, const char *why)
{
    bool was_connected = s->rpc != NULL;

    if (why) {
        LOG_RL(LOG_ERR, "%s: %s; reconnecting", s->remote, why);
        s->n_failures++;
    }
    ovsdb_stream_close(s->connecting);
    s->connecting = NULL;
    struct ovsdb_rpc *rpc = s->rpc;
    s->rpc = NULL;
    s->state = SESSION_IDLE;
    ovsdb_replica_clear(s->replica);
    if (why) {
        ovsdb_reconnect_disconnected(&s->reconnect, now);
    }
    if (rpc) {
        for (size_t i = 0; i < rpc->n_pending; i++) {
            if (rpc->pending[i].kind == REQ_TRANSACT && s->cb.txn_done) {
                s->cb.txn_done(s->aux, rpc->pending[i].tag, NULL, "connection lost");
            }
        }
        ovsdb_rpc_destroy(rpc);
    }
    if (was_connected && s->cb.disconnected) {
        s->cb.disconnected(s->aux);
    }
}

/* ---- messages ------------------------------------------------------------------ */

static void
session_got_reply(struct ovsdb_session *s, long long now, const struct ovsdb_rpc_msg *m)
{
    bool ok = m->type == OVSDB_RPC_REPLY;
    const char *err = ok ? NULL : ovsdb_rpc_msg_error_text(m);

    switch (m->kind) {
    case OVSDB_RPC_KIND_ECHO:
        break;
    case REQ_GET_SCHEMA:
        if (!ok) {
            char *why = xasprintf("get_schema failed: %s", err);
            session_drop(s, now, why);
            free(why);
        } else if (s->state == SESSION_SCHEMA) {
            session_got_schema(s, now, m->result);
        }
        break;
    case REQ_MONITOR_COND:
    case REQ_MONITOR:
        if (s->state != SESSION_MONITOR) {
            session_drop(s, now, "unexpected monitor reply");
        } else if (ok) {
            session_got_initial(s, now, m->result, m->kind == REQ_MONITOR_COND);
        } else if (m->kind == REQ_MONITOR_COND && !strcmp(err, "unknown method")) {
            session_fallback_monitor(s);
        } else {
            char *why = xasprintf("monitor failed: %s", err);
            session_drop(s, now, why);
            free(why);
        }
        break;
    case REQ_TRANSACT:
        if (s->cb.txn_done) {
            if (ok && !json_is_array(m->result)) {
                s->cb.txn_done(s->aux, m->tag, NULL, "transact result is not an array");
            } else {
                s->cb.txn_done(s->aux, m->tag, ok ? m->result : NULL, err);
            }
        }
        break;
    default:
        break;
    }
}

static void
session_got_msg(struct ovsdb_session *s, long long now, const struct ovsdb_rpc_msg *m)
{
    switch (m->type) {
    case OVSDB_RPC_REPLY:
    case OVSDB_RPC_ERROR:
        session_got_reply(s, now, m);
        break;
    case OVSDB_RPC_NOTIFY:
        if (!strcmp(m->method, "update")) {
            session_got_update(s, now, m, false);
        } else if (!strcmp(m->method, "update2")) {
            session_got_update(s, now, m, true);
        } else {
            log_debug("%s: ignoring notification %s", s->remote, m->method);
        }
        break;
    case OVSDB_RPC_REQUEST: {
        /* We serve nothing but echo (answered in jsonrpc.c). */
        LOG_RL(LOG_WARNING, "%s: server sent unsupported request %.40s", s->remote,
               m->method);
        break;
    }
    }
}

/* ---- run / wait --------------------------------------------------------------- */

static void
session_run_reconnect(struct ovsdb_session *s, long long now)
{
    switch (ovsdb_reconnect_run(&s->reconnect, now)) {
    case OVSDB_RECONNECT_CONNECT:
        session_start_connect(s, now);
        break;
    case OVSDB_RECONNECT_DISCONNECT:
        /* The reconnect machine already moved to BACKOFF. */
        LOG_RL(LOG_ERR, "%s: %s; reconnecting", s->remote,
               s->state == SESSION_CONNECTING ? "connection attempt timed out"
                                              : "no reply to the inactivity probe");
        s->n_failures++;
        session_drop(s, now, NULL);
        break;
    case OVSDB_RECONNECT_PROBE:
        if (s->rpc) {
            log_debug("%s: idle, sending echo probe", s->remote);
            ovsdb_rpc_send_echo(s->rpc);
        }
        break;
    case OVSDB_RECONNECT_NONE:
        break;
    }
}

void
ovsdb_session_run(struct ovsdb_session *s, long long now)
{
    if (s->reconnect.state == OVSDB_RECONNECT_VOID) {
        ovsdb_reconnect_start(&s->reconnect, now);
    }
    if (s->force_reconnect) {
        s->force_reconnect = false;
        log_info("%s: reconnecting on request", s->remote);
        session_drop(s, now, NULL);
        ovsdb_reconnect_force_reconnect(&s->reconnect, now);
    }
    session_run_reconnect(s, now);

    if (s->state == SESSION_CONNECTING) {
        int err = ovsdb_stream_connect(s->connecting);
        if (!err) {
            session_connected(s, now);
        } else if (err != EAGAIN) {
            LOG_RL(LOG_WARNING, "%s: connection failed: %s", s->remote, strerror(err));
            ovsdb_stream_close(s->connecting);
            s->connecting = NULL;
            s->state = SESSION_IDLE;
            s->n_failures++;
            ovsdb_reconnect_connect_failed(&s->reconnect, now);
        }
    }
    for (int i = 0; i < SESSION_MAX_MSGS_PER_RUN && s->rpc && !s->force_reconnect; i++) {
        struct ovsdb_rpc_msg *m;
        const char *error;
        unsigned long long rx_before = s->rpc->rx_bytes;
        int err = ovsdb_rpc_recv(s->rpc, &m, &error);
        if (err == EAGAIN) {
            /* Part of a large message counts as activity too, so that a
             * slow transfer is not taken for a dead peer. */
            if (s->rpc->rx_bytes != rx_before) {
                ovsdb_reconnect_activity(&s->reconnect, now);
            }
            break;
        }
        if (err) {
            session_drop(s, now, error);
            break;
        }
        ovsdb_reconnect_activity(&s->reconnect, now);
        session_got_msg(s, now, m);
        ovsdb_rpc_msg_free(m);
    }
    if (s->rpc) {
        int err = ovsdb_rpc_flush(s->rpc);
        if (err) {
            char *why = xasprintf("send failed: %s", strerror(err));
            session_drop(s, now, why);
            free(why);
        }
    }
}

void
ovsdb_session_wait(struct ovsdb_session *s, struct poll_loop *loop)
{
    if (s->force_reconnect || s->reconnect.state == OVSDB_RECONNECT_VOID) {
        poll_loop_immediate_wake(loop);
    }
    long long deadline = ovsdb_reconnect_deadline(&s->reconnect);
    if (deadline != LLONG_MAX) {
        poll_loop_timer_wait(loop, deadline);
    }
    if (s->connecting) {
        ovsdb_stream_wait(s->connecting, loop);
    }
    if (s->rpc) {
        ovsdb_rpc_wait(s->rpc, loop);
    }
}

/* ---- queries and requests ------------------------------------------------------- */

bool
ovsdb_session_is_synced(const struct ovsdb_session *s)
{
    return s->state == SESSION_SYNCED;
}

const struct ovsdb_replica *
ovsdb_session_replica(const struct ovsdb_session *s)
{
    return s->replica;
}

uint64_t
ovsdb_session_transact(struct ovsdb_session *s, json_t *ops)
{
    if (s->state != SESSION_SYNCED || !s->rpc || !json_is_array(ops)) {
        json_decref(ops);
        return 0;
    }
    json_t *params = json_pack("[s]", s->database);
    json_array_extend(params, ops);
    json_decref(ops);
    uint64_t txn_id = s->next_txn_id++;
    if (!ovsdb_rpc_request(s->rpc, "transact", params, REQ_TRANSACT, txn_id)) {
        /* The send error drops the connection in the next run, which then
         * reports this transaction as lost. */
        log_debug("%s: transact %llu not sent", s->remote, (unsigned long long) txn_id);
    }
    return txn_id;
}

void
ovsdb_session_force_reconnect(struct ovsdb_session *s)
{
    s->force_reconnect = true;
}

unsigned int
ovsdb_session_n_connects(const struct ovsdb_session *s)
{
    return s->reconnect.n_connects;
}

bool
ovsdb_session_run_until(struct ovsdb_session *s, bool (*done)(void *aux), void *aux,
                        long long timeout_ms)
{
    long long deadline = time_msec() + timeout_ms;

    for (;;) {
        long long now = time_msec();
        ovsdb_session_run(s, now);
        if (done(aux)) {
            return true;
        }
        if (now >= deadline) {
            return false;
        }
        struct poll_loop loop;
        poll_loop_init(&loop);
        ovsdb_session_wait(s, &loop);
        poll_loop_timer_wait(&loop, deadline);
        poll_loop_block(&loop);
    }
}

/* State of ovsdb_session_wait_synced(). */
struct session_sync_wait {
    struct ovsdb_session *s;
    unsigned int failures;      /* s->n_failures when the wait began */
};

static bool
session_synced_or_failed(void *aux)
{
    struct session_sync_wait *w = aux;
    return ovsdb_session_is_synced(w->s) || w->s->n_failures != w->failures;
}

bool
ovsdb_session_wait_synced(struct ovsdb_session *s, long long timeout_ms)
{
    struct session_sync_wait w = { s, s->n_failures };
    ovsdb_session_run_until(s, session_synced_or_failed, &w, timeout_ms);
    return ovsdb_session_is_synced(s);
}

static const char *
session_state_name(const struct ovsdb_session *s)
{
    switch (s->state) {
    case SESSION_IDLE:
        return s->reconnect.state == OVSDB_RECONNECT_BACKOFF ? "backoff (waiting to reconnect)"
                                                             : "idle";
    case SESSION_CONNECTING: return "connecting";
    case SESSION_SCHEMA: return "connected, reading the schema";
    case SESSION_MONITOR: return "connected, waiting for the monitor's first state";
    case SESSION_SYNCED: return "connected";
    }
    return "?";
}

void
ovsdb_session_get_status(const struct ovsdb_session *s, struct ovsdb_session_status *st)
{
    st->remote = s->remote;
    st->state = session_state_name(s);
    st->since = s->reconnect.state_entered;
    st->n_connects = s->reconnect.n_connects;
    st->n_failures = s->n_failures;
}
