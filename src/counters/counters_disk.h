/* counters_disk: host_disk_io (2005) from /proc/diskstats, and the file system
 * sizes from /proc/mounts (counters_disk.c). Each parser takes the
 * NUL-terminated text of one whole file and fills a record from it without
 * allocating; numbers wrap as the kernel's own counters do (see
 * counters_scan.h). */
#ifndef COUNTERS_DISK_H
#define COUNTERS_DISK_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"

struct hscounters;

bool hsc_parse_diskstats(const char *text, struct sflow_host_disk_io *d);
/* True if NAME (a /proc/diskstats device) is a whole disk that counts:
 * not a partition of a disk in DISKS (N names), not loop/ram/zram/dm/md/sr/
 * fd/nbd. */
bool hsc_disk_counts(const char *name, const char (*disks)[32], size_t n);

/* The record filler: reads under C's sysroot; false leaves the record out. */
bool hsc_read_host_disk_io(struct hscounters *c, struct sflow_host_disk_io *d);

#endif
