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
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "counters/counters_ifaces.h"
#include "counters/counters_scan.h"
#include "counters/counters_state.h"
#include "common/util.h"

#define HSC_ARPHRD_ETHER 1
#define HSC_ARPHRD_LOOPBACK 772

bool
hsc_parse_mac(const char *text, uint8_t mac[6])
{
    const char *p = text;
    for (int i = 0; i < 6; i++) {
        /* One character at a time: never past the NUL. */
        int hi = hsc_hex_digit(*p++);
        if (hi < 0) {
            return false;
        }
        int lo = hsc_hex_digit(*p++);
        if (lo < 0 || (i < 5 && *p++ != ':')) {
            return false;
        }
        mac[i] = (uint8_t) (hi << 4 | lo);
    }
    return *p == '\0' || *p == '\n';
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

/* A path "<root>/sys/class/net/NAME/" that attribute names are appended
 * to in place, so that reading ten attributes costs no formatting. */
struct hsc_if_path {
    char buf[SYSROOT_PATH_MAX];
    size_t len;                 /* of the directory part, '/' included */
};

static bool
hsc_if_path_init(struct hsc_if_path *ip, const struct hscounters *c, const char *name)
{
    char dir[64];
    size_t n = strlen(name);
    if (n + 2 > sizeof dir) {
        return false;
    }
    memcpy(dir, name, n);
    memcpy(dir + n, "/", 2);
    ip->len = sysroot_join(ip->buf, sizeof ip->buf - 32, c->sys.root, "/sys/class/net/", dir);
    return ip->len > 0;
}

static const char *
hsc_if_path_at(struct hsc_if_path *ip, const char *attr)
{
    size_t n = strlen(attr);
    if (ip->len + n >= sizeof ip->buf) {
        n = 0;                  /* cannot happen: attributes are short */
    }
    memcpy(ip->buf + ip->len, attr, n + 1);
    return ip->buf;
}

static bool
hsc_if_attr(struct hsc_if_path *ip, const char *attr, char *out, size_t size)
{
    return sysroot_read_path(hsc_if_path_at(ip, attr), out, size);
}

/* Decimal, or hex after "0x" (flags). */
static bool
hsc_if_attr_u32(struct hsc_if_path *ip, const char *attr, uint32_t *v)
{
    char text[32];
    const char *p = text;
    uint64_t x = 0;
    if (!hsc_if_attr(ip, attr, text, sizeof text)) {
        return false;
    }
    hsc_skip_blanks(&p);
    if (p[0] == '0' && p[1] == 'x') {
        int d, n = 0;
        for (p += 2; (d = hsc_hex_digit(*p)) >= 0 && n < 9; p++, n++) {
            x = x << 4 | (uint64_t) d;
        }
        if (n == 0 || n > 8) {
            return false;
        }
    } else if (*p == '-' || !hsc_scan_u64(&p, &x) || x > UINT32_MAX) {
        return false;
    }
    *v = (uint32_t) x;
    return true;
}

static bool
hsc_if_has(struct hsc_if_path *ip, const char *entry)
{
    return access(hsc_if_path_at(ip, entry), F_OK) == 0;
}

static void
hsc_if_speed_at(struct hsc_if_path *ip, uint64_t *speed, uint32_t *direction)
{
    char text[32];
    *speed = hsc_if_attr(ip, "speed", text, sizeof text) ? hsc_parse_speed(text) : 0;
    *direction = 0;
    if (hsc_if_attr(ip, "duplex", text, sizeof text)) {
        *direction = !strncmp(text, "full", 4) ? 1 : !strncmp(text, "half", 4) ? 2 : 0;
    }
}

void
hsc_iface_read_speed(const struct hscounters *c, const char *name, uint64_t *speed,
                     uint32_t *direction)
{
    struct hsc_if_path ip;
    *speed = 0;
    *direction = 0;
    if (hsc_if_path_init(&ip, c, name)) {
        hsc_if_speed_at(&ip, speed, direction);
    }
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
    char path[SYSROOT_PATH_MAX];
    sysroot_join(path, sizeof path, c->sys.root, "/sys/class/net", "");
    DIR *dir = opendir(path);
    if (!dir) {
        sysroot_source_missing(&c->sys, HSC_SRC_NET, "cannot open %s: %s (no adaptors, network totals or interface counters)",
                           path, strerror(errno));
        c->n_ifs = 0;
        return false;
    }
    sysroot_source_ok(&c->sys, HSC_SRC_NET);
    c->n_ifs = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof c->ifs[0].name) {
            continue;
        }
        struct hsc_iface ifc;
        struct hsc_if_path ip;
        memset(&ifc, 0, sizeof ifc);
        memcpy(ifc.name, de->d_name, strlen(de->d_name) + 1);
        if (!hsc_if_path_init(&ip, c, ifc.name)
            || !hsc_if_attr_u32(&ip, "ifindex", &ifc.ifindex)) {
            continue;                   /* not an interface */
        }
        hsc_if_attr_u32(&ip, "type", &ifc.type);
        hsc_if_attr_u32(&ip, "flags", &ifc.flags);
        if (ifc.type == HSC_ARPHRD_LOOPBACK || (ifc.flags & IFF_LOOPBACK)) {
            continue;
        }
        char text[64];
        static const uint8_t zero[6];
        ifc.has_mac = hsc_if_attr(&ip, "address", text, sizeof text)
                      && hsc_parse_mac(text, ifc.mac) && memcmp(ifc.mac, zero, 6);
        ifc.kind = hsc_if_has(&ip, "device") ? HSC_IF_PHYSICAL
                   : hsc_if_has(&ip, "bridge") ? HSC_IF_BRIDGE
                   : hsc_if_has(&ip, "bonding") ? HSC_IF_BOND
                   : HSC_IF_VIRTUAL;
        if (c->n_ifs == c->cap_ifs) {
            c->cap_ifs = c->cap_ifs ? c->cap_ifs * 2 : 16;
            c->ifs = xreallocarray(c->ifs, c->cap_ifs, sizeof *c->ifs);
        }
        c->ifs[c->n_ifs++] = ifc;
    }
    closedir(dir);
    hsc_ifaces_sort(c);
    return true;
}

