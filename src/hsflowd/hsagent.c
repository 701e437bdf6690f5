/* hsagent: settings, hsflowd.auto and counter polling. See hsagent.h; the
 * modules that follow the config are set up in hsagent_modules.c, the report
 * for operators is hsagent_show.c. */
#include <config.h>

#include "hsflowd/hsagent.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "counters/counters.h"
#include "dnssd/dnssd.h"
#include "hsflowd/hsagent_int.h"
#include "hsflowd/hsagent_modules.h"
#include "hsflowd/hshost.h"
#include "hsflowd/hsresolve.h"
#include "hsflowd/hsschedule.h"
#include "hsflowd/hssender.h"
#include "common/log.h"
#include "common/poll_loop.h"
#include "sflow/sflow_pack.h"
#include "common/util.h"
#include "netlink/iftable.h"

/* How often the host's addresses are looked at again (an agent address that
 * appears or goes away changes hsflowd.auto). */
#define AGENT_CHECK_MS (30 * 1000LL)
/* Retry delay after hsflowd.auto could not be written. */
#define WRITE_RETRY_MS (5 * 1000LL)

static uint32_t
uptime_ms(const struct hsagent *a, long long now)
{
    return (uint32_t) (now - a->start);
}


static void
log_notices(const struct hsconfig *c)
{
    for (size_t i = 0; i < c->n_notices; i++) {
        log_notice("%s", c->notices[i]);
    }
}

/* ---- settings ------------------------------------------------------------ */

static void
resolve(struct hsagent *a, long long now)
{
    const struct dnssd_result *dns = a->dnssd ? dnssd_get(a->dnssd, &a->dns_gen) : NULL;
    struct agentaddr_choice choice;
    struct hsauto_settings s;
    hsresolve_lookup_fn *lookup = a->names ? hsresolve_dnsname_lookup : NULL;
    if (hshost_resolve(&a->cfg, dns, lookup, a->names, a->ift, &choice, &s)) {
        LOG_RL(LOG_WARNING, "cannot list the host's addresses");
    }
    if (memcmp(&choice.addr, &a->agent.addr, sizeof choice.addr)
        || strcmp(choice.ifname, a->agent.ifname)) {
        log_info("agent address %s: %s", choice.addr.family ? choice.text : "none",
                 choice.reason);
    }
    a->agent = choice;
    if (!a->have_settings || !hsauto_settings_equal(&s, &a->settings)) {
        a->have_settings = true;
        hsauto_settings_destroy(&a->settings);
        a->settings = s;
        a->write_needed = true;
        a->next_write = now;
        log_info("settings: %zu collector(s), sampling %u, polling %u s, header %u",
                 s.n_collectors, s.sampling, s.polling, s.header);
    } else {
        hsauto_settings_destroy(&s);
    }

    struct sflow_address agent = a->agent.addr;
    if (!agent.family) {
        agent.family = AF_INET;     /* 0.0.0.0: no address yet */
    }
    struct hssender_dest dests[HSAUTO_MAX_COLLECTORS];
    size_t n_dests = hsresolve_destinations(&a->cfg, &a->settings, lookup, a->names, dests,
                                            HSAUTO_MAX_COLLECTORS);
    hssender_set_collectors(a->sender, dests, n_dests,
                            a->agent.addr.family ? &a->agent.addr : NULL);
    sflow_packer_reconfigure(a->packer, &agent, a->cfg.sub_agent_id, a->settings.datagram);
    hsschedule_set_interval(&a->sched, a->settings.polling, now);
#ifdef HAVE_PCAP_SAMPLING
    if (a->pcap) {
        hspcap_set_settings(a->pcap, &a->settings);
    }
#endif
#ifdef HAVE_NFLOG
    if (a->nflog) {
        hsnflog_set_sampling(a->nflog, a->settings.sampling);
    }
#endif
    a->resolve_needed = false;
}

