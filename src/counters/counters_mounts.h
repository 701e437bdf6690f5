/* counters_mounts: the file system sizes of host_disk_io from /proc/mounts
 * and statvfs (counters_mounts.c). Pure but for the statvfs callback. The
 * list of local file systems can be kept between polls (the live path reads
 * /proc/mounts again only after the mount table changed); their sizes are
 * asked of statvfs at every poll.
 *
 * Ownership: struct hsc_mounts owns its paths (hsc_mounts_clear()). */
#ifndef COUNTERS_MOUNTS_H
#define COUNTERS_MOUNTS_H 1

#include <stddef.h>
#include <sys/statvfs.h>

#include "sflow/sflow.h"

typedef int hsc_statvfs_fn(const char *path, struct statvfs *st);

/* The local file systems of /proc/mounts: ROOT + mount point of each. */
struct hsc_mounts {
    char **paths;
    size_t n;
};

/* /proc/mounts TEXT: keeps in M (its old list freed) each local file system
 * (a /dev/ source but /dev/loop*, first mount of each source, at most 128). */
void hsc_mounts_parse(struct hsc_mounts *m, const char *text, const char *root);
/* Calls STATVFS on each of M's paths and sets D's disk_total, disk_free and
 * part_max_used from those it answers. Returns the number counted. */
size_t hsc_mounts_sizes(const struct hsc_mounts *m, hsc_statvfs_fn *statvfs_fn,
                        struct sflow_host_disk_io *d);
void hsc_mounts_clear(struct hsc_mounts *m);

/* /proc/mounts: for each local file system (a /dev/ source, first mount of
 * each source), calls STATVFS on ROOT + mount point and adds it to D's
 * disk_total, disk_free and part_max_used. Returns the number counted. */
size_t hsc_parse_mounts(const char *text, const char *root, hsc_statvfs_fn *statvfs_fn,
                        struct sflow_host_disk_io *d);

#endif
