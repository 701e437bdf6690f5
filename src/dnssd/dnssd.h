/* dnssd: sFlow settings from DNS (DNS-SD), refreshed in the background.
 *
 *   _sflow._udp.<domain> SRV  ->  collectors (each target resolved to A and
 *                                 AAAA; the port comes from the SRV record)
 *   _sflow._udp.<domain> TXT  ->  txtvers=1 sampling=N polling=N
 *                                 sampling.<x>=N polling.<x>=N headerBytes=N
 *                                 agentIP=ADDR agent=DEVICE agent.cidr=NET/LEN
 *
 * <domain> is the one given to dnssd_create(), else the resolver's first
 * search domain (/etc/resolv.conf "search"/"domain", or LOCALDOMAIN). The
 * server is the one given ("ADDR", "ADDR:PORT", "[V6ADDR]:PORT"), else
 * resolv.conf's.
 *
 * The refresher is a run/wait module driven by the caller's poll loop: c-ares
 * queries are asynchronous, their sockets are registered by dnssd_wait() and
 * serviced by dnssd_run(). It refreshes at the smallest TTL of the answers,
 * clamped to [DNSSD_MIN_REFRESH_MS, DNSSD_MAX_REFRESH_MS] plus random jitter,
 * after a random delay of 0-30 s at start. On failure it keeps the last good
 * result and retries with capped exponential backoff.
 *
 * This header is the refresher's (dnssd.c); the result type, the TXT parser
 * and the DNS message walker have their own (dnssd_result.h, dnssd_txt.h,
 * dnssd_msg.h).
 *
 * Ownership: struct dnssd is created by dnssd_create() and freed by
 * dnssd_destroy(). The result returned by dnssd_get() belongs to the struct
 * dnssd and stays valid until the next dnssd_run(). */
#ifndef DNSSD_H
#define DNSSD_H 1

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include "dnssd/dnssd_result.h"

struct poll_loop;

#define DNSSD_MIN_REFRESH_MS (10 * 1000LL)
#define DNSSD_MAX_REFRESH_MS (3600 * 1000LL)
#define DNSSD_MAX_START_DELAY_MS (30 * 1000LL)

/* Pure: parses "ADDR", "ADDR:PORT" or "[V6ADDR]:PORT" (PORT default 53) into
 * a numeric address (ADDR_OUT, 46 bytes) and port. */
bool dnssd_server_parse(const char *s, char addr_out[46], uint16_t *port);

/* Returns NULL (and logs why) if SERVER is malformed or the resolver cannot
 * be set up. DOMAIN/SERVER NULL = the resolver's. */
struct dnssd *dnssd_create(const char *domain, const char *server);  /* NULL = resolver's */
void dnssd_destroy(struct dnssd *d);
/* Delay before the first query (default: random 0-30 s, or the environment
 * variable HSFLOWD_DNSSD_START_DELAY_MS, meant for tests). Call before the
 * first dnssd_run(). */
void dnssd_set_initial_delay(struct dnssd *d, long long ms);
void dnssd_run(struct dnssd *d, long long now);
void dnssd_wait(struct dnssd *d, struct poll_loop *loop);
/* Last good result (NULL before the first success). *GENERATION increases
 * each time the result changes. */
const struct dnssd_result *dnssd_get(const struct dnssd *d, uint64_t *generation);
/* Writes, for an operator: the name asked, the server, the last good answer
 * (collectors, TTL), the next refresh and failures in a row. */
void dnssd_show(const struct dnssd *d, FILE *out, long long now);

#endif
