/* counters_live: the live path's interfaces and interface counters, from the
 * rtnetlink interface table (src/netlink/iftable.h) instead of a walk of
 * /sys/class/net and /proc/net/dev. The kinds, the adaptors and the counter
 * records follow the same rules as the sysfs readers (counters_ifaces.c,
 * counters_netdev.c); the numbers are the ones /proc/net/dev prints, taken
 * from one RTM_GETSTATS dump per polling cycle. */
#include <config.h>

#include <net/if.h>
#include <string.h>

#include "counters/counters_live.h"
#include "counters/counters_ifaces.h"
#include "counters/counters_netdev.h"
#include "counters/counters_state.h"
#include "common/util.h"
#include "netlink/iftable.h"

#define HSC_IF_OPER_UP 6            /* IF_OPER_UP */

static enum hsc_if_kind
hsc_live_kind(enum iftable_kind k)
{
    switch (k) {
    case IFTABLE_NIC:
        return HSC_IF_PHYSICAL;
    case IFTABLE_BRIDGE:
        return HSC_IF_BRIDGE;
    case IFTABLE_BOND:
        return HSC_IF_BOND;
    case IFTABLE_VIRTUAL:
    default:
        return HSC_IF_VIRTUAL;
    }
}

/* Copies the table into c->ifs when it changed. */
bool
hsc_live_scan_ifaces(struct hscounters *c)
{
    uint64_t gen = iftable_generation(c->ift);
    if (c->ift_synced && gen == c->ift_gen) {
        return true;
    }
    size_t n = iftable_count(c->ift);
    if (n > c->cap_ifs) {
        c->cap_ifs = n;
        c->ifs = xreallocarray(c->ifs, c->cap_ifs, sizeof *c->ifs);
    }
    c->n_ifs = 0;
    for (size_t i = 0; i < n; i++) {
        const struct iftable_entry *e = iftable_at(c->ift, i);
        struct hsc_iface *ifc = &c->ifs[c->n_ifs++];
        memset(ifc, 0, sizeof *ifc);
        memcpy(ifc->name, e->link.name, sizeof e->link.name);
        ifc->ifindex = e->link.ifindex;
        ifc->type = e->link.type;
        /* The effective promiscuous mode, as sysfs `flags` shows it. */
        ifc->flags = (e->link.flags & ~(uint32_t) IFF_PROMISC)
                     | (e->link.promiscuity ? IFF_PROMISC : 0);
        ifc->kind = hsc_live_kind(e->kind);
        ifc->has_mac = e->link.has_mac;
        memcpy(ifc->mac, e->link.mac, 6);
        ifc->known = true;
        ifc->oper_up = e->link.operstate == HSC_IF_OPER_UP;
        ifc->direction = e->duplex;
        ifc->speed = e->speed;
    }
    hsc_ifaces_sort(c);
    c->ift_gen = gen;
    c->ift_synced = true;
    return true;
}

/* One counters dump per cycle, and one more when the table changed (a new
 * interface has no counters yet). */
static bool
hsc_live_stats(struct hscounters *c)
{
    uint64_t gen = iftable_generation(c->ift);
    if (c->stats_cycle != c->cycle || c->stats_gen != gen) {
        c->stats_ok = iftable_read_stats(c->ift);
        c->stats_cycle = c->cycle;
        c->stats_gen = gen;
    }
    return c->stats_ok;
}

static void
hsc_live_netdev(const struct iftable_entry *e, struct hsc_netdev *d)
{
    const struct rtlink_stats *s = &e->stats;
    memset(d, 0, sizeof *d);
    memcpy(d->name, e->link.name, sizeof e->link.name);
    d->rx_bytes = s->rx_bytes;
    d->rx_packets = s->rx_packets;
    d->rx_errs = s->rx_errors;
    d->rx_drop = s->rx_dropped;
    d->rx_fifo = s->rx_fifo;
    d->rx_frame = s->rx_frame;
    d->rx_compressed = s->rx_compressed;
    d->rx_multicast = s->multicast;
    d->tx_bytes = s->tx_bytes;
    d->tx_packets = s->tx_packets;
    d->tx_errs = s->tx_errors;
    d->tx_drop = s->tx_dropped;
    d->tx_fifo = s->tx_fifo;
    d->tx_colls = s->collisions;
    d->tx_carrier = s->tx_carrier;
    d->tx_compressed = s->tx_compressed;
}

bool
hsc_live_net_io(struct hscounters *c, struct sflow_host_net_io *io)
{
    if (!hsc_live_stats(c)) {
        return false;
    }
    size_t n = iftable_count(c->ift);
    for (size_t i = 0; i < n; i++) {
        const struct iftable_entry *e = iftable_at(c->ift, i);
        if (e->kind == IFTABLE_NIC && e->have_stats) {
            struct hsc_netdev d;
            hsc_live_netdev(e, &d);
            hsc_netdev_add_net_io(&d, io);
        }
    }
    return true;
}

size_t
hsc_live_if_counters(struct hscounters *c, struct sflow_counter_rec *recs, size_t max)
{
    if (!hsc_live_stats(c)) {
        return 0;
    }
    size_t n = 0, count = iftable_count(c->ift);
    for (size_t i = 0; i < count && n < max; i++) {
        const struct iftable_entry *e = iftable_at(c->ift, i);
        if ((e->kind == IFTABLE_VIRTUAL && !hsc_is_extra(c, e->link.ifindex))
            || !e->have_stats) {
            continue;
        }
        const struct hsc_iface *ifc = hsc_find_iface(c, e->link.name);
        if (!ifc) {
            continue;
        }
        struct hsc_netdev d;
        hsc_live_netdev(e, &d);
        hsc_if_record(c, ifc, &d, &recs[n++]);
    }
    return n;
}
