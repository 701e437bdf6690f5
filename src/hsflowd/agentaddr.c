/* agentaddr: the agent address choice. See agentaddr.h for the order. */
#include <config.h>

#include "hsflowd/agentaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/netaddr.h"
#include "common/util.h"
#include "netlink/rtaddr.h"

enum addr_class { CLASS_GLOBAL, CLASS_PRIVATE, CLASS_LINK_LOCAL, CLASS_LOOPBACK };

static const char *const class_names[] = { "global", "private", "link-local", "loopback" };

static size_t
addr_len(int family)
{
    return family == AF_INET ? 4 : 16;
}

static enum addr_class
addr_classify(int family, const uint8_t *a)
{
    if (family == AF_INET) {
        if (a[0] == 127) {
            return CLASS_LOOPBACK;
        }
        if (a[0] == 169 && a[1] == 254) {
            return CLASS_LINK_LOCAL;
        }
        if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16)
            || (a[0] == 192 && a[1] == 168) || (a[0] == 100 && (a[1] & 0xc0) == 64)) {
            return CLASS_PRIVATE;
        }
        return CLASS_GLOBAL;
    }
    static const uint8_t loopback6[16] = { [15] = 1 };
    if (!memcmp(a, loopback6, 16)) {
        return CLASS_LOOPBACK;
    }
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) {
        return CLASS_LINK_LOCAL;
    }
    if ((a[0] & 0xfe) == 0xfc) {
        return CLASS_PRIVATE;
    }
    return CLASS_GLOBAL;
}

/* Loopback is usable only when its device is named explicitly (agent = lo). */
static bool
usable(const struct agentaddr_candidate *c, bool named)
{
    static const uint8_t zero[16];
    return (c->family == AF_INET || c->family == AF_INET6) && (c->flags & IFF_UP)
           && (named || (!(c->flags & IFF_LOOPBACK)
                         && addr_classify(c->family, c->addr) != CLASS_LOOPBACK))
           && memcmp(c->addr, zero, addr_len(c->family));
}

/* Negative when A is the better choice. */
static int
candidate_cmp(const struct agentaddr_candidate *a, const struct agentaddr_candidate *b)
{
    int ca = (int) addr_classify(a->family, a->addr);
    int cb = (int) addr_classify(b->family, b->addr);
    if (ca != cb) {
        return ca - cb;
    }
    if (a->family != b->family) {
        return a->family == AF_INET ? -1 : 1;
    }
    int c = strcmp(a->ifname, b->ifname);
    return c ? c : memcmp(a->addr, b->addr, addr_len(a->family));
}

static bool
in_prefix(const struct agentaddr_candidate *c, int family, const uint8_t *net,
          unsigned int plen)
{
    if (c->family != family) {
        return false;
    }
    for (unsigned int i = 0; i < plen; i++) {
        uint8_t mask = (uint8_t) (0x80 >> (i % 8));
        if ((c->addr[i / 8] & mask) != (net[i / 8] & mask)) {
            return false;
        }
    }
    return true;
}

/* The best usable candidate that MATCH accepts, or NULL. */
static const struct agentaddr_candidate *
best(const struct agentaddr_candidate *cands, size_t n, const char *dev, int family,
     const uint8_t *net, unsigned int plen)
{
    const struct agentaddr_candidate *b = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct agentaddr_candidate *c = &cands[i];
        if (!usable(c, dev != NULL) || (dev && strcmp(c->ifname, dev))
            || (net && !in_prefix(c, family, net, plen))) {
            continue;
        }
        if (!b || candidate_cmp(c, b) < 0) {
            b = c;
        }
    }
    return b;
}

static void
set_choice(struct agentaddr_choice *out, const struct agentaddr_candidate *c)
{
    out->addr.family = c->family;
    memset(out->addr.bytes, 0, sizeof out->addr.bytes);
    memcpy(out->addr.bytes, c->addr, addr_len(c->family));
    snprintf(out->ifname, sizeof out->ifname, "%s", c->ifname);
    inet_ntop(c->family, c->addr, out->text, sizeof out->text);
}

static bool choose(const struct agentaddr_candidate *all, size_t n_all,
                   const struct agentaddr_candidate *cands, size_t n, const char *agent_ip,
                   const char *agent_dev, const char *const *cidrs, size_t n_cidrs,
                   char *skipped, size_t skipped_size, struct agentaddr_choice *out);

/* True if C lies inside one of the "!ADDR/LEN" lines of CIDRS. */
static bool
excluded(const struct agentaddr_candidate *c, const char *const *cidrs, size_t n_cidrs)
{
    for (size_t i = 0; i < n_cidrs; i++) {
        int family;
        uint8_t net[16];
        unsigned int plen;
        if (cidrs[i][0] == '!' && netaddr_parse_cidr(cidrs[i] + 1, &family, net, &plen)
            && in_prefix(c, family, net, plen)) {
            return true;
        }
    }
    return false;
}

