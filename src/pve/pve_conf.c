/* pve_conf: the Proxmox guest config parser (see pve_conf.h).
 *
 * One pass over the lines. Each line is bounded before it is looked at; the
 * key is checked against Proxmox's key syntax; the keys read here are
 * dispatched through a table, each to a value parser that checks range and
 * form. The first error stops the parse. */
#include <config.h>

#include "pve/pve_conf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "counters/counters_descr.h"
#include "counters/counters_ifaces.h"
#include "sflow/sflow.h"

#define MAX_KEY 63
#define MAX_ITEM 255

struct conf_parser {
    enum pve_kind kind;
    const char *file;
    int line;
    char *err;
    struct pve_conf *out;
    int seen[16];                       /* line of each singular key, 0 = not yet */
    int net_seen[PVE_CONF_MAX_NETS];
    int mp_seen[PVE_CONF_MAX_MPS];
};

static bool __attribute__((format(printf, 2, 3)))
conf_error(struct conf_parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    p->err = xasprintf("%s:%d: %s", p->file, p->line, msg);
    free(msg);
    return false;
}

/* ---- value parsers -------------------------------------------------------- */

static bool
parse_count(struct conf_parser *p, const char *key, const char *v, unsigned long long max,
            uint32_t *out)
{
    unsigned long long n;
    if (!str_to_uint(v, 1, max, &n)) {
        return conf_error(p, "%s: '%.64s' is not a number in 1-%llu", key, v, max);
    }
    *out = (uint32_t) n;
    return true;
}

static bool
val_name(struct conf_parser *p, const char *key, const char *v)
{
    for (const char *q = v; *q; q++) {
        if ((unsigned char) *q < 0x20 || *q == 0x7f) {
            return conf_error(p, "%s: control character in the name", key);
        }
    }
    if (strlen(v) > PVE_CONF_NAME_MAX) {
        return conf_error(p, "%s: longer than %d characters", key, PVE_CONF_NAME_MAX);
    }
    snprintf(p->out->name, sizeof p->out->name, "%s", v);
    return true;
}

static bool
val_memory(struct conf_parser *p, const char *key, const char *v)
{
    /* Proxmox VE 8 writes "memory: current=2048" as well as "memory: 2048". */
    if (!strncmp(v, "current=", 8)) {
        v += 8;
    }
    unsigned long long n;
    if (!str_to_uint(v, 1, 1ull << 32, &n)) {
        return conf_error(p, "%s: '%.64s' is not a size in MiB (1-4294967296)", key, v);
    }
    p->out->memory_mib = n;
    return true;
}

static bool
val_cores(struct conf_parser *p, const char *key, const char *v)
{
    return parse_count(p, key, v, 8192, &p->out->cores);
}

static bool
val_sockets(struct conf_parser *p, const char *key, const char *v)
{
    return parse_count(p, key, v, 64, &p->out->sockets);
}

static bool
val_vcpus(struct conf_parser *p, const char *key, const char *v)
{
    return parse_count(p, key, v, 8192, &p->out->vcpus);
}

static bool
val_ostype(struct conf_parser *p, const char *key, const char *v)
{
    (void) key;
    p->out->os_name = pve_conf_os(p->kind, v);
    return true;
}

static bool
val_arch(struct conf_parser *p, const char *key, const char *v)
{
    if (!*v || strlen(v) > 32) {
        return conf_error(p, "%s: '%.64s' is not an architecture", key, v);
    }
    p->out->machine_type = hsc_machine_type(v);
    return true;
}

/* Calls ITEM for each comma-separated `k=v` (or bare `v`) item of V, split
 * in place in a bounded copy. */
