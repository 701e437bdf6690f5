/* pcap_rtnl: links and bridge FDB from rtnetlink. See pcap_rtnl.h. */
#include <config.h>

#include "pcap/pcap_rtnl.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <limits.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"

#define RTNL_RCVBUF (4u << 20)
#define RTNL_MAX_RECV_PER_RUN 64

/* ---- parsers (pure) ----------------------------------------------------- */

/* Checks the netlink header and the fixed header of HDRLEN bytes after it. */
static const struct nlmsghdr *
msg_check(const void *buf, size_t len, size_t hdrlen, const char **why)
{
    const struct nlmsghdr *nlh = buf;
    if (len < sizeof *nlh || nlh->nlmsg_len < sizeof *nlh || nlh->nlmsg_len > len) {
        *why = "message length inconsistent";
        return NULL;
    }
    if (nlh->nlmsg_len % MNL_ALIGNTO) {
        /* The kernel pads every message; libmnl reads up to the padding. */
        *why = "message length not a multiple of 4";
        return NULL;
    }
    if (nlh->nlmsg_len < mnl_nlmsg_size(hdrlen)) {
        *why = "message shorter than its fixed header";
        return NULL;
    }
    return nlh;
}

/* Whether the attributes after the fixed header of HDRLEN bytes fill the
 * message exactly (a cut attribute is malformed, not just the end). */
static bool
attrs_complete(const struct nlmsghdr *nlh, size_t hdrlen)
{
    const char *tail = mnl_nlmsg_get_payload_tail(nlh);
    const struct nlattr *a = mnl_nlmsg_get_payload_offset(nlh, hdrlen);
    while ((const char *) a < tail && mnl_attr_ok(a, (int) (tail - (const char *) a))) {
        a = mnl_attr_next(a);
    }
    return (const char *) a >= tail;
}

/* Copies the attribute string A (NUL-terminated within its payload) into
 * DST of DSTLEN bytes; false when it is not a string that fits. */
static bool
attr_str(const struct nlattr *a, char *dst, size_t dstlen)
{
    size_t n = mnl_attr_get_payload_len(a);
    const char *s = mnl_attr_get_payload(a);
    size_t slen = strnlen(s, n);
    if (slen == n || slen == 0 || slen >= dstlen) {
        return false;
    }
    memcpy(dst, s, slen + 1);
    return true;
}

struct link_attrs {
    const struct nlattr *tb[IFLA_MAX + 1];
};

static int
link_attr_cb(const struct nlattr *a, void *data)
{
    struct link_attrs *la = data;
    uint16_t type = mnl_attr_get_type(a);
    if (type <= IFLA_MAX) {
        la->tb[type] = a;
    }
    return MNL_CB_OK;
}

static int
info_attr_cb(const struct nlattr *a, void *data)
{
    const struct nlattr **kind = data;
    if (mnl_attr_get_type(a) == IFLA_INFO_KIND) {
        *kind = a;
    }
    return MNL_CB_OK;
}

enum pcap_rtnl_msg
pcap_rtnl_parse_link(const void *buf, size_t len, struct pcap_link *out, const char **why)
{
    *why = NULL;
    const struct nlmsghdr *nlh = msg_check(buf, len, sizeof(struct ifinfomsg), why);
    if (!nlh) {
        return PCAP_RTNL_INVALID;
    }
    if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK) {
        return PCAP_RTNL_IGNORE;
    }
    const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
    memset(out, 0, sizeof *out);
    if (ifi->ifi_index <= 0) {
        *why = "link without an ifindex";
        return PCAP_RTNL_INVALID;
    }
    out->ifindex = (uint32_t) ifi->ifi_index;
    out->type = ifi->ifi_type;
    out->flags = ifi->ifi_flags;
    if (nlh->nlmsg_type == RTM_DELLINK) {
        return PCAP_RTNL_DEL;
    }
    struct link_attrs la;
    memset(&la, 0, sizeof la);
    if (!attrs_complete(nlh, sizeof *ifi)
        || mnl_attr_parse(nlh, sizeof *ifi, link_attr_cb, &la) != MNL_CB_OK) {
        *why = "link attributes malformed";
        return PCAP_RTNL_INVALID;
    }
    if (!la.tb[IFLA_IFNAME] || !attr_str(la.tb[IFLA_IFNAME], out->name, sizeof out->name)) {
        *why = "link without a valid name";
        return PCAP_RTNL_INVALID;
    }
    if (la.tb[IFLA_MASTER]) {
        if (mnl_attr_validate(la.tb[IFLA_MASTER], MNL_TYPE_U32) < 0) {
            *why = "IFLA_MASTER is not 32 bits";
            return PCAP_RTNL_INVALID;
        }
        out->master = mnl_attr_get_u32(la.tb[IFLA_MASTER]);
    }
    if (la.tb[IFLA_LINKINFO]) {
        const struct nlattr *kind = NULL;
        if (mnl_attr_validate(la.tb[IFLA_LINKINFO], MNL_TYPE_NESTED) < 0
            || mnl_attr_parse_nested(la.tb[IFLA_LINKINFO], info_attr_cb, &kind) != MNL_CB_OK
            || (kind && !attr_str(kind, out->kind, sizeof out->kind))) {
            *why = "IFLA_LINKINFO malformed";
            return PCAP_RTNL_INVALID;
        }
    }
    return PCAP_RTNL_NEW;
}

