/* pcap_neigh: the bridges' FDB from rtnetlink. See pcap_neigh.h. */
#include <config.h>

#include "pcap/pcap_neigh.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <limits.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"

#define NEIGH_RCVBUF (4u << 20)
#define NEIGH_MAX_RECV_PER_RUN 64
#define NEIGH_BUF 8192          /* MNL_SOCKET_BUFFER_SIZE's largest: the kernel
                                 * sizes dump parts to the reader's buffer */

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

enum pcap_neigh_msg
pcap_neigh_parse(const void *buf, size_t len, struct pcap_fdb_entry *out, const char **why)
{
    *why = NULL;
    const struct nlmsghdr *nlh = msg_check(buf, len, sizeof(struct ndmsg), why);
    if (!nlh) {
        return PCAP_NEIGH_INVALID;
    }
    if (nlh->nlmsg_type != RTM_NEWNEIGH && nlh->nlmsg_type != RTM_DELNEIGH) {
        return PCAP_NEIGH_IGNORE;
    }
    const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
    if (ndm->ndm_family != AF_BRIDGE) {
        return PCAP_NEIGH_IGNORE;        /* ARP/ND neighbours share the group */
    }
    const struct nlattr *tb[NDA_MAX + 1];
    memset(tb, 0, sizeof tb);
    if (!attrs_complete(nlh, sizeof *ndm)
        || mnl_attr_parse(nlh, sizeof *ndm, neigh_attr_cb, tb) != MNL_CB_OK) {
        *why = "neighbour attributes malformed";
        return PCAP_NEIGH_INVALID;
    }
    if (!tb[NDA_MASTER] || !tb[NDA_LLADDR]) {
        return PCAP_NEIGH_IGNORE;        /* a device's own entry, not a bridge's */
    }
    if (mnl_attr_validate(tb[NDA_MASTER], MNL_TYPE_U32) < 0
        || mnl_attr_get_payload_len(tb[NDA_LLADDR]) != 6 || ndm->ndm_ifindex <= 0) {
        *why = "FDB entry malformed";
        return PCAP_NEIGH_INVALID;
    }
    memset(out, 0, sizeof *out);
    out->bridge = mnl_attr_get_u32(tb[NDA_MASTER]);
    out->port = (uint32_t) ndm->ndm_ifindex;
    memcpy(out->mac, mnl_attr_get_payload(tb[NDA_LLADDR]), 6);
    out->local = (ndm->ndm_state & NUD_PERMANENT) != 0;
    return nlh->nlmsg_type == RTM_NEWNEIGH ? PCAP_NEIGH_NEW : PCAP_NEIGH_DEL;
}

const void *
pcap_neigh_next(const uint8_t *buf, size_t len, size_t *off, size_t *mlen, const char **why)
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

/* ---- the socket and the table ------------------------------------------- */

enum neigh_state { NEIGH_IDLE, NEIGH_DUMPING };

/* Owns NL and FDB. */
struct pcap_neigh {
    struct mnl_socket *nl;
    uint32_t portid;
    enum neigh_state state;
    bool overrun_logged;        /* one line per overrun burst */
    uint32_t dump_seq;
    uint32_t mark;              /* generation of the dump in progress */
    long long next_dump;
    struct pcap_fdb *fdb;
    uint64_t overruns;          /* in the burst not yet read again */
    uint8_t buf[NEIGH_BUF] __attribute__((aligned(8)));
};

static void
start_dump(struct pcap_neigh *n, long long now)
{
    uint8_t req[128];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
    nlh->nlmsg_type = RTM_GETNEIGH;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = ++n->dump_seq;
    struct ndmsg *ndm = mnl_nlmsg_put_extra_header(nlh, sizeof *ndm);
    ndm->ndm_family = AF_BRIDGE;
    n->mark++;
    if (mnl_socket_sendto(n->nl, nlh, nlh->nlmsg_len) < 0) {
        LOG_RL(LOG_WARNING, "pcap: FDB dump request: %s", strerror(errno));
        n->state = NEIGH_IDLE;
        n->next_dump = now + PCAP_NEIGH_RETRY_MS;
        return;
    }
    n->state = NEIGH_DUMPING;
}

/* The dump answered with NLMSG_DONE: what it did not hold is gone. */
static void
dump_done(struct pcap_neigh *n, long long now)
{
    size_t left = pcap_fdb_sweep(n->fdb, n->mark);
    n->state = NEIGH_IDLE;
    n->next_dump = now + PCAP_NEIGH_REFRESH_MS;
    if (n->overrun_logged) {
        log_info("pcap: FDB read again after %llu overrun(s): %zu entries",
                 (unsigned long long) n->overruns, left);
        n->overrun_logged = false;
        n->overruns = 0;
    }
}