static bool
for_each_item(struct conf_parser *p, const char *key, const char *v,
              bool (*item)(struct conf_parser *, const char *key, char *k, char *val, void *),
              void *aux)
{
    char buf[PVE_CONF_MAX_LINE];
    snprintf(buf, sizeof buf, "%s", v);
    char *save = NULL;
    for (char *it = strtok_r(buf, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
        if (strlen(it) > MAX_ITEM) {
            return conf_error(p, "%s: an item longer than %d characters", key, MAX_ITEM);
        }
        char *eq = strchr(it, '=');
        char *k = eq ? it : NULL;
        char *val = eq ? eq + 1 : it;
        if (eq) {
            *eq = '\0';
        }
        if (!item(p, key, k, val, aux)) {
            return false;
        }
    }
    return true;
}

static bool
smbios_item(struct conf_parser *p, const char *key, char *k, char *val, void *aux)
{
    (void) aux;
    if (k && !strcmp(k, "uuid")) {
        if (!hsc_parse_dmi_uuid(val, p->out->uuid)) {
            return conf_error(p, "%s: uuid '%.64s' is not a UUID", key, val);
        }
        p->out->has_uuid = true;
    }
    return true;
}

static bool
val_smbios1(struct conf_parser *p, const char *key, const char *v)
{
    return for_each_item(p, key, v, smbios_item, NULL);
}

/* The keys of a VM's netN that carry its MAC: the NIC models, and macaddr. */
static bool
is_mac_key(enum pve_kind kind, const char *k)
{
    static const char *const models[] = {
        "virtio", "e1000", "e1000e", "rtl8139", "vmxnet3", "ne2k_pci", "ne2k_isa",
        "i82551", "i82557b", "i82559er", "pcnet", "e1000-82540em", "e1000-82544gc",
        "e1000-82545em", "macaddr",
    };
    if (kind == PVE_LXC) {
        return !strcmp(k, "hwaddr");
    }
    for (size_t i = 0; i < ARRAY_SIZE(models); i++) {
        if (!strcmp(k, models[i])) {
            return true;
        }
    }
    return false;
}

static bool
net_item(struct conf_parser *p, const char *key, char *k, char *val, void *aux)
{
    struct pve_net *n = aux;
    if (k && is_mac_key(p->kind, k)) {
        if (!hsc_parse_mac(val, n->mac)) {
            return conf_error(p, "%s: %s '%.64s' is not a MAC address", key, k, val);
        }
        n->has_mac = true;
    }
    return true;
}

static bool
val_net(struct conf_parser *p, const char *key, const char *v, uint32_t index)
{
    if (p->net_seen[index]) {
        return conf_error(p, "%s given twice (first on line %d)", key, p->net_seen[index]);
    }
    p->net_seen[index] = p->line;
    struct pve_net n = { .index = index };
    if (!for_each_item(p, key, v, net_item, &n)) {
        return false;
    }
    p->out->nets[p->out->n_nets++] = n;
    return true;
}

/* A Proxmox disk size: DIGITS[.DIGITS][K|M|G|T] (powers of 1024; no unit =
 * bytes), truncated to whole bytes as Proxmox does. */
static bool
parse_disk_size(const char *v, uint64_t *bytes)
{
    char num[24];
    size_t n = strspn(v, "0123456789");
    unsigned long long whole;
    if (!n || n >= sizeof num) {
        return false;
    }
    memcpy(num, v, n);
    num[n] = '\0';
    if (!str_to_uint(num, 0, UINT64_MAX, &whole)) {
        return false;
    }
    const char *q = v + n;
    uint64_t frac = 0, scale = 1, mult = 1;
    if (*q == '.') {
        size_t f = strspn(++q, "0123456789");
        if (!f) {
            return false;
        }
        for (size_t i = 0; i < f && i < 6; i++) {     /* digits past 6 do not count */
            frac = frac * 10 + (uint64_t) (q[i] - '0');
            scale *= 10;
        }
        q += f;
    }
    static const char units[] = "KMGT";
    if (*q) {
        const char *u = strchr(units, *q);
        if (!u || q[1]) {
            return false;
        }
        mult = 1ull << (10 * (u - units + 1));
    }
    if (whole > UINT64_MAX / mult) {
        return false;
    }
    uint64_t part = frac * mult / scale;        /* frac < 10^6 < 2^20, mult <= 2^40 */
    if (whole * mult > UINT64_MAX - part) {
        return false;
    }
    *bytes = whole * mult + part;
    return true;
}

static bool
disk_item(struct conf_parser *p, const char *key, char *k, char *val, void *aux)
{
    uint64_t *size = aux;
    if (k && !strcmp(k, "size")) {
        if (!parse_disk_size(val, size)) {
            return conf_error(p, "%s: size '%.64s' is not a size (N[.N][K|M|G|T])", key, val);
        }
    }
    return true;
}

/* rootfs: or mpN: adds its size= to the container's disk size. */
static bool
add_disk(struct conf_parser *p, const char *key, const char *v)
{
    uint64_t size = 0;
    if (!for_each_item(p, key, v, disk_item, &size)) {
        return false;
    }
    if (p->out->disk_bytes > UINT64_MAX - size) {
        return conf_error(p, "%s: the disk sizes add up past 2^64 bytes", key);
    }
    p->out->disk_bytes += size;
    return true;
}

static bool
val_rootfs(struct conf_parser *p, const char *key, const char *v)
{
    return add_disk(p, key, v);
}

static bool
val_mp(struct conf_parser *p, const char *key, const char *v, uint32_t index)
{
    if (p->mp_seen[index]) {
        return conf_error(p, "%s given twice (first on line %d)", key, p->mp_seen[index]);
    }
    p->mp_seen[index] = p->line;
    return add_disk(p, key, v);
}

/* ---- lines ---------------------------------------------------------------- */

struct key_def {
    const char *key;
    unsigned kinds;                     /* 1 << PVE_QEMU | 1 << PVE_LXC */
    bool (*parse)(struct conf_parser *, const char *key, const char *value);
};

#define QEMU (1u << PVE_QEMU)
#define LXC (1u << PVE_LXC)
static const struct key_def keys[] = {
    { "name", QEMU, val_name },
    { "hostname", LXC, val_name },
    { "memory", QEMU | LXC, val_memory },
    { "cores", QEMU | LXC, val_cores },
    { "sockets", QEMU, val_sockets },
    { "vcpus", QEMU, val_vcpus },
    { "ostype", QEMU | LXC, val_ostype },
    { "arch", QEMU | LXC, val_arch },
    { "smbios1", QEMU, val_smbios1 },
    { "rootfs", LXC, val_rootfs },
};

static bool
valid_key(const char *k)
{
    if (!*k) {
        return false;
    }
    for (const char *q = k; *q; q++) {
        if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')
              || *q == '_' || *q == '-' || *q == '.' || *q == ':')) {
            return false;
        }
    }
    return true;
}

