/* hssender: UDP to every collector. See hssender.h. */
#include <config.h>

#include "hsflowd/hssender.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"

struct dest {
    struct sockaddr_storage ss;
    socklen_t len;
    int fd;                         /* its own socket (dev given), or -1: shared */
    bool own;                       /* dev given: FD is this destination's */
    char text[46 + 8 + 20];
    uint64_t sent, bytes, errors;   /* kept across a new list for the same text */
    int last_errno;                 /* of the last failed send, 0 = none */
};

struct hssender {
    int fd4, fd6;                   /* -1 until needed */
    struct dest *dests;
    size_t n_dests;
    struct sflow_address source;    /* family 0 = unbound */
    struct hssender_stats stats;
};

struct hssender *
hssender_create(void)
{
    struct hssender *s = xzalloc(sizeof *s);
    s->fd4 = s->fd6 = -1;
    return s;
}

static void
close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

static void
close_dests(struct hssender *s)
{
    for (size_t i = 0; i < s->n_dests; i++) {
        close_fd(&s->dests[i].fd);
    }
    free(s->dests);
    s->dests = NULL;
    s->n_dests = 0;
}

void
hssender_destroy(struct hssender *s)
{
    if (s) {
        close_fd(&s->fd4);
        close_fd(&s->fd6);
        close_dests(s);
        free(s);
    }
}

static int
open_socket(int family, const struct sflow_address *source)
{
    int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        log_warn("cannot open an %s UDP socket: %s", family == AF_INET ? "IPv4" : "IPv6",
                 strerror(errno));
        return -1;
    }
    if (family == AF_INET6) {
        int on = 1;
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    }
    if (source && source->family == family) {
        struct sockaddr_storage ss;
        socklen_t len;
        memset(&ss, 0, sizeof ss);
        if (family == AF_INET) {
            struct sockaddr_in *sin = (struct sockaddr_in *) &ss;
            sin->sin_family = AF_INET;
            memcpy(&sin->sin_addr, source->bytes, 4);
            len = sizeof *sin;
        } else {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
            sin6->sin6_family = AF_INET6;
            memcpy(&sin6->sin6_addr, source->bytes, 16);
            len = sizeof *sin6;
        }
        if (bind(fd, (struct sockaddr *) &ss, len) < 0) {
            char text[46];
            inet_ntop(family, source->bytes, text, sizeof text);
            log_notice("cannot send from the agent address %s (%s); the kernel picks the "
                       "source address", text, strerror(errno));
        }
    }
    return fd;
}

/* A socket of FAMILY that sends through device DEV only. */
static int
open_dev_socket(int family, const char *dev)
{
    int fd = open_socket(family, NULL);
    if (fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, (socklen_t) strlen(dev))) {
        LOG_RL(LOG_WARNING, "cannot send through device %s: %s; its collectors get nothing",
               dev, strerror(errno));
        close_fd(&fd);
    }
    return fd;
}

void
hssender_set_collectors(struct hssender *s, const struct hssender_dest *c, size_t n,
                        const struct sflow_address *source)
{
    struct sflow_address src;
    memset(&src, 0, sizeof src);
    if (source) {
        src = *source;
    }
    if (memcmp(&src, &s->source, sizeof src)) {
        /* A new source address: reopen the sockets so they bind to it. */
        close_fd(&s->fd4);
        close_fd(&s->fd6);
        s->source = src;
    }
    struct dest *old = s->dests;
    size_t n_old = s->n_dests;
    s->n_dests = 0;
    s->dests = xcalloc(n ? n : 1, sizeof *s->dests);
    for (size_t i = 0; i < n; i++) {
        struct dest *d = &s->dests[s->n_dests];
        memset(d, 0, sizeof *d);
        d->fd = -1;
        d->own = c[i].dev[0] != '\0';
        struct sockaddr_in *sin = (struct sockaddr_in *) &d->ss;
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &d->ss;
        int family;
        if (inet_pton(AF_INET, c[i].addr, &sin->sin_addr) == 1) {
            family = sin->sin_family = AF_INET;
            sin->sin_port = htons(c[i].port);
            d->len = sizeof *sin;
        } else if (inet_pton(AF_INET6, c[i].addr, &sin6->sin6_addr) == 1) {
            family = sin6->sin6_family = AF_INET6;
            sin6->sin6_port = htons(c[i].port);
            d->len = sizeof *sin6;
        } else {
            log_warn("collector '%s' is not a numeric address; skipped", c[i].addr);
            continue;
        }
        int *shared = family == AF_INET ? &s->fd4 : &s->fd6;
        if (d->own) {
            d->fd = open_dev_socket(family, c[i].dev);
        } else if (*shared < 0) {
            *shared = open_socket(family, source);
        }
        snprintf(d->text, sizeof d->text, "%s:%u%s%s", c[i].addr, (unsigned) c[i].port,
                 d->own ? " dev " : "", c[i].dev);
        for (size_t j = 0; j < n_old; j++) {
            if (!strcmp(old[j].text, d->text)) {
                d->sent = old[j].sent;
                d->bytes = old[j].bytes;
                d->errors = old[j].errors;
                d->last_errno = old[j].last_errno;
            }
        }
        s->n_dests++;
    }
    for (size_t j = 0; j < n_old; j++) {
        close_fd(&old[j].fd);
    }
    free(old);
}

void
hssender_emit(void *ctx, const uint8_t *data, size_t len)
{
    struct hssender *s = ctx;
    s->stats.datagrams++;
    for (size_t i = 0; i < s->n_dests; i++) {
        struct dest *d = &s->dests[i];
        int fd = d->own ? d->fd : d->ss.ss_family == AF_INET ? s->fd4 : s->fd6;
        ssize_t n = fd < 0 ? -1 : sendto(fd, data, len, 0, (const struct sockaddr *) &d->ss,
                                         d->len);
        if (n == (ssize_t) len) {
            s->stats.sent++;
            d->sent++;
            d->bytes += len;
        } else {
            s->stats.errors++;
            d->errors++;
            d->last_errno = fd < 0 ? EBADF : n < 0 ? errno : EMSGSIZE;
            LOG_RL(LOG_WARNING, "sending %zu bytes to %s failed: %s", len, d->text,
                   fd < 0 ? "no socket" : n < 0 ? strerror(errno) : "short send");
        }
    }
}

const struct hssender_stats *
hssender_get_stats(const struct hssender *s)
{
    return &s->stats;
}

void
hssender_show(const struct hssender *s, FILE *out)
{
    fprintf(out, "collectors: %zu, %llu datagrams made\n", s->n_dests,
            (unsigned long long) s->stats.datagrams);
    for (size_t i = 0; i < s->n_dests; i++) {
        const struct dest *d = &s->dests[i];
        fprintf(out, "  %s: %llu datagrams, %llu bytes sent, %llu send errors%s%s\n", d->text,
                (unsigned long long) d->sent, (unsigned long long) d->bytes,
                (unsigned long long) d->errors, d->last_errno ? ", last: " : "",
                d->last_errno ? strerror(d->last_errno) : "");
    }
}