static void
write_auto(struct hsagent *a, long long now)
{
    if (!a->auto_path) {
        a->write_needed = false;
        return;
    }
    a->settings.revision = a->revision + 1;
    char *err = NULL;
    if (hsauto_write(a->auto_path, &a->settings, &err)) {
        a->revision++;
        a->write_needed = false;
        log_debug("wrote %s revision %llu", a->auto_path, (unsigned long long) a->revision);
    } else {
        LOG_RL(LOG_ERR, "%s", err);
        free(err);
        a->next_write = now + WRITE_RETRY_MS;
    }
}

/* ---- polling ------------------------------------------------------------- */

/* The VM modules' callback: one guest's counters sample. */
static void
emit_sample(void *aux, const struct sflow_counters_sample *s)
{
    struct hsagent *a = aux;
    sflow_packer_add_counters(a->packer, s, uptime_ms(a, a->poll_now));
}

/* virt_node for a host whose guests are not counted by libvirt, from the
 * host's own CPU and memory records; what hspve needs from them. */
static void
node_from_host(const struct sflow_counter_rec *recs, size_t n, struct sflow_virt_node *node,
               struct hspve_host *host)
{
    memset(node, 0, sizeof *node);
    memset(host, 0, sizeof *host);
    for (size_t i = 0; i < n; i++) {
        if (recs[i].tag == SFLOW_CTR_HOST_CPU) {
            node->cpus = recs[i].u.host_cpu.cpu_num;
            node->mhz = recs[i].u.host_cpu.cpu_speed;
            host->cpus = recs[i].u.host_cpu.cpu_num;
        } else if (recs[i].tag == SFLOW_CTR_HOST_MEMORY) {
            node->memory = recs[i].u.host_memory.mem_total;
            node->memory_free = recs[i].u.host_memory.mem_free;
        } else if (recs[i].tag == SFLOW_CTR_HOST_DESCR) {
            memcpy(host->uuid, recs[i].u.host_descr.uuid, 16);
        }
    }
}

/* The polling cycle NOW falls in: the interface counters are read once per
 * cycle (one dump on the live path) and every poll of the cycle uses them. */
static long long
poll_cycle(const struct hsagent *a, long long now)
{
    long long interval = (long long) a->settings.polling * 1000;
    return interval > 0 ? now / interval : now;
}

/* Reads the interfaces, at most once per polling cycle and table change. */
static void
read_interfaces(struct hsagent *a, long long now)
{
    long long cycle = poll_cycle(a, now);
    uint64_t gen = a->ift ? iftable_generation(a->ift) : 0;
    if (a->ifrecs_at == cycle && a->ifrecs_gen == gen) {
        return;
    }
    hscounters_set_cycle(a->counters, cycle);
    a->n_ifrecs = hscounters_interfaces(a->counters, a->ifrecs, MAX_IFACES);
    a->ifrecs_at = cycle;
    a->ifrecs_gen = gen;
}

/* The interface sources follow what the host has, less those ovs-vswitchd
 * reports. */
static void
refresh_sources(struct hsagent *a, long long now)
{
    a->next_sources_check = now + (long long) a->cfg.refresh_adaptors * 1000;
    read_interfaces(a, now);
    a->sources_dirty = false;
    hsschedule_unmark(&a->sched, SFLOW_DS_IFINDEX);
    for (size_t i = 0; i < a->n_ifrecs; i++) {
        uint32_t ifindex = a->ifrecs[i].u.generic.ifIndex;
        if (!hsagent_modules_left_to_ovs(a, ifindex)) {
            hsschedule_add(&a->sched, SFLOW_DS_IFINDEX, ifindex, now);
        }
    }
    hsschedule_sweep(&a->sched, SFLOW_DS_IFINDEX);
    hsschedule_add(&a->sched, SFLOW_DS_ENTITY, 1, now);
}

