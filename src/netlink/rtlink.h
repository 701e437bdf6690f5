/* rtlink: the pure parser of rtnetlink link messages.
 *
 * RTM_NEWLINK / RTM_DELLINK (answers to an RTM_GETLINK dump and the
 * notifications of the RTNLGRP_LINK group) and RTM_NEWSTATS (answers to an
 * RTM_GETSTATS dump with IFLA_STATS_LINK_64). Every length comes from the
 * kernel but is checked all the same: a header or attribute that runs past
 * its message, or a fixed-size attribute of the wrong size, rejects the
 * message as a whole (with a reason), and the caller keeps what it had.
 *
 * Ownership: nothing here allocates; parsed records are copies. */
#ifndef RTLINK_H
#define RTLINK_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RTLINK_NAME_MAX 16          /* IFNAMSIZ, NUL included */
#define RTLINK_KIND_MAX 16

/* What a link message says about one interface. */
struct rtlink_info {
    uint32_t ifindex;
    char name[RTLINK_NAME_MAX];     /* IFLA_IFNAME ("" if absent) */
    uint16_t type;                  /* ARPHRD_* */
    uint32_t flags;                 /* IFF_* as netlink gives them */
    bool has_mac;                   /* IFLA_ADDRESS of 6 bytes, not all zero */
    uint8_t mac[6];
    uint8_t operstate;              /* IF_OPER_* (0 unknown) */
    uint32_t promiscuity;           /* IFLA_PROMISCUITY: > 0 is promiscuous */
    uint32_t master;                /* IFLA_MASTER, 0 = none */
    bool has_parent;                /* IFLA_PARENT_DEV_NAME present */
    char kind[RTLINK_KIND_MAX];     /* IFLA_LINKINFO / IFLA_INFO_KIND ("" if none) */
};

/* The counters /proc/net/dev prints, from struct rtnl_link_stats64. */
struct rtlink_stats {
    uint64_t rx_bytes, rx_packets, rx_errors, rx_dropped, rx_fifo, rx_frame, rx_compressed,
        multicast;
    uint64_t tx_bytes, tx_packets, tx_errors, tx_dropped, tx_fifo, collisions, tx_carrier,
        tx_compressed;
};

/* What an address message says (RTM_NEWADDR). */
struct rtlink_addr {
    uint32_t ifindex;
    int family;                     /* AF_INET or AF_INET6 */
    uint8_t addr[16];               /* IFA_LOCAL, else IFA_ADDRESS; network order */
};

enum rtlink_msg_kind {
    RTLINK_MSG_NEWLINK,             /* info filled */
    RTLINK_MSG_DELLINK,             /* info filled (ifindex, name) */
    RTLINK_MSG_STATS,               /* stats and stats_ifindex filled */
    RTLINK_MSG_NEWADDR,             /* addr filled (IPv4 and IPv6 only) */
    RTLINK_MSG_DONE,                /* NLMSG_DONE: a dump ended */
    RTLINK_MSG_ERROR,               /* NLMSG_ERROR: err (positive errno; 0 = ack) */
    RTLINK_MSG_OTHER,               /* anything else: skip */
    RTLINK_MSG_INVALID,             /* rejected: *WHY says why */
};

/* Netlink framing: the next message of BUF[0..LEN) at *OFF. True with *MSG,
 * *MSG_LEN set and *OFF moved past it (aligned); false at the end or when
 * what is left is not a whole message (*WHY set then; NULL at a clean end). */
bool rtlink_next(const uint8_t *buf, size_t len, size_t *off, const uint8_t **msg,
                 size_t *msg_len, const char **why);

/* One parsed message; which fields are filled depends on its kind. */
struct rtlink_msg {
    uint32_t seq;                   /* nlmsg_seq (tells a dump's answers apart) */
    uint16_t flags;                 /* nlmsg_flags (NLM_F_DUMP_INTR, ...) */
    int err;                        /* RTLINK_MSG_ERROR: positive errno, 0 = ack */
    struct rtlink_info info;        /* RTLINK_MSG_NEWLINK / DELLINK */
    uint32_t stats_ifindex;         /* RTLINK_MSG_STATS */
    struct rtlink_stats stats;
    struct rtlink_addr addr;        /* RTLINK_MSG_NEWADDR */
};

/* Classifies and parses one message MSG[0..LEN), header included, into *OUT. */
enum rtlink_msg_kind rtlink_parse(const uint8_t *msg, size_t len, struct rtlink_msg *out,
                                  const char **why);

#endif