static int
neigh_attr_cb(const struct nlattr *a, void *data)
{
    const struct nlattr **tb = data;
    uint16_t type = mnl_attr_get_type(a);
    if (type <= NDA_MAX) {
        tb[type] = a;
    }
    return MNL_CB_OK;
}

enum pcap_rtnl_msg
pcap_rtnl_parse_fdb(const void *buf, size_t len, struct pcap_fdb_entry *out, const char **why)
{
    *why = NULL;
    const struct nlmsghdr *nlh = msg_check(buf, len, sizeof(struct ndmsg), why);
    if (!nlh) {
        return PCAP_RTNL_INVALID;
    }
    if (nlh->nlmsg_type != RTM_NEWNEIGH && nlh->nlmsg_type != RTM_DELNEIGH) {
        return PCAP_RTNL_IGNORE;
    }
    const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
    if (ndm->ndm_family != AF_BRIDGE) {
        return PCAP_RTNL_IGNORE;        /* ARP/ND neighbours share the group */
    }
    const struct nlattr *tb[NDA_MAX + 1];
    memset(tb, 0, sizeof tb);
    if (!attrs_complete(nlh, sizeof *ndm)
        || mnl_attr_parse(nlh, sizeof *ndm, neigh_attr_cb, tb) != MNL_CB_OK) {
        *why = "neighbour attributes malformed";
        return PCAP_RTNL_INVALID;
    }
    if (!tb[NDA_MASTER] || !tb[NDA_LLADDR]) {
        return PCAP_RTNL_IGNORE;        /* a device's own entry, not a bridge's */
    }
    if (mnl_attr_validate(tb[NDA_MASTER], MNL_TYPE_U32) < 0
        || mnl_attr_get_payload_len(tb[NDA_LLADDR]) != 6 || ndm->ndm_ifindex <= 0) {
        *why = "FDB entry malformed";
        return PCAP_RTNL_INVALID;
    }
    memset(out, 0, sizeof *out);
    out->bridge = mnl_attr_get_u32(tb[NDA_MASTER]);
    out->port = (uint32_t) ndm->ndm_ifindex;
    memcpy(out->mac, mnl_attr_get_payload(tb[NDA_LLADDR]), 6);
    out->local = (ndm->ndm_state & NUD_PERMANENT) != 0;
    return nlh->nlmsg_type == RTM_NEWNEIGH ? PCAP_RTNL_NEW : PCAP_RTNL_DEL;
}

const void *
pcap_rtnl_next(const uint8_t *buf, size_t len, size_t *off, size_t *mlen, const char **why)
{
    *why = NULL;
    if (*off >= len) {
        return NULL;
    }
    const struct nlmsghdr *nlh = (const struct nlmsghdr *) (buf + *off);
    size_t rest = len - *off;
    if (rest < sizeof *nlh || nlh->nlmsg_len < sizeof *nlh || nlh->nlmsg_len > rest) {
        *why = "message length inconsistent with the datagram";
        return NULL;
    }
    *mlen = nlh->nlmsg_len;
    size_t step = MNL_ALIGN(nlh->nlmsg_len);
    *off += step < rest ? step : rest;
    return nlh;
}

/* ---- the socket and the tables ------------------------------------------ */

enum rtnl_state { RTNL_IDLE, RTNL_DUMP_LINKS, RTNL_DUMP_FDB };

/* Owns NL, LINKS, FDB and BUF. */
struct pcap_rtnl {
    struct mnl_socket *nl;
    uint32_t portid;
    enum rtnl_state state;
    uint32_t dump_seq;
    uint32_t mark;              /* generation of the dump in progress */
    long long next_dump;
    bool ready;                 /* a link dump has completed */
    uint64_t generation;
    struct pcap_link *links;
    size_t n_links, cap_links;
    struct pcap_fdb *fdb;
    uint8_t *buf;
    struct pcap_rtnl_stats stats;
};

static struct pcap_link *
link_find(const struct pcap_rtnl *r, uint32_t ifindex)
{
    for (size_t i = 0; i < r->n_links; i++) {
        if (r->links[i].ifindex == ifindex) {
            return &r->links[i];
        }
    }
    return NULL;
}

