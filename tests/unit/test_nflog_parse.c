/* Unit tests for the NFLOG message parser: well-formed kernel messages, and
 * hostile ones (truncated attributes, lengths past the message, wrong sizes)
 * that must be rejected without reading out of bounds (run under ASan). */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nflog/nflog_parse.h"
#include "nflog_msg.h"
#include "sflow/sflow.h"
#include "check_run.h"

#define PKT_TYPE ((NFNL_SUBSYS_ULOG << 8) | NFULNL_MSG_PACKET)

static enum nflog_msg_kind
parse(const uint8_t *b, size_t len, struct nflog_pkt *pkt, const char **why)
{
    /* Parse from a heap copy of exactly LEN bytes so that ASan sees any
     * read past the end. */
    uint8_t *copy = malloc(len ? len : 1);
    memcpy(copy, b, len);
    int e = 0;
    uint32_t s = 0;
    enum nflog_msg_kind k = nflog_parse_msg(copy, len, pkt, &e, &s, why);
    if (k == NFLOG_MSG_PACKET) {
        /* Point back into B so the caller may look at payloads. */
        if (pkt->payload) {
            pkt->payload = b + (pkt->payload - copy);
        }
        if (pkt->hwheader) {
            pkt->hwheader = b + (pkt->hwheader - copy);
        }
    }
    free(copy);
    return k;
}

START_TEST(test_packet_fields)
{
    struct tmsg m = { .len = 0 };
    tmsg_packet(&m, 7, 3, 84, 64, 1);
    struct nflog_pkt pkt;
    const char *why;
    ck_assert_int_eq(parse(m.b, m.len, &pkt, &why), NFLOG_MSG_PACKET);
    ck_assert_int_eq(pkt.group, 5);
    ck_assert_int_eq(pkt.family, 2);
    ck_assert_int_eq(pkt.hw_protocol, 0x0800);
    ck_assert_int_eq(pkt.hook, 1);
    ck_assert_uint_eq(pkt.indev, 3);
    ck_assert_uint_eq(pkt.outdev, 0);
    ck_assert(pkt.has_seq);
    ck_assert_uint_eq(pkt.seq, 7);
    ck_assert(pkt.has_seq_global);
    ck_assert_uint_eq(pkt.seq_global, 1007);
    ck_assert_int_eq(pkt.hwtype, 1);
    ck_assert_int_eq(pkt.hwheader_len, 14);
    ck_assert_uint_eq(pkt.payload_len, 64);
    ck_assert_int_eq(pkt.payload[0], 0x45);
}
END_TEST

START_TEST(test_frame_ethernet_truncated)
{
    struct tmsg m = { .len = 0 };
    tmsg_packet(&m, 0, 3, 84, 64, 1);
    struct nflog_pkt pkt;
    const char *why;
    ck_assert_int_eq(parse(m.b, m.len, &pkt, &why), NFLOG_MSG_PACKET);
    uint8_t hdr[SFLOW_MAX_HEADER];
    struct nflog_frame f;
    ck_assert(nflog_pkt_frame(&pkt, hdr, 128, &f));
    ck_assert_uint_eq(f.protocol, SFLOW_HEADER_ETHERNET);
    ck_assert_uint_eq(f.frame_length, 14 + 84 + 4);
    ck_assert_uint_eq(f.stripped, 4);
    ck_assert_uint_eq(f.header_length, 14 + 64);
    ck_assert_int_eq(hdr[12], 0x08);
    ck_assert_int_eq(hdr[14], 0x45);
    /* A smaller header size cuts the copy. */
    ck_assert(nflog_pkt_frame(&pkt, hdr, 40, &f));
    ck_assert_uint_eq(f.header_length, 40);
    ck_assert_uint_eq(f.frame_length, 102);
}
END_TEST

