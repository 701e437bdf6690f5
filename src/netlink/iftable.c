/* iftable: the host's interfaces from rtnetlink events. See iftable.h.
 *
 * Two sockets: EV_FD is subscribed to RTNLGRP_LINK and also carries the full
 * link dumps (so a dump's answers and the notifications arrive in the order
 * the kernel made them); STATS_FD carries the per-cycle RTM_GETSTATS dump.
 *
 * The dump state machine of EV_FD:
 *   IDLE --(start, or ENOBUFS)--> DUMPING --(NLMSG_DONE)--> IDLE
 *   DUMPING --(ENOBUFS, or NLM_F_DUMP_INTR)--> DUMPING with AGAIN set: a new
 *   dump starts when this one ends.
 * At the end of a dump, entries neither dumped nor notified since it began
 * are gone and are removed. */
#include <config.h>

#include "netlink/iftable.h"

#include <errno.h>
#include <net/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"

#define IFTABLE_RCVBUF (1 << 20)
#define IFTABLE_BUF (32u << 10)         /* the kernel's largest dump skb */
#define IFTABLE_STATS_VLEN 16           /* dump skbs per recvmmsg() */

enum iftable_dump_state { IFTABLE_IDLE, IFTABLE_DUMPING };

struct iftable {
    int ev_fd, stats_fd;
    uint32_t seq;
    enum iftable_dump_state state;
    uint32_t dump_seq;
    bool dump_again;                    /* notifications lost during this dump */
    bool overrun_logged;                /* one line per overrun burst */
    bool gated, readable;               /* iftable_ready() says when to read */
    uint64_t dumps, overruns, generation;
    uint64_t burst_overruns;            /* since the overrun was logged */
    bool check_sysfs_parent;            /* kernel older than 5.15 */
    iftable_speed_fn *speed_fn;
    void *speed_aux;
    struct iftable_entry *e;            /* ordered by ifindex */
    size_t n, cap;
    uint8_t *buf;                       /* IFTABLE_BUF */
    uint8_t *sbuf;                      /* IFTABLE_STATS_VLEN * IFTABLE_BUF */
};

static int
open_route_socket(uint32_t groups, int rcvbuf)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
        return -1;
    }
    if (rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0) {
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    }
    struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = groups };
    if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* Sends a dump request of TYPE with a FAMILY-only body of BODY_LEN bytes
 * (ifinfomsg or if_stats_msg, whose first byte is the family), the stats
 * filter at FILTER_OFF when nonzero. */
static bool
send_dump(int fd, uint16_t type, size_t body_len, size_t filter_off, uint32_t filter,
          uint32_t seq)
{
    struct {
        struct nlmsghdr h;
        uint8_t body[16];
    } req;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_len = (uint32_t) (sizeof req.h + body_len);
    req.h.nlmsg_type = type;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.h.nlmsg_seq = seq;
    req.body[0] = AF_UNSPEC;
    if (filter_off) {
        memcpy(req.body + filter_off, &filter, sizeof filter);
    }
    struct sockaddr_nl to = { .nl_family = AF_NETLINK };
    ssize_t r;
    do {
        r = sendto(fd, &req, req.h.nlmsg_len, 0, (struct sockaddr *) &to, sizeof to);
    } while (r < 0 && errno == EINTR);
    return r == (ssize_t) req.h.nlmsg_len;
}

static bool
kernel_before_5_15(void)
{
    struct utsname u;
    unsigned major = 0, minor = 0;
    if (uname(&u) < 0 || sscanf(u.release, "%u.%u", &major, &minor) != 2) {
        return true;
    }
    return major < 5 || (major == 5 && minor < 15);
}

enum iftable_kind
iftable_classify(const struct rtlink_info *link, bool has_parent)
{
    return has_parent ? IFTABLE_NIC
           : !strcmp(link->kind, "bridge") ? IFTABLE_BRIDGE
           : !strcmp(link->kind, "bond") ? IFTABLE_BOND
           : IFTABLE_VIRTUAL;
}

/* ---- the table ---------------------------------------------------------- */

/* The position of IFINDEX, or where it would go (*FOUND false). */
static size_t
find_pos(const struct iftable *t, uint32_t ifindex, bool *found)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->e[mid].link.ifindex < ifindex) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    *found = lo < t->n && t->e[lo].link.ifindex == ifindex;
    return lo;
}

static void
remove_at(struct iftable *t, size_t i)
{
    memmove(&t->e[i], &t->e[i + 1], (t->n - i - 1) * sizeof *t->e);
    t->n--;
    t->generation++;
}

