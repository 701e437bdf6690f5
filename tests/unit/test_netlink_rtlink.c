/* rtlink: link and stats messages as the kernel lays them out, framing, and
 * every kind of damage rejected with a reason. */
#include <config.h>

#include <check.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

#include "netlink/rtlink.h"
#include "check_run.h"

struct msgbuf {
    uint8_t b[4096];
    size_t len;
};

static void
put(struct msgbuf *m, const void *p, size_t n)
{
    memcpy(m->b + m->len, p, n);
    m->len += n;
    while (m->len % 4) {
        m->b[m->len++] = 0;
    }
}

static void
put_attr(struct msgbuf *m, uint16_t type, const void *p, size_t n)
{
    struct rtattr a = { .rta_len = (unsigned short) (4 + n), .rta_type = type };
    memcpy(m->b + m->len, &a, 4);
    m->len += 4;
    put(m, p, n);
}

static void
finish(struct msgbuf *m, uint16_t type, uint32_t seq)
{
    struct nlmsghdr h = { .nlmsg_len = (uint32_t) m->len, .nlmsg_type = type, .nlmsg_seq = seq };
    memcpy(m->b, &h, sizeof h);
}

/* A NEWLINK as a dump answers: veth-like with a kind, or a NIC with a parent. */
static void
make_link(struct msgbuf *m, uint16_t type, int index, const char *name, const char *kind,
          bool parent)
{
    memset(m, 0, sizeof *m);
    m->len = sizeof(struct nlmsghdr);
    struct ifinfomsg ifi = { .ifi_type = 1, .ifi_index = index, .ifi_flags = IFF_UP | IFF_BROADCAST };
    put(m, &ifi, sizeof ifi);
    put_attr(m, IFLA_IFNAME, name, strlen(name) + 1);
    uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };
    put_attr(m, IFLA_ADDRESS, mac, 6);
    uint8_t oper = 6;
    put_attr(m, IFLA_OPERSTATE, &oper, 1);
    uint32_t promisc = 1, master = 7;
    put_attr(m, IFLA_PROMISCUITY, &promisc, 4);
    put_attr(m, IFLA_MASTER, &master, 4);
    if (parent) {
        put_attr(m, 56, "0000:00:03.0", 13);
    }
    if (kind) {
        struct msgbuf in = { .len = 0 };
        put_attr(&in, IFLA_INFO_KIND, kind, strlen(kind) + 1);
        put_attr(m, IFLA_LINKINFO | NLA_F_NESTED, in.b, in.len);
    }
    finish(m, type, 42);
}

START_TEST(test_newlink)
{
    struct msgbuf m;
    struct rtlink_msg out;
    const char *why;
    make_link(&m, RTM_NEWLINK, 5, "br0", "bridge", false);
    ck_assert_int_eq(rtlink_parse(m.b, m.len, &out, &why), RTLINK_MSG_NEWLINK);
    ck_assert_uint_eq(out.seq, 42);
    ck_assert_uint_eq(out.info.ifindex, 5);
    ck_assert_str_eq(out.info.name, "br0");
    ck_assert_str_eq(out.info.kind, "bridge");
    ck_assert(out.info.has_mac);
    ck_assert_uint_eq(out.info.mac[5], 9);
    ck_assert_uint_eq(out.info.operstate, 6);
    ck_assert_uint_eq(out.info.promiscuity, 1);
    ck_assert_uint_eq(out.info.master, 7);
    ck_assert(!out.info.has_parent);
    ck_assert_uint_eq(out.info.flags, IFF_UP | IFF_BROADCAST);

    make_link(&m, RTM_DELLINK, 9, "eth0", NULL, true);
    ck_assert_int_eq(rtlink_parse(m.b, m.len, &out, &why), RTLINK_MSG_DELLINK);
    ck_assert(out.info.has_parent);
    ck_assert_str_eq(out.info.kind, "");
}
END_TEST

