/* nflog_sampler: turns parsed NFLOG packets into sFlow flow samples. Pure:
 * no I/O, so the accounting is tested by feeding it packets.
 *
 * It keeps, per data source 0:ifIndex, the sample pool and the drop count,
 * and follows NFLOG's per-group sequence numbers: a gap of N means N logged
 * packets never reached us (the kernel dropped them when our socket was
 * full), so N is added to the drops of the data source of the packet that
 * reveals the gap, and N * rate to its sample pool (those packets were
 * candidates too). Socket overruns (ENOBUFS) are counted as events; their
 * packets are counted by the gap that follows.
 *
 * Ownership: the sampler owns its data source table; nflog_sampler_destroy()
 * frees it. A sample built by nflog_sampler_build() points into the caller's
 * record and header buffers. */
#ifndef NFLOG_SAMPLER_H
#define NFLOG_SAMPLER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nflog/nflog_parse.h"
#include "sflow/sflow.h"

/* sFlow interface value for traffic that starts or ends in the host itself. */
#define NFLOG_IF_INTERNAL 0x3fffffffu

struct nflog_sampler_stats {
    uint64_t packets;            /* packet messages accounted */
    uint64_t samples;            /* flow samples built */
    uint64_t unsampleable;       /* packets with nothing to sample */
    uint64_t lost;               /* packets missing from the sequence */
    uint64_t overruns;           /* socket overrun (ENOBUFS) events */
    uint64_t seq_resets;         /* sequence numbers that went backwards */
    uint64_t no_seq;             /* packets without a sequence number */
};

struct nflog_sampler;

/* RATE is the sampling rate (1 in RATE), at least 1. */
struct nflog_sampler *nflog_sampler_create(uint32_t rate);
void nflog_sampler_destroy(struct nflog_sampler *s);

/* Sampling rate for probability P in (0, 1]: round(1/P); 0 if P is out of
 * range. */
uint32_t nflog_rate_from_probability(double p);

/* Accounts for PKT (sequence gap, sample pool, drops) and, when it holds
 * something to sample, fills *FS and *REC (header bytes in HDR, room for
 * MAX_HEADER bytes) and returns true. */
bool nflog_sampler_build(struct nflog_sampler *s, const struct nflog_pkt *pkt,
                         uint8_t *hdr, size_t max_header,
                         struct sflow_flow_sample *fs, struct sflow_flow_rec *rec);

/* Records one socket overrun (recv() said ENOBUFS). */
void nflog_sampler_overrun(struct nflog_sampler *s);

/* Pool and drops of data source 0:IFINDEX (false if never seen). */
bool nflog_sampler_get_source(const struct nflog_sampler *s, uint32_t ifindex,
                              uint32_t *pool, uint32_t *drops);
const struct nflog_sampler_stats *nflog_sampler_get_stats(const struct nflog_sampler *s);

#endif