/* PREFIX followed by N in 0-(LIMIT - 1), no leading zero: returns N, else -1. */
static int
key_index(const char *k, const char *prefix, unsigned limit)
{
    size_t n = strlen(prefix);
    if (strncmp(k, prefix, n) || !k[n]) {
        return -1;
    }
    unsigned long long v;
    if (!str_to_uint(k + n, 0, limit - 1, &v) || (k[n] == '0' && k[n + 1])) {
        return -1;
    }
    return (int) v;
}

static bool
conf_line(struct conf_parser *p, char *line)
{
    char *colon = strchr(line, ':');
    if (!colon) {
        return conf_error(p, "expected 'key: value'");
    }
    *colon = '\0';
    char *key = line, *val = colon + 1;
    if (strlen(key) > MAX_KEY || !valid_key(key)) {
        return conf_error(p, "'%.64s' is not a key", key);
    }
    while (*val == ' ' || *val == '\t') {
        val++;
    }
    int ni = key_index(key, "net", PVE_CONF_MAX_NETS);
    if (ni >= 0) {
        return val_net(p, key, val, (uint32_t) ni);
    }
    int mi = p->kind == PVE_LXC ? key_index(key, "mp", PVE_CONF_MAX_MPS) : -1;
    if (mi >= 0) {
        return val_mp(p, key, val, (uint32_t) mi);
    }
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        if (!(keys[i].kinds & (1u << p->kind)) || strcmp(keys[i].key, key)) {
            continue;
        }
        if (p->seen[i]) {
            return conf_error(p, "%s given twice (first on line %d)", key, p->seen[i]);
        }
        p->seen[i] = p->line;
        return keys[i].parse(p, key, val);
    }
    return true;                        /* a key hsflowd does not need */
}

