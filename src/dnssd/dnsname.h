/* dnsname: keeps a set of host names (collectors given by name) resolved to
 * their IPv4 and IPv6 addresses, through c-ares in the caller's poll loop.
 *
 * Each name is looked up (the hosts file, then A and AAAA) at once, then again after the
 * smallest TTL of its answers, clamped to [DNSNAME_MIN_REFRESH_MS,
 * DNSNAME_MAX_REFRESH_MS] plus random jitter. A lookup that fails (timeout,
 * SERVFAIL, NXDOMAIN, no address) keeps the name's last good addresses and
 * is retried with capped exponential backoff. The server is the one given
 * ("ADDR", "ADDR:PORT", "[V6ADDR]:PORT"), else resolv.conf's; a fresh
 * channel is made for each round of lookups, so resolv.conf changes are
 * picked up.
 *
 * Each name is a small machine:
 *   IDLE ----- due: lookup sent ----------------> QUERYING
 *   QUERYING - answered with some address ------> IDLE (published; next at the TTL)
 *   QUERYING - no address, failed, timed out ---> IDLE (last good kept; backoff)
 *
 * Ownership: the caller owns the struct dnsname (dnsname_destroy frees it
 * and cancels what is in flight); it copies the names it is given. */
#ifndef DNSNAME_H
#define DNSNAME_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct poll_loop;

#define DNSNAME_MAX_NAMES 64
#define DNSNAME_MAX_ADDRS 16
#define DNSNAME_MIN_REFRESH_MS (10 * 1000LL)
#define DNSNAME_MAX_REFRESH_MS (3600 * 1000LL)
#define DNSNAME_BACKOFF_MIN_MS (5 * 1000LL)
#define DNSNAME_BACKOFF_MAX_MS (300 * 1000LL)

/* NULL (with a logged reason) if SERVER is malformed. SERVER NULL = the
 * servers of resolv.conf. */
struct dnsname *dnsname_create(const char *server);
void dnsname_destroy(struct dnsname *r);

/* The names to keep resolved (at most DNSNAME_MAX_NAMES; compared without
 * regard to case). Names already known keep their addresses and timers;
 * new ones are looked up at the next dnsname_run(). */
void dnsname_set(struct dnsname *r, const char *const *names, size_t n);

void dnsname_run(struct dnsname *r, long long now);
void dnsname_wait(struct dnsname *r, struct poll_loop *loop);

/* The last good addresses of NAME (numeric, as text) in *ADDRS; returns how
 * many (0: none yet, or not a name of the set). Valid until the next
 * dnsname_run() or dnsname_set(). */
size_t dnsname_lookup(const struct dnsname *r, const char *name, const char (**addrs)[46]);

/* Increases whenever the addresses of some name change. */
uint64_t dnsname_generation(const struct dnsname *r);

/* True once every name has been looked up at least once (with or without
 * success). */
bool dnsname_settled(const struct dnsname *r);

/* Why the last lookup of NAME failed, or NULL (it succeeded, or none yet). */
const char *dnsname_error(const struct dnsname *r, const char *name);

#endif
