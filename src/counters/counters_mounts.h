/* counters_mounts: the file system sizes of host_disk_io from /proc/mounts
 * and statvfs (counters_mounts.c). Pure but for the statvfs callback; keeps
 * nothing. */
#ifndef COUNTERS_MOUNTS_H
#define COUNTERS_MOUNTS_H 1

#include <stddef.h>
#include <sys/statvfs.h>

#include "sflow/sflow.h"

typedef int hsc_statvfs_fn(const char *path, struct statvfs *st);
/* /proc/mounts: for each local file system (a /dev/ source, first mount of
 * each source), calls STATVFS on ROOT + mount point and adds it to D's
 * disk_total, disk_free and part_max_used. Returns the number counted. */
size_t hsc_parse_mounts(const char *text, const char *root, hsc_statvfs_fn *statvfs_fn,
                        struct sflow_host_disk_io *d);

#endif