#ifdef HAVE_PCAP_SAMPLING
/* The ports pcap { } samples get interface counters too (their data
 * sources 0:ifIndex would otherwise have flow samples only), from the
 * moment they are opened. */
static void
follow_pcap_ports(struct hsagent *a, long long now)
{
    uint32_t ports[MAX_IFACES];
    uint64_t gen;
    size_t n = hspcap_ports(a->pcap, ports, MAX_IFACES, &gen);
    if (gen == a->pcap_gen) {
        return;
    }
    a->pcap_gen = gen;
    hscounters_set_extra(a->counters, ports, n < MAX_IFACES ? n : MAX_IFACES);
    if (a->have_settings) {
        a->ifrecs_at = now - 1;     /* read again, with the new ports */
        refresh_sources(a, now);
    }
}
#endif

static void
poll_host(struct hsagent *a, long long now)
{
    struct sflow_counter_rec recs[MAX_HOST_RECS];
    hscounters_set_cycle(a->counters, poll_cycle(a, now));
    size_t n = hscounters_host(a->counters, recs, MAX_HOST_RECS - 1);
    for (size_t i = 0; i < n && a->cfg.uuid_set; i++) {
        if (recs[i].tag == SFLOW_CTR_HOST_DESCR) {
            memcpy(recs[i].u.host_descr.uuid, a->cfg.uuid, 16);    /* uuid = wins */
        }
    }
    a->poll_now = now;
    bool have_node = false;
    if (a->pve) {
        struct sflow_virt_node node;
        struct hspve_host host;
        node_from_host(recs, n, &node, &host);
        node.num_domains = hspve_poll(a->pve, now, &host, emit_sample, a);
        recs[n].tag = SFLOW_CTR_VIRT_NODE;
        recs[n].u.virt_node = node;
        n++;
        have_node = true;
    }
    if (a->xend) {
        struct sflow_virt_node node;
        if (hsxen_poll(a->xend, now, &node, emit_sample, a) >= 0 && !have_node) {
            recs[n].tag = SFLOW_CTR_VIRT_NODE;
            recs[n].u.virt_node = node;
            n++;
            have_node = true;
        }
    }
#ifdef HAVE_LIBVIRT
    struct hsvirt *hv[2] = { a->kvm, a->xen };
    for (size_t i = 0; i < 2; i++) {
        struct sflow_virt_node node;
        if (hv[i] && hsvirt_poll(hv[i], now, &node, emit_sample, a) >= 0 && !have_node) {
            recs[n].tag = SFLOW_CTR_VIRT_NODE;
            recs[n].u.virt_node = node;
            n++;
            have_node = true;
        }
    }
#endif
    struct sflow_counters_sample s = {
        .ds_class = SFLOW_DS_ENTITY, .ds_index = 1, .n_recs = (uint32_t) n, .recs = recs,
    };
    if (n) {
        sflow_packer_add_counters(a->packer, &s, uptime_ms(a, now));
    }
    if (now >= a->next_sources_check) {
        refresh_sources(a, now);
    }
}

static void
poll_interface(struct hsagent *a, uint32_t ifindex, long long now)
{
    if (hsagent_modules_left_to_ovs(a, ifindex)) {
        return;
    }
    read_interfaces(a, now);
    for (size_t i = 0; i < a->n_ifrecs; i++) {
        if (a->ifrecs[i].u.generic.ifIndex == ifindex) {
            struct sflow_counters_sample s = {
                .ds_class = SFLOW_DS_IFINDEX, .ds_index = ifindex, .n_recs = 1,
                .recs = &a->ifrecs[i],
            };
            sflow_packer_add_counters(a->packer, &s, uptime_ms(a, now));
            return;
        }
    }
}

/* The interface table, on the live host. HSFLOWD_NETLINK_RCVBUF (bytes)
 * sets its notification buffer, so that tests can make it overrun. */
