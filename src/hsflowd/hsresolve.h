/* hsresolve: the settings hsflowd runs with and writes to hsflowd.auto,
 * from the config file and the DNS-SD result. Pure.
 *
 * Values given explicitly in the config file win; DNS-SD fills what the file
 * leaves out (only when DNSSD is on: the caller passes DNS == NULL otherwise);
 * defaults come last. Collectors come from the file when it names any, else
 * from DNS-SD. */
#ifndef HSRESOLVE_H
#define HSRESOLVE_H 1

#include "hsflowd/agentaddr.h"
#include "dnssd/dnssd_result.h"
#include "common/hsauto.h"
#include "hsflowd/hsconfig.h"

/* The agent address inputs (agentIP, agent, agent.cidr): the config's when it
 * gives any of them, else DNS-SD's. Pointers into CFG or DNS. */
void hsresolve_agent_inputs(const struct hsconfig *cfg, const struct dnssd_result *dns,
                            const char **agent_ip, const char **agent_dev,
                            const char **agent_cidr);

/* Fills OUT (initialised by the callee; revision 0) from CFG, DNS (may be
 * NULL), HOSTNAME (may be NULL) and the agent address choice AGENT. */
void hsresolve_settings(const struct hsconfig *cfg, const struct dnssd_result *dns,
                        const char *hostname, const struct agentaddr_choice *agent,
                        struct hsauto_settings *out);

#endif
