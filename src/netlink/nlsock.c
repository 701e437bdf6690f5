/* nlsock: rtnetlink sockets and dumps. See nlsock.h. */
#include <config.h>

#include "netlink/nlsock.h"

#include <errno.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"

int
nlsock_open(uint32_t groups, int rcvbuf)
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

bool
nlsock_send_dump(int fd, uint16_t type, size_t body_len, size_t filter_off, uint32_t filter,
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

bool
nlsock_each(const uint8_t *buf, size_t len, nlsock_msg_fn *fn, void *aux)
{
    size_t off = 0;
    const uint8_t *msg;
    size_t mlen;
    const char *why;
    struct rtlink_msg m;
    while (rtlink_next(buf, len, &off, &msg, &mlen, &why)) {
        enum rtlink_msg_kind k = rtlink_parse(msg, mlen, &m, &why);
        if (fn(k, &m, why, aux)) {
            return true;
        }
    }
    if (why) {
        LOG_RL(LOG_WARNING, "netlink: bad datagram: %s", why);
    }
    return false;
}

/* Where a dump stands, for dump_msg(). */
struct nlsock_dump_state {
    uint32_t seq;
    const char *err;
    bool done;
    nlsock_msg_fn *fn;
    void *aux;
};

static bool
dump_msg(enum rtlink_msg_kind k, const struct rtlink_msg *m, const char *why, void *aux)
{
    struct nlsock_dump_state *st = aux;
    if (m->seq != st->seq) {
        return false;                   /* left from an earlier dump */
    }
    if (k == RTLINK_MSG_DONE) {
        st->done = true;
    } else if (k == RTLINK_MSG_ERROR) {
        st->err = m->err ? strerror(m->err) : "error message without an error";
        st->done = true;
    } else {
        st->fn(k, m, why, st->aux);
    }
    return st->done;
}

const char *
nlsock_dump(int fd, uint32_t seq, uint16_t type, size_t body_len, size_t filter_off,
            uint32_t filter, uint8_t *buf, nlsock_msg_fn *fn, void *aux)
{
    if (!nlsock_send_dump(fd, type, body_len, filter_off, filter, seq)) {
        return strerror(errno);
    }
    struct nlsock_dump_state st = { .seq = seq, .fn = fn, .aux = aux };
    struct mmsghdr mm[NLSOCK_VLEN];
    struct iovec iov[NLSOCK_VLEN];
    while (!st.done) {
        for (size_t i = 0; i < NLSOCK_VLEN; i++) {
            iov[i].iov_base = buf + i * NLSOCK_PART;
            iov[i].iov_len = NLSOCK_PART;
            memset(&mm[i], 0, sizeof mm[i]);
            mm[i].msg_hdr.msg_iov = &iov[i];
            mm[i].msg_hdr.msg_iovlen = 1;
        }
        int n = recvmmsg(fd, mm, NLSOCK_VLEN, MSG_WAITFORONE, NULL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return strerror(errno);
        }
        for (int i = 0; i < n && !st.done; i++) {
            nlsock_each(iov[i].iov_base, mm[i].msg_len, dump_msg, &st);
        }
    }
    return st.err;
}
