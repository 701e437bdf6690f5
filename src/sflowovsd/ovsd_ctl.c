#include <config.h>
#include "sflowovsd/ovsd_ctl.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "sflowovsd/ovs_reconcile.h"
#include "ovsdb/replica.h"
#include "ovsdb/session.h"
#include "common/util.h"

/* Owned by the caller of ovsd_ctl_create(). */
struct ovsd_ctl {
    struct ovsdb_session *session;  /* owned */
    char **exclude;                 /* owned, N_EXCLUDE strings */
    size_t n_exclude;
    bool take_over;
    bool have_desired;
    struct hsauto_settings desired; /* owned copy, valid if HAVE_DESIRED */
    bool dirty;                     /* reconcile wanted */
    uint64_t in_flight;             /* txn id, 0 = none */
    unsigned long n_txns;
    json_t *foreign_logged;         /* owned: bridge name -> true, logged once */
    long long now;                  /* time of the current ovsd_ctl_run() */
    long long retry_at;             /* reconcile again then (LLONG_MAX = never) */
    unsigned int n_failures;        /* transactions failed in a row */
    char *last_problem;             /* owned: last "settings unusable" reason logged */
    const char *remote;             /* owned by the session's config (borrowed) */
    uint64_t last_txn;              /* last transaction sent, 0 = none */
    long long last_txn_at;          /* when it was sent */
    char *last_result;              /* owned: what became of it, NULL while in flight */
};

static void
ctl_set_result(struct ovsd_ctl *c, char *result)
{
    free(c->last_result);
    c->last_result = result;
}

static void
ctl_replica_changed(void *aux, const struct ovsdb_replica *r)
{
    struct ovsd_ctl *c = aux;
    (void) r;
    c->dirty = true;
}

static void
ctl_disconnected(void *aux)
{
    struct ovsd_ctl *c = aux;
    c->in_flight = 0;
    c->dirty = true;   /* reconcile in full after the next initial monitor state */
    LOG_RL(LOG_WARNING, "lost the OVSDB connection; reconnecting");
}

static void
ctl_txn_failed(struct ovsd_ctl *c)
{
    c->n_failures++;
    unsigned int shift = c->n_failures - 1 < 5 ? c->n_failures - 1 : 5;
    long long delay = (long long) OVSD_CTL_RETRY_MS << shift;
    c->retry_at = c->now + (delay < OVSD_CTL_RETRY_MAX_MS ? delay : OVSD_CTL_RETRY_MAX_MS);
    if (c->n_failures % OVSD_CTL_RESYNC_AFTER == 0) {
        LOG_RL(LOG_WARNING, "%u transactions failed in a row; resynchronizing", c->n_failures);
        ovsdb_session_force_reconnect(c->session);
    }
}

/* Returns the first error of a transact result, or NULL. */
static const json_t *
txn_first_error(const json_t *result)
{
    size_t i;
    const json_t *r;
    json_array_foreach(result, i, r) {
        if (json_is_object(r) && json_object_get(r, "error")) {
            return r;
        }
    }
    return NULL;
}

static void
ctl_txn_done(void *aux, uint64_t txn_id, const json_t *result, const char *error)
{
    struct ovsd_ctl *c = aux;
    if (txn_id != c->in_flight) {
        return;
    }
    c->in_flight = 0;
    if (!result && !ovsdb_session_is_synced(c->session)) {
        /* The connection was lost: the resync that follows reconciles. */
        ctl_set_result(c, xasprintf("failed: %s", error ? error : "unknown error"));
        LOG_RL(LOG_WARNING, "transaction %llu failed: %s", (unsigned long long) txn_id,
               error ? error : "unknown error");
        c->dirty = true;
        return;
    }
    if (!result) {
        /* A JSON-RPC error reply on a live connection: retried after the
         * same backoff as a failed operation, never at once. */
        ctl_set_result(c, xasprintf("refused: %s", error ? error : "unknown error"));
        ctl_txn_failed(c);
        LOG_RL(LOG_ERR, "transaction %llu refused by the server: %s",
               (unsigned long long) txn_id, error ? error : "unknown error");
        return;
    }
    const json_t *e = txn_first_error(result);
    if (!e) {
        ctl_set_result(c, xstrdup("committed"));
        log_info("transaction %llu committed", (unsigned long long) txn_id);
        c->n_failures = 0;
        c->retry_at = LLONG_MAX;
        return;
    }
    ctl_txn_failed(c);
    const char *what = json_string_value(json_object_get(e, "error"));
    const char *details = json_string_value(json_object_get(e, "details"));
    ctl_set_result(c, xasprintf("failed: %s%s%s", what ? what : "error", details ? ": " : "",
                                details ? details : ""));
    if (what && !strcmp(what, "timed out")) {
        /* A wait failed: someone changed a row we read. The update that
         * tells us what they did triggers a fresh reconcile. */
        log_info("transaction %llu: concurrent change, reconciling on the next update",
                 (unsigned long long) txn_id);
    } else {
        LOG_RL(LOG_ERR, "transaction %llu failed: %s%s%s", (unsigned long long) txn_id,
               what ? what : "error", details ? ": " : "", details ? details : "");
    }
}

