/* The DNS-SD refresher driven through whole refreshes against a tiny DNS
 * responder in the test itself (UDP on 127.0.0.1): results, generations,
 * TTL-driven scheduling, a hostile TXT record after a good one, and a
 * SERVFAIL that keeps the last good result. The refresher's clock is the
 * test's: refreshes are started by moving `now`, not by waiting. */
#include <config.h>

#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dnssd/dnssd.c"
#include "check_run.h"

/* What the responder serves for _sflow._udp.test.lan. */
struct zone {
    uint16_t srv_port;
    int srv_rcode;                  /* 0, or e.g. 2 (SERVFAIL) */
    const char *txt[4];
    size_t n_txt;
    uint32_t ttl;
    unsigned int queries;           /* answered so far */
};

struct responder {
    int fd;
    char server[32];
    struct zone zone;
};

static void
responder_open(struct responder *r)
{
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
    socklen_t len = sizeof sin;
    memset(r, 0, sizeof *r);
    r->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    ck_assert_int_ge(r->fd, 0);
    ck_assert_int_eq(bind(r->fd, (struct sockaddr *) &sin, sizeof sin), 0);
    ck_assert_int_eq(getsockname(r->fd, (struct sockaddr *) &sin, &len), 0);
    snprintf(r->server, sizeof r->server, "127.0.0.1:%u", ntohs(sin.sin_port));
}

static size_t
put16(uint8_t *p, size_t n, unsigned int v)
{
    p[n] = (uint8_t) (v >> 8);
    p[n + 1] = (uint8_t) v;
    return n + 2;
}

/* Answer header for the question at 12 (compressed owner), then RDATA. */
static size_t
put_rr(uint8_t *p, size_t n, unsigned int type, uint32_t ttl, const uint8_t *rd, size_t rdlen)
{
    n = put16(p, n, 0xc00c);
    n = put16(p, n, type);
    n = put16(p, n, 1);
    n = put16(p, n, ttl >> 16);
    n = put16(p, n, ttl & 0xffff);
    n = put16(p, n, (unsigned int) rdlen);
    memcpy(p + n, rd, rdlen);
    return n + rdlen;
}

/* Answers every query waiting on the responder's socket. */
static void
responder_serve(struct responder *r)
{
    uint8_t q[512], a[1024];
    struct sockaddr_storage from;
    socklen_t flen = sizeof from;
    ssize_t qn;
    while ((qn = recvfrom(r->fd, q, sizeof q, 0, (struct sockaddr *) &from, &flen)) > 12) {
        /* Question: uncompressed name from offset 12, then type, class. */
        size_t off = 12;
        char name[256] = "";
        while (off < (size_t) qn && q[off] && strlen(name) + q[off] + 2 < sizeof name) {
            strncat(name, (const char *) q + off + 1, q[off]);
            strcat(name, ".");
            off += q[off] + 1u;
        }
        ck_assert_uint_lt(off + 5, (size_t) qn + 1);
        unsigned int type = (unsigned int) (q[off + 1] << 8 | q[off + 2]);
        size_t qend = off + 5;

        const struct zone *z = &r->zone;
        size_t n = qend, ancount = 0;
        unsigned int rcode = 0;
        memcpy(a, q, qend);
        if (!strcmp(name, "_sflow._udp.test.lan.") && type == 33) {
            rcode = (unsigned int) z->srv_rcode;
            if (!rcode) {
                static const uint8_t target[] = { 9, 'c', 'o', 'l', 'l', 'e', 'c', 't', 'o', 'r',
                                                  4, 't', 'e', 's', 't', 3, 'l', 'a', 'n', 0 };
                uint8_t rd[6 + sizeof target] = { 0, 0, 0, 0 };
                put16(rd, 4, z->srv_port);
                memcpy(rd + 6, target, sizeof target);
                n = put_rr(a, n, 33, z->ttl, rd, sizeof rd);
                ancount++;
            }
        } else if (!strcmp(name, "_sflow._udp.test.lan.") && type == 16 && z->n_txt) {
            uint8_t rd[512];
            size_t rl = 0;
            for (size_t i = 0; i < z->n_txt; i++) {
                rd[rl++] = (uint8_t) strlen(z->txt[i]);
                memcpy(rd + rl, z->txt[i], strlen(z->txt[i]));
                rl += strlen(z->txt[i]);
            }
            n = put_rr(a, n, 16, z->ttl, rd, rl);
            ancount++;
        } else if (!strcmp(name, "collector.test.lan.") && type == 1) {
            static const uint8_t rd[] = { 127, 0, 0, 1 };
            n = put_rr(a, n, 1, z->ttl + 100, rd, sizeof rd);
            ancount++;
        }
        /* Anything else: NOERROR, no answer (NODATA). */
        a[2] = 0x84 | (q[2] & 0x01);            /* QR, AA, RD copied */
        a[3] = (uint8_t) (0x80 | rcode);
        put16(a, 6, (unsigned int) ancount);
        put16(a, 8, 0);
        put16(a, 10, 0);
        ck_assert_int_eq(sendto(r->fd, a, n, 0, (struct sockaddr *) &from, flen), (ssize_t) n);
        r->zone.queries++;
        flen = sizeof from;
    }
}

/* Runs D at NOW (the test's clock, which does not move while the queries
 * are answered) until it is IDLE again. */
