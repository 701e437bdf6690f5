/* hsconfig_keys: every key and block of hsflowd.conf, one row each (see
 * hsconfig_int.h for what a row says), and the few stores that do not fit
 * one field. */
#include <config.h>

#include <string.h>
#include <strings.h>

#include "common/util.h"
#include "hsflowd/hsconfig_int.h"

/* ---- stores that are not one field -------------------------------------- */

/* sampling.<x> / polling.<x>: a list, each name once. */
static bool
apply_kv(struct parser *p, const struct hsconfig_key *k, const struct token *key,
         const struct token *val, const union hsconfig_value *v,
         struct pending_collector *pc)
{
    (void) pc;
    bool is_sampling = !strncasecmp(k->name, "sampling.", 9);
    const char *name = key->text + strlen(k->name);
    (void) val;
    struct hsauto_kv *kv = is_sampling ? p->scratch.samplings : p->scratch.pollings;
    size_t n = is_sampling ? p->scratch.n_samplings : p->scratch.n_pollings;
    for (size_t i = 0; i < n; i++) {
        if (str_ieq(kv[i].name, name)) {
            parser_error(p, key->line, "%s given twice", key->text);
            return false;
        }
    }
    if (n >= HSAUTO_MAX_KV) {
        parser_error(p, key->line, "too many %s.<name> keys (at most %d)",
                     is_sampling ? "sampling" : "polling", HSAUTO_MAX_KV);
        return false;
    }
    if (!hsauto_set_kv(&p->scratch, is_sampling, name, v->u)) {
        parser_error(p, key->line, "'%s': bad name after the dot", key->text);
        return false;
    }
    return true;
}

/* ip = / udpport = at the top level or in sflow { }: one flat collector. */
static bool
apply_flat_ip(struct parser *p, const struct hsconfig_key *k, const struct token *key,
              const struct token *val, const union hsconfig_value *v,
              struct pending_collector *pc)
{
    (void) p, (void) k, (void) key, (void) v;
    pc->ip = val;
    return true;
}

static bool
apply_port(struct parser *p, const struct hsconfig_key *k, const struct token *key,
           const struct token *val, const union hsconfig_value *v,
           struct pending_collector *pc)
{
    (void) val;
    if (k->once == ONCE_NONE && pc->port_line) {
        parser_error(p, key->line, "udpport given twice in one collector");
        return false;
    }
    pc->port_line = key->line;
    pc->port = v->u;
    return true;
}

/* dev = in collector { }. */
static bool
apply_collector_dev(struct parser *p, const struct hsconfig_key *k, const struct token *key,
                    const struct token *val, const union hsconfig_value *v,
                    struct pending_collector *pc)
{
    (void) k, (void) v;
    if (pc->dev) {
        parser_error(p, key->line, "dev given twice in one collector");
        return false;
    }
    pc->dev = val;
    return true;
}

/* agent.cidr: may be repeated; the list keeps the file's order. */
static bool
apply_cidr(struct parser *p, const struct hsconfig_key *k, const struct token *key,
           const struct token *val, const union hsconfig_value *v,
           struct pending_collector *pc)
{
    (void) k, (void) val, (void) pc;
    struct hsconfig *c = p->cfg;
    for (size_t i = 0; i < c->n_agent_cidrs; i++) {
        if (!strcmp(c->agent_cidrs[i], v->s)) {
            return true;
        }
    }
    if (c->n_agent_cidrs >= HSCONFIG_MAX_CIDRS) {
        parser_error(p, key->line, "too many agent.cidr lines (at most %d)",
                     HSCONFIG_MAX_CIDRS);
        return false;
    }
    c->agent_cidrs = xreallocarray(c->agent_cidrs, c->n_agent_cidrs + 1,
                                   sizeof *c->agent_cidrs);
    c->agent_cidrs[c->n_agent_cidrs++] = xstrdup(v->s);
    return true;
}

/* ip = in collector { }. */
static bool
apply_collector_ip(struct parser *p, const struct hsconfig_key *k, const struct token *key,
                   const struct token *val, const union hsconfig_value *v,
                   struct pending_collector *pc)
{
    (void) k, (void) v;
    if (pc->ip) {
        parser_error(p, key->line, "ip given twice in one collector");
        return false;
    }
    pc->ip = val;
    return true;
}

