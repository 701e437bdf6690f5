/* pcap_port: one sampled interface: an AF_PACKET socket bound to its
 * ifindex, with the sampling filter of pcap_bpf.h attached, and the
 * interface's rx_packets counter kept open for the sample pool.
 *
 * Order of set-up, so that nothing unfiltered is ever queued: the socket is
 * made with protocol 0 (it receives nothing yet), the filter is attached,
 * and only then is it bound to ETH_P_ALL on the ifindex. A new rate or
 * header size replaces the filter on the same socket (SO_ATTACH_FILTER).
 *
 * The pool is rx_packets now minus rx_packets when the socket was opened:
 * every frame the port received, sampled or not. Drops are the socket's
 * tp_drops (PACKET_STATISTICS, which resets on read), summed.
 *
 * Ownership: the caller owns the struct pcap_port from pcap_port_open() and
 * frees it with pcap_port_close(), which closes its descriptors. */
#ifndef PCAP_PORT_H
#define PCAP_PORT_H 1

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netlink/rtlink.h"
#include "pcap/pcap_select.h"

#define PCAP_PORT_BATCH 32
/* Receive buffer asked for each socket (forced past net.core.rmem_max when
 * the process may): a cap on the samples queued, not memory taken. */
#define PCAP_PORT_RCVBUF (4 << 20)

struct pcap_port {
    uint32_t ifindex;
    char name[IFNAMSIZ];
    int fd;                     /* the packet socket */
    int rx_fd;                  /* statistics/rx_packets; -1 = not readable */
    uint32_t rate, snaplen;     /* of the filter attached */
    uint64_t speed;             /* bits/s; 0 = unknown */
    bool speed_up;              /* the link was up when SPEED was read */
    size_t spec;                /* the pcap { } block that picked it */
    uint32_t master;            /* its bridge (for the FDB); 0 = none */
    bool promisc;
    uint64_t rx_base;           /* rx_packets when opened */
    uint32_t pool;              /* rx_packets since then (wraps, as sFlow's does) */
    uint32_t drops;             /* tp_drops summed (wraps) */
    uint64_t frames, samples;   /* frames read, samples made */
    uint64_t estimated;         /* pools estimated for want of rx_packets */
    bool mark;                  /* still picked (the module's sweep) */
};

/* Opens the socket on link L (its ifindex and name). NULL and *ERR on
 * failure. */
struct pcap_port *pcap_port_open(const struct rtlink_info *l, uint64_t speed, uint32_t rate,
                                 uint32_t snaplen, bool promisc, char **err);
void pcap_port_close(struct pcap_port *p);
/* Replaces the filter (same socket). False and *ERR on failure; the old
 * filter then stays. */
bool pcap_port_set_filter(struct pcap_port *p, uint32_t rate, uint32_t snaplen, char **err);
/* Reads rx_packets and the socket's drops into POOL and DROPS. */
void pcap_port_update_counters(struct pcap_port *p);

typedef void pcap_frame_fn(void *aux, struct pcap_port *p, const struct pcap_frame *fr);
/* Reads up to MAX frames without blocking, calls FN for each; returns how
 * many were read (0: none waiting). */
size_t pcap_port_read(struct pcap_port *p, size_t max, pcap_frame_fn *fn, void *aux);

/* The interface's speed from /sys/class/net/NAME/speed, in bits/s; 0 when
 * unknown. */
uint64_t pcap_port_speed(const char *name);

#endif
