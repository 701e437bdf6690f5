/* Builds NFLOG netlink messages for the nflog unit tests, byte by byte as the
 * kernel lays them out (host-order netlink headers, big-endian values). */
#ifndef TEST_NFLOG_MSG_H
#define TEST_NFLOG_MSG_H 1

#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_log.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <string.h>

struct tmsg {
    uint8_t b[4096];
    size_t len;                  /* bytes used */
    size_t start;                /* where the current netlink message begins */
};

static inline void
tmsg_begin(struct tmsg *m, uint16_t type, uint16_t group)
{
    m->start = m->len;
    struct nlmsghdr h = { .nlmsg_len = 0, .nlmsg_type = type, .nlmsg_flags = NLM_F_MULTI };
    memcpy(m->b + m->len, &h, sizeof h);
    m->len += NLMSG_HDRLEN;
    if (type == ((NFNL_SUBSYS_ULOG << 8) | NFULNL_MSG_PACKET)) {
        struct nfgenmsg g = { .nfgen_family = 2, .version = 0, .res_id = htons(group) };
        memcpy(m->b + m->len, &g, sizeof g);
        m->len += NLMSG_ALIGN(sizeof g);
    }
}

static inline void
tmsg_attr(struct tmsg *m, uint16_t type, const void *data, size_t n)
{
    struct nlattr a = { .nla_len = (uint16_t) (NLA_HDRLEN + n), .nla_type = type };
    memcpy(m->b + m->len, &a, sizeof a);
    memcpy(m->b + m->len + NLA_HDRLEN, data, n);
    size_t total = NLA_ALIGN(NLA_HDRLEN + n);
    memset(m->b + m->len + NLA_HDRLEN + n, 0, total - NLA_HDRLEN - n);
    m->len += total;
}

static inline void
tmsg_u32(struct tmsg *m, uint16_t type, uint32_t v)
{
    uint32_t be = htonl(v);
    tmsg_attr(m, type, &be, 4);
}

static inline void
tmsg_u16(struct tmsg *m, uint16_t type, uint16_t v)
{
    uint16_t be = htons(v);
    tmsg_attr(m, type, &be, 2);
}

static inline void
tmsg_end(struct tmsg *m)
{
    uint32_t l = (uint32_t) (m->len - m->start);
    memcpy(m->b + m->start, &l, 4);
}

static inline void
tmsg_pkthdr(struct tmsg *m, uint16_t ethertype, uint8_t hook)
{
    struct nfulnl_msg_packet_hdr h = { .hw_protocol = htons(ethertype), .hook = hook };
    tmsg_attr(m, NFULA_PACKET_HDR, &h, sizeof h);
}

/* An IPv4 ICMP echo of TOTAL bytes (header says TOTAL), N bytes of it. */
static inline void
tmsg_ipv4(uint8_t *p, size_t n, uint16_t total)
{
    uint8_t ip[28] = { 0x45, 0, (uint8_t) (total >> 8), (uint8_t) total, 0, 1, 0x40, 0,
                       64, 1, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 8, 0, 0, 0, 0, 1, 0, 1 };
    memset(p, 0xab, n);
    memcpy(p, ip, n < sizeof ip ? n : sizeof ip);
}

/* A whole packet message as the kernel sends for an INPUT rule on a veth. */
static inline void
tmsg_packet(struct tmsg *m, uint32_t seq, uint32_t indev, uint16_t ip_total,
            size_t copied, int with_mac)
{
    uint8_t pl[256];
    tmsg_begin(m, (NFNL_SUBSYS_ULOG << 8) | NFULNL_MSG_PACKET, 5);
    tmsg_pkthdr(m, 0x0800, 1);
    tmsg_u32(m, NFULA_IFINDEX_INDEV, indev);
    if (with_mac) {
        static const uint8_t mac[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0 };
        tmsg_u16(m, NFULA_HWTYPE, 1);
        tmsg_u16(m, NFULA_HWLEN, 14);
        tmsg_attr(m, NFULA_HWHEADER, mac, sizeof mac);
    }
    tmsg_u32(m, NFULA_SEQ, seq);
    tmsg_u32(m, NFULA_SEQ_GLOBAL, seq + 1000);
    tmsg_ipv4(pl, copied, ip_total);
    tmsg_attr(m, NFULA_PAYLOAD, pl, copied);
    tmsg_end(m);
}

#endif