START_TEST(test_frame_ipv4_ipv6)
{
    struct tmsg m = { .len = 0 };
    tmsg_packet(&m, 0, 3, 1500, 128, 0);
    struct nflog_pkt pkt;
    const char *why;
    uint8_t hdr[SFLOW_MAX_HEADER];
    struct nflog_frame f;
    ck_assert_int_eq(parse(m.b, m.len, &pkt, &why), NFLOG_MSG_PACKET);
    ck_assert(nflog_pkt_frame(&pkt, hdr, 128, &f));
    ck_assert_uint_eq(f.protocol, SFLOW_HEADER_IPV4);
    ck_assert_uint_eq(f.frame_length, 1500);
    ck_assert_uint_eq(f.stripped, 0);
    ck_assert_uint_eq(f.header_length, 128);

    /* IPv6: payload length 1000 + 40-byte header. */
    uint8_t v6[60] = { 0x60, 0, 0, 0, 0x03, 0xe8, 17, 64 };
    pkt.payload = v6;
    pkt.payload_len = sizeof v6;
    ck_assert(nflog_pkt_frame(&pkt, hdr, 128, &f));
    ck_assert_uint_eq(f.protocol, SFLOW_HEADER_IPV6);
    ck_assert_uint_eq(f.frame_length, 1040);
    ck_assert_uint_eq(f.header_length, 60);

    /* An IP length smaller than what was copied is not believed. */
    uint8_t lie[60];
    tmsg_ipv4(lie, sizeof lie, 20);
    pkt.payload = lie;
    ck_assert(nflog_pkt_frame(&pkt, hdr, 128, &f));
    ck_assert_uint_eq(f.frame_length, 60);

    /* Neither IP nor a MAC header: nothing to sample. */
    uint8_t arp[28] = { 0, 1, 8, 0 };
    pkt.payload = arp;
    pkt.payload_len = sizeof arp;
    ck_assert(!nflog_pkt_frame(&pkt, hdr, 128, &f));
    pkt.payload = NULL;
    pkt.payload_len = 0;
    ck_assert(!nflog_pkt_frame(&pkt, hdr, 128, &f));
}
END_TEST

START_TEST(test_datagram_walk)
{
    struct tmsg m = { .len = 0 };
    tmsg_packet(&m, 1, 3, 84, 84, 1);
    tmsg_packet(&m, 2, 4, 84, 84, 0);
    tmsg_begin(&m, NLMSG_DONE, 0);
    tmsg_end(&m);
    size_t off = 0;
    const uint8_t *msg;
    size_t mlen;
    const char *why;
    int n = 0;
    uint32_t seqs = 0;
    while (nflog_msg_next(m.b, m.len, &off, &msg, &mlen, &why)) {
        struct nflog_pkt pkt;
        int e;
        uint32_t s;
        enum nflog_msg_kind k = nflog_parse_msg(msg, mlen, &pkt, &e, &s, &why);
        if (n < 2) {
            ck_assert_int_eq(k, NFLOG_MSG_PACKET);
            seqs += pkt.seq;
        } else {
            ck_assert_int_eq(k, NFLOG_MSG_DONE);
        }
        n++;
    }
    ck_assert_ptr_null(why);
    ck_assert_int_eq(n, 3);
    ck_assert_uint_eq(seqs, 3);
}
END_TEST

