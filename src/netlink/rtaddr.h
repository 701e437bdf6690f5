/* rtaddr: the host's IPv4 and IPv6 addresses from one RTM_GETADDR dump
 * (rtaddr.c), with the name and flags of each interface that holds one.
 * Unlike getifaddrs(3), it does not dump every link: its cost follows the
 * addresses, not the number of interfaces.
 *
 * Ownership: the caller frees the array rtaddr_list() returns. */
#ifndef RTADDR_H
#define RTADDR_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netlink/rtlink.h"

struct rtaddr {                     /* plain value */
    char ifname[RTLINK_NAME_MAX];
    unsigned int flags;             /* the interface's IFF_* (IFF_UP, IFF_LOOPBACK) */
    struct rtlink_addr a;           /* ifindex, family, address */
};

struct iftable;

/* Fills *OUT (to free) with N addresses. The interfaces' names and flags
 * come from IFT when it has them (the loopback it leaves out, and every
 * interface when IFT is NULL, are asked with ioctls). False, errno set, when
 * the dump fails; an address whose interface went away meanwhile is left
 * out. */
bool rtaddr_list(const struct iftable *ift, struct rtaddr **out, size_t *n);

#endif
