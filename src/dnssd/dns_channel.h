/* dns_channel: the c-ares plumbing that the DNS-SD refresher and the
 * collector-name resolver share: a channel on a configured server (or on
 * resolv.conf's), its sockets serviced from the caller's poll loop without
 * blocking, and the clamped, jittered intervals between lookups.
 *
 * Ownership: the caller owns the channel dns_channel_open() makes and
 * destroys it with ares_destroy(). */
#ifndef DNS_CHANNEL_H
#define DNS_CHANNEL_H 1

#include <ares.h>
#include <stdbool.h>
#include <stdint.h>

struct poll_loop;

/* Pure: parses "ADDR", "ADDR:PORT" or "[V6ADDR]:PORT" (PORT default 53)
 * into a numeric address (ADDR_OUT, 46 bytes) and port. */
bool dns_channel_server_parse(const char *s, char addr_out[46], uint16_t *port);

/* The same, into *NODE. */
bool dns_channel_server(const char *server, struct ares_addr_port_node *node);

/* Makes *CHANNEL asking SERVER (NULL: the servers of resolv.conf). With a
 * single server a REFUSED or SERVFAIL answer goes to its own query's
 * callback instead of failing every query in flight. On failure returns
 * false with *ERR (malloc'd) and *CHANNEL NULL. */
bool dns_channel_open(ares_channel *channel, struct ares_addr_port_node *server, char **err);

/* Lets c-ares read and write the sockets that are ready and handle its own
 * timeouts. Never blocks. */
void dns_channel_process(ares_channel channel);

/* Registers CHANNEL's sockets and its next timeout (relative to NOW). */
void dns_channel_wait(ares_channel channel, struct poll_loop *loop, long long now);

/* The delay before looking again at an answer of TTL seconds: clamped to
 * [MIN_MS, MAX_MS], plus up to 10% random jitter. */
long long dns_refresh_interval(uint32_t ttl, long long min_ms, long long max_ms);

/* The delay before retrying after FAILURES (>= 1) failures in a row: MIN_MS
 * doubled each time up to MAX_MS, plus up to 10% random jitter. */
long long dns_backoff_interval(unsigned int failures, long long min_ms, long long max_ms);

#endif
