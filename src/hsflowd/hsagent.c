/* hsagent: settings, hsflowd.auto and counter polling. See hsagent.h. */
#include <config.h>

#include "hsflowd/hsagent.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "counters/counters.h"
#include "dnssd/dnssd.h"
#include "hsflowd/hshost.h"
#include "hsflowd/hsresolve.h"
#include "hsflowd/hsschedule.h"
#include "hsflowd/hssender.h"
#include "common/log.h"
#include "common/poll_loop.h"
#include "sflow/sflow_pack.h"
#include "common/util.h"
#include "netlink/iftable.h"
#include "ovsports/ovswatch.h"
#include "pve/hspve.h"
#ifdef HAVE_LIBVIRT
#include "virt/hsvirt.h"
#include "xen/hsxen.h"
#endif
#ifdef HAVE_NFLOG
#include "nflog/hsnflog.h"
#endif
#ifdef HAVE_PCAP_SAMPLING
#include "pcap/hspcap.h"
#endif

/* How often the host's addresses are looked at again (an agent address that
 * appears or goes away changes hsflowd.auto). */
#define AGENT_CHECK_MS (30 * 1000LL)
/* Retry delay after hsflowd.auto could not be written. */
#define WRITE_RETRY_MS (5 * 1000LL)
#define MAX_HOST_RECS 16
#define MAX_IFACES 256

struct hsagent {
    char *auto_path;                /* NULL: do not write hsflowd.auto */
    char *sysroot;
    struct hsconfig cfg;
    long long start;                /* for the datagram header's uptime */

    struct dnssd *dnssd;            /* NULL when DNSSD is off */
    uint64_t dns_gen;
    struct dnsname *names;          /* collectors given by name; NULL: none */
    uint64_t names_gen;

    struct hsauto_settings settings;    /* in force */
    struct agentaddr_choice agent;
    bool resolve_needed;
    long long next_agent_check;

    uint64_t revision;              /* of the last hsflowd.auto written */
    bool write_needed;
    long long next_write;

    struct hssender *sender;
    struct sflow_packer *packer;
    struct hscounters *counters;
    struct iftable *ift;            /* NULL under a sysroot */
    uint64_t ift_gen;               /* table generation the sources follow */
    struct hsschedule sched;
    struct sflow_counter_rec ifrecs[MAX_IFACES];
    size_t n_ifrecs;
    long long ifrecs_at;            /* polling cycle ifrecs was read in; -1 = never */
    uint64_t ifrecs_gen;            /* table generation then */
    long long poll_now;             /* time of the poll in progress */
    long long next_sources_check;   /* interfaces read again for new sources */
    bool have_settings;             /* settings resolved at least once */
    struct ovswatch *ovs;           /* ovs { }: interfaces left to ovs-vswitchd */
    uint64_t ovs_gen;
    bool sources_dirty;             /* interface sources to be read again now */
    struct hspve *pve;              /* NULL without a pve { } block */
#ifdef HAVE_LIBVIRT
    struct hsvirt *kvm, *xen;
    struct hsxen *xend;             /* xen { } without a URI: Xen directly */
#endif
#ifdef HAVE_NFLOG
    struct hsnflog *nflog;
#endif
#ifdef HAVE_PCAP_SAMPLING
    struct hspcap *pcap;            /* NULL without pcap { } blocks */
    uint64_t pcap_gen;              /* hspcap_ports() generation followed */
#endif
};

static uint32_t
uptime_ms(const struct hsagent *a, long long now)
{
    return (uint32_t) (now - a->start);
}

/* ---- modules that follow the config ------------------------------------- */

