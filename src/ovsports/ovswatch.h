/* ovswatch: follows, over OVSDB, which interfaces ovs-vswitchd reports
 * itself (ovsports.h), so that hsflowd leaves them to it. A run/wait module
 * on an ovsdb session (monitor of Bridge, Port and Interface): it never
 * blocks; an OVSDB that is down is retried with backoff.
 *
 * Until OVSDB has answered once, it is not "ready": hsflowd holds back its
 * interface counters rather than send, for a few seconds, data sources
 * that ovs-vswitchd also sends. After OVSWATCH_WAIT_MS without an answer
 * it is ready with nothing owned (no OVS here, or not yet). After a
 * disconnect the last set is kept until the next answer.
 *
 * Ownership: the caller owns the struct ovswatch and frees it with
 * ovswatch_destroy(); it owns its session and the interface list. */
#ifndef OVSWATCH_H
#define OVSWATCH_H 1

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define OVSWATCH_DEFAULT_DB "unix:/var/run/openvswitch/db.sock"
#define OVSWATCH_WAIT_MS (10 * 1000LL)

struct ovswatch;
struct poll_loop;

/* REMOTE: "unix:PATH" or "tcp:IP:PORT" (NULL: OVSWATCH_DEFAULT_DB). */
struct ovswatch *ovswatch_create(const char *remote, long long now);
void ovswatch_destroy(struct ovswatch *w);
void ovswatch_run(struct ovswatch *w, long long now);
void ovswatch_wait(struct ovswatch *w, struct poll_loop *loop);

/* Changes whenever the set of interfaces left to ovs-vswitchd changes, or
 * the watch becomes ready. */
uint64_t ovswatch_generation(const struct ovswatch *w);
bool ovswatch_ready(const struct ovswatch *w);
/* Writes, for an operator (`hsflowd/show`), the OVSDB remote, whether it
 * answered, and the interfaces left to ovs-vswitchd. */
void ovswatch_show(const struct ovswatch *w, FILE *out);
/* Whether ovs-vswitchd reports interface IFINDEX (a bsearch). */
bool ovswatch_owns(const struct ovswatch *w, uint32_t ifindex);

#endif
