/* xen_guest: one Xen domain as a struct sflow_guest (see xen_guest.h). */
#include <config.h>

#include "xen/xen_guest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/util.h"

#define XEN_MAX_DEVS 65536
#define XEN_MAX_VIFS 64
#define XEN_PID_MAX 4194304u

/* ---- the disks dom0 serves ------------------------------------------------------ */

static void
devs_add(struct xen_devs *d, enum xen_dev_kind kind, uint32_t domid, uint32_t devid)
{
    if (d->n >= XEN_MAX_DEVS) {
        return;
    }
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->v = xrealloc(d->v, d->cap * sizeof *d->v);
    }
    d->v[d->n++] = (struct xen_dev) { .kind = kind, .domid = domid, .devid = devid };
}

static void
devs_scan_dir(struct xen_devs *d, const char *sysroot, const char *rel, const char *prefix,
              enum xen_dev_kind kind)
{
    char *path = xasprintf("%s/%s", sysroot, rel);
    DIR *dir = opendir(path);
    free(path);
    if (!dir) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(dir))) {
        uint32_t domid, devid;
        if (xen_parse_devname(e->d_name, prefix, '-', &domid, &devid)) {
            devs_add(d, kind, domid, devid);
        }
    }
    closedir(dir);
}

void
xen_devs_scan(struct xen_devs *d, const char *sysroot)
{
    d->n = 0;
    devs_scan_dir(d, sysroot, "sys/bus/xen-backend/devices", "vbd-", XEN_DEV_BLKBACK);
    devs_scan_dir(d, sysroot, "dev/shm", "vbd3-", XEN_DEV_TAPDISK);
}

void
xen_devs_destroy(struct xen_devs *d)
{
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}

/* ---- reading statistics files ------------------------------------------------- */

/* /dev/shm is writable by everyone: a statistics file counts only when it,
 * and the directory holding it, are not symbolic links and belong to root
 * (or to hsflowd's own user). Returns the file's bytes (caller frees) or
 * NULL with *WHY set (malloc'd). */
static char *
read_shm_file(const char *sysroot, const char *dir_rel, const char *file, size_t max,
              size_t *len, char **why)
{
    char *dir = xasprintf("%s/%s", sysroot, dir_rel);
    char *path = xasprintf("%s/%s", dir, file);
    char *buf = NULL;
    struct stat st;
    int fd = -1;
    if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
        *why = xasprintf("%s: not a directory", dir);
    } else if (st.st_uid != 0 && st.st_uid != geteuid()) {
        *why = xasprintf("%s: not owned by root", dir);
    } else if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) < 0) {
        *why = xasprintf("%s: %s", path, strerror(errno));
    } else if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        *why = xasprintf("%s: not a regular file", path);
        close(fd);
    } else if (st.st_uid != 0 && st.st_uid != geteuid()) {
        *why = xasprintf("%s: not owned by root", path);
        close(fd);
    } else {
        buf = read_fd_bounded(fd, path, max, len, why);
        if (buf && *len > max) {
            *why = xasprintf("%s: longer than %zu bytes", path, max);
            free(buf);
            buf = NULL;
        }
    }
    free(dir);
    free(path);
    return buf;
}

/* Parses the file read by read_shm_file() with PARSE. */
static bool
read_shm_stats(const char *sysroot, const char *dir_rel, const char *file, size_t max,
               bool (*parse)(const uint8_t *, size_t, struct xen_disk *, const char **),
               struct xen_disk *disk, char **why)
{
    size_t len = 0;
    char *buf = read_shm_file(sysroot, dir_rel, file, max, &len, why);
    if (!buf) {
        return false;
    }
    const char *what = NULL;
    bool ok = parse((const uint8_t *) buf, len, disk, &what);
    if (!ok) {
        *why = xasprintf("%s/%s/%s: %s", sysroot, dir_rel, file, what);
    }
    free(buf);
    return ok;
}

static bool
read_blkback(const char *sysroot, uint32_t domid, uint32_t devid, struct xen_disk *disk,
             char **why)
{
    static const char *const names[] = { "rd_req", "rd_sect", "wr_req", "wr_sect", "oo_req" };
    uint64_t v[ARRAY_SIZE(names)];
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        char *rel = xasprintf("sys/bus/xen-backend/devices/vbd-%u-%u/statistics/%s", domid,
                              devid, names[i]);
        char *text = pve_sys_read(sysroot, rel, 64, NULL);
        bool ok = text && xen_parse_number(text, &v[i]);
        if (!ok) {
            *why = xasprintf("%s/%s: %s", sysroot, rel,
                             text ? "not one decimal number" : "cannot be read");
        }
        free(text);
        free(rel);
        if (!ok) {
            return false;
        }
    }
    disk->rd_req = v[0];
    disk->rd_bytes = v[1] * XEN_SECTOR_BYTES;
    disk->wr_req = v[2];
    disk->wr_bytes = v[3] * XEN_SECTOR_BYTES;
    disk->errs = v[4];
    return true;
}