static bool
str_same(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* pcap { } blocks: the module keeps its sockets across a reload; only the
 * blocks are handed over. */
static void
apply_pcap(struct hsagent *a, const struct hsconfig *old, long long now)
{
    const struct hsconfig *c = &a->cfg;
#ifdef HAVE_PCAP_SAMPLING
    if (!c->n_pcaps) {
        if (a->pcap) {
            hspcap_destroy(a->pcap);
            a->pcap = NULL;
            a->pcap_gen = 0;
            hscounters_set_extra(a->counters, NULL, 0);
            a->sources_dirty = true;
        }
    } else if (a->pcap) {
        hspcap_set_specs(a->pcap, c->pcaps, c->n_pcaps);
    } else {
        char *err = NULL;
        a->pcap = hspcap_create(c->pcaps, c->n_pcaps, now, &err);
        if (!a->pcap) {
            log_warn("pcap sampling is off: %s", err);
            free(err);
        }
    }
#else
    if (c->n_pcaps && (!old || !old->n_pcaps)) {
        log_notice("built without pcap sampling (libmnl): pcap blocks are ignored");
    }
#endif
}

static bool left_to_ovs(const struct hsagent *a, uint32_t ifindex);

#ifdef HAVE_NFLOG
/* hsnflog's filter: flow samples of interfaces ovs-vswitchd reports are
 * its own (it samples them in the datapath). */
static bool
nflog_not_ours(void *aux, uint32_t ifindex)
{
    const struct hsagent *a = aux;
    return a->ovs && ovswatch_ready(a->ovs) && left_to_ovs(a, ifindex);
}
#endif

/* A VM timer in msec: the block's seconds, else the sflow level's (0: the
 * module's default). */
static long long
vm_ms(uint32_t block_s, uint32_t sflow_s)
{
    return (long long) (block_s ? block_s : sflow_s) * 1000;
}

/* (Re)creates the modules whose settings changed between OLD and the new
 * a->cfg. OLD is NULL at start. */
static void
apply_modules(struct hsagent *a, const struct hsconfig *old, long long now)
{
    const struct hsconfig *c = &a->cfg;
    if (!old || old->dnssd != c->dnssd || !str_same(old->dnssd_domain, c->dnssd_domain)
        || !str_same(old->dnssd_server, c->dnssd_server)) {
        dnssd_destroy(a->dnssd);
        a->dnssd = NULL;
        a->dns_gen = 0;
        if (c->dnssd) {
            a->dnssd = dnssd_create(c->dnssd_domain, c->dnssd_server);
            if (!a->dnssd) {
                log_warn("DNS-SD could not be set up; running on the config file alone");
            }
        }
    }
    /* Collector names are asked of the dns-sd { server } when one is given. */
    if (!old || !str_same(old->dnssd_server, c->dnssd_server)) {
        dnsname_destroy(a->names);
        a->names = NULL;
    }
    const char *names[HSAUTO_MAX_COLLECTORS];
    size_t n_names = hsresolve_names(c, names, HSAUTO_MAX_COLLECTORS);
    if (n_names && !a->names) {
        a->names = dnsname_create(c->dnssd_server);
        a->names_gen = 0;
    }
    if (a->names) {
        dnsname_set(a->names, names, n_names);
    }
    if (!old || old->ovs != c->ovs || !str_same(old->ovs_db, c->ovs_db)) {
        ovswatch_destroy(a->ovs);
        a->ovs = c->ovs ? ovswatch_create(c->ovs_db, now) : NULL;
        a->ovs_gen = 0;
        a->sources_dirty = true;            /* owned interfaces come or go */
    }
    if (!old || old->pve != c->pve || !str_same(old->pve_config, c->pve_config)
        || !str_same(old->pve_run, c->pve_run) || !str_same(old->pve_cgroup, c->pve_cgroup)
        || old->pve_timeout != c->pve_timeout) {
        hspve_destroy(a->pve);
        a->pve = NULL;
        if (c->pve) {
            struct hspve_options o = {
                .config_dir = c->pve_config, .run_dir = c->pve_run,
                .cgroup_dir = c->pve_cgroup, .sysroot = a->sysroot,
                .timeout_ms = c->pve_timeout,
            };
            a->pve = hspve_create(&o);
        }
    }
    if (!old || old->xen != c->xen || !str_same(old->xen_uri, c->xen_uri)) {
        hsxen_destroy(a->xend);
        a->xend = c->xen && !c->xen_uri ? hsxen_create(a->sysroot) : NULL;
    }
    if (a->xend) {
        hsxen_set_forget(a->xend, vm_ms(c->xen_forget_vms, c->forget_vms));
    }
#ifdef HAVE_LIBVIRT
    if (!old || old->kvm != c->kvm || !str_same(old->kvm_uri, c->kvm_uri)) {
        hsvirt_destroy(a->kvm);
        a->kvm = c->kvm ? hsvirt_create(c->kvm_uri) : NULL;
    }
    if (!old || old->xen != c->xen || !str_same(old->xen_uri, c->xen_uri)) {
        hsvirt_destroy(a->xen);
        a->xen = c->xen && c->xen_uri ? hsvirt_create(c->xen_uri) : NULL;
    }
    /* refreshVMs / forgetVMs: the block's, else the sflow level's. */
    if (a->kvm) {
        hsvirt_set_timers(a->kvm, vm_ms(c->kvm_refresh_vms, c->refresh_vms),
                          vm_ms(c->kvm_forget_vms, c->forget_vms));
    }
    if (a->xen) {
        hsvirt_set_timers(a->xen, vm_ms(c->xen_refresh_vms, c->refresh_vms),
                          vm_ms(c->xen_forget_vms, c->forget_vms));
    }
#else
    if ((c->kvm || c->xen_uri) && (!old || (!old->kvm && !old->xen_uri))) {
        log_notice("built without libvirt: the kvm/xen blocks are ignored");
    }
#endif
#ifdef HAVE_NFLOG
    if (!old || old->nflog != c->nflog || old->nflog_group != c->nflog_group
        || old->nflog_probability != c->nflog_probability
        || old->nflog_rcvbuf != c->nflog_rcvbuf || old->header_bytes != c->header_bytes) {
        hsnflog_destroy(a->nflog);
        a->nflog = NULL;
        if (c->nflog) {
            char *err = NULL;
            /* The settings in force once resolved (DNS-SD may set
             * sampling); resolve() keeps it up to date. */
            uint32_t sampling = a->have_settings ? a->settings.sampling : c->sampling;
            a->nflog = hsnflog_create(c->nflog_group, c->nflog_probability, sampling,
                                      c->header_bytes, c->nflog_rcvbuf, &err);
            if (!a->nflog) {
                log_warn("NFLOG group %u: %s", c->nflog_group, err);
                free(err);
            } else {
                hsnflog_set_skip(a->nflog, nflog_not_ours, a);
            }
        }
    }
#else
    if (c->nflog && (!old || !old->nflog)) {
        log_notice("built without NFLOG: packet sampling is off");
    }
#endif
    apply_pcap(a, old, now);
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

/* Whether interface IFINDEX is ovs-vswitchd's to report (ovs { }): one
 * owner per data source under the agent address. Until OVSDB has answered
 * (a few seconds at most), every interface is held back. */
static bool
left_to_ovs(const struct hsagent *a, uint32_t ifindex)
{
    return a->ovs && (!ovswatch_ready(a->ovs) || ovswatch_owns(a->ovs, ifindex));
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
        if (!left_to_ovs(a, ifindex)) {
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
    if (left_to_ovs(a, ifindex)) {
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
    apply_modules(a, NULL, now);
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
    ovswatch_destroy(a->ovs);
    hspve_destroy(a->pve);
    hsxen_destroy(a->xend);
#ifdef HAVE_LIBVIRT
    hsvirt_destroy(a->kvm);
    hsvirt_destroy(a->xen);
#endif
#ifdef HAVE_NFLOG
    hsnflog_destroy(a->nflog);
#endif
#ifdef HAVE_PCAP_SAMPLING
    hspcap_destroy(a->pcap);
#endif
    sflow_packer_destroy(a->packer);
    hssender_destroy(a->sender);
    hscounters_destroy(a->counters);
    iftable_destroy(a->ift);
    dnssd_destroy(a->dnssd);
    dnsname_destroy(a->names);
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
    apply_modules(a, &old, now);
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
}

const struct hsauto_settings *
hsagent_settings(const struct hsagent *a)
{
    return &a->settings;
}

/* ---- for operators ------------------------------------------------------- */

static void
show_sources(const struct hsagent *a, FILE *out, long long now)
{
    fprintf(out, "data sources polled: %zu, every %u s\n", a->sched.n, a->settings.polling);
    for (size_t i = 0; i < a->sched.n; i++) {
        const struct hsschedule_entry *e = &a->sched.entries[i];
        fprintf(out, "  %u:%u: ", e->ds_class, e->ds_index);
        if (e->last >= 0) {
            fprintf(out, "polled %.1f s ago", (now - e->last) / 1000.0);
        } else {
            fprintf(out, "not polled yet");
        }
        if (e->due != LLONG_MAX) {
            fprintf(out, ", next in %.1f s", (e->due > now ? e->due - now : 0) / 1000.0);
        }
        fprintf(out, "\n");
    }
}

void
hsagent_show(const struct hsagent *a, FILE *out, long long now)
{
    const struct hsauto_settings *st = &a->settings;
    fprintf(out, "agent: %s%s%s (%s), sub-agent %u, up %.1f s\n",
            a->agent.addr.family ? a->agent.text : "none", a->agent.ifname[0] ? " on " : "",
            a->agent.ifname, a->agent.reason, (unsigned) a->cfg.sub_agent_id,
            (now - a->start) / 1000.0);
    fprintf(out, "settings: sampling %u, polling %u s, header %u, datagram %u, from %s\n",
            st->sampling, st->polling, st->header, st->datagram,
            a->dnssd ? "the config file and DNS-SD (the file's values win)"
                     : "the config file (DNS-SD off)");
    if (a->auto_path) {
        fprintf(out, "  %s: revision %llu%s\n", a->auto_path, (unsigned long long) a->revision,
                a->write_needed ? ", a newer one not written yet" : "");
    }
    if (a->dnssd) {
        dnssd_show(a->dnssd, out, now);
    }
    for (size_t i = 0; a->names && i < a->cfg.n_collectors; i++) {
        const char *host = a->cfg.collectors[i].host;
        const char (*addrs)[46];
        size_t n = dnsname_lookup(a->names, host, &addrs);
        const char *err = dnsname_error(a->names, host);
        if (n || err) {
            fprintf(out, "collector %s: %zu address(es)%s%s%s%s\n", host, n,
                    n ? ", first " : "", n ? addrs[0] : "", err ? "; last lookup: " : "",
                    err ? err : "");
        }
    }
    hssender_show(a->sender, out);
    if (a->ift) {
        uint64_t dumps, overruns;
        iftable_counts(a->ift, &dumps, &overruns);
        fprintf(out, "interfaces (rtnetlink): %zu, %llu link dump(s), %llu overrun(s)\n",
                iftable_count(a->ift), (unsigned long long) dumps,
                (unsigned long long) overruns);
    }
    if (a->ovs) {
        ovswatch_show(a->ovs, out);
    }
    show_sources(a, out, now);
    if (a->xend) {
        hsxen_show(a->xend, out);
    }
#ifdef HAVE_LIBVIRT
    if (a->kvm) {
        hsvirt_show(a->kvm, out);
    }
    if (a->xen) {
        hsvirt_show(a->xen, out);
    }
#endif
#ifdef HAVE_NFLOG
    if (a->nflog) {
        struct hsnflog_stats ns;
        hsnflog_get_stats(a->nflog, &ns);
        fprintf(out, "sampling (NFLOG group %u): %llu packets logged, %llu samples, "
                "%llu lost (drops), %llu overruns, receive buffer %d bytes\n",
                a->cfg.nflog_group, (unsigned long long) ns.packets,
                (unsigned long long) ns.samples, (unsigned long long) ns.lost,
                (unsigned long long) ns.overruns, ns.rcvbuf);
        fprintf(out, "  rule 1-in-%u, samples report 1-in-%u; %llu left out by the "
                "sub-sampling, %llu of interfaces ovs-vswitchd reports\n", ns.rule_rate,
                ns.rate, (unsigned long long) ns.skipped, (unsigned long long) ns.not_ours);
    }
#endif
#ifdef HAVE_PCAP_SAMPLING
    if (a->pcap) {
        hspcap_show(a->pcap, out);
    }
#endif
    if (a->pve) {
        hspve_show(a->pve, out);
    }
}

struct iftable *
hsagent_iftable(const struct hsagent *a)
{
    return a->ift;
}
