/* nflog-blast: sends COUNT UDP datagrams of SIZE bytes to ADDR:PORT as fast
 * as it can (sendmmsg), or at PPS packets per second, and prints how many it
 * sent and in how long. A packet generator for the NFLOG tests and benchmark.
 *
 *   nflog-blast ADDR PORT COUNT [SIZE [PPS]] */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/util.h"

#define BATCH 64

static unsigned long long
arg(const char *s, unsigned long long min, unsigned long long max)
{
    unsigned long long v;
    if (!str_to_uint(s, min, max, &v)) {
        fprintf(stderr, "usage: nflog-blast ADDR PORT COUNT [SIZE [PPS]]\n");
        exit(2);
    }
    return v;
}

int
main(int argc, char **argv)
{
    if (argc < 4 || argc > 6) {
        arg("", 1, 0);
    }
    struct sockaddr_in to = { .sin_family = AF_INET };
    if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
        arg("", 1, 0);
    }
    to.sin_port = htons((uint16_t) arg(argv[2], 1, 65535));
    unsigned long long count = arg(argv[3], 1, 1ULL << 40);
    size_t size = argc > 4 ? (size_t) arg(argv[4], 1, 1472) : 64;
    unsigned long long pps = argc > 5 ? arg(argv[5], 1, 100000000) : 0;

    /* Not connected: ICMP errors from the far end are then not reported to
     * us, and every send goes out. */
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        perror("socket");
        return 1;
    }
    static uint8_t payload[1472];
    memset(payload, 0x5a, sizeof payload);
    struct iovec iov = { .iov_base = payload, .iov_len = size };
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        msgs[i].msg_hdr.msg_iov = &iov;
        msgs[i].msg_hdr.msg_iovlen = 1;
        msgs[i].msg_hdr.msg_name = &to;
        msgs[i].msg_hdr.msg_namelen = sizeof to;
    }

    long long start = time_msec();
    unsigned long long sent = 0, errors = 0;
    while (sent < count) {
        unsigned int n = count - sent < BATCH ? (unsigned int) (count - sent) : BATCH;
        if (pps) {
            /* Pace: wait until this batch is due. */
            long long due = start + (long long) (sent * 1000 / pps);
            long long now = time_msec();
            if (due > now) {
                struct timespec ts = { .tv_sec = (due - now) / 1000,
                                       .tv_nsec = ((due - now) % 1000) * 1000000 };
                nanosleep(&ts, NULL);
            }
        }
        int r = sendmmsg(fd, msgs, n, 0);
        if (r < 0) {
            if (errno != EINTR && ++errors > 1000000) {
                perror("sendmmsg");
                return 1;
            }
            continue;
        }
        sent += (unsigned int) r;
    }
    long long ms = time_msec() - start;
    printf("sent=%llu errors=%llu ms=%lld pps=%llu\n", sent, errors, ms,
           ms ? sent * 1000 / (unsigned long long) ms : sent);
    close(fd);
    return 0;
}
