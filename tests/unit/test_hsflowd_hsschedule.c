/* Unit tests for the polling slots, the settings resolution and the sender. */
#include <config.h>

#include <arpa/inet.h>
#include <check.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dnssd/dnssd_result.h"
#include "hsflowd/hsresolve.h"
#include "hsflowd/hsschedule.h"
#include "hsflowd/hssender.h"
#include "common/util.h"
#include "check_run.h"

START_TEST(test_each_source_once_per_interval)
{
    struct hsschedule s;
    hsschedule_init(&s);
    long long now = 1000003;
    hsschedule_set_interval(&s, 30, now);
    hsschedule_add(&s, 2, 1, now);
    for (uint32_t i = 1; i <= 40; i++) {
        hsschedule_add(&s, 0, i, now);
    }
    hsschedule_add(&s, 0, 7, now);          /* twice: still one source */
    ck_assert_uint_eq(s.n, 41);
    /* Walk 10 intervals in 100 ms steps: every source polled exactly 10
     * times, and polls of one source exactly 30 s apart. */
    unsigned count[41] = { 0 };
    long long last[41];
    for (long long t = now; t < now + 300000; t += 100) {
        uint32_t c, i;
        while (hsschedule_next_due(&s, t, &c, &i)) {
            size_t k = c == 2 ? 0 : i;
            ck_assert(t >= now);
            if (count[k]) {
                ck_assert_int_eq(t - last[k], 30000);
            }
            last[k] = t;
            count[k]++;
        }
    }
    for (size_t k = 0; k < 41; k++) {
        ck_assert_uint_eq(count[k], 10);
    }
    hsschedule_destroy(&s);
}
END_TEST

START_TEST(test_spread)
{
    /* 60 sources over 30 s: no 1-second bucket gets more than a few, and the
     * offsets do not depend on when the sources were added. */
    unsigned bucket[30] = { 0 };
    for (uint32_t i = 0; i < 60; i++) {
        long long off = hsschedule_offset(0, i + 1, 30000);
        ck_assert(off >= 0 && off < 30000);
        bucket[off / 1000]++;
    }
    unsigned max = 0, empty = 0;
    for (size_t b = 0; b < 30; b++) {
        max = bucket[b] > max ? bucket[b] : max;
        empty += !bucket[b];
    }
    ck_assert_uint_le(max, 7);
    ck_assert_uint_le(empty, 12);
    ck_assert_int_eq(hsschedule_offset(2, 1, 30000), hsschedule_offset(2, 1, 30000));
    ck_assert_int_ne(hsschedule_offset(2, 1, 30000), hsschedule_offset(0, 1, 30000));

    struct hsschedule a, b;
    hsschedule_init(&a);
    hsschedule_init(&b);
    hsschedule_set_interval(&a, 20, 0);
    hsschedule_set_interval(&b, 20, 0);
    hsschedule_add(&a, 0, 5, 0);
    hsschedule_add(&b, 0, 5, 12345);
    ck_assert_int_eq(a.entries[0].due % 20000, b.entries[0].due % 20000);
    hsschedule_destroy(&a);
    hsschedule_destroy(&b);
}
END_TEST

START_TEST(test_off_stall_sweep)
{
    struct hsschedule s;
    hsschedule_init(&s);
    hsschedule_add(&s, 2, 1, 0);
    uint32_t c, i;
    ck_assert(!hsschedule_next_due(&s, 1000000, &c, &i));   /* polling 0: off */
    ck_assert_int_eq(hsschedule_deadline(&s), LLONG_MAX);
    hsschedule_set_interval(&s, 1, 0);
    ck_assert(hsschedule_deadline(&s) < 1000);
    /* A 10 s stall: one poll, then the next slot in the future. */
    ck_assert(hsschedule_next_due(&s, 10500, &c, &i));
    ck_assert(!hsschedule_next_due(&s, 10500, &c, &i));
    ck_assert(hsschedule_deadline(&s) > 10500 && hsschedule_deadline(&s) <= 11500);
    /* Interfaces that went away are dropped, the host stays. */
    hsschedule_add(&s, 0, 3, 0);
    hsschedule_add(&s, 0, 4, 0);
    hsschedule_unmark(&s, 0);
    hsschedule_add(&s, 0, 4, 0);
    hsschedule_sweep(&s, 0);
    ck_assert_uint_eq(s.n, 2);
    ck_assert_uint_eq(s.entries[1].ds_index, 4);
    hsschedule_destroy(&s);
}
END_TEST

