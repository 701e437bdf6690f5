/* dns_channel: c-ares channels driven from the poll loop. See dns_channel.h. */
#include <config.h>

#include "dnssd/dns_channel.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "common/poll_loop.h"
#include "common/util.h"

#define DNS_QUERY_TIMEOUT_MS 1500
#define DNS_QUERY_TRIES 2

bool
dns_channel_server_parse(const char *s, char addr_out[46], uint16_t *port)
{
    char buf[64];
    const char *host = s, *port_s = NULL;
    unsigned char bin[16];
    unsigned long long p = 53;

    if (!s || !*s || strlen(s) >= sizeof buf) {
        return false;
    }
    snprintf(buf, sizeof buf, "%s", s);
    if (buf[0] == '[') {
        char *close = strchr(buf, ']');
        if (!close || (close[1] && close[1] != ':')) {
            return false;
        }
        *close = '\0';
        host = buf + 1;
        port_s = close[1] ? close + 2 : NULL;
        if (inet_pton(AF_INET6, host, bin) != 1) {
            return false;
        }
    } else {
        char *colon = strchr(buf, ':');
        host = buf;
        if (colon && !strchr(colon + 1, ':')) {
            *colon = '\0';
            port_s = colon + 1;
        }
        if (inet_pton(port_s ? AF_INET : AF_INET6, host, bin) != 1
            && inet_pton(AF_INET, host, bin) != 1) {
            return false;
        }
    }
    if (port_s && !str_to_uint(port_s, 1, 65535, &p)) {
        return false;
    }
    size_t hl = strlen(host);
    if (hl >= 46) {
        return false;
    }
    memcpy(addr_out, host, hl + 1);
    *port = (uint16_t) p;
    return true;
}

bool
dns_channel_server(const char *server, struct ares_addr_port_node *node)
{
    char addr[46];
    uint16_t port = 53;
    if (!dns_channel_server_parse(server, addr, &port)) {
        return false;
    }
    memset(node, 0, sizeof *node);
    if (inet_pton(AF_INET, addr, &node->addr.addr4) == 1) {
        node->family = AF_INET;
    } else {
        inet_pton(AF_INET6, addr, &node->addr.addr6);
        node->family = AF_INET6;
    }
    node->udp_port = node->tcp_port = port;
    return true;
}

/* c-ares makes sockets without close-on-exec. */
static int
dns_socket_cb(ares_socket_t fd, int type, void *aux)
{
    (void) type;
    (void) aux;
    int flags = fcntl(fd, F_GETFD);
    if (flags >= 0) {
        fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    }
    return 0;
}

/* How many servers CHANNEL would ask. */
static int
dns_count_servers(ares_channel channel)
{
    struct ares_addr_port_node *list = NULL;
    int n = 0;
    if (ares_get_servers_ports(channel, &list) == ARES_SUCCESS) {
        for (struct ares_addr_port_node *s = list; s; s = s->next) {
            n++;
        }
        ares_free_data(list);
    }
    return n;
}

static bool
dns_init_channel(ares_channel *channel, int flags, char **err)
{
    struct ares_options opts;
    memset(&opts, 0, sizeof opts);
    opts.timeout = DNS_QUERY_TIMEOUT_MS;
    opts.tries = DNS_QUERY_TRIES;
    opts.flags = flags;
    int rc = ares_init_options(channel, &opts,
                               ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS);
    if (rc != ARES_SUCCESS) {
        *channel = NULL;
        *err = xasprintf("resolver setup: %s", ares_strerror(rc));
        return false;
    }
    ares_set_socket_callback(*channel, dns_socket_cb, NULL);
    return true;
}

/* With a single server, ARES_FLAG_NOCHECKRESP: a REFUSED or SERVFAIL answer
 * goes to the callback of its own query. Without it c-ares drops the server
 * connection, and with it every other query in flight, to fail over to the
 * next server; with no other server to go to, one refused AAAA lookup
 * (dnsmasq refuses AAAA for a name it has only A for) would fail them all.
 * With several servers (resolv.conf) c-ares keeps failing over. */
