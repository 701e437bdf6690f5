/* counters_live: the live path's interfaces, host_net_io (2006) and
 * generic interface counters (1) from the rtnetlink interface table
 * (src/netlink/iftable.h) set with hscounters_set_iftable(), in place of
 * counters_ifaces.c's walk and counters_netdev.c's /proc/net/dev
 * (counters_live.c). */
#ifndef COUNTERS_LIVE_H
#define COUNTERS_LIVE_H 1

#include <stdbool.h>
#include <stddef.h>

#include "sflow/sflow.h"

struct hscounters;

/* Copies the table into c->ifs when it changed; always true. */
bool hsc_live_scan_ifaces(struct hscounters *c);
/* The record fillers, from one counters dump per polling cycle (and one
 * more after the table changed); false leaves the record out. */
bool hsc_live_net_io(struct hscounters *c, struct sflow_host_net_io *io);
size_t hsc_live_if_counters(struct hscounters *c, struct sflow_counter_rec *recs, size_t max);

#endif
