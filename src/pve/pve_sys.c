/* pve_sys: host-side readers of the Proxmox module (see pve_sys.h). */
#include <config.h>

#include "pve/pve_sys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/util.h"

#define SMALL_FILE 4096
#define CMDLINE_MAX (128 * 1024)
#define NETDEV_MAX (4u << 20)

char *
pve_sys_read(const char *root, const char *rel, size_t max, size_t *lenp)
{
    char *path = xasprintf("%s/%s", root, rel);
    char *err = NULL;
    size_t len = 0;
    char *buf = read_file_bounded(path, max, &len, &err);
    free(path);
    free(err);
    if (!buf) {
        return NULL;
    }
    if (len > max) {
        free(buf);
        return NULL;
    }
    if (lenp) {
        *lenp = len;
    }
    return buf;
}

/* ---- QEMU processes -------------------------------------------------------- */

bool
pve_sys_parse_pid(const char *text, uint32_t *pid)
{
    char buf[32];
    size_t n = hsc_first_line(text, buf, sizeof buf);
    unsigned long long v;
    if (!n || !str_to_uint(buf, 1, 4194304, &v)) {
        return false;
    }
    *pid = (uint32_t) v;
    return true;
}

bool
pve_sys_cmdline_has_pidfile(const char *argv, size_t len, const char *name)
{
    bool after_flag = false;
    for (size_t i = 0; i < len;) {
        const char *arg = argv + i;
        size_t n = strnlen(arg, len - i);
        if (after_flag) {
            const char *slash = memrchr(arg, '/', n);
            const char *base = slash ? slash + 1 : arg;
            if ((size_t) (arg + n - base) == strlen(name) && !memcmp(base, name, strlen(name))) {
                return true;
            }
        }
        after_flag = (n == 8 && !memcmp(arg, "-pidfile", 8))
                     || (n == 9 && !memcmp(arg, "--pidfile", 9));
        i += n + 1;
    }
    return false;
}

bool
pve_sys_parse_stat(const char *text, long hz, long page_size, struct pve_proc_stat *st)
{
    const char *p = strrchr(text, ')');
    if (!p || p[1] != ' ') {
        return false;
    }
    p += 2;
    st->state = *p;
    if (!st->state || st->state == ' ') {
        return false;
    }
    p++;
    /* Fields 4..24 follow the state (field 3); keep 14, 15 and 24. */
    uint64_t utime = 0, stime = 0, rss = 0;
    for (int field = 4; field <= 24; field++) {
        uint64_t v;
        if (!hsc_scan_u64(&p, &v)) {
            return false;
        }
        if (field == 14) {
            utime = v;
        } else if (field == 15) {
            stime = v;
        } else if (field == 24) {
            rss = v;
        }
    }
    st->cpu_ms = hz > 0 ? (utime + stime) * 1000 / (uint64_t) hz : 0;
    st->rss_bytes = rss * (uint64_t) (page_size > 0 ? page_size : 4096);
    return true;
}

bool
pve_sys_qemu(const char *sysroot, const char *pidfile, const char *pidfile_name,
             uint32_t *pid, struct pve_proc_stat *st)
{
    char *err = NULL;
    size_t len;
    char *text = read_file_bounded(pidfile, SMALL_FILE, &len, &err);
    bool ok = text && len <= SMALL_FILE && pve_sys_parse_pid(text, pid);
    free(text);
    free(err);
    if (!ok) {
        return false;
    }
    char rel[64];
    snprintf(rel, sizeof rel, "proc/%u/cmdline", *pid);
    char *argv = pve_sys_read(sysroot, rel, CMDLINE_MAX, &len);
    ok = argv && pve_sys_cmdline_has_pidfile(argv, len, pidfile_name);
    free(argv);
    if (!ok) {
        return false;
    }
    snprintf(rel, sizeof rel, "proc/%u/stat", *pid);
    text = pve_sys_read(sysroot, rel, SMALL_FILE, NULL);
    ok = text && pve_sys_parse_stat(text, sysconf(_SC_CLK_TCK), sysconf(_SC_PAGESIZE), st);
    free(text);
    return ok && st->state != 'Z' && st->state != 'X';
}

/* ---- container cgroups -------------------------------------------------------- */

void
pve_cgroup_parse_events(const char *text, struct pve_cgroup *cg)
{
    for (const char *p = text; *p; p = hsc_next_line(p)) {
        const char *rest;
        uint64_t v;
        if (hsc_line_word(p, "populated", &rest) && hsc_scan_u64(&rest, &v)) {
            cg->populated = v != 0;
        } else if (hsc_line_word(p, "frozen", &rest) && hsc_scan_u64(&rest, &v)) {
            cg->frozen = v != 0;
        }
    }
}

bool
pve_cgroup_parse_cpu_stat(const char *text, uint64_t *ns)
{
    for (const char *p = text; *p; p = hsc_next_line(p)) {
        const char *rest;
        uint64_t usec;
        if (hsc_line_word(p, "usage_usec", &rest) && hsc_scan_u64(&rest, &usec)) {
            *ns = usec * 1000;
            return true;
        }
    }
    return false;
}

