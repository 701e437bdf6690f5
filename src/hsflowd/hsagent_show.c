/* hsagent_show: the agent's report for operators. See hsagent_show.h. */
#include <config.h>

#include "hsflowd/hsagent_show.h"

#include <limits.h>

#include "dnssd/dnssd.h"
#include "hsflowd/hsagent_int.h"
#include "hsflowd/hsresolve.h"
#include "hsflowd/hssender.h"
#include "netlink/iftable.h"

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
    const struct hsvirt *hv[2] = { a->kvm, a->xen };
    for (size_t i = 0; i < 2; i++) {
        if (hv[i]) {
            hsvirt_show(hv[i], out);
        }
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
