/* pcap_rtnl: the interfaces and the bridges' forwarding tables, from
 * rtnetlink, kept current by its notifications.
 *
 * One netlink socket joins RTNLGRP_LINK and RTNLGRP_NEIGH and dumps the links
 * (RTM_GETLINK) and then the bridge FDB (RTM_GETNEIGH, AF_BRIDGE) at start,
 * every PCAP_RTNL_REFRESH_MS after, and at once after a lost notification
 * (ENOBUFS). Entries a dump no longer holds are swept when it ends. Links
 * that appear, change or go away bump a generation number, so the sampler
 * re-reads the table only when something changed.
 *
 *   IDLE --(due, or ENOBUFS)--> DUMP_LINKS --(done)--> DUMP_FDB --(done)--> IDLE
 *   any dump --(error)--> IDLE, retried after PCAP_RTNL_RETRY_MS
 *
 * The parsers (pcap_rtnl_parse_*) are pure: a message in, a struct out, every
 * length checked, so the unit tests and the fuzz target feed them bytes.
 *
 * Ownership: struct pcap_rtnl owns its socket, its link array and its FDB
 * table; pcap_rtnl_destroy() frees them. Pointers to links stay valid until
 * the next pcap_rtnl_run(). */
#ifndef PCAP_RTNL_H
#define PCAP_RTNL_H 1

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcap/pcap_fdb.h"

#define PCAP_RTNL_REFRESH_MS (60 * 1000LL)
#define PCAP_RTNL_RETRY_MS 1000LL
#define PCAP_RTNL_MAX_LINKS 65536

struct poll_loop;

struct pcap_link {
    uint32_t ifindex;
    char name[IFNAMSIZ];
    char kind[16];              /* IFLA_INFO_KIND ("bridge", "veth", "tun", ...); "" = a NIC */
    uint32_t master;            /* IFLA_MASTER: the bridge of a port; 0 = none */
    uint16_t type;              /* ARPHRD_* */
    uint32_t flags;             /* IFF_* */
    bool seen;                  /* mark of the dump in progress */
};

/* What a message is. */
enum pcap_rtnl_msg {
    PCAP_RTNL_IGNORE,           /* not ours (other family, no MAC, ...) */
    PCAP_RTNL_NEW,
    PCAP_RTNL_DEL,
    PCAP_RTNL_INVALID,          /* malformed; *WHY says how */
};

/* RTM_NEWLINK / RTM_DELLINK of LEN bytes at NLH. */
enum pcap_rtnl_msg pcap_rtnl_parse_link(const void *nlh, size_t len, struct pcap_link *out,
                                        const char **why);
/* RTM_NEWNEIGH / RTM_DELNEIGH of family AF_BRIDGE with a master. */
enum pcap_rtnl_msg pcap_rtnl_parse_fdb(const void *nlh, size_t len,
                                       struct pcap_fdb_entry *out, const char **why);

/* Walks the messages of a datagram BUF of LEN bytes (4-byte aligned): the
 * message at *OFF, its length in *MLEN, *OFF moved past it; NULL at the
 * end, or with *WHY set at a length that does not fit. */
const void *pcap_rtnl_next(const uint8_t *buf, size_t len, size_t *off, size_t *mlen,
                           const char **why);

struct pcap_rtnl;

/* Opens the socket and starts the first dump; NULL and *ERR on failure. */
struct pcap_rtnl *pcap_rtnl_create(long long now, char **err);
void pcap_rtnl_destroy(struct pcap_rtnl *r);
void pcap_rtnl_run(struct pcap_rtnl *r, long long now);
void pcap_rtnl_wait(struct pcap_rtnl *r, struct poll_loop *loop);

/* Bumped whenever a link appears, changes or goes away. */
uint64_t pcap_rtnl_generation(const struct pcap_rtnl *r);
/* Whether the first full dump of the links has completed. */
bool pcap_rtnl_ready(const struct pcap_rtnl *r);
const struct pcap_link *pcap_rtnl_links(const struct pcap_rtnl *r, size_t *n);
const struct pcap_link *pcap_rtnl_link(const struct pcap_rtnl *r, uint32_t ifindex);
/* The port of BRIDGE that frames for MAC leave on; 0 = not known. *LOCAL is
 * set when MAC is the host's own. */
uint32_t pcap_rtnl_fdb_port(const struct pcap_rtnl *r, uint32_t bridge, const uint8_t mac[6],
                            bool *local);

struct pcap_rtnl_stats {
    uint64_t messages, invalid, overruns, dumps;
    size_t links, fdb_entries;
};
void pcap_rtnl_get_stats(const struct pcap_rtnl *r, struct pcap_rtnl_stats *out);

#endif