bool
pve_conf_parse(enum pve_kind kind, const char *file, const char *text, size_t len,
               struct pve_conf *out, char **err)
{
    struct conf_parser p = { .kind = kind, .file = file, .line = 0, .out = out };
    memset(out, 0, sizeof *out);
    out->memory_mib = 512;
    out->machine_type = SFLOW_MT_X86_64;
    out->os_name = SFLOW_OS_UNKNOWN;
    *err = NULL;
    if (len > PVE_CONF_MAX_FILE) {
        conf_error(&p, "larger than %u bytes", PVE_CONF_MAX_FILE);
        *err = p.err;
        return false;
    }
    char buf[PVE_CONF_MAX_LINE + 1];
    size_t i = 0;
    bool ok = true;
    while (ok && i < len) {
        p.line++;
        size_t start = i;
        while (i < len && text[i] != '\n') {
            i++;
        }
        size_t n = i - start;
        if (i < len) {
            i++;                        /* the '\n' */
        }
        if (n > PVE_CONF_MAX_LINE) {
            ok = conf_error(&p, "line longer than %d bytes", PVE_CONF_MAX_LINE);
            break;
        }
        if (memchr(text + start, '\0', n)) {
            ok = conf_error(&p, "NUL byte in the file");
            break;
        }
        memcpy(buf, text + start, n);
        while (n > 0 && (buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '\t')) {
            n--;
        }
        buf[n] = '\0';
        char *s = buf;
        while (*s == ' ' || *s == '\t') {
            s++;
        }
        if (*s == '[') {
            break;                      /* a snapshot section: not the current config */
        }
        if (*s && *s != '#') {
            ok = conf_line(&p, s);
        }
    }
    if (!ok) {
        *err = p.err;
    }
    return ok;
}

uint32_t
pve_conf_vcpus(enum pve_kind kind, const struct pve_conf *c, uint32_t host_cpus)
{
    if (kind == PVE_LXC) {
        return c->cores ? c->cores : host_cpus;
    }
    if (c->vcpus) {
        return c->vcpus;
    }
    uint64_t n = (uint64_t) (c->cores ? c->cores : 1) * (c->sockets ? c->sockets : 1);
    return n > UINT32_MAX ? UINT32_MAX : (uint32_t) n;
}

uint32_t
pve_conf_os(enum pve_kind kind, const char *t)
{
    static const char *const linux_cts[] = {
        "debian", "devuan", "ubuntu", "centos", "fedora", "opensuse", "archlinux",
        "alpine", "gentoo", "nixos",
    };
    if (kind == PVE_LXC) {
        for (size_t i = 0; i < ARRAY_SIZE(linux_cts); i++) {
            if (!strcmp(t, linux_cts[i])) {
                return SFLOW_OS_LINUX;
            }
        }
        return !strcmp(t, "unmanaged") || !*t ? SFLOW_OS_UNKNOWN : SFLOW_OS_OTHER;
    }
    if (!strcmp(t, "l24") || !strcmp(t, "l26")) {
        return SFLOW_OS_LINUX;
    }
    if (!strncmp(t, "win", 3) || !strncmp(t, "w2k", 3) || !strcmp(t, "wxp")
        || !strcmp(t, "wvista")) {
        return SFLOW_OS_WINDOWS;
    }
    if (!strcmp(t, "solaris")) {
        return SFLOW_OS_SOLARIS;
    }
    return *t ? SFLOW_OS_OTHER : SFLOW_OS_UNKNOWN;
}