START_TEST(test_damaged)
{
    struct msgbuf m;
    struct rtlink_msg out;
    const char *why;
    make_link(&m, RTM_NEWLINK, 5, "br0", "bridge", false);
    /* Every truncation of the attributes is rejected or parsed without
     * reading past the end (the header says the shorter length). */
    for (size_t len = sizeof(struct nlmsghdr); len < m.len; len++) {
        struct msgbuf t = m;
        finish(&t, RTM_NEWLINK, 1);
        memcpy(t.b, &len, 4);
        enum rtlink_msg_kind k = rtlink_parse(t.b, len, &out, &why);
        ck_assert(k == RTLINK_MSG_NEWLINK || k == RTLINK_MSG_INVALID);
        if (k == RTLINK_MSG_INVALID) {
            ck_assert_ptr_nonnull(why);
        }
    }
    /* An attribute longer than the message. */
    struct msgbuf t = m;
    uint16_t big = 2000;
    memcpy(t.b + sizeof(struct nlmsghdr) + sizeof(struct ifinfomsg), &big, 2);
    ck_assert_int_eq(rtlink_parse(t.b, t.len, &out, &why), RTLINK_MSG_INVALID);
    ck_assert_str_eq(why, "attribute length past the message");
    /* A name without its NUL. */
    make_link(&m, RTM_NEWLINK, 5, "0123456789abcdef", NULL, false);
    ck_assert_int_eq(rtlink_parse(m.b, m.len, &out, &why), RTLINK_MSG_INVALID);
    /* ifindex 0. */
    make_link(&m, RTM_NEWLINK, 0, "x", NULL, false);
    ck_assert_int_eq(rtlink_parse(m.b, m.len, &out, &why), RTLINK_MSG_INVALID);
    /* OPERSTATE of 4 bytes. */
    memset(&m, 0, sizeof m);
    m.len = sizeof(struct nlmsghdr);
    struct ifinfomsg ifi = { .ifi_index = 3 };
    put(&m, &ifi, sizeof ifi);
    uint32_t four = 6;
    put_attr(&m, IFLA_OPERSTATE, &four, 4);
    finish(&m, RTM_NEWLINK, 0);
    ck_assert_int_eq(rtlink_parse(m.b, m.len, &out, &why), RTLINK_MSG_INVALID);
    ck_assert_str_eq(why, "IFLA_OPERSTATE of the wrong size");
}
END_TEST

START_TEST(test_stats)
{
    struct msgbuf m;
    memset(&m, 0, sizeof m);
    m.len = sizeof(struct nlmsghdr);
    struct if_stats_msg sm = { .ifindex = 12, .filter_mask = 1 };
    put(&m, &sm, sizeof sm);
    uint64_t v[25];
    for (size_t i = 0; i < 25; i++) {
        v[i] = 100 + i;
    }
    put_attr(&m, IFLA_STATS_LINK_64, v, sizeof v);
    finish(&m, RTM_NEWSTATS, 7);
    struct rtlink_msg out;
    const char *why;
    ck_assert_int_eq(rtlink_parse(m.b, m.len, &out, &why), RTLINK_MSG_STATS);
    ck_assert_uint_eq(out.stats_ifindex, 12);
    ck_assert_uint_eq(out.stats.rx_packets, 100);
    ck_assert_uint_eq(out.stats.tx_packets, 101);
    ck_assert_uint_eq(out.stats.rx_bytes, 102);
    ck_assert_uint_eq(out.stats.tx_bytes, 103);
    ck_assert_uint_eq(out.stats.rx_dropped, 106 + 115);        /* + rx_missed */
    ck_assert_uint_eq(out.stats.multicast, 108);
    ck_assert_uint_eq(out.stats.rx_frame, 110 + 111 + 112 + 113);
    ck_assert_uint_eq(out.stats.tx_carrier, 116 + 117 + 119 + 120);
    ck_assert_uint_eq(out.stats.tx_fifo, 118);
    ck_assert_uint_eq(out.stats.tx_compressed, 122);
    /* A short stats attribute. */
    memset(&m, 0, sizeof m);
    m.len = sizeof(struct nlmsghdr);
    put(&m, &sm, sizeof sm);
    put_attr(&m, IFLA_STATS_LINK_64, v, 8 * 10);
    finish(&m, RTM_NEWSTATS, 7);
    ck_assert_int_eq(rtlink_parse(m.b, m.len, &out, &why), RTLINK_MSG_INVALID);
}
END_TEST