/* ---- xenstore ------------------------------------------------------------------ */

/* Reads PATH; NULL when the node is missing or unreadable (*FAILED stays
 * false) or when xenstore itself failed (*FAILED set, *WHY said). */
static char *
store_read(const struct xen_guest_ctx *ctx, const char *path, size_t *len, bool *failed,
           char **why)
{
    char *v = xen_store_read(ctx->store, path, len);
    if (!v && errno != ENOENT && errno != EACCES && errno != EINVAL && errno != E2BIG) {
        *failed = true;
        *why = xasprintf("xenstore: reading %s: %s", path, strerror(errno));
    }
    return v;
}

/* The number in KEY of disk DEVID's backend node (TYPE vbd or vbd3) in
 * dom0, or 0 when xenstore has none or not a number. */
static uint64_t
backend_number(const struct xen_guest_ctx *ctx, const char *type, uint32_t domid,
               uint32_t devid, const char *key, bool *failed, char **why)
{
    char path[128];
    snprintf(path, sizeof path, "/local/domain/0/backend/%s/%u/%u/%s", type, domid, devid, key);
    size_t len = 0;
    char *v = store_read(ctx, path, &len, failed, why);
    uint64_t n = 0;
    if (!v || !xen_parse_number(v, &n)) {
        n = 0;
    }
    free(v);
    return n;
}

/* The disk's size in bytes: sectors x sector-size (512 when not given) of
 * its backend node; 0 when unknown. */
static uint64_t
disk_capacity(const struct xen_guest_ctx *ctx, const char *type, uint32_t domid,
              uint32_t devid, bool *failed, char **why)
{
    uint64_t sectors = backend_number(ctx, type, domid, devid, "sectors", failed, why);
    uint64_t size = *failed ? 0 : backend_number(ctx, type, domid, devid, "sector-size",
                                                 failed, why);
    if (size == 0) {
        size = XEN_SECTOR_BYTES;
    }
    return size > 65536 || sectors > UINT64_MAX / size ? 0 : sectors * size;
}

static enum xen_guest_result
fill_disks(const struct xen_guest_ctx *ctx, uint32_t domid, struct sflow_guest *g, char **why)
{
    struct xen_disk sum;
    memset(&sum, 0, sizeof sum);
    uint64_t capacity = 0;
    for (size_t i = 0; i < ctx->devs->n; i++) {
        const struct xen_dev *d = &ctx->devs->v[i];
        if (d->domid != domid) {
            continue;
        }
        struct xen_disk disk;
        memset(&disk, 0, sizeof disk);
        bool ok, failed = false;
        const char *type = d->kind == XEN_DEV_BLKBACK ? "vbd" : "vbd3";
        uint64_t bytes = disk_capacity(ctx, type, domid, d->devid, &failed, why);
        if (failed) {
            return XEN_GUEST_STORE_FAILED;
        }
        capacity = bytes > UINT64_MAX - capacity ? UINT64_MAX : capacity + bytes;
        if (d->kind == XEN_DEV_BLKBACK) {
            ok = read_blkback(ctx->sysroot, domid, d->devid, &disk, why);
        } else {
            uint64_t pid = backend_number(ctx, "vbd3", domid, d->devid, "kthread-pid", &failed,
                                          why);
            if (failed) {
                return XEN_GUEST_STORE_FAILED;
            }
            if (pid > XEN_PID_MAX) {
                pid = 0;
            }
            char dir[64], file[64];
            snprintf(dir, sizeof dir, "dev/shm/td3-%u", (uint32_t) pid);
            snprintf(file, sizeof file, "vbd-%u-%u", domid, d->devid);
            char *rel = xasprintf("%s/%s", dir, file);
            char *probe = xasprintf("%s/%s", ctx->sysroot, rel);
            bool have_metrics = pid && access(probe, F_OK) == 0;
            free(probe);
            free(rel);
            if (have_metrics) {
                ok = read_shm_stats(ctx->sysroot, dir, file, XEN_TD3_MAX, xen_parse_td3, &disk,
                                    why);
            } else {
                snprintf(dir, sizeof dir, "dev/shm/vbd3-%u-%u", domid, d->devid);
                ok = read_shm_stats(ctx->sysroot, dir, "statistics", XEN_VBD3_MAX,
                                    xen_parse_vbd3, &disk, why);
            }
        }
        if (!ok) {
            return XEN_GUEST_REJECTED;
        }
        xen_disk_add(&sum, &disk);
    }
    g->disk.capacity = capacity;
    g->disk.rd_req = (uint32_t) sum.rd_req;
    g->disk.rd_bytes = sum.rd_bytes;
    g->disk.wr_req = (uint32_t) sum.wr_req;
    g->disk.wr_bytes = sum.wr_bytes;
    g->disk.errs = (uint32_t) sum.errs;
    return XEN_GUEST_OK;
}