static void
refresh(struct dnssd *d, struct responder *r, long long now)
{
    dnssd_run(d, now);
    ck_assert_int_ne(d->state, DNSSD_IDLE);
    for (int i = 0; i < 200 && d->state != DNSSD_IDLE; i++) {
        struct poll_loop loop;
        poll_loop_init(&loop);
        dnssd_wait(d, &loop);
        poll_loop_fd_wait(&loop, r->fd, POLLIN);
        ck_assert_int_ge(poll(loop.fds, (nfds_t) loop.n_fds, 50), 0);
        responder_serve(r);
        dnssd_run(d, now);
    }
    ck_assert_int_eq(d->state, DNSSD_IDLE);
}

START_TEST(test_refreshes)
{
    struct responder r;
    responder_open(&r);
    r.zone = (struct zone) { .srv_port = 6343, .txt = { "txtvers=1", "sampling=512",
                                                       "polling=20" },
                             .n_txt = 3, .ttl = 30 };
    struct dnssd *d = dnssd_create("test.lan", r.server);
    ck_assert_ptr_nonnull(d);
    dnssd_set_initial_delay(d, 0);
    long long now = 1000000;

    /* First refresh: SRV + TXT + A + AAAA (NODATA). */
    refresh(d, &r, now);
    ck_assert_uint_eq(r.zone.queries, 4);
    uint64_t gen = 0;
    const struct dnssd_result *res = dnssd_get(d, &gen);
    ck_assert_ptr_nonnull(res);
    ck_assert_uint_eq(gen, 1);
    ck_assert_uint_eq(res->settings.n_collectors, 1);
    ck_assert_str_eq(res->settings.collectors[0].addr, "127.0.0.1");
    ck_assert_uint_eq(res->settings.collectors[0].port, 6343);
    ck_assert_uint_eq(res->settings.sampling, 512);
    ck_assert_uint_eq(res->settings.polling, 20);
    ck_assert_uint_eq(res->ttl, 30);     /* the smallest: SRV/TXT 30, A 130 */
    /* Next refresh at the TTL plus up to 10% jitter; nothing before. */
    ck_assert(d->next_due >= now + 30000 && d->next_due <= now + 33000);
    dnssd_run(d, d->next_due - 1);
    ck_assert_int_eq(d->state, DNSSD_IDLE);

    /* Same records: a refresh, but no new generation. */
    now = d->next_due;
    refresh(d, &r, now);
    ck_assert_uint_eq(r.zone.queries, 8);
    dnssd_get(d, &gen);
    ck_assert_uint_eq(gen, 1);

    /* New sampling and a TTL under the floor: a new generation, and the
     * next refresh at the 10 s floor. */
    r.zone.txt[1] = "sampling=1024";
    r.zone.ttl = 2;
    now = d->next_due;
    refresh(d, &r, now);
    res = dnssd_get(d, &gen);
    ck_assert_uint_eq(gen, 2);
    ck_assert_uint_eq(res->settings.sampling, 1024);
    ck_assert(d->next_due >= now + DNSSD_MIN_REFRESH_MS && d->next_due <= now + 11000);

    /* A hostile TXT record with a new collector port: the collectors
     * follow, sampling and polling stay. */
    r.zone.txt[1] = "sampling=-1";
    r.zone.txt[2] = "polling=99999999999";
    r.zone.srv_port = 7000;
    now = d->next_due;
    refresh(d, &r, now);
    res = dnssd_get(d, &gen);
    ck_assert_uint_eq(gen, 3);
    ck_assert_uint_eq(res->settings.collectors[0].port, 7000);
    ck_assert_uint_eq(res->settings.sampling, 1024);
    ck_assert_uint_eq(res->settings.polling, 20);
    ck_assert(res->sampling_given && res->polling_given);

    /* SERVFAIL for the SRV record: the refresh fails, the result stays,
     * the retry comes after the backoff. */
    r.zone.srv_rcode = 2;
    now = d->next_due;
    refresh(d, &r, now);
    ck_assert_ptr_eq(dnssd_get(d, &gen), res);
    ck_assert_uint_eq(gen, 3);
    ck_assert_uint_eq(d->failures, 1);
    ck_assert(d->next_due >= now + DNSSD_BACKOFF_MIN_MS
              && d->next_due <= now + DNSSD_BACKOFF_MIN_MS * 11 / 10);
    now = d->next_due;
    refresh(d, &r, now);
    ck_assert_uint_eq(d->failures, 2);
    ck_assert(d->next_due >= now + 2 * DNSSD_BACKOFF_MIN_MS);

    /* Back to good records without TXT: collectors back, TXT settings
     * gone (an absent record means "not given"). */
    r.zone.srv_rcode = 0;
    r.zone.n_txt = 0;
    r.zone.srv_port = 6343;
    now = d->next_due;
    refresh(d, &r, now);
    res = dnssd_get(d, &gen);
    ck_assert_uint_eq(gen, 4);
    ck_assert_uint_eq(d->failures, 0);
    ck_assert_uint_eq(res->settings.collectors[0].port, 6343);
    ck_assert(!res->sampling_given && !res->polling_given);

    dnssd_destroy(d);
    close(r.fd);
}
END_TEST

int
main(void)
{
    log_open("test_dnssd_machine", false, LOG_INFO);
    return check_main(&(struct check_spec) {
        .name = "dnssd_machine",
        .timeout = 30,
        .tests = CHECK_TESTS(test_refreshes),
    });
}
