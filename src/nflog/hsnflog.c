/* hsnflog: the NFLOG socket (see hsnflog.h). The parsing and the sample
 * accounting are pure (nflog_parse.c, nflog_sampler.c); this file only
 * opens and configures the netlink socket and moves bytes.
 *
 * Set-up, in one config message so that no packet is ever logged to us
 * without a sequence number: bind the group, copy packets up to the header
 * size, number messages (NFULNL_CFG_F_SEQ | F_SEQ_GLOBAL), batch them
 * (queue threshold, buffer size, flush timeout). The receive buffer is
 * forced (SO_RCVBUFFORCE, else SO_RCVBUF) and what the kernel granted is
 * read back and logged; NETLINK_NO_ENOBUFS is off so that an overrun is
 * reported (recv() fails with ENOBUFS) and the sequence gap that follows
 * tells how many packets it cost. */
#include <config.h>

#include "nflog/hsnflog.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <limits.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_log.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "nflog/nflog_parse.h"
#include "nflog/nflog_sampler.h"
#include "common/poll_loop.h"
#include "sflow/sflow_pack.h"
#include "common/util.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define HSNFLOG_DEFAULT_RCVBUF (4u << 20)  /* bytes asked when 0 is given */
#define HSNFLOG_DEFAULT_HEADER 128u        /* header bytes when 0 is given */
#define HSNFLOG_NLBUFSIZ 65536u            /* kernel batch buffer */
#define HSNFLOG_QTHRESH 128u               /* packets per kernel batch */
#define HSNFLOG_TIMEOUT 5u                 /* batch flush, 1/100 s */
#define HSNFLOG_RECV_BUF (HSNFLOG_NLBUFSIZ * 2)
#define HSNFLOG_MAX_RECV_PER_RUN 64        /* datagrams read per run */
#define HSNFLOG_FLUSH_MS 100               /* samples wait at most this long */

/* Owns FD, SAMPLER and BUF. */
struct hsnflog {
    int fd;
    uint32_t group;
    uint32_t header_bytes;
    double probability;          /* the rule's */
    uint32_t kernel_rate;        /* round(1 / probability) */
    uint32_t sampling;           /* wanted; 0 = off */
    int rcvbuf;                  /* what the kernel granted */
    struct nflog_sampler *sampler;
    uint8_t *buf;
    long long flush_deadline;    /* LLONG_MAX: nothing waiting */
    uint64_t truncated;          /* datagrams longer than BUF */
    uint64_t invalid;            /* messages rejected by the parser */
    uint64_t dropped_by_packer;  /* samples the packer could not take */
    hsnflog_skip_fn *skip;       /* NULL: every data source is ours */
    void *skip_aux;
    uint64_t not_ours;
};

static char *
errf(const char *what, int e)
{
    return xasprintf("nflog: %s: %s", what, strerror(e));
}

/* Forces the receive buffer to BYTES and returns what the kernel granted
 * (the kernel doubles the value for its own bookkeeping). */
static int
set_rcvbuf(int fd, uint32_t bytes)
{
    int want = bytes > INT_MAX / 2 ? INT_MAX / 2 : (int) bytes;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof want) < 0) {
        int e = errno;
        if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof want) < 0) {
            log_warn("nflog: SO_RCVBUF %d: %s", want, strerror(errno));
        } else {
            log_info("nflog: SO_RCVBUFFORCE refused (%s); SO_RCVBUF is capped by "
                     "net.core.rmem_max", strerror(e));
        }
    }
    int got = 0;
    socklen_t len = sizeof got;
    if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len) < 0) {
        log_warn("nflog: reading SO_RCVBUF back: %s", strerror(errno));
        return -1;
    }
    return got;
}

