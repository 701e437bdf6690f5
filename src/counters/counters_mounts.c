/* counters_mounts: host_disk_io (2005), file system part.
 *
 *   <root>/proc/mounts  local file systems: a source under /dev/ (not
 *                       /dev/loop*, which holds images such as snaps that
 *                       are full by design), each source counted once (bind
 *                       mounts and namespaces mount one device many times).
 *                       statvfs on each mount point gives disk_total
 *                       (f_blocks), disk_free (f_bfree), and part_max_used,
 *                       the fullest one's used / (used + available) in
 *                       hundredths of a percent, as df(1) shows it.
 * statvfs is a parameter: tests pass a fake, and no statvfs is done under a
 * sysroot other than "/" unless a test sets one. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "counters/counters_mounts.h"
#include "counters/counters_scan.h"
#include "counters/sysroot.h"
#include "common/util.h"

#define HSC_MAX_MOUNTS 128

/* Copies the /proc/mounts field at *P (octal escapes such as \040 decoded)
 * into OUT; false if it does not fit. */
static bool
hsc_mount_field(const char **p, char *out, size_t size)
{
    const char *s = *p;
    size_t n = 0;
    hsc_skip_blanks(&s);
    while (*s && *s != ' ' && *s != '\t' && *s != '\n') {
        char ch = *s++;
        if (ch == '\\' && s[0] >= '0' && s[0] <= '3' && s[1] >= '0' && s[1] <= '7'
            && s[2] >= '0' && s[2] <= '7') {
            ch = (char) ((s[0] - '0') * 64 + (s[1] - '0') * 8 + (s[2] - '0'));
            s += 3;
        }
        if (n + 1 >= size || ch == '\0') {
            return false;
        }
        out[n++] = ch;
    }
    out[n] = '\0';
    *p = s;
    return n > 0;
}

void
hsc_mounts_clear(struct hsc_mounts *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->paths[i]);
    }
    free(m->paths);
    m->paths = NULL;
    m->n = 0;
}

void
hsc_mounts_parse(struct hsc_mounts *m, const char *text, const char *root)
{
    char seen[HSC_MAX_MOUNTS][64];
    size_t n_seen = 0;

    hsc_mounts_clear(m);
    m->paths = xmalloc(HSC_MAX_MOUNTS * sizeof *m->paths);
    for (const char *p = text; *p; p = hsc_next_line(p)) {
        char src[64], dir[1024], path[SYSROOT_PATH_MAX];
        const char *s = p;
        if (strncmp(p, "/dev/", 5) || !strncmp(p, "/dev/loop", 9)
            || !hsc_mount_field(&s, src, sizeof src) || !hsc_mount_field(&s, dir, sizeof dir)
            || dir[0] != '/') {
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < n_seen && !dup; i++) {
            dup = !strcmp(seen[i], src);
        }
        if (dup || n_seen >= HSC_MAX_MOUNTS) {
            continue;
        }
        memcpy(seen[n_seen++], src, sizeof src);
        if (sysroot_join(path, sizeof path, root, dir, "")) {
            m->paths[m->n++] = xstrdup(path);
        }
    }
}

size_t
hsc_mounts_sizes(const struct hsc_mounts *m, hsc_statvfs_fn *statvfs_fn,
                 struct sflow_host_disk_io *d)
{
    size_t counted = 0;
    uint64_t total = 0, free_bytes = 0;
    uint32_t max_used = 0;

    for (size_t i = 0; statvfs_fn && i < m->n; i++) {
        struct statvfs st;
        if (statvfs_fn(m->paths[i], &st) || st.f_blocks == 0) {
            continue;
        }
        uint64_t frsize = st.f_frsize ? st.f_frsize : st.f_bsize;
        uint64_t bfree = st.f_bfree < st.f_blocks ? st.f_bfree : st.f_blocks;
        uint64_t used = st.f_blocks - bfree;
        uint64_t avail = st.f_bavail < bfree ? st.f_bavail : bfree;
        total += (uint64_t) st.f_blocks * frsize;
        free_bytes += bfree * frsize;
        if (used + avail > 0) {
            /* Divide first when huge so that the product cannot overflow. */
            uint64_t pct = used > UINT64_MAX / 10000
                ? used / ((used + avail) / 10000 + 1)
                : used * 10000 / (used + avail);
            if (pct > max_used) {
                max_used = (uint32_t) (pct > 10000 ? 10000 : pct);
            }
        }
        counted++;
    }
    d->disk_total = total;
    d->disk_free = free_bytes;
    d->part_max_used = max_used;
    return counted;
}

size_t
hsc_parse_mounts(const char *text, const char *root, hsc_statvfs_fn *statvfs_fn,
                 struct sflow_host_disk_io *d)
{
    struct hsc_mounts m = { NULL, 0 };
    hsc_mounts_parse(&m, text, root);
    size_t counted = hsc_mounts_sizes(&m, statvfs_fn, d);
    hsc_mounts_clear(&m);
    return counted;
}