void
hsc_ifaces_sort(struct hscounters *c)
{
    if (c->n_ifs > 1) {     /* an empty table may be NULL, which qsort must not get */
        qsort(c->ifs, c->n_ifs, sizeof *c->ifs, hsc_iface_cmp_name);
    }
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
    /* From the interface table, the list changes only with the table. */
    if (c->ift && c->adaptors_valid && c->adaptors_gen == c->ift_gen) {
        a->n_adaptors = c->n_adaptors;
        a->adaptors = c->adaptors;
        return true;
    }
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
        sysroot_source_missing(&c->sys, HSC_SRC_ADAPTORS_CAP,
                           "more than %d interfaces: host_adaptors lists the first %d",
                           HSC_MAX_ADAPTORS, HSC_MAX_ADAPTORS);
    } else {
        sysroot_source_ok(&c->sys, HSC_SRC_ADAPTORS_CAP);
    }
    a->n_adaptors = (uint32_t) n;
    a->adaptors = c->adaptors;
    c->n_adaptors = (uint32_t) n;
    c->adaptors_gen = c->ift_gen;
    c->adaptors_valid = c->ift != NULL;
    return true;
}

void
hsc_iface_fill_if_counters(const struct hscounters *c, const struct hsc_iface *ifc,
                           struct sflow_if_counters *out)
{
    char text[32];
    struct hsc_if_path ip;
    out->ifIndex = ifc->ifindex;
    out->ifType = ifc->type == HSC_ARPHRD_ETHER ? 6 : 1;      /* ethernetCsmacd, other */
    out->ifPromiscuousMode = (ifc->flags & IFF_PROMISC) ? 1 : 2;     /* TruthValue */
    out->ifStatus = (ifc->flags & IFF_UP) ? 1 : 0;
    if (ifc->known) {
        out->ifSpeed = ifc->speed;
        out->ifDirection = ifc->direction;
        out->ifStatus |= ifc->oper_up ? 2 : 0;
        return;
    }
    if (!hsc_if_path_init(&ip, c, ifc->name)) {
        return;
    }
    hsc_if_speed_at(&ip, &out->ifSpeed, &out->ifDirection);
    if (hsc_if_attr(&ip, "operstate", text, sizeof text) && !strncmp(text, "up", 2)
        && (text[2] == '\n' || text[2] == '\0')) {
        out->ifStatus |= 2;
    }
}
