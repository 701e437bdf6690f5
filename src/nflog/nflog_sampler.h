/* nflog_sampler: turns parsed NFLOG packets into sFlow flow samples. Pure:
 * no I/O, so the accounting is tested by feeding it packets.
 *
 * Two rates meet here, as in the older Host sFlow agent: the rule's rate K
 * (round(1/P) for the rule's `-m statistic --probability P`, 1 for a rule
 * without it) and the wanted sampling rate N (`sampling`, possibly from
 * DNS-SD). Every logged packet stands for K packets; when N > K the sampler
 * keeps each logged packet with probability K/N (sub-sampling in user
 * space), so every sample reports rate N. When N < K the rule is coarser
 * than asked and samples report K. N = 0 turns sampling off (pools are still
 * kept). The random draws come from a seeded generator, or from a function
 * the caller injects (tests).
 *
 * It keeps, per data source 0:ifIndex, the sample pool and the drop count,
 * and follows NFLOG's per-group sequence numbers: a gap of G means G logged
 * packets never reached us (the kernel dropped them when our socket was
 * full), so G is added to the drops of the data source of the packet that
 * reveals the gap. The pool grows by K for every logged packet, sampled or
 * not, and for every lost one (those were candidates too), so it does not
 * depend on N. Socket overruns (ENOBUFS) are counted as events; their
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
    uint64_t skipped;            /* packets not picked by the sub-sampling */
    uint64_t unsampleable;       /* packets with nothing to sample */
    uint64_t lost;               /* packets missing from the sequence */
    uint64_t overruns;           /* socket overrun (ENOBUFS) events */
    uint64_t seq_resets;         /* sequence numbers that went backwards */
    uint64_t no_seq;             /* packets without a sequence number */
};

struct nflog_sampler;

/* KERNEL_RATE is the rule's rate K (1 in K), at least 1. The wanted rate
 * starts equal to it (every logged packet sampled); the generator starts
 * from a fixed seed. */
struct nflog_sampler *nflog_sampler_create(uint32_t kernel_rate);
void nflog_sampler_destroy(struct nflog_sampler *s);

/* Sets the wanted sampling rate N (0 = off) and returns the rate the samples
 * will report: max(N, K), or 0 when off. */
uint32_t nflog_sampler_set_sampling(struct nflog_sampler *s, uint32_t sampling);
/* The rate samples report now (0: sampling off). */
uint32_t nflog_sampler_get_rate(const struct nflog_sampler *s);

/* 32 uniformly distributed random bits. */
typedef uint32_t nflog_random_fn(void *aux);
/* Restarts the built-in generator from SEED. */
void nflog_sampler_seed(struct nflog_sampler *s, uint64_t seed);
/* Draws from FN(AUX) instead of the built-in generator (NULL: back to it). */
void nflog_sampler_set_random(struct nflog_sampler *s, nflog_random_fn *fn, void *aux);

/* Sampling rate for probability P in (0, 1]: round(1/P); 0 if P is out of
 * range. */
uint32_t nflog_rate_from_probability(double p);

/* Accounts for PKT (sequence gap, sample pool, drops) and, when it is picked
 * and holds something to sample, fills *FS and *REC (header bytes in HDR,
 * room for MAX_HEADER bytes) and returns true. */
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