static void
link_remove(struct pcap_rtnl *r, struct pcap_link *l)
{
    pcap_fdb_forget(r->fdb, l->ifindex);
    *l = r->links[--r->n_links];
    r->generation++;
}

static void
link_update(struct pcap_rtnl *r, const struct pcap_link *nl)
{
    struct pcap_link *l = link_find(r, nl->ifindex);
    if (!l) {
        if (r->n_links >= PCAP_RTNL_MAX_LINKS) {
            LOG_RL(LOG_WARNING, "pcap: more than %d links; %s left out", PCAP_RTNL_MAX_LINKS,
                   nl->name);
            return;
        }
        if (r->n_links == r->cap_links) {
            r->cap_links = r->cap_links ? r->cap_links * 2 : 64;
            r->links = xreallocarray(r->links, r->cap_links, sizeof *r->links);
        }
        l = &r->links[r->n_links++];
        memset(l, 0, sizeof *l);
        r->generation++;
    } else if (strcmp(l->name, nl->name) || strcmp(l->kind, nl->kind)
               || l->master != nl->master || l->type != nl->type
               || ((l->flags ^ nl->flags) & IFF_UP)) {
        r->generation++;
    }
    *l = *nl;
    l->seen = true;
}

static bool
send_dump(struct pcap_rtnl *r, uint16_t type, uint8_t family, size_t hdrlen, long long now)
{
    uint8_t req[128];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = ++r->dump_seq;
    uint8_t *h = mnl_nlmsg_put_extra_header(nlh, hdrlen);
    h[0] = family;              /* ifi_family / ndm_family come first */
    if (mnl_socket_sendto(r->nl, nlh, nlh->nlmsg_len) < 0) {
        LOG_RL(LOG_WARNING, "pcap: rtnetlink dump request: %s", strerror(errno));
        r->state = RTNL_IDLE;
        r->next_dump = now + PCAP_RTNL_RETRY_MS;
        return false;
    }
    return true;
}

static void
start_dump(struct pcap_rtnl *r, long long now)
{
    r->mark++;
    r->stats.dumps++;
    for (size_t i = 0; i < r->n_links; i++) {
        r->links[i].seen = false;
    }
    if (send_dump(r, RTM_GETLINK, AF_UNSPEC, sizeof(struct ifinfomsg), now)) {
        r->state = RTNL_DUMP_LINKS;
    }
}

/* A dump answered with NLMSG_DONE. */
static void
dump_done(struct pcap_rtnl *r, long long now)
{
    if (r->state == RTNL_DUMP_LINKS) {
        for (size_t i = 0; i < r->n_links;) {
            if (!r->links[i].seen) {
                link_remove(r, &r->links[i]);
            } else {
                i++;
            }
        }
        r->ready = true;
        if (send_dump(r, RTM_GETNEIGH, AF_BRIDGE, sizeof(struct ndmsg), now)) {
            r->state = RTNL_DUMP_FDB;
        }
    } else if (r->state == RTNL_DUMP_FDB) {
        pcap_fdb_sweep(r->fdb, r->mark);
        r->state = RTNL_IDLE;
        r->next_dump = now + PCAP_RTNL_REFRESH_MS;
    }
}

static void
handle_msg(struct pcap_rtnl *r, const struct nlmsghdr *nlh, long long now)
{
    const char *why = NULL;
    r->stats.messages++;
    bool ours = nlh->nlmsg_pid == r->portid && nlh->nlmsg_seq == r->dump_seq
                && r->state != RTNL_IDLE;
    switch (nlh->nlmsg_type) {
    case NLMSG_DONE:
        if (ours) {
            dump_done(r, now);
        }
        return;
    case NLMSG_ERROR:
        if (ours) {
            LOG_RL(LOG_WARNING, "pcap: rtnetlink dump refused; retrying");
            r->state = RTNL_IDLE;
            r->next_dump = now + PCAP_RTNL_RETRY_MS;
        }
        return;
    case RTM_NEWLINK:
    case RTM_DELLINK: {
        struct pcap_link l;
        enum pcap_rtnl_msg m = pcap_rtnl_parse_link(nlh, nlh->nlmsg_len, &l, &why);
        struct pcap_link *old = m == PCAP_RTNL_DEL ? link_find(r, l.ifindex) : NULL;
        if (m == PCAP_RTNL_NEW) {
            link_update(r, &l);
        } else if (old) {
            link_remove(r, old);
        }
        break;
    }
    case RTM_NEWNEIGH:
    case RTM_DELNEIGH: {
        struct pcap_fdb_entry e;
        enum pcap_rtnl_msg m = pcap_rtnl_parse_fdb(nlh, nlh->nlmsg_len, &e, &why);
        if (m == PCAP_RTNL_NEW && !pcap_fdb_put(r->fdb, &e, r->mark)) {
            LOG_RL(LOG_WARNING, "pcap: FDB table full (%u entries)", PCAP_FDB_MAX);
        } else if (m == PCAP_RTNL_DEL) {
            pcap_fdb_del(r->fdb, e.bridge, e.mac);
        }
        break;
    }
    default:
        return;
    }
    if (why) {
        r->stats.invalid++;
        LOG_RL(LOG_WARNING, "pcap: rtnetlink message dropped: %s", why);
    }
}

