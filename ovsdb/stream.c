/* stream: non-blocking unix/tcp connections. See stream.h. */
#include <config.h>

#include "ovsdb/stream.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/poll_loop.h"
#include "common/util.h"

/* Parses "tcp:" remainder ADDR:PORT or [ADDR]:PORT into SS. */
static bool
stream_parse_tcp(const char *spec, struct sockaddr_storage *ss, socklen_t *len,
                 const char **error)
{
    char host[INET6_ADDRSTRLEN + 2];
    const char *port;

    if (spec[0] == '[') {
        const char *end = strchr(spec, ']');
        if (!end || end[1] != ':' || (size_t) (end - spec - 1) >= sizeof host) {
            *error = "bad [IPv6]:PORT in tcp remote";
            return false;
        }
        memcpy(host, spec + 1, (size_t) (end - spec - 1));
        host[end - spec - 1] = '\0';
        port = end + 2;
    } else {
        const char *colon = strrchr(spec, ':');
        if (!colon || (size_t) (colon - spec) >= sizeof host) {
            *error = "tcp remote needs IP:PORT";
            return false;
        }
        memcpy(host, spec, (size_t) (colon - spec));
        host[colon - spec] = '\0';
        port = colon + 1;
    }
    unsigned long long p;
    if (!str_to_uint(port, 1, 65535, &p)) {
        *error = "bad port in tcp remote";
        return false;
    }
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *sin = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;
    if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons((uint16_t) p);
        *len = sizeof *sin;
    } else if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t) p);
        *len = sizeof *sin6;
    } else {
        *error = "tcp remote needs a numeric IPv4 or IPv6 address";
        return false;
    }
    return true;
}

static bool
stream_parse(const char *remote, struct sockaddr_storage *ss, socklen_t *len,
             const char **error)
{
    if (!strncmp(remote, "unix:", 5)) {
        struct sockaddr_un *sun = (struct sockaddr_un *) ss;
        const char *path = remote + 5;
        if (!path[0] || strlen(path) >= sizeof sun->sun_path) {
            *error = "unix socket path empty or too long";
            return false;
        }
        memset(ss, 0, sizeof *ss);
        sun->sun_family = AF_UNIX;
        memcpy(sun->sun_path, path, strlen(path) + 1);
        *len = sizeof *sun;
        return true;
    }
    if (!strncmp(remote, "tcp:", 4)) {
        return stream_parse_tcp(remote + 4, ss, len, error);
    }
    *error = "remote must be unix:PATH or tcp:IP:PORT";
    return false;
}

bool
ovsdb_stream_check_remote(const char *remote, const char **error)
{
    struct sockaddr_storage ss;
    socklen_t len;
    return stream_parse(remote, &ss, &len, error);
}

int
ovsdb_stream_open(const char *remote, struct ovsdb_stream **sp)
{
    struct sockaddr_storage ss;
    socklen_t len;
    const char *error;

    *sp = NULL;
    if (!stream_parse(remote, &ss, &len, &error)) {
        return EINVAL;
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return errno;
    }
    if (ss.ss_family != AF_UNIX) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    bool connected = true;
    if (connect(fd, (struct sockaddr *) &ss, len) < 0) {
        /* A unix socket whose backlog is full fails with EAGAIN and
         * never completes: that is a failed attempt, retried later. */
        if (errno != EINPROGRESS && (errno != EAGAIN || ss.ss_family == AF_UNIX)) {
            int err = errno;
            close(fd);
            return err;
        }
        connected = false;
    }
    struct ovsdb_stream *s = xzalloc(sizeof *s);
    s->fd = fd;
    s->connected = connected;
    s->name = xstrdup(remote);
    *sp = s;
    return 0;
}

void
ovsdb_stream_close(struct ovsdb_stream *s)
{
    if (s) {
        close(s->fd);
        free(s->tx);
        free(s->name);
        free(s);
    }
}

int
ovsdb_stream_connect(struct ovsdb_stream *s)
{
    if (s->connected) {
        return 0;
    }
    struct pollfd pfd = { .fd = s->fd, .events = POLLOUT };
    int n = poll(&pfd, 1, 0);
    if (n < 0) {
        return errno == EINTR ? EAGAIN : errno;
    }
    if (n == 0) {
        return EAGAIN;
    }
    int err = 0;
    socklen_t elen = sizeof err;
    if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0) {
        return errno;
    }
    if (err) {
        return err;
    }
    s->connected = true;
    return 0;
}

int
ovsdb_stream_flush(struct ovsdb_stream *s)
{
    if (!s->connected) {
        return 0;
    }
    size_t off = 0;
    while (off < s->tx_len) {
        ssize_t n = send(s->fd, s->tx + off, s->tx_len - off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                break;
            }
            return errno;
        }
        off += (size_t) n;
    }
    if (off) {
        memmove(s->tx, s->tx + off, s->tx_len - off);
        s->tx_len -= off;
    }
    if (!s->tx_len && s->tx_cap > OVSDB_STREAM_KEEP_BYTES) {
        /* A large message went out (a transaction on thousands of rows):
         * do not hold its buffer for good. */
        free(s->tx);
        s->tx = NULL;
        s->tx_cap = 0;
    }
    return 0;
}

int
ovsdb_stream_send(struct ovsdb_stream *s, const char *data, size_t n)
{
    if (s->tx_max && s->tx_len + n > s->tx_max) {
        return ENOBUFS;
    }
    if (s->tx_len + n > s->tx_cap) {
        size_t cap = s->tx_cap ? s->tx_cap : 4096;
        while (cap < s->tx_len + n) {
            cap *= 2;
        }
        s->tx = xrealloc(s->tx, cap);
        s->tx_cap = cap;
    }
    memcpy(s->tx + s->tx_len, data, n);
    s->tx_len += n;
    return ovsdb_stream_flush(s);
}

ssize_t
ovsdb_stream_recv(struct ovsdb_stream *s, char *buf, size_t n)
{
    if (!s->connected) {
        return -EAGAIN;
    }
    for (;;) {
        ssize_t r = recv(s->fd, buf, n, 0);
        if (r >= 0) {
            return r;
        }
        if (errno == EINTR) {
            continue;
        }
        return errno == EWOULDBLOCK ? -EAGAIN : -errno;
    }
}

void
ovsdb_stream_wait(const struct ovsdb_stream *s, struct poll_loop *loop)
{
    short events = POLLIN;
    if (!s->connected || s->tx_len) {
        events |= POLLOUT;
    }
    poll_loop_fd_wait(loop, s->fd, s->connected ? events : POLLOUT);
}
