/* hshost: the settings on this host: its addresses and name, then the pure
 * resolution of hsresolve.c. */
#include <config.h>

#include "hsflowd/hshost.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "hsflowd/hsresolve.h"

int
hshost_resolve(const struct hsconfig *cfg, const struct dnssd_result *dns,
               hsresolve_lookup_fn *lookup, void *aux, const struct iftable *ift,
               struct agentaddr_choice *agent,
               struct hsauto_settings *out)
{
    const char *ip, *dev;
    const char *const *cidrs;
    size_t n_cidrs;
    hsresolve_agent_inputs(cfg, dns, &ip, &dev, &cidrs, &n_cidrs);
    struct agentaddr_candidate *cands;
    size_t n;
    int error = 0;
    if (!agentaddr_list_host(ift, &cands, &n)) {
        error = errno ? errno : EIO;
        cands = NULL;
        n = 0;
    }
    agentaddr_choose(cands, n, ip, dev, cidrs, n_cidrs, agent);
    free(cands);

    char host[256];
    if (gethostname(host, sizeof host) < 0) {
        host[0] = '\0';
    }
    host[sizeof host - 1] = '\0';
    hsresolve_settings(cfg, dns, host[0] ? host : NULL, agent, lookup, aux, out);
    return error;
}
