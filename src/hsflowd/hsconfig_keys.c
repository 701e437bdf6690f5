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

const struct hsconfig_key hsconfig_keys[] = {
    /* name, blocks, type, min, max, once, field, flag, apply, effect, notice */
    { "DNSSD", HB_FLAT | HB(HB_DNSSD), HT_BOOL, 0, 0, ONCE_DNSSD, F(dnssd), NOF, NULL,
      HE_SET, NULL },
    { "enable", HB(HB_DNSSD), HT_BOOL, 0, 0, ONCE_DNSSD, F(dnssd), NOF, NULL, HE_SET, NULL },
    { "DNSSD_domain", HB_FLAT, HT_DOMAIN, 0, 0, ONCE_DNSSD_DOMAIN, F(dnssd_domain), NOF,
      NULL, HE_SET, NULL },
    { "domain", HB(HB_DNSSD), HT_DOMAIN, 0, 0, ONCE_DNSSD_DOMAIN, F(dnssd_domain), NOF, NULL,
      HE_SET, NULL },
    { "server", HB(HB_DNSSD), HT_SERVER, 0, 0, ONCE_DNSSD_SERVER, F(dnssd_server), NOF,
      NULL, HE_SET, NULL },
    { "polling", HB_FLAT, HT_UINT, 0, 300, ONCE_POLLING, F(polling), F(polling_set), NULL,
      HE_SET, NULL },
    { "sampling", HB_FLAT, HT_UINT, 0, UINT32_MAX, ONCE_SAMPLING, F(sampling),
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
    { "agent.cidr", HB_FLAT, HT_CIDR, 0, 0, ONCE_AGENT_CIDR, F(agent_cidr), F(agent_set),
      NULL, HE_SET, NULL },
    { "nflogGroup", HB_FLAT, HT_UINT, 0, 65535, ONCE_NFLOG_GROUP, F(nflog_group), F(nflog),
      NULL, HE_SET, NULL },
    { "ulogGroup", HB_FLAT, HT_UINT, 0, 65535, ONCE_NFLOG_GROUP, F(nflog_group), F(nflog),
      NULL, HE_MAPPED, "is mapped onto NFLOG (ULOG is gone from current kernels)" },
    { "nflogProbability", HB_FLAT, HT_PROB, 0, 0, ONCE_NFLOG_PROB, F(nflog_probability),
      NOF, NULL, HE_SET, NULL },
    { "ulogProbability", HB_FLAT, HT_PROB, 0, 0, ONCE_NFLOG_PROB, F(nflog_probability),
      NOF, NULL, HE_SET, NULL },
    { "ip", HB_FLAT, HT_IP, 0, 0, ONCE_IP, NOF, NOF, apply_flat_ip, HE_SET, NULL },
    { "udpport", HB_FLAT, HT_UINT, 1, 65535, ONCE_UDPPORT, NOF, NOF, apply_port, HE_SET,
      NULL },

    /* collector { } */
    { "ip", COLL, HT_IP, 0, 0, ONCE_NONE, NOF, NOF, apply_collector_ip, HE_SET, NULL },
    { "udpport", COLL, HT_UINT, 1, 65535, ONCE_NONE, NOF, NOF, apply_port, HE_SET, NULL },
    { "port", COLL, HT_UINT, 1, 65535, ONCE_NONE, NOF, NOF, apply_port, HE_SET, NULL },

    /* ovs { } */
    { "dbsock", HB(HB_OVS), HT_REMOTE, 0, 0, ONCE_OVS_DB, F(ovs_db), NOF, NULL, HE_SET,
      NULL },

    /* kvm { } / xen { } */
    { "uri", HB(HB_KVM), HT_STR, 0, 0, ONCE_KVM_URI, F(kvm_uri), NOF, NULL, HE_SET, NULL },
    { "uri", HB(HB_XEN), HT_STR, 0, 0, ONCE_XEN_URI, F(xen_uri), NOF, NULL, HE_SET, NULL },

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

/* nflog { } and ulog { } are one setting: a second one, or one after the
 * flat nflog keys, is a mistake. */
static bool
open_nflog(struct parser *p, const struct token *name)
{
    for (int i = ONCE_NFLOG_GROUP; i <= ONCE_NFLOG_RCVBUF; i++) {
        if (p->seen[i]) {
            parser_error(p, name->line, "second nflog/ulog setting (first on line %d)",
                         p->seen[i]);
            return false;
        }
    }
    return true;
}

const struct hsconfig_block_def hsconfig_blocks[] = {
    /* name, kind, parents, flag, open, notice */
    { "sflow", HB_SFLOW, HB(HB_TOP), NOF, NULL, NULL },
    { "collector", HB_COLLECTOR, HB_FLAT, NOF, NULL, NULL },
    { "dns-sd", HB_DNSSD, HB_FLAT, NOF, NULL, NULL },
    { "dnssd", HB_DNSSD, HB_FLAT, NOF, NULL, NULL },
    { "ovs", HB_OVS, HB_FLAT, F(ovs), NULL, NULL },
    { "kvm", HB_KVM, HB_FLAT, F(kvm), NULL, NULL },
    { "xen", HB_XEN, HB_FLAT, F(xen), NULL, NULL },
    { "nflog", HB_NFLOG, HB_FLAT, F(nflog), open_nflog, NULL },
    { "ulog", HB_ULOG, HB_FLAT, F(nflog), open_nflog,
      "is mapped onto nflog { } (ULOG is gone from current kernels)" },
    { "pcap", HB_PCAP, HB_FLAT, NOF, hsconfig_pcap_open, NULL },
};
const size_t hsconfig_n_blocks = ARRAY_SIZE(hsconfig_blocks);
