/* sflowdump: decodes sFlow v5 datagrams from a UDP port or a pcap file and
 * prints one line per record (or, with -j, one JSON object per datagram).
 * Malformed datagrams are reported on stderr with the byte offset where they
 * went wrong, and skipped. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sflow/sflow_dec.h"
#include "sflowdump/sflow_print.h"
#include "common/daemon.h"
#include "common/util.h"

/* Run-wide options and counts. Owned by main. */
struct dump {
    bool json;
    bool quiet;                     /* -q: only malformed reports and the summary */
    unsigned long long max_count;   /* 0: no limit */
    unsigned long long datagrams, malformed;
    unsigned int port;              /* pcap: UDP destination port, 0 any */
};

static void
usage(FILE *f)
{
    fprintf(f,
"Usage: sflowdump [OPTIONS]\n"
"Decode sFlow version 5 datagrams and print them.\n"
"\n"
"Input (one of):\n"
"  -p, --port=PORT      listen on UDP PORT (default %d); IPv4 and IPv6\n"
"  -b, --bind=ADDR      listen on ADDR only (default: [::], dual-stack,\n"
"                       or 0.0.0.0 where IPv6 is off)\n"
"  -r, --read=FILE      read a pcap file ('-' for stdin); UDP over IPv4/IPv6 on\n"
"                       Ethernet, Linux cooked (v1, v2), loopback or raw IP links;\n"
"                       only datagrams to PORT (-p, default %d; -p 0: any port)\n"
"\n"
"Output:\n"
"  -j, --json           one JSON object per datagram, one per line (JSON Lines)\n"
"                       (default: text, a line per datagram, then per record)\n"
"  -c, --count=COUNT    stop after COUNT datagrams (malformed ones count too)\n"
"  -q, --quiet          print nothing for good datagrams: only the reports of\n"
"                       malformed ones and the closing count (checks a capture)\n"
"  -h, --help           show this help and exit\n"
"\n"
"Malformed datagrams are reported on stderr with the byte offset of the\n"
"problem and skipped. stdout is flushed after every datagram.\n",
            SFLOW_DEFAULT_PORT, SFLOW_DEFAULT_PORT);
}

/* Decodes and prints one datagram; returns false when --count is reached. */
static bool
handle(struct dump *dp, const char *src, const uint8_t *data, size_t len)
{
    struct sflow_dgram d;
    struct sflow_dec_error err;

    dp->datagrams++;
    if (sflow_decode(data, len, &d, &err)) {
        if (dp->quiet) {
            /* nothing: checking a capture */
        } else if (dp->json) {
            sflow_print_json(stdout, src, &d);
        } else {
            sflow_print_text(stdout, src, &d);
        }
        sflow_dgram_free(&d);
        fflush(stdout);
    } else {
        dp->malformed++;
        fprintf(stderr, "sflowdump: malformed datagram from %s (%zu bytes) at offset %zu: %s\n",
                src, len, err.offset, err.msg);
    }
    return !dp->max_count || dp->datagrams < dp->max_count;
}

/* ---- UDP ------------------------------------------------------------------ */

static int
open_socket(const char *bind_addr, unsigned int port)
{
    struct addrinfo hints = { .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV,
                              .ai_socktype = SOCK_DGRAM };
    struct addrinfo *ai;
    char service[16];
    snprintf(service, sizeof service, "%u", port);

    const char *tries[2] = { bind_addr, NULL };
    if (!bind_addr) {
        tries[0] = "::";
        tries[1] = "0.0.0.0";
    }
    for (size_t i = 0; i < 2 && tries[i]; i++) {
        const char *host = tries[i];
        char buf[INET6_ADDRSTRLEN + 2];
        size_t n = strlen(host);
        if (host[0] == '[' && n > 2 && host[n - 1] == ']' && n - 2 < sizeof buf) {
            memcpy(buf, host + 1, n - 2);       /* [::1] -> ::1 */
            buf[n - 2] = '\0';
            host = buf;
        }
        int e = getaddrinfo(host, service, &hints, &ai);
        if (e) {
            fprintf(stderr, "sflowdump: %s: %s\n", tries[i], gai_strerror(e));
            return -1;
        }
        int fd = socket(ai->ai_family, SOCK_DGRAM, 0);
        if (fd >= 0 && ai->ai_family == AF_INET6 && !bind_addr) {
            int off = 0;
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
        }
        if (fd >= 0) {
            int rcvbuf = 4 << 20;
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
        }
        if (fd >= 0 && bind(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            freeaddrinfo(ai);
            return fd;
        }
        int saved = errno;
        if (fd >= 0) {
            close(fd);
        }
        freeaddrinfo(ai);
        if (bind_addr || i == 1) {
            fprintf(stderr, "sflowdump: cannot listen on %s port %u: %s\n", tries[i], port,
                    strerror(saved));
            return -1;
        }
    }
    return -1;
}

static void
sockaddr_to_string(const struct sockaddr_storage *ss, char *out, size_t size)
{
    char host[INET6_ADDRSTRLEN] = "?";
    unsigned int port = 0;
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *) ss;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        port = ntohs(in->sin_port);
        snprintf(out, size, "%s:%u", host, port);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) ss;
        inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
        port = ntohs(in6->sin6_port);
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
            inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], host, sizeof host);
            snprintf(out, size, "%s:%u", host, port);
        } else {
            snprintf(out, size, "[%s]:%u", host, port);
        }
    } else {
        snprintf(out, size, "?");
    }
}

