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
#include "netlink/nlsock.h"

#define IFTABLE_RCVBUF (1 << 20)
#define IFTABLE_BUF NLSOCK_PART         /* the kernel's largest dump skb */

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
    uint8_t *sbuf;                      /* NLSOCK_DUMP_BUF, for nlsock_dump() */
};

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
    if (nlsock_send_dump(t->ev_fd, RTM_GETLINK, sizeof(struct ifinfomsg), 0, 0, t->dump_seq)) {
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

/* A notification, or an answer of the link dump in progress. */
static bool
link_msg(enum rtlink_msg_kind k, const struct rtlink_msg *m, const char *why, void *aux)
{
    struct iftable *t = aux;
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
    case RTLINK_MSG_NEWADDR:
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
        nlsock_each(t->buf, (size_t) r, link_msg, t);
    }
}

/* ---- public --------------------------------------------------------------- */

struct iftable *
iftable_create(const struct iftable_options *opts, char **err)
{
    int rcvbuf = opts && opts->rcvbuf > 0 ? opts->rcvbuf : IFTABLE_RCVBUF;
    int ev_fd = nlsock_open(RTMGRP_LINK, rcvbuf);
    int stats_fd = ev_fd >= 0 ? nlsock_open(0, 0) : -1;
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
    struct iftable *t;
    size_t hint;                        /* the entry after the last one filled */
};

/* One entry's counters from the dump. */
static bool
stats_msg(enum rtlink_msg_kind k, const struct rtlink_msg *m, const char *why, void *aux)
{
    struct iftable_stats_dump *sd = aux;
    struct iftable *t = sd->t;
    if (k == RTLINK_MSG_INVALID) {
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
    if (!t->sbuf) {
        t->sbuf = xmalloc(NLSOCK_DUMP_BUF);
    }
    struct iftable_stats_dump sd = { .t = t };
    const char *err = nlsock_dump(t->stats_fd, ++t->seq, RTM_GETSTATS,
                                  sizeof(struct if_stats_msg),
                                  offsetof(struct if_stats_msg, filter_mask),
                                  IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64), t->sbuf, stats_msg,
                                  &sd);
    if (err) {
        LOG_RL(LOG_WARNING, "iftable: interface counters: %s", err);
        return false;
    }
    return true;
}