/* ---- keys --------------------------------------------------------------- */

#define F(f) HSCONFIG_FIELD(f)
#define NOF HSCONFIG_NO_FIELD
#define COLL HB(HB_COLLECTOR)
#define NFLOG (HB(HB_NFLOG) | HB(HB_ULOG))
#define PCAP HB(HB_PCAP)
#define KVM HB(HB_KVM)
#define XEN HB(HB_XEN)

/* Why keys of the older agent have no effect here (the notice follows the
 * key's name). */
#define NO_XEN_TOOLS "has no effect here: Xen domains are read through libvirt"
#define NO_JSON "has no effect here: hsflowd takes no JSON application input"

const struct hsconfig_key hsconfig_keys[] = {
    /* name, blocks, type, min, max, once, field, flag, apply, effect, notice */
    { "DNSSD", HB_FLAT | HB(HB_DNSSD), HT_BOOL, 0, 0, ONCE_DNSSD, F(dnssd), NOF, NULL,
      HE_SET, NULL },
    { "enable", HB(HB_DNSSD), HT_BOOL, 0, 0, ONCE_DNSSD, F(dnssd), NOF, NULL, HE_SET, NULL },
    { "DNSSD_domain", HB_FLAT | HB(HB_DNSSD), HT_DOMAIN, 0, 0, ONCE_DNSSD_DOMAIN,
      F(dnssd_domain), NOF, NULL, HE_SET, NULL },
    { "domain", HB(HB_DNSSD), HT_DOMAIN, 0, 0, ONCE_DNSSD_DOMAIN, F(dnssd_domain), NOF, NULL,
      HE_SET, NULL },
    { "server", HB(HB_DNSSD), HT_SERVER, 0, 0, ONCE_DNSSD_SERVER, F(dnssd_server), NOF,
      NULL, HE_SET, NULL },
    { "polling", HB_FLAT, HT_UINT, 0, 300, ONCE_POLLING, F(polling), F(polling_set), NULL,
      HE_SET, NULL },
    { "counterPollingInterval", HB_FLAT, HT_UINT, 0, 300, ONCE_POLLING, F(polling),
      F(polling_set), NULL, HE_SET, NULL },
    { "sampling", HB_FLAT, HT_UINT, 0, UINT32_MAX, ONCE_SAMPLING, F(sampling),
      F(sampling_set), NULL, HE_SET, NULL },
    { "packetSamplingRate", HB_FLAT, HT_UINT, 0, UINT32_MAX, ONCE_SAMPLING, F(sampling),
      F(sampling_set), NULL, HE_SET, NULL },
    { "sampling.", HB_FLAT, HT_UINT, 0, UINT32_MAX, ONCE_NONE, NOF, NOF, apply_kv, HE_SET,
      NULL },
    { "polling.", HB_FLAT, HT_UINT, 0, 300, ONCE_NONE, NOF, NOF, apply_kv, HE_SET, NULL },
    { "headerBytes", HB_FLAT, HT_UINT, 0, 256, ONCE_HEADER, F(header_bytes), F(header_set),
      NULL, HE_SET, NULL },
    { "datagramBytes", HB_FLAT, HT_UINT, 200, 8192, ONCE_DATAGRAM, F(datagram_bytes), NOF,
      NULL, HE_SET, NULL },
    { "subAgentId", HB_FLAT, HT_UINT, 0, UINT32_MAX, ONCE_SUBAGENT, F(sub_agent_id), NOF,
      NULL, HE_SET, NULL },
    { "agent", HB_FLAT, HT_IFNAME, 0, 0, ONCE_AGENT, F(agent_dev), F(agent_set), NULL,
      HE_SET, NULL },
    { "agentIP", HB_FLAT, HT_IP, 0, 0, ONCE_AGENT_IP, F(agent_ip), F(agent_set), NULL,
      HE_SET, NULL },
    { "agent.cidr", HB_FLAT, HT_CIDR, 0, 0, ONCE_NONE, NOF, F(agent_set), apply_cidr,
      HE_SET, NULL },
    { "uuid", HB_FLAT, HT_UUID, 0, 0, ONCE_UUID, F(uuid), F(uuid_set), NULL, HE_SET, NULL },
    { "refreshAdaptors", HB_FLAT, HT_UINT, 60, 3600, ONCE_REFRESH_ADAPTORS,
      F(refresh_adaptors), NOF, NULL, HE_SET, NULL },
    { "checkAdaptors", HB_FLAT, HT_UINT, 1, 3600, ONCE_NONE, NOF, NOF, NULL, HE_IGNORED,
      "has no effect here: the interface list is read again every refreshAdaptors "
      "seconds, with no quicker check in between" },
    { "refreshVMs", HB_FLAT, HT_UINT, 60, 3600, ONCE_REFRESH_VMS, F(refresh_vms), NOF, NULL,
      HE_SET, NULL },
    { "forgetVMs", HB_FLAT, HT_UINT, 60, UINT32_MAX, ONCE_FORGET_VMS, F(forget_vms), NOF,
      NULL, HE_SET, NULL },
    { "modules", HB_FLAT, HT_STR, 0, 0, ONCE_NONE, NOF, NOF, NULL, HE_IGNORED,
      "has no effect here: hsflowd's modules are built in, none is loaded from a "
      "directory" },
    { "loopback", HB_FLAT, HT_BOOL, 0, 0, ONCE_NONE, NOF, NOF, NULL, HE_IGNORED,
      "has no effect here (the older agent ignored it too)" },
    { "samplingDirection", HB_FLAT, HT_DIRECTION, 0, 0, ONCE_NONE, NOF, NOF, NULL, HE_IGNORED,
      "has no effect here: NFLOG samples the directions the iptables rules send it" },
    { "xen.update.dominfo", HB_FLAT | XEN, HT_BOOL, 0, 0, ONCE_NONE, NOF, NOF, NULL,
      HE_IGNORED, NO_XEN_TOOLS },
    { "xen.dsk", HB_FLAT | XEN, HT_BOOL, 0, 0, ONCE_NONE, NOF, NOF, NULL, HE_IGNORED,
      NO_XEN_TOOLS ", which gives their disk counters" },
    { "jsonPort", HB_FLAT, HT_UINT, 1025, 65535, ONCE_NONE, NOF, NOF, NULL, HE_IGNORED,
      NO_JSON },
    { "jsonFIFO", HB_FLAT, HT_STR, 0, 0, ONCE_NONE, NOF, NOF, NULL, HE_IGNORED, NO_JSON },
    { "nflogGroup", HB_FLAT | NFLOG, HT_UINT, 0, 65535, ONCE_NFLOG_GROUP, F(nflog_group),
      F(nflog), NULL, HE_SET, NULL },
    { "ulogGroup", HB_FLAT | NFLOG, HT_UINT, 0, 65535, ONCE_NFLOG_GROUP, F(nflog_group),
      F(nflog), NULL, HE_MAPPED, "is mapped onto NFLOG (ULOG is gone from current kernels)" },
    { "nflogProbability", HB_FLAT | NFLOG, HT_PROB, 0, 0, ONCE_NFLOG_PROB,
      F(nflog_probability), NOF, NULL, HE_SET, NULL },
    { "ulogProbability", HB_FLAT | NFLOG, HT_PROB, 0, 0, ONCE_NFLOG_PROB,
      F(nflog_probability), NOF, NULL, HE_SET, NULL },
    { "ip", HB_FLAT, HT_HOST, 0, 0, ONCE_IP, NOF, NOF, apply_flat_ip, HE_SET, NULL },
    { "udpport", HB_FLAT, HT_UINT, 1, 65535, ONCE_UDPPORT, NOF, NOF, apply_port, HE_SET,
      NULL },

    /* collector { } */
    { "ip", COLL, HT_HOST, 0, 0, ONCE_NONE, NOF, NOF, apply_collector_ip, HE_SET, NULL },
    { "udpport", COLL, HT_UINT, 1, 65535, ONCE_NONE, NOF, NOF, apply_port, HE_SET, NULL },
    { "port", COLL, HT_UINT, 1, 65535, ONCE_NONE, NOF, NOF, apply_port, HE_SET, NULL },
    { "dev", COLL, HT_IFNAME, 0, 0, ONCE_NONE, NOF, NOF, apply_collector_dev, HE_SET, NULL },
    { "namespace", COLL, HT_STR, 0, 0, ONCE_NONE, NOF, NOF, NULL, HE_IGNORED,
      "has no effect here: datagrams leave from hsflowd's own network namespace "
      "(use dev = for a VRF)" },

    /* ovs { } */
    { "dbsock", HB(HB_OVS), HT_REMOTE, 0, 0, ONCE_OVS_DB, F(ovs_db), NOF, NULL, HE_SET,
      NULL },

    /* kvm { } / xen { } */
    { "uri", KVM, HT_STR, 0, 0, ONCE_KVM_URI, F(kvm_uri), NOF, NULL, HE_SET, NULL },
    { "uri", XEN, HT_STR, 0, 0, ONCE_XEN_URI, F(xen_uri), NOF, NULL, HE_SET, NULL },
    { "refreshVMs", KVM, HT_UINT, 60, 3600, ONCE_KVM_REFRESH_VMS, F(kvm_refresh_vms), NOF,
      NULL, HE_SET, NULL },
    { "forgetVMs", KVM, HT_UINT, 60, UINT32_MAX, ONCE_KVM_FORGET_VMS, F(kvm_forget_vms), NOF,
      NULL, HE_SET, NULL },
    { "refreshVMs", XEN, HT_UINT, 60, 3600, ONCE_XEN_REFRESH_VMS, F(xen_refresh_vms), NOF,
      NULL, HE_SET, NULL },
    { "forgetVMs", XEN, HT_UINT, 60, UINT32_MAX, ONCE_XEN_FORGET_VMS, F(xen_forget_vms), NOF,
      NULL, HE_SET, NULL },
    { "update.dominfo", XEN, HT_BOOL, 0, 0, ONCE_NONE, NOF, NOF, NULL, HE_IGNORED,
      NO_XEN_TOOLS },
    { "dsk", XEN, HT_BOOL, 0, 0, ONCE_NONE, NOF, NOF, NULL, HE_IGNORED,
      NO_XEN_TOOLS ", which gives their disk counters" },
    { "switchport", XEN, HT_STR, 0, 0, ONCE_NONE, NOF, NOF, NULL, HE_IGNORED,
      NO_XEN_TOOLS ", which names their interfaces" },
    { "vbd", XEN, HT_STR, 0, 0, ONCE_NONE, NOF, NOF, NULL, HE_IGNORED,
      NO_XEN_TOOLS ", which gives their disk counters" },

    /* pve { } */
    { "config", HB(HB_PVE), HT_PATH, 0, 0, ONCE_PVE_CONFIG, F(pve_config), NOF, NULL, HE_SET,
      NULL },
    { "run", HB(HB_PVE), HT_PATH, 0, 0, ONCE_PVE_RUN, F(pve_run), NOF, NULL, HE_SET, NULL },
    { "cgroup", HB(HB_PVE), HT_PATH, 0, 0, ONCE_PVE_CGROUP, F(pve_cgroup), NOF, NULL, HE_SET,
      NULL },
    { "timeout", HB(HB_PVE), HT_UINT, 10, 60000, ONCE_PVE_TIMEOUT, F(pve_timeout), NOF, NULL,
      HE_SET, NULL },

    /* nflog { } / ulog { } */
    { "group", NFLOG, HT_UINT, 0, 65535, ONCE_NFLOG_GROUP, F(nflog_group), NOF, NULL, HE_SET,
      NULL },
    { "probability", NFLOG, HT_PROB, 0, 0, ONCE_NFLOG_PROB, F(nflog_probability), NOF, NULL,
      HE_SET, NULL },
    { "rcvbuf", NFLOG, HT_UINT, 0, 1U << 30, ONCE_NFLOG_RCVBUF, F(nflog_rcvbuf), NOF, NULL,
      HE_SET, NULL },

    /* pcap { }: one block per device, pattern or speed range */
    { "dev", PCAP, HT_STR, 0, 0, ONCE_NONE, NOF, NOF, hsconfig_pcap_apply, HE_SET, NULL },
    { "speed", PCAP, HT_STR, 0, 0, ONCE_NONE, NOF, NOF, hsconfig_pcap_apply, HE_SET, NULL },
    { "promisc", PCAP, HT_BOOL, 0, 0, ONCE_NONE, NOF, NOF, hsconfig_pcap_apply, HE_SET,
      NULL },
    { "vport", PCAP, HT_BOOL, 0, 0, ONCE_NONE, NOF, NOF, hsconfig_pcap_apply, HE_SET, NULL },
    { "sampling", PCAP, HT_UINT, 0, UINT32_MAX, ONCE_NONE, NOF, NOF, hsconfig_pcap_apply,
      HE_SET, NULL },
};
const size_t hsconfig_n_keys = ARRAY_SIZE(hsconfig_keys);

