/* counters_netdev: /proc/net/dev into host_net_io (2006) and the generic
 * interface counters (1) (counters_netdev.c). Each parser takes the
 * NUL-terminated text of one whole file and fills a record from it without
 * allocating; numbers wrap as the kernel's own counters do (see
 * counters_scan.h). */
#ifndef COUNTERS_NETDEV_H
#define COUNTERS_NETDEV_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"

struct hscounters;
struct hsc_iface;

/* One /proc/net/dev line. */
struct hsc_netdev {
    char name[32];
    uint64_t rx_bytes, rx_packets, rx_errs, rx_drop, rx_fifo, rx_frame, rx_compressed,
        rx_multicast;
    uint64_t tx_bytes, tx_packets, tx_errs, tx_drop, tx_fifo, tx_colls, tx_carrier,
        tx_compressed;
};
/* Parses the line at P into *D; false for the header lines and malformed
 * lines. */
bool hsc_parse_netdev_line(const char *p, struct hsc_netdev *d);
void hsc_netdev_add_net_io(const struct hsc_netdev *d, struct sflow_host_net_io *io);
/* Adds D, the host side of a guest's interface (tap, veth, vif), as the
 * guest sees it: the host's transmit is the guest's receive. */
void hsc_netdev_add_guest_net_io(const struct hsc_netdev *d, struct sflow_host_net_io *io);
void hsc_netdev_to_if_counters(const struct hsc_netdev *d, struct sflow_if_counters *ifc);

/* The record fillers: reads under C's sysroot; false leaves the record out. */
bool hsc_read_host_net_io(struct hscounters *c, struct sflow_host_net_io *io);
size_t hsc_read_if_counters(struct hscounters *c, struct sflow_counter_rec *recs, size_t max);
/* Whether virtual interface IFINDEX is to be reported too
 * (hscounters_set_extra(); a few hundred at most, looked through). */
bool hsc_is_extra(const struct hscounters *c, uint32_t ifindex);
/* The generic interface record of IFC with counters D. */
void hsc_if_record(const struct hscounters *c, const struct hsc_iface *ifc,
                   const struct hsc_netdev *d, struct sflow_counter_rec *r);

#endif
