/* counters_ifaces: the interfaces under <root>/sys/class/net, and
 * host_adaptors (2001).
 *
 * For each <root>/sys/class/net/NAME: ifindex, type, flags and address.
 * Loopback (type 772 or IFF_LOOPBACK) is skipped. What kind it is:
 *   physical  it has a `device` link (a NIC; virtio and Xen netfront count)
 *   bridge    it has a `bridge` directory (a Linux bridge such as xenbr0)
 *   bond      it has a `bonding` directory
 *   virtual   anything else (tap, veth, vif, ifb, OVS internal ports, ...)
 * host_adaptors lists every non-loopback interface with a MAC address that
 * is not all zeros: physical ones first, then bridges and bonds, then
 * virtual ones, each by ifIndex, at most HSC_MAX_ADAPTORS of them (so that
 * the host sample still fits a datagram; the cut is logged once).
 * Generic interface counters go out for physical, bridge and bond
 * interfaces; host_net_io sums physical ones only. */
#include <config.h>

#include <dirent.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "counters_int.h"
#include "util.h"

#define HSC_MAX_ADAPTORS 32
#define HSC_ARPHRD_ETHER 1
#define HSC_ARPHRD_LOOPBACK 772

bool
hsc_parse_mac(const char *text, uint8_t mac[6])
{
    unsigned int b[6];
    char tail;
    int n = sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
                   &tail);
    if (n < 6 || (n == 7 && tail != '\n')) {
        return false;
    }
    for (int i = 0; i < 6; i++) {
        mac[i] = (uint8_t) b[i];
    }
    return true;
}

uint64_t
hsc_parse_speed(const char *text)
{
    const char *p = text;
    uint64_t mbps;
    hsc_skip_blanks(&p);
    if (*p == '-' || !hsc_scan_u64(&p, &mbps) || mbps > UINT64_MAX / 1000000) {
        return 0;
    }
    return mbps * 1000000;
}

/* Reads sys/class/net/NAME/ATTR into OUT. */
static bool
hsc_if_attr(const struct hscounters *c, const char *name, const char *attr, char *out,
            size_t size)
{
    char rel[128];
    snprintf(rel, sizeof rel, "sys/class/net/%s/%s", name, attr);
    return hsc_read_small(c, rel, out, size);
}

static bool
hsc_if_attr_u32(const struct hscounters *c, const char *name, const char *attr, uint32_t *v)
{
    char text[32];
    const char *p = text;
    uint64_t x;
    if (!hsc_if_attr(c, name, attr, text, sizeof text)) {
        return false;
    }
    hsc_skip_blanks(&p);
    if (p[0] == '0' && p[1] == 'x') {
        char *end;
        unsigned long h = strtoul(p + 2, &end, 16);
        if (end == p + 2 || h > UINT32_MAX) {
            return false;
        }
        *v = (uint32_t) h;
        return true;
    }
    if (*p == '-' || !hsc_scan_u64(&p, &x) || x > UINT32_MAX) {
        return false;
    }
    *v = (uint32_t) x;
    return true;
}

static bool
hsc_if_has(const struct hscounters *c, const char *name, const char *entry)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/sys/class/net/%s/%s", c->root, name, entry);
    return access(path, F_OK) == 0;
}

static int
hsc_iface_cmp_name(const void *a_, const void *b_)
{
    const struct hsc_iface *a = a_, *b = b_;
    return strcmp(a->name, b->name);
}

