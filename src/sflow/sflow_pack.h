/* sflow_pack: packs samples into datagrams of at most max_bytes and hands
 * each finished one to an emit callback; keeps the sequence numbers
 * (sflow_pack.c).
 *
 * Ownership: the caller creates and destroys the packer; samples passed to
 * it are copied (encoded) during the call. */
#ifndef SFLOW_PACK_H
#define SFLOW_PACK_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"

/* ---- the packer: samples into datagrams of at most max_bytes -------------- */

/* Called with one finished datagram; DATA is valid only during the call. */
typedef void sflow_emit_fn(void *ctx, const uint8_t *data, size_t len);

struct sflow_packer_stats {
    uint64_t datagrams;             /* datagrams emitted */
    uint64_t samples;               /* samples packed */
    uint64_t oversize_drops;        /* samples larger than max_bytes, dropped */
    uint64_t invalid_drops;         /* samples the encoder refused, dropped */
};

/* Per data source sequence numbers live in the packer so that they never go
 * backwards while the process runs. */
struct sflow_packer;

struct sflow_packer *sflow_packer_create(const struct sflow_address *agent,
                                         uint32_t sub_agent_id, size_t max_bytes,
                                         sflow_emit_fn *emit, void *ctx);
void sflow_packer_destroy(struct sflow_packer *p);
/* Changes the agent address / datagram size (flushes first). */
void sflow_packer_reconfigure(struct sflow_packer *p, const struct sflow_address *agent,
                              uint32_t sub_agent_id, size_t max_bytes);
/* Adds a sample, in the compact form when its source and interface values
 * fit, else in the expanded form. Sets its sequence number from the packer's
 * per-source count (the seq field of S is ignored). A sample that does not fit the current
 * datagram flushes it first; one that can never fit is dropped, counted, and
 * logged (rate-limited). UPTIME_MS goes into the datagram header. Returns
 * false only when the sample was dropped. */
bool sflow_packer_add_counters(struct sflow_packer *p, const struct sflow_counters_sample *s,
                               uint32_t uptime_ms);
bool sflow_packer_add_flow(struct sflow_packer *p, const struct sflow_flow_sample *s,
                           uint32_t uptime_ms);
/* Emits the datagram being filled, if any. */
void sflow_packer_flush(struct sflow_packer *p, uint32_t uptime_ms);
const struct sflow_packer_stats *sflow_packer_get_stats(const struct sflow_packer *p);

#endif