bool
pve_cgroup_parse_number(const char *text, uint64_t *v)
{
    const char *p = text;
    if (!hsc_scan_u64(&p, v)) {
        return false;
    }
    hsc_skip_blanks(&p);
    return *p == '\0' || *p == '\n';
}

/* Reads ROOT/REL as one number into *V; false if missing or malformed. */
static bool
read_number(const char *root, const char *rel, uint64_t *v)
{
    char *text = pve_sys_read(root, rel, SMALL_FILE, NULL);
    bool ok = text && pve_cgroup_parse_number(text, v);
    free(text);
    return ok;
}

static bool
cgroup_v2(const char *dir, struct pve_cgroup *cg)
{
    char *text = pve_sys_read(dir, "cgroup.events", SMALL_FILE, NULL);
    if (!text) {
        return false;
    }
    pve_cgroup_parse_events(text, cg);
    free(text);
    text = pve_sys_read(dir, "cpu.stat", SMALL_FILE, NULL);
    cg->has_cpu = text && pve_cgroup_parse_cpu_stat(text, &cg->cpu_ns);
    free(text);
    cg->has_memory = read_number(dir, "memory.current", &cg->memory_bytes);
    return true;
}

/* v1: a cgroup.procs with a pid in it. */
static bool
procs_nonempty(const char *dir, const char *rel)
{
    char *text = pve_sys_read(dir, rel, CMDLINE_MAX, NULL);
    uint64_t v;
    const char *p = text;
    bool ok = text && hsc_scan_u64(&p, &v);
    free(text);
    return ok;
}

static bool
cgroup_v1(const char *root, uint32_t ctid, struct pve_cgroup *cg)
{
    static const char *const cpu_ctrls[] = { "cpuacct", "cpu,cpuacct", "cpuacct,cpu" };
    bool found = false;
    for (size_t i = 0; i < ARRAY_SIZE(cpu_ctrls) && !found; i++) {
        char *dir = xasprintf("%s/%s/lxc/%u", root, cpu_ctrls[i], ctid);
        if (access(dir, F_OK) == 0) {
            found = true;
            cg->has_cpu = read_number(dir, "cpuacct.usage", &cg->cpu_ns);
            /* lxc keeps the container's processes in ns/ below its cgroup */
            cg->populated = procs_nonempty(dir, "cgroup.procs")
                            || procs_nonempty(dir, "ns/cgroup.procs");
        }
        free(dir);
    }
    char *mem = xasprintf("%s/memory/lxc/%u", root, ctid);
    cg->has_memory = read_number(mem, "memory.usage_in_bytes", &cg->memory_bytes);
    free(mem);
    char *frz = xasprintf("%s/freezer/lxc/%u", root, ctid);
    char *state = pve_sys_read(frz, "freezer.state", SMALL_FILE, NULL);
    cg->frozen = state && !strncmp(state, "FROZEN", 6);
    free(state);
    free(frz);
    return found;
}

bool
pve_cgroup_read(const char *root, uint32_t ctid, struct pve_cgroup *cg)
{
    memset(cg, 0, sizeof *cg);
    char *ctl = xasprintf("%s/cgroup.controllers", root);
    bool v2 = access(ctl, F_OK) == 0;
    free(ctl);
    if (!v2) {
        return cgroup_v1(root, ctid, cg);
    }
    cg->v2 = true;
    char *dir = xasprintf("%s/lxc/%u", root, ctid);
    bool ok = cgroup_v2(dir, cg);
    free(dir);
    return ok;
}

/* ---- host side of guest interfaces ------------------------------------------- */

void
pve_netdevs_parse(struct pve_netdevs *nd, const char *text)
{
    nd->n = 0;
    for (const char *p = text; *p; p = hsc_next_line(p)) {
        struct hsc_netdev d;
        if (!hsc_parse_netdev_line(p, &d)) {
            continue;
        }
        if (nd->n == nd->cap) {
            nd->cap = nd->cap ? nd->cap * 2 : 64;
            nd->devs = xreallocarray(nd->devs, nd->cap, sizeof *nd->devs);
        }
        nd->devs[nd->n++] = d;
    }
}

bool
pve_netdevs_read(struct pve_netdevs *nd, const char *sysroot)
{
    char *text = pve_sys_read(sysroot, "proc/net/dev", NETDEV_MAX, NULL);
    nd->n = 0;
    if (!text) {
        return false;
    }
    pve_netdevs_parse(nd, text);
    free(text);
    return true;
}

const struct hsc_netdev *
pve_netdevs_find(const struct pve_netdevs *nd, const char *name)
{
    for (size_t i = 0; i < nd->n; i++) {
        if (!strcmp(nd->devs[i].name, name)) {
            return &nd->devs[i];
        }
    }
    return NULL;
}

void
pve_netdevs_destroy(struct pve_netdevs *nd)
{
    free(nd->devs);
    memset(nd, 0, sizeof *nd);
}

uint32_t
pve_sys_ifindex(const char *sysroot, const char *name)
{
    char rel[64];
    snprintf(rel, sizeof rel, "sys/class/net/%s/ifindex", name);
    uint64_t v = 0;
    return read_number(sysroot, rel, &v) && v <= UINT32_MAX ? (uint32_t) v : 0;
}
