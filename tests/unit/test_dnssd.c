/* Unit tests for the DNS-SD refresher (dnssd/dnssd.c): server parsing,
 * refresh and backoff intervals, the start delay, a failing refresh that
 * keeps the last good result, and whole refreshes against a responder in the
 * test. Includes the module to reach its statics. */
#include <config.h>

#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dnssd/dnssd.c"
#include "dnssd/dns_channel.c"
#include "check_run.h"

START_TEST(test_server_parse)
{
    char addr[46];
    uint16_t port = 0;
    ck_assert(dnssd_server_parse("127.0.0.1", addr, &port));
    ck_assert_str_eq(addr, "127.0.0.1");
    ck_assert_uint_eq(port, 53);
    ck_assert(dnssd_server_parse("127.0.0.1:5353", addr, &port));
    ck_assert_str_eq(addr, "127.0.0.1");
    ck_assert_uint_eq(port, 5353);
    ck_assert(dnssd_server_parse("[::1]:5300", addr, &port));
    ck_assert_str_eq(addr, "::1");
    ck_assert_uint_eq(port, 5300);
    ck_assert(dnssd_server_parse("[2001:db8::1]", addr, &port));
    ck_assert_str_eq(addr, "2001:db8::1");
    ck_assert_uint_eq(port, 53);
    ck_assert(dnssd_server_parse("2001:db8::1", addr, &port));
    ck_assert_uint_eq(port, 53);

    static const char *const bad[] = {
        "", "dns.example", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:", "127.0.0.1:x",
        "[::1", "[::1]x", "[::1]:", "[127.0.0.1]:53", "1.2.3", "1.2.3.4:53:1",
        "127.0.0.1:-53", "000000000000000000000000000000000000000000000000000000000000000001",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        strcpy(addr, "unchanged");
        ck_assert_msg(!dnssd_server_parse(bad[i], addr, &port), "accepted '%s'", bad[i]);
        ck_assert_str_eq(addr, "unchanged");
    }
    ck_assert(!dnssd_server_parse(NULL, addr, &port));
    ck_assert_ptr_null(dnssd_create("test.lan", "not-an-address"));
    ck_assert_ptr_null(dnssd_create("", NULL));
}
END_TEST

START_TEST(test_refresh_interval)
{
    for (int i = 0; i < 2000; i++) {
        long long t0 = dnssd_refresh_interval(0);
        ck_assert(t0 >= DNSSD_MIN_REFRESH_MS && t0 <= DNSSD_MIN_REFRESH_MS * 11 / 10);
        long long t300 = dnssd_refresh_interval(300);
        ck_assert(t300 >= 300000 && t300 <= 330000);
        long long tmax = dnssd_refresh_interval(UINT32_MAX);
        ck_assert(tmax >= DNSSD_MAX_REFRESH_MS && tmax <= DNSSD_MAX_REFRESH_MS * 11 / 10);
    }
    /* The jitter really spreads a fleet: many different values. */
    long long seen[64];
    size_t distinct = 0;
    for (int i = 0; i < 64; i++) {
        long long t = dnssd_refresh_interval(60);
        bool dup = false;
        for (size_t j = 0; j < distinct; j++) {
            dup |= seen[j] == t;
        }
        if (!dup) {
            seen[distinct++] = t;
        }
    }
    ck_assert_uint_gt(distinct, 32);
}
END_TEST

START_TEST(test_backoff)
{
    long long prev_base = 0;
    for (unsigned int f = 1; f < 40; f++) {
        long long b = dnssd_backoff_interval(f);
        long long base = DNSSD_BACKOFF_MIN_MS << (f < 8 ? f - 1 : 7);
        if (base > DNSSD_BACKOFF_MAX_MS) {
            base = DNSSD_BACKOFF_MAX_MS;
        }
        ck_assert_msg(b >= base && b <= base + base / 10, "failures %u: %lld", f, b);
        ck_assert(base >= prev_base);
        prev_base = base;
    }
    ck_assert_int_eq(prev_base, DNSSD_BACKOFF_MAX_MS);
}
END_TEST

