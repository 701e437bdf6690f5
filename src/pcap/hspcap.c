/* hspcap: the module that ties the interface table, the FDB, the selection
 * and the packet sockets together. See hspcap.h. */
#include <config.h>

#include "pcap/hspcap.h"

#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"
#include "netlink/iftable.h"
#include "pcap/pcap_neigh.h"
#include "pcap/pcap_port.h"
#include "pcap/pcap_select.h"
#include "sflow/sflow.h"
#include "sflow/sflow_pack.h"

#define HSPCAP_DEFAULT_HEADER 128u
#define HSPCAP_MAX_EVENTS 64
#define HSPCAP_MAX_FRAMES_PER_PORT 4096    /* per pass, so that no port starves others */
/* Frames wait this long in the sockets once one is there, so that a pass
 * reads a batch, as NFLOG's kernel batching does, instead of waking per
 * frame. The receive buffers hold far more than this at any rate the
 * kernel's sampling leaves. */
#define HSPCAP_COALESCE_MS 10
#define HSPCAP_NO_SPEED UINT64_MAX         /* speed not read yet */

/* What the selection reads of a link. The table's other fields (operstate,
 * carrier, promiscuity, MAC) change often and pick nothing new. No padding:
 * views are compared with memcmp(). */
struct link_view {
    uint32_t ifindex, master;
    char name[RTLINK_NAME_MAX];
    uint64_t speed;
    uint32_t kind;              /* enum iftable_kind */
    uint16_t type;
    uint16_t up;
};
_Static_assert(sizeof(struct link_view) == 40, "struct link_view has padding");

/* Owns SPECS, SETTINGS, NEIGH, EPFD, LINKS and every port in PORTS; IFT is
 * the caller's. */
struct hspcap {
    struct pcap_spec *specs;
    size_t n_specs;
    struct hsauto_settings settings;
    bool have_settings;
    const struct iftable *ift;
    struct pcap_neigh *neigh;
    int epfd;
    struct pcap_port **ports;
    size_t n_ports, cap_ports;
    uint64_t link_gen;          /* iftable generation last looked at */
    struct link_view *links;    /* the table's links then, by ifindex */
    size_t n_links;
    long long read_at;          /* next pass over the sockets; LLONG_MAX = on readiness */
    bool reselect;              /* specs or settings changed */
    /* During hspcap_run(): where samples go. */
    struct sflow_packer *packer;
    uint32_t uptime_ms;
    struct hspcap_stats stats;
};

static void
specs_set(struct hspcap *h, const struct hsconfig_pcap *specs, size_t n)
{
    h->specs = xcalloc(n ? n : 1, sizeof *h->specs);
    h->n_specs = 0;
    for (size_t i = 0; i < n; i++) {
        if (pcap_spec_init(&h->specs[h->n_specs], &specs[i])) {
            h->n_specs++;
        } else {
            log_warn("pcap: block at line %d: pattern '%s' does not compile; block skipped",
                     specs[i].line, specs[i].dev);
        }
    }
}

static void
specs_clear(struct hspcap *h)
{
    for (size_t i = 0; i < h->n_specs; i++) {
        pcap_spec_destroy(&h->specs[i]);
    }
    free(h->specs);
    h->specs = NULL;
    h->n_specs = 0;
}

struct hspcap *
hspcap_create(const struct hsconfig_pcap *specs, size_t n, const struct iftable *ift,
              long long now, char **err)
{
    if (!ift) {
        *err = xasprintf("pcap: no interface table (rtnetlink unavailable, or --sysroot)");
        return NULL;
    }
    int epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) {
        *err = xasprintf("pcap: epoll: %s", strerror(errno));
        return NULL;
    }
    struct pcap_neigh *neigh = pcap_neigh_create(now, err);
    if (!neigh) {
        close(epfd);
        return NULL;
    }
    struct hspcap *h = xzalloc(sizeof *h);
    h->epfd = epfd;
    h->ift = ift;
    h->neigh = neigh;
    hsauto_settings_init(&h->settings);
    specs_set(h, specs, n);
    h->reselect = true;
    h->read_at = LLONG_MAX;
    return h;
}

