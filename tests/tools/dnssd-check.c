/* dnssd-check: runs the DNS-SD refresher in a poll loop and reports what it
 * finds, for tests/dnssd-dnsmasq.sh.
 *
 *   dnssd-check [-d DOMAIN] [-s SERVER] [-o FILE] [-1] [-t SECONDS] [-v]
 *
 * Prints one line per new result on stdout. With -o, also writes the result
 * to FILE in hsflowd.auto format (atomically) each time it changes. With -1,
 * exits after the first refresh: 0 if a result came, 1 if not. -t bounds the
 * run time (default 60 s). -v logs each query. The start delay is 0 unless
 * HSFLOWD_DNSSD_START_DELAY_MS says otherwise. */
#include <config.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dnssd/dnssd.h"
#include "common/daemon.h"
#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"

static void
print_result(const struct dnssd_result *r, uint64_t gen)
{
    const struct hsauto_settings *s = &r->settings;
    printf("generation=%llu ttl=%u collectors=", (unsigned long long) gen, r->ttl);
    for (size_t i = 0; i < s->n_collectors; i++) {
        printf("%s%s/%u", i ? "," : "", s->collectors[i].addr, s->collectors[i].port);
    }
    if (r->sampling_given) {
        printf(" sampling=%u", s->sampling);
    }
    if (r->polling_given) {
        printf(" polling=%u", s->polling);
    }
    if (r->header_given) {
        printf(" headerBytes=%u", s->header);
    }
    for (size_t i = 0; i < s->n_samplings; i++) {
        printf(" sampling.%s=%u", s->samplings[i].name, s->samplings[i].value);
    }
    for (size_t i = 0; i < s->n_pollings; i++) {
        printf(" polling.%s=%u", s->pollings[i].name, s->pollings[i].value);
    }
    if (s->agent_ip) {
        printf(" agentIP=%s", s->agent_ip);
    }
    if (s->agent_dev) {
        printf(" agent=%s", s->agent_dev);
    }
    if (r->agent_cidr) {
        printf(" agent.cidr=%s", r->agent_cidr);
    }
    printf("\n");
    fflush(stdout);
}

int
main(int argc, char **argv)
{
    const char *domain = NULL, *server = NULL, *out = NULL;
    bool once = false;
    int level = LOG_INFO;
    unsigned long long limit_s = 60;
    int opt;

    while ((opt = getopt(argc, argv, "d:s:o:1t:v")) != -1) {
        switch (opt) {
        case 'd': domain = optarg; break;
        case 's': server = optarg; break;
        case 'o': out = optarg; break;
        case '1': once = true; break;
        case 'v': level = LOG_DEBUG; break;
        case 't':
            if (!str_to_uint(optarg, 1, 3600, &limit_s)) {
                fprintf(stderr, "dnssd-check: bad -t '%s'\n", optarg);
                return 2;
            }
            break;
        default:
            fprintf(stderr, "usage: dnssd-check [-d DOMAIN] [-s SERVER] [-o FILE] [-1] "
                    "[-t SECONDS] [-v]\n");
            return 2;
        }
    }
    log_open("dnssd-check", false, level);
    daemon_catch_stop();
    if (!getenv("HSFLOWD_DNSSD_START_DELAY_MS")) {
        setenv("HSFLOWD_DNSSD_START_DELAY_MS", "0", 1);
    }

    struct dnssd *d = dnssd_create(domain, server);
    if (!d) {
        return 2;
    }
    uint64_t shown = 0;
    long long end = time_msec() + (long long) limit_s * 1000;
    int rc = 0;
    while (!daemon_stop_asked()) {
        long long now = time_msec();
        if (now >= end) {
            break;
        }
        dnssd_run(d, now);

        uint64_t gen;
        const struct dnssd_result *r = dnssd_get(d, &gen);
        if (r && gen != shown) {
            shown = gen;
            print_result(r, gen);
            if (out) {
                struct hsauto_settings s;
                char *err;
                hsauto_settings_copy(&s, &r->settings);
                s.revision = gen;
                if (!hsauto_write(out, &s, &err)) {
                    log_err("%s", err);
                    free(err);
                    rc = 1;
                }
                hsauto_settings_destroy(&s);
            }
        }

        struct poll_loop loop;
        poll_loop_init(&loop);
        dnssd_wait(d, &loop);
        if (once && loop.n_fds == 0 && loop.deadline > now) {
            /* Back to IDLE: the first refresh is over. */
            rc = r ? 0 : 1;
            break;
        }
        poll_loop_timer_wait(&loop, end);
        poll_loop_block(&loop);
    }
    dnssd_destroy(d);
    return rc;
}