static void
link_deleted(struct iftable *t, uint32_t ifindex)
{
    bool found;
    size_t i = find_pos(t, ifindex, &found);
    if (found) {
        log_debug("iftable: %s (%u) removed", t->e[i].link.name, ifindex);
        remove_at(t, i);
    }
}

static bool
sysfs_has_device(const char *name)
{
    char path[64 + RTLINK_NAME_MAX];
    snprintf(path, sizeof path, "/sys/class/net/%s/device", name);
    return access(path, F_OK) == 0;
}

static void
link_new(struct iftable *t, const struct rtlink_info *link)
{
    if (link->type == ARPHRD_LOOPBACK || (link->flags & IFF_LOOPBACK)) {
        return;
    }
    bool found;
    size_t i = find_pos(t, link->ifindex, &found);
    struct iftable_entry *old = found ? &t->e[i] : NULL;
    bool has_parent = link->has_parent;
    if (!has_parent && t->check_sysfs_parent) {
        has_parent = old && !strcmp(old->link.name, link->name) ? old->kind == IFTABLE_NIC
                                                                  : sysfs_has_device(link->name);
    }
    struct iftable_entry ne;
    memset(&ne, 0, sizeof ne);
    ne.link = *link;
    ne.kind = iftable_classify(link, has_parent);
    ne.mark = t->dumps;
    if (old) {
        ne.have_stats = old->have_stats;
        ne.stats = old->stats;
        ne.speed = old->speed;
        ne.duplex = old->duplex;
    }
    /* Speed and duplex change with the link's state: read them again when
     * it or the name changes, for the interfaces that report counters. */
    if (ne.kind != IFTABLE_VIRTUAL && t->speed_fn
        && (!old || old->kind != ne.kind || old->link.flags != link->flags
            || old->link.operstate != link->operstate || strcmp(old->link.name, link->name))) {
        t->speed_fn(t->speed_aux, link->name, &ne.speed, &ne.duplex);
    }
    if (old) {
        if (memcmp(&old->link, &ne.link, sizeof ne.link) || old->kind != ne.kind
            || old->speed != ne.speed || old->duplex != ne.duplex) {
            t->generation++;
        }
        *old = ne;
        return;
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->e = xreallocarray(t->e, t->cap, sizeof *t->e);
    }
    memmove(&t->e[i + 1], &t->e[i], (t->n - i) * sizeof *t->e);
    t->e[i] = ne;
    t->n++;
    t->generation++;
    log_debug("iftable: %s (%u) added", link->name, link->ifindex);
}

/* ---- the notification socket -------------------------------------------- */

static void
dump_start(struct iftable *t)
{
    t->dump_seq = ++t->seq;
    t->dumps++;
    t->dump_again = false;
    if (send_dump(t->ev_fd, RTM_GETLINK, sizeof(struct ifinfomsg), 0, 0, t->dump_seq)) {
        t->state = IFTABLE_DUMPING;
    } else {
        LOG_RL(LOG_WARNING, "iftable: cannot ask for the links: %s", strerror(errno));
        t->dump_again = true;
        t->state = IFTABLE_IDLE;
    }
}

static void
dump_done(struct iftable *t)
{
    t->state = IFTABLE_IDLE;
    /* What neither the dump nor a notification since its start has seen is
     * gone. */
    for (size_t i = t->n; i-- > 0;) {
        if (t->e[i].mark != t->dumps) {
            log_debug("iftable: %s (%u) gone", t->e[i].link.name, t->e[i].link.ifindex);
            remove_at(t, i);
        }
    }
    log_debug("iftable: link dump %llu done, %zu links", (unsigned long long) t->dumps, t->n);
    if (t->dump_again) {
        dump_start(t);
    } else if (t->overrun_logged) {
        log_info("iftable: links read again after %llu overrun(s): %zu links",
                 (unsigned long long) t->burst_overruns, t->n);
        t->overrun_logged = false;
        t->burst_overruns = 0;
    }
}

static void
overrun(struct iftable *t)
{
    t->overruns++;
    t->burst_overruns++;
    if (!t->overrun_logged) {
        log_notice("iftable: link notifications lost (ENOBUFS, a burst of link changes): "
                   "reading all links again");
        t->overrun_logged = true;
    }
    if (t->state == IFTABLE_DUMPING) {
        t->dump_again = true;
    } else {
        dump_start(t);
    }
}

