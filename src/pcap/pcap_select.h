/* pcap_select: which interfaces the pcap { } blocks pick, at what rate, and
 * the flow sample of one sampled frame. Pure: the tests call these with
 * links, settings and frames of their own.
 *
 * Selection: a block with dev picks the link of that name (or, when dev is
 * a pattern such as tap.*, every link whose whole name matches), further
 * limited to its speed range when it also gives one; a block with speed
 * alone picks NICs (of Ethernet type, with a parent device: the interface
 * table's IFTABLE_NIC, as the counters classify them) in the range, never
 * bridges, bonds, VLANs or virtual devices, as the older agent did. The
 * first block that picks a link wins.
 *
 * Rate: the block's own sampling when given; else sampling.<speed> of the
 * resolved settings (config and DNS-SD), the speed spelt as the older agent
 * spells it (100M, 1G, 10G, 25G, 40G, 100G, 1T); else speed divided by
 * sampling.bps_ratio when that is given and not 0; else sampling. */
#ifndef PCAP_SELECT_H
#define PCAP_SELECT_H 1

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/hsauto.h"
#include "hsflowd/hsconfig.h"
#include "netlink/iftable.h"
#include "sflow/sflow.h"

/* sFlow's value for "the host itself" as an interface. */
#define PCAP_IF_INTERNAL 0x3fffffffu

/* A pcap { } block with its pattern compiled. Owns RE when HAS_RE. */
struct pcap_spec {
    struct hsconfig_pcap cfg;   /* copy; owns cfg.dev */
    regex_t re;
    bool has_re;
};

/* Copies CFG into SPEC and compiles its pattern (checked by the config
 * parser already; false if it does not compile). */
bool pcap_spec_init(struct pcap_spec *spec, const struct hsconfig_pcap *cfg);
void pcap_spec_destroy(struct pcap_spec *spec);
bool pcap_spec_equal(const struct hsconfig_pcap *a, const struct hsconfig_pcap *b);

/* Whether SPEC picks interface E of SPEED bits/s (0 = unknown). */
bool pcap_spec_selects(const struct pcap_spec *spec, const struct iftable_entry *e,
                       uint64_t speed);

/* "10G" and the like into BUF (at least 24 bytes). */
void pcap_speed_text(uint64_t bps, char *buf, size_t len);

/* The sampling rate of a link of SPEED picked by SPEC, under settings S. */
uint32_t pcap_rate(const struct hsconfig_pcap *spec, const struct hsauto_settings *s,
                   uint64_t speed);

/* One frame as the packet socket gave it. */
struct pcap_frame {
    const uint8_t *data;        /* what the filter kept (from the MAC header) */
    size_t caplen;
    uint32_t orig_len;          /* the frame's length on the wire, without FCS */
    bool vlan_valid;            /* the NIC or veth stripped an 802.1Q tag: */
    uint16_t vlan_tci, vlan_tpid;   /* put back into the header */
};

/* Fills REC with the sampled header of FR: Ethernet, the VLAN tag put back,
 * at most MAX_HEADER bytes copied into HDR (room for SFLOW_MAX_HEADER), the
 * FCS counted as stripped bytes. False for a frame shorter than an
 * Ethernet header. */
bool pcap_frame_record(const struct pcap_frame *fr, uint32_t max_header, uint8_t *hdr,
                       struct sflow_flow_rec *rec);

#endif