/* ---- blocks ------------------------------------------------------------- */

/* nflog { } and ulog { } are one setting here: a second nflog { }, or one
 * after the flat keys, is a mistake; a ulog { } besides nflog { } (the older
 * agent ran both) is skipped. */
static bool
open_nflog(struct parser *p, const struct token *name, enum hsconfig_block *kind)
{
    if (*kind == HB_ULOG && p->nflog_block) {
        parser_notice(p, name->line, "%s { } has no effect here: nflog { } is given, and "
                      "ULOG is gone from current kernels", name->text);
        *kind = HB_SKIP;
        return true;
    }
    for (int i = ONCE_NFLOG_GROUP; i <= ONCE_NFLOG_RCVBUF; i++) {
        if (p->seen[i]) {
            parser_error(p, name->line, "second nflog/ulog setting (first on line %d)",
                         p->seen[i]);
            return false;
        }
    }
    if (*kind == HB_ULOG) {
        parser_notice(p, name->line, "%s { } is mapped onto nflog { } (ULOG is gone from "
                      "current kernels)", name->text);
    } else {
        p->nflog_block = true;
    }
    return true;
}

const struct hsconfig_block_def hsconfig_blocks[] = {
    /* name, kind, parents, flag, open, notice */
    { "sflow", HB_SFLOW, HB(HB_TOP), NOF, NULL, NULL },
    { "collector", HB_COLLECTOR, HB_FLAT, NOF, NULL, NULL },
    { "dns-sd", HB_DNSSD, HB_FLAT, F(dnssd_block), NULL, NULL },
    { "dnssd", HB_DNSSD, HB_FLAT, F(dnssd_block), NULL, NULL },
    { "ovs", HB_OVS, HB_FLAT, F(ovs), NULL, NULL },
    { "kvm", HB_KVM, HB_FLAT, F(kvm), NULL, NULL },
    { "xen", HB_XEN, HB_FLAT, F(xen), NULL, NULL },
    { "pve", HB_PVE, HB_FLAT, F(pve), NULL, NULL },
    { "nflog", HB_NFLOG, HB_FLAT, F(nflog), open_nflog, NULL },
    { "ulog", HB_ULOG, HB_FLAT, F(nflog), open_nflog, NULL },
    { "pcap", HB_PCAP, HB_FLAT, NOF, hsconfig_pcap_open, NULL },
    /* Modules of the older agent that hsflowd does not have: accepted, their
     * contents not read, one notice each. */
#define SKIP(name, why) { name, HB_SKIP, HB_FLAT, NOF, NULL, "has no effect here: " why }
    SKIP("json", "hsflowd takes no JSON application input; block skipped"),
    SKIP("docker", "containers are not monitored here; block skipped"),
    SKIP("containerd", "containers are not monitored here; block skipped"),
    SKIP("k8s", "containers are not monitored here; block skipped"),
    SKIP("psample", "switch ASIC sampling (psample) is not supported here; block skipped"),
    SKIP("dent", "switch ASIC sampling (psample) is not supported here; block skipped"),
    SKIP("dropmon", "packet drop monitoring is not supported here; block skipped"),
    SKIP("tcp", "TCP round-trip samples are not supported here; block skipped"),
    SKIP("nvml", "GPU counters are not supported here; block skipped"),
    SKIP("systemd", "service (cgroup) counters are not supported here; block skipped"),
    SKIP("dbus", "service (cgroup) counters are not supported here; block skipped"),
    SKIP("cumulus", "switch platform modules are not part of hsflowd; block skipped"),
    SKIP("os10", "switch platform modules are not part of hsflowd; block skipped"),
    SKIP("opx", "switch platform modules are not part of hsflowd; block skipped"),
    SKIP("sonic", "switch platform modules are not part of hsflowd; block skipped"),
    SKIP("eapi", "switch platform modules are not part of hsflowd; block skipped"),
#undef SKIP
};
const size_t hsconfig_n_blocks = ARRAY_SIZE(hsconfig_blocks);