struct ovsd_ctl *
ovsd_ctl_create(const struct ovsd_ctl_options *o)
{
    struct ovsd_ctl *c = xzalloc(sizeof *c);
    c->n_exclude = o->n_exclude;
    c->exclude = xcalloc(o->n_exclude ? o->n_exclude : 1, sizeof *c->exclude);
    for (size_t i = 0; i < o->n_exclude; i++) {
        c->exclude[i] = xstrdup(o->exclude[i]);
    }
    c->take_over = o->take_over;
    c->foreign_logged = json_object();
    c->retry_at = LLONG_MAX;

    /* Only what the reconcile reads: a bridge's name and sFlow reference,
     * and the sFlow rows (few) in full. */
    json_t *mon = json_pack("{s:{s:[s,s]},s:{}}", "Bridge", "columns", "name", "sflow",
                            "sFlow");
    static const char *const required[] = { "Open_vSwitch", "Bridge", "sFlow", NULL };
    struct ovsdb_session_config cfg = {
        .remote = o->remote,
        .database = "Open_vSwitch",
        .monitor_requests = mon,
        .required_tables = required,
    };
    static const struct ovsdb_session_callbacks cb = {
        .replica_changed = ctl_replica_changed,
        .disconnected = ctl_disconnected,
        .txn_done = ctl_txn_done,
    };
    c->session = ovsdb_session_create(&cfg, &cb, c);
    json_decref(mon);
    return c;
}

void
ovsd_ctl_destroy(struct ovsd_ctl *c)
{
    if (!c) {
        return;
    }
    ovsdb_session_destroy(c->session);
    for (size_t i = 0; i < c->n_exclude; i++) {
        free(c->exclude[i]);
    }
    free(c->exclude);
    if (c->have_desired) {
        hsauto_settings_destroy(&c->desired);
    }
    json_decref(c->foreign_logged);
    free(c->last_problem);
    free(c->last_result);
    free(c);
}

void
ovsd_ctl_set_desired(struct ovsd_ctl *c, const struct hsauto_settings *s)
{
    if (c->have_desired) {
        hsauto_settings_destroy(&c->desired);
    }
    c->have_desired = s != NULL;
    if (s) {
        hsauto_settings_copy(&c->desired, s);
    }
    c->dirty = true;
}

static void
ctl_reconcile(struct ovsd_ctl *c, struct ovs_reconcile_result *res)
{
    const struct ovsdb_replica *r = ovsdb_session_replica(c->session);
    /* The bridges as views into the replica (no copies); the sFlow rows,
     * a handful, as JSON. */
    const struct ovsdb_replica_table *bt = ovsdb_replica_find_table(r, "Bridge");
    int name_col = ovsdb_replica_table_column(bt, "name");
    int sflow_col = ovsdb_replica_table_column(bt, "sflow");
    size_t n = ovsdb_replica_table_size(bt);
    struct ovs_reconcile_bridge_row *rows = xcalloc(n ? n : 1, sizeof *rows);
    for (size_t i = 0; i < n; i++) {
        rows[i].uuid = ovsdb_replica_row_uuid(bt, i);
        rows[i].name = json_string_value(ovsdb_replica_row_datum(bt, i, name_col));
        rows[i].sflow = ovsdb_replica_row_datum(bt, i, sflow_col);
    }
    json_t *sflows = ovsdb_replica_table_json(r, "sFlow");
    struct ovs_reconcile_tables t = { .bridges = rows, .n_bridges = n, .sflows = sflows };
    struct ovs_reconcile_options o = {
        .exclude = (const char *const *) c->exclude,
        .n_exclude = c->n_exclude,
        .take_over = c->take_over,
    };
    ovs_reconcile(c->have_desired ? &c->desired : NULL, &o, &t, res);
    json_decref(sflows);
    free(rows);
}

