/* hsnflog: packet sampling from an iptables NFLOG group.
 *
 * Packets picked by rules such as
 *   iptables -A INPUT -m statistic --mode random --probability P -j NFLOG --nflog-group G
 * reach a netlink socket bound to group G. Each one becomes an sFlow flow
 * sample (sampled header record) for data source 0:ifIndex of the interface
 * it was seen on. As in the older Host sFlow agent, P is what the rule does
 * (`probability`, 1 when the rule has no statistic match) and `sampling` is
 * what the samples report: when 1/P is smaller than `sampling`, logged
 * packets are sub-sampled here with probability `sampling` * P (see
 * nflog_sampler.h). The sample pool is kept per data source, and drops are
 * counted per data source from gaps in NFLOG's sequence numbers and from
 * socket overruns (ENOBUFS), so no loss goes unreported.
 *
 * Run/wait module: hsnflog_wait() registers the socket, hsnflog_run() reads
 * what is pending (bounded per call) without blocking.
 *
 * Ownership: the caller owns the struct hsnflog returned by hsnflog_create()
 * and frees it with hsnflog_destroy(); the module owns its socket and
 * buffers. The packer passed to hsnflog_run() stays the caller's. */
#ifndef HSNFLOG_H
#define HSNFLOG_H 1

#include <stdbool.h>
#include <stdint.h>

struct hsnflog;
struct poll_loop;
struct sflow_packer;

/* Binds to NFLOG GROUP (0..65535) asking for at most HEADER_BYTES of each
 * packet (0 = 128; clamped to SFLOW_MAX_HEADER), for a rule of probability
 * PROBABILITY in (0, 1], sampling 1-in-SAMPLING (0 = off), with a receive
 * buffer of RCVBUF bytes (0 = 4 MiB), forced past net.core.rmem_max when the
 * process may. Returns NULL and sets *ERR (malloc'd message) on failure,
 * e.g. when another process has bound the group. */
struct hsnflog *hsnflog_create(uint32_t group, double probability, uint32_t sampling,
                               uint32_t header_bytes, uint32_t rcvbuf, char **err);
void hsnflog_destroy(struct hsnflog *n);
/* Flow samples whose data source 0:IFINDEX has SKIP(AUX, IFINDEX) true are
 * not sent (another sub-agent reports that data source); NULL: all sent. */
typedef bool hsnflog_skip_fn(void *aux, uint32_t ifindex);
void hsnflog_set_skip(struct hsnflog *n, hsnflog_skip_fn *skip, void *aux);
/* A new wanted sampling rate (e.g. from DNS-SD): applies to the next packet
 * read. Logs when the reported rate changes. */
void hsnflog_set_sampling(struct hsnflog *n, uint32_t sampling);
void hsnflog_wait(struct hsnflog *n, struct poll_loop *loop);
/* Reads what is pending (bounded per call) and adds flow samples to P. */
void hsnflog_run(struct hsnflog *n, long long now, struct sflow_packer *p, uint32_t uptime_ms);

/* What the module has seen since it was created (for logs, tests and
 * benchmarks). */
struct hsnflog_stats {
    uint64_t packets;            /* packet messages received */
    uint64_t samples;            /* flow samples handed to the packer */
    uint64_t skipped;            /* packets left out by the sub-sampling */
    uint64_t lost;               /* packets missing from the sequence (drops) */
    uint64_t overruns;           /* receive buffer overruns (ENOBUFS) */
    uint64_t invalid;            /* messages rejected or with nothing to sample */
    uint64_t truncated;          /* datagrams longer than the read buffer */
    uint64_t packer_drops;       /* samples the packer refused */
    uint64_t not_ours;           /* samples left out: another sub-agent's source */
    int rcvbuf;                  /* receive buffer the kernel granted, bytes */
    uint32_t rule_rate;          /* round(1/P) of the rule */
    uint32_t rate;               /* what samples report; 0: sampling off */
};
void hsnflog_get_stats(const struct hsnflog *n, struct hsnflog_stats *out);

#endif
