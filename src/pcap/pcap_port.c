/* pcap_port: the packet socket of one interface. See pcap_port.h. */
#include <config.h>

#include "pcap/pcap_port.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "pcap/pcap_bpf.h"

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

static bool
attach(int fd, uint32_t rate, uint32_t snaplen)
{
    struct sock_filter prog[PCAP_BPF_MAX_INSNS];
    struct sock_fprog fprog = {
        .len = (unsigned short) pcap_bpf_build(prog, rate, snaplen),
        .filter = prog,
    };
    return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof fprog) == 0;
}

/* Reads a decimal counter from FD (a sysfs attribute, read again at offset
 * 0 each time). */
static bool
read_counter(int fd, uint64_t *out)
{
    char buf[32];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) {
        return false;
    }
    buf[n] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    unsigned long long v;
    if (!str_to_uint(buf, 0, UINT64_MAX, &v)) {
        return false;
    }
    *out = v;
    return true;
}

uint64_t
pcap_port_speed(const char *name)
{
    char path[64 + IFNAMSIZ];
    snprintf(path, sizeof path, "/sys/class/net/%s/speed", name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    uint64_t mbps = 0;
    bool ok = read_counter(fd, &mbps);  /* "-1" (unknown) fails the parse */
    close(fd);
    return ok && mbps < UINT64_MAX / 1000000 ? mbps * 1000000 : 0;
}

struct pcap_port *
pcap_port_open(const struct rtlink_info *l, uint64_t speed, uint32_t rate, uint32_t snaplen,
               bool promisc, char **err)
{
    *err = NULL;
    /* Protocol 0: nothing is queued before the filter is in place. */
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        *err = xasprintf("packet socket: %s%s", strerror(errno),
                         errno == EPERM ? " (CAP_NET_RAW is needed)" : "");
        return NULL;
    }
    int one = 1;
    int rcvbuf = PCAP_PORT_RCVBUF;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0) {
        (void) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    }
    if (!attach(fd, rate, snaplen)) {
        *err = xasprintf("attaching the sampling filter: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    if (setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one) < 0) {
        *err = xasprintf("PACKET_AUXDATA: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    /* The filter drops outgoing frames anyway; this spares it the work on
     * kernels that have the option (4.20 and later). */
    (void) setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    if (promisc) {
        struct packet_mreq mr = { .mr_ifindex = (int) l->ifindex, .mr_type = PACKET_MR_PROMISC };
        if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr) < 0) {
            log_warn("pcap: %s: promiscuous mode: %s", l->name, strerror(errno));
        }
    }
    struct sockaddr_ll sll = {
        .sll_family = AF_PACKET,
        .sll_protocol = htons(ETH_P_ALL),
        .sll_ifindex = (int) l->ifindex,
    };
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
        *err = xasprintf("binding to ifindex %u: %s", l->ifindex, strerror(errno));
        close(fd);
        return NULL;
    }
    struct pcap_port *p = xzalloc(sizeof *p);
    p->ifindex = l->ifindex;
    memcpy(p->name, l->name, sizeof p->name);
    p->fd = fd;
    p->rate = rate;
    p->snaplen = snaplen;
    p->speed = speed;
    p->promisc = promisc;
    char path[64 + IFNAMSIZ];
    snprintf(path, sizeof path, "/sys/class/net/%s/statistics/rx_packets", l->name);
    p->rx_fd = open(path, O_RDONLY | O_CLOEXEC);
    if (p->rx_fd < 0 || !read_counter(p->rx_fd, &p->rx_base)) {
        log_warn("pcap: %s: cannot read %s (%s); its sample pools are estimated from "
                 "the samples", l->name, path, strerror(errno));
        if (p->rx_fd >= 0) {
            close(p->rx_fd);
        }
        p->rx_fd = -1;
    }
    /* Start the drop count from this socket's birth. */
    struct tpacket_stats st;
    socklen_t len = sizeof st;
    (void) getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &len);
    return p;
}