/* The one config message: bind, copy mode, flags, batching. */
static size_t
build_config(uint8_t *buf, uint32_t group, uint32_t copy_range, uint32_t seq)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = (NFNL_SUBSYS_ULOG << 8) | NFULNL_MSG_CONFIG;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    nlh->nlmsg_seq = seq;
    struct nfgenmsg *nfg = mnl_nlmsg_put_extra_header(nlh, sizeof *nfg);
    nfg->nfgen_family = AF_UNSPEC;
    nfg->version = NFNETLINK_V0;
    nfg->res_id = htons((uint16_t) group);

    struct nfulnl_msg_config_cmd cmd = { .command = NFULNL_CFG_CMD_BIND };
    mnl_attr_put(nlh, NFULA_CFG_CMD, sizeof cmd, &cmd);
    struct nfulnl_msg_config_mode mode = {
        .copy_range = htonl(copy_range),
        .copy_mode = NFULNL_COPY_PACKET,
    };
    mnl_attr_put(nlh, NFULA_CFG_MODE, sizeof mode, &mode);
    mnl_attr_put_u32(nlh, NFULA_CFG_NLBUFSIZ, htonl(HSNFLOG_NLBUFSIZ));
    mnl_attr_put_u32(nlh, NFULA_CFG_TIMEOUT, htonl(HSNFLOG_TIMEOUT));
    mnl_attr_put_u32(nlh, NFULA_CFG_QTHRESH, htonl(HSNFLOG_QTHRESH));
    mnl_attr_put_u16(nlh, NFULA_CFG_FLAGS, htons(NFULNL_CFG_F_SEQ | NFULNL_CFG_F_SEQ_GLOBAL));
    return nlh->nlmsg_len;
}

/* Sends the config and reads its answer, which the kernel queues before
 * send() returns. Returns 0 or a positive errno. */
static int
configure(struct hsnflog *n, uint32_t copy_range)
{
    /* The socket has its own port id, so any number tells our answer. */
    uint8_t req[256];
    uint32_t seq = 1;
    size_t len = build_config(req, n->group, copy_range, seq);
    if (send(n->fd, req, len, 0) < 0) {
        return errno;
    }
    for (int tries = 0; tries < 1000; tries++) {
        ssize_t r = recv(n->fd, n->buf, HSNFLOG_RECV_BUF, MSG_DONTWAIT);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno == EAGAIN ? ETIMEDOUT : errno;
        }
        size_t off = 0;
        const uint8_t *msg;
        size_t mlen;
        const char *why;
        while (nflog_msg_next(n->buf, (size_t) r, &off, &msg, &mlen, &why)) {
            struct nflog_pkt pkt;
            int e = 0;
            uint32_t eseq = 0;
            /* Packets logged before the answer are not sampled: the
             * sequence gap they leave counts them as drops. */
            if (nflog_parse_msg(msg, mlen, &pkt, &e, &eseq, &why) == NFLOG_MSG_ERROR
                && eseq == seq) {
                return e;
            }
        }
    }
    return ETIMEDOUT;
}

/* A seed for the sampler from the kernel's random pool (the clock if that
 * fails), so that two agents do not draw the same sequence. */
static uint64_t
random_seed(void)
{
    uint64_t seed;
    if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) == (ssize_t) sizeof seed) {
        return seed;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((uint64_t) ts.tv_sec << 32) ^ (uint64_t) ts.tv_nsec ^ (uint64_t) getpid();
}

/* Hands SAMPLING to the sampler and says what the samples will report. */
static void
apply_sampling(struct hsnflog *n, uint32_t sampling)
{
    n->sampling = sampling;
    uint32_t rate = nflog_sampler_set_sampling(n->sampler, sampling);
    if (!rate) {
        log_info("nflog: group %u: sampling is 0, packet sampling off", n->group);
    } else if (rate > sampling) {
        log_notice("nflog: group %u: sampling 1-in-%u is finer than the rule's probability "
                   "%g allows; samples report 1-in-%u", n->group, sampling, n->probability,
                   rate);
    } else if (rate > n->kernel_rate) {
        log_info("nflog: group %u: 1-in-%u (rule 1-in-%u, %.3g%% of its packets kept)",
                 n->group, rate, n->kernel_rate, 100.0 * n->kernel_rate / rate);
    } else {
        log_info("nflog: group %u: 1-in-%u (every packet the rule logs)", n->group, rate);
    }
}

