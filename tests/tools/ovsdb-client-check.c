/* ovsdb-client-check: drives an ovsdb_session against a server, for the
 * integration tests.
 *
 *   ovsdb-client-check REMOTE sync BRIDGES [MARKER]
 *       Waits until synced, checks that the Bridge rows are exactly BRIDGES
 *       (comma-separated) with every monitored column present, inserts an
 *       sFlow row referenced by the first bridge in one transaction and waits
 *       until the replica shows it. With MARKER: creates that file, then
 *       waits for the connection to drop and come back (the caller restarts
 *       the server) and checks the replica again after the resync.
 *   ovsdb-client-check REMOTE synced SECONDS
 *       Waits until synced, prints the number of rows, then keeps running
 *       for one more second (to answer the server's echo).
 *   ovsdb-client-check REMOTE changes N SECONDS
 *       Runs until the replica has changed N times (the initial state is
 *       the first change), or fails after SECONDS; prints the number of rows
 *       and the CPU time used so far (user + system, from /proc/self/stat).
 *   ovsdb-client-check REMOTE reconnects N SECONDS
 *       Runs until the session has connected N times (exit 0), or fails
 *       after SECONDS. For hostile peers: every error must reconnect.
 *
 * Prints "synced_ms=..." and "txn_ms=..." figures on stdout. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "ovsdb/replica.h"
#include "ovsdb/session.h"
#include "common/util.h"

/* Owned by main(). */
struct check {
    struct ovsdb_session *s;
    unsigned int n_changes;
    unsigned int n_disconnects;
    uint64_t txn_id;
    bool txn_done;
    bool txn_ok;
};

static void
check_changed(void *aux, const struct ovsdb_replica *r)
{
    struct check *c = aux;
    (void) r;
    c->n_changes++;
}

static void
check_disconnected(void *aux)
{
    struct check *c = aux;
    c->n_disconnects++;
    if (ovsdb_replica_table_size(ovsdb_replica_find_table(ovsdb_session_replica(c->s), "Bridge"))) {
        fprintf(stderr, "FAIL: replica not empty after disconnect\n");
        exit(1);
    }
}

static void
check_txn_done(void *aux, uint64_t txn_id, const json_t *result, const char *error)
{
    struct check *c = aux;
    if (txn_id != c->txn_id) {
        fprintf(stderr, "FAIL: txn_done for unknown txn %llu\n", (unsigned long long) txn_id);
        exit(1);
    }
    c->txn_done = true;
    c->txn_ok = result != NULL;
    size_t i;
    json_t *op;
    json_array_foreach((json_t *) result, i, op) {
        if (json_object_get(op, "error")) {
            char *t = json_dumps(op, JSON_COMPACT);
            fprintf(stderr, "transaction op %zu failed: %s\n", i, t);
            free(t);
            c->txn_ok = false;
        }
    }
    if (error) {
        fprintf(stderr, "transaction failed: %s\n", error);
    }
}

/* A predicate on the check, for ovsdb_session_run_until(). */
struct check_pred {
    struct check *c;
    bool (*done)(struct check *);
};

static bool
check_pred_eval(void *aux)
{
    struct check_pred *p = aux;
    return p->done(p->c);
}

/* Runs the session until DONE(c) or TIMEOUT_MS pass. */
static bool
check_run_until(struct check *c, bool (*done)(struct check *), long long timeout_ms)
{
    struct check_pred p = { c, done };
    return ovsdb_session_run_until(c->s, check_pred_eval, &p, timeout_ms);
}

static bool
is_txn_done(struct check *c)
{
    return c->txn_done;
}

/* The Bridge row named NAME's sflow column references an sFlow row with
 * our external_ids key. */
static bool
is_sflow_attached(struct check *c)
{
    const struct ovsdb_replica *r = ovsdb_session_replica(c->s);
    if (!ovsdb_session_is_synced(c->s)) {
        return false;
    }
    json_t *sflow = ovsdb_replica_table_json(r, "sFlow");
    json_t *bridges = ovsdb_replica_table_json(r, "Bridge");
    const char *uuid;
    json_t *row;
    bool found = false;
    json_object_foreach(bridges, uuid, row) {
        json_t *ref = json_object_get(row, "sflow");
        /* A set of one uuid is the bare ["uuid", U]. */
        if (json_is_array(ref) && !strcmp(json_string_value(json_array_get(ref, 0)), "uuid")) {
            const json_t *s = json_object_get(sflow, json_string_value(json_array_get(ref, 1)));
            json_t *ids = json_object_get((json_t *) s, "external_ids");
            json_t *targets = json_object_get((json_t *) s, "targets");
            char *t1 = json_dumps(ids, JSON_COMPACT);
            char *t2 = json_dumps(targets, JSON_COMPACT | JSON_ENCODE_ANY);
            bool ok = t1 && t2 && strstr(t1, "\"ovsdb-client-check\"")
                      && !strcmp(t2, "\"127.0.0.1:6343\"");
            free(t1);
            free(t2);
            if (ok) {
                found = true;
                break;
            }
        }
    }
    json_decref(sflow);
    json_decref(bridges);
    return found;
}

