/* counters_disk: host_disk_io (2005), block device part.
 *
 *   <root>/proc/diskstats  reads, sectors read (x 512 = bytes), read ms,
 *                          writes, sectors written, write ms, summed over the
 *                          whole disks: a device counts unless it is a
 *                          partition of a disk listed before it (the disk's
 *                          name followed by digits, or by 'p' and digits) or
 *                          a loop, ram, zram, dm-, md, sr, fd or nbd device
 *                          (virtual, removable, or stacked on disks already
 *                          counted). Lines with fewer than 11 fields are
 *                          skipped.
 * The file system sizes come from counters_mounts.c: <root>/proc/mounts is
 * read again only when the mount table may have changed. */
#include <config.h>

#include <string.h>

#include "counters/counters_disk.h"
#include "counters/counters_mounts.h"
#include "counters/counters_scan.h"
#include "counters/counters_state.h"

#define HSC_MAX_DISKS 256

bool
hsc_disk_counts(const char *name, const char (*disks)[32], size_t n)
{
    static const char *const skip[] = { "loop", "ram", "zram", "dm-", "md", "sr", "fd", "nbd" };
    for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++) {
        if (!strncmp(name, skip[i], strlen(skip[i]))) {
            return false;
        }
    }
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(disks[i]);
        if (strncmp(name, disks[i], len)) {
            continue;
        }
        const char *rest = name + len;
        if (*rest == 'p') {
            rest++;
        }
        if (*rest >= '0' && *rest <= '9') {
            rest += strspn(rest, "0123456789");
            if (!*rest) {
                return false;           /* a partition */
            }
        }
    }
    return true;
}

bool
hsc_parse_diskstats(const char *text, struct sflow_host_disk_io *d)
{
    char disks[HSC_MAX_DISKS][32];
    size_t n_disks = 0;
    uint64_t reads = 0, rsect = 0, rms = 0, writes = 0, wsect = 0, wms = 0;
    bool any = false;

    for (const char *p = text; *p; p = hsc_next_line(p)) {
        const char *s = p;
        uint64_t major, minor, v[8];
        if (!hsc_scan_u64(&s, &major) || !hsc_scan_u64(&s, &minor)) {
            continue;
        }
        hsc_skip_blanks(&s);
        size_t len = strcspn(s, " \t\n");
        if (len == 0 || len >= sizeof disks[0]) {
            continue;
        }
        char name[32];
        memcpy(name, s, len);
        name[len] = '\0';
        s += len;
        size_t k = 0;
        while (k < 8 && hsc_scan_u64(&s, &v[k])) {
            k++;
        }
        if (k < 8) {
            continue;                   /* truncated or malformed */
        }
        if (!hsc_disk_counts(name, (const char (*)[32]) disks, n_disks)) {
            continue;
        }
        if (n_disks < HSC_MAX_DISKS) {
            memcpy(disks[n_disks++], name, len + 1);
        }
        /* v: reads, merged, sectors, ms, writes, merged, sectors, ms */
        reads += v[0];
        rsect += v[2];
        rms += v[3];
        writes += v[4];
        wsect += v[6];
        wms += v[7];
        any = true;
    }
    d->reads = (uint32_t) reads;
    d->bytes_read = rsect * 512;
    d->read_time = (uint32_t) rms;
    d->writes = (uint32_t) writes;
    d->bytes_written = wsect * 512;
    d->write_time = (uint32_t) wms;
    return any;
}

bool
hsc_read_host_disk_io(struct hscounters *c, struct sflow_host_disk_io *d)
{
    bool have = false;
    const char *text = sysroot_read(&c->sys, "proc/diskstats", 0, HSC_SRC_DISKSTATS);
    if (text) {
        hsc_parse_diskstats(text, d);
        have = true;                    /* no disks at all is a fact, not a gap */
    }
    /* The list of file systems is kept while the mount table is known not
     * to have changed (sysroot_unchanged(): the live path's poll on the open
     * /proc/mounts); their sizes are asked afresh. */
    if (!c->have_mounts || !sysroot_unchanged(&c->sys, "proc/mounts")) {
        text = sysroot_read(&c->sys, "proc/mounts", 0, HSC_SRC_MOUNTS);
        c->have_mounts = text != NULL;
        if (text) {
            hsc_mounts_parse(&c->mounts, text, c->sys.root);
        }
    }
    if (c->have_mounts) {
        hsc_mounts_sizes(&c->mounts, c->statvfs_fn, d);
        have = true;
    }
    return have;
}