static void
handle_msg(struct pcap_neigh *n, const struct nlmsghdr *nlh, long long now)
{
    const char *why = NULL;
    bool ours = nlh->nlmsg_pid == n->portid && nlh->nlmsg_seq == n->dump_seq
                && n->state == NEIGH_DUMPING;
    switch (nlh->nlmsg_type) {
    case NLMSG_DONE:
        if (ours) {
            dump_done(n, now);
        }
        return;
    case NLMSG_ERROR:
        if (ours) {
            LOG_RL(LOG_WARNING, "pcap: FDB dump refused; retrying");
            n->state = NEIGH_IDLE;
            n->next_dump = now + PCAP_NEIGH_RETRY_MS;
        }
        return;
    case RTM_NEWNEIGH:
    case RTM_DELNEIGH: {
        struct pcap_fdb_entry e;
        enum pcap_neigh_msg m = pcap_neigh_parse(nlh, nlh->nlmsg_len, &e, &why);
        if (m == PCAP_NEIGH_NEW && !pcap_fdb_put(n->fdb, &e, n->mark)) {
            LOG_RL(LOG_WARNING, "pcap: FDB table full (%u entries)", PCAP_FDB_MAX);
        } else if (m == PCAP_NEIGH_DEL) {
            pcap_fdb_del(n->fdb, e.bridge, e.mac);
        }
        break;
    }
    default:
        return;
    }
    if (why) {
        LOG_RL(LOG_WARNING, "pcap: rtnetlink message dropped: %s", why);
    }
}

struct pcap_neigh *
pcap_neigh_create(long long now, char **err)
{
    *err = NULL;
    struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (!nl) {
        *err = xasprintf("pcap: rtnetlink socket: %s", strerror(errno));
        return NULL;
    }
    if (mnl_socket_bind(nl, 1u << (RTNLGRP_NEIGH - 1), MNL_SOCKET_AUTOPID) < 0) {
        *err = xasprintf("pcap: rtnetlink bind: %s", strerror(errno));
        mnl_socket_close(nl);
        return NULL;
    }
    int fd = mnl_socket_get_fd(nl);
    int want = (int) NEIGH_RCVBUF;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof want) < 0) {
        (void) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof want);
    }
    struct pcap_neigh *n = xzalloc(sizeof *n);
    n->nl = nl;
    n->portid = mnl_socket_get_portid(nl);
    n->fdb = pcap_fdb_create();
    start_dump(n, now);
    return n;
}

void
pcap_neigh_run(struct pcap_neigh *n, long long now)
{
    for (int i = 0; i < NEIGH_MAX_RECV_PER_RUN; i++) {
        ssize_t len = mnl_socket_recvfrom(n->nl, n->buf, sizeof n->buf);
        if (len < 0) {
            if (errno == ENOBUFS) {
                /* Notifications were lost: dump the FDB again at once (the
                 * answers of a dump in progress are then told apart by
                 * their old sequence number and ignored). */
                n->overruns++;
                if (!n->overrun_logged) {
                    log_warn("pcap: FDB notifications lost (ENOBUFS, a burst of changes): "
                             "reading the bridges' FDB again");
                    n->overrun_logged = true;
                }
                n->state = NEIGH_IDLE;
                n->next_dump = now;
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
        while ((nlh = pcap_neigh_next(n->buf, (size_t) len, &off, &mlen, &why))) {
            handle_msg(n, nlh, now);
        }
        if (why) {
            LOG_RL(LOG_WARNING, "pcap: rest of a rtnetlink datagram dropped: %s", why);
        }
    }
    if (n->state == NEIGH_IDLE && now >= n->next_dump) {
        start_dump(n, now);
    }
}

void
pcap_neigh_wait(struct pcap_neigh *n, struct poll_loop *loop)
{
    poll_loop_fd_wait(loop, mnl_socket_get_fd(n->nl), POLLIN);
    if (n->state == NEIGH_IDLE) {
        poll_loop_timer_wait(loop, n->next_dump);
    }
}

uint32_t
pcap_neigh_fdb_port(const struct pcap_neigh *n, uint32_t bridge, const uint8_t mac[6],
                    bool *local)
{
    const struct pcap_fdb_entry *e = pcap_fdb_get(n->fdb, bridge, mac);
    *local = e && e->local;
    return e ? e->port : 0;
}

void
pcap_neigh_forget(struct pcap_neigh *n, uint32_t ifindex)
{
    pcap_fdb_forget(n->fdb, ifindex);
}

void
pcap_neigh_destroy(struct pcap_neigh *n)
{
    if (n) {
        mnl_socket_close(n->nl);
        pcap_fdb_destroy(n->fdb);
        free(n);
    }
}