static void
start_iftable(struct hsagent *a)
{
    struct iftable_options o = { .speed_fn = hscounters_link_speed, .speed_aux = a->counters };
    const char *rcvbuf = getenv("HSFLOWD_NETLINK_RCVBUF");
    unsigned long long v;
    if (rcvbuf && str_to_uint(rcvbuf, 1, INT_MAX, &v)) {
        o.rcvbuf = (int) v;
    }
    char *err = NULL;
    a->ift = iftable_create(&o, &err);
    if (!a->ift) {
        log_warn("%s: reading interfaces from /sys/class/net instead", err);
        free(err);
        return;
    }
    a->ift_gen = iftable_generation(a->ift);
    hscounters_set_iftable(a->counters, a->ift);
}

/* ---- public -------------------------------------------------------------- */

struct hsagent *
hsagent_create(const struct hsagent_options *opts, struct hsconfig *cfg, long long now)
{
    struct hsagent *a = xzalloc(sizeof *a);
    a->auto_path = opts->auto_path ? xstrdup(opts->auto_path) : NULL;
    a->sysroot = xstrdup(opts->sysroot ? opts->sysroot : "/");
    a->cfg = *cfg;
    hsconfig_init(cfg);
    a->start = now;
    a->ifrecs_at = -1;
    hsauto_settings_init(&a->settings);
    hsschedule_init(&a->sched);
    log_notices(&a->cfg);

    /* Carry on from the revision of the file already there. */
    if (a->auto_path) {
        struct hsauto_settings old;
        char *err = NULL;
        if (hsauto_read(a->auto_path, &old, &err)) {
            a->revision = old.revision;
            hsauto_settings_destroy(&old);
        } else {
            free(err);
        }
    }

    a->sender = hssender_create();
    struct sflow_address none = { .family = AF_INET };
    a->packer = sflow_packer_create(&none, a->cfg.sub_agent_id, a->cfg.datagram_bytes,
                                    hssender_emit, a->sender);
    a->counters = hscounters_create(a->sysroot);
    if (!strcmp(a->sysroot, "/")) {
        start_iftable(a);
    }
    hsagent_modules_apply(a, NULL, now);
    a->resolve_needed = true;
    hsagent_run(a, now);
    return a;
}

void
hsagent_destroy(struct hsagent *a)
{
    if (!a) {
        return;
    }
    hsagent_modules_destroy(a);
    sflow_packer_destroy(a->packer);
    hssender_destroy(a->sender);
    hscounters_destroy(a->counters);
    iftable_destroy(a->ift);
    hsschedule_destroy(&a->sched);
    hsauto_settings_destroy(&a->settings);
    hsconfig_destroy(&a->cfg);
    free(a->auto_path);
    free(a->sysroot);
    free(a);
}

void
hsagent_reconfigure(struct hsagent *a, struct hsconfig *cfg, long long now)
{
    struct hsconfig old = a->cfg;
    a->cfg = *cfg;
    hsconfig_init(cfg);
    log_notices(&a->cfg);
    hsagent_modules_apply(a, &old, now);
    hsconfig_destroy(&old);
    a->resolve_needed = true;
    hsagent_run(a, now);
}

