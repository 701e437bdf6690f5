/* netaddr: checks and parsers for the address forms that configs, the
 * hsflowd.auto file and DNS TXT records carry: a numeric IPv4 or IPv6
 * address, ADDRESS/PREFIXLEN, a network device name. Pure functions. */
#ifndef NETADDR_H
#define NETADDR_H 1

#include <stdbool.h>
#include <stdint.h>

/* True if S is a numeric IPv4 or IPv6 address (inet_pton accepts it). */
bool netaddr_is_numeric(const char *s);

/* Parses "ADDRESS/PREFIXLEN" (IPv4 /0-32 or IPv6 /0-128). On success sets
 * *FAMILY (AF_INET or AF_INET6), NET (4 or 16 bytes used) and *PLEN; any
 * output may be NULL. */
bool netaddr_parse_cidr(const char *s, int *family, uint8_t net[16], unsigned int *plen);

/* True if S is what the kernel takes as a device name: 1-15 printable bytes,
 * no '/', ':' or space, not "." or "..". */
bool netaddr_is_ifname(const char *s);

#endif
