/* pcap_bpf: the classic BPF program that samples in the kernel. Pure.
 *
 * Attached to a packet socket with SO_ATTACH_FILTER, it drops every packet
 * the port sends (PACKET_OUTGOING: a bridged packet is then sampled once, on
 * the port it came in on), draws a random number per received packet
 * (SKF_AD_RANDOM) and keeps 1 in RATE of them, cut to SNAPLEN bytes (the
 * filter's return value), so only the samples cross into user space:
 *
 *   ld  pkttype                 ; SKF_AD_OFF + SKF_AD_PKTTYPE
 *   jeq #PACKET_OUTGOING, drop
 *   ld  rand                    ; SKF_AD_OFF + SKF_AD_RANDOM  (RATE > 1 only)
 *   mod #RATE
 *   jne #0, drop
 *   ret #SNAPLEN
 *   drop: ret #0
 *
 * RATE 0 (sampling off) gives a program that drops everything, so the
 * socket stays open and a later rate needs no new socket. */
#ifndef PCAP_BPF_H
#define PCAP_BPF_H 1

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

#define PCAP_BPF_MAX_INSNS 8

/* Writes the program into PROG (room for PCAP_BPF_MAX_INSNS) and returns its
 * length in instructions. SNAPLEN 0 is taken as 1. */
size_t pcap_bpf_build(struct sock_filter *prog, uint32_t rate, uint32_t snaplen);

/* Runs PROG over one packet as the kernel would for the loads it uses
 * (PKTTYPE, RANDOM from RANDOM_VALUE): the number of bytes kept, 0 = drop.
 * For the unit tests. */
uint32_t pcap_bpf_run(const struct sock_filter *prog, size_t n, uint32_t pkttype,
                      uint32_t random_value);

#endif