START_TEST(test_error_message)
{
    uint8_t b[64] = { 0 };
    struct nlmsghdr h = { .nlmsg_len = NLMSG_HDRLEN + 4 + NLMSG_HDRLEN,
                          .nlmsg_type = NLMSG_ERROR };
    memcpy(b, &h, sizeof h);
    int32_t e = -16;
    memcpy(b + NLMSG_HDRLEN, &e, 4);
    struct nlmsghdr req = { .nlmsg_len = 40, .nlmsg_seq = 4242 };
    memcpy(b + NLMSG_HDRLEN + 4, &req, sizeof req);
    struct nflog_pkt pkt;
    int err = 0;
    uint32_t s = 0;
    const char *why;
    ck_assert_int_eq(nflog_parse_msg(b, h.nlmsg_len, &pkt, &err, &s, &why), NFLOG_MSG_ERROR);
    ck_assert_int_eq(err, 16);
    ck_assert_uint_eq(s, 4242);
    /* An error code of INT32_MIN has no errno (and negating it overflows):
     * rejected, never a negative errno. */
    e = INT32_MIN;
    memcpy(b + NLMSG_HDRLEN, &e, 4);
    err = 0;
    enum nflog_msg_kind k = nflog_parse_msg(b, h.nlmsg_len, &pkt, &err, &s, &why);
    ck_assert_int_eq(k, NFLOG_MSG_INVALID);
    ck_assert_int_ge(err, 0);
    ck_assert_str_eq(why, "netlink error code out of range");
    /* Cut before the request header: rejected. */
    h.nlmsg_len = NLMSG_HDRLEN + 4;
    memcpy(b, &h, sizeof h);
    ck_assert_int_eq(nflog_parse_msg(b, h.nlmsg_len, &pkt, &err, &s, &why), NFLOG_MSG_INVALID);
}
END_TEST

static void
set_u16(uint8_t *p, uint16_t v)
{
    memcpy(p, &v, 2);
}

static void
set_u32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

/* Offset of the first attribute of a packet message built by tmsg_packet. */
#define ATTR0 (NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg)))

START_TEST(test_attr_past_message)
{
    struct tmsg m = { .len = 0 };
    tmsg_packet(&m, 1, 3, 84, 84, 1);
    struct nflog_pkt pkt;
    const char *why;
    /* Make the payload attribute (the last one) claim more than is left. */
    size_t off = ATTR0;
    size_t last = off;
    while (off < m.len) {
        uint16_t l;
        memcpy(&l, m.b + off, 2);
        last = off;
        off += NLA_ALIGN(l);
    }
    set_u16(m.b + last, (uint16_t) (m.len - last + 8));
    ck_assert_int_eq(parse(m.b, m.len, &pkt, &why), NFLOG_MSG_INVALID);
    ck_assert_ptr_nonnull(strstr(why, "past the end"));
}
END_TEST

START_TEST(test_attr_shorter_than_header)
{
    struct tmsg m = { .len = 0 };
    tmsg_packet(&m, 1, 3, 84, 84, 0);
    struct nflog_pkt pkt;
    const char *why;
    set_u16(m.b + ATTR0, 2);
    ck_assert_int_eq(parse(m.b, m.len, &pkt, &why), NFLOG_MSG_INVALID);
    set_u16(m.b + ATTR0, 0);
    ck_assert_int_eq(parse(m.b, m.len, &pkt, &why), NFLOG_MSG_INVALID);
}
END_TEST

START_TEST(test_attr_header_truncated)
{
    /* Two bytes of an attribute header left at the end of the message. */
    struct tmsg m = { .len = 0 };
    tmsg_packet(&m, 1, 3, 84, 84, 0);
    m.b[m.len] = 8;
    m.b[m.len + 1] = 0;
    m.len += 2;
    set_u32(m.b, (uint32_t) m.len);
    struct nflog_pkt pkt;
    const char *why;
    ck_assert_int_eq(parse(m.b, m.len, &pkt, &why), NFLOG_MSG_INVALID);
    ck_assert_ptr_nonnull(strstr(why, "truncated"));
}
END_TEST

START_TEST(test_wrong_fixed_sizes)
{
    const char *why;
    struct nflog_pkt pkt;
    uint8_t two[2] = { 0, 1 };
    uint16_t types[] = { NFULA_SEQ, NFULA_IFINDEX_INDEV, NFULA_IFINDEX_OUTDEV,
                         NFULA_SEQ_GLOBAL, NFULA_PACKET_HDR };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        struct tmsg m = { .len = 0 };
        tmsg_begin(&m, PKT_TYPE, 5);
        if (types[i] != NFULA_PACKET_HDR) {
            tmsg_pkthdr(&m, 0x0800, 1);
        }
        tmsg_attr(&m, types[i], two, sizeof two);
        tmsg_end(&m);
        ck_assert_int_eq(parse(m.b, m.len, &pkt, &why), NFLOG_MSG_INVALID);
    }
    struct tmsg m = { .len = 0 };
    tmsg_begin(&m, PKT_TYPE, 5);
    tmsg_pkthdr(&m, 0x0800, 1);
    tmsg_u32(&m, NFULA_HWTYPE, 1);
    tmsg_end(&m);
    ck_assert_int_eq(parse(m.b, m.len, &pkt, &why), NFLOG_MSG_INVALID);
}
END_TEST

