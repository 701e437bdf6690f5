/* rtlink: the pure parser of rtnetlink link messages. See rtlink.h. */
#include <config.h>

#include "netlink/rtlink.h"

#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>

#ifndef IFLA_PARENT_DEV_NAME
#define IFLA_PARENT_DEV_NAME 56     /* Linux 5.15 */
#endif
#define RTLINK_ALIGN(n) (((n) + 3u) & ~(size_t) 3u)
#define RTLINK_HDR sizeof(struct nlmsghdr)
#define RTLINK_IFINFO sizeof(struct ifinfomsg)
#define RTLINK_STATSMSG sizeof(struct if_stats_msg)
#define RTLINK_STATS64_MIN (23u * 8u)   /* up to tx_compressed */

static uint64_t
get64(const uint8_t *p, size_t i)
{
    uint64_t v;
    memcpy(&v, p + i * 8, sizeof v);
    return v;
}

bool
rtlink_next(const uint8_t *buf, size_t len, size_t *off, const uint8_t **msg, size_t *msg_len,
            const char **why)
{
    *why = NULL;
    if (*off >= len) {
        return false;
    }
    size_t left = len - *off;
    if (left < RTLINK_HDR) {
        *why = "netlink message shorter than its header";
        return false;
    }
    struct nlmsghdr h;
    memcpy(&h, buf + *off, sizeof h);
    uint32_t n = h.nlmsg_len;
    if (n < RTLINK_HDR || n > left) {
        *why = "netlink message length past the datagram";
        return false;
    }
    *msg = buf + *off;
    *msg_len = n;
    size_t step = RTLINK_ALIGN((size_t) n);
    *off += step < left ? step : left;
    return true;
}

/* One attribute of a message. */
struct rtlink_attr {
    uint16_t type;                  /* NLA_TYPE_MASK applied */
    const uint8_t *data;
    size_t len;
};

/* The next attribute of A[0..LEN) at *OFF. False at the end, or (with *WHY)
 * when one runs past it. */
static bool
attr_next(const uint8_t *a, size_t len, size_t *off, struct rtlink_attr *at, const char **why)
{
    if (*off >= len || len - *off < 4) {
        return false;               /* trailing padding is fine */
    }
    struct rtattr ra;
    memcpy(&ra, a + *off, sizeof ra);
    if (ra.rta_len < sizeof ra || ra.rta_len > len - *off) {
        *why = "attribute length past the message";
        return false;
    }
    at->type = ra.rta_type & NLA_TYPE_MASK;
    at->data = a + *off + sizeof ra;
    at->len = ra.rta_len - sizeof ra;
    *off += RTLINK_ALIGN((size_t) ra.rta_len);
    return true;
}

/* A NUL-terminated string attribute into OUT of SIZE; false if too long or
 * not terminated. */
static bool
attr_string(const struct rtlink_attr *at, char *out, size_t size)
{
    const uint8_t *nul = memchr(at->data, '\0', at->len);
    if (!nul) {
        return false;
    }
    size_t n = (size_t) (nul - at->data);
    if (n >= size) {
        return false;
    }
    memcpy(out, at->data, n + 1);
    return true;
}

static bool
parse_linkinfo(const struct rtlink_attr *li, struct rtlink_info *info, const char **why)
{
    size_t off = 0;
    struct rtlink_attr at;
    while (attr_next(li->data, li->len, &off, &at, why)) {
        if (at.type == IFLA_INFO_KIND && !attr_string(&at, info->kind, sizeof info->kind)) {
            *why = "IFLA_INFO_KIND too long or not terminated";
            return false;
        }
    }
    return *why == NULL;
}

static bool
parse_link(const uint8_t *body, size_t len, struct rtlink_info *info, const char **why)
{
    static const uint8_t zero[6];
    memset(info, 0, sizeof *info);
    if (len < RTLINK_IFINFO) {
        *why = "link message shorter than struct ifinfomsg";
        return false;
    }
    struct ifinfomsg ifi;
    memcpy(&ifi, body, sizeof ifi);
    if (ifi.ifi_index <= 0) {
        *why = "link message with ifindex <= 0";
        return false;
    }
    info->type = ifi.ifi_type;
    info->ifindex = (uint32_t) ifi.ifi_index;
    info->flags = ifi.ifi_flags;
    const uint8_t *a = body + RTLINK_IFINFO;
    size_t alen = len - RTLINK_IFINFO, off = 0;
    struct rtlink_attr at;
    while (attr_next(a, alen, &off, &at, why)) {
        switch (at.type) {
        case IFLA_IFNAME:
            if (!attr_string(&at, info->name, sizeof info->name)) {
                *why = "IFLA_IFNAME too long or not terminated";
                return false;
            }
            break;
        case IFLA_ADDRESS:
            if (at.len == 6 && memcmp(at.data, zero, 6)) {
                memcpy(info->mac, at.data, 6);
                info->has_mac = true;
            }
            break;
        case IFLA_OPERSTATE:
            if (at.len != 1) {
                *why = "IFLA_OPERSTATE of the wrong size";
                return false;
            }
            info->operstate = at.data[0];
            break;
        case IFLA_PROMISCUITY:
        case IFLA_MASTER:
            if (at.len != 4) {
                *why = "IFLA_PROMISCUITY or IFLA_MASTER of the wrong size";
                return false;
            }
            memcpy(at.type == IFLA_MASTER ? &info->master : &info->promiscuity, at.data, 4);
            break;
        case IFLA_PARENT_DEV_NAME:
            info->has_parent = at.len > 1;
            break;
        case IFLA_LINKINFO:
            if (!parse_linkinfo(&at, info, why)) {
                return false;
            }
            break;
        default:
            break;
        }
    }
    return *why == NULL;
}

