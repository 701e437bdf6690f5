/* hshost: the settings hsflowd runs with on this host (hshost.c). Lists the
 * host's addresses, chooses the agent address among them, reads the host
 * name, then resolves the settings with the pure hsresolve.c. The agent
 * calls it whenever its inputs change and `hsflowd -t` calls it once, so
 * that the check shows what the agent would write.
 *
 * Ownership: *OUT is initialised by the callee and owned by the caller
 * (hsauto_settings_destroy()); CFG and DNS are only read. */
#ifndef HSHOST_H
#define HSHOST_H 1

#include "common/hsauto.h"
#include "dnssd/dnssd_result.h"
#include "hsflowd/agentaddr.h"
#include "hsflowd/hsconfig.h"
#include "hsflowd/hsresolve.h"

struct iftable;

/* Fills *AGENT and *OUT from CFG and DNS (NULL: no DNS-SD result); the
 * collectors CFG names stand for the addresses LOOKUP gives (NULL: names
 * stand for nothing yet). IFT (the agent's interface table, or NULL) names
 * the interfaces that hold the host's addresses without asking the kernel
 * once per interface. Returns 0, or the errno of listing the host's
 * addresses, in which case the choice is made without them (no agent address
 * unless the config names one). */
int hshost_resolve(const struct hsconfig *cfg, const struct dnssd_result *dns,
                   hsresolve_lookup_fn *lookup, void *aux, const struct iftable *ift,
                   struct agentaddr_choice *agent,
                   struct hsauto_settings *out);

#endif