START_TEST(test_start_delay)
{
    unsetenv("HSFLOWD_DNSSD_START_DELAY_MS");
    struct dnssd *d = dnssd_create("test.lan", "127.0.0.1:53");
    ck_assert_ptr_nonnull(d);
    ck_assert(d->initial_delay >= 0 && d->initial_delay <= DNSSD_MAX_START_DELAY_MS);
    dnssd_set_initial_delay(d, 5000);
    dnssd_run(d, 1000);
    ck_assert_int_eq(d->state, DNSSD_IDLE);
    ck_assert_ptr_null(d->channel);
    struct poll_loop loop;
    poll_loop_init(&loop);
    dnssd_wait(d, &loop);
    ck_assert_int_eq(loop.deadline, 6000);
    ck_assert_int_eq(loop.n_fds, 0);
    dnssd_run(d, 5999);
    ck_assert_int_eq(d->state, DNSSD_IDLE);
    ck_assert_ptr_null(dnssd_get(d, NULL));
    dnssd_destroy(d);

    setenv("HSFLOWD_DNSSD_START_DELAY_MS", "1234", 1);
    d = dnssd_create(NULL, NULL);
    ck_assert_int_eq(d->initial_delay, 1234);
    dnssd_destroy(d);
    setenv("HSFLOWD_DNSSD_START_DELAY_MS", "-5", 1);
    d = dnssd_create(NULL, NULL);
    ck_assert(d->initial_delay >= 0 && d->initial_delay <= DNSSD_MAX_START_DELAY_MS);
    dnssd_destroy(d);
    unsetenv("HSFLOWD_DNSSD_START_DELAY_MS");
}
END_TEST

/* A UDP socket (FLAGS: e.g. SOCK_NONBLOCK) bound to 127.0.0.1 on a free
 * port; SERVER gets "127.0.0.1:PORT" (32 bytes). */
static int
udp_bound(int flags, char server[32])
{
    int fd = socket(AF_INET, SOCK_DGRAM | flags, 0);
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
    socklen_t len = sizeof sin;
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(bind(fd, (struct sockaddr *) &sin, sizeof sin), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *) &sin, &len), 0);
    snprintf(server, 32, "127.0.0.1:%u", ntohs(sin.sin_port));
    return fd;
}

/* A UDP port on 127.0.0.1 with nobody listening (queries are refused), as
 * "127.0.0.1:PORT" in SERVER. */
static void
closed_port(char server[32])
{
    close(udp_bound(0, server));
}

START_TEST(test_failure_keeps_last_good)
{
    char server[32];
    closed_port(server);
    struct dnssd *d = dnssd_create("test.lan", server);
    ck_assert_ptr_nonnull(d);
    dnssd_set_initial_delay(d, 0);

    /* Pretend an earlier refresh succeeded. */
    d->have_result = true;
    d->generation = 3;
    ck_assert(hsauto_add_collector(&d->result.settings, "192.0.2.7", 6343));
    d->result.settings.sampling = 512;
    d->result.sampling_given = true;

    long long now = time_msec(), end = now + 10000;
    dnssd_run(d, now);
    ck_assert_int_eq(d->state, DNSSD_QUERYING);
    ck_assert_str_eq(d->qname, "_sflow._udp.test.lan");
    ck_assert_uint_eq(d->pending, 2);
    while (d->state != DNSSD_IDLE && now < end) {
        struct poll_loop loop;
        poll_loop_init(&loop);
        dnssd_wait(d, &loop);
        ck_assert(loop.n_fds > 0 || loop.deadline <= now + DNS_QUERY_TIMEOUT_MS * 4);
        poll_loop_block(&loop);
        now = time_msec();
        dnssd_run(d, now);
    }
    ck_assert_int_eq(d->state, DNSSD_IDLE);
    ck_assert_uint_eq(d->failures, 1);
    ck_assert(d->next_due >= now + DNSSD_BACKOFF_MIN_MS - 1
              && d->next_due <= now + DNSSD_BACKOFF_MIN_MS * 11 / 10);
    ck_assert_ptr_null(d->channel);

    uint64_t gen = 0;
    const struct dnssd_result *r = dnssd_get(d, &gen);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(gen, 3);
    ck_assert_uint_eq(r->settings.n_collectors, 1);
    ck_assert_str_eq(r->settings.collectors[0].addr, "192.0.2.7");
    ck_assert_uint_eq(r->settings.sampling, 512);

    /* The next attempt waits for the backoff. */
    dnssd_run(d, now + 1);
    ck_assert_int_eq(d->state, DNSSD_IDLE);
    dnssd_destroy(d);
}
END_TEST