bool
dns_channel_open(ares_channel *channel, struct ares_addr_port_node *server, char **err)
{
    if (server) {
        if (!dns_init_channel(channel, ARES_FLAG_NOCHECKRESP, err)) {
            return false;
        }
        server->next = NULL;
        int rc = ares_set_servers_ports(*channel, server);
        if (rc != ARES_SUCCESS) {
            *err = xasprintf("setting the DNS server: %s", ares_strerror(rc));
            ares_destroy(*channel);
            *channel = NULL;
            return false;
        }
        return true;
    }
    if (!dns_init_channel(channel, 0, err)) {
        return false;
    }
    if (dns_count_servers(*channel) <= 1) {
        ares_destroy(*channel);
        return dns_init_channel(channel, ARES_FLAG_NOCHECKRESP, err);
    }
    return true;
}

/* Poll events for socket I of ares_getsock()'s BITS. (c-ares' own
 * ARES_GETSOCK_WRITABLE shifts a signed 1 into the sign bit for the last
 * socket, which is undefined.) */
static short
dns_sock_events(int bits, int i)
{
    unsigned int u = (unsigned int) bits;
    return (short) ((u & (1u << i) ? POLLIN : 0)
                    | (u & (1u << (i + ARES_GETSOCK_MAXNUM)) ? POLLOUT : 0));
}

void
dns_channel_process(ares_channel channel)
{
    ares_socket_t socks[ARES_GETSOCK_MAXNUM];
    struct pollfd pfds[ARES_GETSOCK_MAXNUM];
    int n = 0;
    int bits = ares_getsock(channel, socks, ARES_GETSOCK_MAXNUM);
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
        short ev = dns_sock_events(bits, i);
        if (ev) {
            pfds[n].fd = socks[i];
            pfds[n].events = ev;
            pfds[n].revents = 0;
            n++;
        }
    }
    if (n && poll(pfds, (nfds_t) n, 0) > 0) {
        for (int i = 0; i < n; i++) {
            short re = pfds[i].revents;
            ares_socket_t fd = pfds[i].fd;
            ares_socket_t rfd = re & (POLLIN | POLLERR | POLLHUP) ? fd : ARES_SOCKET_BAD;
            ares_socket_t wfd = re & (POLLOUT | POLLERR) ? fd : ARES_SOCKET_BAD;
            if (re) {
                ares_process_fd(channel, rfd, wfd);
            }
        }
    }
    ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);     /* timeouts */
}

void
dns_channel_wait(ares_channel channel, struct poll_loop *loop, long long now)
{
    ares_socket_t socks[ARES_GETSOCK_MAXNUM];
    int bits = ares_getsock(channel, socks, ARES_GETSOCK_MAXNUM);
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
        short ev = dns_sock_events(bits, i);
        if (ev) {
            poll_loop_fd_wait(loop, socks[i], ev);
        }
    }
    struct timeval tv;
    if (ares_timeout(channel, NULL, &tv)) {
        long long ms = (long long) tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
        poll_loop_timer_wait(loop, now + ms);
    }
}

long long
dns_refresh_interval(uint32_t ttl, long long min_ms, long long max_ms)
{
    long long ms = (long long) ttl * 1000;
    ms = ms < min_ms ? min_ms : ms > max_ms ? max_ms : ms;
    return ms + random_range((uint32_t) (ms / 10) + 1);
}

long long
dns_backoff_interval(unsigned int failures, long long min_ms, long long max_ms)
{
    long long ms = min_ms;
    for (unsigned int i = 1; i < failures && ms < max_ms; i++) {
        ms *= 2;
    }
    if (ms > max_ms) {
        ms = max_ms;
    }
    return ms + random_range((uint32_t) (ms / 10) + 1);
}
