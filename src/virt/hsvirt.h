/* hsvirt: per-VM counters through libvirt.
 *
 * One struct hsvirt holds one libvirt connection (any URI: qemu:///system,
 * xen:///system, test:///path/node.xml). hsvirt_run() opens it and, after a
 * failure or a dropped connection, reopens it with capped exponential backoff;
 * hsflowd's host counters never wait for it. hsvirt_poll() reads the node and
 * every active (running or paused) domain once; a domain whose calls fail is
 * left out of that poll (logged, rate-limited) and the others go on.
 *
 * Each domain is data source 3:N, N from virt_index_assign(): a pure
 * function of the domain UUIDs, so N is the same across restarts and unique
 * among the host's domains.
 *
 * Ownership: the caller owns the struct hsvirt (hsvirt_destroy frees it and
 * closes the connection). The sample passed to EMIT, and everything it points
 * to, belongs to hsvirt and is valid only during the call. */
#ifndef HSVIRT_H
#define HSVIRT_H 1

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

#include "common/poll_loop.h"
#include "sflow/sflow.h"

struct hsvirt;

/* Does not connect: the first hsvirt_run() does. URI is copied. */
struct hsvirt *hsvirt_create(const char *uri);
void hsvirt_destroy(struct hsvirt *v);
/* refreshVMs / forgetVMs: the domain list is read again every REFRESH_MS
 * (0: at every poll; a domain found gone reads it again at the next poll),
 * and a domain that went away keeps its data source index reserved for
 * FORGET_MS (0: the default, 180 s). */
void hsvirt_set_timers(struct hsvirt *v, long long refresh_ms, long long forget_ms);
/* (Re)connects when due, with backoff; never blocks longer than one open. */
void hsvirt_run(struct hsvirt *v, long long now);
/* Registers the next reconnect deadline, if any. */
void hsvirt_wait(struct hsvirt *v, struct poll_loop *loop);
/* One polling cycle: fills *NODE (virt_node 2100 for the host source) and,
 * for each active domain, calls EMIT with a complete counters sample for data
 * source 3:N (2000, 2001, 2002 -> 2:1, 2101, 2102, 2103, 2104). Returns the
 * number of active domains (also NODE->num_domains), or -1 if not connected
 * or the domain list could not be read (NODE untouched). A connection found
 * dead here is closed and reopened by hsvirt_run() with backoff. */
int hsvirt_poll(struct hsvirt *v, long long now, struct sflow_virt_node *node,
                void (*emit)(void *aux, const struct sflow_counters_sample *s), void *aux);
/* True while a connection is open. */
bool hsvirt_is_connected(const struct hsvirt *v);
/* Writes, for an operator: the URI, the connection, guests at the last poll
 * and the errors so far. */
void hsvirt_show(const struct hsvirt *v, FILE *out);

#endif
