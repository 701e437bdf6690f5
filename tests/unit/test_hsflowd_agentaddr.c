/* Unit tests for the agent address choice: explicit settings first, then a
 * deterministic choice among the host's addresses. */
#include <config.h>

#include <arpa/inet.h>
#include <check.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "hsflowd/agentaddr.h"
#include "check_run.h"

/* One agent.cidr line. */
#define CIDR(s) (const char *[]) { s }, 1

static struct agentaddr_candidate
cand(const char *ifname, const char *addr, unsigned int flags)
{
    struct agentaddr_candidate c;
    memset(&c, 0, sizeof c);
    strncpy(c.ifname, ifname, sizeof c.ifname - 1);
    c.family = strchr(addr, ':') ? AF_INET6 : AF_INET;
    ck_assert_int_eq(inet_pton(c.family, addr, c.addr), 1);
    c.flags = flags;
    return c;
}

#define UP IFF_UP

/* An XCP-like host: the address sits on the bridge xenbr0, eth0 has none. */
static size_t
xcp_host(struct agentaddr_candidate *c)
{
    size_t n = 0;
    c[n++] = cand("lo", "127.0.0.1", UP | IFF_LOOPBACK);
    c[n++] = cand("lo", "::1", UP | IFF_LOOPBACK);
    c[n++] = cand("xenbr0", "fe80::1", UP);
    c[n++] = cand("xenbr0", "192.168.1.20", UP);
    c[n++] = cand("xenbr1", "10.1.0.20", UP);
    c[n++] = cand("virbr0", "169.254.3.3", UP);
    return n;
}

START_TEST(test_default_bridge)
{
    struct agentaddr_candidate c[16];
    size_t n = xcp_host(c);
    struct agentaddr_choice ch;
    ck_assert(agentaddr_choose(c, n, NULL, NULL, NULL, 0, &ch));
    /* Both private IPv4: the name breaks the tie, xenbr0 < xenbr1. */
    ck_assert_str_eq(ch.text, "192.168.1.20");
    ck_assert_str_eq(ch.ifname, "xenbr0");
    ck_assert_ptr_nonnull(strstr(ch.reason, "best address"));
}
END_TEST

START_TEST(test_global_wins)
{
    struct agentaddr_candidate c[16];
    size_t n = xcp_host(c);
    c[n++] = cand("eth9", "2001:db8::9", UP);
    struct agentaddr_choice ch;
    ck_assert(agentaddr_choose(c, n, NULL, NULL, NULL, 0, &ch));
    ck_assert_str_eq(ch.text, "2001:db8::9");
    ck_assert_int_eq(ch.addr.family, AF_INET6);
    /* A global IPv4 beats the global IPv6. */
    c[n++] = cand("zz0", "198.51.100.7", UP);
    ck_assert(agentaddr_choose(c, n, NULL, NULL, NULL, 0, &ch));
    ck_assert_str_eq(ch.text, "198.51.100.7");
    ck_assert_uint_eq(ch.addr.bytes[0], 198);
}
END_TEST

START_TEST(test_order_independent)
{
    struct agentaddr_candidate c[16], r[16];
    size_t n = xcp_host(c);
    for (size_t i = 0; i < n; i++) {
        r[i] = c[n - 1 - i];
    }
    struct agentaddr_choice a, b;
    ck_assert(agentaddr_choose(c, n, NULL, NULL, NULL, 0, &a));
    ck_assert(agentaddr_choose(r, n, NULL, NULL, NULL, 0, &b));
    ck_assert_str_eq(a.text, b.text);
    /* Same name, same class: the lower address. */
    struct agentaddr_candidate d[2] = { cand("br0", "10.0.0.9", UP), cand("br0", "10.0.0.3", UP) };
    ck_assert(agentaddr_choose(d, 2, NULL, NULL, NULL, 0, &a));
    ck_assert_str_eq(a.text, "10.0.0.3");
}
END_TEST