bool
agentaddr_choose(const struct agentaddr_candidate *all, size_t n_all, const char *agent_ip,
                 const char *agent_dev, const char *const *cidrs, size_t n_cidrs,
                 struct agentaddr_choice *out)
{
    memset(out, 0, sizeof *out);
    char skipped[128] = "";
    /* "!ADDR/LEN" lines take their addresses out of every choice but agentIP. */
    struct agentaddr_candidate *cands = xcalloc(n_all ? n_all : 1, sizeof *cands);
    size_t n = 0;
    for (size_t i = 0; i < n_all; i++) {
        if (!excluded(&all[i], cidrs, n_cidrs)) {
            cands[n++] = all[i];
        }
    }
    bool found = choose(all, n_all, cands, n, agent_ip, agent_dev, cidrs, n_cidrs, skipped,
                        sizeof skipped, out);
    free(cands);
    return found;
}

/* agentaddr_choose() over CANDS, the candidates left after the exclusions
 * (ALL: before them). */
static bool
choose(const struct agentaddr_candidate *all, size_t n_all,
       const struct agentaddr_candidate *cands, size_t n, const char *agent_ip,
       const char *agent_dev, const char *const *cidrs, size_t n_cidrs, char *skipped,
       size_t skipped_size, struct agentaddr_choice *out)
{
    if (agent_ip) {
        struct agentaddr_candidate c;
        memset(&c, 0, sizeof c);
        if (inet_pton(AF_INET, agent_ip, c.addr) == 1) {
            c.family = AF_INET;
        } else if (inet_pton(AF_INET6, agent_ip, c.addr) == 1) {
            c.family = AF_INET6;
        }
        if (c.family) {
            /* Name the interface that holds it, if one does. */
            for (size_t i = 0; i < n_all; i++) {
                if (all[i].family == c.family
                    && !memcmp(all[i].addr, c.addr, addr_len(c.family))) {
                    snprintf(c.ifname, sizeof c.ifname, "%s", all[i].ifname);
                    break;
                }
            }
            set_choice(out, &c);
            snprintf(out->reason, sizeof out->reason, "agentIP %s is set", agent_ip);
            return true;
        }
        snprintf(skipped, skipped_size, "agentIP '%.40s' is not an address; ", agent_ip);
    }
    if (agent_dev) {
        const struct agentaddr_candidate *c = best(cands, n, agent_dev, 0, NULL, 0);
        if (c) {
            set_choice(out, c);
            snprintf(out->reason, sizeof out->reason,
                     "%sagent = %s: its best address (%s, %s)", skipped, agent_dev,
                     class_names[addr_classify(c->family, c->addr)],
                     c->family == AF_INET ? "IPv4" : "IPv6");
            return true;
        }
        size_t len = strlen(skipped);
        snprintf(skipped + len, skipped_size - len, "device %.16s has no usable address; ",
                 agent_dev);
    }
    /* agent.cidr lines in order: the first with a usable address inside wins. */
    for (size_t i = 0; i < n_cidrs; i++) {
        int family;
        uint8_t net[16];
        unsigned int plen;
        const struct agentaddr_candidate *c = NULL;
        if (cidrs[i][0] == '!') {
            continue;                   /* an exclusion, applied above */
        }
        if (netaddr_parse_cidr(cidrs[i], &family, net, &plen)) {
            c = best(cands, n, NULL, family, net, plen);
        }
        if (c) {
            set_choice(out, c);
            snprintf(out->reason, sizeof out->reason,
                     "%sagent.cidr = %s: the best address inside it, on %s", skipped,
                     cidrs[i], c->ifname);
            return true;
        }
        size_t len = strlen(skipped);
        snprintf(skipped + len, skipped_size - len, "nothing inside %.43s; ", cidrs[i]);
    }
    const struct agentaddr_candidate *c = best(cands, n, NULL, 0, NULL, 0);
    if (c) {
        set_choice(out, c);
        snprintf(out->reason, sizeof out->reason,
                 "%sthe host's best address, %s %s on %s; global > private > link-local, "
                 "IPv4 > IPv6, then by name",
                 skipped, class_names[addr_classify(c->family, c->addr)],
                 c->family == AF_INET ? "IPv4" : "IPv6", c->ifname);
        return true;
    }
    snprintf(out->reason, sizeof out->reason, "%sno usable address on this host", skipped);
    return false;
}

bool
agentaddr_list_host(const struct iftable *ift, struct agentaddr_candidate **cands, size_t *n)
{
    /* Not getifaddrs(3): it dumps every link too, which costs in proportion
     * to the number of interfaces (thousands of tap/vif/veth on a busy
     * virtualization host), every AGENT_CHECK_MS. */
    struct rtaddr *addrs;
    size_t n_addrs;
    *cands = NULL;
    *n = 0;
    if (!rtaddr_list(ift, &addrs, &n_addrs)) {
        return false;
    }
    *cands = n_addrs ? xcalloc(n_addrs, sizeof **cands) : NULL;
    for (size_t i = 0; i < n_addrs; i++) {
        struct agentaddr_candidate *c = &(*cands)[(*n)++];
        snprintf(c->ifname, sizeof c->ifname, "%s", addrs[i].ifname);
        c->family = addrs[i].a.family;
        c->flags = addrs[i].flags;
        memcpy(c->addr, addrs[i].a.addr, c->family == AF_INET ? 4 : 16);
    }
    free(addrs);
    return true;
}
