/* rtaddr: the host's addresses from one RTM_GETADDR dump. See rtaddr.h. */
#include <config.h>

#include "netlink/rtaddr.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/util.h"
#include "netlink/iftable.h"
#include "netlink/nlsock.h"

struct rtaddr_dump {
    struct rtaddr *a;
    size_t n;
};

static bool
addr_msg(enum rtlink_msg_kind k, const struct rtlink_msg *m, const char *why, void *aux)
{
    (void) why;
    struct rtaddr_dump *d = aux;
    if (k == RTLINK_MSG_NEWADDR) {
        d->a = xreallocarray(d->a, d->n + 1, sizeof *d->a);
        memset(&d->a[d->n], 0, sizeof d->a[d->n]);
        d->a[d->n++].a = m->addr;
    }
    return false;
}

/* Name and flags of each address's interface: from the table, else asked
 * once per interface. */
static void
name_interfaces(const struct iftable *ift, struct rtaddr_dump *d)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    size_t kept = 0;
    for (size_t i = 0; i < d->n; i++) {
        struct rtaddr *r = &d->a[i];
        const struct rtaddr *same = NULL;
        for (size_t j = 0; j < kept; j++) {
            if (d->a[j].a.ifindex == r->a.ifindex) {
                same = &d->a[j];
            }
        }
        const struct iftable_entry *e = ift ? iftable_find_index(ift, r->a.ifindex) : NULL;
        if (e) {
            memcpy(r->ifname, e->link.name, sizeof r->ifname);
            r->flags = e->link.flags;
        } else if (same) {
            memcpy(r->ifname, same->ifname, sizeof r->ifname);
            r->flags = same->flags;
        } else {
            struct ifreq ifr;
            memset(&ifr, 0, sizeof ifr);
            ifr.ifr_ifindex = (int) r->a.ifindex;
            if (s < 0 || ioctl(s, SIOCGIFNAME, &ifr) < 0) {
                continue;                       /* gone meanwhile */
            }
            memcpy(r->ifname, ifr.ifr_name, sizeof r->ifname - 1);
            r->flags = ioctl(s, SIOCGIFFLAGS, &ifr) == 0 ? (unsigned short) ifr.ifr_flags : 0;
        }
        d->a[kept++] = *r;
    }
    d->n = kept;
    if (s >= 0) {
        close(s);
    }
}

bool
rtaddr_list(const struct iftable *ift, struct rtaddr **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    int fd = nlsock_open(0, 0);
    if (fd < 0) {
        return false;
    }
    uint8_t *buf = xmalloc(NLSOCK_DUMP_BUF);
    struct rtaddr_dump d = { NULL, 0 };
    const char *err = nlsock_dump(fd, 1, RTM_GETADDR, sizeof(struct ifaddrmsg), 0, 0, buf,
                                  addr_msg, &d);
    int e = errno;
    free(buf);
    close(fd);
    if (err) {
        free(d.a);
        errno = e ? e : EIO;
        return false;
    }
    name_interfaces(ift, &d);
    *out = d.a;
    *n = d.n;
    return true;
}