void
hsnflog_set_skip(struct hsnflog *n, hsnflog_skip_fn *skip, void *aux)
{
    n->skip = skip;
    n->skip_aux = aux;
}

void
hsnflog_set_sampling(struct hsnflog *n, uint32_t sampling)
{
    if (n->sampling != sampling) {
        apply_sampling(n, sampling);
    }
}

struct hsnflog *
hsnflog_create(uint32_t group, double probability, uint32_t sampling, uint32_t header_bytes,
               uint32_t rcvbuf, char **err)
{
    *err = NULL;
    if (group > UINT16_MAX) {
        *err = xasprintf("nflog: group %u out of range (0-65535)", group);
        return NULL;
    }
    uint32_t rate = nflog_rate_from_probability(probability);
    if (!rate) {
        *err = xasprintf("nflog: probability %g out of range (0, 1]", probability);
        return NULL;
    }
    if (header_bytes == 0) {
        header_bytes = HSNFLOG_DEFAULT_HEADER;
    } else if (header_bytes > SFLOW_MAX_HEADER) {
        header_bytes = SFLOW_MAX_HEADER;
    }

    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_NETFILTER);
    if (fd < 0) {
        *err = errf("netlink socket", errno);
        return NULL;
    }
    struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
    if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
        *err = errf("netlink bind", errno);
        close(fd);
        return NULL;
    }
    int off = 0;
    if (setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &off, sizeof off) < 0) {
        log_warn("nflog: NETLINK_NO_ENOBUFS off: %s", strerror(errno));
    }
    uint32_t want = rcvbuf ? rcvbuf : HSNFLOG_DEFAULT_RCVBUF;
    int got = set_rcvbuf(fd, want);

    struct hsnflog *n = xzalloc(sizeof *n);
    n->fd = fd;
    n->group = group;
    n->header_bytes = header_bytes;
    n->rcvbuf = got;
    n->buf = xmalloc(HSNFLOG_RECV_BUF);
    n->flush_deadline = LLONG_MAX;

    int e = configure(n, header_bytes);
    if (e) {
        if (e == EBUSY) {
            *err = xasprintf("nflog: group %u is already bound by another process", group);
        } else {
            *err = xasprintf("nflog: binding group %u: %s", group, strerror(e));
        }
        free(n->buf);
        free(n);
        close(fd);
        return NULL;
    }
    n->probability = probability;
    n->kernel_rate = rate;
    n->sampler = nflog_sampler_create(rate);
    nflog_sampler_seed(n->sampler, random_seed());
    log_info("nflog: group %u, rule probability %g (1-in-%u), header %u bytes, receive "
             "buffer %d bytes (asked %u)", group, probability, rate, header_bytes, got, want);
    apply_sampling(n, sampling);
    if (got >= 0 && (uint32_t) got < want) {
        log_warn("nflog: the kernel granted a receive buffer of %d bytes, less than "
                 "the %u asked; bursts may overrun it", got, want);
    }
    return n;
}

void
hsnflog_destroy(struct hsnflog *n)
{
    if (!n) {
        return;
    }
    /* Closing the socket unbinds the group in the kernel. */
    close(n->fd);
    nflog_sampler_destroy(n->sampler);
    free(n->buf);
    free(n);
}

void
hsnflog_wait(struct hsnflog *n, struct poll_loop *loop)
{
    poll_loop_fd_wait(loop, n->fd, POLLIN);
    if (n->flush_deadline != LLONG_MAX) {
        poll_loop_timer_wait(loop, n->flush_deadline);
    }
}

