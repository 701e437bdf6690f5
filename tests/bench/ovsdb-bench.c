/* ovsdb-bench: figures for the OVSDB client against a real ovsdb-server.
 *
 *   ovsdb-bench REMOTE N
 *
 * Prints the time to sync the replica (whatever the database holds), then
 * the round trip of N transactions that each add a bridge, measured until
 * the replica shows the new row (transact + reply + update2 applied):
 * p50/p99/max, and the process's peak RSS. Not a test: nothing is asserted. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "common/log.h"
#include "ovsdb/replica.h"
#include "ovsdb/session.h"
#include "common/util.h"

/* Owned by main(). */
struct bench {
    struct ovsdb_session *s;
    unsigned int n_changes;
};

static void
bench_changed(void *aux, const struct ovsdb_replica *r)
{
    struct bench *b = aux;
    (void) r;
    b->n_changes++;
}

static size_t
bench_n_bridges(const struct bench *b)
{
    return ovsdb_replica_table_size(ovsdb_replica_find_table(ovsdb_session_replica(b->s), "Bridge"));
}

/* Monotonic microseconds, for figures finer than the msec loop clock. */
static long long
bench_usec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int
cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *) a, y = *(const long long *) b;
    return x < y ? -1 : x > y;
}

static size_t bench_want;

static bool
bench_has_bridges(void *aux)
{
    struct bench *b = aux;
    return ovsdb_session_is_synced(b->s) && bench_n_bridges(b) >= bench_want;
}

/* Runs the session until the replica holds WANT bridges; false on timeout. */
static bool
bench_wait_bridges(struct bench *b, size_t want, long long timeout_ms)
{
    bench_want = want;
    return ovsdb_session_run_until(b->s, bench_has_bridges, b, timeout_ms);
}

int
main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s REMOTE N\n", argv[0]);
        return 2;
    }
    log_open("ovsdb-bench", false, LOG_WARNING);
    int n = atoi(argv[2]);
    json_t *monitor = json_pack("{s:{s:[s]}, s:{s:[s,s,s]}, s:{}}",
                                "Open_vSwitch", "columns", "bridges",
                                "Bridge", "columns", "name", "sflow", "external_ids",
                                "sFlow");
    struct ovsdb_session_config cfg = {
        .remote = argv[1],
        .database = "Open_vSwitch",
        .monitor_requests = monitor,
    };
    static const struct ovsdb_session_callbacks cb = { .replica_changed = bench_changed };
    struct bench b = { 0 };
    b.s = ovsdb_session_create(&cfg, &cb, &b);
    json_decref(monitor);

    long long t0 = bench_usec();
    if (!ovsdb_session_wait_synced(b.s, 30000)) {
        fprintf(stderr, "not synced\n");
        return 1;
    }
    printf("initial sync: %zu bridges in %.1f ms\n", bench_n_bridges(&b),
           (bench_usec() - t0) / 1000.0);

    long long *lat = xcalloc((size_t) n + 1, sizeof *lat);
    for (int i = 0; i < n; i++) {
        size_t before = bench_n_bridges(&b);
        char name[32];
        snprintf(name, sizeof name, "bench%d", i);
        json_t *ops = json_pack("[{s:s, s:s, s:s, s:{s:s}},"
                                " {s:s, s:s, s:[], s:[[s,s,[s,[[s,s]]]]]}]",
                                "op", "insert", "table", "Bridge", "uuid-name", "b",
                                "row", "name", name,
                                "op", "mutate", "table", "Open_vSwitch", "where",
                                "mutations", "bridges", "insert", "set", "named-uuid", "b");
        long long start = bench_usec();
        if (!ovsdb_session_transact(b.s, ops) || !bench_wait_bridges(&b, before + 1, 10000)) {
            fprintf(stderr, "transaction %d did not show up\n", i);
            return 1;
        }
        lat[i] = bench_usec() - start;
    }
    if (n > 0) {
        qsort(lat, (size_t) n, sizeof *lat, cmp_ll);
        printf("add bridge round trip over %d: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", n,
               lat[n / 2] / 1000.0, lat[(n * 99) / 100] / 1000.0, lat[n - 1] / 1000.0);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("replica: %zu bridges, peak RSS %ld KiB\n", bench_n_bridges(&b), ru.ru_maxrss);
    free(lat);
    ovsdb_session_destroy(b.s);
    return 0;
}