static void
dns_result(struct dnssd_result *r)
{
    dnssd_result_init(r);
    r->settings.sampling = 1000;
    r->sampling_given = true;
    r->settings.polling = 0;
    r->polling_given = true;
    r->settings.header = 64;
    r->header_given = true;
    hsauto_set_kv(&r->settings, true, "10G", 5000);
    hsauto_set_kv(&r->settings, true, "http", 50);
    hsauto_add_collector(&r->settings, "192.0.2.1", 6343);
    r->settings.agent_dev = xstrdup("eth1");
}

START_TEST(test_resolve_dns_fills_gaps)
{
    struct hsconfig cfg;
    char *err = NULL;
    static const char text[] = "sampling = 400\nsampling.http = 10\n";
    ck_assert(hsconfig_parse("t", text, strlen(text), &cfg, &err));
    struct dnssd_result dns;
    dns_result(&dns);
    struct agentaddr_choice ag;
    memset(&ag, 0, sizeof ag);
    struct hsauto_settings s;
    hsresolve_settings(&cfg, &dns, "h1", &ag, NULL, NULL, &s);
    ck_assert_uint_eq(s.sampling, 400);     /* explicit in the file */
    ck_assert_uint_eq(s.polling, 0);        /* from DNS, 0 included */
    ck_assert_uint_eq(s.header, 64);
    ck_assert_uint_eq(s.datagram, 1400);
    ck_assert_uint_eq(s.n_collectors, 1);   /* the file names none */
    ck_assert_str_eq(s.collectors[0].addr, "192.0.2.1");
    ck_assert_uint_eq(s.n_samplings, 2);
    for (size_t i = 0; i < s.n_samplings; i++) {
        if (!strcmp(s.samplings[i].name, "http")) {
            ck_assert_uint_eq(s.samplings[i].value, 10);
        } else {
            ck_assert_uint_eq(s.samplings[i].value, 5000);
        }
    }
    ck_assert_ptr_null(s.agent_ip);
    const char *ip, *dev;
    const char *const *cidrs;
    size_t n_cidrs;
    hsresolve_agent_inputs(&cfg, &dns, &ip, &dev, &cidrs, &n_cidrs);
    ck_assert_str_eq(dev, "eth1");
    hsauto_settings_destroy(&s);
    hsconfig_destroy(&cfg);
    dnssd_result_destroy(&dns);
}
END_TEST

START_TEST(test_resolve_file_wins)
{
    struct hsconfig cfg;
    char *err = NULL;
    static const char text[] =
        "polling = 20\nheaderBytes = 128\nagent = xenbr0\ncollector { ip = ::1 }\n";
    ck_assert(hsconfig_parse("t", text, strlen(text), &cfg, &err));
    struct dnssd_result dns;
    dns_result(&dns);
    struct agentaddr_choice ag;
    memset(&ag, 0, sizeof ag);
    ag.addr.family = AF_INET;
    strcpy(ag.text, "10.0.0.5");
    strcpy(ag.ifname, "xenbr0");
    struct hsauto_settings s;
    hsresolve_settings(&cfg, &dns, NULL, &ag, NULL, NULL, &s);
    ck_assert_uint_eq(s.sampling, 1000);    /* not in the file: DNS */
    ck_assert_uint_eq(s.polling, 20);
    ck_assert_uint_eq(s.header, 128);
    ck_assert_uint_eq(s.n_collectors, 1);
    ck_assert_str_eq(s.collectors[0].addr, "::1");
    ck_assert_str_eq(s.agent_ip, "10.0.0.5");
    ck_assert_str_eq(s.agent_dev, "xenbr0");
    const char *ip, *dev;
    const char *const *cidrs;
    size_t n_cidrs;
    hsresolve_agent_inputs(&cfg, &dns, &ip, &dev, &cidrs, &n_cidrs);
    ck_assert_str_eq(dev, "xenbr0");
    /* Without DNS: the file and the defaults. */
    struct hsauto_settings d;
    hsresolve_settings(&cfg, NULL, NULL, &ag, NULL, NULL, &d);
    ck_assert_uint_eq(d.sampling, 400);
    ck_assert(!hsauto_settings_equal(&s, &d));
    hsauto_settings_destroy(&s);
    hsauto_settings_destroy(&d);
    hsconfig_destroy(&cfg);
    dnssd_result_destroy(&dns);
}
END_TEST