START_TEST(test_link_local_last)
{
    struct agentaddr_candidate c[3] = {
        cand("eth0", "169.254.1.1", UP), cand("eth1", "fe80::2", UP), cand("eth2", "fd00::5", UP),
    };
    struct agentaddr_choice ch;
    ck_assert(agentaddr_choose(c, 3, NULL, NULL, NULL, 0, &ch));
    ck_assert_str_eq(ch.text, "fd00::5");
    ck_assert(agentaddr_choose(c, 2, NULL, NULL, NULL, 0, &ch));
    ck_assert_str_eq(ch.text, "169.254.1.1");
}
END_TEST

START_TEST(test_skips_loopback_and_down)
{
    struct agentaddr_candidate c[3] = {
        cand("lo", "127.0.0.1", UP | IFF_LOOPBACK), cand("eth0", "203.0.113.1", 0),
        cand("dummy0", "127.0.0.2", UP),
    };
    struct agentaddr_choice ch;
    ck_assert(!agentaddr_choose(c, 3, NULL, NULL, NULL, 0, &ch));
    ck_assert_int_eq(ch.addr.family, 0);
    ck_assert_ptr_nonnull(strstr(ch.reason, "no usable address"));
    /* Named explicitly, loopback is what the operator asked for. */
    ck_assert(agentaddr_choose(c, 3, NULL, "lo", NULL, 0, &ch));
    ck_assert_str_eq(ch.text, "127.0.0.1");
    ck_assert_str_eq(ch.ifname, "lo");
}
END_TEST

START_TEST(test_agent_ip)
{
    struct agentaddr_candidate c[16];
    size_t n = xcp_host(c);
    struct agentaddr_choice ch;
    ck_assert(agentaddr_choose(c, n, "192.168.1.20", "xenbr1", CIDR("10.0.0.0/8"), &ch));
    ck_assert_str_eq(ch.text, "192.168.1.20");
    ck_assert_str_eq(ch.ifname, "xenbr0");
    ck_assert_ptr_nonnull(strstr(ch.reason, "agentIP"));
    /* Not on the host: still used as given. */
    ck_assert(agentaddr_choose(c, n, "2001:db8::77", NULL, NULL, 0, &ch));
    ck_assert_str_eq(ch.text, "2001:db8::77");
    ck_assert_str_eq(ch.ifname, "");
    /* Malformed: skipped, and said so. */
    ck_assert(agentaddr_choose(c, n, "bogus", "xenbr0", NULL, 0, &ch));
    ck_assert_str_eq(ch.text, "192.168.1.20");
    ck_assert_ptr_nonnull(strstr(ch.reason, "not an address"));
}
END_TEST

START_TEST(test_agent_dev)
{
    struct agentaddr_candidate c[16];
    size_t n = xcp_host(c);
    struct agentaddr_choice ch;
    ck_assert(agentaddr_choose(c, n, NULL, "xenbr0", CIDR("10.0.0.0/8"), &ch));
    ck_assert_str_eq(ch.text, "192.168.1.20");      /* IPv4 before its fe80:: */
    ck_assert_ptr_nonnull(strstr(ch.reason, "agent = xenbr0"));
    /* A device without an address falls through to agent.cidr. */
    ck_assert(agentaddr_choose(c, n, NULL, "eth0", CIDR("169.254.0.0/16"), &ch));
    ck_assert_str_eq(ch.text, "169.254.3.3");
    ck_assert_ptr_nonnull(strstr(ch.reason, "device eth0 has no usable address"));
}
END_TEST

START_TEST(test_agent_cidr)
{
    struct agentaddr_candidate c[16];
    size_t n = xcp_host(c);
    struct agentaddr_choice ch;
    ck_assert(agentaddr_choose(c, n, NULL, NULL, CIDR("192.168.0.0/16"), &ch));
    ck_assert_str_eq(ch.text, "192.168.1.20");
    ck_assert(agentaddr_choose(c, n, NULL, NULL, CIDR("fe80::/10"), &ch));
    ck_assert_str_eq(ch.text, "fe80::1");
    ck_assert(agentaddr_choose(c, n, NULL, NULL, CIDR("192.168.1.21/32"), &ch));
    ck_assert_str_eq(ch.text, "192.168.1.20");       /* nothing inside: default */
    ck_assert_ptr_nonnull(strstr(ch.reason, "nothing inside"));
    ck_assert(agentaddr_choose(c, n, NULL, NULL, CIDR("10.0.0.0/8"), &ch));
    ck_assert_str_eq(ch.text, "10.1.0.20");
}
END_TEST

