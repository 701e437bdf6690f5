/* Benchmark (printed, not judged): the pure parts of DNS-SD, per call.
 *
 *   bench_dnssd [-n ITERATIONS] SRV-ANSWER-FILE
 *
 * Times dnssd_txt_parse() on a typical nine-key TXT record and
 * dnssd_msg_min_ttl() on a recorded SRV answer. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dnssd/dnssd_msg.h"
#include "dnssd/dnssd_txt.h"
#include "common/util.h"

int
main(int argc, char **argv)
{
    unsigned long long n = 100000;
    int opt;
    while ((opt = getopt(argc, argv, "n:")) != -1) {
        if (opt != 'n' || !str_to_uint(optarg, 1, 1000000000, &n)) {
            fprintf(stderr, "usage: bench_dnssd [-n ITERATIONS] SRV-ANSWER-FILE\n");
            return 2;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "usage: bench_dnssd [-n ITERATIONS] SRV-ANSWER-FILE\n");
        return 2;
    }
    uint8_t msg[4096];
    FILE *f = fopen(argv[optind], "rb");
    if (!f) {
        perror(argv[optind]);
        return 1;
    }
    size_t len = fread(msg, 1, sizeof msg, f);
    fclose(f);

    static const char *const txt[] = {
        "txtvers=1", "sampling=400", "polling=20", "sampling.10G=2000", "polling.vm=10",
        "headerBytes=128", "agentIP=192.0.2.5", "agent=xenbr0", "agent.cidr=192.0.2.0/24",
    };
    struct dnssd_result r;
    dnssd_result_init(&r);
    char *err = NULL;
    long long t0 = time_msec();
    for (unsigned long long i = 0; i < n; i++) {
        if (!dnssd_txt_parse(txt, ARRAY_SIZE(txt), &r, &err)) {
            fprintf(stderr, "bench_dnssd: %s\n", err);
            return 1;
        }
    }
    long long t1 = time_msec();
    uint32_t ttl = 0;
    for (unsigned long long i = 0; i < n; i++) {
        if (!dnssd_msg_min_ttl(msg, len, 33, &ttl, &err)) {
            fprintf(stderr, "bench_dnssd: %s: %s\n", argv[optind], err);
            return 1;
        }
    }
    long long t2 = time_msec();
    dnssd_result_destroy(&r);
    printf("bench_dnssd: %llu iterations: TXT parse (9 keys) %.0f ns/call, "
           "DNS message walk (%zu bytes) %.0f ns/call\n",
           n, (double) (t1 - t0) * 1e6 / (double) n, len, (double) (t2 - t1) * 1e6 / (double) n);
    return 0;
}
