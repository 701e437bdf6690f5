/* counters_memory: host_memory (2004) from /proc/meminfo and /proc/vmstat
 * (counters_memory.c). Each parser takes the NUL-terminated
 * text of one whole file and fills a record from it without allocating;
 * numbers wrap as the kernel's own counters do (see counters_scan.h). */
#ifndef COUNTERS_MEMORY_H
#define COUNTERS_MEMORY_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"

struct hscounters;

bool hsc_parse_meminfo(const char *text, struct sflow_host_memory *m);
/* Returns how far into TEXT the last of the four counters' lines ends (just
 * past its newline, or the end of TEXT), or 0 when one of them is missing. */
size_t hsc_parse_vmstat(const char *text, struct sflow_host_memory *m);

/* The record filler: reads under C's sysroot; false leaves the record out. */
bool hsc_read_host_memory(struct hscounters *c, struct sflow_host_memory *m);

#endif