/* Logs each bridge left alone once, and forgets those no longer foreign. */
static void
ctl_log_foreign(struct ovsd_ctl *c, const json_t *foreign)
{
    json_t *now = json_object();
    size_t i;
    const json_t *name;
    json_array_foreach(foreign, i, name) {
        const char *n = json_string_value(name);
        if (!json_object_get(c->foreign_logged, n)) {
            /* The name comes from the database: logged JSON-escaped. */
            char *q = json_dumps(name, JSON_ENCODE_ANY);
            log_notice("bridge %s uses an sFlow row sflowovsd does not own: left alone "
                       "(--take-over replaces it)", q ? q : "?");
            free(q);
        }
        json_object_set_new(now, n, json_true());
    }
    json_decref(c->foreign_logged);
    c->foreign_logged = now;
}

static void
ctl_log_problem(struct ovsd_ctl *c, const char *problem)
{
    if (!problem) {
        free(c->last_problem);
        c->last_problem = NULL;
    } else if (!c->last_problem || strcmp(problem, c->last_problem)) {
        log_notice("%s: sFlow detached from every bridge", problem);
        free(c->last_problem);
        c->last_problem = xstrdup(problem);
    }
}

void
ovsd_ctl_run(struct ovsd_ctl *c, long long now)
{
    c->now = now;
    ovsdb_session_run(c->session, now);
    if (now >= c->retry_at) {
        c->retry_at = LLONG_MAX;
        c->dirty = true;
    }
    if (!c->dirty || c->in_flight || !ovsdb_session_is_synced(c->session)) {
        return;
    }
    c->dirty = false;
    struct ovs_reconcile_result res;
    ctl_reconcile(c, &res);
    ctl_log_foreign(c, res.foreign);
    ctl_log_problem(c, res.problem);
    if (res.ops) {
        size_t n_ops = json_array_size(res.ops);
        uint64_t id = ovsdb_session_transact(c->session, json_incref(res.ops));
        if (id) {
            c->in_flight = id;
            c->n_txns++;
            c->last_txn = id;
            c->last_txn_at = now;
            ctl_set_result(c, NULL);
            log_info("transaction %llu sent: %zu ops, %zu bridge(s) attached, %zu detached%s%s",
                     (unsigned long long) id, n_ops, res.n_attach, res.n_detach,
                     res.insert ? ", row inserted" : "", res.update ? ", row updated" : "");
        } else {
            c->dirty = true;   /* not connected: retried after the resync */
        }
    }
    ovs_reconcile_result_destroy(&res);
}

void
ovsd_ctl_wait(struct ovsd_ctl *c, struct poll_loop *loop)
{
    ovsdb_session_wait(c->session, loop);
    if (c->retry_at != LLONG_MAX) {
        poll_loop_timer_wait(loop, c->retry_at);
    }
    if (c->dirty && !c->in_flight && ovsdb_session_is_synced(c->session)) {
        poll_loop_immediate_wake(loop);
    }
}

bool
ovsd_ctl_wait_synced(struct ovsd_ctl *c, long long timeout_ms)
{
    return ovsdb_session_wait_synced(c->session, timeout_ms);
}

bool
ovsd_ctl_is_synced(const struct ovsd_ctl *c)
{
    return ovsdb_session_is_synced(c->session);
}