struct pcap_rtnl *
pcap_rtnl_create(long long now, char **err)
{
    *err = NULL;
    struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (!nl) {
        *err = xasprintf("pcap: rtnetlink socket: %s", strerror(errno));
        return NULL;
    }
    if (mnl_socket_bind(nl, (1u << (RTNLGRP_LINK - 1)) | (1u << (RTNLGRP_NEIGH - 1)),
                        MNL_SOCKET_AUTOPID) < 0) {
        *err = xasprintf("pcap: rtnetlink bind: %s", strerror(errno));
        mnl_socket_close(nl);
        return NULL;
    }
    int fd = mnl_socket_get_fd(nl);
    int want = (int) RTNL_RCVBUF;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof want) < 0) {
        (void) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof want);
    }
    struct pcap_rtnl *r = xzalloc(sizeof *r);
    r->nl = nl;
    r->portid = mnl_socket_get_portid(nl);
    r->fdb = pcap_fdb_create();
    r->buf = xmalloc(MNL_SOCKET_BUFFER_SIZE);
    start_dump(r, now);
    return r;
}

void
pcap_rtnl_destroy(struct pcap_rtnl *r)
{
    if (!r) {
        return;
    }
    mnl_socket_close(r->nl);
    pcap_fdb_destroy(r->fdb);
    free(r->links);
    free(r->buf);
    free(r);
}

void
pcap_rtnl_run(struct pcap_rtnl *r, long long now)
{
    for (int i = 0; i < RTNL_MAX_RECV_PER_RUN; i++) {
        ssize_t n = mnl_socket_recvfrom(r->nl, r->buf, MNL_SOCKET_BUFFER_SIZE);
        if (n < 0) {
            if (errno == ENOBUFS) {
                /* Notifications were lost: read everything again. */
                r->stats.overruns++;
                LOG_RL(LOG_WARNING, "pcap: rtnetlink notifications lost; reading the "
                       "links and the FDB again");
                r->state = RTNL_IDLE;
                r->next_dump = now;
                continue;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                LOG_RL(LOG_ERR, "pcap: rtnetlink recv: %s", strerror(errno));
            }
            break;
        }
        size_t off = 0, mlen;
        const char *why;
        const struct nlmsghdr *nlh;
        while ((nlh = pcap_rtnl_next(r->buf, (size_t) n, &off, &mlen, &why))) {
            handle_msg(r, nlh, now);
        }
        if (why) {
            r->stats.invalid++;
            LOG_RL(LOG_WARNING, "pcap: rest of a rtnetlink datagram dropped: %s", why);
        }
    }
    if (r->state == RTNL_IDLE && now >= r->next_dump) {
        start_dump(r, now);
    }
}

void
pcap_rtnl_wait(struct pcap_rtnl *r, struct poll_loop *loop)
{
    poll_loop_fd_wait(loop, mnl_socket_get_fd(r->nl), POLLIN);
    if (r->state == RTNL_IDLE) {
        poll_loop_timer_wait(loop, r->next_dump);
    }
}

uint64_t
pcap_rtnl_generation(const struct pcap_rtnl *r)
{
    return r->generation;
}

bool
pcap_rtnl_ready(const struct pcap_rtnl *r)
{
    return r->ready;
}

const struct pcap_link *
pcap_rtnl_links(const struct pcap_rtnl *r, size_t *n)
{
    *n = r->n_links;
    return r->links;
}

const struct pcap_link *
pcap_rtnl_link(const struct pcap_rtnl *r, uint32_t ifindex)
{
    return link_find(r, ifindex);
}

uint32_t
pcap_rtnl_fdb_port(const struct pcap_rtnl *r, uint32_t bridge, const uint8_t mac[6],
                   bool *local)
{
    const struct pcap_fdb_entry *e = pcap_fdb_get(r->fdb, bridge, mac);
    *local = e && e->local;
    return e ? e->port : 0;
}

void
pcap_rtnl_get_stats(const struct pcap_rtnl *r, struct pcap_rtnl_stats *out)
{
    *out = r->stats;
    out->links = r->n_links;
    out->fdb_entries = pcap_fdb_count(r->fdb);
}