void
pcap_port_close(struct pcap_port *p)
{
    if (p) {
        close(p->fd);
        if (p->rx_fd >= 0) {
            close(p->rx_fd);
        }
        free(p);
    }
}

bool
pcap_port_set_filter(struct pcap_port *p, uint32_t rate, uint32_t snaplen, char **err)
{
    *err = NULL;
    if (!attach(p->fd, rate, snaplen)) {
        *err = xasprintf("replacing the sampling filter: %s", strerror(errno));
        return false;
    }
    p->rate = rate;
    p->snaplen = snaplen;
    return true;
}

void
pcap_port_update_counters(struct pcap_port *p)
{
    uint64_t rx;
    if (p->rx_fd >= 0 && read_counter(p->rx_fd, &rx)) {
        p->pool = (uint32_t) (rx - p->rx_base);
    } else {
        p->estimated++;
    }
    struct tpacket_stats st;
    socklen_t len = sizeof st;
    if (getsockopt(p->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0) {
        p->drops += st.tp_drops;
    }
}

size_t
pcap_port_read(struct pcap_port *p, size_t max, pcap_frame_fn *fn, void *aux)
{
    static uint8_t bufs[PCAP_PORT_BATCH][SFLOW_MAX_HEADER];
    static union {
        struct cmsghdr align;
        uint8_t b[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    } ctl[PCAP_PORT_BATCH];
    struct iovec iov[PCAP_PORT_BATCH];
    struct mmsghdr msgs[PCAP_PORT_BATCH];
    size_t done = 0;
    while (done < max) {
        unsigned int want = max - done < PCAP_PORT_BATCH ? (unsigned int) (max - done)
                                                         : PCAP_PORT_BATCH;
        memset(msgs, 0, sizeof msgs[0] * want);
        for (unsigned int i = 0; i < want; i++) {
            iov[i] = (struct iovec) { .iov_base = bufs[i], .iov_len = sizeof bufs[i] };
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
            msgs[i].msg_hdr.msg_control = ctl[i].b;
            msgs[i].msg_hdr.msg_controllen = sizeof ctl[i].b;
        }
        int n = recvmmsg(p->fd, msgs, want, MSG_DONTWAIT, NULL);
        if (n <= 0) {
            /* ENETDOWN: the device went down (or was when bound); the
             * socket stays and samples again when it comes up. */
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR
                && errno != ENETDOWN) {
                LOG_RL(LOG_WARNING, "pcap: %s: recv: %s", p->name, strerror(errno));
            }
            break;
        }
        pcap_port_update_counters(p);
        for (int i = 0; i < n; i++) {
            struct pcap_frame fr = {
                .data = bufs[i],
                .caplen = msgs[i].msg_len > sizeof bufs[i] ? sizeof bufs[i] : msgs[i].msg_len,
            };
            fr.orig_len = (uint32_t) fr.caplen;
            for (struct cmsghdr *c = CMSG_FIRSTHDR(&msgs[i].msg_hdr); c;
                 c = CMSG_NXTHDR(&msgs[i].msg_hdr, c)) {
                if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA
                    && c->cmsg_len >= CMSG_LEN(sizeof(struct tpacket_auxdata))) {
                    struct tpacket_auxdata aux_data;
                    memcpy(&aux_data, CMSG_DATA(c), sizeof aux_data);
                    if (aux_data.tp_len >= fr.caplen) {
                        fr.orig_len = aux_data.tp_len;
                    }
                    fr.vlan_valid = (aux_data.tp_status & TP_STATUS_VLAN_VALID) != 0;
                    fr.vlan_tci = aux_data.tp_vlan_tci;
                    fr.vlan_tpid = (aux_data.tp_status & TP_STATUS_VLAN_TPID_VALID)
                                   ? aux_data.tp_vlan_tpid : 0;
                }
            }
            p->frames++;
            if (p->rx_fd < 0) {
                p->pool += p->rate;     /* no counter to read: estimated */
            }
            fn(aux, p, &fr);
        }
        done += (size_t) n;
        if ((unsigned int) n < want) {
            break;
        }
    }
    return done;
}