/* The vifs under /local/domain/D/device/vif: MACs and vifD.N counters. */
static enum xen_guest_result
fill_vifs(const struct xen_guest_ctx *ctx, uint32_t domid, struct sflow_guest *g, char **why)
{
    char path[96];
    snprintf(path, sizeof path, "/local/domain/%u/device/vif", domid);
    size_t n = 0;
    char **names = xen_store_dir(ctx->store, path, &n);
    if (!names) {
        if (errno == ENOENT) {
            return XEN_GUEST_OK;            /* no network */
        }
        *why = xasprintf("xenstore: listing %s: %s", path, strerror(errno));
        return XEN_GUEST_STORE_FAILED;
    }
    enum xen_guest_result r = XEN_GUEST_OK;
    if (n > XEN_MAX_VIFS) {
        *why = xasprintf("%s: %zu vifs, more than %u", path, n, XEN_MAX_VIFS);
        r = XEN_GUEST_REJECTED;
    }
    for (size_t i = 0; i < n && r == XEN_GUEST_OK; i++) {
        char dev[48];
        uint32_t devid, d_id;
        snprintf(dev, sizeof dev, "vif%u.%.16s", domid, names[i]);
        if (!xen_parse_devname(dev, "vif", '.', &d_id, &devid)) {
            char *esc = str_escape(names[i]);
            *why = xasprintf("%s: '%s' is not a device number", path, esc);
            free(esc);
            r = XEN_GUEST_REJECTED;
            break;
        }
        char mac_path[128];
        snprintf(mac_path, sizeof mac_path, "%s/%u/mac", path, devid);
        size_t len = 0;
        bool failed = false;
        char *mac_text = store_read(ctx, mac_path, &len, &failed, why);
        uint8_t mac[6];
        if (failed) {
            r = XEN_GUEST_STORE_FAILED;
        } else if (!mac_text || !xen_parse_mac(mac_text, len, mac)) {
            char *esc = mac_text ? str_escape(mac_text) : NULL;
            *why = esc ? xasprintf("%s: '%.40s' is not a MAC address", mac_path, esc)
                       : xasprintf("%s: missing", mac_path);
            free(esc);
            r = XEN_GUEST_REJECTED;
        } else {
            sflow_guest_add_adaptor(g, pve_sys_ifindex(ctx->sysroot, dev), mac);
            const struct hsc_netdev *nd = pve_netdevs_find(ctx->netdevs, dev);
            if (nd) {
                hsc_netdev_add_guest_net_io(nd, &g->net);
            }
        }
        free(mac_text);
    }
    free(names);
    return r;
}

uint32_t
xen_guest_state(uint32_t flags)
{
    if (flags & XEN_CTL_SHUTDOWN) {
        uint32_t reason = (flags >> XEN_CTL_SHUTDOWN_SHIFT) & 0xff;
        return reason == XEN_CTL_SHUTDOWN_CRASH ? SFLOW_VIRT_CRASHED : SFLOW_VIRT_SHUTDOWN;
    }
    if (flags & XEN_CTL_PAUSED) {
        return SFLOW_VIRT_PAUSED;
    }
    if (flags & XEN_CTL_BLOCKED) {
        return SFLOW_VIRT_BLOCKED;
    }
    if (flags & XEN_CTL_RUNNING) {
        return SFLOW_VIRT_RUNNING;
    }
    return SFLOW_VIRT_NOSTATE;
}

static uint64_t
pages_to_bytes(uint64_t pages)
{
    return pages > UINT64_MAX / XEN_CTL_PAGE_SIZE ? UINT64_MAX : pages * XEN_CTL_PAGE_SIZE;
}

enum xen_guest_result
xen_guest_fill(const struct xen_guest_ctx *ctx, const struct xen_ctl_domain *dom,
               struct sflow_guest *g, char **why)
{
    sflow_guest_reset(g);
    char path[64];
    snprintf(path, sizeof path, "/local/domain/%u/name", dom->domid);
    size_t len = 0;
    bool failed = false;
    char *name = store_read(ctx, path, &len, &failed, why);
    if (failed) {
        return XEN_GUEST_STORE_FAILED;
    }
    const char *what = NULL;
    if (!name) {
        *why = xasprintf("%s: missing", path);
        return XEN_GUEST_REJECTED;
    }
    if (!xen_check_name(name, len, &what)) {
        *why = xasprintf("%s: %s", path, what);
        free(name);
        return XEN_GUEST_REJECTED;
    }
    snprintf(g->descr.hostname, sizeof g->descr.hostname, "%s", name);
    free(name);
    memcpy(g->descr.uuid, dom->handle, 16);
    g->cpu.state = xen_guest_state(dom->flags);
    g->cpu.cpuTime = (uint32_t) (dom->cpu_time_ns / 1000000);
    g->cpu.nrVirtCpu = dom->online_vcpus;
    g->memory.memory = pages_to_bytes(dom->tot_pages);
    g->memory.maxMemory = pages_to_bytes(dom->max_pages);
    enum xen_guest_result r = fill_vifs(ctx, dom->domid, g, why);
    if (r == XEN_GUEST_OK) {
        r = fill_disks(ctx, dom->domid, g, why);
    }
    return r;
}