/* Called by each_msg() for every message of a datagram; true stops. */
typedef bool iftable_msg_fn(struct iftable *t, enum rtlink_msg_kind k,
                            const struct rtlink_msg *m, const char *why, void *aux);

/* Parses the messages of the datagram BUF[0..LEN) one by one and hands them
 * to FN until it returns true. Returns whether it did. */
static bool
each_msg(struct iftable *t, const uint8_t *buf, size_t len, iftable_msg_fn *fn, void *aux)
{
    size_t off = 0;
    const uint8_t *msg;
    size_t mlen;
    const char *why;
    struct rtlink_msg m;
    while (rtlink_next(buf, len, &off, &msg, &mlen, &why)) {
        enum rtlink_msg_kind k = rtlink_parse(msg, mlen, &m, &why);
        if (fn(t, k, &m, why, aux)) {
            return true;
        }
    }
    if (why) {
        LOG_RL(LOG_WARNING, "iftable: bad netlink datagram: %s", why);
    }
    return false;
}

/* A notification, or an answer of the link dump in progress. */
static bool
link_msg(struct iftable *t, enum rtlink_msg_kind k, const struct rtlink_msg *m, const char *why,
         void *aux)
{
    (void) aux;
    bool ours = t->state == IFTABLE_DUMPING && m->seq == t->dump_seq;
    if (ours && (m->flags & NLM_F_DUMP_INTR)) {
        t->dump_again = true;           /* links changed while dumped */
    }
    switch (k) {
    case RTLINK_MSG_NEWLINK:
        link_new(t, &m->info);
        break;
    case RTLINK_MSG_DELLINK:
        link_deleted(t, m->info.ifindex);
        break;
    case RTLINK_MSG_DONE:
        if (ours) {
            dump_done(t);
        }
        break;
    case RTLINK_MSG_ERROR:
        if (ours && m->err) {
            LOG_RL(LOG_WARNING, "iftable: link dump failed: %s", strerror(m->err));
            t->state = IFTABLE_IDLE;
            t->dump_again = true;
        }
        break;
    case RTLINK_MSG_INVALID:
        LOG_RL(LOG_WARNING, "iftable: bad link message skipped: %s", why);
        break;
    case RTLINK_MSG_STATS:
    case RTLINK_MSG_OTHER:
        break;
    }
    return false;
}

/* Reads what EV_FD holds; with BLOCK, until the dump in progress ends. */
static void
receive(struct iftable *t, bool block)
{
    for (;;) {
        if (block && t->state != IFTABLE_DUMPING) {
            return;
        }
        ssize_t r = recv(t->ev_fd, t->buf, IFTABLE_BUF, block ? 0 : MSG_DONTWAIT);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == ENOBUFS) {
                overrun(t);
                continue;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                LOG_RL(LOG_WARNING, "iftable: netlink receive: %s", strerror(errno));
            }
            return;
        }
        each_msg(t, t->buf, (size_t) r, link_msg, NULL);
    }
}

/* ---- public --------------------------------------------------------------- */

struct iftable *
iftable_create(const struct iftable_options *opts, char **err)
{
    int rcvbuf = opts && opts->rcvbuf > 0 ? opts->rcvbuf : IFTABLE_RCVBUF;
    int ev_fd = open_route_socket(RTMGRP_LINK, rcvbuf);
    int stats_fd = ev_fd >= 0 ? open_route_socket(0, 0) : -1;
    if (stats_fd < 0) {
        *err = xasprintf("rtnetlink socket: %s", strerror(errno));
        if (ev_fd >= 0) {
            close(ev_fd);
        }
        return NULL;
    }
    struct iftable *t = xzalloc(sizeof *t);
    t->ev_fd = ev_fd;
    t->stats_fd = stats_fd;
    t->speed_fn = opts ? opts->speed_fn : NULL;
    t->speed_aux = opts ? opts->speed_aux : NULL;
    t->check_sysfs_parent = kernel_before_5_15();
    t->buf = xmalloc(IFTABLE_BUF);
    dump_start(t);
    receive(t, true);
    return t;
}

void
iftable_destroy(struct iftable *t)
{
    if (t) {
        close(t->ev_fd);
        close(t->stats_fd);
        free(t->e);
        free(t->buf);
        free(t->sbuf);
        free(t);
    }
}

void
iftable_run(struct iftable *t, long long now)
{
    (void) now;
    if (!t->gated || t->readable) {
        receive(t, false);
        t->readable = false;
    }
    if (t->state == IFTABLE_IDLE && t->dump_again) {
        dump_start(t);
    }
}