static bool
parse_stats(const uint8_t *body, size_t len, struct rtlink_stats *s, uint32_t *ifindex,
            const char **why)
{
    if (len < RTLINK_STATSMSG) {
        *why = "stats message shorter than struct if_stats_msg";
        return false;
    }
    struct if_stats_msg sm;
    memcpy(&sm, body, sizeof sm);
    *ifindex = sm.ifindex;
    const uint8_t *a = body + RTLINK_STATSMSG;
    size_t alen = len - RTLINK_STATSMSG, off = 0;
    struct rtlink_attr at;
    while (attr_next(a, alen, &off, &at, why)) {
        if (at.type != IFLA_STATS_LINK_64) {
            continue;
        }
        if (at.len < RTLINK_STATS64_MIN) {
            *why = "IFLA_STATS_LINK_64 shorter than struct rtnl_link_stats64";
            return false;
        }
        /* The sums /proc/net/dev prints (net/core/net-procfs.c). */
        const uint8_t *v = at.data;
        memset(s, 0, sizeof *s);
        s->rx_packets = get64(v, 0);
        s->tx_packets = get64(v, 1);
        s->rx_bytes = get64(v, 2);
        s->tx_bytes = get64(v, 3);
        s->rx_errors = get64(v, 4);
        s->tx_errors = get64(v, 5);
        s->rx_dropped = get64(v, 6) + get64(v, 15);             /* + rx_missed */
        s->tx_dropped = get64(v, 7);
        s->multicast = get64(v, 8);
        s->collisions = get64(v, 9);
        s->rx_frame = get64(v, 10) + get64(v, 11) + get64(v, 12) + get64(v, 13);
        s->rx_fifo = get64(v, 14);
        s->tx_carrier = get64(v, 16) + get64(v, 17) + get64(v, 19) + get64(v, 20);
        s->tx_fifo = get64(v, 18);
        s->rx_compressed = get64(v, 21);
        s->tx_compressed = get64(v, 22);
        return true;
    }
    if (!*why) {
        *why = "stats message without IFLA_STATS_LINK_64";
    }
    return false;
}

/* An address of ifaddrmsg BODY[0..LEN): false (with *WHY) when damaged or
 * of another family; *WHY stays NULL for another family. */
static bool
parse_addr(const uint8_t *body, size_t len, struct rtlink_addr *out, const char **why)
{
    struct ifaddrmsg ifa;
    if (len < sizeof ifa) {
        *why = "address message shorter than struct ifaddrmsg";
        return false;
    }
    memcpy(&ifa, body, sizeof ifa);
    size_t alen = ifa.ifa_family == AF_INET ? 4 : ifa.ifa_family == AF_INET6 ? 16 : 0;
    if (!alen) {
        return false;
    }
    memset(out, 0, sizeof *out);
    out->ifindex = ifa.ifa_index;
    out->family = ifa.ifa_family;
    const uint8_t *a = body + NLMSG_ALIGN(sizeof ifa);
    size_t left = len - NLMSG_ALIGN(sizeof ifa), off = 0;
    struct rtlink_attr at;
    bool have = false, have_local = false;
    while (attr_next(a, left, &off, &at, why)) {
        if ((at.type == IFA_LOCAL || (at.type == IFA_ADDRESS && !have_local))) {
            if (at.len != alen) {
                *why = "address attribute of the wrong size";
                return false;
            }
            memcpy(out->addr, at.data, alen);
            have = true;
            have_local |= at.type == IFA_LOCAL;
        }
    }
    if (!*why && !have) {
        *why = "address message without an address";
    }
    return *why == NULL;
}

enum rtlink_msg_kind
rtlink_parse(const uint8_t *msg, size_t len, struct rtlink_msg *out, const char **why)
{
    *why = NULL;
    if (len < RTLINK_HDR) {
        *why = "netlink message shorter than its header";
        return RTLINK_MSG_INVALID;
    }
    struct nlmsghdr h;
    memcpy(&h, msg, sizeof h);
    uint16_t type = h.nlmsg_type;
    out->flags = h.nlmsg_flags;
    out->seq = h.nlmsg_seq;
    const uint8_t *body = msg + RTLINK_HDR;
    size_t blen = len - RTLINK_HDR;
    switch (type) {
    case NLMSG_DONE:
        return RTLINK_MSG_DONE;
    case NLMSG_ERROR: {
        int32_t e;
        if (blen < sizeof e) {
            *why = "netlink error message too short";
            return RTLINK_MSG_INVALID;
        }
        memcpy(&e, body, sizeof e);
        out->err = e < 0 ? -e : e;
        return RTLINK_MSG_ERROR;
    }
    case RTM_NEWLINK:
    case RTM_DELLINK:
        if (!parse_link(body, blen, &out->info, why)) {
            return RTLINK_MSG_INVALID;
        }
        return type == RTM_NEWLINK ? RTLINK_MSG_NEWLINK : RTLINK_MSG_DELLINK;
    case RTM_NEWADDR:
        if (parse_addr(body, blen, &out->addr, why)) {
            return RTLINK_MSG_NEWADDR;
        }
        return *why ? RTLINK_MSG_INVALID : RTLINK_MSG_OTHER;
    case RTM_NEWSTATS:
        return parse_stats(body, blen, &out->stats, &out->stats_ifindex, why)
                   ? RTLINK_MSG_STATS : RTLINK_MSG_INVALID;
    default:
        return RTLINK_MSG_OTHER;
    }
}
