/* nflog_parse: the pure parser of NFLOG netlink messages.
 *
 * The kernel sends what a NFLOG group logs as netlink datagrams holding one
 * or more messages (NFULNL_MSG_PACKET, then NLMSG_DONE when batched). Every
 * length here comes from outside: each one is checked against what is left
 * of the buffer before anything is read, and a message with a truncated
 * attribute, an attribute running past the message, or a fixed-size
 * attribute of the wrong size is rejected as a whole.
 *
 * Ownership: a parsed struct nflog_pkt points into the caller's buffer
 * (payload, hwheader) and is valid only as long as that buffer is. */
#ifndef NFLOG_PARSE_H
#define NFLOG_PARSE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One logged packet. Interface indexes are 0 when the attribute is absent. */
struct nflog_pkt {
    uint8_t family;              /* nfgenmsg: AF_INET, AF_INET6, AF_BRIDGE... */
    uint16_t group;              /* nfgenmsg res_id */
    uint16_t hw_protocol;        /* NFULA_PACKET_HDR ethertype, host order */
    uint8_t hook;                /* netfilter hook (0 in, 1 forward, 3 out...) */
    uint32_t indev, outdev;      /* NFULA_IFINDEX_INDEV / OUTDEV */
    uint32_t physindev, physoutdev;  /* bridge ports, NFULA_IFINDEX_PHYS* */
    bool has_seq;
    uint32_t seq;                /* NFULA_SEQ: per-group message number */
    bool has_seq_global;
    uint32_t seq_global;         /* NFULA_SEQ_GLOBAL */
    uint16_t hwtype;             /* NFULA_HWTYPE (ARPHRD_*), 0 if absent */
    const uint8_t *hwheader;     /* NFULA_HWHEADER (MAC header) or NULL */
    uint16_t hwheader_len;
    const uint8_t *payload;      /* NFULA_PAYLOAD: the packet from its network
                                  * header on, at most copy_range bytes */
    uint32_t payload_len;
};

enum nflog_msg_kind {
    NFLOG_MSG_PACKET,            /* *PKT filled */
    NFLOG_MSG_ERROR,             /* NLMSG_ERROR: *ERRNO_OUT = its error (0 = ack) */
    NFLOG_MSG_DONE,              /* NLMSG_DONE / NOOP / another subsystem: skip */
    NFLOG_MSG_OVERRUN,           /* NLMSG_OVERRUN */
    NFLOG_MSG_INVALID,           /* rejected; *WHY says why */
};

/* Netlink framing: the next message of the datagram BUF[0..LEN) starting at
 * *OFF. Returns true with *MSG and *MSG_LEN set and *OFF moved past it, false at
 * the end of the buffer or when the remaining bytes are not a whole message
 * (then *WHY is set; *WHY stays NULL at a clean end). */
bool nflog_msg_next(const uint8_t *buf, size_t len, size_t *off,
                    const uint8_t **msg, size_t *msg_len, const char **why);

/* Classifies and parses one netlink message MSG[0..LEN) (header included).
 * For NFLOG_MSG_PACKET, *PKT is filled; for NFLOG_MSG_ERROR, *ERRNO_OUT gets
 * the (positive) errno of the error message and *ERR_SEQ the sequence number
 * of the request it answers. */
enum nflog_msg_kind nflog_parse_msg(const uint8_t *msg, size_t len, struct nflog_pkt *pkt,
                                    int *errno_out, uint32_t *err_seq, const char **why);

/* What a sampled header record says about PKT, for a header of at most
 * MAX_HEADER bytes: the header protocol (SFLOW_HEADER_ETHERNET when an
 * Ethernet MAC header came with the packet, else IPv4 / IPv6 from the first
 * nibble of the payload), the original frame length (from the IP header's
 * length when the payload was cut short; for Ethernet the MAC header and the
 * 4-byte FCS are added and the FCS counted as stripped). The header bytes are
 * written to HDR (MAX_HEADER bytes of room). Returns false when the packet
 * holds nothing to sample (no payload, unknown protocol). */
struct nflog_frame {
    uint32_t protocol;
    uint32_t frame_length;
    uint32_t stripped;
    uint32_t header_length;
};
bool nflog_pkt_frame(const struct nflog_pkt *pkt, uint8_t *hdr, size_t max_header,
                     struct nflog_frame *out);

#endif
