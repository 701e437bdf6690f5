/* counters: the reader state, the two calls hsflowd makes each polling
 * interval, and the choice between the sysroot readers and the live path
 * (counters_live.c). The records themselves come from one file each
 * (counters_descr.c, counters_cpu.c, ...), which read through sysroot.c. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "counters/counters.h"
#include "counters/counters_cpu.h"
#include "counters/counters_descr.h"
#include "counters/counters_disk.h"
#include "counters/counters_ifaces.h"
#include "counters/counters_live.h"
#include "counters/counters_memory.h"
#include "counters/counters_mib2.h"
#include "counters/counters_netdev.h"
#include "counters/counters_state.h"
#include "common/util.h"

struct hscounters *
hscounters_create(const char *sysroot)
{
    struct hscounters *c = xzalloc(sizeof *c);
    sysroot_init(&c->sys, sysroot);
    long hz = sysconf(_SC_CLK_TCK);
    c->hz = hz > 0 ? hz : 100;
    c->statvfs_fn = c->sys.live ? statvfs : NULL;
    c->stats_cycle = -1;
    return c;
}

void
hscounters_destroy(struct hscounters *c)
{
    if (c) {
        sysroot_destroy(&c->sys);
        hsc_mounts_clear(&c->mounts);
        free(c->ifs);
        free(c->extra);
        free(c);
    }
}

void
hscounters_set_extra(struct hscounters *c, const uint32_t *ifindexes, size_t n)
{
    free(c->extra);
    c->extra = n ? xmalloc(n * sizeof *ifindexes) : NULL;
    if (n) {
        memcpy(c->extra, ifindexes, n * sizeof *ifindexes);
    }
    c->n_extra = n;
}

void
hscounters_set_clock_ticks(struct hscounters *c, long hz)
{
    c->hz = hz > 0 ? hz : 100;
}

void
hscounters_set_statvfs(struct hscounters *c, hsc_statvfs_fn *fn)
{
    c->statvfs_fn = fn;
}

void
hscounters_set_iftable(struct hscounters *c, struct iftable *t)
{
    c->ift = c->sys.live ? t : NULL;
    c->ift_synced = false;
    c->stats_cycle = -1;
    if (c->ift) {
        sysroot_keep_open(&c->sys);
    }
}

void
hscounters_wait(struct hscounters *c, struct poll_loop *loop)
{
    sysroot_wait(&c->sys, loop);
}

void
hscounters_ready(struct hscounters *c, const struct poll_loop *loop)
{
    sysroot_ready(&c->sys, loop);
}

void
hscounters_set_cycle(struct hscounters *c, long long cycle)
{
    c->cycle = cycle;
}

void
hscounters_link_speed(void *aux, const char *name, uint64_t *speed, uint32_t *duplex)
{
    hsc_iface_read_speed(aux, name, speed, duplex);
}

/* Appends a record of TAG with BODY when WANTED and there is room. */
static void
hsc_push(struct sflow_counter_rec *recs, size_t *n, size_t max, bool wanted, uint32_t tag,
         const void *body, size_t size)
{
    if (wanted && *n < max) {
        struct sflow_counter_rec *r = &recs[(*n)++];
        memset(r, 0, sizeof *r);
        r->tag = tag;
        memcpy(&r->u, body, size);
    }
}

size_t
hscounters_host(struct hscounters *c, struct sflow_counter_rec *recs, size_t max)
{
    size_t n = 0;
    struct sflow_mib2_ip ip;
    struct sflow_mib2_icmp icmp;
    struct sflow_mib2_tcp tcp;
    struct sflow_mib2_udp udp;

#define HSC_ADD(TAG, FIELD, CALL)                       \
    do {                                                \
        if (n < max) {                                  \
            memset(&recs[n], 0, sizeof recs[n]);        \
            recs[n].tag = (TAG);                        \
            if (CALL(c, &recs[n].u.FIELD)) {            \
                n++;                                    \
            }                                           \
        }                                               \
    } while (0)

    /* Without the interface list, neither the adaptors nor which interfaces
     * are NICs (for host_net_io) are known. */
    bool have_ifs = c->ift ? hsc_live_scan_ifaces(c) : hsc_scan_ifaces(c);
    HSC_ADD(SFLOW_CTR_HOST_DESCR, host_descr, hsc_read_host_descr);
    if (have_ifs) {
        HSC_ADD(SFLOW_CTR_HOST_ADAPTORS, host_adaptors, hsc_read_host_adaptors);
    }
    HSC_ADD(SFLOW_CTR_HOST_CPU, host_cpu, hsc_read_host_cpu);
    HSC_ADD(SFLOW_CTR_HOST_MEMORY, host_memory, hsc_read_host_memory);
    HSC_ADD(SFLOW_CTR_HOST_DISK_IO, host_disk_io, hsc_read_host_disk_io);
    if (have_ifs) {
        HSC_ADD(SFLOW_CTR_HOST_NET_IO, host_net_io,
                (c->ift ? hsc_live_net_io : hsc_read_host_net_io));
    }
#undef HSC_ADD

    unsigned found = hsc_read_mib2(c, &ip, &icmp, &tcp, &udp);
    hsc_push(recs, &n, max, found & HSC_MIB2_IP, SFLOW_CTR_MIB2_IP, &ip, sizeof ip);
    hsc_push(recs, &n, max, found & HSC_MIB2_ICMP, SFLOW_CTR_MIB2_ICMP, &icmp, sizeof icmp);
    hsc_push(recs, &n, max, found & HSC_MIB2_TCP, SFLOW_CTR_MIB2_TCP, &tcp, sizeof tcp);
    hsc_push(recs, &n, max, found & HSC_MIB2_UDP, SFLOW_CTR_MIB2_UDP, &udp, sizeof udp);
    return n;
}

size_t
hscounters_interfaces(struct hscounters *c, struct sflow_counter_rec *recs, size_t max)
{
    if (c->ift) {
        return hsc_live_scan_ifaces(c) ? hsc_live_if_counters(c, recs, max) : 0;
    }
    if (!hsc_scan_ifaces(c)) {
        return 0;
    }
    return hsc_read_if_counters(c, recs, max);
}
