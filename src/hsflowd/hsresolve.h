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
#include "dnssd/dnsname.h"
#include "dnssd/dnssd_result.h"
#include "common/hsauto.h"
#include "hsflowd/hsconfig.h"
#include "hsflowd/hssender.h"

/* The agent address inputs (agentIP, agent, the agent.cidr list): the
 * config's when it gives any of them, else DNS-SD's. Pointers into CFG or
 * DNS. */
void hsresolve_agent_inputs(const struct hsconfig *cfg, const struct dnssd_result *dns,
                            const char **agent_ip, const char **agent_dev,
                            const char *const **cidrs, size_t *n_cidrs);

/* The addresses a collector name stands for: stores in *ADDRS the last
 * good addresses of HOST (numeric, as text) and returns how many (0: none
 * yet). AUX is the caller's. */
typedef size_t hsresolve_lookup_fn(void *aux, const char *host, const char (**addrs)[46]);

/* Fills OUT (initialised by the callee; revision 0) from CFG, DNS (may be
 * NULL), HOSTNAME (may be NULL) and the agent address choice AGENT. A
 * collector given by name stands for the addresses LOOKUP (may be NULL: no
 * names resolved) gives for it. */
void hsresolve_settings(const struct hsconfig *cfg, const struct dnssd_result *dns,
                        const char *hostname, const struct agentaddr_choice *agent,
                        hsresolve_lookup_fn *lookup, void *aux,
                        struct hsauto_settings *out);

/* The collector names of CFG (hosts that are not numeric addresses), at
 * most MAX of them, into NAMES (pointers into CFG). Returns how many. */
size_t hsresolve_names(const struct hsconfig *cfg, const char **names, size_t max);

/* hsresolve_lookup_fn over a struct dnsname (AUX). */
size_t hsresolve_dnsname_lookup(void *aux, const char *host, const char (**addrs)[46]);

/* Where datagrams go: one destination for each address of each collector of
 * CFG (with its dev), or, when the file names no collector, each collector
 * of SETTINGS (from DNS-SD). Returns the number written to OUT (at most
 * MAX). */
size_t hsresolve_destinations(const struct hsconfig *cfg,
                              const struct hsauto_settings *settings,
                              hsresolve_lookup_fn *lookup, void *aux,
                              struct hssender_dest *out, size_t max);

#endif
