/* counters_cpu: host_cpu (2003) from /proc/stat, loadavg, uptime and
 * cpuinfo (counters_cpu.c). Each parser takes the NUL-terminated
 * text of one whole file and fills a record from it without allocating;
 * numbers wrap as the kernel's own counters do (see counters_scan.h). */
#ifndef COUNTERS_CPU_H
#define COUNTERS_CPU_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"

struct hscounters;

bool hsc_parse_loadavg(const char *text, struct sflow_host_cpu *cpu);
/* /proc/stat: cpu times (jiffies at HZ ticks per second, to ms), cpu_num,
 * interrupts, contexts. Needs the aggregate "cpu" line. */
bool hsc_parse_stat(const char *text, long hz, struct sflow_host_cpu *cpu);
bool hsc_parse_uptime(const char *text, uint32_t *seconds);
/* First "cpu MHz" of /proc/cpuinfo, rounded; 0 if absent. */
uint32_t hsc_parse_cpuinfo_mhz(const char *text);

/* The record filler: reads under C's sysroot; false leaves the record out. */
bool hsc_read_host_cpu(struct hscounters *c, struct sflow_host_cpu *cpu);

#endif