static void
port_close(struct hspcap *h, size_t i, const char *why)
{
    struct pcap_port *p = h->ports[i];
    log_info("pcap: %s (ifindex %u): socket closed (%s); %llu samples from it",
             p->name, p->ifindex, why, (unsigned long long) p->samples);
    epoll_ctl(h->epfd, EPOLL_CTL_DEL, p->fd, NULL);
    pcap_port_close(p);
    h->ports[i] = h->ports[--h->n_ports];
    h->stats.closes++;
}

void
hspcap_destroy(struct hspcap *h)
{
    if (!h) {
        return;
    }
    for (size_t i = 0; i < h->n_ports; i++) {
        pcap_port_close(h->ports[i]);
    }
    free(h->ports);
    free(h->links);
    pcap_neigh_destroy(h->neigh);
    close(h->epfd);
    specs_clear(h);
    hsauto_settings_destroy(&h->settings);
    free(h);
}

void
hspcap_set_specs(struct hspcap *h, const struct hsconfig_pcap *specs, size_t n)
{
    /* Each port follows its block into the new list, if the block is still
     * there unchanged; otherwise it is closed at the next selection. */
    for (size_t i = 0; i < h->n_ports; i++) {
        struct pcap_port *p = h->ports[i];
        const struct hsconfig_pcap *old = &h->specs[p->spec].cfg;
        size_t found = SIZE_MAX;
        for (size_t j = 0; j < n && found == SIZE_MAX; j++) {
            if (pcap_spec_equal(old, &specs[j])) {
                found = j;
            }
        }
        p->spec = found;
    }
    specs_clear(h);
    specs_set(h, specs, n);
    for (size_t i = 0; i < h->n_ports; i++) {
        if (h->ports[i]->spec >= h->n_specs) {
            h->ports[i]->spec = SIZE_MAX;
        }
    }
    h->reselect = true;
}

void
hspcap_set_settings(struct hspcap *h, const struct hsauto_settings *s)
{
    if (h->have_settings && hsauto_settings_equal(&h->settings, s)) {
        return;
    }
    hsauto_settings_destroy(&h->settings);
    hsauto_settings_copy(&h->settings, s);
    h->have_settings = true;
    h->reselect = true;
}

static uint32_t
header_bytes(const struct hspcap *h)
{
    uint32_t b = h->settings.header ? h->settings.header : HSPCAP_DEFAULT_HEADER;
    return b > SFLOW_MAX_HEADER ? SFLOW_MAX_HEADER : b;
}

static struct pcap_port *
port_find(const struct hspcap *h, uint32_t ifindex, size_t *at)
{
    for (size_t i = 0; i < h->n_ports; i++) {
        if (h->ports[i]->ifindex == ifindex) {
            *at = i;
            return h->ports[i];
        }
    }
    return NULL;
}

static void
port_open(struct hspcap *h, const struct rtlink_info *l, size_t spec, uint64_t speed,
          uint32_t rate)
{
    char *err;
    uint32_t snap = header_bytes(h);
    struct pcap_port *p = pcap_port_open(l, speed, rate, snap, h->specs[spec].cfg.promisc,
                                         &err);
    if (!p) {
        LOG_RL(LOG_ERR, "pcap: %s: %s", l->name, err);
        free(err);
        return;
    }
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = p };
    if (epoll_ctl(h->epfd, EPOLL_CTL_ADD, p->fd, &ev) < 0) {
        LOG_RL(LOG_ERR, "pcap: %s: epoll: %s", l->name, strerror(errno));
        pcap_port_close(p);
        return;
    }
    p->spec = spec;
    p->master = l->master;
    p->speed_up = (l->flags & IFF_UP) != 0;
    p->mark = true;
    if (h->n_ports == h->cap_ports) {
        h->cap_ports = h->cap_ports ? h->cap_ports * 2 : 16;
        h->ports = xreallocarray(h->ports, h->cap_ports, sizeof *h->ports);
    }
    h->ports[h->n_ports++] = p;
    h->stats.opens++;
    char sp[32] = "unknown speed";
    if (speed) {
        pcap_speed_text(speed, sp, sizeof sp);
    }
    log_info("pcap: sampling %s (ifindex %u, %s) 1-in-%u, header %u bytes", l->name,
             l->ifindex, sp, rate, snap);
}

/* The speed of interface E in bit/s (0 = unknown): the table's for NICs,
 * bridges and bonds. For the rest (VM ports report one too) sysfs, read
 * again only when the link went up or down since (a link that is down has
 * none). */