static int
run_udp(struct dump *dp, const char *bind_addr, unsigned int port)
{
    int fd = open_socket(bind_addr, port);
    if (fd < 0) {
        return 1;
    }
    uint8_t *buf = xmalloc(65536);
    while (!daemon_stop_asked()) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        ssize_t n = recvfrom(fd, buf, 65536, 0, (struct sockaddr *) &ss, &sl);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fprintf(stderr, "sflowdump: receive: %s\n", strerror(errno));
            break;
        }
        char src[INET6_ADDRSTRLEN + 16];
        sockaddr_to_string(&ss, src, sizeof src);
        if (!handle(dp, src, buf, (size_t) n)) {
            break;
        }
    }
    free(buf);
    close(fd);
    return 0;
}

/* ---- pcap ----------------------------------------------------------------- */

static uint16_t
rd16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

/* Finds the UDP payload in an IPv4 or IPv6 packet P (LEN captured bytes);
 * SRC gets "addr:port", *DPORT the destination port. Returns false for
 * anything else, and for a datagram to a port other than WANT_PORT (then
 * with *DPORT set; 0 when P is no UDP at all). */
static bool
udp_payload(const uint8_t *p, size_t len, unsigned int want_port, const uint8_t **pl,
            size_t *pl_len, char *src, size_t src_size, unsigned int *dport)
{
    *dport = 0;
    char host[INET6_ADDRSTRLEN];
    size_t off;
    if (len >= 20 && (p[0] >> 4) == 4) {
        size_t ihl = (size_t) (p[0] & 0xf) * 4;
        if (ihl < 20 || ihl > len || p[9] != 17 || (rd16(p + 6) & 0x3fff)) {
            return false;               /* not UDP, or a fragment */
        }
        inet_ntop(AF_INET, p + 12, host, sizeof host);
        off = ihl;
        if (len < off + 8) {
            return false;
        }
        snprintf(src, src_size, "%s:%u", host, rd16(p + off));
    } else if (len >= 40 && (p[0] >> 4) == 6) {
        if (p[6] != 17) {
            return false;               /* extension headers are not followed */
        }
        inet_ntop(AF_INET6, p + 8, host, sizeof host);
        off = 40;
        if (len < off + 8) {
            return false;
        }
        snprintf(src, src_size, "[%s]:%u", host, rd16(p + off));
    } else {
        return false;
    }
    *dport = rd16(p + off + 2);
    if (want_port && *dport != want_port) {
        return false;
    }
    size_t ulen = rd16(p + off + 4);
    if (ulen < 8) {
        return false;
    }
    *pl = p + off + 8;
    *pl_len = ulen - 8;
    if (*pl_len > len - off - 8) {
        *pl_len = len - off - 8;        /* truncated capture: decoder reports it */
    }
    return true;
}

/* The network-layer packet inside a link-layer frame, or NULL. */
static const uint8_t *
link_payload(int dlt, const uint8_t *p, size_t len, size_t *out_len)
{
    size_t off;
    uint16_t type;
    switch (dlt) {
    case DLT_EN10MB:
        if (len < 14) {
            return NULL;
        }
        off = 12;
        type = rd16(p + off);
        while ((type == 0x8100 || type == 0x88a8) && len >= off + 6) {
            off += 4;
            type = rd16(p + off);
        }
        off += 2;
        break;
    case DLT_LINUX_SLL:
        if (len < 16) {
            return NULL;
        }
        type = rd16(p + 14);
        off = 16;
        break;
#ifdef DLT_LINUX_SLL2
    case DLT_LINUX_SLL2:
        if (len < 20) {
            return NULL;
        }
        type = rd16(p);
        off = 20;
        break;
#endif
    case DLT_NULL:
    case DLT_LOOP:
        if (len < 4) {
            return NULL;
        }
        off = 4;                        /* family word: the IP version says it too */
        type = 0;
        break;
    case DLT_RAW:
#ifdef DLT_IPV4
    case DLT_IPV4:
    case DLT_IPV6:
#endif
        off = 0;
        type = 0;
        break;
    default:
        return NULL;
    }
    if (type && type != 0x0800 && type != 0x86dd) {
        return NULL;
    }
    *out_len = len - off;
    return p + off;
}