static int
udp_listener(int family, uint16_t *port)
{
    int fd = socket(family, SOCK_DGRAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t len;
    if (family == AF_INET) {
        struct sockaddr_in *sin = (struct sockaddr_in *) &ss;
        sin->sin_family = AF_INET;
        sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof *sin;
    } else {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_addr = in6addr_loopback;
        len = sizeof *sin6;
    }
    ck_assert_int_eq(bind(fd, (struct sockaddr *) &ss, len), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *) &ss, &len), 0);
    *port = ntohs(family == AF_INET ? ((struct sockaddr_in *) &ss)->sin_port
                                    : ((struct sockaddr_in6 *) &ss)->sin6_port);
    return fd;
}

START_TEST(test_sender)
{
    uint16_t p4, p6;
    int fd4 = udp_listener(AF_INET, &p4);
    int fd6 = udp_listener(AF_INET6, &p6);
    struct hssender_dest cs[3];
    memset(cs, 0, sizeof cs);
    strcpy(cs[0].addr, "127.0.0.1");
    cs[0].port = p4;
    strcpy(cs[1].addr, "::1");
    cs[1].port = p6;
    strcpy(cs[2].addr, "not-an-ip");
    cs[2].port = 1;
    struct hssender *s = hssender_create();
    struct sflow_address src = { .family = AF_INET, .bytes = { 127, 0, 0, 1 } };
    hssender_set_collectors(s, cs, 3, &src);
    static const uint8_t msg[] = "datagram";
    hssender_emit(s, msg, sizeof msg);
    uint8_t buf[64];
    ck_assert_int_eq(recv(fd4, buf, sizeof buf, 0), sizeof msg);
    ck_assert_mem_eq(buf, msg, sizeof msg);
    ck_assert_int_eq(recv(fd6, buf, sizeof buf, 0), sizeof msg);
    const struct hssender_stats *st = hssender_get_stats(s);
    ck_assert_uint_eq(st->datagrams, 1);
    ck_assert_uint_eq(st->sent, 2);
    ck_assert_uint_eq(st->errors, 0);
    /* A datagram the kernel refuses (too big for UDP): counted as errors,
     * never fatal, and the next one goes out again. */
    size_t big_len = 70000;
    uint8_t *big = xzalloc(big_len);
    hssender_emit(s, big, big_len);
    free(big);
    ck_assert_uint_eq(st->datagrams, 2);
    ck_assert_uint_eq(st->errors, 2);
    hssender_emit(s, msg, sizeof msg);
    ck_assert_uint_eq(st->sent, 4);
    ck_assert_int_eq(recv(fd4, buf, sizeof buf, 0), sizeof msg);
    close(fd6);
    hssender_destroy(s);
    close(fd4);
}
END_TEST

CHECK_MAIN(
    .name = "hsflowd",
    .tests = CHECK_TESTS(test_each_source_once_per_interval, test_spread, test_off_stall_sweep,
                         test_resolve_dns_fills_gaps, test_resolve_file_wins, test_sender))
