/* iftable: the host's network interfaces, known from rtnetlink events.
 *
 * One RTM_GETLINK dump at creation, then the RTM_NEWLINK / RTM_DELLINK
 * notifications of the RTNLGRP_LINK group keep the table current: no walk of
 * /sys/class/net. When the kernel drops notifications (ENOBUFS: a burst of
 * link changes overran the socket's receive buffer) the table is dumped
 * again, and that is logged once per overrun burst.
 *
 * Kind (the same rules as the sysfs reader of src/counters/, see README
 * "Host counters"): an interface with a parent device (IFLA_PARENT_DEV_NAME,
 * i.e. a `device` link in sysfs) is a NIC; else IFLA_INFO_KIND "bridge" is a
 * bridge and "bond" a bond; anything else (tap, veth, vif, ifb, OVS internal
 * ports, ...) is virtual. Loopback is left out of the table. Speed and duplex
 * of NICs, bridges and bonds are read (sysfs `speed`, `duplex`) when such a
 * link appears or changes, never per polling cycle.
 *
 * Interface counters: iftable_read_stats() takes one RTM_GETSTATS dump
 * (IFLA_STATS_LINK_64) of every interface, read with one recvmmsg().
 *
 * Use from other modules: look up by ifIndex or name, iterate by position
 * (ordered by ifIndex), and watch iftable_generation(), which grows with
 * every change of the table (an interface added, removed, renamed, or one of
 * its fields changed). Entries are valid until the next iftable_run() or
 * iftable_read_stats().
 *
 * Run/wait: iftable_run(t, now) reads pending notifications without
 * blocking; iftable_wait(t, loop) asks to be woken when more arrive.
 *
 * Ownership: struct iftable owns its sockets and entries; the creator frees
 * it with iftable_destroy(). */
#ifndef IFTABLE_H
#define IFTABLE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netlink/rtlink.h"

struct poll_loop;

enum iftable_kind {
    IFTABLE_VIRTUAL,    /* tap, veth, vif, ifb, OVS internal ports, ... */
    IFTABLE_NIC,        /* has a parent device (virtio and Xen netfront count) */
    IFTABLE_BRIDGE,     /* Linux bridge */
    IFTABLE_BOND,       /* bonding master */
};

struct iftable_entry {
    struct rtlink_info link;        /* ifindex, name, type, flags, MAC, kind, ... */
    enum iftable_kind kind;
    uint64_t speed;                 /* bit/s, 0 = unknown (NIC/bridge/bond only) */
    uint32_t duplex;                /* 0 unknown, 1 full, 2 half (sFlow ifDirection) */
    bool have_stats;                /* STATS is from the last iftable_read_stats() */
    struct rtlink_stats stats;
    uint64_t mark;                  /* internal: the dump that last saw it */
};

/* Reads the speed (bit/s, 0 unknown) and duplex (0 unknown, 1 full, 2
 * half) of interface NAME; called when a NIC, bridge or bond appears or
 * changes (src/counters/ reads sysfs `speed` and `duplex`). */
typedef void iftable_speed_fn(void *aux, const char *name, uint64_t *speed, uint32_t *duplex);

struct iftable_options {
    int rcvbuf;                     /* notification socket receive buffer; 0 = 1 MiB */
    iftable_speed_fn *speed_fn;     /* NULL: speed and duplex stay unknown */
    void *speed_aux;
};

/* Opens the sockets and dumps the links. NULL (and *ERR, to free) when
 * rtnetlink cannot be used. */
struct iftable *iftable_create(const struct iftable_options *opts, char **err);
void iftable_destroy(struct iftable *t);

void iftable_run(struct iftable *t, long long now);
void iftable_wait(struct iftable *t, struct poll_loop *loop);
/* After poll_loop_block(LOOP): whether notifications are waiting. Once it
 * has been called, iftable_run() reads the socket only when they are (no
 * failed read per wake-up); without it, every run tries. */
void iftable_ready(struct iftable *t, const struct poll_loop *loop);

/* Grows with every change of the table. */
uint64_t iftable_generation(const struct iftable *t);
size_t iftable_count(const struct iftable *t);
/* The Ith entry, 0 <= I < iftable_count(), ordered by ifIndex. */
const struct iftable_entry *iftable_at(const struct iftable *t, size_t i);
const struct iftable_entry *iftable_find_index(const struct iftable *t, uint32_t ifindex);
const struct iftable_entry *iftable_find_name(const struct iftable *t, const char *name);

/* Refreshes the counters of every entry with one RTM_GETSTATS dump. False
 * (logged, rate-limited) when the dump failed; entries then keep
 * have_stats = false. */
bool iftable_read_stats(struct iftable *t);

/* For tests: full link dumps taken (1 at start, one more per overrun
 * burst or interrupted dump), and overruns seen. */
void iftable_counts(const struct iftable *t, uint64_t *dumps, uint64_t *overruns);

/* Pure: the kind of a link, HAS_PARENT being what the kernel or sysfs says. */
enum iftable_kind iftable_classify(const struct rtlink_info *link, bool has_parent);

#endif
