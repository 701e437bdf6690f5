/* hsresolve: config + DNS-SD -> hsflowd.auto settings. See hsresolve.h. */
#include <config.h>

#include "hsflowd/hsresolve.h"

#include <stdlib.h>

#include "common/util.h"

void
hsresolve_agent_inputs(const struct hsconfig *cfg, const struct dnssd_result *dns,
                       const char **agent_ip, const char **agent_dev, const char **agent_cidr)
{
    if (cfg->agent_set || !dns) {
        *agent_ip = cfg->agent_ip;
        *agent_dev = cfg->agent_dev;
        *agent_cidr = cfg->agent_cidr;
    } else {
        *agent_ip = dns->settings.agent_ip;
        *agent_dev = dns->settings.agent_dev;
        *agent_cidr = dns->agent_cidr;
    }
}

static uint32_t
pick(bool cfg_set, uint32_t cfg_value, bool dns_given, uint32_t dns_value)
{
    return cfg_set || !dns_given ? cfg_value : dns_value;
}

void
hsresolve_settings(const struct hsconfig *cfg, const struct dnssd_result *dns,
                   const char *hostname, const struct agentaddr_choice *agent,
                   struct hsauto_settings *out)
{
    hsauto_settings_init(out);
    out->hostname = hostname ? xstrdup(hostname) : NULL;
    out->sampling = pick(cfg->sampling_set, cfg->sampling, dns && dns->sampling_given,
                         dns ? dns->settings.sampling : 0);
    out->polling = pick(cfg->polling_set, cfg->polling, dns && dns->polling_given,
                        dns ? dns->settings.polling : 0);
    out->header = pick(cfg->header_set, cfg->header_bytes, dns && dns->header_given,
                       dns ? dns->settings.header : 0);
    out->datagram = cfg->datagram_bytes;
    out->ds_index = 1;
    /* DNS first, then the file's own values over them. */
    if (dns) {
        for (size_t i = 0; i < dns->settings.n_samplings; i++) {
            hsauto_set_kv(out, true, dns->settings.samplings[i].name,
                          dns->settings.samplings[i].value);
        }
        for (size_t i = 0; i < dns->settings.n_pollings; i++) {
            hsauto_set_kv(out, false, dns->settings.pollings[i].name,
                          dns->settings.pollings[i].value);
        }
    }
    for (size_t i = 0; i < cfg->n_samplings; i++) {
        hsauto_set_kv(out, true, cfg->samplings[i].name, cfg->samplings[i].value);
    }
    for (size_t i = 0; i < cfg->n_pollings; i++) {
        hsauto_set_kv(out, false, cfg->pollings[i].name, cfg->pollings[i].value);
    }
    if (cfg->n_collectors || !dns) {
        for (size_t i = 0; i < cfg->n_collectors; i++) {
            hsauto_add_collector(out, cfg->collectors[i].addr, cfg->collectors[i].port);
        }
    } else {
        for (size_t i = 0; i < dns->settings.n_collectors; i++) {
            hsauto_add_collector(out, dns->settings.collectors[i].addr,
                                 dns->settings.collectors[i].port);
        }
    }
    if (agent && agent->addr.family) {
        out->agent_ip = xstrdup(agent->text);
        if (agent->ifname[0]) {
            out->agent_dev = xstrdup(agent->ifname);
        }
    }
}
