/* counters: the reader state, file reading under the sysroot, and the two
 * calls hsflowd makes each polling interval. The records themselves come
 * from one file each (counters_descr.c, counters_cpu.c, ...). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "counters/counters.h"
#include "counters/counters_int.h"
#include "common/log.h"
#include "common/util.h"

#define HSC_BUF_INITIAL 16384
#define HSC_BUF_LIMIT (16u << 20)       /* no /proc file we read is this big */

struct hscounters *
hscounters_create(const char *sysroot)
{
    struct hscounters *c = xzalloc(sizeof *c);
    /* Absolute, so that a daemon's chdir("/") does not move it. */
    char *abs = realpath(sysroot, NULL);
    const char *root = abs ? abs : sysroot;
    size_t n = strlen(root);
    while (n > 0 && root[n - 1] == '/') {
        n--;
    }
    c->root = xstrndup(root, n);
    free(abs);
    c->live = n == 0;
    long hz = sysconf(_SC_CLK_TCK);
    c->hz = hz > 0 ? hz : 100;
    c->statvfs_fn = c->live ? statvfs : NULL;
    c->buf_cap = HSC_BUF_INITIAL;
    c->buf = xmalloc(c->buf_cap);
    return c;
}

void
hscounters_destroy(struct hscounters *c)
{
    if (c) {
        free(c->root);
        free(c->buf);
        free(c->ifs);
        free(c);
    }
}

void
hscounters_set_clock_ticks(struct hscounters *c, long hz)
{
    c->hz = hz > 0 ? hz : 100;
}

void
hscounters_set_statvfs(struct hscounters *c, hsc_statvfs_fn *fn)
{
    c->statvfs_fn = fn;
}

void
hsc_source_ok(struct hscounters *c, int src)
{
    c->missing &= ~(1u << src);
}

void
hsc_source_missing(struct hscounters *c, int src, const char *fmt, ...)
{
    if (src < 0 || (c->missing & (1u << src))) {
        return;                 /* said already: nothing formatted */
    }
    c->missing |= 1u << src;
    va_list ap;
    va_start(ap, fmt);
    char *what = xvasprintf(fmt, ap);
    va_end(ap);
    log_notice("counters: %s", what);
    free(what);
}

size_t
hsc_join(char *out, size_t size, const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    if (la + lb + lc >= size) {
        out[0] = '\0';
        return 0;
    }
    memcpy(out, a, la);
    memcpy(out + la, b, lb);
    memcpy(out + la + lb, c, lc + 1);
    return la + lb + lc;
}

static int
hsc_open_path(const char *path)
{
    return open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
}

static int
hsc_open(const struct hscounters *c, const char *rel)
{
    char path[HSC_PATH_MAX];
    if (!hsc_join(path, sizeof path, c->root, "/", rel)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return hsc_open_path(path);
}

const char *
hsc_read(struct hscounters *c, const char *rel, size_t max, int src)
{
    int fd = hsc_open(c, rel);
    if (fd < 0) {
        hsc_source_missing(c, src, "cannot open %s/%s: %s (what needs it is left out)",
                           c->root, rel, strerror(errno));
        return NULL;
    }
    size_t limit = max ? max : HSC_BUF_LIMIT;
    size_t len = 0;
    for (;;) {
        if (len + 1 >= c->buf_cap) {
            if (c->buf_cap >= limit + 1) {
                break;                  /* read what fits, drop the rest */
            }
            size_t cap = c->buf_cap * 2;
            c->buf_cap = cap < limit + 1 ? cap : limit + 1;
            c->buf = xrealloc(c->buf, c->buf_cap);
        }
        size_t want = c->buf_cap - 1 - len;
        if (want > limit - len) {
            want = limit - len;
        }
        if (want == 0) {
            break;
        }
        ssize_t r = read(fd, c->buf + len, want);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            hsc_source_missing(c, src, "cannot read %s/%s: %s (what needs it is left out)",
                               c->root, rel, strerror(errno));
            close(fd);
            return NULL;
        }
        if (r == 0) {
            break;
        }
        len += (size_t) r;
    }
    close(fd);
    c->buf[len] = '\0';
    if (src >= 0) {
        hsc_source_ok(c, src);
    }
    return c->buf;
}

