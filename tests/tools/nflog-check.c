/* nflog-check: receives from an NFLOG group with the hsnflog module and sends
 * the flow samples as sFlow datagrams to a collector, for the NFLOG tests and
 * the benchmark (the same path as hsflowd's, without the rest of the daemon).
 *
 *   nflog-check -g GROUP -p PROBABILITY [-N SAMPLING] [-H HEADER_BYTES] [-b RCVBUF]
 *               [-c ADDR:PORT] [-d DATAGRAM_BYTES] [-s STATS_FILE] [-t SECONDS]
 *
 * SAMPLING defaults to round(1/PROBABILITY): every logged packet sampled.
 *
 * Runs until SIGTERM/SIGINT (or -t SECONDS), then flushes and writes its
 * counters as one line of key=value pairs to STATS_FILE (default stdout).
 * Writes "ready" to stderr once the group is bound. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nflog/hsnflog.h"
#include "nflog/nflog_sampler.h"
#include "common/daemon.h"
#include "common/log.h"
#include "common/poll_loop.h"
#include "sflow/sflow_pack.h"
#include "common/util.h"

/* Owned by main(). */
struct sender {
    int fd;
    struct sockaddr_in to;
    unsigned long long sent, send_errors;
};

static void
emit(void *ctx, const uint8_t *data, size_t len)
{
    struct sender *s = ctx;
    if (sendto(s->fd, data, len, 0, (struct sockaddr *) &s->to, sizeof s->to) < 0) {
        s->send_errors++;
    } else {
        s->sent++;
    }
}

static void
usage(void)
{
    fprintf(stderr, "usage: nflog-check -g GROUP -p PROBABILITY [-N SAMPLING] [-H HEADER_BYTES] "
            "[-b RCVBUF] [-c ADDR:PORT] [-d DATAGRAM_BYTES] [-s STATS_FILE] [-t SECONDS]\n");
    exit(2);
}

static unsigned long long
num(const char *s, unsigned long long max)
{
    unsigned long long v;
    if (!str_to_uint(s, 0, max, &v)) {
        usage();
    }
    return v;
}

int
main(int argc, char **argv)
{
    uint32_t group = 0, header = SFLOW_MAX_HEADER / 2, rcvbuf = 0;
    uint32_t dgram = SFLOW_DEFAULT_DATAGRAM, seconds = 0, sampling = 0;
    bool sampling_set = false;
    double prob = 0;
    const char *collector = "127.0.0.1:6343", *stats_file = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "g:p:N:H:b:c:d:s:t:")) != -1) {
        switch (opt) {
        case 'g': group = (uint32_t) num(optarg, 65535); break;
        case 'p': prob = strtod(optarg, NULL); break;
        case 'N': sampling = (uint32_t) num(optarg, UINT32_MAX); sampling_set = true; break;
        case 'H': header = (uint32_t) num(optarg, SFLOW_MAX_HEADER); break;
        case 'b': rcvbuf = (uint32_t) num(optarg, 1u << 30); break;
        case 'c': collector = optarg; break;
        case 'd': dgram = (uint32_t) num(optarg, SFLOW_MAX_DATAGRAM); break;
        case 's': stats_file = optarg; break;
        case 't': seconds = (uint32_t) num(optarg, 86400); break;
        default: usage();
        }
    }
    log_open("nflog-check", false, LOG_INFO);

    struct sender snd = { .fd = -1 };
    char *host = xstrdup(collector);
    char *colon = strrchr(host, ':');
    unsigned long long port;
    snd.to.sin_family = AF_INET;
    if (!colon || (*colon = '\0', !str_to_uint(colon + 1, 1, 65535, &port))
        || inet_pton(AF_INET, host, &snd.to.sin_addr) != 1) {
        usage();
    }
    snd.to.sin_port = htons((uint16_t) port);
    free(host);
    snd.fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (snd.fd < 0) {
        perror("socket");
        return 1;
    }

    char *err = NULL;
    if (!sampling_set) {
        sampling = nflog_rate_from_probability(prob);
    }
    struct hsnflog *n = hsnflog_create(group, prob, sampling, header, rcvbuf, &err);
    if (!n) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return 1;
    }
    struct sflow_address agent = { .family = AF_INET, .bytes = { 127, 0, 0, 1 } };
    struct sflow_packer *p = sflow_packer_create(&agent, 0, dgram, emit, &snd);

    daemon_catch_stop();
    fprintf(stderr, "ready\n");

    long long start = time_msec();
    long long end = seconds ? start + seconds * 1000LL : 0;
    while (!daemon_stop_asked()) {
        long long now = time_msec();
        if (end && now >= end) {
            break;
        }
        hsnflog_run(n, now, p, (uint32_t) (now - start));
        struct poll_loop loop;
        poll_loop_init(&loop);
        hsnflog_wait(n, &loop);
        if (end) {
            poll_loop_timer_wait(&loop, end);
        }
        poll_loop_block(&loop);
    }
    long long now = time_msec();
    /* Take everything still queued before counting. */
    struct hsnflog_stats st;
    uint64_t before;
    do {
        hsnflog_get_stats(n, &st);
        before = st.packets + st.overruns;
        hsnflog_run(n, now, p, (uint32_t) (now - start));
        hsnflog_get_stats(n, &st);
    } while (st.packets + st.overruns != before);
    sflow_packer_flush(p, (uint32_t) (now - start));

    const struct sflow_packer_stats *ps = sflow_packer_get_stats(p);
    FILE *f = stats_file ? fopen(stats_file, "w") : stdout;
    if (!f) {
        perror(stats_file);
        return 1;
    }
    fprintf(f, "packets=%llu samples=%llu skipped=%llu lost=%llu overruns=%llu invalid=%llu "
            "truncated=%llu packer_drops=%llu rcvbuf=%d datagrams=%llu sent=%llu "
            "send_errors=%llu\n",
            (unsigned long long) st.packets, (unsigned long long) st.samples,
            (unsigned long long) st.skipped,
            (unsigned long long) st.lost, (unsigned long long) st.overruns,
            (unsigned long long) st.invalid, (unsigned long long) st.truncated,
            (unsigned long long) st.packer_drops, st.rcvbuf,
            (unsigned long long) ps->datagrams, snd.sent, snd.send_errors);
    if (f != stdout) {
        fclose(f);
    }
    sflow_packer_destroy(p);
    hsnflog_destroy(n);
    close(snd.fd);
    return 0;
}
