/* counters_netdev: /proc/net/dev, for host_net_io (2006) and the generic
 * interface counters (tag 1).
 *
 *   host_net_io  sums the interfaces with a `device` link (NICs; see
 *                counters_ifaces.c) and leaves out bridges, bonds and virtual
 *                devices, whose traffic the NICs already carry
 *   if_counters  per interface: octets (64-bit), packets, errors, drops,
 *                multicast (32-bit fields keep the low 32 bits); unicast =
 *                packets - multicast; counts Linux does not keep are
 *                UINT32_MAX, the sFlow value for "unknown" */
#include <config.h>

#include <string.h>

#include "counters/counters_netdev.h"
#include "counters/counters_ifaces.h"
#include "counters/counters_scan.h"
#include "counters/counters_state.h"

bool
hsc_parse_netdev_line(const char *p, struct hsc_netdev *d)
{
    hsc_skip_blanks(&p);
    const char *colon = strchr(p, ':');
    const char *nl = strchr(p, '\n');
    if (!colon || (nl && colon > nl) || colon == p || (size_t) (colon - p) >= sizeof d->name) {
        return false;
    }
    size_t len = (size_t) (colon - p);
    if (memchr(p, ' ', len) || memchr(p, '|', len)) {
        return false;
    }
    uint64_t v[16];
    const char *s = colon + 1;
    for (size_t i = 0; i < 16; i++) {
        if (!hsc_scan_u64(&s, &v[i])) {
            return false;               /* truncated line */
        }
    }
    memcpy(d->name, p, len);
    d->name[len] = '\0';
    d->rx_bytes = v[0];
    d->rx_packets = v[1];
    d->rx_errs = v[2];
    d->rx_drop = v[3];
    d->rx_fifo = v[4];
    d->rx_frame = v[5];
    d->rx_compressed = v[6];
    d->rx_multicast = v[7];
    d->tx_bytes = v[8];
    d->tx_packets = v[9];
    d->tx_errs = v[10];
    d->tx_drop = v[11];
    d->tx_fifo = v[12];
    d->tx_colls = v[13];
    d->tx_carrier = v[14];
    d->tx_compressed = v[15];
    return true;
}

void
hsc_netdev_add_net_io(const struct hsc_netdev *d, struct sflow_host_net_io *io)
{
    io->bytes_in += d->rx_bytes;
    io->pkts_in += (uint32_t) d->rx_packets;
    io->errs_in += (uint32_t) d->rx_errs;
    io->drops_in += (uint32_t) d->rx_drop;
    io->bytes_out += d->tx_bytes;
    io->pkts_out += (uint32_t) d->tx_packets;
    io->errs_out += (uint32_t) d->tx_errs;
    io->drops_out += (uint32_t) d->tx_drop;
}

void
hsc_netdev_add_guest_net_io(const struct hsc_netdev *d, struct sflow_host_net_io *io)
{
    /* The host's transmit is the guest's receive, and back. */
    io->bytes_in += d->tx_bytes;
    io->pkts_in += (uint32_t) d->tx_packets;
    io->errs_in += (uint32_t) d->tx_errs;
    io->drops_in += (uint32_t) d->tx_drop;
    io->bytes_out += d->rx_bytes;
    io->pkts_out += (uint32_t) d->rx_packets;
    io->errs_out += (uint32_t) d->rx_errs;
    io->drops_out += (uint32_t) d->rx_drop;
}

void
hsc_netdev_to_if_counters(const struct hsc_netdev *d, struct sflow_if_counters *ifc)
{
    uint64_t mcast = d->rx_multicast <= d->rx_packets ? d->rx_multicast : d->rx_packets;
    ifc->ifInOctets = d->rx_bytes;
    ifc->ifInUcastPkts = (uint32_t) (d->rx_packets - mcast);
    ifc->ifInMulticastPkts = (uint32_t) mcast;
    ifc->ifInBroadcastPkts = UINT32_MAX;
    ifc->ifInDiscards = (uint32_t) d->rx_drop;
    ifc->ifInErrors = (uint32_t) (d->rx_errs + d->rx_fifo + d->rx_frame);
    ifc->ifInUnknownProtos = UINT32_MAX;
    ifc->ifOutOctets = d->tx_bytes;
    ifc->ifOutUcastPkts = (uint32_t) d->tx_packets;
    ifc->ifOutMulticastPkts = UINT32_MAX;
    ifc->ifOutBroadcastPkts = UINT32_MAX;
    ifc->ifOutDiscards = (uint32_t) d->tx_drop;
    ifc->ifOutErrors = (uint32_t) (d->tx_errs + d->tx_fifo + d->tx_carrier);
}

bool
hsc_read_host_net_io(struct hscounters *c, struct sflow_host_net_io *io)
{
    const char *text = sysroot_read(&c->sys, "proc/net/dev", 0, HSC_SRC_NETDEV);
    if (!text) {
        return false;
    }
    for (const char *p = text; *p; p = hsc_next_line(p)) {
        struct hsc_netdev d;
        if (hsc_parse_netdev_line(p, &d)) {
            const struct hsc_iface *ifc = hsc_find_iface(c, d.name);
            if (ifc && ifc->kind == HSC_IF_PHYSICAL) {
                hsc_netdev_add_net_io(&d, io);
            }
        }
    }
    return true;
}

bool
hsc_is_extra(const struct hscounters *c, uint32_t ifindex)
{
    for (size_t i = 0; i < c->n_extra; i++) {
        if (c->extra[i] == ifindex) {
            return true;
        }
    }
    return false;
}

size_t
hsc_read_if_counters(struct hscounters *c, struct sflow_counter_rec *recs, size_t max)
{
    const char *text = sysroot_read(&c->sys, "proc/net/dev", 0, HSC_SRC_NETDEV);
    size_t n = 0;
    if (!text) {
        return 0;
    }
    for (const char *p = text; *p && n < max; p = hsc_next_line(p)) {
        struct hsc_netdev d;
        if (!hsc_parse_netdev_line(p, &d)) {
            continue;
        }
        const struct hsc_iface *ifc = hsc_find_iface(c, d.name);
        if (ifc && (ifc->kind != HSC_IF_VIRTUAL || hsc_is_extra(c, ifc->ifindex))) {
            hsc_if_record(c, ifc, &d, &recs[n++]);
        }
    }
    return n;
}

void
hsc_if_record(const struct hscounters *c, const struct hsc_iface *ifc,
              const struct hsc_netdev *d, struct sflow_counter_rec *r)
{
    memset(r, 0, sizeof *r);
    r->tag = SFLOW_CTR_GENERIC;
    hsc_iface_fill_if_counters(c, ifc, &r->u.generic);
    hsc_netdev_to_if_counters(d, &r->u.generic);
}