bool
hsc_read_small(const struct hscounters *c, const char *rel, char *out, size_t size)
{
    char path[HSC_PATH_MAX];
    return hsc_join(path, sizeof path, c->root, "/", rel) && hsc_read_path(path, out, size);
}

bool
hsc_read_path(const char *path, char *out, size_t size)
{
    int fd = hsc_open_path(path);
    if (fd < 0) {
        return false;
    }
    ssize_t r;
    do {
        r = read(fd, out, size - 1);
    } while (r < 0 && errno == EINTR);
    close(fd);
    if (r < 0) {
        return false;
    }
    out[r] = '\0';
    return true;
}

/* Appends a record of TAG with BODY when WANTED and there is room. */
static void
hsc_push(struct sflow_counter_rec *recs, size_t *n, size_t max, bool wanted, uint32_t tag,
         const void *body, size_t size)
{
    if (wanted && *n < max) {
        struct sflow_counter_rec *r = &recs[(*n)++];
        memset(r, 0, sizeof *r);
        r->tag = tag;
        memcpy(&r->u, body, size);
    }
}

size_t
hscounters_host(struct hscounters *c, struct sflow_counter_rec *recs, size_t max)
{
    size_t n = 0;
    struct sflow_mib2_ip ip;
    struct sflow_mib2_icmp icmp;
    struct sflow_mib2_tcp tcp;
    struct sflow_mib2_udp udp;

#define HSC_ADD(TAG, FIELD, CALL)                       \
    do {                                                \
        if (n < max) {                                  \
            memset(&recs[n], 0, sizeof recs[n]);        \
            recs[n].tag = (TAG);                        \
            if (CALL(c, &recs[n].u.FIELD)) {            \
                n++;                                    \
            }                                           \
        }                                               \
    } while (0)

    /* Without the interface list, neither the adaptors nor which interfaces
     * are NICs (for host_net_io) are known. */
    bool have_ifs = hsc_scan_ifaces(c);
    HSC_ADD(SFLOW_CTR_HOST_DESCR, host_descr, hsc_read_host_descr);
    if (have_ifs) {
        HSC_ADD(SFLOW_CTR_HOST_ADAPTORS, host_adaptors, hsc_read_host_adaptors);
    }
    HSC_ADD(SFLOW_CTR_HOST_CPU, host_cpu, hsc_read_host_cpu);
    HSC_ADD(SFLOW_CTR_HOST_MEMORY, host_memory, hsc_read_host_memory);
    HSC_ADD(SFLOW_CTR_HOST_DISK_IO, host_disk_io, hsc_read_host_disk_io);
    if (have_ifs) {
        HSC_ADD(SFLOW_CTR_HOST_NET_IO, host_net_io, hsc_read_host_net_io);
    }
#undef HSC_ADD

    unsigned found = hsc_read_mib2(c, &ip, &icmp, &tcp, &udp);
    hsc_push(recs, &n, max, found & HSC_MIB2_IP, SFLOW_CTR_MIB2_IP, &ip, sizeof ip);
    hsc_push(recs, &n, max, found & HSC_MIB2_ICMP, SFLOW_CTR_MIB2_ICMP, &icmp, sizeof icmp);
    hsc_push(recs, &n, max, found & HSC_MIB2_TCP, SFLOW_CTR_MIB2_TCP, &tcp, sizeof tcp);
    hsc_push(recs, &n, max, found & HSC_MIB2_UDP, SFLOW_CTR_MIB2_UDP, &udp, sizeof udp);
    return n;
}

size_t
hscounters_interfaces(struct hscounters *c, struct sflow_counter_rec *recs, size_t max)
{
    if (!hsc_scan_ifaces(c)) {
        return 0;
    }
    return hsc_read_if_counters(c, recs, max);
}