START_TEST(test_framing)
{
    struct msgbuf a, b;
    make_link(&a, RTM_NEWLINK, 5, "br0", "bridge", false);
    make_link(&b, RTM_NEWLINK, 6, "eth1", NULL, true);
    uint8_t buf[8192];
    memcpy(buf, a.b, a.len);
    memcpy(buf + a.len, b.b, b.len);
    size_t len = a.len + b.len, off = 0, mlen;
    const uint8_t *msg;
    const char *why;
    ck_assert(rtlink_next(buf, len, &off, &msg, &mlen, &why));
    ck_assert_uint_eq(mlen, a.len);
    ck_assert(rtlink_next(buf, len, &off, &msg, &mlen, &why));
    ck_assert_uint_eq(mlen, b.len);
    ck_assert(!rtlink_next(buf, len, &off, &msg, &mlen, &why));
    ck_assert_ptr_null(why);
    /* Cut inside the second message. */
    off = 0;
    ck_assert(rtlink_next(buf, len - 4, &off, &msg, &mlen, &why));
    ck_assert(!rtlink_next(buf, len - 4, &off, &msg, &mlen, &why));
    ck_assert_ptr_nonnull(why);
}
END_TEST

/* An address message: FAMILY, index 4, LOCAL and ADDRESS attributes of
 * LEN bytes when given. */
static void
make_addr(struct msgbuf *m, int family, const uint8_t *local, const uint8_t *address,
          size_t len)
{
    memset(m, 0, sizeof *m);
    m->len = sizeof(struct nlmsghdr);
    struct ifaddrmsg ifa = { .ifa_family = (uint8_t) family, .ifa_prefixlen = 24, .ifa_index = 4 };
    put(m, &ifa, sizeof ifa);
    if (address) {
        put_attr(m, IFA_ADDRESS, address, len);
    }
    if (local) {
        put_attr(m, IFA_LOCAL, local, len);
    }
    finish(m, RTM_NEWADDR, 3);
}

START_TEST(test_newaddr)
{
    struct msgbuf m;
    struct rtlink_msg out;
    const char *why;
    /* Point to point: IFA_ADDRESS is the peer, IFA_LOCAL ours. */
    const uint8_t peer[4] = { 10, 0, 0, 2 }, ours[4] = { 10, 0, 0, 1 };
    make_addr(&m, AF_INET, ours, peer, 4);
    ck_assert_int_eq(rtlink_parse(m.b, m.len, &out, &why), RTLINK_MSG_NEWADDR);
    ck_assert_uint_eq(out.addr.ifindex, 4);
    ck_assert_int_eq(out.addr.family, AF_INET);
    ck_assert_mem_eq(out.addr.addr, ours, 4);
    const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
    make_addr(&m, AF_INET6, NULL, v6, 16);
    ck_assert_int_eq(rtlink_parse(m.b, m.len, &out, &why), RTLINK_MSG_NEWADDR);
    ck_assert_mem_eq(out.addr.addr, v6, 16);
    /* An IPv6 address of 4 bytes, no address at all, another family. */
    make_addr(&m, AF_INET6, NULL, ours, 4);
    ck_assert_int_eq(rtlink_parse(m.b, m.len, &out, &why), RTLINK_MSG_INVALID);
    make_addr(&m, AF_INET, NULL, NULL, 0);
    ck_assert_int_eq(rtlink_parse(m.b, m.len, &out, &why), RTLINK_MSG_INVALID);
    make_addr(&m, AF_PACKET, NULL, ours, 4);
    ck_assert_int_eq(rtlink_parse(m.b, m.len, &out, &why), RTLINK_MSG_OTHER);
}
END_TEST

int
main(void)
{
    return check_main(&(struct check_spec) {
        .name = "netlink_rtlink",
        .tests = CHECK_TESTS(test_newlink, test_damaged, test_stats, test_framing, test_newaddr),
    });
}
