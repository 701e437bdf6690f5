/* hspcap: packet sampling on interfaces, in the kernel, without iptables.
 *
 *   pcap { dev = tap.* }        every VM port of a Proxmox Linux bridge
 *   pcap { dev = vmbr0 }        one device
 *   pcap { speed = 1G-1T }      every NIC in a speed range
 *
 * Each interface a pcap { } block picks (pcap_select.h) gets its own packet
 * socket (pcap_port.h) whose BPF filter keeps 1 in N of the frames the
 * interface receives (pcap_bpf.h), so only the samples reach hsflowd. Each
 * becomes a flow sample of data source 0:ifIndex with the sampled Ethernet
 * header, input = that ifIndex, output = the bridge port the destination
 * MAC was learnt on (the bridge's FDB) or 0, the rate, a pool from the
 * interface's rx_packets counter and the socket's drops.
 *
 * The interfaces come from the host's interface table (src/netlink/
 * iftable.h, the agent's, shared with the counters): when its generation
 * changes, the blocks are applied again, so interfaces that appear later
 * are picked up and ones that go away are closed. The bridges' FDB comes
 * from a socket of the module's own (pcap_neigh.h). A new rate (sampling,
 * sampling.<speed>, from the config file or DNS-SD) or header size replaces
 * the filter on the same socket.
 *
 * Run/wait module: hspcap_wait() registers the FDB socket and one epoll
 * descriptor holding every packet socket; hspcap_run() reads what is
 * pending (bounded per call) without blocking. The interface table is run
 * by its owner, before hspcap_run().
 *
 * Ownership: the caller owns the struct hspcap from hspcap_create() and frees
 * it with hspcap_destroy(); the module owns its sockets, ports and copies of
 * the blocks and settings. The interface table and the packer passed to
 * hspcap_run() stay the caller's; the table must outlive the module. */
#ifndef HSPCAP_H
#define HSPCAP_H 1

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/hsauto.h"
#include "hsflowd/hsconfig.h"

struct hspcap;
struct iftable;
struct poll_loop;
struct sflow_packer;

/* Copies the N blocks of SPECS; the interfaces are IFT's. NULL and *ERR
 * without a table, or when the FDB or epoll socket cannot be opened. */
struct hspcap *hspcap_create(const struct hsconfig_pcap *specs, size_t n,
                             const struct iftable *ift, long long now, char **err);
void hspcap_destroy(struct hspcap *h);
/* New blocks (after SIGHUP). Ports picked again by an identical block keep
 * their socket. */
void hspcap_set_specs(struct hspcap *h, const struct hsconfig_pcap *specs, size_t n);
/* The settings in force (sampling, sampling.<x>, header); copied. */
void hspcap_set_settings(struct hspcap *h, const struct hsauto_settings *s);
void hspcap_run(struct hspcap *h, long long now, struct sflow_packer *p, uint32_t uptime_ms);
void hspcap_wait(struct hspcap *h, struct poll_loop *loop);

/* The ifIndex of every interface sampled now, at most MAX into OUT; returns
 * how many there are. *GEN (may be NULL) gets a number that changes
 * whenever the set does. */
size_t hspcap_ports(const struct hspcap *h, uint32_t *out, size_t max, uint64_t *gen);

struct hspcap_stats {
    size_t ports;               /* interfaces sampled now */
    uint64_t frames;            /* frames read */
    uint64_t samples;           /* flow samples handed to the packer */
    uint64_t runts;             /* frames too short for an Ethernet header */
    uint64_t packer_drops;      /* samples the packer refused */
    uint64_t opens, closes, refilters;
};
void hspcap_get_stats(const struct hspcap *h, struct hspcap_stats *out);
/* Writes, for an operator: each port sampled with its rate, samples, pool
 * and drops. */
void hspcap_show(const struct hspcap *h, FILE *out);

#endif
