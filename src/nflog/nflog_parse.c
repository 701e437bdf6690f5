/* nflog_parse: pure parser of NFLOG netlink messages (see nflog_parse.h). */
#include <config.h>

#include "nflog/nflog_parse.h"

#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_log.h>
#include <linux/netlink.h>
#include <net/if_arp.h>
#include <stdint.h>
#include <string.h>

#include "sflow/sflow.h"

#define ETH_HDR_LEN 14
#define ETH_FCS_LEN 4

static uint16_t
get_be16(const uint8_t *p)
{
    return (uint16_t) ((p[0] << 8) | p[1]);
}

static uint32_t
get_be32(const uint8_t *p)
{
    return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

/* Host-order 32-bit read without alignment assumptions (netlink headers are
 * host order). */
static uint32_t
get_h32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint16_t
get_h16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

bool
nflog_msg_next(const uint8_t *buf, size_t len, size_t *off,
               const uint8_t **msg, size_t *msg_len, const char **why)
{
    *why = NULL;
    if (*off >= len) {
        return false;
    }
    size_t left = len - *off;
    if (left < NLMSG_HDRLEN) {
        *why = "netlink message header truncated";
        return false;
    }
    const uint8_t *p = buf + *off;
    uint32_t nlen = get_h32(p);
    if (nlen < NLMSG_HDRLEN) {
        *why = "netlink message length shorter than its header";
        return false;
    }
    if (nlen > left) {
        *why = "netlink message length past the end of the datagram";
        return false;
    }
    *msg = p;
    *msg_len = nlen;
    size_t adv = NLMSG_ALIGN((size_t) nlen);
    *off = adv < left ? *off + adv : len;
    return true;
}

/* Reads a fixed-size attribute value: true if the payload is exactly N
 * bytes (the kernel never sends these with another size). */
static bool
attr_fixed(size_t alen, size_t n, const char **why)
{
    if (alen != n) {
        *why = "fixed-size NFLOG attribute with a wrong length";
        return false;
    }
    return true;
}

static bool
parse_attrs(const uint8_t *p, size_t len, struct nflog_pkt *pkt, const char **why)
{
    bool have_hdr = false;
    while (len > 0) {
        if (len < NLA_HDRLEN) {
            *why = "NFLOG attribute header truncated";
            return false;
        }
        uint16_t nla_len = get_h16(p);
        uint16_t type = get_h16(p + 2) & NLA_TYPE_MASK;
        if (nla_len < NLA_HDRLEN) {
            *why = "NFLOG attribute length shorter than its header";
            return false;
        }
        if (nla_len > len) {
            *why = "NFLOG attribute length past the end of the message";
            return false;
        }
        const uint8_t *v = p + NLA_HDRLEN;
        size_t vlen = nla_len - NLA_HDRLEN;
        switch (type) {
        case NFULA_PACKET_HDR:
            if (!attr_fixed(vlen, sizeof(struct nfulnl_msg_packet_hdr), why)) {
                return false;
            }
            pkt->hw_protocol = get_be16(v);
            pkt->hook = v[2];
            have_hdr = true;
            break;
        case NFULA_IFINDEX_INDEV:
        case NFULA_IFINDEX_OUTDEV:
        case NFULA_IFINDEX_PHYSINDEV:
        case NFULA_IFINDEX_PHYSOUTDEV:
        case NFULA_SEQ:
        case NFULA_SEQ_GLOBAL:
            if (!attr_fixed(vlen, 4, why)) {
                return false;
            }
            {
                uint32_t x = get_be32(v);
                if (type == NFULA_IFINDEX_INDEV) {
                    pkt->indev = x;
                } else if (type == NFULA_IFINDEX_OUTDEV) {
                    pkt->outdev = x;
                } else if (type == NFULA_IFINDEX_PHYSINDEV) {
                    pkt->physindev = x;
                } else if (type == NFULA_IFINDEX_PHYSOUTDEV) {
                    pkt->physoutdev = x;
                } else if (type == NFULA_SEQ) {
                    pkt->seq = x;
                    pkt->has_seq = true;
                } else {
                    pkt->seq_global = x;
                    pkt->has_seq_global = true;
                }
            }
            break;
        case NFULA_HWTYPE:
            if (!attr_fixed(vlen, 2, why)) {
                return false;
            }
            pkt->hwtype = get_be16(v);
            break;
        case NFULA_HWHEADER:
            if (vlen > UINT16_MAX) {
                *why = "NFLOG hardware header too long";
                return false;
            }
            pkt->hwheader = v;
            pkt->hwheader_len = (uint16_t) vlen;
            break;
        case NFULA_PAYLOAD:
            pkt->payload = v;
            pkt->payload_len = (uint32_t) vlen;
            break;
        default:
            /* Marks, timestamps, uid/gid, conntrack, VLAN...: not used. */
            break;
        }
        size_t adv = NLA_ALIGN((size_t) nla_len);
        if (adv >= len) {
            break;
        }
        p += adv;
        len -= adv;
    }
    if (!have_hdr) {
        *why = "NFLOG packet message without its packet header attribute";
        return false;
    }
    return true;
}

enum nflog_msg_kind
nflog_parse_msg(const uint8_t *msg, size_t len, struct nflog_pkt *pkt,
                int *errno_out, uint32_t *err_seq, const char **why)
{
    *why = NULL;
    if (len < NLMSG_HDRLEN) {
        *why = "netlink message header truncated";
        return NFLOG_MSG_INVALID;
    }
    uint32_t nlen = get_h32(msg);
    if (nlen < NLMSG_HDRLEN || nlen > len) {
        *why = "netlink message length does not match its buffer";
        return NFLOG_MSG_INVALID;
    }
    len = nlen;
    uint16_t type = get_h16(msg + 4);
    const uint8_t *body = msg + NLMSG_HDRLEN;
    size_t blen = len - NLMSG_HDRLEN;

    switch (type) {
    case NLMSG_NOOP:
    case NLMSG_DONE:
        return NFLOG_MSG_DONE;
    case NLMSG_OVERRUN:
        return NFLOG_MSG_OVERRUN;
    case NLMSG_ERROR:
        /* struct nlmsgerr: int error, then the offending request's header. */
        if (blen < 4 + NLMSG_HDRLEN) {
            *why = "netlink error message truncated";
            return NFLOG_MSG_INVALID;
        }
        {
            int32_t e;
            memcpy(&e, body, sizeof e);
            if (e == INT32_MIN) {   /* no errno, and -e would overflow */
                *why = "netlink error code out of range";
                return NFLOG_MSG_INVALID;
            }
            *errno_out = e < 0 ? -e : e;
            *err_seq = get_h32(body + 4 + 8);
        }
        return NFLOG_MSG_ERROR;
    default:
        break;
    }
    if (type != ((NFNL_SUBSYS_ULOG << 8) | NFULNL_MSG_PACKET)) {
        return NFLOG_MSG_DONE;
    }
    if (blen < sizeof(struct nfgenmsg)) {
        *why = "NFLOG message without its nfgenmsg header";
        return NFLOG_MSG_INVALID;
    }
    memset(pkt, 0, sizeof *pkt);
    pkt->family = body[0];
    pkt->group = get_be16(body + 2);
    size_t hlen = NLMSG_ALIGN(sizeof(struct nfgenmsg));
    if (blen < hlen) {
        *why = "NFLOG message without its nfgenmsg header";
        return NFLOG_MSG_INVALID;
    }
    if (!parse_attrs(body + hlen, blen - hlen, pkt, why)) {
        return NFLOG_MSG_INVALID;
    }
    return NFLOG_MSG_PACKET;
}

/* Length of the IP packet as its header says, or 0 if it cannot tell. */
static uint32_t
ip_total_length(const uint8_t *p, size_t len, uint32_t *protocol)
{
    if (len < 1) {
        return 0;
    }
    switch (p[0] >> 4) {
    case 4:
        *protocol = SFLOW_HEADER_IPV4;
        return len >= 4 ? get_be16(p + 2) : 0;
    case 6:
        *protocol = SFLOW_HEADER_IPV6;
        /* A zero payload length (jumbogram) is left to the caller. */
        return len >= 6 && get_be16(p + 4) ? 40u + get_be16(p + 4) : 0;
    default:
        *protocol = 0;
        return 0;
    }
}

bool
nflog_pkt_frame(const struct nflog_pkt *pkt, uint8_t *hdr, size_t max_header,
                struct nflog_frame *out)
{
    memset(out, 0, sizeof *out);
    if (!pkt->payload || pkt->payload_len == 0) {
        return false;
    }
    uint32_t ipproto = 0;
    uint32_t l3 = ip_total_length(pkt->payload, pkt->payload_len, &ipproto);
    /* The copy may be cut at copy_range: the IP header knows the rest. A
     * length smaller than what was copied (padding, a lying header) is not
     * believed. */
    if (l3 < pkt->payload_len) {
        l3 = pkt->payload_len;
    }

    size_t off = 0;
    bool eth = pkt->hwheader && pkt->hwtype == ARPHRD_ETHER
               && pkt->hwheader_len == ETH_HDR_LEN;
    if (eth) {
        out->protocol = SFLOW_HEADER_ETHERNET;
        out->frame_length = ETH_HDR_LEN + l3 + ETH_FCS_LEN;
        out->stripped = ETH_FCS_LEN;
        size_t n = ETH_HDR_LEN < max_header ? ETH_HDR_LEN : max_header;
        memcpy(hdr, pkt->hwheader, n);
        off = n;
    } else if (ipproto) {
        out->protocol = ipproto;
        out->frame_length = l3;
        out->stripped = 0;
    } else {
        return false;
    }
    size_t room = max_header - off;
    size_t n = pkt->payload_len < room ? pkt->payload_len : room;
    memcpy(hdr + off, pkt->payload, n);
    out->header_length = (uint32_t) (off + n);
    return true;
}