START_TEST(test_watchdog)
{
    /* A server that never answers (bound, never read). */
    char server[32];
    int fd = udp_bound(0, server);

    struct dnssd *d = dnssd_create("test.lan", server);
    dnssd_set_initial_delay(d, 0);
    long long now = time_msec();
    dnssd_run(d, now);
    ck_assert_int_eq(d->state, DNSSD_QUERYING);
    struct poll_loop loop;
    poll_loop_init(&loop);
    dnssd_wait(d, &loop);
    ck_assert(loop.deadline <= now + DNSSD_REFRESH_TIMEOUT_MS);
    ck_assert_int_ge(loop.n_fds, 1);

    /* Just before the watchdog: still waiting. */
    dnssd_run(d, now + DNSSD_REFRESH_TIMEOUT_MS - 1);
    ck_assert_int_eq(d->state, DNSSD_QUERYING);
    ck_assert_uint_eq(d->pending, 2);
    /* At the watchdog: everything is cancelled and the refresh fails. */
    dnssd_run(d, now + DNSSD_REFRESH_TIMEOUT_MS);
    ck_assert_int_eq(d->state, DNSSD_IDLE);
    ck_assert_uint_eq(d->failures, 1);
    ck_assert_ptr_null(d->channel);
    ck_assert_ptr_null(dnssd_get(d, NULL));
    dnssd_destroy(d);
    close(fd);
}
END_TEST

START_TEST(test_sock_events)
{
    /* The last of ARES_GETSOCK_MAXNUM sockets, writable: no signed overflow. */
    int bits = (int) (1u << (ARES_GETSOCK_MAXNUM - 1 + ARES_GETSOCK_MAXNUM));
    ck_assert_int_eq(dns_sock_events(bits, ARES_GETSOCK_MAXNUM - 1), POLLOUT);
    ck_assert_int_eq(dns_sock_events(bits, 0), 0);
    ck_assert_int_eq(dns_sock_events(1 | (1 << ARES_GETSOCK_MAXNUM), 0), POLLIN | POLLOUT);
}
END_TEST

/* An SRV answer for _sflow._udp.test.lan with one record: TARGET ("" for
 * the root, "."), port 6343, TTL 120. Returns its length. */
static size_t
srv_answer(uint8_t *buf, const char *target)
{
    static const uint8_t head[] = {
        0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
        6, '_', 's', 'f', 'l', 'o', 'w', 4, '_', 'u', 'd', 'p', 4, 't', 'e', 's', 't',
        3, 'l', 'a', 'n', 0, 0, 33, 0, 1,
        0xc0, 12, 0, 33, 0, 1, 0, 0, 0, 120,
    };
    size_t n = sizeof head;
    memcpy(buf, head, n);
    size_t tlen = strlen(target);
    size_t rdlen = 6 + (tlen ? tlen + 2 : 1);
    buf[n++] = 0;
    buf[n++] = (uint8_t) rdlen;
    static const uint8_t prio_weight_port[] = { 0, 0, 0, 0, 0x18, 0xc7 };
    memcpy(buf + n, prio_weight_port, sizeof prio_weight_port);
    n += sizeof prio_weight_port;
    if (tlen) {
        buf[n++] = (uint8_t) tlen;     /* one label */
        memcpy(buf + n, target, tlen);
        n += tlen;
    }
    buf[n++] = 0;
    return n;
}