static int check_bridges_in(json_t *bridges, const char *expected);

static int
check_bridges(struct check *c, const char *expected)
{
    const struct ovsdb_replica *r = ovsdb_session_replica(c->s);
    json_t *bridges = ovsdb_replica_table_json(r, "Bridge");
    int rc = check_bridges_in(bridges, expected);
    json_decref(bridges);
    return rc;
}

static int
check_bridges_in(json_t *bridges, const char *expected)
{
    char *list = xstrdup(expected);
    size_t n_expected = 0;
    for (char *save = NULL, *name = strtok_r(list, ",", &save); name;
         name = strtok_r(NULL, ",", &save)) {
        bool found = false;
        const char *uuid;
        json_t *row;
        n_expected++;
        json_object_foreach(bridges, uuid, row) {
            if (!json_object_get(row, "sflow") || !json_object_get(row, "external_ids")) {
                fprintf(stderr, "FAIL: bridge row %s lacks a monitored column\n", uuid);
                return 1;
            }
            if (json_is_string(json_object_get(row, "name"))
                && !strcmp(json_string_value(json_object_get(row, "name")), name)) {
                found = true;
            }
        }
        if (!found) {
            fprintf(stderr, "FAIL: bridge %s not in the replica\n", name);
            return 1;
        }
    }
    free(list);
    if (json_object_size(bridges) != n_expected) {
        fprintf(stderr, "FAIL: %zu bridges in the replica, expected %zu\n",
                json_object_size(bridges), n_expected);
        return 1;
    }
    return 0;
}

static void
check_dump(struct check *c)
{
    const struct ovsdb_replica *r = ovsdb_session_replica(c->s);
    static const char *const tables[] = { "Open_vSwitch", "Bridge", "sFlow" };
    for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
        json_t *rows = ovsdb_replica_table_json(r, tables[i]);
        char *t = json_dumps(rows, JSON_COMPACT);
        fprintf(stderr, "replica %s: %s\n", tables[i], t ? t : "null");
        free(t);
        json_decref(rows);
    }
}

static int
check_transact(struct check *c, const char *bridges)
{
    char first[64];
    snprintf(first, sizeof first, "%.*s", (int) strcspn(bridges, ","), bridges);
    json_t *ops = json_pack(
        "[{s:s, s:s, s:s, s:{s:s, s:s, s:i, s:[s,[[s,s]]]}},"
        " {s:s, s:s, s:[[s,s,s]], s:{s:[s,s]}}]",
        "op", "insert", "table", "sFlow", "uuid-name", "row",
        "row", "agent", "lo", "targets", "127.0.0.1:6343", "sampling", 512,
        "external_ids", "map", "ovsdb-client-check", "yes",
        "op", "update", "table", "Bridge", "where", "name", "==", first,
        "row", "sflow", "named-uuid", "row");
    long long t0 = time_msec();
    c->txn_done = false;
    c->txn_id = ovsdb_session_transact(c->s, ops);
    if (!c->txn_id) {
        fprintf(stderr, "FAIL: transact refused while synced\n");
        return 1;
    }
    if (!check_run_until(c, is_txn_done, 10000) || !c->txn_ok) {
        fprintf(stderr, "FAIL: transaction did not succeed\n");
        return 1;
    }
    printf("txn_ms=%lld\n", time_msec() - t0);
    if (!check_run_until(c, is_sflow_attached, 10000)) {
        fprintf(stderr, "FAIL: the replica never showed the new sFlow row on %s\n", first);
        check_dump(c);
        return 1;
    }
    return 0;
}

static bool
has_reconnected(struct check *c)
{
    return c->n_disconnects > 0 && ovsdb_session_n_connects(c->s) >= 2
           && ovsdb_session_is_synced(c->s);
}

static unsigned int wanted_connects;

static bool
has_n_connects(struct check *c)
{
    return ovsdb_session_n_connects(c->s) >= wanted_connects;
}

static unsigned int wanted_changes;

static bool
has_n_changes(struct check *c)
{
    return c->n_changes >= wanted_changes;
}

/* CPU time (user + system) used by this process so far, in msec; -1 if
 * /proc cannot be read. */
static long long
cpu_msec(void)
{
    char buf[1024];
    FILE *f = fopen("/proc/self/stat", "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f) {
        fclose(f);
    }
    buf[n] = '\0';
    /* The fields after the command name, which may hold spaces: state is
     * field 3, utime and stime are fields 14 and 15. */
    const char *p = strrchr(buf, ')');
    unsigned long long utime, stime;
    if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
                     &utime, &stime) != 2) {
        return -1;
    }
    return (long long) ((utime + stime) * 1000 / (unsigned long long) sysconf(_SC_CLK_TCK));
}