bool
hsc_scan_ifaces(struct hscounters *c)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/sys/class/net", c->root);
    DIR *dir = opendir(path);
    if (!dir) {
        char *what = xasprintf("cannot open %s: no interfaces", path);
        hsc_source_missing(c, HSC_SRC_NET, what);
        free(what);
        c->n_ifs = 0;
        return false;
    }
    hsc_source_ok(c, HSC_SRC_NET);
    c->n_ifs = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof c->ifs[0].name) {
            continue;
        }
        struct hsc_iface ifc;
        memset(&ifc, 0, sizeof ifc);
        memcpy(ifc.name, de->d_name, strlen(de->d_name) + 1);
        if (!hsc_if_attr_u32(c, ifc.name, "ifindex", &ifc.ifindex)) {
            continue;                   /* not an interface */
        }
        hsc_if_attr_u32(c, ifc.name, "type", &ifc.type);
        hsc_if_attr_u32(c, ifc.name, "flags", &ifc.flags);
        if (ifc.type == HSC_ARPHRD_LOOPBACK || (ifc.flags & IFF_LOOPBACK)) {
            continue;
        }
        char text[64];
        static const uint8_t zero[6];
        ifc.has_mac = hsc_if_attr(c, ifc.name, "address", text, sizeof text)
                      && hsc_parse_mac(text, ifc.mac) && memcmp(ifc.mac, zero, 6);
        ifc.kind = hsc_if_has(c, ifc.name, "device") ? HSC_IF_PHYSICAL
                   : hsc_if_has(c, ifc.name, "bridge") ? HSC_IF_BRIDGE
                   : hsc_if_has(c, ifc.name, "bonding") ? HSC_IF_BOND
                   : HSC_IF_VIRTUAL;
        if (c->n_ifs == c->cap_ifs) {
            c->cap_ifs = c->cap_ifs ? c->cap_ifs * 2 : 16;
            c->ifs = xreallocarray(c->ifs, c->cap_ifs, sizeof *c->ifs);
            c->adaptors = xreallocarray(c->adaptors, c->cap_ifs, sizeof *c->adaptors);
        }
        c->ifs[c->n_ifs++] = ifc;
    }
    closedir(dir);
    qsort(c->ifs, c->n_ifs, sizeof *c->ifs, hsc_iface_cmp_name);
    return true;
}

const struct hsc_iface *
hsc_find_iface(const struct hscounters *c, const char *name)
{
    struct hsc_iface key;
    size_t len = strlen(name);
    if (len >= sizeof key.name) {
        return NULL;
    }
    memcpy(key.name, name, len + 1);
    return c->n_ifs ? bsearch(&key, c->ifs, c->n_ifs, sizeof *c->ifs, hsc_iface_cmp_name) : NULL;
}

static int
hsc_adaptor_rank(const struct hsc_iface *ifc)
{
    return ifc->kind == HSC_IF_PHYSICAL ? 0 : ifc->kind == HSC_IF_VIRTUAL ? 2 : 1;
}

bool
hsc_read_host_adaptors(struct hscounters *c, struct sflow_host_adaptors *a)
{
    size_t n = 0;
    bool cut = false;
    /* Three passes by rank keep the order without sorting a copy; within a
     * rank, by ifIndex (selection of the next larger). */
    for (int rank = 0; rank < 3; rank++) {
        uint32_t last = 0;
        for (;;) {
            const struct hsc_iface *next = NULL;
            for (size_t i = 0; i < c->n_ifs; i++) {
                const struct hsc_iface *ifc = &c->ifs[i];
                if (ifc->has_mac && hsc_adaptor_rank(ifc) == rank && ifc->ifindex > last
                    && (!next || ifc->ifindex < next->ifindex)) {
                    next = ifc;
                }
            }
            if (!next) {
                break;
            }
            if (n == HSC_MAX_ADAPTORS) {
                cut = true;
                break;
            }
            struct sflow_adaptor *ad = &c->adaptors[n++];
            memset(ad, 0, sizeof *ad);
            ad->ifIndex = next->ifindex;
            ad->n_macs = 1;
            memcpy(ad->macs[0], next->mac, 6);
            last = next->ifindex;
        }
    }
    if (cut) {
        hsc_source_missing(c, HSC_SRC_ADAPTORS_CAP,
                           "more interfaces than fit host_adaptors: only the first are listed");
    }
    a->n_adaptors = (uint32_t) n;
    a->adaptors = c->adaptors;
    return true;
}

void
hsc_iface_fill_if_counters(const struct hscounters *c, const struct hsc_iface *ifc,
                           struct sflow_if_counters *out)
{
    char text[32];
    out->ifIndex = ifc->ifindex;
    out->ifType = ifc->type == HSC_ARPHRD_ETHER ? 6 : 1;      /* ethernetCsmacd, other */
    out->ifSpeed = hsc_if_attr(c, ifc->name, "speed", text, sizeof text)
                   ? hsc_parse_speed(text) : 0;
    out->ifDirection = 0;
    if (hsc_if_attr(c, ifc->name, "duplex", text, sizeof text)) {
        out->ifDirection = !strncmp(text, "full", 4) ? 1 : !strncmp(text, "half", 4) ? 2 : 0;
    }
    out->ifStatus = (ifc->flags & IFF_UP) ? 1 : 0;
    if (hsc_if_attr(c, ifc->name, "operstate", text, sizeof text) && !strncmp(text, "up", 2)
        && (text[2] == '\n' || text[2] == '\0')) {
        out->ifStatus |= 2;
    }
    out->ifPromiscuousMode = (ifc->flags & IFF_PROMISC) ? 1 : 2;     /* TruthValue */
}