START_TEST(test_missing_packet_header)
{
    struct tmsg m = { .len = 0 };
    tmsg_begin(&m, PKT_TYPE, 5);
    tmsg_u32(&m, NFULA_SEQ, 1);
    tmsg_end(&m);
    struct nflog_pkt pkt;
    const char *why;
    ck_assert_int_eq(parse(m.b, m.len, &pkt, &why), NFLOG_MSG_INVALID);
    /* No nfgenmsg at all. */
    struct tmsg s = { .len = 0 };
    tmsg_begin(&s, PKT_TYPE, 5);
    s.len = NLMSG_HDRLEN + 2;
    tmsg_end(&s);
    ck_assert_int_eq(parse(s.b, s.len, &pkt, &why), NFLOG_MSG_INVALID);
}
END_TEST

START_TEST(test_every_prefix_rejected)
{
    struct tmsg m = { .len = 0 };
    tmsg_packet(&m, 9, 3, 84, 84, 1);
    for (size_t n = 0; n < m.len; n++) {
        struct nflog_pkt pkt;
        const char *why;
        /* The message claims its full length: any cut is past the end. */
        ck_assert_int_eq(parse(m.b, n, &pkt, &why), NFLOG_MSG_INVALID);
        uint8_t *copy = malloc(n ? n : 1);
        memcpy(copy, m.b, n);
        size_t off = 0;
        const uint8_t *msg;
        size_t mlen;
        ck_assert(!nflog_msg_next(copy, n, &off, &msg, &mlen, &why));
        ck_assert(n == 0 ? why == NULL : why != NULL);
        free(copy);
    }
}
END_TEST

START_TEST(test_message_length_lies)
{
    struct tmsg m = { .len = 0 };
    tmsg_packet(&m, 9, 3, 84, 84, 0);
    size_t off = 0;
    const uint8_t *msg;
    size_t mlen;
    const char *why;
    set_u32(m.b, (uint32_t) m.len + 4);
    ck_assert(!nflog_msg_next(m.b, m.len, &off, &msg, &mlen, &why));
    ck_assert_ptr_nonnull(why);
    set_u32(m.b, 8);
    off = 0;
    ck_assert(!nflog_msg_next(m.b, m.len, &off, &msg, &mlen, &why));
    ck_assert_ptr_nonnull(why);
    set_u32(m.b, UINT32_MAX);
    off = 0;
    ck_assert(!nflog_msg_next(m.b, m.len, &off, &msg, &mlen, &why));
}
END_TEST

/* Datagrams the kernel sent (captured from a NFLOG group in a namespace pair,
 * kept in the fuzz corpus): INPUT and OUTPUT rules, batches of two. */
struct capture {
    uint8_t b[4096];
    size_t len;
};

static void
load_capture(const char *name, struct capture *c)
{
    const char *top = getenv("top_srcdir");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fuzz/corpus/nflog/%s", top ? top : "..", name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    c->len = fread(c->b, 1, sizeof c->b, f);
    fclose(f);
}