static bool
never(struct check *c)
{
    (void) c;
    return false;
}

static size_t
count_rows(const struct ovsdb_replica *r)
{
    static const char *const tables[] = { "Open_vSwitch", "Bridge", "sFlow" };
    size_t n = 0;
    for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
        n += ovsdb_replica_table_size(ovsdb_replica_find_table(r, tables[i]));
    }
    return n;
}

int
main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s REMOTE sync BRIDGES [MARKER] | REMOTE reconnects N SECONDS\n",
                argv[0]);
        return 2;
    }
    log_open("ovsdb-client-check", false, LOG_DEBUG);
    json_t *monitor = json_pack("{s:{s:[s]}, s:{s:[s,s,s]}, s:{}}",
                                "Open_vSwitch", "columns", "bridges",
                                "Bridge", "columns", "name", "sflow", "external_ids",
                                "sFlow");
    static const char *const required[] = { "Open_vSwitch", "Bridge", "sFlow", NULL };
    struct ovsdb_session_config cfg = {
        .remote = argv[1],
        .database = "Open_vSwitch",
        .monitor_requests = monitor,
        .required_tables = required,
        .probe_interval_ms = getenv("PROBE_MS") ? atoll(getenv("PROBE_MS")) : 0,
        .max_message_bytes = getenv("MAX_MSG") ? (size_t) atoll(getenv("MAX_MSG")) : 0,
    };
    static const struct ovsdb_session_callbacks cb = {
        .replica_changed = check_changed,
        .disconnected = check_disconnected,
        .txn_done = check_txn_done,
    };
    struct check c = { 0 };
    c.s = ovsdb_session_create(&cfg, &cb, &c);
    json_decref(monitor);
    int rc = 0;

    if (!strcmp(argv[2], "sync")) {
        long long t0 = time_msec();
        if (!ovsdb_session_wait_synced(c.s, 10000)) {
            fprintf(stderr, "FAIL: not synced\n");
            rc = 1;
            goto out;
        }
        printf("synced_ms=%lld\n", time_msec() - t0);
        rc = check_bridges(&c, argv[3]) || check_transact(&c, argv[3]);
        if (rc || argc < 5) {
            goto out;
        }
        FILE *f = fopen(argv[4], "w");
        if (f) {
            fclose(f);
        }
        if (!check_run_until(&c, has_reconnected, 30000)) {
            fprintf(stderr, "FAIL: no resync after the server restart\n");
            rc = 1;
            goto out;
        }
        printf("reconnected connects=%u\n", ovsdb_session_n_connects(c.s));
        rc = check_bridges(&c, argv[3]);
        if (!rc && !check_run_until(&c, is_sflow_attached, 5000)) {
            fprintf(stderr, "FAIL: sFlow row missing after the resync\n");
            rc = 1;
        }
    } else if (!strcmp(argv[2], "synced")) {
        if (!ovsdb_session_wait_synced(c.s, atoll(argv[3]) * 1000)) {
            fprintf(stderr, "FAIL: not synced\n");
            rc = 1;
            goto out;
        }
        printf("synced rows=%zu\n", count_rows(ovsdb_session_replica(c.s)));
        fflush(stdout);
        check_run_until(&c, never, 1000);
    } else if (!strcmp(argv[2], "changes") && argc == 5) {
        wanted_changes = (unsigned int) atoi(argv[3]);
        if (!check_run_until(&c, has_n_changes, atoll(argv[4]) * 1000)) {
            fprintf(stderr, "FAIL: %u replica changes, expected %u\n", c.n_changes,
                    wanted_changes);
            rc = 1;
        }
        printf("changes=%u rows=%zu cpu_ms=%lld\n", c.n_changes,
               count_rows(ovsdb_session_replica(c.s)), cpu_msec());
    } else if (!strcmp(argv[2], "reconnects") && argc == 5) {
        wanted_connects = (unsigned int) atoi(argv[3]);
        if (!check_run_until(&c, has_n_connects, atoll(argv[4]) * 1000)) {
            fprintf(stderr, "FAIL: %u connections, expected %u\n",
                    ovsdb_session_n_connects(c.s), wanted_connects);
            rc = 1;
        }
        printf("connects=%u disconnects=%u synced=%d\n", ovsdb_session_n_connects(c.s),
               c.n_disconnects, ovsdb_session_is_synced(c.s));
    } else {
        fprintf(stderr, "unknown mode %s\n", argv[2]);
        rc = 2;
    }
out:
    ovsdb_session_destroy(c.s);
    return rc;
}
