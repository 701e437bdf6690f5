/* agentaddr: which address hsflowd puts in the sFlow datagram header (and in
 * hsflowd.auto for the vSwitch's sub-agents).
 *
 * The choice, in order:
 *   1. agentIP, when given (config, else DNS-SD);
 *   2. else the best address of device `agent` (e.g. xenbr0);
 *   3. else the best address inside the first `agent.cidr` (of the lines in
 *      the order given) that holds a usable address;
 *   4. else the best address of the host.
 * "Best" skips interfaces that are down and loopback (unless `agent` names the
 * loopback device itself), then prefers global over
 * private (RFC 1918, 100.64/10, fc00::/7) over link-local addresses, then IPv4
 * over IPv6, then the interface name, then the address (bytewise): the same
 * host always makes the same choice. A bridge that holds the host's address
 * (xenbr0, vmbr0) is an interface like any other.
 *
 * Pure core: agentaddr_choose() works on a list, agentaddr_list_host() reads
 * that list from getifaddrs(). */
#ifndef AGENTADDR_H
#define AGENTADDR_H 1

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"

struct iftable;

struct agentaddr_candidate {        /* plain value */
    char ifname[IF_NAMESIZE];
    int family;                     /* AF_INET or AF_INET6 */
    uint8_t addr[16];               /* network order, 4 or 16 bytes */
    unsigned int flags;             /* IFF_UP, IFF_LOOPBACK (net/if.h) */
};

struct agentaddr_choice {           /* plain value */
    struct sflow_address addr;      /* family 0 = none found */
    char ifname[IF_NAMESIZE];       /* "" when not from an interface */
    char text[46];                  /* the address, printed */
    char reason[160];               /* why it was chosen, one line */
};

/* Chooses among CANDS (N of them). AGENT_IP and AGENT_DEV may be NULL;
 * CIDRS holds N_CIDRS agent.cidr values in order of preference; one written
 * "!ADDR/LEN" takes the addresses inside it out of steps 2-4. Returns false
 * (with OUT->reason saying why) only when nothing usable was found; a
 * malformed AGENT_IP or CIDR is skipped with a reason. */
bool agentaddr_choose(const struct agentaddr_candidate *cands, size_t n, const char *agent_ip,
                      const char *agent_dev, const char *const *cidrs, size_t n_cidrs,
                      struct agentaddr_choice *out);

/* The host's addresses from getifaddrs(): a malloc'd array (caller frees) in
 * *CANDS, its length in *N. Returns false (errno set) on failure. */
bool agentaddr_list_host(const struct iftable *ift, struct agentaddr_candidate **cands,
                         size_t *n);

#endif