/* Parses every message of C; fills up to 2 packets and frames. */
static int
parse_capture(const struct capture *c, struct nflog_pkt *pkts, struct nflog_frame *frames,
              uint8_t hdrs[2][SFLOW_MAX_HEADER])
{
    size_t off = 0;
    const uint8_t *msg;
    size_t mlen;
    const char *why;
    int n = 0, done = 0;
    while (nflog_msg_next(c->b, c->len, &off, &msg, &mlen, &why)) {
        int e;
        uint32_t s;
        struct nflog_pkt pkt;
        enum nflog_msg_kind k = nflog_parse_msg(msg, mlen, &pkt, &e, &s, &why);
        if (k == NFLOG_MSG_DONE) {
            done++;
            continue;
        }
        ck_assert_int_eq(k, NFLOG_MSG_PACKET);
        ck_assert_int_lt(n, 2);
        pkts[n] = pkt;
        ck_assert(nflog_pkt_frame(&pkts[n], hdrs[n], 128, &frames[n]));
        n++;
    }
    ck_assert_ptr_null(why);
    ck_assert_int_eq(done, 1);
    return n;
}

START_TEST(test_kernel_ipv4_cut)
{
    /* ping -s 1400: a 1428-byte IP packet, 128 bytes copied. */
    struct capture c;
    load_capture("kernel-ping-1400.bin", &c);
    struct nflog_pkt p[2];
    struct nflog_frame f[2];
    uint8_t h[2][SFLOW_MAX_HEADER];
    ck_assert_int_eq(parse_capture(&c, p, f, h), 2);
    /* INPUT: came in on ifindex 2 with its MAC header. */
    ck_assert_int_eq(p[0].hook, 1);
    ck_assert_uint_eq(p[0].indev, 2);
    ck_assert_uint_eq(p[0].seq, 4);
    ck_assert_uint_eq(p[0].payload_len, 128);
    ck_assert_uint_eq(f[0].protocol, SFLOW_HEADER_ETHERNET);
    ck_assert_uint_eq(f[0].frame_length, 14 + 1428 + 4);
    ck_assert_uint_eq(f[0].stripped, 4);
    ck_assert_uint_eq(f[0].header_length, 128);
    /* OUTPUT: the reply, no MAC header yet. */
    ck_assert_int_eq(p[1].hook, 3);
    ck_assert_uint_eq(p[1].outdev, 2);
    ck_assert_uint_eq(p[1].indev, 0);
    ck_assert_uint_eq(p[1].seq, 5);
    ck_assert_ptr_null(p[1].hwheader);
    ck_assert_uint_eq(f[1].protocol, SFLOW_HEADER_IPV4);
    ck_assert_uint_eq(f[1].frame_length, 1428);
    ck_assert_uint_eq(f[1].stripped, 0);
}
END_TEST

START_TEST(test_kernel_ipv6)
{
    struct capture c;
    load_capture("kernel-ping6.bin", &c);
    struct nflog_pkt p[2];
    struct nflog_frame f[2];
    uint8_t h[2][SFLOW_MAX_HEADER];
    ck_assert_int_eq(parse_capture(&c, p, f, h), 2);
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(p[i].family, 10);
        ck_assert_int_eq(p[i].hw_protocol, 0x86dd);
        ck_assert_uint_eq(p[i].seq, 8u + (uint32_t) i);
        ck_assert_uint_eq(f[i].protocol, SFLOW_HEADER_ETHERNET);
        ck_assert_uint_eq(f[i].frame_length, 14 + 104 + 4);
        ck_assert_uint_eq(f[i].header_length, 14 + 104);
        ck_assert_int_eq(h[i][12], 0x86);
        ck_assert_int_eq(h[i][14] >> 4, 6);
    }
}
END_TEST

CHECK_MAIN(
    .name = "nflog_parse",
    .tests = CHECK_TESTS(test_packet_fields, test_frame_ethernet_truncated,
                         test_frame_ipv4_ipv6, test_datagram_walk, test_error_message,
                         test_attr_past_message, test_attr_shorter_than_header,
                         test_attr_header_truncated, test_wrong_fixed_sizes,
                         test_missing_packet_header, test_every_prefix_rejected,
                         test_message_length_lies, test_kernel_ipv4_cut, test_kernel_ipv6))