/* Handles one datagram of LEN bytes in N->buf. */
static void
handle_datagram(struct hsnflog *n, size_t len, long long now, struct sflow_packer *p,
                uint32_t uptime_ms)
{
    size_t off = 0;
    const uint8_t *msg;
    size_t mlen;
    const char *why;
    uint8_t hdr[SFLOW_MAX_HEADER];

    while (nflog_msg_next(n->buf, len, &off, &msg, &mlen, &why)) {
        struct nflog_pkt pkt;
        int e = 0;
        uint32_t eseq = 0;
        switch (nflog_parse_msg(msg, mlen, &pkt, &e, &eseq, &why)) {
        case NFLOG_MSG_PACKET: {
            struct sflow_flow_sample fs;
            struct sflow_flow_rec rec;
            if (nflog_sampler_build(n->sampler, &pkt, hdr, n->header_bytes, &fs, &rec)) {
                if (n->skip && n->skip(n->skip_aux, fs.ds_index)) {
                    n->not_ours++;
                    break;
                }
                if (!sflow_packer_add_flow(p, &fs, uptime_ms)) {
                    n->dropped_by_packer++;
                }
                if (n->flush_deadline == LLONG_MAX) {
                    n->flush_deadline = now + HSNFLOG_FLUSH_MS;
                }
            }
            break;
        }
        case NFLOG_MSG_ERROR:
            if (e) {
                LOG_RL(LOG_WARNING, "nflog: group %u: kernel error %s", n->group,
                       strerror(e));
            }
            break;
        case NFLOG_MSG_OVERRUN:
            nflog_sampler_overrun(n->sampler);
            break;
        case NFLOG_MSG_DONE:
            break;
        case NFLOG_MSG_INVALID:
            n->invalid++;
            LOG_RL(LOG_WARNING, "nflog: group %u: message dropped: %s", n->group, why);
            break;
        }
    }
    if (why) {
        n->invalid++;
        LOG_RL(LOG_WARNING, "nflog: group %u: rest of datagram dropped: %s", n->group, why);
    }
}

void
hsnflog_run(struct hsnflog *n, long long now, struct sflow_packer *p, uint32_t uptime_ms)
{
    for (int i = 0; i < HSNFLOG_MAX_RECV_PER_RUN; i++) {
        ssize_t r = recv(n->fd, n->buf, HSNFLOG_RECV_BUF, MSG_DONTWAIT | MSG_TRUNC);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == ENOBUFS) {
                /* The kernel dropped batches for want of room; the next
                 * sequence number tells how many packets. */
                nflog_sampler_overrun(n->sampler);
                LOG_RL(LOG_WARNING, "nflog: group %u: receive buffer overrun (%d bytes); "
                       "lost packets are counted as drops", n->group, n->rcvbuf);
                continue;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                LOG_RL(LOG_ERR, "nflog: group %u: recv: %s", n->group, strerror(errno));
            }
            break;
        }
        size_t len = (size_t) r;
        if (len > HSNFLOG_RECV_BUF) {
            n->truncated++;
            LOG_RL(LOG_WARNING, "nflog: group %u: %zu-byte datagram cut to %u bytes",
                   n->group, len, HSNFLOG_RECV_BUF);
            len = HSNFLOG_RECV_BUF;
        }
        handle_datagram(n, len, now, p, uptime_ms);
    }
    if (now >= n->flush_deadline) {
        sflow_packer_flush(p, uptime_ms);
        n->flush_deadline = LLONG_MAX;
    }
}

void
hsnflog_get_stats(const struct hsnflog *n, struct hsnflog_stats *out)
{
    const struct nflog_sampler_stats *s = nflog_sampler_get_stats(n->sampler);
    memset(out, 0, sizeof *out);
    out->packets = s->packets;
    out->samples = s->samples;
    out->skipped = s->skipped;
    out->lost = s->lost;
    out->overruns = s->overruns;
    out->invalid = n->invalid + s->unsampleable;
    out->truncated = n->truncated;
    out->packer_drops = n->dropped_by_packer;
    out->not_ours = n->not_ours;
    out->rcvbuf = n->rcvbuf;
    out->rule_rate = n->kernel_rate;
    out->rate = nflog_sampler_get_rate(n->sampler);
}