/* UDP datagrams a pcap held for ports other than -p's, so that a capture
 * that shows nothing can say why. */
#define SKIPPED_PORTS 8
struct skipped {
    unsigned int port[SKIPPED_PORTS];
    unsigned long long count[SKIPPED_PORTS];
    size_t n;
    unsigned long long others;          /* to ports past the first SKIPPED_PORTS */
};

static void
skipped_add(struct skipped *sk, unsigned int port)
{
    for (size_t i = 0; i < sk->n; i++) {
        if (sk->port[i] == port) {
            sk->count[i]++;
            return;
        }
    }
    if (sk->n < SKIPPED_PORTS) {
        sk->port[sk->n] = port;
        sk->count[sk->n++] = 1;
    } else {
        sk->others++;
    }
}

static void
skipped_explain(const struct skipped *sk, const char *file, unsigned int want)
{
    if (!sk->n) {
        fprintf(stderr, "sflowdump: %s holds no UDP datagram to port %u\n", file, want);
        return;
    }
    fprintf(stderr, "sflowdump: %s holds no UDP datagram to port %u; skipped UDP to port",
            file, want);
    for (size_t i = 0; i < sk->n; i++) {
        fprintf(stderr, "%s %u (%llu)", i ? "," : "", sk->port[i], sk->count[i]);
    }
    if (sk->others) {
        fprintf(stderr, " and %llu to other ports", sk->others);
    }
    fprintf(stderr, ". -p 0 reads every port; -p %u reads the first.\n", sk->port[0]);
}

static int
run_pcap(struct dump *dp, const char *file)
{
    struct skipped sk = { .n = 0 };
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *pc = pcap_open_offline(file, errbuf);
    if (!pc) {
        fprintf(stderr, "sflowdump: %s: %s\n", file, errbuf);
        return 1;
    }
    int dlt = pcap_datalink(pc);
    struct pcap_pkthdr *ph;
    const u_char *pkt;
    int rc = 0;
    while (!daemon_stop_asked() && (rc = pcap_next_ex(pc, &ph, &pkt)) == 1) {
        size_t nl;
        const uint8_t *net = link_payload(dlt, pkt, ph->caplen, &nl);
        const uint8_t *pl;
        size_t pl_len;
        char src[INET6_ADDRSTRLEN + 16];
        unsigned int dport;
        if (!net) {
            continue;
        }
        if (udp_payload(net, nl, dp->port, &pl, &pl_len, src, sizeof src, &dport)) {
            if (!handle(dp, src, pl, pl_len)) {
                break;
            }
        } else if (dport) {
            skipped_add(&sk, dport);
        }
    }
    if (dp->port && !dp->datagrams && rc != -1) {
        skipped_explain(&sk, file, dp->port);
    }
    if (rc == -1) {
        fprintf(stderr, "sflowdump: %s: %s\n", file, pcap_geterr(pc));
        pcap_close(pc);
        return 1;
    }
    pcap_close(pc);
    return 0;
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "port", required_argument, NULL, 'p' },
        { "bind", required_argument, NULL, 'b' },
        { "read", required_argument, NULL, 'r' },
        { "count", required_argument, NULL, 'c' },
        { "json", no_argument, NULL, 'j' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct dump dp = { .port = SFLOW_DEFAULT_PORT };
    const char *bind_addr = NULL, *file = NULL;
    unsigned long long v;
    int c;

    while ((c = getopt_long(argc, argv, "p:b:r:c:jqh", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (!str_to_uint(optarg, 0, 65535, &v)) {
                fprintf(stderr, "sflowdump: bad port '%s' (0-65535)\n", optarg);
                return 2;
            }
            dp.port = (unsigned int) v;
            break;
        case 'b': bind_addr = optarg; break;
        case 'r': file = optarg; break;
        case 'c':
            if (!str_to_uint(optarg, 1, UINT64_MAX, &v)) {
                fprintf(stderr, "sflowdump: bad count '%s'\n", optarg);
                return 2;
            }
            dp.max_count = v;
            break;
        case 'j': dp.json = true; break;
        case 'q': dp.quiet = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "sflowdump: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    if (file && bind_addr) {
        fprintf(stderr, "sflowdump: -r and -b do not go together\n");
        return 2;
    }
    daemon_catch_stop();
    signal(SIGPIPE, SIG_DFL);

    int rc = file ? run_pcap(&dp, file) : run_udp(&dp, bind_addr, dp.port);
    fprintf(stderr, "sflowdump: %llu datagrams, %llu malformed\n", dp.datagrams,
            dp.malformed);
    return rc;
}
