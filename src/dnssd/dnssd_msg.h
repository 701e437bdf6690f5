/* dnssd_msg: the pure DNS message walker (dnssd_msg.c): checks a whole DNS
 * response and finds the smallest TTL of its answers. Keeps nothing; the
 * caller owns the message. */
#ifndef DNSSD_MSG_H
#define DNSSD_MSG_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Pure DNS message walker: checks that MSG (LEN bytes, a whole DNS response)
 * is well formed up to the end of its answer section and stores in *TTL the
 * smallest TTL (seconds) of the answers of type QTYPE (or CNAME). Returns
 * false with *ERR (malloc'd) if the message is malformed or has no such
 * answer. Never reads outside MSG[0..LEN). */
bool dnssd_msg_min_ttl(const uint8_t *msg, size_t len, uint16_t qtype, uint32_t *ttl,
                       char **err);

#endif
