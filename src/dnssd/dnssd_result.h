/* dnssd_result: what one DNS-SD refresh found (dnssd_result.c): the settings
 * from the SRV and TXT records and the smallest TTL, with init, copy,
 * compare and free; and the parsers' error helper.
 *
 * Ownership: a struct dnssd_result owns everything inside it;
 * dnssd_result_destroy() frees that (not the struct itself). */
#ifndef DNSSD_RESULT_H
#define DNSSD_RESULT_H 1

#include <stdbool.h>
#include <stdint.h>

#include "common/hsauto.h"

struct dnssd_result {              /* owns everything inside */
    struct hsauto_settings settings;  /* collectors (resolved IPs + SRV port); sampling,
                                         polling, header, samplings, pollings, agent_ip,
                                         agent_dev from TXT (0/NULL = not given) */
    char *agent_cidr;              /* TXT agent.cidr, NULL = not given */
    uint32_t ttl;                  /* smallest TTL seen, seconds */
    /* Given in TXT (so that polling=0 and headerBytes=0 can be told apart
     * from "not given"). */
    bool sampling_given, polling_given, header_given;
};

void dnssd_result_init(struct dnssd_result *r);
void dnssd_result_destroy(struct dnssd_result *r);
void dnssd_result_copy(struct dnssd_result *dst, const struct dnssd_result *src);
/* Compares everything but the TTL and the settings' revision. */
bool dnssd_result_equal(const struct dnssd_result *a, const struct dnssd_result *b);

/* Sets *ERR to a malloc'd message made from FMT and returns false: how the
 * module's parsers fail. */
bool dnssd_fail(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
