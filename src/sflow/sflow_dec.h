/* sflow_dec: sFlow version 5 datagram decoder. Pure: no I/O.
 *
 * Every datagram is hostile: each length and count is checked against what
 * is left before anything is read. A truncated or inconsistent datagram is
 * rejected whole, with the byte offset where it went wrong; records of types
 * we do not know are kept undecoded (format and length) and skipped by their
 * length.
 *
 * Ownership: sflow_decode() fills a caller-owned struct sflow_dgram whose
 * arrays it allocates; sflow_dgram_free() releases them. Record bodies and
 * sampled header bytes point into the caller's datagram buffer, which must
 * outlive the decoded struct. */
#ifndef SFLOW_DEC_H
#define SFLOW_DEC_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"

struct sflow_dec_rec {
    uint32_t data_format;           /* enterprise << 12 | format */
    size_t offset;                  /* of the data_format word in the datagram */
    uint32_t length;                /* body length */
    const uint8_t *body;            /* into the datagram */
    bool known;                     /* decoded into ctr or flow below */
    struct sflow_counter_rec ctr;   /* in counter samples */
    struct sflow_flow_rec flow;     /* in flow samples */
    struct sflow_adaptor *adaptors; /* owned: host_adaptors' array */
};

struct sflow_dec_sample {
    uint32_t data_format;           /* SFLOW_FLOW_SAMPLE ... or unknown */
    size_t offset;
    uint32_t length;
    bool known;                     /* one of the four sample types */
    bool is_flow, expanded;
    uint32_t seq, ds_class, ds_index;
    /* flow samples only */
    uint32_t sampling_rate, sample_pool, drops;
    struct sflow_if_ref input, output;
    uint32_t n_recs;
    struct sflow_dec_rec *recs;     /* owned */
};

struct sflow_dgram {
    uint32_t version;
    struct sflow_datagram_header hdr;
    size_t len;                     /* bytes in the datagram */
    uint32_t n_samples;
    struct sflow_dec_sample *samples;       /* owned */
};

struct sflow_dec_error {
    size_t offset;                  /* byte offset in the datagram */
    char msg[160];
};

/* Decodes DATA (LEN bytes) into D. On failure returns false with D empty and
 * ERR saying where and what. */
bool sflow_decode(const uint8_t *data, size_t len, struct sflow_dgram *d,
                  struct sflow_dec_error *err);
void sflow_dgram_free(struct sflow_dgram *d);

/* Names for printing: "flow_sample", "host_cpu", ...; NULL when unknown. */
const char *sflow_sample_type_name(uint32_t data_format);
const char *sflow_counter_rec_name(uint32_t data_format);
const char *sflow_flow_rec_name(uint32_t data_format);

#endif
