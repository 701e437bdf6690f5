/* Runs CYCLES host counter polls (hscounters_host + hscounters_interfaces)
 * on SYSROOT and prints the records of the last one and the time per poll:
 *
 *   bench_counters [-n CYCLES] [SYSROOT]        (default 1 cycle, "/")
 *
 * On "/" it reads the way hsflowd does on a live host: interfaces from the
 * rtnetlink table, their counters in one dump per poll, /proc kept open.
 * tests/bench/counters-bench.sh runs it under callgrind for instruction
 * counts. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters/counters.h"
#include "common/util.h"
#include "netlink/iftable.h"

int
main(int argc, char *argv[])
{
    unsigned long long cycles = 1;
    const char *root = "/";
    int i = 1;
    if (i + 1 < argc && !strcmp(argv[i], "-n")) {
        if (!str_to_uint(argv[i + 1], 1, 100000000, &cycles)) {
            fprintf(stderr, "bench_counters: bad cycle count %s\n", argv[i + 1]);
            return 2;
        }
        i += 2;
    }
    if (i < argc) {
        root = argv[i];
    }

    struct hscounters *c = hscounters_create(root);
    /* The live path as hsflowd runs it: the interface table from rtnetlink. */
    struct iftable *t = NULL;
    if (!strcmp(root, "/")) {
        char *err = NULL;
        struct iftable_options o = { .speed_fn = hscounters_link_speed, .speed_aux = c };
        t = iftable_create(&o, &err);
        if (!t) {
            fprintf(stderr, "bench_counters: %s\n", err);
            return 1;
        }
        hscounters_set_iftable(c, t);
    }
    struct sflow_counter_rec recs[64];
    size_t n_host = 0, n_ifs = 0;
    long long start = time_msec();
    for (unsigned long long k = 0; k < cycles; k++) {
        hscounters_set_cycle(c, (long long) k);
        n_host = hscounters_host(c, recs, 16);
        n_ifs = hscounters_interfaces(c, recs + 16, 48);
    }
    long long elapsed = time_msec() - start;
    printf("records:");
    for (size_t k = 0; k < n_host; k++) {
        printf(" %u", (unsigned) recs[k].tag);
    }
    printf("\ninterfaces: %zu\n", n_ifs);
    printf("bench_counters: %llu polls of %s, %.1f us per poll\n", cycles, root,
           (double) elapsed * 1000.0 / (double) cycles);
    hscounters_destroy(c);
    iftable_destroy(t);
    return 0;
}