static uint64_t
link_speed(const struct hspcap *h, const struct iftable_entry *e)
{
    if (e->kind != IFTABLE_VIRTUAL && e->speed) {
        return e->speed;
    }
    size_t at;
    struct pcap_port *p = port_find(h, e->link.ifindex, &at);
    if (!p || strcmp(p->name, e->link.name)) {
        return pcap_port_speed(e->link.name);
    }
    bool up = (e->link.flags & IFF_UP) != 0;
    if (p->speed_up != up) {
        p->speed = pcap_port_speed(e->link.name);
        p->speed_up = up;
    }
    return p->speed;
}

/* After a change of the table: forgets the FDB entries of the links it no
 * longer has, records its links, and says whether anything the selection
 * reads changed. */
static bool
follow_links(struct hspcap *h)
{
    size_t n = iftable_count(h->ift), old = 0;
    struct link_view *now = xcalloc(n ? n : 1, sizeof *now);
    for (size_t i = 0; i < n; i++) {
        const struct iftable_entry *e = iftable_at(h->ift, i);
        struct link_view *v = &now[i];
        v->ifindex = e->link.ifindex;
        v->master = e->link.master;
        memcpy(v->name, e->link.name, sizeof v->name);
        v->type = e->link.type;
        v->up = (e->link.flags & IFF_UP) != 0;
        v->kind = (uint32_t) e->kind;
        v->speed = e->speed;
        while (old < h->n_links && h->links[old].ifindex < v->ifindex) {
            pcap_neigh_forget(h->neigh, h->links[old++].ifindex);
        }
        old += old < h->n_links && h->links[old].ifindex == v->ifindex;
    }
    while (old < h->n_links) {
        pcap_neigh_forget(h->neigh, h->links[old++].ifindex);
    }
    bool changed = n != h->n_links || (n && memcmp(now, h->links, n * sizeof *now));
    free(h->links);
    h->links = now;
    h->n_links = n;
    return changed;
}

/* Follows the interface table, the blocks and the settings: opens,
 * re-filters and closes ports. */
static void
select_ports(struct hspcap *h)
{
    for (size_t i = 0; i < h->n_ports; i++) {
        h->ports[i]->mark = false;
    }
    size_t n_links = iftable_count(h->ift);
    uint32_t snap = header_bytes(h);
    for (size_t li = 0; li < n_links; li++) {
        const struct iftable_entry *e = iftable_at(h->ift, li);
        const struct rtlink_info *l = &e->link;
        uint64_t speed = HSPCAP_NO_SPEED;
        size_t spec = SIZE_MAX;
        for (size_t s = 0; s < h->n_specs && spec == SIZE_MAX; s++) {
            if (h->specs[s].cfg.speed_set && speed == HSPCAP_NO_SPEED) {
                speed = link_speed(h, e);
            }
            if (pcap_spec_selects(&h->specs[s], e, speed == HSPCAP_NO_SPEED ? 0 : speed)) {
                spec = s;
            }
        }
        if (spec == SIZE_MAX) {
            continue;
        }
        if (speed == HSPCAP_NO_SPEED) {
            speed = link_speed(h, e);
        }
        uint32_t rate = pcap_rate(&h->specs[spec].cfg, &h->settings, speed);
        size_t at;
        struct pcap_port *p = port_find(h, l->ifindex, &at);
        if (p && (p->spec != spec || strcmp(p->name, l->name))) {
            port_close(h, at, "picked by another block, or renamed");
            p = NULL;
        }
        if (!p) {
            port_open(h, l, spec, speed, rate);
            continue;
        }
        p->mark = true;
        p->master = l->master;
        if (p->rate != rate || p->snaplen != snap) {
            char *err;
            uint32_t old = p->rate;
            if (pcap_port_set_filter(p, rate, snap, &err)) {
                h->stats.refilters++;
                log_info("pcap: %s: now 1-in-%u (was 1-in-%u), header %u bytes, same socket",
                         p->name, rate, old, snap);
            } else {
                LOG_RL(LOG_ERR, "pcap: %s: %s", p->name, err);
                free(err);
            }
        }
    }
    for (size_t i = 0; i < h->n_ports;) {
        if (!h->ports[i]->mark) {
            port_close(h, i, "no longer there or no longer picked");
        } else {
            i++;
        }
    }
    h->reselect = false;
}

