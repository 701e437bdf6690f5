/* hsxen: per-VM counters straight from Xen, without libvirt (XCP-ng,
 * XenServer, any dom0 with Xen 4.17's libraries): a xen { } block without a
 * URI. hsxen reads
 *
 *   libxenctrl (xen_ctl): the domains (UUID, state, CPU time, online vCPUs,
 *     current and maximum pages) and the host's physical info;
 *   libxenstore (xen_store): each domain's name and its vifs' MACs
 *     (/local/domain/<id>/name, .../device/vif/<n>/mac) and the tapdisk
 *     serving each vbd3 disk (/local/domain/0/backend/vbd3/<id>/<n>/kthread-pid);
 *   SYSROOT/proc/net/dev: vif<id>.<n>, seen from the guest (rx/tx swapped);
 *   SYSROOT/sys/bus/xen-backend/devices/vbd-<id>-<n>/statistics/: blkback;
 *   SYSROOT/dev/shm/td3-<pid>/vbd-<id>-<n>, else .../vbd3-<id>-<n>/statistics:
 *     tapdisk3 (xen_parse.h has the layouts).
 *
 * dom0 is the host (2:1, which gets virt_node); every other live domain is
 * data source 3:N, N from its UUID (virt_index with forgetVMs, as the
 * libvirt module), with
 * the records of sflow_guest. A domain whose xenstore values or statistics
 * files are malformed is left out of that poll with a log line (once per
 * distinct problem); the others go on.
 *
 * Connection state machine: BACKOFF --run or poll, due, both libraries
 * open--> CONNECTED; a failed call while CONNECTED closes both and goes back
 * to BACKOFF. Each failure, of an open or a call, doubles the wait before
 * the next attempt (1 s .. 60 s); a successful poll resets it. A failure is
 * logged once until a poll succeeds again; the host's own counters never
 * wait for Xen.
 *
 * Ownership: the caller owns struct hsxen (hsxen_destroy). The sample passed
 * to EMIT belongs to hsxen and is valid only during the call. */
#ifndef HSXEN_H
#define HSXEN_H 1

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "common/poll_loop.h"
#include "sflow/sflow.h"

#define HSXEN_BACKOFF_MIN_MS 1000
#define HSXEN_BACKOFF_MAX_MS 60000
#define HSXEN_MAX_DOMAINS 4096
#define HSXEN_DEFAULT_FORGET_MS (180 * 1000LL)    /* forgetVMs, as the older agent */

typedef void hsxen_emit_fn(void *aux, const struct sflow_counters_sample *s);

struct hsxen;
/* SYSROOT ("/" when NULL) is copied. Does not connect: hsxen_run() does. */
struct hsxen *hsxen_create(const char *sysroot);
void hsxen_destroy(struct hsxen *x);
/* forgetVMs in msec (0: the default): a vanished guest's UUID keeps its
 * place in the index assignment that long. */
void hsxen_set_forget(struct hsxen *x, long long forget_ms);
/* Connects when due (BACKOFF), otherwise nothing. */
void hsxen_run(struct hsxen *x, long long now);
void hsxen_wait(struct hsxen *x, struct poll_loop *loop);
/* One polling cycle: connects if due, fills *NODE (virt_node for 2:1) and
 * emits every guest. Returns the number of guests, or -1 when Xen could not
 * be read (no virt_node then). */
int hsxen_poll(struct hsxen *x, long long now, struct sflow_virt_node *node,
               hsxen_emit_fn *emit, void *aux);
/* For an operator (hsflowd/show): one line and the poll figures. */
void hsxen_show(const struct hsxen *x, FILE *out);

#endif
