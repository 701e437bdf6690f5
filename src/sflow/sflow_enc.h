/* sflow_enc: the bounded XDR writer (struct xdr_buf) and the sFlow v5 record,
 * sample and datagram header encoders (sflow_enc.c). Pure: no I/O, no
 * allocation. The writer never writes past its buffer: a full buffer sets a
 * sticky error the caller sees.
 *
 * Ownership: the caller owns the buffer behind a struct xdr_buf and the
 * records it encodes; nothing is kept after a call. */
#ifndef SFLOW_ENC_H
#define SFLOW_ENC_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"

/* ---- the bounded XDR writer ---------------------------------------------- */

struct xdr_buf {
    uint8_t *data;
    size_t cap;
    size_t len;
    bool overflow;                  /* sticky: set once a write did not fit */
};

void xdr_init(struct xdr_buf *b, uint8_t *data, size_t cap);
/* Each put returns false (and sets overflow) when it does not fit; nothing is
 * written past cap. */
bool xdr_put_u32(struct xdr_buf *b, uint32_t v);
bool xdr_put_u64(struct xdr_buf *b, uint64_t v);
bool xdr_put_float(struct xdr_buf *b, float v);
/* Opaque bytes padded with zeros to a multiple of 4 (no length word). */
bool xdr_put_opaque_fixed(struct xdr_buf *b, const void *p, size_t n);
/* Length word, then the bytes, padded to 4. */
bool xdr_put_opaque_var(struct xdr_buf *b, const void *p, size_t n);
/* String of at most MAX bytes (longer input is truncated to MAX). */
bool xdr_put_string(struct xdr_buf *b, const char *s, size_t max);

/* ---- encoding samples ----------------------------------------------------- */

/* Encode one record / sample (data_format word, length word, body). Return
 * false when B is too small (B->overflow set) or the record is invalid (an
 * unknown tag, a header longer than SFLOW_MAX_HEADER). */
bool sflow_encode_counter_rec(struct xdr_buf *b, const struct sflow_counter_rec *r);
bool sflow_encode_flow_rec(struct xdr_buf *b, const struct sflow_flow_rec *r);
bool sflow_encode_counters_sample(struct xdr_buf *b, const struct sflow_counters_sample *s,
                                  bool expanded);
bool sflow_encode_flow_sample(struct xdr_buf *b, const struct sflow_flow_sample *s,
                              bool expanded);
/* Whether the compact forms can hold the sample's source (class < 256, index
 * < 2^24) and, for flow samples, its interface values (< 2^30). */
bool sflow_counters_sample_fits_compact(const struct sflow_counters_sample *s);
bool sflow_flow_sample_fits_compact(const struct sflow_flow_sample *s);

/* 28 bytes with an IPv4 agent, 40 with IPv6. */
size_t sflow_datagram_header_size(const struct sflow_address *agent);
/* Returns false when B is too small or the agent family is neither AF_INET
 * nor AF_INET6. */
bool sflow_encode_datagram_header(struct xdr_buf *b, const struct sflow_datagram_header *h);

#endif