/* Several agent.cidr lines: a preference order, the first that holds a
 * usable address wins, whatever the addresses' own ranking. */
START_TEST(test_agent_cidr_order)
{
    struct agentaddr_candidate c[16];
    size_t n = xcp_host(c);
    struct agentaddr_choice ch;
    const char *first_10[] = { "10.0.0.0/8", "192.168.0.0/16" };
    ck_assert(agentaddr_choose(c, n, NULL, NULL, first_10, 2, &ch));
    ck_assert_str_eq(ch.text, "10.1.0.20");
    const char *first_192[] = { "192.168.0.0/16", "10.0.0.0/8" };
    ck_assert(agentaddr_choose(c, n, NULL, NULL, first_192, 2, &ch));
    ck_assert_str_eq(ch.text, "192.168.1.20");
    /* A first line that matches nothing falls to the second, and says so. */
    const char *none_first[] = { "172.16.0.0/12", "bogus", "10.0.0.0/8" };
    ck_assert(agentaddr_choose(c, n, NULL, NULL, none_first, 3, &ch));
    ck_assert_str_eq(ch.text, "10.1.0.20");
    ck_assert_ptr_nonnull(strstr(ch.reason, "nothing inside 172.16.0.0/12"));
    ck_assert_ptr_nonnull(strstr(ch.reason, "agent.cidr = 10.0.0.0/8"));
}
END_TEST

/* "!ADDR/LEN": the addresses inside are never chosen (but agentIP still is). */
START_TEST(test_agent_cidr_exclude)
{
    struct agentaddr_candidate c[16];
    size_t n = xcp_host(c);
    struct agentaddr_choice ch;
    const char *not_192[] = { "!192.168.0.0/16" };
    ck_assert(agentaddr_choose(c, n, NULL, NULL, not_192, 1, &ch));
    ck_assert_str_eq(ch.text, "10.1.0.20");          /* was 192.168.1.20 */
    ck_assert(agentaddr_choose(c, n, NULL, "xenbr0", not_192, 1, &ch));
    ck_assert_str_eq(ch.text, "fe80::1");            /* xenbr0's other address */
    const char *not_192_then_192[] = { "!192.168.0.0/16", "192.168.0.0/16" };
    ck_assert(agentaddr_choose(c, n, NULL, NULL, not_192_then_192, 2, &ch));
    ck_assert_str_eq(ch.text, "10.1.0.20");
    ck_assert_ptr_nonnull(strstr(ch.reason, "nothing inside 192.168.0.0/16"));
    ck_assert(agentaddr_choose(c, n, "192.168.1.20", NULL, not_192, 1, &ch));
    ck_assert_str_eq(ch.text, "192.168.1.20");
    ck_assert_str_eq(ch.ifname, "xenbr0");
    const char *not_all[] = { "!0.0.0.0/0", "!::/0" };
    ck_assert(!agentaddr_choose(c, n, NULL, NULL, not_all, 2, &ch));
}
END_TEST

START_TEST(test_list_host)
{
    struct agentaddr_candidate *c;
    size_t n;
    ck_assert(agentaddr_list_host(NULL, &c, &n));
    bool lo = false;
    for (size_t i = 0; i < n; i++) {
        lo |= c[i].family == AF_INET && c[i].addr[0] == 127 && (c[i].flags & IFF_LOOPBACK);
    }
    ck_assert(lo);
    free(c);
}
END_TEST

CHECK_MAIN(
    .name = "agentaddr",
    .tests = CHECK_TESTS(test_default_bridge, test_global_wins, test_order_independent,
                         test_link_local_last, test_skips_loopback_and_down, test_agent_ip,
                         test_agent_dev, test_agent_cidr, test_agent_cidr_order,
                         test_agent_cidr_exclude,
                         test_list_host))
