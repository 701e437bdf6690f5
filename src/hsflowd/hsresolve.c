/* hsresolve: config + DNS-SD -> hsflowd.auto settings. See hsresolve.h. */
#include <config.h>

#include "hsflowd/hsresolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/netaddr.h"
#include "common/util.h"

void
hsresolve_agent_inputs(const struct hsconfig *cfg, const struct dnssd_result *dns,
                       const char **agent_ip, const char **agent_dev,
                       const char *const **cidrs, size_t *n_cidrs)
{
    if (cfg->agent_set || !dns) {
        *agent_ip = cfg->agent_ip;
        *agent_dev = cfg->agent_dev;
        *cidrs = (const char *const *) cfg->agent_cidrs;
        *n_cidrs = cfg->n_agent_cidrs;
    } else {
        *agent_ip = dns->settings.agent_ip;
        *agent_dev = dns->settings.agent_dev;
        *cidrs = (const char *const *) &dns->agent_cidr;
        *n_cidrs = dns->agent_cidr ? 1 : 0;
    }
}

/* The addresses of collector C: itself when numeric, else LOOKUP's. */
static size_t
collector_addresses(const struct hsconfig_collector *c, hsresolve_lookup_fn *lookup,
                    void *aux, const char (**addrs)[46])
{
    if (netaddr_is_numeric(c->host)) {
        *addrs = (const char (*)[46]) c->host;
        return 1;
    }
    return lookup ? lookup(aux, c->host, addrs) : 0;
}

size_t
hsresolve_names(const struct hsconfig *cfg, const char **names, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < cfg->n_collectors && n < max; i++) {
        if (!netaddr_is_numeric(cfg->collectors[i].host)) {
            names[n++] = cfg->collectors[i].host;
        }
    }
    return n;
}

size_t
hsresolve_dnsname_lookup(void *aux, const char *host, const char (**addrs)[46])
{
    return dnsname_lookup(aux, host, addrs);
}

static void
add_dest(struct hssender_dest *out, size_t *n, size_t max, const char *addr, uint16_t port,
         const char *dev)
{
    if (*n < max && strlen(addr) < sizeof out->addr) {
        struct hssender_dest *d = &out[(*n)++];
        memset(d, 0, sizeof *d);
        snprintf(d->addr, sizeof d->addr, "%s", addr);
        d->port = port;
        snprintf(d->dev, sizeof d->dev, "%s", dev);
    }
}

size_t
hsresolve_destinations(const struct hsconfig *cfg, const struct hsauto_settings *settings,
                       hsresolve_lookup_fn *lookup, void *aux, struct hssender_dest *out,
                       size_t max)
{
    size_t n = 0;
    if (!cfg->n_collectors) {
        for (size_t i = 0; i < settings->n_collectors; i++) {
            add_dest(out, &n, max, settings->collectors[i].addr, settings->collectors[i].port,
                     "");
        }
        return n;
    }
    for (size_t i = 0; i < cfg->n_collectors; i++) {
        const struct hsconfig_collector *c = &cfg->collectors[i];
        const char (*addrs)[46];
        size_t k = collector_addresses(c, lookup, aux, &addrs);
        for (size_t j = 0; j < k; j++) {
            add_dest(out, &n, max, addrs[j], c->port, c->dev);
        }
    }
    return n;
}

static uint32_t
pick(bool cfg_set, uint32_t cfg_value, bool dns_given, uint32_t dns_value)
{
    return cfg_set || !dns_given ? cfg_value : dns_value;
}

void
hsresolve_settings(const struct hsconfig *cfg, const struct dnssd_result *dns,
                   const char *hostname, const struct agentaddr_choice *agent,
                   hsresolve_lookup_fn *lookup, void *aux, struct hsauto_settings *out)
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
            const struct hsconfig_collector *c = &cfg->collectors[i];
            const char (*addrs)[46];
            size_t n = collector_addresses(c, lookup, aux, &addrs);
            for (size_t j = 0; j < n; j++) {
                hsauto_add_collector(out, addrs[j], c->port);
            }
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
