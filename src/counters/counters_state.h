/* counters_state: the reader state shared by counters.c and the record
 * readers (counters_cpu.c, ...). Declares no functions.
 *
 * Ownership: struct hscounters is created and freed by counters.c
 * (hscounters_create/hscounters_destroy), with everything inside it. */
#ifndef COUNTERS_STATE_H
#define COUNTERS_STATE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "counters/counters_mounts.h"
#include "counters/sysroot.h"
#include "sflow/sflow.h"

struct hsc_iface;
struct iftable;

/* host_adaptors lists at most this many, so that the host sample fits a
 * default datagram (16 bytes each). */
#define HSC_MAX_ADAPTORS 32

/* Owned by the caller of hscounters_create; everything inside is owned by
 * it and freed by hscounters_destroy. */
struct hscounters {
    struct sysroot sys;     /* the files under the sysroot; sources HSC_SRC_* */
    long hz;                /* USER_HZ for /proc/stat */
    hsc_statvfs_fn *statvfs_fn; /* NULL: skip file system sizes */
    struct hsc_iface *ifs;  /* interfaces of the last scan */
    size_t n_ifs, cap_ifs;
    uint32_t *extra;        /* virtual interfaces reported too (ifIndex) */
    size_t n_extra;
    /* What the last host_adaptors record points to; only that reader
     * writes it, so an interface poll in between leaves it intact. */
    struct sflow_adaptor adaptors[HSC_MAX_ADAPTORS];
    uint32_t n_adaptors;
    bool adaptors_valid;    /* live path: ADAPTORS hold table generation ADAPTORS_GEN */
    uint64_t adaptors_gen;
    /* The live path (counters_live.c); IFT is borrowed. */
    struct iftable *ift;
    uint64_t ift_gen;       /* generation of IFT copied into ifs */
    bool ift_synced;
    long long cycle, stats_cycle;
    uint64_t stats_gen;     /* table generation at the last counters dump */
    bool stats_ok;
    uint32_t host_polls;
    bool have_hostname;     /* HOSTNAME holds the last one read */
    char hostname[SFLOW_HOSTNAME_MAX + 1];
    bool have_descr;        /* descr: what does not change while running */
    struct sflow_host_descr descr;
    uint32_t cpu_mhz;
    size_t vmstat_prefix;   /* live path: bytes of /proc/vmstat to read; 0: all */
    bool uptime_checked;    /* live path: /proc/uptime's file system looked at */
    bool uptime_clock;      /* it is procfs: CLOCK_BOOTTIME gives the uptime */
    struct hsc_mounts mounts;   /* local file systems of the last /proc/mounts */
    bool have_mounts;
};

/* Sources whose absence is logged once. */
enum {
    HSC_SRC_HOSTNAME, HSC_SRC_OSRELEASE, HSC_SRC_UUID, HSC_SRC_NET, HSC_SRC_LOADAVG,
    HSC_SRC_STAT, HSC_SRC_MEMINFO, HSC_SRC_VMSTAT, HSC_SRC_DISKSTATS, HSC_SRC_MOUNTS,
    HSC_SRC_NETDEV, HSC_SRC_SNMP, HSC_SRC_ADAPTORS_CAP,
};

#endif