void
hsagent_run(struct hsagent *a, long long now)
{
    if (a->dnssd) {
        uint64_t gen = a->dns_gen;
        dnssd_run(a->dnssd, now);
        dnssd_get(a->dnssd, &gen);
        if (gen != a->dns_gen) {
            a->resolve_needed = true;
        }
    }
    if (a->names) {
        dnsname_run(a->names, now);
        if (dnsname_generation(a->names) != a->names_gen) {
            a->names_gen = dnsname_generation(a->names);
            a->resolve_needed = true;
        }
    }
    if (now >= a->next_agent_check) {
        a->next_agent_check = now + AGENT_CHECK_MS;
        a->resolve_needed = true;
    }
    if (a->resolve_needed) {
        resolve(a, now);
        if (a->ifrecs_at < 0) {
            refresh_sources(a, now);
        }
    }
    if (a->write_needed && now >= a->next_write) {
        write_auto(a, now);
    }
    if (a->ift) {
        iftable_run(a->ift, now);
        if (iftable_generation(a->ift) != a->ift_gen) {
            a->ift_gen = iftable_generation(a->ift);
            a->sources_dirty = true;        /* an interface came, went or changed */
        }
    }
    if (a->ovs) {
        ovswatch_run(a->ovs, now);
        if (ovswatch_generation(a->ovs) != a->ovs_gen) {
            a->ovs_gen = ovswatch_generation(a->ovs);
            a->sources_dirty = true;
        }
    }
    if (a->sources_dirty && a->have_settings) {
        refresh_sources(a, now);
    }
#ifdef HAVE_LIBVIRT
    if (a->kvm) {
        hsvirt_run(a->kvm, now);
    }
    if (a->xen) {
        hsvirt_run(a->xen, now);
    }
#endif
#ifdef HAVE_NFLOG
    if (a->nflog) {
        hsnflog_run(a->nflog, now, a->packer, uptime_ms(a, now));
    }
#endif
#ifdef HAVE_PCAP_SAMPLING
    if (a->pcap) {
        hspcap_run(a->pcap, now, a->packer, uptime_ms(a, now));
        follow_pcap_ports(a, now);
    }
#endif
    if (a->pve) {
        a->poll_now = now;
        hspve_run(a->pve, now, emit_sample, a);
    }
    if (a->xend) {
        hsxen_run(a->xend, now);
    }
    uint32_t ds_class, ds_index;
    while (hsschedule_next_due(&a->sched, now, &ds_class, &ds_index)) {
        if (ds_class == SFLOW_DS_ENTITY) {
            poll_host(a, now);
        } else {
            poll_interface(a, ds_index, now);
        }
    }
    /* Each slot's samples leave now: spreading is the point of the slots. */
    sflow_packer_flush(a->packer, uptime_ms(a, now));
}

void
hsagent_wait(struct hsagent *a, struct poll_loop *loop)
{
    if (a->ift) {
        iftable_wait(a->ift, loop);
    }
    hscounters_wait(a->counters, loop);
    if (a->dnssd) {
        dnssd_wait(a->dnssd, loop);
    }
    if (a->names) {
        dnsname_wait(a->names, loop);
    }
    if (a->ovs) {
        ovswatch_wait(a->ovs, loop);
    }
    if (a->pve) {
        hspve_wait(a->pve, loop);
    }
    if (a->xend) {
        hsxen_wait(a->xend, loop);
    }
#ifdef HAVE_LIBVIRT
    if (a->kvm) {
        hsvirt_wait(a->kvm, loop);
    }
    if (a->xen) {
        hsvirt_wait(a->xen, loop);
    }
#endif
#ifdef HAVE_NFLOG
    if (a->nflog) {
        hsnflog_wait(a->nflog, loop);
    }
#endif
#ifdef HAVE_PCAP_SAMPLING
    if (a->pcap) {
        hspcap_wait(a->pcap, loop);
    }
#endif
    poll_loop_timer_wait(loop, a->next_agent_check);
    if (a->write_needed) {
        poll_loop_timer_wait(loop, a->next_write);
    }
    long long d = hsschedule_deadline(&a->sched);
    if (d != LLONG_MAX) {
        poll_loop_timer_wait(loop, d);
    }
}

void
hsagent_ready(struct hsagent *a, const struct poll_loop *loop)
{
    if (a->ift) {
        iftable_ready(a->ift, loop);
    }
    hscounters_ready(a->counters, loop);
}

const struct hsauto_settings *
hsagent_settings(const struct hsagent *a)
{
    return &a->settings;
}


struct iftable *
hsagent_iftable(const struct hsagent *a)
{
    return a->ift;
}
