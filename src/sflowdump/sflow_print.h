/* sflow_print: decoded sFlow datagrams as text (one line per record) or as
 * JSON (one object per datagram, on one line). Used by sflowdump. Keeps
 * nothing: the caller owns the decoded datagram and the output stream. */
#ifndef SFLOW_PRINT_H
#define SFLOW_PRINT_H 1

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sflow/sflow_dec.h"

/* SRC names the sender ("127.0.0.1:35000"), or NULL. */
void sflow_print_text(FILE *f, const char *src, const struct sflow_dgram *d);
void sflow_print_json(FILE *f, const char *src, const struct sflow_dgram *d);

/* A one-line summary of a sampled header (PROTOCOL is SFLOW_HEADER_*):
 * "eth 02:..:01>02:..:02 ipv4 10.0.0.1>10.0.0.2 icmp echo-request id=1 seq=2".
 * Never reads past LEN. */
void sflow_header_summary(uint32_t protocol, const uint8_t *p, size_t len,
                          char *out, size_t out_size);

#endif
