/* pcap_neigh: the Linux bridges' forwarding tables (FDB), from rtnetlink,
 * kept current by its notifications.
 *
 * One netlink socket joins RTNLGRP_NEIGH and dumps the bridge FDB
 * (RTM_GETNEIGH, AF_BRIDGE) at start, every PCAP_NEIGH_REFRESH_MS after, and
 * at once after lost notifications (ENOBUFS, logged once per burst). Entries
 * a dump no longer holds are swept when it ends. The links themselves come
 * from the host's interface table (src/netlink/iftable.h), not from here.
 *
 *   IDLE --(due)--> DUMPING --(NLMSG_DONE)--> IDLE
 *   any --(ENOBUFS)--> a new dump at once (a dump in progress is dropped)
 *   DUMPING --(NLMSG_ERROR, or the request cannot be sent)--> IDLE,
 *                                          retried after PCAP_NEIGH_RETRY_MS
 *
 * The parser and the datagram walker (pcap_neigh_parse, pcap_neigh_next)
 * are pure: bytes in, a struct out, every length checked, so the unit tests
 * and the fuzz target feed them bytes.
 *
 * Ownership: struct pcap_neigh owns its socket, buffer and FDB table;
 * pcap_neigh_destroy() frees them. */
#ifndef PCAP_NEIGH_H
#define PCAP_NEIGH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcap/pcap_fdb.h"

#define PCAP_NEIGH_REFRESH_MS (60 * 1000LL)
#define PCAP_NEIGH_RETRY_MS 1000LL

struct poll_loop;

/* What a message is. */
enum pcap_neigh_msg {
    PCAP_NEIGH_IGNORE,          /* not ours (other family, no master, ...) */
    PCAP_NEIGH_NEW,
    PCAP_NEIGH_DEL,
    PCAP_NEIGH_INVALID,         /* malformed; *WHY says how */
};

/* RTM_NEWNEIGH / RTM_DELNEIGH of LEN bytes at NLH, of family AF_BRIDGE with
 * a master: one FDB entry into *OUT. */
enum pcap_neigh_msg pcap_neigh_parse(const void *nlh, size_t len, struct pcap_fdb_entry *out,
                                     const char **why);

/* Walks the messages of a datagram BUF of LEN bytes (4-byte aligned): the
 * message at *OFF, its length in *MLEN, *OFF moved past it; NULL at the
 * end, or with *WHY set at a length that does not fit (also one past
 * 2^31, which libmnl's mnl_nlmsg_ok() would take). */
const void *pcap_neigh_next(const uint8_t *buf, size_t len, size_t *off, size_t *mlen,
                            const char **why);

struct pcap_neigh;

/* Opens the socket and asks for the first dump; NULL and *ERR on failure. */
struct pcap_neigh *pcap_neigh_create(long long now, char **err);
void pcap_neigh_destroy(struct pcap_neigh *n);
void pcap_neigh_run(struct pcap_neigh *n, long long now);
void pcap_neigh_wait(struct pcap_neigh *n, struct poll_loop *loop);

/* The port of BRIDGE that frames for MAC leave on; 0 = not known. *LOCAL is
 * set when MAC is the host's own. */
uint32_t pcap_neigh_fdb_port(const struct pcap_neigh *n, uint32_t bridge, const uint8_t mac[6],
                             bool *local);
/* Drops the entries of bridge or port IFINDEX (a link that went away). */
void pcap_neigh_forget(struct pcap_neigh *n, uint32_t ifindex);

#endif
