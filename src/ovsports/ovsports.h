/* ovsports: which interfaces ovs-vswitchd reports itself, from the rows of
 * an OVSDB replica. Pure: JSON rows in, a list out.
 *
 * ovs-vswitchd sends interface counters (data source 0:ifIndex) for every
 * port of a bridge that has an sFlow row, under the agent address it is
 * given, which is hsflowd's. So that a collector never gets one data source
 * from two sub-agents, hsflowd leaves those interfaces to it: the
 * interfaces of every port of every bridge whose `sflow` column is set
 * (the bridge's own internal interface included).
 *
 * Input: the Bridge (name, ports, sflow), Port (name, interfaces) and
 * Interface (name, ifindex) tables as an ovsdb replica holds them: objects
 * mapping row UUID -> row, datums in RFC 7047 notation. Anything malformed
 * (a hostile or broken server) is skipped, never trusted.
 *
 * Ownership: struct ovsports owns its array and the names in it;
 * ovsports_clear() frees them. */
#ifndef OVSPORTS_H
#define OVSPORTS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* At most this many interfaces are taken (more is surely hostile). */
#define OVSPORTS_MAX 65536

struct ovsports_iface {
    char *name;                  /* Interface.name */
    uint32_t ifindex;            /* Interface.ifindex; 0 when not (yet) known */
};

struct ovsports {
    struct ovsports_iface *v;    /* sorted by name, no duplicates */
    size_t n;
};

void ovsports_init(struct ovsports *p);
void ovsports_clear(struct ovsports *p);

/* Fills OUT (initialised by the caller, emptied first) with the interfaces
 * ovs-vswitchd reports: those of the ports of bridges with an sFlow row.
 * Any table may be NULL (empty). */
void ovsports_compute(const json_t *bridges, const json_t *ports, const json_t *ifaces,
                      struct ovsports *out);

/* Whether A and B list the same interfaces with the same ifindexes. */
bool ovsports_equal(const struct ovsports *a, const struct ovsports *b);

#endif
