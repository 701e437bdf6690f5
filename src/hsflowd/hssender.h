/* hssender: sends each finished sFlow datagram to every collector over UDP
 * (one non-blocking IPv4 socket, one IPv6 socket, opened when a collector of
 * that family appears; and one socket for each collector sent through a
 * device of its own). Its hssender_emit() is the sflow_packer's emit
 * callback. A failed send is counted and logged (rate-limited); it never
 * blocks and never stops the others.
 *
 * Ownership: struct hssender owns its sockets and its copy of the collector
 * list; hssender_destroy() closes and frees them. */
#ifndef HSSENDER_H
#define HSSENDER_H 1

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/hsauto.h"
#include "sflow/sflow.h"

struct hssender_stats {
    uint64_t datagrams;             /* datagrams handed to hssender_emit() */
    uint64_t sent;                  /* sendto() calls that succeeded */
    uint64_t errors;                /* sendto() calls that failed */
};

struct hssender *hssender_create(void);
void hssender_destroy(struct hssender *s);

struct hssender_dest {          /* plain value */
    char addr[46];              /* numeric IPv4 or IPv6 */
    uint16_t port;
    char dev[16];               /* send through this device (SO_BINDTODEVICE); "" = any */
};

/* Replaces the destinations. When SOURCE is not NULL the shared sockets are
 * bound to it, so datagrams leave from the agent address; if the bind fails
 * (the address is not on this host) the kernel's choice is used and a
 * notice logged. A destination with a device gets a socket of its own bound
 * to that device (a VRF, say), with the kernel's choice of source address;
 * if the device cannot be bound (absent, no privilege) the datagrams to it
 * are not sent and a warning says why. */
void hssender_set_collectors(struct hssender *s, const struct hssender_dest *d, size_t n,
                             const struct sflow_address *source);

/* sflow_emit_fn: sends DATA to every collector. CTX is the struct hssender. */
void hssender_emit(void *ctx, const uint8_t *data, size_t len);

const struct hssender_stats *hssender_get_stats(const struct hssender *s);
/* Writes each collector with the datagrams and bytes sent to it and the
 * sends that failed, for an operator. */
void hssender_show(const struct hssender *s, FILE *out);

#endif