/* pcap_port_read()'s callback: one frame into one flow sample. */
static void
on_frame(void *aux, struct pcap_port *p, const struct pcap_frame *fr)
{
    struct hspcap *h = aux;
    uint8_t hdr[SFLOW_MAX_HEADER];
    struct sflow_flow_rec rec;
    h->stats.frames++;
    if (!pcap_frame_record(fr, p->snaplen, hdr, &rec)) {
        h->stats.runts++;
        return;
    }
    uint32_t out = 0;
    if (p->master && !(fr->data[0] & 1)) {
        bool local;
        out = pcap_neigh_fdb_port(h->neigh, p->master, fr->data, &local);
        if (local || out == p->master) {
            out = PCAP_IF_INTERNAL;
        }
    }
    struct sflow_flow_sample fs = {
        .ds_class = SFLOW_DS_IFINDEX,
        .ds_index = p->ifindex,
        .sampling_rate = p->rate,
        .sample_pool = p->pool,
        .drops = p->drops,
        .input = { 0, p->ifindex },
        .output = { 0, out },
        .n_recs = 1,
        .recs = &rec,
    };
    p->samples++;
    h->stats.samples++;
    if (!sflow_packer_add_flow(h->packer, &fs, h->uptime_ms)) {
        h->stats.packer_drops++;
    }
}

void
hspcap_run(struct hspcap *h, long long now, struct sflow_packer *packer, uint32_t uptime_ms)
{
    pcap_neigh_run(h->neigh, now);
    if (iftable_generation(h->ift) != h->link_gen) {
        h->link_gen = iftable_generation(h->ift);
        h->reselect |= follow_links(h);
    }
    if (h->have_settings && h->reselect) {
        select_ports(h);
    }
    struct epoll_event evs[HSPCAP_MAX_EVENTS];
    int n = epoll_wait(h->epfd, evs, HSPCAP_MAX_EVENTS, 0);
    if (n <= 0) {
        h->read_at = LLONG_MAX;     /* nothing after all: back to waiting */
        return;
    }
    if (h->read_at == LLONG_MAX) {
        h->read_at = now + HSPCAP_COALESCE_MS;
    }
    if (now < h->read_at) {
        return;
    }
    h->read_at = LLONG_MAX;
    h->packer = packer;
    h->uptime_ms = uptime_ms;
    for (int i = 0; i < n; i++) {
        pcap_port_read(evs[i].data.ptr, HSPCAP_MAX_FRAMES_PER_PORT, on_frame, h);
    }
    h->packer = NULL;
}

void
hspcap_wait(struct hspcap *h, struct poll_loop *loop)
{
    pcap_neigh_wait(h->neigh, loop);
    if (h->read_at == LLONG_MAX) {
        poll_loop_fd_wait(loop, h->epfd, POLLIN);
    } else {
        poll_loop_timer_wait(loop, h->read_at);
    }
}

size_t
hspcap_ports(const struct hspcap *h, uint32_t *out, size_t max, uint64_t *gen)
{
    for (size_t i = 0; i < h->n_ports && i < max; i++) {
        out[i] = h->ports[i]->ifindex;
    }
    if (gen) {
        *gen = h->stats.opens + h->stats.closes;
    }
    return h->n_ports;
}

void
hspcap_get_stats(const struct hspcap *h, struct hspcap_stats *out)
{
    *out = h->stats;
    out->ports = h->n_ports;
}

void
hspcap_show(const struct hspcap *h, FILE *out)
{
    fprintf(out, "sampling (pcap): %zu port(s), %llu frames read, %llu samples, "
            "%llu refused by the packer\n", h->n_ports, (unsigned long long) h->stats.frames,
            (unsigned long long) h->stats.samples,
            (unsigned long long) h->stats.packer_drops);
    for (size_t i = 0; i < h->n_ports; i++) {
        const struct pcap_port *p = h->ports[i];
        fprintf(out, "  %s (0:%u): 1-in-%u, %llu samples, pool %u, drops %u%s\n", p->name,
                p->ifindex, p->rate, (unsigned long long) p->samples, p->pool, p->drops,
                p->rx_fd < 0 ? " (pool estimated: no rx_packets)" : "");
    }
}