START_TEST(test_srv_answers)
{
    uint8_t buf[256];
    struct dnssd *d = dnssd_create("test.lan", "127.0.0.1");
    d->qname = xstrdup("_sflow._udp.test.lan");
    d->min_ttl = UINT32_MAX;

    dnssd_answer_srv(d, buf, (int) srv_answer(buf, "collector"));
    ck_assert_ptr_null(d->error);
    ck_assert_uint_eq(d->n_targets, 1);
    ck_assert_str_eq(d->targets[0].host, "collector");
    ck_assert_uint_eq(d->targets[0].port, 6343);
    ck_assert_uint_eq(d->min_ttl, 120);
    ck_assert(!d->srv_no_service);

    /* Target "." (RFC 2782: the service is not available here): a success
     * with no collector. */
    dnssd_clear_refresh(d);
    d->qname = xstrdup("_sflow._udp.test.lan");
    d->state = DNSSD_QUERYING;
    d->txt = DNSSD_TXT_ABSENT;
    dnssd_answer_srv(d, buf, (int) srv_answer(buf, ""));
    ck_assert_ptr_null(d->error);
    ck_assert_uint_eq(d->n_targets, 0);
    ck_assert(d->srv_no_service);
    dnssd_finish_querying(d, 1000);
    ck_assert_int_eq(d->state, DNSSD_IDLE);
    uint64_t gen;
    const struct dnssd_result *r = dnssd_get(d, &gen);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(gen, 1);
    ck_assert_uint_eq(r->settings.n_collectors, 0);
    ck_assert_uint_eq(r->ttl, 120);
    ck_assert(d->next_due >= 1000 + 120000 && d->next_due <= 1000 + 132000);

    /* A malformed answer (one byte short) fails the refresh. */
    d->qname = xstrdup("_sflow._udp.test.lan");
    d->state = DNSSD_QUERYING;
    size_t n = srv_answer(buf, "collector");
    dnssd_answer_srv(d, buf, (int) n - 1);
    ck_assert_ptr_nonnull(d->error);
    ck_assert_uint_eq(d->n_targets, 0);
    dnssd_finish_querying(d, 2000);
    ck_assert_uint_eq(d->failures, 1);
    ck_assert_ptr_eq(dnssd_get(d, &gen), r);
    ck_assert_uint_eq(gen, 1);
    dnssd_destroy(d);
}
END_TEST

static int
channel_flags(struct dnssd *d)
{
    struct ares_options opts;
    int mask = 0, flags = -1;
    ck_assert_int_eq(ares_save_options(d->channel, &opts, &mask), ARES_SUCCESS);
    ck_assert(mask & ARES_OPT_FLAGS);
    flags = opts.flags;
    ares_destroy_options(&opts);
    return flags;
}

START_TEST(test_channel_flags)
{
    char *err = NULL;
    /* An explicit server: nowhere to fail over to, each query sees its own
     * REFUSED/SERVFAIL; the server and port are the configured ones. */
    struct dnssd *d = dnssd_create("test.lan", "[::1]:5353");
    ck_assert(dnssd_open_channel(d, &err));
    ck_assert(channel_flags(d) & ARES_FLAG_NOCHECKRESP);
    struct ares_addr_port_node *list = NULL;
    ck_assert_int_eq(ares_get_servers_ports(d->channel, &list), ARES_SUCCESS);
    ck_assert_ptr_nonnull(list);
    ck_assert_ptr_null(list->next);
    ck_assert_int_eq(list->family, AF_INET6);
    ck_assert_int_eq(list->udp_port, 5353);
    ck_assert_int_eq(list->tcp_port, 5353);
    ares_free_data(list);
    dnssd_close_channel(d);
    dnssd_destroy(d);

    /* resolv.conf's servers: fail over between several, not with one. */
    d = dnssd_create("test.lan", NULL);
    ck_assert(dnssd_open_channel(d, &err));
    int n = dns_count_servers(d->channel);
    ck_assert_int_eq(!!(channel_flags(d) & ARES_FLAG_NOCHECKRESP), n <= 1);
    dnssd_close_channel(d);
    dnssd_destroy(d);
}
END_TEST

/* ---- whole refreshes ------------------------------------------------------
 * The refresher driven through whole refreshes against a tiny DNS responder
 * in the test itself (UDP on 127.0.0.1): results, generations, TTL-driven
 * scheduling, a hostile TXT record after a good one, and a SERVFAIL that
 * keeps the last good result. The refresher's clock is the test's: refreshes
 * are started by moving `now`, not by waiting. */

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
    memset(r, 0, sizeof *r);
    r->fd = udp_bound(SOCK_NONBLOCK, r->server);
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
    log_open("test_dnssd", false, LOG_DEBUG);
    return check_main(&(struct check_spec) {
        .name = "dnssd",
        .timeout = 30,
        .tests = CHECK_TESTS(test_server_parse, test_refresh_interval, test_backoff,
                             test_start_delay, test_failure_keeps_last_good, test_watchdog,
                             test_sock_events, test_srv_answers, test_channel_flags,
                             test_refreshes),
    });
}
