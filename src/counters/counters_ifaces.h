/* counters_ifaces: the interfaces under <root>/sys/class/net and
 * host_adaptors (2001) (counters_ifaces.c). The interface table is owned by
 * struct hscounters (counters_state.h). */
#ifndef COUNTERS_IFACES_H
#define COUNTERS_IFACES_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"

struct hscounters;

enum hsc_if_kind {
    HSC_IF_VIRTUAL,     /* tap, veth, vif, ifb, OVS internal ports, ... */
    HSC_IF_PHYSICAL,    /* has a `device` link: a NIC (virtio counts) */
    HSC_IF_BRIDGE,      /* Linux bridge (`bridge/`) */
    HSC_IF_BOND,        /* bonding master (`bonding/`) */
};

/* One interface; owned by struct hscounters' interface table. */
struct hsc_iface {
    char name[32];
    uint32_t ifindex;
    uint32_t type;          /* ARPHRD_* from `type` */
    uint32_t flags;         /* IFF_* from `flags` */
    enum hsc_if_kind kind;
    bool has_mac;
    uint8_t mac[6];
    /* From the interface table (live path) only: */
    bool known;             /* speed, direction and oper_up below are set */
    bool oper_up;
    uint32_t direction;     /* sFlow ifDirection */
    uint64_t speed;         /* bit/s */
};

/* `address` text "aa:bb:cc:dd:ee:ff" to 6 bytes; false if malformed. */
bool hsc_parse_mac(const char *text, uint8_t mac[6]);
/* `speed` text in Mb/s to b/s; -1, empty or garbage give 0. */
uint64_t hsc_parse_speed(const char *text);

/* Rescans <root>/sys/class/net into c->ifs. */
bool hsc_scan_ifaces(struct hscounters *c);
/* Sorts c->ifs by name (for hsc_find_iface). */
void hsc_ifaces_sort(struct hscounters *c);
/* sysfs `speed` and `duplex` of interface NAME under C's sysroot (0 when
 * unknown). */
void hsc_iface_read_speed(const struct hscounters *c, const char *name, uint64_t *speed,
                          uint32_t *direction);
/* The interface called NAME in the last scan, or NULL. */
const struct hsc_iface *hsc_find_iface(const struct hscounters *c, const char *name);
/* Fills the sysfs part of C's if_counters for IFC (ifIndex, ifType, speed,
 * direction, status, promiscuous mode; from IFC itself when it came from
 * the interface table). */
void hsc_iface_fill_if_counters(const struct hscounters *c, const struct hsc_iface *ifc,
                                struct sflow_if_counters *out);

/* The record filler: reads under C's sysroot; false leaves the record out. */
bool hsc_read_host_adaptors(struct hscounters *c, struct sflow_host_adaptors *a);

#endif