void
iftable_wait(struct iftable *t, struct poll_loop *loop)
{
    poll_loop_fd_wait(loop, t->ev_fd, POLLIN);
}

void
iftable_ready(struct iftable *t, const struct poll_loop *loop)
{
    t->gated = true;
    if (poll_loop_revents(loop, t->ev_fd)) {
        t->readable = true;
    }
}

uint64_t
iftable_generation(const struct iftable *t)
{
    return t->generation;
}

size_t
iftable_count(const struct iftable *t)
{
    return t->n;
}

const struct iftable_entry *
iftable_at(const struct iftable *t, size_t i)
{
    return i < t->n ? &t->e[i] : NULL;
}

const struct iftable_entry *
iftable_find_index(const struct iftable *t, uint32_t ifindex)
{
    bool found;
    size_t i = find_pos(t, ifindex, &found);
    return found ? &t->e[i] : NULL;
}

const struct iftable_entry *
iftable_find_name(const struct iftable *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++) {
        if (!strcmp(t->e[i].link.name, name)) {
            return &t->e[i];
        }
    }
    return NULL;
}

void
iftable_counts(const struct iftable *t, uint64_t *dumps, uint64_t *overruns)
{
    *dumps = t->dumps;
    *overruns = t->overruns;
}

/* ---- counters ------------------------------------------------------------- */

/* Where a counters dump stands. */
struct iftable_stats_dump {
    uint32_t seq;
    bool failed;
    size_t hint;                        /* the entry after the last one filled */
};

/* One message of a counters dump; true at its end. */
static bool
stats_msg(struct iftable *t, enum rtlink_msg_kind k, const struct rtlink_msg *m,
          const char *why, void *aux)
{
    struct iftable_stats_dump *sd = aux;
    if (m->seq != sd->seq) {
        return false;
    }
    if (k == RTLINK_MSG_DONE) {
        return true;
    } else if (k == RTLINK_MSG_ERROR) {
        LOG_RL(LOG_WARNING, "iftable: counters dump failed: %s", strerror(m->err));
        sd->failed = true;
        return true;
    } else if (k == RTLINK_MSG_INVALID) {
        LOG_RL(LOG_WARNING, "iftable: bad counters message skipped: %s", why);
    } else if (k == RTLINK_MSG_STATS) {
        /* The dump goes by ifindex, as the table does: try the entry after
         * the last one first. */
        size_t i = sd->hint;
        bool found = i < t->n && t->e[i].link.ifindex == m->stats_ifindex;
        if (!found) {
            i = find_pos(t, m->stats_ifindex, &found);
        }
        if (found) {
            sd->hint = i + 1;
            t->e[i].stats = m->stats;
            t->e[i].have_stats = true;
        }
    }
    return false;
}

bool
iftable_read_stats(struct iftable *t)
{
    for (size_t i = 0; i < t->n; i++) {
        t->e[i].have_stats = false;
    }
    struct iftable_stats_dump sd = { .seq = ++t->seq };
    if (!send_dump(t->stats_fd, RTM_GETSTATS, sizeof(struct if_stats_msg),
                   offsetof(struct if_stats_msg, filter_mask),
                   IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64), sd.seq)) {
        LOG_RL(LOG_WARNING, "iftable: cannot ask for the interface counters: %s",
               strerror(errno));
        return false;
    }
    if (!t->sbuf) {
        t->sbuf = xmalloc((size_t) IFTABLE_STATS_VLEN * IFTABLE_BUF);
    }
    struct mmsghdr mm[IFTABLE_STATS_VLEN];
    struct iovec iov[IFTABLE_STATS_VLEN];
    for (;;) {
        for (size_t i = 0; i < IFTABLE_STATS_VLEN; i++) {
            iov[i].iov_base = t->sbuf + i * IFTABLE_BUF;
            iov[i].iov_len = IFTABLE_BUF;
            memset(&mm[i], 0, sizeof mm[i]);
            mm[i].msg_hdr.msg_iov = &iov[i];
            mm[i].msg_hdr.msg_iovlen = 1;
        }
        /* The kernel makes the next part of a dump as the last one is read,
         * so one call takes up to IFTABLE_STATS_VLEN parts. */
        int n = recvmmsg(t->stats_fd, mm, IFTABLE_STATS_VLEN, MSG_WAITFORONE, NULL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            LOG_RL(LOG_WARNING, "iftable: interface counters: %s", strerror(errno));
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (each_msg(t, iov[i].iov_base, mm[i].msg_len, stats_msg, &sd)) {
                return !sd.failed;
            }
        }
    }
}