json_t *
ovsd_ctl_plan(struct ovsd_ctl *c)
{
    if (!ovsdb_session_is_synced(c->session)) {
        return NULL;
    }
    struct ovs_reconcile_result res;
    ctl_reconcile(c, &res);
    ctl_log_foreign(c, res.foreign);
    ctl_log_problem(c, res.problem);
    json_t *ops = json_incref(res.ops);
    ovs_reconcile_result_destroy(&res);
    return ops;
}

bool
ovsd_ctl_is_settled(const struct ovsd_ctl *c)
{
    return ovsdb_session_is_synced(c->session) && !c->in_flight && !c->dirty;
}

unsigned long
ovsd_ctl_n_txns(const struct ovsd_ctl *c)
{
    return c->n_txns;
}

void
ovsd_ctl_force_resync(struct ovsd_ctl *c)
{
    log_notice("full resync asked for: reconnecting to the database");
    ovsdb_session_force_reconnect(c->session);
    c->dirty = true;
}

static void
show_settings(const struct ovsd_ctl *c, FILE *out)
{
    if (!c->have_desired) {
        fprintf(out, "settings: none (no hsflowd.auto): sFlow detached from every bridge\n");
        return;
    }
    const struct hsauto_settings *d = &c->desired;
    fprintf(out, "settings: hsflowd.auto revision %llu\n", (unsigned long long) d->revision);
    char *problem = NULL;
    json_t *row = ovs_reconcile_desired_row(d, &problem);
    if (row) {
        char *txt = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
        fprintf(out, "  sFlow row: %s\n", txt);
        free(txt);
        json_decref(row);
    } else {
        fprintf(out, "  unusable: %s: sFlow detached from every bridge\n", problem);
        free(problem);
    }
}

void
ovsd_ctl_show(struct ovsd_ctl *c, FILE *out, long long now)
{
    struct ovsdb_session_status st;
    ovsdb_session_get_status(c->session, &st);
    fprintf(out, "database: %s\n", st.remote);
    fprintf(out, "  state: %s for %.1f s\n", st.state, (now - st.since) / 1000.0);
    fprintf(out, "  connections: %u made, %u failed or dropped\n", st.n_connects, st.n_failures);
    show_settings(c, out);
    if (c->last_txn) {
        fprintf(out, "last transaction: %llu, %.1f s ago: %s\n",
                (unsigned long long) c->last_txn, (now - c->last_txn_at) / 1000.0,
                c->last_result ? c->last_result : "in flight");
    } else {
        fprintf(out, "last transaction: none sent\n");
    }
    fprintf(out, "transactions: %lu sent, %u failed in a row\n", c->n_txns, c->n_failures);
    if (!ovsdb_session_is_synced(c->session)) {
        fprintf(out, "bridges: unknown (not connected to the database)\n");
        return;
    }
    struct ovs_reconcile_result res;
    ctl_reconcile(c, &res);
    fprintf(out, "bridges: %zu\n", res.n_bridges);
    for (size_t i = 0; i < res.n_bridges; i++) {
        const struct ovs_reconcile_bridge *b = &res.bridges[i];
        /* Names come from the database: shown JSON-escaped. */
        json_t *name = json_string(b->name);
        char *q = name ? json_dumps(name, JSON_ENCODE_ANY) : NULL;
        json_decref(name);
        const char *why = "";
        switch (b->state) {
        case OVS_RECONCILE_ATTACHED:
            why = res.update ? ": our row's values are being updated" : "";
            break;
        case OVS_RECONCILE_EXCLUDED: why = ": --exclude"; break;
        case OVS_RECONCILE_FOREIGN:
            why = ": uses an sFlow row sflowovsd does not own (--take-over replaces it)";
            break;
        case OVS_RECONCILE_ATTACH_PENDING:
        case OVS_RECONCILE_DETACH_PENDING:
            why = c->in_flight ? ": transaction in flight" : ": in the next transaction";
            break;
        case OVS_RECONCILE_UNSAMPLED:
            why = res.problem ? ": no usable settings" : "";
            break;
        }
        fprintf(out, "  %s: %s%s\n", q ? q : "?", ovs_reconcile_bridge_state_name(b->state), why);
        free(q);
    }
    ovs_reconcile_result_destroy(&res);
}
