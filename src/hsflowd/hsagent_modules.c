/* hsagent_modules: the modules that follow the config. See hsagent_modules.h. */
#include <config.h>

#include "hsflowd/hsagent_modules.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "dnssd/dnssd.h"
#include "hsflowd/hsagent_int.h"
#include "hsflowd/hsresolve.h"
#include "counters/counters.h"

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
        a->pcap = hspcap_create(c->pcaps, c->n_pcaps, a->ift, now, &err);
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

#ifdef HAVE_NFLOG
/* hsnflog's filter: flow samples of interfaces ovs-vswitchd reports are
 * its own (it samples them in the datapath). */
static bool
nflog_not_ours(void *aux, uint32_t ifindex)
{
    const struct hsagent *a = aux;
    return a->ovs && ovswatch_ready(a->ovs) && hsagent_modules_left_to_ovs(a, ifindex);
}
#endif

/* A VM timer in msec: the block's seconds, else the sflow level's (0: the
 * module's default). */
static long long
vm_ms(uint32_t block_s, uint32_t sflow_s)
{
    return (long long) (block_s ? block_s : sflow_s) * 1000;
}

void
hsagent_modules_apply(struct hsagent *a, const struct hsconfig *old, long long now)
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

void
hsagent_modules_destroy(struct hsagent *a)
{
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
    dnssd_destroy(a->dnssd);
    dnsname_destroy(a->names);
}

bool
hsagent_modules_left_to_ovs(const struct hsagent *a, uint32_t ifindex)
{
    return a->ovs && (!ovswatch_ready(a->ovs) || ovswatch_owns(a->ovs, ifindex));
}
