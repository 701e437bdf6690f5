/* counters: host counter readers for hsflowd.
 *
 * Every reader takes the sysroot ("/" on a live host, a directory of recorded
 * files in tests; hsflowd's --sysroot) and parses one file of /proc or /sys
 * per call with a pure parser (one file per record: counters_cpu.c, ...,
 * each with its header; files are read through sysroot.c). The records are
 * the structs of sflow.h.
 *
 * Data sources: the host records belong to 2:1; each interface record
 * (tag SFLOW_CTR_GENERIC) belongs to 0:ifIndex, ifIndex being
 * rec.u.generic.ifIndex.
 *
 * Ownership: struct hscounters owns its read buffer, its cached strings and
 * the adaptor array that a host_adaptors record points to; hscounters_destroy
 * frees them. Callers own the record arrays they pass in. */
#ifndef COUNTERS_H
#define COUNTERS_H 1

#include <stddef.h>
#include <stdint.h>

#include "counters/counters_mounts.h"
#include "sflow/sflow.h"

struct iftable;
struct poll_loop;
struct hscounters;                                  /* owns cached strings/arrays */

/* SYSROOT is "/" or a test directory; it is copied. */
struct hscounters *hscounters_create(const char *sysroot);
void hscounters_destroy(struct hscounters *c);

/* Fills up to MAX records for the host data source (2:1): 2000, 2001, 2003,
 * 2004, 2005, 2006, 2007, 2008, 2009, 2010. Pointers inside (adaptor arrays)
 * stay valid until the next call. Returns the number filled. A record whose
 * source files are missing is left out (logged once), never invented. */
size_t hscounters_host(struct hscounters *c, struct sflow_counter_rec *recs, size_t max);

/* Physical (non-virtual, non-loopback) interfaces, and the virtual ones set
 * with hscounters_set_extra(): generic counters records (tag 1) with
 * ifIndex, speed, status, octets/packets/errors/drops. */
size_t hscounters_interfaces(struct hscounters *c, struct sflow_counter_rec *recs, size_t max);

/* Virtual interfaces (VM ports) to report as well, by ifIndex (copied): the
 * ones hsflowd samples packets on, so that their data sources have counters
 * too. */
void hscounters_set_extra(struct hscounters *c, const uint32_t *ifindexes, size_t n);

/* Test hooks: the clock tick rate for /proc/stat, and the statvfs used for
 * file system sizes (NULL = none). The defaults are sysconf(_SC_CLK_TCK),
 * and statvfs(3) for "/" but none for any other sysroot, so that a recorded
 * sysroot gives the same records on every machine. */
void hscounters_set_clock_ticks(struct hscounters *c, long hz);
void hscounters_set_statvfs(struct hscounters *c, hsc_statvfs_fn *fn);

/* The live path (sysroot "/"): interfaces and their counters come from T,
 * the rtnetlink interface table (src/netlink/iftable.h; borrowed, it must
 * outlive C), instead of walking /sys/class/net and parsing /proc/net/dev,
 * and the /proc files stay open and are read again from offset 0. One
 * counters dump is taken per polling cycle: hscounters_set_cycle() says
 * which cycle the next calls belong to (the agent passes now / interval).
 * Without a table (or under another sysroot) the files are read as before. */
void hscounters_set_iftable(struct hscounters *c, struct iftable *t);
void hscounters_set_cycle(struct hscounters *c, long long cycle);
/* The live path keeps /proc/mounts and /proc/sys/kernel/hostname open and
 * reads them again only after poll() on them reported a change (of the
 * mount table, of the host name): hscounters_wait() adds them to LOOP,
 * hscounters_ready() (after the loop's poll) notes the answer. Without
 * them, both are read at every host poll. */
void hscounters_wait(struct hscounters *c, struct poll_loop *loop);
void hscounters_ready(struct hscounters *c, const struct poll_loop *loop);
/* An iftable_speed_fn: sysfs `speed` and `duplex` of NAME under C's sysroot
 * (AUX is the struct hscounters). */
void hscounters_link_speed(void *aux, const char *name, uint64_t *speed, uint32_t *duplex);

#endif
